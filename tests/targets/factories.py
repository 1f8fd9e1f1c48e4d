import datetime
from decimal import Decimal

import factory

from targets.models import (
    Arrangement,
    CustodyStep,
    DetainerPolicy,
    Facility,
    ImportRun,
    Jurisdiction,
    Office,
    Official,
    Power,
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
