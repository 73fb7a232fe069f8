"""The agenda's staff pages under /pro/agenda/; the calendar feed is read by a calendar app
with its token only."""

from django.urls import path

from . import staff_views as views

app_name = "agenda"
urlpatterns = [
    path("", views.day, name="day"),
    path("semaine/", views.week, name="week"),
    path("rendez-vous/<int:pk>/", views.appointment, name="appointment"),
    path("rendez-vous/<int:pk>/confirmer/", views.confirm, name="confirm"),
    path("rendez-vous/<int:pk>/etat/", views.mark, name="mark"),
    path("rendez-vous/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("rendez-vous/<int:pk>/deplacer/", views.move, name="move"),
    path("flux/", views.feed, name="feed"),
    path("flux/<str:token>.ics", views.feed_ics, name="feed_ics"),
]
