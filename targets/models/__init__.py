from targets.models.arrangements import Arrangement
from targets.models.common import SourcedFact, normalize_name
from targets.models.facilities import CustodyStep, Facility, FacilityContract
from targets.models.imports import ImportRun
from targets.models.jurisdictions import DetainerPolicy, Jurisdiction
from targets.models.offices import Office, Official, Power

__all__ = [
    "Arrangement",
    "CustodyStep",
    "DetainerPolicy",
    "Facility",
    "FacilityContract",
    "ImportRun",
    "Jurisdiction",
    "Office",
    "Official",
    "Power",
    "SourcedFact",
    "normalize_name",
]
