"""Finding the vault, what Obsidian's settings say about it, and which files are notes."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from vaultkit.config import CONFIG_NAMES, Config
from vaultkit.errors import UserError
from vaultkit.text import fold_name, nfc

MARKERS = (*CONFIG_NAMES, ".obsidian", ".git")
REPORT_MARKER = "vaultkit-report"  # written into our own report's frontmatter


class Root(NamedTuple):
    """The vault's folder, and whether somebody made it one: given (`--vault`), or holding a
    config, `.obsidian/` or `.git/`. An unmarked root is only the current folder, which holds
    notes: vaultkit reads it, and writes nothing of its own into it (see index_location)."""

    path: Path
    marked: bool


PROBE_DEPTH = 2  # a note this many folders below an unmarked current folder makes it a vault ("two" below)


def find_root(given: str | Path | None, cwd: Path | None = None) -> Root:
    """`--vault`, else the nearest ancestor with a config, `.obsidian/` or `.git/`, else cwd when
    it holds notes: run from an empty folder or a home folder of other things, there is no vault
    to speak of, and a check of nothing would look like a clean bill of health."""
    if given is not None:
        path = Path(given).expanduser()
        if not path.is_dir():
            why = "a file, not a folder" if path.exists() else "no such folder"
            raise UserError(f"{given}: vault not found ({why})")
        return Root(path.resolve(), True)
    here = (cwd or Path.cwd()).resolve()
    marked = _marked(here)
    if marked is not None:
        return Root(marked, True)
    if not holds_notes(here, PROBE_DEPTH):
        raise UserError(
            f"no vault here: {here} has no notes (.md) within two folders; run vaultkit init, or pass --vault PATH"
        )
    return Root(here, False)


def holds_notes(folder: Path, depth: int) -> bool:
    """Whether a note lies in `folder` or at most `depth` folders below it.

    Breadth first, stopping at the first note, skipping what `walk` skips (hidden folders,
    `node_modules`, symbolic links): a home folder costs a few listings, not a walk.
    """
    level = [str(folder)]
    for down in range(depth + 1):
        below: list[str] = []
        for path in level:
            try:
                with os.scandir(path) as entries:
                    for entry in entries:
                        name = entry.name
                        if name.startswith(".") or name == "node_modules":
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            if down < depth:
                                below.append(entry.path)
                        elif _note_name(name) and entry.is_file(follow_symlinks=False):
                            return True
            except OSError:
                continue  # unreadable or gone: it holds no note we could read
        level = below
    return False


def is_text(name: str) -> bool:
    """Whether a file name is text: a name that is not UTF-8 comes from os.scandir with its
    undecodable bytes as lone surrogates (PEP 383), which no output can print and SQLite cannot
    store. Such a file is left out, and said (see `walk`): a link, which is text, cannot name it."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A name that may not be UTF-8, printable: its undecodable bytes escaped (`Ana\\xff.md`)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


NOT_TEXT = "its name is not UTF-8: rename it"


def _note_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".md") and not lower.endswith(".excalidraw.md")


def _marked(here: Path, markers: tuple[str, ...] = MARKERS) -> Path | None:
    """The nearest folder from `here` up with one of `markers` (a config, `.obsidian/`, `.git/`)."""
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in markers):
            return folder
    return None


VAULT_MARKERS = (*CONFIG_NAMES, ".obsidian")  # what makes a folder inside a repository a vault of its own


def root_of_paths(paths: Iterable[str], cwd: Path | None = None) -> Path | None:
    """The vault that `check PATHS` names, when it is not the one the current folder is in.

    - Outside any vault, `vaultkit check ~/notes` means the vault at ~/notes, not a vault of the
      whole home folder.
    - In a repository whose `notes/` folder is the vault (its own config or `.obsidian/`),
      pre-commit runs `vaultkit check notes/People/Ana.md` from the repository's root, whose
      `.git/` would make the whole repository the vault: the notes' own vault is meant.

    None when the paths are in the current folder's vault (or in none). Paths in two vaults are a
    mistake to say: one vault is checked at a time.
    """
    here = (cwd or Path.cwd()).resolve()
    outer = _marked(here)
    found: set[Path] = set()
    for given in paths:
        path = (here / Path(given).expanduser()).resolve()
        if not path.exists():
            return None  # said by `check` itself, against the current folder
        folder = path if path.is_dir() else path.parent
        if outer is None:
            vault = _marked(folder)
        elif folder == outer or outer in folder.parents:  # in the current vault: a vault of its own inside it?
            inner = _marked(folder, VAULT_MARKERS)
            vault = inner if inner is not None and outer in inner.parents else None
        elif folder in outer.parents:  # a folder holding the current vault: that vault, whole
            vault = None
        else:  # elsewhere: the vault it is in, if any
            vault = _marked(folder)
        if vault is not None and vault != outer:
            found.add(vault)
    if len(found) > 1:
        named = ", ".join(str(v) for v in sorted(found))
        raise UserError(f"the paths given are in {len(found)} vaults ({named}): check one at a time, or give --vault")
    return found.pop() if found else None


def as_on_disk(root: Path, folder: str) -> str:
    """`folder` (relative to `root`) spelled as the folder already there: config folder names
    match case-insensitively and after NFC (01-vault.md), so `plans = "plans"` means `Plans/`, and
    a new note goes into that folder, not a second one beside it."""
    parts = [part for part in folder.split("/") if part]
    here = root
    spelled = []
    for part in parts:
        names = _names_in(here)
        if part not in names or not (here / part).is_dir():
            key = fold_name(part)
            part = next((name for name in names if fold_name(name) == key and (here / name).is_dir()), part)
        spelled.append(part)
        here = here / part
    return "/".join(spelled)


def _names_in(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


@dataclass(frozen=True)
class Layout:
    """The folders that give notes their kind, merged from the config and Obsidian's settings."""

    people: tuple[str, ...]
    plans: str
    meetings: tuple[str, ...]
    templates: tuple[str, ...]
    daily_folder: str
    daily_format: str
    exclude: tuple[str, ...]

    def under(self, rel_path: str, folders: Iterable[str]) -> bool:
        """Whether `rel_path` lies below one of `folders` (case-insensitive, NFC)."""
        return folded_under(fold_name(rel_path), _prefixes(tuple(folders)))

    def is_template(self, rel_path: str) -> bool:
        parts = fold_name(rel_path).split("/")[:-1]
        if any(part.endswith("templates") for part in parts):
            return True
        return self.under(rel_path, self.templates)

    def is_excluded(self, rel_path: str) -> bool:
        if not rel_path.isascii():
            rel_path = nfc(rel_path)  # as the patterns are (macOS stores names decomposed)
        return any(_glob(pattern).fullmatch(rel_path) for pattern in self.exclude)


def _folder_key(folder: str) -> str:
    return fold_name(folder.strip().strip("/").replace("\\", "/"))


@lru_cache(maxsize=64)
def _prefixes(folders: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_folder_key(f) + "/" if _folder_key(f) else "" for f in folders)


def folded_under(folded_path: str, prefixes: tuple[str, ...]) -> bool:
    """`under` for a path already folded, against `_prefixes` (`""` matches everything)."""
    return any(prefix == "" or folded_path.startswith(prefix) for prefix in prefixes)


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: `*` within a segment, `**` across segments, a bare name anywhere."""
    pattern = nfc(pattern.strip().lstrip("/"))
    anchored = "/" in pattern.rstrip("/")
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c)))
        i += 1
    body = "".join(out)
    if body.endswith("/"):
        body += ".*"
    else:
        body += "(?:/.*)?"
    return re.compile(body if anchored else "(?:.*/)?" + body, re.IGNORECASE)


def read_layout(config: Config) -> Layout:
    root = config.root
    templates = list(config.templates)
    core = _read_json(root / ".obsidian" / "templates.json")
    if isinstance(core.get("folder"), str) and core["folder"].strip():
        templates.append(core["folder"])
    templater = _read_json(root / ".obsidian" / "plugins" / "templater-obsidian" / "data.json")
    if isinstance(templater.get("templates_folder"), str) and templater["templates_folder"].strip():
        templates.append(templater["templates_folder"])
    daily = _read_json(root / ".obsidian" / "daily-notes.json")
    daily_folder = config.daily_folder or (daily.get("folder") if isinstance(daily.get("folder"), str) else "") or ""
    daily_format = config.daily_format or (daily.get("format") if isinstance(daily.get("format"), str) else "") or ""
    return Layout(
        people=config.people,
        plans=config.plans,
        meetings=config.meetings,
        templates=tuple(templates),
        daily_folder=daily_folder.strip().strip("/"),
        daily_format=daily_format.strip() or "YYYY-MM-DD",
        exclude=config.exclude,
    )


def _read_json(path: Path) -> dict[str, Any]:
    """One of Obsidian's settings files, read as a note is (`open_note`: a FIFO is not waited on)."""
    try:
        data = json.loads(read_note_file(path).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


Walk = tuple[dict[str, tuple[int, int]], list[str], list[tuple[str, str]]]


def walk(root: Path, layout: Layout, under: str = "") -> Walk:
    """Every note file with its (change stamp, size), every other file's relative path, and the
    folders that could not be listed, with why: `("Meetings/", "Permission denied")`, and the
    files and folders whose names are not UTF-8, escaped: `("att\\xff.png", NOT_TEXT)`.

    The change stamp is the later of the file's mtime and ctime, in ns: an edit that keeps the
    size and puts the mtime back (`touch -r`, `cp -p`, `rsync -a`, unpacking an archive) still
    moves the ctime, which nobody can set. (On Windows, whose ctime is the creation time, the mtime.)
    Hidden parts, `node_modules`, Excalidraw drawings, excluded globs and symbolic links are
    skipped; template notes are listed among the other files (they are link targets, not notes).

    `under`: only what is at that vault-relative path (a file or a folder), as the whole walk
    would list it.
    """
    ctime = os.name != "nt"
    notes: dict[str, tuple[int, int]] = {}
    others: list[str] = []
    unreadable: list[tuple[str, str]] = []
    excluded = layout.exclude
    stack = [("", str(root), False)]
    if under:
        parts = under.split("/")
        if any(part.startswith(".") or part == "node_modules" or not is_text(part) for part in parts):
            return notes, others, unreadable
        if any(excluded and layout.is_excluded("/".join(parts[: i + 1])) for i in range(len(parts))):
            return notes, others, unreadable
        folder = "/".join(parts[:-1])
        try:  # the path's folder, listed for that one entry: one path walked as the whole walk would
            st = os.lstat(root / under)
        except OSError:
            return notes, others, unreadable
        in_templates = bool(folder) and layout.is_template(folder + "/x")
        if stat.S_ISDIR(st.st_mode):
            stack = [(under + "/", str(root / under), in_templates or layout.is_template(under + "/x"))]
        elif stat.S_ISREG(st.st_mode):
            if _note_name(parts[-1]) and not in_templates:
                stamp = max(st.st_mtime_ns, st.st_ctime_ns) if ctime else st.st_mtime_ns
                notes[under] = (stamp, st.st_size)
            else:
                others.append(under)
            return notes, others, unreadable
        else:
            return notes, others, unreadable
    while stack:
        rel_dir, abs_dir, in_templates = stack.pop()
        try:
            entries = list(os.scandir(abs_dir))
        except FileNotFoundError:
            continue  # vanished since it was listed: its notes are simply not there
        except OSError as error:  # unreadable: its notes are left out, and the commands say so
            unreadable.append((rel_dir or "./", str(error.strerror or error)))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == "node_modules":
                continue
            rel = f"{rel_dir}{name}"
            if excluded and layout.is_excluded(rel):
                continue
            try:  # not following links: a link to a folder or a file is neither here
                if entry.is_dir(follow_symlinks=False):
                    if not is_text(name):
                        unreadable.append((shown_name(rel) + "/", NOT_TEXT))
                        continue
                    template = in_templates or layout.is_template(rel + "/x")
                    stack.append((rel + "/", entry.path, template))
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue
                if not is_text(name):
                    unreadable.append((shown_name(rel), NOT_TEXT))
                    continue
                if _note_name(name) and not in_templates:
                    st = entry.stat(follow_symlinks=False)
                    stamp = st.st_mtime_ns
                    if ctime and st.st_ctime_ns > stamp:
                        stamp = st.st_ctime_ns
                    notes[rel] = (stamp, st.st_size)
                else:
                    others.append(rel)
            except OSError:
                continue
    unreadable.sort()  # in the order of the paths, whatever order the file system lists them in
    return notes, others, unreadable


# -- reading a note: the one safe open ----------------------------------------------------------
#
# Between the walk, which lists regular files only, and the read, anything may be put in a
# note's place. A FIFO would block `open` until some writer came (forever, in a check); a
# symbolic link would read a file outside the vault; a device would read without end.

_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)  # fmt: skip


class NotAFile(OSError):
    """What is at a note's path is not a regular file (any more): `strerror` says what it is."""


def open_note(path: str | os.PathLike[str]) -> int:
    """A descriptor to read the regular file at `path`, opened without following a link
    (O_NOFOLLOW) nor waiting (O_NONBLOCK, which a regular file's reads ignore), its type checked
    on the descriptor itself (fstat): NotAFile for a link, a FIFO, a device, a socket or a folder,
    never read. Every read of a note goes through here: the parse workers, the index's reader,
    the digests of racy notes, and the writer's `read_regular` before a change."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO, errno.EOPNOTSUPP):
            try:  # a link (ELOOP: not followed), or a socket (ENXIO), put in the note's place
                kind = _file_kind(os.lstat(path).st_mode)
            except OSError:
                raise error from None
            raise NotAFile(error.errno, f"{kind} now, not a file", str(path)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(errno.EINVAL, f"{_file_kind(mode)} now, not a file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_note_file(path: str | os.PathLike[str]) -> bytes:
    """The whole of a note (see `open_note`)."""
    fd = open_note(path)
    try:
        parts = []
        while chunk := os.read(fd, 1 << 20):
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"),
    )  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a regular file")
