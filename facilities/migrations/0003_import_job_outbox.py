"""ImportJob.queued_at: the job row is the outbox of its step. Jobs that exist already were handed over by
`.delay()` when they were queued: they count as handed over (at their step's start), so the sweep does not
publish them a second time."""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce


def mark_existing_handed_over(apps, schema_editor):
    ImportJob = apps.get_model("facilities", "ImportJob")
    ImportJob.objects.update(queued_at=Coalesce(F("step_started_at"), F("created_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0002_importjob_step_started_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="queued_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the current step was handed to the broker (empty: not yet, the sweep hands it over).",
                null=True,
            ),
        ),
        migrations.RunPython(mark_existing_handed_over, migrations.RunPython.noop),
    ]
