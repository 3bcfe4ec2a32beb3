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
    InterventionEvent,
    InterventionModel,
    InterventionPlan,
    Participant,
    PlanSession,
    TransitionChecklist,
)
from .fields import IdsMultipleChoiceField, PastDateTimeField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _row(*names: str) -> Div:
    return Div(*(Div(name, css_class="col-md") for name in names), css_class="row")


class PlanForm(forms.ModelForm):
    """The plan. Its date and time are entered in the place's time zone (`time_zone`, empty: the practice's)."""

    class Meta:
        model = InterventionPlan
        fields = [
            "model",
            "scheduled_for",
            "duration_minutes",
            "location",
            "time_zone",
            "location_notes",
            "invitation_wording",
            "invitation_sent_on",
            "arise_level",
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
            "violence_risk_checked_on": DATE,
            "location_notes": forms.Textarea(attrs={"rows": 2}),
            "invitation_wording": forms.Textarea(attrs={"rows": 3}),
            "violence_risk_notes": forms.Textarea(attrs={"rows": 2}),
            "contingency_plan": forms.Textarea(attrs={"rows": 3}),
            "travel_plan": forms.Textarea(attrs={"rows": 2}),
            "packing_list": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice_zone = organization.zone
        practice = zone_label(self.practice_zone)
        self.fields["time_zone"].widget = forms.Select(choices=zone_choices(f"The practice's ({practice})"))
        # The date and time are those of the place: shown and entered in its zone, whoever's zone the page is in.
        zone = self._zone(self.instance.time_zone)
        when = self.fields["scheduled_for"]
        when.help_text = f"Local time at the place: in its time zone below, or the practice's ({practice})."
        if self.instance.scheduled_for and not self.is_bound:
            self.initial["scheduled_for"] = timezone.localtime(self.instance.scheduled_for, zone).replace(tzinfo=None)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "The model and the day",
                "model",
                _row("scheduled_for", "duration_minutes"),
                _row("location", "time_zone"),
                "location_notes",
            ),
            Fieldset(
                "Invitation and stages (Invitational, ARISE, CRAFT)",
                "invitation_wording",
                _row("invitation_sent_on", "arise_level"),
                _row("violence_risk_checked_on", "violence_risk_notes"),
            ),
            Fieldset("If the answer is no", "contingency_plan"),
            Fieldset(
                "Logistics",
                "travel_plan",
                _row("travel_arranged", "escort"),
                "packing_list",
            ),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))


class SessionForm(forms.ModelForm):
    class Meta:
        model = PlanSession
        fields = [
            "kind",
            "starts_at",
            "duration_minutes",
            "location",
            "arise_level",
            "skills_taught",
            "homework",
            "family_wellbeing",
            "notes",
            "held",
            "attended",
        ]
        field_classes = {"attended": IdsMultipleChoiceField}
        widgets = {
            "starts_at": DATETIME,
            "skills_taught": forms.Textarea(attrs={"rows": 2}),
            "homework": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "attended": forms.CheckboxSelectMultiple,
        }
        labels = {"held": "The session took place", "attended": "Who came", "arise_level": "ARISE level"}

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["attended"]).queryset = plan.participants.all()
        if plan.model != InterventionModel.ARISE:
            del self.fields["arise_level"]  # the level of an ARISE network meeting; other models have none
        self.fields["attended"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the session"))


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

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["attendees"]).queryset = plan.participants.all()
        self.fields["attendees"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the outcome"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == InterventionEvent.Outcome.ACCEPTED_LATER and not data.get("later_date"):
            self.add_error("later_date", "Give the date the person agreed to enter treatment.")
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
