from django.urls import path

from . import views

app_name = "complaints"

# The addresses are in French, like the rest of the public site's.
urlpatterns = [
    path("", views.start, name="start"),
    path("ailleurs/<slug:reason>/", views.elsewhere, name="elsewhere"),
    path("relire/", views.review, name="review"),
    path("lieu/", views.units, name="units"),
    path("lieu/<int:pk>/", views.unit, name="unit"),
    path("envoyee/", views.sent, name="sent"),
    path("oublier/", views.forget, name="forget"),
    path("<slug:slug>/", views.section, name="section"),
]
