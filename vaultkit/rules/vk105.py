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


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    owners = vault.identities  # folded name, alias or email → the people who have it
    keys = _keys(person)
    if all(len(owners.get(key, ())) < 2 for key in keys):
        return
    others: dict[str, list[str]] = {}
    for key, written in keys.items():
        for path in owners.get(key, ()):
            if path != person.path and written not in others.setdefault(path, []):
                others[path].append(written)
    emails = {fold_accents(email).strip() for email in person.fields.emails}
    for path, written_keys in sorted(others.items()):
        names = [key for key in written_keys if fold_accents(key).strip() not in emails]
        shared = [f"both are called {', '.join(names)}"] if names else []
        shared += [f"both have {key}" for key in written_keys if key not in names]
        yield at_note(person.path, f"same person as {path} ({'; '.join(shared)}): merge the two notes")
