from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coalition.management.commands._coalition_demo import seed_coalition
from coalition.models import Campaign, Membership
from coalition.permissions import Role
from core.models import User

DEMO_PASSWORD = "brightline-demo"  # noqa: S105  (printed on purpose: demo accounts only)

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

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
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
