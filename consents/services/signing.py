"""E-signature of a consent by the person, through a single-use link (42 CFR 2.31(a)(8)).

Modelled on the family invitations: the SigningRequest row is the outbox entry of its email (queued, handed to
Celery after commit, swept by beat); the token is made when the email is sent and only its hash is stored. The
email says nothing about substance use or treatment, and a link that cannot be used says only that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from accounts.models import User
from accounts.zones import in_practice_zone

from ..exceptions import ConsentError, SigningLinkInvalid
from ..models import SIGNING_LINK_VALID_FOR, Consent, SigningRequest, hash_token
from ..text import consent_text, paragraphs
from .consent import resolve_past_event

# One message for every link that cannot be used: wrong, used, expired or withdrawn. It names nobody.
INVALID_MESSAGE = (
    "This link cannot be used. It may be incomplete, already used, expired or withdrawn. "
    "If you still need to sign, ask the person who sent it to you for a new link."
)
# An email handed over this long ago and still not sent was lost on the way: the sweep hands it over again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
STYLESHEET = "consents/signed.css"
PDF_VARIANT = "pdf/ua-1"
MAX_TOKEN_LENGTH = 100


def _pending_links(consent: Consent):
    return consent.signing_requests.filter(used_at__isnull=True, revoked_at__isnull=True)


@transaction.atomic
def signing_request_send(*, consent: Consent, email: str, by: User) -> SigningRequest:
    """Queue a signing link to `email` for a consent awaiting e-signature (also "send a new link"): earlier pending
    links of the consent are revoked at once, and the email is handed to the broker after commit. Never fails for a
    broker that is down: the row stays queued and the sweep hands it over again."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.signature_method != Consent.Method.E_SIGN:
        raise ConsentError("Only a consent sent for e-signature is signed through a link.")
    if consent.revoked_at:
        raise ConsentError("This consent was revoked: it can no longer be signed.")
    if consent.signed_on:
        raise ConsentError("This consent is signed already.")
    email = email.strip()
    if not email:
        raise ConsentError("Give the email address to send the signing link to.")
    now = timezone.now()
    _pending_links(consent).update(revoked_at=now, revoked_by=by)
    request = SigningRequest.objects.create(
        consent=consent, email=email, created_at=now, created_by=by, expires_at=now + SIGNING_LINK_VALID_FOR
    )
    transaction.on_commit(lambda: _hand_over(request))
    return request


def _hand_over(request: SigningRequest) -> bool:
    """Publish the email task (short broker timeouts, never raises) and record when it was handed over."""
    from config.celery import hand_over

    from ..tasks import send_signing_email

    if not hand_over(send_signing_email, request.pk):
        return False
    request.queued_at = timezone.now()
    SigningRequest.objects.filter(pk=request.pk).update(queued_at=request.queued_at)
    return True


def signing_requests_sweep(*, now: dt.datetime | None = None) -> int:
    """The outbox sweep of signing emails (beat, every minute): hand over again every queued link the broker never
    got, or got more than REQUEUE_AFTER ago without the email going. Returns how many."""
    now = now or timezone.now()
    due = SigningRequest.objects.filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER),
        email_sent_at__isnull=True,
        used_at__isnull=True,
        revoked_at__isnull=True,
        consent__revoked_at__isnull=True,
        consent__signed_on__isnull=True,
    )
    return sum(_hand_over(request) for request in due.only("pk"))


def signing_email_send(*, request_id: int) -> bool:
    """Email a queued signing link once, with a token made now (only its hash is stored, with the 7-day expiry
    counted from now), in the transaction that records the email sent, the row locked so a redelivered task and
    the sweep cannot both send. Returns False (sending nothing) unless the link is still queued and its consent
    still awaits a signature. The email names the practice and nothing of the person's treatment."""
    with transaction.atomic():
        request = (
            SigningRequest.objects.select_for_update()
            .select_related("consent__case__organization")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.email_sent_at or request.used_at or request.revoked_at:
            return False
        consent = request.consent
        if consent.revoked_at or consent.signed_on:
            return False
        now = timezone.now()
        token = secrets.token_urlsafe(32)
        request.token_hash, request.email_sent_at = hash_token(token), now
        request.expires_at = now + SIGNING_LINK_VALID_FOR
        request.save(update_fields=["token_hash", "email_sent_at", "expires_at"])
        organization = consent.case.organization
        url = settings.SITE_URL.rstrip("/") + reverse("consents:sign", kwargs={"token": token})
        context = {"practice": organization.name, "url": url, "expires_at": request.expires_at}
        with in_practice_zone(organization):
            body = render_to_string("consents/emails/signing_request.txt", context)
        send_mail(
            subject=f"{organization.name} has sent you a form to review and sign",
            message=body,
            from_email=None,
            recipient_list=[request.email],
        )
    return True


@transaction.atomic
def signing_request_revoke(*, request: SigningRequest, by: User) -> SigningRequest:
    """Withdraw a link that is queued or pending: it stops working at once."""
    request = SigningRequest.objects.select_for_update().get(pk=request.pk)
    if request.used_at or request.revoked_at or timezone.now() >= request.expires_at:
        raise ConsentError("Only a link that is queued or waiting to be used can be revoked.")
    request.revoked_at, request.revoked_by = timezone.now(), by
    request.save(update_fields=["revoked_at", "revoked_by"])
    return request


def signing_request_for_token(token: str, *, lock: bool = False) -> SigningRequest:
    """The usable link with this token, with its consent, case and practice. Raises SigningLinkInvalid with one
    neutral message for a wrong token (404) and for a used, expired or revoked link or consent (410)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise SigningLinkInvalid(INVALID_MESSAGE, status=404)
    queryset = SigningRequest.objects.select_related("consent__case__organization", "consent__recipient")
    if lock:
        queryset = queryset.select_for_update(of=("self", "consent"))
    request = queryset.filter(token_hash=hash_token(token)).first()
    if request is None or not request.email_sent_at:
        raise SigningLinkInvalid(INVALID_MESSAGE, status=404)
    consent = request.consent
    if not request.is_pending or consent.revoked_at or consent.signed_on:
        raise SigningLinkInvalid(INVALID_MESSAGE, status=410)
    return request


def signing_request_opened(request: SigningRequest) -> None:
    """Record the first time the link was opened (later visits change nothing)."""
    if request.opened_at is None:
        request.opened_at = timezone.now()
        request.save(update_fields=["opened_at"])


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def consent_sign(
    *,
    token: str,
    typed_name: str,
    agreed: bool,
    ip: str | None,
    user_agent: str,
    shown_sha256: str | None = None,
) -> Consent:
    """The person signs: with the explicit agreement and their typed full name, the consent keeps the exact text
    shown and its hash, the time, address and browser, the name and the date (the practice's calendar); the link is
    used up; the signed PDF is stored with the consent; an expiry event that already happened resolves now.
    `shown_sha256`: the hash of the text the page showed (refused if the consent's text has changed since)."""
    request = signing_request_for_token(token, lock=True)
    consent = request.consent
    if not agreed:
        raise ConsentError("Tick the box to say you have read this consent and agree to sign it.")
    name = " ".join(typed_name.split())
    if not name:
        raise ConsentError("Type your full name to sign.")
    if len(name) > 200:
        raise ConsentError("Type your name in 200 characters or fewer.")
    text = consent_text(consent)
    digest = text_sha256(text)
    if shown_sha256 is not None and shown_sha256 != digest:
        raise ConsentError("This consent was changed after you opened it. Please read it again, then sign.")
    now = timezone.now()
    consent.signed_text, consent.signed_text_sha256 = text, digest
    consent.signed_at, consent.signed_ip, consent.signed_user_agent = now, ip or None, user_agent[:500]
    consent.signed_name = name
    consent.signed_on = timezone.localdate(now, consent.case.organization.zone)
    fields = ["signed_text", "signed_text_sha256", "signed_at", "signed_ip", "signed_user_agent", "signed_name"]
    consent.save(update_fields=[*fields, "signed_on"])
    request.used_at = now
    request.save(update_fields=["used_at"])
    resolve_past_event(consent)
    # Last, so that nothing after it can roll the signature back and leave the file behind.
    consent.signed_pdf.save("signed.pdf", ContentFile(signed_pdf(consent)), save=False)
    consent.save(update_fields=["signed_pdf"])
    return consent


def signed_pdf(consent: Consent) -> bytes:
    """The signed consent as a tagged PDF: the exact signed text, then the record of the signature. Nothing is
    fetched while printing (no network, no files)."""
    organization = consent.case.organization
    context = {
        "consent": consent,
        "practice": organization.name,
        "paragraphs": paragraphs(consent.signed_text),
        "zone": organization.zone,
    }
    with in_practice_zone(organization):
        html = render_to_string("consents/signed_pdf.html", context)
    stylesheet_path = finders.find(STYLESHEET)
    if stylesheet_path is None:
        raise FileNotFoundError(STYLESHEET)
    css = CSS(string=Path(stylesheet_path).read_text(encoding="utf-8"))
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[css], pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
