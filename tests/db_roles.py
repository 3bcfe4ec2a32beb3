"""The two PostgreSQL roles in the tests (README "Database roles").

The tests connect as the superuser of DATABASE_URL, which owns the test database's tables: it stands for
the migration role. `app_role` (tests/accounts/test_db_roles.py) creates the app role with `db_roles`.
Between transactional tests Django empties the tables with TRUNCATE, which the audit log's trigger refuses
unless the owner opens the maintenance switch: `flush_opens_audit_maintenance` does that for the flush only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def flush_opens_audit_maintenance() -> Iterator[None]:
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        return original(self, ["SET LOCAL casework.audit_maintenance = 'on'", *sql_list])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    try:
        yield
    finally:
        DatabaseOperations.execute_sql_flush = original


APP_ROLE_PASSWORD = "app-role-test-password"  # noqa: S105


def app_role_name() -> str:
    """The app role of this test database (roles are global to the cluster: one per test database)."""
    from django.db import connection

    return f"{connection.settings_dict['NAME']}_app"[:63]


def app_database_url() -> str:
    """Create or update the app role with `manage.py db_roles` (as production does); a DATABASE_URL for it.

    Worker processes in the tests connect with it, as production's worker does: what they do must pass
    with the app role's privileges. Call it from a transactional test (the role must be committed).
    """
    from django.core.management import call_command
    from django.db import connection

    role = app_role_name()
    call_command("db_roles", app_role=role, password=APP_ROLE_PASSWORD, stdout=_Discard())
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{role}:{APP_ROLE_PASSWORD}@{host}:{port}/{db['NAME']}"


class _Discard:
    def write(self, *args: object) -> None:
        pass
