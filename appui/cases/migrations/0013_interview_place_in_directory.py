"""An interview's place is now the directory's service the association runs there
(`directory.0003` made one of each `core.Place`, remembering it in `source`)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Interview = apps.get_model("cases", "Interview")
    Service = apps.get_model("directory", "Service")
    by_place = {
        int(source.split()[-1]): pk
        for pk, source in Service.objects.filter(source__startswith="core.Place ").values_list(
            "pk", "source"
        )
    }
    for place_id, service_id in by_place.items():
        Interview.objects.filter(old_place_id=place_id).update(place=service_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_file_disciplines"),
        ("directory", "0003_service_organisation"),
    ]

    operations = [
        migrations.RenameField("interview", "place", "old_place"),
        migrations.AddField(
            model_name="interview",
            name="place",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="directory.service",
                verbose_name="place",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("interview", "old_place"),
    ]
