"""Pages and downloads with case data are never stored by a browser or proxy; no page may use camera and the like."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.middleware import SecurityHeadersMiddleware
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_case_pages_are_not_stored(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    client.force_login(alice)
    for url in (case.get_absolute_url(), reverse("interventions:dashboard"), practice.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_every_response_forbids_camera_microphone_location_and_payment(client):
    response = client.get(reverse("account_login"))
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert "publickey-credentials" not in policy  # security keys and passkeys stay allowed


def test_a_response_that_sets_its_own_cache_control_keeps_it():
    def view(request):
        response = HttpResponse("static-like")
        response["Cache-Control"] = "max-age=60, public"
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == "max-age=60, public"
