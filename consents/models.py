"""Consents to disclose (42 CFR 2.31), their recipients, and the record of each disclosure (42 CFR 2.25).

A recipient is whoever a consent names: a family member of the case (families links its member to the row), a
treatment facility from the directory, or another person or organisation (a therapist, a physician, an employee
assistance program, a court or probation officer, a payer), with the contact details known when it was named.

A consent is active from signing until the earlier of its expiry and its revocation. One sent for e-signature is
"awaiting signature" and discloses nothing until the person signs it. Once signed it is never edited: revoked or
expired, it stays in the record, read-only. An expiry event (discharge, N days after discharge, the case's closing)
resolves to a date when it happens (receivers.py), with no staff action.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.links import SingleUseLink
from facilities.models import Facility
from interventions.disclosure import Category, How
from interventions.models import Case, Referral

CATEGORY_LABELS = dict(Category.choices)
SIGNING_LINK_VALID_FOR = dt.timedelta(days=7)
# The accounting covers the past 3 years (42 CFR 2.25); the person may ask for less.
ACCOUNTING_YEARS = 3


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_consent_upload_to(instance: Consent, filename: str) -> str:
    return f"consents/signed/{instance.case.organization_id}/{uuid.uuid4().hex}.pdf"


def packet_upload_to(instance: ReferralPacket, filename: str) -> str:
    return f"packets/{instance.referral.case.organization_id}/{uuid.uuid4().hex}.pdf"


class Recipient(models.Model):
    """Who a consent names. Staff of the case's practice are never recipients."""

    class Kind(models.TextChoices):
        FAMILY = "family", "Family member"
        FACILITY = "facility", "Treatment facility"
        OTHER = "other", "Another person or organization"

    class Role(models.TextChoices):
        THERAPIST = "therapist", "Therapist or counselor"
        PHYSICIAN = "physician", "Physician"
        EAP = "eap", "Employee assistance program"
        COURT = "court", "Court"
        PROBATION = "probation", "Probation or parole officer"
        PAYER = "payer", "Payer (insurance)"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consent_recipients")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField("name (a person's or an entity's)", max_length=200)
    organization = models.CharField(max_length=200, blank=True, help_text="For a person: where they work.")
    role = models.CharField(max_length=10, choices=Role.choices, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "facility"], condition=Q(facility__isnull=False), name="one_recipient_per_facility"
            ),
            models.CheckConstraint(
                condition=Q(kind="facility", facility__isnull=False) | (~Q(kind="facility") & Q(facility__isnull=True)),
                name="facility_recipient_names_a_facility",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.OTHER and self.organization:
            return f"{self.name}, {self.organization}"
        return self.name

    @property
    def contact(self) -> str:
        """The address or contact known for the recipient (the accounting shows it)."""
        parts = [self.address.replace("\n", ", "), self.email, self.phone]
        return "; ".join(part for part in parts if part)

    @property
    def description(self) -> str:
        role = self.get_role_display() if self.role else self.get_kind_display()
        return f"{self} ({role.lower()})" if self.kind != self.Kind.FAMILY else f"{self} (family member)"

    @property
    def allowed_categories(self) -> list[str]:
        return list(Category.FAMILY) if self.kind == self.Kind.FAMILY else list(Category.values)

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


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
        return self.filter(not_expired, signed_on__isnull=False, signed_on__lte=day).exclude(revoked)


class Consent(models.Model):
    class Method(models.TextChoices):
        IN_PERSON = "in_person", "Signed in person (typed name, witnessed)"
        UPLOADED = "uploaded", "Signed paper form, uploaded"
        E_SIGN = "e_sign", "Signed electronically through a link sent to the person"

    class ExpiryKind(models.TextChoices):
        DATE = "date", "On a date"
        EVENT = "event", "On an event"

    class ExpiryEvent(models.TextChoices):
        DISCHARGE = "discharge", "On discharge from treatment"
        DAYS_AFTER_DISCHARGE = "days_after_discharge", "A number of days after discharge"
        CASE_CLOSED = "case_closed", "When the case closes"
        OTHER = "other", "Another event (its date is recorded by hand)"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    # 1. the patient, 2. who may disclose, 4. the recipient
    patient_name = models.CharField(max_length=200)
    discloser = models.CharField("who may disclose", max_length=200)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="consents")
    # 3. what information, 5. the purpose
    categories = models.JSONField(default=list, help_text="Disclosure categories (interventions.disclosure).")
    purpose = models.TextField()
    # 7. expiry: a date, or an event and the date it resolved to
    expiry_kind = models.CharField(max_length=5, choices=ExpiryKind.choices, default=ExpiryKind.DATE)
    expiry_date = models.DateField(null=True, blank=True)
    expiry_event_kind = models.CharField("expiry event", max_length=20, choices=ExpiryEvent.choices, blank=True)
    expiry_event_days = models.PositiveSmallIntegerField("days after discharge", null=True, blank=True)
    expiry_event = models.CharField(
        "the event, in words", max_length=200, blank=True, help_text="For another event: e.g. the end of probation"
    )
    expiry_event_date = models.DateField("date the expiry event resolved to", null=True, blank=True)
    expiry_event_resolved_at = models.DateTimeField(null=True, blank=True)
    # 6. the right to revoke, and that treatment is not conditioned on signing, were stated to the patient
    revocation_right_explained = models.BooleanField(default=False)
    treatment_not_conditioned = models.BooleanField(default=False)
    # 8, 9. signature and date (empty while awaiting an e-signature)
    signed_name = models.CharField("signature (typed name)", max_length=200, blank=True)
    signed_by_guardian = models.BooleanField(default=False)
    signed_on = models.DateField(null=True, blank=True)
    signature_method = models.CharField(max_length=10, choices=Method.choices, default=Method.IN_PERSON)
    signed_form = models.FileField(upload_to="consents/%Y/", blank=True)  # default storage: private, no URL
    witness_name = models.CharField(max_length=200, blank=True)
    recorded_from_ip = models.GenericIPAddressField(null=True, blank=True)
    # An e-signature: the exact text the person read, its hash, when, from where, with what, and the signed PDF.
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_ip = models.GenericIPAddressField(null=True, blank=True)
    signed_user_agent = models.CharField(max_length=500, blank=True)
    signed_text = models.TextField(blank=True)
    signed_text_sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(upload_to=signed_consent_upload_to, blank=True)
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
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "recipient"])]

    def __str__(self) -> str:
        return f"Consent of {self.patient_name} to disclose to {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("consents:detail", kwargs={"case": self.case_id, "consent": self.pk})

    @property
    def awaiting_signature(self) -> bool:
        return self.signed_on is None and not self.revoked_at

    @property
    def ends_on(self) -> dt.date | None:
        return self.expiry_date or self.expiry_event_date

    @property
    def expiry_event_text(self) -> str:
        if self.expiry_event_kind == self.ExpiryEvent.DAYS_AFTER_DISCHARGE:
            days = self.expiry_event_days or 0
            return f"{days} day{'s' if days != 1 else ''} after discharge from treatment"
        if self.expiry_event_kind in (self.ExpiryEvent.DISCHARGE, self.ExpiryEvent.CASE_CLOSED):
            return self.get_expiry_event_kind_display()
        return self.expiry_event

    @property
    def expiry_display(self) -> str:
        if self.expiry_kind == self.ExpiryKind.DATE:
            return f"{self.expiry_date:%B %-d, %Y}" if self.expiry_date else "No date"
        resolved = f" (resolved to {self.expiry_event_date:%B %-d, %Y})" if self.expiry_event_date else ""
        return f"{self.expiry_event_text}{resolved}"

    def _today(self, at: dt.datetime) -> dt.date:
        return timezone.localdate(at, self.case.organization.zone)

    def is_active_at(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.signed_on is None or (self.revoked_at and self.revoked_at <= at):
            return False
        day = self._today(at)
        return self.signed_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def is_active(self) -> bool:
        return self.is_active_at()

    @property
    def status(self) -> str:
        """One of: revoked, awaiting_signature, not_yet, expired, expires (active with a known end), active."""
        now = timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.signed_on is None:
            return "awaiting_signature"
        day = self._today(now)
        if self.signed_on > day:
            return "not_yet"
        if self.ends_on is not None:
            return "expired" if day > self.ends_on else "expires"
        return "active"

    @property
    def status_label(self) -> str:
        """What a consent page shows: never a bare "Active" on something that has lapsed."""
        status = self.status
        if status == "revoked":
            return f"Revoked {timezone.localdate(self.revoked_at):%B %-d, %Y}" if self.revoked_at else "Revoked"
        if status == "expires":
            return f"Expires on {self.ends_on:%B %-d, %Y}"
        if status == "expired":
            return f"Expired on {self.ends_on:%B %-d, %Y}"
        if status == "active" and self.expiry_kind == self.ExpiryKind.EVENT:
            return f"Active until: {self.expiry_event_text.lower()}"
        return {
            "awaiting_signature": "Awaiting signature",
            "not_yet": "Not yet in effect",
            "active": "Active",
        }[status]

    @property
    def status_badge(self) -> str:
        return {
            "revoked": "secondary",
            "awaiting_signature": "warning",
            "not_yet": "info",
            "expired": "secondary",
            "expires": "success",
            "active": "success",
        }[self.status]

    @property
    def category_labels(self) -> list[str]:
        return [CATEGORY_LABELS[c] for c in self.categories if c in CATEGORY_LABELS]

    @property
    def category_short_labels(self) -> list[str]:
        return [Category.short[c] for c in self.categories if c in Category.short]

    def covers(self, category: str) -> bool:
        return category in self.categories

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class SigningRequest(SingleUseLink, models.Model):
    """A single-use link for the person to sign a consent themself, on their own device, without an account.
    Only the token's hash is stored; the link is in the email alone."""

    USED_LABEL = "Signed"

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="signing_requests")
    email = models.EmailField("sent to")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Handed to the broker (empty: not yet).")
    email_sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Signing link for consent {self.consent_id} ({self.status_label})"

    @property
    def case(self) -> Case:
        return self.consent.case

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.consent.case.organization_id, "case": self.consent.case_id}


class ReferralPacket(models.Model):
    """What a facility is sent with a referral: a PDF holding only what the facility's consent covers, emailed to
    its admissions address through Celery, or faxed or handed over by the user when it has none."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        SENT = "sent", "Emailed"
        TO_HAND_OVER = "to_hand_over", "To fax or hand over"
        HANDED_OVER = "handed_over", "Faxed or handed over"
        FAILED = "failed", "Failed"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="packets")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="packets")
    categories = models.JSONField(default=list, help_text="What the packet holds: the categories the consent covers.")
    note = models.TextField("note to the facility", blank=True)
    email_to = models.EmailField(blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.QUEUED, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Handed to the broker (empty: not yet).")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=packet_upload_to, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField("faxed or handed over at", null=True, blank=True)
    handed_over_how = models.CharField(max_length=100, blank=True, help_text="e.g. fax to (555) 010-2000")
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Referral packet for {self.referral.facility} ({self.get_status_display()})"

    @property
    def case(self) -> Case:
        return self.referral.case

    @property
    def category_short_labels(self) -> list[str]:
        return [Category.short[c] for c in self.categories if c in Category.short]

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.referral.case.organization_id, "case": self.referral.case_id}


class Disclosure(models.Model):
    """One showing or sending of consented information to its recipient: the accounting is read from these."""

    How = How

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="disclosures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="made by (or read by)"
    )
    categories = models.JSONField(default=list)
    how = models.CharField(max_length=20, choices=How.choices, default=How.PORTAL)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    detail = models.CharField(max_length=300, blank=True, help_text="e.g. the packet's pages, who was on the call")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at", "-id"], name="disclosure_case_at")]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def description(self) -> str:
        labels = ", ".join(Category.short[c] for c in self.categories if c in Category.short)
        return f"{labels} ({self.get_how_display().lower()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class AccountingProvided(models.Model):
    """An accounting of disclosures given to the person (45 CFR 164.528(d), 42 CFR 2.25): who asked, when, for
    what period, who provided it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="accountings")
    requested_by = models.CharField("requested by", max_length=200, help_text="The person, or who asked for them.")
    period_start = models.DateField("from")
    period_end = models.DateField("to")
    provided_at = models.DateTimeField(default=timezone.now)
    provided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    disclosure_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-provided_at", "-pk"]
        verbose_name_plural = "accountings provided"

    def __str__(self) -> str:
        return f"Accounting {self.period_start}–{self.period_end} for {self.requested_by}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}
