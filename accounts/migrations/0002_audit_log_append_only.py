"""Make the audit log append-only in the database itself (HIPAA 164.312(b); DESIGN.md).

On PostgreSQL (production) no UPDATE or DELETE of an audit entry passes, whatever the application
does; the database owner can still purge entries past their retention in a maintenance session with
`SET LOCAL casework.audit_maintenance = 'on'`. The embedded SQLite mode gets no trigger: Django's
test flush deletes rows there, and the embedded mode is a single-user demo, not a record of care.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION casework_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('casework.audit_maintenance', true), '') = 'on' THEN
        RETURN coalesce(OLD, NEW);
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_audit_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION casework_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS casework_audit_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS casework_audit_append_only();
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forward, backward)]
