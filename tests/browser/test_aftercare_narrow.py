"""The aftercare pages and the follow-up list fit a 390 px phone: no sideways scrolling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercarePlan, FollowUp
from tests.aftercare.conftest import move
from tests.browser.helpers import log_in_staff
from tests.factories import CaseFactory, FamilySupportSessionFactory

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]
WIDTH = 390


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def followed(practice, alice):
    case = CaseFactory(
        organization=practice, lead=alice, stage="held", first_name="Samantha", last_name="Reyes-Whitaker"
    )
    move(case, "in_treatment", alice, timezone.now() - dt.timedelta(days=40))
    rows = list(case.follow_ups.order_by("due_at"))
    for row in rows[:2]:
        row.status, row.contacted_at, row.reached = FollowUp.Status.DONE, row.due_at, True
        row.days_abstinent, row.engagement, row.risk_flags = 7, 3, ["isolation", "relapse"]
        row.notes, row.recorded_by = "Settling in; going to groups at the Riverside centre most evenings.", alice
        row.save()
    plan = AftercarePlan.objects.create(
        case=case,
        version=1,
        created_by=alice,
        step_down_level="2.1",
        step_down_provider="Riverside Intensive Outpatient Program, Building C",
        medications=["NXN", "BERI"],
        medication_prescriber="Dr. Ana Ortiz-Fernández, Riverside Behavioral Health",
        who_to_call="Sponsor Mike 434-555-0199; Alice (interventionist) alice.alvarez@harbor-intervention.example",
        warning_signs="Skipping meetings, isolating, poor sleep",
    )
    plan.support_groups.create(type="aa", meeting="Downtown Big Book, St. Mark's hall", weekday=1, time=dt.time(19))
    FamilySupportSessionFactory(case=case, attendees="Sister, brother-in-law and both parents")
    return case


def test_the_aftercare_pages_and_the_follow_up_list_fit_a_phone(phone, followed, alice):
    log_in_staff(phone, alice)
    row = followed.follow_ups.order_by("due_at").last()
    session = followed.family_sessions.get()
    pages = {
        "follow-up list": reverse("aftercare:followups"),
        "case aftercare": reverse("aftercare:case-aftercare", kwargs={"case": followed.pk}),
        "plan": reverse("aftercare:plan-detail", kwargs={"case": followed.pk}),
        "plan print": reverse("aftercare:plan-print", kwargs={"case": followed.pk}),
        "plan edit": reverse("aftercare:plan-edit", kwargs={"case": followed.pk}),
        "record": reverse("aftercare:followup-record", kwargs={"case": followed.pk, "followup": row.pk}),
        "reschedule": reverse("aftercare:followup-reschedule", kwargs={"case": followed.pk, "followup": row.pk}),
        "new session": reverse("aftercare:session-add", kwargs={"case": followed.pk}),
        "session": reverse("aftercare:session-edit", kwargs={"case": followed.pk, "session": session.pk}),
    }
    widths = {}
    for name, url in pages.items():
        response = phone.goto(url)
        assert response is not None and response.status == 200, name
        widths[name] = phone.evaluate("document.documentElement.scrollWidth")
    assert widths == dict.fromkeys(pages, WIDTH)
