"""A case summary: one PDF of a case for a period, clinical or for one family member, built in the background."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import dateformat, timezone

from .case import Case

# A build still "building" after this long was cut off (hard time limit, worker lost): it may be claimed again.
BUILD_STUCK_AFTER = dt.timedelta(seconds=120)
# The outbox sweep rebuilds a cut-off build by itself this many times in all, then records it failed.
BUILD_MAX_ATTEMPTS = 3


def summary_upload_to(summary: CaseSummary, filename: str) -> str:
    # A random name: the storage is private, and the name reveals nothing about the person.
    return f"summaries/{summary.case.organization_id}/{summary.case_id}/{uuid.uuid4().hex}.pdf"


class CaseSummary(models.Model):
    class Version(models.TextChoices):
        CLINICAL = "clinical", "Clinical (interventionist and treatment team)"
        FAMILY = "family", "Family (one family member, only what consent covers)"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="summaries")
    version = models.CharField(max_length=10, choices=Version.choices, default=Version.CLINICAL)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The family member the family version is made for (its sections follow their consent).",
    )
    period_start = models.DateField("from", null=True, blank=True)
    period_end = models.DateField("to", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the build was last handed to the broker (empty: not yet)."
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=summary_upload_to, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    sections = models.JSONField(default=list, blank=True, help_text="Keys of the sections the PDF contains.")
    categories = models.JSONField(
        default=list, blank=True, help_text="Disclosure categories the PDF contains (the family version)."
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name_plural = "case summaries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version="clinical", recipient__isnull=True)
                | models.Q(version="family", recipient__isnull=False),
                name="summary_family_version_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_version_label()} summary of {self.case.reference} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("interventions:summary-detail", kwargs={"case": self.case_id, "summary": self.pk})

    def get_version_label(self) -> str:
        return "Family" if self.version == self.Version.FAMILY else "Clinical"

    @property
    def is_family(self) -> bool:
        return self.version == self.Version.FAMILY

    @property
    def is_stuck(self) -> bool:
        """Building for longer than any build may take: the worker was cut off."""
        return bool(
            self.status == self.Status.BUILDING
            and self.started_at
            and self.started_at < timezone.now() - BUILD_STUCK_AFTER
        )

    @property
    def is_queued(self) -> bool:
        """Recorded but not handed to the broker yet (it was unreachable): the sweep hands it over."""
        return self.status == self.Status.PENDING and self.queued_at is None

    @property
    def in_progress(self) -> bool:
        """Waiting, building, or cut off and about to be rebuilt by the sweep."""
        return self.status in (self.Status.PENDING, self.Status.BUILDING)

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stuck

    @property
    def period_label(self) -> str:
        start = dateformat.format(self.period_start, "M j, Y") if self.period_start else ""
        end = dateformat.format(self.period_end, "M j, Y") if self.period_end else ""
        if start and end:
            return f"{start} to {end}"
        if start or end:
            return f"From {start}" if start else f"Up to {end}"
        return "The whole case"

    def download_name(self) -> str:
        # The date the PDF itself shows: in the practice's zone, whoever downloads it.
        day = timezone.localdate(self.built_at or self.requested_at, self.case.organization.zone)
        return f"{self.case.reference}-{self.version}-summary-{day:%Y-%m-%d}.pdf"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}
