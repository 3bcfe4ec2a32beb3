"""Close the audit log's remaining doors (issue 12; README "Database roles").

0002 refused UPDATE and DELETE, but TRUNCATE emptied the table, and any role could open the maintenance
switch (`SET casework.audit_maintenance = 'on'` needs no privilege). Now:

- a BEFORE TRUNCATE trigger refuses TRUNCATE like UPDATE and DELETE;
- the maintenance switch opens only for the table's owner (the migration role) or a member of it:
  the function checks `current_user`, so the app role (which owns nothing) stays refused with the switch on;
- the function runs with a fixed search_path, so a role cannot shadow `pg_has_role` or `current_setting`.

Disabling or dropping a trigger needs the table's owner; production connects as an app role that is not
(`manage.py db_roles`). A purge past retention is done as the migration role, in one transaction:
`BEGIN; SET LOCAL casework.audit_maintenance = 'on'; DELETE FROM auditlog_logentry WHERE ...; COMMIT;`
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION casework_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF coalesce(current_setting('casework.audit_maintenance', true), '') = 'on'
       AND pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        IF TG_LEVEL = 'STATEMENT' THEN
            RETURN NULL;
        END IF;
        RETURN coalesce(OLD, NEW);
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
        USING HINT = 'Maintenance needs the migration role (the table owner) with SET LOCAL casework.audit_maintenance = ''on''.';
END;
$$;
"""
PG_FORWARD = (
    PG_FUNCTION
    + """
CREATE TRIGGER casework_audit_no_truncate BEFORE TRUNCATE ON auditlog_logentry
    FOR EACH STATEMENT EXECUTE FUNCTION casework_audit_append_only();
"""
)
# Back to 0002's function (the switch alone opens the door) and no TRUNCATE trigger.
PG_BACKWARD = """
DROP TRIGGER IF EXISTS casework_audit_no_truncate ON auditlog_logentry;
CREATE OR REPLACE FUNCTION casework_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('casework.audit_maintenance', true), '') = 'on' THEN
        RETURN coalesce(OLD, NEW);
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
ALTER FUNCTION casework_audit_append_only() RESET search_path;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_security_settings")]

    operations = [migrations.RunPython(forward, backward)]
