"""Name normalisation and the "near" test shared by keys, roles and person names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime


def literal(value: object) -> str:
    """A value as YAML or TOML writes it, for messages: 'text', true, null, 2026-01-02, [a, b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"
    return repr(value)


def note_name(target: str) -> str:
    """The name a link's target gives a note: `People/Ana Nunez.md` → `Ana Nunez`."""
    name = target.rsplit("/", 1)[-1]
    return name[:-3] if name[-3:].lower() == ".md" else name


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_name(text: str) -> str:
    """Case-insensitive comparison form of a note name or alias (NFC, casefold)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).casefold()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_accents(text: str) -> str:
    """Case- and accent-insensitive form: `Ana Núñez` and `ana nunez` are one."""
    if text.isascii():
        return text.lower()
    return nfc(strip_accents(text).casefold())


_KEY_NOISE = str.maketrans("", "", "-_ \t")


def normalize_key(key: str) -> str:
    """Loose key matching: case, `-`, `_` and spaces ignored (`Last Contact` = `lastContact`)."""
    return key.casefold().translate(_KEY_NOISE)


def normalize_word(word: str) -> str:
    """Like `normalize_key`, accents ignored too: the form edit distances are measured on."""
    return normalize_key(strip_accents(word))


def is_near(word: str, known: str) -> bool:
    """True when `word` is a likely misspelling of `known` (both already normalised).

    Not equal (a plural counts as equal), and within 1 edit of a known word of 5-7 characters
    or 2 edits of one of 8 or more; words under 5 characters are never near anything.
    """
    if len(word) < 5 or len(known) < 5 or word in (known, known + "s"):
        return False
    limit = 1 if len(known) <= 7 else 2
    if abs(len(word) - len(known)) > limit:
        return False
    from rapidfuzz.distance import DamerauLevenshtein  # only when needed: start-up counts for hooks

    return bool(DamerauLevenshtein.distance(word, known, score_cutoff=limit) <= limit)


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known word (normalised) that `word` is near, the closest first; None if none."""
    from rapidfuzz.distance import DamerauLevenshtein

    best: tuple[int, str] | None = None
    for candidate in known:
        if is_near(word, candidate):
            distance = DamerauLevenshtein.distance(word, candidate)
            if best is None or distance < best[0]:
                best = (distance, candidate)
    return best[1] if best else None
