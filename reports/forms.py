"""The report's filters: a period in the practice's zone, and (for owners) one interventionist; a model; a source."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from accounts.models import Organization, User
from interventions.models import InterventionModel, ReferralSource

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONGEST = dt.timedelta(days=366 * 5)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months: from the first of the month eleven months back, to today."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), today


class ReportForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE, required=False)
    end = forms.DateField(label="To", widget=DATE, required=False)
    interventionist = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="The whole practice"
    )
    model = forms.ChoiceField(label="Intervention model", required=False)
    referral_source = forms.ChoiceField(label="Referral source", required=False)

    def __init__(self, *args: Any, organization: Organization, is_owner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = default_period(timezone.localdate(timezone=organization.zone))
        self.fields["start"].initial, self.fields["end"].initial = start, end
        cast(forms.ChoiceField, self.fields["model"]).choices = [("", "Any model"), *InterventionModel.choices]
        cast(forms.ChoiceField, self.fields["referral_source"]).choices = [("", "Any source"), *ReferralSource.choices]
        if is_owner:
            cast(forms.ModelChoiceField, self.fields["interventionist"]).queryset = User.objects.filter(
                memberships__organization=organization, memberships__is_active=True
            ).order_by("display_name")
        else:
            del self.fields["interventionist"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An empty date is the default's: a link with only `?model=arise` covers the last 12 months.
        for name in ("start", "end"):
            if name in data and data[name] is None:
                data[name] = self.fields[name].initial
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period comes after its start.")
        elif start and end and end - start > LONGEST:
            self.add_error("start", "Choose a period of at most five years.")
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned filters, or the defaults where the form is not valid (the page still shows a report)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {"start": self.fields["start"].initial, "end": self.fields["end"].initial}
