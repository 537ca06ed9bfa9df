"""A first check in two processes, each reading half the vault and running the rules on its half.

With no index yet, a check reads and parses every note, builds the model and runs every rule on
every note and person (see 04-quality.md: the first check of 30,000 notes). Parse workers that
send each parsed note back to be decoded again for the rules pay twice for it, and leave the
second core idle while the model is built. Here the process forks once, before parsing:

1. each process parses its share of the notes and keeps them; the child sends the parent the
   facts the model needs, and the parent writes its share's rows to the index meanwhile;
2. the parent builds the model while the child writes its share's rows, then sends the child the
   people's state (see `Vault.people_state`): the child builds the same model from it cheaply,
   as a later run would from the index;
3. each runs the note rules on the notes it holds and the person rules on the people whose
   notes it holds; the child sends back its diagnostics.

The child writes to the index with a connection of its own, opened after the fork (SQLite's must
not cross one: the parent closes its connection before forking and opens it again after).
Whatever goes wrong in it, its share is done again by the parent: read again where its rows are
missing. The result is the same as one process's.
"""

from __future__ import annotations

import marshal
import os
from datetime import date
from typing import IO, TYPE_CHECKING, Any, NoReturn

from vaultkit.diagnostics import pack_rows
from vaultkit.engine.facts import PLAN
from vaultkit.engine.store import Stat, _Result, parse_note
from vaultkit.note import encode

if TYPE_CHECKING:
    from vaultkit.engine.store import Progress
    from vaultkit.engine.units import Helper, NoteRunner, PersonRunner
    from vaultkit.engine.workspace import Workspace
    from vaultkit.lint import Selection
    from vaultkit.model import Vault
    from vaultkit.note import ParsedNote

SPLIT_MIN = 2000  # notes to parse: below this, a second process costs more than it saves
# The parent's part of the parse. It also encodes and writes its rows before the exchange, and
# builds the model alone after it; the child writes its rows meanwhile, then rebuilds the model
# from the people's state. Measured on the large vault: both then finish their rules together.
PARENT_SHARE = 0.44


class FirstRun:
    """One first check: `parse` and `built` for `Workspace.load`, `partner` for `Workspace.lint`."""

    def __init__(self, workspace: Workspace, today: date, selection: Selection) -> None:
        self.workspace, self.today, self.selection = workspace, today, selection
        self.child: _Child | None = None
        self.heads: dict[str, bytes] = {}  # each note this process parsed: its facts' head
        self.bodies: dict[str, bytes] = {}  # and the facts' bodies of the unreadable ones (read again each run)
        self.theirs: dict[str, Stat] = {}  # the child's share, once its parse is taken
        self.parent = os.getpid()
        self.answered = False  # the child's diagnostics were used (tests check that it really helps)
        self.handed = False  # the child was sent the model

    @classmethod
    def wanted(cls, workspace: Workspace, today: date, selection: Selection) -> FirstRun | None:
        """A first run, if this is one worth splitting: an empty index, a large vault, two cores."""
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or workspace.index.maker is None:
            return None
        if workspace.index.stored_digests() or len(workspace.scan()[0]) < SPLIT_MIN:
            return None
        return cls(workspace, today, selection)

    def parse(self, paths: list[str], files: dict[str, Stat], progress: Progress | None) -> list[_Result]:
        """Parse `paths`, the child its share and this process the rest (an `Index.update` parser)."""
        import threading

        index = self.workspace.index
        jobs = [(path, files[path]) for path in paths]
        if len(jobs) < SPLIT_MIN or threading.active_count() > 1:
            return index.parse(paths, files, progress)
        mine, theirs = _shares(jobs, PARENT_SHARE)
        # SQLite keeps per-process state about open files and their locks: a child that got a copy
        # of a live connection's would trust locks it does not hold. None is open across the fork.
        index.close()
        try:
            self.child = _Child.start(self, theirs)
        finally:
            index.reconnect()
        if self.child is None:
            return index.parse(paths, files, progress)
        index.postpone_stores()  # until this process waits for the child (see `_Helper.collect`)
        root, caps, maker = str(index.root), index.caps, index.maker
        held: dict[str, ParsedNote] = {}
        results = []
        for done, job in enumerate(mine, 1):
            found = parse_note(root, job, caps, maker)
            if found is not None:
                result, note = found
                results.append(result)
                held[result[0]] = note
                if result[4] is not None:
                    self.heads[result[0]] = result[4][0]
                    if not result[2]:
                        self.bodies[result[0]] = result[4][1]
            if progress and done % 500 == 0:
                progress(done * len(jobs) // len(mine), len(jobs))
        index.hold(held)
        index.write_rows(results)  # while the child is still parsing
        index.written(results)
        parsed = self.child.parsed()
        if parsed is None:  # the child failed: its share is read here
            self.close()
            return results + index.parse([path for path, _ in theirs], files, progress)
        index.written(parsed)  # by the child, while this process builds the model
        self.theirs = dict(theirs)
        return results + parsed

    def built(self, vault: Vault) -> None:
        """Send the child the model as soon as it is built."""
        child = self.child
        if child is not None and not child.rows_written():
            self._write_missing()
        if child is not None and vault.today == self.today and vault.people_key:
            digests = dict(self.workspace.index.digests)
            # The child's model reads the plans: those this process parsed go along.
            plans = {
                path: encode(vault.notes[path])
                for path, kind in vault.kinds.items()
                if kind == PLAN and path not in child.paths
            }
            message = (vault.people_key, vault.people_state, self.heads, digests, plans, self.bodies)
            self.handed = child.send(message)
            if not self.handed:
                self.close()
        if child is not None and self.handed:
            self.workspace.index.let_go(child.paths)  # the plans it sent: read from their rows again if needed

    def partner(self, vault: Vault, run_note: NoteRunner, run_person: PersonRunner) -> Helper | None:
        """The child, once sent the model, for `run_units`: it runs the units of the notes it parsed."""
        if self.child is None or not self.handed:
            return None
        return _Helper(self, self.child, vault, run_note, run_person)

    def close(self) -> None:
        """Store what was postponed; stop the child if it is still there (after an error, or when
        it was not needed), once its rows are in the index."""
        self.workspace.index.store_postponed()
        if self.child is not None:
            if not self.child.rows_written():
                self._write_missing()
            self.child.stop()
            self.child = None

    def _write_missing(self) -> None:
        """The child failed before its rows were all written: read the missing ones again here."""
        if not self.theirs:
            return  # its parse was not taken: this process read its share itself
        index = self.workspace.index
        missing = sorted(self.theirs.keys() - index.paths_with_rows())
        if missing:
            index.write_rows(index.parse(missing, self.theirs, None))
        self.theirs = {}


class _Helper:
    """The child's part of `run_units` (see `lint.Helper`)."""

    def __init__(
        self, first: FirstRun, child: _Child, vault: Vault, run_note: NoteRunner, run_person: PersonRunner
    ) -> None:
        self.first, self.child, self.vault = first, child, vault
        self.run_note, self.run_person = run_note, run_person
        self.notes = child.paths
        self.people = {person.path for person in vault.person_notes if person.path in child.paths}

    def collect(self) -> tuple[dict[str, Any], dict[str, Any]]:
        self.first.workspace.index.store_postponed()  # while the child finishes its share
        answer = self.child.answer()
        self.first.close()
        if answer is not None:
            self.first.answered = True
            return answer
        vault = self.vault  # the child failed: its units run here, from the index's rows
        notes, kind = vault.notes, vault.kind
        return (
            {
                path: pack_rows(self.run_note(path, notes[path], kind(path)))
                for path in self.notes
                if path in notes and kind(path) != "report"
            },
            {
                person.path: pack_rows(self.run_person(person))
                for person in vault.person_notes
                if person.path in self.people
            },
        )

    def cancel(self) -> None:
        self.first.close()


class _Child:
    """The forked process, seen from the parent: two pipes and a pid."""

    def __init__(self, pid: int, reader: IO[bytes], writer: IO[bytes], paths: set[str]) -> None:
        self.pid, self.reader, self.writer, self.paths = pid, reader, writer, paths
        self.written: bool | None = None  # whether it said its rows are in the index (None: not asked yet)

    @classmethod
    def start(cls, first: FirstRun, jobs: list[tuple[str, Stat]]) -> _Child | None:
        down_read, down_write = os.pipe()  # parent → child
        up_read, up_write = os.pipe()  # child → parent
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            return None
        if pid == 0:
            os.close(down_write)
            os.close(up_read)
            _child_main(first, jobs, os.fdopen(down_read, "rb"), os.fdopen(up_write, "wb"))
        os.close(down_read)
        os.close(up_write)
        return cls(pid, os.fdopen(up_read, "rb"), os.fdopen(down_write, "wb"), {path for path, _ in jobs})

    def parsed(self) -> list[_Result] | None:
        found = _receive(self.reader)
        return found if isinstance(found, list) else None

    def rows_written(self) -> bool:
        """Whether the child has written its rows to the index (waits for it to say so)."""
        if self.written is None:
            self.written = _receive(self.reader) is True
        return self.written

    def send(self, message: object) -> bool:
        try:
            _send(self.writer, message)
            return True
        except (OSError, ValueError):
            return False

    def answer(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        found = _receive(self.reader)
        ok = isinstance(found, tuple) and len(found) == 2 and all(isinstance(part, dict) for part in found)
        return found if ok else None

    def stop(self) -> None:
        import signal
        from contextlib import suppress

        for pipe in (self.reader, self.writer):
            with suppress(OSError):
                pipe.close()
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(OSError):
            os.waitpid(self.pid, 0)


def _child_main(first: FirstRun, jobs: list[tuple[str, Stat]], reader: IO[bytes], writer: IO[bytes]) -> NoReturn:
    """The child's whole life; it never returns. Exit 0 when the parent got all it asked for."""
    code = 1
    try:
        _die_with(first.parent)
        workspace = first.workspace
        index = workspace.index
        index.cut_off()  # the parent's connection (closed) is not this process's: any use fails loudly
        root, caps, maker = str(index.root), index.caps, index.maker
        held: dict[str, ParsedNote] = {}
        results = []
        for job in jobs:
            found = parse_note(root, job, caps, maker, blob=False)  # encoded below, after sending
            if found is not None:
                result, note = found
                if _is_plan(result):
                    result = (*result[:3], encode(note), result[4])  # the parent's model reads it
                results.append(result)
                held[job[0]] = note
        _send(writer, results)
        # While the parent builds the model: this share's rows, in the index.
        results = [(*result[:3], result[3] or encode(held[result[0]]), result[4]) for result in results]
        index.reconnect()
        index.write_rows(results)
        index.close()
        _send(writer, True)  # the rows are in the index
        message = _receive(reader)
        if message is not None:  # None: the parent does not need the rules run
            _send(writer, _run_share(first, message, results, held))
        code = 0
    finally:
        os._exit(code)


def _run_share(
    first: FirstRun, message: Any, results: list[_Result], held: dict[str, ParsedNote]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """In the child: the model as the parent built it, and the rows of the units this process holds."""
    from vaultkit.engine.facts import FactsView, head_from
    from vaultkit.engine.units import unit_runners
    from vaultkit.model import Vault
    from vaultkit.note import decode

    people_key, people_state, heads, digests, plans, raw = message
    for result in results:
        if result[4] is not None:
            heads[result[0]] = result[4][0]
            raw[result[0]] = result[4][1]
    facts = FactsView({path: head_from(marshal.loads(head)) for path, head in heads.items()}, {}, _no_bodies, raw)
    notes = {**{path: decode(blob) for path, blob in plans.items()}, **held}
    workspace = first.workspace
    vault = Vault(
        workspace.config, workspace.layout, first.today, notes, tuple(workspace.scan()[1]), facts, digests,
        lambda key: people_state if key == people_key else {},
    )  # fmt: skip
    if vault.people_key != people_key or vault.people_touched is None:
        raise RuntimeError("the child's model is not the parent's")
    run_note, run_person = unit_runners(vault, first.selection)
    kind = vault.kind
    note_rows = {
        path: pack_rows(run_note(path, note, kind(path))) for path, note in held.items() if kind(path) != "report"
    }
    people_rows = {person.path: pack_rows(run_person(person)) for person in vault.person_notes if person.path in held}
    return note_rows, people_rows


def _die_with(parent: int) -> None:
    """Be killed with the parent, on Linux: if it is killed, nobody wants what this would write."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import signal
        from contextlib import suppress

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before that
        os._exit(1)


def _is_plan(result: _Result) -> bool:
    return result[4] is not None and marshal.loads(result[4][0])[0] == PLAN


def _no_bodies(paths: list[str]) -> dict[str, Any]:
    raise RuntimeError("the child holds no facts of the parent's notes")


def _shares(jobs: list[tuple[str, Stat]], share: float) -> tuple[list[tuple[str, Stat]], list[tuple[str, Stat]]]:
    """`share` of the jobs, spread evenly through them (folders differ in cost), and the rest."""
    mine, theirs = [], []
    owed = 0.0
    for job in jobs:
        owed += share
        if owed >= 1:
            owed -= 1
            mine.append(job)
        else:
            theirs.append(job)
    return mine, theirs


def _send(pipe: IO[bytes], value: Any) -> None:
    data = marshal.dumps(value)
    pipe.write(len(data).to_bytes(8, "little"))
    pipe.write(data)
    pipe.flush()


def _receive(pipe: IO[bytes]) -> Any:
    """The next value sent, or None if the other side is gone or sent something torn."""
    try:
        size = int.from_bytes(pipe.read(8) or b"\0" * 8, "little")
        data = pipe.read(size) if size else b""
        return marshal.loads(data) if len(data) == size and size else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
