"""The Python API: what the CLI uses, for scripts and notebooks (docs/api.md).

Who is overdue is whom `vaultkit check` reports as VK101: active, not snoozed, not suppressed
(a person's own `is_overdue` also counts the paused, the gone, the snoozed and the silenced):

>>> from datetime import date
>>> import vaultkit
>>> vault = vaultkit.open_vault("sample-vault", today=date(2026, 9, 24))
>>> for d in vault.check(select=["VK101"])[:2]:
...     print(vault.person_at[d.path].name, "-", d.message)
Irene Kowalski - no contact for 203 days (cadence 3m; last: 2026-03-05 in the log, line 18)
Ana Núñez - no contact for 157 days (cadence 3m; last: 2026-04-20 in the log, line 20)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.dates import resolve_today
from vaultkit.diagnostics import Diagnostic
from vaultkit.engine.facts import FactsView
from vaultkit.engine.workspace import Workspace
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
        """What `vaultkit check` reports: the config's selection, unless `select` and `ignore`
        (codes or prefixes, as `--select` and `--ignore` take them) say otherwise."""
        from vaultkit.lint import run, select_rules

        return run(self.model, select_rules(self.workspace.config, select, ignore))

    def report(self, quarter: str | None = None) -> Report:
        """Every figure of `vaultkit report`, for the current quarter or the one named ("2026-Q2")."""
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
