"""Finding the person a misspelt name meant, quickly even among 10,000 people."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from vaultkit.note import MARKDOWN
from vaultkit.text import fold_accents, is_near, normalize_word

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault
    from vaultkit.note import Link


def written(link: Link) -> str:
    """A link as the note has it (its target and kind), for a message: `[[Ana]]`, `[Ana](Ana.md)`."""
    bang = "!" if link.embed else ""
    if link.kind == MARKDOWN:
        return f"{bang}[{link.display or ''}]({quote(link.target)}{link.subpath})"
    return f"{bang}[[{link.target}{link.subpath}]]"


def _names(vault: Vault) -> tuple[list[str], list[Person], dict[str, Person]]:
    key = "names"
    if key not in vault.memo:
        words: list[str] = []
        owners: list[Person] = []
        folded: dict[str, Person] = {}
        for person in vault.people:
            for name in person.names:
                words.append(normalize_word(name))
                owners.append(person)
                folded.setdefault(fold_accents(name), person)
        vault.memo[key] = (words, owners, folded)
    result: tuple[list[str], list[Person], dict[str, Person]] = vault.memo[key]
    return result


def near_person(vault: Vault, target: str) -> Person | None:
    """The person whose name or alias `target` equals after folding case and accents, or is near."""
    cache: dict[str, Person | None] = vault.memo.setdefault("near", {})
    if target in cache:
        return cache[target]
    _, _, folded = _names(vault)
    found = folded.get(fold_accents(target))
    word = normalize_word(target)
    if found is None and len(word) >= 5 and any(c.isalpha() for c in word):  # `[[2025-03-14]]` names nobody
        window, people = _by_length(vault, len(word))
        # Levenshtein is at most twice Damerau-Levenshtein, and rapidfuzz computes it bit-parallel:
        # a cheap, exact pre-filter before the real test.
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        close = process.extract(word, window, scorer=Levenshtein.distance, score_cutoff=4, limit=None)
        for _, _, index in sorted(close, key=lambda hit: hit[1]):
            if is_near(word, window[index]):
                found = people[index]
                break
    cache[target] = found
    return found


def _by_length(vault: Vault, length: int) -> tuple[list[str], list[Person]]:
    """The names within two characters of `length`: no name further off can be near."""
    buckets: dict[int, tuple[list[str], list[Person]]] = vault.memo.setdefault("names-by-length", {})
    if length not in buckets:
        words, owners, _ = _names(vault)
        pairs = [(w, p) for w, p in zip(words, owners, strict=True) if abs(len(w) - length) <= 2]
        buckets[length] = ([w for w, _ in pairs], [p for _, p in pairs])
    return buckets[length]


def closest_person(vault: Vault, target: str) -> Person | None:
    """The nearest person by name for a "did you mean", looser than `near_person`."""
    found = near_person(vault, target)
    if found is not None:
        return found
    words, owners, _ = _names(vault)
    word = normalize_word(target)
    if len(word) < 3 or not words:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    best = process.extractOne(word, words, scorer=DamerauLevenshtein.normalized_distance, score_cutoff=0.34)
    return owners[best[2]] if best else None
