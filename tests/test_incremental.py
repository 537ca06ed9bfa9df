"""After any edit, an incremental `check` (and `people`) says exactly what a fresh clone would.

`check` keeps each note's and each person's diagnostics, the model keeps who was in touch with
whom, and the index keeps every note's facts, all between runs (see engine.units.run_units, Vault's
people state, Index.facts). These tests edit the sample vault the ways people do and compare,
after every edit, with the same vault copied without its index.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TODAY = "2026-09-24"


def answers(cli: Any, root: Path, *extra: str) -> tuple[Any, Any]:
    check = cli("--vault", str(root), "--today", TODAY, "check", "--format", "json", *extra)
    people = cli("--vault", str(root), "--today", TODAY, "people", "--format", "json")
    assert check.code in (0, 1), check.err
    assert people.code == 0, people.err
    return check.json(), people.json()


def assert_like_a_fresh_clone(cli: Any, root: Path, tmp_path: Path) -> None:
    incremental = answers(cli, root)
    again = answers(cli, root)  # nothing changed: answered from what the first run stored
    copy = tmp_path / f"clone-{time.monotonic_ns()}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".vaultkit"))
    fresh = answers(cli, copy)
    assert incremental == fresh
    assert again == fresh


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    bump(path)


def bump(path: Path) -> None:
    """Move the mtime on, as a later save would (some file systems keep one second)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_000_000_000))


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)
    bump(path)


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    write(root, rel, text.replace(old, new, 1))


def units_ran(root: Path) -> tuple[int, int]:
    """How many note and person units a check of `root` ran (the rest were reused)."""
    from datetime import date

    from vaultkit.engine.workspace import Workspace
    from vaultkit.lint import select_rules

    workspace = Workspace(root)
    try:
        loaded = workspace.load(date.fromisoformat(TODAY))
        return workspace.lint(loaded, select_rules(workspace.config)).ran
    finally:
        workspace.close()


EDITS: dict[str, Callable[[Path], None]] = {
    "a log line dated today": lambda root: append(
        root, "People/Hana Ito.md", f"- {TODAY} lunch, talked promo. #gave\n"
    ),
    "a log line after today": lambda root: append(root, "People/Tom Becker.md", "\n## Log\n- 2026-12-01 call\n"),
    "a new daily note mentioning two people by link and alias": lambda root: write(
        root, "Daily/2026-09-20.md", "- Coffee with [[Hana]] and [[Ravi Menon]]. #asked\n"
    ),
    "a daily note deleted": lambda root: (root / "Daily/2025-10-02.md").unlink(),
    "an alias added": lambda root: replace(
        root, "People/Ravi Menon.md", "name: Ravi Menon", "name: Ravi Menon\naliases: [RM]"
    ),
    "a person renamed (the file moves)": lambda root: (root / "People/Wen Zhao.md").rename(
        root / "People/Wen Zhao Li.md"
    ),
    "a note whose name an unresolved link uses appears": lambda root: write(
        root, "Projects/Hana Itoo.md", "# a project\n"
    ),
    "an attachment appears": lambda root: write(root, "Projects/diagram.png", "not really a png"),
    "a plan task checked": lambda root: replace(root, "Plans/2026-Q3.md", "- [ ] ", "- [x] "),
    "a person has left": lambda root: replace(root, "People/Hana Ito.md", "level: peer", "level: peer\nstatus: left"),
    "a suppression comment": lambda root: append(root, "People/Tom Becker.md", "\n<!-- vaultkit-disable VK1 -->\n"),
    "a meeting moves to another day": lambda root: replace(
        root, "Meetings/2026-04-02 Alder & Finch data export.md", "date: 2026-04-02T15:30", "date: 2026-09-20T15:30"
    ),
    "a mention taken out of a daily note (her last contact)": lambda root: replace(
        root, "Daily/2026-07-29.md", "[[Nadia Haddad]]", "Nadia"
    ),
    "a note becomes a report": lambda root: write(
        root, "Daily/2025-11-07.md", "---\nvaultkit-report: true\n---\n" + (root / "Daily/2025-11-07.md").read_text()
    ),
    "a note saved unchanged": lambda root: bump(root / "People/Ana Núñez.md"),
    "a person note becomes a project": lambda root: replace(
        root, "People/Greg Halvorsen.md", "---\n", "---\ntype: project\n"
    ),
    "the config changes a cadence": lambda root: append(root, "vaultkit.toml", '\n[cadence.roles]\npeer = "2w"\n'),
    "a sync-conflict copy appears": lambda root: write(
        root, "People/Ravi Menon (conflicted copy 2026-09-20).md", "---\nname: Ravi\n---\n## Log\n- 2026-01-10 call\n"
    ),
    "a sync-conflict copy edited (created if missing)": lambda root: write(
        root, "People/Ravi Menon (conflicted copy 2026-09-20).md", "---\nname: Ravi\n---\n## Log\n- 2026-09-23 lunch\n"
    ),
    "a second person takes an alias (links by it credit nobody)": lambda root: replace(
        root, "People/Tom Becker.md", "---\n", "---\naliases: [Hana]\n"
    ),
    "a meeting struck out": lambda root: replace(
        root, "Daily/2026-07-29.md", "[[Nadia Haddad]]", "~~[[Nadia Haddad]]~~"
    ),
    "a dated heading in a log": lambda root: append(root, "People/Wen Zhao.md", "\n## Log\n### 2026-09-21 — dinner\n"),
    "a Dataview field": lambda root: append(root, "People/Tom Becker.md", "\nlast_contact:: 2026-09-22\n"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_one_edit_then_check_is_like_a_fresh_clone(name: str, cli: Any, sample_copy: Path, tmp_path: Path) -> None:
    answers(cli, sample_copy)  # the state every later run starts from
    EDITS[name](sample_copy)
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)


@pytest.mark.parametrize("split", [False, True], ids=["one process", "first checks in two processes"])
def test_many_edits_in_a_row_each_like_a_fresh_clone(
    split: bool, cli: Any, sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seeded random order: each run starts from the state the previous one left. With `split`,
    the first check of the vault and of each clone runs in two processes (see vaultkit.engine.first_run)."""
    if split:
        monkeypatch.setattr("vaultkit.engine.first_run.SPLIT_MIN", 1)
    order = sorted(EDITS)
    random.Random(7).shuffle(order)
    answers(cli, sample_copy)
    for name in order:
        try:
            EDITS[name](sample_copy)
        except (AssertionError, FileNotFoundError):
            continue  # an earlier edit took away what this one changes
        assert_like_a_fresh_clone(cli, sample_copy, tmp_path)


def test_checking_some_paths_then_all_is_like_a_fresh_clone(cli: Any, sample_copy: Path, tmp_path: Path) -> None:
    answers(cli, sample_copy, str(sample_copy / "People"))
    append(sample_copy, "People/Hana Ito.md", f"- {TODAY} lunch\n")
    answers(cli, sample_copy, str(sample_copy / "Daily"), "--select", "VK4")
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)


def test_an_edit_reruns_only_what_it_reaches(sample_copy: Path) -> None:

    def lint() -> tuple[int, int]:
        return units_ran(sample_copy)

    notes, people = lint()
    assert notes > 200 and people > 30  # the first run runs everything
    assert lint() == (0, 0)
    append(sample_copy, "Daily/2026-09-15.md", "\n- Met [[Hana Ito]] again.\n")
    assert lint() == (1, 1)  # the daily note, and the one person it mentions
    write(sample_copy, "Daily/2026-09-20.md", "- Lunch with [[Ravi Menon]].\n")
    assert lint() == (1, 1)  # a new note: itself and whom it mentions (no link named 2026-09-20)
    (sample_copy / "Daily/2026-09-20.md").unlink()
    assert lint() == (0, 1)  # gone: Ravi, whom it mentioned


def test_a_full_check_in_two_processes_says_what_one_process_says(
    cli: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold check of a large vault runs half the note rules in a forked child (units._in_a_child)."""
    import vaultkit.engine.units

    monkeypatch.setattr(vaultkit.engine.units, "PARALLEL_NOTES", 10**9)
    alone = cli("--vault", str(sample_copy), "--today", TODAY, "check", "--format", "json")
    shutil.rmtree(sample_copy / ".vaultkit")
    monkeypatch.setattr(vaultkit.engine.units, "PARALLEL_NOTES", 2)
    forked = cli("--vault", str(sample_copy), "--today", TODAY, "check", "--format", "json")
    assert forked.code == alone.code and forked.err == ""
    assert forked.json() == alone.json() and len(alone.json()) > 40


def test_facts_stored_under_another_config_are_never_used(cli: Any, sample_copy: Path, tmp_path: Path) -> None:
    """A process with another config (or one killed half-way) may leave its facts in the index."""
    import marshal
    import sqlite3

    answers(cli, sample_copy)
    db = sqlite3.connect(sample_copy / ".vaultkit" / "index.sqlite3")
    with db:  # every body now claims another config, and says nothing is logged or mentioned
        db.execute("UPDATE notes SET body = ?", (marshal.dumps(("another config", ((), (), ()))),))
    db.close()
    write(sample_copy, "Daily/2026-09-20.md", "- Coffee with [[Hana Ito]].\n")  # every body is read again
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)


def test_the_python_api_keeps_working_after_the_index_closes(sample_copy: Path) -> None:
    import sqlite3
    from datetime import date

    import vaultkit

    vaultkit.open_vault(sample_copy, today=date.fromisoformat(TODAY))  # an index to keep
    vault = vaultkit.open_vault(sample_copy, today=date.fromisoformat(TODAY))
    facts = vault.facts["Daily/2026-09-15.md"]
    assert facts.kind == "daily" and facts.candidates
    assert vault.notes["Daily/2026-09-15.md"].links
    db = sqlite3.connect(sample_copy / ".vaultkit" / "index.sqlite3")
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] > 200  # not thrown away as "damaged"
    db.close()


def test_index_alone_keeps_the_facts_so_the_next_command_need_not_work_them_out(
    cli: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.engine.facts import FactsMaker
    from vaultkit.engine.workspace import Workspace

    trust_every_stat(monkeypatch)  # so that nothing is read again below
    assert cli("--vault", str(sample_copy), "index").code == 0
    note = sample_copy / "People/Hana Ito.md"
    with open(note, "a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} lunch\n")
    assert cli("--vault", str(sample_copy), "index").code == 0
    worked_out: list[str] = []
    original = FactsMaker.__call__
    monkeypatch.setattr(
        FactsMaker, "__call__", lambda self, path, note: worked_out.append(path) or original(self, path, note)
    )
    workspace = Workspace(sample_copy)
    workspace.update()
    assert len(workspace.index.facts) > 200
    workspace.close()
    assert worked_out == []


def test_the_people_key_depends_on_values_not_on_which_strings_are_shared(sample_copy: Path) -> None:
    """Names read back from the index are interned and shared; parsed afresh, they are not, and
    marshal writes the two differently. The key must not notice: it once did, and the first edit
    after a first check made everything run again."""
    import sys
    from datetime import date

    from vaultkit.engine.workspace import Workspace

    workspace = Workspace(sample_copy)
    vault = workspace.load(date.fromisoformat(TODAY)).vault
    workspace.close()

    def fresh(text: str) -> str:
        return "".join(list(text))  # equal, but another object, not interned

    shared = {
        p.path: p.fields._replace(name=sys.intern(p.name), aliases=(sys.intern(p.name),) * 2) for p in vault.people
    }
    copies = {
        p.path: p.fields._replace(name=fresh(p.name), aliases=(fresh(p.name), fresh(p.name))) for p in vault.people
    }
    assert vault._people_key(shared) == vault._people_key(copies)


def test_a_state_larger_than_sqlite_takes_in_one_value_is_stored_in_parts(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vault with millions of diagnostics has a lint state over SQLite's largest value (a
    billion bytes): it was refused, silently, and every check ran everything again."""
    import sqlite3

    from vaultkit.engine import store as index

    monkeypatch.setattr(index, "RESULT_PART", 8_000)
    connect = index.Index._connect

    def small_limit(self: index.Index) -> sqlite3.Connection:
        db = connect(self)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 20_000)  # as a billion is to a huge vault's state
        return db

    monkeypatch.setattr(index.Index, "_connect", small_limit)

    def lint() -> tuple[int, int]:
        return units_ran(sample_copy)

    assert lint() > (200, 30)
    assert lint() == (0, 0)
    append(sample_copy, "Daily/2026-09-15.md", "\n- Met [[Hana Ito]] again.\n")
    assert lint() == (1, 1)
    with sqlite3.connect(sample_copy / ".vaultkit" / "index.sqlite3") as db:
        kinds = {row[0] for row in db.execute("SELECT kind FROM results")}
    assert {"lint", "lint#1"} <= kinds


def test_a_value_in_parts_is_read_only_whole_and_of_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultkit.engine import store as index

    monkeypatch.setattr(index, "RESULT_PART", 10)
    store = index.Index(tmp_path, "fingerprint", (1 << 20, 1 << 16), location=tmp_path / "index.sqlite3")
    try:
        store.store_result("lint", "k1", bytes(range(35)))
        store.store_result("lint+", "k1", b"overlay")
        assert store.result("lint", "k1") == bytes(range(35))
        assert store.result("lint", "k2") is None
        store.store_result("lint", "k2", b"short")  # the old value's later parts must go
        assert store.result("lint", "k2") == b"short"
        assert store.result("lint+", "k1") == b"overlay"
        store.store_result("lint", "k3", bytes(25))
        store.db.execute("DELETE FROM results WHERE kind = 'lint#1'")  # a part lost
        assert store.result("lint", "k3") is None
    finally:
        store.close()


@pytest.fixture
def walking_apart(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every index counts as large enough to walk the vault in a child (see Workspace.prefetch);
    the list fills with each child's walk, None for a failed one."""
    from vaultkit.engine import forked, workspace

    monkeypatch.setattr(workspace, "PREFETCH_MIN_BYTES", 0)
    walks: list[object] = []
    result = forked.Walker.result

    def counted(self: forked.Walker) -> object:
        found = result(self)
        walks.append(found)
        return found

    monkeypatch.setattr(forked.Walker, "result", counted)
    return walks


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_checked_with_the_walk_in_another_process_is_like_a_fresh_clone(
    name: str, cli: Any, sample_copy: Path, tmp_path: Path, walking_apart: list[object]
) -> None:
    cli("--vault", str(sample_copy), "--today", TODAY, "check")
    assert walking_apart == []  # the first check: no index yet, so nothing to read meanwhile
    answers(cli, sample_copy)
    EDITS[name](sample_copy)
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)
    assert len(walking_apart) >= 2 and None not in walking_apart


def test_a_failed_walk_in_another_process_is_done_again_here(
    cli: Any, sample_copy: Path, tmp_path: Path, walking_apart: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.engine import forked

    answers(cli, sample_copy)
    append(sample_copy, "Daily/2026-09-15.md", "\n- Met [[Hana Ito]] again.\n")

    def broken(*args: object) -> None:
        raise OSError("the child's walk fails")

    monkeypatch.setattr(forked, "walk", broken)  # the child's; the parent's own is workspace.walk
    walking_apart.clear()
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)
    assert walking_apart and all(walk is None for walk in walking_apart)


def test_a_workspace_closed_before_its_walk_is_read_leaves_no_child(
    sample_copy: Path, walking_apart: list[object]
) -> None:
    from vaultkit.engine.workspace import Workspace

    Workspace(sample_copy).update()  # an index to read
    workspace = Workspace(sample_copy)
    workspace.prefetch(("facts", "people"))
    walker = workspace._walker
    assert walker is not None
    workspace.close()
    with pytest.raises(ChildProcessError):  # reaped: not even a zombie is left
        os.waitpid(walker.pid, os.WNOHANG)


def test_a_command_reads_ahead_only_what_it_needs_and_forks_only_once_its_arguments_are_good(
    cli: Any, sample_copy: Path, walking_apart: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.engine import store as index
    from vaultkit.errors import UserError

    answers(cli, sample_copy)
    cli("--vault", str(sample_copy), "--today", TODAY, "report")
    read: list[set[str]] = []
    prefetch = index.Index.prefetch

    failing: list[bool] = []

    def spied(self: index.Index, kinds: Any) -> None:
        prefetch(self, kinds)
        read.append(set(self._prefetched))
        if failing:
            raise UserError("a mistake found after the fork")

    monkeypatch.setattr(index.Index, "prefetch", spied)
    walking_apart.clear()
    assert cli("--vault", str(sample_copy), "--today", TODAY, "report").code == 0
    assert read == [{"report-text"}]  # not the model, nor the diagnostics: only the report
    assert cli("--vault", str(sample_copy), "--today", TODAY, "check", "--select", "NOPE").code == 2
    assert cli("--vault", str(sample_copy), "--today", "someday", "check").code == 2
    assert len(read) == 1 and len(walking_apart) == 1  # no child for a command that stops there
    failing.append(True)
    failed = cli("--vault", str(sample_copy), "--today", TODAY, "check")
    assert failed.code == 2 and len(read) == 2  # a mistake found after the fork...
    with pytest.raises(ChildProcessError):  # ...leaves no child behind, not even a zombie
        os.waitpid(-1, os.WNOHANG)


def test_a_prefetched_result_is_used_once_and_only_for_its_key(tmp_path: Path) -> None:
    from vaultkit.engine import store as index

    def opened() -> index.Index:
        return index.Index(tmp_path, "fingerprint", (1 << 20, 1 << 16), location=tmp_path / "index.sqlite3")

    store = opened()
    store.store_result("check", "k1", b"first")
    store.store_layered("lint", "k1", {"notes": {"a.md": 1}})
    store.close()
    store = opened()
    try:
        store.prefetch(("check", "lint"))
        assert store.result("check", "k2") is None
        assert store.result("check", "k1") == b"first"  # from the database: the prefetched one is gone
        assert store.layered("lint", "k1") == {"notes": {"a.md": 1}}
        store.prefetch(("check", "lint"))
        store.store_result("check", "k1", b"second")  # stored since: the prefetched value is stale
        assert store.result("check", "k1") == b"second"
        store.store_layered("lint", "k1", {"notes": {"b.md": 2}})
        assert store.layered("lint", "k1") == {"notes": {"b.md": 2}}
    finally:
        store.close()


def test_a_person_deleted_and_unindexed_by_another_process_meanwhile_does_not_stop_a_check(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process has the person's facts' head from the index; before it asks for the rest,
    the note is deleted and another process (`vaultkit index`, the watcher) drops its row."""
    from datetime import date

    from vaultkit.engine.workspace import Workspace
    from vaultkit.lint import select_rules

    trust_every_stat(monkeypatch)  # the copy was just made: not read again for that
    first = Workspace(sample_copy)
    first.update()
    first.index.keep_facts()  # as `vaultkit index` leaves it: facts' heads stored, the people not
    first.close()
    workspace = Workspace(sample_copy)
    try:
        workspace.update()
        workspace.index.facts  # noqa: B018  # the heads, read from the index
        (sample_copy / "People/Hana Ito.md").unlink()
        other = Workspace(sample_copy)
        other.update()
        other.close()
        loaded = workspace.load(date.fromisoformat(TODAY))
        units = workspace.lint(loaded, select_rules(workspace.config))
        assert "People/Hana Ito.md" in loaded.vault.person_at  # as this run saw the vault
        assert units.diagnostics()
    finally:
        workspace.close()


def test_a_run_that_saw_a_note_vanish_leaves_nothing_that_misleads_the_next(
    cli: Any, sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, with a note whose name is an alias: links to `[[Hana]]` open it. The run that saw
    it vanish must not store the people's state (it would keep links resolving to it for good)."""
    from datetime import date

    from vaultkit.engine.workspace import Workspace
    from vaultkit.lint import select_rules

    write(sample_copy, "Meetings/Hana.md", "---\ndate: 2026-01-05\n---\n# Hana sync\n")
    trust_every_stat(monkeypatch)
    first = Workspace(sample_copy)
    first.update()
    first.index.keep_facts()
    first.close()
    workspace = Workspace(sample_copy)
    try:
        workspace.update()
        workspace.index.facts  # noqa: B018
        (sample_copy / "Meetings/Hana.md").unlink()
        other = Workspace(sample_copy)
        other.update()
        other.close()
        loaded = workspace.load(date.fromisoformat(TODAY))
        workspace.lint(loaded, select_rules(workspace.config))
    finally:
        workspace.close()
    assert_like_a_fresh_clone(cli, sample_copy, tmp_path)


def test_the_notes_linking_to_a_name_are_found_from_the_stored_names_as_from_the_facts(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that comes or goes reruns the notes with links of its name. They are found from the
    names stored beside each note's facts, without decoding every note's facts: the same notes."""
    from vaultkit.engine.facts import FactsView
    from vaultkit.engine.workspace import Workspace

    Workspace(sample_copy).update()
    workspace = Workspace(sample_copy)
    try:
        workspace.update()
        facts = workspace.index.facts
        decoded: list[str] = []
        bodies = facts._bodies
        monkeypatch.setattr(facts, "_bodies", lambda paths: decoded.extend(paths) or bodies(paths))
        everything = {path: facts[path] for path in list(facts)}
        decoded.clear()
        in_memory = FactsView.of(everything)
        names = sorted({name for f in everything.values() for name in f.names})
        assert len(names) > 50
        many = [*names[:40], *(f"nobody {i}" for i in range(120))]  # searched another way: a long list
        for some in (names[:1], names[10:13], ["no such name"], ["hana ito", "ravi menon"], many):
            expected = {path for path, f in everything.items() if set(some) & set(f.names)}
            assert facts.linking(some, list(everything)) == expected
            assert in_memory.linking(some, list(everything)) == expected
        assert facts.linking(["hana ito"], everything)  # she is linked to
        assert decoded == []
        # Names not stored (or under another config): those notes are read from their facts.
        linking = {path for path, f in everything.items() if "ravi menon" in f.names}
        workspace.index.db.execute("UPDATE notes SET names = NULL WHERE path IN (SELECT path FROM notes LIMIT 40)")
        workspace.index.db.execute("UPDATE notes SET names = 'other\n' WHERE path = ?", (sorted(linking)[0],))
        unstored = {row[0] for row in workspace.index.db.execute("SELECT path FROM notes WHERE names IS NULL")}
        found, rest = workspace.index._linking(["ravi menon"], list(everything))
        assert set(rest) == unstored | {sorted(linking)[0]} and not found & set(rest)
        facts._linked.clear()
        assert facts.linking(["ravi menon"], list(everything)) == linking
    finally:
        workspace.close()


def trust_every_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a stat however recent (see RACY_NS): a note just written is not read again for it."""
    for module in ("vaultkit.engine.store", "vaultkit.engine.workspace"):
        monkeypatch.setattr(f"{module}.RACY_NS", 0)
