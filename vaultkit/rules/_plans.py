"""A plan's tasks with their words: what VK304 and `vaultkit plan` compare to carry a task over.

A task is carried to the next quarter when that plan has one with the same text, its checkbox,
its spacing and a `(from 2026-Q3)` suffix aside. The parsed note keeps where each task is, not
what it says, so the words are read here from the plan note itself: one or two small files, read
only when a plan rule or the command asks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.note import SUGGESTED, Item

if TYPE_CHECKING:
    from vaultkit.model import Vault

_TASK = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+\[(.)\][ \t]*(.*)")
_FROM = re.compile(r"[ \t]*\(from (\d{4}-Q[1-4])\)")
# What must stay at the end of a task for the Obsidian Tasks plugin to read it: its dates
# (📅 2026-11-01), priorities, a block id (^abc), and vaultkit's `due:: 2026-11-01`.
_FIELDS = re.compile(
    r"(?:[ \t]+(?:[📅⏳🛫➕✅❌]\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}|[⏫🔼🔽🔺⏬]\ufe0f?|\^[A-Za-z0-9-]+"
    r"|\[due::[ \t]*\d{4}-\d{2}-\d{2}\]|due::[ \t]*\d{4}-\d{2}-\d{2}))+[ \t]*$"
)


class PlanTask(NamedTuple):
    item: Item
    text: str | None  # as written after the checkbox, without its `(from …)` suffixes; None: unknown
    origin: str | None  # the quarter its `(from …)` suffix names (the first of stacked ones)

    @property
    def key(self) -> str | None:
        """What carrying compares: the text with its spacing ignored."""
        return None if self.text is None else " ".join(self.text.split())

    @property
    def unfinished(self) -> bool:
        """Still to do: open (not done, cancelled or struck out) and saying something. A task
        whose words could not be read counts: nobody can tell that it was done."""
        return self.item.open_task and self.key != ""

    def carried_from(self, quarter: str) -> str:
        """Its words as carried to the next plan, saying where from: the quarter it was first
        planned in, else `quarter`; before the Tasks plugin's fields, which must stay last."""
        text = self.text or ""
        fields = _FIELDS.search(text)
        at = fields.start() if fields else len(text)
        return f"{text[:at]} (from {self.origin or quarter}){text[at:]}"


def plan_tasks(root: Path, vault: Vault, path: str) -> list[PlanTask]:
    """The owner's tasks in the plan at `path`, in order: every task outside vaultkit's
    `> [!tip] Suggested by vaultkit` callout, which is vaultkit's and not (yet) the owner's."""
    lines = _lines(root / path)
    found = []
    for item in vault.notes[path].items:
        if item.status is None or item.quote == SUGGESTED:
            continue
        text = origin = None
        line = lines[item.line - 1] if item.line <= len(lines) else ""
        m = _TASK.match(line, item.column - 1)
        if m is not None and m[1] == item.status:  # else the file changed since it was read
            suffixes = list(_FROM.finditer(m[2]))
            text = _FROM.sub("", m[2]).rstrip()
            origin = suffixes[0][1] if suffixes else None
        found.append(PlanTask(item, text, origin))
    return found


def _lines(path: Path) -> list[str]:
    """The note's lines as the reader numbers them (only `\\n` ends a line); none if unreadable."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.removesuffix("\r") for line in text.split("\n")]
