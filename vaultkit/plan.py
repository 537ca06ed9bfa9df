"""`vaultkit plan`: write the quarter's networking plan: the questions, and whom to see.

Each section opens with the questions the owner answers there, as a quote. Below them come last
quarter's unfinished tasks, carried over once each, then vaultkit's suggestions in a
`> [!tip] Suggested by vaultkit` callout, at most LIMIT per section. What is in the callout is
vaultkit's, not the owner's: it plans nobody (VK302, VK305) until the owner moves it out, so an
untouched plan is still incomplete.

Whom to suggest comes from the rules themselves, run with the owner's configuration: VK101 (who
is overdue), VK205 (a level gone quiet), VK103 (one-sided), VK107 (a mentor or sponsor who
left), VK201, VK202 and VK204 (gaps in the network). So whatever the owner switched off, for the
vault or in a person's note, is not suggested either.

A carried task keeps the quarter it was first planned in: `(from 2026-Q2)` stays as it is when
the task moves on again, so a task that keeps slipping says since when, and suffixes never stack.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from vaultkit.dates import Quarter
from vaultkit.discovery import _glob
from vaultkit.errors import RefusedError
from vaultkit.lint import Selection, run, select_rules, suppressions
from vaultkit.model import PLAN_KINDS, Person, Plan, Vault
from vaultkit.rules._plans import plan_tasks
from vaultkit.rules.vk205 import quiet_levels
from vaultkit.text import fits_wikilink, fold_name, markdown_text, visible
from vaultkit.writer import create_new, inside, why

QUESTIONS = {
    "senior": "Whom could I bring value to? Whose relationship could I deepen, or connect with on a more "
    "personal level? Which mentor or sponsor have I not seen lately?",
    "peer": "Whom do I know well, and whom would I like to know better? How can I help them? What could we "
    "do together, for both of us?",
    "junior": "Who might be a welcome addition to my team? How can I help them develop?",
    "new": "Whom will I meet for the first time this quarter, at every level?",
}
NICE = {"Senior": "Senior", "Peer": "Peers", "Junior": "Juniors", "New connection": "New connections"}
CALLOUT = "> [!tip] Suggested by vaultkit"
LIMIT = 5  # suggestions per section: a plan, not a to-do dump
NEW_DAYS = 90  # a new connection: met in the last 90 days, with at most one interaction since
SUGGESTING = ("VK101", "VK103", "VK107", "VK201", "VK202", "VK204", "VK205")
# A person note that switches one of these off says "do not push me to reach out to them"
# (`<!-- vaultkit-disable VK101 -->`: an old teammate left to drift): never suggested for a
# quiet level or as a new connection, which have no finding of their own on the person.
CONTACT_CODES = ("VK101", "VK102", "VK205")
QUIET = {"senior": "no senior person", "peer": "no peer", "junior": "no junior"}
GET_TO_KNOW = {"senior": "someone senior", "peer": "a peer", "junior": "someone junior"}


def write_plan(root: Path, vault: Vault, quarter: Quarter) -> str:
    """Create the plan note and return its path; refuse when one exists for the quarter.

    Created exclusively (see `create_new`): a plan saved meanwhile by the owner, or by another
    `vaultkit plan`, is never replaced. A write the system refuses (a read-only folder, `Plans`
    a file, a full disk) is a RefusedError naming the path and why."""
    existing = vault.plan_for(quarter)
    if existing is not None:
        raise RefusedError(f"{existing.path}: the {quarter} plan exists already; nothing written")
    path = vault.plan_path(quarter)
    target = inside(root, path)
    folder = path.rpartition("/")[0]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = "a file, not a folder" if target.parent.exists() else f"cannot make it ({why(error)})"
        raise RefusedError(f"{folder}: {reason}; the {quarter} plan is not written") from None
    try:
        create_new(target, render_plan(vault, quarter).encode("utf-8"))
    except FileExistsError:
        raise RefusedError(f"{path}: exists already; nothing written") from None
    except OSError as error:
        raise RefusedError(f"{path}: cannot write it ({why(error)}); nothing written") from None
    return path


def render_plan(vault: Vault, quarter: Quarter) -> str:
    carried = _carried_over(vault, quarter)
    suggested = _suggestions(vault, carried.people, carried.keys)
    lines = ["---", "type: plan", f"quarter: {quarter}", "---", f"# Networking plan {quarter}", ""]
    lines.append(
        f"{quarter.first_day:%d %B %Y} to {quarter.last_day:%d %B %Y}. Keep old relationships warm, make new "
        "ones at every level, and ask what you can give, not only what you need."
    )
    if carried.tasks.get(None):  # tasks that stood outside every section stay outside them
        lines += ["", *carried.tasks[None]]
    for kind in PLAN_KINDS:
        heading = vault.config.headings[kind][0]
        lines += ["", f"## {NICE.get(heading, heading)}", f"> {QUESTIONS[kind]}"]
        if carried.tasks.get(kind):
            lines += ["", *carried.tasks[kind]]
        if suggested.get(kind):
            lines += ["", CALLOUT, *(f"> - [ ] {text}" for text in suggested[kind])]
    # Each a line of its own, whatever a name, a heading or a carried task holds (see `_link`).
    return "\n".join(visible(line, keep="\t") for line in lines) + "\n"


# -- last quarter's unfinished tasks -------------------------------------------------------------


class _Carried(NamedTuple):
    tasks: dict[str | None, list[str]]  # the lines to write, by section (None: outside every section)
    keys: set[str]  # their texts, as carrying compares them
    people: set[str]  # the people they mention: planned already, so not suggested again


def _carried_over(vault: Vault, quarter: Quarter) -> _Carried:
    """The previous quarter's unfinished tasks, each once, by the section they stood in."""
    carried = _Carried({}, set(), set())
    previous = vault.plan_for(quarter.shifted(-1))
    if previous is None:
        return carried
    index = {item.line: i for i, item in enumerate(vault.notes[previous.path].items)}
    taken: set[int] = set()  # the items carried, by index (as a link's `task` names them)
    for task in plan_tasks(vault, previous.path):
        key = task.key
        if not task.unfinished or key in carried.keys:
            continue
        carried.keys.add(key)
        taken.add(index[task.item.line])
        carried.tasks.setdefault(_section_at(previous, task.item.line), []).append(
            f"- [{task.item.status}] {task.carried_from(previous.quarter.name)}"
        )
    for link, mention in vault.mentions(previous.path):
        if link.task in taken:
            carried.people.add(mention.person.path)
    return carried


def _section_at(plan: Plan, line: int) -> str | None:
    return next((kind for kind, s in plan.sections.items() if s.heading.line < line <= s.end_line), None)


# -- suggestions ---------------------------------------------------------------------------------


class _Findings(NamedTuple):
    """What the suggesting rules found, after the owner's selection and suppressions."""

    people: dict[str, set[str]]  # person rules: the paths of the people they found, by code
    vault: dict[str, list[str]]  # vault rules: their messages, by code
    selection: Selection


def _findings(vault: Vault) -> _Findings:
    selection = select_rules(vault.config)
    wanted = tuple(rule for rule in selection.rules if rule.code in SUGGESTING)
    found = _Findings({}, {}, selection)
    for d in run(vault, dataclasses.replace(selection, rules=wanted)):
        if d.code[:3] == "VK1":
            found.people.setdefault(d.code, set()).add(d.path)
        else:
            found.vault.setdefault(d.code, []).append(d.message)
    return found


def _suggestions(vault: Vault, planned: set[str], keys: set[str]) -> dict[str, list[str]]:
    """The tasks to suggest, at most LIMIT per section, each person once.

    Kinds of suggestion take turns (see `_pick`), so that many overdue people do not hide a lost
    mentor; within a section they are shown overdue, quiet level, one-sided, lost, new, gaps.
    """
    found = _findings(vault)
    today = vault.today
    people = {p.path: p for p in vault.people if p.path not in planned}
    claimed: set[str] = set()

    def claim(code: str) -> list[Person]:
        chosen = [people[path] for path in sorted(found.people.get(code, ())) if path in people]
        chosen = [p for p in chosen if p.path not in claimed]
        claimed.update(p.path for p in chosen)
        return chosen

    lost = sorted(claim("VK107"), key=_by_name)
    one_sided = sorted((p for p in claim("VK103") if p.active and not p.snoozed(today)), key=_by_name)
    new = [p for p in _new_connections(vault, people.values(), found.selection) if p.path not in claimed]
    claimed.update(p.path for p in new)
    overdue = sorted(claim("VK101"), key=lambda p: _urgency(p, today))

    groups: dict[str, list[list[str]]] = {kind: [[] for _ in range(6)] for kind in PLAN_KINDS}
    for person in overdue:
        _add(groups, person, 0, f"reach out to {_link(vault, person)} {_why(person)}")
    for level, lines in _quiet(vault, found, people.values(), claimed, overdue).items():
        groups[level][1] += lines
    for person in one_sided:  # no #tags written: the plan would fill the owner's tag pane
        _add(groups, person, 2, f"how can I help {_link(vault, person)}? (lately I only asked, and gave nothing back)")
    for person in lost:
        roles = " and ".join(role for role in ("mentor", "sponsor") if role in person.roles)
        _add(groups, person, 3, f"{_link(vault, person)} ({roles}) has left: find another {roles}, or keep in touch "
                                "on purpose")  # fmt: skip
    for person in new:
        met = person.fields.met
        contact = "one contact so far" if person.interactions else "no contact since"
        groups["new"][4].append(f"follow up with {_link(vault, person)} (met {met}; {contact})")
    for kind, line in _gaps(found, lost):
        groups[kind][5].append(line)
    return {kind: _pick([_unless(keys, lines) for lines in group], LIMIT) for kind, group in groups.items()}


def _unless(keys: set[str], lines: list[str]) -> list[str]:
    """The lines that are not a task carried over already (a suggestion moved out last quarter)."""
    return [line for line in lines if _key(line) not in keys]


def _add(groups: dict[str, list[list[str]]], person: Person, group: int, line: str) -> None:
    kind = _section(person)
    if kind is not None:
        groups[kind][group].append(line)


def _section(person: Person) -> str | None:
    """Their level's section (a mentor or sponsor without a level is senior: `Person.level`)."""
    return person.level


def _new_connections(vault: Vault, people: Iterable[Person], selection: Selection) -> list[Person]:
    """Active people met in the last NEW_DAYS days with at most one interaction, longest waiting first."""
    today = vault.today
    since = today - timedelta(days=NEW_DAYS)
    new = [
        p
        for p in people
        if p.active and not p.snoozed(today) and p.fields.met is not None and since < p.fields.met <= today
    ]
    new = [p for p in new if len(p.interactions) <= 1 and not _pushed_away(vault, selection, p)]
    return sorted(new, key=lambda p: (p.fields.met, *_by_name(p)))


def _quiet(
    vault: Vault, found: _Findings, people: Iterable[Person], claimed: set[str], overdue: Sequence[Person]
) -> dict[str, list[str]]:
    """For each level gone quiet (VK205), its least recently contacted people, overdue or not."""
    out: dict[str, list[str]] = {}
    messages = found.vault.get("VK205")
    if not messages:
        return out
    days = int(found.selection.options["VK205"]["days"])
    levels = [level for level, message in quiet_levels(vault, days) if message in messages]
    today = vault.today
    for level in levels:
        candidates = [
            p
            for p in people
            if p.level == level
            and p.path not in claimed
            and p.active
            and not p.snoozed(today)
            and not _pushed_away(vault, found.selection, p)
        ]
        candidates.sort(key=lambda p: (p.last_date is not None, p.last_date or today, *_by_name(p)))
        lines = []
        for p in candidates[:LIMIT]:
            last = p.last_interaction
            since = f"last contact {last.date}" if last else "no contact recorded"
            lines.append(f"catch up with {_link(vault, p)} ({since}; {QUIET[level]} contacted in {days} days)")
        if not lines and not any(p.level == level for p in overdue):
            lines.append(f"get to know {GET_TO_KNOW[level]}")
        out[level] = lines
    return out


def _gaps(found: _Findings, lost: Sequence[Person]) -> list[tuple[str, str]]:
    """What the network lacks: a mentor or sponsor (unless a lost one is suggested already), new people."""
    gaps = []
    for code, role in (("VK201", "mentor"), ("VK202", "sponsor")):
        if found.vault.get(code) and not any(role in p.roles for p in lost):
            gaps.append(("senior", f"find a {role}: who could I ask?"))
    if found.vault.get("VK204"):
        options = found.selection.options["VK204"]
        count, days = int(options["min-new"]), int(options["days"])
        whom = "person" if count == 1 else "people"
        gaps.append(("new", f"meet {count} new {whom} this quarter (fewer than {count} met in the last {days} days)"))
    return gaps


def _pick(groups: Sequence[Sequence[str]], limit: int) -> list[str]:
    """At most `limit` lines, the groups taking turns (the first of each, then the second...), in group order."""
    counts = [0] * len(groups)
    total = 0
    for rank in range(limit):
        for i, group in enumerate(groups):
            if total < limit and rank < len(group):
                counts[i] += 1
                total += 1
    return [line for group, count in zip(groups, counts, strict=True) for line in group[:count]]


def _pushed_away(vault: Vault, selection: Selection, person: Person) -> bool:
    """Whether the owner switched a contact reminder off for this person (CONTACT_CODES)."""
    hides = suppressions(vault.notes.get(person.path))
    ignored = [
        code
        for pattern, codes in selection.per_file_ignores.items()
        if _glob(pattern).fullmatch(person.path)
        for code in codes
    ]
    return any(hides.hides(code, 1) or any(code.startswith(c) for c in ignored) for code in CONTACT_CODES)


def _urgency(person: Person, today: date) -> tuple[float, str, str]:
    """As the report ranks them: days since the last contact ÷ the cadence, most first."""
    since = person.since or today
    return (-(today - since).days / (person.cadence_days(today) or 1), *_by_name(person))


def _by_name(person: Person) -> tuple[str, str]:
    return fold_name(person.name), person.path


def _key(line: str) -> str:
    return " ".join(line.split())


def _link(vault: Vault, person: Person) -> str:
    """A link to the person, read back as that link by Obsidian and vaultkit, whatever their name
    holds: `[[Ana]]`, `[[People/Alex Kim|Alex Kim]]`. A name that cannot stand in a link (`]]`,
    `|`, a control character) gives way to the file's name; a file's name that cannot, to the
    name as text. A newline in a name is a space: it never starts a heading or a task."""
    unique = vault.resolver.by_name.get(fold_name(person.stem)) in ([person.path], None)
    target = person.stem if unique else person.path[:-3]
    name = " ".join(person.name.split())
    if not fits_wikilink(target, target=True):
        return markdown_text(name)
    return f"[[{target}]]" if target == name or not fits_wikilink(name) else f"[[{target}|{name}]]"


def _why(person: Person) -> str:
    last = person.last_interaction
    since = f"last contact {last.date}" if last else "no contact recorded"
    cadence = f", cadence {person.cadence.text}" if person.cadence else ""
    roles = f"{', '.join(person.roles)}; " if person.roles else ""
    return f"({roles}{since}{cadence})"
