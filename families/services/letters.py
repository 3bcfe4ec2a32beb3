"""Impact letters: autosave and save with version history, submit, review (comment, request changes, approve),
and the reading order of approved letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from interventions.models import Case

from ..exceptions import LetterError
from ..models import FamilyMember, ImpactLetter, LetterComment, LetterVersion
from .checklists import checklist_items_tick_letter

AUTOSAVE_SNAPSHOT_EVERY = dt.timedelta(minutes=5)


def letter_for(member: FamilyMember) -> ImpactLetter:
    """The member's letter, created empty on first use."""
    letter, _ = ImpactLetter.objects.get_or_create(member=member)
    return letter


def _snapshot(letter: ImpactLetter, by: User, reason: str) -> LetterVersion:
    number = (letter.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return LetterVersion.objects.create(letter=letter, number=number, body=letter.body, saved_by=by, reason=reason)


@transaction.atomic
def letter_save(*, letter: ImpactLetter, body: str, by: User, autosave: bool = False) -> ImpactLetter:
    """Save the draft. An explicit save keeps a version; an autosave keeps one at most every 5 minutes.
    Raises LetterError when the letter is under review or approved."""
    letter = ImpactLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_editable:
        raise LetterError("This letter is with your interventionist and cannot be changed right now.")
    if body == letter.body and autosave:
        return letter
    letter.body, letter.updated_at = body, timezone.now()
    letter.save(update_fields=["body", "updated_at"])
    last = letter.versions.first()
    if not autosave or last is None or last.saved_at < letter.updated_at - AUTOSAVE_SNAPSHOT_EVERY:
        _snapshot(letter, by, "autosave" if autosave else "saved")
    return letter


@transaction.atomic
def letter_submit(*, letter: ImpactLetter, by: User) -> ImpactLetter:
    """Send the letter for review: it is locked until the interventionist approves or asks for changes."""
    letter = ImpactLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_editable:
        raise LetterError("This letter was already submitted.")
    if not letter.body.strip():
        raise LetterError("Write your letter before submitting it.")
    letter.status, letter.submitted_at = ImpactLetter.Status.SUBMITTED, timezone.now()
    letter.save(update_fields=["status", "submitted_at"])
    _snapshot(letter, by, "submitted")
    checklist_items_tick_letter(member=letter.member, by=by)
    return letter


@transaction.atomic
def letter_review(*, letter: ImpactLetter, by: User, kind: str, text: str = "") -> LetterComment:
    """The interventionist comments, requests changes (the letter opens again) or approves it."""
    letter = ImpactLetter.objects.select_for_update().get(pk=letter.pk)
    if kind == LetterComment.Kind.CHANGES_REQUESTED:
        if letter.status != ImpactLetter.Status.SUBMITTED:
            raise LetterError("Only a submitted letter can be sent back for changes.")
        if not text.strip():
            raise LetterError("Say what should change.")
        letter.status = ImpactLetter.Status.CHANGES_REQUESTED
    elif kind == LetterComment.Kind.APPROVED:
        if letter.status != ImpactLetter.Status.SUBMITTED:
            raise LetterError("Only a submitted letter can be approved.")
        letter.status, letter.approved_at, letter.approved_by = ImpactLetter.Status.APPROVED, timezone.now(), by
        if letter.reading_order is None:
            letter.reading_order = _next_reading_order(letter.member.case)
    elif not text.strip():
        raise LetterError("Write a comment.")
    letter.save(update_fields=["status", "approved_at", "approved_by", "reading_order"])
    return LetterComment.objects.create(letter=letter, author=by, kind=kind, text=text)


def _next_reading_order(case: Case) -> int:
    current = ImpactLetter.objects.filter(member__case=case).aggregate(n=Max("reading_order"))["n"]
    return (current or 0) + 1


@transaction.atomic
def letters_set_reading_order(*, case: Case, letter_ids: Sequence[int], by: User) -> None:
    """Number the case's approved letters 1..n in the given order."""
    letters = {letter.pk: letter for letter in ImpactLetter.objects.filter(member__case=case, pk__in=letter_ids)}
    for position, pk in enumerate(letter_ids, start=1):
        if pk in letters:
            letters[pk].reading_order = position
    ImpactLetter.objects.bulk_update(letters.values(), ["reading_order"])
