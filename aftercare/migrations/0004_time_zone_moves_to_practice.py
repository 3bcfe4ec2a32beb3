"""The practice's time zone moves from its aftercare settings to the practice (accounts.Organization.time_zone)."""

from django.db import migrations


def copy_to_practice(apps, schema_editor):
    AftercareSettings = apps.get_model("aftercare", "AftercareSettings")
    Organization = apps.get_model("accounts", "Organization")
    for config in AftercareSettings.objects.exclude(time_zone=""):
        Organization.objects.filter(pk=config.organization_id).update(time_zone=config.time_zone)


def copy_back(apps, schema_editor):
    AftercareSettings = apps.get_model("aftercare", "AftercareSettings")
    Organization = apps.get_model("accounts", "Organization")
    for config in AftercareSettings.objects.all():
        zone = Organization.objects.filter(pk=config.organization_id).values_list("time_zone", flat=True).first()
        AftercareSettings.objects.filter(pk=config.pk).update(time_zone=zone or "")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_time_zones"),
        ("aftercare", "0003_followup_cancelled_by_closing"),
    ]

    operations = [
        migrations.RunPython(copy_to_practice, copy_back),
        migrations.RemoveField(model_name="aftercaresettings", name="time_zone"),
    ]
