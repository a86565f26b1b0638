"""The offline HTML report: a folder of static pages over the store, no script, no network.

``index.html`` holds the corpus summary, source profiles, timeline, actor network,
cooperation-conflict curves per dyad, the source x event coverage matrix and statements by
speaker; ``events.html`` every event with all its accounts; ``compare.html`` the comparison of
accounts (``compare.py``: agreements, contradictions, silences, shared statements, chains,
outlet profiles, framing); ``docs/N.html`` each document with its analysis marked, every
sentence an anchor that a link highlights (CSS ``:target``). Charts are also written as SVG and
PNG files under ``charts/``. Labels are English or Japanese (``ui_lang``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from . import charts
from .compare import Comparison
from .compare_view import compare_view
from .records import Event
from .store import Store, StoredDocument
from .views import (
    STATIC,
    DocRef,
    actor_label,
    document_blocks,
    dyad_key,
    environment,
    sentence_of,
    translate,
    translator,
)

# The pages carry no script and load nothing: a hostile article cannot run code even if
# something were left unescaped.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MAX_DYADS = 12
MAX_COVERAGE_ROWS = 60


class ReportLinks:
    """Relative links between the report's pages, from a page ``depth`` folders down."""

    def __init__(self, events: list[Event], depth: int = 0) -> None:
        self.prefix = "../" * depth
        self.number = {e.id: i for i, e in enumerate(events, 1)}
        self.stories: dict[str, int] = {}  # event id -> its story on compare.html

    def doc(self, doc_id: int, sentence: int | None = None, event_id: str | None = None) -> str:
        return f"{self.prefix}docs/{doc_id}.html" + (f"#s{sentence}" if sentence is not None else "")

    def event(self, event_id: str) -> str:
        return f"{self.prefix}events.html#e{self.number.get(event_id, 0)}"

    def compare(self, event_id: str | None = None) -> str:
        story = self.stories.get(event_id or "")
        return f"{self.prefix}compare.html" + (f"#story-{story}" if story else "")

    def known(self, event_id: str) -> bool:
        """Whether the event has a section in events.html (the filters may have left it out)."""
        return event_id in self.number


@dataclass(slots=True)
class _Cell:
    doc_id: int
    sentence: int | None
    text: str


def _source(sd: StoredDocument) -> str:
    return sd.doc.outlet or sd.doc.original_outlet or "(no outlet)"


def _span(days: list[str]) -> str:
    days = sorted(d[:10] for d in days if d)
    if not days:
        return "–"
    return days[0] if days[0] == days[-1] else f"{days[0]} – {days[-1]}"


def _sources(stored: list[StoredDocument], events: list[Event]) -> list[dict]:
    events_of: dict[str, set[str]] = defaultdict(set)
    for e in events:
        for m in e.mentions:
            events_of[m.document or ""].add(e.id)
    groups: dict[str, list[StoredDocument]] = defaultdict(list)
    for sd in stored:
        groups[_source(sd)].append(sd)
    rows = []
    for name, docs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cats = Counter(m.event for sd in docs for m in sd.doc.events)
        rows.append({
            "name": name,
            "documents": [{"id": sd.id, "title": sd.doc.title, "path": sd.doc.path} for sd in docs],
            "languages": ", ".join(sorted({sd.doc.language for sd in docs})),
            "dates": _span([sd.doc.publication_date for sd in docs]),
            "mentions": sum(len(sd.doc.events) for sd in docs),
            "events": len(set().union(*(events_of[sd.doc.content_hash] for sd in docs))),
            "statements": sum(len(sd.doc.statements) for sd in docs),
            "categories": cats.most_common(6),
        })
    return rows


def _coverage(events: list[Event], by_hash: dict[str, StoredDocument]) -> dict:
    ranked = sorted(events, key=lambda e: (-len({m.document for m in e.mentions}), e.date or "9999", e.id))
    shown = ranked[:MAX_COVERAGE_ROWS]
    sources = sorted({_source(by_hash[m.document]) for e in shown for m in e.mentions if m.document in by_hash})
    rows = []
    for e in shown:
        cells: list[_Cell | None] = [None] * len(sources)
        for m in e.mentions:
            sd = by_hash.get(m.document or "")
            if sd is None:
                continue
            i = sources.index(_source(sd))
            if cells[i] is None:
                cells[i] = _Cell(sd.id, m.sentence, sd.doc.text[m.start:m.end])
        rows.append((e, cells))
    return {"events": shown, "sources": sources, "rows": rows, "more": len(ranked) - len(shown)}


def _statements(stored: list[StoredDocument]) -> list[tuple[str, list[dict]]]:
    by_speaker: dict[str, list[dict]] = defaultdict(list)
    for sd in stored:
        for s in sd.doc.statements:
            sentence = s.sentence if s.sentence is not None else sentence_of(sd.doc, s.start, s.end)
            by_speaker[actor_label(s.speaker)].append({"doc_id": sd.id, "sentence": sentence, "text": s.text,
                                                       "outlet": _source(sd), "date": s.date, "verb": s.verb})
    return sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _dyads(events: list[Event], links: ReportLinks, label: Callable[[str], str] = str) -> list[dict]:
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        key = dyad_key(e)
        if key and charts.parse_day(e.date):
            groups[key].append(e)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_DYADS]
    return [{"a": a, "b": b, "n": len(evs), "file": f"dyad-{i}.svg", "events": evs,
             "svg": charts.dyad_svg(evs, lambda e: links.event(e.id), label=label)}
            for i, ((a, b), evs) in enumerate(ranked, 1)]


def write_report(store: Store, out: Path, events: list[Event], filters: str = "", scenario: Path | None = None,
                 model: str = "bdm", runs: int = 200, comparison: Comparison | None = None,
                 ui_lang: str = "en") -> Path:
    """Write the report for ``events`` (and every latest document of the store) into ``out``;
    with ``scenario``, the forecast of that negotiation scenario by ``model`` (``runs`` Monte
    Carlo runs) too; with ``comparison``, its page of agreements, contradictions and framing.
    Labels in ``ui_lang`` (en, ja). A bad scenario raises ``ScenarioError`` before anything is
    written."""
    stored = store.documents()
    forecast = None
    if scenario is not None:
        from .report_forecast import doc_ids_by_stem, forecast_view

        staging = Path(tempfile.mkdtemp(prefix="rashomon-forecast-"))
        try:
            forecast = forecast_view(scenario, model, runs, doc_ids_by_stem({sd.id: sd.doc.path for sd in stored}),
                                     staging)
        except Exception:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    by_hash = {sd.doc.content_hash: sd for sd in stored}
    docs = {h: DocRef(sd.id, sd.doc.title, sd.doc.path, sd.doc.outlet or sd.doc.original_outlet,
                      sd.doc.publication_date, sd.doc.language, sd.doc.text) for h, sd in by_hash.items()}
    env = environment()
    css = Markup((STATIC / "style.css").read_text(encoding="utf-8"))
    common = {"csp": CSP, "inline_css": css, "search_url": None, "ui_lang": ui_lang}
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("docs", "charts"):
        if (out / sub).is_dir():
            shutil.rmtree(out / sub)  # pages of documents no longer in the store must not linger
        (out / sub).mkdir()

    top = ReportLinks(events)
    nav = [("Overview", "index.html"), ("Events", "events.html"), ("Compare", "compare.html")]
    href = lambda e: top.event(e.id)  # noqa: E731
    label = translator(ui_lang)
    timeline = charts.timeline_svg(events, href, label=label)
    network = charts.network_svg(events, href, label=label)
    dyads = _dyads(events, top, label)
    images: dict[str, str] = {}
    if forecast is not None:
        from .report_forecast import data_uri

        for png in sorted(staging.glob("*.png")):
            shutil.move(png, out / "charts" / png.name)
            images[png.name] = data_uri(out / "charts" / png.name)
        shutil.rmtree(staging, ignore_errors=True)
    for name, svg in [("timeline.svg", timeline), ("network.svg", network), *((d["file"], d["svg"]) for d in dyads)]:
        if str(svg).startswith("<svg"):
            (out / "charts" / name).write_text(charts.standalone(svg), encoding="utf-8")
    from .charts_png import write_pngs  # matplotlib loads only here

    write_pngs(out / "charts", events, [(d["a"], d["b"], d["file"], d["events"]) for d in dyads], label)
    languages = Counter(sd.doc.language for sd in stored)
    summary = {
        "documents": len(stored),
        "sources": len({_source(sd) for sd in stored}),
        "events": len(events),
        "mentions": sum(len(e.mentions) for e in events),
        "statements": sum(len(sd.doc.statements) for sd in stored),
        "span": _span([sd.doc.publication_date for sd in stored]),
        "languages": " ".join(f"{k} {v}" for k, v in languages.most_common()) or "–",
    }
    view = compare_view(comparison) if comparison is not None else None
    if view is not None:
        shown = {st.number for st in view.stories}
        top.stories = {r.id: r.story + 1 for r in view.events.values() if r.story + 1 in shown}
    (out / "compare.html").write_text(env.get_template("compare.html").render(
        title="Comparison of accounts", view=view, message="Nothing to compare: no event in the store for these filters.",
        links=top, nav=nav, **common), encoding="utf-8")
    page = env.get_template("report.html").render(
        title="Report", generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), db=store.path.name if store.path else "the store",
        filters=filters, summary=summary, sources=_sources(stored, events), timeline=timeline, network=network,
        dyads=dyads, coverage=_coverage(events, by_hash), statements=_statements(stored), events=events,
        forecast=forecast, images=images, compared=view,
        links=top, nav=nav, **common)
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "events.html").write_text(env.get_template("events.html").render(
        title=translate(ui_lang, "{n} event(s)", n=len(events)), events=events, docs=docs, links=top, nav=nav, **common), encoding="utf-8")

    down = ReportLinks(events, depth=1)
    down_nav = [(label, "../" + href) for label, href in nav]
    events_in: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for h in dict.fromkeys(m.document for m in e.mentions):
            events_in[h or ""].append(e)
    tpl = env.get_template("document.html")
    for sd in stored:
        doc_events = [(e, next(m.sentence for m in e.mentions if m.document == sd.doc.content_hash))
                      for e in events_in.get(sd.doc.content_hash, [])]
        (out / "docs" / f"{sd.id}.html").write_text(tpl.render(
            title=sd.doc.title or Path(sd.doc.path).name, doc=sd.doc, doc_id=sd.id, blocks=document_blocks(sd.doc),
            doc_events=doc_events, links=down, nav=down_nav, lang=sd.doc.language, **common), encoding="utf-8")
    return out / "index.html"
