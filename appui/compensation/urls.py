from django.urls import path

from . import views

app_name = "compensation"

urlpatterns = [
    path("", views.lists, name="list"),
    path("figures/", views.figures, name="stats"),
    path("files/<int:file_pk>/new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/heads/", views.head_add, name="head_add"),
    path("<int:pk>/heads/<int:head_pk>/delete/", views.head_delete, name="head_delete"),
    path("<int:pk>/received/", views.received_add, name="received_add"),
    path("<int:pk>/received/<int:line_pk>/delete/", views.received_delete, name="received_delete"),
    path("<int:pk>/costs/", views.legal_costs, name="legal_costs"),
    path("<int:pk>/documents/", views.checklist, name="checklist"),
    path("<int:pk>/steps/", views.event_add, name="event_add"),
    path("<int:pk>/steps/undo/", views.event_undo, name="event_undo"),
    path("<int:pk>/bank/", views.bank, name="bank"),
    path("<int:pk>/recipient/", views.addressee, name="addressee"),
    path("<int:pk>/generate/<str:kind>/", views.generate, name="generate"),
]
