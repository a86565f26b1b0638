"""Search across languages through the actor dictionary, ranked by bm25, with highlighted snippets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.gazetteer import default_gazetteer
from rashomon.query import expand_query

runner = CliRunner()

RECORDS = [
    {"title": "Leaders talk", "date": "2025-09-01", "outlet": "Harbor Wire", "language": "en",
     "text": "Putin spoke with the Finnish president by phone on Monday. Nothing else was said about Putin or Finland, and Putin left."},
    {"title": "首脳が電話", "date": "2025-09-01", "outlet": "東和通信", "language": "ja",
     "text": "プーチン大統領は1日、フィンランドの大統領と電話で協議した。会議は短時間で終わった。"},
    {"title": "Other news", "date": "2025-09-01", "outlet": "Harbor Wire", "language": "en",
     "text": "The finance ministers met in Brussels on Monday to discuss the budget."},
]


def search(db: Path, *args: str) -> list[dict]:
    result = runner.invoke(app, ["search", *args, "--db", str(db), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    (folder / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS),
                                       encoding="utf-8")
    path = folder / "s.sqlite"
    assert runner.invoke(app, ["analyze", str(folder / "news.jsonl"), "--db", str(path)]).exit_code == 0
    return path


def test_a_name_finds_its_spelling_in_the_other_language(db):
    en = search(db, "Putin")
    assert any("プーチン" in h["passage"] for h in en) and any("Putin" in h["passage"] for h in en)
    ja = search(db, "プーチン")
    assert {h["passage"] for h in ja} == {h["passage"] for h in en}
    assert search(db, "putin") and {h["passage"] for h in search(db, "PUTIN")} == {h["passage"] for h in en}
    # without the dictionary only the spelling typed is found
    assert all("Putin" in h["passage"] for h in search(db, "Putin", "--literal"))


def test_every_word_must_match_in_some_spelling(db):
    hits = search(db, "putin finland")
    assert hits and all(("Putin" in h["passage"] or "プーチン" in h["passage"]) and
                        ("Finland" in h["passage"] or "Finnish" in h["passage"] or "フィンランド" in h["passage"])
                        for h in hits)
    assert any("フィンランド" in h["passage"] for h in hits)


def test_ranked_by_bm25_with_highlighted_snippets(db):
    hits = search(db, "Putin")
    scores = [h["score"] for h in hits]
    assert all(s is not None for s in scores) and scores == sorted(scores)
    for h in hits:
        assert h["matches"]
        for a, b in h["matches"]:
            assert h["passage"][a:b].casefold() in {"putin", "プーチン"}
        assert "«" in h["snippet"] and "»" in h["snippet"]
        inner = h["snippet"].split("«", 1)[1].split("»", 1)[0]
        assert inner.casefold() in {"putin", "プーチン"}
    # every occurrence is highlighted
    twice = next(h for h in hits if h["passage"].count("Putin") == 2)
    assert len(twice["matches"]) == 2


def test_expansion_is_dictionary_data():
    groups = expand_query(default_gazetteer(), "Vladimir Putin")
    assert len(groups) == 1 and "プーチン" in groups[0]
    assert expand_query(default_gazetteer(), "budget talks") == [["budget"], ["talks"]]
