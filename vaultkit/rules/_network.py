"""Where network and plan findings go: the current quarter's plan, or where it should be."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault


def on_plan(vault: Vault, message: str, **extra: Any) -> Finding:
    return at_note(vault.plan_path(vault.quarter), message, **extra)


def with_role(vault: Vault, role: str) -> list[Person]:
    return [p for p in vault.active_people if role in p.roles]
