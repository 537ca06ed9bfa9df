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
from datetime import date, datetime
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
        quoted = isinstance(f.value, str) and end - column == len(f.value) + 2
        if quoted:
            column, end = column + 1, end - 1
        # Only a bare date or date-time, quoted or not, is replaced (the time was the old
        # contact's): an anchor (&a) or a tag (!!str) in the span would be lost with it, so such
        # a value is left for the owner to edit.
        width = end - column
        bare = width == 10 if quoted or not isinstance(f.value, datetime) else width in (16, 19)
        if isinstance(f.value, (date, str)) and bare:
            edit = Edit(person.path, line, column, line, end, latest.date.isoformat())
            fix = Fix(f"set {f.key} to {latest.date}", (edit,))
    yield Finding(
        person.path, f.line, f.column, f.line, f.end_column,
        f"{f.key} is {value} but the latest interaction is {latest.date} ({latest.path}:{latest.line})",
        fix,
    )  # fmt: skip
