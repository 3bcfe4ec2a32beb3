"""The education library: short articles for families, written in Markdown and rendered safely.

House articles (no organization) are shared by every practice and edited by directory admins only. A practice
edits its own copies (`copied_from` the house article they replace), which only its own staff and families see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization, User

from .members import FamilyMember


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_practices_of(self, user: User) -> QuerySet[Article]:
        """The house articles and every article of the user's practices (a replaced house article too)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(organization__isnull=True) | Q(organization_id__in=practices_of(user)))

    def visible_to(self, user: User) -> QuerySet[Article]:
        """The house articles and those of the user's practices (staff: where they work; a family member: the
        practices of their cases), a practice's copy standing in for the house article it was copied from."""
        if not user.is_authenticated:
            return self.none()
        organizations = practices_of(user)
        own = self.filter(organization_id__in=organizations)
        replaced = own.filter(copied_from__isnull=False).values("copied_from_id")
        return self.filter(Q(organization__isnull=True) | Q(organization_id__in=organizations)).exclude(pk__in=replaced)


def practices_of(user: User) -> list[int]:
    """The practices whose library the user reads: those they work at and those of the cases they are family on."""
    staff = [membership.organization_id for membership in user.active_memberships()]
    family = FamilyMember.objects.of_user(user).values_list("case__organization_id", flat=True)
    return sorted(set(staff) | set(family))


class Article(models.Model):
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="articles",
        help_text="Empty: a house article, shared by every practice and read-only to them.",
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The house article this practice copy replaces for the practice's families.",
    )
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown. Headings start at ##. HTML is not allowed and is removed.")
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "copied_from"], name="one_copy_per_practice"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("families:article-detail", kwargs={"article": self.slug})

    @property
    def is_house_article(self) -> bool:
        return self.organization_id is None

    def get_additional_data(self) -> dict[str, int | None]:
        return {"organization": self.organization_id}
