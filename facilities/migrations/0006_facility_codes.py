"""Facility.codes (facilities.codes): added, filled from the service rows, and GIN-indexed on PostgreSQL.

The index is created here, not in the model's Meta, because GinIndex is PostgreSQL's only: SQLite (the embedded run
mode) has no such index and matches on the column without one.
"""

from django.db import migrations, models

INDEX = "facilities_facility_codes_gin"


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        sql = (
            "UPDATE facilities_facility f SET codes = c.codes FROM ("
            "SELECT facility_id, jsonb_object_agg(code, true) AS codes FROM facilities_facilityservice "
            "WHERE code <> '' GROUP BY facility_id) c WHERE f.id = c.facility_id"
        )
    else:
        sql = (
            "UPDATE facilities_facility SET codes = coalesce(("
            "SELECT json_group_object(code, json('true')) FROM (SELECT DISTINCT code FROM facilities_facilityservice s "
            "WHERE s.facility_id = facilities_facility.id AND s.code <> '')), '{}')"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON facilities_facility USING gin (codes)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0005_facility_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="codes",
            field=models.JSONField(
                default=dict,
                editable=False,
                help_text="The codes of the facility's service rows as object keys, for matching (facilities.codes).",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
