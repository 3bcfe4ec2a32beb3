"""`make bench` figures of the consents app: the accounting of disclosures (DESIGN.md: one page of a case with
5,000 disclosures, 60 ms).

The case's 5,000 disclosures (500 with --quick) are of mixed kinds over the past 3 years: a family member's portal
views, referral packets emailed or faxed to two facilities, and logged calls to a therapist; 20 other cases of
the practice hold 500 each, so the page reads its own rows off the index disclosure_case_at, not the whole table.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.paging import cursor_of
from consents.models import Consent, Disclosure, Recipient
from consents.services.consent import recipient_for_facility
from facilities.models import Facility
from families.models import FamilyMember
from families.services.consent import recipient_for_member
from interventions.disclosure import Category, How
from interventions.models import Case

from .context import BenchContext

THREE_YEARS_MIN = 3 * 365 * 24 * 60 - 24 * 60  # a day short of the period's start


def _consent(case: Case, recipient: Recipient, categories: list[str], lead: User) -> Consent:
    today = timezone.localdate()
    return Consent.objects.create(
        case=case,
        recipient=recipient,
        patient_name=case.full_name,
        discloser=case.organization.name,
        categories=categories,
        purpose="To refer me for treatment and support my recovery.",
        expiry_date=today.replace(year=today.year + 1),
        revocation_right_explained=True,
        treatment_not_conditioned=True,
        signed_name=case.full_name,
        signed_on=today.replace(year=today.year - 3),
        witness_name="W",
        created_by=lead,
    )


def _seed_case(organization: Organization, lead: User, family: User | None, n: int, tag: str) -> Case:
    """A case with `n` disclosures of mixed kinds spread over the past 3 years, newest first by (at, id)."""
    case = Case.objects.create(organization=organization, lead=lead, created_by=lead, first_name="B", last_name=tag)
    member = FamilyMember.objects.create(case=case, name=f"Family {tag}", relationship="sister", created_by=lead)
    if family is not None:
        member.user = family
        member.save(update_fields=["user"])
    facilities = [
        Facility.objects.create(
            external_id=f"bench-acc-{tag}-{i}", name=f"Bench Recovery {tag} {i}", city="Richmond", state="VA"
        )
        for i in range(2)
    ]
    therapist = Recipient.objects.create(
        case=case, kind=Recipient.Kind.OTHER, role=Recipient.Role.THERAPIST, name="Dr. Bench", phone="555-0100"
    )
    clinical = [Category.IDENTITY_AND_CONTACT, Category.SUBSTANCE_USE_AND_ASSESSMENT, Category.INSURANCE]
    consents = [
        (_consent(case, recipient_for_member(member), [Category.STAGE_AND_STATUS], lead), [How.PORTAL], family),
        *(
            (
                _consent(case, recipient_for_facility(case=case, facility=f), clinical, lead),
                [How.PACKET_EMAIL, How.PACKET_HANDED_OVER],
                lead,
            )
            for f in facilities
        ),
        (_consent(case, therapist, [Category.TREATMENT_PROGRESS], lead), [How.CALL], lead),
    ]
    now = timezone.now()
    step = THREE_YEARS_MIN // n
    rows = []
    for i in range(n):
        # 6 in 10 portal views, 3 in 10 packets (either facility), 1 in 10 calls
        pick = 0 if i % 10 < 6 else (1 + i % 2 if i % 10 < 9 else 3)
        consent, hows, user = consents[pick]
        rows.append(
            Disclosure(
                case=case,
                consent=consent,
                recipient=consent.recipient,
                user=user or lead,
                categories=consent.categories,
                how=hows[i % len(hows)],
                at=now - dt.timedelta(minutes=i * step),
                detail="" if pick == 0 else "6 pages" if pick < 3 else "Call about progress",
            )
        )
    Disclosure.objects.bulk_create(rows, batch_size=2000)
    return case


def accounting(ctx: BenchContext) -> dict[str, float]:
    """`accounting_ms`: the first page (50 rows, with the period's count) of a case's accounting of 5,000
    disclosures; `accounting_deep_ms`: a page 2 years back (keyset "Next"); `accounting_queries`."""
    organization = Organization.objects.create(name="Bench accounting practice")
    lead = User.objects.create_user("bench-accounting@example.org", display_name="Bench Accounting")
    Membership.objects.create(user=lead, organization=organization, role=Membership.Role.OWNER)
    family = User.objects.create_user("bench-accounting-family@example.org", display_name="Bench Family")
    size = 500 if ctx.quick else 5000
    case = _seed_case(organization, lead, family, size, "main")
    for n in range(2 if ctx.quick else 20):
        _seed_case(organization, lead, None, size // 10, f"other{n}")
    ctx.log(f"accounting: {Disclosure.objects.count()} disclosures seeded")
    repeat = 5 if ctx.quick else 30
    ctx.client.force_login(lead)
    url = f"/cases/{case.pk}/disclosures/"
    first = ctx.get_ok(url)
    deep_row = Disclosure.objects.filter(case=case).order_by("-at", "-pk")[size * 2 // 3]
    deep = ctx.get_ok(f"{url}?before={cursor_of(deep_row, 'at')}")
    return {
        "accounting_ms": ctx.median_ms(first, repeat=repeat),
        "accounting_deep_ms": ctx.median_ms(deep, repeat=repeat),
        "accounting_queries": ctx.count_queries(first),
    }
