"""Export and search speed on a store, and the size of what is written.

Usage: python benchmarks/export.py CORPUS_DIR [CORPUS_DIR ...] [--repeat 3]

Analyses the folders into a fresh SQLite store, then times every export format (best of
--repeat runs), a cross-language search and the filtered event listing, and prints rows written,
seconds and rows per second, with peak memory.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rashomon.export import FORMATS, export, mentions_path  # noqa: E402
from rashomon.gazetteer import default_gazetteer  # noqa: E402
from rashomon.pipeline import analyze_paths  # noqa: E402
from rashomon.query import EventFilter, expand_query  # noqa: E402
from rashomon.store import Store  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    gaz = default_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "b.sqlite")
        t0 = time.perf_counter()
        report = analyze_paths(args.corpus, store, gaz)
        stats = store.stats()
        print(f"analysed {len(report.added)} documents in {time.perf_counter() - t0:.1f}s: "
              f"{stats['events']} events, {stats['event_mentions']} mentions")
        for fmt in FORMATS:
            if fmt == "parquet":
                out = Path(tmp) / "e.parquet"
                seconds, n = best(lambda out=out: export(store, "parquet", out, gaz, None, mentions_path(out)), args.repeat)
                size = out.stat().st_size + mentions_path(out).stat().st_size
            else:
                def run(fmt=fmt):
                    buf = io.StringIO()
                    return export(store, fmt, buf, gaz, ("happened", "scheduled", "hypothetical")), len(buf.getvalue())
                seconds, (n, size) = best(run, args.repeat)
            print(f"export {fmt:8} {n:6} records {seconds:7.3f}s {n / seconds:9.0f}/s {size / 1e3:8.1f} kB")
        for query in ("Putin", "プーチン 会談", "Alaska summit"):
            groups = expand_query(gaz, query)
            seconds, hits = best(lambda q=query, g=groups: store.search(q, limit=20, alternatives=g), args.repeat)
            print(f"search {query!r:16} {len(hits):3} hits {seconds * 1e3:8.1f} ms ({sum(map(len, groups))} spellings)")
        f = EventFilter.parse(gaz, actor="putin", status="happened", since="2025-08")
        outlets = {h: {o.casefold() for o in v} for h, v in store.outlets().items()}
        seconds, found = best(lambda: [e for e in store.events() if f.matches(e, gaz, outlets)], args.repeat)
        print(f"events --actor putin --status happened --since 2025-08: {len(found)} events {seconds * 1e3:.1f} ms")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
