"""The calendar of meetings and due follow-ups (month and week, plain HTML), and the private
per-person calendar feed a phone's calendar subscribes to."""

import calendar
import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.access import campaign_view
from coalition.models import CalendarFeed
from coalition.permissions import Action
from coalition.selectors import calendar_entries
from coalition.services.calendar import (
    feed_for_token,
    feed_ics,
    feed_issue,
    feed_revoke,
    feed_url,
)

# The new feed address is shown once, on the page after it was made.
NEW_FEED_SESSION_KEY = "coalition_new_calendar_feed"


def _first_weekday() -> int:
    """Python's first day of the week (0 = Monday) from the active language's format."""
    return (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def _parse_month(value: str, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _parse_day(value: str, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return today


@campaign_view(Action.VIEW)
def calendar_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _parse_month(request.GET.get("month", ""), today)
    weeks = calendar.Calendar(_first_weekday()).monthdatescalendar(first.year, first.month)
    entries = calendar_entries(request.campaign, weeks[0][0], weeks[-1][-1])
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "coalition/calendar/month.html",
        {
            "month": first,
            "today": today,
            "weekdays": weeks[0],
            "weeks": [
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "is_today": day == today,
                        **entries.get(day, {"meetings": [], "followups": []}),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            "previous_month": f"{previous_month:%Y-%m}",
            "next_month": f"{next_month:%Y-%m}",
            "this_month": f"{today:%Y-%m}",
        },
    )


@campaign_view(Action.VIEW)
def calendar_week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    day = _parse_day(request.GET.get("week", ""), today)
    start = day - datetime.timedelta(days=(day.weekday() - _first_weekday()) % 7)
    days = [start + datetime.timedelta(days=n) for n in range(7)]
    entries = calendar_entries(request.campaign, days[0], days[-1])
    return render(
        request,
        "coalition/calendar/week.html",
        {
            "start": start,
            "end": days[-1],
            "today": today,
            "days": [
                {
                    "date": d,
                    "is_today": d == today,
                    **entries.get(d, {"meetings": [], "followups": []}),
                }
                for d in days
            ],
            "previous_week": (start - datetime.timedelta(days=7)).isoformat(),
            "next_week": (start + datetime.timedelta(days=7)).isoformat(),
            "month": f"{start:%Y-%m}",
        },
    )


@campaign_view(Action.VIEW)
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    feed = (
        CalendarFeed.objects.for_campaign(request.campaign)
        .active()
        .filter(user=request.user)
        .first()
    )
    new_url = None
    token = request.session.pop(NEW_FEED_SESSION_KEY, None)
    if token and feed is not None:
        new_url = feed_url(request, token)
    return render(
        request,
        "coalition/calendar/feed.html",
        {
            "feed": feed,
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            )
            if new_url
            else None,
        },
    )


@campaign_view(Action.VIEW)
@require_POST
def calendar_feed_issue(request: HttpRequest) -> HttpResponse:
    token = feed_issue(campaign=request.campaign, user=request.user, request=request)
    request.session[NEW_FEED_SESSION_KEY] = token
    messages.success(
        request,
        _("Your calendar address is ready. Any earlier address for this campaign stopped working."),
    )
    return redirect("coalition:calendar_feed_settings", campaign_slug=request.campaign.slug)


@campaign_view(Action.VIEW)
@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    if feed_revoke(campaign=request.campaign, user=request.user, request=request):
        messages.success(
            request, _("Your calendar address was turned off. Calendars reading it get nothing.")
        )
    else:
        messages.info(request, _("You had no calendar address for this campaign."))
    return redirect("coalition:calendar_feed_settings", campaign_slug=request.campaign.slug)


@require_GET
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The feed itself. Public: the secret address is the credential, so a wrong, revoked or
    orphaned address gets 404, the same as one that never existed."""
    found = feed_for_token(feed_token)
    if found is None:
        raise Http404
    feed, membership = found
    body = feed_ics(
        feed=feed, membership=membership, base_url=f"{request.scheme}://{request.get_host()}"
    )
    CalendarFeed.objects.for_campaign(feed.campaign).filter(pk=feed.pk).update(
        last_fetched_at=timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bright-line.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
