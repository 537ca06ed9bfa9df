"""`vaultkit plan`: the quarter's plan, written once, pre-filled with whom to reach out to."""

from __future__ import annotations

from conftest import VaultBuilder


def test_plan_writes_the_quarter_pre_filled_and_never_overwrites(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\nlevel: senior\n---\n## Log\n- 2026-06-01 coffee\n")
    vault.write("People/Ben.md", "---\nlevel: junior\n---\n## Log\n- 2026-01-10 pairing\n")
    vault.write(
        "Plans/2026-Q3.md",
        "## Senior\n- [x] lunch with [[Ana]]\n## Junior\n- [ ] ask [[Ben]] about the RFC\n",
    )
    result = vault.run("plan", today="2026-10-20")
    assert (result.code, result.out) == (
        0,
        "Wrote Plans/2026-Q4.md: fill it in, then block the time in your calendar.\n",
    )
    plan = vault.read("Plans/2026-Q4.md")
    assert plan.startswith("---\ntype: plan\nquarter: 2026-Q4\n---\n# Networking plan 2026-Q4\n")
    assert "- [ ] reach out to [[Ana]] (mentor; last contact 2026-06-01, cadence 6w)" in plan
    assert "- [ ] find a sponsor: who could you ask?" in plan
    assert "- [ ] reach out to [[Ben]] (last contact 2026-01-10, cadence 2m)" in plan
    assert "- [ ] ask [[Ben]] about the RFC (from 2026-Q3)" in plan
    assert "lunch with" not in plan  # done tasks stay behind

    again = vault.run("plan", today="2026-10-20")
    assert again.code == 1
    assert "the 2026-Q4 plan exists already; nothing written" in again.err
    assert vault.read("Plans/2026-Q4.md") == plan


def test_the_written_plan_satisfies_the_plan_rules(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\nlevel: senior\n---\n## Log\n- 2026-10-01 coffee\n")
    assert ("VK301", "Plans/2026-Q4.md", 1) in vault.codes(today="2026-10-20", select=["VK3"])
    assert vault.run("plan", today="2026-10-20").code == 0
    assert vault.codes(today="2026-10-20", select=["VK301", "VK302"]) == []


def test_dry_run_prints_and_writes_nothing(vault: VaultBuilder) -> None:
    result = vault.run("plan", "--quarter", "2027-Q1", "--dry-run", today="2026-10-20")
    assert result.code == 0
    assert "# Networking plan 2027-Q1" in result.out
    assert not (vault.root / "Plans").exists()


def test_a_bad_quarter_is_one_line_and_exit_2(vault: VaultBuilder) -> None:
    result = vault.run("plan", "--quarter", "2026-Q5")
    assert result.code == 2
    assert result.err == "vaultkit: error: --quarter: '2026-Q5' is not a quarter (expected YYYY-QN, e.g. 2026-Q3)\n"
