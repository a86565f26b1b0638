"""Scale as a user meets it: `rashomon analyze` on a folder of N Japanese news articles.

Usage: python benchmarks/scale.py [--seeds DIR] [--sizes 100 1000] [--large] [--workers 1]
                                  [--speedup 400]

Makes N documents by cycling the seed articles (../shared/corpus/seeds), each with a line of
its own so that none is a duplicate, runs `rashomon analyze FOLDER --db FRESH.sqlite --json` in a
child process and prints the issue's table: documents, characters, wall time, characters per
second, seconds per document, peak memory (the largest resident set of any process of the run),
the store's bytes on disk and bytes per input character. --large adds 5,000 documents (long).
--speedup N adds a row for N documents with two workers (and times one worker on them too).

Below the table: the CPU seconds of each stage (analysis, which workers share; reading, storing
and merging, which the one writing process does), the speed-up two workers reach on two idle
cores by those figures, and each table's share of the largest store (SQLite dbstat). On a
machine other jobs share, wall times and the measured speed-up are depressed; the CPU seconds
per stage are the steadier figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(seeds: Path, n: int, folder: Path) -> int:
    """N documents cycling the seeds, each with a unique last line; returns their characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        sys.exit(f"{seeds}: no .txt articles to cycle")
    folder.mkdir(parents=True)
    chars = 0
    for i in range(n):
        text = texts[i % len(texts)].rstrip("\n") + f"\n\n整理番号 {i:06d}\n"
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def run(folder: Path, db: Path, workers: int) -> tuple[float, int, dict]:
    """Wall seconds, peak resident bytes and the JSON report of `rashomon analyze` in a fresh
    child process."""
    exe = Path(sys.executable).parent / "rashomon"
    out_file = db.with_suffix(".json")
    cmd = [str(exe), "analyze", str(folder), "--db", str(db), "--workers", str(workers), "--json"]
    # a child measuring its own children: the peak of the largest process of this run alone
    probe = ("import resource, subprocess, sys;"
             "rc = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'w')).returncode;"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", probe, str(out_file), *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if out.returncode:
        sys.exit(f"analyze failed ({out.returncode}): {out.stderr[-2000:]}")
    report = json.loads(out_file.read_text(encoding="utf-8"))
    return seconds, int(out.stdout.split()[-1]) * 1024, report  # Linux reports KiB


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.suffix != ".json")


def table_shares(db: Path) -> list[tuple[str, int]]:
    """Bytes per table, its indexes counted with it (an FTS index's shadow tables with it)."""
    con = sqlite3.connect(db)
    owner = {name: tbl for name, tbl in con.execute("SELECT name, tbl_name FROM sqlite_schema")}
    sizes: dict[str, int] = {}
    for name, size in con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        table = owner.get(name, name)
        if table.startswith("sentences_fts"):
            table = "sentences_fts (search index)"
        sizes[table] = sizes.get(table, 0) + size
    con.close()
    return sorted(sizes.items(), key=lambda kv: -kv[1])


def row(label: str, chars: int, n: int, seconds: float, report: dict, peak: int, size: int) -> str:
    # the run's own loop (the report's seconds) leaves out the command's start, a constant that
    # weighs on short runs only
    return (f"| {label} | {chars / 1e6:.2f} M | {seconds:.1f} s | {chars / seconds:,.0f} | {seconds / n:.3f} |"
            f" {report['seconds'] / n:.3f} | {peak / 2**20:,.0f} MB | {size / 2**20:,.1f} MB | {size / chars:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--large", action="store_true", help="add 5,000 documents (long)")
    ap.add_argument("--workers", type=int, default=1, help="workers for the table")
    ap.add_argument("--speedup", type=int, default=400, help="documents for the 2-worker row (0: skip)")
    a = ap.parse_args()
    sizes = [*a.sizes, *([5000] if a.large else [])]
    print(f"cores: {os.cpu_count()}  workers: {a.workers}  load average: {os.getloadavg()[0]:.1f}", flush=True)
    lines = ["| documents | characters | analyse time | chars/s | s/document | s/document after start | peak memory"
             " | store on disk | bytes/char |",
             "|---|---|---|---|---|---|---|---|---|"]
    print("\n".join(lines), flush=True)
    stages: list[tuple[str, int, float, dict]] = []
    largest: tuple[int, Path] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder, db = Path(tmp) / f"c{n}", Path(tmp) / f"s{n}.sqlite"
            chars = make_corpus(a.seeds, n, folder)
            seconds, peak, report = run(folder, db, a.workers)
            print(row(f"{n:,}", chars, n, seconds, report, peak, store_bytes(db)), flush=True)
            stages.append((f"{n:,}", n, seconds, report["stages"]))
            largest = (n, db)
        if a.speedup:
            folder = Path(tmp) / "speedup"
            chars = make_corpus(a.seeds, a.speedup, folder)
            times = {}
            for w in (1, 2):
                db = Path(tmp) / f"w{w}.sqlite"
                times[w], peak, report = run(folder, db, w)
                stages.append((f"{a.speedup:,}, {w} worker(s)", a.speedup, times[w], report["stages"]))
            print(row(f"{a.speedup:,} (2 workers)", chars, a.speedup, times[2], report, peak, store_bytes(db)))
            print(f"\n{a.speedup} documents: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s,"
                  f" measured speed-up {times[1] / times[2]:.2f}x (load average now {os.getloadavg()[0]:.1f})")
        print("\nCPU seconds per stage (analysis: in the workers; read, store, merge: the writing process)")
        print("| run | wall | analysis | read | store | merge | analysis ms/doc | writer ms/doc | serial share"
              " | 2 workers on 2 idle cores |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, n, wall, st in stages:
            work = st["analysis_cpu"] + st["read"] + st["store"] + st["merge"]
            serial = st["read"] + st["store"] + st["merge"]
            # the writer runs beside the workers: two cores take the larger of half the work and its part
            speedup = work / max(work / 2, serial)
            print(f"| {label} | {wall:.1f} s | {st['analysis_cpu']:.1f} | {st['read']:.1f} | {st['store']:.1f} |"
                  f" {st['merge']:.1f} | {1000 * st['analysis_cpu'] / n:.1f} | {1000 * serial / n:.1f} |"
                  f" {serial / work:.0%} | {speedup:.2f}x |")
        if largest:
            n, db = largest
            total = sum(size for _, size in table_shares(db))
            print(f"\nstore of {n:,} documents, bytes per table (indexes included):")
            for name, size in table_shares(db):
                print(f"  {name:32} {size / 2**20:8.1f} MB  {size / total:5.1%}")


if __name__ == "__main__":
    main()
