"""Form fields shared by the apps' forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone


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


def now_to_the_minute() -> dt.datetime:
    """Now in the active time zone, to the minute: the default of an entered moment (a datetime-local input)."""
    return timezone.localtime().replace(second=0, microsecond=0)


class PastDateTimeField(forms.DateTimeField):
    """When something happened (an admission, a discharge, the intervention): entered by the user, defaulting to now
    in the active time zone, never in the future. A fact's date is never taken from the click."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", now_to_the_minute)
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        # A minute of slack: the default is now to the minute, and the clocks of browser and server differ.
        if value is not None and value > timezone.now() + dt.timedelta(minutes=1):
            raise ValidationError("This cannot be in the future: enter when it actually happened.", code="future")


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time at a place in `zone`, whatever zone the page is in: the typed wall-clock time is read in
    `zone` (a time that does not exist there, or exists twice, is refused) and a stored moment is shown in it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, zone: dt.tzinfo, **kwargs: Any) -> None:
        self.zone = zone
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(self.zone):
            return super().prepare_value(value)
