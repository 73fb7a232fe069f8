"""The federation's directory editors also keep the agendas: which place takes appointments,
for which motive, how many per slot (the hours stay the directory's). Permissions are made
here first, with the names Django gives them, so that a new database has them too."""

from django.db import migrations

GROUP = "Federation directory editors"
MODELS = ("agenda", "agendacapacity")


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model_name in MODELS:
        options = apps.get_model("booking", model_name)._meta
        content_type, _ = ContentType.objects.get_or_create(app_label="booking", model=model_name)
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
        ("directory", "0002_federation_directory_editors_group"),
        ("booking", "0001_agendas_and_bookings"),
    ]

    operations = [migrations.RunPython(grant, revoke)]


create_group = grant  # the name the browser tests call, as in the other groups' migrations
