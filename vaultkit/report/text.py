"""The report for a terminal: rich tables and sparklines; plain text (no ANSI) without colour.

Note text reaches rich only as `Text` objects and the console has markup and emoji off, so a
name like `[bold]` or `:smile:` prints as written; and only `visible` (`words.shown`), so that
what a terminal would obey in it (`ESC [2J`) is shown, not done.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich import box
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from vaultkit.report import PIPED_WIDTH, words
from vaultkit.report.build import LevelCounts, Month, NewConnection, Overdue, PersonRef, Promise, Report

BAR = 24


def render(report: Report, colour: bool = False, width: int = PIPED_WIDTH) -> str:
    report = words.shown(report)
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        markup=False,
        emoji=False,
        highlight=False,
        force_jupyter=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    with console.capture() as captured:
        for part in _parts(report, console):
            console.print(part)
    lines = captured.get().splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _parts(report: Report, console: Console) -> list[RenderableType]:
    title = Text(f"Network report · {report.today} · ", style="bold")
    title.append(words.quarter_span(report.quarter, report.today))
    return [
        title,
        *_section("Reach out next"),
        *_reach_out(report, console),
        *_section(words.MOVES_TITLE),
        *_moves(report),
        *_section("Network at a glance"),
        *_network(report),
        *_section(f"This quarter: {report.quarter.name}"),
        *_quarter(report),
        *_section("Health"),
        *_health(report),
        *_section("Trend"),
        *_trend(report),
    ]


def _section(title: str) -> list[RenderableType]:
    return [Text(""), Text(title.upper(), style="bold cyan")]


NUMBERS = ("#", "Days", "Ratio", "Done", "Tasks", "Count", "Interactions", "People")
# Columns never broken across lines (names, dates, numbers, bars); the others wrap at spaces to fit.
WHOLE = (*NUMBERS, "Person", "Last contact", "12 months", "")


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    for name in columns:
        table.add_column(name, justify="right" if name in NUMBERS else "left", overflow="fold", no_wrap=name in WHOLE)
    return table


def _name(ref: PersonRef) -> Text:
    return Text(ref.name, style="bold")


def _line(*parts: str | Text) -> Text:
    out = Text()
    for part in parts:
        out.append(part if isinstance(part, Text) else Text(part))
    return out


def _item(*parts: str | Text) -> Table:
    """A line of a list, indented by two; when it wraps, it stays indented."""
    grid = Table.grid()
    grid.add_column(width=2)
    grid.add_column()
    grid.add_row("", _line(*parts))
    return grid


def _reach_out(report: Report, console: Console) -> list[RenderableType]:
    out: list[RenderableType] = []
    if not report.reach_out:
        out.append(Text("Nobody is overdue. ", style="green"))
    else:
        shown = len(report.reach_out)
        note = "" if shown == report.overdue_total else f", the {shown} most overdue shown"
        out.append(
            Text(
                f"{words.people(report.overdue_total)} overdue{note}, ranked by days since the last "
                "contact ÷ cadence (the ratio).",
                style="dim",
            )
        )
        table = _overdue_table(report)
        natural = Measurement.get(console, console.options.update_width(10_000), table).maximum
        out.append(table if natural <= console.width else _overdue_list(report))
    out += _promises(report.promises)
    out.append(Text("Birthdays in the next two weeks", style="bold"))
    if not report.birthdays:
        out.append(_item("none"))
    days, more = words.first(report.birthdays)
    for b in days:
        turning = f", turning {b.turning}" if b.turning else ""
        out.append(_item(_name(b.person), f" — {words.short_date(b.date)} ({words.in_days(b.in_days)}{turning})"))
    if more:
        out.append(_item(words.more(more)))
    return out


def _overdue_table(report: Report) -> Table:
    table = _table(*words.REACH_OUT_COLUMNS)
    for rank, o in enumerate(report.reach_out, 1):
        table.add_row(
            str(rank),
            _name(o.person),
            Text(words.level_and_roles(o.level, o.roles)),
            Text(f"{o.since}" + (" (met)" if o.last is None else "")),
            str(o.days_since),
            Text(words.cadence(o)),
            _ratio(o),
            Text(words.last_recorded(o), style="dim"),
        )
    return table


def _overdue_list(report: Report) -> Table:
    """The overdue people, two lines each, for a terminal too narrow for the table's one line."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for rank, o in enumerate(report.reach_out, 1):
        since = f"{o.days_since} days since {'met ' if o.last is None else ''}{o.since}"
        grid.add_row(
            str(rank), _line(_name(o.person), f" — {words.level_and_roles(o.level, o.roles)} — ratio ", _ratio(o))
        )
        grid.add_row("", Text(f"{since} ({words.last_recorded(o)}); cadence {words.cadence(o)}", style="dim"))
    return grid


def _ratio(o: Overdue) -> Text:
    return Text(f"{o.ratio:.1f}", style="red" if o.ratio >= 2 else "yellow")


def _promises(promises: tuple[Promise, ...]) -> list[RenderableType]:
    """Open follow-up tasks past their due date (VK106), most overdue first."""
    out: list[RenderableType] = [Text("Promises due: follow-ups past their due date", style="bold")]
    if not promises:
        out.append(_item("none"))
    shown, more = words.first(promises)
    for p in shown:
        whom = Text(words.whom(p, lambda ref: ref.name))
        whom.highlight_words([ref.name for ref in (*p.people, *(r for a in p.ambiguous for r in a.candidates))], "bold")
        said = f"{words.task(p)} — {words.overdue_since(p)} — "
        out.append(_item(whom, said, Text(f"{p.path}:{p.line}", style="dim")))
    if more:
        out.append(_item(words.more(more)))
    return out


def _bar(value: int, top: int, width: int = BAR) -> str:
    filled = round(width * value / top) if top else 0
    return "█" * filled + "·" * (width - filled)


def _network(report: Report) -> list[RenderableType]:
    statuses = ", ".join(f"{n} {status}" for status, n in report.by_status if n)
    out: list[RenderableType] = [Text(f"{words.people(report.people_total)} ({statuses}).")]
    levels = _table("Active by level", "Count", "")
    counts = report.by_level._asdict()
    top = max(counts.values(), default=0)
    for level in words.LEVELS:
        levels.add_row(words.LEVEL_LABEL[level], str(counts[level]), Text(_bar(counts[level], top), style="cyan"))
    out.append(levels)
    roles = ", ".join(f"{role} {n}" for role, n in report.by_role) or "none"
    out.append(_line(Text("Roles (active): ", style="bold"), roles, f"; no role {report.without_role}"))
    out.append(Text("Mentors and sponsors", style="bold"))
    active = sum(n for _, n in report.backer_companies)
    if not active:
        out.append(_item(Text("no active mentor or sponsor", style="red")))
    else:
        shown, more = words.first(report.backer_companies)
        companies = words.joined((f"{company or 'no company'} {n}" for company, n in shown), more)
        out.append(_item(f"{active} active, at: {companies}"))
    backers, more = words.first(report.backers)
    for b in backers:
        where = f" at {b.company}" if b.company else ""
        state = "" if b.status == "active" else f" ({b.status})"
        out.append(_item(_name(b.person), f" — {', '.join(b.roles)}{where}{state}"))
    if more:
        out.append(_item(words.more(more)))
    out.append(_new("New connections, last 90 days", report.new_recent))
    out.append(_new(f"New connections in {report.quarter.name}", report.new_quarter))
    return out


def _new(label: str, found: tuple[NewConnection, ...]) -> Text:
    line = _line(Text(f"{label}: ", style="bold"), str(len(found)))
    shown, more = words.first(found)
    if shown:
        line.append(" — " + words.joined((f"{n.person.name} (met {n.met})" for n in shown), more))
    return line


def _by_level(interactions: LevelCounts, people: LevelCounts) -> Table:
    table = _table("Level", "Interactions", "People")
    for level in words.LEVELS:
        table.add_row(words.LEVEL_LABEL[level], str(getattr(interactions, level)), str(getattr(people, level)))
    table.add_row(Text("All", style="bold"), str(interactions.total), str(people.total))
    return table


def _quarter(report: Report) -> list[RenderableType]:
    out: list[RenderableType] = [_by_level(report.quarter_interactions, report.quarter_people)]
    if report.plan is None:
        out.append(
            Text(
                f"No plan for {report.quarter.name} ({report.plan_path}): "
                f"run vaultkit plan --quarter {report.quarter.name}",
                style="yellow",
            )
        )
        return out
    out.append(_line(Text("Plan: ", style="bold"), report.plan_path))
    table = _table("Section", "Done", "Tasks", "Progress", "People")
    for s in report.plan:
        if s.line is None:
            table.add_row(Text(s.heading), "", "", Text("missing section", style="red"), "")
            continue
        bar = Text(_bar(s.done, s.total, 12) if s.total else "·" * 12, style="green")
        bar.append(f" {words.percent(s.done, s.total)}")
        table.add_row(Text(s.heading), str(s.done), str(s.total), bar, str(s.people))
    out.append(table)
    count = len(report.not_contacted)
    out.append(Text(f"Planned but not contacted this quarter: {count} of {report.planned_people}", style="bold"))
    shown, more = words.first(report.not_contacted)
    for p in shown:
        last = f"last contact {p.last}" if p.last else "no contact recorded"
        section = f"{words.SECTION_LABEL[p.section]}; " if p.section else ""
        out.append(_item(_name(p.person), f" — {section}{last}"))
    if more:
        out.append(_item(words.more(more)))
    return out


def _health(report: Report) -> list[RenderableType]:
    out: list[RenderableType] = []
    style = {"error": "red", "warning": "yellow", "info": "blue"}
    if not report.findings:
        out.append(Text("No network or plan findings.", style="green"))
    findings = Table.grid(padding=(0, 1, 0, 0))
    findings.add_column(width=3, justify="right")
    findings.add_column(ratio=1)
    findings.add_column()
    for f in report.findings:
        mark = Text("!" if f.severity != "info" else "i", style=style.get(f.severity, ""))
        findings.add_row(mark, Text(words.sentence(f.message)), Text(f.code, style="dim"))
    if report.findings:
        out.append(findings)
    neglected = "not checked (VK101 is off)" if report.neglected is None else words.people(report.neglected)
    out.append(_line(Text("Neglected (overdue): ", style="bold"), neglected))
    if report.one_sided is None:
        out.append(_line(Text("One-sided: ", style="bold"), "not checked (VK103 is off)"))
        return out
    out.append(_line(Text("One-sided: ", style="bold"), words.people(len(report.one_sided))))
    shown, more = words.first(report.one_sided)
    for o in shown:
        asked = words.last_asked(o.asked)
        out.append(_item(_name(o.person), f" — {asked + ' — ' if asked else ''}{words.OFFER_BACK}"))
    if more:
        out.append(_item(words.more(more)))
    return out


def _moves(report: Report) -> list[RenderableType]:
    """Who changed company or role: a mentor's or sponsor's move marked `!`, with what to do."""
    out: list[RenderableType] = [Text(words.moves_from(report), style="dim")]
    if report.history_note:
        out.append(Text(report.history_note, style="yellow"))
    if not report.moves:
        out.append(Text(words.no_moves(report)))
        return out
    out.append(Text(words.moves_order(report), style="dim"))
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1)
    grid.add_column()
    shown, more = words.first(report.moves)
    for m in shown:
        mark = Text("!", style="red") if m.backer and m.field == "company" else Text("")
        hint = words.move_hint(m)
        line = _line(_name(m.person), words.backer(m), f" — {words.change(m)} on {m.date} ")
        line.append(Text(f"({m.source.label})", style="dim"))
        if hint:
            line.append(f": {hint}")
        grid.add_row(mark, line)
    if more:
        grid.add_row("", words.more(more))
    out.append(grid)
    return out


def _trend(report: Report) -> list[RenderableType]:
    out: list[RenderableType] = [
        Text("Interactions per month", style="bold"),
        _months_table(report.trend, _level_rows(report.trend, lambda m: m.interactions)),
        Text(""),
        Text(words.added_from(report), style="dim"),
        _months_table(report.trend, _level_rows(report.trend, lambda m: m.added)),
        Text(""),
        Text(words.backers_from(report), style="dim"),
    ]
    if report.history:
        out.append(_months_table(report.trend, [("Active", [m.backers for m in report.trend])]))
    return out


Row = tuple[str, list[int | None]]  # a row of a table by month: its label, a figure a month


def _level_rows(months: tuple[Month, ...], counts: Callable[[Month], LevelCounts]) -> list[Row]:
    rows: list[Row] = [("All", [counts(m).total for m in months])]
    rows += [(words.LEVEL_LABEL[lv], [getattr(counts(m), lv) for m in months]) for lv in words.LEVELS]
    return rows


def _months_table(months: tuple[Month, ...], rows: list[Row]) -> Table:
    table = _table("", "12 months")
    table.padding = (0, 0, 0, 0)  # right-aligned numbers need no more than the column's one space: fits 80
    table.columns[0].min_width = 1 + max(map(len, words.LEVEL_LABEL.values()))  # and the labels one more
    for m in months:
        table.add_column(words.month(m.first_day, False), justify="right", no_wrap=True)
    for label, values in rows:
        table.add_row(label, Text(words.sparkline(values), style="cyan"), *map(words.count, values))
    return table
