"""Frontmatter: found only on line 1, read safely, typed the way Obsidian types properties."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import re
from bisect import bisect_right
from datetime import date, datetime
from typing import Any, NamedTuple

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from vaultkit.text import normalize_key

try:
    from yaml._yaml import CParser as _Parser  # libyaml; `yaml` itself does not export it
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_DEPTH = 100
MAX_NODES = 20_000  # nodes visited, counting every alias expansion: stops "billion laughs"
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|<%.*?%>")
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_WIKILINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_PLAIN_TAG = "vaultkit:plain"  # an unquoted scalar with no explicit tag


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


class _Loader(_Parser, BaseConstructor, BaseResolver):
    """libyaml's parser with no implicit resolvers: every scalar stays text until typed below."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseConstructor.__init__(self)
        BaseResolver.__init__(self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return str(BaseResolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]


class _TooBig(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


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


class _Places:
    """Where a YAML mark stands in the file: 1-based line and column, as an editor counts them.

    Lines end at LF only, as for the body and for the writer's edits; libyaml also ends them at
    a lone CR, NEL (U+0085), LS and PS (which editors show inside a line), so when the text holds
    one of those, positions are counted from the mark's character index instead.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.starts: list[int] | None = None
        if _OTHER_BREAKS.search(text):
            self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, mark: Any) -> tuple[int, int]:
        if self.starts is None:
            return mark.line + self.first_line, mark.column + 1
        return self.index(mark.index)

    def index(self, index: int) -> tuple[int, int]:
        if self.starts is None:
            raise AssertionError("only for text with other line breaks")
        row = bisect_right(self.starts, index) - 1
        return row + self.first_line, index - self.starts[row] + 1


class _Builder:
    def __init__(self, text: str, places: _Places) -> None:
        self.text = text
        self.places = places
        self.visited = 0
        self.links: list[FrontmatterLink] = []
        self.key = ""

    def value(self, node: Node, depth: int) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooBig(f"too many alias expansions (over {MAX_NODES} values)", node)
        if depth > MAX_DEPTH:
            raise _TooBig(f"nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            text = node.value
            typed = type_plain(text) if node.tag == _PLAIN_TAG else text
            if isinstance(typed, str) and "[[" in typed:
                self._links(node, typed)
            return typed
        if isinstance(node, SequenceNode):
            link = self._unquoted_link(node)
            if link is not None:
                return link
            return [self.value(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else str(self.value(key_node, depth + 1))
                result.setdefault(str(key), self.value(value_node, depth + 1))
            return result
        return None

    def _unquoted_link(self, node: SequenceNode) -> str | None:
        """`key: [[Link]]` parses as a list in a list; Obsidian reads it as a link."""
        if not node.flow_style or len(node.value) != 1:
            return None
        inner = node.value[0]
        if not (isinstance(inner, SequenceNode) and inner.flow_style and len(inner.value) == 1):
            return None
        scalar = inner.value[0]
        if not (isinstance(scalar, ScalarNode) and scalar.tag == _PLAIN_TAG):
            return None
        text = f"[[{scalar.value}]]"
        line, start = self.places.at(node.start_mark)
        self.links.append(FrontmatterLink(scalar.value, line, start, start + len(text), self.key))
        return text

    def _links(self, node: ScalarNode, text: str) -> None:
        """Each `[[...]]` of a string value, found where it is written in the YAML source."""
        base = node.start_mark.index
        raw = self.text[base : node.end_mark.index]
        found = list(_WIKILINK.finditer(text))
        written = [(m.start(), m.end()) for m in _WIKILINK.finditer(raw)]
        if len(written) != len(found):  # folded across lines or escaped: point at each `[[`
            opens = [m.start() for m in re.finditer(r"\[\[", raw)]
            written = [(opens[i], opens[i] + 2) if i < len(opens) else (0, 1) for i in range(len(found))]
        for m, (start, end) in zip(found, written, strict=True):
            if self.places.starts is None:
                line = node.start_mark.line + self.places.first_line + raw.count("\n", 0, start)
                newline = raw.rfind("\n", 0, start)
                column = start - newline if newline >= 0 else node.start_mark.column + 1 + start
            else:
                line, column = self.places.index(base + start)
            self.links.append(FrontmatterLink(m[1], line, column, column + end - start, self.key))


def parse_frontmatter(text: str, first_line: int, size_cap: int) -> Frontmatter:
    """Read the YAML between the fences; `first_line` is the file line of the YAML's first line."""
    problems: list[Problem] = []

    def fail(message: str, line: int = first_line - 1, column: int = 1) -> Frontmatter:
        problems.append(Problem("VK002", line, column, line, column + 1, message))
        return Frontmatter((), (), tuple(problems), False)

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
    places = _Places(text, first_line)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = places.at(mark) if mark else (first_line, 1)
        reason = (error.problem or error.context or "invalid YAML").strip()
        return fail(f"frontmatter is not valid YAML: {reason}", line, column)
    except RecursionError:
        return fail(f"frontmatter nested more than {MAX_DEPTH} levels deep; not read")
    except (yaml.YAMLError, ValueError) as error:
        return fail(f"frontmatter is not valid YAML: {error}")
    finally:
        loader.dispose()
    if root is None:
        return Frontmatter((), (), (), True)
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        return fail(f"frontmatter is {kind}, not a mapping of keys to values")
    builder = _Builder(text, places)
    entries: list[_Entry] = []
    try:
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = key_node.value
            builder.key = key
            value = builder.value(value_node, 1)
            line, column = places.at(key_node.start_mark)
            span = None
            if isinstance(value_node, ScalarNode):
                span = (*places.at(value_node.start_mark), *places.at(value_node.end_mark))
            entries.append((key, value, line, column, span))
    except _TooBig as error:
        return fail(f"frontmatter {error}; not read", *places.at(error.node.start_mark))
    except RecursionError:
        return fail(f"frontmatter nested more than {MAX_DEPTH} levels deep; not read")
    return _fields(entries, builder.links, problems)


_Entry = tuple[str, Any, int, int, "tuple[int, int, int, int] | None"]  # key, value, line, column, span


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
