"""Reads the interventions views share, scoped to the user and prefetching what the pages show."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import require_perm
from accounts.models import User

from .disclosure import Category, may_disclose
from .extensions import AttentionItem, TimelineEntry
from .models import Case, CaseNote, CaseSummary, InterventionEvent, Referral, ReferralStatus, Stage, StageChange
from .models.case import CaseQuerySet


def get_case_for(user: User, pk: int, *, perm: str) -> Case:
    """The one way a staff page reaches a case: scoped, then checked.

    404 when the case is outside the user's scope (`visible_to`: it does not confirm the case exists); 403 when it is
    inside the scope but the user lacks the `rules` permission `perm` (e.g. "interventions.change_case").
    The case comes with what its page header shows.
    """
    queryset = Case.objects.visible_to(user).select_related("organization", "lead").prefetch_related("co_assigned")
    case = get_object_or_404(queryset, pk=pk)
    require_perm(user, perm, case)
    return case


def caseload_for(user: User) -> CaseQuerySet:
    """The user's cases for the dashboard list, with what each row shows."""
    return Case.objects.visible_to(user).select_related("lead")


def stage_counts(cases: QuerySet[Case]) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every stage, in workflow order, in one query."""
    counts = dict(cases.order_by().values_list("stage").annotate(n=Count("pk")))
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Stage]


RECORDED_LATER = dt.timedelta(minutes=5)


def stage_timeline(case: Case) -> list[TimelineEntry]:
    changes = StageChange.objects.filter(case=case).select_related("by")
    entries = []
    for change in changes:
        detail = change.note
        if change.override_reason:
            detail = f"{detail} Readiness overridden: {change.override_reason}".strip()
        if change.from_stage == Stage.CLOSED:
            title = f"Reopened at {change.get_to_stage_display()}"
        elif change.from_stage:
            title = f"Moved to {change.get_to_stage_display()}"
        else:
            title = "Case opened at intake"
        if change.effective_at is not None and abs(change.effective_at - change.at) >= RECORDED_LATER:
            # The fact's date leads; when it was entered follows.
            recorded = timezone.localtime(change.at)
            detail = f"{detail} (Recorded {recorded:%Y-%m-%d %H:%M}.)".strip()
        entries.append(TimelineEntry(change.happened_at, "stage", title, detail, change.by))
    return entries


def note_timeline(case: Case) -> list[TimelineEntry]:
    return [
        TimelineEntry(note.created_at, "note", "Note", note.text, note.author, note.get_absolute_url())
        for note in CaseNote.objects.filter(case=case).select_related("author")
    ]


def stale_attention(cases: CaseQuerySet) -> list[AttentionItem]:
    return [
        AttentionItem(
            case,
            "stale",
            f"No activity since {timezone.localtime(case.last_activity_at):%b %d}",
            case.get_absolute_url(),
        )
        for case in cases.stale().order_by("last_activity_at")[:20]
    ]


def summaries_for(case: Case) -> QuerySet[CaseSummary]:
    """The case's summaries, newest first, with who requested each and for whom (a constant number of queries)."""
    return case.summaries.select_related("requested_by", "recipient")


class BuildLimit(NamedTuple):
    builds: int
    per: dt.timedelta


# PDF builds one person may ask for on one case: a family member a few, staff many (a busy day of edits, never a
# flood). Counted from the CaseSummary rows themselves, so every process and every worker sees the same count.
SUMMARY_BUILD_LIMITS = {
    "family": BuildLimit(3, dt.timedelta(minutes=10)),
    "staff": BuildLimit(30, dt.timedelta(minutes=10)),
}


def summary_build_limit(user: User) -> BuildLimit:
    return SUMMARY_BUILD_LIMITS["staff" if user.is_practice_staff else "family"]


def summary_build_allowed(user: User, case: Case, now: dt.datetime | None = None) -> bool:
    """May `user` ask for another PDF of `case` now, under their `summary_build_limit`? (Call it inside the
    transaction that creates the summary, with the case row locked, so that two clicks cannot both pass.)"""
    limit = summary_build_limit(user)
    since = (now or timezone.now()) - limit.per
    return case.summaries.filter(requested_by=user, requested_at__gt=since).count() < limit.builds


def summary_build_refusal(user: User) -> str:
    limit = summary_build_limit(user)
    minutes = int(limit.per.total_seconds() // 60)
    return (
        f"You have asked for {limit.builds} summaries of this case in the last {minutes} minutes, the most we build. "
        "Open one of those below, or try again in a few minutes."
    )


ANY_CATEGORY = "any"


def get_case_for_recipient(user: User, pk: int, *, category: str) -> Case:
    """The one way a family page reaches a case: a 404 unless a consent covers `user` for `category` of it now.

    `category` is a disclosure category (`Category`), or ANY_CATEGORY for pages that list what the recipient may
    have (their summaries), each item of which is checked again on its own.
    """
    case = get_object_or_404(Case.objects.select_related("organization"), pk=pk)
    categories = Category.values if category == ANY_CATEGORY else [category]
    if user.is_authenticated and any(may_disclose(user, case, each) for each in categories):
        return case
    raise Http404


def family_summaries_for(user: User, case: Case) -> QuerySet[CaseSummary]:
    """The family versions made for `user` on `case`, newest first."""
    return case.summaries.filter(version=CaseSummary.Version.FAMILY, recipient=user).select_related("requested_by")


def recipient_may_download(user: User, summary: CaseSummary) -> bool:
    """A family member may download their family version while a consent covers them for some category and
    still covers every category the PDF contains (revoking part of a consent stops that PDF at once)."""
    if not (summary.is_family and summary.recipient_id == user.pk):
        return False
    covered = {category for category in Category.values if may_disclose(user, summary.case, category)}
    return bool(covered) and covered.issuperset(summary.categories)


def get_summary_for_download(user: User, case_pk: int, summary_pk: int) -> tuple[CaseSummary, bool]:
    """A ready summary the user may download, and whether they get it as a family recipient; else 404.

    Staff reach it through the case scope (then need `interventions.view_case`, else 403); a family member
    only their own family version, under `recipient_may_download`.
    """
    case = Case.objects.visible_to(user).select_related("organization").filter(pk=case_pk).first()
    ready = {"status": CaseSummary.Status.READY}
    if case is not None:
        require_perm(user, "interventions.view_case", case)
        return get_object_or_404(case.summaries.select_related("case"), pk=summary_pk, **ready), False
    summary = get_object_or_404(
        CaseSummary.objects.select_related("case__organization"), pk=summary_pk, case_id=case_pk, **ready
    )
    if not recipient_may_download(user, summary):
        raise Http404
    return summary, True


ADMITTING_ORDER = (ReferralStatus.ADMITTED, ReferralStatus.ADMISSION_SCHEDULED, ReferralStatus.ACCEPTED)


def admitting_referral(case: Case) -> Referral | None:
    """The referral the person is (or will be) admitted on: admitted first, then admission scheduled, then
    accepted; among equals the latest change. Its `admission_at` is the admission time (kept only there).
    The facility comes with it (the what-to-expect sheet and the family portal name it): one query."""
    rows = case.referrals.filter(status__in=ADMITTING_ORDER).select_related("facility")
    return min(
        rows,
        key=lambda r: (ADMITTING_ORDER.index(r.status), -r.status_changed_at.timestamp(), -r.pk),
        default=None,
    )


def closing_of(case: Case) -> StageChange | None:
    """The stage change that closed the case (the latest into Closed)."""
    return case.stage_changes.filter(to_stage=Stage.CLOSED).order_by("-at", "-pk").first()


def outcomes_by_arise_level(cases: QuerySet[Case]) -> dict[int, dict[str, int]]:
    """ARISE outcomes counted by the level they came at, {level: {outcome: count}}, over the plans of `cases`
    (one query): how many families each level was enough for."""

    counts: dict[int, dict[str, int]] = {}
    rows = (
        InterventionEvent.objects.filter(plan__case__in=cases, plan__model="arise", arise_level__isnull=False)
        .values("arise_level", "outcome")
        .annotate(n=Count("pk"))
        .order_by("arise_level", "outcome")
    )
    for row in rows:
        counts.setdefault(row["arise_level"], {})[row["outcome"]] = row["n"]
    return counts
