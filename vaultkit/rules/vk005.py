"""A person's key that is near a known field or alias: probably a typo, so it is not read.

Other unknown keys are fine: people keep phone numbers and favourite teas.

Fires:

    ---
    last_contcat: 2026-09-01
    ---

Passes:

    ---
    last_contact: 2026-09-01
    phone: +1 555 0100
    ---
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.rules._common import field_problems

if TYPE_CHECKING:
    from vaultkit.diagnostics import Finding
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK005"
NAME = "unknown-field"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person",))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from field_problems(CODE, note, vault)
