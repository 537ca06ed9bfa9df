"""The service files of docs/running-the-watcher.md: a systemd user unit and a launchd agent that
keep `vaultkit watch --report Dashboard.md` running. They are checked as the service managers
would read them, their command as vaultkit's own command line would, and the page shows them
exactly as they are in docs/examples/."""

from __future__ import annotations

import configparser
import os
import plistlib
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest

from vaultkit.cli import cli

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "running-the-watcher.md"
UNIT = REPO / "docs" / "examples" / "vaultkit-watch.service"
PLIST = REPO / "docs" / "examples" / "com.example.vaultkit-watch.plist"
# The venv the unit names, under %h (the user's home folder).
UNIT_VAULTKIT = ".local/share/vaultkit/venv/bin/vaultkit"


def read_plist() -> dict[str, Any]:
    with PLIST.open("rb") as file:
        agent: dict[str, Any] = plistlib.load(file)
    return agent


def read_unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    unit.read_string(UNIT.read_text(encoding="utf-8"))
    return unit


def unit_command(home: str) -> list[str]:
    """ExecStart as systemd splits it, with %h standing for `home`."""
    return [word.replace("%h", home) for word in shlex.split(read_unit()["Service"]["ExecStart"])]


def parse_command(args: list[str]) -> tuple[click.Context, click.Context]:
    """The command line as `vaultkit` parses it: the global options, then `watch` and its own."""
    at = args.index("watch")
    top = cli.make_context("vaultkit", args[1:at])
    watch = cli.get_command(top, "watch")
    if watch is None:
        pytest.skip("vaultkit has no `watch` command yet; the arguments cannot be parsed until it exists")
    return top, watch.make_context("watch", args[at + 1 :], parent=top)


def value_of(context: click.Context, option: str) -> Any:
    (param,) = [p for p in context.command.params if option in p.opts]
    return context.params[param.name or ""]


def fenced_blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_the_page_shows_each_file_exactly() -> None:
    blocks = fenced_blocks(DOC.read_text(encoding="utf-8"))
    assert blocks.count(UNIT.read_text(encoding="utf-8")) == 1
    assert blocks.count(PLIST.read_text(encoding="utf-8")) == 1


def test_the_agent_has_the_keys_launchd_needs() -> None:
    agent = read_plist()
    assert agent["Label"] == PLIST.name.removesuffix(".plist")
    assert agent["RunAtLoad"] is True
    # Started again after a crash or an error, not after a clean stop (SIGTERM exits 0).
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    arguments = agent["ProgramArguments"]
    assert all(isinstance(argument, str) for argument in arguments)
    # launchd expands no `~` and searches no PATH: every path is absolute.
    for path in (arguments[0], agent["WorkingDirectory"], agent["StandardOutPath"], agent["StandardErrorPath"]):
        assert path.startswith("/Users/you/"), path
    assert arguments[0].endswith("/bin/vaultkit")
    assert arguments[-3:] == ["watch", "--report", "Dashboard.md"]


def test_the_agent_runs_a_command_vaultkit_accepts() -> None:
    agent = read_plist()
    top, watch = parse_command(agent["ProgramArguments"])
    assert top.params["vault"] == agent["WorkingDirectory"]
    assert value_of(watch, "--report") == "Dashboard.md"


def test_the_unit_and_the_agent_run_the_same_command() -> None:
    assert unit_command("/Users/you") == read_plist()["ProgramArguments"]


def test_the_unit_reads_as_a_user_service() -> None:
    unit = read_unit()
    assert unit.sections() == ["Unit", "Service", "Install"]
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0] == "%h/" + UNIT_VAULTKIT  # the venv's vaultkit by its full path
    assert command[-3:] == ["watch", "--report", "Dashboard.md"]
    assert command[command.index("--vault") + 1] == service["WorkingDirectory"]
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert service["RestartSec"]
    # A user's service manager has default.target; multi-user.target is the system's.
    assert unit["Install"]["WantedBy"] == "default.target"


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian and Ubuntu: the systemd package)")
    # It checks that ExecStart is executable: a home whose venv holds one. %h is $HOME.
    home = tmp_path / "home"
    vaultkit = home / UNIT_VAULTKIT
    vaultkit.parent.mkdir(parents=True)
    vaultkit.write_text("#!/bin/sh\n", encoding="utf-8")
    vaultkit.chmod(0o755)
    runtime = tmp_path / "run"  # --user wants a runtime folder, which a CI container lacks
    runtime.mkdir(mode=0o700)
    unit = tmp_path / UNIT.name
    shutil.copyfile(UNIT, unit)
    environment = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    run = subprocess.run(
        [analyze, "verify", "--user", str(unit)], env=environment, capture_output=True, text=True, check=False
    )
    if run.returncode != 0 and "Failed to initialize manager" in run.stderr:
        pytest.skip(f"systemd-analyze cannot run a user manager here: {run.stderr.strip()}")
    # An unknown key or a bad value is only a warning, "ignoring": a line naming the unit.
    assert [line for line in run.stderr.splitlines() if UNIT.name in line] == []
    assert run.returncode == 0, run.stderr


def test_plutil_lints_the_agent() -> None:
    plutil = shutil.which("plutil")
    if plutil is None:
        pytest.skip("plutil is macOS's; not installed here")
    run = subprocess.run([plutil, "-lint", str(PLIST)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
