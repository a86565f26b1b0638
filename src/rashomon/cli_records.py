"""``rashomon event ID`` and ``rashomon statements``: one event with all its evidence, and who
said what."""

# annotations are evaluated when the commands are defined: they refer to the cli module
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .gazetteer import default_gazetteer
from .query import FilterError, parse_date, resolve_actor
from .records import Event
from .store import Store, StoredDocument


def _sentence_text(sd: StoredDocument | None, index: int | None, start: int, end: int) -> str:
    if sd is None:
        return ""
    for s in sd.doc.sentences:
        if s.index == index:
            return s.text
    return sd.doc.text[start:end]


def _block_kind(sd: StoredDocument | None, index: int | None) -> str | None:
    if sd is None:
        return None
    for s in sd.doc.sentences:
        if s.index == index and 0 <= s.block < len(sd.doc.blocks):
            return sd.doc.blocks[s.block].kind
    return None


def find_event(store: Store, ref: str) -> Event:
    """The event whose id is ``ref`` or starts with it (``LookupError`` otherwise)."""
    events = store.events()
    exact = [e for e in events if e.id == ref]
    found = exact or [e for e in events if e.id.startswith(ref)]
    if not found:
        raise LookupError(f"no event {ref!r} in the store")
    if len(found) > 1:
        raise LookupError(f"event id prefix {ref!r} matches {len(found)} events; give more of it")
    return found[0]


def event_record(store: Store, e: Event) -> dict[str, Any]:
    """An event with every mention: document, outlet, URL, the sentence and its span."""
    hashes = {m.document for m in e.mentions}
    docs = {sd.doc.content_hash: sd for sd in store.documents_with_hashes([h for h in hashes if h])}
    name = lambda a: a.identifier_text or a.entity_text  # noqa: E731
    mentions = []
    for m in e.mentions:
        sd = docs.get(m.document or "")
        mentions.append({
            "document_id": sd.id if sd else None, "path": sd.doc.path if sd else m.document,
            "outlet": sd.doc.outlet if sd else None, "original_outlet": sd.doc.original_outlet if sd else None,
            "url": sd.doc.url if sd else None, "publication_date": sd.doc.publication_date if sd else None,
            "sentence": m.sentence, "start": m.start, "end": m.end, "block": _block_kind(sd, m.sentence),
            "text": _sentence_text(sd, m.sentence, m.start, m.end), "trigger": m.trigger, "status": m.status,
            "actors": [name(a) for a in m.actors], "recipients": [name(a) for a in m.recipients],
            "date": m.date, "place": m.place,
        })
    pubs = [c for h in dict.fromkeys(m.document for m in e.mentions) for c in store.carriers(h).get(h or "", [])]
    sources = sorted({c.outlet or c.path for c in pubs})
    return {
        "id": e.id, "event": e.event, "mode": e.mode, "context": e.context, "date": e.date, "place": e.place,
        "status": e.status, "actors": [name(a) for a in e.actors], "recipients": [name(a) for a in e.recipients],
        "num_mentions": len(mentions), "num_articles": len(pubs), "sources": sources,
        "articles": [{"path": c.path, "url": c.url, "outlet": c.outlet, "publication_date": c.publication_date,
                      "copy": c.copy_id is not None} for c in pubs],
        "mentions": mentions,
    }


def register(app: typer.Typer) -> None:
    from . import cli

    @app.command("event")
    def event_cmd(
        event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix of it).")],
        db: cli.DbOption = None,
        as_json: cli.JsonOption = False,
    ) -> None:
        """One event with all its mentions, sources and sentences."""
        store = cli._store(db, read=True)
        try:
            e = find_event(store, event_id.strip())
        except LookupError as exc:
            cli._fail(str(exc), 1)
        rec = event_record(store, e)
        if as_json:
            print(json.dumps(rec, ensure_ascii=False, indent=1))
            return
        out = cli.console
        mode = f" ({', '.join(e.mode)})" if e.mode else ""
        out.print(f"[bold]{rec['event']}{mode}[/bold] {rec['date'] or 'undated'} {rec['status']}  [dim]{e.id}[/dim]",
                  highlight=False)
        out.print(f"actors: {', '.join(rec['actors']) or '-'}   recipients: {', '.join(rec['recipients']) or '-'}"
                  f"   place: {rec['place'] or '-'}", highlight=False)
        out.print(f"{rec['num_mentions']} mention(s) in {rec['num_articles']} article(s) from "
                  f"{len(rec['sources'])} source(s): {', '.join(rec['sources'])}", highlight=False)
        for a in rec["articles"]:
            if a["copy"]:
                out.print(f"  [dim]same text also published by {a['outlet'] or '?'}: {a['url'] or a['path']}[/dim]",
                          highlight=False)
        for m in rec["mentions"]:
            where = m["url"] or Path(m["path"]).name
            out.print(f"\n[bold]#{m['document_id']}[/bold] {m['outlet'] or ''} {m['publication_date'] or ''} {where}"
                      f" [dim]sentence {m['sentence']} [{m['start']}:{m['end']}] {m['block'] or ''}"
                      f" {m['status']}[/dim]", highlight=False)
            out.print("  " + m["text"], highlight=False)

    @app.command("statements")
    def statements_cmd(
        speaker: Annotated[str | None, typer.Option(
            help="Speaker: any dictionary name in either language, any case, or a state code.")] = None,
        since: Annotated[str | None, typer.Option(help="Said from this date (YYYY-MM-DD, YYYY-MM or YYYY).")] = None,
        until: Annotated[str | None, typer.Option(help="Said up to this date, inclusive.")] = None,
        db: cli.DbOption = None,
        as_json: cli.JsonOption = False,
    ) -> None:
        """Who said what: attributed statements with their documents."""
        try:
            who = resolve_actor(default_gazetteer(), speaker) if speaker else None
            lo = parse_date(since, "--since") if since else None
            hi = parse_date(until, "--until") if until else None
        except FilterError as exc:
            cli._fail(str(exc))
        rows = []
        for st in cli._store(db, read=True).statements():
            s = st.statement
            day = s.date or st.publication_date
            if who and not who.matches(s.speaker):
                continue
            if lo and not (day and day >= lo):
                continue
            if hi and not (day and day[:len(hi)] <= hi):
                continue
            rows.append({"speaker": s.speaker.identifier_text or s.speaker.entity_text, "code": s.speaker.code,
                         "sector": s.speaker.sector, "date": s.date, "verb": s.verb, "text": s.text,
                         "document_id": st.doc_id, "path": st.path, "outlet": st.outlet, "url": st.url,
                         "sentence": s.sentence, "start": s.start, "end": s.end})
        if as_json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        if not rows:
            cli.console.print("no statement")
            raise typer.Exit(1)
        table = cli.Table(title=f"{len(rows)} statement(s)")
        for col in ("date", "speaker", "said", "source"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(r["date"] or "", r["speaker"], r["text"], f"#{r['document_id']} {r['outlet'] or ''}")
        cli.console.print(table)
