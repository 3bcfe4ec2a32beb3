"""Calendar feed tokens: start a new one (revoking any earlier), revoke."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import CalendarFeed
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
