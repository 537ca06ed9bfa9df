"""Who moved: a person's changes of company, title, level, roles and status, with their dates.

Read from the vault's git history when there is one (vaultkit.history: each commit that changed one
of those fields of a person note), and from the note itself: a `previous_company` with the date it
`moved`, or the dated entries of a `## Moves` section (`- 2026-10-05 Acme → Google`). A move both
say is one move, on the note's date (the owner wrote when it happened; the commit is when they
wrote it down).

A *move* (VK109, the report's Moves) is a change of company between two companies that are not one
written two ways: a typo fixed (`Nortwind` → `Northwind`: one edit in a name of 5 to 7 letters, two
in a longer one, none in a shorter one, so `Meta` → `Okta` is a move) and a link form (`Acme` →
`[[Acme]]`, `[[Orgs/Acme Inc|Acme]]`) are no move. Nor is a change undone within a month (`Acme` →
`Google` → `Acme`): what was changed back soon was a mistake corrected. A company cleared and then
set again is a move from the last one named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from vaultkit.history import History, Snapshot
    from vaultkit.model import Person

FIELDS = ("company", "title", "level", "roles", "status")  # what a move may change (vaultkit.history reads them)
UNDONE_DAYS = 30  # a change taken back within this many days was a mistake, not a move and a return


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
    accents, a link's brackets, what a link shows or names), or a typo apart (see above)."""
    from vaultkit.people import company_names_of

    a, b = set(old_names) or set(company_names_of(old)), set(new_names) or set(company_names_of(new))
    if not a or not b:
        return a == b  # one of them unnamed: the same only when both are
    if a & b:
        return True
    if any(_typo(x, y) for x in a for y in b):
        return True
    a, b = {_plain(x) for x in a}, {_plain(x) for x in b}  # `ACME Inc.` is `acme`
    return bool(a & b) or any(_typo(x, y) for x in a for y in b)


def _plain(name: str) -> str:
    """A folded company name without its punctuation and legal form: `acme inc.` is `acme`."""
    words = re.sub(r"[^\w\s]", " ", name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


_LEGAL_FORMS = frozenset((
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh", "ag",
    "sa", "sas", "sarl", "bv", "nv", "oy", "ab", "as", "spa", "srl", "pty", "kk", "lp", "llp",
))  # fmt: skip


def _typo(a: str, b: str) -> bool:
    """Whether two folded names are one misspelt: as a near name is anywhere in vaultkit
    (02-rules.md): never under 5 letters, 1 edit up to 7, 2 from 8."""
    from rapidfuzz.distance import DamerauLevenshtein

    shorter = min(len(a), len(b))
    if shorter < 5:
        return False
    limit = 1 if shorter <= 7 else 2
    return bool(DamerauLevenshtein.distance(a, b, score_cutoff=limit) <= limit)


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
    person to the next). A company is compared with the last one named: cleared, then set, is a
    move from the one before."""
    found = []
    previous: Snapshot | None = None
    named: Snapshot | None = None  # the last version that named a company
    for day, commit, snapshot in versions:
        if snapshot is None:
            continue
        if previous is not None:
            for field in FIELDS:
                before = named if field == "company" and named is not None else previous
                old, new = _shown(before, field), _shown(snapshot, field)
                if old == new or (field == "company" and not new):
                    continue
                names = (before.company_names, snapshot.company_names) if field == "company" else ((), ())
                found.append(Move(path, field, old, new, day, f"git {commit[:7]}", *names))
        previous = snapshot
        if snapshot.company:
            named = snapshot
    return _without_undone(found)


def _without_undone(moves: list[Move]) -> list[Move]:
    """Drop each change that a later one took back within UNDONE_DAYS (`A → B`, then `B → A`,
    written either way): both, the pair being a mistake corrected. A return after longer is two
    moves: someone who went back to a former employer."""
    out: list[Move] = []
    for move in moves:
        back = None
        for i in range(len(out) - 1, -1, -1):
            if out[i].field == move.field:
                back = i if _undoes(move, out[i]) else None
                break  # only the field's last change can be undone
        if back is not None:
            del out[back]
            continue
        out.append(move)
    return out


def _undoes(later: Move, earlier: Move) -> bool:
    if not 0 <= (later.day - earlier.day).days <= UNDONE_DAYS:
        return False
    if later.field != "company":
        return later.old == earlier.new and later.new == earlier.old
    return same_company(later.old, earlier.new, later.old_names, earlier.new_names) and same_company(
        later.new, earlier.old, later.new_names, earlier.old_names
    )


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
    """A person's changes, oldest first. Their company's come from their history when it holds a
    move (the record of what the note said when); the note's own (`previous_company`, a Moves
    section) only re-date those it names too. Without a move in the history, the note's are read."""
    versions = history.versions.get(person.path, ()) if history is not None else ()
    found = from_history(person.path, versions) if versions else []
    recorded = [i for i, m in enumerate(found) if is_move(m)]
    said: list[Move] = []
    for move in from_note(person):
        if any(_same_move(m, move) for m in said):
            continue  # the same move written twice in the note
        said.append(move)
        same = next((i for i in recorded if _same_move(found[i], move)), None)
        if same is not None:  # one move both say, on the date the owner gave it
            found[same] = found[same]._replace(day=move.day)
        elif not recorded:
            found.append(move)
    return sorted(found, key=lambda m: m.day)


def _same_move(a: Move, b: Move) -> bool:
    return same_company(a.old, b.old, a.old_names, b.old_names) and same_company(a.new, b.new, a.new_names, b.new_names)


def recent(moves: Iterable[Move], today: date, days: int) -> list[Move]:
    """The moves (companies changed, see `is_move`) of the last `days` days, none in the future,
    oldest first."""
    return sorted((m for m in moves if is_move(m) and 0 <= (today - m.day).days <= days), key=lambda m: m.day)


def moves_by_person(people: Iterable[Person], history: History | None) -> Mapping[str, list[Move]]:
    return {person.path: moves for person in people if (moves := person_moves(person, history))}
