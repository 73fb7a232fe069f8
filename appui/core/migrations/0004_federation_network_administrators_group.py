"""The "Federation network administrators" group: the network's models, nothing else."""

from django.db import migrations

GROUP = "Federation network administrators"
MODELS = ("organisation", "place", "staffprofile")


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model_name in MODELS:
        try:
            options = apps.get_model("core", model_name)._meta
        except LookupError:  # gone since (places moved to the directory): when run on
            continue  # today's models, as the browser tests do
        content_type, _ = ContentType.objects.get_or_create(app_label="core", model=model_name)
        for action in options.default_permissions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {options.verbose_name_raw}"},
            )
            permissions.append(permission)
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_audit_append_only"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
