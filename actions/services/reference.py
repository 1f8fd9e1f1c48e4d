"""Shared reference data of the actions app: the policy-element catalogue and enacted policies'
scores, and the loader of the toolkit's example policies."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from actions.catalogue import ELEMENTS
from actions.examples import POLICY_EXAMPLES, PlaceData
from actions.models import PolicyElement, PolicyScore
from targets.importers.census import STATES
from targets.models import DetainerPolicy, Jurisdiction, normalize_name
from targets.services import save_jurisdiction

CHANGE_REASON = "toolkit examples (load_policy_examples)"


def ensure_policy_elements() -> int:
    """Create the catalogue's elements that are missing; never overwrite edited ones."""
    existing = set(PolicyElement.objects.values_list("code", flat=True))
    created = 0
    for position, data in enumerate(ELEMENTS, start=1):
        if data["code"] in existing:
            continue
        element = PolicyElement(
            code=data["code"],
            group=data["group"],
            name=data["name"],
            description=data["description"],
            weight=data["weight"],
            touches_information_sharing=data["information_sharing"],
            position=position,
        )
        element._change_reason = "catalogue"
        element.save()
        created += 1
    return created


@dataclass
class ScoreRow:
    element: PolicyElement
    coverage: str
    note: str = ""
    source: str = ""


def save_policy_scores(*, policy: DetainerPolicy, rows: Iterable[ScoreRow]) -> int:
    """Record a policy's reading element by element; returns how many scores changed."""
    current = {s.element_id: s for s in PolicyScore.objects.filter(policy=policy)}
    changed = 0
    with transaction.atomic():
        for row in rows:
            score = current.get(row.element.pk)
            values = {"coverage": row.coverage, "note": row.note.strip(), "source": row.source}
            if score is None:
                if row.coverage == PolicyScore.Coverage.NONE and not values["note"]:
                    continue  # nothing to say: "not scored" and "none" read the same
                score = PolicyScore(policy=policy, element=row.element)
            elif all(getattr(score, k) == v for k, v in values.items()):
                continue
            for key, value in values.items():
                setattr(score, key, value)
            score.save()
            changed += 1
    return changed


@dataclass
class LoadReport:
    elements: int = 0
    places: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    scores: int = 0

    def lines(self) -> list[str]:
        return [
            f"Policy elements added: {self.elements}",
            f"Places added: {len(self.places)}"
            + (f" ({', '.join(self.places)})" if self.places else ""),
            f"Policies added: {len(self.policies)}"
            + (f" ({'; '.join(self.policies)})" if self.policies else ""),
            f"Scores added: {self.scores}",
        ]


def _by_name(name: str, parent: Jurisdiction, kinds: Iterable[str]) -> Jurisdiction | None:
    """A place someone (or an importer) entered without its Census code."""
    wanted = normalize_name(name)
    candidates = Jurisdiction.objects.filter(fips="", kind__in=list(kinds)).filter(
        Q(parent=parent) | Q(state=parent)
    )
    return next((j for j in candidates if normalize_name(j.name) == wanted), None)


def find_or_create_place(data: PlaceData, report: LoadReport) -> Jurisdiction:
    fips = data["fips"]
    found = Jurisdiction.objects.filter(fips=fips).first()
    if found is not None:
        return found
    if len(fips) == 2:
        postal, name, kind = STATES[fips]
        place = Jurisdiction(fips=fips, name=name, kind=kind, postal_code=postal)
    else:
        parent = find_or_create_place({"fips": data.get("parent_fips", fips[:2])}, report)
        kinds = (
            Jurisdiction.LOCAL if data["kind"] in Jurisdiction.LOCAL else Jurisdiction.COUNTY_LEVEL
        )
        same = _by_name(data["name"], parent, kinds)
        if same is not None:
            return same
        place = Jurisdiction(fips=fips, name=data["name"], kind=data["kind"], parent=parent)
    place._change_reason = CHANGE_REASON
    save_jurisdiction(jurisdiction=place)
    report.places.append(str(place))
    return place


def load_policy_examples() -> LoadReport:
    """The toolkit's example policies with their scores. Idempotent: what exists (and may have
    been corrected since) is kept; only what is missing is added."""
    report = LoadReport()
    with transaction.atomic():
        report.elements = ensure_policy_elements()
        elements = {e.code: e for e in PolicyElement.objects.all()}
        for data in POLICY_EXAMPLES:
            place = find_or_create_place(data["place"], report)
            policy = DetainerPolicy.objects.filter(jurisdiction=place, title=data["title"]).first()
            if policy is None:
                policy = DetainerPolicy(
                    jurisdiction=place,
                    title=data["title"],
                    form=data["form"],
                    enacted_on=data["enacted_on"],
                    summary=data["summary"],
                )
                policy._change_reason = CHANGE_REASON
                policy.save()
                report.policies.append(policy.title)
            scored = set(
                PolicyScore.objects.filter(policy=policy).values_list("element__code", flat=True)
            )
            for code, (coverage, note, source) in data["scores"].items():
                if code in scored or code not in elements:
                    continue
                score = PolicyScore(
                    policy=policy,
                    element=elements[code],
                    coverage=coverage,
                    note=note,
                    source=source,
                )
                score._change_reason = CHANGE_REASON
                score.save()
                report.scores += 1
    return report


def policy_examples_loaded() -> dict[str, Any]:
    titles = [d["title"] for d in POLICY_EXAMPLES]
    return {
        "expected": len(titles),
        "found": DetainerPolicy.objects.filter(title__in=titles).count(),
    }
