"""Finding the person a misspelt name meant, quickly even among 10,000 people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from vaultkit.text import fold_accents, is_near, normalize_word

if TYPE_CHECKING:
    from vaultkit.model import Person, Vault


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
    words, owners, folded = _names(vault)
    found = folded.get(fold_accents(target))
    if found is None:
        word = normalize_word(target)
        for _, distance, index in process.extract(
            word, words, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=5
        ):
            if is_near(word, words[index]):
                found = owners[index]
                break
    cache[target] = found
    return found


def closest_person(vault: Vault, target: str) -> Person | None:
    """The nearest person by name for a "did you mean", looser than `near_person`."""
    found = near_person(vault, target)
    if found is not None:
        return found
    words, owners, _ = _names(vault)
    word = normalize_word(target)
    if len(word) < 3 or not words:
        return None
    best = process.extractOne(word, words, scorer=DamerauLevenshtein.normalized_distance, score_cutoff=0.34)
    return owners[best[2]] if best else None
