"""An active, unsnoozed person with no interaction recorded at all.

No `last_contact`, no dated log entry, no daily or meeting note that mentions them. Only for
people with a cadence (their own, their role's, their level's or the default; not `never`): a
freshly imported address book is not a wall of findings. Not reported when VK101 already is (a
cadence counted from `met`).

Fires:

    ---
    role: peer
    ---

Passes: the same person mentioned in `Daily/2026-09-01.md` as `[[Their Name]]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK102"
NAME = "no-interaction-recorded"
SEVERITY = "info"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    today = vault.today
    if not person.active or person.snoozed(today) or person.interactions or person.is_overdue(today):
        return
    if person.cadence is None or person.cadence_days(today) is None:
        return  # no cadence (an imported address book), or `never`: nobody to keep in touch with
    yield at_note(
        person.path,
        f"no interaction with {person.name} recorded: add a dated entry under ## Log, "
        "or link them from a daily or meeting note",
    )
