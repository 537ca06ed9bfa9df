"""Which of a person's changes (vaultkit.moves) the report and `people --moved` tell, and how
each says where it was read.

A change is told when both sides are named and differ as the owner would see it: a company
changed per `is_move` (no typo fixed, no link form); a title, a level or the roles changed other
than by case or spacing (roles as a set: `mentor, peer` is `peer, mentor`). A field filled in for
the first time, or emptied, is the owner's bookkeeping, not a change in the person's life, and
is not told. A status unset is `active`, as the note reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.moves import FIELDS, Move, is_move

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

REPORTED = ("company", "title", "level", "roles")  # the report's Moves: a change of company or role
BACKER_ROLES = ("mentor", "sponsor")


class ChangeSource(NamedTuple):
    """Where a change was read."""

    kind: str  # "commit", "previous_company" (with `moved`) or "moves" (a Moves section's entry)
    commit: str | None  # the commit's short hash, for "commit"
    line: int | None  # the entry's line, for "moves"

    @property
    def label(self) -> str:
        """`commit 1a2b3c4`, `previous_company and moved`, `Moves section, line 12`."""
        if self.kind == "commit":
            return f"commit {self.commit}"
        if self.kind == "previous_company":
            return "previous_company and moved"
        if self.kind == "moves":
            return f"Moves section, line {self.line}"
        return self.kind


def source_of(move: Move) -> ChangeSource:
    kind, _, rest = move.source.partition(" ")
    if kind == "git":
        return ChangeSource("commit", rest, None)
    if kind == "line" and rest.isdigit():
        return ChangeSource("moves", None, int(rest))
    return ChangeSource(move.source, None, None)


def _words(value: str) -> str:
    return " ".join(value.split()).casefold()


def _roles(value: str) -> frozenset[str]:
    return frozenset(part for part in map(_words, value.split(",")) if part)


def sides(move: Move) -> tuple[str, str]:
    """What the field was and became, as the note reads: an unset status is `active`."""
    if move.field == "status":
        return move.old or "active", move.new or "active"
    return move.old, move.new


def is_change(move: Move) -> bool:
    """Whether the owner would call `move` a change (see the module's docstring)."""
    if move.field == "company":
        return is_move(move)
    old, new = sides(move)
    if not _words(old) or not _words(new):
        return False
    if move.field == "roles":
        return _roles(old) != _roles(new)
    return _words(old) != _words(new)


def backer_roles(person: Person) -> tuple[str, ...]:
    """Of mentor and sponsor, the roles the person holds: their move is the one to act on."""
    return tuple(role for role in BACKER_ROLES if role in person.roles)


def changes(
    vault: Vault, people: Iterable[Person], fields: Iterable[str], first: date, last: date
) -> list[tuple[Person, Move]]:
    """The told changes of `fields` (of FIELDS) of `people` dated `first` through `last`, in no
    particular order. Nobody whose note is broken: what it says is unknown."""
    wanted = {field for field in fields if field in FIELDS}
    return [
        (person, move)
        for person in people
        if person.status != "broken"
        for move in vault.moves_of(person)
        if move.field in wanted and first <= move.day <= last and is_change(move)
    ]
