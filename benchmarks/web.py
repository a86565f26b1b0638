"""The report's size and opening time, and the web app's page latency on a large store.

Usage: python benchmarks/web.py [--seeds ../shared/corpus/seeds] [--docs 1000] [--runs 20]

1. Analyses the seed articles into a fresh store, writes the report, prints its size and the
   time headless Chromium (Debian's, when installed) takes to open index.html and one
   document page (load event).
2. Builds a store of --docs documents by copying the analysed examples and the news corpus
   (each copy a new text: a line appended, dates shifted by whole days so that the copies'
   events stay apart), merges them, and times the first comparison of single events (straight
   from the store and as the app's compare page), then each page and API call of the app in
   process (FastAPI test client: no network, the app's own time), once the app has prepared
   its answers: median and 95th percentile of wall time and of the process's CPU time.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fastapi.testclient import TestClient  # noqa: E402

from rashomon import api, compare  # noqa: E402
from rashomon.gazetteer import default_gazetteer  # noqa: E402
from rashomon.pipeline import remerge  # noqa: E402
from rashomon.records import Document, Event  # noqa: E402
from rashomon.store import Store  # noqa: E402
from rashomon.web.app import create_app  # noqa: E402


def _shift(value: str | None, days: int) -> str | None:
    if not value or len(value) < 10:
        return value
    try:
        d = date.fromisoformat(value[:10]) + timedelta(days=days)
    except ValueError:
        return value
    return d.isoformat() + value[10:]


def _copy(doc: Document, n: int) -> Document:
    text = doc.text + f"\n(copy {n})\n"  # appended: every span stays where it was
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    c = dataclasses.replace(
        doc, text=text, content_hash=h, path=f"{doc.path}#copy{n}", publication_date=_shift(doc.publication_date, n),
        statements=[dataclasses.replace(s, date=_shift(s.date, n)) for s in doc.statements],
        events=[dataclasses.replace(m, document=h, date=_shift(m.date, n)) for m in doc.events],
        time_expressions=[dataclasses.replace(t, value=_shift(t.value, n)) for t in doc.time_expressions],
    )
    return c


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def report_on_seeds(seeds: Path, tmp: Path) -> None:
    store = api.open_store(tmp / "seeds.sqlite")
    t0 = time.perf_counter()
    api.analyse([seeds], store)
    t1 = time.perf_counter()
    index = api.make_report(store, tmp / "report")
    t2 = time.perf_counter()
    print(f"seeds: {store.stats()['latest_documents']} documents analysed in {t1 - t0:.1f}s; "
          f"report written in {t2 - t1:.2f}s, {_size(index.parent) / 1e6:.2f} MB "
          f"(index.html {index.stat().st_size / 1e3:.0f} kB, largest page "
          f"{max(p.stat().st_size for p in index.parent.rglob('*.html')) / 1e3:.0f} kB)")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium: opening time not measured")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        for name, url in (("index.html", index.as_uri()), ("docs/1.html", (index.parent / "docs/1.html").as_uri())):
            times = []
            for _ in range(5):
                t = time.perf_counter()
                page.goto(url, wait_until="load")
                times.append(time.perf_counter() - t)
            print(f"open {name} in chromium: median {statistics.median(times) * 1000:.0f} ms, "
                  f"max {max(times) * 1000:.0f} ms")
        browser.close()


def big_store(sources: list[Path], n_docs: int, tmp: Path) -> Store:
    base = api.open_store(tmp / "base.sqlite")
    api.analyse(sources, base)
    originals = [sd.doc for sd in base.documents()]
    store = api.open_store(tmp / "big.sqlite")
    t0 = time.perf_counter()
    for i in range(n_docs):
        store.add_document(_copy(originals[i % len(originals)], i // len(originals)))
    t1 = time.perf_counter()
    remerge(store, default_gazetteer())
    t2 = time.perf_counter()
    stats = store.stats()
    print(f"store: {stats['latest_documents']} documents from {len(originals)} originals, {stats['events']} events, "
          f"{stats['event_mentions']} mentions, {stats['sentences']} sentences "
          f"(stored in {t1 - t0:.1f}s, merged in {t2 - t1:.1f}s)")
    return store


def _stats(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) of ``times``, in ms."""
    times = sorted(times)
    return statistics.median(times) * 1000, times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)] * 1000


def first_comparisons(store: Store, events: list[Event], n: int) -> None:
    """The first comparison of one event (nothing kept from an earlier one), as
    `rashomon compare EVENT` makes it: the most reported event, then ``n`` others."""
    default_gazetteer()  # the data files are read once per process (the app reads them at start)
    compare.outlet_profiles()
    for lang in ("ja", "en"):
        compare.framing_lexicon(lang)
        compare.claim_patterns(lang)
    ranked = sorted(events, key=lambda e: (-len({m.document for m in e.mentions}), e.id))
    picks = [ranked[0], *random.Random(13).sample(ranked[1:], min(n, len(ranked) - 1))]
    times, cpu, sizes = [], [], []
    for e in picks:
        t, u = time.perf_counter(), time.process_time()
        c = compare.compare(store, event=e.id)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - u)
        sizes.append(len(c.sources))
    print(f"first comparison of one event (compare.compare): the most reported ({sizes[0]} sources) "
          f"{times[0] * 1000:.0f} ms; {len(picks)} events: median {_stats(times)[0]:.0f} ms, "
          f"p95 {_stats(times)[1]:.0f} ms, max {max(times) * 1000:.0f} ms; CPU time: most reported "
          f"{cpu[0] * 1000:.0f} ms, median {_stats(cpu)[0]:.0f} ms, p95 {_stats(cpu)[1]:.0f} ms")


def latency(store: Store, runs: int) -> None:
    t = time.perf_counter()
    events = api.query_events(store)
    print(f"reading all {len(events)} events (what the first event list after a change of the store waits for): "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")
    first_comparisons(store, events, 30)
    t = time.perf_counter()
    app = create_app(store, "token")
    app.state.prepared.wait()
    print(f"app prepared in the background (events read, whole store compared): {time.perf_counter() - t:.1f} s")
    client = TestClient(app, base_url="http://127.0.0.1")
    top = client.get("/api/events", params={"limit": 40}).json()
    eid = top[0]["id"]
    # the first compare page of an event in the app: each event asked once, no page or comparison
    # of it kept (the app's snapshot of the store, left by the whole store's comparison, is used)
    firsts, cpu = [], []
    for e in top:
        t, u = time.perf_counter(), time.process_time()
        assert client.get("/compare", params={"event": e["id"]}).status_code == 200
        firsts.append(time.perf_counter() - t)
        cpu.append(time.process_time() - u)
    med, p95 = _stats(firsts)
    print(f"first /compare?event= page of the {len(firsts)} most reported events, asked once each: the most "
          f"reported {firsts[0] * 1000:.0f} ms (CPU {cpu[0] * 1000:.0f} ms); median {med:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(firsts) * 1000:.0f} ms (CPU median {_stats(cpu)[0]:.0f} ms, p95 {_stats(cpu)[1]:.0f} ms)")
    doc = top[0]["mentions"][0]["doc_id"]
    urls = ["/", "/search?q=会談", "/search?q=sanctions", f"/doc/{doc}", f"/doc/{doc}?event={eid}", "/events",
            "/events?category=CONSULT", "/events?dyad=USA,RUS", f"/event/{eid}", "/timeline", "/scenarios",
            "/upload", "/api", "/compare", f"/compare?event={eid}", "/compare?lang=ja", "/events?lang=ja",
            "/api/documents", f"/api/documents/{doc}", "/api/search?q=首脳", "/api/events?limit=100",
            f"/api/events/{eid}", "/api/timeline", "/api/stats", "/api/compare", f"/api/compare?event={eid}"]
    # wall time, and the process's CPU time (less moved by other jobs on a shared machine)
    print(f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'cpu med':>8} {'cpu p95':>8} {'kB':>7}")
    worst = 0.0
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm
        times, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            r = client.get(url)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        med, p95 = _stats(times)
        worst = max(worst, p95)
        print(f"{url[:32]:<32} {med:>10.1f} {p95:>8.1f} {_stats(cpu)[0]:>8.1f} {_stats(cpu)[1]:>8.1f} "
              f"{len(r.content) / 1e3:>7.0f}")
    print(f"slowest p95: {worst:.0f} ms; machine load (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    ap.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "corpus" / "news-dev")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.seeds.is_dir():
            report_on_seeds(a.seeds, Path(tmp))
        else:
            print(f"{a.seeds}: no such folder, report not measured")
        sources = [ROOT / "examples" / "corpus"] + ([a.news] if a.news.is_dir() else [])
        latency(big_store(sources, a.docs, Path(tmp)), a.runs)


if __name__ == "__main__":
    main()
