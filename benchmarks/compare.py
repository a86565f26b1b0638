"""Time of `rashomon compare` over a whole store, and its peak memory.

Usage: python benchmarks/compare.py CORPUS_DIR [--db FILE] [--repeat 3]

Analyses the corpus into a fresh SQLite store (or uses --db if it already holds it), then
times the comparison of every source in the store the way the command runs it: loading
the store, the comparison itself, the tables and the JSON. Prints each figure.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rich.console import Console  # noqa: E402

from rashomon.compare import compare, render, to_json  # noqa: E402
from rashomon.gazetteer import default_gazetteer  # noqa: E402
from rashomon.pipeline import analyze_paths  # noqa: E402
from rashomon.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    db = a.db or Path(tempfile.mkdtemp()) / "bench.sqlite"
    store = Store(db)
    if not store.documents():
        t0 = time.perf_counter()
        analyze_paths([Path(a.corpus)], store)
        print(f"analyse {a.corpus}: {time.perf_counter() - t0:.2f} s")
    stats = store.stats()
    print(f"store: {stats['latest_documents']} documents, {stats['events']} events, {stats['statements']} statements")
    t0 = time.perf_counter()
    gaz = default_gazetteer()
    print(f"dictionary load: {time.perf_counter() - t0:.2f} s")
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        result = compare(store, gazetteer=gaz)
        t1 = time.perf_counter()
        render(result, Console(file=io.StringIO(), width=160))
        text = json.dumps(to_json(result), ensure_ascii=False)
        times.append((t1 - t0, time.perf_counter() - t1))
    best = min(times, key=sum)
    print(f"compare whole store: {best[0]:.2f} s, tables + JSON: {best[1]:.2f} s, total {sum(best):.2f} s "
          f"(best of {a.repeat}); JSON {len(text) / 1e6:.2f} MB")
    print(f"findings: {len(result.coverage.events)} events, {len(result.facts)} facts, "
          f"{len(result.contradictions)} contradictions, {sum(len(g.sources) > 1 for g in result.statements)} "
          f"shared statements, {len(result.framing)} framing labels, {len(result.disputes)} disputes")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
