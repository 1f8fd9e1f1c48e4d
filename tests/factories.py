import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from coalition.models import Campaign, Membership
from coalition.permissions import Role
from core.models import User

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"ICE out of County {n}")
    slug = factory.Sequence(lambda n: f"county-{n}")
    jurisdiction_text = "Example County, Anystate"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    campaign = factory.SubFactory(CampaignFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VOLUNTEER


def enable_totp(user: User) -> str:
    """Give the user a TOTP authenticator, as enrolling in the app would; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
