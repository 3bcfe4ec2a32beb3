"""A family member's calendar feed follows their current place on the case, at every request."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from families.services.members import member_update
from interventions.models import InterventionPlan
from interventions.services.calendar import feed_start
from tests.factories import InterventionPlanFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(case):
    return InterventionPlanFactory(
        case=case, scheduled_for=timezone.now() + dt.timedelta(days=5), location_notes="Park behind the garage"
    )


@pytest.fixture
def participant(plan, member, carol):
    return ParticipantFactory(plan=plan, source_key=f"family:{member.pk}", user=carol, name=member.name)


def events(client, user):
    url = reverse("calendar-feed", kwargs={"token": feed_start(user=user).token})
    response = client.get(url)
    assert response.status_code == 200
    return [str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def test_current_participant_gets_the_intervention_in_the_feed(client, participant, carol, case):
    assert events(client, carol) == [f"Family meeting ({case.reference})"]


def test_member_removed_from_the_case_no_longer_gets_the_intervention(client, participant, member, carol, alice):
    member_update(member=member, by=alice, is_active=False)
    assert events(client, carol) == []


def test_member_unlinked_from_the_account_no_longer_gets_the_intervention(client, participant, member, carol):
    member.user = None
    member.save()
    assert events(client, carol) == []


def test_participant_row_without_a_family_member_behind_it_is_not_in_the_feed(client, plan, carol):
    ParticipantFactory(plan=plan, source_key="family:999999", user=carol)
    assert events(client, carol) == []


def test_feed_read_is_audited_with_the_feed_owner_as_actor(client, participant, plan, carol):
    events(client, carol)
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS, content_type=ContentType.objects.get_for_model(InterventionPlan)
    )
    assert (entry.object_id, entry.actor) == (plan.pk, carol)
    assert entry.additional_data["organization"] == plan.case.organization_id
