"""Assessment forms: the clinical picture with the six ASAM ratings, one form per screening instrument built from
its definition (exact items and options as radio groups in labelled fieldsets), the decision on the suggested
level of care, and the safety action for a safety flag."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms

from .. import asam, instruments
from ..models import Assessment, Case, SafetyActionKind
from ..models.assessment import LEVEL_CHOICES, RATING_CHOICES
from ..services.assessment import SAFETY_FLAGS, Administered

CLINICAL_FIELDS = [
    "substance_use", "withdrawal_risk", "medical_conditions", "medications", "mental_health", "living_situation",
    "employment", "legal_issues", "dependants", "triggers", "strengths_supports", "readiness_stage", "readiness_notes",
]  # fmt: skip
RATING_FIELDS = [name for d in asam.DIMENSIONS for name in (f"dimension_{d}", f"dimension_{d}_note")]


def _text(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AssessmentForm(forms.ModelForm):
    """The clinical picture and the six ASAM dimensions (3rd edition), each rated 0-4 with a note."""

    class Meta:
        model = Assessment
        fields = [*CLINICAL_FIELDS, *RATING_FIELDS]
        widgets = {
            **{name: _text() for name in CLINICAL_FIELDS if name != "readiness_stage"},
            **{f"dimension_{d}": forms.RadioSelect for d in asam.DIMENSIONS},
            **{f"dimension_{d}_note": _text(1) for d in asam.DIMENSIONS},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for d, name in asam.DIMENSIONS.items():
            field = cast(forms.ChoiceField, self.fields[f"dimension_{d}"])
            field.choices = RATING_CHOICES
            field.label = f"Dimension {d}: {name}"
            self.fields[f"dimension_{d}_note"].label = f"Dimension {d} note"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "The clinical picture",
                Div(*[Div(name, css_class="col-md-6") for name in CLINICAL_FIELDS], css_class="row"),
            ),
            Fieldset(
                f"ASAM dimensions ({asam.EDITIONS[asam.EDITION]}): 0 none or very low risk to 4 very high",
                HTML(
                    '<p class="small text-body-secondary">The suggested level of care is calculated from these '
                    "ratings when you save; you confirm or override it next.</p>"
                ),
                *[Div(f"dimension_{d}", f"dimension_{d}_note", css_class="asam-dimension") for d in asam.DIMENSIONS],
            ),
        )

    @property
    def ratings(self) -> dict[int, int]:
        return {d: int(self.cleaned_data[f"dimension_{d}"]) for d in asam.DIMENSIONS}

    @property
    def rating_notes(self) -> dict[int, str]:
        return {d: self.cleaned_data.get(f"dimension_{d}_note", "") for d in asam.DIMENSIONS}

    @property
    def clinical_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CLINICAL_FIELDS}


def _radio(label: str, options: list[str]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=list(enumerate(options)),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class InstrumentForm(forms.Form):
    """One screening instrument, built from its definition. Optional as a whole: left blank, it was not
    administered; started, every item it asks must be answered. `administered` holds the answers after is_valid()."""

    def __init__(self, *args: Any, instrument: instruments.Instrument, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", instrument.code.lower())
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.administered: Administered | None = None
        if instrument.gate is not None:
            self.fields["gate"] = _radio(instrument.gate.text, [o.label for o in instrument.gate.options])
        extras = {question.key: self._extra_field(question) for question in instrument.extras}
        if instrument.extras_intro:  # asked first (CRAFFT Part A)
            self.fields.update(extras)
        for item in instrument.items:
            self.fields[f"item_{item.number}"] = _radio(f"{item.number}. {item.text}", [o.label for o in item.options])
        if not instrument.extras_intro:  # asked after the items (PHQ-9 difficulty)
            self.fields.update(extras)
        self._mark_safety_items()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = self._layout()

    def _mark_safety_items(self) -> None:
        """Say on the item itself that an answer above the first option raises a safety flag on the case."""
        for rule in self.instrument.flags:
            if (self.instrument.code, rule.key) in SAFETY_FLAGS:
                for number in rule.items:
                    first = self.instrument.items[number - 1].options[0].label
                    self.fields[f"item_{number}"].help_text = (
                        f'Any answer other than "{first}" raises a safety flag on the case, shown until the '
                        "safety action taken is recorded."
                    )

    def _extra_field(self, question: instruments.Extra) -> forms.Field:
        if question.options:
            return _radio(question.text, list(question.options))
        return forms.IntegerField(
            label=question.text,
            min_value=question.low,
            max_value=question.high,
            required=False,
            help_text="Number of days; 0 if none.",
        )

    def _layout(self) -> Layout:
        instrument = self.instrument
        parts: list[Any] = []
        if instrument.gate is not None:
            parts.append("gate")
        if instrument.extras_intro:
            parts.append(Fieldset(instrument.extras_intro, *[q.key for q in instrument.extras]))
        items = [f"item_{item.number}" for item in instrument.items]
        gated = {"data_gated": "true"} if instrument.gate is not None else {}  # hidden while the gate is not Yes
        parts.append(Fieldset(instrument.stem, *items, **gated) if instrument.stem else Div(*items))
        if not instrument.extras_intro:
            parts.extend(question.key for question in instrument.extras)
        return Layout(*parts)

    @property
    def started(self) -> bool:
        """Bound with at least one answer (the page keeps such an instrument open)."""
        return self.is_bound and any(self.data.get(self.add_prefix(name)) not in (None, "") for name in self.fields)

    def has_answers(self) -> bool:
        return any(value not in (None, "") for value in self.cleaned_data.values())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors or not self.has_answers():
            return data
        answers = self._answers(data)
        if answers is None:
            return data
        extra = {q.key: data.get(q.key) for q in self.instrument.extras if data.get(q.key) is not None}
        try:
            instruments.score(self.instrument.code, answers)
            self.instrument.validate_extras(extra)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        self.administered = Administered(self.instrument.code, answers, extra)
        return data

    def _answers(self, data: dict[str, Any]) -> list[int] | None:
        """The answers to score, or None after adding an error to each unanswered question."""
        instrument = self.instrument
        asked = [f"item_{item.number}" for item in instrument.items]
        if instrument.gate is not None:
            if data.get("gate") is None:
                self.add_error("gate", "Answer this question first.")
                return None
            if data["gate"] == 0:
                return [0]
        if instrument.code == "CRAFFT":
            asked = self._crafft_asked(data, asked)
        missing = [name for name in asked if data.get(name) is None]
        missing += [q.key for q in instrument.extras if not q.options and data.get(q.key) is None]
        for name in missing:
            self.add_error(name, "Answer this question, or leave the whole instrument blank.")
        if missing:
            return None
        answers = [data.get(f"item_{item.number}") or 0 for item in instrument.items]
        return [data["gate"], *answers] if instrument.gate is not None else answers

    @staticmethod
    def _crafft_asked(data: dict[str, Any], asked: list[str]) -> list[str]:
        """CRAFFT: when all three Part A day counts are 0, only the CAR question is asked."""
        days = [data.get(key) for key in ("alcohol_days", "marijuana_days", "other_days")]
        return asked[:1] if days == [0, 0, 0] else asked


def instrument_forms(case: Case, data: Any = None) -> list[InstrumentForm]:
    """A form for each instrument offered for this person: CRAFFT only for people under 21."""
    age = case.age
    return [
        InstrumentForm(data, instrument=instrument)
        for instrument in instruments.INSTRUMENTS.values()
        if instrument.max_age is None or (age is not None and age < instrument.max_age)
    ]


class ConfirmLevelForm(forms.Form):
    """The interventionist's decision on the suggestion: confirm it, or override it with a reason."""

    level = forms.ChoiceField(label="Level of care", choices=LEVEL_CHOICES)
    withdrawal_management = forms.BooleanField(label="Withdrawal management (detox) needed", required=False)
    co_occurring = forms.BooleanField(label="Co-occurring-capable program needed", required=False)
    reason = forms.CharField(
        label="Reason for overriding the suggestion",
        widget=_text(2),
        required=False,
        help_text="Required when your decision differs from the suggestion; both are kept.",
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "level": assessment.suggested_level,
                "withdrawal_management": assessment.suggested_withdrawal_management,
                "co_occurring": assessment.suggested_co_occurring,
            },
        )
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        differs = self.assessment.decision_differs(
            data.get("level", ""), data.get("withdrawal_management", False), data.get("co_occurring", False)
        )
        if differs and not data.get("reason", "").strip():
            self.add_error("reason", "Your decision differs from the suggestion: say why.")
        return data


class SafetyActionForm(forms.Form):
    action = forms.ChoiceField(label="Safety action taken", choices=SafetyActionKind.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label="What was done", widget=_text(3), required=False, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == SafetyActionKind.OTHER and not data.get("notes", "").strip():
            self.add_error("notes", "Describe the safety action taken.")
        return data
