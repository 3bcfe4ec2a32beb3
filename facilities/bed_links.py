"""Facilities confirm their own beds: the services of the bed-confirmation link (a topic of facilities' services).

A directory admin (on demand) or the weekly beat task sends a facility's admissions contact a personal link, good
once for 7 days, to a one-page form: open beds per setting the facility offers, admissions hours and phone, and the
name of who answers. No account: the token is the key, and only its hash is stored. The approach is the consents
app's e-signature link: the link row is the outbox entry of its email (handed to Celery after commit, swept by
beat), a new send revokes the earlier link, and every dead link gets one neutral message. Nothing here knows of
cases: the page and the email are about the facility alone.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User

from . import vocabulary
from .models import (
    BED_CONFIRM_EVERY,
    BED_LINK_VALID_FOR,
    BedAvailability,
    BedConfirmation,
    BedConfirmationLink,
    BedUpdate,
    Facility,
    hash_token,
)

# One message for every link that cannot be used: wrong, used, expired or withdrawn. It names nothing.
INVALID_MESSAGE = (
    "This link cannot be used. It may be incomplete, already used, expired or withdrawn. "
    "If you still want to update your open beds, ask the directory team for a new link."
)
# An email handed over this long ago and still not sent was lost on the way: the sweep hands it over again.
REQUEUE_AFTER = dt.timedelta(minutes=5)
MAX_TOKEN_LENGTH = 100
SOURCE = "confirmed by the facility ({name})"


class BedLinkInvalid(DomainError):
    """A bed-confirmation link that is wrong, used, expired or revoked: the page says only that."""


def _live(facility: Facility) -> QuerySet[BedConfirmationLink]:
    return BedConfirmationLink.objects.live().filter(facility=facility)


@transaction.atomic
def bed_link_send(*, facility: Facility, by: User | None) -> BedConfirmationLink:
    """Queue a bed-confirmation link to the facility's admissions email (`by` None: the weekly schedule). An earlier
    live link of the facility is revoked at once; the email goes to the broker after commit (never fails for a
    broker that is down: the row stays queued for the sweep). Raises DomainError for an archived facility or one
    without an admissions email."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    if facility.is_archived:
        raise DomainError("This facility is archived: it is not asked to confirm beds.")
    if not facility.admissions_email:
        raise DomainError("Record the facility's admissions email first: the link is sent there.")
    now = timezone.now()
    _live(facility).update(revoked_at=now, revoked_by=by)
    link = BedConfirmationLink.objects.create(
        facility=facility,
        email=facility.admissions_email,
        created_at=now,
        created_by=by,
        expires_at=now + BED_LINK_VALID_FOR,
    )
    transaction.on_commit(lambda: _hand_over(link.pk))
    return link


def _hand_over(link_id: int) -> bool:
    """Publish the email task (short broker timeouts, never raises) and record when it was handed over."""
    from config.celery import hand_over

    from .tasks import send_bed_link_email

    if not hand_over(send_bed_link_email, link_id):
        return False
    BedConfirmationLink.objects.filter(pk=link_id).update(queued_at=timezone.now())
    return True


def bed_links_sweep(*, now: dt.datetime | None = None) -> int:
    """The outbox sweep (beat, every minute): hand over again every live link whose email the broker never got,
    or got more than REQUEUE_AFTER ago without it going. Returns how many."""
    now = now or timezone.now()
    due = BedConfirmationLink.objects.live().filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER), email_sent_at__isnull=True
    )
    return sum(_hand_over(pk) for pk in due.values_list("pk", flat=True))


def bed_link_email_send(*, link_id: int) -> bool:
    """Email a queued link once, with a token made now (only its hash is stored, the 7-day expiry counted from
    now), in the transaction that records it sent, the row locked so a redelivered task and the sweep cannot both
    send. Returns False (sending nothing) unless the link is still queued and live."""
    with transaction.atomic():
        link = BedConfirmationLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None or link.email_sent_at or link.used_at or link.revoked_at:
            return False
        facility = Facility.objects.get(pk=link.facility_id)
        now = timezone.now()
        token = secrets.token_urlsafe(32)
        link.token_hash, link.email_sent_at, link.expires_at = hash_token(token), now, now + BED_LINK_VALID_FOR
        link.save(update_fields=["token_hash", "email_sent_at", "expires_at"])
        url = settings.SITE_URL.rstrip("/") + reverse("facilities:bed-confirm", kwargs={"token": token})
        context = {"facility": facility, "url": url, "expires_at": link.expires_at}
        with timezone.override(facility.zone):
            body = render_to_string("facilities/emails/bed_confirmation_request.txt", context)
        send_mail(
            subject=f"Please confirm your open beds: {facility.name}",
            message=body,
            from_email=None,
            recipient_list=[link.email],
        )
    return True


@transaction.atomic
def bed_link_revoke(*, facility: Facility, by: User) -> int:
    """Withdraw the facility's live link (it stops working at once). Returns how many were revoked (0 or 1)."""
    return _live(facility).update(revoked_at=timezone.now(), revoked_by=by)


def bed_link_for_token(token: str, *, lock: bool = False) -> BedConfirmationLink:
    """The usable link with this token, with its facility. Raises BedLinkInvalid with one neutral message for a
    wrong token (404) and for a used, expired or revoked link (410)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BedLinkInvalid(INVALID_MESSAGE, status=404)
    queryset = BedConfirmationLink.objects.select_related("facility")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    link = queryset.filter(token_hash=hash_token(token)).first()
    if link is None or not link.email_sent_at:
        raise BedLinkInvalid(INVALID_MESSAGE, status=404)
    if not link.is_pending or link.facility.is_archived:
        raise BedLinkInvalid(INVALID_MESSAGE, status=410)
    return link


def bed_link_opened(link: BedConfirmationLink) -> None:
    """Record the first time the link was opened (later visits change nothing)."""
    if link.opened_at is None:
        link.opened_at = timezone.now()
        link.save(update_fields=["opened_at"])


def confirmation_settings(facility: Facility) -> list[tuple[str, str]]:
    """(code, name) of the settings the facility is asked about: those it offers, and any it has a bed figure for
    (every setting when it has neither)."""
    codes = set(facility.codes_in("SET")) | set(facility.beds.values_list("setting", flat=True))
    if not codes:
        return vocabulary.choices("SET")
    return [(code, label) for code, label in vocabulary.choices("SET") if code in codes]


@dataclass
class Answer:
    """What the facility typed: open beds per setting (None: left blank, unchanged), hours and phone (blank:
    unchanged) and the name of who answers."""

    typed_name: str
    beds: dict[str, int | None]
    hours: str = ""
    phone: str = ""


def _record_beds(facility: Facility, answer: Answer, source: str, now: dt.datetime) -> list[dict[str, str]]:
    offered = dict(confirmation_settings(facility))
    current = {bed.setting: bed for bed in BedAvailability.objects.select_for_update().filter(facility=facility)}
    changes = []
    for setting, count in answer.beds.items():
        if count is None or setting not in offered:
            continue
        before = current.get(setting)
        BedAvailability.objects.update_or_create(
            facility=facility,
            setting=setting,
            defaults={
                "available": count,
                "method": BedAvailability.Method.FACILITY,
                "updated_at": now,
                "updated_by": None,
                "source": source,
            },
        )
        same = before is not None and before.available == count
        BedUpdate.objects.create(
            facility=facility,
            setting=setting,
            available=count,
            method=BedAvailability.Method.FACILITY,
            confirmed_only=same,
            source=source,
            at=now,
        )
        was = "" if before is None else str(before.available)
        changes.append({"what": f"Open beds: {offered[setting]}", "before": was, "after": str(count)})
    return changes


@transaction.atomic
def beds_confirm_by_facility(*, token: str, answer: Answer, ip: str | None) -> BedConfirmation:
    """The facility answers through its link: each setting given a number gets that count now, "confirmed by the
    facility (name)", method FACILITY (so the freshness badge and matching count it as fresh); hours and phone
    given replace the facility's; the link is used up; the confirmation keeps who, when, the address and what
    changed. Raises BedLinkInvalid for a dead link, DomainError for an answer without a name or any figure."""
    link = bed_link_for_token(token, lock=True)
    facility = Facility.objects.select_for_update().get(pk=link.facility_id)
    name = " ".join(answer.typed_name.split())
    if not name:
        raise DomainError("Type your name: the directory shows who confirmed the beds.")
    if len(name) > 100:
        raise DomainError("Type your name in 100 characters or fewer.")
    if all(count is None for count in answer.beds.values()):
        raise DomainError("Give the open beds of at least one setting (0 when it is full).")
    now = timezone.now()
    changes = _record_beds(facility, answer, SOURCE.format(name=name), now)
    updated = []
    for field, label, value in (
        ("admissions_hours", "Admissions hours", answer.hours.strip()),
        ("admissions_phone", "Admissions phone", answer.phone.strip()),
    ):
        if value:
            changes.append({"what": label, "before": getattr(facility, field), "after": value})
            setattr(facility, field, value)
            updated.append(field)
    if updated:
        facility.save(update_fields=[*updated, "updated_at"])
    link.used_at = now
    link.save(update_fields=["used_at"])
    return BedConfirmation.objects.create(
        facility=facility, link=link, typed_name=name, at=now, ip=ip or None, changes=changes
    )


def facilities_due_for_confirmation(*, now: dt.datetime | None = None) -> QuerySet[Facility]:
    """Active facilities with an admissions email, not confirmed by themselves within a week and without a live
    link: the weekly send asks these."""
    now = now or timezone.now()
    live = BedConfirmationLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
    recent = BedConfirmation.objects.filter(at__gt=now - BED_CONFIRM_EVERY)
    return (
        Facility.objects.active()
        .exclude(admissions_email="")
        .exclude(pk__in=recent.values("facility_id"))
        .exclude(pk__in=live.values("facility_id"))
        .order_by("pk")
    )


def bed_links_weekly(*, now: dt.datetime | None = None) -> int:
    """Send a link to every facility due (beat, weekly). Each send is its own transaction. Returns how many."""
    sent = 0
    for facility in facilities_due_for_confirmation(now=now).only("pk"):
        try:
            bed_link_send(facility=facility, by=None)
        except DomainError:
            continue  # archived or its email removed since the query
        sent += 1
    return sent
