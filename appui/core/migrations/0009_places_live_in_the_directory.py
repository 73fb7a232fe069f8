"""The association's places and its directory entry now live in the directory only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_system_and_registered_targets"),
        ("directory", "0003_service_organisation"),
        ("cases", "0013_interview_place_in_directory"),
    ]

    operations = [
        migrations.DeleteModel(name="Place"),
        migrations.RemoveField(model_name="organisation", name="directory_slug"),
    ]
