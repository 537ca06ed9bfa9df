"""A link to no note whose name is near, or equal after folding case and accents to, a person's.

Obsidian would create an empty note on click; vaultkit does not count it as a mention. Checked in
person notes and dated notes (in plans, VK303 reports such links).

Fires: `[[Ana Nunez]]` when the person note is `People/Ana Núñez.md`.
Passes: `[[Ana Núñez]]`, or `[[Ana Nunez]]` listed in her `aliases` (a mention by alias: VK402's).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._names import near_person, written
from vaultkit.text import note_name

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK401"
NAME = "unresolved-person-link"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person", "daily", "meeting"))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for link in note.links:
        if vault.resolve(link, note.path).path is not None or vault.mention(link, note.path):
            continue
        if vault.ambiguous(link, note.path):
            continue  # `[[Alex]]` for two people: VK403 names them
        person = near_person(vault, note_name(link.target))
        if person is not None:
            bang = "!" if link.embed else ""
            yield Finding(note.path, link.line, link.column, link.line, link.end_column,
                          f"{written(link)} links to no note: did you mean {bang}[[{person.name}]]?")  # fmt: skip
