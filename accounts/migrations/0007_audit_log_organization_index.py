"""Index the owner's audit log by practice (issue 16; README "Keeping the audit log").

The owner's page filters `auditlog_logentry` by the practice named in `additional_data` and shows the newest
entries first. Without an index that was a scan of the whole table (every read of case data writes a row, kept
six years). Two expression indexes on exactly what `accounts.queries.audit_entries_for` asks,
`additional_data ->> 'organization'` (text: a stray non-numeric value can never make an audit write fail):

- by time, newest first, with action, user and kind as trailing keys, so those filters are checked inside the
  index and a date range is a range of it;
- by record id, for a record's history.

A user belongs to one practice, so "this practice and this user" is far more than the product of the two
fractions the planner assumes; without the statistics on their dependency it took the single-column actor index
and sorted every entry of the user.

Built CONCURRENTLY (outside a transaction): the table is the largest and keeps taking writes while it builds.
PostgreSQL only; SQLite (development, tests) scans.
"""

from django.db import migrations

INDEXES = {
    "casework_audit_org_time": (
        "((additional_data ->> 'organization'), \"timestamp\" DESC, id DESC, action, actor_id, content_type_id)"
    ),
    "casework_audit_org_record": "((additional_data ->> 'organization'), object_pk, \"timestamp\" DESC, id DESC)",
}

STATISTICS = "casework_audit_org_actor"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON auditlog_logentry {columns}")
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies) "
            "ON (additional_data ->> 'organization'), actor_id FROM auditlog_logentry"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("accounts", "0006_time_zones"), ("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(forward, backward)]
