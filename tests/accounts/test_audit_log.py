from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.urls import reverse

from accounts.audit import log_read

pytestmark = pytest.mark.django_db


def audit_url(practice):
    return reverse("accounts:audit-log", kwargs={"org": practice.pk})


def test_owner_reads_the_practice_audit_log(client, practice, olivia, alice):
    client.force_login(olivia)
    response = client.get(audit_url(practice))
    assert response.status_code == 200
    assert "Alice Alvarez" in response.content.decode()


def test_interventionist_may_not_read_the_audit_log(client, practice, alice):
    client.force_login(alice)
    assert client.get(audit_url(practice)).status_code == 403


def test_audit_log_shows_nothing_of_another_practice(client, practice, olivia, mallory):
    client.force_login(olivia)
    response = client.get(audit_url(practice))
    assert "Mallory Moss" not in response.content.decode()


def test_audit_log_filters_by_user_and_action(client, practice, olivia, alice, bob):
    client.force_login(olivia)
    log_read(practice)  # no actor: the system
    # Bob joining the practice is a create of his membership (his account itself belongs to no practice).
    membership = bob.memberships.get(organization=practice)
    response = client.get(audit_url(practice), {"action": LogEntry.Action.CREATE, "object_pk": str(membership.pk)})
    page = response.context["page"]
    assert {entry.object_pk for entry in page} == {str(membership.pk)}
    assert any(entry.content_type.model == "membership" for entry in page)
    response = client.get(audit_url(practice), {"action": LogEntry.Action.ACCESS})
    assert all(entry.action == LogEntry.Action.ACCESS for entry in response.context["page"])
    assert len(response.context["page"]) >= 1


def test_audit_log_filter_by_date_excludes_other_days(client, practice, olivia, alice):
    client.force_login(olivia)
    response = client.get(audit_url(practice), {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert len(response.context["page"]) == 0


def test_reading_the_audit_log_is_itself_logged(client, practice, olivia):
    client.force_login(olivia)
    client.get(audit_url(practice), REMOTE_ADDR="198.51.100.4")
    entry = LogEntry.objects.get_for_object(practice).filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == olivia
    assert entry.remote_addr == "198.51.100.4"


@pytest.mark.services("postgres")
def test_audit_entries_cannot_be_changed_or_deleted(practice, olivia):
    entry = LogEntry.objects.get_for_object(practice).first()
    assert entry is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr != "tampered"


def changes_of(response, obj, action):
    kind = ContentType.objects.get_for_model(obj)
    return next(
        {change.label: (change.old, change.new) for change in changes}
        for entry, changes in response.context["rows"]
        if entry.content_type == kind and entry.object_pk == str(obj.pk) and entry.action == action
    )


def test_audit_log_shows_an_entry_with_a_changed_field_named_items(client, practice, olivia):
    from tests.factories import ChecklistFactory

    checklist = ChecklistFactory(member__case__organization=practice)
    client.force_login(olivia)
    response = client.get(audit_url(practice))
    assert response.status_code == 200
    assert "Preparation" in response.content.decode()
    kind = ContentType.objects.get_for_model(checklist)
    response = client.get(audit_url(practice), {"content_type": kind.pk})
    assert response.status_code == 200
    assert [entry.object_pk for entry, _ in response.context["rows"]] == [str(checklist.pk)]


def test_audit_changes_show_local_time_with_its_zone_and_names_not_ids(client, practice, olivia, alice):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(practice),
        object_pk=str(practice.pk),
        object_repr=str(practice),
        action=LogEntry.Action.UPDATE,
        changes={"created_at": ["2026-01-15 17:30:05.123456+00:00", "2026-07-15 17:30:05.654321+00:00"]},
        additional_data={"organization": practice.pk},
    )
    membership = alice.memberships.get()
    client.force_login(olivia)
    response = client.get(audit_url(practice))
    changes = changes_of(response, practice, LogEntry.Action.UPDATE)
    assert changes["Created at"] == ("15 Jan 2026, 12:30 EST", "15 Jul 2026, 13:30 EDT")  # New York, winter, summer
    changes = changes_of(response, membership, LogEntry.Action.CREATE)
    assert changes["User"] == ("—", "Alice Alvarez")
    assert changes["Role"] == ("—", "Interventionist")
    assert "123456" not in response.content.decode()


def test_audit_changes_are_in_the_readers_own_time_zone(client, practice, olivia):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(practice),
        object_pk=str(practice.pk),
        object_repr=str(practice),
        action=LogEntry.Action.UPDATE,
        changes={"created_at": ["None", "2026-12-03 18:00:00.250000+00:00"], "require_mfa": ["False", "True"]},
        additional_data={"organization": practice.pk},
    )
    olivia.time_zone = "America/Los_Angeles"
    olivia.save()
    client.force_login(olivia)
    response = client.get(audit_url(practice))
    changes = changes_of(response, practice, LogEntry.Action.UPDATE)
    assert changes["Created at"] == ("—", "3 Dec 2026, 10:00 PST")
    assert "Times are America/Los_Angeles time" in response.content.decode()
