"""Celery tasks of the families app: thin, idempotent, calling services or rendering emails."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone


@shared_task
def send_invitation_email(invitation_id: int, token: str) -> bool:
    """Email the invitation link once. Returns False if it was sent already, revoked, or is gone."""
    from .models import Invitation

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
