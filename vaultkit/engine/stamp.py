"""Which build of vaultkit is running: what every stored result is keyed by."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from vaultkit import __version__


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """vaultkit's own files as they are now, so a result stored by another build is never reused.

    `__version__` alone is not enough: an editable install or one from a branch changes the rules
    without changing the version.
    """
    package = Path(__file__).parent.parent
    parts = [__version__]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package).as_posix()}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()
