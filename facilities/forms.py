from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from accounts.zones import zone_choices

from . import vocabulary
from .models import BedAvailability, Facility, ImportJob, PracticeRelationship
from .services import too_large
from .zones import zone_for_state

CODE_FIELD_PREFIX = "codes_"

FIELDSETS = [
    ("Facility", ["name", "name2", "facility_type", "external_id"]),
    ("Address", ["street1", "street2", "city", "state", "postal_code", "latitude", "longitude", "time_zone"]),
    ("Contact", ["phone", "intake_phone", "intake_phone2", "hotline", "website"]),
    ("Admissions", ["admissions_contact", "admissions_phone", "admissions_email", "admissions_hours"]),
    ("Stay and cost", ["stay_min_days", "stay_max_days", "cost_min", "cost_max", "cost_unit"]),
]


class FacilityForm(forms.ModelForm):
    """The facility with one set of checkboxes per coded category (SAMHSA's and our profile's)."""

    verified = forms.BooleanField(label="I checked this entry with the facility today", required=False, initial=True)

    class Meta:
        model = Facility
        fields = [name for _, names in FIELDSETS for name in names] + ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"website": lambda **kwargs: forms.URLField(assume_scheme="https", **kwargs)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["external_id"].required = False
        self.fields["external_id"].help_text = "Leave empty for a facility that is not in SAMHSA's locator."
        # Empty: the state's zone (facilities.zones). Named for a facility that has a state, so the admin sees it.
        derived = zone_for_state(self.instance.state)
        blank = f"Its state's ({derived})" if derived else "Its state's (the installation's when it has none)"
        self.fields["time_zone"].widget = forms.Select(choices=zone_choices(blank))
        for category in vocabulary.MAPPED_CATEGORIES:
            self.fields[CODE_FIELD_PREFIX + category] = forms.MultipleChoiceField(
                label=vocabulary.CATEGORY_LABELS[category],
                choices=vocabulary.choices(category),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=self.instance.codes_in(category) if self.instance.pk else [],
            )
        self.helper = FormHelper()
        code_fields = [CODE_FIELD_PREFIX + category for category in vocabulary.PROFILE_CODES]
        samhsa_fields = [CODE_FIELD_PREFIX + category for category in vocabulary.SAMHSA_CODES]
        self.helper.layout = Layout(
            *(Fieldset(legend, *names) for legend, names in FIELDSETS),
            Fieldset("What interventionists weigh", *code_fields),
            Fieldset("SAMHSA services", *samhsa_fields),
            Fieldset("Notes and verification", "notes", "verified"),
        )
        self.helper.add_input(Submit("submit", "Save facility"))

    def clean_external_id(self) -> str:
        value = self.cleaned_data["external_id"]
        return value or self.instance.external_id or ""

    def clean_state(self) -> str:
        state = self.cleaned_data.get("state", "").strip().upper()
        if state and state not in US_STATES:
            raise forms.ValidationError("Use the two-letter postal abbreviation, e.g. VA.")
        return state

    def clean_postal_code(self) -> str:
        code = self.cleaned_data.get("postal_code", "").strip()
        if code and not re.fullmatch(r"\d{5}(-\d{4})?", code):
            raise forms.ValidationError("Enter a US ZIP code: 5 digits, or ZIP+4 (12345-6789).")
        return code

    def clean_latitude(self) -> Decimal | None:
        return _in_range(self.cleaned_data.get("latitude"), 90, "Latitude")

    def clean_longitude(self) -> Decimal | None:
        return _in_range(self.cleaned_data.get("longitude"), 180, "Longitude")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low_cost, high_cost = data.get("cost_min"), data.get("cost_max")
        if low_cost is not None and high_cost is not None and low_cost > high_cost:
            self.add_error("cost_max", "The highest cost cannot be lower than the lowest.")
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError("Give both latitude and longitude, or neither (the ZIP code then places it).")
        low, high = data.get("stay_min_days"), data.get("stay_max_days")
        if low is not None and high is not None and low > high:
            self.add_error("stay_max_days", "The longest typical stay cannot be shorter than the shortest.")
        return data

    def codes(self) -> dict[str, list[str]]:
        return {
            category: self.cleaned_data.get(CODE_FIELD_PREFIX + category, [])
            for category in vocabulary.MAPPED_CATEGORIES
        }


US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
}  # fmt: skip


def _in_range(value: Decimal | None, limit: int, name: str) -> Decimal | None:
    if value is not None and not -limit <= value <= limit:
        raise forms.ValidationError(f"{name} must be between -{limit} and {limit} degrees.")
    return value


class BedUpdateForm(forms.Form):
    setting = forms.ChoiceField(label="Setting", choices=vocabulary.choices("SET"))
    available = forms.IntegerField(label="Beds open", min_value=0, max_value=999)
    method = forms.ChoiceField(label="How we know", choices=BedAvailability.Method.choices)
    source = forms.CharField(
        label="Source", max_length=200, help_text='Who gave the figure, e.g. "Jo Park, admissions".'
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["setting"]).choices = facility.setting_choices


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = PracticeRelationship
        fields = ["kind", "details"]
        labels = {"kind": "Relationship", "details": "Details disclosed to the family"}
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save relationship"))


class ImportForm(forms.Form):
    format = forms.ChoiceField(label="Format", choices=ImportJob.Format.choices)
    file = forms.FileField(label="File")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.FACILITY_IMPORT_MAX_BYTES)
        self.fields["file"].help_text = f"Up to {limit}. A SAMHSA locator export, or a Casework CSV export."
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Check the file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        reason = too_large(upload.size)
        if reason:
            raise forms.ValidationError(reason)
        return upload


BEDS_FIELD_PREFIX = "beds_"


class BedConfirmForm(forms.Form):
    """The facility's one-page answer: open beds per setting it offers (filled in with what the directory shows;
    a blank field leaves that setting as it is), admissions hours and phone (blank: unchanged), and who answers."""

    hours = forms.CharField(
        label="Admissions hours",
        max_length=150,
        required=False,
        help_text='For example "Mon–Fri 8am–6pm, Sat 9am–1pm". Leave empty to keep what we list.',
    )
    phone = forms.CharField(
        label="Admissions phone",
        max_length=40,
        required=False,
        help_text="Leave empty to keep what we list.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    typed_name = forms.CharField(
        label="Your name",
        max_length=100,
        help_text="The directory shows the figures as confirmed by the facility, with your name.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, settings_offered: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings_offered = settings_offered
        beds = {
            BEDS_FIELD_PREFIX + code: forms.IntegerField(
                label=f"{label}: open beds",
                min_value=0,
                max_value=999,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            for code, label in settings_offered
        }
        self.fields = {**beds, **self.fields}
        self.fields["typed_name"].error_messages["required"] = "Type your name: we show who confirmed the beds."

    @property
    def bed_fields(self) -> list[forms.BoundField]:
        return [self[BEDS_FIELD_PREFIX + code] for code, _ in self.settings_offered]

    def bed_counts(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(BEDS_FIELD_PREFIX + code) for code, _ in self.settings_offered}
