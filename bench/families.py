"""`make bench` figures of the families app."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Membership, Organization, User
from consents.models import Consent, Disclosure
from families.models import Checklist, ChecklistItem, FamilyMember
from families.services.consent import recipient_for_member
from interventions.models import Case

from .context import BenchContext


def portal_member(ctx: BenchContext) -> dict[str, float]:
    """`portal_member_ms`: a family member's portal page under an active consent (it writes a disclosure each
    time), with 2,000 disclosures already recorded (200 with --quick). The accounting is in bench/consents.py."""
    organization = Organization.objects.create(name="Bench family practice")
    lead = User.objects.create_user("bench-lead@example.org", display_name="Bench Lead")
    Membership.objects.create(user=lead, organization=organization, role=Membership.Role.OWNER)
    family = User.objects.create_user("bench-family@example.org", display_name="Bench Family")
    case = Case.objects.create(organization=organization, lead=lead, created_by=lead, first_name="B", last_name="C")
    member = FamilyMember.objects.create(
        case=case, name="Bench Family", relationship="sister", user=family, created_by=lead
    )
    checklist = Checklist.objects.create(member=member, name="Bench", assigned_by=lead)
    ChecklistItem.objects.bulk_create(ChecklistItem(checklist=checklist, order=i, title=f"Item {i}") for i in range(10))
    today = timezone.localdate()
    recipient = recipient_for_member(member)
    consent = Consent.objects.create(
        case=case,
        recipient=recipient,
        patient_name="B C",
        discloser="Bench",
        categories=["stage_and_status"],
        purpose="Bench",
        expiry_date=today.replace(year=today.year + 1),
        revocation_right_explained=True,
        treatment_not_conditioned=True,
        signed_name="B C",
        signed_on=today,
        witness_name="W",
        created_by=lead,
    )
    rows = 200 if ctx.quick else 2000
    Disclosure.objects.bulk_create(
        Disclosure(case=case, consent=consent, recipient=recipient, user=family, categories=["stage_and_status"])
        for _ in range(rows)
    )
    repeat = 5 if ctx.quick else 30
    ctx.client.force_login(family)
    portal = ctx.get_ok(member.get_portal_url())
    figures = {
        "portal_member_ms": ctx.median_ms(portal, repeat=repeat),
        "portal_member_queries": ctx.count_queries(portal),
    }
    return figures
