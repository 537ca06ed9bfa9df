"""What the rules report: findings, fixes and the finished diagnostic every output prints."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import operator
from collections.abc import Sequence
from typing import Any, NamedTuple


class Edit(NamedTuple):
    """Replace the text from (line, column) to (end_line, end_column), 1-based, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class Fix(NamedTuple):
    description: str
    edits: tuple[Edit, ...]


class Finding(NamedTuple):
    """What a rule yields; the engine adds code, name and the configured severity."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    fix: Fix | None = None
    severity: str | None = None  # a rule's own choice for this finding (VK001 in a clipping, VK301 ahead)
    escalated: bool = False  # VK101 past `escalate-after`: stays an error whatever the config says


class Diagnostic(NamedTuple):
    code: str
    name: str
    severity: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    fix: Fix | None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": None
            if self.fix is None
            else {"description": self.fix.description, "edits": [e._asdict() for e in self.fix.edits]},
        }


def pack_rows(diagnostics: Sequence[Diagnostic]) -> tuple[Any, ...]:
    """Diagnostics as plain tuples that marshal can store."""
    return tuple(
        (*d[:9], None if d.fix is None else (d.fix.description, tuple(map(tuple, d.fix.edits)))) for d in diagnostics
    )


def unpack_rows(rows: Sequence[Any]) -> list[Diagnostic]:
    out = []
    new = tuple.__new__
    for row in rows:
        fix = row[9]
        if fix is None:
            out.append(new(Diagnostic, row))
        else:
            out.append(new(Diagnostic, (*row[:9], Fix(fix[0], tuple(Edit(*e) for e in fix[1])))))
    return out


SORT_KEY = operator.itemgetter(3, 4, 5, 0)  # path, line, column, code: how diagnostics are listed


def at_note(path: str, message: str, **extra: Any) -> Finding:
    """A finding about a whole note: line 1, column 1."""
    return Finding(path, 1, 1, 1, 1, message, **extra)
