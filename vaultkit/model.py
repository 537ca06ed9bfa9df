"""The vault model: people, dated notes and plans, built from parsed notes for one `today`.

Everything here is derived: a pure function of the parsed notes, the config and the date. The
rules and every output read this model; none of them reads files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from vaultkit.config import Config
from vaultkit.dates import Cadence, Quarter, parse_date_value, parse_quarter, quarter_of
from vaultkit.discovery import REPORT_MARKER, Layout, _prefixes, folded_under
from vaultkit.errors import UserError
from vaultkit.frontmatter import Problem
from vaultkit.links import Resolution, Resolver
from vaultkit.note import PLAIN_QUOTE, Heading, Item, Link, ParsedNote
from vaultkit.people import PersonFields, field_table, read_person_fields, resolve_cadence
from vaultkit.text import fold_name

PLAN, DAILY, PERSON, MEETING, OTHER, REPORT = "plan", "daily", "person", "meeting", "other", "report"
PLAN_KINDS = ("senior", "peer", "junior", "new")
_QUARTER_NAME = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)


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
    interactions: tuple[Interaction, ...]  # oldest first, at most one per date, none after today
    future_entries: tuple[Problem, ...]  # VK006 for log entries dated after today

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
        last = self.last_interaction
        return last.date if last else self.fields.met

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
    kinds: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)  # dated notes (daily, meeting)
    people: list[Person] = field(default_factory=list)  # sorted by name
    person_at: dict[str, Person] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)  # by quarter name
    resolver: Resolver = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)  # what rules compute once per vault

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.notes, self.others)
        self._mentions: dict[str, list[tuple[Link, Mention]]] = {}
        self._mention_cache: dict[tuple[str, str], str | None] = {}
        self._classify()
        self._build_people()
        self._build_plans()

    # -- what each note is ---------------------------------------------------------------------

    def _classify(self) -> None:
        layout = self.layout
        daily = _daily_matcher(layout.daily_format)
        plans = _prefixes((layout.plans,))
        days = _prefixes((layout.daily_folder,)) if layout.daily_folder else ("",)
        people = _prefixes(layout.people)
        meetings = _prefixes(layout.meetings)
        marker = REPORT_MARKER.replace("-", "")
        for path, note in self.notes.items():
            values = {f.norm: f.value for f in note.fields} if note.fields else {}
            if marker in values:
                self.kinds[path] = REPORT
                continue
            note_type = str(values.get("type") or "").strip().casefold()
            tags = _tags(values.get("tags", values.get("tag")))
            stem = path.rsplit("/", 1)[-1][:-3]
            folded = fold_name(path)
            if (folded_under(folded, plans) and _QUARTER_NAME.fullmatch(stem)) or note_type == "plan":
                self.kinds[path] = PLAN
                continue
            day = daily(stem) if folded_under(folded, days) else None
            if day is not None:
                self.kinds[path] = DAILY
                self.dates[path] = day
                continue
            if (
                folded_under(folded, people)
                or note_type in ("person", "contact")
                or tags & {"person", "people", "contact"}
            ):
                self.kinds[path] = PERSON
                continue
            if folded_under(folded, meetings) or note_type == "meeting" or "meeting" in tags:
                self.kinds[path] = MEETING
                day = parse_date_value(values.get("date"))
                if day is not None:
                    self.dates[path] = day
                continue
            self.kinds[path] = OTHER

    def kind(self, path: str) -> str:
        return self.kinds.get(path, OTHER)

    # -- people ----------------------------------------------------------------------------------

    def _build_people(self) -> None:
        table = field_table(self.config)
        fields: dict[str, PersonFields] = {}
        for path, kind in self.kinds.items():
            if kind == PERSON:
                note = self.notes[path]
                stem = path.rsplit("/", 1)[-1][:-3]
                fields[path] = read_person_fields(note.fields, stem, self.config, table)
        # Names and aliases that unresolved links may use (Obsidian itself does not resolve them).
        self._by_name: dict[str, list[str]] = {}
        for path, pf in sorted(fields.items()):
            for name in dict.fromkeys(fold_name(n) for n in (pf.name, *pf.aliases)):
                self._by_name.setdefault(name, []).append(path)
        self._person_paths = set(fields)
        found: dict[str, dict[date, list[Interaction]]] = {path: {} for path in fields}
        for path, day in self.dates.items():
            if day > self.today:
                continue
            note = self.notes[path]
            for link in note.links:
                if link.embed or link.quote == PLAIN_QUOTE or link.in_open_task(note.items):
                    continue
                target = self._mentioned_path(link, path)
                if target is not None:
                    found[target].setdefault(day, []).append(
                        Interaction(day, path, link.line, "note", _tagset(link.tags))
                    )
        log_names = self.config.headings["log"]
        for path, pf in fields.items():
            note = self.notes[path]
            future: list[Problem] = []
            per_date = found[path]
            for item in _items_in_sections(note, log_names):
                if item.date is None or item.status not in (None, "x", "X"):
                    continue  # an open or cancelled task in the log is a plan, not a contact
                if item.date > self.today:
                    future.append(
                        Problem("VK006", item.line, item.date_column, item.line, item.date_column + 10,
                                f"log entry dated {item.date}, after today ({self.today}); not counted")
                    )  # fmt: skip
                    continue
                per_date.setdefault(item.date, []).append(
                    Interaction(item.date, path, item.line, "log", _tagset(item.tags))
                )
            lc = pf.last_contact
            if lc is not None and lc <= self.today and pf.last_contact_field is not None:
                per_date.setdefault(lc, []).append(
                    Interaction(lc, path, pf.last_contact_field.line, "field", _tagset(()))
                )
            interactions = tuple(_merge(per_date[day]) for day in sorted(per_date))
            base = interactions[-1].date if interactions else (pf.met or self.today)
            cadence, source = resolve_cadence(pf, self.config, base)
            person = Person(path, pf, cadence, source, interactions, tuple(future))
            self.person_at[path] = person
        self.people = sorted(self.person_at.values(), key=lambda p: (fold_name(p.name), p.path))

    def _mentioned_path(self, link: Link, source: str) -> str | None:
        key = (link.target, link.kind)
        if key in self._mention_cache:
            return self._mention_cache[key]
        resolution = self.resolver.resolve(link, source)
        if resolution.path is not None:
            found = resolution.path if resolution.path in self._person_paths else None
        else:
            matches = self._by_name.get(_name_key(link.target))
            found = matches[0] if matches else None
        if len(resolution.candidates) < 2 and not link.target.startswith("."):
            self._mention_cache[key] = found  # the same from every note: not relative, not ambiguous
        return found

    def mention(self, link: Link, source: str) -> Mention | None:
        """The person a link mentions, if any (see 01-vault.md, *mention*)."""
        path = self._mentioned_path(link, source)
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
            named = _QUARTER_NAME.fullmatch(stem)
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
                    end = _section_end(note, i)
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


def _tags(value: Any) -> set[str]:
    if value is None:
        return set()
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    out = set()
    for item in items:
        if isinstance(item, str) and item.strip():
            out.add(item.strip().lstrip("#").split("/", 1)[0].casefold())
    return out


def heading_matches(text: str, names: Iterable[str]) -> bool:
    """`Peers — Q4`, `📅 Log`, `Senior (VP+)` match `Peer`, `Log`, `Senior`; see 01-vault.md."""
    start = 0
    while start < len(text) and not text[start].isalnum():
        start += 1
    folded = text[start:].casefold()
    for name in names:
        base = name.casefold()
        for form in (base, base + "s"):
            if folded == form or (folded.startswith(form) and not folded[len(form)].isalpha()):
                return True
    return False


def _section_end(note: ParsedNote, index: int) -> int:
    level = note.headings[index].level
    for heading in note.headings[index + 1 :]:
        if heading.level <= level:
            return heading.line - 1
    return note.line_count


def _items_in_sections(note: ParsedNote, names: Iterable[str]) -> list[Item]:
    ranges = [
        (heading.line, _section_end(note, i))
        for i, heading in enumerate(note.headings)
        if heading_matches(heading.text, names)
    ]
    if not ranges:
        return []
    return [item for item in note.items if any(start < item.line <= end for start, end in ranges)]


_MOMENT_TOKENS = [
    ("YYYY", r"(?P<Y>\d{4})"), ("MMMM", r"(?P<MMMM>[A-Za-z]+)"), ("MMM", r"(?P<MMM>[A-Za-z]{3})"),
    ("MM", r"(?P<M>\d{2})"), ("Do", r"(?P<D>\d{1,2})(?:st|nd|rd|th)"), ("DD", r"(?P<D>\d{2})"),
    ("dddd", r"[A-Za-z]+"), ("ddd", r"[A-Za-z]{3}"), ("YY", r"(?P<YY>\d{2})"), ("M", r"(?P<M>\d{1,2})"),
    ("D", r"(?P<D>\d{1,2})"),
]  # fmt: skip
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]  # fmt: skip


def _daily_matcher(fmt: str) -> Any:
    """A function from a file name (no `.md`) to its date, for a moment.js daily-note format."""
    segment = fmt.rsplit("/", 1)[-1]
    pattern = []
    i = 0
    while i < len(segment):
        if segment[i] == "[":
            end = segment.find("]", i)
            end = len(segment) if end < 0 else end
            pattern.append(re.escape(segment[i + 1 : end]))
            i = end + 1
            continue
        for token, regex in _MOMENT_TOKENS:
            if segment.startswith(token, i):
                name = regex[4 : regex.index(">")] if regex.startswith("(?P<") else None
                if name and f"(?P<{name}>" in "".join(pattern):
                    regex = regex.replace(f"(?P<{name}>", "(?:")
                pattern.append(regex)
                i += len(token)
                break
        else:
            pattern.append(re.escape(segment[i]))
            i += 1
    compiled = re.compile("".join(pattern), re.IGNORECASE)
    cache: dict[str, date | None] = {}

    def match(stem: str) -> date | None:
        if stem in cache:
            return cache[stem]
        m = compiled.fullmatch(stem)
        result = None
        if m:
            groups = m.groupdict()
            try:
                year = int(groups["Y"]) if groups.get("Y") else 2000 + int(groups["YY"])
                if groups.get("M"):
                    month = int(groups["M"])
                else:
                    word = (groups.get("MMMM") or groups.get("MMM") or "").casefold()
                    month = next(n for n, full in enumerate(_MONTHS, 1) if full.startswith(word) and len(word) >= 3)
                result = date(year, month, int(groups["D"]))
            except (KeyError, TypeError, ValueError, StopIteration):
                result = None
        cache[stem] = result
        return result

    return match
