from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_start_page_is_their_caseload(client, practice, alice):
    client.force_login(alice)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("interventions:dashboard")
    assert "Caseload" in response.content.decode()


def test_family_member_lands_on_the_portal(client, carol):
    client.force_login(carol)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("families:portal-home")
    assert "family portal" in response.content.decode()


def test_family_member_navigation_shows_no_staff_pages(client, carol, practice):
    client.force_login(carol)
    html = client.get(reverse("families:portal-home")).content.decode()
    assert reverse("accounts:organization-detail", kwargs={"org": practice.pk}) not in html
    assert "Audit log" not in html


def test_owner_practice_page_links_the_audit_log_and_the_follow_up_schedule(client, practice, olivia):
    client.force_login(olivia)
    html = client.get(reverse("accounts:organization-detail", kwargs={"org": practice.pk})).content.decode()
    assert reverse("accounts:audit-log", kwargs={"org": practice.pk}) in html
    assert reverse("aftercare:settings", kwargs={"org": practice.pk}) in html


def test_the_owner_menu_fits_one_line_of_entries(client, practice, olivia):
    """Seven top-level entries at most: at 1280 px more wrap their labels onto two lines."""
    client.force_login(olivia)
    nav = client.get(reverse("interventions:dashboard")).context["nav"]
    assert len(nav.items) <= 7


def test_directory_admin_has_a_start_page(client, dana):
    client.force_login(dana)
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert "directory" in response.content.decode().lower()


def test_unknown_page_is_a_friendly_404(client, alice):
    client.force_login(alice)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_script(client, alice, practice):
    client.force_login(alice)
    response = client.get(reverse("accounts:organization-detail", kwargs={"org": practice.pk}))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "<script>" not in response.content.decode()


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode().lower()


def test_passwords_are_hashed_with_argon2(alice):
    from django.test import override_settings

    from config import settings as production  # the suite itself hashes with MD5 (tests/conftest.py)

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        alice.set_password("correct-horse-battery-staple")
    assert alice.password.startswith("argon2")


def test_a_form_only_url_opened_in_the_browser_explains_itself(client, alice):
    from tests.factories import CaseFactory

    case = CaseFactory(lead=alice, organization=alice.primary_organization)
    client.force_login(alice)
    response = client.get(reverse("interventions:note-add", kwargs={"case": case.pk}))
    assert response.status_code == 405
    assert "This address is for a form" in response.content.decode()
