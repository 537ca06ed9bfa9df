"""The HTML report in a real browser: headless Chromium at a desktop and a phone width.

A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (stdlib only) loads the
page, collects console messages, exceptions, dialogs and requests, measures the charts and the
layout, and saves full-page screenshots (kept in the test's tmp folder, or in
$VAULTKIT_SCREENSHOTS when set, to look at).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, SAMPLE_TODAY, VaultBuilder

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and os.path.exists(p)), None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
]
TIMEOUT = 30.0


class Browser:
    """Chromium driven over the DevTools pipe: fd 3 carries commands in, fd 4 events out."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._send_fd = os.pipe()
        self._recv_fd, from_chrome = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            os.dup2(to_chrome, 3)
            os.dup2(from_chrome, 4)

        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._recv_fd], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._recv_fd, 1 << 20)
            if not chunk:
                raise ConnectionError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._send_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, session=True, **params)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def evaluate(self, expression: str) -> Any:
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError, OSError, RuntimeError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._send_fd)
        os.close(self._recv_fd)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if CHROMIUM is None:
        print("chromium not installed: apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium")
    b = Browser(tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()


# What the page must show: every chart drawn, no horizontal overflow of the page itself.
MEASURE = """JSON.stringify({
  charts: Object.fromEntries([...document.querySelectorAll('svg.chart')].map(svg => [svg.id, {
    width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height,
    shapes: [...svg.querySelectorAll('rect')].filter(r => r.getBBox().width > 0 && r.getBBox().height > 0).length,
    title: svg.querySelector('title') ? svg.querySelector('title').textContent : null}])),
  scripts: document.scripts.length,
  pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
  height: document.documentElement.scrollHeight,
  text: document.body.innerText,
})"""


def load(browser: Browser, page: Path, width: int, height: int, mobile: bool) -> dict[str, Any]:
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.page(f"{domain}.enable")
    browser.page("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
    browser.page("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    return dict(json.loads(browser.evaluate(MEASURE)))


def screenshot(browser: Browser, path: Path, width: int, height: int) -> None:
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = browser.page("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
    path.write_bytes(base64.b64decode(shot["data"]))


def problems(browser: Browser) -> list[str]:
    """Console errors, uncaught exceptions, dialogs and requests for anything outside the page."""
    found = []
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            found.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"uncaught: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            found.append(f"log: {params['entry'].get('text')}")
        elif method == "Page.javascriptDialogOpening":
            found.append(f"dialog: {params.get('message')}")
        elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(("file:", "about:")):
            found.append(f"request: {params['request']['url']}")
    return found


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VAULTKIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(
    ("name", "width", "height", "mobile"), [("desktop", 1280, 900, False), ("phone", 390, 844, True)]
)
def test_the_sample_report_draws_its_charts_without_errors(
    browser: Browser, cli: Any, tmp_path: Path, name: str, width: int, height: int, mobile: bool
) -> None:
    page = tmp_path / "report.html"
    run = cli("--vault", str(SAMPLE), "--today", SAMPLE_TODAY, "report", "--format", "html", "--output", str(page))
    assert run.code == 0

    seen = load(browser, page, width, height, mobile)
    screenshot(browser, shots_folder(tmp_path) / f"report-{name}.png", width, seen["height"])

    assert problems(browser) == []
    assert seen["scripts"] == 0
    assert seen["pageWidth"] <= seen["viewport"], "the page scrolls sideways"
    charts = seen["charts"]
    assert set(charts) == {"chart-levels", "chart-plan", "chart-trend", "chart-added"}  # no history: no backers chart
    for chart in charts.values():
        assert chart["width"] >= 300 and chart["height"] >= 100, chart
        assert chart["title"]
    assert charts["chart-levels"]["shapes"] == 4  # senior, peer, junior, no level: none is empty here
    assert charts["chart-plan"]["shapes"] == 3 + 3  # three sections' tracks and done bars; Junior is missing
    assert charts["chart-trend"]["shapes"] >= 12 * 3  # a bar a level a month, and the legend
    assert "Jamal Carter" in seen["text"] and "missing section" in seen["text"]


def test_hostile_names_show_as_text_and_run_nothing(browser: Browser, vault: VaultBuilder, tmp_path: Path) -> None:
    vault.write("People/Mallory.md", "---\nname: <script>alert(1)</script>\nlevel: peer\nmet: 2026-09-01\n---\n")
    vault.write("People/Eve.md", "---\nname: <img src=x onerror=alert(2)>\nlevel: senior\nmet: 2026-09-02\n---\n")
    run = vault.run("report", "--format", "html", "--output", str(tmp_path / "report.html"))
    assert run.code == 0

    seen = load(browser, tmp_path / "report.html", 1280, 900, False)

    assert problems(browser) == []
    assert seen["scripts"] == 0
    assert "<script>alert(1)</script>" in seen["text"]
    assert "<img src=x onerror=alert(2)>" in seen["text"]
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
