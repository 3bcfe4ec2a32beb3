"""Referral packets: what a facility is sent with a referral, only under the person's consent naming it.

`packets_create` makes one packet per referral inside the send's transaction (the receiver of `referrals_sent`)
and hands each to the broker after commit: the packet row, queued, is the outbox entry. `packet_send` (the Celery
task's body) builds the PDF and emails it to the facility's admissions address, once, and records the disclosure,
but only while the consent is still active; without an admissions address the packet waits to be faxed or handed
over (`packet_record_hand_over` records that disclosure at the entered time). `packets_sweep` (beat) hands over
again what the broker never got; a send that fails is tried again up to MAX_ATTEMPTS, then the packet is failed
with the error shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.zones import in_practice_zone
from facilities.models import Facility
from interventions.disclosure import Category, How, record_disclosure
from interventions.models import Case, Referral

from ..exceptions import ConsentError
from ..models import Consent, ReferralPacket
from ..policy import active_consents_for, allows, covered_categories

logger = logging.getLogger(__name__)

# A packet handed over this long ago and still queued was lost on the way: the sweep hands it over again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 3
ERROR_MAX_LENGTH = 2000


class PacketConsentMissing(ConsentError):
    """No active consent lets the practice send this facility a packet. `facility`: the one it names."""

    def __init__(self, facility: Facility) -> None:
        super().__init__(
            f"Nothing was sent: no active consent of the person covers identity and contact for {facility}. "
            "Record the person's consent to disclose to this facility first."
        )
        self.facility = facility


def consent_for_packet(facility: Facility, case: Case) -> Consent | None:
    """The facility's active consent a packet relies on: the oldest active one that lets it be told who the
    person is (a packet without identity says nothing usable)."""
    consents = active_consents_for(facility, case)
    return next((c for c in consents if allows(c, Category.IDENTITY_AND_CONTACT)), None)


def packet_email_to(facility: Facility, consent: Consent) -> str:
    """Where a packet is emailed: the facility's admissions address, else the address the consent names."""
    return facility.admissions_email or consent.recipient.email


def _packet_create(*, referral: Referral, by: User, note: str) -> ReferralPacket:
    consent = consent_for_packet(referral.facility, referral.case)
    if consent is None:
        raise PacketConsentMissing(referral.facility)
    categories = covered_categories([consent])
    packet = ReferralPacket.objects.create(
        referral=referral,
        consent=consent,
        categories=[category for category in Category.values if category in categories],
        note=note,
        email_to=packet_email_to(referral.facility, consent),
        created_by=by,
    )
    pk = packet.pk
    transaction.on_commit(lambda: _hand_over(pk))
    return packet


@transaction.atomic
def packets_create(*, referrals: Iterable[Referral], by: User, note: str = "") -> list[ReferralPacket]:
    """One queued packet per referral, each built and sent after commit. Raises PacketConsentMissing when a
    referral's facility has no active consent covering identity and contact."""
    return [_packet_create(referral=referral, by=by, note=note) for referral in referrals]


@transaction.atomic
def packet_send_again(*, referral: Referral, by: User) -> ReferralPacket:
    """Send the referral's packet (again, or for the first time): a new packet under the consent active now, with
    the referral's note. A draft referral becomes sent with it. Raises PacketConsentMissing without a consent."""
    from interventions.models import ReferralStatus
    from interventions.services import referral_change_status

    referral = Referral.objects.select_related("case__organization", "facility").get(pk=referral.pk)
    if not referral.is_active:
        raise ConsentError(f"A referral that is {referral.get_status_display().lower()} is not sent a packet.")
    packet = _packet_create(referral=referral, by=by, note=referral.note)
    if referral.status == ReferralStatus.DRAFT:
        referral_change_status(referral=referral, to=ReferralStatus.SENT, by=by, note="Sent with its packet")
    return packet


def _hand_over(packet_id: int) -> bool:
    """Publish the send (short broker timeouts, never raises) and record when it was handed over."""
    from config.celery import hand_over

    from ..tasks import packet_send as packet_send_task

    if not hand_over(packet_send_task, packet_id):
        return False
    ReferralPacket.objects.filter(pk=packet_id, status=ReferralPacket.Status.QUEUED).update(queued_at=timezone.now())
    return True


def packets_sweep(*, now: dt.datetime | None = None) -> int:
    """The outbox sweep of packets (beat, every minute): hand over again every queued packet the broker never got
    (never handed over, or handed over more than REQUEUE_AFTER ago). Returns how many."""
    now = now or timezone.now()
    due = ReferralPacket.objects.filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER), status=ReferralPacket.Status.QUEUED
    )
    return sum(_hand_over(pk) for pk in due.values_list("pk", flat=True))


def _lock(packet_id: int) -> ReferralPacket | None:
    return (
        ReferralPacket.objects.select_for_update(of=("self",))
        .select_related("referral__case__organization", "referral__facility", "created_by")
        .filter(pk=packet_id)
        .first()
    )


def _claim(packet_id: int) -> bool:
    """Count the attempt (committed at once, so a worker killed mid-send still counts); False unless queued."""
    with transaction.atomic():
        packet = _lock(packet_id)
        if packet is None or packet.status != ReferralPacket.Status.QUEUED:
            return False
        if packet.attempts >= MAX_ATTEMPTS:  # every earlier try was cut off (a killed worker): stop here
            _fail(packet, f"Not sent: the send was cut off {packet.attempts} times before it finished. Send it again.")
            return False
        packet.attempts += 1
        packet.save(update_fields=["attempts"])
    return True


def _fail(packet: ReferralPacket, error: str) -> None:
    packet.status, packet.error = ReferralPacket.Status.FAILED, error[:ERROR_MAX_LENGTH]
    packet.save(update_fields=["status", "error"])


def _why_not_active(consent: Consent, now: dt.datetime) -> str:
    if consent.revoked_at and consent.revoked_at <= now:
        day = timezone.localdate(consent.revoked_at, consent.case.organization.zone)
        return f"Not sent: the consent was revoked on {day:%B %-d, %Y}."
    return f"Not sent: the consent is no longer active ({consent.status_label.lower()})."


def _email(packet: ReferralPacket, pdf: bytes, pages: int) -> None:
    referral = packet.referral
    case = referral.case
    context = {"packet": packet, "referral": referral, "case": case, "pages": pages}
    with in_practice_zone(case.organization):
        body = render_to_string("consents/emails/packet.txt", context)
    message = EmailMessage(
        # A subject line travels and is shown where the body is not: the reference only, the name inside.
        subject=f"Referral from {case.organization} ({case.reference})",
        body=body,
        to=[packet.email_to],
        reply_to=[case.lead.email] if case.lead_id else None,
    )
    message.attach(f"referral-{case.reference}.pdf", pdf, "application/pdf")
    message.send()


def _send_locked(packet: ReferralPacket) -> str:
    """With the packet and its consent locked: check the consent, build, email or leave to hand over."""
    from ..packet import build_packet_pdf

    now = timezone.now()
    consents = Consent.objects.select_for_update(of=("self",)).select_related("recipient", "case__organization")
    consent_obj = consents.get(pk=packet.consent_id)
    if not consent_obj.is_active_at(now):
        _fail(packet, _why_not_active(consent_obj, now))
        return packet.status
    built = build_packet_pdf(packet, consent_obj)
    packet.file.save(f"{packet.referral.case.reference}.pdf", ContentFile(built.pdf), save=False)
    packet.page_count, packet.error = built.page_count, ""
    if not packet.email_to:
        packet.status = ReferralPacket.Status.TO_HAND_OVER
        packet.save(update_fields=["file", "page_count", "error", "status"])
        return packet.status
    _email(packet, built.pdf, built.page_count)
    packet.status, packet.sent_at = ReferralPacket.Status.SENT, now
    packet.save(update_fields=["file", "page_count", "error", "status", "sent_at"])
    record_disclosure(
        packet.referral.facility,
        packet.referral.case,
        packet.categories,
        How.PACKET_EMAIL,
        by=packet.created_by,
        at=now,
        detail=f"Referral packet, {_pages(built.page_count)}, to {packet.email_to}",
        referral=packet.referral,
    )
    return packet.status


def _pages(count: int | None) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


def packet_send(*, packet_id: int) -> str | None:
    """Build the packet and email it once; returns its status, or None when it was not queued (a second run).

    The packet and its consent are locked while it is sent and marked sent in the same transaction, so a
    redelivered task or the sweep never sends twice and a revocation waits for it (or it sees the revocation and
    fails, sending nothing). A failure leaves the packet queued with the error, for the sweep to try again, and
    fails it after MAX_ATTEMPTS. If a worker dies after the mail server took the email but before the commit,
    the sweep sends it again: a rare duplicate, never a lost packet."""
    if not _claim(packet_id):
        return None
    try:
        with transaction.atomic():
            packet = _lock(packet_id)
            if packet is None or packet.status != ReferralPacket.Status.QUEUED:
                return None
            return _send_locked(packet)
    except Exception as error:
        logger.exception("referral packet %s was not sent", packet_id)
        return _retry_or_fail(packet_id, f"{error.__class__.__name__}: {error}".strip())


def _retry_or_fail(packet_id: int, error: str) -> str | None:
    with transaction.atomic():
        packet = _lock(packet_id)
        if packet is None or packet.status != ReferralPacket.Status.QUEUED:
            return None
        if packet.attempts >= MAX_ATTEMPTS:
            _fail(packet, f"Not sent after {packet.attempts} attempts. {error}")
        else:
            packet.error, packet.queued_at = error[:ERROR_MAX_LENGTH], None  # the sweep tries again
            packet.save(update_fields=["error", "queued_at"])
        return packet.status


@transaction.atomic
def packet_record_hand_over(*, packet: ReferralPacket, by: User, at: dt.datetime, how: str) -> ReferralPacket:
    """Record that the packet was faxed or handed over at `at` (entered, not the click), and the disclosure then.
    Raises ConsentError unless it waits to be handed over and the consent was active at `at`."""
    packet_obj = _lock(packet.pk)
    if packet_obj is None or packet_obj.status != ReferralPacket.Status.TO_HAND_OVER:
        raise ConsentError("Only a packet waiting to be faxed or handed over can be recorded as handed over.")
    if not how.strip():
        raise ConsentError("Say how it was sent, e.g. fax to the admissions number.")
    if at < packet_obj.created_at.replace(second=0, microsecond=0):
        raise ConsentError("The packet was prepared after that time: enter when it was faxed or handed over.")
    consents = Consent.objects.select_for_update(of=("self",)).select_related("case__organization")
    consent = consents.get(pk=packet_obj.consent_id)
    if not consent.is_active_at(at):
        raise ConsentError("The consent was not active at that time: the packet may not be disclosed under it.")
    packet_obj.status = ReferralPacket.Status.HANDED_OVER
    packet_obj.handed_over_at, packet_obj.handed_over_how, packet_obj.handed_over_by = at, how.strip(), by
    packet_obj.save(update_fields=["status", "handed_over_at", "handed_over_how", "handed_over_by"])
    referral = packet_obj.referral
    record_disclosure(
        referral.facility,
        referral.case,
        packet_obj.categories,
        How.PACKET_HANDED_OVER,
        by=by,
        at=at,
        detail=f"Referral packet, {_pages(packet_obj.page_count)}, {how.strip()}"[:300],
        referral=referral,
    )
    return packet_obj
