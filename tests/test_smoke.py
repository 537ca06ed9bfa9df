from __future__ import annotations

from conftest import VaultBuilder


def test_a_person_overdue_by_role_cadence_is_reported(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana Núñez.md",
        """
        ---
        role: mentor
        ---
        ## Log
        - 2026-08-01 coffee
        """,
    )
    assert ("VK101", "People/Ana Núñez.md", 1) in vault.codes(today="2026-09-13")
    assert ("VK101", "People/Ana Núñez.md", 1) not in vault.codes(today="2026-09-12")
