"""E-signature of a consent through a single-use link: the email, single use, 7-day expiry, revocation (of the link
and of the consent), wrong tokens, a neutral page that names nobody, nothing disclosed until signed, the signed
record and PDF, and an expiry event that already happened resolving at signing."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consents.exceptions import ConsentError, SigningLinkInvalid
from consents.models import Consent, SigningRequest
from consents.services import consent as consent_services
from consents.services import signing as services
from consents.tasks import send_signing_email
from consents.text import consent_text
from interventions.disclosure import REDISCLOSURE_NOTICE, Category, may_disclose
from interventions.models import Stage, StageChange
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"


@pytest.fixture
def awaiting(member, alice):
    """A consent naming Carol, sent for e-signature: awaiting the person's signature."""
    return ConsentFactory(
        recipient=member,
        categories=[Category.STAGE_AND_STATUS, Category.TREATMENT_PROGRESS],
        signature_method=Consent.Method.E_SIGN,
        signed_name="",
        signed_on=None,
        witness_name="",
        created_by=alice,
    )


def sign_url(token: str) -> str:
    return reverse("consents:sign", kwargs={"token": token})


def token_in(body: str) -> str:
    return re.search(r"/sign/([^/\s]+)/", body).group(1)


def send(consent, by, email="sam@example.net") -> tuple[SigningRequest, str]:
    """Queue the link and send the email as the worker does; the token is read from the email, as the person does."""
    request = services.signing_request_send(consent=consent, email=email, by=by)
    assert services.signing_email_send(request_id=request.pk) is True
    request.refresh_from_db()
    return request, token_in(mail.outbox[-1].body)


def sign(token, name="Sam Chen", agreed=True, ip="203.0.113.7"):
    return services.consent_sign(token=token, typed_name=name, agreed=agreed, ip=ip, user_agent=UA)


def pdf_text(consent, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    with consent.signed_pdf.open("rb") as source:
        path.write_bytes(source.read())
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_email_is_queued_after_commit_carries_the_link_and_says_nothing_of_treatment(
    awaiting, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = services.signing_request_send(consent=awaiting, email="sam@example.net", by=alice)
    assert len(callbacks) == 1 and not mail.outbox  # nothing is sent before the transaction commits
    assert request.token_hash == "" and request.status_label == "Queued"  # no link yet
    assert send_signing_email.apply(args=(request.pk,)).get() is True
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.net"]
    message = mail.outbox[0]
    assert message.subject == "Harbor Intervention Group has sent you a form to review and sign"
    token = token_in(message.body)
    for word in ("substance", "treatment", "addiction", "recovery", "consent", "Sam", "Chen", "Carol"):
        assert word.lower() not in (message.subject + message.body).lower()
    request.refresh_from_db()
    assert request.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in request.token_hash
    assert request.expires_at - request.email_sent_at == dt.timedelta(days=7)
    assert len(token) >= 43  # 32 random bytes, urlsafe
    assert send_signing_email.apply(args=(request.pk,)).get() is False  # idempotent
    assert len(mail.outbox) == 1


def test_the_sweep_hands_over_what_the_broker_never_got(awaiting, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        request = services.signing_request_send(consent=awaiting, email="sam@example.net", by=alice)
    with mock.patch("config.celery.hand_over", return_value=True) as hand_over:
        assert services.signing_requests_sweep() == 1
    assert hand_over.call_args.args[1] == request.pk
    request.refresh_from_db()
    assert request.queued_at is not None
    with mock.patch("config.celery.hand_over", return_value=True):
        assert services.signing_requests_sweep() == 0  # handed over just now: not again yet


def test_the_beat_schedule_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-signing-links"]
    assert entry["task"] == "consents.tasks.sweep_signing_requests"


def test_the_consent_awaits_signature_and_discloses_nothing_until_signed(awaiting, alice, carol):
    assert awaiting.awaiting_signature and awaiting.status == "awaiting_signature"
    _, token = send(awaiting, alice)
    assert not may_disclose(carol, awaiting.case, Category.STAGE_AND_STATUS)
    sign(token)
    assert may_disclose(carol, awaiting.case, Category.STAGE_AND_STATUS)
    assert not may_disclose(carol, awaiting.case, Category.AFTERCARE_PLAN)  # only what it covers


@pytest.mark.services("pdftotext")
def test_signing_keeps_the_text_its_hash_the_name_time_address_and_browser(client, awaiting, alice, tmp_path):
    request, token = send(awaiting, alice)
    page = client.get(sign_url(token), HTTP_USER_AGENT=UA)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin" and "noindex" in page["X-Robots-Tag"]
    body = page.content.decode()
    assert '<meta name="robots" content="noindex">' in body
    assert "I have read this consent and I agree to sign it" in body and "Sign the consent" in body
    assert "<script" not in body
    shown = page.context["form"].initial["shown_sha256"]
    before = timezone.now()
    response = client.post(
        sign_url(token),
        {"typed_name": "  Sam   Chen ", "agreed": "on", "shown_sha256": shown},
        HTTP_USER_AGENT=UA,
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302 and response["Location"] == reverse("consents:sign-done")
    consent = Consent.objects.get(pk=awaiting.pk)
    assert consent.signed_text == consent_text(consent)
    assert consent.signed_text_sha256 == hashlib.sha256(consent.signed_text.encode()).hexdigest() == shown
    assert consent.signed_name == "Sam Chen" and consent.signed_ip == "203.0.113.7"
    assert consent.signed_user_agent == UA and before <= consent.signed_at <= timezone.now()
    assert consent.signed_on == timezone.localdate(consent.signed_at, consent.case.organization.zone)
    assert consent.is_active and consent.status_label.startswith("Expires on")
    request.refresh_from_db()
    assert request.used_at == consent.signed_at and request.opened_at is not None
    done = client.get(response["Location"])
    assert done.status_code == 200 and "Sam" not in done.content.decode()
    text = pdf_text(consent, tmp_path)
    assert flat(consent.signed_text) in flat(text)
    assert "Sam Chen" in text and consent.signed_text_sha256 in flat(text)


def test_the_signing_post_is_guarded_against_cross_site_forgery(awaiting, alice):
    """The page keeps Django's CSRF check (its Referrer-Policy is same-origin, so a browser sends its real Origin):
    a POST without the page's CSRF token signs nothing; the page's own form does."""
    _, token = send(awaiting, alice)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(sign_url(token))
    shown = page.context["form"].initial["shown_sha256"]
    data = {"typed_name": "Sam Chen", "agreed": "on", "shown_sha256": shown}
    assert browser.post(sign_url(token), data).status_code == 403
    assert Consent.objects.get(pk=awaiting.pk).signed_on is None
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    response = browser.post(sign_url(token), data)
    assert response.status_code == 302 and Consent.objects.get(pk=awaiting.pk).signed_name == "Sam Chen"


def test_the_text_has_every_element_in_plain_words_and_is_deterministic(awaiting):
    text = consent_text(awaiting)
    assert text == consent_text(Consent.objects.get(pk=awaiting.pk))
    assert "Your name: Sam Chen." in text
    assert f"Who shares the information: {awaiting.discloser}." in text
    assert "Carol Chen (family member)" in text
    assert "- Stage and status of the case" in text and "- Treatment progress" in text
    assert awaiting.purpose in text
    assert f"This consent ends on {awaiting.expiry_date:%B %-d, %Y}." in text
    assert "cancel (revoke) this consent at any time" in text and "in writing" in text
    assert "Your treatment does not depend on whether you sign it." in text
    assert REDISCLOSURE_NOTICE in text


def test_a_guardian_signs_for_the_person(awaiting):
    awaiting.signed_by_guardian = True
    text = consent_text(awaiting)
    assert "I am the guardian or legal representative of Sam Chen, and I sign this form for them." in text


def test_a_link_works_once(client, awaiting, alice):
    _, token = send(awaiting, alice)
    sign(token)
    with pytest.raises(SigningLinkInvalid):
        sign(token, name="Someone Else")
    response = client.get(sign_url(token))
    assert response.status_code == 410
    assert Consent.objects.get(pk=awaiting.pk).signed_name == "Sam Chen"


def test_a_link_expires_after_seven_days(client, awaiting, alice):
    request, token = send(awaiting, alice)
    later = request.email_sent_at + dt.timedelta(days=7, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(sign_url(token)).status_code == 410
        with pytest.raises(SigningLinkInvalid):
            sign(token)
    almost = request.email_sent_at + dt.timedelta(days=6, hours=23)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        assert client.get(sign_url(token)).status_code == 200


def test_a_revoked_link_stops_working_and_a_new_one_replaces_it(client, awaiting, alice):
    first, token = send(awaiting, alice)
    services.signing_request_revoke(request=first, by=alice)
    assert client.get(sign_url(token)).status_code == 410
    with pytest.raises(ConsentError):
        services.signing_request_revoke(request=first, by=alice)
    _, second_token = send(awaiting, alice)
    third, third_token = send(awaiting, alice)  # a new link revokes the earlier pending one
    assert client.get(sign_url(second_token)).status_code == 410
    assert client.get(sign_url(third_token)).status_code == 200
    assert third.is_pending


def test_revoking_the_consent_kills_the_link(client, awaiting, alice):
    request, token = send(awaiting, alice)
    consent_services.consent_revoke(consent=awaiting, by=alice, requested_by="Sam Chen, by phone")
    request.refresh_from_db()
    assert request.revoked_at is not None
    assert client.get(sign_url(token)).status_code == 410
    with pytest.raises(SigningLinkInvalid):
        sign(token)
    with pytest.raises(ConsentError):
        services.signing_request_send(consent=awaiting, email="sam@example.net", by=alice)


def test_a_wrong_token_is_a_404_and_every_invalid_page_names_nobody(client, awaiting, alice):
    request, token = send(awaiting, alice)
    wrong = client.get(sign_url("x" * 43))
    assert wrong.status_code == 404
    services.signing_request_revoke(request=request, by=alice)
    revoked = client.get(sign_url(token))
    assert revoked.status_code == 410
    for response in (wrong, revoked):
        body = response.content.decode()
        assert services.INVALID_MESSAGE in body and '<meta name="robots" content="noindex">' in body
        assert response["Referrer-Policy"] == "same-origin"
        for word in ("Sam", "Chen", "Carol", "Alice", "Harbor", "42 CFR", "treatment"):
            assert word not in body
    assert wrong.content == revoked.content  # one neutral page


def test_wrong_tokens_are_rate_limited_per_address(client, awaiting, alice):
    _, token = send(awaiting, alice)
    statuses = [client.get(sign_url(f"guess{n}")).status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    assert client.get(sign_url(token)).status_code == 429  # the address is blocked for a while, for any token


def test_signing_needs_the_agreement_and_a_typed_name(client, awaiting, alice):
    _, token = send(awaiting, alice)
    with pytest.raises(ConsentError):
        sign(token, agreed=False)
    with pytest.raises(ConsentError):
        sign(token, name="   ")
    page = client.get(sign_url(token))
    shown = page.context["form"].initial["shown_sha256"]
    response = client.post(sign_url(token), {"typed_name": "Sam Chen", "shown_sha256": shown})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert Consent.objects.get(pk=awaiting.pk).signed_on is None


def test_a_consent_changed_after_it_was_shown_is_not_signed(awaiting, alice):
    _, token = send(awaiting, alice)
    shown = hashlib.sha256(consent_text(awaiting).encode()).hexdigest()
    Consent.objects.filter(pk=awaiting.pk).update(purpose="Something else.")
    with pytest.raises(ConsentError):
        services.consent_sign(
            token=token, typed_name="Sam Chen", agreed=True, ip=None, user_agent=UA, shown_sha256=shown
        )


def test_an_expiry_event_that_already_happened_resolves_at_signing(member, case, alice):
    discharged = timezone.now() - dt.timedelta(days=10)
    StageChange.objects.create(
        case=case, from_stage=Stage.IN_TREATMENT, to_stage=Stage.AFTERCARE, at=discharged, by=alice
    )
    consent = ConsentFactory(
        recipient=member,
        signature_method=Consent.Method.E_SIGN,
        signed_name="",
        signed_on=None,
        witness_name="",
        expiry_kind=Consent.ExpiryKind.EVENT,
        expiry_date=None,
        expiry_event_kind=Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE,
        expiry_event_days=90,
    )
    assert consent.expiry_event_date is None
    _, token = send(consent, alice)
    signed = sign(token)
    signed.refresh_from_db()
    zone = case.organization.zone
    assert signed.expiry_event_date == timezone.localdate(discharged, zone) + dt.timedelta(days=90)
    assert "90 days after discharge from treatment" in signed.signed_text


def test_staff_see_the_links_revoke_them_send_new_ones_and_download_the_signed_pdf(client, awaiting, alice, mallory):
    request, token = send(awaiting, alice)
    client.force_login(alice)
    page = client.get(awaiting.get_absolute_url()).content.decode()
    assert "sam@example.net" in page and "Revoke the link" in page and "Send a new link" in page
    kwargs = {"case": awaiting.case_id, "consent": awaiting.pk}
    client.post(reverse("consents:signing-revoke", kwargs={**kwargs, "signing": request.pk}))
    request.refresh_from_db()
    assert request.revoked_by == alice
    client.post(reverse("consents:signing-send", kwargs=kwargs), {"email": "sam.chen@example.org"})
    latest = awaiting.signing_requests.first()
    assert latest.email == "sam.chen@example.org" and latest.is_pending
    pdf_url = reverse("consents:signed-pdf", kwargs=kwargs)
    assert client.get(pdf_url).status_code == 404  # not signed yet
    assert services.signing_email_send(request_id=latest.pk)
    sign(token_in(mail.outbox[-1].body))
    response = client.get(pdf_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    page = client.get(awaiting.get_absolute_url()).content.decode()
    assert "Download the signed consent (PDF)" in page and "Send a new link" not in page
    client.force_login(mallory)
    assert client.get(pdf_url).status_code == 404


def test_recording_an_e_sign_consent_sends_the_link(client, member, case, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    url = reverse("consents:add", kwargs={"case": case.pk})
    form = client.get(url).context["form"]
    assert form.initial["sign_email"] == case.email
    data = {
        "patient_name": "Sam Chen",
        "discloser": case.organization.name,
        "recipient_kind": "family",
        "family_member": form.fields["family_member"].choices[1][0],
        "categories": [Category.STAGE_AND_STATUS],
        "purpose": "To support my recovery.",
        "expiry_kind": "date",
        "expiry_date": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "revocation_right_explained": "on",
        "treatment_not_conditioned": "on",
        "signature_method": Consent.Method.E_SIGN,
    }
    missing = client.post(url, data)
    assert missing.status_code == 200 and "Give the email address" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {**data, "sign_email": "sam@example.net"}, follow=True)
    assert "Signing link sent to sam@example.net" in response.content.decode()
    consent = Consent.objects.get(case=case, signature_method=Consent.Method.E_SIGN)
    assert consent.awaiting_signature
    assert [r.email for r in consent.signing_requests.all()] == ["sam@example.net"]
    assert len(callbacks) == 1
