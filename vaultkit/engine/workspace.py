"""Loading a vault: config, layout, index and model, in one place every front end shares."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from vaultkit.config import Config, load_config
from vaultkit.discovery import Layout, find_root, read_layout, read_note_file, walk
from vaultkit.engine import stamp as build
from vaultkit.engine.facts import FactsMaker, facts_stamp
from vaultkit.engine.forked import Walker
from vaultkit.engine.store import RACY_NS, UNTRUSTED, Changes, Index, LazyNotes, Parser, Progress, index_location
from vaultkit.model import Vault
from vaultkit.moves import as_of

if TYPE_CHECKING:
    from vaultkit.engine.units import Partner, Units
    from vaultkit.history import History
    from vaultkit.lint import Selection


PREFETCH_MIN_BYTES = 16 << 20  # an index of about 7,000 notes: below, a fork costs what it saves


@dataclass
class Loaded:
    vault: Vault
    changes: Changes
    index: Index
    seconds: dict[str, float]


class Workspace:
    """A vault on disk with its index; `load()` brings the index up to date and builds the model."""

    def __init__(self, vault: str | Path | None = None, config: str | Path | None = None) -> None:
        self.root, self.marked = find_root(vault)
        self.config: Config = load_config(self.root, Path(config) if config else None)
        self.layout: Layout = read_layout(self.config)
        self._index: Index | None = None
        self._scan: tuple[dict[str, tuple[int, int]], list[str]] | None = None
        self._walker: Walker | None = None
        self.lint_stamp = ""  # what the last `lint` stored its state under
        # The last model's people state and the last lint's state and units, by their keys: a
        # workspace that lives on (the watcher, the language server) starts from them, not from
        # the index, at its next `load` and `lint` (see vaultkit.engine.live).
        self._people: tuple[str, dict[str, dict[str, Any]]] | None = None
        self._lint: dict[str, tuple[str, dict[str, dict[str, Any]], Units]] = {}  # by kind (see `lint`)
        self._vault: Vault | None = None  # the last model, while the index is live
        self._hint: set[str] | None = None  # the only notes that may have changed since the last update
        self.unreadable: list[tuple[str, str]] = []  # folders the last scan could not list, and why
        self._history: History | object | None = _UNREAD  # see `history`
        # Notes an editor holds unsaved, by path, each with the stat it is given (see `edited`).
        self._edited: dict[str, bytes] = {}
        self._edited_stats: dict[str, tuple[int, int]] = {}

    @property
    def index(self) -> Index:
        if self._index is None:
            caps = (self.config.max_note_bytes, self.config.max_frontmatter_bytes)
            stamp = facts_stamp(self.config, self.layout)
            # The parsed notes are vaultkit's reading of them: another build (an upgrade, a
            # branch, an edit of an editable install) reads them again, as PARSER_VERSION alone
            # would not see a changed message or rule of reading.
            self._index = Index(
                self.root, f"{self.config.fingerprint}/{build.code_stamp()}", caps, self._location,
                facts=(FactsMaker(self.config, self.layout, stamp), stamp), warn=warn,
                in_memory=self._location is None,
            )  # fmt: skip
            self._index.overlay = self._edited
        return self._index

    @cached_property
    def _location(self) -> Path | None:
        """Where the index is (found once: it makes the folder and tries writing there). A folder
        nobody marked as a vault gets no `.vaultkit/` of ours: its index is in the cache folder.
        None: nowhere (said), the index is kept in memory for the run."""
        return index_location(self.root, in_vault=self.marked, warn=warn)

    def scan(self) -> tuple[dict[str, tuple[int, int]], list[str]]:
        """Every note with its stat, and every other file: what the vault holds right now."""
        if self._scan is None:
            walker, self._walker = self._walker, None
            found = walker.result() if walker is not None else None
            notes, others, self.unreadable = found if found is not None else walk(self.root, self.layout)
            notes.update(self._edited_stats)
            self._scan = notes, others
        return self._scan

    def history(self) -> History | None:
        """The vault's git history (vaultkit.history.History), read once per workspace and kept
        in the index, so that a later read takes only the commits since; None outside git."""
        if self._history is _UNREAD:
            if self.git_dir is None:  # no `.git` from the vault up: no git process to ask
                self._history = None
                return None
            from vaultkit.history import read_history

            read = read_history(self.root, self.config, self.layout, self.index)
            self._history = read
            return read
        return cast("History | None", self._history)

    def forget_history(self) -> None:
        """Read the history again at the next `load` (a commit, a checkout: see vaultkit.watch)."""
        self._history = _UNREAD

    @cached_property
    def git_dir(self) -> Path | None:
        """The git folder of the repository the vault is in (a worktree's too), if any."""
        for folder in (self.root, *self.root.parents):
            found = folder / ".git"
            if found.is_dir():
                return found.resolve()
            if found.is_file():  # a worktree or a submodule: `gitdir: <path>`
                try:
                    line = found.read_text(encoding="utf-8").strip()
                except (OSError, UnicodeDecodeError):
                    return None
                if line.startswith("gitdir:"):
                    return (folder / line[7:].strip()).resolve()
                return None
        return None

    def edited(self, path: str, data: bytes | None) -> None:
        """Read the note at `path` (vault-relative) as `data`, the text an editor holds unsaved,
        instead of its file, from the next `load` on; None: from its file again. A note that does
        not exist on disk yet is in the vault while it is edited. Call `rescan([path])` after.

        Each text gets a stat no file has (a negative change stamp, from its content), so the index
        reads it as a change of that note alone, like a save, and any other process sharing the
        index reads the file again rather than trust the row this one writes."""
        from vaultkit.writer import reads_as_note

        if data is None:
            self._edited.pop(path, None)
            self._edited_stats.pop(path, None)
            return
        if not reads_as_note(self.layout, path):  # a template, a hidden or excluded file: no note
            return
        self._edited[path] = data
        # Of the text itself: two processes (two editors), or this one after a config reload, that
        # give one note the same stat give it the same text; -1 is UNTRUSTED.
        self._edited_stats[path] = (
            -2 - int.from_bytes(hashlib.blake2b(data, digest_size=7).digest(), "big"),
            len(data),
        )

    @property
    def editing(self) -> Collection[str]:
        """The notes read from an editor's text rather than their files (see `edited`)."""
        return self._edited.keys()

    def prefetch(self, kinds: Collection[str]) -> None:
        """Walk the vault in another process while this one reads the index (see `Walker`): its
        stats, and the stored results of `kinds` the command will read (see `Index.prefetch`).

        Worth it on a large vault that was indexed before. Call it once the command's arguments
        are known to be good: it forks.
        """
        if self._scan is not None or self._walker is not None or self._index is not None:
            return
        try:
            size = self._location.stat().st_size if self._location is not None else 0
        except OSError:
            return  # no index yet: nothing to read meanwhile
        if size < PREFETCH_MIN_BYTES:
            return
        self._walker = Walker.start(self.root, self.layout)
        if self._walker is not None:
            self.index.prefetch(kinds)

    def forget_scan(self) -> None:
        """Walk the vault again at the next `scan` or `load` (after writing to it)."""
        self._scan = None
        self._hint = None

    def rescan(self, touched: Iterable[str]) -> None:
        """Bring the last walk up to date for `touched` alone: vault-relative paths of files or
        folders that may have been created, changed, moved or removed (a watcher's hints). A folder
        is walked again whole; whatever was under a path that is gone goes with it."""
        if self._scan is None:
            return  # walked in full at the next `scan`
        files, others = self._scan
        hint = self._hint if self._hint is not None else set()
        other_set = set(others)
        unreadable = {path: why for path, why in self.unreadable}
        wanted = {path.strip("/") for path in touched}
        wanted = {path for path in wanted if path and not path.startswith(".") and "/." not in path}  # hidden
        # What was at those paths goes: the paths themselves, looked up, and, for a path that was
        # no known file (a folder, or something new), whatever was under it, in one pass.
        folders = {path for path in wanted if path not in files and path not in other_set}
        for known in [p for p in files if p in wanted or (folders and _under(p, folders))]:
            del files[known]
            hint.add(known)
        other_set = {p for p in other_set if p not in wanted and not (folders and _under(p, folders))}
        for known in [p for p in unreadable if p.rstrip("/") in wanted or _under(p.rstrip("/"), folders)]:
            del unreadable[known]
        for path in sorted(wanted):
            found, found_others, cannot = walk(self.root, self.layout, path)
            files.update(found)
            hint.update(found)
            other_set.update(found_others)
            unreadable.update(cannot)
        for path, stat in self._edited_stats.items():  # an edited note is its editor's text, whatever is on disk
            if files.get(path) != stat:  # at a path walked again, or under a folder gone (see `edited`)
                files[path] = stat
                hint.add(path)
                other_set.discard(path)
        self._scan = files, sorted(other_set)
        self._hint = hint
        self.unreadable = sorted(unreadable.items())

    def cached(self, today: date, purpose: str, compute: Callable[[], bytes]) -> bytes:
        """A result that depends only on the files, the config, today and `purpose`.

        Reused while not one file's stat has changed, so asking the same question of an unchanged
        vault costs a walk and one read of the index, not a parse or a rule run. A note whose stat
        cannot be trusted (changed within RACY_NS of now, or unreadable when last indexed) counts by
        its content instead: a second edit in the same clock tick, or a chmod, leaves the stat as it was.
        """
        key = self._result_key(today, purpose)
        found = self.index.result(purpose.split("|", 1)[0], key)
        if found is not None:
            return found
        value = compute()
        if not self.index.vanished:
            self.index.store_result(purpose.split("|", 1)[0], key, value)
        return value

    def stored_result(self, today: date, purpose: str) -> bytes | None:
        """What `cached` would give without computing it: None when it is not stored."""
        return self.index.result(purpose.split("|", 1)[0], self._result_key(today, purpose))

    def _result_key(self, today: date, purpose: str) -> str:
        files, others = self.scan()
        by_content = self.index.untrusted_paths()
        racy_after = time.time_ns() - RACY_NS
        digest = hashlib.blake2b(digest_size=20)
        settings = {"config": repr(self.config.raw), "layout": asdict(self.layout), "source": str(self.config.source)}
        head = {"code": build.code_stamp(), "today": today.isoformat(), "purpose": purpose, **settings}
        digest.update(json.dumps(head, sort_keys=True, default=str).encode())
        ordered = sorted(files.items())
        digest.update("".join([f"{path}\0{mtime}\0{size}\n" for path, (mtime, size) in ordered]).encode())
        for path, (mtime, _) in ordered:
            if mtime >= racy_after or path in by_content:
                digest.update(path.encode() + _content_digest(self.root / path))
        digest.update("\0".join(sorted(others)).encode())
        digest.update(self._head())  # a commit changes the moves (VK109) with no file changed
        return digest.hexdigest()

    def _head(self) -> bytes:
        """What the history read depends on besides the files, as the repository's files say it
        (no git process): HEAD, the branch's ref (or the packed refs), whether the clone is
        shallow, and whether git is there to read it; empty outside git."""
        git_dir = self.git_dir
        if git_dir is None:
            return b""
        import shutil

        parts = [b"git" if shutil.which("git") else b"no git"]
        for path in head_files(git_dir):
            try:
                parts.append(path.read_bytes())
            except OSError:
                parts.append(b"-")
        return b"\0".join(parts)

    def update(
        self, rebuild: bool = False, progress: Progress | None = None, parse: Parser | None = None
    ) -> tuple[Changes, dict[str, float]]:
        """Bring the index in line with the files; no note is decoded unless it changed."""
        started = time.perf_counter()
        files, _ = self.scan()
        seconds = {"walk": time.perf_counter() - started}
        if rebuild:
            self.index.rebuild()
        hint, self._hint = self._hint, None
        changes = self.index.update(files, progress, parse, None if rebuild else hint)
        return changes, {**seconds, **changes.seconds}

    def load(
        self,
        today: date,
        rebuild: bool = False,
        progress: Progress | None = None,
        parse: Parser | None = None,
        built: Callable[[Vault], None] | None = None,
    ) -> Loaded:
        """The index brought up to date, and the model built from it for `today`.

        `parse` reads the notes that changed, in place of the index's own way, and `built` is
        given the model as soon as it is built (see vaultkit.engine.first_run).
        """
        changes, seconds = self.update(rebuild, progress, parse)
        started = time.perf_counter()
        facts = self.index.facts
        seconds["facts"] = time.perf_counter() - started
        started = time.perf_counter()
        index = self.index
        stamp = index.facts_stamp
        held = self._people

        def people_state(key: str) -> Mapping[str, Mapping[str, Any]]:
            return held[1] if held is not None and held[0] == stamp + key else index.layered("people", stamp + key)

        vault = Vault(
            self.config, self.layout, today, LazyNotes(index), tuple(self.scan()[1]), facts, index.digests,
            people_state, previous=self._vault, history=as_of(self.history(), today),
        )  # fmt: skip
        self._vault = vault if index.live else None
        if built is not None:
            built(vault)
        if vault.people_state and not index.vanished:
            index.store_layered("people", stamp + vault.people_key, vault.people_state, vault.people_touched)
        self._people = (stamp + vault.people_key, vault.people_state) if vault.people_state else None
        seconds["model"] = time.perf_counter() - started
        return Loaded(vault, changes, self.index, seconds)

    def check(self, today: date, selection: Selection, progress: Progress | None = None) -> tuple[Loaded, Units]:
        """`load`, then `lint`: what `vaultkit check` asks. With no index yet, on a large vault,
        two processes share the work (see first_run)."""
        from vaultkit.engine.first_run import FirstRun

        first = FirstRun.wanted(self, today, selection)
        try:
            parse, built = (first.parse, first.built) if first else (None, None)
            loaded = self.load(today, progress=progress, parse=parse, built=built)
            return loaded, self.lint(loaded, selection, first.partner if first else None)
        finally:
            if first is not None:
                first.close()

    def lint(self, loaded: Loaded, selection: Selection, partner: Partner | None = None, kind: str = "lint") -> Units:
        """Every rule's diagnostics, running again only what the changes since the last time reach.

        On a full run, `partner` may take some of the units (see first_run). `kind` names the
        state kept for the next time: the report's rules ("report") are not check's, and each
        keeps its own, so that neither runs everything again after the other.
        """
        from vaultkit.engine.units import run_units, state_stamp

        stamp = state_stamp(loaded.vault, selection)
        held = self._lint.get(kind)
        if held is not None and held[0] != stamp:
            held = None
        previous = held[1] if held is not None else self.index.layered(kind, stamp)
        units, state, touched = run_units(
            loaded.vault, selection, self.index.digests, previous, partner, held[2] if held else None
        )
        if not self.index.vanished:
            self.index.store_layered(kind, stamp, state, touched)
        self.lint_stamp = stamp
        self._lint[kind] = (stamp, state, units)
        return units

    def stored_units(self, stamp: str) -> Units | None:
        """The diagnostics `lint` stored with `stamp`, if they are still there and of the notes the
        index holds now (another process may have stored a state of other notes since). None, too,
        while the index holds a note as an editor held it (see `edited`): a language server's state
        is of its unsaved text, not of the files."""
        from vaultkit.engine.units import units_from_state

        state = self.index.layered("lint", stamp)
        if state.get("digests") != self.index.stored_digests():
            return None
        if any(mtime < UNTRUSTED for mtime, _ in self.index.stats.values()):
            return None
        return units_from_state(state)

    def close(self) -> None:
        if self._walker is not None:
            self._walker.cancel()
            self._walker = None
        if self._index is not None:
            self._index.close()
            self._index = None


_UNREAD = object()


def common_dir(git_dir: Path) -> Path:
    """Where a repository's branches are: a worktree's git folder names it in `commondir`."""
    try:
        named = (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return git_dir
    return (git_dir / named).resolve() if named else git_dir


def head_files(git_dir: Path) -> list[Path]:
    """The files a commit, a checkout, a reset or an unshallowing changes: HEAD, the ref it names
    (in the common folder of a worktree), the packed refs, and `shallow`."""
    common = common_dir(git_dir)
    found = [git_dir / "HEAD"]
    try:
        head = (git_dir / "HEAD").read_bytes()
    except OSError:
        head = b""
    if head.startswith(b"ref:"):
        found.append(common / head[4:].strip().decode("utf-8", "replace"))
    found += [common / "packed-refs", common / "shallow"]
    return found


def _under(path: str, folders: set[str]) -> bool:
    """Whether one of `path`'s folders is in `folders`."""
    end = path.rfind("/")
    while end > 0:
        if path[:end] in folders:
            return True
        end = path.rfind("/", 0, end)
    return False


def warn(line: str) -> None:
    """A warning for the user on stderr, as every front end prints them (a fault of the index,
    a link not followed): the command goes on."""
    from vaultkit.text import visible

    print(visible(f"vaultkit: warning: {line}"), file=sys.stderr, flush=True)


def _content_digest(path: Path) -> bytes:
    try:
        return hashlib.blake2b(read_note_file(path), digest_size=16).digest()  # never a FIFO swapped in
    except OSError as error:
        return f"unreadable: {error.errno}".encode()
