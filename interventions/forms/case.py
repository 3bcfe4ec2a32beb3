from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, cast

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from accounts.models import Organization, User

from ..models import ALLOWED_TRANSITIONS, Case, Stage, SubstanceUse
from .fields import IdsMultipleChoiceField, PastDateTimeField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ZIP = re.compile(r"\d{5}(-\d{4})?")

PERSON_FIELDS = [
    "first_name", "last_name", "preferred_name", "date_of_birth", "sex", "gender_identity", "pronouns",
    "preferred_language", "phone", "email", "postal_code", "payer", "insurance_plan", "member_id", "veteran", "pregnant",
]  # fmt: skip
REFERRER_FIELDS = [
    "referral_source", "referrer_name", "referrer_relationship", "referrer_phone", "referrer_email"
]  # fmt: skip
INTAKE_FIELDS = [
    "presenting_concern", "prior_treatment_episodes", "prior_treatment_notes", "urgency", "overdose_last_90_days",
    "emergency_care_last_90_days", "withdrawal_seizures_history", "legal_deadline", "urgency_notes",
]  # fmt: skip


def staff_of(organization: Organization) -> QuerySet[User]:
    return User.objects.filter(memberships__organization=organization, memberships__is_active=True).order_by(
        "display_name"
    )


def _row(*names: str) -> Div:
    return Div(*(Div(name, css_class="col-md") for name in names), css_class="row")


class CaseForm(forms.ModelForm):
    """The intake: the person, who referred them, the concern and its urgency, and who works the case."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The values the form was opened with (JSON), to tell the user's changes from other people's on a conflict.
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["lead", "co_assigned", *PERSON_FIELDS, *REFERRER_FIELDS, *INTAKE_FIELDS]
        field_classes = {"co_assigned": IdsMultipleChoiceField}
        widgets = {
            "date_of_birth": DATE,
            "legal_deadline": DATE,
            "presenting_concern": forms.Textarea(attrs={"rows": 3}),
            "prior_treatment_notes": forms.Textarea(attrs={"rows": 2}),
            "urgency_notes": forms.Textarea(attrs={"rows": 2}),
            "co_assigned": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = staff_of(organization)
        cast(forms.ModelChoiceField, self.fields["co_assigned"]).queryset = staff_of(organization)
        self.fields["co_assigned"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["opened"].initial = json.dumps(case_snapshot(self.instance), cls=DjangoJSONEncoder)
        else:
            del self.fields["opened"]  # a new case has nothing to conflict with
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[name for name in ("version", "opened") if name in self.fields],
            Fieldset(
                "The person",
                _row("first_name", "last_name", "preferred_name"),
                _row("date_of_birth", "sex", "gender_identity", "pronouns"),
                _row("preferred_language", "phone", "email", "postal_code"),
                _row("payer", "insurance_plan", "member_id"),
                _row("veteran", "pregnant"),
            ),
            Fieldset("Who referred them", _row(*REFERRER_FIELDS)),
            Fieldset(
                "Presenting concern and urgency",
                "presenting_concern",
                _row("prior_treatment_episodes", "urgency", "legal_deadline"),
                "prior_treatment_notes",
                _row("overdose_last_90_days", "emergency_care_last_90_days", "withdrawal_seizures_history"),
                "urgency_notes",
            ),
            Fieldset("Who works the case", _row("lead", "co_assigned")),
        )

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth can't be in the future.")
        if born and born.year < 1900:
            raise forms.ValidationError("Check the year of birth.")
        return born

    def clean_postal_code(self) -> str:
        code = self.cleaned_data.get("postal_code", "").strip()
        if code and not ZIP.fullmatch(code):
            raise forms.ValidationError("Enter a US ZIP code: 5 digits, or ZIP+4 (12345-6789).")
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("pregnant") and data.get("sex") == "male":
            self.add_error("pregnant", "Pregnancy is recorded for people assigned female or intersex at birth.")
        lead, co_assigned = data.get("lead"), data.get("co_assigned")
        if lead and co_assigned and lead in co_assigned:
            self.add_error("co_assigned", f"{lead} already leads the case; choose other colleagues here.")
        return data


class SubstanceUseForm(forms.ModelForm):
    class Meta:
        model = SubstanceUse
        fields = ["substance", "route", "frequency", "amount", "age_first_use", "last_use"]
        widgets = {"last_use": DATE}

    def clean_last_use(self) -> dt.date | None:
        last = self.cleaned_data.get("last_use")
        if last and last > timezone.localdate():
            raise forms.ValidationError("The last use can't be in the future.")
        return last

    def clean_age_first_use(self) -> int | None:
        age = self.cleaned_data.get("age_first_use")
        if age is not None and not 1 <= age <= 100:
            raise forms.ValidationError("Enter an age between 1 and 100.")
        return age


class BaseSubstanceFormSet(forms.BaseInlineFormSet):
    """One row per substance; a first use no later than the person's age today."""

    def __init__(self, *args: Any, date_of_birth: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        age_now = _age(self.date_of_birth)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            substance, first = data.get("substance"), data.get("age_first_use")
            if not substance or data.get("DELETE"):
                continue
            if substance in seen:
                form.add_error("substance", "This substance is already listed: one row per substance.")
            seen.add(substance)
            if first is not None and age_now is not None and first > age_now:
                form.add_error("age_first_use", f"The person is {age_now} today: check the age at first use.")


def _age(born: dt.date | None) -> int | None:
    if born is None or born > timezone.localdate():
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# The stubs' inlineformset_factory returns the plain BaseInlineFormSet, not the `formset=` class.
SubstanceFormSet = cast(
    type[BaseSubstanceFormSet],
    forms.inlineformset_factory(
        Case, SubstanceUse, form=SubstanceUseForm, formset=BaseSubstanceFormSet, extra=2, can_delete=True, max_num=12
    ),
)


EDIT_FIELDS = ["lead", "co_assigned", *PERSON_FIELDS, *REFERRER_FIELDS, *INTAKE_FIELDS]
SUBSTANCE_FIELDS = ["substance", "route", "frequency", "amount", "age_first_use", "last_use"]


def _plain(value: Any) -> Any:
    """A JSON-comparable form of a field value: objects by pk, related sets as sorted pks, dates as ISO text."""
    if hasattr(value, "all"):
        value = value.all()
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(_plain(item) for item in value)
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def case_snapshot(case: Case) -> dict[str, Any]:
    """The case as the edit form shows it, in plain values (fields and the list of substances)."""
    values = {name: _plain(getattr(case, name)) for name in EDIT_FIELDS}
    values["substances"] = [
        {name: _plain(getattr(row, name)) for name in SUBSTANCE_FIELDS} for row in case.substances.all()
    ]
    return values


def submitted_snapshot(form: CaseForm, substances: list[dict[str, Any]]) -> dict[str, Any]:
    """What a valid edit form asks to save, in the plain values of case_snapshot."""
    values = {name: _plain(form.cleaned_data.get(name)) for name in EDIT_FIELDS}
    values["substances"] = [{name: _plain(row.get(name)) for name in SUBSTANCE_FIELDS} for row in substances]
    return values


@dataclass(frozen=True)
class FieldConflict:
    """One field of a refused save: its value when the form was opened, the user's, and the one saved now."""

    name: str
    label: str
    opened: str
    theirs: str
    current: str

    @property
    def both_changed(self) -> bool:
        return self.opened not in (self.theirs, self.current) and self.theirs != self.current


def _field(name: str) -> models.Field:
    """A concrete field of Case (the edit form's fields are all concrete)."""
    field = Case._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101  (EDIT_FIELDS names only concrete fields)
    return field


def _shown(case: Case, name: str, value: Any) -> str:
    """A plain value as the person reads it."""
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in ("lead", "co_assigned"):
        names = dict(
            User.objects.filter(pk__in=value if isinstance(value, list) else [value]).values_list("pk", "display_name")
        )
        return ", ".join(names.get(pk, "?") for pk in (value if isinstance(value, list) else [value]))
    if name == "substances":
        labels = dict(SubstanceUse._meta.get_field("substance").flatchoices)
        return "; ".join(
            " ".join(
                str(part)
                for part in (labels.get(row["substance"], row["substance"]), row.get("frequency"), row.get("amount"))
                if part
            )
            for row in value
        )
    choices = dict(_field(name).flatchoices)
    return str(choices.get(value, value))


def case_conflicts(case: Case, opened: dict[str, Any] | None, theirs: dict[str, Any]) -> list[FieldConflict]:
    """The fields where the user's save differs from the case as saved now (`case`), each with its value when
    the form was opened (unknown when the form did not carry it)."""
    current = case_snapshot(case)
    labels = {name: str(_field(name).verbose_name).capitalize() for name in EDIT_FIELDS}
    labels["substances"] = "Substances used"
    conflicts = []
    for name in [*EDIT_FIELDS, "substances"]:
        if theirs[name] == current[name]:
            continue
        was = _shown(case, name, opened[name]) if opened and name in opened else "(unknown)"
        conflicts.append(
            FieldConflict(
                name=name,
                label=labels[name],
                opened=was,
                theirs=_shown(case, name, theirs[name]),
                current=_shown(case, name, current[name]),
            )
        )
    return conflicts


def opened_snapshot(raw: str) -> dict[str, Any] | None:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def rebased_data(case: Case, opened: dict[str, Any] | None, theirs: dict[str, Any]) -> MultiValueDict:
    """Form data for the edit form on top of the case as saved now: the current values, with the user's own
    changes (the fields they changed since `opened`; every field that differs when that is unknown) applied,
    and the current version, so that saving it again succeeds."""
    current = case_snapshot(case)
    merged = {
        name: theirs[name] if opened is None or theirs[name] != opened.get(name) else current[name]
        for name in [*EDIT_FIELDS, "substances"]
    }
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name in EDIT_FIELDS:
        value = merged[name]
        data.setlist(name, [str(pk) for pk in value] if isinstance(value, list) else ["" if value is None else value])
    data["version"] = str(case.version)
    data["opened"] = json.dumps(current, cls=DjangoJSONEncoder)
    rows = merged["substances"]
    prefix = "substances"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "12",
        }
    )
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


# Moves whose date is a fact the rest of the record counts from (admission, discharge): the form asks when it happened.
DATED_MOVES = {
    (Stage.HELD, Stage.IN_TREATMENT),
    (Stage.AFTERCARE, Stage.IN_TREATMENT),
    (Stage.IN_TREATMENT, Stage.AFTERCARE),
    (Stage.IN_TREATMENT, Stage.DISENGAGED),
}


class StageChangeForm(forms.Form):
    # No stage is preselected: the user picks one (closing, in particular, is never a default).
    to = forms.ChoiceField(label="Move to")
    effective_at = PastDateTimeField(
        label="When it happened",
        required=False,
        help_text="For an admission or a discharge: the date and time it took place (defaults to now).",
    )
    note = forms.CharField(label="Why (kept in the timeline)", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    override_reason = forms.CharField(
        label="Override the readiness checks because",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Only when you proceed although a check is not met; kept in the timeline.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = [
            ("", "Choose the next stage"),
            *((stage, Stage(stage).label) for stage in ALLOWED_TRANSITIONS[case.stage]),
        ]
        self.case = case
        self.dated = any((case.stage, to) in DATED_MOVES for to in ALLOWED_TRANSITIONS[case.stage])
        if not self.dated:
            del self.fields["effective_at"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Move the case"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to = data.get("to")
        if "effective_at" in self.fields and (self.case.stage, to) in DATED_MOVES:
            if data.get("effective_at") is None and "effective_at" not in self.errors:
                self.add_error("effective_at", "Enter when it happened.")
        else:
            data.pop("effective_at", None)
        return data


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Why the case is closed (kept in the timeline)", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why the case is reopened (kept in the timeline)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="New note", widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add note"))


class CaseFilter(django_filters.FilterSet):
    """The caseload dashboard's filters: stage, lead, name search and sort."""

    q = django_filters.CharFilter(label="Name", method="search")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="All stages")
    lead = django_filters.ModelChoiceFilter(label="Lead", queryset=User.objects.none(), empty_label="Anyone")
    sort = django_filters.OrderingFilter(
        label="Sort",
        choices=[
            ("-last_activity_at", "Most recent activity"),
            ("last_activity_at", "Least recent activity"),
            ("last_name", "Last name"),
        ],
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Case
        fields = ["q", "stage", "lead"]

    def __init__(self, *args: Any, organization: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.filters["lead"].queryset = staff_of(organization)

    def search(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        reference = re.fullmatch(r"\s*[Cc]-?0*(\d+)\s*", value)
        if reference:  # a case reference, as printed on the case and its PDF: C-00013
            return queryset.filter(pk=int(reference.group(1)))
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(preferred_name__icontains=word)
            )
        return queryset
