"""A stagnant network: fewer than `min-new` people met in the last `days` days.

New connections are counted by the `met` field of person notes.

Fires (today 2026-09-24): nobody with `met` on or after 2026-06-26 (90 days ago).
Passes: two people with `met: 2026-08-14` and `met: 2026-09-02`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._network import on_plan

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK204"
NAME = "stagnant-network"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {"min-new": 2, "days": 90}
MINIMUMS = {"min-new": 1, "days": 1}  # 0 would make the rule meaningless: ignore it instead


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    window = int(options["days"])
    since = vault.today - timedelta(days=window)
    new = [p for p in vault.people if p.fields.met is not None and since <= p.fields.met <= vault.today]
    minimum = int(options["min-new"])
    if len(new) < minimum:
        count = "nobody new" if not new else f"only {len(new)} new {'person' if len(new) == 1 else 'people'}"
        yield on_plan(vault, f"{count} met in the last {window} days (fewer than {minimum}): "
                             "plan some new connections this quarter")  # fmt: skip
