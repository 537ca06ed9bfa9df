"""Loading a vault: config, layout, index and model, in one place every front end shares."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vaultkit.config import Config, load_config
from vaultkit.discovery import Layout, find_root, read_layout, walk
from vaultkit.index import Changes, Index, Progress
from vaultkit.model import Vault


@dataclass
class Loaded:
    vault: Vault
    changes: Changes
    index: Index
    seconds: dict[str, float]


class Workspace:
    """A vault on disk with its index; `load()` brings the index up to date and builds the model."""

    def __init__(self, vault: str | Path | None = None, config: str | Path | None = None) -> None:
        self.root = find_root(vault)
        self.config: Config = load_config(self.root, Path(config) if config else None)
        self.layout: Layout = read_layout(self.config)
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            caps = (self.config.max_note_bytes, self.config.max_frontmatter_bytes)
            self._index = Index(self.root, self.config.fingerprint, caps)
        return self._index

    def load(self, today: date, rebuild: bool = False, progress: Progress | None = None) -> Loaded:
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        files, others = walk(self.root, self.layout)
        seconds["walk"] = time.perf_counter() - started
        index = self.index
        if rebuild:
            index.rebuild()
        changes = index.update(files, progress)
        seconds.update(changes.seconds)
        started = time.perf_counter()
        vault = Vault(self.config, self.layout, today, dict(index.notes), tuple(others))
        seconds["model"] = time.perf_counter() - started
        return Loaded(vault, changes, index, seconds)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
