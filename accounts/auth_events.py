"""Sign-ins, failed sign-ins and sign-outs in the audit log (ASVS 7.2.1), with the real client address.

Each is an ACCESS entry on the user's own record (so the owner's audit log lists it under the user's practice), with
`additional_data["event"]` saying what happened. A failed sign-in is logged only for an address that has an account
(with no actor: nobody proved who they are); the password typed is never logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from .audit import log_access
from .client_ip import client_ip
from .models import User

SIGNED_IN, SIGNED_OUT, SIGN_IN_FAILED = "signed in", "signed out", "sign-in failed"


def _log(user: User, event: str, request: HttpRequest | None, *, actor: User | None) -> None:
    log_access(user, actor=actor, remote_addr=client_ip(request) if request is not None else None, event=event)


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    _log(user, SIGNED_IN, request, actor=user)


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        _log(user, SIGNED_OUT, request, actor=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "").strip()
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is not None:
        _log(user, SIGN_IN_FAILED, request, actor=None)


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.auth_events.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="accounts.auth_events.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.auth_events.login_failed")
