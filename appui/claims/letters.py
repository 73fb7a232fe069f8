"""The documents a compensation claim produces, in French, as tagged accessible PDFs.

Five kinds (`LetterKind`), each with the content `compensation.md` requires of it:

- `CIVI_REQUEST`: the request to the CIVI with everything CPP R50-9 asks (identity, the
  link with the direct victim, date, place and circumstances, the court seized and the
  state of the proceedings, the harm head by head and the amount claimed, insurers and
  others liable with the sums received, the address for notifications, the documents);
  on the routes with a resource condition (706-14, 706-14-1) the R50-10 part (resources,
  real estate), and each route's own conditions (no other effective compensation on
  706-14, 706-14-1 and 706-14-3; the serious situation on 706-14 and 706-14-3; the vehicle
  on 706-14-1). `Letter.route` is the rights engine's remedy id (`civi_full`,
  `civi_capped`, `civi_vehicle`, `civi_squat`) and decides which parts appear.
- `SARVI_REQUEST`: to the FGTI (706-15-1, L422-7 C. assur.): the final decision, the sums
  awarded, the aid asked, what is known of the offender's means, bank details in the
  victim's name.
- `CIVIL_PARTY_LETTER` (CPP 420-1): the court, hearing and case, the defendant, the claim
  head by head with its total, the 475-1 costs, the documents, and the date by which the
  court must receive it (`letter_by`, the day before the hearing: the engine's
  `civil_party_by`).
- `PROSECUTOR_LETTER` (CPP 40) and `JUDGE_COMPLAINT` (CPP 85: the prior complaint and its
  dismissal or three months' silence, not needed for a crime, no wait for a press délit).

Everything is a plain dataclass, no model: the compensation files and the public guide
build `Letter`s from what they know. A field left empty (None, "", an empty list) is
printed as a visible blank to fill in by hand, a dotted line reading "à compléter" —
never left out. Amounts are written "4 200,00 €", dates "5 janvier 2026". The documents
are French whatever the reader's language: they go to French courts. Typed text is
escaped, and WeasyPrint may fetch only our static files (`core.pdf`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.template.loader import render_to_string
from django.utils import translation

from appui.core import pdf

STYLESHEET = "claims/letters.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with a title and a language: WeasyPrint's PDF/UA-1


class LetterKind(StrEnum):
    CIVI_REQUEST = "civi_request"
    SARVI_REQUEST = "sarvi_request"
    CIVIL_PARTY_LETTER = "civil_party_letter"
    PROSECUTOR_LETTER = "prosecutor_letter"
    JUDGE_COMPLAINT = "judge_complaint"


TEMPLATES = {kind: f"claims/letters/{kind.value}.html" for kind in LetterKind}
TITLES = {
    LetterKind.CIVI_REQUEST: "Requête en indemnisation – CIVI",
    LetterKind.SARVI_REQUEST: "Demande d'aide au recouvrement – SARVI",
    LetterKind.CIVIL_PARTY_LETTER: "Constitution de partie civile par lettre",
    LetterKind.PROSECUTOR_LETTER: "Plainte adressée au procureur de la République",
    LetterKind.JUDGE_COMPLAINT: "Plainte avec constitution de partie civile",
}

# The CIVI routes (the engine's remedy ids) and what each adds to the request.
ROUTE_BASIS = {
    "civi_full": "article 706-3 du code de procédure pénale",
    "civi_capped": "article 706-14 du code de procédure pénale",
    "civi_vehicle": "article 706-14-1 du code de procédure pénale",
    "civi_squat": "article 706-14-3 du code de procédure pénale",
}
# R50-10: resources and real estate, for the routes with a resource condition.
RESOURCE_CONDITION = frozenset({"civi_capped", "civi_vehicle"})
# 706-14, 706-14-1, 706-14-3: no effective and sufficient compensation from elsewhere.
NO_OTHER_COMPENSATION = frozenset({"civi_capped", "civi_vehicle", "civi_squat"})
# 706-14: serious material or psychological situation; 706-14-3: serious material one.
SERIOUS_SITUATION = {
    "civi_capped": "Situation matérielle ou psychologique grave",
    "civi_squat": "Situation matérielle grave",
}

# CPP 85: the prior complaint, by the class of the offence.
OFFENCE_CLASSES = {
    "crime": "crime",
    "delit": "délit",
    "delit_presse": "délit prévu par la loi du 29 juillet 1881 sur la liberté de la presse",
    "contravention": "contravention",
}

FGTI = (
    "Fonds de garantie des victimes des actes de terrorisme et d'autres infractions (FGTI)"
    " – Service d'aide au recouvrement des victimes d'infractions (SARVI)"
)


@dataclass
class Person:
    last_name: str = ""
    first_names: str = ""
    birth_date: dt.date | None = None
    birth_place: str = ""
    nationality: str = ""
    profession: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.last_name.upper()) if part)


@dataclass
class Addressee:
    """Who receives the document, e.g. "Commission d'indemnisation des victimes
    d'infractions – Tribunal judiciaire de Nancy"; empty when unknown (printed blank)."""

    name: str = ""
    address: str = ""

    def __bool__(self) -> bool:
        return bool(self.name)


@dataclass
class ClaimLine:
    """One head of damage, its label already worded ("Souffrances endurées (SE)")."""

    label: str
    amount: Decimal | None
    basis: str = ""  # how the figure was reached, in a few words
    documents: list[str] = field(default_factory=list)


@dataclass
class Received:
    """A sum already received or due (insurer, social security, employer, mutual, author)."""

    payer: str
    amount: Decimal | None
    note: str = ""


@dataclass
class Letter:
    kind: LetterKind
    applicant: Person
    addressee: Addressee = field(default_factory=Addressee)
    route: str = ""  # the engine's remedy id: which parts a CIVI request carries
    route_basis: str = ""  # default: the route's article (ROUTE_BASIS)
    indirect: bool = False
    direct_victim: Person | None = None
    link_to_direct_victim: str = ""
    offence_date: dt.date | None = None
    offence_place: str = ""
    circumstances: str = ""
    witnesses: str = ""  # CPP 40
    court: str = ""
    case_number: str = ""
    proceedings_state: str = ""
    defendant: str = ""
    hearing_date: dt.date | None = None
    letter_by: dt.date | None = None  # civil party: the court must receive it by this day
    claims: list[ClaimLine] = field(default_factory=list)
    cap: Decimal | None = None
    received: list[Received] = field(default_factory=list)
    none_received: bool = False  # she says nothing was received: printed "Néant"
    others_liable: list[str] = field(default_factory=list)
    notification_address: str = ""
    legal_costs_475_1: Decimal | None = None
    seized_objects: str = ""  # civil party: objects whose return she asks
    documents: list[str] = field(default_factory=list)
    # R50-10 and the routes' own conditions
    resources_statement: str = ""
    real_estate: str = ""
    serious_situation: str = ""
    vehicle: str = ""  # 706-14-1: make, model, registration number
    # SARVI
    decision_date: dt.date | None = None
    decision_final_date: dt.date | None = None
    damages_awarded: Decimal | None = None
    offender_information: str = ""
    sarvi_amount: Decimal | None = None
    iban: str = ""
    bic: str = ""
    account_holder: str = ""
    # CPP 40 / CPP 85
    complaint_date: dt.date | None = None
    dismissal_date: dt.date | None = None
    offence_class: str = ""  # a key of OFFENCE_CLASSES
    wishes_civil_party: bool | None = None
    place_of_signature: str = ""
    signed_on: dt.date | None = None
    draft: bool = False  # a victim's own draft: "brouillon – à relire" on every page

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def basis(self) -> str:
        return self.route_basis or ROUTE_BASIS.get(self.route, "")

    @property
    def resource_condition(self) -> bool:
        return self.route in RESOURCE_CONDITION

    @property
    def no_other_compensation(self) -> bool:
        return self.route in NO_OTHER_COMPENSATION

    @property
    def serious_situation_heading(self) -> str:
        return SERIOUS_SITUATION.get(self.route, "")

    @property
    def vehicle_route(self) -> bool:
        return self.route == "civi_vehicle"

    @property
    def total(self) -> Decimal | None:
        """The sum of the amounts given; None when no head has one."""
        amounts = [line.amount for line in self.claims if line.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def unpriced(self) -> int:
        """Heads without an amount: left out of the total, and the letter says so."""
        return sum(1 for line in self.claims if line.amount is None)

    @property
    def over_cap(self) -> bool:
        total = self.total
        return self.cap is not None and total is not None and total > self.cap

    @property
    def offence_class_label(self) -> str:
        return OFFENCE_CLASSES.get(self.offence_class, "")

    @property
    def three_months_passed(self) -> bool:
        """CPP 85: three months since the complaint, on the day of signature (or today)."""
        from appui.rights.deadlines import add_months
        from appui.rights.facts import today_in_paris

        if self.complaint_date is None:
            return False
        return add_months(self.complaint_date, 3) <= (self.signed_on or today_in_paris())

    @property
    def addressee_name(self) -> str:
        """The addressee, or who the document goes to by law when the letter does not say."""
        if self.addressee.name:
            return self.addressee.name
        if self.kind == LetterKind.SARVI_REQUEST:
            return FGTI
        if self.kind == LetterKind.CIVIL_PARTY_LETTER and self.court:
            return self.court
        return ""


def render_html(letter: Letter) -> str:
    """The letter as HTML, in French whatever the active language."""
    with translation.override("fr"):
        return render_to_string(TEMPLATES[letter.kind], {"letter": letter})


def render_pdf(letter: Letter) -> bytes:
    """The letter as a tagged PDF (PDF/UA-1: structure tree, title, language)."""
    with translation.override("fr"):
        return pdf.render(
            None, TEMPLATES[letter.kind], {"letter": letter}, STYLESHEET, variant=PDF_VARIANT
        )


def filename(letter: Letter) -> str:
    """A plain file name for a download: the kind, and "brouillon" for a draft."""
    return f"{letter.kind.value.replace('_', '-')}{'-brouillon' if letter.draft else ''}.pdf"
