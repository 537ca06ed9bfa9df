"""Where events would not come, the watcher polls and says why (issue 14): a network file system,
or no inotify instance or watch left for the user. Real processes, real limits."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_faults import NOBODY, ROOT, give_to_nobody, shared, unprivileged  # noqa: F401 (a fixture)
from vaultkit.watch import network_file_system

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home/ana nfs4 rw,relatime,vers=4.2 0 0
//nas/notes /mnt/my\\040notes cifs rw,relatime 0 0
/dev/sdb1 /home/ana/local ext4 rw,relatime 0 0
"""


@pytest.mark.parametrize(
    ("root", "kind"),
    [
        ("/home/ana/Notes", "nfs4"),
        ("/home/ana", "nfs4"),
        ("/mnt/my notes/vault", "cifs"),
        ("/home/ana/local/Notes", None),  # a local disk mounted inside the network one
        ("/home/anabel/Notes", None),  # not under /home/ana: a prefix of the name is not a folder
        ("/srv/notes", None),
    ],
)
def test_a_vault_on_a_network_file_system_is_told_apart_by_its_mount(root: str, kind: str | None) -> None:
    assert network_file_system(Path(root), MOUNTS) == kind


HOLD_INSTANCES = """
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
held = 0
while held < 100000:
    if libc.inotify_init1(0) < 0:
        break
    held += 1
print(held, ctypes.get_errno(), flush=True)
time.sleep(120)
"""


def _line(process: subprocess.Popen[str], deadline: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if selector.select(timeout=0.2):
            line = process.stdout.readline()
            if line:
                return line
            break
    raise AssertionError(f"no line in time; stderr: {process.stderr.read() if process.stderr else ''}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
@pytest.mark.skipif(not ROOT, reason="needs root to run as another user whose inotify instances can all be taken")
def test_no_inotify_instance_left_falls_back_to_polling_and_says_why(shared: Path) -> None:  # noqa: F811
    vault = shared / "vault"
    (vault / "People").mkdir(parents=True)
    (vault / "vaultkit.toml").write_text("", encoding="utf-8")
    (vault / "People" / "Ana.md").write_text("---\nrole: peer\n---\n", encoding="utf-8")
    give_to_nobody(vault)
    # Every inotify instance nobody may have is taken by another of nobody's processes.
    holder = subprocess.Popen(unprivileged([sys.executable, "-c", HOLD_INSTANCES]), stdout=subprocess.PIPE, text=True)
    watcher = None
    try:
        held = _line(holder, time.monotonic() + 30).split()
        assert int(held[0]) > 0, "nobody could open no inotify instance at all"
        environment = {**os.environ, "HOME": str(shared), "XDG_CACHE_HOME": str(shared / "cache")}
        environment.pop("VAULTKIT_TODAY", None)
        command = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", "2026-11-20", "watch"]
        watcher = subprocess.Popen(
            unprivileged(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )
        ready = _line(watcher, time.monotonic() + 60)
        assert ready.startswith("ready: 1 notes") and "(polling)" in ready
        note = vault / "People" / "Ana.md"
        note.write_text("---\nrole: peer\nrole: mentor\n---\n", encoding="utf-8")
        added = _line(watcher, time.monotonic() + 15)
        assert added.startswith("+ People/Ana.md:3:1: VK003/duplicate-key")
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(timeout=15) == 0
        assert watcher.stderr is not None
        said = watcher.stderr.read()
        assert "polling every 2 s instead of waiting for events: too few inotify watches or instances" in said
    finally:
        for process in (watcher, holder):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
