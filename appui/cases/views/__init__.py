"""Staff pages of the case files. Thin: a form, one service call, a template.

Every view wears `staff_view(permission)`; object ids go through `policies`, so another
association's id answers 404, as an id that does not exist. One module per topic.
"""

from .access import access_review, exceptional_access, file_access_log
from .caseload import caseload, handoff
from .files import (
    affair_edit,
    assessment_new,
    document_download,
    document_new,
    facts_edit,
    file_close,
    file_detail,
    file_new,
    interview_new,
    protection_new,
    referral_new,
    referral_status,
)
from .gdpr import person_erase, person_export
from .home import home, task_done, task_new
from .intake import intake_detail, intake_new, intake_queue, intake_queue_stamp
from .people import person_detail, person_edit, person_new, search

__all__ = [
    "access_review",
    "affair_edit",
    "assessment_new",
    "caseload",
    "document_download",
    "document_new",
    "exceptional_access",
    "facts_edit",
    "file_access_log",
    "file_close",
    "file_detail",
    "file_new",
    "handoff",
    "home",
    "intake_detail",
    "intake_new",
    "intake_queue",
    "intake_queue_stamp",
    "interview_new",
    "person_detail",
    "person_edit",
    "person_erase",
    "person_export",
    "person_new",
    "protection_new",
    "referral_new",
    "referral_status",
    "search",
    "task_done",
    "task_new",
]
