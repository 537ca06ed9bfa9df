"""Making notes for the owner: `vaultkit init` (a vault's config, folders and templates) and
`vaultkit new` (a person note from the vault's template). Every write goes through
`vaultkit.writer`: created exclusively, inside the vault, never through a link.

The API for making person notes (`vaultkit import` uses it too): `load_person_template`,
`Taken`, `person_note` (the bytes, nothing written) and `create_person` (written).
"""

from __future__ import annotations

from vaultkit.create.names import BadName, Taken, plain_name, why_taken
from vaultkit.create.person import (
    BUILTIN_PERSON,
    PersonNote,
    PersonTemplate,
    check_fields,
    create_person,
    load_person_template,
    person_note,
    person_path,
)

__all__ = [
    "BUILTIN_PERSON",
    "BadName",
    "PersonNote",
    "PersonTemplate",
    "Taken",
    "check_fields",
    "create_person",
    "load_person_template",
    "person_note",
    "person_path",
    "plain_name",
    "why_taken",
]
