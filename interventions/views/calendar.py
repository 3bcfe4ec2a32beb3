"""A per-user calendar feed with a secret, revocable token."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_access

from ..calendar import feed_for, feed_plans
from ..models import CalendarFeed
from ..services.calendar import feed_revoke, feed_start

TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # secrets.token_urlsafe's alphabet


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke" and feed:
            feed_revoke(feed=feed, by=request.user)
            messages.success(request, "The calendar link was revoked: calendars subscribed to it stop updating.")
        else:
            feed_start(user=request.user)
            messages.success(request, "A new private calendar link was made. Any earlier link no longer works.")
        return redirect("interventions:calendar-feed-settings")
    url = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": feed.token})) if feed else ""
    return render(request, "interventions/calendar_feed.html", {"feed": feed, "feed_url": url})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription itself: no login (calendar apps can't), the token is the key; revoked is 404."""
    if not TOKEN.fullmatch(token):  # never a real token; and PostgreSQL refuses a NUL byte in a query (a 500)
        raise Http404("Unknown calendar")
    subscription = CalendarFeed.objects.select_related("user").filter(token=token, revoked_at__isnull=True).first()
    if subscription is None or not subscription.user.is_active:
        raise Http404("Unknown calendar")
    plans = feed_plans(subscription.user)
    for plan in plans:
        log_access(plan, actor=subscription.user)
    return HttpResponse(feed_for(subscription.user, plans), content_type="text/calendar; charset=utf-8")
