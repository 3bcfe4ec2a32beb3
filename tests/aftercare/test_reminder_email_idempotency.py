"""The reminder email's Message-ID is committed before it is sent; a send cut off after the mail server took
it is sent again with the same Message-ID (a recognisable copy, never a lost reminder); once sent, never again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from aftercare import services
from aftercare.models import Reminder
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 1, 13, 0, tzinfo=dt.UTC)


class AcceptedThenWorkerDied(EmailBackend):
    """The server accepts the email, then the worker dies before the commit."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise SystemExit("worker killed")


@pytest.fixture
def reminder(case, django_capture_on_commit_callbacks):
    FollowUpFactory(case=case, due_at=NOW)
    with django_capture_on_commit_callbacks(execute=False):
        services.reminders_scan(now=NOW)
    return Reminder.objects.get()


def test_the_message_id_is_recorded_before_sending_and_sent_as_the_header(reminder):
    assert services.reminder_email_send(reminder_id=reminder.pk) is True
    reminder.refresh_from_db()
    assert reminder.email_message_id and reminder.email_sent_at
    assert mail.outbox[0].extra_headers["Message-ID"] == reminder.email_message_id
    assert mail.outbox[0].message()["Message-ID"] == reminder.email_message_id
    assert services.reminder_email_send(reminder_id=reminder.pk) is False
    assert len(mail.outbox) == 1


def test_a_send_cut_off_after_the_server_took_it_is_sent_again_with_the_same_message_id(reminder, settings):
    settings.EMAIL_BACKEND = f"{__name__}.AcceptedThenWorkerDied"
    with pytest.raises(SystemExit):
        services.reminder_email_send(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.email_message_id and reminder.email_sent_at is None  # the id survived, "sent" did not
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.reminder_email_send(reminder_id=reminder.pk) is True
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == mail.outbox[1].extra_headers["Message-ID"]
    assert services.reminder_email_send(reminder_id=reminder.pk) is False
    assert len(mail.outbox) == 2
