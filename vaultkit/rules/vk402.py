"""A person mentioned by alias, or by a name that is not the file name.

Obsidian does not resolve `[[Hana]]` to `Hana Ito.md` even with `aliases: [Hana]`: the link
opens an empty note. vaultkit counts it as a mention; the fix makes it a real link,
`[[Hana Ito|Hana]]`, that still reads the same (`[[Hana Ito\\|Hana]]` in a table row). A
Markdown link, `[Hana](Hana.md)`, gets the message with the link to write, and no fix.

Fires: `[[Hana]]` with `People/Hana Ito.md` having `aliases: [Hana]`.
Passes: `[[Hana Ito|Hana]]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vaultkit.diagnostics import Edit, Finding, Fix
from vaultkit.note import MARKDOWN
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
        shown = link.display or (link.target[:-3] if link.target[-3:].lower() == ".md" else link.target)
        fix = None
        if link.kind == MARKDOWN:
            # No fix: the link's span holds its title too ("..." after the path), which the parse
            # does not keep, and rewriting the span would drop it. The message says what to write.
            anchor = "#" + quote(link.subpath[1:], safe="^") if link.subpath else ""
            was = f"[{link.display}]({link.target}{link.subpath})"
            text = f"[{link.display or person.stem}]({quote(target + '.md')}{anchor})"
        else:
            bar = "\\|" if link.table else "|"  # in a table row, a bare `|` would end the cell
            was = f"[[{link.target}{link.subpath}]]"
            text = f"[[{target}{link.subpath}{bar}{shown}]]"
            fix = Fix(f"link to {target}", (Edit(note.path, link.line, link.column, link.line, link.end_column, text),))
        message = f"{was} names {person.name} by alias; Obsidian will not follow it: write {text}"
        yield Finding(note.path, link.line, link.column, link.line, link.end_column, message, fix)
