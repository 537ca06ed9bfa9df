"""`vaultkit init [PATH]`: make a folder a vault, adding only what is missing.

- `vaultkit.toml`, written from the config schema itself (`config.SCHEMA`) and the rule catalog
  (every rule's options under `[rules.options.CODE]`): every key at its default, with what it
  means above it. A key added to the schema appears here without another edit; its comment comes
  from `NOTES` (a test fails while one is missing).
- the people folders and the plans folder the config names;
- a person template and a plan template, in Obsidian's templates folder when its settings name
  one (core Templates or Templater), else in `Templates/`, which vaultkit reads as templates.

Nothing is ever replaced: what is there is left alone and said so.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vaultkit.config import SCHEMA, Config, _build, find_config, load_config
from vaultkit.create.person import BUILTIN_PERSON
from vaultkit.create.template import DEFAULT_FOLDER, PERSON_TEMPLATE_NAMES, PLAN_TEMPLATE_NAMES, find_template
from vaultkit.create.template import template_folders as folders_for_templates
from vaultkit.discovery import VAULT_MARKERS, _marked, as_on_disk, read_layout
from vaultkit.errors import RefusedError, UserError
from vaultkit.model import PLAN_KINDS
from vaultkit.writer import create_new, inside, make_folders, why

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

# What each key of the schema means, written above it. Keys are the schema's (kebab-case).
NOTES: dict[str, dict[str, str]] = {
    "vault": {
        "people": "Folders whose notes are people, at any depth below. `vaultkit new` writes into the first.",
        "plans": "The folder of the quarterly networking plans, one a quarter named for it: 2026-Q4.md.",
        "meetings": "Folders of meeting notes: one with a `date:` is a contact with everyone it links.",
        "templates": "Template folders, beside those Obsidian's settings name and any folder named ...templates.",
        "exclude": 'Glob patterns, relative to this folder, of files vaultkit does not read: "Archive/**".',
        "daily-folder": 'The daily notes\' folder; "" = from .obsidian/daily-notes.json, else the whole vault.',
        "daily-format": 'Daily notes\' names, moment.js; "" = from .obsidian/daily-notes.json, else YYYY-MM-DD.',
        "max-note-bytes": "A note larger than this is not read (VK001).",
        "max-frontmatter-bytes": "Frontmatter larger than this is not read (VK002).",
    },
    "me": {"company": "Your employer: VK203 says when all your mentors and sponsors work there."},
    "cadence": {
        "default": 'How often to be in touch with people no role or level gives a cadence; "" = no due date.',
        "roles": "The cadence of each relationship (any word may have one); a note's own `cadence:` wins.",
        "levels": "The cadence of each level (senior, peer, junior), for people whose roles have none.",
    },
    "quarters": {"start-month": "The month your year starts in: with 4, April-June 2026 is the quarter 2027-Q1."},
    "headings": {
        "log": "Headings of a person's log: a list item or heading under one that starts with a date is a contact.",
        "senior": "Headings of a plan's section for senior people (its plural and text after it match too).",
        "peer": "Headings of a plan's section for peers.",
        "junior": "Headings of a plan's section for juniors.",
        "new": "Headings of a plan's section for new connections.",
        "moves": "Headings of a person's job changes, without git history: `- 2026-10-05 Acme → Google`.",
    },
    "tags": {
        "gave": "The tag of a log entry in which you helped them (#gave).",
        "asked": "The tag of a log entry in which you asked them for help (#asked).",
    },
    "fields": {},
    "roles": {
        "known": "More words that name a relationship, beside mentor, sponsor, mentee, manager, report, peer, friend.",
        "role-key": "What `role:` holds: auto (a relationship when it names one, else a title), relationship or title.",
    },
    "rules": {
        "select": "The rules that run: codes or prefixes (VK1 is every people rule).",
        "ignore": "Rules that do not run: codes or prefixes.",
        "fail-on": "The least severity that makes `vaultkit check` exit 1: error, warning or info.",
        "severity": 'Another severity for a rule: { VK204 = "info" }.',
        "options": "options: each rule's are in a [rules.options.CODE] table below (see `vaultkit rules CODE`).",
        "per-file-ignores": 'Rules that do not run on some notes: { "Archive/**" = ["VK1"] }.',
    },
}
SECTION_NOTES = {
    "vault": "Where things are. Folder names match in any case.",
    "cadence": "How often to be in touch: 14d, 6w, 3m, 1y, weekly, monthly, quarterly, yearly, never.",
    "headings": "Headings vaultkit reads, in any case, with or without an emoji before them.",
    "tags": "Tags in a log entry, with or without the #.",
    "fields": 'More keys for a person\'s fields, beside those vaultkit knows: last_contact = ["Last Spoken"].',
    "rules": "The rules: `vaultkit rules` lists them, `vaultkit rules CODE` explains one.",
}
HEADER = """\
# vaultkit.toml: this vault's settings, written by `vaultkit init` with every default.
# Every key is optional: delete the ones you do not change and vaultkit keeps the same default.
# Keys are kebab-case (`_` works too); folders are relative to this folder.\
"""


def config_text() -> str:
    """The commented `vaultkit.toml` with every key of the schema at its default."""
    from vaultkit.rules import RULES

    out = [HEADER]
    for section, keys in SCHEMA.items():
        out.append("")
        if section in SECTION_NOTES:
            out.append(f"# {SECTION_NOTES[section]}")
        out.append(f"[{section}]")
        for key, (_kind, default) in keys.items():
            if (section, key) == ("rules", "options"):
                continue  # the tables below, after the section's other keys
            note = NOTES.get(section, {}).get(key)
            if note:
                out.append(f"# {note}")
            out.append(f"{_bare(key)} = {toml_value(default)}")
    out.append(f"# {NOTES['rules']['options']}")
    for rule in RULES.values():
        if rule.options:
            state = "" if rule.default_on else f" (off unless selected: add {rule.code} to select)"
            out += ["", f"[rules.options.{rule.code}]", f"# {rule.label}: {rule.summary}{state}."]
            out += [f"{_bare(name)} = {toml_value(value)}" for name, value in rule.options.items()]
    return "\n".join(out) + "\n"


def toml_value(value: Any) -> str:
    """A default as TOML writes it: `"text"`, `5`, `0.0`, `true`, `["a"]`, `{ a = "b" }`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string: the same escapes
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_bare(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _bare(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


PLAN_INTRO = (
    "Keep old relationships warm, make new ones at every level, and ask what you can give, not only what you need."
)


def plan_template(config: Config) -> str:
    """The plan template: the sections `vaultkit plan` writes, with their questions, for a note
    named for its quarter (`Plans/2026-Q4.md`: `{{title}}` is the quarter)."""
    from vaultkit.plan import NICE, QUESTIONS

    lines = ["---", "type: plan", 'quarter: "{{title}}"', "---", "# Networking plan {{title}}", "", PLAN_INTRO]
    for kind in PLAN_KINDS:
        heading = config.headings[kind][0]
        lines += ["", f"## {NICE.get(heading, heading)}", f"> {QUESTIONS[kind]}"]
    return "\n".join(lines) + "\n"


class Report:
    """What init did, and what it left alone, as lines to print."""

    def __init__(self) -> None:
        self.created: list[str] = []
        self.kept: list[str] = []

    def lines(self, root: Path) -> list[str]:
        out = [f"vaultkit init: {root}"]
        out += [f"  created     {line}" for line in self.created]
        out += [f"  left alone  {line}" for line in self.kept]
        if not self.created:
            out.append("Nothing was missing.")
        out.append('Next: vaultkit new "Ana Núñez" --role mentor --level senior, then vaultkit plan.')
        return out


def init_vault(path: Path, explicit_config: Path | None = None) -> list[str]:
    """Make `path` a vault (creating the folder if need be) and return the lines to print."""
    if path.exists() and not path.is_dir():
        raise UserError(f"{path}: a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{path}: cannot make the folder ({why(error)})") from None
    root = path.resolve()
    report = Report()
    config = _config(root, explicit_config, report)
    layout = read_layout(config)
    for folder in dict.fromkeys((*config.people, config.plans)):
        _folder(root, folder.strip().strip("/"), report)
    templates = (folders_for_templates(root, layout) or [DEFAULT_FOLDER])[0]
    templates = as_on_disk(root, templates)
    for names, name, text in (
        (PERSON_TEMPLATE_NAMES, "Person.md", BUILTIN_PERSON),
        (PLAN_TEMPLATE_NAMES, "Plan.md", plan_template(config)),
    ):
        found = find_template(root, layout, names)
        if found is not None:
            report.kept.append(f"{found} (a template of that name is there)")
            continue
        if not layout.is_template(f"{templates}/{name}"):  # not read as a note (folded, so never here)
            raise RefusedError(f"{templates}: vaultkit would read its notes as notes; no template written")
        _file(root, f"{templates}/{name}", text.encode("utf-8"), report)
    lines = report.lines(root)
    outer = _marked(root.parent, VAULT_MARKERS) if root.parent != root else None
    if outer is not None:
        lines.insert(1, f"  note        it lies inside the vault at {outer}, and is now a vault of its own")
    return lines


def _config(root: Path, explicit: Path | None, report: Report) -> Config:
    if explicit is not None:
        config = load_config(root, explicit)
        report.kept.append(f"{explicit} (given with --config; no vaultkit.toml written)")
        return config
    source, _ = find_config(root)
    if source is not None:
        config = load_config(root)  # a mistake in it is said before anything is made
        report.kept.append(f"{source.name} (the vault's config)")
        return config
    text = config_text()
    config = _build(root, root / "vaultkit.toml", tomllib.loads(text))  # as it will read: checked before written
    _file(root, "vaultkit.toml", text.encode("utf-8"), report, "every setting at its default, with what it means")
    return config


def _folder(root: Path, folder: str, report: Report) -> None:
    if not folder:
        return  # "" is the vault's folder itself
    spelled = as_on_disk(root, folder)
    try:
        made = make_folders(root, spelled)
    except RefusedError as error:
        if "symbolic link" not in str(error):
            raise
        report.kept.append(f"{spelled}/ (a symbolic link: vaultkit reads no note behind one)")
        return
    except OSError as error:
        raise RefusedError(f"{spelled}: cannot make the folder ({why(error)})") from None
    if made:
        report.created.append(f"{spelled}/")
    else:
        report.kept.append(f"{spelled}/ (there already)")


def _file(root: Path, rel: str, data: bytes, report: Report, what: str = "") -> None:
    """Create `rel` with `data`, never over anything there (said as left alone)."""
    folder = rel.rpartition("/")[0]
    try:
        if folder:
            made = make_folders(root, folder)
            report.created += [f"{made_folder}/" for made_folder in made]
        create_new(inside(root, rel), data)
    except FileExistsError:
        report.kept.append(f"{rel} (there already)")
        return
    except RefusedError as error:
        if "symbolic link" not in str(error):
            raise
        report.kept.append(f"{rel} (a symbolic link on its way: vaultkit follows none)")
        return
    except OSError as error:
        raise RefusedError(f"{rel}: cannot write it ({why(error)}); nothing more written") from None
    report.created.append(f"{rel} ({what})" if what else rel)
