from django.urls import path

from . import callback, drafts, views

app_name = "guide"

urlpatterns = [
    path("", views.start, name="start"),
    path("safety/", views.safety, name="safety"),
    path("urgent/", views.urgent, name="urgent"),
    path("plan/", views.plan, name="plan"),
    path("plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("forget/", views.forget, name="forget"),
    path("exit/", views.quick_exit, name="exit"),
    path("callback/", callback.callback, name="callback"),
    path("callback/sent/", callback.callback_sent, name="callback_sent"),
    path("draft/<slug:route>/", drafts.draft, name="draft"),
    path("<slug:name>/", views.step, name="step"),
]
