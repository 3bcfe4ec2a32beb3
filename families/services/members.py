"""Family members and their invitations: add, invite (email through Celery after commit), revoke, accept."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interventions.models import Case

from ..exceptions import InvitationInvalid
from ..models import FamilyMember, Invitation
from ..models.members import INVITATION_VALID_FOR, hash_token


@transaction.atomic
def member_create(*, case: Case, by: User, **fields: Any) -> FamilyMember:
    """Add a family member or friend to the case."""
    return FamilyMember.objects.create(case=case, created_by=by, **fields)


@transaction.atomic
def member_update(*, member: FamilyMember, by: User, **fields: Any) -> FamilyMember:
    """Change a member's details (name, relationship, contact, role, active)."""
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    return member


@transaction.atomic
def invitation_send(*, member: FamilyMember, by: User) -> tuple[Invitation, str]:
    """Create a fresh single-use invitation (revoking any pending one: this is also "resend") and queue its
    email after commit. Returns the invitation and its token (the token is stored only as a hash)."""
    if not member.email:
        raise InvitationInvalid("Add an email address before inviting this person.")
    if member.user_id:
        raise InvitationInvalid(f"{member.name} has already joined the portal.")
    now = timezone.now()
    for pending in member.invitations.select_for_update().filter(accepted_at__isnull=True, revoked_at__isnull=True):
        if pending.status_at(now) == Invitation.Status.PENDING:
            pending.revoked_at, pending.revoked_by = now, by
            pending.save(update_fields=["revoked_at", "revoked_by"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        member=member, email=member.email, token_hash=hash_token(token), created_at=now,
        expires_at=now + INVITATION_VALID_FOR, sent_by=by,
    )  # fmt: skip
    from ..tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk, token))
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Revoke a pending invitation: its link stops working at once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationInvalid("Only a pending invitation can be revoked.")
    invitation.revoked_at, invitation.revoked_by = timezone.now(), by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


INVALID_MESSAGES = {
    Invitation.Status.ACCEPTED: "This invitation has already been used. Log in with your email and password instead.",
    Invitation.Status.EXPIRED: "This invitation has expired. Please ask your interventionist to send you a new one.",
    Invitation.Status.REVOKED: "This invitation was withdrawn. Please ask your interventionist for a new one.",
    None: "This invitation link is not valid. Please check that you copied the whole link from the email.",
}


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation:
    """The pending invitation with this token; raises InvitationInvalid with a clear message otherwise."""
    queryset = Invitation.objects.select_related("member__case")
    if lock:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationInvalid(INVALID_MESSAGES[None], status=404)
    status = invitation.status
    if status == Invitation.Status.PENDING and not invitation.member.is_active:
        status = Invitation.Status.REVOKED
    if status != Invitation.Status.PENDING:
        raise InvitationInvalid(INVALID_MESSAGES[status], status=410)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User | None = None, name: str = "", password: str = "") -> FamilyMember:
    """Use the invitation once: link `user` (an existing account), or create the account with `password`.

    Raises InvitationInvalid when the token is used, expired, revoked or wrong, when `user` is not the account of the
    invited email (an invitation joins only the person it was sent to), or the account is already a member of this
    case."""
    invitation = invitation_for_token(token, lock=True)
    member = invitation.member
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationInvalid("An account with this email already exists: log in first, then open the link.")
        user = User.objects.create_user(email=invitation.email, password=password, display_name=name or member.name)
    elif not is_invited_account(invitation, user):
        raise InvitationInvalid(wrong_account_message(invitation, user), status=403)
    elif FamilyMember.objects.filter(case=member.case, user=user).exclude(pk=member.pk).exists():
        raise InvitationInvalid("Your account is already linked to another person on this case.")
    now = timezone.now()
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    member.user = user
    member.save(update_fields=["user"])
    return member


def is_invited_account(invitation: Invitation, user: User) -> bool:
    """Is `user` the account of the address the invitation was sent to?"""
    return user.email.casefold() == invitation.email.casefold()


def wrong_account_message(invitation: Invitation, user: User) -> str:
    return (
        f"This invitation was sent to {invitation.email}, but you are signed in as {user.email}. "
        f"Sign out first, then open the link again to join with {invitation.email}."
    )


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def invitation_email_send(*, invitation_id: int, token: str) -> bool:
    """Email the invitation link once. Returns False if it was sent already, revoked, or is gone."""
    invitation = Invitation.objects.select_related("member__case__organization", "sent_by").filter(pk=invitation_id)
    invitation = invitation.first()
    if invitation is None or invitation.email_sent_at or invitation.status != Invitation.Status.PENDING:
        return False
    url = settings.SITE_URL.rstrip("/") + reverse("families:invitation-accept", kwargs={"token": token})
    context = {"invitation": invitation, "member": invitation.member, "url": url}
    send_mail(
        subject=f"{invitation.member.case.organization} invites you to your family portal",
        message=render_to_string("families/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now())
    return True
