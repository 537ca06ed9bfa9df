"""The README's "Start your own vault", run as a new user would: an empty folder made a vault,
three people, one coffee logged, this quarter's plan, then what `check` and `report` say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TODAY = "2026-11-20"


def test_start_your_own_vault(tmp_path: Path, cli: Any) -> None:
    network = tmp_path / "network"
    network.mkdir()

    def run(*args: str) -> Any:
        return cli("--vault", str(network), "--today", TODAY, *args)

    made = cli("init", str(network))
    assert made.code == 0 and "created     vaultkit.toml" in made.out
    assert (network / "People").is_dir() and (network / "Plans").is_dir()

    # Three people: a mentor of long standing, a peer and a mentee met this quarter.
    assert run("new", "Ana Núñez", "--role", "mentor", "--company", "Northwind", "--met", "2024-03-01").code == 0
    assert run("new", "Ben Ode", "--role", "peer", "--met", "2026-10-02").code == 0
    assert run("new", "Chloé Park", "--role", "mentee", "--met", "2026-11-02").code == 0
    before = run("check", "--select", "VK101")
    assert before.out.startswith(
        "People/Ana Núñez.md:1:1: VK101/neglected-contact [warning] no contact recorded since you met on 2024-03-01"
    )

    # Coffee with the mentor, logged by her name without its accents.
    logged = run("log", "ana nunez", "coffee: how to write the Staff packet", "--asked")
    assert (logged.code, logged.err) == (0, "")
    assert logged.out == (
        "Logged Ana Núñez in People/Ana Núñez.md:\n"
        "  line 13: + - 2026-11-20 coffee: how to write the Staff packet #asked\n"
    )
    note = (network / "People" / "Ana Núñez.md").read_text(encoding="utf-8")
    assert note.endswith("## Log\n- 2026-11-20 coffee: how to write the Staff packet #asked\n")

    planned = run("plan")
    assert planned.out == "Wrote Plans/2026-Q4.md: fill it in, then block the time in your calendar.\n"
    plan = (network / "Plans" / "2026-Q4.md").read_text(encoding="utf-8")
    assert "> - [ ] follow up with [[Ben Ode]] (met 2026-10-02; no contact since)" in plan

    # What check says: the mentor is fine now; nothing logged yet with the other two; no sponsor;
    # two levels without a contact; and a plan whose sections are still vaultkit's suggestions.
    checked = run("check")
    assert checked.code == 0  # warnings and info: nothing broken
    assert [line.split(" [")[0] for line in checked.out.splitlines()] == [
        "People/Ben Ode.md:1:1: VK102/no-interaction-recorded",
        "People/Chloé Park.md:1:1: VK102/no-interaction-recorded",
        "Plans/2026-Q4.md:1:1: VK202/no-active-sponsor",
        "Plans/2026-Q4.md:1:1: VK203/sponsor-concentration",
        "Plans/2026-Q4.md:1:1: VK205/level-gap",
        "Plans/2026-Q4.md:1:1: VK205/level-gap",
        "Plans/2026-Q4.md:9:1: VK302/incomplete-plan",
        "Plans/2026-Q4.md:15:1: VK302/incomplete-plan",
        "Plans/2026-Q4.md:21:1: VK302/incomplete-plan",
        "Plans/2026-Q4.md:27:1: VK302/incomplete-plan",
        "Found 10 problems (8 warnings, 2 info) in 3 notes.",
    ]
    assert "no interaction with your only peer recorded" in checked.out
    assert "no interaction with your only junior recorded" in checked.out

    # The report tells it as a story: nobody overdue, two new people, one coffee with a senior.
    report = run("report", "--format", "markdown").out
    for line in (
        "Nobody is overdue.",
        "| [[Ana Núñez]] | mentor | Northwind |  | active |",
        "- In the last 90 days: 2 — [[Chloé Park]] (met 2026-11-02), [[Ben Ode]] (met 2026-10-02)",
        "| Senior | 1 | 1 |",
        "| Peer | 0 | 0 |",
        "- ⚠️ No active sponsor: who would speak for your work when you are not in the room? ([[Plans/2026-Q4|VK202]])",
        "| All | `▁▁▁▁▁▁▁▁▁▁▁█` | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |",
    ):
        assert line in report.splitlines(), line

    # The owner fills the plan in (outside the callouts) and logs the peer: what is left is the
    # sponsor to find, and the mentee to see.
    filled = plan.replace("## Peers\n", "## Peers\n- [ ] pair with [[Ben Ode]] on the incident review #gave\n")
    filled = filled.replace("## Senior\n", "## Senior\n- [ ] ask [[Ana Núñez]] who could sponsor me\n")
    filled = filled.replace("## Juniors\n", "## Juniors\n- [ ] review [[Chloé Park]]'s design doc #gave\n")
    filled = filled.replace("## New connections\n", "## New connections\n- [ ] meet two people from the data team\n")
    (network / "Plans" / "2026-Q4.md").write_text(filled, encoding="utf-8")
    assert run("log", "Ben Ode", "paired on the incident review", "--gave").code == 0
    again = run("check")
    assert [line.split(" [")[0] for line in again.out.splitlines()] == [
        "People/Chloé Park.md:1:1: VK102/no-interaction-recorded",
        "Plans/2026-Q4.md:1:1: VK202/no-active-sponsor",
        "Plans/2026-Q4.md:1:1: VK203/sponsor-concentration",
        "Plans/2026-Q4.md:1:1: VK205/level-gap",
        "Found 4 problems (3 warnings, 1 info) in 2 notes.",
    ]
