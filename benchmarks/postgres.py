"""SQLite vs PostgreSQL: `rashomon analyze` time on a corpus, and search latency on the result.

    python benchmarks/postgres.py ../shared/corpus/news-dev postgresql://USER@HOST/DB [--workers N]

The PostgreSQL database should be empty (or hold this corpus already: analyse then stores nothing).
Prints analyse wall time per database, then the median and worst search latency of each query.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rashomon.store import Store

QUERIES = ["プーチン", "首脳会談", "停戦 合意", "ロシア 大統領", "露", "Putin", "ceasefire talks", "tariffs", "G7"]
REPEATS = 20


def analyse(corpus: Path, db: str, workers: int) -> float:
    exe = Path(sys.executable).with_name("rashomon")
    t0 = time.perf_counter()
    subprocess.run([str(exe), "analyze", str(corpus), "--db", db, "--workers", str(workers), "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def latency(store: Store, query: str) -> tuple[float, float, int]:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        hits = store.search(query)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, max(times) * 1000, len(hits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("postgres_url")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {"sqlite": str(Path(tmp) / "bench.sqlite"), "postgresql": args.postgres_url}
        print(f"analyse {args.corpus} (--workers {args.workers}), wall time including model loading:")
        for name, db in dbs.items():
            seconds = analyse(args.corpus, db, args.workers)
            with Store(db) as store:
                stats = store.stats()
            print(f"  {name:<10} {seconds:7.1f} s   {stats['documents']} documents, {stats['sentences']} sentences, "
                  f"{stats['events']} events")
        print(f"search latency, ms (median / worst of {REPEATS}), hits:")
        stores = {name: Store(db) for name, db in dbs.items()}
        try:
            for query in QUERIES:
                cells = [latency(store, query) for store in stores.values()]
                print(f"  {query:<18}" + "".join(f"  {name} {m:6.1f} / {w:6.1f} ({n})"
                                                for name, (m, w, n) in zip(stores, cells, strict=True)))
        finally:
            for store in stores.values():
                store.close()


if __name__ == "__main__":
    main()
