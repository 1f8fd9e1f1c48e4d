from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from coalition.models import Invitation

# The invitation a visitor opened, kept in their session until they have an account.
INVITATION_SESSION_KEY = "brightline_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created only by accepting an invitation."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        token = request.session.get(INVITATION_SESSION_KEY)
        if not token:
            return False
        found = Invitation.objects.by_token(token).first()
        return found is not None and found.is_pending
