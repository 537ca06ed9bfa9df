"""`vaultkit.toml`: found, validated and defaulted once, so the rest reads plain values."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.dates import Cadence, cadence_problem, parse_cadence
from vaultkit.errors import UserError
from vaultkit.text import literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

CONFIG_NAMES = ("vaultkit.toml", ".vaultkit.toml")
SEVERITIES = ("error", "warning", "info")
ROLE_KEY_MEANINGS = ("auto", "relationship", "title")  # what `role:` holds (01-vault.md §3)

# Each section: key -> (kind, default). Kinds: str, int, strlist, folder(s), cadencemap, listmap, ...
# A folder is a path inside the vault, relative to it: vaultkit writes plans into one.
SCHEMA: dict[str, dict[str, tuple[str, Any]]] = {
    "vault": {
        "people": ("folders", ["People"]),
        "plans": ("folder", "Plans"),
        "meetings": ("folders", ["Meetings"]),
        "templates": ("folders", []),
        "exclude": ("strlist", []),
        "daily-folder": ("folder", ""),
        "daily-format": ("str", ""),
        "max-note-bytes": ("int", 5 * 1024 * 1024),
        "max-frontmatter-bytes": ("int", 64 * 1024),
    },
    "me": {"company": ("str", "")},
    "cadence": {
        "default": ("cadence", ""),
        "roles": (
            "cadencemap",
            {"mentor": "6w", "sponsor": "6w", "mentee": "4w", "manager": "2w", "peer": "3m", "friend": "3m"},
        ),
        "levels": ("cadencemap", {"senior": "3m", "peer": "3m", "junior": "2m"}),
    },
    "quarters": {"start-month": ("month", 1)},
    "headings": {
        "log": ("strlist", ["Log", "Interactions", "Contact log", "Meetings"]),
        "senior": ("strlist", ["Senior"]),
        "peer": ("strlist", ["Peer"]),
        "junior": ("strlist", ["Junior"]),
        "new": ("strlist", ["New connection"]),
        "moves": ("strlist", ["Moves", "Job changes", "Career"]),
    },
    "tags": {"gave": ("str", "gave"), "asked": ("str", "asked")},
    "fields": {},  # field name -> list of aliases; checked against the known fields
    "roles": {"known": ("strlist", []), "role-key": ("rolekey", "auto")},
    "rules": {
        "select": ("strlist", ["VK"]),
        "ignore": ("strlist", []),
        "fail-on": ("severity", "error"),
        "severity": ("severitymap", {}),
        "options": ("tablemap", {}),
        "per-file-ignores": ("listmap", {}),
    },
}
PERSON_FIELDS = (
    "name", "aliases", "roles", "level", "company", "title", "cadence", "last_contact", "met",
    "status", "snooze_until", "birthday", "email", "previous_company", "moved",
)  # fmt: skip
LEVELS = ("senior", "peer", "junior")


@dataclass(frozen=True)
class Config:
    """The vault's settings with every default filled in. Keys use `_` in Python."""

    root: Path
    source: Path | None = None
    people: tuple[str, ...] = ("People",)
    plans: str = "Plans"
    meetings: tuple[str, ...] = ("Meetings",)
    templates: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    daily_folder: str = ""
    daily_format: str = ""
    max_note_bytes: int = 5 * 1024 * 1024
    max_frontmatter_bytes: int = 64 * 1024
    me_company: str = ""
    default_cadence: Cadence | None = None
    role_cadences: Mapping[str, Cadence] = field(default_factory=dict)
    level_cadences: Mapping[str, Cadence] = field(default_factory=dict)
    start_month: int = 1
    headings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    gave_tag: str = "gave"
    asked_tag: str = "asked"
    field_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    known_roles: tuple[str, ...] = ()
    role_key: str = "auto"  # what `role:` holds: auto, relationship or title
    select: tuple[str, ...] = ("VK",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    severity: Mapping[str, str] = field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)

    def table(self, dotted: str) -> str:
        """`[rules.options.VK101]` as the file writes it: under `[tool.vaultkit]` in pyproject.toml."""
        return f"[{_prefix(self.source)}{dotted}]"

    def where(self, section: str, key: str | None = None) -> str:
        """`vaultkit.toml:12` for a key, to point the user at the line to fix."""
        if self.source is None:
            return "configuration"
        return f"{self.source}:{_line_of(self.source, section, key)}"

    @property
    def fingerprint(self) -> str:
        """What the index depends on: a change invalidates every parsed note."""
        parts = {"max-note-bytes": self.max_note_bytes, "max-frontmatter-bytes": self.max_frontmatter_bytes}
        return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _prefix(source: Path | None) -> str:
    return "tool.vaultkit." if source is not None and source.name == "pyproject.toml" else ""


def _line_of(source: Path, section: str, key: str | None) -> int:
    try:
        lines = source.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return 1
    prefix = _prefix(source)
    header = re.compile(r"\s*\[\s*" + re.escape(prefix + section) + r"\s*\]")
    in_section = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = bool(header.match(line))
            if in_section and key is None:
                return number
            continue
        if in_section and key is not None:
            names = {key, key.replace("-", "_")}
            if any(re.match(r'\s*"?' + re.escape(name) + r'"?\s*=', line) for name in names):
                return number
            if any(re.search(r'[{,]\s*"?' + re.escape(name) + r'"?\s*=', line) for name in names):
                return number
    for number, line in enumerate(lines, 1):  # dotted keys, inline tables or table headers elsewhere
        name = re.escape(key or "")
        if key and re.search(r'(^|[\s.{,"])' + name + r'"?\s*=|^\s*\[[^\]]*\.' + name + r"\s*\]", line):
            return number
    return 1


def find_config(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The config file for a vault root and its parsed table (empty when there is none)."""
    for name in CONFIG_NAMES:
        path = root / name
        if path.is_file():
            return path, _load_toml(path)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _load_toml(pyproject).get("tool", {}).get("vaultkit")
        if isinstance(table, dict):
            return pyproject, table
    return None, {}


def _load_toml(path: Path) -> dict[str, Any]:
    """The file's table. A UTF-8 byte order mark is read as editors write it (Notepad, and
    others when asked): TOML has no room for one, and tomllib would call it a statement."""
    from vaultkit.discovery import read_note_file  # as a note is read: a FIFO swapped in is not waited on

    text = ""
    try:
        text = read_note_file(path).decode("utf-8").removeprefix("\ufeff")
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:  # TOML is UTF-8
        raise UserError(f"{path}: not valid TOML: not UTF-8 (byte 0x{error.object[error.start]:02X})") from None
    except ValueError:  # a number of more digits than int() reads
        long = re.search(r"[0-9_]{4300,}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else 1
        raise UserError(f"{path}:{line}: not valid TOML: a number of more than 4300 digits") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Read and validate the vault's config (or `explicit`); every key is optional."""
    if explicit is not None:
        if not explicit.is_file():
            raise UserError(f"{explicit}: config file not found")
        data = _load_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("vaultkit", {})
        source: Path | None = explicit
    else:
        source, data = find_config(root)
    return _build(root, source, data)


def _canon(key: str) -> str:
    return key.replace("_", "-")


class _Checker:
    def __init__(self, source: Path | None) -> None:
        self.source = source

    def fail(self, section: str, key: str | None, message: str, table: str | None = None) -> UserError:
        """One line naming file, line and key; `table` is the sub-table a key sits in, if any."""
        where = f"{self.source}:{_line_of(self.source, section, key)}" if self.source else "config"
        dotted = ".".join(part for part in (section, table, key) if part)
        return UserError(f"{where}: [{_prefix(self.source)}{dotted}] {message}")

    def value(self, section: str, key: str, kind: str, value: Any) -> Any:
        if kind == "str":
            if not isinstance(value, str):
                raise self.fail(section, key, f"must be a string, not {_kind(value)}")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise self.fail(section, key, f"must be a positive whole number, not {literal(value)}")
            return value
        if kind == "month":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
                raise self.fail(section, key, f"must be a month number 1-12, not {literal(value)}")
            return value
        if kind == "severity":
            if value not in SEVERITIES:
                raise self.fail(section, key, f"must be one of {', '.join(SEVERITIES)}, not {literal(value)}")
            return value
        if kind == "rolekey":
            if value not in ROLE_KEY_MEANINGS:
                raise self.fail(section, key, f"must be one of {', '.join(ROLE_KEY_MEANINGS)}, not {literal(value)}")
            return value
        if kind == "strlist":
            if isinstance(value, str):
                return (value,)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(section, key, "must be a list of strings")
            return tuple(value)
        if kind in ("folder", "folders"):
            folders = self.value(section, key, "str" if kind == "folder" else "strlist", value)
            for folder in (folders,) if kind == "folder" else folders:
                if _outside(folder):
                    raise self.fail(
                        section, key, f"{literal(folder)} is not a folder inside the vault: write it relative "
                        "to the vault's folder, with no leading / and no .. (such as \"People\" or \"Work/People\")",
                    )  # fmt: skip
            return folders
        if kind == "cadence":
            if value == "":
                return None
            cadence = parse_cadence(value)
            if cadence is None:
                raise self.fail(section, key, f"{literal(value)} {cadence_problem(value)}")
            return cadence
        if kind == "cadencemap":
            if not isinstance(value, dict):
                raise self.fail(section, key, "must be a table of name = cadence")
            result = {}
            for name, text in value.items():
                cadence = parse_cadence(text)
                if cadence is None:
                    raise self.fail(section, name, f"{literal(text)} {cadence_problem(text)}", table=key)
                result[name.casefold()] = cadence
            return result
        if kind == "severitymap":
            if not isinstance(value, dict):
                raise self.fail(section, key, "must be a table of CODE = severity")
            for code, level in value.items():
                if level not in SEVERITIES:
                    raise self.fail(section, code, f"must be one of {', '.join(SEVERITIES)}, not {level!r}", table=key)
            return {code.upper(): level for code, level in value.items()}
        if kind == "tablemap":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise self.fail(section, key, "must be a table of CODE = { option = value }")
            return {code.upper(): {_canon(k): v for k, v in opts.items()} for code, opts in value.items()}
        if kind == "listmap":
            if not isinstance(value, dict):
                raise self.fail(section, key, 'must be a table of "glob" = [codes]')
            result2: dict[str, tuple[str, ...]] = {}
            for glob, codes in value.items():
                if isinstance(codes, str):
                    codes = [codes]
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise self.fail(section, glob, "must be a list of codes", table=key)
                result2[glob] = tuple(c.upper() for c in codes)
            return result2
        raise AssertionError(kind)


def _outside(folder: str) -> bool:
    """Whether a folder key names a place outside the vault: an absolute path (`/x`, `C:\\x`,
    `\\\\server\\x`) or one that goes up (`..`, `People/../..`). Read as a vault folder, it would
    match no note; a plan would be written there."""
    path = folder.strip().replace("\\", "/")
    return path.startswith("/") or bool(re.match(r"[A-Za-z]:", path)) or ".." in (p.strip() for p in path.split("/"))


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def _build(root: Path, source: Path | None, data: Mapping[str, Any]) -> Config:
    check = _Checker(source)
    values: dict[str, dict[str, Any]] = {}
    for raw_section, table in data.items():
        section = _canon(raw_section)
        if section not in SCHEMA:
            raise check.fail(raw_section, None, f"unknown section (known: {', '.join(SCHEMA)})")
        if not isinstance(table, dict):
            raise check.fail(raw_section, None, "must be a table")
        if section == "fields":
            values["fields"] = _field_aliases(check, table)
            continue
        schema = SCHEMA[section]
        for raw_key, value in table.items():
            key = _canon(raw_key)
            if key not in schema:
                raise check.fail(section, raw_key, f"unknown key (known: {', '.join(schema)})")
            values.setdefault(section, {})[key] = check.value(section, raw_key, schema[key][0], value)

    def get(section: str, key: str) -> Any:
        if key in values.get(section, {}):
            return values[section][key]
        kind, default = SCHEMA[section][key]
        return check.value(section, key, kind, default)

    roles = dict(get("cadence", "roles"))
    if "roles" in values.get("cadence", {}):  # a user's table adds to and overrides the defaults
        roles = {**check.value("cadence", "roles", "cadencemap", SCHEMA["cadence"]["roles"][1]), **roles}
    levels = dict(get("cadence", "levels"))
    if "levels" in values.get("cadence", {}):
        levels = {**check.value("cadence", "levels", "cadencemap", SCHEMA["cadence"]["levels"][1]), **levels}
    for level in levels:
        if level not in LEVELS:
            raise check.fail("cadence", "levels", f"unknown level {level!r} (known: {', '.join(LEVELS)})")
    daily_format = get("vault", "daily-format")
    # The file name is read as the date (folders before the last `/` only file it), and bracketed
    # text is literal: `YYYY/MM/[Daily] YYYY-MM-DD` is fine, `YYYY/MM/DD` names no full date.
    tokens = re.sub(r"\[[^\]]*\]", "", daily_format.rsplit("/", 1)[-1])
    if daily_format and not all(token in tokens for token in "YMD"):
        message = f"{literal(daily_format)} does not give a full date in the file name (after any /)"
        raise check.fail("vault", "daily-format", f"{message}: a moment.js format such as YYYY-MM-DD")
    for key in ("gave", "asked"):
        tag = get("tags", key)
        if not tag.lstrip("#") or any(c.isspace() for c in tag):
            raise check.fail("tags", key, f"{literal(tag)} is not a tag (a word, such as {key})")
    return Config(
        root=root,
        source=source,
        people=get("vault", "people"),
        plans=get("vault", "plans"),
        meetings=get("vault", "meetings"),
        templates=get("vault", "templates"),
        exclude=get("vault", "exclude"),
        daily_folder=get("vault", "daily-folder"),
        daily_format=daily_format,
        max_note_bytes=get("vault", "max-note-bytes"),
        max_frontmatter_bytes=get("vault", "max-frontmatter-bytes"),
        me_company=get("me", "company"),
        default_cadence=get("cadence", "default"),
        role_cadences=roles,
        level_cadences=levels,
        start_month=get("quarters", "start-month"),
        headings={key: get("headings", key) for key in SCHEMA["headings"]},
        gave_tag=get("tags", "gave").lstrip("#").casefold(),
        asked_tag=get("tags", "asked").lstrip("#").casefold(),
        field_aliases=values.get("fields", {}),
        known_roles=tuple(r.casefold() for r in get("roles", "known")),
        role_key=get("roles", "role-key"),
        select=tuple(c.upper() for c in get("rules", "select")),
        ignore=tuple(c.upper() for c in get("rules", "ignore")),
        fail_on=get("rules", "fail-on"),
        severity=get("rules", "severity"),
        rule_options=get("rules", "options"),
        per_file_ignores=get("rules", "per-file-ignores"),
        raw=data,
    )


def _field_aliases(check: _Checker, table: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for raw_key, aliases in table.items():
        key = raw_key.replace("-", "_").casefold()
        if key not in PERSON_FIELDS:
            raise check.fail("fields", raw_key, f"unknown field (known: {', '.join(PERSON_FIELDS)})")
        result[key] = check.value("fields", raw_key, "strlist", aliases)
    return result
