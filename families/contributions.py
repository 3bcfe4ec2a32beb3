"""What families contributes to the interventions app, through the seams interventions offers
(it never imports families): the plan's participant candidates, and the PDF summary's family recipients.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from interventions.extensions import Candidate
from interventions.models import Case

from .models import FamilyMember


def participant_candidates(case: Case) -> list[Candidate]:
    """The case's active family members and friends, as candidates for the intervention plan."""
    return [
        Candidate(
            key=f"family:{member.pk}",
            name=member.name,
            relationship=member.relationship,
            email=member.email,
            user_id=member.user_id,
            suggested_role=member.role,
        )
        for member in FamilyMember.objects.filter(case=case, is_active=True).order_by("name")
    ]


def summary_recipients(case: Case) -> QuerySet[User]:
    """The family members of the case who have an account: a family version is built for one of them."""
    user_ids = FamilyMember.objects.filter(case=case, is_active=True, user__isnull=False).values("user_id")
    return User.objects.filter(pk__in=user_ids).order_by("display_name")
