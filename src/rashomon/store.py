"""Persistent store for documents, their analysis and merged events.

SQLite by default (one file, WAL), or PostgreSQL by URL, through SQLAlchemy Core.
The schema is owned by the Alembic migrations in ``migrations/``, which run on
every open; the ``Table`` objects below mirror it for queries. Full-text search
is by character trigrams (Japanese has no word boundaries): SQLite FTS5 with the
trigram tokenizer and its bm25, or on PostgreSQL a pg_trgm index with the same
bm25 computed in SQL, so that both rank alike. Everything dialect-specific sits
in the engine setup (``_setup_sqlite``, ``_setup_postgresql``) and the two
search functions.

Writers are serialised on both: SQLite by ``BEGIN IMMEDIATE``, PostgreSQL by a
transaction-level advisory lock, so a read-then-write transaction (is this text
stored? then store it) is safe with several processes writing to one store.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

import platformdirs
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

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

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration's revision: a store already there opens without loading Alembic (half a
# second of every command's start). A test holds it equal to the migrations' head.
HEAD_REVISION = "0008_smaller_store"

# Trigram FTS cannot match anything shorter than three characters.
_MIN_FTS_TERM = 3

# --------------------------------------------------------------------------- schema

metadata = sa.MetaData()


def _doc_fk() -> sa.Column[int]:
    return sa.Column(
        "doc_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )


documents_t = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("path", sa.Text, nullable=False, index=True),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("encoding", sa.String(32), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("title_en", sa.Text),
    sa.Column("publication_date", sa.String(32), index=True),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("translators", sa.JSON, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("original_outlet", sa.Text),
    sa.Column("genre", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version_of", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
    sa.Column("is_latest", sa.Boolean, nullable=False, server_default=sa.true()),
    # false from storing until the document's mentions are merged into events (a run killed in
    # between leaves it false, and the next run merges it)
    sa.Column("merged", sa.Boolean, nullable=False, server_default=sa.true(), index=True),
)

blocks_t = sa.Table(
    "blocks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    # no text: a block is documents.text[start:end]
)

sentences_t = sa.Table(
    "sentences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    # the normalised text, and the per-character map from it back to original offsets as runs
    # of consecutive offsets [[index, offset], ...] (see _pack_offsets; older rows: one offset a
    # character); all three NULL when the text is the original documents.text[start:end]
    # (SQLite; PostgreSQL keeps the text, which its trigram index needs; see _sentence_text)
    sa.Column("text", sa.Text),
    sa.Column("block", sa.Integer, nullable=False),
    sa.Column("starts", sa.JSON),
    sa.Column("ends", sa.JSON),
)

# what an entity is, apart from where: a few hundred kinds in a store of many thousand entities
# (migration 0008); never deleted, so an id once committed stays valid
entity_kinds_t = sa.Table(
    "entity_kinds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),  # the five fields below as JSON (_kind_key)
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("identifier_text", sa.Text),
    sa.Column("code", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
)

entities_t = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),  # NULL when it is documents.text[start:end]
    sa.Column("kind", sa.Integer, nullable=False),  # entity_kinds.id
    sa.Column("sentence", sa.Integer),
)

time_expressions_t = sa.Table(
    "time_expressions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.String(32)),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("sentence", sa.Integer),
)

statements_t = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("speaker_text", sa.Text, nullable=False),
    sa.Column("speaker_identifier", sa.Text),
    sa.Column("speaker_code", sa.String(32), index=True),
    sa.Column("speaker_sector", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("date", sa.String(32)),
    sa.Column("verb", sa.Text),
    sa.Column("sentence", sa.Integer),
)

events_t = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("event", sa.String(32), nullable=False, index=True),
    sa.Column("actors", sa.JSON, nullable=False),
    sa.Column("recipients", sa.JSON, nullable=False),
    sa.Column("mode", sa.JSON, nullable=False),
    sa.Column("context", sa.JSON, nullable=False),
    sa.Column("date", sa.String(32), index=True),
    sa.Column("place", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    # what merging needs to add mentions to the event without reading its earlier ones (see merge)
    sa.Column("state", sa.JSON),
)

event_mentions_t = sa.Table(
    "event_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("sentence", sa.Integer),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("mode", sa.JSON, nullable=False),
    sa.Column("context", sa.JSON, nullable=False),
    sa.Column("actors", sa.JSON, nullable=False),
    sa.Column("recipients", sa.JSON, nullable=False),
    sa.Column("date", sa.String(32)),
    sa.Column("place", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("trigger", sa.Text, nullable=False),
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="SET NULL"), index=True),
    sa.Column("event_rank", sa.Integer),  # position among its event's mentions
)

# another outlet's or URL's copy of a stored text (syndication): counted as a source, analysed once
copies_t = sa.Table(
    "document_copies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("original_outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("publication_date", sa.String(32)),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

warnings_t = sa.Table(
    "warnings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    sa.Column("message", sa.Text, nullable=False),
)

# Per-document analysis tables, in the order they are cleared and written.
_ANALYSIS_TABLES = (
    blocks_t,
    sentences_t,
    entities_t,
    time_expressions_t,
    statements_t,
    event_mentions_t,
    warnings_t,
)

# Document columns that re-analysis may change (text, hash and path identify the document).
_METADATA_FIELDS = (
    "language",
    "title",
    "title_en",
    "publication_date",
    "authors",
    "translators",
    "outlet",
    "original_outlet",
    "genre",
    "url",
)

# --------------------------------------------------------------------------- public types


@dataclass(slots=True)
class AddResult:
    status: Literal["new", "duplicate", "version", "copy"]
    doc_id: int
    previous_id: int | None = None  # for "version": the document this one supersedes; "copy": the copy's id


@dataclass(slots=True)
class StoredDocument:
    id: int
    doc: Document
    version_of: int | None = None
    is_latest: bool = True
    ingested_at: datetime | None = None


@dataclass(slots=True)
class SearchHit:
    doc_id: int
    path: str
    title: str | None
    passage: str  # the matching sentence (normalised text)
    start: int  # original span of the sentence in the document text
    end: int
    sentence: int
    match_start: int | None  # original span of the first matching term, when it can be mapped
    match_end: int | None
    score: float | None  # bm25, lower is better; None for substring fallback matches
    matches: list[tuple[int, int]] = field(default_factory=list)  # every match, as offsets into passage
    snippet: str = ""  # the passage around the first match, each match in «»


@dataclass(slots=True)
class Carrier:
    """One publication of a stored text: the document itself or a copy of it."""

    doc_id: int
    path: str
    url: str | None
    outlet: str | None
    original_outlet: str | None = None
    title: str | None = None
    publication_date: str | None = None
    ingested_at: datetime | None = None
    copy_id: int | None = None  # None for the document itself


@dataclass(slots=True)
class StoredStatement:
    doc_id: int
    path: str
    outlet: str | None
    url: str | None
    publication_date: str | None
    statement: Statement
    content_hash: str = ""


# --------------------------------------------------------------------------- locations


def default_db_path() -> Path:
    """``$RASHOMON_DB`` if set, else ``rashomon.sqlite`` in the user data directory."""
    env = os.environ.get("RASHOMON_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("rashomon")) / "rashomon.sqlite"


def _json(value: Any) -> str:
    """JSON as stored: UTF-8, not \\u escapes (a third of the bytes for Japanese), no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _make_engine(path_or_url: str | Path) -> Engine:
    if isinstance(path_or_url, str) and "://" in path_or_url:
        url = sa.make_url(path_or_url)
        is_sqlite = url.get_backend_name() == "sqlite"
        in_memory = is_sqlite and url.database in (None, "", ":memory:")
        if in_memory:
            engine = sa.create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False},
                                       json_serializer=_json)
        elif url.get_backend_name() == "postgresql":
            engine = _postgresql_engine(url)
        else:
            if is_sqlite and url.database:
                Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": _SQLITE_BUSY_SECONDS} if is_sqlite else {},
                                       json_serializer=_json)
    elif str(path_or_url) == ":memory:":
        # one shared connection, or every checkout would see a fresh empty database
        engine = sa.create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}, json_serializer=_json
        )
    else:
        path = Path(path_or_url).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": _SQLITE_BUSY_SECONDS},
                                   json_serializer=_json)
    if engine.dialect.name == "sqlite":
        _setup_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _setup_postgresql(engine)
    return engine


# How long a writer waits for another process's write lock before trying again, and how often.
_SQLITE_BUSY_SECONDS = 30
_SQLITE_BUSY_TRIES = 10


def _setup_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it would not BEGIN before
        # reads and handles DDL oddly); the "begin" hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # takes effect in a new database only (before its first table): lets compact() give
        # pages that merging the search index frees back to the file system
        cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front so that a read-then-write transaction cannot
        # fail halfway with SQLITE_BUSY when another process writes concurrently; a writer
        # that waited the whole busy timeout (another process merging a large batch) tries again.
        if not conn.get_execution_options().get("rashomon_write", False):
            conn.exec_driver_sql("BEGIN")
            return
        for attempt in range(_SQLITE_BUSY_TRIES):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except sa.exc.OperationalError as exc:
                if "locked" not in str(exc.orig) or attempt == _SQLITE_BUSY_TRIES - 1:
                    raise


# Advisory lock key (any constant bigint) that serialises the store's writers on PostgreSQL.
_PG_WRITE_LOCK = 0x7261_7368_6F6D


def _postgresql_engine(url: sa.URL) -> Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # the driver of the `postgres` extra
    try:
        # Readers see one snapshot for their whole transaction, as on SQLite (a document and
        # its sentences read by several queries come from the same state of the store).
        return sa.create_engine(url, isolation_level="REPEATABLE READ", pool_pre_ping=True,
                                json_serializer=_json)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"a PostgreSQL store needs the {exc.name} driver: pip install 'rashomon[postgres]'"
        ) from exc


def _setup_postgresql(engine: Engine) -> None:
    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer waits for the others, then reads what they committed (read committed:
        # each statement sees the latest commits, so the lock is not taken on a stale snapshot).
        if conn.get_execution_options().get("rashomon_write", False):
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser interpolation
    return config


# --------------------------------------------------------------------------- record <-> row


def _actor_to_json(actor: ActorRef) -> list[str | None]:
    # [entity_text, identifier_text, code, sector]: the field names once in the code, not in every row
    return [actor.entity_text, actor.identifier_text, actor.code, actor.sector]


def actor_from_json(data: list[Any] | dict[str, Any]) -> ActorRef:
    if isinstance(data, dict):  # stores before migration 0007
        return ActorRef(data["entity_text"], data.get("identifier_text"), data.get("code"), data.get("sector"))
    return ActorRef(*data)


def _from_json(value: Any) -> Any:
    """A JSON column as the driver gives it: text on SQLite, already decoded by PostgreSQL's."""
    return json.loads(value) if isinstance(value, str) else value


def _actors_to_json(actors: Sequence[ActorRef]) -> list[list[str | None]]:
    return [_actor_to_json(a) for a in actors]


def _actors_from_json(data: Sequence[dict[str, Any]] | None) -> list[ActorRef]:
    return [actor_from_json(d) for d in data or ()]


def _metadata_row(doc: Document) -> dict[str, Any]:
    row = {name: getattr(doc, name) for name in _METADATA_FIELDS}
    row["authors"] = list(doc.authors)
    row["translators"] = list(doc.translators)
    return row


def _pack_offsets(offsets: Sequence[int]) -> list[list[int]]:
    """Runs of consecutive offsets: [[index, offset], ...], each run going on +1 a character until
    the next. A normalised sentence maps mostly one to one, so this is a few pairs, not one
    number a character."""
    runs: list[list[int]] = []
    for i, v in enumerate(offsets):
        if not runs or v != offsets[i - 1] + 1:
            runs.append([i, v])
    return runs


def _unpack_offsets(data: Sequence[Any] | None, length: int) -> list[int]:
    """The per-character offsets of a stored map, packed (runs) or, in older stores, plain."""
    if not data or not isinstance(data[0], list):
        return list(data or ())
    out: list[int] = []
    for (i, v), nxt in zip(data, [*data[1:], [length, 0]], strict=True):
        out.extend(range(v, v + nxt[0] - i))
    return out


def _mention_row(
    doc_id: int, m: EventMention, event_id: str | None = None, event_rank: int | None = None
) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "sentence": m.sentence,
        "start": m.start,
        "end": m.end,
        "event": m.event,
        "mode": list(m.mode),
        "context": list(m.context),
        "actors": _actors_to_json(m.actors),
        "recipients": _actors_to_json(m.recipients),
        "date": m.date,
        "place": m.place,
        "status": m.status,
        "trigger": m.trigger,
        "event_id": event_id,
        "event_rank": event_rank,
    }


def _mention_from_row(row: Any, content_hash: str) -> EventMention:
    return EventMention(
        event=row.event,
        actors=_actors_from_json(row.actors),
        recipients=_actors_from_json(row.recipients),
        mode=list(row.mode or ()),
        context=list(row.context or ()),
        date=row.date,
        place=row.place,
        status=row.status,
        trigger=row.trigger,
        start=row.start,
        end=row.end,
        sentence=row.sentence,
        document=content_hash,
    )


def _mention_key(
    doc_id: int,
    sentence: int | None,
    start: int,
    end: int,
    event: str,
    trigger: str,
    actors: Any,
    recipients: Any,
) -> tuple[Any, ...]:
    # JSON-canonical actor lists tell apart two mentions of one category in one sentence.
    return (
        doc_id,
        sentence,
        start,
        end,
        event,
        trigger,
        json.dumps(actors, sort_keys=True, ensure_ascii=False),
        json.dumps(recipients, sort_keys=True, ensure_ascii=False),
    )


def _mention_key_of_row(row: Any) -> tuple[Any, ...]:
    return _mention_key(
        row.doc_id, row.sentence, row.start, row.end, row.event, row.trigger,
        _actors_to_json(_actors_from_json(row.actors)), _actors_to_json(_actors_from_json(row.recipients)),
    )


def _mention_key_of_record(doc_id: int, m: EventMention) -> tuple[Any, ...]:
    return _mention_key(
        doc_id,
        m.sentence,
        m.start,
        m.end,
        m.event,
        m.trigger,
        _actors_to_json(m.actors),
        _actors_to_json(m.recipients),
    )


# Columns of each analysis table in the order ``prepare`` fills them (doc_id comes first).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "blocks": ("idx", "kind", "start", "end"),
    "sentences": ("idx", "start", "end", "text", "block", "starts", "ends"),
    "entities": ("start", "end", "text", "kind", "sentence"),
    "time_expressions": ("start", "end", "text", "value", "kind", "sentence"),
    "statements": ("speaker_text", "speaker_identifier", "speaker_code", "speaker_sector", "text", "start", "end",
                   "date", "verb", "sentence"),
    "event_mentions": ("sentence", "start", "end", "event", "mode", "context", "actors", "recipients", "date",
                       "place", "status", "trigger", "event_id", "event_rank"),
    "warnings": ("message",),
}
_DOCUMENT_COLUMNS = ("content_hash", "path", "format", "encoding", "text", *_METADATA_FIELDS)
_RANK = _COLUMNS["event_mentions"].index("event_id")


@dataclass(slots=True)
class PreparedDocument:
    """A document as rows ready to insert: made where it was analysed (a worker process), so
    that the one writing process only inserts them. Plain tuples, JSON already serialised:
    cheap to send between processes, and nothing left to compute but the document's id."""

    document: tuple[Any, ...]  # _DOCUMENT_COLUMNS
    rows: dict[str, list[tuple[Any, ...]]]  # table -> rows in _COLUMNS order, without doc_id
    mention_keys: list[tuple[Any, ...]]  # each mention's key without doc_id (see _mention_key)
    # entity kinds by key (_kind_key), in the order first used; entity rows hold the key until stored
    kinds: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return self.document[0]

    @property
    def path(self) -> str:
        return self.document[1]


def prepare(doc: Document) -> PreparedDocument:
    """``doc``'s rows for the store. A sentence or entity that is its original text keeps only
    its offsets (its text is read back from the document's)."""
    text = doc.text
    sentences = []
    for s in doc.sentences:
        starts, ends = _pack_offsets(s.starts), _pack_offsets(s.ends)
        if (text[s.start:s.end] == s.text and len(s.starts) == len(s.ends) == len(s.text)
                and starts == [[0, s.start]] and ends == [[0, s.start + 1]]):
            sentences.append((s.index, s.start, s.end, None, s.block, None, None))
        else:
            sentences.append((s.index, s.start, s.end, s.text, s.block, _json(starts), _json(ends)))
    mentions, keys = [], []
    for m in doc.events:
        actors, recipients = _actors_to_json(m.actors), _actors_to_json(m.recipients)
        mentions.append((m.sentence, m.start, m.end, m.event, _json(list(m.mode)), _json(list(m.context)),
                         _json(actors), _json(recipients), m.date, m.place, m.status, m.trigger, None, None))
        keys.append(_mention_key(0, m.sentence, m.start, m.end, m.event, m.trigger, actors, recipients)[1:])
    kinds: dict[str, tuple[Any, ...]] = {}
    entities = []
    for e in doc.entities:
        kind = (e.type, e.identifier_text, e.code, e.sector, e.source)
        key = _kind_key(kind)
        kinds.setdefault(key, kind)
        entities.append((e.start, e.end, None if text[e.start:e.end] == e.text else e.text, key, e.sentence))
    rows = {
        "blocks": [(i, b.kind, b.start, b.end) for i, b in enumerate(doc.blocks)],
        "sentences": sentences,
        "entities": entities,
        "time_expressions": [(t.start, t.end, t.text, t.value, t.kind, t.sentence) for t in doc.time_expressions],
        "statements": [(s.speaker.entity_text, s.speaker.identifier_text, s.speaker.code, s.speaker.sector, s.text,
                        s.start, s.end, s.date, s.verb, s.sentence) for s in doc.statements],
        "event_mentions": mentions,
        "warnings": [(w,) for w in doc.warnings],
    }
    document = (doc.content_hash, doc.path, doc.format, doc.encoding, text, *_metadata_row(doc).values())
    return PreparedDocument(document, rows, keys, kinds)


def _kind_key(kind: Sequence[Any]) -> str:
    """An entity kind (type, identifier, code, sector, source) as the text it is found by."""
    return _json(list(kind))


def _stored_kinds(conn: Connection, docs: Sequence[PreparedDocument]) -> dict[str, int]:
    """The ids of the stored entity kinds of ``docs``, by key."""
    k = entity_kinds_t
    keys = sorted({key for d in docs for key in d.kinds})
    out: dict[str, int] = {}
    for part in _chunks(keys):
        out.update((key, kind_id) for key, kind_id in conn.execute(sa.select(k.c.key, k.c.id).where(k.c.key.in_(part))))
    return out


def _insert_analysis(
    conn: Connection,
    doc_id: int,
    prepared: PreparedDocument,
    kinds: dict[str, int],
    links: dict[tuple[Any, ...], list[tuple[str, int | None]]] | None = None,
) -> None:
    """Write all per-document rows of ``prepared`` under ``doc_id``.

    ``kinds``: ids of stored entity kinds by key (``_stored_kinds``); the document's new kinds are
    stored and added to it. ``links`` maps mention keys to (event id, rank) pairs to restore after
    re-analysis.
    """
    rows = prepared.rows
    for key, kind in prepared.kinds.items():
        if key not in kinds:
            kinds[key] = conn.execute(entity_kinds_t.insert().values(
                key=key, **dict(zip(("type", "identifier_text", "code", "sector", "source"), kind, strict=True))
            )).inserted_primary_key[0]
    if rows["entities"]:
        rows = {**rows, "entities": [(start, end, text, kinds[key], sentence)
                                     for start, end, text, key, sentence in rows["entities"]]}
    if links:
        mentions = []
        for row, key in zip(rows["event_mentions"], prepared.mention_keys, strict=True):
            found = links.get((doc_id, *key))
            mentions.append((*row[:_RANK], *found.pop(0)) if found else row)
        rows = {**rows, "event_mentions": mentions}
    for table in _ANALYSIS_TABLES:
        if rows[table.name]:
            _insert_many(conn, table, doc_id, rows[table.name], prepared.document[4])


def _insert_many(conn: Connection, table: sa.Table, doc_id: int, rows: list[tuple[Any, ...]], text: str) -> None:
    """Insert prepared ``rows`` of one document. SQLite gets them straight through its driver:
    SQLAlchemy's per-row parameter handling costs about as much as SQLite's own work, and the
    one writing process's time bounds what parallel workers can gain."""
    cols = _COLUMNS[table.name]
    if conn.dialect.name == "sqlite":
        if table is sentences_t:
            _insert_sentences(conn, doc_id, rows, text)
            return
        names = ", ".join(f'"{c}"' for c in ("doc_id", *cols))
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * (len(cols) + 1))})"
        conn.exec_driver_sql(sql, [(doc_id, *r) for r in rows])
        return
    as_json = [isinstance(table.c[c].type, sa.JSON) for c in cols]
    dicts = [{"doc_id": doc_id, **{c: json.loads(v) if j and v is not None else v
                                   for c, j, v in zip(cols, as_json, r, strict=True)}} for r in rows]
    if table is sentences_t:  # the trigram index of PostgreSQL needs every sentence's text
        for d in dicts:
            if d["text"] is None:
                d["text"] = text[d["start"]:d["end"]]
    conn.execute(table.insert(), dicts)


def _insert_sentences(conn: Connection, doc_id: int, rows: list[tuple[Any, ...]], text: str) -> None:
    """SQLite: sentences and their entries in the search index (migration 0007), which needs each
    sentence's text: the stored one, or the document's slice the row leaves out. The write lock
    is held, so the next ids are known."""
    first = conn.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM sentences").scalar_one()
    names = ", ".join(f'"{c}"' for c in ("id", "doc_id", *_COLUMNS["sentences"]))
    conn.exec_driver_sql(f"INSERT INTO sentences ({names}) VALUES ({', '.join('?' * (len(rows[0]) + 2))})",
                         [(first + i, doc_id, *r) for i, r in enumerate(rows)])
    conn.exec_driver_sql("INSERT INTO sentences_fts(rowid, text) VALUES (?, ?)",
                         [(first + i, text[r[1]:r[2]] if r[3] is None else r[3]) for i, r in enumerate(rows)])


def _load_documents(conn: Connection, where: sa.ColumnElement[bool]) -> list[StoredDocument]:
    """Load full records for the documents matching ``where``, one query per table."""
    doc_rows = conn.execute(sa.select(documents_t).where(where).order_by(documents_t.c.id)).all()
    if not doc_rows:
        return []
    ids = sa.select(documents_t.c.id).where(where).scalar_subquery()
    by_id: dict[int, StoredDocument] = {}
    for r in doc_rows:
        doc = Document(
            path=r.path,
            text=r.text,
            content_hash=r.content_hash,
            format=r.format,
            encoding=r.encoding,
            language=r.language,
            title=r.title,
            title_en=r.title_en,
            publication_date=r.publication_date,
            authors=list(r.authors or ()),
            translators=list(r.translators or ()),
            outlet=r.outlet,
            original_outlet=r.original_outlet,
            genre=r.genre,
            url=r.url,
        )
        by_id[r.id] = StoredDocument(r.id, doc, r.version_of, bool(r.is_latest), r.ingested_at)

    def rows_of(table: sa.Table, *order: sa.ColumnElement[Any]) -> Iterator[tuple[Document, Any]]:
        stmt = sa.select(table).where(table.c.doc_id.in_(ids)).order_by(table.c.doc_id, *order, table.c.id)
        for row in conn.execute(stmt):
            yield by_id[row.doc_id].doc, row

    for doc, r in rows_of(blocks_t, blocks_t.c.idx):
        doc.blocks.append(Block(r.kind, r.start, r.end, doc.text[r.start:r.end]))
    for doc, r in rows_of(sentences_t, sentences_t.c.idx):
        if r.starts is None:  # the original text, mapped one to one (PostgreSQL keeps the text)
            text = doc.text[r.start:r.end] if r.text is None else r.text
            doc.sentences.append(Sentence.from_text(text, r.idx, r.start, r.block))
        else:
            doc.sentences.append(Sentence(r.idx, r.start, r.end, r.text, r.block, _unpack_offsets(r.starts, len(r.text)),
                                          _unpack_offsets(r.ends, len(r.text))))
    e, k = entities_t, entity_kinds_t
    for r in conn.execute(sa.select(e, k.c.type, k.c.identifier_text, k.c.code, k.c.sector, k.c.source)
                          .join(k, k.c.id == e.c.kind).where(e.c.doc_id.in_(ids)).order_by(e.c.doc_id, e.c.id)):
        doc = by_id[r.doc_id].doc
        text = doc.text[r.start:r.end] if r.text is None else r.text
        doc.entities.append(
            Entity(text, r.start, r.end, r.type, r.identifier_text, r.code, r.sector, r.sentence, r.source)
        )
    for doc, r in rows_of(time_expressions_t):
        doc.time_expressions.append(TimeExpression(r.text, r.start, r.end, r.value, r.kind, r.sentence))
    for doc, r in rows_of(statements_t):
        speaker = ActorRef(r.speaker_text, r.speaker_identifier, r.speaker_code, r.speaker_sector)
        doc.statements.append(Statement(speaker, r.text, r.start, r.end, r.date, r.verb, r.sentence))
    for doc, r in rows_of(event_mentions_t):
        doc.events.append(_mention_from_row(r, doc.content_hash))
    for doc, r in rows_of(warnings_t):
        doc.warnings.append(r.message)
    return list(by_id.values())


# --------------------------------------------------------------------------- search


def _normalise_query(query: str) -> list[str]:
    # Sentence text is stored NFKC-normalised, so the query is too (full-width Latin etc.).
    return unicodedata.normalize("NFKC", query).split()


def _normalise_term(term: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", term).split())


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sentence_text(sqlite: bool) -> sa.ColumnElement[str]:
    """A sentence's normalised text, in a query that joins its document: on SQLite a sentence
    that is its original text stores none (see ``prepare``)."""
    s = sentences_t
    if not sqlite:
        return s.c.text
    return sa.func.coalesce(s.c.text, sa.func.substr(documents_t.c.text, s.c.start + 1, s.c.end - s.c.start))


def _hit_columns(text: sa.ColumnElement[str]) -> list[sa.ColumnElement[Any]]:
    return [
        sentences_t.c.doc_id,
        sentences_t.c.idx,
        sentences_t.c.start,
        sentences_t.c.end,
        text.label("text"),
        sentences_t.c.starts,
        sentences_t.c.ends,
        documents_t.c.path,
        documents_t.c.title,
    ]


# bm25 parameters of SQLite FTS5, which both searches reproduce
_BM25_K1 = 1.2
_BM25_B = 0.75


def _sqlite_fts_search(
    conn: Connection, groups: list[list[str]], filters: list[sa.ColumnElement[bool]], limit: int
) -> list[Any]:
    """Rank sentences containing one spelling of every group by FTS5's bm25.

    The one place that knows about FTS5; ``_postgresql_trgm_search`` is its PostgreSQL twin.
    The trigram index keeps which sentences hold each trigram, not where (``detail=none``,
    migration 0008: half the size). It finds the sentences holding every trigram of a
    spelling; this checks the spelling itself in their text and computes the bm25 that FTS5
    computes over an index with positions: the same sentences, order and scores.
    """
    rows_total, tokens_total = _fts_totals(conn)
    if not rows_total:
        return []
    phrases = [t for g in groups for t in g]
    folded = [_fold(t) for t in phrases]
    s, d = sentences_t, documents_t
    fts_table = sa.table("sentences_fts", sa.column("rowid", sa.Integer))
    # the sentences of any version holding some spelling: a spelling's idf counts them all, as
    # FTS5's does; ``wanted``: the ones the filters let through
    match = " OR ".join(_trigram_query(t) for t in dict.fromkeys(phrases))
    rows = conn.execute(
        sa.select(s.c.id, s.c.doc_id, s.c.start, s.c.end, s.c.text, sa.and_(sa.true(), *filters).label("wanted"))
        .select_from(fts_table.join(s, s.c.id == fts_table.c.rowid).join(d, d.c.id == s.c.doc_id))
        .where(sa.literal_column("sentences_fts").op("MATCH")(match))
    ).all()
    originals: dict[int, str] = {}  # each document's text read once, for the sentences that are slices of it
    for part in _chunks(sorted({doc_id for _, doc_id, _, _, text, _ in rows if text is None})):
        originals.update((i, t) for i, t in conn.execute(sa.select(d.c.id, d.c.text).where(d.c.id.in_(part))))
    sizes = [len(g) for g in groups]
    found = [0] * len(phrases)
    matched = []
    # a term that cannot overlap itself is counted by str.count, the others one occurrence at a time
    overlapping = [any(f[:k] == f[-k:] for k in range(1, len(f))) for f in folded]
    for sentence_id, doc_id, start, end, text, wanted in rows:
        if text is None:
            text = originals[doc_id][start:end]
        low = text.lower()
        if len(low) != len(text):
            low = _fold(text)
        freqs = [_occurrences(low, f) if o else low.count(f) for f, o in zip(folded, overlapping, strict=True)]
        for i, freq in enumerate(freqs):
            found[i] += freq > 0
        at, every = 0, bool(wanted)
        for size in sizes:  # one spelling of every group
            every = every and any(freqs[at:at + size])
            at += size
        if every:
            matched.append((sentence_id, len(text), freqs))
    idfs = []
    for n in found:
        idf = math.log((rows_total - n + 0.5) / (n + 0.5))
        idfs.append(idf if idf > 0.0 else 1e-6)
    avgdl = tokens_total / rows_total
    scored = []
    for sentence_id, length, freqs in matched:
        tokens = float(max(length - 2, 0))
        score = 0.0
        for idf, freq in zip(idfs, freqs, strict=True):  # as FTS5's fts5Bm25Function, term by term
            score += idf * ((freq * (_BM25_K1 + 1.0)) / (freq + _BM25_K1 * (1 - _BM25_B + _BM25_B * tokens / avgdl)))
        scored.append((-1.0 * score, sentence_id))
    best = sorted(scored)[:limit]
    hits = {r.sentence_id: r for r in conn.execute(
        sa.select(*_hit_columns(_sentence_text(True)), s.c.id.label("sentence_id"))
        .select_from(s.join(d, d.c.id == s.c.doc_id)).where(s.c.id.in_([i for _, i in best])))}
    return [_Ranked(*hits[i][:-1], score) for score, i in best]


class _Ranked(NamedTuple):
    """A sentence found, as the search queries return it (``_hit_columns`` and a score)."""

    doc_id: int
    idx: int
    start: int
    end: int
    text: str
    starts: Any
    ends: Any
    path: str
    title: str | None
    score: float


def _fold(text: str) -> str:
    """``text`` as the trigram tokenizer compares it (case_sensitive=0): each character in lower case."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _occurrences(text: str, term: str) -> int:
    """Occurrences of ``term`` in ``text``, overlapping ones too (as FTS5 counts a phrase's instances)."""
    n, i = 0, text.find(term)
    while i >= 0:
        n += 1
        i = text.find(term, i + 1)
    return n


def _trigram_query(term: str) -> str:
    """An FTS5 query for the sentences holding every trigram of ``term`` (3 characters or more)."""
    grams = dict.fromkeys(term[i:i + 3] for i in range(len(term) - 2))
    return "(" + " AND ".join('"' + g.replace('"', '""') + '"' for g in grams) + ")"


def _fts_totals(conn: Connection) -> tuple[int, int]:
    """Rows and trigram tokens in the search index, as FTS5's bm25 reads them: the record its
    index keeps at id 1 of ``sentences_fts_data`` (two SQLite varints: rows, then tokens)."""
    block = conn.exec_driver_sql("SELECT block FROM sentences_fts_data WHERE id = 1").scalar()
    if not block:
        return 0, 0
    rows, at = _varint(block, 0)
    tokens, _ = _varint(block, at)
    return rows, tokens


def _varint(buf: bytes, at: int) -> tuple[int, int]:
    """A SQLite varint at ``buf[at:]`` (big-endian 7-bit groups, a ninth byte of 8) and where it ends."""
    value = 0
    for k in range(8):
        b = buf[at + k]
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, at + k + 1
    return (value << 8) | buf[at + 8], at + 9


def _postgresql_trgm_search(
    conn: Connection, groups: list[list[str]], filters: list[sa.ColumnElement[bool]], limit: int
) -> list[Any]:
    """What ``_sqlite_fts_search`` returns, in the same order with the same scores, on PostgreSQL.

    Matching is case-insensitive substring search (ILIKE), which the pg_trgm GIN index on
    sentence text serves for terms of three characters or more. The score is FTS5's bm25 with
    its trigram tokenizer, computed here: a sentence of n characters is n - 2 tokens, each
    spelling is one phrase whose frequency is its (overlapping) occurrences in the sentence and
    whose document frequency is counted over all sentences.
    """
    s = sentences_t
    tokens = sa.func.greatest(sa.func.length(s.c.text) - 2, 0)
    # sentences and their tokens, kept up to date by triggers (migration 0004), as FTS5 keeps them
    stats = sa.table("sentence_stats", sa.column("sentences", sa.BigInteger), sa.column("tokens", sa.BigInteger))
    rows, total = conn.execute(sa.select(stats.c.sentences, stats.c.tokens)).one()
    if not rows:
        return []
    avgdl = float(total) / float(rows)
    phrases = [t for g in groups for t in g]
    found = [  # sentences containing each phrase, through the trigram index
        conn.execute(
            sa.select(sa.func.count()).select_from(s).where(s.c.text.ilike(_like_pattern(t), escape="\\"))
        ).scalar_one()
        for t in phrases
    ]

    def const(x: float) -> sa.ColumnElement[float]:
        return sa.cast(sa.literal(x, sa.Float), sa.Float(precision=53))

    size = sa.cast(tokens, sa.Float(precision=53))
    score: sa.ColumnElement[float] | None = None
    for term, n in zip(phrases, found, strict=True):
        idf = math.log((rows - n + 0.5) / (n + 0.5))
        # every occurrence, overlapping ones too (as FTS5 counts phrase instances)
        pattern = "(?=" + re.sub(r"(\W)", r"\\\1", term) + ")"
        freq = sa.cast(sa.func.regexp_count(s.c.text, pattern, 1, "i"), sa.Float(precision=53))
        part = const(idf if idf > 0 else 1e-6) * (
            (freq * const(_BM25_K1 + 1.0))
            / (freq + const(_BM25_K1) * (const(1 - _BM25_B) + const(_BM25_B) * size / const(avgdl)))
        )
        score = part if score is None else score + part
    assert score is not None
    score_col = (const(-1.0) * score).label("score")
    match = [sa.or_(*(s.c.text.ilike(_like_pattern(t), escape="\\") for t in g)) for g in groups]
    stmt = (
        sa.select(*_hit_columns(s.c.text), score_col)
        .select_from(s.join(documents_t, documents_t.c.id == s.c.doc_id))
        .where(*match, *filters)
        .order_by(score_col, s.c.id)
        .limit(limit)
    )
    return list(conn.execute(stmt))


def _substring_search(conn: Connection, text: sa.ColumnElement[str], filters: list[sa.ColumnElement[bool]],
                      limit: int) -> list[Any]:
    # No index can serve one- and two-character terms: scan, shortest sentences first
    # (a short sentence containing the term is more about it, as bm25 would also judge).
    stmt = (
        sa.select(*_hit_columns(text), sa.null().label("score"))
        .select_from(sentences_t.join(documents_t, documents_t.c.id == sentences_t.c.doc_id))
        .where(*filters)
        .order_by(sa.func.length(text), sentences_t.c.id)
        .limit(limit)
    )
    return list(conn.execute(stmt))


def _match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of any term in ``text`` (longest first where they overlap)."""
    found = sorted(
        (m.start(), -len(t), m.end())
        for t in set(terms)
        for m in re.finditer(re.escape(t), text, re.IGNORECASE)
    )
    spans: list[tuple[int, int]] = []
    for i, _, j in found:
        if not spans or i >= spans[-1][1]:
            spans.append((i, j))
    return spans


def _original_span(row: Any, span: tuple[int, int]) -> tuple[int | None, int | None]:
    """Original offsets of a span of the normalised sentence text."""
    i, j = span
    starts, ends = _unpack_offsets(row.starts, len(row.text)), _unpack_offsets(row.ends, len(row.text))
    if len(starts) == len(row.text) and len(ends) == len(row.text):
        return starts[i], ends[j - 1]
    if row.end - row.start == len(row.text):  # no map stored; text is the original slice
        return row.start + i, row.start + j
    return None, None


def _snippet(text: str, spans: list[tuple[int, int]], width: int = 60) -> str:
    """The text around the first match (``width`` characters each side), matches in «»."""
    if not spans:
        return text[: 2 * width]
    lo = max(0, spans[0][0] - width)
    hi = min(len(text), spans[0][1] + width)
    out, pos = [], lo
    for i, j in spans:
        if i < lo or j > hi:
            continue
        out += [text[pos:i], "«", text[i:j], "»"]
        pos = j
    out.append(text[pos:hi])
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(text) else "")


# --------------------------------------------------------------------------- store


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    """``items`` in parts small enough for one SQL ``IN`` list."""
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def _event_row(e: Event, state: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": e.id,
        "event": e.event,
        "actors": _actors_to_json(e.actors),
        "recipients": _actors_to_json(e.recipients),
        "mode": list(e.mode),
        "context": list(e.context),
        "date": e.date,
        "place": e.place,
        "status": e.status,
        "state": state,
    }


def _insert_events(conn: Connection, events: list[Event], states: dict[str, dict[str, Any]] | None = None,
                   grown: dict[str, int] | None = None, known: dict[int, int] | None = None) -> None:
    """Insert ``events`` and link each of their mentions to an unlinked stored mention (matched by
    document, span, category, trigger and participants), storing the ones not found.

    ``grown``: events already stored (updated, not inserted), by id, with how many mentions they
    had; their ``mentions`` are the ones that join them now. ``known``: the stored row of mentions
    read from the store, by ``id()`` of the record: linked without being looked for."""
    if not events:
        return
    states, grown, known = states or {}, grown or {}, known or {}
    new = [_event_row(e, states.get(e.id)) for e in events if e.id not in grown]
    if new:
        conn.execute(events_t.insert(), new)
    updates = [{**_event_row(e, states.get(e.id)), "event_key": e.id} for e in events if e.id in grown]
    if updates:
        conn.execute(events_t.update().where(events_t.c.id == sa.bindparam("event_key")),
                     [{k: v for k, v in u.items() if k != "id"} for u in updates])
    links: list[dict[str, Any]] = []
    for e in events:
        for rank, m in enumerate(e.mentions, grown.get(e.id, 0)):
            if id(m) in known:
                links.append({"mention_id": known[id(m)], "new_event_id": e.id, "new_rank": rank})
    unknown = [m for e in events for m in e.mentions if id(m) not in known]
    hashes = sorted({m.document for m in unknown if m.document is not None})
    doc_ids: dict[str | None, int] = {}
    for part in _chunks(hashes):
        doc_ids.update(
            (row.content_hash, row.id)
            for row in conn.execute(
                sa.select(documents_t.c.content_hash, documents_t.c.id).where(documents_t.c.content_hash.in_(part))
            )
        )
    missing = sorted(str(h) for h in {m.document for m in unknown} if h not in doc_ids)
    if missing:
        raise ValueError(f"event mentions refer to documents not in the store: {', '.join(missing)}")
    unlinked: dict[tuple[Any, ...], list[int]] = {}
    for part in _chunks(sorted(set(doc_ids.values()))):
        rows = conn.execute(
            sa.select(event_mentions_t)
            .where(event_mentions_t.c.doc_id.in_(part), event_mentions_t.c.event_id.is_(None))
            .order_by(event_mentions_t.c.id)
        )
        for row in rows:
            unlinked.setdefault(_mention_key_of_row(row), []).append(row.id)
    new_rows: list[dict[str, Any]] = []
    for e in events:
        for rank, m in enumerate(e.mentions, grown.get(e.id, 0)):
            if id(m) in known:
                continue
            doc_id = doc_ids[m.document]
            ids = unlinked.get(_mention_key_of_record(doc_id, m))
            if ids:
                links.append({"mention_id": ids.pop(0), "new_event_id": e.id, "new_rank": rank})
            else:
                new_rows.append(_mention_row(doc_id, m, e.id, rank))
    if links:
        conn.execute(
            event_mentions_t.update()
            .where(event_mentions_t.c.id == sa.bindparam("mention_id"))
            .values(event_id=sa.bindparam("new_event_id"), event_rank=sa.bindparam("new_rank")),
            links,
        )
    if new_rows:
        conn.execute(event_mentions_t.insert(), new_rows)


def _add_document(conn: Connection, doc: PreparedDocument, kinds: dict[str, int]) -> AddResult:
    existing = conn.execute(
        sa.select(documents_t.c.id).where(documents_t.c.content_hash == doc.content_hash)
    ).scalar()
    if existing is not None:
        return AddResult("duplicate", existing, None)
    previous = conn.execute(
        sa.select(documents_t.c.id)
        .where(documents_t.c.path == doc.path)
        .order_by(documents_t.c.is_latest.desc(), documents_t.c.id.desc())
        .limit(1)
    ).scalar()
    if previous is not None:
        conn.execute(documents_t.update().where(documents_t.c.path == doc.path).values(is_latest=False))
    doc_id = conn.execute(
        documents_t.insert().values(
            **dict(zip(_DOCUMENT_COLUMNS, doc.document, strict=True)),
            ingested_at=datetime.now(UTC),
            version_of=previous,
            is_latest=True,
            merged=False,
        )
    ).inserted_primary_key[0]
    _insert_analysis(conn, doc_id, doc, kinds)
    if previous is None:
        return AddResult("new", doc_id, None)
    return AddResult("version", doc_id, previous)


class Store:
    """Documents, analysis records and merged events in one database."""

    def __init__(self, path_or_url: str | Path | None = None) -> None:
        """Open (creating if needed) the database at a file path or SQLAlchemy URL and migrate it.

        ``None`` means ``$RASHOMON_DB`` (a path or URL) or the default user data file.
        """
        if path_or_url is None:
            path_or_url = os.environ.get("RASHOMON_DB") or default_db_path()
        self.engine = _make_engine(path_or_url)
        self._is_sqlite = self.engine.dialect.name == "sqlite"
        database = self.engine.url.database if self._is_sqlite else None
        # the database file, when the store is one (so that analysing a folder skips it)
        self.path: Path | None = Path(database).resolve() if database and database != ":memory:" else None
        self._local = threading.local()  # the connection of this thread's ``merging()``
        self._migrate()

    # ----------------------------------------------------------------- lifecycle

    def _at_head(self) -> bool:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return False
            versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        return versions == [HEAD_REVISION]

    def _migrate(self) -> None:
        if self._at_head():
            return
        from alembic import command

        config = _alembic_config(self.engine)
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection if self._is_sqlite else None
            if raw is not None:
                # SQLite batch migrations recreate tables; with foreign keys on, dropping the
                # old copy would cascade into child tables. Must be set outside a transaction.
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                conn.execution_options(rashomon_write=True)
                with conn.begin():
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        self.engine.dispose()

    def compact(self) -> None:
        """Give the file's free pages back (SQLite stores created with incremental auto-vacuum)."""
        if self._is_sqlite:
            with self.engine.connect() as conn:
                # a statement of its own, run to the end (each step frees one page) in autocommit
                conn.connection.driver_connection.executescript("PRAGMA incremental_vacuum;")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back entirely on any error.
        Inside ``merging()``, that transaction."""
        pinned = getattr(self._local, "conn", None)
        if pinned is not None:
            yield pinned
            return
        with self.engine.connect() as conn:
            conn.execution_options(rashomon_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection to read with: inside ``merging()``, its transaction's."""
        pinned = getattr(self._local, "conn", None)
        if pinned is not None:
            yield pinned
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def merging(self) -> Iterator[None]:
        """One write transaction around an event merge: what it reads (unmerged documents,
        candidate events) and what it writes (the merged events) see no other writer in between,
        so two processes merging into one store neither lose nor double an event."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._write() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    # ----------------------------------------------------------------- documents

    def add_document(self, doc: Document | PreparedDocument) -> AddResult:
        """Store a document with all its records, unless its content is already stored.

        Same content hash: ``duplicate`` (nothing written). Same path with new content:
        ``version``; the earlier document is kept but no longer latest.
        """
        return self.add_documents([doc])[0]

    def add_documents(self, docs: Sequence[Document | PreparedDocument]) -> list[AddResult]:
        """``add_document`` for each of ``docs``, in one transaction (all stored, or none)."""
        prepared = [prepare(d) if isinstance(d, Document) else d for d in docs]
        with self._write() as conn:
            kinds = _stored_kinds(conn, prepared)
            return [_add_document(conn, d, kinds) for d in prepared]

    def replace_analysis(self, doc_id: int, doc: Document) -> None:
        """Replace every analysis record of a stored document (and its metadata) with ``doc``'s.

        Mentions that come back unchanged keep their link to a merged event.
        """
        with self._write() as conn:
            stored_hash = conn.execute(
                sa.select(documents_t.c.content_hash).where(documents_t.c.id == doc_id)
            ).scalar()
            if stored_hash is None:
                raise KeyError(f"no document with id {doc_id}")
            if stored_hash != doc.content_hash:
                raise ValueError(
                    f"document {doc_id} has content hash {stored_hash[:12]}, not {doc.content_hash[:12]}"
                )
            links: dict[tuple[Any, ...], list[tuple[str, int | None]]] = {}
            linked = conn.execute(
                sa.select(event_mentions_t)
                .where(event_mentions_t.c.doc_id == doc_id, event_mentions_t.c.event_id.is_not(None))
                .order_by(event_mentions_t.c.id)
            )
            for row in linked:
                links.setdefault(_mention_key_of_row(row), []).append((row.event_id, row.event_rank))
            for table in _ANALYSIS_TABLES:
                conn.execute(table.delete().where(table.c.doc_id == doc_id))
            conn.execute(documents_t.update().where(documents_t.c.id == doc_id).values(**_metadata_row(doc)))
            rows = prepare(doc)
            _insert_analysis(conn, doc_id, rows, _stored_kinds(conn, [rows]), links)

    def add_copy(self, doc_id: int, doc: Document) -> AddResult:
        """Record ``doc`` (its path and provenance; its text is document ``doc_id``'s) as another
        publication of a stored text."""
        with self._write() as conn:
            # another process may have recorded it since the caller looked
            known = conn.execute(sa.select(copies_t.c.id).where(copies_t.c.doc_id == doc_id,
                                                                copies_t.c.path == doc.path)).scalar()
            if known is not None:
                return AddResult("duplicate", doc_id, known)
            copy_id = conn.execute(copies_t.insert().values(
                doc_id=doc_id, path=doc.path, url=doc.url, outlet=doc.outlet, original_outlet=doc.original_outlet,
                title=doc.title, publication_date=doc.publication_date, ingested_at=datetime.now(UTC),
            )).inserted_primary_key[0]
        return AddResult("copy", doc_id, copy_id)

    def carriers(self, content_hash: str | None = None) -> dict[str, list[Carrier]]:
        """Every publication of each stored text (of one, given its hash): the document first,
        then its copies, by content hash."""
        d, c = documents_t, copies_t
        doc_where = [d.c.content_hash == content_hash] if content_hash else [d.c.is_latest == sa.true()]
        out: dict[str, list[Carrier]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(sa.select(d).where(*doc_where).order_by(d.c.id)):
                out[r.content_hash] = [Carrier(r.id, r.path, r.url, r.outlet, r.original_outlet, r.title,
                                               r.publication_date, r.ingested_at)]
            rows = conn.execute(sa.select(c, d.c.content_hash).join(d, d.c.id == c.c.doc_id)
                                .where(*doc_where).order_by(c.c.id))
            for r in rows:
                out.setdefault(r.content_hash, []).append(Carrier(
                    r.doc_id, r.path, r.url, r.outlet, r.original_outlet, r.title, r.publication_date,
                    r.ingested_at, r.id))
        return out

    def has_hash(self, content_hash: str) -> int | None:
        """Id of the document with this content hash, if stored."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(documents_t.c.id).where(documents_t.c.content_hash == content_hash)
            ).scalar()

    def documents(self, latest_only: bool = True) -> list[StoredDocument]:
        """All stored documents with their records, in ingestion order."""
        where = documents_t.c.is_latest == sa.true() if latest_only else sa.true()
        with self._connect() as conn:
            return _load_documents(conn, where)

    def documents_with_hashes(self, hashes: Sequence[str]) -> list[StoredDocument]:
        """The documents (any version) whose content hash is one of ``hashes``."""
        with self.engine.connect() as conn:
            return _load_documents(conn, documents_t.c.content_hash.in_(list(hashes)))

    def get(self, ref: str | int) -> StoredDocument | None:
        """A document by id, path (its latest version) or content-hash prefix (4+ hex digits).

        Raises ``ValueError`` when a hash prefix matches several documents.
        """
        with self.engine.connect() as conn:
            if isinstance(ref, int) or ref.isdigit():
                found = _load_documents(conn, documents_t.c.id == int(ref))
                if found or isinstance(ref, int):
                    return found[0] if found else None
            by_path = conn.execute(
                sa.select(documents_t.c.id)
                .where(documents_t.c.path == ref)
                .order_by(documents_t.c.is_latest.desc(), documents_t.c.id.desc())
                .limit(1)
            ).scalar()
            if by_path is not None:
                return _load_documents(conn, documents_t.c.id == by_path)[0]
            prefix = ref.lower()
            if not re.fullmatch(r"[0-9a-f]{4,64}", prefix):
                return None
            ids = (
                conn.execute(
                    sa.select(documents_t.c.id).where(documents_t.c.content_hash.startswith(prefix)).limit(2)
                )
                .scalars()
                .all()
            )
            if len(ids) > 1:
                raise ValueError(f"content-hash prefix {ref!r} matches several documents")
            return _load_documents(conn, documents_t.c.id == ids[0])[0] if ids else None

    # ----------------------------------------------------------------- search

    def search(
        self,
        query: str,
        limit: int = 20,
        latest_only: bool = True,
        alternatives: Sequence[Sequence[str]] | None = None,
    ) -> list[SearchHit]:
        """Sentences containing every whitespace-separated term of ``query``, best (bm25) first.

        ``alternatives``: instead of the query's terms, groups of alternative spellings (a name in
        either language); a sentence must contain one spelling of every group.
        """
        if alternatives is not None:
            groups = [list(dict.fromkeys(t for a in g for t in [_normalise_term(a)] if t)) for g in alternatives]
        else:
            groups = [[t] for t in _normalise_query(query)]
        groups = [g for g in groups if g]
        if not groups or limit <= 0:
            return []
        # a group goes to the trigram index only when each of its spellings is long enough for it
        fts_groups = [g for g in groups if all(len(t) >= _MIN_FTS_TERM for t in g)]
        filters: list[sa.ColumnElement[bool]] = []
        if latest_only:
            filters.append(documents_t.c.is_latest == sa.true())
        text = _sentence_text(self._is_sqlite)
        with self.engine.connect() as conn:
            if fts_groups:
                # (SQLite's LIKE ignores ASCII case, as its FTS5 does; PostgreSQL needs ILIKE)
                like = text.like if self._is_sqlite else text.ilike
                filters += [
                    sa.or_(*(like(_like_pattern(t), escape="\\") for t in g))
                    for g in groups
                    if g not in fts_groups
                ]
                ranked = _sqlite_fts_search if self._is_sqlite else _postgresql_trgm_search
                rows = ranked(conn, fts_groups, filters, limit)
            else:
                filters += [sa.or_(*(text.ilike(_like_pattern(t), escape="\\") for t in g)) for g in groups]
                rows = _substring_search(conn, text, filters, limit)
        hits = []
        for row in rows:
            spans = _match_spans(row.text, [t for g in groups for t in g])
            match_start, match_end = _original_span(row, spans[0]) if spans else (None, None)
            hits.append(
                SearchHit(
                    doc_id=row.doc_id,
                    path=row.path,
                    title=row.title,
                    passage=row.text,
                    start=row.start,
                    end=row.end,
                    sentence=row.idx,
                    match_start=match_start,
                    match_end=match_end,
                    score=row.score,
                    matches=spans,
                    snippet=_snippet(row.text, spans),
                )
            )
        return hits

    # ----------------------------------------------------------------- events

    def save_events(self, events: list[Event], states: dict[str, dict[str, Any]] | None = None) -> None:
        """Replace all merged events and link their mentions to stored event mentions.

        A mention is matched by document (content hash), span, category, trigger and
        participants; one not stored yet is added to its document. A mention whose
        document is not stored raises ``ValueError`` and nothing is saved. Every document
        counts as merged afterwards.
        """
        with self._write() as conn:
            conn.execute(
                event_mentions_t.update()
                .where(event_mentions_t.c.event_id.is_not(None))
                .values(event_id=None, event_rank=None)
            )
            conn.execute(events_t.delete())
            _insert_events(conn, events, states)
            conn.execute(documents_t.update().where(documents_t.c.merged == sa.false()).values(merged=True))

    # ----------------------------------------------------------------- incremental merging

    def unmerged(self) -> tuple[list[int], list[EventMention], list[int]]:
        """Documents stored but not merged yet, the event mentions of the latest of them and
        these mentions' row ids (for ``save_merged``)."""
        d = documents_t
        with self._connect() as conn:
            ids = list(conn.execute(sa.select(d.c.id).where(d.c.merged == sa.false()).order_by(d.c.id)).scalars())
            # the driver's rows, JSON decoded here: the one writing process reads every new mention
            rows = conn.exec_driver_sql(
                "SELECT m.id, m.event, m.actors, m.recipients, m.mode, m.context, m.date, m.place, m.status,"
                " m.trigger, m.start, m.\"end\", m.sentence, d.content_hash FROM event_mentions m"
                " JOIN documents d ON d.id = m.doc_id WHERE NOT d.merged AND d.is_latest ORDER BY m.id").all()
            mentions = [
                EventMention(event, _actors_from_json(_from_json(actors)), _actors_from_json(_from_json(recipients)),
                             list(_from_json(mode) or ()), list(_from_json(context) or ()), date, place, status,
                             trigger, start, end, sentence, content_hash)
                for _, event, actors, recipients, mode, context, date, place, status, trigger, start, end, sentence,
                content_hash in rows
            ]
            return ids, mentions, [r[0] for r in rows]

    def event_index(self, wanted: dict[str, Any]) -> list[tuple[str, str, str | None, list[ActorRef]]]:
        """(id, category, date, actors) of the stored events that mentions could join, per category
        (``merge.Wanted``): dated on one of its ``dates``, or placed and dated on one of its
        ``placed_dates`` or undated, or placed at all (``placed_any``)."""
        e = events_t
        out = []
        with self._connect() as conn:
            for category, w in sorted(wanted.items()):
                placed = [e.c.place.is_not(None)]
                if not w.placed_any:
                    placed.append(sa.or_(e.c.date.is_(None), e.c.date.in_(sorted(w.placed_dates)))
                                  if w.placed_dates else sa.false())
                where = sa.or_(e.c.date.in_(sorted(w.dates)), sa.and_(*placed))
                for r in conn.execute(sa.select(e.c.id, e.c.event, e.c.date, e.c.actors)
                                      .where(e.c.event == category, where)):
                    out.append((r.id, r.event, r.date, _actors_from_json(r.actors)))
        return out

    def event_states(self, event_ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any] | None]]:
        """Category and merge state (None when not kept) of each of these events."""
        out = {}
        with self._connect() as conn:
            for part in _chunks(sorted(event_ids)):
                for r in conn.execute(sa.select(events_t.c.id, events_t.c.event, events_t.c.state)
                                      .where(events_t.c.id.in_(part))):
                    out[r.id] = (r.event, r.state)
        return out

    def save_merged(self, events: list[Event], states: dict[str, dict[str, Any]], grown: dict[str, int],
                    merged: Sequence[int], rows: dict[int, int] | None = None) -> None:
        """In one transaction: store new ``events``, update the ``grown`` ones (id -> mentions
        they had; their ``mentions`` are the ones that join) and mark documents ``merged``.
        ``rows``: the row id of each mention record ``unmerged`` gave, by ``id()``."""
        with self._write() as conn:
            _insert_events(conn, events, states, grown, rows)
            for part in _chunks(sorted(merged)):
                conn.execute(documents_t.update().where(documents_t.c.id.in_(part)).values(merged=True))

    def stale_events(self) -> list[str]:
        """Events with a mention from a document that is no longer the latest version."""
        d, m = documents_t, event_mentions_t
        with self._connect() as conn:
            return list(conn.execute(
                sa.select(m.c.event_id).distinct().join(d, d.c.id == m.c.doc_id)
                .where(d.c.is_latest == sa.false(), m.c.event_id.is_not(None))
            ).scalars())

    def event_mentions(self, event_ids: Sequence[str]) -> list[EventMention]:
        """The mentions of these events from latest documents (no document text is read)."""
        d, m = documents_t, event_mentions_t
        out = []
        with self._connect() as conn:
            for part in _chunks(sorted(event_ids)):
                rows = conn.execute(
                    sa.select(m, d.c.content_hash).join(d, d.c.id == m.c.doc_id)
                    .where(m.c.event_id.in_(part), d.c.is_latest == sa.true()).order_by(m.c.id)
                )
                out += [_mention_from_row(r, r.content_hash) for r in rows]
        return out

    def replace_events(self, old_ids: Sequence[str], events: list[Event], merged: Sequence[int]) -> None:
        """In one transaction: drop the events ``old_ids``, save ``events`` in their place and
        mark documents ``merged`` as merged."""
        with self._write() as conn:
            for part in _chunks(sorted(old_ids)):
                conn.execute(event_mentions_t.update().where(event_mentions_t.c.event_id.in_(part))
                             .values(event_id=None, event_rank=None))
                conn.execute(events_t.delete().where(events_t.c.id.in_(part)))
            _insert_events(conn, events)
            for part in _chunks(sorted(merged)):
                conn.execute(documents_t.update().where(documents_t.c.id.in_(part)).values(merged=True))

    def events(
        self,
        actor: str | None = None,
        category: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        event_id: str | None = None,
        document: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[Event]:
        """Merged events, oldest first, filtered by any of the given criteria.

        ``actor``: name, identifier or code of an actor or recipient (case-insensitive).
        ``category``: PLOVER event category. ``since`` / ``until``: ISO date prefixes,
        inclusive (``until="2025-08"`` keeps all of August); undated events are left out.
        ``source``: outlet (or original outlet) of at least one mentioning document.
        ``event_id``: that event only. ``document``: events the document (content hash) tells.
        ``ids``: these events only.
        """
        where: list[sa.ColumnElement[bool]] = []
        if event_id is not None:
            where.append(events_t.c.id == event_id)
        if ids is not None:
            where.append(events_t.c.id.in_(list(ids)))
        if document is not None:
            where.append(
                events_t.c.id.in_(
                    sa.select(event_mentions_t.c.event_id)
                    .join(documents_t, documents_t.c.id == event_mentions_t.c.doc_id)
                    .where(documents_t.c.content_hash == document)
                )
            )
        if category:
            where.append(sa.func.upper(events_t.c.event) == category.upper())
        if since:
            where.append(events_t.c.date >= since)
        if until:
            where.append(sa.func.substr(events_t.c.date, 1, len(until)) <= until)
        if source:
            wanted = source.lower()
            where.append(
                events_t.c.id.in_(
                    sa.select(event_mentions_t.c.event_id)
                    .join(documents_t, documents_t.c.id == event_mentions_t.c.doc_id)
                    .where(
                        sa.or_(
                            sa.func.lower(documents_t.c.outlet) == wanted,
                            sa.func.lower(documents_t.c.original_outlet) == wanted,
                        )
                    )
                )
            )
        with self.engine.connect() as conn:
            event_rows = conn.execute(
                sa.select(events_t)
                .where(*where)
                .order_by(events_t.c.date.is_(None), events_t.c.date, events_t.c.id)
            ).all()
            result = {
                r.id: Event(
                    id=r.id,
                    event=r.event,
                    actors=_actors_from_json(r.actors),
                    recipients=_actors_from_json(r.recipients),
                    mode=list(r.mode or ()),
                    context=list(r.context or ()),
                    date=r.date,
                    place=r.place,
                    status=r.status,
                    mentions=[],
                )
                for r in event_rows
            }
            if actor:
                needle = actor.casefold()
                result = {
                    k: e
                    for k, e in result.items()
                    if any(
                        needle in {(v or "").casefold() for v in (a.entity_text, a.identifier_text, a.code)}
                        for a in (*e.actors, *e.recipients)
                    )
                }
            if not result:
                return []
            mentions = conn.execute(
                sa.select(event_mentions_t, documents_t.c.content_hash)
                .join(documents_t, documents_t.c.id == event_mentions_t.c.doc_id)
                .where(event_mentions_t.c.event_id.in_(sa.select(events_t.c.id).where(*where)))
                .order_by(event_mentions_t.c.event_rank, event_mentions_t.c.id)
            )
            for row in mentions:
                event = result.get(row.event_id)
                if event is not None:
                    event.mentions.append(_mention_from_row(row, row.content_hash))
        return list(result.values())

    def statements(self, latest_only: bool = True) -> list[StoredStatement]:
        """Every attributed statement with its document, in document and reading order."""
        where = documents_t.c.is_latest == sa.true() if latest_only else sa.true()
        stmt = (
            sa.select(statements_t, documents_t.c.path, documents_t.c.outlet, documents_t.c.url,
                      documents_t.c.publication_date, documents_t.c.content_hash)
            .join(documents_t, documents_t.c.id == statements_t.c.doc_id)
            .where(where)
            .order_by(statements_t.c.doc_id, statements_t.c.start, statements_t.c.id)
        )
        with self.engine.connect() as conn:
            return [
                StoredStatement(
                    r.doc_id, r.path, r.outlet, r.url, r.publication_date,
                    Statement(ActorRef(r.speaker_text, r.speaker_identifier, r.speaker_code, r.speaker_sector),
                              r.text, r.start, r.end, r.date, r.verb, r.sentence),
                    r.content_hash,
                )
                for r in conn.execute(stmt)
            ]

    def outlets(self) -> dict[str, set[str]]:
        """The outlets and original outlets that published each stored text (copies included), by
        content hash."""
        d, c = documents_t, copies_t
        out: dict[str, set[str]] = {}
        with self.engine.connect() as conn:
            rows = [*conn.execute(sa.select(d.c.content_hash, d.c.outlet, d.c.original_outlet)),
                    *conn.execute(sa.select(d.c.content_hash, c.c.outlet, c.c.original_outlet)
                                  .join(d, d.c.id == c.c.doc_id))]
        for r in rows:
            out.setdefault(r.content_hash, set()).update(o for o in (r.outlet, r.original_outlet) if o)
        return out

    # ----------------------------------------------------------------- stats

    def stats(self) -> dict[str, int]:
        """Row counts per table, plus latest documents and mentions linked to events."""
        counts: dict[str, int] = {}
        with self.engine.connect() as conn:
            for table in (documents_t, *_ANALYSIS_TABLES, events_t, copies_t):
                counts[table.name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            counts["latest_documents"] = conn.execute(
                sa.select(sa.func.count())
                .select_from(documents_t)
                .where(documents_t.c.is_latest == sa.true())
            ).scalar_one()
            counts["linked_mentions"] = conn.execute(
                sa.select(sa.func.count())
                .select_from(event_mentions_t)
                .where(event_mentions_t.c.event_id.is_not(None))
            ).scalar_one()
        return counts
