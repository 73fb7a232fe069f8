"""The worker's regular jobs for the helpline: declared, and each doing its work when run."""

import datetime as dt

from django.utils import timezone

from appui.core.management.commands.worker import periodic_tasks
from appui.helpline import tasks
from appui.helpline.models import Call, CallState

from .conftest import event


def test_the_worker_runs_the_helplines_jobs():
    declared = dict(periodic_tasks())
    assert declared["appui.helpline.tasks.apply_retention"] == 24 * 60 * 60
    assert declared["appui.helpline.tasks.close_stale_calls"] == 60 * 60


def test_the_hourly_job_closes_a_call_whose_end_never_came(post_event, federation):
    post_event(event("ringing", caller="06 12 34 56 78"))
    Call.objects.update(ringing_at=timezone.now() - dt.timedelta(hours=7))
    assert tasks.close_stale_calls.call() == 1
    assert Call.objects.get().state == CallState.MISSED
