"""The vault model: people, dated notes and plans, built from parsed notes for one `today`.

Everything here is derived: a pure function of the parsed notes, the config and the date. The
rules and every output read this model; none of them reads files.
"""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import marshal
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from vaultkit.config import Config
from vaultkit.dates import Cadence, Quarter, parse_quarter, quarter_of, quarter_option
from vaultkit.discovery import Layout, _prefixes, folded_under
from vaultkit.engine.facts import (
    DAILY,
    MEETING,
    OTHER,
    PERSON,
    PLAN,
    QUARTER_NAME,
    REPORT,
    FactsMaker,
    FactsView,
    NoteFacts,
    heading_matches,
    section_end,
)  # fmt: skip
from vaultkit.frontmatter import Problem
from vaultkit.links import Resolution, Resolver
from vaultkit.note import LEADING_DATE, SUGGESTED, Heading, Item, Link, ParsedNote
from vaultkit.people import Identity, PersonFields, identity_keys, level_of, resolve_cadence, spellings
from vaultkit.text import fold_name

if TYPE_CHECKING:
    from vaultkit.history import History
    from vaultkit.moves import Move

__all__ = ["DAILY", "MEETING", "OTHER", "PERSON", "PLAN", "REPORT", "Interaction", "Person", "Plan", "Vault"]
PLAN_KINDS = ("senior", "peer", "junior", "new")


_NO_ENTRIES = marshal.dumps(())
# entries, last interaction (a date ordinal, 0 for none) and future log entries, by person
_PeopleParts = tuple[dict[str, bytes], dict[str, int], dict[str, tuple[tuple[Any, ...], ...]]]


class Interaction(NamedTuple):
    date: date
    path: str
    line: int
    source: str  # "log", "note" or "field"
    tags: frozenset[str]


@dataclass(eq=False)  # not frozen: 10,000 are built per run, and a frozen __init__ is slow
class Person:
    path: str
    fields: PersonFields
    cadence: Cadence | None
    cadence_source: str  # "cadence", "role mentor", "level senior", "default" or ""
    last_date: date | None  # the date of the last interaction
    # Every source of an interaction, in any order, as plain (date ordinal, path, line, source, tags),
    # marshalled: most runs never read them, and 100,000 tuples cost more to load than 10,000 strings.
    entries: bytes = field(default=_NO_ENTRIES, repr=False, compare=False)
    future_entries: tuple[Problem, ...] = ()  # VK006 for log entries dated after today
    copy_of: str | None = None  # a sync-conflict copy of this person note (01-vault.md §3); one person with it

    @cached_property
    def interactions(self) -> tuple[Interaction, ...]:
        """Oldest first, at most one per date (the log before a note before the field), none after today.

        Worked out when first asked for: the network rules need only `last_date`.
        """
        per_date: dict[int, list[Interaction]] = {}
        ordinal = date.fromordinal
        for number, path, line, source, tags in marshal.loads(self.entries):
            per_date.setdefault(number, []).append(Interaction(ordinal(number), path, line, source, _tagset(tags)))
        return tuple(_merge(per_date[day]) for day in sorted(per_date))

    def sources(self) -> tuple[Interaction, ...]:
        """Every record of an interaction, unmerged (two on one date stay two), oldest first: the
        one that carries a tag is not always the one `interactions` keeps for its date."""
        found = [
            Interaction(date.fromordinal(number), path, line, source, _tagset(tags))
            for number, path, line, source, tags in marshal.loads(self.entries)
        ]
        return tuple(sorted(found, key=lambda i: (i.date, i.path, i.line)))

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
        """Senior, peer or junior: as written, else as their relationship says (see `level_of`).
        Kept once worked out (not a cached_property: its lock costs more than the work, 10,000 times)."""
        found = self.__dict__.get("_level", _UNSET)
        if found is _UNSET:
            found = self.__dict__["_level"] = level_of(self.fields)
        return cast("str | None", found)

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
    digests: Mapping[str, bytes] | None = None  # each note's content digest, to keep `people_state`
    people_cache: Callable[[str], Mapping[str, Mapping[str, Any]]] | None = None  # `people_state` by key
    kinds: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)  # dated notes (daily, meeting)
    people: list[Person] = field(default_factory=list)  # sorted by name
    person_at: dict[str, Person] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)  # by quarter name
    memo: dict[str, Any] = field(default_factory=dict)  # what rules compute once per vault
    previous: "Vault | None" = None  # the model this one follows in a long-running process, if any
    history: "History | None" = None  # the vault's git history, if it is in a repository

    def __post_init__(self) -> None:
        if self.facts is None:
            maker = FactsMaker(self.config, self.layout)
            self.facts = {path: maker(path, note) for path, note in self.notes.items()}
        self.all_facts = self.facts if isinstance(self.facts, FactsView) else FactsView.of(self.facts)
        self._mention_cache: dict[tuple[str, str], str | None] = {}
        self._ambiguous_cache: dict[tuple[str, str], tuple[Person, ...]] = {}
        self._copies: dict[str, str] = {}  # a sync-conflict copy → the note it copies (see `_build_people`)
        self._resolver: Resolver | None = None
        self.mentioned: dict[str, tuple[str, ...]] = {}  # dated note → the people it counts as a contact with
        self.people_key = ""
        self.people_state: dict[str, dict[str, Any]] = {}
        self.people_touched: dict[str, set[str]] | None = None  # what in `people_state` may have changed
        self._by_name: dict[str, list[str]] = {}  # see `_names`
        self.who: dict[str, Identity] = {}  # each person note's name, aliases and emails
        self.identities: dict[str, list[str]] = {}  # see `_names`
        self.sync_copies: dict[str, list[str]] = {}  # a person note → its sync-conflict copies, or the note it copies
        self.person_notes: list[Person] = []  # every person note, sync-conflict copies too (see `_build_people`)
        self._classify()
        self._build_people()
        self._build_plans()
        self.previous = None  # not a chain of every model since the start

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.all_facts, self.others)
        return self._resolver

    # -- what each note is ---------------------------------------------------------------------

    def _classify(self) -> None:
        kinds, dates = self.kinds, self.dates
        for path, head in self.all_facts.heads().items():
            kinds[path] = head.kind
            if head.day is not None:
                dates[path] = head.day

    def kind(self, path: str) -> str:
        return self.kinds.get(path, OTHER)

    # -- people ----------------------------------------------------------------------------------
    #
    # Who was in touch with whom is the costly part of the model: every link of every dated note
    # is resolved. With `digests` and `people_cache`, it is kept between runs (`people_state`,
    # stored by the caller under `people_key`) and only what changed notes reach is worked out
    # again. The key holds everything else it depends on: today, and every person's path, name,
    # aliases and emails (who a link can mention, who may be the same person). A file added or
    # removed changes what links of that name open: the dated notes with such links run again.

    def _build_people(self) -> None:
        heads = self.all_facts.heads()
        fields: dict[str, PersonFields] = {}
        for path, kind in self.kinds.items():
            if kind == PERSON:
                pf = heads[path].person
                assert pf is not None
                fields[path] = pf
        self._person_paths = set(fields)
        earlier = self.previous if self.previous is not None and self.previous.today == self.today else None
        who = {path: (pf.name, pf.aliases, pf.emails) for path, pf in fields.items()}
        # The same people by the same names as the model this one follows: their order, and which
        # are sync-conflict copies of which, are as they were.
        same_names = earlier is not None and earlier.who == who
        self.who = who
        if same_names:
            assert earlier is not None
            self._copies = copies = earlier._copies
        else:
            self._copies = copies = sync_copies(fields)  # a sync tool's copy → the note it copies
        previous: Mapping[str, Mapping[str, Any]] = {}
        if self.digests is not None:
            self.people_key = self._people_key(fields)
            if self.people_cache is not None:
                previous = self.people_cache(self.people_key)
        if previous.keys() == _PEOPLE_SECTIONS:
            renamed = {
                path for path in who.keys() | previous["who"].keys() if who.get(path) != previous["who"].get(path)
            }
            if renamed:  # a person renamed, an alias or an email added, a person note added or gone
                self._by_name, self.identities = _names_again(fields, copies, previous, renamed)
            else:
                self._by_name = cast("dict[str, list[str]]", previous["names"])  # dicts, as stored
                self.identities = cast("dict[str, list[str]]", previous["identities"])
            entries, lasts, futures = self._people_again(fields, previous, renamed)
        else:
            self._by_name, self.identities = _names(fields, copies)
            entries, lasts, futures = self._people_afresh(fields)
        today = self.today
        ordinal = date.fromordinal
        # The people of the model this one follows, made on the same day from the same state: a
        # person whose fields and interactions are the very objects they were is that person still.
        reusable = earlier.person_at if earlier is not None else {}
        for copy, original in copies.items():
            self.sync_copies.setdefault(original, []).append(copy)
            self.sync_copies.setdefault(copy, []).append(original)
        for path, pf in fields.items():
            last = lasts.get(path, 0)
            own = entries.get(path, _NO_ENTRIES)
            group = [path, *(c for c in self.sync_copies.get(path, ()) if c in copies)] if path not in copies else []
            if len(group) > 1:  # one person in two notes: both notes' interactions count, for the original
                last = max(lasts.get(p, 0) for p in group)
                own = marshal.dumps(tuple(e for p in group for e in marshal.loads(entries.get(p, _NO_ENTRIES))))
            kept = reusable.get(path)
            if kept is not None and kept.fields is pf and kept.entries is own and kept.copy_of == copies.get(path):
                self.person_at[path] = kept  # nothing of theirs changed (a long-running process, see engine.live)
                continue
            latest = ordinal(last) if last else None
            cadence, source = resolve_cadence(pf, self.config, latest or pf.met or today)
            future = tuple(tuple.__new__(Problem, p) for p in futures.get(path, ()))
            self.person_at[path] = Person(path, pf, cadence, source, latest, own, future, copies.get(path))
        # The people are one per person: a sync-conflict copy is its original's note too (only VK105
        # speaks of it, on both notes); `person_notes` are all of them, for the rules run per note.
        if same_names:
            assert earlier is not None
            self.person_notes = [self.person_at[p.path] for p in earlier.person_notes]
        else:
            self.person_notes = sorted(self.person_at.values(), key=lambda p: (fold_name(p.name), p.path))
        self.people = [p for p in self.person_notes if p.copy_of is None]
        self.all_facts.forget()  # the links of 20,000 dated notes: not needed any more
        if self.digests is not None:
            resolver = self.resolver
            self.people_state = {
                "digests": dict(self.digests),
                "others": dict.fromkeys(self.others, 1),
                "entries": entries,
                "last": lasts,
                "future": futures,
                "mentioned": self.mentioned,
                "mentions": {f"{t}\0{k}": p or "" for (t, k), p in self._mention_cache.items()},
                "by_name": resolver.by_name,
                "by_path": resolver.by_path,
                "names": self._by_name,
                "identities": self.identities,
                "who": who,
            }

    def _people_key(self, fields: Mapping[str, PersonFields]) -> str:
        """What `people_state` depends on besides the notes: today. Who is called what is in the
        state itself (`who`): a person renamed re-resolves only the links of the names that changed."""
        return f"{PEOPLE_STATE_VERSION}:{self.today.toordinal()}"

    def _contacts(self, paths: Iterable[str]) -> dict[str, list[tuple[Any, ...]]]:
        """Who each dated note in `paths` mentions, as plain interactions by person."""
        paths = [path for path in paths if path in self.dates and self.dates[path] <= self.today]
        facts = self.all_facts
        facts.preload(paths)
        today = self.today
        cache = self._mention_cache
        found: dict[str, list[tuple[Any, ...]]] = {}
        for path in paths:
            day = self.dates.get(path)
            if day is None or day > today:
                continue
            whom = set()
            number = day.toordinal()
            for c in facts[path].candidates:  # (target, kind, line, tags)
                target = cache.get((c[0], c[1]), _UNKNOWN)
                if target is _UNKNOWN:
                    target = self._mentioned(c[0], c[1], path)
                if target is not None:
                    whom.add(target)
                    found.setdefault(target, []).append((number, path, c[2], "note", c[3]))
            if whom:
                self.mentioned[path] = tuple(sorted(whom))
        return found

    def _own_entries(self, path: str, pf: PersonFields, out: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """A person note's log entries and `last_contact` into `out`; the problems of future entries."""
        today = self.today
        future = []
        for entry in self.all_facts[path].log:
            if entry.date > today:
                column = entry.date_column
                message = f"log entry dated {entry.date}, after today ({today}); not counted"
                future.append(("VK006", entry.line, column, entry.line, column + 10, message))
                continue
            out.append((entry.date.toordinal(), path, entry.line, "log", entry.tags))
        lc = pf.last_contact
        if lc is not None and lc <= today and pf.last_contact_field is not None:
            out.append((lc.toordinal(), path, pf.last_contact_field.line, "field", ()))
        return future

    def _people_afresh(self, fields: Mapping[str, PersonFields]) -> _PeopleParts:
        found = self._contacts(self.dates)
        self.all_facts.preload(fields)
        entries: dict[str, bytes] = {}
        lasts: dict[str, int] = {}
        futures: dict[str, tuple[tuple[Any, ...], ...]] = {}
        for path, pf in fields.items():
            own = found.get(path, [])
            future = self._own_entries(path, pf, own)
            entries[path] = marshal.dumps(tuple(own))
            lasts[path] = max((e[0] for e in own), default=0)
            if future:
                futures[path] = tuple(future)
        return entries, lasts, futures

    def _people_again(
        self, fields: Mapping[str, PersonFields], previous: Mapping[str, Mapping[str, Any]], renamed: set[str]
    ) -> _PeopleParts:
        from vaultkit.engine.facts import name_key

        assert self.digests is not None
        old_digests = previous["digests"]
        dirty = {path for path, digest in self.digests.items() if not digest or old_digests.get(path) != digest}
        gone = old_digests.keys() - self.digests.keys()
        others = set(self.others)
        moved = gone | (self.digests.keys() - old_digests.keys()) | (others ^ previous["others"].keys())
        names = {name_key(path) for path in moved}
        # A name or alias that changed: the links that look it up (old or new) may mean someone else now.
        # So for a sync-conflict copy that is one now, or no longer (it or its original moved, gone or
        # come): a link to the copy, or by its names, means the original now, or the copy itself.
        recopied = sync_copies(previous["who"]).items() ^ self._copies.items() if renamed else set()
        for path in renamed.union(*recopied):
            names.add(name_key(path))  # a link by its file name opens a person's note now, or no longer
            names |= spellings(previous["who"].get(path)) | spellings(_identity(fields.get(path)))
        self._resolver = Resolver.from_maps(dict(previous["by_name"]), dict(previous["by_path"]))
        if names:  # links of those names may open another file now
            dated = [path for path, day in self.dates.items() if day <= self.today]
            dirty |= self.all_facts.linking(names, dated)
            old_others = previous["others"].keys()
            added = {path for path in self.digests.keys() - old_digests.keys() if path in self.all_facts}
            added |= others - old_others
            self._resolver.moved(self.all_facts, added, gone | (old_others - others))
        cache = self._mention_cache
        for key, path in previous["mentions"].items():
            target, kind = key.split("\0", 1)
            if not names or name_key(target) not in names:
                cache[target, kind] = path or None
        known = set(cache)
        old_mentioned = previous["mentioned"]
        self.mentioned = {path: whom for path, whom in old_mentioned.items() if path not in dirty and path not in gone}
        found = self._contacts(sorted(dirty))
        touched = {path for path in dirty if path in fields} | found.keys()
        for path in dirty | gone:
            touched.update(old_mentioned.get(path, ()))
        entries = dict(previous["entries"])
        lasts = dict(previous["last"])
        futures = dict(previous["future"])
        dropped = dirty | gone
        for path in touched:
            if path not in fields:  # gone, or a person no longer (its kind changed): nobody to keep
                entries.pop(path, None)
                lasts.pop(path, None)
                futures.pop(path, None)
                continue
            own = [e for e in marshal.loads(entries.get(path, _NO_ENTRIES)) if e[1] not in dropped]
            own.extend(found.get(path, ()))
            if path in dirty:
                future = self._own_entries(path, fields[path], own)
                futures.pop(path, None)
                if future:
                    futures[path] = tuple(future)
            entries[path] = marshal.dumps(tuple(own))
            lasts[path] = max((e[0] for e in own), default=0)
        if moved:  # the resolver's maps and the others changed too: compare everything
            return entries, lasts, futures
        mentions = {f"{t}\0{k}" for t, k in cache.keys() - known}
        if names:  # those of the names that changed, dropped above
            mentions.update(key for key in previous["mentions"] if name_key(key.split("\0", 1)[0]) in names)
        old_names, old_identities = previous["names"], previous["identities"]
        self.people_touched = {
            "digests": dirty,
            "entries": touched,
            "last": touched,
            "future": touched,
            "mentioned": dirty,
            "mentions": mentions,
            "names": _changed_keys(self._by_name, old_names) if renamed else set(),
            "identities": _changed_keys(self.identities, old_identities) if renamed else set(),
            "who": renamed,
        }
        return entries, lasts, futures

    def _mentioned(self, target: str, kind: str, source: str) -> str | None:
        key = (target, kind)
        if key in self._mention_cache:
            return self._mention_cache[key]
        resolution = self.resolver.resolve_target(target, kind, source)
        if resolution.path is not None:
            people = [path for path in resolution.candidates if path in self._person_paths]
            # Two person notes of one name (`Work/Alex.md`, `Friends/Alex.md`): Obsidian opens one,
            # but vaultkit never guesses whom the owner met (VK403). A sync-conflict copy is its original.
            found = resolution.path if resolution.path in self._person_paths and len(people) < 2 else None
            found = self._copies.get(found, found) if found is not None else None
        else:
            matches = self._by_name.get(_name_key(target))
            found = matches[0] if matches and len(matches) == 1 else None  # `[[Alex]]` for two Alexes: nobody
        if len(resolution.candidates) < 2 and not target.startswith("."):
            self._mention_cache[key] = found  # the same from every note: not relative, not ambiguous
        return found

    def mention(self, link: Link, source: str) -> Mention | None:
        """The person a link mentions, if any (see 01-vault.md, *mention*; an embed mentions nobody)."""
        if link.embed:
            return None
        path = self._mentioned(link.target, link.kind, source)
        if path is None:
            return None
        return Mention(self.person_at[path], self.resolver.resolve(link, source).path is None)

    def ambiguous(self, link: Link, source: str) -> tuple[Person, ...]:
        """The people a link could mean when it is a mention of none of them because it names
        two or more (01-vault.md, *mention*): `[[Alex]]` for two people called or aliased Alex,
        or for two person notes named `Alex.md`. Empty for any other link."""
        if link.embed:
            return ()
        key = (link.target, link.kind)
        found = self._ambiguous_cache.get(key)
        if found is None:  # the same from every note (which of them Obsidian opens is not asked)
            resolution = self.resolver.resolve(link, source)
            if resolution.path is not None:
                paths = [path for path in resolution.candidates if path in self._person_paths]
            else:
                paths = self._by_name.get(_name_key(link.target), [])
            people = [self.person_at[path] for path in paths] if len(paths) > 1 else []
            found = tuple(sorted(people, key=lambda p: (fold_name(p.name), p.path)))
            if not link.target.startswith("."):  # a relative Markdown link names another file elsewhere
                self._ambiguous_cache[key] = found
        return found

    def said(self, path: str, line: int) -> str:
        """What the list item at a note's line says, past its date: the words of a log entry, a
        task or a tagged line (`asked for a referral to Helio`, tags at its end left out), or ""
        where none is kept."""
        note = self.notes.get(path)
        item = next((i for i in note.items if i.line == line), None) if note is not None else None
        if item is None:
            return ""
        text = item.text
        if item.date is not None:
            text = text[m.end() :] if (m := LEADING_DATE.match(text)) else text
        return _TRAILING_TAGS.sub("", text).strip(" \t-—–:")

    def moves_of(self, person: Person) -> "list[Move]":
        """The person's changes of company, title, level, roles and status, oldest first (see
        vaultkit.moves): worked out once per person when first asked for."""
        from vaultkit.moves import person_moves

        found: dict[str, list[Move]] = self.memo.setdefault("moves", {})
        moves = found.get(person.path)
        if moves is None:
            moves = found[person.path] = person_moves(person, self.history)
        return moves

    @cached_property
    def history_keys(self) -> dict[str, bytes]:
        """A digest of each note's history (see run_units: a person's moves depend on it)."""
        history = self.history
        if history is None:
            return {}
        kept = _HISTORY_KEYS.get("last")
        if kept is not None and kept[0] is history:  # a long-running process: the same history, refresh after refresh
            return kept[1]
        import hashlib

        keys = {
            path: hashlib.blake2b(repr(versions).encode(), digest_size=12).digest()
            for path, versions in history.versions.items()
        }
        _HISTORY_KEYS["last"] = (history, keys)  # 26 ms for 10,000 people's histories: once per history read
        return keys

    def people_named(self, name: str) -> list[Person]:
        """The people whose name or alias is `name`, folded as an unresolved link's (two friends
        may both be `Alex`): what a name written in plain text may mean."""
        return [self.person_at[path] for path in self._by_name.get(_name_key(name), ()) if path in self.person_at]

    def resolve(self, link: Link, source: str) -> Resolution:
        return self.resolver.resolve(link, source)

    def mentions(self, path: str) -> list[tuple[Link, Mention]]:
        """Every link of the note at `path` that mentions a person, with that person.

        Not kept: a check goes through every note once, and keeping them would keep every link.
        """
        found = []
        for link in self.notes[path].links:
            m = self.mention(link, path)
            if m is not None:
                found.append((link, m))
        return found

    # -- plans -----------------------------------------------------------------------------------

    def planned(self, plan: Plan) -> list[tuple[Link, Mention]]:
        """The plan's mentions of people the owner plans to see: not those in vaultkit's suggestion
        callout (not moved out yet), struck out, or in a cancelled task (`- [-]`, `- [ ] ~~…~~`)."""
        items = self.notes[plan.path].items
        return [
            (link, mention)
            for link, mention in self.mentions(plan.path)
            if link.quote != SUGGESTED
            and not link.struck
            and not (link.task >= 0 and (items[link.task].status == "-" or items[link.task].struck))
        ]

    def _build_plans(self) -> None:
        claims: dict[str, list[tuple[int, str]]] = {}
        start = self.config.start_month
        plans = _prefixes((self.layout.plans,))
        for path, kind in self.kinds.items():
            if kind != PLAN:
                continue
            # A note is one quarter's plan: the quarter it is named for under the plans folder,
            # else its `quarter` (the other plans are notes with `type: plan`, see FactsMaker).
            folder, _, name = path.rpartition("/")
            named = QUARTER_NAME.fullmatch(name[:-3])
            if named and folded_under(fold_name(folder + "/"), plans):
                claims.setdefault(f"{named[1]}-Q{named[2]}", []).append((0, path))
                continue
            values = {f.norm: f.value for f in self.notes[path].fields}
            quarter = parse_quarter(str(values.get("quarter") or ""), start)
            if quarter is not None:
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
                    # What the owner planned: not vaultkit's suggestions, not what is struck out.
                    links = tuple(
                        link
                        for link in note.links
                        if heading.line < link.line <= end and link.quote != SUGGESTED and not link.struck
                    )
                    tasks = tuple(
                        item
                        for item in note.items
                        if item.status is not None and heading.line < item.line <= end and item.quote != SUGGESTED
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
        return quarter_option(text, self.config.start_month)

    def plan_for(self, quarter: Quarter) -> Plan | None:
        return self.plans.get(quarter.name)

    def plan_path(self, quarter: Quarter) -> str:
        """The current plan's path, or where it should be."""
        plan = self.plan_for(quarter)
        if plan is not None:
            return plan.path
        from vaultkit.discovery import as_on_disk

        folder = as_on_disk(self.config.root, self.config.plans.strip("/"))
        return f"{folder}/{quarter.name}.md" if folder else f"{quarter.name}.md"

    # -- helpers for rules and reports -----------------------------------------------------------

    @cached_property
    def active_people(self) -> list[Person]:
        return [p for p in self.people if p.active]


_HISTORY_KEYS: "dict[str, tuple[History, dict[str, bytes]]]" = {}  # the last history read, and its keys
_TRAILING_TAGS = re.compile(r"(?:[ \t]+#[^\s#]+)+[ \t]*$")
_UNSET = object()
_UNKNOWN = ""  # not looked up yet (a looked-up link gives a path or None)
_PEOPLE_SECTIONS = frozenset((
    "digests", "others", "entries", "last", "future", "mentioned", "mentions", "by_name", "by_path", "names",
    "identities", "who",
))  # fmt: skip
PEOPLE_STATE_VERSION = 2
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


# A sync tool's copy of `Ana.md` beside it: Dropbox's and Nextcloud's `Ana (conflicted copy 2026-11-02)`
# (`Ana (Jo's conflicted copy …)`), Google Drive's `Ana (1)`, iCloud's and Finder's `Ana 2`, and
# Syncthing's `Ana.sync-conflict-20261102-101010-ABCDEFG`.
_SYNC_COPY = re.compile(
    r"(.+?)(?: \((?:[^()]*'s )?conflicted copy[^()]*\)| \(\d{1,2}\)| \d{1,2}|\.sync-conflict-\d{8}-\d{6}(?:-\w+)?)",
    re.IGNORECASE,
)


def sync_copies(fields: Mapping[str, object]) -> dict[str, str]:
    """The person notes that are sync-conflict copies of another person note in the same folder,
    each with the note it copies (01-vault.md §3, *Sync-conflict copies*)."""
    by_stem = {fold_name(path[:-3]): path for path in fields}
    found: dict[str, str] = {}
    for path in fields:
        m = _SYNC_COPY.fullmatch(path[:-3])
        original = by_stem.get(fold_name(m[1])) if m else None
        if original is not None and original != path:
            found[path] = original
    for path, original in found.items():  # `Ana 2 (1).md`, a copy of a copy: of `Ana.md`
        seen = {path}
        while original in found and original not in seen:
            seen.add(original)
            original = found[original]
        found[path] = original
    return {path: original for path, original in found.items() if path != original}


def _names_again(
    fields: Mapping[str, PersonFields],
    copies: Mapping[str, str],
    previous: Mapping[str, Mapping[str, Any]],
    renamed: set[str],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """`_names` worked out from `previous` (a people state) for the people `renamed` alone, and
    for the notes that became or stopped being sync-conflict copies: the others' are as they were."""
    from vaultkit.people import identity_keys_of

    old_who = previous["who"]
    old_copies = sync_copies(old_who)
    changed = renamed.union(*(old_copies.items() ^ copies.items()))
    by_name = dict(cast("dict[str, list[str]]", previous["names"]))
    identities = dict(cast("dict[str, list[str]]", previous["identities"]))

    def spelled(identity: Any, copy: bool) -> set[str]:
        return set() if copy else set(spellings(identity))

    def keys(identity: Any) -> set[str]:
        return set() if identity is None else set(identity_keys_of(identity))

    for path in changed:
        old, new = old_who.get(path), _identity(fields.get(path))
        _move(by_name, path, spelled(old, path in old_copies), spelled(new, path in copies))
        _move(identities, path, keys(old), keys(new))
    return by_name, identities


def _changed_keys(new: Mapping[str, Any], old: Mapping[str, Any]) -> set[str]:
    return {key for key in new.keys() | old.keys() if new.get(key) != old.get(key)}


def _move(table: dict[str, list[str]], path: str, was: set[str], now: set[str]) -> None:
    """`path` under the keys `now` of `table`, no longer under those it `was`; lists in path order."""
    for key in was | now:
        others = [p for p in table.get(key, ()) if p != path]
        if key in now:
            others.append(path)
        if others:
            table[key] = sorted(others)
        else:
            table.pop(key, None)


def _identity(pf: PersonFields | None) -> Identity | None:
    return None if pf is None else (pf.name, pf.aliases, pf.emails)


def _names(
    fields: Mapping[str, PersonFields], copies: Mapping[str, str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Who each name or alias may mean (casefolded: unresolved links may use them, though Obsidian
    does not resolve them), and who each identity belongs to (name, alias or email, case and
    accents folded: two people sharing one may be one person)."""
    by_name: dict[str, list[str]] = {}
    identities: dict[str, list[str]] = {}
    for path, pf in sorted(fields.items()):
        if path not in copies:  # a sync-conflict copy's names are its original's: no second person
            for name in dict.fromkeys(fold_name(n) for n in (pf.name, *pf.aliases)):
                by_name.setdefault(name, []).append(path)
        for key in identity_keys(pf):
            identities.setdefault(key, []).append(path)
    return by_name, identities
