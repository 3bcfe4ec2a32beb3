"""Plain-text emails are not HTML: a place typed as "the family's home" must arrive as typed, not as `&#x27;`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from interventions.services.calendar import calendar_invitations_send
from tests.factories import CaseFactory, InterventionPlanFactory, ParticipantFactory

TEMPLATE_DIRS = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
EMAIL_TEXTS = sorted(
    path
    for directory in TEMPLATE_DIRS
    for path in directory.rglob("*.txt")
    if "email" in str(path.relative_to(directory))
)


def test_there_are_plain_text_email_templates():
    assert len(EMAIL_TEXTS) >= 4


@pytest.mark.parametrize("path", EMAIL_TEXTS, ids=lambda path: path.name)
def test_every_plain_text_email_template_turns_autoescape_off_before_any_value(path):
    source = path.read_text()
    first_value = min(
        (match.start() for match in re.finditer(r"\{\{|\{% *(user_display|blocktrans)", source)), default=None
    )
    if first_value is None:
        return
    off = source.find("{% autoescape off %}")
    assert 0 <= off < first_value, f"{path}: wrap the text in {{% autoescape off %}}"


@pytest.mark.django_db
def test_a_calendar_invitation_shows_an_apostrophe_as_typed(practice, alice):
    plan = InterventionPlanFactory(
        case=CaseFactory(organization=practice, lead=alice),
        scheduled_for=dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC),
        location="the family's home",
    )
    ParticipantFactory(plan=plan, name="Ann O'Neill", email="ann@example.org")
    assert calendar_invitations_send(plan_id=plan.pk) == 1
    body = mail.outbox[0].body
    assert "the family's home" in body and "Dear Ann O'Neill," in body
    assert "&#x27;" not in body
