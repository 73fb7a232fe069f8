"""The words of the compensation pages: stages, dates, who must act."""

from django.utils.translation import gettext_lazy as _

STAGES = {
    "preparing": _("being prepared"),
    "filed": _("request sent"),
    "awaiting_offer": _("waiting for the fund's offer"),
    "offer_to_answer": _("offer to answer"),
    "awaiting_homologation": _("waiting for the president's approval"),
    "awaiting_payment": _("waiting for the payment"),
    "awaiting_hearing": _("waiting for the hearing"),
    "decided": _("decided"),
    "closed": _("closed"),
    "appealed": _("under appeal"),
    "waiting_window": _("too early to ask"),
    "window_open": _("request possible"),
    "refused": _("refused"),
    "before_hearing": _("before the hearing"),
    "heard": _("heard"),
    "waiting": _("waiting for the prosecutor"),
    "judge_possible": _("investigating judge possible"),
    "answered": _("answered"),
}

DATES = {
    "fund_offer_due": _("The fund's offer is due"),
    "victim_answer_due": _("The victim answers the offer by"),
    "payment_due": _("Payment due"),
    "summons_by": _("Summons to the hearing by"),
    "observations_by": _("Observations before the hearing by"),
    "appeal_due": _("Appeal by"),
    "sarvi_opens": _("SARVI request possible from"),
    "sarvi_closes": _("SARVI request by"),
    "sarvi_payment_due": _("SARVI payment due"),
    "president_request_due": _("Request to the president of the court by"),
    "civil_party_letter_by": _("Letter to reach the court by"),
    "investigating_judge_from": _("Investigating judge possible from"),
}

PARTIES = {
    "victim": _("the victim"),
    "fund": _("the fund"),
    "court": _("the court"),
    "prosecutor": _("the prosecutor"),
}

STATES = {
    "open": _("to come"),
    "upcoming": _("not yet"),
    "done": _("done"),
    "passed": _("passed"),
}


def stage(value: str) -> str:
    from .models import EventType

    if value in STAGES:
        return str(STAGES[value])
    if value in EventType.values:
        return str(EventType(value).label)
    return value


def parties(value: str) -> str:
    return ", ".join(str(PARTIES.get(p, p)) for p in value.split(",") if p)
