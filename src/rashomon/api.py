"""The Python API: what the command line and the web app call, for scripts and notebooks.

    import rashomon
    store = rashomon.open_store("news.sqlite")
    rashomon.analyse(["articles/"], store)
    for e in rashomon.query_events(store, dyad="USA,RUS", since="2025-08"):
        print(e.date, e.event, [a.identifier_text for a in e.actors])
    rashomon.export_store(store, "plover", "events.jsonl")
    c = rashomon.compare_accounts(store, actor="Putin")   # agreements, contradictions, framing
    for fact in c.contradictions:
        print(fact.event, fact.field, [(v.value, v.sources) for v in fact.values])
    rashomon.make_report(store, "report/", lang="ja")     # labels in Japanese
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .ingest import DEFAULT_MAX_BYTES
from .records import Document, Event

if TYPE_CHECKING:
    from .compare import Comparison
from .store import Store, default_db_path

__all__ = ["analyse", "analyse_text", "open_store", "query_events", "compare_accounts", "export_store",
           "make_report"]


def open_store(db: str | Path | None = None) -> Store:
    """The SQLite store at ``db`` (a path or a database URL; default: the per-user data
    directory, or RASHOMON_DB). Created and migrated on first open."""
    return Store(db or default_db_path())


def analyse(paths: Iterable[str | Path], store: Store, max_bytes: int = DEFAULT_MAX_BYTES,
            on_file: Callable[[str, str], None] | None = None):
    """Ingest, clean and analyse every article under ``paths`` into ``store``, then merge
    events across the store. Returns a ``pipeline.BatchReport`` (added, duplicates, errors);
    ``on_file(path, status)`` is called after each file."""
    from .pipeline import analyze_paths  # the language models load only when analysing

    return analyze_paths(paths, store, max_bytes=max_bytes, on_file=on_file)


def analyse_text(text: str, path: str = "<text>", metadata: dict | None = None) -> Document:
    """Analyse one article given as a string, without storing it."""
    from .pipeline import analyze_text

    return analyze_text(text, path, metadata)


def query_events(store: Store, actor: str | None = None, dyad: str | None = None, category: str | None = None,
                 since: str | None = None, until: str | None = None, source: str | None = None,
                 status: str | None = None, place: str | None = None) -> list[Event]:
    """Merged events that meet every filter given. ``actor``: any dictionary name (either
    language, any case) or code among actors or recipients; ``dyad``: two of them, comma-separated
    ("USA,RUS"); ``category``: PLOVER category; ``since`` / ``until``: ISO dates or their month or
    year prefixes, inclusive; ``source``: an outlet that reports it (any case); ``status``: one or
    more of happened, scheduled, hypothetical, negated; ``place``: a place or one inside it.
    Raises ``query.FilterError`` (a ``ValueError``) with a one-line message for a value that
    cannot be used."""
    from .gazetteer import default_gazetteer
    from .query import EventFilter

    gaz = default_gazetteer()
    f = EventFilter.parse(gaz, actor=actor, dyad=dyad, category=category, since=since, until=until,
                          source=source, status=status, place=place)
    outlets = {h: {o.casefold() for o in names} for h, names in store.outlets().items()}
    return [e for e in store.events() if f.matches(e, gaz, outlets)]


def compare_accounts(store: Store, event: str | None = None, query: str | None = None,
                     actor: str | None = None) -> Comparison:
    """Compare the accounts of the sources in ``store`` (what ``rashomon compare`` prints): all of
    them, those of one ``event`` (id or its first characters), of the documents matching a
    full-text ``query``, or of the events of one ``actor``. Returns a ``compare.Comparison``:
    sources with outlet profiles, translation/republication chains, coverage (stories, events
    only one source reports, silences), facts that agree or contradict (``.contradictions``),
    shared statements and framing labels, each with its evidence (document id, sentence);
    ``compare.to_json(c)`` gives plain data. Raises ``ValueError`` when nothing matches."""
    from .compare import compare

    return compare(store, event=event, query=query, actor=actor)


def export_store(store: Store, fmt: str, dest: str | Path | TextIO) -> int:
    """Write the store in ``fmt`` (jsonl, plover, cameo, csv, parquet) to a file path or an open
    text stream; returns the number of records."""
    from .export import export as _export
    from .gazetteer import default_gazetteer

    if isinstance(dest, str | Path) and fmt != "parquet":
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        with Path(dest).open("w", encoding="utf-8", newline="") as f:
            return _export(store, fmt, f, default_gazetteer())
    return _export(store, fmt, dest, default_gazetteer())


def make_report(store: Store, out_dir: str | Path, scenario: str | Path | None = None, model: str = "bdm",
                runs: int = 200, lang: str = "en", **filters: str | None) -> Path:
    """Write the offline HTML report of the store (events narrowed by the ``query_events``
    filters) into ``out_dir``, with the comparison of accounts (``compare_accounts``, narrowed
    to the ``actor`` filter) and the forecast of a negotiation ``scenario`` (YAML or KTAB CSV)
    by ``model`` if one is given; labels in ``lang`` (en or ja). Returns the path of its
    index.html."""
    from .report import write_report
    from .views import UI_LANGUAGES

    if lang not in UI_LANGUAGES:
        raise ValueError(f"language {lang!r}: the report speaks {', '.join(UI_LANGUAGES)}")
    described = ", ".join(f"{k}={v}" for k, v in filters.items() if v)
    events = query_events(store, **filters)
    try:
        comparison = compare_accounts(store, actor=filters.get("actor")) if events else None
    except ValueError:  # nothing to compare (no document, or no event of the actor)
        comparison = None
    return write_report(store, Path(out_dir), events, described, Path(scenario) if scenario else None, model, runs,
                        comparison, lang)
