"""The public index: open petitions and letters, the 287(g) lookup, leading a county campaign."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from actions.models import LetterCampaign, Petition, PublicStatus
from actions.public import cacheable


@cacheable
def index(request: HttpRequest) -> HttpResponse:
    # Public data only: titles and addresses of what campaigns have opened to the public.
    petitions = Petition.objects.filter(status=PublicStatus.OPEN).only(
        "slug", "title", "title_es", "text", "text_es", "goal"
    )[:50]
    letters = LetterCampaign.objects.filter(status=PublicStatus.OPEN).only(
        "slug", "title", "title_es", "text", "text_es"
    )[:50]
    return render(request, "public/index.html", {"petitions": petitions, "letters": letters})
