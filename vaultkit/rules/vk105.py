"""Two person notes for one person: their names, aliases or emails overlap.

Compared case- and accent-insensitively; reported on each note, naming the other. Merge them:
otherwise interactions are split between the two and both look neglected.

Fires: `People/Sam Lee.md` and `People/Samuel Lee.md` both with `email: sam@example.com`.
Passes: different emails, names and aliases.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note
from vaultkit.text import fold_accents

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK105"
NAME = "duplicate-person"
SEVERITY = "error"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}


def _owners(vault: Vault) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = vault.memo.get(CODE, {})
    if CODE not in vault.memo:
        for person in vault.people:
            keys = {fold_accents(k).strip() for k in (person.name, *person.fields.aliases, *person.fields.emails)}
            for key in keys:
                if key:
                    owners.setdefault(key, []).append(person.path)
        vault.memo[CODE] = owners
    return owners


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    owners = _owners(vault)
    others: dict[str, list[str]] = {}
    for key in (person.name, *person.fields.aliases, *person.fields.emails):
        for path in owners.get(fold_accents(key).strip(), ()):
            if path != person.path and key not in others.setdefault(path, []):
                others[path].append(key)
    for path, keys in sorted(others.items()):
        shared = ", ".join(keys)
        yield at_note(person.path, f"same person as {path} (both have {shared}): merge the two notes")
