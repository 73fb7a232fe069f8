"""The heads of damage a compensation claim is made of: the Dintilhac nomenclature.

French courts, the FGTI and the CIVI quantify bodily harm head by head with this list
(report of the working group chaired by J.-P. Dintilhac, 2005; a secondary source in
`compensation.md`), and property harm item by item. The same abbreviation appears in
several groups (FD, PR): a head is its group and its abbreviation together, which is why
the stored value is "<group>.<code>".
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    DIRECT_PATRIMONIAL_TEMPORARY = "dpt", _("Direct victim — financial losses before consolidation")
    DIRECT_PATRIMONIAL_PERMANENT = "dpp", _("Direct victim — financial losses after consolidation")
    DIRECT_EXTRA_TEMPORARY = "det", _("Direct victim — personal harm before consolidation")
    DIRECT_EXTRA_PERMANENT = "dep", _("Direct victim — personal harm after consolidation")
    DIRECT_EVOLVING = "dev", _("Direct victim — outside consolidation")
    INDIRECT_DEATH = "ide", _("Relatives, after the death of the victim")
    INDIRECT_SURVIVAL = "isu", _("Relatives, the victim surviving")
    PROPERTY = "pro", _("Property")


class Side(StrEnum):
    """Whose harm a group is: the direct victim's, a relative's, or property."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    PROPERTY = "property"


SIDE = {
    Group.DIRECT_PATRIMONIAL_TEMPORARY: Side.DIRECT,
    Group.DIRECT_PATRIMONIAL_PERMANENT: Side.DIRECT,
    Group.DIRECT_EXTRA_TEMPORARY: Side.DIRECT,
    Group.DIRECT_EXTRA_PERMANENT: Side.DIRECT,
    Group.DIRECT_EVOLVING: Side.DIRECT,
    Group.INDIRECT_DEATH: Side.INDIRECT,
    Group.INDIRECT_SURVIVAL: Side.INDIRECT,
    Group.PROPERTY: Side.PROPERTY,
}


class Head(models.TextChoices):
    """A head of damage; its label ends with the nomenclature's abbreviation."""

    DPT_DSA = "dpt.DSA", _("Current health expenses (DSA)")
    DPT_FD = "dpt.FD", _("Miscellaneous expenses (FD)")
    DPT_PGPA = "dpt.PGPA", _("Current loss of earnings (PGPA)")
    DPP_DSF = "dpp.DSF", _("Future health expenses (DSF)")
    DPP_FLA = "dpp.FLA", _("Adapted housing costs (FLA)")
    DPP_FVA = "dpp.FVA", _("Adapted vehicle costs (FVA)")
    DPP_ATP = "dpp.ATP", _("Assistance by another person (ATP)")
    DPP_PGPF = "dpp.PGPF", _("Future loss of earnings (PGPF)")
    DPP_IP = "dpp.IP", _("Effect on working life (IP)")
    DPP_PSU = "dpp.PSU", _("Harm to schooling, studies or training (PSU)")
    DET_DFT = "det.DFT", _("Temporary functional deficit (DFT)")
    DET_SE = "det.SE", _("Pain and suffering endured (SE)")
    DET_PET = "det.PET", _("Temporary aesthetic harm (PET)")
    DEP_DFP = "dep.DFP", _("Permanent functional deficit (DFP)")
    DEP_PA = "dep.PA", _("Loss of amenity (PA)")
    DEP_PEP = "dep.PEP", _("Permanent aesthetic harm (PEP)")
    DEP_PS = "dep.PS", _("Sexual harm (PS)")
    DEP_PE = "dep.PE", _("Harm to starting a family (PE)")
    DEP_PPE = "dep.PPE", _("Exceptional permanent harm (PPE)")
    DEV_PEV = "dev.PEV", _("Harm from evolving illnesses (PEV)")
    IDE_FO = "ide.FO", _("Funeral costs (FO)")
    IDE_PR = "ide.PR", _("Relatives' loss of income (PR)")
    IDE_FD = "ide.FD", _("Relatives' miscellaneous expenses (FD)")
    IDE_PAF = "ide.PAF", _("Bereavement (PAF)")
    IDE_PAC = "ide.PAC", _("Harm from accompanying the victim (PAC)")
    ISU_PR = "isu.PR", _("Relatives' loss of income (PR)")
    ISU_FD = "isu.FD", _("Relatives' miscellaneous expenses (FD)")
    ISU_PAF = "isu.PAF", _("Affection harm (PAF)")
    ISU_PEX = "isu.PEX", _("Exceptional non-financial harm (PEX)")
    PRO_STOLEN = "pro.STOLEN", _("Goods stolen")
    PRO_DAMAGED = "pro.DAMAGED", _("Goods destroyed or damaged")


def group_of(head: str) -> Group:
    return Group(head.split(".", 1)[0])


def code_of(head: str) -> str:
    return head.split(".", 1)[1]


def side_of(head: str) -> Side:
    return SIDE[group_of(head)]


# Routes whose claim is about property (they may also carry bodily harm: 706-14 covers an
# ITT under one month; a civil party or a civil court claims whatever the harm is).
PROPERTY_ROUTES = frozenset(
    {"civi_capped", "civi_vehicle", "civi_squat", "civil_party", "civil_court", "insurance"}
)
# Routes for property only: no bodily-harm head.
PROPERTY_ONLY_ROUTES = frozenset({"civi_vehicle", "civi_squat"})


def heads_for(route: str, *, indirect: bool) -> list[Head]:
    """The heads a claim on `route` may carry, for a direct victim or a relative, in the
    nomenclature's order."""
    sides = set()
    if route not in PROPERTY_ONLY_ROUTES:
        sides.add(Side.INDIRECT if indirect else Side.DIRECT)
    if route in PROPERTY_ROUTES:
        sides.add(Side.PROPERTY)
    return [head for head in Head if side_of(head.value) in sides]


def grouped(heads: list[Head]) -> list[tuple[Group, list[Head]]]:
    """Heads under their group, for a select's optgroups or a table's sections."""
    out: list[tuple[Group, list[Head]]] = []
    for head in heads:
        group = group_of(head.value)
        if not out or out[-1][0] != group:
            out.append((group, []))
        out[-1][1].append(head)
    return out
