"""Small pieces several rules share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vaultkit.diagnostics import Finding

if TYPE_CHECKING:
    from vaultkit.frontmatter import Problem
    from vaultkit.model import Interaction, Vault
    from vaultkit.note import ParsedNote

# Notes whose reading problems are errors: what vaultkit reads as people, plans or dated notes.
STRICT_KINDS = frozenset(("person", "plan", "daily", "meeting"))


def from_problems(code: str, note: ParsedNote, vault: Vault) -> Iterator[Finding]:
    """The reading problems (VK001-VK003) recorded when the note was parsed."""
    severity = None if vault.kind(note.path) in STRICT_KINDS else "warning"
    for p in note.problems:
        if p.code == code:
            yield problem_finding(note.path, p, severity)


def field_problems(code: str, note: ParsedNote, vault: Vault) -> Iterator[Finding]:
    """The problems found reading a person's fields (VK004, VK005)."""
    person = vault.person_at.get(note.path)
    if person is not None:
        for p in person.fields.problems:
            if p.code == code:
                yield problem_finding(note.path, p)


def problem_finding(path: str, p: Problem, severity: str | None = None) -> Finding:
    return Finding(path, p.line, p.column, p.end_line, p.end_column, p.message, severity=severity)


def describe(interaction: Interaction, note: str = "") -> str:
    """Where an interaction was recorded, as the owner would look for it (`note`: the person's own
    note; another one, a sync-conflict copy's, is named)."""
    elsewhere = f" of {interaction.path}" if note and interaction.path != note else ""
    if interaction.source == "log":
        return f"{interaction.date} in the log{elsewhere}, line {interaction.line}"
    if interaction.source == "field":
        return f"{interaction.date}, last_contact{elsewhere}"
    return interaction.path


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
