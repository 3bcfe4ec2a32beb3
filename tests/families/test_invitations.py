"""Invitations: single use, 7-day expiry, resend and revoke, wrong tokens, accepting as a new or existing user."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from families.exceptions import InvitationInvalid
from families.models import FamilyMember, Invitation
from families.services import members as services
from families.tasks import send_invitation_email
from tests.factories import PASSWORD, FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitee(case):
    return FamilyMemberFactory(case=case, name="Dan Chen", email="dan@example.net")


def accept_url(token: str) -> str:
    return reverse("families:invitation-accept", kwargs={"token": token})


def invite(member, by) -> tuple[Invitation, str]:
    """Invite and send the email as the worker does; the token is read from the email, as the person does."""
    invitation = services.invitation_send(member=member, by=by)
    assert services.invitation_email_send(invitation_id=invitation.pk) is True
    invitation.refresh_from_db()
    return invitation, token_in(mail.outbox[-1].body)


def token_in(body: str) -> str:
    return re.search(r"/portal/invitations/([^/\s]+)/", body).group(1)


def test_invitation_email_is_queued_after_commit_and_carries_the_link(
    invitee, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = services.invitation_send(member=invitee, by=alice)
    assert len(callbacks) == 1 and not mail.outbox  # nothing is sent before the transaction commits
    assert invitation.status == Invitation.Status.QUEUED and invitation.token_hash is None  # no link yet
    assert send_invitation_email.apply(args=(invitation.pk,)).get() is True
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dan@example.net"]
    token = token_in(mail.outbox[0].body)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING and token not in invitation.token_hash  # only the hash
    assert send_invitation_email.apply(args=(invitation.pk,)).get() is False  # idempotent
    assert len(mail.outbox) == 1


def test_accepting_creates_the_account_links_it_and_logs_in(client, invitee, alice):
    _, token = invite(invitee, alice)
    response = client.post(accept_url(token), {"name": "Dan Chen", "password1": PASSWORD, "password2": PASSWORD})
    invitee.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == invitee.get_portal_url()
    assert invitee.user.email == "dan@example.net" and invitee.user.check_password(PASSWORD)
    assert client.get(invitee.get_portal_url()).status_code == 200


def test_a_token_works_once(client, invitee, alice):
    _, token = invite(invitee, alice)
    services.invitation_accept(token=token, name="Dan", password=PASSWORD)
    response = client.get(accept_url(token))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(token=token, user=UserFactory())


def test_a_token_expires_after_seven_days(client, invitee, alice):
    invitation, token = invite(invitee, alice)
    assert invitation.expires_at - invitation.email_sent_at == dt.timedelta(days=7)  # from the email
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(accept_url(token))
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_a_revoked_token_stops_working(client, invitee, alice):
    invitation, token = invite(invitee, alice)
    services.invitation_revoke(invitation=invitation, by=alice)
    response = client.post(accept_url(token), {"name": "x", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.user is None


def test_a_wrong_token_says_so(client):
    response = client.get(accept_url("made-up-token"))
    assert response.status_code == 404 and "not valid" in response.content.decode()


def test_resending_revokes_the_earlier_link_once_the_new_email_has_gone(client, invitee, alice):
    first, first_token = invite(invitee, alice)
    second = services.invitation_send(member=invitee, by=alice)
    assert client.get(accept_url(first_token)).status_code == 200  # the new email has not gone yet
    services.invitation_email_send(invitation_id=second.pk)
    second_token = token_in(mail.outbox[-1].body)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED and second.status == Invitation.Status.PENDING
    assert client.get(accept_url(first_token)).status_code == 410
    assert client.get(accept_url(second_token)).status_code == 200


def test_an_existing_account_is_asked_to_log_in_and_then_linked(client, invitee, alice):
    existing = UserFactory(email="dan@example.net")
    _, token = invite(invitee, alice)
    response = client.get(accept_url(token))
    assert "log in" in response.content.decode().lower()
    client.force_login(existing)
    response = client.post(accept_url(token))
    invitee.refresh_from_db()
    assert invitee.user == existing and response["Location"] == invitee.get_portal_url()


def test_a_practice_account_cannot_accept_a_family_invitation(client, invitee, alice, bob):
    _, token = invite(invitee, alice)
    client.force_login(bob)
    assert client.post(accept_url(token)).status_code == 403
    invitee.refresh_from_db()
    assert invitee.user is None


def test_one_person_on_two_cases_sees_each_separately(client, member, other_case, carol, alice, bob):
    second = FamilyMemberFactory(case=other_case, name="Carol Chen", email=carol.email)
    _, token = invite(second, bob)
    client.force_login(carol)
    client.post(accept_url(token))
    assert set(FamilyMember.objects.of_user(carol)) == {member, second}
    home = client.get(reverse("families:portal-home")).content.decode()
    assert member.get_portal_url() in home and second.get_portal_url() in home
    page = client.get(member.get_portal_url()).content.decode()
    assert "Supporting Sam" in page and "Supporting Jo" not in page


def test_staff_invite_and_revoke_through_the_member_page(client, invitee, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    url = reverse("families:member-invite", kwargs={"case": invitee.case_id, "member": invitee.pk})
    with django_capture_on_commit_callbacks():
        assert client.post(url).status_code == 302
    invitation = invitee.invitations.get()
    revoke = reverse(
        "families:invitation-revoke",
        kwargs={"case": invitee.case_id, "member": invitee.pk, "invitation": invitation.pk},
    )
    client.post(revoke)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert "Revoked" in client.get(invitee.get_absolute_url()).content.decode()


def test_mallory_gets_404(client, mallory, invitee):
    client.force_login(mallory)
    url = reverse("families:member-invite", kwargs={"case": invitee.case_id, "member": invitee.pk})
    assert client.post(url).status_code == 404
    assert not invitee.invitations.exists()


@pytest.mark.services("redis", "worker")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_invitation_once(case, alice):
    from celery import Celery

    from tests import services as test_services

    invitee = FamilyMemberFactory(case=case, email="worker@example.net")
    # Made by hand: invitation_send would queue on the default queue.
    invitation = Invitation.objects.create(
        member=invitee, email=invitee.email, expires_at=timezone.now() + dt.timedelta(days=7), sent_by=alice
    )
    client = Celery("probe", broker=test_services.redis_url(), backend=test_services.redis_url(), set_as_current=False)
    with test_services.worker_process() as (_, queue):
        first = client.send_task("families.tasks.send_invitation_email", args=[invitation.pk], queue=queue)
        assert first.get(timeout=30) is True
        again = client.send_task("families.tasks.send_invitation_email", args=[invitation.pk], queue=queue)
        assert again.get(timeout=30) is False  # redelivery does not send a second email
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None


def test_a_signed_in_family_account_of_another_email_cannot_accept(client, invitee, alice, carol):
    _, token = invite(invitee, alice)
    client.force_login(carol)
    for response in (client.get(accept_url(token)), client.post(accept_url(token))):
        assert response.status_code == 403
        page = response.content.decode()
        assert "sent to dan@example.net" in page and "Sign out first" in page
    invitee.refresh_from_db()
    assert invitee.user is None
    assert Invitation.objects.get(member=invitee).status == Invitation.Status.PENDING


def test_the_service_refuses_an_account_of_another_email(invitee, alice, carol):
    _, token = invite(invitee, alice)
    with pytest.raises(InvitationInvalid, match="Sign out first"):
        services.invitation_accept(token=token, user=carol)
    invitee.refresh_from_db()
    assert invitee.user is None


def test_the_invited_email_is_matched_regardless_of_case(client, invitee, alice):
    existing = UserFactory(email="Dan@Example.net")
    _, token = invite(invitee, alice)
    client.force_login(existing)
    client.post(accept_url(token))
    invitee.refresh_from_db()
    assert invitee.user == existing


def test_signing_out_from_the_refusal_returns_to_the_invitation(client, invitee, alice, carol):
    _, token = invite(invitee, alice)
    client.force_login(carol)
    response = client.post(reverse("account_logout"), {"next": accept_url(token)})
    assert response["Location"] == accept_url(token)
    assert "Choose a password" in client.get(accept_url(token)).content.decode()
