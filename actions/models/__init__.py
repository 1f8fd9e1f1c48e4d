"""The campaign plan: policy elements and enacted policies' scores (shared reference data), and
each campaign's plan — place, goals, research, public-records requests, demands, actions and
messaging. Split by entity; everything is importable from `actions.models`."""

from actions.models.actions import ActionKind, ActionStatus, ActionStory, CampaignAction
from actions.models.demands import Demand, DemandState, DemandStateChange
from actions.models.elements import (
    COVERAGE_FACTOR,
    FORM_DURABILITY,
    Coverage,
    ElementGroup,
    PolicyElement,
    PolicyScore,
)
from actions.models.messaging import Frame, OpposingMessage, TalkingPoint
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
    "OpposingMessage",
    "PolicyElement",
    "PolicyScore",
    "RecordsDocument",
    "RecordsReminder",
    "RecordsRequest",
    "ResearchLink",
    "ResearchQuestion",
    "TalkingPoint",
]
