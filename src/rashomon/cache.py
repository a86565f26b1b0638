"""Parsed resources kept as pickles in the user cache directory, so each start reads them fast.

A cache file's name carries what it depends on (a version or a hash of the source), so a changed
source is rebuilt, never read stale; a read-only home still works, only slower to start."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from platformdirs import user_cache_dir

T = TypeVar("T")


def pickled(name: str, build: Callable[[], T], stale: str | None = None) -> T:
    """The object cached under ``name`` (a relative path in the cache), built and stored when
    missing or unreadable; files matching the glob ``stale`` beside it are earlier versions and
    are removed when a new one is written."""
    cache = Path(user_cache_dir("rashomon")) / name
    try:
        with cache.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    value = build()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
        for old in cache.parent.glob(stale) if stale else ():
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
