"""What a note says is printed, never obeyed (issue 13, items 12-14).

A name, a file name or a message holding terminal escapes shows them as text (`\\x1b`) in every
text output; JUnit stays XML that a parser reads; a CSV cell never starts a spreadsheet formula;
a name cannot break out of a Markdown link, nor add a heading or a task to the plan.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from conftest import VaultBuilder
from markdown_it import MarkdownIt

from vaultkit import formats
from vaultkit.diagnostics import Diagnostic
from vaultkit.note import read_note
from vaultkit.people_table import render_people
from vaultkit.text import visible

TODAY = "2026-12-06"
TITLE = "\x1b]0;pwned\x07"  # retitles the terminal
CLEAR = "\x1b[2J"  # clears it
FLIP = "\u202e"  # right-to-left override: shows the rest of the line backwards
HOSTILE = f"Eve {TITLE}{CLEAR} Evil{FLIP}"
SHOWN = "Eve \\x1b]0;pwned\\x07\\x1b[2J Evil\\u202e"


def unseen(text: str) -> list[str]:
    """The characters of `text` a terminal would act on instead of showing (a newline aside)."""
    bidi = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")
    return sorted({c for c in text if c != "\n" and (unicodedata.category(c) in ("Cc", "Cs") or c in bidi)})


def person(vault: VaultBuilder, stem: str, front: dict[str, Any]) -> None:
    """A person note; the frontmatter written as JSON, which YAML reads, escapes and all."""
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
    vault.write(f"People/{stem}.md", f"---\n{lines}---\n")


def overdue(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "cadence": "1m", "last_contact": "2026-01-02", **more}


def diagnostic(path: str, message: str) -> Diagnostic:
    return Diagnostic("VK303", "plan-unknown-person", "warning", path, 2, 3, 2, 9, message, None)


# -- one way to show what a terminal would obey --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Ana Núñez", "Ana Núñez"),
        ("דנה כהן", "דנה כהן"),  # right-to-left text is text, not an override
        (TITLE + CLEAR, "\\x1b]0;pwned\\x07\\x1b[2J"),
        ("a\tb\nc\rd\0", "a\\tb\\nc\\rd\\x00"),  # inside a value a newline is no structure
        ("\x7f\x9b2J", "\\x7f\\x9b2J"),  # DEL, and the C1 control introducing a sequence
        ("\u202a\u202d\u2066\u2069", "\\u202a\\u202d\\u2066\\u2069"),
        ("att\udcff.png", "att\\xff.png"),  # a file name's byte that is not UTF-8, as Python reads it
    ],
)
def test_visible_shows_what_a_terminal_would_obey(value: str, shown: str) -> None:
    assert visible(value) == shown
    assert unseen(visible(value)) == []


def test_visible_leaves_what_the_caller_keeps() -> None:
    assert visible("- [ ] call\t[[Ann]] \x1b[2J\n", keep="\t") == "- [ ] call\t[[Ann]] \\x1b[2J\\n"
    assert visible("a\r\n\tb\x07", keep="\r\n") == "a\r\n\\tb\\x07"


# -- check: text, github, junit, json, sarif -----------------------------------------------------


def test_check_shows_escapes_in_file_names_and_messages(vault: VaultBuilder) -> None:
    vault.write("People/ctl\x1b[2J.md", "---\nroles: [\n---\n")
    vault.write("Plans/2026-Q4.md", "## Senior\n- [ ] see [[Zed\x07\x1bc]]\n")  # ESC c resets the terminal

    out = vault.run("check", "--select", "VK002,VK303", today=TODAY).out

    assert unseen(out) == []
    assert "People/ctl\\x1b[2J.md:2:8: VK002/invalid-frontmatter [error]" in out
    assert "[[Zed\\x07\\x1bc]] is not a person or a note" in out


def test_the_coloured_check_output_holds_only_its_own_escapes() -> None:
    found = [diagnostic(f"People/{HOSTILE}.md", f"[[{HOSTILE}]] is not a person")]

    out = formats.render_bytes(found, "text", colour=True).decode()

    assert TITLE not in out and CLEAR not in out and FLIP not in out
    assert f"People/{SHOWN}.md" in out and f"[[{SHOWN}]] is not a person" in out


def test_junit_with_control_characters_is_xml_a_parser_reads() -> None:
    found = [diagnostic("Daily/a\x01\x0c\x1b.md", "bad \x00\x1bc \ufffe <&> end")]

    root = ET.fromstring(formats.render(found, "junit"))

    suite = root.find("testsuite")
    failure = root.find("testsuite/testcase/failure")
    assert suite is not None and failure is not None
    assert suite.get("name") == "Daily/a\\x01\\x0c\\x1b.md"
    assert failure.get("message") == "bad \\x00\\x1bc \\ufffe <&> end"


def test_github_annotations_escape_as_github_reads_them() -> None:
    found = [diagnostic("Daily/a,b:c%d\n\x1b[2J.md", "50% done\r\nnext: \x1b]0;x\x07")]

    line = formats.render(found, "github")

    assert line == (
        "::warning file=Daily/a%2Cb%3Ac%25d%0A\\x1b[2J.md,line=2,col=3,endLine=2,endColumn=9,title=VK303::"
        "VK303/plan-unknown-person: 50%25 done%0D%0Anext: \\x1b]0;x\\x07\n"
    )


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_stay_valid_and_exact_with_control_characters(fmt: str) -> None:
    message = f"[[{HOSTILE}]]\x00\r\n"
    found = [diagnostic(f"People/{HOSTILE}.md", message)]

    out = formats.render_bytes(found, fmt).decode()

    assert "\x1b" not in out and "\x07" not in out  # JSON writes them as \u001b
    data = json.loads(out)
    said = data[0]["message"] if fmt == "json" else data["runs"][0]["results"][0]["message"]["text"]
    assert said == message


# -- people --------------------------------------------------------------------------------------


def test_people_shows_escapes_in_the_table(vault: VaultBuilder) -> None:
    person(vault, "Eve", overdue(HOSTILE, company=CLEAR + "Acme", aliases=[TITLE]))
    person(vault, "Bob", overdue("Bob\n## Two lines"))

    out = vault.run("people", today=TODAY).out

    assert unseen(out) == []
    assert SHOWN in out and "\\x1b[2JAcme" in out
    assert len(out.splitlines()) == 4  # the header, two people, the count: a name is one line


def test_people_in_colour_holds_only_its_own_escapes_and_no_markup(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    person(vault, "Eve", overdue(HOSTILE))
    person(vault, "Rich", overdue("[/b] [bold]x :smile:"))  # rich markup: a closing tag nothing opened
    monkeypatch.setattr("vaultkit.cli.colour_for", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "200")  # each name on one line

    run = vault.run("people", today=TODAY)

    assert run.code == 0, run.err
    assert TITLE not in run.out and CLEAR not in run.out and FLIP not in run.out
    assert SHOWN in run.out and "[/b] [bold]x :smile:" in run.out


# -- CSV formula injection (OWASP) ---------------------------------------------------------------


def test_people_csv_cells_never_start_a_formula(vault: VaultBuilder) -> None:
    person(vault, "Ann", overdue('=HYPERLINK("http://x")', company="=cmd|' /C calc'!A0", title="-2+3"))
    person(vault, "Bob", overdue("+1 Bob", company="@SUM(A1)", aliases=["=alias", "Bobby"]))

    out = vault.run("people", "--format", "csv", today=TODAY).out
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(out))}

    ann, bob = rows["People/Ann.md"], rows["People/Bob.md"]
    assert (ann["name"], ann["company"], ann["title"]) == ('\'=HYPERLINK("http://x")', "'=cmd|' /C calc'!A0", "'-2+3")
    assert (bob["name"], bob["company"], bob["aliases"]) == ("'+1 Bob", "'@SUM(A1)", "'=alias;Bobby")
    # Dates and numbers are data, not text: written as they are.
    assert (ann["last_interaction"], ann["due"], ann["cadence_days"]) == ("2026-01-02", "2026-02-02", "31")


def test_csv_quotes_only_text_cells() -> None:
    row = {
        "name": "-1", "path": "People/-1.md", "aliases": [], "roles": [], "level": None, "company": "\tx",
        "title": "\r=x", "status": "active", "cadence": None, "cadence_days": -3, "last_interaction": None,
        "last_source": None, "due": None, "overdue_days": -4,
    }  # fmt: skip

    cells = next(csv.reader(io.StringIO(render_people([row], "csv").splitlines()[1])))

    assert cells[:2] == ["'-1", "People/-1.md"]
    assert cells[5:7] == ["\\tx", "\\r=x"]  # a tab or CR shown as text starts no formula
    assert (cells[9], cells[13]) == ("-3", "-4")


# -- report: text, markdown, html ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_report_shows_escapes_in_every_text_format(vault: VaultBuilder, fmt: str) -> None:
    person(vault, "Eve", overdue(HOSTILE, roles=["mentor"], level="senior", company=TITLE, title=CLEAR))

    out = vault.run("report", "--format", fmt, today=TODAY).out

    assert unseen(out) == []
    shown = out.replace("\\\\", "\\")  # Markdown escapes a backslash
    assert "Eve \\x1b" in shown and "pwned\\x07\\x1b" in shown and "Evil\\u202e" in shown


def test_the_coloured_text_report_holds_only_its_own_escapes(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    person(vault, "Eve", overdue(HOSTILE, roles=["mentor"], level="senior", company=TITLE))
    monkeypatch.setattr("vaultkit.cli.colour_for", lambda stream: True)

    out = vault.run("report", today=TODAY).out

    assert "\x1b[" in out  # coloured
    assert TITLE not in out and CLEAR not in out and FLIP not in out and SHOWN in out


def test_a_name_with_brackets_and_a_hash_renders_exactly_in_the_markdown_report(vault: VaultBuilder) -> None:
    person(vault, "Ann", overdue("Ann [Eng] #1"))

    note = vault.run("report", "--format", "markdown", today=TODAY).out
    rendered = MarkdownIt("commonmark").enable("table").render(note)

    assert "&&#" not in note
    assert "[[Ann|Ann [Eng] #1]]" in rendered


# -- plan: a name stays inside its link, on its line ---------------------------------------------


def plan_of(vault: VaultBuilder, last: str = "") -> str:
    vault.write("Plans/2026-Q3.md", f"## Senior\n{last}## Peer\n## Junior\n## New connection\n")
    run = vault.run("plan", "--dry-run", today=TODAY)
    assert run.code == 0, run.err
    return run.out


def test_a_name_cannot_add_a_heading_or_a_task_to_the_plan(vault: VaultBuilder) -> None:
    person(vault, "Bob", overdue("Bob\n## Injected\n- [x] done ]] [[x", level="junior"))
    person(vault, "Ann", overdue("Ann [Eng] | #1", level="peer"))
    person(vault, "Eve", overdue(HOSTILE, level="senior"))
    person(vault, "Kim", overdue("Kim\tLee", level="senior"))

    plan = plan_of(vault, last="- [ ] call\tthem \x1b[2J\n")

    assert unseen(plan.replace("\t", "")) == []
    assert "## Injected" not in plan.splitlines() and "- [x]" not in plan
    assert "- [ ] call\tthem \\x1b[2J (from 2026-Q3)" in plan.splitlines()  # carried: the owner's tab kept
    assert "> - [ ] reach out to [[Bob]] (last contact 2026-01-02, cadence 1m)" in plan
    assert "> - [ ] reach out to [[Ann]] (last contact 2026-01-02, cadence 1m)" in plan
    assert "> - [ ] reach out to [[Eve]] (last contact 2026-01-02, cadence 1m)" in plan
    assert "> - [ ] reach out to [[Kim|Kim Lee]] (last contact 2026-01-02, cadence 1m)" in plan
    note = read_note("Plans/2026-Q4.md", plan.encode(), 10**7, 10**6)
    assert sorted(link.target for link in note.links) == ["Ann", "Bob", "Eve", "Kim"]
    assert {item.status for item in note.items if item.status is not None} == {" "}


def test_a_file_name_that_cannot_stand_in_a_link_is_written_as_text(vault: VaultBuilder) -> None:
    person(vault, "Zed ]] [[x", overdue("Zed", level="senior"))

    plan = plan_of(vault)

    assert "> - [ ] reach out to Zed (last contact 2026-01-02, cadence 1m)" in plan
    assert read_note("Plans/2026-Q4.md", plan.encode(), 10**7, 10**6).links == ()
