"""`vaultkit people --moved`: who changed company (by default) or title, level, roles and status
(`--field`), since a day (`--since`, 90 days ago by default), as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from conftest import VaultBuilder

from vaultkit.history import History, Snapshot
from vaultkit.people_table import moved_rows, render_moved, selected

TODAY = "2026-10-20"


@pytest.fixture
def moved(vault: VaultBuilder) -> VaultBuilder:
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
        ---
        ## Moves
        - 2026-05-01 Kestrel → Helio
        - 2026-09-12: moved from Helio to Fathom
        """,
    )
    vault.write(
        "People/Ana Lima.md", "---\nrole: peer\ncompany: ACME\nprevious_company: Acme\nmoved: 2026-10-01\n---\n"
    )
    vault.write(
        "People/Bo Chen.md", "---\nrole: peer\ncompany: '[[Acme]]'\nprevious_company: Acme\nmoved: 2026-10-02\n---\n"
    )
    return vault


def test_company_moves_of_the_last_90_days_newest_first(moved: VaultBuilder) -> None:
    run = moved.run("people", "--moved", today=TODAY)

    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "date        name          change                   source",
        "2026-10-05  Sarah Okafor  company: Acme → Google   previous_company and moved",
        "2026-09-12  Dev Rao       company: Helio → Fathom  Moves section, line 7",
        "2 changes since 2026-07-22",
    ]  # Dev's May move is older; Ana's ACME and Bo's [[Acme]] are Acme written another way


def test_since_reaches_further_back_and_json_says_where_each_came_from(moved: VaultBuilder) -> None:
    rows = moved.run("people", "--moved", "--since", "2026-05-01", "--format", "json", today=TODAY).json()

    assert [(r["name"], r["old"], r["new"], r["date"]) for r in rows] == [
        ("Sarah Okafor", "Acme", "Google", "2026-10-05"),
        ("Dev Rao", "Helio", "Fathom", "2026-09-12"),
        ("Dev Rao", "Kestrel", "Helio", "2026-05-01"),
    ]
    assert rows[0] == {
        "name": "Sarah Okafor",
        "path": "People/Sarah Okafor.md",
        "roles": ["mentor"],
        "field": "company",
        "old": "Acme",
        "new": "Google",
        "date": "2026-10-05",
        "source": {"kind": "previous_company", "commit": None, "line": None},
    }
    assert rows[2]["source"] == {"kind": "moves", "commit": None, "line": 6}


def test_filters_and_sort_by_name(moved: VaultBuilder) -> None:
    run = moved.run("people", "--moved", "--role", "peer", "--since", "2026-01-01", "--sort", "name", today=TODAY)

    assert [line.split("  ")[1] for line in run.out.splitlines()[1:-1]] == ["Dev Rao", "Dev Rao"]
    assert run.out.splitlines()[-1] == "2 changes since 2026-01-01"


def test_csv_keeps_a_company_from_becoming_a_formula(vault: VaultBuilder) -> None:
    vault.write(
        "People/Eve.md",
        "---\nrole: peer\ncompany: '=HYPERLINK(\"x\")'\nprevious_company: Acme\nmoved: 2026-10-01\n---\n",
    )
    out = vault.run("people", "--moved", "--format", "csv", today=TODAY).out

    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["date", "name", "path", "roles", "field", "old", "new", "source"]
    assert rows[1] == [
        "2026-10-01",
        "Eve",
        "People/Eve.md",
        "peer",
        "company",
        "Acme",
        '\'=HYPERLINK("x")',
        "previous_company and moved",
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--since", "2026-01-01"), "--since goes with --moved"),
        (("--field", "title"), "--field goes with --moved"),
        (("--moved", "--sort", "due"), "--sort due does not go with --moved"),
        (("--moved", "--since", "2026-13-01"), "--since '2026-13-01' is not a date (YYYY-MM-DD)"),
        (("--moved", "--since", "2026-10-21"), "--since 2026-10-21 is after today (2026-10-20)"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(moved: VaultBuilder, args: tuple[str, ...], said: str) -> None:
    run = moved.run("people", *args, today=TODAY)

    assert run.code == 2
    assert said in run.err and len(run.err.strip().splitlines()) == 1


def snapshot(company: str, title: str, level: str, roles: tuple[str, ...], status: str = "") -> Snapshot:
    return Snapshot(company, title, level, roles, status)


def test_from_history_every_field_with_field_all(vault: VaultBuilder) -> None:
    vault.write("People/Tom Lee.md", "---\nrelationship: mentor\ntitle: Staff Engineer\ncompany: Helio\n---\n")
    before = snapshot("Kestrel", "Senior Engineer", "peer", ("peer",))
    after = snapshot("Helio", "Staff Engineer", "senior", ("peer", "mentor"), "paused")
    history = History(
        {
            "People/Tom Lee.md": (
                (date(2026, 1, 15), "a" * 40, before),
                (date(2026, 9, 1), "1a2b3c4" + "0" * 33, after),
                (date(2026, 10, 1), "5d6e7f8" + "0" * 33, after._replace(status="left")),
            )
        },
        "5d6e7f8" + "0" * 33,
        None,
    )
    model = vault.open(TODAY).model
    model.history = history
    people = selected(model)

    company = moved_rows(model, people, date(2026, 7, 22))
    every = moved_rows(model, people, date(2026, 7, 22), ("company", "title", "level", "roles", "status"))
    titles = moved_rows(model, people, date(2026, 9, 2), ("title",))

    assert [(r["field"], r["old"], r["new"], r["source"]["commit"]) for r in company] == [
        ("company", "Kestrel", "Helio", "1a2b3c4")
    ]
    assert [(r["date"], r["field"], r["old"], r["new"]) for r in every] == [
        ("2026-10-01", "status", "paused", "left"),
        ("2026-09-01", "company", "Kestrel", "Helio"),
        ("2026-09-01", "title", "Senior Engineer", "Staff Engineer"),
        ("2026-09-01", "level", "peer", "senior"),
        ("2026-09-01", "roles", "peer", "peer, mentor"),
        ("2026-09-01", "status", "active", "paused"),  # unset, as the note reads it
    ]
    assert titles == []  # the title changed on 2026-09-01, before --since
    table = render_moved(every, "table", date(2026, 7, 22))
    assert re.search(r"^2026-09-01  Tom Lee  roles: peer → peer, mentor +commit 1a2b3c4$", table, re.MULTILINE)
    assert table.endswith("6 changes since 2026-07-22\n")
