"""`check --format sarif` is valid SARIF 2.1.0 (the OASIS schema in tests/schemas/) and says what a viewer needs."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, SAMPLE_TODAY, VaultBuilder
from jsonschema import Draft4Validator

from vaultkit.rules import RULES

SCHEMA_PATH = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"  # the draft it declares
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def sample_sarif(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from vaultkit.cli import main

    root = tmp_path_factory.mktemp("sarif") / "sample-vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".vaultkit"))
    output = root.parent / "vaultkit.sarif"
    code = main(["--vault", str(root), "--today", SAMPLE_TODAY, "check", "--format", "sarif", "--output", str(output)])
    assert code == 1
    return json.loads(output.read_text(encoding="utf-8"))


def errors(validator: Draft4Validator, log: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_the_sample_vaults_sarif_is_valid(validator: Draft4Validator, sample_sarif: Any) -> None:
    assert errors(validator, sample_sarif) == []
    assert sample_sarif["version"] == "2.1.0"
    assert len(sample_sarif["runs"][0]["results"]) == 48


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), "2.0.0"),
        (("runs", 0, "results", 0, "level"), "info"),
        (("runs", 0, "results", 0, "locations", 0, "physicalLocation", "region", "startLine"), 0),
        (("runs", 0, "tool", "driver", "name"), None),
        (("runs", 0, "columnKind"), "bytes"),
    ],
)
def test_the_validator_rejects_a_broken_log(
    validator: Draft4Validator, sample_sarif: Any, path: tuple[Any, ...], value: Any
) -> None:
    broken = copy.deepcopy(sample_sarif)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert errors(validator, broken) != []


def test_every_rule_is_described(sample_sarif: Any) -> None:
    driver = sample_sarif["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("vaultkit", __import__("vaultkit").__version__)
    described = driver["rules"]
    assert [r["id"] for r in described] == sorted(RULES)
    vk101 = next(r for r in described if r["id"] == "VK101")
    assert vk101["name"] == "neglected-contact"
    assert vk101["shortDescription"]["text"] == RULES["VK101"].summary
    assert vk101["fullDescription"]["text"] == RULES["VK101"].doc
    assert vk101["defaultConfiguration"] == {"level": "warning", "enabled": True}
    vk108 = next(r for r in described if r["id"] == "VK108")
    assert vk108["defaultConfiguration"] == {"level": "note", "enabled": False}


def test_results_point_at_their_rule_and_place(sample_sarif: Any) -> None:
    run = sample_sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    vk003 = next(r for r in run["results"] if r["ruleId"] == "VK003")
    assert vk003 == {
        "ruleId": "VK003",
        "ruleIndex": 2,
        "level": "error",
        "message": {"text": "duplicate key 'company' (also on line 3); the first one is used"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "People/Bianca%20Rossi.md", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 8},
        }}],
    }  # fmt: skip
    assert run["columnKind"] == "unicodeCodePoints"


def test_levels_follow_severities(sample_sarif: Any) -> None:
    levels = {(r["ruleId"], r["level"]) for r in sample_sarif["runs"][0]["results"]}
    assert {("VK001", "error"), ("VK101", "warning"), ("VK102", "note"), ("VK301", "note")} <= levels


def test_a_fix_is_a_replacement(sample_sarif: Any) -> None:
    vk104 = next(r for r in sample_sarif["runs"][0]["results"] if r["ruleId"] == "VK104")
    assert vk104["fixes"] == [{
        "description": {"text": "set last_contact to 2026-08-11"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "People/Tom%20Becker.md", "uriBaseId": "%SRCROOT%"},
            "replacements": [{
                "deletedRegion": {"startLine": 8, "startColumn": 15, "endLine": 8, "endColumn": 25},
                "insertedContent": {"text": "2026-08-11"},
            }],
        }],
    }]  # fmt: skip


def test_an_empty_run_is_valid(validator: Draft4Validator, vault: VaultBuilder) -> None:
    run = vault.run("check", "--select", "VK1", "--format", "sarif")
    log = run.json()
    assert (run.code, log["runs"][0]["results"]) == (0, [])
    assert errors(validator, log) == []


def test_accents_and_odd_characters_stay_valid(validator: Draft4Validator, vault: VaultBuilder) -> None:
    vault.write("People/Zoë #1 [draft] 50%.md", "---\nrole: mentor\naliases: [Zo]\nlast_contact: 2026-01-01\n---\n")
    vault.write("Daily/2026-01-01.md", "- 🎉 lunch with [[Zo]] <b>&</b>\n")
    log = vault.run("check", "--format", "sarif").json()
    assert errors(validator, log) == []
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert "People/Zo%C3%AB%20%231%20%5Bdraft%5D%2050%25.md" in uris
