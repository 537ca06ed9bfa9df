"""A link whose name matches two or more notes, at least one of them a person.

Obsidian opens the one in the linking note's folder, else the one with the shortest path; the
link may not mean the person you think. Write the path: `[[People/Alex Kim]]`.

Fires: `[[Alex Kim]]` with `People/Alex Kim.md` and `Clients/Alex Kim.md`.
Passes: `[[People/Alex Kim|Alex Kim]]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK403"
NAME = "ambiguous-link"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person", "daily", "meeting", "plan"))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for link in note.links:
        resolution = vault.resolve(link, note.path)
        if len(resolution.candidates) < 2 or not any(p in vault.person_at for p in resolution.candidates):
            continue
        others = ", ".join(resolution.candidates)
        yield Finding(note.path, link.line, link.column, link.line, link.end_column,
                      f"[[{link.target}]] matches {len(resolution.candidates)} notes ({others}); Obsidian opens "
                      f"{resolution.path}: write its path, e.g. [[{(resolution.path or '')[:-3]}]]")  # fmt: skip
