"""The report as an Obsidian note: a dashboard to keep in the vault, rewritten in place.

The frontmatter marks it as vaultkit's own output (`vaultkit-report: true`), so vaultkit never
reads its links as mentions. Nothing in it depends on the clock but the report's date, and every
list has a fixed order, so rewriting it changes only the lines whose figures changed. Note text
is escaped: a name holding `<script>` or `[[` shows as written and makes no tag, link or HTML,
and what a terminal would obey in it is shown as text (`words.shown`). A file whose name no
wikilink can hold (`a]]b.md`) is named as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vaultkit.discovery import REPORT_MARKER
from vaultkit.report import words
from vaultkit.report.build import LevelCounts, Month, NewConnection, PersonRef, Report
from vaultkit.text import fits_wikilink
from vaultkit.text import markdown_text as text

_MARK = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}  # a diagnostic's severity, at a glance
_SEPARATOR = {False: "|", True: "\\|"}  # a wikilink's target from its text; escaped in a table
# The shown text of a wikilink, in one pass (so that no entity is escaped again): what would end
# or split the link, or be read as HTML, written as an entity, which Markdown shows as the character.
_LABEL = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "|": "&#124;", "#": "&#35;",
    "\r": " ", "\n": " ",
})  # fmt: skip


def _label(value: str) -> str:
    """The shown text of a wikilink: `]`, `|` and HTML made harmless, inside a table too."""
    return value.translate(_LABEL)


def link(ref: PersonRef, cell: bool = False) -> str:
    """`[[Ana Núñez]]`, `[[People/Alex Kim|Alex Kim]]`; in a table `cell`, `\\|` separates."""
    if not fits_wikilink(ref.link, target=True):
        return text(ref.name)
    if ref.link == ref.name and _label(ref.name) == ref.name:
        return f"[[{ref.link}]]"
    return f"[[{ref.link}{_SEPARATOR[cell]}{_label(ref.name)}]]"


def note_link(path: str, shown: str, cell: bool = False) -> str:
    target = path[:-3] if path.lower().endswith(".md") else path
    if not fits_wikilink(target, target=True):
        return text(shown)
    return f"[[{target}{_SEPARATOR[cell]}{_label(shown)}]]"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], right: Iterable[int] = ()) -> list[str]:
    header = list(header)
    numeric = set(right)
    align = ["---:" if i in numeric else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(report: Report) -> str:
    report = words.shown(report)
    q = report.quarter
    lines = [
        "---",
        f"{REPORT_MARKER}: true",
        f"report-date: {report.today}",
        f"report-quarter: {q.name}",
        "---",
        f"# Network report — {report.today}",
        "",
        f"Quarter {text(words.quarter_span(q, report.today))}. Written by `vaultkit report --format markdown`: "
        "vaultkit rewrites this note, so edits here are lost.",
    ]
    for part in (_reach_out, _moves, _network, _quarter, _health, _problems, _trend):
        section = part(report)
        if section:  # Problems is left out when the report was not given the diagnostics
            lines += ["", *section]
    return "\n".join(lines) + "\n"


def _reach_out(report: Report) -> list[str]:
    lines = ["## Reach out next", ""]
    if not report.reach_out:
        lines.append("Nobody is overdue.")
    else:
        shown = len(report.reach_out)
        note = "" if shown == report.overdue_total else f"; the {shown} most overdue are listed"
        lines += [
            f"{words.people(report.overdue_total)} overdue{note}, ranked by days since the last contact "
            "÷ cadence (the ratio).",
            "",
        ]
        rows = []
        for rank, o in enumerate(report.reach_out, 1):
            since = f"{o.since} (met)" if o.last is None else str(o.since)
            recorded = text(words.last_recorded(o))
            if o.last and o.last.kind == "note":
                recorded = note_link(o.last.path, words.last_recorded(o), cell=True)
            rows.append(
                [
                    str(rank),
                    link(o.person, cell=True),
                    text(words.level_and_roles(o.level, o.roles)),
                    since,
                    str(o.days_since),
                    text(words.cadence(o)),
                    f"{o.ratio:.1f}",
                    recorded,
                ]
            )
        header = words.REACH_OUT_COLUMNS
        lines += _table(header, rows, right=(0, 4, 6))
    lines += ["", "### Promises due", ""]
    if not report.promises:
        lines.append("None: no open follow-up task is past its due date.")
    else:
        lines += ["Open follow-up tasks past their due date, most overdue first.", ""]
    promises, more = words.first(report.promises)
    for p in promises:
        where = note_link(p.path, p.path[:-3] if p.path.lower().endswith(".md") else p.path)
        said = text(words.task(p))
        lines.append(f"- {words.whom(p, link, text)}{said} — {words.overdue_since(p)} — {where}, line {p.line}")
    if more:
        lines.append(f"- {words.more(more)}")
    lines += ["", "### Birthdays in the next two weeks", ""]
    if not report.birthdays:
        lines.append("None.")
    days, more = words.first(report.birthdays)
    for b in days:
        turning = f", turning {b.turning}" if b.turning else ""
        lines.append(f"- {link(b.person)} — {words.short_date(b.date)} ({words.in_days(b.in_days)}{turning})")
    if more:
        lines.append(f"- {words.more(more)}")
    return lines


def _network(report: Report) -> list[str]:
    statuses = ", ".join(f"{n} {text(status)}" for status, n in report.by_status if n)
    lines = ["## Network at a glance", "", f"{words.people(report.people_total)} ({statuses}).", ""]
    counts = report.by_level._asdict()
    rows = [[words.LEVEL_LABEL[level], str(counts[level])] for level in words.LEVELS]
    lines += _table(["Active people by level", "Count"], [*rows, ["All", str(report.by_level.total)]], right=(1,))
    lines.append("")
    roles = [*([text(role), str(n)] for role, n in report.by_role), ["*no role*", str(report.without_role)]]
    lines += _table(["Role (active people)", "Count"], roles, right=(1,))
    lines += ["", "### Mentors and sponsors", ""]
    active = sum(n for _, n in report.backer_companies)
    if not active:
        lines += ["**No active mentor or sponsor.**", ""]
    else:
        shown, more = words.first(report.backer_companies)
        companies = words.joined((f"{text(company or 'no company')} {n}" for company, n in shown), more)
        lines += [f"{active} active, at: {companies}.", ""]
    backers, more = words.first(report.backers)
    if backers:
        rows = [
            [
                link(b.person, cell=True),
                text(", ".join(b.roles)),
                text(b.company or ""),
                text(b.title or ""),
                text(b.status),
            ]
            for b in backers
        ]
        if more:
            rows.append([words.more(more), "", "", "", ""])
        lines += _table(["Person", "Role", "Company", "Title", "Status"], rows)
    lines += ["", "### New connections", ""]
    lines.append(_new("In the last 90 days", report.new_recent))
    lines.append(_new(f"In {report.quarter.name}", report.new_quarter))
    return lines


def _new(label: str, found: tuple[NewConnection, ...]) -> str:
    shown, more = words.first(found)
    names = words.joined((f"{link(n.person)} (met {n.met})" for n in shown), more)
    return f"- {label}: {len(found)}" + (f" — {names}" if names else "")


def _quarter(report: Report) -> list[str]:
    q = report.quarter
    lines = [f"## This quarter: {q.name}", ""]
    rows = [
        [
            words.LEVEL_LABEL[level],
            str(getattr(report.quarter_interactions, level)),
            str(getattr(report.quarter_people, level)),
        ]
        for level in words.LEVELS
    ]
    rows.append(["All", str(report.quarter_interactions.total), str(report.quarter_people.total)])
    lines += _table(["Level", "Interactions", "People contacted"], rows, right=(1, 2))
    lines += ["", f"### Plan: {note_link(report.plan_path, q.name)}", ""]
    if report.plan is None:
        lines.append(f"No plan for {q.name} yet: run `vaultkit plan --quarter {q.name}`.")
        return lines
    rows = []
    for s in report.plan:
        if s.line is None:
            rows.append([text(s.heading), "", "", "**missing**", ""])
        else:
            rows.append([text(s.heading), str(s.done), str(s.total), words.percent(s.done, s.total), str(s.people)])
    lines += _table(["Section", "Done", "Tasks", "Progress", "People"], rows, right=(1, 2, 3, 4))
    count = len(report.not_contacted)
    lines += ["", f"### Planned but not contacted this quarter: {count} of {report.planned_people}", ""]
    if not report.planned_people:
        lines.append("The plan names nobody yet.")
    elif not report.not_contacted:
        lines.append("Everyone planned has been contacted.")
    shown, more = words.first(report.not_contacted)
    for p in shown:
        last = f"last contact {p.last}" if p.last else "no contact recorded"
        section = f"{words.SECTION_LABEL[p.section]}; " if p.section else ""
        lines.append(f"- {link(p.person)} — {section}{last}")
    if more:
        lines.append(f"- {words.more(more)}")
    return lines


def _health(report: Report) -> list[str]:
    lines = ["## Health", ""]
    if not report.findings:
        lines += ["No network or plan findings.", ""]
    for f in report.findings:
        mark = _MARK.get(f.severity, "•")
        lines.append(f"- {mark} {text(words.sentence(f.message))} ({note_link(f.path, f.code)})")
    if report.findings:
        lines.append("")
    neglected = "not checked (VK101 is off)" if report.neglected is None else words.people(report.neglected)
    lines.append(f"- Neglected (overdue): {neglected}")
    if report.one_sided is None:
        lines.append("- One-sided: not checked (VK103 is off)")
        return lines
    lines.append(f"- One-sided: {words.people(len(report.one_sided))}")
    shown, more = words.first(report.one_sided)
    for o in shown:
        asked = words.last_asked(o.asked)
        lines.append(f"  - {link(o.person)} — {text(asked) + ' — ' if asked else ''}{words.OFFER_BACK}")
    if more:
        lines.append(f"  - {words.more(more)}")
    return lines


def _problems(report: Report) -> list[str]:
    """What is wrong in the notes, each linked to its note: none when the report was not given them."""
    if report.problems is None:
        return []
    if not report.problems:
        return ["## Problems", "", "No problems in the notes."]
    lines = [
        "## Problems",
        "",
        "Errors and warnings in the notes, errors first; what the sections above say is left out.",
    ]
    if report.problems_more:
        lines[-1] += f" The first {len(report.problems)} are listed; `vaultkit check` lists them all."
    lines.append("")
    for p in report.problems:
        mark = _MARK.get(p.severity, "•")
        lines.append(
            f"- {mark} **{text(p.severity)}** {link(p.note)}, line {p.line} — {text(p.code)}: {text(p.message)}"
        )
    if report.problems_more:
        counts = ", ".join(f"{text(code)} ×{n}" for code, n in report.problems_more)
        lines.append(f"- {words.more(sum(n for _, n in report.problems_more))}: {counts}")
    return lines


def _moves(report: Report) -> list[str]:
    """Who changed company or role; a mentor's or sponsor's move first, marked ⚠️, with what to do."""
    lines = [f"## {words.MOVES_TITLE}", "", text(words.moves_from(report))]
    if report.history_note:
        lines += ["", f"⚠️ {text(report.history_note)}"]
    lines.append("")
    if not report.moves:
        lines.append(words.no_moves(report))
        return lines
    lines += [words.moves_order(report), ""]
    shown, more = words.first(report.moves)
    for m in shown:
        mark = "⚠️ " if m.backer and m.field == "company" else ""
        hint = words.move_hint(m)
        said = f"{words.backer(m)} — {words.change(m)} on {m.date} ({m.source.label})"
        lines.append(f"- {mark}{link(m.person)}{text(said)}" + (f": {hint}" if hint else ""))
    if more:
        lines.append(f"- {words.more(more)}")
    return lines


def _trend(report: Report) -> list[str]:
    months = [m.first_day for m in report.trend]
    header = ["", "12 months", *(words.month(m, False) for m in months)]
    right = range(2, len(header))

    def rows(series: list[tuple[str, list[int | None]]]) -> list[str]:
        cells = [[label, f"`{words.sparkline(values)}`", *map(words.count, values)] for label, values in series]
        return _table(header, cells, right=right)

    def by_level(counts: Callable[[Month], LevelCounts]) -> list[tuple[str, list[int | None]]]:
        series: list[tuple[str, list[int | None]]] = [("All", [counts(m).total for m in report.trend])]
        series += [(words.LEVEL_LABEL[lv], [getattr(counts(m), lv) for m in report.trend]) for lv in words.LEVELS]
        return series

    span = f"{words.month(months[0])} – {words.month(months[-1])}" if months else ""
    lines = ["## Trend", "", f"Interactions per month, {span}.", "", *rows(by_level(lambda m: m.interactions))]
    lines += ["", text(words.added_from(report)), "", *rows(by_level(lambda m: m.added))]
    lines += ["", text(words.backers_from(report))]
    if report.history:
        lines += ["", *rows([("Active", [m.backers for m in report.trend])])]
    return lines
