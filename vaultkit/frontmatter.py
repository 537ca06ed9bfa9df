"""Frontmatter: found only on line 1, read safely, typed the way Obsidian types properties."""

from __future__ import annotations

import re
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


class _Loader(_Parser, BaseConstructor, BaseResolver):  # type: ignore[misc, valid-type]
    """libyaml's parser with no implicit resolvers: every scalar stays text until typed below."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseConstructor.__init__(self)
        BaseResolver.__init__(self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return str(BaseResolver.resolve(self, kind, value, implicit))


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
            return int(text)
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


class _Builder:
    def __init__(self, offset: int) -> None:
        self.offset = offset  # file line number of the frontmatter's first line, minus one
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
        line = node.start_mark.line + self.offset + 1
        start = node.start_mark.column + 1
        self.links.append(FrontmatterLink(scalar.value, line, start, start + len(text), self.key))
        return text

    def _links(self, node: ScalarNode, text: str) -> None:
        line = node.start_mark.line + self.offset + 1
        shift = node.start_mark.column + 1 + (1 if node.style in ("'", '"') else 0)
        for m in _WIKILINK.finditer(text):
            if "\n" in text[: m.start()]:  # a folded multi-line string: point at its start
                shift, line = node.start_mark.column + 1, line
            self.links.append(FrontmatterLink(m[1], line, shift + m.start(), shift + m.end(), self.key))


def parse_frontmatter(text: str, first_line: int, size_cap: int) -> Frontmatter:
    """Read the YAML between the fences; `first_line` is the file line of the YAML's first line."""
    offset = first_line - 1
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
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 1
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
    builder = _Builder(offset)
    fields: list[Field] = []
    seen: dict[str, int] = {}
    try:
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = key_node.value
            builder.key = key
            value = builder.value(value_node, 1)
            line = key_node.start_mark.line + first_line
            column = key_node.start_mark.column + 1
            norm = normalize_key(key)
            if norm in seen:
                problems.append(
                    Problem("VK003", line, column, line, column + len(key),
                            f"duplicate key {key!r} (also on line {seen[norm]}); the first one is used")
                )  # fmt: skip
                continue
            seen[norm] = line
            span = None
            if isinstance(value_node, ScalarNode):
                start, end = value_node.start_mark, value_node.end_mark
                span = (start.line + first_line, start.column + 1, end.line + first_line, end.column + 1)
            fields.append(Field(key, norm, value, line, column, column + len(key), span))
    except _TooBig as error:
        mark = error.node.start_mark
        return fail(f"frontmatter {error}; not read", mark.line + first_line, mark.column + 1)
    except RecursionError:
        return fail(f"frontmatter nested more than {MAX_DEPTH} levels deep; not read")
    return Frontmatter(tuple(fields), tuple(builder.links), tuple(problems), True)
