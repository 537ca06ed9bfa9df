"""`vaultkit watch` on real files and real inotify events: after every edit, what it said adds up
to what a fresh `index --rebuild` and `check` say (issue 14, "Done when").

Each test starts the watcher as the owner would, in its own process with `--format jsonl`, and
keeps the diagnostics it has been told of: the `check` taken just before it started, then every
`added`, `resolved` and `updated` line applied in order (an update replaces the diagnostic it
says it `was`, which must be of the same identity). Once the watcher is quiet, that state must
equal the rebuild's. Every wait has a deadline, and the process is killed at the end whatever
happened.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from vaultkit.diagnostics import Diagnostic, Edit, Fix
from vaultkit.watch import identity

TODAY = "2026-11-20"
READY_WITHIN = 60.0  # seconds for the first index of a vault (a loaded CI machine is slow)
EVENTS_WITHIN = 30.0  # seconds for the lines an edit must cause
QUIET = 0.75  # seconds without a line after which a batch's output is taken as complete (it prints at once)
NOTHING = 1.5  # seconds a change that must print nothing is watched for
ANA = "People/Ana Núñez.md"
DAILY = "Daily/2026-09-24.md"
SECOND_LEVEL = "duplicate key 'level' (also on line 5); the first one is used"  # Ana's, once a level is added

Event = dict[str, Any]


# -- the watcher, run as the owner runs it ------------------------------------------------------


def check(cli: Any, root: Path) -> list[dict[str, Any]]:
    run = cli("--vault", str(root), "--today", TODAY, "check", "--format", "json", "--exit-zero")
    assert run.code == 0, run.err
    return list(run.json())


def rebuilt(cli: Any, root: Path) -> list[dict[str, Any]]:
    """What a fresh build says: the index forgotten and read again, then `check`."""
    run = cli("--vault", str(root), "--today", TODAY, "index", "--rebuild")
    assert run.code == 0, run.err
    return check(cli, root)


def ordered(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(diagnostics, key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))


def as_diagnostic(d: dict[str, Any]) -> Diagnostic:
    fix = d["fix"]
    return Diagnostic(
        d["code"], d["name"], d["severity"], d["path"], d["line"], d["column"], d["end_line"], d["end_column"],
        d["message"], None if fix is None else Fix(fix["description"], tuple(Edit(**e) for e in fix["edits"])),
    )  # fmt: skip


class Watching:
    """A `vaultkit watch` process on `root`, the lines it printed, and the diagnostics they add up to."""

    def __init__(self, cli: Any, root: Path, options: tuple[str, ...], fmt: str, cwd: Path | None) -> None:
        self.cli, self.root, self.fmt = cli, root, fmt
        self.state = check(cli, root) if fmt == "jsonl" else []  # taken right before it starts
        args = [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", TODAY, "watch"]
        self.process = subprocess.Popen(
            [*args, "--format", fmt, *options], cwd=cwd or root, text=True, encoding="utf-8",
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self.errors: list[str] = []  # every line of stderr so far
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_out(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), None))

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line.rstrip("\n"))

    def line(self, timeout: float) -> tuple[float, str] | None:
        """The next line within `timeout` seconds, with when it came, or None."""
        try:
            at, text = self.lines.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None
        if text is None:
            self.lines.put((at, None))  # the end stays the end for whoever asks next
            pytest.fail(f"the watcher stopped (exit {self.process.wait(5)}); stderr: {self.errors}")
        return at, text

    def ready(self) -> str:
        got = self.line(READY_WITHIN)
        assert got is not None, f"no ready line within {READY_WITHIN:g} s; stderr: {self.errors}"
        text = got[1]
        if self.fmt == "jsonl":
            ready = json.loads(text)
            assert ready == {"event": "ready", "notes": ready["notes"], "diagnostics": len(self.state)}, text
        return text

    def events(self, until: Callable[[list[Event]], bool], within: float = EVENTS_WITHIN) -> list[Event]:
        """The lines printed until `until(those so far)` holds and then QUIET seconds pass without
        a line, each applied to the state as it comes."""
        return [event for _, event in self.timed_events(until, within)]

    def timed_events(self, until: Callable[[list[Event]], bool], within: float) -> list[tuple[float, Event]]:
        got: list[tuple[float, Event]] = []
        deadline = time.monotonic() + within
        while not until([event for _, event in got]):
            found = self.line(deadline - time.monotonic())
            if found is None:
                pytest.fail(f"not printed within {within:g} s; printed: {[e for _, e in got]}; stderr: {self.errors}")
            got.append((found[0], self._apply(found[1])))
        while (found := self.line(QUIET)) is not None:
            got.append((found[0], self._apply(found[1])))
        return got

    def nothing(self, seconds: float = NOTHING) -> None:
        found = self.line(seconds)
        assert found is None, f"printed for a change that changes no diagnostic: {found[1] if found else ''}"

    def _apply(self, text: str) -> Event:
        event: Event = json.loads(text)
        d = event["diagnostic"]
        if event["event"] == "added":
            self.state.append(d)
        elif event["event"] == "resolved":
            assert d in self.state, f"resolved, but never added: {d}"
            self.state.remove(d)
        else:
            assert event["event"] == "updated", text
            was = event["was"]
            assert was in self.state, f"updated, but never added: {was}"
            assert identity(as_diagnostic(was)) == identity(as_diagnostic(d)), text
            self.state.remove(was)
            self.state.append(d)
        return event

    def assert_rebuilt(self) -> None:
        assert ordered(self.state) == ordered(rebuilt(self.cli, self.root))

    def stop(self, sig: int) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 10 s after signal {sig}")
        return code, time.monotonic() - started

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def watchers(cli: Any) -> Iterator[Callable[..., Watching]]:
    """`start(root, *options, fmt="jsonl")` starts a watcher; each is killed when this ends."""
    started: list[Watching] = []

    def start(root: Path, *options: str, fmt: str = "jsonl", cwd: Path | None = None) -> Watching:
        watching = Watching(cli, root, options, fmt, cwd)
        started.append(watching)
        return watching

    try:
        yield start
    finally:
        for watching in started:
            watching.close()


@pytest.fixture
def watch(cli: Any) -> Iterator[Callable[..., Watching]]:
    """`watch(root, *options, fmt="jsonl")`: a started watcher, killed at the end of the test."""
    yield from watchers(cli)


def has(event: str, code: str, path: str, text: str = "") -> Callable[[list[Event]], bool]:
    """`until` for `Watching.events`: an `event` of `code` on `path` (whose message holds `text`)."""

    def found(events: list[Event]) -> bool:
        return any(is_(e, event, code, path, text) for e in events)

    return found


def all_of(*wanted: Callable[[list[Event]], bool]) -> Callable[[list[Event]], bool]:
    return lambda events: all(w(events) for w in wanted)


def is_(e: Event, event: str, code: str, path: str, text: str = "") -> bool:
    d = e["diagnostic"]
    return e["event"] == event and d["code"] == code and d["path"] == path and text in d["message"]


def kinds(events: list[Event]) -> list[tuple[str, str, str]]:
    return sorted((e["event"], e["diagnostic"]["code"], e["diagnostic"]["path"]) for e in events)


# -- the ways editors save ----------------------------------------------------------------------


def in_place(path: Path, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.truncate(0)
        f.write(data)


def temp_and_rename(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def vim_backup(path: Path, data: bytes) -> None:
    """vim with `backupcopy=no`: the original moved aside, the new text written as a new file."""
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_bytes(data)
    os.remove(backup)


def jetbrains(path: Path, data: bytes) -> None:
    """JetBrains' safe write: a temporary file, the original moved aside, the temporary renamed."""
    temp = path.with_name(path.name + "___jb_tmp___")
    old = path.with_name(path.name + "___jb_old___")
    temp.write_bytes(data)
    os.rename(path, old)
    os.rename(temp, path)
    os.remove(old)


def edit(root: Path, rel: str, old: str, new: str, save: Callable[[Path, bytes], None] = in_place) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    save(path, text.replace(old, new, 1).encode("utf-8"))


# -- each save style ----------------------------------------------------------------------------


@pytest.mark.parametrize("save", [in_place, temp_and_rename, vim_backup, jetbrains], ids=lambda s: s.__name__)
def test_each_save_style_ends_with_the_right_content(
    sample_copy: Path, watch: Callable[..., Watching], save: Callable[[Path, bytes], None]
) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()

    # A person note: a second `level:` is a duplicate key, and the log moves down a line.
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n", save)
    events = watcher.events(has("added", "VK003", ANA, "duplicate key 'level'"))
    assert kinds(events) == [("added", "VK003", ANA), ("updated", "VK101", ANA)]
    watcher.assert_rebuilt()
    edit(root, ANA, "level: senior\nlevel: staff\n", "level: senior\n", save)
    events = watcher.events(has("resolved", "VK003", ANA))
    assert kinds(events) == [("resolved", "VK003", ANA), ("updated", "VK101", ANA)]
    watcher.assert_rebuilt()

    # A daily note: a coffee with Ana in September is contact within her three months.
    edit(root, DAILY, "## Tasks\n", "- Coffee with [[Ana Núñez]].\n\n## Tasks\n", save)
    events = watcher.events(has("resolved", "VK101", ANA))
    assert kinds(events) == [("resolved", "VK101", ANA)]
    watcher.assert_rebuilt()
    edit(root, DAILY, "- Coffee with [[Ana Núñez]].\n\n", "", save)
    events = watcher.events(has("added", "VK101", ANA, "no contact for 214 days"))
    assert kinds(events) == [("added", "VK101", ANA)]
    watcher.assert_rebuilt()


# -- a burst of thousands of files --------------------------------------------------------------


def test_a_burst_of_5000_notes_is_one_batch_and_its_removal_another(
    sample_copy: Path, watch: Callable[..., Watching]
) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    folder = root / "Daily" / "Archive"
    started = time.monotonic()
    write_burst(folder)
    written = time.monotonic() - started

    timed = watcher.timed_events(lambda events: len(events) >= 101, within=120.0)
    events = [e for _, e in timed]
    assert len(events) == 101
    assert kinds(events).count(("resolved", "VK101", ANA)) == 1  # the lunch on 2026-11-19
    assert sum(is_(e, "added", "VK403", e["diagnostic"]["path"], "[[Alex]]") for e in events) == 50
    assert sum(is_(e, "added", "VK401", e["diagnostic"]["path"], "[[Ana Nunez]]") for e in events) == 50
    assert batches(timed) <= 2, f"written in {written:.2f} s, printed in {batches(timed)} batches"
    watcher.assert_rebuilt()

    shutil.rmtree(folder)
    timed = watcher.timed_events(lambda events: len(events) >= 101, within=120.0)
    gone = [("resolved", code, path) for event, code, path in kinds(events) if event == "added"]
    assert kinds([e for _, e in timed]) == sorted([("added", "VK101", ANA), *gone])  # Ana neglected again
    assert batches(timed) <= 2
    watcher.assert_rebuilt()


def write_burst(folder: Path) -> None:
    """5,000 daily notes of 2000 to 2013 in a new folder, as fast as a checkout writes them: one
    in a hundred has an ambiguous [[Alex]] and a broken [[Ana Nunez]]. And last month's lunch with Ana."""
    folder.mkdir()
    for n in range(5000):
        day = (date(2000, 1, 1) + timedelta(days=n)).isoformat()
        body = "- [[Alex]] and [[Ana Nunez]] at the meetup.\n" if n % 100 == 0 else f"- Quiet day {n}.\n"
        (folder / f"{day}.md").write_text(f"---\ntags: [daily]\n---\n# {day}\n\n## Notes\n{body}", encoding="utf-8")
    (folder / "2026-11-19.md").write_text("# 2026-11-19\n\n- Lunch with [[Ana Núñez]].\n", encoding="utf-8")


def batches(timed: list[tuple[float, Event]]) -> int:
    """How many runs of lines came, apart by more than a debounce: a batch prints its lines at once."""
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(timed)]
    return 1 + sum(gap > 0.15 for gap in gaps) if timed else 0


# -- folders deleted, recreated and renamed -----------------------------------------------------


def test_a_folder_deleted_and_recreated(sample_copy: Path, watch: Callable[..., Watching], tmp_path: Path) -> None:
    root = sample_copy
    kept = tmp_path / "Clients, kept"
    shutil.copytree(root / "Clients", kept)
    watcher = watch(root)
    watcher.ready()

    shutil.rmtree(root / "Clients")  # the client Alex Kim gone: [[Alex Kim]] names one note again
    events = watcher.events(has("resolved", "VK403", "Daily/2026-06-25.md", "[[Alex Kim]]"))
    assert about(events, "[[Alex Kim]] matches 2 notes") == {("resolved", path) for path in TWO_ALEX_KIMS}
    watcher.assert_rebuilt()

    shutil.copytree(kept, root / "Clients")
    events = watcher.events(has("added", "VK403", "Daily/2026-06-25.md", "[[Alex Kim]]"))
    assert about(events, "[[Alex Kim]] matches 2 notes") == {("added", path) for path in TWO_ALEX_KIMS}
    watcher.assert_rebuilt()

    # The folder made again is watched again: an edit inside it is seen.
    edit(root, "Clients/Alex Kim.md", "type: client\n", "type: client\ntype: account\n")
    events = watcher.events(has("added", "VK003", "Clients/Alex Kim.md"))
    assert kinds(events) == [("added", "VK003", "Clients/Alex Kim.md")]
    watcher.assert_rebuilt()


def test_a_folder_moved_out_of_the_vault_and_back(
    sample_copy: Path, watch: Callable[..., Watching], tmp_path: Path
) -> None:
    """Moved out, a folder's notes send no event of their own: only the folder's says they are gone."""
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    os.rename(root / "Clients", tmp_path / "Clients")
    events = watcher.events(has("resolved", "VK403", "Daily/2026-06-25.md", "[[Alex Kim]]"))
    assert about(events, "[[Alex Kim]] matches 2 notes") == {("resolved", path) for path in TWO_ALEX_KIMS}
    watcher.assert_rebuilt()

    os.rename(tmp_path / "Clients", root / "Clients")
    events = watcher.events(has("added", "VK403", "Daily/2026-06-25.md", "[[Alex Kim]]"))
    assert about(events, "[[Alex Kim]] matches 2 notes") == {("added", path) for path in TWO_ALEX_KIMS}
    watcher.assert_rebuilt()

    edit(root, "Clients/Alex Kim.md", "type: client\n", "type: client\ntype: account\n")
    events = watcher.events(has("added", "VK003", "Clients/Alex Kim.md"))
    assert kinds(events) == [("added", "VK003", "Clients/Alex Kim.md")]
    watcher.assert_rebuilt()


def test_a_folder_deleted_and_recreated_within_one_debounce(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    """As a `git checkout` does: the folder gone and back, with other content, before the batch."""
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    shutil.rmtree(root / "Community")
    (root / "Community").mkdir()
    (root / "Community" / "Yusuf Demir.md").write_text(
        "---\ntags: [people]\nname: Yusuf Demir\nlevel: peer\nlevel: senior\n---\n# Yusuf Demir\n", encoding="utf-8"
    )
    events = watcher.events(has("added", "VK003", "Community/Yusuf Demir.md"))
    assert ("added", "VK003", "Community/Yusuf Demir.md") in kinds(events)
    watcher.assert_rebuilt()

    edit(root, "Community/Yusuf Demir.md", "level: peer\nlevel: senior\n", "level: peer\n")
    events = watcher.events(has("resolved", "VK003", "Community/Yusuf Demir.md"))
    assert kinds(events) == [("resolved", "VK003", "Community/Yusuf Demir.md")]
    watcher.assert_rebuilt()


def test_a_subfolder_of_people_renamed(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    (root / "Daily" / "2026-11-02.md").write_text(
        "# 2026-11-02\n\n- Rust Berlin with [[Community/Yusuf Demir]].\n- Then [[Yusuf Demir]] again.\n",
        encoding="utf-8",
    )
    watcher = watch(root)
    watcher.ready()

    os.rename(root / "Community", root / "Meetups")  # the link by path breaks, the one by name holds
    events = watcher.events(has("added", "VK401", "Daily/2026-11-02.md", "[[Community/Yusuf Demir]]"))
    assert kinds(events) == [("added", "VK401", "Daily/2026-11-02.md")]
    assert not [d for d in watcher.state if d["message"].startswith("[[Yusuf Demir]]")]
    watcher.assert_rebuilt()

    edit(root, "Meetups/Yusuf Demir.md", "level: peer\n", "level: peer\nlevel: senior\n")  # watched there too
    events = watcher.events(has("added", "VK003", "Meetups/Yusuf Demir.md"))
    assert kinds(events) == [("added", "VK003", "Meetups/Yusuf Demir.md")]
    watcher.assert_rebuilt()


TWO_ALEX_KIMS = ("Daily/2026-03-31.md", "Daily/2026-06-25.md")  # [[Alex Kim]]: a person and a client


def about(events: list[Event], text: str) -> set[tuple[str, str]]:
    return {(e["event"], e["diagnostic"]["path"]) for e in events if text in e["diagnostic"]["message"]}


# -- a person renamed ---------------------------------------------------------------------------


def test_a_person_note_renamed(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()

    os.rename(root / ANA, root / "People/Ana Nunez.md")
    events = watcher.events(has("resolved", "VK401", "Daily/2026-08-27.md", "[[Ana Nunez]]"))
    # [[Ana Nunez]] finds her now, a contact within three months; [[Ana Núñez]] still does, by her name.
    assert ("resolved", "VK401", "Daily/2026-08-27.md") in kinds(events)
    assert ("resolved", "VK101", ANA) in kinds(events)
    assert {d["path"] for d in watcher.state if d["code"] == "VK402" and "[[Ana Núñez" in d["message"]} == {
        "Daily/2025-10-08.md", "Daily/2026-01-21.md", "Daily/2026-04-20.md",
        "Plans/2026-Q1.md", "Plans/2026-Q2.md", "Plans/2026-Q3.md",
    }  # fmt: skip
    assert not [d for d in watcher.state if d["code"] == "VK401" and "Ana" in d["message"]]
    watcher.assert_rebuilt()

    os.rename(root / "People/Ana Nunez.md", root / ANA)
    events = watcher.events(has("added", "VK401", "Daily/2026-08-27.md", "[[Ana Nunez]]"))
    assert ("added", "VK101", ANA) in kinds(events)
    assert not [d for d in watcher.state if d["code"] == "VK402" and "[[Ana Núñez" in d["message"]]
    watcher.assert_rebuilt()


def test_a_person_given_another_alias_and_name(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()

    edit(root, ANA, "aliases: [Ana]\n", "aliases: [Ana, Ana Nunez]\n")  # [[Ana Nunez]] is her now
    events = watcher.events(has("resolved", "VK401", "Daily/2026-08-27.md", "[[Ana Nunez]]"))
    assert kinds(events) == [
        ("added", "VK402", "Daily/2026-08-27.md"),
        ("resolved", "VK101", ANA),
        ("resolved", "VK401", "Daily/2026-08-27.md"),
    ]
    watcher.assert_rebuilt()

    edit(root, "People/Alex Rivera.md", "aliases: [Alex]\n", "")  # [[Alex]] is Alex Kim alone
    events = watcher.events(has("resolved", "VK403", "Daily/2026-09-16.md", "[[Alex]]"))
    assert kinds(events) == [
        ("added", "VK402", "Daily/2026-09-08.md"), ("added", "VK402", "Daily/2026-09-16.md"),
        ("resolved", "VK403", "Daily/2026-09-08.md"), ("resolved", "VK403", "Daily/2026-09-16.md"),
        ("updated", "VK106", "Daily/2026-09-08.md"),
    ]  # fmt: skip
    watcher.assert_rebuilt()

    edit(root, "People/Alex Kim.md", "name: Alex Kim\n", "name: Alexandra Kim\n")  # what they are called
    events = watcher.events(lambda events: len(events) >= 3)
    assert kinds(events) == [
        ("updated", "VK106", "Daily/2026-09-08.md"), ("updated", "VK402", "Daily/2026-09-08.md"),
        ("updated", "VK402", "Daily/2026-09-16.md"),
    ]  # fmt: skip
    assert all("Alexandra Kim" in e["diagnostic"]["message"] for e in events)
    watcher.assert_rebuilt()


# -- what is printed, and what is not -----------------------------------------------------------


def test_a_change_that_changes_no_diagnostic_prints_nothing(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    edit(root, "People/Hana Ito.md", "\n## Log\n", "\nShe writes well about streams.\n\n## Log\n", temp_and_rename)
    edit(root, DAILY, "## Tasks\n", "A plain sentence.\n\n## Tasks\n")
    (root / "Ideas.md").write_text("# Ideas\n\nNothing about anyone.\n", encoding="utf-8")
    watcher.nothing()
    watcher.assert_rebuilt()


def test_a_moved_line_or_a_changed_day_count_is_an_update(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    alex = "Daily/2026-09-08.md"
    edit(root, alex, "## Notes\n", "## Notes\n\n")  # the follow-up and the [[Alex]] on it move down
    events = watcher.events(lambda events: len(events) >= 2)
    assert kinds(events) == [("updated", "VK106", alex), ("updated", "VK403", alex)]
    assert {e["diagnostic"]["line"] for e in events} == {10}
    watcher.assert_rebuilt()

    grace = "People/Grace Whitaker.md"
    edit(root, grace, "external reference.\n", "external reference.\n- 2026-08-10 lunch.\n")
    events = watcher.events(has("updated", "VK101", grace))
    assert kinds(events) == [("updated", "VK101", grace)]
    assert "no contact for 102 days" in events[0]["diagnostic"]["message"]
    watcher.assert_rebuilt()


def test_in_text_an_update_prints_nothing(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root, fmt="text")
    assert re.fullmatch(
        rf"ready: \d+ notes, 48 problems; watching {re.escape(str(root))} \(inotify\); Ctrl-C stops", watcher.ready()
    )
    edit(root, "Daily/2026-09-08.md", "## Notes\n", "## Notes\n\n")
    edit(root, "People/Grace Whitaker.md", "external reference.\n", "external reference.\n- 2026-08-10 lunch.\n")
    watcher.nothing()
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")  # and Ana's log moves down a line
    added = watcher.line(EVENTS_WITHIN)
    assert added is not None
    assert added[1] == f"+ {ANA}:6:1: VK003/duplicate-key [error] {SECOND_LEVEL}"
    watcher.nothing(QUIET)
    edit(root, ANA, "level: senior\nlevel: staff\n", "level: senior\n")
    resolved = watcher.line(EVENTS_WITHIN)
    assert resolved is not None
    assert resolved[1] == "-" + added[1][1:]
    watcher.nothing(QUIET)


# -- stopping -----------------------------------------------------------------------------------


def test_sigint_stops_it_with_the_index_consistent(sample_copy: Path, watch: Callable[..., Watching], cli: Any) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")
    watcher.events(has("added", "VK003", ANA))
    code, seconds = watcher.stop(signal.SIGINT)
    assert (code, seconds < 5) == (0, True), (seconds, watcher.errors)
    assert watcher.errors == []
    index = cli("--vault", str(root), "--today", TODAY, "index")
    assert index.code == 0 and index.out.startswith("Index up to date:"), index.out + index.err
    assert ordered(check(cli, root)) == ordered(watcher.state) == ordered(rebuilt(cli, root))


def test_sigterm_while_a_batch_waits_for_quiet_stops_it_with_the_index_consistent(
    sample_copy: Path, watch: Callable[..., Watching], cli: Any
) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")
    time.sleep(0.05)  # the event is in, the batch waits for quiet
    code, seconds = watcher.stop(signal.SIGTERM)
    assert (code, seconds < 5) == (0, True), (seconds, watcher.errors)
    assert watcher.errors == []
    index = cli("--vault", str(root), "--today", TODAY, "index")
    assert index.code == 0, index.err
    assert re.fullmatch(
        r"(Index up to date: \d+ notes, nothing changed|Indexed \d+ notes: 0 added, [01] changed, 0 removed) \(.*\)\.",
        index.out.strip(),
    ), index.out
    incremental = check(cli, root)
    assert ordered(incremental) == ordered(rebuilt(cli, root))
    assert any(d["code"] == "VK003" and d["path"] == ANA for d in incremental)


def test_sigint_while_a_burst_is_read_stops_it_promptly_with_the_index_consistent(
    sample_copy: Path, watch: Callable[..., Watching], cli: Any
) -> None:
    """A `git checkout` of 5,000 notes, and Ctrl-C while the watcher reads them: the batch under
    way may finish, in a moment, and what is indexed is what a fresh build would say."""
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    write_burst(root / "Daily" / "Archive")
    time.sleep(0.5)  # the batch has begun: the writes have been quiet for more than a debounce
    code, seconds = watcher.stop(signal.SIGINT)
    assert code == 0, watcher.errors
    assert seconds < 5, f"{seconds:.1f} s to stop"
    index = cli("--vault", str(root), "--today", TODAY, "index")
    assert index.code == 0, index.err
    found = re.fullmatch(
        r"Index up to date: \d+ notes.*|Indexed \d+ notes: (\d+) added, 0 changed, 0 removed .*", index.out.strip()
    )
    assert found is not None and int(found[1] or 0) <= 5001, index.out
    assert ordered(check(cli, root)) == ordered(rebuilt(cli, root))


# -- the report note ----------------------------------------------------------------------------


def test_the_report_note_follows_the_diagnostics_and_nothing_else(
    sample_copy: Path, watch: Callable[..., Watching]
) -> None:
    root = sample_copy
    report = root / "Dashboard.md"
    watcher = watch(root, "--report", "Dashboard.md")
    watcher.ready()
    first = report.read_text(encoding="utf-8")  # written before it said ready
    problems = first[first.index("\n## Problems\n") :]
    assert "[[Bianca Rossi]], line 7 — VK003: duplicate key 'company'" in problems
    assert "duplicate key 'level'" not in problems

    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")
    watcher.events(has("added", "VK003", ANA))
    second = report.read_text(encoding="utf-8")
    assert f"[[Ana Núñez]], line 6 — VK003: {SECOND_LEVEL}" in second[second.index("\n## Problems\n") :]
    written = report.stat()
    watcher.nothing()  # its own write makes no batch of its own
    assert report.stat().st_mtime_ns == written.st_mtime_ns
    watcher.assert_rebuilt()

    edit(root, "People/Hana Ito.md", "\n## Log\n", "\nShe writes well about streams.\n\n## Log\n")
    watcher.nothing()
    after = report.stat()
    assert (after.st_ino, after.st_mtime_ns) == (written.st_ino, written.st_mtime_ns), "rewritten for nothing"
    assert report.read_text(encoding="utf-8") == second
    watcher.assert_rebuilt()


def test_the_report_never_replaces_a_note_of_the_owners(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    before = (root / ANA).read_bytes()
    watcher = watch(root, "--report", ANA)
    try:
        code = watcher.process.wait(timeout=READY_WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail("still running with --report naming a note of the owner's")
    assert watcher.lines.get(timeout=10)[1] is None  # nothing on stdout: not even ready
    time.sleep(0.2)  # the last of stderr
    assert code != 0
    assert len(watcher.errors) == 1 and "a note of the vault" in watcher.errors[0], watcher.errors
    assert (root / ANA).read_bytes() == before


# -- polling, the config ------------------------------------------------------------------------


def test_polling_sees_a_change(sample_copy: Path, watch: Callable[..., Watching]) -> None:
    root = sample_copy
    watcher = watch(root, "--polling")
    watcher.ready()
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")
    events = watcher.events(has("added", "VK003", ANA), within=5.0)
    assert kinds(events) == [("added", "VK003", ANA), ("updated", "VK101", ANA)]
    watcher.assert_rebuilt()


def test_a_config_change_takes_effect_and_a_broken_one_is_said(
    sample_copy: Path, watch: Callable[..., Watching]
) -> None:
    root = sample_copy
    config = root / "vaultkit.toml"
    original = config.read_text(encoding="utf-8")
    ignoring = original.replace('select = ["VK", "VK108"]', 'select = ["VK", "VK108"]\nignore = ["VK101"]')
    assert ignoring != original
    watcher = watch(root)
    watcher.ready()
    neglected = sum(d["code"] == "VK101" for d in watcher.state)
    assert neglected > 10

    in_place(config, ignoring.encode())
    events = watcher.events(lambda events: len(events) >= neglected)
    assert [(e["event"], e["diagnostic"]["code"]) for e in events] == [("resolved", "VK101")] * neglected
    watcher.assert_rebuilt()

    in_place(config, (ignoring + "\n[rules\n").encode())
    deadline = time.monotonic() + EVENTS_WITHIN
    while not watcher.errors and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(watcher.errors) == 1 and "still watching with the settings as they were" in watcher.errors[0]
    assert "vaultkit.toml" in watcher.errors[0]
    watcher.nothing()
    edit(root, ANA, "level: senior\n", "level: senior\nlevel: staff\n")  # still watching, VK101 still ignored
    events = watcher.events(has("added", "VK003", ANA))
    assert kinds(events) == [("added", "VK003", ANA)]

    in_place(config, ignoring.encode())
    watcher.nothing()
    watcher.assert_rebuilt()
    in_place(config, original.encode())
    events = watcher.events(lambda events: len(events) >= neglected)
    assert [(e["event"], e["diagnostic"]["code"]) for e in events] == [("added", "VK101")] * neglected
    watcher.assert_rebuilt()
