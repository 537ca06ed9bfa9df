"""The vault model: people, dated notes and plans, built from parsed notes for one `today`.

Everything here is derived: a pure function of the parsed notes, the config and the date. The
rules and every output read this model; none of them reads files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from vaultkit.config import Config
from vaultkit.dates import Cadence, Quarter, parse_quarter, quarter_of
from vaultkit.discovery import Layout
from vaultkit.errors import UserError
from vaultkit.facts import (
    DAILY,
    MEETING,
    OTHER,
    PERSON,
    PLAN,
    QUARTER_NAME,
    REPORT,
    FactsMaker,
    NoteFacts,
    heading_matches,
    section_end,
)  # fmt: skip
from vaultkit.frontmatter import Problem
from vaultkit.links import Resolution, Resolver
from vaultkit.note import Heading, Item, Link, ParsedNote
from vaultkit.people import PersonFields, resolve_cadence
from vaultkit.text import fold_name

__all__ = ["DAILY", "MEETING", "OTHER", "PERSON", "PLAN", "REPORT", "Interaction", "Person", "Plan", "Vault"]
PLAN_KINDS = ("senior", "peer", "junior", "new")


class Interaction(NamedTuple):
    date: date
    path: str
    line: int
    source: str  # "log", "note" or "field"
    tags: frozenset[str]


@dataclass(frozen=True)
class Person:
    path: str
    fields: PersonFields
    cadence: Cadence | None
    cadence_source: str  # "cadence", "role mentor", "level senior", "default" or ""
    last_date: date | None  # the date of the last interaction
    entries: list[Interaction] = field(repr=False, compare=False)  # every source of an interaction, any order
    future_entries: tuple[Problem, ...] = ()  # VK006 for log entries dated after today

    @cached_property
    def interactions(self) -> tuple[Interaction, ...]:
        """Oldest first, at most one per date (the log before a note before the field), none after today.

        Worked out when first asked for: the network rules need only `last_date`.
        """
        per_date: dict[date, list[Interaction]] = {}
        for entry in self.entries:
            per_date.setdefault(entry.date, []).append(entry)
        return tuple(_merge(per_date[day]) for day in sorted(per_date))

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]

    @property
    def roles(self) -> tuple[str, ...]:
        return self.fields.roles

    @property
    def level(self) -> str | None:
        return self.fields.level

    @property
    def status(self) -> str:
        return self.fields.status

    @property
    def active(self) -> bool:
        return self.fields.status == "active"

    def snoozed(self, today: date) -> bool:
        return self.fields.snooze_until is not None and today < self.fields.snooze_until

    @property
    def last_interaction(self) -> Interaction | None:
        return self.interactions[-1] if self.interactions else None

    @property
    def since(self) -> date | None:
        """Where the cadence counts from: the last interaction, else when they met."""
        return self.last_date or self.fields.met

    def cadence_days(self, today: date) -> int | None:
        """The length of one cadence from `since` (from today when there is neither); None for `never`."""
        return self.cadence.days_from(self.since or today) if self.cadence else None

    @property
    def due(self) -> date | None:
        """Last interaction (else `met`) plus the cadence; None without either."""
        since = self.since
        return self.cadence.after(since) if self.cadence and since else None

    def overdue_days(self, today: date) -> int | None:
        due = self.due
        return None if due is None else max(0, (today - due).days)

    def is_overdue(self, today: date) -> bool:
        due = self.due
        return due is not None and today > due

    @property
    def names(self) -> tuple[str, ...]:
        return (self.fields.name, *self.fields.aliases)


@dataclass(frozen=True)
class PlanSection:
    kind: str  # senior, peer, junior, new
    heading: Heading
    end_line: int  # the last line of the section
    links: tuple[Link, ...]
    tasks: tuple[Item, ...]


@dataclass(frozen=True)
class Plan:
    quarter: Quarter
    path: str
    sections: Mapping[str, PlanSection]  # by kind; a missing kind is absent


class Mention(NamedTuple):
    person: Person
    by_alias: bool  # a link that resolves to no note and names the person by name or alias


@dataclass
class Vault:
    """The whole vault on `today`: notes by path, what each note is, people, plans."""

    config: Config
    layout: Layout
    today: date
    notes: Mapping[str, ParsedNote]
    others: tuple[str, ...]
    facts: Mapping[str, NoteFacts] | None = None  # worked out from `notes` when not given
    kinds: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)  # dated notes (daily, meeting)
    people: list[Person] = field(default_factory=list)  # sorted by name
    person_at: dict[str, Person] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)  # by quarter name
    resolver: Resolver = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)  # what rules compute once per vault

    def __post_init__(self) -> None:
        if self.facts is None:
            maker = FactsMaker(self.config, self.layout)
            self.facts = {path: maker(path, note) for path, note in self.notes.items()}
        self.resolver = Resolver(self.facts, self.others)
        self._mentions: dict[str, list[tuple[Link, Mention]]] = {}
        self._mention_cache: dict[tuple[str, str], str | None] = {}
        self.mentioned: dict[str, frozenset[str]] = {}  # dated note → the people it counts as a contact with
        self._classify()
        self._build_people()
        self._build_plans()

    # -- what each note is ---------------------------------------------------------------------

    def _classify(self) -> None:
        assert self.facts is not None
        kinds, dates = self.kinds, self.dates
        for path, facts in self.facts.items():
            kinds[path] = facts.kind
            if facts.day is not None:
                dates[path] = facts.day

    def kind(self, path: str) -> str:
        return self.kinds.get(path, OTHER)

    # -- people ----------------------------------------------------------------------------------

    def _build_people(self) -> None:
        assert self.facts is not None
        facts = self.facts
        fields: dict[str, PersonFields] = {}
        for path, kind in self.kinds.items():
            if kind == PERSON:
                pf = facts[path].person
                assert pf is not None
                fields[path] = pf
        # Names and aliases that unresolved links may use (Obsidian itself does not resolve them).
        self._by_name: dict[str, list[str]] = {}
        for path, pf in sorted(fields.items()):
            for name in dict.fromkeys(fold_name(n) for n in (pf.name, *pf.aliases)):
                self._by_name.setdefault(name, []).append(path)
        self._person_paths = set(fields)
        found: dict[str, list[Interaction]] = {path: [] for path in fields}
        last: dict[str, date] = {}
        today = self.today
        cache = self._mention_cache
        new = tuple.__new__
        for path, day in self.dates.items():
            if day > today:
                continue
            whom = set()
            for c in facts[path].candidates:  # (target, kind, line, tags)
                target = cache.get((c[0], c[1]), _UNKNOWN)
                if target is _UNKNOWN:
                    target = self._mentioned(c[0], c[1], path)
                if target is not None:
                    whom.add(target)
                    found[target].append(new(Interaction, (day, path, c[2], "note", _tagset(c[3]))))
                    if day > last.get(target, date.min):
                        last[target] = day
            if whom:
                self.mentioned[path] = frozenset(whom)
        for path, pf in fields.items():
            future: list[Problem] = []
            entries = found[path]
            latest = last.get(path)
            for entry in facts[path].log:
                if entry.date > today:
                    future.append(
                        Problem("VK006", entry.line, entry.date_column, entry.line, entry.date_column + 10,
                                f"log entry dated {entry.date}, after today ({today}); not counted")
                    )  # fmt: skip
                    continue
                entries.append(new(Interaction, (entry.date, path, entry.line, "log", _tagset(entry.tags))))
                if latest is None or entry.date > latest:
                    latest = entry.date
            lc = pf.last_contact
            if lc is not None and lc <= today and pf.last_contact_field is not None:
                entries.append(Interaction(lc, path, pf.last_contact_field.line, "field", _tagset(())))
                if latest is None or lc > latest:
                    latest = lc
            cadence, source = resolve_cadence(pf, self.config, latest or pf.met or today)
            self.person_at[path] = Person(path, pf, cadence, source, latest, entries, tuple(future))
        self.people = sorted(self.person_at.values(), key=lambda p: (fold_name(p.name), p.path))

    def _mentioned(self, target: str, kind: str, source: str) -> str | None:
        key = (target, kind)
        if key in self._mention_cache:
            return self._mention_cache[key]
        resolution = self.resolver.resolve_target(target, kind, source)
        if resolution.path is not None:
            found = resolution.path if resolution.path in self._person_paths else None
        else:
            matches = self._by_name.get(_name_key(target))
            found = matches[0] if matches else None
        if len(resolution.candidates) < 2 and not target.startswith("."):
            self._mention_cache[key] = found  # the same from every note: not relative, not ambiguous
        return found

    def mention(self, link: Link, source: str) -> Mention | None:
        """The person a link mentions, if any (see 01-vault.md, *mention*)."""
        path = self._mentioned(link.target, link.kind, source)
        if path is None:
            return None
        return Mention(self.person_at[path], self.resolver.resolve(link, source).path is None)

    def resolve(self, link: Link, source: str) -> Resolution:
        return self.resolver.resolve(link, source)

    def mentions(self, path: str) -> list[tuple[Link, Mention]]:
        """Every link of the note at `path` that mentions a person, with that person."""
        cached = self._mentions.get(path)
        if cached is None:
            cached = []
            for link in self.notes[path].links:
                m = self.mention(link, path)
                if m is not None:
                    cached.append((link, m))
            self._mentions[path] = cached
        return cached

    # -- plans -----------------------------------------------------------------------------------

    def _build_plans(self) -> None:
        claims: dict[str, list[tuple[int, str]]] = {}
        start = self.config.start_month
        for path, kind in self.kinds.items():
            if kind != PLAN:
                continue
            stem = path.rsplit("/", 1)[-1][:-3]
            named = QUARTER_NAME.fullmatch(stem)
            if named:
                claims.setdefault(f"{named[1]}-Q{named[2]}", []).append((0, path))
            values = {f.norm: f.value for f in self.notes[path].fields}
            quarter = parse_quarter(str(values.get("quarter") or ""), start)
            if quarter is not None and (not named or quarter.name != f"{named[1]}-Q{named[2]}"):
                claims.setdefault(quarter.name, []).append((1, path))
        for name, paths in claims.items():
            quarter = parse_quarter(name, start)
            assert quarter is not None
            path = min(paths)[1]
            self.plans[name] = Plan(quarter, path, self._sections(self.notes[path]))

    def _sections(self, note: ParsedNote) -> dict[str, PlanSection]:
        sections: dict[str, PlanSection] = {}
        for kind in PLAN_KINDS:
            names = self.config.headings[kind]
            for i, heading in enumerate(note.headings):
                if heading_matches(heading.text, names):
                    end = section_end(note, i)
                    links = tuple(link for link in note.links if heading.line < link.line <= end)
                    tasks = tuple(
                        item for item in note.items if item.status is not None and heading.line < item.line <= end
                    )
                    sections[kind] = PlanSection(kind, heading, end, links, tasks)
                    break
        return sections

    @property
    def quarter(self) -> Quarter:
        return quarter_of(self.today, self.config.start_month)

    def quarter_named(self, text: str | None) -> Quarter:
        """A `--quarter` option: that quarter, or the current one when None."""
        if text is None:
            return self.quarter
        quarter = parse_quarter(text, self.config.start_month)
        if quarter is None:
            raise UserError(f"--quarter: {text!r} is not a quarter (expected YYYY-QN, e.g. 2026-Q3)")
        return quarter

    def plan_for(self, quarter: Quarter) -> Plan | None:
        return self.plans.get(quarter.name)

    def plan_path(self, quarter: Quarter) -> str:
        """The current plan's path, or where it should be."""
        plan = self.plan_for(quarter)
        if plan is not None:
            return plan.path
        folder = self.config.plans.strip("/")
        return f"{folder}/{quarter.name}.md" if folder else f"{quarter.name}.md"

    # -- helpers for rules and reports -----------------------------------------------------------

    @cached_property
    def active_people(self) -> list[Person]:
        return [p for p in self.people if p.active]


_UNKNOWN = ""  # not looked up yet (a looked-up link gives a path or None)
_TAGSETS: dict[tuple[str, ...], frozenset[str]] = {}


def _tagset(tags: tuple[str, ...]) -> frozenset[str]:
    """One shared frozenset per distinct tag tuple: a vault has 100,000s of interactions and few tag sets."""
    found = _TAGSETS.get(tags)
    if found is None:
        found = _TAGSETS[tags] = frozenset(tags)
    return found


def _name_key(target: str) -> str:
    """How an unresolved link's target is compared with people's names: `[[Hana.md]]` is `Hana`."""
    key = fold_name(target.strip())
    return key[:-3] if key.endswith(".md") else key


def _merge(found: list[Interaction]) -> Interaction:
    if len(found) == 1:
        return found[0]
    rank = {"log": 0, "note": 1, "field": 2}
    best = min(found, key=lambda i: (rank[i.source], i.path, i.line))
    tags: frozenset[str] = frozenset().union(*(i.tags for i in found))
    return best._replace(tags=tags)
