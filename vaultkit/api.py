"""The Python API: what the CLI uses, for scripts and notebooks.

>>> import vaultkit
>>> vault = vaultkit.open_vault("sample-vault", today=date(2026, 9, 24))
>>> [p.name for p in vault.people if p.is_overdue(vault.today)]
>>> for d in vault.check(select=["VK1"]): print(d.path, d.message)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.dates import resolve_today
from vaultkit.diagnostics import Diagnostic
from vaultkit.engine import Workspace
from vaultkit.facts import FactsView
from vaultkit.model import Person, Plan
from vaultkit.model import Vault as Model

if TYPE_CHECKING:
    from vaultkit.report import Report


class Vault:
    """A vault read on one day: its people, plans and notes, and the rules run over them."""

    def __init__(self, workspace: Workspace, model: Model) -> None:
        self.workspace = workspace
        self.model = model

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def today(self) -> date:
        return self.model.today

    @property
    def people(self) -> list[Person]:
        return self.model.people

    @property
    def plans(self) -> dict[str, Plan]:
        return self.model.plans

    def check(self, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[Diagnostic]:
        from vaultkit.lint import run, select_rules

        return run(self.model, select_rules(self.workspace.config, select, ignore))

    def report(self, quarter: str | None = None) -> Report:
        from vaultkit.report import build_report

        return build_report(self.model, quarter)

    def __repr__(self) -> str:
        return f"<vaultkit.Vault {self.root} on {self.today}: {len(self.people)} people>"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def open_vault(path: str | Path, today: date | None = None, config: str | Path | None = None) -> Vault:
    """Index the vault at `path` (incrementally) and build its model for `today`."""
    workspace = Workspace(path, config)
    loaded = workspace.load(today or resolve_today(None))
    # Decoded now, and the facts' bodies read now: the index closes below.
    loaded.vault.notes = dict(loaded.vault.notes.items())
    loaded.vault.facts = loaded.vault.all_facts = FactsView.of(dict(loaded.vault.all_facts.items()))
    workspace.close()
    return Vault(workspace, loaded.vault)
