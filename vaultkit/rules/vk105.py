"""Two person notes for one person: merge them, or both look neglected.

One person in two notes: the same name of two or more words, one's name of two or more words
being the other's alias, a shared email (compared case- and accent-insensitively), or a
sync-conflict copy beside the note (`Ana (conflicted copy 2026-11-02).md`, `Ana 2.md` next to
`Ana.md`, `Ana.sync-conflict-20261102-101010-ABC.md`). Reported on each note, naming at most three
others. People who only share a one-word name or alias (two friends both called `Alex`) are two
people: a link `[[Alex]]` is then ambiguous (VK403).

Fires: `People/Sam Lee.md` and `People/Samuel Lee.md` both with `email: sam@example.com`.
Passes: `People/Alex Chen.md` and `People/Alex Morgan.md`, both with `aliases: [Alex]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note
from vaultkit.people import ALIAS, EMAIL, identity_keys
from vaultkit.people import NAME as NAMED
from vaultkit.text import some_of

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK105"
NAME = "duplicate-person"
SEVERITY = "error"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}
ON_COPIES = True  # a sync-conflict copy is told to merge too, on its own note
SHOWN = 3  # others named in one message
EXACT = 1000  # others counted one by one up to this many; past it, by the sizes of the groups


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    groups = _groups(person, vault)
    if not groups:
        return
    named: dict[str, str] = {}  # the first few others, in path order, each with why
    for why, paths in groups:
        for path in paths[: SHOWN + 1]:
            if path != person.path:
                named.setdefault(path, why)
    listed = [f"{path} ({why})" for path, why in sorted(named.items())[:SHOWN]]
    total = _count(person.path, [paths for _, paths in groups])
    text = some_of(listed, "and") if total <= len(listed) else f"{', '.join(listed)} and {total - len(listed)} more"
    yield at_note(person.path, f"same person as {text}: merge {'the two notes' if total == 1 else 'the notes'}")


def _groups(person: Person, vault: Vault) -> list[tuple[str, list[str]]]:
    """Each way this note may be one person with others, with everyone (sorted, this note
    included) that shares it: a sync-conflict copy, the same name, a name as an alias, an email."""
    groups: list[tuple[str, list[str]]] = []
    copies = vault.sync_copies.get(person.path)
    if copies:
        groups.append(("a sync-conflict copy", [*copies, person.path]))
    for key, written in identity_keys(person.fields).items():
        kind, folded = key.split("\0", 1)
        if kind == EMAIL:
            lookups: tuple[str, ...] = (key,)
        elif kind == NAMED:  # the same name, or my name as their alias
            lookups = (key, f"{ALIAS}\0{folded}")
        else:  # my alias as their name
            lookups = (f"{NAMED}\0{folded}",)
        sharing = _sharing(vault, lookups)
        if len(sharing) > 1 or (sharing and sharing[0] != person.path):
            groups.append((f"both have {written}" if kind == EMAIL else f"both are called {written}", sharing))
    return groups


def _sharing(vault: Vault, lookups: tuple[str, ...]) -> list[str]:
    """Everyone with any of these identity keys, sorted: worked out once per vault and key, so
    1,500 people called `Alex Chen` cost 1,500 look-ups, not 2.25 million pairs."""
    memo: dict[tuple[str, ...], list[str]] = vault.memo.setdefault("vk105", {})
    found = memo.get(lookups)
    if found is None:
        owners = vault.identities  # `kind\0folded` → the people who have it (see `identity_keys`)
        found = memo[lookups] = sorted({path for key in lookups for path in owners.get(key, ())})
    return found


def _count(me: str, groups: list[list[str]]) -> int:
    if sum(len(paths) for paths in groups) <= EXACT:
        return len({path for paths in groups for path in paths} - {me})
    return sum(len(paths) - (me in paths) for paths in groups)  # a note in two groups counts twice
