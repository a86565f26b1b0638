"""The ``rashomon`` command line."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from sqlalchemy import exc as sa_exc

from .api import make_report, query_events
from .export import FORMATS, export, mentions_path
from .gazetteer import default_gazetteer
from .ingest import DEFAULT_MAX_BYTES, iter_files
from .pipeline import analyze_paths
from .query import EventFilter, FilterError, expand_query, parse_statuses
from .records import Event
from .store import Store, default_db_path

app = typer.Typer(
    help="Many accounts, one event: political events, statements and sources from Japanese and English news.",
    no_args_is_help=True,
    add_completion=False,
)
# wide tables when the output goes to a file or a pipe, where there is no terminal to fit
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="RASHOMON_DB", help="SQLite store file, or a database URL such as "
                 "postgresql://user@host/db (default: per-user data directory; env RASHOMON_DB)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
StatusOption = Annotated[str | None, typer.Option(
    help="Event status: happened, scheduled, hypothetical or negated; several comma-separated.")]
PlaceOption = Annotated[str | None, typer.Option(
    help="Place, in either language; a region or state also finds the places inside it.")]


def _store(db: str | None, read: bool = False) -> Store:
    """The store; a read command refuses a store file that does not exist rather than create
    an empty one."""
    path = db or default_db_path()
    if read and "://" not in str(path) and str(path) != ":memory:" and not Path(path).expanduser().exists():
        err.print(f"error: no store at {path} (create it with `rashomon analyze PATH --db {path}`)",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    try:
        return Store(path)
    except (ModuleNotFoundError, sa_exc.ArgumentError, sa_exc.OperationalError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _fail(f"cannot open the store {_where(db)}: {reason}", 1)


def _where(db: str | None) -> str:
    """The store as the user named it, a URL's password hidden."""
    if db and "://" in db:
        try:
            return sa.make_url(db).render_as_string(hide_password=True)
        except sa_exc.ArgumentError:
            return db
    return str(db or default_db_path())


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"error: {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


try:
    from .forecast.cli import scenario_app

    app.add_typer(scenario_app, name="scenario", help="Negotiation scenarios: bargaining models and forecasts.")
except ImportError:  # the forecasting layer is optional at import time
    pass


class RateColumn(ProgressColumn):
    """Files per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} files/s" if task.speed else "", style="progress.data.speed")


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    db: DbOption = None,
    max_size: Annotated[float, typer.Option("--max-size", help="Largest file to read, in MB.")] = DEFAULT_MAX_BYTES / 1e6,
    as_json: JsonOption = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes analysing documents (default: all cores).")]
    = os.cpu_count() or 1,
    engine: Annotated[str, typer.Option("--engine", help="local (processes of this machine) or dask (a Dask cluster).")]
    = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="dask: a running scheduler (tcp://host:8786); "
                                                  "default: a local cluster of --workers processes.")] = None,
    shards: Annotated[Path | None, typer.Option("--shards", help="dask: write Parquet shards into this folder instead "
                                                "of the store; `rashomon merge` folds them in.")] = None,
) -> None:
    """Ingest, clean and analyse articles into the store; merge events across sources."""
    if engine not in ("local", "dask") or (engine == "local" and (scheduler or shards)):
        _fail(f"--engine {engine!r}: choose local or dask" if engine not in ("local", "dask")
              else "--scheduler and --shards need --engine dask")
    if shards is not None:
        from .cli_dask import analyze_to_shards

        return analyze_to_shards(paths, shards, scheduler, workers, int(max_size * 1e6), as_json)
    store = _store(db)
    files = list(iter_files(paths))
    progress = Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeRemainingColumn(), TextColumn("{task.description}"),
                        console=err, transient=True, disable=as_json or not err.is_terminal)
    with progress:
        task = progress.add_task("", total=len(files))
        seen: set[str] = set()

        def on_file(path: str, status: str) -> None:
            base = path.split("#L")[0]  # the lines of one JSON Lines file advance the bar once
            if base not in seen:
                seen.add(base)
                progress.update(task, advance=1, description=Path(base).name)

        if engine == "dask":
            from .cli_dask import analyze_on_dask

            report = analyze_on_dask(paths, store, scheduler, workers, int(max_size * 1e6), on_file)
        else:
            report = analyze_paths(paths, store, max_bytes=int(max_size * 1e6), on_file=on_file, workers=workers)
    errors = [str(e) for e in report.errors]
    for e in errors:
        err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
    if as_json:
        print(json.dumps({
            "db": _where(db),
            "added": [dataclasses.asdict(a) for a in report.added],
            "versions": report.versions, "duplicates": report.duplicates, "copies": report.copies,
            "errors": errors,
            "seconds": round(report.seconds, 3), "stats": store.stats(),
            "stages": {k: round(v, 3) for k, v in dataclasses.asdict(report.stages).items()},
        }, ensure_ascii=False, indent=1))
    else:
        table = Table(title=f"{len(report.added)} new document(s), {report.copies} copy(ies) of stored texts, "
                            f"{report.duplicates} already stored, "
                            f"{len(report.errors)} failed — {report.seconds:.1f}s")
        for col in ("id", "file", "lang", "outlet", "date", "title", "entities", "events", "statements", "warnings"):
            table.add_column(col, overflow="fold")
        for d in report.added:
            table.add_row(str(d.id), Path(d.path).name, d.language, d.outlet or "", d.publication_date or "",
                          (d.title or "")[:40], str(d.entities), str(d.events), str(d.statements),
                          "; ".join(d.warnings))
        console.print(table)
        stats = store.stats()
        console.print(" ".join(f"{k}={v}" for k, v in stats.items()), style="dim")
    if report.errors:
        raise typer.Exit(1)


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (default: standard output).")] = None,
    status: Annotated[str | None, typer.Option(
        help="Event statuses to export, comma-separated (default: happened for cameo; happened, scheduled, "
             "hypothetical for the other event formats).")] = None,
    header: Annotated[bool, typer.Option("--header/--no-header",
                                         help="cameo: column names on the first line (GDELT's own files have none).")] = True,
    statements: Annotated[bool, typer.Option("--statements",
                                             help="cameo: add attributed statements as CAMEO 010 rows.")] = False,
    db: DbOption = None,
) -> None:
    """Export documents (jsonl) or events (plover, cameo, csv, parquet)."""
    if fmt not in FORMATS:
        err.print(f"error: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        statuses = parse_statuses(status) if status else None
    except FilterError as e:
        _fail(str(e))
    store = _store(db, read=True)
    gaz = default_gazetteer()
    # the csv and parquet event tables get their mentions table beside them (x.mentions.csv)
    beside = mentions_path(output) if output is not None and fmt in ("csv", "parquet") else None
    if fmt == "parquet":
        if output is None:
            err.print("error: --format parquet needs -o FILE")
            raise typer.Exit(2)
        output.parent.mkdir(parents=True, exist_ok=True)
        n = export(store, fmt, output, gaz, statuses, beside)
    elif output is None:
        n = export(store, fmt, sys.stdout, gaz, statuses, None, header, statements)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as f:
            n = export(store, fmt, f, gaz, statuses, beside, header, statements)
    err.print(f"{n} record(s) written" + (f" to {output}" if output else "")
              + (f", mentions to {beside}" if beside else ""), style="dim")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (Japanese or English); a dictionary name finds "
                                              "the actor's names in both languages.")],
    limit: Annotated[int, typer.Option(help="Most hits to show.")] = 20,
    literal: Annotated[bool, typer.Option("--literal", help="Only the words as typed, without the dictionary's "
                                                            "other names.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the stored sentences, best match (bm25) first."""
    store = _store(db, read=True)
    groups = None if literal else expand_query(default_gazetteer(), query)
    hits = store.search(query, limit=limit, alternatives=groups)
    if as_json:
        print(json.dumps([dataclasses.asdict(h) for h in hits], ensure_ascii=False, indent=1, default=str))
        return
    if not hits:
        console.print("no match")
        raise typer.Exit(1)
    for h in hits:
        score = f" bm25 {h.score:.2f}" if h.score is not None else ""
        console.print(f"[bold]#{h.doc_id}[/bold] {Path(h.path).name} [dim]{(h.title or '')[:50]} "
                      f"[{h.start}:{h.end}]{score}[/dim]", highlight=False)
        p, out, pos = h.passage, [], 0
        for a, b in h.matches:
            out += [escape(p[pos:a]), f"[reverse]{escape(p[a:b])}[/reverse]"]
            pos = b
        console.print("  " + "".join(out) + escape(p[pos:]), highlight=False)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id, path, or content-hash prefix.")],
    blocks: Annotated[bool, typer.Option("--blocks", help="Show every block with its kind, including those set aside.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a stored document with its provenance."""
    store = _store(db, read=True)
    sd = store.get(int(doc) if doc.isdigit() else doc)
    if sd is None:
        err.print(f"error: no document {doc!r} in the store")
        raise typer.Exit(1)
    d = sd.doc
    copies = [f"{c.outlet or '?'} {c.url or c.path}" for c in store.carriers(d.content_hash).get(d.content_hash, [])
              if c.copy_id is not None]
    meta = {"id": sd.id, "path": d.path, "title": d.title, "title_en": d.title_en, "language": d.language,
            "publication_date": d.publication_date, "authors": d.authors, "translators": d.translators,
            "outlet": d.outlet, "original_outlet": d.original_outlet, "genre": d.genre, "encoding": d.encoding,
            "format": d.format, "content_hash": d.content_hash, "copies": copies}
    if as_json:
        meta["blocks"] = [{"kind": b.kind, "start": b.start, "end": b.end, "text": b.text} for b in d.blocks]
        print(json.dumps(meta, ensure_ascii=False, indent=1))
        return
    for k, v in meta.items():
        if v not in (None, [], ""):
            console.print(f"[bold]{k}[/bold]: {v}", highlight=False)
    console.print()
    for b in d.blocks:
        if blocks:
            console.print(f"[dim]{b.kind:>9}[/dim] {b.text}", highlight=False)
        elif b.kind in ("title", "heading", "body", "list"):
            console.print(b.text, highlight=False)


def _filter_events(store: Store, **options: str | None) -> list[Event]:
    gaz = default_gazetteer()
    try:
        f = EventFilter.parse(gaz, **options)
    except FilterError as e:
        _fail(str(e))
    outlets = {h: {o.casefold() for o in names} for h, names in store.outlets().items()}
    if f.source and not any(f.source in names for names in outlets.values()):
        known = sorted({o for names in store.outlets().values() for o in names})
        _fail(f"--source {options['source']!r} is no outlet in the store; known: {', '.join(known) or 'none'}")
    found = query_events(store, **options)
    unknown = [w.text for w in f.actors if not w.known and not w.code]
    if not found and unknown:
        err.print(f"note: {', '.join(map(repr, unknown))} is no name in the actor dictionary; matched as written",
                  highlight=False, soft_wrap=True)
    return found


def _print_events(events: list[Event], title: str, as_json: bool, store: Store) -> None:
    copies = {h: len(c) - 1 for h, c in store.carriers().items()}

    def articles(e: Event) -> int:  # the documents that tell it and their syndicated copies
        return sum(1 + copies.get(h or "", 0) for h in {m.document for m in e.mentions})

    if as_json:
        print(json.dumps([{
            "id": e.id, "event": e.event, "mode": e.mode, "date": e.date, "place": e.place, "status": e.status,
            "actors": [a.identifier_text or a.entity_text for a in e.actors],
            "recipients": [a.identifier_text or a.entity_text for a in e.recipients],
            "mentions": len(e.mentions), "sources": len({m.document for m in e.mentions}), "articles": articles(e),
        } for e in events], ensure_ascii=False, indent=1))
        return
    table = Table(title=title)
    for col in ("id", "date", "event", "actors", "recipients", "place", "status", "mentions", "sources"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.id, e.date or "", e.event + (f" ({','.join(e.mode)})" if e.mode else ""),
                      ", ".join(a.identifier_text or a.entity_text for a in e.actors),
                      ", ".join(a.identifier_text or a.entity_text for a in e.recipients),
                      e.place or "", e.status, str(len(e.mentions)), str(len({m.document for m in e.mentions})))
    console.print(table)


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(
        help="Actor: any dictionary name in either language, any case (Putin, プーチン), or a code (RUS).")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors, comma-separated (e.g. USA,RUS).")] = None,
    category: Annotated[str | None, typer.Option(help="PLOVER category, e.g. CONSULT.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet that reports the event (any case).")] = None,
    status: StatusOption = None,
    place: PlaceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List merged events, most reported first."""
    store = _store(db, read=True)
    evs = _filter_events(store, actor=actor, dyad=dyad, category=category, since=since,
                         until=until, source=source, status=status, place=place)
    evs.sort(key=lambda e: (-len({m.document for m in e.mentions}), -len(e.mentions)))
    _print_events(evs, f"{len(evs)} event(s)", as_json, store)


@app.command()
def timeline(
    actor: Annotated[str | None, typer.Option(help="Actor name or code.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors, comma-separated.")] = None,
    category: Annotated[str | None, typer.Option(help="PLOVER category.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet (any case).")] = None,
    status: StatusOption = None,
    place: PlaceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Dated events in date order."""
    store = _store(db, read=True)
    evs = [e for e in _filter_events(store, actor=actor, dyad=dyad, category=category, since=since,
                                     until=until, source=source, status=status, place=place) if e.date]
    evs.sort(key=lambda e: (e.date, e.event))
    _print_events(evs, f"timeline: {len(evs)} dated event(s)", as_json, store)


@app.command("compare")
def compare_cmd(
    event: Annotated[str | None, typer.Argument(help="Event id (or its first characters); default: all events.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Only documents matching this full-text query.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events of this actor (name or code).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare the sources: coverage, agreeing and contradicting facts, shared statements, chains, framing."""
    from .compare import compare, render, to_json

    try:
        result = compare(_store(db, read=True), event=event, query=query, actor=actor)
    except ValueError as exc:
        err.print(f"error: {exc}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(to_json(result), ensure_ascii=False, indent=1))
    else:
        render(result, console)



@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the report into.")],
    actor: Annotated[str | None, typer.Option(help="Actor name or code.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors, comma-separated.")] = None,
    category: Annotated[str | None, typer.Option(help="PLOVER category.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet.")] = None,
    scenario: Annotated[Path | None, typer.Option(help="Negotiation scenario (YAML or KTAB CSV) to forecast.",
                                                  exists=True, dir_okay=False)] = None,
    model: Annotated[str, typer.Option(help="Bargaining model for --scenario.")] = "bdm",
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs for --scenario (0: none).")] = 200,
    lang: Annotated[str, typer.Option(help="Language of the labels: en or ja.")] = "en",
    db: DbOption = None,
) -> None:
    """Write an offline HTML report (charts, coverage, comparison, statements, evidence) into a folder."""
    if output.exists() and not output.is_dir():
        err.print(f"error: {output} is a file, not a folder for the report", soft_wrap=True, highlight=False)
        raise typer.Exit(2)
    try:
        index = make_report(_store(db, read=True), output, scenario, model, runs, lang, actor=actor, dyad=dyad,
                            category=category, since=since, until=until, source=source)
    except ValueError as exc:  # a bad scenario file or model name (ScenarioError is one)
        err.print(f"error: {exc}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from None
    err.print(f"report written to {index}", style="dim")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (localhost only by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Browse the store in a local web app (search, documents, events, timeline, upload)."""
    from .web.app import run

    run(_store(db, read=True), host, port)


def _register_record_commands() -> None:
    from . import cli_dask
    from .cli_records import register

    register(app)
    cli_dask.register(app)


_register_record_commands()
