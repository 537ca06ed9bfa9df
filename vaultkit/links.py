"""Link resolution as Obsidian does it, comparing names case-insensitively after NFC."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import NamedTuple

from vaultkit.note import MARKDOWN, Link
from vaultkit.text import fold_name


class Resolution(NamedTuple):
    path: str | None  # the file the link opens, or None
    candidates: tuple[str, ...]  # every file the name matched when there were several


UNRESOLVED = Resolution(None, ())


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


class Resolver:
    """Every file of the vault by name and by path; resolves link targets."""

    def __init__(self, notes: Iterable[str], others: Iterable[str]) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.by_path: dict[str, str] = {}
        for path in sorted(notes):
            self._add(path, fold_name(path[:-3]), fold_name(_stem(path)))
        for path in sorted(others):
            key = fold_name(path[:-3] if path.lower().endswith(".md") else path)
            self._add(path, key, fold_name(_stem(path)))
        self._cache: dict[str, Resolution] = {}  # by folded target
        self._raw: dict[str, Resolution] = {}  # by target as written, when not ambiguous

    @classmethod
    def from_maps(cls, by_name: dict[str, list[str]], by_path: dict[str, str]) -> Resolver:
        """A resolver from the maps of another one over the same files (kept between runs)."""
        resolver = cls((), ())
        resolver.by_name = by_name
        resolver.by_path = by_path
        return resolver

    def _add(self, path: str, path_key: str, name_key: str) -> None:
        self.by_path.setdefault(path_key, path)
        self.by_name.setdefault(name_key, []).append(path)

    def resolve(self, link: Link, source: str) -> Resolution:
        """The file that `link`, written in the note at `source`, opens."""
        return self.resolve_target(link.target, link.kind, source)

    def resolve_target(self, target: str, kind: str, source: str) -> Resolution:
        """The file a link of `kind` to `target`, written in the note at `source`, opens."""
        hit = self._raw.get(target)
        if hit is not None and kind != MARKDOWN:
            return hit
        if kind == MARKDOWN and target.startswith(("./", "../")):
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            if joined.startswith("../") or joined == "..":
                return UNRESOLVED
            # A relative path names one file, even when it ends up in the vault's root folder.
            key = fold_name(joined[:-3] if joined.lower().endswith(".md") else joined)
            path = self.by_path.get(key)
            return Resolution(path, ()) if path is not None else UNRESOLVED
        key = fold_name(target.strip().lstrip("/"))
        if key.endswith(".md"):
            key = key[:-3]
        cached = self._cache.get(key)
        if cached is not None and len(cached.candidates) < 2:
            return cached
        result = self._lookup(key, source)
        self._cache[key] = result
        if len(result.candidates) < 2:
            self._raw[target] = result
        return result

    def _lookup(self, key: str, source: str) -> Resolution:
        if "/" in key:
            exact = self.by_path.get(key)
            if exact is not None:
                return Resolution(exact, ())
            suffix = "/" + key
            name = key.rsplit("/", 1)[-1]
            matches = [p for p in self.by_name.get(name, ()) if fold_name(_without_md(p)).endswith(suffix)]
            if not matches:
                return UNRESOLVED
            return Resolution(min(matches, key=lambda p: (len(p), p)), ())
        candidates = self.by_name.get(key)
        if not candidates:
            return UNRESOLVED
        if len(candidates) == 1:
            return Resolution(candidates[0], ())
        folder = fold_name(posixpath.dirname(source))
        same = [p for p in candidates if fold_name(posixpath.dirname(p)) == folder]
        chosen = same[0] if same else min(candidates, key=lambda p: (len(p), p))
        return Resolution(chosen, tuple(candidates))


def _without_md(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path
