"""The federation's network administrators also keep the switchboards allowed to report
calls (their shared secrets) and the listeners' extensions. Permissions are made
here first, with the names Django gives them, so that a new database has them too."""

from django.db import migrations

GROUP = "Federation network administrators"
MODELS = ("switchboard", "listener")


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model_name in MODELS:
        options = apps.get_model("helpline", model_name)._meta
        content_type, _ = ContentType.objects.get_or_create(app_label="helpline", model=model_name)
        for action in options.default_permissions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {options.verbose_name_raw}"},
            )
            permissions.append(permission)
    return permissions


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_federation_network_administrators_group"),
        ("helpline", "0001_helpline"),
    ]

    operations = [migrations.RunPython(grant, revoke)]


create_group = grant  # the name the browser tests call, as in the other groups' migrations
