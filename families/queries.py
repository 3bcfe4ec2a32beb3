"""Reads the families views share: scoped to the user, prefetching what each page shows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Organization, User
from accounts.zones import activate_for_case_page
from consents.models import Consent
from consents.policy import active_consents_for
from consents.policy import covered_categories as covered_categories
from interventions.extensions import AttentionItem, TimelineEntry
from interventions.models import Case, InterventionPlan
from interventions.queries import get_case_for
from interventions.workflows import workflow_for

from .models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplateItem,
    FamilyMember,
    ImpactLetter,
    Invitation,
    item_kinds_for,
    role_items,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Progress(TypedDict):
    items_total: int
    items_done: int


def members_with_progress(case: Case) -> QuerySet[WithAnnotations[FamilyMember, Progress]]:
    """The case's members with checklist counts, letter and user, in one query."""
    # The plugin does not match an annotated custom QuerySet to WithAnnotations (django-stubs #1190).
    return (
        FamilyMember.objects.filter(case=case)  # type: ignore[return-value]
        .select_related("user", "letter", "checklist")
        .annotate(
            items_total=Count("checklist__items", filter=role_items(), distinct=True),
            items_done=Count(
                "checklist__items", filter=role_items() & Q(checklist__items__done_at__isnull=False), distinct=True
            ),
        )
        .order_by("-is_active", "name", "pk")
    )


def family_panel_for(case: Case) -> dict[str, Any]:
    """What the case page's family panel shows: members with progress, and whether the case's model uses letters
    (the letter column: none for CRAFT)."""
    members = list(members_with_progress(case))
    participants = [m for m in members if m.is_participant]
    return {
        "uses_letters": workflow_for(case.current_plan).uses_letters,
        "members": members,
        "participants_ready": sum(1 for m in participants if m.items_total and m.items_done == m.items_total),
        "participants_count": len(participants),
    }


def get_member_for(user: User, case_pk: int, member_pk: int, *, perm: str) -> tuple[Case, FamilyMember]:
    """Staff: the case (404 outside scope, 403 without `perm`) and one of its members (404 if not of this case)."""
    case = get_case_for(user, case_pk, perm=perm)
    member = get_object_or_404(case.family_members.select_related("user", "case"), pk=member_pk)
    return case, member


def get_portal_member(user: User, member_pk: int) -> FamilyMember:
    """Portal: one of the signed-in user's own member records, else 404. The page's times are then in the zone of
    that case's practice (unless the user chose their own)."""
    member = get_object_or_404(portal_members(user), pk=member_pk)
    activate_for_case_page(user, member.case.organization)
    return member


def portal_members(user: User) -> QuerySet[FamilyMember]:
    """The user's member records with their case, practice, lead and letter, and the model of each case's current
    plan (`current_plan_model`, None without a plan: FamilyMember.plan_model), in one query."""
    current_plan = InterventionPlan.objects.filter(case=OuterRef("case"), is_current=True)
    return (
        FamilyMember.objects.of_user(user)
        .select_related("case__organization", "case__lead", "letter")
        .annotate(current_plan_model=Subquery(current_plan.values("model")[:1]))
    )


# The member records `practice_of_family_user` read for the time-zone middleware, left on the request's user for the
# portal page of the same request (read once, then dropped: nothing outlives the request).
_READ_FOR_ZONE = "_portal_members_read_for_zone"


def get_portal_member_and_others(user: User, member_pk: int) -> tuple[FamilyMember, list[FamilyMember]]:
    """Portal: one of the user's own member records (else 404) and their other records, in one query (none when
    the time-zone middleware read them in this request), each with its case, practice, lead and letter. The page's
    times are then in the zone of that case's practice."""
    members = getattr(user, _READ_FOR_ZONE, None)
    if members is None:
        members = list(portal_members(user))
    else:
        delattr(user, _READ_FOR_ZONE)
    member = next((each for each in members if each.pk == member_pk), None)
    if member is None:
        raise Http404
    activate_for_case_page(user, member.case.organization)
    return member, [each for each in members if each.pk != member_pk]


def practice_of_family_user(user: User) -> Organization | None:
    """The practice of the case the family member belongs to (their earliest active membership): its time zone is
    theirs (accounts.zones)."""
    members = list(portal_members(user))
    setattr(user, _READ_FOR_ZONE, members)
    member = min(members, key=lambda each: (each.created_at, each.pk), default=None)
    return member.case.organization if member else None


def checklist_items(member: FamilyMember) -> list[ChecklistItem]:
    """The member's items of their role now (`item_kinds_for`: their role may have changed since the checklist was
    assigned)."""
    items = ChecklistItem.objects.filter(checklist__member=member, kind__in=item_kinds_for(member.role))
    return list(items.select_related("article"))


def items_left_out(member: FamilyMember) -> list[ChecklistTemplateItem]:
    """The items of the member's checklist's template they do not get in their role (shown to staff beside the
    checklist). One query."""
    templates = Checklist.objects.filter(member=member).values("template")
    return list(
        ChecklistTemplateItem.objects.filter(template__in=templates).exclude(kind__in=item_kinds_for(member.role))
    )


def member_invitations(member: FamilyMember) -> QuerySet[Invitation]:
    return member.invitations.select_related("sent_by", "accepted_by", "revoked_by")


def approved_letters(case: Case) -> QuerySet[ImpactLetter]:
    """Approved letters of the case in reading order."""
    return (
        ImpactLetter.objects.filter(member__case=case, status=ImpactLetter.Status.APPROVED)
        .select_related("member")
        .order_by("reading_order", "pk")
    )


def letter_with_history(letter: ImpactLetter) -> dict[str, Any]:
    return {
        "versions": list(letter.versions.select_related("saved_by")),
        "comments": list(letter.comments.select_related("author")),
    }


def letters_awaiting_review(cases: QuerySet[Case]) -> list[AttentionItem]:
    """For the caseload dashboard: submitted letters waiting for the interventionist, in one query."""
    letters = (
        ImpactLetter.objects.filter(member__case__in=cases, status=ImpactLetter.Status.SUBMITTED)
        .select_related("member__case")
        .order_by("submitted_at")[:20]
    )
    return [
        AttentionItem(
            letter.member.case,
            "letter",
            f"Letter of {letter.member.name} awaits your review",
            letter.get_absolute_url(),
        )
        for letter in letters
    ]


def family_timeline(case: Case) -> list[TimelineEntry]:
    """The case timeline's family entries: letters approved (one query)."""
    entries = []
    letters = ImpactLetter.objects.filter(member__case=case, approved_at__isnull=False).select_related(
        "member", "approved_by"
    )
    for letter in letters:
        if letter.approved_at is None:  # excluded by the filter
            continue
        entries.append(
            TimelineEntry(
                letter.approved_at,
                "letter",
                f"Letter of {letter.member.name} approved",
                "",
                letter.approved_by,
                letter.get_absolute_url(),
            )
        )
    return entries


def active_consents(user: User, case: Case, at: dt.datetime | None = None) -> list[Consent]:
    """The consents active at `at` (on the practice's calendar) that name one of the user's active member records
    on the case as recipient (one query)."""
    return active_consents_for(user, case, at)
