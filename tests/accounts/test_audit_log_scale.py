"""The owner's audit log at scale (issue 16): no count of every match, constant queries, on the practice's indexes."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.filters import AuditLogFilter
from accounts.paging import KeysetPage, cursor_of
from accounts.queries import audit_entries_for

pytestmark = pytest.mark.django_db


def audit_url(practice):
    return reverse("accounts:audit-log", kwargs={"org": practice.pk})


def add_entries(practice, count, *, actor=None, when=None, action=LogEntry.Action.ACCESS, changes=None):
    kind = ContentType.objects.get_for_model(practice)
    when = when or dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=kind,
            object_pk=str(practice.pk),
            object_repr=str(practice),
            action=action,
            actor=actor,
            changes=changes,
            timestamp=when - dt.timedelta(minutes=n),
            additional_data={"organization": practice.pk},
        )
        for n in range(count)
    )


def follow(client, response, label):
    """GET the pager's link named `label` ("Next" or "Previous") on `response`."""
    nav = response.content.decode().split('aria-label="Pages"')[1]
    href = next(part for part in nav.split('href="?')[1:] if f">{label} " in part).split('"')[0]
    return client.get(f"{response.request['PATH_INFO']}?{html.unescape(href)}")


def test_the_page_counts_nothing_and_pages_without_repeating_an_entry(client, practice, olivia):
    add_entries(practice, 120)
    client.force_login(olivia)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(audit_url(practice))
    assert not [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert not [query["sql"] for query in queries if "OFFSET" in query["sql"].upper()]
    nav = first.content.decode().split('aria-label="Pages"')[1]
    assert "Next" in nav and "Previous" not in nav and " of " not in nav
    pages = [first]
    while pages[-1].context["page"].has_next():
        pages.append(follow(client, pages[-1], "Next"))  # each read of the log writes an entry on top of it
    seen = [entry.pk for page in pages for entry in page.context["page"]]
    assert len(pages) == 3 and len(pages[-1].context["page"]) < 50
    assert len(seen) == len(set(seen))  # no entry twice, though the log grew while it was read
    assert "Previous" in pages[-1].content.decode() and "Next" not in pages[-1].content.decode()
    back = follow(client, pages[-1], "Previous")
    assert [entry.pk for entry in back.context["page"]] == [entry.pk for entry in pages[1].context["page"]]


def test_paging_keeps_the_filter(client, practice, olivia, alice):
    add_entries(practice, 60, actor=alice, action=LogEntry.Action.DELETE)
    add_entries(practice, 60, action=LogEntry.Action.ACCESS)
    client.force_login(olivia)
    first = client.get(audit_url(practice), {"action": LogEntry.Action.DELETE})
    second = follow(client, first, "Next")
    assert len(second.context["page"]) == 10
    assert {entry.action for entry in second.context["page"]} == {LogEntry.Action.DELETE}


def test_a_position_that_is_not_one_is_the_newest_page(client, practice, olivia):
    client.force_login(olivia)
    newest = client.get(audit_url(practice)).context["page"].object_list[0]
    for key, value in [("before", "abc"), ("after", "12-x"), ("before", "99999999999999999999999-1"), ("page", "3")]:
        response = client.get(audit_url(practice), {key: value})
        assert response.status_code == 200
        assert newest in list(response.context["page"])


@pytest.mark.parametrize("size", [5, 60])
def test_audit_log_query_count_is_constant(client, practice, olivia, alice, bob, size, django_assert_max_num_queries):
    membership = alice.memberships.get()
    add_entries(practice, size, actor=alice, changes={"organization": [None, str(practice.pk)]})
    add_entries(
        practice, size, actor=bob, action=LogEntry.Action.UPDATE, changes={"role": ["owner", "interventionist"]}
    )
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(membership),
        object_pk=str(membership.pk),
        object_repr=str(membership),
        action=LogEntry.Action.UPDATE,
        changes={"user": [str(bob.pk), str(alice.pk)]},
        additional_data={"organization": practice.pk},
    )
    client.force_login(olivia)
    with django_assert_max_num_queries(14):
        assert client.get(audit_url(practice)).status_code == 200


def test_date_range_is_whole_days_of_the_readers_time_zone(client, practice, olivia):
    # Olivia reads in New York: 15 Jan 2026 there is 05:00 UTC on the 15th to 05:00 UTC on the 16th.
    olivia.time_zone = "America/New_York"
    olivia.save()
    add_entries(practice, 1, when=dt.datetime(2026, 1, 15, 5, 0, tzinfo=dt.UTC), action=LogEntry.Action.DELETE)
    add_entries(practice, 1, when=dt.datetime(2026, 1, 16, 4, 59, tzinfo=dt.UTC), action=LogEntry.Action.DELETE)
    add_entries(practice, 1, when=dt.datetime(2026, 1, 15, 4, 59, tzinfo=dt.UTC), action=LogEntry.Action.DELETE)
    add_entries(practice, 1, when=dt.datetime(2026, 1, 16, 5, 0, tzinfo=dt.UTC), action=LogEntry.Action.DELETE)
    client.force_login(olivia)
    response = client.get(audit_url(practice), {"date_from": "2026-01-15", "date_to": "2026-01-15", "action": 2})
    stamps = sorted(entry.timestamp for entry in response.context["page"])
    assert stamps == [dt.datetime(2026, 1, 15, 5, 0, tzinfo=dt.UTC), dt.datetime(2026, 1, 16, 4, 59, tzinfo=dt.UTC)]


# A user with few entries is read from the actor's own index (what django-auditlog creates), one with many from
# the practice's (the statistics of migration 0007 tell the planner a user's entries are mostly one practice's).
BY_USER = ("casework_audit_org_time", "auditlog_logentry_actor_id")
FILTERS = {
    "none": ({}, "casework_audit_org_time"),
    "action": ({"action": LogEntry.Action.DELETE}, "casework_audit_org_time"),
    "user": ({"actor": "ACTOR"}, BY_USER),
    "kind": ({"content_type": "KIND"}, "casework_audit_org_time"),
    "dates": ({"date_from": "2026-03-01", "date_to": "2026-03-07"}, "casework_audit_org_time"),
    "user and dates": ({"actor": "ACTOR", "date_from": "2026-03-01"}, BY_USER),
    "record": ({"object_pk": "17"}, "casework_audit_org_record"),
    "record and kind": ({"object_pk": "17", "content_type": "KIND"}, "casework_audit_org_record"),
}


def add_40000_entries_of_200_practices(practice, alice, mallory, kind):
    other = mallory.memberships.get().organization
    with connection.cursor() as cursor:
        # 40,000 entries of 200 practices over two years, as the bench writes them (bench/audit.py).
        cursor.execute(
            """
            INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, changes_text,
                                           actor_id, "timestamp", additional_data)
            SELECT %s, (g %% 500)::text, g %% 500, 'x', CASE WHEN (g / 200) %% 10 < 8 THEN 3 ELSE (g / 200) %% 3 END, '',
                   CASE WHEN g %% 200 = 0 THEN %s ELSE %s END,
                   now() - make_interval(mins => g * 26),
                   jsonb_build_object('organization', CASE WHEN g %% 200 = 0 THEN %s ELSE %s + g %% 200 END)
            FROM generate_series(1, 40000) AS g
            """,
            [kind.pk, alice.pk, mallory.pk, practice.pk, other.pk + 1000],
        )
        cursor.execute("ANALYZE auditlog_logentry")


@pytest.mark.services("postgres")
@pytest.mark.parametrize("name", FILTERS)
def test_every_owner_filter_reads_the_practice_index(practice, mallory, olivia, alice, name):
    kind = ContentType.objects.get_for_model(practice)
    add_40000_entries_of_200_practices(practice, alice, mallory, kind)
    data, indexes = FILTERS[name]
    data = {key: {"ACTOR": alice.pk, "KIND": kind.pk}.get(value, value) for key, value in data.items()}
    entries = AuditLogFilter(data, queryset=audit_entries_for(practice), organization=practice)
    assert entries.is_valid(), entries.errors
    plan = entries.qs[:51].explain()
    assert "Seq Scan on auditlog_logentry" not in plan, plan
    assert any(index in plan for index in ([indexes] if isinstance(indexes, str) else indexes)), plan


@pytest.mark.services("postgres")
@pytest.mark.parametrize("direction", ["before", "after"])
def test_next_and_previous_read_the_practice_index_from_their_position(practice, mallory, alice, direction):
    kind = ContentType.objects.get_for_model(practice)
    add_40000_entries_of_200_practices(practice, alice, mallory, kind)
    entries = audit_entries_for(practice)
    position = cursor_of(entries[100], "timestamp")
    with CaptureQueriesContext(connection) as queries:
        page = KeysetPage(entries, {direction: position})
    assert len(page) == 50
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "casework_audit_org_time" in plan and "Sort" not in plan, plan
