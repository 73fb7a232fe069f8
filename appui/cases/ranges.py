"""The one range of every date and number a staff form takes (issue 9).

A year-1 date or an amount of a thousand billion is a slip of the finger, never a fact; once
stored it breaks the pages and exports that read it. So every form of the case files checks,
on the server, by the kind of its fields:

- past events (facts, complaint, judgment, interview, birth…): from 1900-01-01 to today;
- planned dates (hearings, due dates, the end or renewal of a measure…), named in
  `PLANNED`: from 1900-01-01 to today + ten years;
- amounts and counts: from 0 to 1,000,000,000.

"Today" is the day in Europe/Paris (the project's time zone), whatever the server's clock.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from django import forms
from django.core import validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
YEARS_AHEAD = 10
MAX_AMOUNT = 1_000_000_000

# Dates that name something still to come; every other date is a past event.
PLANNED = frozenset(
    {
        "next_hearing_date",  # affair: the next hearing
        "mandate_due",  # prosecutor's mandate: answer due on
        "due_on",  # assessment (EVVI) answer due on, a task's due date
        "start_on",  # protection measure: it may start on a coming day
        "end_on",  # protection measure: until
        "renewal_due",  # protection measure: to renew by
    }
)

TOO_EARLY = _("Check the year: it must be 1900 or later.")
IN_FUTURE = _("This date is in the future.")
TOO_FAR = _("Check the year: this date is too far ahead.")
NEGATIVE = _("This number cannot be negative.")
TOO_LARGE = _("Check this number: it must be 1,000,000,000 or less.")


def today() -> dt.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def latest_planned(day: dt.date | None = None) -> dt.date:
    """Ten years after `day` (today): 29 February gives 28 February."""
    day = day or today()
    try:
        return day.replace(year=day.year + YEARS_AHEAD)
    except ValueError:
        return day.replace(year=day.year + YEARS_AHEAD, day=28)


def _as_date(value) -> dt.date:
    # A form's datetime is already in the current time zone: its own date, no conversion
    # (converting a year-1 datetime to UTC would overflow).
    return value.date() if isinstance(value, dt.datetime) else value


class DateRange:
    """Validator of one date field: 1900 at the earliest, today or ten years ahead at the
    latest, "today" taken when the form is checked."""

    def __init__(self, planned: bool):
        self.planned = planned

    def __call__(self, value) -> None:
        if value is None:
            return
        day = _as_date(value)
        if day < EARLIEST:
            raise forms.ValidationError(TOO_EARLY, code="too_early")
        if self.planned:
            if day > latest_planned():
                raise forms.ValidationError(TOO_FAR, code="too_far")
        elif day > today():
            raise forms.ValidationError(IN_FUTURE, code="future")


def _loose(validator, lower: bool) -> bool:
    """A min/max validator of the field that ours makes redundant (same bound or wider)."""
    limit = getattr(validator, "limit_value", None)
    if callable(limit) or limit is None:
        return False
    if lower:
        return isinstance(validator, validators.MinValueValidator) and limit <= 0
    return isinstance(validator, validators.MaxValueValidator) and limit >= MAX_AMOUNT


def _stricter(field, lower: bool) -> bool:
    kind = validators.MinValueValidator if lower else validators.MaxValueValidator
    return any(isinstance(v, kind) and not _loose(v, lower) for v in field.validators)


class RangedForm:
    """Mixin of the case files' forms: each date, datetime and number field gets its range.

    The HTML min/max come with the form (the browser helps); the server-side validators are
    added just before the form is checked, after every `__init__` has shaped its fields.
    A form may name more planned dates in `planned_fields`.
    """

    planned_fields: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_range_attributes()

    def is_planned(self, name: str) -> bool:
        return name in PLANNED or name in self.planned_fields

    def set_range_attributes(self) -> None:
        """min/max on the inputs (a copy of each widget: some are shared between forms)."""
        for name, field in self.fields.items():
            attrs = {}
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                latest = latest_planned() if self.is_planned(name) else today()
                if isinstance(field, forms.DateTimeField):
                    attrs = {"min": f"{EARLIEST:%Y-%m-%d}T00:00", "max": f"{latest:%Y-%m-%d}T23:59"}
                else:
                    attrs = {"min": f"{EARLIEST:%Y-%m-%d}", "max": f"{latest:%Y-%m-%d}"}
            elif isinstance(field, (forms.DecimalField, forms.IntegerField)):
                attrs = {"min": "0", "max": str(MAX_AMOUNT)}
                for key, lower in (("min", True), ("max", False)):
                    if _stricter(field, lower):
                        attrs.pop(key)
            if attrs:
                field.widget = copy.deepcopy(field.widget)
                field.widget.attrs.update(attrs)

    def add_range_validators(self) -> None:
        if getattr(self, "_ranges_added", False):
            return
        self._ranges_added = True
        for name, field in self.fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, DateRange)),
                    DateRange(self.is_planned(name)),
                ]
            elif isinstance(field, (forms.DecimalField, forms.IntegerField)):
                kept = [v for v in field.validators if not (_loose(v, True) or _loose(v, False))]
                if not _stricter(field, True):
                    kept.append(validators.MinValueValidator(0, message=NEGATIVE))
                if not _stricter(field, False):
                    kept.append(
                        validators.MaxValueValidator(Decimal(MAX_AMOUNT), message=TOO_LARGE)
                    )
                field.validators = kept

    def full_clean(self):
        self.add_range_validators()
        super().full_clean()
