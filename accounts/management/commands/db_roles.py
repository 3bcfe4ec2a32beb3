"""Create or update the PostgreSQL app role: the role the web and the worker connect as (README "Database roles").

Run it as the migration role (the role that owns the tables and runs `migrate`), or as a superuser, after
`migrate`. The app role gets SELECT/INSERT/UPDATE/DELETE on the app's tables, only SELECT and INSERT on the
audit log, only SELECT on django_migrations, and no TRUNCATE: it owns nothing, so it can neither disable the
audit log's triggers nor open their maintenance switch. Tables that later migrations create are granted
to it by default privileges; running the command again is harmless.

    DATABASE_URL=postgres://casework_owner:...@db/casework python manage.py db_roles \\
        --app-role casework_app --password-env CASEWORK_APP_PASSWORD

`db_roles --verify`, run with the web's DATABASE_URL, checks that the role it connects as is such an app
role and that the audit log's triggers are in place; it exits with status 1 listing what is wrong.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from psycopg import sql

AUDIT_TABLE = "auditlog_logentry"
MIGRATIONS_TABLE = "django_migrations"
AUDIT_TRIGGERS = ("casework_audit_append_only", "casework_audit_no_truncate")


class Command(BaseCommand):
    help = "Create or update the PostgreSQL app role (no ownership, append-only audit log); run as the migration role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--app-role", help="The role the web and the worker connect as.")
        parser.add_argument("--password", default=None, help="Set the app role's password (visible in `ps`).")
        parser.add_argument("--password-env", default=None, help="Read the password from this environment variable.")
        parser.add_argument("--sql", action="store_true", dest="print_sql", help="Print the SQL instead of running it.")
        parser.add_argument(
            "--verify", action="store_true", help="Check that DATABASE_URL's role is a safe app role; exit 1 if not."
        )

    def handle(
        self, *args: Any, app_role: str | None = None, print_sql: bool = False, verify: bool = False, **options: Any
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only; the embedded SQLite mode has none.")
        if verify:
            self._verify()
            return
        if not app_role:
            raise CommandError("Name the app role: --app-role casework_app (or check one with --verify).")
        password = self._password(options.get("password"), options.get("password_env"))
        with connection.cursor() as cursor:
            database, schema, owner = self._where(cursor)
            if app_role == owner:
                raise CommandError(f"{app_role!r} owns the tables: the app role must be another role.")
            exists = self._check_existing_role(cursor, app_role, owner)
            statements = build_statements(app_role, owner, database, schema, password=password, create=not exists)
            raw = connection.connection
            texts = [statement.as_string(raw) for statement in statements]
            if print_sql:
                self.stdout.write(";\n".join(texts) + ";")
                return
            try:
                with transaction.atomic():
                    for text in texts:
                        cursor.execute(text)
            except DatabaseError as error:
                raise CommandError(
                    f"{error}".strip() + ". Creating a role or setting its password needs CREATEROLE: run this as a "
                    "superuser, or print the statements with --sql for your database administrator."
                ) from error
        self.stdout.write(
            f"{'Updated' if exists else 'Created'} role {app_role}: read/write on the tables of {schema} owned by "
            f"{owner}, SELECT and INSERT only on {AUDIT_TABLE}, no TRUNCATE. Point DATABASE_URL of the web and "
            f"the worker at it; run migrate as {owner}."
        )

    def _verify(self) -> None:
        with connection.cursor() as cursor:
            _, schema, owner = self._where(cursor)
            problems = audit_log_problems(cursor, schema, owner)
            cursor.execute("SELECT current_user")
            role = cursor.fetchone()[0]
        if problems:
            raise CommandError(f"{role} is not a safe app role:\n- " + "\n- ".join(problems), returncode=1)
        self.stdout.write(f"{role} is a safe app role: it owns nothing and can only read and append to {AUDIT_TABLE}.")

    def _password(self, password: str | None, password_env: str | None) -> str | None:
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or not set.")
        return password

    def _where(self, cursor: Any) -> tuple[str, str, str]:
        """The database, the schema and the role owning the audit table (the migration role)."""
        cursor.execute(
            "SELECT current_database(), schemaname, tableowner FROM pg_tables"
            " WHERE tablename = %s AND schemaname = current_schema()",
            [AUDIT_TABLE],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError(f"No {AUDIT_TABLE} table in this database: run `manage.py migrate` first.")
        return row[0], row[1], row[2]

    def _check_existing_role(self, cursor: Any, app_role: str, owner: str) -> bool:
        cursor.execute(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolreplication, pg_has_role(rolname, %s, 'MEMBER')"
            " FROM pg_roles WHERE rolname = %s",
            [owner, app_role],
        )
        row = cursor.fetchone()
        if row is None:
            return False
        powerful, member_of_owner = row
        if powerful:
            raise CommandError(
                f"{app_role!r} is a superuser or may create roles, replicate or bypass row security: "
                "it cannot be the app role."
            )
        if member_of_owner:
            raise CommandError(f"{app_role!r} is a member of the table owner {owner!r}: revoke that membership first.")
        return True


def build_statements(
    app_role: str, owner: str, database: str, schema: str, *, password: str | None, create: bool
) -> list[sql.Composable]:
    """The statements that create (or update) the app role and grant it exactly what the app needs."""
    role, owner_id, schema_id = sql.Identifier(app_role), sql.Identifier(owner), sql.Identifier(schema)
    audit = sql.Identifier(schema, AUDIT_TABLE)
    migrations_table = sql.Identifier(schema, MIGRATIONS_TABLE)
    attributes = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    statements: list[sql.Composable] = []
    if create:
        statements.append(sql.SQL("CREATE ROLE {} {}").format(role, attributes))
    if password is not None:
        statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password)))
    tables = sql.SQL("ALL TABLES IN SCHEMA {}").format(schema_id)
    statements += [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), role),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, role),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema_id, role),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(tables, role),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}").format(tables, role),
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(audit, role),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(migrations_table, role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, role),
        # Tables and sequences the migration role creates later are granted the same way.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(owner_id, schema_id, role),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            owner_id, schema_id, role
        ),
    ]
    return statements


def audit_log_problems(cursor: Any, schema: str, owner: str) -> list[str]:
    """What lets the current role change or empty the audit log, or is missing from it (empty: nothing)."""
    table = f"{schema}.{AUDIT_TABLE}"
    cursor.execute(
        "SELECT rolsuper, pg_has_role(current_user, %s, 'MEMBER'),"
        " has_table_privilege(current_user, %s, 'UPDATE'), has_table_privilege(current_user, %s, 'DELETE'),"
        " has_table_privilege(current_user, %s, 'TRUNCATE'), has_table_privilege(current_user, %s, 'TRIGGER')"
        " FROM pg_roles WHERE rolname = current_user",
        [owner, table, table, table, table],
    )
    superuser, owns, *privileges = cursor.fetchone()
    problems = []
    if superuser:
        problems.append("it is a superuser")
    if owns:
        problems.append(f"it is (or is a member of) {owner}, the owner of the tables")
    problems += [
        f"it has the {name} privilege on {AUDIT_TABLE}"
        for name, granted in zip(("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"), privileges, strict=True)
        if granted
    ]
    cursor.execute("SELECT has_schema_privilege(current_user, %s, 'CREATE')", [schema])
    if cursor.fetchone()[0]:
        problems.append(f"it may create objects in the schema {schema}")
    cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled IN ('O', 'A')", [table])
    enabled = {row[0] for row in cursor.fetchall()}
    problems += [
        f"the trigger {name} is missing or disabled (run migrate)" for name in AUDIT_TRIGGERS if name not in enabled
    ]
    return problems
