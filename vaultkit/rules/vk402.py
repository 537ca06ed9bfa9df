"""A person mentioned by alias, or by a name that is not the file name.

Obsidian does not resolve `[[Hana]]` to `Hana Ito.md` even with `aliases: [Hana]`: the link
opens an empty note. vaultkit counts it as a mention; the fix makes it a real link,
`[[Hana Ito|Hana]]`, that still reads the same.

Fires: `[[Hana]]` with `People/Hana Ito.md` having `aliases: [Hana]`.
Passes: `[[Hana Ito|Hana]]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.diagnostics import Edit, Finding, Fix
from vaultkit.note import FRONTMATTER, WIKI
from vaultkit.text import fold_name

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

CODE = "VK402"
NAME = "alias-link"
SEVERITY = "info"
SCOPE = "note"
OPTIONS: dict[str, Any] = {}
FIXABLE = True
KINDS = frozenset(("person", "daily", "meeting", "plan"))


def check(note: ParsedNote, vault: Vault, options: Mapping[str, Any]) -> Iterator[Finding]:
    for link, mention in vault.mentions(note.path):
        if not mention.by_alias:
            continue
        person = mention.person
        unique = vault.resolver.by_name.get(fold_name(person.stem)) == [person.path]
        target = person.stem if unique else person.path[:-3]
        shown = link.display or link.target
        fix = None
        if link.kind in (WIKI, FRONTMATTER):
            text = f"{'!' if link.embed else ''}[[{target}{link.subpath}|{shown}]]"
            fix = Fix(f"link to {target}", (Edit(note.path, link.line, link.column, link.line, link.end_column, text),))
        yield Finding(note.path, link.line, link.column, link.line, link.end_column,
                      f"[[{link.target}]] names {person.name} by alias; Obsidian will not follow it: "
                      f"write [[{target}|{shown}]]", fix)  # fmt: skip
