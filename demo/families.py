"""Demo data of the families app: the library and the house checklists always; family members, checklists in
various states, letters and consents for the Harbor practice's cases once they exist. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consents.models import Consent
from families.content import ARTICLES, TEMPLATES, TOPICS
from families.models import (
    Article,
    ChecklistTemplate,
    ChecklistTemplateItem,
    FamilyMember,
    ImpactLetter,
    LetterComment,
    LetterVersion,
    Role,
    Topic,
)
from families.services.checklists import checklist_assign
from families.services.consent import recipient_for_member
from interventions.disclosure import Category
from interventions.models import Case
from interventions.workflows import workflow_for

from .context import SeedContext, demo_user
from .plans import model_for
from .timeline import story_cases

LETTERS = {
    "carol": "Dear Sam,\n\nI remember the summer you taught me to swim off the dock at the lake. You were patient and "
    "you made me laugh when I was scared.\n\nLast Thanksgiving you fell asleep at the table and we could not wake "
    "you. I was so frightened.\n\nI love you. Will you accept the help that is ready for you today?\n\nCarol",
    "daniel": "Sam,\n\nYou have always been the one I call first. Lately I do not know who will answer.\n\nWhen you "
    "missed Lily's birthday, she asked me if you were angry with her. I did not know what to say.\n\nI am asking "
    "you, with all my heart, to go today.\n\nDan",
}


def run(ctx: SeedContext) -> None:
    library(ctx)
    house_templates(ctx)
    cases = list(Case.objects.filter(organization__name="Harbor Intervention Group").order_by("pk")[:2])
    if not cases:
        return
    carol = ctx.users.get("carol") or demo_user(ctx, "carol", "carol@family.example", "Carol Chen", "Family member")
    daniel = demo_user(ctx, "daniel", "daniel@family.example", "Daniel Chen", "Family member (second)")
    first = cases[0]
    carol_member = _member(ctx, first, "Carol Chen", "sister", Role.SPEAKER, carol, done=3)
    daniel_member = _member(ctx, first, "Daniel Chen", "brother", Role.SPEAKER, daniel, done=99)
    _member(ctx, first, "Mei Chen", "mother", Role.SUPPORT, None)
    if workflow_for(model_for(first) or "johnson").uses_letters:  # no impact letters in CRAFT
        _letter(ctx, carol_member, LETTERS["carol"], ImpactLetter.Status.SUBMITTED)
        _letter(ctx, daniel_member, LETTERS["daniel"], ImpactLetter.Status.APPROVED)
    _consents(ctx, first, carol_member, daniel_member)
    if len(cases) > 1:
        _member(ctx, cases[1], "Carol Chen", "cousin", Role.SUPPORT, carol)
    _families_of_later_cases(ctx, carol)


# Cases at planning or later have the family that plans the intervention with the interventionist (the plans
# step draws its participants from them); no login, except Carol on one case in treatment, whose consent lets
# her portal show the stage and the facility.
LATER_STAGES = ["planning", "scheduled", "held", "declined", "postponed", "in_treatment", "aftercare", "disengaged",
                "closed"]  # fmt: skip
PARENTS = ["Linda", "Robert", "Susan", "Michael", "Patricia", "David"]
SIBLINGS = ["Emily", "Josh", "Nora", "Sean", "Tara", "Ben"]


def _families_of_later_cases(ctx: SeedContext, carol) -> None:
    later = story_cases(
        Case.objects.filter(organization__name="Harbor Intervention Group", stage__in=LATER_STAGES)
    ).order_by("pk")
    for case in later.filter(family_members__isnull=True).select_related("lead", "organization"):
        parent = PARENTS[case.pk % len(PARENTS)]
        sibling = SIBLINGS[case.pk % len(SIBLINGS)]
        past = case.stage not in ("planning", "scheduled")  # the intervention is behind them: all prepared
        _member(ctx, case, f"{parent} {case.last_name}", "parent", Role.SPEAKER, None, done=99 if past else 2)
        _member(ctx, case, f"{sibling} {case.last_name}", "sibling", Role.SUPPORT, None, done=99 if past else 1)
    in_treatment = later.filter(stage="in_treatment").first()
    if in_treatment and not in_treatment.family_members.filter(user=carol).exists():
        # Carol supports her niece (no letter of her own); she was at the meeting and has read everything.
        aunt = _member(ctx, in_treatment, "Carol Chen", "aunt", Role.SUPPORT, carol, done=99)
        today = timezone.localdate()
        Consent.objects.get_or_create(
            case=in_treatment,
            recipient=recipient_for_member(aunt),
            signed_on=today - dt.timedelta(days=30),
            defaults={
                "patient_name": in_treatment.full_name,
                "discloser": str(in_treatment.organization),
                "purpose": "So my aunt knows where I am and how treatment is going.",
                "revocation_right_explained": True,
                "treatment_not_conditioned": True,
                "signed_name": in_treatment.full_name,
                "witness_name": str(in_treatment.lead),
                "created_by": in_treatment.lead,
                "expiry_date": today + dt.timedelta(days=180),
                "categories": [Category.STAGE_AND_STATUS, Category.FACILITY_AND_ADMISSION],
            },
        )
        ctx.created += 1


def library(ctx: SeedContext) -> None:
    topics = {}
    for order, (slug, name) in enumerate(TOPICS):
        topics[slug], created = Topic.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        ctx.created += int(created)
    for data in ARTICLES:
        article, created = Article.objects.get_or_create(
            slug=data["slug"], defaults={k: data[k] for k in ("title", "summary", "body")}
        )
        if created:
            article.topics.set(topics[slug] for slug in data["topics"])
            ctx.created += 1


def house_templates(ctx: SeedContext) -> None:
    articles = {article.slug: article for article in Article.objects.filter(organization__isnull=True)}
    for model, (name, description, items) in TEMPLATES.items():
        template, created = ChecklistTemplate.objects.get_or_create(
            organization=None, model=model, name=name, defaults={"description": description}
        )
        if not created:
            continue
        ctx.created += 1
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(
                template=template, order=order, kind=kind, title=title, help_text=help_text, article=articles.get(slug)
            )
            for order, (kind, title, help_text, slug) in enumerate(items)
        )


def _member(
    ctx: SeedContext, case: Case, name: str, relationship: str, role: str, user, *, done: int = 0
) -> FamilyMember:
    """A family member with the house checklist of the case's model (Johnson before there is a plan; through the
    service: a speaker only gets the letter and boundary items); the first `done` items ticked."""
    email = user.email if user else f"{name.split()[0].lower()}@family.example"
    member, created = FamilyMember.objects.get_or_create(
        case=case,
        name=name,
        defaults={"relationship": relationship, "role": role, "email": email, "user": user, "created_by": case.lead},
    )
    if created:
        ctx.created += 1
        template = ChecklistTemplate.objects.get(organization=None, model=model_for(case) or "johnson")
        checklist = checklist_assign(member=member, template=template, by=case.lead)
        if done:
            checklist.items.filter(order__lt=done).update(done_at=timezone.now(), done_by=user or case.lead)
    return member


def _letter(ctx: SeedContext, member: FamilyMember, body: str, status: str) -> None:
    letter, created = ImpactLetter.objects.get_or_create(member=member, defaults={"body": body, "status": status})
    if not created:
        return
    ctx.created += 1
    now = timezone.now()
    writer = member.user
    if writer is None:
        raise ValueError(f"{member.name} has no login to have written a letter")
    LetterVersion.objects.create(letter=letter, number=1, body=body, saved_by=writer, reason="submitted")
    if status == ImpactLetter.Status.APPROVED:
        letter.approved_at, letter.approved_by, letter.reading_order, letter.submitted_at = (
            now,
            member.case.lead,
            1,
            now,
        )
        letter.save()
        LetterComment.objects.create(
            letter=letter, author=member.case.lead, kind="approved", text="Beautiful. Approved."
        )
    else:
        letter.submitted_at = now
        letter.save()


def _consents(ctx: SeedContext, case: Case, carol: FamilyMember, daniel: FamilyMember) -> None:
    today = timezone.localdate()
    common = {
        "patient_name": case.full_name,
        "discloser": str(case.organization),
        "purpose": "To support my recovery and my family's participation.",
        "revocation_right_explained": True,
        "treatment_not_conditioned": True,
        "signed_name": case.full_name,
        "witness_name": str(case.lead),
        "created_by": case.lead,
    }
    rows = [
        (
            carol,
            today - dt.timedelta(days=10),
            {
                "expiry_date": today + dt.timedelta(days=180),
                "categories": [Category.STAGE_AND_STATUS, Category.FACILITY_AND_ADMISSION],
            },
        ),
        (
            daniel,
            today - dt.timedelta(days=200),
            {"expiry_date": today - dt.timedelta(days=20), "categories": [Category.STAGE_AND_STATUS]},
        ),
        (
            daniel,
            today - dt.timedelta(days=15),
            {
                "expiry_kind": "event",
                "expiry_event_kind": "days_after_discharge",
                "expiry_event_days": 90,
                "categories": [Category.STAGE_AND_STATUS],
                "revoked_at": timezone.now() - dt.timedelta(days=2),
                "revoked_by": case.lead,
                "revocation_requested_by": case.full_name,
            },
        ),
    ]
    for recipient, signed_on, extra in rows:
        _, created = Consent.objects.get_or_create(
            case=case, recipient=recipient_for_member(recipient), signed_on=signed_on, defaults={**common, **extra}
        )
        ctx.created += int(created)
