from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.association, name="association"),
    path("national/", views.national, name="national"),
    path("export.csv", views.export_csv, name="export"),
]
