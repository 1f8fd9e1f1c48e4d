"""The enacted policies the toolkit compares, as reference data with element-by-element scores.

Loaded by `manage.py load_policy_examples` (idempotent). Summaries and readings are ours; each
score says what in the policy earns it. Dates are given only where we are sure of them.
"""

import datetime
from typing import TypedDict

TOOLKIT = "Campaign toolkit on ICE hold requests: comparison of enacted policies"
TOOLKIT_1373 = "Campaign toolkit on ICE hold requests: federal law 8 U.S.C. § 1373"


class PlaceData(TypedDict, total=False):
    fips: str
    name: str
    kind: str
    parent_fips: str


class PolicyData(TypedDict):
    place: PlaceData
    title: str
    form: str
    enacted_on: datetime.date | None
    summary: str
    scores: dict[str, tuple[str, str, str]]


# Places by Census code; a state is created from the Census state table when missing.
TAOS_COUNTY: PlaceData = {"fips": "35055", "name": "Taos County", "kind": "county"}
NEW_YORK_CITY: PlaceData = {
    "fips": "3651000",
    "name": "New York",
    "kind": "city",
    "parent_fips": "36",
}
SAN_FRANCISCO: PlaceData = {"fips": "06075", "name": "San Francisco County", "kind": "city_county"}
WASHINGTON_DC: PlaceData = {"fips": "11"}
COOK_COUNTY: PlaceData = {"fips": "17031", "name": "Cook County", "kind": "county"}
SANTA_CLARA_COUNTY: PlaceData = {"fips": "06085", "name": "Santa Clara County", "kind": "county"}

FULL, PARTIAL, NONE = "full", "partial", "none"

POLICY_EXAMPLES: list[PolicyData] = [
    {
        "place": TAOS_COUNTY,
        "title": "Taos County jail policy on ICE holds",
        "form": "administrative",
        "enacted_on": None,
        "summary": (
            "A rule of the county jail, not a law. Staff do not ask for place of birth or "
            "country of origin, ICE may not interview people by phone without a court order, "
            "and holds are honored only for people with a felony conviction or two misdemeanor "
            "convictions (those the federal SCAAP program counts)."
        ),
        "scores": {
            "no-place-of-birth": (
                PARTIAL,
                "Place of birth and country of origin are not asked; status is not mentioned.",
                TOOLKIT,
            ),
            "no-ice-in-jail": (
                PARTIAL,
                "No ICE interviews by phone without a court order; visits are not limited.",
                TOOLKIT,
            ),
            "no-holds-unconvicted": (
                FULL,
                "Holds are honored only for people with convictions.",
                TOOLKIT,
            ),
            "no-holds-minor-offenses": (
                PARTIAL,
                "Two misdemeanor convictions are enough for the jail to honor a hold.",
                TOOLKIT,
            ),
            "no-holds": (
                NONE,
                "People with qualifying convictions are still handed over.",
                TOOLKIT,
            ),
        },
    },
    {
        "place": NEW_YORK_CITY,
        "title": "New York City detainer law (2013)",
        "form": "ordinance",
        "enacted_on": None,
        "summary": (
            "A City Council law covering the police department and the Department of "
            "Correction. Holds are declined for people charged with most misdemeanors who have "
            "no prior convictions or removal orders; people with a record, or facing other "
            "charges, are still held, and some misdemeanors (such as unlicensed driving) "
            "count against the person."
        ),
        "scores": {
            "no-holds-unconvicted": (
                PARTIAL,
                "Protects people without a record charged with most misdemeanors; people "
                "facing felony charges are still held.",
                TOOLKIT,
            ),
            "no-holds-minor-offenses": (
                PARTIAL,
                "Most misdemeanors are protected, with listed exceptions.",
                TOOLKIT,
            ),
            "no-holds": (
                NONE,
                "The city looks up each person's record and honors many holds.",
                TOOLKIT,
            ),
        },
    },
    {
        "place": SAN_FRANCISCO,
        "title": "San Francisco Sheriff's policy on ICE holds",
        "form": "administrative",
        "enacted_on": None,
        "summary": (
            "The Sheriff honors holds on anyone charged with a felony or with certain "
            "misdemeanors, convicted or not, and declines them for infractions and other "
            "low-level offenses."
        ),
        "scores": {
            "no-holds-minor-offenses": (
                PARTIAL,
                "Traffic offenses, infractions and many misdemeanors are protected.",
                TOOLKIT,
            ),
            "no-holds-unconvicted": (
                NONE,
                "A charge alone is enough for the Sheriff to honor a hold.",
                TOOLKIT,
            ),
            "no-holds": (NONE, "Holds are honored across broad categories of charges.", TOOLKIT),
        },
    },
    {
        "place": WASHINGTON_DC,
        "title": "District of Columbia detainer compliance act",
        "form": "ordinance",
        "enacted_on": None,
        "summary": (
            "An act of the D.C. Council (still a proposal when the toolkit was written): the "
            "District honors a hold only when the federal government agrees to pay for the "
            "detention, and then only for some people with serious convictions. People sent "
            "to the federal Bureau of Prisons are outside its reach."
        ),
        "scores": {
            "no-holds": (
                PARTIAL,
                "No hold at all unless the federal government pays; a few are honored then.",
                TOOLKIT,
            ),
            "no-local-resources": (FULL, "Federal reimbursement comes first.", TOOLKIT),
            "no-holds-unconvicted": (
                FULL,
                "No compliance before a conviction.",
                TOOLKIT,
            ),
            "no-holds-minor-offenses": (
                FULL,
                "Only some serious convictions can lead to a hold.",
                TOOLKIT,
            ),
        },
    },
    {
        "place": COOK_COUNTY,
        "title": "Cook County ordinance on ICE detainers",
        "form": "ordinance",
        "enacted_on": datetime.date(2011, 9, 7),
        "summary": (
            "An ordinance of the County Board: the Sheriff honors holds only if the federal "
            "government covers the cost, ICE is kept from interviewing people in the jail "
            "without a criminal warrant, and staff do not tell ICE about release dates. A "
            "simple bright-line rule, but if ICE ever agrees to pay, the county would honor "
            "every hold again (ICE did offer to pay for some)."
        ),
        "scores": {
            "no-holds": (
                PARTIAL,
                "No holds unless reimbursed; with payment, every hold would be honored.",
                TOOLKIT,
            ),
            "no-local-resources": (FULL, "No county money spent on holds.", TOOLKIT),
            "no-holds-unconvicted": (
                PARTIAL,
                "Protected only as long as the federal government does not pay.",
                TOOLKIT,
            ),
            "no-holds-minor-offenses": (
                PARTIAL,
                "Protected only as long as the federal government does not pay.",
                TOOLKIT,
            ),
            "no-ice-in-jail": (
                FULL,
                "No ICE access to people in the jail or its rooms for interviews without a "
                "criminal warrant.",
                "Cook County ordinance 11-O-73",
            ),
            "no-release-dates": (
                FULL,
                "Staff do not tell ICE about release dates; this limits criminal-custody "
                "information, not immigration status.",
                TOOLKIT_1373,
            ),
        },
    },
    {
        "place": SANTA_CLARA_COUNTY,
        "title": "Santa Clara County policy on ICE detainers",
        "form": "ordinance",
        "enacted_on": datetime.date(2011, 10, 18),
        "summary": (
            "Adopted by the Board of Supervisors by 3 votes to 1: no hold is honored unless "
            "the federal government pays in full, and even then only for people convicted of "
            "a serious or violent felony. Young people are never held for ICE, and ICE's "
            "access to people and to county facilities is limited. The toolkit calls it the "
            "strongest policy of its time."
        ),
        "scores": {
            "no-holds": (
                PARTIAL,
                "No holds unless reimbursed, and then only for serious or violent felony "
                "convictions.",
                TOOLKIT,
            ),
            "no-local-resources": (FULL, "No county money spent on holds.", TOOLKIT),
            "no-holds-unconvicted": (FULL, "Only people with convictions can be held.", TOOLKIT),
            "no-holds-minor-offenses": (
                FULL,
                "Only serious or violent felony convictions count.",
                TOOLKIT,
            ),
            "no-juvenile-holds": (FULL, "Young people are exempt.", TOOLKIT),
            "no-ice-in-jail": (
                FULL,
                "ICE's access to people in custody and to county facilities is limited.",
                TOOLKIT,
            ),
            "no-release-dates": (
                FULL,
                "No release dates shared with ICE; this limits criminal-custody information, "
                "not immigration status.",
                TOOLKIT_1373,
            ),
        },
    },
]
