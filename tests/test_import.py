"""`vaultkit import`: an address book becomes person notes, one per new person, never over
anyone already in the vault, and `check` finds nothing to complain of in what it wrote."""

from __future__ import annotations

import random
import time
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import VaultBuilder

import vaultkit
from vaultkit.create import load_person_template, person_note
from vaultkit.importer import Stopped, plan_import, read_contacts, write_import
from vaultkit.text import fold_accents

TODAY = "2026-11-20"
NOW = datetime(2026, 11, 20, 9, 30)

FIRST = (
    "Ana", "José", "Zoë", "Søren", "Chloé", "Łukasz", "Aiko", "Émile", "Björn", "Ngozi", "Priya", "Mateus",
    "Ines", "Yusuf", "Dagný", "Kwame", "Oona", "Rafał", "Tomás", "Wen", "Lea", "Marek", "Sinéad", "Hana",
    "Ivo", "Jürgen", "Kalani", "Lucía", "Mikkel", "Nadia", "Olek", "Paz", "Quinn", "Renée", "Sami", "Tuğba",
    "Ulla", "Vera", "Xochitl", "Yara",
)  # fmt: skip
LAST = (
    "Núñez", "Østergaard", "Müller", "O'Brien", "García-López", "Dvořák", "Smith", "Kowalski", "Ito", "Öztürk",
    "Nakamura", "Fernández", "Haugen", "Mbeki", "Rossi", "Lefèvre", "Papadopoulos", "Kim", "Novak", "Silva",
    "Okafor", "Jansen", "Lindqvist", "Moreau", "Horváth", "Schmidt", "Ruiz", "Popescu", "Bianchi", "Čapek",
    "Eriksen", "Fitzgerald", "Gómez", "Hoang", "Ivanova", "Jovanović", "Kaur", "Larsen", "Mäkinen", "Nowak",
    "Oliveira", "Park", "Quispe", "Reyes", "Sato", "Tanaka", "Umarov", "Vargas", "Weiß", "Yilmaz",
    "Zielińska", "Abebe", "Brennan", "Costa", "Dupont",
)  # fmt: skip
COMPANIES = ("Northwind", "Acme, Inc.", "Globex", "Initech", "Umbrella Corp", "Société Générale", "Zürich AG")
TITLES = ("Staff Engineer", "VP, Platform", "Director of Product", "Designer", "CTO", "Recruiter", "Data Scientist")


class Someone(NamedTuple):
    name: str
    email: str | None
    company: str | None
    title: str | None
    birthday: str | None  # as the source writes it


def ascii_of(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if c.isascii() and c.isalpha()).lower()


def people(count: int, seed: int) -> list[Someone]:
    """`count` different people (different after folding case and accents), messy in what they have."""
    rng = random.Random(seed)
    pairs = [(f, last) for f in FIRST for last in LAST if (f, last) != ("José", "García-López")]  # in `existing`
    rng.shuffle(pairs)
    out = []
    for i, (first, last) in enumerate(pairs[:count]):
        email = f"{ascii_of(first)}.{ascii_of(last)}{i}@example.org" if rng.random() < 0.8 else None
        birthday = rng.choice([None, None, f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                               "--02-29", "--1231", f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}15"])  # fmt: skip
        company = rng.choice([None, *COMPANIES])
        title = rng.choice([None, None, *TITLES])
        out.append(Someone(f"{first} {last}", email, company, title, birthday))
    return out


def vcard(person: Someone, version: str, rng: random.Random, name_form: str = "fn") -> str:
    first, last = person.name.split(" ", 1)
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if name_form in ("fn", "both"):
        lines.append(f"FN:{person.name}")
    if name_form in ("n", "both"):
        lines.append(f"N:{last};{first};;;")
    elif version == "3.0":
        lines.append(f"N:{last};{first};;;")  # vCard 3 requires N
    if person.email:
        email = person.email.upper() if rng.random() < 0.1 else person.email
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{email}" if version == "3.0" else f"EMAIL;TYPE=work:{email}")
    if person.company:
        lines.append("ORG:" + person.company.replace(",", "\\,") + (";Platform" if rng.random() < 0.3 else ""))
    if person.title:
        lines.append("TITLE:" + person.title.replace(",", "\\,"))
    if person.birthday:
        lines.append(f"BDAY:{person.birthday}")
    if rng.random() < 0.2:  # a long line, folded as vCard folds them
        note = "NOTE:" + "Met at a conference about distributed systems and stayed in touch since then. " * 2
        lines += [note[:75], " " + note[75:]]
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def existing(vault: VaultBuilder) -> VaultBuilder:
    """A vault with people the address book has too: by email under another name, by alias, and
    by a name written without accents."""
    vault.write("vaultkit.toml", "")
    vault.write("People/Ada Lovelace.md", "---\nrelationship: mentor\nemail: ada@analytical.example\n---\n# Ada\n")
    vault.write("People/Grace Hopper.md", "---\naliases: [Amazing Grace]\ncompany: Navy\n---\n")
    vault.write("People/Jose Garcia-Lopez.md", "---\nlevel: peer\n---\n")
    return vault


def snapshot(root: Path) -> dict[str, bytes]:
    """The vault's files, but for vaultkit's index."""
    files = (p for p in root.rglob("*") if p.is_file() and ".vaultkit" not in p.parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def test_two_thousand_vcards_make_one_note_per_new_person(existing: VaultBuilder, tmp_path: Path) -> None:
    rng = random.Random(16)
    crowd = people(1995, seed=16)
    cards = [vcard(p, rng.choice(("3.0", "4.0")), rng, rng.choice(("fn", "n", "both"))) for p in crowd]
    # Duplicates, after the first card of each: the same people in another case, without accents, or
    # another name with the same email (the first card of an email is the person, whatever its name).
    again = rng.sample(range(len(crowd)), 12)
    for n, i in enumerate(again):
        twin = crowd[i]
        if n % 3 == 0:
            twin = twin._replace(name=twin.name.upper())
        elif n % 3 == 1:
            twin = twin._replace(name=fold_accents(twin.name).title())
        elif twin.email:
            twin = twin._replace(name="Someone Else Entirely", company="Elsewhere")
        cards.insert(rng.randrange(len(crowd), len(cards) + 1), vcard(twin, "4.0", rng))  # after the first
    cards.insert(
        100, vcard(Someone("Augusta Ada King", "ADA@analytical.example", "Analytical", None, None), "3.0", rng)
    )
    cards.insert(200, vcard(Someone("amazing grace", None, "Navy", "Rear Admiral", "1906-12-09"), "4.0", rng))
    cards.insert(300, vcard(Someone("José García-López", None, None, None, None), "3.0", rng))
    cards.insert(400, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEMAIL:nobody@example.org\r\nEND:VCARD\r\n")
    cards.insert(500, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half A Card\r\nEMAIL\r\nEND:VCARD\r\n")
    assert len(cards) == 2012
    source = tmp_path / "contacts.vcf"
    source.write_text("".join(cards), encoding="utf-8")
    before = snapshot(existing.root)

    dry = existing.run("import", str(source), "--dry-run", today=TODAY)
    assert dry.code == 0 and snapshot(existing.root) == before
    started = time.perf_counter()
    result = existing.run("import", str(source), today=TODAY)
    seconds = time.perf_counter() - started
    print(f"imported 2,012 vCards in {seconds:.2f} s")
    assert (result.code, result.err) == (0, "")
    created = [line.removeprefix("created ") for line in result.out.splitlines() if line.startswith("created ")]
    assert len(created) == 1995
    assert [line.removeprefix("would create ").split(" (")[0] for line in dry.out.splitlines()
            if line.startswith("would create ")] == created  # fmt: skip
    assert result.out.splitlines()[-1] == (
        "2,012 contacts (vCard): created 1,995 notes in People/, 15 already in the vault or the file "
        "(merge by hand), 2 skipped."
    )
    assert "not written: card 101 (line " in result.out and "is People/Ada Lovelace.md (same email" in result.out
    assert "is People/Grace Hopper.md (same name): merging would add title Rear Admiral; birthday 1906-12-09" in (
        result.out
    )
    assert "is People/Jose Garcia-Lopez.md (same name)" in result.out
    assert "skipped: card 401 (line " in result.out and "): no name" in result.out
    assert "skipped: card 501 (line " in result.out and "cannot be read" in result.out

    # The owner's notes are as they were; one note per new person, named for them.
    after = snapshot(existing.root)
    assert {path: data for path, data in after.items() if path in before} == before
    opened = vaultkit.open_vault(existing.root, today=date.fromisoformat(TODAY))
    names = Counter(fold_accents(p.name) for p in opened.people)
    assert [p.name for p in crowd if names[fold_accents(p.name)] != 1] == []
    assert len(opened.people) == 3 + 1995
    ana = next(p for p in crowd if p.email and p.company and p.birthday and p.birthday.startswith("19"))
    person = next(p for p in opened.people if p.name == ana.name)
    assert (person.fields.company, person.fields.emails) == (ana.company, (ana.email,))
    assert person.fields.birthday is not None and person.fields.birthday[2] is not None

    # What check says of the notes it wrote: nothing (not even a duplicate); of the vault, a few lines
    # about the network and the plan, no flood of people to call (an address book has no cadences).
    found = opened.check()
    assert [(d.code, d.path) for d in found if d.path in created] == []
    assert sorted(d.code for d in found if d.path not in before) == [
        "VK202", "VK203", "VK204", "VK205", "VK205", "VK205", "VK301"
    ]  # fmt: skip


LINKEDIN_PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    "address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin_row(first: str, last: str, email: str, company: str, position: str, connected: date) -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if "," in text or '"' in text else text

    url = f"https://www.linkedin.com/in/{ascii_of(first)}-{ascii_of(last)}"
    day = f"{connected:%d} {'JanFebMarAprMayJunJulAugSepOctNovDec'[3 * connected.month - 3 :][:3]} {connected:%Y}"
    return ",".join(cell(c) for c in (first, last, url, email, company, position, day)) + "\r\n"


def test_a_linkedin_export_as_linkedin_writes_it(existing: VaultBuilder, tmp_path: Path) -> None:
    rng = random.Random(5)
    crowd = people(300, seed=5)
    rows = []
    for i, p in enumerate(crowd):
        first, last = p.name.split(" ", 1)
        connected = date(2019, 1, 1) + (date(2026, 11, 1) - date(2019, 1, 1)) * rng.random()
        rows.append(linkedin_row(first, last, p.email or "", p.company or "", p.title or "", connected))
        if i % 50 == 7:  # LinkedIn lists the same person twice now and then
            rows.append(linkedin_row(first.lower(), last, p.email or "", p.company or "", "", connected))
    rows.insert(
        10, linkedin_row("Augusta Ada", "King", "ada@ANALYTICAL.example", "Analytical Engines", "", date(2020, 5, 1))
    )
    rows.insert(20, linkedin_row("Sam", "Lee, PhD", "", "", "Researcher", date(2026, 10, 5)))
    rows.insert(30, linkedin_row("Dee", "Doe | Recruiting", "", "", "", date(2026, 10, 5)))
    source = tmp_path / "Connections.csv"
    source.write_text(LINKEDIN_PREAMBLE + LINKEDIN_HEADER + "".join(rows), encoding="utf-8")
    before = snapshot(existing.root)

    result = existing.run("import", str(source), today=TODAY)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == (
        "309 contacts (LinkedIn connections): created 301 notes in People/, 7 already in the vault or the file "
        "(merge by hand), 1 skipped."
    )
    assert (
        "not written: line 15, Augusta Ada King, is People/Ada Lovelace.md (same email ada@ANALYTICAL.example): "
        "merging would add company Analytical Engines; met 2020-05-01"
    ) in result.out
    assert "skipped: line 35, Dee Doe | Recruiting: not a plain file name: it holds |" in result.out
    assert existing.read("People/Sam Lee, PhD.md") == (
        "---\nrelationship:\nlevel:\ncompany:\ntitle: Researcher\ncadence:\nmet: 2026-10-05\ntags: [person]\n---\n"
        "# Sam Lee, PhD\n\n## Log\n"
    )
    after = snapshot(existing.root)
    assert {path: data for path, data in after.items() if path in before} == before
    opened = vaultkit.open_vault(existing.root, today=date.fromisoformat(TODAY))
    assert len(opened.people) == 3 + 301
    assert all(p.fields.met is not None for p in opened.people if p.path not in before)
    found = opened.check()
    assert [(d.code, d.path) for d in found if d.path.startswith("People/") and d.path not in before] == []
    assert len(found) < 12, found


GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,"
    "Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,"
    "Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
    "Phone 1 - Value\r\n"
    "Ngozi,,Okafor,,,,,,,,Initech,VP Engineering,Platform,--04-12,met at KubeCon,,* myContacts,* Work,"
    "ngozi@initech.example ::: n.okafor@home.example,Home,ngozi.o@example.org,Mobile,+1 555 0100\r\n"
    ",,,,,,,,,,Globex,,,,,,* myContacts,,,,,,\r\n"
)
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,"
    "Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,"
    "Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,"
    "Organization 1 - Title,Organization 1 - Department\r\n"
    "Mateus Silva,Mateus,,Silva,,,,,,,,,,,1988-07-30,,,,,,,,,,,,,,* My Contacts,* Work,mateus@globex.example,,"
    "Globex,,Staff Engineer,\r\n"
)


@pytest.mark.parametrize(("header", "note", "expected"), [
    (GOOGLE_NEW, "People/Ngozi Okafor.md",
     "---\nrelationship:\nlevel:\ncompany: Initech\ntitle: VP Engineering\ncadence:\nmet:\ntags: [person]\n"
     "email:\n  - ngozi@initech.example\n  - n.okafor@home.example\n  - ngozi.o@example.org\nbirthday: 04-12\n---\n"
     "# Ngozi Okafor\n\n## Notes\nmet at KubeCon\n\n## Log\n"),
    (GOOGLE_OLD, "People/Mateus Silva.md",
     "---\nrelationship:\nlevel:\ncompany: Globex\ntitle: Staff Engineer\ncadence:\nmet:\ntags: [person]\n"
     "email:\n  - mateus@globex.example\nbirthday: 1988-07-30\n---\n# Mateus Silva\n\n## Log\n"),
])  # fmt: skip
def test_google_contacts_in_both_of_its_headers(
    existing: VaultBuilder, tmp_path: Path, header: str, note: str, expected: str
) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(header, encoding="utf-8-sig")  # Google writes a BOM
    result = existing.run("import", str(source), today=TODAY)
    assert result.code == 0, result.err
    assert existing.read(note) == expected
    assert [code for code in existing.codes(TODAY) if code[1] == note] == []
    if header is GOOGLE_NEW:  # a row with a company and no name
        assert "skipped: line 3: no name\n" in result.out


def test_a_batch_stopped_midway_leaves_whole_notes_and_says_which(existing: VaultBuilder, tmp_path: Path) -> None:
    crowd = people(6, seed=1)
    source = tmp_path / "contacts.vcf"
    source.write_text("".join(vcard(p, "4.0", random.Random(1)) for p in crowd), encoding="utf-8")
    opened = vaultkit.open_vault(existing.root, today=date.fromisoformat(TODAY))
    template = load_person_template(existing.root, opened.layout)
    plan = plan_import(opened.model, *read_contacts(source), NOW, template)
    assert len(plan.create) == 6
    taken = plan.create[3].path

    def meanwhile(path: str) -> None:  # the owner saves a note of that name while the import runs
        if path == plan.create[2].path:
            (existing.root / taken).write_text("mine\n", encoding="utf-8")

    with pytest.raises(Stopped) as stopped:
        write_import(opened.model, plan, NOW, template, meanwhile)
    assert str(stopped.value) == (
        f"import stopped at {taken}: {taken}: exists already; the 3 listed above were written whole, "
        "the other 3 were not"
    )
    for item in plan.create[:3]:
        wanted = person_note(opened.model, item.name, item.fields, NOW, template).data
        assert (existing.root / item.path).read_bytes() == wanted
    assert existing.read(taken) == "mine\n"
    assert not any((existing.root / item.path).exists() for item in plan.create[4:])
    assert not [p for p in (existing.root / "People").iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "err"),
    [
        (b"Name,Phone\r\nAna,123\r\n", "not an address book vaultkit reads"),
        (b"BEGIN:VCARD\r\nFN:Caf\xe9\r\nEND:VCARD\r\n", "not UTF-8 (line 2): export it again as UTF-8"),
    ],
)
def test_files_that_are_no_address_book_are_refused(
    existing: VaultBuilder, tmp_path: Path, content: bytes, err: str
) -> None:
    source = tmp_path / "contacts.csv"
    source.write_bytes(content)
    before = snapshot(existing.root)
    result = existing.run("import", str(source), today=TODAY)
    assert result.code == 2 and err in result.err
    assert snapshot(existing.root) == before


def test_a_contact_whose_note_would_read_as_a_sync_copy_is_skipped(existing: VaultBuilder, tmp_path: Path) -> None:
    existing.write("People/Lea.md", "")
    source = tmp_path / "contacts.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lea 2\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Oona\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Oona (1)\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = existing.run("import", str(source), today=TODAY)
    assert result.code == 0
    assert "skipped: card 1 (line 1), Lea 2: People/Lea 2.md would read as a sync-conflict copy of People/Lea.md" in (
        result.out
    )
    assert "skipped: card 3 (line 9), Oona (1): People/Oona (1).md would read as a sync-conflict copy" in result.out
    assert (existing.root / "People/Oona.md").exists() and not (existing.root / "People/Lea 2.md").exists()
