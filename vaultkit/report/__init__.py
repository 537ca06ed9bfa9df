"""`vaultkit report`: how is my network, and whom do I reach out to this week?

`build_report` computes every figure once (build.py); each format module renders them.
"""

from __future__ import annotations

from vaultkit.report.build import Report, build_report

FORMATS = ("text", "markdown", "json", "html")


def render_report(report: Report, fmt: str, colour: bool = False) -> str:
    """The report as `fmt`: text (rich; ANSI only with `colour`), markdown, json or html."""
    if fmt == "text":
        from vaultkit.report import text

        return text.render(report, colour)
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


__all__ = ["FORMATS", "Report", "build_report", "render_report"]
