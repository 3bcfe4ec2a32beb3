"""The demo cases: only data the app itself accepts. Each seeded case's intake, submitted back unchanged
through the case edit form and its substance rows, is valid."""

from __future__ import annotations

from django import forms

from interventions.forms import CaseForm, SubstanceFormSet
from interventions.models import Case, Stage


def submitted(form: forms.BaseForm) -> dict:
    """What the browser posts for `form` as rendered, with nothing changed."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            value = "on" if value else None
        elif isinstance(field, forms.ModelMultipleChoiceField):
            value = [getattr(item, "pk", item) for item in value or []]
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def intake_errors(case: Case) -> dict:
    shown = CaseForm(instance=case, organization=case.organization)
    shown_rows = SubstanceFormSet(instance=case, prefix="substances")
    data = {**submitted(shown), **{f"substances-{k}": v for k, v in shown_rows.management_form.initial.items()}}
    for row in shown_rows.forms:
        data.update(submitted(row))
    form = CaseForm(data, instance=case, organization=case.organization)
    formset = SubstanceFormSet(data, instance=case, prefix="substances")
    form_ok = form.is_valid()
    formset.date_of_birth = form.cleaned_data.get("date_of_birth")  # as the case views do
    formset_ok = formset.is_valid()
    errors = {} if form_ok else dict(form.errors)
    if not formset_ok:
        errors["substances"] = [row_errors for row_errors in formset.errors if row_errors]
        errors.update({"substances (all)": formset.non_form_errors()} if formset.non_form_errors() else {})
    return errors


def test_every_seeded_case_passes_its_own_intake_form_and_substance_rows(seeded):
    cases = Case.objects.select_related("organization").order_by("pk")
    assert cases.exists() and not cases.filter(substances__isnull=True).exists()
    invalid = {case.reference: errors for case in cases if (errors := intake_errors(case))}
    assert not invalid


def test_the_intake_check_sees_a_substance_first_used_after_today(seeded):
    case = Case.objects.filter(stage=Stage.INTAKE).order_by("pk").first()
    row = case.substances.first()
    row.age_first_use = 99
    row.save(update_fields=["age_first_use"])
    assert "substances" in intake_errors(case)
