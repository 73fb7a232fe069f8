"""The demo's helpline: a switchboard, the listeners' extensions, two weeks of closed calls
for the figures and the reviews, a missed call of last night waiting to be called back, a
web message, and a transfer the Meuse association has not acknowledged yet. Idempotent;
never in production (`load_demo` stops before it there).

The switchboard's secret is the demo's, printed by `appui demo_codes`: a local switchboard
or `benchmarks/helpline_webhook.py` can post signed events to a demo site with it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from appui.core.access import Actor
from appui.core.models import Organisation, OrganisationKind

from . import counters
from .models import (
    Adapter,
    Call,
    CallerType,
    CallState,
    Channel,
    EndCause,
    Listener,
    ListenerStatus,
    NonData,
    Outcome,
    Switchboard,
)

SWITCHBOARD = "standard-demo"
SECRET = "demo-116006-switchboard-secret"  # noqa: S105  (a demo site's only)
EXTENSIONS = {
    "ecoutant@federation.example": "1001",
    "ecoutante@federation.example": "1002",
    "superviseur@federation.example": "1003",
}
# Towns callers gave (INSEE), situations, and how calls ended: a plausible mix, seeded.
TOWNS = ["54395", "55545", "88160", "57463", "55029", "54547", "75056", ""]
SITUATIONS = ["hit", "theft", "fraud", "threats", "harassment", "sexual_assault", "damage"]
OUTCOMES = [Outcome.INFORMED, Outcome.ORIENTED, Outcome.ORIENTED, Outcome.TRANSFERRED]
KINDS = [CallerType.VICTIM, CallerType.VICTIM, CallerType.RELATIVE, CallerType.PROFESSIONAL]


def _actor(user) -> Actor:
    profile = user.staff_profile
    return Actor(
        user.pk, profile.organisation_id, profile.organisation.kind, profile.role, "demo", None
    )


def _history(federation, listeners, now) -> int:
    """Closed calls of the last 14 days (counted as closing them counts them)."""
    rng = random.Random(116006)  # noqa: S311  (demo data, not a secret)
    made = 0
    for days_ago in range(14, 0, -1):
        for _ in range(rng.randint(4, 9)):
            ringing = (now - dt.timedelta(days=days_ago)).replace(
                hour=rng.randint(9, 19), minute=rng.randint(0, 59), second=0, microsecond=0
            )
            wait = dt.timedelta(seconds=rng.randint(5, 90))
            talk = dt.timedelta(seconds=rng.randint(60, 1500))
            non_data = rng.random() < 0.15
            call = Call(
                organisation=federation,
                channel=Channel.PHONE,
                listener=rng.choice(listeners),
                ringing_at=ringing,
                end_cause=EndCause.COMPLETED,
            )
            if rng.random() < 0.08:
                call.state = CallState.MISSED
                call.end_cause = EndCause.ABANDONED
                call.ended_at = ringing + wait
                call.listener = None
            else:
                call.state = CallState.CLOSED
                call.answered_at = ringing + wait
                call.ended_at = ringing + wait + talk
                call.closed_at = call.ended_at + dt.timedelta(minutes=2)
                if non_data:
                    call.non_data = rng.choice(list(NonData))
                else:
                    call.caller_type = rng.choice(KINDS)
                    call.situations = [rng.choice(SITUATIONS)]
                    call.commune_code = rng.choice(TOWNS)
                    call.outcome = rng.choice(OUTCOMES)
            call.save()
            counters.count_call(call)
            made += 1
    return made


def load() -> dict[str, int]:
    if Switchboard.objects.filter(slug=SWITCHBOARD).exists():
        return {"calls": 0}
    federation = Organisation.objects.filter(kind=OrganisationKind.FEDERATION).first()
    if federation is None:
        return {"calls": 0}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=EXTENSIONS)}
    now = timezone.now()
    with transaction.atomic():
        Switchboard.objects.create(
            name="Standard du 116 006 (démonstration)",
            slug=SWITCHBOARD,
            adapter=Adapter.GENERIC,
            secret=SECRET,
        )
        for username, extension in EXTENSIONS.items():
            if username in users:
                Listener.objects.update_or_create(
                    user=users[username],
                    defaults={
                        "extension": extension,
                        "status": ListenerStatus.OFFLINE,
                        "status_since": now,
                    },
                )
        listening = [u for name, u in users.items() if name != "superviseur@federation.example"]
        made = _history(federation, listening, now) if listening else 0
    _waiting(federation, users, now)
    return {"calls": made}


def _waiting(federation, users, now) -> None:
    """What a listener finds this morning: a missed call of last night to call back, a
    web message, and a transfer to the Meuse association not acknowledged yet."""
    from .services import callbacks, messages

    with transaction.atomic():
        last_night = (now - dt.timedelta(days=1)).replace(hour=21, minute=47, second=0)
        missed = Call.objects.create(
            organisation=federation,
            channel=Channel.PHONE,
            state=CallState.MISSED,
            ringing_at=last_night,
            ended_at=last_night + dt.timedelta(seconds=40),
            end_cause=EndCause.ABANDONED,
        )
        counters.count_call(missed)
        callbacks.from_missed_call(missed, "06 12 34 56 78")
    messages.receive_web_message(
        message=(
            "Bonjour, mon fils a été frappé à la sortie du collège à Nancy. "
            "Que pouvons-nous faire ? Merci de me répondre par courriel."
        ),
        email="parent.demo@example.org",
        language="fr",
    )
    listener = users.get("ecoutant@federation.example")
    meuse = Organisation.objects.filter(code="fv55").first()
    if listener is None or meuse is None:
        return
    from .services import calls

    who = _actor(listener)
    call = calls.take_call(who)
    calls.close(
        who,
        call,
        {
            "caller_type": CallerType.VICTIM,
            "situations": ["hit"],
            "commune_code": "55545",
            "danger_now": False,
        },
        calls.Closing(
            outcome=Outcome.TRANSFERRED,
            transfer=calls.Transfer(
                organisation_id=meuse.pk,
                summary=(
                    "Frappée par un inconnu hier soir à Verdun, pas blessée gravement. "
                    "Souhaite être rappelée pour porter plainte et être accompagnée."
                ),
                contact_name="Camille (prénom seulement)",
                contact_phone="06 98 76 54 32",
                preferred_time="En fin d'après-midi",
            ),
        ),
    )
