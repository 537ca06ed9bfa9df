"""The vault model (01-vault.md §3): kinds of note, people and their interactions, cadences,
link resolution, folders matched as on macOS, and the owner's quarters."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from typing import Any

import pytest
from conftest import VaultBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.dates import Quarter, add_months, parse_cadence, quarter_of


def person(vault: VaultBuilder, name: str, today: str = "2026-09-24") -> dict[str, Any]:
    """`vaultkit people --format json`, the row of one person."""
    result = vault.run("people", "--format", "json", today=today)
    assert result.code == 0, result.err
    return next(row for row in result.json() if row["name"] == name)


def last(vault: VaultBuilder, name: str, today: str = "2026-09-24") -> tuple[str | None, int | None]:
    row = person(vault, name, today)
    return row["last_interaction"], row["last_source"] and row["last_source"]["line"]


# -- a vault written in other tools' schemas -----------------------------------------------------


def test_a_vault_in_other_tools_schemas_lists_every_person_and_nothing_from_templates(vault: VaultBuilder) -> None:
    vault.write(".obsidian/daily-notes.json", json.dumps({"folder": "Journal", "format": "YYYY/MM/YYYY-MM-DD"}))
    vault.write(".obsidian/templates.json", json.dumps({"folder": "Templates"}))
    vault.write(".obsidian/plugins/templater-obsidian/data.json", json.dumps({"templates_folder": "Meta/Blueprints"}))
    vault.write(
        "People/Ana Núñez.md", "---\nlastContacted: 2026-08-20\nrelationship: cousin\nCompany: Northwind\n---\n"
    )
    vault.write(
        "Contacts/Chris Oyelaran.md", "---\ntype: contact\nprm-last-contacted: 2026-09-01\nprm-cadence: 14\n---\n"
    )
    vault.write(
        "Community/yusuf.md", "---\ntags: [people]\nFirst Name: Yusuf\nLast Name: Demir\nseniority: Junior\n---\n"
    )
    vault.write("Friends/Mia.md", "---\ntags: [person/friends]\nrelationships: [Friend]\n---\n")
    vault.write("People/Work/Omar Haddad.md", "# Omar\n## 📅 Contact log\n- **2026-07-02** lunch\n")
    vault.write("Journal/2026/09/2026-09-20.md", "Coffee with [[yusuf|Yusuf]].\n- [x] called [[Ana Núñez]]\n")
    vault.write(
        "Journal/2026/09/2026-09-23.md",
        "- [ ] call [[Chris Oyelaran]] tomorrow\n> [!note] Omar\n> lunch with [[Omar Haddad]]\n",
    )
    vault.write("Journal/2026/09/2026-09-30.md", "[[Chris Oyelaran]] (a note written ahead)\n")
    vault.write("Journal/2026-09-21.md", "[[Mia]]\n")
    vault.write("Journal/2026/09/ideas.md", "[[Ana Núñez]] [[Mia]] [[Chris Oyelaran]]\n")
    vault.write("Daily/2026-09-22.md", "[[Mia]] [[Chris Oyelaran]]\n")
    vault.write("templates/Person.md", "---\ntype: person\nlast_contact: {{date}}\n---\n")
    vault.write("templates/2026-09-24.md", "[[Ana Núñez]] [[Chris Oyelaran]]\n")
    vault.write("Journal/templates/2026/09/2026-09-24.md", "[[Ana Núñez]] [[Chris Oyelaran]]\n")
    vault.write("meta/blueprints/Contact.md", "---\ntype: contact\nname: <% tp.file.title %>\n---\n")

    result = vault.run("people", "--format", "json")

    assert result.code == 0
    assert result.json() == [
        {
            "name": "Ana Núñez", "path": "People/Ana Núñez.md", "aliases": [], "roles": ["cousin"], "level": None,
            "company": "Northwind", "title": None, "status": "active", "cadence": None, "cadence_days": None,
            "last_interaction": "2026-09-20", "last_source": {"path": "Journal/2026/09/2026-09-20.md", "line": 2},
            "due": None, "overdue_days": None,
        },
        {
            "name": "Chris Oyelaran", "path": "Contacts/Chris Oyelaran.md", "aliases": [], "roles": [], "level": None,
            "company": None, "title": None, "status": "active", "cadence": "14d", "cadence_days": 14,
            "last_interaction": "2026-09-01", "last_source": {"path": "Contacts/Chris Oyelaran.md", "line": 3},
            "due": "2026-09-15", "overdue_days": 9,
        },
        {
            "name": "Mia", "path": "Friends/Mia.md", "aliases": [], "roles": ["friend"], "level": None,
            "company": None, "title": None, "status": "active", "cadence": "3m", "cadence_days": 91,
            "last_interaction": "2026-09-21", "last_source": {"path": "Journal/2026-09-21.md", "line": 1},
            "due": "2026-12-21", "overdue_days": 0,
        },
        {
            "name": "Omar Haddad", "path": "People/Work/Omar Haddad.md", "aliases": [], "roles": [], "level": None,
            "company": None, "title": None, "status": "active", "cadence": None, "cadence_days": None,
            "last_interaction": "2026-09-23", "last_source": {"path": "Journal/2026/09/2026-09-23.md", "line": 3},
            "due": None, "overdue_days": None,
        },
        {
            "name": "Yusuf Demir", "path": "Community/yusuf.md", "aliases": [], "roles": [], "level": "junior",
            "company": None, "title": None, "status": "active", "cadence": "2m", "cadence_days": 61,
            "last_interaction": "2026-09-20", "last_source": {"path": "Journal/2026/09/2026-09-20.md", "line": 1},
            "due": "2026-11-20", "overdue_days": 0,
        },
    ]  # fmt: skip
    checked = vault.run("check", "--format", "json").json()
    assert not [d for d in checked if "emplates" in d["path"] or d["path"].startswith("meta/")]


# -- kinds of note: plan > daily > person > meeting ------------------------------------------------


def test_kinds_of_note_first_that_applies_in_order_plan_daily_person_meeting(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q4.md", "---\ntype: person\n---\n")
    vault.write("People/Q/2026-Q3.md", "---\ntype: plan\nquarter: 2026-Q3\n---\n")
    vault.write("People/2026-09-01.md", "---\ntype: person\n---\n")
    vault.write("Meetings/Ana.md", "---\ntype: person\ndate: 2026-09-01\n---\n")
    vault.write("People/2026-Q2.md", "")
    vault.write("Notes/Standup.md", "---\ntype: Meeting\ndate: 2026-09-02T09:30\n---\n")
    vault.write("Notes/Retro.md", "---\ntags: [meeting, team]\ndate: 2026-09-03\n---\n")
    vault.write("Meetings/Undated.md", "")
    vault.write("Clippings/Article.md", "---\ndate: 2026-09-04\nsource: https://example.com\n---\n[[Ana]]\n")
    vault.write("Notes/Idea.md", "---\ntags: person\n---\n")
    vault.write("Notes/Tagged in body.md", "#person\n")
    model = vault.open().model
    assert model.kinds == {
        "Plans/2026-Q4.md": "plan",
        "People/Q/2026-Q3.md": "plan",
        "People/2026-09-01.md": "daily",
        "Meetings/Ana.md": "person",
        "People/2026-Q2.md": "person",
        "Notes/Standup.md": "meeting",
        "Notes/Retro.md": "meeting",
        "Meetings/Undated.md": "meeting",
        "Clippings/Article.md": "other",
        "Notes/Idea.md": "person",
        "Notes/Tagged in body.md": "other",
    }
    assert model.dates == {
        "People/2026-09-01.md": date(2026, 9, 1),
        "Notes/Standup.md": date(2026, 9, 2),
        "Notes/Retro.md": date(2026, 9, 3),
    }
    assert sorted(model.plans) == ["2026-Q3", "2026-Q4"]


@pytest.mark.parametrize(
    ("fmt", "stem", "day"),
    [
        ("YYYY-MM-DD", "2026-09-20", "2026-09-20"),
        ("DD.MM.YYYY", "20.09.2026", "2026-09-20"),
        ("YYYY-MM-DD dddd", "2026-09-20 Sunday", "2026-09-20"),
        ("MMMM Do, YYYY", "September 20th, 2026", "2026-09-20"),
        ("ddd, MMM D YYYY", "Sun, Sep 20 2026", "2026-09-20"),
        ("YYYYMMDD", "20260920", "2026-09-20"),
        ("[Day] YYYY-MM-DD", "Day 2026-09-20", "2026-09-20"),
        ("YYYY/MM/YYYY-MM-DD", "2026-09-20", "2026-09-20"),
        ("YY-M-D", "26-9-20", "2026-09-20"),
        ("YYYY-MM-DD", "2026-02-30", None),
        ("YYYY-MM-DD", "2026-09-20 notes", None),
        ("DD.MM.YYYY", "2026-09-20", None),
    ],
)
def test_a_daily_note_is_named_in_the_daily_format(vault: VaultBuilder, fmt: str, stem: str, day: str | None) -> None:
    vault.write(".obsidian/daily-notes.json", json.dumps({"format": fmt}))
    vault.write("People/Ana.md", "")
    vault.write(f"Journal/{stem}.md", "[[Ana]]\n")
    assert last(vault, "Ana")[0] == day


def test_the_config_overrides_obsidians_daily_settings(vault: VaultBuilder) -> None:
    vault.write(".obsidian/daily-notes.json", json.dumps({"folder": "Daily", "format": "YYYY-MM-DD"}))
    vault.write("vaultkit.toml", '[vault]\ndaily-folder = "Log/"\ndaily-format = "DD-MM-YYYY"\n')
    vault.write("People/Ana.md", "")
    vault.write("Daily/2026-09-01.md", "[[Ana]]\n")
    vault.write("Log/2026/02-09-2026.md", "[[Ana]]\n")
    assert last(vault, "Ana") == ("2026-09-02", 1)


@pytest.mark.parametrize(
    "frontmatter",
    ["tags: [person]", "tags: person", "tags: '#People'", "tags:\n  - work\n  - contact/old", "tag: person/family",
     "type: Person", "type: contact"],
)  # fmt: skip
def test_a_person_by_frontmatter_anywhere(vault: VaultBuilder, frontmatter: str) -> None:
    vault.write("Notes/Ana.md", f"---\n{frontmatter}\n---\n")
    assert [p.path for p in vault.open().people] == ["Notes/Ana.md"]


@pytest.mark.parametrize(
    "frontmatter", ["tags: [personal]", "tags: [work/person]", "type: persona", "category: person"]
)
def test_not_a_person(vault: VaultBuilder, frontmatter: str) -> None:
    vault.write("Notes/Ana.md", f"---\n{frontmatter}\n---\n#person\n")
    assert vault.open().people == []


def test_a_web_clipping_with_a_date_does_not_make_everyone_it_links_look_contacted(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "")
    vault.write("Clippings/Interview.md", '---\ndate: 2026-09-04\nauthor: "[[Ana]]"\n---\nQuoting [[Ana]].\n')
    assert last(vault, "Ana") == (None, None)


def test_when_two_notes_claim_a_quarter_the_one_named_for_it_wins(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q4.md", "")
    vault.write("Plans/Q4 plan.md", "---\ntype: plan\nquarter: 2026-Q4\n---\n")
    vault.write("Notes/Next.md", "---\ntype: plan\nquarter: 2027-q1\n---\n")
    plans = vault.open().plans
    assert {name: plan.path for name, plan in plans.items()} == {
        "2026-Q4": "Plans/2026-Q4.md",
        "2027-Q1": "Notes/Next.md",
    }


def test_a_note_is_one_quarters_plan_by_its_name_under_plans_or_by_type_and_quarter(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q2.md", "---\nquarter: 2026-Q1\n---\n")  # copied from last quarter: Q2's
    vault.write("Archive/2026-Q3.md", "---\ntype: plan\nquarter: 2026-Q1\n---\n")  # Q1's: named so outside Plans/
    vault.write("Notes/2026-Q4.md", "---\ntype: plan\n---\n- [ ] check [[Roadmap]]\n")  # no quarter: not a plan
    vault.write("Notes/2027-Q1.md", "---\nquarter: 2027-Q1\n---\n")  # no type: not a plan
    plans = vault.open().plans
    assert {name: plan.path for name, plan in plans.items()} == {
        "2026-Q2": "Plans/2026-Q2.md",
        "2026-Q1": "Archive/2026-Q3.md",
    }
    assert vault.codes(select=["VK303"]) == []  # nor are its links a plan's


def test_the_plans_folder_is_found_whatever_the_case_of_its_name_in_the_config(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\nplans = "plans"\n')
    vault.write("Plans/2026-Q2.md", "")
    assert vault.open().plans["2026-Q2"].path == "Plans/2026-Q2.md"
    missing = [path for _, path, _ in vault.codes(select=["VK301"])]
    assert missing == ["Plans/2026-Q3.md", "Plans/2026-Q4.md"]  # not in a second folder, plans/


# -- interactions ---------------------------------------------------------------------------------


def test_interactions_come_from_the_field_the_log_and_dated_notes(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nlast_contact: 2026-09-02\n---\n## Log\n- 2026-08-01 lunch\n")
    vault.write("Daily/2026-08-15.md", "Talked to [[Ana]].\n")
    vault.write("Meetings/Sync.md", '---\ndate: 2026-08-20 14:00\nattendees: ["[[Ana]]"]\n---\nNotes.\n')
    vault.write("Meetings/Later.md", "---\ndate: 2026-08-25\nattendees:\n  - [[Ana]]\n---\n")
    [ana] = vault.open().people
    assert [(str(i.date), i.source, i.path, i.line) for i in ana.interactions] == [
        ("2026-08-01", "log", "People/Ana.md", 5),
        ("2026-08-15", "note", "Daily/2026-08-15.md", 1),
        ("2026-08-20", "note", "Meetings/Sync.md", 3),
        ("2026-08-25", "note", "Meetings/Later.md", 4),
        ("2026-09-02", "field", "People/Ana.md", 2),
    ]


def test_one_interaction_per_date_log_first_then_note_then_field_with_all_tags(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nlast_contact: 2026-09-01\n---\n## Log\n- 2026-09-01 coffee #asked\n")
    vault.write("Daily/2026-09-01.md", "- helped [[Ana]] with her talk #gave\n")
    vault.write("People/Bo.md", "---\nlast_contact: 2026-09-01\n---\n")
    vault.write("Daily/2026-09-01 b.md", "")
    vault.write("Meetings/Sync.md", "---\ndate: 2026-09-01\n---\n[[Bo]] #gave\n\n[[Bo]] again #Asked\n")
    model = vault.open().model
    ana, bo = model.people
    assert [(str(i.date), i.source, i.path, i.line, sorted(i.tags)) for i in ana.interactions] == [
        ("2026-09-01", "log", "People/Ana.md", 5, ["asked", "gave"]),
    ]
    assert [(str(i.date), i.source, i.path, i.line, sorted(i.tags)) for i in bo.interactions] == [
        ("2026-09-01", "note", "Meetings/Sync.md", 4, ["asked", "gave"]),
    ]


@pytest.mark.parametrize(
    ("line", "counts"),
    [
        ("- [ ] call [[Ana]]", False),
        ("- [-] call [[Ana]] (cancelled)", False),
        ("- [x] called [[Ana]]", True),
        ("- [X] called [[Ana]]", True),
        ("- [ ] plan\n  - with [[Ana]]", False),
        ("- [x] done\n  - with [[Ana]]", True),
        ("> she said [[Ana]] would know", False),
        ("> she said\n[[Ana]] would know", False),  # a lazy line is still the quote's
        ("> [!note] Call\nwith [[Ana]]", True),
        ("> [!note] Call\n> with [[Ana]]", True),
        ("> [!tip]- Folded\n> lunch with [[Ana]]", True),
        ("![[Ana]]", False),
        ("`[[Ana]]`", False),
        ("```\n[[Ana]]\n```", False),
        ("%% [[Ana]] %%", False),
        ("<!-- [[Ana]] -->", False),
        ("[[Ana#Log]]", True),
        ("[[People/Ana|her]]", True),
        ("[her](../People/Ana.md)", True),
        ("[[ana]]", True),
        ("[[Annie]]", True),
        ("[[Ana N.]]", False),
        ("[[Anna]]", False),
    ],
)
def test_what_in_a_daily_note_counts_as_contact(vault: VaultBuilder, line: str, counts: bool) -> None:
    vault.write("People/Ana.md", "---\naliases: [Annie]\n---\n")
    vault.write("Daily/2026-09-01.md", line + "\n")
    assert last(vault, "Ana")[0] == ("2026-09-01" if counts else None)


def test_a_link_that_opens_another_note_never_counts_by_alias(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\naliases: [Platform]\n---\n")
    vault.write("Projects/Platform.md", "")
    vault.write("Daily/2026-09-01.md", "[[Platform]] review\n")
    assert last(vault, "Ana") == (None, None)


def test_an_alias_link_counts_and_is_vk402_a_near_miss_is_vk401_and_does_not(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", "---\naliases: [Hana]\nrole: peer\n---\n")
    vault.write("Daily/2026-09-01.md", "Lunch with [[Hana]].\n")
    vault.write("Daily/2026-09-10.md", "Lunch with [[Hana Itoo]].\n")
    assert last(vault, "Hana Ito") == ("2026-09-01", 1)
    assert [(d.code, d.path, d.line, d.column, d.end_column) for d in vault.check(select=["VK4"])] == [
        ("VK402", "Daily/2026-09-01.md", 1, 12, 20),
        ("VK401", "Daily/2026-09-10.md", 1, 12, 25),
    ]


def test_dates_after_today_are_not_interactions(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        "---\nlast_contact: 2026-10-01\nmet: 2026-12-01\nrole: mentor\n---\n"
        "## Log\n- 2026-09-30 lunch\n- 2026-06-01 call\n",
    )
    vault.write("Daily/2026-09-25.md", "[[Ana]]\n")
    vault.write("Meetings/Next.md", "---\ndate: 2026-09-29\n---\n[[Ana]]\n")
    vault.write("Daily/2026-09-24.md", "[[Ana]] today counts\n")
    row = person(vault, "Ana")
    assert (row["last_interaction"], row["last_source"], row["due"]) == (
        "2026-09-24", {"path": "Daily/2026-09-24.md", "line": 1}, "2026-11-05",
    )  # fmt: skip
    assert [(d.code, d.line, d.message) for d in vault.check(select=["VK006"])] == [
        ("VK006", 2, "last_contact is 2026-10-01, after today (2026-09-24); not counted"),
        ("VK006", 3, "met is 2026-12-01, after today (2026-09-24); not counted"),
        ("VK006", 7, "log entry dated 2026-09-30, after today (2026-09-24); not counted"),
    ]
    assert last(vault, "Ana", today="2026-09-23") == ("2026-06-01", 8)


def test_an_open_task_in_the_log_is_a_plan_not_a_contact(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        """
        ## Log
        - 2026-08-01 coffee
        - [x] 2026-08-20 called her back
        - [ ] 2026-09-01 send her the deck
        - [-] 2026-09-02 lunch (cancelled)
        - [ ] 2026-10-01 follow up
        """,
    )
    [ana] = vault.open().people
    assert [(str(i.date), i.line) for i in ana.interactions] == [("2026-08-01", 2), ("2026-08-20", 3)]
    assert vault.codes(select=["VK006"]) == []


# -- cadence ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "count", "unit"),
    [
        ("14d", 14, "d"),
        ("6w", 6, "w"),
        ("3m", 3, "m"),
        ("1y", 1, "y"),
        ("14", 14, "d"),
        (14, 14, "d"),
        ("90", 90, "d"),
        ("weekly", 1, "w"),
        ("Biweekly", 2, "w"),
        ("monthly", 1, "m"),
        ("quarterly", 3, "m"),
        ("yearly", 1, "y"),
        ("never", 0, "never"),
        (" 2W ", 2, "w"),
    ],
)
def test_a_cadence_is_read_from_what_people_write(written: object, count: int, unit: str) -> None:
    cadence = parse_cadence(written)
    assert cadence is not None
    assert (cadence.amount, cadence.unit) == (count, unit)


@pytest.mark.parametrize("written", ["fortnightly", "0", "0d", "-3", "2x", "1.5", "", True, None, "3 months"])
def test_what_is_not_a_cadence(written: object) -> None:
    assert parse_cadence(written) is None


def test_an_unknown_cadence_on_a_person_is_vk004_and_ignored(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\ncadence: fortnightly\n---\n")
    assert [(d.code, d.line, d.message) for d in vault.check(select=["VK004"])] == [
        ("VK004", 3, "cadence: 'fortnightly' is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
    ]
    assert person(vault, "Ana")["cadence"] == "6w"


def test_cadence_explicit_then_shortest_role_then_level_then_default(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[cadence]\ndefault = "6m"\nroles = { cousin = "1y" }\n')
    log = "## Log\n- 2026-09-01 call\n"
    vault.write("People/Explicit.md", "---\ncadence: 1y\nroles: [manager]\nlevel: junior\n---\n" + log)
    vault.write("People/Roles.md", "---\nroles: [peer, mentor, cousin]\nlevel: junior\n---\n" + log)
    vault.write("People/Cousin.md", "---\nrole: cousin\nlevel: junior\n---\n" + log)
    vault.write("People/Level.md", "---\nrole: co-author\nlevel: Junior\n---\n" + log)
    vault.write("People/Default.md", log)
    vault.write("People/Never.md", "---\ncadence: never\nrole: mentor\n---\n" + log)
    rows = {row["name"]: row for row in vault.run("people", "--format", "json").json()}
    assert {name: (r["cadence"], r["cadence_days"], r["due"]) for name, r in rows.items()} == {
        "Explicit": ("1y", 365, "2027-09-01"),
        "Roles": ("6w", 42, "2026-10-13"),
        "Cousin": ("1y", 365, "2027-09-01"),
        "Level": ("2m", 61, "2026-11-01"),
        "Default": ("6m", 181, "2027-03-01"),
        "Never": ("never", None, None),
    }
    model = vault.open().model
    assert {p.name: p.cadence_source for p in model.people} == {
        "Explicit": "cadence",
        "Roles": "role mentor",
        "Cousin": "role cousin",
        "Level": "level junior",
        "Default": "default",
        "Never": "cadence",
    }


def test_without_a_default_cadence_imported_contacts_are_not_a_wall_of_warnings(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nlast_contact: 2020-01-01\ncompany: Acme\n---\n")
    assert person(vault, "Ana")["cadence"] is None
    assert vault.codes(select=["VK101"]) == []


def test_months_are_calendar_months_and_the_shortest_role_is_the_earliest_due_date(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[cadence]\nroles = { thirty = "30d", month = "1m" }\n')
    vault.write("People/Ana.md", "---\nroles: [thirty, month]\n---\n## Log\n- 2026-01-31 call\n")
    row = person(vault, "Ana", today="2026-02-28")
    assert (row["cadence"], row["cadence_days"], row["due"], row["overdue_days"]) == ("1m", 28, "2026-02-28", 0)
    assert vault.codes(today="2026-02-28", select=["VK101"]) == []
    assert vault.codes(today="2026-03-01", select=["VK101"]) == [("VK101", "People/Ana.md", 1)]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 5, 15), -5, date(2025, 12, 15)),
    ],
)
def test_calendar_month_arithmetic(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_a_person_without_interactions_is_due_a_cadence_after_met(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nmet: 2026-01-31\ncadence: 1m\n---\n")
    row = person(vault, "Ana", today="2026-03-01")
    assert (row["last_interaction"], row["due"], row["overdue_days"]) == (None, "2026-02-28", 1)


# -- link resolution ---------------------------------------------------------------------------------


def test_a_bare_name_opens_the_note_in_the_same_folder_else_the_shortest_path(vault: VaultBuilder) -> None:
    vault.write("People/Alex Kim.md", "")
    vault.write("Clients/Acme/Alex Kim.md", "")
    vault.write("Clients/Acme/2026-09-01.md", "[[Alex Kim]]\n")
    vault.write("Daily/2026-09-02.md", "[[Alex Kim]]\n")
    vault.write("Daily/2026-09-03.md", "[[People/Alex Kim|Alex]]\n")
    model = vault.open().model
    link = model.notes["Clients/Acme/2026-09-01.md"].links[0]
    resolution = model.resolve(link, "Clients/Acme/2026-09-01.md")
    assert (resolution.path, resolution.candidates) == (
        "Clients/Acme/Alex Kim.md",
        ("Clients/Acme/Alex Kim.md", "People/Alex Kim.md"),
    )
    link = model.notes["Daily/2026-09-02.md"].links[0]
    assert model.resolve(link, "Daily/2026-09-02.md").path == "People/Alex Kim.md"
    assert [(i.date, i.path) for i in model.person_at["People/Alex Kim.md"].interactions] == [
        (date(2026, 9, 2), "Daily/2026-09-02.md"),
        (date(2026, 9, 3), "Daily/2026-09-03.md"),
    ]
    assert [(d.code, d.path, d.line) for d in vault.check(select=["VK403"])] == [
        ("VK403", "Clients/Acme/2026-09-01.md", 1),
        ("VK403", "Daily/2026-09-02.md", 1),
    ]


def test_equal_path_lengths_take_the_first_in_path_order(vault: VaultBuilder) -> None:
    vault.write("Bbb/Kim.md", "")
    vault.write("Aaa/Kim.md", "")
    vault.write("Daily/2026-09-02.md", "[[Kim]]\n")
    model = vault.open().model
    resolution = model.resolve(model.notes["Daily/2026-09-02.md"].links[0], "Daily/2026-09-02.md")
    assert (resolution.path, resolution.candidates) == ("Aaa/Kim.md", ("Aaa/Kim.md", "Bbb/Kim.md"))


@pytest.mark.parametrize(
    ("source", "line", "opens"),
    [
        ("Daily/2026-09-01.md", "[[People/Ana Núñez]]", "People/Ana Núñez.md"),
        ("Daily/2026-09-01.md", "[[people/ana núñez]]", "People/Ana Núñez.md"),
        ("Daily/2026-09-01.md", "[[Ingest v2.md]]", "Projects/Ingest v2.md"),
        ("Daily/2026-09-01.md", "[[Team/Ana Núñez]]", "Work/Team/Ana Núñez.md"),
        ("Daily/2026-09-01.md", "[x](People/Ana%20N%C3%BA%C3%B1ez.md)", "People/Ana Núñez.md"),
        ("Daily/2026-09-01.md", "[x](../People/Ana%20N%C3%BA%C3%B1ez.md)", "People/Ana Núñez.md"),
        ("People/2026-09-01.md", "[x](./Ana%20N%C3%BA%C3%B1ez.md)", "People/Ana Núñez.md"),
        ("People/2026-09-01.md", "[x](<./Ana Núñez.md>)", "People/Ana Núñez.md"),
        ("2026-09-01.md", "[x](./Top.md)", "Top.md"),
        ("Daily/2026-09-01.md", "[x](../../Outside.md)", None),
        ("Daily/2026-09-01.md", "[[People/Nobody]]", None),
        ("Daily/2026-09-01.md", "[[Diagram.png]]", "Assets/Diagram.png"),
    ],
)
def test_links_open_the_note_obsidian_opens(vault: VaultBuilder, source: str, line: str, opens: str | None) -> None:
    vault.write("People/Ana Núñez.md", "")
    vault.write("Work/Team/Ana Núñez.md", "")
    vault.write("Top.md", "")
    vault.write("People/Top.md", "")
    vault.write("Projects/Ingest v2.md", "")
    vault.write("Assets/Diagram.png", raw=b"\x89PNG")
    vault.write(source, line + "\n")
    model = vault.open().model
    resolution = model.resolve(model.notes[source].links[0], source)
    assert resolution.path == opens
    assert resolution.candidates == ()


def test_nfd_file_names_from_macos_match_nfc_links(vault: VaultBuilder) -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Núñez")
    vault.write(f"People/{decomposed}.md", "---\nrole: mentor\n---\n")
    vault.write(f"Daily/{unicodedata.normalize('NFD', '2026-09-01')}.md", "Lunch with [[Zoë Núñez]].\n")
    vault.write("Daily/2026-09-10.md", f"[[{decomposed.upper()}]]\n")
    [row] = vault.run("people", "--format", "json").json()
    assert unicodedata.normalize("NFC", row["name"]) == "Zoë Núñez"
    assert (row["last_interaction"], row["last_source"]["path"]) == ("2026-09-10", "Daily/2026-09-10.md")
    assert vault.codes(select=["VK4"]) == []


def test_nfd_folder_names_match_the_config(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\npeople = ["Collègues"]\n')
    vault.write(f"{unicodedata.normalize('NFD', 'collègues')}/Ana.md", "")
    assert [p.name for p in vault.open().people] == ["Ana"]


def test_exclude_globs_match_nfd_names(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\nexclude = ["Archivé/"]\n')
    vault.write(f"{unicodedata.normalize('NFD', 'Archivé')}/x.md", "---\na: 1\na: 2\n---\n")
    vault.write(f"{unicodedata.normalize('NFD', 'Archivé 2')}/x.md", "---\na: 1\na: 2\n---\n")
    assert [path for _, path, _ in vault.codes(select=["VK003"])] == [unicodedata.normalize("NFD", "Archivé 2/x.md")]


def test_folders_match_the_config_case_insensitively(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\npeople = ["Contacts", "Team/"]\nmeetings = "MEETINGS"\nplans = "plans"\n')
    vault.write("contacts/Ana.md", "")
    vault.write("team/sub/Bo.md", "")
    vault.write("People/Not a person.md", "")
    vault.write("meetings/Sync.md", "---\ndate: 2026-09-01\n---\n[[Ana]] [[Bo]]\n")
    vault.write("Plans/2026-Q3.md", "")
    model = vault.open().model
    assert [p.path for p in model.people] == ["contacts/Ana.md", "team/sub/Bo.md"]
    assert [str(p.last_interaction.date) for p in model.people if p.last_interaction] == ["2026-09-01", "2026-09-01"]
    assert model.plans["2026-Q3"].path == "Plans/2026-Q3.md"


def test_the_default_people_folder_matches_any_case(vault: VaultBuilder) -> None:
    vault.write("people/Ana.md", "")
    vault.write("PEOPLE/Bo.md", "")
    assert [p.path for p in vault.open().people] == ["people/Ana.md", "PEOPLE/Bo.md"]


# -- quarters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start_month", "name"),
    [
        (date(2026, 9, 24), 1, "2026-Q3"),
        (date(2026, 10, 1), 1, "2026-Q4"),
        (date(2026, 4, 1), 4, "2027-Q1"),
        (date(2026, 6, 30), 4, "2027-Q1"),
        (date(2026, 7, 1), 4, "2027-Q2"),
        (date(2026, 12, 31), 4, "2027-Q3"),
        (date(2027, 1, 1), 4, "2027-Q4"),
        (date(2027, 3, 31), 4, "2027-Q4"),
        (date(2026, 3, 31), 4, "2026-Q4"),
        (date(2026, 9, 30), 10, "2026-Q4"),
        (date(2026, 10, 1), 10, "2027-Q1"),
    ],
)
def test_the_owners_quarter_is_named_after_the_year_in_which_their_year_ends(
    day: date, start_month: int, name: str
) -> None:
    quarter = quarter_of(day, start_month)
    assert quarter.name == name
    assert quarter.first_day <= day <= quarter.last_day


def test_fiscal_quarter_bounds() -> None:
    assert (Quarter(2027, 1, 4).first_day, Quarter(2027, 1, 4).last_day) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (Quarter(2027, 4, 4).first_day, Quarter(2027, 4, 4).last_day) == (date(2027, 1, 1), date(2027, 3, 31))
    assert Quarter(2027, 4, 4).shifted(1) == Quarter(2028, 1, 4)


def test_a_vault_with_a_fiscal_year_finds_the_plan_of_its_quarter(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 4\n")
    vault.write("Plans/2027-Q1.md", "## Senior\n## Peer\n## Junior\n## New connection\n")
    opened = vault.open(today="2026-05-20")
    assert opened.model.quarter.name == "2027-Q1"
    assert opened.model.plan_for(opened.model.quarter).path == "Plans/2027-Q1.md"
    assert vault.codes(today="2026-05-20", select=["VK301"]) == []
    assert vault.codes(today="2026-07-20", select=["VK301"]) == [("VK301", "Plans/2027-Q2.md", 1)]


# -- details the first review found ------------------------------------------------------------


def test_a_link_to_a_heading_is_not_a_tag(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: peer\n---\n")
    vault.write("Daily/2026-09-01.md", "Lunch with [[Ana]], see [[#gave]] and [notes](#asked).\n")
    vault.write("Daily/2026-09-02.md", "Call with [[Ana]] #gave\n")
    model = vault.open().model
    tags = {i.date.isoformat(): sorted(i.tags) for i in model.person_at["People/Ana.md"].interactions}
    assert tags == {"2026-09-01": [], "2026-09-02": ["gave"]}


def test_a_name_taken_from_a_decomposed_file_name_is_nfc(vault: VaultBuilder) -> None:
    vault.write(unicodedata.normalize("NFD", "People/Zoë Núñez.md"), "---\nrole: peer\n---\n")
    assert person(vault, "Zoë Núñez")["name"] == unicodedata.normalize("NFC", "Zoë Núñez")


def test_an_alias_link_written_with_md_is_a_mention(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", "---\naliases: [Hana]\nrole: peer\n---\n")
    vault.write("Daily/2026-09-01.md", "Coffee with [[Hana.md]].\n")
    vault.write("Daily/2026-09-03.md", "Lunch with [Hana](Hana.md).\n")
    assert last(vault, "Hana Ito") == ("2026-09-03", 1)


def test_people_overdue_lists_only_whom_to_reach_out_to(vault: VaultBuilder) -> None:
    for name, extra in (
        ("Ana", ""),
        ("Ben", "status: paused\n"),
        ("Cy", "snooze_until: 2026-10-01\n"),
        ("Di", "vaultkit-ignore: [VK101]\n"),  # let drift on purpose, as check and the report know
    ):
        vault.write(f"People/{name}.md", f"---\nrole: mentor\n{extra}---\n## Log\n- 2026-06-01 coffee\n")
    rows = vault.run("people", "--overdue", "--format", "json").json()
    assert [row["name"] for row in rows] == ["Ana"] == [d.path[7:-3] for d in vault.check(select=["VK101"])]
    everyone = vault.run("people", "--format", "json").json()
    assert [row["overdue_days"] for row in everyone] == [73, 73, 73, 73]


# -- the resolver's maps, kept between runs and brought up to date as files come and go ----------

_FILES = [
    "People/Ana.md", "People/ana.md", "Work/Ana.md", "Ana.md", "Ana", "Ana.png", "People/Bo.md", "bo.md",
    "Templates/Ana.md", "A/B/Ana.md", "People/Ana.MD", "Ana.md.png", "People/Ána.md",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FILES), st.booleans()), max_size=12), st.sets(st.sampled_from(_FILES)))
def test_a_resolver_brought_up_to_date_is_one_made_afresh(moves: list[tuple[str, bool]], start: set[str]) -> None:
    """Files come (True) and go (False); some `.md` files are others (templates)."""
    from vaultkit.links import Resolver

    def split(files: set[str]) -> tuple[set[str], set[str]]:
        notes = {f for f in files if f.lower().endswith(".md") and not f.startswith("Templates/")}
        return notes, files - notes

    files = set(start)
    resolver = Resolver(*split(files))
    for path, comes in moves:
        before = set(files)
        files = files | {path} if comes else files - {path}
        notes, _ = split(files)
        resolver.moved(notes, files - before, before - files)
        fresh = Resolver(*split(files))
        assert (resolver.by_name, resolver.by_path) == (fresh.by_name, fresh.by_path)
