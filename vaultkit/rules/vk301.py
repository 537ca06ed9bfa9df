"""No networking plan for the current quarter once `grace-days` of it have passed.

Also, as info, none yet for the next quarter in the last `ahead-days` days of this one. Reported
at the path where the plan belongs (`Plans/2026-Q4.md`); `vaultkit plan` writes it, pre-filled.

Fires (today 2026-10-20): no `Plans/2026-Q4.md` and no note with `type: plan`,
`quarter: 2026-Q4`.
Passes: `Plans/2026-Q4.md` exists, or today is 2026-10-10 (within the grace days).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK301"
NAME = "missing-quarterly-plan"
SEVERITY = "warning"
FIXED_BY = "vaultkit plan"  # it writes the plan, pre-filled; --fix does not create notes
SCOPE = "vault"
OPTIONS: dict[str, Any] = {"grace-days": 14, "ahead-days": 14}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    quarter = vault.quarter
    today = vault.today
    if vault.plan_for(quarter) is None and (today - quarter.first_day).days >= int(options["grace-days"]):
        yield at_note(vault.plan_path(quarter), f"no plan for {quarter} yet: run vaultkit plan")
    upcoming = quarter.shifted(1)
    if vault.plan_for(upcoming) is None and (quarter.last_day - today).days < int(options["ahead-days"]):
        left = (quarter.last_day - today).days + 1  # today included, as VK305 counts
        ends = "ends today" if left == 1 else f"has {left} days left"
        yield at_note(
            vault.plan_path(upcoming),
            f"no plan for {upcoming} yet and {quarter} {ends}: run vaultkit plan --quarter {upcoming}",
            severity="info",
        )
