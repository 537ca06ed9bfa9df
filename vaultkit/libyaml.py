"""Frontmatter that is more than flat `key: value` lines, read with libyaml (see vaultkit.frontmatter).

A module of its own so that PyYAML is imported only when a note needs it: most runs read no such
note, and the import is 11 ms of every command's start-up.
"""

# Annotations are not postponed here (see vaultkit.frontmatter).
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from vaultkit.frontmatter import _WIKILINK, Frontmatter, FrontmatterLink, Problem, _Entry, _fields, type_plain

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
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_PLAIN_TAG = "vaultkit:plain"  # an unquoted scalar with no explicit tag


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
            raise _TooBig(f"has too many alias expansions (over {MAX_NODES} values)", node)
        if depth > MAX_DEPTH:
            raise _TooBig(f"is nested more than {MAX_DEPTH} levels deep", node)
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


_OPENED = (("flow sequence", "the ["), ("flow mapping", "the {"), ("quoted scalar", "the quote"))


# `key: value` (indented or not), and a value's trailing YAML comment (` # ...`) apart.
_KEY_VALUE = re.compile(r"([ \t]*)([^\s:#'\"][^:]*?):[ \t]+(.*?)([ \t]+#.*)?")


def _explained(
    text: str, places: _Places, line: int, column: int, reason: str, error: yaml.MarkedYAMLError
) -> tuple[int, int, str]:
    """libyaml's words for the mistakes people make in frontmatter, as what to write instead."""
    lines = text.split("\n")
    row = line - places.first_line
    if row >= len(lines) or (row == len(lines) - 1 and not lines[row]):  # past the end
        row = max((i for i, t in enumerate(lines) if t.strip()), default=0)
        line = row + places.first_line
        for opener, closer in (("[", "]"), ("{", "}")):
            at = lines[row].rfind(opener)
            if at >= 0 and closer not in lines[row][at:]:
                return line, at + 1, f"the {opener} that opens here is never closed"
        return line, 1, f"the frontmatter ends in the middle of a value ({reason})"
    source = lines[row]
    odd = _OTHER_BREAKS.search(source)
    if odd:  # a break that editors show inside the line, and YAML ends the line at
        return (
            line,
            odd.start() + 1,
            f"YAML reads U+{ord(odd[0]):04X} here as a line break: remove it, or quote the value",
        )
    pair = _KEY_VALUE.fullmatch(source.rstrip())
    in_value = pair is not None and column - 1 >= pair.start(3)  # the problem is in the value, not the key
    suggestion = None
    if pair is not None:
        suggestion = f"{pair[1]}{pair[2]}: {_quoted(pair[3])}{pair[4] or ''}".strip()
    if "mapping values are not allowed" in reason:
        if pair is not None and in_value:
            return line, pair.start(3) + 1, f"a value holding ': ' must be quoted: {suggestion}"
        if source[:1] in (" ", "\t") and _has_value(lines, row):
            indent = len(source) - len(source.lstrip(" \t"))
            return line, indent + 1, "this line is indented under a key that already has a value: unindent it"
    elif "tab character" in reason:
        return line, column, "a tab where YAML wants spaces: indent with spaces"
    elif "cannot start any token" in reason:
        c = source[column - 1 : column]
        if c == "\t":
            return line, column, "a tab where YAML wants spaces: indent with spaces"
        if pair is not None and in_value:
            return line, column, f"a value starting with {c} must be quoted: {suggestion}"
        if c and pair is not None:
            return line, column, f"a key starting with {c} must be quoted: {_quoted(pair[2])}: {pair[3]}"
    elif "undefined alias" in reason and pair is not None and in_value:
        return line, column, f"* starts a YAML alias: quote the value: {suggestion}"
    elif "could not find expected ':'" in reason and error.context_mark is not None:
        line = places.at(error.context_mark)[0]
        odd = _OTHER_BREAKS.search(lines[line - places.first_line]) if line - places.first_line < len(lines) else None
        if odd:
            return (
                line,
                odd.start() + 1,
                f"YAML reads U+{ord(odd[0]):04X} here as a line break: remove it, or quote the value",
            )
        return line, 1, "this line is not 'key: value' (put ': ' after the key, or indent it under a key)"
    return line, column, reason


def _has_value(lines: list[str], row: int) -> bool:
    """Whether the nearest line above `row` that is less indented is `key: value`, a value given."""
    indent = len(lines[row]) - len(lines[row].lstrip(" \t"))
    for above in reversed(lines[:row]):
        stripped = above.lstrip(" \t")
        if stripped and not stripped.startswith("#") and len(above) - len(stripped) < indent:
            pair = _KEY_VALUE.fullmatch(above.rstrip())
            return pair is not None and bool(pair[3])
    return False


def _quoted(value: str) -> str:
    return f'"{value}"' if '"' not in value and "\\" not in value else "'" + value.replace("'", "''") + "'"


def read_yaml(text: str, first_line: int, problems: list[Problem], fail: Callable[..., Frontmatter]) -> Frontmatter:
    """`parse_frontmatter` for what `_flat` does not read."""
    places = _Places(text, first_line)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or error.context or "invalid YAML").strip()
        opened = next((what for words, what in _OPENED if words in (error.context or "")), None)
        if error.context_mark is not None and opened:
            mark = error.context_mark  # where it opened: the problem shows only lines later
            reason = f"{opened} that opens here is never closed ({reason})"
        line, column = places.at(mark) if mark else (first_line, 1)
        if not opened and mark is not None:
            line, column, reason = _explained(text, places, line, column, reason, error)
        return fail(f"frontmatter is not valid YAML: {reason}", line, column)
    except RecursionError:
        return fail(f"frontmatter is nested more than {MAX_DEPTH} levels deep; not read")
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
        return fail(f"frontmatter is nested more than {MAX_DEPTH} levels deep; not read")
    return _fields(entries, builder.links, problems)
