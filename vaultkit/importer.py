"""`vaultkit import`: a network kept elsewhere made person notes, in one batch.

Reads vCard 3 and 4 (`.vcf`, with vobject), LinkedIn's `Connections.csv` as LinkedIn writes it (a
`Notes:` preamble, then `First Name,Last Name,URL,Email Address,Company,Position,Connected On`)
and Google Contacts' CSV (its current header and the older `Given Name`/`Family Name` one).

Each contact is matched against the vault's people, and against the contacts before it in the
file, by name, alias or email (case and accents aside): a match is never written over, only
listed with what merging it would add. The others become notes through `vaultkit new`'s own
`create_person`, each created exclusively and whole; the batch stops at the first note the
system refuses, after saying which notes were written.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.create import BadName, PersonTemplate, Taken, create_person, person_note, plain_name
from vaultkit.errors import RefusedError, UserError
from vaultkit.model import sync_copies
from vaultkit.people import PersonFields
from vaultkit.text import fold_accents, fold_name, visible
from vaultkit.writer import reads_as_note

if TYPE_CHECKING:
    from vaultkit.create.person import Value
    from vaultkit.model import Vault

VCARD, LINKEDIN, GOOGLE = "vCard", "LinkedIn connections", "Google Contacts"
MAX_BYTES = 64 * 1024 * 1024  # an address book, not a disk image


class Contact(NamedTuple):
    """One person as the source file has them."""

    where: str  # `line 12`, `card 3 (line 40)`: how the owner finds them in the file
    name: str
    emails: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    birthday: date | str | None = None  # a date, or `MM-DD` without a year
    met: date | None = None  # when they connected (LinkedIn)
    line: int = 0  # where they begin in the file
    notes: str = ""  # free text about them: a vCard's NOTE, Google's Notes


class Creation(NamedTuple):
    contact: Contact
    name: str  # as the note's file name holds it
    path: str
    fields: Mapping[str, Value]
    notes: str = ""  # written under the note's Notes heading
    left_out: tuple[str, ...] = ()  # what the contact says that the note will not, each with why


class Merge(NamedTuple):
    contact: Contact
    into: str  # the note of the person they are, or where in the file they came first
    why: str  # `same email ana@x.example`, `same name`
    adds: tuple[str, ...]  # what merging would add: `email ana@x.example`, `title CTO`


class Skip(NamedTuple):
    where: str
    name: str
    why: str
    line: int = 0


class ImportPlan(NamedTuple):
    source: str  # what the file is: VCARD, LINKEDIN or GOOGLE
    contacts: int  # read, the unreadable ones included
    create: tuple[Creation, ...]
    merge: tuple[Merge, ...]
    skip: tuple[Skip, ...]


# -- reading the file ------------------------------------------------------------------------------


def read_contacts(path: Path) -> tuple[str, list[Contact], list[Skip]]:
    """The contacts of an address book file, what kind of file it is, and the entries it holds that
    cannot be read (each with where and why). A file that is none of the kinds is a UserError."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB: not an address book export")
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(f"{path}: not UTF-8 (line {line}): export it again as UTF-8") from None
    if re.match(r"\s*BEGIN:VCARD", text, re.IGNORECASE):
        contacts, skipped = read_vcards(text)
        return VCARD, contacts, skipped
    reader = csv.reader(text.splitlines())
    rows = [(reader.line_num, row) for row in reader]  # a quoted cell may hold line breaks
    for number, (_, row) in enumerate(rows):
        header = [cell.strip() for cell in row]
        if {"First Name", "Last Name", "Connected On"} <= set(header):
            return LINKEDIN, *_linkedin(header, rows[number + 1 :])
        if "E-mail 1 - Value" in header or {"Given Name", "Family Name"} <= set(header):
            return GOOGLE, *_google(header, rows[number + 1 :])
        if number >= 20:
            break
    raise UserError(
        f"{path}: not an address book vaultkit reads: a vCard file (.vcf), LinkedIn's Connections.csv "
        "(First Name,Last Name,URL,Email Address,Company,Position,Connected On) or a Google Contacts CSV"
    )


def read_vcards(text: str) -> tuple[list[Contact], list[Skip]]:
    """Each `BEGIN:VCARD` … `END:VCARD` read alone, so that one broken card is skipped with its
    line, not the end of the import."""
    import vobject  # type: ignore[import-untyped]  # only here: it is slow to import

    contacts: list[Contact] = []
    skipped: list[Skip] = []
    for number, (line, card) in enumerate(_cards(text), start=1):
        where = f"card {number} (line {line})"
        try:
            parsed = vobject.readOne("\r\n".join(card) + "\r\n")
        except Exception as error:  # vobject raises what its parsers raise: any of them means unreadable
            skipped.append(Skip(where, "", f"cannot be read: {_said(error, card, line)}", line))
            continue
        contacts.append(_vcard_contact(where, parsed)._replace(line=line))
    return contacts, skipped


def _cards(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each card's first line in the file, and its lines."""
    lines = text.splitlines()
    start: int | None = None
    for number, line in enumerate(lines):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            start = number
        elif upper == "END:VCARD" and start is not None:
            yield start + 1, lines[start : number + 1]
            start = None


_VOBJECT_LINE = re.compile(r"At line \d+: ", re.IGNORECASE)  # vobject's count, which is not the file's
_UNPARSED = re.compile(r"Failed to parse line: (.*)", re.DOTALL)


def _said(error: Exception, card: list[str], first: int) -> str:
    """Why vobject could not read a card, in one line: the file's line of the line it could not
    parse (vobject counts its own lines, wrongly), else what vobject says, without its line."""
    said = _VOBJECT_LINE.sub("", str(error), count=1)
    unparsed = _UNPARSED.fullmatch(said.strip())
    if unparsed is not None:
        at = _logical_line(card, unparsed[1])
        shown = " ".join(unparsed[1].split())
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        where = f"line {first + at}" if at is not None else "a line"
        return f'{where} is not a vCard property, NAME:value ("{shown}")'
    return " ".join(said.split())[:120] or type(error).__name__


def _logical_line(card: list[str], text: str) -> int | None:
    """Where in `card` (0-based) the unfolded line `text` begins: a line that starts with a blank
    continues the one before it (vCard's folding)."""
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(card):
        if line[:1] in (" ", "\t") and starts:
            starts[-1] = (starts[-1][0], starts[-1][1] + line[1:])
        elif line.strip():
            starts.append((index, line))
    found = next((index for index, whole in starts if whole == text), None)
    if found is None:  # a quoted-printable soft break, or a line vobject read otherwise: its beginning
        found = next((index for index, whole in starts if text.startswith(whole)), None)
    return found


def _vcard_contact(where: str, card: object) -> Contact:
    contents: Mapping[str, list[object]] = getattr(card, "contents", {})

    def values(key: str) -> list[object]:
        return [getattr(item, "value", None) for item in contents.get(key, [])]

    name = next((str(v).strip() for v in values("fn") if str(v or "").strip()), "")
    if not name:
        for n in values("n"):
            parts = [_joined(getattr(n, part, "")) for part in ("prefix", "given", "additional", "family", "suffix")]
            name = " ".join(part for part in parts if part)
            if name:
                break
    org = next((v for v in values("org") if v), None)
    company = _joined(org[0] if isinstance(org, list) and org else org) or None
    title = next((str(v).strip() for v in values("title") if str(v or "").strip()), None)
    emails = tuple(str(v).strip() for v in values("email") if str(v or "").strip())
    birthday = next((b for b in (_birthday(str(v or "")) for v in values("bday")) if b is not None), None)
    notes = "\n\n".join(str(v).strip() for v in values("note") if str(v or "").strip())
    return Contact(where, _clean(name), emails, _clean(company), _clean(title), birthday, notes=notes)


def _joined(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(part).strip() for part in value if str(part).strip())
    return str(value or "").strip()


def _clean(text: str | None) -> str:
    """One line of text: line breaks and runs of blanks made one space."""
    return " ".join((text or "").split())


_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T[\d:.]*Z?(?:[+-]\d{2}:?\d{2})?)?")
NO_YEAR = (1604, 1900)  # what Apple's and some Android exports write for a birthday without a year


def _birthday(text: str) -> date | str | None:
    """A birthday as vCard and Google write it: `1985-04-12`, `19850412`, `--0412`, `--04-12`,
    a date-time; a date, or `MM-DD` when the year is not known."""
    m = _BDAY.fullmatch(text.strip())
    if m is None:
        return None
    month, day = int(m[2]), int(m[3])
    try:
        date(2000, month, day)  # a leap year: 02-29 is a birthday
        if m[1] != "--" and int(m[1]) not in NO_YEAR:
            return date(int(m[1]), month, day)
    except ValueError:
        return None
    return f"{month:02d}-{day:02d}"


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
)}  # fmt: skip
_CONNECTED = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})")


def _connected(text: str) -> date | None:
    """LinkedIn's `Connected On`: `05 Oct 2026` (English month names whatever the locale), or ISO."""
    text = text.strip()
    m = _CONNECTED.fullmatch(text)
    try:
        if m is not None and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _linkedin(header: list[str], rows: list[tuple[int, list[str]]]) -> tuple[list[Contact], list[Skip]]:
    contacts = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        get = _getter(header, row)
        name = _clean(f"{get('First Name')} {get('Last Name')}")
        emails = tuple(e for e in [get("Email Address")] if e)
        contacts.append(
            Contact(f"line {line}", name, emails, get("Company") or None, get("Position") or None, None,
                    _connected(get("Connected On")), line)
        )  # fmt: skip
    return contacts, []


def _google(header: list[str], rows: list[tuple[int, list[str]]]) -> tuple[list[Contact], list[Skip]]:
    email_columns = [column for column in header if re.fullmatch(r"E-mail \d+ - Value", column)]
    contacts = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        get = _getter(header, row)
        name = get("Name") or _clean(
            " ".join(get(c) for c in ("Name Prefix", "First Name", "Given Name", "Middle Name", "Additional Name",
                                      "Last Name", "Family Name", "Name Suffix"))
        ) or get("File As")  # fmt: skip
        emails = tuple(
            e.strip() for column in email_columns for e in get(column).split(":::") if e.strip()
        )  # Google joins several values of one cell with ` ::: `
        company = get("Organization Name") or get("Organization 1 - Name") or None
        title = get("Organization Title") or get("Organization 1 - Title") or None
        notes = next((row[i].strip() for i, c in enumerate(header) if c == "Notes" and i < len(row)), "")
        contacts.append(
            Contact(f"line {line}", name, emails, company, title, _birthday(get("Birthday")), None, line, notes)
        )
    return contacts, []


def _getter(header: list[str], row: list[str]) -> Callable[[str], str]:
    cells = {column: row[i] for i, column in enumerate(header) if i < len(row)}

    def get(column: str) -> str:
        return _clean(cells.get(column, ""))

    return get


# -- the plan ----------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(fold_accents(text).split())


def plan_import(
    vault: Vault, source: str, contacts: Iterable[Contact], unreadable: Iterable[Skip], now: datetime,
    template: PersonTemplate,
) -> ImportPlan:  # fmt: skip
    """Which contacts become notes (each note made now, so that nothing is written if one cannot
    be), which are people the vault or the file has already (to merge by hand), and which are
    skipped, with why. Nothing is written."""
    taken = Taken.of(vault)
    known = {_key(e): p.path for p in vault.person_notes for e in p.fields.emails}
    fields_of = {p.path: p.fields for p in vault.person_notes}
    folders = _Folders(p.path for p in vault.person_notes)
    seen: dict[str, Contact] = {}  # the file's own people so far, by folded name and email
    create: list[Creation] = []
    merge: list[Merge] = []
    skip = list(unreadable)
    count = len(skip)
    for contact in contacts:
        count += 1
        if not contact.name:
            skip.append(Skip(contact.where, "", "no name", contact.line))
            continue
        try:
            name = plain_name(contact.name)
        except BadName as error:
            skip.append(Skip(contact.where, contact.name, f"not a plain file name: {error}", contact.line))
            continue
        found = _match(taken, known, name, contact.emails)
        if found is not None:
            path, why = found
            merge.append(Merge(contact, path, why, _adds(contact, fields_of.get(path))))
            continue
        earlier = next((seen[k] for k in (_key(name), *map(_key, contact.emails)) if k in seen), None)
        if earlier is not None:
            why = "same name" if _key(earlier.name) == _key(name) else "same email"
            merge.append(Merge(contact, f"{earlier.where} above", why, _adds(contact, None, earlier)))
            continue
        other = taken.note(name)
        if other is not None:
            why = f"{other} has that name already: [[{name}]] would mean two notes"
            skip.append(Skip(contact.where, name, why, contact.line))
            continue
        fields, left_out = _fields(contact, vault.today)
        try:
            note = person_note(vault, name, fields, now, template, contact.notes)
        except (RefusedError, UserError) as error:
            skip.append(Skip(contact.where, name, str(error).removesuffix("; nothing written"), contact.line))
            continue
        why_not = _unreadable_place(vault, note.path, folders)
        if why_not:
            skip.append(Skip(contact.where, name, why_not, contact.line))
            continue
        folders.add(note.path)
        for k in (_key(name), *map(_key, contact.emails)):
            seen.setdefault(k, contact)
        if note.notes_left_out:
            left_out.append(f"notes ({note.notes_left_out})")
        notes = contact.notes if contact.notes.strip() and not note.notes_left_out else ""
        create.append(Creation(contact, name, note.path, fields, notes, tuple(left_out)))
    return ImportPlan(source, count, tuple(create), tuple(merge), tuple(skip))


def _match(taken: Taken, known: Mapping[str, str], name: str, emails: Iterable[str]) -> tuple[str, str] | None:
    """The person note a contact already is: by name, alias or file name, else by email."""
    path = taken.person(name)
    if path is not None:
        return path, "same name"
    for email in emails:
        path = known.get(_key(email))
        if path is not None:
            return path, f"same email {email}"
    return None


def _fields(contact: Contact, today: date) -> tuple[dict[str, Value], list[str]]:
    """The note's fields, and what the contact says that they cannot hold, with why."""
    fields: dict[str, Value] = {}
    left_out: list[str] = []
    if contact.company:
        fields["company"] = contact.company
    if contact.title:
        fields["title"] = contact.title
    if contact.emails:
        fields["email"] = list(dict.fromkeys(contact.emails))
    if contact.birthday is not None and (not isinstance(contact.birthday, date) or contact.birthday <= today):
        fields["birthday"] = contact.birthday
    elif contact.birthday is not None:
        left_out.append(f"birthday {_shown(contact.birthday)} (after today)")
    if contact.met is not None and contact.met <= today:  # a `met` after today would be VK006
        fields["met"] = contact.met
    elif contact.met is not None:
        left_out.append(f"met {contact.met} (after today)")
    return fields, left_out


class _Folders:
    """The person notes of each folder by folded file name, for the sync-conflict test (a copy's
    name begins with its original's: `Ana 2`, `Ana (conflicted copy …)`), kept as notes are planned."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.stems: dict[str, dict[str, str]] = {}
        self.sorted: dict[str, list[str]] = {}
        for path in paths:
            self.add(path)

    def add(self, path: str) -> None:
        folder, _, name = path.rpartition("/")
        stem = fold_name(name[:-3])
        if stem not in self.stems.setdefault(folder, {}):
            self.stems[folder][stem] = path
            insort(self.sorted.setdefault(folder, []), stem)

    def related(self, path: str) -> list[str]:
        """The notes beside `path` whose name begins its name, or begins with it."""
        folder, _, name = path.rpartition("/")
        stem, stems = fold_name(name[:-3]), self.stems.get(folder, {})
        found = [stems[stem[:i]] for i in range(1, len(stem)) if stem[:i] in stems]
        names = self.sorted.get(folder, [])
        at = bisect_left(names, stem)
        while at < len(names) and names[at].startswith(stem):
            found.append(stems[names[at]])
            at += 1
        return [p for p in found if p != path]


def _unreadable_place(vault: Vault, path: str, folders: _Folders) -> str:
    """Why a note at `path` would not read as a person of its own: not read at all (excluded, a
    templates folder), or a sync-conflict copy of a note beside it (`Ana 2.md` by `Ana.md`), or one
    that makes another a copy of it. "" when it reads as meant."""
    if not reads_as_note(vault.layout, path):
        return f"{path}: vaultkit would not read a note there (the config's exclude, or a templates folder)"
    here = folders.related(path)
    if not here:
        return ""
    copies = sync_copies(dict.fromkeys([*here, path]))
    before = sync_copies(dict.fromkeys(here))
    if path in copies:
        return f"{path} would read as a sync-conflict copy of {copies[path]}"
    made = next((copy for copy, original in copies.items() if original == path and copy not in before), None)
    return f"{made} would read as a sync-conflict copy of {path}" if made else ""


def _adds(contact: Contact, fields: PersonFields | None, earlier: Contact | None = None) -> tuple[str, ...]:
    """What the contact says that the note (or the contact first seen) does not."""
    if fields is not None:
        emails, company, title = fields.emails, fields.company, fields.title
        birthday: object = fields.birthday
        met: object = fields.met
    elif earlier is not None:
        emails, company, title, birthday, met = (
            earlier.emails, earlier.company, earlier.title, earlier.birthday, earlier.met
        )  # fmt: skip
    else:
        return ()
    out = [f"email {e}" for e in contact.emails if _key(e) not in {_key(x) for x in emails}]
    for what, new, old in (("company", contact.company, company), ("title", contact.title, title)):
        if new and (old is None or _key(new) != _key(old)):
            out.append(f"{what} {new}" + (f" (now {old})" if old else ""))
    if contact.birthday is not None and birthday is None:
        out.append(f"birthday {_shown(contact.birthday)}")
    if contact.met is not None and met is None:
        out.append(f"met {contact.met}")
    if contact.notes.strip() and (earlier is None or _key(contact.notes) != _key(earlier.notes)):
        shown = " ".join(contact.notes.split())
        out.append(f'notes "{shown if len(shown) <= 40 else shown[:39] + "…"}"')
    return tuple(out)


def _shown(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


# -- writing -----------------------------------------------------------------------------------------


class Stopped(RefusedError):
    """The batch stopped at a note the system or the vault refused; the notes before it are written."""

    def __init__(self, written: list[str], total: int, at: str, why: str) -> None:
        done = f"the {len(written)} listed above were written whole" if written else "nothing was written"
        super().__init__(f"import stopped at {at}: {why}; {done}, the other {total - len(written)} were not")
        self.written = written


def write_import(
    vault: Vault, plan: ImportPlan, now: datetime, template: PersonTemplate, done: Callable[[str], None]
) -> list[str]:
    """Create the plan's notes, one after the other, each whole or not at all (see
    `create_person`); `done(path)` after each. Stopped at the first one refused."""
    taken = Taken.of(vault)
    written: list[str] = []
    for item in plan.create:
        try:
            note = create_person(vault, item.name, item.fields, now, template, taken, item.notes)
        except (RefusedError, UserError) as error:
            raise Stopped(written, len(plan.create), item.path, str(error).removesuffix("; nothing written")) from None
        written.append(note.path)
        done(note.path)
    return written


def describe(plan: ImportPlan, dry_run: bool) -> list[str]:
    """The plan as lines: what would be created (on a dry run), then, in the file's order, who is
    there already (merged by hand, never written over) and what is skipped, with why."""
    out = [f"would create {visible(c.path)}{_summary(c)}{left_out(c)}" for c in plan.create] if dry_run else []
    said: list[tuple[int, str]] = []
    for m in plan.merge:
        adds = f": merging would add {'; '.join(m.adds)}" if m.adds else ": nothing to add"
        said.append((m.contact.line, f"not written: {m.contact.where}, {m.contact.name}, is {m.into} ({m.why}){adds}"))
    for s in plan.skip:
        said.append((s.line, f"skipped: {s.where}{', ' + s.name if s.name else ''}: {s.why}"))
    return out + [visible(line) for _, line in sorted(said, key=lambda pair: pair[0])]


def _summary(creation: Creation) -> str:
    c = creation.contact
    parts = [", ".join(p for p in (c.company, c.title) if p)]
    parts.append(", ".join(c.emails))
    parts.append(f"birthday {_shown(c.birthday)}" if c.birthday is not None and "birthday" in creation.fields else "")
    parts.append(f"met {c.met}" if "met" in creation.fields else "")
    parts.append("notes" if creation.notes else "")
    said = "; ".join(p for p in parts if p)
    return f" ({visible(said)})" if said else ""


def left_out(creation: Creation) -> str:
    """`; left out: met 2027-01-05 (after today)`: what the note will not say of the contact."""
    return visible(f"; left out: {', '.join(creation.left_out)}") if creation.left_out else ""


def totals(plan: ImportPlan, created: int | None) -> str:
    """The last line: how many notes, merges and skips."""
    merges = f"{len(plan.merge):,} already in the vault or the file (merge by hand)"
    skips = f"{len(plan.skip):,} skipped"
    read = f"{_count(plan.contacts, 'contact')} ({plan.source})"
    if created is None:
        notes = _count(len(plan.create), "note")
        return f"{read}: {notes} to create in {_folder(plan)}, {merges}, {skips}. Nothing written (--dry-run)."
    return f"{read}: created {_count(created, 'note')} in {_folder(plan)}, {merges}, {skips}."


def _count(number: int, what: str) -> str:
    return f"{number:,} {what}{'' if number == 1 else 's'}"


def _folder(plan: ImportPlan) -> str:
    folders = sorted({c.path.rpartition("/")[0] + "/" for c in plan.create})
    return ", ".join(folders) if folders else "the people folder"


def import_file(
    vault: Vault, path: Path, now: datetime, dry_run: bool, say: Callable[[str], None], warn: Callable[[str], None]
) -> None:
    """`vaultkit import FILE`: read it, plan, write (unless `dry_run`), and `say` what was done."""
    from vaultkit.create import load_person_template

    source, contacts, unreadable = read_contacts(path)
    template = load_person_template(vault.config.root, vault.layout)
    if template.why_not is not None:
        warn(f"vaultkit: {template.why_not}: the built-in person template is used")
    plan = plan_import(vault, source, contacts, unreadable, now, template)
    said = {c.path: left_out(c) for c in plan.create}
    created = None
    if not dry_run:

        def done(written: str) -> None:
            say(visible(f"created {written}") + said.get(written, ""))

        created = len(write_import(vault, plan, now, template, done))
    for line in describe(plan, dry_run):
        say(line)
    say(totals(plan, created))
