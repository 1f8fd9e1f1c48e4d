"""A national-scale data set, generated reproducibly from a seed (`manage.py seed_scale`).

What it makes at --scale 1 (DESIGN.md, "Scale"): every county of the Census file and the ICE
lists (through the importers in targets/importers), about 20,000 offices and 30,000 officials,
over 1,000 287(g) arrangements (the real lists plus synthetic ones, marked in their notes), 3,000
campaigns with their plans, 10,000 organizations, 100,000 contacts, 50,000 stories with their
consent records, 20,000 meetings, 20,000 follow-ups, 20,000 actions and one petition with
1,000,000 signatures. Every count is multiplied by --scale.

Four campaigns have fixed roles for the benchmarks (bench/):
- scale-national: the biggest (a fifth of every list, and the million-signature petition);
- scale-baseline: 1,000 rows in each list (and a petition with 1,000 signatures);
- scale-map-large / scale-map-small: 200 targets and 2,000 timeline events / 20 and 200.

Everything made here is recognizable: campaigns' slugs start with "scale-", users' addresses end
with "@scale.example.org", synthetic reference rows carry an import key starting with "scale:"
(offices, arrangements) or the note SYNTHETIC_NOTE (officials).

Speed. Encrypting a value (core.crypto.encrypt, Fernet) is the dominant cost, and an
EncryptedTextField encrypts in get_prep_value, which bulk_create goes through. So the big tables
are never written through the model fields: rows are generated and their personal fields
encrypted once, in worker processes (one per core), and written as they are — with COPY on
PostgreSQL, with executemany elsewhere (tests on SQLite). Small tables use bulk_create with
plaintext and let the field encrypt. Row contents come from random generators seeded by
(seed, table, chunk), so the same seed gives the same rows whatever the number of workers.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import multiprocessing
import os
import random
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, models, transaction
from django.utils import timezone

from core import crypto
from core.fields import EncryptedTextField

SLUG_PREFIX = "scale-"
USER_DOMAIN = "scale.example.org"
SYNTHETIC_KEY = "scale:"
SYNTHETIC_NOTE = "Synthetic, made by seed_scale for benchmarks; not a real record."

NATIONAL = "scale-national"
BASELINE = "scale-baseline"
MAP_LARGE = "scale-map-large"
MAP_SMALL = "scale-map-small"
SPECIAL = (NATIONAL, BASELINE, MAP_LARGE, MAP_SMALL)

# Rows per task given to a worker (and per COPY).
CHUNK = 10_000
SIGNATURE_CHUNK = 20_000
# Below this many rows of a kind, work in this process: forking costs more than it saves.
PARALLEL_FROM = 20_000

REFERENCE_FILES = [
    ("census_counties", "national_county.txt"),
    ("ice_287g_participating", "participatingAgencies07182025pm.xlsx"),
    ("ice_287g_pending", "pendingAgencies07182025pm.xlsx"),
    ("ice_facilities", "FY26_detentionStats_04092026.xlsx"),
]


# Sizes ---------------------------------------------------------------------------------------

FULL = {
    "campaigns": 3_000,
    "offices": 20_000,
    "officials": 30_000,
    "arrangements_287g": 1_050,
    "organizations": 10_000,
    "contacts": 100_000,
    "stories": 50_000,
    "meetings": 20_000,
    "followups": 20_000,
    "actions": 20_000,
    "signatures": 1_000_000,
    "baseline_rows": 1_000,
    "map_targets": 200,
    "map_events": 2_000,
}
MINIMUM = {"campaigns": len(SPECIAL) + 4, "signatures": 100}
NATIONAL_SHARE = 0.2


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind a scale asks for (at least one of each)."""

    scale: float
    campaigns: int
    offices: int
    officials: int
    arrangements_287g: int
    organizations: int
    contacts: int
    stories: int
    meetings: int
    followups: int
    actions: int
    signatures: int
    baseline_rows: int
    map_targets: int
    map_events: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise ValueError("The scale must be above 0.")
        values = {
            name: max(MINIMUM.get(name, 1), round(full * scale)) for name, full in FULL.items()
        }
        return cls(scale=scale, **values)

    @property
    def national_signatures(self) -> int:
        return self.signatures

    @property
    def baseline_signatures(self) -> int:
        return max(1, round(self.signatures / 1000))

    @property
    def map_small_targets(self) -> int:
        return max(1, self.map_targets // 10)

    @property
    def map_small_events(self) -> int:
        return max(3, self.map_events // 10)


def allocate(
    total: int, fixed: dict[int, int], weights: list[float], first_other: int
) -> list[int]:
    """Split `total` rows over campaigns: `fixed` counts for the special ones (by index), the
    rest by `weights` over the others (index first_other onwards), exactly (largest remainder)."""
    counts = [0] * (first_other + len(weights))
    for index, n in fixed.items():
        counts[index] = n
    rest = total - sum(fixed.values())
    if rest < 0:  # tiny scales: the biggest campaign gives way
        counts[0] = max(0, counts[0] + rest)
        rest = total - sum(counts)
    if not weights or rest <= 0:
        counts[0] += max(0, rest)
        return counts
    weight_sum = sum(weights)
    shares = [rest * w / weight_sum for w in weights]
    floors = [int(s) for s in shares]
    left = rest - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    for i in order[:left]:
        floors[i] += 1
    for i, n in enumerate(floors):
        counts[first_other + i] = n
    return counts


# Words ---------------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


FIRST_NAMES = _words(
    "María José Juan Ana Luis Rosa Carlos Carmen Jorge Elena Miguel Lucía Pedro Sofía Andrés "
    "Gabriela Francisco Isabel Alejandro Teresa Diego Marta Javier Daniela Ricardo Paula "
    "Héctor Adriana Fernando Verónica James Mary Robert Patricia John Jennifer Michael Linda "
    "David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Nguyen Minh "
    "Ahmed Fatima Mohamed Amina Wei Mei Jean Marie Kwame Abena Olga Ivan Priya Arjun Tenzin "
    "Yohannes Sione"
)
LAST_NAMES = _words(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
    "Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Ramos Chávez Vargas Castillo "
    "Jiménez Moreno Romero Herrera Medina Aguilar Mendoza Smith Johnson Williams Brown Jones "
    "Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White "
    "Harris Clark Lewis Tran Pham Nguyen Kim Park Ali Hassan Okafor Mensah Baptiste Joseph "
    "Pierre Singh Patel Yilmaz"
)
ORG_WORDS = _words(
    "Unidos Esperanza Solidarity Sanctuary Justice Freedom Community Faith Workers Families "
    "Neighbors Dignity Liberty Hope Unity Alliance Promise Voices Roots Bridges Harvest River"
    " Valley Mountain Prairie Coastal Northside Southside Eastside Westside Downtown Lakeside"
)
ORG_KINDS = [
    ("immigrant_rights", "Immigrant Rights Coalition"),
    ("impacted_community", "Families United"),
    ("labor", "Workers Union Local"),
    ("human_rights", "Human Rights Watchers"),
    ("civil_rights", "Civil Liberties Chapter"),
    ("faith", "Interfaith Council"),
    ("immigration_lawyers", "Immigration Lawyers Network"),
    ("public_defenders", "Public Defenders Association"),
    ("criminal_justice", "Justice Reform Project"),
    ("domestic_violence", "Safe Homes Alliance"),
    ("family_services", "Family Services Center"),
    ("direct_services", "Legal Aid Clinic"),
    ("press", "Community Radio"),
    ("local_leaders", "Neighborhood Association"),
]
STREETS = _words("Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Juárez Hidalgo Church")
EMPLOYERS = _words("a dairy farm;a roofing company;a restaurant;a meat-packing plant;a school", ";")
SENTENCES = [
    "{name} was stopped for a broken tail light on the way home from work.",
    "The charges were dropped two days later, but the jail did not let {pronoun} go.",
    "The jail told the family that ICE had asked them to keep {pronoun}.",
    "Bail was posted the same evening; the release never came.",
    "{name} missed three shifts at {employer} and lost the job.",
    "Their children stayed with a neighbor on {street} Street while {name} was held.",
    "Nobody explained the hold or gave a copy of the detainer to {pronoun} or the lawyer.",
    "After the hold ran out, officers from ICE came to the jail's back door.",
    "{name} had called the police to report a break-in and was arrested instead.",
    "The public defender asked for a bond hearing; the judge said the hold decided it.",
    "A church group raised the bail, and the money sat unused for a week.",
    "Since then the family is afraid to call the police, even in an emergency.",
]
MEETING_TITLES = {
    "coalition": ["Coalition meeting", "Steering committee", "Strategy session", "Planning call"],
    "target": ["Meeting with the sheriff's office", "Meeting with a county commissioner"],
    "research": ["Records research with the county clerk", "Budget research meeting"],
    "hearing": ["Budget hearing", "Public safety committee hearing"],
    "other": ["Vigil planning", "Press briefing preparation"],
}
ACTION_TITLES = {
    "meeting": "Meeting with the board",
    "vigil": "Vigil outside the jail",
    "rally": "Rally at the courthouse",
    "testimony": "Testimony at the budget hearing",
    "media": "Press conference",
    "kyr_workshop": "Know-your-rights workshop",
    "records_request": "Public-records request",
    "petition_delivery": "Petition delivery",
    "letter_campaign": "Letter campaign to the board",
    "other": "Community forum",
}
FOLLOWUP_TITLES = [
    "Send the meeting notes",
    "Call the commissioner's office",
    "Draft the op-ed",
    "Book the room for the forum",
    "Ask the clerk for the jail contract",
    "Confirm interpreters",
    "Update the power map",
    "Thank the speakers",
]
OFFICE_KINDS = [
    ("sheriff", "{county} Sheriff's Office", "Sheriff"),
    ("county_board", "{county} Board of Commissioners", "Commissioner"),
    ("district_attorney", "{county} District Attorney", "District Attorney"),
    ("county_executive", "{county} County Executive", "County Executive"),
    ("county_manager", "{county} County Administrator", "County Administrator"),
    ("probation", "{county} Probation Department", "Chief Probation Officer"),
    ("public_defender", "{county} Public Defender", "Public Defender"),
    ("court", "{county} Superior Court", "Judge"),
]
BODY_KINDS = {"county_board", "court"}


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def rng_for(seed: int, *parts: Any) -> random.Random:
    """A generator for one part of the data set: the same seed and parts, the same numbers."""
    key = ":".join(str(p) for p in (seed, *parts))
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    return random.Random(number)  # noqa: S311 - test data, not secrets


def _enc(text: str) -> str:
    return crypto.encrypt(text) if text else ""


# Writing rows --------------------------------------------------------------------------------


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


@dataclass
class Table:
    """Rows for one table as a worker produced them: COPY text, or tuples of values."""

    key: str
    rows: int
    payload: bytes | list[tuple]


def pack(key: str, rows: list[tuple], copy: bool) -> Table:
    if copy:
        text = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
        return Table(key, len(rows), text.encode())
    return Table(key, len(rows), rows)


def _through(model_field: Any) -> type[models.Model]:
    return model_field.remote_field.through


def table_models() -> dict[str, tuple[type[models.Model], list[str]]]:
    """Each table the workers write: its model and the fields of a row, in order."""
    from actions.models import CampaignAction, Signature
    from coalition.models import Affiliation, Contact, ContactLanguage, FollowUp, Meeting
    from stories.models import Consent, Story, Storyteller, StoryTheme

    meeting_orgs = _through(Meeting._meta.get_field("organizations"))
    meeting_attendees = _through(Meeting._meta.get_field("attendees"))
    action_targets = _through(CampaignAction._meta.get_field("targets"))
    return {
        "contact": (
            Contact,
            _words(
                "id campaign name name_hash email email_hash phone phone_hash notes "
                "preferred_channel created_at updated_at"
            ),
        ),
        "affiliation": (Affiliation, _words("contact organization role")),
        "contact_language": (ContactLanguage, _words("contact language")),
        "meeting": (
            Meeting,
            _words(
                "id campaign kind title starts_at ends_at location link agenda notes decisions "
                "created_at updated_at"
            ),
        ),
        "meeting_org": (meeting_orgs, _words("meeting organization")),
        "meeting_attendee": (meeting_attendees, _words("meeting membership")),
        "followup": (
            FollowUp,
            _words(
                "campaign meeting title details owner due_on state closed_at created_at updated_at"
            ),
        ),
        "action": (
            CampaignAction,
            _words(
                "id campaign kind title happens_on starts_at location status description outcome "
                "is_public public_summary created_at updated_at"
            ),
        ),
        "action_target": (action_targets, _words("campaignaction office")),
        "storyteller": (
            Storyteller,
            _words(
                "id campaign name contact name_hash preferred_language interpreter_used "
                "relationship created_at"
            ),
        ),
        "story": (
            Story,
            _words(
                "id campaign storyteller status taken_by created_at updated_at narrative "
                "identifying_details jurisdiction facility time_zone detainer_lodged_at "
                "custody_ended_at custody_end_reason outcome outcome_at hold_rule hold_deadline "
                "held_past_seconds review_on"
            ),
        ),
        "story_theme": (StoryTheme, _words("story theme")),
        "consent": (
            Consent,
            _words(
                "story purpose granted withdrawal identifiability method collected_by "
                "interpreter_used consent_text expires_on renewal renewal_note recorded_at "
                "recorded_by"
            ),
        ),
        "signature": (
            Signature,
            _words(
                "campaign petition name email email_hash place comment wants_updates "
                "show_publicly language source created_at updated_at"
            ),
        ),
    }


class Sink:
    """Writes worker tables: COPY on PostgreSQL, executemany elsewhere. Encrypted fields arrive
    encrypted and are written as they are; other values are adapted by their model field."""

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self.tables = table_models()
        self.rows: dict[str, int] = {}

    def _columns(self, key: str) -> tuple[str, list[models.Field]]:
        model, names = self.tables[key]
        fields = [model._meta.get_field(name) for name in names]
        return model._meta.db_table, fields

    def write(self, table: Table) -> None:
        if not table.rows:
            return
        db_table, fields = self._columns(table.key)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.copy:
                sql = f"COPY {quote(db_table)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    copy.write(table.payload)
            else:
                adapters = [
                    None if isinstance(f, EncryptedTextField) else f.get_db_prep_save
                    for f in fields
                ]
                rows = [
                    tuple(
                        value if adapt is None or value is None else adapt(value, connection)
                        for adapt, value in zip(adapters, row, strict=True)
                    )
                    for row in table.payload
                ]
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {quote(db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
        self.rows[table.key] = self.rows.get(table.key, 0) + table.rows


def reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of `count` consecutive primary keys nobody else will be given."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = cursor.fetchone()[0]
            return last - count + 1
        name = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}")  # noqa: S608
        return cursor.fetchone()[0] + 1


# Worker tasks: pure functions of their arguments (and the settings' keys) --------------------


def _moment(rng: random.Random, anchor: datetime.datetime, days_back: int, ahead: int = 0):
    seconds = rng.randint(-days_back * 86400, ahead * 86400)
    return anchor + datetime.timedelta(seconds=seconds)


def task_contacts(spec: dict) -> list[Table]:
    from coalition.models.contacts import email_hash, phone_hash

    copy, anchor = spec["copy"], spec["anchor"]
    contacts, affiliations, languages = [], [], []
    for campaign_id, start, count, org_ids in spec["segments"]:
        rng = rng_for(spec["seed"], "contacts", start)
        for n in range(count):
            i = start + n
            pk = spec["id_base"] + i
            first, last = person_name(rng)
            name = f"{first} {last}"
            email = f"{ascii_fold(first)}.{ascii_fold(last)}{i}@example.org".lower().replace(
                " ", ""
            )
            email = email if rng.random() < 0.75 else ""
            phone = f"(555) 01{i % 10}-{i % 10000:04d}" if rng.random() < 0.6 else ""
            notes = (
                f"Met at the {rng.choice(['vigil', 'forum', 'workshop', 'hearing'])}; "
                f"can help with {rng.choice(['translation', 'rides', 'food', 'outreach'])}."
                if rng.random() < 0.2
                else ""
            )
            created = _moment(rng, anchor, 700)
            contacts.append(
                (
                    pk,
                    campaign_id,
                    _enc(name),
                    crypto.name_hash(name),
                    _enc(email),
                    email_hash(email),
                    _enc(phone),
                    phone_hash(phone),
                    _enc(notes),
                    rng.choice(["", "", "email", "call", "text", "in_person"]),
                    created,
                    created,
                )
            )
            if org_ids and rng.random() < 0.7:
                for org_id in sorted(set(rng.sample(org_ids, min(len(org_ids), 2)))):
                    if rng.random() < 0.6 or org_id == org_ids[0]:
                        role = rng.choice(["", "organizer", "pastor", "chair", "member"])
                        affiliations.append((pk, org_id, role))
            for language in sorted({"en", rng.choice(["es", "es", "en", "vi", "ht", "zh"])}):
                if language != "en" or rng.random() < 0.5:
                    languages.append((pk, language))
    return [
        pack("contact", contacts, copy),
        pack("affiliation", affiliations, copy),
        pack("contact_language", languages, copy),
    ]


def task_meetings(spec: dict) -> list[Table]:
    copy, anchor = spec["copy"], spec["anchor"]
    meetings, orgs, attendees = [], [], []
    kinds = list(MEETING_TITLES)
    for campaign_id, start, count, org_ids, member_ids in spec["segments"]:
        rng = rng_for(spec["seed"], "meetings", start)
        for n in range(count):
            pk = spec["id_base"] + start + n
            kind = rng.choices(kinds, weights=[6, 2, 1, 1, 1])[0]
            starts = _moment(rng, anchor, 540, 60).replace(minute=0, second=0, microsecond=0)
            notes = (
                "Agreed who calls which commissioner; two members will testify."
                if rng.random() < 0.5
                else ""
            )
            meetings.append(
                (
                    pk,
                    campaign_id,
                    kind,
                    rng.choice(MEETING_TITLES[kind]),
                    starts,
                    starts + datetime.timedelta(minutes=rng.choice([45, 60, 90, 120])),
                    rng.choice(["Union hall", "St. Mary's parish hall", "Library room B", ""]),
                    "",
                    "1. Updates\n2. Next actions\n3. Who does what",
                    _enc(notes),
                    "Ask for a hearing before the budget vote." if rng.random() < 0.3 else "",
                    starts - datetime.timedelta(days=rng.randint(1, 20)),
                    starts,
                )
            )
            for org_id in sorted(set(rng.sample(org_ids, min(len(org_ids), rng.randint(0, 2))))):
                orgs.append((pk, org_id))
            for member_id in sorted(set(rng.sample(member_ids, min(len(member_ids), 2)))):
                attendees.append((pk, member_id))
    return [
        pack("meeting", meetings, copy),
        pack("meeting_org", orgs, copy),
        pack("meeting_attendee", attendees, copy),
    ]


def task_followups(spec: dict) -> list[Table]:
    copy, anchor = spec["copy"], spec["anchor"]
    rows = []
    today = anchor.date()
    for campaign_id, start, count, meeting_first, meeting_count, owner_ids in spec["segments"]:
        rng = rng_for(spec["seed"], "followups", start)
        for _n in range(count):
            created = _moment(rng, anchor, 400)
            state = rng.choices(["open", "done", "dropped"], weights=[6, 3, 1])[0]
            closed = None if state == "open" else created + datetime.timedelta(days=3)
            meeting = (
                meeting_first + rng.randrange(meeting_count)
                if meeting_count and rng.random() < 0.5
                else None
            )
            rows.append(
                (
                    campaign_id,
                    meeting,
                    rng.choice(FOLLOWUP_TITLES),
                    _enc("Call before Thursday; she prefers Spanish.")
                    if rng.random() < 0.3
                    else "",
                    rng.choice(owner_ids),
                    today + datetime.timedelta(days=rng.randint(-60, 45)),
                    state,
                    closed,
                    created,
                    created,
                )
            )
    return [pack("followup", rows, copy)]


def task_actions(spec: dict) -> list[Table]:
    copy, anchor = spec["copy"], spec["anchor"]
    actions, targets = [], []
    kinds = list(ACTION_TITLES)
    today = anchor.date()
    for campaign_id, start, count, office_ids in spec["segments"]:
        rng = rng_for(spec["seed"], "actions", start)
        for n in range(count):
            pk = spec["id_base"] + start + n
            kind = rng.choice(kinds)
            day = today + datetime.timedelta(days=rng.randint(-500, 90))
            status = "planned" if day >= today else rng.choice(["done", "done", "cancelled"])
            public = rng.random() < 0.3
            created = anchor - datetime.timedelta(days=max(0, (today - day).days) + 10)
            actions.append(
                (
                    pk,
                    campaign_id,
                    kind,
                    ACTION_TITLES[kind],
                    day,
                    datetime.time(rng.choice([10, 12, 17, 18]), 0),
                    rng.choice(["County courthouse", "Jail entrance", "City hall", ""]),
                    status,
                    "Bring signs and the fact sheet; two speakers.",
                    "Covered by local radio." if status == "done" else "",
                    public,
                    "Community members asked the board to end the 287(g) agreement."
                    if public
                    else "",
                    created,
                    created,
                )
            )
            for office_id in sorted(
                set(rng.sample(office_ids, min(len(office_ids), rng.randint(0, 2))))
            ):
                targets.append((pk, office_id))
    return [pack("action", actions, copy), pack("action_target", targets, copy)]


PURPOSES = [
    "internal",
    "policymakers_anon",
    "policymakers_named",
    "hearing",
    "public_anon",
    "public_named",
]
THEMES = [
    "held_past_release",
    "bail",
    "transferred",
    "dv_survivor",
    "citizen_or_resident",
    "family_separated",
    "lost_work",
    "juvenile",
    "programs_denied",
    "fear_of_police",
]


def _narrative(rng: random.Random, first: str) -> tuple[str, str]:
    street, employer = rng.choice(STREETS), rng.choice(EMPLOYERS)
    pronoun = rng.choice(["him", "her", "them"])
    picked = rng.sample(SENTENCES, rng.randint(4, 7))
    text = " ".join(
        s.format(name=first, pronoun=pronoun, street=street, employer=employer) for s in picked
    )
    details = "\n".join([first, f"{street} Street", employer])
    return text, details


def task_stories(spec: dict) -> list[Table]:
    from stories.clock import held_past, hold_deadline

    copy, anchor = spec["copy"], spec["anchor"]
    tellers, stories, themes, consents = [], [], [], []
    facility_ids, text_ids = spec["facility_ids"], spec["consent_texts"]
    zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]
    for campaign_id, start, count, jurisdiction_id, taker_id in spec["segments"]:
        rng = rng_for(spec["seed"], "stories", start)
        for n in range(count):
            i = start + n
            teller_pk, story_pk = spec["teller_base"] + i, spec["story_base"] + i
            first, last = person_name(rng)
            named = rng.random() < 0.7
            name = f"{first} {last}" if named else ""
            language = rng.choice(["en", "es", "es", "other"])
            created = _moment(rng, anchor, 900)
            tellers.append(
                (
                    teller_pk,
                    campaign_id,
                    _enc(name),
                    _enc(f"(555) 02{i % 10}-{i % 10000:04d}" if rng.random() < 0.5 else ""),
                    crypto.name_hash(name),
                    language,
                    language != "en" and rng.random() < 0.5,
                    rng.choice(["impacted", "impacted", "family", "other"]),
                    created,
                )
            )
            narrative, details = _narrative(rng, first)
            zone = rng.choice(zones)
            complete = rng.random() < 0.9
            lodged = ended = deadline = outcome_at = None
            held_seconds = None
            reason = outcome = ""
            if complete:
                lodged = created - datetime.timedelta(days=rng.randint(20, 400))
                ended = lodged + datetime.timedelta(hours=rng.randint(2, 200))
                reason = rng.choice(["bail", "recognizance", "dropped", "acquitted", "served"])
                outcome = rng.choice(["released", "ice", "ice", "unknown"])
                deadline = hold_deadline(ended, rule="regulation", tz=ZoneInfo(zone))
                if outcome in ("released", "ice"):
                    outcome_at = ended + datetime.timedelta(hours=rng.randint(1, 150))
                    held_seconds = int(held_past(deadline, outcome_at).total_seconds())
            stories.append(
                (
                    story_pk,
                    campaign_id,
                    teller_pk,
                    "complete" if complete else "draft",
                    taker_id,
                    created,
                    created,
                    _enc(narrative),
                    _enc(details),
                    jurisdiction_id,
                    rng.choice(facility_ids) if facility_ids else None,
                    zone,
                    lodged,
                    ended,
                    reason,
                    outcome,
                    outcome_at,
                    "regulation",
                    deadline,
                    held_seconds,
                    (created + datetime.timedelta(days=730)).date(),
                )
            )
            for theme in sorted(set(rng.sample(THEMES, rng.randint(1, 3)))):
                themes.append((story_pk, theme))
            text_id = text_ids.get(language, text_ids["en"])
            method = rng.choice(["in_person", "in_person", "phone", "paper", "web"])
            asked = ["internal"] + [p for p in PURPOSES[1:] if rng.random() < 0.4]
            for purpose in asked:
                granted = purpose == "internal" or rng.random() < 0.7
                identifiability = (
                    "anonymized"
                    if purpose.endswith("_anon")
                    else rng.choice(["full", "first", "anonymized"])
                )
                consents.append(
                    (
                        story_pk,
                        purpose,
                        granted,
                        False,
                        identifiability,
                        method,
                        taker_id,
                        False,
                        text_id,
                        None,
                        False,
                        "",
                        created,
                        taker_id,
                    )
                )
                if granted and purpose != "internal" and rng.random() < 0.05:
                    consents.append(
                        (
                            story_pk,
                            purpose,
                            False,
                            True,
                            identifiability,
                            "phone",
                            taker_id,
                            False,
                            text_id,
                            None,
                            False,
                            "",
                            created + datetime.timedelta(days=rng.randint(1, 90)),
                            taker_id,
                        )
                    )
    return [
        pack("storyteller", tellers, copy),
        pack("story", stories, copy),
        pack("story_theme", themes, copy),
        pack("consent", consents, copy),
    ]


PLACES = _words("Houston;El Paso;Phoenix;Atlanta;Charlotte;Nashville;Tampa;Omaha;77002;85003", ";")


def task_signatures(spec: dict) -> list[Table]:
    copy, anchor = spec["copy"], spec["anchor"]
    rows = []
    campaign_id, petition_id, start, count = spec["campaign"], spec["petition"], *spec["range"]
    rng = rng_for(spec["seed"], "signatures", spec["petition_key"], start)
    for n in range(count):
        i = start + n
        first, last = person_name(rng)
        email = f"{ascii_fold(first)}.{ascii_fold(last)}.{i}@example.net".lower().replace(" ", "")
        signed = _moment(rng, anchor, 180)
        rows.append(
            (
                campaign_id,
                petition_id,
                _enc(f"{first} {last}"),
                _enc(email),
                crypto.keyed_hash(email),
                _enc(rng.choice(PLACES)),
                _enc("End the holds now.") if rng.random() < 0.05 else "",
                rng.random() < 0.4,
                rng.random() < 0.3,
                rng.choice(["en", "en", "es"]),
                "web" if rng.random() < 0.95 else "paper",
                signed,
                signed,
            )
        )
    return [pack("signature", rows, copy)]


# Running tasks ----------------------------------------------------------------------------------


class Runner:
    """Runs worker tasks in a pool of processes (forked, so they share the settings and keys)
    or, for small jobs and inside a transaction someone else holds, in this process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = None

    def start(self) -> None:
        if self.workers < 2 or connection.in_atomic_block:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        connections.close_all()  # no connection may be shared with the children
        self.pool = multiprocessing.get_context("fork").Pool(self.workers)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def run(self, func: Callable[[dict], list[Table]], specs: list[dict], rows: int) -> Iterator:
        """Each task's tables, in the order of the tasks; at most a few tasks ahead."""
        if self.pool is None or rows < PARALLEL_FROM:
            for spec in specs:
                yield func(spec)
            return
        pending: deque = deque()
        window = self.workers * 2
        for spec in specs:
            pending.append(self.pool.apply_async(func, (spec,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def segments_into_chunks(segments: Iterable[tuple], chunk: int) -> list[list[tuple]]:
    """Group (campaign, start, count, *extra) segments into tasks of about `chunk` rows,
    splitting big segments."""
    tasks: list[list[tuple]] = [[]]
    size = 0
    for campaign, start, count, *extra in segments:
        while count > 0:
            take = min(count, chunk - size)
            tasks[-1].append((campaign, start, take, *extra))
            start, count, size = start + take, count - take, size + take
            if size >= chunk:
                tasks.append([])
                size = 0
    return [t for t in tasks if t]


# The generator ---------------------------------------------------------------------------------


@dataclass
class CampaignInfo:
    index: int
    pk: int
    slug: str
    county_id: int | None
    lead_id: int
    coordinator_id: int
    volunteer_id: int
    member_ids: list[int]
    owner_ids: list[int]
    office_ids: list[int] = field(default_factory=list)
    org_ids: list[int] = field(default_factory=list)


class Generator:
    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        workers: int | None = None,
        out: Callable[[str], None] = print,
    ) -> None:
        self.seed = seed
        self.sizes = Sizes.at(scale)
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.out = out
        self.copy = connection.vendor == "postgresql"
        self.anchor = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        self.timings: list[tuple[str, int, float]] = []
        self.campaigns: list[CampaignInfo] = []

    # reporting

    def _step(self, label: str, rows: int, started: float) -> None:
        seconds = time.monotonic() - started
        self.timings.append((label, rows, seconds))
        rate = f"{rows / seconds:>10,.0f} rows/s" if seconds > 0 and rows else ""
        self.out(f"  {label:<28} {rows:>10,} rows {seconds:8.1f} s {rate}")

    # the whole run

    def run(self) -> list[tuple[str, int, float]]:
        started = time.monotonic()
        self.reference_data()
        runner = Runner(self.workers)
        runner.start()
        try:
            with transaction.atomic():
                self.campaign_data(runner)
        finally:
            runner.stop()
        self.analyze()
        self._step("total", sum(r for _l, r, _s in self.timings), started)
        return self.timings

    # reference data

    def reference_data(self) -> None:
        from targets.models import Arrangement, Facility, Jurisdiction

        folder = Path(settings.BASE_DIR) / "data"
        present = {
            "census_counties": Jurisdiction.objects.counties().count() >= 3000,
            "ice_287g_participating": Arrangement.objects.filter(
                ice_list=Arrangement.IceList.PARTICIPATING
            ).exists(),
            "ice_287g_pending": Arrangement.objects.filter(
                ice_list=Arrangement.IceList.PENDING
            ).exists(),
            "ice_facilities": Facility.objects.filter(external_id__startswith="ice:").exists(),
        }
        for kind, name in REFERENCE_FILES:
            started = time.monotonic()
            if present[kind]:
                self.out(f"  {kind:<28} already imported")
                continue
            call_command("import_reference", kind, str(folder / name), stdout=io.StringIO())
            self._step(f"import {kind}", 0, started)
        with transaction.atomic():
            self.offices()
            self.officials()
            self.arrangements()

    def _counties(self) -> list:
        from targets.models import Jurisdiction

        return list(Jurisdiction.objects.counties().select_related("state").order_by("fips", "pk"))

    def offices(self) -> None:
        from targets.models import Office

        started = time.monotonic()
        need = self.sizes.offices - Office.objects.count()
        if need <= 0:
            return
        existing = set(Office.objects.values_list("jurisdiction_id", "kind"))
        keys = set(
            Office.objects.filter(external_id__startswith=SYNTHETIC_KEY).values_list(
                "external_id", flat=True
            )
        )
        counties = self._counties()
        new = []
        for kind, pattern, _title in OFFICE_KINDS:
            for county in counties:
                if len(new) >= need:
                    break
                key = f"{SYNTHETIC_KEY}office:{county.fips}:{kind}"
                if (county.pk, kind) in existing or key in keys:
                    continue
                new.append(
                    Office(
                        name=pattern.format(county=county.name),
                        kind=kind,
                        jurisdiction=county,
                        selection="elected" if kind != "county_manager" else "appointed",
                        notes=SYNTHETIC_NOTE,
                        external_id=key,
                        phone=f"(555) 03{county.pk % 10}-{county.pk % 10000:04d}",
                    )
                )
        Office.objects.bulk_create(new, batch_size=5000)
        self._step("offices (synthetic)", len(new), started)

    def officials(self) -> None:
        from targets.models import Office, Official

        started = time.monotonic()
        need = self.sizes.officials - Official.objects.count()
        if need <= 0:
            return
        made = Official.objects.filter(source_excerpt=SYNTHETIC_NOTE).count()
        titles = {kind: title for kind, _p, title in OFFICE_KINDS}
        offices = list(Office.objects.order_by("pk").values_list("pk", "kind"))
        slots = [(pk, kind, 0) for pk, kind in offices]
        slots += [
            (pk, kind, seat) for seat in range(1, 5) for pk, kind in offices if kind in BODY_KINDS
        ]
        new = []
        for n, (office_id, kind, seat) in enumerate(slots[made : made + need], start=made):
            rng = rng_for(self.seed, "official", n)
            first, last = person_name(rng)
            title = titles.get(kind, "Director")
            if kind in BODY_KINDS:
                title = f"{title}, District {seat + 1}"
            new.append(
                Official(
                    office_id=office_id,
                    name=f"{first} {last}",
                    title=title,
                    started_on=datetime.date(2016 + rng.randrange(9), 1, 1),
                    email=f"{ascii_fold(last).lower()}{n}@county.example.gov",
                    source_excerpt=SYNTHETIC_NOTE,
                )
            )
        Official.objects.bulk_create(new, batch_size=5000)
        self._step("officials (synthetic)", len(new), started)

    def arrangements(self) -> None:
        from targets.models import Arrangement, Office

        started = time.monotonic()
        kind = Arrangement.Kind.AGREEMENT_287G
        need = self.sizes.arrangements_287g - Arrangement.objects.filter(kind=kind).count()
        if need <= 0:
            return
        covered = set(
            Arrangement.objects.filter(kind=kind).values_list("office__jurisdiction_id", flat=True)
        )
        sheriffs = Office.objects.filter(
            kind=Office.Kind.SHERIFF, external_id__startswith=SYNTHETIC_KEY
        ).order_by("external_id")
        new = []
        for office in sheriffs:
            if len(new) >= need:
                break
            if office.jurisdiction_id in covered:
                continue
            rng = rng_for(self.seed, "arrangement", office.external_id)
            new.append(
                Arrangement(
                    office=office,
                    kind=kind,
                    model_287g=rng.choice(["jail", "task_force", "warrant_service"]),
                    status=Arrangement.Status.ACTIVE,
                    signed_on=datetime.date(2019 + rng.randrange(7), rng.randint(1, 12), 1),
                    notes=SYNTHETIC_NOTE,
                    external_id=f"{SYNTHETIC_KEY}287g:{office.external_id}",
                )
            )
        Arrangement.objects.bulk_create(new, batch_size=5000)
        self._step("287(g) arrangements (synth.)", len(new), started)

    # campaign data

    def campaign_data(self, runner: Runner) -> None:
        self.make_campaigns()
        sink = Sink()
        self.organizations()
        self.contacts(runner, sink)
        self.meetings_and_followups(runner, sink)
        self.actions(runner, sink)
        self.stories(runner, sink)
        self.power_maps()
        self.petitions(runner, sink)

    def _weights(self) -> list[float]:
        others = len(self.campaigns) - len(SPECIAL)
        ranks = list(range(1, others + 1))
        rng_for(self.seed, "campaign-size").shuffle(ranks)
        return [1 / (r**0.8) for r in ranks]

    def _counts(self, total: int, *, baseline: int, large: int = 0, small: int = 0) -> list[int]:
        national = round(total * NATIONAL_SHARE)
        fixed = {0: national, 1: baseline, 2: large, 3: small}
        return allocate(total, fixed, self._weights(), len(SPECIAL))

    def make_campaigns(self) -> None:
        from actions.models import CampaignPlan
        from coalition.models import Campaign, Membership
        from coalition.permissions import Role
        from core.models import User
        from targets.models import Arrangement, Office

        started = time.monotonic()
        counties = self._counties()
        with_287g = set(
            Arrangement.objects.filter(kind="287g").values_list(
                "office__jurisdiction_id", flat=True
            )
        )
        # Counties with a 287(g) agreement first: each has its campaign.
        counties.sort(key=lambda c: (c.pk not in with_287g, c.fips))
        biggest_state = max(
            {c.state_id for c in counties if c.state_id},
            key=lambda s: (sum(1 for c in counties if c.state_id == s), -s),
        )
        n = self.sizes.campaigns
        specs = []
        for index in range(n):
            county = counties[index % len(counties)] if counties else None
            place = f"{county.name}, {county.state.postal_code}" if county else "Anystate"
            if index < len(SPECIAL):
                slug = SPECIAL[index]
                name = {
                    NATIONAL: "National network against ICE holds (scale test)",
                    BASELINE: "Baseline campaign, 1,000 rows (scale test)",
                    MAP_LARGE: "Power map, large (scale test)",
                    MAP_SMALL: "Power map, small (scale test)",
                }[slug]
                if slug in (MAP_LARGE, MAP_SMALL):
                    county = next((c for c in counties if c.state_id == biggest_state), county)
                    place = f"{county.name}, {county.state.postal_code}" if county else place
            else:
                slug = f"{SLUG_PREFIX}{index:04d}"
                name = f"ICE out of {place} ({index:04d})"
            specs.append((slug, name, place, county))
        campaigns = Campaign.objects.bulk_create(
            [
                Campaign(
                    name=name,
                    slug=slug,
                    jurisdiction_text=place,
                    description="Generated by seed_scale for benchmarks.",
                )
                for slug, name, place, _c in specs
            ],
            batch_size=5000,
        )
        roles = [Role.LEAD, Role.COORDINATOR, Role.VOLUNTEER]
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{role}.{slug}@{USER_DOMAIN}",
                    name=f"{role.label} of {slug}",
                    password="!seed_scale",  # noqa: S106 - unusable: nobody signs in with a password
                )
                for slug, *_rest in specs
                for role in roles
            ],
            batch_size=5000,
        )
        memberships = Membership.objects.bulk_create(
            [
                Membership(campaign=campaign, user=users[3 * i + r], role=role)
                for i, campaign in enumerate(campaigns)
                for r, role in enumerate(roles)
            ],
            batch_size=5000,
        )
        CampaignPlan.objects.bulk_create(
            [
                CampaignPlan(campaign=campaign, jurisdiction=spec[3], desired_form="ordinance")
                for campaign, spec in zip(campaigns, specs, strict=True)
            ],
            batch_size=5000,
        )
        offices_by_county: dict[int, list[int]] = {}
        for pk, county_id in Office.objects.order_by("pk").values_list("pk", "jurisdiction_id"):
            offices_by_county.setdefault(county_id, []).append(pk)
        for i, (campaign, spec) in enumerate(zip(campaigns, specs, strict=True)):
            county = spec[3]
            members = memberships[3 * i : 3 * i + 3]
            self.campaigns.append(
                CampaignInfo(
                    index=i,
                    pk=campaign.pk,
                    slug=campaign.slug,
                    county_id=county.pk if county else None,
                    lead_id=users[3 * i].pk,
                    coordinator_id=users[3 * i + 1].pk,
                    volunteer_id=users[3 * i + 2].pk,
                    member_ids=[m.pk for m in members],
                    owner_ids=[m.pk for m in members[:2]],
                    office_ids=offices_by_county.get(county.pk, []) if county else [],
                )
            )
        self._step("campaigns, users, plans", len(campaigns) * 6, started)

    def organizations(self) -> None:
        from coalition.models import Organization

        started = time.monotonic()
        s = self.sizes
        counts = self._counts(
            s.organizations,
            baseline=s.baseline_rows,
            large=max(1, round(40 * s.scale)),
            small=max(1, round(4 * s.scale)),
        )
        new = []
        owners = []
        for info, count in zip(self.campaigns, counts, strict=True):
            rng = rng_for(self.seed, "organizations", info.index)
            seen: set[str] = set()
            for n in range(count):
                kind, noun = rng.choice(ORG_KINDS)
                name = f"{rng.choice(ORG_WORDS)} {noun}"
                if name.casefold() in seen:
                    name = f"{name} {n + 1}"
                seen.add(name.casefold())
                new.append(
                    Organization(
                        campaign_id=info.pk,
                        name=name,
                        kind=kind,
                        stance=rng.choice([None, -2, -1, 0, 1, 1, 2, 2]),
                        capacity=rng.choice([None, 1, 2, 3]),
                        influence=rng.choice([None, 1, 2, 3, 4, 5]),
                        expertise=rng.choice(["", "immigration law", "budgets", "press work"]),
                        base_size=rng.choice([None, 40, 200, 1500]),
                        point_person_id=rng.choice([None, *info.owner_ids]),
                    )
                )
                owners.append(info)
        made = Organization.objects.bulk_create(new, batch_size=5000)
        for info, org in zip(owners, made, strict=True):
            info.org_ids.append(org.pk)
        self._step("organizations", len(made), started)

    def _run(self, label, runner, sink, func, specs, rows) -> None:
        started = time.monotonic()
        for tables in runner.run(func, specs, rows):
            for table in tables:
                sink.write(table)
        written = {t: sink.rows.get(t, 0) for t in self._keys_of(func)}
        for key in written:
            sink.rows[key] = 0
        total = sum(written.values())
        detail = ", ".join(f"{k} {v:,}" for k, v in written.items())
        self._step(label, total, started)
        self.out(f"    ({detail})")

    @staticmethod
    def _keys_of(func) -> list[str]:
        return {
            task_contacts: ["contact", "affiliation", "contact_language"],
            task_meetings: ["meeting", "meeting_org", "meeting_attendee"],
            task_followups: ["followup"],
            task_actions: ["action", "action_target"],
            task_stories: ["storyteller", "story", "story_theme", "consent"],
            task_signatures: ["signature"],
        }[func]

    def _spec(self, **extra) -> dict:
        return {"seed": self.seed, "copy": self.copy, "anchor": self.anchor, **extra}

    def contacts(self, runner: Runner, sink: Sink) -> None:
        from coalition.models import Contact

        s = self.sizes
        counts = self._counts(s.contacts, baseline=s.baseline_rows)
        base = reserve_ids(Contact, s.contacts)
        segments, start = [], 0
        for info, count in zip(self.campaigns, counts, strict=True):
            segments.append((info.pk, start, count, info.org_ids))
            start += count
        specs = [
            self._spec(segments=chunk, id_base=base)
            for chunk in segments_into_chunks(segments, CHUNK)
        ]
        self._run("contacts", runner, sink, task_contacts, specs, s.contacts)

    def _event_counts(self, total: int, share: float) -> list[int]:
        s = self.sizes
        return self._counts(
            total,
            baseline=s.baseline_rows,
            large=round(s.map_events * share),
            small=round(s.map_small_events * share),
        )

    def meetings_and_followups(self, runner: Runner, sink: Sink) -> None:
        from coalition.models import Meeting

        s = self.sizes
        counts = self._event_counts(s.meetings, 0.4)
        base = reserve_ids(Meeting, s.meetings)
        segments, start = [], 0
        firsts = []
        for info, count in zip(self.campaigns, counts, strict=True):
            segments.append((info.pk, start, count, info.org_ids, info.member_ids))
            firsts.append((base + start, count))
            start += count
        specs = [
            self._spec(segments=chunk, id_base=base)
            for chunk in segments_into_chunks(segments, CHUNK)
        ]
        self._run("meetings", runner, sink, task_meetings, specs, s.meetings)
        self.meeting_ranges = firsts

        fcounts = self._counts(s.followups, baseline=s.baseline_rows)
        segments, start = [], 0
        for info, count, (first, n_meetings) in zip(self.campaigns, fcounts, firsts, strict=True):
            segments.append((info.pk, start, count, first, n_meetings, info.owner_ids))
            start += count
        specs = [self._spec(segments=chunk) for chunk in segments_into_chunks(segments, CHUNK)]
        self._run("follow-ups", runner, sink, task_followups, specs, s.followups)

    def actions(self, runner: Runner, sink: Sink) -> None:
        from actions.models import CampaignAction

        s = self.sizes
        counts = self._event_counts(s.actions, 0.4)
        base = reserve_ids(CampaignAction, s.actions)
        segments, start = [], 0
        for info, count in zip(self.campaigns, counts, strict=True):
            segments.append((info.pk, start, count, info.office_ids[:12]))
            start += count
        specs = [
            self._spec(segments=chunk, id_base=base)
            for chunk in segments_into_chunks(segments, CHUNK)
        ]
        self._run("actions", runner, sink, task_actions, specs, s.actions)

    def stories(self, runner: Runner, sink: Sink) -> None:
        from stories.models import ConsentText, Story, Storyteller
        from stories.services import current_consent_text
        from targets.models import Facility

        s = self.sizes
        texts = {lang: current_consent_text(lang).pk for lang in ("en", "es")}
        del ConsentText  # (current_consent_text installs the texts if they are missing)
        facility_ids = list(Facility.objects.order_by("pk").values_list("pk", flat=True))
        counts = self._counts(s.stories, baseline=s.baseline_rows)
        teller_base = reserve_ids(Storyteller, s.stories)
        story_base = reserve_ids(Story, s.stories)
        segments, start = [], 0
        for info, count in zip(self.campaigns, counts, strict=True):
            segments.append((info.pk, start, count, info.county_id, info.volunteer_id))
            start += count
        specs = [
            self._spec(
                segments=chunk,
                teller_base=teller_base,
                story_base=story_base,
                facility_ids=facility_ids,
                consent_texts=texts,
            )
            for chunk in segments_into_chunks(segments, CHUNK // 2)
        ]
        self._run("stories", runner, sink, task_stories, specs, s.stories)

    def power_maps(self) -> None:
        """The two power-map campaigns: targets (assessments), ties, stance history, and the
        allies' stance changes that the timeline shows."""
        from coalition.models import Interaction
        from targets.models import Assessment, Office, Official, Relationship, StanceChange

        started = time.monotonic()
        s = self.sizes
        rows = 0
        for info, targets, events in (
            (self.campaigns[2], s.map_targets, s.map_events),
            (self.campaigns[3], s.map_small_targets, s.map_small_events),
        ):
            rng = rng_for(self.seed, "power-map", info.slug)
            county = info.county_id
            state = (
                Office.objects.filter(jurisdiction_id=county)
                .values_list("jurisdiction__state_id", flat=True)
                .first()
            )
            offices = list(
                Office.objects.filter(jurisdiction__state_id=state)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            n_orgs = min(len(info.org_ids), max(1, targets // 10))
            n_officials = max(0, targets // 5)
            n_offices = min(len(offices), targets - n_orgs - n_officials)
            chosen_offices = offices[:n_offices]
            officials = list(
                Official.objects.filter(office_id__in=chosen_offices)
                .order_by("pk")
                .values_list("pk", flat=True)[:n_officials]
            )
            assessments = [
                Assessment(
                    campaign_id=info.pk,
                    office_id=pk,
                    priority=rng.choice(["primary", "secondary", "context"]),
                    stance=rng.choice([-2, -1, 0, 1, 2]),
                    influence=rng.randint(1, 5),
                    notes="Listens to the faith leaders; up for re-election."
                    if rng.random() < 0.3
                    else "",
                )
                for pk in chosen_offices
            ]
            assessments += [
                Assessment(
                    campaign_id=info.pk,
                    official_id=pk,
                    priority=rng.choice(["primary", "secondary"]),
                    stance=rng.choice([-2, -1, 0, 1, 2]),
                    influence=rng.randint(1, 5),
                )
                for pk in officials
            ]
            assessments += [
                Assessment(campaign_id=info.pk, organization_id=pk, priority="context")
                for pk in info.org_ids[:n_orgs]
            ]
            made = Assessment.objects.bulk_create(assessments)
            changes = []
            meeting_first, meeting_count = self.meeting_ranges[info.index]
            for a in made:
                if a.organization_id:
                    continue
                first_day = self.anchor.date() - datetime.timedelta(days=rng.randint(200, 500))
                changes.append(
                    StanceChange(
                        campaign_id=info.pk,
                        assessment=a,
                        happened_on=first_day,
                        stance_after=a.stance,
                        influence_after=a.influence,
                    )
                )
                if rng.random() < 0.6:
                    meeting = (
                        meeting_first + rng.randrange(meeting_count) if meeting_count else None
                    )
                    changes.append(
                        StanceChange(
                            campaign_id=info.pk,
                            assessment=a,
                            happened_on=first_day + datetime.timedelta(days=rng.randint(1, 190)),
                            stance_before=max(-2, (a.stance or 0) - 1),
                            stance_after=a.stance,
                            influence_before=a.influence,
                            influence_after=a.influence,
                            evidence_kind="meeting" if meeting else "vote",
                            meeting_id=meeting,
                            evidence_label="Meeting" if meeting else "Board vote",
                            evidence_text="Said the sheriff should answer to the board.",
                        )
                    )
            StanceChange.objects.bulk_create(changes, batch_size=5000)
            office_nodes = [a.office_id for a in made if a.office_id]
            ties = []
            kinds = ["reports_to", "sets_budget", "influences", "appoints", "allied_with"]
            for _n in range(min(len(office_nodes) * (len(office_nodes) - 1), targets // 2)):
                a, b = rng.sample(office_nodes, 2)
                ties.append(
                    Relationship(
                        campaign_id=info.pk,
                        kind=rng.choice(kinds),
                        from_office_id=a,
                        to_office_id=b,
                        source_note="County charter",
                    )
                )
            for pk in info.org_ids[:n_orgs]:
                if office_nodes:
                    ties.append(
                        Relationship(
                            campaign_id=info.pk,
                            kind=rng.choice(["influences", "opposes"]),
                            from_organization_id=pk,
                            to_office_id=rng.choice(office_nodes),
                        )
                    )
            Relationship.objects.bulk_create(ties, batch_size=5000)
            # The rest of the timeline's events: the allies' changes of stance.
            stance_events = events - round(events * 0.4) * 2
            interactions = [
                Interaction(
                    campaign_id=info.pk,
                    organization_id=rng.choice(info.org_ids),
                    kind=Interaction.Kind.STANCE,
                    happened_on=self.anchor.date() - datetime.timedelta(days=rng.randint(0, 500)),
                    summary="Moved to support after the vigil.",
                )
                for _n in range(stance_events if info.org_ids else 0)
            ]
            Interaction.objects.bulk_create(interactions, batch_size=5000)
            rows += len(made) + len(changes) + len(ties) + len(interactions)
        self._step("power maps", rows, started)

    def petitions(self, runner: Runner, sink: Sink) -> None:
        from actions.models import Petition, PetitionCounter

        s = self.sizes
        for info, count, chunk in (
            (self.campaigns[0], s.national_signatures, SIGNATURE_CHUNK),
            (self.campaigns[1], s.baseline_signatures, SIGNATURE_CHUNK),
        ):
            petition = Petition.objects.create(
                campaign_id=info.pk,
                slug=f"{info.slug}-petition",
                title="End ICE holds and 287(g) agreements",
                text="We ask our sheriffs and county boards to stop holding people for ICE.",
                goal=max(count, 200),
                status=Petition.Status.OPEN,
            )
            specs = [
                self._spec(
                    campaign=info.pk,
                    petition=petition.pk,
                    petition_key=info.slug,
                    range=(start, min(chunk, count - start)),
                )
                for start in range(0, count, chunk)
            ]
            self._run(f"signatures ({info.slug})", runner, sink, task_signatures, specs, count)
            started = time.monotonic()
            PetitionCounter.recount(petition)
            self._step("petition counter", 0, started)

    def analyze(self) -> None:
        """Fresh planner statistics and visibility maps, as autovacuum would leave them after a
        while: the benchmarks must measure the plans production gets (without VACUUM, counting a
        campaign's rows by its index still reads every row from the table)."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            elif not connection.in_atomic_block:
                cursor.execute("ANALYZE")
        self._step("vacuum, analyze", 0, started)


# Wiping -----------------------------------------------------------------------------------------


def generated_campaigns() -> models.QuerySet:
    from coalition.models import Campaign

    return Campaign.objects.filter(slug__startswith=SLUG_PREFIX)


def other_campaigns() -> models.QuerySet:
    from coalition.models import Campaign

    return Campaign.objects.exclude(slug__startswith=SLUG_PREFIX)


def wipe(out: Callable[[str], None] = print) -> None:
    """Delete the generated campaigns (with everything in them) and their users. Reference data
    stays: it is topped up, never duplicated, by the next run."""
    from actions.models import Signature
    from core.models import User
    from stories.models import Story

    started = time.monotonic()
    with transaction.atomic():
        campaigns = generated_campaigns()
        # One statement for the biggest table, instead of the deletion collector.
        Signature.objects.filter(campaign__in=campaigns).delete()
        # Stories before their tellers (a storyteller is protected while it has stories); only
        # their keys are read (the collector would otherwise decrypt every story).
        Story.objects.filter(campaign__in=campaigns).only("pk").delete()
        count = campaigns.count()
        campaigns.only("pk").delete()
        User.objects.filter(email__endswith=f"@{USER_DOMAIN}").delete()
    out(f"  deleted {count:,} generated campaigns in {time.monotonic() - started:.1f} s")
