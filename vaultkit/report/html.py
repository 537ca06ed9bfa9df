"""The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script.

Every piece of note text is `visible` (`words.shown`: no terminal escape or control character,
which HTML may not hold either) and goes through `_e` (html.escape), and a Content-Security-Policy
that allows no script and no outside resource backs that up. The page reads on a phone (one column,
tables become cards) and prints (no colours lost, no section split when avoidable).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from vaultkit.report import words
from vaultkit.report.build import LevelCounts, Month, NewConnection, PersonRef, Report, SectionProgress
from vaultkit.rules._common import days as ndays

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --fg: #1d2329; --muted: #5b6570; --bg: #ffffff; --card: #f5f7f9; --line: #d9dee3;
  --accent: #2b6cb0; --bad: #c0392b; --warn: #b7791f; --good: #2f855a; --track: #e6eaee;
  --senior: #4e79a7; --peer: #59a14f; --junior: #e8853d; --none: #9aa3ab; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ec; --muted: #a3adb7; --bg: #15191d; --card: #1f252b; --line: #343c44;
    --accent: #7fb3ea; --bad: #f08070; --warn: #e3b341; --good: #6cc491; --track: #2c343b; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 18px 0 8px; }
.sub, .note, figcaption, footer { color: var(--muted); }
section { margin: 28px 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px;
  margin: 18px 0 0; padding: 0; list-style: none; }
.kpis li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.kpis b { display: block; font-size: 1.6rem; line-height: 1.2; }
.kpis span { color: var(--muted); font-size: .85rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 24px;
  align-items: start; }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; max-width: 420px; }
figure svg#chart-trend { max-width: 540px; }
svg text { fill: var(--fg); font-family: inherit; }
svg .muted { fill: var(--muted); }
svg .track { fill: var(--track); }
svg .done { fill: var(--good); }
svg .missing { fill: var(--bad); }
svg .axis { stroke: var(--line); stroke-width: 1; }
svg .backer { fill: var(--accent); }
.lv-senior { fill: var(--senior); background: var(--senior); }
.lv-peer { fill: var(--peer); background: var(--peer); }
.lv-junior { fill: var(--junior); background: var(--junior); }
.lv-none { fill: var(--none); background: var(--none); }
.scroll { overflow-x: auto; }
.scroll + .scroll { margin-top: 14px; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; }
th, td { text-align: left; padding: 6px 10px 6px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.why { color: var(--muted); }
.ratio { font-weight: 600; color: var(--warn); }
.ratio.high { color: var(--bad); }
ul.plain { padding-left: 1.2em; margin: 6px 0; }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { padding: 8px 10px; margin: 6px 0; border-left: 4px solid var(--warn); background: var(--card);
  border-radius: 0 6px 6px 0; overflow-wrap: anywhere; }
ul.findings li.error { border-left-color: var(--bad); }
ul.findings li.info { border-left-color: var(--accent); }
time { white-space: nowrap; }
.code { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.alert { color: var(--bad); font-weight: 600; }
.ok { color: var(--good); }
.name { font-weight: 600; overflow-wrap: anywhere; }
ul.chips { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
ul.chips li { background: var(--card); border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; }
ul.chips b { margin-left: 4px; }
footer { padding-bottom: 32px; font-size: .85rem; }
@media (max-width: 640px) {
  body { font-size: 16px; }
  header, main, footer { padding: 0 14px; }
  h1 { font-size: 1.45rem; }
  .kpis { grid-template-columns: repeat(2, 1fr); gap: 8px; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { padding: 8px 0; border-bottom: 1px solid var(--line); }
  table.stack td { border: 0; padding: 2px 0; text-align: left; display: flex; gap: 12px;
    justify-content: space-between; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font-size: .85rem; flex: none; }
  table.stack td.n { text-align: right; }
  table.stack td > span { text-align: right; overflow-wrap: anywhere; }
  table.reach tr { display: grid; grid-template-columns: 1.6em 1fr auto; column-gap: 8px;
    grid-template-areas: "rank person ratio" ". roles roles" ". last days" ". cadence cadence" ". source source"; }
  table.reach td { display: block; padding: 1px 0; }
  table.reach td > span { text-align: left; }
  table.reach td::before { content: none; }
  table.reach .c-rank { grid-area: rank; text-align: left; font-weight: 600; }
  table.reach .c-person { grid-area: person; }
  table.reach .c-ratio { grid-area: ratio; }
  table.reach .c-roles { grid-area: roles; }
  table.reach .c-last { grid-area: last; }
  table.reach .c-days { grid-area: days; }
  table.reach .c-cadence { grid-area: cadence; }
  table.reach .c-source { grid-area: source; }
  table.reach .c-last::before { content: "last contact "; color: var(--muted); }
  table.reach .c-days::after { content: " days"; color: var(--muted); }
  table.reach .c-cadence::before { content: "cadence "; color: var(--muted); }
  table.reach .c-source::before { content: "recorded in "; color: var(--muted); }
}
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --card: #fff; --line: #bbb; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  section { margin: 14pt 0; }
  h2 { break-after: avoid; }
  figure, table, ul.findings li, .kpis li { break-inside: avoid; }
  .kpis { grid-template-columns: repeat(5, 1fr); }
  .scroll { overflow: visible; }
}
"""


_NUMERIC = ' class="n"'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _date(day: date) -> str:
    return f'<time datetime="{day}">{day}</time>'


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def render(report: Report) -> str:
    report = words.shown(report)
    title = f"Network report — {report.today}"
    body = [
        _header(report),
        "<main>",
        _reach_out(report),
        _moves(report),
        _network(report),
        _quarter(report),
        _health(report),
        _trend(report),
        "</main>",
        f"<footer>Written by <code>vaultkit report --format html</code> for {report.today}. "
        "Self-contained: nothing is loaded from anywhere.</footer>",
    ]
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
                '<meta name="generator" content="vaultkit">',
                f"<title>{_e(title)}</title>",
                f"<style>{CSS}</style>",
                "</head>",
                "<body>",
                *body,
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )


def _header(report: Report) -> str:
    tasks = [s for s in report.plan or () if s.line is not None]
    done, total = sum(s.done for s in tasks), sum(s.total for s in tasks)
    plan = (
        (f"{done}/{total}", "plan tasks done") if report.plan is not None else ("no plan", f"for {report.quarter.name}")
    )
    kpis = [
        (report.overdue_total, "overdue to reach out to"),
        (report.by_level.total, "active people"),
        (report.quarter_interactions.total, f"interactions in {report.quarter.name}"),
        plan,
        (len(report.findings), "network and plan findings"),
    ]
    items = "".join(f"<li><b>{_e(value)}</b><span>{_e(label)}</span></li>" for value, label in kpis)
    return (
        f"<header><h1>Network report</h1>"
        f'<p class="sub">{report.today} · {_e(words.quarter_span(report.quarter, report.today))}</p>'
        f'<ul class="kpis">{items}</ul></header>'
    )


def _person(ref: PersonRef) -> str:
    return f'<span class="name" title="{_e(ref.path)}">{_e(ref.name)}</span>'


def _more(count: int) -> str:
    return f"<li>{words.more(count)}</li>" if count else ""


def _cell(label: str, content: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<td{klass} data-label="{_e(label)}"><span>{content}</span></td>'


def _reach_out(report: Report) -> str:
    out = ['<section id="reach-out"><h2>Reach out next</h2>']
    if not report.reach_out:
        out.append('<p class="ok">Nobody is overdue.</p>')
    else:
        shown = len(report.reach_out)
        note = "" if shown == report.overdue_total else f"; the {shown} most overdue are listed"
        out.append(
            f'<p class="note">{_e(words.people(report.overdue_total))} overdue{_e(note)}, ranked by days '
            "since the last contact ÷ cadence (the ratio).</p>"
        )
        head = words.REACH_OUT_COLUMNS
        numeric = {"#", "Days", "Ratio"}
        out.append(
            '<div class="scroll"><table class="stack reach"><thead><tr>'
            + "".join(f'<th{_NUMERIC if h in numeric else ""} scope="col">{_e(h)}</th>' for h in head)
            + "</tr></thead><tbody>"
        )
        for rank, o in enumerate(report.reach_out, 1):
            since = f"{_date(o.since)} (met)" if o.last is None else _date(o.since)
            ratio = f'<span class="ratio{" high" if o.ratio >= 2 else ""}">{o.ratio:.1f}×</span>'
            cells = [
                _cell("#", str(rank), "n c-rank"),
                _cell("Person", _person(o.person), "c-person"),
                _cell("Level · roles", _e(words.level_and_roles(o.level, o.roles)), "c-roles"),
                _cell("Last contact", since, "c-last"),
                _cell("Days", str(o.days_since), "n c-days"),
                _cell("Cadence", _e(words.cadence(o)), "c-cadence"),
                _cell("Ratio", ratio, "n c-ratio"),
                _cell("Recorded in", _e(words.last_recorded(o)), "why c-source"),
            ]
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append("</tbody></table></div>")
    out.append("<h3>Promises due</h3>")
    if not report.promises:
        out.append('<p class="note">None: no open follow-up task is past its due date.</p>')
    else:
        out.append('<p class="note">Open follow-up tasks past their due date, most overdue first.</p>')
        promises, more = words.first(report.promises)
        items = [
            f"<li>{words.whom(p, _person, _e)}{_e(words.task(p))} — due {_date(p.due)}, "
            f"{_e(ndays(p.overdue_days))} ago "
            f'<span class="code">{_e(p.path)}:{p.line}</span></li>'
            for p in promises
        ]
        out.append(f'<ul class="plain">{"".join(items)}{_more(more)}</ul>')
    out.append("<h3>Birthdays in the next two weeks</h3>")
    if not report.birthdays:
        out.append('<p class="note">None.</p>')
    else:
        items = []
        days, more = words.first(report.birthdays)
        for b in days:
            turning = f", turning {b.turning}" if b.turning else ""
            items.append(
                f"<li>{_person(b.person)} — {_e(words.short_date(b.date))} "
                f"({_e(words.in_days(b.in_days))}{turning})</li>"
            )
        out.append(f'<ul class="plain">{"".join(items)}{_more(more)}</ul>')
    out.append("</section>")
    return "\n".join(out)


def _network(report: Report) -> str:
    statuses = ", ".join(f"{n} {_e(status)}" for status, n in report.by_status if n)
    roles = "".join(f"<li>{_e(role)}<b>{n}</b></li>" for role, n in report.by_role)
    roles += f"<li><i>no role</i><b>{report.without_role}</b></li>"
    out = [
        '<section id="network"><h2>Network at a glance</h2>',
        f"<p>{_e(words.people(report.people_total))} ({statuses}).</p>",
        '<div class="grid">',
        f"<figure>{_level_chart(report.by_level)}<figcaption>Active people by level.</figcaption></figure>",
        f'<div><h3>Active people by role</h3><ul class="chips">{roles}</ul></div>',
        "</div>",
        "<h3>Mentors and sponsors</h3>",
    ]
    active = sum(n for _, n in report.backer_companies)
    if not active:
        out.append('<p class="alert">No active mentor or sponsor.</p>')
    else:
        companies_shown, more = words.first(report.backer_companies)
        companies = words.joined((f"{_e(company or 'no company')} <b>{n}</b>" for company, n in companies_shown), more)
        out.append(f"<p>{active} active, at: {companies}.</p>")
    backers, more = words.first(report.backers)
    if backers:
        rows = []
        for b in backers:
            cells = [
                _cell("Person", _person(b.person)),
                _cell("Role", _e(", ".join(b.roles))),
                _cell("Company", _e(b.company or "")),
                _cell("Title", _e(b.title or "")),
                _cell("Status", _e(b.status) if b.status == "active" else f'<b class="alert">{_e(b.status)}</b>'),
            ]
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f'<th scope="col">{h}</th>' for h in ("Person", "Role", "Company", "Title", "Status"))
        out.append(
            f'<div class="scroll"><table class="stack"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
        if more:
            out.append(f'<p class="note">{words.more(more)}</p>')
    out.append("<h3>New connections</h3>")
    out.append(
        f'<ul class="plain">{_new("In the last 90 days", report.new_recent)}'
        f"{_new(f'In {report.quarter.name}', report.new_quarter)}</ul>"
    )
    out.append("</section>")
    return "\n".join(out)


def _new(label: str, found: tuple[NewConnection, ...]) -> str:
    shown, more = words.first(found)
    names = words.joined((f"{_person(n.person)} (met {_date(n.met)})" for n in shown), more)
    return f"<li>{_e(label)}: <b>{len(found)}</b>" + (f" — {names}" if names else "") + "</li>"


def _quarter(report: Report) -> str:
    q = report.quarter
    rows = "".join(
        f'<tr><td>{words.LEVEL_LABEL[level]}</td><td class="n">{getattr(report.quarter_interactions, level)}</td>'
        f'<td class="n">{getattr(report.quarter_people, level)}</td></tr>'
        for level in words.LEVELS
    )
    rows += (
        f'<tr><th scope="row">All</th><td class="n"><b>{report.quarter_interactions.total}</b></td>'
        f'<td class="n"><b>{report.quarter_people.total}</b></td></tr>'
    )
    table = (
        '<div class="scroll"><table><thead><tr><th scope="col">Level</th><th class="n" scope="col">'
        'Interactions</th><th class="n" scope="col">People contacted</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
    if report.plan is None:
        plan = (
            f'<p class="alert">No plan for {_e(q.name)} yet ({_e(report.plan_path)}): '
            f"run <code>vaultkit plan --quarter {_e(q.name)}</code>.</p>"
        )
    else:
        plan = (
            f"<figure>{_plan_chart(report.plan, q.name)}<figcaption>Plan progress: tasks done of the "
            f"tasks in each section of {_e(report.plan_path)}.</figcaption></figure>"
        )
    out = [
        f'<section id="quarter"><h2>This quarter: {_e(q.name)}</h2>',
        f'<p class="note">{_e(words.quarter_span(q, report.today))}</p>',
        f'<div class="grid"><div><h3>Interactions by level</h3>{table}</div><div><h3>Plan</h3>{plan}</div></div>',
    ]
    if report.plan is not None:
        count = len(report.not_contacted)
        out.append(f"<h3>Planned but not contacted this quarter: {count} of {report.planned_people}</h3>")
        if not report.planned_people:
            out.append('<p class="note">The plan names nobody yet.</p>')
        elif not report.not_contacted:
            out.append('<p class="ok">Everyone planned has been contacted.</p>')
        items = []
        shown, more = words.first(report.not_contacted)
        for p in shown:
            last = f"last contact {_date(p.last)}" if p.last else "no contact recorded"
            section = f"{words.SECTION_LABEL[p.section]}; " if p.section else ""
            items.append(f"<li>{_person(p.person)} — {_e(section)}{last}</li>")
        if items:
            out.append(f'<ul class="plain">{"".join(items)}{_more(more)}</ul>')
    out.append("</section>")
    return "\n".join(out)


def _health(report: Report) -> str:
    out = ['<section id="health"><h2>Health</h2>']
    if not report.findings:
        out.append('<p class="ok">No network or plan findings.</p>')
    else:
        items = "".join(
            f'<li class="{_e(f.severity)}">{_e(words.sentence(f.message))} '
            f'<span class="code">{_e(f.code)} · {_e(f.path)}:{f.line}</span></li>'
            for f in report.findings
        )
        out.append(f'<ul class="findings">{items}</ul>')
    neglected = "not checked (VK101 is off)" if report.neglected is None else words.people(report.neglected)
    if report.one_sided is None:
        one_sided = "not checked (VK103 is off)"
    else:
        shown, more = words.first(report.one_sided)
        asks = []
        for o in shown:
            asked = words.last_asked(o.asked)
            asks.append(f"<li>{_person(o.person)} — {_e(asked + ' — ' if asked else '')}{words.OFFER_BACK}</li>")
        one_sided = _e(words.people(len(report.one_sided)))
        if asks:
            one_sided += f'<ul class="plain">{"".join(asks)}{_more(more)}</ul>'
    out.append(
        f'<ul class="plain"><li>Neglected (overdue): <b>{_e(neglected)}</b></li><li>One-sided: {one_sided}</li></ul>'
    )
    out.append("</section>")
    return "\n".join(out)


def _moves(report: Report) -> str:
    """Who changed company or role; a mentor's or sponsor's move first, marked, with what to do."""
    out = [
        f'<section id="moves"><h2>{_e(words.MOVES_TITLE)}</h2>',
        f'<p class="note">{_e(words.moves_from(report))}</p>',
    ]
    if report.history_note:
        out.append(f'<p class="alert">{_e(report.history_note)}</p>')
    if not report.moves:
        out.append(f'<p class="ok">{_e(words.no_moves(report))}</p></section>')
        return "\n".join(out)
    out.append(f'<p class="note">{_e(words.moves_order(report))}</p>')
    shown, more = words.first(report.moves)
    items = []
    for m in shown:
        urgent = bool(m.backer) and m.field == "company"
        hint = words.move_hint(m)
        said = f": <b>{_e(hint)}</b>" if urgent else f": {_e(hint)}" if hint else ""
        items.append(
            f'<li class="{"warning" if urgent else "info"}">{_person(m.person)}{_e(words.backer(m))} — '
            f"{_e(words.change(m))} on {_date(m.date)}{said} "
            f'<span class="code">{_e(m.source.label)}</span></li>'
        )
    if more:
        items.append(f"<li>{words.more(more)}</li>")
    out.append(f'<ul class="findings">{"".join(items)}</ul></section>')
    return "\n".join(out)


Series = list[tuple[str, list[int | None]]]  # a table's rows by month: a label, a figure a month


def _by_level(report: Report, counts: Callable[[Month], LevelCounts]) -> Series:
    series: Series = [("All", [counts(m).total for m in report.trend])]
    series += [(words.LEVEL_LABEL[lv], [getattr(counts(m), lv) for m in report.trend]) for lv in words.LEVELS]
    return series


def _months_table(report: Report, first: str, series: Series) -> str:
    head = "".join(f'<th class="n" scope="col">{words.month(m.first_day, False)}</th>' for m in report.trend)
    rows = "".join(
        f'<tr><th scope="row">{_e(label)}</th>'
        + "".join(f'<td class="n">{words.count(v)}</td>' for v in values)
        + "</tr>"
        for label, values in series
    )
    return (
        f'<div class="scroll"><table><thead><tr><th scope="col">{_e(first)}</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _trend(report: Report) -> str:
    months = [m.first_day for m in report.trend]
    span = f"{words.month(months[0])} – {words.month(months[-1])}" if months else ""
    added = _stacked_chart(report, "added", lambda m: m.added, "People added per month by level")
    out = [
        '<section id="trend"><h2>Trend</h2>',
        f"<figure>{_trend_chart(report)}<figcaption>Interactions per month, {span}, stacked by level; "
        "the number above each bar is the month's total.</figcaption></figure>",
        _months_table(report, "Level", _by_level(report, lambda m: m.interactions)),
        '<div class="grid">',
        f"<div><h3>People added</h3><figure>{added}<figcaption>{_e(words.added_from(report))}</figcaption>"
        "</figure></div>",
    ]
    backers = f'<p class="note">{_e(words.backers_from(report))}</p>'
    if report.history:
        backers = f"<figure>{_backers_chart(report)}<figcaption>{_e(words.backers_from(report))}</figcaption></figure>"
    out += [
        f"<div><h3>Active mentors and sponsors</h3>{backers}</div>",
        "</div>",
        _months_table(report, "Added", _by_level(report, lambda m: m.added)),
    ]
    if report.history:
        out.append(_months_table(report, "Mentors and sponsors", [("Active", [m.backers for m in report.trend])]))
    out.append("</section>")
    return "\n".join(out)


# -- charts ----------------------------------------------------------------------------------------


def _svg(name: str, width: int, height: int, title: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{name}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart-{name}-title"><title id="chart-{name}-title">{_e(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def _level_chart(counts: LevelCounts) -> str:
    values = counts._asdict()
    top = max(values.values(), default=0) or 1
    row, left, span = 34, 78, 222
    parts = []
    for i, level in enumerate(words.LEVELS):
        y = 8 + i * row
        width = span * values[level] / top
        label = f"{words.LEVEL_LABEL[level]}: {values[level]}"
        parts.append(
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="14">{words.LEVEL_LABEL[level]}</text>'
        )
        parts.append(
            f'<rect class="lv-{level}" x="{left}" y="{y + 2}" width="{_n(width)}" height="20" rx="3">'
            f"<title>{_e(label)}</title></rect>"
        )
        parts.append(
            f'<text x="{_n(left + width + 6)}" y="{y + 16}" font-size="14" font-weight="600">{values[level]}</text>'
        )
    summary = ", ".join(f"{words.LEVEL_LABEL[lv]} {values[lv]}" for lv in words.LEVELS)
    return _svg("levels", 340, 8 + row * len(words.LEVELS), f"Active people by level: {summary}", parts)


def _plan_chart(sections: tuple[SectionProgress, ...], quarter: str) -> str:
    row, left, span = 40, 134, 140
    parts = []
    for i, s in enumerate(sections):
        y = 8 + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="14">'
            f"{_e(_shorten(s.heading, 18))}<title>{_e(s.heading)}</title></text>"
        )
        if s.line is None:
            parts.append(
                f'<text class="missing" x="{left}" y="{y + 17}" font-size="14" font-weight="600">missing section</text>'
            )
            continue
        done = span * s.done / s.total if s.total else 0
        label = f"{s.heading}: {s.done} of {s.total} tasks done" if s.total else f"{s.heading}: no tasks"
        parts.append(
            f'<rect class="track" x="{left}" y="{y + 4}" width="{span}" height="18" rx="3">'
            f"<title>{_e(label)}</title></rect>"
        )
        if done:
            parts.append(
                f'<rect class="done" x="{left}" y="{y + 4}" width="{_n(done)}" height="18" rx="3">'
                f"<title>{_e(label)}</title></rect>"
            )
        text = f"{s.done}/{s.total} {words.percent(s.done, s.total)}" if s.total else "no tasks"
        parts.append(f'<text x="{left + span + 8}" y="{y + 17}" font-size="14">{text}</text>')
    summary = "; ".join(
        f"{s.heading}: " + ("missing" if s.line is None else f"{s.done} of {s.total} done") for s in sections
    )
    return _svg("plan", 348, 8 + row * len(sections), f"Plan progress for {quarter}: {summary}", parts)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _trend_chart(report: Report) -> str:
    return _stacked_chart(report, "trend", lambda m: m.interactions, "Interactions per month by level")


def _stacked_chart(report: Report, name: str, counts: Callable[[Month], LevelCounts], title: str) -> str:
    """A bar a month, stacked by level, its total above it."""
    months = report.trend
    top = max((counts(m).total for m in months), default=0)
    scale_top = max(top, 1)
    left, bottom, height, step = 30, 172, 150, 30
    width = left + step * len(months) + 6
    parts = _axis(left, bottom, height, width, scale_top)
    for i, m in enumerate(months):
        x = left + 4 + i * step
        y = float(bottom)
        for level in words.LEVELS:
            count = getattr(counts(m), level)
            if not count:
                continue
            h = height * count / scale_top
            y -= h
            label = f"{words.month(m.first_day)}: {words.LEVEL_LABEL[level]} {count}"
            parts.append(
                f'<rect class="lv-{level}" x="{x}" y="{_n(y)}" width="{step - 8}" height="{_n(h)}">'
                f"<title>{_e(label)}</title></rect>"
            )
        parts += _bar_labels(x, step, y, bottom, str(counts(m).total), m.first_day)
    legend_y = bottom + 34
    x = left
    for level in words.LEVELS:
        parts.append(f'<rect class="lv-{level}" x="{x}" y="{legend_y - 9}" width="10" height="10" rx="2"/>')
        parts.append(f'<text x="{x + 14}" y="{legend_y}" font-size="13">{words.LEVEL_LABEL[level]}</text>')
        x += 26 + 8 * len(words.LEVEL_LABEL[level])
    totals = ", ".join(f"{words.month(m.first_day)} {counts(m).total}" for m in months)
    return _svg(name, width, legend_y + 8, f"{title}: {totals}", parts)


def _backers_chart(report: Report) -> str:
    """Active mentors and sponsors at each month's end: a bar a month, `?` where not known."""
    months = report.trend
    top = max((m.backers or 0 for m in months), default=0)
    scale_top = max(top, 1)
    left, bottom, height, step = 30, 172, 150, 30
    width = left + step * len(months) + 6
    parts = _axis(left, bottom, height, width, scale_top)
    for i, m in enumerate(months):
        x = left + 4 + i * step
        y = float(bottom)
        if m.backers:
            h = height * m.backers / scale_top
            y -= h
            label = f"{words.month(m.first_day)}: {m.backers} active"
            parts.append(
                f'<rect class="backer" x="{x}" y="{_n(y)}" width="{step - 8}" height="{_n(h)}">'
                f"<title>{_e(label)}</title></rect>"
            )
        parts += _bar_labels(x, step, y, bottom, words.count(m.backers), m.first_day)
    said = ", ".join(f"{words.month(m.first_day)} {words.count(m.backers)}" for m in months)
    return _svg("backers", width, bottom + 22, f"Active mentors and sponsors at each month's end: {said}", parts)


def _axis(left: int, bottom: int, height: int, width: int, scale_top: int) -> list[str]:
    parts = []
    for fraction in (0, 0.5, 1):
        value = round(scale_top * fraction)
        y = bottom - height * value / scale_top
        parts.append(f'<line class="axis" x1="{left}" x2="{width - 4}" y1="{_n(y)}" y2="{_n(y)}"/>')
        parts.append(
            f'<text class="muted" x="{left - 5}" y="{_n(y + 4)}" text-anchor="end" font-size="12">{value}</text>'
        )
    return parts


def _bar_labels(x: int, step: int, y: float, bottom: int, total: str, month: date) -> list[str]:
    """A bar's total above it and its month below."""
    centre = x + (step - 8) / 2
    return [
        f'<text x="{_n(centre)}" y="{_n(y - 4)}" text-anchor="middle" font-size="12" font-weight="600">{total}</text>',
        f'<text class="muted" x="{_n(centre)}" y="{bottom + 14}" text-anchor="middle" '
        f'font-size="13">{words.month(month, False)}</text>',
    ]
