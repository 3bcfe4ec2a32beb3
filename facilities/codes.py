"""Facility.codes: the facility's coded service values as the keys of one JSON object, for matching.

FacilityService stays the record (one row per category and code, raw labels included); `codes` is its index for
matching: `{"RS": true, "PI": true, ...}`, the non-empty codes of the facility's service rows (codes are unique
across categories, facilities.vocabulary). Object keys are what `has_key` / `has_keys` / `has_any_keys` test, on
SQLite and PostgreSQL alike, and on PostgreSQL a GIN index (migration 0006) serves those tests, so that every hard
need of a match is met in one bitmap scan.

`refresh(facility_ids)` rebuilds the column from the service rows in one UPDATE. Every writer of service rows calls
it after writing (the importer's two paths, the edit form's facility_save, the admin, the demo and test seeds).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection

from .models import Facility, FacilityService


def _sql() -> str:
    facility = connection.ops.quote_name(Facility._meta.db_table)
    service = connection.ops.quote_name(FacilityService._meta.db_table)
    if connection.vendor == "postgresql":
        return (
            f"UPDATE {facility} f SET codes = coalesce(c.codes, '{{}}'::jsonb) "  # noqa: S608 (our own names)
            f"FROM unnest(%s::bigint[]) AS ids(id) LEFT JOIN ("
            f"SELECT facility_id, jsonb_object_agg(code, true) AS codes FROM {service} "
            f"WHERE code <> '' AND facility_id = ANY(%s::bigint[]) GROUP BY facility_id"
            f") c ON c.facility_id = ids.id WHERE f.id = ids.id"
        )
    return (
        f"UPDATE {facility} SET codes = coalesce(("  # noqa: S608
        f"SELECT json_group_object(code, json('true')) FROM (SELECT DISTINCT code FROM {service} s "
        f"WHERE s.facility_id = {facility}.id AND s.code <> '')), '{{}}') WHERE id IN (SELECT value FROM json_each(%s))"
    )


def refresh(facility_ids: Iterable[int]) -> None:
    """Rebuild `codes` of these facilities from their service rows (one UPDATE; ids with no facility are ignored)."""
    ids = sorted(set(facility_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_sql(), [ids, ids])
        else:  # SQLite: the ids as one JSON array (no limit on bound parameters to meet)
            cursor.execute(_sql(), [json.dumps(ids)])
