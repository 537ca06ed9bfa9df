"""A first check shared by two processes says exactly what one process says (see vaultkit.split).

The sample vault is far below the size at which a first check forks, so these tests lower the
threshold. Each compares with the same vault checked by one process: the output, the people, the
index's rows, and a later incremental check; and breaks the child on purpose to see the parent
redo its share.
"""

from __future__ import annotations

import marshal
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vaultkit.split
from vaultkit.split import FirstRun

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

    monkeypatch.setattr(vaultkit.split, "SPLIT_MIN", 1)
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
    return [(*row[:4], marshal.loads(row[4]), marshal.loads(row[5])[1]) for row in found]


def one_process(cli: Any, sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The same vault, checked once by a single process (the threshold out of reach). Both get a
    report of ours too, on which no rule runs (vaultkit wrote it)."""
    report = "---\nvaultkit-report: true\ntags: a\nTags: b\n---\n# Network\n"  # VK003, were it checked
    for name in ("A", "B", "C", "D"):  # in both shares, whichever way they fall
        (sample_copy / f"Report {name}.md").write_text(report, encoding="utf-8")
    alone = tmp_path / "alone"
    shutil.copytree(sample_copy, alone)
    with monkeypatch.context() as patch:
        patch.setattr(vaultkit.split, "SPLIT_MIN", 10**9)
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
    monkeypatch.setattr(vaultkit.split, "_child_main", lambda *args: os._exit(3))
    assert answers(cli, sample_copy) == answers(cli, alone)
    assert len(runs) == 1 and not runs[0].answered
    assert rows(sample_copy) == rows(alone)


def test_a_child_that_fails_running_the_rules_leaves_them_to_the_parent(
    cli: Any, sample_copy: Path, tmp_path: Path, runs: list[FirstRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = one_process(cli, sample_copy, tmp_path, monkeypatch)

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in the child")

    monkeypatch.setattr(vaultkit.split, "_run_share", broken)
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
