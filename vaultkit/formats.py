"""`vaultkit check` output: text for people, JSON, SARIF, GitHub annotations and JUnit for machines."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from vaultkit import __version__
from vaultkit.diagnostics import Diagnostic
from vaultkit.rules import RULES
from vaultkit.text import visible

FORMATS = ("text", "json", "sarif", "github", "junit")
SRCROOT = "the folder vaultkit ran in (GITHUB_WORKSPACE under GitHub Actions), or the vault's when outside it"
_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
SEVERITY_ORDER = ("error", "warning", "info")


def render(
    diagnostics: Sequence[Diagnostic], fmt: str, colour: bool = False, statistics: bool = False, prefix: str = ""
) -> str:
    """The output in `fmt`. `prefix` leads every path in `github` and `sarif` output, which CI
    reads from the repository's root, not the vault's (see `ci_prefix`)."""
    if fmt == "json":
        return json.dumps([d.as_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(diagnostics, prefix), indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return "".join(github_line(d, prefix) + "\n" for d in diagnostics)
    if fmt == "junit":
        return junit(diagnostics)
    return text(diagnostics, colour, statistics)


def render_bytes(
    diagnostics: Sequence[Diagnostic], fmt: str, colour: bool = False, statistics: bool = False, prefix: str = ""
) -> bytes:
    """`render`, encoded as UTF-8 a piece at a time.

    One string of the whole output would hold four bytes a character as soon as one name has an
    emoji: 16 MB for the text of 28,000 diagnostics, 50 MB for their JSON.
    """
    if fmt == "text":
        lines = statistics_table(diagnostics) if statistics else [text_line(d, colour) for d in diagnostics]
        out = [line.encode("utf-8") for line in lines]
        out.append(summary(diagnostics).encode("utf-8"))
        return b"\n".join(out) + b"\n"
    if fmt in ("json", "sarif"):
        value: object = sarif(diagnostics, prefix) if fmt == "sarif" else [d.as_json() for d in diagnostics]
        if statistics and fmt == "json":
            value = statistics_json(diagnostics)
        pieces = json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(value)
        return b"".join(piece.encode("utf-8") for piece in pieces) + b"\n"
    return render(diagnostics, fmt, colour, statistics, prefix).encode("utf-8")


def _style(value: str, colour: bool, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    if not colour:
        return value
    import click

    return click.style(value, fg=fg, bold=bold, dim=dim)


def text_line(d: Diagnostic, colour: bool = False) -> str:
    """`path:line:column: code/name [severity] message`; the path and the message, note text
    both, with what a terminal would obey shown (`visible`), as in every text output."""
    path, message = visible(d.path), visible(d.message)
    if not colour:  # the common case, 28,000 times on a large vault: no styling calls
        return f"{path}:{d.line}:{d.column}: {d.code}/{d.name} [{d.severity}] {message}"
    where = _style(f"{path}:{d.line}:{d.column}:", colour, bold=True)
    code = _style(f"{d.code}/{d.name}", colour, fg=_COLOURS[d.severity], bold=True)
    severity = _style(f"[{d.severity}]", colour, fg=_COLOURS[d.severity])
    return f"{where} {code} {severity} {message}"


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "All good: no problems found."
    counts = Counter(d.severity for d in diagnostics)
    parts = [f"{counts[s]} {s if s == 'info' or counts[s] == 1 else s + 's'}" for s in SEVERITY_ORDER if counts[s]]
    notes = len({d.path for d in diagnostics})
    problems = "problem" if len(diagnostics) == 1 else "problems"
    line = f"Found {len(diagnostics)} {problems} ({', '.join(parts)}) in {notes} note{'s' if notes != 1 else ''}."
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    if fixable:
        line += f"\n{fixable} fixable with `vaultkit check --fix` (see them with --diff)."
    return line


def text(diagnostics: Sequence[Diagnostic], colour: bool = False, statistics: bool = False) -> str:
    lines = [text_line(d, colour) for d in diagnostics]
    if statistics:
        lines = statistics_table(diagnostics)
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


def statistics_table(diagnostics: Sequence[Diagnostic]) -> list[str]:
    counts = Counter(d.code for d in diagnostics)
    width = max((len(str(n)) for n in counts.values()), default=1)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = RULES[code]
        fixable = "[*] " if rule.fixable else "    "
        rows.append(f"{count:>{width}}  {code}  {fixable}{rule.name}")
    return rows


def statistics_json(diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
    """`statistics_table` as JSON, most frequent first: what ruff's `--statistics` gives."""
    counts = Counter(d.code for d in diagnostics)
    return [
        {"code": code, "name": RULES[code].name, "count": count, "fixable": RULES[code].fixable}
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def github_line(d: Diagnostic, prefix: str = "") -> str:
    """A workflow command, escaped as GitHub's runner reads it: `%`, CR and LF in the message,
    `:` and `,` too in a property, so that a file's name is the file's. The log shows ANSI
    sequences: what else a terminal would obey is `visible`."""
    level = {"error": "error", "warning": "warning", "info": "notice"}[d.severity]

    def data(value: str) -> str:
        return visible(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(value: str) -> str:
        return data(value).replace(":", "%3A").replace(",", "%2C")

    message = data(d.message)
    return (
        f"::{level} file={prop(prefix + d.path)},line={d.line},col={d.column},endLine={d.end_line},"
        f"endColumn={d.end_column},title={d.code}::{d.code}/{d.name}: {message}"
    )


def sarif(diagnostics: Sequence[Diagnostic], prefix: str = "") -> dict[str, object]:
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        rule = RULES[code]
        rules.append({
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "defaultConfiguration": {
                "level": _sarif_level(rule.severity),
                "enabled": rule.default_on,
            },
            "properties": {"scope": rule.scope, "fixable": rule.fixable}
            | ({"fixedBy": rule.fixed_by} if rule.fixed_by else {}),
        })  # fmt: skip
    results = []
    for d in diagnostics:
        result: dict[str, object] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _sarif_level(d.severity),
            "message": {"text": d.message},
            "locations": [_location(prefix + d.path, d.line, d.column, d.end_line, d.end_column)],
        }
        if d.fix is not None:
            result["fixes"] = [{
                "description": {"text": d.fix.description},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(prefix + e.path), "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                        "insertedContent": {"text": e.text},
                    }],
                } for e in d.fix.edits],
            }]  # fmt: skip
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vaultkit",
                "version": __version__,
                "informationUri": "https://pypi.org/project/vaultkit/",
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": SRCROOT}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }  # fmt: skip


def ci_prefix(root: Path) -> str:
    """What leads a vault path to make it relative to where CI reads paths from: GITHUB_WORKSPACE
    under GitHub Actions, else the current folder (`notes/` for a vault in a repository's notes/).
    Empty when the vault is that folder, or outside it."""
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    try:
        rel = root.resolve().relative_to(Path(base).resolve()).as_posix()
    except (ValueError, OSError):
        return ""
    from vaultkit.discovery import shown_name  # a folder's name need not be UTF-8: printed escaped

    return "" if rel == "." else shown_name(rel) + "/"


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path)


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    if end_line == line and end_column <= column:
        region["endColumn"] = column
    return region


def _location(path: str, line: int, column: int, end_line: int, end_column: int) -> dict[str, object]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
            "region": _region(line, column, end_line, end_column),
        }
    }


def _xml(value: str) -> str:
    """Note text as XML 1.0 can hold it, even escaped: no C0 control but tab and the line ends
    (which `visible` writes out too, as it does DEL, C1 and lone surrogates), nor U+FFFE, U+FFFF."""
    shown = visible(value)
    if "\ufffe" in shown or "\uffff" in shown:
        shown = shown.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return shown


def junit(diagnostics: Sequence[Diagnostic]) -> str:
    """One test suite per note, one failing test case per diagnostic (as ruff writes it)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        shown = d._replace(path=_xml(d.path), message=_xml(d.message))
        by_path.setdefault(shown.path, []).append(shown)
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib, 12 ms of start-up

    total = len(diagnostics)
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append(f'<testsuites name="vaultkit" tests="{max(total, 1)}" failures="{total}" errors="0">')
    if not by_path:
        out.append('  <testsuite name="vaultkit" tests="1" failures="0" errors="0">')
        out.append('    <testcase classname="vaultkit" name="vault"/>')
        out.append("  </testsuite>")
    for path, found in sorted(by_path.items()):
        out.append(f'  <testsuite name={quoteattr(path)} tests="{len(found)}" failures="{len(found)}" errors="0">')
        for d in found:
            name = quoteattr(f"{d.code}/{d.name} at {d.path}:{d.line}:{d.column}")
            message = quoteattr(d.message)
            body = escape(f"{d.path}:{d.line}:{d.column}: {d.code}/{d.name} [{d.severity}] {d.message}")
            out.append(f"    <testcase classname={quoteattr(path)} name={name}>")
            out.append(f'      <failure message={message} type="{d.severity}">{body}</failure>')
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
