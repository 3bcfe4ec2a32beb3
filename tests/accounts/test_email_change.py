"""Changing the login email: the password is asked again, the new address becomes the login address only once the
link sent to it is followed, and password reset links never go to an address that is still waiting."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from families.services import members as family_services
from tests.factories import PASSWORD, CaseFactory, FamilyMemberFactory
from tests.families.test_invitations import invite

pytestmark = pytest.mark.django_db

NEW = "new-address@example.net"


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def request_change(client, email=NEW):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def confirm_password(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_changing_the_email_asks_for_the_password_even_right_after_signing_in(client, carol):
    assert sign_in(client, carol.email).status_code == 302
    response = request_change(client)
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    carol.refresh_from_db()
    assert carol.email != NEW and not EmailAddress.objects.filter(email=NEW).exists() and not sent_to(NEW)


def test_the_new_address_waits_for_its_link_and_does_not_sign_in_meanwhile(client, carol):
    old = carol.email
    sign_in(client, old)
    confirm_password(client)
    assert request_change(client).status_code == 302
    carol.refresh_from_db()
    assert carol.email == old
    assert EmailAddress.objects.get(email=NEW).verified is False
    assert EmailAddress.objects.get(email=old).verified and EmailAddress.objects.get(email=old).primary
    assert len(sent_to(NEW)) == 1  # the verification link
    # Making it primary directly does nothing: it becomes the login address only through its link.
    client.post(reverse("account_email"), {"email": NEW, "action_primary": ""})
    carol.refresh_from_db()
    assert carol.email == old and not EmailAddress.objects.get(email=NEW).primary
    text = client.get(reverse("account_email")).content.decode()
    assert 'class="navbar' in text  # the project's own look
    assert f'<dd id="current-email">{old}</dd>' in text and f"Changing to <strong>{NEW}</strong>" in text
    client.logout()
    assert sign_in(client, NEW).status_code == 200  # refused: the form again
    assert sign_in(client, old).status_code == 302


def test_a_password_reset_for_a_waiting_address_sends_nothing_there(client, carol):
    sign_in(client, carol.email)
    confirm_password(client)
    request_change(client)
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": NEW})
    assert response.status_code == 302  # the same answer as for any address
    assert not sent_to(NEW)
    client.post(reverse("account_reset_password"), {"email": carol.email})
    assert len(sent_to(carol.email)) == 1 and "/password/reset/key/" in sent_to(carol.email)[0].body


def test_following_the_link_makes_it_the_login_address_and_tells_the_old_one(client, carol):
    old = carol.email
    sign_in(client, old)
    confirm_password(client)
    request_change(client)
    confirm_url = link_in(sent_to(NEW)[0])
    client.logout()
    response = client.get(confirm_url)
    assert response.status_code == 200 and 'class="navbar' in response.content.decode()
    assert "Confirm your new email address" in response.content.decode()
    client.post(confirm_url)
    carol.refresh_from_db()
    assert carol.email == NEW
    assert list(EmailAddress.objects.filter(user=carol).values_list("email", "verified", "primary")) == [
        (NEW, True, True)
    ]
    assert any("changed" in message.subject.lower() for message in sent_to(old))
    assert sign_in(client, old).status_code == 200
    assert sign_in(client, NEW).status_code == 302
    mail.outbox.clear()
    client.logout()
    client.post(reverse("account_reset_password"), {"email": NEW})
    assert len(sent_to(NEW)) == 1


def test_cancelling_the_change_keeps_the_old_address(client, carol):
    sign_in(client, carol.email)
    confirm_password(client)
    request_change(client)
    client.post(reverse("account_email"), {"email": NEW, "action_remove": ""})
    assert not EmailAddress.objects.filter(email=NEW).exists()
    assert EmailAddress.objects.get(user=carol).email == carol.email


def test_an_address_of_another_account_cannot_be_requested(client, carol, alice):
    sign_in(client, carol.email)
    confirm_password(client)
    response = request_change(client, alice.email)
    assert response.status_code == 200 and "already registered with this email address" in response.content.decode()
    assert not sent_to(alice.email)


def test_existing_accounts_and_invited_family_members_sign_in_and_reset_as_before(client, practice, alice):
    """Accounts made by the practice, by `seed_demo` or by an invitation have no verification record: their login
    address is the proven one."""
    assert sign_in(client, alice.email).status_code == 302
    client.logout()
    invitee = FamilyMemberFactory(case=CaseFactory(organization=practice, lead=alice), email="dan@example.net")
    _, token = invite(invitee, alice)
    family_services.invitation_accept(token=token, name="Dan Chen", password=PASSWORD)
    assert sign_in(client, "dan@example.net").status_code == 302
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "dan@example.net"})
    assert len(sent_to("dan@example.net")) == 1


def test_the_email_page_needs_a_sign_in(client):
    response = client.get(reverse("account_email"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_family_member_reaches_the_email_page_from_the_menu(client, carol):
    client.force_login(carol)
    assert reverse("account_email") in client.get(reverse("home"), follow=True).content.decode()
