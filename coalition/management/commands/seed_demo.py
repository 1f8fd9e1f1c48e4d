from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions.demo import seed_plan
from actions.services.reference import load_policy_examples
from coalition.management.commands._coalition_demo import seed_coalition
from coalition.models import Campaign, Membership
from coalition.permissions import Role
from core.models import User
from stories.demo import seed_stories
from targets.models import Jurisdiction

DEMO_PASSWORD = "brightline-demo"  # noqa: S105  (printed on purpose: demo accounts only)

# The public files vendored in data/, in the order they depend on each other.
REFERENCE_FILES = [
    ("census_counties", "national_county.txt"),
    ("ice_287g_participating", "participatingAgencies07182025pm.xlsx"),
    ("ice_287g_pending", "pendingAgencies07182025pm.xlsx"),
    ("ice_facilities", "FY26_detentionStats_04092026.xlsx"),
]

DEMO_CAMPAIGN = {
    "slug": "example-county",
    "name": "ICE out of Example County",
    "jurisdiction_text": "Example County, Anystate",
    "description": (
        "A fictional coalition asking the Example County Sheriff and the Board of Supervisors "
        "to stop holding people for ICE and to end the county's 287(g) agreement."
    ),
}
SECOND_CAMPAIGN = {
    "slug": "sample-city",
    "name": "Sample City Welcoming Coalition",
    "jurisdiction_text": "Sample City, Anystate",
    "description": "A fictional city campaign for a policy that keeps the police out of ICE work.",
}
DEMO_USERS = [
    # email, name, role in Example County, role in Sample City
    ("lead@example.org", "Lena Lead", Role.LEAD, Role.COORDINATOR),
    ("coordinator@example.org", "Carlos Coordinator", Role.COORDINATOR, None),
    ("volunteer@example.org", "Valeria Volunteer", Role.VOLUNTEER, None),
    ("observer@example.org", "Omar Observer", Role.OBSERVER, None),
    ("outsider@example.org", "Olga Outsider", None, Role.LEAD),
]


class Command(BaseCommand):
    help = "Create the demo campaigns and one user per role (idempotent); print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a real site)."
        )
        parser.add_argument(
            "--with-reference-data",
            action="store_true",
            help="Also import the public files in data/ (counties, 287(g) lists, ICE facilities) "
            "if the reference tables are empty.",
        )

    def handle(self, *args: Any, force: bool, with_reference_data: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only with DEBUG on."
            )
        with transaction.atomic():
            example = self._campaign(DEMO_CAMPAIGN)
            sample = self._campaign(SECOND_CAMPAIGN)
            for email, name, example_role, sample_role in DEMO_USERS:
                user = self._user(email, name)
                for campaign, role in ((example, example_role), (sample, sample_role)):
                    if role is not None:
                        Membership.objects.update_or_create(
                            campaign=campaign, user=user, defaults={"role": role}
                        )
            seed_coalition(example)
            volunteer = User.objects.get(email="volunteer@example.org")
            seed_stories(campaign=example, taken_by=volunteer)
        if with_reference_data:
            self._reference_data()
        # The example policies and the demo plan reuse the places imported above, if any.
        load_policy_examples()
        example = Campaign.objects.get(slug=DEMO_CAMPAIGN["slug"])
        seed_plan(campaign=example)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Sign in with any of these (password: {DEMO_PASSWORD}):")
        for email, _name, example_role, sample_role in DEMO_USERS:
            roles = ", ".join(
                f"{role.label} of {campaign['name']}"
                for campaign, role in (
                    (DEMO_CAMPAIGN, example_role),
                    (SECOND_CAMPAIGN, sample_role),
                )
                if role is not None
            )
            self.stdout.write(f"  {email:<26} {roles}")
        if not settings.REQUIRE_LEAD_MFA:
            self.stdout.write("Second factor for leads: not required on this development server.")

    def _reference_data(self) -> None:
        if Jurisdiction.objects.exists():
            return
        folder = Path(settings.BASE_DIR) / "data"
        for kind, name in REFERENCE_FILES:
            self.stdout.write(f"Importing {name} …")
            call_command("import_reference", kind, str(folder / name), stdout=self.stdout)

    def _campaign(self, data: dict[str, str]) -> Campaign:
        campaign, _ = Campaign.objects.update_or_create(
            slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
        )
        return campaign

    def _user(self, email: str, name: str) -> User:
        user, created = User.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
