from django.urls import path

from . import staff_views

app_name = "complaints_staff"

urlpatterns = [
    path("", staff_views.lists, name="list"),
    path("<int:pk>/", staff_views.detail, name="detail"),
    path("<int:pk>/numbers/", staff_views.numbers, name="numbers"),
    path("<int:pk>/confirm/", staff_views.confirm, name="confirm"),
    path("<int:pk>/move/", staff_views.move, name="move"),
    path("<int:pk>/signed/", staff_views.signed, name="signed"),
    path("<int:pk>/missed/", staff_views.missed, name="missed"),
]
