from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse

from .models import Membership, Organization, User
from .zones import zone_choices


class MemberAddForm(forms.Form):
    display_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.INTERVENTIONIST)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add member"))


class MemberChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
    is_active = forms.BooleanField(label="Active member", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))


class OrganizationSecurityForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["idle_timeout_minutes", "require_mfa"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("accounts:organization-security", kwargs={"org": self.instance.pk})
        self.helper.add_input(Submit("submit", "Save security settings"))


class OrganizationTimeZoneForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["time_zone"]
        widgets = {"time_zone": forms.Select(choices=zone_choices("Choose the practice's time zone"))}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("accounts:organization-time-zone", kwargs={"org": self.instance.pk})
        self.helper.add_input(Submit("submit", "Save the time zone"))


class ProfileForm(forms.ModelForm):
    """What a user sets for themselves: their name and, where it differs from their practice's, their time zone."""

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": "Name"}
        widgets = {"time_zone": forms.Select(choices=zone_choices("My practice's time zone"))}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))
