"""The file page's appointments: hers at the association's places, those to come first, and
the way to give one, for those who book."""

from __future__ import annotations

from appui.booking import policies as agendas
from appui.booking.models import HOLDING
from appui.booking.permissions import BookingPermission as BP

from . import policies, services
from .models import FileStatus
from .permissions import CasePermission as P


def panel(request, file):
    actor = request.actor
    if not (policies.is_own(actor, file) and agendas.allows(actor, BP.AGENDA_VIEW)):
        return None  # another association's file, read under an exceptional access
    can_book = (
        file.status == FileStatus.OPEN
        and policies.allows(actor, P.FILE_EDIT, file)
        and agendas.allows(actor, BP.AGENDA_BOOK)
    )
    rows = [
        {
            "booking": appointment,
            "receiver": _receiver(appointment),
            "changeable": can_book and appointment.state in HOLDING,
        }
        for appointment in services.file_appointments(actor, file)
    ]
    return (
        "cases/appointments_panel.html",
        {
            "file": file,
            "rows": rows,
            "can_book": can_book,
        },
    )


def _receiver(appointment) -> str:
    profile = getattr(appointment.staff, "staff_profile", None) if appointment.staff else None
    return profile.display_name if profile else ""
