"""The watcher's figures (issue 14): how soon a saved note's diagnostic line comes, the resident
memory of a running watcher, and its CPU while nothing happens, on inotify and when polling.

Each runs ``vaultkit watch --format jsonl`` on the vault as a user would, in its own process:

- latency: a person note is saved the way most editors do (a temporary file renamed over it) with
  a duplicate frontmatter key, and the time from the rename to the watcher's ``added`` line for it
  is one sample; saving it back, to the ``resolved`` line, is another. The debounce (150 ms by
  default) is included, as a user waits for it;
- memory: the watcher's resident set (VmRSS) after it is ready and after ten such saves, and its
  peak (VmHWM), from /proc (Linux);
- idle CPU: the process's user + system time over a quiet period, as a share of one core.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

READY_TIMEOUT = 300.0
LINE_TIMEOUT = 30.0


class Watching:
    """A running ``vaultkit watch --format jsonl``, its lines read by a thread."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env, text=True
        )
        self.lines: queue.Queue[tuple[float, dict[str, object]]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                self.lines.put((time.perf_counter(), json.loads(line)))
            except ValueError:
                continue

    def next(self, timeout: float) -> tuple[float, dict[str, object]]:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no line from the watcher in {timeout:g} s") from None

    def ready(self) -> dict[str, object]:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            _, event = self.next(max(deadline - time.monotonic(), 0.1))
            if event.get("event") == "ready":
                return event

    def until(self, kind: str, path: str, timeout: float = LINE_TIMEOUT) -> float:
        """When the first ``kind`` line about the note at ``path`` came."""
        deadline = time.monotonic() + timeout
        while True:
            at, event = self.next(max(deadline - time.monotonic(), 0.1))
            diagnostic = event.get("diagnostic")
            if event.get("event") == kind and isinstance(diagnostic, dict) and diagnostic.get("path") == path:
                return at

    def drain(self, quiet: float = 1.0) -> None:
        """Wait until no line came for ``quiet`` seconds."""
        while True:
            try:
                self.lines.get(timeout=quiet)
            except queue.Empty:
                return

    def status(self, key: str) -> float:
        """A /proc/PID/status figure in MB (VmRSS, VmHWM)."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        raise KeyError(key)

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode


def person_note(vault: Path) -> Path:
    """A person note to save: the first of People/ in name order."""
    people = sorted(p for p in (vault / "People").glob("*.md") if p.is_file())
    if not people:
        raise FileNotFoundError(f"no person note under {vault / 'People'}")
    return people[0]


def save(path: Path, data: bytes) -> None:
    """As most editors save: a temporary file beside it, renamed over it."""
    temporary = path.with_name(f".{path.name}.vaultkit-bench")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def with_duplicate_key(data: bytes) -> bytes:
    """The note with its first frontmatter key written twice (VK003): a diagnostic that appears."""
    lines = data.split(b"\n")
    if lines and lines[0].strip() == b"---" and len(lines) > 2:
        return b"\n".join([lines[0], lines[1], lines[1], *lines[2:]])
    return b"---\nname: x\nname: y\n---\n" + data


def latency(watching: Watching, vault: Path, saves: int) -> list[float]:
    note = person_note(vault)
    rel = note.relative_to(vault).as_posix()
    original = note.read_bytes()
    samples = []
    try:
        for _ in range(saves):
            watching.drain(0.5)
            started = time.perf_counter()
            save(note, with_duplicate_key(original))
            samples.append(watching.until("added", rel) - started)
            watching.drain(0.5)
            started = time.perf_counter()
            save(note, original)
            samples.append(watching.until("resolved", rel) - started)
    finally:
        save(note, original)
    return samples


def idle_cpu(watching: Watching, seconds: float) -> float:
    """The share of one core the watcher used over ``seconds`` with nothing changing, in %."""
    watching.drain(1.0)
    before, started = watching.cpu_seconds(), time.perf_counter()
    time.sleep(seconds)
    used, wall = watching.cpu_seconds() - before, time.perf_counter() - started
    return 100 * used / wall


def summary(samples: Sequence[float]) -> str:
    return f"median {statistics.median(samples):.3f}, min {min(samples):.3f}, max {max(samples):.3f}"
