"""What the model needs of each note, worked out once when the note is parsed.

A note's facts depend only on the note, the config and the layout: what kind of note it is, its
date, a person's fields and log, and the links of a dated note that may count as mentions. They
are computed beside the parse (in the parse workers on a cold run) and kept in the index, so that
building the model after one note changed reads small facts instead of decoding every note.
"""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import hashlib
import marshal
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import asdict
from datetime import date
from typing import Any, NamedTuple

from vaultkit.config import Config
from vaultkit.dates import Cadence, parse_date_value
from vaultkit.discovery import REPORT_MARKER, Layout, _prefixes, folded_under
from vaultkit.frontmatter import Field, Problem
from vaultkit.note import LEADING_DATE, MARKDOWN, PLAIN_QUOTE, ParsedNote, decode_value, encode_value
from vaultkit.people import BROKEN, PersonFields, field_table, is_unset, read_person_fields
from vaultkit.text import fold_name

FACTS_VERSION = 4
PLAN, DAILY, PERSON, MEETING, OTHER, REPORT = "plan", "daily", "person", "meeting", "other", "report"
PERSON_TAGS = frozenset(("person", "people", "contact"))
# A plan's name: a quarter whose days the calendar holds whatever month the year starts in (not
# 0000-Q1, nor 0001-Q1 of a year that began in 0000), in ASCII digits as parse_quarter reads them.
QUARTER_NAME = re.compile(r"((?!000[01])[0-9]{4})-Q([1-4])", re.IGNORECASE)


class LogEntry(NamedTuple):
    """A dated list item under a log heading of a person note, done or not a task."""

    date: date
    line: int
    date_column: int
    tags: tuple[str, ...]


class Candidate(NamedTuple):
    """A link of a dated note that mentions a person if its target resolves to one.

    Read back from the index as a plain tuple: use positions (TARGET, KIND, LINE, TAGS), not names.
    """

    target: str
    kind: str
    line: int
    tags: tuple[str, ...]


class NoteFacts(NamedTuple):
    kind: str
    day: date | None  # daily and meeting notes
    person: PersonFields | None  # person notes
    log: tuple[LogEntry, ...]  # person notes
    candidates: tuple[Candidate, ...]  # dated notes
    names: tuple[str, ...]  # the folded names the note's links look up (see `name_key`), sorted


def facts_stamp(config: Config, layout: Layout) -> str:
    """What facts depend on besides the note: when it changes, every note's facts are worked out again."""
    from vaultkit.engine.stamp import code_stamp

    settings = {key: value for key, value in config.raw.items() if key != "rules"}
    text = repr((FACTS_VERSION, code_stamp(), sorted(settings.items(), key=str), asdict(layout), str(config.source)))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def name_key(target: str) -> str:
    """The file name a link target looks up, folded: `Folder/Hana Ito.md#x` → `hana ito`."""
    key = fold_name(target.strip()).rsplit("/", 1)[-1]
    return key[:-3] if key.endswith(".md") else key


class FactsMaker:
    """Works out a note's facts for one config and layout."""

    def __init__(self, config: Config, layout: Layout, stamp: str = "") -> None:
        self.config = config
        self.stamp = stamp  # facts_stamp(config, layout), stored with each body
        self.table = field_table(config)
        self.log_names = config.headings["log"]
        self.move_names = config.headings["moves"]
        self.daily = daily_matcher(layout.daily_format)
        self.plans = _prefixes((layout.plans,))
        self.days = _prefixes((layout.daily_folder,)) if layout.daily_folder else ("",)
        self.people = _prefixes(layout.people)
        self.meetings = _prefixes(layout.meetings)
        # Link targets and folders repeat across thousands of notes: each is folded once.
        self._name_keys: dict[str, str] = {}
        self._folders: dict[str, tuple[bool, bool, bool, bool]] = {}

    def __call__(self, path: str, note: ParsedNote) -> NoteFacts:
        kind, day = self.classify(path, note)
        person = None
        log: tuple[LogEntry, ...] = ()
        candidates: tuple[Candidate, ...] = ()
        stem = path.rsplit("/", 1)[-1][:-3]
        if kind == PERSON:
            # Broken frontmatter's salvaged keys say what the note is, never what the person is.
            fields = note.fields if note.frontmatter_valid else ()
            person = read_person_fields(fields, stem, self.config, self.table, note.inline_fields)
            if any(problem.code in ("VK001", "VK002") for problem in note.problems):
                # Not read, or its frontmatter not understood: whether they are paused, snoozed or
                # gone is unknown, so no rule says they are neglected (VK001/VK002 say what to fix).
                person = person._replace(status=BROKEN)
            log = log_entries(note, self.log_names)
            moves = move_entries(note, self.move_names)
            if moves:
                person = person._replace(moves=moves)
        elif day is not None:
            candidates = tuple(
                Candidate(link.target, link.kind, link.line, link.tags)
                for link in note.links
                if not (link.embed or link.struck or link.quote == PLAIN_QUOTE or link.in_open_task(note.items))
            )
        return NoteFacts(kind, day, person, log, candidates, self._names(path, note))

    def _names(self, path: str, note: ParsedNote) -> tuple[str, ...]:
        keys = self._name_keys
        names = set()
        for link in note.links:
            target = posixpath_join(path, link.target) if link.kind == MARKDOWN else link.target
            key = keys.get(target)
            if key is None:
                key = keys[target] = name_key(target)
            names.add(key)
        return tuple(sorted(names))

    def classify(self, path: str, note: ParsedNote) -> tuple[str, date | None]:
        values = {f.norm: f.value for f in note.fields} if note.fields else {}
        if REPORT_MARKER.replace("-", "") in values:
            return REPORT, None
        note_type = str(values.get("type") or "").strip().casefold()
        tags = tag_set(values.get("tags", values.get("tag")))
        folder, _, name = path.rpartition("/")
        stem = name[:-3]
        in_plans, in_days, in_people, in_meetings = self._folder(folder)
        if in_plans and QUARTER_NAME.fullmatch(stem):
            return PLAN, None
        if note_type == "plan" and not is_unset(values.get("quarter")):
            # A plan by its frontmatter names its quarter (01-vault.md, "Plan"); a `quarter` that is
            # not one is still a plan's, for VK004 to report. `type: plan` alone is some other plan.
            return PLAN, None
        day = self.daily(stem) if in_days else None
        if day is not None:
            return DAILY, day
        if in_people or note_type in ("person", "contact") or tags & PERSON_TAGS:
            return PERSON, None
        if in_meetings or note_type == "meeting" or "meeting" in tags:
            return MEETING, parse_date_value(values.get("date"))
        return OTHER, None

    def _folder(self, folder: str) -> tuple[bool, bool, bool, bool]:
        """Whether a folder is under the plans, daily notes, people and meetings folders."""
        found = self._folders.get(folder)
        if found is None:
            folded = fold_name(folder + "/")
            found = self._folders[folder] = (
                folded_under(folded, self.plans), folded_under(folded, self.days),
                folded_under(folded, self.people), folded_under(folded, self.meetings),
            )  # fmt: skip
        return found

    def encode(self, path: str, note: ParsedNote) -> tuple[bytes, bytes, str]:
        """The head, the body with the stamp it was worked out under (see `Index._bodies`), and
        the names its links look up, with that stamp (see `names_text`)."""
        head, body = plain_facts(self(path, note))
        return marshal.dumps(head), marshal.dumps((self.stamp, body)), names_text(self.stamp, body[2])


# Facts are kept with marshal as plain tuples: unpickling 30,000 notes' facts took 0.25 s, this a
# fraction of it. Dates travel as ordinals, a person's fields as a flat tuple. A note's facts are
# kept in two parts: the head (kind, date, a person's fields), which every run reads for every
# note, and the body (log, candidate mentions, link names), read only for the notes that need it.


class Head(NamedTuple):
    kind: str
    day: date | None
    person: PersonFields | None


Body = tuple[tuple[LogEntry, ...], tuple[Candidate, ...], tuple[str, ...]]


def plain_facts(facts: NoteFacts) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    kind, day, person, log, candidates, names = facts
    head = (kind, day.toordinal() if day else 0, None if person is None else _person_plain(person))
    body = (
        tuple((e.date.toordinal(), e.line, e.date_column, e.tags) for e in log),
        tuple(map(tuple, candidates)),
        names,
    )
    return head, body


def names_text(stamp: str, names: Iterable[str]) -> str:
    """The names a note's links look up, as one text the index searches without decoding a
    body (which notes may link elsewhere when a file named so comes or goes): the stamp, then a
    name a line. A link's name never holds a line break; a file's may, and then matches a note
    with two names in a row: a note run again for nothing, never one missed."""
    return f"{stamp}\n{''.join(name + chr(10) for name in names)}"


def has_name(text: str, names: Iterable[str]) -> bool:
    """Whether a `names_text` holds any of `names`."""
    return any(f"\n{name}\n" in text for name in names)


def head_from(plain: tuple[Any, ...]) -> Head:
    kind, day, person = plain
    return tuple.__new__(Head, (kind, date.fromordinal(day) if day else None, person and _person_from(person)))


def body_from(plain: tuple[Any, ...]) -> Body:
    log, candidates, names = plain
    new = tuple.__new__
    ordinal = date.fromordinal
    entries = tuple([new(LogEntry, (ordinal(e[0]), e[1], e[2], e[3])) for e in log]) if log else ()
    return entries, candidates, names  # candidates stay plain tuples: a vault has 100,000; read by position


class FactsView(Mapping[str, NoteFacts]):
    """Every note's facts: heads at hand; bodies kept as bytes when just worked out (decoded each
    time they are asked for: a cold run reads each once, and 30,000 decoded bodies weigh 40 MB), or
    fetched by `bodies`, for many paths at once, and kept."""

    def __init__(
        self,
        heads: dict[str, Head],
        full: dict[str, NoteFacts],
        bodies: Callable[[list[str]], dict[str, Body]],
        raw: dict[str, bytes] | None = None,
        stored_linking: Callable[[Collection[str], list[str]], tuple[set[str], list[str]]] | None = None,
        stored_where: Callable[[Callable[[str], bool], list[str]], tuple[set[str], list[str]]] | None = None,
    ) -> None:
        self._heads = heads
        self._full = full
        self._bodies = bodies
        self._raw = raw or {}
        self._stored_linking = stored_linking
        self._stored_where = stored_where
        self._linked: dict[frozenset[str], set[str]] = {}  # see `linking`
        self._loads = True  # bodies can be fetched again

    @classmethod
    def of(cls, facts: Mapping[str, NoteFacts]) -> "FactsView":
        heads = {path: Head(f.kind, f.day, f.person) for path, f in facts.items()}
        view = cls(heads, dict(facts), lambda paths: {})
        view._loads = False
        return view

    def forget(self) -> None:
        """Let go of the bodies read or worked out so far (they are fetched again if asked for)."""
        if self._loads:
            self._full.clear()
            self._raw.clear()

    def refresh(self, heads: Mapping[str, Head], raw: Mapping[str, bytes], gone: Iterable[str]) -> None:
        """Notes changed (their new heads, and their bodies as `FactsMaker.encode` gives them) or gone."""
        for path in gone:
            self._heads.pop(path, None)
            self._raw.pop(path, None)
            self._full.pop(path, None)
        for path, head in heads.items():
            self._heads[path] = head
            self._raw[path] = raw[path]
            self._full.pop(path, None)
        self._linked.clear()

    def head(self, path: str) -> Head:
        return self._heads[path]

    def heads(self) -> Mapping[str, Head]:
        return self._heads

    def preload(self, paths: Iterable[str]) -> None:
        """Fetch the bodies of `paths` in one go (before reading many of them)."""
        wanted = [path for path in paths if path not in self._full and path not in self._raw and path in self._heads]
        if not wanted:
            return
        bodies = self._bodies(wanted)
        new = tuple.__new__
        for path in wanted:
            body = bodies.get(path)
            if body is not None:
                self._full[path] = new(NoteFacts, (*self._heads[path], *body))

    def linking(self, names: Collection[str], paths: Iterable[str]) -> set[str]:
        """Which of `paths` have links that look up any of `names` (see `name_key`).

        Asked of the index (`stored_linking`: the paths found, and those it cannot tell), which
        keeps each note's names beside its body, without decoding 30,000 bodies; the others are
        read from their facts.
        """
        key = frozenset(names)
        linked = self._linked.get(key)
        if linked is None:  # over every note, once: the model and the rules ask the same
            everyone = list(self._heads)
            linked, rest = self._stored_linking(names, everyone) if self._stored_linking else (set(), everyone)
            self.preload(rest)
            linked.update(path for path in rest if not key.isdisjoint(self[path].names))
            self._linked[key] = linked
        return {path for path in paths if path in linked}

    def linking_where(self, wanted: Callable[[str], bool]) -> set[str]:
        """The notes with a link whose name (see `name_key`) is `wanted`: asked of the index, as
        `linking`, for the names near a name that changed (see units)."""
        everyone = list(self._heads)
        found, rest = self._stored_where(wanted, everyone) if self._stored_where else (set(), everyone)
        self.preload(rest)
        found.update(path for path in rest if any(wanted(name) for name in self[path].names))
        return found

    def __getitem__(self, path: str) -> NoteFacts:
        found = self._full.get(path)
        if found is None and path in self._raw:
            body = marshal.loads(self._raw[path])[1]  # (stamp, body), the stamp of this run
            return tuple.__new__(NoteFacts, (*self._heads[path], *body_from(body)))
        if found is None:
            self.preload((path,))
            found = self._full.get(path)
            if found is None:
                raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        return path in self._heads

    def __iter__(self) -> Iterator[str]:
        return iter(self._heads)

    def __len__(self) -> int:
        return len(self._heads)

    def items(self) -> ItemsView[str, NoteFacts]:
        self.preload(self._heads)
        return {path: self[path] for path in self._heads}.items()

    def values(self) -> ValuesView[NoteFacts]:
        return dict(self.items()).values()


def _day(value: date | None) -> int:
    return value.toordinal() if value else 0


def _field_plain(f: Field | None) -> Any:
    return None if f is None else (f[0], f[1], encode_value(f[2]), *f[3:])


def _field_from(plain: Any) -> Field | None:
    return None if plain is None else tuple.__new__(Field, (plain[0], plain[1], decode_value(plain[2]), *plain[3:]))


def _person_plain(p: PersonFields) -> tuple[Any, ...]:
    return (
        p.name, p.aliases, p.roles, p.level, p.company, p.title, None if p.cadence is None else tuple(p.cadence),
        _day(p.last_contact), _field_plain(p.last_contact_field), _day(p.met), _field_plain(p.met_field), p.status,
        _day(p.snooze_until), p.birthday, p.emails, tuple(map(tuple, p.problems)), p.company_names,
        p.previous_company, _day(p.moved), p.moves,
    )  # fmt: skip


def _person_from(t: tuple[Any, ...]) -> PersonFields:
    ordinal = date.fromordinal
    return tuple.__new__(PersonFields, (
        t[0], t[1], t[2], t[3], t[4], t[5], None if t[6] is None else tuple.__new__(Cadence, t[6]),
        ordinal(t[7]) if t[7] else None, _field_from(t[8]), ordinal(t[9]) if t[9] else None, _field_from(t[10]),
        t[11], ordinal(t[12]) if t[12] else None, t[13], t[14],
        tuple([tuple.__new__(Problem, p) for p in t[15]]) if t[15] else (), t[16],
        t[17], ordinal(t[18]) if t[18] else None, t[19],
    ))  # fmt: skip


def posixpath_join(source: str, target: str) -> str:
    """A relative Markdown link's target as a vault path (what it names, for `names`)."""
    import posixpath

    if target.startswith(("./", "../")):
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    return target


def tag_set(value: Any) -> set[str]:
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


def section_end(note: ParsedNote, index: int) -> int:
    level = note.headings[index].level
    for heading in note.headings[index + 1 :]:
        if heading.level <= level:
            return heading.line - 1
    return note.line_count


def log_entries(note: ParsedNote, names: Iterable[str]) -> tuple[LogEntry, ...]:
    """A person note's dated entries in its log sections: list items that begin with a date (done
    or not a task: an open or cancelled task is a plan, not a contact), and headings that begin
    with one (`### 2026-06-05 — dinner`); struck-out entries did not happen."""
    within = _within(note, names)
    entries = [
        LogEntry(item.date, item.line, item.date_column, item.tags)
        for item in note.items
        if item.date is not None and item.status in (None, "x", "X") and not item.struck and within(item.line)
    ]
    entries += [LogEntry(h.date, h.line, h.date_column, h.tags) for h in note.headings if h.date and within(h.line)]
    return tuple(sorted(entries, key=lambda e: e.line))


_TRAILING_TAGS = re.compile(r"(?:[ \t]+#[^\s#]+)+[ \t]*$")  # as the model reads a log entry's words
_MOVE = re.compile(
    r"(?i)^(?:(?:moved|went|changed|switched)\b[^:]*?\bfrom\s+|from\s+)?(?P<old>.+?)\s*(?:→|->|=>|⇒|\bto\b)\s*(?P<new>.+?)[\s.]*$"
)


def move_entries(note: ParsedNote, names: Iterable[str]) -> tuple[tuple[int, str, str, int], ...]:
    """The dated entries of a person note's moves section: `- 2026-10-05 Acme → Google`,
    `- 2026-10-05: moved from Acme to Google` (a company change, without git history). An entry
    whose words say no `from → to` is left out; so is one struck out."""
    within = _within(note, names)
    found = []
    for item in note.items:
        if item.date is None or item.struck or not within(item.line):
            continue
        text = item.text
        text = text[m.end() :] if (m := LEADING_DATE.match(text)) else text
        text = _TRAILING_TAGS.sub("", text).strip(" \t-—–:")
        move = _MOVE.match(text)
        if move is not None:
            old, new = (part.strip(" \t*_[]") for part in (move["old"], move["new"]))
            if old and new:
                found.append((item.date.toordinal(), old, new, item.line))
    return tuple(found)


def section_ends(note: ParsedNote) -> list[int]:
    """Each heading's section's last line (see `section_end`), for all of them in one pass."""
    headings = note.headings
    ends = [note.line_count] * len(headings)
    open_: list[int] = []  # headings whose section has not ended, their levels rising
    for i, heading in enumerate(headings):
        while open_ and headings[open_[-1]].level >= heading.level:
            ends[open_.pop()] = heading.line - 1
        open_.append(i)
    return ends


def _within(note: ParsedNote, names: Iterable[str]) -> Callable[[int], bool]:
    """Whether a line lies in a section whose heading matches `names`: linear in the note, since
    sections nest and a matching one's lines are marked once (a note may have 40,000 headings)."""
    names = tuple(names)
    ends = section_ends(note) if note.headings else []
    ranges = [(h.line, ends[i]) for i, h in enumerate(note.headings) if heading_matches(h.text, names)]
    if not ranges:
        return lambda line: False
    merged: list[tuple[int, int]] = []
    for start, end in ranges:  # in line order; a nested range lies inside the one before it
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    starts = [start for start, _ in merged]

    def within(line: int) -> bool:
        at = bisect_right(starts, line - 1) - 1  # the last range starting before the line
        return at >= 0 and line <= merged[at][1]

    return within


_MOMENT_TOKENS = [
    ("YYYY", r"(?P<Y>\d{4})"), ("MMMM", r"(?P<MMMM>[A-Za-z]+)"), ("MMM", r"(?P<MMM>[A-Za-z]{3})"),
    ("MM", r"(?P<M>\d{2})"), ("Do", r"(?P<D>\d{1,2})(?:st|nd|rd|th)"), ("DD", r"(?P<D>\d{2})"),
    ("dddd", r"[A-Za-z]+"), ("ddd", r"[A-Za-z]{3}"), ("YY", r"(?P<YY>\d{2})"), ("M", r"(?P<M>\d{1,2})"),
    ("D", r"(?P<D>\d{1,2})"),
]  # fmt: skip
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]  # fmt: skip


def daily_matcher(fmt: str) -> Any:
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
