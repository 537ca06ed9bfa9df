"""What vaultkit writes gets the mode an editor would give it; what it keeps for itself is private."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultBuilder

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes say who may read only on POSIX")


@pytest.fixture
def umask() -> Iterator[Any]:
    """Set the process's umask for the test; the old one is put back after it."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_overdue_person(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nroles: [mentor]\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-07-14 lunch\n")


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_notes_and_outputs_get_the_mode_the_umask_gives(
    vault: VaultBuilder, tmp_path: Path, umask: Any, mask: int, expected: int
) -> None:
    write_overdue_person(vault)
    umask(mask)
    assert vault.run("plan", "--quarter", "2026-Q4").code == 0
    assert vault.run("report", "--format", "markdown", "--output", str(vault.root / "Dashboard.md")).code == 0
    assert vault.run("report", "--output", str(tmp_path / "report.txt")).code == 0
    assert vault.run("check", "--format", "json", "--output", str(tmp_path / "check.json")).code == 0
    written = [vault.root / "Plans" / "2026-Q4.md", vault.root / "Dashboard.md", tmp_path / "report.txt"]
    assert {str(path): mode(path) for path in [*written, tmp_path / "check.json"]} == {
        str(path): expected for path in [*written, tmp_path / "check.json"]
    }
    assert not list(vault.root.rglob("*.vaultkit-tmp")) and not list(tmp_path.glob("*.vaultkit-tmp"))


def test_a_rewritten_note_and_a_replaced_output_keep_their_mode(
    vault: VaultBuilder, tmp_path: Path, umask: Any
) -> None:
    write_overdue_person(vault)
    note = vault.root / "People" / "Ana.md"
    note.chmod(0o640)
    output = tmp_path / "check.txt"
    assert vault.run("check", "--output", str(output)).code == 0
    output.chmod(0o604)
    umask(0o077)
    fixed = vault.run("check", "--fix", "--select", "VK104")
    assert fixed.out == "All good: no problems found.\nFixed 1 problem.\n"
    assert "last_contact: 2026-07-14" in vault.read("People/Ana.md") and mode(note) == 0o640
    assert vault.run("check", "--output", str(output), "--select", "VK1").code == 0
    assert mode(output) == 0o604


def test_the_index_folder_and_its_files_are_private_whatever_the_umask(vault: VaultBuilder, umask: Any) -> None:
    write_overdue_person(vault)
    umask(0o000)
    assert vault.run("check").code == 0
    folder = vault.root / ".vaultkit"
    db = sqlite3.connect(folder / "index.sqlite3")  # kept open: its -wal and -shm files stay
    db.execute("SELECT count(*) FROM notes").fetchone()
    assert vault.run("report").code == 0
    files = {path.name: mode(path) for path in folder.iterdir()}
    db.close()
    assert mode(folder) == 0o700
    assert {"index.sqlite3", ".gitignore"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)


def test_an_index_folder_made_before_it_was_kept_private_is_made_private(vault: VaultBuilder, umask: Any) -> None:
    write_overdue_person(vault)
    folder = vault.root / ".vaultkit"
    assert vault.run("index").code == 0
    folder.chmod(0o755)
    (folder / "index.sqlite3").chmod(0o644)
    assert vault.run("index").out.startswith("Index up to date: 1 notes")
    assert (mode(folder), mode(folder / "index.sqlite3")) == (0o700, 0o600)


def test_the_umask_read_where_the_system_does_not_tell_it_is_the_same_and_left_as_it_was(
    umask: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without /proc (macOS, the BSDs), os.umask is read by setting another, once per process."""
    import builtins

    from vaultkit import writer

    umask(0o027)
    assert writer.new_file_mode() == 0o640  # from /proc on Linux
    opened = builtins.open

    def no_proc(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).startswith("/proc/"):
            raise FileNotFoundError(2, "No such file or directory", file)
        return opened(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_proc)
    writer._umask_once.cache_clear()
    try:
        assert writer.new_file_mode() == 0o640
        assert os.umask(0o027) == 0o027  # put back as it was
    finally:
        writer._umask_once.cache_clear()
