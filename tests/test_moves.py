"""Who moved (issue 17): VK109 from the vault's git history and from the note itself, the check's
stored result following a commit, and the watcher seeing one."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vaultkit.moves import Move, from_history, is_move, same_company

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed (.ci/run installs it)")
TODAY = "2026-10-20"


def git(root: Path, *args: str, when: str = "2026-08-01T10:00:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=root, env=env, check=True,
                   capture_output=True)  # fmt: skip


def person(root: Path, name: str, company: str, role: str = "peer", extra: str = "") -> Path:
    path = root / "People" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nname: {name}\nrole: {role}\ncompany: {company}\n{extra}---\n# {name}\n", encoding="utf-8")
    return path


def commit(root: Path, when: str, message: str = "notes") -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-qm", message, when=when)


def vk109(root: Path, today: str = TODAY) -> dict[str, tuple[str, str]]:
    run = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", today, "check", "--select", "VK109",
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    data = json.loads(run.stdout)
    found = data if isinstance(data, list) else data["diagnostics"]
    return {d["path"]: (d["severity"], d["message"]) for d in found}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    git(root, "init", "-q")
    person(root, "Sarah Okafor", "Acme", role="mentor")
    person(root, "Tom Lee", "Acme")
    person(root, "Uma Rao", "Initech")
    person(root, "Vic Diaz", "Globex")
    commit(root, "2026-06-01T10:00:00")
    return root


def test_a_company_changed_in_a_commit_is_a_move_said_as_the_source_says(repo: Path) -> None:
    person(repo, "Sarah Okafor", "Google", role="mentor")
    person(repo, "Tom Lee", "Hooli")
    commit(repo, "2026-10-05T10:00:00")
    found = vk109(repo)
    severity, message = found["People/Sarah Okafor.md"]
    assert severity == "warning"
    assert "Sarah Okafor (mentor) moved from Acme to Google on 2026-10-05" in message
    assert "reach out and keep it going on purpose" in message
    assert found["People/Tom Lee.md"][0] == "info" and "congratulate them" in found["People/Tom Lee.md"][1]


def test_a_typo_a_link_form_and_a_change_undone_are_no_moves(repo: Path) -> None:
    person(repo, "Tom Lee", "[[Acme]]")  # a link form
    person(repo, "Uma Rao", "Initech Labs")  # not a typo, nor a legal form: another company
    person(repo, "Vic Diaz", "Globx")  # a typo fixed the other way round
    person(repo, "Sarah Okafor", "Google", role="mentor")
    commit(repo, "2026-10-01T10:00:00")
    person(repo, "Sarah Okafor", "Acme", role="mentor")  # undone
    commit(repo, "2026-10-02T10:00:00")
    found = vk109(repo)
    assert set(found) == {"People/Uma Rao.md"}


def test_an_uncommitted_change_does_not_count_until_it_is_committed(repo: Path) -> None:
    person(repo, "Tom Lee", "Hooli")
    assert vk109(repo) == {}
    git(repo, "add", "-A", when="2026-10-10T10:00:00")
    assert vk109(repo) == {}  # staged is not committed
    git(repo, "commit", "-qm", "Tom moved", when="2026-10-10T10:00:00")
    # No file changed since the last check: its stored result must not be taken as it was.
    assert "People/Tom Lee.md" in vk109(repo)


def test_a_move_older_than_days_is_not_said(repo: Path) -> None:
    person(repo, "Tom Lee", "Hooli")
    commit(repo, "2026-07-01T10:00:00")
    assert vk109(repo) == {}
    assert "People/Tom Lee.md" in vk109(repo, today="2026-07-20")


def test_without_git_the_note_says_it(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / ".obsidian").mkdir(parents=True)
    person(root, "Sarah Okafor", "Google", role="mentor", extra="previous_company: Acme\nmoved: 2026-10-05\n")
    path = person(root, "Tom Lee", "Hooli")
    path.write_text(path.read_text(encoding="utf-8") + "\n## Moves\n- 2026-09-30 moved from Acme to Hooli\n", "utf-8")
    person(root, "Uma Rao", "Initech", extra="previous_company: Intech\nmoved: 2026-10-05\n")  # a typo: no move
    found = vk109(root)
    assert found["People/Sarah Okafor.md"][0] == "warning"
    assert "moved from Acme to Hooli on 2026-09-30" in found["People/Tom Lee.md"][1]
    assert "People/Uma Rao.md" not in found


def test_a_move_history_and_note_both_say_is_one_on_the_notes_date(repo: Path) -> None:
    """The owner wrote when it happened; the commit is when they wrote it down."""
    person(repo, "Tom Lee", "Hooli", extra="previous_company: Acme\nmoved: 2026-10-02\n")
    commit(repo, "2026-10-05T10:00:00")
    assert "on 2026-10-02" in vk109(repo)["People/Tom Lee.md"][1]


def test_a_note_that_states_its_own_move_keeps_it_once_committed(tmp_path: Path) -> None:
    """The history's first company for them is no move ("" → Google): the note's is still said."""
    root = tmp_path / "vault"
    root.mkdir()
    git(root, "init", "-q")
    path = root / "People" / "Ola.md"
    path.parent.mkdir()
    path.write_text("---\nroles: [mentor]\n---\n", encoding="utf-8")
    commit(root, "2026-03-01T10:00:00")
    path.write_text("---\nroles: [mentor]\ncompany: Google\nprevious_company: Acme\nmoved: 2026-10-05\n---\n", "utf-8")
    assert "People/Ola.md" in vk109(root)
    commit(root, "2026-10-10T10:00:00")
    assert "moved from Acme to Google on 2026-10-05" in vk109(root)["People/Ola.md"][1]


def test_a_return_months_later_is_a_move_and_an_undo_written_otherwise_is_none(repo: Path) -> None:
    person(repo, "Sarah Okafor", "Google", role="mentor")
    commit(repo, "2026-07-01T10:00:00")
    person(repo, "Sarah Okafor", "Acme", role="mentor")  # back, three months later
    person(repo, "Tom Lee", "Google")
    commit(repo, "2026-10-01T10:00:00")
    person(repo, "Tom Lee", "ACME.")  # undone the next day, written otherwise
    commit(repo, "2026-10-02T10:00:00")
    found = vk109(repo)
    assert "moved from Google to Acme on 2026-10-01" in found["People/Sarah Okafor.md"][1]
    assert "People/Tom Lee.md" not in found


def test_a_company_cleared_then_set_is_a_move_from_the_last_one_named(repo: Path) -> None:
    path = repo / "People" / "Tom Lee.md"
    path.write_text("---\nname: Tom Lee\nrole: peer\n---\n", encoding="utf-8")
    commit(repo, "2026-10-10T10:00:00")
    person(repo, "Tom Lee", "Initech")
    commit(repo, "2026-10-11T10:00:00")
    assert "moved from Acme to Initech on 2026-10-11" in vk109(repo)["People/Tom Lee.md"][1]


def test_moves_from_versions_drop_what_was_undone() -> None:
    from datetime import date

    from vaultkit.history import Snapshot

    def snap(company: str) -> Snapshot:
        return Snapshot(company, "", "peer", ("peer",), "active", (company.casefold(),))

    versions = (
        (date(2026, 1, 1), "a" * 40, snap("Acme")),
        (date(2026, 2, 1), "b" * 40, snap("Google")),
        (date(2026, 2, 2), "c" * 40, snap("Acme")),
        (date(2026, 3, 1), "d" * 40, snap("Hooli")),
    )
    moves = [m for m in from_history("P.md", versions) if m.field == "company"]
    assert [(m.old, m.new) for m in moves] == [("Acme", "Hooli")]
    assert moves[0].source == "git ddddddd"


def test_what_is_one_company() -> None:
    assert same_company("Acme", "[[Acme]]")
    assert same_company("[[Orgs/Acme Inc|Acme]]", "Acme Inc")
    assert same_company("Northwind", "Nortwind")
    assert same_company("Acme", "ACME")
    assert not same_company("Acme", "Acme Labs")
    assert not same_company("Meta", "Okta")  # short names: no typo is assumed
    assert same_company("Acme Inc", "ACME Inc.")  # punctuation aside
    day = __import__("datetime").date(2026, 1, 1)
    assert not is_move(Move("P.md", "company", "", "Acme", day, "x"))  # a company written for the first time
    assert not is_move(Move("P.md", "title", "Engineer", "Staff Engineer", day, "x"))


@pytest.mark.parametrize("how", ["events", "polling"])
def test_the_watcher_sees_a_commit(repo: Path, how: str) -> None:
    """A change saved, then committed: the commit alone (no file changed) brings VK109, whether
    the watcher has inotify's events or polls."""
    polling = ["--polling"] if how == "polling" else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "--vault", str(repo), "--today", TODAY, "watch", "--format", "jsonl",
         "--select", "VK109", *polling],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue[dict[str, object]] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    try:
        assert lines.get(timeout=60)["event"] == "ready"
        person(repo, "Tom Lee", "Hooli")
        time.sleep(3.0 if polling else 1.0)  # the save is a batch of its own: no commit yet, no move
        commit(repo, "2026-10-15T10:00:00", "Tom moved")
        deadline = time.monotonic() + 30
        while True:
            try:
                event = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                pytest.fail("no VK109 after the commit")
            diagnostic = event.get("diagnostic")
            if event.get("event") == "added" and isinstance(diagnostic, dict) and diagnostic.get("code") == "VK109":
                assert diagnostic["path"] == "People/Tom Lee.md"
                break
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_commit_in_a_worktree_and_an_unshallowed_clone_are_seen_by_the_next_check(repo: Path, tmp_path: Path) -> None:
    """The check's stored result is keyed by the branch's ref where a worktree keeps it (the
    common git folder), and by whether the clone is shallow."""
    tree = tmp_path / "tree"
    git(repo, "worktree", "add", "-q", "-b", "wt", str(tree))
    assert vk109(tree) == {}
    person(tree, "Tom Lee", "Hooli")
    assert vk109(tree) == {}
    commit(tree, "2026-10-12T10:00:00")
    assert "People/Tom Lee.md" in vk109(tree)

    person(repo, "Uma Rao", "Hooli")
    commit(repo, "2026-10-13T10:00:00")
    person(repo, "Vic Diaz", "Hooli")
    commit(repo, "2026-10-14T10:00:00")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    assert "People/Vic Diaz.md" not in vk109(shallow)  # its one commit: nothing before to move from
    git(shallow, "fetch", "-q", "--unshallow")
    assert "People/Vic Diaz.md" in vk109(shallow)


def test_a_shallow_clone_is_said_by_check_in_one_line(repo: Path, tmp_path: Path) -> None:
    """CI checks out one commit: VK109 may miss moves, and `check` says so on stderr."""
    shallow = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    run = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(shallow), "--today", TODAY, "check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = [line for line in run.stderr.splitlines() if "shallow" in line]
    assert len(lines) == 1 and lines[0].startswith("vaultkit: warning: history is shallow"), run.stderr


def test_history_is_the_record_the_note_only_re_dates_what_it_names_too(repo: Path) -> None:
    """Git says Meta → Stripe; a Moves section naming another move is not taken over it, and a
    move written twice in a note is one."""
    person(repo, "Tom Lee", "Stripe")
    commit(repo, "2026-10-05T10:00:00")
    path = repo / "People" / "Tom Lee.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## Moves\n- 2026-10-09 Wayne → Stark\n", "utf-8")
    commit(repo, "2026-10-09T10:00:00")
    assert "moved from Acme to Stripe on 2026-10-05" in vk109(repo)["People/Tom Lee.md"][1]

    root = repo.parent / "plain"
    (root / ".obsidian").mkdir(parents=True)
    twice = person(root, "Uma Rao", "Google")
    twice.write_text(
        twice.read_text("utf-8") + "\n## Moves\n- 2026-10-01 Acme → Google\n- 2026-10-03 Acme → Google\n", "utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", TODAY, "people", "--moved",
         "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    moves = json.loads(run.stdout)
    rows = moves if isinstance(moves, list) else moves.get("moves", moves)
    assert len(rows) == 1, rows
