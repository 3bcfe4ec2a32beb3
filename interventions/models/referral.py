"""Referrals: a case sent to a facility, followed through to admission.

A referral records every status change (who, when, why), a communication log (calls, emails, meetings,
notes), insurance verifications and the admission logistics. The practice's relationship with the facility
is copied onto the referral when it is sent, so what the family was shown stays on record.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, PracticeRelationship

from .case import Case


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    UNDER_REVIEW = "under_review", "Under review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WAITLISTED = "waitlisted", "Waitlisted"
    ADMISSION_SCHEDULED = "admission_scheduled", "Admission scheduled"
    ADMITTED = "admitted", "Admitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = ReferralStatus
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SENT, S.WITHDRAWN),
    S.SENT: (S.UNDER_REVIEW, S.ACCEPTED, S.DECLINED, S.WAITLISTED, S.WITHDRAWN),
    S.UNDER_REVIEW: (S.ACCEPTED, S.DECLINED, S.WAITLISTED, S.WITHDRAWN),
    S.WAITLISTED: (S.UNDER_REVIEW, S.ACCEPTED, S.DECLINED, S.WITHDRAWN),
    S.ACCEPTED: (S.ADMISSION_SCHEDULED, S.ADMITTED, S.WITHDRAWN),
    S.ADMISSION_SCHEDULED: (S.ADMITTED, S.WITHDRAWN),
    S.ADMITTED: (),
    S.DECLINED: (),
    S.WITHDRAWN: (),
}
ACTIVE_STATUSES = (S.DRAFT, S.SENT, S.UNDER_REVIEW, S.WAITLISTED, S.ACCEPTED, S.ADMISSION_SCHEDULED)
ACCEPTED_STATUSES = (S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED)
NEXT_STEP: dict[str, str] = {
    S.DRAFT: "Send the referral",
    S.SENT: "Call admissions to confirm they received it",
    S.UNDER_REVIEW: "Verify insurance and answer the facility's questions",
    S.WAITLISTED: "Call back for a bed date; keep another option open",
    S.ACCEPTED: "Schedule the admission: date, contact, what to bring, transport",
    S.ADMISSION_SCHEDULED: "Confirm transport and mark the person admitted on arrival",
    S.ADMITTED: "None: admitted",
    S.DECLINED: "None: declined; choose another facility",
    S.WITHDRAWN: "None: withdrawn",
}


class ReferralManager(models.Manager["Referral"]):
    def get_queryset(self) -> models.QuerySet[Referral]:
        # Every list of referrals (the case page panel reads case.referrals.all) shows the facility.
        return super().get_queryset().select_related("facility")


class Referral(models.Model):
    class Transport(models.TextChoices):
        FAMILY = "family", "Family drives"
        INTERVENTIONIST = "interventionist", "Interventionist escorts"
        FACILITY = "facility", "Facility transport"
        SECURE = "secure", "Professional (secure) transport"
        FLIGHT = "flight", "Flight with escort"
        SELF = "self", "On their own"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("note to the facility", blank=True)
    match_score = models.IntegerField(null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True, help_text="Why it fit when it was sent.")
    relationship_kind = models.CharField(
        max_length=20, blank=True, help_text="The practice's relationship, as disclosed."
    )
    relationship_details = models.TextField(blank=True)
    # Admission logistics
    admission_at = models.DateTimeField("admission date and time", null=True, blank=True)
    admission_contact = models.CharField("admission contact", max_length=150, blank=True)
    what_to_bring = models.TextField(blank=True)
    transport = models.CharField(max_length=20, choices=Transport.choices, blank=True)
    transport_details = models.TextField(blank=True)

    objects = ReferralManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return f"{self.facility} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("interventions:referral-detail", kwargs={"case": self.case_id, "referral": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}

    @property
    def organization(self) -> object:
        return self.case.organization

    @property
    def admission_zone(self) -> ZoneInfo:
        """The admission is an appointment at the facility: its time is entered and shown in the facility's zone."""
        return self.facility.zone

    @property
    def allowed_next_statuses(self) -> list[str]:
        return list(REFERRAL_TRANSITIONS[self.status])

    @property
    def next_step(self) -> str:
        return NEXT_STEP[self.status]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def relationship_label(self) -> str:
        kinds = dict(PracticeRelationship.Kind.choices)
        return kinds.get(self.relationship_kind, "Not recorded")


class ReferralStatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or 'new'} → {self.get_to_status_display()}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.referral.case.organization_id, "case": self.referral.case_id}


class ReferralContact(models.Model):
    """One entry of the communication log: a call, email, meeting or note about the referral."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Note"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField("when", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    with_whom = models.CharField("with whom", max_length=150, blank=True)
    summary = models.TextField()
    shared_categories = models.JSONField(
        "information shared", default=list, blank=True, help_text="Disclosure categories told the facility."
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.at):%Y-%m-%d}"

    @property
    def shared_labels(self) -> list[str]:
        from ..disclosure import Category

        return [Category.short[c] for c in self.shared_categories if c in Category.short]

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.referral.case.organization_id, "case": self.referral.case_id}


class InsuranceVerification(models.Model):
    """A benefits check with the payer for this referral; the latest one is the current answer."""

    class Network(models.TextChoices):
        IN = "in", "In network"
        OUT = "out", "Out of network"
        UNKNOWN = "unknown", "Not known yet"

    class Outcome(models.TextChoices):
        COVERED = "covered", "Covered"
        PARTIAL = "partial", "Partly covered"
        NOT_COVERED = "not_covered", "Not covered"
        PENDING = "pending", "Pending"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="verifications")
    payer = models.CharField(max_length=120)
    member_id = models.CharField("member id", max_length=60, blank=True)
    verified_with = models.CharField(
        "verified with", max_length=150, help_text="Who at the payer, and the call reference."
    )
    verified_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    network = models.CharField(max_length=10, choices=Network.choices, default=Network.UNKNOWN)
    deductible = models.DecimalField("deductible (USD)", max_digits=9, decimal_places=2, null=True, blank=True)
    deductible_met = models.DecimalField(
        "deductible met so far (USD)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    out_of_pocket_max = models.DecimalField(
        "out-of-pocket maximum (USD)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    prior_authorization_required = models.BooleanField("prior authorisation needed", default=False)
    prior_authorization_obtained = models.BooleanField("prior authorisation obtained", default=False)
    prior_authorization_reference = models.CharField("authorisation reference", max_length=60, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-verified_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.payer}: {self.get_outcome_display()}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.referral.case.organization_id, "case": self.referral.case_id}
