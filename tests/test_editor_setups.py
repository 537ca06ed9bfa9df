"""The README's editor set-ups for `vaultkit lsp`, read from the README itself so that it cannot
drift, and checked as far as this machine can without the editors:

- Neovim's Lua compiled by `luac -p`, then run by Lua against a stand-in for the part of
  `vim.lsp` it calls, which refuses anything else;
- Helix's TOML parsed, its keys held to those Helix's book documents;
- Emacs Lisp read and evaluated by Emacs in batch, with a stand-in `eglot-server-programs`
  (Emacs 28, Debian's, has no eglot);
- the VS Code extension's settings parsed, their keys held to those its package.json declares;
- each set-up's command started as a language server, up to `initialize` and `shutdown`.

A test whose program is missing (luac, lua, emacs) skips and says which; `.ci/run` installs them.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## In your editor: the language server"
TIMEOUT = 30.0

# Helix's book, "Languages" (book/src/languages.md): the keys of a [language-server.NAME] table
# and of a [[language]] table.
HELIX_SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
HELIX_LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots", "auto-format",
    "diagnostic-severity", "comment-tokens", "comment-token", "block-comment-tokens", "indent",
    "language-servers", "grammar", "formatter", "soft-wrap", "text-width", "rulers", "path-completion",
    "word-completion", "workspace-lsp-roots", "persistent-diagnostic-sources", "auto-pairs", "debugger",
}  # fmt: skip
HELIX_MARKDOWN_SERVERS = {"marksman", "markdown-oxide", "rumdl"}  # Helix's languages.toml, built in
# Generic LSP Client (v2), zsol.vscode-glspc: the settings its package.json contributes.
GLSPC_KEYS = {
    "glspc.server.command", "glspc.server.commandArguments", "glspc.server.languageId",
    "glspc.server.environmentVariables", "glspc.server.initializationOptions", "glspc.trace.server",
}  # fmt: skip
# Neovim 0.11's vim.lsp.Config: vim.lsp.ClientConfig's fields, and those of its own.
NEOVIM_CONFIG_KEYS = {
    "cmd", "cmd_cwd", "cmd_env", "detached", "workspace_folders", "capabilities", "handlers", "settings",
    "commands", "init_options", "name", "get_language_id", "offset_encoding", "on_error", "before_init",
    "on_init", "on_exit", "on_attach", "trace", "flags", "root_dir", "filetypes", "root_markers", "reuse_client",
}  # fmt: skip
COMMAND = ["vaultkit", "lsp"]


def section() -> str:
    """The README's language-server section: from its heading to the next `## ` outside code."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(SECTION)
    fenced = False
    for end in range(start + 1, len(lines)):
        if lines[end].startswith("```"):
            fenced = not fenced
        elif not fenced and lines[end].startswith("## "):
            return "\n".join(lines[start:end])
    return "\n".join(lines[start:])


def blocks() -> dict[str, list[str]]:
    """The section's fenced code blocks, by their language."""
    found: dict[str, list[str]] = {}
    for language, code in re.findall(r"^```(\w*)\n(.*?)^```$", section(), flags=re.MULTILINE | re.DOTALL):
        found.setdefault(language, []).append(code)
    return found


def snippet(language: str) -> str:
    found = blocks().get(language, [])
    assert len(found) == 1, f"the README's language-server section has {len(found)} {language} blocks, not one"
    return found[0]


def program(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return path
    pytest.skip(f"{' or '.join(names)} is not installed: the README's set-up that needs it is not checked here")


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
    return done


# -- the section itself -------------------------------------------------------------------------


def test_the_section_gives_one_set_up_for_each_editor_and_the_install_line() -> None:
    found = blocks()
    assert sorted(found) == ["elisp", "json", "lua", "sh", "toml"]
    assert all(len(codes) == 1 for codes in found.values())
    assert "pip install '.[lsp]'" in found["sh"][0]
    text = section()
    for editor in ("**Neovim** 0.11", "**Helix**", "**Emacs**", "**VS Code**", "**Zed**"):
        assert editor in text
    assert "docs/language-server.md" in text


def test_the_long_page_exists_and_leaves_the_figures_to_the_performance_page() -> None:
    page = (README.parent / "docs" / "language-server.md").read_text(encoding="utf-8")
    assert "see `docs/performance.md`" in page
    for option in ("--debounce", "--polling", "--vault", "--today", "--select", "--ignore", "initializationOptions"):
        assert option in page


# -- Neovim -------------------------------------------------------------------------------------

STAND_IN = r"""
local function strict(name, t)
  return setmetatable(t, { __index = function(_, key)
    error(name .. '.' .. tostring(key) .. ' is not part of the stand-in for Neovim 0.11', 2)
  end })
end
local function words(t)
  local out = {}
  for i, v in ipairs(t or {}) do out[i] = tostring(v) end
  return table.concat(out, ' ')
end
local configs = {}
vim = strict('vim', {
  lsp = strict('vim.lsp', {
    config = function(name, config)
      assert(type(name) == 'string' and type(config) == 'table', 'vim.lsp.config(name, table)')
      configs[name] = config
      print('config ' .. name)
    end,
    enable = function(name)
      assert(configs[name], 'vim.lsp.enable of a name never configured: ' .. tostring(name))
      print('enable ' .. name)
    end,
    completion = strict('vim.lsp.completion', {
      enable = function(enable, client_id, buffer, options)
        print(('completion %s %s %s %s'):format(
          tostring(enable), tostring(client_id), tostring(buffer), tostring(options and options.autotrigger)))
      end,
    }),
  }),
})
dofile(arg[1])
for name, config in pairs(configs) do
  local keys = {}
  for key in pairs(config) do keys[#keys + 1] = key end
  table.sort(keys)
  print('keys ' .. table.concat(keys, ' '))
  print('cmd ' .. words(config.cmd))
  print('filetypes ' .. words(config.filetypes))
  print('root_markers ' .. words(config.root_markers))
  if config.on_attach then config.on_attach({ id = 7, name = name }, 3) end
end
"""


def test_the_neovim_set_up_is_lua_that_compiles(tmp_path: Path) -> None:
    luac = program("luac5.4", "luac")
    code = tmp_path / "vaultkit.lua"
    code.write_text(snippet("lua"), encoding="utf-8")
    run([luac, "-p", str(code)])


def test_the_neovim_set_up_configures_vaultkit_for_markdown_and_enables_it(tmp_path: Path) -> None:
    lua = program("lua5.4", "lua")
    code = tmp_path / "vaultkit.lua"
    code.write_text(snippet("lua"), encoding="utf-8")
    driver = tmp_path / "driver.lua"
    driver.write_text(STAND_IN, encoding="utf-8")
    said = run([lua, str(driver), str(code)]).stdout.splitlines()
    assert said[:2] == ["config vaultkit", "enable vaultkit"]
    facts = dict(line.split(" ", 1) for line in said[2:] if not line.startswith("completion "))
    assert set(facts["keys"].split()) <= NEOVIM_CONFIG_KEYS
    assert facts["cmd"].split() == COMMAND
    assert facts["filetypes"] == "markdown"
    assert facts["root_markers"].split() == ["vaultkit.toml", ".obsidian", ".git"]
    assert "completion true 7 3 true" in said  # on_attach: completion as you type, for that client and buffer


# -- Helix --------------------------------------------------------------------------------------


def test_the_helix_set_up_is_toml_with_helixs_own_keys() -> None:
    config = tomllib.loads(snippet("toml"))
    assert set(config) == {"language-server", "language"}
    server = config["language-server"]["vaultkit"]
    assert set(server) <= HELIX_SERVER_KEYS
    assert [server["command"], *server["args"]] == COMMAND
    (markdown,) = config["language"]
    assert markdown["name"] == "markdown"
    assert set(markdown) <= HELIX_LANGUAGE_KEYS
    servers = [s if isinstance(s, str) else s["name"] for s in markdown["language-servers"]]
    assert servers[0] == "vaultkit"  # first: Helix takes hover and definition from the first that has them
    assert set(servers) <= set(config["language-server"]) | HELIX_MARKDOWN_SERVERS
    assert "vaultkit.toml" in markdown["roots"]


# -- Emacs --------------------------------------------------------------------------------------


def test_the_emacs_set_up_reads_and_puts_vaultkit_first_for_every_markdown_mode(tmp_path: Path) -> None:
    emacs = program("emacs")
    before = tmp_path / "before.el"  # what loading eglot would have defined, with a server of its own
    before.write_text(
        """(defvar eglot-server-programs '((markdown-mode . ("marksman" "server"))))\n(provide 'eglot)\n"""
    )
    code = tmp_path / "vaultkit.el"
    code.write_text(snippet("elisp"), encoding="utf-8")
    after = tmp_path / "after.el"
    after.write_text(
        "(princ (prin1-to-string (list (car eglot-server-programs) (length eglot-server-programs)"
        " markdown-mode-hook markdown-ts-mode-hook)))\n"
    )
    said = run([emacs, "--batch", "-Q", "-l", str(before), "-l", str(code), "-l", str(after)]).stdout
    assert said == '(((markdown-mode gfm-mode markdown-ts-mode) "vaultkit" "lsp") 2 (eglot-ensure) (eglot-ensure))'


# -- VS Code ------------------------------------------------------------------------------------


def test_the_vscode_set_up_uses_only_the_extensions_settings() -> None:
    settings = json.loads(snippet("json"))
    assert set(settings) <= GLSPC_KEYS
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == COMMAND
    assert settings["glspc.server.languageId"] == ["markdown"]


# -- each command, started ----------------------------------------------------------------------


def command(editor: str) -> list[str]:
    """The command an editor's set-up starts, as the README writes it."""
    if editor == "neovim":
        found = re.search(r"cmd = \{([^}]*)\}", snippet("lua"))
        assert found is not None
        return re.findall(r"'([^']*)'", found.group(1))
    if editor == "emacs":
        found = re.search(r"\. \(((?:\"[^\"]*\"\s*)+)\)", snippet("elisp"))
        assert found is not None
        return re.findall(r'"([^"]*)"', found.group(1))
    if editor == "helix":
        helix = tomllib.loads(snippet("toml"))["language-server"]["vaultkit"]
        return [helix["command"], *helix["args"]]
    vscode = json.loads(snippet("json"))
    return [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]]


@pytest.mark.parametrize("editor", ["neovim", "helix", "emacs", "vscode"])
def test_each_set_up_starts_vaultkit_lsp(editor: str) -> None:
    assert command(editor) == COMMAND


class Server:
    """A language server on stdio, spoken to as an editor would: one JSON-RPC message at a time."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while True:
            headers = {}
            while line := self.process.stdout.readline().decode("ascii").strip():
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if "content-length" not in headers:
                self.messages.put(None)  # the server closed its stdout
                return
            self.messages.put(json.loads(self.process.stdout.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def ask(self, number: int, method: str, params: dict[str, Any] | None) -> Any:
        self.send({"id": number, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            assert message is not None, f"the server stopped before answering {method}"
            if message.get("id") == number:
                assert "error" not in message, message
                return message["result"]


def test_vaultkit_lsp_answers_initialize_with_the_features_the_readme_names(tmp_path: Path) -> None:
    pytest.importorskip("pygls", reason="the language server needs the lsp extra (pip install -e '.[test]')")
    # `vaultkit` is the script installed beside this interpreter; `-m vaultkit` is the same program.
    server = Server([sys.executable, "-m", "vaultkit", *COMMAND[1:]], tmp_path)
    try:
        uri = tmp_path.as_uri()
        answer = server.ask(
            1,
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "notes"}],
                "capabilities": {},
            },
        )
        assert answer["serverInfo"]["name"] == "vaultkit"
        offered = answer["capabilities"]
        assert offered["hoverProvider"] and offered["definitionProvider"] and offered["referencesProvider"]
        assert "[" in offered["completionProvider"]["triggerCharacters"]
        assert {"quickfix", "source.fixAll.vaultkit"} <= set(offered["codeActionProvider"]["codeActionKinds"])
        assert server.ask(2, "shutdown", None) is None
        server.send({"method": "exit"})
        assert server.process.wait(timeout=TIMEOUT) == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
