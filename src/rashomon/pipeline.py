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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean
from .gazetteer import Gazetteer, default_gazetteer
from .ingest import DEFAULT_MAX_BYTES, detect_language, ingest
from .lang import get_analyzer
from .lang.discourse import complete_agreements, fold_headlines, join_mediators
from .merge import candidate_dates, candidates, merge, resolve_references
from .provenance import read as read_provenance
from .records import Document, Event, IngestError, RawDocument
from .store import Store, StoredDocument


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


@dataclass
class BatchReport:
    added: list[AddedDocument] = field(default_factory=list)
    versions: int = 0
    duplicates: int = 0
    copies: int = 0  # texts already stored, published again by another outlet or at another URL
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0


# Documents analysed between two merges: bounds memory (texts and records of one batch at most).
BATCH_SIZE = 64

_worker_gazetteer: Gazetteer | None = None


def _init_worker() -> None:
    global _worker_gazetteer
    _worker_gazetteer = default_gazetteer()


def _analyze_one(raw: RawDocument, gaz: Gazetteer | None = None) -> Document | str:
    """The analysed document, or the reason it failed (one document's failure must not stop the batch)."""
    try:
        return analyze_raw(raw, gaz or _worker_gazetteer)
    except Exception as exc:
        return f"analysis failed: {type(exc).__name__}: {exc}"


def _batches(items: Iterable[RawDocument | IngestError], size: int) -> Iterator[list[RawDocument | IngestError]]:
    batch: list[RawDocument | IngestError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def analyze_paths(
    paths: Iterable[str | Path],
    store: Store,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str, str], None] | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> BatchReport:
    """Ingest, analyse and store every article under ``paths``, merging each batch's event
    mentions into the stored events. Bad files are reported and skipped; what is stored stays.

    ``workers`` > 1 analyses documents in that many processes; this one alone writes, in input
    order, so the store is the same as with one worker.
    """
    gaz = gazetteer or default_gazetteer()
    report = BatchReport()
    t0 = time.perf_counter()
    own_files = [store.path, *(Path(f"{store.path}{x}") for x in ("-wal", "-shm", "-journal"))] if store.path else []
    merge_pending(store, gaz)  # what a killed run stored but did not merge
    pool: ProcessPoolExecutor | None = None
    try:
        for batch in _batches(ingest(paths, max_bytes=max_bytes, skip=own_files), batch_size):
            todo, hashes = [], set()
            for item in batch:  # the first of each text not stored yet; later ones are copies
                if isinstance(item, RawDocument) and item.content_hash not in hashes:
                    hashes.add(item.content_hash)
                    if store.has_hash(item.content_hash) is None:
                        todo.append(item)
            if pool is None and workers > 1 and len(todo) > 1:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_init_worker)
            # results come in input order, each stored as soon as it is ready
            results = iter(pool.map(_analyze_one, todo) if pool is not None
                           else (_analyze_one(item, gaz) for item in todo))
            wanted = {id(item) for item in todo}
            for item in batch:
                _store_one(item, next(results) if id(item) in wanted else None, store, report, on_file)
            merge_pending(store, gaz)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - t0
    return report


def _store_one(item: RawDocument | IngestError, result: Document | str | None, store: Store,
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
        try:
            added = store.add_document(result)
        except Exception as exc:
            report.errors.append(IngestError(item.path, f"analysis failed: {type(exc).__name__}: {exc}"))
            status = "error"
        else:
            status = added.status
            if status == "duplicate":  # another process stored the same text meanwhile
                report.duplicates += 1
            else:
                report.versions += status == "version"
                report.added.append(AddedDocument.of(added.doc_id, result))
    if on_file:
        on_file(item.path, status)


def merge_pending(store: Store, gaz: Gazetteer) -> int:
    """Merge the mentions of the documents stored since the last merge with the stored events
    they could join (found by category, date and actor), reading no other document. Returns how
    many documents were merged."""
    with store.merging():  # another process's merge waits, and then sees this one's events
        doc_ids, mentions = store.unmerged()
        if not doc_ids:
            return 0
        old = sorted(set(candidates(mentions, store.event_index(candidate_dates(mentions)))) | set(store.stale_events()))
        store.replace_events(old, merge(store.event_mentions(old) + mentions, gaz), doc_ids)
        return len(doc_ids)


def remerge(store: Store, gaz: Gazetteer, stored: list[StoredDocument] | None = None) -> list[Event]:
    """Merge all event mentions in the store (or in ``stored``, its documents already read)
    into events and save them."""
    with store.merging():
        documents = store.documents() if stored is None else stored
        events = merge([m for sd in documents for m in sd.doc.events], gaz)
        store.save_events(events)
    return events
