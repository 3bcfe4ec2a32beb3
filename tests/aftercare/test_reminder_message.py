"""The reminder's message is built from plain values in the scan (no instances): the same text as the
formats it replaced, in the practice's zone, across daylight-saving changes (and, in the hour that happens twice,
with the abbreviation Django's format leaves out)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.zones import local_text
from aftercare.models import FollowUp
from aftercare.services.reminders import MessageRow, _message

UTC = dt.UTC


def row(due_at: dt.datetime, zone: str, **values) -> MessageRow:
    fields = {
        "id": 7, "case_id": 42, "kind": "person", "anchor": "admission", "offset_days": 30, "purpose": "",
        "due_at": due_at, "first_name": "Jordan", "preferred_name": "", "last_name": "Reyes", "time_zone": zone,
        "assigned_to_name": "Alice Alvarez", "assigned_to_email": "alice@example.org",
    }  # fmt: skip
    return MessageRow(**{**fields, **values})


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "America/New_York", "Europe/Madrid", "Asia/Kolkata"])
@pytest.mark.parametrize(
    "due_at",
    [
        dt.datetime(2026, 3, 8, 9, 30, tzinfo=UTC),  # the spring change in the US
        dt.datetime(2026, 11, 1, 8, 5, tzinfo=UTC),  # the autumn one
        dt.datetime(2026, 1, 2, 23, 59, tzinfo=UTC),  # another day, month and year at the practice
    ],
)
def test_the_message_is_the_practices_wall_clock_as_before(zone, due_at):
    label = FollowUp.label_of("person", "admission", 30, "")
    due = local_text(due_at, "M d H:i T", ZoneInfo(zone))
    if due.endswith(" "):  # Django leaves the abbreviation out in the hour that happens twice: we name it
        due += due_at.astimezone(ZoneInfo(zone)).tzname()
    assert _message(row(due_at, zone), "due") == f"Follow-up due: {label} for C-00042 Jordan Reyes, {due}"
    day = local_text(due_at, "M d", ZoneInfo(zone))
    assert _message(row(due_at, zone), "escalation") == (
        f"Overdue 2+ days: {label} for C-00042 Jordan Reyes (due {day}, assigned to Alice Alvarez)"
    )


def test_the_message_names_the_person_as_the_case_does_and_falls_back_to_the_email():
    message = _message(row(dt.datetime(2026, 5, 1, tzinfo=UTC), "", preferred_name="Jo", assigned_to_name="",
                           purpose="Call with the sister", anchor="adhoc", offset_days=None), "escalation")  # fmt: skip
    assert "for C-00042 Jo Reyes" in message
    assert message.startswith("Overdue 2+ days: Call with the sister")
    assert message.endswith("assigned to alice@example.org)")
