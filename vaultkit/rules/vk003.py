"""A frontmatter key given twice, after loose key matching (`Company` and `company`).

The first value is used; reported at the second key. Severity as for VK001.

Fires:

    ---
    Company: Northwind
    company: Contoso
    ---

Passes:

    ---
    company: Contoso
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

CODE = "VK003"
NAME = "duplicate-key"
SEVERITY = "error"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from from_problems(CODE, note, vault)
