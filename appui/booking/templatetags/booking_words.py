"""Days and times of appointments in words, in the reader's language and the place's own
clock (Europe/Paris): "mercredi 9 décembre à 14 h 15", never an ISO date."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appui.directory.hours import PARIS, clock, day_month
from appui.directory.messages import WEEKDAYS, language

register = template.Library()


def _lang() -> str:
    return language((translation.get_language() or "fr")[:2])


def day_words(day: dt.date, lang: str | None = None) -> str:
    """The day in words ("mercredi 9 décembre"), the year added when it is not this year's."""
    lang = lang or _lang()
    this_year = timezone.localdate().year
    return f"{WEEKDAYS[lang][day.weekday()]} {day_month(day, lang, year=day.year != this_year)}"


def time_words(moment: dt.datetime, lang: str | None = None) -> str:
    """The Paris time of `moment` in words: "14 h 15", "2:15 pm", "14:15"."""
    return clock(moment.astimezone(PARIS).time(), lang or _lang())


def moment_words(moment: dt.datetime, lang: str | None = None) -> str:
    """A day and a time in words: "mercredi 9 décembre à 14 h 15"."""
    lang = lang or _lang()
    local = moment.astimezone(PARIS)
    return _("%(day)s at %(time)s") % {
        "day": day_words(local.date(), lang),
        "time": time_words(local, lang),
    }


register.filter("day_words", lambda day: day_words(day))
register.filter("time_words", lambda moment: time_words(moment))
register.filter("moment_words", lambda moment: moment_words(moment))
