"""Checklist templates (practices' own copies) and each member's checklist: assign, tick, untick."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import Organization, User

from ..models import (
    Article,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    FamilyMember,
    ItemKind,
    item_kinds_for,
)

ITEM_FIELDS = ("order", "kind", "title", "help_text", "article_id")


@transaction.atomic
def template_copy(*, template: ChecklistTemplate, organization: Organization, by: User) -> ChecklistTemplate:
    """Copy a template (usually a house default) into the practice, where it can be edited."""
    copy = ChecklistTemplate.objects.create(
        organization=organization,
        model=template.model,
        name=f"{template.name} ({organization})",
        description=template.description,
        copied_from=template,
    )
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(template=copy, **{f: getattr(item, f) for f in ITEM_FIELDS})
        for item in template.items.all()
    )
    return copy


@transaction.atomic
def template_update(
    *, template: ChecklistTemplate, by: User, items: Iterable[dict[str, Any]], **fields: Any
) -> ChecklistTemplate:
    """Save a practice's template and replace its items (members' existing checklists are copies: unchanged)."""
    if template.is_house_default:
        raise DomainError("House default templates are read-only; copy one into your practice first.")
    for name, value in fields.items():
        setattr(template, name, value)
    template.save()
    template.items.all().delete()
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(template=template, order=index, **item) for index, item in enumerate(items)
    )
    return template


@transaction.atomic
def checklist_assign(*, member: FamilyMember, template: ChecklistTemplate, by: User) -> Checklist:
    """Give the member their own copy of the template, replacing an earlier checklist, with the items of their
    role (`item_kinds_for`: a speaker every item, a support member no letter or boundary item, an observer the
    reading only)."""
    Checklist.objects.filter(member=member).delete()
    checklist = Checklist.objects.create(member=member, template=template, name=template.name, assigned_by=by)
    items = template.items.filter(kind__in=item_kinds_for(member.role))
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, **{f: getattr(item, f) for f in ITEM_FIELDS}) for item in items
    )
    return checklist


@transaction.atomic
def checklist_item_set_done(*, item: ChecklistItem, done: bool, by: User) -> ChecklistItem:
    """Tick or untick one item, by the family member or the interventionist."""
    item.done_at, item.done_by = (timezone.now(), by) if done else (None, None)
    item.save(update_fields=["done_at", "done_by"])
    return item


def _tick(items: QuerySet[ChecklistItem], by: User) -> list[ChecklistItem]:
    """Tick the items not done yet (one save each, so each tick is in the audit log)."""
    ticked = list(items.filter(done_at=None).select_for_update())
    for item in ticked:
        checklist_item_set_done(item=item, done=True, by=by)
    return ticked


@transaction.atomic
def checklist_items_tick_read(*, article: Article, by: User) -> list[ChecklistItem]:
    """The family member read `article`: tick the reading items that point to it (or to the house article it
    replaces for their practice) on their own checklists. Returns the items ticked."""
    articles = [article.pk] + ([article.copied_from_id] if article.copied_from_id else [])
    items = ChecklistItem.objects.filter(
        checklist__member__in=FamilyMember.objects.of_user(by), kind=ItemKind.READ, article_id__in=articles
    )
    return _tick(items, by)


@transaction.atomic
def checklist_items_tick_letter(*, member: FamilyMember, by: User) -> list[ChecklistItem]:
    """The member's letter went in for review: tick their letter items."""
    return _tick(ChecklistItem.objects.filter(checklist__member=member, kind=ItemKind.LETTER), by)
