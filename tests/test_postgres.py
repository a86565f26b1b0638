"""PostgreSQL store: the same migrations, the same search results as SQLite, every command.

Needs a server (RASHOMON_TEST_PG, started by .ci/run); skipped without one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import EXAMPLES
from dbs import pg_database
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.records import Block, Document, Sentence
from rashomon.store import MIGRATIONS_DIR, Store
from rashomon.web.app import create_app

runner = CliRunner()


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg_database() as url:
        yield url


# --------------------------------------------------------------------------- migrations


def test_migrations_on_postgresql(pg_url: str) -> None:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    with Store(pg_url) as first:
        with first.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head
        assert first.path is None  # no file to keep out of an analysed folder
        inspector = sa.inspect(first.engine)
        assert {"documents", "sentences", "event_mentions", "events", "document_copies"} <= set(
            inspector.get_table_names())
        assert "ix_sentences_text_trgm" in {i["name"] for i in inspector.get_indexes("sentences")}
    # opening again migrates nothing and keeps one version row
    with Store(pg_url.replace("postgresql+psycopg://", "postgresql://")) as second:
        with second.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
            # the trigram index serves a Japanese substring query (no word boundaries)
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = conn.execute(sa.text("EXPLAIN SELECT id FROM sentences WHERE text ILIKE :p"),
                                {"p": "%大統領%"}).scalars().all()
            assert any("ix_sentences_text_trgm" in line for line in plan), plan


# --------------------------------------------------------------------------- search


def _doc(path: str, lines: list[str], version: str = "") -> Document:
    """A document whose sentences are its lines (offsets into the text, no normalisation)."""
    text = "\n".join(lines) + "\n" + version
    sentences, pos = [], 0
    for i, line in enumerate(lines):
        sentences.append(Sentence(i, pos, pos + len(line), line, 0, list(range(pos, pos + len(line))),
                                  list(range(pos + 1, pos + len(line) + 1))))
        pos += len(line) + 1
    return Document(path=path, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), format="text",
                    encoding="utf-8", language="ja", blocks=[Block("body", 0, len(text), text)], sentences=sentences)


DOCS = [
    _doc("a.txt", ["ロシアの大統領は15日、米国の大統領と首脳会談を行った。", "会談は3時間に及んだ。",
                   "ロシア側は「建設的だった」と述べた。"]),
    _doc("b.txt", ["Putin met Trump in Alaska; the talks lasted three hours.", "PUTIN said the talks were useful.",
                   "The U.S. side gave no details (G7 partners were briefed)."]),
    _doc("c.txt", ["停戦合意には至らなかった。", "両首脳は停戦について協議し、再び会談する方針で一致した。",
                   "ロシア、ロシア、ロシアと繰り返す見出しもあった。"]),
    _doc("d.txt", ["Finance ministers met in Brussels to discuss the budget, 100% of it.",
                   "A C++ library and a_b_c file were mentioned by nobody.", "aaaa aaa aa"]),
    _doc("e.txt", ["首脳会談の成果は乏しいとの見方が広がった。", "ーーーー区切りーーー", "米露の対話は続く。"]),
    _doc("f.txt", ["Talks, talks and more talks: Trump and Putin talked again by phone.", "大統領選の話題ではない。"]),
]
# a later version of a.txt: only the latest is searched by default
NEW_A = _doc("a.txt", ["ロシアの大統領は16日、首脳会談の続きを行った。"], version="v2")

QUERIES = ["首脳会談", "ロシア", "ロシア 大統領", "露", "米露", "会談 3時間", "putin", "PUTIN talks", "Talks",
           "U.S.", "(G7", "c++", "a_b", "100%", "aaa", "ーーー", "停戦 合意", "nothing-here", "大統領"]
ALTERNATIVES = [[["プーチン", "Putin"], ["会談", "talks"]], [["ロシア", "Russia", "putin"]], [["露", "Trump"]]]


def _hits(store: Store, **kwargs) -> list[tuple]:
    return [(h.path, h.sentence, h.passage, h.start, h.end, h.match_start, h.match_end, h.matches, h.snippet,
             None if h.score is None else round(h.score, 9)) for h in store.search(**kwargs)]


def test_search_matches_sqlite(pg_url: str, tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as lite, Store(pg_url) as pg:
        for store in (lite, pg):
            for doc in [*DOCS, NEW_A]:
                store.add_document(doc)
            # re-analysis deletes and inserts sentences (PostgreSQL's running totals follow)
            store.replace_analysis(store.has_hash(DOCS[3].content_hash), DOCS[3])  # type: ignore[arg-type]
        with pg.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT sentences, tokens FROM sentence_stats").one() == conn.exec_driver_sql(
                "SELECT count(*), sum(greatest(length(text) - 2, 0)) FROM sentences").one()
        for query in QUERIES:
            for latest_only in (True, False):
                expected = _hits(lite, query=query, latest_only=latest_only)
                assert _hits(pg, query=query, latest_only=latest_only) == expected, query
        for groups in ALTERNATIVES:
            assert _hits(pg, query="", alternatives=groups) == _hits(lite, query="", alternatives=groups)
        for limit in (1, 2, 3):
            assert _hits(pg, query="talks", limit=limit) == _hits(lite, query="talks", limit=limit)
        # the cases above are not vacuous: ranked, unranked and empty answers are all among them
        assert len(_hits(lite, query="ロシア")) == 2 and len(_hits(lite, query="ロシア", latest_only=False)) == 4
        assert _hits(lite, query="露")[0][-1] is None
        assert _hits(lite, query="ロシア")[0][0] == "c.txt"  # three times in one sentence ranks first
        assert _hits(lite, query="nothing-here") == []


# --------------------------------------------------------------------------- every command


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _without_column(table: str, name: str) -> list[list[str]]:
    rows = [line.split("\t") for line in table.splitlines()]
    i = rows[0].index(name)
    return [row[:i] + row[i + 1:] for row in rows]


def _web_answers(db: str) -> list[str]:
    """What the web app (`rashomon serve`) answers on this store."""
    with Store(db) as store, TestClient(create_app(store, "t" * 32), base_url="http://127.0.0.1") as client:
        pages = ["/api/stats", "/api/documents", "/api/documents/1", "/api/search?q=首脳会談", "/api/events",
                 "/api/timeline", "/api/compare", "/events", "/search?q=Putin"]
        answers = [client.get(page) for page in pages]
    assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
    return [a.text for a in answers]


def test_commands_on_postgresql_match_sqlite(pg_url: str, tmp_path: Path) -> None:
    lite = str(tmp_path / "s.sqlite")
    outputs = {}
    for db in (lite, pg_url):
        _run("analyze", str(EXAMPLES), "--db", db, "--workers", "1", "--json")
        again = _run("analyze", str(EXAMPLES), "--db", db, "--workers", "1", "--json")
        assert '"added": []' in again  # a second run stores nothing twice
        report_dir = tmp_path / ("report-" + db.split(":")[0])
        _run("report", "--db", db, "-o", str(report_dir), "--runs", "0")
        outputs[db] = [
            _run("events", "--db", db, "--json"),
            _run("timeline", "--db", db, "--json"),
            _run("search", "Putin", "--db", db, "--json"),
            _run("search", "首脳会談", "--db", db, "--json"),
            _run("show", "1", "--db", db, "--json"),
            _run("compare", "--db", db, "--json"),
            _run("export", "--db", db, "-f", "plover"),
            _without_column(_run("export", "--db", db, "-f", "cameo"), "DATEADDED"),  # the time of analysis
            _run("export", "--db", db, "-f", "jsonl"),
            sorted(p.name for p in report_dir.iterdir()),
            *_web_answers(db),
        ]
    assert len(outputs[pg_url][0]) > 100 and '«' in outputs[pg_url][2]
    for i, (a, b) in enumerate(zip(outputs[lite], outputs[pg_url], strict=True)):
        assert a == b, f"output {i} differs"


def test_unreachable_server_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["events", "--db", f"postgresql://nobody:secret@/none?host={tmp_path}"])
    assert result.exit_code == 1
    assert "cannot open the store postgresql://nobody:***@/none" in result.output
    assert "secret" not in result.output
