"""The vault's git history: each person note's fields as every commit that changed them had them.

Read with the git command line, committed history only (the working tree and the staging area never
count), so that it can never reach a network: no lazy fetch of a partial clone's missing objects, no
prompt, no protocol allowed. Blobs are read in bulk (one `git cat-file --batch`), each version parsed
as vaultkit reads a note now (`read_note`, the facts' classification, `read_person_fields`).

History is linear per note even when the repository's is not: commits are replayed oldest first in
topological order, each a change of the fields it changed against its first parent (so two branches
that changed different fields of one note both count, each on its own commit's date), and a merge
adds only what it did itself: where its result differs from what its branches brought (a conflict
resolved, a change of one branch dropped). Renames are followed (`-M`), so a note keeps its history:
a note renamed and edited in one commit past git's similarity is paired by the person it names (see
`pairs`), and one moved into the vault's folder from elsewhere in the repository (the vault's folder
itself moved) by where it came from (see `placed`). A partial clone's versions that are not in it
are counted, never fetched.

What was read is kept in the index, keyed by what the reading depends on; a new commit whose
ancestor is the one read last costs only its own notes (`stored..new`), anything else (a rebase, a
reset, another branch) reads the whole history again.
"""

from __future__ import annotations

import marshal
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.config import Config
from vaultkit.discovery import Layout, is_text
from vaultkit.moves import FIELDS

if TYPE_CHECKING:
    from vaultkit.engine.facts import FactsMaker
    from vaultkit.engine.store import Index
    from vaultkit.note import ParsedNote
    from vaultkit.people import FieldTable

HISTORY_VERSION = 3
KIND = "history"  # the index's result kind
ZERO = "0" * 40


class Snapshot(NamedTuple):
    """A person note's fields as one commit has them: "" and () when unset; `level` as the model
    has it (as written, else as the relationship says); `company_names` the folded names the company
    goes by (as VK203 compares them: `[[Orgs/Acme Inc|Acme]]` is `acme` and `acme inc`)."""

    company: str
    title: str
    level: str
    roles: tuple[str, ...]
    status: str
    company_names: tuple[str, ...] = ()


Version = tuple[date, str, Snapshot | None]


class History(NamedTuple):
    """Each person note's versions, by the note's vault-relative path as it is now (renames
    followed; a note deleted since keeps its last path): (commit date, commit, its fields or None
    when it is no person note there, or gone), oldest first, one per commit that changed a field of
    FIELDS, or made the note a person's or no longer one. Notes never a person's are absent."""

    versions: dict[str, tuple[Version, ...]]
    head: str | None  # the commit read up to; None: no repository, no commit yet, or no git
    note: str | None  # one line for the user when the history is partial or unreadable
    git_dir: str | None = None  # the repository's git folder (its HEAD names the branch), when there is one


NO_HISTORY = History({}, None, None)


class GitError(Exception):
    """git failed: the message is one line for the user."""


# -- running git ------------------------------------------------------------------------------------

# Variables that would point git at another repository, index or object store than the vault's
# (a hook runs with some of them set).
_LOCAL_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_PREFIX", "GIT_IMPLICIT_WORK_TREE",
    "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_EXTERNAL_DIFF",
)  # fmt: skip
_OPTIONS = (
    "-c", "protocol.allow=never", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
    "-c", "color.ui=never", "-c", "core.quotePath=false",
)  # fmt: skip


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _LOCAL_ENV}
    env.update(GIT_NO_LAZY_FETCH="1", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_ASKPASS="", SSH_ASKPASS="")
    return env


# Seconds git may take before it is stopped (a hung git must not hang the language server): a
# question of the repository, and reading a whole history (its log, its blobs), generously.
TIMEOUT = 30.0
LOG_TIMEOUT = 120.0
_PARTIAL = "from promisor remote"  # what git dies with when an object is not in a partial clone


def git(
    root: Path, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,), timeout: float | None = None
) -> tuple[int, bytes]:
    """Run git in `root` with no way to the network: its status and output. GitError when it
    fails or does not answer in `timeout` seconds (one line); FileNotFoundError when there is no git."""
    limit = TIMEOUT if timeout is None else timeout
    try:
        process = subprocess.Popen(
            ["git", *_OPTIONS, *args], cwd=root, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    except FileNotFoundError:
        if shutil.which("git") is not None:  # git is there: the folder is not
            raise GitError(f"no folder {root}") from None
        raise
    except PermissionError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    try:
        out, err = process.communicate(stdin, timeout=limit)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise GitError(f"git did not answer in {limit:g} s") from None
    if process.returncode not in ok:
        raise GitError(_message(err) or f"git {args[0]} exited with status {process.returncode}")
    return process.returncode, out


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill git and what it started (its own process group: a child would hold its output open)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups (Windows), or gone already
        process.kill()
    process.communicate()


def _message(stderr: bytes) -> str | None:
    """git's line that says why it failed: its first `fatal:` or `error:` line, not a warning before it."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else None)


class Repository(NamedTuple):
    git_dir: str
    prefix: str  # the vault's folder in the repository ("" at its top, else ending in "/")
    shallow: bool
    head: str | None  # None: no commit yet


def repository(root: Path) -> Repository | None:
    """The repository the vault is in (it may be a folder of it), in one `git rev-parse`; None when
    there is none."""
    try:
        status, out = git(
            root, "rev-parse", "--absolute-git-dir", "--show-prefix", "--is-shallow-repository", "--verify", "-q",
            "HEAD", ok=(0, 1),
        )  # fmt: skip
    except GitError as error:
        if "not a git repository" in str(error):
            return None
        raise
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3:
        raise GitError("git rev-parse said nothing of the repository")
    head = lines[3].strip() if status == 0 and len(lines) > 3 and lines[3].strip() else None
    return Repository(lines[0], lines[1], lines[2].strip() == "true", head)


def _git_folder(root: Path) -> Path | None:
    """The nearest folder from the vault up that holds a `.git` (when git itself cannot say)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


# -- reading the log ---------------------------------------------------------------------------------


class Change(NamedTuple):
    status: str  # A, M, D, T, R or C (the first letter of git's)
    old_sha: str
    new_sha: str
    old_path: str | None  # vault-relative; None when outside the vault or no note
    new_path: str | None


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    # The author date, seconds since the epoch: when the change was made. A rebase, an amend or a
    # `pull --rebase` sync rewrites the committer date of every commit it touches, not this one.
    time: int
    diffs: list[list[Change]]  # one against each parent (none for a root commit: against nothing)


class Log(NamedTuple):
    commits: list[Commit]
    moved_in: bool  # notes came into the vault's folder from elsewhere in the repository (see `placed`)


def read_log(root: Path, since: str | None, head: str, prefix: str, is_note: Callable[[str], bool]) -> Log:
    """The commits from `since` (excluded) to `head`, oldest first (topologically), each with its
    raw changes to notes of the vault (paths relative to it). A vault in a folder of its repository
    reads the repository's notes (`*.md`) whole, so that a rename into its folder is seen, then
    `placed`. In a partial clone, git dies comparing a blob it does not have: renames are then found
    by their blobs alone (`-M100%`), the others paired as the notes say (see `pairs`)."""
    spec = f"{since}..{head}" if since else head
    limit = ("--", ":(top,icase)*.md") if prefix else ("--",)
    log = ("log", "--raw", "-z", "--no-abbrev", "--topo-order", "--reverse", "--diff-merges=separate")
    form = ("--no-show-signature", "--format=%x00%H %P %at", spec, *limit)
    try:
        _, out = git(root, *log, "-M", *form, timeout=LOG_TIMEOUT)
    except GitError as error:
        if _PARTIAL not in str(error):
            raise
        _, out = git(root, *log, "-M100%", *form, timeout=LOG_TIMEOUT)
    tokens = out.split(b"\0")
    if not prefix:
        return Log(list(_commits(tokens, lambda path: path if is_note(path) else None)), False)
    return Log(*placed(list(_commits(tokens, lambda path: path)), prefix, is_note))


_FILES = ("100644", "100755")


def _commits(tokens: list[bytes], place: Callable[[str], str | None]) -> Iterator[Commit]:
    current: Commit | None = None
    changes: list[Change] = []
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i].lstrip(b"\n")
        i += 1
        if not token:
            continue
        if token[:1] == b":":
            meta = token.decode("ascii", "replace").split()
            status = meta[-1][:1]
            # A symbolic link or a submodule is no note (vaultkit does not follow links).
            old_sha = meta[2] if meta[0][1:] in _FILES else ZERO
            new_sha = meta[3] if meta[1] in _FILES else ZERO
            first = place(_decoded(tokens[i]))
            i += 1
            if status in ("R", "C"):
                second = place(_decoded(tokens[i]))
                i += 1
                changes.append(Change(status, old_sha, new_sha, first, second))
            else:
                changes.append(Change(status, old_sha, new_sha, first, first))
            continue
        parts = token.decode("ascii", "replace").split(" ")
        sha, time = parts[0], int(parts[-1])
        parents = tuple(p for p in parts[1:-1] if p)
        if current is not None and current.sha == sha:  # a merge, once per parent (--diff-merges=separate)
            changes = []
            current.diffs.append(changes)
            continue
        if current is not None:
            yield current
        changes = []
        current = Commit(sha, parents, time, [changes])
    if current is not None:
        yield current


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def placed(commits: list[Commit], prefix: str, is_note: Callable[[str], bool]) -> tuple[list[Commit], bool]:
    """The commits with their repository paths made the vault's (None: no note of it), and whether
    a note came into the vault's folder (`prefix`) from elsewhere. Such a note is followed back:
    renamed from `notes/People/Ana.md` to `People/Ana.md` of the vault, `notes/` was the vault's
    folder until then (the folder moved: its notes deleted before count too); renamed from
    `inbox/Ana.md`, that path alone was the note until then. Renames read newest first, so that
    one into such a place is followed too."""
    folders: dict[str, int] = {}  # a folder the vault was in → the last commit (its position) it was
    files: dict[str, list[tuple[int, str]]] = {}  # a path outside → (until, the note it was), newest first
    size = len(prefix)

    def place(path: str | None, at: int) -> str | None:
        if path is None:
            return None
        if path.startswith(prefix):
            rest: str | None = path[size:]
        else:
            rest = _before(path, at, folders, files)
        return rest if rest is not None and is_note(rest) else None

    for at in range(len(commits) - 1, -1, -1):
        for diff in commits[at].diffs:
            for change in diff:
                old = change.old_path
                if change.status != "R" or old is None or old.startswith(prefix):
                    continue
                new = place(change.new_path, at)
                if new is None:
                    continue
                if old == new or old.endswith("/" + new):
                    folders.setdefault(old[: len(old) - len(new)], at)
                else:
                    files.setdefault(old, []).append((at, new))
    out = [
        commit._replace(
            diffs=[[c._replace(old_path=place(c.old_path, at), new_path=place(c.new_path, at)) for c in diff]
                   for diff in commit.diffs]
        )
        for at, commit in enumerate(commits)
    ]  # fmt: skip
    return out, bool(folders or files)


def _before(path: str, at: int, folders: Mapping[str, int], files: Mapping[str, list[tuple[int, str]]]) -> str | None:
    """What the vault called `path` (outside its folder now) at the commit at position `at`: the note
    renamed into it soonest after, else the path in the folder it was in then, else nothing."""
    for until, note in reversed(files.get(path, ())):
        if until >= at:
            return note
    found = [
        (until, -len(folder), folder) for folder, until in folders.items() if until >= at and path.startswith(folder)
    ]
    if not found:
        return None
    folder = min(found)[2]
    return path[len(folder) :]


# -- what a version says ---------------------------------------------------------------------------


class Unreadable:
    """A version whose frontmatter could not be read (VK001, VK002): it says nothing of the person."""


UNREADABLE = Unreadable()
Read = Snapshot | Unreadable | None
# A frontmatter's closing line, for reading the frontmatter alone when the body can say nothing.
_CLOSE = re.compile(rb"\n(?:---|\.\.\.)\r?(?=\n|\Z)")
_PERSON_WORDS = (b"person", b"people", b"contact")


class Reader:
    """Reads what a version of a note says of a person, as the facts do (see FactsMaker)."""

    def __init__(self, config: Config, layout: Layout) -> None:
        from vaultkit.engine.facts import FactsMaker
        from vaultkit.note import read_note
        from vaultkit.people import field_table

        self.config = config
        self.layout = layout
        self.maker: FactsMaker = FactsMaker(config, layout)
        self.table: FieldTable = field_table(config)
        self.caps = (config.max_note_bytes, config.max_frontmatter_bytes)
        self._empty: ParsedNote = read_note("empty.md", b"", *self.caps)
        self._notes: dict[str, bool] = {}
        self._by_path: dict[str, str] = {}
        self.parsed = 0  # versions parsed, for tests and benchmarks

    def is_note(self, path: str) -> bool:
        """Whether a vault-relative path is a note vaultkit reads (see `discovery.walk`)."""
        found = self._notes.get(path)
        if found is None:
            from vaultkit.writer import reads_as_note

            found = self._notes[path] = is_text(path) and reads_as_note(self.layout, path)
        return found

    def kind_by_path(self, path: str) -> str:
        """`person` when the path alone makes a person note, `never` when it makes a plan or a daily
        note (what its content says cannot make it a person's), else `content`."""
        found = self._by_path.get(path)
        if found is None:
            from vaultkit.engine.facts import DAILY, PERSON, PLAN

            kind, _ = self.maker.classify(path, self._empty)
            found = "person" if kind == PERSON else "never" if kind in (PLAN, DAILY) else "content"
            self._by_path[path] = found
        return found

    def read(self, path: str, data: bytes) -> Read:
        """What one version's bytes say: its fields, None when it is no person note, UNREADABLE."""
        from vaultkit.engine.facts import PERSON
        from vaultkit.note import read_note
        from vaultkit.people import level_of, read_person_fields

        if self.kind_by_path(path) == "content" and not _may_be_person(data):
            return None
        self.parsed += 1
        note = read_note(path, self._head(data), *self.caps)
        kind, _ = self.maker.classify(path, note)
        if kind != PERSON:
            return None
        if any(problem.code in ("VK001", "VK002") for problem in note.problems):
            return UNREADABLE
        stem = path.rsplit("/", 1)[-1][:-3]
        fields = read_person_fields(note.fields, stem, self.config, self.table, note.inline_fields)
        return Snapshot(
            fields.company or "", fields.title or "", level_of(fields) or "", fields.roles, fields.status,
            fields.company_names,
        )  # fmt: skip

    def names(self, path: str, data: bytes | None) -> Names:
        """Who a version of a person note names (its bytes None: not in the clone, its path alone)."""
        from vaultkit.people import identity_keys_of, read_person_fields
        from vaultkit.text import fold_accents

        stem = path.rsplit("/", 1)[-1][:-3]
        identity: tuple[str, tuple[str, ...], tuple[str, ...]] = (stem, (), ())
        if data is not None:
            from vaultkit.note import read_note

            note = read_note(path, self._head(data), *self.caps)
            fields = read_person_fields(note.fields, stem, self.config, self.table, note.inline_fields)
            identity = (fields.name, (*fields.aliases, stem), fields.emails)
        words = {tuple(fold_accents(name).split()) for name in (identity[0], *identity[1])}
        return Names(frozenset(identity_keys_of(identity)), frozenset(words - {()}))

    def _head(self, data: bytes) -> bytes:
        """The part of a note that says what its fields are: the frontmatter alone when the body
        holds no Dataview field (`key:: value`) and the whole is a note read_note reads (not too
        large, UTF-8, no NUL): the body's scan is most of a parse, and says nothing else of them."""
        if b"::" in data or len(data) > self.caps[0] or b"\0" in data:
            return data
        if not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return data
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        if not (data.startswith(b"---\n", start) or data.startswith(b"---\r\n", start)):
            return data if data[start:] in (b"---", b"---\r") else b""  # no frontmatter: no field
        close = _CLOSE.search(data, start)
        return data if close is None else data[: close.end()]


class Names(NamedTuple):
    """Who a person note names: its identity keys (VK105: a name or an alias of two words or more, an
    email) and the folded words of its name, its aliases and its file name."""

    keys: frozenset[str]
    words: frozenset[tuple[str, ...]]


def same_key(a: Names, b: Names) -> bool:
    return not a.keys.isdisjoint(b.keys)


def name_begins(a: Names, b: Names) -> bool:
    """One's name begins the other's (`Ana` → `Ana Núñez`, a name completed)."""
    return any(x[: len(y)] == y or y[: len(x)] == x for x in a.words for y in b.words)


def _one_to_one(
    old: Mapping[str, Names], new: Mapping[str, Names], match: Callable[[Names, Names], bool], paired: Mapping[str, str]
) -> dict[str, str]:
    """The notes of `old` that `match` exactly one of `new`, which matches no other of `old` (those
    `paired` already left out)."""
    taken = set(paired.values())
    left_old = [path for path in old if path not in paired]
    left_new = [path for path in new if path not in taken]
    out: dict[str, str] = {}
    for a in left_old:
        found = [b for b in left_new if match(old[a], new[b])]
        if len(found) == 1 and [x for x in left_old if match(old[x], new[found[0]])] == [a]:
            out[a] = found[0]
    return out


def _may_be_person(data: bytes) -> bool:
    """Whether a note outside the people folders may say it is a person's (`type: person`, a tag
    `person`, `people` or `contact`): the words are in it, in any case (or escaped in YAML)."""
    lowered = data.lower() if data.isascii() else data.decode("utf-8", "replace").casefold().encode()
    return any(word in lowered for word in _PERSON_WORDS) or b"\\u" in data or b"\\x" in data


def read_blobs(root: Path, shas: Iterable[str]) -> tuple[dict[str, bytes], int]:
    """The contents of blobs, in one `git cat-file --batch`, and how many are missing (a partial
    clone's, never fetched). git dies on the first blob a partial clone lacks (it would fetch it):
    the blobs are then asked again, those the clone holds only (listed, never fetched)."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}, 0
    try:
        out = _cat(root, wanted)
    except GitError as error:
        if _PARTIAL not in str(error):
            raise
        _, listed = git(root, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)", timeout=LOG_TIMEOUT)
        here = set(listed.decode("ascii", "replace").split())
        present = [sha for sha in wanted if sha in here]
        found, missing = _parse_batch(_cat(root, present) if present else b"")
        return found, missing + len(wanted) - len(present)
    return _parse_batch(out)


def _cat(root: Path, shas: list[str]) -> bytes:
    return git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode(), timeout=LOG_TIMEOUT)[1]


def _parse_batch(out: bytes) -> tuple[dict[str, bytes], int]:
    found: dict[str, bytes] = {}
    missing = 0
    at = 0
    view = memoryview(out)
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) < 3:  # `<sha> missing`
            missing += 1
            continue
        size = int(header[2])
        found[header[0].decode("ascii")] = bytes(view[at : at + size])
        at += size + 1
    return found, missing


# -- replaying the commits ---------------------------------------------------------------------------


Plain = tuple[Any, ...] | None


def _plain(snapshot: Snapshot | None) -> Plain:
    return None if snapshot is None else tuple(snapshot)


def _snapshot(plain: Plain) -> Snapshot | None:
    return None if plain is None else Snapshot(*plain)


class State:
    """Each person note's versions so far, as the index keeps them: notes by an id, their paths now
    (and the last paths of notes gone), the fields each has now, and its versions."""

    def __init__(self) -> None:
        self.next_id = 0
        self.paths: dict[str, int] = {}  # path now → note
        self.gone: dict[str, int] = {}  # last path → a note deleted or no person's any more
        self.current: dict[int, Snapshot | None] = {}
        self.versions: dict[int, list[tuple[int, str, Plain]]] = {}  # (commit time, commit, fields)
        self.head: str | None = None
        self.shallow = False
        self.oldest = 0  # the commit time of the oldest commit read (for a shallow clone's note)
        self.missing = 0  # versions not in the clone (a partial clone)

    def dumps(self) -> bytes:
        current = {key: _plain(value) for key, value in self.current.items()}
        return marshal.dumps(
            (HISTORY_VERSION, self.next_id, self.paths, self.gone, current, self.versions, self.head, self.shallow,
             self.oldest, self.missing)
        )  # fmt: skip

    @classmethod
    def loads(cls, data: bytes) -> State | None:
        try:
            parts = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(parts, tuple) or len(parts) != 10 or parts[0] != HISTORY_VERSION:
            return None
        state = cls()
        _, state.next_id, state.paths, state.gone, current, state.versions, state.head, state.shallow = parts[:8]
        state.oldest, state.missing = parts[8:]
        state.current = {key: _snapshot(value) for key, value in current.items()}
        return state

    def note_at(self, path: str) -> int:
        """The note at `path`: the one there, else the one last there (deleted, now back), else a new one."""
        found = self.paths.get(path)
        if found is None:
            found = self.gone.pop(path, None)
            if found is None:
                found = self.next_id
                self.next_id += 1
            self.paths[path] = found
        return found

    def move(self, old: str, new: str) -> int | None:
        """A note renamed: its id goes with it (None when no person note was ever at `old`)."""
        found = self.paths.pop(old, None)
        if found is not None:
            self.gone.pop(new, None)  # a note gone from `new` long ago: its history has no path any more
            self.paths[new] = found
        return found

    def record(self, note: int, commit: Commit, fields: Snapshot | None) -> None:
        """The note has `fields` from `commit` on: a version when that is news."""
        if self.current.get(note) == fields:  # never seen ≡ no person note
            return
        self.current[note] = fields
        self.versions.setdefault(note, []).append((commit.time, commit.sha, _plain(fields)))

    def leave(self, path: str, commit: Commit) -> None:
        """The note at `path` is gone (deleted, renamed out of the vault's notes)."""
        note = self.paths.pop(path, None)
        if note is not None:
            self.gone[path] = note
            self.record(note, commit, None)

    def history(self, note: str | None, git_dir: str | None) -> History:
        versions: dict[str, tuple[Version, ...]] = {}
        from_time = date.fromtimestamp
        for paths in (self.gone, self.paths):  # a note here now wins its path over one gone from it
            for path, key in paths.items():
                found = self.versions.get(key)
                if found and any(fields is not None for _, _, fields in found):
                    versions[path] = tuple((from_time(t), sha, _snapshot(fields)) for t, sha, fields in found)
        return History(versions, self.head, note, git_dir)


def _changed(old: Snapshot, new: Snapshot, now: Snapshot) -> Snapshot:
    """`now` with the fields that changed from `old` to `new` (a commit's change against its parent)."""
    changed: dict[str, Any] = {f: getattr(new, f) for f in FIELDS if getattr(old, f) != getattr(new, f)}
    if old.company != new.company or old.company_names != new.company_names:
        changed["company"] = new.company
        changed["company_names"] = new.company_names
    return now._replace(**changed) if changed else now


class Replay:
    """Commits applied to a `State`, oldest first."""

    def __init__(self, state: State, reader: Reader, blobs: Mapping[str, bytes]) -> None:
        self.state = state
        self.reader = reader
        self.blobs = blobs
        self._read: dict[tuple[str, str], Read] = {}

    def fields(self, path: str | None, sha: str) -> Read:
        """What the version `sha` at `path` says (None: no note there, or no person's)."""
        if path is None or sha == ZERO:
            return None
        key = (path, sha)
        if key not in self._read:
            if self.reader.kind_by_path(path) == "never":
                self._read[key] = None
            else:
                data = self.blobs.get(sha)
                self._read[key] = UNREADABLE if data is None else self.reader.read(path, data)
        return self._read[key]

    def apply(self, commit: Commit) -> None:
        if len(commit.diffs) > 1:
            self._merge(commit)
            return
        for change in self.pairs(commit.diffs[0]):
            self._change(commit, change)

    def pairs(self, diff: list[Change]) -> list[Change]:
        """A commit's changes, where a person note deleted and one added name the same person made
        one rename: git saw none when the note changed past its similarity (a small note renamed and
        edited at once), or in a partial clone, which cannot compare them. Paired by an identity key,
        else by a name that begins the other's, each only when neither matches another in the commit."""
        gone = {c.old_path: c for c in diff if c.status == "D" and c.old_path and self._is_person(c.old_path)}
        if not gone:
            return diff
        added = {
            c.new_path: c
            for c in diff
            if c.status == "A" and c.new_path and isinstance(self.fields(c.new_path, c.new_sha), Snapshot)
        }
        if not added:
            return diff
        names = {path: self.reader.names(path, self.blobs.get(c.old_sha)) for path, c in gone.items()}
        found = {path: self.reader.names(path, self.blobs.get(c.new_sha)) for path, c in added.items()}
        paired: dict[str, str] = {}  # old path → new path
        for match in (same_key, name_begins):
            paired.update(_one_to_one(names, found, match, paired))
        if not paired:
            return diff
        renames = {old: Change("R", gone[old].old_sha, added[new].new_sha, old, new) for old, new in paired.items()}
        taken = set(paired.values())
        out = [renames.get(c.old_path, c) if c.status == "D" and c.old_path else c for c in diff]
        return [c for c in out if not (c.status == "A" and c.new_path in taken)]

    def _is_person(self, path: str) -> bool:
        """Whether the note at `path` is a person's as the commits so far leave it."""
        note = self.state.paths.get(path)
        return note is not None and self.state.current.get(note) is not None

    def _change(self, commit: Commit, change: Change) -> None:
        state = self.state
        status, old_path, new_path = change.status, change.old_path, change.new_path
        old = self.fields(old_path, change.old_sha) if status not in ("A",) else None
        new = None if status == "D" else self.fields(new_path, change.new_sha)
        if status == "R" and old_path is not None and old_path != new_path:
            if new_path is None:  # renamed out of the vault's notes: gone
                state.leave(old_path, commit)
                return
            state.move(old_path, new_path)
        if isinstance(new, Unreadable):
            return  # says nothing of the person: the fields stay as they were
        path = new_path if new_path is not None else old_path
        if path is None:
            return
        if new is None:
            if status == "D":
                state.leave(path, commit)
            elif path in state.paths:
                state.record(state.paths[path], commit, None)
            return
        note = state.note_at(path)
        now = state.current.get(note)
        if isinstance(old, Snapshot) and now is not None:
            new = _changed(old, new, now)
        state.record(note, commit, new)

    def _merge(self, commit: Commit) -> None:
        """A merge adds what its result holds that its branches did not bring: each note that
        differs from a parent is compared with the fields its branches' commits left it with."""
        state = self.state
        present: dict[str, str] = {}
        absent: set[str] = set()
        for diff in commit.diffs:
            for change in diff:
                old, new = change.old_path, change.new_path
                if change.status == "R" and old and new and old in state.paths and new not in state.paths:
                    state.move(old, new)
                if change.status == "D":
                    if change.old_path is not None:
                        absent.add(change.old_path)
                    continue
                if change.status == "R" and change.old_path is not None:
                    absent.add(change.old_path)
                if change.new_path is not None:
                    present[change.new_path] = change.new_sha
        for path in sorted(absent - present.keys()):
            state.leave(path, commit)
        for path, sha in sorted(present.items()):
            fields = self.fields(path, sha)
            if isinstance(fields, Unreadable):
                continue
            if fields is None:
                if path in state.paths:
                    state.record(state.paths[path], commit, None)
                continue
            state.record(state.note_at(path), commit, fields)


# -- reading, incrementally ------------------------------------------------------------------------


def read_history(root: Path, config: Config, layout: Layout, index: Index | None) -> History:
    """The vault's person notes' history, from the stored one when `index` holds it (see the module)."""
    try:
        repo = repository(root)
    except FileNotFoundError:
        found = _git_folder(root)
        if found is None:
            return NO_HISTORY
        return History({}, None, f"git is not installed: the history in {found} is not read")
    except GitError as error:
        return History({}, None, f"cannot read the git history: {error}")
    if repo is None:
        return NO_HISTORY
    if repo.head is None:
        return History({}, None, None, repo.git_dir)
    key = _key(config, layout, repo)
    stored = State.loads(index.result(KIND, key) or b"") if index is not None else None
    if stored is not None and stored.shallow != repo.shallow:
        stored = None
    try:
        if stored is not None and stored.head == repo.head:
            return stored.history(_note(stored), repo.git_dir)
        since = None
        if stored is not None and stored.head is not None and _is_ancestor(root, stored.head, repo.head):
            since = stored.head
        state = stored if since is not None and stored is not None else State()
        state.shallow = repo.shallow
        if not _read(root, config, layout, state, since, repo.head, repo.prefix):
            state = State()
            state.shallow = repo.shallow
            _read(root, config, layout, state, None, repo.head, repo.prefix)
    except GitError as error:
        return History({}, None, f"cannot read the git history: {error}", repo.git_dir)
    if index is not None:
        index.store_result(KIND, key, state.dumps())
    return state.history(_note(state), repo.git_dir)


def read_commits(
    root: Path, reader: Reader, state: State, since: str | None, head: str, prefix: str
) -> tuple[list[Commit], dict[str, bytes]] | None:
    """The commits after `since` up to `head`, and the blobs of the notes they changed that may be
    a person's (only those: a daily note's or a plan's are known not to be by their paths). None
    when, read after `since`, notes came into the vault's folder from elsewhere: what they were
    before is not in `state` (the history is read whole then)."""
    log = read_log(root, since, head, prefix, reader.is_note)
    if since is not None and log.moved_in:
        return None
    commits = log.commits
    wanted: list[str] = []
    for commit in commits:
        for diff in commit.diffs:
            for change in diff:
                for path, sha in ((change.old_path, change.old_sha), (change.new_path, change.new_sha)):
                    if path is not None and sha != ZERO and reader.kind_by_path(path) != "never":
                        wanted.append(sha)
    blobs, missing = read_blobs(root, wanted)
    state.missing += missing
    return commits, blobs


def _read(root: Path, config: Config, layout: Layout, state: State, since: str | None, head: str, prefix: str) -> bool:
    """Read the commits after `since` into `state`: False, and `state` untouched, when they must be
    read from the first (see `read_commits`)."""
    reader = Reader(config, layout)
    found = read_commits(root, reader, state, since, head, prefix)
    if found is None:
        return False
    commits, blobs = found
    replay = Replay(state, reader, blobs)
    for commit in commits:
        replay.apply(commit)
        if not commit.parents and (not state.oldest or commit.time < state.oldest):
            state.oldest = commit.time
    state.head = head
    return True


def _is_ancestor(root: Path, old: str, new: str) -> bool:
    status, _ = git(root, "merge-base", "--is-ancestor", old, new, ok=(0, 1, 128))
    return status == 0


def _note(state: State) -> str | None:
    if state.shallow:
        since = date.fromtimestamp(state.oldest).isoformat() if state.oldest else "its first commit"
        return f"history is shallow: moves on or before {since} are not known (git fetch --unshallow reads them all)"
    if state.missing:
        return (
            f"history is partial: {state.missing} versions of notes are not in this clone and were not read "
            "(a partial clone: git fetch them to read them)"
        )
    return None


def _key(config: Config, layout: Layout, repo: Repository) -> str:
    from vaultkit.engine.facts import facts_stamp

    return f"{HISTORY_VERSION}/{config.fingerprint}/{facts_stamp(config, layout)}/{repo.git_dir}/{repo.prefix}"
