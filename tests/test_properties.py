"""Property tests over whole vaults (04-quality.md, "Reliability"): for arbitrary note bytes and
file names, including names that are not UTF-8 and names with control characters (where the file
system allows them), `check` finishes with no exception; and after arbitrary edits its answer,
from the index it keeps, equals the answer of a check from an index rebuilt from scratch.

Each example is a small vault (1-5 files) in a fresh folder, checked in this process as the
command line would (`vaultkit.cli.main`), so that a few dozen examples take seconds.
"""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_input import MARKDOWNISH, PERSONISH, WITH_FRONTMATTER

from vaultkit.cli import main

TODAY = "2026-09-24"
FOLDERS = (b"", b"People/", b"Daily/", b"Plans/", b"Meetings/", b"People/Sub \xff/")
NAME_PIECES = (
    b"Ana", b"a", b" ", b"2026-09-01", b"2026-Q3", b"\xc3\xa9", b"\xff", b"\xc3", b"\x1b[2J", b"\x1b]0;t\x07",
    b"\x07", b"\n", b"\t", b"\r", b"#", b"|", b"[", b"]", b"%20", b"\xe2\x80\xae", b".", b"\xf0\x9f\x9a\x80",
    b"<script>", b"'", b'"', b"=1+1", b"\x7f", b"\xed\xa0\x80",
)  # fmt: skip
NAMES = st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=5).map(b"".join)
EXTENSIONS = st.sampled_from((b".md", b".md", b".md", b".MD", b".png", b""))
CONTENTS = st.one_of(
    st.binary(max_size=300),
    MARKDOWNISH.map(str.encode),
    WITH_FRONTMATTER.map(str.encode),
    PERSONISH.map(lambda text: ("---\n" + text).encode()),
)
FILES = st.tuples(st.sampled_from(FOLDERS), NAMES, EXTENSIONS, CONTENTS)
EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("rewrite"), st.integers(0, 4), CONTENTS),
        st.tuples(st.just("delete"), st.integers(0, 4), st.just(b"")),
        st.tuples(st.just("add"), FILES, st.just(b"")),
    ),
    max_size=3,
)


def _vaultkit(root: bytes, *args: str) -> tuple[int, str, str]:
    """`vaultkit --vault ROOT --today TODAY ARGS...` in this process: status, stdout, stderr."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["--vault", os.fsdecode(root), "--today", TODAY, *args])
    return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


def _write(root: bytes, file: tuple[bytes, bytes, bytes, bytes]) -> bytes | None:
    """Write one file; its path, or None where the file system refuses the name."""
    folder, name, extension, content = file
    if name.startswith(b".") or len(name + extension) > 200:
        return None  # hidden: never read (a test of its own); or longer than a name may be
    path = root + b"/" + folder + name + extension
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
    except OSError:
        return None  # a name this file system does not allow (not UTF-8 on macOS, say)
    return path


def _checked(root: bytes) -> str:
    """The whole vault's diagnostics as JSON; the command must finish as designed (0 or 1)."""
    code, out, err = _vaultkit(root, "check", "--format", "json", "--select", "VK")
    assert code in (0, 1), err
    assert "internal error" not in err and "Traceback" not in err, err
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(FILES, min_size=1, max_size=5), EDITS)
def test_any_vault_is_checked_and_its_index_answers_as_a_rebuilt_one(
    files: list[tuple[bytes, bytes, bytes, bytes]], edits: list[tuple[str, object, bytes]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = os.fsencode(folder) + b"/vault"
        os.makedirs(root + b"/.obsidian")
        written = [path for path in (_write(root, file) for file in files) if path is not None]
        _checked(root)  # the first check: no index yet
        for kind, what, content in edits:  # then the vault changes, as its owner edits it
            if kind == "add":
                added = _write(root, what)  # type: ignore[arg-type]
                written += [added] if added is not None else []
            elif written:
                path = written[what % len(written)]  # type: ignore[operator]
                if kind == "delete" and os.path.exists(path):
                    os.unlink(path)
                elif kind == "rewrite":
                    Path(os.fsdecode(path)).write_bytes(content)
        kept = _checked(root)  # from the index, brought up to date
        code, _, err = _vaultkit(root, "index", "--rebuild")
        assert code == 0, err
        assert _checked(root) == kept  # a fresh index says the same
