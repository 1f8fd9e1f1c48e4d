"""Private calendar feeds: issuing and revoking a person's secret feed address, and writing
the feed itself (iCalendar, RFC 5545).

The feed carries titles, kinds, times and places only: no notes, no attendees, no contact or
storyteller details. Calendar apps keep copies of what they fetch, on phones and in clouds.
"""

import datetime

import icalendar
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import CalendarFeed, Campaign, FollowUp, Meeting, Membership, hash_token
from core import audit

# How far back and ahead a feed reaches; calendar apps re-read it every hour or so.
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400


def feed_issue(*, campaign: Campaign, user, request: HttpRequest) -> str:
    """A new secret feed address for this person in this campaign; the old one stops working.
    Returns the token, which is shown once and stored only as a hash."""
    token = CalendarFeed.new_token()
    with transaction.atomic():
        # One active feed per person per campaign: serialize two clicks on "new address".
        Membership.objects.for_campaign(campaign).select_for_update().filter(user=user).first()
        revoked = (
            CalendarFeed.objects.for_campaign(campaign)
            .active()
            .filter(user=user)
            .update(revoked_at=timezone.now())
        )
        feed = CalendarFeed.objects.create(
            campaign=campaign, user=user, token_hash=hash_token(token)
        )
        audit.record(
            action="calendar_feed.issued",
            request=request,
            campaign=campaign,
            objects=[feed],
            replaced=revoked,
        )
    return token


def feed_revoke(*, campaign: Campaign, user, request: HttpRequest) -> int:
    with transaction.atomic():
        feeds = list(CalendarFeed.objects.for_campaign(campaign).active().filter(user=user))
        CalendarFeed.objects.filter(pk__in=[f.pk for f in feeds]).update(revoked_at=timezone.now())
        if feeds:
            audit.record(
                action="calendar_feed.revoked", request=request, campaign=campaign, objects=feeds
            )
    return len(feeds)


def feed_for_token(token: str) -> tuple[CalendarFeed, Membership] | None:
    """The active feed of this token, if its owner is still an active member of the campaign."""
    feed = CalendarFeed.objects.active().by_token(token).select_related("campaign", "user").first()
    if feed is None or not feed.user.is_active:
        return None
    membership = Membership.objects.for_campaign(feed.campaign).filter(user=feed.user).first()
    if membership is None:
        return None
    return feed, membership


def feed_ics(*, feed: CalendarFeed, membership: Membership, base_url: str) -> bytes:
    """The feed's calendar: the campaign's meetings and this person's open follow-ups."""
    campaign = feed.campaign
    now = timezone.now()
    meetings = Meeting.objects.for_campaign(campaign).between(
        now - datetime.timedelta(days=FEED_PAST_DAYS),
        now + datetime.timedelta(days=FEED_FUTURE_DAYS),
    )
    followups = (
        FollowUp.objects.for_campaign(campaign)
        .open()
        .owned_by(membership)
        .filter(due_on__gte=timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS))
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Bright Line//Coalition calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{campaign.name} · Bright Line")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "brightline"
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=1))
        event.add("summary", meeting.title)
        event.add("categories", [str(meeting.get_kind_display())])
        if meeting.location:
            event.add("location", meeting.location)
        event.add("description", str(meeting.get_kind_display()))
        event.add("url", base_url + _page("coalition:meeting_detail", campaign, meeting.pk))
        calendar.add_component(event)
    for followup in followups:
        event = icalendar.Event()
        event.add("uid", f"followup-{followup.pk}@{host}")
        event.add("dtstamp", followup.updated_at)
        event.add("dtstart", followup.due_on)
        event.add("dtend", followup.due_on + datetime.timedelta(days=1))
        event.add("summary", _("Follow-up due: %(title)s") % {"title": followup.title})
        event.add("categories", [str(_("Follow-up"))])
        event.add("transp", "TRANSPARENT")
        event.add("url", base_url + _page("coalition:followup_detail", campaign, followup.pk))
        calendar.add_component(event)
    return calendar.to_ical()


def _page(name: str, campaign: Campaign, pk: int) -> str:
    return reverse(name, kwargs={"campaign_slug": campaign.slug, "pk": pk})


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(
        reverse("coalition:calendar_feed", kwargs={"feed_token": token})
    )
