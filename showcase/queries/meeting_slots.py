"""The event's meeting slots: every day of the event (MEETING_DAYS) has a morning and an
afternoon in which a delegate may ask to meet a company."""

from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_interval, format_skeleton
from flask import current_app
from flask_babel import get_locale

# Hours of each part of an event day, as the venue opens its meeting tables.
PARTS = {"am": (time(10, 0), time(12, 0)), "pm": (time(14, 0), time(17, 0))}


@dataclass(frozen=True)
class TimeSlot:
    """Half a day of the event: ``code`` is what a form sends and an inquiry stores."""

    day: date
    part: str

    @property
    def code(self) -> str:
        """``2026-12-15-am``."""
        return f"{self.day.isoformat()}-{self.part}"

    def day_text(self) -> str:
        """The day in the current language, without the year the event is in
        (``Tuesday, December 15``)."""
        return format_skeleton("MMMMEEEEd", self.day, locale=get_locale())

    def hours_text(self) -> str:
        """The hours in the current language (``10:00–12:00``)."""
        start, end = PARTS[self.part]
        return format_interval(start, end, "Hm", locale=get_locale())


def meeting_slots() -> list[TimeSlot]:
    """Every slot of the event, in time order; days that are not dates are left out."""
    days = []
    for value in current_app.config["MEETING_DAYS"]:
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return [TimeSlot(day, part) for day in sorted(set(days)) for part in PARTS]


def slot_by_code(code: str) -> TimeSlot | None:
    """The slot a form sent or an inquiry stored; None for "any time" and unknown codes."""
    return next((slot for slot in meeting_slots() if slot.code == code), None)
