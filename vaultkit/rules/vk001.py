"""A note vaultkit cannot read: not UTF-8, NUL bytes, or larger than `max-note-bytes`.

The rest of the vault is still read. An error in notes read as people, plans or dated notes
(by folder, name or frontmatter); a warning in any other note, so a broken web clipping does
not fail a commit.

Fires: `People/François.md` saved as Latin-1 (byte 0xE7 for ç).
Passes: the same note saved as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.rules._common import from_problems

if TYPE_CHECKING:
    from vaultkit.diagnostics import Finding
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK001"
NAME = "unreadable-note"
SEVERITY = "error"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from from_problems(CODE, note, vault)
