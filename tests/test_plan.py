"""`vaultkit plan`: the quarter's plan, written once: the questions, last quarter's leftovers, and
vaultkit's suggestions in a callout that plans nobody until the owner moves a line out of it."""

from __future__ import annotations

import pytest
from conftest import VaultBuilder

SENIOR_Q = (
    "> Whom could I bring value to? Whose relationship could I deepen, or connect with on a more personal level? "
    "Which mentor or sponsor have I not seen lately?"
)
PEER_Q = (
    "> Whom do I know well, and whom would I like to know better? How can I help them? What could we do together, "
    "for both of us?"
)
JUNIOR_Q = "> Who might be a welcome addition to my team? How can I help them develop?"
NEW_Q = "> Whom will I meet for the first time this quarter, at every level?"
CALLOUT = "> [!tip] Suggested by vaultkit"


def person(vault: VaultBuilder, name: str, front: str, *log: str) -> None:
    body = "## Log\n" + "".join(f"- {entry}\n" for entry in log) if log else ""
    vault.write(f"People/{name}.md", f"---\n{front}\n---\n# {name}\n{body}")


def test_the_plan_asks_the_questions_and_suggests_whom_to_see(vault: VaultBuilder) -> None:
    # Senior: a mentor without a level, five overdue seniors, one who is not, a mentor who left.
    person(vault, "Ana Núñez", "role: mentor", "2026-06-12 coffee")
    for name, last in (("Bo Lind", "03-01"), ("Cy Moss", "04-01"), ("Di Park", "05-01"), ("Ed Ruiz", "06-01"),
                       ("Flo Sato", "06-20")):  # fmt: skip
        person(vault, name, "level: senior", f"2026-{last} lunch")
    person(vault, "Olivia Grant", "level: senior", "2026-09-30 skip-level")
    person(vault, "Ruth Abernathy", "role: mentor\nlevel: senior\nstatus: left", "2026-06-01 farewell")
    # Peers: one-sided but not overdue; overdue but left to drift on purpose; a new connection.
    person(vault, "Marcus Webb", "level: peer", "2026-08-01 review #asked", "2026-09-01 on-call #asked",
           "2026-09-20 an intro #asked")  # fmt: skip
    person(vault, "Megan Doyle", "level: peer\nvaultkit-ignore: [VK101]", "2026-01-04 catch-up")
    person(vault, "Tobi Adeyemi", "level: peer\nmet: 2026-09-01", "2026-09-01 Rust Berlin")
    # Juniors, gone quiet: nobody is overdue, but somebody should be seen.
    person(vault, "Lena Fischer", "level: junior\ncadence: 6m", "2026-06-01 1:1")
    person(vault, "Ben Okafor", "level: junior\ncadence: 6m", "2026-05-01 pairing")
    person(vault, "Kai Berg", "level: junior\ncadence: 6m\nmet: 2026-05-15")
    person(vault, "Owen Fletcher", "level: junior\ncadence: 6m\nvaultkit-ignore: [VK102]")
    vault.write(
        "Plans/2026-Q3.md",
        """
        ---
        type: plan
        quarter: 2026-Q3
        ---
        - [ ] block 90 minutes for planning
        ## Senior
        - [x] lunch with [[Olivia Grant]]
        - [ ] find a second sponsor (from 2026-Q2)
        - [-] conference talk
        - [ ] ~~go to the offsite~~
        ## Peers
        - [ ] review Marcus's RFC
        - [ ]  review   Marcus's RFC
        ## Junior
        - [/] pair with [[Ben Okafor]] on the RFC

        > [!tip] Suggested by vaultkit
        > - [ ] reach out to [[Lena Fischer]] (last contact 2026-06-01, cadence 6m)
        ## New connections
        - [ ]
        """,
    )
    assert vault.run("plan", today="2026-10-05").out == (
        "Wrote Plans/2026-Q4.md: fill it in, then block the time in your calendar.\n"
    )
    assert vault.read("Plans/2026-Q4.md").split("\n") == [
        "---", "type: plan", "quarter: 2026-Q4", "---", "# Networking plan 2026-Q4", "",
        "01 October 2026 to 31 December 2026. Keep old relationships warm, make new ones at every level, and ask "
        "what you can give, not only what you need.",
        "",
        "- [ ] block 90 minutes for planning (from 2026-Q3)",  # outside every section then, and now
        "",
        "## Senior",
        SENIOR_Q,
        "",
        "- [ ] find a second sponsor (from 2026-Q2)",  # carried again: the suffix is not stacked
        "",
        CALLOUT,  # at most five: the overdue take turns with the lost mentor and the missing sponsor
        "> - [ ] reach out to [[Ana Núñez]] (mentor; last contact 2026-06-12, cadence 6w)",
        "> - [ ] reach out to [[Bo Lind]] (last contact 2026-03-01, cadence 3m)",
        "> - [ ] reach out to [[Cy Moss]] (last contact 2026-04-01, cadence 3m)",
        "> - [ ] [[Ruth Abernathy]] (mentor) has left: find another mentor, or keep in touch on purpose",
        "> - [ ] find a sponsor: who could I ask?",
        "",
        "## Peers",
        PEER_Q,
        "",
        "- [ ] review Marcus's RFC (from 2026-Q3)",  # twice in 2026-Q3, once here
        "",
        CALLOUT,  # not Megan: her note switches VK101 off; not Tobi: a new connection
        "> - [ ] how can I help [[Marcus Webb]]? (lately I only asked, and gave nothing back)",
        "",
        "## Juniors",
        JUNIOR_Q,
        "",
        "- [/] pair with [[Ben Okafor]] on the RFC (from 2026-Q3)",
        "",
        CALLOUT,  # not Ben (planned already), not Owen (his note switches VK102 off)
        "> - [ ] catch up with [[Kai Berg]] (no contact recorded; no junior contacted in 90 days)",
        "> - [ ] catch up with [[Lena Fischer]] (last contact 2026-06-01; no junior contacted in 90 days)",
        "",
        "## New connections",
        NEW_Q,
        "",
        CALLOUT,
        "> - [ ] follow up with [[Tobi Adeyemi]] (met 2026-09-01; one contact so far)",
        "> - [ ] meet 2 new people this quarter (fewer than 2 met in the last 90 days)",
        "",
    ]  # fmt: skip
    assert vault.codes(today="2026-10-05", select=["VK304"]) == []  # every unfinished task is carried


def untouched(vault: VaultBuilder) -> str:
    """A vault with someone to suggest in every section, and its plan for 2026-Q4, written on 2026-12-20."""
    person(vault, "Ana Núñez", "role: mentor", "2026-06-12 coffee")
    person(vault, "Marcus Webb", "level: peer", "2026-05-02 lunch")
    person(vault, "Lena Fischer", "level: junior", "2026-06-01 1:1")
    person(vault, "Tobi Adeyemi", "level: peer\nmet: 2026-11-01")
    assert vault.run("plan", today="2026-12-20").code == 0
    return vault.read("Plans/2026-Q4.md")


def test_an_untouched_plan_is_still_incomplete_and_plans_nobody(vault: VaultBuilder) -> None:
    plan = untouched(vault)
    assert plan.count(CALLOUT) == 4
    assert "> - [ ] reach out to [[Marcus Webb]] (last contact 2026-05-02, cadence 3m)\n" in plan
    assert "> - [ ] follow up with [[Tobi Adeyemi]] (met 2026-11-01; no contact since)\n" in plan
    assert "- [ ] " not in plan.replace("> - [ ] ", "")  # no empty task that would make a section look done
    # 11 days before the quarter ends: VK305 would name anyone planned and not seen; nobody is planned.
    assert [(d.code, d.line, d.message) for d in vault.check("2026-12-20", ["VK302", "VK305"])] == [
        ("VK302", 9, "'Senior' names nobody and has no task: add a [[person]] or a - [ ] task"),
        ("VK302", 16, "'Peers' names nobody and has no task: add a [[person]] or a - [ ] task"),
        ("VK302", 22, "'Juniors' names nobody and has no task: add a [[person]] or a - [ ] task"),
        ("VK302", 28, "'New connections' names nobody and has no task: add a [[person]] or a - [ ] task"),
    ]


def test_a_suggestion_moved_out_of_the_callout_is_planned(vault: VaultBuilder) -> None:
    plan = untouched(vault)
    line = "- [ ] reach out to [[Ana Núñez]] (mentor; last contact 2026-06-12, cadence 6w)"
    assert f"\n> {line}\n" in plan
    plan = plan.replace(f"> {line}\n", "").replace(f"{SENIOR_Q}\n", f"{SENIOR_Q}\n\n{line}\n")
    vault.write("Plans/2026-Q4.md", plan)
    assert [(d.code, d.line, d.message) for d in vault.check("2026-12-20", ["VK302", "VK305"])] == [
        ("VK305", 12, "Ana Núñez is in the 2026-Q4 plan but not contacted this quarter (last contact 2026-06-12); "
                      "12 days left"),
        ("VK302", 17, "'Peers' names nobody and has no task: add a [[person]] or a - [ ] task"),
        ("VK302", 23, "'Juniors' names nobody and has no task: add a [[person]] or a - [ ] task"),
        ("VK302", 29, "'New connections' names nobody and has no task: add a [[person]] or a - [ ] task"),
    ]  # fmt: skip


def test_a_task_carried_twice_keeps_the_quarter_it_was_first_planned_in(vault: VaultBuilder) -> None:
    person(vault, "Ana", "level: senior", "2026-06-20 coffee")
    vault.write(
        "Plans/2026-Q2.md", "## Senior\n- [ ] ask [[Ana]] for feedback 📅 2026-06-30\n- [x] lunch with [[Ana]]\n"
    )
    assert vault.run("plan", today="2026-07-06").code == 0
    # The Obsidian Tasks plugin reads its fields at the end of the line: they stay there.
    carried = "\n- [ ] ask [[Ana]] for feedback (from 2026-Q2) 📅 2026-06-30\n"
    assert carried in vault.read("Plans/2026-Q3.md")
    assert vault.codes(today="2026-07-06", select=["VK304"]) == []
    assert vault.run("plan", today="2026-10-05").code == 0
    q4 = vault.read("Plans/2026-Q4.md")
    assert q4.count("ask [[Ana]] for feedback") == 1
    assert carried in q4
    assert "lunch with" not in q4  # done tasks stay behind
    assert "reach out to [[Ana]]" not in q4  # planned already, by the carried task


def test_suffixes_stacked_by_hand_or_by_an_older_vaultkit_are_mended(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "## Peers\n- [ ] review the RFC (from 2026-Q1) (from 2026-Q2) ^rfc\n")
    plan = vault.run("plan", "--dry-run", today="2026-10-05").out
    assert f"## Peers\n{PEER_Q}\n\n- [ ] review the RFC (from 2026-Q1) ^rfc\n" in plan


def test_a_suggestion_the_owner_took_up_last_quarter_is_carried_not_suggested_again(vault: VaultBuilder) -> None:
    person(vault, "Ana", "role: mentor", "2026-09-20 coffee")
    vault.write("Plans/2026-Q3.md", f"## Senior\n- [ ] find a sponsor: who could I ask?\n\n{CALLOUT}\n> - [ ] x\n")
    plan = vault.run("plan", "--dry-run", today="2026-10-05").out
    assert plan.count("find a sponsor") == 1
    assert "\n- [ ] find a sponsor: who could I ask? (from 2026-Q3)\n" in plan


SUPPRESSED = [
    ("People/Ana.md", "---\nlevel: senior\n---\n<!-- vaultkit-disable VK101 -->\n## Log\n- 2026-03-01 coffee\n"),
    ("People/Ana.md", "---\nlevel: senior\n---\n%% vaultkit-disable %%\n## Log\n- 2026-03-01 coffee\n"),
    ("People/Ana.md", "---\nlevel: senior\nvaultkit-ignore: [VK1]\n---\n## Log\n- 2026-03-01 coffee\n"),
    ("vaultkit.toml", '[rules.per-file-ignores]\n"People/A*" = ["VK101"]\n'),
    ("vaultkit.toml", '[rules]\nignore = ["VK101"]\n'),
]


@pytest.mark.parametrize(("path", "text"), SUPPRESSED)
def test_a_person_whose_finding_the_owner_suppressed_is_not_suggested(
    vault: VaultBuilder, path: str, text: str
) -> None:
    person(vault, "Ana", "level: senior", "2026-03-01 coffee")
    person(vault, "Bo", "level: senior", "2026-04-01 coffee")
    suggested = "> - [ ] reach out to [[Ana]] (last contact 2026-03-01, cadence 3m)\n"
    assert suggested in vault.run("plan", "--dry-run", today="2026-10-05").out
    vault.write(path, text)
    plan = vault.run("plan", "--dry-run", today="2026-10-05").out
    assert suggested not in plan
    if path != "vaultkit.toml" or "per-file" in text:  # Bo is still overdue, and suggested
        assert "> - [ ] reach out to [[Bo]] (last contact 2026-04-01, cadence 3m)\n" in plan


def test_a_level_with_nobody_in_it(vault: VaultBuilder) -> None:
    person(vault, "Ana", "level: senior", "2026-09-20 coffee")
    person(vault, "Marcus", "level: peer", "2026-09-21 lunch")
    plan = vault.run("plan", "--dry-run", today="2026-10-05").out
    assert f"## Juniors\n{JUNIOR_Q}\n\n{CALLOUT}\n> - [ ] get to know someone junior\n" in plan
    assert f"## Peers\n{PEER_Q}\n\n## Juniors" in plan  # nothing to suggest: no callout


def test_a_fiscal_year_from_april(vault: VaultBuilder) -> None:
    # With start-month = 4, January-March 2026 is 2026-Q4 and April-June 2026 is 2027-Q1.
    vault.write("vaultkit.toml", "[quarters]\nstart-month = 4\n")
    vault.write("Plans/2026-Q4.md", "## Peers\n- [ ] coffee with the platform team\n")
    assert vault.run("plan", today="2026-04-10").out.startswith("Wrote Plans/2027-Q1.md")
    plan = vault.read("Plans/2027-Q1.md")
    assert "\n01 April 2026 to 30 June 2026. " in plan
    assert f"## Peers\n{PEER_Q}\n\n- [ ] coffee with the platform team (from 2026-Q4)\n" in plan


def test_plan_never_overwrites(vault: VaultBuilder) -> None:
    assert vault.run("plan", today="2026-10-20").code == 0
    plan = vault.read("Plans/2026-Q4.md")
    again = vault.run("plan", today="2026-10-20")
    assert again.code == 1
    assert again.err == "vaultkit: Plans/2026-Q4.md: the 2026-Q4 plan exists already; nothing written\n"
    assert vault.read("Plans/2026-Q4.md") == plan


def test_the_written_plan_clears_vk301(vault: VaultBuilder) -> None:
    person(vault, "Ana", "role: mentor\nlevel: senior", "2026-10-01 coffee")
    assert ("VK301", "Plans/2026-Q4.md", 1) in vault.codes(today="2026-10-20", select=["VK3"])
    assert vault.run("plan", today="2026-10-20").code == 0
    assert vault.codes(today="2026-10-20", select=["VK301"]) == []


def test_dry_run_prints_and_writes_nothing(vault: VaultBuilder) -> None:
    result = vault.run("plan", "--quarter", "2027-Q1", "--dry-run", today="2026-10-20")
    assert result.code == 0
    assert "# Networking plan 2027-Q1" in result.out
    assert not (vault.root / "Plans").exists()


def test_a_bad_quarter_is_one_line_and_exit_2(vault: VaultBuilder) -> None:
    result = vault.run("plan", "--quarter", "2026-Q5")
    assert result.code == 2
    assert result.err == "vaultkit: error: --quarter: '2026-Q5' is not a quarter (expected YYYY-QN, e.g. 2026-Q3)\n"
