"""Facilities confirm their own beds through an emailed link: the email through Celery, 7-day expiry, single use,
revocation (and a new send revoking the last link), wrong tokens and their rate limit, a page that shows the
facility's own settings and nothing of any case, a confirmation that makes the beds fresh in ranking, the weekly
send, and "never answered" on the directory."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import DomainError
from facilities import bed_links
from facilities.matching import FRESH_BEDS_POINTS, CareNeeds, rank
from facilities.models import BedAvailability, BedConfirmation, BedConfirmationLink, BedUpdate
from facilities.tasks import send_bed_link_email, send_weekly_bed_links
from tests.factories import BedAvailabilityFactory, CaseFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lodge(db):
    """A residential facility with an admissions email and a bed figure two weeks old."""
    facility = FacilityFactory(
        name="Blue Ridge Lodge",
        codes=["RS", "RL"],
        admissions_email="admissions@blueridge.example",
        admissions_phone="434-555-0100",
        admissions_hours="Mon-Fri 9-5",
    )
    BedAvailabilityFactory(
        facility=facility, setting="RS", available=1, updated_at=timezone.now() - dt.timedelta(days=13)
    )
    return facility


def confirm_url(token: str) -> str:
    return reverse("facilities:bed-confirm", kwargs={"token": token})


def token_in(body: str) -> str:
    return re.search(r"/beds/confirm/([^/\s]+)/", body).group(1)


def send(facility, by) -> tuple[BedConfirmationLink, str]:
    """Queue a link and send its email as the worker does; the token is read from the email, as the facility does."""
    link = bed_links.bed_link_send(facility=facility, by=by)
    assert bed_links.bed_link_email_send(link_id=link.pk) is True
    link.refresh_from_db()
    return link, token_in(mail.outbox[-1].body)


def answer(name="Jo Park", **beds):
    return bed_links.Answer(typed_name=name, beds=beds or {"RS": 4})


def test_the_email_goes_through_celery_after_commit_and_only_the_hash_is_kept(
    lodge, dana, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        link = bed_links.bed_link_send(facility=lodge, by=dana)
        assert not mail.outbox  # nothing goes before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["admissions@blueridge.example"]
    message = mail.outbox[0]
    assert message.subject == "Please confirm your open beds: Blue Ridge Lodge"
    token = token_in(message.body)
    for word in ("case", "patient", "client", "referral", "Dana", "substance"):
        assert word.lower() not in (message.subject + message.body).lower()
    link.refresh_from_db()
    assert link.queued_at and link.email_sent_at
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in link.token_hash
    assert link.expires_at - link.email_sent_at == dt.timedelta(days=7)
    assert send_bed_link_email.apply(args=(link.pk,)).get() is False  # idempotent: sent once
    assert len(mail.outbox) == 1


def test_the_sweep_hands_over_what_the_broker_never_got(lodge, dana, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        link = bed_links.bed_link_send(facility=lodge, by=dana)
    with mock.patch("config.celery.hand_over", return_value=True) as hand_over:
        assert bed_links.bed_links_sweep() == 1
    assert hand_over.call_args.args[1] == link.pk
    with mock.patch("config.celery.hand_over", return_value=True):
        assert bed_links.bed_links_sweep() == 0  # handed over just now: not again yet


def test_a_facility_without_an_admissions_email_or_archived_is_not_sent_a_link(dana):
    with pytest.raises(DomainError, match="admissions email"):
        bed_links.bed_link_send(facility=FacilityFactory(), by=dana)
    closed = FacilityFactory(admissions_email="a@closed.example", is_archived=True)
    with pytest.raises(DomainError, match="archived"):
        bed_links.bed_link_send(facility=closed, by=dana)


def test_the_page_shows_the_facility_s_own_settings_and_nothing_of_any_case(client, lodge, dana, alice, practice):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Chen")
    ReferralFactory(case=case, facility=lodge)
    _, token = send(lodge, dana)
    response = client.get(confirm_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Blue Ridge Lodge" in body
    assert "Short-term residential: open beds" in body and "Long-term residential: open beds" in body
    assert "Outpatient" not in body  # a setting it does not offer
    assert 'value="1"' in body and "Mon-Fri 9-5" in body and "434-555-0100" in body  # what the directory lists
    for word in ("Sam", "Chen", "Alice", "Harbor", "referral", "Dana"):
        assert word not in body
    assert '<meta name="robots" content="noindex">' in body
    assert response["Referrer-Policy"] == "same-origin" and "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_confirmation_records_its_source_and_makes_the_beds_fresh_in_ranking(client, lodge, dana):
    other = FacilityFactory(name="A Other Place", codes=["RS"])
    BedAvailabilityFactory(facility=other, setting="RS", available=2, updated_at=timezone.now() - dt.timedelta(days=5))
    before = {m.facility.name: m for m in rank(CareNeeds(level_of_care="3.5"))}
    assert before["Blue Ridge Lodge"].score < FRESH_BEDS_POINTS  # a 13-day-old figure weighs a third
    link, token = send(lodge, dana)
    response = client.post(
        confirm_url(token),
        {"beds_RS": "4", "beds_RL": "", "hours": "Every day 8-8", "phone": "", "typed_name": " Jo  Park "},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 302 and response["Location"] == reverse("facilities:bed-confirm-done")
    beds = BedAvailability.objects.get(facility=lodge, setting="RS")
    assert beds.available == 4 and beds.method == BedAvailability.Method.FACILITY
    assert beds.source == "confirmed by the facility (Jo Park)" and beds.is_fresh
    assert not BedAvailability.objects.filter(facility=lodge, setting="RL").exists()  # blank: left as it is
    lodge.refresh_from_db()
    assert lodge.admissions_hours == "Every day 8-8" and lodge.admissions_phone == "434-555-0100"  # blank phone kept
    confirmation = BedConfirmation.objects.get(facility=lodge)
    assert confirmation.typed_name == "Jo Park" and str(confirmation.ip) == "198.51.100.9"
    assert {"what": "Open beds: Short-term residential", "before": "1", "after": "4"} in confirmation.changes
    assert {"what": "Admissions hours", "before": "Mon-Fri 9-5", "after": "Every day 8-8"} in confirmation.changes
    assert BedUpdate.objects.filter(facility=lodge, method="facility", available=4).exists()
    matches = rank(CareNeeds(level_of_care="3.5"))
    assert matches[0].facility == lodge and matches[0].score_parts[-1][0] == FRESH_BEDS_POINTS
    assert "4 open beds in Short-term residential, confirmed just now" in matches[0].reasons
    link.refresh_from_db()
    assert link.used_at is not None


def test_the_same_count_confirmed_is_fresh_and_logged_as_a_confirmation(lodge, dana):
    _, token = send(lodge, dana)
    bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=1), ip=None)
    assert BedAvailability.objects.get(facility=lodge, setting="RS").is_fresh
    assert BedUpdate.objects.get(facility=lodge, method="facility").confirmed_only


def test_an_answer_needs_a_name_and_one_figure(client, lodge, dana):
    _, token = send(lodge, dana)
    with pytest.raises(DomainError):
        bed_links.beds_confirm_by_facility(token=token, answer=answer(name="  "), ip=None)
    with pytest.raises(DomainError):
        bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=None), ip=None)
    response = client.post(confirm_url(token), {"beds_RS": "3", "typed_name": ""})
    assert response.status_code == 200 and "Type your name" in response.content.decode()
    assert client.get(confirm_url(token)).status_code == 200  # still usable


def test_a_link_works_once_then_says_only_that_it_cannot_be_used(client, lodge, dana):
    _, token = send(lodge, dana)
    bed_links.beds_confirm_by_facility(token=token, answer=answer(), ip=None)
    response = client.get(confirm_url(token))
    assert response.status_code == 410
    body = response.content.decode()
    assert bed_links.INVALID_MESSAGE in body and "Blue Ridge" not in body and "Short-term" not in body
    with pytest.raises(bed_links.BedLinkInvalid):
        bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=9), ip=None)
    assert BedAvailability.objects.get(facility=lodge, setting="RS").available == 4
    done = client.get(reverse("facilities:bed-confirm-done"))
    assert done.status_code == 200 and "Blue Ridge" not in done.content.decode()


def test_a_link_expires_after_seven_days(client, lodge, dana):
    link, token = send(lodge, dana)
    almost = link.email_sent_at + dt.timedelta(days=6, hours=23)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        assert client.get(confirm_url(token)).status_code == 200
    later = link.email_sent_at + dt.timedelta(days=7, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(confirm_url(token)).status_code == 410
        with pytest.raises(bed_links.BedLinkInvalid):
            bed_links.beds_confirm_by_facility(token=token, answer=answer(), ip=None)


def test_a_revoked_link_stops_working_and_a_new_send_revokes_the_last(client, lodge, dana):
    _, first = send(lodge, dana)
    assert bed_links.bed_link_revoke(facility=lodge, by=dana) == 1
    assert client.get(confirm_url(first)).status_code == 410
    assert bed_links.bed_link_revoke(facility=lodge, by=dana) == 0
    _, second = send(lodge, dana)
    _, third = send(lodge, dana)  # one live link per facility: the new send revokes the second
    assert client.get(confirm_url(second)).status_code == 410
    assert client.get(confirm_url(third)).status_code == 200


def test_a_wrong_token_is_a_404_with_the_same_neutral_page(client, lodge, dana):
    link, token = send(lodge, dana)
    wrong = client.get(confirm_url("x" * 43))
    assert wrong.status_code == 404
    bed_links.bed_link_revoke(facility=lodge, by=dana)
    revoked = client.get(confirm_url(token))
    assert revoked.status_code == 410
    assert wrong.content == revoked.content
    assert client.get(confirm_url("y" * 101)).status_code == 404


def test_wrong_tokens_are_rate_limited_per_address(client, lodge, dana):
    _, token = send(lodge, dana)
    statuses = [client.get(confirm_url(f"guess{n}")).status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    assert client.get(confirm_url(token)).status_code == 429  # the address is blocked for a while, for any token
    other = client.get(confirm_url(token), REMOTE_ADDR="203.0.113.50")
    assert other.status_code == 200  # another address is not


def test_the_weekly_task_asks_the_facilities_due(dana, celery_eager):
    now = timezone.now()
    due = FacilityFactory(name="Due", admissions_email="a@due.example")
    FacilityFactory(name="No email")
    FacilityFactory(name="Archived", admissions_email="a@arch.example", is_archived=True)
    recent = FacilityFactory(name="Confirmed recently", admissions_email="a@recent.example")
    _, token = send(recent, dana)
    bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=2), ip=None)
    waiting = FacilityFactory(name="Link waiting", admissions_email="a@waiting.example")
    send(waiting, dana)
    long_ago = FacilityFactory(name="Confirmed long ago", admissions_email="a@old.example")
    _, token = send(long_ago, dana)
    bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=2), ip=None)
    BedConfirmation.objects.filter(facility=long_ago).update(at=now - dt.timedelta(days=8))
    expired = FacilityFactory(name="Link expired", admissions_email="a@expired.example")
    link, _ = send(expired, dana)
    BedConfirmationLink.objects.filter(pk=link.pk).update(expires_at=now - dt.timedelta(minutes=1))
    names = set(bed_links.facilities_due_for_confirmation().values_list("name", flat=True))
    assert names == {"Due", "Confirmed long ago", "Link expired"}
    mail.outbox.clear()
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda callback, **_: callback()):
        assert send_weekly_bed_links.apply().get() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@due.example", "a@expired.example", "a@old.example"]
    assert BedConfirmationLink.objects.filter(facility=due, created_by=None).exists()  # by the schedule
    assert set(bed_links.facilities_due_for_confirmation().values_list("name", flat=True)) == set()


def test_the_beat_schedule_sends_weekly_and_sweeps_every_minute(settings):
    assert settings.CELERY_BEAT_SCHEDULE["weekly-bed-links"]["task"] == "facilities.tasks.send_weekly_bed_links"
    assert settings.CELERY_BEAT_SCHEDULE["outbox-bed-links"]["task"] == "facilities.tasks.sweep_bed_links"


def test_a_directory_admin_sends_a_link_after_seeing_to_whom_it_goes(client, lodge, dana, celery_eager):
    client.force_login(dana)
    url = reverse("facilities:bed-link-send", kwargs={"facility": lodge.pk})
    step = client.get(url)
    assert step.status_code == 200 and "admissions@blueridge.example" in step.content.decode()
    assert not BedConfirmationLink.objects.exists()  # the GET sends nothing
    response = client.post(url)
    assert response.status_code == 302
    assert BedConfirmationLink.objects.filter(facility=lodge, created_by=dana).count() == 1


def test_an_interventionist_cannot_send_or_revoke_links(client, lodge, alice):
    client.force_login(alice)
    assert client.post(reverse("facilities:bed-link-send", kwargs={"facility": lodge.pk})).status_code == 403
    assert client.post(reverse("facilities:bed-link-revoke", kwargs={"facility": lodge.pk})).status_code == 403
    page = client.get(lodge.get_absolute_url()).content.decode()
    assert "Send a bed-confirmation link" not in page and "never answered" not in page


def test_a_facility_that_never_answers_is_shown_and_filtered_for_directory_admins(client, lodge, dana):
    first, _ = send(lodge, dana)
    send(lodge, dana)
    BedConfirmationLink.objects.filter(pk=first.pk).update(email_sent_at=timezone.make_aware(dt.datetime(2026, 10, 2)))
    answering = FacilityFactory(name="Answering Place", admissions_email="a@answer.example")
    _, token = send(answering, dana)
    bed_links.beds_confirm_by_facility(token=token, answer=answer(RS=3), ip=None)
    client.force_login(dana)
    page = client.get(lodge.get_absolute_url()).content.decode()
    assert "Asked 2 times since Oct 2, never answered" in page and "Send a bed-confirmation link" in page
    listing = client.get(reverse("facilities:facility-list")).content.decode()
    assert "Asked 2 times since Oct 2, never answered" in listing
    never = client.get(reverse("facilities:facility-list"), {"answers": "never"})
    assert [f.name for f in never.context["page"]] == ["Blue Ridge Lodge"]
    detail = client.get(answering.get_absolute_url()).content.decode()
    assert "Beds confirmed by the facility" in detail and "Confirmed by the facility (Jo Park)" in detail


def test_the_list_with_asks_stays_at_a_constant_query_count(client, dana, django_assert_max_num_queries):
    client.force_login(dana)
    for n in range(2):
        send(FacilityFactory(name=f"Few {n}", admissions_email=f"a{n}@x.example"), dana)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("facilities:facility-list"))
    for n in range(18):
        send(FacilityFactory(name=f"Many {n}", admissions_email=f"b{n}@x.example"), dana)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("facilities:facility-list"))


def test_the_page_gives_the_links_end_on_the_facilitys_clock_as_its_email_does(client, dana):
    facility = FacilityFactory(name="Aspen Lodge", state="OR", codes=["RS"], admissions_email="in@aspen.example")
    link, token = send(facility, dana)
    end = timezone.localtime(link.expires_at, ZoneInfo("America/Los_Angeles"))
    shown = f"{end:%b} {end.day}, {end.year} {end:%-I:%M} {end:%p} {end.tzname()}"
    assert shown in mail.outbox[-1].body
    assert shown in client.get(confirm_url(token)).content.decode()
