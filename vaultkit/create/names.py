"""Whether a name may become a person note: a plain file name, and nobody's name or alias yet."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.text import fold_accents, fold_name, nfc, note_name, visible

if TYPE_CHECKING:
    from vaultkit.model import Vault

MAX_CHARACTERS = 100  # a person's name, not a sentence
MAX_BYTES = 200  # UTF-8 bytes: a file name is at most 255 on most systems (143 on eCryptfs), `.md` and all
# Characters a file name may not hold on some system the vault syncs to (Windows: `* " \ / < > : | ?`),
# or that end, split or hide an Obsidian link (`[ ] | # ^`), or that open code and comments (`` ` ``, `%%`).
RESERVED = '[]|#^:\\/*"<>?`'
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)


class BadName(ValueError):
    """Why a name cannot be a note's file name (the message, without the name)."""


def plain_name(given: str) -> str:
    """The name as a note's file name would hold it (NFC, the spaces around it dropped and each run
    of spaces inside it made one, as the name is read and matched: `Gil  Moreno` is `Gil Moreno`), or
    BadName: a path (`../x`, `/etc/x`, `a/b`), a hidden name (`.x`), a control or invisible
    character (a newline, a tab, a zero-width space), a character Obsidian's links or some file
    system reserve (`[]|#^:\\/*"<>?` and the backtick), a Windows device name (`con`), a name
    ending in a dot, or one longer than MAX_CHARACTERS characters or MAX_BYTES bytes."""
    for char in given:
        if not char.isprintable() and char != " ":
            code = f"U+{ord(char):04X}"
            what = unicodedata.name(char, "") or "a control character"
            raise BadName(f"it holds a character that is not printable ({code}, {what.lower()})")
    name = " ".join(nfc(given).split())  # every other blank was refused above: these are spaces
    if not name:
        raise BadName("it is empty")
    if "/" in name or "\\" in name:
        raise BadName("it is a path: give the name alone; the note goes into the people folder")
    if name.startswith("."):
        raise BadName("it starts with a dot: vaultkit and Obsidian skip such files as hidden")
    reserved = sorted({char for char in name if char in RESERVED})
    if reserved:
        shown = " ".join(reserved)
        raise BadName(f"it holds {shown}, which Obsidian's links or some file systems reserve")
    if "%%" in name or "<!--" in name:
        raise BadName("it holds %% or <!--, which start a comment in a note")
    if name.endswith("."):
        raise BadName("it ends with a dot, which Windows drops from file names")
    if name.lower().endswith(".md"):
        raise BadName("give the name without .md")
    if name.split(".", 1)[0].strip().lower() in WINDOWS_DEVICES:
        raise BadName("it is a device name on Windows")
    if len(name) > MAX_CHARACTERS or len(name.encode("utf-8")) > MAX_BYTES:
        raise BadName(f"it is too long (at most {MAX_CHARACTERS} characters)")
    return name


@dataclass
class Taken:
    """Who already goes by which name, for the names of new people: every person's name, aliases
    and file name, folded for case and accents (`Ana Núñez` is `ana nunez`), and every note's file
    name folded for case (a second `Atlas.md` would make `[[Atlas]]` mean two notes).

    Built once per vault (see `of`); `add` records a note created since, for a batch of them."""

    people: dict[str, str] = field(default_factory=dict)  # folded name or alias → the person's note
    notes: dict[str, str] = field(default_factory=dict)  # folded file name → a note or file of that name
    folders: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # folder → (folded stem, path), sorted

    @classmethod
    def of(cls, vault: Vault) -> Taken:
        taken = cls()
        for person in vault.person_notes:
            taken.add(person.path, (person.name, *person.fields.aliases))
        for path in (*vault.kinds, *vault.others):
            if path.lower().endswith(".md"):
                taken.notes.setdefault(fold_name(note_name(path)), path)
        return taken

    def add(self, path: str, names: Iterable[str]) -> None:
        """A person's note and the names they go by (their file name is one)."""
        for name in (note_name(path), *names):
            key = " ".join(fold_accents(name).split())
            if key:
                self.people.setdefault(key, path)
        self.notes.setdefault(fold_name(note_name(path)), path)
        insort(self.folders.setdefault(fold_name(path.rpartition("/")[0]), []), (fold_name(note_name(path)), path))

    def related(self, path: str) -> list[str]:
        """The person notes beside `path` whose file names start with its own, or its own with
        theirs: the only ones a sync-conflict copy (`Ana 2`, `Ana (1)`) may be made of or with."""
        entries = self.folders.get(fold_name(path.rpartition("/")[0]), [])
        stem = fold_name(note_name(path))
        found = []
        for prefix in [stem[:length] for length in range(1, len(stem))] + [stem]:
            at = bisect_left(entries, (prefix, ""))
            while at < len(entries) and (
                entries[at][0] == prefix or (prefix == stem and entries[at][0].startswith(stem))
            ):
                found.append(entries[at][1])
                at += 1
        return found

    def person(self, name: str) -> str | None:
        """The note of the person who goes by `name` (their name, an alias, their file name)."""
        return self.people.get(" ".join(fold_accents(name).split()))

    def note(self, name: str) -> str | None:
        """A note or file of the vault whose file name is `name`, in any case."""
        return self.notes.get(fold_name(name))


def why_taken(taken: Taken, name: str, aliases: Iterable[str] = ()) -> str | None:
    """Why a new person called `name` (with `aliases`) would be someone already there, or a
    second note of one name; None when the names are free."""
    for given in (name, *aliases):
        path = taken.person(given)
        if path is not None:
            return f"'{visible(given)}' is already a person: {visible(path)}"
    path = taken.note(name)
    if path is not None:
        return f"{visible(path)} has that name already: [[{visible(name)}]] would mean two notes"
    return None
