"""The current plan lacks a section, or a section names no person and holds no task.

Sections by default: `Senior`, `Peer`, `Junior`, `New connection` (plurals and suffixes match:
`Peers — Q4`, `New connections`); `[headings]` renames them. One finding per section.

Fires:

    ## Senior
    - [ ] lunch with [[Ana Núñez]]
    ## Peers

Passes: every section with a `[[Person]]` or a task, e.g. `- [ ] find a junior to mentor`.
What `vaultkit plan` suggests inside its `> [!tip] Suggested by vaultkit` callout counts once
the owner moves it out: until then the plan is still theirs to write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Vault

CODE = "VK302"
NAME = "incomplete-plan"
SEVERITY = "warning"
SCOPE = "vault"
OPTIONS: dict[str, Any] = {}
LABELS = {"senior": "senior people", "peer": "peers", "junior": "juniors", "new": "new connections"}


def check(vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    plan = vault.plan_for(vault.quarter)
    if plan is None:
        return
    for kind, label in LABELS.items():
        heading = vault.config.headings[kind][0]
        section = plan.sections.get(kind)
        if section is None:
            yield at_note(plan.path, f"the plan has no '## {heading}' section: whom will you see among your {label}?")
            continue
        # The section's links and tasks are the owner's (not struck out, not vaultkit's suggestions).
        named = any(vault.mention(link, plan.path) for link in section.links)
        if not named and not section.tasks:
            line = section.heading.line
            yield Finding(plan.path, line, 1, line, 1, f"'{section.heading.text}' names nobody and has no task: "
                                                     f"add a [[person]] or a - [ ] task")  # fmt: skip
