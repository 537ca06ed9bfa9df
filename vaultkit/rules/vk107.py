"""A mentor or sponsor has left (`status: left`): who will fill that role?

Mentors and sponsors move on; the network stays healthy when someone new takes their place.
Keep the note (the relationship can stay warm as a friend or peer), and plan to find another.

Fires:

    ---
    role: mentor
    status: left
    ---

Passes: `status: active`, or a `left` person who was a peer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK107"
NAME = "lost-mentor-or-sponsor"
SEVERITY = "info"
SCOPE = "person"
OPTIONS: dict[str, Any] = {}


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    if person.status != "left":
        return
    lost = [role for role in ("mentor", "sponsor") if role in person.roles]
    if lost:
        roles = " and ".join(lost)
        yield at_note(person.path, f"{person.name} ({roles}) has left: who will be your {roles} now?")
