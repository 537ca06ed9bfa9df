"""`vaultkit report`: how is my network, and whom do I reach out to this week?

`build_report` computes every figure once (build.py); each format module renders them.
"""

from __future__ import annotations

import os
from typing import Any

from vaultkit.report.build import Report, build_report

FORMATS = ("text", "markdown", "json", "html")
PIPED_WIDTH = 80  # the text report's width in a file, a pipe or a pager: readable in any of them
WIDTHS = (40, 120)  # narrower, a table cannot hold a name on one line; wider, lines get too long to read


def text_width(stream: Any) -> int:
    """How wide to draw the text report: `COLUMNS` when set, else the width of the terminal
    `stream` is (None: a file), else PIPED_WIDTH; kept within WIDTHS."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    else:
        try:
            width = os.get_terminal_size(stream.fileno()).columns if stream and stream.isatty() else PIPED_WIDTH
        except (AttributeError, ValueError, OSError):  # a stream with no file behind it, or closed
            width = PIPED_WIDTH
    return max(WIDTHS[0], min(WIDTHS[1], width or PIPED_WIDTH))  # a terminal may say 0: unknown


def render_report(report: Report, fmt: str, colour: bool = False, width: int | None = None) -> str:
    """The report as `fmt`: text (rich, `width` columns, 80 by default; ANSI only with `colour`),
    markdown, json or html."""
    if fmt == "text":
        from vaultkit.report import text

        return text.render(report, colour, width or PIPED_WIDTH)
    if fmt == "markdown":
        from vaultkit.report import markdown

        return markdown.render(report)
    if fmt == "json":
        from vaultkit.report import json_format

        return json_format.render(report)
    if fmt == "html":
        from vaultkit.report import html

        return html.render(report)
    raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")


__all__ = ["FORMATS", "Report", "build_report", "render_report", "text_width"]
