"""Last quarter's plan still has unchecked tasks: carry them over or let them go.

Reported on that plan, at its first unchecked task, with how many there are.

Fires (today 2026-10-05): `Plans/2026-Q3.md` has `- [ ] ask [[Ana Núñez]] for feedback`.
Passes: every task checked `- [x]` or cancelled `- [-]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK304"
NAME = "unfinished-plan-items"
SEVERITY = "info"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    previous = vault.quarter.shifted(-1)
    plan = vault.plan_for(previous)
    if plan is None:
        return
    open_tasks = [item for item in vault.notes[plan.path].items if item.open_task]
    if open_tasks:
        first = open_tasks[0]
        count = len(open_tasks)
        yield Finding(plan.path, first.line, first.column, first.line, first.column + 1,
                      f"{count} unfinished {'task' if count == 1 else 'tasks'} in the {previous} plan: "
                      f"carry {'it' if count == 1 else 'them'} over to {vault.quarter} "
                      "or cancel with - [-]")  # fmt: skip
