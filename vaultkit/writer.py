"""Writing to files: only the bytes meant to change, atomically, never over a concurrent edit."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from vaultkit.diagnostics import Edit
from vaultkit.errors import RefusedError, UserError


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


def check_output(root: Path, config: Path | None, output: str, ours: Callable[[Path, bytes], bool]) -> Path:
    """The file `--output` names, refused when it holds something of the owner's: a note of the
    vault or the config. A mistyped `--output People/Ana.md` must not replace Ana's note with a
    list of diagnostics. A note vaultkit itself wrote there (a markdown report, or a file that
    `ours(path, its bytes)` recognises as an earlier output, unedited since) may be replaced.

    Folders are compared as files (`samefile`), not as names: on a case-insensitive file system
    `~/Notes/People/Ana.md` is a note of the vault at `~/notes`.
    """
    path = Path(output)
    try:
        real = path.resolve()
        if not real.is_file():
            return path
        if config is not None and config.exists() and os.path.samefile(real, config):
            raise UserError(f"{output}: that is vaultkit's config: choose another file for --output")
        if real.suffix.lower() != ".md" or not any(_same(folder, root) for folder in real.parents):
            return path
        data = real.read_bytes()
    except OSError:
        return path  # said when the write fails
    if not (_our_report(data) or ours(real, data)):
        raise UserError(f"{output}: that is a note of the vault: choose another file for --output")
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _our_report(data: bytes) -> bool:
    """Whether the note is a report vaultkit wrote (`report --format markdown`), which it may replace."""
    from vaultkit.discovery import REPORT_MARKER

    head = data[:512].decode("utf-8", "replace").replace("\r\n", "\n").removeprefix("\ufeff")
    return head.startswith(f"---\n{REPORT_MARKER}: true\n")


def atomic_write(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path` with `data` via a temporary file in the same folder and a rename.

    With `expected` (a digest of the bytes the change was computed from), refuse when the file
    no longer holds them: someone edited it meanwhile. A replaced file keeps its mode; a new one
    gets an editor's (see new_file_mode).
    """
    folder = path.parent
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        if expected is not None:
            raise RefusedError(f"{path.name}: the file was removed meanwhile; nothing written") from None
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".vaultkit-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, new_file_mode() if mode is None else mode)  # mkstemp makes it 0600
        if expected is not None and digest(path.read_bytes()) != expected:
            raise RefusedError(f"{path.name}: the file changed since it was read; nothing written")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
