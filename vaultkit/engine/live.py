"""A vault kept live in memory by a long-running process: the watcher, the language server.

`Live.refresh(paths)` takes what changed (vault-relative paths of files or folders, as a watcher's
hints) and goes through the same `Workspace.load` and `Workspace.lint` as a check, which start from
the state this process holds rather than from the index: the walk is brought up to date for those
paths alone, only the notes whose stat changed are read, each note's facts are patched in place,
the people state and the units are re-derived only where a change reaches (see units, and
`Vault._people_again`). A change of the config, or of the Obsidian settings the layout is read
from, starts over with a new workspace.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from vaultkit.config import CONFIG_NAMES
from vaultkit.dates import resolve_today
from vaultkit.diagnostics import SORT_KEY, Diagnostic
from vaultkit.engine.store import Progress
from vaultkit.engine.units import Units
from vaultkit.engine.workspace import Loaded, Workspace
from vaultkit.lint import Selection, check_purpose, select_rules

if TYPE_CHECKING:
    from vaultkit.report import Report


def changed(before: Units | None, after: Units) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The diagnostics of the units that differ between two refreshes, before and after: all that
    can have changed, without looking at the thousands of units an edit did not reach."""
    if before is None:
        return [], after.diagnostics()
    old: list[Diagnostic] = []
    new: list[Diagnostic] = []
    for was_units, now_units in ((before.notes, after.notes), (before.people, after.people)):
        for path in was_units.keys() | now_units.keys():
            was, now = was_units.get(path), now_units.get(path)
            if was is not now:
                old.extend(was or ())
                new.extend(now or ())
    if before.vault != after.vault:
        old.extend(before.vault)
        new.extend(after.vault)
    return old, new


HISTORY = ".git/HEAD"  # the hint that the vault's git history moved (see vaultkit.watch.is_history)


def settings_changed(paths: Iterable[str]) -> bool:
    """Whether one of `paths` (vault-relative) is read as settings, not as a note: vaultkit's
    config, or the Obsidian settings the layout comes from (templates, daily notes, ignored files)."""
    for path in paths:
        if path in CONFIG_NAMES or path == "pyproject.toml" or os.path.isabs(path):  # `--config` outside
            return True
        if path == ".obsidian" or (path.startswith(".obsidian/") and path.endswith(".json")):
            return True
    return False


class Live:
    """A workspace that lives on: `refresh` after each change, `close` at the end."""

    def __init__(
        self,
        vault: str | None = None,
        config: str | None = None,
        today: str | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self.vault_option, self.config_option, self.today_option = vault, config, today
        self.select, self.ignore = tuple(select), tuple(ignore)
        self.workspace, self.selection = self._open()
        self.workspace.index.live = True
        self.today: date = resolve_today(today)
        self.loaded: Loaded | None = None
        self.units: Units | None = None
        self._diagnostics: list[Diagnostic] | None = None

    def _open(self) -> tuple[Workspace, Selection]:
        # Once found, the vault is that folder: a config deleted must not make a folder above it
        # the vault (its watcher watches this one).
        earlier: Workspace | None = getattr(self, "workspace", None)
        workspace = Workspace(str(earlier.root) if earlier else self.vault_option, self.config_option)
        if earlier is not None:
            workspace.marked = earlier.marked  # and its index where it was
            for path, data in earlier._edited.items():  # the editor's unsaved notes stay its own
                workspace.edited(path, data)
        try:
            selection = select_rules(workspace.config, self.select, self.ignore)
        except BaseException:
            workspace.close()
            raise
        return workspace, selection  # its index not opened yet (see `refresh`)

    @property
    def pinned(self) -> bool:
        """Whether today is given (`--today`, VAULTKIT_TODAY) rather than the clock's."""
        return bool((self.today_option or "").strip() or os.environ.get("VAULTKIT_TODAY", "").strip())

    def refresh(self, paths: Iterable[str] | None = None, progress: Progress | None = None) -> Units:
        """The units after the changes at `paths` (None: anything may have changed: walk the whole
        vault again), on today's date as it is now. A unit that did not run again is the very list
        it was (see `changed`)."""
        touched = None if paths is None else sorted(set(paths))
        if touched is not None and HISTORY in touched:
            self.workspace.forget_history()  # read again from the last commit read: the new ones only
            touched.remove(HISTORY)
        if touched is not None and settings_changed(touched):
            reopened = self._open()  # a UserError here (a broken config) leaves the old one running
            # The old index closed before the new one opens: closing a file SQLite has open in
            # this process would drop the locks of the other connection (POSIX locks are the
            # process's), and another command's writes could tear it.
            self.workspace.close()
            self.workspace, self.selection = reopened
            self.workspace.index.live = True
            touched = None
        workspace = self.workspace
        if touched is None:
            workspace.forget_scan()
        else:
            workspace.rescan(touched)
        self.today = resolve_today(self.today_option)
        self.loaded = workspace.load(self.today, progress=progress)
        self.units = workspace.lint(self.loaded, self.selection)
        self._diagnostics = None
        return self.units

    def stored(self) -> Units | None:
        """The units of the last check of the vault as it is on disk now, with these rules, as
        stored in the index (by `vaultkit check`, or by `keep` of another live workspace); None
        when there are none, or any file changed since. Worth it before the first `refresh` of a
        large vault: a walk and a read of the index, where the first refresh builds the model."""
        purpose = self._purpose()
        found = self.workspace.stored_result(resolve_today(self.today_option), purpose)
        return self.workspace.stored_units(found.decode()) if found is not None else None

    def keep(self) -> None:
        """Store, for `stored` (and `vaultkit check`) to find, which units the vault on disk has:
        only while no note is read from an editor's text (`Workspace.edited`)."""
        if self.units is not None and not self.workspace.editing:
            stamp = self.workspace.lint_stamp.encode()
            self.workspace.cached(self.today, self._purpose(), lambda: stamp)

    def _purpose(self) -> str:
        return check_purpose(self.selection)

    def edited(self, path: str, data: bytes | None) -> Units:
        """The units after the note at `path` is read as `data`, an editor's unsaved text (None:
        as its file again, once the editor closes it): see `Workspace.edited`."""
        self.workspace.edited(path, data)
        return self.refresh([path])

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, sorted, as `vaultkit check` gives them (worked out when asked for)."""
        if self._diagnostics is None:
            self._diagnostics = self.units.diagnostics() if self.units is not None else []
        return self._diagnostics

    def report(self) -> Report:
        """The report of the vault as the last `refresh` left it, with its Problems section: the
        report's rules through the same units as the check's, kept apart (see Workspace.lint)."""
        from vaultkit.report import build_report
        from vaultkit.report.build import report_selection

        assert self.loaded is not None, "refresh first"
        selection = report_selection(self.workspace.config)[0]
        # The report's rules that check's selection runs too are check's diagnostics (the same
        # options and suppressions): only the others run as units of their own (VK101 and VK106,
        # when the owner ignores them), and no second state of every note is kept.
        ours = {rule.code for rule in self.selection.rules}
        wanted = {rule.code for rule in selection.rules}
        found = [d for d in self.diagnostics if d.code in wanted]
        rest = tuple(rule for rule in selection.rules if rule.code not in ours)
        if rest:
            own = dataclasses.replace(selection, rules=rest)
            found = sorted([*found, *self.workspace.lint(self.loaded, own, kind="report").diagnostics()], key=SORT_KEY)
        return build_report(self.loaded.vault, None, problems=self.diagnostics, found=found)

    @property
    def notes(self) -> int:
        return len(self.workspace.scan()[0])

    def close(self) -> None:
        """Store what the next command would otherwise work out again, and let go of the index."""
        try:
            self.workspace.index.keep_facts()
        finally:
            self.workspace.close()
