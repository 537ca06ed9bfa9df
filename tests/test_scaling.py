"""Every per-note stage is linear in the note's size (04-quality.md: a linter pass must never
hang on one note). For each pathological shape a note can take, the note is doubled and each stage
timed: the scanner (`read_note`), the note's facts, the model built around it (sections, plans,
log), the rules that walk it (VK106, VK302, suppressions...). Doubling the note may at most double
a stage's time, with a 2.5× allowance for noise on the median of a few runs: a ratio, not a
wall-clock target, so a slow machine passes and a quadratic stage fails.

The sizes make each stage take tens of milliseconds, where timing is not noise; a shape costs
about a second. The collector is off while timing, as in the command itself (see cli.main).
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultkit.note as note_module
from vaultkit.config import load_config
from vaultkit.discovery import read_layout
from vaultkit.engine.facts import FactsMaker
from vaultkit.lint import run, select_rules
from vaultkit.model import Vault
from vaultkit.note import ParsedNote, read_note
from vaultkit.plan import render_plan

PERSON = "---\nrole: mentor\n---\n"
ANA = "People/Ana.md"
DAILY = "Daily/2026-09-01.md"
PLAN = "Plans/2026-Q3.md"

# Each shape: where the note is, and its text for `n` (its size grows linearly with n).
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "many headings": (ANA, lambda n: PERSON + "## Log\n" + "# h\n## Log\n### 2026-01-01 dinner #gave\n" * n),
    "many plan headings": (PLAN, lambda n: "## Senior\n- [[Ana]]\n" + "## Senior\n### x\n- [ ] call [[Ana]]\n" * n),
    "many plan tasks": (
        PLAN,
        lambda n: "## Senior\n" + "".join(f"- [ ] call [[Ana]] {i} (from 2026-Q2)\n" for i in range(n)),
    ),
    "many tasks with links": (ANA, lambda n: PERSON + "- [ ] call [[Ana]] and [[Bo]] 📅 2026-01-01\n" * n),
    "many > lines": (DAILY, lambda n: "> [!note] x\n" + "> [[Ana]] x\n>\n" * n),
    "many ~~ left open in a paragraph": (DAILY, lambda n: "~~a [[Ana]] x\n" * n),
    "many ~~ left open on a line": (ANA, lambda n: PERSON + "- 2026-01-01 " + "~~[[Ana]] " * (12 * n) + "\n"),
    "closers of no open strike": (DAILY, lambda n: "~~a " * (2 * n) + "</del> <s>x</s> " * (2 * n) + "\n"),
    "a long frontmatter": (ANA, lambda n: "---\nrole: mentor\naliases:\n" + "  - Ana\n" * n + "x: 1\n" * n + "---\n"),
    "a long nested frontmatter": (
        ANA,
        lambda n: (
            "---\nrole: mentor\nx:\n" + "  - {a: '[[Ana]]', b: [1, 2]}  # c\n" * n + "y: 2026-01-01\n" * n + "---\n"
        ),
    ),
    "many key:: value lines": (ANA, lambda n: PERSON + "role:: mentor\nlast_contact:: 2026-01-01\n" * n),
    "a long line of [[": (DAILY, lambda n: "[[" * (100 * n) + "\n- [[Ana]] x\n"),
    "many nested list items": (
        ANA,
        lambda n: PERSON + "## Log\n" + "".join("  " * (i % 100) + "- 2026-01-01 [[Bo]] #gave\n" for i in range(n)),
    ),
    "many nested tasks": (
        DAILY,
        lambda n: "".join("  " * (i % 100) + "- [ ] ask [[Ana]] 📅 2026-01-01\n" for i in range(n)),
    ),
    "many directives": (ANA, lambda n: PERSON + "<!-- vaultkit-disable-next-line VK101 -->\n- [ ] x\n" * n),
    "a directive of many codes over many findings": (
        ANA,
        lambda n: (
            PERSON
            + "<!-- vaultkit-disable "
            + " ".join(f"XX{i}" for i in range(n))
            + " -->\n"
            + "- [ ] call [[Bo]] 📅 2026-01-01\n" * n
        ),
    ),
    "many directives on a line": (ANA, lambda n: PERSON + "<!-- vaultkit-disable VK101 " * (4 * n) + "-->\n"),
    "a long markdown link": (DAILY, lambda n: "[" + "[a]" * (20 * n) + "](Ana.md) [x](" + "(a)" * (10 * n) + ")\n"),
    "a long table rule": (DAILY, lambda n: "| a | b |\n" + "|---" * (40 * n) + "|\n| [[Ana]] | x |\n"),
    "a long line of > ": (DAILY, lambda n: "> " * (250 * n) + "[[Ana]]\n"),
}
SIZE = 6000  # n: tens of milliseconds for the slowest stage of most shapes on a 2-core machine
RUNS = 3
ALLOWANCE = 2.5
FLOOR = 0.015  # seconds: a stage faster than this at 2n is not timed (its ratio would be noise)

CONFIG = load_config(Path("/nonexistent"))
LAYOUT = read_layout(CONFIG)
SELECTION = select_rules(CONFIG, ["VK"])
TODAY = date(2026, 9, 24)


def _others() -> dict[str, ParsedNote]:
    """The people the shapes link to, and this quarter's plan."""
    texts = {ANA: PERSON, "People/Bo.md": PERSON, PLAN: "## Senior\n- [[Ana]]\n"}
    return {path: read_note(path, text.encode(), 10**9, 10**6) for path, text in texts.items()}


def _stages(path: str, text: str) -> dict[str, float]:
    """The seconds each stage takes on one note."""
    data = text.encode()
    times: dict[str, float] = {}
    started = time.perf_counter()
    note = read_note(path, data, 10**9, 10**6)
    times["scanner"] = time.perf_counter() - started
    maker = FactsMaker(CONFIG, LAYOUT)
    started = time.perf_counter()
    maker(path, note)
    times["facts"] = time.perf_counter() - started
    notes = {**_others(), path: note}
    started = time.perf_counter()
    vault = Vault(CONFIG, LAYOUT, TODAY, notes, ())
    times["model"] = time.perf_counter() - started
    started = time.perf_counter()
    run(vault, SELECTION)
    times["rules"] = time.perf_counter() - started
    if path == PLAN:  # the next quarter's plan, carrying over this one's tasks
        started = time.perf_counter()
        render_plan(vault, vault.quarter.shifted(1))
        times["plan"] = time.perf_counter() - started
    return times


def _ratios(path: str, make: Callable[[int], str]) -> dict[str, tuple[float, float]]:
    """Each stage's median time at n and at 2n (runs interleaved, so a busy moment hits both)."""
    small, large = make(SIZE), make(2 * SIZE)
    assert 1.8 < len(large) / len(small) < 2.2  # twice the note
    timed: dict[str, tuple[list[float], list[float]]] = {}
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(RUNS):
            for index, text in enumerate((small, large)):
                for stage, seconds in _stages(path, text).items():
                    timed.setdefault(stage, ([], []))[index].append(seconds)
    finally:
        if collecting:
            gc.enable()
    return {stage: (statistics.median(a), statistics.median(b)) for stage, (a, b) in timed.items()}


@pytest.mark.parametrize("shape", SHAPES)
def test_doubling_a_note_at_most_doubles_each_stages_time(shape: str) -> None:
    path, make = SHAPES[shape]
    for _attempt in range(2):  # a second measurement before failing: a 2-core machine has busy moments
        medians = _ratios(path, make)
        slow = {
            stage: f"{a * 1000:.0f} ms → {b * 1000:.0f} ms (×{b / a:.1f})"
            for stage, (a, b) in medians.items()
            if b >= FLOOR and b > ALLOWANCE * max(a, 1e-6)
        }
        if not slow:
            return
    pytest.fail(f"{shape}: doubling the note more than doubles {slow}")


def test_the_scaling_test_catches_a_quadratic_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above, on a stage made quadratic on purpose: it must fail."""
    import vaultkit.engine.facts

    def quadratic_log(note: ParsedNote, names: object) -> tuple[()]:
        for i in range(len(note.headings)):
            note.headings[:i]  # a copy of every heading before each: n²/2 steps
        return ()

    monkeypatch.setattr(vaultkit.engine.facts, "log_entries", quadratic_log)
    monkeypatch.setattr(sys.modules[__name__], "SIZE", SIZE // 3)  # quadratic: keep it short
    with pytest.raises(pytest.fail.Exception, match="facts"):
        test_doubling_a_note_at_most_doubles_each_stages_time("many headings")


def test_a_4_mb_note_of_quote_markers_takes_memory_of_its_own_size() -> None:
    """A 4 MB line of `>` peaked at 711 MB in the scanner (a regular expression saving a
    backtracking point for each `>`): it must stay within a few times the note's size."""
    for text in (">" * 4_000_000, "> " * 2_000_000, "[" + "a" * 4_000_000 + "](x.md)", "|---" * 1_000_000 + "|"):
        data = text.encode()
        tracemalloc.start()
        try:
            read_note(DAILY, data, 10**9, 10**6)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 * len(data), f"{text[:10]!r}…: {peak / 1e6:.0f} MB for a note of {len(data) / 1e6:.0f} MB"


# -- the expressions rewritten for linear memory read as the expressions did -----------------------

OLD_QUOTE = re.compile(r"(?: {0,3}>[ ]?)+")
OLD_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
OLD_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
OLD_MDLINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)


def _text(alphabet: str, pieces: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from([*alphabet, *pieces]), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_text(" >\tx"))
def test_quote_markers_end_where_the_expression_ended(line: str) -> None:
    m = OLD_QUOTE.match(line)
    assert note_module._quote_end(line) == (m.end() if m else 0)


@settings(max_examples=1000, deadline=None)
@given(_text(" \t|:-x*_", ("---", "| ", " |")))
def test_table_rules_and_thematic_breaks_are_the_expressions(line: str) -> None:
    assert note_module._table_rule(line) == bool(OLD_TABLE_RULE.fullmatch(line))
    assert note_module._thematic_break(line) == bool(OLD_BREAK.fullmatch(line))


@settings(max_examples=2000, deadline=None)
@given(_text("[]()!<> \t\"'x.", ("](", "[a]", "(a)", ".md", '"t"', " '", '( "a b")', "<a b>")))
def test_markdown_links_are_found_as_the_expression_found_them(line: str) -> None:
    old = [(m.start(), m.end(), m[1] == "!", m[2], m[3]) for m in OLD_MDLINK.finditer(line)]
    assert list(note_module._md_links(line)) == old
