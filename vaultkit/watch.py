"""`vaultkit watch`: the vault followed with watchdog, its diagnostics kept current (03-interfaces.md).

Events are hints, never facts: each names paths that may have changed (both sides of a move); the
batch waits for quiet (the debounce, with a maximum wait), then `Live.refresh` stats those paths
and reads again what changed, whatever the editor's way of saving was. What is printed is the
difference between the diagnostics before and after, each matched by its identity (see `identity`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from vaultkit.diagnostics import Diagnostic
from vaultkit.engine.live import HISTORY, Live, changed, settings_changed
from vaultkit.formats import text_line

_DIGITS = re.compile(r"\d")
_LINK = re.compile(r"\[\[[^\]\n]*\]\]")
_QUOTED = re.compile(r"(?<!\w)'[^'\n]*'(?!\w)|\"[^\"\n]*\"")  # a key, a section
IGNORED_EVENTS = frozenset(("opened", "closed", "closed_no_write"))  # reads and closes change nothing
MAX_WAIT_FACTOR = 10  # a batch waits for quiet at most this many debounce periods (at least 2 s)
POLL_SECONDS = 2.0
# File systems whose changes made elsewhere inotify never hears of.
NETWORK_FILE_SYSTEMS = frozenset((
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs",
    "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "davfs", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.glusterfs",
))  # fmt: skip


# -- which diagnostic is which ------------------------------------------------------------------


def identity(d: Diagnostic) -> tuple[str, str, tuple[str, ...]]:
    """What a diagnostic is about, whatever its line or its numbers: its code, its note and its
    subject, as its message names it: its first link (`[[Alex]]`: the link's target, the person;
    not the suggestions after it), else the quoted words (`'role'`, a key, a section). A changed
    day count, or a line moved by an edit above it, is the same diagnostic, updated; so is VK203's
    "no mentor at all" become "only 1 mentor" in the same plan."""
    link = _LINK.search(d.message)  # the link's target, the person: the first link it names
    return d.code, d.path, (link[0],) if link else tuple(_QUOTED.findall(d.message))


def differences(
    before: Sequence[Diagnostic], after: Sequence[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic], list[tuple[Diagnostic, Diagnostic]]]:
    """What appeared, what was resolved and what was updated (before, after) between two sets of
    diagnostics. Of several of one identity (two `[[Alex]]` links in a note, VK205 for two
    levels), those with the same message are paired first, then those whose messages differ
    only in numbers, then the rest in the order of their lines."""
    old: dict[tuple[str, str, tuple[str, ...]], list[Diagnostic]] = {}
    for d in before:
        old.setdefault(identity(d), []).append(d)
    new: dict[tuple[str, str, tuple[str, ...]], list[Diagnostic]] = {}
    for d in after:
        new.setdefault(identity(d), []).append(d)
    added: list[Diagnostic] = []
    resolved: list[Diagnostic] = []
    updated: list[tuple[Diagnostic, Diagnostic]] = []
    for key in old.keys() | new.keys():
        was = sorted(old.get(key, ()), key=_place)
        now = sorted(new.get(key, ()), key=_place)
        for same in (lambda d: d.message, lambda d: _DIGITS.sub("#", d.message), lambda d: ""):
            if not was or not now:
                break
            waiting: dict[str, list[Diagnostic]] = {}
            for d in was:
                waiting.setdefault(same(d), []).append(d)
            unpaired = []
            for d in now:
                candidates = waiting.get(same(d))
                if candidates:
                    a = candidates.pop(0)
                    if a != d:
                        updated.append((a, d))
                else:
                    unpaired.append(d)
            was = [d for group in waiting.values() for d in group]
            now = unpaired
        resolved.extend(was)
        added.extend(now)
    added.sort(key=_place)
    resolved.sort(key=_place)
    updated.sort(key=lambda pair: _place(pair[1]))
    return added, resolved, updated


def _place(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return d.path, d.line, d.column, d.code, d.message


# -- the events ---------------------------------------------------------------------------------


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def is_history(real: str, git_dir: str) -> bool:
    """Whether a file in the repository's git folder (or, for a worktree, its common folder) is
    one a commit, checkout, reset or unshallowing changes: HEAD, the packed refs, a branch's ref
    (each written by a rename of its `.lock`), `shallow`."""
    from vaultkit.engine.workspace import common_dir

    for folder in dict.fromkeys((git_dir, str(common_dir(Path(git_dir))))):
        if real.startswith(folder + os.sep):
            rel = real[len(folder) + 1 :].replace(os.sep, "/").removesuffix(".lock")
            if rel in ("HEAD", "packed-refs", "shallow") or rel.startswith("refs/heads/"):
                return True
    return False


class Hints:
    """The paths events named since the last batch (vault-relative), filled by watchdog's thread."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.paths: set[str] = set()
        self.lost = False  # events were lost (an overflowed queue): anything may have changed
        self.last = 0.0  # when the last hint came (time.monotonic)
        self.wake = threading.Event()
        self.settings: set[str] = set()  # absolute paths of settings files outside the vault
        self.git_dir: str | None = None  # the vault's repository's git folder (realpath), if any

    def add(self, path: str | bytes) -> None:
        text = os.fsdecode(path)
        if self.git_dir is not None and os.path.isabs(text) and is_history(os.path.realpath(text), self.git_dir):
            self._take(HISTORY)  # a commit, a checkout, a reset: the vault's history moved
            return
        if text in self.settings or (self.settings and os.path.realpath(text) in self.settings):
            self._take(text)  # a config outside the vault (`--config`): a settings change all the same
            return
        rel = os.path.relpath(text, self.root) if os.path.isabs(text) else text
        if rel == os.curdir:  # the vault folder itself: deleted or moved, perhaps
            self.lose()
            return
        if rel.startswith(os.pardir + os.sep) or rel == os.pardir:
            rel = os.path.relpath(os.path.realpath(text), self.root)  # the vault reached by a link
            if rel.startswith(os.pardir):
                return
        rel = rel.replace(os.sep, "/")
        hidden = any(part.startswith(".") or part == "node_modules" for part in rel.split("/"))
        if hidden and not settings_changed((rel,)):
            return  # never read as a note: `.git/`, the index in `.vaultkit/`, editors' swap files
        self._take(rel)

    def _take(self, path: str) -> None:
        with self.lock:
            self.paths.add(path)
            self.last = time.monotonic()
        self.wake.set()

    def lose(self) -> None:
        with self.lock:
            self.lost = True
            self.last = time.monotonic()
        self.wake.set()

    def take(self) -> tuple[set[str], bool]:
        with self.lock:
            paths, lost = self.paths, self.lost
            self.paths, self.lost = set(), False
            self.wake.clear()
        return paths, lost


def _handler(hints: Hints) -> Any:
    from watchdog.events import FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            kind = event.event_type
            if kind in IGNORED_EVENTS:
                return
            if kind == "events_lost":
                hints.lose()
                return
            if kind == "modified" and event.is_directory:
                return  # an entry added or removed: the entry's own event says which
            hints.add(event.src_path)
            dest = getattr(event, "dest_path", "")
            if dest:
                hints.add(dest)

    return Handler()


class _WatchFailures(logging.Handler):
    """watchdog says on its logger, and goes on, when it cannot watch a folder: out of inotify
    watches or instances. Watching then would miss changes: the watcher polls instead."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Unable to watch" in message or "inotify" in message.lower():
            self.failures.append(message)


def network_file_system(root: Path, mounts: str | None = None) -> str | None:
    """The type of the network file system the vault is on (Linux: from /proc/self/mounts, or
    `mounts` in its format), or None."""
    if mounts is None:
        try:
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as table:
                mounts = table.read()
        except OSError:
            return None
    lines = mounts.splitlines()
    real = os.path.realpath(root)
    best, kind = "", None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILE_SYSTEMS or (kind or "").startswith("nfs") else None


def start_observer(
    root: Path, hints: Hints, polling: bool, say: Callable[[str], None], settings: Iterable[str] = ()
) -> tuple[Any, str]:
    """A running watchdog observer of the vault, and how it watches ("inotify", "polling", …).
    Falls back to polling, saying why, where events would not come: a network file system, too
    few inotify watches or instances."""
    from watchdog.observers import Observer

    handler = _handler(hints)
    why = None
    if not polling:
        kind = network_file_system(root)
        if kind is not None:
            why = f"the vault is on a network file system ({kind}), whose changes made elsewhere send no events"
    if not polling and why is None:
        failures = _WatchFailures()
        logger = logging.getLogger("watchdog")
        logger.addHandler(failures)
        observer = Observer()
        try:
            observer.schedule(handler, str(root), recursive=True)
            for folder in {os.path.dirname(path) for path in settings}:
                observer.schedule(handler, folder, recursive=False)  # a config outside the vault
            git_dir = hints.git_dir
            if git_dir is not None:
                from vaultkit.engine.workspace import common_dir

                for folder in dict.fromkeys((git_dir, str(common_dir(Path(git_dir))))):
                    if _within(folder, os.path.realpath(root)):
                        continue  # in the vault: watched with it
                    # The repository's git folder, above the vault: its HEAD and branches (see is_history).
                    observer.schedule(handler, folder, recursive=False)
                    if os.path.isdir(os.path.join(folder, "refs", "heads")):
                        observer.schedule(handler, os.path.join(folder, "refs", "heads"), recursive=True)
            observer.start()
        except OSError as error:
            failures.failures.append(str(error))
            if error.errno not in (errno.ENOSPC, errno.EMFILE, errno.ENOMEM):
                logger.removeHandler(failures)
                raise
        finally:
            logger.removeHandler(failures)
        if not failures.failures:
            name = type(observer).__name__.replace("Observer", "").lower() or "events"
            return observer, name
        _stop(observer)
        limit = _read_int("/proc/sys/fs/inotify/max_user_watches")
        seen = f" (fs.inotify.max_user_watches is {limit})" if limit else ""
        why = f"too few inotify watches or instances for the vault's folders{seen}: {failures.failures[0]}"
    if why is not None:
        say(f"polling every {POLL_SECONDS:g} s instead of waiting for events: {why}")
    poller = Poller(root, hints, POLL_SECONDS, settings)
    poller.start()
    return poller, "polling"


class Poller(threading.Thread):
    """Where no events come: every `interval` seconds, a stat of each folder and file, and the
    paths whose stat changed given as hints, as an observer's events would be.

    watchdog's polling observer builds a snapshot of the tree each time: 20% of a core on a vault
    of 31,000 notes every 2 s. This stats what it knew last time and lists again only the folders
    whose own stat changed (an entry added, removed or renamed): 3%.
    """

    def __init__(self, root: Path, hints: Hints, interval: float, settings: Iterable[str] = ()) -> None:
        super().__init__(name="vaultkit-poller", daemon=True)
        self.root, self.hints, self.interval = str(root), hints, interval
        self.settings = tuple(settings)  # config files outside the vault
        self.halt = threading.Event()
        self.folders: dict[str, tuple[int, int]] = {}  # absolute path → (mtime, inode)
        self.files: dict[str, tuple[int, int, int]] = {}  # absolute path → (mtime, ctime, size)

    def run(self) -> None:
        self._list(self.root)
        self._list_all_settings()
        while not self.halt.wait(self.interval):
            try:
                self._cycle()
            except Exception:  # one cycle's failure (a race with a delete): the next one sees it
                self.hints.lose()

    def stop(self) -> None:
        self.halt.set()

    def _list(self, folder: str) -> None:
        """Know `folder` and everything under it (not hidden, as the walk)."""
        stack = [folder]
        while stack:
            here = stack.pop()
            try:
                st = os.lstat(here)
                entries = list(os.scandir(here))
            except OSError:
                continue
            self.folders[here] = (st.st_mtime_ns, st.st_ino)
            for entry in entries:
                if entry.name.startswith(".") or entry.name == "node_modules":
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:
                        self.files[entry.path] = _signature(entry.stat(follow_symlinks=False))
                except OSError:
                    continue

    def _list_all_settings(self) -> None:
        for name in (*_CONFIGS, ".obsidian"):
            self._list_settings(os.path.join(self.root, name))
        for path in self.settings:
            self._list_settings(path)
        self._list_history()

    def _list_history(self) -> None:
        """The repository's HEAD and the ref it names (hidden, and maybe above the vault): a
        commit is seen as their change (see Hints.add). The ref is looked up again each cycle:
        a checkout names another."""
        if self.hints.git_dir is None:
            return
        from vaultkit.engine.workspace import head_files

        for path in head_files(Path(self.hints.git_dir)):
            if str(path) not in self.files:
                with contextlib.suppress(OSError):
                    self.files[str(path)] = _signature(os.lstat(path))

    def _list_settings(self, path: str) -> None:
        """The config and Obsidian's settings files, hidden though some are."""
        if os.path.isdir(path):
            try:
                names = [entry.path for entry in os.scandir(path) if entry.name.endswith(".json")]
            except OSError:
                return
            for name in names:
                self._list_settings(name)
            return
        with contextlib.suppress(OSError):
            self.files[path] = _signature(os.lstat(path))

    def _cycle(self) -> None:
        changed: list[str] = []
        for folder, known in list(self.folders.items()):
            try:
                st = os.lstat(folder)
                now: tuple[int, int] | None = (st.st_mtime_ns, st.st_ino)
            except OSError:
                now = None
            if now != known:
                changed.append(folder)
        for folder in changed:  # forget what was under it, and list it again
            prefix = folder + os.sep
            for path in [p for p in self.folders if p == folder or p.startswith(prefix)]:
                del self.folders[path]
            gone = [p for p in self.files if p.startswith(prefix)]
            before = {p: self.files.pop(p) for p in gone}
            self._list(folder)
            self._list_all_settings()  # hidden, so not listed again with the folder
            for path in before.keys() | {p for p in self.files if p.startswith(prefix)}:
                if before.get(path) != self.files.get(path):
                    self.hints.add(path)
            self.hints.add(folder)
        self._list_history()
        stat = os.lstat
        for path, was in self.files.items():
            try:
                signature = _signature(stat(path))
            except OSError:
                signature = (0, 0, -1)
            if signature != was:
                self.files[path] = signature
                self.hints.add(path)


_CONFIGS = ("vaultkit.toml", ".vaultkit.toml", "pyproject.toml")


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size


def _stop(observer: Any) -> None:
    try:
        observer.stop()
        observer.join(timeout=5)
    except Exception:  # a watcher that never started: nothing to stop
        pass


def _read_int(path: str) -> int | None:
    try:
        with open(path, encoding="ascii") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


# -- the loop -----------------------------------------------------------------------------------


class Printer:
    """The watcher's lines on `out`, as text or JSON lines, each flushed as it is written."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out, self.fmt = out, fmt

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def event(self, event: str, **fields: Any) -> None:
        self.line(json.dumps({"event": event, **fields}, ensure_ascii=False))

    def ready(
        self, notes: int, diagnostics: Sequence[Diagnostic], how: str, root: Path, report: Path | None = None
    ) -> None:
        if self.fmt == "jsonl":
            self.event("ready", notes=notes, diagnostics=len(diagnostics))
        else:
            from vaultkit.text import visible

            problems = f"{len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''}"
            keeping = f"; keeping {report} current" if report is not None else ""
            self.line(visible(f"ready: {notes} notes, {problems}; watching {root} ({how}){keeping}; Ctrl-C stops"))

    def changes(
        self, added: list[Diagnostic], resolved: list[Diagnostic], updated: list[tuple[Diagnostic, Diagnostic]]
    ) -> None:
        if self.fmt == "jsonl":
            for event, found in (("resolved", resolved), ("added", added)):
                for d in found:
                    self.event(event, diagnostic=d.as_json())
            for was, now in updated:  # what it was, so that a tool can find it by its own copy
                self.event("updated", diagnostic=now.as_json(), was=was.as_json())
            return
        for sign, found in (("-", resolved), ("+", added)):
            for d in found:
                self.line(f"{sign} {text_line(d)}")


class Watcher:
    """`vaultkit watch`: index, say ready, then follow the vault until stopped."""

    def __init__(
        self,
        live: Live,
        printer: Printer,
        debounce: float,
        polling: bool = False,
        report: Path | None = None,
        write: Callable[[bytes], None] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        """`write` puts the report's bytes at `report` (see cli.write_output: never over a note
        of the owner's); a UserError from it is said, and the watcher goes on."""
        self.live, self.printer, self.debounce, self.polling = live, printer, debounce, polling
        self.report, self.write = report, write
        self.say = say or (lambda line: print(f"vaultkit: {line}", file=sys.stderr, flush=True))
        self.root = live.workspace.root
        self.hints = Hints(self.root)
        self.stopping = False
        self.ready = False  # the first index is made (see `_signalled`)
        self.pending_report = False  # the report was written since the last batch (see `_not_ours`)
        self.folder = _identity(self.root)  # the vault's folder, to tell when it goes away
        self.written: bytes | None = None  # the digest of the report as last written
        self.report_rel = self._in_vault(report) if report is not None else None

    def _in_vault(self, path: Path) -> str | None:
        try:
            return Path(os.path.realpath(path)).relative_to(os.path.realpath(self.root)).as_posix()
        except ValueError:
            return None

    def stop(self, *_: object) -> None:
        self.stopping = True
        self.hints.wake.set()

    def run(self) -> int:
        """Watch until stopped; the exit status. On the main thread, the work is done in a thread
        of its own and the main one waits for signals, so that a signal during the first index
        stops it at once (see `_signalled`), whatever it is doing."""
        if threading.current_thread() is not threading.main_thread():
            return self._run()
        outcome: list[int] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._run())
            except BaseException as error:  # said by the command, as any other command's
                failure.append(error)

        previous = {sig: signal.signal(sig, self._signalled) for sig in (signal.SIGINT, signal.SIGTERM)}
        worker = threading.Thread(target=work, name="vaultkit-watch")
        try:
            worker.start()
            while worker.is_alive():
                worker.join(0.2)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if failure:
            raise failure[0]
        return outcome[0] if outcome else 0

    def _signalled(self, *_: object) -> None:
        """SIGINT or SIGTERM: the batch under way ends, then the watcher. Before the first index
        is made there is nothing to end: it stops at once (SQLite's transactions keep the index
        whole, as they would for any process stopped)."""
        if not self.ready:
            sys.stdout.flush()
            os._exit(0)
        self.stop()

    def _run(self) -> int:
        import gc

        gc.enable()  # a long-running process: cycles must be collected (short commands turn it off)
        observer = None
        try:
            self.hints.settings = self._outside_settings()
            git_dir = self.live.workspace.git_dir
            self.hints.git_dir = str(git_dir) if git_dir is not None else None
            observer, how = start_observer(self.root, self.hints, self.polling, self.say, self.hints.settings)
            self.live.refresh(None)
            diagnostics = self.live.diagnostics
            gc.collect()
            gc.freeze()  # the model of the first index lives on: not walked at every collection
            _give_back()  # before the report, whose work then fills the pages the index freed
            self._write_report(first=True)
            _give_back()
            self.ready = True
            self.printer.ready(self.live.notes, diagnostics, how, self.root, self.report)
            while not self.stopping:
                if not self._wait():
                    continue
                paths, lost = self.hints.take()
                paths = self._not_ours(paths)
                if not paths and not lost and self.live.today == self._today():
                    continue
                if _identity(self.root) != self.folder:
                    self.say(f"the vault's folder {self.root} is gone (deleted, moved or unmounted); stopping")
                    return 1  # a service manager starts it again (Restart=on-failure, KeepAlive)
                if self.pending_report and self.report_rel is not None and not lost:
                    paths.add(self.report_rel)  # its own write, indexed with the owner's changes
                    self.pending_report = False
                self._batch(None if lost else paths)
        finally:
            if observer is not None:
                _stop(observer)
            self.live.close()
        return 0

    def _outside_settings(self) -> set[str]:
        """The config file, when it is outside the vault (`--config`): watched too."""
        source = self.live.workspace.config.source
        if source is None or self._in_vault(source) is not None:
            return set()
        return {os.path.realpath(source)}

    def _today(self) -> date:
        from vaultkit.dates import resolve_today

        return resolve_today(self.live.today_option)

    def _wait(self) -> bool:
        """Wait for a batch: events and then quiet (or the maximum wait), or midnight. False when
        woken for nothing to do."""
        # At most a minute: the clock may jump (a laptop asleep across midnight, which a wait
        # does not count), and the day is compared again each time.
        timeout = None if self.live.pinned else min(_seconds_to_midnight(), 60.0)
        if not self.hints.wake.wait(timeout):
            return not self.stopping  # midnight: the date-driven diagnostics follow the new day
        if self.stopping:
            return False
        first = time.monotonic()
        longest = max(self.debounce * MAX_WAIT_FACTOR, 2.0)
        while not self.stopping:
            now = time.monotonic()
            with self.hints.lock:
                quiet_at = self.hints.last + self.debounce
            wait = min(quiet_at, first + longest) - now
            if wait <= 0:
                break
            time.sleep(min(wait, 0.05))
        return not self.stopping

    def _not_ours(self, paths: set[str]) -> set[str]:
        """`paths` without the report note when what is there is what this watcher wrote (it is
        indexed at the next batch, as a report: nothing it says changes a diagnostic)."""
        rel = self.report_rel
        if rel is None or rel not in paths or self.written is None:
            return paths
        try:
            data = Path(self.root, rel).read_bytes()
        except OSError:
            return paths
        if hashlib.blake2b(data, digest_size=16).digest() == self.written:
            self.pending_report = True
            return paths - {rel}
        return paths

    def _batch(self, paths: Iterable[str] | None) -> None:
        from vaultkit.errors import UserError

        units = self.live.units
        try:
            self.live.refresh(paths)
        except UserError as error:  # a config edited into a mistake: said, and the last one kept
            self.say(f"{error}; still watching with the settings as they were")
            self.live.refresh({path for path in paths or () if not settings_changed((path,))})
        assert self.live.units is not None
        added, resolved, updated = differences(*changed(units, self.live.units))
        self.printer.changes(added, resolved, updated)
        if self.report is not None:
            _give_back()
            self._write_report()
        _give_back()

    def _write_report(self, first: bool = False) -> None:
        if self.report is None or self.write is None or self.live.loaded is None:
            return
        from vaultkit.errors import UserError
        from vaultkit.report import render_report

        data = render_report(self.live.report(), "markdown").encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        try:
            if self.report.read_bytes() == data:
                self.written = digest
                return
        except OSError:
            pass
        self.written = digest  # before the write: its event must find it ours
        try:
            self.write(data)
        except UserError as error:
            if first:
                raise  # `--report` naming a note of the owner's, or a folder: said before anything
            self.say(str(error))


def _give_back() -> None:
    """Return to the system the memory a batch freed (glibc keeps freed pages in the middle of its
    heap otherwise): 339 MB to about 320 MB for a watcher of 31,000 notes with a report. Nothing
    where the C library is not glibc."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _seconds_to_midnight() -> float:
    now = datetime.now()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return max((midnight - now).total_seconds(), 0.0) + 0.5
