"""Scale as a user meets it: `rashomon analyze` on a folder of N Japanese news articles.

Usage: python benchmarks/scale.py [--seeds DIR] [--sizes 100 1000] [--large] [--workers 1]
                                  [--speedup 200]

Makes N documents by cycling the seed articles (../shared/corpus/seeds), each with a line of
its own so that none is a duplicate, runs `rashomon analyze FOLDER --db FRESH.sqlite` in a child
process and prints documents, characters, wall time, characters per second, peak memory (the
largest resident set of any process of the run), the store's bytes on disk and bytes per input
character. --large adds 5,000 documents (long). --speedup N times N documents with one worker and
with two.
"""

from __future__ import annotations

import argparse
import os
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


def run(folder: Path, db: Path, workers: int) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of `rashomon analyze` in a fresh child process."""
    exe = Path(sys.executable).parent / "rashomon"
    cmd = [str(exe), "analyze", str(folder), "--db", str(db), "--workers", str(workers), "--json"]
    # a child measuring its own children: the peak of the largest process of this run alone
    probe = ("import resource, subprocess, sys;"
             "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode;"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if out.returncode:
        sys.exit(f"analyze failed ({out.returncode}): {out.stderr[-2000:]}")
    return seconds, int(out.stdout.split()[-1]) * 1024  # Linux reports KiB


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--large", action="store_true", help="add 5,000 documents (long)")
    ap.add_argument("--workers", type=int, default=1, help="workers for the table")
    ap.add_argument("--speedup", type=int, default=200, help="documents for 1 vs 2 workers (0: skip)")
    a = ap.parse_args()
    sizes = [*a.sizes, *([5000] if a.large else [])]
    print(f"cores: {os.cpu_count()}  workers: {a.workers}")
    print("| documents | characters | analyse time | chars/s | s/document | peak memory | store on disk | bytes/char |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder, db = Path(tmp) / f"c{n}", Path(tmp) / f"s{n}.sqlite"
            chars = make_corpus(a.seeds, n, folder)
            seconds, peak = run(folder, db, a.workers)
            size = store_bytes(db)
            print(f"| {n:,} | {chars / 1e6:.2f} M | {seconds:.1f} s | {chars / seconds:,.0f} | {seconds / n:.3f} |"
                  f" {peak / 2**20:,.0f} MB | {size / 2**20:,.1f} MB | {size / chars:.1f} |", flush=True)
        if a.speedup:
            folder = Path(tmp) / "speedup"
            make_corpus(a.seeds, a.speedup, folder)
            times = {w: run(folder, Path(tmp) / f"w{w}.sqlite", w)[0] for w in (1, 2)}
            print(f"\n{a.speedup} documents: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s,"
                  f" speed-up {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
