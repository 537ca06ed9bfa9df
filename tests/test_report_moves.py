"""The report's history: who moved (the Moves section) and the trend of mentors, sponsors and
people added, from a hand-built git history or from the notes alone, in every format.

Sarah, a mentor, moved from Acme to Google on 2026-10-05; Tom, a peer, went from Senior to Staff
Engineer on 2026-09-01; Olu, a sponsor, went on pause in July; Pat joined in March; Nia, met in
September, has not been committed yet. The history begins on 2026-01-15, when the vault was put
in git at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import VaultBuilder
from markdown_it import MarkdownIt

from vaultkit.history import History, Snapshot
from vaultkit.report import render_report
from vaultkit.report.build import Report

TODAY = "2026-10-20"
BEGINS = date(2026, 1, 15)


def snapshot(
    company: str = "", title: str = "", level: str = "", roles: tuple[str, ...] = (), status: str = ""
) -> Snapshot:
    return Snapshot(company, title, level, roles, status)


SARAH = snapshot("Acme", "Director", "senior", ("mentor",))
TOM = snapshot("Helio", "Senior Engineer", "peer", ("peer",))
OLU = snapshot("Northwind", "VP", "senior", ("sponsor",))
HISTORY = History(
    {
        "People/Sarah Okafor.md": (
            (BEGINS, "a" * 40, SARAH),
            (date(2026, 10, 5), "b1c2d3e" + "0" * 33, SARAH._replace(company="Google")),
        ),
        "People/Tom Lee.md": (
            (BEGINS, "a" * 40, TOM),
            (date(2026, 9, 1), "c" * 40, TOM._replace(title="Staff Engineer")),
        ),
        "People/Olu Bello.md": (
            (BEGINS, "a" * 40, OLU),
            (date(2026, 7, 10), "d" * 40, OLU._replace(status="paused")),
        ),
        "People/Pat Kim.md": ((date(2026, 3, 3), "e" * 40, snapshot(roles=("mentee",))),),
    },
    "b1c2d3e" + "0" * 33,
    None,
)


@pytest.fixture
def people(vault: VaultBuilder) -> VaultBuilder:
    vault.write("People/Sarah Okafor.md", "---\nrole: mentor\ntitle: Director\nlevel: senior\ncompany: Google\n---\n")
    vault.write("People/Tom Lee.md", "---\nrelationship: peer\ntitle: Staff Engineer\ncompany: Helio\n---\n")
    vault.write("People/Olu Bello.md", "---\nrole: sponsor\nlevel: senior\nstatus: paused\ncompany: Northwind\n---\n")
    vault.write("People/Pat Kim.md", "---\nrole: mentee\n---\n")
    vault.write("People/Nia Obi.md", "---\nrole: mentee\nmet: 2026-09-10\n---\n")
    return vault


def built(vault: VaultBuilder, history: History | None) -> Report:
    opened = vault.open(TODAY)
    opened.model.history = history
    return opened.report()


def test_moves_from_history_put_the_mentor_first_with_the_commit(people: VaultBuilder) -> None:
    data = json.loads(render_report(built(people, HISTORY), "json"))
    moves = data["moves"]

    assert moves["from"] == "history"
    assert moves["since"] == "2026-07-22"
    assert moves["history_note"] is None
    assert moves["changes"] == [
        {
            "name": "Sarah Okafor",
            "path": "People/Sarah Okafor.md",
            "mentor_or_sponsor": ["mentor"],
            "field": "company",
            "old": "Acme",
            "new": "Google",
            "date": "2026-10-05",
            "source": {"kind": "commit", "commit": "b1c2d3e", "line": None},
        },
        {
            "name": "Tom Lee",
            "path": "People/Tom Lee.md",
            "mentor_or_sponsor": [],
            "field": "title",
            "old": "Senior Engineer",
            "new": "Staff Engineer",
            "date": "2026-09-01",
            "source": {"kind": "commit", "commit": "ccccccc", "line": None},
        },
    ]  # Olu's pause is a status, not a move; it shows in the mentors and sponsors of the trend


def test_the_trend_shows_the_vacuum_forming(people: VaultBuilder) -> None:
    months = json.loads(render_report(built(people, HISTORY), "json"))["trend"]["months"]
    by_month = {m["month"]: m for m in months}

    # Unknown before the history begins; two until Olu paused in July; today's vault for October.
    assert [m["mentors_and_sponsors"] for m in months] == [None, None, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1]
    # Pat's note was first committed in March, a mentee (junior); Nia, not committed, counts from
    # when you met; the notes already in the history's first commit were not added then.
    assert by_month["2026-03"]["added"] == {"senior": 0, "peer": 0, "junior": 1, "none": 0, "total": 1}
    assert by_month["2026-09"]["added"]["junior"] == 1
    assert sum(m["added"]["total"] for m in months) == 2
    assert by_month["2026-01"]["added"]["total"] == 0


def test_every_format_tells_the_moves_and_the_trend(people: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    report = built(people, HISTORY)
    text = render_report(report, "text")
    markdown = render_report(report, "markdown")
    html = render_report(report, "html")
    said = " ".join(text.split())  # as read, whatever the wrapping

    assert (
        "! Sarah Okafor (mentor) — moved from Acme to Google on 2026-10-05 (commit b1c2d3e): "
        "no longer down the hall: reach out and keep it going on purpose Tom Lee — title Senior Engineer → "
        "Staff Engineer on 2026-09-01 (commit ccccccc)"
    ) in said
    active = next(line for line in text.splitlines() if line.startswith("Active ") and line.endswith(" 1"))
    assert active.split()[-12:] == ["?", "?", "2", "2", "2", "2", "2", "2", "1", "1", "1", "1"]
    assert "; ? before the history begins (2026-01-15)." in said

    assert (
        "- ⚠️ [[Sarah Okafor]] (mentor) — moved from Acme to Google on 2026-10-05 (commit b1c2d3e): "
        "no longer down the hall: reach out and keep it going on purpose"
    ) in markdown
    assert "| Active | `  ██████▅▅▅▅` | ? | ? | 2 | 2 | 2 | 2 | 2 | 2 | 1 | 1 | 1 | 1 |" in markdown
    MarkdownIt("commonmark").enable("table").parse(markdown)  # well formed enough to parse

    assert '<section id="moves">' in html
    assert 'id="chart-added"' in html and 'id="chart-backers"' in html
    assert "Sarah Okafor</span> (mentor) — moved from Acme to Google" in html
    assert "Active mentors and sponsors at each month&#x27;s end: Nov 2025 ?, Dec 2025 ?, Jan 2026 2" in html


def test_without_history_the_notes_say_who_moved_and_the_backers_are_unknown(vault: VaultBuilder) -> None:
    vault.write(
        "People/Sarah Okafor.md",
        "---\nrole: mentor\ncompany: Google\nprevious_company: Acme\nmoved: 2026-10-05\n---\n",
    )
    vault.write(
        "People/Dev Rao.md",
        """\
        ---
        relationship: peer
        company: Fathom
        met: 2026-08-01
        ---
        ## Moves
        - 2026-06-01 Kestrel → Helio
        - 2026-09-12 Helio → Fathom
        """,
    )
    vault.write(
        "People/Ana Lima.md", "---\nrole: peer\ncompany: ACME\nprevious_company: Acme\nmoved: 2026-10-01\n---\n"
    )
    report = built(vault, None)
    data = json.loads(render_report(report, "json"))

    assert data["moves"]["from"] == "notes"
    assert [(c["name"], c["old"], c["new"], c["source"]) for c in data["moves"]["changes"]] == [
        ("Sarah Okafor", "Acme", "Google", {"kind": "previous_company", "commit": None, "line": None}),
        ("Dev Rao", "Helio", "Fathom", {"kind": "moves", "commit": None, "line": 8}),
    ]  # Dev's June move is older than 90 days; Ana's company was only written another way
    months = data["trend"]["months"]
    assert [m["mentors_and_sponsors"] for m in months] == [None] * 11 + [1]  # only now is known
    assert data["trend"]["added_from"] == "met"
    assert {m["month"]: m["added"]["total"] for m in months}["2026-08"] == 1

    lines = render_report(report, "text").splitlines()
    text = " ".join(" ".join(lines).split())
    assert "not known without the vault's git history (now: 1)" in text
    assert "Dev Rao — moved from Helio to Fathom on 2026-09-12 (Moves section, line 8): congratulate them" in text
    assert not [line for line in lines if line.endswith(" ?   1")]  # no row of question marks: one line says it


def test_a_shallow_clone_says_so_in_one_line(people: VaultBuilder) -> None:
    note = "history is shallow: moves before 2026-01-15 are not known (git fetch --unshallow reads them all)"
    report = built(people, HISTORY._replace(note=note))

    for fmt in ("text", "markdown", "html"):
        out = render_report(report, fmt, width=120)  # the text's width: the note is 96 characters
        assert sum(note in line for line in out.splitlines()) == 1, fmt
    assert json.loads(render_report(report, "json"))["moves"]["history_note"] == note


def test_nobody_moved(vault: VaultBuilder) -> None:
    vault.write("People/Sarah Okafor.md", "---\nrole: mentor\ncompany: Google\n---\n")
    report = built(vault, None)

    assert "Nobody changed company or role in the last 90 days." in render_report(report, "text")
    assert json.loads(render_report(report, "json"))["moves"]["changes"] == []


@pytest.mark.parametrize(
    ("field", "old", "new", "told"),
    [
        ("company", "Acme", "Google", True),
        ("company", "Acme", "[[Acme]]", False),  # a link form
        ("company", "Acme Corp", "Acme Crop", False),  # a typo fixed
        ("company", "", "Google", False),  # filled in
        ("title", "Engineer I", "Engineer II", True),  # a promotion is one letter
        ("title", "staff  engineer", "Staff Engineer", False),
        ("title", "Staff Engineer", "", False),  # emptied
        ("level", "peer", "senior", True),
        ("roles", "peer", "peer, mentor", True),
        ("roles", "mentor, peer", "peer, mentor", False),
        ("status", "", "left", True),  # unset is active
        ("status", "", "active", False),
    ],
)
def test_which_changes_are_told(field: str, old: str, new: str, told: bool) -> None:
    from vaultkit.moves import Move
    from vaultkit.report.changes import is_change

    assert is_change(Move("People/A.md", field, old, new, date(2026, 10, 1), "git abc")) is told


def test_a_hostile_company_is_text_in_every_format(vault: VaultBuilder) -> None:
    vault.write(
        "People/Eve.md",
        '---\nrole: peer\ncompany: "<script>alert(1)</script>"\n'
        "previous_company: '[[x]] <b>'\nmoved: 2026-10-01\n---\n",
    )
    report = built(vault, None)
    html = render_report(report, "html")
    markdown = render_report(report, "markdown")

    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[[x]]" not in markdown and "\\[\\[x\\]\\]" in markdown


def test_on_a_day_before_the_history_people_count_from_when_you_met(people: VaultBuilder) -> None:
    later = History(
        {
            path: tuple((date(2027, 2, 1), sha, s) for _, sha, s in versions)
            for path, versions in HISTORY.versions.items()
        },
        HISTORY.head,
        None,
    )  # every version committed after today: the history knows nothing of today yet
    months = json.loads(render_report(built(people, later), "json"))["trend"]["months"]

    assert [m["mentors_and_sponsors"] for m in months] == [None] * 11 + [1]
    assert [m["added"]["total"] for m in months] == [0] * 10 + [1, 0]  # Nia, met in September


def git(root: Path, *args: str, when: str = "2026-01-15T12:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_real_repository_end_to_end(vault: VaultBuilder) -> None:
    git(vault.root, "init", "-q")
    vault.write("People/Sarah Okafor.md", "---\nrole: mentor\ncompany: Acme\n---\n")
    vault.write("People/Olu Bello.md", "---\nrole: sponsor\ncompany: Northwind\n---\n")
    git(vault.root, "add", "-A")
    git(vault.root, "commit", "-q", "-m", "start")
    vault.write("People/Olu Bello.md", "---\nrole: sponsor\ncompany: Northwind\nstatus: left\n---\n")
    git(vault.root, "commit", "-q", "-am", "Olu left", when="2026-06-10T12:00:00")
    vault.write("People/Sarah Okafor.md", "---\nrole: mentor\ncompany: Google\n---\n")
    git(vault.root, "commit", "-q", "-am", "Sarah moved", when="2026-10-05T12:00:00")
    vault.write("People/Sarah Okafor.md", "---\nrole: mentor\ncompany: Helio\n---\n")  # not committed: not counted

    data = vault.run("report", "--format", "json", today=TODAY).json()

    assert data["moves"]["from"] == "history"
    assert [(c["name"], c["old"], c["new"], c["date"]) for c in data["moves"]["changes"]] == [
        ("Sarah Okafor", "Acme", "Google", "2026-10-05")
    ]
    assert data["moves"]["changes"][0]["source"]["kind"] == "commit"
    assert [m["mentors_and_sponsors"] for m in data["trend"]["months"]] == [None, None, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]
