from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interventions.models import Case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
URL = reverse("interventions:dashboard")


def test_each_role_sees_exactly_its_cases(client, practice, other_practice, olivia, alice, bob, mallory):
    mine = CaseFactory(organization=practice, lead=alice, last_name="Alicecase")
    bobs = CaseFactory(organization=practice, lead=bob, last_name="Bobcase")
    CaseFactory(organization=other_practice, lead=mallory, last_name="Summitcase")
    expectations = {alice: {mine}, bob: {bobs}, olivia: {mine, bobs}}
    for user, expected in expectations.items():
        client.force_login(user)
        assert set(client.get(URL).context["page"]) == expected


def test_mallory_gets_404(client, practice, alice, mallory):
    case = CaseFactory(organization=practice, lead=alice, last_name="Hidden")
    client.force_login(mallory)
    assert "Hidden" not in client.get(URL).content.decode()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_counts_by_stage(client, practice, alice):
    CaseFactory.create_batch(2, organization=practice, lead=alice, stage="planning")
    CaseFactory(organization=practice, lead=alice, stage="intake")
    client.force_login(alice)
    counts = {stage: n for stage, _, n in client.get(URL).context["counts"]}
    assert (counts["planning"], counts["intake"], counts["closed"]) == (2, 1, 0)


def test_filter_by_stage_lead_and_name(client, practice, olivia, alice, bob):
    CaseFactory(organization=practice, lead=alice, stage="planning", first_name="Maria", last_name="Gonzalez")
    CaseFactory(organization=practice, lead=bob, stage="planning", first_name="James", last_name="Okafor")
    CaseFactory(organization=practice, lead=alice, stage="intake", first_name="Mario", last_name="Rossi")
    client.force_login(olivia)
    names = lambda **q: sorted(c.last_name for c in client.get(URL, q).context["page"])  # noqa: E731
    assert names(stage="planning") == ["Gonzalez", "Okafor"]
    assert names(lead=alice.pk) == ["Gonzalez", "Rossi"]
    assert names(q="mari") == ["Gonzalez", "Rossi"]
    assert names(q="maria gonz") == ["Gonzalez"]


def test_sort_by_last_activity_and_pagination(client, practice, alice):
    now = timezone.now()
    for days in range(30):
        CaseFactory(
            organization=practice, lead=alice, last_name=f"N{days:02d}", last_activity_at=now - dt.timedelta(days=days)
        )
    client.force_login(alice)
    first_page = client.get(URL).context["page"]
    assert [c.last_name for c in first_page][:3] == ["N00", "N01", "N02"]
    assert first_page.paginator.num_pages == 2
    oldest_first = client.get(URL, {"sort": "last_activity_at"}).context["page"]
    assert oldest_first[0].last_name == "N29"


def test_stale_cases_need_attention(client, practice, alice):
    CaseFactory(
        organization=practice, lead=alice, last_name="Quiet", last_activity_at=timezone.now() - dt.timedelta(days=15)
    )
    CaseFactory(organization=practice, lead=alice, last_name="Busy")
    client.force_login(alice)
    attention = client.get(URL).context["attention"]
    assert [(item.case.last_name, item.kind) for item in attention] == [("Quiet", "stale")]


def test_htmx_filter_returns_the_list_partial(client, practice, alice):
    CaseFactory(organization=practice, lead=alice, last_name="Partial")
    client.force_login(alice)
    response = client.get(URL, {"q": "Partial"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Partial" in html
    assert "<html" not in html


def dashboard_queries(client, practice, alice, bob, size) -> int:
    cases = CaseFactory.create_batch(size, organization=practice, lead=alice)
    Case.objects.filter(pk__in=[c.pk for c in cases[::3]]).update(
        last_activity_at=timezone.now() - dt.timedelta(days=20)
    )
    for case in cases[::4]:
        case.co_assigned.add(bob)
    client.force_login(alice)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    Case.objects.all().delete()
    return len(queries)


def test_dashboard_query_count_is_constant(client, practice, alice, bob, django_assert_max_num_queries):
    small = dashboard_queries(client, practice, alice, bob, 5)
    large = dashboard_queries(client, practice, alice, bob, 200)
    assert small == large
    assert large <= 16


def test_search_finds_a_case_by_its_reference(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, last_name="Findme")
    CaseFactory(organization=practice, lead=alice, last_name="Other")
    client.force_login(alice)
    assert [c.last_name for c in client.get(URL, {"q": case.reference}).context["page"]] == ["Findme"]
