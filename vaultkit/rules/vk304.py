"""Last quarter's plan still has unchecked tasks not carried over: carry them or let them go.

A task is carried when this quarter's plan has one with the same text, whatever its checkbox
and ignoring a `(from 2026-Q3)` suffix (`vaultkit plan` carries them so). Cancelled (`- [-]`)
and struck-out (`~~…~~`) tasks are let go, and the tasks of vaultkit's own suggestion callout
were never the owner's. Reported on that plan, at its first such task, with how many there are.

Fires (today 2026-10-05): `Plans/2026-Q3.md` has `- [ ] ask [[Ana Núñez]] for feedback`, and
`Plans/2026-Q4.md` is missing or has no such task.
Passes: every task checked `- [x]` or cancelled `- [-]`, or `Plans/2026-Q4.md` has
`- [ ] ask [[Ana Núñez]] for feedback (from 2026-Q3)`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._plans import plan_tasks

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
    current = vault.plan_for(vault.quarter)
    carried = {task.key for task in plan_tasks(vault, current.path)} if current else set()
    left = [task.item for task in plan_tasks(vault, plan.path) if task.unfinished and task.key not in carried]
    if left:
        first = left[0]
        count = len(left)
        yield Finding(plan.path, first.line, first.column, first.line, first.column + 1,
                      f"{count} unfinished {'task' if count == 1 else 'tasks'} in the {previous} plan: "
                      f"carry {'it' if count == 1 else 'them'} over to {vault.quarter} "
                      "or cancel with - [-]")  # fmt: skip
