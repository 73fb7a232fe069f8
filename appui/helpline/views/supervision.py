"""The supervisor's pages: the lines and listeners now, the wallboard, the quality review.

Both live pages work without JavaScript (a link reloads them); with it, `wallboard.js` asks
`helpline:wallboard_state` every two seconds and gets 204 while nothing changed. A page view
leaves one audit line, its polls none.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from appui.cases.ranges import RangedForm
from appui.core.access import staff_view
from appui.core.models import Role

from ..models import Listener
from ..permissions import HelplinePermission as P
from ..services import reviews, supervision


def _context(request: HttpRequest) -> dict:
    board = supervision.board(request.actor)
    return {"board": board, "state": board.state()}


@never_cache
@staff_view(P.SUPERVISE)
def supervision_page(request: HttpRequest) -> HttpResponse:
    """Calls waiting and in progress, listeners, callbacks overdue or escalated, transfers
    not acknowledged. `?partial=1` (the script's refresh after a change) gives the board
    alone, and no audit line: the page view had one."""
    context = _context(request)
    if request.GET.get("partial") == "1":
        return render(request, "helpline/supervision_board.html", context)
    supervision.record_view(request.actor)
    return render(request, "helpline/supervision.html", context)


@never_cache
@staff_view(P.SUPERVISE)
def wallboard(request: HttpRequest) -> HttpResponse:
    """Big figures, readable from across the room: counts and listeners' names only."""
    context = _context(request)
    supervision.record_view(request.actor)
    return render(request, "helpline/supervision_wallboard.html", context)


@never_cache
@staff_view(P.SUPERVISE)
def wallboard_state(request: HttpRequest) -> HttpResponse:
    """The wallboard's state as JSON; 204 when `?since=` is its current stamp. Counts and
    display names only: no audit line."""
    state = supervision.board(request.actor).state()
    if request.GET.get("since") == state["stamp"]:
        return HttpResponse(status=204)
    return JsonResponse(state)


# --- quality review -------------------------------------------------------------------------


class ReviewFilter(RangedForm, forms.Form):
    listener = forms.TypedChoiceField(label=gettext_lazy("Listener"), required=False, coerce=int)
    day = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(
                staff_profile__organisation_id=organisation_id,
                staff_profile__role__in=(Role.HELPLINE_LISTENER, Role.HELPLINE_SUPERVISOR),
            )
            .select_related("staff_profile")
        )
        known = set(Listener.objects.values_list("user_id", flat=True))
        people = sorted(
            (u for u in users if u.pk in known or u.staff_profile.active),
            key=lambda u: u.staff_profile.display_name.casefold(),
        )
        self.fields["listener"].choices = [
            ("", _("every listener")),
            *((u.pk, u.staff_profile.display_name) for u in people),
        ]


@never_cache
@staff_view(P.REVIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    """Recent closed records to review, by listener and by day."""
    form = ReviewFilter(request.GET or None, organisation_id=request.actor.organisation_id)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "listener_id": form.cleaned_data["listener"] or None,
            "day": form.cleaned_data["day"],
        }
    calls = []
    if not form.errors:
        calls = list(reviews.reviewable(request.actor, **filters)[: reviews.LISTED])
        reviews.record_list_read(request.actor)
    reviewed = set(
        reviews.QualityReview.objects.filter(call__in=calls).values_list("call_id", flat=True)
    )
    return render(
        request,
        "helpline/review_list.html",
        {"form": form, "calls": calls, "reviewed": reviewed, "limit": reviews.LISTED},
        status=422 if form.errors else 200,
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        points = {}
        for name, label, help_text in reviews.GRID:
            points[name] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=reviews.MARKS,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields = {**points, **self.fields}


@never_cache
@staff_view(P.REVIEW)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A closed record, read-only, and the grid to review it."""
    if request.method == "POST":
        call = reviews.get_closed(request.actor, pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            # Her own call: PermissionDenied, a 403 (the page offers her no form).
            reviews.save_review(
                request.actor,
                call,
                {name: data[name] for name in reviews.POINTS},
                data["comment"],
            )
            messages.success(request, _("Review saved."))
            return redirect("helpline:review", pk)
    call, found = reviews.read_record(request.actor, pk)
    mine = next((r for r in found if r.reviewer_id == request.actor.user_id), None)
    if request.method != "POST":
        initial = {}
        if mine is not None:
            initial = {name: getattr(mine, name) for name in reviews.POINTS}
            initial["comment"] = mine.comment
        form = ReviewForm(initial=initial)
    return render(
        request,
        "helpline/review.html",
        {
            "call": call,
            "reviews": found,
            "mine": mine,
            "form": form,
            "grid": reviews.GRID,
            "may_review": reviews.may_review(request.actor, call),
            "situations": _situation_labels(call.situations),
        },
        status=422 if form.errors else 200,
    )


def _situation_labels(codes) -> list[str]:
    from appui.guide.questions import Situation

    labels = dict(Situation.choices)
    return [str(labels.get(code, code)) for code in codes or []]


urlpatterns = [
    path("supervision/", supervision_page, name="supervision"),
    path("supervision/tableau/", wallboard, name="wallboard"),
    path("supervision/etat/", wallboard_state, name="wallboard_state"),
    path("supervision/appels/", review_list, name="review_list"),
    path("supervision/appels/<int:pk>/revue/", review, name="review"),
]
