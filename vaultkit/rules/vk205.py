"""A level gone quiet: no interaction in the last `days` days with anyone senior, peer or junior.

One finding per such level; a level with nobody in it counts too. Networks thin out from the
top and the bottom first.

Fires (today 2026-09-24): your juniors' latest interactions are all before 2026-06-26.
Passes: a log entry `- 2026-09-01 pairing session` in one junior's note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from vaultkit.config import LEVELS
from vaultkit.diagnostics import Finding
from vaultkit.rules._network import on_plan

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK205"
NAME = "level-gap"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {"days": 90}
MINIMUMS = {"days": 1}  # 0 would make the rule meaningless: ignore it instead


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for _level, message in quiet_levels(vault, int(options["days"])):
        yield on_plan(vault, message)


def quiet_levels(vault: Vault, window: int) -> Iterator[tuple[str, str]]:
    """Each quiet level, senior first, with what to tell the owner about it (`vaultkit plan`
    suggests whom to see at the levels whose findings the owner did not suppress)."""
    since = vault.today - timedelta(days=window)
    for level in LEVELS:
        people = [p for p in vault.people if p.level == level]
        last = max((p.last_date for p in people if p.last_date), default=None)
        if last is not None and last >= since:
            continue
        plural = {"senior": "senior people", "peer": "peers", "junior": "juniors"}[level]
        if not people:
            message = f"no {plural} in your network: who could you get to know?"
        elif last is None and len(people) == 1:
            message = f"no interaction with your only {level if level != 'senior' else 'senior person'} recorded"
        elif last is None:
            message = f"no interaction with any of your {len(people)} {plural} recorded"
        else:
            message = f"no interaction with {plural} in the last {window} days (latest {last})"
        yield level, message
