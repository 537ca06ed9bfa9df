"""Writing to files: only the bytes meant to change, atomically, never over a concurrent edit."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from vaultkit.diagnostics import Edit
from vaultkit.discovery import REPORT_MARKER, Layout, NotAFile, read_note_file
from vaultkit.discovery import _file_kind as file_kind
from vaultkit.errors import RefusedError, UserError

# Flags of a safe open where the system has them: never through a link, never waiting on a FIFO.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
BINARY = getattr(os, "O_BINARY", 0)


class NotWritten(RefusedError):
    """A write that was not made, and why (`reason`, without the path: the caller names it)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}; nothing written")
        self.reason = reason


class ChangedMeanwhile(NotWritten):
    """The file changed (or went) since the bytes a change was computed from were read."""


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def inside(root: Path, rel_path: str) -> Path:
    """The absolute path of `rel_path`, refusing anything that would leave the vault."""
    if not rel_path or rel_path.startswith(("/", "\\")) or ".." in Path(rel_path).parts or ":" in rel_path[:3]:
        raise RefusedError(f"{rel_path}: refusing to write outside the vault")
    target = root / rel_path
    real_root = root.resolve()
    parent = target.parent.resolve()
    if parent != real_root and real_root not in parent.parents:
        raise RefusedError(f"{rel_path}: refusing to write outside the vault (a link leads out)")
    if target.is_symlink():
        raise RefusedError(f"{rel_path}: refusing to write through a symbolic link")
    return target


def check_output(
    root: Path,
    config: Path | None,
    layout: Layout,
    output: str,
    data: bytes,
    ours: Callable[[Path, bytes], bool],
    option: str = "--output",
    anywhere: bool = False,
) -> Path:
    """The file `--output` names, refused when it holds something of the owner's: a note of the
    vault or the config. A mistyped `--output People/Ana.md` must not replace Ana's note with a
    list of diagnostics. A note vaultkit itself wrote there (a markdown report, or a file that
    `ours(path, its bytes)` recognises as an earlier output, unedited since) may be replaced.

    Nor may an output land where vaultkit would read it back as a note (see `reads_as_note`):
    `check --output Daily/2026-11-19.md` would make its own "did you mean [[Ana]]?" a contact
    with Ana at the next run. Only the markdown report may, as it carries the marker that makes
    vaultkit read it as a report, never as a note (RefusedError: exit 1, nothing written).

    Folders are compared as files (`samefile`), not as names: on a case-insensitive file system
    `~/Notes/People/Ana.md` is a note of the vault at `~/notes`.

    `option` is how the user named the file, for the message; with `anywhere`, a Markdown file
    outside the vault that vaultkit did not write is refused too (`watch --report`, which would
    otherwise replace it again and again, unasked, from a background service).
    """
    path = Path(output)
    if named_descriptor(output) is not None:
        return path
    try:
        real = path.resolve()
        rel = _in_vault(root, real)
        if real.is_file():
            if config is not None and config.exists() and os.path.samefile(real, config):
                raise UserError(f"{output}: that is vaultkit's config: choose another file for {option}")
            if (rel is not None or anywhere) and real.suffix.lower() == ".md":
                current = real.read_bytes()
                if not (_our_report(current) or ours(real, current)):
                    what = "a note of the vault" if rel is not None else "a Markdown file vaultkit did not write"
                    raise UserError(f"{output}: that is {what}: choose another file for {option}")
    except OSError:
        return path  # said when the write fails
    if rel is not None and reads_as_note(layout, rel) and not _our_report(data):
        raise RefusedError(
            f"{output}: vaultkit would read that file as a note of the vault; nothing written "
            "(choose a file outside the vault, or in a folder it skips: one whose name starts with a dot)"
        )
    return path


def _in_vault(root: Path, real: Path) -> str | None:
    """`real`'s path relative to the vault's folder, or None outside it."""
    for folder in real.parents:
        if _same(folder, root):
            return real.relative_to(folder).as_posix()
    return None


def reads_as_note(layout: Layout, rel_path: str) -> bool:
    """Whether `discovery.walk` would list a regular file at `rel_path` as a note: Markdown (not an
    Excalidraw drawing), in no hidden folder, no `node_modules`, no excluded or template folder."""
    parts = rel_path.split("/")
    if any(part.startswith(".") or part == "node_modules" for part in parts):
        return False
    name = parts[-1].lower()
    if not name.endswith(".md") or name.endswith(".excalidraw.md"):
        return False
    return not layout.is_excluded(rel_path) and not layout.is_template(rel_path)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _our_report(data: bytes) -> bool:
    """Whether the note is a report vaultkit wrote (`report --format markdown`), which it may replace."""
    head = data[:512].decode("utf-8", "replace").replace("\r\n", "\n").removeprefix("\ufeff")
    return head.startswith(f"---\n{REPORT_MARKER}: true\n")


# What names a descriptor of this process rather than a file: written into, never renamed over.
_DESCRIPTOR = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/self/fd/(\d+)")


def named_descriptor(output: str) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names."""
    found = _DESCRIPTOR.fullmatch(output)
    if found is None or os.name == "nt":
        return None
    stdout, stderr, number, proc = found.groups()
    return 1 if stdout else 2 if stderr else int(number or proc)


def write_output(path: Path, data: bytes) -> Path | None:
    """Write an output (`--output`) where `path` says, as a shell's `>` would, but atomically for
    a file: a regular file (or none yet) is replaced through a temporary file and a rename; a link
    gets its target replaced so and stays a link; a FIFO, a character device (`/dev/null`, a
    terminal) or a descriptor (`/dev/stdout`) is written into, never replaced by a file. Anything
    else (a folder, a socket, a block device) is refused. Returns the regular file written, if any.
    """
    descriptor = named_descriptor(str(path))
    if descriptor is not None:
        stream = {1: sys.stdout, 2: sys.stderr}.get(descriptor)
        if stream is not None:
            stream.flush()  # what was printed before comes first
        write_all(descriptor, data)
        return None
    try:
        kind = os.stat(path).st_mode  # through links: what a shell's `>` would write into
    except FileNotFoundError:
        kind = None
    if kind is None or stat.S_ISREG(kind):
        target = Path(os.path.realpath(path))  # a link's target: the link stays
        atomic_write(target, data)
        return target
    if not (stat.S_ISFIFO(kind) or stat.S_ISCHR(kind)):
        raise UserError(f"{path}: that is {file_kind(kind)}: choose a file for --output")
    fd = os.open(path, os.O_WRONLY | CLOEXEC)  # a FIFO waits for its reader, as with a shell's `>`
    try:
        now = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(now) or stat.S_ISCHR(now)):  # swapped for something else meanwhile
            raise UserError(f"{path}: that is {file_kind(now)} now: nothing written")
        write_all(fd, data)
    finally:
        os.close(fd)
    return None


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data` to `fd`, however many writes that takes (a pipe may take part)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if not written:
            raise OSError(errno.EIO, "nothing could be written")
        view = view[written:]


def read_regular(path: Path) -> bytes:
    """The bytes of a file about to be changed, read as every note is (`discovery.open_note`):
    never through a link, never waiting on a FIFO swapped in for the note (NotWritten for those)."""
    try:
        return read_note_file(path)
    except NotAFile as error:
        raise NotWritten(path, error.strerror or "not a file") from None


def atomic_write(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path` with `data` via a temporary file in the same folder and a rename.

    With `expected` (a digest of the bytes the change was computed from), refuse when the file
    no longer holds them: someone edited it meanwhile. A replaced file keeps its mode; a new one
    gets an editor's (see new_file_mode). Only a regular file is replaced: a link or a special
    file in its place is refused (see `write_output` for the outputs that may be such).
    """
    folder = path.parent
    mode = None
    try:
        found = path.lstat()
        if not stat.S_ISREG(found.st_mode):
            raise NotWritten(path, f"{file_kind(found.st_mode)} now, not a file")
        mode = found.st_mode & 0o7777
    except FileNotFoundError:
        if expected is not None:
            raise ChangedMeanwhile(path, "the file was removed meanwhile") from None
    temp = _temporary(folder, path.name, data, mode)
    try:
        if expected is not None and digest(read_regular(path)) != expected:
            raise ChangedMeanwhile(path, "the file changed since it was read")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`, whole or not at all, and never over a file that is there: a
    note written meanwhile, by the owner or another `vaultkit plan` (FileExistsError).

    The data goes to a temporary file in the same folder, which is then given the name by a hard
    link: `link` fails when the name is taken, where a rename would replace what holds it. A file
    system without hard links gets an exclusive create (`O_EXCL`) written in place instead.
    """
    temp = _temporary(path.parent, path.name, data, None)
    try:
        os.link(temp, path)  # fails on any name there (FileExistsError), a dangling link included
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        _create_in_place(path, data)
    finally:
        Path(temp).unlink(missing_ok=True)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename or a new name in `folder` durable: its entry is written with the folder, which
    a crash could otherwise lose after the file's own bytes were synced. Where a folder cannot be
    opened or synced (Windows, some network file systems), the rename stands as the system keeps it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_folders(root: Path, rel_folder: str) -> list[str]:
    """Create the folders of `rel_folder` (vault-relative) that are missing, one at a time, and
    return those made (`["People"]`). Never through a link: a symbolic link on the way, even to a
    folder inside the vault, is refused (RefusedError), as vaultkit reads no note behind one; so is
    a file where a folder should be, and any path leaving the vault (`..`, absolute)."""
    parts = [part for part in rel_folder.replace("\\", "/").split("/") if part]
    if rel_folder.startswith(("/", "\\")) or ":" in rel_folder[:3] or any(p in (".", "..") for p in parts):
        raise RefusedError(f"{rel_folder}: refusing to write outside the vault")
    made: list[str] = []
    here = root
    for count, part in enumerate(parts, 1):
        here = here / part
        shown = "/".join(parts[:count])
        try:
            found = os.lstat(here).st_mode
        except FileNotFoundError:
            try:
                os.mkdir(here)  # never through a link: a link there now makes it fail (FileExistsError)
            except FileExistsError:
                found = os.lstat(here).st_mode
            else:
                made.append(shown)
                continue
        if stat.S_ISLNK(found):
            raise RefusedError(f"{shown}: a symbolic link, which vaultkit does not follow; nothing written there")
        if not stat.S_ISDIR(found):
            what = "a file" if stat.S_ISREG(found) else file_kind(found)
            raise RefusedError(f"{shown}: {what}, not a folder; nothing written there")
    return made


def _create_in_place(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC | BINARY, new_file_mode())
    try:
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def _temporary(folder: Path, name: str, data: bytes, mode: int | None) -> str:
    """A temporary file in `folder` holding `data`, synced, with the mode given (or an editor's)."""
    import tempfile

    raw = os.fsencode(name)  # a name need not be UTF-8 (its bytes are what the file system counts)
    short = name if len(raw) <= 64 else os.fsdecode(raw[:64])
    fd, temp = tempfile.mkstemp(prefix=f".{short}.", suffix=".vaultkit-tmp", dir=folder)  # a long name's too
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, new_file_mode() if mode is None else mode)  # mkstemp makes it 0600
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def why(error: OSError) -> str:
    """Why the system refused a read or a write, as words for one line (no errno, no traceback)."""
    words = {
        errno.EACCES: "permission denied",
        errno.EPERM: "not permitted",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "over the disk quota",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }
    return words.get(error.errno or 0) or (error.strerror or str(error) or type(error).__name__).lower()


def new_file_mode() -> int:
    """The mode an editor gives a new file: 0666 less the umask (0644 under the usual 022), so a
    plan note or a report is as readable as the notes beside it, and as private as the owner set."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, which `os.umask` tells only by setting another: meanwhile a thread
    creating a file would get the wrong mode. Linux says it in /proc/self/status (since 4.7);
    elsewhere it is read once per process, through the private 077, never a looser mask."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _umask_once()


@lru_cache(maxsize=1)
def _umask_once() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def apply_edits(data: bytes, edits: Sequence[Edit]) -> bytes:
    """Apply non-overlapping edits (1-based line and code-point column) to a note's bytes.

    Everything outside the edited spans stays byte-identical: BOM, line endings, the rest.
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)

    def offset(line: int, column: int) -> int:
        if not 1 <= line <= len(starts):
            raise ValueError(f"line {line} is outside the note")
        return starts[line - 1] + column - 1

    spans = sorted(((offset(e.line, e.column), offset(e.end_line, e.end_column), e.text) for e in edits), reverse=True)
    previous_start = len(text) + 1
    for start, end, replacement in spans:
        if end > previous_start:
            raise ValueError("overlapping edits")
        text = text[:start] + replacement + text[end:]
        previous_start = start
    out = text.encode("utf-8")
    return b"\xef\xbb\xbf" + out if bom else out
