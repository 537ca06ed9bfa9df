"""An active, unsnoozed person is overdue: their last interaction plus their cadence is past.

The cadence is the person's own `cadence`, else the shortest of their roles' cadences, else
their level's, else `[cadence] default`. With no interaction yet, the due date counts from
`met`. The message gives the days since, the cadence and where the last interaction was
recorded. With `escalate-after = 2`, a person not contacted for more than twice their cadence
is an error (0, the default, never escalates).

Fires (today 2026-09-24; 6w after 2026-08-01 is 2026-09-12):

    ---
    role: mentor
    ---
    ## Log
    - 2026-08-01 coffee

Passes: the same note on 2026-09-12 (due today is not overdue), or with
`snooze_until: 2026-10-01`, or with `status: paused`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note
from vaultkit.rules._common import days, describe

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK101"
NAME = "neglected-contact"
SEVERITY = "warning"
SCOPE = "person"
OPTIONS: dict[str, Any] = {"escalate-after": 0.0}


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    today = vault.today
    if not person.active or person.snoozed(today) or not person.is_overdue(today):
        return
    assert person.cadence is not None
    last = person.last_interaction
    base = last.date if last else person.fields.met
    assert base is not None
    since = (today - base).days
    why = f"cadence {person.cadence.text}"  # as 03-interfaces.md prints it: `(cadence 6w; last: ...)`
    if last is not None:
        message = f"no contact for {days(since)} ({why}; last: {describe(last, person.path)})"
    else:
        message = f"no contact recorded since you met on {base} ({days(since)} ago; {why})"
    factor = float(options["escalate-after"])
    cadence_days = person.cadence.days_from(base) or 0
    escalated = factor > 0 and since > factor * cadence_days
    if escalated:  # say why it is an error, not the warning the owner is used to
        message += f"; over {factor:g}× the cadence (escalate-after)"
    yield at_note(person.path, message, severity="error" if escalated else None, escalated=escalated)
