"""The login email address and allauth's EmailAddress rows.

A user's login address (`User.email`) is a proven one: the practice gave it and the user set their password through a
link sent there, or followed an invitation sent there. It changes only through allauth's change-email flow
(ACCOUNT_CHANGE_EMAIL): after the password is entered again, the new address waits, unverified, until the link sent
to it is followed; only then does it become the login address. Password reset links go only to proven addresses, and a
waiting address does not sign in (accounts.adapters.AccountAdapter)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView as AllauthEmailView
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse


def is_proven_address(user: AbstractBaseUser, email: str) -> bool:
    """The user's login address, or another address of theirs that was verified."""
    login_address = getattr(user, "email", "") or ""
    if login_address and login_address.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists()


@transaction.atomic
def record_login_address(user: AbstractBaseUser) -> EmailAddress | None:
    """Record the login address as allauth's verified primary address (accounts made by the practice, by an
    invitation or by `seed_demo` have no EmailAddress row until now). An address still waiting for verification stays
    as it is."""
    email = (getattr(user, "email", "") or "").lower()
    if not email:
        return None
    address = EmailAddress.objects.filter(user_id=user.pk, email__iexact=email).first()
    if address is not None and address.verified and address.primary:
        return address
    EmailAddress.objects.filter(user_id=user.pk, primary=True).exclude(email__iexact=email).update(primary=False)
    if address is None:
        return EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    address.verified = address.primary = True
    address.save(update_fields=["verified", "primary"])
    return address


class AddEmailForm(AllauthAddEmailForm):
    """The new address may not be another account's login address (allauth would accept it quietly to hide who has
    an account, and send a link that could never take effect)."""

    def clean_email(self) -> str:
        value = super().clean_email()
        if get_user_model().objects.filter(email__iexact=value).exclude(pk=self.user.pk).exists():
            raise get_adapter().validation_error("email_taken")
        return value


class EmailView(AllauthEmailView):
    """allauth's email page (change mode): the current login address is shown as current, the new one as waiting.
    Making a waiting address primary directly is not offered: it becomes the login address when verified."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            record_login_address(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["email"].label = "New email address"
        return form

    def _action_primary(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        return None


email = EmailView.as_view()
