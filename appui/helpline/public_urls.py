"""The public's way to write to the 116 006."""

from .views import public

app_name = "helpline_public"
urlpatterns = public.urlpatterns
