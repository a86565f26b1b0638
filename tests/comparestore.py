"""A store of the invented articles for comparison (tests/data/compare/articles), and the same
plus a hostile piece of the same summit whose title, outlet and sentences carry markup."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from webstore import PAYLOAD

from rashomon import api

ARTICLES = ROOT / "tests" / "data" / "compare" / "articles"
# It gives the summit a third duration, so that its sentence is evidence of a contradiction.
HOSTILE = (
    "---\n"
    f'title: <img src=x onerror="{PAYLOAD}">日米首脳会談の速報\n'
    "date: 2026-03-05\n"
    f"outlet: 速報ネット<script>{PAYLOAD}</script>\n"
    "language: ja\n"
    "---\n\n"
    f"石破茂首相とトランプ米大統領は2026年3月3日、ワシントンのホワイトハウスで首脳会談を行った<script>{PAYLOAD}</script>。\n\n"
    f'首脳会談は3時間に及んだ<img src=x onerror="{PAYLOAD}">。\n'
)


def build_compare(folder: Path, hostile: bool) -> Path:
    paths = [ARTICLES]
    if hostile:
        (folder / "articles").mkdir()
        (folder / "articles" / "z_hostile_ja.md").write_text(HOSTILE, encoding="utf-8")
        paths.append(folder / "articles")
    db = folder / "compare.sqlite"
    with api.open_store(db) as store:
        result = api.analyse(paths, store)
        assert not result.errors, result.errors
    return db
