"""The intervention: the plan, its participants and their private boundaries, rehearsals and family
sessions, the event and its outcome, and the day-of transition into treatment."""

from __future__ import annotations

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.zones import time_zone_field, zone_named

from .case import Case


class InterventionModel(models.TextChoices):
    """shared/domain/models.md"""

    JOHNSON = "johnson", "Johnson (surprise, rehearsed family meeting)"
    INVITATIONAL = "invitational", "Invitational (open family meeting)"
    ARISE = "arise", "ARISE (staged, invitational)"
    CRAFT = "craft", "CRAFT-based (family coaching over weeks)"


class InvitationMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    LETTER = "letter", "By letter"
    EMAIL = "email", "By email"
    TEXT = "text", "By text message"


class InvitationAnswer(models.TextChoices):
    NONE = "none", "No answer yet"
    COMING = "coming", "Will come"
    UNSURE = "unsure", "Not sure"
    NOT_COMING = "declined", "Will not come"


ARISE_LEVELS = [
    (1, "Level 1: the first call and a network meeting"),
    (2, "Level 2: further network meetings"),
    (3, "Level 3: the formal intervention"),
]


class InterventionPlan(models.Model):
    """One current plan per case; a new version keeps the earlier ones (is_current=False)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    model = models.CharField("intervention model", max_length=14, choices=InterventionModel.choices)
    scheduled_for = models.DateTimeField("date and time", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    location = models.CharField("place", max_length=200, blank=True)
    location_notes = models.TextField(blank=True, help_text="Parking, which door, who lets people in.")
    time_zone = time_zone_field(
        "time zone (if not the practice's)",
        blank=True,
        help_text="Only when the place is in another time zone than the practice: the date and time are then in it.",
    )
    # Invitational / ARISE: the open invitation to the person (who invites, how, when, the answer).
    invitation_wording = models.TextField(blank=True)
    invitation_sent_on = models.DateField(null=True, blank=True)
    invited_by = models.CharField(
        "who invites the person", max_length=120, blank=True, help_text="The family member who makes the invitation."
    )
    invitation_method = models.CharField(
        "how the person is invited", max_length=10, choices=InvitationMethod.choices, blank=True
    )
    invitation_answer = models.CharField(
        "the person's answer", max_length=10, choices=InvitationAnswer.choices, blank=True
    )
    # ARISE: the level now (kept by the escalations, AriseLevelChange, which hold the history) and the first call.
    arise_level = models.PositiveSmallIntegerField("ARISE level", null=True, blank=True, choices=ARISE_LEVELS)
    first_call_on = models.DateField(
        "date of the first call", null=True, blank=True, help_text="When the first caller called for help (level 1)."
    )
    # CRAFT: a violence-risk check comes before any invitation to treatment.
    violence_risk_checked_on = models.DateField(null=True, blank=True)
    violence_risk_notes = models.TextField(blank=True)
    contingency_plan = models.TextField(blank=True, help_text="What happens if the person refuses or leaves.")
    # Logistics (the admission's date and time is the admitting referral's: Referral.admission_at)
    travel_plan = models.TextField(blank=True, help_text="Who drives or flies, with whom, departure time.")
    travel_arranged = models.BooleanField(default=False)
    escort = models.CharField("who goes along", max_length=200, blank=True)
    packing_list = models.TextField(
        "the bag", blank=True, help_text="Clothes for a week, ID, insurance card, medications in original bottles..."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(is_current=True), name="one_current_plan"),
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} ({self.get_model_display()}) for {self.case.reference}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:plan-detail", kwargs={"case": self.case_id})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}

    @property
    def ends_at(self):  # noqa: ANN201
        return self.scheduled_for + timedelta(minutes=self.duration_minutes) if self.scheduled_for else None

    @property
    def zone(self) -> ZoneInfo:
        """The zone of the place: its own when set, else the practice's."""
        return zone_named(self.time_zone) if self.time_zone else self.case.organization.zone


class Participant(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", "Speaker"
        SUPPORT = "support", "Support"
        OBSERVER = "observer", "Observer"

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="participants")
    source_key = models.CharField(max_length=40, help_text="The family member record this participant comes from.")
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)
    speaking_order = models.PositiveSmallIntegerField(null=True, blank=True)
    # Private to the interventionist and this participant.
    boundary = models.TextField("if treatment is refused, I will", blank=True)

    class Meta:
        ordering = ["speaking_order", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "source_key"], name="participant_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


class PlanSession(models.Model):
    """A rehearsal (Johnson, Invitational), a network meeting (ARISE) or a coaching session (CRAFT)."""

    class Kind(models.TextChoices):
        REHEARSAL = "rehearsal", "Rehearsal"
        NETWORK_MEETING = "network", "Network meeting (ARISE)"
        CRAFT_SESSION = "craft", "CRAFT family session"
        FAMILY_MEETING = "family", "Family meeting"

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REHEARSAL)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=200, blank=True)
    arise_level = models.PositiveSmallIntegerField(null=True, blank=True)
    skills_taught = models.TextField(blank=True)
    homework = models.TextField(blank=True)
    family_wellbeing = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="The family's own wellbeing, 1 (struggling) to 10 (doing well).",
    )
    person_engagement = models.TextField("the person's use and engagement, as the family sees it", blank=True)
    person_invited = models.BooleanField("the person was invited", null=True, blank=True)
    person_attended = models.BooleanField("the person came", null=True, blank=True)
    notes = models.TextField(blank=True)
    attended = models.ManyToManyField(Participant, blank=True, related_name="sessions_attended")
    held = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}

    @property
    def ends_at(self):  # noqa: ANN201
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class InterventionEvent(models.Model):
    """What happened on the day. The outcome drives the case's stage through the stage machine."""

    class Outcome(models.TextChoices):
        """Every outcome of every model; each model's workflow offers its own, with its own words
        (interventions.workflows)."""

        ACCEPTED_NOW = "accepted_now", "Accepted treatment now"
        ACCEPTED_LATER = "accepted_later", "Accepted treatment for a later date"
        REFUSED = "refused", "Refused treatment"
        POSTPONED = "postponed", "Postponed (the meeting did not take place)"
        FAMILY_MET = "family_met", "The family met without the person"
        ENDED = "ended", "The programme ended without the person entering treatment"

    plan = models.OneToOneField(InterventionPlan, on_delete=models.CASCADE, related_name="event")
    held_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    attendees = models.ManyToManyField(Participant, blank=True, related_name="events_attended")
    how_it_went = models.TextField(blank=True)
    later_date = models.DateField("agreed date to enter treatment", null=True, blank=True)
    arise_level = models.PositiveSmallIntegerField(
        "ARISE level", null=True, blank=True, choices=ARISE_LEVELS, help_text="The level the outcome came at."
    )
    session = models.ForeignKey(
        "PlanSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The meeting or session it came at (ARISE, CRAFT).",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {timezone.localtime(self.held_at):%Y-%m-%d}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


class AriseLevelChange(models.Model):
    """One step of an ARISE plan's level history: level 1 from the first call, then each escalation with its date
    and reason. Skipping a level needs a reason of its own."""

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="level_changes")
    level = models.PositiveSmallIntegerField(choices=ARISE_LEVELS)
    on = models.DateField("since")
    reason = models.TextField()
    skip_reason = models.TextField("why a level is skipped", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"ARISE level {self.level} since {self.on:%Y-%m-%d}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


class TreatmentInvitation(models.Model):
    """CRAFT: an invitation to treatment made by a family member at a good moment, with the person's answer. An
    accepted one is the plan's outcome (InterventionEvent); the others leave the sessions going on."""

    class Answer(models.TextChoices):
        ACCEPTED_NOW = "accepted_now", "Accepted: entering treatment now"
        ACCEPTED_LATER = "accepted_later", "Accepted for a later date"
        NOT_NOW = "not_now", "Not now"
        DECLINED = "declined", "Declined"

    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="invitations")
    made_at = models.DateTimeField("when it was made")
    made_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="who invited"
    )
    session = models.ForeignKey(
        PlanSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="after session"
    )
    answer = models.CharField("the person's answer", max_length=16, choices=Answer.choices)
    later_date = models.DateField("agreed date to enter treatment", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"Invitation to treatment {timezone.localtime(self.made_at):%Y-%m-%d}: {self.get_answer_display()}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


class TransitionChecklist(models.Model):
    """The day-of checklist from "yes" to arrival at the facility."""

    plan = models.OneToOneField(InterventionPlan, on_delete=models.CASCADE, related_name="transition")
    transport_confirmed = models.BooleanField("transport confirmed", default=False)
    transport_notes = models.CharField(max_length=200, blank=True)
    facility_contacted = models.BooleanField("facility told we are on the way", default=False)
    facility_contact = models.CharField("facility contact", max_length=200, blank=True)
    expected_arrival = models.DateTimeField(null=True, blank=True)
    documents_ready = models.BooleanField("ID, insurance card and paperwork packed", default=False)
    medications_ready = models.BooleanField("current medications packed in original containers", default=False)
    notes = models.TextField(blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    arrival_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Transition for {self.plan.case.reference}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.plan.case.organization_id, "case": self.plan.case_id}


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A per-user secret URL a calendar app subscribes to. Revoking replaces the token at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
