"""The language server's parts, without a server: positions (vaultkit's columns and an editor's
in every encoding and line ending) and answers (what is under the cursor, completion, actions),
each against an independent reckoning or the check's own output."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.diagnostics import Edit
from vaultkit.engine.live import Live
from vaultkit.lsp import answers
from vaultkit.lsp.positions import UTF8, UTF16, UTF32, Text
from vaultkit.writer import apply_edits

TODAY = "2026-09-24"
BREAK = re.compile(r"\r\n|\r|\n")


# -- positions, reckoned independently -----------------------------------------------------------------


def units(chars: str, encoding: str) -> int:
    if encoding == UTF8:
        return len(chars.encode("utf-8"))
    if encoding == UTF16:
        return len(chars.encode("utf-16-le")) // 2
    return len(chars)


def editor_position(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """The protocol's (line, character) of a code-point offset: lines end at CRLF, CR or LF only."""
    starts = [0, *(m.end() for m in BREAK.finditer(text))]
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return line, units(text[starts[line] : offset], encoding)


def vaultkit_position(text: str, offset: int) -> tuple[int, int]:
    """vaultkit's 1-based (line, column): lines end at LF alone, columns past a BOM."""
    skip = 1 if text.startswith("\ufeff") else 0
    before = text[skip:offset]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


PIECES = ["a", "é", "🦊", "漢", " ", "\n", "\r\n", "\r", "\x0c", "\u2028", "\x85", "[[x]]"]
texts = st.tuples(st.booleans(), st.lists(st.sampled_from(PIECES), max_size=30)).map(
    lambda t: ("\ufeff" if t[0] else "") + "".join(t[1])
)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([UTF8, UTF16, UTF32]))
def test_every_offset_converts_both_ways(text: str, encoding: str) -> None:
    positions = Text(text, encoding)
    for offset in range(len(text) + 1):
        if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a line end: no position of its own
        if offset >= positions.skip:
            assert positions.ours(offset) == vaultkit_position(text, offset)
            assert positions.offset(*vaultkit_position(text, offset)) == offset
        line, character = editor_position(text, offset, encoding)
        assert positions.position(offset) == (line, character)
        assert positions.from_position(line, character) == offset


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_a_span_is_where_apply_edits_puts_an_edit(text: str, data: st.DataObject) -> None:
    """An edit at vaultkit's span, applied by `apply_edits` to the bytes, and the same span in the
    editor's terms, applied to the text as an editor does, give the same note."""
    skip = 1 if text.startswith("\ufeff") else 0
    start = data.draw(st.integers(skip, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if any(0 < at < len(text) and text[at - 1 : at + 1] == "\r\n" for at in (start, end)):
        return  # vaultkit never cuts a CRLF in two
    line, column = vaultkit_position(text, start)
    end_line, end_column = vaultkit_position(text, end)
    by_vaultkit = apply_edits(text.encode("utf-8"), [Edit("n.md", line, column, end_line, end_column, "X")])
    positions = Text(text, UTF16)
    (a_line, a_char), (b_line, b_char) = positions.span(line, column, end_line, end_column)
    a, b = positions.from_position(a_line, a_char), positions.from_position(b_line, b_char)
    assert (text[:a] + "X" + text[b:]).encode("utf-8") == by_vaultkit


@pytest.mark.parametrize(
    ("text", "encoding", "position", "offset"),
    [
        ("ab\ncd", UTF16, (0, 99), 2),  # past a line's end: its end, not the next line
        ("ab\r\ncd", UTF16, (0, 99), 2),  # before the CR
        ("ab\ncd", UTF16, (7, 0), 5),  # past the last line: the text's end
        ("ab\ncd", UTF16, (-1, 3), 0),
        ("🦊x", UTF16, (0, 1), 1),  # inside a surrogate pair: after the character, never inside it
        ("🦊x", UTF8, (0, 2), 1),  # inside a UTF-8 sequence: the same
        ("🦊x", UTF8, (0, 4), 1),
        ("🦊x", UTF32, (0, 1), 1),
        ("a\rb", UTF16, (1, 1), 3),  # a lone CR ends the editor's line
        ("a\u2028b", UTF16, (0, 2), 2),  # U+2028 does not
    ],
)
def test_positions_outside_the_text_or_inside_a_character(
    text: str, encoding: str, position: tuple[int, int], offset: int
) -> None:
    assert Text(text, encoding).from_position(*position) == offset


def test_vaultkit_positions_outside_the_text_stay_inside_it() -> None:
    text = Text("\ufeffab\ncd\n", UTF16)
    assert text.offset(0, 5) == 1  # the BOM is not counted
    assert text.offset(1, 99) == 3  # a column past the end stops at the line's end
    assert text.offset(9, 1) == len(text.text)
    assert text.span(2, 2, 1, 1) == ((1, 1), (1, 1))  # an end before its start: empty


def test_an_incremental_change_applies_as_the_protocol_counts() -> None:
    pytest.importorskip("pygls")
    from lsprotocol import types

    from vaultkit.lsp.server import changed

    def at(line: int, character: int) -> types.Position:
        return types.Position(line, character)

    text = "a🦊b\r\nsecond\x0cline\u2028x\rlast"
    assert changed(text, types.Range(at(0, 3), at(1, 0)), "-", UTF16) == "a🦊-second\x0cline\u2028x\rlast"
    assert changed(text, types.Range(at(0, 5), at(1, 0)), "-", UTF8) == "a🦊-second\x0cline\u2028x\rlast"
    assert changed(text, types.Range(at(1, 6), at(1, 11)), "", UTF16) == "a🦊b\r\nsecond\u2028x\rlast"
    assert changed(text, types.Range(at(2, 0), at(2, 4)), "L", UTF16) == "a🦊b\r\nsecond\x0cline\u2028x\rL"
    assert changed(text, types.Range(at(9, 0), at(9, 0)), "!", UTF16) == text + "!"
    assert changed("", types.Range(at(0, 0), at(0, 0)), "new", UTF16) == "new"


# -- answers, on a small vault ---------------------------------------------------------------------------

FILES = {
    "vaultkit.toml": "",
    "People/Ana Núñez.md": "---\naliases: [Ana]\nrole: mentor\n---\n## Log\n- 2026-09-01 coffee\n",
    "People/Alex Kim.md": "---\naliases: [Alex]\nrole: peer\n---\n## Log\n- 2026-01-05 lunch\n",
    "People/Alex Rivera.md": "---\naliases: [Alex]\nrole: friend\ncadence: 4w\n---\n## Log\n- 2026-03-01 run\n",
    "People/Quiet One.md": (
        "---\nrole: peer\ncadence: 2w\n---\n<!-- vaultkit-disable VK101 -->\n## Log\n- 2026-01-01 call\n"
    ),
    "People/Gone Away.md": "---\nrole: peer\nstatus: archived\n---\n## Log\n- 2025-01-01 call\n",
    "Clients/Alex Kim.md": "# the client\n",
    "Plans/2026-Q3.md": "# Plan\n## Senior\n- [[Ana Núñez]]\n## Peers\n",
    "Daily/2026-09-20.md": (
        "# day\n- met [[Alex]] and [[Alex#Log]] and [[Alex Kim]]\n"
        "| who | what |\n| --- | --- |\n| [[Alex]] | 🦊 |\n"
        "- lunch with Ana Núñez, then ana, then Alex\n"
    ),
}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    root: Path = tmp_path_factory.mktemp("units") / "vault"
    for path, content in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, encoding="utf-8")
    found = Live(str(root), None, TODAY)
    found.refresh(None)
    yield found
    found.close()


def line_of(path: str, number: int) -> str:
    return FILES[path].split("\n")[number - 1]


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("- [[", 4, ("", False, False)),
        ("- [[Ana", 7, ("Ana", False, False)),
        ("- [[Ana]] and [[Al", 18, ("Al", False, False)),
        ("- [[Al]]", 6, ("Al", False, True)),  # auto-paired
        ("- [[Al]", 6, ("Al", False, False)),  # one bracket is not a close
        ("| a | [[Al", 10, ("Al", True, False)),
        ("  | a | ![[Al", 13, ("Al", True, False)),
        ("- ![[Plan#Se", 12, ("Plan#Se", False, False)),
        ("- [[Ana|An", 10, None),  # the display text
        ("| [[Ana\\|An", 11, None),
        ("- [[Ana]] done", 14, None),
        ("- no link", 9, None),
    ],
)
def test_where_completion_applies(line: str, column: int, expected: tuple[str, bool, bool] | None) -> None:
    found = answers.completing(line, column)
    assert (None if found is None else (found.typed, found.table, found.closed)) == expected


def test_completion_ranks_as_the_check_calls_people_overdue(live: Live) -> None:
    vault = live.loaded.vault  # type: ignore[union-attr]
    neglected = {d.path for d in live.diagnostics if d.code == "VK101"}
    assert neglected == {"People/Alex Rivera.md"}  # not the one suppressed
    context = answers.completions(vault, answers.Completing(2, "", False, False), neglected)
    people = [item.label for item in context.items if item.kind == "person"]
    # Alex Rivera (overdue since 2026-03-29), then the soonest due: Ana (2026-10-13), Alex Kim
    # (met 2026-09-20); then whoever is overdue only by the dates (suppressed); no one active last.
    assert people == ["Alex Rivera", "Ana Núñez", "Alex Kim", "Quiet One", "Gone Away"]
    quiet = next(item for item in context.items if item.label == "Quiet One")
    assert "overdue" not in quiet.detail
    by_dates = answers.completions(vault, answers.Completing(2, "", False, False), None)
    assert [i.label for i in by_dates.items if i.kind == "person"][:2] == ["Quiet One", "Alex Rivera"]


def test_completion_of_names_aliases_and_a_plans_headings(live: Live) -> None:
    vault = live.loaded.vault  # type: ignore[union-attr]

    def offered(typed: str, table: bool = False) -> dict[str, str]:
        found = answers.completions(vault, answers.Completing(2, typed, table, False), None)
        return {item.label: item.insert for item in found.items}

    assert offered("nun") == {"Ana Núñez": "Ana Núñez"}
    assert offered("NÚÑ") == {"Ana Núñez": "Ana Núñez"}
    alexes = offered("alex")
    assert alexes["Alex Kim"] == "People/Alex Kim"  # two notes named alike: the path says which
    assert alexes["Alex"] in ("People/Alex Kim|Alex", "Alex Rivera|Alex")
    assert offered("alex", table=True)["Alex Rivera"] == "Alex Rivera"
    assert {v for k, v in offered("alex", table=True).items() if k == "Alex"} <= {
        "People/Alex Kim\\|Alex",
        "Alex Rivera\\|Alex",
    }
    assert offered("2026-Q3#") == {"Plan": "2026-Q3#Plan", "Senior": "2026-Q3#Senior", "Peers": "2026-Q3#Peers"}
    assert offered("2026-Q3#pe") == {"Peers": "2026-Q3#Peers"}
    assert offered("Nobody#") == {}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Núñez", ["Ana Núñez"]),  # a name of two words, from either
        ("lunch", []),
        ("ana", []),  # a lower-case word is a word
        ("Alex", ["Alex Kim", "Alex Rivera"]),  # an alias two people have
    ],
)
def test_a_name_in_plain_text(live: Live, word: str, expected: list[str]) -> None:
    vault = live.loaded.vault  # type: ignore[union-attr]
    text = line_of("Daily/2026-09-20.md", 6)
    column = text.rindex(word) + 2
    assert sorted(p.name for p in answers.name_at(vault, text, column)) == expected


def test_what_is_under_the_cursor(live: Live) -> None:
    vault = live.loaded.vault  # type: ignore[union-attr]
    path = "Daily/2026-09-20.md"
    text = line_of(path, 2)

    def at(needle: str, shift: int = 0) -> answers.Target | None:
        return answers.target_at(vault, path, 2, text.index(needle) + 1 + shift, text)

    alex = at("[[Alex]]")
    assert alex is not None and alex.ambiguous and sorted(p.name for p in alex.people) == ["Alex Kim", "Alex Rivera"]
    assert at("[[Alex]]", len("[[Alex]]")) is None  # just past it
    heading = at("[[Alex#Log]]", 5)
    assert heading is not None and heading.ambiguous
    kim = at("[[Alex Kim]]", 3)
    assert kim is not None and [p.name for p in kim.people] == ["Alex Kim"]
    assert answers.definitions(alex) == ["People/Alex Kim.md", "People/Alex Rivera.md"]
    shown = answers.hover(vault, live.diagnostics, alex)
    assert "could be" in shown and "### Alex Kim" in shown and "### Alex Rivera" in shown


def test_one_action_per_candidate_rewrites_the_link_as_written(live: Live) -> None:
    vault = live.loaded.vault  # type: ignore[union-attr]
    path = "Daily/2026-09-20.md"
    mine = [d for d in live.diagnostics if d.path == path and d.code == "VK403"]
    written = {}
    for d in mine:
        found = answers.actions(vault, live.diagnostics, path, (d.line, d.column), (d.line, d.column))
        note = FILES[path].encode()
        written[(d.line, d.column)] = sorted(
            apply_edits(note, a.edits[path]).decode().split("\n")[d.line - 1]
            for a in found
            if a.title.startswith("Mean ")
        )
    line2 = "- met [[Alex]] and [[Alex#Log]] and [[Alex Kim]]"
    assert written[(2, 7)] == sorted(
        [line2.replace("[[Alex]]", "[[People/Alex Kim|Alex]]"), line2.replace("[[Alex]]", "[[Alex Rivera|Alex]]")]
    )
    heading = (2, line2.index("[[Alex#") + 1)
    assert written[heading] == sorted(
        [
            line2.replace("[[Alex#Log]]", "[[People/Alex Kim#Log|Alex]]"),
            line2.replace("[[Alex#Log]]", "[[Alex Rivera#Log|Alex]]"),
        ]
    )
    assert written[(5, 3)] == ["| [[Alex Rivera\\|Alex]] | 🦊 |", "| [[People/Alex Kim\\|Alex]] | 🦊 |"]
    kim = (2, line2.index("[[Alex Kim]]") + 1)
    assert written[kim] == sorted(
        [
            line2.replace("[[Alex Kim]]", "[[Clients/Alex Kim|Alex Kim]]"),
            line2.replace("[[Alex Kim]]", "[[People/Alex Kim|Alex Kim]]"),
        ]
    )
