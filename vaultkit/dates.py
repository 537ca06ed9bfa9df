"""Dates, cadences and quarters: calendar arithmetic as the owner counts it."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import calendar
import os
import re
from datetime import date, datetime
from typing import NamedTuple

from vaultkit.errors import UserError

# ASCII digits only: `\d` would take `٢٠٢٦` and `²`, which int() reads or refuses.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)

# The days a command may be run for (`--today`, `--quarter`): every date it works out from one
# (a quarter and the next, a year of trend, a birthday next year, a cadence of up to a century
# back) still lies inside Python's calendar, 0001-01-01 to 9999-12-31.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)
DAYS_RANGE = f"from {FIRST_DAY} to {LAST_DAY}"


def resolve_today(option: str | None) -> date:
    """`--today`, else VAULTKIT_TODAY, else the local date."""
    if option is not None and not option.strip():  # `--today ""`: a date meant, and none given
        raise UserError("--today: no date given (expected YYYY-MM-DD)")
    for source, value in (("--today", option), ("VAULTKIT_TODAY", os.environ.get("VAULTKIT_TODAY"))):
        if value and value.strip():  # an empty VAULTKIT_TODAY is unset, as NO_COLOR is
            parsed = parse_iso_date(value.strip())
            if parsed is None:
                raise UserError(f"{source}: {value!r} is not a date (expected YYYY-MM-DD)")
            if not FIRST_DAY <= parsed <= LAST_DAY:
                raise UserError(f"{source}: {parsed} is out of range: give a date {DAYS_RANGE}")
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
_CADENCE_RE = re.compile(r"([0-9]+)\s*([dwmy])")
# The longest cadence: a century. Longer is no rhythm anybody keeps (write `never`), and would
# run past the calendar's end (9999-12-31) from a date of this era.
MAX_CADENCE = {"d": 36525, "w": 5218, "m": 1200, "y": 100}
NOT_A_CADENCE = "is not a cadence (14d, 6w, 3m, 1y, monthly, never)"
TOO_LONG = "is longer than a cadence may be (100 years: 36525d, 5218w, 1200m, 100y; or never)"


def parse_cadence(value: object) -> Cadence | None:
    """`14d`, `6w`, `3m`, `1y`, a bare number of days, a word, or `never`; None if not one, or
    if longer than MAX_CADENCE (`cadence_problem` says which)."""
    found = _cadence(value)
    return found if isinstance(found, Cadence) else None


def cadence_problem(value: object) -> str:
    """Why `value` is no cadence, for a message after the value: `'2026-01-02' is not a cadence (…)`."""
    found = _cadence(value)
    return found if isinstance(found, str) else ""


def _cadence(value: object) -> Cadence | str:
    """The cadence `value` gives, or why it gives none (NOT_A_CADENCE or TOO_LONG)."""
    if isinstance(value, bool):
        return NOT_A_CADENCE
    if isinstance(value, float):
        if not (value.is_integer() and value > 0):
            return NOT_A_CADENCE
        value = int(value)
    if isinstance(value, int):  # a bare number: days, said so
        if value <= 0:
            return NOT_A_CADENCE
        return _sized(str(value), "d", None) if value <= MAX_CADENCE["d"] else TOO_LONG
    if not isinstance(value, str):
        return NOT_A_CADENCE
    text = value.strip()
    word = text.lower()
    if word == "never":
        return Cadence(0, "never", text)
    if word in _WORDS:
        count, unit = _WORDS[word]
        return Cadence(count, unit, text)
    if word.isascii() and word.isdigit():
        return _sized(word, "d", None)
    m = _CADENCE_RE.fullmatch(word) if word.isascii() else None
    return _sized(m[1], m[2], text) if m else NOT_A_CADENCE


def _sized(digits: str, unit: str, text: str | None) -> Cadence | str:
    """`digits` of `unit` as a cadence, if positive and at most MAX_CADENCE; `text` as written
    (None: the number of days, with its `d`). The digits are counted before they are read: a
    5,000-digit number is more than int() converts (and a cadence of nobody)."""
    digits = digits.lstrip("0")
    if not digits:
        return NOT_A_CADENCE
    if len(digits) > 6 or int(digits) > MAX_CADENCE[unit]:
        return TOO_LONG
    amount = int(digits)
    return Cadence(amount, unit, text if text is not None else f"{amount}d")


class Quarter(NamedTuple):
    """A quarter of the owner's year, named after the calendar year in which that year ends."""

    year: int
    number: int  # 1..4
    start_month: int  # the month in which the owner's year starts

    @property
    def name(self) -> str:
        return f"{self.year:04d}-Q{self.number}"

    @property
    def first_day(self) -> date:
        """Its first day; ValueError for a quarter outside the calendar (see `parse_quarter`)."""
        offset = (self.number - 1) * 3 + (self.start_month - 1)
        # The owner's year ending in `year` starts in start_month of year-1 (or year when start_month=1).
        start_year = self.year if self.start_month == 1 else self.year - 1
        return add_months(date(start_year, 1, 1), offset)

    @property
    def last_day(self) -> date:
        """The last day of its third month (counted so, 9999-Q4 ends on the calendar's last day)."""
        third = add_months(self.first_day, 2)
        return third.replace(day=calendar.monthrange(third.year, third.month)[1])

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


_QUARTER_RE = re.compile(r"([0-9]{4})-Q([1-4])", re.IGNORECASE)


def parse_quarter(text: str, start_month: int = 1) -> Quarter | None:
    """`2026-Q3`, a quarter whose days the calendar holds (not `0000-Q1`); else None."""
    m = _QUARTER_RE.fullmatch(text.strip())
    if not m:
        return None
    quarter = Quarter(int(m[1]), int(m[2]), start_month)
    try:
        quarter.first_day  # noqa: B018  # raises for a year 0, or a first month before year 1
    except ValueError:
        return None
    return quarter


def quarter_option(text: str, start_month: int = 1) -> Quarter:
    """A `--quarter`: a quarter, within the days a command may be run for (see FIRST_DAY)."""
    if not _QUARTER_RE.fullmatch(text.strip()):
        raise UserError(f"--quarter: {text!r} is not a quarter (expected YYYY-QN, e.g. 2026-Q3)")
    quarter = parse_quarter(text, start_month)
    if quarter is None or quarter.first_day < FIRST_DAY or quarter.last_day > LAST_DAY:
        raise UserError(f"--quarter: {text.strip()} is out of range: give a quarter whose days lie {DAYS_RANGE}")
    return quarter
