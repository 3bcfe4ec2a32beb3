"""The real client address: audit entries and sign-in rate limits believe X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from accounts.client_ip import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def ip_of(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("198.51.100.4", "6.6.6.6") == "198.51.100.4"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert ip_of("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3") == "203.0.113.5"
    assert ip_of("127.0.0.1", "203.0.113.5:5123") == "203.0.113.5"
    assert ip_of("127.0.0.1") == "127.0.0.1"
    assert ip_of("198.51.100.4", "6.6.6.6") == "198.51.100.4"  # not from a proxy: the header is the client's


def test_audit_address_is_the_connection_when_no_proxy_is_trusted(client, settings, practice, olivia):
    settings.TRUSTED_PROXIES = []
    client.force_login(olivia)
    client.get(
        reverse("accounts:audit-log", kwargs={"org": practice.pk}),
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    entry = LogEntry.objects.get_for_object(practice).filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.remote_addr == "198.51.100.4"


def test_audit_address_is_the_client_behind_a_trusted_proxy(client, settings, practice, olivia):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.force_login(olivia)
    client.get(
        reverse("accounts:audit-log", kwargs={"org": practice.pk}),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5",
    )
    entry = LogEntry.objects.get_for_object(practice).filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.remote_addr == "203.0.113.5"


def sign_in(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client, settings, olivia):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(11):
        response = sign_in(client, olivia.email, "wrong password!", "203.0.113.66")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "Forgot your password" in text
    assert reverse("account_reset_password") in text
    response = sign_in(client, olivia.email, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(olivia.pk)


def test_guessing_one_account_from_many_addresses_pauses_it(client, settings, olivia):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "3/h/key"}
    for index in range(3):
        sign_in(client, olivia.email, "wrong password!", f"203.0.113.{index + 1}")
    response = sign_in(client, olivia.email, PASSWORD, "198.51.100.20")
    assert response.status_code == 200
    assert "paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_does_not_count_against_the_account(client, settings, olivia):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "2/h/key"}
    for _ in range(3):
        assert sign_in(client, olivia.email, PASSWORD, "198.51.100.20").status_code == 302
        client.logout()


def test_too_many_sign_in_requests_get_a_page_that_says_what_to_do(client, settings, olivia):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    sign_in(client, olivia.email, "wrong password!", "203.0.113.66")
    response = sign_in(client, olivia.email, "wrong password!", "203.0.113.66")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Wait a few minutes" in text and reverse("account_reset_password") in text
