"""What in a narrative could identify a person: phone numbers, email addresses, street addresses
and exact dates, in English and Spanish, and the storyteller's own name and contact.

Pure functions over text, with no database: stories.redaction decides what is removed at each
level of identifiability, and a lead may keep a flagged item in anonymized uses
(stories.releases). A storyteller says "me llamaron al 555-010-7788 el 6 de noviembre": printed
for policymakers, that sentence must not carry either.

The patterns lean towards removing too much: a phone number left in a packet can cost someone
their family, a number removed wrongly costs a lead one click to keep it. Where a pattern could
take what is not personal, this is what it does (tests/stories/test_redaction_narrative.py holds
each choice):

- Years and months alone ("in March", "marzo de 2026", "2026") are not exact dates and stay;
  so do days without a month ("the 6th"), durations ("48 hours", "3 días"), amounts ("$5,000
  bail") and counts ("2 children").
- An English month name counts only when capitalized, as English writes it ("may 5" is not a
  date, "May 5" is); Spanish month names count in any case, as Spanish writes them in lower case.
- A day and month in digits without a year ("11/11") is a date only after a word that introduces
  one ("on", "el", "since", "hasta"...): otherwise "24/7" or a score would be taken.
- "d.m.yyyy" needs its four-digit year, so section numbers ("3.1.12") stay.
- A case number ("Case 2026-CR-114", "CR-11-11-26") is neither a date nor a phone: a number run
  attached to letters or another number by a hyphen or a slash is not taken. A case number
  written exactly like a phone number ("555-010-7788") is taken; a lead can keep it.
- A seven-digit local number needs its separator ("555-0100", "555 0100") and a first digit from
  2 to 9, as telephone exchanges have; so a range such as "300-4000" is taken (rare in a story,
  and a lead can keep it) while "100-2000" is not.
- A street address needs its number and, in English, a street type after the name ("1420 Maple
  St"); in Spanish, a street word before the name and a number after it ("calle Juárez 123",
  "avenida Reforma número 12", "Calle 5 de Mayo #45") or "número 12 de la calle Juárez". A street
  named without a number ("on Maple Street", "en la calle Juárez") stays: mark it as an
  identifying detail. Words such as "hours", "the", "días", "cuando" never form a street name,
  so "3 hours on the road" is not an address.
- An apartment or unit with its number ("Apt 4B", "depto. 3", "Unit #12") is an address even on
  its own; a bare "unit 4" is not (a jail has housing units).
- The storyteller's name is matched ignoring capitals and accents ("Lucia" for "Lucía"), whole
  words only; particles of a name ("de", "la", "del", "y") are never removed on their own. A
  hyphenated surname is removed whole and in parts.
- The contact is compared as its values: each phone number in it by its digits, whatever the
  spacing ("555 010 7788" for "555-010-7788", with or without "+1", or its last seven digits),
  each email address and @handle exactly; a contact with none of these (a go-between's name) is
  removed as written.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    DATE = "date"
    NAME = "name"
    CONTACT = "contact"
    DETAIL = "detail"


# Removed wherever the story may not name the person, whatever a lead decides.
ALWAYS = frozenset({Kind.NAME, Kind.CONTACT, Kind.DETAIL})
# Removed by default from anonymized uses; a lead may keep one, with a reason.
RELEASABLE = frozenset({Kind.PHONE, Kind.EMAIL, Kind.ADDRESS, Kind.DATE})
# When removed spans overlap, the merged span says the first kind of this order that it holds.
PRIORITY = (
    Kind.CONTACT,
    Kind.NAME,
    Kind.DETAIL,
    Kind.EMAIL,
    Kind.PHONE,
    Kind.ADDRESS,
    Kind.DATE,
)

LABELS = {
    Kind.PHONE: _("phone number"),
    Kind.EMAIL: _("email address"),
    Kind.ADDRESS: _("street address"),
    Kind.DATE: _("exact date"),
    Kind.NAME: _("storyteller's name"),
    Kind.CONTACT: _("storyteller's contact"),
    Kind.DETAIL: _("marked identifying detail"),
}
# Translated when the narrative is made, so a packet says it in the language it is printed in.
MARKERS = {
    Kind.PHONE: _("[phone removed]"),
    Kind.EMAIL: _("[email removed]"),
    Kind.ADDRESS: _("[address removed]"),
    Kind.DATE: _("[date removed]"),
    Kind.NAME: _("[name removed]"),
    Kind.CONTACT: _("[contact removed]"),
    Kind.DETAIL: _("[detail removed]"),
}


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: Kind
    text: str

    @property
    def releasable(self) -> bool:
        return self.kind in RELEASABLE


def prepare(text: str) -> str:
    """Every span is counted in the composed (NFC) form of the text, so an accent typed as two
    code points is matched like one."""
    return unicodedata.normalize("NFC", text or "")


def release_key(text: str) -> str:
    """What a kept item is compared by: capitals, accents and spacing aside."""
    return " ".join(_fold(prepare(text)).split())


class _FoldTable(dict):
    """str.translate table: each character once, lower case without accents, one for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        base = base.casefold()
        if len(base) != 1:
            base = ch.casefold() if len(ch.casefold()) == 1 else ch
        self[code] = base
        return base


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so spans carry over to the text."""
    return text.translate(_FOLD)


# --- the patterns --------------------------------------------------------------------------

WS = r"[^\S\n]+"  # spaces within a line
WS0 = r"[^\S\n]*"
_NOT_AFTER = r"(?<![\w$#/.,+\-])"  # a number starting here is not part of another one
_NOT_BEFORE = r"(?![\w\-]|[.,/]\d)"  # nor does it go on

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Sept",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_ES_ABBR = ["sept", "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "set", "oct"]
_ES_ABBR += ["nov", "dic"]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


# English month names as English writes them: "November", "Nov.", "NOVEMBER". A period follows
# an abbreviation only: "We came in March. 2 children..." holds no date.
_EN_FULL = _alternation([w for m in _EN_MONTHS[:12] for w in (m, m.upper())])
_EN_ABBR = _alternation([w for m in _EN_MONTHS[12:] for w in (m, m.upper())])
EN_MONTH = rf"(?:{_EN_FULL})\b|(?:{_EN_ABBR})\b\.?"
ES_MONTH = _alternation(_ES_MONTHS)
ES_MONTH_ANY = _alternation(_ES_MONTHS + _ES_ABBR)
DAY = r"(?P<day>[0-3]?\d)(?!\d)"
YEAR = r"(?P<year>\d{4})(?!\d)"

_EN_DATES = [
    # November 6, 2026 · Nov. 6 · Nov 6th 2026
    rf"(?<![\w$])\b(?P<month>{EN_MONTH}){WS}{DAY}(?:st|nd|rd|th)?\b(?:,?{WS}{YEAR})?",
    # 6 November 2026 · the 6th of November · 6 Nov.
    rf"(?:\b[Tt]he{WS})?(?<![\w$.,/\-]){DAY}(?:st|nd|rd|th)?{WS}(?:of{WS})?"
    rf"(?P<month>{EN_MONTH})(?:,?{WS}{YEAR})?",
]
_ES_DATES = [
    # 6 de noviembre de 2026 · el 6 de noviembre · 1º de mayo · primero de mayo · 6 de nov.
    rf"(?<![\w$.,/\-])(?P<day>[0-3]?\d|primero)(?!\d)(?:{WS0}(?:º|°|ro|o)\b)?{WS}de{WS}"
    rf"(?P<month>{ES_MONTH_ANY})\b(?:\.?{WS0}(?:,|del|de){WS}{YEAR})?",
    # noviembre 6 de 2026 · noviembre 6, 2026
    rf"\b(?P<month>{ES_MONTH}){WS}{DAY}\b(?:{WS0}(?:,|del|de){WS}{YEAR})?",
]
_NUMERIC_DATES = [
    # 11/11/2026 · 6-11-26 · 6.11.2026 (dots only with a four-digit year)
    r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<sep>[/\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?![\w/\-]|\.\d)",
    r"(?<![\w/.\-])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>\d{4})(?![\w/\-]|\.\d)",
    # 2026-11-11 · 2026/11/11
    r"(?<![\w/.\-])(?P<year>(?:1[89]|20)\d{2})(?P<sep>[/\-.])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})"
    r"(?![\w/\-]|\.\d)",
]
# 11/11 with no year: only after a word that introduces a date.
_SHORT_DATE = re.compile(
    rf"\b(?:on|the|since|until|till|by|before|after|el|del|al|desde|hasta|antes{WS}del|"
    rf"después{WS}del)(?:{WS}|{WS}\w+{WS})?(?P<date>(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}}))(?![\w/])",
    re.IGNORECASE,
)

EN_DATE_RES = [re.compile(p) for p in _EN_DATES]
ES_DATE_RES = [re.compile(p, re.IGNORECASE) for p in _ES_DATES]
NUMERIC_DATE_RES = [re.compile(p) for p in _NUMERIC_DATES]

# Words that never form a street's name: "3 hours on the road", "2 niños en la calle".
STOPWORDS = (
    "the|a|an|of|on|in|at|to|for|and|or|but|with|from|by|my|his|her|their|our|your|its|this|"
    "that|these|those|was|were|is|are|be|been|had|has|have|he|she|they|we|i|me|us|them|him|"
    "hours?|days?|nights?|weeks?|months?|years?|minutes?|times?|blocks?|miles?|people|"
    "children|kids|men|women|dollars|cents|percent|more|less|than|about|after|before|later|ago|"
    "en|que|cuando|con|por|para|donde|hasta|desde|porque|pero|sin|su|sus|mi|mis|tu|hace|"
    "años?|días?|horas?|noches?|meses|mes|semanas?|minutos?|personas|niños|niñas|hijos|hijas|"
    "veces|cuadras|millas|dólares|y|o|u|al|no|me|le|les|lo|se|ya|estaba|fue|era"
)
# Street types. The abbreviations and "Street", "Avenue", "Boulevard" count in any case; the
# others are everyday words ("one long drive", "no other way") and count only capitalized.
EN_SUFFIX = (
    r"(?:street|st|avenue|ave|boulevard|blvd|rd|ln|dr|hwy|pkwy|ct|pl|ter|cir|trl|sq)|"
    r"(?-i:(?:Road|Drive|Lane|Way|Court|Place|Terrace|Parkway|Circle|Trail|Highway|Loop|"
    r"Plaza|Square|Pike)|(?:ROAD|DRIVE|LANE|WAY|COURT|PLACE|TERRACE|PARKWAY|CIRCLE|TRAIL|"
    r"HIGHWAY|LOOP|PLAZA|SQUARE|PIKE))"
)
ES_STREET = (
    r"calle|c/|avenida|avda\.?|av\.?|camino|carretera|callej[oó]n|calzada|bulevar|boulevard|"
    r"privada|cerrada|andador|prolongaci[oó]n"
)
# "estuvo en la calle 2 horas" names no address.
TIME_UNITS = (
    r"hours?|days?|nights?|weeks?|months?|years?|minutes?|horas?|d[ií]as?|noches?|semanas?|"
    r"mes|meses|a[nñ]os?|minutos?"
)
ES_NUMBER = r"(?:n[uú]mero|n[uú]m\.?|no\.|n[º°o]\.?|\#)"
# A word of a street's name; a period only ends a short abbreviation ("Jr.", "St."), never a
# sentence ("la calle Hidalgo. 1420 ...").
_WORD = rf"(?!(?:{STOPWORDS})\b)(?:[\w'\u2019\-]+|\w{{1,3}}\.)"
_TAIL_WORD = rf"(?!(?:{STOPWORDS})\b)[\w'\u2019\-]+"
UNIT = (
    rf"(?:,?{WS0}(?:Apt|Apartment|Unit|Suite|Ste|Rm|Room|Depto|Dpto|Departamento|Apartamento|"
    rf"Interior|Int|\#)\.?{WS0}\#?{WS0}\d+[A-Za-z]?\b)"
)
_ADDRESSES = [
    # 1420 Maple St · 300 W. 5th Ave, Apt 4B · 22 Martin Luther King Jr. Blvd
    rf"{_NOT_AFTER}\d{{1,6}}[A-Za-z]?(?:{WS0}-{WS0}\d{{1,6}})?{WS}"
    rf"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?{WS})?"
    rf"(?:{_WORD}{WS}){{1,4}}?(?:{EN_SUFFIX})\b{UNIT}?",
    # 1420 Calle Ocho · 123 El Camino Real
    rf"{_NOT_AFTER}\d{{1,6}}[A-Za-z]?{WS}(?:(?:el|la|los|las){WS})?(?:{ES_STREET}){WS}"
    rf"{_TAIL_WORD}(?:{WS}{_TAIL_WORD}){{0,3}}{UNIT}?",
    # calle Juárez 123 · avenida Reforma número 12 · Calle 5 de Mayo #45 · Av. Insurgentes 1500
    rf"(?<![\w])(?:{ES_STREET}){WS}(?:{_WORD}{WS}){{0,5}}(?:{ES_NUMBER}{WS0})?"
    rf"\d{{1,5}}[A-Za-z]?(?![\w/]|[.,]\d)(?!{WS}de{WS}(?:{ES_MONTH_ANY})\b)"
    rf"(?!{WS}(?:{TIME_UNITS})\b){UNIT}?",
    # número 12 de la calle Juárez
    rf"(?<![\w])(?:n[uú]mero|n[uú]m\.?|\#){WS0}\d{{1,5}}[A-Za-z]?{WS}(?:de{WS})?"
    rf"(?:(?:la|el){WS})?(?:{ES_STREET}){WS}{_TAIL_WORD}(?:{WS}{_TAIL_WORD}){{0,3}}",
    # 4400 Highway 6 · 1200 FM 1960
    rf"{_NOT_AFTER}\d{{1,6}}{WS}(?:Highway|Hwy|Route|Rte|State{WS}Road|County{WS}Road|FM|CR|"
    rf"Carretera)\.?{WS}\d{{1,4}}\b",
    # Apt 4B · depto. 3 · Unit #12 (a bare "unit 4" is a jail's housing unit)
    rf"(?<![\w])(?:Apt|Apartment|Suite|Ste|Depto|Dpto|Departamento|Apartamento)\.?{WS0}\#?{WS0}"
    rf"\d+[A-Za-z]?\b",
    rf"(?<![\w])(?:Unit|Interior|Int)\.?{WS0}\#{WS0}\d+[A-Za-z]?\b",
    # P.O. Box 123 · Apartado Postal 45
    rf"(?<![\w])(?:P\.?{WS0}O\.?{WS0}Box|Apartado(?:{WS}Postal)?){WS}\d+\b",
]
ADDRESS_RES = [re.compile(p, re.IGNORECASE) for p in _ADDRESSES]
# A street named for a date ("Calle 5 de Mayo") is not a date.
_STREET_BEFORE = re.compile(rf"(?:{ES_STREET}){WS}$", re.IGNORECASE)

_PHONES = [
    # (555) 010-7788 · +1 555.010.7788 · 5550107788
    rf"{_NOT_AFTER}(?:\+?1{WS0}[.\-]?{WS0})?(?:\(\d{{3}}\){WS0}|\d{{3}}[ .\-]?)\d{{3}}[ .\-]?"
    rf"\d{{4}}{_NOT_BEFORE}",
    # 555-0100 · 555 0100 (a local number)
    rf"{_NOT_AFTER}[2-9]\d{{2}}[ .\-]\d{{4}}{_NOT_BEFORE}",
    # 55 1234 5678 (a Mexican mobile without its country code)
    rf"{_NOT_AFTER}\d{{2}}[ .\-]\d{{4}}[ .\-]\d{{4}}{_NOT_BEFORE}",
    # +52 55 1234 5678 · +502 5555 1234
    rf"(?<![\w$#/.,\-])\+\d{{1,3}}(?:[ .\-]?\(?\d{{1,4}}\)?){{2,6}}{_NOT_BEFORE}",
]
PHONE_RES = [re.compile(p) for p in _PHONES]
EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,}[A-Za-z0-9_]")
# A run of digit groups, for comparing a contact's phone digit by digit.
NUMBER_RUN_RE = re.compile(r"(?<![\w])\+?\(?\d+\)?(?:(?:[ .\-]{1,2}|(?<=\)))\(?\d+\)?)*")
DIGITS_RE = re.compile(r"\d+")
DIGIT_RE = re.compile(r"\d")

# Parts of a name that are never removed on their own.
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "da", "das", "do", "dos", "di", "du"}
    | {"van", "von", "der", "den", "le", "st"}
)


def _matches(patterns: Iterable[re.Pattern], text: str, kind: Kind, valid=None) -> list[Finding]:
    found = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if valid is None or valid(m, text):
                found.append(Finding(m.start(), m.end(), kind, m.group()))
    return found


def _day_month(a: int, b: int) -> bool:
    """Either reading (month first, as in the US, or day first) is a day of the calendar."""
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= a <= 31 and 1 <= b <= 12)


def _valid_named_date(m: re.Match, text: str) -> bool:
    day = m.group("day")
    if day.lower() != "primero" and not 1 <= int(day) <= 31:
        return False
    return not _STREET_BEFORE.search(text, 0, m.start())


def _valid_numeric_date(m: re.Match, text: str) -> bool:
    return _day_month(int(m.group("a")), int(m.group("b")))


def find_dates(text: str) -> list[Finding]:
    text = prepare(text)
    if not DIGIT_RE.search(text) and "primero" not in text.lower():
        return []  # every other form has a digit: most narratives are read in no time
    found = _matches(EN_DATE_RES + ES_DATE_RES, text, Kind.DATE, _valid_named_date)
    found += _matches(NUMERIC_DATE_RES, text, Kind.DATE, _valid_numeric_date)
    for m in _SHORT_DATE.finditer(text):
        if _valid_numeric_date(m, text):
            found.append(Finding(m.start("date"), m.end("date"), Kind.DATE, m.group("date")))
    return found


def find_phones(text: str) -> list[Finding]:
    text = prepare(text)
    if not DIGIT_RE.search(text):
        return []

    def valid(m: re.Match, _text: str) -> bool:
        # An international number has 8 to 15 digits (ITU E.164).
        return not m.group().startswith("+") or 8 <= sum(c.isdigit() for c in m.group()) <= 15

    return _matches(PHONE_RES, text, Kind.PHONE, valid)


def find_emails(text: str) -> list[Finding]:
    text = prepare(text)
    return _matches([EMAIL_RE], text, Kind.EMAIL) if "@" in text else []


def find_addresses(text: str) -> list[Finding]:
    text = prepare(text)
    return _matches(ADDRESS_RES, text, Kind.ADDRESS) if DIGIT_RE.search(text) else []


def find_phrases(text: str, phrases: Iterable[str], kind: Kind) -> list[Finding]:
    """Whole-word matches of each phrase, ignoring capitals, accents and spacing."""
    text = prepare(text)
    patterns = []
    for phrase in phrases:
        words = _fold(prepare(phrase)).split()
        if words and not (len(words) == 1 and len(words[0]) < 2):
            patterns.append(r"\s+".join(re.escape(w) for w in words))
    if not patterns:
        return []
    folded = _fold(text)
    found = []
    for pattern in patterns:
        for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", folded):
            found.append(Finding(m.start(), m.end(), kind, text[m.start() : m.end()]))
    return found


def name_phrases(name: str, *, keep_first: bool = False) -> list[str]:
    """What of a name is removed: the whole name and each part (a hyphenated part whole and
    split), never a particle alone. With `keep_first`, only what follows the first name."""
    parts = prepare(name).split()
    if keep_first:
        parts = parts[1:]
    if not parts:
        return []
    phrases = {" ".join(parts)}
    for part in parts:
        for piece in (part, *part.split("-")):
            piece = piece.strip(".,;:()\"'")
            if len(piece) > 1 and _fold(piece) not in PARTICLES:
                phrases.add(piece)
    return sorted(phrases, key=len, reverse=True)


def _phone_digits(value: str) -> list[str]:
    """The phone numbers in a contact, as digits (seven or more)."""
    found = []
    for m in re.finditer(r"\+?\(?\d[\d\s().\-]*\d", value):
        digits = "".join(DIGITS_RE.findall(m.group()))
        if len(digits) >= 7:
            found.append(digits)
    return found


def _same_phone(written: str, contact: str) -> bool:
    if written == contact:
        return True
    if len(contact) == 11 and contact.startswith("1") and written == contact[1:]:
        return True
    if len(written) == 11 and written.startswith("1") and written[1:] == contact:
        return True
    if len(contact) > 10 and len(written) == 10 and contact.endswith(written):
        return True  # a foreign number without its country code
    return len(contact) >= 10 and len(written) == 7 and contact.endswith(written)


def find_contact(text: str, contact: str) -> list[Finding]:
    """The contact's values wherever the narrative repeats them, a phone in any spacing."""
    text, contact = prepare(text), prepare(contact).strip()
    if not contact:
        return []
    phones = _phone_digits(contact)
    literals = [m.group() for m in EMAIL_RE.finditer(contact)]
    literals += [m.group() for m in HANDLE_RE.finditer(contact)]
    found = []
    if phones:
        for run in NUMBER_RUN_RE.finditer(text):
            groups = list(DIGITS_RE.finditer(run.group()))
            for i in range(len(groups)):
                digits = ""
                for j in range(i, len(groups)):
                    digits += groups[j].group()
                    if len(digits) > 15:
                        break
                    if any(_same_phone(digits, phone) for phone in phones):
                        start = run.start() + groups[i].start()
                        end = run.start() + groups[j].end()
                        while start > run.start() and text[start - 1] in "+(":
                            start -= 1
                        if end < len(text) and text[end] == ")":
                            end += 1
                        found.append(Finding(start, end, Kind.CONTACT, text[start:end]))
    if literals:
        found += find_phrases(text, literals, Kind.CONTACT)
    if not phones and not literals:
        found += find_phrases(text, [contact], Kind.CONTACT)
    return found


def find(
    text: str,
    *,
    names: Iterable[str] = (),
    contact: str = "",
    details: Iterable[str] = (),
    generic: bool = True,
) -> list[Finding]:
    """Every finding in `text`, in order; they may overlap. `names` are the name phrases to
    remove (name_phrases), `details` the lines a volunteer marked as identifying; `generic`
    adds phone numbers, email addresses, street addresses and exact dates."""
    text = prepare(text)
    found = find_phrases(text, names, Kind.NAME)
    found += find_contact(text, contact)
    found += find_phrases(text, [d for d in details if d.strip()], Kind.DETAIL)
    if generic:
        found += find_emails(text) + find_phones(text) + find_addresses(text) + find_dates(text)
    return sorted(set(found), key=lambda f: (f.start, -f.end, PRIORITY.index(f.kind)))


def removed(findings: Iterable[Finding], released: Iterable[str] = ()) -> list[Finding]:
    """The spans that go, merged where they overlap: everything found but the releasable items
    a lead kept (`released`: their release_key), with what lies inside them ("Apt 4B" inside a
    kept "1420 Maple St, Apt 4B"). A kept item that overlaps a name, a contact or a marked
    detail still goes with it."""
    findings = list(findings)
    keys = set(released)
    kept = [f for f in findings if f.releasable and release_key(f.text) in keys]

    def is_kept(f: Finding) -> bool:
        return f.releasable and any(k.start <= f.start and f.end <= k.end for k in kept)

    spans = sorted((f for f in findings if not is_kept(f)), key=lambda f: (f.start, -f.end))
    merged: list[list] = []
    for f in spans:
        if merged and f.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], f.end)
            merged[-1][2].add(f.kind)
        else:
            merged.append([f.start, f.end, {f.kind}])
    return [
        Finding(start, end, next(k for k in PRIORITY if k in kinds), "")
        for start, end, kinds in merged
    ]


def apply(text: str, findings: Iterable[Finding], released: Iterable[str] = ()) -> str:
    """`text` with each removed span replaced by a marker saying what was removed."""
    text = prepare(text)
    out, position = [], 0
    for f in removed(findings, released):
        out += [text[position : f.start], str(MARKERS[f.kind])]
        position = f.end
    out.append(text[position:])
    return "".join(out)


def kind_of(text: str) -> Kind | None:
    """What a kept item is, read from its own text (for the audit of an undone release)."""
    text = prepare(text).strip()
    for f in find(text):
        if f.start == 0 and f.end == len(text):
            return f.kind
    return None
