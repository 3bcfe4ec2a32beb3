"""Sign-ins, failed sign-ins and sign-outs are in the audit log; the admin signs in through allauth only."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from aftercare.models import FollowUp
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def events(user):
    return list(
        LogEntry.objects.filter(object_pk=str(user.pk), action=LogEntry.Action.ACCESS)
        .order_by("pk")
        .values_list("additional_data__event", "actor_id", "remote_addr")
    )


def test_a_sign_in_and_a_sign_out_are_logged_with_the_address(client, alice, practice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    assert events(alice) == [("signed in", alice.pk, "127.0.0.1"), ("signed out", alice.pk, "127.0.0.1")]
    entry = LogEntry.objects.filter(object_pk=str(alice.pk)).latest("pk")
    assert entry.additional_data["organization"] == practice.pk  # the owner's audit log lists it


def test_a_failed_sign_in_is_logged_against_the_account_without_an_actor(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": "not-the-password"})
    assert events(alice) == [("sign-in failed", None, "127.0.0.1")]


def test_a_failed_sign_in_for_an_unknown_address_writes_nothing(client, db):
    before = LogEntry.objects.count()
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "whatever-it-is"})
    assert LogEntry.objects.count() == before


def test_the_admin_sign_in_page_sends_to_the_app_sign_in(client):
    response = client.get("/django-admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_case_data_has_no_admin_pages():
    assert FollowUp not in admin.site._registry


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("ab3-kx9-qz1")  # 11 characters
    validate_password("ab3-kx9-qz1w")
