"""The public appointment pages under /rendez-vous/: a victim bureau's booking, and her
appointment by the token of her link."""

from django.urls import path

from . import views

app_name = "booking"
urlpatterns = [
    path("bav/<slug:slug>/", views.bav, name="bav"),
    path("<str:token>/", views.detail, name="detail"),
    path("<str:token>/enregistre/", views.done, name="done"),
    path("<str:token>/deplacer/", views.move, name="move"),
    path("<str:token>/annuler/", views.cancel, name="cancel"),
    path("<str:token>/rendez-vous.ics", views.ics_file, name="ics"),
    # Anything else under /rendez-vous/ (a link cut or changed): the same kind page.
    path("", views.missing),
    path("<path:anything>", views.missing),
]
