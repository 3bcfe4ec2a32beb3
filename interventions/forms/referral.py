"""Forms of referrals: the care needs behind the matches, sending, status, contacts, insurance, admission."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms

from accounts.zones import zone_label
from facilities import vocabulary as v
from facilities.matching import CareNeeds

from ..disclosure import Category
from ..models import REFERRAL_TRANSITIONS, InsuranceVerification, Referral, ReferralContact, ReferralStatus
from .fields import PastDateTimeField, ZonedDateTimeField

BLANK = [("", "Any")]


def _multi(label: str, choices: list[tuple[str, str]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class CareNeedsForm(forms.Form):
    """The case's needs, editable before ranking (a GET form: the URL holds the search)."""

    level_of_care = forms.ChoiceField(
        label="Level of care", choices=BLANK + list(v.LEVELS_OF_CARE.items()), required=False
    )
    withdrawal_management = forms.BooleanField(label="Withdrawal management (detox) needed", required=False)
    co_occurring = forms.BooleanField(label="Co-occurring mental health capability needed", required=False)
    payment = forms.ChoiceField(
        label="Payment", choices=BLANK + v.group_choices(sorted(v.PAYMENT_CODES - {"NP"})), required=False
    )
    age = forms.IntegerField(label="Age", min_value=0, max_value=120, required=False)
    sex = forms.ChoiceField(label="Sex", choices=BLANK + [("female", "Female"), ("male", "Male")], required=False)
    populations = _multi("Special programs needed", v.choices("SG"))
    language = forms.ChoiceField(
        label="Language", choices=BLANK + v.group_choices(sorted(v.LANGUAGE_CODES)), required=False
    )
    medications = _multi("Medications needed", v.group_choices(sorted(v.MEDICATION_CODES)))
    postal_code = forms.CharField(label="ZIP code", max_length=10, required=False)
    max_distance_km = forms.FloatField(label="Within (km)", min_value=1, required=False)
    philosophy = _multi("Preferred philosophy", v.choices("PHIL"))
    therapies = _multi("Preferred therapies", v.choices("THER"))
    environment = _multi("Preferred environment", v.choices("ENV"))

    @classmethod
    def initial_from(cls, needs: CareNeeds) -> dict[str, Any]:
        return {name: getattr(needs, name) for name in cls.base_fields}

    def needs(self) -> CareNeeds:
        data = {name: value for name, value in self.cleaned_data.items()}
        for name in ("level_of_care", "payment", "sex", "language", "postal_code"):
            data[name] = data[name] or None
        for name in ("populations", "medications", "philosophy", "therapies", "environment"):
            data[name] = set(data[name])
        return CareNeeds(**data)


class ReferralSendForm(forms.Form):
    facilities = forms.TypedMultipleChoiceField(label="Facilities", coerce=int, widget=forms.MultipleHiddenInput)
    note = forms.CharField(label="Note to the facilities", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, facility_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["facilities"]).choices = [(pk, pk) for pk in facility_ids]


class ReferralStatusForm(forms.Form):
    to = forms.ChoiceField(label="New status")
    note = forms.CharField(label="Why or what was said", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [s for s in REFERRAL_TRANSITIONS[referral.status] if s != ReferralStatus.ADMISSION_SCHEDULED]
        cast(forms.ChoiceField, self.fields["to"]).choices = [
            (status, ReferralStatus(status).label) for status in allowed
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReferralContactForm(forms.ModelForm):
    shared_categories = forms.MultipleChoiceField(
        label="Information shared",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What you told the facility: each needs the person's active consent naming it, and is recorded "
        "as a disclosure.",
    )
    at = PastDateTimeField(label="When", help_text="When the call, email or meeting took place.")

    class Meta:
        model = ReferralContact
        fields = ["kind", "at", "with_whom", "summary", "shared_categories"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InsuranceVerificationForm(forms.ModelForm):
    class Meta:
        model = InsuranceVerification
        fields = [
            "payer",
            "member_id",
            "verified_with",
            "network",
            "deductible",
            "deductible_met",
            "out_of_pocket_max",
            "prior_authorization_required",
            "prior_authorization_obtained",
            "prior_authorization_reference",
            "outcome",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("prior_authorization_obtained") and not data.get("prior_authorization_required"):
            self.add_error("prior_authorization_required", "An authorisation was obtained, so one was needed.")
        return data


class AdmissionForm(forms.ModelForm):
    """The admission logistics. The date and time are the facility's local time (an appointment there), entered and
    shown in its zone whoever's zone the page is in (Referral.admission_zone)."""

    class Meta:
        model = Referral
        fields = ["admission_at", "admission_contact", "what_to_bring", "transport", "transport_details"]
        widgets = {
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
            "transport_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        referral: Referral = self.instance  # always the referral (the facility gives the zone)
        zone = referral.admission_zone
        self.fields["admission_at"] = ZonedDateTimeField(
            zone=zone,
            label=f"Admission date and time (facility's local time, {zone_label(zone)})",
            help_text=f"As the facility gave it: the time on its clock in {zone_label(zone)}.",
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
