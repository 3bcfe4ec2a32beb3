"""The session form asks for an ARISE level only on an ARISE plan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import InterventionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("model", "asked"), [("johnson", False), ("invitational", False), ("arise", True)])
def test_the_session_form_asks_for_an_arise_level_only_on_an_arise_plan(client, case, alice, model, asked):
    InterventionPlanFactory(case=case, model=model)
    client.force_login(alice)
    page = client.get(reverse("interventions:session-add", kwargs={"case": case.pk})).content.decode()
    assert "Save the session" in page
    assert ("arise level" in page.lower()) is asked
