"""`vaultkit new`: a person note from the vault's own template (or the built-in one), its fields
set by minimal text edits, created exclusively inside the people folder.

The functions here are the way to make a person note from Python too (`vaultkit import` writes
its notes through them):

    template = load_person_template(vault.config.root, vault.layout)   # once
    taken = Taken.of(vault)                                              # once
    created = create_person(vault, "Ana Núñez", {"roles": "mentor"}, now, template, taken)

`person_note` makes the bytes without writing them (a dry run).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from vaultkit.config import LEVELS, Config
from vaultkit.create.names import BadName, Taken, plain_name, why_taken
from vaultkit.create.template import (
    DEFAULT_SETTINGS,
    PERSON_TEMPLATE_NAMES,
    Settings,
    Unfillable,
    fill,
    find_template,
    read_template,
    template_settings,
)
from vaultkit.dates import parse_cadence
from vaultkit.diagnostics import Edit
from vaultkit.discovery import Layout, as_on_disk
from vaultkit.errors import RefusedError, UserError
from vaultkit.frontmatter import Field, parse_frontmatter
from vaultkit.model import Vault, sync_copies
from vaultkit.note import ParsedNote, read_note
from vaultkit.people import STATUSES, FieldTable, field_table, is_unset, known_roles, read_person_fields
from vaultkit.text import fold_accents, normalize_key, visible
from vaultkit.writer import apply_edits, create_new, inside, make_folders, reads_as_note, why

# The built-in person template: what `init` puts in the templates folder, and what `new` uses
# when the vault has none (or one it cannot fill). Every key is optional; an empty one is unset.
BUILTIN_PERSON = """\
---
relationship:
level:
company:
title:
cadence:
met:
tags: [person]
---
# {{title}}

## Log
"""

# The fields a new note may be given, and the key each gets when the template has none of its
# keys (unless the config's `[fields]` names one: the owner's own word comes first).
NEW_KEYS = {
    "aliases": "aliases", "roles": "relationship", "title": "title", "level": "level", "company": "company",
    "cadence": "cadence", "met": "met", "last_contact": "last_contact", "status": "status",
    "snooze_until": "snooze_until", "birthday": "birthday", "email": "email",
}  # fmt: skip
LISTS = ("aliases", "email")
DATES = ("met", "last_contact", "snooze_until")
Value = str | date | Sequence[str]  # a text, a date, or a list of texts (aliases, email)
_CAP = 1 << 20  # what a template may weigh, as read_template allows


@dataclass(frozen=True)
class PersonTemplate:
    """The template new person notes are made from."""

    text: str  # BOM and line ends as the file has them
    path: str | None = None  # the vault's template (vault-relative), None for the built-in one
    why_not: str | None = None  # why the vault's template at this path is not used, if it is not
    settings: Settings = DEFAULT_SETTINGS


@dataclass(frozen=True)
class PersonNote:
    """A person note ready to be written: where, its bytes, and the template it came from."""

    path: str  # vault-relative
    data: bytes
    template: PersonTemplate  # the one used: the vault's, or the built-in one with `why_not` set
    notes_left_out: str = ""  # why the free text given (see `person_note`) is not in it, if it is not


def load_person_template(root: Path, layout: Layout) -> PersonTemplate:
    """The vault's person template: a note named `Person` (or `Person template`, `Contact`, in any
    case) in a templates folder (see template.template_folders), else the built-in one. A template
    that cannot be read is the built-in one, with why."""
    settings = template_settings(root)
    rel = find_template(root, layout, PERSON_TEMPLATE_NAMES)
    if rel is None:
        return PersonTemplate(BUILTIN_PERSON, settings=settings)
    try:
        return PersonTemplate(read_template(root, rel), rel, settings=settings)
    except Unfillable as error:
        return PersonTemplate(BUILTIN_PERSON, why_not=f"{rel}: {error}", settings=settings)


def check_fields(fields: Mapping[str, Value], config: Config) -> dict[str, Value]:
    """The fields as they will be written, or a UserError naming the one that cannot be:
    `level` one of senior, peer, junior; `cadence` a cadence; `met` and the other dates dates;
    no template placeholder or line break in any value."""
    checked: dict[str, Value] = {}
    for name, value in fields.items():
        if name not in NEW_KEYS:
            raise UserError(f"{name}: not a person field vaultkit sets ({', '.join(NEW_KEYS)})")
        texts = [value] if isinstance(value, (str, date)) else list(value)
        if not texts or all(isinstance(t, str) and not t.strip() for t in texts):
            continue
        for text in texts:
            if isinstance(text, str) and (re.search(r"\{\{|<%|[\n\r]", text) or not text.strip()):
                raise UserError(f"{name}: '{visible(text)}' holds a template placeholder, a line break or nothing")
        if name in DATES and not isinstance(value, date):
            raise UserError(f"{name}: '{visible(str(value))}' is not a date (YYYY-MM-DD)")
        if name == "level":
            value = str(value).strip().casefold()
            if value not in LEVELS:
                raise UserError(f"level: '{visible(str(value))}' is not one of {', '.join(LEVELS)}")
        if name == "status":
            value = str(value).strip().casefold()
            if value not in STATUSES:
                raise UserError(f"status: '{visible(str(value))}' is not one of {', '.join(STATUSES)}")
        if name == "cadence" and parse_cadence(str(value).strip()) is None:
            raise UserError(f"cadence: '{visible(str(value))}' is not a cadence (14d, 6w, 3m, 1y, monthly, never)")
        if isinstance(value, str):
            value = value.strip()
        elif not isinstance(value, date):
            value = [str(t).strip() for t in value if str(t).strip()]
            if name not in LISTS:
                value = ", ".join(value)
        checked[name] = value
    return checked


def person_path(vault: Vault, name: str) -> str:
    """Where the note of a new person called `name` goes: the config's first people folder, as
    the folder on disk spells it (`people = ["people"]` and a `People/` folder are one)."""
    if not vault.config.people:
        raise RefusedError("the config names no people folder ([vault] people); nothing written")
    folder = as_on_disk(vault.config.root, vault.config.people[0].strip().strip("/"))
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def person_note(
    vault: Vault, name: str, fields: Mapping[str, Value], now: datetime, template: PersonTemplate, notes: str = ""
) -> PersonNote:
    """The note of a new person: `template` filled for `name` at `now`, with `fields` set in its
    frontmatter (`check_fields`). The vault's template when it reads back as a note of that person
    with those fields, else the built-in one with `why_not` saying why. `notes`, free text about
    them (an address book's note), goes under a `Notes` heading (see `_with_notes`) when it reads
    as plain text; else it is left out, and `notes_left_out` says why. Nothing is written."""
    checked = check_fields(fields, vault.config)
    path = person_path(vault, name)
    made: PersonNote | None = None
    if template.path is not None:
        try:
            made = PersonNote(path, _made(template, vault.config, path, name, checked, now), template)
        except Unfillable as error:
            template = PersonTemplate(BUILTIN_PERSON, why_not=f"{template.path}: {error}", settings=template.settings)
    if made is None:
        try:
            made = PersonNote(path, _made(template, vault.config, path, name, checked, now), template)
        except Unfillable as error:  # the values themselves do not read back: said, never written
            raise RefusedError(f"{visible(path)}: {error}; nothing written") from None
    return _with_notes(made, notes, vault.config) if notes.strip() else made


def create_person(
    vault: Vault,
    name: str,
    fields: Mapping[str, Value],
    now: datetime,
    template: PersonTemplate | None = None,
    taken: Taken | None = None,
    notes: str = "",
) -> PersonNote:
    """Create the note of a new person and return it; RefusedError, writing nothing, when `name`
    is not a plain file name, is already a person's name or alias (case and accents folded), or
    another note's name; when an alias given is someone's; when the note would be a sync-conflict
    copy of another, or a note vaultkit does not read; or when the system refuses the write.
    `taken` is updated with the new person (a batch passes one along); `notes` as `person_note`."""
    root = vault.config.root
    try:
        name = plain_name(name)
    except BadName as error:
        raise RefusedError(f"'{visible(name)}' is not a plain file name: {error}; nothing written") from None
    taken = Taken.of(vault) if taken is None else taken
    reason = why_taken(taken, name, _texts(fields.get("aliases", ())))
    if reason is not None:
        raise RefusedError(f"{reason}; nothing written")
    if template is None:
        template = load_person_template(root, vault.layout)
    note = person_note(vault, name, fields, now, template, notes)
    _check_place(vault, note.path, taken)
    folder = note.path.rpartition("/")[0]
    try:
        if folder:
            make_folders(root, folder)
        create_new(inside(root, note.path), note.data)
    except FileExistsError:
        raise RefusedError(f"{visible(note.path)}: exists already; nothing written") from None
    except OSError as error:
        raise RefusedError(f"{visible(note.path)}: cannot write it ({why(error)}); nothing written") from None
    taken.add(note.path, (name,))
    return note


def _check_place(vault: Vault, path: str, taken: Taken) -> None:
    """Refuse a path vaultkit would not read as a note (excluded, in a templates folder), or
    whose note would be a sync-conflict copy of a person beside it (`Ana 2.md` by `Ana.md`), or
    make one of it."""
    if not reads_as_note(vault.layout, path):
        raise RefusedError(
            f"{visible(path)}: vaultkit would not read a note there (the config's exclude, or a templates "
            "folder); nothing written"
        )
    beside = taken.related(path)
    copies = sync_copies(dict.fromkeys([*beside, path]))
    before = sync_copies(dict.fromkeys(beside))
    if path in copies:
        raise RefusedError(f"{visible(path)} would read as a sync-conflict copy of {copies[path]}; nothing written")
    made = next((copy for copy, original in copies.items() if original == path and copy not in before), None)
    if made is not None:
        raise RefusedError(f"{made} would read as a sync-conflict copy of {visible(path)}; nothing written")


# -- the note's bytes ---------------------------------------------------------------------------


def _made(
    template: PersonTemplate, config: Config, path: str, name: str, fields: Mapping[str, Value], now: datetime
) -> bytes:
    """The template filled and given `fields`, checked by reading it back as vaultkit will."""
    data = fill(template.text, name, now, template.settings).encode("utf-8")
    note = _read(path, data)
    if not note.frontmatter_valid and note.problems:
        raise Unfillable(f"its frontmatter does not read once filled ({note.problems[0].message})")
    data = apply_edits(data, _edits(note, data, config, fields))
    _check_reads_back(_read(path, data), config, path, name, fields)
    return data


def _read(path: str, data: bytes) -> ParsedNote:
    note = read_note(path, data, _CAP * 2, _CAP)
    broken = [p for p in note.problems if p.code in ("VK001", "VK002", "VK003")]
    if broken:
        raise Unfillable(f"once filled it is not a sound note (line {broken[0].line}: {broken[0].message})")
    return note


def _edits(note: ParsedNote, data: bytes, config: Config, fields: Mapping[str, Value]) -> list[Edit]:
    """Each field set where the template keeps it (the best-ranked of its keys, as the reader
    picks), else added before the frontmatter's closing line, or in a frontmatter of its own."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    close = _closing_line(lines)
    table = field_table(config)
    edits: list[Edit] = []
    added: list[str] = []
    for name, value in fields.items():
        key = _key_for(note, table, config, name, value)
        if key is None:
            added.append(_render_entry(_new_key(config, name), value, newline))
        else:
            edits.append(_value_edit(lines, close, key, value, newline))
    if added:
        if close is None:
            block = newline.join(["---", *added, "---"]) + newline
            edits.append(Edit("", 1, 1, 1, 1, block))
        else:
            edits.append(Edit("", close, 1, close, 1, newline.join(added) + newline))
    return edits


def _closing_line(lines: list[str]) -> int | None:
    """The 1-based line that closes the frontmatter, or None without one."""
    if not lines or lines[0] != "---":
        return None
    return next((i + 1 for i in range(1, len(lines)) if lines[i] in ("---", "...")), None)


def _key_for(note: ParsedNote, table: FieldTable, config: Config, name: str, value: Value) -> Field | None:
    """The key of the template that holds field `name`, if it has one: the best-ranked one, as
    the reader takes it. `role:` holds a relationship only when it would read as one (all known
    roles, and the owner has not said `role` is the job title)."""
    keys = [f for f in note.fields if table.fields.get(f.norm) == name]
    if keys:
        return min(keys, key=lambda f: table.order[f.norm])
    if name == "roles" and config.role_key == "auto":
        role = next((f for f in note.fields if f.norm == "role"), None)
        known = set(known_roles(config))
        parts = [p.strip().casefold() for p in str(value).split(",")]
        if role is not None and is_unset(role.value) and all(p in known for p in parts):
            return role
    return None


def _new_key(config: Config, name: str) -> str:
    own = config.field_aliases.get(name, ())
    return own[0] if own else NEW_KEYS[name]


def _render_entry(key: str, value: Value, newline: str) -> str:
    return key + ":" + _rendered(value, newline)


def _rendered(value: Value, newline: str) -> str:
    """What follows `key:`: ` value`, or the items of a block list, one a line."""
    if isinstance(value, date):
        return " " + value.isoformat()
    if isinstance(value, str):
        return " " + scalar(value)
    return "".join(f"{newline}  - {scalar(item)}" for item in value)


def scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as that text, typed as Obsidian types it: plain
    when it can be (`Acme, Inc.`), else double-quoted (`"[[Acme]]"`, `"2026-01-01"`, `"yes: no"`)."""
    if text == text.strip() and text[:1] not in ("", "'", '"', "&", "*", "!", "|", ">", "%", "@", "`", "#"):
        read = parse_frontmatter("k: " + text, 1, _CAP)
        if read.valid and len(read.fields) == 1 and read.fields[0].value == text and not read.links:
            return text
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _value_edit(lines: list[str], close: int | None, key: Field, value: Value, newline: str) -> Edit:
    """Replace the value of `key` by `value`, touching nothing else of its lines: a comment after
    the value stays, and so does the spacing before it."""
    line = lines[key.line - 1]
    colon = line.find(":", key.end_column - 1)
    after = colon + 2  # the 1-based column just after the colon
    rendered = _rendered(value, newline)
    block = not isinstance(value, (str, date))
    span = key.value_span
    if span is not None and span[:2] != span[2:]:  # a scalar written out (`peer`, `""`, `~`): it goes
        if block:
            return Edit("", key.line, after, span[2], span[3], rendered)
        return Edit("", span[0], span[1], span[2], span[3], rendered[1:])
    if span is not None:  # nothing after the colon, but perhaps a comment
        end = len(line) + 1
        if not line[colon + 1 :].strip():
            return Edit("", key.line, after, key.line, end, rendered)
        at = end if block else after  # a list below the comment, a value before it
        return Edit("", key.line, at, key.line, at, rendered)
    last = key.line  # a list or a table: its lines go with it
    while last < len(lines) and last + 1 != close and lines[last][:1] in (" ", "\t", "-") and lines[last].strip():
        last += 1
    return Edit("", key.line, after, last, len(lines[last - 1]) + 1, rendered)


def _check_reads_back(note: ParsedNote, config: Config, path: str, name: str, fields: Mapping[str, Value]) -> None:
    """Unfillable unless the note reads as the person `name` with every field as given."""
    stem = path.rsplit("/", 1)[-1][:-3]
    person = read_person_fields(note.fields, stem, config, field_table(config), note.inline_fields)

    def same(a: str, b: str) -> bool:
        return " ".join(fold_accents(a).split()) == " ".join(fold_accents(b).split())

    if not same(person.name, name):
        raise Unfillable(f"the note would be called '{visible(person.name)}', not '{visible(name)}'")
    got: dict[str, object] = {
        "level": person.level, "company": person.company, "title": person.title, "met": person.met,
        "last_contact": person.last_contact, "snooze_until": person.snooze_until, "status": person.status,
    }  # fmt: skip
    for field_name, value in fields.items():
        if field_name == "roles":
            wanted = {normalize_key(p) for p in str(value).split(",") if p.strip()}
            ok = wanted <= {normalize_key(r) for r in person.roles}
        elif field_name == "cadence":
            ok = person.cadence == parse_cadence(value)
        elif field_name == "aliases":
            ok = list(person.aliases) == _texts(value)
        elif field_name == "email":
            ok = list(person.emails) == _texts(value)
        elif field_name == "birthday":
            ok = person.birthday is not None
        elif field_name in ("company", "title"):
            ok = got[field_name] == _shown(str(value))
        else:
            ok = got[field_name] == value
        if not ok:
            raise Unfillable(f"its {field_name} would not read as '{visible(str(value))}'")


# -- free text about the person ------------------------------------------------------------------

NOTES_HEADING = "Notes"


def _with_notes(made: PersonNote, notes: str, config: Config) -> PersonNote:
    """`made` with `notes` at the end of its `Notes` section, else under a new `Notes` heading
    before the log's (at its level), else at the end of the note; the other lines as they were.
    Left out, with why, when the text would read as more than text: a link, a task, a dated or
    tagged item, a heading, a field, a suppression, or a change to how the rest of the note reads."""
    lines = [line.rstrip() for line in notes.strip("\r\n").replace("\r\n", "\n").split("\n")]
    if any(not char.isprintable() and char != "\t" for line in lines for char in line):
        return replace(made, notes_left_out="they hold control characters")
    text = made.data.decode("utf-8")
    raw = text.split("\n")
    final = raw[-1] == ""
    raw = raw[:-1] if final else raw
    cr = "\r" if text.split("\n", 1)[0].endswith("\r") else ""
    before = _read(made.path, made.data)
    at, block, heading = _notes_place(before, [line.removesuffix("\r") for line in raw], lines, config)
    written = raw[:at] + [line + cr for line in block] + raw[at:]
    data = ("\n".join(written) + ("\n" if final or at == len(raw) else "")).encode("utf-8")
    try:
        after = _read(made.path, data)
    except Unfillable:
        after = None
    if after is None or _said_by(before) != _said_by(after, at + block.index(heading) + 1 if heading else 0):
        return replace(made, notes_left_out="they would read as more than text: a link, a task, a heading, a field")
    return replace(made, data=data)


def _notes_place(note: ParsedNote, body: list[str], lines: list[str], config: Config) -> tuple[int, list[str], str]:
    """Where the notes go (the 0-based line they are inserted before), the lines inserted, and the
    heading among them ("" when the note has its own)."""
    own = next((h for h in note.headings if h.text.strip().casefold() == NOTES_HEADING.casefold()), None)
    if own is not None:
        ends = [h.line - 1 for h in note.headings if h.line > own.line and h.level <= own.level]
        end = ends[0] if ends else len(body)
        last = max(i for i in range(own.line - 1, end) if body[i].strip())
        return last + 1, lines if last == own.line - 1 else ["", *lines], ""  # a paragraph of its own
    names = {name.casefold() for name in config.headings["log"]}
    log = next((h for h in note.headings if h.level > 1 and h.text.strip().casefold() in names), None)
    if log is not None:
        heading = f"{'#' * log.level} {NOTES_HEADING}"
        return log.line - 1, [heading, *lines, ""], heading
    levels = [h.level for h in note.headings if h.level > 1]
    heading = f"{'#' * (min(levels) if levels else 2)} {NOTES_HEADING}"
    blank = [""] if body and body[-1].strip() else []
    return len(body), [*blank, heading, *lines], heading


def _said_by(note: ParsedNote, ours: int = 0) -> tuple[object, ...]:
    """What a note says besides its text, wherever it says it: fields, links, items, suppressions,
    problems and headings (but for the heading at line `ours`, the one the notes came with)."""
    links = [(k.target, k.subpath, k.display, k.kind, k.embed, k.quote, k.struck) for k in note.links]
    items = [(i.status, i.date, i.tags, i.quote, i.struck, i.text) for i in note.items]
    headings = [(h.level, h.text, h.date, h.tags) for h in note.headings if h.line != ours]
    return (
        tuple(links), tuple(items), tuple(headings), tuple((f.key, f.value) for f in note.inline_fields),
        tuple(d.codes for d in note.directives), tuple(sorted(p.code for p in note.problems)),
        tuple((f.key, f.value) for f in note.fields),
    )  # fmt: skip


def _texts(value: Value) -> list[str]:
    if isinstance(value, date):
        return [value.isoformat()]
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _shown(text: str) -> str:
    """A value as a person's field reads it: a `[[link|text]]` is the text it shows."""
    if text.startswith("[[") and text.endswith("]]"):
        return text[2:-2].split("|", 1)[-1]
    return text
