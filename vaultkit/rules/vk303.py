"""A link in a plan that is neither a person nor an existing note: probably a misspelt name.

The message suggests the nearest person.

Fires: `- [ ] coffee with [[Jon Smtih]]` when the person is `People/Jon Smith.md`.
Passes: `[[Jon Smith]]`, or a link to an existing project note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._names import closest_person, written
from vaultkit.text import note_name

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK303"
NAME = "plan-unknown-person"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("plan",))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for link in note.links:
        if link.embed or vault.resolve(link, note.path).path is not None or vault.mention(link, note.path):
            continue
        if vault.ambiguous(link, note.path):
            continue  # `[[Alex]]` for two people: VK403 names them
        guess = closest_person(vault, note_name(link.target))
        hint = f": did you mean [[{guess.name}]]?" if guess else ": create their note, or fix the name"
        yield Finding(note.path, link.line, link.column, link.line, link.end_column,
                      f"{written(link)} is not a person or a note{hint}")  # fmt: skip
