"""No active person has the role sponsor: nobody speaks for you where decisions are made.

Reported on the current quarter's plan.

Fires: no person with `role: sponsor`, or only paused or departed ones.
Passes: one active person with `roles: [sponsor]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._network import on_plan, with_role

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK202"
NAME = "no-active-sponsor"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    if not with_role(vault, "sponsor"):
        yield on_plan(vault, "no active sponsor: who would speak for your work when you are not in the room?")
