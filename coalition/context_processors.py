from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from coalition.access import user_memberships

# The areas of a campaign; an area's entry links once its index page exists.
AREAS = [
    ("coalition:index", _("Coalition")),
    ("targets:index", _("Targets")),
    ("stories:index", _("Stories")),
    ("actions:index", _("Actions")),
    ("petitions:list", _("Petitions")),
]


def _area_links(campaign: Any) -> list[tuple[str, str]]:
    links = []
    for name, label in AREAS:
        try:
            url = reverse(name, kwargs={"campaign_slug": campaign.slug})
        except NoReverseMatch:
            url = ""
        links.append((label, url))
    return links


def campaigns(request: HttpRequest) -> dict[str, Any]:
    """The campaign switcher, the current campaign and its areas, for the base layout."""
    campaign = getattr(request, "campaign", None)
    return {
        # Lazy: a page that never shows the switcher (the public pages) never reads the session,
        # so its response does not vary by cookie and shared caches may keep it.
        "my_memberships": SimpleLazyObject(lambda: user_memberships(request)),
        "campaign": campaign,
        "membership": getattr(request, "membership", None),
        "campaign_areas": _area_links(campaign) if campaign else [],
    }
