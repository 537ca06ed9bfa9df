"""Bad input never crashes a command (04-quality.md, "Reliability"): every file of the corpus is
read correctly or gets its VK0xx diagnostic, and the note beside it is still checked."""

from __future__ import annotations

import builtins
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultBuilder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vaultkit.engine.store
import vaultkit.engine.workspace
from vaultkit.note import FRONTMATTER, read_note

GOOD = "People/Good.md"
GOOD_NOTE = "---\nrole: mentor\n---\n## Log\n- 2026-01-05 coffee\n"
GOOD_FINDING = ("VK101", GOOD, 1, 1, "no contact for 262 days (cadence 6w; last: 2026-01-05 in the log, line 5)")


def checked(vault: VaultBuilder, select: str = "VK0,VK101") -> list[tuple[str, str, int, int, str]]:
    """`vaultkit check --format json`: (code, path, line, column, message) of every diagnostic."""
    result = vault.run("check", "--format", "json", "--select", select)
    assert result.err == ""
    assert result.code in (0, 1)
    return [(d["code"], d["path"], d["line"], d["column"], d["message"]) for d in result.json()]


BOMB = (
    "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n"
)

CORPUS: list[tuple[str, bytes, list[tuple[str, int, int, str]]]] = [
    (
        "invalid YAML",
        b"---\nname: Ana\n  role: mentor\n---\n",
        [
            (
                "VK002",
                3,
                3,
                "frontmatter is not valid YAML: "
                "this line is indented under a key that already has a value: unindent it",
            )
        ],
    ),
    (
        "an unclosed list",
        b"---\nname: Ana\nrole: [mentor\n---\n",
        [
            (
                "VK002",
                3,
                7,
                "frontmatter is not valid YAML: the [ that opens here is never closed "
                "(did not find expected ',' or ']')",
            )
        ],
    ),
    (
        "unclosed frontmatter",
        b"---\nname: Ana\n\n## Log\n- 2026-09-01 call\n",
        [("VK002", 1, 1, "frontmatter opened on line 1 is never closed with ---")],
    ),
    (
        "NUL bytes",
        b"---\nname: Ana\n---\nhello\x00world\n",
        [("VK001", 1, 1, "note contains NUL bytes (line 4): is it a binary file?")],
    ),
    (
        "Latin-1 bytes",
        "---\nname: François\n---\n".encode("latin-1"),
        [("VK001", 1, 1, "note is not UTF-8 (byte 0xE7 on line 2): re-save it as UTF-8")],
    ),
    (
        "deeply nested YAML",
        b"---\nname: Ana\nx: " + b"[" * 200 + b"]" * 200 + b"\n---\n",
        [("VK002", 3, 104, "frontmatter is nested more than 100 levels deep; not read")],
    ),
    (
        "deeply nested block YAML",
        b"---\n" + b"".join(b"  " * i + b"k:\n" for i in range(120)) + b"---\n",
        [("VK002", 103, 203, "frontmatter is nested more than 100 levels deep; not read")],
    ),
    (
        "nesting past libyaml's own limit",
        b"---\nx: " + b"[" * 30000 + b"\n---\n",
        [("VK002", 2, 1003, "frontmatter is not valid YAML: exceeded maximum nesting depth")],
    ),
    (
        "a YAML alias bomb",
        BOMB.encode(),
        [("VK002", 2, 8, "frontmatter has too many alias expansions (over 20000 values); not read")],
    ),
    (
        "a recursive alias",
        b"---\nx: &x [*x]\n---\n",
        [("VK002", 2, 4, "frontmatter is nested more than 100 levels deep; not read")],
    ),
    (
        "a frontmatter that is a list",
        b"---\n- name: Ana\n- role: mentor\n---\n",
        [("VK002", 1, 1, "frontmatter is a list, not a mapping of keys to values")],
    ),
    (
        "a frontmatter that is a scalar",
        b"---\nAna, my mentor\n---\n",
        [("VK002", 1, 1, "frontmatter is a single value, not a mapping of keys to values")],
    ),
    (
        "duplicate keys",
        b"---\nCompany: Northwind\nrole: peer\ncompany: Contoso\n---\n",
        [("VK003", 4, 1, "duplicate key 'company' (also on line 2); the first one is used")],
    ),
    (
        "a {{date}} placeholder",
        b"---\nname: Ana\nmet: {{date}}\n---\n",
        [("VK002", 3, 6, "unfilled template placeholder {{date}}: fill it in or remove it")],
    ),
    (
        "a Templater placeholder",
        b"---\nname: <% tp.file.title %>\n---\n",
        [("VK002", 2, 7, "unfilled template placeholder <% tp.file.title %>: fill it in or remove it")],
    ),
    (
        "a Python object tag",
        b"---\nname: !!python/object/apply:os.system ['echo pwned']\n---\n",
        [],
    ),
    (
        "a number too long for Python",
        b"---\nemployee id: " + b"7" * 5000 + b"\n---\n",
        [],
    ),
    (
        "frontmatter over max-frontmatter-bytes",
        b"---\nbio: '" + b"x" * 70_000 + b"'\n---\n",
        [("VK002", 1, 1, "frontmatter is larger than 65536 bytes (max-frontmatter-bytes); not read")],
    ),
    ("a BOM and CRLF", b"\xef\xbb\xbf---\r\nname: Ana\r\n---\r\n", []),
    ("empty links", b"[[]] [[ ]] [[|]] [[#]] []() [](.md) ![[]]\n", []),
    ("links inside code", b"`[[Nobody]]`\n```\n[[Nobody]]\n```\n<!-- [[Nobody]] -->\n%% [[Nobody]] %%\n", []),
    ("an empty file", b"", []),
    ("only a fence", b"---", [("VK002", 1, 1, "frontmatter opened on line 1 is never closed with ---")]),
    ("an empty frontmatter", b"---\n---\n", []),
    ("only CRs", b"\r\r\r", []),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_a_bad_person_note_is_reported_and_the_rest_is_still_checked(
    vault: VaultBuilder, raw: bytes, expected: list[tuple[str, int, int, str]]
) -> None:
    vault.write(GOOD, GOOD_NOTE)
    vault.write("People/Ana.md", raw=raw)
    found = [f for f in checked(vault) if f[0] != "VK101" or f[1] == GOOD]
    assert found == sorted([GOOD_FINDING, *((code, "People/Ana.md", *rest) for code, *rest in expected)])


def test_reading_problems_are_warnings_outside_people_plans_and_dated_notes(vault: VaultBuilder) -> None:
    vault.write("Clippings/Article.md", raw=b"---\ntitle: x\n  bad: y\n---\n")
    vault.write("People/Ana.md", raw=b"---\nname: x\n  bad: y\n---\n")
    found = vault.run("check", "--format", "json", "--select", "VK002").json()
    assert [(d["path"], d["severity"]) for d in found] == [
        ("Clippings/Article.md", "warning"),
        ("People/Ana.md", "error"),
    ]


def test_placeholders_are_expected_in_template_folders(vault: VaultBuilder) -> None:
    vault.write(".obsidian/templates.json", '{"folder": "Meta/Blueprints"}')
    vault.write("Meta/blueprints/Person.md", "---\ntype: person\nmet: {{date}}\nname: <% tp.file.title %>\n---\n")
    vault.write("_templates/Daily.md", "---\ncreated: {{date}}\n---\n[[{{title}}]]\n")
    vault.write("Templates/2026-09-01.md", "---\ncreated: {{date}}\n---\n")
    vault.write(GOOD, GOOD_NOTE)
    assert checked(vault) == [GOOD_FINDING]
    assert [p.path for p in vault.open().people] == [GOOD]


# -- sizes -----------------------------------------------------------------------------------------


def test_a_note_over_max_note_bytes_is_not_parsed(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[vault]\nmax-note-bytes = 1000\n")
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n" + "x" * 1000)
    vault.write("People/Bo.md", "---\nrole: mentor\n---\n" + "x" * 900 + "\n## Log\n- 2026-01-05 coffee\n")
    assert [(f[0], f[1], f[4]) for f in checked(vault)] == [
        ("VK001", "People/Ana.md", "note is larger than 1000 bytes (max-note-bytes); not read"),
        ("VK101", "People/Bo.md", "no contact for 262 days (cadence 6w; last: 2026-01-05 in the log, line 6)"),
    ]


def test_a_real_50_mb_note_is_reported_not_read(vault: VaultBuilder) -> None:
    line = b"- 2026-01-01 met [[Good]] #gave and talked about `code` and [x](y.md)\n"
    vault.write("Daily/2026-09-01.md", raw=line * (50 * 1024 * 1024 // len(line) + 1))
    vault.write(GOOD, GOOD_NOTE)
    started = time.perf_counter()
    found = checked(vault)
    assert time.perf_counter() - started < 10
    assert found == [
        ("VK001", "Daily/2026-09-01.md", 1, 1, "note is larger than 5242880 bytes (max-note-bytes); not read"),
        GOOD_FINDING,
    ]


LONG_LINES = {
    "links": "[[Good]] " * 6666,
    "percent comments": "%% x " * 12_000,
    "html comments": "<!-- x --> " * 5454,
    "directives": "<!-- vaultkit-disable VK101 " * 2142 + "-->",
    "a heading with a run of spaces": "# a" + " " * 60_000 + "b",
    "code spans": "`` x " * 12_000,
    "unfinished markdown links": "[a](b " * 10_000,
}


@pytest.mark.parametrize("line", LONG_LINES.values(), ids=LONG_LINES.keys())
def test_a_60000_character_line_is_read_in_linear_time(vault: VaultBuilder, line: str) -> None:
    vault.write(GOOD, GOOD_NOTE)
    vault.write("Daily/2026-09-01.md", line + "\n- [[Good]] lunch\n")
    started = time.perf_counter()
    note = read_note("Daily/2026-09-01.md", (vault.root / "Daily/2026-09-01.md").read_bytes(), 10**9, 65536)
    assert time.perf_counter() - started < 0.5
    assert (note.links[-1].target, note.links[-1].line) == ("Good", 2)
    assert checked(vault) == []


def test_a_note_of_one_megabyte_on_one_line_does_not_hang_the_linter(vault: VaultBuilder) -> None:
    vault.write(GOOD, GOOD_NOTE)
    vault.write("Daily/2026-09-01.md", "%% a %% <!-- b --> " * 60_000 + "\n[[Good]]\n")
    started = time.perf_counter()
    assert checked(vault) == []
    assert time.perf_counter() - started < 5


# -- names -----------------------------------------------------------------------------------------


def test_names_with_hash_bar_emoji_and_right_to_left_text(vault: VaultBuilder) -> None:
    vault.write("People/C# Guru.md", "---\nrole: peer\n---\n")
    vault.write("People/Ana | Bo.md", "---\nrole: peer\n---\n")
    vault.write("People/🚀 Rocket Räder.md", "---\nrole: peer\n---\n")
    vault.write("People/דוד כהן.md", "---\nrole: peer\n---\n")
    vault.write("People/.md", "---\nrole: peer\n---\n")
    vault.write("People/.MD", "\x00")
    vault.write("People/Folder.md/Inside.md", "---\nrole: peer\n---\n")
    vault.write(
        "Daily/2026-09-01.md",
        "[C#](C%23%20Guru.md) [bar](<Ana | Bo.md>) [[🚀 Rocket Räder]] [[דוד כהן|דוד]] [[Inside]]\n",
    )
    rows = vault.run("people", "--format", "json").json()
    assert [(r["name"], r["path"], r["last_interaction"]) for r in rows] == [
        ("Ana | Bo", "People/Ana | Bo.md", "2026-09-01"),
        ("C# Guru", "People/C# Guru.md", "2026-09-01"),
        ("Inside", "People/Folder.md/Inside.md", "2026-09-01"),
        ("דוד כהן", "People/דוד כהן.md", "2026-09-01"),
        ("🚀 Rocket Räder", "People/🚀 Rocket Räder.md", "2026-09-01"),
    ]
    assert checked(vault, "VK0,VK1,VK4") == []


# -- the file system -------------------------------------------------------------------------------


def test_symbolic_links_are_not_followed_even_in_a_loop(vault: VaultBuilder, tmp_path: Path) -> None:
    vault.write(GOOD, GOOD_NOTE)
    os.symlink(vault.root / "People", vault.root / "People" / "loop")
    os.symlink(vault.root, vault.root / "People" / "vault")
    os.symlink("b.md", vault.root / "People" / "a.md")
    os.symlink("a.md", vault.root / "People" / "b.md")
    os.symlink("missing.md", vault.root / "People" / "dangling.md")
    outside = tmp_path / "outside.md"
    outside.write_text("---\nrole: mentor\n---\n", encoding="utf-8")
    os.symlink(outside, vault.root / "People" / "Outside.md")
    assert checked(vault) == [GOOD_FINDING]
    assert [p.path for p in vault.open().people] == [GOOD]


def test_a_note_deleted_while_being_indexed_is_simply_gone(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.write(GOOD, GOOD_NOTE)
    vault.write("People/Bo.md", "---\nrole: mentor\n---\n")
    assert [p.path for p in vault.open().people] == ["People/Bo.md", GOOD]
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n")
    vault.write("People/Bo.md", "---\nrole: mentor\nname: Bo changed\n---\n")
    walk = vaultkit.engine.workspace.walk

    def walk_then_delete(*args: Any) -> Any:
        found = walk(*args)
        (vault.root / "People/Ana.md").unlink()  # new, listed by the walk, gone before it is read
        (vault.root / "People/Bo.md").unlink()  # changed since the last index, then gone
        return found

    monkeypatch.setattr(vaultkit.engine.workspace, "walk", walk_then_delete)
    assert [p.path for p in vault.open().people] == [GOOD]
    monkeypatch.undo()
    assert [p.path for p in vault.open().people] == [GOOD]
    assert checked(vault) == [GOOD_FINDING]


def test_an_unreadable_note_is_vk001_and_read_again_once_readable(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 does not stop root (these tests may run as root), so `open` is refused as the
    kernel would refuse it for an ordinary user; the mode is set too, for a non-root run."""
    vault.write(GOOD, GOOD_NOTE)
    note = vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-09-01 lunch\n")
    real_open = builtins.open
    real_os_open = os.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Ana.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def refusing_os_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Ana.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    note.chmod(0)
    monkeypatch.setattr(builtins, "open", refusing_open)
    monkeypatch.setattr(os, "open", refusing_os_open)
    try:
        found = checked(vault)
    finally:
        monkeypatch.undo()
        note.chmod(0o644)
    assert found == [("VK001", "People/Ana.md", 1, 1, "cannot read the note: Permission denied"), GOOD_FINDING]
    assert [(p.name, str(p.last_interaction.date if p.last_interaction else None)) for p in vault.open().people] == [
        ("Ana", "2026-09-01"),
        ("Good", "2026-01-05"),
    ]
    assert checked(vault) == [GOOD_FINDING]


def test_an_unreadable_folder_is_skipped_and_said(vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    vault.write(GOOD, GOOD_NOTE)
    vault.write("People/Private/Ana.md", "---\nrole: mentor\n---\n")
    real_scandir = os.scandir

    def refusing_scandir(path: Any) -> Any:
        if str(path).endswith("Private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    result = vault.run("check", "--format", "json", "--select", "VK0,VK101")
    assert [(d["code"], d["path"], d["line"], d["column"], d["message"]) for d in result.json()] == [GOOD_FINDING]
    assert result.err == (
        "vaultkit: warning: cannot read the folder People/Private/ (Permission denied): its notes are left out\n"
    )


# -- property tests: arbitrary input never breaks the note reader --------------------------------

PIECES = [
    *"[]()!|#^`~%<>-*+_=:\\/'\". \t\n\rx0123456789aé🚀\x85\u2028",
    *("[[", "]]", "---\n", "```", "<!--", "-->", "%%", "- [ ] ", "> ", "> [!note]", "2026-09-01", "📅 "),
    *("\ufeff", ".md", "{{", "}}", "key: ", "\n  - ", "'[[", '"[['),
]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
WITH_FRONTMATTER = st.builds("---\n{}\n---\n{}".format, MARKDOWNISH, MARKDOWNISH)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_read_note_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    note = read_note("Any.md", data, 1500, 1000)
    assert all(p.code in ("VK001", "VK002", "VK003") for p in note.problems)


@settings(max_examples=600, deadline=None)
@given(MARKDOWNISH | WITH_FRONTMATTER)
def test_read_note_never_raises_and_every_link_points_at_its_brackets(text: str) -> None:
    data = text.encode("utf-8")
    note = read_note("Any.md", data, 10**6, 10**6)
    lines = text.removeprefix("\ufeff").split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    assert note.line_count == len(lines)
    for link in note.links:
        line = lines[link.line - 1]
        at = line[link.column - 1 :]
        if link.kind == FRONTMATTER:
            assert at.startswith("[["), (link, line)
        elif link.embed:
            assert at.startswith(("![[", "![")), (link, line)
        else:
            assert at.startswith("[["[: 2 if link.kind == "wiki" else 1]), (link, line)
        assert link.column < link.end_column <= len(line) + 1


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.text(max_size=30)
            | st.sampled_from(["[[Ana]]", "[[Bo|B]]", "2026-09-01"]),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
            max_leaves=10,
        ),
        max_size=6,
    )
)
def test_any_yaml_frontmatter_is_read_or_reported(values: dict[str, Any]) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(values, allow_unicode=True, default_flow_style=False) + "---\nbody [[Cy]]\n"
    note = read_note("Any.md", text.encode("utf-8"), 10**6, 10**6)
    assert note.links[-1].target == "Cy"
    assert {p.code for p in note.problems} <= {"VK002", "VK003"}
    lines = text.split("\n")
    for link in note.links:
        assert lines[link.line - 1][link.column - 1 :].startswith("[["), (link, lines[link.line - 1])


PERSONISH = st.lists(
    st.sampled_from(
        [
            *PIECES,
            *(
                "role: ",
                "roles: [",
                "level: ",
                "cadence: ",
                "last_contact: ",
                "met: ",
                "aliases: ",
                "status: ",
                "birthday: ",
            ),
            *("mentor", "senior", "6w", "never", "2026-13-45", "12-31", "02-29", "left", "[[Ana]]", "[[Bo|B]]", "null"),
            *("\n## Log\n- ", "#gave", "#asked", "2027-01-01", "[x] ", "snooze_until: ", "company: ", "type: person\n"),
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "People/Ana.md",
                    "People/Bo.md",
                    "Daily/2026-09-01.md",
                    "Plans/2026-Q3.md",
                    "Meetings/M.md",
                    "Clippings/C.md",
                ]
            ),
            PERSONISH,
        ),
        max_size=6,
    )
)
def test_every_rule_runs_over_arbitrary_notes_without_an_exception(files: list[tuple[str, str]]) -> None:
    from pathlib import Path

    from vaultkit.config import load_config
    from vaultkit.discovery import read_layout
    from vaultkit.lint import run, select_rules
    from vaultkit.model import Vault

    config = load_config(Path("/nonexistent"))
    notes = {path: read_note(path, ("---\n" + text).encode(), 10**6, 10**6) for path, text in files}
    model = Vault(config, read_layout(config), date(2026, 9, 24), notes, ("Companies/Acme.md",))
    for diagnostic in run(model, select_rules(config, ["VK"])):
        assert diagnostic.line >= 1 and diagnostic.column >= 1


# -- numbers and dates at the calendar's ends --------------------------------------------------------

HUGE = "9" * 5000  # more digits than int() converts (4300)
TOO_LONG = "is longer than a cadence may be (100 years: 36525d, 5218w, 1200m, 100y; or never); ignored"


@pytest.mark.parametrize("command", ["check", "people", "report"])
def test_a_cadence_of_5000_digits_is_reported_and_stops_no_command(vault: VaultBuilder, command: str) -> None:
    vault.write("People/Ana.md", f"---\nrole: mentor\ncadence: {HUGE}\n---\n")
    vault.write(GOOD, GOOD_NOTE)
    result = vault.run(command)
    assert (result.code in (0, 1), result.err) == (True, "")
    assert [f[:4] for f in checked(vault, "VK004")] == [("VK004", "People/Ana.md", 3, 1)]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("99999999999999999999d", f"cadence: '99999999999999999999d' {TOO_LONG}"),
        ("99999999999999999999", f"cadence: 99999999999999999999 {TOO_LONG}"),
        ("36526", f"cadence: 36526 {TOO_LONG}"),
        ("5219w", f"cadence: '5219w' {TOO_LONG}"),
        ("1201m", f"cadence: '1201m' {TOO_LONG}"),
        ("101y", f"cadence: '101y' {TOO_LONG}"),
        ("²", "cadence: '²' is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
        ("٣d", "cadence: '٣d' is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
    ],
)
def test_a_cadence_longer_than_a_century_is_vk004_not_never_due(
    vault: VaultBuilder, written: str, message: str
) -> None:
    """A cadence past the calendar's end gave no due date and `cadence_days: null`, silently: the
    person was never due. Now it is ignored, said so, and the role's cadence counts."""
    vault.write("People/Ana.md", f"---\nrole: mentor\ncadence: {written}\nlast_contact: 2026-01-05\n---\n")
    assert checked(vault, "VK004") == [("VK004", "People/Ana.md", 3, 1, message)]
    row = vault.run("people", "--format", "json").json()[0]
    assert (row["cadence"], row["cadence_days"], row["due"]) == ("6w", 42, "2026-02-16")


def test_the_longest_cadences_are_a_century(vault: VaultBuilder) -> None:
    for name, cadence in (("Ana", "36525"), ("Bo", "5218w"), ("Cy", "1200m"), ("Di", "100y")):
        vault.write(f"People/{name}.md", f"---\ncadence: {cadence}\nlast_contact: 2026-01-05\n---\n")
    rows = vault.run("people", "--format", "json").json()
    assert [(r["cadence_days"], r["due"]) for r in rows] == [
        (36525, "2126-01-06"), (36526, "2126-01-07"), (36524, "2126-01-05"), (36524, "2126-01-05"),
    ]  # fmt: skip
    assert checked(vault, "VK004") == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[cadence]\ndefault = 99999999999999\n",
            f"vaultkit.toml:2: [cadence.default] 99999999999999 {TOO_LONG.removesuffix('; ignored')}",
        ),
        (
            '[cadence.roles]\nmentor = "200y"\n',
            f"vaultkit.toml:2: [cadence.roles.mentor] '200y' {TOO_LONG.removesuffix('; ignored')}",
        ),
        (
            "[rules.options.VK204]\ndays = 99999999999\n",
            "vaultkit.toml:2: [rules.options.VK204] days must be a number of days from 1 to 36525, not 99999999999",
        ),
        (
            "[rules.options.VK205]\ndays = 99999999999\n",
            "vaultkit.toml:2: [rules.options.VK205] days must be a number of days from 1 to 36525, not 99999999999",
        ),
        (
            "[rules.options.VK301]\ngrace-days = 1e300\n",
            "vaultkit.toml:2: [rules.options.VK301] grace-days must be a number of days from 0 to 36525, not 1e+300",
        ),
        (
            "[rules.options.VK203]\nmin-count = 1" + "0" * 400 + "\n",
            None,  # a count may be as large as it likes: none is out of reach
        ),
        (
            "[rules.options.VK204]\n\ndays = " + HUGE + "\n",
            "vaultkit.toml:3: not valid TOML: a number of more than 4300 digits",
        ),
    ],
)
def test_numbers_in_the_config_too_large_for_a_date_are_one_line(
    vault: VaultBuilder, toml: str, message: str | None
) -> None:
    vault.write("vaultkit.toml", toml)
    vault.write(GOOD, GOOD_NOTE)
    for command in ("check", "report"):
        result = vault.run(command)
        if message is None:
            assert (result.code, result.err) == (0, "")  # warnings only
        else:
            assert (result.code, result.out) == (2, "")
            assert result.err == f"vaultkit: error: {vault.root / message}\n"


DAY_RANGE = "is out of range: give a date from 1900-01-01 to 9998-12-31"
QUARTER_RANGE = "is out of range: give a quarter whose days lie from 1900-01-01 to 9998-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--today", "0001-01-01", "check"), f"--today: 0001-01-01 {DAY_RANGE}"),
        (("--today", "1899-12-31", "people"), f"--today: 1899-12-31 {DAY_RANGE}"),
        (("--today", "9999-10-01", "report"), f"--today: 9999-10-01 {DAY_RANGE}"),
        (("--today", "9999-12-31", "plan"), f"--today: 9999-12-31 {DAY_RANGE}"),
        (("report", "--quarter", "9999-Q4"), f"--quarter: 9999-Q4 {QUARTER_RANGE}"),
        (("report", "--quarter", "0000-Q1"), f"--quarter: 0000-Q1 {QUARTER_RANGE}"),
        (("plan", "--quarter", "1899-Q4"), f"--quarter: 1899-Q4 {QUARTER_RANGE}"),
        (("plan", "--quarter", "٢٠٢٦-Q1"), "--quarter: '٢٠٢٦-Q1' is not a quarter (expected YYYY-QN, e.g. 2026-Q3)"),
    ],
)
def test_dates_in_arguments_outside_1900_to_9998_are_one_line(
    vault: VaultBuilder, args: tuple[str, ...], message: str
) -> None:
    vault.write(GOOD, GOOD_NOTE)
    result = vault.run(*args, today=None if "--today" in args else "2026-12-06")
    assert (result.code, result.out, result.err) == (2, "", f"vaultkit: error: {message}\n")


def test_the_first_and_last_days_a_command_may_run_for(vault: VaultBuilder) -> None:
    vault.write(GOOD, GOOD_NOTE)
    for today in ("1900-01-01", "9998-12-31"):
        assert vault.run("report", today=today).code == 0
    assert vault.run("report", "--quarter", "9998-Q4").code == 0
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 7\n")  # 9999-Q2 is October to December 9998
    assert vault.run("plan", "--dry-run", "--quarter", "9999-Q2", today="9998-12-31").code == 0


EDGES = {
    "People/Ana.md": (
        "---\nrole: mentor\nlast_contact: 9999-12-31\nmet: 0001-01-01\nbirthday: 0001-01-01\n"
        "snooze_until: 9999-12-31\n---\n## Log\n- 0001-01-01 x\n- 9999-12-31 y #gave\n"
        "- [ ] call [[Bo]] 📅 0001-01-01\n- [ ] call [[Bo]] 📅 9999-12-31\n### 9999-12-31 dinner\n"
    ),
    "People/Bo.md": "---\nrole: mentor\nlast_contact: 0001-01-01\nbirthday: 12-31\ncadence: 100y\n---\n",
    "People/Cy.md": "---\nrole: peer\nmet: 9999-12-31\ncadence: 1d\n---\n",
    "People/Di.md": "---\nrole: peer\nlast_contact: 0001-01-01\ncadence: 1y\nbirthday: 02-29\nstatus: paused\n---\n",
    "People/Ed.md": "---\nlevel: junior\nmet: 9999-12-31\ncadence: 100y\nlast_contact: 9999-12-30\n---\n",
    "Plans/0000-Q1.md": "## Senior\n- [[Ana]]\n",
    "Plans/0001-Q1.md": "## Senior\n- [[Ana]]\n",
    "Plans/9999-Q4.md": "## Senior\n- [[Ana]]\n",
    "Plans/Old.md": "---\ntype: plan\nquarter: 0000-Q1\n---\n## Senior\n- [[Bo]]\n",
    "Daily/0001-01-01.md": "[[Ana]]\n",
    "Daily/9999-12-31.md": "[[Ana]] [[Cy]]\n",
    "Meetings/M.md": "---\ndate: 9999-12-31\n---\n[[Bo]]\n",
}
COMMANDS = [
    *(("check", "--select", "VK", "--format", fmt) for fmt in ("text", "json", "sarif", "github", "junit")),
    *(("people", "--format", fmt) for fmt in ("table", "json", "csv")),
    *(("report", "--format", fmt) for fmt in ("text", "json", "html", "markdown")),
    ("plan", "--dry-run"),
]


@pytest.mark.parametrize("today", ["1900-01-01", "2026-12-06", "9998-12-31"])
def test_dates_at_the_calendars_ends_in_notes_crash_no_command(vault: VaultBuilder, today: str) -> None:
    """Due dates, birthdays, quarters and the report's trend are worked out from dates of the
    notes as far apart as the calendar goes, for the first and the last day a command runs for."""
    for path, text in EDGES.items():
        vault.write(path, text)
    for command in COMMANDS:
        result = vault.run(*command, today=today)
        assert (command, result.code, result.err) == (command, result.code, "") and result.code in (0, 1)
    for start_month in (2, 7, 12):
        vault.write("vaultkit.toml", f"[quarters]\nstart-month = {start_month}\n")
        for command in (COMMANDS[1], COMMANDS[-4], COMMANDS[-1]):
            result = vault.run(*command, today=today)
            assert (command, result.code, result.err) == (command, result.code, "") and result.code in (0, 1)


# -- the config file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("vaultkit.toml", '[vault]\npeople = ["Contacts"]\n'),
        ("pyproject.toml", '[tool.vaultkit.vault]\npeople = ["Contacts"]\n'),
        (".vaultkit.toml", '[vault]\npeople = ["Contacts"]\n'),
    ],
)
def test_a_config_with_a_byte_order_mark_is_read_as_editors_write_it(vault: VaultBuilder, name: str, text: str) -> None:
    vault.write(name, raw=b"\xef\xbb\xbf" + text.encode())
    vault.write("Contacts/Ana.md", "---\nrole: mentor\n---\n")
    assert [p.path for p in vault.open().people] == ["Contacts/Ana.md"]


def test_a_config_error_on_the_first_line_after_a_byte_order_mark_names_that_line(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", raw=b"\xef\xbb\xbf[valt]\npeople = 1\n")
    result = vault.run("check")
    assert result.code == 2
    assert result.err.startswith(f"vaultkit: error: {vault.root / 'vaultkit.toml'}:1: [valt] unknown section")


OUTSIDE = 'is not a folder inside the vault: write it relative to the vault\'s folder, with no leading / and no .. (such as "People" or "Work/People")'  # noqa: E501


@pytest.mark.parametrize(
    ("toml", "line", "key", "value"),
    [
        ('[vault]\npeople = [".."]\n', 2, "vault.people", "'..'"),
        ('[vault]\n\npeople = ["People", "Team/../../Other"]\n', 3, "vault.people", "'Team/../../Other'"),
        ('[vault]\ndaily-folder = "../.."\n', 2, "vault.daily-folder", "'../..'"),
        ('[vault]\nplans = "/tmp"\n', 2, "vault.plans", "'/tmp'"),
        ('[vault]\nplans = "..\\\\Plans"\n', 2, "vault.plans", "'..\\\\Plans'"),
        ('[vault]\nmeetings = "C:\\\\Meetings"\n', 2, "vault.meetings", "'C:\\\\Meetings'"),
        ('[vault]\ntemplates = ["\\\\\\\\server\\\\share"]\n', 2, "vault.templates", "'\\\\\\\\server\\\\share'"),
    ],
)
def test_a_folder_key_outside_the_vault_is_a_config_error_naming_the_key(
    vault: VaultBuilder, toml: str, line: int, key: str, value: str
) -> None:
    """`plans = "../.."` would have `plan` write a note outside the vault; the other folders would
    match no note, silently."""
    vault.write("vaultkit.toml", toml)
    vault.write(GOOD, GOOD_NOTE)
    for command in ("check", "plan"):
        result = vault.run(command)
        assert (result.code, result.out) == (2, "")
        assert result.err == f"vaultkit: error: {vault.root / 'vaultkit.toml'}:{line}: [{key}] {value} {OUTSIDE}\n"
    assert sorted(p.name for p in vault.root.parent.iterdir()) == ["vault"]  # nothing written beside it


# -- file names that are not UTF-8 -------------------------------------------------------------------


def _not_utf8(vault: VaultBuilder) -> None:
    """An attachment, a note and a folder whose names hold bytes that are not UTF-8 (Latin-1 names
    unpacked from an old archive), beside a good note; skipped where the file system refuses them."""
    root = os.fsencode(vault.root)
    try:
        with open(root + b"/att\xff.png", "wb") as handle:
            handle.write(b"\x89PNG")
    except OSError as error:
        pytest.skip(f"this file system refuses a name that is not UTF-8 ({error.strerror})")
    vault.write(GOOD, GOOD_NOTE)
    with open(root + b"/People/Ana\xff.md", "wb") as handle:
        handle.write(b"---\nrole: mentor\n---\n")
    os.mkdir(root + b"/Priv\xfe")
    with open(root + b"/Priv\xfe/Bo.md", "wb") as handle:
        handle.write(b"---\ntype: person\n---\n[[Good]]\n")


LEFT_OUT = (
    "vaultkit: warning: cannot read the file People/Ana\\xff.md (its name is not UTF-8: rename it): it is left out\n"
    "vaultkit: warning: cannot read the folder Priv\\xfe/ (its name is not UTF-8: rename it): its notes are left out\n"
    "vaultkit: warning: cannot read the file att\\xff.png (its name is not UTF-8: rename it): it is left out\n"
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_name_that_is_not_utf8_is_left_out_and_said_in_every_format(vault: VaultBuilder, fmt: str) -> None:
    """os.scandir gives such a name with lone surrogates for its bad bytes, which stopped every
    command in an encode (the index's digest, SQLite, the output): now the walk leaves it out and
    says so, its bytes escaped, and the rest of the vault is checked."""
    _not_utf8(vault)
    for _ in range(2):  # the second run from the index
        result = vault.run("check", "--format", fmt, "--select", "VK0,VK101")
        assert (result.code, result.err) == (0, LEFT_OUT)
        assert "People/Good.md" in result.out and "Ana\\xff" not in result.out and "Priv" not in result.out


@pytest.mark.parametrize(
    "command",
    [("people", "--format", "json"), ("report", "--format", "json"), ("index", "--rebuild"), ("plan", "--dry-run")],
)
def test_a_name_that_is_not_utf8_stops_no_command(vault: VaultBuilder, command: tuple[str, ...]) -> None:
    _not_utf8(vault)
    result = vault.run(*command)
    assert (result.code, result.err) == (0, LEFT_OUT)
    if command[0] == "people":
        assert [row["path"] for row in result.json()] == [GOOD]


def test_checking_a_path_that_is_not_utf8_checks_no_note(vault: VaultBuilder) -> None:
    _not_utf8(vault)
    result = vault.run("check", os.fsdecode(os.fsencode(vault.root) + b"/People/Ana\xff.md"))
    assert (result.code, result.out) == (0, "No note checked.\n")
    assert result.err == (
        f"vaultkit: no note of the vault at {vault.root} among the paths given (outside it, excluded or not "
        f"Markdown): no note checked\n{LEFT_OUT}"
    )


# -- something else put in a note's place while it is checked ----------------------------------------


class _Hung(Exception):
    pass


def _swap_in(kind: str, note: Path, outside: Path) -> None:
    """Put a `kind` of file where `note` is, as another program could between the walk and the read."""
    import socket

    note.unlink()
    if kind == "fifo":
        os.mkfifo(note)
    elif kind == "link":
        os.symlink(outside, note)
    elif kind == "folder":
        note.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(note))
        server.close()


@pytest.mark.parametrize(
    ("kind", "what"), [("fifo", "a FIFO"), ("link", "a symbolic link"), ("folder", "a folder"), ("socket", "a socket")]
)
def test_something_swapped_in_for_a_note_during_a_check_is_never_read(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str, what: str
) -> None:
    """A FIFO renamed over a note between the walk and the read blocked `check` forever in open();
    a link would have read a note outside the vault. Each is skipped and said (VK001), on the first
    run (no index yet) and on a later one (the index's reader, the digest of a note just changed)."""
    import signal

    def hung(*_: Any) -> None:
        raise _Hung

    outside = tmp_path / "outside.md"
    outside.write_text("---\nrole: mentor\n---\n## Log\n- 2026-09-20 lunch\n", encoding="utf-8")
    vault.write(GOOD, GOOD_NOTE)
    walk = vaultkit.engine.workspace.walk
    swapped: list[str] = []

    def walk_then_swap(*args: Any) -> Any:
        found = walk(*args)
        for path in swapped:
            _swap_in(kind, vault.root / path, outside)
        return found

    monkeypatch.setattr(vaultkit.engine.workspace, "walk", walk_then_swap)
    previous = signal.signal(signal.SIGALRM, hung)
    try:
        for path in ("People/Ana.md", "People/Bo.md"):  # the first with no index, then with one
            vault.write(path, "---\nrole: mentor\n---\n")
            swapped[:] = [path]
            signal.alarm(20)
            found = checked(vault)
            signal.alarm(0)
            assert found == [("VK001", path, 1, 1, f"cannot read the note: {what} now, not a file"), GOOD_FINDING]
            swapped.clear()
            assert checked(vault) == [GOOD_FINDING]  # and next time, the walk lists no such file
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_vault_whose_own_folder_is_not_utf8_is_checked(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vault's folder (and `--output`) may be named in bytes that are not UTF-8 too: they are
    paths to open, and text only where printed (escaped) or digested (as bytes)."""
    parent = os.fsencode(tmp_path)
    try:
        os.mkdir(parent + b"/V\xffault")
    except OSError as error:
        pytest.skip(f"this file system refuses a name that is not UTF-8 ({error.strerror})")
    root = Path(os.fsdecode(parent + b"/V\xffault"))
    (root / "People").mkdir()
    (root / GOOD).write_text(GOOD_NOTE, encoding="utf-8")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    run = cli("--vault", str(root), "--today", "2026-09-24", "check", "--format", "github", "--select", "VK101")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("::warning file=V\\xffault/People/Good.md,line=1,col=1,")
    run = cli("--vault", str(root), "--today", "2026-09-24", "check", "--format", "sarif", "--select", "VK101")
    assert (run.code, run.err) == (0, "") and '"uri": "V%5Cxffault/People/Good.md"' in run.out
    output = os.fsdecode(parent + b"/r\xfe.html")
    for _ in range(2):  # the second time over its own earlier output
        run = cli("--vault", str(root), "--today", "2026-09-24", "report", "--format", "html", "--output", output)
        assert run.code == 0
    assert Path(output).read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_folder_whose_only_note_is_not_utf8_says_why_it_is_left_out(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a folder of notes (no config, no .obsidian): its one note is named in Latin-1.
    It is a vault, and the note is said to be left out, rather than "no notes here"."""
    folder = os.fsencode(tmp_path)
    try:
        with open(folder + b"/Fran\xe7ois.md", "wb") as handle:
            handle.write(b"---\nrole: mentor\n---\n")
    except OSError as error:
        pytest.skip(f"this file system refuses a name that is not UTF-8 ({error.strerror})")
    monkeypatch.chdir(tmp_path)
    run = cli("--today", "2026-09-24", "check", "--select", "VK0,VK1")
    assert (run.code, run.out) == (0, "All good: no problems found.\n")
    assert run.err == (
        "vaultkit: warning: cannot read the file Fran\\xe7ois.md (its name is not UTF-8: rename it): it is left out\n"
    )


@pytest.mark.parametrize("name", ["daily-notes.json", "templates.json", "plugins/templater-obsidian/data.json"])
def test_a_fifo_among_obsidians_settings_is_not_waited_on(vault: VaultBuilder, name: str) -> None:
    """Obsidian's settings are read as notes are (`open_note`): a FIFO there blocked every command."""
    import signal

    def hung(*_: Any) -> None:
        raise _Hung

    vault.write(GOOD, GOOD_NOTE)
    settings_file = vault.root / ".obsidian" / name
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(settings_file)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        assert checked(vault) == [GOOD_FINDING]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_config_swapped_for_a_fifo_once_found_is_not_waited_on(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config is found as a file, then read: a FIFO put in its place meanwhile is said, not waited on."""
    import signal

    def hung(*_: Any) -> None:
        raise _Hung

    vault.write(GOOD, GOOD_NOTE)
    config = vault.root / "vaultkit.toml"
    os.mkfifo(config)
    is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda path: path == config or is_file(path))  # a file when looked at
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        result = vault.run("check")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (result.code, result.err) == (2, f"vaultkit: error: {config}: cannot read: a FIFO now, not a file\n")
