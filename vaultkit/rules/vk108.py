"""A birthday within the next `days` days: a reason to reach out.

Select it with `select = ["VK", "VK108"]` in `[rules]` or `--select VK108`.

Fires (today 2026-09-24):

    ---
    birthday: 09-28
    ---

Passes: `birthday: 1990-11-02`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK108"
NAME = "birthday-soon"
SEVERITY = "info"
SCOPE = "person"
OPTIONS: dict[str, Any] = {"days": 7}
DEFAULT_ON = False
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def next_birthday(month: int, day: int, today: date) -> date:
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February in a common year
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    if person.fields.birthday is None or person.status in ("archived",):
        return
    month, day, _ = person.fields.birthday
    upcoming = next_birthday(month, day, vault.today)
    ahead = (upcoming - vault.today).days
    if ahead <= int(options["days"]):
        when = "today" if ahead == 0 else "tomorrow" if ahead == 1 else f"in {ahead} days"
        on = f"{MONTHS[upcoming.month - 1]} {upcoming.day}"  # not %b: the locale must not change it
        yield at_note(person.path, f"{person.name}'s birthday is {when} ({on}): a reason to reach out")
