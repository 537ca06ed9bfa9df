"""Frontmatter that cannot be read: unclosed, not YAML, not a mapping, over a cap, or a placeholder.

Caps: `max-frontmatter-bytes`, 100 levels of nesting, a bound on alias expansion (a "billion
laughs" document). Unfilled template placeholders (`{{date}}`, `<% tp.date.now() %>`) outside
template folders make it invalid. Severity as for VK001.

Fires:

    ---
    name: Ana
    role: [mentor
    ---

Passes:

    ---
    name: Ana
    role: [mentor]
    ---
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.rules._common import from_problems

if TYPE_CHECKING:
    from vaultkit.diagnostics import Finding
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK002"
NAME = "invalid-frontmatter"
SEVERITY = "error"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from from_problems(CODE, note, vault)
