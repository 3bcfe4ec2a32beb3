"""Form fields shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection


def is_id(value: Any, model_field: Any) -> bool:
    """Is `value` a well-formed id for `model_field` (ASCII digits within the database's range for the column)?"""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return False
    low, high = connection.ops.integer_field_range(model_field.get_internal_type())
    return (low is None or int(text) >= low) and (high is None or int(text) <= high)


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses a value that is no id as an invalid choice before querying:
    Django's own passes an id beyond the column's range to the database, which fails (a 500)."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        assert self.queryset is not None  # noqa: S101  (a ModelMultipleChoiceField always has one)
        meta = self.queryset.model._meta
        model_field = meta.pk if key == "pk" else meta.get_field(key)
        for each in value:
            if not is_id(each, model_field):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": each}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, missing from django-stubs
