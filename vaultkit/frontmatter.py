"""Frontmatter: found only on line 1, read safely, typed the way Obsidian types properties."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import re
from datetime import date, datetime
from typing import Any, NamedTuple

from vaultkit.text import normalize_key

_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|<%.*?%>")
_WIKILINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Field(NamedTuple):
    """One top-level frontmatter key with its typed value and where it stands (1-based)."""

    key: str
    norm: str  # loose form: case, '-', '_' and spaces ignored
    value: Any
    line: int
    column: int
    end_column: int
    value_span: tuple[int, int, int, int] | None  # a scalar value's line, column, end line, end column


class FrontmatterLink(NamedTuple):
    text: str  # the inside of [[...]]
    line: int
    column: int
    end_column: int
    key: str


class Problem(NamedTuple):
    code: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str


class Frontmatter(NamedTuple):
    fields: tuple[Field, ...]
    links: tuple[FrontmatterLink, ...]
    problems: tuple[Problem, ...]
    valid: bool


def type_plain(text: str) -> Any:
    """An unquoted scalar as Obsidian would type it; anything doubtful stays text."""
    if text in _NULLS:
        return None
    lower = text.lower()
    if lower in ("true", "false"):
        return lower == "true"
    first = text[0]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts (4300): a code, not a number
                return text
        if _FLOAT.fullmatch(text):
            return float(text)
        m = _DATE.fullmatch(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return text
        m = _DATETIME.fullmatch(text)
        if m:
            try:
                return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
            except ValueError:
                return text
    return text


def parse_frontmatter(text: str, first_line: int, size_cap: int, salvage: bool = True) -> Frontmatter:
    """Read the YAML between the fences; `first_line` is the file line of the YAML's first line.

    Frontmatter that cannot be read is not valid and has no fields, except what `salvage` finds.
    """
    problems: list[Problem] = []

    def fail(message: str, line: int = first_line - 1, column: int = 1) -> Frontmatter:
        problems.append(Problem("VK002", line, column, line, column + 1, message))
        return Frontmatter(salvaged(text, first_line) if salvage else (), (), tuple(problems), False)

    if len(text.encode("utf-8")) > size_cap:
        return fail(f"frontmatter is larger than {size_cap} bytes (max-frontmatter-bytes); not read")
    placeholder = _PLACEHOLDER.search(text)
    if placeholder:
        line = text.count("\n", 0, placeholder.start()) + first_line
        column = placeholder.start() - (text.rfind("\n", 0, placeholder.start()) + 1) + 1
        return fail(f"unfilled template placeholder {placeholder[0]}: fill it in or remove it", line, column)
    flat = _flat(text, first_line)
    if flat is not None:
        return _fields(flat[0], flat[1], problems)
    from vaultkit.libyaml import read_yaml  # only here: importing PyYAML is 11 ms of every start

    return read_yaml(text, first_line, problems, fail)


_Entry = tuple[str, Any, int, int, "tuple[int, int, int, int] | None"]  # key, value, line, column, span

# What a note is (person, plan, meeting and its date, a report) and its own suppressions: in
# frontmatter that does not parse as a whole, each of these keys is still read if its lines are.
# 02-rules.md: VK001-VK003 are errors in people, plans and dated notes "by folder, name or whatever
# frontmatter could be read". The person's fields themselves are not read from broken YAML.
SALVAGED = frozenset(("type", "tags", "tag", "date", "vaultkitignore", "vaultkitreport"))
_TOP_KEY = re.compile(r"([A-Za-z][\w -]*?)[ \t]*:(?:[ \t]|$)")
_SALVAGE_CAP = 4096  # bytes of one key's lines


def _open_quote(value: str) -> str | None:
    """The quote a YAML value opens and leaves open at the end of `value`, if any."""
    value = value.lstrip(" \t")
    if value[:1] == '"':
        escaped = False
        for c in value[1:]:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                return None
        return '"'
    if value[:1] == "'":
        return None if value[1:].replace("''", "").count("'") else "'"
    return None


def salvaged(text: str, first_line: int) -> tuple[Field, ...]:
    """The `SALVAGED` keys of a frontmatter that cannot be read whole, each read alone."""
    lines = text.split("\n")
    fields: list[Field] = []
    start = 0
    while start < len(lines):
        end = start + 1
        m = _TOP_KEY.match(lines[start])
        quote = _open_quote(lines[start][m.end() :]) if m else None
        while end < len(lines) and (quote or lines[end][:1] in (" ", "\t", "-")):  # indented lines, `- ` items
            if quote and _open_quote(quote + lines[end]) is None:  # the quoted value closes on this line
                quote = None
            end += 1
        if m and normalize_key(m[1]) in SALVAGED and all(f.norm != normalize_key(m[1]) for f in fields):
            chunk = "\n".join(lines[start:end])
            if "\ufffd" not in chunk and "\0" not in chunk and len(chunk.encode("utf-8")) <= _SALVAGE_CAP:
                alone = parse_frontmatter(chunk, first_line + start, _SALVAGE_CAP, salvage=False)
                if alone.valid and len(alone.fields) == 1:
                    fields.append(alone.fields[0])
        start = end
    return tuple(fields)


def _fields(entries: list[_Entry], links: list[FrontmatterLink], problems: list[Problem]) -> Frontmatter:
    """The top-level keys as fields, the first of duplicates kept (VK003 for the others)."""
    fields: list[Field] = []
    seen: dict[str, int] = {}
    for key, value, line, column, span in entries:
        norm = normalize_key(key)
        if norm in seen:
            problems.append(
                Problem("VK003", line, column, line, column + len(key),
                        f"duplicate key {key!r} (also on line {seen[norm]}); the first one is used")
            )  # fmt: skip
            continue
        seen[norm] = line
        fields.append(Field(key, norm, value, line, column, column + len(key), span))
    return Frontmatter(tuple(fields), tuple(links), tuple(problems), True)


# -- flat frontmatter without libyaml ------------------------------------------------------------
#
# Most frontmatter is a few `key: value` lines: a word, a date, a quoted link, a list of words.
# libyaml builds a node and two marks for every value, which made it half the cost of reading a
# person note. Such frontmatter is read here, to exactly what the YAML path gives (a test compares
# the two on generated text); anything else (nesting, comments, escapes, anchors, block scalars,
# characters that are neither word characters nor plain ASCII punctuation) goes to libyaml, which
# counts columns in characters as Python does.

_FLAT_KEY = re.compile(r"([^\W\d](?:[\w -]*[\w-])?):( *)")
_FLAT_DASH = re.compile(r"( *)- +(.*)")
_FLAT_PLAIN = re.compile(r"[^\W_+][\w ._@/+()&,'!?*%=~$;:-]*|\+[\w ._@/+()&,'!?*%=~$;:-]*")  # no '#', '"', brackets
_FLAT_ITEM = re.compile(r"[^\W_+][\w ._@/+()&'!?*%=~$;-]*")  # in [...]: no ',' or ':' either
_FLAT_QUOTED = re.compile(r"\"[\w !#$%&'()*+,\-./:;<=>?@\[\]^`{|}~]*\"|'[\w !\"#$%&()*+,\-./:;<=>?@\[\]^`{|}~]*'")


def _flat(text: str, first_line: int) -> tuple[list[_Entry], list[FrontmatterLink]] | None:
    """`key: value` lines, and lists of words or quoted strings, read without libyaml; None for
    anything else."""
    # Tabs, other line breaks and blank lines are refused by the patterns themselves.
    entries: list[_Entry] = []
    links: list[FrontmatterLink] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        index += 1
        m = _FLAT_KEY.match(line)
        if m is None:
            return None
        key = m[1]
        if len(key) > 1024:
            return None  # libyaml refuses a key this long
        start = m.end()
        rest = line[start:].rstrip(" ")
        value: Any
        if not rest:
            items: list[Any] = []
            indent = -1
            while index < len(lines):  # a block list: `- item` lines, all indented alike
                dash = _FLAT_DASH.fullmatch(lines[index])
                if dash is None:
                    break
                if indent >= 0 and len(dash[1]) != indent:
                    return None
                indent = len(dash[1])
                text_start = dash.start(2)
                item = dash[2].rstrip(" ")
                if not item or not _flat_scalar(item, _FLAT_PLAIN, key, number + len(items) + 1, text_start, links):
                    return None
                items.append(_scalar_value(item))
                index += 1
            if items:
                entries.append((key, items, number, 1, None))
                continue
            colon = len(key) + 2  # an empty value starts and ends just after the colon
            entries.append((key, None, number, 1, (number, colon, number, colon)))
            continue
        if not m[2]:
            return None  # `key:value` is one plain scalar, not a key
        if rest[0] == "[":
            if rest[-1] != "]":
                return None
            inner = rest[1:-1].strip(" ")
            value = []
            for item in inner.split(",") if inner else ():
                item = item.strip(" ")
                if not _FLAT_ITEM.fullmatch(item):
                    return None
                value.append(type_plain(item))
            entries.append((key, value, number, 1, None))
            continue
        if not _flat_scalar(rest, _FLAT_PLAIN, key, number, start, links):
            return None
        entries.append((key, _scalar_value(rest), number, 1, (number, start + 1, number, start + len(rest) + 1)))
    return entries, links


def _flat_scalar(
    text: str, plain: re.Pattern[str], key: str, line: int, start: int, links: list[FrontmatterLink]
) -> bool:
    """Whether `text` (at 0-based column `start`) is a scalar `_flat` reads; its links into `links`."""
    if text[0] in "\"'":
        if not _FLAT_QUOTED.fullmatch(text):
            return False
        if "[[" in text:
            for link in _WIKILINK.finditer(text, 1, len(text) - 1):
                column = start + 1 + link.start()
                links.append(FrontmatterLink(link[1], line, column, column + link.end() - link.start(), key))
        return True
    return plain.fullmatch(text) is not None and not text.endswith(":") and ": " not in text


def _scalar_value(text: str) -> Any:
    return text[1:-1] if text[0] in "\"'" else type_plain(text)
