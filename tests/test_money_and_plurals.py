"""Amounts read as money ("$1,500.00") and counts agree with their noun ("1 day", "2 days")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from aftercare.queries import followup_timeline
from interventions.models import InsuranceVerification
from tests.factories import CaseFactory, FacilityFactory, FollowUpFactory, ReferralFactory


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(Decimal("1500.00"), "$1,500.00"), (250, "$250.00"), (Decimal("0.5"), "$0.50"), (None, ""), ("", "")],
)
def test_the_usd_filter_formats_amounts(amount, shown):
    assert Template("{% load money %}{{ amount|usd }}").render(Context({"amount": amount})) == shown


@pytest.mark.django_db
def test_the_referral_page_shows_the_deductible_as_money(client, practice, alice):
    referral = ReferralFactory(case=CaseFactory(organization=practice, lead=alice))
    InsuranceVerification.objects.create(
        referral=referral,
        payer="Aetna",
        verified_with="Jo, ref 12",
        by=alice,
        deductible=Decimal("1500.00"),
        deductible_met=Decimal("250"),
        out_of_pocket_max=Decimal("6000"),
    )
    client.force_login(alice)
    url = reverse("interventions:referral-detail", kwargs={"case": referral.case_id, "referral": referral.pk})
    page = client.get(url).content.decode()
    assert "Deductible $1,500.00 ($250.00 met) · out-of-pocket max $6,000.00" in page


@pytest.mark.django_db
def test_a_facility_shows_its_cost_as_money_and_a_one_day_stay_as_one_day(client, alice):
    facility = FacilityFactory(cost_min=1500, cost_max=30000, stay_min_days=1)
    client.force_login(alice)
    page = client.get(reverse("facilities:facility-detail", kwargs={"facility": facility.pk})).content.decode()
    assert "$1,500.00–$30,000.00" in page
    assert "1 day<" in page and "1 days" not in page


@pytest.mark.django_db
def test_one_day_abstinent_is_one_day(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage="in_treatment")
    FollowUpFactory(case=case, contacted_at=timezone.now(), reached=True, days_abstinent=1, status="done")
    client.force_login(alice)
    page = client.get(reverse("aftercare:case-aftercare", kwargs={"case": case.pk})).content.decode()
    assert "1 day abstinent" in page and "1 days" not in page
    assert "1 day abstinent" in followup_timeline(case)[0].detail
