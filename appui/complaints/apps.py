from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "appui.complaints"
    label = "complaints"
    verbose_name = _("Pre-complaints")
    default_auto_field = "django.db.models.BigAutoField"
    # Nominative data of a pre-complaint not signed are erased 30 days after receipt
    # (décret n° 2008-1109): the worker looks every 15 minutes.
    periodic_tasks = (("appui.complaints.tasks.erase_expired", 15 * 60),)

    def ready(self) -> None:
        from django.urls import reverse

        from appui.booking import policies as agendas
        from appui.booking import staff_views as agenda_pages

        from . import audit_targets, permissions  # noqa: F401  (they register on import)
        from .models import PreComplaint

        # A pre-complaint's appointment is confirmed, moved, signed or missed on the
        # pre-complaint's page (its data and counters go with it); the agenda links there.
        agendas.manage_elsewhere("complaints")

        def pre_complaint_link(actor, booking):
            if booking.source != "complaints":
                return None
            pk = PreComplaint.objects.filter(booking=booking).values_list("pk", flat=True).first()
            if pk is None:
                return None
            return reverse("complaints_staff:detail", args=[pk]), _("Open the pre-complaint")

        agenda_pages.register_action(pre_complaint_link)

    @property
    def staff_menu(self):
        from .permissions import ComplaintPermission as P

        return (("complaints_staff:list", _("Pre-complaints"), P.VIEW),)
