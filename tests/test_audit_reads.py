"""Every page that shows case data writes an audit read (DESIGN.md: every read of a case page or document lands in
the audit log). The URL patterns are walked as in tests/test_url_guard.py: a new page fails here until it calls
`log_read` (or `log_list_read` for a list), or is listed below as showing no case data, with the reason.
"""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from aftercare.services.plans import plan_save
from interventions.disclosure import Category
from interventions.models import TransitionChecklist
from interventions.services.calendar import feed_start
from tests.factories import (
    CaseFactory,
    CaseSummaryFactory,
    ChecklistFactory,
    ConsentFactory,
    FacilityFactory,
    FamilyMemberFactory,
    FollowUpFactory,
    InterventionPlanFactory,
    ParticipantFactory,
)
from tests.test_url_guard import PUBLIC, ROUTES, guard_objects

pytestmark = pytest.mark.django_db

# Pages that show no case data, each with its reason. Everything else that answers 200 to a GET must write a read.
NO_CASE_DATA = {
    "home": "redirects to the user's start page",
    "families:library": "education articles, the same for every case",
    "families:article-detail": "an education article",
    "families:article-create": "an empty form",
    "families:article-edit": "an education article",
    "families:template-list": "checklist templates, not any case's checklist",
    "families:template-detail": "a checklist template",
    "interventions:case-create": "an empty intake form",
    "interventions:calendar-feed-settings": "the user's own feed link, no case in it",
    "aftercare:notifications": "the user's own notifications (each names a case reference only)",
    "aftercare:bell": "an unread count",
    "aftercare:settings": "the practice's follow-up schedule",
    "accounts:organization-detail": "the practice and its staff (read logged by accounts)",
    "accounts:member-add": "an empty form",
    "accounts:member-change": "a staff membership",
    "accounts:audit-log": "the audit log itself (owned by accounts)",
    "accounts:organization-security": "the practice's sign-out and two-step settings",
    "accounts:organization-time-zone": "the practice's time zone",
    "accounts:profile": "the user's own name and time zone",
    "accounts:session-status": "how long the user's own session has left",
    "accounts:session-keepalive": "keeps the user's own session alive",
    "accounts:session-end": "ends the user's own session",
}
NO_CASE_DATA |= {
    name: "the facility directory is shared, no case in it" for name, _ in ROUTES if name.startswith("facilities:")
}
# Pages a family member reads (everything else is read as the case's lead, alice).
FAMILY_PAGES = {name for name, _ in ROUTES if name.startswith("families:portal-")} | {
    "interventions:family-summary",
    "interventions:family-summary-detail",
    "aftercare:portal-plan",
}
# Pages of one intervention model's plan (the walk's plan is a Johnson one until then).
MODEL_PAGES = {"interventions:arise-escalate": "arise", "interventions:invitation-add": "craft"}
# Pages only the practice's owner opens, and only on a closed case: read by olivia on a closed case below.
OWNER_CLOSED_PAGES = {"interventions:case-reopen"}
WALKED = [
    (name, kwargs)
    for name, kwargs in ROUTES
    if name not in NO_CASE_DATA and name not in PUBLIC and name not in OWNER_CLOSED_PAGES
]


@pytest.fixture
def case(practice, alice, carol):
    """A case with something on every page: a plan with carol taking part, an aftercare plan, a follow-up, and a
    consent covering carol for everything."""
    case = CaseFactory(organization=practice, lead=alice, stage="planning")
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email)
    ChecklistFactory(member=member, items=1)
    ConsentFactory(recipient=member, categories=list(Category.values))
    plan = InterventionPlanFactory(case=case, scheduled_for=timezone.now() + dt.timedelta(days=3))
    ParticipantFactory(plan=plan, source_key=f"family:{member.pk}", user=carol)
    TransitionChecklist.objects.create(plan=plan)
    plan_save(case=case, by=alice, fields={"goals": "Stay sober"})
    FollowUpFactory(case=case)
    return case


@pytest.fixture
def objects(case, dana, carol):
    from facilities.models import ImportJob

    job = ImportJob.objects.create(format="native", file="x.csv", filename="x.csv", created_by=dana)
    summary = CaseSummaryFactory(case=case, status="ready")
    summary.file.save("summary.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    consent = case.consents.get()
    consent.signed_form.save("consent.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    consent.signed_pdf.save("signed.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return {
        **guard_objects(case, facility=FacilityFactory(), import_job=job),
        "summary": lambda: summary.pk,
        "consent": lambda: consent.pk,
    }


def family_objects(case, carol, objects):
    summary = CaseSummaryFactory(case=case, version="family", recipient=carol, requested_by=carol, status="ready")
    return {**objects, "summary": lambda: summary.pk}


def reads() -> int:
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()


def test_the_walk_covers_the_case_pages():
    names = {name for name, _ in WALKED}
    assert {"interventions:case-detail", "interventions:dashboard", "aftercare:followups"} <= names
    assert {"aftercare:plan-print", "aftercare:portal-plan", "interventions:family-summary"} <= names


@pytest.mark.parametrize(("name", "kwargs"), WALKED, ids=[name for name, _ in WALKED])
def test_every_page_with_case_data_writes_an_audit_read(client, case, objects, alice, carol, name, kwargs):
    user = carol if name in FAMILY_PAGES else alice
    values = family_objects(case, carol, objects) if user == carol else objects
    url = reverse(name, kwargs={kwarg: values[kwarg]() for kwarg in kwargs})
    if name in MODEL_PAGES:
        case.plans.update(model=MODEL_PAGES[name])
    client.force_login(user)
    before = reads()
    response = client.get(url)
    assert response.status_code in (200, 302, 405), f"{name} answered {response.status_code} to {user}"
    if response.status_code == 200:  # a redirect or a POST-only URL shows nothing
        assert reads() > before, f"{name} shows case data without an audit read"


@pytest.mark.parametrize("name", sorted(OWNER_CLOSED_PAGES))
def test_the_owner_pages_of_a_closed_case_write_an_audit_read(client, case, olivia, name):
    case.stage = "closed"
    case.save()
    client.force_login(olivia)
    before = reads()
    assert client.get(reverse(name, kwargs={"case": case.pk})).status_code == 200
    assert reads() > before


def test_the_calendar_feed_writes_an_audit_read(client, case, carol):
    before = reads()
    assert client.get(reverse("calendar-feed", kwargs={"token": feed_start(user=carol).token})).status_code == 200
    assert reads() > before


@pytest.mark.parametrize(
    ("name", "listed"), [("interventions:dashboard", "caseload"), ("aftercare:followups", "follow-ups")]
)
def test_a_list_read_is_one_entry_naming_what_was_listed(client, case, practice, alice, name, listed):
    second = CaseFactory(organization=practice, lead=alice)
    FollowUpFactory(case=second)
    client.force_login(alice)
    before = reads()
    assert client.get(reverse(name)).status_code == 200
    assert reads() == before + 1
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.content_type == ContentType.objects.get_for_model(Organization)
    assert (entry.object_id, entry.actor) == (practice.pk, alice)
    assert entry.additional_data["organization"] == practice.pk
    assert entry.additional_data["listed"] == listed
    assert sorted(entry.additional_data["cases"]) == sorted([case.reference, second.reference])
