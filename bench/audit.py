"""`make bench` figures of the owner's audit log: one practice's page among 10,000,000 entries of 100 practices.

The entries are written in SQL (INSERT ... SELECT generate_series, 1,000,000 a statement), interleaved in time
over six years the way 100 practices write them (every read of case data is a row). PostgreSQL only: the page
stands on the expression indexes of accounts migration 0007 and counts nothing (accounts.paging).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.paging import cursor_of
from interventions.models import Case

from .context import BenchContext

PRACTICES = 100
SIX_YEARS_S = 6 * 365 * 24 * 3600
BATCH = 1_000_000

INSERT = """
INSERT INTO auditlog_logentry
    (content_type_id, object_pk, object_id, object_repr, action, changes_text, changes, actor_id, remote_addr,
     "timestamp", additional_data)
SELECT %(content_type)s, ((g / %(practices)s) %% 5000)::text, (g / %(practices)s) %% 5000, 'Case',
       CASE WHEN (g / %(practices)s) %% 10 < 8 THEN 3 ELSE (g / %(practices)s) %% 3 END,  -- 8 in 10 reads
       '', NULL, (%(actors)s::bigint[])[1 + g %% %(practices)s], '198.51.100.7',
       %(now)s - make_interval(secs => g * %(step)s),
       jsonb_build_object('organization', (%(organizations)s::bigint[])[1 + g %% %(practices)s])
FROM generate_series(%(first)s, %(last)s) AS g
"""


def _seed(total: int, log: Callable[[str], None]) -> tuple[Organization, User]:
    organizations, actors = [], []
    for number in range(PRACTICES):
        organization = Organization.objects.create(name=f"Audit practice {number}")
        owner = User.objects.create_user(f"bench-audit-{number}@example.org", display_name=f"Owner {number}")
        Membership.objects.create(user=owner, organization=organization, role=Membership.Role.OWNER)
        organizations.append(organization)
        actors.append(owner)
    params: dict[str, Any] = {
        "content_type": ContentType.objects.get_for_model(Case).pk,
        "practices": PRACTICES,
        "actors": [actor.pk for actor in actors],
        "organizations": [organization.pk for organization in organizations],
        "now": timezone.now(),
        "step": SIX_YEARS_S / total,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # the app's 10 s is for pages, not for seeding millions
        for first in range(1, total + 1, BATCH):
            last = min(first + BATCH - 1, total)
            cursor.execute(INSERT, {**params, "first": first, "last": last})
            log(f"{last} audit entries")
        cursor.execute("ANALYZE auditlog_logentry")
        cursor.execute("RESET statement_timeout")
    return organizations[0], actors[0]


def audit_log(ctx: BenchContext, total: int | None = None) -> dict[str, float | int]:
    """`audit_log_ms`: an owner's page among 10,000,000 entries of 100 practices (budget 100 ms), unfiltered and
    filtered by action, date range, user and record; `--quick`: 200,000 entries."""
    if connection.vendor != "postgresql":
        ctx.log("audit_log needs PostgreSQL; skipped")
        return {}
    total = total or (200_000 if ctx.quick else 10_000_000)
    ctx.log(f"seeding {total} audit entries")
    practice, owner = _seed(total, ctx.log)
    client = Client()
    client.force_login(owner)
    url = reverse("accounts:audit-log", kwargs={"org": practice.pk})
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    # "Next" from a page a year back (accounts.paging): the position, not an offset, so as quick as the first page.
    oldest_of_page = LogEntry.objects.filter(timestamp__lte=timezone.now() - dt.timedelta(days=365)).latest("timestamp")
    year_back = cursor_of(oldest_of_page, "timestamp")

    def page(**query: object) -> str:
        return f"{url}?{urlencode(query)}" if query else url

    unfiltered = ctx.get_ok(url, client)
    return {
        "audit_log_ms": ctx.median_ms(unfiltered),
        "audit_log_queries": ctx.count_queries(unfiltered),
        "audit_log_a_year_back_ms": ctx.median_ms(ctx.get_ok(page(before=year_back), client)),
        "audit_log_action_ms": ctx.median_ms(ctx.get_ok(page(action=LogEntry.Action.DELETE), client)),
        "audit_log_dates_ms": ctx.median_ms(
            ctx.get_ok(page(date_from=year_ago, date_to=year_ago + dt.timedelta(days=7)), client)
        ),
        "audit_log_user_ms": ctx.median_ms(ctx.get_ok(page(actor=owner.pk), client)),
        "audit_log_record_ms": ctx.median_ms(ctx.get_ok(page(object_pk="42"), client)),
        "audit_log_entries_in_db": LogEntry.objects.count(),
    }
