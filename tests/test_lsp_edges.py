"""`vaultkit lsp` at its edges, end to end over stdio, as a demanding editor drives it.

Positions in every encoding and line ending, a vault found without a workspace or through a link,
notes that exist only in the editor, bursts of typing, completion, hover, references and code
actions in awkward places, the config edited under a running server, a `vaultkit check` beside it,
and the way it ends. Each test starts its own server on a small vault of its own; positions are
worked out here independently of vaultkit.lsp.positions.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the language server's tests need the lsp extra (pip install -e '.[test]')")
pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the test extra (pip install -e '.[test]')")

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
TODAY = "2026-09-24"
TIMEOUT = 20.0
SERVER = [sys.executable, "-m", "vaultkit", "--today", TODAY, "lsp", "--debounce", "50"]
BREAK = re.compile(r"\r\n|\r|\n")

pytestmark = pytest.mark.asyncio(loop_scope="function")


# -- positions as the protocol counts them, independently of vaultkit.lsp.positions ---------------


def units(chars: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(chars.encode("utf-8"))
    if encoding == "utf-16":
        return len(chars.encode("utf-16-le")) // 2
    return len(chars)


def lsp_lines(text: str) -> list[int]:
    """Where each of the editor's lines starts (`\\r\\n`, `\\r` and `\\n` end a line, nothing else)."""
    return [0, *(m.end() for m in BREAK.finditer(text))]


def to_position(text: str, offset: int, encoding: str = "utf-16") -> types.Position:
    starts = lsp_lines(text)
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return types.Position(line, units(text[starts[line] : offset], encoding))


def to_offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    starts = lsp_lines(text)
    start = starts[position.line]
    end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
    line = BREAK.sub("", text[start:end])
    for index in range(len(line) + 1):
        if units(line[:index], encoding) >= position.character:
            return start + index
    return start + len(line)


def span(text: str, needle: str, encoding: str = "utf-16", nth: int = 0) -> types.Range:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return types.Range(to_position(text, at, encoding), to_position(text, at + len(needle), encoding))


def applied(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """The text with `edits` applied, as an editor applies them (all at once, last first)."""
    spans = sorted(
        ((to_offset(text, e.range.start, encoding), to_offset(text, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    found: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            found.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    for e in (edit.changes or {}).get(uri, []):
        found.append(e)
    return found


def codes(found: Any) -> list[str]:
    return sorted(str(d.code) for d in found or [])


# -- vaults and a session with the server ----------------------------------------------------------


def sample(tmp_path: Path, name: str = "vault") -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".vaultkit"))
    return root


def vault(tmp_path: Path, files: dict[str, str | bytes], name: str = "vault") -> Path:
    """A small vault of `files` (text written as is: no newline translation)."""
    root = tmp_path / name
    for path, content in {"vaultkit.toml": "", **files}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


ANA = "---\naliases: [Ana]\nrole: peer\ncompany: Brightline\n---\n## Log\n- 2026-09-01 coffee\n"


class Said(dict):  # type: ignore[type-arg]
    """The client's diagnostics by URI, with every publication in order."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.said: list[tuple[str, Any]] = []

    def __setitem__(self, uri: str, found: Any) -> None:
        self.said.append((uri, found))
        super().__setitem__(uri, found)


class Editor:
    """One editor's session: the client, its vault, and what a test does and asks."""

    def __init__(self, client: LanguageClient, root: Path | None, encoding: str) -> None:
        self.client = client
        self.root = root
        self.encoding = encoding
        self.versions: dict[str, int] = {}
        self.held: dict[str, str] = {}  # what the editor holds, by URI

    def uri(self, path: str) -> str:
        assert self.root is not None
        return from_fs_path(str(self.root / path)) or ""

    def disk(self, path: str) -> str:
        assert self.root is not None
        return (self.root / path).read_bytes().decode("utf-8")

    def open(self, path: str, text: str | None = None, uri: str | None = None) -> str:
        uri = uri or self.uri(path)
        text = self.disk(path) if text is None else text
        self.versions[uri] = 1
        self.held[uri] = text
        item = types.TextDocumentItem(uri, "markdown", 1, text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        return uri

    def change(self, path: str, text: str, uri: str | None = None) -> None:
        uri = uri or self.uri(path)
        self.versions[uri] += 1
        self.held[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def edit(self, path: str, at: types.Range, new: str) -> None:
        """An incremental change, as most editors send them."""
        uri = self.uri(path)
        self.versions[uri] += 1
        held = self.held[uri]
        self.held[uri] = applied(held, [types.TextEdit(at, new)], self.encoding)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
                [types.TextDocumentContentChangePartial(range=at, text=new)],
            )
        )

    def close(self, path: str) -> None:
        uri = self.uri(path)
        self.held.pop(uri, None)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))

    async def diagnostics(
        self, path: str, until: Callable[[list[types.Diagnostic]], bool], uri: str | None = None
    ) -> list[types.Diagnostic]:
        """The note's diagnostics as last published, once `until` holds of them."""
        uri = uri or self.uri(path)

        async def wait() -> list[types.Diagnostic]:
            while True:
                found = self.client.diagnostics.get(uri)
                if found is not None and until(list(found)):
                    return list(found)
                await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        try:
            return await asyncio.wait_for(wait(), TIMEOUT)
        except asyncio.TimeoutError:
            pytest.fail(f"{path}: diagnostics never came as expected; last: {self.client.diagnostics.get(uri)}")

    async def settled(self, path: str, seconds: float = 0.6) -> list[types.Diagnostic]:
        """The note's diagnostics once nothing more was published for `seconds`."""
        uri = self.uri(path)
        while True:
            try:
                await asyncio.wait_for(
                    self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), seconds
                )
            except asyncio.TimeoutError:
                return list(self.client.diagnostics.get(uri) or [])

    def doc(self, uri: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri)

    async def hover(self, uri: str, at: types.Position) -> str | None:
        found = await self.client.text_document_hover_async(types.HoverParams(self.doc(uri), at))
        if found is None:
            return None
        assert isinstance(found.contents, types.MarkupContent)
        return found.contents.value

    async def complete(self, uri: str, at: types.Position) -> list[types.CompletionItem]:
        found = await self.client.text_document_completion_async(types.CompletionParams(self.doc(uri), at))
        if found is None:
            return []
        return list(found.items if isinstance(found, types.CompletionList) else found)

    async def references(self, uri: str, at: types.Position, declaration: bool) -> list[types.Location]:
        found = await self.client.text_document_references_async(
            types.ReferenceParams(
                context=types.ReferenceContext(include_declaration=declaration),
                text_document=self.doc(uri),
                position=at,
            )
        )
        return list(found or [])

    async def definition(self, uri: str, at: types.Position) -> list[str]:
        found = await self.client.text_document_definition_async(types.DefinitionParams(self.doc(uri), at))
        if isinstance(found, types.Location):
            return [found.uri]
        return [loc.uri if isinstance(loc, types.Location) else loc.target_uri for loc in found or []]

    async def actions(
        self, uri: str, at: types.Range, diagnostics: list[types.Diagnostic], only: list[str] | None = None
    ) -> list[types.CodeAction]:
        found = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                self.doc(uri),
                at,
                types.CodeActionContext(diagnostics=diagnostics, only=only),  # type: ignore[arg-type]
            )
        )
        return [a for a in found or [] if isinstance(a, types.CodeAction)]


def capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    """Neovim's, offering `encodings` (None: none, so UTF-16 as the protocol says)."""
    found = client_capabilities("neovim")
    general = found.general or types.GeneralClientCapabilities()
    general.position_encodings = [types.PositionEncodingKind(e) for e in encodings] if encodings else None
    found.general = general
    return found


@contextlib.asynccontextmanager
async def editor(
    root: Path | None,
    folder: Path | bool | None = True,
    encodings: list[str] | None = None,
    options: dict[str, Any] | None = None,
    args: tuple[str, ...] = (),
    command: list[str] | None = None,
) -> AsyncIterator[Editor]:
    """A server on the vault at `root`, opened as the workspace folder (`folder`: another folder,
    or False for none at all), the session ended properly at the end."""
    config = ClientServerConfig(server_command=[*(command or SERVER), *args])
    client = await config.start()
    shown = root if folder is True else folder or None
    uri = from_fs_path(str(shown)) if isinstance(shown, Path) else None
    params = types.InitializeParams(
        capabilities=capabilities(encodings),
        root_uri=uri,
        workspace_folders=[types.WorkspaceFolder(uri, "vault")] if uri else None,
        initialization_options=options,
    )
    result = await client.initialize_session(params)
    encoding = str(result.capabilities.position_encoding or "utf-16")
    try:
        yield Editor(client, shown if isinstance(shown, Path) else root, encoding)
    finally:
        await finish(client)


async def finish(client: LanguageClient) -> None:
    """shutdown and exit, and the server gone: killed if it is not, after a while."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(client.shutdown_session(), 10)
    server = client._server
    if server is not None and server.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            server.kill()
    await client.stop()


# -- positions: astral characters, line endings, a BOM, the encoding agreed ------------------------

EMOJI_DAY = "---\ntags: [daily]\n---\n# 🦊 day\n\n- 🦊🦊 coffee with [[Ana]] 👋 then [[Ana]] again\n"


@pytest.mark.parametrize(
    ("encodings", "agreed"),
    [(None, "utf-16"), (["utf-8", "utf-16"], "utf-8"), (["utf-32"], "utf-32"), (["utf-16"], "utf-16")],
)
async def test_ranges_after_astral_characters_in_the_encoding_agreed(
    tmp_path: Path, encodings: list[str] | None, agreed: str
) -> None:
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "Daily/2026-09-20.md": EMOJI_DAY})
    async with editor(root, encodings=encodings) as ed:
        assert ed.encoding == agreed
        path = "Daily/2026-09-20.md"
        ed.open(path)
        found = await ed.diagnostics(path, lambda d: codes(d).count("VK402") == 2)
        ranges = sorted((d.range for d in found if d.code == "VK402"), key=lambda r: r.start.character)
        assert ranges == [span(EMOJI_DAY, "[[Ana]]", agreed), span(EMOJI_DAY, "[[Ana]]", agreed, nth=1)]
        # The fix, applied in the same encoding, writes what `check --fix` writes.
        actions = await ed.actions(ed.uri(path), ranges[1], [d for d in found if d.range == ranges[1]])
        quick = [a for a in actions if a.kind == "quickfix"]
        assert len(quick) == 1
        after = applied(EMOJI_DAY, edits_of(quick[0].edit, ed.uri(path)), agreed)
        assert after == EMOJI_DAY.replace("then [[Ana]]", "then [[Ana Núñez|Ana]]")


LINE_ENDINGS = {
    "crlf": "---\r\ntags: [daily]\r\n---\r\n# day\r\n\r\n- 🦊 met [[Ana]]\r\n- [[Nobody Here]] and [[Ana]]\r\n",
    "bom": "\ufeff---\ntags: [daily]\n---\n- 🦊 met [[Ana]]\n- [[Ana]]\n",
    "bom-crlf": "\ufeff---\r\ntags: [daily]\r\n---\r\n- [[Ana]]\r\n- 🦊 [[Ana]]\r\n",
    "lone-cr": "# day\n\n- an old Mac line\r- 🦊 met [[Ana]] and [[Ana]]\n",
    "form-feed": "# day\n\n- page\x0cbreak [[Ana]] and\u2028 [[Ana]]\x85 after\n- [[Ana]]\n",
}


@pytest.mark.parametrize("kind", sorted(LINE_ENDINGS))
@pytest.mark.parametrize("agreed", ["utf-16", "utf-8"])
async def test_ranges_and_fixes_in_every_line_ending(tmp_path: Path, kind: str, agreed: str) -> None:
    """What the editor holds is the text: CRLF, a BOM it kept, a lone `\\r` (two lines to the
    editor, one to vaultkit), and characters Python splits lines at that the protocol does not."""
    text = LINE_ENDINGS[kind]
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "Daily/2026-09-20.md": text})
    async with editor(root, encodings=[agreed]) as ed:
        path, uri = "Daily/2026-09-20.md", ed.uri("Daily/2026-09-20.md")
        ed.open(path, text)
        count = text.count("[[Ana]]")
        found = await ed.diagnostics(path, lambda d: codes(d).count("VK402") == count)
        ranges = sorted(((d.range.start.line, d.range.start.character), d.range) for d in found if d.code == "VK402")
        assert [r for _, r in ranges] == [span(text, "[[Ana]]", agreed, nth=i) for i in range(count)]
        fix_all = await ed.actions(uri, types.Range(types.Position(0, 0), types.Position(0, 0)), [], [FIX_ALL])
        assert len(fix_all) == 1
        after = applied(text, edits_of(fix_all[0].edit, uri), agreed)
        assert after == text.replace("[[Ana]]", "[[Ana Núñez|Ana]]")
        # An incremental change in that encoding lands where the editor put it.
        last = span(text, "[[Ana]]", agreed, nth=count - 1)
        ed.edit(path, last, "[[Ana Núñez]]")
        await ed.diagnostics(path, lambda d: codes(d).count("VK402") == count - 1)
        fix_all = await ed.actions(uri, types.Range(types.Position(0, 0), types.Position(0, 0)), [], [FIX_ALL])
        held = ed.held[uri]
        assert applied(held, edits_of(fix_all[0].edit, uri), agreed) == held.replace("[[Ana]]", "[[Ana Núñez|Ana]]")


FIX_ALL = "source.fixAll.vaultkit"


# -- where the vault is: before it is indexed, without a workspace, through a link, odd names --------


async def test_a_note_opened_and_changed_before_indexing_is_checked_as_the_editor_holds_it(tmp_path: Path) -> None:
    root = sample(tmp_path)
    client = await ClientServerConfig(server_command=SERVER).start()
    try:
        uri = from_fs_path(str(root)) or ""
        client.capabilities = capabilities()
        await client.initialize_async(
            types.InitializeParams(
                capabilities=client.capabilities,
                root_uri=uri,
                workspace_folders=[types.WorkspaceFolder(uri, "vault")],
            )
        )
        ed = Editor(client, root, "utf-16")
        path = "Daily/2026-08-27.md"
        text = ed.disk(path)
        ed.open(path)  # before `initialized`: nothing is indexed yet
        ed.change(path, text.replace("[[Ana Nunez]]", "[[Ana]]"))
        hover = asyncio.ensure_future(ed.hover(ed.uri(path), span(text, "[[Bianca Rossi]]").start))
        client.initialized(types.InitializedParams())
        found = await ed.diagnostics(path, lambda d: "VK402" in codes(d))
        assert "VK401" not in codes(found)  # of the text as changed, not as opened
        assert "Bianca Rossi" in (await asyncio.wait_for(hover, TIMEOUT) or "")
    finally:
        await finish(client)


async def test_no_workspace_folder_finds_the_vault_from_the_first_note(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root, folder=False) as ed:
        path = "Daily/2026-08-27.md"
        ed.open(path)
        found = await ed.diagnostics(path, lambda d: "VK401" in codes(d))
        assert next(d for d in found if d.code == "VK401").range == span(ed.disk(path), "[[Ana Nunez]]")
        plan = await ed.diagnostics("Plans/2026-Q3.md", lambda d: bool(d))  # the vault's root, found
        assert any(c.startswith(("VK2", "VK3")) for c in codes(plan))
        at = span(ed.disk(path), "[[Bianca Rossi]]").start
        found_def = await ed.client.text_document_definition_async(types.DefinitionParams(ed.doc(ed.uri(path)), at))
        assert isinstance(found_def, list)
        assert [loc.uri for loc in found_def if isinstance(loc, types.Location)] == [ed.uri("People/Bianca Rossi.md")]


async def test_a_workspace_folder_that_is_a_link_to_the_vault(tmp_path: Path) -> None:
    root = sample(tmp_path)
    link = tmp_path / "notes"
    link.symlink_to(root, target_is_directory=True)
    async with editor(root, folder=link) as ed:
        assert ed.root == link
        path = "Daily/2026-08-27.md"
        uri = ed.open(path)
        assert "/notes/" in uri
        await ed.diagnostics(path, lambda d: "VK401" in codes(d))
        await ed.diagnostics("Plans/2026-Q3.md", lambda d: bool(d))  # named as the editor names the vault
        at = span(ed.disk(path), "[[Bianca Rossi]]").start
        found = await ed.client.text_document_definition_async(types.DefinitionParams(ed.doc(uri), at))
        assert isinstance(found, list)
        assert [loc.uri for loc in found if isinstance(loc, types.Location)] == [ed.uri("People/Bianca Rossi.md")]
        # The same note reached through the real folder is the same note.
        real = from_fs_path(str(root / path)) or ""
        ed.open(path, uri=real)
        await ed.diagnostics(path, lambda d: "VK401" in codes(d), uri=real)


async def test_names_that_need_percent_encoding(tmp_path: Path) -> None:
    root = vault(
        tmp_path,
        {
            "People/Ana Núñez.md": ANA,
            "People/Friends #1 (café)/Bo Ode.md": "---\nrole: peer\n---\n- met [[Ana]] and [[Ana Nunez]]\n",
            "Plans/2026-Q3.md": "# plan\n",
        },
        name="My Vault #2 — é & ü",
    )
    async with editor(root) as ed:
        path = "People/Friends #1 (café)/Bo Ode.md"
        uri = ed.open(path)
        assert "%23" in uri and "%C3%A9" in uri
        found = await ed.diagnostics(path, lambda d: "VK401" in codes(d) and "VK402" in codes(d))
        assert ed.uri("Plans/2026-Q3.md") in ed.client.diagnostics or await ed.diagnostics(
            "Plans/2026-Q3.md", lambda d: bool(d)
        )
        at = span(ed.disk(path), "[[Ana]]").start
        refs = await ed.references(uri, at, declaration=True)
        assert sorted(loc.uri for loc in refs) == sorted([ed.uri("People/Ana Núñez.md"), uri])
        # A client that writes the same URI another way (lower-case escapes): the same note.
        other = uri.replace("%C3%A9", "%c3%a9")
        ed.close(path)
        await ed.diagnostics(path, lambda d: not d)
        ed.open(path, uri=other)
        again = await ed.diagnostics(path, lambda d: bool(d), uri=other)
        assert codes(again) == codes(found)


# -- open, close, and notes that exist only in the editor ------------------------------------------


def check(root: Path, *args: str) -> list[dict[str, Any]]:
    """`vaultkit check --format json` in a terminal on the same vault."""
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", TODAY, "check", "--format", "json", *args],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout)
    return list(data if isinstance(data, list) else data["diagnostics"])


async def test_closing_a_note_clears_its_diagnostics_but_not_the_plans(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root) as ed:
        daily, plan = "Daily/2026-08-27.md", "Plans/2026-Q3.md"
        ed.open(daily)
        await ed.diagnostics(daily, lambda d: "VK401" in codes(d))
        network = await ed.diagnostics(plan, lambda d: bool(d))  # the plan's, though it is not open
        assert {c[:3] for c in codes(network)} >= {"VK2", "VK3"}
        ed.close(daily)
        await ed.diagnostics(daily, lambda d: not d)
        ed.open(plan)
        await asyncio.sleep(0.3)
        ed.close(plan)
        assert codes(await ed.settled(plan)) == codes(network)  # closed, the plan keeps them


async def test_the_plan_opened_under_another_spelling_of_its_uri_keeps_its_diagnostics(tmp_path: Path) -> None:
    """A client that writes a URI its own way (VS Code escapes differently) and folds spellings:
    when the plan is closed, whatever is said of either spelling last is its diagnostics."""
    root = sample(tmp_path, name="vault é")
    async with editor(root) as ed:
        plan = "Plans/2026-Q3.md"
        computed = ed.uri(plan)
        assert "%C3%A9" in computed
        other = computed.replace("%C3%A9", "%c3%a9")
        said = Said(ed.client.diagnostics)
        ed.client.diagnostics = said
        await ed.diagnostics(plan, lambda d: bool(d))
        ed.open(plan, uri=other)
        await ed.diagnostics(plan, lambda d: bool(d), uri=other)
        ed.close(plan)
        await ed.settled(plan)
        last = [len(found) for uri, found in said.said if uri in (computed, other)][-1]
        assert last > 0, said.said[-4:]


async def test_a_person_note_only_in_the_editor_resolves_links_until_closed_unsaved(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root) as ed:
        daily, new = "Daily/2026-08-27.md", "People/Ana Nunez.md"
        ed.open(daily)
        await ed.diagnostics(daily, lambda d: "VK401" in codes(d))
        ed.open(new, "---\nrole: peer\n---\n# Ana Nunez\n")  # never saved
        await ed.diagnostics(daily, lambda d: "VK401" not in codes(d))
        hover = await ed.hover(ed.uri(daily), span(ed.disk(daily), "[[Ana Nunez]]", nth=0).start)
        assert hover is not None and "Ana Nunez" in hover
        assert not (root / new).exists()
        # Meanwhile a check in a terminal sees the disk, and leaves the server's view alone.
        assert any(d["code"] == "VK401" and d["path"] == daily for d in check(root))
        ed.change(daily, ed.held[ed.uri(daily)] + "\n- [[Ana Nunez]] again\n")
        found = await ed.diagnostics(daily, lambda d: True)
        await asyncio.sleep(0.3)
        assert "VK401" not in codes(ed.client.diagnostics.get(ed.uri(daily)))
        assert "VK401" not in codes(found)
        ed.close(new)
        await ed.diagnostics(daily, lambda d: codes(d).count("VK401") == 2)
    # The server gone, `check` sees the disk only: the unsaved note is no one, the file as it was.
    after = check(root)
    assert [d["line"] for d in after if d["code"] == "VK401" and d["path"] == daily] == [7]
    assert not any(d["path"] == new for d in after)


@pytest.mark.parametrize("warm", [False, True])
async def test_the_plans_diagnostics_come_with_no_note_open(
    tmp_path: Path, warm: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    """Cold, from the first index; warm (a `check` stored its units), from those at once."""
    root = sample(tmp_path)
    if warm:
        check(root)
    async with editor(root) as ed:
        found = await ed.diagnostics("Plans/2026-Q3.md", lambda d: bool(d))
        assert {"VK201", "VK302"} <= set(codes(found))
        # Next quarter's plan, not written yet, and last quarter's: where check puts them.
        assert codes(await ed.diagnostics("Plans/2026-Q4.md", lambda d: bool(d))) == ["VK301"]
        assert "VK304" in codes(await ed.diagnostics("Plans/2026-Q2.md", lambda d: bool(d)))
        await ed.settled("Plans/2026-Q3.md")
        vault_wide = {d["path"] for d in check(root, "--select", "VK2,VK301,VK302,VK304,VK305")}
        assert {uri for uri, d in ed.client.diagnostics.items() if d} == {ed.uri(p) for p in vault_wide}
    assert "Traceback" not in capfd.readouterr().err


# -- typing: bursts and incremental changes ----------------------------------------------------------


async def test_a_burst_of_changes_is_checked_once_after_the_debounce_as_last_typed(tmp_path: Path) -> None:
    text = "---\nrole: peer\n---\n## Log\n"
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "People/Bo Ode.md": text})
    async with editor(root, options={"debounce": 400}) as ed:
        path = "People/Bo Ode.md"
        ed.open(path)
        await ed.diagnostics(path, lambda d: True)
        await ed.settled(path, 0.5)
        said = Said(ed.client.diagnostics)
        ed.client.diagnostics = said
        for i in range(50):  # 50 changes in about 100 ms, each adding a line the check would flag
            end = to_position(ed.held[ed.uri(path)], len(ed.held[ed.uri(path)]))
            ed.edit(path, types.Range(end, end), f"- 🦊 [[Ana]] {i}\n")
            await asyncio.sleep(0.002)
        final = await ed.diagnostics(path, lambda d: codes(d).count("VK402") == 50)
        await ed.settled(path, 0.6)
        assert [codes(found).count("VK402") for uri, found in said.said if uri == ed.uri(path)] == [50]  # one check
        held = ed.held[ed.uri(path)]
        assert sorted((d.range for d in final if d.code == "VK402"), key=lambda r: r.start.line) == [
            span(held, "[[Ana]]", nth=i) for i in range(50)
        ]
        assert held.count("\n") == 54 and held.endswith("- 🦊 [[Ana]] 49\n")


async def test_incremental_changes_across_lines_and_several_in_one_notification(tmp_path: Path) -> None:
    text = "---\nrole: peer\n---\n## Log\r\n- 🦊 one [[Ana]]\r\n- two\r\n- three [[Ana]] 👋\n"
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "People/Bo Ode.md": text})
    async with editor(root) as ed:
        path, uri = "People/Bo Ode.md", ed.uri("People/Bo Ode.md")
        ed.open(path)
        await ed.diagnostics(path, lambda d: codes(d).count("VK402") == 2)
        # Join "one" and "three" (deleting across two CRLF lines), then, in the same notification,
        # insert a link before the emoji of what is now line 4: each change on the text before it.
        first = types.Range(span(text, " [[Ana]]\r\n").start, span(text, " [[Ana]] 👋").start)
        step = applied(text, [types.TextEdit(first, "")], ed.encoding)
        assert step.endswith("- 🦊 one [[Ana]] 👋\n")
        second = types.Range(span(step, "🦊").start, span(step, "🦊").start)
        final = applied(step, [types.TextEdit(second, "[[Ana]] ")], ed.encoding)
        ed.versions[uri] += 1
        ed.held[uri] = final
        ed.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=ed.versions[uri], uri=uri),
                [
                    types.TextDocumentContentChangePartial(range=first, text=""),
                    types.TextDocumentContentChangePartial(range=second, text="[[Ana]] "),
                ],
            )
        )
        found = await ed.diagnostics(path, lambda d: {x.range.start.line for x in d if x.code == "VK402"} == {4})
        assert sorted(d.range.start.character for d in found if d.code == "VK402") == sorted(
            span(final, "[[Ana]]", nth=i).start.character for i in range(2)
        )
        assert {d.range.start.line for d in found if d.code == "VK402"} == {4}
        # What the server holds is what the editor holds: its fix-all gives the editor's text fixed.
        fix = await ed.actions(uri, types.Range(types.Position(0, 0), types.Position(0, 0)), [], [FIX_ALL])
        assert applied(final, edits_of(fix[0].edit, uri)) == final.replace("[[Ana]]", "[[Ana Núñez|Ana]]")


# -- completion ----------------------------------------------------------------------------------------


def people(root: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(root), "--today", TODAY, "people", "--format", "json"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return list(json.loads(done.stdout))


async def test_completion_in_awkward_places(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root) as ed:
        path = "Daily/2026-09-25.md"
        text = (
            "# day\n"
            "- [[\n"  # 1: everyone, most overdue first
            "- 🦊 met [[Eth\n"  # 2: an alias, after an astral character
            "| who | what |\n| --- | --- |\n| [[Eth | coffee |\n"  # 5: in a table row
            "- see [[Eth]] later\n"  # 6: `]]` already there
            "- [[2026-Q3#\n"  # 7: the plan's headings
            "- [[nun\n"  # 8: accents and case folded
            "- [[Hana Ito|Han\n"  # 9: the display text: nothing to offer
        )
        uri = ed.open(path, text)
        await ed.diagnostics(path, lambda d: True)

        def at(line: int, after: str) -> types.Position:
            start = lsp_lines(text)[line]
            return to_position(text, text.index(after, start) + len(after))

        everyone = await ed.complete(uri, at(1, "[["))
        by_path = {p["path"]: p for p in people(root)}
        names = {p["name"] for p in by_path.values()}
        ranked = [i.label for i in sorted(everyone, key=lambda i: i.sort_text or "") if i.label in names]
        neglected = {d["path"] for d in check(root, "--select", "VK101")}  # active, not snoozed, overdue
        due = sorted((by_path[p] for p in neglected), key=lambda p: (-p["overdue_days"], p["name"].casefold()))
        assert len(due) >= 3
        assert ranked[: len(due)] == [p["name"] for p in due]

        alias = {i.label: i for i in await ed.complete(uri, at(2, "[[Eth"))}
        edit = alias["Eth"].text_edit
        assert isinstance(edit, types.TextEdit) and edit.new_text == "Ethan Brooks|Eth]]"
        assert edit.range == types.Range(at(2, "[["), at(2, "[[Eth"))
        assert alias["Ethan Brooks"].text_edit.new_text == "Ethan Brooks]]"  # type: ignore[union-attr]

        table = {i.label: i for i in await ed.complete(uri, at(5, "[[Eth"))}
        assert table["Eth"].text_edit.new_text == "Ethan Brooks\\|Eth]]"  # type: ignore[union-attr]

        closed = {i.label: i for i in await ed.complete(uri, at(6, "[[Eth"))}
        edit = closed["Eth"].text_edit
        assert isinstance(edit, types.TextEdit) and edit.new_text == "Ethan Brooks|Eth"
        line = text.splitlines()[6]
        assert applied(line, [types.TextEdit(types.Range(types.Position(0, 8), types.Position(0, 11)), edit.new_text)])
        assert edit.range.end == at(6, "[[Eth")

        headings = [i.label for i in await ed.complete(uri, at(7, "[[2026-Q3#"))]
        assert headings[:3] == ["Network plan — 2026-Q3", "Senior", "Peers"], headings
        section = next(i for i in await ed.complete(uri, at(7, "[[2026-Q3#")) if i.label == "Senior")
        assert section.text_edit.new_text == "2026-Q3#Senior]]"  # type: ignore[union-attr]

        folded = [i.label for i in await ed.complete(uri, at(8, "[[nun"))]
        assert "Ana Núñez" in folded

        assert await ed.complete(uri, at(9, "|Han")) == []


# -- hover, definition, references ----------------------------------------------------------------------


async def test_hover_definition_and_references_on_names_ambiguous_links_and_other_notes(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root) as ed:
        path = "Daily/2026-09-08.md"
        text = ed.disk(path) + "- Lunch with Ana Núñez, then a call with 🦊 Hana.\n"
        uri = ed.open(path, text)
        await ed.diagnostics(path, lambda d: "VK403" in codes(d))

        plain = await ed.hover(uri, span(text, "Núñez").start)
        assert plain is not None and plain.startswith("### Ana Núñez") and "Brightline" in plain
        alias = await ed.hover(uri, span(text, "Hana.").start)
        assert alias is not None and "### Hana Ito" in alias
        assert await ed.hover(uri, span(text, "Lunch").start) is None

        ambiguous = await ed.hover(uri, span(text, "[[Alex]]", "utf-16").start)
        assert ambiguous is not None and "Alex Kim" in ambiguous and "Alex Rivera" in ambiguous
        assert "could be" in ambiguous
        both = await ed.definition(uri, span(text, "[[Alex]]").start)
        assert sorted(both) == sorted([ed.uri("People/Alex Kim.md"), ed.uri("People/Alex Rivera.md")])

        meeting = "[[2026-09-08 Fathom Cloud partnership]]"
        other = await ed.hover(uri, span(text, meeting).start)
        assert other is not None and "Meetings/2026-09-08 Fathom Cloud partnership.md" in other
        assert await ed.definition(uri, span(text, meeting).start) == [
            ed.uri("Meetings/2026-09-08 Fathom Cloud partnership.md")
        ]

        priya = span(text, "[[Priya Raman]]").start
        without = await ed.references(uri, priya, declaration=False)
        with_note = await ed.references(uri, priya, declaration=True)
        assert [loc for loc in with_note if loc not in without] == [
            types.Location(ed.uri("People/Priya Raman.md"), types.Range(types.Position(0, 0), types.Position(0, 0)))
        ]
        # Every mention, by name or alias, whatever the display text: as the files say.
        mention = re.compile(r"!?\[\[(?:Priya Raman|Priya)(?:#[^\]|]*)?(?:\\?\|[^\]]*)?\]\]")
        expected = set()
        for note in sorted(root.rglob("*.md")):
            rel = note.relative_to(root).as_posix()
            if rel.startswith("Templates/"):
                continue
            body = text if rel == path else note.read_bytes().decode("utf-8", "replace")
            for m in mention.finditer(body):
                expected.add((ed.uri(rel), str(types.Range(to_position(body, m.start()), to_position(body, m.end())))))
        found = {(loc.uri, str(loc.range)) for loc in without}
        assert found == expected
        assert len(found) >= 10


# -- code actions ------------------------------------------------------------------------------------------

HANA = "---\naliases: [Hana]\nrole: peer\n---\n## Log\n- 2026-09-01 coffee\n"
ZED = (
    "\ufeff---\r\nrole: peer\r\nlast_contact: 2026-05-02 # by hand\r\n---\r\n# Zed\r\n\r\n## Log\r\n"
    "- 2026-08-11 🦊 dinner with [[Hana]]; [[Hana#Log|her log]]\r\n| 🦊 | [[Hana]] |\r\n- 2026-05-02 call\r\n"
)


async def test_fix_all_writes_what_check_fix_writes_and_only_filters(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"People/Hana Ito.md": HANA, "People/Zed Ode.md": ZED}
    root = vault(tmp_path, files)
    fixed = vault(tmp_path, files, name="fixed")
    path = "People/Zed Ode.md"
    subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(fixed), "--today", TODAY, "check", path, "--fix"],
        capture_output=True, check=False, cwd=fixed, timeout=60,
    )  # fmt: skip
    expected = (fixed / path).read_bytes()
    assert expected != ZED.encode() and expected.startswith(b"\xef\xbb\xbf")
    async with editor(root) as ed:
        uri = ed.open(path)  # the BOM kept, as some editors keep it
        found = await ed.diagnostics(path, lambda d: "VK104" in codes(d) and codes(d).count("VK402") == 3)
        everywhere = types.Range(types.Position(0, 0), types.Position(99, 0))
        fix_all = await ed.actions(uri, everywhere, [], [FIX_ALL])
        assert [a.kind for a in fix_all] == [FIX_ALL]
        assert applied(ZED, edits_of(fix_all[0].edit, uri)).encode("utf-8") == expected
        for only in (["quickfix"], ["source"], ["source.fixAll"], ["refactor"], ["quickfix", "source"]):
            kinds = {str(a.kind) for a in await ed.actions(uri, everywhere, found, only)}
            assert all(any(k == o or k.startswith(o + ".") for o in only) for k in kinds), (only, kinds)
            assert (FIX_ALL in kinds) == any(o in ("source", "source.fixAll") for o in only)
            assert ("quickfix" in kinds) == ("quickfix" in only)
        # Each quick fix alone, on the line of its diagnostic: the same edit `check --fix` makes.
        table = next(d for d in found if d.code == "VK402" and d.range.start.line == 8)
        actions = await ed.actions(uri, table.range, [table], ["quickfix"])
        quick = [a for a in actions if list(a.diagnostics or []) == [table]]
        assert len(quick) == 1
        assert applied(ZED, edits_of(quick[0].edit, uri)).splitlines()[8] == "| 🦊 | [[Hana Ito\\|Hana]] |"


ALEXES = {
    "People/Alex Kim.md": "---\naliases: [Alex]\nrole: peer\n---\n",
    "People/Alex Rivera.md": "---\naliases: [Alex]\nrole: friend\n---\n",
    "Clients/Alex Kim.md": "# Alex Kim, the client\n",
    "Daily/2026-09-20.md": "# day\n\n| when | who |\n| --- | --- |\n| 🦊 today | [[Alex]] and [[Alex Kim]] |\n",
}


async def test_an_ambiguous_link_in_a_table_row_gets_one_action_per_candidate(tmp_path: Path) -> None:
    root = vault(tmp_path, ALEXES)
    text = ALEXES["Daily/2026-09-20.md"]
    async with editor(root) as ed:
        path = "Daily/2026-09-20.md"
        uri = ed.open(path)
        found = await ed.diagnostics(path, lambda d: codes(d).count("VK403") == 2)
        people = next(d for d in found if d.range == span(text, "[[Alex]]"))
        notes = next(d for d in found if d.range == span(text, "[[Alex Kim]]"))
        chosen: dict[str, list[str]] = {}
        for d in (people, notes):
            actions = await ed.actions(uri, d.range, [d])
            mean = [a for a in actions if a.title.startswith("Mean ")]
            chosen[d.message] = [applied(text, edits_of(a.edit, uri)).splitlines()[4] for a in mean]
        assert sorted(chosen[people.message]) == [
            "| 🦊 today | [[Alex Rivera\\|Alex]] and [[Alex Kim]] |",
            "| 🦊 today | [[People/Alex Kim\\|Alex]] and [[Alex Kim]] |",
        ]
        assert sorted(chosen[notes.message]) == [
            "| 🦊 today | [[Alex]] and [[Clients/Alex Kim\\|Alex Kim]] |",
            "| 🦊 today | [[Alex]] and [[People/Alex Kim\\|Alex Kim]] |",
        ]
        # Picked, typed in: that link is no longer ambiguous, and the table is still a table.
        ed.change(path, text.replace("[[Alex]]", "[[Alex Rivera\\|Alex]]"))
        after = await ed.diagnostics(path, lambda d: codes(d).count("VK403") == 1)
        assert after[0].message == notes.message


# -- the vault's settings, edited under a running server ----------------------------------------------------


async def test_the_config_edited_then_broken_on_disk(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "People/Bo Ode.md": "---\nrole: peer\n---\n- [[Ana]]\n"})
    async with editor(root) as ed:
        path = "People/Bo Ode.md"
        ed.open(path)
        await ed.diagnostics(path, lambda d: "VK402" in codes(d))
        (root / "vaultkit.toml").write_text('[rules]\nignore = ["VK402"]\n', encoding="utf-8")
        await ed.diagnostics(path, lambda d: "VK402" not in codes(d))
        (root / "vaultkit.toml").write_text('[rules\nignore = ["VK402"\n', encoding="utf-8")

        async def said() -> str:
            while True:
                lines = [m.message for m in [*ed.client.messages, *ed.client.log_messages]]
                found = [line for line in lines if "vaultkit.toml" in line]
                if found:
                    return found[0]
                await asyncio.sleep(0.05)

        message = await asyncio.wait_for(said(), TIMEOUT)
        assert "vaultkit.toml" in message
        # Still served, with the settings as they were: VK402 still ignored, the new text checked.
        ed.change(path, ed.held[ed.uri(path)] + "- [[Ana Nunez]]\n")
        found = await ed.diagnostics(path, lambda d: "VK401" in codes(d))
        assert "VK402" not in codes(found)
        (root / "vaultkit.toml").write_text("", encoding="utf-8")
        await ed.diagnostics(path, lambda d: "VK402" in codes(d) and "VK401" in codes(d))


# -- the end -------------------------------------------------------------------------------------------------


async def test_shutdown_and_exit_end_the_process_promptly_with_status_0(tmp_path: Path) -> None:
    root = sample(tmp_path)
    async with editor(root) as ed:
        ed.open("Daily/2026-08-27.md")
        await ed.diagnostics("Daily/2026-08-27.md", lambda d: bool(d))
        server = ed.client._server
        assert server is not None
        started = time.monotonic()
        await asyncio.wait_for(ed.client.shutdown_session(), 10)
        assert server.returncode == 0
        assert time.monotonic() - started < 3


@pytest.mark.parametrize("when", ["indexing", "serving"])
async def test_the_process_exits_when_stdin_closes_without_exit(tmp_path: Path, when: str) -> None:
    root = sample(tmp_path)
    client = await ClientServerConfig(server_command=SERVER).start()
    server = client._server
    assert server is not None and server.stdin is not None
    try:
        uri = from_fs_path(str(root)) or ""
        client.capabilities = capabilities()
        await client.initialize_async(types.InitializeParams(capabilities=client.capabilities, root_uri=uri))
        client.initialized(types.InitializedParams())
        if when == "serving":
            ed = Editor(client, root, "utf-16")
            ed.open("Daily/2026-08-27.md")
            await ed.diagnostics("Daily/2026-08-27.md", lambda d: bool(d))
        server.stdin.close()  # the editor died
        await asyncio.wait_for(server.wait(), 10)
    finally:
        if server.returncode is None:
            server.kill()
        await client.stop()


async def test_the_config_open_in_the_editor_is_no_note_and_typing_in_it_reloads_nothing(tmp_path: Path) -> None:
    """Each keystroke in vaultkit.toml is no reason to read the settings again (they are read
    from disk, when saved), nor to say again that the file on disk is broken."""
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "People/Bo Ode.md": "---\nrole: peer\n---\n- [[Ana]]\n"})
    async with editor(root) as ed:
        path = "People/Bo Ode.md"
        ed.open(path)
        await ed.diagnostics(path, lambda d: "VK402" in codes(d))
        (root / "vaultkit.toml").write_text("[rules\n", encoding="utf-8")

        def warnings() -> list[str]:
            found = [m.message for m in [*ed.client.messages, *ed.client.log_messages]]
            return [line for line in found if "vaultkit.toml" in line]

        while not warnings():
            await asyncio.sleep(0.05)
        before = len(warnings())
        ed.open("vaultkit.toml")
        for i in range(3):
            ed.change("vaultkit.toml", f"[rules]\nignore = ['VK{i}']\n")
            await asyncio.sleep(0.2)
        ed.change(path, ed.held[ed.uri(path)] + "- [[Ana]] again\n")
        await ed.diagnostics(path, lambda d: codes(d).count("VK402") == 2)
        assert len(warnings()) == before
        assert ed.uri("vaultkit.toml") not in ed.client.diagnostics


async def test_one_note_open_under_two_uris_stays_checked_when_one_closes(tmp_path: Path) -> None:
    root = sample(tmp_path)
    link = tmp_path / "notes"
    link.symlink_to(root, target_is_directory=True)
    async with editor(root, folder=link) as ed:
        path = "Daily/2026-08-27.md"
        real = from_fs_path(str(root / path)) or ""
        text = ed.disk(path).replace("[[Ana Nunez]]", "[[Ana Nunez]] and [[Ana]]")
        ed.open(path, text)
        ed.open(path, text, uri=real)
        await ed.diagnostics(path, lambda d: "VK402" in codes(d), uri=real)
        ed.close(path)  # the one under the link
        await ed.settled(path)
        assert codes(ed.client.diagnostics.get(real)) == ["VK401", "VK402"]  # of the text still open
        hover = await ed.hover(real, span(text, "[[Ana]]").start)
        assert hover is not None and "Ana Núñez" in hover


async def test_requests_at_places_that_are_not_there(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Past the end, on an empty note, on a note never opened, in a buffer with no file: an
    answer (or none), never an error, and the server goes on."""
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA, "People/Bo Ode.md": "---\nrole: peer\n---\n- [[Ana]]\n"})
    async with editor(root) as ed:
        empty = ed.open("Notes/Empty.md", "")
        bo = ed.uri("People/Bo Ode.md")  # never opened: read from disk
        untitled = "untitled:Untitled-1"
        ed.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(untitled, "markdown", 1, "[[Ana]]"))
        )
        far = types.Position(99, 99)
        whole = types.Range(types.Position(0, 0), far)
        for uri in (empty, bo, untitled):
            assert await ed.hover(uri, far) is None
            assert await ed.complete(uri, far) == []
            assert await ed.definition(uri, far) == []
            # Anywhere in a person's note is that person: Bo's, read from disk; the others, nobody.
            mine = [] if uri != bo else [types.Location(bo, types.Range(types.Position(0, 0), types.Position(0, 0)))]
            assert await ed.references(uri, far, declaration=True) == mine
            found = await ed.actions(uri, whole, [])
            assert all(a.kind in ("quickfix", FIX_ALL) or str(a.kind).startswith("refactor") for a in found)
        hover = await ed.hover(bo, types.Position(3, 4))
        assert hover is not None and "Ana Núñez" in hover
        fix = await ed.actions(bo, whole, [], [FIX_ALL])
        assert applied(ed.disk("People/Bo Ode.md"), edits_of(fix[0].edit, bo)).endswith("- [[Ana Núñez|Ana]]\n")
        assert untitled not in ed.client.diagnostics
    assert "Traceback" not in capfd.readouterr().err


async def test_exit_without_shutdown_ends_the_process_with_status_1(tmp_path: Path) -> None:
    root = vault(tmp_path, {"People/Ana Núñez.md": ANA})
    async with editor(root) as ed:
        server = ed.client._server
        assert server is not None
        ed.client.exit(None)
        await asyncio.wait_for(server.wait(), 5)
        assert server.returncode == 1


# -- who moved: a commit is an input -----------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed (.ci/run installs it)")
async def test_a_commit_alone_brings_the_move_to_the_open_note(tmp_path: Path) -> None:
    """The person note is open and saved, unchanged since; committing its new company (no file
    changes) is seen: VK109 comes on it."""
    import os
    import subprocess

    def git(*args: str, when: str) -> None:
        env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=root, env=env,
                       check=True, capture_output=True)  # fmt: skip

    root = vault(tmp_path, {"People/Sarah Okafor.md": "---\nrole: mentor\ncompany: Acme\n---\n"})
    git("init", "-q", when="2026-06-01T10:00:00")
    git("add", "-A", when="2026-06-01T10:00:00")
    git("commit", "-qm", "first", when="2026-06-01T10:00:00")
    path = "People/Sarah Okafor.md"
    (root / path).write_text("---\nrole: mentor\ncompany: Google\n---\n", encoding="utf-8")
    async with editor(root) as ed:
        ed.open(path)
        await ed.diagnostics(path, lambda d: "VK109" not in codes(d))
        git("add", "-A", when="2026-09-20T10:00:00")
        git("commit", "-qm", "Sarah moved", when="2026-09-20T10:00:00")
        found = await ed.diagnostics(path, lambda d: "VK109" in codes(d))
        assert any("moved from Acme to Google on 2026-09-20" in d.message for d in found)


# -- progress: a first index that takes a while says how far it is ---------------------------------


async def test_a_first_index_that_takes_a_while_says_its_progress(tmp_path: Path) -> None:
    """No index yet, 8,000 notes: `$/progress` begins, reports, and ends with the count, and the
    opened note's diagnostics come after it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", SAMPLE.parent / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", generate)  # its dataclasses look their module up
    spec.loader.exec_module(generate)
    root = tmp_path / "big"
    # A cold index of 2 s here: over 1 s on a machine twice as fast.
    generate.generate(root, 3_000, 5_000, 1)
    async with editor(root) as ed:
        person = sorted(p.relative_to(root).as_posix() for p in (root / "People").glob("*.md"))[0]
        ed.open(person)
        await ed.diagnostics(person, lambda d: True)
        reports = [r for found in ed.client.progress_reports.values() for r in found]
        assert reports, "no $/progress at all"
        assert isinstance(reports[0], types.WorkDoneProgressBegin) and "index" in reports[0].title
        assert isinstance(reports[-1], types.WorkDoneProgressEnd) and "notes" in (reports[-1].message or "")


async def test_exit_sent_right_behind_shutdown_ends_cleanly(tmp_path: Path) -> None:
    """An editor that sends `exit` without waiting for `shutdown`'s answer: status 0, no traceback,
    and the index closed (a second server starts from it)."""
    import json
    import os
    import subprocess

    root = sample(tmp_path)

    def frame(message: dict[str, Any]) -> bytes:
        data = json.dumps(message).encode()
        return b"Content-Length: %d\r\n\r\n" % len(data) + data

    uri = from_fs_path(str(root))
    start = {"processId": os.getpid(), "rootUri": uri, "capabilities": {}}
    messages = [
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": start}),
        frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ]
    process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(b"".join(messages))
    process.stdin.flush()
    await asyncio.sleep(1.5)  # indexed
    process.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    process.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    process.stdin.flush()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert b"Traceback" not in err, err.decode(errors="replace")
