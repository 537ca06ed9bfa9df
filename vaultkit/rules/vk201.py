"""No active person has the role mentor.

Reported on the current quarter's plan. A mentor who left or is paused does not count.

Fires: the only `role: mentor` has `status: left`.
Passes: one active person with `roles: [mentor]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._network import on_plan, with_role

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK201"
NAME = "no-active-mentor"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    if not with_role(vault, "mentor"):
        section = (vault.config.headings.get("senior") or ("Senior",))[0]
        where = (
            f"this plan's {section} section"
            if vault.plan_for(vault.quarter)
            else f"the {section} section of your {vault.quarter} plan (vaultkit plan writes it)"
        )
        yield on_plan(vault, f"no active mentor: who could guide you next? Add them to {where}")
