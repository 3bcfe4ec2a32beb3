"""The summary section registry: how another topic adds a section (a worked example), and how gates decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from interventions import extensions, services
from interventions.disclosure import Category
from interventions.summary import (
    ALWAYS,
    CLINICAL_ONLY,
    DisclosureEntry,
    Period,
    SummarySection,
    sections_for,
)
from tests.factories import CaseNoteFactory
from tests.interventions.conftest import flat, pdf_text

pytestmark = pytest.mark.django_db


# The worked example: what the referrals topic (or any other) writes in its AppConfig.ready().
def referrals_context(case, period, version):
    notes = list(case.notes.filter(period.q("created_at")))  # stands in for case.referrals
    if not notes:
        return None  # nothing in the period: left out, and out of the contents
    return {"notes": notes}


@pytest.fixture
def referrals_section():
    section = SummarySection(
        key="example_referrals",
        title="Referrals (example)",
        order=40,
        template_name="interventions/summary/notes.html",
        context=referrals_context,
        gate=Category.FACILITY_AND_ADMISSION,
    )
    extensions.summary_sections.register(section)
    yield section
    extensions.summary_sections.unregister(section)


def keys(sections):
    return [section.key for section in sections]


@pytest.mark.services("pdftotext")
def test_a_registered_section_lands_in_the_pdf_in_its_order(case, alice, referrals_section):
    CaseNoteFactory(case=case, text="Referred to Blue Ridge Recovery Center.")
    summary = services.summary_request(case=case, version="clinical", by=alice)
    summary = services.summary_build(summary_id=summary.pk)
    assert summary.sections == ["cover", "intake", "timeline", "example_referrals", "notes", "accounting"]
    words = flat(pdf_text(summary.file.read()))
    assert "Referrals (example)" in words and "Referred to Blue Ridge Recovery Center." in words


def test_a_section_whose_context_is_none_is_left_out(case, alice, referrals_section):
    summary = services.summary_request(case=case, version="clinical", by=alice)
    summary = services.summary_build(summary_id=summary.pk)
    assert "example_referrals" not in summary.sections


def test_gates_clinical_only_always_and_category(case, carol, consent, referrals_section, throwaway):
    throwaway(key="throwaway", gate=CLINICAL_ONLY)
    assert {"throwaway", "example_referrals", "notes", "intake"} <= set(keys(sections_for(case, version="clinical")))
    assert keys(sections_for(case, version="family", recipient=carol)) == ["cover"]
    consent.grant(carol, case, Category.FACILITY_AND_ADMISSION)
    # "referrals" is the real section of the referrals topic (interventions/referrals.py), gated the same way.
    assert keys(sections_for(case, version="family", recipient=carol)) == ["cover", "example_referrals", "referrals"]
    consent.grant(carol, case, Category.STAGE_AND_STATUS)
    assert keys(sections_for(case, version="family", recipient=carol)) == [
        "cover",
        "timeline",
        "example_referrals",
        "referrals",
        "intervention_outcome",
    ]


def test_an_unknown_gate_is_refused():
    with pytest.raises(ValueError, match="unknown gate"):
        SummarySection("x", "X", 1, "x.html", lambda case, period, version: {}, gate="assessments")


def test_always_sections_are_in_both_versions(case, carol, throwaway):
    throwaway(gate=ALWAYS)
    assert "throwaway" in keys(sections_for(case, version="family", recipient=carol))


def test_period_filters_datetimes_by_local_day_both_ends_included():
    period = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    tz = timezone.get_current_timezone()
    assert period.contains(dt.datetime(2026, 3, 31, 23, 59, tzinfo=tz))
    assert not period.contains(dt.datetime(2026, 4, 1, 0, 0, tzinfo=tz))
    assert period.contains(dt.date(2026, 3, 1)) and not period.contains(dt.date(2026, 2, 28))
    assert Period().contains(dt.date(1990, 1, 1))


@pytest.mark.services("pdftotext")
def test_the_accounting_of_disclosures_appears_when_families_provides_it(case, alice):
    with extensions.summary_accounting.replace():  # without the families app's provider
        summary = services.summary_build(
            summary_id=services.summary_request(case=case, version="clinical", by=alice).pk
        )
    assert "accounting" not in summary.sections

    def provider(case, period):
        return [DisclosureEntry(timezone.now(), "Carol Chen (sister)", "Stage and status", "At my request", "PDF")]

    with extensions.summary_accounting.replace(provider):
        summary = services.summary_request(case=case, version="clinical", by=alice)
        summary = services.summary_build(summary_id=summary.pk)
    assert "accounting" in summary.sections
    words = flat(pdf_text(summary.file.read()))
    assert "Accounting of disclosures" in words and "Carol Chen (sister)" in words and "At my request" in words
