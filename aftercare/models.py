"""Aftercare: treatment episodes, follow-ups and their reminders, notifications, the aftercare plan,
family support sessions and the resources a family was pointed to. Row facts only; writes are in services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import time_format

from accounts.models import Organization, User

DEFAULT_ADMISSION_OFFSETS = [7, 30, 60, 90]
DEFAULT_DISCHARGE_OFFSETS = [30, 90, 180, 365]
ESCALATE_AFTER = dt.timedelta(days=2)


def _admission_offsets() -> list[int]:
    return list(DEFAULT_ADMISSION_OFFSETS)


def _discharge_offsets() -> list[int]:
    return list(DEFAULT_DISCHARGE_OFFSETS)


def _admission_kinds() -> list[str]:
    return ["person", "facility"]


def _discharge_kinds() -> list[str]:
    return ["person"]


class AftercareSettings(models.Model):
    """A practice's follow-up schedule: days after admission and after discharge, and the hour of day in the
    practice's time zone."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="aftercare_settings")
    admission_offsets = models.JSONField(default=_admission_offsets, help_text="Days after admission.")
    admission_kinds = models.JSONField(default=_admission_kinds)
    discharge_offsets = models.JSONField(default=_discharge_offsets, help_text="Days after discharge.")
    discharge_kinds = models.JSONField(default=_discharge_kinds)
    reminder_hour = models.PositiveSmallIntegerField(
        default=9, help_text="Local hour of day (0-23) at which a follow-up falls due."
    )

    class Meta:
        verbose_name_plural = "aftercare settings"

    def __str__(self) -> str:
        return f"Aftercare settings of {self.organization}"

    @property
    def zone(self) -> ZoneInfo:
        """The practice's time zone (accounts.Organization.time_zone): follow-ups fall due at the local hour in it."""
        return self.organization.zone

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.organization_id}


class Episode(models.Model):
    """One stay in treatment: admission, discharge and how it ended. Readmission is a second episode."""

    class DischargeType(models.TextChoices):
        COMPLETED = "completed", "Completed (planned discharge)"
        LEFT_EARLY = "left_early", "Left early / disengaged"
        TRANSFERRED = "transferred", "Transferred"
        ADMINISTRATIVE = "administrative", "Administrative discharge"

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="episodes")
    admitted_at = models.DateTimeField()
    admission_change = models.ForeignKey(
        "interventions.StageChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_type = models.CharField(max_length=20, choices=DischargeType.choices, blank=True)
    retention_days: int  # not a column: days in treatment up to now, set by queries.outcomes_of

    class Meta:
        ordering = ["admitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "admitted_at"], name="one_episode_per_admission")]

    def __str__(self) -> str:
        return f"Episode admitted {timezone.localtime(self.admitted_at):%Y-%m-%d}"

    @property
    def days_in_treatment(self) -> int | None:
        end = self.discharged_at
        return (end - self.admitted_at).days if end else None

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "With the person"
        FACILITY = "facility", "With the facility"
        FAMILY = "family", "With the family"

    class Anchor(models.TextChoices):
        ADMISSION = "admission", "After admission"
        DISCHARGE = "discharge", "After discharge"
        ADHOC = "adhoc", "Ad hoc"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DONE = "done", "Done"
        MISSED = "missed", "Missed (not reached)"
        RESCHEDULED = "rescheduled", "Rescheduled"
        CANCELLED = "cancelled", "Cancelled"

    class Engagement(models.IntegerChoices):
        NONE = 0, "Not engaged"
        LOW = 1, "Minimal"
        PARTIAL = 2, "Partial"
        GOOD = 3, "Engaged"
        FULL = 4, "Fully engaged"

    class Risk(models.TextChoices):
        RELAPSE = "relapse", "Return to use"
        OVERDOSE = "overdose", "Overdose"
        SUICIDAL = "suicidal", "Thoughts of suicide or self-harm"
        LEFT_TREATMENT = "left_treatment", "Left treatment or against advice"
        STOPPED_MEDICATION = "stopped_medication", "Stopped medication"
        HOUSING = "housing", "Housing unstable"
        LEGAL = "legal", "Legal trouble"
        ISOLATION = "isolation", "Lost support / isolating"

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="follow_ups")
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    anchor = models.CharField(max_length=10, choices=Anchor.choices, default=Anchor.ADHOC)
    offset_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_at = models.DateTimeField(db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    rescheduled_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_to"
    )
    purpose = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The closing of the case that cancelled this follow-up: reopening the case restores exactly these.
    cancelled_by_closing = models.ForeignKey(
        "interventions.StageChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set in the same transaction as the reminder record: the scan's claim.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # The record of the contact (the outcome measures of this follow-up)
    contacted_at = models.DateTimeField(null=True, blank=True)
    reached = models.BooleanField(null=True)
    engagement = models.PositiveSmallIntegerField(choices=Engagement.choices, null=True, blank=True)
    days_abstinent = models.PositiveIntegerField("days abstinent", null=True, blank=True)
    use_since_last_contact = models.BooleanField("substance use since last contact", null=True)
    use_details = models.TextField(blank=True)
    risk_flags = models.JSONField(default=list, blank=True)
    facility_changes = models.TextField("changes to the treatment plan agreed with the facility", blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            # A repeated admission or discharge signal schedules nothing twice.
            models.UniqueConstraint(
                fields=["episode", "anchor", "kind", "offset_days"],
                condition=Q(offset_days__isnull=False, episode__isnull=False),
                name="one_scheduled_follow_up_per_offset",
            ),
        ]
        indexes = [
            # What the reminder scan reads: only open follow-ups not yet reminded (escalated), so one scan costs
            # what is due, not the size of the table (bench: reminder_scan_ms and reminder_scan_1m_ms).
            models.Index(
                fields=["due_at"], condition=Q(status="scheduled", reminded_at__isnull=True), name="followup_to_remind"
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(status="scheduled", escalated_at__isnull=True),
                name="followup_to_escalate",
            ),
            models.Index(fields=["assigned_to", "status", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} follow-up due {timezone.localtime(self.due_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("aftercare:followup-record", kwargs={"case": self.case_id, "followup": self.pk})

    @property
    def label(self) -> str:
        return self.label_of(self.kind, self.anchor, self.offset_days, self.purpose)

    @classmethod
    def label_of(cls, kind: str, anchor: str, offset_days: int | None, purpose: str) -> str:
        """The label from the row's values (the reminder scan reads values, not instances)."""
        kind_text = str(dict(cls.Kind.choices).get(kind, kind)).lower()
        if offset_days is not None and anchor != cls.Anchor.ADHOC:
            return f"{offset_days}-day {kind_text} ({str(dict(cls.Anchor.choices).get(anchor, anchor)).lower()})"
        # An ad-hoc or rescheduled follow-up's purpose already says who it is with.
        return purpose or f"Follow-up {kind_text}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED

    def risk_flag_labels(self) -> list[str]:
        labels = dict(self.Risk.choices)
        return [labels.get(flag, flag) for flag in self.risk_flags]

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class Reminder(models.Model):
    """That a follow-up was reminded (or escalated): at most one of each kind, enforced by the database."""

    class Kind(models.TextChoices):
        DUE = "due", "Due"
        ESCALATION = "escalation", "Escalated to the owner"

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_message_id = models.CharField(
        max_length=255, blank=True, help_text="The email's Message-ID, recorded (committed) before it is sent."
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "kind"], name="one_reminder_per_kind")]
        # The scan's retry of emails not sent reads these few rows, not every reminder ever written.
        indexes = [models.Index(fields=["id"], condition=Q(email_sent_at__isnull=True), name="reminder_email_unsent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder of follow-up {self.follow_up_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.follow_up.case.organization_id, "case": self.follow_up.case_id}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: User) -> NotificationQuerySet:
        """A user's own notifications; nobody sees anybody else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("interventions.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], condition=Q(reminder__isnull=False), name="one_notice_per_reminder"
            )
        ]

    def __str__(self) -> str:
        return self.message


class StepDownLevel(models.TextChoices):
    """ASAM levels of care (shared/domain/asam.md) the person steps down to."""

    NONE = "", "None / not decided"
    L05 = "0.5", "0.5 Early intervention"
    L1 = "1", "1 Outpatient services"
    L21 = "2.1", "2.1 Intensive outpatient"
    L25 = "2.5", "2.5 Partial hospitalization"
    L31 = "3.1", "3.1 Clinically managed low-intensity residential"
    L35 = "3.5", "3.5 Clinically managed high-intensity residential"


class Medication(models.TextChoices):
    """Medications for addiction treatment, SAMHSA codes (shared/domain/samhsa.md)."""

    METH = "METH", "Methadone"
    BWN = "BWN", "Buprenorphine with naloxone"
    BWON = "BWON", "Buprenorphine without naloxone"
    BERI = "BERI", "Buprenorphine (extended-release, injectable)"
    NXN = "NXN", "Naltrexone (oral)"
    VTRL = "VTRL", "Extended-release, injectable Naltrexone"
    ACM = "ACM", "Acamprosate"
    DSF = "DSF", "Disulfiram"


class AftercarePlan(models.Model):
    """One version of the case's aftercare plan. A change writes a new version; old ones stay as they were."""

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="aftercare_plans")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_with_person = models.BooleanField("agreed with the person", default=False)
    agreed_with_facility = models.BooleanField("agreed with the facility", default=False)

    step_down_level = models.CharField(max_length=4, choices=StepDownLevel.choices, blank=True)
    step_down_provider = models.CharField(max_length=200, blank=True)
    step_down_start = models.DateField(null=True, blank=True)
    therapy_provider = models.CharField("continued therapy: provider", max_length=200, blank=True)
    therapy_frequency = models.CharField("continued therapy: frequency", max_length=100, blank=True)
    medications = models.JSONField("medications for addiction treatment", default=list, blank=True)
    medication_prescriber = models.CharField(max_length=200, blank=True)
    sober_living = models.CharField("sober living", max_length=300, blank=True)
    alumni_program = models.CharField("alumni program", max_length=300, blank=True)
    triggers = models.TextField(blank=True)
    warning_signs = models.TextField(blank=True)
    coping_steps = models.TextField(blank=True)
    who_to_call = models.TextField("who to call", blank=True)
    family_part = models.TextField("the family's part", blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_plan_per_version")]

    def __str__(self) -> str:
        return f"Aftercare plan v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("aftercare:plan-detail", kwargs={"case": self.case_id})

    def medication_labels(self) -> list[str]:
        labels = dict(Medication.choices)
        return [labels.get(code, code) for code in self.medications]

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


class SupportGroup(models.Model):
    class Type(models.TextChoices):
        AA = "aa", "Alcoholics Anonymous"
        NA = "na", "Narcotics Anonymous"
        SMART = "smart", "SMART Recovery"
        REFUGE = "refuge", "Refuge Recovery"
        CELEBRATE = "celebrate", "Celebrate Recovery"
        OTHER = "other", "Other"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    plan = models.ForeignKey(AftercarePlan, on_delete=models.CASCADE, related_name="support_groups")
    type = models.CharField(max_length=10, choices=Type.choices)
    meeting = models.CharField(max_length=200, help_text="Meeting name and place")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    time = models.TimeField()

    class Meta:
        ordering = ["weekday", "time", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.meeting}, {self.get_weekday_display()}s at {time_format(self.time, 'g:i A')}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


class FamilySupportSession(models.Model):
    class Kind(models.TextChoices):
        CRAFT = "craft", "CRAFT coaching"
        EDUCATION = "education", "Family education"
        THERAPY = "therapy", "Family therapy"
        CHECK_IN = "check_in", "Family check-in"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="family_sessions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CRAFT)
    scheduled_at = models.DateTimeField()
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendees = models.CharField(max_length=300, blank=True, help_text="Who from the family takes part")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    topics = models.TextField("topics and skills", blank=True)
    homework = models.TextField(blank=True)
    family_wellbeing = models.PositiveSmallIntegerField(
        "family well-being (1 poor to 5 good)", null=True, blank=True, choices=[(n, str(n)) for n in range(1, 6)]
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["scheduled_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.scheduled_at):%Y-%m-%d}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


# Support for the family itself (shared/domain/models.md). Data, not rows: the list changes with a deploy.
FAMILY_RESOURCES: dict[str, dict[str, str]] = {
    "al_anon": {
        "name": "Al-Anon Family Groups",
        "url": "https://al-anon.org/",
        "about": "Mutual support for families and friends of people with a drinking problem (Alateen for teens).",
    },
    "nar_anon": {
        "name": "Nar-Anon Family Groups",
        "url": "https://www.nar-anon.org/",
        "about": "Twelve-step support for relatives and friends of people with a drug problem.",
    },
    "smart_family": {
        "name": "SMART Recovery Family & Friends",
        "url": "https://smartrecovery.org/family",
        "about": "Science-based meetings and tools (including CRAFT) for people who love someone who uses.",
    },
    "craft": {
        "name": "CRAFT (Community Reinforcement and Family Training)",
        "url": "https://robertjmeyersphd.com/craft.html",
        "about": "A coached programme that teaches families to reward sobriety, communicate, and look after themselves.",
    },
}


class SharedResource(models.Model):
    """A family support resource the interventionist pointed this case's family to."""

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="shared_resources")
    resource = models.CharField(
        max_length=20, choices=[(key, value["name"]) for key, value in FAMILY_RESOURCES.items()]
    )
    shared_at = models.DateTimeField(default=timezone.now)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["resource"]
        constraints = [models.UniqueConstraint(fields=["case", "resource"], name="one_share_per_resource")]

    def __str__(self) -> str:
        return self.get_resource_display()

    @property
    def details(self) -> dict[str, str]:
        return FAMILY_RESOURCES.get(self.resource, {})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}
