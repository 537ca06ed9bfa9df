"""The language server: pygls 2 over stdio, on the live engine (vaultkit.engine.live).

One thread does the engine's work (`_engine`), so that the protocol never waits on it and the
model is never read while it is being made again; the protocol's own loop keeps the editor's
documents, debounces their changes and publishes. Each open note's text, as the editor holds it,
is the engine's input for that note (`Live.edited`): its diagnostics are of what is typed, and the
other notes' (hover, completion, a dependent note's diagnostics) follow it. The vault's files are
followed from disk by the watcher's own observer (vaultkit.watch). The server writes nothing: a
fix is an edit the editor applies.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from vaultkit import __version__
from vaultkit.dates import resolve_today
from vaultkit.diagnostics import Diagnostic, Edit
from vaultkit.engine.live import Live
from vaultkit.errors import UserError
from vaultkit.lsp import answers
from vaultkit.lsp.positions import UTF8, UTF16, UTF32, Text
from vaultkit.text import visible

T = TypeVar("T")
DEBOUNCE = 0.2  # seconds of quiet after a keystroke before the note is checked again
DISK_QUIET = 0.1  # after a file event, for the rest of a save or a checkout to arrive
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
log = logging.getLogger("vaultkit.lsp")


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, but for the editor's changes: the server applies them to its own copy of
    each note (`VaultServer.docs`), as the protocol counts lines. pygls's documents split lines
    where Python does (a form feed, U+2028, U+0085), and an incremental change after one of those
    would land on the wrong line."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


class VaultServer:
    """The state of one editor's session: its open notes, the live vault, what was published."""

    def __init__(
        self,
        vault: str | None = None,
        config: str | None = None,
        today: str | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        debounce: float = DEBOUNCE,
        polling: bool = False,
    ) -> None:
        self.options = (vault, config, today, tuple(select), tuple(ignore))
        self.debounce = debounce
        self.polling = polling
        self.lsp = LanguageServer(
            "vaultkit",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self._engine = ThreadPoolExecutor(1, thread_name_prefix="vaultkit-engine")
        self.tasks: set[asyncio.Task[None]] = set()
        self.live: Live | None = None
        self.failed: str | None = None  # why there is no vault to serve, said once
        self.folder: str | None = None  # where to look for the vault: the editor's workspace
        self.shown_root: str | None = None  # the vault's folder as the editor names it (links kept)
        self.started = False
        self.ready: asyncio.Event | None = None
        self.wanted: asyncio.Event | None = None
        self.busy: asyncio.Lock | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.stale = False  # the notes shown must be published, whether anything changed or not
        self.shut_down = False  # asked to: the process ends with status 0 (else 1, as the protocol says)
        self.initialized: asyncio.Event | None = None
        self.stopping = False
        self.loop: asyncio.AbstractEventLoop | None = None  # the protocol's, once started
        self.root: Path | None = None  # the vault's folder, once found
        # The units of the last check, as stored in the index, while the first index is made: the
        # diagnostics of a note opened meanwhile, as it is on disk (see `_early`).
        self.early: tuple[Any, dict[str, bytes]] | None = None
        self.docs: dict[str, tuple[int | None, str]] = {}  # what the editor holds: URI → (version, text)
        self.paths: dict[str, str] = {}  # open notes: URI → vault-relative path
        self.uris: dict[str, str] = {}  # and back
        self.pending: dict[str, tuple[int | None, str | None]] = {}  # path → (version, text), None: closed
        self.texts: dict[str, tuple[int | None, Text]] = {}  # what the engine holds of each open note
        self.saved: set[str] = set()
        self.published: dict[str, tuple[Diagnostic, ...]] = {}  # by URI
        self.hints: Any = None
        self.observer: Any = None
        self.encoding = UTF16
        self._register()

    # -- the protocol ---------------------------------------------------------------------------

    def _register(self) -> None:
        lsp = self.lsp

        @lsp.feature(types.INITIALIZE)
        def initialize(params: types.InitializeParams) -> None:
            self._initialize(params)
            # The vault is read from now on, in the background: `initialize` is answered at once.
            task = asyncio.get_running_loop().create_task(self._start())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

        @lsp.feature(types.INITIALIZED)
        def initialized(params: types.InitializedParams) -> None:
            if self.initialized is not None:
                self.initialized.set()  # progress may be said now (see `_start`)

        @lsp.feature(types.SHUTDOWN)
        def shutdown(params: None) -> None:
            self.shut_down = True
            self._stop()

        @lsp.feature(types.TEXT_DOCUMENT_DID_OPEN)
        async def did_open(params: types.DidOpenTextDocumentParams) -> None:
            document = params.text_document
            self.docs[document.uri] = (document.version, document.text)
            self._publish_early(document.uri, document.version, document.text)
            if self.live is None and not self.started:
                self.folder = self.folder or os.path.dirname(to_fs_path(document.uri) or "") or None
                await self._start()
            version, text = self.docs.get(document.uri, (document.version, document.text))  # typed meanwhile
            self._edited(document.uri, version, text, at_once=True)

        @lsp.feature(types.TEXT_DOCUMENT_DID_CHANGE)
        def did_change(params: types.DidChangeTextDocumentParams) -> None:
            uri = params.text_document.uri
            held = self.docs.get(uri)
            if held is None:
                return  # a note never opened: nothing to change
            text = held[1]
            for change in params.content_changes:
                if isinstance(change, types.TextDocumentContentChangePartial):
                    text = changed(text, change.range, change.text, self.encoding)
                else:
                    text = change.text
            self.docs[uri] = (params.text_document.version, text)
            self._edited(uri, params.text_document.version, text, at_once=False)

        @lsp.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
        def did_save(params: types.DidSaveTextDocumentParams) -> None:
            path = self.paths.get(params.text_document.uri)
            if path is not None:  # what the watcher will say too; said here for a watcher that missed it
                self.saved.add(path)
                self._want(self.debounce)

        @lsp.feature(types.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(params: types.DidCloseTextDocumentParams) -> None:
            uri = params.text_document.uri
            self.docs.pop(uri, None)
            path = self.paths.pop(uri, None)
            if path is None:
                return
            self.uris.pop(path, None)
            same = next((other for other, at in self.paths.items() if at == path and other in self.docs), None)
            if same is not None:  # open under another URI too (through a link): that text stays
                version, text = self.docs[same]
                self._edited(same, version, text, at_once=True)
                return
            self.pending[path] = (None, None)
            self._want(0)

        @lsp.feature(types.TEXT_DOCUMENT_HOVER)
        async def hover(params: types.HoverParams) -> types.Hover | None:
            return await self._answer(params.text_document.uri, self._hover, params.position)

        @lsp.feature(
            types.TEXT_DOCUMENT_COMPLETION,
            types.CompletionOptions(trigger_characters=["[", "#"], resolve_provider=False),
        )
        async def completion(params: types.CompletionParams) -> types.CompletionList | None:
            return await self._answer(params.text_document.uri, self._completion, params.position, settle=False)

        @lsp.feature(types.TEXT_DOCUMENT_DEFINITION)
        async def definition(params: types.DefinitionParams) -> list[types.Location] | None:
            return await self._answer(params.text_document.uri, self._definition, params.position)

        @lsp.feature(types.TEXT_DOCUMENT_REFERENCES)
        async def references(params: types.ReferenceParams) -> list[types.Location] | None:
            found = await self._answer(
                params.text_document.uri, self._references, params.position, params.context.include_declaration
            )
            return found

        @lsp.feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, answers.FIX_ALL, answers.LOG]),
        )
        async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
            return await self._answer(params.text_document.uri, self._actions, params.range, params.context)

    def _initialize(self, params: types.InitializeParams) -> None:
        """Nothing but taking note: the vault is indexed after `initialized`, in the background."""
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if isinstance(options.get("debounce"), (int, float)) and 0 <= options["debounce"] <= 10_000:
            self.debounce = options["debounce"] / 1000
        if isinstance(options.get("vault"), str) and self.options[0] is None:
            self.options = (options["vault"], *self.options[1:])
        folders = params.workspace_folders or []
        uri = folders[0].uri if folders else params.root_uri
        if uri is None and params.root_path:
            uri = from_fs_path(params.root_path)
        self.folder = (to_fs_path(uri) if uri else None) or None
        agreed = self.lsp.workspace.position_encoding
        self.encoding = (
            UTF8
            if agreed == types.PositionEncodingKind.Utf8
            else UTF32
            if agreed == types.PositionEncodingKind.Utf32
            else UTF16
        )

    async def _start(self) -> None:
        """Open the vault and index it, in the engine's thread, saying how far it is ($/progress)."""
        if self.started:
            return
        loop = asyncio.get_running_loop()
        if self.ready is None:
            self.ready, self.wanted, self.busy = asyncio.Event(), asyncio.Event(), asyncio.Lock()
        if self.initialized is None:
            self.initialized = asyncio.Event()
        if self.folder is None and self.options[0] is None:
            return  # no workspace: the first note opened says where the vault is (see did_open)
        self.started = True
        self.loop = loop
        token: list[str | None] = [None]
        last = [0.0]

        def said(done: int, total: int) -> None:
            now = time.monotonic()
            if token[0] is not None and now - last[0] > 0.2:
                last[0] = now
                percentage = int(100 * done / max(total, 1))
                message = f"{done:,} of {total:,} notes"
                loop.call_soon_threadsafe(self._progress_report, token[0], message, percentage)

        work = loop.run_in_executor(self._engine, self._open, said, loop)
        # Progress is said once the client is initialized (it may not be asked before), and only
        # when the index takes a while: a warm start is over before a progress bar would show.
        await asyncio.wait({work}, timeout=0.5)  # raises nothing: a failure is said below
        if not work.done():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.initialized.wait(), 10)
            token[0] = progress = await self._progress_begin("vaultkit: indexing the vault")
        else:
            progress = None
        try:
            await work
        except UserError as error:
            self.failed = str(error)
            self.lsp.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"vaultkit: {error}"))
        except Exception as error:
            log.exception("indexing failed")
            self.failed = f"{type(error).__name__}: {error}"
            self.lsp.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"vaultkit: {self.failed}"))
        finally:
            if progress is not None:
                notes = f"{self.live.notes:,} notes" if self.live is not None else "not indexed"
                self.lsp.work_done_progress.end(progress, types.WorkDoneProgressEnd(message=notes))
        self.ready.set()
        self.early = None
        if self.stopping:  # shut down while indexing
            await loop.run_in_executor(self._engine, self._close)
            return
        if self.live is not None:
            for uri, (version, text) in list(self.docs.items()):  # opened meanwhile
                self._edited(uri, version, text, at_once=True)
            task = loop.create_task(self._work())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            self.stale = True  # the plan's diagnostics, though no note is open
            self._want(0)

    def _open(self, progress: Callable[[int, int], None], loop: asyncio.AbstractEventLoop) -> None:
        """In the engine's thread: find the vault, say the last check's diagnostics of the notes
        opened meanwhile (`_early`), then make the model every answer is drawn from."""
        vault, config, today, select, ignore = self.options
        if vault is None:
            from vaultkit.discovery import find_root

            root = find_root(None, Path(self.folder or os.getcwd())).path
            vault = str(root)
        live = Live(vault, config, today, select, ignore)
        given = self.folder or vault
        real = os.path.realpath(live.workspace.root)
        self.shown_root = given if given and os.path.realpath(given) == real else str(live.workspace.root)
        self.root = live.workspace.root
        # Followed from now, before the first index: a note saved or a commit made while it is
        # made is a hint for the first check after it, not missed.
        self._watch(loop, live)
        try:
            stored = live.stored()
            if stored is not None:
                loop.call_soon_threadsafe(self._early, stored, dict(live.workspace.index.digests))
            live.refresh(None, progress=progress)
            live.keep()  # for the next start, and the next `vaultkit check`
        except BaseException:
            self._unwatch()
            live.close()
            raise
        gc.collect()
        gc.freeze()  # the model of the first index lives on: not walked at every collection
        self.live = live

    def _early(self, units: Any, digests: dict[str, bytes]) -> None:
        """While the first index is made: publish the notes open now (and the plan note) from the
        last check's units, for each note whose text is its file's; later ones as they open."""
        if self.live is not None:
            return
        self.early = (units, digests)
        for uri, (version, text) in list(self.docs.items()):
            self._publish_early(uri, version, text)
        vault_paths = {d.path for d in units.vault}
        for path in sorted(vault_paths):
            uri = self._uri(path)
            if uri not in self.published:
                found = tuple(d for d in units.vault if d.path == path)
                self._publish(uri, None, found, self._disk_text(path))

    def _publish_early(self, uri: str, version: int | None, text: str) -> None:
        if self.early is None or uri in self.published:
            return
        units, digests = self.early
        path = self._path(uri)
        if path is None or digests.get(path) != hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest():
            return  # not as it is on disk: its diagnostics come with the index
        self._publish(uri, version, tuple(units.of(path)), Text(text, self.encoding))

    def _publish(self, uri: str, version: int | None, found: tuple[Diagnostic, ...], text: Text) -> None:
        self.published[uri] = found
        diagnostics = [self._diagnostic(d, text) for d in found]
        self.lsp.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    async def _progress_begin(self, title: str) -> str | None:
        window = self.lsp.client_capabilities.window if self.lsp.client_capabilities else None
        if window is None or not window.work_done_progress:
            return None
        token = f"vaultkit-index-{os.getpid()}-{time.monotonic_ns()}"
        try:
            await asyncio.wait_for(self.lsp.work_done_progress.create_async(token), 5)
        except Exception:
            return None  # a client that refused or did not answer: no progress, the index all the same
        self.lsp.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0))
        return token

    def _progress_report(self, token: str, message: str, percentage: int) -> None:
        with contextlib.suppress(Exception):
            self.lsp.work_done_progress.report(
                token, types.WorkDoneProgressReport(message=message, percentage=min(percentage, 100))
            )

    def _stop(self) -> None:
        """`shutdown`: the vault closed (its index kept) before the answer, in the protocol's own
        thread, so that an `exit` sent right behind it finds it done. The engine's thread ends the
        check under way first (one thread does the engine's work, in turn)."""
        self.stopping = True
        if self.ready is not None and not self.ready.is_set():
            return  # indexing: `_start` closes the vault when it ends; `exit` does not wait for it
        self._unwatch()
        self._engine.submit(self._close).result()

    def _close(self) -> None:
        self._unwatch()
        live, self.live = self.live, None
        if live is not None:
            live.close()

    def _unwatch(self) -> None:
        observer, self.observer = self.observer, None
        if observer is not None:
            from vaultkit.watch import _stop

            _stop(observer)
        if self.hints is not None:
            self.hints.wake.set()  # the relay thread sees no observer and ends

    # -- the editor's notes, and the disk's ---------------------------------------------------------

    def _edited(self, uri: str, version: int | None, text: str, at_once: bool) -> None:
        path = self._path(uri)
        if path is None:
            return
        self.paths[uri] = path
        self.uris[path] = uri
        self.pending[path] = (version, text)
        self._want(0 if at_once else self.debounce)

    def _want(self, delay: float) -> None:
        """Check again after `delay` seconds of quiet (a new change starts the wait again)."""
        if self.wanted is None:
            return
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if delay <= 0:
            self.wanted.set()
        else:
            self.timer = asyncio.get_running_loop().call_later(delay, self.wanted.set)

    def _watch(self, loop: asyncio.AbstractEventLoop, live: Live) -> None:
        """Follow the vault's files: the watcher's observer, its hints handed to this loop."""
        from vaultkit.watch import Hints, start_observer

        root = live.workspace.root
        self.hints = hints = Hints(root)
        source = live.workspace.config.source
        if source is not None and not _inside(Path(source), root):
            hints.settings = {os.path.realpath(source)}
        git_dir = live.workspace.git_dir
        hints.git_dir = str(git_dir) if git_dir is not None else None  # a commit: the moves follow

        def say(line: str) -> None:
            loop.call_soon_threadsafe(self._say, line)

        try:
            self.observer, _ = start_observer(root, hints, self.polling, say, hints.settings)
        except OSError as error:
            say(f"not following the vault's files ({error}): open notes are still checked")
            return

        def relay() -> None:
            while self.observer is not None:
                hints.wake.wait()
                if self.observer is None:
                    return
                time.sleep(DISK_QUIET)
                with hints.lock:
                    waiting = bool(hints.paths or hints.lost)
                if waiting:
                    loop.call_soon_threadsafe(self._want, 0)
                hints.wake.clear()

        threading.Thread(target=relay, name="vaultkit-lsp-watch", daemon=True).start()

    def _warn(self, line: str) -> None:
        """A problem the owner must see (a broken config): shown, and in the editor's log."""
        self.lsp.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"vaultkit: {line}"))
        self.lsp.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"vaultkit: {line}"))

    def _say(self, line: str) -> None:
        self.lsp.window_log_message(types.LogMessageParams(types.MessageType.Info, f"vaultkit: {line}"))

    async def _work(self) -> None:
        """Check again whenever something changed: a note typed, saved, opened or closed, a file
        on disk, or the date (at most a minute late: a laptop asleep across midnight)."""
        assert self.wanted is not None
        while self.live is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wanted.wait(), 60)
            self.wanted.clear()
            await self._refresh()

    async def _refresh(self) -> None:
        assert self.busy is not None
        async with self.busy:
            live = self.live
            if live is None:
                return
            edits, self.pending = self.pending, {}
            touched, lost = self.hints.take() if self.hints is not None else (set(), False)
            touched |= self.saved
            self.saved = set()
            if not (edits or touched or lost or self.stale) and live.today == resolve_today(live.today_option):
                return
            self.stale = False
            loop = asyncio.get_running_loop()
            try:
                publish = await loop.run_in_executor(self._engine, self._apply, edits, touched, lost)
            except UserError as error:
                self._warn(str(error))
                return
            except Exception:
                log.exception("the check failed")
                return
            for uri, version, diagnostics in publish:
                self.lsp.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
                )

    def _apply(
        self, edits: dict[str, tuple[int | None, str | None]], touched: set[str], lost: bool
    ) -> list[tuple[str, int | None, list[types.Diagnostic]]]:
        """In the engine's thread: the editor's notes and the disk's changes given to the engine,
        then the diagnostics of every note shown that changed since they were last published."""
        from vaultkit.watch import _give_back
        from vaultkit.writer import reads_as_note

        live = self.live
        assert live is not None
        workspace = live.workspace
        overlaid = set()
        for path, (version, text) in edits.items():
            if not reads_as_note(workspace.layout, path):
                continue  # vaultkit.toml, a template, an excluded file: read from disk, shown nothing
            if text is None:
                workspace.edited(path, None)
                self.texts.pop(path, None)
                overlaid.add(path)
                continue
            data = text.encode("utf-8", "surrogatepass")
            self.texts[path] = (version, Text(text, self.encoding))
            if (
                path not in workspace.editing
                and workspace.index.digests.get(path) == hashlib.blake2b(data, digest_size=16).digest()
            ):
                continue  # opened as it is on disk: read from its file until it is changed
            workspace.edited(path, data)
            overlaid.add(path)
        for path in touched & self.texts.keys():
            if path not in workspace.editing:  # its file changed under a note open as it was: the editor's text counts
                workspace.edited(path, self.texts[path][1].text.encode("utf-8", "surrogatepass"))
                overlaid.add(path)
        if lost or touched or overlaid or live.today != resolve_today(live.today_option):
            paths = None if lost else {*touched, *overlaid}
            try:
                live.refresh(paths)
            except UserError as error:  # a config edited into a mistake: said, the last one kept
                from vaultkit.engine.live import settings_changed

                if self.loop is not None:
                    warning = f"{error}; still checking with the settings as they were"
                    self.loop.call_soon_threadsafe(self._warn, warning)
                live.refresh({path for path in paths or () if not settings_changed((path,))})
        shown = self._shown()
        publish: list[tuple[str, int | None, list[types.Diagnostic]]] = []
        # Closed ones first: a note's URI that changed (the plan opened under the editor's own
        # spelling of it, then closed) is cleared before its diagnostics are said again.
        for uri in [uri for uri in list(self.published) if uri not in shown.values()]:
            del self.published[uri]  # closed: its diagnostics go with it
            publish.append((uri, None, []))
        for path, uri in shown.items():
            found = tuple(self._diagnostics_of(path))
            if self.published.get(uri) == found:
                continue
            self.published[uri] = found
            version, held = self.texts.get(path, (None, None))
            shown_text = held if held is not None else self._disk_text(path)
            publish.append((uri, version, [self._diagnostic(d, shown_text) for d in found]))
        _give_back()
        return publish

    def _shown(self) -> dict[str, str]:
        """The notes whose diagnostics are published: the open ones, the plan note that the
        network's and the plan's diagnostics are on (whether it is open, or there, or not), and
        any other note a network or plan diagnostic is on (next quarter's plan, not written yet;
        last quarter's, with its unfinished tasks), as `_early` publishes them."""
        uris = dict(self.uris)  # a copy in one step: the protocol's thread opens and closes notes meanwhile
        shown = {path: uri for path, uri in uris.items() if path in self.texts}
        live = self.live
        if live is not None and live.loaded is not None:
            vault = live.loaded.vault
            plan = vault.plan_path(vault.quarter)
            shown.setdefault(plan, self.uris.get(plan) or self._uri(plan))
            for path in sorted({d.path for d in live.units.vault} if live.units is not None else ()):
                shown.setdefault(path, self.uris.get(path) or self._uri(path))
        return shown

    def _diagnostics_of(self, path: str) -> list[Diagnostic]:
        units = self.live.units if self.live is not None else None
        return units.of(path) if units is not None else []

    # -- answers, in the engine's thread -------------------------------------------------------------

    async def _answer(self, uri: str, work: Callable[..., T], *args: Any, settle: bool = True) -> T | None:
        """`work(path, *args)` in the engine's thread, after the note's last change is checked
        (its positions are of the text the editor shows). Asked while the vault is being indexed,
        it waits for the index (an editor cancels a request it no longer wants); None without a vault."""
        if self.ready is None or self.busy is None:
            return None
        await self.ready.wait()
        if self.live is None:
            return None
        path = self._path(uri)
        if path is None:
            return None
        if settle and self.pending:
            await self._refresh()
        async with self.busy:
            if self.live is None:
                return None
            return await asyncio.get_running_loop().run_in_executor(self._engine, work, path, *args)

    def _text(self, path: str) -> Text:
        held = self.texts.get(path)
        return held[1] if held is not None else self._disk_text(path)

    def _disk_text(self, path: str) -> Text:
        from vaultkit.writer import read_regular

        assert self.root is not None  # found before the first index is made (see `_early`)
        try:
            data = read_regular(self.root / path)
        except OSError:
            return Text("", self.encoding)
        return Text(data.decode("utf-8", "replace"), self.encoding)

    def _vault(self) -> Any:
        assert self.live is not None and self.live.loaded is not None
        return self.live.loaded.vault

    def _cursor(self, path: str, position: types.Position) -> tuple[Text, int, int, str]:
        """The note's text, and the cursor as vaultkit counts (1-based line and column), with its line."""
        text = self._text(path)
        offset = text.from_position(position.line, position.character)
        line, column = text.ours(offset)
        return text, line, column, text.our_line(line)

    def _hover(self, path: str, position: types.Position) -> types.Hover | None:
        text, line, column, line_text = self._cursor(path, position)
        vault = self._vault()
        target = answers.target_at(vault, path, line, column, line_text)
        if target is None:
            return None
        shown = answers.hover(vault, self._all(), target)
        if not shown:
            return None
        span = None
        if target.link is not None:
            link = target.link
            span = self._range(text, link.line, link.column, link.line, link.end_column)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, shown), span)

    def _all(self) -> list[Diagnostic]:
        assert self.live is not None
        return self.live.diagnostics

    def _completion(self, path: str, position: types.Position) -> types.CompletionList | None:
        # The line as the editor has it now (the engine may be a keystroke behind): the people
        # offered are the model's, the place to put them the editor's.
        document = self._live_text(path)
        offset = document.from_position(position.line, position.character)
        line_start = document.from_position(position.line, 0)
        line_text = document.line_text(position.line)
        context = answers.completing(line_text, offset - line_start)
        if context is None:
            return None
        answers.completions(self._vault(), context, self._neglected())
        start = document.position(line_start + context.start)
        end = document.position(offset)
        edit_range = types.Range(types.Position(*start), types.Position(*end))
        kinds = {
            "person": types.CompletionItemKind.Reference,
            "alias": types.CompletionItemKind.Reference,
            "plan": types.CompletionItemKind.File,
            "section": types.CompletionItemKind.Module,
        }
        closing = "" if context.closed else "]]"
        items = [
            types.CompletionItem(
                label=item.label,
                kind=kinds[item.kind],
                detail=item.detail,
                sort_text=item.sort,
                filter_text=item.filter or item.label,
                text_edit=types.TextEdit(edit_range, item.insert + closing),
            )
            for item in context.items
        ]
        return types.CompletionList(is_incomplete=not context.complete, items=items)

    def _neglected(self) -> set[str] | None:
        """The notes of the people the check calls overdue (VK101), None when it does not run."""
        live = self.live
        if live is None or not any(rule.code == "VK101" for rule in live.selection.rules):
            return None
        return {d.path for d in self._all() if d.code == "VK101"}

    def _live_text(self, path: str) -> Text:
        """The note's text as the editor holds it this moment (not yet checked, perhaps)."""
        held = self.docs.get(self.uris.get(path, ""))
        return Text(held[1], self.encoding) if held is not None else self._text(path)

    def _definition(self, path: str, position: types.Position) -> list[types.Location] | None:
        _, line, column, line_text = self._cursor(path, position)
        target = answers.target_at(self._vault(), path, line, column, line_text)
        if target is None:
            return None
        start = types.Position(0, 0)
        return [types.Location(self._uri(p), types.Range(start, start)) for p in answers.definitions(target)]

    def _references(self, path: str, position: types.Position, declaration: bool) -> list[types.Location] | None:
        _, line, column, line_text = self._cursor(path, position)
        vault = self._vault()
        target = answers.target_at(vault, path, line, column, line_text)
        people = target.people if target is not None else []
        if not people and path in vault.person_at:
            people = [vault.person_at[path]]  # anywhere in a person's note: that person
        found = []
        for person in people:
            if declaration:
                start = types.Position(0, 0)
                found.append(types.Location(self._uri(person.path), types.Range(start, start)))
            texts: dict[str, Text] = {}
            for where, link in answers.references(vault, person):
                text = texts.get(where) or texts.setdefault(where, self._text(where))
                found.append(
                    types.Location(
                        self._uri(where), self._range(text, link.line, link.column, link.line, link.end_column)
                    )
                )
        return found

    def _actions(self, path: str, span: types.Range, context: types.CodeActionContext) -> list[types.CodeAction] | None:
        text = self._text(path)
        start = text.ours(text.from_position(span.start.line, span.start.character))
        end = text.ours(text.from_position(span.end.line, span.end.character))
        vault = self._vault()
        found = answers.actions(vault, self._diagnostics_of(path), path, start, end)
        line_text = text.our_line(start[0])
        target = answers.target_at(vault, path, start[0], start[1], line_text)
        people = target.people if target is not None and not target.ambiguous else []
        if not people and path in vault.person_at:
            people = [vault.person_at[path]]  # anywhere in a person's note: them
        found.extend(answers.log_actions(vault, people, lambda where: self._text(where).text))
        only = context.only or []
        out = []
        for action in found:
            if only and not any(action.kind == str(kind) or action.kind.startswith(f"{kind}.") for kind in only):
                continue
            out.append(
                types.CodeAction(
                    title=action.title,
                    kind=action.kind,
                    diagnostics=[self._diagnostic(d, text) for d in action.diagnostics],
                    edit=self._workspace_edit(action.edits),
                    is_preferred=action.preferred or None,
                )
            )
        return out

    def _workspace_edit(self, edits: dict[str, list[Edit]]) -> types.WorkspaceEdit:
        """The edits, versioned where the note is open: an editor refuses them once it changed."""
        changes = []
        for path, found in edits.items():
            version, text = self.texts.get(path, (None, None))
            if text is None:
                text = self._disk_text(path)
            text_edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
                types.TextEdit(self._range(text, e.line, e.column, e.end_line, e.end_column), e.text) for e in found
            ]
            document = types.OptionalVersionedTextDocumentIdentifier(uri=self._uri(path), version=version)
            changes.append(types.TextDocumentEdit(text_document=document, edits=text_edits))
        return types.WorkspaceEdit(document_changes=changes)

    # -- positions and paths -------------------------------------------------------------------------

    def _range(self, text: Text, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        start, end = text.span(line, column, end_line, end_column)
        return types.Range(types.Position(*start), types.Position(*end))

    def _diagnostic(self, d: Diagnostic, text: Text) -> types.Diagnostic:
        return types.Diagnostic(
            range=self._range(text, d.line, d.column, d.end_line, d.end_column),
            message=visible(d.message, "\n"),
            severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Information),
            code=d.code,
            source="vaultkit",
        )

    def _path(self, uri: str) -> str | None:
        """The vault-relative path of a document, if it is in the vault."""
        known = self.paths.get(uri)
        if known is not None:
            return known
        root = self.root
        if root is None:
            return None
        found = to_fs_path(uri)
        if not found or not uri.startswith("file:"):
            return None
        for base in {self.shown_root or str(root), str(root)}:
            rel = os.path.relpath(os.path.abspath(found), base)
            if not rel.startswith(os.pardir) and rel != os.curdir:
                return rel.replace(os.sep, "/")
        # Reached through a link (`~/notes` → `~/Dropbox/notes`): its folder resolved
        folder = os.path.realpath(os.path.dirname(found))
        rel = os.path.relpath(os.path.join(folder, os.path.basename(found)), os.path.realpath(root))
        return None if rel.startswith(os.pardir) else rel.replace(os.sep, "/")

    def _uri(self, path: str) -> str:
        known = self.uris.get(path)
        if known is not None:
            return known
        assert self.root is not None
        base = self.shown_root or str(self.root)
        return from_fs_path(os.path.join(base, *path.split("/"))) or ""


def changed(text: str, span: types.Range, new: str, encoding: str) -> str:
    """`text` with an editor's incremental change applied: `span` as the protocol counts."""
    lines = Text(text, encoding)
    start = lines.from_position(span.start.line, span.start.character)
    end = max(lines.from_position(span.end.line, span.end.character), start)
    return text[:start] + new + text[end:]


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def serve(
    vault: str | None,
    config: str | None,
    today: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    debounce: float,
    polling: bool,
) -> None:
    """Serve one editor over stdin and stdout until it says exit."""
    logging.basicConfig(level=logging.WARNING, format="vaultkit lsp: %(message)s")  # stderr: the editor's log
    gc.enable()  # a long-running process: cycles must be collected (short commands turn it off)
    server = VaultServer(vault, config, today, select, ignore, debounce, polling)
    server.lsp.start_io()
    if not server.shut_down:  # `exit` without `shutdown`, or the editor gone: pygls says nothing
        raise SystemExit(1)
