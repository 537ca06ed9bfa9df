"""What a new user found the watcher doing wrong (issue 14), each now a test: the report's path,
the vault's folder going away, settings while polling, and a suggestion that changed."""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import VaultBuilder
from vaultkit.diagnostics import Diagnostic
from vaultkit.watch import differences

TODAY = "2026-11-20"


def start(root: Path, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", TODAY, "watch", *args]
    environment = {key: value for key, value in os.environ.items() if key != "VAULTKIT_TODAY"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=environment
    )


def line(process: subprocess.Popen[str], seconds: float = 20) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if selector.select(timeout=0.1):
            return process.stdout.readline()
    raise AssertionError("no line in time")


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stderr is not None
    return code, process.stderr.read()


PERSON = "---\nrole: peer\n---\n"


def test_a_relative_report_is_the_vaults_and_the_ready_line_says_where(vault: VaultBuilder, tmp_path: Path) -> None:
    vault.write("People/Ana.md", PERSON)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    watcher = start(vault.root, "--report", "Dashboard.md", cwd=elsewhere)
    try:
        ready = line(watcher)
        assert f"keeping {vault.root / 'Dashboard.md'} current" in ready
        assert (vault.root / "Dashboard.md").read_text(encoding="utf-8").startswith("---\n")
        assert not (elsewhere / "Dashboard.md").exists()
    finally:
        assert finish(watcher)[0] == 0


def test_a_markdown_file_outside_the_vault_it_did_not_write_is_refused(vault: VaultBuilder, tmp_path: Path) -> None:
    vault.write("People/Ana.md", PERSON)
    mine = tmp_path / "Other vault" / "Dashboard.md"
    mine.parent.mkdir()
    mine.write_text("# My own dashboard\n- [ ] ship Q4\n", encoding="utf-8")
    watcher = start(vault.root, "--report", str(mine))
    code, said = finish(watcher) if watcher.wait(timeout=30) is not None else (None, "")
    assert code == 2
    assert "a Markdown file vaultkit did not write: choose another file for --report" in said
    assert mine.read_text(encoding="utf-8") == "# My own dashboard\n- [ ] ship Q4\n"


def test_the_vault_folder_gone_stops_the_watcher_with_status_1(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "People").mkdir(parents=True)
    (root / "vaultkit.toml").write_text("", encoding="utf-8")
    (root / "People" / "Ana.md").write_text(PERSON, encoding="utf-8")
    watcher = start(root)
    try:
        assert line(watcher).startswith("ready:")
        shutil.rmtree(root)
        code = watcher.wait(timeout=20)
    finally:
        code, said = finish(watcher)
    assert code == 1
    assert "is gone (deleted, moved or unmounted); stopping" in said
    assert watcher.stdout is not None and "+ " not in watcher.stdout.read()  # no finding about an empty vault


def test_polling_follows_the_config_after_the_vaults_top_folder_changed(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: peer\nrole: mentor\n---\n")  # VK003
    vault.write("vaultkit.toml", "")
    watcher = start(vault.root, "--polling")
    try:
        assert line(watcher).startswith("ready:")
        vault.write("Inbox.md", "A new note at the top: the top folder changed.\n")
        time.sleep(3)
        vault.write("vaultkit.toml", '[rules]\nignore = ["VK003"]\n')
        resolved = line(watcher, 15)
        assert resolved.startswith("- People/Ana.md:3:1: VK003/duplicate-key")
    finally:
        assert finish(watcher)[0] == 0


def _d(message: str) -> Diagnostic:
    return Diagnostic("VK403", "ambiguous-link", "warning", "Daily/2026-09-08.md", 9, 12, 9, 20, message, None)


def test_a_suggestion_that_changed_is_the_same_diagnostic_updated() -> None:
    before = _d("[[Alex]] could be [[Alex Kim]] or [[Alex Rivera]]: write whom you mean")
    after = _d("[[Alex]] could be [[Alex Kim]], [[Alex Rivera]] or [[Tom Becker]]: write whom you mean")
    other = _d("[[Sam]] could be [[Sam Lee]] or [[Samuel Lee]]: write whom you mean")
    assert differences([before], [after]) == ([], [], [(before, after)])
    assert differences([before], [after, other]) == ([other], [], [(before, after)])


def test_the_watchers_dashboard_is_the_report_commands_note(sample_copy: Path) -> None:
    """The watcher takes the report's rules that its check runs from the check (no second state of
    every note), and runs the others itself: the same note as `vaultkit report --format markdown`,
    whatever the watcher's own --select and --ignore."""
    from vaultkit.engine.live import Live
    from vaultkit.report import render_report

    command = [sys.executable, "-m", "vaultkit", "--vault", str(sample_copy), "--today", "2026-09-24"]
    expected = subprocess.run([*command, "report", "--format", "markdown"], capture_output=True, text=True).stdout
    assert "## Problems" in expected
    for ignore in ((), ("VK101", "VK106"), ("VK2", "VK3")):
        live = Live(str(sample_copy), today="2026-09-24", ignore=ignore)
        try:
            live.refresh(None)
            note = render_report(live.report(), "markdown")
        finally:
            live.close()
        before = note.partition("## Problems")[0]
        assert before == expected.partition("## Problems")[0], ignore
        if not ignore:
            assert note == expected


def test_an_alias_that_is_someone_elses_name_makes_them_one_person_in_the_live_state(vault: VaultBuilder) -> None:
    """VK105 reads a name as another's alias and the other way: a person given as an alias the
    name of someone already there runs that someone's unit again too."""
    from vaultkit.engine.live import Live

    vault.write("People/Zed Q.md", "---\nname: Zed Q\nrole: peer\n---\n")
    vault.write("People/Ethan Brooks.md", "---\nname: Ethan Brooks\nrole: peer\n---\n")
    live = Live(str(vault.root), today=TODAY)
    try:
        live.refresh(None)
        assert not [d for d in live.diagnostics if d.code == "VK105"]
        vault.write("People/Ethan Brooks.md", "---\nname: Ethan Brooks\naliases: [Zed Q]\nrole: peer\n---\n")
        live.refresh(["People/Ethan Brooks.md"])
        found = sorted(d.path for d in live.diagnostics if d.code == "VK105")
    finally:
        live.close()
    assert found == ["People/Ethan Brooks.md", "People/Zed Q.md"]


def test_a_config_outside_the_vault_is_followed(vault: VaultBuilder, tmp_path: Path) -> None:
    vault.write("People/Ana.md", "---\nrole: peer\nrole: mentor\n---\n")  # VK003
    config = tmp_path / "settings" / "vaultkit.toml"
    config.parent.mkdir()
    config.write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault.root), "--config", str(config)]
    environment = {key: value for key, value in os.environ.items() if key != "VAULTKIT_TODAY"}
    watcher = subprocess.Popen(
        [*command, "--today", TODAY, "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=environment,
    )  # fmt: skip
    try:
        assert line(watcher).startswith("ready:")
        config.write_text('[rules]\nignore = ["VK003"]\n', encoding="utf-8")
        assert line(watcher).startswith("- People/Ana.md:3:1: VK003/duplicate-key")
    finally:
        assert finish(watcher)[0] == 0
