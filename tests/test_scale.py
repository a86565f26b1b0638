"""Scale: incremental merging equals merging everything at once; N workers store what one does;
a killed run leaves a sound store that a re-run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS
from dbs import BACKENDS, store_location
from storecontent import store_content, wait_for_documents

from rashomon.gazetteer import default_gazetteer
from rashomon.pipeline import analyze_paths, analyze_text, remerge
from rashomon.store import Store

# short texts written for these tests: more meetings, dates and places to merge or keep apart
OWN = {
    "a.txt": "日米首脳会談\n2025年8月20日\n\n石破首相とトランプ大統領は8月19日、ワシントンで会談した。"
             "両首脳は関税について協議した。\n",
    "b.txt": "米露首脳が再会談\n2025年8月21日\n\nトランプ大統領とプーチン大統領は8月15日、アンカレッジで会談した。"
             "会談後の記者会見でプーチン氏は協力を呼びかけた。\n",
    "c.txt": "Leaders meet in Washington\n2025-08-20\n\nPresident Trump met Prime Minister Ishiba in Washington"
             " on August 19. They discussed tariffs.\n",
    "d.txt": "Summit\n2025-08-18\n\nPresident Trump met President Putin in Anchorage on August 15, 2025.\n",
}


def _own(tmp_path: Path) -> Path:
    folder = tmp_path / "own"
    folder.mkdir()
    for name, text in OWN.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _events(store: Store) -> set[tuple]:
    """Every event as what it says: category, actors, date, place, status and its mentions."""
    return {
        (e.event, tuple(sorted(a.identifier_text or a.code or a.entity_text for a in e.actors)), e.date, e.place,
         e.status, frozenset((m.document, m.sentence, m.start, m.end, m.trigger) for m in e.mentions))
        for e in store.events()
    }


def test_merging_batch_by_batch_equals_merging_everything(tmp_path):
    inputs = [EXAMPLES, _own(tmp_path), *([SEEDS] if SEEDS.is_dir() else [])]
    with Store(tmp_path / "s.sqlite") as store:
        for folder in inputs:  # several runs, each in batches of two documents
            report = analyze_paths([folder], store, batch_size=2)
            assert not report.errors
        incremental = _events(store)
        assert len({m for e in incremental for m in e[5]}) > 20
        # some event holds accounts from documents stored in different batches
        assert any(len({m[0] for m in e[5]}) > 2 for e in incremental)
        remerge(store, default_gazetteer())  # everything at once
        assert _events(store) == incremental


def test_two_workers_store_what_one_does(tmp_path):
    own = _own(tmp_path)
    for n in (1, 2):
        with Store(tmp_path / f"w{n}.sqlite") as store:
            report = analyze_paths([EXAMPLES, own], store, workers=n, batch_size=4)
            assert not report.errors and len(report.added) > 8
    one, two = store_content(tmp_path / "w1.sqlite"), store_content(tmp_path / "w2.sqlite")
    assert one["events"] and one == two


def _analyze(folder: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.Popen([str(Path(sys.executable).parent / "rashomon"), "analyze", str(folder), "--db", str(db),
                             "--workers", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_9_leaves_a_sound_store_and_a_rerun_completes_it(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    texts = list(OWN.values())
    for i in range(40):  # distinct documents: each adds a line of its own
        (folder / f"{i:03}.txt").write_text(texts[i % len(texts)] + f"第{i}版の追記。\n", encoding="utf-8")
    db = tmp_path / "k.sqlite"
    proc = _analyze(folder, db)
    wait_for_documents(proc, db, 3, 120)  # kill it once some documents are in
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert 0 < partial < 40
    assert _analyze(folder, db).wait() == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = con.execute("SELECT path, count(*) FROM documents GROUP BY content_hash").fetchall()
    assert len(rows) == 40 and all(n == 1 for _, n in rows)
    assert con.execute("SELECT count(*) FROM documents WHERE merged = 0").fetchone()[0] == 0
    con.close()
    with Store(db) as store:  # what the interrupted run left unmerged is merged now
        merged = _events(store)
        remerge(store, default_gazetteer())
        assert _events(store) == merged


def test_sentences_store_offsets_and_only_normalised_text_and_maps(tmp_path):
    from rashomon.pipeline import analyze_text

    doc = analyze_text("見出し\n2025年8月20日\n\n㈱ＡＢＣの社長は　８月１９日、東京で記者会見した。\n", "m.txt")
    assert any(s.starts != list(range(s.start, s.start + len(s.text))) for s in doc.sentences)
    with Store(tmp_path / "m.sqlite") as store:
        doc_id = store.add_document(doc).doc_id
        back = store.get(doc_id).doc
        assert [(s.text, s.starts, s.ends) for s in back.sentences] == [(s.text, s.starts, s.ends) for s in doc.sentences]
        assert [e.text for e in back.entities] == [e.text for e in doc.entities]
        hit = store.search("ABCの社長")[0]  # found by its normalised text, shown at its original offsets
        assert doc.text[hit.match_start:hit.match_end] == "ＡＢＣの社長"
        assert store.search("見出し")[0].passage == "見出し"
    con = sqlite3.connect(tmp_path / "m.sqlite")
    rows = con.execute("SELECT s.text, s.starts, s.ends, s.start, s.end FROM sentences s").fetchall()
    con.close()
    # the original text: offsets only; the normalised one: its text and its map as a few runs
    assert ("見出し", None, None) not in rows and (None, None, None, 0, 3) in rows
    normalised = [r for r in rows if r[0] is not None]
    assert len(normalised) == 1 and len(normalised[0][1]) < 2 * len(normalised[0][0])


def test_a_store_from_before_kept_states_and_offset_only_blocks_is_converted(tmp_path):
    from alembic import command

    from rashomon.store import _alembic_config

    db = tmp_path / "old.sqlite"
    with Store(db) as store:
        analyze_paths([EXAMPLES], store)
        blocks = [(b.start, b.end, b.text) for sd in store.documents() for b in sd.doc.blocks]
        linked = store.stats()["linked_mentions"]
        # back to the schema before: block text copied, no merge state kept
        with store.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                config = _alembic_config(store.engine)
                config.attributes["connection"] = conn
                command.downgrade(config, "0003_merged")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM event_mentions WHERE event_id IS NOT NULL").fetchone()[0] == linked
    assert sorted(con.execute("SELECT start, end, text FROM blocks").fetchall()) == sorted(blocks)
    assert "state" not in {r[1] for r in con.execute("PRAGMA table_info(events)")}
    con.close()
    with Store(db) as store:  # opening converts it; events without a state are rebuilt when joined
        assert sorted((b.start, b.end, b.text) for sd in store.documents() for b in sd.doc.blocks) == sorted(blocks)
        assert not analyze_paths([_own(tmp_path)], store, batch_size=2).errors
        incremental = _events(store)
        assert any(len({m[0] for m in e[5]}) > 1 for e in incremental)
        remerge(store, default_gazetteer())
        assert _events(store) == incremental


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_0007_keeps_every_record_and_search_result(tmp_path, backend):
    from alembic import command

    from rashomon.store import _alembic_config

    def seen(store: Store) -> tuple:
        docs = [(sd.doc.sentences, sd.doc.entities, sd.doc.events) for sd in store.documents()]
        hits = [[(h.doc_id, h.sentence, h.passage, h.start, h.end, h.match_start, h.match_end, h.score)
                 for h in store.search(q)] for q in ("ABCの社長", "会談", "Putin", "首脳", "東京")]
        return docs, hits, _events(store)

    with store_location(backend, tmp_path) as where:
        with Store(where) as store:
            analyze_paths([EXAMPLES, _own(tmp_path)], store, batch_size=2)
            store.add_document(analyze_text("見出し\n\n㈱ＡＢＣの社長は　８月１９日、東京で記者会見した。\n", "n.txt"))
            before = seen(store)
            assert all(before[1]) and before[2]
            with store.engine.connect() as conn:  # back to the schema before: copies and actor objects
                if backend == "sqlite":
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
                with conn.begin():
                    config = _alembic_config(store.engine)
                    config.attributes["connection"] = conn
                    command.downgrade(config, "0006_postgresql")
                    assert conn.exec_driver_sql("SELECT count(*) FROM sentences WHERE text IS NULL").scalar() == 0
                    actors = conn.exec_driver_sql("SELECT actors FROM event_mentions WHERE actors::text <> '[]'"
                                                  if backend == "postgresql" else
                                                  "SELECT actors FROM event_mentions WHERE actors <> '[]'").scalar()
                    assert "entity_text" in str(actors)
        with Store(where) as store:  # opening migrates it again
            assert seen(store) == before
            with store.engine.connect() as conn:
                plain = conn.exec_driver_sql("SELECT count(*) FROM sentences WHERE starts IS NULL").scalar()
            assert plain > 0


def test_search_scores_are_fts5_bm25_with_positions(tmp_path):
    """The index keeps no positions (migration 0008); search checks each term in the text and
    ranks as FTS5's own bm25 over an index with positions does: same sentences, order, scores."""
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        analyze_paths([EXAMPLES, _own(tmp_path)], store, batch_size=2)
        store.add_document(analyze_text("見出し\n\n㈱ＡＢＣの社長は　８月１９日、東京で記者会見した。ABCabc\n", "n.txt"))
        store.add_document(analyze_text("Talks\n\nThe talks on talks went on: talkstalks talks. ABCABCABC.\n", "t.txt"))
    con = sqlite3.connect(db)
    assert "detail=none" in con.execute("SELECT sql FROM sqlite_schema WHERE name = 'sentences_fts'").fetchone()[0]
    con.execute("CREATE VIRTUAL TABLE ref USING fts5(text, content='sentence_texts', content_rowid='id',"
                " tokenize='trigram')")
    con.execute("INSERT INTO ref(ref) VALUES ('rebuild')")
    con.commit()

    def expected(match: str) -> list[tuple]:
        return con.execute(
            "SELECT s.doc_id, s.idx, bm25(ref) AS score FROM ref JOIN sentences s ON s.id = ref.rowid"
            " JOIN documents d ON d.id = s.doc_id WHERE ref MATCH ? AND d.is_latest ORDER BY score, s.id LIMIT 20",
            (match,)).fetchall()

    # terms of three characters or more (shorter ones are found by a scan, not through the index)
    cases = [("首脳会談", None, '"首脳会談"'), ("プーチン大統領", None, '"プーチン大統領"'), ("ABC", None, '"ABC"'),
             ("abcの社長", None, '"abcの社長"'), ("abcabc", None, '"abcabc"'), ("TALKS", None, '"TALKS"'), ("talks went", None, '"talks" AND "went"'),
             ("トランプ 大統領", None, '"トランプ" AND "大統領"'),
             ("", [["Putin", "プーチン"], ["首脳会談", "met"]], '("Putin" OR "プーチン") AND ("首脳会談" OR "met")')]
    with Store(db) as store:
        for query, alternatives, match in cases:
            want = expected(match)
            assert want, match
            assert [(h.doc_id, h.sentence, h.score) for h in store.search(query, alternatives=alternatives)] == want
    con.close()


def test_an_entity_kind_is_stored_once_and_entities_come_back_whole(tmp_path):
    texts = {"k1.txt": "会談\n\nトランプ大統領とプーチン大統領は会談した。トランプ大統領は記者会見した。\n",
             "k2.txt": "Talks\n\nPresident Trump met President Putin. Trump spoke to reporters.\n"}
    db = tmp_path / "k.sqlite"
    with Store(db) as store:
        for name, text in texts.items():
            doc = analyze_text(text, name)
            back = store.get(store.add_document(doc).doc_id).doc
            assert back.entities == doc.entities and len(doc.entities) > 2
    con = sqlite3.connect(db)
    kinds, keys = con.execute("SELECT count(*), count(DISTINCT key) FROM entity_kinds").fetchone()
    assert kinds == keys < con.execute("SELECT count(*) FROM entities").fetchone()[0]
    assert {"type", "identifier_text", "code"}.isdisjoint(r[1] for r in con.execute("PRAGMA table_info(entities)"))
    con.close()
