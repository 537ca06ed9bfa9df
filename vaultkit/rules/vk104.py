"""`last_contact` is older than the latest interaction recorded elsewhere.

Fixable: `vaultkit check --fix` sets it to that date, changing only that value.

Fires:

    ---
    last_contact: 2026-05-02
    ---
    ## Log
    - 2026-07-14 lunch

Passes: `last_contact: 2026-07-14`, or no `last_contact` at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Edit, Finding, Fix

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK104"
NAME = "stale-last-contact"
SEVERITY = "info"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}
FIXABLE = True


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    f = person.fields.last_contact_field
    value = person.fields.last_contact
    latest = person.last_interaction
    if f is None or value is None or latest is None or latest.date <= value:
        return
    fix = None
    if f.value_span is not None and f.value_span[0] == f.value_span[2]:
        line, column, _, end = f.value_span
        if isinstance(f.value, str) and end - column == len(f.value) + 2:  # a quoted value
            column, end = column + 1, end - 1
        edit = Edit(person.path, line, column, line, end, latest.date.isoformat())
        fix = Fix(f"set {f.key} to {latest.date}", (edit,))
    yield Finding(
        person.path, f.line, f.column, f.line, f.end_column,
        f"{f.key} is {value} but the latest interaction is {latest.date} ({latest.path}:{latest.line})",
        fix,
    )  # fmt: skip
