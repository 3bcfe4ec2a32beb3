"""The assessment and intervention sections of the PDF summary: scores in the clinical version, none in the family one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from interventions import services
from interventions.disclosure import Category
from interventions.models import CaseSummary
from interventions.services.assessment import Administered
from tests.factories import InterventionPlanFactory, ParticipantFactory
from tests.interventions.conftest import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.services("pdftotext")]


@pytest.fixture
def assessed(case, alice):
    services.assessment_create(
        case=case,
        by=alice,
        ratings={1: 2, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1},
        substance_use="A fifth of vodka a day",
        administered=[
            Administered("AUDIT", [4, 4, 4, 2, 2, 2, 2, 2, 2, 2]),
            Administered("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1]),
        ],
    )
    plan = InterventionPlanFactory(case=case, scheduled_for=timezone.now() - dt.timedelta(days=1))
    ParticipantFactory(plan=plan, name="Ann Whitaker", boundary="No more money for rent.")
    return case


def build(case, by, **kwargs) -> str:
    summary = services.summary_request(case=case, by=by, version=kwargs.pop("version", "clinical"), **kwargs)
    services.summary_build(summary_id=summary.pk)
    summary.refresh_from_db()
    assert summary.status == CaseSummary.Status.READY, summary.error
    with summary.file.open("rb") as handle:
        return flat(pdf_text(handle.read()))


def test_clinical_summary_has_scores_bands_flags_level_and_plan(assessed, alice):
    words = build(assessed, alice)
    assert "Assessments and screening instruments" in words
    assert "AUDIT 30/40 Zone IV" in words  # total and band
    assert "PHQ-9 9/27 Mild" in words
    assert "Item 9 (thoughts of being better off dead" in words  # the flag
    assert "Level of care" in words and "Suggested" in words
    assert "Intervention plan" in words and "No more money for rent." in words


def test_family_summary_never_has_assessments_scores_or_boundaries(assessed, alice, carol, consent):
    consent.grant(carol, assessed, *Category.values)
    words = build(assessed, alice, version="family", recipient=carol)
    for clinical in (
        "Assessments and screening",
        "30/40",
        "Zone IV",
        "Level of care",
        "No more money for rent.",
        "vodka",
    ):
        assert clinical not in words


def test_clinical_summary_punctuates_travel_and_flags_once(assessed, alice):
    plan = assessed.plans.get()
    plan.travel_plan = "Leave the house at 13:15."
    plan.escort = "her brother"
    plan.save()
    words = build(assessed, alice)
    assert "Leave the house at 13:15. (not arranged yet) Who goes along her brother" in words
    assert ".;" not in words  # neither after the travel plan nor between the AUDIT flags, which end in a full stop
