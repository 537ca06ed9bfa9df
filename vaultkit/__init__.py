"""vaultkit: keep your professional network alive in a plain-text Markdown vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from vaultkit.api import Vault


def open_vault(path: str | Path, today: date | None = None) -> Vault:
    """Read (and index) the vault at `path`; see `vaultkit.api.Vault`."""
    from vaultkit.api import open_vault as _open

    return _open(path, today=today)


__all__ = ["__version__", "open_vault"]
