"""An unchecked task whose due date has passed, in a person note or mentioning a person anywhere.

Due dates: `📅 2026-11-01` (the Obsidian Tasks format) or `due:: 2026-11-01`.

Fires (today 2026-09-24):

    - [ ] send [[Ana Núñez]] the deck 📅 2026-09-10

Passes: `- [x] send [[Ana Núñez]] the deck 📅 2026-09-10`, or a due date from today on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._common import days

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK106"
NAME = "overdue-follow-up"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    today = vault.today
    in_person = note.path in vault.person_at
    for index, item in enumerate(note.items):
        if not item.open_task or item.due is None or item.due >= today:
            continue
        who = [vault.person_at[note.path].name] if in_person else []
        for link in note.links:
            if link.task == index:
                mention = vault.mention(link, note.path)
                if mention is not None and mention.person.name not in who:
                    who.append(mention.person.name)
        if not who:
            continue
        late = (today - item.due).days
        yield Finding(
            note.path, item.line, item.column, item.line, item.column + 1,
            f"follow-up with {', '.join(who)} was due {item.due} ({days(late)} ago): do it, reschedule or cancel it",
        )  # fmt: skip
