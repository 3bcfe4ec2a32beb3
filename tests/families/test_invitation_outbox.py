"""The invitation is the outbox of its email: with the broker down, inviting answers at once and truthfully,
the email goes once the broker is back (the sweep), once, and the earlier link works until then."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from families.models import Invitation
from families.services import members as services
from tests.broker import broker_down  # noqa: F401 (a fixture)
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitee(case):
    return FamilyMemberFactory(case=case, name="Dan Chen", email="dan@example.net")


def invite_url(member) -> str:
    return reverse("families:member-invite", kwargs={"case": member.case_id, "member": member.pk})


def accept_url(body: str) -> str:
    return re.search(r"/portal/invitations/[^/\s]+/", body).group(0)


@pytest.mark.usefixtures("broker_down")
def test_inviting_with_the_broker_down_answers_at_once_and_says_queued(
    client, alice, invitee, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(invitee), follow=True)
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    page = response.content.decode()
    assert "email service is not reachable" in page and "Queued, email not sent yet" in page
    invitation = invitee.invitations.get()
    assert invitation.status == Invitation.Status.QUEUED and invitation.email_queued_at is None
    assert not mail.outbox


@pytest.mark.usefixtures("broker_down")
def test_the_sweep_sends_what_the_broker_never_got_once(client, alice, invitee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(member=invitee, by=alice)
    assert not mail.outbox
    from config.celery import app

    app.conf.task_always_eager = True  # the broker is back (tasks run here)
    assert services.invitations_sweep() == 1
    assert len(mail.outbox) == 1
    invitation = invitee.invitations.get()
    assert invitation.status == Invitation.Status.PENDING and invitation.email_queued_at is not None
    assert services.invitations_sweep() == 0  # handed over and sent: nothing again
    assert client.get(accept_url(mail.outbox[0].body)).status_code == 200
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("broker_down")
def test_an_earlier_link_keeps_working_until_the_new_email_has_gone(
    client, alice, invitee, django_capture_on_commit_callbacks
):
    from config.celery import app

    app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        first = services.invitation_send(member=invitee, by=alice)
    first_link = accept_url(mail.outbox[-1].body)
    app.conf.task_always_eager = False  # the broker goes down
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url(invitee))
    assert len(mail.outbox) == 1
    client.logout()
    assert client.get(first_link).status_code == 200  # the new email has not gone: the old link still works
    app.conf.task_always_eager = True  # back
    assert services.invitations_sweep() == 1
    assert len(mail.outbox) == 2
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    assert client.get(first_link).status_code == 410
    assert client.get(accept_url(mail.outbox[-1].body)).status_code == 200


@pytest.mark.usefixtures("broker_down")
def test_a_queued_invitation_can_be_withdrawn_and_is_then_never_sent(alice, invitee):
    invitation = services.invitation_send(member=invitee, by=alice)  # not committed: never handed over
    services.invitation_revoke(invitation=invitation, by=alice)
    assert services.invitations_sweep() == 0
    assert services.invitation_email_send(invitation_id=invitation.pk) is False
    assert not mail.outbox
