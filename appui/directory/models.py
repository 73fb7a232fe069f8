"""Where a victim can get help: services and places, the area each covers, their closures.

Coverage is stored as INSEE commune and département codes (strings), never as links to the
territory tables, so that the directory can be loaded, imported and tested on its own.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import messages
from .validators import (
    validate_commune_code,
    validate_departement_code,
    validate_opening_hours,
    validate_postcode,
)


def _fr(key: str) -> str:
    return messages.text(key, "fr")


class Kind(models.TextChoices):
    """What a service is; the guide picks services by kind."""

    ASSOCIATION = "association", _fr("kind.association")
    BAV = "bav", _fr("kind.bav")
    COURT = "court", _fr("kind.court")
    CIVI = "civi", _fr("kind.civi")
    POLICE = "police", _fr("kind.police")
    GENDARMERIE = "gendarmerie", _fr("kind.gendarmerie")
    BAR = "bar", _fr("kind.bar")
    COMMISSAIRE_JUSTICE = "commissaire_justice", _fr("kind.commissaire_justice")
    POINT_JUSTICE = "point_justice", _fr("kind.point_justice")
    MJD = "mjd", _fr("kind.mjd")
    CIDFF = "cidff", _fr("kind.cidff")
    PARTNER = "partner", _fr("kind.partner")
    # An association's regular presence in someone else's premises (a police station, a
    # hospital): where its professionals receive people, not a public office of its own.
    DESK = "desk", _fr("kind.desk")
    NATIONAL_NUMBER = "national_number", _fr("kind.national_number")

    def label_in(self, lang: str) -> str:
        return messages.text(f"kind.{self.value}", lang)


class PhoneUse(models.TextChoices):
    """What a number is for, so the guide can say "from abroad" or "by text message"."""

    MAIN = "main", _fr("phone.main")
    ABROAD = "abroad", _fr("phone.abroad")
    SMS = "sms", _fr("phone.sms")


class CoverageLevel(models.TextChoices):
    COMMUNE = "commune", "Commune"
    DEPARTEMENT = "departement", "Département"
    NATIONAL = "national", "France entière"


class Service(models.Model):
    """A place or a line a victim can turn to, as the federation keeps it current."""

    slug = models.SlugField(
        "identifiant stable",
        max_length=100,
        unique=True,
        help_text="Clé stable des imports : minuscules, chiffres et tirets.",
    )
    kind = models.CharField("type", max_length=32, choices=Kind.choices, db_index=True)
    name = models.CharField("nom", max_length=200)
    street = models.CharField("adresse (voie)", max_length=200, blank=True)
    postcode = models.CharField(
        "code postal", max_length=5, blank=True, validators=[validate_postcode]
    )
    city = models.CharField("ville", max_length=100, blank=True)
    commune_code = models.CharField(
        "code INSEE de la commune",
        max_length=5,
        blank=True,
        validators=[validate_commune_code],
        help_text="Sert à calculer la distance quand les coordonnées manquent.",
    )
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    phones = models.JSONField(
        "téléphones",
        default=list,
        blank=True,
        help_text='Liste de {"number": "03 29 34 92 91", "use": "main"|"abroad"|"sms"}.',
    )
    fax = models.CharField("fax", max_length=30, blank=True)
    emails = models.JSONField("adresses électroniques", default=list, blank=True)
    website = models.URLField("site web", max_length=300, blank=True)
    opening_hours = models.TextField(
        "horaires",
        blank=True,
        validators=[validate_opening_hours],
        help_text=(
            "Syntaxe opening_hours d'OpenStreetMap, jours fériés compris, par exemple "
            "« Tu 13:15-16:00; We 08:30-11:30; PH off ». Vide si la source ne les donne pas : "
            "le site affiche alors « Horaires : appeler »."
        ),
    )
    terrorism_referent = models.BooleanField(
        "référent terrorisme",
        default=False,
        help_text="L'association porte le référent « acte de terrorisme » du département.",
    )
    notes_fr = models.TextField("remarques (français)", blank=True)
    notes_en = models.TextField("remarques (anglais)", blank=True)
    notes_es = models.TextField("remarques (espagnol)", blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    # The association of the network that runs this place (its offices, the BAV sessions
    # it holds, its desks): its staff see the place's agenda. Empty for everyone else's.
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name="association du réseau",
        help_text="L'association du réseau qui tient ce lieu (ses bureaux, ses permanences).",
    )
    dataset = models.CharField(
        "jeu de données",
        max_length=50,
        blank=True,
        db_index=True,
        help_text="Jeu livré avec le site (par exemple seed-nancy) ; vide pour une saisie.",
    )
    updated_at = models.DateTimeField("mis à jour", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "service"
        verbose_name_plural = "services"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_fr("error.coordinates_pair"))

    def notes(self, lang: str) -> str:
        return getattr(self, f"notes_{messages.language(lang)}") or self.notes_fr


class Coverage(models.Model):
    """One piece of the area a service covers: a commune, a département, or all France."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="coverage")
    level = models.CharField("niveau", max_length=16, choices=CoverageLevel.choices)
    code = models.CharField(
        "code INSEE", max_length=5, blank=True, help_text="Vide pour la France entière."
    )

    class Meta:
        ordering = ["level", "code"]
        verbose_name = "zone couverte"
        verbose_name_plural = "zones couvertes"
        constraints = [
            models.UniqueConstraint(fields=["service", "level", "code"], name="coverage_unique")
        ]
        indexes = [models.Index(fields=["level", "code"], name="coverage_lookup")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}".strip()

    def clean(self) -> None:
        if self.level == CoverageLevel.COMMUNE:
            validate_field = validate_commune_code
        elif self.level == CoverageLevel.DEPARTEMENT:
            validate_field = validate_departement_code
        else:
            self.code = ""
            return
        try:
            validate_field(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None


class Closure(models.Model):
    """A dated temporary closure (holidays, works): it overrides the usual hours, days inclusive."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures")
    start = models.DateField("premier jour")
    end = models.DateField("dernier jour")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = "fermeture temporaire"
        verbose_name_plural = "fermetures temporaires"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="closure_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _fr("error.closure_order")})
