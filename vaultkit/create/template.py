"""Templates as Obsidian fills them: `{{title}}`, `{{date}}`, `{{time}}` (core Templates) and
Templater's `<% tp.file.title %>` and `<% tp.date.now("…") %>`; and where a vault keeps them.

Anything else between `<%` and `%>` is code that only Templater can run: a template holding some
is not filled here (`Unfillable`), since copied as it is it would break the note's frontmatter.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from vaultkit.discovery import Layout, _read_json, read_note_file
from vaultkit.text import fold_accents, visible

CORE_SETTINGS = (".obsidian", "templates.json")
TEMPLATER_SETTINGS = (".obsidian", "plugins", "templater-obsidian", "data.json")
# Where `init` puts templates when Obsidian names no folder: a `…templates` folder is one by its name.
DEFAULT_FOLDER = "Templates"
# What a person template is called in a templates folder, folded (case, accents, `-`, `_`, spaces).
PERSON_TEMPLATE_NAMES = ("person", "person template", "template person", "contact", "contact template")
PLAN_TEMPLATE_NAMES = ("plan", "plan template", "template plan", "quarterly plan", "networking plan")


class Unfillable(ValueError):
    """A template vaultkit cannot fill as Obsidian or Templater would (the message says why)."""


class Settings(NamedTuple):
    """What Obsidian's core Templates plugin says of `{{date}}` and `{{time}}` without a format."""

    date_format: str = "YYYY-MM-DD"
    time_format: str = "HH:mm"


DEFAULT_SETTINGS = Settings()


def template_settings(root: Path) -> Settings:
    core = _read_json(root.joinpath(*CORE_SETTINGS))
    date_format, time_format = core.get("dateFormat"), core.get("timeFormat")
    return Settings(
        date_format if isinstance(date_format, str) and date_format.strip() else "YYYY-MM-DD",
        time_format if isinstance(time_format, str) and time_format.strip() else "HH:mm",
    )


def template_folders(root: Path, layout: Layout) -> list[str]:
    """The vault's template folders, the one a template is best put in first: the core Templates
    plugin's, Templater's, the config's `templates`, then any top-level folder named `…templates`."""
    folders: list[str] = []
    for parts, key in ((CORE_SETTINGS, "folder"), (TEMPLATER_SETTINGS, "templates_folder")):
        value = _read_json(root.joinpath(*parts)).get(key)
        if isinstance(value, str) and value.strip().strip("/"):
            folders.append(value.strip().strip("/"))
    folders += [folder.strip().strip("/") for folder in layout.templates if folder.strip().strip("/")]
    try:
        names = sorted(os.listdir(root))
    except OSError:
        names = []
    folders += [name for name in names if name.lower().endswith("templates") and not name.startswith(".")]
    unique: dict[str, str] = {}
    for folder in folders:
        unique.setdefault(fold_accents(folder), folder)
    return list(unique.values())


def find_template(root: Path, layout: Layout, names: tuple[str, ...]) -> str | None:
    """The vault-relative path of the first note in a template folder named one of `names`
    (folded), shallowest first; folders that are links are not followed."""
    for folder in template_folders(root, layout):
        for rel in _notes_below(root, folder):
            stem = rel.rsplit("/", 1)[-1][:-3]
            if " ".join(fold_accents(stem).replace("-", " ").replace("_", " ").split()) in names:
                return rel
    return None


def _notes_below(root: Path, folder: str) -> Iterator[str]:
    """The `.md` files at `folder` and below, a level at a time, each level in name order."""
    level = [folder]
    for _ in range(4):
        below: list[str] = []
        for rel in level:
            try:
                entries = sorted(os.scandir(root / rel), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    below.append(f"{rel}/{entry.name}")
                elif entry.name.lower().endswith(".md") and entry.is_file(follow_symlinks=False):
                    yield f"{rel}/{entry.name}"
        level = below


def read_template(root: Path, rel: str) -> str:
    """A template's text (BOM and line ends kept), or Unfillable: not in the vault (a folder on
    its way is a link out), not a regular file, not UTF-8, or too large for a note."""
    path = root / rel
    real_root = root.resolve()
    real = path.parent.resolve()
    if real != real_root and real_root not in real.parents:
        raise Unfillable("its folder leads out of the vault (a symbolic link)")
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise Unfillable("it is not a regular file")
        data = read_note_file(path)
    except OSError as error:
        raise Unfillable(f"it cannot be read ({error.strerror or error})") from None
    if len(data) > 1 << 20:
        raise Unfillable("it is larger than 1 MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unfillable("it is not UTF-8") from None


# -- filling ----------------------------------------------------------------------------------

_CORE = re.compile(r"\{\{\s*(title|date|time)\s*(?::([^{}\n]*?))?\s*\}\}", re.IGNORECASE)
_TEMPLATER = re.compile(r"<%(.*?)%>", re.DOTALL)
_STRING = r"""(?:"([^"\\\n]*)"|'([^'\\\n]*)'|`([^`\\$\n]*)`)"""
_TP_TITLE = re.compile(r"\s*tp\.file\.title\s*")
_TP_DATE = re.compile(
    r"\s*tp\.(?:date\.(now|today|tomorrow|yesterday)|file\.(creation_date|last_modified_date))"
    rf"\(\s*(?:{_STRING}\s*(?:,\s*([-+]?[0-9]{{1,5}})\s*)?)?\)\s*"
)
_DAYS = {"now": 0, "today": 0, "tomorrow": 1, "yesterday": -1, "creation_date": 0, "last_modified_date": 0}


def fill(text: str, title: str, now: datetime, settings: Settings = DEFAULT_SETTINGS) -> str:
    """`text` with the placeholders Obsidian's core Templates plugin and Templater's common
    commands fill as they would, for a new note called `title` created `now`:

    - `{{title}}`; `{{date}}` and `{{time}}` in the plugin's formats (`Settings`), or
      `{{date:FORMAT}}` and `{{time:FORMAT}}` in moment.js tokens (see `moment`);
    - `<% tp.file.title %>`; `<% tp.date.now("FORMAT") %>` (with an offset in days, or none:
      YYYY-MM-DD), `tp.date.today`, `tp.date.tomorrow`, `tp.date.yesterday`,
      `tp.file.creation_date` and `tp.file.last_modified_date` (YYYY-MM-DD HH:mm).

    Unfillable for other Templater code (`<% tp.system.prompt(…) %>`, `<%* … %>`, `<%- … -%>`)
    and for a date format with a token it does not know.
    """

    def core(m: re.Match[str]) -> str:
        kind, pattern = m[1].lower(), m[2]
        if kind == "title":
            return title if pattern is None else m[0]
        default = settings.date_format if kind == "date" else settings.time_format
        return moment(pattern.strip() if pattern and pattern.strip() else default, now)

    def templater(m: re.Match[str]) -> str:
        inner = m[1]
        if _TP_TITLE.fullmatch(inner):
            return title
        found = _TP_DATE.fullmatch(inner)
        if found is None:
            shown = visible(m[0] if len(m[0]) <= 60 else m[0][:57] + "...")
            raise Unfillable(f"it runs Templater code vaultkit cannot run ({shown})")
        command, file_date, *formats, offset = found.groups()
        pattern = next((f for f in formats if f is not None), None)
        if not pattern:
            pattern = "YYYY-MM-DD HH:mm" if file_date else "YYYY-MM-DD"
        if offset is not None and command != "now":
            raise Unfillable(f"it runs Templater code vaultkit cannot run ({visible(m[0])})")
        return moment(pattern, now + timedelta(days=_DAYS[command or file_date] + int(offset or 0)))

    return _TEMPLATER.sub(templater, _CORE.sub(core, text))


# moment.js tokens (https://momentjs.com/docs/#/displaying/format/): the ones filled here, and the
# letters that are tokens there, which a format may not use unfilled (`gggg`, `ZZ`, `LT` ...).
_MOMENT = re.compile(r"\[[^\]]*\]|Do|([A-Za-z])\1*|.", re.DOTALL)
_TOKEN_LETTERS = frozenset("YyQMDdEeWwGgHhkmsSAaZzXxNLlo")
_ORDINAL = {1: "st", 2: "nd", 3: "rd"}
# English, as Obsidian's default locale (not the process's locale, which `calendar` would follow).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def moment(pattern: str, when: datetime) -> str:
    """`when` in a moment.js format (English names, as Obsidian's default locale writes them)."""
    out = []
    for m in _MOMENT.finditer(pattern):
        token = m[0]
        if token.startswith("[") and token.endswith("]"):
            out.append(token[1:-1])
            continue
        value = _token(token, when)
        if value is None:
            if token[0] in _TOKEN_LETTERS:
                raise Unfillable(f"its date format '{visible(pattern)}' uses {token!r}, which vaultkit does not fill")
            value = token
        out.append(value)
    return "".join(out)


def _token(token: str, when: datetime) -> str | None:
    day = when.day
    hour12 = when.hour % 12 or 12
    iso_year, iso_week, iso_day = when.isocalendar()
    table = {
        "YYYY": f"{when.year:04d}", "YY": f"{when.year % 100:02d}", "Y": str(when.year),
        "Q": str((when.month - 1) // 3 + 1),
        "M": str(when.month), "MM": f"{when.month:02d}",
        "MMM": MONTHS[when.month - 1][:3], "MMMM": MONTHS[when.month - 1],
        "D": str(day), "DD": f"{day:02d}",
        "Do": f"{day}{'th' if 10 <= day % 100 <= 20 else _ORDINAL.get(day % 10, 'th')}",
        "DDD": str(when.timetuple().tm_yday), "DDDD": f"{when.timetuple().tm_yday:03d}",
        "d": str(iso_day % 7), "e": str(iso_day % 7), "E": str(iso_day),
        "dd": DAYS[when.weekday()][:2], "ddd": DAYS[when.weekday()][:3], "dddd": DAYS[when.weekday()],
        "W": str(iso_week), "WW": f"{iso_week:02d}", "GGGG": f"{iso_year:04d}", "GG": f"{iso_year % 100:02d}",
        "H": str(when.hour), "HH": f"{when.hour:02d}", "h": str(hour12), "hh": f"{hour12:02d}",
        "k": str(when.hour or 24), "kk": f"{when.hour or 24:02d}",
        "m": str(when.minute), "mm": f"{when.minute:02d}", "s": str(when.second), "ss": f"{when.second:02d}",
        "A": "AM" if when.hour < 12 else "PM", "a": "am" if when.hour < 12 else "pm",
        "X": str(int(when.timestamp())), "x": str(int(when.timestamp() * 1000)),
    }  # fmt: skip
    return table.get(token)
