"""The one writer every command writes notes through (vaultkit/writer.py): a temporary file,
synced, then an atomic rename in the same folder; exclusive creation for new notes; a refusal
when the note changed since it was read; nothing outside the vault, nothing through a link.

A writer killed at the worst moments leaves the old note whole; that is tested on real processes
killed with SIGKILL, not on mocks of the file system."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vaultkit.discovery import Layout
from vaultkit.errors import RefusedError
from vaultkit.writer import (
    ChangedMeanwhile,
    NotWritten,
    atomic_write,
    create_new,
    digest,
    inside,
    make_folders,
    reads_as_note,
)

OLD = "\ufeff---\r\nrole: mentor\r\n---\r\n## Log\r\n- 2026-01-02 coffee\r\n".encode()
NEW = "\ufeff---\r\nrole: mentor\r\nlast_contact: 2026-09-24\r\n---\r\n## Log\r\n- 2026-01-02 coffee\r\n".encode()

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL and symbolic links as on POSIX")


def killed_at(tmp_path: Path, hook: str, call: str, when: str = "True") -> subprocess.CompletedProcess[bytes]:
    """Run `call` in a child Python whose `hook` (a function of `os`) kills the process with SIGKILL
    when the writer reaches it (and `when` holds of its `args`): the crash of a machine, as near
    as a test can have one."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from vaultkit.writer import atomic_write, create_new, digest
        note = Path(sys.argv[1])
        real = os.{hook}
        def die(*args, **kwargs):
            if {when}:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        os.{hook} = die
        {call}
        """
    )
    return subprocess.run([sys.executable, "-c", script, str(tmp_path / "Ana.md")], capture_output=True, timeout=60)


@pytest.mark.parametrize("hook", ["replace", "fsync", "chmod"])
def test_a_writer_killed_before_the_rename_leaves_the_old_note_intact(tmp_path: Path, hook: str) -> None:
    note = tmp_path / "Ana.md"
    note.write_bytes(OLD)
    done = killed_at(tmp_path, hook, f"atomic_write(note, {NEW!r}, expected=digest({OLD!r}))")
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert note.read_bytes() == OLD
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "Ana.md"]
    # A temporary file may be left behind by a crash: hidden (a leading dot), never read as a note.
    assert all(name.startswith(".Ana.md.") and name.endswith(".vaultkit-tmp") for name in leftovers)
    layout = Layout(("",), "Plans", (), (), "", "YYYY-MM-DD", ())
    assert not any(reads_as_note(layout, name) for name in leftovers)


def test_a_writer_killed_after_the_rename_leaves_the_new_note_whole(tmp_path: Path) -> None:
    note = tmp_path / "Ana.md"
    note.write_bytes(OLD)
    call = f"atomic_write(note, {NEW!r}, expected=digest({OLD!r}))"
    done = killed_at(tmp_path, "open", call, when="os.path.isdir(args[0])")  # opening the folder to sync it
    assert done.returncode == -signal.SIGKILL
    assert note.read_bytes() == NEW


@pytest.mark.parametrize("hook", ["link", "fsync"])
def test_a_creation_killed_midway_leaves_no_note_or_a_whole_one(tmp_path: Path, hook: str) -> None:
    done = killed_at(tmp_path, hook, f"create_new(note, {NEW!r})")
    assert done.returncode == -signal.SIGKILL
    assert not (tmp_path / "Ana.md").exists()  # never a half-written note under the name


def test_a_note_changed_between_read_and_write_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "Ana.md"
    note.write_bytes(OLD)
    read = note.read_bytes()
    note.write_bytes(OLD + b"- 2026-09-24 lunch, typed in Obsidian meanwhile\r\n")
    with pytest.raises(ChangedMeanwhile, match="the file changed since it was read; nothing written"):
        atomic_write(note, NEW, expected=digest(read))
    assert note.read_bytes().endswith(b"meanwhile\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ana.md"]  # no temporary file left


def test_a_note_changed_while_the_new_bytes_are_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is made after the temporary file is written, just before the rename: an editor
    saving during the (slow, synced) write is not lost."""
    import vaultkit.writer as writer

    note = tmp_path / "Ana.md"
    note.write_bytes(OLD)
    original = writer._temporary

    def slow(folder: Path, name: str, data: bytes, mode: int | None) -> str:
        temp = original(folder, name, data, mode)
        note.write_bytes(b"saved by the owner\n")
        return temp

    monkeypatch.setattr(writer, "_temporary", slow)
    with pytest.raises(ChangedMeanwhile):
        atomic_write(note, NEW, expected=digest(OLD))
    assert note.read_bytes() == b"saved by the owner\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ana.md"]


def test_a_note_removed_meanwhile_is_not_written_again(tmp_path: Path) -> None:
    with pytest.raises(ChangedMeanwhile, match="removed meanwhile"):
        atomic_write(tmp_path / "Ana.md", NEW, expected=digest(OLD))
    assert list(tmp_path.iterdir()) == []


def test_a_link_or_a_fifo_in_the_notes_place_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(OLD)
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Ana.md").symlink_to(outside)
    with pytest.raises(NotWritten, match="a symbolic link now, not a file"):
        atomic_write(vault / "Ana.md", NEW, expected=digest(OLD))
    with pytest.raises(FileExistsError):
        create_new(vault / "Ana.md", NEW)
    assert outside.read_bytes() == OLD and (vault / "Ana.md").is_symlink()
    os.mkfifo(vault / "Ben.md")
    with pytest.raises(NotWritten, match="a FIFO now"):
        atomic_write(vault / "Ben.md", NEW, expected=digest(OLD))
    assert stat.S_ISFIFO(os.lstat(vault / "Ben.md").st_mode)


def test_create_new_never_replaces_and_writes_whole_notes(tmp_path: Path) -> None:
    note = tmp_path / "Ana.md"
    create_new(note, NEW)
    assert note.read_bytes() == NEW
    with pytest.raises(FileExistsError):
        create_new(note, b"another\n")
    assert note.read_bytes() == NEW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ana.md"]
    long_name = tmp_path / ("x" + "é" * 100 + ".md")  # 204 bytes: the temporary file's name must still fit
    create_new(long_name, NEW)  # (and its prefix is cut inside a character)
    assert long_name.read_bytes() == NEW
    try:
        not_utf8 = tmp_path / os.fsdecode(b"B\xffn" * 30 + b".md")  # a name of bytes, as some file systems hold
        create_new(not_utf8, NEW)
    except OSError:  # a file system that refuses such names
        return
    assert not_utf8.read_bytes() == NEW
    atomic_write(not_utf8, OLD, expected=digest(NEW))
    assert not_utf8.read_bytes() == OLD
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".vaultkit-tmp")]


def test_renames_and_new_names_are_synced_with_their_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    create_new(tmp_path / "Ana.md", OLD)
    assert synced == [False, True]  # the bytes, then the folder's new entry
    synced.clear()
    atomic_write(tmp_path / "Ana.md", NEW, expected=digest(OLD))
    assert synced == [False, True]


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x.md", "a/../../x.md", "\\x.md", "C:x.md", ""])
def test_paths_outside_the_vault_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(RefusedError, match="outside the vault"):
        inside(tmp_path, rel)


def test_a_folder_that_leads_out_of_the_vault_is_refused(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (vault / "People").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(RefusedError, match="a link leads out"):
        inside(vault, "People/Ana.md")
    with pytest.raises(RefusedError, match="People: a symbolic link, which vaultkit does not follow"):
        make_folders(vault, "People/Work")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_make_folders_makes_what_is_missing_and_nothing_else(tmp_path: Path) -> None:
    assert make_folders(tmp_path, "Work/People") == ["Work", "Work/People"]
    assert make_folders(tmp_path, "Work/People/") == []
    (tmp_path / "Plans").write_text("a file")
    with pytest.raises(RefusedError, match="Plans: a file, not a folder"):
        make_folders(tmp_path, "Plans/2026")
    for bad in ("../up", "/abs", "a/../b", "C:/x"):
        with pytest.raises(RefusedError, match="outside the vault"):
            make_folders(tmp_path, bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Plans", "Work"]
