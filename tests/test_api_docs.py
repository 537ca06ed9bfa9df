"""The Python API's page (docs/api.md) and docstring run as written, and say what `check` says."""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SAMPLE_TODAY

import vaultkit
import vaultkit.api


@pytest.fixture
def beside_the_sample(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder holds `sample-vault/`, as the examples expect (a copy: they index it)."""
    monkeypatch.chdir(sample_copy.parent)
    return sample_copy


def test_the_api_page_runs_as_written(beside_the_sample: Path) -> None:
    failed, attempted = doctest.testfile(
        str(REPO / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS, report=True
    )
    assert (failed, attempted >= 15) == (0, True)


def test_the_api_docstring_runs_as_written(beside_the_sample: Path) -> None:
    failed, attempted = doctest.testmod(vaultkit.api, optionflags=doctest.ELLIPSIS, report=True)
    assert (failed, attempted >= 4) == (0, True)


@pytest.mark.parametrize("select", [None, ["VK101"], ["VK1", "VK3"]])
def test_the_api_checks_what_the_command_line_checks(
    cli: Any, beside_the_sample: Path, select: list[str] | None
) -> None:
    vault = vaultkit.open_vault(beside_the_sample, today=date.fromisoformat(SAMPLE_TODAY))
    found = [d.as_json() for d in vault.check(select=select)]
    options = ["--select", ",".join(select)] if select else []
    run = cli("--vault", str(beside_the_sample), "--today", SAMPLE_TODAY, "check", "--format", "json", *options)
    assert found == json.loads(run.out) != []


def test_whom_the_api_calls_overdue_is_whom_check_and_the_report_call_overdue(
    cli: Any, beside_the_sample: Path
) -> None:
    vault = vaultkit.open_vault(beside_the_sample, today=date.fromisoformat(SAMPLE_TODAY))
    overdue = sorted(vault.person_at[d.path].name for d in vault.check(select=["VK101"]))
    run = cli(
        "--vault", str(beside_the_sample), "--today", SAMPLE_TODAY, "check", "--select", "VK101", "--format", "json"
    )
    assert sorted(vault.person_at[d["path"]].name for d in run.json()) == overdue
    report = vault.report()
    assert (report.overdue_total, sorted(o.person.name for o in report.reach_out)) == (len(overdue), overdue)
    naive = {p.name for p in vault.people if p.is_overdue(vault.today)}
    assert naive > set(overdue)  # the paused, the gone, the snoozed and the silenced: not VK101
