"""Mentors and sponsors concentrated: too few, all at one company, or all at your own.

Fewer than `min-count` active mentors and sponsors together, or all of them at one company, or
all at `[me] company` when it is set — one reorganisation would take them all.

Fires: one active mentor and one active sponsor, both `company: Northwind`.
Passes: a mentor at Northwind and a sponsor at Contoso (with `[me] company` elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding
from vaultkit.rules._network import on_plan
from vaultkit.text import fold_accents

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK203"
NAME = "sponsor-concentration"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {"min-count": 2}
MINIMUMS = {"min-count": 1}  # 0 would make the rule meaningless: ignore it instead


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    backers = [p for p in vault.active_people if "mentor" in p.roles or "sponsor" in p.roles]
    minimum = int(options["min-count"])
    if not backers:
        yield on_plan(vault, "no active mentors or sponsors at all: who could guide you, and who would speak for you?")
        return
    if len(backers) < minimum:
        kind = "mentor or sponsor" if len(backers) == 1 else "mentors and sponsors"
        count = f"{len(backers)} active {kind}"
        yield on_plan(vault, f"only {count} (fewer than {minimum}): "
                             "one departure would leave you without backing")  # fmt: skip
        return
    # One company if one name is shared by all: a company linked as [[Acme Inc|Acme]] goes by both.
    common = set(backers[0].fields.company_names)
    for backer in backers[1:]:
        common &= set(backer.fields.company_names)
    mine = fold_accents(vault.config.me_company) if vault.config.me_company else None
    if common:
        company = backers[0].fields.company
        where = f"at your own company, {company}" if mine in common else f"at {company}"
        everyone = "both" if len(backers) == 2 else f"all {len(backers)}"
        yield on_plan(vault, f"{everyone} of your mentors and sponsors are {where}: "
                             "one reorganisation would take them all")  # fmt: skip
