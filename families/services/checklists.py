"""Checklist templates (practices' own copies) and each member's checklist: assign, tick, untick."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import DomainError
from accounts.models import Organization, User

from ..models import Checklist, ChecklistItem, ChecklistTemplate, ChecklistTemplateItem, FamilyMember

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
    """Give the member their own copy of the template, replacing an earlier checklist."""
    Checklist.objects.filter(member=member).delete()
    checklist = Checklist.objects.create(member=member, template=template, name=template.name, assigned_by=by)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, **{f: getattr(item, f) for f in ITEM_FIELDS})
        for item in template.items.all()
    )
    return checklist


@transaction.atomic
def checklist_item_set_done(*, item: ChecklistItem, done: bool, by: User) -> ChecklistItem:
    """Tick or untick one item, by the family member or the interventionist."""
    item.done_at, item.done_by = (timezone.now(), by) if done else (None, None)
    item.save(update_fields=["done_at", "done_by"])
    return item
