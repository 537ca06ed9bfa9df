"""`vaultkit log`: an interaction written into a person's note, in the note's own order and style.

The placement is a pure function of a note's text (`plan_log`, `log_edits`): the command applies
its edits to the file, and an editor can apply the very same edits to unsaved text. It changes
only what it means to: one entry inserted beside the log's entries (with the log heading, after
a blank line, when the note has no log section yet), and the date of `last_contact`, in place,
when the note keeps one and the new date is later.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.config import Config
from vaultkit.diagnostics import Edit
from vaultkit.engine.facts import heading_matches, log_entries, section_ends
from vaultkit.errors import RefusedError, UserError
from vaultkit.frontmatter import Field
from vaultkit.note import LEADING_DATE, ParsedNote, read_note
from vaultkit.people import field_table, read_person_fields
from vaultkit.text import fold_accents, literal, some_of, visible

if TYPE_CHECKING:
    from pathlib import Path

    from vaultkit.model import Person, Vault

GAVE, ASKED = "gave", "asked"


class Unplaceable(RefusedError):
    """The entry cannot be written into this note without changing what the rest of it says."""


class LastContact(NamedTuple):
    """What became of the note's `last_contact`, under the key the note uses."""

    key: str
    line: int  # in the note after the edits
    before: str  # the value as written
    after: str | None  # the value written, or None when it was left alone
    why: str = ""  # why it was left alone


class LogChange(NamedTuple):
    path: str
    edits: tuple[Edit, ...]
    entry: str  # the entry's line, as written
    entry_line: int  # its line in the note after the edits
    heading: str | None  # the log heading written, when the note had no log section
    last_contact: LastContact | None  # None when the note keeps no last_contact


# -- who NAME is -----------------------------------------------------------------------------------


def _folded(text: str) -> str:
    return " ".join(fold_accents(text).split())


def find_person(vault: Vault, name: str) -> Person:
    """The one person whose name, alias or file name is `name`, case and accents aside; a
    RefusedError naming the candidates when there are several, or the nearest when there is none."""
    wanted = _folded(name)
    found = [p for p in vault.people if wanted in {_folded(n) for n in (*p.names, p.stem)}]
    if len(found) == 1:
        return found[0]
    if found:
        candidates = some_of([_named(p) for p in found], most=5)
        raise RefusedError(f"{name!r} could be {candidates}: give the full name; nothing written")
    near = _near(vault.people, wanted)
    hint = f"; did you mean {some_of([_named(p) for p in near], most=5)}?" if near else ""
    raise RefusedError(f"nobody in the vault is called {name!r}{hint} Nothing written")


def _named(person: Person) -> str:
    return f"{person.name} ({person.path})"


def _near(people: Sequence[Person], wanted: str) -> list[Person]:
    """The people whose names come nearest to `wanted`, best first: a misspelling (`Ana Nunes`),
    or a word of their name (`ana` for Ana Núñez, which could be any of several Anas)."""
    from rapidfuzz import fuzz, process

    spelled = {(i, n): _folded(n) for i, p in enumerate(people) for n in (*p.names, p.stem)}
    scores: dict[int, float] = {}
    for _, score, (index, _name) in process.extract(
        wanted, spelled, scorer=fuzz.WRatio, processor=None, limit=20, score_cutoff=75
    ):
        scores[index] = max(score, scores.get(index, 0.0))
    words = set(wanted.split())
    for (index, _name), folded in spelled.items():
        if words and words <= set(folded.split()):
            scores[index] = 101.0  # every word given is a word of their name
    ranked = sorted(scores, key=lambda index: (-scores[index], _folded(people[index].name), people[index].path))
    return [people[index] for index in ranked[:5]]


# -- where the entry goes --------------------------------------------------------------------------


class _Entry(NamedTuple):
    day: date
    row: int  # its line, 0-based
    last: int  # the last line of its block (continuation lines, nested items, a heading's text)
    column: int  # an item's marker (0-based, a quote's `>` included) or a heading's level
    heading: bool


class _Style(NamedTuple):
    prefix: str  # what stands before the marker: indentation, a quote's `>`
    marker: str  # `-`, `*`, `1.`, or a heading's `###`
    gap: str  # between the marker and what follows it
    checkbox: str  # `[x] ` when the log is kept as done tasks, else ""
    lead: str  # `**` or `__` before the date
    link: tuple[str, bool] | None  # the date as a wikilink: its folder (`Daily/`), and shown again after `|`
    trail: str
    separator: str  # between the date and the words: ` `, ` — `, `: `


DEFAULT_STYLE = _Style("", "-", " ", "", "", None, "", " ")
_MARKER = re.compile(r"([-*+]|(\d{1,9})([.)]))([ \t]+)(\[[xX]\][ \t]+)?")
_HEADING = re.compile(r"( {0,3})(#{1,6})([ \t]+)")
_SEPARATOR = re.compile(r"[ \t]*(?:(?:[-—–:|·•,;→]|->)+[ \t]*)?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_BLOCK_START = re.compile(r"[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|```|~~~|>)")
# A date value as `last_contact` may hold it: the date, with a time after it (which goes).
_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_EMPTY_VALUES = frozenset(("", "~", "null", "Null", "NULL"))


def log_edits(vault: Vault, person: Person, text: str, day: date, message: str, tag: str | None = None) -> list[Edit]:
    """The edits that log a contact with `person` on `day` into the note's current `text` (unsaved
    text too): `tag` is "gave", "asked" or None. Unplaceable when it cannot be done cleanly."""
    return list(plan_log(vault.config, person.path, text, day, message, tag).edits)


def plan_log(config: Config, path: str, text: str, day: date, message: str, tag: str | None = None) -> LogChange:
    """How the entry goes into the note `text` at `path`, and what becomes of its `last_contact`;
    nothing is written. Edits have 1-based lines and code-point columns, line 1's counted after a
    BOM (see writer.apply_edits). Unplaceable when the note is not read, or when the entry would
    change how anything else in it reads (say, a message that opens a comment)."""
    if visible(message, keep="\t") != message:
        raise UserError("the message must be one line of text, without control characters")
    if message.count("%%") % 2 or ("<!--" in message and "-->" not in message.rsplit("<!--", 1)[1]):
        raise UserError("the message opens a comment it does not close: it would hide what follows it")
    body = text[1:] if text.startswith("\ufeff") else text
    note = read_note(path, body.encode("utf-8"), config.max_note_bytes, config.max_frontmatter_bytes)
    broken = next((p for p in note.problems if p.code in ("VK001", "VK002")), None)
    if broken is not None:
        raise Unplaceable(f"{path}:{broken.line}: {broken.message}; fix that first (nothing written)")
    lines = body.split("\n")
    plain = [line.removesuffix("\r") for line in lines]
    words = _words(message, tag, config)
    heading = None
    entries, section = _log(note, plain, config.headings["log"])
    if entries:
        at, inserted, first = _beside(entries, plain, day, words)
    elif section is not None:  # a log section without entries: below what it holds, above its subsections
        at, inserted, first = _last_filled(plain, section[0] - 1, section[1] - 1) + 1, [_line(None, day, words)], 0
    else:  # no log section: one at the end of the note
        heading = f"{'#' * _heading_level(note)} {config.headings['log'][0]}"
        at, inserted, first = _end(lines), [heading, _line(None, day, words)], 1
        real = plain[: _end(lines)]
        if real and real[-1].strip():
            inserted, first = ["", *inserted], 2
    edits = [_insertion(path, lines, body, at, inserted)]
    found = _last_contact(note, plain, config, path, day)
    last = None
    if found is not None:
        edit, last = found
        if edit is not None:
            edits.append(edit)
        if last.line > at:  # below the insertion (a Dataview field in the body)
            last = last._replace(line=last.line + len(inserted))
    change = LogChange(path, tuple(sorted(edits)), inserted[first], at + 1 + first, heading, last)
    _verify(config, note, text, change, day, tag)
    return change


def _words(message: str, tag: str | None, config: Config) -> str:
    said = message.strip()
    if tag is not None:
        said = f"{said} #{config.gave_tag if tag == GAVE else config.asked_tag}".strip()
    return said


def _end(lines: list[str]) -> int:
    """Where text appended to the note goes: before the empty last part a final newline leaves,
    else after the last line (`len(lines)`: that line has no newline, and keeps having none)."""
    return len(lines) - 1 if lines[-1] == "" else len(lines)


def _last_filled(plain: list[str], start: int, end: int) -> int:
    """The last line from `start` to `end` (0-based, inclusive) that is not blank, else `start`."""
    for index in range(min(end, len(plain) - 1), start, -1):
        if plain[index].strip():
            return index
    return start


def _heading_level(note: ParsedNote) -> int:
    """The level of the note's sections: 2 under a title, 1 when the note's sections are titles."""
    levels = [h.level for h in note.headings]
    if levels.count(1) >= 2:
        return 1
    return min((level for level in levels if level > 1), default=2)


def _log(note: ParsedNote, plain: list[str], names: Sequence[str]) -> tuple[list[_Entry], tuple[int, int] | None]:
    """The entries of the log section that holds the latest one: dated list items (done tasks
    too) or dated headings, whichever that one is, the outermost only, in line order. Without
    any, the first log section (its heading's line and its last line, 1-based), if there is one."""
    ends = section_ends(note)
    sections = [(h.line, ends[i]) for i, h in enumerate(note.headings) if heading_matches(h.text, names)]
    if not sections:
        return [], None

    def inside(line: int) -> bool:
        return any(start < line <= end for start, end in sections)

    found = [
        (i.date, i.line, i.column - 1, False)
        for i in note.items
        if i.date is not None and i.status in (None, "x", "X") and inside(i.line)
    ]
    found += [(h.date, h.line, h.level, True) for h in note.headings if h.date is not None and inside(h.line)]
    if not found:
        start, end = sections[0]
        below = next((h.line - 1 for h in note.headings if h.line > start), end)
        return [], (start, min(end, below))
    newest = max(found, key=lambda e: (e[0], e[1]))
    start, end = max((s for s in sections if s[0] < newest[1] <= s[1]), key=lambda s: s[0])
    same = [e for e in found if e[3] == newest[3] and start < e[1] <= end]
    outer = min(e[2] for e in same)  # the shallowest items, the highest headings: the entries themselves
    chosen = sorted((e for e in same if e[2] == outer), key=lambda e: e[1])
    entries = []
    for n, (day, line, column, heading) in enumerate(chosen):
        limit = chosen[n + 1][1] - 2 if n + 1 < len(chosen) else end - 1
        if heading:
            below = next((h.line - 2 for h in note.headings if h.line > line and h.level <= column), end - 1)
            last = _last_filled(plain, line - 1, min(below, limit))
        else:
            last = _item_end(plain, line - 1, column, limit)
        entries.append(_Entry(day, line - 1, last, column, heading))
    return entries, None


def _item_end(plain: list[str], index: int, column: int, limit: int) -> int:
    """The last line of the list item on line `index` whose marker is at `column`: the lines
    indented below it (nested items, more paragraphs) and those that lazily go on its paragraph."""
    quote = _quote(plain[index])
    indent = _width(plain[index][len(quote) : column])
    last = index
    blank = False
    for number in range(index + 1, min(limit, len(plain) - 1) + 1):
        line = plain[number]
        if not line.strip():
            blank = True
            continue
        if _quote(line).replace(" ", "") != quote.replace(" ", ""):
            break
        inner = line[len(_quote(line)) :]
        if _width(inner[: len(inner) - len(inner.lstrip(" \t"))]) > indent or (
            not blank and not _BLOCK_START.match(inner)
        ):
            last, blank = number, False
            continue
        break
    return last


def _quote(line: str) -> str:
    m = _QUOTE.match(line)
    return m[0] if m else ""


def _width(blanks: str) -> int:
    return len(blanks.expandtabs(4))


def _beside(entries: list[_Entry], plain: list[str], day: date, words: str) -> tuple[int, list[str], int]:
    """Where the entry goes among the others, in the log's order (newest first when the dates
    mostly fall down the page, else newest last): before the first entry it is not older than
    (newest first), or after the last one it is not older than (newest last). Returns the line to
    insert before (0-based), the lines, and which of them is the entry."""
    pairs = list(pairwise(entries))
    falling = sum(a.day > b.day for a, b in pairs) > sum(a.day < b.day for a, b in pairs)
    loose = _loose(entries, plain)
    newest = max(entries, key=lambda e: (e.day, -e.row if falling else e.row))
    style = _style(plain, newest, entries)
    earlier = [e for e in entries if e.day <= day]
    if falling and earlier:
        after, neighbour = False, earlier[0]
    elif falling:
        after, neighbour = True, entries[-1]
    elif earlier:
        after, neighbour = True, earlier[-1]
    else:
        after, neighbour = False, entries[0]
    line = _line(style._replace(marker=_numbered(style, plain, neighbour, after)), day, words)
    if after:
        return neighbour.last + 1, ["", line] if loose else [line], 1 if loose else 0
    return neighbour.row, [line, ""] if loose else [line], 0


def _loose(entries: list[_Entry], plain: list[str]) -> bool:
    """Whether the entries stand apart, a blank line between them (before each, for headings)."""
    if entries[0].heading:  # a blank line above each heading but the first, else above the one there is
        gaps = [e.row > 0 and not plain[e.row - 1].strip() for e in entries[1:] or entries]
    else:
        gaps = [any(not line.strip() for line in plain[a.last + 1 : b.row]) for a, b in pairwise(entries)]
    return sum(gaps) * 2 > len(gaps)


def _style(plain: list[str], newest: _Entry, entries: list[_Entry]) -> _Style:
    """How the newest entry is written, for the new one to be written alike; the separator is of
    the newest entry with words after its date."""
    style = _shape(plain, newest)
    if style is None:
        return DEFAULT_STYLE
    for entry in sorted(entries, key=lambda e: (e.day, e.row), reverse=True):
        said = _said(plain, entry)
        if said is not None:
            return style._replace(separator=said)
    return style


def _parts(plain: list[str], entry: _Entry) -> tuple[str, str, str, str, re.Match[str]] | None:
    """An entry's line in parts: prefix, marker, gap, checkbox and the match of its date."""
    line = plain[entry.row]
    if entry.heading:
        h = _HEADING.match(line)
        if h is None:
            return None
        prefix, marker, gap, checkbox, at = h[1], h[2], h[3], "", h.end()
    else:
        m = _MARKER.match(line, entry.column)
        if m is None:
            return None
        prefix, marker, gap, checkbox, at = line[: entry.column], m[1], m[4], m[5] or "", m.end()
    d = LEADING_DATE.match(line, at)
    return None if d is None else (prefix, marker, gap, checkbox, d)


def _shape(plain: list[str], entry: _Entry) -> _Style | None:
    parts = _parts(plain, entry)
    if parts is None:
        return None
    prefix, marker, gap, checkbox, d = parts
    token = d[0]
    lead = token[:2] if token[:2] in ("**", "__") else ""
    trail = token[-2:] if token[-2:] in ("**", "__") and len(token) > len(lead) + 10 else ""
    link = None
    core = token[len(lead) : len(token) - len(trail)]
    if core.startswith("[["):
        target, bar, shown = core[2:-2].partition("|")
        folder, slash, name = target.rpartition("/")
        if _ISO.fullmatch(name.strip()):  # a daily note's link: the new day's, in the same folder
            link = (folder + slash, bool(bar) and _ISO.fullmatch(shown.strip()) is not None)
    return _Style(prefix, marker, gap, checkbox, lead, link, trail, " ")


def _said(plain: list[str], entry: _Entry) -> str | None:
    """The separator between an entry's date and its words; None when it has no words."""
    parts = _parts(plain, entry)
    if parts is None:
        return None
    line = plain[entry.row]
    separator = _SEPARATOR.match(line, parts[4].end())
    assert separator is not None  # it matches the empty text too
    if not line[separator.end() :].strip():
        return None
    return separator[0] or " "


def _numbered(style: _Style, plain: list[str], neighbour: _Entry, after: bool) -> str:
    """An ordered list's marker: the number after its neighbour's, or the neighbour's own number
    when it goes before it (Markdown numbers a list from its first item on)."""
    if neighbour.heading or not style.marker[:1].isdigit():
        return style.marker
    m = _MARKER.match(plain[neighbour.row], neighbour.column)
    if m is None or m[2] is None:
        return style.marker
    return f"{int(m[2]) + 1 if after else int(m[2])}{style.marker[-1]}"


def _line(style: _Style | None, day: date, words: str) -> str:
    style = style or DEFAULT_STYLE
    iso = day.isoformat()
    if style.link is not None:
        folder, shown = style.link
        iso = f"[[{folder}{iso}|{iso}]]" if shown else f"[[{folder}{iso}]]"
    said = style.separator + words if words else ""
    return f"{style.prefix}{style.marker}{style.gap}{style.checkbox}{style.lead}{iso}{style.trail}{said}"


def _insertion(path: str, lines: list[str], body: str, at: int, inserted: list[str]) -> Edit:
    """Insert `inserted` before line `at` (0-based), or after the last line when `at` is past it,
    each line ended as the line above ends."""
    crlf = body.count("\r\n")
    eol = "\r\n" if crlf * 2 > body.count("\n") else "\n"
    if at > 0 and at - 1 < len(lines) - 1:  # the line above has an end of its own: take it
        eol = "\r\n" if lines[at - 1].endswith("\r") else "\n"
    if at < len(lines):
        return Edit(path, at + 1, 1, at + 1, 1, "".join(line + eol for line in inserted))
    last = len(lines)
    return Edit(path, last, len(lines[-1]) + 1, last, len(lines[-1]) + 1, "".join(eol + line for line in inserted))


# -- last_contact ----------------------------------------------------------------------------------


def _last_contact(
    note: ParsedNote, plain: list[str], config: Config, path: str, day: date
) -> tuple[Edit | None, LastContact] | None:
    """The edit of the note's `last_contact` to `day`, if it has one and it is earlier (None
    with the reason otherwise), under whichever key the note keeps it; None when it keeps none."""
    table = field_table(config)
    fields = read_person_fields(note.fields, _stem(path), config, table, note.inline_fields)
    f = fields.last_contact_field
    if f is None:
        empty = [g for g in (*note.fields, *note.inline_fields) if table.fields.get(g.norm) == "last_contact"]
        if not empty:
            return None
        return _fill(plain, min(empty, key=lambda g: table.order[g.norm]), path, day)
    before = _written(plain, f)
    if fields.last_contact is None:
        return None, LastContact(f.key, f.line, before, None, f"{literal(f.value)} is not a date")
    if fields.last_contact >= day:
        later = "the same day" if fields.last_contact == day else "later"
        return None, LastContact(f.key, f.line, before, None, later)
    found = list(_DATE_VALUE.finditer(before)) if f.value_span and f.value_span[0] == f.value_span[2] else []
    if len(found) != 1:
        return None, LastContact(f.key, f.line, before, None, "not a value vaultkit can edit in place")
    line, column = f.value_span[0], f.value_span[1]  # type: ignore[index]  # checked above
    start, end = found[0].span()
    after = before[:start] + day.isoformat() + before[end:]
    edit = Edit(path, line, column + start, line, column + end, day.isoformat())
    return edit, LastContact(f.key, f.line, before, after)


def _fill(plain: list[str], f: Field, path: str, day: date) -> tuple[Edit | None, LastContact]:
    """A `last_contact` key kept empty (`last_contact:`, `""`, `null`): given the date."""
    before = _written(plain, f)
    span = f.value_span
    if span is None or span[0] != span[2] or (before not in _EMPTY_VALUES and before not in ('""', "''")):
        return None, LastContact(f.key, f.line, before, None, "not a value vaultkit can edit in place")
    line, column, _, end = span
    if before in ('""', "''"):
        value = before[0] + day.isoformat() + before[0]
    else:
        value = day.isoformat() if before else " " + day.isoformat()
    return Edit(path, line, column, line, end, value), LastContact(f.key, f.line, before, value.strip())


def _written(plain: list[str], f: Field) -> str:
    """A field's value as the note writes it (its first line)."""
    if f.value_span is None:
        return literal(f.value)
    line, column, end_line, end = f.value_span
    text = plain[line - 1]
    return text[column - 1 : end - 1] if end_line == line else text[column - 1 :]


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


# -- the safety net ----------------------------------------------------------------------------------


def _verify(config: Config, note: ParsedNote, text: str, change: LogChange, day: date, tag: str | None) -> None:
    """Read the note as the edits leave it: everything it said is said still, the entry is a
    log entry of `day` (with its tag), and `last_contact` changed only as meant. Unplaceable if not."""
    from vaultkit.writer import apply_edits

    after = apply_edits(text.encode("utf-8"), change.edits).decode("utf-8").removeprefix("\ufeff")
    new = read_note(change.path, after.encode("utf-8"), config.max_note_bytes, config.max_frontmatter_bytes)
    names = config.headings["log"]
    ours = {change.entry_line, change.entry_line - 1 if change.heading else change.entry_line}  # the lines written
    neutral = change.last_contact is not None and change.last_contact.after is not None
    old_log, new_log = log_entries(note, names), log_entries(new, names)
    entry = next((e for e in new_log if e.line == change.entry_line), None)
    problem = ""
    if entry is None or entry.date != day:
        problem = "it would not read as a log entry"
    elif tag is not None and (config.gave_tag if tag == GAVE else config.asked_tag) not in entry.tags:
        problem = "its tag would not read as one"
    elif Counter(e.date for e in new_log) != Counter(e.date for e in old_log) + Counter([day]):
        problem = "other log entries would read otherwise"
    elif Counter(p.code for p in new.problems) != Counter(p.code for p in note.problems):
        problem = "the note would read otherwise"
    elif _said_fields(note, config, change.path, neutral) != _said_fields(new, config, change.path, neutral):
        problem = "the note's fields would read otherwise"
    elif [(h.level, h.text) for h in note.headings] != [(h.level, h.text) for h in new.headings if h.line not in ours]:
        problem = "its headings would read otherwise"
    elif _body(note, ()) != _body(new, ours):
        problem = "the rest of the note would read otherwise"
    if problem:
        raise Unplaceable(f"{change.path}: cannot log this entry there: {problem}; nothing written")


def _body(note: ParsedNote, ours: Collection[int]) -> tuple[object, ...]:
    """What the body says besides its headings, but for the lines written: links, tasks, dated and
    tagged items, suppressions."""
    links = [
        (k.target, k.subpath, k.display, k.kind, k.embed, k.quote, k.struck) for k in note.links if k.line not in ours
    ]
    items = [(i.status, i.date, i.tags, i.quote, i.struck, i.text) for i in note.items if i.line not in ours]
    return tuple(links), tuple(items), tuple((d.next_line, d.codes) for d in note.directives)


def _said_fields(note: ParsedNote, config: Config, path: str, neutral: bool) -> tuple[object, ...]:
    """What a note's fields say, wherever they stand (an entry above a Dataview field moves it
    down); with `neutral`, `last_contact`'s value left out (the edit changes it)."""
    table = field_table(config)
    fields = read_person_fields(note.fields, _stem(path), config, table, note.inline_fields)
    fields = fields._replace(last_contact_field=None, met_field=None, problems=())
    if neutral:
        fields = fields._replace(last_contact=None)
    keys = tuple(
        (f.key, None if neutral and table.fields.get(f.norm) == "last_contact" else f.value)
        for f in (*note.fields, *note.inline_fields)
    )
    return fields, keys


# -- the command -----------------------------------------------------------------------------------


def parse_day(text: str | None, today: date) -> date:
    """`--date`: a YYYY-MM-DD on or before today (default: today)."""
    if text is None:
        return today
    try:
        day = date.fromisoformat(text) if _ISO.fullmatch(text.strip()) else None
    except ValueError:
        day = None
    if day is None:
        raise UserError(f"--date {text!r} is not a date (YYYY-MM-DD)")
    if day > today:
        raise UserError(f"--date {day} is after today ({today}): log a contact once it has happened")
    return day


def log_contact(
    root: Path, vault: Vault, name: str, message: str, day: date, tag: str | None, known: bytes | None = None
) -> tuple[Person, LogChange]:
    """Write the entry into the note of the person `name` names: the note as it is on disk now,
    refused when it changed since the vault was read (`known`, its digest then) or while the
    edits were worked out. Returns the person and what changed."""
    from vaultkit.writer import (
        apply_edits,
        atomic_write,
        digest,
        inside,
        read_regular,
        why,
    )

    person = find_person(vault, name)
    target = inside(root, person.path)
    try:
        data = read_regular(target)
    except OSError as error:
        raise RefusedError(f"{person.path}: cannot read it ({why(error)}); nothing written") from None
    if known is not None and digest(data) != known:
        raise RefusedError(f"{person.path}: changed since the vault was read (run again); nothing written")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unplaceable(f"{person.path}: the note is not UTF-8; nothing written") from None
    change = plan_log(vault.config, person.path, text, day, message, tag)
    try:
        atomic_write(target, apply_edits(data, change.edits), expected=digest(data))
    except OSError as error:
        raise RefusedError(f"{person.path}: cannot write it ({why(error)}); nothing written") from None
    return person, change


def describe(person: Person, change: LogChange) -> list[str]:
    """What `vaultkit log` prints: the note, then each line added or changed."""
    out = [f"Logged {person.name} in {change.path}:"]
    if change.heading is not None:
        out.append(f"  line {change.entry_line - 1}: + {change.heading}")
    out.append(f"  line {change.entry_line}: + {change.entry.strip()}")
    last = change.last_contact
    if last is not None and last.after is not None:
        out.append(f"  line {last.line}: {last.key}: {last.before or '(empty)'} -> {last.after}")
    elif last is not None:
        out.append(f"  line {last.line}: {last.key}: {last.before} left as it is ({last.why})")
    return [visible(line) for line in out]
