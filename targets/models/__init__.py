from targets.models.arrangements import Arrangement
from targets.models.common import SourcedFact, normalize_name
from targets.models.facilities import CustodyStep, Facility, FacilityContract
from targets.models.imports import ImportRun
from targets.models.jurisdictions import DetainerPolicy, Jurisdiction
from targets.models.offices import Office, Official, Power
from targets.models.power_map import (
    ActorKind,
    Assessment,
    EvidenceKind,
    Priority,
    Relationship,
    RelationshipKind,
    Stance,
    StanceChange,
)
from targets.models.statements import PublicStatement

__all__ = [
    "ActorKind",
    "Arrangement",
    "Assessment",
    "CustodyStep",
    "DetainerPolicy",
    "EvidenceKind",
    "Facility",
    "FacilityContract",
    "ImportRun",
    "Jurisdiction",
    "Office",
    "Official",
    "Power",
    "Priority",
    "PublicStatement",
    "Relationship",
    "RelationshipKind",
    "SourcedFact",
    "Stance",
    "StanceChange",
    "normalize_name",
]
