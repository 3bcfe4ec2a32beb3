"""Writes on assessments: record one with its instruments and ASAM ratings, confirm or override the suggested
level of care, and record the safety action for a safety flag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import User

from .. import asam, instruments
from ..models import Assessment, Case, InstrumentResult, SafetyFlag

# Which instrument flags raise a safety flag on the case, and the kind of flag they raise.
SAFETY_FLAGS = {("PHQ-9", "suicide_risk"): SafetyFlag.Kind.SUICIDE_RISK}


@dataclass(frozen=True)
class Administered:
    """One instrument as answered: option indexes (see instruments.score) and its unscored answers."""

    code: str
    answers: Sequence[int]
    extra: Mapping[str, Any] = field(default_factory=dict)


def _safety_detail(result: InstrumentResult) -> str:
    item = result.instrument.items[8]
    answer = item.options[result.answers[8]].label
    return f'PHQ-9 item 9 ("{item.text}") answered "{answer}".'


@transaction.atomic
def assessment_create(
    *,
    case: Case,
    by: User,
    ratings: Mapping[int, int],
    rating_notes: Mapping[int, str] | None = None,
    administered: Sequence[Administered] = (),
    edition: str = asam.EDITION,
    **fields: Any,
) -> Assessment:
    """Record an assessment of `case`: the clinical fields, the six ASAM ratings with notes, the suggested level
    of care with its reasons, and each administered instrument scored by `instruments.score` (the person's sex is
    passed for AUDIT-C). A PHQ-9 item 9 above 0 raises a SafetyFlag on the case. Counts as case activity.

    Raises ValueError for bad ratings or answers (the forms check them first).
    """
    ratings = asam.validate_ratings(ratings)
    suggestion = asam.suggest_level(ratings)
    notes = rating_notes or {}
    assessment = Assessment.objects.create(
        case=case,
        created_by=by,
        asam_edition=edition,
        **{f"dimension_{d}": rating for d, rating in ratings.items()},
        **{f"dimension_{d}_note": notes.get(d, "").strip() for d in asam.DIMENSIONS},
        suggested_level=suggestion.level,
        suggested_withdrawal_management=suggestion.withdrawal_management,
        suggested_co_occurring=suggestion.co_occurring,
        suggestion_reasons=suggestion.reasons,
        **fields,
    )
    for entry in administered:
        result = _record_instrument(assessment, entry, sex=case.sex)
        for flag in result.flags:
            kind = SAFETY_FLAGS.get((result.code, flag))
            if kind:
                SafetyFlag.objects.create(
                    case=case,
                    assessment=assessment,
                    kind=kind,
                    raised_by=by,
                    raised_at=assessment.created_at,
                    detail=_safety_detail(result),
                )
    Case.objects.filter(pk=case.pk).update(last_activity_at=assessment.created_at)
    return assessment


def _record_instrument(assessment: Assessment, entry: Administered, *, sex: str) -> InstrumentResult:
    instrument = instruments.get(entry.code)
    extra = instrument.validate_extras(entry.extra)
    score = instruments.score(entry.code, list(entry.answers), sex=sex)
    return InstrumentResult.objects.create(
        assessment=assessment,
        code=entry.code,
        answers=list(entry.answers),
        total=score.total,
        band=score.band,
        flags=sorted(score.flags),
        subscores=score.subscores,
        extra=extra,
        loinc=instrument.loinc,
    )


@transaction.atomic
def assessment_confirm(
    *,
    assessment: Assessment,
    by: User,
    level: str,
    withdrawal_management: bool,
    co_occurring: bool,
    reason: str = "",
) -> Assessment:
    """Record the interventionist's decision on the suggested level of care; the suggestion is kept beside it.

    A decision that differs from the suggestion (level, withdrawal management or co-occurring) needs a reason.
    Raises DomainError when the reason is missing, the level is unknown, or the assessment is already confirmed.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_confirmed:
        raise DomainError(
            f"This assessment was already confirmed by {assessment.confirmed_by} on "
            f"{timezone.localtime(assessment.confirmed_at):%Y-%m-%d}. Record a new assessment to change the level of care."
        )
    if level not in asam.LEVELS:
        raise DomainError(f"{level!r} is not a level of care.")
    if assessment.decision_differs(level, withdrawal_management, co_occurring) and not reason.strip():
        raise DomainError("Your decision differs from the suggestion: say why (the reason is kept with both).")
    assessment.confirmed_level = level
    assessment.withdrawal_management = withdrawal_management
    assessment.co_occurring = co_occurring
    differs = assessment.decision_differs(level, withdrawal_management, co_occurring)
    assessment.override_reason = reason.strip() if differs else ""
    assessment.confirmed_by = by
    assessment.confirmed_at = timezone.now()
    assessment.save()
    Case.objects.filter(pk=assessment.case_id).update(last_activity_at=assessment.confirmed_at)
    return assessment


@transaction.atomic
def safety_flag_act(*, flag: SafetyFlag, by: User, action: str, notes: str = "") -> SafetyFlag:
    """Record the safety action taken for an open flag (who and when); the flag then leaves the dashboard.

    Raises DomainError when the flag was already acted on, or when "other" is chosen without notes.
    """
    flag = SafetyFlag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise DomainError(
            f"{flag.acted_by} already recorded the safety action on {timezone.localtime(flag.acted_at):%Y-%m-%d %H:%M}."
        )
    if action == "other" and not notes.strip():
        raise DomainError("Describe the safety action taken.")
    flag.action = action
    flag.action_notes = notes.strip()
    flag.acted_by = by
    flag.acted_at = timezone.now()
    flag.save()
    Case.objects.filter(pk=flag.case_id).update(last_activity_at=flag.acted_at)
    return flag
