# Consents and disclosures now live in the consents app (consents.0002 copied them with their ids and history).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('consents', '0002_from_families'),
        ('families', '0005_member_recipient'),
    ]

    operations = [
        migrations.RemoveField(model_name='disclosure', name='consent'),
        migrations.RemoveField(model_name='disclosure', name='case'),
        migrations.RemoveField(model_name='disclosure', name='recipient'),
        migrations.RemoveField(model_name='disclosure', name='user'),
        migrations.DeleteModel(name='Consent'),
        migrations.DeleteModel(name='Disclosure'),
    ]
