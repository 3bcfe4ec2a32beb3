"""A family member as a consent's recipient (consents.Recipient), and the recipient source the consent form uses."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from consents.exceptions import ConsentError
from consents.extensions import RecipientSource
from consents.models import Recipient
from interventions.models import Case

from ..models import FamilyMember


@transaction.atomic
def recipient_for_member(member: FamilyMember) -> Recipient:
    """The member's recipient row (made the first time a consent names them), with their name and contact."""
    member = FamilyMember.objects.select_for_update().get(pk=member.pk)
    recipient = member.recipient
    if recipient is None:
        recipient = member.recipient = Recipient.objects.create(
            case_id=member.case_id,
            kind=Recipient.Kind.FAMILY,
            name=member.name,
            organization=member.relationship,
            email=member.email,
            phone=member.phone,
        )
        member.save(update_fields=["recipient"])
    return recipient


def _member_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(m.pk), f"{m.name} ({m.relationship})") for m in case.family_members.filter(is_active=True)]


def _resolve_member(case: Case, key: str) -> Recipient:
    member = case.family_members.filter(is_active=True, pk=int(key) if key.isdigit() else 0).first()
    if member is None:
        raise ConsentError("Choose a family member of this case.")
    return recipient_for_member(member)


def account_filter(user: User) -> Q:
    """The consents naming one of this account's active member records."""
    return Q(recipient__family_member__user=user, recipient__family_member__is_active=True)


MEMBERS = RecipientSource(kind=Recipient.Kind.FAMILY, choices=_member_choices, resolve=_resolve_member)
