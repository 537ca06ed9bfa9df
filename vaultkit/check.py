"""The parts of `vaultkit check` that touch files: which notes PATHS name, and applying fixes."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from vaultkit.diagnostics import Diagnostic, Edit
from vaultkit.errors import RefusedError, UserError
from vaultkit.text import visible
from vaultkit.writer import ChangedMeanwhile, NotWritten, apply_edits, atomic_write, digest, inside, read_regular, why

if TYPE_CHECKING:
    from vaultkit.engine.workspace import Loaded


def note_paths(root: Path, notes: Collection[str], paths: Iterable[str]) -> set[str]:
    """The notes (of `notes`, every note's path) that PATHS (files or folders, relative to the
    current folder) name.

    A path outside the vault, or one the config excludes, names nothing: pre-commit passes every
    staged Markdown file of the repository.
    """
    wanted: set[str] = set()
    real_root = root.resolve()
    for given in paths:
        absolute = Path(os.path.abspath(given))
        if not absolute.exists():
            hint = ""
            if not Path(given).is_absolute() and (root / given).exists():
                hint = f" in {Path.cwd()} (paths are relative to the current folder: did you mean {root / given}?)"
            raise UserError(f"{given}: no such file or folder{hint}")
        resolved = absolute.resolve()
        try:
            rel = resolved.relative_to(real_root).as_posix()
        except ValueError:
            if absolute.is_dir() and resolved in real_root.parents:  # `check .` above the vault
                wanted.update(notes)
            continue
        if rel == ".":
            wanted.update(notes)
        elif absolute.is_dir():
            prefix = rel + "/"
            wanted.update(p for p in notes if p.startswith(prefix))
        elif rel in notes:
            wanted.add(rel)
    return wanted


def names_whole_vault(root: Path, paths: Iterable[str]) -> bool:
    """Whether one of PATHS is the vault's folder or one above it: `check ~/notes` is the vault's
    whole check, network and plan rules included, as `check` is."""
    real_root = root.resolve()
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_dir() and (path.resolve() == real_root or path.resolve() in real_root.parents):
            return True
    return False


def edits_by_path(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Edit]]:
    """The fixes' edits per file, leaving out any that would overlap one already taken."""
    by_path: dict[str, list[Edit]] = {}
    for d in diagnostics:
        if d.fix is None:
            continue
        taken = by_path.setdefault(d.fix.edits[0].path, [])
        if any(_overlaps(e, t) for e in d.fix.edits for t in taken):
            continue
        taken.extend(d.fix.edits)
    return {path: edits for path, edits in by_path.items() if edits}


def _overlaps(a: Edit, b: Edit) -> bool:
    a_start, a_end = (a.line, a.column), (a.end_line, a.end_column)
    return a.path == b.path and a_start < (b.end_line, b.end_column) and (b.line, b.column) < a_end


class Fixed(NamedTuple):
    fixed: int  # problems fixed
    refused: int  # notes whose fixes could not be written (each said on stderr)


def apply_fixes(root: Path, loaded: Loaded, diagnostics: Sequence[Diagnostic]) -> Fixed:
    """Write every fix that can be written. A note edited since it was indexed is left alone; one
    the system will not let be written (a read-only folder, a full disk) too, said in one line,
    while the others are fixed: as ruff does, the run goes on and its status says it failed."""
    fixed = refused = 0
    for path, edits in edits_by_path(diagnostics).items():
        try:
            _fix(root, path, edits, loaded.index.digests.get(path))
        except ChangedMeanwhile:  # edited or removed between the index's read and the write
            _say(f"vaultkit: {path}: changed since it was read; not fixed (run again)")
            continue
        except NotWritten as error:
            _say(f"vaultkit: {path}: not fixed: {error.reason}")
            refused += 1
            continue
        except RefusedError as error:  # a path that leads out of the vault (see `inside`)
            _say(f"vaultkit: {error}; not fixed")
            refused += 1
            continue
        fixed += sum(1 for d in diagnostics if d.fix is not None and d.fix.edits[0] in edits)
    return Fixed(fixed, refused)


def _fix(root: Path, path: str, edits: list[Edit], known: bytes | None) -> None:
    """Apply one note's edits, or raise why not (NotWritten: the system refused, with its reason)."""
    target = inside(root, path)
    try:
        data = read_regular(target)
    except FileNotFoundError:
        raise ChangedMeanwhile(target, "removed since it was read") from None
    except OSError as error:
        raise NotWritten(target, f"cannot read it ({why(error)})") from None
    if known is not None and digest(data) != known:
        raise ChangedMeanwhile(target, "changed since it was read")
    try:
        atomic_write(target, apply_edits(data, edits), expected=digest(data))
    except OSError as error:
        raise NotWritten(target, f"cannot write it ({why(error)})") from None


def _say(line: str) -> None:
    """A line on stderr; a note's path in it is shown, never obeyed (see text.visible)."""
    click.echo(visible(line), err=True)


def fixes_diff(root: Path, diagnostics: Sequence[Diagnostic]) -> str:
    """The fixes as a unified diff of each note they change ("" when there is none)."""
    lines = []
    for path, edits in sorted(edits_by_path(diagnostics).items()):
        try:
            data = read_regular(inside(root, path))
        except NotWritten as error:  # replaced since it was read (a link, a FIFO): nothing to show
            _say(f"vaultkit: {path}: its fixes are not shown: {error.reason}")
            continue
        except OSError as error:  # gone or unreadable since it was read
            _say(f"vaultkit: {path}: its fixes are not shown: cannot read it ({why(error)})")
            continue
        before = _lines(data.decode("utf-8", errors="replace"))
        after = _lines(apply_edits(data, edits).decode("utf-8", errors="replace"))
        # As git writes them: a tab ends a name with a space (GNU patch reads the name up to it).
        end = "\t" if " " in path else ""
        for number, line in enumerate(difflib.unified_diff(before, after, f"a/{path}{end}", f"b/{path}{end}")):
            if number < 2:  # the --- and +++ lines
                lines.append(line.rstrip("\n") + "\n")
            elif line.endswith("\n"):
                lines.append(line)
            else:  # the last line of a note with no final newline, as `patch` and `git apply` need it
                lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines ending at LF only, each with its end (str.splitlines would also end them at U+2028,
    form feeds and other characters that editors show inside a line)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
