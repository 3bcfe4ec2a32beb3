"""Reads about assessments that views, the case page, the dashboard and facility matching share.

Registers the assessment panel, timeline entries and safety-flag attention items with `panels` on import
(imported from the AppConfig.ready()).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Assessment, Case, SafetyFlag, Sex
from .panels import AttentionItem, TimelineEntry, register_attention, register_panel, register_timeline

# Populations of samhsa.md (special programs, SG) the case's own fields tell us about.
POPULATION_FLAGS = {"veteran": "VET", "pregnant": "PW"}
# The language codes of samhsa.md; English needs none (every facility offers it).
NO_LANGUAGE_CODE = {"EN"}


def get_assessment_for(case: Case, pk: int) -> Assessment:
    """An assessment of a case the user already reached through `Case.objects.visible_to`; else 404."""
    queryset = case.assessments.select_related("created_by", "confirmed_by").prefetch_related(
        "instrument_results", "safety_flags__acted_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_safety_flag_for(case: Case, pk: int) -> SafetyFlag:
    return get_object_or_404(case.safety_flags.select_related("assessment", "raised_by", "acted_by"), pk=pk)


def assessments_of(case: Case) -> QuerySet[Assessment]:
    """The case's assessments, latest (current) first, with their instrument results."""
    return (
        case.assessments.latest_first()
        .select_related("created_by", "confirmed_by")
        .prefetch_related("instrument_results")
    )


def open_safety_flags(cases: QuerySet[Case]) -> QuerySet[SafetyFlag]:
    """Open safety flags on `cases` (already scoped to the user), oldest first, in one query with their case."""
    return SafetyFlag.objects.open().filter(case__in=cases).select_related("case").order_by("raised_at", "pk")


def care_needs_for(case: Case) -> dict[str, Any]:
    """What facility matching needs, as a plain dict with the keys of facilities.matching.CareNeeds.

    The level of care, withdrawal management and co-occurring capability come from the latest *confirmed*
    assessment (None / False without one); payment is the payer's SAMHSA PAY code; populations are SAMHSA special
    program codes (VET, PW); language is a SAMHSA language code (None for English).
    """
    confirmed = case.assessments.confirmed().latest_first().first()
    return {
        "level_of_care": confirmed.confirmed_level if confirmed else None,
        "withdrawal_management": bool(confirmed and confirmed.withdrawal_management),
        "co_occurring": bool(confirmed and confirmed.co_occurring),
        "payment": case.payer or None,
        "age": case.age,
        "sex": case.sex if case.sex in (Sex.MALE, Sex.FEMALE) else None,
        "populations": {code for name, code in POPULATION_FLAGS.items() if getattr(case, name)},
        "language": None if case.preferred_language in NO_LANGUAGE_CODE else case.preferred_language or None,
        "postal_code": case.postal_code or None,
    }


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
        if assessment.is_confirmed:
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
        entries.append(TimelineEntry(flag.raised_at, "safety", f"Safety flag: {flag.get_kind_display()}", flag.detail,
                                     flag.raised_by, url))  # fmt: skip
        if not flag.is_open:
            entries.append(TimelineEntry(flag.acted_at, "safety", f"Safety action: {flag.get_action_display()}",
                                         flag.action_notes, flag.acted_by, url))  # fmt: skip
    return entries


def safety_attention(cases: QuerySet[Case]) -> list[AttentionItem]:
    return [
        AttentionItem(
            flag.case,
            "safety",
            f"{flag.get_kind_display()}: record the safety action",
            flag.get_absolute_url(),
            severity="danger",
        )  # fmt: skip
        for flag in open_safety_flags(cases)
    ]


register_panel("interventions/partials/_assessment_panel.html", order=10)
register_timeline(assessment_timeline)
register_timeline(safety_timeline)
register_attention(safety_attention)
