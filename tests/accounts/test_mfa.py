"""Two-step sign-in (django-allauth's mfa): who must use it, how they are led to set it up, and signing in with it."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from accounts.adapters import MFAAdapter
from accounts.session_timeout import SIGNED_IN_AT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()


def current_code(secret=SECRET):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user):
    """Through allauth (not force_login): its MFA pages ask for a recent sign-in."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def confirm_password(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def with_totp(user):
    TOTP.activate(user, SECRET)
    return user


def test_owners_must_set_up_two_step_sign_in_in_production(client, settings, olivia):
    settings.MFA_REQUIRED_FOR_OWNERS = True
    sign_in(client, olivia)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    text = response.content.decode()
    assert "must use two-step sign-in" in text
    assert 'class="navbar' in text  # the project's own look
    assert client.get(reverse("mfa_activate_totp")).status_code == 200  # no second password right after sign-in
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    assert client.get(reverse("accounts:audit-log", kwargs={"org": olivia.memberships.get().organization_id})).url == (
        reverse("mfa_index")
    )


def test_the_password_is_asked_again_when_the_sign_in_is_older(client, alice):
    sign_in(client, alice)
    session = client.session
    session[SIGNED_IN_AT] -= 6 * 60
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert 'class="navbar' in client.get(response.url).content.decode()
    confirm_password(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_directory_admins_must_set_it_up_too(client, settings, dana):
    settings.MFA_REQUIRED_FOR_OWNERS = True
    client.force_login(dana)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_the_demo_leaves_it_off_for_owners(client, settings, olivia, practice):
    settings.MFA_REQUIRED_FOR_OWNERS = False
    client.force_login(olivia)
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_an_owner_can_require_it_for_every_member(client, settings, practice, olivia, alice):
    settings.MFA_REQUIRED_FOR_OWNERS = False
    client.force_login(olivia)
    response = client.post(
        reverse("accounts:organization-security", kwargs={"org": practice.pk}),
        {"idle_timeout_minutes": "30", "require_mfa": "on"},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.require_mfa
    client.force_login(alice)
    assert client.get(reverse("interventions:dashboard"))["Location"] == reverse("mfa_index")
    assert client.get(reverse("aftercare:bell"), HTTP_HX_REQUEST="true")["HX-Redirect"] == reverse("mfa_index")
    # On the set-up page itself, the bell's request must not reload the page (over and over).
    on_setup = client.get(reverse("aftercare:bell"), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="/accounts/2fa/")
    assert on_setup.status_code == 204 and "HX-Redirect" not in on_setup


def test_a_member_with_an_authenticator_goes_on(client, settings, practice, alice):
    practice.require_mfa = True
    practice.save()
    client.force_login(with_totp(alice))
    assert client.get(reverse("interventions:dashboard")).status_code == 200


def test_setting_up_an_authenticator_app_opens_the_way(client, settings, practice, alice):
    practice.require_mfa = True
    practice.save()
    sign_in(client, alice)
    response = client.get(reverse("mfa_activate_totp"))
    assert 'alt="' in response.content.decode()  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("interventions:dashboard")).status_code == 200
    assert "Continue to Casework" in client.get(reverse("mfa_index")).content.decode()


def test_sign_in_asks_for_the_code(client, alice):
    with_totp(alice)
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code() != "000000" else "111111"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_someone_who_must_use_it_cannot_remove_the_last_authenticator(settings, practice, alice):
    practice.require_mfa = True
    practice.save()
    totp = Authenticator.objects.get(user=with_totp(alice), type=Authenticator.Type.TOTP)
    assert not MFAAdapter().can_delete_authenticator(totp)
    practice.require_mfa = False
    practice.save()
    assert MFAAdapter().can_delete_authenticator(Authenticator.objects.get(pk=totp.pk))  # a fresh user, no cache


def test_family_members_may_turn_it_on(client, settings, carol):
    settings.MFA_REQUIRED_FOR_OWNERS = True
    client.force_login(carol)
    response = client.get(reverse("families:portal-home"))
    assert response.status_code == 200  # not required of them
    assert reverse("mfa_index") in response.content.decode()  # the account menu's link
    assert client.get(reverse("mfa_index")).status_code == 200
