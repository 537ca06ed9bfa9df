"""The command line. Thin: every command loads the vault through `engine` and prints.

Imports of anything heavy happen inside the commands, so `vaultkit --help` and a pre-commit
hook start quickly.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vaultkit import __version__
from vaultkit.errors import RefusedError, UserError

if TYPE_CHECKING:
    from vaultkit.diagnostics import Diagnostic
    from vaultkit.engine.workspace import Loaded, Workspace


class Options:
    def __init__(self, vault: str | None, today: str | None, config: str | None, debug: bool) -> None:
        self.vault = vault
        self.today_option = today
        self.config = config
        self.debug = debug

    @property
    def today(self) -> date:
        from vaultkit.dates import resolve_today

        return resolve_today(self.today_option)

    def workspace(self, paths: tuple[str, ...] = ()) -> Workspace:
        """The vault, closed when the command ends, however it ends (see Workspace.prefetch).
        Without --vault, and outside any vault, it is the vault that `paths` lie in."""
        from vaultkit.engine.workspace import Workspace

        vault: str | Path | None = self.vault
        if vault is None and paths:
            from vaultkit.discovery import root_of_paths

            vault = root_of_paths(paths)
        workspace = Workspace(vault, self.config)
        context = click.get_current_context()
        context.call_on_close(workspace.close)
        context.call_on_close(lambda: _say_unreadable(workspace))
        return workspace


class OutputError(UserError):
    """The command's output could not be written: stdout closed, or a full disk or device."""


def emit(data: bytes) -> None:
    """The command's output on stdout, all of it or a BrokenPipeError: when the reader goes away
    (`vaultkit check | head`), a write may take only part of the bytes and say so in its count,
    which click.echo ignores, and the rest would be dropped without a word. Any other failure to
    write it (`> /dev/full`, `>&-`) is an OutputError: one line, exit 2."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream (some test harnesses), or none at all (`_ClosedOutput`)
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        sys.stdout.flush()
        view = memoryview(data)
        while view:
            written = stream.write(view)
            if not written:
                raise BrokenPipeError(32, "Broken pipe")
            view = view[written:]
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _cannot_write(error) from None


def _cannot_write(error: OSError) -> OutputError:
    return OutputError(f"cannot write the output: {error.strerror or error}")


class _ClosedOutput(io.TextIOBase):
    """sys.stdout for a process started without one (`vaultkit check >&-`), where Python leaves
    None and click.echo would drop the output without a word: writing to it is an OutputError."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OutputError("cannot write the output: standard output is closed")


def _writing_output(error: BaseException) -> bool:
    """Whether `error` was raised by click.echo, the way commands print besides `emit`."""
    echo = click.utils.echo.__code__
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code is echo:
            return True
        trace = trace.tb_next
    return False


def write_output(
    workspace: Workspace, output: str, data: bytes, what: str, option: str = "--output", anywhere: bool = False
) -> None:
    """`--output`: written atomically, never over a note of the owner's, never where vaultkit
    would read it back as a note, and into a FIFO or a device as it is (see writer.write_output).
    What it writes is remembered in the index, so that the next run may replace it, unedited."""
    from vaultkit.writer import check_output, digest
    from vaultkit.writer import write_output as write

    def kind(path: Path) -> str:
        return "output:" + digest(os.fsencode(path)).hex()  # a path need not be UTF-8

    def ours(path: Path, current: bytes) -> bool:
        return workspace.index.result(kind(path), digest(current).hex()) is not None

    try:
        target = check_output(
            workspace.root, workspace.config.source, workspace.layout, output, data, ours, option, anywhere
        )
        written = write(target, data)
    except OSError as error:
        raise UserError(f"{output}: cannot write {what}: {error.strerror or error}") from None
    if written is not None:
        workspace.index.store_result(kind(written.resolve()), digest(data).hex(), b"")


def _say_unreadable(workspace: Workspace) -> None:
    """The folders the walk could not list, and the files and folders whose names are not UTF-8:
    their notes were left out of everything said."""
    for place, why in workspace.unreadable:
        if place.endswith("/"):
            _say(f"vaultkit: warning: cannot read the folder {place} ({why}): its notes are left out")
        else:
            _say(f"vaultkit: warning: cannot read the file {place} ({why}): it is left out")


def _say_partial_history(workspace: Workspace) -> None:
    """One line on stderr when the vault's git history cannot be read whole: a shallow clone (as
    CI checks out), git missing, a partial clone. Who moved is then only what it holds."""
    history = workspace.history()
    if history is not None and history.note:
        _say(f"vaultkit: warning: {history.note}")


def _say(line: str) -> None:
    """A line on stderr. It may quote a file's name or a note's text: shown, never obeyed."""
    from vaultkit.text import visible

    click.echo(visible(line), err=True)


def colour_for(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get(
        "NO_COLOR"
    )  # no-color.org: set and not empty


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """A progress callback that draws a bar on a terminal (never in pipes), or does nothing.

    The bar appears only once there is long work to show (the index reports progress only while
    parsing hundreds of notes), so an up-to-date vault never flashes one.
    """
    if not colour_for(sys.stderr) or os.environ.get("CI"):
        yield None
        return
    started: list[Any] = []

    def update(done: int, total: int) -> None:
        if not started:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(
                TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            bar.start()
            started.extend((bar, bar.add_task(label, total=total)))
        started[0].update(started[1], completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            started[0].stop()


def load(options: Options, rebuild: bool = False) -> tuple[Workspace, Loaded]:
    workspace = options.workspace()
    today = options.today
    if not rebuild:
        workspace.prefetch(("facts", "people"))
    with progress_bar("Indexing") as progress:
        loaded = workspace.load(today, rebuild=rebuild, progress=progress)
    return workspace, loaded


EPILOG = """\b
Examples:
  vaultkit report                      how is my network, whom do I reach out to
  vaultkit check                       lint the whole vault
  vaultkit check People/ --format json lint some notes, for a tool
  vaultkit people --overdue            who is overdue, most overdue first
  vaultkit --today 2026-09-24 report   as if today were another day
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.option("--vault", metavar="PATH", help="The vault's folder (default: found from the current folder).")
@click.option("--today", metavar="DATE", help="Take this YYYY-MM-DD as today (also VAULTKIT_TODAY).")
@click.option("--config", metavar="FILE", help="Read this config file instead of the vault's vaultkit.toml.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(__version__, prog_name="vaultkit")
@click.pass_context
def cli(ctx: click.Context, vault: str | None, today: str | None, config: str | None, debug: bool) -> None:
    """Keep your professional network alive in a plain-text Markdown vault."""
    ctx.obj = Options(vault, today, config, debug)


@cli.command(
    "index",
    short_help="Bring the index up to date; --stats for counts.",
    epilog="\b\nExamples:\n  vaultkit index\n  vaultkit index --rebuild --stats",
)
@click.option("--rebuild", is_flag=True, help="Forget the index and read every note again.")
@click.option("--stats", is_flag=True, help="Print counts and timings.")
@click.pass_obj
def index_command(options: Options, rebuild: bool, stats: bool) -> int:
    """Bring the index up to date (incrementally) and say what changed."""
    import time

    started = time.perf_counter()
    workspace = options.workspace()
    with progress_bar("Indexing") as progress:
        changes, seconds = workspace.update(rebuild, progress)
        workspace.index.keep_facts()
    elapsed = time.perf_counter() - started
    count = len(workspace.index.stats)
    if changes:
        click.echo(
            f"Indexed {count} notes: {len(changes.added)} added, {len(changes.changed)} changed, "
            f"{len(changes.removed)} removed ({elapsed:.2f}s)."
        )
    else:
        click.echo(f"Index up to date: {count} notes, nothing changed ({elapsed:.2f}s).")
    if stats:
        from collections import Counter

        loaded = workspace.load(options.today)
        seconds.update({k: v for k, v in loaded.seconds.items() if k in ("facts", "model")})
        vault = loaded.vault
        kinds = Counter(vault.kinds.values())
        rows = [
            ("vault", str(workspace.root)),
            ("index", str(loaded.index.location)),
            ("notes", str(len(vault.notes))),
            ("other files", str(len(vault.others))),
            ("people", str(len(vault.people))),
            ("daily notes", str(kinds.get("daily", 0))),
            ("meeting notes", str(kinds.get("meeting", 0))),
            ("plans", str(len(vault.plans))),
            ("links", str(sum(len(n.links) for n in vault.notes.values()))),
            ("interactions", str(sum(len(p.interactions) for p in vault.people))),
            ("notes parsed", str(changes.parsed)),
        ]
        rows += [(f"time: {name}", f"{value:.3f}s") for name, value in seconds.items()]
        rows.append(("time: total", f"{time.perf_counter() - started:.3f}s"))
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            click.echo(f"  {name:<{width}}  {value}")
    workspace.close()
    return 0


PEOPLE_EPILOG = """\b
Examples:
  vaultkit people --overdue
  vaultkit people --role mentor --format json
  vaultkit people --moved                 who changed company in the last 90 days
  vaultkit people --moved --field all --since 2026-01-01 --format csv

\b
--moved lists changes instead of people, the newest first: by default the company moves only (as
VK109 reads them: a typo fixed, a company written as a link, a change made and then undone, or a
company filled in for the first time is no move). --field title (repeatable) or --field all adds
the changes of title, level, roles and status. They come from the vault's git history (committed
changes only), else from the notes: previous_company with moved, or a Moves section.
"""


@cli.command("people", short_help="List the people, with when each is due.", epilog=PEOPLE_EPILOG)
@click.option("--level", type=click.Choice(["senior", "peer", "junior"], case_sensitive=False), help="Only this level.")
@click.option("--role", metavar="ROLE", help="Only people with this role.")
@click.option("--overdue", is_flag=True, help="Only active, unsnoozed people past their due date.")
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(["due", "name", "last"]),
    help="Order (default: name; with --moved: newest first).",
)
@click.option("--moved", is_flag=True, help="List who moved (company changes) instead of the people.")
@click.option(
    "--since", metavar="YYYY-MM-DD", help="With --moved: changes on or after this day (default: 90 days ago)."
)
@click.option(
    "--field", "fields", multiple=True, type=click.Choice(["company", "title", "level", "roles", "status", "all"]),
    help="With --moved: which changes (default: company; repeatable).",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice(["table", "text", "json", "csv"]), default="table", show_default=True
)
@click.pass_obj
def people_command(
    options: Options, level: str | None, role: str | None, overdue: bool, sort_by: str | None, moved: bool,
    since: str | None, fields: tuple[str, ...], fmt: str,
) -> int:  # fmt: skip
    """The people as a table: roles, level, company, last interaction, cadence, due date."""
    from vaultkit.people_table import MOVED_FIELDS, moved_rows, people_rows, render_moved, render_people, selected

    if not moved and (since is not None or fields):
        raise click.UsageError(f"{'--since' if since is not None else '--field'} goes with --moved")
    if moved and sort_by in ("due", "last"):
        raise click.UsageError(f"--sort {sort_by} does not go with --moved (newest first, or --sort name)")
    fmt = "table" if fmt == "text" else fmt
    workspace, loaded = load(options)
    vault = loaded.vault
    if moved:
        _say_partial_history(workspace)  # the list may lack moves
        first = _since(since, vault.today)
        chosen = MOVED_FIELDS if "all" in fields else fields or ("company",)
        people = selected(vault, level=level, role=role, overdue=overdue)
        rows = moved_rows(vault, people, first, chosen, sort_by or "date")
        emit(render_moved(rows, fmt, first, colour_for(sys.stdout)).encode("utf-8"))
    else:
        rows = people_rows(vault, level=level, role=role, overdue=overdue, sort_by=sort_by or "name")
        emit(render_people(rows, fmt, colour_for(sys.stdout)).encode("utf-8"))
    workspace.close()
    return 0


def _since(text: str | None, today: date) -> date:
    """`--since`: a YYYY-MM-DD on or before today; 90 days before today by default."""
    from datetime import timedelta

    from vaultkit.dates import parse_iso_date

    if text is None:
        return today - timedelta(days=90)
    day = parse_iso_date(text.strip())
    if day is None:
        raise UserError(f"--since {text!r} is not a date (YYYY-MM-DD)")
    if day > today:
        raise UserError(f"--since {day} is after today ({today}): no move has happened since")
    return day


CHECK_EPILOG = """\b
Examples:
  vaultkit check                          the whole vault (the one you are in)
  vaultkit check ~/notes                  the whole vault at ~/notes
  vaultkit check People/Ana.md            note and person rules on one note
  vaultkit check --all People/            ... and the network and plan rules
  vaultkit check --select VK1 --strict    people rules only; fail on warnings
  vaultkit check --format sarif --output vaultkit.sarif
  vaultkit check --fix                    apply the fixes (--diff shows them)
  vaultkit check --scope note a.md b.md   does each note read well (a pre-commit hook)
  vaultkit check --scope vault            all the rest, on the whole vault (the other hook)

\b
--scope note: the rules that read a note by itself (VK0xx: unreadable, frontmatter, keys,
values, dates). --scope vault: every other rule, the ones that weigh notes against the vault
(people, follow-ups, network, plans, links), which an edit or deletion elsewhere can change.
Each problem belongs to exactly one scope; without --scope, both.

\b
Exit status: 0 no problem at or above fail-on (default error); 1 at least one; 2 vaultkit
could not do its job. The same with --fix (what remains) and --diff.
"""


@cli.command("check", short_help="Lint the vault: cold contacts, network risks, plans.", epilog=CHECK_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--all", "all_rules", is_flag=True, help="With PATHS, also run the network and plan rules.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit"]), help="Output format.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the output to this file.")
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these codes or prefixes (VK1, VK101); repeat or comma-separate.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Not these codes or prefixes.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (fail-on = warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--fix", is_flag=True, help="Apply the fixes rules offer, then report what remains.")
@click.option("--diff", is_flag=True, help="Show the fixes as a diff; change nothing (with --fix too).")
@click.option("--statistics", is_flag=True, help="Count the problems by rule instead of listing them.")
@click.option(
    "--scope",
    type=click.Choice(["note", "vault"]),
    help="Only the rules that read a note by itself (note), or only the others (vault); default both.",
)
@click.pass_obj
def check_command(
    options: Options, paths: tuple[str, ...], all_rules: bool, fmt: str | None, output: str | None,
    select: tuple[str, ...], ignore: tuple[str, ...], strict: bool, exit_zero: bool, fix: bool, diff: bool,
    statistics: bool, scope: str | None,
) -> int:  # fmt: skip
    """Lint the vault: relationships going cold, network risks, plans, broken notes."""

    from vaultkit import formats
    from vaultkit.check import apply_fixes, fixes_diff, names_whole_vault, note_paths
    from vaultkit.engine.units import Units
    from vaultkit.lint import check_purpose, fails, select_rules

    fix = fix and not diff  # `--fix --diff`, as ruff reads it: show the fixes, write nothing
    if diff and (fmt not in (None, "text") or statistics):
        given = "--statistics" if statistics else f"--format {fmt}"
        raise UserError(f"--diff shows the fixes as a diff: it cannot be given with {given}")
    if statistics and fmt not in (None, "text", "json"):
        raise UserError(f"--statistics counts the problems as text or json, not as {fmt}")
    if fmt is None:  # under GitHub Actions, annotations, unless a diff or the counts were asked for
        fmt = "text" if diff or statistics or os.environ.get("GITHUB_ACTIONS") != "true" else "github"
    workspace = options.workspace(paths)
    today = options.today
    selection = select_rules(workspace.config, _codes(select), _codes(ignore))
    workspace.prefetch(("check", "lint", "facts", "people"))
    vault_rules = not paths or all_rules or names_whole_vault(workspace.root, paths)
    told = False  # that PATHS name no note (said once)

    def lint() -> tuple[Loaded, Units]:
        with progress_bar("Indexing") as progress:
            return workspace.check(today, selection, progress)

    def chosen(units: Units) -> list[Diagnostic]:
        nonlocal told
        wanted = note_paths(workspace.root, workspace.scan()[0], paths) if paths else None
        if wanted is not None and not wanted and not told:
            told = True  # on stderr: pre-commit may well pass only files of no vault
            click.echo(
                f"vaultkit: no note of the vault at {workspace.root} among the paths given "
                "(outside it, excluded or not Markdown): no note checked",
                err=True,
            )
        found = units.diagnostics(wanted, vault_rules)
        return found if scope is None else [d for d in found if _in_scope(d.code, scope)]

    if diff or fix:
        loaded, units = lint()
        diagnostics = chosen(units)
    else:
        # Nothing changed since the last check with these rules: its diagnostics are in the index.
        purpose = check_purpose(selection)
        computed: list[Units] = []

        def compute() -> bytes:
            computed.append(lint()[1])
            return workspace.lint_stamp.encode()

        stamp = workspace.cached(today, purpose, compute).decode()
        found = computed[0] if computed else workspace.stored_units(stamp)
        diagnostics = chosen(found if found is not None else lint()[1])
    if any(rule.code == "VK109" for rule in selection.rules):
        _say_partial_history(workspace)  # VK109 may miss moves
    fixed = refused = 0
    if fix:
        fixed, refused = apply_fixes(workspace.root, loaded, diagnostics)
        if fixed:
            workspace.forget_scan()
            loaded, units = lint()
            diagnostics = chosen(units)
    colour = output is None and colour_for(sys.stdout) and fmt == "text"
    if diff:
        rendered = fixes_diff(workspace.root, diagnostics).encode("utf-8")
    else:
        prefix = formats.ci_prefix(workspace.root) if fmt in ("github", "sarif") else ""
        rendered = formats.render_bytes(diagnostics, fmt, colour, statistics, prefix)
    if told and not diagnostics and fmt == "text" and not diff:
        rendered = b"No note checked.\n"  # not "All good": nothing was looked at
    if fixed and fmt == "text":
        rendered += f"Fixed {fixed} problem{'s' if fixed != 1 else ''}.\n".encode()
    if output:
        write_output(workspace, output, rendered, "the output")
    else:
        emit(rendered)
    workspace.close()
    fail_on = "warning" if strict and selection.fail_on == "error" else selection.fail_on
    if refused:  # a fix the system would not let be written (said on stderr): the job is not done
        return 1
    if exit_zero:
        return 0
    return 1 if fails(diagnostics, fail_on) else 0


def _codes(values: Sequence[str]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _in_scope(code: str, scope: str) -> bool:
    """`check --scope`: "note" is the VK0xx rules, the only ones that need nothing but the note
    itself; "vault" is every other rule, whose findings an edit or a deletion of another note can
    change (a link left to nobody, a person gone quiet, a mentor gone). The two pre-commit hooks
    split on it, so that each problem is printed by one of them, and a commit that only deletes
    notes is checked for what it breaks elsewhere.

    It filters what is shown, not what runs: both hooks, and a plain `check`, share one lint
    state and one cached result in the index, instead of each replacing the other's.
    """
    return code.startswith("VK0") == (scope == "note")


@cli.command(
    "rules",
    short_help="List the rules, or explain one.",
    epilog="\b\nExamples:\n  vaultkit rules\n  vaultkit rules VK101",
)
@click.argument("code", required=False)
@click.pass_obj
def rules_command(options: Options, code: str | None) -> int:
    """List the rules, or explain one with its options and an example."""
    from vaultkit.rules import RULES

    found = (
        None
        if code is None
        else RULES.get(code.upper()) or next((r for r in RULES.values() if r.name == code.lower()), None)
    )
    if found is None:
        listed = [rule for rule in RULES.values() if code is None or rule.code.startswith(code.upper())]
        if not listed:
            raise UserError(f"unknown rule {code!r} (vaultkit rules lists them)")
        click.echo(f"{'code':<7} {'name':<26} {'severity':<8} {'scope':<7} {'fix':<4} summary")
        for rule in listed:
            fix = "yes" if rule.fixable else "plan" if rule.fixed_by == "vaultkit plan" else ""
            off = " (off by default)" if not rule.default_on else ""
            click.echo(
                f"{rule.code:<7} {rule.name:<26} {rule.severity:<8} {rule.scope:<7} {fix:<4} {rule.summary}{off}"
            )
        click.echo(
            "\nfix: yes = vaultkit check --fix, plan = vaultkit plan. Explain one: vaultkit rules VK101."
            "\nConfigure them under [rules] in vaultkit.toml."
        )
        return 0
    rule = found
    state = "on by default" if rule.default_on else "off unless selected by its exact code"
    fixable = ", fixable" if rule.fixable else f", fixed by {rule.fixed_by}" if rule.fixed_by else ""
    click.echo(f"{rule.code}/{rule.name}  [{rule.severity}, {rule.scope} scope, {state}{fixable}]\n")
    click.echo(rule.doc)
    if rule.options:
        click.echo("\nOptions (in vaultkit.toml):")
        click.echo(f"  [rules.options.{rule.code}]")
        for name, default in rule.options.items():
            click.echo(f"  {name} = {_toml(default)}")
    return 0


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


REPORT_EPILOG = """\b
Examples:
  vaultkit report
  vaultkit report --format html --output network.html
  vaultkit report --format markdown --output Dashboard.md
  vaultkit report --quarter 2026-Q3 --format json
"""


@cli.command("report", short_help="The weekly report: whom to reach out to, and why.", epilog=REPORT_EPILOG)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically).")
@click.option("--quarter", metavar="YYYY-QN", help="Report on this quarter instead of the current one.")
@click.pass_obj
def report_command(options: Options, fmt: str, output: str | None, quarter: str | None) -> int:
    """How is my network, and whom do I reach out to this week?"""
    import json

    from vaultkit.lint import select_rules
    from vaultkit.report import build_report, render_report, text_width
    from vaultkit.report.build import report_selection

    workspace = options.workspace()
    today = options.today
    colour = output is None and colour_for(sys.stdout) and fmt == "text"
    width = text_width(None if output else sys.stdout) if fmt == "text" else None
    purpose = f"report-{fmt}|" + json.dumps([quarter, colour, width])  # one stored result per format
    workspace.prefetch((purpose.split("|", 1)[0],))  # the model only if the report must be made again

    def report() -> bytes:
        with progress_bar("Indexing") as progress:
            loaded = workspace.load(today, progress=progress)
        found = workspace.lint(loaded, report_selection(workspace.config)[0], kind="report").diagnostics()
        # The Markdown report is the note Obsidian shows: it lists the notes' problems, as the
        # watcher's dashboard does (the same bytes for the same vault).
        problems = workspace.lint(loaded, select_rules(workspace.config)).diagnostics() if fmt == "markdown" else None
        built = build_report(loaded.vault, quarter, problems=problems, found=found)
        return render_report(built, fmt, colour, width).encode("utf-8")

    rendered = workspace.cached(today, purpose, report).decode("utf-8")
    if output:
        write_output(workspace, output, rendered.encode("utf-8"), "the report")
        from vaultkit.discovery import shown_name

        click.echo(f"Wrote {shown_name(output)}", err=True)  # a name that is not UTF-8, escaped
    else:
        emit(rendered.encode("utf-8"))
    workspace.close()
    return 0


WATCH_EPILOG = """\b
Examples:
  vaultkit watch
  vaultkit watch --report Dashboard.md
  vaultkit watch --format jsonl --debounce 300
  vaultkit watch --polling
"""


@cli.command("watch", short_help="Follow the vault as you edit; print what changes.", epilog=WATCH_EPILOG)
@click.option(
    "--report", "report", type=click.Path(dir_okay=False), metavar="PATH",
    help="Keep this Markdown report note current (relative to the vault; written only when its content changes).",
)  # fmt: skip
@click.option("--polling", is_flag=True, help="Poll the files every 2 s instead of waiting for events.")
@click.option(
    "--debounce", type=click.IntRange(0, 60000), default=150, show_default=True, metavar="MS",
    help="Wait for this many quiet milliseconds before checking a batch of changes.",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (comma-separated prefixes).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Not these rules (comma-separated prefixes).")
@click.pass_obj
def watch_command(
    options: Options, report: str | None, polling: bool, debounce: int, fmt: str,
    select: tuple[str, ...], ignore: tuple[str, ...],
) -> int:  # fmt: skip
    """Follow the vault as it changes: print diagnostics as they appear (+) and are resolved (-)."""
    from vaultkit.engine.live import Live
    from vaultkit.text import visible
    from vaultkit.watch import Printer, Watcher

    vault: str | None = options.vault
    live = Live(vault, options.config, options.today_option, _codes(select), _codes(ignore))
    write = None
    target = None
    if report is not None:  # a relative path is the vault's: the dashboard is a note in it
        target = Path(os.path.abspath(live.workspace.root / os.path.expanduser(report)))
        chosen = str(target)

        def write(data: bytes) -> None:
            write_output(live.workspace, chosen, data, "the report", "--report", anywhere=True)

    watcher = Watcher(
        live, Printer(sys.stdout, fmt), debounce / 1000, polling, target, write,
        lambda line: click.echo(visible(f"vaultkit: {line}"), err=True),
    )  # fmt: skip
    return watcher.run()


LSP_EPILOG = """\b
Speaks the Language Server Protocol on stdin and stdout; an editor starts it (see the README's
set-ups for Neovim, Helix, Emacs and VS Code). The vault is the editor's workspace folder (or the
nearest folder above it with a vaultkit.toml, .obsidian/ or .git/), unless --vault names it.
Needs the lsp extra: pip install 'vaultkit[lsp]'
(from a checkout: pip install '.[lsp]').
"""


@cli.command("lsp", short_help="The language server, for your editor.", epilog=LSP_EPILOG)
@click.option(
    "--debounce", type=click.IntRange(0, 10000), default=200, show_default=True, metavar="MS",
    help="Wait for this many quiet milliseconds of typing before checking the note again.",
)  # fmt: skip
@click.option("--polling", is_flag=True, help="Poll the vault's files every 2 s instead of waiting for events.")
@click.option("--stdio", is_flag=True, hidden=True, help="Accepted, as editors pass it: stdio is the only transport.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (comma-separated prefixes).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Not these rules (comma-separated prefixes).")
@click.pass_obj
def lsp_command(
    options: Options, debounce: int, polling: bool, stdio: bool, select: tuple[str, ...], ignore: tuple[str, ...]
) -> int:
    """The language server: diagnostics as you type, hover, completion, fixes in any LSP editor."""
    try:
        from vaultkit.lsp.server import serve
    except ImportError as error:
        raise UserError(
            f"the language server needs the lsp extra: pip install 'vaultkit[lsp]' "
            f"(from a checkout: pip install '.[lsp]') ({error})"
        ) from None
    serve(options.vault, options.config, options.today_option, _codes(select), _codes(ignore), debounce / 1000, polling)
    return 0


@cli.command(
    "plan",
    short_help="Write this quarter's networking plan.",
    epilog="\b\nExamples:\n  vaultkit plan\n  vaultkit plan --quarter 2027-Q1",
)
@click.option("--quarter", metavar="YYYY-QN", help="The quarter to plan (default: the current one).")
@click.option("--dry-run", is_flag=True, help="Print the plan instead of writing it.")
@click.pass_obj
def plan_command(options: Options, quarter: str | None, dry_run: bool) -> int:
    """Write the quarter's networking plan, pre-filled with whom to reach out to. Never overwrites."""
    from vaultkit.plan import render_plan, write_plan

    workspace, loaded = load(options)
    chosen = loaded.vault.quarter_named(quarter)
    if dry_run:
        click.echo(render_plan(loaded.vault, chosen), nl=False)
    else:
        path = write_plan(workspace.root, loaded.vault, chosen)
        click.echo(f"Wrote {path}: fill it in, then block the time in your calendar.")
    workspace.close()
    return 0


NEW_EPILOG = """\b
Examples:
  vaultkit new "Ana Núñez" --role mentor --level senior --company Northwind
  vaultkit new "Dev Rao" --role peer --cadence 2m --met 2026-09-30
  vaultkit new "Alexandra Chen" --alias Alex --alias Sasha

\b
The note goes into the first people folder of the config (People/NAME.md). It is made from the
vault's person template: a note named Person (or "Person template", Contact; any case) in a
templates folder: Obsidian's Templates folder, Templater's, the config's [vault] templates, or a
top-level folder whose name ends in "templates". Without one, vaultkit's own (vaultkit init
writes it to Templates/Person.md, to make your own).

\b
{{title}}, {{date}}, {{time}}, {{date:FORMAT}} and Templater's <% tp.file.title %> and
<% tp.date.now("FORMAT") %> are filled as Obsidian would. A template with any other Templater
code is not used (its code would break the note): the built-in one is, and a line says why. The
options are set in the template's frontmatter, under the key it already has for them (any alias:
relationship or roles, organization, frequency ...), its other lines left as they are.

\b
Refused, with nothing written (exit 1): a name or --alias that is already a person's (case and
accents aside: Ana Nunez is Ana Núñez), a name another note has, and a name that is not a plain
file name (a path, a leading dot, a control character, any of []|#^:\\/*"<>? or too long).
"""


INIT_EPILOG = """\b
Examples:
  vaultkit init network        make the folder network/ a vault
  vaultkit init                the current folder (an Obsidian vault too)

\b
Adds what is missing, never replaces anything: vaultkit.toml with every setting at its default
and what it means, the people and plans folders, and a person and a plan template: in the
folder Obsidian's Templates or Templater settings name, else in Templates/. `vaultkit new` fills
the person template (Person.md); make it yours.
"""


@cli.command("init", short_help="Make a folder a vault: config, folders, templates.", epilog=INIT_EPILOG)
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.pass_obj
def init_command(options: Options, path: str | None) -> int:
    """Make a folder a vault: config, folders and templates. Never overwrites."""
    from vaultkit.create.init import init_vault

    for line in init_vault(Path(path or options.vault or "."), Path(options.config) if options.config else None):
        click.echo(line)
    return 0


@cli.command("new", short_help="Create a person note from your template.", epilog=NEW_EPILOG)
@click.argument("name")
@click.option("--role", metavar="R", help="Their relationship to you: mentor, sponsor, mentee, manager, peer ...")
@click.option("--level", type=click.Choice(["senior", "peer", "junior"], case_sensitive=False), help="Relative to you.")
@click.option("--company", metavar="C", help="Where they work.")
@click.option("--cadence", metavar="X", help="How often to be in touch: 14d, 6w, 3m, 1y, monthly, never.")
@click.option("--met", metavar="DATE", help="When you met (YYYY-MM-DD): a new connection.")
@click.option("--alias", "aliases", metavar="A", multiple=True, help="Another name they go by; repeat for more.")
@click.pass_obj
def new_command(
    options: Options, name: str, role: str | None, level: str | None, company: str | None, cadence: str | None,
    met: str | None, aliases: tuple[str, ...],
) -> int:  # fmt: skip
    """Create a person note from the vault's person template. Never overwrites."""
    from datetime import datetime

    from vaultkit.create.commands import new_person

    workspace, loaded = load(options)
    now = datetime.combine(options.today, datetime.now().time())
    fields = {"role": role, "level": level, "company": company, "cadence": cadence, "met": met}
    click.echo(new_person(loaded.vault, name, fields, now, _say, aliases))
    workspace.close()
    return 0


LOG_EPILOG = """\b
Examples:
  vaultkit log "Ana Núñez" "coffee: how to write the Staff packet" --asked
  vaultkit log "ana nunez" "reviewed her design doc" --gave --date 2026-11-18

\b
NAME is a person's name, alias or file name, case and accents aside; when it is nobody's, or
several people's, nothing is written and the candidates are named. The entry goes where the
note's log keeps its entries (newest first or last), in their date style; the note's
last_contact, under whatever key it uses, moves on to the date when that is later.
"""


@cli.command("log", short_help="Log a contact in a person's note.", epilog=LOG_EPILOG)
@click.argument("name")
@click.argument("message")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="When it was (default: today).")
@click.option("--gave", is_flag=True, help="You helped them: tag it #gave.")
@click.option("--asked", is_flag=True, help="You asked them for help: tag it #asked.")
@click.pass_obj
def log_command(options: Options, name: str, message: str, day: str | None, gave: bool, asked: bool) -> int:
    """Log a contact in a person's note, in the note's own style; update its last_contact."""
    from vaultkit.log import ASKED, GAVE, describe, log_contact, parse_day

    if gave and asked:
        raise click.UsageError("--gave and --asked: one or the other")
    workspace, loaded = load(options)
    when = parse_day(day, loaded.vault.today)
    tag = GAVE if gave else ASKED if asked else None
    person, change = log_contact(workspace.root, loaded.vault, name, message, when, tag)
    click.echo("\n".join(describe(person, change)))
    workspace.close()
    return 0


IMPORT_EPILOG = """\b
Examples:
  vaultkit import contacts.vcf --dry-run
  vaultkit import ~/Downloads/Connections.csv

\b
Reads vCard 3 and 4 (.vcf), LinkedIn's Connections.csv and Google Contacts' CSV export. Each
contact becomes a person note from the vault's person template (see vaultkit new), with company,
title, email, birthday and, from LinkedIn, met; a card's NOTE goes under a Notes heading. What a
note leaves out (a date after today, a NOTE that would read as links or tasks) is said, with why.
Someone already in the vault (or earlier in the file) by name, alias or email is never written
over: the import lists what merging would add.
"""


@cli.command("import", short_help="Make person notes of a vCard, LinkedIn or Google file.", epilog=IMPORT_EPILOG)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Print what would be created, merged and skipped; write nothing.")
@click.pass_obj
def import_command(options: Options, file: str, dry_run: bool) -> int:
    """Make person notes of an address book: vCard, LinkedIn or Google Contacts."""
    from datetime import datetime

    from vaultkit.importer import import_file

    workspace, loaded = load(options)
    now = datetime.combine(options.today, datetime.now().time())
    import_file(loaded.vault, Path(file), now, dry_run, click.echo, _say)
    workspace.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    import gc

    # A short-lived process that builds a few million small objects: the cyclic collector would
    # walk them again and again (it doubled the load time of a 30k-note vault) and frees nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        if collecting:
            gc.enable()


# The reader of the output went away (`vaultkit check | head`): the status of a process killed by
# SIGPIPE, as git and grep have, not 1, which says problems were found.
BROKEN_PIPE = 141
_GLOBAL_VALUES = ("--vault", "--today", "--config")  # the group's options that take a value


def _globals_first(args: list[str]) -> list[str]:
    """`vaultkit check --vault V` as `vaultkit --vault V check`: the global options are the
    group's, but people also write them after the command, as ruff and most linters take them."""
    command = _command_at(args)
    if command is None:
        return args
    moved: list[str] = []
    rest: list[str] = []
    tail = iter(args[command + 1 :])
    for arg in tail:
        if arg == "--":  # what follows is PATHS, whatever it looks like
            rest += [arg, *tail]
        elif arg in _GLOBAL_VALUES:
            value = next(tail, None)
            if value is None:
                raise click.UsageError(f"Option '{arg}' requires an argument.")
            moved += [arg, value]
        elif arg == "--debug" or ("=" in arg and arg.split("=", 1)[0] in _GLOBAL_VALUES):
            moved.append(arg)
        else:
            rest.append(arg)
    return [*args[:command], *moved, args[command], *rest]


def _command_at(args: list[str]) -> int | None:
    """Where the command is: the first word that is neither a global option nor its value."""
    i = 0
    while i < len(args):
        if not args[i].startswith("-"):
            return i
        i += 2 if args[i] in _GLOBAL_VALUES else 1
    return None


def _main(args: list[str]) -> int:
    debug = "--debug" in args
    if sys.stdout is None:  # started with stdout closed: say so when something is to be printed there
        sys.stdout = _ClosedOutput()
    try:
        args = _globals_first(args)
        result = cli.main(args=args, prog_name="vaultkit", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.UsageError as error:  # bad arguments: one line, like every other mistake
        hint = f" (try '{error.ctx.command_path} --help')" if error.ctx is not None else ""
        reason = " ".join(error.format_message().split())
        click.echo(f"vaultkit: error: {reason}{hint}", err=True)
        return 2
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except UserError as error:
        _say(f"vaultkit: error: {error}")
        return 2
    except RefusedError as error:
        _say(f"vaultkit: {error}")
        return 1
    except BrokenPipeError:
        return BROKEN_PIPE
    except SystemExit:
        if type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):  # click's answer to EPIPE: exit 1
            return BROKEN_PIPE
        raise
    except Exception as error:  # an internal error: one line unless --debug
        if isinstance(error, OSError) and _writing_output(error):  # stdout at a full disk, as `emit` says it
            click.echo(f"vaultkit: error: {_cannot_write(error)}", err=True)
            return 2
        if debug:
            raise
        reason = f"{type(error).__name__}: {error}"
        _say(f"vaultkit: internal error: {reason} (run with --debug for details)")
        return 2
    return result if isinstance(result, int) else 0


def entry() -> None:
    """The `vaultkit` command: `main`, then exit without tearing down the objects it built.

    A check of a large vault ends with millions of small objects alive; freeing them one by one
    costs a third of a second that nobody waits for. Output is flushed first.
    """
    code = main()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the process started without it
                stream.flush()
    except BrokenPipeError:
        code = BROKEN_PIPE  # the end of the output never reached its reader
    except ValueError:  # closed by the command itself (the language server's, at `exit`): nothing left
        pass
    except OSError as error:
        with suppress(OSError, AttributeError):  # stderr may be gone too
            sys.stderr.write(f"vaultkit: error: {_cannot_write(error)}\n")
        code = 2
    os._exit(code)
