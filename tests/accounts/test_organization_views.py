from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User

pytestmark = pytest.mark.django_db


def detail_url(practice):
    return reverse("accounts:organization-detail", kwargs={"org": practice.pk})


def test_owner_sees_members_and_manage_links(client, practice, olivia, alice):
    client.force_login(olivia)
    response = client.get(detail_url(practice))
    assert response.status_code == 200
    assert "Alice Alvarez" in response.content.decode()
    assert reverse("accounts:member-add", kwargs={"org": practice.pk}) in response.content.decode()


def test_interventionist_sees_members_but_not_manage_links(client, practice, olivia, alice):
    client.force_login(alice)
    response = client.get(detail_url(practice))
    assert response.status_code == 200
    assert "Olivia Owens" in response.content.decode()
    assert reverse("accounts:member-add", kwargs={"org": practice.pk}) not in response.content.decode()


def test_interventionist_cannot_add_members(client, practice, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:member-add", kwargs={"org": practice.pk}),
        {"display_name": "Eve", "email": "eve@example.org", "role": "owner"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="eve@example.org").exists()


def test_mallory_gets_404(client, practice, olivia, mallory):
    client.force_login(mallory)
    for name in ("organization-detail", "member-add", "audit-log"):
        assert client.get(reverse(f"accounts:{name}", kwargs={"org": practice.pk})).status_code == 404
    membership = olivia.memberships.get()
    url = reverse("accounts:member-change", kwargs={"org": practice.pk, "membership": membership.pk})
    assert client.post(url, {"role": "interventionist"}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_member_of_another_practice_cannot_be_reached_through_own_practice(
    client, practice, other_practice, olivia, mallory
):
    client.force_login(olivia)
    foreign = mallory.memberships.get()
    url = reverse("accounts:member-change", kwargs={"org": practice.pk, "membership": foreign.pk})
    assert client.get(url).status_code == 404


def test_owner_adds_member_who_gets_a_password_email(client, practice, olivia, django_capture_on_commit_callbacks):
    client.force_login(olivia)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:member-add", kwargs={"org": practice.pk}),
            {"display_name": "Erin Evans", "email": "Erin@Example.org", "role": "interventionist"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="erin@example.org")
    assert not user.has_usable_password()
    assert user.memberships.get().organization == practice
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erin@example.org"]


def test_adding_an_existing_member_shows_a_field_error(client, practice, olivia, alice):
    client.force_login(olivia)
    response = client.post(
        reverse("accounts:member-add", kwargs={"org": practice.pk}),
        {"display_name": "Alice", "email": alice.email, "role": "interventionist"},
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def test_last_owner_cannot_step_down(client, practice, olivia):
    client.force_login(olivia)
    membership = olivia.memberships.get()
    url = reverse("accounts:member-change", kwargs={"org": practice.pk, "membership": membership.pk})
    response = client.post(url, {"role": "interventionist", "is_active": "on"})
    assert response.status_code == 200
    assert "at least one active owner" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.OWNER


def test_owner_changes_role_and_the_change_is_audited(client, practice, olivia, alice):
    client.force_login(olivia)
    membership = alice.memberships.get()
    url = reverse("accounts:member-change", kwargs={"org": practice.pk, "membership": membership.pk})
    response = client.post(url, {"role": "owner", "is_active": "on"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == olivia
    assert entry.remote_addr == "203.0.113.7"
    assert entry.changes_dict["role"] == ["interventionist", "owner"]


def test_anonymous_is_sent_to_login(client, practice):
    response = client.get(detail_url(practice))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
