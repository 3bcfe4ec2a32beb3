"""Every disclosing path in interventions.disclosure.DISCLOSURE_PATHS writes a disclosure record: each path has a
driver here that uses it as a user would (the view or task it names), and the test fails for a path without one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from consents.models import Disclosure, ReferralPacket
from interventions.disclosure import DISCLOSURE_PATHS, Category, How
from tests.factories import CaseSummaryFactory, ConsentFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _family_consent(member):
    return ConsentFactory(recipient=member, categories=list(Category.FAMILY))


def portal_member(client, case, member, carol, alice) -> None:
    _family_consent(member)
    client.force_login(carol)
    assert client.get(member.get_portal_url()).status_code == 200


def portal_aftercare(client, case, member, carol, alice) -> None:
    from aftercare.services import plan_save

    plan_save(case=case, by=alice, fields={"goals": "Meetings three times a week"})
    _family_consent(member)
    client.force_login(carol)
    assert client.get(reverse("aftercare:portal-plan", kwargs={"case": case.pk})).status_code == 200


def summary_pdf(client, case, member, carol, alice) -> None:
    _family_consent(member)
    summary = CaseSummaryFactory(
        case=case,
        version="family",
        recipient=carol,
        requested_by=carol,
        status="ready",
        categories=["stage_and_status"],
    )
    summary.file.save("family.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    client.force_login(carol)
    url = reverse("interventions:summary-download", kwargs={"case": case.pk, "summary": summary.pk})
    assert client.get(url).status_code == 200


def _facility_packet(case, alice, *, email: str) -> tuple:
    from consents.services import packets

    facility = FacilityFactory(admissions_email=email)
    consent = ConsentFactory(recipient=facility, case=case, categories=[Category.IDENTITY_AND_CONTACT])
    referral = ReferralFactory(case=case, facility=facility)
    (packet,) = packets.packets_create(referrals=[referral], by=alice)
    return consent, packet


def packet_email(client, case, member, carol, alice) -> None:
    from consents.tasks import packet_send

    _, packet = _facility_packet(case, alice, email="admissions@cedar.example")
    packet_send(packet.pk)  # the task body, in this process
    assert ReferralPacket.objects.get(pk=packet.pk).status == ReferralPacket.Status.SENT


def packet_handed_over(client, case, member, carol, alice) -> None:
    from consents.tasks import packet_send

    _, packet = _facility_packet(case, alice, email="")
    packet_send(packet.pk)
    assert ReferralPacket.objects.get(pk=packet.pk).status == ReferralPacket.Status.TO_HAND_OVER
    client.force_login(alice)
    url = reverse("consents:packet-handed-over", kwargs={"case": case.pk, "packet": packet.pk})
    at = timezone.localtime(timezone=case.organization.zone).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"at": at, "how": "fax to (555) 010-2000"}).status_code == 302


def referral_call(client, case, member, carol, alice) -> None:
    facility = FacilityFactory()
    ConsentFactory(recipient=facility, case=case, categories=[Category.INSURANCE])
    referral = ReferralFactory(case=case, facility=facility)
    client.force_login(alice)
    url = reverse("interventions:referral-contact-add", kwargs={"case": case.pk, "referral": referral.pk})
    at = timezone.localtime(timezone=case.organization.zone).strftime("%Y-%m-%dT%H:%M")
    data = {
        "kind": "call",
        "at": at,
        "with_whom": "Admissions",
        "summary": "Member id",
        "shared_categories": "insurance",
    }
    assert client.post(url, data).status_code == 302


DRIVERS: dict[str, Callable] = {
    "portal_member": portal_member,
    "portal_aftercare": portal_aftercare,
    "summary_pdf": summary_pdf,
    "packet_email": packet_email,
    "packet_handed_over": packet_handed_over,
    "referral_call": referral_call,
}


def test_every_path_has_a_driver_and_names_real_code():
    assert {path.key for path in DISCLOSURE_PATHS} == set(DRIVERS), "add a driver for each new disclosure path"
    for path in DISCLOSURE_PATHS:
        assert callable(import_string(path.where)), path.where
        assert path.how in How.values


@pytest.mark.parametrize("path", DISCLOSURE_PATHS, ids=[path.key for path in DISCLOSURE_PATHS])
def test_each_disclosure_path_writes_a_record(client, case, member, carol, alice, path, celery_eager):
    case.stage = "in_treatment"
    case.save(update_fields=["stage"])
    assert not Disclosure.objects.exists()
    DRIVERS[path.key](client, case, member, carol, alice)
    records = list(Disclosure.objects.filter(case=case, how=path.how))
    assert records, f"{path.key} disclosed without a record"
    for record in records:
        assert record.consent.covers(record.categories[0]) and record.recipient_id == record.consent.recipient_id
