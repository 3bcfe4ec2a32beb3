from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms

from accounts.models import User

from ..models import Case, CaseSummary
from ..summary import recipients_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SummaryForm(forms.Form):
    """Build a summary: which version, for whom (the family version), which period."""

    version = forms.ChoiceField(
        choices=CaseSummary.Version.choices, initial=CaseSummary.Version.CLINICAL, widget=forms.RadioSelect
    )
    recipient = forms.ModelChoiceField(
        label="Family member (family version)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a family member",
        help_text="Only the sections their consent covers are included.",
    )
    period_start = forms.DateField(label="From", required=False, widget=DATE, help_text="Empty: from the start.")
    period_end = forms.DateField(label="To", required=False, widget=DATE, help_text="Empty: up to today.")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = cast(forms.ModelChoiceField, self.fields["recipient"])
        recipient.queryset = recipients_for(case)
        if not recipient.queryset.exists():
            recipient.help_text = "No family member has been invited to this case yet."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            "recipient",
            Div(Div("period_start", css_class="col-sm"), Div("period_end", css_class="col-sm"), css_class="row"),
        )
        self.helper.add_input(Submit("submit", "Build summary"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("version") == CaseSummary.Version.FAMILY and not data.get("recipient"):
            self.add_error("recipient", "Choose the family member the family version is for.")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "The period ends before it starts.")
        return data
