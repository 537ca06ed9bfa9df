"""Faults from the world around vaultkit: links, full disks, closed streams, files swapped
while it reads. Each is one clear line and an exit status, never a traceback or lost data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultBuilder

# -- output streams (issue 13, item 15) ----------------------------------------------------------


def _vaultkit(root: Path, *args: str, **popen: Any) -> subprocess.CompletedProcess[str]:
    """`python -m vaultkit --vault ROOT --today ... ARGS` as its own process, stderr captured."""
    command = [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", "2026-12-06", *args]
    return subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False, timeout=120, **popen)


@pytest.fixture
def one_problem(vault: VaultBuilder) -> Path:
    vault.write("People/Ann.md", "---\nname: Ann\nroles: [\n---\n")
    return vault.root


@pytest.mark.parametrize("args", [("check",), ("rules",), ("people",)])
def test_a_closed_stdout_is_one_line_and_exit_2(one_problem: Path, args: tuple[str, ...]) -> None:
    """`vaultkit check >&-`: Python starts with no sys.stdout; the output has nowhere to go."""
    closed = _vaultkit(one_problem, *args, preexec_fn=lambda: os.close(1))

    said = "vaultkit: error: cannot write the output: standard output is closed\n"
    assert (closed.returncode, closed.stderr) == (2, said)


def test_a_closed_stdout_does_not_matter_when_nothing_is_printed_there(one_problem: Path, tmp_path: Path) -> None:
    done = _vaultkit(one_problem, "check", "--output", str(tmp_path / "out.txt"), preexec_fn=lambda: os.close(1))

    assert (done.returncode, done.stderr) == (1, "")
    assert "VK002" in (tmp_path / "out.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full (a device always full) on this system")
@pytest.mark.parametrize("args", [("check",), ("check", "--format", "json"), ("rules",), ("people",), ("report",)])
def test_a_full_stdout_is_one_line_and_exit_2(one_problem: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = _vaultkit(one_problem, *args, stdout=full)

    assert (done.returncode, done.stderr) == (2, "vaultkit: error: cannot write the output: No space left on device\n")
