"""Follow-ups, outcomes and the aftercare plan in the PDF case summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftercare.models import AftercarePlan
from interventions import services
from interventions.disclosure import Category
from interventions.models import CaseSummary
from tests.factories import FollowUpFactory
from tests.interventions.conftest import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.services("pdftotext")]
NOTE = "Wedding slip."


@pytest.fixture
def followed(case, alice):
    now = timezone.now()
    for days, abstinent in ((60, 5), (30, 28), (7, 51)):
        FollowUpFactory(
            case=case,
            due_at=now - dt.timedelta(days=days),
            status="done",
            contacted_at=now - dt.timedelta(days=days),
            reached=True,
            days_abstinent=abstinent,
            engagement=3,
            use_since_last_contact=False,
            notes=NOTE,
            recorded_by=alice,
        )
    AftercarePlan.objects.create(
        case=case, version=1, created_by=alice, warning_signs="Skipping meetings", who_to_call="Sponsor Jim"
    )
    return case


def build(case, by, **kwargs) -> str:
    return flat(build_layout(case, by, **kwargs))


def build_layout(case, by, **kwargs) -> str:
    """The PDF's text with its layout: a label and its value on one line when they sit side by side."""
    summary = services.summary_request(case=case, by=by, version=kwargs.pop("version", "clinical"), **kwargs)
    services.summary_build(summary_id=summary.pk)
    summary.refresh_from_db()
    assert summary.status == CaseSummary.Status.READY, summary.error
    with summary.file.open("rb") as handle:
        return pdf_text(handle.read())


def test_clinical_summary_has_follow_ups_outcomes_chart_and_plan(followed, alice):
    words = build(followed, alice)
    assert "Follow-ups and outcomes" in words and "Outcome at each follow-up reached" in words
    assert "Days abstinent on the left axis" not in words  # the chart is a picture with a text alternative
    assert NOTE in words
    assert "Aftercare plan" in words and "Sponsor Jim" in words


def test_family_summary_shows_consented_outcomes_and_plan_without_notes(followed, alice, carol, consent_policy):
    grants, _ = consent_policy
    grants.update(
        {(carol.pk, followed.pk, Category.TREATMENT_PROGRESS), (carol.pk, followed.pk, Category.AFTERCARE_PLAN)}
    )
    words = build(followed, alice, version="family", recipient=carol)
    assert "Outcome at each follow-up reached" in words and "Sponsor Jim" in words
    assert NOTE not in words


def test_family_summary_without_consent_has_no_follow_ups_or_plan(followed, alice, carol, consent_policy):
    grants, _ = consent_policy
    grants.add((carol.pk, followed.pk, Category.STAGE_AND_STATUS))
    words = build(followed, alice, version="family", recipient=carol)
    assert "Follow-ups and outcomes" not in words and "Sponsor Jim" not in words


def test_clinical_summary_prints_risk_flags_by_their_label(followed, alice):
    row = followed.follow_ups.order_by("due_at").last()
    row.risk_flags = ["isolation"]
    row.save()
    words = build(followed, alice)
    assert "Lost support / isolating" in words
    assert "isolation" not in words


def test_aftercare_plan_values_stay_beside_their_labels_and_name_the_prescriber(followed, alice):
    plan = followed.aftercare_plans.get()
    plan.medications = ["NXN"]
    plan.medication_prescriber = "Dr. Ana Ortiz"
    plan.sober_living = "Oak House, 3 months"
    plan.alumni_program = "Riverside alumni Thursdays"
    plan.save()
    plan.support_groups.create(type="aa", meeting="Downtown Big Book", weekday=1, time=dt.time(19))
    lines = build_layout(followed, alice).splitlines()

    def line_of(label: str) -> str:
        return next(line for line in lines if line.strip().startswith(label))

    # "Medications for addiction treatment" wraps onto two lines; the values after it must not slide up a row
    assert "prescriber: Dr. Ana Ortiz" in line_of("Medications for")
    assert "Downtown Big Book" in line_of("Support groups")
    assert "Oak House" in line_of("Sober living")
    assert "Riverside alumni" in line_of("Alumni program")
