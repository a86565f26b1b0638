"""One article from file to records: ingest → clean → provenance → language analysis.

``analyze_raw`` turns a ``RawDocument`` into an analysed ``Document``; ``analyze_text`` is the
same for a string (tests, benchmarks, the API). ``analyze_paths`` stores a folder batch by
batch (documents analysed in parallel processes if asked) and merges each batch's event
mentions with the stored events they could join (see ``merge``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import clean
from .gazetteer import Gazetteer, default_gazetteer
from .ingest import DEFAULT_MAX_BYTES, detect_language, ingest
from .lang import get_analyzer
from .lang.discourse import (
    complete_agreements,
    drop_own_recipients,
    fold_headlines,
    hosts_of_visits,
    join_mediators,
)
from .merge import (
    Cluster,
    candidate_dates,
    candidates,
    cluster_of,
    event_of,
    merge,
    merge_clusters,
    resolve_references,
)
from .provenance import read as read_provenance
from .records import Document, Event, IngestError, RawDocument
from .store import AddResult, PreparedDocument, Store, StoredDocument, prepare


def analyze_raw(raw: RawDocument, gazetteer: Gazetteer | None = None) -> Document:
    lang = raw.metadata.get("language") or detect_language(raw.text)
    blocks, sentences = clean(raw, lang)
    prov = read_provenance(blocks, raw.metadata, lang)
    doc = Document(
        path=raw.path,
        text=raw.text,
        content_hash=raw.content_hash,
        format=raw.format,
        encoding=raw.encoding,
        language=lang,
        title=prov.title,
        title_en=prov.title_en,
        publication_date=prov.publication_date,
        authors=prov.authors,
        translators=prov.translators,
        outlet=prov.outlet,
        original_outlet=prov.original_outlet,
        genre=prov.genre,
        url=prov.url,
        blocks=blocks,
        sentences=sentences,
    )
    analyzer = get_analyzer(lang)
    if analyzer is None:
        doc.warnings.append(f"no analyser for language {lang!r}: stored without entities or events")
    else:
        gaz = gazetteer or default_gazetteer()
        analyzer(doc, gaz)
        join_mediators(doc.events)
        complete_agreements(doc.events)
        fold_headlines(doc.events, {s.index for s in doc.sentences if doc.blocks[s.block].kind == "title"})
        drop_own_recipients(doc.events)
        hosts_of_visits(doc.events, gaz)
        for m in doc.events:
            if "phone" in m.mode:
                m.place = None  # a call has two ends and no venue
        # statements and mentions that refer to "the talks" take the date of the document's
        # own main meeting: a document's analysis does not depend on what else is stored
        resolve_references(doc, merge(doc.events, gaz), gaz)
    return doc


def analyze_text(text: str, path: str = "<text>", metadata: dict | None = None,
                 gazetteer: Gazetteer | None = None) -> Document:
    raw = RawDocument(
        path=path,
        text=text,
        format="text",
        encoding="utf-8",
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        metadata=dict(metadata or {}),
    )
    return analyze_raw(raw, gazetteer)


def syndicated_copy(raw: RawDocument, store: Store) -> Document | None:
    """``raw``'s provenance when its text is stored but published by another outlet or at
    another URL (a syndicated copy); None when it is the same publication again: the same file,
    or the same outlet and URL."""
    carriers = store.carriers(raw.content_hash).get(raw.content_hash, [])
    if any(c.path == raw.path for c in carriers):
        return None
    lang = raw.metadata.get("language") or detect_language(raw.text)
    blocks, _ = clean(raw, lang)
    prov = read_provenance(blocks, raw.metadata, lang)
    key = (prov.url, prov.outlet)
    if key == (None, None) or any((c.url, c.outlet) == key for c in carriers):
        return None
    return Document(path=raw.path, text="", content_hash=raw.content_hash, format=raw.format, language=lang,
                    title=prov.title, publication_date=prov.publication_date, outlet=prov.outlet,
                    original_outlet=prov.original_outlet, url=prov.url)


@dataclass
class AddedDocument:
    """What the report of a batch says about one stored document (its records stay in the store)."""

    id: int
    path: str
    language: str
    title: str | None
    outlet: str | None
    publication_date: str | None
    entities: int
    events: int
    statements: int
    warnings: list[str]

    @classmethod
    def of(cls, doc_id: int, doc: Document) -> AddedDocument:
        return cls(doc_id, doc.path, doc.language, doc.title, doc.outlet, doc.publication_date,
                   len(doc.entities), len(doc.events), len(doc.statements), list(doc.warnings))


@dataclass(slots=True)
class Analysed:
    """An analysed document as the writer needs it: its rows ready to insert and what the report
    says of it. Made in the worker, so that the one writing process does no more than insert."""

    summary: AddedDocument  # id 0 until stored
    rows: PreparedDocument

    @classmethod
    def of(cls, doc: Document) -> Analysed:
        return cls(AddedDocument.of(0, doc), prepare(doc))


@dataclass
class BatchReport:
    added: list[AddedDocument] = field(default_factory=list)
    versions: int = 0
    duplicates: int = 0
    copies: int = 0  # texts already stored, published again by another outlet or at another URL
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0
    stages: StageTimes = field(default_factory=lambda: StageTimes())


# Documents analysed between two merges: bounds memory (texts and records of one batch at most).
BATCH_SIZE = 64
# Documents stored in one transaction: one commit, and one new segment of the search index, for
# several documents; a killed run loses at most these (the next run stores them).
CHUNK_SIZE = 16

_worker_gazetteer: Gazetteer | None = None


def _init_worker() -> None:
    global _worker_gazetteer
    _worker_gazetteer = default_gazetteer()  # forked: the writer's, already loaded


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from the writer where the system can: they start with its modules
    imported and its gazetteer loaded (about 1.5 s of CPU each when started afresh), and load
    only the language models. They never touch the writer's store connections."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _analyze_one(raw: RawDocument, gaz: Gazetteer | None = None) -> tuple[Document | str, float]:
    """The analysed document, or the reason it failed (one document's failure must not stop the
    batch), and the CPU seconds it took."""
    t0 = time.process_time()
    try:
        result: Document | str = analyze_raw(raw, gaz or _worker_gazetteer)
    except Exception as exc:
        result = f"analysis failed: {type(exc).__name__}: {exc}"
    return result, time.process_time() - t0


def _analyze_for_writer(raw: RawDocument, gaz: Gazetteer | None = None) -> tuple[Analysed | str, float]:
    """``_analyze_one``, its document prepared for the store where it was analysed."""
    t0 = time.process_time()
    doc, _ = _analyze_one(raw, gaz)
    return (doc if isinstance(doc, str) else Analysed.of(doc)), time.process_time() - t0


@dataclass
class StageTimes:
    """Where a run's CPU time goes: the analysis (summed over workers) is what workers share;
    reading files, storing and merging are done by the one writing process."""

    analysis_cpu: float = 0.0
    read: float = 0.0  # ingest and the stored-already checks
    store: float = 0.0
    merge: float = 0.0
    wait: float = 0.0  # wall seconds the writer waited for a worker's result

    def serial(self) -> float:
        return self.read + self.store + self.merge


def analyze_paths(
    paths: Iterable[str | Path],
    store: Store,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str, str], None] | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> BatchReport:
    """Ingest, analyse and store every article under ``paths``, merging the event mentions of
    every ``batch_size`` inputs into the stored events. Bad files are reported and skipped; what
    is stored stays.

    ``workers`` > 1 analyses documents in that many processes, kept busy ahead of the writer;
    this one alone writes and merges, in input order and at the same points, so the store is the
    same as with one worker.
    """
    gaz = gazetteer or default_gazetteer()
    report = BatchReport()
    times = report.stages
    t0 = time.perf_counter()
    own_files = [store.path, *(Path(f"{store.path}{x}") for x in ("-wal", "-shm", "-journal"))] if store.path else []
    tm = time.process_time()
    merge_pending(store, gaz)  # what a killed run stored but did not merge
    times.merge += time.process_time() - tm
    pool: ProcessPoolExecutor | None = None
    # inputs read but not stored yet, in input order: (input, its analysis if one is needed)
    pending: deque[tuple[RawDocument | IngestError, Future | None, bool]] = deque()
    ahead = max(batch_size, 4 * workers)  # bounds memory: documents in flight at most
    hashes: set[str] = set()
    done = 0

    # analysed documents waiting to be stored together, in one transaction
    chunk: list[tuple[RawDocument, Analysed]] = []

    def flush() -> None:
        if chunk:
            tw = time.process_time()
            _store_many(chunk, store, report, on_file)
            chunk.clear()
            times.store += time.process_time() - tw

    def write_first() -> None:
        nonlocal done
        item, future, todo = pending.popleft()
        result: Analysed | str | None = None
        if todo:
            tw = time.perf_counter()
            result, cpu = future.result() if future is not None else _analyze_for_writer(item, gaz)  # type: ignore[arg-type]
            if future is not None:
                times.wait += time.perf_counter() - tw
            times.analysis_cpu += cpu
        done += 1
        if isinstance(result, Analysed):
            chunk.append((item, result))  # type: ignore[arg-type]
        else:
            flush()  # a copy is told apart from a duplicate by what is stored before it
            tw = time.process_time()
            _store_one(item, result, store, report, on_file)
            times.store += time.process_time() - tw
        if len(chunk) >= CHUNK_SIZE or done % batch_size == 0:
            flush()
        if done % batch_size == 0:
            tw = time.process_time()
            merge_pending(store, gaz)
            times.merge += time.process_time() - tw

    try:
        items = iter(ingest(paths, max_bytes=max_bytes, skip=own_files))
        while True:
            tr = time.process_time()
            item = next(items, None)
            todo = False  # the first of each text not stored yet; later ones are copies
            if isinstance(item, RawDocument) and item.content_hash not in hashes:
                hashes.add(item.content_hash)
                todo = store.has_hash(item.content_hash) is None
            times.read += time.process_time() - tr
            if item is None:
                break
            if todo and pool is None and workers > 1 and any(t for _, _, t in pending):
                # a second document to analyse: worth starting the workers (models load once in each)
                pool = ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_init_worker)
                pending = deque((i, pool.submit(_analyze_for_writer, i) if t else None, t) for i, _, t in pending)
            pending.append((item, pool.submit(_analyze_for_writer, item) if todo and pool is not None else None,
                            todo))
            while len(pending) > (ahead if pool is not None else 1):
                write_first()
        while pending:
            write_first()
        flush()
        tm = time.process_time()
        merge_pending(store, gaz)
        store.compact()
        times.merge += time.process_time() - tm
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - t0
    return report


def _store_many(items: list[tuple[RawDocument, Analysed]], store: Store, report: BatchReport,
                on_file: Callable[[str, str], None] | None) -> None:
    """Write analysed documents in one transaction; if that fails, one by one, so that the one
    that cannot be stored is reported alone."""
    try:
        added = store.add_documents([a.rows for _, a in items])
    except Exception:
        for item, analysed in items:
            _store_one(item, analysed, store, report, on_file)
        return
    for (item, analysed), result in zip(items, added, strict=True):
        _report_added(item, analysed, result, report, on_file)


def _report_added(item: RawDocument, analysed: Analysed, added: AddResult, report: BatchReport,
                  on_file: Callable[[str, str], None] | None) -> None:
    if added.status == "duplicate":  # another process stored the same text meanwhile
        report.duplicates += 1
    else:
        report.versions += added.status == "version"
        summary = analysed.summary
        summary.id = added.doc_id
        report.added.append(summary)
    if on_file:
        on_file(item.path, added.status)


def _store_one(item: RawDocument | IngestError, result: Document | Analysed | str | None, store: Store,
               report: BatchReport, on_file: Callable[[str, str], None] | None) -> None:
    """Write one input: an analysed document, a copy or duplicate of a stored text, or an error."""
    status: str
    if isinstance(item, IngestError):
        report.errors.append(item)
        status = "error"
    elif isinstance(result, str):
        report.errors.append(IngestError(item.path, result))
        status = "error"
    elif result is None:  # stored already (by an earlier run or earlier in this batch)
        copy = syndicated_copy(item, store)
        if copy is not None:
            # "duplicate" when another process recorded the same copy meanwhile
            copy = copy if store.add_copy(store.has_hash(item.content_hash), copy).status == "copy" else None
        report.copies += copy is not None
        report.duplicates += copy is None
        status = "copy" if copy is not None else "duplicate"
    else:
        analysed = Analysed.of(result) if isinstance(result, Document) else result
        try:
            added = store.add_document(analysed.rows)
        except Exception as exc:
            report.errors.append(IngestError(item.path, f"analysis failed: {type(exc).__name__}: {exc}"))
            status = "error"
        else:
            _report_added(item, analysed, added, report, on_file)  # type: ignore[arg-type]
            return
    if on_file:
        on_file(item.path, status)


def merge_pending(store: Store, gaz: Gazetteer) -> int:
    """Merge the mentions of the documents stored since the last merge into the stored events
    they could join (found by category, date and actor) or into new ones. A stored event is
    joined through its kept merge state: neither its earlier mentions nor any other document is
    read, so a batch costs the same however large the store. Returns how many documents were merged."""
    with store.merging():  # another process's merge waits, and then sees this one's events
        doc_ids, mentions, rows = store.unmerged()
        if not doc_ids:
            return 0
        stale = store.stale_events()
        if stale:  # events told by a superseded version: told again by the latest versions alone
            store.replace_events(stale, merge(store.event_mentions(stale), gaz), [])
        ids = candidates(mentions, store.event_index(candidate_dates(mentions)))
        stored = []
        for event_id, (category, state) in sorted(store.event_states(ids).items()):
            stored.append(Cluster.stored(event_id, category, state) if state is not None
                          else cluster_of(store.event_mentions([event_id]), event_id, gaz))
        had = {c.id: c.n for c in stored if c.id is not None}
        touched = merge_clusters(mentions, gaz, stored)
        events = [event_of(c, gaz) for c in touched]
        store.save_merged(events, _states(events, touched), {e.id: had[e.id] for e in events if e.id in had},
                          doc_ids, {id(m): r for m, r in zip(mentions, rows, strict=True)})
        return len(doc_ids)


def remerge(store: Store, gaz: Gazetteer, stored: list[StoredDocument] | None = None) -> list[Event]:
    """Merge all event mentions in the store (or in ``stored``, its documents already read)
    into events and save them."""
    with store.merging():
        documents = store.documents() if stored is None else stored
        clusters = merge_clusters([m for sd in documents for m in sd.doc.events], gaz)
        events = [event_of(c, gaz) for c in clusters]
        store.save_events(events, _states(events, clusters))
    return events


def _states(events: list[Event], clusters: list[Cluster]) -> dict[str, dict[str, Any]]:
    return {e.id: state for e, c in zip(events, clusters, strict=True) if (state := c.state()) is not None}
