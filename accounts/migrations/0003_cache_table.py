"""Create the database cache table with the schema, so `migrate` alone gives a working login.

allauth's rate limits live in the cache; without Redis the cache is this table (settings.CACHES).
`createcachetable` is idempotent and does nothing when the cache is not a database cache.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_log_append_only")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
