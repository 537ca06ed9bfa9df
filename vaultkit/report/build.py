"""The report's figures, computed once from the model and the rules; every format renders these.

Nothing here reads files or repeats a rule: who is neglected, one-sided or missing from the
network comes from running the rules (`lint.run`) with the owner's configuration.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from vaultkit.config import Config
from vaultkit.dates import Cadence, Quarter, add_months
from vaultkit.diagnostics import Diagnostic
from vaultkit.lint import Selection, run, select_rules
from vaultkit.model import PLAN_KINDS, Interaction, Person, Plan, Vault
from vaultkit.note import TASK_FIELD
from vaultkit.people import LEVEL_OF_ROLE
from vaultkit.report.changes import REPORTED, ChangeSource, backer_roles, changes, source_of
from vaultkit.rules import RULES
from vaultkit.rules.vk103 import has_tag
from vaultkit.rules.vk106 import follow_ups
from vaultkit.rules.vk108 import next_birthday
from vaultkit.text import fold_name

VERSION = 1
REACH_OUT_MAX = 10
BIRTHDAY_DAYS = 14
NEW_DAYS = 90
MOVES_DAYS = 90  # the Moves section: changes since this many days before today
TREND_MONTHS = 12
STATUSES = ("active", "paused", "left", "archived")
BACKER_ROLES = ("mentor", "sponsor")
NEGLECTED, ONE_SIDED, FOLLOW_UP, BIRTHDAY = "VK101", "VK103", "VK106", "VK108"
PROBLEMS_MAX = 50  # problems the report lists before it counts the rest by code
PROBLEM_SEVERITIES = ("error", "warning")  # an info is a hint, not a problem to mend


class PersonRef(NamedTuple):
    name: str
    path: str
    link: str  # the wikilink target: the file name, or the path when the name is ambiguous


class LevelCounts(NamedTuple):
    senior: int = 0
    peer: int = 0
    junior: int = 0
    none: int = 0  # people without a level

    @property
    def total(self) -> int:
        return self.senior + self.peer + self.junior + self.none


class Source(NamedTuple):
    """Where an interaction was recorded."""

    date: date
    path: str
    line: int
    kind: str  # "log", "note" or "field"


class Overdue(NamedTuple):
    person: PersonRef
    roles: tuple[str, ...]
    level: str | None
    company: str | None
    since: date  # the last interaction, or `met` when there is none
    days_since: int
    last: Source | None
    cadence: str
    cadence_days: int
    cadence_source: str  # "cadence", "role mentor", "level senior", "default"
    due: date
    overdue_days: int

    @property
    def ratio(self) -> float:
        """Days since the last contact as a multiple of the cadence: the ranking key."""
        return round(self.days_since / self.cadence_days, 2)


class Ambiguous(NamedTuple):
    """A link that could mean any of `candidates`, so vaultkit does not guess (01-vault.md §3)."""

    target: str  # as the link writes it: `Alex`
    candidates: tuple[PersonRef, ...]  # by name


class Promise(NamedTuple):
    """An open follow-up task past its due date: a VK106 diagnostic."""

    path: str
    line: int
    due: date
    overdue_days: int
    people: tuple[PersonRef, ...]  # a person note's own person first, then whom the task mentions
    ambiguous: tuple[Ambiguous, ...]  # its links that could mean several people
    text: str = ""  # what the task says, without its due date


class Asked(NamedTuple):
    """The latest interaction tagged `#asked` (the configured tag) with a one-sided relationship."""

    date: date
    path: str
    line: int
    text: str  # what the entry says, past its date ("" when it is not a list item)


class OneSided(NamedTuple):
    person: PersonRef
    asked: Asked | None  # VK103 fires only with one among the last interactions: None is never expected


class Birthday(NamedTuple):
    person: PersonRef
    date: date
    in_days: int
    turning: int | None  # the age, when the birthday has a year


class Backer(NamedTuple):
    """A mentor or sponsor, active or not."""

    person: PersonRef
    roles: tuple[str, ...]  # of mentor and sponsor, the ones they hold
    company: str | None
    title: str | None
    status: str


class NewConnection(NamedTuple):
    person: PersonRef
    met: date
    level: str | None
    company: str | None


class SectionProgress(NamedTuple):
    kind: str  # senior, peer, junior, new
    heading: str  # as written in the plan, or the configured name when missing
    line: int | None  # the heading's line; None when the section is missing
    done: int
    open: int
    cancelled: int  # `- [-]`: not counted in the total
    people: int  # distinct people the section mentions

    @property
    def total(self) -> int:
        return self.done + self.open


class PlannedPerson(NamedTuple):
    person: PersonRef
    section: str | None  # the plan section's kind, None when outside every section
    last: date | None  # the last interaction on or before today


class Finding(NamedTuple):
    """A network or plan diagnostic (VK2xx, VK3xx), as the check reports it."""

    code: str
    name: str
    severity: str
    path: str
    line: int
    message: str


class Problem(NamedTuple):
    """An error or a warning in a note that no other section of the report tells: a broken
    frontmatter, an ambiguous link, a note to open and mend."""

    path: str
    note: PersonRef  # how to link the note: a person's by their name, any other by its path
    line: int
    code: str
    severity: str
    message: str


class Moved(NamedTuple):
    """A change of company, title, level or roles (vaultkit.report.changes): the moment to reach out."""

    person: PersonRef
    backer: tuple[str, ...]  # of mentor and sponsor, the roles they hold: their changes come first
    field: str  # company, title, level or roles
    old: str
    new: str
    date: date
    source: ChangeSource


class Month(NamedTuple):
    first_day: date
    interactions: LevelCounts
    added: LevelCounts = LevelCounts()  # people added that month (see `_added`), by level
    backers: int | None = None  # active mentors and sponsors at the month's end; None: unknown


class QuarterInfo(NamedTuple):
    name: str
    first_day: date
    last_day: date
    current: bool


@dataclasses.dataclass(frozen=True)
class Report:
    today: date
    quarter: QuarterInfo
    # Reach out next
    reach_out: tuple[Overdue, ...]
    overdue_total: int
    promises: tuple[Promise, ...]  # every VK106 diagnostic, most overdue first
    birthdays: tuple[Birthday, ...]
    # Network at a glance
    people_total: int
    by_status: tuple[tuple[str, int], ...]
    by_level: LevelCounts  # active people
    by_role: tuple[tuple[str, int], ...]  # active people, most common first
    without_role: int  # active people with no role
    backers: tuple[Backer, ...]  # active first
    backer_companies: tuple[tuple[str, int], ...]  # of the active ones, most first; "" = no company
    new_recent: tuple[NewConnection, ...]  # met in the last NEW_DAYS days
    new_quarter: tuple[NewConnection, ...]  # met in the report's quarter
    # This quarter
    quarter_interactions: LevelCounts
    quarter_people: LevelCounts  # distinct people contacted
    plan_path: str  # the quarter's plan, or where it should be
    plan: tuple[SectionProgress, ...] | None  # None: no plan for the quarter
    planned_people: int
    not_contacted: tuple[PlannedPerson, ...]
    # Health
    findings: tuple[Finding, ...]
    neglected: int | None  # None when VK101 is not selected
    one_sided: tuple[OneSided, ...] | None  # None when VK103 is not selected
    # Trend
    trend: tuple[Month, ...]
    # Problems: None when the caller gave no diagnostics (then the reports have no such section)
    problems: tuple[Problem, ...] | None = None  # errors first, then by path and line; PROBLEMS_MAX at most
    problems_more: tuple[tuple[str, int], ...] = ()  # the rest by code, the most common first
    # Moves: changes of company or role in the last MOVES_DAYS days, mentors and sponsors first
    moves: tuple[Moved, ...] = ()
    history: bool = False  # whether the vault's git history was read (else the notes alone say who moved)
    history_note: str | None = None  # what the history lacks, in one line (a shallow clone)
    history_begins: date | None = None  # the oldest commit the history holds that changed a person note
    version: int = VERSION


def build_report(
    vault: Vault,
    quarter: str | None = None,
    problems: Iterable[Diagnostic] | None = None,
    found: Sequence[Diagnostic] | None = None,
) -> Report:
    """Every figure of the report for `vault.today` and `quarter` (default: the current one).

    `problems` are the owner's diagnostics, as `vaultkit check` gives them: their errors and
    warnings that the other sections do not tell make the Problems section (None: no section).
    `found`: the diagnostics of `report_selection`, as the engine keeps them (None: run here).
    """
    chosen = vault.quarter_named(quarter)
    refs = _References(vault)
    selection, selected = report_selection(vault.config)
    diagnostics = list(found) if found is not None else run(vault, selection)
    neglected = {d.path for d in diagnostics if d.code == NEGLECTED}
    overdue = sorted(
        (_overdue(p, vault.today, refs) for p in vault.people if p.path in neglected),
        key=lambda o: (-o.ratio, -o.overdue_days, fold_name(o.person.name), o.person.path),
    )
    active = vault.active_people
    roles = Counter(role for p in active for role in p.roles)
    plan = vault.plan_for(chosen)
    backers = _backers(vault, refs)
    planned = _planned(vault, plan, chosen, refs) if plan else []
    window = _window(chosen, vault.today)
    contacts = [person for person, _ in _interactions(vault, *window)]
    birthdays = _birthdays(vault, refs)
    listed, more = (None, ()) if problems is None else _problems(vault, problems, selected, birthdays, refs)
    return Report(
        today=vault.today,
        quarter=QuarterInfo(chosen.name, chosen.first_day, chosen.last_day, chosen == vault.quarter),
        reach_out=tuple(overdue[:REACH_OUT_MAX]),
        overdue_total=len(overdue),
        promises=_promises(vault, diagnostics, refs),
        birthdays=birthdays,
        people_total=len(vault.people),
        by_status=_by_status(vault.people),
        by_level=_level_counts(active),
        by_role=tuple(sorted(roles.items(), key=lambda item: (-item[1], item[0]))),
        without_role=sum(1 for p in active if not p.roles),
        backers=backers,
        backer_companies=_companies(b for b in backers if b.status == "active"),
        new_recent=_new(vault, vault.today - timedelta(days=NEW_DAYS - 1), vault.today, refs),
        new_quarter=_new(vault, chosen.first_day, min(chosen.last_day, vault.today), refs),
        quarter_interactions=_level_counts(contacts),
        quarter_people=_level_counts({p.path: p for p in contacts}.values()),
        plan_path=vault.plan_path(chosen),
        plan=_progress(vault, plan) if plan else None,
        planned_people=len(planned),
        not_contacted=tuple(p for p in planned if not _contacted(vault.person_at[p.person.path], window)),
        findings=tuple(sorted(_finding(d) for d in diagnostics if d.code[:3] in ("VK2", "VK3"))),
        neglected=len(neglected) if NEGLECTED in selected else None,
        one_sided=_one_sided(vault, diagnostics, refs) if ONE_SIDED in selected else None,
        trend=_trend(vault),
        problems=listed,
        problems_more=more,
        moves=_moves(vault, refs),
        history=_has_history(vault),
        history_note=vault.history.note if vault.history is not None else None,
        history_begins=_history_begins(vault),
    )


def report_selection(config: Config) -> tuple[Selection, set[str]]:
    """The rules the report runs: the network, plan, VK101, VK103 and VK106 rules, with the
    owner's options and suppressions.

    VK101 and VK106 always run, since they decide who to reach out to and which promises are due;
    the second value says which codes the owner's selection includes, for the health section.
    """
    selection = select_rules(config)
    selected = {rule.code for rule in selection.rules}
    wanted = [r for r in selection.rules if r.code[:3] in ("VK2", "VK3") or r.code == ONE_SIDED]
    wanted += [RULES[code] for code in (NEGLECTED, FOLLOW_UP)]
    return dataclasses.replace(selection, rules=tuple(wanted)), selected


class _References:
    """PersonRef for each person, with a link target that opens their note in Obsidian."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.cache: dict[str, PersonRef] = {}

    def __call__(self, person: Person) -> PersonRef:
        ref = self.cache.get(person.path)
        if ref is None:
            same_name = self.vault.resolver.by_name.get(fold_name(person.stem), ())
            link = person.stem if len(same_name) < 2 else person.path[:-3]
            ref = self.cache[person.path] = PersonRef(person.name, person.path, link)
        return ref


def cadence_label(cadence: Cadence) -> str:
    """The cadence as written, with the unit a bare number of days leaves out."""
    return f"{cadence.text}d" if cadence.text.isdigit() else cadence.text


def _overdue(person: Person, today: date, refs: _References) -> Overdue:
    last = person.last_interaction
    since = person.since
    assert since is not None and person.cadence is not None and person.due is not None
    return Overdue(
        person=refs(person),
        roles=person.roles,
        level=person.level,
        company=person.fields.company,
        since=since,
        days_since=(today - since).days,
        last=Source(last.date, last.path, last.line, last.source) if last else None,
        cadence=cadence_label(person.cadence),
        cadence_days=person.cadence_days(today) or 1,
        cadence_source=person.cadence_source,
        due=person.due,
        overdue_days=person.overdue_days(today) or 0,
    )


def _birthdays(vault: Vault, refs: _References) -> tuple[Birthday, ...]:
    found = []
    for person in vault.people:
        if person.fields.birthday is None or person.status == "archived":
            continue
        month, day, year = person.fields.birthday
        upcoming = next_birthday(month, day, vault.today)
        ahead = (upcoming - vault.today).days
        if ahead <= BIRTHDAY_DAYS:
            turning = upcoming.year - year if year else None
            found.append(Birthday(refs(person), upcoming, ahead, turning))
    return tuple(sorted(found, key=lambda b: (b.date, fold_name(b.person.name), b.person.path)))


def _by_status(people: Iterable[Person]) -> tuple[tuple[str, int], ...]:
    counts = Counter(p.status for p in people)
    known = [(status, counts.pop(status, 0)) for status in STATUSES]
    return tuple(known + sorted(counts.items()))


def _level_counts(people: Iterable[Person]) -> LevelCounts:
    """How many of `people` (a person may come once per interaction) are at each level."""
    return _by_level(Counter(p.level for p in people))


def _by_level(counts: Counter[str | None]) -> LevelCounts:
    return LevelCounts(counts["senior"], counts["peer"], counts["junior"], counts[None])


def _backers(vault: Vault, refs: _References) -> tuple[Backer, ...]:
    found = []
    for person in vault.people:
        held = tuple(role for role in BACKER_ROLES if role in person.roles)
        if held and person.status != "archived":
            found.append(Backer(refs(person), held, person.fields.company, person.fields.title, person.status))
    return tuple(sorted(found, key=lambda b: (b.status != "active", fold_name(b.person.name), b.person.path)))


def _companies(backers: Iterable[Backer]) -> tuple[tuple[str, int], ...]:
    counts = Counter(b.company or "" for b in backers)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], fold_name(item[0]), item[0])))


def _new(vault: Vault, first: date, last: date, refs: _References) -> tuple[NewConnection, ...]:
    found = [
        NewConnection(refs(p), p.fields.met, p.level, p.fields.company)
        for p in vault.people
        if p.fields.met is not None and first <= p.fields.met <= last
    ]
    return tuple(sorted(found, key=lambda n: (-n.met.toordinal(), fold_name(n.person.name), n.person.path)))


def _window(quarter: Quarter, today: date) -> tuple[date, date]:
    """The days of `quarter` that have happened: an empty window for a quarter still to come."""
    return quarter.first_day, min(quarter.last_day, today)


def _interactions(vault: Vault, first: date, last: date) -> list[tuple[Person, Interaction]]:
    return [(p, i) for p in vault.people for i in p.interactions if first <= i.date <= last]


def _contacted(person: Person, window: tuple[date, date]) -> bool:
    return any(window[0] <= i.date <= window[1] for i in person.interactions)


def _progress(vault: Vault, plan: Plan) -> tuple[SectionProgress, ...]:
    out = []
    for kind in PLAN_KINDS:
        section = plan.sections.get(kind)
        if section is None:
            out.append(SectionProgress(kind, vault.config.headings[kind][0], None, 0, 0, 0, 0))
            continue
        statuses = ["-" if item.struck else item.status for item in section.tasks]  # struck out: cancelled
        done = sum(1 for s in statuses if s in ("x", "X"))
        cancelled = statuses.count("-")
        people = {m.person.path for link, m in vault.mentions(plan.path) if link in section.links}
        out.append(
            SectionProgress(
                kind,
                section.heading.text,
                section.heading.line,
                done,
                len(statuses) - done - cancelled,
                cancelled,
                len(people),
            )
        )
    return tuple(out)


def _planned(vault: Vault, plan: Plan, quarter: Quarter, refs: _References) -> list[PlannedPerson]:
    """Everyone the plan mentions, in the order the plan first mentions them."""
    seen: dict[str, PlannedPerson] = {}
    for link, mention in vault.planned(plan):
        person = mention.person
        if person.path in seen:
            continue
        kind = next((k for k, s in plan.sections.items() if link in s.links), None)
        last = person.last_interaction
        seen[person.path] = PlannedPerson(refs(person), kind, last.date if last else None)
    return list(seen.values())


def _finding(d: Diagnostic) -> Finding:
    return Finding(d.code, d.name, d.severity, d.path, d.line, d.message)


def _promises(vault: Vault, diagnostics: list[Diagnostic], refs: _References) -> tuple[Promise, ...]:
    """What VK106 reports, in detail: the rule's own `follow_ups`, for the tasks it kept (a task
    the owner silenced is no promise to list)."""
    reported = {(d.path, d.line) for d in diagnostics if d.code == FOLLOW_UP}
    found = []
    for path in sorted({path for path, _ in reported}):
        for late in follow_ups(vault.notes[path], vault):
            item = late.item
            if (path, item.line) not in reported or item.due is None:
                continue
            ambiguous = tuple(Ambiguous(a.target, tuple(map(refs, a.candidates))) for a in late.ambiguous)
            people = tuple(map(refs, late.people))
            text = _DUE_MARK.sub("", item.text).strip()
            found.append(Promise(path, item.line, item.due, (vault.today - item.due).days, people, ambiguous, text))
    return tuple(sorted(found, key=lambda p: (p.due, p.path, p.line)))


_DUE_MARK = re.compile(r"[ \t]*" + TASK_FIELD)  # the Tasks plugin's fields: the line says when


def _one_sided(vault: Vault, diagnostics: list[Diagnostic], refs: _References) -> tuple[OneSided, ...]:
    paths = {d.path for d in diagnostics if d.code == ONE_SIDED}
    asked = vault.config.asked_tag
    found = []
    for person in vault.people:
        if person.path in paths:
            latest = next((i for i in reversed(person.sources()) if has_tag(i.tags, asked)), None)
            entry = None
            if latest is not None and latest.date <= vault.today:
                entry = Asked(latest.date, latest.path, latest.line, vault.said(latest.path, latest.line))
            found.append(OneSided(refs(person), entry))
    return tuple(found)


def _moves(vault: Vault, refs: _References) -> tuple[Moved, ...]:
    """Who changed company or role since MOVES_DAYS days ago: mentors and sponsors first (theirs
    is the move that ends a relationship unless kept on purpose), then the newest first."""
    people = (p for p in vault.people if p.status != "archived")
    first = vault.today - timedelta(days=MOVES_DAYS)
    found = [
        Moved(refs(p), backer_roles(p), m.field, m.old, m.new, m.day, source_of(m))
        for p, m in changes(vault, people, REPORTED, first, vault.today)
    ]
    order = {field: i for i, field in enumerate(REPORTED)}
    return tuple(
        sorted(
            found,
            key=lambda m: (not m.backer, -m.date.toordinal(), fold_name(m.person.name), m.person.path, order[m.field]),
        )
    )


def _trend(vault: Vault) -> tuple[Month, ...]:
    """Per month, for the last TREND_MONTHS months (this one included): interactions by level,
    people added by level, and the active mentors and sponsors at the month's end."""
    this_month = vault.today.replace(day=1)
    months = [add_months(this_month, n) for n in range(1 - TREND_MONTHS, 1)]
    per_month: dict[date, Counter[str | None]] = {m: Counter() for m in months}
    for person, interaction in _interactions(vault, months[0], vault.today):
        per_month[interaction.date.replace(day=1)][person.level] += 1
    timeline = _Timeline(vault)
    added = timeline.added(months[0])
    return tuple(
        Month(month, _by_level(counts), _by_level(added.get(month, Counter())), timeline.backers_at(month))
        for month, counts in per_month.items()
    )


def _has_history(vault: Vault) -> bool:
    """Whether the vault's git history was read: a repository with a commit, and git to read it."""
    return vault.history is not None and vault.history.head is not None


def _history_begins(vault: Vault) -> date | None:
    """The date of the oldest version the history holds of any note: before it, it knows nothing."""
    history = vault.history
    if history is None or history.head is None:
        return None
    return min((versions[0][0] for versions in history.versions.values() if versions), default=None)


class _Timeline:
    """The person notes through the vault's history (`vault.history.versions`): each note's
    versions, oldest first, as (date, commit, snapshot), a snapshot None where it was no person's."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.begins = _history_begins(vault)
        history = vault.history
        versions = history.versions if history is not None and history.head is not None else {}
        self.days = {path: [v[0] for v in found] for path, found in versions.items() if found}
        self.snapshots = {path: [v[2] for v in found] for path, found in versions.items() if found}

    def added(self, since: date) -> dict[date, Counter[str | None]]:
        """People added per month since `since`, by level. With history: the month a person
        note's first version was committed, at the level it gave then. A note already in the
        history's oldest commit (a vault put in git at once, a shallow clone) was not added then:
        it counts, as a note in no commit by today does, from when the owner met them (`met`), at
        its level now."""
        found: dict[date, Counter[str | None]] = {}
        dated: set[str] = set()
        for path, days in self.days.items():
            first = next((i for i, snapshot in enumerate(self.snapshots[path]) if snapshot is not None), None)
            if first is None or days[first] == self.begins or days[first] > self.vault.today:
                continue  # not added then; or, on a day before the history's, not yet committed
            dated.add(path)
            if since <= days[first]:
                found.setdefault(days[first].replace(day=1), Counter())[_level_at(self.snapshots[path][first])] += 1
        for person in self.vault.people:
            met = person.fields.met
            if person.path not in dated and met is not None and since <= met <= self.vault.today:
                found.setdefault(met.replace(day=1), Counter())[person.level] += 1
        return found

    def backers_at(self, month: date) -> int | None:
        """Active mentors and sponsors at the end of `month`. This month: as the vault is today
        (what Network at a glance counts). An earlier month: the person notes as last committed by
        its end; None (unknown) without history, or for a month that ended before it begins."""
        vault = self.vault
        if month == vault.today.replace(day=1):
            return sum(1 for p in vault.people if p.status == "active" and backer_roles(p))
        end = add_months(month, 1) - timedelta(days=1)
        if self.begins is None or end < self.begins:
            return None
        count = 0
        for path, days in self.days.items():
            at = bisect.bisect_right(days, end)
            if at and _active_backer(self.snapshots[path][at - 1]):
                count += 1
        return count


def _level_at(snapshot: object) -> str | None:
    """The level a version of a person note gave: as written, else as its roles say (`level_of`)."""
    level = getattr(snapshot, "level", None)
    if level:
        return str(level)
    roles = getattr(snapshot, "roles", ()) or ()
    return next((LEVEL_OF_ROLE[role] for role in roles if role in LEVEL_OF_ROLE), None)


def _active_backer(snapshot: object) -> bool:
    if snapshot is None:
        return False
    roles = {str(role).casefold() for role in getattr(snapshot, "roles", ()) or ()}
    status = getattr(snapshot, "status", None) or "active"
    return status == "active" and bool(roles & set(BACKER_ROLES))


def _problems(
    vault: Vault,
    problems: Iterable[Diagnostic],
    selected: set[str],
    birthdays: tuple[Birthday, ...],
    refs: _References,
) -> tuple[tuple[Problem, ...], tuple[tuple[str, int], ...]]:
    """The errors and warnings of `problems` that no other section tells, errors first, at most
    PROBLEMS_MAX; and how many more there are of each code.

    Nothing is said twice. The other sections tell what the report runs its own rules for (see
    `report_selection`): neglected contacts (VK101) and promises (VK106) always, the network and plan
    findings (VK2xx, VK3xx) and one-sided relationships (VK103) when the owner selects them; and
    the birthdays they list (VK108, should the owner make it a warning).
    """
    told = {NEGLECTED, FOLLOW_UP} | {code for code in selected if code[:3] in ("VK2", "VK3") or code == ONE_SIDED}
    birthday_notes = {b.person.path for b in birthdays}
    kept = sorted(
        (
            d
            for d in problems
            if d.severity in PROBLEM_SEVERITIES
            and d.code not in told
            and not (d.code == BIRTHDAY and d.path in birthday_notes)
        ),
        key=lambda d: (d.severity != "error", d.path, d.line, d.column, d.code, d.message),
    )
    listed = tuple(
        Problem(d.path, _note(vault, d.path, refs), d.line, d.code, d.severity, d.message) for d in kept[:PROBLEMS_MAX]
    )
    rest = Counter(d.code for d in kept[PROBLEMS_MAX:])
    return listed, tuple(sorted(rest.items(), key=lambda item: (-item[1], item[0])))


def _note(vault: Vault, path: str, refs: _References) -> PersonRef:
    """A note to link to: a person's by their name, any other (a sync-conflict copy too) by its path."""
    person = vault.person_at.get(path)
    if person is not None and person.copy_of is None:
        return refs(person)
    shown = path[:-3] if path.lower().endswith(".md") else path
    return PersonRef(shown, path, shown)
