"""Automatic logoff: staff after the practice's idle time, everyone 12 hours after signing in."""

from __future__ import annotations

import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.session_timeout import LAST_ACTIVITY, LOGIN_AT
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice)


def age_session(client, *, idle_minutes=0.0, since_login_minutes=None):
    session = client.session
    now = time.time()
    session[LAST_ACTIVITY] = now - idle_minutes * 60
    session[LOGIN_AT] = now - (since_login_minutes if since_login_minutes is not None else idle_minutes) * 60
    session.save()


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_staff_are_signed_out_after_30_minutes_without_activity(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=31)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fcases%2F{case.pk}%2F"
    assert not is_signed_in(client)
    response = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_activity_keeps_the_session(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=29)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_the_owner_sets_the_idle_time(client, practice, alice, case):
    practice.idle_timeout_minutes = 5
    practice.save()
    client.force_login(alice)
    age_session(client, idle_minutes=6)
    assert client.get(case.get_absolute_url()).status_code == 302
    assert not is_signed_in(client)


def test_every_session_ends_12_hours_after_sign_in(client, alice, carol, case):
    for user, url in ((alice, case.get_absolute_url()), (carol, reverse("families:portal-home"))):
        client.force_login(user)
        age_session(client, idle_minutes=1, since_login_minutes=12 * 60 + 1)
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert not is_signed_in(client)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("12 hours" in m for m in messages)


def test_family_members_have_no_idle_limit(client, carol):
    client.force_login(carol)
    age_session(client, idle_minutes=120)
    assert client.get(reverse("families:portal-home")).status_code == 200
    assert is_signed_in(client)


def test_background_polls_are_not_activity(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=10)
    before = client.session[LAST_ACTIVITY]
    client.get(reverse("aftercare:bell"), HTTP_HX_REQUEST="true")
    client.get(reverse("accounts:session-status"))
    assert client.session[LAST_ACTIVITY] == before


def test_a_form_posted_after_the_timeout_comes_back_to_its_page_after_sign_in(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=45)
    page = f"http://testserver{case.get_absolute_url()}?tab=notes"
    response = client.post(reverse("interventions:case-edit", kwargs={"case": case.pk}), {}, HTTP_REFERER=page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fcases%2F{case.pk}%2F%3Ftab%3Dnotes"


def test_an_htmx_request_after_the_timeout_redirects_the_page(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=45)
    response = client.get(reverse("aftercare:bell"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("account_login"))


def test_stay_signed_in_resets_the_clock_and_the_status_tells_what_is_left(client, alice):
    client.force_login(alice)
    age_session(client, idle_minutes=29)
    assert 50 <= client.get(reverse("accounts:session-status")).json()["remaining"] <= 60
    assert client.post(reverse("accounts:session-keepalive")).json()["remaining"] >= 30 * 60 - 5
    age_session(client, idle_minutes=31)
    response = client.post(reverse("accounts:session-keepalive"))
    assert response.status_code == 401 and response.json()["signed_out"]


def test_the_warning_ends_the_session_and_returns_to_the_page(client, alice, case):
    client.force_login(alice)
    response = client.post(reverse("accounts:session-end"), {"next": case.get_absolute_url()})
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fcases%2F{case.pk}%2F"
    assert not is_signed_in(client)
    response = client.post(reverse("accounts:session-end"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("account_login")


def test_staff_pages_carry_the_warning_and_family_pages_do_not(client, alice, carol, case):
    client.force_login(alice)
    text = client.get(case.get_absolute_url()).content.decode()
    assert 'id="session-timeout-dialog"' in text and "Stay signed in" in text
    assert "accounts/session_timeout.js" in text
    client.force_login(carol)
    text = client.get(reverse("families:portal-home")).content.decode()
    assert "session-timeout-dialog" not in text
    assert "accounts/session_timeout.js" in text  # it still restores input kept across a sign-in


def test_the_owner_sets_the_idle_time_on_the_practice_page(client, practice, olivia, alice):
    url = reverse("accounts:organization-security", kwargs={"org": practice.pk})
    client.force_login(olivia)
    assert "Sign staff out after" in client.get(practice.get_absolute_url()).content.decode()
    response = client.post(url, {"idle_timeout_minutes": "15"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.idle_timeout_minutes == 15
    response = client.post(url, {"idle_timeout_minutes": "1"})
    assert response.status_code == 200 and "greater than or equal to 2" in response.content.decode()
    client.force_login(alice)
    assert client.post(url, {"idle_timeout_minutes": "600"}).status_code == 403
    assert "Sign staff out after" not in client.get(practice.get_absolute_url()).content.decode()


def test_an_htmx_request_after_the_timeout_comes_back_to_its_page(client, alice, case):
    client.force_login(alice)
    age_session(client, idle_minutes=45)
    page = f"http://testserver{case.get_absolute_url()}"
    response = client.get(reverse("aftercare:bell"), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next=%2Fcases%2F{case.pk}%2F"
