"""A store of the invented articles for comparison (tests/data/compare/articles), and the same
plus a hostile piece of the same summit whose title, outlet and sentences carry markup."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from webstore import PAYLOAD, analysed

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
    return analysed(folder, ARTICLES, ("z_hostile_ja.md", HOSTILE) if hostile else None, "compare.sqlite")
