"""The listener may close her record (or stop the timer) before the switchboard reports the
end of the line: its `ended` is then taken, not refused as out of order."""

from appui.core.access import Actor
from appui.helpline.models import Call, CallState, EndCause, HelplineCount
from appui.helpline.services import calls

from .conftest import event


def _actor(user):
    profile = user.staff_profile
    return Actor(user.pk, profile.organisation_id, "federation", profile.role, "t", None)


def test_the_end_of_the_line_after_the_record_was_closed_is_taken(post_event, listener):
    user = listener("1001")
    post_event(event("ringing", caller="06 12 34 56 78"))
    post_event(event("answered", listener="1001"))
    call = Call.objects.get()
    calls.log_non_data(_actor(user), "information", call)
    closed = Call.objects.get()
    assert closed.state == CallState.CLOSED and closed.end_cause == ""
    response = post_event(event("ended", cause="completed"))
    assert response.status_code == 202, response.content
    after = Call.objects.get()
    assert after.end_cause == EndCause.COMPLETED and after.ended_at == closed.ended_at
    assert sum(HelplineCount.objects.values_list("calls", flat=True)) == 1  # counted once
    assert post_event(event("ended", cause="completed")).status_code == 200  # a replay


def test_the_end_after_the_timer_was_stopped_is_taken(post_event, listener):
    user = listener("1001")
    post_event(event("ringing"))
    post_event(event("answered", listener="1001"))
    calls.hang_up(_actor(user), Call.objects.get())
    assert post_event(event("ended", cause="caller_hangup")).status_code == 202
    assert Call.objects.get().end_cause == EndCause.CALLER_HANGUP
