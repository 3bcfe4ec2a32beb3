"""Bench figures measured in the test process, on the test database, at small sizes."""

from __future__ import annotations

import pytest

from aftercare.models import FollowUp
from bench.baseline import bare_view
from bench.consents import accounting
from bench.context import BenchContext
from bench.families import portal_member
from bench.reminders import reminder_scan, reminder_scan_1m
from bench.scale import Base, scale
from facilities.models import Facility, FacilityService

pytestmark = pytest.mark.django_db


def test_bare_view_is_one_query_through_the_whole_middleware_stack(settings):
    settings.ROOT_URLCONF = "bench.urls"
    figures = bare_view(BenchContext(quick=True))
    assert list(figures) == ["bare_view_ms", "bare_view_queries"]
    assert figures["bare_view_ms"] > 0 and figures["bare_view_queries"] == 1


def test_the_bench_view_is_routed_only_by_the_bench_urls(client):
    assert client.get("/__bench__/bare/").status_code == 404


def test_reminder_scan_reminds_every_due_follow_up_and_only_those():
    figures = reminder_scan(BenchContext(quick=True), total=500, due=10)
    assert figures["reminder_scan_ms"] > 0
    assert figures["reminder_scan_reminded"] == 10
    assert FollowUp.objects.count() == 500


@pytest.mark.services("postgres")
def test_the_million_figure_grows_the_follow_ups_and_the_due_ones_tenfold():
    context = BenchContext(quick=True)
    reminder_scan(context, total=300, due=10)
    figures = reminder_scan_1m(context)
    assert figures["reminder_scan_1m_ms"] > 0 and figures["reminder_scan_1m_reminded"] == 100
    assert FollowUp.objects.count() == 3000


def test_portal_member_figures_come_with_their_query_count(settings):
    settings.ROOT_URLCONF = "bench.urls"
    figures = portal_member(BenchContext(quick=True))
    assert set(figures) == {"portal_member_ms", "portal_member_queries"}
    assert all(value > 0 for value in figures.values())


def test_accounting_figures_come_with_their_query_count(settings):
    settings.ROOT_URLCONF = "bench.urls"
    figures = accounting(BenchContext(quick=True))
    assert set(figures) == {"accounting_ms", "accounting_deep_ms", "accounting_queries"}
    assert all(value > 0 for value in figures.values())


@pytest.mark.services("postgres")
def test_the_growth_table_measures_each_figure_at_each_size(settings):
    settings.ROOT_URLCONF = "bench.urls"
    base = Base(cases=40, mine=10, follow_ups=60, due=5, facilities=30)
    table = scale(BenchContext(quick=True), factors=(3, 1), base=base)["scale"]
    # Each size holds that many times the base's rows: practices of cases, follow-ups due, facilities.
    assert table["cases_in_db"] == {"x1": 40, "x3": 120}
    assert table["reminder_scan_due"] == {"x1": 5, "x3": 15}
    assert table["facilities_in_db"] == {"x1": 30, "x3": 90}
    assert Facility.objects.values("external_id").distinct().count() == 90
    assert (
        FacilityService.objects.count()
        == 3 * FacilityService.objects.filter(facility__external_id__regex=r"^[^-]*$").count()
    )
    # The pages make as many queries at three times the size.
    assert table["dashboard_queries"]["x1"] == table["dashboard_queries"]["x3"]
    assert table["case_page_queries"]["x1"] == table["case_page_queries"]["x3"]
    assert all(
        value > 0
        for name in ("dashboard_ms", "case_page_ms", "reminder_scan_ms", "match_ms")
        for value in table[name].values()
    )
