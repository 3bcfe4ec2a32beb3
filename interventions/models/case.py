"""The case: the person, who referred them, who works it, and where it stands in the workflow."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q, lookups
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User

if TYPE_CHECKING:
    from .plan import InterventionPlan


class Stage(models.TextChoices):
    INTAKE = "intake", "Intake"
    ASSESSMENT = "assessment", "Assessment"
    PLANNING = "planning", "Planning"
    SCHEDULED = "scheduled", "Intervention scheduled"
    HELD = "held", "Intervention held"
    DECLINED = "declined", "Declined"
    POSTPONED = "postponed", "Postponed"
    IN_TREATMENT = "in_treatment", "In treatment"
    AFTERCARE = "aftercare", "Aftercare"
    DISENGAGED = "disengaged", "Disengaged"
    CLOSED = "closed", "Closed"


# The workflow of DESIGN.md, declared once. Closing early (the family withdraws, the person moves away)
# is allowed from any open stage before treatment and needs a note.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.INTAKE: (Stage.ASSESSMENT, Stage.CLOSED),
    Stage.ASSESSMENT: (Stage.PLANNING, Stage.CLOSED),
    Stage.PLANNING: (Stage.SCHEDULED, Stage.CLOSED),
    # Back to planning from scheduled: the family met without the person (Invitational) and meets again.
    Stage.SCHEDULED: (Stage.HELD, Stage.POSTPONED, Stage.PLANNING),
    Stage.HELD: (Stage.IN_TREATMENT, Stage.DECLINED, Stage.POSTPONED),
    Stage.DECLINED: (Stage.PLANNING, Stage.CLOSED),
    Stage.POSTPONED: (Stage.PLANNING, Stage.CLOSED),
    Stage.IN_TREATMENT: (Stage.AFTERCARE, Stage.DISENGAGED),
    Stage.AFTERCARE: (Stage.CLOSED, Stage.DISENGAGED, Stage.IN_TREATMENT),
    Stage.DISENGAGED: (Stage.PLANNING, Stage.CLOSED),
    Stage.CLOSED: (),  # a closed case is reopened only by its practice owner (services.case.case_reopen)
}
# Transitions that must say why.
NOTE_REQUIRED: set[tuple[str, str]] = {
    *((stage, Stage.CLOSED) for stage in Stage),
    (Stage.HELD, Stage.DECLINED),
    (Stage.HELD, Stage.POSTPONED),
    (Stage.SCHEDULED, Stage.POSTPONED),
    (Stage.SCHEDULED, Stage.PLANNING),
    (Stage.IN_TREATMENT, Stage.DISENGAGED),
    (Stage.AFTERCARE, Stage.DISENGAGED),
}
OPEN_STAGES = [stage for stage in Stage if stage not in (Stage.CLOSED,)]
STALE_AFTER = dt.timedelta(days=14)


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNKNOWN = "unknown", "Not known / not disclosed"


class Payer(models.TextChoices):
    """The person's payer, as a SAMHSA PAY code (samhsa.md) so matching can filter on it."""

    PRIVATE = "PI", "Private health insurance"
    MEDICAID = "MD", "Medicaid"
    MEDICARE = "MC", "Medicare"
    STATE = "SI", "State-financed plan other than Medicaid"
    MILITARY = "MI", "Military insurance (e.g., TRICARE)"
    ITU = "ITU", "IHS/Tribal/Urban (ITU) funds"
    SELF_PAY = "SF", "Cash or self-payment"


class Language(models.TextChoices):
    """Preferred language; codes from SAMHSA's language services (samhsa.md). English needs no code."""

    ENGLISH = "EN", "English"
    SPANISH = "SP", "Spanish"
    ASL = "AH", "American Sign Language / deaf and hard of hearing"
    ARABIC = "F4", "Arabic"
    CHINESE = "F17", "Chinese"
    CREOLE = "F19", "Creole"
    FARSI = "F25", "Farsi"
    FRENCH = "F28", "French"
    GERMAN = "F30", "German"
    HINDI = "F36", "Hindi"
    HMONG = "F37", "Hmong"
    KOREAN = "F47", "Korean"
    POLISH = "F66", "Polish"
    PORTUGUESE = "F67", "Portuguese"
    RUSSIAN = "F70", "Russian"
    TAGALOG = "F81", "Tagalog"
    VIETNAMESE = "F92", "Vietnamese"
    NAVAJO = "N23", "Navajo"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    PRIORITY = "priority", "Priority (weeks)"
    URGENT = "urgent", "Urgent (days)"


class ReferralSource(models.TextChoices):
    """Where the case came from, for the practice's reports (filter "by referral source")."""

    FAMILY = "family", "Family member or friend"
    PHYSICIAN = "physician", "Physician"
    THERAPIST = "therapist", "Therapist or counselor"
    EMPLOYER = "employer", "EAP or employer"
    COURT = "court", "Court or probation"
    FACILITY = "facility", "Treatment facility"
    SELF = "self", "The person themselves"
    OTHER = "other", "Other"


class InArray(lookups.In):
    """`IN (subquery)`, which PostgreSQL gets as `= ANY(ARRAY(subquery))`: evaluated once and usable as an index
    condition, so `lead = me OR pk = ANY(...)` is a BitmapOr of two index scans. `pk IN (subquery)` inside an OR
    is a filter PostgreSQL checks on every row of a scan (the practice's 50,000 cases for an interventionist's 500)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> Self:
        """The cases the user may see: an owner every case of their practice; an interventionist the
        cases they lead or are assigned to; anybody else none."""
        if not user.is_authenticated:
            return self.none()
        owner_of = [m.organization_id for m in user.active_memberships() if m.role == Membership.Role.OWNER]
        staff_of = [m.organization_id for m in user.active_memberships() if m.role != Membership.Role.OWNER]
        assigned = InArray(F("pk"), Case.co_assigned.through.objects.filter(user=user).values("case_id"))
        return self.filter(
            Q(organization_id__in=owner_of) | (Q(organization_id__in=staff_of) & (Q(lead=user) | Q(assigned)))
        )

    def open(self) -> Self:
        return self.exclude(stage=Stage.CLOSED)

    def stale(self, now: dt.datetime | None = None) -> Self:
        """Open cases with no activity for 14 days."""
        now = now or timezone.now()
        return self.open().filter(last_activity_at__lt=now - STALE_AFTER)


class Case(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name="lead interventionist",
    )
    co_assigned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases", verbose_name="co-assigned interventionists"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INTAKE, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on every edit.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage_changed_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    # The person
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField("sex assigned at birth", max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    postal_code = models.CharField("ZIP code", max_length=10, blank=True)
    payer = models.CharField("insurance payer", max_length=5, choices=Payer.choices, blank=True)
    insurance_plan = models.CharField(max_length=120, blank=True)
    member_id = models.CharField("insurance member id", max_length=60, blank=True)
    veteran = models.BooleanField(default=False)
    pregnant = models.BooleanField(default=False)

    # Who referred them (usually a family member)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_relationship = models.CharField(max_length=60, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)
    referral_source = models.CharField(max_length=12, choices=ReferralSource.choices, blank=True)

    # Intake
    presenting_concern = models.TextField(blank=True)
    prior_treatment_episodes = models.PositiveSmallIntegerField(default=0)
    prior_treatment_notes = models.TextField(blank=True, help_text="Where, when, how it ended.")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    overdose_last_90_days = models.BooleanField("overdose in the last 90 days", default=False)
    emergency_care_last_90_days = models.BooleanField("emergency care for use in the last 90 days", default=False)
    withdrawal_seizures_history = models.BooleanField("history of withdrawal seizures or DTs", default=False)
    legal_deadline = models.DateField("court or legal deadline", null=True, blank=True)
    urgency_notes = models.TextField(blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "stage"]),
            models.Index(fields=["lead", "-last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:case-detail", kwargs={"case": self.pk})

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk: int | None) -> str:
        return f"C-{pk:05d}" if pk else "C-new"

    @property
    def display_name(self) -> str:
        return self.display_name_of(self.first_name, self.preferred_name, self.last_name)

    @staticmethod
    def display_name_of(first_name: str, preferred_name: str, last_name: str) -> str:
        return f"{preferred_name or first_name} {last_name}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: dt.date) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_stale(self) -> bool:
        return self.stage != Stage.CLOSED and self.last_activity_at < timezone.now() - STALE_AFTER

    @property
    def current_plan(self) -> InterventionPlan | None:
        """The plan being worked on (one per case at most; earlier versions keep is_current off). One query."""
        return self.plans.filter(is_current=True).first()

    @property
    def current_assessment(self):  # -> Assessment | None (models/assessment.py)
        """The latest assessment: a case has several over time, the latest is current."""
        return self.assessments.order_by("-created_at", "-pk").first()

    @property
    def open_safety_flags(self) -> list:
        """Safety flags still waiting for the safety action. Lists prefetch `safety_flags` to keep one query."""
        return [flag for flag in self.safety_flags.all() if flag.acted_at is None]

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.organization_id, "case": self.pk}


class SubstanceUse(models.Model):
    class Substance(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        FENTANYL = "fentanyl", "Fentanyl"
        HEROIN = "heroin", "Heroin"
        RX_OPIOIDS = "rx_opioids", "Prescription opioids"
        COCAINE = "cocaine", "Cocaine / crack"
        METHAMPHETAMINE = "methamphetamine", "Methamphetamine"
        RX_STIMULANTS = "rx_stimulants", "Prescription stimulants"
        BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
        CANNABIS = "cannabis", "Cannabis"
        HALLUCINOGENS = "hallucinogens", "Hallucinogens"
        KRATOM = "kratom", "Kratom"
        GAMBLING = "gambling", "Gambling (behavioural)"
        OTHER = "other", "Other"

    class Route(models.TextChoices):
        ORAL = "oral", "Oral"
        SMOKED = "smoked", "Smoked or vaped"
        INTRANASAL = "intranasal", "Intranasal"
        INJECTED = "injected", "Injected"
        OTHER = "other", "Other"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily or more"
        WEEKLY_SEVERAL = "several_weekly", "Several times a week"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly or less"
        PAST = "past", "Not in the last 30 days"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="substances")
    substance = models.CharField(max_length=20, choices=Substance.choices)
    route = models.CharField(max_length=12, choices=Route.choices, blank=True)
    frequency = models.CharField(max_length=16, choices=Frequency.choices, blank=True)
    amount = models.CharField(max_length=120, blank=True, help_text="e.g. a fifth of vodka a day, 1 g")
    age_first_use = models.PositiveSmallIntegerField("age at first use", null=True, blank=True)
    last_use = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_substance_display()

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class StageChange(models.Model):
    """One step of the case's workflow: who moved it, when, why. The case's timeline is read from these."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, help_text="When the change was recorded.")
    effective_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it happened (an admission, a discharge), as entered; empty: when recorded.",
    )
    note = models.TextField(blank=True)
    override_reason = models.TextField(blank=True, help_text="Why the readiness checks were overridden.")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or 'new'} → {self.get_to_stage_display()}"

    @property
    def happened_at(self) -> dt.datetime:
        """The fact's date: the moment entered by the user, else the moment it was recorded."""
        return self.effective_at or self.at

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {timezone.localtime(self.created_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:note-detail", kwargs={"case": self.case_id, "note": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}
