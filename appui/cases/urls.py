from django.urls import path, re_path

from . import views
from .views import appointments

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("intakes/", views.intake_queue, name="intake_queue"),
    path("intakes/new/", views.intake_new, name="intake_new"),
    path("intakes/stamp/", views.intake_queue_stamp, name="intake_queue_stamp"),
    path("intakes/<int:pk>/", views.intake_detail, name="intake"),
    path("people/", views.search, name="search"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/files/new/", views.file_new, name="file_new"),
    re_path(
        r"^people/(?P<pk>[0-9]+)/export\.(?P<fmt>json|pdf)$",
        views.person_export,
        name="person_export",
    ),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("files/", views.caseload, name="caseload"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/referent/", views.handoff, name="handoff"),
    path("files/<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("files/<int:pk>/affair/", views.affair_edit, name="affair_edit"),
    path("files/<int:pk>/facts/", views.facts_edit, name="facts_edit"),
    path("files/<int:pk>/close/", views.file_close, name="file_close"),
    path("files/<int:pk>/interviews/new/", views.interview_new, name="interview_new"),
    path("files/<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path(
        "files/<int:pk>/referrals/<int:referral_pk>/status/",
        views.referral_status,
        name="referral_status",
    ),
    path("files/<int:pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("files/<int:pk>/protections/new/", views.protection_new, name="protection_new"),
    path("files/<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("files/<int:pk>/access/", views.file_access_log, name="access_log"),
    path(
        "files/<int:pk>/appointments/new/",
        appointments.appointment_new,
        name="appointment_new",
    ),
    path(
        "files/<int:pk>/appointments/<int:booking_pk>/move/",
        appointments.appointment_move,
        name="appointment_move",
    ),
    path(
        "files/<int:pk>/appointments/<int:booking_pk>/cancel/",
        appointments.appointment_cancel,
        name="appointment_cancel",
    ),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("exceptional-access/", views.exceptional_access, name="exceptional_access"),
    path("access-review/", views.access_review, name="access_review"),
    path("bav/", appointments.bav_day, name="bav_day"),
    path("bav/<int:booking_pk>/intake/", appointments.bav_intake, name="bav_intake"),
    path(
        "bav/<int:booking_pk>/files/<int:file_pk>/interview/",
        appointments.bav_interview,
        name="bav_interview",
    ),
]
