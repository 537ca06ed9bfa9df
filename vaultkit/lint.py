"""Running the rules: which are on, with which options and severities, and what is suppressed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vaultkit.config import SEVERITIES, Config
from vaultkit.diagnostics import Diagnostic, Finding
from vaultkit.discovery import _glob
from vaultkit.errors import UserError
from vaultkit.model import Vault
from vaultkit.note import ParsedNote
from vaultkit.rules import RULES, Rule
from vaultkit.text import literal

RANK = {severity: rank for rank, severity in enumerate(reversed(SEVERITIES))}  # info 0, warning 1, error 2


def _matching(code: str, prefixes: Iterable[str]) -> int:
    """The length of the longest prefix in `prefixes` that `code` starts with (-1: none)."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def is_enabled(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The longest matching prefix decides; a rule that is off by default needs its exact code."""
    selected = _matching(rule.code, select)
    ignored = _matching(rule.code, ignore)
    if not rule.default_on and rule.code not in select:
        return False
    return selected >= 0 and selected > ignored


@dataclass(frozen=True)
class Selection:
    rules: tuple[Rule, ...]
    options: Mapping[str, Mapping[str, Any]]
    severity: Mapping[str, str]
    per_file_ignores: Mapping[str, tuple[str, ...]]
    fail_on: str

    def severity_of(self, rule: Rule, finding: Finding) -> str:
        if finding.escalated:
            return "error"
        return self.severity.get(rule.code) or finding.severity or rule.severity


def _check_codes(config: Config, key: str, codes: Iterable[str], cli: bool, line_key: str | None = None) -> None:
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES):
            where = f"--{key}:" if cli else f"{config.where('rules', line_key or key)}: {config.table(f'rules.{key}')}"
            raise UserError(f"{where} unknown rule code {code!r} (see vaultkit rules)")


def check_purpose(selection: Selection) -> str:
    """What a check with these rules stores its result under (see Workspace.cached): the CLI's
    `check` and a live workspace's `keep` and `stored` find each other's."""
    import json

    return "check|" + json.dumps([rule.code for rule in selection.rules])


def select_rules(config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Selection:
    """The rules to run, from `[rules]` and the command line (which wins), validated once."""
    _check_codes(config, "select", config.select, False)
    _check_codes(config, "ignore", config.ignore, False)
    # The command line wins, as in ruff: its --select starts afresh (the config's ignore goes too:
    # `--select VK101` runs VK101 whatever the config ignores); its --ignore alone applies on top of
    # the config's choice, however specifically the config selects a rule.
    cli_select = tuple(c.upper() for c in select or ())
    cli_ignore = tuple(c.upper() for c in ignore or ())
    if select:
        _check_codes(config, "select", cli_select, True)
    if ignore:
        _check_codes(config, "ignore", cli_ignore, True)
    chosen, ignored = (cli_select, cli_ignore) if select else (config.select, config.ignore)
    on_top = () if select else cli_ignore
    for code in config.severity:
        if code not in RULES:
            raise UserError(f"{config.where('rules', code)}: {config.table('rules.severity')} unknown rule {code!r}")
    options: dict[str, dict[str, Any]] = {code: dict(rule.options) for code, rule in RULES.items()}
    for code, values in config.rule_options.items():
        rule = RULES.get(code)
        if rule is None:
            raise UserError(f"{config.where('rules', code)}: {config.table('rules.options')} unknown rule {code!r}")
        for name, value in values.items():
            if name not in rule.options:
                known = ", ".join(rule.options) or "none"
                where = config.where("rules", name)
                raise UserError(
                    f"{where}: {config.table(f'rules.options.{code}')} unknown option {name!r} (options: {known})"
                )
            options[code][name] = _typed(config, code, name, rule.options[name], value, rule.minimums.get(name, 0))
    for glob, codes in config.per_file_ignores.items():
        _check_codes(config, "per-file-ignores", codes, False, glob)
    rules = tuple(
        rule for rule in RULES.values() if is_enabled(rule, chosen, ignored) and _matching(rule.code, on_top) < 0
    )
    return Selection(rules, options, dict(config.severity), dict(config.per_file_ignores), config.fail_on)


MAX_DAYS = 36525  # an option counting days (`days`, `grace-days`): a century, as the longest cadence


def _typed(config: Config, code: str, name: str, default: Any, value: Any, least: float = 0) -> Any:
    """The option's value, if it is of its default's type and at least `least` (a rule's MINIMUMS);
    a number of days at most MAX_DAYS, so that today minus it is still a date."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    most = MAX_DAYS if name == "days" or name.endswith("-days") else None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):  # a count: 2.0 is fine, 2.5 is not
        whole = number and (isinstance(value, int) or value.is_integer())  # not float(): a 400-digit int
        ok = whole and value >= least and (most is None or value <= most)
    elif isinstance(default, float):
        ok = number and value >= least and (most is None or value <= most)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = type(default).__name__
        if isinstance(default, (int, float)):
            kind = f"a number ≥ {least:g}" if most is None else f"a number of days from {least:g} to {most}"
        why = f" (to turn {code} off, ignore it)" if least and number and value < least else ""
        where = f"{config.where('rules', name)}: {config.table(f'rules.options.{code}')}"
        raise UserError(f"{where} {name} must be {kind}, not {literal(value)}{why}")
    return value


@dataclass(frozen=True)
class Suppressions:
    """What a note switches off: for the whole note, and for single lines."""

    note: frozenset[str] | None  # codes (prefixes) for the whole note; None = nothing; "" = all
    lines: Mapping[int, frozenset[str]]

    def hides(self, code: str, line: int) -> bool:
        if self.note is not None and _covered(code, self.note):
            return True
        codes = self.lines.get(line)
        return codes is not None and _covered(code, codes)


def _covered(code: str, codes: frozenset[str]) -> bool:
    """Whether one of `codes` is a prefix of `code` ("" of every code). The code's few prefixes
    are looked up, not every code: a note may switch off thousands, and have thousands of findings."""
    return any(code[:length] in codes for length in range(len(code) + 1))


NOTHING = Suppressions(None, {})


def suppressions(note: ParsedNote | None) -> Suppressions:
    if note is None:
        return NOTHING
    whole: set[str] = set()
    any_whole = False
    lines: dict[int, set[str]] = {}
    for d in note.directives:
        codes = set(d.codes) or {""}
        if d.next_line:
            lines.setdefault(d.line + 1, set()).update(codes)
        else:
            any_whole = True
            whole |= codes
    for f in note.fields:
        if f.norm == "vaultkitignore":
            values = f.value if isinstance(f.value, list) else re.split(r"[,\s]+", str(f.value or ""))
            codes = {str(v).strip().upper() for v in values if str(v).strip()}
            if codes:
                any_whole = True
                whole |= codes
    if not any_whole and not lines:
        return NOTHING
    return Suppressions(frozenset(whole) if any_whole else None, {k: frozenset(v) for k, v in lines.items()})


def run(
    vault: Vault,
    selection: Selection,
    paths: Iterable[str] | None = None,
    vault_rules: bool = True,
) -> list[Diagnostic]:
    """Every diagnostic, sorted, from scratch; `paths` limits note and person rules to those notes."""
    from vaultkit.engine.units import run_units

    return run_units(vault, selection, {}, {})[0].diagnostics(paths, vault_rules)


def _collect(out: list[Diagnostic], rule: Rule, findings: Iterable[Finding], selection: Selection) -> None:
    for f in findings:
        out.append(
            Diagnostic(rule.code, rule.name, selection.severity_of(rule, f), f.path, f.line, f.column,
                       f.end_line, f.end_column, f.message, f.fix)
        )  # fmt: skip


def _ignored_by_glob(d: Diagnostic, globs: Mapping[str, tuple[str, ...]]) -> bool:
    return any(_glob(glob).fullmatch(d.path) and _covered(d.code, frozenset(codes)) for glob, codes in globs.items())


def fails(diagnostics: Iterable[Diagnostic], fail_on: str) -> bool:
    threshold = RANK[fail_on]
    return any(RANK[d.severity] >= threshold for d in diagnostics)


def _unsuppressed(
    found: list[Diagnostic], vault: Vault, selection: Selection, cache: dict[str, Suppressions]
) -> list[Diagnostic]:
    kept = []
    for d in found:
        hides = cache.get(d.path)
        if hides is None:
            hides = cache[d.path] = suppressions(vault.notes.get(d.path))
        if not hides.hides(d.code, d.line) and not _ignored_by_glob(d, selection.per_file_ignores):
            kept.append(d)
    return kept
