"""A link that could mean two or more people, or two or more notes one of which is a person.

`[[Alex]]` when two people are called or aliased Alex (or two person notes are named `Alex.md`)
is a mention of neither: vaultkit never guesses whom you met, so the meeting counts for nobody
until the link says whom. The message names at most three candidates; there is no fix, since
only you know (the language server offers one action per candidate). A name shared by a person
and another note (`People/Alex Kim.md`, `Clients/Alex Kim.md`) opens the one Obsidian picks:
write the path.

Fires: `[[Alex]]` with `People/Alex Chen.md` and `People/Alex Morgan.md`, both `aliases: [Alex]`.
Passes: `[[Alex Chen|Alex]]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._names import written
from vaultkit.text import fold_name, some_of

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault
    from vaultkit.note import Link, ParsedNote

CODE = "VK403"
NAME = "ambiguous-link"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
KINDS = frozenset(("person", "daily", "meeting", "plan"))
SHOWN = 3  # candidates named in one message


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for link in note.links:
        people = vault.ambiguous(link, note.path)
        if people:
            message = _people_message(vault, link, people)
        else:
            resolution = vault.resolve(link, note.path)
            if len(resolution.candidates) < 2 or not any(p in vault.person_at for p in resolution.candidates):
                continue
            others = ", ".join(resolution.candidates)
            message = (
                f"[[{link.target}]] matches {len(resolution.candidates)} notes ({others}); Obsidian opens "
                f"{resolution.path}: write its path, e.g. [[{(resolution.path or '')[:-3]}]]"
            )
        yield Finding(note.path, link.line, link.column, link.line, link.end_column, message)


def _people_message(vault: Vault, link: Link, people: tuple[Person, ...]) -> str:
    could = some_of([f"[[{link_target(vault, p)}]]" for p in people], "or", SHOWN)
    shown = link.display or link.target
    bar = "\\|" if link.table else "|"
    example = f"[[{link_target(vault, people[0])}{link.subpath}{bar}{shown}]]"
    return f"{written(link)} could be {could}: write whom you mean, e.g. {example}; until then it counts for nobody"


def link_target(vault: Vault, person: Person) -> str:
    """What a link to the person writes: the file name, or the path when another file has that name."""
    unique = vault.resolver.by_name.get(fold_name(person.stem)) == [person.path]
    return person.stem if unique else person.path[:-3]
