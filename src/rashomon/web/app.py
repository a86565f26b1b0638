"""The local web app over a store: pages for people, the same data as JSON (OpenAPI at
/openapi.json, read as a page at /api).

Security: templates escape all article text and pages send a Content-Security-Policy that
allows only the app's own script; request paths never reach the file system (documents are
found by integer id, static assets are read into memory at start and looked up by name);
every write needs the token printed at start; hosts other than the one served are refused
(DNS rebinding) and no CORS header is sent, so other sites' pages cannot read the API.
"""

from __future__ import annotations

import contextvars
import dataclasses
import json
import secrets
import sys
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import FastAPI, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import charts, plover
from ..api import query_events
from ..compare import Comparison, Snapshot, claim_patterns, compare, framing_lexicon, outlet_profiles, to_json
from ..compare_view import compare_view
from ..forecast.models import MODEL_NAMES
from ..forecast.scenario import load_scenario
from ..gazetteer import default_gazetteer
from ..ingest import (
    DEFAULT_MAX_BYTES,
    HTML_EXTENSIONS,
    JSONL_EXTENSIONS,
    MARKDOWN_EXTENSIONS,
    TEXT_EXTENSIONS,
)
from ..records import ActorRef, Event
from ..report_forecast import ScenarioView, data_uri, doc_ids_by_stem, forecast_view
from ..store import Store, StoredDocument, documents_t, event_mentions_t, events_t
from ..views import (
    STATIC,
    UI_LANGUAGES,
    DocRef,
    actor_label,
    document_blocks,
    environment,
    translate,
    translator,
    ui_language,
)
from .jobs import Jobs

UPLOAD_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | MARKDOWN_EXTENSIONS | JSONL_EXTENSIONS
TOKEN_HEADER = "X-Rashomon-Token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
PAGE_SIZE = 100  # rows of the document and event lists per page
MAX_RUNS = 500  # Monte Carlo runs a scenario page may ask for
MAX_FILES = 100  # per upload
# documents kept in memory for quick comparisons of one event (about 85 MB per 1,000 documents)
SNAPSHOT_MAX_DOCUMENTS = 20_000
SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
NAV = [("Overview", "/"), ("Events", "/events"), ("Compare", "/compare"), ("Timeline", "/timeline"),
       ("Scenarios", "/scenarios"), ("Upload", "/upload"), ("API", "/api")]
# the language of a page's labels: ?lang= or else the browser's Accept-Language (set per request)
UI_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("ui_lang", default="en")


Actor = Annotated[str | None, Query(description="Actor name or code (e.g. 'Vladimir Putin', RUS).")]
Dyad = Annotated[str | None, Query(description="Two actors, comma-separated (e.g. USA,RUS).")]
Category = Annotated[str | None, Query(description="PLOVER category, e.g. CONSULT.")]
Since = Annotated[str | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(description="Up to this date (YYYY-MM-DD).")]
Source = Annotated[str | None, Query(description="Outlet that reports the event.")]
Runs = Annotated[int, Query(ge=0, le=MAX_RUNS, description="Monte Carlo runs over the ranges (0: none).")]
Model = Annotated[str, Query(description="Bargaining model, e.g. bdm, compromise, ensemble.")]
EventId = Annotated[str | None, Query(description="Event id or its first characters.")]
FullText = Annotated[str | None, Query(max_length=200, description="Full-text search over the documents.")]


class EventQueries:
    """Results of ``query_events`` kept until the store changes. Reading every event of a store
    of a thousand documents takes a second or more, and pages ask the same questions again; a
    change (documents added, re-analysed, events merged again) moves the fingerprint."""

    def __init__(self, store: Store, size: int = 32) -> None:
        self.store = store
        self.size = size
        self.cache: OrderedDict[tuple, list[Event]] = OrderedDict()
        self.lock = threading.Lock()

    def fingerprint(self) -> tuple:
        with self.store.engine.connect() as conn:
            return tuple(conn.execute(sa.select(
                sa.select(sa.func.count()).select_from(events_t).scalar_subquery(),
                sa.select(sa.func.max(event_mentions_t.c.id)).scalar_subquery(),
                sa.select(sa.func.max(documents_t.c.id)).scalar_subquery(),
            )).one())

    def __call__(self, **filters: str | None) -> list[Event]:
        key = (self.fingerprint(), *sorted(filters.items()))
        with self.lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
        try:
            found = query_events(self.store, **filters)
        except ValueError as exc:  # a filter value that cannot be used: the user's to fix
            raise HTTPException(422, str(exc)) from None
        with self.lock:
            self.cache[key] = found
            while len(self.cache) > self.size:
                self.cache.popitem(last=False)
        return found


class NotReady(Exception):
    """The answer is being computed in the background."""


class Comparisons:
    """Comparisons of accounts kept until the store changes (same fingerprint as the events).

    One event's comparison reads only what bears on it and takes a moment. The whole store's,
    or a query's or an actor's over many documents, takes seconds on a thousand documents: a page
    asks for it with ``wait=False``, which starts it in the background and raises ``NotReady``
    until it is done (the whole store's is started at start and after each upload); the API
    waits. Requests for one comparison share one computation. The whole store's comparison
    leaves a snapshot of the store (its events, documents and what was worked out per document)
    over which the first comparison of one event reads nothing from the store."""

    def __init__(self, queries: EventQueries, size: int = 8) -> None:
        self.queries = queries
        self.size = size
        self.cache: OrderedDict[tuple, Comparison | HTTPException] = OrderedDict()
        self.running: dict[tuple, threading.Event] = {}
        self.lock = threading.Lock()
        self.snapshot: tuple[tuple, Snapshot] | None = None  # (fingerprint, snapshot) of the last state

    def __call__(self, event: str | None, query: str | None, actor: str | None, wait: bool = True) -> Comparison:
        key = (self.queries.fingerprint(), event or None, query or None, actor or None)
        while True:
            with self.lock:
                found = self.cache.get(key)
                if found is not None:
                    self.cache.move_to_end(key)
                    break
                done = self.running.get(key)
                mine = done is None
                if mine:
                    done = self.running[key] = threading.Event()
            if mine and wait:
                self._compute(key, done)
            elif mine:
                threading.Thread(target=self._compute, args=(key, done), daemon=True,
                                 name="rashomon-compare").start()
                raise NotReady
            elif wait:
                done.wait()
            else:
                raise NotReady
        if isinstance(found, HTTPException):
            raise found
        return found

    def _compute(self, key: tuple, done: threading.Event) -> None:
        fingerprint, event, query, actor = key
        found: Comparison | HTTPException | None = None
        store = self.queries.store
        try:
            kept = self.snapshot
            snapshot = kept[1] if kept is not None and kept[0] == fingerprint else None
            if snapshot is None and not (event or query or actor):
                # the whole store's comparison reads every document and event anyway (the events
                # as the unfiltered event list has them); they are kept unless the store is large
                snapshot = Snapshot(self.queries(), store.documents())
                if len(snapshot.docs) <= SNAPSHOT_MAX_DOCUMENTS:
                    self.snapshot = (fingerprint, snapshot)
            found = compare(store, event=event, query=query, actor=actor, snapshot=snapshot)
        except ValueError as exc:  # nothing matches: the user's to change
            found = HTTPException(404, str(exc))
        finally:
            with self.lock:
                if found is not None:  # else it failed: the next request tries again
                    _keep(self.cache, key, found, self.size)
                del self.running[key]
            done.set()


class Forecasts:
    """Forecasts of the bundled scenarios, made on first request and kept (per model, runs and
    state of the store): a forecast with its plots takes seconds."""

    def __init__(self, store: Store, size: int = 8) -> None:
        self.store = store
        self.size = size  # a forecast's plots weigh about half a megabyte
        # names map to files read at start: a request names a scenario, never a path
        self.files = {p.stem: p for p in sorted(SCENARIOS.glob("*.yaml"))}
        self.titles = {name: load_scenario(p).name for name, p in self.files.items()}
        self.cache: OrderedDict[tuple, tuple[ScenarioView, dict[str, str]]] = OrderedDict()
        self.lock = threading.Lock()  # pyplot is not thread-safe

    def __call__(self, name: str, model: str, runs: int) -> tuple[ScenarioView, dict[str, str]]:
        paths = {d.id: d.path for d in _summaries(self.store)}
        key = (name, model, runs, max(paths, default=0), len(paths))
        with self.lock:
            if key not in self.cache:
                with tempfile.TemporaryDirectory(prefix="rashomon-forecast-") as tmp:
                    view = forecast_view(self.files[name], model, runs, doc_ids_by_stem(paths), Path(tmp))
                    images = {p.name: data_uri(p) for p in Path(tmp).glob("*.png")}
                self.cache[key] = (view, images)
                while len(self.cache) > self.size:
                    self.cache.popitem(last=False)
            self.cache.move_to_end(key)
            return self.cache[key]


class WebLinks:
    def doc(self, doc_id: int, sentence: int | None = None, event_id: str | None = None) -> str:
        url = f"/doc/{doc_id}"
        if event_id is not None:
            url += f"?event={quote(event_id, safe='')}"
        return url + (f"#s{sentence}" if sentence is not None else "")

    def event(self, event_id: str) -> str:
        return f"/event/{quote(event_id, safe='')}"

    def compare(self, event_id: str | None = None) -> str:
        return "/compare" + (f"?event={quote(event_id, safe='')}" if event_id else "")

    def known(self, event_id: str) -> bool:
        return True



@dataclasses.dataclass(slots=True)
class DocSummary:
    id: int
    path: str
    title: str | None
    language: str
    outlet: str | None
    publication_date: str | None


def _summaries(store: Store, limit: int | None = None, offset: int = 0) -> list[DocSummary]:
    """Document metadata without the analysis (cheap for lists and for naming evidence)."""
    cols = [documents_t.c[n] for n in ("id", "path", "title", "language", "outlet", "publication_date")]
    stmt = sa.select(*cols, documents_t.c.original_outlet).where(documents_t.c.is_latest == sa.true())
    stmt = stmt.order_by(documents_t.c.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return [DocSummary(r.id, r.path, r.title, r.language, r.outlet or r.original_outlet, r.publication_date)
                for r in conn.execute(stmt)]


def _event_docs(store: Store, events: list[Event]) -> dict[str, DocRef]:
    hashes = list({m.document for e in events for m in e.mentions if m.document})
    if not hashes:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(documents_t).where(documents_t.c.content_hash.in_(hashes)))
        return {r.content_hash: DocRef(r.id, r.title, r.path, r.outlet or r.original_outlet, r.publication_date,
                                          r.language, r.text) for r in rows}


def _actor_json(a: ActorRef) -> dict[str, str | None]:
    return {"entity_text": a.entity_text, "identifier_text": a.identifier_text, "code": a.code, "sector": a.sector}


def _event_json(e: Event, docs: dict[str, DocRef]) -> dict[str, Any]:
    """The event's fields and its mentions, each with the document id and the evidence text
    (written out field by field: ``dataclasses.asdict`` is slow on thousands of mentions)."""
    mentions = []
    for m in e.mentions:
        d = docs.get(m.document or "")
        mentions.append({
            "event": m.event, "actors": [_actor_json(a) for a in m.actors],
            "recipients": [_actor_json(a) for a in m.recipients], "mode": m.mode, "context": m.context,
            "date": m.date, "place": m.place, "status": m.status, "trigger": m.trigger, "start": m.start,
            "end": m.end, "sentence": m.sentence, "document": m.document, "doc_id": d.id if d else None,
            "text": d.text[m.start:m.end] if d else None,
        })
    return {"id": e.id, "event": e.event, "actors": [_actor_json(a) for a in e.actors],
            "recipients": [_actor_json(a) for a in e.recipients], "mode": e.mode, "context": e.context,
            "date": e.date, "place": e.place, "status": e.status, "mentions": mentions}


def _document_json(sd: StoredDocument) -> dict[str, Any]:
    out = dataclasses.asdict(sd.doc)
    for s in out["sentences"]:
        del s["starts"], s["ends"]  # offsets per character: large and of no use to a reader
    out["id"] = sd.id
    return out


def create_app(store: Store, token: str, max_upload: int = DEFAULT_MAX_BYTES,
               hosts: list[str] | None = None) -> FastAPI:
    """The app over ``store``; writes need ``token``; only requests for ``hosts`` (default:
    localhost names) are answered."""
    app = FastAPI(title="rashomon", description="Events, statements and their evidence from the news.",
                  version="0.1.0", docs_url=None, redoc_url=None)  # their pages load scripts from a CDN
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts or LOCAL_HOSTS)
    env = environment()
    links = WebLinks()
    assets = {p.name: p.read_bytes() for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}
    queries = EventQueries(store)
    forecasts = Forecasts(store)
    comparisons = Comparisons(queries)

    prepared = threading.Event()  # set once the answers below are ready (tests wait for it)

    def prepare() -> None:
        # the first look at the events, and at the whole store's comparison, pays for reading
        # every event: pay it before anyone asks, at start and after each upload; the lexicons
        # are read once, so that the first comparison of one event does not wait for them, and
        # the templates are compiled, so that no first page waits for its template
        try:
            for name in env.list_templates(extensions=["html"]):
                env.get_template(name)
            default_gazetteer()
            for lang in UI_LANGUAGES:
                framing_lexicon(lang)
                claim_patterns(lang)
            outlet_profiles()
            queries()
            comparisons(None, None, None)
        except HTTPException:  # an empty store has nothing to compare
            pass
        finally:
            prepared.set()

    def prepare_in_background() -> None:
        threading.Thread(target=prepare, daemon=True, name="rashomon-warm").start()

    jobs = Jobs(store, after=prepare_in_background)
    app.state.comparisons = comparisons
    app.state.prepared = prepared
    prepare_in_background()

    # compare pages and JSON: large, and the same until the store changes
    rendered: OrderedDict[tuple, bytes] = OrderedDict()
    rendered_lock = threading.Lock()

    max_body = max_upload * MAX_FILES + 1_000_000  # the files and the multipart framing

    @app.middleware("http")
    async def guard_writes(request: Request, call_next):
        # refused before the body is read: no token, or more bytes than any allowed upload
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            given = request.headers.get(TOKEN_HEADER, "")
            if not secrets.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": f"writing needs the {TOKEN_HEADER} header with the token "
                                               "`rashomon serve` printed"}, status_code=403)
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                return JSONResponse({"detail": "a write must state its Content-Length"}, status_code=411)
            if int(length) > max_body:
                return JSONResponse({"detail": f"request of {length} bytes: at most {max_body}"}, status_code=413)
        return await call_next(request)

    @app.middleware("http")
    async def page_language(request: Request, call_next):
        UI_LANG.set(ui_language(request.query_params.get("lang") or request.headers.get("accept-language")))
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(name: str, status_code: int = 200, headers: dict[str, str] | None = None,
             title_args: dict[str, Any] | None = None, **context: Any) -> HTMLResponse:
        ui_lang = UI_LANG.get()
        context["title"] = translate(ui_lang, context["title"], **(title_args or {}))
        context.setdefault("csp", None)
        context.setdefault("refresh", None)
        context.setdefault("lang", ui_lang)
        nav = NAV if ui_lang == "en" else [(label, f"{href}?lang={ui_lang}") for label, href in NAV]
        html = env.get_template(name).render(nav=nav, links=links, search_url="/search", inline_css=None,
                                             ui_lang=ui_lang, **context)
        return HTMLResponse(html, status_code=status_code, headers=headers)

    def check_token(given: str | None) -> None:
        if not given or not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(403, f"writing needs the {TOKEN_HEADER} header with the token `rashomon serve` printed")

    def get_doc(doc_id: int) -> StoredDocument:
        sd = store.get(doc_id)
        if sd is None:
            raise HTTPException(404, f"no document {doc_id}")
        return sd

    def get_event(event_id: str) -> Event:
        found = store.events(event_id=event_id)
        if not found:
            raise HTTPException(404, f"no event {event_id!r}")
        return found[0]

    def filtered(actor, dyad, category, since, until, source) -> list[Event]:
        try:
            category = plover.canonical(category) if category else None
        except KeyError as exc:
            raise HTTPException(422, str(exc.args[0])) from exc
        return queries(actor=actor, dyad=dyad, category=category, since=since, until=until, source=source)

    # ------------------------------------------------------------------ static

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in assets:
            raise HTTPException(404, "no such asset")
        return Response(assets[name], media_type=STATIC_TYPES[Path(name).suffix])

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/stats", tags=["api"])
    def api_stats() -> dict[str, int]:
        """Row counts of the store."""
        return store.stats()

    @app.get("/api/documents", tags=["api"])
    def api_documents(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                      offset: Annotated[int, Query(ge=0)] = 0) -> list[DocSummary]:
        """Latest documents, oldest first."""
        return _summaries(store, limit=limit, offset=offset)

    @app.get("/api/documents/{doc_id}", tags=["api"], response_model=dict[str, Any])
    def api_document(doc_id: int) -> Response:
        """One document: metadata, text, blocks (with kind), sentences, entities, time expressions,
        statements and event mentions; spans are offsets into ``text``."""
        return _json(_document_json(get_doc(doc_id)))

    @app.get("/api/search", tags=["api"])
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)],
                   limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict[str, Any]]:
        """Sentences containing every term of ``q`` (Japanese or English)."""
        return [dataclasses.asdict(h) for h in store.search(q, limit=limit)]

    @app.get("/api/events", tags=["api"], response_model=list[dict[str, Any]])
    def api_events(actor: Actor = None, dyad: Dyad = None, category: Category = None, since: Since = None,
                   until: Until = None, source: Source = None,
                   limit: Annotated[int, Query(ge=1, le=5000)] = 100,
                   offset: Annotated[int, Query(ge=0)] = 0) -> Response:
        """Merged events with the filters of `rashomon events`, most reported first."""
        evs = _ranked(filtered(actor, dyad, category, since, until, source))[offset:offset + limit]
        docs = _event_docs(store, evs)
        return _json([_event_json(e, docs) for e in evs])

    @app.get("/api/events/{event_id}", tags=["api"], response_model=dict[str, Any])
    def api_event(event_id: str) -> Response:
        """One event with every mention: document id, evidence span and its text."""
        e = get_event(event_id)
        return _json(_event_json(e, _event_docs(store, [e])))

    @app.get("/api/timeline", tags=["api"], response_model=list[dict[str, Any]])
    def api_timeline(actor: Actor = None, dyad: Dyad = None, category: Category = None, since: Since = None,
                     until: Until = None, source: Source = None) -> Response:
        """Dated events in date order (mentions counted, not listed)."""
        evs = sorted((e for e in filtered(actor, dyad, category, since, until, source) if e.date),
                     key=lambda e: (e.date, e.event))
        return _json([{"id": e.id, "event": e.event, "date": e.date, "status": e.status, "place": e.place,
                 "actors": [actor_label(a) for a in e.actors], "recipients": [actor_label(a) for a in e.recipients],
                 "mentions": len(e.mentions), "sources": len({m.document for m in e.mentions})} for e in evs])

    @app.get("/api/compare", tags=["api"], response_model=dict[str, Any])
    def api_compare(event: EventId = None, query: FullText = None, actor: Actor = None) -> Response:
        """The comparison of accounts (what `rashomon compare --json` prints): sources with outlet
        profiles, translation/republication chains, coverage per story (events only one source
        reports, silences), facts that agree or contradict with each value's evidence (document id,
        sentence, text), shared statements, framing labels, agency and disputes. Narrowed to one
        event, the documents matching a full-text query, or one actor's events."""
        key = (queries.fingerprint(), event, query, actor, "json")
        with rendered_lock:
            body = rendered.get(key)
        if body is None:
            body = _json(to_json(comparisons(event, query, actor))).body
            with rendered_lock:
                _keep(rendered, key, bytes(body), 16)
        return Response(body, media_type="application/json")

    def forecast(name: str, model: str, runs: int) -> tuple[ScenarioView, dict[str, str]]:
        if name not in forecasts.files:
            raise HTTPException(404, f"no scenario {name!r}")
        if model not in MODEL_NAMES:
            raise HTTPException(422, f"unknown model {model!r}; choose one of {', '.join(MODEL_NAMES)}")
        return forecasts(name, model, runs)

    @app.get("/api/scenarios", tags=["api"])
    def api_scenarios() -> list[dict[str, str]]:
        """The bundled negotiation scenarios."""
        return [{"name": n, "title": t} for n, t in forecasts.titles.items()]

    @app.get("/api/scenarios/{name}", tags=["api"], response_model=dict[str, Any])
    def api_scenario(name: str, model: Model = "bdm", runs: Runs = 0) -> Response:
        """A scenario's forecast: each issue's outcome, nearest labelled position, the compromise
        baseline, Monte Carlo summary, and the evidence it cites (document id and sentence)."""
        view, _ = forecast(name, model, runs)
        out = dataclasses.asdict(view)
        for row in out["issues"]:
            del row["plot"]
        del out["distribution"]
        return _json(out)

    @app.post("/api/documents", tags=["api"], status_code=202)
    async def api_upload(files: Annotated[list[UploadFile], File(description="Articles: .txt .md .html .jsonl")],
                         x_rashomon_token: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Upload articles to analyse (needs the token). Answers at once with a job to poll."""
        check_token(x_rashomon_token)
        if not files:
            raise HTTPException(422, "no file uploaded")
        if len(files) > MAX_FILES:
            raise HTTPException(413, f"{len(files)} files: send at most {MAX_FILES} at a time")
        received: list[tuple[str, bytes]] = []
        for f in files:
            name = f.filename or "upload"
            suffix = Path(name).suffix.lower()
            if suffix not in UPLOAD_EXTENSIONS:
                raise HTTPException(415, f"{name}: unsupported type {suffix or '(none)'}; "
                                         f"send {', '.join(sorted(UPLOAD_EXTENSIONS))}")
            data = await f.read(max_upload + 1)
            if len(data) > max_upload:
                raise HTTPException(413, f"{name}: larger than {max_upload} bytes")
            received.append((name, data))
        return jobs.submit(received).as_json()

    @app.get("/api/jobs/{job_id}", tags=["api"])
    def api_job(job_id: str) -> dict[str, Any]:
        """Progress of an upload: state, files done of total, documents added, errors."""
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job.as_json()

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page_no: Annotated[int, Query(alias="page", ge=1)] = 1) -> HTMLResponse:
        stats = store.stats()
        docs = _summaries(store, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        return page("index.html", title="Overview", stats=stats, docs=docs,
                    pages=_pages(page_no, stats["latest_documents"], {}))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        hits = store.search(q, limit=50) if q.strip() else []
        return page("search.html", title="Search: {query}" if q else "Search", title_args={"query": q} if q else None,
                    query=q, hits=hits)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def doc_page(doc_id: int, event: str | None = None, sentence: int | None = None) -> HTMLResponse:
        sd = get_doc(doc_id)
        own = store.events(document=sd.doc.content_hash)
        highlight: set[int] = set()
        if sentence is not None:
            highlight.add(sentence)
        for e in own:
            if e.id == event:
                highlight |= {m.sentence for m in e.mentions
                              if m.document == sd.doc.content_hash and m.sentence is not None}
        doc_events = [(e, next(m.sentence for m in e.mentions if m.document == sd.doc.content_hash)) for e in own]
        return page("document.html", title=sd.doc.title or Path(sd.doc.path).name, doc=sd.doc, doc_id=sd.id,
                    blocks=document_blocks(sd.doc, highlight), doc_events=doc_events, lang=sd.doc.language)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(actor: Actor = None, dyad: Dyad = None, category: Category = None, since: Since = None,
                    until: Until = None, source: Source = None,
                    page_no: Annotated[int, Query(alias="page", ge=1)] = 1) -> HTMLResponse:
        evs = _ranked(filtered(actor, dyad, category, since, until, source))
        form = {"actor": actor, "dyad": dyad, "category": category, "since": since, "until": until,
                "source": source}
        first = (page_no - 1) * PAGE_SIZE
        return page("event_list.html", title="{n} event(s)", title_args={"n": len(evs)},
                    events=evs[first:first + PAGE_SIZE], total=len(evs), form=form,
                    pages=_pages(page_no, len(evs), {k: v for k, v in form.items() if v}))

    @app.get("/event/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        e = get_event(event_id)
        return page("events.html", title=f"{e.event} {e.date or ''}", events=[e], docs=_event_docs(store, [e]))


    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(event: EventId = None, query: FullText = None, actor: Actor = None) -> HTMLResponse:
        form = {"event": event, "query": query, "actor": actor}
        key = (queries.fingerprint(), event, query, actor, UI_LANG.get())
        with rendered_lock:
            html = rendered.get(key)
        if html is not None:
            return HTMLResponse(html)
        try:
            # one event is compared at once; anything larger is prepared in the background
            view = compare_view(comparisons(event, query, actor, wait=bool(event)))
        except NotReady:
            return page("compare.html", status_code=503, title="Comparison of accounts", view=None,
                        message="The comparison is being prepared; this page reloads until it is ready.",
                        form=form, refresh=3, headers={"Retry-After": "3"})
        except HTTPException as exc:
            return page("compare.html", status_code=exc.status_code, title="Comparison of accounts", view=None,
                        message=exc.detail, form=form)
        response = page("compare.html", title="Comparison of accounts", view=view, message="", form=form)
        with rendered_lock:
            _keep(rendered, key, bytes(response.body), 16)
        return response

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(actor: Actor = None, dyad: Dyad = None, category: Category = None, since: Since = None,
                      until: Until = None, source: Source = None) -> HTMLResponse:
        evs = filtered(actor, dyad, category, since, until, source)
        svg = charts.timeline_svg(evs, lambda e: links.event(e.id), label=translator(UI_LANG.get()))
        form = {"actor": actor, "dyad": dyad, "category": category, "since": since, "until": until,
                "source": source}
        return page("timeline.html", title="Timeline", chart=Markup(svg), form=form)

    @app.get("/scenarios", response_class=HTMLResponse, include_in_schema=False)
    def scenarios_page() -> HTMLResponse:
        return page("scenarios.html", title="Scenarios", scenarios=list(forecasts.titles.items()))

    @app.get("/scenario/{name}", response_class=HTMLResponse, include_in_schema=False)
    def scenario_page(name: str, model: Model = "bdm", runs: Runs = 0) -> HTMLResponse:
        view, images = forecast(name, model, runs)
        return page("scenario.html", title=view.name, forecast=view, images=images, model=model, runs=runs,
                    models=MODEL_NAMES, max_runs=MAX_RUNS)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page() -> HTMLResponse:
        routes = [(method.upper(), path, op.get("summary", ""), op.get("description", ""),
                   [p["name"] for p in op.get("parameters", [])])
                  for path, ops in app.openapi()["paths"].items() for method, op in ops.items()]
        return page("api.html", title="JSON API", routes=routes)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return page("upload.html", title="Upload", max_mb=max_upload / 1e6,
                    extensions=" ".join(sorted(UPLOAD_EXTENSIONS)))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        html = env.get_template("error.html").render(nav=NAV, links=links, search_url="/search", inline_css=None,
                                                     csp=None, lang="en", ui_lang=UI_LANG.get(),
                                                     title=str(exc.status_code),
                                                     message=exc.detail)
        return HTMLResponse(html, status_code=exc.status_code)

    return app


@dataclasses.dataclass(slots=True)
class Pages:
    first: int  # number of the first row shown, from 1
    last: int
    total: int
    previous: str | None  # query string of the previous page
    next: str | None


def _pages(page_no: int, total: int, params: dict[str, str]) -> Pages:
    """Where page ``page_no`` of ``total`` rows starts and ends, and the links to its neighbours."""
    lang = UI_LANG.get()
    extra = {**params, **({"lang": lang} if lang != "en" else {})}

    def link(n: int) -> str:
        return "?" + urlencode({**extra, "page": n})

    first = (page_no - 1) * PAGE_SIZE
    return Pages(min(first + 1, total), min(first + PAGE_SIZE, total), total,
                 link(page_no - 1) if page_no > 1 else None, link(page_no + 1) if first + PAGE_SIZE < total else None)


def _keep(cache: OrderedDict[tuple, Any], key: tuple, value: Any, size: int) -> None:
    """Keep ``value`` under ``key`` (store fingerprint, event, query, actor, …) and drop the oldest
    beyond ``size``, except the whole store's comparison of the current fingerprint: it takes
    the longest to make and is asked most."""
    cache[key] = value
    cache.move_to_end(key)
    old = [k for k in cache if k[0] != key[0] or any(k[1:4])]
    for k in old[:max(0, len(cache) - size)]:
        del cache[k]


def _json(data: Any) -> Response:
    # built here and sent as is: FastAPI's validation of large nested answers costs more than building them
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")


def _ranked(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (-len({m.document for m in e.mentions}), -len(e.mentions)))


def run(store: Store, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the app until interrupted; prints the write token."""
    import uvicorn

    token = secrets.token_urlsafe(24)
    hosts = ["*"] if host in ("0.0.0.0", "::") else [*LOCAL_HOSTS, host]
    print(f"rashomon: serving {store.path or 'the store'} at http://{host}:{port}/", flush=True)
    print(f"rashomon: write token (uploads): {token}", flush=True)
    if host not in LOCAL_HOSTS:
        print(f"rashomon: listening on {host}: whoever reaches this port can read the store", file=sys.stderr,
              flush=True)
    uvicorn.run(create_app(store, token, hosts=hosts), host=host, port=port, log_level="warning")
