"""`vaultkit people`: one row per person, as a table, JSON or CSV.

Names, companies, titles, aliases and paths are note text: the table and the CSV show what a
terminal would obey as text (`visible`), and a CSV text cell that a spreadsheet would read as a
formula (one starting with `=`, `+`, `-` or `@`) starts with a `'`, as OWASP advises: a name
`-1` too, since a text cell is never a number. Dates and numbers, which a negative number is one
of, are written as they are. The JSON holds every value exactly, as JSON escapes them.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.text import visible

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault


def person_row(person: Person, today: date) -> dict[str, Any]:
    """The documented JSON shape of one person (03-interfaces.md, `people --format json`)."""
    last = person.last_interaction
    cadence = person.cadence
    return {
        "name": person.name,
        "path": person.path,
        "aliases": list(person.fields.aliases),
        "roles": list(person.roles),
        "level": person.level,
        "company": person.fields.company,
        "title": person.fields.title,
        "status": person.status,
        "cadence": cadence.text if cadence else None,
        "cadence_days": person.cadence_days(today),
        "last_interaction": last.date.isoformat() if last else None,
        "last_source": {"path": last.path, "line": last.line} if last else None,
        "due": person.due.isoformat() if person.due else None,
        "overdue_days": person.overdue_days(today),
    }


def people_rows(
    vault: Vault, level: str | None = None, role: str | None = None, overdue: bool = False, sort_by: str = "name"
) -> list[dict[str, Any]]:
    people = selected(vault, level, role, overdue)
    if sort_by == "due":
        people.sort(key=lambda p: (p.due is None, p.due or date.max))
    elif sort_by == "last":
        people.sort(
            key=lambda p: (
                p.last_interaction is None,
                -(p.last_interaction.date.toordinal() if p.last_interaction else 0),
            )
        )
    return [person_row(p, vault.today) for p in people]


def selected(vault: Vault, level: str | None = None, role: str | None = None, overdue: bool = False) -> list[Person]:
    """The people `--level`, `--role` and `--overdue` keep, by name."""
    people = list(vault.people)
    if level:
        people = [p for p in people if p.level == level.casefold()]
    if role:
        people = [p for p in people if role.casefold() in p.roles]
    if overdue:
        # Whom to reach out to, as VK101 says: a paused, departed or snoozed person is not waiting
        # on you, nor one whose note silences VK101 (someone the owner lets drift on purpose).
        from vaultkit.lint import suppressions

        people = [
            p
            for p in people
            if p.active
            and not p.snoozed(vault.today)
            and p.is_overdue(vault.today)
            and not suppressions(vault.notes.get(p.path)).hides("VK101", 1)
        ]
    return people


COLUMNS = ("name", "roles", "level", "company", "last", "source", "cadence", "due")


def _cells(row: dict[str, Any]) -> list[str]:
    source = row["last_source"]
    overdue = row["overdue_days"]
    due = row["due"] or ""
    if overdue:
        due += f" ({overdue}d overdue)"
    cells = [
        row["name"], ", ".join(row["roles"]), row["level"] or "", row["company"] or "",
        row["last_interaction"] or "never", f"{source['path']}:{source['line']}" if source else "",
        row["cadence"] or "", due,
    ]  # fmt: skip
    return [visible(cell) for cell in cells]


# What makes a spreadsheet read a cell as a formula. OWASP adds a tab and a CR: `visible` writes
# them out as `\t` and `\r`, so no cell starts with one.
_FORMULA = ("=", "+", "-", "@")


def _csv_text(value: str) -> str:
    """A text cell of the CSV: shown as text, and never a formula (OWASP's "CSV injection")."""
    shown = visible(value)
    return "'" + shown if shown.startswith(_FORMULA) else shown


def render_people(rows: list[dict[str, Any]], fmt: str, colour: bool = False) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "path", "aliases", "roles", "level", "company", "title", "status", "cadence",
                         "cadence_days", "last_interaction", "last_source", "due", "overdue_days"])  # fmt: skip
        for r in rows:
            source = r["last_source"]
            text = [r["name"], r["path"], ";".join(r["aliases"]), ";".join(r["roles"]), r["level"] or "",
                    r["company"] or "", r["title"] or "", r["status"], r["cadence"] or ""]  # fmt: skip
            writer.writerow([
                *map(_csv_text, text),
                "" if r["cadence_days"] is None else r["cadence_days"], r["last_interaction"] or "",
                _csv_text(f"{source['path']}:{source['line']}") if source else "", r["due"] or "",
                "" if r["overdue_days"] is None else r["overdue_days"],
            ])  # fmt: skip
        return out.getvalue()
    if colour:
        return _rich_table(rows)
    table = [list(COLUMNS)] + [_cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in table]
    lines.append(f"{len(rows)} {'person' if len(rows) == 1 else 'people'}")
    return "\n".join(lines) + "\n"


def _rich_table(rows: list[dict[str, Any]]) -> str:
    """The table in colour. Markup, emoji codes and highlighting off: a name like `[/b]` or
    `:smile:` prints as written (markup would fail on the one and draw the other)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*COLUMNS, header_style="bold", show_edge=False, pad_edge=False)
    for r in rows:
        cells = _cells(r)
        style = "red" if r["overdue_days"] else None
        table.add_row(*cells, style=style)
    console = Console(record=True, force_terminal=True, markup=False, emoji=False, highlight=False)
    with console.capture() as capture:
        console.print(table)
        console.print(f"{len(rows)} {'person' if len(rows) == 1 else 'people'}")
    return capture.get()


# -- people --moved --------------------------------------------------------------------------------

MOVED_FIELDS = ("company", "title", "level", "roles", "status")  # what --field chooses from (vaultkit.moves.FIELDS)
MOVED_COLUMNS = ("date", "name", "change", "source")


def moved_rows(
    vault: Vault, people: list[Person], since: date, fields: tuple[str, ...] = ("company",), sort_by: str = "date"
) -> list[dict[str, Any]]:
    """The changes of `fields` of `people` from `since` through today, as `people --moved --format
    json` gives them: the newest first (`sort_by` "date"), or by name, then the newest first."""
    from vaultkit.report.changes import changes, sides, source_of
    from vaultkit.text import fold_name

    order = {field: i for i, field in enumerate(MOVED_FIELDS)}
    found = changes(vault, people, fields, since, vault.today)
    if sort_by == "name":
        found.sort(key=lambda pm: (fold_name(pm[0].name), pm[0].path, -pm[1].day.toordinal(), order[pm[1].field]))
    else:
        found.sort(key=lambda pm: (-pm[1].day.toordinal(), fold_name(pm[0].name), pm[0].path, order[pm[1].field]))
    return [
        {
            "name": person.name,
            "path": person.path,
            "roles": list(person.roles),
            "field": move.field,
            "old": sides(move)[0],
            "new": sides(move)[1],
            "date": move.day.isoformat(),
            "source": source_of(move)._asdict(),
        }
        for person, move in found
    ]


def _source_label(row: dict[str, Any]) -> str:
    from vaultkit.report.changes import ChangeSource

    return ChangeSource(**row["source"]).label


def _change(row: dict[str, Any]) -> str:
    return f"{row['field']}: {row['old']} → {row['new']}"


def render_moved(rows: list[dict[str, Any]], fmt: str, since: date, colour: bool = False) -> str:
    """`people --moved` as JSON, CSV (the source as its label: `commit 1a2b3c4`) or a table."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "name", "path", "roles", "field", "old", "new", "source"])
        for r in rows:
            text = [r["name"], r["path"], ";".join(r["roles"]), r["field"], r["old"], r["new"], _source_label(r)]
            writer.writerow([r["date"], *map(_csv_text, text)])
        return out.getvalue()
    table = [list(MOVED_COLUMNS)] + [
        [visible(c) for c in (r["date"], r["name"], _change(r), _source_label(r))] for r in rows
    ]
    summary = f"{len(rows)} {'change' if len(rows) == 1 else 'changes'} since {since}"
    if colour:
        from rich.console import Console
        from rich.table import Table

        rich_table = Table(*MOVED_COLUMNS, header_style="bold", show_edge=False, pad_edge=False)
        for cells in table[1:]:
            rich_table.add_row(*cells)
        console = Console(record=True, force_terminal=True, markup=False, emoji=False, highlight=False)
        with console.capture() as capture:
            console.print(rich_table)
            console.print(summary)
        return capture.get()
    widths = [max(len(line[i]) for line in table) for i in range(len(MOVED_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in table]
    lines.append(summary)
    return "\n".join(lines) + "\n"
