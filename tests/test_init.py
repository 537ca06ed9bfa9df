"""`vaultkit init [PATH]`: a commented vaultkit.toml generated from the config schema, the people
and plans folders, a person and a plan template; only what is missing, never over anything."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from vaultkit.config import SCHEMA, Config, load_config
from vaultkit.create.init import NOTES, config_text, init_vault
from vaultkit.lint import select_rules
from vaultkit.rules import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder below `root` (folders as None), the index aside."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".vaultkit"]
        for name in dirs:
            found[(Path(folder) / name).relative_to(root).as_posix() + "/"] = None
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = path.read_bytes() if not path.is_symlink() else b"->"
    return found


def plain(config: Config) -> Config:
    return dataclasses.replace(config, source=None, raw={})


# -- the config file, from the schema --------------------------------------------------------------


def test_every_schema_key_is_in_the_file_with_its_default(tmp_path: Path) -> None:
    table = tomllib.loads(config_text())
    for section, keys in SCHEMA.items():
        assert section in table, section
        for key, (_kind, default) in keys.items():
            if (section, key) == ("rules", "options"):
                continue
            assert table[section][key] == default, (section, key)
    options = {code: rule.options for code, rule in RULES.items() if rule.options}
    assert table["rules"]["options"] == options
    assert set(table) == set(SCHEMA)


def test_every_schema_key_has_a_comment_saying_what_it_means() -> None:
    assert {s: set(keys) for s, keys in NOTES.items()} == {s: set(keys) for s, keys in SCHEMA.items()}
    lines = config_text().splitlines()
    table = ""
    for number, line in enumerate(lines):
        if line.startswith("["):
            table = line
            if table.startswith("[rules.options."):  # a rule's options: the rule's summary above them
                assert lines[number + 1].startswith(f"# {table[15:-1]}/"), table
        elif " = " in line and not line.startswith("#") and not table.startswith("[rules.options."):
            assert lines[number - 1].startswith("# "), line
    assert "# options: " in config_text()


def test_the_written_file_loads_back_to_the_defaults(tmp_path: Path) -> None:
    default = load_config(tmp_path)  # no config yet
    (tmp_path / "vaultkit.toml").write_text(config_text(), encoding="utf-8")
    written = load_config(tmp_path)
    assert written.source == tmp_path / "vaultkit.toml"
    assert dataclasses.replace(plain(written), rule_options={}) == plain(default)
    assert written.rule_options == {code: rule.options for code, rule in RULES.items() if rule.options}
    assert select_rules(written) == select_rules(default)  # what runs, with which options and severities


def test_a_key_added_to_the_schema_appears_in_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCHEMA, "me", {**SCHEMA["me"], "title": ("str", "Staff Engineer")})
    text = config_text()
    assert '\ncompany = ""\ntitle = "Staff Engineer"\n' in text  # without a comment until NOTES has one


# -- init on a folder -------------------------------------------------------------------------------


@pytest.fixture
def run(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)

    def go(*args: str) -> Run:
        result: Run = cli(*args)
        return result

    return go


def test_init_on_a_new_folder(run: Any, tmp_path: Path) -> None:
    result = run("init", "network")
    root = tmp_path / "network"
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"vaultkit init: {root}\n"
        "  created     vaultkit.toml (every setting at its default, with what it means)\n"
        "  created     People/\n"
        "  created     Plans/\n"
        "  created     Templates/\n"
        "  created     Templates/Person.md\n"
        "  created     Templates/Plan.md\n"
        'Next: vaultkit new "Ana Núñez" --role mentor --level senior, then vaultkit plan.\n'
    )
    assert sorted(tree(root)) == [
        "People/", "Plans/", "Templates/", "Templates/Person.md", "Templates/Plan.md", "vaultkit.toml",
    ]  # fmt: skip
    assert (root / "vaultkit.toml").read_text(encoding="utf-8") == config_text()
    # The templates are no notes: nothing of theirs is checked, nobody is a person.
    check = run("--vault", str(root), "--today", "2026-09-24", "check", "--format", "json")
    assert {d["path"] for d in json.loads(check.out)} == {"Plans/2026-Q3.md", "Plans/2026-Q4.md"}  # no plan yet
    assert run("--vault", str(root), "people", "--format", "json").out == "[]\n"


def test_init_twice_adds_nothing_and_changes_nothing(run: Any, tmp_path: Path) -> None:
    run("init", "v")
    before = tree(tmp_path / "v")
    result = run("init", "v")
    assert result.code == 0
    assert result.out.splitlines()[1:] == [
        "  left alone  vaultkit.toml (the vault's config)",
        "  left alone  People/ (there already)",
        "  left alone  Plans/ (there already)",
        "  left alone  Templates/Person.md (a template of that name is there)",
        "  left alone  Templates/Plan.md (a template of that name is there)",
        "Nothing was missing.",
        'Next: vaultkit new "Ana Núñez" --role mentor --level senior, then vaultkit plan.',
    ]
    assert tree(tmp_path / "v") == before


def test_init_without_path_is_the_current_folder_or_the_vault_option(run: Any, tmp_path: Path) -> None:
    assert run("init").code == 0
    assert (tmp_path / "vaultkit.toml").is_file()
    assert run("--vault", "other", "init").code == 0
    assert (tmp_path / "other" / "People").is_dir()


def test_an_obsidian_vault_gets_its_templates_in_obsidians_templates_folder(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian/templates.json").write_text('{"folder": "Meta/Templates"}')
    (root / "Meta/Templates").mkdir(parents=True)
    (root / "Meta/Templates/Meeting.md").write_text("# {{title}}\n")
    assert run("init", "v").code == 0
    assert (root / "Meta/Templates/Person.md").is_file() and (root / "Meta/Templates/Plan.md").is_file()
    assert not (root / "Templates").exists()


def test_templaters_folder_when_the_core_plugin_names_none(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    (root / ".obsidian/plugins/templater-obsidian").mkdir(parents=True)
    (root / ".obsidian/plugins/templater-obsidian/data.json").write_text('{"templates_folder": "zz/tpl"}')
    result = run("init", "v")
    assert "  created     zz/tpl/Person.md\n" in result.out
    # Templater's folder is a templates folder: `new` finds the template there, and nothing in it is a note.
    (root / "zz/tpl/Person.md").write_text("---\nsource: templater\n---\n")
    assert run("--vault", str(root), "new", "Ana").code == 0
    assert (root / "People/Ana.md").read_text() == "---\nsource: templater\n---\n"


def test_an_existing_template_of_another_case_or_folder_is_left_alone(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    (root / "_templates").mkdir(parents=True)
    (root / "_templates/person.md").write_text("mine\n")
    result = run("init", "v")
    assert "  left alone  _templates/person.md (a template of that name is there)\n" in result.out
    assert "  created     _templates/Plan.md\n" in result.out
    assert (root / "_templates/person.md").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".vaultkit.toml", '[vault]\npeople = ["Contacts"]\nplans = "Quarterly"\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n[tool.vaultkit.vault]\npeople = ["Contacts"]\nplans = "Quarterly"\n',
        ),
    ],
)
def test_a_config_of_another_name_is_followed_and_never_shadowed(
    run: Any, tmp_path: Path, name: str, text: str
) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / name).write_text(text)
    result = run("init", "v")
    assert result.code == 0
    assert f"  left alone  {name} (the vault's config)\n" in result.out
    assert not (root / "vaultkit.toml").exists()  # it would have been read instead of theirs
    assert (root / "Contacts").is_dir() and (root / "Quarterly").is_dir() and not (root / "People").exists()
    assert (root / name).read_text() == text


def test_a_pyproject_without_vaultkit_gets_a_vaultkit_toml(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert "created     vaultkit.toml" in run("init", "v").out


def test_folders_are_spelled_as_on_disk(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    (root / "people").mkdir(parents=True)
    result = run("init", "v")
    assert "  left alone  people/ (there already)\n" in result.out
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["Plans", "Templates", "people"]


def test_a_config_with_a_mistake_writes_nothing(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "vaultkit.toml").write_text('[vault]\npeople = "../out"\n')
    before = tree(root)
    result = run("init", "v")
    assert result.code == 2
    assert "vaultkit.toml:2: [vault.people]" in result.err
    assert tree(root) == before


def test_a_templates_folder_that_is_a_link_is_left_alone(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian/templates.json").write_text('{"folder": "Shared"}')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "Shared").symlink_to(elsewhere, target_is_directory=True)
    result = run("init", "v")
    assert result.code == 0
    assert "  left alone  Shared/Person.md (a symbolic link on its way: vaultkit follows none)\n" in result.out
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_a_folder_goes_is_refused(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "People").write_text("not a folder")
    result = run("init", "v")
    assert (result.code, result.err) == (1, "vaultkit: People: a file, not a folder; nothing written there\n")
    assert run("init", "v/People").code == 2


def test_init_then_new_then_plan_then_check_and_report(run: Any, tmp_path: Path) -> None:
    """The README's "start your own vault", without `log`: a new vault says what a user expects."""
    root = tmp_path / "network"
    assert run("init", "network").code == 0
    vault = ["--vault", str(root), "--today", "2026-09-24"]
    for args in (
        ["Ana Núñez", "--role", "mentor", "--level", "senior", "--company", "Northwind"],
        ["Dev Rao", "--role", "peer", "--met", "2026-09-01"],
        ["Chloe Park", "--role", "mentee", "--cadence", "1m"],
    ):
        assert run(*vault, "new", *args).code == 0
    assert run(*vault, "plan").code == 0
    check = run(*vault, "check")
    codes = sorted({line.split(": ", 1)[1].split("/")[0] for line in check.out.splitlines() if ": VK" in line})
    # Every note reads well (no VK0xx); nobody contacted yet (VK102, VK205), no sponsor (VK202), one
    # mentor (VK203), one new connection (VK204), an empty plan (VK302), next quarter's ahead (VK301).
    assert codes == ["VK102", "VK202", "VK203", "VK204", "VK205", "VK301", "VK302"]
    report = run(*vault, "report", "--format", "json")
    assert report.code == 0
    people = run(*vault, "people", "--format", "json").out
    assert '"Ana Núñez"' in people and '"Chloe Park"' in people and '"Dev Rao"' in people


def test_init_api_returns_the_lines(tmp_path: Path) -> None:
    lines = init_vault(tmp_path / "x")
    assert lines[0] == f"vaultkit init: {tmp_path / 'x'}"


def test_a_config_given_with_the_option_is_read_and_left_alone(run: Any, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.toml").write_text('[vault]\npeople = ["Folks"]\n')
    result = run("--config", str(tmp_path / "elsewhere.toml"), "init", "v")
    assert result.code == 0
    assert (
        f"  left alone  {tmp_path / 'elsewhere.toml'} (given with --config; no vaultkit.toml written)\n" in result.out
    )
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["Folks", "Plans", "Templates"]


def test_a_folder_inside_another_vault_is_said_to_be(run: Any, tmp_path: Path) -> None:
    run("init", "outer")
    result = run("init", "outer/inner")
    assert (
        f"  note        it lies inside the vault at {tmp_path / 'outer'}, and is now a vault of its own\n" in result.out
    )
