"""No page answers 500 to malformed input: every URL pattern (walked as in tests/test_url_guard.py) is sent
wrong-typed values in its query string and in a POST body holding every field its own page's forms name, as a
signed-in staff user and as a family member. Bad input is a form error, a 400 or a 404, never a crash."""

from __future__ import annotations

import datetime as dt
import re
import traceback

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facilities.models import ImportJob
from interventions.disclosure import Category
from interventions.models import TransitionChecklist
from tests.factories import (
    CaseFactory,
    ChecklistFactory,
    ConsentFactory,
    FacilityFactory,
    FamilyMemberFactory,
    InterventionPlanFactory,
    ParticipantFactory,
)
from tests.test_url_guard import ROUTES, guard_objects

pytestmark = pytest.mark.django_db

# Wrong types for an id, a number, a date, a choice or a text: not a number, negative, out of any integer range,
# a NUL byte (PostgreSQL refuses it in text), an impossible date, a non-ASCII digit, and far too long.
JUNK = ["abc", "-1", "99999999999999999999", "a\x00b", "2026-02-30T25:61", "١٢", "9" * 400]
# Query parameters the list and detail pages read, besides the names their own forms carry.
QUERY_NAMES = ["page", "sort", "version", "all", "q", "stage", "status", "search", "kind", "next", "format", "org"]
FIELD = re.compile(r'name="([^"]+)"')


@pytest.fixture
def case(practice, alice, carol):
    """A case in planning with a plan, carol on it as a participant with a consent covering everything."""
    case = CaseFactory(organization=practice, lead=alice, stage="planning")
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email)
    ChecklistFactory(member=member, items=1)
    ConsentFactory(recipient=member, categories=list(Category.values))
    plan = InterventionPlanFactory(case=case, scheduled_for=timezone.now() + dt.timedelta(days=3))
    ParticipantFactory(plan=plan, source_key=f"family:{member.pk}", user=carol)
    TransitionChecklist.objects.create(plan=plan)
    return case


def user_for(name: str, users: dict):
    if name.startswith("accounts:") or name == "aftercare:settings":
        return users["olivia"]
    if name.startswith("facilities:") and "relationship" not in name:
        return users["dana"]
    return users["alice"]


def field_names(html: str) -> list[str]:
    return sorted({name for name in FIELD.findall(html) if name != "csrfmiddlewaretoken"})


def problems_of(client: Client, url: str, names: list[str]) -> list[str]:
    """Send each junk value in the query string and in a POST of every field; the requests that answered 500."""
    found = []
    requests = []
    for value in JUNK:
        query = dict.fromkeys([*QUERY_NAMES, *names], value)
        requests.append(("GET", query))
        requests.append(("POST", dict.fromkeys(names or QUERY_NAMES, value)))
        requests.append(("POST", {name: [value, "1"] for name in names or QUERY_NAMES}))
    for method, data in requests:
        try:
            response = client.get(url, data) if method == "GET" else client.post(url, data)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # a download that fails half way is a 500 too
        except Exception:  # noqa: BLE001 - the test client re-raises the view's exception: that is a 500
            found.append(f"{method} {url} {data!r}: {_where()}")
            continue
        if response.status_code >= 500:
            found.append(f"{method} {url} {data!r}: {response.status_code}")
    return found


def _where() -> str:
    """The exception and the last lines of our own code it passed through."""
    ours = [
        frame
        for frame in traceback.extract_tb(__import__("sys").exc_info()[2])
        if "site-packages" not in frame.filename
    ]
    lines = [f"{frame.filename.rsplit('/', 2)[-2:]}:{frame.lineno} {frame.line}" for frame in ours[-3:]]
    return f"{traceback.format_exc().splitlines()[-1]} at {' <- '.join(reversed(lines))}"


FUZZED = [pytest.param(name, kwargs, id=name) for name, kwargs in ROUTES]


@pytest.mark.parametrize(("name", "kwargs"), FUZZED)
def test_no_page_answers_500_to_malformed_values(client, case, practice, alice, olivia, dana, carol, name, kwargs):
    job = ImportJob.objects.create(
        format="native", file=ContentFile(b"name\n", name="x.csv"), filename="x.csv", created_by=dana
    )
    objects = guard_objects(case, facility=FacilityFactory(), import_job=job)
    url = reverse(name, kwargs={kwarg: objects[kwarg]() for kwarg in kwargs})
    found = []
    for user in (user_for(name, {"alice": alice, "olivia": olivia, "dana": dana}), carol):
        client.force_login(user)
        page = client.get(url)
        html = b"" if getattr(page, "streaming", False) or page.status_code != 200 else page.content
        names = field_names(html.decode(errors="replace"))
        found += problems_of(client, url, names)
    assert not found, "\n\n".join(found[:5])


@pytest.mark.parametrize(
    "path",
    [
        "/cases/1/summaries/99999999999999999999/",
        "/calendar/a%00b.ics",
        "/portal/invitations/a%00b/",
        "/portal/library/%D9%A1/",
    ],
)
def test_malformed_ids_in_the_path_are_not_found(client, case, alice, path):
    client.force_login(alice)
    assert client.get(path).status_code == 404
