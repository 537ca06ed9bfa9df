"""The index: a SQLite cache of parsed notes, brought up to date incrementally.

It is a cache, never the truth: a row is used only while the file's size and mtime are unchanged
(and a changed stat with the same content hash only refreshes the stat). Another schema, parser,
build of vaultkit or config fingerprint empties it. Every update is one transaction, so a run
killed at any moment leaves either the old or the new state, and WAL lets a watcher and a
command share it.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import sqlite3
import stat as kinds
import threading
import time
import zlib
from collections.abc import Callable, Collection, ItemsView, Iterable, Iterator, Mapping, ValuesView
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.discovery import open_note
from vaultkit.errors import UserError
from vaultkit.note import PARSER_VERSION, ParsedNote, decode, encode, read_note, unreadable
from vaultkit.writer import CLOEXEC, NOFOLLOW, NONBLOCK

if TYPE_CHECKING:
    from vaultkit.engine.facts import Body, FactsMaker, FactsView, NoteFacts

SCHEMA_VERSION = 7  # 7: stored values sealed with a checksum
PARALLEL_THRESHOLD = 400  # below this many notes to parse, worker start-up costs more than it saves
OVERLAY_LIMIT = 2000  # entries changed since a layered value's base was written, before it is written again
Stat = tuple[int, int]  # (mtime_ns, size)
# A file modified this shortly before it was read may be modified again without its mtime moving
# (coarse file system clocks: 2 s on FAT, 1 s on HFS+, a scheduler tick on ext4), so its stat is
# not trusted: it is read again next time (git calls such entries "racily clean").
RACY_NS = 2_000_000_000
UNTRUSTED = -1  # the mtime stored for a stat that must not be trusted: read the note next time
Progress = Callable[[int, int], None]


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    parsed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


INDEX_NAME = "index.sqlite3"
SIBLINGS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database, opened by name
IGNORE_TEXT = "# vaultkit's index: a cache, rebuilt at will\n*\n"
Say = Callable[[str], None]  # a warning for the user, one line (see engine.warn)


class Unsafe(Exception):
    """A file or folder of the index that vaultkit will not open: a link, which would send the
    notes' text where it leads (or vaultkit's tables into another program's database), a special
    file, one of another user's (who could feed vaultkit their index), or a file with other names."""


def index_location(root: Path, in_vault: bool = True, warn: Say | None = None) -> Path | None:
    """`<vault>/.vaultkit/index.sqlite3`; when the vault is read-only, or is a folder nobody
    marked as one (`in_vault` false), the user's cache folder; when that is not writable either,
    a private folder in the temporary one. Private throughout: the notes' text is in the index.

    Nothing is opened or made through a link, as git will not work in a repository of another
    user's: a `.vaultkit/` that is a link, or of another user's, or holding an index file that is
    one, is not used; the index goes to the cache folder instead, and `warn` says so. None when no
    folder will do: the index is then kept in memory for the run (`warn` says that too).
    """
    say = warn or (lambda line: None)
    folder = root / ".vaultkit"
    refused = ""
    if in_vault:
        try:
            return _index_folder(folder, vault_folder=True) / INDEX_NAME
        except Unsafe as error:
            refused = str(error)
        except OSError:
            pass  # read-only, full: the cache folder, as always
    import tempfile

    digest = hashlib.sha1(str(root).encode()).hexdigest()[:16]
    getuid = getattr(os, "getuid", None)  # None on Windows, where folders have no owner to check
    user = str(getuid()) if getuid else os.environ.get("USERNAME", "user")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tried = []
    for base in (cache_home / "vaultkit", Path(tempfile.gettempdir()) / f"vaultkit-{user}"):
        try:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)  # the notes' text is in it: private
            mine = base.lstat()
            if getuid and (base.is_symlink() or mine.st_uid != getuid() or mine.st_mode & 0o022):
                # A shared folder somebody else made (or may write in) could feed us their index.
                raise Unsafe(f"{base} is not this user's own folder")
            location = _index_folder(base / digest, vault_folder=False) / INDEX_NAME
        except (OSError, Unsafe) as error:
            tried.append(str(error) if isinstance(error, Unsafe) else f"{base} ({error.strerror or error})")
            continue
        if refused:
            say(f"{refused}: not used; the index is kept in {location}")
        return location
    where = f"{refused}; " if refused else f"{folder} and " if in_vault else ""
    say(f"no folder to keep the index in ({where}{'; '.join(tried)}); checking without it")
    return None


def _index_folder(folder: Path, vault_folder: bool) -> Path:
    """`folder`, made if missing, once it is safe to keep the index in (else Unsafe, or OSError
    when it cannot be written): a folder of this user's, not a link, whose index files, if any, are
    this user's regular files, each its only name. Its `.gitignore` is made if missing, never
    through a link; an older `.vaultkit/` made before it was kept private is made 0700."""
    with suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    found = os.lstat(folder)
    if kinds.S_ISLNK(found.st_mode):
        raise Unsafe(f"{folder} is a symbolic link")
    if not kinds.S_ISDIR(found.st_mode):
        raise Unsafe(f"{folder} is not a folder")
    _own(folder, found)
    if vault_folder and found.st_mode & 0o077:
        with suppress(OSError):  # a vault shared with others, made by them: said above (not ours)
            os.chmod(folder, 0o700)
    for suffix in ("", *SIBLINGS):
        _check_file(folder / f"{INDEX_NAME}{suffix}")
    if vault_folder:
        _create_once(folder / ".gitignore", IGNORE_TEXT.encode())
    probe = folder / f".probe-{os.getpid()}"  # a read-only mount lets mkdir pass
    _create_once(probe, b"")
    probe.unlink()
    return folder


def _own(path: Path, found: os.stat_result) -> None:
    getuid = getattr(os, "getuid", None)
    if getuid is not None and found.st_uid != getuid():
        raise Unsafe(f"{path} belongs to another user")


def _check_file(path: Path) -> None:
    """Unsafe unless `path` is missing or a regular file of this user's with no other name."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    if kinds.S_ISLNK(found.st_mode):
        raise Unsafe(f"{path} is a symbolic link")
    if not kinds.S_ISREG(found.st_mode):
        raise Unsafe(f"{path} is not a regular file")
    _own(path, found)
    if found.st_nlink > 1:  # a hard link: another program's file by a second name (SQLite warns too)
        raise Unsafe(f"{path} has other names (hard links)")


def _create_once(path: Path, data: bytes) -> None:
    """Create `path` with `data` (0600) unless something is there already, even a dangling link:
    never through a link, never over anything."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o600)
    except FileExistsError:
        return
    try:
        if data and os.write(fd, data) != len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)  # no empty `.gitignore` left behind a full disk
        raise
    os.close(fd)


def _open_index_file(path: Path) -> tuple[int, int]:
    """Make the index's file (0600, before SQLite makes it 0644 less the umask: its `-wal` and
    `-shm` files take its mode) or open the one there, never through a link, and check it as
    `_check_file` does; its (device, inode), to compare after SQLite opened it by name."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW | NONBLOCK | CLOEXEC, 0o600)
    except PermissionError:  # not ours to write: SQLite says what it can do with it
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC)
    except OSError:
        _check_file(path)  # a link: said as such
        raise
    try:
        found = os.fstat(fd)
        if not kinds.S_ISREG(found.st_mode):
            raise Unsafe(f"{path} is not a regular file")
        _own(path, found)
        if found.st_nlink > 1:
            raise Unsafe(f"{path} has other names (hard links)")
        fchmod = getattr(os, "fchmod", None)  # not on Windows, where modes do not say who reads
        if fchmod is not None and found.st_mode & 0o077:
            with suppress(OSError):
                fchmod(fd, 0o600)
        return found.st_dev, found.st_ino
    finally:
        os.close(fd)


def _identity(path: Path) -> tuple[int, int] | None:
    with suppress(OSError):
        found = os.lstat(path)
        if kinds.S_ISREG(found.st_mode):
            return found.st_dev, found.st_ino
    return None


class Index:
    """Parsed notes keyed by vault-relative path, kept in step with the files."""

    def __init__(
        self,
        root: Path,
        fingerprint: str,
        caps: tuple[int, int],
        location: Path | None = None,
        facts: tuple[FactsMaker, str] | None = None,
        warn: Say | None = None,
        in_memory: bool = False,
    ):
        """`facts` is how to work out each note's facts, with a stamp of what they depend on;
        `warn` says a fault of the index to the user (see `_fall_back`). `in_memory`: no file
        (no folder could hold one, see index_location)."""
        self.root = root
        self.maker = facts[0] if facts else None
        self.facts_stamp = facts[1] if facts else ""
        self._facts: FactsView | None = None
        self._stale: set[str] = set()  # notes changed or gone since `facts` was made
        # Kept open by a long-running process (see vaultkit.engine.live): `facts` is brought up to
        # date note by note after a change, not made again from the stored snapshot.
        self.live = False
        self._pending_facts: dict[str, tuple[bytes, bytes, str]] = {}  # worked out in this run (see FactsMaker.encode)
        # Each layered value as last read or stored: key, base id, base, overlay.
        self._layers: dict[str, tuple[str | None, bytes | None, dict[str, Any], dict[str, Any]]] = {}
        self.caps = caps  # (max-note-bytes, max-frontmatter-bytes)
        self.fingerprint = f"{SCHEMA_VERSION}/{PARSER_VERSION}/{fingerprint}"
        self.warn: Say = warn or (lambda line: None)
        found = None if in_memory else location or index_location(root, warn=self.warn)
        self.location: Path = found or Path(":memory:")
        self.memory = found is None  # the index is in memory only: the file failed, or there is none
        self._notes: dict[str, ParsedNote] = {}  # decoded on first use: `index` alone never needs them
        self._pending: dict[str, bytes] = {}  # parsed in this run, not decoded yet
        self._held: dict[str, ParsedNote] = {}  # see `hold`
        # Notes an editor holds unsaved (the language server's open documents), by path: read
        # from here, not from the file, while the walk gives them a stat of their own (see
        # Workspace.edited). Their parsed notes stay decoded in memory: a row of the file's text,
        # written meanwhile by another process, is never read back in their place.
        self.overlay: Mapping[str, bytes] = {}
        self._written: dict[str, bytes] = {}  # see `written`
        self._prefetched: dict[str, tuple[str, Any]] = {}  # see `prefetch`
        self._postponed: list[list[tuple[str, str, Any]]] | None = None  # see `postpone_stores`
        self._racy_after = 0
        self.stats: dict[str, Stat] = {}
        self.digests: dict[str, bytes] = {}
        self.untrusted: set[str] = set()  # read too soon after a change, or not read at all
        # A note gone when read again after `update` (its row dropped by another process): what
        # this run worked out saw it, the index does not, so nothing derived is stored (see engine).
        self.vanished = False
        self.loaded = False
        self._said = False  # a fault was said (see `_say`)
        self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        """The database, opened (see `_open`). A damaged file, or a foreign one (tables of another
        shape, not a database), is only a cache: made again, empty. Any other fault: `_fall_back`."""
        try:
            return self._open()
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                return self._fall_back(error)
            if not _another_shape(error):  # an older vaultkit's tables are replaced without a word
                self._say(f"the index at {self.location} is damaged ({_reason(error)}); it is made again")
            self._discard()
        except (OSError, Unsafe) as error:
            return self._fall_back(error)
        try:
            return self._open()
        except (sqlite3.DatabaseError, OSError, Unsafe) as error:
            return self._fall_back(error)

    def _discard(self) -> None:
        """Not a database we can read (torn, corrupted, foreign, of another shape): it is only a
        cache, start again from an empty one."""
        for suffix in ("", *SIBLINGS):
            with suppress(OSError):
                Path(f"{self.location}{suffix}").unlink(missing_ok=True)

    def _fall_back(self, error: BaseException) -> sqlite3.Connection:
        """A fault of the index's file (damaged, unwritable, full, not safe to open, busy past the
        timeout): the run goes on without it, the user told once. A damaged file is dropped: the
        next run makes it again. This run answers from what it holds, with an empty database in
        memory in the file's place, and reads any note it does not hold again, from the note.

        What was worked out or read so far is kept and stays right (each stored value is checked,
        see `_sealed`); only what was read of the index while not all of it was (the stats of
        `_load`) is dropped, and read again from the notes. Returns the new database.
        """
        if self.memory and isinstance(error, Damaged):
            return self.db  # one more damaged value read from the file before: said already
        if isinstance(error, (sqlite3.ProgrammingError, sqlite3.InterfaceError)) or self.memory:
            raise error  # vaultkit's own mistake, or the database in memory failing: not the file's
        damaged = isinstance(error, sqlite3.DatabaseError) and _damaged(error)
        what = "not safe to open" if isinstance(error, Unsafe) else "damaged" if damaged else "unwritable"
        self._say(f"the index at {self.location} is {what} ({_reason(error)}); checking without it")
        with suppress(sqlite3.Error, AttributeError):
            self.db.close()
        if damaged:
            self._discard()
        self.memory = True
        self.db = self._open()
        self._prefetched.clear()
        self._layers.clear()
        if not self.loaded:
            self._forget()
        return self.db

    def _say(self, line: str) -> None:
        """Say the first fault of the run; the others follow from it."""
        if not self._said:
            self._said = True
            self.warn(line)

    def _forget(self) -> None:
        """Drop everything read from the database: the next update reads it again."""
        self._prefetched.clear()
        self._notes.clear()
        self._pending.clear()
        self._facts = None
        self._stale.clear()
        self._pending_facts.clear()
        self._written.clear()
        self.stats.clear()
        self.digests.clear()
        self.untrusted.clear()
        self.loaded = False

    def _open(self) -> sqlite3.Connection:
        """The database in the index's file, opened only once the file is safe (see
        `_open_index_file`); SQLite opens it by name, so it is checked again after: the same file,
        not one swapped in meanwhile. In memory when the file failed (see `_fall_back`)."""
        if self.memory:
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self._prepare(db)
            return db
        identity = _open_index_file(self.location)
        for suffix in SIBLINGS:
            _check_file(Path(f"{self.location}{suffix}"))
        db = sqlite3.connect(self.location, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            self._prepare(db)
            if _identity(self.location) != identity:
                raise Unsafe(f"{self.location} was replaced while it was opened")
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA mmap_size=1073741824")  # read pages by mapping the file: fewer copies and calls
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        with _transaction(db):
            if row is None or row[0] != self.fingerprint:
                # Another schema, parser or config: never misread it, start again.
                db.execute("DROP TABLE IF EXISTS notes")
                db.execute("DROP TABLE IF EXISTS results")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
            db.execute(
                "CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                " size INTEGER NOT NULL, digest BLOB NOT NULL, data BLOB NOT NULL, body BLOB, names TEXT)"
            )
            # The few untrusted rows, found without reading every note's data (see untrusted_paths).
            db.execute(f"CREATE INDEX IF NOT EXISTS untrusted ON notes (mtime_ns) WHERE mtime_ns = {UNTRUSTED}")
            # Every run reads every stat and digest: from this index, not from the rows, whose pages
            # hold the parsed notes (the whole 20 MB would be read to get at 3 MB).
            db.execute("CREATE INDEX IF NOT EXISTS stats ON notes (path, mtime_ns, size, digest)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (kind TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL)"
            )

    def close(self) -> None:
        self.db.close()

    def untrusted_paths(self) -> set[str]:
        """The notes whose stored stat must not be trusted (see RACY_NS), without loading the index."""
        try:
            rows = self.db.execute(f"SELECT path FROM notes WHERE mtime_ns = {UNTRUSTED}")
            return {row[0] for row in rows}
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            return set(self.stats)  # none known: each note counts by its content (see Workspace.cached)

    def result(self, kind: str, key: str) -> bytes | None:
        """A stored result of `kind` if it was computed for exactly `key`."""
        if kind in self._prefetched:
            stored_key, value = self._prefetched.pop(kind)
            return value if stored_key == key and isinstance(value, bytes) else None
        try:
            rows = self.db.execute(
                "SELECT kind, key, value FROM results WHERE kind = ? OR kind GLOB ?", (kind, kind + "#*")
            ).fetchall()
            return _joined(rows, kind, key)
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            return None

    def store_result(self, kind: str, key: str, value: bytes) -> None:
        self._store_results([(kind, key, value)])

    def _store_results(self, values: list[tuple[str, str, bytes]]) -> None:
        """Each (kind, key, value) in one transaction, a large value in parts (see RESULT_PART)."""
        rows = [row for kind, key, value in values for row in _parts(kind, key, value)]
        for kind, _, _ in values:
            self._prefetched.pop(kind, None)
        try:
            with _transaction(self.db):
                for kind, _, _ in values:  # the parts of a larger value stored before
                    self.db.execute("DELETE FROM results WHERE kind GLOB ?", (kind + "#*",))
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            if not _busy(error):  # busy past the timeout: a cache, kept as it was
                self._fall_back(error)  # not stored: this run has the values, the next works them out

    def layered(self, kind: str, key: str) -> dict[str, dict[str, Any]]:
        """A stored mapping of sections (name → {name → value}) if it was stored for exactly `key`.

        Kept as a base, written again rarely, and an overlay of what changed since: one edit to a
        large vault rewrites a few entries, not megabytes (see `store_layered`). An overlay made for
        another base (two processes storing at once) is ignored: the base alone is an older but
        consistent value.
        """
        base_id, base = self._layer(kind, key) or (None, {})
        overlay_id, overlay = self._layer(kind + "+", key) or (None, {})
        if overlay_id != base_id or not base:
            overlay = {}
        self._layers[kind] = (key, base_id, base, overlay)
        merged = {}
        for name, section in base.items():
            changed, removed = overlay.get(name, ({}, ()))
            if changed or removed:
                section = {**section, **changed}
                for entry in removed:
                    section.pop(entry, None)
            merged[name] = section
        return merged

    def _layer(self, kind: str, key: str) -> Any:
        if kind in self._prefetched and not isinstance(self._prefetched[kind][1], bytes):
            stored_key, value = self._prefetched.pop(kind)
            return value if stored_key == key else None
        return _loads(self.result(kind, key))

    def prefetch(self, kinds: Collection[str]) -> None:
        """Read now what a command reads later anyway: the notes' stats, and the stored results of
        `kinds`, the layered ones decoded (see `layered`), whatever their key. Meant to run while
        the vault is walked in another process (see discovery.Walker); `result` and `layered`
        take a value from here once, if its key is the one asked for."""
        wanted = [name for kind in kinds for name in (kind, kind + "+")]
        where = " OR ".join(["kind = ?", "kind GLOB ?"] * len(wanted)) or "0"
        arguments = [value for name in wanted for value in (name, name + "#*")]
        if not self.loaded:
            self._load({})
        try:
            rows = self.db.execute(f"SELECT kind, key, value FROM results WHERE {where}", arguments).fetchall()
            found = {kind for kind, _, _ in rows if "#" not in kind}
            for kind in found:
                parts = [row for row in rows if row[0] == kind or row[0].startswith(kind + "#")]
                key = next((k for name, k, _ in parts if name == kind), "")
                value = _joined(parts, kind, key)
                if value is None:
                    continue
                layered = kind + "+" in found or kind.endswith("+")
                self._prefetched[kind] = (key, _loads(value) if layered else value)
        except sqlite3.DatabaseError as error:
            self._fall_back(error)

    def store_layered(
        self,
        kind: str,
        key: str,
        sections: dict[str, dict[str, Any]],
        touched: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """Store `sections` under `key`: as an overlay on the base last read, while that stays small.

        `touched`, when given, names per section every entry that may differ from what `layered`
        returned (changed, added or removed); the others are taken as they were, unread.
        """
        known, base_id, base, old_overlay = self._layers.get(kind, (None, None, {}, {}))
        overlay: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
        size = 0
        same = known == key and base.keys() == sections.keys()
        for name, section in sections.items() if same else ():
            old = base[name]
            if touched is None:
                changed = {}
                for entry, value in section.items():
                    was = old.get(entry, _ABSENT)
                    if was is not value and was != value:
                        changed[entry] = value
                removed = tuple(entry for entry in old if entry not in section)
            else:
                before, gone = old_overlay.get(name, ({}, ()))
                changed = dict(before)
                removing = set(gone)
                for entry in touched.get(name, ()):
                    value = section.get(entry, _ABSENT)
                    was = old.get(entry, _ABSENT)
                    changed.pop(entry, None)
                    removing.discard(entry)
                    if value is _ABSENT:
                        if was is not _ABSENT:
                            removing.add(entry)
                    elif was is not value and was != value:
                        changed[entry] = value
                removed = tuple(removing)
            overlay[name] = (changed, removed)
            size += len(changed) + len(removed)
        if not same or size > OVERLAY_LIMIT:
            base_id = os.urandom(8)
            values: list[tuple[str, str, Any]] = [(kind, key, (base_id, sections)), (kind + "+", key, (base_id, {}))]
            self._layers[kind] = (key, base_id, sections, {})
        else:
            values = [(kind + "+", key, (base_id, overlay))]
            self._layers[kind] = (key, base_id, base, overlay)
        if self._postponed is not None:
            self._postponed.append(values)
        else:
            self._store_results([(kind, key, marshal.dumps(value)) for kind, key, value in values])

    def postpone_stores(self) -> None:
        """Keep what `store_layered` is given, to encode and store at `store_postponed`: a first
        run's parent has time to spare while its child finishes the rules (see vaultkit.engine.first_run).
        The values must not change meanwhile; if the process ends first, they are not stored."""
        if self._postponed is None:
            self._postponed = []

    def store_postponed(self) -> None:
        postponed, self._postponed = self._postponed, None
        for values in postponed or ():
            self._store_results([(kind, key, marshal.dumps(value)) for kind, key, value in values])

    def rebuild(self) -> None:
        try:
            with _transaction(self.db):
                self.db.execute("DELETE FROM notes")
                self.db.execute("DELETE FROM results")
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
        self._forget()

    def update(
        self,
        files: dict[str, Stat],
        progress: Progress | None = None,
        parse: Parser | None = None,
        hint: Collection[str] | None = None,
    ) -> Changes:
        """Bring the index in line with `files` (every note's path and stat, from a walk).

        `parse` reads the notes that changed, in place of this index's own way (see first_run).
        `hint`: the only paths that may differ from the last update (a watcher's), or None.
        """
        try:
            return self._update(files, progress, parse, hint)
        except sqlite3.DatabaseError as error:  # each read and write says its own; this is the last resort
            self._fall_back(error)
            self._forget()
            return self._update(files, progress, None, None)

    def _update(
        self, files: dict[str, Stat], progress: Progress | None, parse: Parser | None, hint: Collection[str] | None
    ) -> Changes:
        changes = Changes()
        started = time.perf_counter()
        if not self.loaded:
            self._load(files)
            hint = None
        changes.seconds["load"] = time.perf_counter() - started
        if hint is None:
            candidates = [path for path, stat in files.items() if self.stats.get(path) != stat]
            changes.removed = sorted(path for path in self.stats if path not in files)
        else:  # and the untrusted, whose stat is never taken as it is (see UNTRUSTED)
            maybe = {*hint, *self.untrusted}
            candidates = sorted(path for path in maybe if path in files and self.stats.get(path) != files[path])
            changes.removed = sorted(path for path in maybe if path in self.stats and path not in files)
        started = time.perf_counter()
        racy_after = self._racy_after = time.time_ns() - RACY_NS
        results = (parse or self.parse)(candidates, files, progress)
        changes.seconds["parse"] = time.perf_counter() - started
        changes.parsed = len(results)
        started = time.perf_counter()
        rows: list[_Row] = []
        read = set()
        for path, stat, digest, blob, facts in results:
            read.add(path)
            if digest == b"" or stat[0] >= racy_after:  # unreadable, or racily clean
                stat = (UNTRUSTED, stat[1])
                self.untrusted.add(path)
            else:
                self.untrusted.discard(path)
            known = self.digests.get(path)
            if known is None:
                changes.added.append(path)
            elif known != digest:
                changes.changed.append(path)
            if known == digest and digest != b"":
                rows.append((path, stat[0], stat[1], digest, None, None, None))  # touched, not changed
            else:
                held = self._held.pop(path, None)
                if held is not None:
                    self._notes[path] = held
                else:
                    self._notes.pop(path, None)
                    if blob:  # else its row was written by the process that read it (see write_rows)
                        self._pending[path] = blob
                self._stale.add(path)
                if facts is not None:
                    self._pending_facts[path] = facts
                if self._written.pop(path, None) != digest:
                    rows.append((path, stat[0], stat[1], digest, blob, *(facts[1:] if facts else (None, None))))
            self.stats[path] = stat
            self.digests[path] = digest
        self._held = {}
        self._written.clear()
        # Deleted between the walk and the read: gone, not kept as it was last read.
        vanished = [path for path in candidates if path not in read and path in self.digests]
        changes.removed = sorted([*changes.removed, *vanished])
        for path in changes.removed:
            self._notes.pop(path, None)
            self._pending.pop(path, None)
            self._stale.add(path)
            self._pending_facts.pop(path, None)
            self.stats.pop(path, None)
            self.digests.pop(path, None)
            self.untrusted.discard(path)
        self._store(rows, changes.removed)
        changes.seconds["store"] = time.perf_counter() - started
        changes.added.sort()
        changes.changed.sort()
        return changes

    def stored_digests(self) -> dict[str, bytes]:
        """Every indexed note's content digest, as the index holds them now."""
        if not self.loaded:
            self._load({})
        return self.digests

    def _load(self, files: dict[str, Stat]) -> None:
        """The stored stats and digests: enough to tell what changed, without decoding a note.
        Should the index fail meanwhile, none of them: every note is read (see `_fall_back`)."""
        try:
            for path, mtime, size, digest in self.db.execute("SELECT path, mtime_ns, size, digest FROM notes"):
                self.digests[path] = digest
                self.stats[path] = (mtime, size)
                if mtime == UNTRUSTED:
                    self.untrusted.add(path)
            if not self.stats:
                # An empty index: every note is parsed in this run, not read back, and mapping the
                # file would only add its pages to this process's memory.
                self.db.execute("PRAGMA mmap_size=0")
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
        self.loaded = True

    @property
    def notes(self) -> dict[str, ParsedNote]:
        """Every indexed note, parsed; decoded from the index the first time it is asked for."""
        if len(self._notes) + len(self._pending) < len(self.stats):
            self._decode_stored()
        while self._pending:  # each blob freed as soon as it is decoded: a lower peak on a cold run
            path, blob = self._pending.popitem()
            self._notes[path] = decode(blob)
        return self._notes

    def note(self, path: str) -> ParsedNote | None:
        """One indexed note, parsed, without decoding the others; None if it is not indexed."""
        found = self._notes.get(path)
        if found is not None:
            return found
        blob = self._pending.pop(path, None)
        if blob is None:
            if path not in self.stats:
                return None
            try:
                row = self.db.execute("SELECT data FROM notes WHERE path = ?", (path,)).fetchone()
                blob = None if row is None else _unsealed(row[0])
            except sqlite3.DatabaseError as error:
                self._fall_back(error)  # read from the note below
        try:
            if blob is None:
                raise ValueError("no row")
            note = decode(blob)
        except Exception:  # a torn or foreign row: read the note again
            self._reread([path])
            blob = self._pending.pop(path, None)
            if blob is None:
                return None
            note = decode(blob)
        self._notes[path] = note
        return note

    def in_memory(self, path: str) -> bool:
        return path in self._notes or path in self._pending

    def write_rows(self, results: list[_Result]) -> None:
        """For `update`'s parser (see vaultkit.engine.first_run): write the rows of new notes read so far, in
        this process (then say they are `written`) or in a forked one (with a connection of its
        own: `reconnect` first)."""
        rows: list[_Row] = []
        for path, (mtime, size), digest, blob, facts in results:
            if digest == b"" or mtime >= self._racy_after:
                mtime = UNTRUSTED
            rows.append((path, mtime, size, digest, blob, *(facts[1:] if facts else (None, None))))
        self._store(rows, ())

    def written(self, results: list[_Result]) -> None:
        """These rows were written already, here or by another process: `update` records them
        without writing them again, and reads the notes from their rows when asked for them."""
        self._written.update((result[0], result[2]) for result in results)

    def paths_with_rows(self) -> set[str]:
        """The notes that have a row in the index now (another process may have written some)."""
        try:
            return {row[0] for row in self.db.execute("SELECT path FROM notes")}
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            return set()

    def reconnect(self) -> None:
        """A new connection, after `close`: around a fork, so that the child, which gets a copy
        of this process's memory, holds no connection of the parent's (see vaultkit.engine.first_run)."""
        if not self.memory and not self.location.parent.is_dir():  # moved or deleted since it was opened
            raise UserError(f"{self.location}: cannot open the index again: was the vault moved?")
        self.db = self._connect()

    def hold(self, notes: dict[str, ParsedNote]) -> None:
        """Notes being parsed in this run (by a `parse` given to `update`): kept as they are when
        their rows come in, not decoded again from them."""
        self._held = notes

    def cut_off(self) -> None:
        """In a forked process: any use of the parent's SQLite connection now fails loudly."""
        self.db = _CutOff()  # type: ignore[assignment]

    def let_go(self, paths: Iterable[str]) -> None:
        """Drop what is held of these notes (another process has them; the index still does)."""
        for path in paths:
            self._notes.pop(path, None)
            self._pending.pop(path, None)

    def stream(self, paths: Iterable[str]) -> Iterator[tuple[str, ParsedNote]]:
        """Each of `paths` with its note, decoded one at a time and not kept: going through a
        large vault once this way holds one note, not all of them, in memory."""
        wanted = [path for path in paths if path in self.stats]
        stored = []
        for path in wanted:
            note = self._notes.get(path)
            blob = None if note is not None else self._pending.pop(path, None)
            if note is not None or blob is not None:
                yield path, note if note is not None else decode(blob)  # type: ignore[arg-type]
            else:
                stored.append(path)
        if not stored:
            return
        left = set(stored)
        try:
            rows = self.db.execute("SELECT path, data FROM notes").fetchall() if len(stored) > 200 else []
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            rows = []
        for path, data in rows:
            if path in left:
                try:
                    note = decode(_unsealed(data))
                except sqlite3.DatabaseError as error:  # damaged: this and the rest read below, from the notes
                    self._fall_back(error)
                    break
                except Exception:  # a torn row: read below
                    continue
                left.discard(path)
                yield path, note
        for path in stored:
            if path in left:
                found = self.note(path)
                if found is not None:
                    self._notes.pop(path, None)
                    yield path, found

    @property
    def facts(self) -> FactsView:
        """Every indexed note's facts (see vaultkit.engine.facts).

        The heads are one layered value (see `layered`), each with the digest of the note it was
        worked out from: one read instead of 30,000. The bodies stay in the notes' rows until a
        rule or the model asks for them. Facts of a note whose digest differs come from this run's
        parse, else from the note itself.
        """
        from vaultkit.engine.facts import FactsView, head_from, names_text, plain_facts

        if self._facts is not None and self._stale:
            if self.live:
                self._refresh_facts(self._facts)
            else:
                self._facts = None
        if self._facts is not None:
            return self._facts
        self._stale.clear()
        snapshot = self.layered("facts", self.facts_stamp).get("facts", {})
        heads: dict[str, Any] = {}
        entries: dict[str, tuple[bytes, Any]] = {}
        full: dict[str, NoteFacts] = {}
        raw: dict[str, bytes] = {}
        missing = []
        touched = list(snapshot.keys() - self.digests.keys())
        for path, digest in self.digests.items():
            blobs = self._pending_facts.pop(path, None)
            if blobs is not None:
                touched.append(path)
                head = marshal.loads(blobs[0])
                heads[path] = head_from(head)
                raw[path] = blobs[1]
                entries[path] = (digest, head)
                continue
            entry = snapshot.get(path)
            if entry is not None and entry[0] == digest:
                heads[path] = head_from(entry[1])
                entries[path] = entry
            else:
                missing.append(path)
        if missing:  # another config, a torn snapshot: from the notes
            assert self.maker is not None, "an index without a facts maker has no facts"
            keep = len(missing) < 1000
            rows = []
            for path in missing:
                note = self.note(path)
                if note is None:
                    continue
                facts = full[path] = self.maker(path, note)
                head, body = plain_facts(facts)
                heads[path] = head_from(head)
                entries[path] = (self.digests[path], head)
                names = names_text(self.facts_stamp, body[2])
                rows.append((_sealed(marshal.dumps((self.facts_stamp, body))), names, path, self.digests[path]))
                if not keep:
                    self._notes.pop(path, None)  # do not keep the whole vault decoded for this
            self._store_bodies(rows)
        self.store_layered("facts", self.facts_stamp, {"facts": entries}, {"facts": [*touched, *missing]})
        self._layers.pop("facts")  # 30,000 entries not kept for an overlay this process will not write
        self._facts = FactsView(heads, full, self._bodies, raw, self._linking, self._linking_where)
        return self._facts

    def _refresh_facts(self, view: FactsView) -> None:
        """`view` brought up to date with the notes changed or gone since it was made. The stored
        snapshot of heads is left as it is: a later command works out again those of the notes
        whose digest differs (see `facts`), and `keep_facts` stores them."""
        from vaultkit.engine.facts import head_from, plain_facts

        heads: dict[str, Any] = {}
        raw: dict[str, bytes] = {}
        gone: list[str] = []
        for path in self._stale:
            blobs = self._pending_facts.get(path)
            if blobs is not None:
                heads[path] = head_from(marshal.loads(blobs[0]))
                raw[path] = blobs[1]
                continue
            note = self.note(path) if path in self.digests else None
            if note is None or self.maker is None:
                gone.append(path)
                continue
            head, body = plain_facts(self.maker(path, note))
            heads[path] = head_from(head)
            raw[path] = marshal.dumps((self.facts_stamp, body))
        self._stale.clear()
        view.refresh(heads, raw, gone)

    def keep_facts(self) -> None:
        """Store the heads of the facts of the notes parsed in this run (`index` alone), without
        decoding the others: the next command must not work them out again from the notes."""
        if not self._pending_facts:
            return
        snapshot = self.layered("facts", self.facts_stamp).get("facts", {})
        if not snapshot:  # nothing to add to: the whole value, as `facts` makes it
            self._facts = None
            self.facts  # noqa: B018
            return
        entries = dict(snapshot)
        touched = list(snapshot.keys() - self.digests.keys())
        for path in touched:
            del entries[path]
        for path, (head, *_) in self._pending_facts.items():
            entries[path] = (self.digests[path], marshal.loads(head))
            touched.append(path)
        self.store_layered("facts", self.facts_stamp, {"facts": entries}, {"facts": touched})

    def _bodies(self, paths: list[str]) -> dict[str, Body]:
        """The stored bodies of `paths`' facts; worked out again from the notes where stale or torn.

        Each body is stored with the stamp it was worked out under (config, layout, vaultkit):
        a body of another stamp, written by a process with another config, is never used.
        """
        from vaultkit.engine.facts import body_from, names_text, plain_facts

        found: dict[str, Body] = {}
        stamp = self.facts_stamp
        digests = self.digests
        try:
            if len(paths) > 200:
                wanted = set(paths)
                rows: Iterable[tuple[str, bytes, bytes]] = (
                    row for row in self.db.execute("SELECT path, body, digest FROM notes") if row[0] in wanted
                )
            else:
                rows = (
                    (p, *row)
                    for p in paths
                    if (row := self.db.execute("SELECT body, digest FROM notes WHERE path = ?", (p,)).fetchone())
                )
            for path, blob, digest in rows:
                if digest != digests.get(path) or blob is None:
                    continue  # changed by another process since this one read it, or none: worked out below
                with suppress(
                    Exception
                ):  # of another stamp, or not as stored (see `_unsealed`): worked out again below
                    made, body = marshal.loads(_unsealed(blob))
                    if made == stamp:
                        found[path] = body_from(body)
        except sqlite3.DatabaseError as error:  # damaged: the rest worked out below, from the notes
            self._fall_back(error)
        stale = [path for path in paths if path not in found]
        if stale:
            assert self.maker is not None, "an index without a facts maker has no facts"
            updates = []
            for path in stale:
                note = self.note(path)
                if note is None:  # deleted by now, and its row by another process: nothing of it counts
                    found[path] = ((), (), ())
                    continue
                body = plain_facts(self.maker(path, note))[1]
                found[path] = body_from(body)
                blob = _sealed(marshal.dumps((stamp, body)))
                updates.append((blob, names_text(stamp, body[2]), path, digests.get(path, b"")))
            self._store_bodies(updates)
        return found

    def _linking(self, names: Collection[str], paths: list[str]) -> tuple[set[str], list[str]]:
        """Which of `paths` have links that look up any of `names`, searched by SQLite in the
        names stored beside the notes' bodies (see facts.names_text); and the paths whose names
        are not stored under this run's stamp, for the caller to read from their facts."""
        from vaultkit.engine.facts import has_name

        if self.memory:  # the rows of the notes this run holds are not all there: none can be told
            return set(), paths
        wanted = set(paths)
        prefix = self.facts_stamp + "\n"
        unknown = "names IS NULL OR NOT substr(names, 1, ?) = ?"  # no names stored, or of another stamp
        found: set[str] = set()
        rest: list[str] = []
        try:
            if len(names) <= 100:  # one test per name, in SQLite, in one pass with the unknown rows
                tests = " OR ".join(["instr(names, ?) > 0"] * len(names)) or "0"
                rows = self.db.execute(
                    f"SELECT path, {unknown} FROM notes WHERE {unknown} OR {tests}",
                    [len(prefix), prefix, len(prefix), prefix, *(f"\n{name}\n" for name in names)],
                )
                for path, not_stored in rows:
                    if path in wanted:
                        (rest.append if not_stored else found.add)(path)
            else:  # thousands of names (a checkout): each note's names split once, and looked up
                whole = {name for name in names if "\n" not in name}
                broken = [name for name in names if "\n" in name]  # see names_text: never missed
                for path, text in self.db.execute("SELECT path, names FROM notes"):
                    if path in wanted:
                        if text is None or not text.startswith(prefix):
                            rest.append(path)
                        elif not whole.isdisjoint(text.split("\n")) or (broken and has_name(text, broken)):
                            found.add(path)
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            return set(), paths
        return found, rest

    def _linking_where(self, wanted: Callable[[str], bool], paths: list[str]) -> tuple[set[str], list[str]]:
        """`_linking` for the names `wanted` says yes to (each distinct name asked once)."""
        if self.memory:
            return set(), paths
        among = set(paths)
        prefix = self.facts_stamp + "\n"
        answers: dict[str, bool] = {}
        found: set[str] = set()
        rest: list[str] = []
        try:
            for path, text in self.db.execute("SELECT path, names FROM notes"):
                if path not in among:
                    continue
                if text is None or not text.startswith(prefix):
                    rest.append(path)
                    continue
                for name in text[len(prefix) :].split("\n"):
                    yes = answers.get(name)
                    if yes is None:
                        yes = answers[name] = bool(name) and wanted(name)
                    if yes:
                        found.add(path)
                        break
        except sqlite3.DatabaseError as error:
            self._fall_back(error)
            return set(), paths
        return found, rest

    def _store_bodies(self, rows: list[tuple[bytes, str, str, bytes]]) -> None:
        """Write bodies worked out again: (body, names, path, digest of the note they are of), each
        only on a row still of that digest (a cache: a busy index is left as it is)."""
        try:
            with _transaction(self.db):
                self.db.executemany("UPDATE notes SET body = ?, names = ? WHERE path = ? AND digest = ?", rows)
        except sqlite3.DatabaseError as error:
            if not _busy(error):
                self._fall_back(error)

    def _decode_stored(self) -> None:
        try:
            for path, data in self.db.execute("SELECT path, data FROM notes"):
                if path in self.stats and path not in self._notes and path not in self._pending:
                    blob = _unsealed(data)
                    with suppress(Exception):  # a row of another version: read below
                        self._notes[path] = decode(blob)
        except sqlite3.DatabaseError as error:  # damaged: the rest read below, from the notes
            self._fall_back(error)
        # Torn rows, and rows deleted since the stats were read (another process rebuilding the
        # index): read those notes again.
        self._reread([path for path in self.stats if path not in self._notes and path not in self._pending])

    def _reread(self, paths: list[str]) -> None:
        for path in paths:
            result = _parse_one(str(self.root), (path, self.stats[path]), self.caps, self.maker, self.overlay.get(path))
            if result is None:
                self.vanished = True
                self.stats.pop(path, None)
                self.digests.pop(path, None)
                continue
            self._pending[path] = result[3]
            self._facts = None
            if result[4] is not None:
                self._pending_facts[path] = result[4]
            body, names = result[4][1:] if result[4] else (None, None)
            self._store([(path, UNTRUSTED, result[1][1], result[2], result[3], body, names)], ())

    def parse(self, paths: list[str], files: dict[str, Stat], progress: Progress | None) -> list[_Result]:
        """Read and parse `paths`: in worker processes when there are many."""
        results = []
        if self.overlay:
            held = self._held = dict(self._held)
            for path in [path for path in paths if path in self.overlay]:
                found = parse_note(str(self.root), (path, files[path]), self.caps, self.maker, data=self.overlay[path])
                if found is not None:
                    results.append(found[0])
                    held[path] = found[1]
            paths = [path for path in paths if path not in self.overlay]
        jobs = [(path, files[path]) for path in paths]
        if len(jobs) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1 and threading.active_count() == 1:
            try:
                return [*results, *_parse_parallel(str(self.root), jobs, self.caps, self.maker, progress)]
            except (OSError, RuntimeError):  # no /dev/shm, no fork: read them here instead
                pass
        for done, job in enumerate(jobs, 1):
            result = _parse_one(str(self.root), job, self.caps, self.maker)
            if result is not None:
                results.append(result)
            if progress and done % 500 == 0:
                progress(done, len(jobs))
        return results

    def _store(self, rows: list[_Row], removed: Iterable[str]) -> None:
        """Write the notes' rows (their parsed note and facts' body sealed, see `_sealed`), and
        delete the removed ones. Not written if the index fails: this run holds what they hold."""
        if not rows and not removed:
            return
        written = [
            (path, mtime, size, digest, _sealed(blob), None if body is None else _sealed(body), names)
            for path, mtime, size, digest, blob, body, names in rows
            if blob is not None
        ]
        try:
            with _transaction(self.db):
                self.db.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in removed])
                self.db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)", written)
                self.db.executemany(
                    "UPDATE notes SET mtime_ns = ?, size = ? WHERE path = ?",
                    [(r[1], r[2], r[0]) for r in rows if r[4] is None],
                )
        except sqlite3.DatabaseError as error:
            self._fall_back(error)


_Result = tuple[str, Stat, bytes, bytes, tuple[bytes, bytes, str] | None]  # path, stat, digest, parsed note, facts
Parser = Callable[[list[str], dict[str, Stat], Progress | None], list[_Result]]  # the paths to read
# path, mtime, size, digest, parsed note (None: only touched), the body of its facts, its link names
_Row = tuple[str, int, int, bytes, bytes | None, bytes | None, str | None]
# What SQLite says of a file that is damaged or not ours, as opposed to busy, read-only or full.
_DAMAGED_CODES = (1, 11, 17, 20, 26)  # SQLITE_ERROR (no such table/column), CORRUPT, SCHEMA, MISMATCH, NOTADB


class Damaged(sqlite3.DatabaseError):
    """A stored value that fails its checksum (see `_sealed`): the file was damaged under SQLite."""


def _damaged(error: BaseException) -> bool:
    if isinstance(error, Damaged):
        return True
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.ProgrammingError):
        return False  # our mistake (a closed connection, a bad parameter), or not the file's at all
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in _DAMAGED_CODES
    message = str(error)
    return not isinstance(error, sqlite3.OperationalError) or message.startswith(("no such", "table "))


def _another_shape(error: sqlite3.DatabaseError) -> bool:
    """A database whose tables are not this vaultkit's (an older one's): no such table or column."""
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF == 1) if code is not None else str(error).startswith(("no such", "table "))


def _busy(error: sqlite3.DatabaseError) -> bool:
    """Another process holds the index past the timeout (SQLITE_BUSY, SQLITE_LOCKED)."""
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF in (5, 6)) if code is not None else "locked" in str(error)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def _sealed(value: bytes) -> bytes:
    """`value` with its checksum before it. SQLite notices a damaged page of its own structure,
    not a damaged byte of a value: every value vaultkit decodes from the index is sealed so, as
    git seals its index file, and checked when read (see `_unsealed`)."""
    return zlib.crc32(value).to_bytes(4, "little") + value


def _unsealed(stored: bytes) -> bytes:
    """The value `_sealed` stored, or Damaged when it is not the value that was stored."""
    value = bytes(stored[4:])
    if len(stored) < 4 or zlib.crc32(value) != int.from_bytes(stored[:4], "little"):
        raise Damaged("a stored value does not match its checksum")
    return value


_ABSENT = object()


class _CutOff:
    """Stands for the connection in a forked process, which must not share it (SQLite says so)."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("a forked process must not use its parent's SQLite connection")


# SQLite refuses a value over SQLITE_MAX_LENGTH (a billion bytes by default, less if built so): a
# vault with a few million diagnostics has a lint state that large. It is stored in parts, as rows
# `kind`, `kind#1`, `kind#2`... of one key, written in one transaction.
RESULT_PART = 1 << 26


def _parts(kind: str, key: str, value: bytes) -> list[tuple[str, str, bytes]]:
    rows = [(kind, key, _sealed(value[:RESULT_PART]))]
    for number, start in enumerate(range(RESULT_PART, len(value), RESULT_PART), 1):
        rows.append((f"{kind}#{number}", key, _sealed(value[start : start + RESULT_PART])))
    return rows


def _joined(rows: list[tuple[str, str, bytes]], kind: str, key: str) -> bytes | None:
    """The value `_parts` stored for `key`, or None if any part is missing or of another key
    (Damaged if a part is damaged)."""
    parts: dict[int, bytes] = {}
    for name, stored_key, value in rows:
        if stored_key != key:
            return None
        number = 0 if name == kind else name[len(kind) + 1 :]
        if not isinstance(number, int) and not number.isdigit():
            continue  # another kind whose name starts with this one's
        parts[int(number)] = value
    if not parts or sorted(parts) != list(range(len(parts))):
        return None
    return b"".join(_unsealed(parts[number]) for number in range(len(parts)))


def _loads(data: bytes | None) -> Any:
    """A layered value's (id, sections), or None for nothing, a torn value or another shape."""
    if not data:
        return None
    try:
        found = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    ok = isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict)
    return found if ok else None


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
            return
        with suppress(sqlite3.Error):  # SQLite may have rolled back itself (a full disk): the error raised says why
            self.db.execute("ROLLBACK")


def _parse_one(
    root: str, job: tuple[str, Stat], caps: tuple[int, int], maker: FactsMaker | None, data: bytes | None = None
) -> _Result | None:
    found = parse_note(root, job, caps, maker, data=data)
    return None if found is None else found[0]


def parse_note(
    root: str,
    job: tuple[str, Stat],
    caps: tuple[int, int],
    maker: FactsMaker | None,
    blob: bool = True,
    data: bytes | None = None,
) -> tuple[_Result, ParsedNote] | None:
    """Read and parse one note: its row's values, and the note itself; None if it is gone.
    Without `blob`, the row's parsed note is left empty (b"") for the caller to encode later.
    `data`: the note's text as an editor holds it, read instead of the file (see `Index.overlay`)."""
    path, stat = job
    try:
        data = read_capped(os.path.join(root, path), caps[0] + 1) if data is None else data[: caps[0] + 1]
    except FileNotFoundError:
        return None  # deleted since the walk: it is simply gone
    except OSError as error:
        note = unreadable(path, f"cannot read the note: {error.strerror or error}")
        digest = b""
    else:
        digest = hashlib.blake2b(data, digest_size=16).digest()
        note = read_note(path, data, caps[0], caps[1])
    return (path, stat, digest, encode(note) if blob else b"", maker.encode(path, note) if maker else None), note


def read_capped(path: str, limit: int) -> bytes:
    """The file's first `limit` bytes (all of it, if smaller).

    One `read` sized from `fstat`: a buffered `read(limit)` allocates `limit` bytes each time, and
    for a 5 MB cap that cost three times the read itself on a vault of small notes.
    """
    fd = open_note(path)  # no FIFO, device or link swapped in since the walk: NotAFile
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, min(size + 1, limit))
        if len(data) <= size or len(data) >= limit:
            return data  # a short read of a regular file is its end
        parts = [data]  # it grew since the fstat: read on to the end or the limit
        got = len(data)
        while got < limit:
            chunk = os.read(fd, min(1 << 16, limit - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


_MAKER: FactsMaker | None = None  # the parent's, inherited by forked workers instead of pickled


def _parse_chunk(args: tuple[str, list[tuple[str, Stat]], tuple[int, int]]) -> list[_Result]:
    root, jobs, caps = args
    results = []
    for job in jobs:
        result = _parse_one(root, job, caps, _MAKER)
        if result is not None:
            results.append(result)
    return results


def _parse_parallel(
    root: str, jobs: list[tuple[str, Stat]], caps: tuple[int, int], maker: FactsMaker | None, progress: Progress | None
) -> list[_Result]:
    global _MAKER
    import multiprocessing  # here, not at the top: 5 ms of start-up that only a cold run needs

    workers = min(os.cpu_count() or 2, 4)
    size = max(50, min(1000, len(jobs) // (workers * 4)))
    chunks = [(root, jobs[i : i + size], caps) for i in range(0, len(jobs), size)]
    results: list[_Result] = []
    context = multiprocessing.get_context("fork")
    _MAKER = maker
    try:
        with context.Pool(workers) as pool:
            for part in pool.imap_unordered(_parse_chunk, chunks):
                results.extend(part)
                if progress:
                    progress(len(results), len(jobs))
    finally:
        _MAKER = None
    return results


class LazyNotes(Mapping[str, ParsedNote]):
    """The indexed notes as a mapping that decodes a note only when it is asked for.

    Going through all of them (`items`, `values`) decodes them all at once, which is quicker than
    one by one; after one note changed, the model and the rules ask for a handful.
    """

    def __init__(self, index: Index) -> None:
        self._index = index
        self._paths = dict.fromkeys(index.stats)
        self._current: tuple[str, ParsedNote] | None = None

    def stream(self, paths: Iterable[str] | None = None) -> Iterator[tuple[str, ParsedNote]]:
        """Every note (or those of `paths`), one at a time, not kept (see `Index.stream`); the
        current one stays at hand."""
        for path, note in self._index.stream(self._paths if paths is None else paths):
            self._current = (path, note)
            yield path, note
        self._current = None

    def __getitem__(self, path: str) -> ParsedNote:
        current = self._current
        if current is not None and current[0] == path:
            return current[1]
        note = self._index.note(path) if path in self._paths else None
        if note is None:
            raise KeyError(path)
        return note

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def in_memory(self, path: str) -> bool:
        """Whether the note can be had without reading the index (a forked process must not)."""
        return self._index.in_memory(path)

    def let_go(self, paths: Iterable[str]) -> None:
        self._index.let_go(paths)

    def cut_off(self) -> None:
        self._index.cut_off()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def items(self) -> ItemsView[str, ParsedNote]:
        notes = self._index.notes
        return {path: notes[path] for path in self._paths if path in notes}.items()

    def values(self) -> ValuesView[ParsedNote]:
        notes = self._index.notes
        return {path: notes[path] for path in self._paths if path in notes}.values()
