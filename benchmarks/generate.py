#!/usr/bin/env python3
"""Generate a realistic, seeded vault of Markdown notes for vaultkit's benchmarks.

The same arguments always give byte-identical vaults (standard library only, one seeded
``random.Random``, no iteration over sets or hashes).

    python benchmarks/generate.py --size small OUT_DIR
    python benchmarks/generate.py --size large OUT_DIR --seed 1
    python benchmarks/generate.py --people 200 --daily 300 OUT_DIR

Sizes: *small* = 1,000 people + 1,500 daily notes; *large* = 10,000 people + 20,000 daily
notes (about 31,000 files, 25 MB); *huge* = the same proportions at about 100,000 notes.
Meeting notes are 5 % of the daily notes, broken notes about 0.1 % of all notes, and there
are plans for the last 8 quarters, a handful of company notes, templates and Obsidian
settings. See benchmarks/README.md.

Two options make the people share names, as a real network does: ``--first-name-aliases``
(everyone has their first name as an alias, first names drawn from 300 common ones, so that
``[[Alex]]`` in a daily note could be any of dozens) and ``--same-alias NAME`` (everyone has
the alias NAME: the worst case for the rules that compare people's names).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SIZES: dict[str, tuple[int, int]] = {
    "small": (1_000, 1_500),
    "large": (10_000, 20_000),
    "huge": (32_250, 64_500),
}
DEFAULT_END = dt.date(2026, 11, 21)  # the day after the benchmarks' --today 2026-11-20
MEETING_SHARE = 0.05
BROKEN_SHARE = 0.001
# Prose lengths in bytes (lo, hi, skew), drawn as lo + (hi - lo) * u ** skew for a uniform u, so
# that most notes are short and a few are long; tuned so that the large vault is about 25 MB.
DAILY_PROSE = (150, 1500, 6.0)
PERSON_PROSE = (60, 500, 3.0)
MEETING_PROSE = (150, 900, 3.0)

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
Aaliyah Aarav Abdul Ada Adaeze Adrián Agnieszka Ahmed Aiko Aisha Akira Alejandro Aleksander
Alessandro Alice Amara Amélie Ana Anders Andrea Andrés Ángel Anika Anneliese Antoine Arjun
Astrid Aurélie Ayşe Bartosz Beatriz Benedikt Björn Bruno Camila Carlos Carmen Catalina Cédric
Chen Chiara Chidi Chloé Christoph Clara Cristina Dagny Daniel Darius Dawit Deepika Diego
Dmitri Dolores Eduardo Efua Eitan Elena Élodie Emeka Emil Émilie Emma Enzo Erik Esther Eun-ji
Fabián Farah Fatima Felipe Fernando Filip Finn Florian François Freya Gabriel Gaëlle Giulia
Gonzalo Grace Greta Günther Hamza Hana Hannah Haruto Héctor Helga Hiroshi Hugo Ibrahim Ida
Ignacio Ilse Imani Inés Ingrid Irene Isabela Isak Ivan Jakub Jamal Jana Javier Jérôme Jiho
Joaquín Johanna Jonas José Joséphine Juan Jules Julia Jürgen Kaito Kamala Karim Karin Kasia
Katarzyna Kenji Kofi Kwame Lars Laura Léa Leila Leon Liam Lin Lorenzo Lucía Luis Łukasz
Magnus Maja Malik Małgorzata Manon Marco Margarida María Marta Mateo Matías Maximilian Mei
Mia Miguel Mikael Ming Miriam Nadia Naomi Nasrin Ngozi Nicolás Nikolai Nina Noah Noémie Nuno
Olga Oliver Olivia Olu Omar Ömer Oscar Øyvind Pablo Paola Patricia Paulo Pedro Pilar Priya
Rafael Rahul Ramón Raquel Ravi Renée Ricardo Rin Rocío Rosa Rui Sakura Salomé Samir Santiago
Sara Sebastián Seo-yeon Siddharth Simone Siobhán Sofía Søren Stefan Sunita Svetlana Takeshi
Tamar Tariq Teresa Thabo Théo Tomás Valentina Vera Víctor Wanjiru Wei Xavier Ximena Yara
Yasmin Yuki Yusuf Zainab Zeynep Zoë Zuzana
"""
)

LAST_NAMES = _words(
    """
Abara Abe Acheampong Adeyemi Agarwal Ahn Alarcón Almeida Álvarez Andersen Andersson Aoki
Arslan Bakker Banerjee Barros Baumann Becker Bergström Bianchi Björklund Blanco Bose Brandt
Brennan Brown Caballero Campos Cardoso Castillo Çelik Chatterjee Chen Cho Costa Cruz
Dąbrowski Dahl Dang Das Dimitrov Dias Domínguez Dubois Duarte Dvořák Eriksen Esposito Falk
Fernández Ferreira Fischer Fontaine Fujita Gallagher García Gomes González Gupta Haddad
Hansen Hartmann Hashemi Herrera Hoffmann Horvat Huang Ibáñez Ivanova Jansen Jiménez Johansson
Jovanović Kaminski Kang Kapoor Kato Keller Khan Kim Kobayashi Koch Kowalski Krüger Kumar
Larsen Laurent Lefèvre Lehmann Leone Lindqvist Lombardi López Lund Madsen Mahlangu Malik
Marchetti Martín Martínez Matsumoto Mehta Meier Mendes Mensah Moreau Moreno Müller Murphy
Nagy Nakamura Navarro Nguyen Nielsen Novák Nowak Núñez Nwosu Obi O'Brien Okafor Okonkwo Oliveira
Olsen Ortega Ortiz Otieno Özdemir Park Pereira Petrov Pham Popescu Quintero Rahman Ramírez
Rao Reyes Ribeiro Richter Rodríguez Romano Rossi Ruiz Saito Sánchez Santos Sato Schmidt
Schneider Schulz Şahin Sharma Shevchenko Silva Singh Sokolov Sørensen Suárez Suzuki Svensson
Szabó Takahashi Tanaka Tavares Torres Tran Ueda Van-Dijk Varga Vargas Vasquez Vega Verma
Vogel Wagner Wang Watanabe Weber Williams Wiśniewski Wójcik Wright Wu Xu Yamamoto Yılmaz
Yoshida Yu Zając Zhang Zhou Zimmermann Ziegler
"""
)

# Names that must exist, whatever the size: accents, emoji and right-to-left scripts.
SPECIAL_NAMES = [
    "Zoë Núñez",
    "José Martínez",
    "Søren Kierkegaard-Holm",
    "François Lefèvre",
    "Łukasz Wiśniewski",
    "Sam 🚀 Rivera",
    "Maya 🌿 Chen",
    "محمد الأحمد",
    "דנה לוי",
    "Li 李 Wei",
    "Александр Иванов",
]

# With --first-name-aliases the first names come from a pool of FIRST_NAME_POOL names: the ones
# above, then these common ones, so that a large vault has dozens of people for each first name.
FIRST_NAME_POOL = 300
COMMON_FIRST_NAMES = _words(
    """
Alex Sam Chris Max Ben Dan Tom Tim Nick Mike Kate Anna Maria Sarah Emily Jessica Jennifer
Michael David John James Robert William Richard Joseph Thomas Charles Matthew Mark Paul Andrew
Joshua Kevin Brian George Steven Edward Ryan Jacob Gary Eric Jonathan Stephen Larry Justin
Scott Brandon Frank Gregory Raymond Samuel Patrick Alexander Jack Dennis Jerry Tyler Aaron
Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger
Mary Linda Elizabeth Barbara Susan Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly
Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Cynthia Kathleen
"""
)

NICKNAMES = {
    "Alejandro": "Alex",
    "Aleksander": "Olek",
    "Alessandro": "Sandro",
    "Benedikt": "Ben",
    "Christoph": "Chris",
    "Daniel": "Dan",
    "Eduardo": "Edu",
    "Elena": "Lena",
    "Fernando": "Nando",
    "Gabriel": "Gabe",
    "Johanna": "Jo",
    "Katarzyna": "Kasia",
    "Maximilian": "Max",
    "Nicolás": "Nico",
    "Nikolai": "Kolya",
    "Patricia": "Patty",
    "Sebastián": "Seba",
    "Valentina": "Vale",
    "Zoë": "Zo",
}

COMPANIES = _words(
    """
Acme Globex Initech Umbrella Hooli Stark-Industries Wayne-Enterprises Cyberdyne Soylent
Tyrell Wonka-Labs Vandelay Pied-Piper Aperture Black-Mesa Blue-Sun Oscorp Massive-Dynamic
Nakatomi Gringotts Monarch Weyland Virtucon Dunder-Mifflin Sterling-Cooper Prestige-Worldwide
Bluth-Co Los-Pollos Krusty-Krab Contoso Fabrikam Northwind Tailspin Litware Proseware
Wingtip Adatum Woodgrove Fourth-Coffee Lucerne Margie-Travel Trey-Research Coho-Vineyard
Alpine-Ski Blue-Yonder Consolidated-Messenger Graphic-Design-Institute Humongous-Insurance
Lamna-Healthcare Relecloud Southridge-Video Tailwind-Traders VanArsdel Wide-World-Importers
Zava Nod-Publishers Olympia Bellows-College Best-For-You-Organics City-Power-Light
"""
)

TITLES = [
    "VP Engineering",
    "Staff Engineer",
    "Senior Engineer",
    "Engineering Manager",
    "Director of Product",
    "Product Manager",
    "Designer",
    "Data Scientist",
    "CTO",
    "CEO",
    "Founder",
    "Principal Engineer",
    "Recruiter",
    "Intern",
    "Junior Developer",
    "Research Scientist",
    "Head of Sales",
    "Account Executive",
    "Professor",
    "PhD Student",
    "Consultant",
    "Investor",
]

ROLES = ["mentor", "sponsor", "mentee", "manager", "report", "peer", "friend"]
EXTRA_ROLES = ["cousin", "co-author", "employee", "neighbour", "client", "investor"]
ROLE_TYPOS = ["mentr", "sponser", "frend"]
CADENCES = [
    "6w",
    "monthly",
    "14",
    "3m",
    "1y",
    "quarterly",
    "14d",
    "biweekly",
    "2w",
    "weekly",
    "yearly",
    "never",
    "90",
    "4w",
    "2m",
]

SUBJECTS = [
    "We",
    "They",
    "She",
    "He",
    "The team",
    "Everyone",
    "I",
    "Our group",
    "The new hire",
    "Leadership",
    "The customer",
    "My manager",
    "The panel",
]
VERBS = [
    "discussed",
    "reviewed",
    "shipped",
    "debated",
    "sketched",
    "planned",
    "questioned",
    "revisited",
    "prototyped",
    "documented",
    "postponed",
    "celebrated",
    "measured",
    "simplified",
    "rewrote",
    "estimated",
    "presented",
    "untangled",
    "migrated",
]
ADJECTIVES = [
    "new",
    "old",
    "tricky",
    "quarterly",
    "ambitious",
    "fragile",
    "shared",
    "internal",
    "public",
    "hiring",
    "onboarding",
    "pricing",
    "mobile",
    "legacy",
    "experimental",
    "flaky",
    "promising",
    "cross-team",
    "annual",
    "small",
]
NOUNS = [
    "roadmap",
    "budget",
    "launch",
    "migration",
    "dashboard",
    "pipeline",
    "offsite",
    "design doc",
    "hiring plan",
    "retro",
    "incident",
    "workshop",
    "proposal",
    "API",
    "onboarding guide",
    "conference talk",
    "reading list",
    "promotion case",
    "research paper",
    "side project",
    "mentoring program",
    "reorg",
    "demo",
]
PREPS = ["with", "for", "before", "after", "around", "despite", "without", "about"]
ENDINGS = [
    "",
    "",
    "",
    " until late",
    " over coffee",
    " on a long walk",
    " in the park",
    " at the office",
    " over lunch",
    " on a video call",
    " twice",
    " again",
]
TAGS = [
    "#work",
    "#idea",
    "#reading",
    "#health",
    "#hiring",
    "#1on1",
    "#conference",
    "#followup",
    "#project/phoenix",
    "#project/atlas",
    "#learning",
    "#family",
    "#travel",
]
TOPICS = [
    "Weekly sync",
    "Project Phoenix kickoff",
    "Quarterly review",
    "Hiring committee",
    "Design review",
    "1-1",
    "Architecture council",
    "Roadmap planning",
    "Retro",
    "Customer call",
    "Board prep",
    "Mentoring circle",
    "Offsite planning",
    "Incident review",
    "Book club",
    "Coffee chat",
    "Intro call",
    "Lunch",
]
LOG_ACTIONS = [
    "coffee chat about the",
    "call about the",
    "lunch, talked about the",
    "sent them the",
    "intro to a recruiter for the",
    "reviewed their",
    "asked for feedback on the",
    "met at the conference, talked about the",
    "quick chat after the",
    "video call about the",
    "long walk, talked about the",
    "dinner, mostly about the",
    "congratulated them on the",
    "helped with their talk on the",
    "asked for an intro for the",
]
DAILY_ACTIONS = [
    "Coffee with",
    "Call with",
    "Lunch with",
    "1-1 with",
    "Walk with",
    "Intro call with",
    "Caught up with",
    "Dinner with",
    "Pairing session with",
    "Messaged",
]
LOG_HEADINGS = ["Log", "Log", "Log", "Interactions", "📅 Log", "Contact log", "Meetings"]
STATUSES = ["active", "left", "paused", "archived"]
STATUS_CUTS = [0.90, 0.96, 0.99]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CODE_SNIPPETS = [
    "```python\nfor row in rows:\n    print(row['name'])  # [[Not A Link]]\n```",
    "```bash\ngit log --oneline | head -20\n```",
    "```sql\nSELECT name, last_contact FROM people WHERE level = 'senior';\n```",
    "```\n- [ ] not a task, just text inside code 📅 2020-01-01\n[[Nobody In Code]]\n```",
    "```yaml\nkey: value\nlist: [1, 2, 3]\n```",
]


# --------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str  # NFC display name == file name stem (unless ``file_stem`` differs)
    file_stem: str
    first: str
    last: str
    alias: str | None
    level: str
    roles: list[str]
    status: str
    company: str


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, kind: str, size: int) -> None:
        self.files += 1
        self.bytes += size
        self.kinds[kind] = self.kinds.get(kind, 0) + 1


class Writer:
    """Writes files below ``root``; creates each folder once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.stats = Stats()
        self._dirs: dict[str, None] = {}

    def write(
        self,
        rel: str,
        text: str | bytes,
        kind: str,
        *,
        crlf: bool = False,
        bom: bool = False,
    ) -> None:
        if isinstance(text, str):
            if crlf:
                text = text.replace("\n", "\r\n")
            data = text.encode("utf-8")
            if bom:
                data = b"\xef\xbb\xbf" + data
        else:
            data = text
        folder, _, _ = rel.rpartition("/")
        if folder and folder not in self._dirs:
            os.makedirs(self.root / folder, exist_ok=True)
            self._dirs[folder] = None
        with open(self.root / rel, "wb") as fh:
            fh.write(data)
        self.stats.add(kind, len(data))


# --------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------


def _unique(words: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for w in words:
        seen.setdefault(unicodedata.normalize("NFC", w).casefold(), w)
    return list(seen.values())


def iso(d: dt.date) -> str:
    return d.isoformat()


# What a plain YAML scalar cannot hold or start with, or would read as something other than text.
_YAML_SPECIAL = re.compile(
    r"""[:#,\[\]{}&*!|>%@`"\\]|^[-?'\s]|\s$|^(?:null|true|false|yes|no|on|off|y|n|~|[-+.\d].*)$""", re.I
)


def yaml_scalar(text: str) -> str:
    """``text`` as it can stand in a flow or block list: plain when YAML reads it back as the
    same string (every name the generator makes), else double-quoted (a ``--same-alias``)."""
    return json.dumps(text, ensure_ascii=False) if _YAML_SPECIAL.search(text) else text


def link_name(text: str) -> str:
    """``text`` if ``[[text]]`` links to a note of that name, else an argparse error."""
    if not text.strip() or any(c in text for c in "[]|#^\n\r") or text != text.strip():
        raise argparse.ArgumentTypeError(f"{text!r} cannot be a name in a [[link]]")
    return text


class VaultGenerator:
    def __init__(
        self,
        root: Path,
        n_people: int,
        n_daily: int,
        seed: int = 1,
        end: dt.date = DEFAULT_END,
        n_meetings: int | None = None,
        *,
        first_name_aliases: bool = False,
        same_alias: str | None = None,
    ) -> None:
        if first_name_aliases and same_alias is not None:
            raise ValueError("first_name_aliases and same_alias exclude each other")
        self.root = root
        self.n_people = n_people
        self.n_daily = n_daily
        self.n_meetings = round(n_daily * MEETING_SHARE) if n_meetings is None else n_meetings
        self.end = end
        self.today = end - dt.timedelta(days=1)
        self.start = end - dt.timedelta(days=max(n_daily - 1, 0))
        self.rng = random.Random(seed)
        self.w = Writer(root)
        self.people: list[Person] = []
        self.cum_weights: list[float] = []
        self.by_level: dict[str, list[Person]] = {"senior": [], "peer": [], "junior": []}
        self.new_people: list[Person] = []  # met in the last 80 days
        self.companies = _unique(c.replace("-", " ") for c in COMPANIES)
        self.first_name_aliases = first_name_aliases
        self.same_alias = same_alias
        self.first_names = _unique(FIRST_NAMES)
        if first_name_aliases:
            self.first_names = _unique([*FIRST_NAMES, *COMMON_FIRST_NAMES])[:FIRST_NAME_POOL]
        self.linked_companies: dict[str, None] = {}
        self.sentences = self._sentence_pool(3000)

    # ---- helpers ---------------------------------------------------------------------

    def _sentence_pool(self, n: int) -> list[str]:
        r = self.rng
        out = []
        for _ in range(n):
            s = (
                f"{r.choice(SUBJECTS)} {r.choice(VERBS)} the {r.choice(ADJECTIVES)} "
                f"{r.choice(NOUNS)} {r.choice(PREPS)} the {r.choice(ADJECTIVES)} "
                f"{r.choice(NOUNS)}{r.choice(ENDINGS)}."
            )
            if r.random() < 0.15:
                s += f" {r.choice(TAGS)}"
            if r.random() < 0.05:
                s += f" See `{r.choice(NOUNS).replace(' ', '_')}.md`."
            out.append(s)
        return out

    def prose(self, target_bytes: int) -> str:
        r = self.rng
        parts: list[str] = []
        size = 0
        while size < target_bytes:
            s = r.choice(self.sentences)
            parts.append(s)
            size += len(s) + 1
        return " ".join(parts)

    def skewed(self, spec: tuple[int, int, float]) -> int:
        """A length between ``lo`` and ``hi``, short ones more likely."""
        lo, hi, skew = spec
        return lo + int((hi - lo) * self.rng.random() ** skew)

    def rand_date(self, lo: dt.date, hi: dt.date) -> dt.date:
        span = (hi - lo).days
        return lo + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def recent_date(self, max_days_back: int) -> dt.date:
        """A date before today, skewed towards recent."""
        back = int(self.rng.random() ** 2 * max_days_back)
        return self.today - dt.timedelta(days=back)

    def pick_people(self, k: int) -> list[Person]:
        """``k`` distinct people, popular ones more often (Zipf-like)."""
        r = self.rng
        total = self.cum_weights[-1]
        chosen: dict[int, None] = {}
        tries = 0
        while len(chosen) < k and tries < k * 10:
            i = bisect.bisect_left(self.cum_weights, r.random() * total)
            chosen.setdefault(min(i, len(self.people) - 1), None)
            tries += 1
        return [self.people[i] for i in chosen]

    def mention(self, p: Person) -> str:
        """A wikilink to ``p`` in one of the ways people write them."""
        x = self.rng.random()
        if p.alias and x < 0.10:
            return f"[[{p.alias}]]"
        if p.alias and x < 0.25:
            return f"[[{p.name}|{p.alias}]]"
        if x < 0.28:
            return f"[[People/{p.name}]]"
        if x < 0.30:
            return f"[[{p.name}#Log]]"
        if x < 0.31:
            return f"[[{p.name}|{p.first}]]"
        return f"[[{p.name}]]"

    # ---- people ----------------------------------------------------------------------

    def make_names(self, n: int) -> list[tuple[str, str, str]]:
        r = self.rng
        firsts = self.first_names
        lasts = _unique(LAST_NAMES)
        seen: dict[str, None] = {}
        out: list[tuple[str, str, str]] = []

        def add(first: str, last: str, full: str) -> None:
            full = unicodedata.normalize("NFC", full)
            key = full.casefold()
            if key not in seen:
                seen[key] = None
                out.append((first, last, full))

        for full in SPECIAL_NAMES[: max(0, min(len(SPECIAL_NAMES), n // 50))]:
            first, _, last = full.partition(" ")
            add(first, last, full)
        combos = len(firsts) * len(lasts)
        need = n - len(out)
        if need <= 0:
            return out[:n]
        for idx in r.sample(range(combos), min(need + len(out), combos)):
            if len(out) >= n:
                break
            f, la = firsts[idx // len(lasts)], lasts[idx % len(lasts)]
            add(f, la, f"{f} {la}")
        while len(out) < n:  # more people than first × last pairs: middle initials
            f, la = r.choice(firsts), r.choice(lasts)
            add(f, la, f"{f} {chr(65 + r.randrange(26))}. {la}")
        return out

    def build_people(self) -> None:
        r = self.rng
        for first, last, full in self.make_names(self.n_people):
            x = r.random()
            level = "senior" if x < 0.25 else "peer" if x < 0.70 else "junior"
            roles: list[str] = []
            if level == "senior":
                roles = r.choice(
                    [
                        ["mentor"],
                        ["sponsor"],
                        ["manager"],
                        ["mentor", "friend"],
                        [],
                        ["peer"],
                        ["sponsor", "mentor"],
                    ]
                )
            elif level == "peer":
                roles = r.choice(
                    [
                        ["peer"],
                        ["friend"],
                        ["peer", "friend"],
                        [],
                        [r.choice(EXTRA_ROLES)],
                        ["co-author"],
                    ]
                )
            else:
                roles = r.choice([["mentee"], ["report"], ["mentee", "friend"], [], ["peer"]])
            if r.random() < 0.003:
                roles = [*roles, r.choice(ROLE_TYPOS)]
            x = r.random()
            status = STATUSES[bisect.bisect_right(STATUS_CUTS, x)]
            alias: str | None = None
            if r.random() < 0.45:
                nickname = first in NICKNAMES and r.random() < 0.5
                alias = NICKNAMES[first] if nickname else f"{first} {last[:1]}."
            # Drawn above all the same, so that the other fields stay as in the default vault.
            if self.same_alias is not None:
                alias = self.same_alias
            elif self.first_name_aliases:
                alias = first
            stem = full
            if r.random() < 0.003:  # a file name as macOS stores it (decomposed)
                stem = unicodedata.normalize("NFD", full)
            p = Person(full, stem, first, last, alias, level, roles, status, r.choice(self.companies))
            self.people.append(p)
            self.by_level[level].append(p)
        # popularity: a few people get most mentions
        order = list(range(len(self.people)))
        r.shuffle(order)
        weights = [0.0] * len(self.people)
        for rank, i in enumerate(order):
            weights[i] = 1.0 / (rank + 20) ** 0.9
        acc = 0.0
        for w in weights:
            acc += w
            self.cum_weights.append(acc)

    def person_note(self, p: Person) -> str:
        r = self.rng
        fm: list[str] = []
        # name
        x = r.random()
        if x < 0.15:
            fm.append(f"name: {p.name}")
        elif x < 0.20:
            fm.append(f'full name: "{p.name}"')
        elif x < 0.25 and p.last:
            fm.append(f"First Name: {p.first}")
            fm.append(f"Last Name: {p.last}")
        # aliases
        if p.alias:
            x = r.random()
            alias = yaml_scalar(p.alias)
            if x < 0.5:
                fm.append(f"aliases: [{alias}]")
            elif x < 0.8:
                fm.append(f"aliases:\n  - {alias}")
            else:
                fm.append(f"alias: {alias}")
        elif r.random() < 0.05:
            fm.append("aliases: [null]" if r.random() < 0.5 else "aliases: []")
        # roles
        if p.roles:
            key = r.choice(["roles", "roles", "roles", "role", "relationship", "relationships"])
            if len(p.roles) == 1 and r.random() < 0.5:
                fm.append(f"{key}: {p.roles[0]}")
            elif r.random() < 0.6:
                fm.append(f"{key}: [{', '.join(p.roles)}]")
            else:
                fm.append(f"{key}:\n" + "\n".join(f"  - {x}" for x in p.roles))
        # level
        if r.random() < 0.85:
            key = "level" if r.random() < 0.85 else "seniority"
            val = p.level if r.random() < 0.8 else p.level.capitalize()
            fm.append(f"{key}: {val}")
        # company / title
        x = r.random()
        key = "company" if x < 0.7 else "organization" if x < 0.85 else "org"
        if r.random() < 0.03:
            fm.append(f"{key}:")
        elif r.random() < 0.35:
            fm.append(f'{key}: "[[{p.company}]]"')
            self.linked_companies.setdefault(p.company, None)
        else:
            fm.append(f"{key}: {p.company}")
        if r.random() < 0.8:
            key = r.choice(["title", "title", "title", "position", "job title"])
            fm.append(f"{key}: {r.choice(TITLES)}")
        # cadence
        if r.random() < 0.55:
            key = r.choice(
                [
                    "cadence",
                    "cadence",
                    "cadence",
                    "frequency",
                    "contact frequency",
                    "keep in touch",
                    "prm-cadence",
                ]
            )
            val = r.choice(CADENCES)
            fm.append(f'{key}: "{val}"' if val.isdigit() and r.random() < 0.5 else f"{key}: {val}")
        # last contact
        if r.random() < 0.6:
            key = r.choice(
                [
                    "last_contact",
                    "last_contact",
                    "lastContacted",
                    "last contacted",
                    "prm-last-contacted",
                    "Last Contact",
                    "last_interaction",
                    "date_last_spoken",
                ]
            )
            d = self.recent_date(900)
            y = r.random()
            if y < 0.001:
                val = "2026-13-45"  # looks like a date, is none
            elif y < 0.01:
                val = iso(self.today + dt.timedelta(days=r.randint(3, 60)))  # future
            elif y < 0.10:
                val = f"{iso(d)} {r.randint(7, 22):02d}:{r.randint(0, 59):02d}"
            elif y < 0.15:
                val = f"{iso(d)}T{r.randint(7, 22):02d}:{r.randint(0, 59):02d}:00"
            else:
                val = iso(d)
            fm.append(f"{key}: {val}")
        # met
        if r.random() < 0.7:
            key = r.choice(["met", "met", "met", "first_contact", "first met", "since"])
            if r.random() < 0.04:
                d = self.today - dt.timedelta(days=r.randint(0, 80))  # new connection
                self.new_people.append(p)
            else:
                d = self.rand_date(self.today - dt.timedelta(days=365 * 15), self.today)
            fm.append(f"{key}: {iso(d)}")
        # status
        if p.status != "active" or r.random() < 0.3:
            fm.append(f"status: {p.status}")
        if r.random() < 0.01:
            key = r.choice(["snooze_until", "snooze", "prm-snooze-until"])
            fm.append(f"{key}: {iso(self.today + dt.timedelta(days=r.randint(-30, 90)))}")
        # birthday
        if r.random() < 0.4:
            key = r.choice(["birthday", "birthday", "bday", "prm-birthday"])
            y = r.randint(1950, 2003)
            m, dd = r.randint(1, 12), r.randint(1, 28)
            fm.append(f"{key}: {y}-{m:02d}-{dd:02d}" if r.random() < 0.7 else f'{key}: "{m:02d}-{dd:02d}"')
        # email
        if r.random() < 0.6:
            local = (
                unicodedata.normalize("NFKD", f"{p.first}.{p.last}")
                .encode("ascii", "ignore")
                .decode()
                .lower()
                .replace(" ", "")
                or "someone"
            )
            key = "email" if r.random() < 0.9 else "e-mail"
            if r.random() < 0.2:
                fm.append(f"{key}:\n  - {local}@example.com\n  - {local}@example.org")
            else:
                fm.append(f"{key}: {local}@example.com")
        x = r.random()
        if x < 0.3:
            fm.append("tags: [person]")
        elif x < 0.4:
            fm.append("tags:\n  - person/work\n  - network")
        elif x < 0.5:
            fm.append("type: person")
        if r.random() < 0.1:
            fm.append(f"phone: +1 555 {r.randint(1000000, 9999999)}")
        if r.random() < 0.002:
            fm.append("last_contcat: 2024-01-01")  # a typo of a known key

        body: list[str] = ["---", *fm, "---", ""]
        if r.random() < 0.6:
            body.append(f"# {p.name}\n")
        body.append(self.prose(self.skewed(PERSON_PROSE)))
        body.append("")
        if r.random() < 0.15:
            body.append("## Notes\n")
            body.append(f"- Works on the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}")
            body.append(f"- Introduced by {self.mention(self.pick_people(1)[0])}")
            if r.random() < 0.3:
                due = self.today + dt.timedelta(days=r.randint(-40, 40))
                body.append(f"- [ ] send them the {r.choice(NOUNS)} 📅 {iso(due)}")
            body.append("")
        n_log = min(15, int(r.random() ** 1.5 * 16))
        if n_log or r.random() < 0.3:
            heading = r.choice(LOG_HEADINGS)
            body.append(f"## {heading}\n")
            dates = sorted((self.recent_date(1500) for _ in range(n_log)), reverse=r.random() < 0.7)
            for d in dates:
                if r.random() < 0.002:
                    d = self.today + dt.timedelta(days=r.randint(1, 30))
                y = r.random()
                ds = iso(d)
                head = ds if y < 0.6 else f"**{ds}**" if y < 0.8 else f"[[{ds}]]"
                line = f"- {head} {r.choice(LOG_ACTIONS)} {r.choice(NOUNS)}"
                t = r.random()
                if t < 0.2:
                    line += " #gave"
                elif t < 0.32:
                    line += " #asked"
                body.append(line)
                if r.random() < 0.08:
                    body.append(f"    - follow-up: {r.choice(self.sentences)}")
            body.append("")
        return "\n".join(body)

    # ---- daily notes -----------------------------------------------------------------

    def daily_note(self, d: dt.date) -> str:
        r = self.rng
        lines: list[str] = []
        if r.random() < 0.3:
            lines += ["---", "tags: [daily]", f"mood: {r.randint(1, 10)}", "---", ""]
        if r.random() < 0.5:
            lines.append(f"# {iso(d)}")
        else:
            lines.append(f"# {WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year}")
        lines.append("")
        people = self.pick_people(r.randint(1, 6))
        prose_total = self.skewed(DAILY_PROSE)
        chunks = r.randint(1, 3)
        lines.append("## Notes\n")
        for i, p in enumerate(people):
            how = r.random()
            m = self.mention(p)
            if how < 0.35:
                tag = r.choice(["", "", "", " #gave", " #asked", " #1on1"])
                lines.append(f"- {r.choice(DAILY_ACTIONS)} {m}{tag}")
            elif how < 0.55:
                lines.append(
                    f"{r.choice(self.sentences)} Talked to {m} about the {r.choice(NOUNS)}. {r.choice(self.sentences)}"
                )
            elif how < 0.70:
                due = d + dt.timedelta(days=r.randint(1, 30))
                lines.append(f"- [ ] Follow up with {m} about the {r.choice(NOUNS)} 📅 {iso(due)}")
            elif how < 0.80:
                lines.append(f"- [x] Called {m} ✅ {iso(d)}")
            elif how < 0.86:
                lines.append(f"> [!note] Met {m}\n> {r.choice(self.sentences)}")
            elif how < 0.90:
                lines.append(f"> {m} said: {r.choice(self.sentences)}")
            else:
                lines.append(f"Lunch with {m} and the {r.choice(ADJECTIVES)} crowd.")
            if i < chunks:
                lines.append("")
                lines.append(self.prose(prose_total // chunks))
                lines.append("")
        if r.random() < 0.02:
            lines.append(f"- Coffee with [[{r.choice(FIRST_NAMES)} Smiht]]")  # near miss
        lines.append("")
        lines.append("## Tasks\n")
        for _ in range(r.randint(0, 4)):
            due = d + dt.timedelta(days=r.randint(-3, 30))
            if r.random() < 0.5:
                lines.append(f"- [ ] {r.choice(VERBS).capitalize()} the {r.choice(NOUNS)} 📅 {iso(due)}")
            else:
                lines.append(f"- [x] {r.choice(VERBS).capitalize()} the {r.choice(NOUNS)}")
        if r.random() < 0.05:
            lines.append(f"- [-] Cancelled: {r.choice(NOUNS)}")
        if r.random() < 0.06:
            lines.append("")
            lines.append(r.choice(CODE_SNIPPETS))
        if r.random() < 0.05:
            lines.append(f"\nInline code: `[[{r.choice(self.people).name}]]` is not a link.")
        if r.random() < 0.05:
            lines.append(f"\n%% private: {r.choice(self.sentences)} %%")
        if r.random() < 0.1:
            lines.append(f"\nTags: {r.choice(TAGS)} {r.choice(TAGS)}")
        lines.append("")
        return "\n".join(lines)

    # ---- meetings, plans, extras -----------------------------------------------------

    def meeting_note(self, d: dt.date, topic: str) -> str:
        r = self.rng
        attendees = self.pick_people(r.randint(1, 6))
        x = r.random()
        if x < 0.6:
            att = "attendees: [" + ", ".join(f'"[[{p.name}]]"' for p in attendees) + "]"
        elif x < 0.85:
            att = "attendees:\n" + "\n".join(f'  - "[[{p.name}]]"' for p in attendees)
        else:
            att = "attendees:\n" + "\n".join(f"  - [[{p.name}]]" for p in attendees)
        y = r.random()
        if y < 0.5:
            date = iso(d)
        elif y < 0.8:
            date = f"{iso(d)} {r.randint(8, 18):02d}:{r.choice(['00', '30'])}"
        else:
            date = f"{iso(d)}T{r.randint(8, 18):02d}:{r.choice(['00', '15', '30'])}"
        fm = ["---", f"date: {date}", att]
        if r.random() < 0.5:
            fm.append("type: meeting")
        if r.random() < 0.4:
            fm.append("tags: [meeting]")
        fm += ["---", ""]
        lines = [*fm, f"# {topic}", "", "## Agenda", ""]
        for _ in range(r.randint(1, 4)):
            lines.append(f"- {r.choice(ADJECTIVES).capitalize()} {r.choice(NOUNS)}")
        lines += ["", "## Notes", "", self.prose(self.skewed(MEETING_PROSE)), ""]
        lines += ["## Action items", ""]
        for p in attendees[: r.randint(0, len(attendees))]:
            due = d + dt.timedelta(days=r.randint(1, 21))
            box = "x" if r.random() < 0.5 else " "
            lines.append(f"- [{box}] {self.mention(p)} to share the {r.choice(NOUNS)} 📅 {iso(due)}")
        lines.append("")
        return "\n".join(lines)

    def plan_note(self, year: int, q: int) -> str:
        r = self.rng
        lines = [
            "---",
            "type: plan",
            f"quarter: {year}-Q{q}",
            "---",
            "",
            f"# Networking plan {year}-Q{q}",
            "",
            "## Goals",
            "",
            self.prose(r.randint(150, 400)),
            "",
        ]
        qstart = dt.date(year, 3 * q - 2, 1)
        sections = [
            ("Senior", "senior"),
            ("Peers", "peer"),
            ("Junior", "junior"),
            ("New connections", ""),
        ]
        for heading, level in sections:
            lines += [f"## {heading}", ""]
            current = (self.today - qstart).days < 92
            pool = self.by_level[level] if level else self.new_people if current else []
            if not pool:
                pool = self.people
            for _ in range(r.randint(2, 6)):
                p = r.choice(pool)
                due = qstart + dt.timedelta(days=r.randint(5, 85))
                x = r.random()
                if x < 0.3:
                    lines.append(f"- {self.mention(p)}: ask about the {r.choice(NOUNS)}")
                elif x < 0.65:
                    lines.append(f"- [ ] Coffee with {self.mention(p)} 📅 {iso(due)}")
                else:
                    done = min(due, self.today)
                    lines.append(f"- [x] Lunch with {self.mention(p)} ✅ {iso(done)}")
            if level == "" and r.random() < 0.5:
                lines.append(f"- [ ] Go to the {r.choice(ADJECTIVES)} meetup and meet three new people")
            lines.append("")
        return "\n".join(lines)

    def broken_notes(self, n: int) -> None:
        """Notes that must not crash a reader: each gets a VK0xx diagnostic."""
        r = self.rng
        names = [full for _, _, full in self.make_names(self.n_people + n)]
        existing = {p.name.casefold(): None for p in self.people}
        extra = [x for x in names if x.casefold() not in existing][:n]
        kinds = ["unclosed", "invalid-yaml", "duplicate-key", "latin-1", "nul", "placeholder"]
        for i in range(n):
            kind = kinds[i % len(kinds)]
            name = extra[i] if i < len(extra) else f"Broken Person {i:04d}"
            folder = "People" if i % 2 == 0 else "Inbox"
            rel = f"{folder}/{name}.md"
            body = f"\n{self.prose(r.randint(100, 400))}\n\n## Log\n\n- 2025-01-0{1 + i % 9} call\n"
            if kind == "unclosed":
                self.w.write(rel, f"---\nroles: [peer]\nlevel: peer\n{body}", "broken")
            elif kind == "invalid-yaml":
                self.w.write(rel, f"---\nroles: [peer\nlevel: : senior\n  bad: indent\n---\n{body}", "broken")
            elif kind == "duplicate-key":
                self.w.write(rel, f"---\nrole: peer\nlevel: junior\nRole: mentor\n---\n{body}", "broken")
            elif kind == "latin-1":
                text = f"---\nrole: friend\ncompany: Café Müller\n---\nRenée à Zürich.{body}"
                self.w.write(rel, text.encode("latin-1"), "broken")
            elif kind == "nul":
                text = f"---\nrole: peer\n---\n{body}"
                data = text.encode("utf-8")
                self.w.write(rel, data[:40] + b"\x00\x00\x00" + data[40:], "broken")
            else:
                self.w.write(
                    rel,
                    f"---\ncreated: {{{{date}}}}\nrole: {{{{role}}}}\n---\n# {{{{title}}}}\n{body}",
                    "broken",
                )

    def extras(self) -> None:
        w = self.w
        w.write(
            ".obsidian/daily-notes.json",
            json.dumps({"folder": "Daily", "format": "YYYY-MM-DD"}) + "\n",
            "config",
        )
        w.write(".obsidian/templates.json", json.dumps({"folder": "Templates"}) + "\n", "config")
        w.write(".obsidian/app.json", json.dumps({"alwaysUpdateLinks": True}) + "\n", "config")
        w.write(
            "Templates/Person.md",
            "---\naliases: []\nroles: []\nlevel:\ncompany:\ntitle:\ncadence:\n"
            "last_contact:\nmet: {{date}}\nstatus: active\n---\n# {{title}}\n\n"
            "## Log\n\n- {{date}} \n",
            "template",
        )
        w.write(
            "Templates/Daily.md",
            "# {{date:dddd, D MMMM YYYY}}\n\n## Notes\n\n## Tasks\n\n- [ ] \n",
            "template",
        )
        w.write(
            "Templates/Meeting.md",
            '---\ndate: {{date}} {{time}}\nattendees: ["[[]]"]\ntype: meeting\n---\n'
            "# {{title}}\n\n## Agenda\n\n## Notes\n\n## Action items\n",
            "template",
        )
        w.write(
            "Templates/Plan.md",
            '---\ntype: plan\nquarter: <% tp.date.now("YYYY") %>-Q<% tp.date.now("Q") %>'
            "\n---\n## Senior\n\n## Peers\n\n## Junior\n\n## New connections\n",
            "template",
        )
        w.write(".trash/Old note.md", "# deleted\n\n[[Zoë Núñez]]\n", "ignored")
        w.write(
            "Drawings/Whiteboard.excalidraw.md",
            "---\nexcalidraw-plugin: parsed\n---\n# Text Elements\n[[Nobody]]\n",
            "ignored",
        )
        w.write("Attachments/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(256), "attachment")
        w.write("README.md", "# My vault\n\nPeople in [[People]], plans in Plans/.\n", "other")
        for c in self.linked_companies:
            w.write(
                f"Companies/{c}.md",
                f"---\ntype: company\n---\n# {c}\n\n{self.prose(150)}\n",
                "company",
            )

    # ---- main ------------------------------------------------------------------------

    def run(self) -> Stats:
        t0 = time.perf_counter()
        r = self.rng
        self.build_people()
        for p in self.people:
            crlf = r.random() < 0.01
            bom = r.random() < 0.005
            self.w.write(f"People/{p.file_stem}.md", self.person_note(p), "person", crlf=crlf, bom=bom)
        for i in range(self.n_daily):
            d = self.start + dt.timedelta(days=i)
            self.w.write(f"Daily/{iso(d)}.md", self.daily_note(d), "daily", crlf=r.random() < 0.005)
        used: dict[str, None] = {}
        for _ in range(self.n_meetings):
            d = self.rand_date(self.start, self.today)
            name = f"{iso(d)} {r.choice(TOPICS)}"
            k = 2
            base = name
            while name.casefold() in used:
                name = f"{base} ({k})"
                k += 1
            used[name.casefold()] = None
            self.w.write(f"Meetings/{name}.md", self.meeting_note(d, name[11:]), "meeting")
        q = (self.today.month - 1) // 3 + 1
        year = self.today.year
        quarters: list[tuple[int, int]] = []
        for _ in range(8):
            quarters.append((year, q))
            q -= 1
            if q == 0:
                year, q = year - 1, 4
        for year, q in reversed(quarters):
            self.w.write(f"Plans/{year}-Q{q}.md", self.plan_note(year, q), "plan")
        total_notes = self.n_people + self.n_daily + self.n_meetings
        self.broken_notes(max(6, round(total_notes * BROKEN_SHARE)))
        self.extras()
        self.w.stats.seconds = time.perf_counter() - t0
        return self.w.stats


def generate(
    out: Path | str,
    n_people: int,
    n_daily: int,
    seed: int = 1,
    *,
    end: dt.date = DEFAULT_END,
    n_meetings: int | None = None,
    force: bool = False,
    first_name_aliases: bool = False,
    same_alias: str | None = None,
) -> Stats:
    """Write a vault into ``out`` (must be empty or missing unless ``force``)."""
    root = Path(out)
    if root.exists() and any(root.iterdir()):
        if not force:
            raise FileExistsError(f"{root} exists and is not empty (use --force)")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    return VaultGenerator(
        root,
        n_people,
        n_daily,
        seed,
        end,
        n_meetings,
        first_name_aliases=first_name_aliases,
        same_alias=same_alias,
    ).run()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("out", metavar="OUT_DIR", help="folder to write the vault into")
    ap.add_argument(
        "--size",
        choices=sorted(SIZES),
        default=None,
        help="small (1k people), large (10k people), huge (~100k notes)",
    )
    ap.add_argument("--people", type=int, default=None, help="number of person notes")
    ap.add_argument("--daily", type=int, default=None, help="number of daily notes")
    ap.add_argument(
        "--meetings",
        type=int,
        default=None,
        help="number of meeting notes (default 5%% of the daily notes)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--end",
        type=dt.date.fromisoformat,
        default=DEFAULT_END,
        help="date of the last daily note (default %(default)s)",
    )
    ap.add_argument("--force", action="store_true", help="replace a non-empty OUT_DIR")
    shared = ap.add_mutually_exclusive_group()
    shared.add_argument(
        "--first-name-aliases",
        action="store_true",
        help=f"give everyone their first name as an alias, from {FIRST_NAME_POOL} common first names",
    )
    shared.add_argument(
        "--same-alias",
        metavar="NAME",
        type=link_name,
        help="give everyone the alias NAME (the worst case for duplicate and ambiguous names)",
    )
    args = ap.parse_args(argv)
    people, daily = SIZES[args.size or "small"]
    if args.people is not None:
        people = args.people
    if args.daily is not None:
        daily = args.daily
    if people < 1 or daily < 0:
        ap.error("--people must be at least 1 and --daily at least 0")
    try:
        stats = generate(
            args.out,
            people,
            daily,
            args.seed,
            end=args.end,
            n_meetings=args.meetings,
            force=args.force,
            first_name_aliases=args.first_name_aliases,
            same_alias=args.same_alias,
        )
    except FileExistsError as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(stats.kinds.items()))
    print(f"{args.out}: {stats.files} files, {stats.bytes / 1e6:.1f} MB ({kinds}) in {stats.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
