from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse

from .models import Membership, Organization


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
