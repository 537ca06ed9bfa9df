"""The parts of `vaultkit check` that touch files: which notes PATHS name, and applying fixes."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.diagnostics import Diagnostic, Edit
from vaultkit.errors import RefusedError, UserError
from vaultkit.writer import apply_edits, atomic_write, digest, inside

if TYPE_CHECKING:
    from vaultkit.engine import Loaded


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


def _edits_by_path(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Edit]]:
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


def apply_fixes(root: Path, loaded: Loaded, diagnostics: Sequence[Diagnostic]) -> int:
    """Write every fix; a note edited since it was indexed is left alone, with a message."""
    fixed = 0
    for path, edits in _edits_by_path(diagnostics).items():
        target = inside(root, path)
        data = target.read_bytes()
        known = loaded.index.digests.get(path)
        if known is not None and digest(data) != known:
            click.echo(f"vaultkit: {path}: changed since it was read; not fixed (run again)", err=True)
            continue
        try:
            atomic_write(target, apply_edits(data, edits), expected=digest(data))
        except RefusedError:  # edited or removed between the read above and the write
            click.echo(f"vaultkit: {path}: changed since it was read; not fixed (run again)", err=True)
            continue
        fixed += sum(1 for d in diagnostics if d.fix is not None and d.fix.edits[0] in edits)
    return fixed


def fixes_diff(root: Path, diagnostics: Sequence[Diagnostic]) -> str:
    """The fixes as a unified diff of each note they change ("" when there is none)."""
    lines = []
    for path, edits in sorted(_edits_by_path(diagnostics).items()):
        data = inside(root, path).read_bytes()
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
