"""The guided form's sections: their order, addresses, titles, and how each is kept and read
back in words (on her review page and on the unit's page alike).

A section is stored as a plain JSON object (dates as ISO text, amounts as strings); a
section present in the draft is one she completed. The goods and the means of payment
are lines, or the box "nothing" ticked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import forms as f
from .models import Category

ORDER = ("declarant", "facts", "goods", "payments", "evidence")
# The addresses are in French, like the rest of the public site's.
SLUGS = {
    "declarant": "declarant",
    "facts": "faits",
    "goods": "biens",
    "payments": "moyens-de-paiement",
    "evidence": "temoins-et-preuves",
}
BY_SLUG = {slug: key for key, slug in SLUGS.items()}
TITLES = {
    "declarant": gettext_lazy("About you"),
    "facts": gettext_lazy("What happened"),
    "goods": gettext_lazy("Goods and losses"),
    "payments": gettext_lazy("Means of payment"),
    "evidence": gettext_lazy("Witnesses and evidence"),
}
INTROS = {
    "declarant": gettext_lazy(
        "Who is filing, and how the police or gendarmerie can reach you to confirm the appointment."
    ),
    "facts": gettext_lazy("When and where it happened, and what happened, in your own words."),
    "goods": gettext_lazy(
        "What was taken, damaged or lost, and what it was worth. If you lost nothing, tick the box."
    ),
    "payments": gettext_lazy(
        "A bank card, cheques or an account that was stolen or used without your agreement. "
        "If you have not done so yet, call your bank now to block them."
    ),
    "evidence": gettext_lazy(
        "People who saw or heard something, and what you can show. Do not send files here: "
        "bring them on the day."
    ),
}
NOTHING = {
    "goods": gettext_lazy("Nothing was taken, damaged or lost"),
    "payments": gettext_lazy("No means of payment is involved"),
}
LINE_SECTIONS = {"goods": f.GoodsFormSet, "payments": f.PaymentsFormSet}
PLAIN_FORMS = {"declarant": f.DeclarantForm, "facts": f.FactsForm, "evidence": f.EvidenceForm}
BLANK_LINES = 2  # empty lines offered after those given


def plain(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def stored(section: str, cleaned: dict, lines: list[dict] | None = None, nothing=False) -> dict:
    """A section's cleaned values as kept in the session and the database."""
    if section in LINE_SECTIONS:
        keep = ("item", "value", "details") if section == "goods" else ("kind", "issuer", "number")
        return {
            "nothing": bool(nothing) and not lines,
            "lines": [
                {k: plain(line.get(k)) for k in keep if line.get(k) not in (None, "")}
                for line in lines or []
            ],
        }
    return {k: plain(v) for k, v in cleaned.items() if v not in (None, "", [])}


def initial(section: str, data: dict) -> dict | list:
    """What a section's form shows when she comes back to it."""
    if section == "goods":
        return [dict(line) for line in data.get("lines", [])]
    if section == "payments":
        return [
            {"kind": line.get("kind"), "issuer": line.get("issuer", ""), "saved": index}
            for index, line in enumerate(data.get("lines", []))
        ]
    return dict(data)


def saved_numbers(data: dict) -> list[str]:
    return [line.get("number", "") for line in data.get("lines", [])]


def is_complete(section: str, data: dict | None) -> bool:
    if not isinstance(data, dict):
        return False
    if section in LINE_SECTIONS:
        return bool(data.get("nothing") or data.get("lines"))
    return bool(data)


# --- in words -----------------------------------------------------------------------------


def _choice(choices, value) -> str:
    return str(dict(choices).get(value, ""))


def _day(value: str | None) -> str:
    try:
        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT") if value else ""
    except ValueError:
        return ""


def _moment(day: str | None, time: str | None) -> str:
    text = _day(day)
    return f"{text}, {time}" if text and time else text


def _town(code: str | None) -> str:
    from appui.territory.templatetags.territory import commune_label

    return commune_label(code or "")


def money(value: str | None) -> str:
    try:
        amount = Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None:
        return _("value not known")
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


def goods_total(data: dict) -> Decimal:
    total = Decimal(0)
    for line in data.get("lines", []):
        try:
            total += Decimal(line.get("value") or 0)
        except InvalidOperation:
            continue
    return total


def summary(section: str, data: dict, *, full_numbers: bool = False) -> list[tuple[str, str]]:
    """A section as (label, value) rows, in the reader's language; numbers masked unless
    `full_numbers` (the unit's own reveal, audited)."""
    rows: list[tuple[str, str]] = []

    def add(label, value):
        if value:
            rows.append((str(label), str(value)))

    if section == "declarant":
        add(_("Filing"), _choice(f.ON_BEHALF, data.get("on_behalf")))
        add(_("Name"), f"{data.get('first_name', '')} {data.get('last_name', '')}".strip())
        add(_("Date of birth"), _day(data.get("birth_date")))
        add(
            _("Address"),
            ", ".join(x for x in (data.get("address", ""), _town(data.get("home"))) if x),
        )
        add(_("Phone number"), data.get("phone"))
        add(_("E-mail address"), data.get("email"))
        if data.get("on_behalf") == "company":
            add(_("Company or organisation"), data.get("company_name"))
            add(_("SIRET number"), data.get("company_number"))
            add(_("Role in it"), data.get("company_role"))
        if data.get("on_behalf") == "minor":
            child = f"{data.get('minor_first_name', '')} {data.get('minor_last_name', '')}".strip()
            add(_("Child"), child)
            add(_("Child's date of birth"), _day(data.get("minor_birth_date")))
            add(_("Relationship"), _choice(f.RELATIONSHIPS, data.get("relationship")))
    elif section == "facts":
        if data.get("when") == "period":
            add(_("Start of the period"), _moment(data.get("start_date"), data.get("start_time")))
            add(_("End of the period"), _moment(data.get("end_date"), data.get("end_time")))
        else:
            add(_("When"), _moment(data.get("date"), data.get("time")))
        add(_("Town"), _town(data.get("commune")))
        add(_("Where exactly"), data.get("place"))
        add(_("What happened"), data.get("story"))
    elif section == "goods":
        if data.get("nothing"):
            add(_("Goods and losses"), NOTHING["goods"])
        for line in data.get("lines", []):
            words = line.get("item", "")
            if line.get("details"):
                words += f" ({line['details']})"
            add(words, money(line.get("value")))
        if data.get("lines"):
            add(_("Total"), money(str(goods_total(data))))
    elif section == "payments":
        if data.get("nothing"):
            add(_("Means of payment"), NOTHING["payments"])
        for line in data.get("lines", []):
            label = _choice(f.PAYMENT_KINDS, line.get("kind"))
            if line.get("issuer"):
                label += f" – {line['issuer']}"
            number = line.get("number", "")
            add(label, number if full_numbers else f.masked(number))
    elif section == "evidence":
        add(
            _("Witnesses"),
            data.get("witnesses_text") or (_("Yes") if data.get("witnesses") == "yes" else _("No")),
        )
        add(_("To show"), ", ".join(_choice(f.EVIDENCE, v) for v in data.get("evidence", [])))
        add(_("About these"), data.get("evidence_text"))
    return rows


def category_label(value: str) -> str:
    return _choice(Category.choices, value)
