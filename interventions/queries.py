"""Reads the interventions views share, scoped to the user and prefetching what the pages show."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Case, CaseNote, Stage, StageChange
from .panels import AttentionItem, TimelineEntry, register_attention, register_timeline


def get_case_for(user: User, pk: int) -> Case:
    """The case with `pk` if the user may see it, with what its page header shows; else 404."""
    queryset = Case.objects.visible_to(user).select_related("organization", "lead").prefetch_related("co_assigned")
    return get_object_or_404(queryset, pk=pk)


def caseload_for(user: User) -> QuerySet[Case]:
    """The user's cases for the dashboard list, with what each row shows."""
    return Case.objects.visible_to(user).select_related("lead")


def stage_counts(cases: QuerySet[Case]) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every stage, in workflow order, in one query."""
    counts = dict(cases.order_by().values_list("stage").annotate(n=Count("pk")))
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Stage]


def stage_timeline(case: Case) -> list[TimelineEntry]:
    changes = StageChange.objects.filter(case=case).select_related("by")
    entries = []
    for change in changes:
        detail = change.note
        if change.override_reason:
            detail = f"{detail} Readiness overridden: {change.override_reason}".strip()
        title = "Case opened at intake" if not change.from_stage else f"Moved to {change.get_to_stage_display()}"
        entries.append(TimelineEntry(change.at, "stage", title, detail, change.by))
    return entries


def note_timeline(case: Case) -> list[TimelineEntry]:
    return [
        TimelineEntry(note.created_at, "note", "Note", note.text, note.author, note.get_absolute_url())
        for note in CaseNote.objects.filter(case=case).select_related("author")
    ]


def stale_attention(cases: QuerySet[Case]) -> list[AttentionItem]:
    return [
        AttentionItem(case, "stale", f"No activity since {case.last_activity_at:%b %d}", case.get_absolute_url())
        for case in cases.stale().order_by("last_activity_at")[:20]
    ]


register_timeline(stage_timeline)
register_timeline(note_timeline)
register_attention(stale_attention)
