"""A person note's fields, read with every alias real vaults use, and its cadence."""

# Annotations are not postponed here (no `from __future__ import annotations`): typing would
# compile every NamedTuple field's annotation string at import, 30 ms of every command's start-up.
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from vaultkit.config import LEVELS, Config
from vaultkit.dates import Cadence, cadence_problem, parse_cadence, parse_date_value
from vaultkit.frontmatter import Field, Problem
from vaultkit.text import (
    fold_accents,
    fold_name,
    is_near,
    literal,
    nearest,
    nfc,
    normalize_key,
    normalize_word,
    note_name,
)  # fmt: skip

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name"),
    "aliases": ("aliases", "alias"),
    "roles": ("roles", "relationship", "relationships"),
    "role": ("role",),  # a relationship or a job title: see `_role_field`
    "level": ("level", "seniority"),
    "company": ("company", "organization", "org"),
    "title": ("title", "position", "job title"),
    "cadence": (
        "cadence", "frequency", "contact frequency", "keep in touch", "stay in touch frequency", "prm-cadence",
    ),
    "last_contact": (
        "last_contact", "lastContacted", "last contacted", "last_chat", "last_talked_to",
        "date_last_spoken", "last_interaction", "prm-last-contacted",
    ),
    "met": ("met", "first_contact", "first met", "since"),
    "status": ("status",),
    "snooze_until": ("snooze_until", "snooze", "prm-snooze-until"),
    "birthday": ("birthday", "bday", "prm-birthday"),
    "email": ("email", "e-mail"),
    # Where they worked before, and since when they are where they are now: a move, without git
    # history (VK109, the report's Moves).
    "previous_company": (
        "previous_company", "previous company", "former_company", "former company", "previous_employer",
    ),
    "moved": ("moved", "moved_on", "company_since", "changed_company"),
}  # fmt: skip
# Keys that mean something to vaultkit or Obsidian without being person fields.
OTHER_KEYS = ("first name", "last name", "type", "tags", "tag", "vaultkit-ignore", "cssclasses", "date")
KNOWN_ROLES = ("mentor", "sponsor", "mentee", "manager", "report", "peer", "friend")
STATUSES = ("active", "paused", "left", "archived")
BROKEN = "broken"  # the status of a person whose note could not be read or whose frontmatter is broken
DATE_FIELDS = ("last_contact", "met", "snooze_until")


@dataclass(frozen=True)
class FieldTable:
    """Loose key → field name, for the default aliases and the config's `[fields]`."""

    fields: Mapping[str, str]
    order: Mapping[str, int]  # a key's rank among its field's aliases: the first non-empty wins
    known: frozenset[str]  # every key that is not a typo: fields, aliases and other known keys
    guesses: dict[str, str | None] = field(default_factory=dict, compare=False)

    def guess(self, key: str) -> str | None:
        """The field an unknown key is a likely misspelling of (its normalised form), if any.
        Remembered: a vault's unknown keys repeat across thousands of notes."""
        if key not in self.guesses:
            numbered = re.fullmatch(r"(.+?)[ _-]?\d+", key)  # email2, phone_3: a second one, on purpose
            plain = numbered is not None and normalize_key(numbered[1]) in self.known
            self.guesses[key] = None if plain else nearest(normalize_word(key), self.fields)
        return self.guesses[key]


def field_table(config: Config) -> FieldTable:
    fields: dict[str, str] = {}
    order: dict[str, int] = {}
    table = dict(FIELD_ALIASES)
    if config.role_key == "relationship":  # the owner says `role:` is always the relationship
        table["roles"] = (*table["roles"], *table.pop("role"))
    for name, aliases in table.items():
        for rank, alias in enumerate((*aliases, *config.field_aliases.get(name, ()))):
            key = normalize_key(alias)
            fields.setdefault(key, name)
            order.setdefault(key, rank)
    known = frozenset(fields) | {normalize_key(k) for k in OTHER_KEYS}
    return FieldTable(fields, order, known)


@dataclass(frozen=True)
class FieldValue:
    """The key that gave a field its value, for messages and fixes."""

    field: Field
    value: Any


class PersonFields(NamedTuple):  # a tuple: 10,000 of them are rebuilt from the index at every run
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    level: str | None
    company: str | None
    title: str | None
    cadence: Cadence | None  # the explicit cadence only
    last_contact: date | None
    last_contact_field: Field | None
    met: date | None
    met_field: Field | None
    status: str
    snooze_until: date | None
    birthday: tuple[int, int, int | None] | None  # (month, day, year or None)
    emails: tuple[str, ...]
    problems: tuple[Problem, ...]  # VK004 and VK005
    company_names: tuple[str, ...] = ()  # every name the company goes by, folded (see `company_names_of`)
    previous_company: str | None = None  # `previous_company`: where they were before `company`
    moved: date | None = None  # `moved`: when they went from `previous_company` to `company`
    # The dated entries of a `## Moves` section (01-vault.md): (day ordinal, from, to, line).
    moves: tuple[tuple[int, str, str, int], ...] = ()


NAME, ALIAS, EMAIL = "name", "alias", "email"


def identity_keys(fields: PersonFields) -> dict[str, str]:
    """What may make two notes one person (VK105), as `kind\0folded` → as written: the name and
    the aliases when they have two or more words (two friends may both be `Alex`), and the emails,
    case and accents folded."""
    return identity_keys_of((fields.name, fields.aliases, fields.emails))


Identity = tuple[str, tuple[str, ...], tuple[str, ...]]  # a person's name, aliases and emails


def spellings(identity: Identity | None) -> frozenset[str]:
    """The folded name and aliases of a person's `Identity` (none for no person): how links spell them."""
    return frozenset() if identity is None else frozenset(fold_name(name) for name in (identity[0], *identity[1]))


def identity_keys_of(identity: Identity) -> dict[str, str]:
    """`identity_keys` of a person's (name, aliases, emails)."""
    name, aliases, emails = identity
    keys: dict[str, str] = {}
    for kind, texts in ((NAME, (name,)), (ALIAS, aliases), (EMAIL, emails)):
        for text in texts:
            folded = " ".join(fold_accents(text).split())
            if folded and (kind == EMAIL or " " in folded):
                keys.setdefault(f"{kind}\0{folded}", text.strip())
    return keys


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, list):
        return next((t for t in (_text(v) for v in value) if t), None)
    text = str(value).strip()
    if text.startswith("[[") and text.endswith("]]"):
        inner = text[2:-2]
        text = inner.split("|", 1)[-1] if "|" in inner else inner
    return text or None


def company_names_of(value: Any) -> tuple[str, ...]:
    """The names a company is written by, folded: `[[Orgs/Acme Inc|Acme]]` goes by `acme` (what
    it shows) and `acme inc` (the note it links), so it is one company with `Acme` and with
    `[[Acme Inc]]` (VK203). Plain text goes by itself."""
    if isinstance(value, list):
        value = next((v for v in value if _text(v)), None)
    shown = _text(value)
    if shown is None:
        return ()
    names = [shown]
    text = value.strip() if isinstance(value, str) else ""
    if text.startswith("[[") and text.endswith("]]"):
        names.append(note_name(text[2:-2].split("|", 1)[0].split("#", 1)[0].strip()))
    return tuple(dict.fromkeys(fold_accents(name) for name in names if name))


def _texts(value: Any, split: bool = False) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text:
            out.extend(part.strip() for part in (text.split(",") if split else [text]) if part.strip())
    return tuple(out)


def is_unset(value: Any) -> bool:
    """Not set (01-vault.md): nothing, a blank text, or a list of only those (`[null]`, `['']`)."""
    if isinstance(value, list):
        return all(is_unset(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _problem(code: str, field: Field, message: str) -> Problem:
    return Problem(code, field.line, field.column, field.line, field.end_column, message)


_BIRTHDAY = re.compile(r"(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})")


def parse_birthday(value: Any) -> tuple[int, int, int | None] | None:
    if isinstance(value, date):
        return value.month, value.day, value.year
    if not isinstance(value, str):
        return None
    m = _BIRTHDAY.fullmatch(value.strip())
    if not m:
        return None
    month, day = int(m[2]), int(m[3])
    try:
        date(2000, month, day)  # a leap year: 02-29 is a birthday
    except ValueError:
        return None
    return month, day, int(m[1]) if m[1] else None


def read_person_fields(
    fields: Sequence[Field], stem: str, config: Config, table: FieldTable, inline: Sequence[Field] = ()
) -> PersonFields:
    """Pick each field's value (first non-empty key in table order) and check its kind. `inline`:
    the body's Dataview fields, for the fields `fields` (the frontmatter) leaves unset."""
    chosen: dict[str, tuple[int, Field]] = {}  # field name → the best-ranked non-empty key
    problems: list[Problem] = []
    if inline:
        taken = {table.fields.get(f.norm) for f in fields if not is_unset(f.value)}
        fields = [*fields, *(f for f in inline if f.norm in table.fields and table.fields[f.norm] not in taken)]
    for entry in fields:
        name = table.fields.get(entry.norm)
        if name is not None:
            rank = table.order[entry.norm]
            if not is_unset(entry.value) and (name not in chosen or rank < chosen[name][0]):
                chosen[name] = (rank, entry)
        elif entry.norm not in table.known and not entry.norm.startswith("vaultkit"):
            guess = table.guess(entry.key)
            if guess is not None:
                problems.append(
                    _problem("VK005", entry, f"unknown field {entry.key!r}: did you mean {table.fields[guess]}?")
                )

    def pick(name: str) -> Field | None:
        found = chosen.get(name)
        return found[1] if found else None

    def date_field(name: str) -> tuple[date | None, Field | None]:
        f = pick(name)
        if f is None:
            return None, None
        parsed = parse_date_value(f.value)
        if parsed is None:
            problems.append(_problem("VK004", f, f"{f.key}: {literal(f.value)} is not a date (YYYY-MM-DD); ignored"))
        return parsed, f

    name_field = pick("name")
    name = _text(name_field.value) if name_field else None
    if not name:
        first = next((_text(e.value) for e in fields if e.norm == "firstname" and not is_unset(e.value)), None)
        last = next((_text(e.value) for e in fields if e.norm == "lastname" and not is_unset(e.value)), None)
        name = " ".join(part for part in (first, last) if part) or nfc(stem)  # macOS stores names decomposed
    f = pick("aliases")
    aliases = _texts(f.value) if f else ()
    relationship = pick("roles")
    roles = _roles(relationship, config, problems)
    level = _one_of(pick("level"), LEVELS, "level", problems)
    cadence = None
    f = pick("cadence")
    if f is not None:
        cadence = parse_cadence(f.value)
        if cadence is None:
            problems.append(
                _problem(
                    "VK004",
                    f,
                    f"{f.key}: {literal(f.value)} {cadence_problem(f.value)}; ignored",
                )
            )
    last_contact, last_contact_field = date_field("last_contact")
    met, met_field = date_field("met")
    snooze_until, _ = date_field("snooze_until")
    status = _one_of(pick("status"), STATUSES, "status", problems) or "active"
    birthday = None
    f = pick("birthday")
    if f is not None:
        birthday = parse_birthday(f.value)
        if birthday is None:
            problems.append(
                _problem("VK004", f, f"{f.key}: {literal(f.value)} is not a birthday (YYYY-MM-DD or MM-DD); ignored")
            )
    f = pick("email")
    emails = _texts(f.value) if f else ()
    f = pick("company")
    company = _text(f.value) if f else None
    company_names = company_names_of(f.value) if f else ()
    f = pick("title")
    title = _text(f.value) if f else None
    f = pick("previous_company")
    previous_company = _text(f.value) if f else None
    moved, _ = date_field("moved")
    f = pick("role")
    if f is not None:
        # `role` is the job when the frontmatter names the relationship (a Dataview line in the body
        # only fills what the frontmatter leaves unset: it does not turn `role: mentor` into a title).
        named = relationship is not None and all(relationship is not g for g in inline)
        more, job = _role_field(f.value, config, named or config.role_key == "title", title)
        roles = (*roles, *(role for role in more if role not in roles))
        title = title or job
    tags = next((e.value for e in fields if e.norm in ("tags", "tag") and not is_unset(e.value)), None)
    tagged = tag_roles(tags, config)
    roles = (*roles, *(role for role in tagged if role not in roles))
    return PersonFields(
        name, aliases, roles, level, company, title, cadence, last_contact if last_contact_field else None,
        last_contact_field, met, met_field, status, snooze_until, birthday, emails, tuple(problems), company_names,
        previous_company, moved,
    )  # fmt: skip


def known_roles(config: Config) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*KNOWN_ROLES, *config.known_roles, *config.role_cadences)))


def _one_of(f: Field | None, allowed: tuple[str, ...], what: str, problems: list[Problem]) -> str | None:
    """A value from a fixed set, in any case; anything else is VK004 and ignored."""
    if f is None:
        return None
    text = (_text(f.value) or "").casefold()
    if text in allowed:
        return text
    problems.append(
        _problem("VK004", f, f"{f.key}: {literal(f.value)} is not a {what} ({', '.join(allowed)}); ignored")
    )
    return None


@lru_cache(maxsize=8)
def _normalized_roles(known: tuple[str, ...]) -> dict[str, str]:
    return {normalize_word(r): r for r in known}


@lru_cache(maxsize=4096)
def _role(raw: str, known: tuple[str, ...]) -> tuple[str | None, str | None]:
    """A written role as (the role, None), or (None, the known role it misspells)."""
    normalized = _normalized_roles(known)
    word = normalize_word(raw)
    role = _known_role(raw, normalized)
    if role is None:
        guess = next((normalized[k] for k in normalized if is_near(word, k)), None)
        if guess is not None:
            return None, guess
        role = raw.strip().casefold()
    return role, None


def _roles(f: Field | None, config: Config, problems: list[Problem]) -> tuple[str, ...]:
    if f is None:
        return ()
    known = known_roles(config)
    roles: list[str] = []
    normalized = _normalized_roles(known)
    for raw in _texts(f.value, split=True):
        several = _known_roles(raw, normalized)
        if len(several) > 1 or (several and _REMARK.search(raw)):  # `Mentor/Sponsor`, `mentor (informal)`
            roles.extend(role for role in several if role not in roles)
            continue
        role, guess = _role(raw, known)
        if role is None:
            problems.append(
                _problem("VK004", f, f"{f.key}: {raw!r} is not a known role (did you mean {guess}?); ignored")
            )
            continue
        if role not in roles:
            roles.append(role)
    return tuple(roles)


def _role_field(
    value: Any, config: Config, as_title: bool, title: str | None = None
) -> tuple[tuple[str, ...], str | None]:
    """`role:` read two ways (01-vault.md §3): the roles it names and the job title it holds.

    As a title when the owner said so, when `roles`/`relationship` names the relationship
    (`role: Principal Engineer` beside `relationship: mentor`), or when it repeats `title`
    (`role: Manager` beside `title: Manager` is a job). Otherwise each comma-separated part that
    names known roles (`mentor`, `Mentor/Sponsor`, `mentor & sponsor`) gives them, and the rest,
    rejoined, is the title: `role: Director, Platform` is a title and no role. A near miss of a
    role is part of a title, never a typo.
    """
    parts = _texts(value, split=True)
    if as_title or (title is not None and fold_accents(", ".join(parts)) == fold_accents(title)):
        return (), ", ".join(parts) or None
    known = _normalized_roles(known_roles(config))
    roles: list[str] = []
    job: list[str] = []
    for part in parts:
        found = _known_roles(part, known)
        if not found:
            job.append(part)
        roles.extend(role for role in found if role not in roles)
    return tuple(roles), ", ".join(job) or None


_BETWEEN_ROLES = re.compile(r"\s*(?:[;&/+]|\band\b)\s*", re.IGNORECASE)
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")  # `Mentor (informal)`


def _known_roles(raw: str, normalized: Mapping[str, str]) -> tuple[str, ...]:
    """The known roles a written part names: one (`Mentors`, `#mentor`, `mentor (informal)`), or
    several joined (`Mentor/Sponsor`, `mentor & sponsor`); none unless every one is known."""
    words = _BETWEEN_ROLES.split(_REMARK.sub("", raw))
    found = [_known_role(word, normalized) for word in words if word.strip()]
    return tuple(dict.fromkeys(r for r in found if r)) if found and all(found) else ()


def _known_role(raw: str, normalized: Mapping[str, str]) -> str | None:
    word = normalize_word(raw.strip().lstrip("#"))
    return normalized.get(word) or (normalized.get(word[:-1]) if word.endswith("s") else None)


TAG_ROLES = ("mentor", "sponsor", "mentee")  # tags that give a role by themselves (`tags: [mentor]`)


def tag_roles(value: Any, config: Config) -> tuple[str, ...]:
    """The roles a note's frontmatter tags give: `mentor`, `sponsor` or `mentee` (`#mentor` too, and
    their plurals), or a known role nested under `role/` (`role/manager`)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    roles: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        tag = item.strip().lstrip("#").casefold()
        if tag.startswith("role/"):
            role = _known_role(tag[5:].split("/", 1)[0], _normalized_roles(known_roles(config)))
        else:
            role = _known_role(tag, _normalized_roles(TAG_ROLES))
        if role is not None and role not in roles:
            roles.append(role)
    return tuple(roles)


LEVEL_OF_ROLE = {
    "mentor": "senior", "sponsor": "senior", "manager": "senior",
    "peer": "peer",
    "mentee": "junior", "report": "junior",
}  # fmt: skip


def level_of(fields: PersonFields) -> str | None:
    """Senior, peer or junior: as written, else as their relationship says (a mentor, sponsor or
    manager is senior to the owner, a peer a peer, a mentee or report junior), so that
    `relationship: peer` counts among the peers, and has their cadence, without a `level`."""
    if fields.level is not None:
        return fields.level
    return next((LEVEL_OF_ROLE[role] for role in fields.roles if role in LEVEL_OF_ROLE), None)


def resolve_cadence(fields: PersonFields, config: Config, base: date) -> tuple[Cadence | None, str]:
    """Explicit, else the shortest of the roles' (earliest due), else the level's, else the default."""
    if fields.cadence is not None:
        return fields.cadence, "cadence"
    by_role = [(config.role_cadences[r], r) for r in fields.roles if r in config.role_cadences]
    if by_role:

        def due(pair: tuple[Cadence, str]) -> date:
            return pair[0].after(base) or date.max

        cadence, role = min(by_role, key=due)
        return cadence, f"role {role}"
    level = level_of(fields)
    if level and level in config.level_cadences:
        return config.level_cadences[level], f"level {level}"
    if config.default_cadence is not None:
        return config.default_cadence, "default"
    return None, ""
