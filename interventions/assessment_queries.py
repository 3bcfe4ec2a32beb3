"""Reads about assessments that views, the case page, the dashboard and facility matching share.

Its timeline and attention providers are registered from InterventionsConfig.ready() (see extensions.py).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .extensions import AttentionItem, TimelineEntry
from .models import Assessment, Case, SafetyFlag


def get_assessment_for(case: Case, pk: int) -> Assessment:
    """An assessment of a case the user already reached through `Case.objects.visible_to`; else 404."""
    queryset = case.assessments.select_related("created_by", "confirmed_by").prefetch_related(
        "instrument_results", "safety_flags__acted_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_safety_flag_for(case: Case, pk: int) -> SafetyFlag:
    return get_object_or_404(case.safety_flags.select_related("assessment", "raised_by", "acted_by"), pk=pk)


def open_safety_flags(cases: QuerySet[Case]) -> QuerySet[SafetyFlag]:
    """Open safety flags on `cases` (already scoped to the user), oldest first, in one query with their case."""
    return SafetyFlag.objects.open().filter(case__in=cases).select_related("case").order_by("raised_at", "pk")


def assessment_timeline(case: Case) -> list[TimelineEntry]:
    entries = []
    for assessment in case.assessments.select_related("created_by", "confirmed_by").prefetch_related(
        "instrument_results"
    ):
        screens = ", ".join(f"{r.code} {r.total} ({r.band_info.label})" for r in assessment.instrument_results.all())
        detail = f"Suggested level of care {assessment.suggested_level}." + (f" Screens: {screens}." if screens else "")
        url = assessment.get_absolute_url()
        entries.append(
            TimelineEntry(assessment.created_at, "assessment", "Assessment", detail, assessment.created_by, url)
        )
        if assessment.confirmed_at is not None:
            verb = "overridden" if assessment.is_override else "confirmed"
            title = f"Level of care {assessment.confirmed_level} {verb}"
            entries.append(
                TimelineEntry(
                    assessment.confirmed_at,
                    "assessment",
                    title,
                    assessment.override_reason,
                    assessment.confirmed_by,
                    url,
                )
            )
    return entries


def safety_timeline(case: Case) -> list[TimelineEntry]:
    entries = []
    for flag in case.safety_flags.select_related("raised_by", "acted_by"):
        url = flag.get_absolute_url()
        entries.append(
            TimelineEntry(
                flag.raised_at, "safety", f"Safety flag: {flag.get_kind_display()}", flag.detail, flag.raised_by, url
            )
        )
        if flag.acted_at is not None:
            entries.append(
                TimelineEntry(
                    flag.acted_at,
                    "safety",
                    f"Safety action: {flag.get_action_display()}",
                    flag.action_notes,
                    flag.acted_by,
                    url,
                )
            )
    return entries


def safety_attention(cases: QuerySet[Case]) -> list[AttentionItem]:
    return [
        AttentionItem(
            flag.case,
            "safety",
            f"{flag.get_kind_display()}: record the safety action",
            flag.get_absolute_url(),
            severity="danger",
        )
        for flag in open_safety_flags(cases)
    ]
