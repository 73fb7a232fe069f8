"""Words the pages share: the documents a unit usually asks for, and why the gate sends
someone elsewhere."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

DOCUMENTS = {
    "identity": _("an identity document (identity card, passport or residence permit)"),
    "receipts": _("invoices, receipts or photos of what was taken or damaged"),
    "serials": _("the serial, frame or IMEI numbers of the objects, if you have them"),
    "vehicle": _("the vehicle's registration certificate"),
    "statements": _("the bank statements that show the payments you dispute"),
    "blocking": _("the reference your bank gave when it blocked your card or cheques"),
    "messages": _("the messages, e-mails or screenshots, printed or on your phone"),
    "company": _("a document showing that you may act for the company (Kbis extract, mandate)"),
    "minor": _(
        "a document showing that you are the child's parent or guardian (family record book)"
    ),
    "witnesses": _("the names and contact details of the witnesses"),
}


def likely_documents(draft: dict) -> list[str]:
    """The documents a unit will probably ask her for, from her answers (the unit confirms
    the list when it calls)."""
    keys = ["identity"]
    declarant = draft.get("declarant") or {}
    if declarant.get("on_behalf") in ("company", "minor"):
        keys.append(declarant["on_behalf"])
    if (draft.get("goods") or {}).get("lines"):
        keys += ["receipts", "serials"]
    if (draft.get("payments") or {}).get("lines"):
        keys += ["statements", "blocking"]
    evidence = draft.get("evidence") or {}
    if "messages" in evidence.get("evidence", []):
        keys.append("messages")
    if evidence.get("witnesses") == "yes":
        keys.append("witnesses")
    return keys


class Elsewhere(models.TextChoices):
    """Why the gate says this form is not the right door."""

    DANGER = "danger", _("someone is in danger now")
    VIOLENCE = "violence", _("violence against a person")
    KNOWN = "known", _("the author is known")
    OTHER = "other", _("something this form does not cover")
