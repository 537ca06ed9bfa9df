"""Shared fixtures: build a vault in a temporary folder, run vaultkit on it, read the result."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import vaultkit
from vaultkit.cli import main
from vaultkit.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample-vault"
SAMPLE_TODAY = "2026-09-24"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class VaultBuilder:
    """A vault in tmp_path that a test writes notes into, then checks or runs commands on."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def write(self, path: str, text: str = "", *, raw: bytes | None = None) -> Path:
        """Write a note; `text` is dedented, so notes can be indented inside the test."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            target.write_bytes(raw)
        else:
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return target

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def open(self, today: str = "2026-09-24") -> vaultkit.api.Vault:
        return vaultkit.open_vault(self.root, today=date.fromisoformat(today))

    def check(self, today: str = "2026-09-24", select: list[str] | None = None) -> list[Diagnostic]:
        return self.open(today).check(select=select)

    def codes(self, today: str = "2026-09-24", select: list[str] | None = None) -> list[tuple[str, str, int]]:
        """(code, path, line) of every diagnostic: the short form most tests compare."""
        return [(d.code, d.path, d.line) for d in self.check(today, select)]

    def run(self, *args: str, today: str | None = "2026-09-24") -> Run:
        """`vaultkit --vault ROOT [--today DATE] ARGS...` in this process."""
        self.capsys.readouterr()
        prefix = ["--vault", str(self.root)] + (["--today", today] if today else [])
        code = main([*prefix, *args])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose the date and the output format themselves, wherever they run (CI sets neither)."""
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "VAULTKIT_TODAY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def vault(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> VaultBuilder:
    root = tmp_path / "vault"
    root.mkdir()
    (root / ".obsidian").mkdir()
    return VaultBuilder(root, capsys)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `vaultkit ARGS...` in this process: `cli("--vault", path, "check")`."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of sample-vault/ (without its index), for tests that write to it."""
    import shutil

    target = tmp_path / "sample-vault"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".vaultkit"))
    return target
