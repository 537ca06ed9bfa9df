"""`vaultkit report`: whom to reach out to, the network at a glance, the quarter, health, trend.

Golden files hold the whole report of sample-vault/ on its pinned date in each format;
regenerate them with VAULTKIT_UPDATE_GOLDEN=1 after a deliberate change, and read the diff.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, SAMPLE_TODAY, VaultBuilder
from markdown_it import MarkdownIt

import vaultkit
from vaultkit.report import render_report
from vaultkit.report.markdown import text as markdown_text

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(autouse=True)
def piped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report as in a pipe, 80 columns, whatever the terminal running the tests says."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of sample-vault/ for the module, without an index or stored results of its own."""
    target = tmp_path_factory.mktemp("report") / "sample-vault"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".vaultkit"))
    return target


def report(cli: Any, root: Path, *args: str, today: str = SAMPLE_TODAY) -> Any:
    return cli("--vault", str(root), "--today", today, "report", *args)


# -- the whole report, in every format -----------------------------------------------------------


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_the_sample_report_matches_its_golden_file(cli: Any, sample: Path, fmt: str) -> None:
    run = report(cli, sample, "--format", fmt)
    assert run.code == 0, run.err
    golden = GOLDEN / f"report.{EXTENSIONS[fmt]}"
    if os.environ.get("VAULTKIT_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")


def test_the_text_report_is_plain_when_piped_and_coloured_on_a_terminal(sample: Path) -> None:
    built = vaultkit.open_vault(sample, today=date(2026, 9, 24)).report()
    plain = render_report(built, "text", colour=False)
    coloured = render_report(built, "text", colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    visible = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert [line.rstrip() for line in visible.splitlines()] == plain.splitlines()


def test_the_text_report_ranks_and_explains(cli: Any, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out = report(cli, sample).out
    assert "9 people overdue, ranked by days since the last contact ÷ cadence" in out
    assert re.search(
        r"1\s+Jamal Carter\s+junior · mentee\s+2026-05-28\s+119\s+4w by role mentee\s+4.2\s+log, line 20", out
    )
    assert "▁" in out and "█" in out  # the sparklines


def test_too_narrow_for_the_table_each_overdue_person_takes_two_lines(cli: Any, sample: Path) -> None:
    out = report(cli, sample).out  # piped: 80 columns

    assert (
        "1 Jamal Carter — junior · mentee — ratio 4.2\n"
        "  119 days since 2026-05-28 (log, line 20); cadence 4w by role mentee\n"
        "2 Lena Fischer — junior · mentee — ratio 3.8\n"
    ) in out


@pytest.mark.parametrize("columns", [80, 120])
def test_the_text_report_fits_the_width_and_cuts_nothing(
    cli: Any, sample: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    data = report(cli, sample, "--format", "json").json()

    out = report(cli, sample).out

    lines = out.splitlines()
    pairs = list(itertools.pairwise([*lines, ""]))
    assert max(map(len, lines)) <= columns
    for p in data["reach_out"]["people"]:  # each name whole, with its days on its line or the next
        assert any(p["name"] in line and str(p["days_since"]) in f"{line} {after}" for line, after in pairs), p["name"]
    joined = " ".join(out.split())
    for p in data["reach_out"]["promises"]:  # whole, though it may wrap
        names = [ref["name"] for ref in p["people"]] + [c["name"] for a in p["ambiguous"] for c in a["candidates"]]
        assert all(name in joined for name in names)
        assert f"— due {p['due']}, {p['overdue_days']} days ago — {p['path']}:{p['line']}" in joined
    asked = " ".join(line.strip() for line in lines if "Marcus Webb — last asked" in line or "staff packet" in line)
    assert asked == (
        'Marcus Webb — last asked 2026-09-17: "asked him to be a reference for the staff packet." '
        "— what could you offer back?"
    )
    trend = next(line for line in lines if line.startswith("All ") and "█" in line)
    assert trend.split()[-12:] == [str(m["total"]) for m in data["trend"]["months"]]  # every month, whole


def test_the_width_follows_the_terminal_and_each_width_is_its_own_stored_result(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    person(vault, "Ana Núñez", "roles: [mentor, friend]\nlevel: senior\ncompany: Brightline", "- 2026-07-01 call")

    narrow = vault.run("report").out  # piped, no COLUMNS: 80
    monkeypatch.setenv("COLUMNS", "120")
    wide = vault.run("report").out
    monkeypatch.setenv("COLUMNS", "80")
    again = vault.run("report").out

    assert "#  Person" in wide and "#  Person" not in narrow
    assert again == narrow


# -- reach out next ------------------------------------------------------------------------------


def person(vault: VaultBuilder, name: str, front: str, log: str = "") -> None:
    body = f"---\n{front.strip()}\n---\n" + (f"## Log\n{log.strip()}\n" if log else "")
    vault.write(f"People/{name}.md", body)


def reach_out(vault: VaultBuilder, today: str = "2026-09-24") -> list[dict[str, Any]]:
    run = vault.run("report", "--format", "json", today=today)
    assert run.code == 0, run.err
    return list(run.json()["reach_out"]["people"])


def test_overdue_relative_to_the_cadence_comes_first(vault: VaultBuilder) -> None:
    # Ana is 7 days overdue on a 2-week cadence; Bo is 60 days overdue on a yearly one.
    person(vault, "Ana", "cadence: 2w", "- 2026-09-03 coffee")
    person(vault, "Bo", "cadence: 1y", "- 2025-07-26 lunch")

    people = reach_out(vault)

    assert [(p["name"], p["days_since"], p["cadence_days"], p["overdue_days"], p["ratio"]) for p in people] == [
        ("Ana", 21, 14, 7, 1.5),
        ("Bo", 425, 365, 60, 1.16),
    ]


def test_the_reason_names_roles_level_cadence_and_where_the_last_contact_is(vault: VaultBuilder) -> None:
    person(vault, "Ana Núñez", "roles: [mentor, friend]\nlevel: senior\ncompany: Brightline", "- 2026-07-01 call")
    vault.write("Daily/2026-07-20.md", "Lunch with [[Ana Núñez]].\n")

    [ana] = reach_out(vault)

    assert ana["roles"] == ["mentor", "friend"] and ana["level"] == "senior"
    assert (ana["cadence"], ana["cadence_source"], ana["since"]) == ("6w", "role mentor", "2026-07-20")
    assert ana["last_interaction"] == {"date": "2026-07-20", "path": "Daily/2026-07-20.md", "line": 1, "kind": "note"}
    markdown = vault.run("report", "--format", "markdown").out
    assert "| 1 | [[Ana Núñez]] | senior · mentor, friend | 2026-07-20 | 66 | 6w by role mentor | 1.6 |" in markdown
    assert "[[Daily/2026-07-20\\|Daily/2026-07-20]]" in markdown


def test_a_link_uses_the_path_when_the_file_name_is_not_unique(vault: VaultBuilder) -> None:
    person(vault, "Alex Kim", "cadence: 2w", "- 2026-01-01 call")
    vault.write("Clients/Alex Kim.md", "A client of the same name.\n")
    person(vault, "Nadia", "name: Nadia Haddad\ncadence: 2w", "- 2026-01-02 call")

    markdown = vault.run("report", "--format", "markdown").out

    assert "| [[People/Alex Kim\\|Alex Kim]] |" in markdown
    assert "| [[Nadia\\|Nadia Haddad]] |" in markdown


def test_at_most_ten_are_listed_and_the_rest_counted(vault: VaultBuilder) -> None:
    for n in range(12):
        person(vault, f"Person {n:02}", "cadence: 30d", f"- 2026-0{1 + n % 8}-01 call")

    run = vault.run("report", "--format", "json")

    assert run.json()["reach_out"]["overdue_total"] == 12
    assert len(run.json()["reach_out"]["people"]) == 10
    assert "12 people overdue, the 10 most overdue shown" in vault.run("report").out


def test_snoozed_inactive_and_silenced_people_are_not_listed(vault: VaultBuilder) -> None:
    person(vault, "Ana", "cadence: 2w\nsnooze_until: 2026-10-01", "- 2026-01-01 call")
    person(vault, "Bo", "cadence: 2w\nstatus: paused", "- 2026-01-01 call")
    person(vault, "Cy", "cadence: 2w\nstatus: left", "- 2026-01-01 call")
    vault.write("People/Di.md", "---\ncadence: 2w\n---\n<!-- vaultkit-disable VK101 -->\n## Log\n- 2026-01-01 call\n")
    person(vault, "Ed", "cadence: 2w", "- 2026-01-01 call")

    assert [p["name"] for p in reach_out(vault)] == ["Ed"]


def test_birthdays_in_the_next_two_weeks_are_listed_whatever_the_rule_selection(vault: VaultBuilder) -> None:
    person(vault, "Ana", "birthday: 09-24")
    person(vault, "Bo", "birthday: 1990-10-08")
    person(vault, "Cy", "birthday: 10-09")
    person(vault, "Di", "birthday: 09-25\nstatus: archived")

    birthdays = vault.run("report", "--format", "json").json()["reach_out"]["birthdays"]

    assert [(b["name"], b["date"], b["in_days"], b["turning"]) for b in birthdays] == [
        ("Ana", "2026-09-24", 0, None),
        ("Bo", "2026-10-08", 14, 36),
    ]
    assert "- [[Ana]] — Thu 24 Sep (today)" in vault.run("report", "--format", "markdown").out


def test_promises_due_are_the_overdue_follow_ups_most_overdue_first(vault: VaultBuilder) -> None:
    person(vault, "Alex Chen", "aliases: [Alex]")
    person(vault, "Alex Morgan", "aliases: [Alex]")
    person(vault, "Olivia Grant", "level: senior")
    vault.write("Daily/2026-09-12.md", "# Saturday\n\n- [ ] send [[Olivia Grant]] the deck 📅 2026-09-20\n")
    vault.write("Daily/2026-08-30.md", "# Sunday\n\n- [ ] send [[Alex]] the slides 📅 2026-09-01\n")

    promises = vault.run("report", "--format", "json").json()["reach_out"]["promises"]

    assert [(p["path"], p["line"], p["due"], p["overdue_days"]) for p in promises] == [
        ("Daily/2026-08-30.md", 3, "2026-09-01", 23),
        ("Daily/2026-09-12.md", 3, "2026-09-20", 4),
    ]
    assert promises[0]["people"] == []
    assert promises[0]["ambiguous"] == [
        {
            "target": "Alex",
            "candidates": [
                {"name": "Alex Chen", "path": "People/Alex Chen.md"},
                {"name": "Alex Morgan", "path": "People/Alex Morgan.md"},
            ],
        }
    ]
    assert promises[1]["people"] == [{"name": "Olivia Grant", "path": "People/Olivia Grant.md"}]
    assert [p["text"] for p in promises] == ["send [[Alex]] the slides", "send [[Olivia Grant]] the deck"]
    text = " ".join(vault.run("report").out.split())  # 80 columns: the first wraps
    assert (
        "Promises due: follow-ups past their due date "
        'Alex (Alex Chen or Alex Morgan?) — "send Alex the slides" — due 2026-09-01, 23 days ago — '
        "Daily/2026-08-30.md:3 "
        'Olivia Grant — "send Olivia Grant the deck" — due 2026-09-20, 4 days ago — Daily/2026-09-12.md:3 '
        "Birthdays in the next two weeks"
    ) in text
    markdown = vault.run("report", "--format", "markdown").out
    assert (
        '- Alex ([[Alex Chen]] or [[Alex Morgan]]?) — "send Alex the slides" — due 2026-09-01, 23 days ago — '
        "[[Daily/2026-08-30|Daily/2026-08-30]], line 3\n"
    ) in markdown
    page = vault.run("report", "--format", "html").out
    assert '<li>Alex (<span class="name" title="People/Alex Chen.md">Alex Chen</span> or ' in page


def test_ten_promises_are_listed_then_the_rest_counted(vault: VaultBuilder) -> None:
    person(vault, "Ana", "level: peer")
    tasks = "".join(f"- [ ] ask [[Ana]] about idea {n} 📅 2026-09-{n + 1:02}\n" for n in range(12))
    vault.write("Projects/Ideas.md", tasks)

    promises = vault.run("report", "--format", "json").json()["reach_out"]["promises"]
    text = vault.run("report").out
    markdown = vault.run("report", "--format", "markdown").out

    assert [p["due"] for p in promises] == [f"2026-09-{n + 1:02}" for n in range(12)]  # all of them, oldest first
    joined = " ".join(text.split())  # 80 columns: each promise wraps
    assert joined.count('Ana — "ask Ana about idea') == 10
    assert 'Ana — "ask Ana about idea 0" — due 2026-09-01, 23 days ago — Projects/Ideas.md:1 ' in joined
    assert 'Ana — "ask Ana about idea 9" — due 2026-09-10, 14 days ago — Projects/Ideas.md:10 and 2 more ' in joined
    assert "Projects/Ideas\\|" not in markdown and "line 10\n- and 2 more\n" in markdown
    assert ">and 2 more</li></ul>" in vault.run("report", "--format", "html").out


def test_a_promise_silenced_in_its_note_is_not_listed_though_the_rule_is_off(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[rules]\nignore = ["VK106"]\n')  # the report lists promises all the same
    person(vault, "Ana", "level: peer")
    vault.write(
        "Projects/Ideas.md",
        "- [ ] ask [[Ana]] about A 📅 2026-09-01\n"
        "<!-- vaultkit-disable-next-line VK106 -->\n"
        "- [ ] ask [[Ana]] about B 📅 2026-09-02\n",
    )

    promises = vault.run("report", "--format", "json").json()["reach_out"]["promises"]

    assert [(p["path"], p["line"]) for p in promises] == [("Projects/Ideas.md", 1)]


def test_no_promise_due_says_so(vault: VaultBuilder) -> None:
    person(vault, "Ana", "level: peer")
    vault.write("Projects/Ideas.md", "- [ ] ask [[Ana]] 📅 2026-09-30\n- [x] ask [[Ana]] 📅 2026-09-01\n")

    assert "Promises due: follow-ups past their due date\n  none\n" in vault.run("report").out
    assert (
        "### Promises due\n\nNone: no open follow-up task is past its due date.\n"
        in vault.run("report", "--format", "markdown").out
    )
    assert vault.run("report", "--format", "json").json()["reach_out"]["promises"] == []


# -- network, quarter, health, trend -------------------------------------------------------------


def test_the_sample_figures_tell_its_story(cli: Any, sample: Path) -> None:
    data = report(cli, sample, "--format", "json").json()
    network, quarter, health = data["network"], data["this_quarter"], data["health"]

    assert data["version"] == 1
    assert [p["name"] for p in data["reach_out"]["people"]] == [
        "Jamal Carter", "Lena Fischer", "Mia Novak", "Ravi Menon", "Irene Kowalski", "Ana Núñez",
        "Chris Oyelaran", "Olivia Grant", "Farah Siddiqui",
    ]  # fmt: skip
    assert [(b["name"], b["status"]) for b in network["mentors_and_sponsors"]] == [
        ("Greg Halvorsen", "paused"),
        ("Ruth Abernathy", "left"),
    ]
    assert network["backer_companies"] == {}
    assert [n["name"] for n in network["new_connections"]["recent"]] == ["Tobi Adeyemi"]
    assert quarter["interactions"]["junior"] == 0
    assert [(s["heading"], s["done"], s["total"]) for s in quarter["plan"]["sections"]] == [
        ("Senior", 1, 3),
        ("Peers", 2, 3),
        ("Junior", 0, 0),
        ("New connections", 1, 3),
    ]
    assert quarter["plan"]["sections"][2]["present"] is False
    assert [p["name"] for p in quarter["not_contacted"]] == [
        "Olivia Grant",
        "Ana Núñez",
        "Farah Siddiqui",
        "Isabel Moreau",
    ]
    assert [f["code"] for f in health["findings"]] == [
        "VK201", "VK202", "VK203", "VK204", "VK205", "VK301", "VK302", "VK303", "VK304",
        "VK305", "VK305", "VK305", "VK305",
    ]  # fmt: skip
    assert health["neglected"] == 9
    assert health["one_sided"] == {
        "count": 1,
        "people": [
            {
                "name": "Marcus Webb",
                "path": "People/Marcus Webb.md",
                "last_asked": {
                    "date": "2026-09-17",
                    "path": "People/Marcus Webb.md",
                    "line": 30,
                    "text": "asked him to be a reference for the staff packet.",
                },
            }
        ],
    }
    assert [m["month"] for m in data["trend"]["months"]][::11] == ["2025-10", "2026-09"]
    assert data["trend"]["months"][-1]["junior"] == 0


def test_a_one_sided_relationship_says_what_was_last_asked_and_asks_what_to_offer_back(vault: VaultBuilder) -> None:
    person(vault, "Ravi Menon", "level: junior", "- 2026-05-01 asked for a referral #asked\n- 2026-06-10 lunch #asked")
    vault.write("Daily/2026-08-14.md", "- asked [[Ravi Menon]] for a referral to Helio #asked\n")
    person(vault, "Ana", "level: peer", "- 2026-05-01 intro to Bo #asked\n- 2026-06-10 #gave\n- 2026-08-01 #asked")

    data = vault.run("report", "--format", "json").json()["health"]["one_sided"]

    assert data == {
        "count": 1,
        "people": [
            {
                "name": "Ravi Menon",
                "path": "People/Ravi Menon.md",
                "last_asked": {
                    "date": "2026-08-14",
                    "path": "Daily/2026-08-14.md",
                    "line": 1,
                    "text": "asked [[Ravi Menon]] for a referral to Helio",
                },
            }
        ],
    }
    said = 'last asked 2026-08-14: "asked Ravi Menon for a referral to Helio" — what could you offer back?'
    assert f"One-sided: 1 person Ravi Menon — {said}" in " ".join(vault.run("report").out.split())  # as wrapped
    markdown = vault.run("report", "--format", "markdown").out
    assert f"- One-sided: 1 person\n  - [[Ravi Menon]] — {said}\n" in markdown


def test_health_follows_the_rule_selection(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[rules]\nignore = ["VK103", "VK2"]\n')
    person(vault, "Ana", "cadence: 2w", "- 2026-01-01 call")

    data = vault.run("report", "--format", "json").json()

    assert [p["name"] for p in data["reach_out"]["people"]] == ["Ana"]
    assert data["health"]["neglected"] == 1
    assert data["health"]["one_sided"] is None
    assert not [f for f in data["health"]["findings"] if f["code"].startswith("VK2")]
    assert "One-sided: not checked (VK103 is off)" in vault.run("report").out


def test_another_quarter(cli: Any, sample: Path) -> None:
    data = report(cli, sample, "--format", "json", "--quarter", "2026-Q2").json()

    assert data["quarter"] == {"name": "2026-Q2", "first_day": "2026-04-01", "last_day": "2026-06-30", "current": False}
    plan = data["this_quarter"]["plan"]
    assert plan["path"] == "Plans/2026-Q2.md"
    assert [(s["kind"], s["done"], s["total"], s["people"]) for s in plan["sections"]] == [
        ("senior", 2, 4, 5),
        ("peer", 1, 2, 5),
        ("junior", 2, 4, 6),
        ("new", 1, 3, 3),
    ]
    assert data["this_quarter"]["planned_people"] == 18
    assert [p["name"] for p in data["this_quarter"]["not_contacted"]] == ["Mia Novak"]
    assert data["this_quarter"]["interactions"]["total"] == 67
    assert data["reach_out"]["overdue_total"] == 9  # still about today


def test_a_quarter_without_a_plan_says_so(cli: Any, sample: Path) -> None:
    run = report(cli, sample, "--quarter", "2026-Q4")
    assert run.code == 0
    assert "No plan for 2026-Q4 (Plans/2026-Q4.md): run vaultkit plan --quarter 2026-Q4" in " ".join(run.out.split())
    page = report(cli, sample, "--format", "html", "--quarter", "2026-Q4").out
    assert "<li><b>no plan</b><span>for 2026-Q4</span></li>" in page
    assert "none" not in page.split('<ul class="kpis">')[1].split("</ul>")[0]
    data = report(cli, sample, "--format", "json", "--quarter", "2026-q4").json()
    assert data["this_quarter"]["plan"] == {"path": "Plans/2026-Q4.md", "exists": False, "sections": []}
    assert data["this_quarter"]["interactions"]["total"] == 0  # it has not begun


def test_a_quarter_that_is_not_one_is_a_usage_error(cli: Any, sample: Path) -> None:
    run = report(cli, sample, "--quarter", "Q3 2026")
    assert run.code == 2
    assert run.err == "vaultkit: error: --quarter: 'Q3 2026' is not a quarter (expected YYYY-QN, e.g. 2026-Q3)\n"


# -- output files --------------------------------------------------------------------------------


def test_output_writes_the_file_and_only_says_so(cli: Any, sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "network.html"
    run = report(cli, sample, "--format", "html", "--output", str(target))

    assert (run.code, run.out, run.err) == (0, "", f"Wrote {target}\n")
    assert target.read_text(encoding="utf-8") == (GOLDEN / "report.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*vaultkit-tmp"))


def test_an_output_that_cannot_be_written_is_one_line_not_a_traceback(cli: Any, sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "network.html"
    run = report(cli, sample, "--format", "html", "--output", str(target))

    assert (run.code, run.out) == (2, "")
    assert run.err == f"vaultkit: error: {target}: cannot write the report: No such file or directory\n"


def test_a_markdown_report_in_the_vault_changes_nothing_vaultkit_reads(cli: Any, sample: Path, tmp_path: Path) -> None:
    root = tmp_path / "vault"
    shutil.copytree(sample, root, ignore=shutil.ignore_patterns(".vaultkit"))
    before = cli("--vault", str(root), "--today", SAMPLE_TODAY, "check", "--format", "json").out
    people = cli("--vault", str(root), "--today", SAMPLE_TODAY, "people", "--format", "json").out
    first = report(cli, root, "--format", "markdown").out

    # In People/, where any other note would be a person; it links every overdue person.
    assert report(cli, root, "--format", "markdown", "--output", str(root / "People/Dashboard.md")).code == 0

    assert first.startswith("---\nvaultkit-report: true\n")
    assert cli("--vault", str(root), "--today", SAMPLE_TODAY, "check", "--format", "json").out == before
    assert cli("--vault", str(root), "--today", SAMPLE_TODAY, "people", "--format", "json").out == people
    assert report(cli, root, "--format", "markdown").out == first
    assert (root / "People/Dashboard.md").read_text(encoding="utf-8") == first
    # It replaces its own report there, never a note of the owner's.
    assert report(cli, root, "--format", "markdown", "--output", str(root / "People/Dashboard.md")).code == 0
    for _ in range(2):  # a text report written into the vault is vaultkit's own too, until edited
        assert report(cli, root, "--output", str(root / ".reports.md")).code == 0
    # but never where vaultkit would read it as a note: it has no marker to say it is a report
    refused = report(cli, root, "--output", str(root / "Dashboard.md"))
    assert (refused.code, (root / "Dashboard.md").exists()) == (1, False)
    ana = root / "People/Ana Núñez.md"
    before = ana.read_bytes()
    refused = report(cli, root, "--format", "markdown", "--output", str(ana))
    assert (refused.code, refused.err) == (
        2,
        f"vaultkit: error: {ana}: that is a note of the vault: choose another file for --output\n",
    )
    assert ana.read_bytes() == before


def test_the_markdown_report_is_the_same_bytes_until_a_figure_changes(vault: VaultBuilder) -> None:
    person(vault, "Ana", "cadence: 2w\nlevel: peer", "- 2026-09-01 call")
    first = vault.run("report", "--format", "markdown").out

    vault.write("Inbox/idea.md", "An unrelated note.\n")
    assert vault.run("report", "--format", "markdown").out == first

    person(vault, "Ana", "cadence: 2w\nlevel: peer", "- 2026-09-01 call\n- 2026-09-20 lunch")
    second = vault.run("report", "--format", "markdown").out

    added = [line[1:] for line in difflib.unified_diff(first.splitlines(), second.splitlines(), n=0, lineterm="")
             if line.startswith("+") and not line.startswith("+++")]  # fmt: skip
    sparkline = "`▁▁▁▁▁▁▁▁▁▁▁█` | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |"
    assert added == [
        "Nobody is overdue.",
        "| Peer | 2 | 1 |",  # the quarter's interactions and people contacted
        "| All | 2 | 1 |",
        "- Neglected (overdue): 0 people",
        f"| All | {sparkline}",
        f"| Peer | {sparkline}",
    ]


# -- hostile names -------------------------------------------------------------------------------


def hostile(vault: VaultBuilder) -> None:
    """Two people named like an attack, overdue, mentors, new, and with a birthday: in every list."""
    for stem, name in (("Mallory", SCRIPT), ("Eve", IMG)):
        person(vault, stem, f"name: '{name}'\nrole: mentor\nlevel: senior\nmet: 2026-09-01\nbirthday: 09-30\n"
                            f"company: '{name}'\ncadence: 1w")  # fmt: skip
    vault.write("Plans/2026-Q3.md", "## Senior\n- [[Mallory]] [[Eve]]\n")


def test_hostile_names_are_text_in_the_html(vault: VaultBuilder) -> None:
    hostile(vault)
    page = vault.run("report", "--format", "html").out

    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "default-src 'none'" in page  # and a policy that would block a script anyway


def test_hostile_names_are_literal_text_in_the_markdown(vault: VaultBuilder) -> None:
    hostile(vault)
    note = vault.run("report", "--format", "markdown").out

    assert "<script" not in note and "<img" not in note
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note
    assert "&lt;img src=x onerror=alert(2)&gt;" in note
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(note)
    assert "<script" not in rendered and "<img" not in rendered
    assert SCRIPT.replace("<", "&lt;").replace(">", "&gt;") in rendered


def test_hostile_names_are_plain_in_the_text_report(vault: VaultBuilder) -> None:
    hostile(vault)
    vault.write("People/Rich.md", "---\nname: '[bold red]x[/] :smile:'\nlevel: peer\nmet: 2026-09-01\n---\n")

    out = vault.run("report").out

    assert SCRIPT in out and IMG in out
    assert "[bold red]x[/] :smile:" in out


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("Ana *Núñez*", "Ana \\*Núñez\\*"),
        ("[[Bo]] #tag", "\\[\\[Bo\\]\\] \\#tag"),
        ("a | b", "a \\| b"),
        ("%%hidden%% ==hi== $x$ ~~no~~", "\\%\\%hidden\\%\\% \\=\\=hi\\=\\= \\$x\\$ \\~\\~no\\~\\~"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("`code`", "\\`code\\`"),
    ],
)
def test_markdown_text_is_escaped(name: str, escaped: str) -> None:
    assert markdown_text(name) == escaped


def test_json_shape_is_documented_field_by_field(cli: Any, sample: Path) -> None:
    data = report(cli, sample, "--format", "json").json()
    documented = (Path(__file__).parent.parent / "docs/report-json.md").read_text(encoding="utf-8")

    missing = [path for path in _paths(data) if not _documented(path, documented)]

    assert missing == []


# Objects whose keys the doc's row lists in words (levels) or that are keyed by data (roles).
MAPS = ("by_role", "by_status", "backer_companies", "by_level", "interactions", "people_contacted")


def _paths(value: Any, prefix: str = "") -> list[str]:
    """Every field's dotted path, `[]` for list items; maps keyed by data (roles, statuses) stop."""
    if isinstance(value, dict):
        if prefix.rpartition(".")[2] in MAPS:
            return [prefix]
        return [p for key, item in value.items() for p in _paths(item, f"{prefix}.{key}" if prefix else key)]
    if isinstance(value, list):
        return [prefix] + [p for item in value[:1] if isinstance(item, dict) for p in _paths(item, prefix + "[]")]
    return [prefix]


def _documented(path: str, doc: str) -> bool:
    """`a.b[].c` is documented as `a.b[].c`, or as `.c` in a row naming `a.b[].x`, or via `*`."""
    if f"`{path}`" in doc:
        return True
    head, _, last = path.rpartition(".")
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    generic = re.sub(r"new_connections\.(recent|quarter)", "new_connections.*", head)
    return any(f"`{generic}." in row.split("|")[1] and f"`.{last}`" in row.split("|")[1] for row in rows) or any(
        f"`{generic}.{last}`" in row.split("|")[1] for row in rows
    )
