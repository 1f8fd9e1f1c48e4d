import datetime
from decimal import Decimal
from typing import Any

import factory

from targets.models import (
    Arrangement,
    Assessment,
    CustodyStep,
    DetainerPolicy,
    EvidenceKind,
    Facility,
    ImportRun,
    Jurisdiction,
    Office,
    Official,
    Power,
    Priority,
    PublicStatement,
    Relationship,
    RelationshipKind,
    Stance,
    StanceChange,
)


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("fips",)

    name = "Washington"
    kind = Jurisdiction.Kind.STATE
    fips = "53"
    postal_code = "WA"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"Example {n} County")
    kind = Jurisdiction.Kind.COUNTY
    parent = factory.SubFactory(StateFactory)
    state = factory.SelfAttribute("parent")
    fips = factory.Sequence(lambda n: f"53{n % 1000:03d}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"Exampleville {n}")
    kind = Jurisdiction.Kind.CITY
    parent = factory.SubFactory(CountyFactory)
    state = factory.SelfAttribute("parent.state")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Example Sheriff's Office {n}")
    kind = Office.Kind.SHERIFF
    jurisdiction = factory.SubFactory(CountyFactory)
    selection = Office.Selection.ELECTED


class PowerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Power

    office = factory.SubFactory(OfficeFactory)
    kind = Power.Kind.RUNS_JAIL


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    office = factory.SubFactory(OfficeFactory)
    name = factory.Faker("name")
    title = "Sheriff"
    started_on = datetime.date(2023, 1, 1)
    email = "sheriff@example.gov"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Example County Jail {n}")
    kind = Facility.Kind.COUNTY_JAIL
    jurisdiction = factory.SubFactory(CountyFactory)
    controlling_office = factory.SubFactory(OfficeFactory)
    daily_bed_cost = Decimal("170.00")
    bed_cost_source_url = "https://example.gov/budget.pdf"


class ArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arrangement

    office = factory.SubFactory(OfficeFactory)
    kind = Arrangement.Kind.AGREEMENT_287G
    model_287g = Arrangement.Model287g.JAIL
    status = Arrangement.Status.ACTIVE
    signed_on = datetime.date(2025, 2, 24)


class DetainerPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DetainerPolicy

    jurisdiction = factory.SubFactory(CountyFactory)
    title = "Ordinance limiting ICE holds"
    form = DetainerPolicy.Form.ORDINANCE
    enacted_on = datetime.date(2013, 10, 1)


class CustodyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodyStep

    arresting_office = factory.SubFactory(OfficeFactory, kind=Office.Kind.POLICE)
    facility = factory.SubFactory(FacilityFactory)
    stage = CustodyStep.Stage.PRETRIAL
    is_usual_final = True


def reference_samples() -> dict[str, object]:
    """Real rows for every reference-data URL keyword (used by the authorization walk)."""
    step = CustodyStepFactory()
    office = step.arresting_office
    return {
        "jurisdiction_id": office.jurisdiction_id,
        "office_id": office.pk,
        "official_id": OfficialFactory(office=office).pk,
        "facility_id": step.facility_id,
        "arrangement_id": ArrangementFactory(office=office).pk,
        "policy_id": DetainerPolicyFactory().pk,
        "power_id": PowerFactory(office=office, kind=Power.Kind.MAKES_ARRESTS).pk,
        "step_id": step.pk,
        "import_id": ImportRun.objects.create(
            kind=ImportRun.Kind.CENSUS_COUNTIES,
            filename="national_county.txt",
            content=b"",
            as_of=datetime.date(2025, 7, 18),
            status=ImportRun.Status.APPLIED,
        ).pk,
    }


# The campaign's power map (issue 4).


class PublicStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicStatement

    quote = "The county has no business holding people for ICE once their case is over."
    speaker_name = factory.Sequence(lambda n: f"Supervisor Example {n}")
    speaker_title = "County Supervisor"
    said_on = datetime.date(2026, 3, 2)
    bearing = PublicStatement.Bearing.HELPS
    source_title = "Example Gazette"
    source_url = "https://news.example.org/op-ed"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An office on a campaign's map (pass official= or organization= with office=None)."""

    class Meta:
        model = Assessment

    office = factory.SubFactory(OfficeFactory)
    priority = Priority.PRIMARY
    stance = Stance.PASSIVE_OPPOSITION
    influence = 5
    notes = "Up for re-election next year; listens to the faith leaders."


def stance_history(assessment: Assessment, *changes: tuple) -> list[StanceChange]:
    """Write (date, stance_before, stance_after) entries straight into the history."""
    rows = []
    for day, before, after in changes:
        rows.append(
            StanceChange.objects.create(
                campaign=assessment.campaign,
                assessment=assessment,
                happened_on=day,
                stance_before=before,
                stance_after=after,
                influence_before=assessment.influence if before is not None else None,
                influence_after=assessment.influence,
                evidence_kind=EvidenceKind.OTHER if before is not None else EvidenceKind.NONE,
                evidence_text="Said so at the forum." if before is not None else "",
            )
        )
    return rows


def county_power_structure(county=None) -> dict[str, object]:
    """A county's sheriff (runs the jail), board (sets the budget, appoints the executive),
    executive, jail and sheriff in office: what the map derives its ties from."""
    county = county or CountyFactory()
    sheriff = OfficeFactory(
        name=f"{county.name} Sheriff's Office", kind=Office.Kind.SHERIFF, jurisdiction=county
    )
    board = OfficeFactory(
        name=f"{county.name} Board of Supervisors",
        kind=Office.Kind.COUNTY_BOARD,
        jurisdiction=county,
    )
    executive = OfficeFactory(
        name=f"{county.name} Executive", kind=Office.Kind.COUNTY_EXECUTIVE, jurisdiction=county
    )
    PowerFactory(office=sheriff, kind=Power.Kind.RUNS_JAIL)
    PowerFactory(
        office=board, kind=Power.Kind.SETS_BUDGET, source_url="https://county.example.gov/budget"
    )
    PowerFactory(office=board, kind=Power.Kind.APPOINTS, appointed_office=executive)
    jail = FacilityFactory(
        name=f"{county.name} Jail", jurisdiction=county, controlling_office=sheriff
    )
    sheriff_in_office = OfficialFactory(office=sheriff, name="Sheriff Pat Example")
    return {
        "county": county,
        "sheriff": sheriff,
        "board": board,
        "executive": executive,
        "jail": jail,
        "official": sheriff_in_office,
    }


POWER_MAP_PK_PAGES = [
    "targets:assessment_detail",
    "targets:assessment_edit",
    "targets:stance_change",
    "targets:assessment_remove",
]


def power_map_samples(campaign: Any, people: dict[str, Any]) -> dict[str, Any]:
    """Real rows of `campaign`'s power map for every power-map URL: `pk` by URL name, the
    export format and a public statement."""
    from coalition.models import Organization

    places = county_power_structure()
    sheriff = AssessmentFactory(campaign=campaign, office=places["sheriff"])
    AssessmentFactory(
        campaign=campaign,
        office=places["board"],
        priority=Priority.SECONDARY,
        stance=Stance.NEUTRAL,
        influence=4,
    )
    stance_history(sheriff, (datetime.date(2026, 1, 5), None, Stance.ACTIVE_OPPOSITION))
    stance_history(
        sheriff,
        (datetime.date(2026, 2, 9), Stance.ACTIVE_OPPOSITION, Stance.PASSIVE_OPPOSITION),
    )
    union = Organization.objects.create(
        campaign=campaign,
        name="Deputies' Union",
        kind=Organization.Kind.LAW_ENFORCEMENT_UNION,
        stance=-2,
        influence=3,
    )
    relationship = Relationship.objects.create(
        campaign=campaign,
        kind=RelationshipKind.INFLUENCES,
        from_organization=union,
        to_office=places["sheriff"],
        source_note="Endorsed the sheriff in the last election",
    )
    statement = PublicStatementFactory(official=places["official"], office=places["sheriff"])
    pk = dict.fromkeys(POWER_MAP_PK_PAGES, sheriff.pk)
    pk["targets:relationship_edit"] = relationship.pk
    pk["targets:relationship_delete"] = relationship.pk
    return {"pk": pk, "fmt": "svg", "statement_id": statement.pk}
