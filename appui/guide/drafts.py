"""A victim's own draft of a CIVI request or of a civil-party letter, from her plan.

Her plan's answers (date and place of the facts, the complaint, the hearing, her income…)
plus the few fields the document needs, typed on one page that works without JavaScript;
on submit the PDF comes back at once, marked as a draft ("brouillon – à relire"), made by
`appui.claims.letters` in French. What she typed is kept only in her session, encrypted
like her answers (`services.save_draft`), so that she can come back and correct it;
"Forget my answers" forgets it too. Nothing else is written anywhere.

Offered for the CIVI routes and the civil-party claim when the plan finds them open or
possible (eligible or unknown). The civil-party letter must reach the court by the day
before the hearing (CPP 420-1): the date comes from the rights engine's
`civil_party_by`, and the page advises sending early when that day is not a working day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from appui.advice.plan import advise
from appui.claims import addressees, checklists, letters
from appui.claims.heads import Group, Head, group_of, grouped, heads_for
from appui.claims.letters import Addressee, ClaimLine, Letter, LetterKind, Person, Received
from appui.claims.templatetags.claims_letters import euros
from appui.rights.deadlines import is_working_day
from appui.territory.forms import CommuneField

from . import services, steps
from .forms import StepForm, date_field, today
from .plan import Plan, build
from .questions import KILLED_SITUATIONS, any_of
from .views import private

CIVI_ROUTES = ("civi_full", "civi_capped", "civi_vehicle", "civi_squat")
CIVIL_PARTY = "civil_party"
ROUTES = (*CIVI_ROUTES, CIVIL_PARTY)
HARM_LINES = 5
RECEIVED_LINES = 3
OTHER = "other"
MAX_AMOUNT = Decimal(1_000_000_000)  # the ranges of every form: 0 to 10⁹ €
# The heads a victim can name herself: a direct victim's common ones (the others need a
# medical expert's report), a relative's after a death, and property on property routes.
COMMON_HEADS = frozenset(
    {
        Head.DPT_DSA,
        Head.DPT_FD,
        Head.DPT_PGPA,
        Head.DET_DFT,
        Head.DET_SE,
        Head.DET_PET,
        Head.DEP_DFP,
        Head.DEP_PA,
        Head.DEP_PEP,
    }
)
# Fields of her identity, offered again in her other draft.
IDENTITY = (
    "last_name",
    "first_names",
    "birth_date",
    "birth_place",
    "nationality",
    "profession",
    "address",
    "home_town",
    "phone",
    "email",
)
FILENAMES = {
    LetterKind.CIVI_REQUEST: "brouillon-requete-civi.pdf",
    LetterKind.CIVIL_PARTY_LETTER: "brouillon-lettre-partie-civile.pdf",
}
AMOUNT_ERRORS = {
    "min_value": _("Enter an amount of 0 or more."),
    "max_value": _("Enter an amount of at most 1,000,000,000 euros."),
    "invalid": _("Enter an amount in euros, for example 1200 or 85.50."),
    "max_digits": _("Enter an amount of at most 1,000,000,000 euros."),
    "max_decimal_places": _("Enter an amount with at most two decimals (cents)."),
    "max_whole_digits": _("Enter an amount of at most 1,000,000,000 euros."),
}


def kind_of(route: str) -> LetterKind:
    return LetterKind.CIVIL_PARTY_LETTER if route == CIVIL_PARTY else LetterKind.CIVI_REQUEST


def offered(remedy) -> bool:
    """A draft is offered under a remedy the plan finds open or possible."""
    return remedy.id in ROUTES and remedy.status in ("eligible", "unknown")


def indirect(answers: dict) -> bool:
    return any_of(answers, KILLED_SITUATIONS)


def text(label, *, max_length=200, rows=0, help_text="", required=False):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        strip=True,
    )


def amount(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        localize=False,
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def head_choices(route: str, is_indirect: bool) -> list:
    """The heads of damage she may name on this route, under their groups, then "other"."""
    choices: list = [("", _("Choose…"))]
    heads = [
        head
        for head in heads_for(route, indirect=is_indirect)
        if head in COMMON_HEADS or group_of(head.value) in (Group.INDIRECT_DEATH, Group.PROPERTY)
    ]
    for group, members in grouped(heads):
        choices.append((Group(group).label, [(h.value, h.label) for h in members]))
    choices.append((OTHER, _("Something else (say what below)")))
    return choices


class DraftForm(StepForm):
    """The few fields the document needs beyond her answers; each is optional unless the
    document cannot be written without it (her name): a blank field is a dotted line on
    the draft, to complete by hand."""

    last_name = text(_("Last name"), max_length=100, required=True)
    first_names = text(_("First names"), max_length=150, required=True)
    birth_date = date_field(_("Date of birth"))
    birth_place = text(
        _("Place of birth"), max_length=150, help_text=_("Town, and country if outside France.")
    )
    nationality = text(_("Nationality"), max_length=60)
    profession = text(
        _("Profession"),
        max_length=100,
        help_text=_("Or your situation: student, retired, looking for work…"),
    )
    address = text(
        _("Your postal address"),
        max_length=300,
        rows=3,
        help_text=_("Number, street, postcode and town: the court will write to you there."),
    )
    home_town = CommuneField(
        codes=False,
        label=_("Town where you live"),
        required=False,
        help_text=_(
            "To find the commission (CIVI) that handles your request."
            " For example: Épinal, or 88000."
        ),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email (optional)"), max_length=200, required=False)
    direct_victim_last_name = text(_("Last name of the person who died"), max_length=100)
    direct_victim_first_names = text(_("First names of the person who died"), max_length=150)
    direct_victim_birth_date = date_field(_("Date of birth of the person who died"))
    link = text(
        _("Your link with this person"),
        max_length=100,
        help_text=_("For example: daughter, husband, brother."),
    )
    circumstances = text(
        _("What happened, in a few lines"),
        max_length=3000,
        rows=5,
        help_text=_("Facts only: what happened, who did it if you know, what it did to you."),
    )
    court = text(
        _("Court handling the case, if any"),
        max_length=150,
        help_text=_("Leave empty if no court is dealing with it yet."),
    )
    hearing_date = date_field(
        _("Date of the hearing"), help_text=_("It is on the summons. For example 14/07/2026.")
    )
    case_number = text(
        _("Case number, if you know it"),
        max_length=60,
        help_text=_("It is on the summons or on the complaint receipt."),
    )
    proceedings_state = text(
        _("Where the case stands"),
        max_length=300,
        help_text=_("For example: complaint filed, investigation under way, judgment given."),
    )
    defendant = text(_("Name of the person on trial, if you know it"), max_length=200)
    resources = text(
        _("Your household's yearly income (revenu fiscal de référence)"),
        max_length=300,
        rows=2,
        help_text=_(
            "Of the year before the facts and of the year before your request:"
            " it is on your tax notices."
        ),
    )
    real_estate = text(
        _("Houses, flats or land you own"),
        max_length=300,
        rows=2,
        help_text=_("Write “none” if you own none."),
    )
    serious_situation = text(
        _("How has this put you in a serious situation?"),
        max_length=2000,
        rows=4,
        help_text=_("Money, health, morale: a few lines on your difficulties since the facts."),
    )
    vehicle = text(_("Your vehicle: make, model and registration number"), max_length=150)
    none_received = forms.BooleanField(label=_("I have received nothing so far"), required=False)
    documents = forms.MultipleChoiceField(
        label=_("Documents you will enclose"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick what you will send with the draft; send copies, keep the originals."),
    )
    other_documents = text(_("Other documents (one per line)"), max_length=1000, rows=3)

    def __init__(self, *args, route: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.route = route
        self.indirect = indirect(self.answers)
        heads = head_choices(route, self.indirect)
        for n in range(1, HARM_LINES + 1):
            self.fields[f"head_{n}"] = forms.ChoiceField(
                label=_("What for"), choices=heads, required=False
            )
            self.fields[f"detail_{n}"] = text(_("Details"), max_length=200)
            self.fields[f"amount_{n}"] = amount(_("Amount in euros"))
        for n in range(1, RECEIVED_LINES + 1):
            self.fields[f"payer_{n}"] = text(_("Paid by"), max_length=150)
            self.fields[f"received_{n}"] = amount(_("Amount in euros"))
        items = checklists.checklist(route, indirect=self.indirect)
        self.fields["documents"].choices = [(item.key, item.label) for item in items]
        self.labels_fr = {}
        with translation.override("fr"):
            self.labels_fr = {item.key: str(item.label) for item in items}
        for name in self.unused():
            del self.fields[name]
        if route == CIVIL_PARTY:
            self.fields["court"].label = _("Court where the hearing takes place")
            self.fields["court"].help_text = _(
                "It is on the summons, for example: Tribunal correctionnel de Nancy."
            )
        elif route == "civi_squat":
            self.fields["serious_situation"].label = _(
                "How has this put you in serious material difficulty?"
            )

    def unused(self) -> list[str]:
        """Fields this document does not print."""
        names = []
        if not self.indirect:
            names += [
                "direct_victim_last_name",
                "direct_victim_first_names",
                "direct_victim_birth_date",
                "link",
            ]
        if self.route == CIVIL_PARTY:
            names += [
                "home_town",
                "proceedings_state",
                "resources",
                "real_estate",
                "serious_situation",
                "vehicle",
            ]
        else:
            names += ["hearing_date", "defendant"]
            if self.answers.get("lives_abroad"):
                names.append("home_town")  # the Paris CIVI
            if self.route not in letters.RESOURCE_CONDITION:
                names += ["resources", "real_estate"]
            if self.route not in letters.SERIOUS_SITUATION:
                names.append("serious_situation")
            if self.route != "civi_vehicle":
                names.append("vehicle")
        return names

    # --- the groups, for the template ------------------------------------------------

    def identity_fields(self):
        return [self[n] for n in IDENTITY if n in self.fields]

    def victim_fields(self):
        names = (
            "direct_victim_last_name",
            "direct_victim_first_names",
            "direct_victim_birth_date",
            "link",
        )
        return [self[n] for n in names if n in self.fields]

    def case_fields(self):
        names = (
            "circumstances",
            "court",
            "hearing_date",
            "case_number",
            "proceedings_state",
            "defendant",
        )
        return [self[n] for n in names if n in self.fields]

    def condition_fields(self):
        names = ("resources", "real_estate", "serious_situation", "vehicle")
        return [self[n] for n in names if n in self.fields]

    def harm_lines(self):
        return [
            (n, self[f"head_{n}"], self[f"detail_{n}"], self[f"amount_{n}"])
            for n in range(1, HARM_LINES + 1)
        ]

    def received_lines(self):
        return [
            (n, self[f"payer_{n}"], self[f"received_{n}"]) for n in range(1, RECEIVED_LINES + 1)
        ]

    # --- checks -------------------------------------------------------------------------

    def clean_birth_date(self):
        return self.before_offence("birth_date")

    def clean_direct_victim_birth_date(self):
        return self.before_offence("direct_victim_birth_date")

    def clean_hearing_date(self):
        value = self.not_before_offence("hearing_date")
        if value and value < today():
            raise forms.ValidationError(_("This hearing date has passed."))
        if value and value == today():
            raise forms.ValidationError(
                _(
                    "The hearing is today: it is too late for a letter. You can still go to the "
                    "hearing and ask for compensation there, before the prosecutor speaks."
                )
            )
        return value

    def clean(self):
        data = super().clean()
        for n in range(1, HARM_LINES + 1):
            head, detail = data.get(f"head_{n}"), data.get(f"detail_{n}")
            if not head and (detail or data.get(f"amount_{n}") is not None):
                self.add_error(f"head_{n}", _("Choose what this amount is for."))
            elif head == OTHER and not detail:
                self.add_error(f"detail_{n}", _("Say what this amount is for."))
        for n in range(1, RECEIVED_LINES + 1):
            if data.get(f"received_{n}") is not None and not data.get(f"payer_{n}"):
                self.add_error(f"payer_{n}", _("Say who paid this amount."))
            if data.get("none_received") and (data.get(f"payer_{n}") or data.get(f"received_{n}")):
                self.add_error(
                    "none_received",
                    _("You ticked “I have received nothing” and gave a sum received: check."),
                )
                break
        return data

    # --- the letter ---------------------------------------------------------------------

    def letter(self, plan: Plan) -> Letter:
        """The draft document, from her answers and what she typed."""
        data = self.cleaned_data
        answers = self.answers
        with translation.override("fr"):
            claims = [line for n in range(1, HARM_LINES + 1) if (line := self._claim(n))]
        received = [
            Received(data[f"payer_{n}"], data.get(f"received_{n}"))
            for n in range(1, RECEIVED_LINES + 1)
            if data.get(f"payer_{n}")
        ]
        documents = [self.labels_fr[key] for key in data.get("documents") or ()]
        documents += [
            line.strip()
            for line in (data.get("other_documents") or "").splitlines()
            if line.strip()
        ]
        applicant = Person(
            last_name=data["last_name"],
            first_names=data["first_names"],
            birth_date=data.get("birth_date"),
            birth_place=data.get("birth_place", ""),
            nationality=data.get("nationality", ""),
            profession=data.get("profession", ""),
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
        direct = None
        if self.indirect:
            direct = Person(
                last_name=data.get("direct_victim_last_name", ""),
                first_names=data.get("direct_victim_first_names", ""),
                birth_date=data.get("direct_victim_birth_date"),
            )
        remedy = plan.advice.remedies.get(self.route)
        letter = Letter(
            kind=kind_of(self.route),
            applicant=applicant,
            route=self.route,
            indirect=self.indirect,
            direct_victim=direct,
            link_to_direct_victim=data.get("link", ""),
            offence_date=plan.offence_date,
            offence_place=plan.commune.label if plan.commune and not plan.abroad else "",
            circumstances=data.get("circumstances", ""),
            court=data.get("court", ""),
            case_number=data.get("case_number", ""),
            proceedings_state=data.get("proceedings_state", ""),
            defendant=data.get("defendant", ""),
            complaint_date=_date(answers.get("complaint_date"))
            if answers.get("complaint") == "yes"
            else None,
            claims=claims,
            cap=Decimal(str(remedy.cap)) if remedy and remedy.cap is not None else None,
            received=received,
            none_received=bool(data.get("none_received")),
            notification_address=data.get("address", ""),
            documents=documents,
            resources_statement=data.get("resources", ""),
            real_estate=data.get("real_estate", ""),
            serious_situation=data.get("serious_situation", ""),
            vehicle=data.get("vehicle", ""),
            draft=True,
        )
        if self.route == CIVIL_PARTY:
            letter.hearing_date = data.get("hearing_date")
            letter.letter_by = letter_by(plan, letter.hearing_date)
            letter.addressee = Addressee(name=letter.court)
        else:
            letter.addressee = addressees.civi(
                data.get("home_town"), lives_abroad=bool(answers.get("lives_abroad"))
            )
        return letter

    def _claim(self, n: int) -> ClaimLine | None:
        data = self.cleaned_data
        head, detail, value = (
            data.get(f"head_{n}"),
            data.get(f"detail_{n}", ""),
            data.get(f"amount_{n}"),
        )
        if not head:
            return None
        if head == OTHER:
            return ClaimLine(label=detail, amount=value)
        return ClaimLine(label=str(Head(head).label), amount=value, basis=detail)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def letter_by(plan: Plan, hearing: dt.date | None) -> dt.date | None:
    """The day the court must have the letter: the engine's `civil_party_by` (CPP 420-1),
    for the hearing she typed."""
    if hearing is None:
        return None
    facts = {
        **plan.facts,
        "procedure": {**plan.facts.get("procedure", {}), "hearing_date": hearing.isoformat()},
    }
    remedy = advise(facts, "fr").remedies.get(CIVIL_PARTY)
    for step in remedy.steps if remedy else ():
        if step.id == "civil_party_by":
            return step.date
    return None


def arrive_by(day: dt.date | None, department: str | None) -> dt.date | None:
    """When `day` is not a working day: the last working day before it, for the letter to
    arrive while the court's registry is open (advice, not a legal deadline)."""
    if day is None or is_working_day(day, department):
        return None
    earlier = day - dt.timedelta(days=1)
    while not is_working_day(earlier, department):
        earlier -= dt.timedelta(days=1)
    return earlier


def initial(route: str, answers: dict, saved: dict[str, dict]) -> dict[str, Any]:
    """What she typed before for this draft; else her identity from her other draft and
    what her answers already say."""
    if route in saved:
        values = dict(saved[route])
    else:
        values = {}
        for other in saved.values():
            values.update({k: v for k, v in other.items() if k in IDENTITY and v not in (None, "")})
        for name in ("birth_date", "direct_victim_birth_date", "hearing_date"):
            if answers.get(name):
                values.setdefault(name, answers[name])
        if answers.get("home_commune"):
            values.setdefault("home_town", answers["home_commune"])
        if answers.get("annual_income") not in (None, ""):
            values.setdefault("resources", euros(answers["annual_income"]))
        values["documents"] = [
            item.key
            for item in checklists.checklist(route, indirect=indirect(answers))
            if item.required
        ]
    for name in ("birth_date", "direct_victim_birth_date", "hearing_date"):
        if isinstance(values.get(name), str):
            values[name] = _date(values[name])
    return values


@require_http_methods(["GET", "HEAD", "POST"])
@private
def draft(request: HttpRequest, route: str) -> HttpResponse:
    if route not in ROUTES:
        raise Http404
    answers = services.answers(request)
    missing = steps.first_missing(answers)
    if missing:
        return redirect("guide:step", name=missing)
    plan = build(answers, translation.get_language() or "fr")
    remedy = plan.advice.remedies.get(route)
    if remedy is None or not offered(remedy):
        return redirect("guide:plan")
    if request.method == "POST":
        form = DraftForm(request.POST, answers=answers, route=route)
        if form.is_valid():
            services.save_draft(request, route, _kept(form))
            letter = form.letter(plan)
            response = HttpResponse(letters.render_pdf(letter), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{FILENAMES[letter.kind]}"'
            return response
    else:
        form = DraftForm(
            initial=initial(route, answers, services.drafts(request)), answers=answers, route=route
        )
    return _page(request, form, plan, remedy, route)


def _kept(form: DraftForm) -> dict[str, Any]:
    """The fields to keep in her session: what she typed, nothing derived."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if value not in (None, "", [], False)
    }


def _value(form: DraftForm, name: str) -> Any:
    """A field's value as checked (a posted form) or as offered (a fresh one)."""
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get(name)
    return form.initial.get(name)


def _page(request: HttpRequest, form: DraftForm, plan: Plan, remedy, route: str) -> HttpResponse:
    department = plan.facts.get("offence", {}).get("department")
    by = early = None
    addressee = Addressee()
    if route == CIVIL_PARTY:
        by = letter_by(plan, _value(form, "hearing_date"))
        early = arrive_by(by, department)
    else:
        addressee = addressees.civi(
            _value(form, "home_town"), lives_abroad=bool(plan.answers.get("lives_abroad"))
        )
    return render(
        request,
        "guide/draft.html",
        {
            "form": form,
            "plan": plan,
            "remedy": remedy,
            "route": route,
            "civil_party": route == CIVIL_PARTY,
            "letter_by": by,
            "arrive_by": early,
            "addressee": addressee,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
