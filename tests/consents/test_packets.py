"""Referral packets: a referral is sent only under a consent naming the facility; its packet holds only what that
consent covers, carries the 2.32 notice on every page and the consent's scope, is emailed once (or faxed and
recorded at the entered time) and recorded as a disclosure; a consent revoked before the send stops it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consents.models import Disclosure, ReferralPacket
from consents.services import consent as consent_services
from consents.services import packets as packet_services
from interventions.disclosure import REDISCLOSURE_NOTICE, Category, How
from interventions.exceptions import ConsentMissing
from interventions.models import Referral
from interventions.services import Administered, assessment_create, referrals_send
from tests.factories import ConsentFactory, FacilityFactory, SubstanceUseFactory

pytestmark = pytest.mark.django_db

IDENTITY_AND_INSURANCE = [Category.IDENTITY_AND_CONTACT, Category.INSURANCE]


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace collapsed (pdftotext separates pages with form feeds)."""
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    pages = result.stdout.decode().split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


@pytest.fixture
def facility():
    return FacilityFactory(name="Blue Ridge Recovery", admissions_email="admissions@blueridge.example")


@pytest.fixture
def clinical_case(case, alice):
    """Sam Chen, with an insurance member id, a substance and an assessment with an AUDIT score."""
    case.date_of_birth = dt.date(1990, 4, 2)
    case.payer, case.insurance_plan, case.member_id = "PI", "Gold PPO", "MEM-48213"
    case.phone = "(434) 555-0199"
    case.save()
    SubstanceUseFactory(case=case, substance="fentanyl", amount="half a gram a day")
    assessment_create(
        case=case,
        by=alice,
        ratings={1: 3, 2: 2, 3: 2, 4: 2, 5: 3, 6: 2},
        administered=[Administered("AUDIT", [4, 4, 4, 2, 2, 2, 2, 2, 2, 2])],
        substance_use="Fentanyl daily, escalating",
    )
    return case


@pytest.fixture
def deliver(celery_eager, django_capture_on_commit_callbacks):
    """`with deliver():` runs what the block queues after commit, the tasks in this process."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def send(case, facility, alice, note="Bed needed this week."):
    return referrals_send(case=case, facilities=[facility], by=alice, note=note)


def test_sending_without_a_consent_is_refused_and_writes_nothing(clinical_case, facility, alice):
    other = FacilityFactory(name="Valley House", admissions_email="intake@valley.example")
    ConsentFactory(recipient=other, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with pytest.raises(ConsentMissing) as refused:
        referrals_send(case=clinical_case, facilities=[other, facility], by=alice)
    assert refused.value.facility_ids == [facility.pk]
    assert "Blue Ridge Recovery" in refused.value.message
    assert not Referral.objects.exists()
    assert not ReferralPacket.objects.exists()
    assert not Disclosure.objects.exists()


def test_a_consent_without_identity_and_contact_does_not_let_a_referral_go(clinical_case, facility, alice):
    ConsentFactory(recipient=facility, case=clinical_case, categories=[Category.INSURANCE])
    with pytest.raises(ConsentMissing):
        send(clinical_case, facility, alice)
    assert not Referral.objects.exists()


def test_the_matches_page_says_which_facility_needs_a_consent_and_links_to_the_form(
    client, alice, clinical_case, facility
):
    client.force_login(alice)
    url = reverse("interventions:referral-send", kwargs={"case": clinical_case.pk})
    response = client.post(url, {"facilities": [facility.pk], "note": ""}, follow=True)
    text = response.content.decode()
    assert "no active consent of the person covers identity and contact for Blue Ridge Recovery" in text
    link = reverse("consents:add", kwargs={"case": clinical_case.pk}) + f"?facility={facility.pk}"
    assert f'href="{link}"' in text
    assert not Referral.objects.exists()
    # The consent form it links to has the facility ticked.
    form = client.get(link).content.decode()
    assert re.search(rf'value="{facility.pk}"[^>]*checked|checked[^>]*value="{facility.pk}"', form)


@pytest.mark.services("pdftotext")
def test_the_packet_holds_only_what_the_consent_covers_with_the_notice_on_every_page(
    clinical_case, facility, alice, deliver
):
    consent = ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    assert packet.status == ReferralPacket.Status.SENT, packet.error
    assert packet.consent == consent and packet.categories == IDENTITY_AND_INSURANCE
    assert packet.email_to == "admissions@blueridge.example"

    (email,) = mail.outbox
    assert email.to == ["admissions@blueridge.example"]
    # The subject names the practice and the reference, never the person (it shows where the body does not).
    assert email.subject == f"Referral from {clinical_case.organization} ({clinical_case.reference})"
    assert clinical_case.last_name not in email.subject and clinical_case.last_name in email.body
    ((name, pdf, mimetype),) = email.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert pdf == packet.file.read()

    pages = pdf_pages(pdf)
    assert len(pages) == packet.page_count >= 2
    text = " ".join(pages)
    assert "Sam Chen" in text and "MEM-48213" in text and "Gold PPO" in text
    assert "Apr 2, 1990" in text and "Bed needed this week." in text
    assert "Fentanyl" not in text and "fentanyl" not in text and "AUDIT" not in text
    assert "Substance use and assessment" not in text.replace("Substance use and assessment (", "")
    notice = " ".join(REDISCLOSURE_NOTICE.split())
    for number, page in enumerate(pages, start=1):
        assert notice in page, f"page {number} lacks the 42 CFR 2.32 notice"
    assert "Scope of the consent" in pages[-1] and consent.purpose in pages[-1]


@pytest.mark.services("pdftotext")
def test_a_consent_covering_the_assessment_puts_the_scores_and_substances_in(clinical_case, facility, alice, deliver):
    ConsentFactory(
        recipient=facility,
        case=clinical_case,
        categories=[Category.IDENTITY_AND_CONTACT, Category.SUBSTANCE_USE_AND_ASSESSMENT],
    )
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    text = " ".join(pdf_pages(referral.packets.get().file.read()))
    assert "Fentanyl" in text and "AUDIT" in text and "Fentanyl daily, escalating" in text
    assert "MEM-48213" not in text


def test_the_email_is_recorded_as_a_disclosure_to_the_facility(clinical_case, facility, alice, deliver):
    consent = ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient == consent.recipient and disclosure.recipient.facility == facility
    assert disclosure.how == How.PACKET_EMAIL and disclosure.referral == referral
    assert sorted(disclosure.categories) == sorted(IDENTITY_AND_INSURANCE)
    assert disclosure.user == alice and disclosure.at == packet.sent_at
    assert disclosure.detail == f"Referral packet, {packet.page_count} pages, to admissions@blueridge.example"


def test_the_task_run_twice_sends_once(clinical_case, facility, alice, django_capture_on_commit_callbacks):
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with django_capture_on_commit_callbacks(execute=False):
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    assert packet_services.packet_send(packet_id=packet.pk) == ReferralPacket.Status.SENT
    assert packet_services.packet_send(packet_id=packet.pk) is None
    assert len(mail.outbox) == 1 and Disclosure.objects.count() == 1


def test_a_consent_revoked_before_the_task_runs_stops_the_packet(
    clinical_case, facility, alice, django_capture_on_commit_callbacks
):
    consent = ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with django_capture_on_commit_callbacks(execute=False):
        (referral,) = send(clinical_case, facility, alice)
    consent_services.consent_revoke(consent=consent, by=alice, requested_by="Sam Chen")
    packet = referral.packets.get()
    assert packet_services.packet_send(packet_id=packet.pk) == ReferralPacket.Status.FAILED
    packet.refresh_from_db()
    assert "revoked" in packet.error and not packet.file
    assert not mail.outbox and not Disclosure.objects.exists()


def test_a_failing_send_is_retried_then_failed_with_the_error(
    clinical_case, facility, alice, django_capture_on_commit_callbacks, monkeypatch
):
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with django_capture_on_commit_callbacks(execute=False):
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    handed: list[int] = []
    monkeypatch.setattr(packet_services, "_hand_over", lambda pk: handed.append(pk) or True)
    for attempt in range(1, packet_services.MAX_ATTEMPTS + 1):
        status = packet_services.packet_send(packet_id=packet.pk)
        packet.refresh_from_db()
        assert packet.attempts == attempt and "mail server down" in packet.error
        if attempt < packet_services.MAX_ATTEMPTS:
            assert status == ReferralPacket.Status.QUEUED and packet.queued_at is None
            assert packet_services.packets_sweep() == 1
    assert status == ReferralPacket.Status.FAILED and f"after {packet_services.MAX_ATTEMPTS} attempts" in packet.error
    assert packet_services.packets_sweep() == 0
    assert not Disclosure.objects.exists()


def test_a_send_cut_off_every_time_ends_failed(clinical_case, facility, alice, django_capture_on_commit_callbacks):
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with django_capture_on_commit_callbacks(execute=False):
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    ReferralPacket.objects.filter(pk=packet.pk).update(attempts=packet_services.MAX_ATTEMPTS)  # workers killed
    assert packet_services.packet_send(packet_id=packet.pk) is None
    packet.refresh_from_db()
    assert packet.status == ReferralPacket.Status.FAILED and "cut off" in packet.error and not mail.outbox


def test_the_sweep_hands_over_a_packet_the_broker_never_got(
    clinical_case, facility, alice, django_capture_on_commit_callbacks, monkeypatch
):
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with django_capture_on_commit_callbacks(execute=False):
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    assert packet.queued_at is None
    handed: list[int] = []
    monkeypatch.setattr("config.celery.hand_over", lambda task, pk: handed.append(pk) or True)
    assert packet_services.packets_sweep() == 1 and handed == [packet.pk]
    packet.refresh_from_db()
    assert packet.queued_at is not None
    assert packet_services.packets_sweep() == 0
    later = timezone.now() + packet_services.REQUEUE_AFTER + dt.timedelta(seconds=1)
    assert packet_services.packets_sweep(now=later) == 1


def test_without_an_admissions_email_the_packet_waits_and_the_hand_over_is_recorded_at_the_entered_time(
    client, clinical_case, alice, deliver
):
    facility = FacilityFactory(name="Hilltop Lodge", admissions_email="", admissions_phone="(555) 010-2000")
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    assert packet.status == ReferralPacket.Status.TO_HAND_OVER and packet.file and packet.page_count
    assert not mail.outbox and not Disclosure.objects.exists()

    client.force_login(alice)
    page = client.get(referral.get_absolute_url()).content.decode()
    download = reverse("consents:packet-download", kwargs={"case": clinical_case.pk, "packet": packet.pk})
    assert "To fax or hand over" in page and download in page and "Record the hand-over" in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    # Prepared two hours ago, faxed half an hour ago: the time entered (in the practice's zone) is the one kept.
    ReferralPacket.objects.filter(pk=packet.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    zone = clinical_case.organization.zone
    when = timezone.localtime(timezone.now(), zone).replace(second=0, microsecond=0) - dt.timedelta(minutes=30)
    url = reverse("consents:packet-handed-over", kwargs={"case": clinical_case.pk, "packet": packet.pk})
    client.post(url, {"at": when.strftime("%Y-%m-%dT%H:%M"), "how": "fax to (555) 010-2000"})
    packet.refresh_from_db()
    assert packet.status == ReferralPacket.Status.HANDED_OVER and packet.handed_over_by == alice
    disclosure = Disclosure.objects.get()
    assert disclosure.how == How.PACKET_HANDED_OVER and disclosure.at == when == packet.handed_over_at
    assert disclosure.recipient.facility == facility and disclosure.referral == referral
    assert "fax to (555) 010-2000" in disclosure.detail

    # Recorded once: a second post is refused.
    client.post(url, {"at": when.strftime("%Y-%m-%dT%H:%M"), "how": "fax again"})
    assert Disclosure.objects.count() == 1


def test_an_outsider_cannot_download_a_packet(client, mallory, clinical_case, facility, alice, deliver):
    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    packet = referral.packets.get()
    client.force_login(mallory)
    url = reverse("consents:packet-download", kwargs={"case": clinical_case.pk, "packet": packet.pk})
    assert client.get(url).status_code == 404


def test_send_again_makes_a_new_packet_and_is_refused_once_the_consent_is_revoked(
    client, clinical_case, facility, alice, deliver
):
    consent = ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        (referral,) = send(clinical_case, facility, alice)
    client.force_login(alice)
    url = reverse("consents:packet-send", kwargs={"case": clinical_case.pk, "referral": referral.pk})
    with deliver():
        client.post(url)
    assert referral.packets.filter(status=ReferralPacket.Status.SENT).count() == 2 and len(mail.outbox) == 2

    consent_services.consent_revoke(consent=consent, by=alice, requested_by="Sam Chen")
    response = client.post(url, follow=True)
    assert "no active consent of the person covers identity and contact" in response.content.decode()
    assert referral.packets.count() == 2 and len(mail.outbox) == 2


def test_a_draft_referral_is_sent_with_its_packet_from_the_referral_page(
    client, clinical_case, facility, alice, deliver
):
    from tests.factories import ReferralFactory

    referral = ReferralFactory(case=clinical_case, facility=facility, status="draft", note="Call us first.")
    client.force_login(alice)
    url = reverse("consents:packet-send", kwargs={"case": clinical_case.pk, "referral": referral.pk})
    assert "Send the referral and its packet" in client.get(referral.get_absolute_url()).content.decode()
    client.post(url)
    referral.refresh_from_db()
    assert referral.status == "draft" and not referral.packets.exists()  # no consent yet: refused

    ConsentFactory(recipient=facility, case=clinical_case, categories=IDENTITY_AND_INSURANCE)
    with deliver():
        client.post(url)
    referral.refresh_from_db()
    packet = referral.packets.get()
    assert referral.status == "sent" and packet.status == ReferralPacket.Status.SENT and packet.note == "Call us first."
