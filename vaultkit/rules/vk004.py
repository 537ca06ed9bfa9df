"""A known field of a person or plan whose value is of the wrong kind; the value is ignored.

A date that is not a date (`2026-13-45`, `01/02/2026`), an unknown cadence, a level or status
outside its set (case does not matter), a role near a known role (`mentr`: did you mean
mentor?), a plan's `quarter` that is not `YYYY-Qn`.

Fires:

    ---
    cadence: fortnightly
    level: seniour
    ---

Passes:

    ---
    cadence: 2w
    level: Senior
    ---
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.dates import parse_quarter
from vaultkit.diagnostics import Finding
from vaultkit.rules._common import field_problems

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK004"
NAME = "invalid-value"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person", "plan"))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from field_problems(CODE, note, vault)
    if vault.kind(note.path) == "plan":
        for f in note.fields:
            if f.norm == "quarter" and f.value not in (None, "") and parse_quarter(str(f.value)) is None:
                yield Finding(note.path, f.line, f.column, f.line, f.end_column,
                              f"{f.key}: {f.value!r} is not a quarter (YYYY-Qn, e.g. 2026-Q4); ignored")  # fmt: skip
