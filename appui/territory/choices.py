"""Closed lists of the territory app (importable without Django's app registry)."""

from django.db import models


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "commune"
    ARRONDISSEMENT = "arrondissement", "arrondissement municipal"


class CentreSource(models.TextChoices):
    """Where a commune's centre comes from, so approximate ones can be told apart."""

    COMMUNE = "commune", "centre of the commune"
    PARENT = "parent", "centre of the parent commune"
    FORMER_COMMUNE = "former_commune", "centre of a former commune it absorbed"
    NONE = "none", "no centre in the sources"


class CourtKind(models.TextChoices):
    COUR_APPEL = "cour_appel", "cour d'appel"
    TRIBUNAL_JUDICIAIRE = "tribunal_judiciaire", "tribunal judiciaire"
    TRIBUNAL_PROXIMITE = "tribunal_proximite", "tribunal de proximité"
    CONSEIL_PRUDHOMMES = "conseil_prudhommes", "conseil de prud'hommes"
