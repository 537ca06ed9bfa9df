"""Link resolution as Obsidian does it, comparing names case-insensitively after NFC."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
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

    def moved(self, notes: Collection[str], added: Collection[str], removed: Collection[str]) -> None:
        """Files added and removed since the maps were made: the maps become exactly what a new
        resolver over the files now would make (`notes`: every note now; the rest are others).

        Every file of one name is in that name's list, notes first, each part sorted; of the
        files of one path (differing in case or normalisation only), the first there opens.
        """
        by_name, by_path = self.by_name, self.by_path
        for path in [*removed, *added]:
            key = fold_name(_stem(path))
            found = [p for p in by_name.get(key, ()) if p != path]
            if path in added:
                found.append(path)
            mine = [p for p in found if p in notes]
            ordered = [*sorted(mine), *sorted(p for p in found if p not in notes)]
            if ordered:
                by_name[key] = ordered
            else:
                by_name.pop(key, None)
            path_key = _path_key(path)
            first = next((p for p in ordered if _path_key(p) == path_key), None)
            if first is None:
                by_path.pop(path_key, None)
            else:
                by_path[path_key] = first
        self._cache.clear()
        self._raw.clear()

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


def _path_key(path: str) -> str:
    """A note's path without `.md` (every note's ends so), another file's as it is, folded."""
    return fold_name(_without_md(path))


def _without_md(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path
