"""Conclusions that must be right on an ordinary hand-written vault (issue: roles vs job titles,
friends who share a first name, cancelled meetings): 01-vault.md §3, 02-rules.md VK105 and VK403."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import VaultBuilder


def row(vault: VaultBuilder, name: str, today: str = "2026-09-24") -> dict[str, Any]:
    """`vaultkit people --format json`, the row of one person."""
    result = vault.run("people", "--format", "json", today=today)
    assert result.code == 0, result.err
    return next(r for r in result.json() if r["name"] == name)


def messages(vault: VaultBuilder, code: str, today: str = "2026-09-24") -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in vault.check(today, select=[code])]


# -- role: a relationship or a job title ----------------------------------------------------------


@pytest.mark.parametrize(
    ("frontmatter", "roles", "title"),
    [
        ("role: Principal Engineer\nrelationship: mentor", ["mentor"], "Principal Engineer"),
        ("role: Director, Platform", [], "Director, Platform"),
        ("role: mentor", ["mentor"], None),
        ("role: Mentors", ["mentor"], None),
        ("role: mentor, Staff Engineer", ["mentor"], "Staff Engineer"),
        ("role: [sponsor, VP Engineering]", ["sponsor"], "VP Engineering"),
        ("role: mentr", [], "mentr"),  # a near miss under role is part of a title, never VK004
        ("role: Engineering Manager", [], "Engineering Manager"),
        ("role: Staff Engineer\ntitle: Principal", [], "Principal"),  # title wins for the title
        ("roles: [peer]\nrole: Tech Lead", ["peer"], "Tech Lead"),
        ("tags: [person, mentor]\nrole: CTO", ["mentor"], "CTO"),
        ("tags: [role/manager]", ["manager"], None),
        ("tags: [role/cousin]", [], None),  # not a known role: a tag like any other
        ("tags: '#sponsor'", ["sponsor"], None),
        ("role: Manager\ntitle: manager", [], "manager"),  # the same words as the title: a job
        ("relationship: Mentor/Sponsor", ["mentor", "sponsor"], None),
        ("role: mentor; sponsor", ["mentor", "sponsor"], None),
        ("role: mentor & sponsor, VP Sales", ["mentor", "sponsor"], "VP Sales"),
        ("role: Mentor (informal)", ["mentor"], None),
        ("role: '#mentor'", ["mentor"], None),
        ("role: Research & Development", [], "Research & Development"),
    ],
)
def test_role_is_read_as_a_relationship_or_a_job_title(
    vault: VaultBuilder, frontmatter: str, roles: list[str], title: str | None
) -> None:
    vault.write("People/Priya Shah.md", f"---\n{frontmatter}\n---\n")
    ana = row(vault, "Priya Shah")
    assert (ana["roles"], ana["title"]) == (roles, title)
    assert messages(vault, "VK004") == []


@pytest.mark.parametrize(
    ("setting", "roles", "title"),
    [("relationship", ["principal engineer"], None), ("title", [], "mentor"), ("auto", ["mentor"], None)],
)
def test_the_owner_decides_what_role_holds_for_the_whole_vault(
    vault: VaultBuilder, setting: str, roles: list[str], title: str | None
) -> None:
    vault.write("vaultkit.toml", f'[roles]\nrole-key = "{setting}"\n')
    vault.write("People/Priya Shah.md", "---\nrole: Principal Engineer\n---\n")
    vault.write("People/Dana Ng.md", "---\nrole: mentor\n---\n")
    if setting == "relationship":
        assert row(vault, "Priya Shah")["roles"] == roles
    else:
        assert (row(vault, "Dana Ng")["roles"], row(vault, "Dana Ng")["title"]) == (roles, title)


def test_an_unknown_role_key_setting_is_a_config_error(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[roles]\nrole-key = "job"\n')
    result = vault.run("check")
    assert result.code == 2
    assert "role-key] must be one of auto, relationship, title, not 'job'" in result.err


def test_a_mentor_with_a_job_title_in_role_is_an_active_mentor(vault: VaultBuilder) -> None:
    vault.write("People/Priya Shah.md", "---\nrole: Principal Engineer\nrelationship: mentor\n---\n")
    vault.write("People/Dana Ng.md", "---\ntags: [person, sponsor]\nrole: Director, Platform\n---\n")
    assert messages(vault, "VK201") == []
    assert messages(vault, "VK202") == []
    result = vault.run("people", "--role", "mentor")
    assert "Priya Shah" in result.out and "Dana Ng" not in result.out


def test_dataview_inline_fields_count_when_the_frontmatter_does_not_set_them(vault: VaultBuilder) -> None:
    vault.write(
        "People/Kim Park.md",
        """\
        ---
        company: Northwind
        ---
        # Kim Park
        last_contact:: 2026-09-20
        company:: Acme
        - relationship:: mentor
        Level:: Senior
        `title:: not a field in code`
        > cadence:: 1w
        """,
    )
    kim = row(vault, "Kim Park")
    assert (kim["last_interaction"], kim["last_source"]) == ("2026-09-20", {"path": "People/Kim Park.md", "line": 5})
    assert (kim["company"], kim["roles"], kim["level"], kim["title"]) == ("Northwind", ["mentor"], "senior", None)
    assert kim["cadence"] == "6w"  # from the role: the quoted line is no field


def test_an_inline_relationship_does_not_make_the_frontmatters_role_a_title(vault: VaultBuilder) -> None:
    vault.write("People/Tia Oh.md", "---\nrole: mentor\n---\nrelationship:: friend\n")
    tia = row(vault, "Tia Oh")
    assert (tia["roles"], tia["title"]) == (["friend", "mentor"], None)


def test_an_inline_field_is_checked_like_the_frontmatter_and_fixed_in_place(vault: VaultBuilder) -> None:
    vault.write("People/Kim Park.md", "# Kim\nlast_contact:: 2026-13-45\n")
    assert messages(vault, "VK004") == [
        ("People/Kim Park.md", 2, "last_contact: '2026-13-45' is not a date (YYYY-MM-DD); ignored")
    ]
    vault.write("People/Kim Park.md", "# Kim\nlast_contact:: 2026-08-01\n")
    vault.write("Daily/2026-09-02.md", "Coffee with [[Kim Park]].\n")
    assert vault.run("check", "--fix", "--select", "VK104").code == 0
    assert vault.read("People/Kim Park.md") == "# Kim\nlast_contact:: 2026-09-02\n"


# -- friends who share a first name ----------------------------------------------------------------


def two_alexes(vault: VaultBuilder) -> None:
    vault.write("People/Alex Chen.md", "---\naliases: [Alex]\nroles: [friend]\nlast_contact: 2026-09-01\n---\n")
    vault.write("People/Alex Morgan.md", "---\naliases: [alex]\nroles: [peer]\nlast_contact: 2026-06-01\n---\n")


def test_two_friends_called_alex_are_two_people(vault: VaultBuilder) -> None:
    two_alexes(vault)
    assert messages(vault, "VK105") == []


def test_a_link_to_alex_is_ambiguous_credits_nobody_and_has_no_fix(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write("Daily/2026-09-20.md", "- Lunch with [[Alex]] #gave\n")
    [found] = vault.check(select=["VK4"])
    assert (found.code, found.path, found.line, found.column, found.fix) == (
        "VK403",
        "Daily/2026-09-20.md",
        1,
        14,
        None,
    )
    assert found.message == (
        "[[Alex]] could be [[Alex Chen]] or [[Alex Morgan]]: write whom you mean, e.g. [[Alex Chen|Alex]]; "
        "until then it counts for nobody"
    )
    assert row(vault, "Alex Chen")["last_interaction"] == "2026-09-01"
    assert row(vault, "Alex Morgan")["last_interaction"] == "2026-06-01"
    assert vault.run("check", "--fix").code == 0
    assert vault.read("Daily/2026-09-20.md") == "- Lunch with [[Alex]] #gave\n"


def test_an_ambiguous_link_names_at_most_three_candidates(vault: VaultBuilder) -> None:
    for last in ("Chen", "Morgan", "Okafor", "Reyes", "Stone"):
        vault.write(f"People/Alex {last}.md", "---\naliases: [Alex]\n---\n")
    vault.write("Meetings/Sync.md", "---\ndate: 2026-09-20\n---\n| who |\n| --- |\n| [[Alex]] |\n")
    [(_, _, message)] = messages(vault, "VK403")
    assert message.startswith("[[Alex]] could be [[Alex Chen]], [[Alex Morgan]], [[Alex Okafor]] and 2 more: ")
    assert "e.g. [[Alex Chen\\|Alex]]" in message  # in a table row, the bar is escaped


def test_two_person_notes_of_one_name_are_ambiguous_too(vault: VaultBuilder) -> None:
    vault.write("Work/Alex.md", "---\ntype: person\n---\n")
    vault.write("Friends/Alex.md", "---\ntype: person\nlast_contact: 2026-01-01\n---\n")
    vault.write("Daily/2026-09-20.md", "Drinks with [[Alex]].\n")
    [(_, _, message)] = messages(vault, "VK403")
    assert message.startswith("[[Alex]] could be [[Friends/Alex]] or [[Work/Alex]]")
    people = vault.run("people", "--format", "json").json()
    assert [p["last_interaction"] for p in people] == ["2026-01-01", None]


def test_a_link_by_a_unique_alias_still_counts(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write("People/Hana Ito.md", "---\naliases: [Hana]\n---\n")
    vault.write("Daily/2026-09-20.md", "Lunch with [[Hana]] and [[Alex Chen|Alex]].\n")
    assert row(vault, "Hana Ito")["last_interaction"] == "2026-09-20"
    assert row(vault, "Alex Chen")["last_interaction"] == "2026-09-20"
    assert messages(vault, "VK403") == []


def test_a_misspelt_shared_name_is_not_guessed_either(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write("Plans/2026-Q3.md", "## Peers\n- [ ] lunch with [[Alex]]\n")
    assert messages(vault, "VK303") == []
    assert [code for code, _, _ in vault.codes(select=["VK4"])] == ["VK403"]


@pytest.mark.parametrize(
    ("one", "other", "why"),
    [
        ("name: Sam Lee", "name: sam lee", "both are called Sam Lee"),
        ("name: Samuel Lee\naliases: [Sam Lee]", "name: Sam Lee", "both are called Sam Lee"),
        ("email: sam@example.com", "email: [SAM@example.com]", "both have sam@example.com"),
    ],
)
def test_one_person_in_two_notes_is_vk105(vault: VaultBuilder, one: str, other: str, why: str) -> None:
    vault.write("People/A.md", f"---\n{one}\n---\n")
    vault.write("People/B.md", f"---\n{other}\n---\n")
    found = messages(vault, "VK105")
    assert [path for path, _, _ in found] == ["People/A.md", "People/B.md"]
    assert found[1][2].startswith("same person as People/A.md (")
    assert why.casefold() in found[0][2].casefold() + found[1][2].casefold()
    assert found[0][2].endswith(": merge the two notes")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("name: Alex", "name: alex"),  # one word
        ("aliases: [Alex]", "aliases: [Alex]"),
        ("aliases: [Sam Lee]", "aliases: [Sam Lee]"),  # two aliases alike are no name
        ("name: Sam Lee", "name: Sam Leigh"),
    ],
)
def test_shared_first_names_and_aliases_are_not_duplicates(vault: VaultBuilder, one: str, other: str) -> None:
    vault.write("People/A.md", f"---\n{one}\n---\n")
    vault.write("People/B.md", f"---\n{other}\n---\n")
    assert messages(vault, "VK105") == []


def test_vk105_names_at_most_three_others(vault: VaultBuilder) -> None:
    for n in range(6):
        vault.write(f"People/P{n}.md", "---\nname: Jo Smith\n---\n")
    found = messages(vault, "VK105")
    assert len(found) == 6
    assert found[0][2] == (
        "same person as People/P1.md (both are called Jo Smith), People/P2.md (both are called Jo Smith), "
        "People/P3.md (both are called Jo Smith) and 2 more: merge the notes"
    )


@pytest.mark.parametrize(
    "copy",
    ["Ana Silva (conflicted copy 2026-11-02).md", "Ana Silva (Jo's conflicted copy 2026-11-02).md",
     "Ana Silva 2.md", "Ana Silva.sync-conflict-20261102-101010-ABCDEFG.md", "ana silva (1).md"],
)  # fmt: skip
def test_a_sync_conflict_copy_is_the_same_person_and_both_notes_count(vault: VaultBuilder, copy: str) -> None:
    vault.write("People/Ana Silva.md", "---\nroles: [mentor]\n---\n## Log\n- 2026-05-01 lunch\n")
    vault.write(f"People/{copy}", "---\nroles: [mentor]\n---\n## Log\n- 2026-09-10 coffee\n")
    found = messages(vault, "VK105")
    assert set(found) == {
        (f"People/{copy}", 1, "same person as People/Ana Silva.md (a sync-conflict copy): merge the two notes"),
        ("People/Ana Silva.md", 1, f"same person as People/{copy} (a sync-conflict copy): merge the two notes"),
    }
    assert row(vault, "Ana Silva")["last_interaction"] == "2026-09-10"
    assert messages(vault, "VK101") == []


def test_a_copy_in_another_folder_is_not_a_sync_conflict(vault: VaultBuilder) -> None:
    vault.write("People/Ana Silva.md", "---\nroles: [peer]\n---\n")
    vault.write("People/Old/Ana Silva 2.md", "---\nroles: [peer]\n---\n")
    assert messages(vault, "VK105") == []


# -- struck-out text: it did not happen --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "counts"),
    [
        ("- ~~coffee with [[Ana Silva]]~~", False),
        ("- ~~coffee with [[Ana Silva]]~~ (cancelled)", False),
        ("- [x] ~~called [[Ana Silva]]~~", False),
        ("- coffee with <del>[[Ana Silva]]</del> Jo", False),
        ("- coffee with <s>[[Ana Silva]]</s>", False),
        ("Coffee with ~~[[Ana Silva]]~~ [[Jo]]", False),
        ("- ~~coffee with\n  [[Ana Silva]]~~", False),  # closed on the paragraph's next line
        ("- coffee with [[Ana Silva]] ~~and Jo~~", True),
        ("- ~~coffee~~ lunch with [[Ana Silva]]", True),
        ("- coffee with ~~ [[Ana Silva]] ~~", True),  # `~~ ` opens nothing (GFM)
        ("- ~~coffee with [[Ana Silva]]", True),  # never closed: no strike
        ("- ~~coffee\n\n[[Ana Silva]]~~", True),  # closed in another paragraph: no strike
        ("- ~~a [[Ana Silva]]\n- b [[Jo]]~~", True),  # two list items are two paragraphs
        ("~~coffee with [[Ana Silva]]\n## Notes~~", True),  # a heading ends the paragraph
        ("- ~~~coffee with [[Ana Silva]]~~~", True),  # three tildes strike nothing
        ("- `~~`[[Ana Silva]]`~~`", True),  # tildes in code
        ("| a | b |\n| --- | --- |\n| [[Ana Silva]] ~~x | y~~ |", True),  # a strike stays in its cell
        ("| a |\n| --- |\n| ~~[[Ana Silva]]~~ |", False),
        ("> [!note] Met\n> ~~coffee with [[Ana Silva]]\n>\n> moved~~", True),  # `>` alone ends the paragraph
        ("> [!note] Met\n> ~~coffee with [[Ana Silva]]\n> moved~~", False),
        ("- ~~coffee with [[Ana Silva]]~~ cancelled", False),  # struck, and said not to have happened
    ],
)
def test_struck_out_text_records_no_interaction(vault: VaultBuilder, line: str, counts: bool) -> None:
    vault.write("People/Ana Silva.md", "---\nroles: [mentee]\n---\n")
    vault.write("Daily/2026-09-20.md", f"{line}\n")
    assert (row(vault, "Ana Silva")["last_interaction"] == "2026-09-20") is counts
    assert messages(vault, "VK401") == []  # the link still resolves


@pytest.mark.parametrize(
    ("entry", "counts"),
    [
        ("- ~~2026-09-15 coffee~~", False),
        ("- 2026-09-15 ~~coffee~~ (cancelled)", False),
        ("- 2026-09-15 ~~coffee~~ #asked", False),
        ("- ~~2026-09-15~~ coffee", False),
        ("- **~~2026-09-15~~** coffee", False),
        ("- 2026-09-15 coffee, ~~lunch~~", True),
        ("- 2026-09-15 coffee", True),
        ("- ~~2026-09-15 coffee\n  moved to October~~", False),
        ("- [[Daily/2026-09-15]] coffee", True),  # a daily note linked by its path
        ("- [[Daily/2026-09-15|Tue]] coffee", True),
        ("- [[Coffee chats|2026-09-15]] coffee", True),
        ("- 2026-09-15|coffee", True),
        ("- [[2026-09-15 Planning with Jo]] planning", True),  # a meeting note named by its date
        ("- [[Daily/2026-09-15#Notes|Tue]] coffee", True),
        ("- [[20260915]] coffee", False),
    ],
)
def test_a_struck_out_log_entry_did_not_happen(vault: VaultBuilder, entry: str, counts: bool) -> None:
    vault.write("People/Ana Silva.md", f"---\nroles: [mentee]\n---\n## Log\n{entry}\n- 2026-06-01 lunch\n")
    assert row(vault, "Ana Silva")["last_interaction"] == ("2026-09-15" if counts else "2026-06-01")


def test_a_struck_out_task_is_no_promise(vault: VaultBuilder) -> None:
    vault.write("People/Ana Silva.md", "---\nroles: [mentee]\n---\n- [ ] ~~send the deck 📅 2026-09-01~~\n")
    vault.write(
        "Daily/2026-09-02.md",
        "- [ ] ~~email [[Ana Silva]] 📅 2026-09-10~~\n"
        "- [ ] call [[Ana Silva]] 📅 2026-09-11\n"
        "- [ ] ~~send [[Ana Silva]] the memo~~ 📅 2026-09-12 ⏫\n"  # the dates stay outside the strike
        "- [ ] ask [[Ana Silva]] 📆 2026-09-13\n"  # the Tasks plugin's other due emoji
        "- [ ] thank [[Ana Silva]] 🗓️ 2026-09-14\n",
    )
    assert [(p, line) for p, line, _ in messages(vault, "VK106")] == [
        ("Daily/2026-09-02.md", 2),
        ("Daily/2026-09-02.md", 4),
        ("Daily/2026-09-02.md", 5),
    ]


@pytest.mark.parametrize(("cadence", "fires"), [("", False), ("cadence: never\n", False), ("roles: [peer]\n", True)])
def test_vk102_only_for_people_with_a_cadence(vault: VaultBuilder, cadence: str, fires: bool) -> None:
    vault.write("People/Imported Contact.md", f"---\n{cadence}email: ic@example.com\n---\n")
    assert bool(messages(vault, "VK102")) is fires


def test_the_cancelled_coffee_leaves_the_mentee_overdue(vault: VaultBuilder) -> None:
    vault.write("People/Jordan Lee.md", "---\nrelationship: mentee\nlevel: junior\n---\n## Log\n- 2026-07-01 1:1\n")
    vault.write("Daily/2026-09-18.md", "- ~~coffee with [[Jordan Lee]]~~ cancelled, they were ill\n")
    [(path, _, message)] = messages(vault, "VK101")
    assert path == "People/Jordan Lee.md"
    assert message.startswith("no contact for 85 days (cadence 4w")


# -- dated headings in a log ---------------------------------------------------------------------


def test_a_dated_heading_in_a_log_section_is_an_entry_with_its_texts_tags(vault: VaultBuilder) -> None:
    vault.write(
        "People/Sam Rivera.md",
        """\
        ---
        roles: [peer]
        ---
        ## Log
        ### 2026-09-05 — dinner
        Talked about the reorg. #asked
        ### [[2026-08-01]] call
        ## Notes
        ### 2026-09-20 an idea, not a meeting
        """,
    )
    vault.write("People/Jo.md", "---\nroles: [peer]\n---\n## Log\n### ~~2026-09-05 — dinner~~\n### 2026-07-01\n")
    sam = row(vault, "Sam Rivera")
    assert (sam["last_interaction"], sam["last_source"]["line"]) == ("2026-09-05", 5)
    assert row(vault, "Jo")["last_interaction"] == "2026-07-01"
    [person] = [p for p in vault.open().people if p.name == "Sam Rivera"]
    [interaction] = [i for i in person.interactions if i.date.isoformat() == "2026-09-05"]
    assert interaction.tags == frozenset({"asked"})


def test_a_setext_dated_heading_in_a_setext_log_is_an_entry(vault: VaultBuilder) -> None:
    vault.write("People/Ines.md", "---\nroles: [friend]\n---\nLog\n===\n\n2026-09-16 coffee\n---\nNice.\n")
    assert row(vault, "Ines")["last_interaction"] == "2026-09-16"


def test_a_dated_heading_after_today_is_vk006(vault: VaultBuilder) -> None:
    vault.write("People/Sam Rivera.md", "---\nroles: [peer]\n---\n## Log\n### 2026-10-05 — dinner\n")
    [(path, line, message)] = messages(vault, "VK006")
    assert (path, line) == ("People/Sam Rivera.md", 5)
    assert "2026-10-05" in message


def test_a_sync_conflict_copy_is_one_person_with_its_original_everywhere_but_vk105(vault: VaultBuilder) -> None:
    vault.write("People/Mira Cole.md", "---\nroles: [mentor]\ncompany: Acme\n---\n## Log\n- 2026-05-01 lunch\n")
    copy = "People/Mira Cole.sync-conflict-20261102-101010-ABC1234.md"
    vault.write(copy, "---\nroles: [mentor]\ncompany: Globex\nstatus: left\n---\n## Log\n- 2026-07-01 call\n")
    people = vault.run("people", "--format", "json").json()
    assert [(p["name"], p["path"], p["last_interaction"]) for p in people] == [
        ("Mira Cole", "People/Mira Cole.md", "2026-07-01")
    ]
    codes = vault.codes()
    assert {c for c in codes if c[0] == "VK105"} == {("VK105", copy, 1), ("VK105", "People/Mira Cole.md", 1)}
    assert [c for c in codes if c[0] in ("VK101", "VK104", "VK107")] == [("VK101", "People/Mira Cole.md", 1)]
    [(_, _, message)] = messages(vault, "VK101")
    assert f"last: 2026-07-01 in the log of {copy}, line 7)" in message
    [(_, _, concentration)] = messages(vault, "VK203")
    assert "1 active mentor or sponsor" in concentration or "only" in concentration
    report = vault.run("report", "--format", "json").json()
    assert report["network"]["people_total"] == 1


@pytest.mark.parametrize(
    ("frontmatter", "level"),
    [
        ("relationship: peer", "peer"),
        ("roles: [mentor]", "senior"),
        ("roles: [sponsor]", "senior"),
        ("roles: [manager]", "senior"),
        ("roles: [mentee]", "junior"),
        ("roles: [report]", "junior"),
        ("roles: [friend]", None),
        ("roles: [mentor]\nlevel: peer", "peer"),  # what the owner wrote wins
    ],
)
def test_a_relationship_says_the_level_when_no_level_does(vault: VaultBuilder, frontmatter: str, level: str) -> None:
    vault.write("People/Dev Shah.md", f"---\n{frontmatter}\n---\n## Log\n- 2026-09-20 lunch\n")
    assert row(vault, "Dev Shah")["level"] == level
    quiet = [message for _, _, message in messages(vault, "VK205")]
    assert len(quiet) == (3 if level is None else 2)


# -- an ordinary vault of 18 people, written by hand, end to end ------------------------------------

ORDINARY = {
    "People/Priya Shah.md": "---\nrole: Principal Engineer\nrelationship: mentor\ncompany: Northwind\n---\n"
    "## Log\n- 2026-09-02 monthly 1:1 #asked\n",
    "People/Dana Whitfield.md": "---\ntags: [person, sponsor]\nrole: Director, Platform\ncompany: Helio\n---\n"
    "## Log\n- 2026-08-28 skip-level #asked\n",
    "People/Alex Chen.md": "---\naliases: [Alex]\nrelationship: friend\nlevel: peer\n---\n## Log\n- 2026-07-01 run\n",
    "People/Alex Morgan.md": "---\naliases: [Alex]\nrelationship: peer\n---\n## Log\n- 2026-06-10 lunch\n",
    "People/Jordan Lee.md": "---\nrelationship: mentee\nlevel: junior\n---\n## Log\n- 2026-07-20 1:1\n",
    "People/Sam Rivera.md": "---\nroles: [peer]\n---\n## Log\n### 2026-09-05 — dinner\nTalked about the reorg. #gave\n",
    "People/Kim Park.md": "---\nlevel: junior\n---\n# Kim\nlast_contact:: 2026-09-15\n",
    **{
        f"People/{name}.md": f"---\nrelationship: {rel}\nlevel: {level}\n---\n## Log\n- 2026-09-1{n} coffee\n"
        for n, (name, rel, level) in enumerate(
            [
                ("Ben Ode", "peer", "peer"),
                ("Chloe Park", "mentee", "junior"),
                ("Dev Rao", "peer", "peer"),
                ("Eva Stone", "friend", "peer"),
                ("Finn Hale", "peer", "peer"),
                ("Gia Moss", "peer", "senior"),
                ("Hugo Lenz", "manager", "senior"),
                ("Ida Ek", "friend", "junior"),
                ("Jon Bly", "peer", "peer"),
            ]
        )
    },
    "People/Lea Roy.md": "---\nmet: 2026-09-01\nlevel: peer\n---\n",
    "Daily/2026-09-20.md": "- Lunch with [[Alex]] #gave\n- ~~Coffee with [[Jordan Lee]]~~ (cancelled)\n"
    "- [ ] send [[Alex]] the deck 📅 2026-09-21\n",
    "Daily/2026-09-21.md": "- Met [[Lea Roy]] at the meetup\n",
}


def test_an_ordinary_hand_written_vault_is_read_right_end_to_end(vault: VaultBuilder) -> None:
    for path, text in ORDINARY.items():
        vault.write(path, text)
    today = "2026-09-25"
    codes = vault.codes(today)
    assert not [c for c in codes if c[0] in ("VK201", "VK202", "VK105")]  # the mentor and the sponsor are seen
    vk403 = [d for d in vault.check(today, ["VK403"])]
    assert [(d.path, d.line, d.fix) for d in vk403] == [
        ("Daily/2026-09-20.md", 1, None),
        ("Daily/2026-09-20.md", 3, None),
    ]
    assert all("[[Alex Chen]] or [[Alex Morgan]]" in d.message for d in vk403)
    people = {p["name"]: p for p in vault.run("people", "--format", "json", today=today).json()}
    assert (people["Alex Chen"]["last_interaction"], people["Alex Morgan"]["last_interaction"]) == (
        "2026-07-01", "2026-06-10",
    )  # fmt: skip
    assert people["Jordan Lee"]["last_interaction"] == "2026-07-20"  # the struck-out coffee did not happen
    assert people["Sam Rivera"]["last_interaction"] == "2026-09-05"  # the heading entry
    assert people["Kim Park"]["last_interaction"] == "2026-09-15"  # the Dataview field
    assert ("VK101", "People/Jordan Lee.md", 1) in codes
    report = vault.run("report", "--format", "json", today=today).json()
    assert "Jordan Lee" in [p["name"] for p in report["reach_out"]["people"]]
    [promise] = report["reach_out"]["promises"]
    assert [c["name"] for c in promise["ambiguous"][0]["candidates"]] == ["Alex Chen", "Alex Morgan"]
    assert vault.run("check", "--fix", today=today).code == 0
    assert vault.read("Daily/2026-09-20.md") == ORDINARY["Daily/2026-09-20.md"]  # no guess written into it
    assert vault.run("plan", today=today).code == 0
    plan = vault.read("Plans/2026-Q3.md")
    assert "> Whom could I bring value to?" in plan and "> Who might be a welcome addition to my team?" in plan
    assert "> [!tip] Suggested by vaultkit" in plan and "[[Jordan Lee]]" in plan


def test_a_sync_conflict_copy_shares_its_originals_aliases_without_making_them_ambiguous(
    vault: VaultBuilder,
) -> None:
    note = "---\nrelationship: mentor\naliases: [Ana]\n---\n## Log\n- 2026-05-01 lunch\n"
    vault.write("People/Ana Núñez.md", note)
    vault.write("People/Ana Núñez (conflicted copy 2026-09-02).md", note)
    vault.write("Daily/2026-09-10.md", "- coffee with [[Ana]]\n- [ ] send [[Ana]] the deck 📅 2026-09-12\n")
    vault.write("Plans/2026-Q3.md", "## Senior\n- [[Ana Núñez (conflicted copy 2026-09-02)|Ana]]\n")
    assert messages(vault, "VK403") == []
    assert row(vault, "Ana Núñez")["last_interaction"] == "2026-09-10"
    [(_, _, promise)] = messages(vault, "VK106")
    assert promise.startswith("follow-up with Ana Núñez was due 2026-09-12")
    assert messages(vault, "VK305", today="2026-09-24") == []  # the plan's link to the copy is Ana


def test_the_level_a_relationship_says_gives_its_cadence_too(vault: VaultBuilder) -> None:
    vault.write("People/Rae.md", "---\nrelationship: report\n---\n## Log\n- 2026-03-01 1:1\n")
    rae = row(vault, "Rae")
    assert (rae["level"], rae["cadence"]) == ("junior", "2m")
    assert [path for path, _, _ in messages(vault, "VK101")] == ["People/Rae.md"]


def test_every_tasks_date_stays_out_of_quotes_and_at_the_end_of_a_carried_task(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrelationship: peer\n---\n## Log\n- 2026-03-01 lunch\n")
    vault.write("Daily/2026-09-01.md", "- [ ] send [[Ana]] the deck 📆 2026-09-10\n")
    [promise] = vault.run("report", "--format", "json").json()["reach_out"]["promises"]
    assert "📆" not in " ".join(vault.run("report").out.split()) and promise["text"].startswith("send [[Ana]]")
    vault.write("Plans/2026-Q2.md", "## Peers\n- [ ] ask [[Ana]] about promo 📆 2026-06-30\n")
    assert vault.run("plan", today="2026-07-10").code == 0
    assert "- [ ] ask [[Ana]] about promo (from 2026-Q2) 📆 2026-06-30\n" in vault.read("Plans/2026-Q3.md")
