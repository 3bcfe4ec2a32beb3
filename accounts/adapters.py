from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context, ratelimit
from allauth.core.internal import ratelimit as ratelimit_impl
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from .client_ip import client_ip
from .email_address import is_proven_address
from .mfa import mfa_required
from .session_timeout import SIGNED_IN_AT

LOCKED_OUT = (
    "Too many failed sign-in attempts for this account from your network. Wait 5 minutes and try again. "
    "If you have forgotten your password, use \u201cForgot your password?\u201d to set a new one."
)
ACCOUNT_LOCKED_OUT = (
    "This account has had too many failed sign-in attempts from several places, so signing in to it is paused "
    "for up to an hour. Set a new password with \u201cForgot your password?\u201d to sign in now, and tell your "
    "practice owner: somebody may be guessing your password."
)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up alone: owners add their staff, interventionists invite family members.

    Failed sign-ins are limited per client address and account together (`login_failed`: a stranger cannot lock the
    owner out from elsewhere), and per account from everywhere (`login_failed_account`, a higher limit against
    guessing from many addresses). Client addresses are the real ones behind trusted proxies."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": LOCKED_OUT,
        "too_many_account_login_attempts": ACCOUNT_LOCKED_OUT,
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        return ip if ip else super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return f"{self._account_key(request, **credentials)}:{self.get_client_ip(request)}"

    def _account_key(self, request: HttpRequest, **credentials: Any) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        # allauth's public `consume` answers a bool; the internal one returns the usage to roll back on success.
        self._account_rl_usage = ratelimit_impl.consume(
            request, app="allauth.account", action="login_failed_account", key=self._account_key(request, **credentials)
        )
        if not self._account_rl_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_account_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Signing in counts as a recent confirmation of the password for two-step sign-in: somebody sent to set it up
        right after signing in is not asked for their password again (allauth asks when the sign-in is older).
        Changing the login email always asks for the password again (ACCOUNT_REAUTHENTICATION_REQUIRED)."""
        request = context.request
        if app != "allauth.mfa":
            return super().is_reauthentication_required(app=app, **kwargs)
        signed_in_at = request.session.get(SIGNED_IN_AT) if request is not None else None
        if signed_in_at is not None and time.time() - signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """An address waiting for verification (a requested email change) does not sign in: only the login address."""
        user = super().authenticate(request, **credentials)
        email = credentials.get("email")
        if user is not None and email and not is_proven_address(user, email):
            return None
        return user

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """Reset links go only to the account's login address (or another verified one of it), never to an address
        waiting for verification: nothing at all is sent there."""
        if is_proven_address(user, email):
            super().send_password_reset_mail(user, email, context)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """A password reset lifts both locks on the account."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, action="login_failed_account", key=self._account_key(request, **credentials))


class MFAAdapter(DefaultMFAAdapter):
    """A user who must use two-step sign-in cannot remove their last authenticator app, security key or passkey."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.RECOVERY_CODES or not mfa_required(authenticator.user):
            return super().can_delete_authenticator(authenticator)
        others = Authenticator.objects.filter(user=authenticator.user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
