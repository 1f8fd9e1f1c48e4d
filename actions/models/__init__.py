"""The campaign plan: policy elements and enacted policies' scores (shared reference data), and
each campaign's plan — place, goals, research, public-records requests, demands, actions and
messaging. Split by entity; everything is importable from `actions.models`."""

from actions.models.actions import ActionKind, ActionStatus, ActionStory, CampaignAction
from actions.models.county_leads import LeadRequest, LeadRequestStatus
from actions.models.demands import Demand, DemandState, DemandStateChange
from actions.models.elements import (
    COVERAGE_FACTOR,
    FORM_DURABILITY,
    Coverage,
    ElementGroup,
    PolicyElement,
    PolicyScore,
)
from actions.models.letters import (
    MERGE_FIELDS,
    Letter,
    LetterCampaign,
    OutboxMessage,
    OutboxStatus,
)
from actions.models.messaging import Frame, OpposingMessage, TalkingPoint
from actions.models.petitions import (
    Petition,
    PetitionCounter,
    PublicStatus,
    Signature,
    SignatureSource,
)
from actions.models.plan import CampaignPlan, Goal
from actions.models.research import (
    RecordsDocument,
    RecordsReminder,
    RecordsRequest,
    ResearchLink,
    ResearchQuestion,
)

__all__ = [
    "COVERAGE_FACTOR",
    "FORM_DURABILITY",
    "MERGE_FIELDS",
    "ActionKind",
    "ActionStatus",
    "ActionStory",
    "CampaignAction",
    "CampaignPlan",
    "Coverage",
    "Demand",
    "DemandState",
    "DemandStateChange",
    "ElementGroup",
    "Frame",
    "Goal",
    "LeadRequest",
    "LeadRequestStatus",
    "Letter",
    "LetterCampaign",
    "OpposingMessage",
    "OutboxMessage",
    "OutboxStatus",
    "Petition",
    "PetitionCounter",
    "PolicyElement",
    "PolicyScore",
    "PublicStatus",
    "RecordsDocument",
    "RecordsReminder",
    "RecordsRequest",
    "ResearchLink",
    "ResearchQuestion",
    "Signature",
    "SignatureSource",
    "TalkingPoint",
]
