"""Who moved: a person's changes of company, title, level, roles and status, with their dates.

Read from the vault's git history when there is one (vaultkit.history: each commit that changed one
of those fields of a person note), and otherwise from the note itself: a `previous_company` with
the date it `moved`, or the dated entries of a `## Moves` section (`- 2026-10-05 Acme → Google`).
The two never add up: a person whose history says anything of their company is taken from it.

A *move* (VK109, the report's Moves) is a change of company between two companies that are not one
written two ways: a typo fixed (`Acme` → `Acme`, two edits or fewer, case and accents aside) and a
link form (`Acme` → `[[Acme]]`, `[[Orgs/Acme|Acme]]`) are no move; nor is a change made and then
reverted (`Acme` → `Google` → `Acme`): what changed back never happened, as the owner sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from vaultkit.history import History, Snapshot
    from vaultkit.model import Person

FIELDS = ("company", "title", "level", "roles", "status")
TYPO = 2  # edits: a company name changed by this many or fewer was corrected, not changed


class Move(NamedTuple):
    path: str  # the person's note
    field: str  # one of FIELDS
    old: str  # as written (roles joined by ", "); "" for none
    new: str
    day: date
    source: str  # "git 1a2b3c4", "previous_company", or "line 12" (of the Moves section)
    # The folded names each company goes by (`[[Orgs/Acme Inc|Acme]]`: `acme`, `acme inc`), when
    # history gives them; else they are worked out from `old` and `new`.
    old_names: tuple[str, ...] = ()
    new_names: tuple[str, ...] = ()


def same_company(old: str, new: str, old_names: Iterable[str] = (), new_names: Iterable[str] = ()) -> bool:
    """Whether two ways of writing a company are one company: the same name once folded (case,
    accents, a link's brackets, what a link shows or names), or a typo apart."""
    from rapidfuzz.distance import Levenshtein

    from vaultkit.people import _company_names

    a, b = set(old_names) or set(_company_names(old)), set(new_names) or set(_company_names(new))
    if not a or not b:
        return a == b  # one of them unnamed: the same only when both are
    if a & b:
        return True
    return any(Levenshtein.distance(x, y) <= TYPO for x in a for y in b)


def is_move(move: Move) -> bool:
    """A change of company between two companies (both named) that are not one (see above)."""
    return (
        move.field == "company"
        and bool(move.old.strip())
        and bool(move.new.strip())
        and not same_company(move.old, move.new, move.old_names, move.new_names)
    )


def _shown(snapshot: Snapshot | None, field: str) -> str:
    if snapshot is None:
        return ""
    value = getattr(snapshot, field)
    return ", ".join(value) if isinstance(value, tuple) else str(value or "")


def from_history(path: str, versions: Sequence[tuple[date, str, Snapshot | None]]) -> list[Move]:
    """Each field's changes between a note's consecutive versions (a note not a person's, or gone,
    at a version leaves its fields as they were: a move is a change seen from one version of the
    person to the next)."""
    found = []
    previous: Snapshot | None = None
    for day, commit, snapshot in versions:
        if snapshot is None:
            continue
        if previous is not None:
            for field in FIELDS:
                old, new = _shown(previous, field), _shown(snapshot, field)
                if old != new:
                    names = (previous.company_names, snapshot.company_names) if field == "company" else ((), ())
                    found.append(Move(path, field, old, new, day, f"git {commit[:7]}", *names))
        previous = snapshot
    return _without_reverts(found)


def _without_reverts(moves: list[Move]) -> list[Move]:
    """Drop each change that a later one took back to where it started (`A → B`, then `B → A`):
    both, the pair being a mistake corrected, or a trial the owner undid."""
    out: list[Move] = []
    for move in moves:
        back = next(
            (
                i
                for i in range(len(out) - 1, -1, -1)
                if out[i].field == move.field and out[i].new == move.old and out[i].old == move.new
            ),
            None,
        )
        later = back is not None and all(m.field != move.field for m in out[back + 1 :])
        if back is not None and later:
            del out[back]
            continue
        out.append(move)
    return out


def from_note(person: Person) -> list[Move]:
    """The moves a person note says itself: `previous_company` + `moved`, and a Moves section."""
    fields = person.fields
    found = []
    if fields.previous_company and fields.company and fields.moved is not None:
        found.append(
            Move(person.path, "company", fields.previous_company, fields.company, fields.moved, "previous_company")
        )
    for ordinal, old, new, line in fields.moves:
        found.append(Move(person.path, "company", old, new, date.fromordinal(ordinal), f"line {line}"))
    return sorted(found, key=lambda m: m.day)


def as_of(history: History | None, today: date) -> History | None:
    """The history as it stood on `today`: the versions of commits made after it left out (`--today`
    in the past, or a commit dated ahead), and the notes that had none by then; None when no note
    had any."""
    if history is None or not history.versions:
        return history
    if all(version[0] <= today for versions in history.versions.values() for version in versions):
        return history
    kept = {}
    for path, versions in history.versions.items():
        before = tuple(version for version in versions if version[0] <= today)
        if before:
            kept[path] = before
    # Nothing committed by then: as if the vault were not in git yet (the sample vault, read with
    # `--today` in the past, inside the project's own repository).
    return history._replace(versions=kept) if kept else None


def person_moves(person: Person, history: History | None) -> list[Move]:
    """A person's changes, oldest first: from history when it has any of their company, else
    from their note."""
    versions = history.versions.get(person.path, ()) if history is not None else ()
    found = from_history(person.path, versions) if versions else []
    if any(m.field == "company" for m in found):
        return found
    return sorted([*found, *from_note(person)], key=lambda m: m.day)


def recent(moves: Iterable[Move], today: date, days: int) -> list[Move]:
    """The moves (companies changed, see `is_move`) of the last `days` days, none in the future."""
    return [m for m in moves if is_move(m) and 0 <= (today - m.day).days <= days]


def moves_by_person(people: Iterable[Person], history: History | None) -> Mapping[str, list[Move]]:
    return {person.path: moves for person in people if (moves := person_moves(person, history))}
