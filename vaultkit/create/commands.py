"""The `new` and `init` commands' work, for the command line to call (cli.py stays thin)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime

from vaultkit.create.person import Value, create_person, load_person_template
from vaultkit.dates import parse_iso_date
from vaultkit.errors import UserError
from vaultkit.model import Vault
from vaultkit.text import fold_accents, visible


def new_person(
    vault: Vault,
    name: str,
    options: dict[str, str | None],
    now: datetime,
    warn: Callable[[str], None],
    aliases: Sequence[str] = (),
) -> str:
    """Create the note of `name` with the command's options (role, level, company, cadence, met,
    aliases: refused like the name when one is someone's); return the line to print. `warn` says
    why the vault's template was not used, when it was not."""
    fields: dict[str, Value] = {}
    if aliases:
        fields["aliases"] = alias_list(aliases)
    for option, field in (("role", "roles"), ("level", "level"), ("company", "company"), ("cadence", "cadence")):
        value = options.get(option)
        if value is not None:
            if not value.strip():
                raise UserError(f"--{option}: no value given")
            fields[field] = value
    met = options.get("met")
    if met is not None:
        fields["met"] = met_date(met, now.date())
    template = load_person_template(vault.config.root, vault.layout)
    note = create_person(vault, name, fields, now, template)
    if note.template.why_not is not None:
        warn(f"vaultkit: {note.template.why_not}: the built-in person template is used")
    source = note.template.path or "the built-in template"
    return f"Created {visible(note.path)} (from {visible(source)})."


def alias_list(given: Sequence[str]) -> list[str]:
    """`--alias`: each given once, its runs of spaces made one, as names are (see plain_name)."""
    aliases: dict[str, str] = {}
    for alias in given:
        if not alias.strip():
            raise UserError("--alias: no value given")
        alias = re.sub(" {2,}", " ", alias.strip(" "))  # a line break stays, for check_fields to refuse
        aliases.setdefault(fold_accents(alias), alias)
    return list(aliases.values())


def met_date(text: str, today: date) -> date:
    """`--met`: a YYYY-MM-DD date, not after today (a future `met` is VK006)."""
    day = parse_iso_date(text.strip())
    if day is None:
        raise UserError(f"--met: {visible(text)!r} is not a date (expected YYYY-MM-DD)")
    if day > today:
        raise UserError(f"--met: {day} is after today ({today})")
    return day
