"""A first check shared by two processes says exactly what one process says (see vaultkit.engine.first_run).

The sample vault is far below the size at which a first check forks, so these tests lower the
threshold. Each compares with the same vault checked by one process: the output, the people, the
index's rows, and a later incremental check; and breaks the child on purpose to see the parent
redo its share.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vaultkit.engine.first_run
from vaultkit.engine.first_run import FirstRun
from vaultkit.engine.store import _unsealed

TODAY = "2026-09-24"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FirstRun]]:
    """Every first run that forked; the threshold lowered so that the sample vault forks."""
    made: list[FirstRun] = []
    wanted = FirstRun.wanted.__func__  # type: ignore[attr-defined]

    def spy(cls: type[FirstRun], *args: Any) -> FirstRun | None:
        first: FirstRun | None = wanted(cls, *args)
        if first is not None:
            made.append(first)
        return first

    monkeypatch.setattr(vaultkit.engine.first_run, "SPLIT_MIN", 1)
    monkeypatch.setattr(FirstRun, "wanted", classmethod(spy))
    yield made
    assert_no_child_left()


def assert_no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def answers(cli: Any, root: Path) -> tuple[str, str]:
    check = cli("--vault", str(root), "--today", TODAY, "check", "--format", "json")
    people = cli("--vault", str(root), "--today", TODAY, "people", "--format", "json")
    assert check.code == 1, check.err
    assert people.code == 0, people.err
    return check.out, people.out


def rows(root: Path) -> list[tuple[Any, ...]]:
    """The index's rows, their values decoded (marshal's bytes depend on what else refers to them),
    facts without the stamp they were made under (it names the vault's folder)."""
    with sqlite3.connect(root / ".vaultkit" / "index.sqlite3") as db:
        found = db.execute("SELECT path, mtime_ns, size, digest, data, body FROM notes ORDER BY path").fetchall()
    return [(*row[:4], marshal.loads(_unsealed(row[4])), marshal.loads(_unsealed(row[5]))[1]) for row in found]


def one_process(cli: Any, sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The same vault, checked once by a single process (the threshold out of reach). Both get a
    report of ours too, on which no rule runs (vaultkit wrote it)."""
    report = "---\nvaultkit-report: true\ntags: a\nTags: b\n---\n# Network\n"  # VK003, were it checked
    for name in ("A", "B", "C", "D"):  # in both shares, whichever way they fall
        (sample_copy / f"Report {name}.md").write_text(report, encoding="utf-8")
    alone = tmp_path / "alone"
    shutil.copytree(sample_copy, alone)
    with monkeypatch.context() as patch:
        patch.setattr(vaultkit.engine.first_run, "SPLIT_MIN", 10**9)
        answers(cli, alone)
    return alone


def test_two_processes_say_what_one_says_and_leave_the_same_index(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)
    assert not runs
    split = answers(cli, sample_copy)
    assert len(runs) == 1 and runs[0].answered, "the child's rows were not used"
    assert split == answers(cli, alone)
    assert rows(sample_copy) == rows(alone)
    # The index the two processes left serves an incremental check like any other.
    for root in (sample_copy, alone):
        with open(root / "People/Hana Ito.md", "a", encoding="utf-8") as handle:
            handle.write(f"- {TODAY} lunch #gave\n")
        stat = (root / "People/Hana Ito.md").stat()
        os.utime(root / "People/Hana Ito.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_000_000_000))
    assert answers(cli, sample_copy) == answers(cli, alone)
    assert len(runs) == 1  # only the first check forks


def test_a_child_that_dies_while_parsing_leaves_its_share_to_the_parent(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)
    monkeypatch.setattr(vaultkit.engine.first_run, "_child_main", lambda *args: os._exit(3))
    assert answers(cli, sample_copy) == answers(cli, alone)
    assert len(runs) == 1 and not runs[0].answered
    assert rows(sample_copy) == rows(alone)


def test_a_child_that_fails_running_the_rules_leaves_them_to_the_parent(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in the child")

    monkeypatch.setattr(vaultkit.engine.first_run, "_run_share", broken)
    assert answers(cli, sample_copy) == answers(cli, alone)
    assert len(runs) == 1 and not runs[0].answered


def test_a_parent_that_fails_stops_the_child(
    cli: Any, sample_copy: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.model

    def broken(self: Any) -> None:
        raise RuntimeError("a bug in the model")

    monkeypatch.setattr(vaultkit.model.Vault, "_build_plans", broken)
    result = cli("--vault", str(sample_copy), "--today", TODAY, "check")
    assert result.code == 2 and "a bug in the model" in result.err
    assert len(runs) == 1 and runs[0].child is None
    # `runs` checks on the way out that no child is left, not even a zombie.


def test_a_vault_moved_away_during_a_first_check_is_one_line_not_a_traceback(
    cli: Any, sample_copy: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.engine.store

    reconnect = vaultkit.engine.store.Index.reconnect
    parent = os.getpid()

    def moved(self: Any) -> None:
        if os.getpid() == parent:  # the parent, opening the index again after the fork
            sample_copy.rename(sample_copy.with_name("moved"))
        reconnect(self)

    monkeypatch.setattr(vaultkit.engine.store.Index, "reconnect", moved)
    result = cli("--vault", str(sample_copy), "--today", TODAY, "check")
    assert result.code == 2
    assert result.err.startswith("vaultkit: error: ") and result.err.endswith("was the vault moved?\n")
    assert result.err.count("\n") == 1
    assert len(runs) == 1
    # `runs` checks on the way out that no child is left, not even a zombie.


def test_a_child_that_dies_before_writing_its_rows_leaves_them_to_the_parent(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.engine.store

    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)
    parent = os.getpid()
    reconnect = vaultkit.engine.store.Index.reconnect

    def dies_in_the_child(self: Any) -> None:
        if os.getpid() != parent:
            os._exit(3)  # after sending its parse, before its rows are written
        reconnect(self)

    monkeypatch.setattr(vaultkit.engine.store.Index, "reconnect", dies_in_the_child)
    check = cli("--vault", str(sample_copy), "--today", TODAY, "check", "--format", "json")
    assert len(runs) == 1 and not runs[0].answered
    # Every row written, in one go, as trusted as the others: none is left to be read again.
    assert rows(sample_copy) == rows(alone)
    assert check.out == answers(cli, alone)[0]


def test_unreadable_notes_in_the_parents_share_do_not_stop_the_child(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable note is read again at every run, so the model works out its facts again:
    the child must have them for those the parent read."""
    daily = sorted(path.name for path in (sample_copy / "Daily").glob("*.md"))[:6]  # in both shares
    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)
    real_open = os.open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(str(file)) in daily:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    split = answers(cli, sample_copy)
    assert len(runs) == 1 and runs[0].answered
    with monkeypatch.context() as patch:
        patch.setattr(vaultkit.engine.first_run, "SPLIT_MIN", 10**9)
        shutil.rmtree(alone / ".vaultkit")
        assert split == answers(cli, alone)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child dies with its parent on Linux only")
def test_the_child_dies_with_its_parent(sample_copy: Path) -> None:
    """Killed, the parent leaves no child behind still parsing or writing to the index."""
    script = (
        "import time, vaultkit.engine.first_run as split\n"
        "split.SPLIT_MIN = 1\n"
        "split._run_share = lambda *args: time.sleep(60)\n"  # the child waits, the parent too
        "from vaultkit.cli import main\n"
        f"main(['--vault', {str(sample_copy)!r}, '--today', {TODAY!r}, 'check'])\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        children: list[int] = []
        while not children and time.monotonic() < deadline:
            time.sleep(0.05)
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text()
                children = [int(pid) for pid in text.split()]
        assert children, "the check did not fork"
        time.sleep(0.3)  # the child is parsing or waiting by now
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        state = ""
        while Path(f"/proc/{children[0]}").exists() and time.monotonic() < deadline:
            state = Path(f"/proc/{children[0]}/stat").read_text().split(") ")[-1][:1]
            if state == "Z":
                break  # dead, waiting to be reaped by init
            time.sleep(0.05)
        gone = not Path(f"/proc/{children[0]}").exists() or state == "Z"
        assert gone, "the child outlived its parent"
    finally:
        parent.kill()
