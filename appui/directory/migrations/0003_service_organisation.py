"""One description of each place: an association's places (`core.Place`) become directory
services run by that association, and the association's own directory entry is marked as
its own instead of being named by a slug on the organisation."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

# core.Place kinds → directory kinds.
KINDS = {"office": "association", "bav": "bav", "police": "desk", "hospital": "desk"}


def forwards(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    Place = apps.get_model("core", "Place")
    Service = apps.get_model("directory", "Service")
    for organisation in Organisation.objects.exclude(directory_slug=""):
        Service.objects.filter(slug=organisation.directory_slug).update(organisation=organisation)
    taken = set(Service.objects.values_list("slug", flat=True))
    for place in Place.objects.select_related("organisation"):
        base = slugify(f"{place.organisation.code}-{place.name}")[:90] or f"place-{place.pk}"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        Service.objects.create(
            slug=slug,
            kind=KINDS.get(place.kind, "desk"),
            name=place.name,
            commune_code=place.commune_code,
            organisation=place.organisation,
            source=f"core.Place {place.pk}",
        )


def backwards(apps, schema_editor):
    apps.get_model("directory", "Service").objects.filter(source__startswith="core.Place ").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_system_and_registered_targets"),
        ("directory", "0002_federation_directory_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="L'association du réseau qui tient ce lieu (ses bureaux, ses permanences).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="services",
                to="core.organisation",
                verbose_name="association du réseau",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
