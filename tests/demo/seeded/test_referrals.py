"""The demo referrals and plans keep the admission time once, on the referral, and agree with the arrival (the first
admission: a readmission comes later, on a referral of its own)."""

from __future__ import annotations

from interventions.models import Referral, TransitionChecklist


def test_every_admitted_demo_referral_has_its_admission_and_the_arrival_agrees(seeded):
    admitted = Referral.objects.filter(status="admitted")
    assert admitted.exists()
    assert not admitted.filter(admission_at=None).exists()
    for referral in admitted:
        checklist = TransitionChecklist.objects.filter(plan__case=referral.case, plan__is_current=True).first()
        first = admitted.filter(case=referral.case).order_by("admission_at").first()
        if checklist and checklist.arrived_at:
            assert first is not None and checklist.arrived_at == first.admission_at
