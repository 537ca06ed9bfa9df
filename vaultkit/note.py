"""Reading one note: bytes in, a plain `ParsedNote` out. Never raises on bad input.

The body is read by a line scanner rather than a full Markdown parser: it has to run over every
note of a large vault on the cold path (see 04-quality.md), and what the rules need from the
body is small — headings, list items with their tasks, dates and tags, links, and what is code or
comment. The scanner follows CommonMark where that matters for those: fenced and indented code,
inline code spans, HTML and `%%` comments, block quotes and callouts, ATX and setext headings.
"""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import marshal
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, datetime
from sys import intern
from typing import NamedTuple
from urllib.parse import unquote

from vaultkit.frontmatter import Field, Problem, parse_frontmatter, salvaged
from vaultkit.text import normalize_key

PARSER_VERSION = 13  # bump when ParsedNote's shape or meaning changes: the index is rebuilt

Day = date  # a field below is named `date`
WIKI, MARKDOWN, FRONTMATTER = "wiki", "md", "fm"
NO_QUOTE, PLAIN_QUOTE, CALLOUT = 0, 1, 2
SUGGESTED = 3  # a callout too: vaultkit's own `> [!tip] Suggested by vaultkit` in a plan (not planned yet)


class Link(NamedTuple):
    target: str  # the path part: `Folder/Name`, `Name.md`, unescaped
    subpath: str  # `#Heading`, `#^block` or ""
    display: str | None
    line: int
    column: int
    end_column: int
    kind: str  # WIKI, MARKDOWN or FRONTMATTER
    embed: bool
    task: int  # the nearest task around it (index into ParsedNote.items), or -1
    quote: int  # NO_QUOTE, PLAIN_QUOTE, CALLOUT or SUGGESTED
    tags: tuple[str, ...]  # tags of its list item, else of its line (casefolded, no '#')
    table: bool = False  # a wikilink in a table row, where a `|` must be written `\|`
    struck: bool = False  # inside struck-out text (`~~…~~`, `<del>`): it still resolves, but did not happen

    def in_open_task(self, items: "tuple[Item, ...]") -> bool:
        """Inside a task that is not done (`- [ ]`, `- [-]`, ...): a plan, not a contact."""
        return self.task >= 0 and items[self.task].status not in ("x", "X")


class Item(NamedTuple):
    """A list item that is a task, begins with a date or has a tag (other items are not kept)."""

    line: int
    end_line: int
    column: int
    status: str | None  # a task's checkbox character (' ', 'x', '-', ...) or None
    date: Day | None  # the date the item begins with (a log entry), if any
    date_column: int
    due: Day | None  # 📅 YYYY-MM-DD or due:: YYYY-MM-DD
    tags: tuple[str, ...]
    quote: int
    struck: bool = False  # struck out (`- ~~2026-03-14 coffee~~`, see `_struck_entry`): it did not happen
    text: str = ""  # what a task or a tagged item says on its first line, after its checkbox (else "")

    @property
    def open_task(self) -> bool:
        """A task not yet done or cancelled: `[ ]`, and `[/]`, `[>]`, `[?]`... (any mark but x, X, -).
        A task struck out (`- [ ] ~~call Ana~~`) is cancelled too."""
        return self.status is not None and self.status not in ENDED and not self.struck


ENDED = frozenset(("x", "X", "-"))  # a task's checkbox once it is done or cancelled


class Heading(NamedTuple):
    level: int
    text: str
    line: int
    date: Day | None = None  # the date it begins with (`### 2026-06-05 — dinner`): a log entry in a log section
    date_column: int = 0
    tags: tuple[str, ...] = ()  # of a dated heading: the tags of its text up to the next heading


class Directive(NamedTuple):
    """`vaultkit-disable` (whole note) or `vaultkit-disable-next-line` (line + 1)."""

    line: int
    next_line: bool
    codes: tuple[str, ...]  # empty: every code


class ParsedNote(NamedTuple):
    path: str
    problems: tuple[Problem, ...]
    fields: tuple[Field, ...]
    frontmatter_valid: bool
    headings: tuple[Heading, ...]
    items: tuple[Item, ...]
    links: tuple[Link, ...]
    directives: tuple[Directive, ...]
    line_count: int
    inline_fields: tuple[Field, ...] = ()  # Dataview's `key:: value` lines of the body


# -- the index's storage form: marshal-able plain tuples, about ten times faster to load than pickle --


def encode_value(value: object) -> object:
    """A frontmatter value with dates as tagged tuples (YAML never yields tuples itself)."""
    if isinstance(value, str):
        return intern(value) if len(value) <= 64 else value  # roles, levels, companies repeat
    if isinstance(value, datetime):
        return (1, value.isoformat())
    if isinstance(value, date):
        return (0, value.toordinal())
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, dict):
        return {k: encode_value(v) for k, v in value.items()}
    return value


def decode_value(value: object) -> object:
    if isinstance(value, tuple):
        return date.fromordinal(value[1]) if value[0] == 0 else datetime.fromisoformat(value[1])
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if isinstance(value, dict):
        return {k: decode_value(v) for k, v in value.items()}
    return value


def encode(note: ParsedNote) -> bytes:
    """Interned strings stay interned through marshal: keys, link targets and tags repeat across
    thousands of notes, and sharing them saves tens of megabytes on a large vault."""
    fields = tuple((intern(f[0]), intern(f[1]), encode_value(f[2]), *f[3:]) for f in note.fields)
    links = tuple((intern(link[0]), *link[1:10], tuple(map(intern, link[10])), *link[11:]) for link in note.links)
    items = tuple(
        (
            i[0],
            i[1],
            i[2],
            i[3],
            i[4].toordinal() if i[4] else 0,
            i[5],
            i[6].toordinal() if i[6] else 0,
            tuple(map(intern, i[7])),
            i[8],
            i[9],
            i[10],
        )
        for i in note.items
    )
    plain = (
        note.path, tuple(map(tuple, note.problems)), fields, note.frontmatter_valid,
        tuple((h[0], intern(h[1]), h[2], h[3].toordinal() if h[3] else 0, h[4], h[5]) for h in note.headings),
        items, links, tuple(map(tuple, note.directives)), note.line_count,
        tuple((f[0], f[1], encode_value(f[2]), *f[3:]) for f in note.inline_fields),
    )  # fmt: skip
    return marshal.dumps(plain)  # type: ignore[arg-type]  # nested tuples of plain values


_SIMPLE = (str, int, bool, float, type(None))


def decode(data: bytes) -> ParsedNote:
    path, problems, fields, valid, headings, items, links, directives, count, inline = marshal.loads(data)
    new = tuple.__new__
    ordinal = date.fromordinal
    return new(ParsedNote, (
        path,
        tuple([new(Problem, p) for p in problems]) if problems else (),
        tuple([
            new(Field, f) if f[2].__class__ in _SIMPLE else new(Field, (f[0], f[1], decode_value(f[2]), *f[3:]))
            for f in fields
        ]) if fields else (),
        valid,
        tuple([
            new(Heading, (h[0], h[1], h[2], ordinal(h[3]) if h[3] else None, h[4], h[5])) for h in headings
        ]) if headings else (),
        tuple([
            new(Item, (i[0], i[1], i[2], i[3], ordinal(i[4]) if i[4] else None, i[5],
                       ordinal(i[6]) if i[6] else None, i[7], i[8], i[9], i[10]))
            for i in items
        ]) if items else (),
        tuple([new(Link, link) for link in links]) if links else (),
        tuple([new(Directive, d) for d in directives]) if directives else (),
        count,
        tuple([new(Field, (f[0], f[1], decode_value(f[2]), *f[3:])) for f in inline]) if inline else (),
    ))  # fmt: skip


def unreadable(path: str, message: str, code: str = "VK001", fields: tuple[Field, ...] = ()) -> ParsedNote:
    problem = Problem(code, 1, 1, 1, 1, message)
    return ParsedNote(path, (problem,), fields, False, (), (), (), (), 0, ())


def read_note(path: str, data: bytes, max_note_bytes: int, max_frontmatter_bytes: int) -> ParsedNote:
    """Parse a note's bytes. Problems (VK001-VK003) are recorded, never raised."""
    if len(data) > max_note_bytes:
        message = f"note is larger than {max_note_bytes} bytes (max-note-bytes); not read"
        return unreadable(path, message, fields=_salvaged_head(data, max_frontmatter_bytes))
    if b"\0" in data:
        number = data.count(b"\n", 0, data.index(b"\0")) + 1
        message = f"note contains NUL bytes (line {number}): is it a binary file?"
        return unreadable(path, message, fields=_salvaged_head(data, max_frontmatter_bytes))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        number = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = f"note is not UTF-8 (byte 0x{byte:02X} on line {number}): re-save it as UTF-8"
        return unreadable(path, message, fields=_salvaged_head(data, max_frontmatter_bytes))
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if "\r" in text:
        for i, line in enumerate(lines):
            if line.endswith("\r"):
                lines[i] = line[:-1]
    problems: list[Problem] = []
    fields: tuple[Field, ...] = ()
    fm_links: tuple[Link, ...] = ()
    valid = False
    body_start = 0
    if lines[0] == "---":
        close = next((i for i in range(1, len(lines)) if lines[i] in ("---", "...")), None)
        if close is None:
            problems.append(Problem("VK002", 1, 1, 1, 4, "frontmatter opened on line 1 is never closed with ---"))
            body_start = 1
        else:
            fm = parse_frontmatter("\n".join(lines[1:close]), 2, max_frontmatter_bytes)
            problems.extend(fm.problems)
            fields, valid = fm.fields, fm.valid
            fm_links = tuple(_frontmatter_link(link.text, link.line, link.column, link.end_column) for link in fm.links)
            body_start = close + 1
    body = _Scanner(lines, body_start).scan()
    return ParsedNote(
        path,
        tuple(problems),
        fields,
        valid,
        body.headings,
        body.items,
        fm_links + body.links,
        body.directives,
        len(lines),
        body.fields,
    )


def _salvaged_head(data: bytes, cap: int) -> tuple[Field, ...]:
    """What the frontmatter of a note that is not read still says of it (see `salvaged`)."""
    lines = data[: cap + 8].decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    if lines[0] != "---":
        return ()
    whole = len(lines) - 1 if len(data) > cap + 8 else len(lines)  # the last line may be cut short
    close = next((i for i in range(1, whole) if lines[i] in ("---", "...")), None)
    return () if close is None else salvaged("\n".join(lines[1:close]), 2)


def _frontmatter_link(inner: str, line: int, column: int, end_column: int) -> Link:
    target, subpath, display = split_wikilink(inner)
    return Link(target, subpath, display, line, column, end_column, FRONTMATTER, False, -1, NO_QUOTE, (), False, False)


def split_wikilink(inner: str) -> tuple[str, str, str | None]:
    """`Folder/Name#Heading|text` → ("Folder/Name", "#Heading", "text"); `A\\|B` in tables too."""
    display = None
    bar = inner.find("|")
    if bar >= 0:
        display = inner[bar + 1 :]
        inner = inner[:bar]
        if inner.endswith("\\"):
            inner = inner[:-1]
    hash_at = inner.find("#")
    subpath = ""
    if hash_at >= 0:
        inner, subpath = inner[:hash_at], inner[hash_at:]
    return inner.strip(), subpath, display


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
# A list item: indent, marker, then after blanks a task's checkbox (status) and the content.
_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[(.)\](?:[ \t]+|$))?(.*))?")
# A date an entry begins with: `2026-03-14`, `**2026-03-14**`, `[[2026-03-14]]`, a note named for the day
# linked by its path, with more to its name or other words shown (`[[Daily/2026-03-14|Tue]]`,
# `[[2026-03-14 Planning]]`), or a date shown for another note (`[[…|2026-03-14]]`).
LEADING_DATE = re.compile(
    r"(?:\*\*|__)?(?:(?P<open>\[\[)(?:[^\]|\n]*\||[^\]|\n]*/)?)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?(open)[^\]\n]*\]\])(?:\*\*|__)?(?!\d)"
)
DUE_MARK = r"(?:📅|📆|🗓\ufe0f?|\bdue::)"  # the Tasks plugin's due date (any of its three emoji), Dataview's
_DUE = re.compile(DUE_MARK + r"\s*(\d{4})-(\d{2})-(\d{2})")
# One of a task's fields for the Tasks plugin: a date (due, scheduled, start, created, done,
# cancelled), a priority, or `due:: 2026-11-01` (in brackets too). The one list of them here.
TASK_FIELD = (
    r"(?:\[?" + DUE_MARK + r"[ \t]*\d{4}-\d{2}-\d{2}\]?|[⏳🛫➕✅❌]\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}|[⏫🔼🔽🔺⏬]\ufe0f?)"
)
_TAG = re.compile(r"(?<!\S)#([^\s#!\"$%&'()*+,.:;<=>?@\[\\\]^`{|}~]+)")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")
# A Markdown link: `[text](url "title")`, its text holding brackets nested one deep, its url parentheses
# (see `_md_links`). Read in parts: one expression for the whole, with repeated groups, kept a
# backtracking point for each character of the text (740 MB for a 4 MB text) or pair in the url.
_BRACKET = re.compile(r"[\[\]\n]")
_URL_OPEN = re.compile(r"\(\s*")
_URL_ANGLED = re.compile(r"<[^>\n]*>")
_URL_PLAIN = re.compile(r"[^()\s]*")
_URL_PAIR = re.compile(r"\([^()\s]*\)[^()\s]*")
_URL_CLOSE = re.compile(r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CALLOUT = re.compile(r"\[![^\]\n]+\][-+]?")
_SUGGESTED = re.compile(r"\[!tip\][-+]?[ \t]+suggested by vaultkit\b", re.IGNORECASE)
_DIRECTIVE = re.compile(r"(?:<!--|%%)\s*vaultkit-disable(-next-line)?\b")
_RULE_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*")  # a cell of a table's delimiter row (see `_table_rule`)
# A line that starts with a letter and holds nothing the scanner looks for: it only continues a
# paragraph or a list item. What is not here is a link, tag or heading ('[', '#'), code ('`'), or a
# comment or directive ('<!--', '%%'), or struck-out text ('~~').
_PROSE = re.compile(r"[^\W\d_][^\[#`<%~]*")
# Struck-out text (GFM): `~~` (exactly two) or the HTML tags that strike, opening or closing.
_STRIKE = re.compile(r"(?<!~)~~(?!~)|</?(?:del|s|strike)>", re.IGNORECASE)
# A Dataview inline field on its own line (`last_contact:: 2026-10-01`, `**Company**:: Acme`).
_INLINE_FIELD = re.compile(r"(?:\*\*|__)?([^\W\d_][\w '-]{0,63}?)(?:\*\*|__)?::[ \t]*(.*?)[ \t]*")
# What an entry's text may hold besides what it says happened: a tag, a remark in brackets, and
# a task's dates and priorities for the Tasks plugin (`📅 2026-10-01`, `⏫`).
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|(?<!\S)#\S+|" + TASK_FIELD)
# What may stand beside a struck entry to say it did not happen: `~~coffee~~ cancelled`.
_CANCELLED = re.compile(
    r"[\W_]*(?:(?:cancell?ed|postponed|rescheduled|moved|skipped|no[- ]show|called off|did ?n[o']t happen)[\W_]*)+",
    re.IGNORECASE,
)
_SPECIAL = re.compile(r"vaultkit-disable|<!--|%%|`")


_new = tuple.__new__  # a NamedTuple without its generated __new__: a third of the cost, called 100,000 times


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _indent(ws: str) -> int:
    return len(ws.expandtabs(4)) if "\t" in ws else len(ws)


class _Body(NamedTuple):
    headings: tuple[Heading, ...]
    items: tuple[Item, ...]
    links: tuple[Link, ...]
    directives: tuple[Directive, ...]
    fields: tuple[Field, ...]


Spans = list[tuple[int, int]]  # struck-out columns of a line: sorted, apart (see `_merged`)


class _Strike:
    """A strike open in the paragraph: what closes it, where on its line it opened, and where in
    the scanner's `waiting` list what it holds begins (None until the first thing after it)."""

    __slots__ = ("carried", "closed", "closer", "column", "first")

    def __init__(self, closer: str, column: int) -> None:
        self.closer = closer
        self.column = column
        self.first: int | None = None
        self.carried = False  # opened on an earlier line of the paragraph
        self.closed = False


def _inside(at: int, spans: Spans) -> bool:
    index = bisect_right(spans, (at, _NEVER)) - 1
    return index >= 0 and at < spans[index][1]


_NEVER = 1 << 62
_CELL_BAR = re.compile(r"(?<!\\)\|")  # a table row's cells are split at `|`, not at `\|`


def _merged(spans: Spans) -> Spans:
    """Sorted spans, overlapping and nested ones made one: `_inside` looks them up by bisection."""
    out: Spans = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _flanking(line: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether a delimiter run at line[start:end] can open and can close (CommonMark's left- and
    right-flanking); the line's ends count as white space."""
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    opens = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
    closes = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
    return opens, closes


def _punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or (not char.isascii() and unicodedata.category(char).startswith(("P", "S")))


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _struck_entry(text: str, start: int, spans: Spans) -> bool:
    """Whether what `text` (at column `start` of the line the spans are of) says happened is struck
    out: `~~coffee with Ana~~`, `~~coffee~~ (cancelled)`. Text outside the strike that is only a
    tag or a remark in brackets does not count; `coffee, ~~lunch~~` still happened."""
    end = start + len(text)
    kept: list[str] = []
    at = start
    for s, e in spans:  # sorted and apart: one pass
        if e <= at or s >= end:
            continue
        kept.append(text[at - start : max(s, at) - start])
        at = max(at, e)
    if at == start:
        return False  # nothing of it struck
    kept.append(text[at - start :] if at < end else "")
    rest = _ASIDE.sub("", "".join(kept))
    return not any(c.isalnum() for c in rest) or _CANCELLED.fullmatch(rest) is not None


class _Scanner:
    def __init__(self, lines: list[str], start: int) -> None:
        self.lines = lines
        self.start = start
        self.headings: list[Heading] = []
        self.items: list[list[object]] = []  # mutable while scanning, frozen at the end
        self.item_tags: list[set[str]] = []
        self.links: list[Link] = []
        self.directives: list[Directive] = []
        self.stack: list[tuple[int, int]] = []  # open list items: (marker indent, item index)
        self.table = False  # in the rows of a table (below its `--- | ---` line), until a blank line or a block
        self.fields: list[Field] = []
        self.dated_tags: dict[int, set[str]] = {}  # a dated heading's index → the tags of its text
        # A strike opened on an earlier line of the paragraph and not closed yet: what closes it,
        # and what was found inside it since (("link" | "item", index)), struck once it closes.
        # The strikes open in this paragraph, innermost last (see `_strikes`), and the links and
        # items found in them so far (("link" | "item", index)), each strike's from its `first` on.
        self.strike: list[_Strike] = []
        self.waiting: list[tuple[str, int]] = []
        self.fresh: list[_Strike] = []  # opened on this line
        self.starting: list[_Strike] = []  # of those, the ones whose `first` is not known yet, the leftmost last
        self.tag: _Strike | None = None  # the one `<del>` (`<s>`, `<strike>`) open, if any

    def scan(self) -> _Body:
        lines = self.lines
        fence: tuple[str, int] | None = None
        comment: str | None = None  # "-->" or "%%" while inside a multi-line comment
        prev_blank = True
        prev_paragraph: tuple[int, str] | None = None  # a plain text line that a setext underline would head
        indented_code = False
        quote_kind = NO_QUOTE
        lazy = False  # the quote's last line left a paragraph open: a line without `>` may continue it
        quoted_fence: str | None = None  # inside a fenced code block of the quote: its fence
        for index in range(self.start, len(lines)):
            raw = lines[index]
            number = index + 1
            if fence is not None:
                stripped = raw.lstrip(" \t")
                if stripped.startswith(fence[0][0] * fence[1]) and stripped.rstrip().strip(fence[0][0]) == "":
                    fence = None
                    prev_blank = True
                continue
            line = raw
            if comment is not None:
                end = line.find(comment)
                if end < 0:
                    if "vaultkit-disable" in line:
                        self._directive_inside(line, number)
                    continue
                line = " " * (end + len(comment)) + line[end + len(comment) :]
                comment = None
            if not line or line.isspace():
                prev_blank = True
                prev_paragraph = None
                quote_kind, quoted_fence = NO_QUOTE, None
                self.table = False
                self._end_strikes()  # a strike is closed within its paragraph, or is no strike
                continue
            first = line[0]
            if _PROSE.fullmatch(line):  # most lines of most notes: none of the rest applies
                indented_code = False
                if quote_kind != NO_QUOTE:
                    if lazy:  # CommonMark's lazy continuation: still the quote's paragraph
                        if self.stack:
                            self.items[self.stack[-1][1]][1] = number
                        continue
                    quote_kind, quoted_fence = NO_QUOTE, None
                    self.stack.clear()
                if self.stack and not prev_blank:
                    self.items[self.stack[-1][1]][1] = number
                else:
                    self.stack.clear()
                    prev_paragraph = (number, line)
                if "::" in line:
                    self._field(line, number, 0)
                prev_blank = False
                continue
            if indented_code:
                if first in " \t" and line.startswith(("    ", "\t")):
                    continue
                indented_code = False
            special = _SPECIAL.search(line) is not None  # a directive, a comment or code
            if special and "vaultkit-disable" in line:  # read before comments are blanked, after code spans are
                self._directives(_mask_code_spans(line) if "`" in line else line, number)
            if first in " \t":
                first = line.lstrip(" \t")[:1]
            if first in ("`", "~"):
                m = _FENCE.fullmatch(line)
                if m and not (m[1][0] == "`" and "`" in m[2]):
                    fence = (m[1][0], len(m[1]))
                    self._end_strikes()
                    prev_paragraph = None
                    self.table = False
                    quote_kind, lazy = NO_QUOTE, False
                    if line[:1] not in (" ", "\t"):
                        self.stack.clear()
                    continue
            if prev_blank and not self.stack and line.startswith(("    ", "\t")):
                indented_code = True
                continue
            if special and ("<!--" in line or "%%" in line):
                line, comment = _mask_comments(line)
                if not line.strip():
                    prev_blank = False
                    continue
            if special and "`" in line:
                line = _mask_code_spans(line)
            offset = 0
            in_quote = NO_QUOTE
            if first == ">":
                markers = _quote_end(line)
                if markers:
                    if quote_kind == NO_QUOTE:
                        self._end_strikes()
                        if _CALLOUT.match(line, markers):
                            quote_kind = SUGGESTED if _SUGGESTED.match(line, markers) else CALLOUT
                        else:
                            quote_kind = PLAIN_QUOTE
                        self.stack.clear()
                        prev_paragraph = None
                        self.table = False
                    in_quote = quote_kind
                    offset = markers
                    line = line[offset:]
                    first = line.lstrip(" \t")[:1]
                    if not line.strip():
                        self._end_strikes()  # `>` alone: the quote's paragraph ends
                    fenced = _FENCE.fullmatch(line) if first in ("`", "~") else None
                    if quoted_fence is None and fenced:  # code in the quote: nothing in it counts
                        quoted_fence, lazy = fenced[1], False
                        continue
                    if quoted_fence is not None:  # inside it, until its closing fence
                        if fenced and fenced[1].startswith(quoted_fence) and not fenced[2].strip():
                            quoted_fence = None
                        lazy = False
                        continue
                    # A paragraph (or a list item's) opened or went on: not a blank, a heading, a
                    # table row or a thematic break, which leave nothing for a lazy line to continue.
                    said = raw[offset:].lstrip(" \t")[:1]  # code or a comment, masked, is still text
                    lazy = said not in ("", "|") and not _thematic_break(line) and _atx_heading(line) is None
            elif quote_kind != NO_QUOTE:
                if lazy and not _starts_block(line, first):
                    in_quote = quote_kind  # a lazy continuation line, with whatever it holds
                else:
                    quote_kind, lazy, quoted_fence = NO_QUOTE, False, None
                    self.stack.clear()
            if self.strike and _starts_block(line, first):
                self._end_strikes()  # a heading, a list item, a fence: a new paragraph, where no strike goes on
            spans: Spans = []
            if self.table and "|" in line:
                spans = self._cell_strikes(line)  # each cell of a table row is a paragraph of its own
            elif self.strike or "~~" in line or "<" in line:
                spans = self._strikes(line)
            if not in_quote:
                if first == "#":
                    atx = _atx_heading(line)
                    if atx is not None:
                        self._end_strikes()
                        self._heading(atx, line, number, spans)
                        self.stack.clear()
                        self.table = False
                        prev_blank, prev_paragraph = False, None
                        if "#" in atx[1] or "[" in atx[1]:  # a tag or link in its text (not its #s)
                            self._inline(line, number, offset, -1, in_quote, spans)
                        continue
                if prev_paragraph is not None and first in ("=", "-"):
                    m = _SETEXT.fullmatch(line)
                    if m:
                        level = 1 if m[1][0] == "=" else 2
                        self._end_strikes()
                        paragraph = prev_paragraph[1]
                        struck = self._cell_strikes(paragraph.replace("|", " ")) if "~~" in paragraph else []
                        self._heading((level, paragraph.strip()), paragraph, prev_paragraph[0], struck, setext=True)
                        self.stack.clear()
                        self.table = False
                        prev_blank, prev_paragraph = False, None
                        continue
            if first in "-*+0123456789" and first:
                m = _ITEM.fullmatch(line)
                if m:
                    self.table = False
                    self._item(m, number, offset, in_quote, spans)
                    prev_blank, prev_paragraph = False, None
                    continue
            if "|" in line and "|" in lines[index - 1] and not prev_blank and _table_rule(line):
                self.table = True  # a table's header, then its delimiter row: rows follow, with or without outer |
            if self.stack and (not prev_blank or line[:1] in (" ", "\t")):
                item = self.stack[-1][1]
                self.items[item][1] = number
                if "#" in line or "[" in line:
                    self._inline(line, number, offset, item, in_quote, spans)
            else:
                self.stack.clear()
                if "#" in line or "[" in line:
                    self._inline(line, number, offset, -1, in_quote, spans)
                prev_paragraph = (number, line) if not in_quote else None
            if "::" in line and not in_quote:
                self._field(line, number, offset)
            prev_blank = False
        return self._finish()

    def _strikes(self, line: str) -> Spans:
        """The struck-out spans of a line (columns from 0): `~~…~~` as GFM pairs them (a `~~`,
        exactly two, opens when left-flanking and closes the nearest open one when right-flanking,
        as CommonMark's delimiter runs) and `<del>…</del>` (`<s>`, `<strike>`). A strike left open
        at the end of the line may close on a later line of the same paragraph: what it held
        there is struck then (`_closed`). Linear in the line and the paragraph."""
        if not self.strike:
            self.waiting.clear()
        for strike in self.fresh:  # opened on the line before (the older ones are carried already)
            if not strike.closed:
                strike.carried = True
                strike.column = 0
                if strike.first is None:
                    strike.first = len(self.waiting)
        self.fresh = []
        spans: Spans = []
        for m in _STRIKE.finditer(line):
            token = m[0].lower()
            if token == "~~":
                opens, closes = _flanking(line, m.start(), m.end())
            else:
                opens, closes = not token.startswith("</"), token.startswith("</")
            at = self._opener(token)
            if closes and at >= 0:
                strike = self.strike.pop(at)
                strike.closed = True
                spans.append((strike.column, m.end()))
                if strike is self.tag:
                    self.tag = None
                if strike.carried:
                    self._closed(strike, at)
            elif opens and (token == "~~" or self.tag is None):
                strike = _Strike(token if token == "~~" else "</" + token[1:], m.start())
                if token != "~~":
                    self.tag = strike
                self.strike.append(strike)
                self.fresh.append(strike)
        self.starting = [strike for strike in reversed(self.fresh) if not strike.closed]
        return _merged(spans) if spans else spans

    def _opener(self, token: str) -> int:
        """Where in `self.strike` the strike `token` closes is (the nearest one), or -1. Found
        from the top in a step or two: at most one of them is a tag (`self.tag`), and a tag's
        closer only closes it; searching them all for each closer made `~~a ` × 20,000 then
        `</del>` × 20,000 take 8 seconds."""
        strikes = self.strike
        if token == "~~":
            at = len(strikes) - 1
            return at - 1 if at >= 0 and strikes[at] is self.tag else at
        if self.tag is None or self.tag.closer != token:
            return -1
        at = len(strikes) - 1
        while strikes[at] is not self.tag:  # past the `~~` opened inside it: each closed past once
            at -= 1
        return at

    def _cell_strikes(self, line: str) -> Spans:
        """The struck-out spans of a table row, strikes closing within their cell (as GFM reads it)."""
        spans: Spans = []
        start = 0
        for m in _CELL_BAR.finditer(line + "|"):
            cell = line[start : m.start()]
            if "~~" in cell or "<" in cell:
                self._end_strikes()
                spans += [(a + start, b + start) for a, b in self._strikes(cell)]
            start = m.end()
        self._end_strikes()
        return spans

    def _end_strikes(self) -> None:
        """The paragraph ended: a strike still open there strikes nothing (GFM closes it within)."""
        if self.strike:
            self.strike = []
            self.fresh = []
            self.starting = []
            self.tag = None

    def _closed(self, strike: _Strike, at: int) -> None:
        """A strike that opened on an earlier line closed: what was found inside it is struck, and
        the strikes opened after it (above it in `self.strike`) hold from there on."""
        first = strike.first if strike.first is not None else len(self.waiting)
        for what, index in self.waiting[first:]:
            if what == "link":
                self.links[index] = self.links[index]._replace(struck=True)
            else:
                self.items[index][10] = True
        del self.waiting[first:]
        for later in self.strike[at:]:
            if later.first is not None and later.first > first:
                later.first = first

    def _wait(self, what: str, index: int, column: int) -> None:
        """A link or item at a column of this line, after a strike not closed yet: struck if it closes."""
        starting = self.starting
        while starting and starting[-1].column <= column:  # from the end: pop(0) made it quadratic
            starting.pop().first = len(self.waiting)
        if self.strike and self.strike[0].first is not None:  # the first opened is the first to hold it
            self.waiting.append((what, index))

    def _heading(self, atx: tuple[int, str], line: str, number: int, spans: Spans, setext: bool = False) -> None:
        """A heading; one that begins with a date (`### 2026-06-05 — dinner`) keeps it, and its tags."""
        level, text = atx
        day = None
        column = 0
        if text[:1] in "*_[0123456789":
            d = LEADING_DATE.match(text)
            at = line.find(text, 0 if setext else level)
            if d and not _struck_entry(text[d.end() :], at + d.end(), spans) and not _inside(at + d.start("y"), spans):
                day = _date(d["y"], d["m"], d["d"])
                column = at + d.start("y") + 1
        if day is not None:
            self.dated_tags[len(self.headings)] = set()
        self.headings.append(Heading(level, text, number, day, column))

    def _field(self, text: str, number: int, offset: int) -> None:
        """A Dataview inline field on its own line: `key:: value` (a list item's too)."""
        m = _INLINE_FIELD.fullmatch(text.strip(" \t"))
        if m is None:
            return
        key = m[1].strip()
        value = m[2] or None
        column = offset + len(text) - len(text.lstrip(" \t")) + m.start(1) + 1
        span = None
        if value is not None:
            at = offset + len(text) - len(text.lstrip(" \t")) + m.start(2) + 1
            span = (number, at, number, at + len(value))
        self.fields.append(Field(key, normalize_key(key), value, number, column, column + len(key), span))

    def _item(self, m: re.Match[str], number: int, offset: int, quote: int, spans: Spans) -> None:
        marker_indent, status, content = m.group(1, 3, 4)
        indent = _indent(marker_indent)
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else -1
        if content is None:
            content, content_start = "", len(m[0])
        else:
            content_start = m.start(4)
        day = None
        date_column = 0
        said = 0  # where what the item says begins: past its date
        if content[:1] in "*_[0123456789":
            d = LEADING_DATE.match(content)
            if d:
                day = _date(d["y"], d["m"], d["d"])
                date_column = offset + content_start + d.start("y") + 1  # at the date, past any `**` or `[[`
                said = d.end()
        struck = False  # most items: no strike on their line, none open before it
        if spans:
            struck = _struck_entry(content[said:], content_start + said, spans)
            if day is not None and _inside(date_column - 1 - offset, spans):
                struck = True  # `- ~~2026-03-14~~ coffee`: not on that day
        waits = False  # inside a strike still open, that would strike it if it closes
        if not struck and self.strike:
            opened = min(0 if strike.carried else strike.column for strike in self.strike)
            waits = _struck_entry(content[said:], content_start + said, _merged([*spans, (opened, len(m[0]))]))
        due = None
        if "📅" in content or "due::" in content or "📆" in content or "🗓" in content:
            found = _DUE.search(content)
            if found:
                due = _date(found[1], found[2], found[3])
        index = len(self.items)
        self.items.append(
            [number, number, offset + len(m[1]) + 1, parent, status, day, date_column, due, (), quote, struck, content]
        )
        self.item_tags.append(set())
        self.stack.append((indent, index))
        if waits:
            self._wait("item", index, content_start + said)
        if "#" in content or "[" in content:
            self._inline(m[0], number, offset, index, quote, spans)
        if status is None and "::" in content and not quote:
            self._field(content, number, offset + content_start)

    def _inline(self, line: str, number: int, offset: int, item: int, quote: int, spans: Spans) -> None:
        tags: tuple[str, ...] = ()
        if "#" in line:
            if spans:  # a tag struck out is no tag
                found = [
                    t[1].casefold() for t in _TAG.finditer(line) if not t[1].isdigit() and not _inside(t.start(), spans)
                ]
            else:
                found = [t.casefold() for t in _TAG.findall(line) if not t.isdigit()]
            if found:
                tags = tuple(found)
                if item >= 0:
                    self.item_tags[item].update(found)
                if self.headings and len(self.headings) - 1 in self.dated_tags:
                    self.dated_tags[len(self.headings) - 1].update(found)
        if "[" not in line:
            return
        if "[[" in line:
            table = self.table or line.lstrip(" \t").startswith("|")
            for m in _WIKILINK.finditer(line):
                inner = m[2]
                target, subpath, display = split_wikilink(inner)
                if not target:
                    continue  # `[[]]` or a link to a heading of this note
                start, end = m.span()
                if self.strike:
                    self._wait("link", len(self.links), start)
                struck = bool(spans) and _inside(start, spans)
                self.links.append(
                    _new(Link, (target, subpath, display, number, offset + start + 1, offset + end + 1,
                                WIKI, m[1] == "!", item, quote, tags, table or "\\|" in inner, struck))
                )  # fmt: skip
        if "](" in line:
            for start, end, embed, text, url in _md_links(line):
                if url.startswith("<"):
                    url = url[1:-1]
                if not url or _SCHEME.match(url):
                    continue
                path, _, anchor = url.partition("#")
                path = unquote(path)
                if not path.lower().endswith(".md"):
                    continue
                if self.strike:
                    self._wait("link", len(self.links), start)
                self.links.append(
                    Link(path, "#" + unquote(anchor) if anchor else "", text, number, offset + start + 1,
                         offset + end + 1, MARKDOWN, embed, item, quote, tags, False, _inside(start, spans))
                )  # fmt: skip

    def _directives(self, line: str, number: int) -> None:
        """`<!-- vaultkit-disable ... -->` / `%% ... %%` on one line: the codes up to the closer."""
        # The next position of each closer, searched again only once passed (linear in the line);
        # len(line) when there is none after an opener, so none after the later ones either.
        closers: dict[str, int | None] = {"-->": None, "%%": None}
        done = 0
        for m in _DIRECTIVE.finditer(line):
            if m.start() < done:
                continue
            for closer, at in closers.items():
                if at is None or at < m.end():
                    found = line.find(closer, m.end())
                    closers[closer] = found if found >= 0 else len(line)
            end = min(at for at in closers.values() if at is not None)
            if end == len(line):
                return
            codes = tuple(code.upper() for code in re.findall(r"[A-Za-z]+\d+", line[m.end() : end]))
            self.directives.append(Directive(number, bool(m[1]), codes))
            done = end + (3 if line.startswith("-->", end) else 2)

    def _directive_inside(self, line: str, number: int) -> None:
        m = re.search(r"vaultkit-disable(-next-line)?\b(.*)", line)
        if m:
            codes = tuple(code.upper() for code in re.findall(r"[A-Za-z]+\d+", m[2]))
            self.directives.append(Directive(number, bool(m[1]), codes))

    def _finish(self) -> _Body:
        """Keep the items that matter (tasks, dated or tagged entries); give each link its enclosing task."""
        kept: dict[int, int] = {}
        items: list[Item] = []
        for index, (fields, tags) in enumerate(zip(self.items, self.item_tags, strict=True)):
            line, end_line, column, _parent, status, day, date_column, due, _, quote, struck, text = fields
            if status is not None or day is not None or tags:
                kept[index] = len(items)
                tags_kept = tuple(sorted(tags)) if tags else ()
                # The words only where they are read: a task's, a tagged item's, a dated move's
                # (`- 2026-10-05 Acme → Google`, see vaultkit.moves).
                kept_text = status is not None or tags or (day is not None and _MOVE_WORDS.search(str(text)))
                said = str(text).rstrip() if kept_text else ""
                items.append(
                    _new(Item, (line, end_line, column, status, day, date_column, due, tags_kept, quote, struck, said))
                )
        links = []
        ordered = True
        last = (0, 0)
        for link in self.links:
            index = link[8]  # while scanning: the innermost item
            if index >= 0:
                item_tags = tuple(sorted(self.item_tags[index])) if self.item_tags[index] else ()
                task = -1
                while index >= 0:
                    if self.items[index][4] is not None:
                        task = kept[index]
                        break
                    index = self.items[index][3]  # type: ignore[assignment]
                link = _new(Link, (*link[:8], task, link[9], item_tags, *link[11:]))
            place = (link[3], link[4])
            ordered = ordered and place >= last
            last = place
            links.append(link)
        if not ordered:  # a line with both kinds of link: each kind was found in turn
            links.sort(key=lambda link: (link.line, link.column))
        headings = self.headings
        for index, tags in self.dated_tags.items():
            if tags:
                headings[index] = headings[index]._replace(tags=tuple(sorted(tags)))
        return _Body(tuple(headings), tuple(items), tuple(links), tuple(self.directives), tuple(self.fields))


_MOVE_WORDS = re.compile(r"→|->|=>|⇒|\bfrom\b", re.IGNORECASE)


def _thematic_break(line: str) -> bool:
    """A thematic break: `---`, `* * *`, `___` (CommonMark: up to three spaces, then three or more
    of one of `-*_`, with blanks between and after). Not a regular expression: its repeated group
    kept a backtracking point for each character of a long line."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or body[:1] not in ("-", "*", "_"):
        return False
    mark = body[0]
    return not body.strip(mark + " \t") and body.count(mark) >= 3


def _table_rule(line: str) -> bool:
    """A table's delimiter row: `| --- | :-: |`, `---|---` (cells of dashes with optional colons,
    outer pipes optional), cell by cell (see `_thematic_break` for why not one expression)."""
    row = line.strip(" \t")
    start, end = (1 if row.startswith("|") else 0), len(row)
    if end > start and row.endswith("|"):
        end -= 1
    while (bar := row.find("|", start, end)) >= 0:
        if not _RULE_CELL.fullmatch(row, start, bar):
            return False
        start = bar + 1
    return _RULE_CELL.fullmatch(row, start, end) is not None


def _quote_end(line: str) -> int:
    """Where a line's block-quote markers end (`>`, `> > `, ` >>`: up to three spaces, `>` and an
    optional space, repeated), 0 if it has none. As the expression `(?: {0,3}>[ ]?)+` matches
    them, without its backtracking point for each `>` (a 4 MB line of `>` took 734 MB)."""
    run = line[: len(line) - len(line.lstrip(" >"))]
    if ">" not in run or len(run) - len(run.lstrip(" ")) > 3:
        return 0
    gap = run.find(">     ")  # four spaces and more between two `>`: the markers end at the first
    end = gap + 1 if gap >= 0 else run.rfind(">") + 1
    return end + 1 if line[end : end + 1] == " " else end


def _md_links(line: str) -> Iterator[tuple[int, int, bool, str, str]]:
    """The Markdown links of a line, as `(!?)\\[((?:[^\\[\\]\\n]|\\[[^\\[\\]\\n]*\\])*)\\]` then `_url` would
    find them one after another: (start, end, whether an embed, text, url). The text, with
    brackets nested one deep, is found by jumping from bracket to bracket: linear in the line."""
    at = 0
    while (opening := line.find("[", at)) >= 0:
        closing = _text_end(line, opening + 1)
        tail = _url(line, closing + 1) if closing >= 0 else None
        if tail is None:
            at = opening + 1
            continue
        embed = opening > at and line[opening - 1] == "!"
        yield opening - embed, tail[0], embed, line[opening + 1 : closing], tail[1]
        at = tail[0]


def _url(line: str, at: int) -> tuple[int, str] | None:
    """`(url "title")` at `at`: where it ends, and the url; None if none. As the expression
    `\\(\\s*(<[^>\\n]*>|[^()\\s]*(?:\\([^()\\s]*\\)[^()\\s]*)*)` + `_URL_CLOSE` matches it, its choices
    tried in its order: an angled url, then a plain one (with its pairs of parentheses), then an
    empty one before a title (the blanks before the url given back)."""
    opened = _URL_OPEN.match(line, at)
    if opened is None:
        return None
    start = opened.end()
    angled = _URL_ANGLED.match(line, start)
    if angled is not None and (close := _URL_CLOSE.match(line, angled.end())) is not None:
        return close.end(), angled[0]
    end = _URL_PLAIN.match(line, start).end()  # type: ignore[union-attr]  # `*` always matches
    while (pair := _URL_PAIR.match(line, end)) is not None:
        end = pair.end()
    if (close := _URL_CLOSE.match(line, end)) is not None:
        return close.end(), line[start:end]
    if start > at + 1 and (close := _URL_CLOSE.match(line, start - 1)) is not None:
        return close.end(), ""
    return None


def _text_end(line: str, at: int) -> int:
    """The `]` ending a link's text that starts at `at` (brackets inside it nested one deep), or -1."""
    while (bracket := _BRACKET.search(line, at)) is not None and bracket[0] == "[":
        inner = _BRACKET.search(line, bracket.end())  # a `[…]` in the text: it must close first
        if inner is None or inner[0] != "]":
            return -1
        at = inner.end()
    return bracket.start() if bracket is not None and bracket[0] == "]" else -1


def _starts_block(line: str, first: str) -> bool:
    """Whether a line begins a block of its own, so cannot lazily continue a quote's paragraph:
    a heading, a list item, a fence or a thematic break (CommonMark)."""
    if first == "#":
        return _atx_heading(line) is not None
    if first in ("`", "~"):
        return _FENCE.fullmatch(line) is not None
    return first in "-*+_0123456789" and (_thematic_break(line) or bool(_ITEM.fullmatch(line)))


def _atx_heading(line: str) -> tuple[int, str] | None:
    """`## Log ##` → (2, "Log"), as CommonMark reads an ATX heading; None if not one."""
    text = line.lstrip(" ")
    if len(line) - len(text) > 3:
        return None
    level = len(text) - len(text.lstrip("#"))
    if not 1 <= level <= 6 or text[level : level + 1] not in ("", " ", "\t"):
        return None
    text = text[level:].strip(" \t")
    unclosed = text.rstrip("#")
    if not unclosed:
        return level, ""  # only a closing sequence: an empty heading
    if len(unclosed) < len(text) and unclosed[-1] in " \t":
        text = unclosed.rstrip(" \t")
    return level, text


def _mask_comments(line: str) -> tuple[str, str | None]:
    """Blank out `<!-- -->` and `%% %%` comments; say which one stays open past the line."""
    out = []
    i = 0
    html = line.find("<!--")
    pct = line.find("%%")
    while True:
        if 0 <= html < i:  # searched again only once passed: linear in the line's length
            html = line.find("<!--", i)
        if 0 <= pct < i:
            pct = line.find("%%", i)
        if html < 0 and pct < 0:
            out.append(line[i:])
            return "".join(out), None
        if pct < 0 or 0 <= html < pct:
            start, opener, closer = html, "<!--", "-->"
        else:
            start, opener, closer = pct, "%%", "%%"
        out.append(line[i:start])
        end = line.find(closer, start + len(opener))
        if end < 0:
            out.append(" " * (len(line) - start))
            return "".join(out), closer
        out.append(" " * (end + len(closer) - start))
        i = end + len(closer)


def _mask_code_spans(line: str) -> str:
    """Blank out inline code spans (matching backtick runs), keeping columns."""
    out = []
    i = 0
    n = len(line)
    while i < n:
        start = line.find("`", i)
        if start < 0:
            break
        run_end = start
        while run_end < n and line[run_end] == "`":
            run_end += 1
        run = line[start:run_end]
        close = line.find(run, run_end)
        while close >= 0 and close + len(run) < n and line[close + len(run)] == "`":
            close = line.find(run, close + len(run) + 1)
        if close < 0:
            out.append(line[i:run_end])
            i = run_end
            continue
        out.append(line[i:start])
        out.append(" " * (close + len(run) - start))
        i = close + len(run)
    out.append(line[i:])
    return "".join(out)
