"""`vaultkit check` and `vaultkit rules` as a user runs them: output formats, PATHS, exit status."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultBuilder

from vaultkit import rules as rules_module
from vaultkit.cli import main

TODAY = "2026-09-24"


@pytest.fixture
def small(vault: VaultBuilder) -> VaultBuilder:
    """One of each severity: an error (VK003), a warning (VK101), an info (VK402, fixable)."""
    vault.write(
        "People/Ana Núñez.md",
        "---\nrole: mentor\naliases: [Ana]\nCompany: Contoso\ncompany: Fabrikam\n---\n## Log\n- 2026-08-01 coffee\n",
    )
    vault.write("Daily/2026-08-01.md", "# Saturday\n\n- coffee with [[Ana]], 50% done\n")
    return vault


SMALL_TEXT = (
    "Daily/2026-08-01.md:3:15: VK402/alias-link [info] [[Ana]] names Ana Núñez by alias; Obsidian will not follow it: "
    "write [[Ana Núñez|Ana]]\n"
    "People/Ana Núñez.md:1:1: VK101/neglected-contact [warning] no contact for 54 days "
    "(cadence 6w; last: 2026-08-01 in the log, line 8)\n"
    "People/Ana Núñez.md:5:1: VK003/duplicate-key [error] duplicate key 'company' (also on line 4); "
    "the first one is used\n"
    "Found 3 problems (1 error, 1 warning, 1 info) in 2 notes.\n"
    "1 fixable with `vaultkit check --fix` (see them with --diff).\n"
)


def test_text_output(small: VaultBuilder) -> None:
    run = small.run("check", "--select", "VK0,VK1,VK4")
    assert (run.code, run.out, run.err) == (1, SMALL_TEXT, "")


def test_nothing_found(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-09-20 coffee\n")
    run = vault.run("check", "--select", "VK1")
    assert (run.code, run.out, run.err) == (0, "All good: no problems found.\n", "")


# -- exit status ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--select", "VK0,VK1,VK4"], 1),  # an error
        (["--select", "VK1,VK4"], 0),  # a warning and an info: fine by default
        (["--select", "VK1,VK4", "--strict"], 1),
        (["--select", "VK4", "--strict"], 0),  # an info never fails --strict
        (["--select", "VK0", "--exit-zero"], 0),
        (["--select", "VK1", "--strict", "--exit-zero"], 0),
        (["--select", "VK2"], 0),
        (["--select", "VK0", "--format", "json"], 1),
        (["--select", "VK0", "--output", "out.txt"], 1),
        (["--select", "VK0", "--statistics"], 1),
    ],
)
def test_exit_status(small: VaultBuilder, args: list[str], status: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(small.root)
    assert small.run("check", *args).code == status


@pytest.mark.parametrize(("fail_on", "status"), [("error", 0), ("warning", 0), ("info", 1)])
def test_exit_status_with_fail_on(small: VaultBuilder, fail_on: str, status: int) -> None:
    small.write("vaultkit.toml", f'[rules]\nfail-on = "{fail_on}"\nselect = ["VK4"]\n')
    assert small.run("check").code == status
    assert small.run("check", "--exit-zero").code == 0


def test_exit_zero_does_not_hide_a_bad_config(small: VaultBuilder) -> None:
    small.write("vaultkit.toml", "[rules]\nfail-on = 3\n")
    run = small.run("check", "--exit-zero")
    assert run.code == 2
    assert (
        run.err
        == f"vaultkit: error: {small.root / 'vaultkit.toml'}:2: [rules.fail-on] must be one of error, warning, info, "
        "not 3\n"
    )


# -- mistakes: one line on stderr, exit 2; a traceback only with --debug --------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2026-13-01", "check"],
         "vaultkit: error: --today: '2026-13-01' is not a date (expected YYYY-MM-DD)"),
        (["--today", "24/09/2026", "check"],
         "vaultkit: error: --today: '24/09/2026' is not a date (expected YYYY-MM-DD)"),
        (["--today", "", "check"], "vaultkit: error: --today: no date given (expected YYYY-MM-DD)"),
        (["check", "--format", "xml"],
         "vaultkit: error: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'sarif', 'github', "
         "'junit'. (try 'vaultkit check --help')"),
        (["check", "--formt", "json"], "vaultkit: error: No such option '--formt'. Did you mean '--format'? "
                                       "(try 'vaultkit check --help')"),
        (["check", "--select"], "vaultkit: error: Option '--select' requires an argument."),
        (["rules", "VK999"], "vaultkit: error: unknown rule 'VK999' (vaultkit rules lists them)"),
        (["chek"], "vaultkit: error: No such command 'chek'. Did you mean 'check'? (try 'vaultkit --help')"),
    ],
)  # fmt: skip
def test_a_mistake_is_one_line_and_exit_2(cli: Any, vault: VaultBuilder, args: list[str], message: str) -> None:
    run = cli("--vault", str(vault.root), *args)
    assert (run.code, run.out, run.err) == (2, "", message + "\n")


def test_an_unknown_vault(cli: Any, tmp_path: Path) -> None:
    run = cli("--vault", str(tmp_path / "nowhere"), "check")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"vaultkit: error: {tmp_path / 'nowhere'}: vault not found (no such folder)\n",
    )


def test_a_bad_date_from_the_environment(cli: Any, vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULTKIT_TODAY", "tomorrow")
    run = cli("--vault", str(vault.root), "check")
    assert (run.code, run.err) == (
        2,
        "vaultkit: error: VAULTKIT_TODAY: 'tomorrow' is not a date (expected YYYY-MM-DD)\n",
    )


def test_a_missing_config_file(cli: Any, vault: VaultBuilder) -> None:
    run = cli("--vault", str(vault.root), "--config", str(vault.root / "other.toml"), "check")
    assert (run.code, run.err) == (2, f"vaultkit: error: {vault.root / 'other.toml'}: config file not found\n")


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """VK107 crashes: an internal error, not the user's."""

    def boom(*args: object) -> None:
        raise RuntimeError("the rule fell over")

    rule = rules_module.RULES["VK107"]
    monkeypatch.setitem(rules_module.RULES, "VK107", dataclasses.replace(rule, check=boom))


@pytest.mark.usefixtures("broken_rule")
def test_an_internal_error_is_one_line_without_debug(small: VaultBuilder) -> None:
    run = small.run("check")
    assert (run.code, run.out) == (2, "")
    assert run.err == "vaultkit: internal error: RuntimeError: the rule fell over (run with --debug for details)\n"


@pytest.mark.usefixtures("broken_rule")
def test_an_internal_error_raises_with_debug(small: VaultBuilder) -> None:
    with pytest.raises(RuntimeError, match="the rule fell over"):
        main(["--vault", str(small.root), "--today", TODAY, "--debug", "check"])


def test_debug_shows_the_traceback_in_a_real_process(vault: VaultBuilder) -> None:
    import subprocess
    import sys

    vault.write("People/Ruth.md", "---\nrole: mentor\nstatus: left\n---\n")
    script = (
        "import sys\n"
        "from vaultkit.cli import main\n"
        "import vaultkit.rules as r, dataclasses\n"
        "def boom(*a): raise RuntimeError('the rule fell over')\n"
        "r.RULES['VK107'] = dataclasses.replace(r.RULES['VK107'], check=boom)\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = [sys.executable, "-c", script, "--vault", str(vault.root), "--today", TODAY]
    quiet = subprocess.run([*args, "check"], capture_output=True, text=True, check=False)
    loud = subprocess.run([*args, "--debug", "check"], capture_output=True, text=True, check=False)
    assert (quiet.returncode, quiet.stderr.count("\n"), "Traceback" in quiet.stderr) == (2, 1, False), quiet.stderr
    assert loud.returncode != 0
    assert "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.rstrip().endswith("RuntimeError: the rule fell over")


def test_a_reader_that_goes_away_is_a_broken_pipe_not_problems_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """`vaultkit rules | head -1`: exit 141, as git and grep killed by SIGPIPE, and nothing said;
    click's own answer, 1, would say that `check` found problems."""
    import io

    class Gone(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    stderr = io.StringIO()
    monkeypatch.setattr("sys.stdout", Gone(io.BytesIO()))
    monkeypatch.setattr("sys.stderr", stderr)
    assert main(["rules"]) == 141
    assert stderr.getvalue() == ""


def test_a_reader_that_goes_away_mid_output_is_a_broken_pipe_too(vault: VaultBuilder) -> None:
    """A large output's write takes part of it when the reader leaves and says so only in its
    count: that is a broken pipe as well, never the rest dropped and exit 0."""
    import subprocess
    import sys

    for number in range(3000):  # 3,000 lines of VK102, far more than a pipe holds (64 KB on Linux)
        vault.write(f"People/Person {number}.md", "---\nroles: [friend]\n---\n")
    args = [sys.executable, "-m", "vaultkit", "--vault", str(vault.root), "--today", "2026-09-24", "check"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    assert (process.wait(timeout=60), process.stderr.read()) == (141, b"")


# -- --format json ----------------------------------------------------------------------------------------


def test_json_shape_and_order(small: VaultBuilder) -> None:
    run = small.run("check", "--select", "VK0,VK1,VK4", "--format", "json")
    assert run.code == 1
    assert run.out.endswith("]\n")
    data = run.json()
    keys = ["code", "name", "severity", "path", "line", "column", "end_line", "end_column", "message", "fix"]
    assert [list(d) for d in data] == [keys] * 3
    assert data == [
        {
            "code": "VK402", "name": "alias-link", "severity": "info", "path": "Daily/2026-08-01.md",
            "line": 3, "column": 15, "end_line": 3, "end_column": 22,
            "message": "[[Ana]] names Ana Núñez by alias; Obsidian will not follow it: write [[Ana Núñez|Ana]]",
            "fix": {
                "description": "link to Ana Núñez",
                "edits": [{"path": "Daily/2026-08-01.md", "line": 3, "column": 15, "end_line": 3, "end_column": 22,
                           "text": "[[Ana Núñez|Ana]]"}],
            },
        },
        {
            "code": "VK101", "name": "neglected-contact", "severity": "warning", "path": "People/Ana Núñez.md",
            "line": 1, "column": 1, "end_line": 1, "end_column": 1,
            "message": "no contact for 54 days (cadence 6w; last: 2026-08-01 in the log, line 8)", "fix": None,
        },
        {
            "code": "VK003", "name": "duplicate-key", "severity": "error", "path": "People/Ana Núñez.md",
            "line": 5, "column": 1, "end_line": 5, "end_column": 8,
            "message": "duplicate key 'company' (also on line 4); the first one is used", "fix": None,
        },
    ]  # fmt: skip


def test_json_is_sorted_by_path_line_column_code(sample_copy: Path, cli: Any) -> None:
    run = cli("--vault", str(sample_copy), "--today", TODAY, "check", "--format", "json")
    data = run.json()
    assert len(data) == 48
    keys = [(d["path"], d["line"], d["column"], d["code"]) for d in data]
    assert keys == sorted(keys)


def test_json_with_nothing_found(vault: VaultBuilder) -> None:
    run = vault.run("check", "--select", "VK1", "--format", "json")
    assert (run.code, run.out) == (0, "[]\n")


# -- --format github, junit -------------------------------------------------------------------------------


def test_github_format_is_picked_on_github_actions(small: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = small.run("check", "--select", "VK0,VK1,VK4")
    assert run.out == (
        "::notice file=Daily/2026-08-01.md,line=3,col=15,endLine=3,endColumn=22,title=VK402::VK402/alias-link: "
        "[[Ana]] names Ana Núñez by alias; Obsidian will not follow it: write [[Ana Núñez|Ana]]\n"
        "::warning file=People/Ana Núñez.md,line=1,col=1,endLine=1,endColumn=1,title=VK101::VK101/neglected-contact: "
        "no contact for 54 days (cadence 6w; last: 2026-08-01 in the log, line 8)\n"
        "::error file=People/Ana Núñez.md,line=5,col=1,endLine=5,endColumn=8,title=VK003::VK003/duplicate-key: "
        "duplicate key 'company' (also on line 4); the first one is used\n"
    )
    assert run.code == 1


def test_github_and_sarif_paths_are_the_repositorys_when_the_vault_is_a_folder_of_it(
    small: VaultBuilder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Annotations and code scanning read paths from the checkout's root: a vault in its notes/
    folder (here vault/) is written with that folder in front; text and json keep the vault's."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(small.root.parent))
    run = small.run("check", "--select", "VK003", "--format", "github")
    assert run.out.startswith("::error file=vault/People/Ana Núñez.md,line=5,")
    sarif = json.loads(small.run("check", "--select", "VK003", "--format", "sarif").out)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "vault/People/Ana%20N%C3%BA%C3%B1ez.md", "uriBaseId": "%SRCROOT%"}
    assert small.run("check", "--select", "VK003", "--format", "json").json()[0]["path"] == "People/Ana Núñez.md"
    monkeypatch.delenv("GITHUB_WORKSPACE")
    monkeypatch.chdir(small.root.parent)  # outside GitHub Actions, from the current folder
    assert small.run("check", "--select", "VK003", "--format", "github").out.startswith("::error file=vault/People/")
    monkeypatch.chdir(small.root)
    assert small.run("check", "--select", "VK003", "--format", "github").out.startswith("::error file=People/")


@pytest.mark.parametrize("value", ["false", "1", ""])
def test_github_format_needs_github_actions_true(
    small: VaultBuilder, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", value)
    assert small.run("check", "--select", "VK0,VK1,VK4").out == SMALL_TEXT


def test_an_explicit_format_wins_on_github_actions(small: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert small.run("check", "--select", "VK0,VK1,VK4", "--format", "text").out == SMALL_TEXT


def test_counts_or_a_diff_asked_for_on_github_actions_are_given(
    small: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    counted = small.run("check", "--select", "VK0,VK1,VK4", "--statistics")
    assert counted.out.startswith("1  VK003      duplicate-key\n")
    assert small.run("check", "--select", "VK4", "--diff").out.startswith("--- a/")


def test_github_escapes_what_would_break_the_command(vault: VaultBuilder) -> None:
    vault.write("People/50%, Ana: Núñez.md", "---\nrole: mentor\nlast_contact: 2026-08-01\n---\n")
    run = vault.run("check", "--select", "VK101", "--format", "github")
    assert run.out.startswith(
        "::warning file=People/50%25%2C Ana%3A Núñez.md,line=1,col=1,endLine=1,endColumn=1,title=VK101::"
    )


def test_junit_is_well_formed(small: VaultBuilder) -> None:
    run = small.run("check", "--select", "VK0,VK1,VK4", "--format", "junit")
    root = ET.fromstring(run.out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "3", "3")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("Daily/2026-08-01.md", "1", "1"),
        ("People/Ana Núñez.md", "2", "2"),
    ]
    failures = [(case.get("name"), case.find("failure")) for s in suites for case in s.findall("testcase")]
    assert [(name, f.get("type"), f.get("message")) for name, f in failures if f is not None] == [
        ("VK402/alias-link at Daily/2026-08-01.md:3:15", "info",
         "[[Ana]] names Ana Núñez by alias; Obsidian will not follow it: write [[Ana Núñez|Ana]]"),
        ("VK101/neglected-contact at People/Ana Núñez.md:1:1", "warning",
         "no contact for 54 days (cadence 6w; last: 2026-08-01 in the log, line 8)"),
        ("VK003/duplicate-key at People/Ana Núñez.md:5:1", "error",
         "duplicate key 'company' (also on line 4); the first one is used"),
    ]  # fmt: skip


def test_junit_escapes_markup_from_notes(vault: VaultBuilder) -> None:
    vault.write('People/<Ana> & "Co".md', "---\nrole: mentor\nlast_contact: 2026-08-01\n---\n")
    root = ET.fromstring(vault.run("check", "--select", "VK101", "--format", "junit").out)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("classname") == 'People/<Ana> & "Co".md'


def test_junit_with_nothing_found_is_one_passing_case(vault: VaultBuilder) -> None:
    root = ET.fromstring(vault.run("check", "--select", "VK1", "--format", "junit").out)
    assert (root.get("tests"), root.get("failures"), len(root.findall("testsuite/testcase/failure"))) == ("1", "0", 0)


# -- --statistics, --output -------------------------------------------------------------------------------


def test_statistics(small: VaultBuilder) -> None:
    small.write("Daily/2026-08-02.md", "- [[Ana]] again\n")
    run = small.run("check", "--select", "VK0,VK1,VK4", "--statistics")
    assert run.out == (
        "2  VK402  [*] alias-link\n"
        "1  VK003      duplicate-key\n"
        "1  VK101      neglected-contact\n"
        "Found 4 problems (1 error, 1 warning, 2 info) in 3 notes.\n"
        "2 fixable with `vaultkit check --fix` (see them with --diff).\n"
    )


def test_statistics_as_json(small: VaultBuilder) -> None:
    small.write("Daily/2026-08-02.md", "- [[Ana]] again\n")
    run = small.run("check", "--select", "VK0,VK1,VK4", "--statistics", "--format", "json")
    assert json.loads(run.out) == [
        {"code": "VK402", "name": "alias-link", "count": 2, "fixable": True},
        {"code": "VK003", "name": "duplicate-key", "count": 1, "fixable": False},
        {"code": "VK101", "name": "neglected-contact", "count": 1, "fixable": False},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--statistics", "--format", "sarif"], "--statistics counts the problems as text or json, not as sarif"),
        (["--diff", "--format", "json"], "--diff shows the fixes as a diff: it cannot be given with --format json"),
        (["--diff", "--statistics"], "--diff shows the fixes as a diff: it cannot be given with --statistics"),
    ],
)
def test_options_that_do_not_go_together(small: VaultBuilder, args: list[str], message: str) -> None:
    run = small.run("check", *args)
    assert (run.code, run.out, run.err) == (2, "", f"vaultkit: error: {message}\n")


def test_fix_with_diff_shows_the_fixes_and_writes_nothing_as_in_ruff(small: VaultBuilder) -> None:
    before = small.read("Daily/2026-08-01.md")
    both = small.run("check", "--select", "VK402", "--fix", "--diff")
    assert both.out == small.run("check", "--select", "VK402", "--diff").out
    assert both.out.startswith("--- a/") and small.read("Daily/2026-08-01.md") == before


def test_diff_exits_as_check_does_and_can_go_to_a_file(small: VaultBuilder, tmp_path: Path) -> None:
    small.write("Daily/2026-08-02.md", "- [[Ana]] again\n")
    shown = small.run("check", "--select", "VK402", "--diff")
    assert shown.code == 0 and shown.out.startswith("--- a/")  # VK402 is info: under fail-on
    assert small.run("check", "--select", "VK402", "--diff", "--strict").code == 0
    assert small.run("check", "--select", "VK0,VK402", "--diff").code == 1  # VK003 is an error
    assert small.run("check", "--select", "VK0,VK402", "--diff", "--exit-zero").code == 0
    target = tmp_path / "fixes.diff"
    run = small.run("check", "--select", "VK402", "--diff", "--output", str(target))
    assert (run.code, run.out) == (0, "")
    assert target.read_text(encoding="utf-8") == shown.out


def test_output_writes_the_file_and_prints_nothing(small: VaultBuilder, tmp_path: Path) -> None:
    target = tmp_path / "vaultkit.json"
    run = small.run("check", "--select", "VK0,VK1,VK4", "--format", "json", "--output", str(target))
    assert (run.code, run.out, run.err) == (1, "", "")
    assert [d["code"] for d in json.loads(target.read_text(encoding="utf-8"))] == ["VK402", "VK101", "VK003"]


def test_output_never_replaces_a_note_or_the_config(small: VaultBuilder) -> None:
    small.write("vaultkit.toml", "[rules]\n")
    for target in ("People/Ana Núñez.md", "vaultkit.toml"):
        before = (small.root / target).read_bytes()
        run = small.run("check", "--output", str(small.root / target))
        what = "a note of the vault" if target.endswith(".md") else "vaultkit's config"
        assert (run.code, run.out) == (2, "")
        assert run.err == f"vaultkit: error: {small.root / target}: that is {what}: choose another file for --output\n"
        assert (small.root / target).read_bytes() == before
    # Where vaultkit would read it as a note: never, or its "did you mean [[Ana]]?" would count as
    # a contact with Ana at the next run (a new file too: refused, exit 1, nothing written).
    note = small.root / "Lint.md"
    refused = small.run("check", "--select", "VK0,VK1,VK4", "--output", str(note))
    assert (refused.code, refused.out, note.exists()) == (1, "", False)
    assert refused.err == (
        f"vaultkit: {note}: vaultkit would read that file as a note of the vault; nothing written "
        "(choose a file outside the vault, or in a folder it skips: one whose name starts with a dot)\n"
    )
    new = small.root / ".lint" / "Lint.md"  # in a folder vaultkit skips: the owner's choice
    new.parent.mkdir()
    assert small.run("check", "--select", "VK0,VK1,VK4", "--output", str(new)).code == 1
    assert new.read_text(encoding="utf-8") == SMALL_TEXT
    again = small.run("check", "--select", "VK0,VK4", "--output", str(new))  # vaultkit's own: replaced
    assert (again.code, again.err, new.read_text(encoding="utf-8").count("\n")) == (1, "", 4)
    new.write_text(new.read_text(encoding="utf-8") + "my own notes on this\n", encoding="utf-8")
    assert small.run("check", "--output", str(new)).code == 2  # edited since: the owner's now
    assert new.read_text(encoding="utf-8").endswith("my own notes on this\n")


def test_output_of_text_has_no_colour(small: VaultBuilder, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    small.run("check", "--select", "VK0,VK1,VK4", "--output", str(target))
    assert target.read_text(encoding="utf-8") == SMALL_TEXT


def test_output_into_a_missing_folder_is_a_clear_error(small: VaultBuilder, tmp_path: Path) -> None:
    run = small.run("check", "--output", str(tmp_path / "no" / "such" / "out.txt"))
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("vaultkit: error: ")


# -- PATHS and --all ----------------------------------------------------------------------------------------


@pytest.fixture
def paths_vault(vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> VaultBuilder:
    vault.write("People/Ana.md", "---\nrole: mentor\naliases: [Ani]\n---\n## Log\n- 2026-08-01 coffee\n")
    vault.write("People/Ben.md", "---\nlevel: peer\ncadence: fortnightly\n---\n")
    vault.write("Daily/2026-08-01.md", "- [[Ani]]\n")
    vault.write("Daily/2026-09-01.md", "- [ ] call [[Ben]] 📅 2026-09-10\n")
    monkeypatch.chdir(vault.root)
    return vault


def located(vault: VaultBuilder, *args: str) -> list[tuple[str, str]]:
    run = vault.run("check", "--format", "json", *args)
    assert run.err in ("", f"vaultkit: {NAMED_NONE.format(vault.root)}\n")  # see test_paths
    return [(d["code"], d["path"]) for d in run.json()]


NAMED_NONE = "no note of the vault at {} among the paths given (outside it, excluded or not Markdown): no note checked"


NETWORK = [
    ("VK202", "Plans/2026-Q3.md"), ("VK203", "Plans/2026-Q3.md"), ("VK204", "Plans/2026-Q3.md"),
    ("VK205", "Plans/2026-Q3.md"), ("VK205", "Plans/2026-Q3.md"),  # no peer, no junior: Ana the mentor is senior
    ("VK301", "Plans/2026-Q3.md"), ("VK301", "Plans/2026-Q4.md"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["People/Ana.md"], [("VK101", "People/Ana.md")]),
        (["People/Ben.md"], [("VK102", "People/Ben.md"), ("VK004", "People/Ben.md")]),
        (["People"], [("VK101", "People/Ana.md"), ("VK102", "People/Ben.md"), ("VK004", "People/Ben.md")]),
        (["People/"], [("VK101", "People/Ana.md"), ("VK102", "People/Ben.md"), ("VK004", "People/Ben.md")]),
        (["Daily/2026-08-01.md", "Daily/2026-09-01.md"],
         [("VK402", "Daily/2026-08-01.md"), ("VK106", "Daily/2026-09-01.md")]),
        (["Daily/2026-09-01.md", "../outside.md"], [("VK106", "Daily/2026-09-01.md")]),  # outside the vault: ignored
        (["../outside.md"], []),
        (["Daily/notes.txt"], []),  # not a note
    ],
)  # fmt: skip
def test_paths(paths_vault: VaultBuilder, paths: list[str], expected: list[tuple[str, str]]) -> None:
    (paths_vault.root.parent / "outside.md").write_text("- [[Ani]]\n", encoding="utf-8")
    (paths_vault.root / "Daily" / "notes.txt").write_text("[[Ani]]\n", encoding="utf-8")
    assert located(paths_vault, *paths) == expected
    said = paths_vault.run("check", *paths).err  # when no path is a note, stderr says so
    assert said == ("" if expected else f"vaultkit: {NAMED_NONE.format(paths_vault.root)}\n")


def test_paths_with_all_run_the_network_rules_too(paths_vault: VaultBuilder) -> None:
    assert located(paths_vault, "--all", "People/Ana.md") == [("VK101", "People/Ana.md"), *NETWORK]


def test_the_vault_root_as_a_path_is_the_whole_check(paths_vault: VaultBuilder) -> None:
    notes = [
        ("VK402", "Daily/2026-08-01.md"), ("VK106", "Daily/2026-09-01.md"), ("VK101", "People/Ana.md"),
        ("VK102", "People/Ben.md"), ("VK004", "People/Ben.md"),
    ]  # fmt: skip
    assert sorted(located(paths_vault, ".")) == sorted(notes + NETWORK)  # `check .` is `check`, as in ruff
    assert located(paths_vault, ".") == located(paths_vault)
    assert located(paths_vault, "People", "Daily") == notes  # folders of it are not the vault


def test_a_folder_holding_the_vault_is_the_whole_vault(
    paths_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(paths_vault.root.parent)
    assert located(paths_vault, ".") == located(paths_vault, str(paths_vault.root)) == located(paths_vault)


def test_no_paths_is_the_whole_vault(paths_vault: VaultBuilder) -> None:
    assert located(paths_vault) == located(paths_vault, "--all", ".")


def test_paths_from_another_folder(paths_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(paths_vault.root / "Daily")
    assert located(paths_vault, "2026-09-01.md", "../People/Ana.md") == [
        ("VK106", "Daily/2026-09-01.md"), ("VK101", "People/Ana.md"),
    ]  # fmt: skip


def test_an_excluded_path_names_nothing(paths_vault: VaultBuilder) -> None:
    paths_vault.write("vaultkit.toml", '[vault]\nexclude = ["Daily/2026-09-*"]\n')
    assert located(paths_vault, "Daily/2026-09-01.md") == []


def test_a_template_named_as_a_path_is_not_linted(paths_vault: VaultBuilder) -> None:
    paths_vault.write("Templates/Person.md", "---\nname: {{title}}\ncadence: fortnightly\n---\n")
    assert located(paths_vault, "Templates/Person.md") == []


def test_a_nonexistent_path_is_exit_2(paths_vault: VaultBuilder) -> None:
    run = paths_vault.run("check", "People/Nobody.md")
    assert (run.code, run.out, run.err) == (2, "", "vaultkit: error: People/Nobody.md: no such file or folder\n")


# -- vaultkit rules ------------------------------------------------------------------------------------------


def test_rules_lists_every_rule(cli: Any) -> None:
    run = cli("rules")
    lines = run.out.splitlines()
    assert run.code == 0
    assert lines[0].split() == ["code", "name", "severity", "scope", "fix", "summary"]
    assert [line.split()[0] for line in lines[1 : 1 + len(rules_module.RULES)]] == list(rules_module.RULES)
    assert lines[1].startswith("VK001   unreadable-note            error    note         A note vaultkit cannot read")
    vk108 = next(line for line in lines if line.startswith("VK108"))
    assert vk108.endswith("(off by default)")
    vk104 = next(line for line in lines if line.startswith("VK104"))
    assert vk104.split()[4] == "yes"
    vk301 = next(line for line in lines if line.startswith("VK301"))
    assert vk301.split()[4] == "plan"  # fixed by `vaultkit plan`, as the catalog says


def test_rules_with_a_prefix_lists_those_rules(cli: Any) -> None:
    run = cli("rules", "vk2")
    assert [line.split()[0] for line in run.out.splitlines()[1:6]] == ["VK201", "VK202", "VK203", "VK204", "VK205"]
    assert run.out.splitlines()[6] == ""
    assert cli("rules", "VK9").code == 2


@pytest.mark.parametrize("name", ["VK101", "vk101", "neglected-contact"])
def test_rules_code_prints_the_docstring_and_options(cli: Any, name: str) -> None:
    run = cli("rules", name)
    rule = rules_module.RULES["VK101"]
    assert run.out == (
        "VK101/neglected-contact  [warning, person scope, on by default]\n\n"
        f"{rule.doc}\n"
        "\nOptions (in vaultkit.toml):\n"
        "  [rules.options.VK101]\n"
        "  escalate-after = 0\n"
    )
    assert "Fires (today 2026-09-24" in rule.doc


def test_rules_for_an_off_fixable_rule_without_options(cli: Any) -> None:
    assert cli("rules", "VK108").out.startswith(
        "VK108/birthday-soon  [info, person scope, off unless selected by its exact code]\n"
    )
    out = cli("rules", "VK402").out
    assert out.startswith("VK402/alias-link  [info, note scope, on by default, fixable]\n")
    assert "Options" not in out


@pytest.mark.parametrize("code", list(rules_module.RULES))
def test_every_rule_documents_a_failing_and_a_passing_example(code: str) -> None:
    rule = rules_module.RULES[code]
    assert "Fires" in rule.doc and "Passes" in rule.doc, code
    assert rule.doc.splitlines()[0].endswith((".", "?")), code


# -- the result cache ---------------------------------------------------------------------------------------


def test_a_second_check_sees_an_edit_of_the_same_size(vault: VaultBuilder) -> None:
    note = vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-01 coffee\n")
    first = vault.run("check", "--select", "VK101")
    assert "no contact for 54 days" in first.out
    assert vault.run("check", "--select", "VK101").out == first.out
    stat = note.stat()
    note.write_text("---\nrole: mentor\n---\n## Log\n- 2026-08-02 coffee\n", encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later mtime, whatever the clock's grain
    assert "no contact for 53 days" in vault.run("check", "--select", "VK101").out


def test_a_second_check_sees_a_new_and_a_removed_note(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-01 coffee\n")
    assert vault.run("check", "--select", "VK101").code == 0
    daily = vault.write("Daily/2026-09-20.md", "- lunch with [[Ana]]\n")
    assert vault.run("check", "--select", "VK101").out == "All good: no problems found.\n"
    daily.unlink()
    assert "no contact for 54 days" in vault.run("check", "--select", "VK101").out


def test_touch_with_the_same_content_gives_the_same_output(vault: VaultBuilder) -> None:
    note = vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-01 coffee\n")
    first = vault.run("check")
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 5_000_000_000))
    second = vault.run("check")
    assert (second.code, second.out) == (first.code, first.out)


def test_the_cache_depends_on_today_selection_and_config(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-01 coffee\n")
    assert "54 days" in vault.run("check", "--select", "VK101").out
    assert "55 days" in vault.run("check", "--select", "VK101", today="2026-09-25").out
    assert vault.run("check", "--select", "VK102").code == 0
    assert vault.run("check", "--select", "VK102").out == "All good: no problems found.\n"
    vault.write("vaultkit.toml", '[rules.severity]\nVK101 = "error"\n')
    assert vault.run("check", "--select", "VK101").code == 1


def test_a_result_stored_by_another_build_of_vaultkit_is_not_reused(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.diagnostics import at_note
    from vaultkit.engine import stamp as engine

    vault.write("People/Ruth.md", "---\nrole: mentor\nstatus: left\n---\n")
    monkeypatch.setattr(engine, "code_stamp", lambda: "build 1")
    before = vault.run("check", "--select", "VK107").out
    assert "has left" in before

    def reworded(person: Any, model: Any, options: Any) -> Any:
        yield at_note(person.path, "a new message")

    monkeypatch.setitem(rules_module.RULES, "VK107", dataclasses.replace(rules_module.RULES["VK107"], check=reworded))
    assert vault.run("check", "--select", "VK107").out == before  # same files, same build: the stored result
    monkeypatch.setattr(engine, "code_stamp", lambda: "build 2")
    assert "a new message" in vault.run("check", "--select", "VK107").out


def test_the_code_stamp_follows_the_package_files() -> None:
    from vaultkit.engine.stamp import code_stamp

    assert code_stamp() == code_stamp()
    assert len(code_stamp()) == 16


# -- --fix refuses to write over an edit made meanwhile -------------------------------------------------------

TOM = "---\nname: Tom\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-08-11 lunch\n"


def test_fix_leaves_a_note_edited_since_it_was_read(vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultkit import check as check_module

    note = vault.write("People/Tom.md", TOM)
    edited = TOM.replace("lunch", "lunch at Tavola")
    real_inside = check_module.inside

    def inside_after_an_edit(root: Path, rel_path: str) -> Path:
        note.write_text(edited, encoding="utf-8")  # the owner saves in Obsidian just now
        return real_inside(root, rel_path)

    monkeypatch.setattr(check_module, "inside", inside_after_an_edit)
    run = vault.run("check", "--select", "VK104", "--fix")
    assert note.read_text(encoding="utf-8") == edited
    assert run.err == "vaultkit: People/Tom.md: changed since it was read; not fixed (run again)\n"
    assert "VK104" in run.out and "Fixed" not in run.out


def test_atomic_write_refuses_when_the_file_changed_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    from vaultkit.errors import RefusedError
    from vaultkit.writer import atomic_write, digest

    note = tmp_path / "Tom.md"
    note.write_bytes(b"old\n")
    expected = digest(b"old\n")
    note.write_bytes(b"edited meanwhile\n")
    with pytest.raises(RefusedError, match=r"Tom\.md: the file changed since it was read; nothing written"):
        atomic_write(note, b"new\n", expected=expected)
    assert note.read_bytes() == b"edited meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Tom.md"]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    from vaultkit.writer import atomic_write, digest

    note = tmp_path / "Tom.md"
    note.write_bytes(b"old\n")
    note.chmod(0o640)
    atomic_write(note, b"new\n", expected=digest(b"old\n"))
    assert (note.read_bytes(), note.stat().st_mode & 0o777) == (b"new\n", 0o640)


@pytest.mark.parametrize("rel_path", ["../outside.md", "/etc/passwd", "People/../../outside.md", "C:/x.md", ""])
def test_fixes_never_write_outside_the_vault(tmp_path: Path, rel_path: str) -> None:
    from vaultkit.errors import RefusedError
    from vaultkit.writer import inside

    with pytest.raises(RefusedError):
        inside(tmp_path, rel_path)


def test_fixes_never_write_through_a_link_out_of_the_vault(tmp_path: Path) -> None:
    from vaultkit.errors import RefusedError
    from vaultkit.writer import inside

    (tmp_path / "vault").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "vault" / "People").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RefusedError, match="a link leads out"):
        inside(tmp_path / "vault", "People/Tom.md")


def test_apply_edits_counts_columns_in_code_points_and_keeps_everything_else() -> None:
    from vaultkit.diagnostics import Edit
    from vaultkit.writer import apply_edits

    data = "\ufeff# Zoë 🎉\r\n- [[Hana]] and [[Hana]]\r\nend".encode()
    edits = [Edit("x.md", 2, 3, 2, 11, "[[Hana Ito|Hana]]"), Edit("x.md", 2, 16, 2, 24, "[[Hana Ito|Hana]]")]
    assert apply_edits(data, edits) == "\ufeff# Zoë 🎉\r\n- [[Hana Ito|Hana]] and [[Hana Ito|Hana]]\r\nend".encode()
    assert (
        apply_edits(data, [Edit("x.md", 1, 5, 1, 6, "e")])
        == "\ufeff# Zoe 🎉\r\n- [[Hana]] and [[Hana]]\r\nend".encode()
    )


# -- colour ---------------------------------------------------------------------------------------------------


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultkit.cli import colour_for

    assert colour_for(_Terminal()) is True
    assert colour_for(object()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_for(_Terminal()) is False


def test_coloured_text_is_the_same_text_with_styles(small: VaultBuilder) -> None:
    import click

    from vaultkit import formats

    diagnostics = small.check(TODAY, ["VK0", "VK1", "VK4"])
    coloured = formats.render(diagnostics, "text", colour=True)
    assert coloured != SMALL_TEXT
    assert "\x1b[" in coloured
    assert click.unstyle(coloured) == SMALL_TEXT


def test_start_up_imports_only_what_the_command_needs(sample_copy: Path) -> None:
    """A pre-commit hook pays start-up at every commit: `rules` and a check of an unchanged vault
    import no YAML parser, terminal UI or fuzzy matcher (04-quality.md: imports are lazy)."""
    import subprocess
    import sys

    heavy = ("yaml", "rich", "rapidfuzz", "markdown_it")
    script = (
        "import sys\n"
        "from vaultkit.cli import main\n"
        "main(sys.argv[1:])\n"
        f"print(sorted(name for name in {heavy!r} if name in sys.modules), file=sys.stderr)\n"
    )

    def imported(*args: str) -> str:
        run = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=False)
        return run.stderr.strip().splitlines()[-1]

    vault = ["--vault", str(sample_copy), "--today", "2026-09-24"]
    assert imported("rules") == "[]"
    assert imported("--help") == "[]"
    imported(*vault, "check")  # the first check reads every note: some need libyaml
    assert imported(*vault, "check") == "[]"


def test_paths_that_name_no_note_say_so_on_stderr(small: VaultBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "notes.txt"
    outside.write_text("x", encoding="utf-8")
    run = small.run("check", str(outside))
    assert (run.code, run.out) == (0, "No note checked.\n")  # exit 0: pre-commit passes files of no vault
    assert run.err == f"vaultkit: {NAMED_NONE.format(small.root)}\n"


def test_a_path_relative_to_the_vault_rather_than_here_gets_a_hint(
    small: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run = small.run("check", "People")
    assert run.code == 2
    assert run.err == (
        f"vaultkit: error: People: no such file or folder in {elsewhere} "
        f"(paths are relative to the current folder: did you mean {small.root / 'People'}?)\n"
    )


def test_outside_any_vault_paths_name_the_vault_to_check(
    small: VaultBuilder, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "todo.md").write_text("# not a note of the vault\n", encoding="utf-8")
    assert not any((folder / ".git").exists() for folder in (home, *home.parents)), "tests need a tmp outside git"
    monkeypatch.chdir(home)
    whole = small.run("check")
    folder = cli("--today", "2026-09-24", "check", str(small.root))
    assert (folder.code, folder.out, folder.err) == (whole.code, whole.out, whole.err)
    people = cli("--today", "2026-09-24", "check", os.path.relpath(small.root / "People", home))
    assert people.out == small.run("check", str(small.root / "People")).out
    assert not (home / ".vaultkit").exists()  # the home folder was not taken for a vault
    monkeypatch.chdir(small.root / "People")
    above = cli("--today", "2026-09-24", "check", "..")  # the vault's folder: its whole check
    assert (above.code, above.out) == (whole.code, whole.out)
    monkeypatch.chdir(home)
    # A path in no vault names nothing beside one in a vault; paths in two vaults are refused.
    mixed = cli("--today", "2026-09-24", "check", str(small.root), "todo.md")
    assert (mixed.code, mixed.out) == (whole.code, whole.out)
    other = home / "other"
    (other / ".obsidian").mkdir(parents=True)
    two = cli("--today", "2026-09-24", "check", str(small.root), str(other))
    assert (two.code, two.out) == (2, "")
    assert two.err == (
        f"vaultkit: error: the paths given are in 2 vaults ({', '.join(sorted([str(small.root), str(other)]))}): "
        "check one at a time, or give --vault\n"
    )
    assert not (home / ".vaultkit").exists()  # never one big vault of the home folder


def test_a_vault_in_a_folder_of_a_repository_is_the_vault_its_paths_are_in(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit runs `vaultkit check notes/People/Ana.md` from the repository's root, whose
    .git would make the whole repository the vault, without the notes' own config."""
    repo = tmp_path / "repo"
    notes = repo / "notes"
    (repo / ".git").mkdir(parents=True)
    (notes / ".obsidian").mkdir(parents=True)
    (notes / "vaultkit.toml").write_text('[rules.severity]\nVK003 = "warning"\n', encoding="utf-8")
    (notes / "People").mkdir()
    (notes / "People/Ana.md").write_text("---\nlevel: peer\nlevel: junior\n---\n", encoding="utf-8")
    (repo / "README.md").write_text("# My notes\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    run = cli("--today", "2026-09-24", "check", "--select", "VK003", "notes/People/Ana.md", "README.md")
    assert run.out.startswith("People/Ana.md:3:1: VK003/duplicate-key [warning]")  # the notes' config
    assert not (repo / ".vaultkit").exists() and (notes / ".vaultkit").exists()
    monkeypatch.chdir(notes / "People")
    assert cli("--today", "2026-09-24", "check", "--select", "VK003", "Ana.md").out == run.out


def test_a_folder_that_cannot_be_read_is_said_on_stderr(small: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    import vaultkit.discovery

    small.write("Meetings/Sync.md", "---\ndate: 2026-09-20\n---\n[[Ana]]\n")
    scandir = os.scandir

    def refusing(path: str) -> Any:
        if str(path).endswith("Meetings"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(vaultkit.discovery.os, "scandir", refusing)
    for _ in range(2):  # the first check, then one from the index
        run = small.run("check", "--select", "VK101")
        assert "VK101" in run.out  # Ana's meeting was left out: she looks neglected
        assert (
            run.err
            == "vaultkit: warning: cannot read the folder Meetings/ (Permission denied): its notes are left out\n"
        )


def test_global_options_may_follow_the_command(small: VaultBuilder, cli: Any) -> None:
    before = cli("--vault", str(small.root), "--today", "2026-09-24", "check", "--select", "VK1")
    after = cli("check", "--select", "VK1", "--vault", str(small.root), "--today=2026-09-24")
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    assert "VK101" in after.out
    for args in (["check", "--vault"], ["check", "People/", "--today"]):
        run = cli(*args)
        assert (run.code, run.err) == (2, f"vaultkit: error: Option '{args[-1]}' requires an argument.\n")
    after_dashes = cli("--vault", str(small.root), "check", "--", "--vault")  # a path, not an option
    assert after_dashes.err.startswith("vaultkit: error: --vault: no such file or folder")


# -- --scope: the two pre-commit hooks' halves -------------------------------------------------------


@pytest.fixture
def both_scopes(vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> VaultBuilder:
    """A person note with a problem of each scope: a misspelt key (VK005, the note by itself) and
    a mentor gone quiet (VK101, the person against the vault), plus a link by alias (VK402)."""
    monkeypatch.chdir(vault.root)
    vault.write(
        "People/Ana Núñez.md",
        "---\nrole: mentor\naliases: [Ana]\nlast_contcat: 2026-09-01\n---\n## Log\n- 2026-05-01 coffee\n",
    )
    vault.write("Daily/2026-05-01.md", "- coffee with [[Ana]]\n")
    return vault


def test_each_scope_shows_only_its_own_problems(both_scopes: VaultBuilder) -> None:
    note = "People/Ana Núñez.md"
    both = both_scopes.run("check", note, "--format", "json").json()
    assert [(d["code"], d["line"]) for d in both] == [("VK101", 1), ("VK005", 4)]
    mine = both_scopes.run("check", "--scope", "note", note)
    assert mine.out.startswith(f"{note}:4:1: VK005/unknown-field [warning]")
    assert "VK101" not in mine.out
    theirs = both_scopes.run("check", "--scope", "vault", note)
    assert theirs.out.startswith(f"{note}:1:1: VK101/neglected-contact [warning] no contact for 146 days")
    assert "VK005" not in theirs.out
    # Over the whole vault, the two scopes share out the plain check's problems, none twice.
    full = both_scopes.run("check", "--format", "json").json()
    halves = {
        scope: both_scopes.run("check", "--scope", scope, "--format", "json").json() for scope in ("note", "vault")
    }
    assert sorted(map(repr, halves["note"] + halves["vault"])) == sorted(map(repr, full))
    assert {d["code"] for d in halves["note"]} == {"VK005"}
    assert {"VK101", "VK402", "VK202", "VK301"} <= {d["code"] for d in halves["vault"]}  # people, links, network, plans


def test_scope_with_select_statistics_fixes_and_exit_status(both_scopes: VaultBuilder) -> None:
    assert both_scopes.run("check", "--scope", "note", "--statistics").out == (
        "1  VK005      unknown-field\nFound 1 problem (1 warning) in 1 note.\n"
    )
    assert both_scopes.run("check", "--scope", "note", "--select", "VK1").out == "All good: no problems found.\n"
    vault_half = both_scopes.run("check", "--scope", "vault", "--select", "VK1,VK4", "--statistics")
    assert vault_half.out.splitlines()[:3] == [
        "1  VK101      neglected-contact",
        "1  VK402  [*] alias-link",
        "Found 2 problems (1 warning, 1 info) in 2 notes.",
    ]
    # --diff and --fix touch only the scope's problems: VK402's fix is the vault half's.
    assert "[[Ana Núñez|Ana]]" not in both_scopes.run("check", "--scope", "note", "--diff").out
    assert "+- coffee with [[Ana Núñez|Ana]]" in both_scopes.run("check", "--scope", "vault", "--diff").out
    # The exit status is the shown problems': an error of the other scope fails only its own half.
    both_scopes.write("People/Bo.md", "---\nlevel: peer\nlevel: junior\n---\n")  # VK003, an error
    assert [both_scopes.run("check", "--scope", scope, "--strict").code for scope in ("note", "vault")] == [1, 1]
    assert [both_scopes.run("check", "--scope", scope).code for scope in ("note", "vault")] == [1, 0]


def test_scoped_checks_share_the_stored_result_and_never_show_the_other_half(
    both_scopes: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit runs `--scope note`, then `--scope vault`, at every commit: both read the one
    result a plain check stores (none replaces the other's), and each shows only its half of it."""
    from vaultkit.diagnostics import at_note

    note = both_scopes.run("check", "--scope", "note")
    plain = both_scopes.run("check")
    assert "VK005" in note.out and "VK101" not in note.out
    assert "VK005" in plain.out and "VK101" in plain.out  # not the note half stored before

    def reworded(person: Any, model: Any, options: Any) -> Any:
        yield at_note(person.path, "a new message")

    monkeypatch.setitem(rules_module.RULES, "VK101", dataclasses.replace(rules_module.RULES["VK101"], check=reworded))
    vault_half = both_scopes.run("check", "--scope", "vault")
    assert "no contact for 146 days" in vault_half.out  # the stored result, not a run of the rules
    assert "VK005" not in vault_half.out
    assert both_scopes.run("check", "--scope", "note").out == note.out
    assert both_scopes.run("check").out == plain.out


def test_scope_must_be_note_or_vault(both_scopes: VaultBuilder) -> None:
    run = both_scopes.run("check", "--scope", "person")
    assert run.code == 2
    assert "'person' is not one of 'note', 'vault'" in run.err
