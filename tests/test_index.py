"""The index is a cache, never the truth (04-quality.md, "Reliability"): whatever happened to it
— edits, moves, deletions, a config change, corruption, another version, a kill mid-run, a second
process — the next run answers exactly as a fresh `vaultkit index --rebuild` would."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Run, VaultBuilder

TODAY = "2026-09-24"


def answers(cli: Any, root: Path, today: str = TODAY) -> tuple[Any, Any]:
    """What a user reads: `people --format json` and `check --format json`."""
    people = cli("--vault", str(root), "--today", today, "people", "--format", "json")
    check = cli("--vault", str(root), "--today", today, "check", "--format", "json")
    assert people.code == 0, people.err
    assert check.code in (0, 1), check.err
    return people.json(), check.json()


def fresh_copy(root: Path, target: Path) -> Path:
    """The vault copied without its index: what a fresh clone sees."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns(".vaultkit"))
    return target


def assert_like_a_rebuild(cli: Any, root: Path, tmp_path: Path, today: str = TODAY) -> tuple[Any, Any]:
    incremental = answers(cli, root, today)
    copy = answers(cli, fresh_copy(root, tmp_path / f"copy-{time.monotonic_ns()}"), today)
    assert cli("--vault", str(root), "index", "--rebuild").code == 0
    rebuilt = answers(cli, root, today)
    assert incremental == rebuilt
    assert incremental == copy
    return incremental


def person(people: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(row for row in people if row["name"] == name)


def write_starting_vault(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-01 coffee\n")
    vault.write("People/Bo.md", "---\nrole: peer\nlevel: peer\n---\n")
    vault.write("People/Cy.md", "---\nrole: mentee\n---\n")
    vault.write("Daily/2026-09-01.md", "- [ ] call [[Bo]]\n- [ ] lunch [[Cy]]\n")
    vault.write("Daily/2026-09-02.md", "Met [[Ana]].\n")
    vault.write("Meetings/Sync.md", '---\ndate: 2026-09-03\nattendees: ["[[Cy]]"]\n---\n')


def test_edits_moves_deletions_and_additions_end_as_a_rebuild_and_a_fresh_copy(
    vault: VaultBuilder, cli: Any, tmp_path: Path
) -> None:
    write_starting_vault(vault)
    people, _ = answers(cli, vault.root)
    assert [(p["name"], p["last_interaction"]) for p in people] == [
        ("Ana", "2026-09-02"), ("Bo", None), ("Cy", "2026-09-03"),
    ]  # fmt: skip

    vault.write("People/Ana.md", "---\nrole: mentor\nlevel: senior\n---\n## Log\n- 2026-09-10 dinner\n")  # edited
    vault.write("Daily/2026-09-01.md", "- [x] call [[Bo]]\n- [ ] lunch [[Cy]]\n")  # same size: a task ticked
    (vault.root / "People/Team").mkdir()
    (vault.root / "People/Cy.md").rename(vault.root / "People/Team/Cy.md")  # moved
    (vault.root / "Meetings/Sync.md").unlink()  # deleted
    vault.write("Daily/2026-09-12.md", "Lunch with [[Cy]].\n")  # added
    (vault.root / "Daily").rename(vault.root / "Journal")  # a folder renamed

    people, check = assert_like_a_rebuild(cli, vault.root, tmp_path)

    assert [(p["name"], p["path"], p["last_interaction"]) for p in people] == [
        ("Ana", "People/Ana.md", "2026-09-10"),
        ("Bo", "People/Bo.md", "2026-09-01"),
        ("Cy", "People/Team/Cy.md", "2026-09-12"),
    ]
    assert not [d for d in check if d["path"].startswith(("Daily/", "Meetings/")) or d["path"] == "People/Cy.md"]


def test_an_edit_that_keeps_size_and_mtime_is_seen_when_the_note_had_just_changed(
    vault: VaultBuilder, cli: Any, tmp_path: Path
) -> None:
    """A coarse file system clock (1 s on HFS+, 2 s on FAT, a tick on ext4) can give a second
    edit the same mtime as the first: a note indexed right after a change is read again."""
    note = vault.write("Daily/2026-09-01.md", "- [ ] call [[Bo]]\n")
    vault.write("People/Bo.md", "---\nrole: peer\n---\n")
    before = os.stat(note).st_mtime_ns
    assert person(answers(cli, vault.root)[0], "Bo")["last_interaction"] is None
    note.write_text("- [x] call [[Bo]]\n", encoding="utf-8")
    os.utime(note, ns=(before, before))  # the same tick: stat cannot tell the two versions apart
    people, check = assert_like_a_rebuild(cli, vault.root, tmp_path)
    assert person(people, "Bo")["last_interaction"] == "2026-09-01"
    assert not [d for d in check if d["code"] in ("VK101", "VK102")]


def test_an_edit_that_puts_back_size_and_mtime_is_seen(
    vault: VaultBuilder, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`touch -r`, `cp -p`, `rsync -a` and unpacked archives give a changed note its old mtime;
    a date edited in a log keeps the size. The ctime still moves (on POSIX)."""
    for module in ("vaultkit.engine.store", "vaultkit.engine.workspace"):
        monkeypatch.setattr(f"{module}.RACY_NS", 0)  # every stat trusted at once, however recent
    note = vault.write("People/Bo.md", "---\nrole: peer\n---\n## Log\n- 2026-03-30 call\n")
    old = time.time_ns() - 100_000_000_000
    os.utime(note, ns=(old, old))
    assert person(answers(cli, vault.root)[0], "Bo")["last_interaction"] == "2026-03-30"
    note.write_text("---\nrole: peer\n---\n## Log\n- 2026-09-20 call\n", encoding="utf-8")
    os.utime(note, ns=(old, old))
    if os.name == "nt":
        pytest.skip("on Windows the ctime is the creation time: such an edit is seen by `index --rebuild`")
    people, _ = assert_like_a_rebuild(cli, vault.root, tmp_path)
    assert person(people, "Bo")["last_interaction"] == "2026-09-20"


def test_a_note_reverted_to_its_indexed_content_reads_as_that_content(
    vault: VaultBuilder, cli: Any, tmp_path: Path
) -> None:
    vault.write("People/Bo.md", "---\nrole: peer\n---\n## Log\n- 2026-09-01 call\n")
    answers(cli, vault.root)
    vault.write("People/Bo.md", "---\nrole: peer\n---\n## Log\n- 2026-09-02 call\n")
    assert person(answers(cli, vault.root)[0], "Bo")["last_interaction"] == "2026-09-02"
    vault.write("People/Bo.md", "---\nrole: peer\n---\n## Log\n- 2026-09-01 call\n")
    people, _ = assert_like_a_rebuild(cli, vault.root, tmp_path)
    assert person(people, "Bo")["last_interaction"] == "2026-09-01"


def test_a_config_change_is_seen_at_once(vault: VaultBuilder, cli: Any, tmp_path: Path) -> None:
    write_starting_vault(vault)
    vault.write("Contacts/Di.md", "---\nrole: mentor\n---\n" + "x" * 600 + "\n## Log\n- 2026-09-05 call\n")
    answers(cli, vault.root)
    vault.write(
        "vaultkit.toml", '[vault]\npeople = ["People", "Contacts"]\nmax-note-bytes = 500\n[cadence]\ndefault = "1w"\n'
    )
    people, check = assert_like_a_rebuild(cli, vault.root, tmp_path)
    assert [(p["name"], p["cadence"], p["last_interaction"]) for p in people] == [
        ("Ana", "6w", "2026-09-02"), ("Bo", "3m", None), ("Cy", "4w", "2026-09-03"), ("Di", "1w", None),
    ]  # fmt: skip
    assert [d["code"] for d in check if d["path"] == "Contacts/Di.md"] == ["VK001"]  # not read: nothing else said
    assert person(people, "Di")["status"] == "broken"
    vault.write(".obsidian/daily-notes.json", '{"folder": "Journal"}')
    people, _ = assert_like_a_rebuild(cli, vault.root, tmp_path)
    assert person(people, "Ana")["last_source"] == {"path": "People/Ana.md", "line": 5}


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "pages overwritten", "wal garbage"],
)
def test_a_corrupted_index_is_rebuilt(vault: VaultBuilder, cli: Any, tmp_path: Path, damage: str) -> None:
    write_starting_vault(vault)
    expected = answers(cli, vault.root)
    index = vault.root / ".vaultkit" / "index.sqlite3"
    data = index.read_bytes()
    assert len(data) > 8192
    if damage == "garbage":
        index.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        index.write_bytes(data[: len(data) // 2 + 100])
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "pages overwritten":
        index.write_bytes(data[:4096] + os.urandom(len(data) - 4096))
    else:
        Path(f"{index}-wal").write_bytes(os.urandom(50_000))
    assert answers(cli, vault.root) == expected
    assert answers(cli, vault.root) == expected
    assert assert_like_a_rebuild(cli, vault.root, tmp_path) == expected


def _index_db(vault: VaultBuilder) -> sqlite3.Connection:
    return sqlite3.connect(vault.root / ".vaultkit" / "index.sqlite3", isolation_level=None)


def test_an_index_of_another_schema_version_is_rebuilt_not_misread(vault: VaultBuilder, cli: Any) -> None:
    write_starting_vault(vault)
    expected = answers(cli, vault.root)
    db = _index_db(vault)
    fingerprint = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()[0]
    # What an older vaultkit might have left: the same files, rows it would read differently.
    db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", ("1" + fingerprint[1:],))
    db.execute("UPDATE notes SET data = ?", (b"not what this version writes",))
    db.execute("DELETE FROM results")
    db.close()
    assert answers(cli, vault.root) == expected
    db = _index_db(vault)
    assert db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()[0] == fingerprint
    db.close()


def test_an_index_whose_tables_have_another_shape_is_rebuilt(vault: VaultBuilder, cli: Any) -> None:
    write_starting_vault(vault)
    expected = answers(cli, vault.root)
    db = _index_db(vault)
    for table in ("meta", "notes", "results"):
        db.execute(f"DROP TABLE {table}")
    db.execute("CREATE TABLE meta (version INTEGER)")
    db.execute("INSERT INTO meta VALUES (7)")
    db.execute("CREATE TABLE notes (path TEXT, parsed TEXT)")
    db.execute("INSERT INTO notes VALUES ('People/Ana.md', '{}')")
    db.close()
    assert answers(cli, vault.root) == expected
    assert answers(cli, vault.root) == expected


def test_with_no_writable_cache_folder_the_index_goes_to_a_private_temporary_one(
    vault: VaultBuilder, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    write_starting_vault(vault)
    root, temp = vault.root, tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(temp))
    refuse_writes(monkeypatch, root / ".vaultkit", tmp_path / "cache")
    assert cli("--vault", str(root), "--today", TODAY, "index").code == 0
    [made] = list(temp.iterdir())
    if hasattr(os, "getuid"):
        assert made.name == f"vaultkit-{os.getuid()}" and made.stat().st_mode & 0o777 == 0o700
        made.chmod(0o777)  # as if somebody else had made it for us: not used, the index kept in memory
        [index] = made.glob("*/index.sqlite3")
        before = index.read_bytes()
        expected = answers(cli, fresh_copy(root, tmp_path / "copy"))
        run = cli("--vault", str(root), "--today", TODAY, "index")
        assert run.code == 0 and run.out.startswith("Indexed 6 notes: 6 added")
        assert run.err.count("\n") == 1 and f"{made} is not this user's own folder" in run.err
        assert run.err.startswith("vaultkit: warning: no folder to keep the index in (")
        assert run.err.endswith("); checking without it\n")
        assert answers(cli, root) == expected
        assert index.read_bytes() == before


def refuse_writes(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """Make `folders` refuse to be made or written in, as a read-only mount would: chmod does not
    stop root, and these tests may run as root."""

    def refused(path: Any) -> bool:
        path = Path(os.fsdecode(path))
        return any(path == no or no in path.parents for no in folders)

    real_mkdir, real_open = os.mkdir, os.open

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if refused(path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real_mkdir(path, *args, **kwargs)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and refused(path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)


def test_another_build_of_vaultkit_reads_every_note_again(
    vault: VaultBuilder, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parsed note is vaultkit's reading of it: an upgrade that reads differently (a message of
    VK002, a rule of Markdown) must not serve the old reading of an unchanged note."""
    import vaultkit.engine.stamp

    write_starting_vault(vault)
    assert cli("--vault", str(vault.root), "--today", TODAY, "index").out.startswith("Indexed 6 notes: 6 added")
    assert cli("--vault", str(vault.root), "--today", TODAY, "index").out.startswith("Index up to date")
    monkeypatch.setattr(vaultkit.engine.stamp, "code_stamp", lambda: "another build")
    assert cli("--vault", str(vault.root), "--today", TODAY, "index").out.startswith("Indexed 6 notes: 6 added")


def test_a_readonly_vault_keeps_its_index_in_the_users_cache_folder(
    vault: VaultBuilder, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod does not stop root, so when these tests run as root the vault's folder also refuses
    to be written (see `refuse_writes`), as a read-only mount would."""
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    root = vault.root
    refuse_writes(monkeypatch, root / ".vaultkit")
    modes = {p: p.stat().st_mode for p in [root, *root.rglob("*")] if p.is_dir()}
    for folder in modes:
        folder.chmod(0o555)
    try:
        first = cli("--vault", str(root), "--today", TODAY, "index")
        again = cli("--vault", str(root), "--today", TODAY, "index")
        result = answers(cli, root)
    finally:
        for folder, mode in modes.items():
            folder.chmod(mode)
    assert first.code == 0 and first.out.startswith("Indexed 6 notes: 6 added, 0 changed, 0 removed")
    assert again.out.startswith("Index up to date: 6 notes, nothing changed")
    assert result == expected
    assert not (root / ".vaultkit").exists()
    [index] = (cache / "vaultkit").glob("*/index.sqlite3")
    assert index.stat().st_size > 0


# -- whole processes: killed mid-run, and two at once ------------------------------------------------


def vaultkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "vaultkit", *args]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A realistic vault of 800 people and 1,500 daily notes (benchmarks/generate.py)."""
    root = tmp_path_factory.mktemp("generated") / "vault"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--people", "800", "--daily", "1500", str(root)],
        check=True,
        capture_output=True,
    )
    return root


@pytest.fixture(scope="module")
def generated_answers(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """`people` and `check` as JSON on a fresh copy of the generated vault."""
    return process_answers(fresh_copy(generated, tmp_path_factory.mktemp("reference") / "vault"))


def run_process(root: Path, *args: str) -> Run:
    done = subprocess.run(
        vaultkit("--vault", str(root), "--today", "2026-11-20", *args), capture_output=True, text=True
    )
    return Run(done.returncode, done.stdout, done.stderr)


def process_answers(root: Path) -> tuple[str, str]:
    people = run_process(root, "people", "--format", "json")
    check = run_process(root, "check", "--format", "json")
    assert people.code == 0 and check.code in (0, 1), people.err + check.err
    return people.out, check.out


def start_index(root: Path, *args: str) -> tuple[subprocess.Popen[bytes], float]:
    """`vaultkit index` in the background; returns once its index file exists (start-up done)."""
    database = root / ".vaultkit" / "index.sqlite3"
    existed = database.exists()
    process = subprocess.Popen(
        vaultkit("--vault", str(root), "index", *args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its worker processes die with it
    )
    while not (existed or database.exists()) and process.poll() is None:
        time.sleep(0.002)
    return process, time.perf_counter()


def test_a_killed_index_run_leaves_an_index_the_next_run_uses_correctly(
    generated: Path, generated_answers: tuple[str, str], tmp_path: Path
) -> None:
    root = fresh_copy(generated, tmp_path / "killed")
    assert len(json.loads(generated_answers[0])) >= 800
    process, ready = start_index(root)
    assert process.wait() == 0
    indexing = time.perf_counter() - ready  # from the index file's creation to the end
    outcomes = []
    for share, args in ((0.25, ()), (0.5, ()), (0.75, ()), (0.9, ("--rebuild",))):
        if not args:
            shutil.rmtree(root / ".vaultkit")  # a first index, killed: reading, parsing or storing
        process, ready = start_index(root, *args)
        time.sleep(max(0.0, ready + share * indexing - time.perf_counter()))
        os.killpg(process.pid, signal.SIGKILL)
        outcomes.append(process.wait())
        assert run_process(root, "people", "--format", "json").out == generated_answers[0]
    assert outcomes.count(-signal.SIGKILL) >= 2
    assert process_answers(root) == generated_answers


def test_one_process_indexing_while_another_checks_both_succeed(
    generated: Path, generated_answers: tuple[str, str], tmp_path: Path
) -> None:
    root = fresh_copy(generated, tmp_path / "shared")
    expected_check = generated_answers[1]
    indexer = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom vaultkit.cli import main\nfor _ in range(3):\n"
         "    assert main(['--vault', sys.argv[1], 'index', '--rebuild']) == 0\n", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    checks = []
    while indexer.poll() is None or not checks:
        checks.append(run_process(root, "check", "--format", "json"))
    out, err = indexer.communicate()
    assert indexer.returncode == 0, err
    assert out.count("Indexed 2") == 3
    assert [(c.code, c.err) for c in checks] == [(1, "")] * len(checks)
    assert all(c.out == expected_check for c in checks)


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 200_000])
def test_read_capped_reads_a_file_whole_or_up_to_the_limit(tmp_path: Path, size: int) -> None:
    from vaultkit.engine.store import read_capped

    data = bytes(i % 251 for i in range(size))
    (tmp_path / "note.md").write_bytes(data)
    assert read_capped(str(tmp_path / "note.md"), 11) == data[:11]
    assert read_capped(str(tmp_path / "note.md"), 300_000) == data


# -- nothing under .vaultkit/ opened through a link (issue 13, item 1) -------------------------------------


def cli_runs(cli: Any, root: Path, today: str = TODAY) -> tuple[tuple[Any, Any], str]:
    """`answers`, and what the two commands said on stderr."""
    people = cli("--vault", str(root), "--today", today, "people", "--format", "json")
    check = cli("--vault", str(root), "--today", today, "check", "--format", "json")
    assert people.code == 0 and check.code in (0, 1), people.err + check.err
    return (people.json(), check.json()), people.err + check.err


def another_programs_database(path: Path) -> bytes:
    """A database of another program's, with a table named as one of vaultkit's."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) VALUES ('not yours')")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "vaultkit"


def kept_in(cache: Path) -> Path:
    [index] = cache.glob("*/index.sqlite3")
    return index


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_an_index_file_linked_to_another_programs_database_is_never_opened(
    vault: VaultBuilder, cli: Any, tmp_path: Path, cache: Path, link: str
) -> None:
    """It was: vaultkit dropped the other program's `notes` table and put its own tables in."""
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    other = tmp_path / "places.sqlite"
    before = another_programs_database(other)
    folder = vault.root / ".vaultkit"
    folder.mkdir(mode=0o700)
    index = folder / "index.sqlite3"
    index.symlink_to(other) if link == "symbolic" else os.link(other, index)
    for _ in range(2):
        found, said = cli_runs(cli, vault.root)
        assert found == expected
        problem = "is a symbolic link" if link == "symbolic" else "has other names (hard links)"
        line = f"vaultkit: warning: {index} {problem}: not used; the index is kept in {kept_in(cache)}\n"
        assert said == line * 2  # each command says it, once
    assert other.read_bytes() == before
    assert index.is_symlink() if link == "symbolic" else index.stat().st_nlink == 2


def test_a_vaultkit_folder_that_is_a_link_sends_nothing_out_of_the_vault(
    vault: VaultBuilder, cli: Any, tmp_path: Path, cache: Path
) -> None:
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault.root / ".vaultkit").symlink_to(outside, target_is_directory=True)
    found, said = cli_runs(cli, vault.root)
    assert found == expected
    assert said.splitlines()[0] == (
        f"vaultkit: warning: {vault.root / '.vaultkit'} is a symbolic link: not used; "
        f"the index is kept in {kept_in(cache)}"
    )
    assert list(outside.iterdir()) == []  # no index, no .gitignore: the notes' text stays in
    assert (vault.root / ".vaultkit").is_symlink()


def test_links_beside_the_index_are_never_followed(vault: VaultBuilder, cli: Any, tmp_path: Path, cache: Path) -> None:
    """A dangling `.gitignore` link made a file outside the vault; a `-wal` link would have SQLite
    write the notes' text wherever it leads."""
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    folder = vault.root / ".vaultkit"
    folder.mkdir(mode=0o700)
    nowhere = tmp_path / "elsewhere" / "made-by-vaultkit"
    (folder / ".gitignore").symlink_to(nowhere)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", encoding="utf-8")
    (folder / "index.sqlite3-wal").symlink_to(victim)
    found, said = cli_runs(cli, vault.root)
    assert found == expected
    wal = folder / "index.sqlite3-wal"
    assert said == f"vaultkit: warning: {wal} is a symbolic link: not used; the index is kept in {kept_in(cache)}\n" * 2
    assert not nowhere.parent.exists() and (folder / ".gitignore").is_symlink()
    assert victim.read_text(encoding="utf-8") == "mine\n" and wal.is_symlink()
    (folder / "index.sqlite3-wal").unlink()  # once the link is gone, the vault's index is used again
    found, said = cli_runs(cli, vault.root)
    assert (found, said) == (expected, "")
    assert (folder / "index.sqlite3").stat().st_size > 0 and not nowhere.parent.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder away takes root")
def test_a_vaultkit_folder_of_another_users_is_not_used(
    vault: VaultBuilder, cli: Any, tmp_path: Path, cache: Path
) -> None:
    """As git will not work in a repository another user owns: they could feed us their index."""
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    folder = vault.root / ".vaultkit"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    found, said = cli_runs(cli, vault.root)
    assert found == expected
    assert said.splitlines()[0] == (
        f"vaultkit: warning: {folder} belongs to another user: not used; the index is kept in {kept_in(cache)}"
    )
    assert list(folder.iterdir()) == []


# -- any fault of the index: said once, answered as a fresh check (issue 13, item 10) -------------------


def pages_of(index: Path, where: str) -> list[int]:
    """The pages (numbered from 1) of one structure of the index, or the middle of the file."""
    if where == "middle":
        count = index.stat().st_size // 4096
        return list(range(count // 3, 2 * count // 3 + 1))
    db = sqlite3.connect(index)
    try:
        rows = db.execute("SELECT pageno FROM dbstat WHERE name = ?", (where,)).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages of a table by")
    finally:
        db.close()
    return [page for (page,) in rows]


@pytest.mark.parametrize("where", ["stats", "results", "notes", "middle"])
def test_a_damaged_index_page_is_said_once_and_answered_as_a_fresh_check(
    sample_copy: Path, cli: Any, tmp_path: Path, where: str
) -> None:
    """It was: `KeyError: 'Plans/2026-Q1.md'` at the next run, or, worse, a check of nobody."""
    import random

    expected = cli_runs(cli, fresh_copy(sample_copy, tmp_path / "fresh"))[0]
    assert cli_runs(cli, sample_copy) == (expected, "")
    index = sample_copy / ".vaultkit" / "index.sqlite3"
    pages = pages_of(index, where)
    assert pages
    data = bytearray(index.read_bytes())
    noise = random.Random(13)
    for page in pages[: 4 if where == "notes" else None]:  # a few leaves of the notes: the rest is read anyway
        data[(page - 1) * 4096 : page * 4096] = noise.randbytes(4096)
    index.write_bytes(bytes(data))
    found, said = cli_runs(cli, sample_copy)
    assert found == expected
    assert said.startswith(f"vaultkit: warning: the index at {index} is damaged (") and said.count("\n") == 1
    assert cli_runs(cli, sample_copy) == (expected, "")  # made again, whole


def test_a_damaged_byte_in_a_stored_value_is_caught_by_its_checksum(
    sample_copy: Path, cli: Any, tmp_path: Path
) -> None:
    """SQLite sees a damaged page of its own structure, not a damaged byte of a value."""
    expected = cli_runs(cli, fresh_copy(sample_copy, tmp_path / "fresh"))[0]
    assert cli_runs(cli, sample_copy) == (expected, "")
    index = sample_copy / ".vaultkit" / "index.sqlite3"
    with sqlite3.connect(index) as db:
        [(value,)] = db.execute("SELECT value FROM results WHERE kind = 'people'").fetchall()
    data = bytearray(index.read_bytes())
    slices = (bytes(value[start : start + 32]) for start in range(len(value) // 2, len(value) - 32, 5))
    at = data.find(next(part for part in slices if data.count(part) == 1))  # a part of it alone in the file
    data[at + 16] ^= 0x10
    index.write_bytes(bytes(data))
    people = cli("--vault", str(sample_copy), "--today", TODAY, "people", "--format", "json")
    assert (people.code, people.json()) == (0, expected[0])
    assert people.err.startswith(f"vaultkit: warning: the index at {index} is damaged (a stored value does not")
    assert people.err.count("\n") == 1


def test_a_full_disk_with_no_index_still_gives_the_answers(
    vault: VaultBuilder, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was `OperationalError: database or disk is full` and no output. SQLite's own limit on a
    database's size gives the very error a full disk does (SQLITE_FULL)."""
    write_starting_vault(vault)
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    connect = sqlite3.connect

    def full(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(database, *args, **kwargs)
        if str(database) != ":memory:":
            db.execute("PRAGMA max_page_count = 1")
        return db

    monkeypatch.setattr(sqlite3, "connect", full)
    found, said = cli_runs(cli, vault.root)
    assert found == expected
    index = vault.root / ".vaultkit" / "index.sqlite3"
    line = f"vaultkit: warning: the index at {index} is unwritable (database or disk is full); checking without it\n"
    assert said == line * 2


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A file system of 512 KiB (tmpfs), unmounted after the test; skipped where it cannot be mounted."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system takes root and mount: the full disk is simulated above")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): the full disk is simulated above")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_still_gives_the_answers_and_a_line_per_refused_write(
    vault: VaultBuilder, cli: Any, tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    write_starting_vault(vault)
    vault.write("People/Tom.md", "---\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-08-11 lunch\n")  # VK104
    expected = answers(cli, fresh_copy(vault.root, tmp_path / "copy"))
    root = fresh_copy(vault.root, small_disk / "vault")
    for name, place in (("XDG_CACHE_HOME", "cache"), ("TMPDIR", "tmp")):  # the whole world is full
        (small_disk / place).mkdir()
        monkeypatch.setenv(name, str(small_disk / place))
    monkeypatch.setattr(tempfile, "tempdir", None)
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    with contextlib.suppress(OSError):
        while True:
            os.write(filler, b"\0" * 4096)
    os.close(filler)
    found, said = cli_runs(cli, root)
    assert found == expected
    assert said.count("\n") == 2 and "; checking without it\n" in said
    fix = cli("--vault", str(root), "--today", TODAY, "check", "--select", "VK104", "--fix")
    assert fix.code == 1 and "VK104" in fix.out
    assert fix.err.endswith("vaultkit: People/Tom.md: not fixed: cannot write it (no space left on the device)\n")
