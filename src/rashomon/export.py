"""Standard formats out of the store.

- ``jsonl``: one analysed document per line (fields of the evaluation schema, plus
  provenance and evidence); its events are the merged events as that document tells them.
- ``plover``: one PLOVER event per line, PLOVER field names, every mention as evidence.
- ``cameo``: a GDELT 2.0 event table (tab-separated), full CAMEO codes, one row per actor pair.
- ``csv`` / ``parquet``: an events table (lists and dates typed) and a mentions table beside it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__, cameo, plover
from .gazetteer import Gazetteer
from .merge import document_view, resolve_references
from .names import CorpusNames
from .records import ActorRef, Document, Event
from .store import Carrier, Store, StoredDocument

FORMATS = ("jsonl", "plover", "cameo", "csv", "parquet")

# Events as analysts count them: what is reported to have happened, be planned or be possible.
# A negated event ("no ceasefire was agreed") is evidence, exported under negated_events.
_REPORTED = ("happened", "scheduled", "hypothetical")


def _actor(a: ActorRef, gaz: Gazetteer | None = None, day: str | None = None) -> dict[str, Any]:
    """A PLOVER actor object: the manual's code, sector, actor_text, identifier_text and office,
    and the entity_text the evaluation schema reads."""
    rec = {"entity_text": a.entity_text, "identifier_text": a.identifier_text, "code": a.code or _agent_type(a),
           "sector": a.sector}
    if gaz is not None:
        rec["actor_text"] = a.entity_text
        rec["office"] = _office(gaz, a.identifier_text, day)
    return rec


def _office(gaz: Gazetteer, ident: str | None, day: str | None) -> str | None:
    entry = gaz.entries.get(ident or "")
    if entry is None or not entry.roles:
        return None
    if day:
        return next((r.title for r in entry.roles if r.covers(day[:10])), None)
    current = [r for r in entry.roles if r.end is None]
    return current[-1].title if current else None


def _agent_type(a: ActorRef) -> str | None:
    # PLOVER puts the agent type of a stateless body (IGO, NGO) where a state code would be
    return a.sector if a.sector in ("IGO", "NGO") else None


def _location(place: str | None, gaz: Gazetteer) -> dict[str, Any] | None:
    """PLOVER's location object (GeoNames field names) for a dictionary place."""
    if not place:
        return None
    geo = cameo.place_geo(place, gaz)
    return {"identifier_text": place, "name": place, "latitude": geo.lat, "longitude": geo.lon,
            "cc3": geo.country or None, "full_name": geo.full_name}


def _sentence_of(sd: StoredDocument, index: int | None) -> tuple[str, str | None]:
    """The (normalised) text of a sentence and the kind of block it stands in."""
    for s in sd.doc.sentences:
        if s.index == index:
            kind = sd.doc.blocks[s.block].kind if 0 <= s.block < len(sd.doc.blocks) else None
            return s.text, kind
    return "", None


def _event_json(e: Event, docs: dict[str, StoredDocument], gaz: Gazetteer) -> dict[str, Any]:
    """One event with the fields of the PLOVER manual's JSON table (id, date, time, source,
    recipient, event, event_loc, event_text, quad_code, event_scale, mode, context, text_info,
    cite_info, coder, coded_date), the actor list also under ``actor``, and every mention."""
    cat = plover.category(e.event)
    code = cameo.event_code(e)
    day, _, time = (e.date or "").partition("T")
    first = next((docs[m.document] for m in e.mentions if m.document in docs), None)
    m0 = e.mentions[0] if e.mentions else None
    actors = [_actor(a, gaz, e.date) for a in e.actors]
    mentions = []
    for m in e.mentions:
        sd = docs.get(m.document or "")
        sentence, kind = _sentence_of(sd, m.sentence) if sd else ("", None)
        mentions.append({
            "document": sd.doc.path if sd else m.document,
            "sentence": m.sentence,
            "start": m.start,
            "end": m.end,
            "trigger": m.trigger,
            "text": sd.doc.text[m.start:m.end] if sd else None,
            "status": m.status,
            "block": kind,
            "url": sd.doc.url if sd else None,
            "outlet": sd.doc.outlet if sd else None,
        })
    return {
        "id": e.id,
        "has_event": True,
        "date": day or None,
        "time": time or None,
        "event": [e.event],
        "mode": e.mode,
        "context": e.context,
        "actor": actors,
        "source": actors,
        "recipient": [_actor(a, gaz, e.date) for a in e.recipients],
        "event_loc": _location(e.place, gaz),
        "event_text": list(dict.fromkeys(m["text"] for m in mentions if m["text"])),
        "quad_code": cat.quad,
        "event_scale": cameo.goldstein(code),
        "cameo": code,
        "status": e.status,
        "quad_class": cat.quad,
        "intensity": cat.intensity,
        "text_info": {"sequence": m0.sentence, "start": m0.start, "end": m0.end} if m0 else None,
        "cite_info": {"url": first.doc.url, "title": first.doc.title, "language": first.doc.language,
                      "publication": first.doc.outlet, "citation": first.doc.path} if first else None,
        "coder": f"rashomon {__version__}",
        "coded_date": date.today().isoformat(),
        "mentions": mentions,
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


# The event table of the csv and parquet formats, with each column's Arrow type. CSV writes a
# list as a JSON array and a date as YYYY-MM-DD; Parquet keeps the types.
_EVENT_COLUMNS: dict[str, str] = {
    "event_id": "string", "date": "date", "event": "string", "mode": "list", "context": "list",
    "status": "string", "actors": "list", "actor_codes": "list", "actor_sectors": "list",
    "recipients": "list", "recipient_codes": "list", "recipient_sectors": "list", "place": "string",
    "place_country": "string", "latitude": "float", "longitude": "float", "quad_class": "int",
    "intensity": "float", "cameo_root": "string", "cameo_code": "string", "goldstein": "float",
    "num_mentions": "int", "num_sources": "int", "num_articles": "int", "sources": "list", "documents": "list",
    "urls": "list",
}
# The mentions table beside it: one row per sentence that tells an event.
_MENTION_COLUMNS: dict[str, str] = {
    "event_id": "string", "document_id": "int", "path": "string", "url": "string", "outlet": "string",
    "publication_date": "date", "sentence": "int", "start": "int", "end": "int", "block": "string",
    "trigger": "string", "status": "string", "date": "date", "place": "string", "text": "string",
}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _name(a: ActorRef) -> str:
    return a.identifier_text or a.entity_text


def _publications(e: Event, carriers: dict[str, list[Carrier]]) -> list[Carrier]:
    """Every publication of the texts that tell an event: its documents and their copies."""
    return [c for h in dict.fromkeys(m.document for m in e.mentions) for c in carriers.get(h or "", [])]


def _table_rows(events: list[Event], docs: dict[str, StoredDocument], gaz: Gazetteer,
                carriers: dict[str, list[Carrier]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The events table and the mentions table."""
    rows, mention_rows = [], []
    for e in events:
        cat = plover.category(e.event)
        code = cameo.event_code(e)
        geo = cameo.place_geo(e.place, gaz)
        pubs = _publications(e, carriers)
        rows.append({
            "event_id": e.id, "date": _day(e.date), "event": e.event, "mode": list(e.mode),
            "context": list(e.context), "status": e.status,
            "actors": [_name(a) for a in e.actors], "actor_codes": [a.code for a in e.actors],
            "actor_sectors": [a.sector for a in e.actors],
            "recipients": [_name(a) for a in e.recipients], "recipient_codes": [a.code for a in e.recipients],
            "recipient_sectors": [a.sector for a in e.recipients],
            "place": e.place, "place_country": geo.country or None, "latitude": geo.lat, "longitude": geo.lon,
            "quad_class": cat.quad, "intensity": cat.intensity, "cameo_root": code[:2], "cameo_code": code,
            "goldstein": cameo.goldstein(code), "num_mentions": len(e.mentions),
            "num_sources": len({c.outlet or c.path for c in pubs}), "num_articles": len(pubs),
            "sources": sorted({c.outlet or c.path for c in pubs}),
            "documents": [c.path for c in pubs], "urls": [c.url for c in pubs if c.url],
        })
        for m in e.mentions:
            sd = docs.get(m.document or "")
            sentence, kind = _sentence_of(sd, m.sentence) if sd else ("", None)
            mention_rows.append({
                "event_id": e.id, "document_id": sd.id if sd else None, "path": sd.doc.path if sd else m.document,
                "url": sd.doc.url if sd else None, "outlet": sd.doc.outlet if sd else None,
                "publication_date": _day(sd.doc.publication_date) if sd else None, "sentence": m.sentence,
                "start": m.start, "end": m.end, "block": kind, "trigger": m.trigger, "status": m.status,
                "date": _day(m.date), "place": m.place, "text": sentence,
            })
    return rows, mention_rows


def mentions_path(events_path: Path) -> Path:
    """Where the mentions table goes beside an events file: ``x.parquet`` -> ``x.mentions.parquet``."""
    return events_path.with_name(f"{events_path.stem}.mentions{events_path.suffix}")


def _write_csv(rows: list[dict[str, Any]], columns: dict[str, str], out: io.TextIOBase) -> None:
    w = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: json.dumps(v, ensure_ascii=False) if columns[k] == "list" else
                    (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()})


def _write_parquet(rows: list[dict[str, Any]], columns: dict[str, str], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "date": pa.date32(), "list": pa.list_(pa.string()), "float": pa.float64(),
             "int": pa.int64()}
    schema = pa.schema([(k, types[t]) for k, t in columns.items()])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _cameo_sources(stored: list[StoredDocument], carriers: dict[str, list[Carrier]]) -> dict[str, cameo.Source]:
    out = {}
    for sd in stored:
        d = sd.doc
        first_body = next((i for i, b in enumerate(d.blocks) if b.kind == "body"), -1)
        lead = frozenset(s.index for s in d.sentences
                         if s.block == first_body or (0 <= s.block < len(d.blocks) and d.blocks[s.block].kind == "title"))
        added = sd.ingested_at.strftime("%Y%m%d%H%M%S") if sd.ingested_at else ""
        copies = tuple((c.path, c.outlet) for c in carriers.get(d.content_hash, []) if c.copy_id is not None)
        out[d.content_hash] = cameo.Source(d.path, d.url, d.outlet, d.publication_date, added, lead, copies)
    return out


def export(store: Store, fmt: str, out: io.TextIOBase | Path, gaz: Gazetteer,
           statuses: tuple[str, ...] | None = None, mentions_out: io.TextIOBase | Path | None = None,
           header: bool = True, with_statements: bool = False) -> int:
    """Write the store in ``fmt`` to ``out`` (a text stream, or a path for parquet). Returns the
    number of records written. ``statuses``: the event statuses to export (default: happened for
    cameo, happened, scheduled and hypothetical for the others). ``mentions_out``: where the csv and
    parquet formats write the mentions table (a stream or a path; none when not given). For cameo:
    ``header`` writes the column names first; ``with_statements`` adds attributed statements as
    CAMEO 010 rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    stored = store.documents()
    docs = {sd.doc.content_hash: sd for sd in stored}
    events = store.events()
    carriers = store.carriers()
    if fmt == "jsonl":
        corpus_names = CorpusNames(sd.doc.entities for sd in stored)
        for sd in stored:
            rec = document_record(sd, events, docs, gaz)
            corpus_names.apply(rec)
            rec["copies"] = [{"path": c.path, "url": c.url, "outlet": c.outlet, "original_outlet": c.original_outlet,
                              "title": c.title, "publication_date": c.publication_date}
                             for c in carriers.get(sd.doc.content_hash, []) if c.copy_id is not None]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return len(stored)
    wanted = statuses or (("happened",) if fmt == "cameo" else _REPORTED)
    reported = [e for e in events if e.status in wanted]
    if fmt == "cameo":
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        if header:
            w.writerow([*cameo.GDELT_COLUMNS, *cameo.EXTRA_COLUMNS])
        n = 0
        sources = _cameo_sources(stored, carriers)
        for row in cameo.rows(reported, sources, gaz):
            w.writerow(row)
            n += 1
        if with_statements:
            for row in cameo.statement_rows(store.statements(), sources):
                w.writerow(row)
                n += 1
        return n
    if fmt == "plover":
        for e in reported:
            rec = _event_json(e, docs, gaz)
            pubs = _publications(e, carriers)
            rec["num_sources"] = len({c.outlet or c.path for c in pubs})
            rec["articles"] = [{"path": c.path, "url": c.url, "outlet": c.outlet, "publication_date": c.publication_date,
                                "copy": c.copy_id is not None} for c in pubs]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return len(reported)
    rows, mention_rows = _table_rows(reported, docs, gaz, carriers)
    if fmt == "csv":
        _write_csv(rows, _EVENT_COLUMNS, out)
        if mentions_out is not None:
            if isinstance(mentions_out, Path):
                with mentions_out.open("w", encoding="utf-8", newline="") as f:
                    _write_csv(mention_rows, _MENTION_COLUMNS, f)
            else:
                _write_csv(mention_rows, _MENTION_COLUMNS, mentions_out)
        return len(rows)
    _write_parquet(rows, _EVENT_COLUMNS, out)
    if mentions_out is not None:
        _write_parquet(mention_rows, _MENTION_COLUMNS, Path(mentions_out))
    return len(rows)
