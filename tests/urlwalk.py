"""Every URL pattern of the project, with the keyword arguments its whole path takes."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _kwarg_names(entry: URLPattern | URLResolver) -> list[str]:
    regex = entry.pattern.regex
    return list(regex.groupindex)


def _walk(patterns, prefix: str = "", kwargs: tuple[str, ...] = ()) -> list[tuple]:
    """(name, pattern, keyword arguments of the whole path) of every URL pattern."""
    found = []
    for entry in patterns:
        names = (*kwargs, *_kwarg_names(entry))
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.extend(_walk(entry.url_patterns, ns, names))
        elif isinstance(entry, URLPattern):
            found.append((f"{prefix}{entry.name or f'<unnamed {entry.pattern}>'}", entry, names))
    return found


PATTERNS: dict[str, URLPattern] = {}
KWARGS: dict[str, tuple[str, ...]] = {}
for _name, _entry, _kwargs in _walk(get_resolver().url_patterns):
    PATTERNS.setdefault(_name, _entry)
    KWARGS.setdefault(_name, _kwargs)

ALL_NAMES = sorted(PATTERNS)
# The admin's unnamed catch-all and redirect patterns sit behind the same admin_view guard.
ADMIN_NAMES = [n for n in ALL_NAMES if n.startswith("admin:") and "<unnamed" not in n]
OWN_NAMES = [n for n in ALL_NAMES if not n.startswith("admin:")]

CAMPAIGN_NAMES = [n for n in OWN_NAMES if "campaign_slug" in KWARGS[n]]


def url_for(name: str, samples: dict) -> str:
    """A real address for the URL name, its keywords filled from the `samples` fixture."""
    kwargs = {}
    for kwarg in KWARGS[name]:
        assert kwarg in samples, f"Add a sample value for URL keyword '{kwarg}' ({name})"
        value = samples[kwarg]
        if isinstance(value, dict):
            value = value.get(name, value.get("*"))
        kwargs[kwarg] = value
    return reverse(name, kwargs=kwargs)
