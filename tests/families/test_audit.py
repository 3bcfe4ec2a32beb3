"""Audit: family case data is logged on change and on read, tagged with the practice so its owner sees it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from tests.factories import ConsentFactory, ImpactLetterFactory

pytestmark = pytest.mark.django_db


def test_creating_a_member_is_logged_with_the_practice(member, practice):
    entry = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.CREATE)
    assert entry.additional_data["organization"] == practice.pk


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_reading_a_member_page_is_logged(client, request, member, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = member.get_absolute_url() if who == "alice" else member.get_portal_url()
    assert client.get(url).status_code == 200
    entry = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == user


def test_reading_a_consent_and_a_letter_is_logged(client, member, alice):
    consent = ConsentFactory(recipient=member)
    letter = ImpactLetterFactory(member=member)
    client.force_login(alice)
    client.get(consent.get_absolute_url())
    client.get(letter.get_absolute_url())
    assert LogEntry.objects.get_for_object(consent).filter(action=LogEntry.Action.ACCESS).exists()
    assert LogEntry.objects.get_for_object(letter).filter(action=LogEntry.Action.ACCESS).exists()


def test_mallory_gets_404(client, mallory, member):
    client.force_login(mallory)
    assert client.get(member.get_absolute_url()).status_code == 404
    assert not LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.ACCESS).exists()
