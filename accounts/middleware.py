"""Project middleware: the reader's time zone, the audit log's client address, friendly pages for the responses
Django leaves empty."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from . import mfa, session_timeout
from .client_ip import client_ip
from .zones import zone_for_user


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, but the address is the real client's (`client_ip`): auditlog itself believes the
    first `X-Forwarded-For` entry, which any client can write."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        return None  # X-Forwarded-Port is as forgeable as the address; the port adds nothing to the trail


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    - `Cache-Control: no-store, private` on every response that does not choose its own: pages and downloads carry case
      data, and a shared computer's browser cache or a proxy must not keep them. Static files never get here
      (WhiteNoise answers them earlier in the chain) and keep their long cache lifetimes.
    - `Permissions-Policy` (settings.PERMISSIONS_POLICY): no camera, microphone, location, payment and the like.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class TimeZoneMiddleware:
    """Every time on the page in the reader's zone (accounts.zones.zone_for_user): their own if they set one, else
    their practice's (a family member: the practice of their case), else the installation's. Active for the whole
    request, template rendering included, and reset after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with timezone.override(zone_for_user(getattr(request, "user", None))):
            return self.get_response(request)


class SessionTimeoutMiddleware:
    """Automatic logoff, enforced on the server (see accounts.session_timeout). Sets `request.session_idle_timeout`
    (seconds, or None) and `request.session_remaining` for the warning script."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        idle = session_timeout.idle_limit(user)
        reason = session_timeout.expiry_reason(request, idle, now)
        if reason:
            return session_timeout.sign_out(request, reason, idle)
        last = request.session.get(session_timeout.LAST_ACTIVITY, 0)
        if session_timeout.counts_as_activity(request) and now - last >= session_timeout.ACTIVITY_WRITE_INTERVAL:
            request.session[session_timeout.LAST_ACTIVITY] = now
        request.session_idle_timeout = idle  # type: ignore[attr-defined]
        request.session_remaining = session_timeout.remaining(request, idle, now) if idle else None  # type: ignore[attr-defined]
        return self.get_response(request)


class MFARequiredMiddleware:
    """A user who must use two-step sign-in (accounts.mfa.mfa_required) but has no authenticator yet reaches only the
    set-up pages, sign-out and re-authentication until one is added."""

    MESSAGE = (
        "Your account must use two-step sign-in. Set up an authenticator app, or a security key or passkey, "
        "to continue. It takes a minute."
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def allowed(self, path: str) -> bool:
        prefixes = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("accounts:session-keepalive"),
            reverse("accounts:session-status"),
            reverse("accounts:session-end"),
        )
        return path.startswith(prefixes)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self.allowed(request.path)
            and mfa.mfa_required(user)
            and not mfa.has_mfa(user)
        ):
            url = reverse("mfa_index")
            if request.headers.get("HX-Request"):
                # A part of a page (the notification bell): send the page to the set-up, unless it is there already.
                response = HttpResponse(status=204)
                if not self.allowed(urlsplit(request.headers.get("HX-Current-URL", "")).path):
                    messages.warning(request, self.MESSAGE)
                    response["HX-Redirect"] = url
                return response
            messages.warning(request, self.MESSAGE)
            return HttpResponseRedirect(url)
        return self.get_response(request)


class FriendlyMethodNotAllowedMiddleware:
    """A form-only URL opened in the browser (a bookmark, a reload after POST) answers 405 with an empty body,
    which browsers show as "This page isn't working". Give it a page that says what happened."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        empty = not getattr(response, "streaming", False) and not response.content
        if response.status_code == 405 and empty and request.method == "GET":
            response.content = loader.render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
