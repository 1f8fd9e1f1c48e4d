import pytest

from actions.models import CampaignPlan
from actions.services.reference import ensure_policy_elements, load_policy_examples
from targets.models import Office
from tests.targets.factories import (
    CountyFactory,
    CustodyStepFactory,
    FacilityFactory,
    OfficeFactory,
)


@pytest.fixture(autouse=True)
def _elements(db):
    """The catalogue the data migration ships (a browser test's flush may have removed it)."""
    ensure_policy_elements()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def place(db):
    """A county whose city police take arrestees to the county jail, run by the sheriff."""
    county = CountyFactory(name="Example County")
    sheriff = OfficeFactory(name="Example County Sheriff's Office", jurisdiction=county)
    board = OfficeFactory(
        name="Example County Board", kind=Office.Kind.COUNTY_BOARD, jurisdiction=county
    )
    jail = FacilityFactory(
        name="Example County Jail",
        jurisdiction=county,
        controlling_office=sheriff,
        daily_bed_cost=None,
    )
    police = OfficeFactory(name="Example City Police", kind=Office.Kind.POLICE, jurisdiction=county)
    step = CustodyStepFactory(arresting_office=police, facility=jail, is_usual_final=True)
    return {
        "county": county,
        "sheriff": sheriff,
        "board": board,
        "jail": jail,
        "police": police,
        "step": step,
    }


@pytest.fixture
def plan(campaign, place):
    return CampaignPlan.objects.create(campaign=campaign, jurisdiction=place["county"])


@pytest.fixture
def examples(db):
    return load_policy_examples()


@pytest.fixture
def as_observer(observer):
    from tests.conftest import client_for

    return client_for(observer)
