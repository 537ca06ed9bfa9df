"""Faults from the world around vaultkit: links, full disks, closed streams, files swapped
while it reads. Each is one clear line and an exit status, never a traceback or lost data."""

from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
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


# -- writes and paths (issue 13, items 2-5): never over what is there, never read back, a sentence --

NOBODY = 65534
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def unprivileged(command: list[str]) -> list[str]:
    """`command` run without the power to write where the file modes say no: as nobody when the
    tests run as root (CI does, and root's DAC override would write anyway)."""
    if not ROOT:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop root's override of file modes")
    dropped = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not _nobody_can_run_vaultkit(tuple(dropped)):
        pytest.skip("nobody (uid 65534) cannot import vaultkit here: its checkout or environment is private")
    return [*dropped, *command]


@functools.cache
def _nobody_can_run_vaultkit(dropped: tuple[str, ...]) -> bool:
    probe = [*dropped, sys.executable, "-c", "import click, vaultkit.cli"]
    return subprocess.run(probe, capture_output=True, check=False, cwd="/").returncode == 0


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder that nobody (uid 65534) can reach: pytest's own are private to root."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="vaultkit-faults-", dir="/tmp" if os.path.isdir("/tmp") else None))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def run_as_user(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = unprivileged([sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", "2026-12-06", *args])
    environment = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    for name in ("GITHUB_ACTIONS", "VAULTKIT_TODAY", "NO_COLOR"):
        environment.pop(name, None)
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False, timeout=120)


def give_to_nobody(folder: Path) -> None:
    if ROOT:
        for path in [folder, *folder.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)


TOM = "---\nname: Tom\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-08-11 lunch\n"  # VK104: fixable


# -- item 2: --output writes into what is there, as a shell's `>` would --------------------------------


@pytest.fixture
def tom(vault: VaultBuilder) -> VaultBuilder:
    vault.write("People/Tom.md", TOM)
    return vault


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_output_into_a_fifo_reaches_its_reader_and_the_fifo_stays(tom: VaultBuilder, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = tom.run("check", "--select", "VK104", "--format", "json", "--output", str(fifo))
    if reader.is_alive():  # the old way renamed a file over the FIFO: free the reader still waiting
        with open(fifo, "wb"):
            pass
    reader.join(10)
    assert (run.code, run.err) == (0, "")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b'"code": "VK104"' in got[0]


@pytest.mark.skipif(not ROOT, reason="making a character device takes root")
def test_output_into_a_character_device_leaves_the_device(tom: VaultBuilder, tmp_path: Path) -> None:
    """As root, `--output /dev/null` replaced the real /dev/null with a regular file: here a device
    of our own, the same as /dev/null (1, 3), stands for it."""
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    run = tom.run("check", "--select", "VK104", "--output", str(null))
    assert (run.code, run.err) == (0, "")
    found = null.lstat()
    assert stat.S_ISCHR(found.st_mode) and found.st_rdev == os.makedev(1, 3)


def test_output_through_a_link_replaces_its_target_and_keeps_the_link(tom: VaultBuilder, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "check.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    run = tom.run("check", "--select", "VK104", "--format", "json", "--output", str(link))
    assert (run.code, run.err) == (0, "")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert '"code": "VK104"' in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.joinpath("reports").iterdir()) == ["check.json"]  # no temporary left


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout on this system")
def test_output_to_dev_stdout_is_written_to_stdout(tom: VaultBuilder) -> None:
    command = [sys.executable, "-m", "vaultkit", "--vault", str(tom.root), "--today", "2026-12-06"]
    done = subprocess.run(
        [*command, "check", "--select", "VK104", "--format", "json", "--output", "/dev/stdout"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert '"code": "VK104"' in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="unix sockets are POSIX")
def test_output_onto_a_socket_is_refused_in_one_line(tom: VaultBuilder, tmp_path: Path) -> None:
    import socket

    place = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(place))
        run = tom.run("check", "--output", str(place))
    finally:
        server.close()
    assert run.code == 2 and run.err == f"vaultkit: error: {place}: that is a socket: choose a file for --output\n"
    assert stat.S_ISSOCK(place.lstat().st_mode)


# -- item 3: an output is never read back as a note -------------------------------------------------


def test_check_output_where_vaultkit_reads_notes_is_refused(vault: VaultBuilder) -> None:
    """`check --output Daily/2026-11-19.md` wrote "did you mean [[Ana Núñez]]?" into a daily note:
    the next run counted it as contact with Ana and cleared her overdue warning."""
    vault.write("People/Ana Núñez.md", "---\nrole: mentor\n---\n## Log\n- 2026-05-01 coffee\n")
    vault.write("Daily/2026-11-18.md", "Call [[Ana Nunez]].\n")  # VK402: did you mean [[Ana Núñez]]?
    before = vault.run("check", "--format", "json", today="2026-12-06")
    assert '"VK101"' in before.out and "did you mean [[Ana Núñez]]" in before.out
    daily = vault.root / "Daily" / "2026-11-19.md"
    for fmt in ("text", "json", "github"):
        run = vault.run("check", "--format", fmt, "--output", str(daily), today="2026-12-06")
        assert (run.code, run.out, daily.exists()) == (1, "", False)
        assert run.err.count("\n") == 1 and "vaultkit would read that file as a note of the vault" in run.err
    assert vault.run("check", "--format", "json", today="2026-12-06").out == before.out


def test_check_output_into_the_vault_where_no_note_is_read_is_written(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\nexclude = ["Reports/"]\n')
    vault.write("People/Tom.md", TOM)
    for place in (".vaultkit-reports/check.md", "Reports/check.md", "check.txt", "Drawing.excalidraw.md"):
        (vault.root / place).parent.mkdir(exist_ok=True)
        run = vault.run("check", "--select", "VK104", "--output", str(vault.root / place))
        assert (run.code, run.err) == (0, ""), place
        assert "VK104" in vault.read(place)
    assert "VK104" not in vault.run("check", "--select", "VK0").out  # none of them read as a note


def test_a_markdown_report_in_the_daily_folder_with_a_date_name_is_never_read_as_a_note(
    sample_copy: Path, cli: Any
) -> None:
    def answers() -> list[str]:
        return [
            cli("--vault", str(sample_copy), "--today", "2026-12-06", *command, "--format", "json").out
            for command in (("check",), ("people",), ("report",))
        ]

    before = answers()
    daily = sample_copy / "Daily" / "2026-11-19.md"
    written = cli("--vault", str(sample_copy), "--today", "2026-12-06", "report", "--format", "markdown",
                  "--output", str(daily))  # fmt: skip
    assert written.code == 0 and daily.read_text(encoding="utf-8").startswith("---\nvaultkit-report: true\n")
    assert "[[" in daily.read_text(encoding="utf-8")  # it links people, as a daily note would
    assert answers() == before


# -- item 4: plan never replaces a note ------------------------------------------------------------------


def test_plan_never_replaces_a_plan_saved_while_it_was_written(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.plan

    render = vaultkit.plan.render_plan
    mine = "---\ntype: plan\nquarter: 2026-Q4\n---\n## Senior\n- [ ] lunch with [[Ana]]\n"

    def render_while_the_owner_saves(*args: Any) -> str:
        vault.write("Plans/2026-Q4.md", mine)  # the owner saves the plan from another device just now
        return render(*args)

    monkeypatch.setattr(vaultkit.plan, "render_plan", render_while_the_owner_saves)
    run = vault.run("plan", today="2026-10-20")
    assert (run.code, run.out) == (1, "")
    assert run.err == "vaultkit: Plans/2026-Q4.md: exists already; nothing written\n"
    assert vault.read("Plans/2026-Q4.md") == mine
    assert sorted(p.name for p in (vault.root / "Plans").iterdir()) == ["2026-Q4.md"]  # no temporary file left


# -- item 5: a write that is refused is a sentence, and the rest is done ---------------------------------


def two_fixable_notes(root: Path) -> None:
    for folder in ("People", "Team"):
        (root / folder).mkdir(parents=True)
        (root / folder / "Tom.md").write_text(TOM.replace("Tom", f"Tom {folder}"), encoding="utf-8")
    (root / "vaultkit.toml").write_text('[vault]\npeople = ["People", "Team"]\n', encoding="utf-8")


def test_fix_in_a_read_only_folder_fixes_the_rest_and_says_which_in_one_line(shared: Path) -> None:
    root = shared / "vault"
    two_fixable_notes(root)
    give_to_nobody(shared)
    (root / "Team").chmod(0o555)
    done = run_as_user(root, shared, "check", "--select", "VK104", "--fix")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "vaultkit: Team/Tom.md: not fixed: cannot write it (permission denied)\n"
    assert "last_contact: 2026-08-11" in (root / "People/Tom.md").read_text(encoding="utf-8")
    assert (root / "Team/Tom.md").read_text(encoding="utf-8") == TOM.replace("Tom", "Tom Team")
    assert done.stdout.startswith("Team/Tom.md:3:1: VK104") and done.stdout.endswith("Fixed 1 problem.\n")


@pytest.mark.parametrize("exit_zero", [False, True])
def test_fix_on_a_full_disk_fixes_the_rest_and_says_which_in_one_line(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, exit_zero: bool
) -> None:
    two_fixable_notes(vault.root)
    real = os.replace

    def full(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if Path(target).parent.name == "Team":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    run = vault.run("check", "--select", "VK104", "--fix", *(["--exit-zero"] if exit_zero else []))
    assert run.code == 1
    assert run.err == "vaultkit: Team/Tom.md: not fixed: cannot write it (no space left on the device)\n"
    assert "last_contact: 2026-08-11" in vault.read("People/Tom.md")
    assert vault.read("Team/Tom.md") == TOM.replace("Tom", "Tom Team")
    assert sorted(p.name for p in (vault.root / "Team").iterdir()) == ["Tom.md"]  # no temporary file left


def test_plan_where_plans_is_a_file_is_one_line(vault: VaultBuilder) -> None:
    vault.write("Plans", "my plans, in one file\n")
    run = vault.run("plan", today="2026-10-20")
    assert (run.code, run.out) == (1, "")
    assert run.err == "vaultkit: Plans: a file, not a folder; the 2026-Q4 plan is not written\n"
    assert vault.read("Plans") == "my plans, in one file\n"


def test_plan_in_a_read_only_folder_is_one_line(shared: Path) -> None:
    root = shared / "vault"
    (root / "Plans").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / "People").mkdir()
    (root / "People" / "Ana.md").write_text("---\nrole: mentor\n---\n", encoding="utf-8")
    give_to_nobody(shared)
    (root / "Plans").chmod(0o555)
    done = run_as_user(root, shared, "plan")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "vaultkit: Plans/2026-Q4.md: cannot write it (permission denied); nothing written\n"
    assert not list((root / "Plans").iterdir())


def test_plan_on_a_full_disk_is_one_line_and_leaves_nothing(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n")
    (vault.root / "Plans").mkdir()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    run = vault.run("plan", today="2026-10-20")
    assert (run.code, run.out) == (1, "")
    assert run.err == "vaultkit: Plans/2026-Q4.md: cannot write it (no space left on the device); nothing written\n"
    assert not list((vault.root / "Plans").iterdir())


# -- what docs/security.md promises ------------------------------------------------------------------


def test_no_command_opens_a_network_connection(
    sample_copy: Path, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command, every format, with sockets made to fail: none of them needs one (a forked
    worker inherits the refusal)."""
    import socket

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"vaultkit tried the network: {args!r}")

    for name in ("connect", "connect_ex", "bind", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refused)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refused)
    base = ["--vault", str(sample_copy), "--today", "2026-09-24"]
    commands = [
        ["index", "--rebuild", "--stats"],
        *(["check", "--format", fmt] for fmt in ("text", "json", "sarif", "github", "junit")),
        *(["report", "--format", fmt] for fmt in ("text", "markdown", "json", "html")),
        ["people", "--format", "csv"],
        ["plan", "--dry-run"],
        ["check", "--select", "VK104", "--fix"],
        ["plan", "--quarter", "2027-Q1"],
    ]
    for command in commands:
        run = cli(*base, *command)
        assert run.code in (0, 1) and "tried the network" not in run.err, (command, run.err)
