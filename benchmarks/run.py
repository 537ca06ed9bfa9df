#!/usr/bin/env python3
"""Time vaultkit's operations as whole processes on a generated vault (spec 04-quality.md).

    python benchmarks/run.py --size large                 # generate /tmp/vaultkit-bench/large
    python benchmarks/run.py /path/to/vault --runs 3 --only check-cold,check-warm
    python benchmarks/run.py --growth                     # cold check, large vs huge
    python benchmarks/run.py V --reference --counts       # and the parse floor, the diagnostics

Every operation runs ``vaultkit [--vault V] [--today D] ...`` in a fresh process and is timed
with ``time.perf_counter`` around the whole process (start-up included). The table prints the
median and the minimum of ``--runs`` runs against the targets for the large vault. A command
that fails is reported as ``failed: <reason>`` and the script goes on. See README.md.

``--reference`` also times, in the same run, the parse floor (reading every note and parsing its
frontmatter with libyaml, nothing else) and prints each time as a multiple of it, since machines
differ 2× in speed from one session to the next; ``--markdownlint`` times markdownlint-cli2 on
the vault as a second reference. ``--counts`` prints the diagnostics by code.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # the generator beside this file

DEFAULT_TODAY = "2026-11-20"
DEFAULT_TIMEOUT = 600.0
BENCH_ROOT = Path(tempfile.gettempdir()) / "vaultkit-bench"
GROWTH_TARGET = 3.5

# Runs a command as its only child and prints that child's peak RSS: RUSAGE_CHILDREN of a fresh
# process covers exactly the measured command (and whatever it waited for), nothing before it.
RSS_HELPER = """
import json, os, resource, signal, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, start_new_session=True)
try:
    _, err = p.communicate(timeout=float(sys.argv[1]))
except BaseException as exc:
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    sys.exit(3 if isinstance(exc, subprocess.TimeoutExpired) else 4)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(json.dumps({"rc": p.returncode, "wall": wall, "maxrss": ru.ru_maxrss,
                             "stderr": err.decode("utf-8", "replace")[-4000:]}))
"""

# Reads every note and parses its frontmatter with libyaml, and does nothing else: the least that
# any linter of frontmatter has to do, so the floor that `--reference` gives vaultkit's times as
# multiples of. Folders starting with a dot are skipped, as vaultkit and vault_summary skip them.
PARSE_FLOOR = r"""
import os, re, sys, yaml
close = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
notes = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for name in filenames:
        if not name.lower().endswith(".md"):
            continue
        with open(os.path.join(dirpath, name), "rb") as fh:
            text = fh.read().decode("utf-8", "replace").removeprefix("\ufeff")
        notes += 1
        first = text.find("\n")
        if first < 0 or text[:first].rstrip() != "---":
            continue
        end = close.search(text, first + 1)
        if end is None:
            continue
        try:
            yaml.load(text[first + 1 : end.start()], Loader=yaml.CSafeLoader)
        except Exception:  # what YAML or a date like 2026-13-45 raises: the note still counts
            pass
print(notes)
"""


@dataclass
class Operation:
    key: str
    label: str
    target: float | None  # None for a reference, which has no target
    unit: str  # "s" or "MB"
    description: str


OPERATIONS: list[Operation] = [
    Operation("help", "--help", 0.25, "s", "vaultkit --help (start-up, lazy imports)"),
    Operation("rules", "rules", 0.25, "s", "vaultkit rules (start-up, lazy imports)"),
    Operation("index-cold", "index (cold)", 2.0, "s", "index with no .vaultkit/"),
    Operation("index-warm", "index (warm)", 0.5, "s", "index again, nothing changed"),
    Operation("index-change", "index (one change)", 0.6, "s", "index after one person note grew"),
    Operation("check-cold", "check (cold)", 2.5, "s", "check --exit-zero with no .vaultkit/"),
    Operation("check-warm", "check (warm)", 0.6, "s", "check --exit-zero, nothing changed"),
    Operation("check-change", "check (one change)", 0.7, "s", "check after one person note grew"),
    Operation(
        "check-add", "check (a new note)", 0.7, "s", "check after a new daily note mentioning a person (as one change)"
    ),
    Operation("report-warm", "report (warm)", 1.0, "s", "report --format text on a fresh index"),
    Operation(
        "memory",
        "peak memory, cold check",
        250.0,
        "MB",
        "max RSS of the largest process of a cold check (getrusage)",
    ),
    Operation(
        "watch-latency",
        "watch: a saved note to its line",
        0.3,
        "s",
        "vaultkit watch --format jsonl: an editor's save (temp + rename) to the added/resolved line, debounce included",
    ),
    Operation(
        "watch-memory", "watch: resident memory", 300.0, "MB", "VmRSS of `watch --report Dashboard.md` after the saves"
    ),
    Operation("watch-idle", "watch: idle CPU, inotify", 1.0, "%", "CPU of the watcher over 30 s with nothing changing"),
    Operation(
        "watch-poll", "watch: idle CPU, polling", 5.0, "%", "CPU of `watch --polling` (every 2 s) over 30 s, idle"
    ),
    Operation(
        "lsp-first",
        "lsp: first diagnostics, warm index",
        1.0,
        "s",
        "vaultkit lsp: from the initialize request to the first publishDiagnostics of a note opened then",
    ),
    Operation(
        "lsp-latency",
        "lsp: a change to its diagnostics",
        0.15,
        "s",
        "vaultkit lsp: from a didChange (a key typed twice, then removed) to its publishDiagnostics, less the debounce",
    ),
    Operation("lsp-memory", "lsp: resident memory", 300.0, "MB", "VmRSS of `vaultkit lsp` after the edits"),
    Operation(
        "history-first",
        "history: first read (cold)",
        2.5,
        "s",
        "read the git history of the vault in 200 commits (benchmarks/history.py), nothing stored: ≤ a cold check",
    ),
    Operation(
        "history-commit",
        "history: after one new commit",
        0.7,
        "s",
        "read the git history again after one new commit changing one person's company (the history stored)",
    ),
    Operation(
        "memory-tree",
        "peak memory, cold check, process tree",
        250.0,
        "MB",
        "sum of the PSS of all processes of a cold check, sampled every 10 ms (Linux)",
    ),
]
# Not vaultkit: what its times are compared with (--reference, --markdownlint).
PARSE_FLOOR_OP = Operation(
    "parse-floor",
    "reference: read + parse frontmatter",
    None,
    "s",
    "read every .md file and parse its frontmatter with yaml.CSafeLoader (the parse floor)",
)
MARKDOWNLINT_OP = Operation(
    "markdownlint", "reference: markdownlint-cli2", None, "s", "markdownlint-cli2 '**/*.md' in the vault"
)
REFERENCES = [PARSE_FLOOR_OP, MARKDOWNLINT_OP]
OPS_BY_KEY = {op.key: op for op in [*OPERATIONS, *REFERENCES]}


@dataclass
class Result:
    key: str
    label: str
    unit: str
    target: float | None
    samples: list[float] = field(default_factory=list)
    error: str | None = None
    timed_out: float | None = None  # the timeout, when a run reached it

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def minimum(self) -> float | None:
        return min(self.samples) if self.samples else None

    @property
    def ok(self) -> bool | None:
        if self.error is not None or not self.samples or self.target is None:
            return None
        med = self.median
        return med is not None and med <= self.target


class CommandFailed(Exception):
    """A measured command exited with an unexpected status, timed out or did not start."""


class TimedOut(CommandFailed):
    """A measured command ran for the whole ``--timeout`` and was killed: it takes longer."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


# --------------------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------------------


def reason(stderr: str, rc: int | None) -> str:
    """One line saying why a command failed: the first stderr line, or a traceback's last."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    if not lines:
        return f"exit status {rc}" if rc is not None else "no output"
    if lines[0].startswith("Traceback"):
        line = lines[-1]
    else:
        line = next((ln for ln in lines if ln.lower().startswith("error")), lines[0])
    if rc is not None and rc < 0:
        line = f"killed by signal {-rc}: {line}"
    return line[:160]


def failed(rc: int, stderr: str, ok_codes: Sequence[int]) -> bool:
    """An unexpected exit status, or a non-zero one that came with a Python traceback (an
    uncaught exception exits 1, which ``check`` would otherwise count as "found errors")."""
    if rc not in ok_codes:
        return True
    return rc != 0 and "Traceback (most recent call last)" in stderr


@dataclass
class Bench:
    vault: Path
    vaultkit: list[str]
    today: str
    runs: int
    timeout: float
    verbose: bool = False
    markdownlint: list[str] = field(default_factory=lambda: ["markdownlint-cli2"])
    check_args: list[str] = field(default_factory=list)  # e.g. --format json (--check-format)
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {**os.environ, "NO_COLOR": "1"}
        self.env.pop("VAULTKIT_TODAY", None)
        # Bytecode is written (once, by `warm_up`): an installed package has it from pip, and
        # without it every run would compile vaultkit's modules again, 40 ms or more of each.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def warm_up(self) -> None:
        """Run the commands once, untimed: Python writes vaultkit's bytecode as pip would have."""
        for argv in (self.argv("rules", global_opts=False), self.check(), self.argv("report")):
            with contextlib.suppress(Exception):
                subprocess.run(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=self.timeout)  # fmt: skip

    def check(self) -> list[str]:
        """The timed `check`: every problem found is printed, in the format asked for."""
        return self.argv("check", "--exit-zero", *self.check_args)

    def argv(self, *args: str, global_opts: bool = True) -> list[str]:
        if not global_opts:
            return [*self.vaultkit, *args]
        return [*self.vaultkit, "--vault", str(self.vault), "--today", self.today, *args]

    def run(self, argv: Sequence[str], ok_codes: Sequence[int] = (0,), cwd: Path | None = None) -> float:
        """Run ``argv`` once, stdout to /dev/null; return its wall time in seconds."""
        return self._call(argv, ok_codes, cwd, capture=False)[0]

    def output(self, argv: Sequence[str], ok_codes: Sequence[int] = (0,)) -> str:
        """Run ``argv`` once and return what it printed."""
        return self._call(argv, ok_codes, None, capture=True)[1].decode("utf-8", "replace")

    def _call(
        self, argv: Sequence[str], ok_codes: Sequence[int], cwd: Path | None, capture: bool
    ) -> tuple[float, bytes]:
        """Run ``argv`` once, stdout kept when ``capture``, else to /dev/null: wall time, stdout."""
        if self.verbose:
            print("  $ " + shlex.join(argv), file=sys.stderr)
        t0 = time.perf_counter()
        proc = spawn(argv, self.env, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, cwd=cwd)
        try:
            out, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise TimedOut(self.timeout) from None
        except BaseException:  # Ctrl-C: do not leave the command running
            kill_group(proc)
            raise
        elapsed = time.perf_counter() - t0
        stderr = err.decode("utf-8", "replace")
        if failed(proc.returncode, stderr, ok_codes):
            raise CommandFailed(reason(stderr, proc.returncode))
        return elapsed, out or b""

    def peak_rss_mb(self, argv: Sequence[str], ok_codes: Sequence[int] = (0, 1)) -> float:
        """Peak RSS of the largest process ``argv`` ran, measured by a fresh helper process."""
        try:
            proc = subprocess.run(
                [sys.executable, "-c", RSS_HELPER, str(self.timeout), *argv],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=self.env,
                timeout=self.timeout + 60,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise TimedOut(self.timeout) from None
        if proc.returncode == 3:
            raise TimedOut(self.timeout)
        if proc.returncode != 0:
            raise CommandFailed(reason(proc.stderr.decode("utf-8", "replace"), None))
        data = json.loads(proc.stdout)
        if failed(data["rc"], data["stderr"], ok_codes):
            raise CommandFailed(reason(data["stderr"], data["rc"]))
        rss = float(data["maxrss"])  # KiB on Linux, bytes on macOS
        return rss / 2**20 if sys.platform == "darwin" else rss / 2**10

    def tree_peak_mb(self, argv: Sequence[str], ok_codes: Sequence[int] = (0, 1)) -> float:
        """Peak of the summed PSS of ``argv`` and all its descendants (sampled, Linux only)."""
        if not Path("/proc/self/smaps_rollup").exists():
            raise CommandFailed("needs Linux /proc/*/smaps_rollup")
        with tempfile.TemporaryFile() as errfile:
            proc = spawn(argv, self.env, stderr=errfile)
            peak = 0
            deadline = time.monotonic() + self.timeout
            try:
                while proc.poll() is None:
                    peak = max(peak, session_pss_kib(proc.pid))
                    if time.monotonic() > deadline:
                        raise TimedOut(self.timeout)
                    time.sleep(0.01)
            except BaseException:
                kill_group(proc)
                raise
            errfile.seek(0)
            stderr = errfile.read().decode("utf-8", "replace")
        if failed(proc.returncode, stderr, ok_codes):
            raise CommandFailed(reason(stderr, proc.returncode))
        return peak / 1024


def spawn(
    argv: Sequence[str],
    env: dict[str, str],
    stderr: int | IO[bytes] = subprocess.PIPE,
    stdout: int = subprocess.DEVNULL,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in its own session (so that a timeout can end its workers too)."""
    try:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise CommandFailed(f"command not found: {argv[0]}") from None
    except PermissionError:
        raise CommandFailed(f"cannot execute: {argv[0]}") from None


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def session_pss_kib(sid: int) -> int:
    """Sum of the PSS (KiB) of every process in session ``sid`` (the command and its workers)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
            # fields after "(comm)": state ppid pgrp session ...
            if int(stat[stat.rindex(b")") + 2 :].split()[3]) != sid:
                continue
            with open(f"/proc/{entry}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total


# --------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------


def drop_index(vault: Path) -> None:
    """Delete the vault's index wherever vaultkit may keep it: `<vault>/.vaultkit/`, or, for a
    vault it could not write in, the folder named after the vault in the user's cache or the
    temporary folder (vaultkit.engine.store.index_location), so that "cold" is cold either way."""
    shutil.rmtree(vault / ".vaultkit", ignore_errors=True)
    digest = hashlib.sha1(str(vault.resolve()).encode()).hexdigest()[:16]
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    for base in (cache_home / "vaultkit", Path(tempfile.gettempdir()) / f"vaultkit-{user}"):
        shutil.rmtree(base / digest, ignore_errors=True)


def person_notes(vault: Path, count: int) -> list[Path]:
    """``count`` different person notes, spread over the folder, the same ones every time."""
    people = sorted(p for p in (vault / "People").glob("*.md") if p.is_file())
    if not people:
        people = sorted(p for p in vault.rglob("*.md") if ".vaultkit" not in p.parts)
    if not people:
        raise CommandFailed("no note to change in the vault")
    step = max(1, len(people) // max(count, 1))
    return [people[(i * step + 7) % len(people)] for i in range(count)]


class Changer:
    """Appends a log line to a different person note each time, or adds a daily note; restores
    them all at the end."""

    def __init__(self, vault: Path, count: int, today: str) -> None:
        self.vault = vault
        self.notes = person_notes(vault, count)
        self.today = today
        self.saved: dict[Path, tuple[bytes, int, int]] = {}
        self.added: list[Path] = []
        self.i = 0

    def change_one(self) -> None:
        note = self.notes[self.i % len(self.notes)]
        self.i += 1
        data = note.read_bytes()
        if note not in self.saved:
            st = note.stat()
            self.saved[note] = (data, st.st_atime_ns, st.st_mtime_ns)
        sep = b"" if data.endswith(b"\n") or not data else b"\n"
        line = f"- {self.today} benchmark change {self.i} #gave\n".encode()
        with open(note, "ab") as fh:
            fh.write(sep + line)

    def add_one(self) -> None:
        """A new daily note, as most days begin: a file no link named before, mentioning someone."""
        note = self.notes[self.i % len(self.notes)]
        self.i += 1
        folder = self.vault / "Daily" if (self.vault / "Daily").is_dir() else self.vault
        day = datetime.date(1900, 1, 1) + datetime.timedelta(days=self.i)  # before any other daily note
        daily = folder / f"{day.isoformat()}.md"
        daily.write_text(f"# {day.isoformat()}\n\n- Coffee with [[{note.stem}]] #gave\n", encoding="utf-8")
        self.added.append(daily)

    def restore(self) -> None:
        for note, (data, atime, mtime) in self.saved.items():
            note.write_bytes(data)
            os.utime(note, ns=(atime, mtime))
        self.saved.clear()
        for daily in self.added:
            daily.unlink(missing_ok=True)
        self.added.clear()


def measure(bench: Bench, op: Operation) -> Result:
    res = Result(op.key, op.label, op.unit, op.target)
    vault = bench.vault
    index = bench.argv("index")
    check = bench.check()
    check_codes = (0, 1)
    report = bench.argv("report", "--format", "text")

    def timed(
        setup: Callable[[], None] | None, argv: list[str], codes: Sequence[int] = (0,), cwd: Path | None = None
    ) -> None:
        for _ in range(bench.runs):
            if setup is not None:
                setup()
            res.samples.append(bench.run(argv, codes, cwd))

    changer: Changer | None = None
    try:
        if op.key == "help":
            timed(None, bench.argv("--help", global_opts=False))
        elif op.key == "rules":
            timed(None, bench.argv("rules", global_opts=False))
        elif op.key == "index-cold":
            timed(lambda: drop_index(vault), index)
        elif op.key == "index-warm":
            bench.run(index)  # warm-up: bring the index up to date
            timed(None, index)
        elif op.key == "index-change":
            changer = Changer(vault, bench.runs, bench.today)
            bench.run(index)
            timed(changer.change_one, index)
        elif op.key == "check-cold":
            timed(lambda: drop_index(vault), check, check_codes)
        elif op.key == "check-warm":
            bench.run(check, check_codes)
            timed(None, check, check_codes)
        elif op.key == "check-change":
            changer = Changer(vault, bench.runs, bench.today)
            bench.run(check, check_codes)
            timed(changer.change_one, check, check_codes)
        elif op.key == "check-add":
            changer = Changer(vault, bench.runs, bench.today)
            bench.run(check, check_codes)
            timed(changer.add_one, check, check_codes)
        elif op.key == "report-warm":
            bench.run(report)
            timed(None, report)
        elif op.key == "memory":
            for _ in range(bench.runs):
                drop_index(vault)
                res.samples.append(bench.peak_rss_mb(check, check_codes))
        elif op.key == "memory-tree":
            for _ in range(bench.runs):
                drop_index(vault)
                res.samples.append(bench.tree_peak_mb(check, check_codes))
        elif op.key.startswith("watch-"):
            import watching

            # The watcher starts from an index, as after any command: a report's, which keeps the
            # report's rules' state too (the first start of all works that out once more).
            bench.run(report)
            extra = ["--polling"] if op.key == "watch-poll" else []
            if op.key == "watch-memory":  # as a service runs it: keeping the dashboard current too
                extra = ["--report", "Dashboard.md"]
            watcher = watching.Watching(bench.argv("watch", "--format", "jsonl", *extra), bench.env)
            try:
                watcher.ready()
                if op.key == "watch-latency":
                    res.samples.extend(watching.latency(watcher, vault, max(bench.runs, 5)))
                elif op.key == "watch-memory":
                    watching.latency(watcher, vault, 5)
                    res.samples.append(watcher.status("VmRSS"))
                else:
                    for _ in range(bench.runs):
                        res.samples.append(watching.idle_cpu(watcher, 30.0))
            except (TimeoutError, OSError) as error:
                raise CommandFailed(str(error)) from None
            finally:
                if watcher.stop() != 0:
                    res.error = res.error or "the watcher did not stop with status 0 on SIGTERM"
        elif op.key.startswith("lsp-"):
            import lsp

            bench.run(check, check_codes)  # a warm index, as after any command
            argv = bench.argv("lsp")
            try:
                if op.key == "lsp-first":
                    for _ in range(bench.runs):
                        res.samples.append(lsp.first_diagnostics(argv, bench.env, vault)[0])
                else:
                    editing = lsp.Editing(argv, bench.env, vault)
                    try:
                        samples = editing.latency(max(bench.runs, 5), lsp.DEBOUNCE)
                        if op.key == "lsp-latency":
                            res.samples.extend(samples)
                        else:
                            res.samples.append(editing.client.status("VmRSS"))
                    finally:
                        if editing.stop() != 0:
                            res.error = res.error or "the server did not exit with status 0 after shutdown and exit"
            except (TimeoutError, OSError) as error:
                raise CommandFailed(str(error)) from None
        elif op.key.startswith("history-"):
            import history  # benchmarks/history.py: on its own repository of the vault, built once

            repo = history.history_repository()
            return history.measure(Bench(repo, bench.vaultkit, bench.today, bench.runs, bench.timeout), op.key)
        elif op.key == "parse-floor":
            timed(None, [sys.executable, "-c", PARSE_FLOOR, str(vault)])
        elif op.key == "markdownlint":
            # Relative to the vault, as a user runs it there; exit 1 means it found problems.
            timed(None, [*bench.markdownlint, "**/*.md"], (0, 1), cwd=vault)
        else:  # pragma: no cover - keys are validated by the caller
            raise CommandFailed(f"unknown operation {op.key}")
    except CommandFailed as exc:
        res.error = str(exc)
        if isinstance(exc, TimedOut):
            res.timed_out = exc.seconds
    finally:
        if changer is not None:
            changer.restore()
    return res


def diagnostic_counts(bench: Bench) -> dict[str, int]:
    """The number of diagnostics of each code, from one ``check --statistics --format json``."""
    argv = bench.argv("check", "--statistics", "--format", "json", "--exit-zero")
    text = bench.output(argv, (0, 1))
    try:
        rows = json.loads(text)
        return {str(row["code"]): int(row["count"]) for row in rows}
    except (ValueError, TypeError, KeyError) as exc:
        raise CommandFailed(f"unexpected --statistics output ({exc}): {text[:80]!r}") from None


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} MB" if unit == "MB" else f"{value:.2f} %" if unit == "%" else f"{value:.3f}"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def floor_of(results: Sequence[Result]) -> float | None:
    """The median of the parse floor, when it was measured (``--reference``)."""
    return next((r.median for r in results if r.key == PARSE_FLOOR_OP.key and r.median), None)


def table(results: Sequence[Result]) -> str:
    """The results as Markdown; with a parse floor among them, each time as a multiple of it too."""
    floor = floor_of(results)
    head = "| operation | median s | min s | target | ok? |" + (" × floor |" if floor else "")
    rows = [head, "| --- | ---: | ---: | ---: | :-: |" + (" ---: |" if floor else "")]
    for r in results:
        target = "—" if r.target is None else f"{r.target:.0f} MB" if r.unit == "MB" else f"{r.target:g}"
        target += " %" if r.unit == "%" else ""
        times = r.unit == "s" and floor is not None
        if r.timed_out is not None:
            ratio = f" > {r.timed_out / floor:.0f}× |" if times and floor else " |" if floor else ""
            rows.append(f"| {cell(r.label)} | > {r.timed_out:g} s (timed out) | | {target} | ✗ |{ratio}")
            continue
        if r.error is not None:
            rows.append(f"| {cell(r.label)} | failed: {cell(r.error)} | | {target} | ✗ |" + (" |" if floor else ""))
            continue
        ok = "" if r.ok is None else "✓" if r.ok else "✗"
        ratio = ""
        if floor:
            ratio = f" {r.median / floor:.1f}× |" if times and r.median is not None else " |"
        rows.append(
            f"| {cell(r.label)} | {fmt(r.median, r.unit)} | {fmt(r.minimum, r.unit)} | {target} | {ok} |{ratio}"
        )
    return "\n".join(rows)


def counts_table(counts: dict[str, int]) -> str:
    """Diagnostics by code, most first, and the total."""
    rows = ["| code | diagnostics |", "| --- | ---: |"]
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rows.append(f"| {code} | {n:,} |")
    rows.append(f"| all | {sum(counts.values()):,} |")
    return "\n".join(rows)


def vault_summary(vault: Path) -> dict[str, int]:
    notes = 0
    size = 0
    for dirpath, dirnames, filenames in os.walk(vault):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.lower().endswith(".md"):
                notes += 1
                with contextlib.suppress(OSError):
                    size += os.lstat(os.path.join(dirpath, name)).st_size
    return {"notes": notes, "bytes": size}


def environment(vaultkit: Sequence[str]) -> dict[str, str | int | None]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "vaultkit": shlex.join(vaultkit),
    }


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def default_vaultkit() -> list[str]:
    exe = shutil.which("vaultkit")
    return [exe] if exe else [sys.executable, "-m", "vaultkit"]


def ensure_vault(path: Path | None, size: str | None, seed: int) -> Path:
    if path is None:
        if size is None:
            raise SystemExit("run.py: give a VAULT path or --size (small, large, huge)")
        path = BENCH_ROOT / size
    if size is not None and not (path.exists() and any(path.iterdir())):
        people, daily = generate.SIZES[size]
        print(f"generating the {size} vault in {path} …", file=sys.stderr)
        stats = generate.generate(path, people, daily, seed)
        print(
            f"  {stats.files} files, {stats.bytes / 1e6:.1f} MB in {stats.seconds:.1f} s",
            file=sys.stderr,
        )
    if not path.is_dir():
        raise SystemExit(f"run.py: {path} is not a folder (give --size to generate it)")
    return path


def parse_only(text: str | None) -> list[Operation]:
    if not text:
        return list(OPERATIONS)
    chosen: list[Operation] = []
    for raw in text.split(","):
        key = raw.strip().lower().replace("_", "-").replace(" ", "-")
        key = key.replace("(", "").replace(")", "").lstrip("-")
        key = {
            "one-change": "change",
            "index-one-change": "index-change",
            "check-one-change": "check-change",
            "report": "report-warm",
            "mem": "memory",
        }.get(key, key)
        if key not in OPS_BY_KEY:
            raise SystemExit(f"run.py: unknown operation {raw!r}; choose from " + ", ".join(OPS_BY_KEY))
        chosen.append(OPS_BY_KEY[key])
    return chosen


def with_references(ops: list[Operation], floor: bool, markdownlint: bool) -> list[Operation]:
    """``ops`` with the references asked for first, each once."""
    wanted = [op for op, on in ((PARSE_FLOOR_OP, floor), (MARKDOWNLINT_OP, markdownlint)) if on]
    return [*wanted, *(op for op in ops if op not in wanted)]


def run_growth(args: argparse.Namespace, vaultkit: list[str]) -> dict[str, object]:
    large = ensure_vault(args.large or BENCH_ROOT / "large", "large", args.seed)
    huge = ensure_vault(args.huge or BENCH_ROOT / "huge", "huge", args.seed)
    op = OPS_BY_KEY["check-cold"]
    rows: list[dict[str, object]] = []
    medians: list[float | None] = []
    print(f"growth: cold `check` ({args.runs} runs each), target huge/large ≤ {GROWTH_TARGET}×\n")
    print("| vault | notes | MB | median s | min s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, path in (("large", large), ("huge", huge)):
        bench = Bench(path, vaultkit, args.today, args.runs, args.timeout, args.verbose)
        bench.warm_up()
        res = measure(bench, op)
        info = vault_summary(path)
        medians.append(res.median)
        shown = (
            f"failed: {cell(res.error)} |"
            if res.error is not None
            else f"{fmt(res.median, 's')} | {fmt(res.minimum, 's')}"
        )
        print(f"| {name} ({path}) | {info['notes']} | {info['bytes'] / 1e6:.1f} | {shown} |")
        rows.append(
            {
                "vault": name,
                "path": str(path),
                **info,
                **asdict(res),
                "median": res.median,
                "min": res.minimum,
            }
        )
    ratio = None
    if medians[0] and medians[1] is not None:
        ratio = medians[1] / medians[0]
        ok = "✓" if ratio <= GROWTH_TARGET else "✗"
        print(f"\nratio huge/large: {ratio:.2f}× (target ≤ {GROWTH_TARGET}×) {ok}")
    else:
        print("\nratio huge/large: not measured (a run failed)")
    return {"growth": rows, "ratio": ratio, "target": GROWTH_TARGET}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Time vaultkit's operations as whole processes (see benchmarks/README.md)."
    )
    ap.add_argument(
        "vault",
        nargs="?",
        type=Path,
        help=f"vault to benchmark (default with --size: {BENCH_ROOT}/SIZE)",
    )
    ap.add_argument(
        "--size",
        choices=sorted(generate.SIZES),
        help="generate a vault of this size when the folder does not exist",
    )
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per operation (default 5)")
    ap.add_argument("--only", metavar="OPS", help="comma-separated operations: " + ", ".join(OPS_BY_KEY))
    ap.add_argument(
        "--vaultkit",
        metavar="CMD",
        help="command to run (default: vaultkit on PATH, else python -m vaultkit)",
    )
    ap.add_argument("--today", default=DEFAULT_TODAY, help="passed as --today (%(default)s)")
    ap.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds before one run counts as failed (default %(default)g)",
    )
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write the results as JSON")
    ap.add_argument(
        "--growth",
        action="store_true",
        help="time the cold check on the large and the huge vault, print the ratio",
    )
    ap.add_argument(
        "--reference",
        action="store_true",
        help="also time the parse floor (read every note, parse its frontmatter) and print times as multiples of it",
    )
    ap.add_argument(
        "--markdownlint",
        nargs="?",
        const="markdownlint-cli2",
        metavar="CMD",
        help="also time markdownlint-cli2 (or CMD) on the vault, as a second reference",
    )
    ap.add_argument(
        "--check-format",
        metavar="FMT",
        help="run the timed checks with --format FMT (default: vaultkit's, text): json, sarif, …",
    )
    ap.add_argument(
        "--counts",
        action="store_true",
        help="print the diagnostics by code, from one more check --statistics --format json",
    )
    ap.add_argument("--large", type=Path, help="large vault for --growth")
    ap.add_argument("--huge", type=Path, help="huge vault for --growth")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each command")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    vaultkit = shlex.split(args.vaultkit) if args.vaultkit else default_vaultkit()

    if args.growth:
        out: dict[str, object] = run_growth(args, vaultkit)
        out["environment"] = environment(vaultkit)
    else:
        ops = with_references(parse_only(args.only), args.reference, args.markdownlint is not None)
        vault = ensure_vault(args.vault, args.size, args.seed)
        info = vault_summary(vault)
        env = environment(vaultkit)
        print(
            f"vault: {vault} ({info['notes']} notes, {info['bytes'] / 1e6:.1f} MB); "
            f"today {args.today}; {args.runs} runs each; {env['cpus']} CPUs; "
            f"Python {env['python']}"
        )
        print(f"command: {env['vaultkit']}")
        if not 25_000 <= info["notes"] <= 40_000:
            print("note: the targets are for the large vault (~31,000 notes, 25 MB)")
        print()
        bench = Bench(vault, vaultkit, args.today, args.runs, args.timeout, args.verbose)
        if args.markdownlint:
            bench.markdownlint = shlex.split(args.markdownlint)
        if args.check_format:
            bench.check_args = ["--format", args.check_format]
        bench.warm_up()
        results: list[Result] = []
        for op in ops:
            print(f"… {op.label}", file=sys.stderr, flush=True)
            res = measure(bench, op)
            results.append(res)
            if res.error is not None:
                print(f"  failed: {res.error}", file=sys.stderr)
            else:
                print(
                    f"  median {fmt(res.median, res.unit)}, min {fmt(res.minimum, res.unit)}",
                    file=sys.stderr,
                )
        print(table(results))
        counts: dict[str, int] | None = None
        counts_error: str | None = None
        if args.counts:
            print("… diagnostics by code", file=sys.stderr, flush=True)
            try:
                counts = diagnostic_counts(bench)
            except CommandFailed as exc:
                counts_error = str(exc)
            print()
            print(counts_table(counts) if counts is not None else f"diagnostics by code: failed: {counts_error}")
        out = {
            "vault": str(vault),
            **info,
            "today": args.today,
            "runs": args.runs,
            "check_format": args.check_format,
            "environment": env,
            "results": [{**asdict(r), "median": r.median, "min": r.minimum, "ok": r.ok} for r in results],
            "parse_floor": floor_of(results),
        }
        if args.counts:
            out["counts"] = counts
            out["counts_error"] = counts_error
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
