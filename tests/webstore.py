"""Stores for the report and web tests: the bundled examples, and the same plus a hostile article."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES

from rashomon import api

# An article whose title and sentences carry markup that would run if it were not escaped.
PAYLOAD = "window.__pwned=1"
HOSTILE = (
    f'<img src=x onerror="{PAYLOAD}">外相会談の記事\n\n'
    "2025年8月20日\n\n"
    f"日本と韓国の外相が20日、東京で会談した<script>{PAYLOAD}</script>。"
    f'両氏は協力の強化で一致した<img src=x onerror="{PAYLOAD}">。\n'
)


def analysed(folder: Path, corpus: Path, hostile: tuple[str, str] | None, name: str) -> Path:
    """A new store in ``folder`` of ``corpus`` and, when given, a hostile article (file name, text)."""
    paths = [corpus]
    if hostile:
        (folder / "articles").mkdir()
        (folder / "articles" / hostile[0]).write_text(hostile[1], encoding="utf-8")
        paths.append(folder / "articles")
    db = folder / name
    with api.open_store(db) as store:
        result = api.analyse(paths, store)
        assert not result.errors, result.errors
    return db


def build(folder: Path, hostile: bool) -> Path:
    """Analyse the examples (and the hostile article) into a new store in ``folder``."""
    return analysed(folder, EXAMPLES, ("hostile.txt", HOSTILE) if hostile else None, "store.sqlite")
