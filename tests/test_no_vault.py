"""Run from a folder that is no vault: nobody marked it (no config, `.obsidian/` or `.git/` in it
or above it) and it holds no notes. vaultkit says so, in one line, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_TODAY, VaultBuilder

from vaultkit import __version__


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder in no vault, as the current folder, with the home and cache folders in tmp."""
    folder = tmp_path / "nowhere"
    folder.mkdir()
    assert not any(
        (above / marker).exists() for above in (folder, *folder.parents) for marker in (".git", ".obsidian")
    ), "tests need a tmp folder outside any vault or repository"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(folder)
    return folder


def everything(folder: Path) -> list[str]:
    """Every file and folder under `folder`: what a command must leave as it found it."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def said(folder: Path) -> str:
    return (
        f"vaultkit: error: no vault here: {folder} has no notes (.md) within two folders; "
        "run vaultkit init, or pass --vault PATH\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json", "--output", "out.json"],
        ["report"],
        ["report", "--format", "markdown", "--output", "Report.md"],
        ["people"],
        ["plan"],
        ["index", "--stats"],
    ],
)
def test_a_command_in_an_empty_folder_says_there_is_no_vault_and_writes_nothing(
    cli: Any, nowhere: Path, tmp_path: Path, args: list[str]
) -> None:
    run = cli("--today", SAMPLE_TODAY, *args)
    assert (run.code, run.out, run.err) == (2, "", said(nowhere))
    assert everything(tmp_path) == ["nowhere"]  # no .vaultkit/, no cache index, no output, no plan


def test_rules_help_and_version_work_anywhere(cli: Any, nowhere: Path, tmp_path: Path) -> None:
    listed = cli("rules")
    assert listed.code == 0 and listed.out.startswith("code    name") and "VK101   neglected-contact" in listed.out
    explained = cli("rules", "VK101")
    assert explained.code == 0 and explained.out.startswith("VK101/neglected-contact")
    helped = cli("--help")
    assert helped.code == 0 and "Keep your professional network alive" in helped.out
    assert cli("check", "--help").code == 0
    assert cli("--version").out == f"vaultkit, version {__version__}\n"
    assert everything(tmp_path) == ["nowhere"]


def test_notes_more_than_two_folders_down_or_hidden_do_not_make_a_vault(cli: Any, nowhere: Path) -> None:
    for path in ("a/b/c/Deep.md", ".trash/Old.md", "a/.hidden/Old.md", "node_modules/pkg/README.md",
                 "Drawing.excalidraw.md", "a/notes.txt"):  # fmt: skip
        (nowhere / path).parent.mkdir(parents=True, exist_ok=True)
        (nowhere / path).write_text("[[Ana]]\n", encoding="utf-8")
    before = everything(nowhere)
    run = cli("--today", SAMPLE_TODAY, "check")
    assert (run.code, run.err) == (2, said(nowhere))
    assert everything(nowhere) == before


@pytest.mark.parametrize("note", ["Ana.md", "People/Ana.md", "Work/People/Ana.md", "NOTES.MD"])
def test_a_folder_nobody_marked_that_holds_notes_is_read_with_its_index_in_the_cache(
    cli: Any, nowhere: Path, tmp_path: Path, note: str
) -> None:
    (nowhere / note).parent.mkdir(parents=True, exist_ok=True)
    (nowhere / note).write_text("---\ntype: person\nlevel: peer\nlevel: junior\n---\n", encoding="utf-8")
    run = cli("--today", SAMPLE_TODAY, "check", "--select", "VK003")
    assert (run.code, run.err) == (1, "")
    assert run.out.startswith(f"{note}:4:1: VK003/duplicate-key [error]")
    assert not (nowhere / ".vaultkit").exists()  # never a .vaultkit/ in a folder nobody marked
    [index] = (tmp_path / "cache" / "vaultkit").glob("*/index.sqlite3")
    if hasattr(os, "getuid"):
        assert index.parent.stat().st_mode & 0o777 == 0o700
    again = cli("--today", SAMPLE_TODAY, "check", "--select", "VK003")  # from that index
    assert (again.code, again.out) == (run.code, run.out)
    assert cli("--today", SAMPLE_TODAY, "index").out.startswith("Index up to date: 1 notes")


@pytest.mark.parametrize("marker", [".obsidian", ".git", "vaultkit.toml", ".vaultkit.toml"])
def test_a_folder_somebody_marked_is_a_vault_even_without_notes(
    cli: Any, nowhere: Path, tmp_path: Path, marker: str
) -> None:
    if marker.endswith(".toml"):
        (tmp_path / marker).write_text("", encoding="utf-8")
    else:
        (tmp_path / marker).mkdir()
    run = cli("--today", SAMPLE_TODAY, "people", "--format", "json")
    assert (run.code, run.out, run.err) == (0, "[]\n", "")
    assert (tmp_path / ".vaultkit" / "index.sqlite3").exists()  # the marked folder above: the vault


def test_vault_given_is_a_vault_even_without_notes(cli: Any, nowhere: Path, tmp_path: Path) -> None:
    empty = tmp_path / "new-vault"
    empty.mkdir()
    run = cli("--vault", str(empty), "--today", SAMPLE_TODAY, "people", "--format", "json")
    assert (run.code, run.out, run.err) == (0, "[]\n", "")
    assert (empty / ".vaultkit").is_dir()


def test_check_paths_from_no_vault_checks_the_vault_they_are_in(vault: VaultBuilder, cli: Any, nowhere: Path) -> None:
    vault.write("People/Ana.md", "---\nlevel: peer\nlevel: junior\n---\n")
    whole = vault.run("check", "--select", "VK003")
    assert whole.code == 1 and whole.out.startswith("People/Ana.md:3:1: VK003/duplicate-key")
    for path in (str(vault.root), str(vault.root / "People" / "Ana.md"), os.path.relpath(vault.root, nowhere)):
        run = cli("--today", SAMPLE_TODAY, "check", "--select", "VK003", path)
        assert (run.code, run.out, run.err) == (whole.code, whole.out, "")
    assert everything(nowhere) == []
    # Paths in no vault leave the current folder to be the vault: here, none.
    stray = nowhere.parent / "stray.md"
    stray.write_text("# stray\n", encoding="utf-8")
    run = cli("--today", SAMPLE_TODAY, "check", str(stray))
    assert (run.code, run.out, run.err) == (2, "", said(nowhere))


def test_the_probe_lists_two_folders_down_at_most_and_stops_at_the_first_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home folder is probed, not walked: however deep it goes, three levels of listings."""
    import vaultkit.discovery
    from vaultkit.discovery import holds_notes

    home = tmp_path / "home"
    for first in ("Documents", "src", "Music"):
        for second in ("a", "b"):
            (home / first / second / "deeper" / "still").mkdir(parents=True)
            (home / first / second / "deeper" / "still" / "Far.md").write_text("", encoding="utf-8")
    listed: list[Path] = []
    scandir = os.scandir

    def counting(path: Any) -> Any:
        listed.append(Path(path))
        return scandir(path)

    monkeypatch.setattr(vaultkit.discovery.os, "scandir", counting)
    assert not holds_notes(home, 2)
    assert max(len(path.relative_to(home).parts) for path in listed) == 2
    assert len(listed) == 1 + 3 + 6
    (home / "Inbox.md").write_text("", encoding="utf-8")
    listed.clear()
    assert holds_notes(home, 2)
    assert listed == [home]  # the first note ends it
