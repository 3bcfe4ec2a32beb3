"""Family members join the intervention plan with the role their family record gives them, unless changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import FamilyMemberFactory, InterventionPlanFactory

pytestmark = pytest.mark.django_db


def test_a_participant_takes_the_family_members_role_by_default(client, case, alice):
    plan = InterventionPlanFactory(case=case)
    support = FamilyMemberFactory(case=case, name="Lee Chen", relationship="brother", role="support")
    client.force_login(alice)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert "Lee Chen (brother, support)" in page

    url = reverse("interventions:participant-add", kwargs={"case": case.pk})
    client.post(url, {"source_key": f"family:{support.pk}", "role": ""})
    assert plan.participants.get(name="Lee Chen").role == "support"


def test_a_chosen_role_wins_over_the_family_record(client, case, alice):
    plan = InterventionPlanFactory(case=case)
    member = FamilyMemberFactory(case=case, name="Ann Chen", role="support")
    client.force_login(alice)
    url = reverse("interventions:participant-add", kwargs={"case": case.pk})
    client.post(url, {"source_key": f"family:{member.pk}", "role": "speaker"})
    participant = plan.participants.get(name="Ann Chen")
    assert (participant.role, participant.speaking_order) == ("speaker", 1)
