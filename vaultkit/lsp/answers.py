"""What the language server says of a note, from the model and the check's diagnostics.

Nothing here judges a relationship: whether someone is overdue, whom an ambiguous link could mean
and how a problem is fixed are the model's and the rules' (the fixes are `check --fix`'s very
edits). This module finds what is under the cursor and puts it in the editor's terms. Positions
are vaultkit's: 1-based lines and code-point columns (see positions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

from vaultkit.diagnostics import Diagnostic, Edit
from vaultkit.note import MARKDOWN, WIKI
from vaultkit.people import spellings
from vaultkit.rules._common import days, describe
from vaultkit.rules.vk403 import link_target
from vaultkit.text import fold_accents, fold_name

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault
    from vaultkit.note import Link

FIX_ALL = "source.fixAll.vaultkit"
LOG = "refactor.log.vaultkit"  # "log an interaction today", on a person's link or in their note
RELATIONSHIP = ("VK101", "VK103", "VK104", "VK106", "VK107", "VK108", "VK109")  # what is due, said on the person
LATE = ("VK101", "VK106")  # of those, what is overdue: the contact, a follow-up
MOST_COMPLETIONS = 100
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")  # a word of a name: `Núñez`, `O'Brien`, `Jean-Luc`
_LONGEST_NAME = 5  # words


@dataclass
class Target:
    """What the cursor is on: a link (with the people it mentions or may mean), or a name."""

    people: list[Person]
    link: Link | None = None
    ambiguous: bool = False  # the link, or the name, could mean any of `people`
    note: str | None = None  # the note a link opens when it is no person's


def link_at(vault: Vault, path: str, line: int, column: int) -> Link | None:
    """The link of the note at `path` that spans (line, column), its brackets included."""
    note = vault.notes.get(path)
    if note is None:
        return None
    for link in note.links:
        if link.line == line and link.column <= column <= link.end_column:
            if column == link.end_column and not link.embed and column > link.column:
                continue  # just past it: the next word
            return link
    return None


def target_at(vault: Vault, path: str, line: int, column: int, line_text: str) -> Target | None:
    """The people at (line, column) of the note at `path`: those a link there mentions, else a
    person's name or alias written there in plain text (the longest that names someone)."""
    link = link_at(vault, path, line, column)
    if link is not None:
        mention = vault.mention(link, path)
        if mention is not None:
            return Target([mention.person], link)
        could = list(vault.ambiguous(link, path))
        if could:
            return Target(could, link, ambiguous=True)
        resolution = vault.resolve(link, path)
        if resolution.path is not None:
            people = [vault.person_at[p] for p in resolution.candidates if p in vault.person_at]
            return Target(people, link, ambiguous=len(resolution.candidates) > 1, note=resolution.path)
        return None
    found = name_at(vault, line_text, column)
    if found:
        return Target(found, ambiguous=len(found) > 1)
    return None


def name_at(vault: Vault, line_text: str, column: int) -> list[Person]:
    """The people a name in plain text at `column` (1-based) of `line_text` names: the longest run
    of words around it that is someone's name or alias."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(line_text)]
    here = next((i for i, (start, end) in enumerate(words) if start < column <= end + 1), None)
    if here is None:
        return []
    best: list[Person] = []
    best_size = 0
    for first in range(max(0, here - _LONGEST_NAME + 1), here + 1):
        for last in range(here, min(len(words), first + _LONGEST_NAME)):
            size = last - first + 1
            if size <= best_size:
                continue
            text = line_text[words[first][0] : words[last][1]]
            if not any(char.isupper() for char in text) and size == 1:
                continue  # a lower-case word is a word, not a name ("ana" in Portuguese, "will")
            people = vault.people_named(text)
            if people:
                best, best_size = people, size
    return best


# -- hover ----------------------------------------------------------------------------------------


def hover(vault: Vault, diagnostics: Sequence[Diagnostic], target: Target) -> str:
    """The hover of a target, in Markdown: a card per person (roles, level, company, last
    interaction and its source, cadence, when they are due, what is overdue)."""
    if target.ambiguous and target.people:
        names = ", ".join(f"**{p.name}** ({p.path})" for p in target.people)
        head = f"{written(target)} could be {names}: vaultkit counts it for nobody until it says whom."
        return "\n\n---\n\n".join([head, *(card(vault, diagnostics, p) for p in target.people)])
    if not target.people:
        return f"{written(target)} opens {target.note}" if target.note else ""
    return card(vault, diagnostics, target.people[0])


def written(target: Target) -> str:
    if target.link is None:
        return "This name"
    link = target.link
    return f"`[{link.display or link.target}]`" if link.kind == MARKDOWN else f"`[[{link.target}{link.subpath}]]`"


def card(vault: Vault, diagnostics: Sequence[Diagnostic], person: Person) -> str:
    today = vault.today
    fields = person.fields
    lines = [f"### {_md(person.name)}"]
    about = [", ".join(person.roles) or "no role", person.level or "no level"]
    job = " at ".join(_md(x) for x in (fields.title, fields.company) if x)
    if job:
        about.append(job)
    if not person.active:
        about.append(f"status: {fields.status}")
    lines.append(" · ".join(about))
    if fields.aliases:
        lines.append(f"Also: {', '.join(_md(a) for a in fields.aliases)}")
    last = person.last_interaction
    if last is not None:
        ago = (today - last.date).days
        where = describe(last, person.path)
        where = where if where.startswith(str(last.date)) else f"{last.date} in {where}"
        lines.append(f"**Last interaction** {where} ({_ago(ago)})")
    elif fields.met:
        lines.append(f"**Met** {fields.met}; no interaction recorded since")
    else:
        lines.append("**Last interaction** none recorded")
    cadence = person.cadence
    if cadence is not None and cadence.never:
        lines.append(f"**Cadence** never ({person.cadence_source})")
    elif cadence is not None:
        due = person.due
        when = ""
        if due is not None:
            late = person.overdue_days(today) or 0
            when = (
                f" · overdue by {days(late)} (due {due})" if late else f" · due {due} (in {days((due - today).days)})"
            )
        lines.append(f"**Cadence** {cadence.text} ({person.cadence_source}){when}")
    if person.snoozed(today):
        lines.append(f"Snoozed until {fields.snooze_until}")
    said = overdue(vault, diagnostics, person)
    for heading, codes in (("**Overdue**", LATE), ("**Also**", None)):
        shown = [d for d in said if (d.code in LATE) == (codes is not None)]
        if shown:
            lines.append(heading)
            lines.extend(f"- {d.code}: {_md(d.message)} ({d.path}:{d.line})" for d in shown)
    lines.append(f"[{person.path}]")
    return "\n\n".join(lines)


def overdue(vault: Vault, diagnostics: Sequence[Diagnostic], person: Person) -> list[Diagnostic]:
    """The check's diagnostics of what is due with this person: those on their note (neglected,
    overdue follow-ups, no cadence for a mentor...), and overdue follow-ups elsewhere that
    mention them (VK106 names the task's person)."""
    found = []
    for d in diagnostics:
        if d.code not in RELATIONSHIP:
            continue
        elsewhere = d.path != person.path
        if not elsewhere or (d.code == "VK106" and any(p is person for p in _people_on_line(vault, d.path, d.line))):
            found.append(d)
    return found


def _people_on_line(vault: Vault, path: str, line: int) -> Iterable[Person]:
    note = vault.notes.get(path)
    if note is None:
        return
    for link in note.links:
        if link.line == line:
            mention = vault.mention(link, path)
            if mention is not None:
                yield mention.person
            else:
                yield from vault.ambiguous(link, path)


def _ago(n: int) -> str:
    return "today" if n == 0 else f"{days(n)} ago" if n > 0 else f"in {days(-n)}"


def _md(text: str) -> str:
    """Note text in a Markdown hover, shown as written rather than obeyed."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text.replace("\n", " "))


# -- completion -----------------------------------------------------------------------------------


@dataclass
class Completion:
    label: str
    insert: str  # what goes between `[[` and `]]`
    detail: str
    sort: str
    kind: str  # "person", "alias", "plan", "section"
    filter: str = ""
    documentation: str = ""


@dataclass
class Completing:
    """Inside `[[`, before the cursor: where the typed target starts (code points in the line)."""

    start: int
    typed: str
    table: bool  # in a table row, where a link's `|` is written `\\|`
    closed: bool  # `]]` follows the cursor already (an editor's auto-pairs)
    items: list[Completion] = field(default_factory=list)
    complete: bool = True


def completing(line_text: str, column: int) -> Completing | None:
    """Whether the cursor (0-based code points into `line_text`) is in a link's target being
    typed: after `[[` (or `![[`), before any `|` or `]]`."""
    before = line_text[:column]
    opened = before.rfind("[[")
    if opened < 0 or "]]" in before[opened:]:
        return None
    typed = before[opened + 2 :]
    if "|" in typed.replace("\\|", "") or "|" in typed:
        return None  # the display text: anything goes
    table = line_text.lstrip().startswith("|")
    return Completing(opened + 2, typed, table, line_text[column:].startswith("]]"))


def completions(vault: Vault, context: Completing, neglected: Collection[str] | None = None) -> Completing:
    """People by name and alias, most due first, and the plan's sections; after `Plan#`, that
    plan's headings. At most MOST_COMPLETIONS, the best of those the typed text matches.

    `neglected`: the notes of the people the check calls overdue (VK101), whose order comes first;
    someone whose VK101 the owner suppressed is not overdue here either. None: VK101 is not run,
    and the dates alone say who is overdue."""
    typed = context.typed
    if "#" in typed:
        context.items = _headings(vault, typed)
        return context
    wanted = fold_accents(typed).split()  # `nunez` finds Ana Núñez, as `vaultkit log` does
    found: list[Completion] = []
    bar = "\\|" if context.table else "|"
    for person in vault.people:
        target = link_target(vault, person)
        late = neglected is None or person.path in neglected
        sort = _rank(person, vault.today, late)
        detail = _detail(person, vault.today, late)
        names = [(person.name, "person"), *((alias, "alias") for alias in person.fields.aliases)]
        for label, kind in names:
            by_file = kind == "person" and _matches(fold_accents(target), wanted)
            if wanted and not _matches(fold_accents(label), wanted) and not by_file:
                continue
            if kind == "person" and fold_name(label) == fold_name(target.rsplit("/", 1)[-1]):
                insert = target
            else:
                insert = f"{target}{bar}{label}"
            extra = "" if kind == "person" else f" → {person.name}"
            shown = label if label.isascii() else f"{label} {fold_accents(label)}"  # for the editor's own filter
            found.append(Completion(label, insert, detail + extra, f"{sort}{fold_name(label)}", kind, shown))
    found.extend(_plan_items(vault, wanted))
    found.sort(key=lambda c: c.sort)
    context.complete = len(found) <= MOST_COMPLETIONS
    context.items = found[:MOST_COMPLETIONS]
    return context


def _matches(folded: str, wanted: list[str]) -> bool:
    """Each typed word begins a word of the name, or the whole typed text is in it."""
    words = folded.split()
    return all(any(w.startswith(part) for w in words) for part in wanted) or " ".join(wanted) in folded


def _rank(person: Person, today: date, overdue: bool = True) -> str:
    """Most overdue first, then the soonest due, then those with no due date (or overdue only by
    the dates, when the check says they are not: suppressed); not active last."""
    if not person.active:
        return "4"
    if person.snoozed(today):
        return "3"
    due = person.due
    if due is None:
        return "2"
    late = (today - due).days
    if late > 0:
        return f"0{99999 - min(late, 99999):05d}" if overdue else "2"
    return f"1{min(-late, 99999):05d}"


def _detail(person: Person, today: date, overdue: bool = True) -> str:
    parts = [", ".join(person.roles) or person.level or ""]
    late = person.overdue_days(today) if overdue else 0
    if late:
        parts.append(f"overdue {days(late)}")
    elif person.due is not None:
        parts.append(f"due {person.due}")
    if person.fields.company:
        parts.append(person.fields.company)
    if not person.active:
        parts.append(person.fields.status)
    elif person.snoozed(today):
        parts.append(f"snoozed until {person.fields.snooze_until}")
    return " · ".join(p for p in parts if p)


def _plan_items(vault: Vault, wanted: list[str]) -> list[Completion]:
    """This quarter's plan and its sections (`2026-Q4#Senior`), after the people."""
    quarter = vault.quarter
    plan = vault.plan_for(quarter)
    if plan is None:
        return []
    stem = plan.path.rsplit("/", 1)[-1][:-3]
    items = []
    if not wanted or _matches(fold_accents(stem), wanted):
        items.append(Completion(stem, stem, f"the {quarter.name} plan", f"5{stem}", "plan", stem))
    note = vault.notes.get(plan.path)
    for heading in note.headings if note is not None else ():
        if heading.level == 1 or heading.level > 3:  # the title, or a detail: not a section
            continue
        label = f"{stem}#{heading.text}"
        if wanted and not _matches(fold_accents(label), wanted):
            continue
        items.append(
            Completion(label, label, f"a section of the {quarter.name} plan", f"6{heading.line:06d}", "section", label)
        )
    return items


def _headings(vault: Vault, typed: str) -> list[Completion]:
    """After `[[Note#`: that note's headings (a plan's sections first among them, as written)."""
    name, _, part = typed.partition("#")
    resolution = vault.resolver.resolve_target(name, WIKI, "")
    note = vault.notes.get(resolution.path) if resolution.path else None
    if note is None:
        return []
    wanted = fold_name(part)
    return [
        Completion(
            heading.text,
            f"{name}#{heading.text}",
            f"heading of {resolution.path}",
            f"{i:06d}",
            "section",
            f"{name}#{heading.text}",
        )
        for i, heading in enumerate(note.headings)
        if not wanted or wanted in fold_name(heading.text)
    ][:MOST_COMPLETIONS]


# -- go to definition, find references --------------------------------------------------------------


def definitions(target: Target) -> list[str]:
    """The notes a target opens: the person's (every candidate's, for an ambiguous one)."""
    if target.people:
        return [p.path for p in target.people]
    return [target.note] if target.note else []


def references(vault: Vault, person: Person) -> list[tuple[str, Link]]:
    """Every link in the vault that mentions `person`, by note: the notes that look up one of
    their names are asked of the index, and only those are read."""
    names = set(spellings(vault.who.get(person.path))) | {fold_name(person.stem)}
    facts = vault.all_facts
    found = []
    for path in sorted(facts.linking(names, facts)):
        note = vault.notes.get(path)
        if note is None:
            continue
        for link in note.links:
            mention = vault.mention(link, path)
            if mention is not None and mention.person is person:
                found.append((path, link))
    return found


# -- code actions ---------------------------------------------------------------------------------


@dataclass
class Action:
    title: str
    kind: str  # "quickfix" or FIX_ALL
    diagnostics: list[Diagnostic]
    edits: dict[str, list[Edit]]  # by path: `check --fix`'s own edits
    preferred: bool = False


def actions(
    vault: Vault, diagnostics: Sequence[Diagnostic], path: str, start: tuple[int, int], end: tuple[int, int]
) -> list[Action]:
    """The actions for the diagnostics of the note at `path` that touch the span (vaultkit's
    positions): each fix as `check --fix` would write it, one action per candidate of a VK403,
    and every fix of the note at once (`source.fixAll.vaultkit`), as `check --fix` would apply them."""
    found: list[Action] = []
    mine = [d for d in diagnostics if d.path == path]
    for d in mine:
        if not _touches(d, start, end):
            continue
        if d.fix is not None:
            found.append(Action(d.fix.description, "quickfix", [d], _by_path(d.fix.edits), preferred=True))
        elif d.code == "VK403":
            found.extend(_candidates(vault, d))
    fixable = [d for d in mine if d.fix is not None]
    if fixable:
        from vaultkit.check import edits_by_path

        edits = edits_by_path(fixable)
        found.append(Action(f"Fix all vaultkit problems in this note ({len(fixable)})", FIX_ALL, fixable, edits))
    return found


def _touches(d: Diagnostic, start: tuple[int, int], end: tuple[int, int]) -> bool:
    return (d.line, d.column) <= end and start <= (d.end_line, d.end_column)


def _by_path(edits: Iterable[Edit]) -> dict[str, list[Edit]]:
    out: dict[str, list[Edit]] = {}
    for edit in edits:
        out.setdefault(edit.path, []).append(edit)
    return out


def _candidates(vault: Vault, d: Diagnostic) -> list[Action]:
    """VK403: one action per person (or note) the link could mean; only the owner knows which."""
    link = link_at(vault, d.path, d.line, d.column)
    if link is None:
        return []
    people = vault.ambiguous(link, d.path)
    if people:
        targets = [(link_target(vault, p), p.name) for p in people]
    else:
        candidates = vault.resolve(link, d.path).candidates
        targets = [(c[:-3] if c.lower().endswith(".md") else c, c) for c in candidates]
    found = []
    for target, name in targets:
        text = _relinked(link, target)
        edit = Edit(d.path, link.line, link.column, link.line, link.end_column, text)
        found.append(Action(f"Mean {name}: {text}", "quickfix", [d], {d.path: [edit]}))
    return found


def _relinked(link: Link, target: str) -> str:
    """The link written to name `target`, showing what it showed."""
    shown = link.display if link.display is not None else link.target
    if link.kind == MARKDOWN:
        return f"[{shown}]({quote(target + '.md', safe='/')}{link.subpath})"
    bar = "\\|" if link.table else "|"
    bang = "!" if link.embed else ""
    return f"{bang}[[{target}{link.subpath}{bar}{shown}]]"


def log_actions(vault: Vault, people: Sequence[Person], text_of: Callable[[str], str]) -> list[Action]:
    """ "Log an interaction with X today": the entry `vaultkit log` would write into each person's
    note (`text_of` gives it as the editor holds it), as edits; none where the note cannot take one
    cleanly (its frontmatter broken, say: `log` would refuse too)."""
    from vaultkit.errors import RefusedError, UserError
    from vaultkit.log import log_edits

    found = []
    for person in people:
        try:
            edits = log_edits(vault, person, text_of(person.path), vault.today, "")
        except (RefusedError, UserError):
            continue
        if edits:
            title = f"Log an interaction with {person.name} today ({vault.today})"
            found.append(Action(title, LOG, [], _by_path(edits)))
    return found
