"""How the report says things, the same in every format: labels, plurals, dates, reasons."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from vaultkit.report.build import MOVES_DAYS, Asked, Moved, Overdue, PersonRef, Promise, QuarterInfo, Report
from vaultkit.rules._common import days as ndays
from vaultkit.rules.vk106 import either
from vaultkit.text import visible

LEVELS = ("senior", "peer", "junior", "none")  # the fields of LevelCounts, in order
LEVEL_LABEL = {"senior": "Senior", "peer": "Peer", "junior": "Junior", "none": "No level"}
SECTION_LABEL = {"senior": "Senior", "peer": "Peers", "junior": "Juniors", "new": "New connections"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SPARKS = "▁▂▃▄▅▆▇█"
LIST_MAX = 10  # names a list shows before "and N more" (the JSON has them all)
REACH_OUT_COLUMNS = ("#", "Person", "Level · roles", "Last contact", "Days", "Cadence", "Ratio", "Recorded in")
OFFER_BACK = "what could you offer back?"
T = TypeVar("T")


def shown(report: Report) -> Report:
    """The report with every piece of text in it `visible`: what the text, Markdown and HTML
    reports render, so that no name, company, title, path or message of a note can retitle or
    clear the terminal they are printed on, or reorder its line."""
    result: Report = _shown(report)
    return result


def _shown(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, tuple):
        items = [_shown(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)  # a NamedTuple, or a tuple
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _shown(getattr(value, f.name)) for f in dataclasses.fields(value)})
    return value


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def people(count: int) -> str:
    return plural(count, "person", "people")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_date(day: date) -> str:
    """`Mon 28 Sep`, whatever the locale."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def month(day: date, year: bool = True) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}" if year else MONTHS[day.month - 1]


def in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def level_and_roles(level: str | None, roles: tuple[str, ...]) -> str:
    """`senior · mentor, friend`: the level first, so a role named like a level is not confusing."""
    return f"{level or 'no level'} · {', '.join(roles)}" if roles else level or "no level"


def first(items: Sequence[T], limit: int = LIST_MAX) -> tuple[Sequence[T], int]:
    """The items a list shows, and how many more there are."""
    return items[:limit], max(0, len(items) - limit)


def more(count: int) -> str:
    return f"and {count} more" if count else ""


def joined(names: Iterable[str], more_count: int) -> str:
    """`a, b, c` or `a, b, c, and 7 more`."""
    return ", ".join([*names, *([more(more_count)] if more_count else [])])


def cadence(o: Overdue) -> str:
    """`3m by level senior`, as VK101 says it; just `14d` for the person's own cadence."""
    return o.cadence if o.cadence_source in ("cadence", "") else f"{o.cadence} by {o.cadence_source}"


def last_recorded(o: Overdue) -> str:
    """Where the last interaction was written down, as the owner would look for it."""
    if o.last is None:
        return "no interaction yet"
    elsewhere = f" of {o.last.path}" if o.last.path != o.person.path else ""  # a sync-conflict copy's
    if o.last.kind == "log":
        return f"log{elsewhere}, line {o.last.line}"
    if o.last.kind == "field":
        return f"last_contact field{elsewhere}"
    return o.last.path[:-3] if o.last.path.lower().endswith(".md") else o.last.path


def quarter_span(q: QuarterInfo, today: date) -> str:
    span = f"{q.first_day.day} {month(q.first_day, False)} – {q.last_day.day} {month(q.last_day)}"
    if today < q.first_day:
        state = f"starts {in_days((q.first_day - today).days)}"
    elif today > q.last_day:
        state = "ended"
    else:
        left = (q.last_day - today).days + 1
        state = f"{plural(left, 'day')} left"
    return f"{q.name} ({span}, {state})"


def sparkline(values: Sequence[int | None]) -> str:
    """A bar a value; a value not known (None) is a space."""
    top = max((v for v in values if v is not None), default=0)
    return "".join(" " if v is None else SPARKS[round(v / top * (len(SPARKS) - 1)) if top else 0] for v in values)


def count(value: int | None) -> str:
    """A figure, or `?` when it is not known."""
    return "?" if value is None else str(value)


def percent(done: int, total: int) -> str:
    return f"{round(100 * done / total)}%" if total else "–"


def whom(promise: Promise, name: Callable[[PersonRef], str], target: Callable[[str], str] = str) -> str:
    """`Olivia Grant, Alex (Alex Chen or Alex Morgan?)`, as VK106 says it; `name` and `target`
    write a person and a link's target in the format at hand (a link, escaped text)."""
    names = [name(ref) for ref in promise.people]
    names += [f"{target(a.target)} ({either([name(ref) for ref in a.candidates])}?)" for a in promise.ambiguous]
    return ", ".join(names)


def task(promise: Promise) -> str:
    """What the task says, quoted, for the line of a promise: ` — "send Ana the deck"` or ""."""
    return f' — "{_shorter(promise.text, 80)}"' if promise.text else ""


def overdue_since(promise: Promise) -> str:
    """`due 2026-09-10, 14 days ago`."""
    return f"due {promise.due}, {ndays(promise.overdue_days)} ago"


def last_asked(asked: Asked | None) -> str:
    """`last asked 2026-08-14`: when the owner of a one-sided relationship last asked them for help."""
    if asked is None:
        return ""
    quoted = f': "{_shorter(asked.text, 80)}"' if asked.text else ""
    return f"last asked {asked.date}{quoted}"


def _shorter(text: str, most: int) -> str:
    """A note's words to quote: links as they read (`[[Ana Núñez|Ana]]` is `Ana`), at most `most` long."""
    text = _WIKILINK.sub(lambda m: m[2] or m[1].split("#", 1)[0], text)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


_WIKILINK = re.compile(r"!?\[\[([^\[\]|\n]*?)(?:\\?\|([^\[\]\n]*))?\]\]")


MOVES_TITLE = "Moves: who changed company or role"


def moves_order(report: Report) -> str:
    since = report.today - timedelta(days=MOVES_DAYS)
    return f"Since {since} ({MOVES_DAYS} days), mentors and sponsors first, then the newest first."


def change(m: Moved) -> str:
    """`moved from Acme to Google`, `title Engineer → Staff Engineer`, `roles peer → peer, mentor`."""
    if m.field == "company":
        return f"moved from {m.old} to {m.new}"
    return f"{m.field} {m.old} → {m.new}"


def backer(m: Moved) -> str:
    """` (mentor)`, ` (mentor and sponsor)`, or "" for anyone else."""
    return f" ({' and '.join(m.backer)})" if m.backer else ""


def move_hint(m: Moved) -> str:
    """What to do about it, as VK109 says: a mentor or sponsor who moved is kept on purpose or lost."""
    if m.field != "company":
        return ""
    if m.backer:
        return "no longer down the hall: reach out and keep it going on purpose"
    return "congratulate them"


def moves_from(report: Report) -> str:
    if report.history:
        return (
            "Read from the vault's git history (committed changes only); for anyone whose company it "
            "never changes, also from their note (previous_company with moved, a Moves section)."
        )
    return (
        "Read from the notes (previous_company with moved, a Moves section): without the vault's git "
        "history, changes of title, level and roles are not known."
    )


def no_moves(report: Report) -> str:
    """Nobody moved: as far as the history goes, when it says it does not go far (a shallow clone)."""
    if report.history_note:
        return f"No change of company or role found in the last {MOVES_DAYS} days, as far as the history goes."
    return f"Nobody changed company or role in the last {MOVES_DAYS} days."


def added_from(report: Report) -> str:
    if report.history:
        return (
            "People added per month: the month a person's note was first committed, at its level then "
            "(a note already in the history's oldest commit, or not committed yet: the month you met)."
        )
    return (
        "People added per month, by when you met them (met): without the vault's git history, "
        "someone with no met is not counted."
    )


def backers_from(report: Report) -> str:
    """How the active mentors and sponsors per month are known, or that they are not."""
    now = report.trend[-1].backers if report.trend else None
    if not report.history:
        return (
            "Active mentors and sponsors at each month's end: not known without the vault's git "
            f"history (now: {count(now)})."
        )
    said = (
        "Active mentors and sponsors at each month's end, from the notes as committed by then "
        "(this month: as the vault is today)"
    )
    if any(m.backers is None for m in report.trend) and report.history_begins is not None:
        said += f"; ? before the history begins ({report.history_begins})"
    return said + "."
