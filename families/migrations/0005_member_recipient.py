# A family member is named on consents through a consents.Recipient row (consents moved to their own app).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consents', '0001_initial'),
        ('families', '0004_checklist_boundary_kind'),
    ]

    operations = [
        migrations.AddField(
            model_name='familymember',
            name='recipient',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='family_member', to='consents.recipient'),
        ),
    ]
