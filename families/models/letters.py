"""Impact letters: each speaker's letter, its saved versions, and the interventionist's review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .members import FamilyMember


class ImpactLetter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    member = models.OneToOneField(FamilyMember, on_delete=models.CASCADE, related_name="letter")
    body = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reading_order = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Letter of {self.member.name}"

    def get_absolute_url(self) -> str:
        return reverse("families:letter-review", kwargs={"case": self.member.case_id, "letter": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.member.case.organization_id, "case": self.member.case_id}


class LetterVersion(models.Model):
    letter = models.ForeignKey(ImpactLetter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40, blank=True)  # "autosave", "saved", "submitted"

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="letter_version_number_unique")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.letter.member.case.organization_id, "case": self.letter.member.case_id}


class LetterComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    letter = models.ForeignKey(ImpactLetter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.letter.member.case.organization_id, "case": self.letter.member.case_id}
