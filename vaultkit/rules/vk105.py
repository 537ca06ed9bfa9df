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


def _keys(person: Person) -> dict[str, str]:
    """Folded name, aliases and emails → as written."""
    keys = (person.name, *person.fields.aliases, *person.fields.emails)
    return {fold_accents(k).strip(): k for k in keys if k.strip()}


def _owners(vault: Vault) -> dict[str, list[str]]:
    """Who holds each folded key; computed once per vault."""
    if CODE not in vault.memo:
        owners: dict[str, list[str]] = {}
        add = owners.setdefault
        for person in vault.people:
            fields = person.fields
            keys = {fold_accents(k).strip() for k in (fields.name, *fields.aliases, *fields.emails) if k.strip()}
            for key in keys:
                add(key, []).append(person.path)
        vault.memo[CODE] = owners
    result: dict[str, list[str]] = vault.memo[CODE]
    return result


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    owners = _owners(vault)
    keys = _keys(person)
    if all(len(owners.get(key, ())) < 2 for key in keys):
        return
    others: dict[str, list[str]] = {}
    for key, written in keys.items():
        for path in owners.get(key, ()):
            if path != person.path and written not in others.setdefault(path, []):
                others[path].append(written)
    for path, written_keys in sorted(others.items()):
        shared = ", ".join(written_keys)
        yield at_note(person.path, f"same person as {path} (both have {shared}): merge the two notes")
