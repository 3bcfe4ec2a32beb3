"""Bench figures measured in the test process, on the test database, at small sizes."""

from __future__ import annotations

import pytest

from aftercare.models import FollowUp
from bench.baseline import bare_view
from bench.consents import accounting
from bench.context import BenchContext
from bench.families import portal_member
from bench.reminders import reminder_scan, reminder_scan_1m

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
