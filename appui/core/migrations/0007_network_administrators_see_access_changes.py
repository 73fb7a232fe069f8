"""The federation's network administrators see the changes of access of the network's
accounts (and the federation administrators among them confirm the first direction of an
association there). Nobody adds, changes or deletes one by hand: the model has only a view
permission."""

from django.db import migrations

GROUP = "Federation network administrators"


def add_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="accesschange")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_accesschange",
        defaults={"name": "Can view change of access"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_permission(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*group.permissions.filter(codename="view_accesschange"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_access_changes"),
    ]

    operations = [migrations.RunPython(add_permission, remove_permission)]
