"""Automatic logoff (HIPAA 164.312(a)(2)(iii)).

Staff sessions end after the practice's `idle_timeout_minutes` without activity, and every session ends 12 hours
(settings.SESSION_ABSOLUTE_TIMEOUT) after sign-in. The server enforces both in `SessionTimeoutMiddleware` from two
timestamps in the session; `static/accounts/session_timeout.js` warns a minute before, offers to stay signed in
(a POST to the keep-alive URL), keeps unsaved form input across the sign-in (see that file) and pings the keep-alive
URL while the user types or clicks, so working on a long form is activity too.

Activity is any request but background reads: htmx GETs (notification bell, progress polls) and the timer's own
status check. Writes of the activity timestamp are throttled to one every ACTIVITY_WRITE_INTERVAL seconds.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .models import User

LOGIN_AT = "casework_login_at"
LAST_ACTIVITY = "casework_last_activity"
SIGNED_IN_AT = (
    "casework_signed_in_at"  # set only by a sign-in (LOGIN_AT also starts for sessions older than this check)
)
ACTIVITY_WRITE_INTERVAL = 15
WARNING_SECONDS = 60


def idle_limit(user: User) -> int | None:
    """Seconds of inactivity after which the user's session ends: the strictest of their practices; None for users
    of no practice (family members, directory admins: only the absolute limit applies)."""
    minutes = [membership.organization.idle_timeout_minutes for membership in user.active_memberships()]
    return min(minutes) * 60 if minutes else None


def mark_login(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    """`user_logged_in` receiver: the clocks start at sign-in."""
    now = time.time()
    request.session[LOGIN_AT] = request.session[LAST_ACTIVITY] = request.session[SIGNED_IN_AT] = now


def counts_as_activity(request: HttpRequest) -> bool:
    if request.path == reverse("accounts:session-status"):
        return False
    return not (request.method == "GET" and request.headers.get("HX-Request"))


def expiry_reason(request: HttpRequest, idle: int | None, now: float) -> str | None:
    session = request.session
    login_at = session.get(LOGIN_AT)
    if login_at is None:  # a session from before this check existed: start its clocks now
        session[LOGIN_AT] = session[LAST_ACTIVITY] = now
        return None
    if now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if idle is not None and now - session.get(LAST_ACTIVITY, login_at) > idle:
        return "idle"
    return None


def remaining(request: HttpRequest, idle: int, now: float) -> int:
    session = request.session
    idle_left = idle - (now - session.get(LAST_ACTIVITY, now))
    absolute_left = settings.SESSION_ABSOLUTE_TIMEOUT - (now - session.get(LOGIN_AT, now))
    return max(0, int(min(idle_left, absolute_left)))


def signed_out_message(reason: str, idle: int | None) -> str:
    if reason == "absolute":
        hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
        return f"You were signed out because you signed in more than {hours} hour{pluralize(hours)} ago. Sign in again to continue."
    minutes = (idle or 0) // 60
    return (
        f"You were signed out after {minutes} minute{pluralize(minutes)} without activity, to protect the records on your screen. "
        "Sign in again to continue where you were."
    )


def login_url(next_path: str | None) -> str:
    url = reverse("account_login")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def _page_of(request: HttpRequest) -> str:
    """Where to come back to: the page itself, or after a POST or an htmx request the page it came from (when ours)."""
    if request.headers.get("HX-Request"):  # a part of a page: come back to the page
        referer = request.headers.get("HX-Current-URL", "")
    elif request.method == "GET":
        return request.get_full_path()
    else:
        referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def sign_out(request: HttpRequest, reason: str, idle: int | None) -> HttpResponse:
    """End the session and send the user to sign in again, back to where they were."""
    is_timer = request.path in (reverse("accounts:session-status"), reverse("accounts:session-keepalive"))
    next_path = None if is_timer else _page_of(request)
    logout(request)
    messages.info(request, signed_out_message(reason, idle))
    if is_timer:
        return JsonResponse({"signed_out": True, "login_url": login_url(None)}, status=401)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url(next_path)
        return response
    return HttpResponseRedirect(login_url(next_path))
