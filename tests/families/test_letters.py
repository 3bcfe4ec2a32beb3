"""Impact letters: autosave, versions, submit, review (comment, request changes, approve), reading order, print."""

from __future__ import annotations

import pytest
from django.urls import reverse

from families.exceptions import LetterError
from families.models import ImpactLetter, LetterVersion
from families.services import letters as services
from tests.factories import FamilyMemberFactory, ImpactLetterFactory

pytestmark = pytest.mark.django_db


def portal(name: str, member) -> str:
    return reverse(f"families:{name}", kwargs={"member": member.pk})


def test_autosave_saves_the_draft_and_keeps_a_version_now_and_then(client, member, carol):
    client.force_login(carol)
    response = client.post(portal("portal-letter-autosave", member), {"body": "Dear Sam"})
    assert "Saved automatically" in response.content.decode()
    client.post(portal("portal-letter-autosave", member), {"body": "Dear Sam, I love you"})
    letter = ImpactLetter.objects.get(member=member)
    assert letter.body == "Dear Sam, I love you"
    assert letter.versions.count() == 1  # autosaves within 5 minutes keep one snapshot
    client.post(portal("portal-letter", member), {"body": "Dear Sam, I love you."})
    assert [v.reason for v in letter.versions.all()] == ["saved", "autosave"]


def test_submit_locks_the_letter_until_the_review(client, member, carol):
    client.force_login(carol)
    client.post(portal("portal-letter-submit", member), {"body": "Dear Sam, please go today."})
    letter = ImpactLetter.objects.get(member=member)
    assert letter.status == "submitted" and letter.body == "Dear Sam, please go today."
    response = client.post(portal("portal-letter-autosave", member), {"body": "changed"})
    assert "cannot be changed" in response.content.decode()
    letter.refresh_from_db()
    assert letter.body == "Dear Sam, please go today."


def test_an_empty_letter_cannot_be_submitted(member, carol):
    letter = services.letter_for(member)
    with pytest.raises(LetterError):
        services.letter_submit(letter=letter, by=carol)


def test_changes_requested_then_edited_then_approved(client, member, carol, alice):
    letter = ImpactLetterFactory(member=member, status="submitted")
    review = letter.get_absolute_url()
    client.force_login(alice)
    client.post(review, {"kind": "changes_requested", "text": "Please add the lake memory."})
    letter.refresh_from_db()
    assert letter.status == "changes_requested"
    client.force_login(carol)
    page = client.get(portal("portal-letter", member)).content.decode()
    assert "Please add the lake memory." in page
    client.post(portal("portal-letter-submit", member), {"body": "Dear Sam, the lake..."})
    client.force_login(alice)
    client.post(review, {"kind": "approved", "text": ""})
    letter.refresh_from_db()
    assert letter.status == "approved" and letter.approved_by == alice and letter.reading_order == 1
    assert [c.kind for c in letter.comments.all()] == ["changes_requested", "approved"]
    assert LetterVersion.objects.filter(letter=letter, reason="submitted").exists()


def test_changes_need_a_reason_and_only_submitted_letters_are_reviewed(member, alice):
    letter = ImpactLetterFactory(member=member, status="draft")
    with pytest.raises(LetterError):
        services.letter_review(letter=letter, by=alice, kind="approved")
    letter.status = "submitted"
    letter.save()
    with pytest.raises(LetterError):
        services.letter_review(letter=letter, by=alice, kind="changes_requested", text="")


def test_reading_order_and_the_print_page(client, case, member, alice):
    first = ImpactLetterFactory(member=member, status="approved", reading_order=1, body="Carol's words")
    second = ImpactLetterFactory(
        member=FamilyMemberFactory(case=case, name="Dan"), status="approved", reading_order=2, body="Dan's words"
    )
    ImpactLetterFactory(member=FamilyMemberFactory(case=case), status="draft", body="Not yet")
    client.force_login(alice)
    client.post(
        reverse("families:letters-order", kwargs={"case": case.pk}),
        {f"order-{first.pk}": "2", f"order-{second.pk}": "1"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.reading_order, first.reading_order) == (1, 2)
    page = client.get(reverse("families:letters-print", kwargs={"case": case.pk})).content.decode()
    assert page.index("Dan&#x27;s words") < page.index("Carol&#x27;s words") and "Not yet" not in page
    assert "families/letters-print.css" in page and "print-letter" in page


def test_the_family_member_cannot_review_their_own_letter(client, member, carol):
    letter = ImpactLetterFactory(member=member, status="submitted")
    client.force_login(carol)
    assert client.post(letter.get_absolute_url(), {"kind": "approved"}).status_code == 404


def test_mallory_gets_404(client, mallory, member):
    letter = ImpactLetterFactory(member=member, status="submitted")
    client.force_login(mallory)
    assert client.post(letter.get_absolute_url(), {"kind": "approved"}).status_code == 404
    assert client.get(portal("portal-letter", member)).status_code == 404


def test_a_submitted_letter_shows_on_the_caseload_dashboard(client, member, alice):
    letter = ImpactLetterFactory(member=member, status="submitted")
    client.force_login(alice)
    page = client.get(reverse("interventions:dashboard")).content.decode()
    assert "Letter of Carol Chen awaits your review" in page and letter.get_absolute_url() in page
