"""One article from file to records: ingest → clean → provenance → language analysis.

``analyze_raw`` turns a ``RawDocument`` into an analysed ``Document``; ``analyze_text`` is the
same for a string (tests, benchmarks, the API). Merging event mentions across sentences
and documents happens afterwards, over the whole store (see ``merge``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean
from .gazetteer import Gazetteer, default_gazetteer
from .ingest import DEFAULT_MAX_BYTES, detect_language, ingest
from .lang import get_analyzer
from .lang.discourse import complete_agreements, fold_headlines, join_mediators
from .merge import merge, resolve_references
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
class BatchReport:
    added: list[StoredDocument] = field(default_factory=list)
    versions: int = 0
    duplicates: int = 0
    copies: int = 0  # texts already stored, published again by another outlet or at another URL
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0


def analyze_paths(
    paths: Iterable[str | Path],
    store: Store,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str, str], None] | None = None,
) -> BatchReport:
    """Ingest, analyse and store every article under ``paths``, then merge event mentions
    across the whole store. Bad files are reported and skipped; what is stored stays."""
    gaz = gazetteer or default_gazetteer()
    report = BatchReport()
    t0 = time.perf_counter()
    new_ids: list[int] = []
    own_files = [store.path, *(Path(f"{store.path}{x}") for x in ("-wal", "-shm", "-journal"))] if store.path else []
    for item in ingest(paths, max_bytes=max_bytes, skip=own_files):
        if isinstance(item, IngestError):
            report.errors.append(item)
            if on_file:
                on_file(item.path, "error")
            continue
        stored_id = store.has_hash(item.content_hash)
        if stored_id is not None:
            copy = syndicated_copy(item, store)
            if copy is not None:
                store.add_copy(stored_id, copy)
                report.copies += 1
            else:
                report.duplicates += 1
            if on_file:
                on_file(item.path, "copy" if copy is not None else "duplicate")
            continue
        try:
            doc = analyze_raw(item, gaz)
            result = store.add_document(doc)
        except Exception as exc:  # one document's failure must not stop the batch
            report.errors.append(IngestError(item.path, f"analysis failed: {type(exc).__name__}: {exc}"))
            if on_file:
                on_file(item.path, "error")
            continue
        report.versions += result.status == "version"
        new_ids.append(result.doc_id)
        if on_file:
            on_file(item.path, result.status)
    if new_ids:
        stored = store.documents()  # read once: for merging and for the report
        remerge(store, gaz, stored)
        added = set(new_ids)
        report.added = [sd for sd in stored if sd.id in added]
    report.seconds = time.perf_counter() - t0
    return report


def remerge(store: Store, gaz: Gazetteer, stored: list[StoredDocument] | None = None) -> list[Event]:
    """Merge all event mentions in the store (or in ``stored``, its documents already read)
    into events and save them."""
    documents = store.documents() if stored is None else stored
    events = merge([m for sd in documents for m in sd.doc.events], gaz)
    store.save_events(events)
    return events
