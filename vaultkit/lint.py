"""Running the rules: which are on, with which options and severities, and what is suppressed."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from vaultkit.config import SEVERITIES, Config
from vaultkit.diagnostics import SORT_KEY, Diagnostic, Finding, pack_rows, unpack_rows
from vaultkit.discovery import _glob
from vaultkit.errors import UserError
from vaultkit.forked import Forked
from vaultkit.model import Person, Vault
from vaultkit.note import ParsedNote
from vaultkit.rules import RULES, Rule
from vaultkit.text import literal

RANK = {severity: rank for rank, severity in enumerate(reversed(SEVERITIES))}  # info 0, warning 1, error 2


def _matching(code: str, prefixes: Iterable[str]) -> int:
    """The length of the longest prefix in `prefixes` that `code` starts with (-1: none)."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def is_enabled(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The longest matching prefix decides; a rule that is off by default needs its exact code."""
    selected = _matching(rule.code, select)
    ignored = _matching(rule.code, ignore)
    if not rule.default_on and rule.code not in select:
        return False
    return selected >= 0 and selected > ignored


@dataclass(frozen=True)
class Selection:
    rules: tuple[Rule, ...]
    options: Mapping[str, Mapping[str, Any]]
    severity: Mapping[str, str]
    per_file_ignores: Mapping[str, tuple[str, ...]]
    fail_on: str

    def severity_of(self, rule: Rule, finding: Finding) -> str:
        if finding.escalated:
            return "error"
        return self.severity.get(rule.code) or finding.severity or rule.severity


def _check_codes(config: Config, key: str, codes: Iterable[str], cli: bool, line_key: str | None = None) -> None:
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES):
            where = f"--{key}:" if cli else f"{config.where('rules', line_key or key)}: {config.table(f'rules.{key}')}"
            raise UserError(f"{where} unknown rule code {code!r} (see vaultkit rules)")


def select_rules(config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Selection:
    """The rules to run, from `[rules]` and the command line (which wins), validated once."""
    _check_codes(config, "select", config.select, False)
    _check_codes(config, "ignore", config.ignore, False)
    # The command line wins, as in ruff: its --select starts afresh (the config's ignore goes too:
    # `--select VK101` runs VK101 whatever the config ignores); its --ignore alone applies on top of
    # the config's choice, however specifically the config selects a rule.
    cli_select = tuple(c.upper() for c in select or ())
    cli_ignore = tuple(c.upper() for c in ignore or ())
    if select:
        _check_codes(config, "select", cli_select, True)
    if ignore:
        _check_codes(config, "ignore", cli_ignore, True)
    chosen, ignored = (cli_select, cli_ignore) if select else (config.select, config.ignore)
    on_top = () if select else cli_ignore
    for code in config.severity:
        if code not in RULES:
            raise UserError(f"{config.where('rules', code)}: {config.table('rules.severity')} unknown rule {code!r}")
    options: dict[str, dict[str, Any]] = {code: dict(rule.options) for code, rule in RULES.items()}
    for code, values in config.rule_options.items():
        rule = RULES.get(code)
        if rule is None:
            raise UserError(f"{config.where('rules', code)}: {config.table('rules.options')} unknown rule {code!r}")
        for name, value in values.items():
            if name not in rule.options:
                known = ", ".join(rule.options) or "none"
                where = config.where("rules", name)
                raise UserError(
                    f"{where}: {config.table(f'rules.options.{code}')} unknown option {name!r} (options: {known})"
                )
            options[code][name] = _typed(config, code, name, rule.options[name], value, rule.minimums.get(name, 0))
    for glob, codes in config.per_file_ignores.items():
        _check_codes(config, "per-file-ignores", codes, False, glob)
    rules = tuple(
        rule for rule in RULES.values() if is_enabled(rule, chosen, ignored) and _matching(rule.code, on_top) < 0
    )
    return Selection(rules, options, dict(config.severity), dict(config.per_file_ignores), config.fail_on)


MAX_DAYS = 36525  # an option counting days (`days`, `grace-days`): a century, as the longest cadence


def _typed(config: Config, code: str, name: str, default: Any, value: Any, least: float = 0) -> Any:
    """The option's value, if it is of its default's type and at least `least` (a rule's MINIMUMS);
    a number of days at most MAX_DAYS, so that today minus it is still a date."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    most = MAX_DAYS if name == "days" or name.endswith("-days") else None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):  # a count: 2.0 is fine, 2.5 is not
        whole = number and (isinstance(value, int) or value.is_integer())  # not float(): a 400-digit int
        ok = whole and value >= least and (most is None or value <= most)
    elif isinstance(default, float):
        ok = number and value >= least and (most is None or value <= most)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = type(default).__name__
        if isinstance(default, (int, float)):
            kind = f"a number ≥ {least:g}" if most is None else f"a number of days from {least:g} to {most}"
        why = f" (to turn {code} off, ignore it)" if least and number and value < least else ""
        where = f"{config.where('rules', name)}: {config.table(f'rules.options.{code}')}"
        raise UserError(f"{where} {name} must be {kind}, not {literal(value)}{why}")
    return value


@dataclass(frozen=True)
class Suppressions:
    """What a note switches off: for the whole note, and for single lines."""

    note: frozenset[str] | None  # codes (prefixes) for the whole note; None = nothing; "" = all
    lines: Mapping[int, frozenset[str]]

    def hides(self, code: str, line: int) -> bool:
        if self.note is not None and _covered(code, self.note):
            return True
        codes = self.lines.get(line)
        return codes is not None and _covered(code, codes)


def _covered(code: str, codes: frozenset[str]) -> bool:
    """Whether one of `codes` is a prefix of `code` ("" of every code). The code's few prefixes
    are looked up, not every code: a note may switch off thousands, and have thousands of findings."""
    return any(code[:length] in codes for length in range(len(code) + 1))


NOTHING = Suppressions(None, {})


def suppressions(note: ParsedNote | None) -> Suppressions:
    if note is None:
        return NOTHING
    whole: set[str] = set()
    any_whole = False
    lines: dict[int, set[str]] = {}
    for d in note.directives:
        codes = set(d.codes) or {""}
        if d.next_line:
            lines.setdefault(d.line + 1, set()).update(codes)
        else:
            any_whole = True
            whole |= codes
    for f in note.fields:
        if f.norm == "vaultkitignore":
            values = f.value if isinstance(f.value, list) else re.split(r"[,\s]+", str(f.value or ""))
            codes = {str(v).strip().upper() for v in values if str(v).strip()}
            if codes:
                any_whole = True
                whole |= codes
    if not any_whole and not lines:
        return NOTHING
    return Suppressions(frozenset(whole) if any_whole else None, {k: frozenset(v) for k, v in lines.items()})


def run(
    vault: Vault,
    selection: Selection,
    paths: Iterable[str] | None = None,
    vault_rules: bool = True,
) -> list[Diagnostic]:
    """Every diagnostic, sorted, from scratch; `paths` limits note and person rules to those notes."""
    return run_units(vault, selection, {}, {})[0].diagnostics(paths, vault_rules)


def _collect(out: list[Diagnostic], rule: Rule, findings: Iterable[Finding], selection: Selection) -> None:
    for f in findings:
        out.append(
            Diagnostic(rule.code, rule.name, selection.severity_of(rule, f), f.path, f.line, f.column,
                       f.end_line, f.end_column, f.message, f.fix)
        )  # fmt: skip


def _ignored_by_glob(d: Diagnostic, globs: Mapping[str, tuple[str, ...]]) -> bool:
    return any(_glob(glob).fullmatch(d.path) and _covered(d.code, frozenset(codes)) for glob, codes in globs.items())


def fails(diagnostics: Iterable[Diagnostic], fail_on: str) -> bool:
    threshold = RANK[fail_on]
    return any(RANK[d.severity] >= threshold for d in diagnostics)


# -- running again after a change --------------------------------------------------------------
#
# A full run's diagnostics come from units: each note's note rules, each person's person rules,
# and the vault rules. The first two are kept in the index with what they were computed from, so
# that after an edit only the units it can reach run again:
#   - a note's unit depends on the note itself and on the "names environment": every person's
#     path, name, aliases and emails, and which files each of its links could open;
#   - a person's unit depends on the person note and on every dated note that mentions them.
# Anything else that changes (the config, the selection, today, vaultkit itself, anyone's name)
# changes the stamp, and everything runs again. The vault rules always run: they are cheap.

STATE_VERSION = 1


@dataclass
class Units:
    notes: dict[str, list[Diagnostic]]  # note rules, by the note they ran on
    people: dict[str, list[Diagnostic]]  # person rules, by the person note
    vault: list[Diagnostic]
    ran: tuple[int, int]  # how many note and person units ran (the rest were reused)

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

    from vaultkit.engine import code_stamp
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
    """Another process running some of a full run's units (see `_in_a_child`, vaultkit.split)."""

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
) -> tuple[Units, dict[str, dict[str, Any]], dict[str, set[str]] | None]:
    """Every unit's diagnostics, reusing those of `previous` (a state this returned, for the same
    `state_stamp`; empty for none) that still hold; the new state to keep, and what in it may have
    changed (None: anything). On a full run, `partner` may take some units (see vaultkit.split)."""
    from vaultkit.facts import name_key
    from vaultkit.text import fold_name

    if previous.keys() != _SECTIONS:
        dirty: set[str] | None = None
        touched: set[str] = set()
        gone: set[str] = set()
        gone_others: set[str] = set()
        born_others: set[str] = set()
        old_notes: Mapping[str, Any] = {}
        old_people: Mapping[str, Any] = {}
    else:
        old_digests, old_others, old_notes, old_people, old_mentioned = (
            previous[name] for name in ("digests", "others", "notes", "people", "mentioned")
        )
        # An unreadable note (digest b"") is read again every time: so are its units.
        dirty = {path for path, digest in digests.items() if not digest or old_digests.get(path) != digest}
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
        for path in dirty | gone if dirty is not None else ():
            touched.update(old_mentioned.get(path, ()))
            touched.update(vault.mentioned.get(path, ()))
            touched.update(vault.sync_copies.get(path, ()))  # one person in two notes: both count
    run_note, run_person = unit_runners(vault, selection)
    units = Units({}, {}, [], (0, 0))
    state_notes: dict[str, Any] = {}
    state_people: dict[str, Any] = {}
    ran_notes: set[str] = set()
    ran_people: set[str] = set()
    notes = vault.notes
    everything = dirty is None or len(dirty) > len(digests) // 4

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
            assert dirty is not None
            for path, packed in old_notes.items():  # reused as they are: most of them, most runs
                if path not in dirty and path in notes:
                    units.notes[path] = unpack_rows(packed) if packed else []
                    state_notes[path] = packed
            source: Iterable[tuple[str, ParsedNote | None]] = (
                (path, None) for path in notes if path in dirty or path not in old_notes
            )
        elif stream is not None:
            source = stream(mine)
        else:
            source = notes.items() if mine is None else ((path, notes[path]) for path in mine)
        for path, note in source:
            kind = vault.kind(path)
            if kind == "report":
                ran_notes.add(path)  # a note that became a report: its old diagnostics must go
                continue
            if dirty is not None and path not in dirty and path in old_notes:
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
                found = unpack_rows(packed) if packed else []
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
        "vault": {"": pack_rows(units.vault)},
    }
    if dirty is None:
        return units, state, None
    changed = {
        "digests": dirty | gone,
        "others": gone_others | born_others,
        "notes": ran_notes | gone,
        "people": ran_people | gone,
        "mentioned": dirty | gone,
        "vault": {""},
    }
    return units, state, changed


def units_from_state(state: Mapping[str, Mapping[str, Any]]) -> Units | None:
    """The diagnostics of a state `run_units` returned; None if it is not one."""
    if state.keys() != _SECTIONS:
        return None
    notes = {path: unpack_rows(rows) if rows else [] for path, rows in state["notes"].items()}
    people = {path: unpack_rows(rows) if rows else [] for path, rows in state["people"].items()}
    return Units(notes, people, unpack_rows(state["vault"].get("", ())), (0, 0))


_SECTIONS = frozenset(("digests", "others", "notes", "people", "mentioned", "vault"))


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


def _unsuppressed(
    found: list[Diagnostic], vault: Vault, selection: Selection, cache: dict[str, Suppressions]
) -> list[Diagnostic]:
    kept = []
    for d in found:
        hides = cache.get(d.path)
        if hides is None:
            hides = cache[d.path] = suppressions(vault.notes.get(d.path))
        if not hides.hides(d.code, d.line) and not _ignored_by_glob(d, selection.per_file_ignores):
            kept.append(d)
    return kept
