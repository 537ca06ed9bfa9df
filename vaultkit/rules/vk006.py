"""`last_contact`, `met` or a log entry dated after today: not counted as an interaction.

Usually a typo in the year; a planned meeting belongs in a task (`- [ ] lunch with [[Ana]]`).

Fires (today 2026-09-24):

    ---
    last_contact: 2027-09-01
    ---

Passes:

    ---
    last_contact: 2026-09-01
    ---
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._common import problem_finding

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK006"
NAME = "future-date"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person",))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    person = vault.person_at.get(note.path)
    if person is None:
        return
    today = vault.today
    for value, f in ((person.fields.last_contact, person.fields.last_contact_field),
                     (person.fields.met, person.fields.met_field)):  # fmt: skip
        if value is not None and f is not None and value > today:
            yield Finding(note.path, f.line, f.column, f.line, f.end_column,
                          f"{f.key} is {value}, after today ({today}); not counted")  # fmt: skip
    for p in person.future_entries:
        yield problem_finding(note.path, p)
