"""Consents to disclose and disclosure records; the policy and recorder installed in interventions.disclosure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from interventions.disclosure import Category
from interventions.models import Case

from ..exceptions import ConsentError
from ..models import Consent, Disclosure, FamilyMember
from ..queries import active_consents


@transaction.atomic
def consent_record(*, case: Case, recipient: FamilyMember, by: User, **fields: Any) -> Consent:
    """Record a signed consent naming one family member of the case. Every element of 42 CFR 2.31 is required;
    raises ConsentError naming what is missing."""
    if recipient.case_id != case.pk:
        raise ConsentError("The recipient must be a family member of this case.")
    consent = Consent(case=case, recipient=recipient, created_by=by, **fields)
    problems = _missing_elements(consent)
    if problems:
        raise ConsentError("The consent is not valid: " + "; ".join(problems) + ".")
    consent.save()
    return consent


def _missing_elements(consent: Consent) -> list[str]:
    checks = [
        (consent.patient_name.strip(), "the patient's name"),
        (consent.discloser.strip(), "who may disclose"),
        (consent.categories and set(consent.categories) <= set(Category.values), "at least one category"),
        (consent.purpose.strip(), "the purpose"),
        (consent.expiry_date or consent.expiry_event.strip(), "an expiry date or event"),
        (consent.revocation_right_explained, "that the right to revoke was explained"),
        (consent.treatment_not_conditioned, "that treatment is not conditioned on signing"),
        (consent.signed_name.strip(), "the signature (typed name)"),
        (consent.signed_on, "the date signed"),
        (consent.signature_method != Consent.Method.UPLOADED or consent.signed_form, "the uploaded signed form"),
        (consent.signature_method != Consent.Method.IN_PERSON or consent.witness_name.strip(), "the witness"),
    ]
    return [label for ok, label in checks if not ok]


@transaction.atomic
def consent_revoke(*, consent: Consent, by: User, requested_by: str, note: str = "") -> Consent:
    """Revoke the consent now: nothing more is disclosed under it from this moment."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at:
        raise ConsentError("This consent was already revoked.")
    if not requested_by.strip():
        raise ConsentError("Say who asked to revoke the consent.")
    consent.revoked_at, consent.revoked_by = timezone.now(), by
    consent.revocation_requested_by, consent.revocation_note = requested_by.strip(), note
    consent.save(update_fields=["revoked_at", "revoked_by", "revocation_requested_by", "revocation_note"])
    return consent


@transaction.atomic
def consent_resolve_event(*, consent: Consent, on: dt.date, by: User) -> Consent:
    """Record the date an expiry event resolved to (e.g. discharge + 90 days). Only for an active consent."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.expiry_kind != Consent.ExpiryKind.EVENT or consent.expiry_event_date:
        raise ConsentError("This consent has no open expiry event.")
    if not consent.is_active:
        raise ConsentError("A revoked or expired consent is read-only.")
    consent.expiry_event_date = on
    consent.save(update_fields=["expiry_event_date"])
    return consent


def recorder(
    user: User, case: Case, categories: Iterable[str], how: str, *, consents: list[Consent] | None = None
) -> None:
    """interventions.disclosure's recorder: one Disclosure per consent the shown categories were disclosed under
    (one INSERT). `consents`: the user's active consents on the case when the caller has read them already."""
    by_consent: dict[Consent, list[str]] = {}
    if consents is None:
        consents = active_consents(user, case)
    for category in categories:
        consent = next((c for c in consents if c.covers(category)), None)
        if consent is not None:
            by_consent.setdefault(consent, []).append(category)
    rows = [
        Disclosure(case=case, consent=consent, recipient_id=consent.recipient_id, user=user, categories=shown, how=how)
        for consent, shown in by_consent.items()
    ]
    if len(rows) == 1:
        # The usual case: one INSERT, without the BEGIN and COMMIT bulk_create sends around it. The row is itself the
        # record of the disclosure (the accounting reads it); like bulk_create, no audit entry of its creation.
        with disable_auditlog():
            rows[0].save()
    else:
        Disclosure.objects.bulk_create(rows)
