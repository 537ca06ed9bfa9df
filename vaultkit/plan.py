"""`vaultkit plan`: write the quarter's networking plan, pre-filled with what needs doing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from vaultkit.dates import Quarter
from vaultkit.errors import RefusedError
from vaultkit.model import PLAN_KINDS, Person, Vault
from vaultkit.text import fold_name
from vaultkit.writer import atomic_write, inside

QUESTIONS = {
    "senior": "Who could guide you, or speak for your work where decisions are made? Which mentor or "
    "sponsor have you not seen lately?",
    "peer": "Which peers do you learn from, and whom could you help this quarter?",
    "junior": "Whom could you help grow? Whose work could you make visible?",
    "new": "Whom do you want to meet: another team, another company, another level?",
}
NICE = {"Senior": "Senior", "Peer": "Peers", "Junior": "Juniors", "New connection": "New connections"}
LIMIT = 5  # suggestions per section: a plan, not a to-do dump


def write_plan(root: Path, vault: Vault, quarter: Quarter) -> str:
    """Create the plan note and return its path; refuse when one exists for the quarter."""
    existing = vault.plan_for(quarter)
    if existing is not None:
        raise RefusedError(f"{existing.path}: the {quarter} plan exists already; nothing written")
    path = vault.plan_path(quarter)
    target = inside(root, path)
    if target.exists():
        raise RefusedError(f"{path}: exists already; nothing written")
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, render_plan(root, vault, quarter).encode("utf-8"))
    return path


def render_plan(root: Path, vault: Vault, quarter: Quarter) -> str:
    carried = _carried_over(root, vault, quarter)
    lines = ["---", "type: plan", f"quarter: {quarter}", "---", f"# Networking plan {quarter}", ""]
    lines.append(
        f"{quarter.first_day:%d %B %Y} to {quarter.last_day:%d %B %Y}. Keep old relationships warm, make new "
        "ones at every level, and ask what you can give, not only what you need."
    )
    for kind in PLAN_KINDS:
        heading = vault.config.headings[kind][0]
        lines += ["", f"## {NICE.get(heading, heading)}", f"> {QUESTIONS[kind]}", ""]
        tasks = _suggestions(vault, kind) + carried.get(kind, [])
        lines += tasks or ["- [ ] "]
    return "\n".join(lines) + "\n"


def _link(vault: Vault, person: Person) -> str:
    unique = vault.resolver.by_name.get(fold_name(person.stem)) in ([person.path], None)
    target = person.stem if unique else person.path[:-3]
    return f"[[{target}]]" if target == person.name else f"[[{target}|{person.name}]]"


def _why(vault: Vault, person: Person) -> str:
    last = person.last_interaction
    since = f"last contact {last.date}" if last else "no contact recorded"
    cadence = f", cadence {person.cadence.text}" if person.cadence else ""
    roles = f"{', '.join(person.roles)}; " if person.roles else ""
    return f"({roles}{since}{cadence})"


def _suggestions(vault: Vault, kind: str) -> list[str]:
    today = vault.today
    active = [p for p in vault.active_people if not p.snoozed(today)]
    if kind == "new":
        window = today - timedelta(days=90)
        met = sum(1 for p in vault.people if p.fields.met and window < p.fields.met <= today)
        return [f"- [ ] meet two new people (you met {met} in the last 90 days)"]
    if kind == "senior":
        people = [p for p in active if p.level == "senior" or {"mentor", "sponsor"} & set(p.roles)]
    else:
        people = [p for p in active if p.level == kind]

    def urgency(p: Person) -> tuple[float, str]:
        """As the report ranks them: days since the last contact ÷ the cadence, most first."""
        since = p.since or today
        return (-(today - since).days / (p.cadence_days(today) or 1), p.name)

    overdue = sorted((p for p in people if p.is_overdue(today)), key=urgency)
    tasks = [f"- [ ] reach out to {_link(vault, p)} {_why(vault, p)}" for p in overdue[:LIMIT]]
    if kind == "senior":
        for role in ("mentor", "sponsor"):
            if not any(role in p.roles for p in active):
                tasks.append(f"- [ ] find a {role}: who could you ask?")
    if not people:
        tasks.append(f"- [ ] get to know someone {'senior to you' if kind == 'senior' else kind}")
    return tasks


def _carried_over(root: Path, vault: Vault, quarter: Quarter) -> dict[str, list[str]]:
    """The previous quarter's open tasks, by the section they stood in."""
    previous = vault.plan_for(quarter.shifted(-1))
    if previous is None:
        return {}
    try:
        lines = inside(root, previous.path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    carried: dict[str, list[str]] = {}
    for item in vault.notes[previous.path].items:
        if not item.open_task or item.line > len(lines):
            continue
        kind = next((k for k, s in previous.sections.items() if s.heading.line < item.line <= s.end_line), "new")
        text = lines[item.line - 1].strip()
        carried.setdefault(kind, []).append(f"{text} (from {previous.quarter})")
    return carried
