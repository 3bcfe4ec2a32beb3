"""The "Changes" column of the owner's audit log, made readable.

django-auditlog stores each change as strings (`{"field": ["old", "new"]}`): a UTC timestamp with microseconds,
a raw id for a foreign key, a choice's key. Here they become the reader's local time with its zone
("3 Dec 2026, 10:00 EST"), the related record's name (one query per related model for the whole page) and the
choice's label. The rows are built in the view, never by a template lookup on the stored
dict (a changed field named `items` once shadowed `dict.items` there and crashed the page).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import dateformat, timezone
from django.utils.text import capfirst

MISSING = (None, "None", "")
TIME_FORMAT = "j M Y, H:i T"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # get_field() also returns reverse relations and generic foreign keys; neither is concrete.
    return field if isinstance(field, models.Field) and getattr(field, "concrete", False) else None


def _fk_names(entries: Iterable[LogEntry]) -> dict[tuple[type[models.Model], str], str]:
    """One query per related model for every foreign key value on the page: (model, pk) -> the record's name."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes_dict.items():
            field = _field(model, name)
            if field is None or not field.is_relation or field.many_to_many or not isinstance(values, list):
                continue
            related = field.related_model  # a model class once the app registry is ready, not "self" or None
            if not isinstance(related, type):
                continue
            for value in values:
                if value in MISSING:
                    continue
                try:
                    wanted[related].add(related._meta.pk.to_python(value))
                except (ValidationError, ValueError, TypeError):
                    continue
    return {
        (related, str(obj.pk)): str(obj)
        for related, pks in wanted.items()
        for obj in related._base_manager.filter(pk__in=pks)
    }


def _display(field: models.Field | None, value: Any, zone: dt.tzinfo, names: dict) -> str:
    if value in MISSING:
        return "—"
    text = str(value)
    if field is None:
        return text
    if field.is_relation:
        return names.get((field.related_model, text), f"#{text}")
    if field.choices:
        return str({str(key): label for key, label in field.flatchoices}.get(text, text))
    if isinstance(field, models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=dt.UTC)
        return dateformat.format(moment.astimezone(zone), TIME_FORMAT)
    if isinstance(field, models.BooleanField):
        return {"True": "yes", "False": "no"}.get(text, text)
    return text


def _changes(entry: LogEntry, zone: dt.tzinfo, names: dict) -> list[Change]:
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        if isinstance(values, dict):  # a many-to-many change: {"type": "m2m", "operation": ..., "objects": [...]}
            objects = ", ".join(str(obj) for obj in values.get("objects", []))
            rows.append(Change(capfirst(name), str(values.get("operation", "")), objects))
            continue
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        field = _field(model, name)
        if field is None and model is not None and all(value in MISSING for value in values):
            continue  # a reverse relation auditlog lists with no value (e.g. a checklist's `items`)
        label = capfirst(str(field.verbose_name)) if field is not None else capfirst(name)
        rows.append(Change(label, _display(field, values[0], zone, names), _display(field, values[1], zone, names)))
    return rows


def describe(entries: Iterable[LogEntry], zone: dt.tzinfo) -> list[tuple[LogEntry, list[Change]]]:
    """Each entry with its readable changes."""
    entries = list(entries)
    names = _fk_names(entries)
    return [(entry, _changes(entry, zone, names)) for entry in entries]
