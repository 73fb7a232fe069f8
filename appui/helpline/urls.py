"""The helpline's staff pages, under /pro/ecoute/: each view module lists its own."""

from .views import callbacks, console, stats, supervision

app_name = "helpline"
urlpatterns = [
    *console.urlpatterns,
    *callbacks.urlpatterns,
    *supervision.urlpatterns,
    *stats.urlpatterns,
]
