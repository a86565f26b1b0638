"""Standard formats out of the store.

- ``jsonl``: one analysed document per line (fields of the evaluation schema, plus
  provenance and evidence); its events are the merged events as that document tells them.
- ``plover``: one PLOVER event per line, PLOVER field names, every mention as evidence.
- ``cameo``: CAMEO-root TSV with GDELT-like columns.
- ``csv`` / ``parquet``: a flat event table.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import places, plover
from .gazetteer import Gazetteer
from .merge import document_view, resolve_references
from .records import ActorRef, Document, Event
from .store import Store, StoredDocument

FORMATS = ("jsonl", "plover", "cameo", "csv", "parquet")

# Events as analysts count them: what is reported to have happened, be planned or be possible.
# A negated event ("no ceasefire was agreed") is evidence, exported under negated_events.
_REPORTED = ("happened", "scheduled", "hypothetical")


def _actor(a: ActorRef) -> dict[str, Any]:
    return {"entity_text": a.entity_text, "identifier_text": a.identifier_text, "code": a.code or _agent_type(a),
            "sector": a.sector}


def _agent_type(a: ActorRef) -> str | None:
    # PLOVER puts the agent type of a stateless body (IGO, NGO) where a state code would be
    return a.sector if a.sector in ("IGO", "NGO") else None


def _event_json(e: Event, docs: dict[str, StoredDocument], gaz: Gazetteer | None = None) -> dict[str, Any]:
    cat = plover.category(e.event)
    entry = gaz.entries.get(e.place) if gaz and e.place else None
    return {
        "id": e.id,
        "event": [e.event],
        "mode": e.mode,
        "context": e.context,
        "actor": [_actor(a) for a in e.actors],
        "recipient": [_actor(a) for a in e.recipients],
        "date": e.date,
        "event_loc": places.event_loc(e.place, entry.code if entry else None) if e.place else None,
        "status": e.status,
        "quad_class": cat.quad,
        "intensity": cat.intensity,
        "mentions": [
            {
                "document": docs[m.document].doc.path if m.document in docs else m.document,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
                "trigger": m.trigger,
                "text": docs[m.document].doc.text[m.start:m.end] if m.document in docs else None,
                "status": m.status,
            }
            for m in e.mentions
        ],
    }


def document_record(sd: StoredDocument, events: list[Event], docs: dict[str, StoredDocument],
                    gaz: Gazetteer) -> dict[str, Any]:
    d: Document = sd.doc
    # statements that refer to "the talks" take the date the accounts agree on for the piece's
    # main meeting, as its events do (the stored analysis only knows the piece's own dates)
    statements = [dataclasses.replace(st) for st in d.statements]
    resolve_references(dataclasses.replace(d, statements=statements, events=list(d.events)), events, gaz)
    views = [document_view(e, d, gaz) for e in events if any(m.document == d.content_hash for m in e.mentions)]
    # in reading order: the order in which the document first tells each event
    views = sorted((v for v in views if v.actors), key=lambda v: min((m.sentence or 0) for m in v.mentions))
    return {
        "id": sd.id,
        "path": d.path,
        "content_hash": d.content_hash,
        "format": d.format,
        "encoding": d.encoding,
        "language": d.language,
        "title": d.title,
        "title_en": d.title_en,
        "publication_date": d.publication_date,
        "authors": d.authors,
        "translators": d.translators,
        "outlet": d.outlet,
        "original_outlet": d.original_outlet,
        "genre": d.genre,
        "url": d.url,
        "entities": [
            {k: v for k, v in asdict(e).items()} for e in d.entities
        ],
        "time_expressions": [asdict(t) for t in d.time_expressions],
        "statements": [
            {"speaker": _actor(s.speaker), "text": s.text, "start": s.start, "end": s.end, "date": s.date,
             "verb": s.verb, "sentence": s.sentence}
            for s in statements
        ],
        "events": [_event_json(v, docs, gaz) for v in views if v.status in _REPORTED],
        "negated_events": [_event_json(v, docs, gaz) for v in views if v.status not in _REPORTED],
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in d.blocks],
        "warnings": d.warnings,
    }


def _cameo_code(a: ActorRef | None) -> str:
    """CAMEO-style actor code: state (or agent type) followed by sector, e.g. USAGOV, IGO."""
    if a is None:
        return ""
    code = a.code or _agent_type(a) or ""
    return code + (a.sector if a.sector and a.sector != code else "")


# the flat event table of the csv and parquet formats
_TABLE_COLUMNS = (
    "event_id", "date", "event", "mode", "context", "status", "actors", "actor_codes", "recipients",
    "recipient_codes", "place", "quad_class", "intensity", "cameo_root", "num_mentions", "num_sources", "sources",
)


def _table_rows(
    events: list[Event], docs: dict[str, StoredDocument]
) -> Iterator[tuple[dict[str, Any], ActorRef | None, ActorRef | None]]:
    """Each event as a flat row, with its first actor and its first counterpart (for CAMEO)."""
    for e in events:
        cat = plover.category(e.event)
        sources = sorted({docs[m.document].doc.path for m in e.mentions if m.document in docs})
        a1 = e.actors[0] if e.actors else None
        a2 = e.recipients[0] if e.recipients else (e.actors[1] if len(e.actors) > 1 else None)
        row = {
            "event_id": e.id,
            "date": e.date,
            "event": e.event,
            "mode": ",".join(e.mode),
            "context": ",".join(e.context),
            "status": e.status,
            "actors": "; ".join(a.identifier_text or a.entity_text for a in e.actors),
            "actor_codes": "; ".join(a.code or "" for a in e.actors),
            "recipients": "; ".join(a.identifier_text or a.entity_text for a in e.recipients),
            "recipient_codes": "; ".join(a.code or "" for a in e.recipients),
            "place": e.place,
            "quad_class": cat.quad,
            "intensity": cat.intensity,
            "cameo_root": cat.cameo[0],
            "num_mentions": len(e.mentions),
            "num_sources": len(sources),
            "sources": "; ".join(sources),
        }
        yield row, a1, a2


_CAMEO_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor2Code", "Actor2Name",
    "Actor2CountryCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
    "ActionGeo_FullName", "PLOVER", "Status", "SOURCEURL",
]


def _name(a: ActorRef | None) -> str:
    return (a.identifier_text or a.entity_text) if a else ""


def export(store: Store, fmt: str, out: io.TextIOBase | Path, gaz: Gazetteer) -> int:
    """Write the store in ``fmt`` to ``out`` (a text stream, or a path for parquet). Returns the
    number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    stored = store.documents()
    docs = {sd.doc.content_hash: sd for sd in stored}
    events = store.events()
    if fmt == "jsonl":
        for sd in stored:
            out.write(json.dumps(document_record(sd, events, docs, gaz), ensure_ascii=False) + "\n")
        return len(stored)
    reported = [e for e in events if e.status in _REPORTED]
    if fmt == "plover":
        for e in reported:
            out.write(json.dumps(_event_json(e, docs, gaz), ensure_ascii=False) + "\n")
        return len(reported)
    rows = list(_table_rows(reported, docs))
    if fmt == "cameo":
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(_CAMEO_COLUMNS)
        for r, a1, a2 in rows:
            w.writerow([
                r["event_id"], (r["date"] or "").replace("-", ""), _cameo_code(a1), _name(a1), (a1.code or "") if a1 else "",
                _cameo_code(a2), _name(a2), (a2.code or "") if a2 else "",
                r["cameo_root"], r["quad_class"], r["intensity"], r["num_mentions"], r["num_sources"],
                r["place"] or "", r["event"], r["status"], r["sources"],
            ])
        return len(rows)
    flat = [r for r, _, _ in rows]
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=_TABLE_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(flat)
        return len(flat)
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(flat) if flat else pa.table({k: pa.array([], pa.string()) for k in _TABLE_COLUMNS})
    pq.write_table(table, out)
    return len(flat)
