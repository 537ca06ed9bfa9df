"""The live engine, after any sequence of edits, says what a build from scratch says (issue 14).

A hypothesis state machine keeps one `Live` across its steps. Each step creates, edits, renames or
deletes files the ways an owner does (people, with names, aliases shared by two, emails, roles,
log sections; daily notes; meetings; plans; a sync-conflict copy; an attachment or a note named
like a person; whole folders renamed or deleted), then calls `refresh` with exactly the paths it
touched: both sides of a move, the folder for a folder's. After every step the live answer must
equal a build from scratch: the files walked and parsed again, the model built with no index and
no kept state, every rule run (`lint.run`). The diagnostics are compared, and the model's facts
they come from: each person's interactions, the people, who each dated note mentions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from vaultkit.config import load_config
from vaultkit.discovery import read_layout, read_note_file, walk
from vaultkit.engine.live import Live
from vaultkit.lint import run, select_rules
from vaultkit.model import Vault
from vaultkit.note import read_note

TODAY = "2026-11-20"
CONFIG = """\
[rules]
select = ["VK", "VK108"]

[rules.options.VK305]
days = 60

[me]
company = "Northwind"
"""

# -- what a vault holds ------------------------------------------------------------------------------

NAMES = ("Ana Núñez", "Ana N.", "Alex Kim", "Alex Rivera", "Bo Chen", "Robert Chen", "Dana Scott")
ALIASES = ("Ana", "Alex", "Bo", "Bobby", "Dana")
DAYS = ("2026-05-01", "2026-09-30", "2026-10-15", "2026-11-02", "2026-11-19", "2026-11-20", "2026-12-05")
TARGETS = (
    "Ana Núñez", "Ana", "ana núñez", "Ana Nunez", "Ana Núñez.md", "Ana Núñez (1)", "Alex", "Alex Kim",
    "Alex Rivera", "Bo Chen", "Bo", "Bobby", "People/Bo Chen", "Contacts/Bo Chen", "Dana Scott",
    "People/Team/Dana Scott", "Projects/Dana Scott", "Robert Chen", "Nobody Here", "Roadmap", "2026-11-02",
)  # fmt: skip
PERSON_PATHS = (
    "People/Ana Núñez.md", "People/Ana Núñez (1).md", "People/Alex Kim.md", "People/Alex Rivera.md",
    "People/Bo Chen.md", "People/Team/Dana Scott.md", "People/Team/Alex.md", "Contacts/Bo Chen.md",
)  # fmt: skip
DAILY_PATHS = tuple(f"{folder}{day}.md" for folder in ("Daily/", "") for day in DAYS[1:])
MEETING_PATHS = ("Meetings/Kickoff.md", "Meetings/Sync.md", "Projects/Offsite.md")
PLAN_PATHS = ("Plans/2026-Q4.md", "Plans/2026-Q3.md", "Projects/Q4 plan.md")
OTHER_NOTES = (
    "Projects/Roadmap.md", "Projects/Dana Scott.md", "Projects/Dana Scott (1).md", "Alex.md", "Notes.md",
)  # fmt: skip
ATTACHMENTS = ("Attachments/Ana Núñez.png", "Attachments/Bo Chen.pdf", "People/Alex.png", "Bo.png")
FOLDERS = (
    "", "People", "People/Team", "People/Crew", "Contacts", "Daily", "Journal", "Meetings", "Plans", "Projects",
    "Archive", "Archive/Old", "Templates",
)  # fmt: skip


def link_line(form: str, target: str) -> str:
    return form.replace("T", target, 1) if "T" in form else form


LINK_FORMS = (
    "met [[T]] for coffee", "- [[T]] #gave", "- [[T|them]] #asked", "~~[[T]]~~ cancelled", "![[T]]",
    "- [ ] call [[T]] 📅 2026-11-10", "- [x] called [[T]]", "- [-] [[T]] moved", "> quoted [[T]]",
    "> [!note] with [[T]]", "`[[T]]` in code", "- [ ] ~~ask [[T]]~~", "[[T#Log]] again",
)  # fmt: skip
LINKS = st.builds(link_line, st.sampled_from(LINK_FORMS), st.sampled_from(TARGETS))
LOG_LINES = st.sampled_from(
    (
        "- 2026-11-02 coffee #gave", "- **2026-10-15** lunch #asked", "- [[2026-11-19]] call #asked",
        "- ~~2026-11-10 dinner~~", "- 2026-12-05 the conference", "- 2026-05-01 met at a meetup",
        "### 2026-11-03 — a walk", "- [ ] send the deck 📅 2026-11-01", "  - 2026-09-30 nested #gave",
        "- 2026-11-20 today",
    )
)  # fmt: skip
OTHER_LINES = st.sampled_from(
    (
        "[Bo](People/Bo%20Chen.md) by path", "[Ana](../People/Ana%20N%C3%BA%C3%B1ez.md) relative",
        "last_contact:: 2026-11-19", "company:: Acme", "<!-- vaultkit-disable VK401 -->", "", "## Log",
    )
)  # fmt: skip
LINES = st.one_of(LINKS, LOG_LINES, OTHER_LINES)

TWICE = ("Company: Initech", "Name: Ana N.", "Aliases: [Bo]", "last-contact: 2026-11-19")  # after a field above
PERSON_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "name": st.none() | st.sampled_from(NAMES),
    "aliases": st.lists(st.sampled_from(ALIASES), max_size=2, unique=True),
    "email": st.none() | st.sampled_from(("ana@ex.com", "alex@ex.com", "bo@ex.com")),
    "roles": st.lists(st.sampled_from(("mentor", "sponsor", "peer", "mentee")), max_size=2, unique=True),
    "level": st.none() | st.sampled_from(("senior", "peer", "junior")),
    "company": st.none() | st.sampled_from(("Acme", "Northwind")),
    "last_contact": st.none() | st.sampled_from(DAYS),
    "met": st.none() | st.sampled_from(DAYS),
    "status": st.none() | st.sampled_from(("left", "paused")),
    "birthday": st.none() | st.sampled_from(("11-25", "1990-11-28", "02-30")),
    "cadence": st.none() | st.sampled_from(("2w", "never", "monthly", "5x")),
    "snooze_until": st.none() | st.sampled_from(("2026-12-01", "2026-11-01")),
    "tagged": st.booleans(),
    "twice": st.none() | st.sampled_from(TWICE),
    "about": st.lists(LINKS, max_size=2),
    "log": st.lists(LOG_LINES, max_size=3),
}  # fmt: skip
PERSONS = st.fixed_dictionaries(PERSON_FIELDS)


def person_text(spec: dict[str, Any]) -> str:
    front = [f"name: {spec['name']}"] if spec["name"] else []
    if spec["aliases"]:
        front.append(f"aliases: [{', '.join(spec['aliases'])}]")
    if spec["roles"]:
        front.append(f"roles: [{', '.join(spec['roles'])}]")
    for key in ("email", "level", "company", "last_contact", "met", "status", "birthday", "cadence", "snooze_until"):
        if spec[key]:
            front.append(f"{key}: {spec[key]}")
    if spec["tagged"]:
        front.append("tags: [person]")
    if spec["twice"]:
        front.append(spec["twice"])  # a key given twice (VK003), after loose matching
    body = ["# About", *spec["about"], "", "## Log", *spec["log"]]
    return "\n".join(["---", *front, "---", *body, ""])


@st.composite
def daily_texts(draw: st.DrawFn) -> str:
    return "\n".join(["# The day", *draw(st.lists(LINES, min_size=1, max_size=4)), ""])


@st.composite
def meeting_texts(draw: st.DrawFn) -> str:
    front = [f"date: {draw(st.sampled_from(DAYS))}{draw(st.sampled_from(('', 'T10:30', ' 09:00')))}"]
    if draw(st.booleans()):
        front.append("type: meeting")
    attendees = draw(st.lists(st.sampled_from(TARGETS), max_size=2))
    if attendees:
        front.append("attendees: [" + ", ".join(f'"[[{a}]]"' for a in attendees) + "]")
    return "\n".join(["---", *front, "---", *draw(st.lists(LINES, max_size=3)), ""])


PLAN_TASKS = ("- [ ] ask [[Ana]] for feedback", "- [x] lunch with [[Bo Chen]]")


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    front = ["type: plan", f"quarter: {draw(st.sampled_from(('2026-Q4', '2026-Q3')))}"] if draw(st.booleans()) else []
    lines = ["---", *front, "---"] if front else []
    for heading in draw(st.lists(st.sampled_from(("Senior", "Peers", "Junior", "New connections")), unique=True)):
        lines += [f"## {heading}", *draw(st.lists(LINKS, max_size=2))]
        lines += draw(st.lists(st.sampled_from(PLAN_TASKS), max_size=1))
    return "\n".join([*lines, ""])


OTHER_FRONTS = (
    "", "---\ntags: [project]\n---\n", "---\ntype: person\n---\n", "---\ntags: [contact]\nname: Bo Chen\n---\n",
    "---\nvaultkit-report: true\n---\n", "---\ntype: meeting\ndate: 2026-11-02\n---\n",
)  # fmt: skip


@st.composite
def other_texts(draw: st.DrawFn) -> str:
    front = draw(st.sampled_from(OTHER_FRONTS))
    return front + "\n".join([*draw(st.lists(LINES, max_size=3)), ""])


BROKEN = (b"\xff\xfe[[Ana]]", b"---\nname: [\n---\n[[Bo]]\n", b"---\n")  # VK001, VK002, VK002
TEXTS = {"daily": daily_texts(), "meeting": meeting_texts(), "plan": plan_texts(), "other": other_texts()}


# -- a build from scratch ----------------------------------------------------------------------------


def from_scratch(root: Path, today: date) -> tuple[list[Any], Vault]:
    """Every diagnostic and the model, with no index and no state kept from before."""
    config = load_config(root)
    layout = read_layout(config)
    files, others, _ = walk(root, layout)
    caps = config.max_note_bytes, config.max_frontmatter_bytes
    notes = {path: read_note(path, read_note_file(root / path), *caps) for path in sorted(files)}
    model = Vault(config, layout, today, notes, tuple(sorted(others)))
    return run(model, select_rules(config)), model


def answers(diagnostics: Iterable[Any], model: Vault) -> dict[str, Any]:
    """What the two ways must agree on: the diagnostics, and the facts of the model behind them."""
    people = {
        p.path: {
            "name": p.name,
            "copy_of": p.copy_of,
            "last": str(p.last_date),
            "interactions": [(str(i.date), i.path, i.line, i.source, sorted(i.tags)) for i in p.interactions],
        }
        for p in model.person_notes
    }
    return {
        "diagnostics": sorted(json.dumps(d.as_json(), sort_keys=True, ensure_ascii=False) for d in diagnostics),
        "people": [p.path for p in model.people],
        "person": people,
        "mentioned": {path: list(whom) for path, whom in sorted(model.mentioned.items()) if whom},
        "kinds": dict(sorted(model.kinds.items())),
        "dates": {path: str(day) for path, day in sorted(model.dates.items())},
        "plans": {name: plan.path for name, plan in sorted(model.plans.items())},
    }


def assert_equal_answers(live: dict[str, Any], fresh: dict[str, Any]) -> None:
    for key in fresh:  # one part at a time: the first that differs says where to look
        if key == "diagnostics":
            missing = sorted(set(fresh[key]) - set(live[key]))
            extra = sorted(set(live[key]) - set(fresh[key]))
            assert (missing, extra) == ([], []), f"live diagnostics: missing {missing}, extra {extra}"
        assert live[key] == fresh[key], f"{key}: live {live[key]!r}, fresh {fresh[key]!r}"


# -- the state machine -------------------------------------------------------------------------------


class LiveVault(RuleBasedStateMachine):
    """A vault edited step by step under one running `Live`, compared with a fresh build after each."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="vaultkit-live-"))
        (self.root / "vaultkit.toml").write_text(CONFIG, encoding="utf-8")
        self.people: dict[str, dict[str, Any]] = {}  # person notes written here, by path: their fields
        self.live: Live | None = None
        # Notes an editor holds unsaved (the language server's overlay), by path: the engine reads
        # them instead of their files, and a fresh build of the vault with them saved must agree.
        self.unsaved: dict[str, bytes] = {}

    # Files as they are on disk.

    def files(self) -> list[str]:
        found = []
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = os.path.relpath(folder, self.root)
            found += [n if rel == "." else f"{rel}/{n}" for n in names if n != "vaultkit.toml"]
        return sorted(found)

    def folders(self) -> list[str]:
        found = []
        for folder, dirs, _ in os.walk(self.root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            if folder != str(self.root):
                found.append(os.path.relpath(folder, self.root))
        return sorted(found)

    def notes(self) -> list[str]:
        return [path for path in self.files() if path.endswith(".md")]

    def write(self, path: str, content: str | bytes) -> list[str]:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        note(f"write {path!r}: {data!r}")
        target.write_bytes(data)
        return [path]

    def write_person(self, path: str, spec: dict[str, Any]) -> list[str]:
        self.people[path] = spec
        return self.write(path, person_text(spec))

    def moved(self, old: str, new: str) -> None:
        """Keep the people's fields with their notes after a move of a file or a folder."""
        for path in [p for p in self.people if p == old or p.startswith(old + "/")]:
            self.people[new + path[len(old) :]] = self.people.pop(path)

    def gone(self, old: str) -> None:
        for path in [p for p in self.people if p == old or p.startswith(old + "/")]:
            del self.people[path]

    # One change each: what it does, and the paths it touched.

    def create_person(self, data: st.DataObject) -> list[str]:
        return self.write_person(data.draw(st.sampled_from(PERSON_PATHS)), data.draw(PERSONS))

    def create_note(self, data: st.DataObject) -> list[str]:
        kind = data.draw(st.sampled_from(sorted(TEXTS)))
        paths = {"daily": DAILY_PATHS, "meeting": MEETING_PATHS, "plan": PLAN_PATHS, "other": OTHER_NOTES}
        path = data.draw(st.sampled_from(paths[kind]))
        self.gone(path)
        return self.write(path, data.draw(TEXTS[kind]))

    def create_attachment(self, data: st.DataObject) -> list[str]:
        path = data.draw(st.sampled_from(ATTACHMENTS))
        return self.write(path, b"\x89PNG\r\n\x1a\n" + data.draw(st.binary(max_size=4)))

    def break_note(self, data: st.DataObject) -> list[str]:
        """A note vaultkit cannot read (VK001) or whose frontmatter does not parse (VK002)."""
        path = data.draw(st.sampled_from(sorted({*self.notes(), *PERSON_PATHS[:3], *DAILY_PATHS[:2]})))
        self.gone(path)
        return self.write(path, data.draw(st.sampled_from(BROKEN)))

    def change_person(self, data: st.DataObject) -> list[str]:
        path = data.draw(st.sampled_from(sorted(self.people)))
        key = data.draw(st.sampled_from(sorted(PERSON_FIELDS)))
        spec = dict(self.people[path])
        spec[key] = data.draw(PERSON_FIELDS[key])
        note(f"{path}: {key} = {spec[key]!r}")
        return self.write_person(path, spec)

    def edit_note(self, data: st.DataObject) -> list[str]:
        path = data.draw(st.sampled_from(self.notes()))
        lines = (self.root / path).read_bytes().split(b"\n")
        how = data.draw(st.sampled_from(("append", "drop", "same")))
        if how == "append":
            lines.insert(len(lines) - 1, data.draw(LINES).encode())
        elif how == "drop" and len(lines) > 1:
            del lines[data.draw(st.integers(0, len(lines) - 2))]
        self.people.pop(path, None)  # no longer as its fields say
        return self.write(path, b"\n".join(lines))

    def save_by_rename(self, data: st.DataObject) -> list[str]:
        """Written to a temporary file beside it, then moved over it (many editors save so)."""
        path = data.draw(st.sampled_from(sorted(self.people)))
        spec = dict(self.people[path])
        key = data.draw(st.sampled_from(sorted(PERSON_FIELDS)))
        spec[key] = data.draw(PERSON_FIELDS[key])
        temporary = path + ".tmp"
        self.write(temporary, person_text(spec))
        note(f"replace {path!r} with {temporary!r}")
        os.replace(self.root / temporary, self.root / path)
        self.people[path] = spec
        return [temporary, path]

    def rename_file(self, data: st.DataObject) -> list[str]:
        old = data.draw(st.sampled_from(self.files()))
        folder, _, name = old.rpartition("/")
        extension = name[name.rfind(".") :]
        known = (*PERSON_PATHS, *DAILY_PATHS, *MEETING_PATHS, *PLAN_PATHS, *OTHER_NOTES, *ATTACHMENTS)
        elsewhere = [f"{f}/{name}".lstrip("/") for f in FOLDERS]  # the same name in another folder
        renamed = [f"{folder}/{stem}{extension}".lstrip("/") for stem in ("Bo Chen", "Ana", "2026-11-03")]
        choices = sorted({p for p in (*known, *elsewhere, *renamed) if p.endswith(extension) and p != old})
        new = data.draw(st.sampled_from(choices))  # onto an existing file too: it replaces it
        note(f"move {old!r} to {new!r}")
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.root / old, self.root / new)
        self.gone(new)
        self.moved(old, new)
        return [old, new]

    def delete_file(self, data: st.DataObject) -> list[str]:
        path = data.draw(st.sampled_from(self.files()))
        note(f"delete {path!r}")
        os.remove(self.root / path)
        self.gone(path)
        return [path]

    def rename_folder(self, data: st.DataObject) -> list[str]:
        old = data.draw(st.sampled_from(self.folders()))
        choices = [f for f in FOLDERS[1:] if not f.startswith(old + "/") and not (self.root / f).exists()]
        if not choices:
            return []
        new = data.draw(st.sampled_from(choices))
        note(f"move folder {old!r} to {new!r}")
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        os.rename(self.root / old, self.root / new)
        self.moved(old, new)
        return [old, new]

    def delete_folder(self, data: st.DataObject) -> list[str]:
        old = data.draw(st.sampled_from(self.folders()))
        note(f"delete folder {old!r}")
        shutil.rmtree(self.root / old)
        self.gone(old)
        return [old]

    CHANGES = (
        "create_person", "create_note", "create_attachment", "break_note", "change_person", "edit_note",
        "save_by_rename", "rename_file", "delete_file", "rename_folder", "delete_folder",
    )  # fmt: skip

    def possible(self, change: str) -> bool:
        if change in ("change_person", "save_by_rename"):
            return bool(self.people)
        if change in ("rename_file", "delete_file"):
            return bool(self.files())
        if change == "edit_note":
            return bool(self.notes())
        if change in ("rename_folder", "delete_folder"):
            return bool(self.folders())
        return True

    def refresh(self, touched: list[str]) -> None:
        assert self.live is not None
        note(f"refresh {sorted(set(touched))!r}")
        self.live.refresh(touched)

    # The steps.

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        for _ in range(data.draw(st.integers(0, 4), label="files at the start")):
            if data.draw(st.booleans()):
                self.create_person(data)
            else:
                self.create_note(data)
        self.live = Live(vault=str(self.root), today=TODAY)
        self.live.refresh(None)

    @rule(data=st.data())
    def person_written(self, data: st.DataObject) -> None:
        self.refresh(self.create_person(data))

    @rule(data=st.data())
    def note_written(self, data: st.DataObject) -> None:
        self.refresh(self.create_note(data))

    @rule(data=st.data())
    def attachment_written(self, data: st.DataObject) -> None:
        self.refresh(self.create_attachment(data))

    @rule(data=st.data())
    def note_broken(self, data: st.DataObject) -> None:
        self.refresh(self.break_note(data))

    @precondition(lambda self: bool(self.people))
    @rule(data=st.data())
    def person_changed(self, data: st.DataObject) -> None:
        self.refresh(self.change_person(data))

    @precondition(lambda self: bool(self.people))
    @rule(data=st.data())
    def person_saved_by_rename(self, data: st.DataObject) -> None:
        self.refresh(self.save_by_rename(data))

    @precondition(lambda self: bool(self.notes()))
    @rule(data=st.data())
    def note_edited(self, data: st.DataObject) -> None:
        self.refresh(self.edit_note(data))

    @precondition(lambda self: bool(self.files()))
    @rule(data=st.data())
    def file_renamed(self, data: st.DataObject) -> None:
        self.refresh(self.rename_file(data))

    @precondition(lambda self: bool(self.files()))
    @rule(data=st.data())
    def file_deleted(self, data: st.DataObject) -> None:
        self.refresh(self.delete_file(data))

    @precondition(lambda self: bool(self.folders()))
    @rule(data=st.data())
    def folder_renamed(self, data: st.DataObject) -> None:
        self.refresh(self.rename_folder(data))

    @precondition(lambda self: bool(self.folders()))
    @rule(data=st.data())
    def folder_deleted(self, data: st.DataObject) -> None:
        self.refresh(self.delete_folder(data))

    @rule(data=st.data())
    def several_in_one_batch(self, data: st.DataObject) -> None:
        """A watcher's batch: a few changes, then one refresh with every path they touched."""
        touched: list[str] = []
        for _ in range(data.draw(st.integers(2, 3), label="changes in the batch")):
            change = data.draw(st.sampled_from([c for c in self.CHANGES if self.possible(c)]))
            touched += getattr(self, change)(data)
        self.refresh(touched)

    @rule()
    def restarted(self) -> None:
        """The process stops and starts again: the new one begins from the index the old one kept."""
        assert self.live is not None
        note("restart")
        self.live.close()
        self.live = Live(vault=str(self.root), today=TODAY)
        for path, data in self.unsaved.items():  # the editor sends its open notes again
            self.live.workspace.edited(path, data)
        self.live.refresh(None)

    @rule(data=st.data())
    def typed_unsaved(self, data: st.DataObject) -> None:
        """An editor's unsaved text for a note on disk, or for one not saved yet."""
        assert self.live is not None
        known = self.notes()
        if known and data.draw(st.booleans(), label="an existing note"):
            path = data.draw(st.sampled_from(known), label="unsaved note")
        else:
            path = data.draw(st.sampled_from(("Daily/2026-11-03.md", "People/Eve Ito.md", "Notes/draft.md")))
        kind = "daily" if path.startswith("Daily/") else data.draw(st.sampled_from(("other", "plan", "meeting")))
        text = data.draw(TEXTS[kind], label="unsaved text")
        note(f"unsaved {path!r}: {text!r}")
        self.unsaved[path] = text.encode("utf-8")
        self.live.edited(path, self.unsaved[path])

    @precondition(lambda self: bool(self.unsaved))
    @rule(data=st.data())
    def closed_unsaved(self, data: st.DataObject) -> None:
        """The editor closes a note without saving: its file is read again (or it is gone)."""
        assert self.live is not None
        path = data.draw(st.sampled_from(sorted(self.unsaved)), label="closed")
        note(f"closed {path!r}")
        del self.unsaved[path]
        self.live.edited(path, None)

    @invariant()
    def like_a_fresh_build(self) -> None:
        if self.live is None or self.live.loaded is None:
            return
        root = self.root
        if self.unsaved:  # what the editor shows, saved: a copy of the vault with it written
            root = Path(tempfile.mkdtemp(prefix="vaultkit-saved-"))
            shutil.rmtree(root)
            shutil.copytree(self.root, root, ignore=shutil.ignore_patterns(".vaultkit"))
            for path, data in self.unsaved.items():
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(data)
        try:
            fresh = answers(*from_scratch(root, date.fromisoformat(TODAY)))
        finally:
            if root != self.root:
                shutil.rmtree(root, ignore_errors=True)
        assert_equal_answers(answers(self.live.diagnostics, self.live.loaded.vault), fresh)

    def teardown(self) -> None:
        if self.live is not None:
            self.live.close()
        shutil.rmtree(self.root, ignore_errors=True)


LiveVault.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_the_live_engine_equals_a_fresh_build_after_any_edits = LiveVault.TestCase


# -- what the state machine found, each as the steps that show it ----------------------------------


class Steps:
    """A vault under one running `Live`, changed by hand: each change refreshes with the paths it
    touched, then the live answer must be a fresh build's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "vaultkit.toml").write_text(CONFIG, encoding="utf-8")
        self.live = Live(vault=str(root), today=TODAY)
        self.refresh(None)

    def refresh(self, touched: list[str] | None) -> None:
        self.live.refresh(touched)
        assert self.live.loaded is not None
        fresh = answers(*from_scratch(self.root, date.fromisoformat(TODAY)))
        assert_equal_answers(answers(self.live.diagnostics, self.live.loaded.vault), fresh)

    def write(self, path: str, text: str) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(text, encoding="utf-8")
        self.refresh([path])

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.root / old, self.root / new)
        self.refresh([old, new])

    def delete(self, path: str) -> None:
        os.remove(self.root / path)
        self.refresh([path])

    def said(self, code: str) -> list[tuple[str, str]]:
        return [(d.path, d.message) for d in self.live.diagnostics if d.code == code]

    def mentioned(self) -> dict[str, tuple[str, ...]]:
        assert self.live.loaded is not None
        return dict(self.live.loaded.vault.mentioned)


def test_a_sync_conflict_copy_deleted_takes_its_duplicate_warning_with_it(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Ana Núñez.md", "# Ana\n")
    vault.write("People/Ana Núñez (1).md", "# Ana, a copy\n")
    assert [path for path, _ in vault.said("VK105")] == ["People/Ana Núñez (1).md", "People/Ana Núñez.md"]
    vault.delete("People/Ana Núñez (1).md")
    assert vault.said("VK105") == []


def test_a_person_moved_away_from_their_copy_is_no_longer_who_a_link_to_the_copy_mentions(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Ana Núñez.md", "# Ana\n")
    vault.write("People/Ana Núñez (1).md", "# Ana, a copy\n")
    vault.write("Daily/2026-11-02.md", "met [[Ana Núñez (1)]]\n")
    assert vault.mentioned() == {"Daily/2026-11-02.md": ("People/Ana Núñez.md",)}  # the copy is its original
    vault.move("People/Ana Núñez.md", "People/Team/Ana Núñez.md")
    assert vault.mentioned() == {"Daily/2026-11-02.md": ("People/Ana Núñez (1).md",)}  # a person of its own


def test_a_plans_did_you_mean_follows_an_alias_added_elsewhere(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Ana Núñez.md", "# Ana\n")
    vault.write("Plans/2026-Q4.md", "## Senior\n- [ ] ask [[Ana]] for feedback\n")
    unknown = "[[Ana]] is not a person or a note: create their note, or fix the name"
    assert vault.said("VK303") == [("Plans/2026-Q4.md", unknown)]
    vault.write("People/Ana Núñez.md", "---\naliases: [Dana]\n---\n")  # `Ana` is near `Dana`
    guess = "[[Ana]] is not a person or a note: did you mean [[Ana Núñez]]?"
    assert vault.said("VK303") == [("Plans/2026-Q4.md", guess)]
    vault.delete("People/Ana Núñez.md")
    assert vault.said("VK303") == [("Plans/2026-Q4.md", unknown)]


def test_a_near_miss_follows_a_person_renamed_in_the_frontmatter(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/AN.md", "---\nname: Bob\n---\n")
    vault.write("Daily/2026-11-02.md", "met [[Ana Nunez]]\n")
    assert vault.said("VK401") == []
    vault.write("People/AN.md", "---\nname: Ana Núñez\n---\n")
    guess = "[[Ana Nunez]] links to no note: did you mean [[Ana Núñez]]?"
    assert vault.said("VK401") == [("Daily/2026-11-02.md", guess)]


def test_a_person_note_that_is_a_person_no_longer_is_mentioned_by_nobody(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("Contacts/Ana Núñez.md", "---\ntags: [person]\n---\n")
    vault.write("Daily/2026-11-02.md", "met [[Ana Núñez]]\n")
    assert vault.mentioned() == {"Daily/2026-11-02.md": ("Contacts/Ana Núñez.md",)}
    vault.write("Contacts/Ana Núñez.md", "---\n---\n")  # no tag: a note like any other
    assert vault.mentioned() == {}


def test_a_person_called_otherwise_than_their_note_is_mentioned_by_its_name_only_while_a_person(
    tmp_path: Path,
) -> None:
    vault = Steps(tmp_path)
    vault.write("Contacts/AN.md", "---\ntags: [person]\nname: Ana Núñez\n---\n")
    vault.write("Daily/2026-11-02.md", "met [[AN]]\n")
    assert vault.mentioned() == {"Daily/2026-11-02.md": ("Contacts/AN.md",)}
    vault.write("Contacts/AN.md", "---\nname: Ana Núñez\n---\n")  # no tag: a note like any other
    assert vault.mentioned() == {}


def test_a_note_that_makes_another_its_sync_conflict_copy_takes_the_copys_aliases(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Ana Núñez (1).md", "---\naliases: [Alex]\n---\n")
    vault.write("Meetings/Kickoff.md", '---\ndate: 2026-11-02\nattendees: ["[[Alex]]"]\n---\n')
    assert vault.mentioned() == {"Meetings/Kickoff.md": ("People/Ana Núñez (1).md",)}
    vault.write("People/Ana Núñez.md", "# Ana\n")  # the note above is her sync-conflict copy now
    assert vault.mentioned() == {}  # a copy's names are its original's, and Ana has no alias Alex


def test_a_follow_up_linking_a_person_by_their_note_says_their_new_name(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Team/Alex.md", "---\nname: Ana Núñez\n---\n")
    vault.write("Projects/Roadmap.md", "- [ ] call [[Alex]] 📅 2026-11-10\n")
    due = "was due 2026-11-10 (10 days ago): do it, reschedule or cancel it"
    assert vault.said("VK106") == [("Projects/Roadmap.md", f"follow-up with Ana Núñez {due}")]
    vault.write("People/Team/Alex.md", "---\nname: Ana N.\n---\n")
    assert vault.said("VK106") == [("Projects/Roadmap.md", f"follow-up with Ana N. {due}")]


def test_the_candidates_of_an_ambiguous_link_follow_a_renamed_one(tmp_path: Path) -> None:
    vault = Steps(tmp_path)
    vault.write("People/Bo Chen.md", "# Bo\n")
    vault.write("Contacts/Bo Chen.md", "---\ntags: [person]\nname: Ana N.\n---\n")
    vault.write("Daily/2026-11-02.md", "met [[Bo Chen]]\n")
    could = "[[Bo Chen]] could be [[Contacts/Bo Chen]] or [[People/Bo Chen]]"  # by name: Ana N., Bo Chen
    assert [message[: len(could)] for _, message in vault.said("VK403")] == [could]
    vault.write("Contacts/Bo Chen.md", "---\ntags: [person]\nname: Dana Scott\n---\n")
    could = "[[Bo Chen]] could be [[People/Bo Chen]] or [[Contacts/Bo Chen]]"  # Bo Chen, Dana Scott
    assert [message[: len(could)] for _, message in vault.said("VK403")] == [could]
