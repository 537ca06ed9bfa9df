"""The body scanner against markdown-it-py, the test oracle (README, "Dependencies"): which links
of a note lie in struck-out text (GFM strikethrough, `<del>`) and which are no links at all
(code). vaultkit's scanner reads every note of a vault on the cold path and cannot afford a
full Markdown parser there (04-quality.md), so it is held to one here, on generated notes."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from vaultkit.note import read_note

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough", "table"])
_WIKILINK = re.compile(r"\[\[([^\[\]\n|#]+)\]\]")


def oracle(text: str) -> list[tuple[str, bool]]:
    """Each wikilink outside code, in order, with whether it is struck out, as markdown-it reads it
    (`<del>` counts where a `</del>` closes it in the same paragraph, as for `~~`)."""
    found: list[tuple[str, bool]] = []
    for token in _PARSER.parse(text):
        if token.type != "inline":
            continue
        children = token.children or []
        closed = _closed_dels(children)
        pieces: list[tuple[str, bool]] = []  # the inline text, each piece with its strike
        depth = 0
        for index, child in enumerate(children):
            tag = child.content.lower() if child.type == "html_inline" else ""
            if child.type == "s_open" or (tag == "<del>" and index in closed):
                depth += 1
            elif child.type == "s_close" or (tag == "</del>" and index in closed):
                depth -= 1
            elif child.type == "text":
                pieces.append((child.content, depth > 0))
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(("\n", depth > 0))
            else:  # code, html: no link can start or end across them
                pieces.append(("\0", depth > 0))
        joined = "".join(piece for piece, _ in pieces)
        marks = [struck for piece, struck in pieces for _ in piece]
        found += [(m[1].strip(), marks[m.start()]) for m in _WIKILINK.finditer(joined)]
    return found


def _closed_dels(children: list[Token]) -> set[int]:
    """The `<del>` and `</del>` tags that pair up (an unclosed `<del>` strikes nothing)."""
    pairs: set[int] = set()
    opened: list[int] = []
    for index, child in enumerate(children):
        tag = child.content.lower() if child.type == "html_inline" else ""
        if tag == "<del>" and not opened:
            opened.append(index)
        elif tag == "</del>" and opened:
            pairs.update((opened.pop(), index))
    return pairs


def scanned(text: str) -> list[tuple[str, bool]]:
    note = read_note("Daily/2026-09-20.md", text.encode(), 1 << 20, 1 << 16)
    return [(link.target, link.struck) for link in note.links if not link.embed]


WORDS = st.sampled_from([
    "coffee", "with", "[[Ana]]", "[[Ben Ode]]", "~~", "~~lunch", "dinner~~", "~~[[Ana]]", "[[Ben Ode]]~~",
    "`code`", "`~~`", "<del>", "</del>", "<del>[[Ana]]", "and", "#gave", "(cancelled)",
])  # fmt: skip
LINE = st.tuples(
    st.sampled_from(["", "", "", "- ", "* ", "1. ", "> ", "## ", "  "]),
    st.lists(WORDS, min_size=1, max_size=7),
).map(lambda parts: parts[0] + " ".join(parts[1]))
ROW = st.tuples(WORDS, WORDS).map(lambda cells: f"| {cells[0]} | {cells[1]} |")
TABLE = st.lists(ROW, min_size=1, max_size=3).map(lambda rows: "\n".join(["| a | b |", "| --- | --- |", *rows]))
BLOCK = st.one_of(st.lists(st.one_of(LINE, LINE, st.just(">")), min_size=1, max_size=4).map("\n".join), TABLE)
NOTE = st.lists(BLOCK, min_size=1, max_size=3).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(NOTE)
def test_struck_links_are_those_markdown_it_strikes(text: str) -> None:
    assume(all(token.type != "html_block" for token in _PARSER.parse(text)))  # `<del>` alone on a line: raw HTML
    assert scanned(text) == oracle(text)


def test_the_oracle_reads_the_shapes_it_is_meant_to() -> None:
    text = "- ~~coffee with [[Ana]]~~ and [[Ben Ode]]\n\n> <del>lunch [[Ana]]</del>\n`[[Ben Ode]]`\n"
    assert oracle(text) == [("Ana", True), ("Ben Ode", False), ("Ana", True)]
    assert scanned(text) == oracle(text)
