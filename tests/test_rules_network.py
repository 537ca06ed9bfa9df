"""VK201-VK205 (the network) and VK301-VK305 (quarterly plans), reported where the owner plans."""

from __future__ import annotations

import pytest
from conftest import VaultBuilder

TODAY = "2026-09-24"  # 2026-Q3, seven days before its end

PLAN_Q3 = """
    ---
    type: plan
    quarter: 2026-Q3
    ---
    # Network plan — 2026-Q3

    ## Senior
    - [[Olivia Grant]] — skip-level before the promo committee.
    - [ ] Ask [[Ana Núñez]] about mentoring

    ## Peers
    - [[Marcus Webb]], [[Jon Smtih]]
    - [x] Coffee with [[Hana Ito|Hana]]

    ## Junior
    - [ ] Lunch with [[Lena Fischer]]

    ## New connections
    - [ ] One more meetup in September
    """


def found(vault: VaultBuilder, *select: str, today: str = TODAY) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of every diagnostic of the selected rules."""
    return [(d.code, d.path, d.line, d.column) for d in vault.check(today, list(select) or None)]


def messages(vault: VaultBuilder, code: str, today: str = TODAY) -> list[tuple[str, int, str]]:
    """(path, line, message) of every diagnostic of one rule."""
    return [(d.path, d.line, d.message) for d in vault.check(today, [code])]


def person(vault: VaultBuilder, name: str, front: str, log: str = "") -> None:
    vault.write(f"People/{name}.md", f"---\n{front}\n---\n# {name}\n" + (f"## Log\n{log}\n" if log else ""))


# -- VK201 no-active-mentor / VK202 no-active-sponsor -------------------------------------------------


@pytest.mark.parametrize(("code", "role"), [("VK201", "mentor"), ("VK202", "sponsor")])
@pytest.mark.parametrize(
    ("extra", "fires"),
    [
        ("status: active", False),
        ("snooze_until: 2026-12-01", False),  # a snoozed mentor still counts
        ("status: paused", True),
        ("status: left", True),
        ("status: archived", True),
    ],
)
def test_vk201_vk202_an_active_mentor_and_sponsor(
    vault: VaultBuilder, code: str, role: str, extra: str, fires: bool
) -> None:
    person(vault, "Ruth", f"roles: [{role}]\n{extra}")
    assert found(vault, code) == ([(code, "Plans/2026-Q3.md", 1, 1)] if fires else [])


def test_vk201_vk202_messages_on_the_current_plan(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", PLAN_Q3)
    person(vault, "Ruth Abernathy", "role: mentor\nstatus: left")
    person(vault, "Farah Siddiqui", "relationship: mentr")  # a typo is no role (VK004)
    assert messages(vault, "VK201") + messages(vault, "VK202") == [
        ("Plans/2026-Q3.md", 1, "no active mentor: who could guide you next? Add them to this plan's Senior section"),
        ("Plans/2026-Q3.md", 1, "no active sponsor: who would speak for your work when you are not in the room?"),
    ]


def test_vk201_goes_where_the_plan_should_be_when_there_is_none(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\nplans = "Networking/"\n[headings]\nsenior = ["Mentors", "Senior"]\n')
    assert messages(vault, "VK201", today="2026-11-02") == [
        ("Networking/2026-Q4.md", 1, "no active mentor: who could guide you next? "
         "Add them to the Mentors section of your 2026-Q4 plan (vaultkit plan writes it)"),
    ]  # fmt: skip


def test_vk201_goes_to_a_plan_found_by_its_frontmatter(vault: VaultBuilder) -> None:
    vault.write("Notes/Q3 networking.md", "---\ntype: plan\nquarter: 2026-Q3\n---\n")
    assert found(vault, "VK201") == [("VK201", "Notes/Q3 networking.md", 1, 1)]


@pytest.mark.parametrize("path", ["Templates/Ruth.md", ".trash/Ruth.md"])
def test_vk201_a_mentor_in_a_template_or_the_trash_does_not_count(vault: VaultBuilder, path: str) -> None:
    vault.write(path, "---\ntype: person\nrole: mentor\n---\n")
    assert found(vault, "VK201") == [("VK201", "Plans/2026-Q3.md", 1, 1)]


# -- VK203 sponsor-concentration ----------------------------------------------------------------------


def test_vk203_nobody_at_all(vault: VaultBuilder) -> None:
    person(vault, "Greg", "role: sponsor\nstatus: paused\ncompany: Northwind")
    assert messages(vault, "VK203") == [
        (
            "Plans/2026-Q3.md",
            1,
            "no active mentors or sponsors at all: who could guide you, and who would speak for you?",
        )
    ]


def test_vk203_too_few(vault: VaultBuilder) -> None:
    person(vault, "Ana", "roles: [mentor, sponsor]\ncompany: Contoso")  # one person, however many roles
    assert messages(vault, "VK203") == [
        (
            "Plans/2026-Q3.md",
            1,
            "only 1 active mentor or sponsor (fewer than 2): one departure would leave you without backing",
        )
    ]


def test_vk203_min_count_option(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK203]\nmin-count = 3\n")
    person(vault, "Ana", "role: mentor\ncompany: Contoso")
    person(vault, "Greg", "role: sponsor\ncompany: Fabrikam")
    assert messages(vault, "VK203") == [
        (
            "Plans/2026-Q3.md",
            1,
            "only 2 active mentors and sponsors (fewer than 3): one departure would leave you without backing",
        )
    ]


def test_vk203_all_at_one_company(vault: VaultBuilder) -> None:
    person(vault, "Ana", "role: mentor\ncompany: Contoso")
    person(vault, "Greg", "role: sponsor\norganization: '[[contoso]]'")
    assert messages(vault, "VK203") == [
        (
            "Plans/2026-Q3.md",
            1,
            "both of your mentors and sponsors are at Contoso: one reorganisation would take them all",
        )
    ]


@pytest.mark.parametrize(
    "greg", ["company: '[[Acme Inc]]'", "company: '[[Orgs/Acme Inc.md|ACME]]'", "company: ['[[Acme Inc#Team]]']"]
)
def test_vk203_one_company_however_its_link_is_written(vault: VaultBuilder, greg: str) -> None:
    person(vault, "Ana", "role: mentor\ncompany: '[[Acme Inc|Acme]]'")
    person(vault, "Greg", f"role: sponsor\n{greg}")
    assert [message for _, _, message in messages(vault, "VK203")] == [
        "both of your mentors and sponsors are at Acme: one reorganisation would take them all"
    ]


def test_vk203_a_company_goes_by_what_its_link_shows_too(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[me]\ncompany = "Northwind"\n')
    person(vault, "Ana", "role: mentor\ncompany: '[[Companies/Northwind Traders|Northwind]]'")
    person(vault, "Bo", "role: sponsor\ncompany: Northwind")
    assert [message for _, _, message in messages(vault, "VK203")] == [
        "both of your mentors and sponsors are at your own company, Northwind: one reorganisation would take them all"
    ]
    assert [p.fields.company for p in vault.open().people] == ["Northwind", "Northwind"]  # as shown


def test_vk203_all_at_my_own_company(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[me]\ncompany = "Northwind"\n')
    person(vault, "Ana", "role: mentor\ncompany: Northwind")
    person(vault, "Greg", "role: sponsor\ncompany: '[[Northwind]]'")
    assert messages(vault, "VK203") == [
        ("Plans/2026-Q3.md", 1,
         "both of your mentors and sponsors are at your own company, Northwind: "
         "one reorganisation would take them all")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("ana", "greg"),
    [
        ("company: Northwind", "company: Contoso"),
        ("company: Northwind", ""),  # one of them at no known company
        ("company: Contoso\nstatus: active", "company: Fabrikam"),
    ],
)
def test_vk203_spread_out_passes(vault: VaultBuilder, ana: str, greg: str) -> None:
    vault.write("vaultkit.toml", '[me]\ncompany = "Northwind"\n')
    person(vault, "Ana", f"role: mentor\n{ana}")
    person(vault, "Greg", f"role: sponsor\n{greg}")
    person(vault, "Paul", "role: sponsor\ncompany: Northwind\nstatus: left")
    assert found(vault, "VK203") == []


# -- VK204 stagnant-network ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "fires"),
    [
        ("2026-06-25", True),  # 91 days ago
        ("2026-06-26", False),  # 90 days ago: still within the last 90 days
        ("2026-09-24", False),
        ("2026-09-25", True),  # tomorrow is no meeting yet (VK006)
    ],
)
def test_vk204_the_edges_of_the_window(vault: VaultBuilder, met: str, fires: bool) -> None:
    person(vault, "Tobi", "met: 2026-08-19")
    person(vault, "Yusuf", f"met: {met}")
    assert found(vault, "VK204") == ([("VK204", "Plans/2026-Q3.md", 1, 1)] if fires else [])


def test_vk204_messages(vault: VaultBuilder) -> None:
    assert messages(vault, "VK204") == [
        (
            "Plans/2026-Q3.md",
            1,
            "nobody new met in the last 90 days (fewer than 2): plan some new connections this quarter",
        )
    ]
    person(vault, "Tobi Adeyemi", "met: 2026-08-19")
    assert messages(vault, "VK204") == [
        (
            "Plans/2026-Q3.md",
            1,
            "only 1 new person met in the last 90 days (fewer than 2): plan some new connections this quarter",
        )
    ]


def test_vk204_options(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK204]\nmin-new = 1\ndays = 30\n")
    person(vault, "Tobi", "first met: 2026-08-19")
    assert messages(vault, "VK204") == [
        (
            "Plans/2026-Q3.md",
            1,
            "nobody new met in the last 30 days (fewer than 1): plan some new connections this quarter",
        )
    ]
    person(vault, "Yusuf", "since: 2026-09-01")
    assert found(vault, "VK204") == []


# -- VK205 level-gap ----------------------------------------------------------------------------------


def test_vk205_one_diagnostic_per_quiet_level_including_an_empty_one(vault: VaultBuilder) -> None:
    person(vault, "Olivia", "level: senior", "- 2026-09-01 skip-level")
    person(vault, "Lena", "level: junior", "- 2026-06-11 1:1")
    person(vault, "Ravi", "level: junior", "- 2026-04-09 lunch")
    assert messages(vault, "VK205") == [
        ("Plans/2026-Q3.md", 1, "no peers in your network: who could you get to know?"),
        ("Plans/2026-Q3.md", 1, "no interaction with juniors in the last 90 days (latest 2026-06-11)"),
    ]


def test_vk205_a_level_whose_people_were_never_contacted(vault: VaultBuilder) -> None:
    person(vault, "Olivia", "level: senior", "- 2026-09-01 skip-level")
    person(vault, "Marcus", "level: peer", "- 2026-09-01 coffee")
    person(vault, "Lena", "level: junior")
    person(vault, "Ravi", "seniority: Junior")
    assert messages(vault, "VK205") == [
        ("Plans/2026-Q3.md", 1, "no interaction with any of your 2 juniors recorded"),
    ]


@pytest.mark.parametrize(("last", "fires"), [("2026-06-25", True), ("2026-06-26", False), ("2026-09-24", False)])
def test_vk205_the_edges_of_the_window(vault: VaultBuilder, last: str, fires: bool) -> None:
    person(vault, "Olivia", "level: senior", "- 2026-09-01 skip-level")
    person(vault, "Marcus", "level: peer", "- 2026-09-01 coffee")
    person(vault, "Lena", "level: junior")
    vault.write(f"Daily/{last}.md", "- [x] lunch with [[Lena]]\n")
    assert found(vault, "VK205") == ([("VK205", "Plans/2026-Q3.md", 1, 1)] if fires else [])


@pytest.mark.parametrize(
    ("line", "quiet"),
    [
        ("- lunch with [[Lena]]", False),
        ("> [!note] 1:1\n> with [[Lena]]", False),
        ("- [ ] lunch with [[Lena]]", True),
        ("- [-] lunch with [[Lena]]", True),
        ("> lunch with [[Lena]]", True),
        ("```text\n[[Lena]]\n```", True),
        ("`LIST FROM [[Lena]]`", True),
        ("%% ask [[Lena]] %%", True),
    ],
)
def test_vk205_only_real_contact_counts(vault: VaultBuilder, line: str, quiet: bool) -> None:
    person(vault, "Olivia", "level: senior", "- 2026-09-01 skip-level")
    person(vault, "Marcus", "level: peer", "- 2026-09-01 coffee")
    person(vault, "Lena", "level: junior", "- 2026-06-11 1:1")
    vault.write("Daily/2026-09-10.md", line + "\n")
    assert bool(found(vault, "VK205")) is quiet


def test_vk205_days_option(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK205]\ndays = 200\n")
    person(vault, "Olivia", "level: senior", "- 2026-09-01 skip-level")
    person(vault, "Marcus", "level: peer", "- 2026-09-01 coffee")
    person(vault, "Lena", "level: junior", "- 2026-04-09 lunch")
    assert found(vault, "VK205") == []


# -- VK301 missing-quarterly-plan -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-10-01", []),  # the quarter's first day
        ("2026-10-14", []),  # 13 days in: still within the grace days
        ("2026-10-15", [("Plans/2026-Q4.md", "warning", "no plan for 2026-Q4 yet: run vaultkit plan")]),
        ("2026-12-16", [("Plans/2026-Q4.md", "warning", "no plan for 2026-Q4 yet: run vaultkit plan")]),
    ],
)
def test_vk301_grace_days(vault: VaultBuilder, today: str, expected: list[tuple[str, str, str]]) -> None:
    vault.write("Plans/2027-Q1.md", "")  # next quarter's plan exists: no reminder for it
    assert [(d.path, d.severity, d.message) for d in vault.check(today, ["VK301"])] == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-09-16", []),
        ("2026-09-17", [("Plans/2026-Q4.md", "info", "no plan for 2026-Q4 yet and 2026-Q3 has 14 days left: "
                                                     "run vaultkit plan --quarter 2026-Q4")]),
        ("2026-09-30", [("Plans/2026-Q4.md", "info", "no plan for 2026-Q4 yet and 2026-Q3 ends today: "
                                                     "run vaultkit plan --quarter 2026-Q4")]),
    ],
)  # fmt: skip
def test_vk301_info_for_next_quarter_in_the_last_days(
    vault: VaultBuilder, today: str, expected: list[tuple[str, str, str]]
) -> None:
    vault.write("Plans/2026-Q3.md", PLAN_Q3)
    assert [(d.path, d.severity, d.message) for d in vault.check(today, ["VK301"])] == expected


def test_vk301_grace_and_ahead_days_options(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK301]\ngrace-days = 0\nahead-days = 0\n")
    assert found(vault, "VK301", today="2026-10-01") == [("VK301", "Plans/2026-Q4.md", 1, 1)]
    assert found(vault, "VK301", today="2026-12-31") == [("VK301", "Plans/2026-Q4.md", 1, 1)]


def test_vk301_a_plan_named_in_its_frontmatter_counts(vault: VaultBuilder) -> None:
    vault.write("Notes/Q4.md", "---\ntype: plan\nquarter: 2026-Q4\n---\n")
    vault.write("Plans/2027-Q1.md", "")
    assert found(vault, "VK301", today="2026-11-01") == []


def test_vk301_a_plan_in_a_template_folder_does_not_count(vault: VaultBuilder) -> None:
    vault.write("Templates/2026-Q4.md", "---\ntype: plan\nquarter: 2026-Q4\n---\n")
    vault.write("Plans/2027-Q1.md", "")
    assert found(vault, "VK301", today="2026-11-01") == [("VK301", "Plans/2026-Q4.md", 1, 1)]


def test_vk301_with_a_fiscal_year_from_april(vault: VaultBuilder) -> None:
    # April-June 2026 is 2027-Q1; October-December 2026 is 2027-Q3.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 4\n")
    vault.write("Plans/2026-Q4.md", "")  # a calendar name: not this quarter's plan
    assert [(d.path, d.message) for d in vault.check("2026-10-20", ["VK301"])] == [
        ("Plans/2027-Q3.md", "no plan for 2027-Q3 yet: run vaultkit plan")
    ]
    assert [(d.path, d.message) for d in vault.check("2026-06-20", ["VK301"])] == [
        ("Plans/2027-Q1.md", "no plan for 2027-Q1 yet: run vaultkit plan"),
        (
            "Plans/2027-Q2.md",
            "no plan for 2027-Q2 yet and 2027-Q1 has 11 days left: run vaultkit plan --quarter 2027-Q2",
        ),
    ]


# -- VK302 incomplete-plan ------------------------------------------------------------------------------


def test_vk302_one_diagnostic_per_missing_or_empty_section(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md",
        """
        # Plan

        ## 📅 Senior (VP+)
        - [[Olivia Grant]]

        ## Peers — Q4

        ## Mentoring
        - [[Olivia Grant]]
        """,
    )
    person(vault, "Olivia Grant", "level: senior")
    assert messages(vault, "VK302") == [
        ("Plans/2026-Q3.md", 1, "the plan has no '## Junior' section: whom will you see among your juniors?"),
        (
            "Plans/2026-Q3.md",
            1,
            "the plan has no '## New connection' section: whom will you see among your new connections?",
        ),
        ("Plans/2026-Q3.md", 6, "'Peers — Q4' names nobody and has no task: add a [[person]] or a - [ ] task"),
    ]


def test_vk302_a_complete_plan_passes(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md",
        """
        ## 📅 Senior (VP+)
        - [[Olivia Grant]]
        ## Peers — Q4
        ### Ideas
        - [[Marcus]]
        # Juniors
        - [ ] find a junior to mentor
        ## New connections
        - [x] Rust Berlin meetup
        """,
    )
    person(vault, "Olivia Grant", "level: senior")
    person(vault, "Marcus", "level: peer")
    assert found(vault, "VK302") == []


@pytest.mark.parametrize(
    "body",
    [
        "- [[Ingest v2]] launch",  # a link, but not to a person
        "- Olivia Grant",  # a name, not a link
        "- `[[Olivia Grant]]`",
        "- ![[Olivia Grant]]",  # an embed mentions nobody
        "```\n- [ ] call [[Olivia Grant]]\n```",
        "%% - [ ] call [[Olivia Grant]] %%",
    ],
)
def test_vk302_a_section_with_no_person_and_no_task(vault: VaultBuilder, body: str) -> None:
    vault.write(
        "Plans/2026-Q3.md", f"## Senior\n{body}\n## Peer\n- [ ] x\n## Junior\n- [ ] x\n## New connection\n- [ ] x\n"
    )
    vault.write("Projects/Ingest v2.md", "")
    person(vault, "Olivia Grant", "level: senior")
    assert found(vault, "VK302") == [("VK302", "Plans/2026-Q3.md", 1, 1)]
    assert [d.message for d in vault.check(TODAY, ["VK302"])] == [
        "'Senior' names nobody and has no task: add a [[person]] or a - [ ] task"
    ]


@pytest.mark.parametrize("heading", ["## Seniority", "## Peer", "Senior"])
def test_vk302_a_heading_that_only_looks_like_a_section(vault: VaultBuilder, heading: str) -> None:
    vault.write(
        "Plans/2026-Q3.md", f"{heading}\n- [ ] x\n## Peers\n- [ ] x\n## Junior\n- [ ] x\n## New connection\n- [ ] x\n"
    )
    assert [d.message for d in vault.check(TODAY, ["VK302"])] == [
        "the plan has no '## Senior' section: whom will you see among your senior people?"
    ]


def test_vk302_renamed_sections(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[headings]\nsenior = ["Leaders", "Senior"]\nnew = ["Fresh faces"]\n')
    vault.write(
        "Plans/2026-Q3.md", "## Leaders\n- [ ] x\n## Peer\n- [ ] x\n## Junior\n- [ ] x\n## New connection\n- [ ] x\n"
    )
    assert [d.message for d in vault.check(TODAY, ["VK302"])] == [
        "the plan has no '## Fresh faces' section: whom will you see among your new connections?"
    ]


def test_vk302_only_the_current_plan(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q2.md", "# an old, empty plan\n")
    vault.write("Plans/2026-Q4.md", "# next quarter's, not yet written\n")
    assert found(vault, "VK302") == []


def test_vk302_what_vaultkit_suggests_counts_once_moved_out_of_its_callout(vault: VaultBuilder) -> None:
    callout = "> [!tip] Suggested by vaultkit\n> - [ ] reach out to [[Olivia Grant]]\n> - [ ] find a mentor\n"
    rest = "## Peer\n- [ ] x\n## Junior\n- [ ] x\n## New connection\n- [ ] x\n"
    person(vault, "Olivia Grant", "level: senior")
    vault.write("Plans/2026-Q3.md", f"## Senior\n> Whom could I bring value to?\n\n{callout}{rest}")
    assert found(vault, "VK302") == [("VK302", "Plans/2026-Q3.md", 1, 1)]
    vault.write("Plans/2026-Q3.md", f"## Senior\n{callout}\n- [[Olivia Grant]]\n{rest}")
    assert found(vault, "VK302") == []
    vault.write("Plans/2026-Q3.md", f"## Senior\n> [!tip] my own callout\n> - [ ] find a mentor\n{rest}")
    assert found(vault, "VK302") == []  # the owner's callouts are the owner's


# -- VK303 plan-unknown-person ----------------------------------------------------------------------------


def test_vk303_a_misspelt_person_in_a_plan(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", PLAN_Q3)
    for name in ("Olivia Grant", "Ana Núñez", "Marcus Webb", "Hana Ito", "Lena Fischer", "Jon Smith"):
        person(vault, name, "level: peer")
    (d,) = vault.check(TODAY, ["VK303"])
    assert (d.path, d.severity, d.line, d.column, d.end_column) == ("Plans/2026-Q3.md", "warning", 12, 20, 33)
    assert d.message == "[[Jon Smtih]] is not a person or a note: did you mean [[Jon Smith]]?"


def test_vk303_a_misspelt_person_written_with_md_or_as_a_markdown_link(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Peers\n- [[Jon Smtih.md]]\n- [Jon](Jon%20Smtih.md)\n")
    person(vault, "Jon Smith", "level: peer")
    assert [d.message for d in vault.check(TODAY, ["VK303"])] == [
        "[[Jon Smtih.md]] is not a person or a note: did you mean [[Jon Smith]]?",
        "[Jon](Jon%20Smtih.md) is not a person or a note: did you mean [[Jon Smith]]?",
    ]


def test_vk303_no_close_person(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Peers\n- coffee with [[Zed]]\n")
    person(vault, "Jon Smith", "level: peer")
    assert messages(vault, "VK303") == [
        ("Plans/2026-Q3.md", 2, "[[Zed]] is not a person or a note: create their note, or fix the name")
    ]


@pytest.mark.parametrize(
    "link", ["[[Jon Smith]]", "[[jon smith]]", "[[Jonny]]", "[[Ingest v2]]", "[[Ingest v2#Launch]]", "`[[Jon Smtih]]`",
             "[Jon](../People/Jon%20Smith.md)"]
)  # fmt: skip
def test_vk303_silent_for_people_notes_and_code(vault: VaultBuilder, link: str) -> None:
    vault.write("Plans/2026-Q3.md", f"## Peers\n- coffee with {link}\n")
    vault.write("Projects/Ingest v2.md", "")
    person(vault, "Jon Smith", "level: peer\naliases: [Jonny]")
    assert found(vault, "VK303") == []


def test_vk303_in_any_plan_but_not_in_templates(vault: VaultBuilder) -> None:
    vault.write("Plans/2025-Q4.md", "- [[Jon Smtih]]\n")
    vault.write("Templates/Quarterly plan.md", "---\ntype: plan\n---\n- [[Jon Smtih]]\n")
    person(vault, "Jon Smith", "level: peer")
    assert found(vault, "VK303") == [("VK303", "Plans/2025-Q4.md", 1, 3)]


# -- VK304 unfinished-plan-items --------------------------------------------------------------------------

PLAN_WITH_TASKS = """
    ## Senior
    - [x] skip-level with [[Olivia]]
    - [-] conference talk (cancelled)
    - [ ] ask [[Ana]] for feedback
    ```
    - [ ] not a task: in code
    ```
    ## Peers
    - [ ] review Marcus's RFC
    """


def tasks_of(quarter: str) -> str:
    """PLAN_WITH_TASKS with tasks of that quarter's own: none carried from the quarter before."""
    return PLAN_WITH_TASKS.replace("feedback", f"feedback in {quarter}").replace("RFC", f"RFC in {quarter}")


@pytest.mark.parametrize(
    ("today", "path", "message"),
    [
        (
            "2026-10-01",
            "Plans/2026-Q3.md",
            "2 unfinished tasks in the 2026-Q3 plan: carry them over to 2026-Q4 or cancel with - [-]",
        ),
        (
            "2026-12-31",
            "Plans/2026-Q3.md",
            "2 unfinished tasks in the 2026-Q3 plan: carry them over to 2026-Q4 or cancel with - [-]",
        ),
        (
            "2026-09-30",
            "Plans/2026-Q2.md",
            "2 unfinished tasks in the 2026-Q2 plan: carry them over to 2026-Q3 or cancel with - [-]",
        ),
        (
            "2027-01-01",
            "Plans/2026-Q4.md",
            "2 unfinished tasks in the 2026-Q4 plan: carry them over to 2027-Q1 or cancel with - [-]",
        ),
    ],
)
def test_vk304_at_the_quarter_edges(vault: VaultBuilder, today: str, path: str, message: str) -> None:
    for quarter in ("2026-Q2", "2026-Q3", "2026-Q4"):
        vault.write(f"Plans/{quarter}.md", tasks_of(quarter))
    assert [(d.path, d.severity, d.line, d.column, d.message) for d in vault.check(today, ["VK304"])] == [
        (path, "info", 4, 1, message)
    ]


def test_vk304_one_task_left(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Senior\n- [x] done\n  - [ ] a nested one\n")
    assert [(d.line, d.column, d.message) for d in vault.check("2026-10-02", ["VK304"])] == [
        (3, 3, "1 unfinished task in the 2026-Q3 plan: carry it over to 2026-Q4 or cancel with - [-]")
    ]


def test_vk304_a_task_with_a_custom_status_is_unfinished(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Senior\n- [x] done\n- [<] lunch with [[Ana]]\n- [i] an idea\n")
    assert [(d.line, d.message) for d in vault.check("2026-10-02", ["VK304"])] == [
        (3, "2 unfinished tasks in the 2026-Q3 plan: carry them over to 2026-Q4 or cancel with - [-]")
    ]


def test_vk304_all_done_or_cancelled(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q2.md", "## Senior\n- [x] done\n- [X] done too\n- [-] cancelled\n")
    vault.write("Plans/2026-Q1.md", "- [ ] older quarters are not nagged about\n")
    assert found(vault, "VK304") == []


def test_vk304_with_a_fiscal_year_from_april(vault: VaultBuilder) -> None:
    # With start-month = 4, January-March 2026 is 2026-Q4 and April-June 2026 is 2027-Q1.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 4\n")
    vault.write("Plans/2026-Q4.md", tasks_of("2026-Q4"))
    vault.write("Plans/2026-Q3.md", tasks_of("2026-Q3"))
    assert messages(vault, "VK304", today="2026-04-01") == [
        (
            "Plans/2026-Q4.md",
            4,
            "2 unfinished tasks in the 2026-Q4 plan: carry them over to 2027-Q1 or cancel with - [-]",
        )
    ]
    assert messages(vault, "VK304", today="2026-03-31") == [
        (
            "Plans/2026-Q3.md",
            4,
            "2 unfinished tasks in the 2026-Q3 plan: carry them over to 2026-Q4 or cancel with - [-]",
        )
    ]


def test_vk304_with_a_fiscal_year_from_february(vault: VaultBuilder) -> None:
    # With start-month = 2, November 2026-January 2027 is 2027-Q4; August-October 2026 is 2027-Q3.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 2\n")
    vault.write("Plans/2027-Q3.md", PLAN_WITH_TASKS)
    assert found(vault, "VK304", today="2026-10-31") == []
    assert found(vault, "VK304", today="2026-11-01") == [("VK304", "Plans/2027-Q3.md", 4, 1)]
    assert found(vault, "VK304", today="2027-01-31") == [("VK304", "Plans/2027-Q3.md", 4, 1)]
    assert found(vault, "VK304", today="2027-02-01") == []


def test_vk304_a_task_carried_over_is_not_unfinished(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md",
        "## Senior\n- [ ] ask [[Ana]] for feedback\n- [ ] find a sponsor (from 2026-Q2)\n- [ ] review the RFC\n"
        "- [ ] lunch with Bo\n",
    )
    vault.write(
        "Plans/2026-Q4.md",
        "## Senior\n- [x] ask [[Ana]]  for feedback (from 2026-Q3)\n- [ ] find a sponsor (from 2026-Q2)\n"
        "- [ ] review the RFC soon\n> [!tip] Suggested by vaultkit\n> - [ ] lunch with Bo\n",
    )
    assert [(d.line, d.message) for d in vault.check("2026-10-05", ["VK304"])] == [
        (4, "2 unfinished tasks in the 2026-Q3 plan: carry them over to 2026-Q4 or cancel with - [-]")
    ]  # other words are another task; a suggestion is not carried until the owner moves it out
    vault.write("Plans/2026-Q4.md", "- [ ] review the RFC\n- [ ] lunch with Bo\n- [-] ask [[Ana]] for feedback\n"
                                    "- [ ] find a sponsor\n")  # fmt: skip
    assert found(vault, "VK304", today="2026-10-05") == []


def test_vk304_what_is_not_an_unfinished_task(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md",
        "## Senior\n- [ ] ~~go to the offsite~~\n- [ ] <del>the offsite</del>\n- [ ]\n"
        "> [!tip] Suggested by vaultkit\n> - [ ] reach out to [[Ana]]\n\n- [ ] ~~go~~ to the offsite\n",
    )
    assert [(d.line, d.message) for d in vault.check("2026-10-05", ["VK304"])] == [
        (8, "1 unfinished task in the 2026-Q3 plan: carry it over to 2026-Q4 or cancel with - [-]")
    ]  # struck out whole, empty, or only suggested: nothing left to do; struck in part: still to do


# -- VK305 planned-contact-missed -------------------------------------------------------------------------


def planned(vault: VaultBuilder, plan_path: str = "Plans/2026-Q3.md") -> None:
    vault.write(plan_path, "## Senior\n- [[Olivia Grant]] skip-level\n- [ ] ask [[Ana Núñez]], then [[Olivia Grant]]\n")
    person(vault, "Olivia Grant", "level: senior", "- 2026-05-13 skip-level")
    person(vault, "Ana Núñez", "level: senior")


def test_vk305_planned_people_not_contacted_this_quarter(vault: VaultBuilder) -> None:
    planned(vault)
    assert [(d.path, d.severity, d.line, d.column, d.message) for d in vault.check(TODAY, ["VK305"])] == [
        ("Plans/2026-Q3.md", "warning", 2, 3,
         "Olivia Grant is in the 2026-Q3 plan but not contacted this quarter (last contact 2026-05-13); 7 days left"),
        ("Plans/2026-Q3.md", "warning", 3, 11,
         "Ana Núñez is in the 2026-Q3 plan but not contacted this quarter (no contact recorded); 7 days left"),
    ]  # fmt: skip


def test_vk305_an_embedded_person_is_not_planned(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Senior\n![[Ana Núñez]]\n")
    person(vault, "Ana Núñez", "level: senior")
    assert found(vault, "VK305") == []


def test_vk305_a_person_in_a_cancelled_task_is_no_longer_planned(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Senior\n- [-] lunch with [[Ana Núñez]]\n- [ ] call [[Bo]]\n")
    person(vault, "Ana Núñez", "level: senior")
    person(vault, "Bo", "level: senior")
    assert [(code, line) for code, _, line, _ in found(vault, "VK305")] == [("VK305", 3)]


@pytest.mark.parametrize(
    ("today", "count"), [("2026-09-16", 0), ("2026-09-17", 2), ("2026-09-30", 2), ("2026-10-01", 0)]
)
def test_vk305_only_in_the_last_days_of_the_quarter(vault: VaultBuilder, today: str, count: int) -> None:
    planned(vault)
    assert len(found(vault, "VK305", today=today)) == count


def test_vk305_on_the_last_day(vault: VaultBuilder) -> None:
    planned(vault)
    assert next(d.message for d in vault.check("2026-09-30", ["VK305"])) == (
        "Olivia Grant is in the 2026-Q3 plan but not contacted this quarter (last contact 2026-05-13); 1 day left"
    )


@pytest.mark.parametrize(("day", "contacted"), [("2026-06-30", False), ("2026-07-01", True), ("2026-09-24", True)])
def test_vk305_contact_since_the_quarter_began(vault: VaultBuilder, day: str, contacted: bool) -> None:
    planned(vault)
    vault.write(f"Daily/{day}.md", "- [x] coffee with [[Olivia Grant]] and [[Ana Núñez]]\n")
    assert found(vault, "VK305") == (
        [] if contacted else [("VK305", "Plans/2026-Q3.md", 2, 3), ("VK305", "Plans/2026-Q3.md", 3, 11)]
    )


def test_vk305_a_snoozed_person_is_still_planned(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Junior\n- [[Sofia]]\n")
    person(vault, "Sofia", "level: junior\nsnooze_until: 2026-10-15", "- **2026-06-02** 1:1")
    assert found(vault, "VK305") == [("VK305", "Plans/2026-Q3.md", 2, 3)]


def test_vk305_days_option(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK305]\ndays = 30\n")
    planned(vault)
    assert len(found(vault, "VK305", today="2026-09-01")) == 2
    assert found(vault, "VK305", today="2026-08-31") == []


def test_vk305_with_a_fiscal_year_from_april(vault: VaultBuilder) -> None:
    # July-September 2026 is 2027-Q2 when the year starts in April.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 4\n")
    planned(vault, "Plans/2027-Q2.md")
    vault.write("Plans/2026-Q3.md", "## Senior\n- [[Ana Núñez]]\n")  # a calendar name: not this quarter's plan
    assert [(d.path, d.line, d.message) for d in vault.check("2026-09-30", ["VK305"])] == [
        ("Plans/2027-Q2.md", 2,
         "Olivia Grant is in the 2027-Q2 plan but not contacted this quarter (last contact 2026-05-13); 1 day left"),
        ("Plans/2027-Q2.md", 3,
         "Ana Núñez is in the 2027-Q2 plan but not contacted this quarter (no contact recorded); 1 day left"),
    ]  # fmt: skip
    assert found(vault, "VK305", today="2026-10-01") == []


def test_vk305_with_a_fiscal_year_from_february(vault: VaultBuilder) -> None:
    # With start-month = 2, August-October 2026 is 2027-Q3: the quarter ends on 31 October.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 2\n")
    planned(vault, "Plans/2027-Q3.md")
    vault.write("Daily/2026-07-31.md", "- coffee with [[Ana Núñez]]\n")  # before the quarter began
    assert found(vault, "VK305", today="2026-09-30") == []
    assert [d.message for d in vault.check("2026-10-31", ["VK305"])] == [
        "Olivia Grant is in the 2027-Q3 plan but not contacted this quarter (last contact 2026-05-13); 1 day left",
        "Ana Núñez is in the 2027-Q3 plan but not contacted this quarter (last contact 2026-07-31); 1 day left",
    ]


def test_vk305_a_person_only_suggested_by_vaultkit_is_not_planned(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md",
        "## Senior\n> [!tip] Suggested by vaultkit\n> - [ ] reach out to [[Ana Núñez]]\n> - [ ] and [[Bo]]\n\n"
        "- [ ] lunch with [[Bo]]\n",
    )
    person(vault, "Ana Núñez", "level: senior")
    person(vault, "Bo", "level: senior")
    assert found(vault, "VK305") == [("VK305", "Plans/2026-Q3.md", 6, 18)]
