"""The language server's figures (issue 15), with `vaultkit lsp` driven over stdio as an editor does.

- first: from the `initialize` request to the first `publishDiagnostics` of a note opened right
  after `initialized`, on a warm index (the process's start-up before `initialize` is given apart);
- latency: a person note open in the editor gets a duplicate frontmatter key typed (VK003 appears),
  then the key removed (it goes): from each `didChange` to the `publishDiagnostics` that shows it,
  less the server's debounce, which the server waits for on purpose;
- memory: the server's resident set (VmRSS) after it is ready and after those edits, from /proc.

The client is a plain JSON-RPC one (no pygls): what is timed is the server alone.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

TIMEOUT = 300.0  # the first index of a large vault may be cold
DEBOUNCE = 0.2  # the server's default (`vaultkit lsp --debounce 200`)


class Client:
    """A running `vaultkit lsp`, its messages read by a thread; the server's requests answered."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self.messages: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.lock = threading.Lock()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.partition(b":")
                if key.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(out.read(length))
            at = time.perf_counter()
            if "method" in message and "id" in message:  # the server asks (progress tokens): yes
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self.messages.put((at, message))

    def send(self, message: dict[str, Any]) -> float:
        data = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        with self.lock:
            stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            stdin.flush()
            return time.perf_counter()

    def request(self, method: str, params: Any) -> tuple[float, int]:
        self.next_id += 1
        return self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}), self.next_id

    def notify(self, method: str, params: Any) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, wanted: Callable[[dict[str, Any]], bool], timeout: float = TIMEOUT) -> tuple[float, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message from the server in {timeout:g} s")
            try:
                at, message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if wanted(message):
                return at, message

    def diagnostics(self, uri: str, holds: Callable[[list[dict[str, Any]]], bool]) -> float:
        def wanted(message: dict[str, Any]) -> bool:
            params = message.get("params") or {}
            return (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and holds(params.get("diagnostics", []))
            )

        return self.wait(wanted)[0]

    def status(self, key: str) -> float:
        """A /proc/PID/status figure in MB (VmRSS, VmHWM)."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        raise KeyError(key)

    def start(self, root: Path) -> tuple[float, float]:
        """`initialize` and `initialized`: when initialize was sent, and when it was answered."""
        uri = root.resolve().as_uri()
        params = {
            "processId": os.getpid(),
            "rootUri": uri,
            "workspaceFolders": [{"uri": uri, "name": root.name}],
            "capabilities": {"window": {"workDoneProgress": True}, "general": {"positionEncodings": ["utf-16"]}},
        }
        sent, number = self.request("initialize", params)
        answered, _ = self.wait(lambda m: m.get("id") == number and "result" in m)
        self.notify("initialized", {})
        return sent, answered

    def open(self, path: Path, text: str) -> str:
        uri = path.resolve().as_uri()
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return uri

    def change(self, uri: str, version: int, text: str) -> float:
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}
        return self.notify("textDocument/didChange", params)

    def stop(self) -> int | None:
        try:
            _, number = self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == number, 30)
            self.notify("exit", None)
            return self.process.wait(timeout=30)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
            return None


def person_note(vault: Path) -> Path:
    people = sorted(p for p in (vault / "People").glob("*.md") if p.is_file())
    if not people:
        raise FileNotFoundError(f"no person note under {vault / 'People'}")
    return people[len(people) // 2]


def with_duplicate_key(text: str) -> str:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---" and len(lines) > 2:
        return "\n".join([lines[0], lines[1], lines[1], *lines[2:]])
    return "---\nname: x\nname: y\n---\n" + text


def has(code: str) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda found: any(d.get("code") == code for d in found)


def lacks(code: str) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda found: not any(d.get("code") == code for d in found)


def first_diagnostics(argv: Sequence[str], env: dict[str, str], vault: Path) -> tuple[float, float]:
    """(initialize → the opened note's first diagnostics, process start → the same), in seconds."""
    client = Client(argv, env)
    try:
        sent, _ = client.start(vault)
        note = person_note(vault)
        uri = client.open(note, note.read_text(encoding="utf-8"))
        at = client.diagnostics(uri, lambda found: True)
        return at - sent, at - client.started
    finally:
        client.stop()


class Editing:
    """A server that is ready, with a person note open in it."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], vault: Path) -> None:
        self.client = Client(argv, env)
        self.client.start(vault)
        self.note = person_note(vault)
        self.text = self.note.read_text(encoding="utf-8")
        self.uri = self.client.open(self.note, self.text)
        self.client.diagnostics(self.uri, lambda found: True)
        self.version = 1

    def latency(self, edits: int, debounce: float) -> list[float]:
        """Each edit's time from `didChange` to its diagnostics, less the debounce."""
        samples = []
        for _ in range(edits):
            for text, holds in ((with_duplicate_key(self.text), has("VK003")), (self.text, lacks("VK003"))):
                time.sleep(0.3)  # as a person pauses: each edit its own check
                self.version += 1
                sent = self.client.change(self.uri, self.version, text)
                samples.append(self.client.diagnostics(self.uri, holds) - sent - debounce)
        return samples

    def stop(self) -> int | None:
        return self.client.stop()
