from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from .models import (
    FAMILY_RESOURCES,
    AftercarePlan,
    AftercareSettings,
    FamilySupportSession,
    FollowUp,
    Medication,
    SupportGroup,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TRISTATE = [("", "Not asked"), ("true", "Yes"), ("false", "No")]


def _tristate(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def _helper(submit: str, *fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields) if fields else None
    helper.add_input(Submit("submit", submit))
    return helper


class FollowUpRecordForm(forms.ModelForm):
    """The record of a contact: reached or not, and the outcome measures."""

    reached = forms.TypedChoiceField(
        label="Reached?",
        choices=[("true", "Yes, we talked"), ("false", "No, not reached")],
        coerce=_tristate,
        widget=forms.RadioSelect,
    )
    use_since_last_contact = forms.TypedChoiceField(
        label="Substance use since last contact", choices=TRISTATE, coerce=_tristate, required=False, empty_value=None
    )
    risk_flags = forms.MultipleChoiceField(
        choices=FollowUp.Risk.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Risk flags"
    )

    class Meta:
        model = FollowUp
        fields = [
            "contacted_at",
            "reached",
            "engagement",
            "days_abstinent",
            "use_since_last_contact",
            "use_details",
            "risk_flags",
            "facility_changes",
            "notes",
        ]
        widgets = {
            "contacted_at": DATETIME,
            "use_details": forms.Textarea(attrs={"rows": 2}),
            "facility_changes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"contacted_at": "When was the contact?"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacted_at"].required = True
        if not self.instance.contacted_at:
            self.initial["contacted_at"] = timezone.localtime().replace(second=0, microsecond=0)
        if self.instance.reached is not None:
            self.initial["reached"] = "true" if self.instance.reached else "false"
        if self.instance.use_since_last_contact is not None:
            self.initial["use_since_last_contact"] = "true" if self.instance.use_since_last_contact else "false"
        if self.instance.kind != FollowUp.Kind.FACILITY:
            self.fields["facility_changes"].help_text = "Only for contacts with the facility."
        self.helper = _helper("Save the record")


class FollowUpAddForm(forms.Form):
    kind = forms.ChoiceField(choices=FollowUp.Kind.choices)
    due_at = forms.DateTimeField(label="Due", widget=DATETIME)
    purpose = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add follow-up")


class RescheduleForm(forms.Form):
    due_at = forms.DateTimeField(label="New due date and time", widget=DATETIME)
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Reschedule")


class PlanForm(forms.ModelForm):
    medications = forms.MultipleChoiceField(
        choices=Medication.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Medications for addiction treatment",
    )

    class Meta:
        model = AftercarePlan
        fields = [
            "agreed_with_person",
            "agreed_with_facility",
            "step_down_level",
            "step_down_provider",
            "step_down_start",
            "therapy_provider",
            "therapy_frequency",
            "medications",
            "medication_prescriber",
            "sober_living",
            "alumni_program",
            "triggers",
            "warning_signs",
            "coping_steps",
            "who_to_call",
            "family_part",
        ]
        widgets = {
            "step_down_start": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("triggers", "warning_signs", "coping_steps", "who_to_call", "family_part")
            },
        }
        labels = {"step_down_level": "Step-down level of care (ASAM)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("Step-down care", "step_down_level", "step_down_provider", "step_down_start"),
            Fieldset(
                "Continued therapy",
                Div(
                    Div("therapy_provider", css_class="col-md"),
                    Div("therapy_frequency", css_class="col-md"),
                    css_class="row",
                ),
            ),
            Fieldset("Medications", "medications", "medication_prescriber"),
            Fieldset("Living and community", "sober_living", "alumni_program"),
            Fieldset("Relapse-prevention plan", "triggers", "warning_signs", "coping_steps", "who_to_call"),
            Fieldset("The family", "family_part"),
            Fieldset("Agreement", "agreed_with_person", "agreed_with_facility"),
        )


class SupportGroupForm(forms.ModelForm):
    class Meta:
        model = SupportGroup
        fields = ["type", "meeting", "weekday", "time"]
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


SupportGroupFormSet = forms.formset_factory(SupportGroupForm, extra=2, can_delete=True)


class SessionForm(forms.ModelForm):
    class Meta:
        model = FamilySupportSession
        fields = ["kind", "scheduled_at", "attendees", "status", "topics", "homework", "family_wellbeing", "notes"]
        widgets = {
            "scheduled_at": DATETIME,
            "topics": forms.Textarea(attrs={"rows": 2}),
            "homework": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save the session")


class ResourceShareForm(forms.Form):
    resource = forms.ChoiceField(choices=[(key, value["name"]) for key, value in FAMILY_RESOURCES.items()])
    note = forms.CharField(max_length=200, required=False)


def _offsets(value: str) -> list[int]:
    try:
        days = sorted({int(part) for part in value.replace(",", " ").split()})
    except ValueError as error:
        raise forms.ValidationError("Give whole numbers of days, separated by commas.") from error
    if not days or days[0] < 1 or days[-1] > 730:
        raise forms.ValidationError("Give at least one offset, each between 1 and 730 days.")
    return days


class SettingsForm(forms.ModelForm):
    admission_offsets = forms.CharField(label="Days after admission", help_text="e.g. 7, 30, 60, 90")
    discharge_offsets = forms.CharField(label="Days after discharge", help_text="e.g. 30, 90, 180, 365")
    admission_kinds = forms.MultipleChoiceField(
        choices=FollowUp.Kind.choices, widget=forms.CheckboxSelectMultiple, label="After admission, follow up"
    )
    discharge_kinds = forms.MultipleChoiceField(
        choices=FollowUp.Kind.choices, widget=forms.CheckboxSelectMultiple, label="After discharge, follow up"
    )

    class Meta:
        model = AftercareSettings
        fields = [
            "admission_offsets",
            "admission_kinds",
            "discharge_offsets",
            "discharge_kinds",
            "reminder_hour",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("admission_offsets", "discharge_offsets"):
            self.initial[name] = ", ".join(str(day) for day in getattr(self.instance, name))
        self.helper = _helper("Save the schedule")

    def clean_admission_offsets(self) -> list[int]:
        return _offsets(self.cleaned_data["admission_offsets"])

    def clean_discharge_offsets(self) -> list[int]:
        return _offsets(self.cleaned_data["discharge_offsets"])

    def clean_reminder_hour(self) -> int:
        hour = self.cleaned_data["reminder_hour"]
        if hour > 23:
            raise forms.ValidationError("An hour from 0 to 23.")
        return hour
