from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from accounts.models import Organization
from accounts.zones import zone_choices, zone_label, zone_named

from ..extensions import Candidate
from ..models import (
    ARISE_LEVELS,
    InterventionEvent,
    InterventionModel,
    InterventionPlan,
    Participant,
    PlanSession,
    TransitionChecklist,
    TreatmentInvitation,
)
from ..workflows import WORKFLOWS, Workflow, workflow_for
from ..workflows.base import ACCEPTED as ACCEPTED_OUTCOMES
from .fields import IdsMultipleChoiceField, PastDateTimeField, ZonedDateTimeField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _row(*names: str) -> Div:
    return Div(*(Div(name, css_class="col-md") for name in names), css_class="row")


class ModelChoiceForm(forms.Form):
    """The first step of a plan: which intervention model it follows (nothing preselected)."""

    model = forms.ChoiceField(label="Intervention model", widget=forms.RadioSelect)

    def __init__(self, *args: Any, exclude: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["model"])
        field.choices = [
            (w.model, f"{InterventionModel(w.model).label}: {w.summary}")
            for w in WORKFLOWS.values()
            if w.model != exclude
        ]


class SwitchModelForm(ModelChoiceForm):
    reason = forms.CharField(
        label="Why the model changes",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the case's notes, e.g. “After four months of CRAFT the family asked for a planned meeting.”",
    )


class PlanForm(forms.ModelForm):
    """The plan of one model: only the fields its workflow uses (workflows/), in its fieldsets. Its date and time are
    entered in the place's time zone (`time_zone`, empty: the practice's)."""

    class Meta:
        model = InterventionPlan
        fields = [
            "scheduled_for",
            "duration_minutes",
            "location",
            "time_zone",
            "location_notes",
            "first_call_on",
            "invited_by",
            "invitation_method",
            "invitation_sent_on",
            "invitation_answer",
            "invitation_wording",
            "violence_risk_checked_on",
            "violence_risk_notes",
            "contingency_plan",
            "travel_plan",
            "travel_arranged",
            "escort",
            "packing_list",
        ]
        widgets = {
            "scheduled_for": DATETIME,
            "invitation_sent_on": DATE,
            "first_call_on": DATE,
            "violence_risk_checked_on": DATE,
            "location_notes": forms.Textarea(attrs={"rows": 2}),
            "invitation_wording": forms.Textarea(attrs={"rows": 3}),
            "violence_risk_notes": forms.Textarea(attrs={"rows": 2}),
            "contingency_plan": forms.Textarea(attrs={"rows": 3}),
            "travel_plan": forms.Textarea(attrs={"rows": 2}),
            "packing_list": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"location": "place", "scheduled_for": "date and time"}
        help_texts = {
            "violence_risk_checked_on": "When you went through the risk of violence with the family: before any "
            "invitation to treatment.",
            "invitation_wording": "The words of the invitation, as the person will hear or read them.",
        }

    def __init__(self, *args: Any, organization: Organization, model: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workflow = workflow_for(model)
        for name in list(self.fields):
            if name not in self.workflow.plan_fields:
                del self.fields[name]
        for name in self.workflow.required_plan_fields:
            self.fields[name].required = True
        for name, label in self.workflow.plan_labels.items():
            self.fields[name].label = label
        self.practice_zone = organization.zone
        practice = zone_label(self.practice_zone)
        if "time_zone" in self.fields:
            self.fields["time_zone"].widget = forms.Select(choices=zone_choices(f"The practice's ({practice})"))
        if "scheduled_for" in self.fields:
            # The date and time are those of the place: shown and entered in its zone, whoever's zone the page is in.
            zone = self._zone(self.instance.time_zone)
            when = self.fields["scheduled_for"]
            when.help_text = f"Local time at the place: in its time zone below, or the practice's ({practice})."
            if self.instance.scheduled_for and not self.is_bound:
                self.initial["scheduled_for"] = timezone.localtime(self.instance.scheduled_for, zone).replace(
                    tzinfo=None
                )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *(Fieldset(legend, *_pairs(names)) for legend, names in self.workflow.plan_fieldsets)
        )
        self.helper.add_input(Submit("submit", "Save the plan"))

    def _zone(self, name: str) -> dt.tzinfo:
        return zone_named(name) if name else self.practice_zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        when = cleaned.get("scheduled_for")
        if when is not None:
            # Django read the wall-clock time in the page's zone; it is the place's.
            zone = self._zone(cleaned.get("time_zone", ""))
            cleaned["scheduled_for"] = timezone.make_aware(timezone.make_naive(when), zone)
        for name in ("first_call_on", "invitation_sent_on", "violence_risk_checked_on"):
            day = cleaned.get(name)
            if day is not None and day > timezone.localdate():
                self.add_error(name, "This is a date that has passed: it cannot be in the future.")
        return cleaned


# Fields that sit side by side on a wide screen.
_PAIRS = {
    "scheduled_for": "duration_minutes",
    "location": "time_zone",
    "invited_by": "invitation_method",
    "invitation_sent_on": "invitation_answer",
    "violence_risk_checked_on": "violence_risk_notes",
    "travel_arranged": "escort",
}


def _pairs(names: tuple[str, ...]) -> list[Any]:
    laid: list[Any] = []
    skip = set()
    for name in names:
        if name in skip:
            continue
        partner = _PAIRS.get(name)
        if partner in names:
            laid.append(_row(name, partner))
            skip.add(partner)
        else:
            laid.append(name)
    return laid


class EscalationForm(forms.Form):
    """ARISE: move up a level, from an entered date, saying why (and why a level is skipped)."""

    level = forms.TypedChoiceField(label="Move up to", coerce=int, widget=forms.RadioSelect)
    on = forms.DateField(label="From", widget=DATE, help_text="The day the new level began.")
    reason = forms.CharField(
        label="Why: what happened at this level",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. “Two network meetings; Sam did not come to either and drinking has increased.”",
    )
    skip_reason = forms.CharField(
        label="Why a level is skipped (only when moving up two levels)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = plan.arise_level or 1
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            (level, label) for level, label in ARISE_LEVELS if level > current
        ]
        self.current = current
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Move up a level"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("on")
        if day is not None and day > timezone.localdate():
            self.add_error("on", "The date cannot be in the future.")
        level = cleaned.get("level")
        if level and level > self.current + 1 and not (cleaned.get("skip_reason") or "").strip():
            self.add_error("skip_reason", f"Moving from level {self.current} to level {level} skips a level: say why.")
        return cleaned


class InvitationForm(forms.ModelForm):
    """CRAFT: an invitation to treatment and the person's answer (nothing preselected)."""

    made_at = PastDateTimeField(label="When it was made")
    answer = forms.ChoiceField(
        label="The person's answer", choices=TreatmentInvitation.Answer.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = TreatmentInvitation
        fields = ["made_at", "made_by", "session", "answer", "later_date", "notes"]
        widgets = {"later_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"made_by": "Who invited", "session": "After the session of"}

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["made_by"]).queryset = plan.participants.all()
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = plan.sessions.filter(held=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the invitation"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == TreatmentInvitation.Answer.ACCEPTED_LATER and not cleaned.get("later_date"):
            self.add_error("later_date", "Give the date the person agreed to enter treatment.")
        return cleaned


class ParticipantAddForm(forms.Form):
    """Pick one of the case's people; the role defaults to the one their record gives them (shown beside the name)."""

    source_key = forms.ChoiceField(label="Person")
    role = forms.ChoiceField(
        choices=[("", "As in their record")] + Participant.Role.choices,
        required=False,
        help_text="Leave it to take the role their family record gives them.",
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["source_key"]).choices = [
            (c.key, self.candidate_label(c)) for c in candidates
        ]
        self.helper = FormHelper()
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("submit", "Add participant"))

    @staticmethod
    def candidate_label(candidate: Candidate) -> str:
        roles = dict(Participant.Role.choices)
        details = [candidate.relationship, roles.get(candidate.suggested_role, "").lower()]
        shown = ", ".join(detail for detail in details if detail)
        return f"{candidate.name} ({shown})" if shown else candidate.name


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["role", "speaking_order", "boundary"]
        widgets = {"boundary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"boundary": "Private: only the interventionist and this participant see it."}

    def __init__(self, *args: Any, workflow: Workflow, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not workflow.shows_boundaries(plan):
            del self.fields["boundary"]
        if not workflow.uses_speaking_order:
            del self.fields["speaking_order"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))


class SessionForm(forms.ModelForm):
    """A session of the plan's model: the kinds and fields its workflow uses. Where the person is invited to the
    meetings (Invitational, ARISE), a meeting that took place says whether they came."""

    class Meta:
        model = PlanSession
        fields = [
            "kind",
            "starts_at",
            "duration_minutes",
            "location",
            "person_invited",
            "skills_taught",
            "homework",
            "family_wellbeing",
            "person_engagement",
            "notes",
            "held",
            "person_attended",
            "attended",
        ]
        field_classes = {"attended": IdsMultipleChoiceField}
        widgets = {
            "starts_at": DATETIME,
            "skills_taught": forms.Textarea(attrs={"rows": 2}),
            "homework": forms.Textarea(attrs={"rows": 2}),
            "person_engagement": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "attended": forms.CheckboxSelectMultiple,
            "person_invited": forms.RadioSelect(choices=[(True, "Yes"), (False, "No")]),
            "person_attended": forms.RadioSelect(choices=[(True, "Yes, they came"), (False, "No")]),
        }
        labels = {"held": "The session took place", "attended": "Who came from the family"}
        help_texts = {
            "skills_taught": "E.g. positive communication, rewarding sober time, allowing natural consequences.",
            "homework": "What the family practises before the next session.",
            "person_engagement": "Use, mood, openness to help: what the family has noticed since the last session.",
        }

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workflow = workflow_for(plan)
        base = {"kind", "starts_at", "duration_minutes", "location", "notes", "held", "attended"}
        for name in list(self.fields):
            if name not in base and name not in self.workflow.session_fields:
                del self.fields[name]
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = self.workflow.session_kind_choices()
        if len(kind.choices) == 1:
            del self.fields["kind"]
        cast(forms.ModelChoiceField, self.fields["attended"]).queryset = plan.participants.all()
        self.fields["attended"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the session"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "person_attended" in self.fields and cleaned.get("held") and cleaned.get("person_attended") is None:
            self.add_error("person_attended", "Say whether the person came: it is kept for every meeting.")
        return cleaned


class EventForm(forms.ModelForm):
    # When it took place: entered, never in the future. The outcome has no preselected choice.
    held_at = PastDateTimeField(label="When it took place")
    outcome = forms.ChoiceField(
        label="Outcome", choices=InterventionEvent.Outcome.choices, widget=forms.RadioSelect, initial=None
    )

    class Meta:
        model = InterventionEvent
        fields = ["held_at", "outcome", "attendees", "how_it_went", "later_date"]
        field_classes = {"attendees": IdsMultipleChoiceField}
        widgets = {
            "held_at": DATETIME,
            "later_date": DATE,
            "attendees": forms.CheckboxSelectMultiple,
            "how_it_went": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"attendees": "Who came"}

    next_meeting_at = forms.DateTimeField(
        label="The next family meeting",
        required=False,
        widget=DATETIME,
        help_text="Only when the family met without the person: the date and time they meet again.",
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workflow = workflow_for(plan)
        choices = [
            c for c in workflow.outcomes_for(plan) if not (workflow.invitations and c.outcome in ACCEPTED_OUTCOMES)
        ]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [(c.outcome, c.label) for c in choices]
        self.outcome_help = [(c.label, c.help) for c in choices if c.help]
        if any(c.outcome == InterventionEvent.Outcome.FAMILY_MET for c in choices):
            # At the place of the meetings, in its zone, as the plan's date and time are.
            self.fields["next_meeting_at"] = ZonedDateTimeField(
                zone=plan.zone,
                label="The next family meeting",
                required=False,
                help_text=f"Only when the family met without the person: when they meet again (local time at the "
                f"place, {zone_label(plan.zone)}).",
            )
        else:
            del self.fields["next_meeting_at"]
        if not any(c.outcome == InterventionEvent.Outcome.ACCEPTED_LATER for c in choices):
            del self.fields["later_date"]
        cast(forms.ModelChoiceField, self.fields["attendees"]).queryset = plan.participants.all()
        self.fields["attendees"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the outcome"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == InterventionEvent.Outcome.ACCEPTED_LATER and not data.get("later_date"):
            self.add_error("later_date", "Give the date the person agreed to enter treatment.")
        if data.get("outcome") == InterventionEvent.Outcome.FAMILY_MET:
            upcoming = data.get("next_meeting_at")
            if upcoming is None:
                self.add_error("next_meeting_at", "Give the date and time of the next family meeting.")
            elif upcoming <= timezone.now():
                self.add_error("next_meeting_at", "The next meeting is ahead: a date and time in the future.")
        elif "next_meeting_at" in data:
            data.pop("next_meeting_at")
        return data


class ArrivalForm(forms.Form):
    """The facility confirmed arrival: when the person was admitted (defaults to now; never in the future)."""

    arrived_at = PastDateTimeField(label="Admitted at", help_text="The date and time the facility admitted the person.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read in the page's zone (the interventionist's), unlike the scheduled admission (the facility's): say which.
        zone = zone_label(timezone.get_current_timezone())
        self.fields["arrived_at"].help_text = f"The date and time the facility admitted the person, in {zone} time."


class TransitionForm(forms.ModelForm):
    class Meta:
        model = TransitionChecklist
        fields = [
            "transport_confirmed",
            "transport_notes",
            "facility_contacted",
            "facility_contact",
            "expected_arrival",
            "documents_ready",
            "medications_ready",
            "notes",
        ]
        widgets = {"expected_arrival": DATETIME, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the checklist"))
