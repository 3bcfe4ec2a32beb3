"""A referral packet through a real Celery worker on Redis and the shared PostgreSQL test database: the send
commits, the packet is handed to the broker after commit, the worker builds it and emails it once with the PDF
attached, and records the disclosure."""

from __future__ import annotations

import time
import uuid

import pytest

from consents.models import Disclosure, ReferralPacket
from consents.services.packets import packets_sweep
from interventions.disclosure import Category, How
from interventions.services import referrals_send
from tests import services
from tests.factories import ConsentFactory, FacilityFactory

pytestmark = [pytest.mark.services("redis", "worker"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def packet_queue(monkeypatch, settings) -> str:
    """Route the packet task to a queue of this test's own, for a worker that writes to this test's storage."""
    from celery import _state

    from config.celery import app as config_app
    from consents import tasks

    assert services.redis_url() == settings.CELERY_BROKER_URL, "worker tests need CELERY_BROKER_URL=redis://..."
    queue = f"test-packet-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("PRIVATE_STORAGE_ROOT", str(settings.PRIVATE_STORAGE_ROOT))
    monkeypatch.setattr(_state, "default_app", config_app)
    monkeypatch.setattr(_state._tls, "current_app", config_app)
    task = config_app.tasks[tasks.packet_send.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)
    return queue


@pytest.fixture
def mailbox(tmp_path, monkeypatch):
    """The worker writes each email to a file here."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{folder}")
    return folder


def test_a_worker_emails_the_packet_once_with_the_pdf_attached(case, alice, packet_queue, mailbox):
    facility = FacilityFactory(name="Blue Ridge Recovery", admissions_email="admissions@blueridge.example")
    ConsentFactory(recipient=facility, case=case, categories=[Category.IDENTITY_AND_CONTACT, Category.INSURANCE])
    with services.worker_process(queue=packet_queue):
        (referral,) = referrals_send(case=case, facilities=[facility], by=alice, note="Bed needed this week.")
        packet = referral.packets.get()
        deadline = time.monotonic() + 60
        while packet.status == ReferralPacket.Status.QUEUED and time.monotonic() < deadline:
            time.sleep(0.3)
            packet.refresh_from_db()
        assert packet.status == ReferralPacket.Status.SENT, packet.error
        assert packets_sweep() == 0
    assert packet.attempts == 1 and packet.queued_at is not None
    (email_file,) = list(mailbox.iterdir())
    message = email_file.read_text()
    assert message.count("\nSubject: ") + message.startswith("Subject: ") == 1
    assert "To: admissions@blueridge.example" in message
    assert "Content-Type: application/pdf" in message and f"referral-{case.reference}.pdf" in message
    disclosure = Disclosure.objects.get()
    assert disclosure.how == How.PACKET_EMAIL and disclosure.recipient.facility == facility
    assert disclosure.referral == referral and disclosure.at == packet.sent_at
