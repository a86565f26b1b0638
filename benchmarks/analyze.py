"""End-to-end analysis throughput per language and peak memory.

Usage: python benchmarks/analyze.py CORPUS_DIR [CORPUS_DIR ...] [--mb 1] [--store]

Reads every article under the folders, repeats each language's documents until at least
--mb megabytes of text, and times ingest → clean → provenance → entities, time expressions,
statements and events (plus, with --store, writing to a fresh SQLite store and merging).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rashomon.gazetteer import default_gazetteer  # noqa: E402
from rashomon.ingest import ingest  # noqa: E402
from rashomon.pipeline import analyze_raw, remerge  # noqa: E402
from rashomon.records import IngestError  # noqa: E402
from rashomon.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--store", action="store_true", help="also store and merge")
    a = ap.parse_args()
    by_lang = defaultdict(list)
    for raw in ingest(a.corpus):
        if not isinstance(raw, IngestError):
            by_lang[raw.metadata.get("language", "ja")].append(raw)
    gaz = default_gazetteer()
    t0 = time.perf_counter()
    analyze_raw(next(iter(by_lang.values()))[0], gaz)  # load dictionaries and patterns once
    print(f"start-up (dictionaries, patterns): {time.perf_counter() - t0:.2f} s")
    for lang, raws in sorted(by_lang.items()):
        copies, size, n = [], 0, 0
        while size < a.mb * 1e6:
            for r in raws:
                text = r.text + f"\n({n})\n"
                h = hashlib.sha256(text.encode()).hexdigest()
                copies.append(dataclasses.replace(r, text=text, content_hash=h, path=f"{r.path}#{n}"))
                size += len(text.encode("utf-8"))
                n += 1
        chars = sum(len(c.text) for c in copies)
        t0 = time.perf_counter()
        docs = [analyze_raw(c, gaz) for c in copies]
        dt = time.perf_counter() - t0
        events = sum(len(d.events) for d in docs)
        ents = sum(len(d.entities) for d in docs)
        print(f"[{lang}] {len(copies)} documents, {size / 1e6:.2f} MB, {chars:,} chars: {dt:.2f} s, "
              f"{chars / dt:,.0f} chars/s per core ({ents} entities, {events} event mentions)")
        if a.store:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "bench.sqlite")
                t0 = time.perf_counter()
                for d in docs:
                    store.add_document(d)
                t1 = time.perf_counter()
                remerge(store, gaz)
                t2 = time.perf_counter()
                print(f"[{lang}] store: {t1 - t0:.2f} s ({chars / (t1 - t0):,.0f} chars/s), merge: {t2 - t1:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (max RSS)")


if __name__ == "__main__":
    main()
