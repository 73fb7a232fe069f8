"""The quality review of a closed call record by a supervisor: a short grid, audited.

A supervisor reads what the listener recorded (read-only: the record is the listener's) and
marks five points from 1 to 4, with a comment if she wishes. Every read of a record leaves
an audit line, and a line for each earlier review shown with it; saving leaves one too. A
supervisor reviews her colleagues' calls, not her own. One review per supervisor and call:
saving again changes hers.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction
from appui.directory.hours import PARIS

from ..audit_targets import HelplineTarget
from ..models import Call, CallState, QualityReview
from ..permissions import HelplinePermission as P
from ..policies import calls, require

# The grid: each point of a call, its field on QualityReview and what it asks.
GRID = (
    ("welcome", gettext_lazy("Welcome"), gettext_lazy("The caller was greeted and put at ease.")),
    (
        "listening",
        gettext_lazy("Listening"),
        gettext_lazy("She could say what she needed to; the listener reformulated it."),
    ),
    (
        "information",
        gettext_lazy("Accurate information"),
        gettext_lazy("What she was told about her rights and the steps was correct."),
    ),
    (
        "orientation",
        gettext_lazy("Orientation"),
        gettext_lazy("She was directed to the right association or service, or transferred."),
    ),
    (
        "record",
        gettext_lazy("Record kept"),
        gettext_lazy("The record says what the call was about and how it ended."),
    ),
)
POINTS = tuple(name for name, _label, _help in GRID)
MARKS = (
    (1, gettext_lazy("1 — not met")),
    (2, gettext_lazy("2 — partly met")),
    (3, gettext_lazy("3 — met")),
    (4, gettext_lazy("4 — very well met")),
)
LISTED = 200


def reviewable(actor: Actor, *, listener_id: int | None = None, day: dt.date | None = None):
    """Closed call records a supervisor may review, newest first: one listener's, one day's
    (in Paris time) when asked."""
    require(actor, P.REVIEW)
    found = calls(actor).filter(state=CallState.CLOSED).defer("number", "note", "reply")
    if listener_id is not None:
        found = found.filter(listener_id=listener_id)
    if day is not None:
        start = dt.datetime.combine(day, dt.time(), tzinfo=PARIS)
        found = found.filter(closed_at__gte=start, closed_at__lt=start + dt.timedelta(days=1))
    return found.select_related("listener__staff_profile").order_by("-closed_at", "-pk")


def record_list_read(actor: Actor) -> None:
    """One audit line for a read of the list (what calls were closed, by whom: no caller)."""
    require(actor, P.REVIEW)
    with transaction.atomic():
        audit.record(
            actor, AuditAction.VIEW, HelplineTarget.CALL, organisation_id=actor.organisation_id
        )


def get_closed(actor: Actor, pk: int) -> Call:
    """A closed record of one's organisation, or 404 (unread: no audit line)."""
    require(actor, P.REVIEW)
    found = calls(actor).filter(pk=pk, state=CallState.CLOSED).first()
    if found is None:
        raise Http404
    return found


def read_record(actor: Actor, pk: int) -> tuple[Call, list[QualityReview]]:
    """The record and its reviews, newest first, each read recorded in the audit log."""
    call = get_closed(actor, pk)
    reviews = list(
        QualityReview.objects.filter(call=call)
        .select_related("reviewer__staff_profile")
        .order_by("-at", "-pk")
    )
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor,
                    AuditAction.VIEW,
                    HelplineTarget.CALL,
                    call.pk,
                    organisation_id=call.organisation_id,
                ),
                *(
                    audit.event(
                        actor,
                        AuditAction.VIEW,
                        HelplineTarget.QUALITY_REVIEW,
                        review.pk,
                        organisation_id=call.organisation_id,
                    )
                    for review in reviews
                ),
            ]
        )
    return call, reviews


def own_review(actor: Actor, call: Call) -> QualityReview | None:
    return QualityReview.objects.filter(call=call, reviewer_id=actor.user_id).first()


def may_review(actor: Actor, call: Call) -> bool:
    return actor.can(P.REVIEW) and call.listener_id != actor.user_id


def save_review(
    actor: Actor, call: Call, marks: dict[str, int], comment: str = ""
) -> QualityReview:
    """Record (or change) the actor's review of a closed call: each point of `GRID` marked
    1 to 4. A supervisor does not review her own call."""
    require(actor, P.REVIEW)
    if call.organisation_id != actor.organisation_id or call.state != CallState.CLOSED:
        raise Http404
    if not may_review(actor, call):
        raise PermissionDenied(_("A supervisor does not review her own calls."))
    values = {}
    for name in POINTS:
        value = marks.get(name)
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise ValueError(f"{name}: a mark from 1 to 4, not {value!r}")
        values[name] = value
    with transaction.atomic():
        # The call's row locked: a second submit waits, then changes the review the first
        # one made instead of adding another.
        Call.objects.select_for_update().filter(pk=call.pk).values_list("pk").first()
        review = QualityReview.objects.filter(call=call, reviewer_id=actor.user_id).first()
        action = AuditAction.UPDATE if review else AuditAction.CREATE
        if review is None:
            review = QualityReview(call=call, reviewer_id=actor.user_id)
        for name, value in values.items():
            setattr(review, name, value)
        review.comment = comment.strip()
        review.at = timezone.now()
        review.save()
        audit.record(
            actor,
            action,
            HelplineTarget.QUALITY_REVIEW,
            review.pk,
            organisation_id=call.organisation_id,
        )
    return review
