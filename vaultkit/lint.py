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
            where = f"--{key}:" if cli else f"{config.where('rules', line_key or key)}: [rules.{key}]"
            raise UserError(f"{where} unknown rule code {code!r} (see vaultkit rules)")


def select_rules(config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Selection:
    """The rules to run, from `[rules]` and the command line (which wins), validated once."""
    _check_codes(config, "select", config.select, False)
    _check_codes(config, "ignore", config.ignore, False)
    chosen_select = tuple(c.upper() for c in select) if select else config.select
    chosen_ignore = tuple(c.upper() for c in ignore) if ignore else config.ignore
    if select:
        _check_codes(config, "select", chosen_select, True)
    if ignore:
        _check_codes(config, "ignore", chosen_ignore, True)
    for code in config.severity:
        if code not in RULES:
            raise UserError(f"{config.where('rules', code)}: [rules.severity] unknown rule {code!r}")
    options: dict[str, dict[str, Any]] = {code: dict(rule.options) for code, rule in RULES.items()}
    for code, values in config.rule_options.items():
        rule = RULES.get(code)
        if rule is None:
            raise UserError(f"{config.where('rules', code)}: [rules.options] unknown rule {code!r}")
        for name, value in values.items():
            if name not in rule.options:
                known = ", ".join(rule.options) or "none"
                where = config.where("rules", name)
                raise UserError(f"{where}: [rules.options.{code}] unknown option {name!r} (options: {known})")
            options[code][name] = _typed(config, code, name, rule.options[name], value)
    for glob, codes in config.per_file_ignores.items():
        _check_codes(config, "per-file-ignores", codes, False, glob)
    rules = tuple(rule for rule in RULES.values() if is_enabled(rule, chosen_select, chosen_ignore))
    return Selection(rules, options, dict(config.severity), dict(config.per_file_ignores), config.fail_on)


def _typed(config: Config, code: str, name: str, default: Any, value: Any) -> Any:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):  # a count: 2.0 is fine, 2.5 is not
        ok = number and value >= 0 and float(value).is_integer()
    elif isinstance(default, float):
        ok = number and value >= 0
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = "a number ≥ 0" if isinstance(default, (int, float)) else type(default).__name__
        raise UserError(f"{config.where('rules', name)}: [rules.options.{code}] {name} must be {kind}, not {value!r}")
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
    return "" in codes or any(code.startswith(c) for c in codes)


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
    """Every diagnostic, sorted; `paths` limits note and person rules to those notes."""
    wanted = None if paths is None else set(paths)
    found: list[Diagnostic] = []
    by_scope: dict[str, list[Rule]] = {"note": [], "person": [], "vault": []}
    for rule in selection.rules:
        by_scope[rule.scope].append(rule)
    for path, note in vault.notes.items():
        kind = vault.kind(path)
        if (wanted is not None and path not in wanted) or kind == "report":
            continue
        for rule in by_scope["note"]:
            if rule.kinds is None or kind in rule.kinds:
                _collect(found, rule, rule.check(note, vault, selection.options[rule.code]), selection)
        person = vault.person_at.get(path)
        if person is not None:
            for rule in by_scope["person"]:
                _collect(found, rule, rule.check(person, vault, selection.options[rule.code]), selection)
    if vault_rules:
        for rule in by_scope["vault"]:
            _collect(found, rule, rule.check(vault, selection.options[rule.code]), selection)
    cache: dict[str, Suppressions] = {}
    kept = []
    for d in found:
        hides = cache.get(d.path)
        if hides is None:
            hides = cache[d.path] = suppressions(vault.notes.get(d.path))
        if hides.hides(d.code, d.line) or _ignored_by_glob(d, selection.per_file_ignores):
            continue
        kept.append(d)
    kept.sort(key=lambda d: d.sort_key)
    return kept


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
