"""Consent to disclose (42 CFR 2.31), and the record of each disclosure made under one (42 CFR 2.25).

A consent is active from the day it is signed until the earlier of its expiry and its revocation. Once signed
it is never edited: revoked or expired, it stays in the record, read-only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from interventions.disclosure import Category
from interventions.models import Case

from .members import FamilyMember

CATEGORY_LABELS = dict(Category.choices)


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, at: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> QuerySet[Consent]:
        """Signed, not revoked, and not past its expiry date (or its expiry event's date) at `at`. Dates are days
        in `zone` (pass the practice's: a consent ends at its midnight, wherever the reader is); default: active."""
        at = at or timezone.now()
        day = timezone.localdate(at, zone)
        not_expired = (
            Q(expiry_date__isnull=True, expiry_event_date__isnull=True)
            | Q(expiry_date__gte=day)
            | Q(expiry_date__isnull=True, expiry_event_date__gte=day)
        )
        revoked = Q(revoked_at__isnull=False, revoked_at__lte=at)
        return self.filter(not_expired, signed_on__lte=day).exclude(revoked)


class Consent(models.Model):
    class Method(models.TextChoices):
        IN_PERSON = "in_person", "Signed in person (typed name, witnessed)"
        UPLOADED = "uploaded", "Signed paper form, uploaded"

    class ExpiryKind(models.TextChoices):
        DATE = "date", "On a date"
        EVENT = "event", "On an event"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    # 1. the patient, 2. who may disclose, 4. the recipient (one family member)
    patient_name = models.CharField(max_length=200)
    discloser = models.CharField("who may disclose", max_length=200)
    recipient = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="consents")
    # 3. what information, 5. the purpose
    categories = models.JSONField(default=list, help_text="Disclosure categories (interventions.disclosure).")
    purpose = models.TextField()
    # 7. expiry: a date, or an event and the date it resolved to
    expiry_kind = models.CharField(max_length=5, choices=ExpiryKind.choices, default=ExpiryKind.DATE)
    expiry_date = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=200, blank=True, help_text="e.g. 90 days after discharge")
    expiry_event_date = models.DateField("date the expiry event resolved to", null=True, blank=True)
    # 6. the right to revoke, and that treatment is not conditioned on signing, were stated to the patient
    revocation_right_explained = models.BooleanField(default=False)
    treatment_not_conditioned = models.BooleanField(default=False)
    # 8, 9. signature and date
    signed_name = models.CharField("signature (typed name)", max_length=200)
    signed_by_guardian = models.BooleanField(default=False)
    signed_on = models.DateField()
    signature_method = models.CharField(max_length=10, choices=Method.choices, default=Method.IN_PERSON)
    signed_form = models.FileField(upload_to="consents/%Y/", blank=True)  # default storage: private, no URL
    witness_name = models.CharField(max_length=200, blank=True)
    recorded_from_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Revocation
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="revocation recorded by",
    )
    revocation_requested_by = models.CharField(max_length=200, blank=True, help_text="Who asked to revoke it.")
    revocation_note = models.TextField(blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"Consent of {self.patient_name} to disclose to {self.recipient.name}, signed {self.signed_on}"

    def get_absolute_url(self) -> str:
        return reverse("families:consent-detail", kwargs={"case": self.case_id, "consent": self.pk})

    def get_portal_url(self) -> str:
        return reverse("families:portal-consent", kwargs={"member": self.recipient_id, "consent": self.pk})

    @property
    def ends_on(self) -> dt.date | None:
        return self.expiry_date or self.expiry_event_date

    @property
    def expiry_display(self) -> str:
        if self.expiry_kind == self.ExpiryKind.DATE:
            return f"{self.expiry_date:%B %-d, %Y}" if self.expiry_date else "No date"
        resolved = f" (resolved to {self.expiry_event_date:%B %-d, %Y})" if self.expiry_event_date else ""
        return f"{self.expiry_event}{resolved}"

    def is_active_at(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        day = timezone.localdate(at)
        if self.revoked_at and self.revoked_at <= at:
            return False
        return self.signed_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def is_active(self) -> bool:
        return self.is_active_at()

    @property
    def status_label(self) -> str:
        if self.revoked_at:
            return "Revoked"
        if self.is_active:
            return "Active"
        return "Not yet in effect" if self.signed_on > timezone.localdate() else "Expired"

    @property
    def category_labels(self) -> list[str]:
        return [CATEGORY_LABELS[c] for c in self.categories if c in CATEGORY_LABELS]

    def covers(self, category: str) -> bool:
        return category in self.categories

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class Disclosure(models.Model):
    """One showing or sending of consented information to its recipient: the accounting is read from these."""

    class How(models.TextChoices):
        PORTAL = "portal", "Family portal page"
        PDF = "pdf", "PDF download"
        EMAIL = "email", "Email"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="disclosures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(default=list)
    how = models.CharField(max_length=10, choices=How.choices, default=How.PORTAL)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient.name} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def description(self) -> str:
        labels = ", ".join(CATEGORY_LABELS[c] for c in self.categories if c in CATEGORY_LABELS)
        return f"{labels} ({self.get_how_display().lower()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}
