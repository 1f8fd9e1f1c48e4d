"""/api/: the campaigns you belong to, each campaign's records, the reference data, the schema.

Route names follow DRF's routers: `api:campaign-organization-list`, `api:jurisdiction-detail`.
"""

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.authentication import AUTHENTICATION
from api.parsers import PARSERS
from api.renderers import RENDERERS
from coalition.api import CampaignAPI, ContactAPI, FollowUpAPI, MeetingAPI, OrganizationAPI
from stories.api import StoryAPI
from targets.api import (
    ArrangementAPI,
    DetainerPolicyAPI,
    FacilityAPI,
    JurisdictionAPI,
    OfficeAPI,
    OfficialAPI,
)

app_name = "api"


class Router(SimpleRouter):
    """Every route authenticates with hashed tokens or the session (api.authentication), not
    with whatever DEFAULT_AUTHENTICATION_CLASSES names; it parses and renders with
    api.parsers and api.renderers."""

    def get_routes(self, viewset):
        return [
            route._replace(
                initkwargs={
                    **route.initkwargs,
                    "authentication_classes": AUTHENTICATION,
                    "parser_classes": PARSERS,
                    "renderer_classes": RENDERERS,
                }
            )
            for route in super().get_routes(viewset)
        ]


campaigns = Router()
campaigns.register("campaigns", CampaignAPI, basename="campaign")

campaign_data = Router()
campaign_data.register("organizations", OrganizationAPI, basename="campaign-organization")
campaign_data.register("contacts", ContactAPI, basename="campaign-contact")
campaign_data.register("meetings", MeetingAPI, basename="campaign-meeting")
campaign_data.register("follow-ups", FollowUpAPI, basename="campaign-followup")
campaign_data.register("stories", StoryAPI, basename="campaign-story")

reference = Router()
reference.register("jurisdictions", JurisdictionAPI, basename="jurisdiction")
reference.register("offices", OfficeAPI, basename="office")
reference.register("officials", OfficialAPI, basename="official")
reference.register("facilities", FacilityAPI, basename="facility")
reference.register("arrangements", ArrangementAPI, basename="arrangement")
reference.register("detainer-policies", DetainerPolicyAPI, basename="detainer-policy")

# The role each campaign route needs to read, for the authorization walk (tests/).
for _pattern in campaign_data.urls:
    _pattern.callback.campaign_action = _pattern.callback.cls.actions_required["read"]

DOCS_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=AUTHENTICATION),
        name="schema",
    ),
    # Split view: the page loads its script from a URL, so the CSP needs no inline script.
    # Swagger UI sets one inline style when it draws: this page alone allows inline styles.
    path(
        "docs/",
        csp_override(DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", authentication_classes=AUTHENTICATION
            )
        ),
        name="docs",
    ),
    path("", include(campaigns.urls)),
    path("campaigns/<slug:campaign_slug>/", include(campaign_data.urls)),
    path("", include(reference.urls)),
]
