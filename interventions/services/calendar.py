"""Calendar feed tokens (start a new one, revoking any earlier; revoke) and the emailed calendar invitations."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.zones import in_practice_zone

from ..calendar import plan_ics
from ..models import CalendarFeed, InterventionPlan
from ..models.plan import new_feed_token


@transaction.atomic
def feed_start(*, user: User) -> CalendarFeed:
    """Give the user a fresh secret feed URL; the earlier one stops working at once."""
    feed, _ = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = new_feed_token()
    feed.revoked_at = None
    feed.created_at = timezone.now()
    feed.save()
    return feed


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, by: User) -> CalendarFeed:
    feed.revoked_at = timezone.now()
    feed.token = new_feed_token()  # the old token is gone, not merely flagged
    feed.save(update_fields=["revoked_at", "token"])
    return feed


def calendar_invitations_queue(*, plan: InterventionPlan, by: User) -> int:
    """Queue the emailing of the plan's calendar file to each participant with an address, after commit.
    Returns how many participants will get it."""
    from ..tasks import send_calendar_invitations

    count = plan.participants.exclude(email="").count()
    transaction.on_commit(lambda: send_calendar_invitations.delay(plan.pk))
    return count


def calendar_invitations_send(*, plan_id: int) -> int:
    """Email each participant with an address the .ics of the intervention and its sessions. Returns how many."""
    plan = InterventionPlan.objects.select_related("case__organization").filter(pk=plan_id).first()
    if plan is None:
        return 0
    attachment = plan_ics(plan)
    sent = 0
    for participant in plan.participants.exclude(email=""):
        with in_practice_zone(plan.case.organization):
            body = render_to_string(
                "interventions/emails/calendar_invitation.txt", {"plan": plan, "participant": participant}
            )
        message = EmailMessage(subject="Your calendar invitation from Casework", body=body, to=[participant.email])
        message.attach("invitation.ics", attachment, "text/calendar; method=REQUEST; charset=utf-8")
        message.send()
        sent += 1
    return sent
