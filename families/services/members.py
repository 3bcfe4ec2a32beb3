"""Family members and their invitations: add, invite (the invitation row is the outbox of its email, handed to
Celery after commit and swept by beat), revoke, accept."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.zones import in_practice_zone
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
def invitation_send(*, member: FamilyMember, by: User) -> Invitation:
    """Record a fresh invitation, queued, and hand its email to the broker after commit (this is also
    "resend"). An earlier invitation that was never emailed is revoked at once (it has no link); an earlier
    pending link keeps working until the new email has actually gone (invitation_email_send revokes it then).

    Never fails for a broker that is down: the invitation stays queued and the sweep hands it over again.
    Raises InvitationInvalid when the member has no email or has joined already."""
    if not member.email:
        raise InvitationInvalid("Add an email address before inviting this person.")
    if member.user_id:
        raise InvitationInvalid(f"{member.name} has already joined the portal.")
    now = timezone.now()
    member.invitations.select_for_update().filter(
        email_sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=by)
    invitation = Invitation.objects.create(
        member=member, email=member.email, created_at=now, expires_at=now + INVITATION_VALID_FOR, sent_by=by
    )
    transaction.on_commit(lambda: _hand_over(invitation))
    return invitation


# An email handed over this long ago and still not sent was lost on the way: the sweep hands it over again.
REQUEUE_AFTER = dt.timedelta(minutes=5)


def _hand_over(invitation: Invitation) -> bool:
    """Publish the email task (short broker timeouts, never raises) and record when it was handed over."""
    from config.celery import hand_over

    from ..tasks import send_invitation_email

    if not hand_over(send_invitation_email, invitation.pk):
        return False
    invitation.email_queued_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(email_queued_at=invitation.email_queued_at)
    return True


def invitations_sweep(*, now: dt.datetime | None = None) -> int:
    """The outbox sweep of invitation emails (beat, every minute): hand over again every queued invitation the
    broker never got, or got more than REQUEUE_AFTER ago without the email going. Returns how many."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        Q(email_queued_at__isnull=True) | Q(email_queued_at__lt=now - REQUEUE_AFTER),
        email_sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        member__is_active=True,
        member__user__isnull=True,
    )
    return sum(_hand_over(invitation) for invitation in due.only("pk"))


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Revoke a pending invitation: its link stops working at once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status not in (Invitation.Status.QUEUED, Invitation.Status.PENDING):
        raise InvitationInvalid("Only a queued or pending invitation can be revoked.")
    invitation.revoked_at, invitation.revoked_by = timezone.now(), by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


INVALID_MESSAGES: dict[str | None, str] = {
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


def invitation_email_send(*, invitation_id: int) -> bool:
    """Email a queued invitation once, with a token made now; then revoke the member's earlier pending links.

    Returns False (sending nothing) unless the invitation is still queued (not sent, revoked or accepted) and
    its member active and not yet joined. The token is made here and only its hash stored, in the same
    transaction that records the email sent, with the row locked so a redelivered task and the sweep cannot
    both send. If the mail server refuses, nothing is recorded and the sweep tries again. If the worker dies
    after the server accepted the email but before the commit, that email's link never works (its hash was
    not committed) and the sweep sends a second email with a working link: a rare duplicate, never a lost
    invitation and never two working links."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("member__case__organization", "sent_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.status != Invitation.Status.QUEUED:
            return False
        member = invitation.member
        if not member.is_active or member.user_id:
            return False
        now = timezone.now()
        token = secrets.token_urlsafe(32)
        invitation.token_hash, invitation.email_sent_at = hash_token(token), now
        invitation.expires_at = now + INVITATION_VALID_FOR
        invitation.save(update_fields=["token_hash", "email_sent_at", "expires_at"])
        earlier = member.invitations.exclude(pk=invitation.pk).filter(
            email_sent_at__isnull=False, accepted_at__isnull=True, revoked_at__isnull=True
        )
        earlier.update(revoked_at=now, revoked_by=invitation.sent_by)
        url = settings.SITE_URL.rstrip("/") + reverse("families:invitation-accept", kwargs={"token": token})
        context = {"invitation": invitation, "member": member, "url": url}
        with in_practice_zone(member.case.organization):
            body = render_to_string("families/emails/invitation.txt", context)
        send_mail(
            subject=f"{member.case.organization} invites you to your family portal",
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True
