"""What the person is told about her appointment, by e-mail and text message.

The words are neutral on purpose: someone else may read her phone. They never name the
motive, the place's kind (police, victim bureau, association) nor the offence: a time, a
reference and a link only. Sent in her language; a failed sending is logged, never fatal to
the booking itself.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from appui.directory.hours import PARIS

from . import sms
from .models import Booking
from .templatetags.booking_words import day_words, time_words

log = logging.getLogger(__name__)


def _when(booking: Booking) -> dict[str, str]:
    """The day and time as her appointment page words them ("mercredi 2 décembre",
    "13 h 45"), in the language active when called."""
    local = booking.start.astimezone(PARIS)
    return {
        "date": day_words(local.date()),
        "time": time_words(local),
        "reference": booking.reference,
    }


def _send(booking: Booking, subject: str, text: str) -> int:
    sent = 0
    if booking.phone:
        try:
            sms.backend().send(booking.phone, text)
            sent += 1
        except Exception as failure:  # the provider failed: the appointment stands
            # The failure's type only: its message may hold the number.
            log.warning("text message to booking %s failed: %s", booking.pk, type(failure).__name__)
    if booking.email:
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [booking.email])
            sent += 1
        except Exception as failure:
            log.warning("e-mail to booking %s failed: %s", booking.pk, type(failure).__name__)
    return sent


def booked(booking: Booking, link: str) -> int:
    """Right after booking (only if she agreed to be contacted): the time, the reference,
    the link to see, move or cancel it."""
    if not booking.reminders:
        return 0
    with translation.override(booking.language):
        text = _(
            "Your appointment: %(date)s at %(time)s. Reference %(reference)s. "
            "To see, move or cancel it: %(link)s"
        ) % {**_when(booking), "link": link}
        return _send(booking, _("Your appointment"), text)


def changed(booking: Booking) -> int:
    """After the place confirmed, moved or cancelled it."""
    if not booking.reminders:
        return 0
    with translation.override(booking.language):
        if booking.state == "cancelled":
            text = _(
                "Your appointment of %(date)s at %(time)s (reference %(reference)s) is cancelled."
            )
        else:
            text = _(
                "Your appointment is on %(date)s at %(time)s (reference %(reference)s). "
                "Your link shows the details."
            )
        return _send(booking, _("Your appointment"), text % _when(booking))


def reminder(booking: Booking) -> int:
    """The day before."""
    if not booking.reminders:
        return 0
    with translation.override(booking.language):
        text = _("Reminder: appointment tomorrow, %(date)s at %(time)s. Reference %(reference)s.")
        return _send(booking, _("Reminder"), text % _when(booking))
