"""`timeline`: where a started procedure stands, who must act next, and by when.

One function per procedure, named after it, each reading like the articles it applies
(contract: the procedure timelines section of docs/rights.md). Dates use the same month
arithmetic and CPP 801 extension as `assess`; the SARVI window and the civil-party date
are the very ones `assess` computes (`remedies.sarvi_window`, `remedies.civil_party_by`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from . import deadlines as D
from . import messages
from .messages import date as said_date
from .messages import money, point
from .procedures import ProcedureInput, ProcedureName, parse
from .remedies import (
    CPP_85,
    U_CPP801,
    civil_party_by,
    investigating_judge_from,
    sarvi_window,
)


class DateState(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    PASSED = "passed"
    DONE = "done"


class Stage(StrEnum):
    # civi
    FILED = "filed"
    AWAITING_OFFER = "awaiting_offer"
    OFFER_TO_ANSWER = "offer_to_answer"
    AWAITING_HOMOLOGATION = "awaiting_homologation"
    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_HEARING = "awaiting_hearing"
    DECIDED = "decided"
    CLOSED = "closed"
    APPEALED = "appealed"
    # sarvi (also `filed`, `closed`)
    WAITING_WINDOW = "waiting_window"
    WINDOW_OPEN = "window_open"
    REFUSED = "refused"
    # civil_party
    BEFORE_HEARING = "before_hearing"
    HEARD = "heard"
    # prosecutor_complaint
    WAITING = "waiting"
    JUDGE_POSSIBLE = "judge_possible"
    ANSWERED = "answered"


class Party(StrEnum):
    VICTIM = "victim"
    FUND = "fund"
    COURT = "court"
    PROSECUTOR = "prosecutor"


_UPCOMING, _OPEN, _PASSED, _DONE = (
    DateState.UPCOMING,
    DateState.OPEN,
    DateState.PASSED,
    DateState.DONE,
)
VICTIM, FUND, COURT, PROSECUTOR = (
    (Party.VICTIM,),
    (Party.FUND,),
    (Party.COURT,),
    (Party.PROSECUTOR,),
)
VICTIM_OR_FUND = (Party.VICTIM, Party.FUND)
PROSECUTOR_AND_FUND = (Party.PROSECUTOR, Party.FUND)

# Date ids in the order a reader meets them; dates of the same day are listed in this order.
DATE_IDS = (
    "fund_offer_due",
    "victim_answer_due",
    "summons_by",
    "observations_by",
    "payment_due",
    "appeal_due",
    "sarvi_opens",
    "sarvi_closes",
    "sarvi_payment_due",
    "president_request_due",
    "civil_party_letter_by",
    "investigating_judge_from",
)
_ORDER = {id: i for i, id in enumerate(DATE_IDS)}

CPC_642 = "CPC art. 642"
# Bases (law.md §1.6, §2, §3, §4).
FUND_OFFER = ("CPP art. 706-5-1",)
VICTIM_ANSWER = ("CPP art. R50-12-2",)
PAYMENT = ("CPP art. R50-24",)
HEARING = ("CPP art. 706-7", "CPP art. R50-16 to R50-20")
APPEAL = ("CPC art. 538",)
SARVI_PAYMENT = ("C. assur. art. L422-7",)
SARVI_PRESIDENT = ("CPP art. 706-15-2", "C. assur. art. L422-7 to L422-10")
LETTER = ("CPP art. 420-1",)

# Points law.md leaves open: the contract's `uncertain` strings (plain sentences in messages).
U_FUND_LATE = point("fund_late")
U_CIVI_APPEAL = point("civi_appeal")
U_LETTER_24H = point("letter_24h")
U_SARVI_PRESIDENT = point("sarvi_president")
U_GOOD_FRIDAY = messages.U_GOOD_FRIDAY

_FIFTEEN_DAYS = dt.timedelta(days=15)


class DateEntry:
    """One date the events make known (the contract's `dates` item)."""

    __slots__ = ("id", "date", "parties", "state", "legal_basis", "extended", "indicative")

    def __init__(
        self,
        id: str,
        date: dt.date,
        parties: tuple[Party, ...],
        state: DateState,
        legal_basis: tuple[str, ...],
        extended: bool = False,
        indicative: bool = False,
    ):
        self.id = id
        self.date = date
        self.parties = parties
        self.state = state
        self.legal_basis = legal_basis
        self.extended = extended
        self.indicative = indicative

    def __repr__(self) -> str:
        return f"DateEntry({self.id!r}, {self.date.isoformat()}, {self.state.value!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "parties": [p.value for p in self.parties],
            "state": self.state.value,
            "legal_basis": list(self.legal_basis),
            "extended": self.extended,
            "indicative": self.indicative,
        }


class Timeline:
    """Where one procedure stands on `as_of`: its stage, its dates, what comes next."""

    __slots__ = ("procedure", "as_of", "lang", "stage", "next", "dates", "reasons", "uncertain")

    def __init__(
        self,
        procedure: str,
        as_of: dt.date,
        lang: str,
        stage: Stage,
        next: str | None,
        dates: list[DateEntry],
        reasons: list[str],
        uncertain: list[str],
    ):
        self.procedure = procedure
        self.as_of = as_of
        self.lang = lang
        self.stage = stage
        self.next = next
        self.dates = dates
        self.reasons = reasons
        self.uncertain = uncertain

    def date(self, id: str) -> DateEntry | None:
        for entry in self.dates:
            if entry.id == id:
                return entry
        return None

    @property
    def uncertain_text(self) -> list[str]:
        """The `uncertain` points, same order, as plain sentences in the timeline's language."""
        return [messages.uncertain_text(p, self.lang) for p in self.uncertain]

    def __repr__(self) -> str:
        return f"Timeline({self.procedure!r}, {self.stage.value!r}, next={self.next!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "as_of": self.as_of.isoformat(),
            "stage": self.stage.value,
            "next": self.next,
            "dates": [d.to_dict() for d in self.dates],
            "reasons": list(self.reasons),
            "uncertain": list(self.uncertain),
            "uncertain_text": self.uncertain_text,
        }


class _Build:
    """A timeline being drawn: its dates, reasons and uncertain points."""

    __slots__ = ("p", "as_of", "lang", "templates", "dates", "reasons", "uncertain")

    def __init__(self, parsed: ProcedureInput, lang: str):
        self.p = parsed
        self.as_of = parsed.as_of
        self.lang = lang
        self.templates = messages.TEMPLATES[lang]
        self.dates: list[DateEntry] = []
        self.reasons: list[str] = []
        self.uncertain: list[str] = []

    def day(self, value: dt.date) -> str:
        return said_date(value, self.lang)

    def money(self, value: float) -> str:
        return money(value, self.lang)

    def reason(self, key: str, **kw: Any) -> None:
        template = self.templates[key]
        self.reasons.append(template.format(**kw) if kw else template)

    def note(self, point: str) -> None:
        if point not in self.uncertain:
            self.uncertain.append(point)

    def due(
        self,
        id: str,
        day: dt.date,
        done: bool,
        parties: tuple[Party, ...],
        basis: tuple[str, ...],
        extension: str | None = D.CPP_801,
    ) -> DateEntry:
        """A last day for an awaited event: done once it is recorded, else open, then passed.

        Moved to the next working day by `extension` (CPP 801, or an article with its effect).
        """
        extended = False
        if extension is not None:
            if extension == D.CPP_801:
                self.note(U_CPP801)
            day, extended, local = D.to_working_day(day, self.p.department)
            if extended:
                basis = (*basis, extension)
            if local:
                self.note(U_GOOD_FRIDAY)
        state = _DONE if done else _OPEN if self.as_of <= day else _PASSED
        entry = DateEntry(id, day, parties, state, basis, extended)
        self.dates.append(entry)
        return entry

    def deadline(self, deadline: D.Deadline, done: bool, parties: tuple[Party, ...]) -> DateEntry:
        """A date `assess` computes, with the timeline's own state."""
        if deadline.local_good_friday:
            self.note(U_GOOD_FRIDAY)
        day = deadline.date
        state = _DONE if done else _OPEN if self.as_of <= day else _PASSED
        entry = DateEntry(deadline.id, day, parties, state, deadline.legal_basis, deadline.extended)
        self.dates.append(entry)
        return entry

    def from_day(
        self, id: str, day: dt.date, parties: tuple[Party, ...], basis: tuple[str, ...]
    ) -> DateEntry:
        """A first day something becomes possible: upcoming before it, open from it."""
        entry = DateEntry(id, day, parties, _OPEN if self.as_of >= day else _UPCOMING, basis)
        self.dates.append(entry)
        return entry

    def by(
        self, id: str, day: dt.date, parties: tuple[Party, ...], basis: tuple[str, ...]
    ) -> DateEntry:
        """A day before a hearing, never moved: open up to it, then passed."""
        entry = DateEntry(id, day, parties, _OPEN if self.as_of <= day else _PASSED, basis)
        self.dates.append(entry)
        return entry

    def done(self, stage: Stage) -> Timeline:
        dates = self.dates
        if len(dates) > 1:
            dates.sort(key=_date_order)
        as_of = self.as_of
        following = None
        for entry in dates:
            if entry.date >= as_of and (entry.state is _OPEN or entry.state is _UPCOMING):
                following = entry.id
                break
        return Timeline(
            self.p.procedure,
            as_of,
            self.lang,
            stage,
            following,
            dates,
            self.reasons,
            self.uncertain,
        )


def _date_order(entry: DateEntry) -> tuple[dt.date, int]:
    return entry.date, _ORDER[entry.id]


# --- the procedures --------------------------------------------------------------------


def civi(b: _Build) -> Timeline:
    """CPP 706-5-1, R50-12-2, 706-7, R50-24: the fund's offer, her answer, the hearing,
    payment; and the appeal (CPC 538, 642)."""
    p = b.p
    first = p.firsts.get
    forwarded = first("forwarded_to_fund")
    offer = first("offer_received")
    fund_refused = first("fund_refused")
    accepted = first("offer_accepted")
    refused = first("offer_refused")
    homologation = first("homologation_notified")
    hearing = p.last("hearing_set")
    decision = first("decision_notified")
    paid = first("paid")
    appeal = first("appeal_filed")
    # Each event leads to a stage; the latest decides, except that a payment does not end an
    # appeal.
    stage = Stage.FILED
    for event in p.events:
        kind = event.type
        if kind in _CIVI_STAGE and not (kind == "paid" and stage is Stage.APPEALED):
            stage = _CIVI_STAGE[kind]
    if stage is Stage.FILED:
        b.reason("timeline.civi.filed")
    provisional = p.every("provisional_payment")
    if provisional:
        total = math.fsum(e.amount for e in provisional)  # type: ignore[misc]
        b.reason("timeline.civi.provisional", amount=b.money(total))
    if forwarded is not None:
        # 706-5-1: the fund's offer, or its reasoned refusal, within 2 months.
        due = b.due(
            "fund_offer_due",
            D.add_months(forwarded.date, 2),
            offer is not None or fund_refused is not None,
            FUND,
            FUND_OFFER,
        )
        if stage is Stage.AWAITING_OFFER:
            if due.state is _PASSED:
                b.reason("timeline.civi.fund_late", day=b.day(due.date))
                b.note(U_FUND_LATE)
            else:
                b.reason("timeline.civi.awaiting_offer", day=b.day(due.date))
    silence = False
    if offer is not None:
        # R50-12-2: her answer within 2 months; her silence counts as a refusal.
        answer = accepted or refused
        due = b.due(
            "victim_answer_due",
            D.add_months(offer.date, 2),
            answer is not None,
            VICTIM,
            VICTIM_ANSWER,
        )
        if stage is Stage.OFFER_TO_ANSWER:
            if due.state is _PASSED:
                stage, silence = Stage.AWAITING_HEARING, True
                b.reason("timeline.civi.silence", day=b.day(due.date))
            else:
                amount = b.money(offer.amount)  # type: ignore[arg-type]
                b.reason("timeline.civi.offer", amount=amount, day=b.day(due.date))
        elif accepted is not None and accepted.date > due.date:
            b.reason("timeline.civi.late_answer", day=b.day(due.date))
    if stage is Stage.AWAITING_HOMOLOGATION:
        b.reason("timeline.civi.accepted")
    elif stage is Stage.AWAITING_HEARING and not silence:
        if refused is not None:
            b.reason("timeline.civi.victim_refused")
        elif fund_refused is not None:
            b.reason("timeline.civi.fund_refused")
    if hearing is not None:
        # 706-7, R50-16 to R50-20: summoned 2 months ahead, observations 15 days ahead.
        day: dt.date = hearing.hearing  # type: ignore[assignment]
        summons = b.by("summons_by", D.add_months(day, -2), COURT, HEARING)
        observations = b.by("observations_by", day - _FIFTEEN_DAYS, PROSECUTOR_AND_FUND, HEARING)
        if stage is Stage.AWAITING_HEARING:
            b.reason(
                "timeline.civi.hearing",
                hearing=b.day(day),
                summons=b.day(summons.date),
                observations=b.day(observations.date),
            )
            if len(p.every("hearing_set")) > 1:
                b.reason("timeline.hearing_postponed", hearing=b.day(day))
            if summons.date < hearing.date:
                b.reason("timeline.civi.short_notice")
    if decision is not None:
        if decision.amount:
            b.reason("timeline.civi.awarded", amount=b.money(decision.amount))
        else:
            b.reason("timeline.civi.rejected")
    # R50-24: paid within a month of the homologation or the decision (a rejection pays nothing).
    if homologation is not None or (decision is not None and decision.amount):
        ruling, amount = (
            (homologation, offer.amount)  # type: ignore[union-attr]
            if homologation is not None
            else (decision, decision.amount)  # type: ignore[union-attr]
        )
        due = b.due(
            "payment_due",
            D.add_months(ruling.date, 1),
            paid is not None,
            FUND,
            PAYMENT,  # type: ignore[union-attr]
        )
        if paid is None:
            key = "timeline.civi.pay_late" if due.state is _PASSED else "timeline.civi.to_pay"
            b.reason(key, amount=b.money(amount), day=b.day(due.date))  # type: ignore[arg-type]
    if decision is not None:
        # An appeal under civil procedure: one month (CPC 538), extended by CPC 642.
        appeal_due = b.due(
            "appeal_due",
            D.add_months(decision.date, 1),
            appeal is not None,
            VICTIM_OR_FUND,
            APPEAL,
            extension=CPC_642,
        )
        b.note(U_CIVI_APPEAL)
        if appeal_due.state is _OPEN:
            b.reason("timeline.civi.appeal", day=b.day(appeal_due.date))
        elif appeal_due.state is _PASSED and not decision.amount and stage is Stage.DECIDED:
            stage = Stage.CLOSED
            b.reason("timeline.civi.appeal_over", day=b.day(appeal_due.date))
    if paid is not None:
        b.reason("timeline.civi.paid", amount=b.money(paid.amount))  # type: ignore[arg-type]
    if stage is Stage.APPEALED:
        b.reason("timeline.civi.appealed")
    return b.done(stage)


_CIVI_STAGE = {
    "request_filed": Stage.FILED,
    "forwarded_to_fund": Stage.AWAITING_OFFER,
    "offer_received": Stage.OFFER_TO_ANSWER,
    "offer_accepted": Stage.AWAITING_HOMOLOGATION,
    "offer_refused": Stage.AWAITING_HEARING,
    "fund_refused": Stage.AWAITING_HEARING,
    "homologation_notified": Stage.AWAITING_PAYMENT,
    "hearing_set": Stage.AWAITING_HEARING,
    "decision_notified": Stage.DECIDED,
    "paid": Stage.CLOSED,
    "appeal_filed": Stage.APPEALED,
}


def sarvi(b: _Build) -> Timeline:
    """CPP 706-15-2 (the window, as `assess` gives it), C. assur. L422-7 (paid within 2
    months of the request); after a refusal, a month to ask the court's president."""
    p = b.p
    final = p.first("decision_final")
    inadmissible = p.first("civi_inadmissible_notified")
    request = p.first("request_filed")
    paid = p.first("paid")
    refusal = p.first("refusal_notified")
    opens, closes = sarvi_window(
        final.date,  # type: ignore[union-attr]
        inadmissible.date if inadmissible else None,
        b.as_of,
        p.department,
    )
    b.from_day("sarvi_opens", opens.date, VICTIM, opens.legal_basis)
    closing = b.deadline(closes, request is not None, VICTIM)
    b.note(U_CPP801)
    if inadmissible is not None:
        b.reason("sarvi.after_civi")
    if request is None:
        stage = Stage.WAITING_WINDOW if b.as_of < opens.date else Stage.WINDOW_OPEN
        if closing.state is _PASSED:
            b.reason("timeline.sarvi.window_over", day=b.day(closing.date))
        else:
            b.reason("timeline.sarvi.window", opens=b.day(opens.date), closes=b.day(closing.date))
        return b.done(stage)
    if request.date < opens.date:
        b.reason("timeline.sarvi.early", day=b.day(opens.date))
    # L422-7: a deadline of the insurance code, not moved by CPP 801.
    payment = b.due(
        "sarvi_payment_due",
        D.add_months(request.date, 2),
        paid is not None or refusal is not None,
        FUND,
        SARVI_PAYMENT,
        extension=None,
    )
    if refusal is not None:
        president = b.due(
            "president_request_due", D.add_months(refusal.date, 1), False, VICTIM, SARVI_PRESIDENT
        )
        b.note(U_SARVI_PRESIDENT)
        if paid is None:
            b.reason("timeline.sarvi.refused", day=b.day(president.date))
            return b.done(Stage.REFUSED)
    if paid is not None:  # also after a refusal the president overturned
        b.reason("timeline.sarvi.paid", amount=b.money(paid.amount))  # type: ignore[arg-type]
        return b.done(Stage.CLOSED)
    key = "timeline.sarvi.pay_late" if payment.state is _PASSED else "timeline.sarvi.filed"
    b.reason(key, day=b.day(payment.date))
    return b.done(Stage.FILED)


def civil_party(b: _Build) -> Timeline:
    """CPP 420-1: a written claim received at least 24 hours before the hearing (the day
    before it, as `assess` computes it, never moved); the latest hearing set counts."""
    p = b.p
    hearing: dt.date = p.last("hearing_set").hearing  # type: ignore[union-attr, assignment]
    received = p.first("letter_received")
    by = b.due(
        "civil_party_letter_by",
        civil_party_by(hearing),
        received is not None,
        VICTIM,
        LETTER,
        extension=None,
    )
    b.note(U_LETTER_24H)
    if len(p.every("hearing_set")) > 1:
        b.reason("timeline.hearing_postponed", hearing=b.day(hearing))
    heard = b.as_of > hearing
    if received is not None:
        b.reason("timeline.civil_party.received", day=b.day(received.date))
        if received.date > by.date:
            b.reason("timeline.civil_party.late", day=b.day(by.date))
    elif by.state is _OPEN:
        b.reason("civil_party.by", day=b.day(by.date), hearing=b.day(hearing))
        if not D.is_working_day(by.date, p.department):
            b.reason("civil_party.send_early")
    elif not heard:
        b.reason("timeline.civil_party.at_hearing")
    if heard:
        b.reason("timeline.civil_party.heard", hearing=b.day(hearing))
        return b.done(Stage.HEARD)
    return b.done(Stage.BEFORE_HEARING)


def prosecutor_complaint(b: _Build) -> Timeline:
    """CPP 85 al. 2: for a délit, the investigating judge 3 months after the complaint, or
    at once after a dismissal; no wait for a crime or a press délit; no such route for a
    contravention."""
    p = b.p
    complaint = p.first("complaint_sent")
    answer = p.first("answer_received")
    dismissal = p.first("dismissal_notified")
    cls = complaint.offence_class  # type: ignore[union-attr]
    stage = Stage.WAITING
    dismissal_said = False
    if cls == "contravention":
        b.reason("prosecutor.contravention")
        if dismissal is not None:
            stage = Stage.ANSWERED
    elif cls == "crime" or complaint.press:  # type: ignore[union-attr]
        stage = Stage.JUDGE_POSSIBLE
        b.reason(
            "timeline.prosecutor.crime_now" if cls == "crime" else "timeline.prosecutor.press_now"
        )
    else:
        b.reason("prosecutor.delit")
        day = investigating_judge_from(complaint.date)  # type: ignore[union-attr]
        if dismissal is not None and dismissal.date < day:
            day = dismissal.date
            dismissal_said = True
            b.reason("timeline.prosecutor.dismissal", day=b.day(day))
        else:
            b.reason("timeline.prosecutor.judge_from", day=b.day(day))
        if b.from_day("investigating_judge_from", day, VICTIM, CPP_85).state is _OPEN:
            stage = Stage.JUDGE_POSSIBLE
    if dismissal is not None and not dismissal_said:
        b.reason("timeline.prosecutor.dismissed", day=b.day(dismissal.date))
    if answer is not None:
        stage = Stage.ANSWERED
        b.reason("timeline.prosecutor.answered", day=b.day(answer.date))
    return b.done(stage)


PROCEDURES: dict[str, Callable[[_Build], Timeline]] = {
    ProcedureName.CIVI: civi,
    ProcedureName.SARVI: sarvi,
    ProcedureName.CIVIL_PARTY: civil_party,
    ProcedureName.PROSECUTOR_COMPLAINT: prosecutor_complaint,
}


def timeline(procedure: dict | ProcedureInput, lang: str = "fr") -> Timeline:
    """Where a procedure stands; invalid input raises `InvalidProcedure` with field errors."""
    if lang not in messages.LANGUAGES:
        lang = "fr"
    parsed = procedure if isinstance(procedure, ProcedureInput) else parse(procedure, lang)
    return PROCEDURES[parsed.procedure](_Build(parsed, lang))
