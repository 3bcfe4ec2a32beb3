"""The session form of each model: its kinds and fields, the ARISE level from the plan, the person's attendance."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interventions.models import PlanSession
from tests.factories import InterventionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "asked", "not_asked"),
    [
        ("johnson", [], ["person_attended", "skills_taught", "arise_level", "kind"]),
        ("invitational", ["person_attended", "person_invited", "kind"], ["skills_taught", "arise_level"]),
        ("arise", ["person_attended", "person_invited"], ["skills_taught", "arise_level", "kind"]),
        ("craft", ["skills_taught", "homework", "family_wellbeing", "person_engagement"], ["person_attended", "kind"]),
    ],
)
def test_the_session_form_asks_what_the_model_keeps(client, case, alice, model, asked, not_asked):
    InterventionPlanFactory(case=case, model=model)
    client.force_login(alice)
    page = client.get(reverse("interventions:session-add", kwargs={"case": case.pk})).content.decode()
    assert "Save the session" in page
    for name in asked:
        assert f'name="{name}"' in page, name
    for name in not_asked:
        assert f'name="{name}"' not in page, name


def test_an_arise_meeting_is_at_the_plans_level_and_keeps_whether_the_person_came(client, case, alice):
    plan = InterventionPlanFactory(case=case, model="arise", arise_level=2)
    client.force_login(alice)
    url = reverse("interventions:session-add", kwargs={"case": case.pk})
    data = {"starts_at": "2026-11-20T18:00", "duration_minutes": 60, "held": "on", "person_invited": "True"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Say whether the person came" in response.content.decode()
    assert not plan.sessions.exists()
    client.post(url, {**data, "person_attended": "False"})
    session = PlanSession.objects.get(plan=plan)
    assert (session.kind, session.arise_level, session.person_invited, session.person_attended) == (
        "network",
        2,
        True,
        False,
    )


def test_the_familys_wellbeing_is_one_to_ten(client, case, alice):
    plan = InterventionPlanFactory(case=case, model="craft")
    client.force_login(alice)
    url = reverse("interventions:session-add", kwargs={"case": case.pk})
    response = client.post(url, {"starts_at": "2026-11-20T18:00", "duration_minutes": 60, "family_wellbeing": 11})
    assert response.status_code == 200 and "family_wellbeing" in response.context["form"].errors
    assert not plan.sessions.exists()
