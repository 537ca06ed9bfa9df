"""One value worked out in a forked process and sent back through a pipe; the walk as one.

Used where a second core can do a part of a run on its own: the walk while the index is read
(see discovery.Walker), the note rules of a full run (see lint). The child gets what it needs
for free (fork copies this process) and sends back one marshal-able value.
"""

from __future__ import annotations

import marshal
import os
import signal
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from vaultkit.discovery import Layout, Walk, walk

_Self = TypeVar("_Self", bound="Forked")


class Forked:
    """A forked child working out one value: `result` waits for it, `cancel` stops it. Either
    way the child is reaped: no zombie is left."""

    def __init__(self, pid: int, read: int) -> None:
        self.pid, self.read = pid, read

    @classmethod
    def fork(cls: type[_Self], work: Callable[[], Any]) -> _Self | None:
        """`work()` in a forked child; None where forking is not possible, or not safe: with
        threads running (a fork copies only the calling one), or on one core (no gain)."""
        import threading

        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
            return None
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read)
                data = marshal.dumps(work())
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    def result(self) -> Any:
        """What the child worked out; None if it failed (the caller does the work itself)."""
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None

    def cancel(self) -> None:
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(OSError):
            os.close(self.read)
        with suppress(OSError):
            os.waitpid(self.pid, 0)


class Walker(Forked):
    """`walk` in a forked process, while this one does something else (reads the index).

    A walk of a large vault is a stat of every note: system calls, a tenth of a second for 30,000
    notes, that another core can make while this process decodes what it stored last time. A
    thread would not do: decoding holds the interpreter lock for tens of milliseconds at a time.
    """

    @classmethod
    def start(cls, root: Path, layout: Layout) -> Walker | None:
        """A child walking the vault; None where forking is not possible or not safe."""
        return cls.fork(lambda: walk(root, layout))

    def result(self) -> Walk | None:
        """The child's walk; None if it failed (the caller walks)."""
        found = super().result()
        return found if isinstance(found, tuple) and len(found) == 3 else None
