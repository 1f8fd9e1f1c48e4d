from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[tuple[str, str, str]]:
    """(code, name in its own language, address of this page in it) for the other languages."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    own_names = {"en": "English", "es": "Español"}
    return [
        (code, own_names.get(code, code), translate_url(request.get_full_path(), code))
        for code, _name in settings.LANGUAGES
        if code != current
    ]


@register.filter
def percent_of(value: int, total: int) -> int:
    """Whole percent of value in total, capped at 100 (a progress bar)."""
    try:
        value, total = int(value), int(total)
    except (TypeError, ValueError):
        return 0
    if total <= 0:
        return 100
    return max(0, min(100, (100 * value) // total))
