from django.urls import path

from . import staff_views

app_name = "staff"

urlpatterns = [
    path("login/", staff_views.login, name="login"),
    path("logout/", staff_views.logout, name="logout"),
    path("confirm/", staff_views.reauthenticate, name="reauthenticate"),
    path("account/", staff_views.account, name="account"),
    path("account/recovery-codes/", staff_views.new_recovery_codes, name="recovery_codes"),
    path("account/waiting/", staff_views.waiting, name="waiting"),
    path("accounts/", staff_views.accounts, name="accounts"),
]
