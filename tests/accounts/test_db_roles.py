"""The audit log cannot be emptied or forged by the role the app runs as (issue 12; README "Database roles").

The test database's tables are owned by the superuser of DATABASE_URL (the migration role here);
the app role is created by `manage.py db_roles`, as production does.
"""

from __future__ import annotations

from io import StringIO

import psycopg
import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts.management.commands.db_roles import audit_log_problems
from accounts.models import Organization
from tests.db_roles import APP_ROLE_PASSWORD, app_database_url, app_role_name
from tests.factories import OrganizationFactory

PASSWORD = APP_ROLE_PASSWORD
pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db(transaction=True)]


def role_name(suffix: str) -> str:
    # Roles are global to the cluster: one per test database, so parallel runs do not collide.
    return f"{connection.settings_dict['NAME']}_{suffix}"[:63]


@pytest.fixture
def app_role(transactional_db) -> str:
    app_database_url()  # creates it with `manage.py db_roles`
    return app_role_name()


@pytest.fixture
def grantee_role(transactional_db) -> str:
    """A role granted every privilege on the audit table but not owning it (a careless GRANT ALL)."""
    name = role_name("grantee")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{name}" LOGIN')
        cursor.execute(f'GRANT ALL ON auditlog_logentry TO "{name}"')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{name}"')
    return name


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        dbname=db["NAME"],
        user=role,
        password=PASSWORD,
        autocommit=True,
    )


def audit_entries() -> int:
    return LogEntry.objects.count()


def refused(conn: psycopg.Connection, statement: str) -> str:
    """Run `statement` as `conn`'s role; return the error it raised (fail if it passed)."""
    try:
        conn.execute(statement)
    except psycopg.Error as error:
        return str(error)
    pytest.fail(f"{statement!r} was not refused")


def test_the_app_role_can_neither_empty_nor_change_the_audit_log(app_role):
    OrganizationFactory()
    before = audit_entries()
    assert before >= 1
    with connect_as(app_role) as conn:
        assert conn.execute("SELECT count(*) FROM auditlog_logentry").fetchone()[0] == before
        assert "permission denied" in refused(conn, "TRUNCATE auditlog_logentry")
        assert "permission denied" in refused(conn, "UPDATE auditlog_logentry SET object_repr = 'forged'")
        assert "permission denied" in refused(conn, "DELETE FROM auditlog_logentry")
        assert "must be owner" in refused(conn, "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL")
        assert "must be owner" in refused(conn, "DROP TRIGGER casework_audit_append_only ON auditlog_logentry")
        assert "permission denied" in refused(conn, "SET session_replication_role = replica")
        conn.execute("SET casework.audit_maintenance = 'on'")  # anyone may set a custom setting...
        assert "permission denied" in refused(conn, "DELETE FROM auditlog_logentry")  # ...it opens nothing
        assert "permission denied" in refused(conn, "TRUNCATE auditlog_logentry")
    assert audit_entries() == before


def test_the_maintenance_switch_opens_nothing_for_a_role_that_does_not_own_the_table(grantee_role):
    OrganizationFactory()
    before = audit_entries()
    with connect_as(grantee_role) as conn:
        conn.execute("SET casework.audit_maintenance = 'on'")
        assert "append-only (TRUNCATE refused)" in refused(conn, "TRUNCATE auditlog_logentry")
        assert "append-only (DELETE refused)" in refused(conn, "DELETE FROM auditlog_logentry")
        assert "append-only (UPDATE refused)" in refused(conn, "UPDATE auditlog_logentry SET object_repr = 'forged'")
    assert audit_entries() == before


def test_the_owner_cannot_truncate_without_the_maintenance_switch():
    OrganizationFactory()
    before = audit_entries()
    with pytest.raises(DatabaseError, match=r"append-only \(TRUNCATE refused\)"), transaction.atomic():
        connection.cursor().execute("TRUNCATE auditlog_logentry")
    assert audit_entries() == before


def test_the_owner_opens_the_maintenance_switch_for_one_transaction():
    OrganizationFactory.create_batch(2)
    oldest = LogEntry.objects.order_by("pk").first()
    with transaction.atomic():
        connection.cursor().execute("SET LOCAL casework.audit_maintenance = 'on'")
        LogEntry.objects.filter(pk=oldest.pk).delete()  # a purge past retention
    assert not LogEntry.objects.filter(pk=oldest.pk).exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.all().delete()  # the switch closed with the transaction
    assert audit_entries() >= 1


def test_the_app_runs_as_the_app_role(app_role):
    """The ORM as the app role: writes the app's tables and the audit log, reads, but deletes no entry."""
    OrganizationFactory()
    saved = connection.settings_dict.copy()
    connection.close()
    connection.settings_dict.update(USER=app_role, PASSWORD=PASSWORD)
    try:
        assert connection.cursor().execute("SELECT current_user").fetchone()[0] == app_role
        before = audit_entries()
        organization = OrganizationFactory(name="Made by the app role")
        organization.name = "Renamed by the app role"
        organization.save()
        assert audit_entries() == before + 2  # create and update, audited
        cache.set("db-roles-probe", "ok")
        assert cache.get("db-roles-probe") == "ok"
        Organization.objects.filter(pk=organization.pk).delete()
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            LogEntry.objects.all().delete()
        out = StringIO()
        call_command("db_roles", verify=True, stdout=out)
        assert f"{app_role} is a safe app role" in out.getvalue()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert LogEntry.objects.filter(object_repr="Renamed by the app role").exists()


def table_owner() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'auditlog_logentry'")
        return cursor.fetchone()[0]


def test_db_roles_refuses_the_owner_as_app_role():
    with pytest.raises(CommandError, match="owns the tables"):
        call_command("db_roles", app_role=table_owner())


def test_verify_refuses_a_role_that_could_empty_the_audit_log():
    with pytest.raises(CommandError, match="is not a safe app role") as error:
        call_command("db_roles", verify=True)
    assert "it is a superuser" in str(error.value) and "owner of the tables" in str(error.value)
    assert "trigger" not in str(error.value)


def test_verify_notices_a_disabled_trigger():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER casework_audit_no_truncate")
        problems = audit_log_problems(cursor, "public", table_owner())
        transaction.set_rollback(True)
    assert "the trigger casework_audit_no_truncate is missing or disabled (run migrate)" in problems
    assert "the trigger casework_audit_append_only is missing or disabled (run migrate)" not in problems


def test_db_roles_prints_the_sql_for_a_dba():
    out = StringIO()
    call_command("db_roles", app_role="casework_app_never_created", sql=True, stdout=out)
    text = out.getvalue()
    assert 'CREATE ROLE "casework_app_never_created" LOGIN NOSUPERUSER' in text
    assert 'REVOKE UPDATE, DELETE ON "public"."auditlog_logentry" FROM "casework_app_never_created"' in text
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'casework_app_never_created'")
        assert cursor.fetchone() is None
