"""`vaultkit lsp` end to end: a real server over stdio, driven by pytest-lsp as an editor would.

Each test copies a vault into a folder of its own, opens it as the editor's workspace, and waits
for what an editor waits for: `publishDiagnostics` of a note, answers to requests.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server's tests need the lsp extra (pip install -e '.[test]')")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the test extra (pip install -e '.[test]')")

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from vaultkit.writer import apply_edits  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
TODAY = "2026-09-24"
TIMEOUT = 30.0
SERVER = [sys.executable, "-m", "vaultkit", "--today", TODAY, "lsp", "--debounce", "50"]

pytestmark = pytest.mark.asyncio(loop_scope="function")


class Session:
    """The client and its vault, with what a test asks of both."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root

    def uri(self, path: str) -> str:
        return from_fs_path(str(self.root / path)) or ""

    def text(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def open(self, path: str, text: str | None = None) -> str:
        uri = self.uri(path)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, "markdown", 1, self.text(path) if text is None else text)
            )
        )
        return uri

    def change(self, path: str, text: str, version: int) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=self.uri(path)),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def diagnostics(self, path: str, until: Callable[[list[types.Diagnostic]], bool]) -> list[types.Diagnostic]:
        """The note's diagnostics as last published, once `until` holds of them."""
        uri = self.uri(path)

        async def wait() -> list[types.Diagnostic]:
            while True:
                found = self.client.diagnostics.get(uri)
                if found is not None and until(found):
                    return found
                await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        try:
            return await asyncio.wait_for(wait(), TIMEOUT)
        except asyncio.TimeoutError:
            pytest.fail(f"{path}: diagnostics never came as expected; last: {self.client.diagnostics.get(uri)}")


def codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


def vault_copy(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".vaultkit"))
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    root = vault_copy(tmp_path)
    params = types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        root_uri=from_fs_path(str(root)),
        workspace_folders=[types.WorkspaceFolder(from_fs_path(str(root)) or "", "vault")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def session(client: LanguageClient, tmp_path: Path) -> Session:
    return Session(client, tmp_path / "vault")


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of `needle` in `text` (plus `offset` characters), as UTF-16 counts."""
    at = text.index(needle) + offset
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return types.Position(line, len(text[start:at].encode("utf-16-le")) // 2)


async def test_open_a_note_and_see_its_diagnostics(session: Session) -> None:
    session.open("Daily/2026-08-27.md")
    found = await session.diagnostics("Daily/2026-08-27.md", lambda d: bool(d))
    assert "VK401" in codes(found)
    vk401 = next(d for d in found if d.code == "VK401")
    text = session.text("Daily/2026-08-27.md")
    assert vk401.range.start == position_of(text, "[[Ana Nunez]]")
    assert vk401.source == "vaultkit" and "Ana Núñez" in vk401.message


async def test_a_fix_typed_unsaved_clears_them_and_the_file_is_untouched(session: Session) -> None:
    path = "Daily/2026-08-27.md"
    before = (session.root / path).read_bytes()
    session.open(path)
    await session.diagnostics(path, lambda d: "VK401" in codes(d))
    session.change(path, before.decode().replace("[[Ana Nunez]]", "[[Ana Núñez]]"), 2)
    await session.diagnostics(path, lambda d: "VK401" not in codes(d))
    assert (session.root / path).read_bytes() == before  # it writes nothing


async def test_a_saved_person_note_clears_a_missing_link_elsewhere(session: Session) -> None:
    path = "Daily/2026-08-27.md"
    session.open(path)
    await session.diagnostics(path, lambda d: "VK401" in codes(d))
    (session.root / "People/Ana Nunez.md").write_text("---\nname: Ana Nunez\nrole: peer\n---\n", encoding="utf-8")
    await session.diagnostics(path, lambda d: "VK401" not in codes(d))


async def test_hover_on_a_person_link(session: Session) -> None:
    path = "Plans/2026-Q3.md"
    text = session.text(path)
    uri = session.open(path)
    at = position_of(text, "[[Olivia Grant]]", 3)
    hover = await session.client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), at))
    assert hover is not None
    contents = hover.contents
    assert isinstance(contents, types.MarkupContent)
    assert "Olivia Grant" in contents.value
    assert "Last interaction" in contents.value and "Cadence" in contents.value
    assert hover.range is not None and hover.range.start == position_of(text, "[[Olivia Grant]]")


async def test_completion_by_alias(session: Session) -> None:
    person = session.root / "People/Sasha Petrova.md"
    person.write_text("---\nname: Sasha Petrova\naliases: [Sash]\nrole: peer\n---\n", encoding="utf-8")
    path = "Daily/2026-09-20.md"
    text = "# Coffee\n\nMet [[Sas"
    uri = session.open(path, text)
    await session.diagnostics(path, lambda d: True)
    result = await session.client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(2, len("Met [[Sas")))
    )
    assert isinstance(result, types.CompletionList)
    by_label = {item.label: item for item in result.items}
    assert "Sash" in by_label, sorted(by_label)[:20]
    edit = by_label["Sash"].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.new_text == "Sasha Petrova|Sash]]"
    assert edit.range.start == types.Position(2, len("Met [["))


async def test_a_code_action_applies_the_fix_check_diff_shows(session: Session) -> None:
    """The action's edit, applied to the note, gives the note `check --fix` would write."""
    listed = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(session.root), "--today", TODAY, "check", "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    import json

    data = json.loads(listed.stdout)
    found = data if isinstance(data, list) else data["diagnostics"]
    fixable = next(d for d in found if d["fix"] and d["path"].endswith(".md") and not d["path"].startswith("Plans/"))
    path = fixable["path"]
    uri = session.open(path)
    diagnostics = await session.diagnostics(path, lambda d: fixable["code"] in codes(d))
    target = next(d for d in diagnostics if d.code == fixable["code"])
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), target.range, types.CodeActionContext(diagnostics=[target])
        )
    )
    assert actions
    quick = [a for a in actions if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix]
    assert quick and quick[0].edit is not None
    before = (session.root / path).read_bytes()
    after = _applied(before.decode("utf-8"), quick[0].edit, uri)
    diff = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(session.root), "--today", TODAY, "check", path,
         "--select", fixable["code"], "--diff"],
        capture_output=True, text=True, check=False, cwd=session.root,
    ).stdout  # fmt: skip
    patched = _patch(session.root, path, diff)
    assert after == patched
    assert (session.root / path).read_bytes() == before


async def test_pick_a_candidate_of_an_ambiguous_link(session: Session) -> None:
    path = "Daily/2026-09-08.md"
    text = session.text(path)
    uri = session.open(path)
    found = await session.diagnostics(path, lambda d: "VK403" in codes(d))
    vk403 = next(d for d in found if d.code == "VK403" and "[[Alex]]" in d.message)
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), vk403.range, types.CodeActionContext(diagnostics=[vk403])
        )
    )
    titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
    assert len([t for t in titles if t.startswith("Mean ")]) == 2, titles
    rivera = next(a for a in actions or [] if isinstance(a, types.CodeAction) and "Alex Rivera" in a.title)
    assert rivera.edit is not None
    after = _applied(text, rivera.edit, uri)
    assert "[[Alex Rivera|Alex]]" in after
    session.change(path, after, 2)
    remaining = await session.diagnostics(
        path, lambda d: sum(1 for x in d if x.code == "VK403") < len([x for x in found if x.code == "VK403"])
    )
    assert all(x.range != vk403.range or x.code != "VK403" for x in remaining)


async def test_go_to_definition_opens_the_person_note(session: Session) -> None:
    path = "Plans/2026-Q3.md"
    text = session.text(path)
    uri = session.open(path)
    result = await session.client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), position_of(text, "[[Olivia Grant]]", 4))
    )
    assert isinstance(result, list) and result
    first = result[0]
    assert isinstance(first, types.Location)
    assert first.uri == session.uri("People/Olivia Grant.md")


def _applied(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    """The note's text with the edit's changes to it, as an editor applies them."""
    edits: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    for changes in (edit.changes or {}).get(uri, []):
        edits.append(changes)
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


def _patch(root: Path, path: str, diff: str) -> str:
    """The note as `check --diff`'s patch leaves it, applied with `git apply` to a copy."""
    if not diff:
        return (root / path).read_text(encoding="utf-8")
    if shutil.which("git") is None:
        pytest.skip("git is needed to apply check --diff's patch (.ci/run installs it)")
    copy = root.parent / "patched"
    if copy.exists():
        shutil.rmtree(copy)
    (copy / path).parent.mkdir(parents=True)
    shutil.copyfile(root / path, copy / path)
    subprocess.run(["git", "apply", "--unsafe-paths", "-p1", "-"], input=diff, text=True, cwd=copy, check=True)
    return apply_edits((copy / path).read_bytes(), []).decode("utf-8")


async def test_log_an_interaction_today_is_the_edit_vaultkit_log_writes(session: Session) -> None:
    """On a person's link, the action logs a contact in their note as `vaultkit log` would."""
    path = "Plans/2026-Q3.md"
    text = session.text(path)
    uri = session.open(path)
    at = position_of(text, "[[Olivia Grant]]", 3)
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), types.Range(at, at), types.CodeActionContext([]))
    )
    logging = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Log an interaction")]
    assert len(logging) == 1 and "Olivia Grant" in logging[0].title and TODAY in logging[0].title
    assert logging[0].edit is not None
    person = "People/Olivia Grant.md"
    before = session.text(person)
    after = _applied(before, logging[0].edit, session.uri(person))
    assert after != before
    assert (session.root / person).read_text(encoding="utf-8") == before  # the server wrote nothing
    subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(session.root), "--today", TODAY, "log", "Olivia Grant", ""],
        capture_output=True, check=True,
    )  # fmt: skip
    assert (session.root / person).read_text(encoding="utf-8") == after
