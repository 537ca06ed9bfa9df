"""A real vim saves notes while `vaultkit watch` runs, and the right diagnostics appear (issue 14).

vim saves two ways: with `backupcopy=no` it moves the note aside as its backup and writes a new
file in its place (a new inode); with `backupcopy=yes` it copies the note to the backup and
writes over the note itself. Both must end with the new text indexed. (`backupskip` is emptied:
vim makes no backup of a file under /tmp, where the tests' vaults are.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_watch import ANA, DAILY, SECOND_LEVEL, Watching, kinds, watchers

VIM = shutil.which("vim")


@pytest.fixture
def watch(cli: Any) -> Iterator[Callable[..., Watching]]:
    yield from watchers(cli)


def vim(path: Path, backupcopy: str, *commands: str) -> None:
    """`vim -es` runs `commands` on `path` and writes it, as the owner's `:wq` would."""
    assert VIM is not None
    settings = f"set nocompatible backupcopy={backupcopy} writebackup nobackup backupdir=. backupskip="
    args = [VIM, "-es", "-u", "NONE", "-i", "NONE", "-c", settings]
    for command in (*commands, "wq"):
        args += ["-c", command]
    done = subprocess.run([*args, str(path)], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(VIM is None, reason="needs vim: .ci/run installs Debian's vim package")
@pytest.mark.parametrize(("backupcopy", "new_file"), [("no", True), ("yes", False)], ids=["backup-rename", "overwrite"])
def test_vim_saves_a_note_and_the_watcher_sees_it(
    sample_copy: Path, watch: Callable[..., Watching], backupcopy: str, new_file: bool
) -> None:
    root = sample_copy
    watcher = watch(root)
    watcher.ready()
    person = root / ANA
    inode = person.stat().st_ino

    vim(person, backupcopy, r"%s/^level: senior$/level: senior\rlevel: staff/")
    events = watcher.events(lambda events: ("added", "VK003", ANA) in kinds(events))
    assert kinds(events) == [("added", "VK003", ANA), ("updated", "VK101", ANA)]
    assert events[0]["diagnostic"]["message"] == SECOND_LEVEL
    assert (person.stat().st_ino != inode) is new_file
    assert not person.with_name(person.name + "~").exists()  # writebackup: the backup goes once written
    watcher.assert_rebuilt()

    vim(root / DAILY, backupcopy, r"%s/^## Tasks$/- Coffee with [[Ana]].\r\r## Tasks/")
    events = watcher.events(lambda events: ("resolved", "VK101", ANA) in kinds(events))
    assert kinds(events) == [("added", "VK402", DAILY), ("resolved", "VK101", ANA)]
    watcher.assert_rebuilt()

    vim(person, backupcopy, "g/^level: staff$/d")
    events = watcher.events(lambda events: ("resolved", "VK003", ANA) in kinds(events))
    assert kinds(events) == [("resolved", "VK003", ANA)]
    watcher.assert_rebuilt()
    assert not [name for name in os.listdir(person.parent) if not name.endswith(".md")]  # no swap or backup left
