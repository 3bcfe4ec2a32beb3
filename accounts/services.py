"""Writes on practices and memberships. Each is one transaction and takes the acting user."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.db import transaction
from django.http import HttpRequest

from .exceptions import DomainError
from .models import Membership, Organization, User


@transaction.atomic
def membership_add(
    *,
    organization: Organization,
    email: str,
    display_name: str,
    role: str,
    by: User,
    request: HttpRequest | None = None,
) -> Membership:
    """Add a person to a practice, creating their user if needed.

    A new user gets no usable password; `password_setup_send` then mails them a link to set one.
    Raises DomainError when the person is already an active member.
    """
    email = email.strip().lower()
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, membership_created = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not membership_created:
        if membership.is_active:
            raise DomainError(f"{user} is already a member of {organization}.")
        membership.is_active = True
        membership.role = role
        membership.save(update_fields=["is_active", "role"])
    return membership


def password_setup_send(*, user: User, request: HttpRequest) -> None:
    """Email a user without a usable password the link to set one (allauth's reset flow)."""
    if user.has_usable_password():
        return
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)


@transaction.atomic
def membership_change(*, membership: Membership, role: str, is_active: bool, by: User) -> Membership:
    """Change a member's role or deactivate them. Raises DomainError if the practice would lose its last owner."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    losing_owner = membership.is_owner and (role != Membership.Role.OWNER or not is_active)
    if losing_owner:
        other_owners = (
            Membership.objects.filter(
                organization_id=membership.organization_id, role=Membership.Role.OWNER, is_active=True
            )
            .exclude(pk=membership.pk)
            .exists()
        )
        if not other_owners:
            raise DomainError("A practice needs at least one active owner: make someone else owner first.")
    membership.role = role
    membership.is_active = is_active
    membership.save(update_fields=["role", "is_active"])
    return membership
