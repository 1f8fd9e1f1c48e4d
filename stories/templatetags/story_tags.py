from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hours(delta: timedelta | None) -> str:
    """A duration as hours (and days when long): '30 hours', '3 days 4 hours'."""
    if delta is None:
        return "—"
    total = int(delta.total_seconds() // 3600)
    if total < 48:
        return _("%(h)s hours") % {"h": total} if total != 1 else _("1 hour")
    return _("%(d)s days %(h)s hours") % {"d": total // 24, "h": total % 24}
