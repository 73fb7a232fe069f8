"""Communes, postcodes, départements, régions, and which courts serve each commune.

Loaded from the committed data file by `services.load` (never edited by hand); court
areas come from the Ministry of Justice file an operator imports.
"""

from django.db import models

from .choices import CentreSource, CommuneKind, CourtKind


class Region(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    """A current commune, or a municipal arrondissement of Paris, Lyon or Marseille."""

    code = models.CharField("INSEE code", max_length=5, primary_key=True)
    name = models.CharField(max_length=100)
    search_name = models.CharField(max_length=100, db_index=True)  # index.normalise(name)
    kind = models.CharField(max_length=16, choices=CommuneKind.choices)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    # Set for a municipal arrondissement: the commune it belongs to (Paris, Lyon, Marseille).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="arrondissements"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    centre_source = models.CharField(max_length=16, choices=CentreSource.choices)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Postcode(models.Model):
    code = models.CharField(max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")
    # La Poste's "libellé d'acheminement" (the town line of an address); blank when unknown.
    delivery_label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["code", "commune"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="territory_postcode_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.commune_id}"


class Dataset(models.Model):
    """The one loaded vintage: lets `load` skip work and search notice a reload."""

    vintage = models.CharField(max_length=20)
    built = models.DateField()
    checksum = models.CharField(max_length=64)  # sha256 of the data file
    token = models.CharField(max_length=32)  # new at each load; search indexes compare it
    loaded_at = models.DateTimeField()
    sources = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.vintage} ({self.built})"


class Court(models.Model):
    kind = models.CharField(max_length=24, choices=CourtKind.choices)
    number = models.CharField(max_length=20)  # the Ministry's "N°"
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="territory_court_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class CourtArea(models.Model):
    """One commune within one court's territory (one court of each kind per commune)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="court_areas")
    court = models.ForeignKey(Court, on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=24, choices=CourtKind.choices)  # = court.kind
    origin = models.CharField(max_length=20, blank=True)  # the Ministry's "Orig.", kept as is

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind"], name="territory_court_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} → {self.court}"
