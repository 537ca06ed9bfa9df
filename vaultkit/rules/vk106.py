"""An unchecked task whose due date has passed, in a person note or mentioning a person anywhere.

Due dates: `📅 2026-11-01` (the Obsidian Tasks format; `📆` and `🗓` too) or `due:: 2026-11-01`. A link that could
mean two or more people (`[[Alex]]` for Alex Chen and Alex Morgan) is a mention of neither, but
the promise is still due: the message names the candidates.

Fires (today 2026-09-24):

    - [ ] send [[Ana Núñez]] the deck 📅 2026-09-10

Passes: `- [x] send [[Ana Núñez]] the deck 📅 2026-09-10`, or a due date from today on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.diagnostics import Finding
from vaultkit.rules._common import days
from vaultkit.text import some_of

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault
    from vaultkit.note import Item, Link, ParsedNote

CODE = "VK106"
NAME = "overdue-follow-up"
SEVERITY = "warning"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
CANDIDATES_SHOWN = 3  # an ambiguous link's candidates a message names before "and N more"


class Ambiguous(NamedTuple):
    """A link of the task that could mean any of `candidates` (sorted by name), so means none."""

    target: str  # as the link writes it: `Alex`
    candidates: tuple[Person, ...]


class FollowUp(NamedTuple):
    """An open task past its due date, and whom it is with."""

    item: Item
    people: tuple[Person, ...]  # the person note's own person first, then whom its links mention
    ambiguous: tuple[Ambiguous, ...]


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    today = vault.today
    for late in follow_ups(note, vault):
        item = late.item
        assert item.due is not None
        yield Finding(
            note.path, item.line, item.column, item.line, item.column + 1,
            f"follow-up with {whom(late)} was due {item.due} ({days((today - item.due).days)} ago): "
            "do it, reschedule or cancel it",
        )  # fmt: skip


def follow_ups(note: ParsedNote, vault: Vault) -> Iterator[FollowUp]:
    """The note's open tasks due before today that are with someone, in the note's order.

    What the rule reports and what the report lists as promises due: one definition for both.
    """
    today = vault.today
    late = [(i, item) for i, item in enumerate(note.items) if item.open_task and item.due and item.due < today]
    if not late:
        return
    links: dict[int, list[Link]] = {}  # each task's links, grouped once: a note may hold 1,000s of both
    for link in note.links:
        if link.task >= 0:
            links.setdefault(link.task, []).append(link)
    own = vault.person_at.get(note.path)
    for index, item in late:
        people, ambiguous = _whom(links.get(index, ()), note.path, vault, [own] if own else [])
        if people or ambiguous:
            yield FollowUp(item, people, ambiguous)


def _whom(
    links: Sequence[Link], source: str, vault: Vault, people: list[Person]
) -> tuple[tuple[Person, ...], tuple[Ambiguous, ...]]:
    """Whom `links` mention (added to `people`, each once), and the links that could mean several."""
    ambiguous: dict[tuple[str, ...], Ambiguous] = {}  # `[[Alex]]` and `[[alex]]` ask one question
    for link in links:
        mention = vault.mention(link, source)
        if mention is not None:
            if mention.person not in people:
                people.append(mention.person)
            continue
        candidates = vault.ambiguous(link, source)
        if candidates:
            ambiguous.setdefault(tuple(p.path for p in candidates), Ambiguous(link.target.strip(), candidates))
    return tuple(people), tuple(ambiguous.values())


def whom(late: FollowUp) -> str:
    """`Olivia Grant, Alex (Alex Chen or Alex Morgan?)`."""
    names = [person.name for person in late.people]
    names += [f"{a.target} ({either(tuple(p.name for p in a.candidates))}?)" for a in late.ambiguous]
    return ", ".join(names)


def either(names: Sequence[str]) -> str:
    """`A or B`, `A, B or C`, `A, B, C and 2 more`: at most CANDIDATES_SHOWN names."""
    return some_of(list(names), "or", CANDIDATES_SHOWN)
