"""The units of a check and what each depends on: what runs again after a change.

A check's diagnostics come from units: each note's note rules, each person's person rules, and
the vault rules. The first two are kept with what they were computed from, so that after an
edit only the units it can reach run again:
  - a note's unit depends on the note itself and on the "names environment": every person's
    path, name, aliases and emails, and which files each of its links could open;
  - a person's unit depends on the person note and on every dated note that mentions them.
A name or alias come or gone runs every note's unit again (a "did you mean" looks among everyone's
names), and the people it can reach. Anything else that changes (the config, the selection, today,
vaultkit itself) changes the stamp, and everything runs again. The vault rules always run: they are cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from vaultkit.diagnostics import SORT_KEY, Diagnostic, pack_rows, unpack_rows
from vaultkit.engine.forked import Forked
from vaultkit.lint import Selection, Suppressions, _collect, _unsuppressed
from vaultkit.model import Person, Vault, sync_copies
from vaultkit.note import ParsedNote
from vaultkit.people import identity_keys_of, spellings
from vaultkit.rules import Rule

STATE_VERSION = 3


@dataclass
class Units:
    notes: dict[str, list[Diagnostic]]  # note rules, by the note they ran on
    people: dict[str, list[Diagnostic]]  # person rules, by the person note
    vault: list[Diagnostic]
    ran: tuple[int, int]  # how many note and person units ran (the rest were reused)

    def of(self, path: str) -> list[Diagnostic]:
        """The diagnostics on the note at `path`, sorted: its units', and the vault rules' said on
        it (the network's, on the plan note)."""
        found = [*self.notes.get(path, ()), *self.people.get(path, ()), *(d for d in self.vault if d.path == path)]
        return sorted((d for d in found if d.path == path), key=SORT_KEY)

    def diagnostics(self, paths: Iterable[str] | None = None, vault_rules: bool = True) -> list[Diagnostic]:
        """Sorted, as `run` returns them; `paths` limits note and person rules to those notes."""
        wanted = None if paths is None else set(paths)
        out: list[Diagnostic] = []
        for units in (self.notes, self.people):
            for path, found in units.items():
                if wanted is None or path in wanted:
                    out.extend(found)
        if vault_rules:
            out.extend(self.vault)
        out.sort(key=SORT_KEY)
        return out


def state_stamp(vault: Vault, selection: Selection) -> str:
    """Everything the reused units depend on besides their own notes (see above)."""
    import hashlib
    import json
    import marshal
    from dataclasses import asdict

    from vaultkit.engine.stamp import code_stamp
    from vaultkit.text import fold_name

    head = (
        STATE_VERSION, code_stamp(), repr(vault.config.raw), str(vault.config.source), asdict(vault.layout),
        vault.today.isoformat(), [rule.code for rule in selection.rules], repr(sorted(selection.options.items())),
        repr(sorted(selection.severity.items())), repr(sorted(selection.per_file_ignores.items())),
    )  # fmt: skip
    digest = hashlib.blake2b(json.dumps(head, default=str).encode(), digest_size=20)
    if vault.people_key:  # every path, and every person's path, name, aliases and emails
        digest.update(vault.people_key.encode())
    else:
        by_name = vault.resolver.by_name
        people = [
            (p.path, p.name, p.fields.aliases, p.fields.emails, len(by_name.get(fold_name(p.stem), ())))
            for p in vault.person_notes
        ]
        digest.update(marshal.dumps(people, 0))  # version 0: the same bytes for the same values (see Vault._people_key)
    return digest.hexdigest()


NoteRunner = Callable[[str, ParsedNote, str], list[Diagnostic]]  # path, note, kind
PersonRunner = Callable[[Person], list[Diagnostic]]


def unit_runners(vault: Vault, selection: Selection) -> tuple[NoteRunner, PersonRunner]:
    """How to run one note's unit (its note rules) and one person's (their person rules)."""
    by_scope: dict[str, list[Rule]] = {"note": [], "person": []}
    for rule in selection.rules:
        if rule.scope in by_scope:
            by_scope[rule.scope].append(rule)
    hidden: dict[str, Suppressions] = {}

    def run_note(path: str, note: ParsedNote, kind: str) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for rule in by_scope["note"]:
            if rule.kinds is None or kind in rule.kinds:
                _collect(found, rule, rule.check(note, vault, selection.options[rule.code]), selection)
        return _unsuppressed(found, vault, selection, hidden)

    def run_person(person: Person) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for rule in by_scope["person"]:
            if person.copy_of is not None and not rule.on_copies:
                continue  # a sync-conflict copy: its person is the original's, said there
            _collect(found, rule, rule.check(person, vault, selection.options[rule.code]), selection)
        person.__dict__.pop("interactions", None)  # worked out again if asked for: 10,000 add up
        return _unsuppressed(found, vault, selection, hidden)

    return run_note, run_person


class Helper(Protocol):
    """Another process running some of a full run's units (see `_in_a_child`, first_run)."""

    @property
    def notes(self) -> Collection[str]:
        """The note units it runs."""

    @property
    def people(self) -> Collection[str]:
        """The person units it runs (by the person's path)."""

    def collect(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Their packed rows, notes and people; worked out here if the process failed."""

    def cancel(self) -> None: ...


Partner = Callable[[Vault, NoteRunner, PersonRunner], "Helper | None"]


def run_units(
    vault: Vault,
    selection: Selection,
    digests: Mapping[str, bytes],
    previous: Mapping[str, Mapping[str, Any]],
    partner: Partner | None = None,
    held: Units | None = None,
) -> tuple[Units, dict[str, dict[str, Any]], dict[str, set[str]] | None]:
    """Every unit's diagnostics, reusing those of `previous` (a state this returned, for the same
    `state_stamp`; empty for none) that still hold; the new state to keep, and what in it may have
    changed (None: anything). On a full run, `partner` may take some units (see first_run).
    `held`: the units `previous` was made with, still in memory (a long-running process): what
    is reused is taken from them as it is, not unpacked again."""
    from vaultkit.engine.facts import name_key
    from vaultkit.text import fold_name

    who = vault.who
    history = vault.history_keys  # each person's history, as a digest: their moves (VK109) follow it
    rewritten: set[str] = set()

    if previous.keys() != _SECTIONS:
        dirty: set[str] | None = None
        respelled: set[str] = set()
        touched: set[str] = set()
        gone: set[str] = set()
        renamed: set[str] = set()
        gone_others: set[str] = set()
        born_others: set[str] = set()
        old_notes: Mapping[str, Any] = {}
        old_people: Mapping[str, Any] = {}
    else:
        old_digests, old_others, old_notes, old_people, old_mentioned, old_who = (
            previous[name] for name in ("digests", "others", "notes", "people", "mentioned", "who")
        )
        # An unreadable note (digest b"") is read again every time: so are its units.
        dirty = {path for path, digest in digests.items() if not digest or old_digests.get(path) != digest}
        old_history = previous["history"]
        rewritten = {path for path in old_history.keys() | history.keys() if old_history.get(path) != history.get(path)}
        gone = set(old_digests.keys() - digests.keys())
        gone_others = set(old_others.keys() - set(vault.others))
        born_others = set(vault.others) - old_others.keys()
        born = digests.keys() - old_digests.keys()
        if gone or born or gone_others or born_others:  # a link elsewhere may open another file now
            names = {name_key(path) for path in gone | born | gone_others | born_others}
            if names.isdisjoint(fold_name(person.stem) for person in vault.person_notes):
                dirty |= vault.all_facts.linking(names, vault.all_facts)
            else:  # a file named like a person: VK402's advice depends on whether that name is unique
                dirty = None
        touched = set()
        renamed = {path for path in who.keys() | old_who.keys() if who.get(path) != old_who.get(path)}
        # A name or alias come or gone: the "did you mean" of a link to no note may name another
        # person now (VK401 looks for the nearest of everyone's names; VK303, in plans, for the
        # closest): the notes with a link near a name that changed, and every plan, run again.
        recopied = sync_copies(old_who).items() ^ sync_copies(who).items() if renamed else set()
        respelled = {path for path in renamed if spellings(old_who.get(path)) != spellings(who.get(path))}
        respelled.update(*recopied)  # a copy's names join everyone's, or leave them
        if renamed and dirty is not None:
            # A person renamed, an alias or an email added or removed: the notes whose links look up
            # a name that changed, and the people who shared or now share a name or email with them.
            spelled: set[str] = set()
            keys: set[str] = set()
            for path in renamed:
                for identity in (old_who.get(path), who.get(path)):
                    if identity is not None:
                        spelled |= spellings(identity)
                        keys.update(identity_keys_of(identity))
            # And the notes that link them by their file name: what a note rule says of the person
            # a link opens (VK106's "follow-up with Ana", VK403's candidates in order) names them.
            spelled.update(name_key(path) for path in renamed | respelled)
            # A link to a sync-conflict copy means its original (01-vault.md §3): what it says of
            # them follows the original's names, as those of a link to the original do.
            old_copies = sync_copies(old_who)
            for path in renamed | respelled:
                spelled.update(name_key(copy) for copy in vault.sync_copies.get(path, ()))
                spelled.update(name_key(copy) for copy, original in old_copies.items() if original == path)
            dirty |= vault.all_facts.linking(spelled, vault.all_facts)
            touched |= renamed
            by_key = vault.identities
            for key in keys:  # a name is someone else's alias too, and the other way (see VK105)
                kind, folded = key.split("\0", 1)
                for other in ("name", "alias") if kind in ("name", "alias") else (kind,):
                    touched.update(by_key.get(f"{other}\0{folded}", ()))
            # A sync-conflict copy that is one now, or no longer (it or its original moved, gone or
            # come): both are one person, or two again (VK105 on both, the copy's interactions).
            for pair in recopied:
                touched.update(pair)
            if respelled:
                dirty |= vault.all_facts.linking_where(_near_any(respelled, old_who, who))
                dirty |= {path for path, kind in vault.kinds.items() if kind == "plan"}
        for path in dirty | gone if dirty is not None else ():
            touched.update(old_mentioned.get(path, ()))
            touched.update(vault.mentioned.get(path, ()))
            touched.update(vault.sync_copies.get(path, ()))  # one person in two notes: both count
        touched |= rewritten  # a commit that changed their company: their moves changed
    run_note, run_person = unit_runners(vault, selection)
    units = Units({}, {}, [], (0, 0))
    state_notes: dict[str, Any] = {}
    state_people: dict[str, Any] = {}
    ran_notes: set[str] = set()
    ran_people: set[str] = set()
    notes = vault.notes
    named = dirty  # the notes whose note rules run again (None: all)
    everything = named is None or len(named) > len(digests) // 4

    helper: Helper | None = None
    mine: list[str] | None = None
    if everything:
        wanted = [path for path in notes if vault.kind(path) != "report"]
        helper = partner(vault, run_note, run_person) if partner is not None else None
        if helper is None:
            helper = _in_a_child(notes, wanted[::2], run_note, vault.kind)
        if helper is not None:
            theirs = helper.notes
            mine = [path for path in wanted if path not in theirs]
    try:
        stream = getattr(notes, "stream", None)  # the index's notes: one at a time, not all in memory
        if not everything:
            assert named is not None
            # Reused as they are: most of them, most runs (taken from `held` without unpacking).
            dropped = named | gone
            state_notes = {path: packed for path, packed in old_notes.items() if path not in dropped}
            kept_notes = held.notes if held is not None else {}
            units.notes = {
                path: kept_notes[path] if path in kept_notes else unpack_rows(packed) if packed else []
                for path, packed in state_notes.items()
            }
            again = sorted({path for path in named if path in notes} | (digests.keys() - old_notes.keys()))
            source: Iterable[tuple[str, ParsedNote | None]] = ((path, None) for path in again)
        elif stream is not None:
            source = stream(mine)
        else:
            source = notes.items() if mine is None else ((path, notes[path]) for path in mine)
        for path, note in source:
            kind = vault.kind(path)
            if kind == "report":
                ran_notes.add(path)  # a note that became a report: its old diagnostics must go
                continue
            if named is not None and path not in named and path in old_notes:
                packed = old_notes[path]
                found = unpack_rows(packed) if packed else []
            else:
                found = run_note(path, note if note is not None else notes[path], kind)
                packed = pack_rows(found)
                ran_notes.add(path)
            if found and any(d.path != path for d in found):
                units.notes[path] = found
                ran_notes.add(path)  # not kept: it depends on another note
                continue
            units.notes[path] = found
            state_notes[path] = packed
        others = helper.people if helper is not None else ()
        for person in vault.person_notes:
            path = person.path
            if path in others:
                continue
            if dirty is not None and path not in dirty and path not in touched and path in old_people:
                packed = old_people[path]
                reused = held.people.get(path) if held is not None else None
                found = reused if reused is not None else unpack_rows(packed) if packed else []
            else:
                found = run_person(person)
                packed = pack_rows(found)
                ran_people.add(path)
            if found and any(d.path != path for d in found):
                units.people[path] = found
                ran_people.add(path)  # not kept
                continue
            units.people[path] = found
            state_people[path] = packed
    except BaseException:
        if helper is not None:
            helper.cancel()  # no child left behind, blocked on a pipe nobody reads
        raise
    if helper is not None:
        done_notes, done_people = helper.collect()
        helper = None
        for done, ran, into, kept in (
            (done_notes, ran_notes, units.notes, state_notes),
            (done_people, ran_people, units.people, state_people),
        ):
            for path, packed in done.items():
                found = unpack_rows(packed) if packed else []
                ran.add(path)
                into[path] = found
                if not found or all(d.path == path for d in found):
                    kept[path] = packed
    found = []
    hidden: dict[str, Suppressions] = {}
    for rule in (rule for rule in selection.rules if rule.scope == "vault"):
        _collect(found, rule, rule.check(vault, selection.options[rule.code]), selection)
    units.vault = _unsuppressed(found, vault, selection, hidden)
    units.ran = (len(ran_notes), len(ran_people))
    state: dict[str, dict[str, Any]] = {
        "digests": dict(digests),
        "others": dict.fromkeys(vault.others, 1),
        "notes": state_notes,
        "people": state_people,
        "mentioned": dict(vault.mentioned),
        "who": who,
        "vault": {"": pack_rows(units.vault)},
        "history": history,
    }
    if dirty is None:
        return units, state, None
    changed = {
        "digests": dirty | gone,
        "others": gone_others | born_others,
        "notes": ran_notes | gone,
        "people": ran_people | gone,
        "mentioned": dirty | gone,
        "who": renamed,
        "vault": {""},
        "history": rewritten,
    }
    return units, state, changed


def units_from_state(state: Mapping[str, Mapping[str, Any]]) -> Units | None:
    """The diagnostics of a state `run_units` returned; None if it is not one."""
    if state.keys() != _SECTIONS:
        return None
    notes = {path: unpack_rows(rows) if rows else [] for path, rows in state["notes"].items()}
    people = {path: unpack_rows(rows) if rows else [] for path, rows in state["people"].items()}
    return Units(notes, people, unpack_rows(state["vault"].get("", ())), (0, 0))


def _near_any(paths: Iterable[str], *whos: Mapping[str, Any]) -> Callable[[str], bool]:
    """Whether a link's name (see `name_key`) is, or is near, a name or alias the people at
    `paths` had or have: what VK401's "did you mean" could change for (see rules._names)."""
    from vaultkit.text import fold_accents, is_near, normalize_word

    words: set[str] = set()
    folds: set[str] = set()
    for path in paths:
        for who in whos:
            for name in spellings(who.get(path)):
                words.add(normalize_word(name))
                folds.add(fold_accents(name))

    lengths = {len(word) + change for word in words for change in range(-2, 3)}  # is_near's reach

    def near(name: str) -> bool:
        word = normalize_word(name)
        if word in words or fold_accents(name) in folds:
            return True
        return len(word) in lengths and any(is_near(word, known) for known in words)

    return near


_SECTIONS = frozenset(("digests", "others", "notes", "people", "mentioned", "who", "vault", "history"))


PARALLEL_NOTES = 2000  # below this many notes, a second process costs more than it saves


def _in_a_child(
    notes: Mapping[str, ParsedNote], paths: list[str], run_note: NoteRunner, kind: Callable[[str], str]
) -> _Child | None:
    """Run the note rules on `paths` in a forked process while this one goes on with the rest.

    A full check spends most of its time in the note rules, one note at a time, and the machine has
    a second core. The child gets the model for free (fork) and sends back plain rows. Returns how
    to collect them, which runs them here if the child failed; None when it is not worth it or not
    possible (no fork, threads running, notes that would have to be read from the index).
    """
    in_memory = getattr(notes, "in_memory", None)
    if len(paths) < PARALLEL_NOTES // 2 or in_memory is None or not all(in_memory(path) for path in paths):
        return None

    def work() -> dict[str, Any]:
        cut_off = getattr(notes, "cut_off", None)
        if cut_off is not None:
            cut_off()  # the parent's SQLite connection must not be used here: fail, and it falls back
        return {path: pack_rows(run_note(path, note, kind(path))) for path, note in notes.stream(paths)}  # type: ignore[attr-defined]

    child = Forked.fork(work)
    if child is None:
        return None
    let_go = getattr(notes, "let_go", None)
    if let_go is not None:
        let_go(paths)  # the child has them now
    return _Child(child, paths, lambda: {path: pack_rows(run_note(path, notes[path], kind(path))) for path in paths})


class _Child:
    """A forked process's answer: `collect` it (done here if the child failed), or `cancel` it."""

    people: Collection[str] = ()

    def __init__(self, child: Forked, paths: list[str], fallback: Callable[[], dict[str, Any]]) -> None:
        self.child, self.notes, self.fallback = child, set(paths), fallback

    def collect(self) -> tuple[dict[str, Any], dict[str, Any]]:
        found = self.child.result()
        return (found if isinstance(found, dict) else self.fallback()), {}

    def cancel(self) -> None:
        self.child.cancel()
