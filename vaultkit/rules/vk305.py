"""Near the quarter's end, a person in its plan has not been contacted since it began.

In the last `days` days of a quarter; reported at the person's first mention in the plan.

Fires (today 2026-09-24): `Plans/2026-Q3.md` names `[[Ana Núñez]]`, whose latest interaction
is 2026-06-12.
Passes: a daily note of 2026-08-03 that mentions `[[Ana Núñez]]`. A person only inside the
plan's `> [!tip] Suggested by vaultkit` callout, struck out, or in a cancelled task (`- [-]`), is not planned.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._common import days

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK305"
NAME = "planned-contact-missed"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {"days": 14}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    quarter = vault.quarter
    left = (quarter.last_day - vault.today).days
    plan = vault.plan_for(quarter)
    if plan is None or left >= int(options["days"]):
        return
    seen: set[str] = set()
    for link, mention in vault.planned(plan):
        person = mention.person
        if person.path in seen:
            continue
        seen.add(person.path)
        last = person.last_interaction
        if last is None or last.date < quarter.first_day:
            since = f"last contact {last.date}" if last else "no contact recorded"
            yield Finding(plan.path, link.line, link.column, link.line, link.end_column,
                          f"{person.name} is in the {quarter} plan but not contacted this quarter "
                          f"({since}); {days(left + 1)} left")  # fmt: skip
