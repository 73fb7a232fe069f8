"""Every write of the case files: one transaction and its audit lines each, by topic.

Views stay thin: they check the form, call one function here, and show the result. Each
function takes the acting `Actor` (None for the public guide) and checks it with
`policies.require`, so a forgotten check in a view cannot open a file to the wrong person.
"""

from ._common import departement_of, today
from .documents import add_document, read_document
from .exceptional import EXCEPTIONAL_ACCESS_HOURS, open_exceptional_access
from .files import (
    DuplicateFile,
    close_file,
    open_file,
    read_file,
    record_form_read,
    update_affair,
    update_facts,
)
from .followup import (
    add_assessment,
    add_interview,
    add_protection,
    add_referral,
    record_note_reads,
    set_referral_status,
)
from .intake import (
    CALLBACK_FIELDS,
    INTAKE_FIELDS,
    AlreadyHandled,
    TooManyCallbacks,
    close_intake,
    competent_organisation,
    create_intake,
    normalise_phone,
    purge_callback_attempts,
    read_intake,
    request_callback,
)
from .people import (
    PERSON_FIELDS,
    create_person,
    likely_duplicates,
    read_person,
    record_person_read,
    record_queue_read,
    search_people,
    update_person,
)
from .tasks import TASKS_SHOWN, TaskLists, add_task, complete_task, sync_tasks, task_lists

__all__ = [
    "CALLBACK_FIELDS",
    "EXCEPTIONAL_ACCESS_HOURS",
    "INTAKE_FIELDS",
    "PERSON_FIELDS",
    "TASKS_SHOWN",
    "AlreadyHandled",
    "DuplicateFile",
    "TaskLists",
    "TooManyCallbacks",
    "add_assessment",
    "add_document",
    "add_interview",
    "add_protection",
    "add_referral",
    "add_task",
    "close_file",
    "close_intake",
    "competent_organisation",
    "complete_task",
    "create_intake",
    "create_person",
    "departement_of",
    "likely_duplicates",
    "normalise_phone",
    "open_exceptional_access",
    "open_file",
    "purge_callback_attempts",
    "read_document",
    "read_file",
    "read_intake",
    "read_person",
    "record_form_read",
    "record_note_reads",
    "record_person_read",
    "record_queue_read",
    "request_callback",
    "search_people",
    "set_referral_status",
    "sync_tasks",
    "task_lists",
    "today",
    "update_affair",
    "update_facts",
    "update_person",
]
