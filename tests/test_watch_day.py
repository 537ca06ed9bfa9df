"""The watcher's day moves on at local midnight, and the watcher is safe beside other commands
(issue 14). Real files and real inotify events; only the clock is told what day it is."""

from __future__ import annotations

import datetime as real_datetime
import io
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.engine.live import Live
from vaultkit.watch import Printer, Watcher

DAY = real_datetime.date(2026, 11, 2)


class Clock:
    """What `date.today()` says in vaultkit.dates, moved on by the test."""

    def __init__(self) -> None:
        self.today = DAY

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        clock = self

        class Date(real_datetime.date):
            @classmethod
            def today(cls) -> real_datetime.date:
                return clock.today

        monkeypatch.setattr("vaultkit.dates.date", Date)
        monkeypatch.setattr("vaultkit.engine.live.date", Date)


class Lines(io.StringIO):
    def lines(self) -> list[str]:
        return self.getvalue().splitlines()


def watching(root: Path, today: str | None, monkeypatch: pytest.MonkeyPatch) -> tuple[Watcher, Lines, threading.Thread]:
    monkeypatch.delenv("VAULTKIT_TODAY", raising=False)
    out = Lines()
    watcher = Watcher(Live(str(root), today=today), Printer(out, "text"), debounce=0.05)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    wait_for(lambda: any(line.startswith("ready:") for line in out.lines()), "ready")
    return watcher, out, thread


def wait_for(condition: Any, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"no {what} in {seconds:g} s")


def stop(watcher: Watcher, thread: threading.Thread) -> None:
    watcher.stop()
    thread.join(timeout=20)
    assert not thread.is_alive()


PERSON = "---\nrole: peer\ncadence: 14d\n---\n## Log\n- 2026-10-30 coffee\n"


def test_at_midnight_the_day_moves_on_and_the_date_driven_diagnostics_follow(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.write("People/Ana.md", PERSON)
    clock = Clock()
    clock.install(monkeypatch)
    monkeypatch.setattr("vaultkit.watch._seconds_to_midnight", lambda: 0.3)  # midnight comes soon
    watcher, out, thread = watching(vault.root, None, monkeypatch)
    try:
        time.sleep(1)
        assert not [line for line in out.lines() if "VK101" in line]  # 3 days since the coffee: not due
        clock.today = DAY + real_datetime.timedelta(days=30)  # the clock passes midnight, a month on
        wait_for(lambda: any("VK101" in line for line in out.lines()), "VK101 after midnight")
        [line] = [line for line in out.lines() if "VK101" in line]
        assert line.startswith("+ People/Ana.md:1:1: VK101/neglected-contact")
        assert "no contact for 33 days" in line
        clock.today = DAY + real_datetime.timedelta(days=31)  # the next midnight: a day count, updated
        time.sleep(1.5)
        assert len([line for line in out.lines() if "VK101" in line]) == 1  # updated: nothing in text
        assert watcher.live.today == clock.today
    finally:
        stop(watcher, thread)


def test_a_pinned_day_does_not_move_at_midnight(vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    vault.write("People/Ana.md", PERSON)
    clock = Clock()
    clock.install(monkeypatch)
    monkeypatch.setattr("vaultkit.watch._seconds_to_midnight", lambda: 0.2)
    watcher, out, thread = watching(vault.root, DAY.isoformat(), monkeypatch)
    try:
        clock.today = DAY + real_datetime.timedelta(days=30)
        time.sleep(1.5)
        assert watcher.live.today == DAY
        assert not [line for line in out.lines() if "VK101" in line]
    finally:
        stop(watcher, thread)


def test_other_commands_run_beside_the_watcher_on_the_same_index(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.write("People/Ana.md", PERSON)
    vault.write("Daily/2026-11-01.md", "Lunch with [[Ana]].\n")
    watcher, out, thread = watching(vault.root, DAY.isoformat(), monkeypatch)
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault.root), "--today", DAY.isoformat()]
    try:
        for round_ in range(5):
            vault.write(
                "People/Ana.md", PERSON.replace("role: peer", "role: peer\nrole: mentor") if round_ % 2 else PERSON
            )
            checked = subprocess.run(
                [*command, "check", "--format", "json", "--exit-zero"], capture_output=True, text=True
            )
            indexed = subprocess.run([*command, "index"], capture_output=True, text=True)
            assert checked.returncode in (0, 1) and indexed.returncode == 0, checked.stderr + indexed.stderr
        vault.write("People/Ana.md", PERSON.replace("role: peer", "role: peer\nrole: mentor"))
        wait_for(lambda: out.lines() and out.lines()[-1].startswith("+ People/Ana.md:3:1: VK003"), "the last save")
        fresh = subprocess.run([*command, "check", "--format", "json"], capture_output=True, text=True).stdout
        assert "VK003" in fresh
        assert [d.as_json() for d in watcher.live.diagnostics] == json.loads(fresh)
    finally:
        stop(watcher, thread)


def test_every_body_a_command_stores_beside_the_watcher_is_sealed(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher keeps the heads of the notes it re-reads in memory; a command run meanwhile
    works them out again and stores their bodies. Those were stored without their checksum, and
    the watcher, reading one, took the index for damaged and deleted it under the command."""
    import sqlite3
    import zlib

    vault.write("People/Ana.md", PERSON)
    vault.write("Daily/2026-11-01.md", "Lunch with [[Ana]].\n")
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault.root), "--today", DAY.isoformat()]
    subprocess.run([*command, "check"], capture_output=True, check=False)
    live = Live(str(vault.root), today=DAY.isoformat())
    try:
        live.refresh(None)
        vault.write("Daily/2026-11-01.md", "Lunch with [[Ana]], again.\n")
        live.refresh(["Daily/2026-11-01.md"])
        checked = subprocess.run([*command, "check"], capture_output=True, text=True, check=False)
        assert "damaged" not in checked.stderr
        with sqlite3.connect(vault.root / ".vaultkit" / "index.sqlite3") as db:
            bodies = [row[0] for row in db.execute("SELECT body FROM notes WHERE body IS NOT NULL")]
        assert bodies
        for body in bodies:
            assert zlib.crc32(body[4:]) == int.from_bytes(body[:4], "little")
        vault.write("Daily/2026-11-01.md", "Lunch with [[Ana]], a third time.\n")
        live.refresh(["Daily/2026-11-01.md"])
        assert not live.workspace.index.memory  # the watcher still has its index
    finally:
        live.close()
