"""The summary sections of the case itself: the cover, intake essentials, the timeline, the notes and the
accounting of disclosures (its rows come from families). `SECTIONS` is registered from InterventionsConfig.ready()."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..disclosure import Category
from ..extensions import timeline_for
from ..models import Case, CaseNote
from .sections import (
    ALWAYS,
    CLINICAL_ONLY,
    FAMILY,
    FAMILY_TIMELINE_KINDS,
    Period,
    SummarySection,
    accounting_context,
)


def cover_context(case: Case, period: Period, version: str) -> dict[str, Any]:
    return {"co_assigned": list(case.co_assigned.all()) if version != FAMILY else []}


def intake_context(case: Case, period: Period, version: str) -> dict[str, Any]:
    return {"substances": list(case.substances.all())}


# Notes have a section of their own (clinical only): the timeline leaves them out.
TIMELINE_SKIP_KINDS = {"note"}


def timeline_context(case: Case, period: Period, version: str) -> dict[str, Any]:
    entries = [
        entry for entry in timeline_for(case) if entry.kind not in TIMELINE_SKIP_KINDS and period.contains(entry.at)
    ]
    if version == FAMILY:
        # Where the case stands, and when: no notes, no reasons written for the team, no staff names.
        entries = [replace(entry, detail="", by=None) for entry in entries if entry.kind in FAMILY_TIMELINE_KINDS]
    return {"entries": sorted(entries, key=lambda entry: entry.at)}


def notes_context(case: Case, period: Period, version: str) -> dict[str, Any]:
    notes = CaseNote.objects.filter(period.q("created_at"), case=case).select_related("author").order_by("created_at")
    return {"notes": list(notes)}


SECTIONS = [
    SummarySection(
        key="cover",
        title="Cover",
        order=0,
        template_name="interventions/summary/cover.html",
        context=cover_context,
        gate=ALWAYS,
        heading=False,
    ),
    SummarySection(
        key="intake",
        title="Intake essentials",
        order=10,
        template_name="interventions/summary/intake.html",
        context=intake_context,
        gate=CLINICAL_ONLY,
    ),
    SummarySection(
        key="timeline",
        title="Timeline",
        order=20,
        template_name="interventions/summary/timeline.html",
        context=timeline_context,
        gate=Category.STAGE_AND_STATUS,
    ),
    SummarySection(
        key="notes",
        title="Case notes",
        order=90,
        template_name="interventions/summary/notes.html",
        context=notes_context,
        gate=CLINICAL_ONLY,
    ),
    SummarySection(
        key="accounting",
        title="Accounting of disclosures",
        order=95,
        template_name="interventions/summary/accounting.html",
        context=accounting_context,
        gate=CLINICAL_ONLY,
    ),
]
