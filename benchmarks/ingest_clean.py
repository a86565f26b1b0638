"""Ingest + clean throughput and peak memory.

Usage: python benchmarks/ingest_clean.py CORPUS_DIR [--mb 10]

Repeats the corpus's files (as new files in a temporary folder, each with a distinct line so
that every copy is a new document) until at least --mb megabytes of text, then times reading,
decoding, block segmentation, sentence splitting and provenance.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rashomon.clean import clean  # noqa: E402
from rashomon.ingest import ingest  # noqa: E402
from rashomon.provenance import read as read_provenance  # noqa: E402
from rashomon.records import IngestError  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--mb", type=float, default=10.0)
    a = ap.parse_args()
    sources = [p.read_text(encoding="utf-8") for p in sorted(Path(a.corpus).rglob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        total, n = 0, 0
        while total < a.mb * 1e6:
            for text in sources:
                body = f"{text}\n(copy {n})\n"
                Path(tmp, f"{n:06d}.txt").write_text(body, encoding="utf-8")
                total += len(body.encode("utf-8"))
                n += 1
        t0 = time.perf_counter()
        chars = docs = 0
        for item in ingest([tmp]):
            if isinstance(item, IngestError):
                continue
            blocks, _ = clean(item, item.metadata.get("language", "ja"))
            read_provenance(blocks, item.metadata, item.metadata.get("language", "ja"))
            chars += len(item.text)
            docs += 1
        dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents        {docs}")
    print(f"input            {total / 1e6:.1f} MB, {chars:,} characters")
    print(f"time             {dt:.2f} s (one process, one core)")
    print(f"throughput       {total / 1e6 / dt:.2f} MB/s, {chars / dt:,.0f} chars/s")
    print(f"peak memory      {peak:.0f} MB (max RSS)")


if __name__ == "__main__":
    main()
