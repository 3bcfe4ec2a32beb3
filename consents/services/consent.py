"""Recording, revoking and ending consents; recipients named on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from facilities.models import Facility
from interventions.disclosure import Category
from interventions.models import Case, Stage, StageChange

from ..exceptions import ConsentError
from ..models import Consent, Recipient

# The moves that end a stay in treatment (a discharge), and the one that closes a case.
DISCHARGE_MOVES = {(Stage.IN_TREATMENT, Stage.AFTERCARE), (Stage.IN_TREATMENT, Stage.DISENGAGED)}


def facility_contact(facility: Facility) -> dict[str, str]:
    """The admissions contact of a facility as the directory has it now (kept on the recipient: the accounting
    shows where a disclosure went, even if the directory changes)."""
    return {
        "email": facility.admissions_email,
        "phone": facility.admissions_phone or facility.intake_phone or facility.phone,
        "address": facility.address,
    }


def recipient_for_facility(*, case: Case, facility: Facility) -> Recipient:
    """The case's recipient row for a facility (made the first time a consent names it)."""
    recipient, created = Recipient.objects.get_or_create(
        case=case,
        facility=facility,
        defaults={"kind": Recipient.Kind.FACILITY, "name": facility.name, **facility_contact(facility)},
    )
    return recipient


def recipient_create(*, case: Case, kind: str = Recipient.Kind.OTHER, **fields: Any) -> Recipient:
    """Another person or organization named on a consent (a therapist, a court, a payer...). Staff of the case's
    practice are not recipients: the access rule decides what they see."""
    if not str(fields.get("name", "")).strip():
        raise ConsentError("Give the recipient's name.")
    email = str(fields.get("email", "")).strip()
    staff = Membership.objects.filter(organization_id=case.organization_id, is_active=True, user__email__iexact=email)
    if email and staff.exists():
        raise ConsentError(
            f"{email} belongs to a member of {case.organization}: staff of the practice are not recipients of a "
            "disclosure (they see the case under the practice's access rules)."
        )
    return Recipient.objects.create(case=case, kind=kind, **fields)


def _missing_elements(consent: Consent) -> list[str]:
    e_sign = consent.signature_method == Consent.Method.E_SIGN
    event = consent.expiry_event_kind
    expiry_ok = (
        consent.expiry_date
        if consent.expiry_kind == Consent.ExpiryKind.DATE
        else event
        and (event != Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE or consent.expiry_event_days)
        and (event != Consent.ExpiryEvent.OTHER or consent.expiry_event.strip())
    )
    checks = [
        (consent.patient_name.strip(), "the patient's name"),
        (consent.discloser.strip(), "who may disclose"),
        (consent.categories and set(consent.categories) <= set(Category.values), "at least one category"),
        (consent.purpose.strip(), "the purpose"),
        (expiry_ok, "an expiry date or event"),
        (consent.revocation_right_explained, "that the right to revoke was explained"),
        (consent.treatment_not_conditioned, "that treatment is not conditioned on signing"),
        (e_sign or consent.signed_name.strip(), "the signature (typed name)"),
        (e_sign or consent.signed_on, "the date signed"),
        (consent.signature_method != Consent.Method.UPLOADED or consent.signed_form, "the uploaded signed form"),
        (consent.signature_method != Consent.Method.IN_PERSON or consent.witness_name.strip(), "the witness"),
    ]
    return [label for ok, label in checks if not ok]


@transaction.atomic
def consent_record(*, case: Case, recipient: Recipient, by: User, **fields: Any) -> Consent:
    """Record a consent naming one recipient of the case. Every element of 42 CFR 2.31 is required, except the
    signature of one sent for e-signature (it is "awaiting signature" and discloses nothing until signed).
    A family member may be given only the family categories. Raises ConsentError naming what is wrong."""
    if recipient.case_id != case.pk:
        raise ConsentError("The recipient must be named on this case.")
    consent = Consent(case=case, recipient=recipient, created_by=by, **fields)
    if consent.signature_method == Consent.Method.E_SIGN:
        consent.signed_name, consent.signed_on = "", None
    problems = _missing_elements(consent)
    if problems:
        raise ConsentError("The consent is not valid: " + "; ".join(problems) + ".")
    clinical = [c for c in consent.categories if c not in recipient.allowed_categories]
    if clinical:
        names = ", ".join(Category.short[c] for c in clinical)
        raise ConsentError(f"A family member may not be given clinical information ({names}).")
    if consent.expiry_kind == Consent.ExpiryKind.DATE:
        consent.expiry_event_kind, consent.expiry_event_days, consent.expiry_event = "", None, ""
    else:
        consent.expiry_date = None
    consent.save()
    if resolve_past_event(consent):
        consent.refresh_from_db()
    return consent


@transaction.atomic
def consents_record_for_facilities(
    *, case: Case, facilities: Iterable[Facility], by: User, **fields: Any
) -> list[Consent]:
    """One consent per facility, each its own record (revocable on its own), with the same elements."""
    facilities = list(facilities)
    if not facilities:
        raise ConsentError("Choose at least one facility.")
    return [
        consent_record(case=case, recipient=recipient_for_facility(case=case, facility=facility), by=by, **fields)
        for facility in facilities
    ]


@transaction.atomic
def consent_revoke(*, consent: Consent, by: User, requested_by: str, note: str = "") -> Consent:
    """Revoke the consent now: nothing more is disclosed under it from this moment (a pending signing link dies)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at:
        raise ConsentError("This consent was already revoked.")
    if not requested_by.strip():
        raise ConsentError("Say who asked to revoke the consent.")
    now = timezone.now()
    consent.revoked_at, consent.revoked_by = now, by
    consent.revocation_requested_by, consent.revocation_note = requested_by.strip(), note
    consent.save(update_fields=["revoked_at", "revoked_by", "revocation_requested_by", "revocation_note"])
    consent.signing_requests.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by)
    return consent


@transaction.atomic
def consent_resolve_event(*, consent: Consent, on: dt.date, by: User) -> Consent:
    """Record by hand the date an "other" expiry event resolved to (the end of probation...). Discharge and closing
    resolve by themselves."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.expiry_kind != Consent.ExpiryKind.EVENT or consent.expiry_event_date:
        raise ConsentError("This consent has no open expiry event.")
    if consent.expiry_event_kind != Consent.ExpiryEvent.OTHER:
        raise ConsentError("This expiry event resolves by itself when it happens in the case.")
    if consent.revoked_at or (consent.signed_on and not consent.is_active):
        raise ConsentError("A revoked or expired consent is read-only.")
    consent.expiry_event_date, consent.expiry_event_resolved_at = on, timezone.now()
    consent.save(update_fields=["expiry_event_date", "expiry_event_resolved_at"])
    return consent


def expiry_events_resolve(*, case: Case, event: str, on: dt.date) -> int:
    """The event happened on `on`: each open consent of the case waiting for it gets its end date (N days later for
    "days after discharge"). Idempotent; returns how many were resolved."""
    kinds: list[str] = [event]
    if event == Consent.ExpiryEvent.DISCHARGE:
        kinds.append(Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE)
    waiting = Consent.objects.select_for_update().filter(
        case=case, expiry_kind=Consent.ExpiryKind.EVENT, expiry_event_kind__in=kinds, expiry_event_date__isnull=True
    )
    now, count = timezone.now(), 0
    for consent in waiting:
        days = 0
        if consent.expiry_event_kind == Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE:
            days = consent.expiry_event_days or 0
        consent.expiry_event_date = on + dt.timedelta(days=days)
        consent.expiry_event_resolved_at = now
        consent.save(update_fields=["expiry_event_date", "expiry_event_resolved_at"])
        count += 1
    return count


def resolve_past_event(consent: Consent) -> bool:
    """A consent whose event already happened (recorded or signed after the discharge, on a closed case) resolves
    now, from the case's stage history: the latest discharge if the person is not back in treatment since.
    Returns whether it resolved."""
    if consent.expiry_kind != Consent.ExpiryKind.EVENT or consent.expiry_event_kind in ("", Consent.ExpiryEvent.OTHER):
        return False
    case, zone = consent.case, consent.case.organization.zone
    for change in StageChange.objects.filter(case=case).order_by("-at", "-pk"):
        happened = timezone.localdate(change.effective_at or change.at, zone)
        if consent.expiry_event_kind == Consent.ExpiryEvent.CASE_CLOSED:
            closed = change.to_stage == Stage.CLOSED and case.stage == Stage.CLOSED
            return closed and bool(expiry_events_resolve(case=case, event=Consent.ExpiryEvent.CASE_CLOSED, on=happened))
        if change.to_stage == Stage.IN_TREATMENT:
            return False  # in treatment now (or again): the discharge it waits for is still to come
        if (change.from_stage, change.to_stage) in DISCHARGE_MOVES:
            return bool(expiry_events_resolve(case=case, event=Consent.ExpiryEvent.DISCHARGE, on=happened))
    return False
