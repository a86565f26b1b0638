from __future__ import annotations

import copy
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from dbs import BACKENDS, pg_database

from rashomon.records import (
    ActorRef,
    Block,
    Document,
    Entity,
    Event,
    EventMention,
    Sentence,
    Statement,
    TimeExpression,
)
from rashomon.store import HEAD_REVISION, MIGRATIONS_DIR, Store, default_db_path

PUTIN = ActorRef("プーチン", "Vladimir Putin", "RUS", "GOV")
TRUMP = ActorRef("トランプ", "Donald Trump", "USA", "GOV")
PUTIN_EN = ActorRef("Putin", "Vladimir Putin", "RUS", "GOV")
TRUMP_EN = ActorRef("Trump", "Donald Trump", "USA", "GOV")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _sentence(text: str, original: str, index: int, block: int) -> Sentence:
    """Sentence for ``text[start:start+len(original)]`` with hard line breaks joined."""
    start = text.index(original)
    starts: list[int] = []
    ends: list[int] = []
    for offset, char in enumerate(original):
        if char != "\n":
            starts.append(start + offset)
            ends.append(start + offset + 1)
    return Sentence(index, start, start + len(original), original.replace("\n", ""), block, starts, ends)


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def japanese_doc(path: str = "news/ja-1.txt", extra: str = "") -> Document:
    title = "米露首脳会談"
    s1 = "プーチン大統領は15日、アラスカでトランプ大統領と会談した。"
    s2 = "両首脳は停戦について\n協議した。"
    s3 = "プーチン氏は「対話を続ける」と述べた。"
    text = f"{title}\n{s1}\n{s2}\n{s3}\n{extra}"
    h = _hash(text)
    body_start = len(title) + 1
    sentences = [
        _sentence(text, title, 0, 0),
        _sentence(text, s1, 1, 1),
        _sentence(text, s2, 2, 1),
        _sentence(text, s3, 3, 1),
    ]
    body_end = sentences[-1].end
    p0, p1 = _span(text, "プーチン", body_start)
    a0, a1 = _span(text, "アラスカ")
    t0, t1 = _span(text, "トランプ")
    d0, d1 = _span(text, "15日")
    q0, q1 = _span(text, "対話を続ける")
    p2, p3 = _span(text, "プーチン", sentences[3].start)
    return Document(
        path=path,
        text=text,
        content_hash=h,
        format="text",
        encoding="utf-8",
        language="ja",
        title=title,
        title_en="US-Russia summit",
        publication_date="2025-08-16",
        authors=["山田太郎"],
        translators=[],
        outlet="サンプル新聞",
        original_outlet=None,
        genre="news",
        url="https://example.org/ja/1",
        blocks=[
            Block("title", 0, len(title), title),
            Block("body", body_start, body_end, text[body_start:body_end]),
        ],
        sentences=sentences,
        entities=[
            Entity("プーチン", p0, p1, "PERSON", "Vladimir Putin", "RUS", "GOV", 1, "dictionary"),
            Entity("アラスカ", a0, a1, "LOCATION", "Alaska", None, None, 1, "model"),
            Entity("トランプ", t0, t1, "PERSON", "Donald Trump", "USA", "GOV", 1, "dictionary"),
            Entity("プーチン", p2, p3, "PERSON", "Vladimir Putin", "RUS", "GOV", 3, "rule"),
        ],
        time_expressions=[TimeExpression("15日", d0, d1, "2025-08-15", "partial", 1)],
        statements=[Statement(PUTIN, "対話を続ける", q0, q1, "2025-08-15", "述べる", 3)],
        events=[
            EventMention(
                event="CONSULT",
                actors=[PUTIN],
                recipients=[TRUMP],
                mode=["meet"],
                context=["diplomacy"],
                date="2025-08-15",
                place="Alaska",
                status="happened",
                trigger="会談",
                start=sentences[1].start,
                end=sentences[1].end,
                sentence=1,
                document=h,
            )
        ],
        warnings=["publication date taken from file name"],
    )


def english_doc() -> Document:
    title = "Leaders meet in Alaska"
    s1 = "Putin and Trump met in Alaska on Friday."
    s2 = "Officials said talks would continue next month."
    text = f"{title}\n\n{s1} {s2}\n"
    h = _hash(text)
    sentences = [_sentence(text, title, 0, 0), _sentence(text, s1, 1, 1), _sentence(text, s2, 2, 1)]
    return Document(
        path="news/en-1.html",
        text=text,
        content_hash=h,
        format="html",
        language="en",
        title=title,
        publication_date="2025-08-16",
        outlet="Example Wire",
        blocks=[
            Block("title", 0, len(title), title),
            Block("body", sentences[1].start, sentences[2].end, text[sentences[1].start:sentences[2].end]),
        ],
        sentences=sentences,
        events=[
            EventMention(
                event="CONSULT",
                actors=[PUTIN_EN],
                recipients=[TRUMP_EN],
                date="2025-08-15",
                place="Alaska",
                trigger="met",
                start=sentences[1].start,
                end=sentences[1].end,
                sentence=1,
                document=h,
            )
        ],
    )


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, on SQLite (in a folder still to be made) and on PostgreSQL."""
    if request.param == "sqlite":
        s = Store(tmp_path / "nested" / "dir" / "rashomon.sqlite")
        yield s
        s.close()
        return
    with pg_database() as url:
        s = Store(url)
        yield s
        s.close()


def _schema(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall())


def _current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# --------------------------------------------------------------------------- migrations


def test_head_revision_is_the_newest_migration() -> None:
    # a store at HEAD_REVISION opens without Alembic: a new migration must move it
    assert HEAD_REVISION == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_store_behind_head_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with Store(db) as first:
        first.add_document(japanese_doc())
    from alembic import command

    from rashomon.store import _alembic_config

    engine = sa.create_engine(f"sqlite:///{db}")
    config = _alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007_store_size")
    engine.dispose()
    with Store(db) as again:
        assert _current_revision(again) == HEAD_REVISION
        assert again.stats()["documents"] == 1


def test_migrations_create_schema_then_noop(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "store.sqlite"
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    with Store(db) as first:
        assert _current_revision(first) == head
        tables = set(sa.inspect(first.engine).get_table_names())
    assert db.exists()
    assert {
        "documents",
        "blocks",
        "sentences",
        "entities",
        "time_expressions",
        "statements",
        "event_mentions",
        "events",
        "warnings",
        "sentences_fts",
        "alembic_version",
    } <= tables
    before = _schema(db)
    with Store(str(db)) as second:
        assert _current_revision(second) == head
        with second.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    assert _schema(db) == before


def test_in_memory_and_url(tmp_path: Path) -> None:
    with Store(":memory:") as mem:
        assert mem.add_document(japanese_doc()).status == "new"
        assert mem.stats()["documents"] == 1
    with Store(f"sqlite:///{tmp_path / 'u' / 'x.sqlite'}") as by_url:
        assert by_url.stats()["documents"] == 0
    assert (tmp_path / "u" / "x.sqlite").exists()


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RASHOMON_DB", raising=False)
    assert default_db_path().name == "rashomon.sqlite"
    monkeypatch.setenv("RASHOMON_DB", str(tmp_path / "env.sqlite"))
    assert default_db_path() == tmp_path / "env.sqlite"
    with Store() as s:
        assert s.stats()["documents"] == 0
    assert (tmp_path / "env.sqlite").exists()


# --------------------------------------------------------------------------- documents


def test_round_trip_every_record_type(store: Store) -> None:
    ja, en = japanese_doc(), english_doc()
    r1 = store.add_document(ja)
    r2 = store.add_document(en)
    assert (r1.status, r1.previous_id) == ("new", None)
    assert r2.status == "new" and r2.doc_id != r1.doc_id

    stored = store.get(r1.doc_id)
    assert stored is not None
    assert stored.id == r1.doc_id and stored.is_latest and stored.version_of is None
    assert stored.ingested_at is not None
    assert stored.doc == ja
    assert store.get(str(r2.doc_id)).doc == en  # type: ignore[union-attr]
    assert store.get("news/en-1.html").doc == en  # type: ignore[union-attr]
    assert store.get(ja.content_hash[:10]).id == r1.doc_id  # type: ignore[union-attr]
    assert store.get(ja.content_hash.upper()[:10]).id == r1.doc_id  # type: ignore[union-attr]
    assert store.get(999) is None
    assert store.get("no/such/path.txt") is None

    assert [d.doc for d in store.documents()] == [ja, en]
    assert store.has_hash(en.content_hash) == r2.doc_id
    assert store.has_hash("0" * 64) is None
    counts = store.stats()
    assert counts["documents"] == 2
    assert counts["sentences"] == 7
    assert counts["entities"] == 4
    assert counts["statements"] == 1
    assert counts["event_mentions"] == 2
    assert counts["warnings"] == 1


def test_duplicate_writes_nothing(store: Store) -> None:
    first = store.add_document(japanese_doc())
    before = store.stats()
    again = store.add_document(japanese_doc())
    assert again.status == "duplicate"
    assert again.doc_id == first.doc_id
    assert store.stats() == before
    # same content under another path is still the same document
    assert store.add_document(japanese_doc(path="elsewhere/copy.txt")).status == "duplicate"
    assert store.stats() == before


def test_new_content_at_same_path_is_a_version(store: Store) -> None:
    old = store.add_document(japanese_doc())
    new = store.add_document(japanese_doc(extra="追記：会談は3時間に及んだ。\n"))
    assert new.status == "version"
    assert new.previous_id == old.doc_id

    latest = store.documents()
    assert [d.id for d in latest] == [new.doc_id]
    everything = store.documents(latest_only=False)
    assert [d.id for d in everything] == [old.doc_id, new.doc_id]
    assert everything[0].is_latest is False
    assert everything[1].version_of == old.doc_id
    assert store.get("news/ja-1.txt").id == new.doc_id  # type: ignore[union-attr]
    assert store.get(old.doc_id).doc.text == japanese_doc().text  # type: ignore[union-attr]
    # search looks at the latest version unless asked otherwise
    assert {h.doc_id for h in store.search("プーチン")} == {new.doc_id}
    assert {h.doc_id for h in store.search("プーチン", latest_only=False)} == {old.doc_id, new.doc_id}
    third = store.add_document(japanese_doc(extra="別の追記。\n"))
    assert third.previous_id == new.doc_id
    assert store.stats()["latest_documents"] == 1


# --------------------------------------------------------------------------- search


def test_search_japanese_short_query_falls_back_to_substring(store: Store) -> None:
    doc_id = store.add_document(japanese_doc()).doc_id
    store.add_document(english_doc())
    hits = store.search("米露")
    assert len(hits) == 1
    hit = hits[0]
    text = japanese_doc().text
    assert (hit.doc_id, hit.path, hit.title) == (doc_id, "news/ja-1.txt", "米露首脳会談")
    assert hit.passage == "米露首脳会談"
    assert text[hit.start : hit.end] == hit.passage
    assert text[hit.match_start : hit.match_end] == "米露"  # type: ignore[misc]
    assert hit.score is None
    assert store.search("露") and not store.search("仏")


def test_search_japanese_trigram(store: Store) -> None:
    store.add_document(english_doc())
    store.add_document(japanese_doc())
    text = japanese_doc().text
    hits = store.search("プーチン")
    assert [h.sentence for h in hits] and {h.sentence for h in hits} == {1, 3}
    for hit in hits:
        assert text[hit.start : hit.end] == hit.passage
        assert "プーチン" in hit.passage
        assert text[hit.match_start : hit.match_end] == "プーチン"  # type: ignore[misc]
        assert hit.score is not None
    assert hits == sorted(hits, key=lambda h: h.score)  # type: ignore[arg-type, return-value]

    # a sentence joined across a hard line break still maps back to the original offsets
    (joined,) = store.search("停戦について協議")
    assert joined.passage == "両首脳は停戦について協議した。"
    assert text[joined.start : joined.end] == "両首脳は停戦について\n協議した。"
    assert text[joined.match_start : joined.match_end] == "停戦について\n協議"  # type: ignore[misc]

    # long and short terms together; FTS syntax in the query is taken literally
    assert [h.sentence for h in store.search("米露 首脳会談")] == [0]
    assert store.search('"AND" OR NOT') == []
    assert store.search("   ") == []


def test_search_english(store: Store) -> None:
    store.add_document(japanese_doc())
    doc_id = store.add_document(english_doc()).doc_id
    text = english_doc().text
    hits = store.search("Alaska")
    assert {h.doc_id for h in hits} == {doc_id}
    assert {h.passage for h in hits} == {"Leaders meet in Alaska", "Putin and Trump met in Alaska on Friday."}
    for hit in hits:
        assert text[hit.start : hit.end] == hit.passage
        assert text[hit.match_start : hit.match_end] == "Alaska"  # type: ignore[misc]
    assert [h.passage for h in store.search("alaska friday")] == ["Putin and Trump met in Alaska on Friday."]
    assert len(store.search("Alaska", limit=1)) == 1
    # full-width Latin in the query is normalised like the sentence text
    assert len(store.search("Ａｌａｓｋａ")) == 2


# --------------------------------------------------------------------------- re-analysis


def test_replace_analysis_is_idempotent(store: Store) -> None:
    doc = japanese_doc()
    doc_id = store.add_document(doc).doc_id
    before = store.stats()
    store.replace_analysis(doc_id, doc)
    store.replace_analysis(doc_id, doc)
    assert store.stats() == before
    assert store.get(doc_id).doc == doc  # type: ignore[union-attr]
    assert len(store.search("プーチン")) == 2

    changed = copy.deepcopy(doc)
    changed.entities = changed.entities[:1]
    changed.sentences = changed.sentences[:2]
    changed.title_en = "Summit in Alaska"
    store.replace_analysis(doc_id, changed)
    assert store.get(doc_id).doc == changed  # type: ignore[union-attr]
    assert store.stats()["entities"] == 1
    assert [h.sentence for h in store.search("プーチン")] == [1]  # FTS follows the sentences

    with pytest.raises(ValueError):
        store.replace_analysis(doc_id, english_doc())
    with pytest.raises(KeyError):
        store.replace_analysis(12345, doc)


# --------------------------------------------------------------------------- events


def _events(ja: Document, en: Document) -> list[Event]:
    officials = ActorRef("Officials", None, "USA", "GOV")
    talks = EventMention(
        event="CONSULT",
        actors=[officials],
        status="scheduled",
        date="2025-09",
        trigger="talks",
        start=en.sentences[2].start,
        end=en.sentences[2].end,
        sentence=2,
        document=en.content_hash,
    )
    return [
        Event(
            id="ev-summit",
            event="CONSULT",
            actors=[PUTIN],
            recipients=[TRUMP],
            mode=["meet"],
            context=["diplomacy"],
            date="2025-08-15",
            place="Alaska",
            status="happened",
            mentions=[ja.events[0], en.events[0]],
        ),
        Event(
            id="ev-talks",
            event="CONSULT",
            actors=[officials],
            recipients=[],
            mode=[],
            context=[],
            date="2025-09-01",
            place=None,
            status="scheduled",
            mentions=[talks],
        ),
        Event(
            id="ev-undated",
            event="DISAPPROVE",
            actors=[TRUMP],
            recipients=[PUTIN],
            mode=[],
            context=[],
            date=None,
            place=None,
            status="happened",
            mentions=[],
        ),
    ]


def test_events_save_and_filter(store: Store) -> None:
    ja, en = japanese_doc(), english_doc()
    store.add_document(ja)
    store.add_document(en)
    events = _events(ja, en)
    store.save_events(events)
    counts = store.stats()
    assert counts["events"] == 3
    assert counts["linked_mentions"] == 3
    assert counts["event_mentions"] == 3  # the "talks" mention was not stored before

    assert store.events() == events
    assert [e.id for e in store.events(category="consult")] == ["ev-summit", "ev-talks"]
    assert [e.id for e in store.events(actor="RUS")] == ["ev-summit", "ev-undated"]
    assert [e.id for e in store.events(actor="vladimir putin", category="CONSULT")] == ["ev-summit"]
    assert [e.id for e in store.events(actor="Officials")] == ["ev-talks"]
    assert [e.id for e in store.events(since="2025-09")] == ["ev-talks"]
    assert [e.id for e in store.events(until="2025-08")] == ["ev-summit"]
    assert [e.id for e in store.events(since="2025-08-01", until="2025-09-01")] == ["ev-summit", "ev-talks"]
    assert [e.id for e in store.events(source="サンプル新聞")] == ["ev-summit"]
    assert [e.id for e in store.events(source="example wire")] == ["ev-summit", "ev-talks"]
    assert store.events(source="Nobody") == []

    # saving again replaces the table and the links instead of adding to them
    store.save_events(events[:1])
    assert [e.id for e in store.events()] == ["ev-summit"]
    assert store.stats()["linked_mentions"] == 2
    assert store.stats()["event_mentions"] == 3

    # re-analysis keeps links of mentions that come back unchanged
    store.replace_analysis(store.has_hash(ja.content_hash), ja)  # type: ignore[arg-type]
    assert store.events()[0].mentions == events[0].mentions


def test_save_events_with_unknown_document_changes_nothing(store: Store) -> None:
    ja, en = japanese_doc(), english_doc()
    store.add_document(ja)
    store.add_document(en)
    events = _events(ja, en)
    store.save_events(events)
    stray = copy.deepcopy(events[0])
    stray.mentions[0].document = "f" * 64
    with pytest.raises(ValueError):
        store.save_events([stray])
    assert store.events() == events


# --------------------------------------------------------------------------- transactions


def _broken(doc: Document) -> Document:
    # a NOT NULL violation on the last-but-one table: rows before it are already written
    doc.entities.append(Entity("x", 0, 1, None))  # type: ignore[arg-type]
    return doc


def test_failure_mid_document_rolls_back(store: Store) -> None:
    ok = store.add_document(english_doc())
    before = store.stats()
    with pytest.raises(sa.exc.IntegrityError):
        store.add_document(_broken(japanese_doc()))
    assert store.stats() == before
    assert store.has_hash(japanese_doc().content_hash) is None
    assert store.get(ok.doc_id).doc == english_doc()  # type: ignore[union-attr]
    assert store.search("米露") == []

    # a failed new version leaves the old one latest
    old = store.add_document(japanese_doc())
    before = store.stats()
    with pytest.raises(sa.exc.IntegrityError):
        store.add_document(_broken(japanese_doc(extra="続報。\n")))
    assert store.stats() == before
    assert store.get("news/ja-1.txt").id == old.doc_id  # type: ignore[union-attr]

    # and a failed re-analysis keeps the previous analysis
    with pytest.raises(sa.exc.IntegrityError):
        store.replace_analysis(old.doc_id, _broken(japanese_doc()))
    assert store.get(old.doc_id).doc == japanese_doc()  # type: ignore[union-attr]
    assert store.stats() == before
