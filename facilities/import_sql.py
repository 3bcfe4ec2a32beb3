"""The PostgreSQL path of `facilities.services.facilities_import`: validated records written in bulk.

The records (already validated in Python) are copied into two temporary tables with COPY; then SQL classifies
them against the directory (new, changed, unchanged: fields compared column by column, services compared as
sets within the categories the file owns) and writes them in three statements: one DELETE of the changed
facilities' services in those categories, one INSERT ... ON CONFLICT (external_id) DO UPDATE of the new and
changed facilities, and one INSERT of their services (fed by the upsert's RETURNING); then the written facilities'
`codes` are rebuilt from their service rows (facilities.codes). Unchanged facilities are not touched. Everything runs in the caller's transaction: all or nothing.

Like the ORM's bulk writes it replaces, this path sends no model signals: an import writes no per-facility audit
entries (its ImportJob records who imported which file, and its report what changed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import codes
from .models import Facility, FacilityService

if TYPE_CHECKING:
    from .formats import FacilityRecord
    from .services import ImportReport

COPY_CHUNK = 2000  # records per progress report while they are copied in
STAGED = "import_facility"  # (n, external_id, the file's columns, owned): one row per record, n its index
STAGED_SERVICES = "import_service"  # (n, category, code, label)
MATCHED = "import_match"  # (n, facility_id, differs): the records whose external id is already in the directory


def supports(records: Sequence[FacilityRecord]) -> bool:
    """True when this path can write `records`: PostgreSQL, and every record carries the same fields."""
    if connection.vendor != "postgresql" or not records:
        return False
    names = records[0].fields.keys()
    return all(record.fields.keys() == names for record in records)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


class _Import:
    def __init__(self, records: Sequence[FacilityRecord]) -> None:
        self.records = records
        self.names = list(records[0].fields)
        column = {field.name: field.column for field in Facility._meta.concrete_fields}
        self.columns = [_quote(column[name]) for name in self.names]
        self.facility = _quote(Facility._meta.db_table)
        self.service = _quote(FacilityService._meta.db_table)

    def run(self, cursor: Any, report: ImportReport, *, dry_run: bool, progress: Callable[[int, int], None] | None):
        self._stage(cursor, progress)
        existing, changed = self._classify(cursor)
        report.created += len(self.records) - existing
        report.updated += changed
        report.unchanged += existing - changed
        if not dry_run:
            self._write(cursor)
        cursor.execute(f"DROP TABLE {MATCHED}, {STAGED_SERVICES}, {STAGED}")

    def _stage(self, cursor: Any, progress: Callable[[int, int], None] | None) -> None:
        columns = ", ".join(self.columns)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGED} ON COMMIT DROP AS SELECT 0 AS n, external_id, {columns}, "
            f"NULL::text[] AS owned FROM {self.facility} WITH NO DATA"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGED_SERVICES} ON COMMIT DROP AS "
            f"SELECT 0 AS n, category, code, label FROM {self.service} WITH NO DATA"
        )
        owned: dict[frozenset[str], list[str] | None] = {}
        total = len(self.records)
        for start in range(0, total, COPY_CHUNK):
            chunk = self.records[start : start + COPY_CHUNK]
            with cursor.copy(f"COPY {STAGED} (n, external_id, {columns}, owned) FROM STDIN") as copy:
                for n, record in enumerate(chunk, start):
                    categories = record.categories
                    if categories not in owned:
                        owned[categories] = None if "*" in categories else sorted(categories)
                    copy.write_row((n, record.external_id, *record.fields.values(), owned[categories]))
            with cursor.copy(f"COPY {STAGED_SERVICES} (n, category, code, label) FROM STDIN") as copy:
                for n, record in enumerate(chunk, start):
                    for service in record.services:
                        copy.write_row((n, *service))
            done = start + len(chunk)
            if progress and done < total:  # the last report comes once everything is written
                progress(done, total)
        cursor.execute(f"ANALYZE {STAGED}, {STAGED_SERVICES}")

    def _classify(self, cursor: Any) -> tuple[int, int]:
        """(records already in the directory, those of them that differ from it)."""
        differs = " OR ".join(f"f.{column} IS DISTINCT FROM i.{column}" for column in self.columns)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {MATCHED} ON COMMIT DROP AS SELECT i.n, f.id AS facility_id, ({differs}) AS differs "
            f"FROM {STAGED} i JOIN {self.facility} f ON f.external_id = i.external_id"
        )
        cursor.execute(f"SELECT count(*) FROM {MATCHED}")
        existing = cursor.fetchone()[0]
        if not existing:
            return 0, 0
        # Services differ where a row is on one side only: the file's set against the directory's in owned categories.
        cursor.execute(f"ANALYZE {MATCHED}")
        cursor.execute(
            f"""
            UPDATE {MATCHED} SET differs = true WHERE NOT differs AND facility_id IN (
                SELECT coalesce(staged.facility_id, current.facility_id)
                FROM (
                    SELECT m.facility_id, s.category, s.code, s.label
                    FROM {STAGED_SERVICES} s JOIN {MATCHED} m ON m.n = s.n
                ) staged
                FULL JOIN (
                    SELECT s.facility_id, s.category, s.code, s.label
                    FROM {self.service} s JOIN {MATCHED} m ON m.facility_id = s.facility_id
                    JOIN {STAGED} i ON i.n = m.n
                    WHERE i.owned IS NULL OR s.category = ANY(i.owned)
                ) current
                ON staged.facility_id = current.facility_id AND staged.category = current.category
                    AND staged.code = current.code AND staged.label = current.label
                WHERE staged.facility_id IS NULL OR current.facility_id IS NULL
            )
            """
        )
        cursor.execute(f"SELECT count(*) FROM {MATCHED} WHERE differs")
        return existing, cursor.fetchone()[0]

    def _defaults(self) -> tuple[list[str], list[Any]]:
        """Columns a new facility gets that the file does not carry, with their model defaults."""
        now = timezone.now()
        columns, values = [], []
        for field in Facility._meta.concrete_fields:
            if field.primary_key or field.name in self.names or field.name == "external_id":
                continue
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = now if stamped else field.get_default()  # "" for a text field without a default, as the ORM
            columns.append(_quote(field.column))
            values.append(field.get_db_prep_save(value, connection))
        return columns, values

    def _write(self, cursor: Any) -> None:
        # The changed facilities' services in the categories the file owns go; the file's set comes in below.
        cursor.execute(
            f"DELETE FROM {self.service} s USING {MATCHED} m, {STAGED} i "
            f"WHERE m.differs AND i.n = m.n AND s.facility_id = m.facility_id "
            f"AND (i.owned IS NULL OR s.category = ANY(i.owned))"
        )
        columns = ", ".join(self.columns)
        staged_columns = ", ".join(f"i.{column}" for column in self.columns)
        extra, values = self._defaults()
        updated_at = _quote(Facility._meta.get_field("updated_at").column)
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in [*self.columns, updated_at])
        cursor.execute(
            f"""
            WITH written AS (
                INSERT INTO {self.facility} (external_id, {columns}, {", ".join(extra)})
                SELECT i.external_id, {staged_columns}, {", ".join(["%s"] * len(values))}
                FROM {STAGED} i LEFT JOIN {MATCHED} m ON m.n = i.n
                WHERE m.n IS NULL OR m.differs
                ORDER BY i.n
                ON CONFLICT (external_id) DO UPDATE SET {updates}
                RETURNING id, external_id
            )
            , services AS (
                INSERT INTO {self.service} (facility_id, category, code, label)
                SELECT w.id, s.category, s.code, s.label
                FROM written w JOIN {STAGED} i ON i.external_id = w.external_id JOIN {STAGED_SERVICES} s ON s.n = i.n
            )
            SELECT id FROM written
            """,
            values,
        )
        # Facility.codes follows the service rows once they are all written (facilities.codes).
        codes.refresh(row[0] for row in cursor.fetchall())


def import_records(
    records: Sequence[FacilityRecord],
    report: ImportReport,
    *,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Count (and unless `dry_run`, write) validated records in the current transaction; see the module doc.

    Adds to `report`'s created, updated and unchanged counts. Calls `progress(done, total)` as records are copied
    in, and `progress(total, total)` once they are written.
    """
    with connection.cursor() as cursor:
        # A statement here writes a whole file: it gets a worker's timeout (config/db.py), not a web request's,
        # also when the import runs from the command line. Restored after: the caller's transaction may go on.
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        timeout = f"{settings.DB_WORKER_STATEMENT_TIMEOUT_MS}ms"
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
        _Import(records).run(cursor, report, dry_run=dry_run, progress=progress)
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
    if progress:
        progress(len(records), len(records))
