"""Reading and writing directory files: SAMHSA's locator JSON export and our own (native) CSV.

Parsing never touches the database: it turns a file into `FacilityRecord`s plus every structural error (with
its position and reason) and every warning (labels we do not know, kept as raw text). `facilities.services`
decides what to write. Native CSV written by `write_native` reads back into the same records; its cells that a
spreadsheet would run as formulas are written with a quote in front (`neutralise`), taken off on import.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_datetime

from . import vocabulary
from .models import Facility

Service = tuple[str, str, str]  # (category, code, label): label is empty when the code is known


@dataclass
class FacilityRecord:
    """One facility as a file describes it: the fields the format carries and its services in those categories."""

    position: str
    external_id: str
    fields: dict[str, Any]
    services: set[Service]
    categories: frozenset[str]  # the categories this format owns: their services are replaced on upsert


@dataclass
class Problem:
    position: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"position": self.position, "reason": self.reason}


@dataclass
class ParseResult:
    records: list[FacilityRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (category, label) -> positions

    def warn(self, category: str, label: str, position: str) -> None:
        self.warnings.setdefault((category, label), []).append(position)

    def warning_list(self) -> list[dict[str, Any]]:
        return [
            {"category": category, "label": label, "count": len(positions), "positions": positions[:5]}
            for (category, label), positions in sorted(self.warnings.items())
        ]


class FileRejected(Exception):
    """The file as a whole cannot be read (encoding, not JSON, no rows, missing columns)."""


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed); anything else rejects the whole file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRejected(
            f"The file is not UTF-8 text (byte {error.start}, line {line}). Save it as UTF-8 and try again."
        ) from error


def _check_coordinates(fields: dict[str, Any], raw: dict[str, object], position: str, result: ParseResult) -> None:
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = raw.get(name)
        if value in (None, ""):
            fields[name] = None
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            result.errors.append(Problem(position, f"{name} {value!r} is not a number"))
            continue
        if not number.is_finite() or abs(number) > limit:
            result.errors.append(Problem(position, f"{name} {value} is outside -{limit}..{limit}"))
            continue
        fields[name] = number.quantize(Decimal("0.0000001"))


_MAX_LENGTHS: dict[str, int] = {
    field.name: field.max_length for field in Facility._meta.concrete_fields if field.max_length
}


def _check_lengths(fields: dict[str, Any], position: str, result: ParseResult) -> None:
    for name, value in fields.items():
        max_length = _MAX_LENGTHS.get(name)
        if max_length and isinstance(value, str) and len(value) > max_length:
            result.errors.append(Problem(position, f"{name} is longer than {max_length} characters"))


def _check_identity(external_id: str, name: str, position: str, seen: dict[str, str], result: ParseResult) -> bool:
    ok = True
    if not external_id:
        result.errors.append(Problem(position, "no external id"))
        ok = False
    elif external_id in seen:
        result.errors.append(Problem(position, f"id {external_id} is already used at {seen[external_id]}"))
        ok = False
    else:
        seen[external_id] = position
    if not name:
        result.errors.append(Problem(position, "no name"))
        ok = False
    return ok


# ---------------------------------------------------------------- SAMHSA locator JSON

SAMHSA_FIELDS = {
    "name1": "name",
    "name2": "name2",
    "street1": "street1",
    "street2": "street2",
    "city": "city",
    "state": "state",
    "zip": "postal_code",
    "phone": "phone",
    "intake1": "intake_phone",
    "intake2": "intake_phone2",
    "hotline1": "hotline",
    "website": "website",
}
SAMHSA_OWNED = frozenset(vocabulary.SAMHSA_CATEGORIES)


# (category, labels) -> its services and the labels to warn about: an export repeats the same values row after row.
_ServiceCache = dict[tuple[str, str], tuple[list[Service], list[str]]]


_code_for_label = functools.lru_cache(maxsize=8192)(vocabulary.code_for_label)


def _samhsa_values(category: str, labels: str) -> tuple[list[Service], list[str]]:
    services: list[Service] = []
    unknown: list[str] = []
    known_category = category in vocabulary.SAMHSA_CATEGORIES
    for label in labels.split(";"):
        label = " ".join(label.split())
        if not label:
            continue
        code = _code_for_label(category, label) if category in vocabulary.SAMHSA_CODES else None
        services.append((vocabulary.CODE_CATEGORY[code], code, "") if code else (category, "", label))
        if code is None and (category in vocabulary.SAMHSA_CODES or not known_category):
            unknown.append(label)
    return services, unknown


def _samhsa_services(row: dict[str, Any], position: str, result: ParseResult, cache: _ServiceCache) -> set[Service]:
    services: set[Service] = set()
    for item in row.get("services") or []:
        key = (str(item.get("f2") or "").strip(), str(item.get("f3") or ""))
        found = cache.get(key)
        if found is None:
            found = cache[key] = _samhsa_values(*key)
        services.update(found[0])
        for label in found[1]:
            result.warn(key[0], label, position)
    return services


# The export nests 4 levels ({"rows": [{"services": [{...}]}]}); deeper files are refused before parsing.
MAX_JSON_DEPTH = 16
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _check_json_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH (counted on brackets outside strings, before parsing)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise FileRejected(
                f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep: this is not a SAMHSA locator export."
            )


def parse_samhsa(data: bytes) -> ParseResult:
    """Parse the locator's JSON export (`{"rows": [...]}`)."""
    text = decode(data)
    _check_json_depth(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileRejected(f"The file is not JSON: {error.msg} (line {error.lineno}, column {error.colno}).") from error
    except RecursionError as error:  # a safety net: the depth check above refuses such files first
        raise FileRejected("The JSON is nested too deeply: this is not a SAMHSA locator export.") from error
    if not isinstance(document, dict) or not isinstance(document.get("rows"), list):
        raise FileRejected('This is not a SAMHSA locator export: no "rows" list.')
    result = ParseResult()
    seen: dict[str, str] = {}
    cache: _ServiceCache = {}
    kinds = frozenset(Facility.FacilityType.values)
    for index, row in enumerate(document["rows"], start=1):
        if not isinstance(row, dict):
            result.errors.append(Problem(f"row {index}", "not an object"))
            continue
        external_id = str(row.get("frid") or "").strip()
        position = f"row {index}" + (f" (frid {external_id[:12]}…)" if external_id else "")
        fields: dict[str, Any] = {
            ours: " ".join(str(row.get(theirs) or "").split()) for theirs, ours in SAMHSA_FIELDS.items()
        }
        fields["source"] = Facility.Source.SAMHSA
        kind = str(row.get("typeFacility") or "SA")
        fields["facility_type"] = kind if kind in kinds else Facility.FacilityType.SA
        ok = _check_identity(external_id, fields["name"], position, seen, result)
        errors_before = len(result.errors)
        _check_coordinates(fields, row, position, result)
        _check_lengths(fields, position, result)
        services = _samhsa_services(row, position, result, cache)
        if ok and len(result.errors) == errors_before:
            owned = SAMHSA_OWNED | {category for category, _, _ in services}
            result.records.append(FacilityRecord(position, external_id, fields, services, owned))
    return result


# ---------------------------------------------------------------- native CSV

NATIVE_FIELDS = [
    "external_id", "source", "name", "name2", "facility_type", "street1", "street2", "city", "state", "postal_code",
    "latitude", "longitude", "phone", "intake_phone", "intake_phone2", "hotline", "website", "admissions_contact",
    "admissions_phone", "admissions_email", "admissions_hours", "stay_min_days", "stay_max_days", "cost_min",
    "cost_max", "cost_unit", "notes", "last_verified_at", "archived",
]  # fmt: skip
INTEGER_FIELDS = ("stay_min_days", "stay_max_days", "cost_min", "cost_max")
CHOICE_FIELDS = {
    "source": Facility.Source.values,
    "facility_type": Facility.FacilityType.values,
    "cost_unit": ["", *Facility.CostUnit.values],
}
CODE_COLUMNS = [f"codes_{category}" for category in vocabulary.MAPPED_CATEGORIES]
OTHER_LABELS = "other_labels"  # "CATEGORY: label | CATEGORY: label"
NATIVE_COLUMNS = [*NATIVE_FIELDS, *CODE_COLUMNS, OTHER_LABELS]
NATIVE_OWNED = frozenset(vocabulary.CATEGORY_LABELS) | frozenset({"*"})  # "*": every category, known or not


def _native_scalars(row: dict[str, str], position: str, result: ParseResult) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: row[name].strip() for name in NATIVE_FIELDS if name not in ("latitude", "longitude")
    }
    for name in INTEGER_FIELDS:
        value = fields[name]
        if value and not value.isdigit():
            result.errors.append(Problem(position, f"{name} {value!r} is not a whole number"))
        fields[name] = int(value) if value.isdigit() else None
    for name, allowed in CHOICE_FIELDS.items():
        if fields[name] not in allowed:
            result.errors.append(Problem(position, f"{name} {fields[name]!r} is not one of {', '.join(allowed)}"))
    verified = fields.pop("last_verified_at")
    fields["last_verified_at"] = parse_datetime(verified) if verified else None
    if verified and fields["last_verified_at"] is None:
        result.errors.append(Problem(position, f"last_verified_at {verified!r} is not a date and time"))
    archived = fields.pop("archived").lower()
    if archived not in ("", "yes", "no"):
        result.errors.append(Problem(position, f"archived {archived!r} is not yes or no"))
    fields["is_archived"] = archived == "yes"
    return fields


def _native_services(row: dict[str, str], position: str, result: ParseResult) -> set[Service]:
    services: set[Service] = set()
    for category in vocabulary.MAPPED_CATEGORIES:
        for code in row[f"codes_{category}"].split(";"):
            code = code.strip()
            if not code:
                continue
            if code in vocabulary.ALL_CODES[category]:
                services.add((category, code, ""))
            else:
                services.add((category, "", code))
                result.warn(category, code, position)
    for item in row[OTHER_LABELS].split("|"):
        category, _, label = item.partition(":")
        if label.strip():
            services.add((category.strip(), "", label.strip()))
    return services


def parse_native(data: bytes) -> ParseResult:
    """Parse our CSV export. Every column of NATIVE_COLUMNS is required."""
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    try:
        return _native_rows(reader)
    except csv.Error as error:  # a cell over csv.field_size_limit(), a quote left open...
        raise FileRejected(f"The CSV file cannot be read at line {reader.line_num + 1}: {error}.") from error


def _native_rows(reader: csv.DictReader) -> ParseResult:
    missing = [column for column in NATIVE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise FileRejected(f"The CSV file lacks columns: {', '.join(missing)}.")
    result = ParseResult()
    seen: dict[str, str] = {}
    for row in reader:
        position = f"line {reader.line_num}"
        if None in row or any(value is None for value in row.values()):
            result.errors.append(Problem(position, "the row does not have as many cells as the header"))
            continue
        row = {name: restore(value) for name, value in row.items()}
        errors_before = len(result.errors)
        fields = _native_scalars(row, position, result)
        external_id = fields.pop("external_id")
        ok = _check_identity(external_id, fields["name"], position, seen, result)
        _check_coordinates(fields, row, position, result)
        _check_lengths(fields, position, result)
        services = _native_services(row, position, result)
        if ok and len(result.errors) == errors_before:
            result.records.append(FacilityRecord(position, external_id, fields, services, NATIVE_OWNED))
    return result


def parse(data: bytes, format: str) -> ParseResult:  # noqa: A002
    if format == "samhsa":
        return parse_samhsa(data)
    if format == "native":
        return parse_native(data)
    raise ValueError(f"unknown format {format!r}")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP): the export
# writes such cells with a single quote in front, which spreadsheets show as text. A cell that starts with a
# quote gets one more, so the import can take off exactly the quote the export added.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(cell: str) -> str:
    """The cell as the export writes it: quoted when a spreadsheet would read it as a formula (numbers are not)."""
    if (cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell)) or cell.startswith("'"):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell as it was before `neutralise`: the quote is removed only where the export adds one."""
    if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")):
        return cell[1:]
    return cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def native_row(facility: Facility) -> list[str]:
    """One facility as a native CSV row (its services must be prefetched)."""
    values = {name: getattr(facility, name, None) for name in NATIVE_FIELDS}
    values["archived"] = facility.is_archived
    cells = [_cell(values[name]) for name in NATIVE_FIELDS]
    rows = facility.services.all()
    for category in vocabulary.MAPPED_CATEGORIES:
        codes = sorted({s.code for s in rows if s.category == category and s.code})
        codes += sorted({s.label for s in rows if s.category == category and not s.code})
        cells.append(";".join(codes))
    others = sorted({(s.category, s.label) for s in rows if not s.code and s.category not in vocabulary.ALL_CODES})
    cells.append(" | ".join(f"{category}: {label}" for category, label in others))
    return [neutralise(cell) for cell in cells]


# RFC 4180's line end: Python's csv quotes a cell holding any character of it, so a lone CR stays in its cell.
LINE_END = "\r\n"


def write_native(facilities: Iterable[Facility], out: io.TextIOBase | Any) -> int:
    """Write native CSV to a text stream; returns the number of facilities written."""
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(NATIVE_COLUMNS)
    count = 0
    for facility in facilities:
        writer.writerow(native_row(facility))
        count += 1
    return count


def iter_native(facilities: Iterable[Facility]) -> Iterator[str]:
    """Native CSV line by line, for a streaming download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(NATIVE_COLUMNS)
    for facility in facilities:
        writer.writerow(native_row(facility))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
