"""One function per remedy, named after it, each reading like the article it applies.

Each takes the assessment context and returns a `Remedy`: its status, the
articles relied on, readable reasons, the facts it lacks, its cap or amount,
and its dated deadlines. Points law.md marks uncertain are listed, never decided
silently.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from . import deadlines as D
from .context import Builder, Context, Remedy, Status
from .facts import Category, OffenceClass
from .messages import TEMPLATES, date, money, point

# Plain-string mirrors of the enums: validated facts carry strings, and reading an Enum
# member costs a descriptor call on every comparison of every rule.
C = type("C", (), {m.name: m.value for m in Category})
K = type("K", (), {m.name: m.value for m in OffenceClass})

LOI_2023_1059 = dt.date(2023, 11, 22)  # CPP 706-3 third tiret, 706-5 minors, 706-14-3
NATIONAL_ONLINE_COMPLAINT = dt.date(2024, 10, 15)
LOI_2024_536 = dt.date(2024, 6, 15)  # protection order for 12 months, OPPI
SARVI_FIRST_DECISION = dt.date(2008, 10, 1)


def _names(members: set[str]) -> frozenset[str]:
    return frozenset(members)


EXCLUDED_FROM_CIVI = _names({C.TERRORISM, C.TRAFFIC_ACCIDENT, C.HUNTING_ACCIDENT})
LISTED_706_3 = _names({C.SEXUAL_VIOLENCE, C.TRAFFICKING, C.SEXUAL_OFFENCE_ON_MINOR})
PROPERTY_706_14 = _names(
    {C.THEFT, C.FRAUD, C.BREACH_OF_TRUST, C.EXTORTION, C.PROPERTY_DAMAGE, C.VEHICLE_ARSON}
)
PERSON = _names(
    {
        C.HOMICIDE,
        C.VIOLENCE,
        C.SEXUAL_VIOLENCE,
        C.TRAFFICKING,
        C.SEXUAL_OFFENCE_ON_MINOR,
        C.HARASSMENT,
        C.THREATS,
    }
)
PERSON_OR_OTHER = PERSON | {C.OTHER}
VIOLENCE_LIKE = _names({C.HOMICIDE, C.VIOLENCE, C.SEXUAL_VIOLENCE, C.HARASSMENT, C.THREATS})
EXTORTION_LIKE = _names({C.EXTORTION, C.FRAUD})
ONLINE_PROPERTY = _names(
    {C.THEFT, C.FRAUD, C.BREACH_OF_TRUST, C.EXTORTION, C.PROPERTY_DAMAGE, C.VEHICLE_ARSON}
)
ONLINE_DISCRIMINATION = _names({C.DISCRIMINATION, C.DEFAMATION_INSULT})
INSURED_RISKS = _names(
    {
        C.THEFT,
        C.FRAUD,
        C.BREACH_OF_TRUST,
        C.EXTORTION,
        C.PROPERTY_DAMAGE,
        C.VEHICLE_ARSON,
        C.SQUAT,
        C.TRAFFIC_ACCIDENT,
        C.HUNTING_ACCIDENT,
        C.TERRORISM,
    }
)
ART_706_47_ON_MINORS = _names(
    {C.HOMICIDE, C.VIOLENCE, C.SEXUAL_VIOLENCE, C.TRAFFICKING, C.SEXUAL_OFFENCE_ON_MINOR}
)

# Points law.md marks [?]: the contract's `uncertain` strings, each with its plain sentence
# in `messages.UNCERTAIN` (the remedy's `uncertain_text`).
U_CAP_SINGLE = point("cap_single")
U_EXTORTION = point("extortion")
U_CIVI_DATE = point("civi_date")
U_CPP801 = point("cpp801")
U_2023_CASE = point("case_2023")
U_2023_CAP = point("cap_2023")
U_SQUAT_CAP = point("squat_cap")
U_2023_TRANSITION = point("transition_2023")
U_MINOR_TRANSITION = point("minor_transition")
U_BAR_DURATION = point("bar_duration")
U_HIDDEN = point("hidden")
U_PRESS_ONE_YEAR = point("press_one_year")

PRESS_LAW = "Loi du 29 juillet 1881 art. 65"
PRESS_LAW_DISCRIMINATORY = "Loi du 29 juillet 1881 art. 65-3"
# Facts after which an unauthorised card payment is the likely loss (C. monét. fin. L133-18).
CARD_FRAUD_LIKE = _names({C.THEFT, C.FRAUD, C.BREACH_OF_TRUST, C.EXTORTION})


# --- shared pieces ------------------------------------------------------------


def _territory(b: Builder) -> bool | None:
    """706-3 3°: a French victim, or facts on French territory."""
    f = b.ctx.facts
    return b.require_any(
        (
            (f.victim.french_national, "victim.french_national"),
            (f.offence.in_france, "offence.in_france"),
        ),
        "civi.territory",
    )


def _seriousness_706_3(b: Builder) -> tuple[bool | None, str | None]:
    """706-3 2°: which ground makes the harm serious enough, if any (tri-valued)."""
    ctx, f = b.ctx, b.ctx.facts
    cat, harm = f.offence.category, f.harm
    if cat in LISTED_706_3:
        return True, "listed"
    if harm.death or (cat == C.HOMICIDE and harm.death is not False):
        return True, "death"
    if harm.permanent_incapacity:
        return True, "permanent"
    itt = harm.itt_days
    if itt is not None and itt >= 30:
        return True, "itt"
    if cat not in PERSON_OR_OTHER and not itt:
        return False, None  # no harm to the person reported for a property offence
    if itt is not None and cat == C.VIOLENCE and itt > 8 and ctx.ref >= LOI_2023_1059:
        ground = _violence_2023(b)
        if ground:
            return True, "partner_minor"
        if ground is None:
            return None, None
    unknown = [
        path
        for path, value in (
            ("harm.itt_days", itt),
            ("harm.permanent_incapacity", harm.permanent_incapacity),
            ("harm.death", harm.death if f.victim.indirect else False),
        )
        if value is None
    ]
    for path in unknown:
        b.need(path)
    return (None if unknown else False), None


def _violence_2023(b: Builder) -> bool | None:
    """706-3 third tiret (loi 2023-1059): CP 222-12 violence by a (former) partner or on a minor.

    222-12 covers a minor under 15 in itself; an older minor only with another aggravating
    circumstance, which the facts cannot tell: that case is said, not decided.
    """
    ctx, f = b.ctx, b.ctx.facts
    partner = f.offence.author_is_partner
    if partner:
        return True
    under_15 = ctx.under_15_at_offence
    if under_15:
        return True
    if ctx.minor_at_offence:
        b.reason("civi_full.minor_15_17")
        b.uncertain_note(U_2023_CASE)
    if partner is None or under_15 is None:
        if partner is None:
            b.need("offence.author_is_partner")
        if under_15 is None:
            b.need(ctx.birth_path if ctx.direct_birth is None else "offence.date")
        return None
    return False


def _ceiling_reason(
    b: Builder, key: str, income: float, limit: float, monthly: bool, *, fails: bool = False
) -> None:
    """Say how the household's resources compare with a ceiling, as a reason or a failure."""
    ctx = b.ctx
    unit = ctx.text("unit.month" if monthly else "unit.year")
    say = b.fail if fails else b.reason
    say(key, income=money(income, ctx.lang), limit=money(limit, ctx.lang), unit=unit)


def _cap_706_14(b: Builder) -> float:
    ctx = b.ctx
    ceilings = ctx.ceilings(b)
    b.uncertain_note(U_CAP_SINGLE)
    return _three_months(
        ceilings.partial_single, ctx.param("civi_capped_cap_factor"), ceilings.monthly
    )


@lru_cache(maxsize=256)
def _three_months(ceiling: float, factor: float, monthly: bool) -> float:
    """706-14: "le triple du montant mensuel" of the single-person partial ceiling, exactly."""
    cap = Decimal(str(ceiling)) * Decimal(str(factor))
    return float(cap if monthly else cap / 12)


def _civi_deadlines(b: Builder) -> None:
    """706-5: 3 years from the offence (from majority for a minor), or 1 year from the decision."""
    ctx, f = b.ctx, b.ctx.facts
    offence = f.offence.date
    if offence is None:
        b.reason("civi.deadline_needs_date")
        return
    start = offence
    minor = ctx.minor_at_offence
    if minor and ctx.ref < LOI_2023_1059:
        b.uncertain_note(U_MINOR_TRANSITION)
    elif minor:
        if ctx.direct_birth is None:
            if b.indirect:
                b.need(ctx.birth_path)
                b.reason("civi.deadline_needs_direct_birth_date")
            else:
                b.reason("civi.deadline_needs_birth_date")
            return
        start = D.majority(ctx.direct_birth)
        b.reason(
            "civi.deadline_minor_direct" if b.indirect else "civi.deadline_minor",
            day=date(start, ctx.lang),
        )
        b.uncertain_note(U_MINOR_TRANSITION)
    elif minor is None and ctx.ref >= LOI_2023_1059:
        if b.indirect:
            # The claimant's own age says nothing: the direct victim's decides (706-5).
            b.need(ctx.birth_path)
            b.reason("civi.deadline_if_direct_minor")
        else:
            b.reason("civi.deadline_if_minor")
    limit = D.add_years(start, 3)
    decision = f.procedure.decision_final_date
    if decision is not None:
        limit = max(limit, D.add_years(decision, 1))
    b.add_deadline(
        D.until(
            "civi_request",
            limit,
            ctx.as_of,
            ("CPP art. 706-5",),
            department=ctx.department,
            extend=True,
            relief_possible=True,
        )
    )
    if decision is not None:
        b.add_deadline(
            D.until(
                "civi_complement",
                D.add_years(decision, 1),
                ctx.as_of,
                ("CPP art. 706-8",),
                department=ctx.department,
                extend=True,
            )
        )
    elif f.procedure.complaint_filed:
        b.reason("civi.deadline_proceedings")
    b.uncertain_note(U_CPP801)
    if b.deadlines[0].state is D.State.PASSED:
        b.reason("civi.relief")


def _civi_common_uncertain(b: Builder) -> None:
    b.uncertain_note(U_CIVI_DATE)


def _before_2023_law(b: Builder) -> None:
    """Loi 2023-1059 applied to facts committed before it came into force."""
    day = b.ctx.facts.offence.date
    if day is None or day < LOI_2023_1059:
        b.uncertain_note(U_2023_TRANSITION)


# --- the sixteen remedies --------------------------------------------------------


def civi_full(ctx: Context) -> Remedy:
    """CPP 706-3: full compensation of serious harm to the person by the CIVI."""
    b = Builder(ctx, "civi_full", ("CPP art. 706-3",))
    cat = ctx.facts.offence.category
    if cat in EXCLUDED_FROM_CIVI:
        b.fail(f"civi.excluded.{cat}")
        return b.done()
    _territory(b)
    serious, ground = _seriousness_706_3(b)
    if serious is False:
        b.fail("civi_full.not_serious")
    elif serious:
        b.reason(f"civi_full.ground.{ground}")
        if ground == "itt":
            b.reason("itt.month")
    if ground == "partner_minor":
        b.uncertain_note(U_2023_CASE)
        _before_2023_law(b)
        if ctx.in_force("civi_partner_violence_cap"):
            b.cap = ctx.param("civi_partner_violence_cap", b)
            b.reason("civi_full.cap_2023", cap=money(b.cap, ctx.lang))
            _civi_common_uncertain(b)
        else:
            b.uncertain_note(U_2023_CAP)
    if not b.failed:
        b.reason("civi_full.fault_capped" if b.cap is not None else "civi_full.fault")
        _civi_deadlines(b)
    return b.done()


def civi_capped(ctx: Context) -> Remedy:
    """CPP 706-14: capped compensation of property harm or a short ITT, under resources."""
    b = Builder(ctx, "civi_capped", ("CPP art. 706-14",))
    f = ctx.facts
    cat = f.offence.category
    if cat in EXCLUDED_FROM_CIVI:
        b.fail(f"civi.excluded.{cat}")
        return b.done()
    if cat in EXTORTION_LIKE or cat == C.OTHER:
        b.uncertain_note(U_EXTORTION)
    if cat == C.SQUAT:
        b.reason("civi_capped.squat_damage")
    elif cat not in PROPERTY_706_14:
        itt = f.harm.itt_days
        if cat in PERSON_OR_OTHER or (itt is not None and itt > 0):
            serious, _ = _seriousness_706_3(b)
            if serious:
                b.fail("civi_capped.full_applies")
            elif serious is False:
                b.reason("civi_capped.short_itt")
        else:
            b.fail("civi_capped.scope")
    if b.failed:
        return b.done()
    b.cap = _cap_706_14(b)
    _territory(b)
    b.require(
        _not(f.situation.other_compensation),
        "situation.other_compensation",
        "civi.other_compensation",
    )
    b.require(
        f.situation.serious_situation, "situation.serious_situation", "civi.not_serious_situation"
    )
    ceilings = ctx.ceilings(b)
    income = ctx.income_for(ceilings)
    if income is None:
        b.need("situation.annual_income")
    elif income < ceilings.partial:
        _ceiling_reason(b, "civi_capped.income_below", income, ceilings.partial, ceilings.monthly)
    else:
        _ceiling_reason(
            b, "civi_capped.income_above", income, ceilings.partial, ceilings.monthly, fails=True
        )
    _civi_common_uncertain(b)
    if not b.failed:
        b.reason("civi_capped.cap", cap=money(b.cap, ctx.lang))
        _civi_deadlines(b)
    return b.done()


def civi_vehicle(ctx: Context) -> Remedy:
    """CPP 706-14-1: a motor vehicle destroyed by fire, registered, inspected and insured."""
    b = Builder(ctx, "civi_vehicle", ("CPP art. 706-14-1", "CPP art. 706-14"))
    f = ctx.facts
    if f.offence.category != C.VEHICLE_ARSON:
        b.fail("civi_vehicle.scope")
        return b.done()
    b.cap = _cap_706_14(b)
    b.require(f.offence.in_france, "offence.in_france", "civi_vehicle.abroad")
    b.require(f.vehicle.registered, "vehicle.registered", "civi_vehicle.registration")
    b.require(f.vehicle.inspection_ok, "vehicle.inspection_ok", "civi_vehicle.inspection")
    b.require(f.vehicle.insured, "vehicle.insured", "civi_vehicle.insurance")
    b.require(
        _not(f.situation.other_compensation),
        "situation.other_compensation",
        "civi.other_compensation",
    )
    ceilings = ctx.ceilings(b)
    factor = ctx.param("civi_vehicle_resource_factor")
    limit = float(Decimal(str(ceilings.partial)) * Decimal(str(factor)))
    income = ctx.income_for(ceilings)
    if income is None:
        b.need("situation.annual_income")
    elif income <= limit:
        _ceiling_reason(b, "civi_vehicle.income_below", income, limit, ceilings.monthly)
    else:
        _ceiling_reason(b, "civi_vehicle.income_above", income, limit, ceilings.monthly, fails=True)
    _civi_common_uncertain(b)
    if not b.failed:
        b.reason("civi_capped.cap", cap=money(b.cap, ctx.lang))
        _civi_deadlines(b)
    return b.done()


def civi_squat(ctx: Context) -> Remedy:
    """CPP 706-14-3 (loi 2023-1059): material harm from a squat of the home, any resources."""
    b = Builder(ctx, "civi_squat", ("CPP art. 706-14-3",))
    f = ctx.facts
    if f.offence.category != C.SQUAT:
        b.fail("civi_squat.scope")
        return b.done()
    if ctx.ref < LOI_2023_1059:
        b.fail("rule.not_in_force", day=date(LOI_2023_1059, ctx.lang))
        return b.done()
    b.require(f.offence.in_france, "offence.in_france", "civi_squat.abroad")
    b.require(
        f.situation.serious_situation, "situation.serious_situation", "civi_squat.not_serious"
    )
    _before_2023_law(b)
    b.require(
        _not(f.situation.other_compensation),
        "situation.other_compensation",
        "civi.other_compensation",
    )
    if ctx.in_force("civi_squat_cap"):
        b.cap = ctx.param("civi_squat_cap", b)
        _civi_common_uncertain(b)
    else:
        b.uncertain_note(U_SQUAT_CAP)
    if not b.failed:
        b.reason("civi_squat.ok")
        if b.cap is not None:
            b.reason("civi_capped.cap", cap=money(b.cap, ctx.lang))
        _civi_deadlines(b)
    return b.done()


def guarantee_fund_direct(ctx: Context) -> Remedy:
    """Outside the CIVI: terrorism to the FGTI; traffic and hunting accidents to the FGAO."""
    f = ctx.facts
    cat = f.offence.category
    if cat == C.TERRORISM:
        b = Builder(
            ctx, "guarantee_fund_direct", ("C. assur. art. L126-1", "C. assur. art. L422-1")
        )
        b.set_extra("fund", "FGTI")
        _territory_terrorism(b)
        if not b.failed:
            b.reason("fund.fgti")
        return b.done()
    if cat in (C.TRAFFIC_ACCIDENT, C.HUNTING_ACCIDENT):
        article = "C. assur. art. L421-1" if cat == C.TRAFFIC_ACCIDENT else "C. assur. art. L421-8"
        basis = (article, "Loi 85-677") if cat == C.TRAFFIC_ACCIDENT else (article,)
        b = Builder(ctx, "guarantee_fund_direct", basis)
        b.set_extra("fund", "FGAO")
        known, insured = f.offence.author_known, f.offence.author_insured
        if known is False or insured is False:
            b.reason("fund.fgao")
        elif insured is True:
            b.fail("fund.insurer_pays")
        else:
            b.need("offence.author_known" if known is None else "offence.author_insured")
        return b.done()
    b = Builder(ctx, "guarantee_fund_direct", ("CPP art. 706-3",))
    b.set_extra("fund", None)
    b.fail("fund.not_applicable")
    return b.done()


def _territory_terrorism(b: Builder) -> None:
    """L126-1: acts on French territory, or French nationals abroad."""
    f = b.ctx.facts
    b.require_any(
        (
            (f.offence.in_france, "offence.in_france"),
            (f.victim.french_national, "victim.french_national"),
        ),
        "fund.fgti_territory",
    )


def sarvi(ctx: Context) -> Remedy:
    """CPP 706-15-1, 706-15-2; C. assur. L422-7: help recovering damages the CIVI cannot pay."""
    b = Builder(ctx, "sarvi", ("CPP art. 706-15-1", "CPP art. 706-15-2", "C. assur. art. L422-7"))
    f = ctx.facts
    proc = f.procedure
    b.require(f.victim.natural_person, "victim.natural_person", "sarvi.legal_person")
    awarded = proc.damages_awarded
    if awarded is None:
        b.need("procedure.damages_awarded")
    elif awarded <= 0:
        b.fail("sarvi.no_damages")
    final = proc.decision_final_date
    if final is None:
        b.need("procedure.decision_final_date")
    elif final < SARVI_FIRST_DECISION:
        b.fail("sarvi.too_old")
    if proc.civi_inadmissible_notified is not None:
        b.reason("sarvi.after_civi")
    else:
        civi = [ctx.results[i] for i in ("civi_full", "civi_capped", "civi_vehicle", "civi_squat")]
        if any(r.status is Status.ELIGIBLE for r in civi):
            b.fail("sarvi.civi_open")
        elif any(r.status is Status.UNKNOWN for r in civi):
            for r in civi:
                for path in r.missing:
                    b.need(path)
    if b.failed:  # a closed route pays nothing and has no window
        return b.done()
    if awarded:
        b.amount = _sarvi_amount(ctx, awarded)
        b.reason("sarvi.amount", amount=money(b.amount, ctx.lang), awarded=money(awarded, ctx.lang))
    if final is not None:
        window = sarvi_window(final, proc.civi_inadmissible_notified, ctx.as_of, ctx.department)
        for deadline in D.window(*window, ctx.as_of):
            b.add_deadline(deadline)
        b.uncertain_note(U_CPP801)
    return b.done()


def sarvi_window(
    final: dt.date, civi_inadmissible: dt.date | None, as_of: dt.date, department: str | None
) -> tuple[D.Deadline, D.Deadline]:
    """706-15-2: from 2 months after the decision became final to a year after it (706-5: a
    year after a CIVI inadmissibility's notification); the close is extended by CPP 801.

    Shared by `assess` and the procedure timeline, so that both give the same two dates.
    """
    opens = D.from_day("sarvi_opens", D.add_months(final, 2), as_of, ("CPP art. 706-15-2",))
    closes = D.until(
        "sarvi_closes",
        D.add_years(civi_inadmissible or final, 1),
        as_of,
        ("CPP art. 706-15-2", "CPP art. 706-5") if civi_inadmissible else ("CPP art. 706-15-2",),
        department=department,
        extend=True,
        relief_possible=True,
    )
    return opens, closes


def _sarvi_amount(ctx: Context, awarded: float) -> float:
    threshold = ctx.param("sarvi_full_threshold")
    if awarded <= threshold:
        return awarded
    rate = Decimal(str(ctx.param("sarvi_rate")))
    low, high = ctx.param("sarvi_minimum"), ctx.param("sarvi_maximum")
    share = float(Decimal(str(awarded)) * rate)
    return min(max(share, low), high)


def civil_party(ctx: Context) -> Remedy:
    """CPP 418 to 421: claim damages from the author at the criminal trial."""
    b = Builder(
        ctx,
        "civil_party",
        ("CPP art. 2", "CPP art. 418", "CPP art. 419", "CPP art. 420-1", "CPP art. 421"),
    )
    f = ctx.facts
    if f.offence.author_known is False:
        b.reason("civil_party.author_unknown")
    b.reason("civil_party.how")
    b.reason("civil_party.quantified")
    hearing = f.procedure.hearing_date
    if hearing is not None:
        by = civil_party_by(hearing)
        b.add_deadline(D.until("civil_party_by", by, ctx.as_of, ("CPP art. 420-1",)))
        b.reason("civil_party.by", day=date(by, ctx.lang), hearing=date(hearing, ctx.lang))
        if not D.is_working_day(by, ctx.department):
            b.reason("civil_party.send_early")
    return b.done()


def civil_party_by(hearing: dt.date) -> dt.date:
    """420-1: the claim must be received at least 24 hours before the hearing, i.e. by the day
    before it; never extended (moving it later would make it arrive too late)."""
    return hearing - _ONE_DAY


_ONE_DAY = dt.timedelta(days=1)


def civil_court(ctx: Context) -> Remedy:
    """Civil action before the civil courts instead (CPP 4): a lawyer above 10,000 € (CPC 761)."""
    b = Builder(ctx, "civil_court", ("CPP art. 4", "C. civ. art. 1240", "CPC art. 761"))
    threshold = ctx.param("civil_court_lawyer_threshold")
    claim = ctx.facts.situation.claim_amount
    if claim is None:
        b.set_extra("lawyer_required", None)
        b.reason("civil_court.lawyer_rule", limit=money(threshold, ctx.lang))
    else:
        required = claim > threshold
        b.set_extra("lawyer_required", required)
        b.reason(
            "civil_court.lawyer_yes" if required else "civil_court.lawyer_no",
            claim=money(claim, ctx.lang),
            limit=money(threshold, ctx.lang),
        )
    return b.done()


def insurance(ctx: Context) -> Remedy:
    """Her own contracts (home, car, means of payment) may pay for property and accidents."""
    f = ctx.facts
    cat = f.offence.category
    if cat in (C.TRAFFIC_ACCIDENT, C.HUNTING_ACCIDENT):
        basis = (
            ("Loi 85-677 art. 1", "C. assur. art. L211-1")
            if cat == C.TRAFFIC_ACCIDENT
            else ("C. assur. art. L121-1",)
        )
        b = Builder(ctx, "insurance", basis)
        if f.offence.author_known is False or f.offence.author_insured is False:
            b.reason("insurance.author_uninsured")
        else:
            b.reason("insurance.traffic" if cat == C.TRAFFIC_ACCIDENT else "insurance.hunting")
        _insurance_deadlines(b)
        return b.done()
    if cat == C.TERRORISM:
        b = Builder(ctx, "insurance", ("C. assur. art. L126-2",))
        b.reason("insurance.terrorism")
        _insurance_deadlines(b)
        return b.done()
    b = Builder(ctx, "insurance", ("C. assur. art. L121-1",))
    if cat in INSURED_RISKS:
        b.reason("insurance.property")
    elif _card_debit(ctx):
        b.reason("insurance.card_only")
    else:
        b.fail("insurance.person")
        return b.done()
    _insurance_deadlines(b)
    return b.done()


@lru_cache(maxsize=16384)
def _declaration(
    start: dt.date, theft: bool, department: str | None, as_of: dt.date, lang: str
) -> tuple[D.Deadline, tuple[str, ...]]:
    """L113-2 4°: the contract sets the time, never under 5 working days, 2 for a theft."""
    days = 2 if theft else 5
    day, local = D.add_working_days(start, days, department)
    deadline = D.until(
        "insurance_declaration",
        day,
        as_of,
        ("C. assur. art. L113-2",),
        indicative=True,
        relief_possible=True,
        local_good_friday=local,
    )
    key = "insurance.declaration_theft" if theft else "insurance.declaration"
    said = [TEMPLATES[lang][key].format(day=date(day, lang), start=date(start, lang))]
    if deadline.state is D.State.PASSED:
        said.append(TEMPLATES[lang]["insurance.declaration_late"])
    return deadline, tuple(said)


def _card_debit(ctx: Context):
    """An unauthorised card payment to contest (C. monét. fin. L133-18, L133-24), if any."""
    cover = ctx.facts.insurance
    debit = cover.card_debit_date
    if debit is None or not (cover.payment_card or ctx.categories & CARD_FRAUD_LIKE):
        return None
    return debit


def _insurance_deadlines(b: Builder) -> None:
    """C. assur. L113-2 4°: tell the insurer in time; C. monét. fin. L133-24: contest a payment."""
    ctx, f = b.ctx, b.ctx.facts
    cover = f.insurance
    home, vehicle, card = cover.home, cover.vehicle, cover.payment_card
    if home:
        b.reason("insurance.contract.home")
    if vehicle:
        b.reason("insurance.contract.vehicle")
    if card:
        b.reason("insurance.contract.payment_card")
    if home is False and vehicle is False and card is False:
        b.reason("insurance.no_contract")
    else:
        start = cover.loss_known_on or f.offence.date
        if start is None:
            b.reason("insurance.declaration_needs_date")
        else:
            deadline, said = _declaration(
                start, C.THEFT in ctx.categories, ctx.department, ctx.as_of, ctx.lang
            )
            b.add_deadline(deadline)
            b.reasons.extend(said)
    debit = _card_debit(ctx) if cover.card_debit_date is not None else None
    if debit is not None:
        b.basis = (*b.basis, "C. monét. fin. art. L133-18", "C. monét. fin. art. L133-24")
        by = D.add_months(debit, 13)
        b.add_deadline(D.until("bank_dispute", by, ctx.as_of, ("C. monét. fin. art. L133-24",)))
        b.reason("insurance.bank_dispute", day=date(by, ctx.lang), debit=date(debit, ctx.lang))
        b.reason("insurance.bank_refund")


def legal_aid(ctx: Context) -> Remedy:
    """Loi 91-647: the State pays the lawyer, fully or partly, under resources (9-2: some not)."""
    b = Builder(ctx, "legal_aid", ("Loi 91-647 art. 2", "Loi 91-647 art. 4"))
    gravest, unknown_path = _gravest_crime(b)
    ceilings = ctx.ceilings(b)
    income = ctx.income_for(ceilings)
    level: str | None = None
    if gravest:
        level = "no_resource_condition"
        b.basis = (*b.basis, "Loi 91-647 art. 9-2")
        b.reason("legal_aid.no_condition")
    elif income is not None and income <= ceilings.full:
        level = "full"
        _ceiling_reason(b, "legal_aid.full", income, ceilings.full, ceilings.monthly)
    elif income is not None and income <= ceilings.partial:
        level = "partial"
        _ceiling_reason(b, "legal_aid.partial", income, ceilings.partial, ceilings.monthly)
    else:
        if gravest is None:
            b.need(unknown_path)
        if income is None:
            b.need("situation.annual_income")
        elif gravest is False:
            _ceiling_reason(
                b, "legal_aid.income_above", income, ceilings.partial, ceilings.monthly, fails=True
            )
    _offence_date_rules(b)
    b.set_extra("level", level)
    if level != "no_resource_condition":  # no resource condition: assets do not count either
        b.reason("legal_aid.assets")
    protection = ctx.facts.insurance.legal_protection
    if protection:
        # Art. 2: no legal aid for costs a legal-protection contract covers (C. assur. L127-1).
        b.basis = (*b.basis, "C. assur. art. L127-1")
        b.reason("legal_aid.legal_protection")
    elif protection is None:
        b.reason("legal_aid.insurance")
    return b.done()


def _gravest_crime(b: Builder) -> tuple[bool | None, str]:
    """Art. 9-2: murder, torture, aggravated violence causing death or mutilation, rape, terror.

    Returns whether the facts are among them, and the fact to ask for when that is unknown.
    """
    ctx, f = b.ctx, b.ctx.facts
    cat, cls = f.offence.category, f.offence.class_
    if cat == C.TERRORISM:
        return True, ""
    if cat in (C.HOMICIDE, C.SEXUAL_VIOLENCE):
        return (None if cls is None else cls == K.CRIME), "offence.class"
    if cat == C.VIOLENCE and (f.harm.death or f.harm.permanent_incapacity):
        if cls is None:
            return None, "offence.class"
        if cls != K.CRIME:
            return False, ""
        # 222-8 and 222-10 are the aggravated forms; a (former) partner or a victim under 15
        # is such an aggravation, others the facts cannot tell.
        if f.offence.author_is_partner or ctx.under_15_at_offence:
            return True, ""
        if b.indirect and ctx.under_15_at_offence is None:
            b.reason("legal_aid.if_direct_under_15")
            return None, ctx.birth_path
        b.reason("legal_aid.if_aggravated")
    return False, ""


def complaint(ctx: Context) -> Remedy:
    """CPP 15-3: police and gendarmerie must take any complaint, with a receipt."""
    b = Builder(ctx, "complaint", ("CPP art. 15-3",))
    f = ctx.facts
    b.reason("complaint.emergency")
    b.reason("complaint.anywhere")
    if f.offence.author_is_partner and f.offence.category in VIOLENCE_LIKE:
        b.basis = (*b.basis, "CPP art. 15-3-2")
        b.reason("complaint.partner_bar")
    if f.offence.category == C.DEFAMATION_INSULT:
        if _press_limit(b) is None:
            b.reason("press.needs_date")
    elif _prosecution_limit(b) is None:
        b.reason("complaint.limit_needs_facts")
    return b.done()


def _press_limit(b: Builder) -> D.Deadline | None:
    """Loi du 29 juillet 1881, art. 65: 3 months, for public and non-public words alike (the
    courts apply art. 65 to the contraventions of non-public defamation and insult);
    art. 65-3: 1 year for the public délits aimed at a group (origin, religion, sex…)."""
    ctx, f = b.ctx, b.ctx.facts
    public, discriminatory = f.offence.public, f.offence.discriminatory
    if public and discriminatory:
        months, basis = 12, (PRESS_LAW_DISCRIMINATORY, PRESS_LAW)
        b.reason("press.one_year")
        b.uncertain_note(U_PRESS_ONE_YEAR)
    else:
        months, basis = 3, (PRESS_LAW,)
        unknown = False
        if discriminatory is None and public is not False:
            b.need("offence.discriminatory")
            unknown = True
        if public is None and discriminatory is not False:
            b.need("offence.public")
            unknown = True
        b.reason("press.three_months")
        if unknown:
            b.reason("press.shortest")
    b.reason("press.act_fast")
    day = f.offence.date
    if day is None:
        return None
    deadline = D.until(
        "prosecution_limit", D.add_months(day, months), ctx.as_of, basis, indicative=True
    )
    b.add_deadline(deadline)
    b.uncertain_note(U_HIDDEN)
    return deadline


def _prosecution_limit(b: Builder) -> D.Deadline | None:
    """CPP 7 to 9-3: an indicative date only, since acts of investigation interrupt it."""
    ctx, f = b.ctx, b.ctx.facts
    day, cls, cat = f.offence.date, f.offence.class_, f.offence.category
    if day is None or cls is None:
        return None
    start = day
    minors_rule = _minors_limit(b) if cls != K.CONTRAVENTION else None
    if cat == C.TERRORISM and cls != K.CONTRAVENTION:
        years = 30 if cls == K.CRIME else 20
        basis = "CPP art. 706-25-1"
    elif minors_rule == "needs_birth_date":
        if b.indirect:
            b.need(ctx.birth_path)
            b.reason("limit.needs_direct_birth_date")
        else:
            b.reason("limit.needs_birth_date")
        return None
    elif minors_rule is not None:
        start = D.majority(ctx.direct_birth)  # type: ignore[arg-type]
        years, basis = minors_rule
        b.reason("limit.minor_direct" if b.indirect else "limit.minor", day=date(start, ctx.lang))
    elif cls == K.CRIME:
        years, basis = 20, "CPP art. 7"
    elif cls == K.DELIT:
        years, basis = 6, "CPP art. 8"
    else:
        years, basis = 1, "CPP art. 9"
    if minors_rule is None and ctx.minor_at_offence is None and cat in ART_706_47_ON_MINORS:
        if not b.indirect:
            b.reason("limit.if_minor")
        elif cls != K.CONTRAVENTION and _minors_rule_possible(b):
            # The claimant's age says nothing: the direct victim's decides (CPP 7, 8).
            b.need(ctx.birth_path)
            b.reason("limit.if_direct_minor")
    deadline = D.until(
        "prosecution_limit", D.add_years(start, years), ctx.as_of, (basis,), indicative=True
    )
    b.add_deadline(deadline)
    b.reason("limit.indicative", years=years)
    b.uncertain_note(U_HIDDEN)
    return deadline


def _minors_limit(b: Builder):
    """CPP 7 and 8 for the offences of CPP 706-47 on a minor: the period runs from majority.

    Crimes: 30 years. Délits: 10 years, 20 for CP 222-12 (violence with ITT over 8 days on a
    minor under 15), 222-29-1 (sexual assault on a minor under 15) and 227-26.
    """
    ctx = b.ctx
    if not ctx.minor_at_offence or not _minors_rule_possible(b):
        return None
    if ctx.direct_birth is None:
        return "needs_birth_date"
    cat = ctx.facts.offence.category
    if ctx.facts.offence.class_ == K.CRIME:
        return 30, "CPP art. 7"
    if cat in (C.VIOLENCE, C.SEXUAL_VIOLENCE) and (cat == C.VIOLENCE or ctx.under_15_at_offence):
        return 20, "CPP art. 8"
    if cat == C.SEXUAL_OFFENCE_ON_MINOR:
        b.reason("limit.227_26")
    return 10, "CPP art. 8"


def _minors_rule_possible(b: Builder) -> bool:
    """Whether these facts, committed on a minor, are among the 706-47 offences of CPP 7, 8."""
    ctx, f = b.ctx, b.ctx.facts
    cat = f.offence.category
    if cat not in ART_706_47_ON_MINORS:
        return False
    crime = f.offence.class_ == K.CRIME
    if cat == C.HOMICIDE and not crime:
        return False  # homicide involontaire (CP 221-6) is not a 706-47 offence
    if cat == C.VIOLENCE and not crime:
        # CP 222-12 (ITT over 8 days, under 15 or by a partner); 222-11, 222-13: ordinary period
        under_15 = ctx.under_15_at_offence
        return (f.harm.itt_days or 0) > 8 and (
            bool(f.offence.author_is_partner) or under_15 or under_15 is None
        )
    return True


def online_complaint(ctx: Context) -> Remedy:
    """Pre-complaint online (décret 2008-1109); national online complaint since 2024-10-15."""
    f = ctx.facts
    cat = f.offence.category
    national = ctx.ref >= NATIONAL_ONLINE_COMPLAINT and cat in ONLINE_PROPERTY
    basis = ("CPP art. 15-3-1",) if national else ("Décret 2008-1109",)
    b = Builder(ctx, "online_complaint", basis)
    b.set_extra("route", "national_online_complaint" if national else "pre_complaint")
    if cat not in ONLINE_PROPERTY and cat not in ONLINE_DISCRIMINATION:
        b.fail("online.scope")
        return b.done()
    b.require(_not(f.offence.author_known), "offence.author_known", "online.author_known")
    if national:
        birth = f.victim.birth_date
        if birth is None:
            b.need("victim.birth_date")
        elif D.is_minor_on(birth, ctx.as_of):
            b.fail("online.minor")
        if not b.failed:
            b.reason("online.national")
    elif not b.failed:
        b.reason("online.pre_complaint")
        if ctx.ref >= NATIONAL_ONLINE_COMPLAINT:
            b.reason("online.national_property_only")
    _offence_date_rules(b)
    return b.done()


def letter_to_prosecutor(ctx: Context) -> Remedy:
    """CPP 40: write to the prosecutor; CPP 85: the investigating judge for a délit, 3 months on."""
    b = Builder(ctx, "letter_to_prosecutor", ("CPP art. 40", "CPP art. 85"))
    f = ctx.facts
    b.reason("prosecutor.where")
    cls = f.offence.class_
    if f.offence.category == C.DEFAMATION_INSULT:
        # Non-public words are contraventions; for the press délits, CPP 85 al. 2 lifts the
        # three-month wait: a civil-party complaint can be filed at once.
        if cls == K.CONTRAVENTION or f.offence.public is False:
            b.reason("prosecutor.contravention")
            b.reason("prosecutor.press_summons")
        else:
            b.reason("prosecutor.press")
    elif cls == K.CRIME:
        b.reason("prosecutor.crime")
    elif cls == K.DELIT:
        b.reason("prosecutor.delit")
        day = f.procedure.complaint_date
        if day is not None:
            b.add_deadline(
                D.from_day(
                    "investigating_judge_from", investigating_judge_from(day), ctx.as_of, CPP_85
                )
            )
    elif cls == K.CONTRAVENTION:
        b.reason("prosecutor.contravention")
    return b.done()


CPP_85 = ("CPP art. 85",)


def investigating_judge_from(complaint: dt.date) -> dt.date:
    """CPP 85 al. 2: for a délit, a civil-party complaint to the investigating judge is
    admissible 3 months after the complaint to the prosecutor (earlier after a dismissal)."""
    return D.add_months(complaint, 3)


def protection_order(ctx: Context) -> Remedy:
    """C. civ. 515-9 ff.: the family judge protects a victim of partner violence, no complaint."""
    b = Builder(
        ctx,
        "protection_order",
        ("C. civ. art. 515-9", "C. civ. art. 515-11", "C. civ. art. 515-12"),
    )
    f = ctx.facts
    b.require(f.offence.author_is_partner, "offence.author_is_partner", "protection.not_partner")
    if f.offence.category not in VIOLENCE_LIKE:
        b.fail("protection.not_violence")
    d = f.danger
    months = ctx.param("protection_order_duration", b)
    if not b.failed:
        b.reason("protection.judge_weighs")
        if d.grave_danger or d.imminent_danger:
            b.reason("protection.danger_said")
        b.reason("protection.how", months=int(months))
        if ctx.ref >= LOI_2024_536:
            b.reason("protection.oppi")
    _offence_date_rules(b)
    return b.done()


def tgd(ctx: Context) -> Remedy:
    """CPP 41-3-1: the grave-danger phone, granted by the prosecutor for 6 renewable months."""
    b = Builder(ctx, "tgd", ("CPP art. 41-3-1",))
    f = ctx.facts
    cat, d = f.offence.category, f.danger
    months = int(ctx.param("tgd_duration"))
    granted = d.tgd_granted_on
    if granted is not None:
        b.add_deadline(
            D.until("tgd_renewal", D.add_months(granted, months), ctx.as_of, ("CPP art. 41-3-1",))
        )
    rape = cat == C.SEXUAL_VIOLENCE and (
        None if f.offence.class_ is None else f.offence.class_ == K.CRIME
    )
    partner = f.offence.author_is_partner and cat in VIOLENCE_LIKE
    if not (partner or rape):
        if cat not in VIOLENCE_LIKE or (f.offence.author_is_partner is False and rape is False):
            b.fail("tgd.scope")  # the other conditions do not matter then
            return b.done()
        if f.offence.author_is_partner is None:
            b.need("offence.author_is_partner")
        if rape is None:
            b.need("offence.class")
    b.require(d.consent, "danger.consent", "tgd.no_consent")
    b.require(d.grave_danger, "danger.grave_danger", "tgd.no_danger")
    b.require(_not(d.cohabiting_with_author), "danger.cohabiting_with_author", "tgd.cohabiting")
    b.require_any(
        (
            (d.no_contact_ban, "danger.no_contact_ban"),
            (d.imminent_danger, "danger.imminent_danger"),
        ),
        "tgd.no_ban",
    )
    if not b.failed:
        b.reason("tgd.how", months=months)
    return b.done()


def bar(ctx: Context) -> Remedy:
    """Anti-approach bracelet (loi 2019-1480): ordered by a judge in partner violence."""
    b = Builder(
        ctx,
        "bar",
        (
            "C. civ. art. 515-11-1",
            "CPP art. 138 17°",
            "CPP art. 138-3",
            "CP art. 132-45 18° bis",
            "CPP art. R24-18",
        ),
    )
    f = ctx.facts
    low = ctx.param("bar_alert_distance_min")
    high = ctx.param("bar_alert_distance_max")
    factor = ctx.param("bar_prealert_factor")
    if not ctx.in_force("bar_alert_distance_min"):
        b.fail(
            "rule.not_in_force",
            day=date(ctx.uses["bar_alert_distance_min"].in_force_from, ctx.lang),
        )
        _offence_date_rules(b)
        return b.done()
    b.require(f.offence.author_is_partner, "offence.author_is_partner", "bar.not_partner")
    if f.offence.category not in VIOLENCE_LIKE:
        b.fail("bar.not_violence")
    if not b.failed:
        b.reason("bar.routes")
        if f.danger.consent is False:
            b.reason("bar.criminal_only")
        b.reason("bar.distances", low=int(low), high=int(high), factor=int(factor))
        b.reason("bar.duration")
        b.uncertain_note(U_BAR_DURATION)
    _offence_date_rules(b)
    return b.done()


def _offence_date_rules(b: Builder) -> None:
    """parameters_date=offence applies that day's rules; a request made today follows today's."""
    ctx = b.ctx
    if ctx.facts.parameters_date == "offence" and ctx.ref != ctx.as_of:
        b.reason("rule.offence_date", day=date(ctx.ref, ctx.lang))


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


REMEDIES = (
    civi_full,
    civi_capped,
    civi_vehicle,
    civi_squat,
    guarantee_fund_direct,
    sarvi,
    civil_party,
    civil_court,
    insurance,
    legal_aid,
    complaint,
    online_complaint,
    letter_to_prosecutor,
    protection_order,
    tgd,
    bar,
)
REMEDY_IDS = tuple(fn.__name__ for fn in REMEDIES)
