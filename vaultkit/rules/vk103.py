"""A one-sided relationship: you keep asking and have not given back lately.

Among the person's last `window` interactions, at least `min-tagged` carry a `#gave` or
`#asked` tag (names configurable in `[tags]`) and none is `#gave`.

Fires:

    ## Log
    - 2026-05-01 asked for a referral #asked
    - 2026-06-10 asked about the team #asked
    - 2026-08-02 review of my talk #asked

Passes: any of them tagged `#gave`, or fewer than 3 tagged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Finding, at_note

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault

CODE = "VK103"
NAME = "one-sided-relationship"
SEVERITY = "info"
SCOPE = "person"
OPTIONS: dict[str, Any] = {"window": 5, "min-tagged": 3}
MINIMUMS = {"window": 1, "min-tagged": 1}  # 0 would make the rule meaningless: ignore it instead


def has_tag(tags: frozenset[str], name: str) -> bool:
    return name in tags or any(t.startswith(name + "/") for t in tags)


def check(person: Person, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    gave, asked = vault.config.gave_tag, vault.config.asked_tag
    recent = person.interactions[-int(options["window"]) :]
    tagged = [i for i in recent if has_tag(i.tags, gave) or has_tag(i.tags, asked)]
    if len(tagged) < int(options["min-tagged"]) or any(has_tag(i.tags, gave) for i in tagged):
        return
    yield at_note(
        person.path,
        f"one-sided: #{asked} in {len(tagged)} of your last {len(recent)} interactions with {person.name} "
        f"and no #{gave}: what could you offer them?",
    )
