"""The whole output of `check` on sample-vault/ at its pinned date, held in tests/golden/.

Regenerate with `VAULTKIT_UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then read the diff: every
changed line is a change a user will see.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLE, SAMPLE_TODAY

from vaultkit.rules import RULES

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("VAULTKIT_UPDATE_GOLDEN") == "1"

# docs/sample-vault.md: which note makes each rule fire, and how often.
EXPECTED_COUNTS = {
    "VK001": 1, "VK002": 1, "VK003": 1, "VK004": 2, "VK005": 1, "VK006": 1,
    "VK101": 9, "VK102": 1, "VK103": 1, "VK104": 1, "VK105": 2, "VK106": 3, "VK107": 1, "VK108": 1, "VK109": 1,
    "VK201": 1, "VK202": 1, "VK203": 1, "VK204": 1, "VK205": 1,
    "VK301": 1, "VK302": 1, "VK303": 1, "VK304": 1, "VK305": 4,
    "VK401": 1, "VK402": 3, "VK403": 4,
}  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """`check --format F --output FILE` on a fresh copy of sample-vault/ (no index left over)."""
    from vaultkit.cli import main

    root = tmp_path_factory.mktemp("golden") / "sample-vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".vaultkit"))
    found = {}
    for fmt in ("text", "json"):
        target = root.parent / f"check.{fmt}"
        code = main(["--vault", str(root), "--today", SAMPLE_TODAY, "check", "--format", fmt, "--output", str(target)])
        found[fmt] = (code, target.read_text(encoding="utf-8"), str(root))
    return found


@pytest.mark.parametrize(("fmt", "name"), [("text", "check.txt"), ("json", "check.json")])
def test_golden_output(outputs: dict[str, tuple[int, str, str]], fmt: str, name: str) -> None:
    code, out, root = outputs[fmt]
    assert code == 1  # five errors
    assert root not in out  # paths are relative to the vault
    golden = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert out == golden.read_text(encoding="utf-8")


def test_every_rule_fires_in_the_sample_vault(outputs: dict[str, tuple[int, str, str]]) -> None:
    counts = Counter(d["code"] for d in json.loads(outputs["json"][1]))
    assert set(counts) == set(RULES)
    assert dict(sorted(counts.items())) == EXPECTED_COUNTS


def test_the_golden_text_ends_with_the_summary(outputs: dict[str, tuple[int, str, str]]) -> None:
    lines = outputs["text"][1].splitlines()
    assert lines[-2:] == [
        "Found 48 problems (5 errors, 32 warnings, 11 info) in 35 notes.",
        "4 fixable with `vaultkit check --fix` (see them with --diff).",
    ]
