"""Someone changed company in the last `days` days: the moment to reach out.

A mentor or sponsor who moves is no longer down the hall: the relationship goes on only if you keep
it going on purpose (a warning). Anyone else who moves is worth a congratulation, and a new door
into another company (info). The move is read from the vault's git history (each commit that
changed the person's `company`, under whatever key the note uses), or, without git, from the note:
`previous_company` with the date it `moved`, or a dated entry of a `## Moves` section.

A typo fixed (as vaultkit calls a name near: none under 5 letters, 1 edit up to 7, 2 from 8), a
company written as a link (`Acme` → `[[Acme]]`) or with its legal form (`Acme Inc.` → `Acme`), and
a change undone within a month are no move. The date is when the change was made (the commit's
author date, kept by a rebase), or the note's own when it names the move too. VK107 keeps its
meaning: a mentor or sponsor whose status is `left`.

Fires (on 2026-10-20):

    ---
    role: mentor
    company: Google
    previous_company: Acme
    moved: 2026-10-05
    ---

Passes: the same with `moved: 2026-06-01` (more than 60 days ago), or `previous_company: ACME`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note
from vaultkit.moves import recent

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK109"
NAME = "moved-company"
SEVERITY = "info"  # a warning for a mentor or sponsor (see `check`)
SCOPE = "person"
OPTIONS: dict[str, Any] = {"days": 60}
MINIMUMS = {"days": 1}
BACKERS = ("mentor", "sponsor")


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    if person.status == "broken":
        return
    moves = recent(vault.moves_of(person), vault.today, int(options["days"]))
    if not moves:
        return
    move = moves[-1]
    roles = [role for role in BACKERS if role in person.roles]
    if roles:
        message = (
            f"{person.name} ({' and '.join(roles)}) moved from {move.old} to {move.new} on {move.day}: "
            "no longer down the hall — reach out and keep it going on purpose"
        )
        yield at_note(person.path, message, severity="warning")
    else:
        yield at_note(
            person.path, f"{person.name} moved from {move.old} to {move.new} on {move.day}: congratulate them"
        )
