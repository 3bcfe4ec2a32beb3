"""Assessments: the clinical picture, scored screening instruments, the six ASAM ratings, the suggested level of
care with its reasons and the interventionist's confirmation or override (both kept), and safety flags.

A case has several assessments over time; the latest is current. Scores come from `interventions.instruments`,
the suggestion from `interventions.asam`: these rows store what they returned.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .. import asam, instruments

LEVEL_CHOICES = [(code, f"{code} {name}") for code, name in asam.LEVELS.items()]
EDITION_CHOICES = list(asam.EDITIONS.items())
INSTRUMENT_CHOICES = [(code, instrument.name) for code, instrument in instruments.INSTRUMENTS.items()]
RATING_CHOICES = list(asam.RATING_LABELS.items())


class ReadinessStage(models.TextChoices):
    """Stages of change (transtheoretical model), the usual shorthand for readiness."""

    PRECONTEMPLATION = "precontemplation", "Precontemplation: not considering change"
    CONTEMPLATION = "contemplation", "Contemplation: ambivalent, considering change"
    PREPARATION = "preparation", "Preparation: intending to change soon"
    ACTION = "action", "Action: actively changing"
    MAINTENANCE = "maintenance", "Maintenance: sustaining change"


def _rating(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"dimension {number}", choices=RATING_CHOICES)


def _rating_note(number: int) -> models.TextField:
    return models.TextField(f"dimension {number} note", blank=True)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def latest_first(self) -> Self:
        return self.order_by("-created_at", "-pk")

    def confirmed(self) -> Self:
        return self.filter(confirmed_at__isnull=False)


class Assessment(models.Model):
    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # The clinical picture
    substance_use = models.TextField("nature and severity of use", blank=True)
    withdrawal_risk = models.TextField(blank=True, help_text="Past withdrawal, seizures, DTs, current symptoms.")
    medical_conditions = models.TextField("medical conditions", blank=True)
    medications = models.TextField(blank=True)
    mental_health = models.TextField("co-occurring mental health conditions", blank=True)
    living_situation = models.TextField(blank=True)
    employment = models.TextField(blank=True)
    legal_issues = models.TextField(blank=True)
    dependants = models.TextField("children and dependants", blank=True)
    triggers = models.TextField(blank=True)
    strengths_supports = models.TextField("strengths and supports", blank=True)
    readiness_stage = models.CharField("readiness to change", max_length=20, choices=ReadinessStage.choices, blank=True)
    readiness_notes = models.TextField("readiness to change: notes", blank=True)

    # The six ASAM dimensions, each rated 0-4 with a note, and the edition they were rated on
    asam_edition = models.CharField("ASAM edition", max_length=5, choices=EDITION_CHOICES, default=asam.EDITION)
    dimension_1 = _rating(1)
    dimension_1_note = _rating_note(1)
    dimension_2 = _rating(2)
    dimension_2_note = _rating_note(2)
    dimension_3 = _rating(3)
    dimension_3_note = _rating_note(3)
    dimension_4 = _rating(4)
    dimension_4_note = _rating_note(4)
    dimension_5 = _rating(5)
    dimension_5_note = _rating_note(5)
    dimension_6 = _rating(6)
    dimension_6_note = _rating_note(6)

    # What `asam.suggest_level` returned for these ratings
    suggested_level = models.CharField(max_length=4, choices=LEVEL_CHOICES)
    suggested_withdrawal_management = models.BooleanField(default=False)
    suggested_co_occurring = models.BooleanField(default=False)
    suggestion_reasons = models.JSONField(default=list)

    # The interventionist's decision: the suggestion confirmed, or overridden with a reason
    confirmed_level = models.CharField("level of care", max_length=4, choices=LEVEL_CHOICES, blank=True)
    withdrawal_management = models.BooleanField("withdrawal management needed", default=False)
    co_occurring = models.BooleanField("co-occurring-capable program needed", default=False)
    override_reason = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            *(
                models.CheckConstraint(condition=models.Q(**{f"dimension_{d}__lte": 4}), name=f"asam_d{d}_0_to_4")
                for d in asam.DIMENSIONS
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | ~models.Q(confirmed_level=""),
                name="confirmed_assessment_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {timezone.localtime(self.created_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:assessment-detail", kwargs={"case": self.case_id, "assessment": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}

    @property
    def ratings(self) -> dict[int, int]:
        return {d: getattr(self, f"dimension_{d}") for d in asam.DIMENSIONS}

    @property
    def dimensions(self) -> list[tuple[int, str, int, str]]:
        """(number, name, rating, note) for each dimension, for the page."""
        return [
            (d, name, getattr(self, f"dimension_{d}"), getattr(self, f"dimension_{d}_note"))
            for d, name in asam.DIMENSIONS.items()
        ]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_override(self) -> bool:
        """The decision differs from the suggestion (level, withdrawal management or co-occurring)."""
        return self.is_confirmed and self.decision_differs(
            self.confirmed_level, self.withdrawal_management, self.co_occurring
        )

    def decision_differs(self, level: str, withdrawal_management: bool, co_occurring: bool) -> bool:
        return (level, withdrawal_management, co_occurring) != (
            self.suggested_level,
            self.suggested_withdrawal_management,
            self.suggested_co_occurring,
        )

    @property
    def suggested_level_name(self) -> str:
        return asam.LEVELS.get(self.suggested_level, "")

    @property
    def confirmed_level_name(self) -> str:
        return asam.LEVELS.get(self.confirmed_level, "")


class InstrumentResult(models.Model):
    """One screening instrument as administered in an assessment: the answers and what the scorer returned."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="instrument_results")
    code = models.CharField("instrument", max_length=12, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField(help_text="0-based option indexes, in the order of instruments.md.")
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=30)
    flags = models.JSONField(default=list)
    subscores = models.JSONField(default=dict, blank=True, help_text="e.g. AUDIT-C beside AUDIT.")
    extra = models.JSONField(default=dict, blank=True, help_text="Unscored answers: PHQ-9 difficulty, CRAFFT Part A.")
    loinc = models.CharField("LOINC code of the total", max_length=12, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_result_per_instrument")]

    def __str__(self) -> str:
        return f"{self.code}: {self.total} ({self.band})"

    def get_additional_data(self) -> dict[str, int]:
        case = self.assessment.case
        return {"organization": case.organization_id, "case": case.pk}

    @property
    def instrument(self) -> instruments.Instrument:
        return instruments.INSTRUMENTS[self.code]

    @property
    def band_info(self) -> instruments.Band:
        return self.instrument.band(self.band)

    @property
    def flag_meanings(self) -> list[tuple[str, str]]:
        return [(flag, self.instrument.flag_meaning(flag)) for flag in self.flags]

    @property
    def subscore_rows(self) -> list[tuple[str, int, int]]:
        """(code, value, max) of each sub-score, e.g. ("AUDIT-C", 5, 12)."""
        rows = []
        for subscore in self.instrument.subscores:
            if subscore.code in self.subscores:
                top = sum(self.instrument.items[n - 1].max_points for n in subscore.items)
                rows.append((subscore.code, self.subscores[subscore.code], top))
        return rows

    @property
    def extra_rows(self) -> list[tuple[str, str]]:
        """(question, answer as shown) for the unscored questions that were answered."""
        rows = []
        for question in self.instrument.extras:
            if question.key in self.extra:
                value = self.extra[question.key]
                answer = question.options[value] if question.options else str(value)
                rows.append((question.short or question.text, answer))
        return rows


class SafetyActionKind(models.TextChoices):
    CRISIS_LINE = "988_referral", "Referred to the 988 Suicide & Crisis Lifeline"
    RISK_ASSESSMENT = "risk_assessment", "Structured suicide risk assessment done (e.g. C-SSRS)"
    SAFETY_PLAN = "safety_plan", "Safety plan made with the person"
    CLINICIAN_HANDOFF = "clinician_handoff", "Warm handoff to a mental health clinician"
    EMERGENCY = "emergency", "Emergency services called (911) or taken to an emergency department"
    OTHER = "other", "Other (described in the notes)"


class SafetyFlagQuerySet(models.QuerySet["SafetyFlag"]):
    def open(self) -> QuerySet[SafetyFlag]:
        """Flags nobody has recorded the safety action for yet."""
        return self.filter(acted_at__isnull=True)


class SafetyFlag(models.Model):
    """Raised on the case when a screen signals danger (PHQ-9 item 9 above 0). It stays on the case page and the
    dashboard until an interventionist records the safety action taken, who and when."""

    class Kind(models.TextChoices):
        SUICIDE_RISK = "suicide_risk", "Suicide risk (PHQ-9 item 9)"

    case = models.ForeignKey("interventions.Case", on_delete=models.CASCADE, related_name="safety_flags")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="safety_flags", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.TextField(blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("safety action taken", max_length=20, choices=SafetyActionKind.choices, blank=True)
    action_notes = models.TextField("what was done", blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    objects = SafetyFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["case", "acted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acted_at__isnull=True) | ~models.Q(action=""), name="acted_flag_has_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} raised {timezone.localtime(self.raised_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:safety-flag", kwargs={"case": self.case_id, "flag": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}

    @property
    def is_open(self) -> bool:
        return self.acted_at is None
