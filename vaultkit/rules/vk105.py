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
from vaultkit.people import identity_keys
from vaultkit.text import fold_accents

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK105"
NAME = "duplicate-person"
SEVERITY = "error"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    owners = vault.identities  # folded name, alias or email → the people who have it
    keys = identity_keys(person.fields)
    if all(len(owners.get(key, ())) < 2 for key in keys):
        return
    others: dict[str, dict[str, str]] = {}  # the other note → the folded keys it shares, as written here
    for key, written in keys.items():
        for path in owners.get(key, ()):
            if path != person.path:
                others.setdefault(path, {})[key] = written
    emails = {fold_accents(email).strip() for email in person.fields.emails}
    for path, shared_keys in sorted(others.items()):
        names = [written for key, written in shared_keys.items() if key not in emails]
        shared = [f"both are called {', '.join(names)}"] if names else []
        shared += [f"both have {written}" for key, written in shared_keys.items() if key in emails]
        yield at_note(person.path, f"same person as {path} ({'; '.join(shared)}): merge the two notes")
