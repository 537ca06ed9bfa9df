"""Dates, cadences and quarters: calendar arithmetic as the owner counts it."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import calendar
import os
import re
from datetime import date, datetime
from typing import NamedTuple

from vaultkit.errors import UserError

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def resolve_today(option: str | None) -> date:
    """`--today`, else VAULTKIT_TODAY, else the local date."""
    if option is not None and not option.strip():  # `--today ""`: a date meant, and none given
        raise UserError("--today: no date given (expected YYYY-MM-DD)")
    for source, value in (("--today", option), ("VAULTKIT_TODAY", os.environ.get("VAULTKIT_TODAY"))):
        if value and value.strip():  # an empty VAULTKIT_TODAY is unset, as NO_COLOR is
            parsed = parse_iso_date(value.strip())
            if parsed is None:
                raise UserError(f"{source}: {value!r} is not a date (expected YYYY-MM-DD)")
            return parsed
    return date.today()


def parse_iso_date(text: str) -> date | None:
    """`YYYY-MM-DD` exactly, and a real calendar date; otherwise None."""
    m = _DATE_RE.fullmatch(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_date_value(value: object) -> date | None:
    """A date field's value: a date, a date-time (its date part counts), or such a string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _DATETIME_RE.fullmatch(value.strip())
        if m:
            try:
                if m[4] is not None:  # a time that is no time (25:00) makes it no date-time either
                    datetime(2000, 1, 1, int(m[4]), int(m[5]), int(m[6] or 0))
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def add_months(day: date, months: int) -> date:
    """Calendar months: 2026-01-31 + 1 month = 2026-02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class Cadence(NamedTuple):
    """How often to be in touch: `amount` units of d(ays), w(eeks), m(onths) or y(ears)."""

    amount: int
    unit: str  # "d", "w", "m", "y"; amount 0 with unit "never" means never due
    text: str  # as written, for messages (a bare number of days with its `d`)

    @property
    def never(self) -> bool:
        return self.unit == "never"

    def after(self, day: date) -> date | None:
        """The due date one cadence after `day` (None for `never`)."""
        if self.never:
            return None
        try:
            if self.unit == "d":
                return date.fromordinal(day.toordinal() + self.amount)
            if self.unit == "w":
                return date.fromordinal(day.toordinal() + 7 * self.amount)
            if self.unit == "m":
                return add_months(day, self.amount)
            return add_months(day, 12 * self.amount)
        except (ValueError, OverflowError):
            return None

    def days_from(self, day: date) -> int | None:
        due = self.after(day)
        return None if due is None else (due - day).days


_WORDS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "monthly": (1, "m"),
    "quarterly": (3, "m"),
    "yearly": (1, "y"),
}
_CADENCE_RE = re.compile(r"(\d+)\s*([dwmy])")


def parse_cadence(value: object) -> Cadence | None:
    """`14d`, `6w`, `3m`, `1y`, a bare number of days, a word, or `never`; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Cadence(value, "d", f"{value}d") if value > 0 else None  # a bare number: days, said so
    if isinstance(value, float) and value.is_integer() and value > 0:
        return Cadence(int(value), "d", f"{int(value)}d")
    if not isinstance(value, str):
        return None
    text = value.strip()
    word = text.lower()
    if word == "never":
        return Cadence(0, "never", text)
    if word in _WORDS:
        count, unit = _WORDS[word]
        return Cadence(count, unit, text)
    if word.isdigit() and int(word) > 0:
        return Cadence(int(word), "d", f"{int(word)}d")
    m = _CADENCE_RE.fullmatch(word)
    if m and int(m[1]) > 0:
        return Cadence(int(m[1]), m[2], text)
    return None


class Quarter(NamedTuple):
    """A quarter of the owner's year, named after the calendar year in which that year ends."""

    year: int
    number: int  # 1..4
    start_month: int  # the month in which the owner's year starts

    @property
    def name(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        offset = (self.number - 1) * 3 + (self.start_month - 1)
        # The owner's year ending in `year` starts in start_month of year-1 (or year when start_month=1).
        start_year = self.year if self.start_month == 1 else self.year - 1
        return add_months(date(start_year, 1, 1), offset)

    @property
    def last_day(self) -> date:
        return date.fromordinal(add_months(self.first_day, 3).toordinal() - 1)

    def shifted(self, quarters: int) -> "Quarter":
        index = self.year * 4 + (self.number - 1) + quarters
        year, number = divmod(index, 4)
        return Quarter(year, number + 1, self.start_month)

    def __str__(self) -> str:
        return self.name


def quarter_of(day: date, start_month: int = 1) -> Quarter:
    months_in = (day.month - start_month) % 12
    number = months_in // 3 + 1
    year = day.year if start_month == 1 or day.month < start_month else day.year + 1
    return Quarter(year, number, start_month)


_QUARTER_RE = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)


def parse_quarter(text: str, start_month: int = 1) -> Quarter | None:
    m = _QUARTER_RE.fullmatch(text.strip())
    return Quarter(int(m[1]), int(m[2]), start_month) if m else None
