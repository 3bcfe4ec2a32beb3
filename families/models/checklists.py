"""Preparation checklists: templates per intervention model (house defaults and practices' own copies),
and each family member's own copy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse

from accounts.models import Organization, User

from .library import Article
from .members import FamilyMember, Role


class InterventionModel(models.TextChoices):
    JOHNSON = "johnson", "Johnson"
    INVITATIONAL = "invitational", "Invitational"
    ARISE = "arise", "ARISE"
    CRAFT = "craft", "CRAFT"


class ItemKind(models.TextChoices):
    READ = "read", "Read material"
    LETTER = "letter", "Write letter"
    BOUNDARY = "boundary", "Agree a boundary"
    REHEARSAL = "rehearsal", "Attend rehearsal"
    LOGISTICS = "logistics", "Logistics task"
    CUSTOM = "custom", "Custom"


# Items only a speaker has: support members and observers neither write a letter nor set a boundary.
SPEAKER_ONLY_KINDS = frozenset({ItemKind.LETTER, ItemKind.BOUNDARY})


def item_kinds_for(role: str) -> frozenset[str]:
    """The checklist items a member in `role` gets: a speaker every item, a support member all but the letter and
    boundary items, an observer (kept informed, takes no part) the reading only."""
    if role == Role.SPEAKER:
        return frozenset(ItemKind.values)
    if role == Role.SUPPORT:
        return frozenset(ItemKind.values) - SPEAKER_ONLY_KINDS
    return frozenset({ItemKind.READ})


def role_items(prefix: str = "checklist__items__") -> Q:
    """Members' checklist items of their role now (`item_kinds_for`), as a filter on FamilyMember for counts: a
    member whose role changed after the checklist was assigned is not held to items they no longer see."""
    return (
        Q(role=Role.SPEAKER)
        | Q(role=Role.SUPPORT, **{f"{prefix}kind__in": item_kinds_for(Role.SUPPORT)})
        | Q(role=Role.OBSERVER, **{f"{prefix}kind__in": item_kinds_for(Role.OBSERVER)})
    )


class ChecklistTemplateQuerySet(models.QuerySet["ChecklistTemplate"]):
    def visible_to(self, user: User) -> QuerySet[ChecklistTemplate]:
        """Practice staff: the house defaults and their practices' own templates. Anybody else: none."""
        if not user.is_authenticated or not user.is_practice_staff:
            return self.none()
        organizations = [m.organization_id for m in user.active_memberships()]
        return self.filter(Q(organization__isnull=True) | Q(organization_id__in=organizations))


class ChecklistTemplate(models.Model):
    """A template: `organization` empty means a house default (read-only; practices copy it to edit)."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="checklist_templates"
    )
    model = models.CharField("intervention model", max_length=15, choices=InterventionModel.choices)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["model", "organization_id", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("families:template-detail", kwargs={"template": self.pk})

    @property
    def is_house_default(self) -> bool:
        return self.organization_id is None

    def get_additional_data(self) -> dict[str, int | None]:
        return {"organization": self.organization_id}


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.CUSTOM)
    title = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, int | None]:
        return {"organization": self.template.organization_id}


class Checklist(models.Model):
    """A family member's own copy of a template; editing the template later does not change it."""

    member = models.OneToOneField(FamilyMember, on_delete=models.CASCADE, related_name="checklist")
    template = models.ForeignKey(ChecklistTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=150)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.name} for {self.member.name}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.member.case.organization_id, "case": self.member.case_id}


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.CUSTOM)
    title = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.checklist.member.case.organization_id, "case": self.checklist.member.case_id}
