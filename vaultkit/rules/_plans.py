"""A plan's tasks with their words: what VK304 and `vaultkit plan` compare to carry a task over.

A task is carried to the next quarter when that plan has one with the same text, its checkbox,
its spacing and a `(from 2026-Q3)` suffix aside. The parsed note keeps each task's words
(`Item.text`), so this reads no file: an editor's unsaved plan is compared as it stands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.note import SUGGESTED, TASK_FIELD, Item

if TYPE_CHECKING:
    from vaultkit.model import Vault

_FROM = re.compile(r"[ \t]*\(from (\d{4}-Q[1-4])\)")
# What must stay at the end of a task for the Obsidian Tasks plugin to read it: its fields
# (📅 2026-11-01, priorities, `due:: 2026-11-01`) and a block id (^abc).
_FIELDS = re.compile(r"(?:[ \t]+(?:" + TASK_FIELD + r"|\^[A-Za-z0-9-]+))+[ \t]*$")


class PlanTask(NamedTuple):
    item: Item
    text: str  # as written after the checkbox, without its `(from …)` suffixes
    origin: str | None  # the quarter its `(from …)` suffix names (the first of stacked ones)

    @property
    def key(self) -> str:
        """What carrying compares: the text with its spacing ignored."""
        return " ".join(self.text.split())

    @property
    def unfinished(self) -> bool:
        """Still to do: open (not done, cancelled or struck out) and saying something."""
        return self.item.open_task and self.key != ""

    def carried_from(self, quarter: str) -> str:
        """Its words as carried to the next plan, saying where from: the quarter it was first
        planned in, else `quarter`; before the Tasks plugin's fields, which must stay last."""
        text = self.text
        fields = _FIELDS.search(text)
        at = fields.start() if fields else len(text)
        return f"{text[:at]} (from {self.origin or quarter}){text[at:]}"


def plan_tasks(vault: Vault, path: str) -> list[PlanTask]:
    """The owner's tasks in the plan at `path`, in order: every task outside vaultkit's
    `> [!tip] Suggested by vaultkit` callout, which is vaultkit's and not (yet) the owner's."""
    found = []
    for item in vault.notes[path].items:
        if item.status is None or item.quote == SUGGESTED:
            continue
        suffixes = list(_FROM.finditer(item.text))
        text = _FROM.sub("", item.text).rstrip()
        found.append(PlanTask(item, text, suffixes[0][1] if suffixes else None))
    return found
