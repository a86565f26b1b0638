"""Wall time of ``rashomon analyze`` on one folder: one process, two local processes, and the
Dask engine on a local cluster of two workers (startup and model loading included, as a user
sees it), with the machine's load average, and whether the three stores export the same.

    python benchmarks/dask_engine.py [FOLDER]     # default: ../shared/corpus/news-dev
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = {
    "analyze --workers 1": ["--workers", "1"],
    "analyze --workers 2": ["--workers", "2"],
    "analyze --engine dask --workers 2": ["--engine", "dask", "--workers", "2"],
}


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "news-dev"
    if not folder.is_dir():
        sys.exit(f"error: {folder}: no such folder")
    exe = str(Path(sys.executable).parent / "rashomon")
    print(f"{folder}: {sum(1 for p in folder.rglob('*') if p.is_file())} files, {os.cpu_count()} cores")
    print(f"{'run':<36} {'wall s':>8}  load before → after  export digest")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_DATA_HOME": str(Path(tmp) / "data")}
        for i, (name, options) in enumerate(RUNS.items()):
            db = Path(tmp) / f"{i}.sqlite"
            before = _load()
            t0 = time.perf_counter()
            subprocess.run([exe, "analyze", str(folder), "--db", str(db), "--json", *options], env=env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            after = _load()
            digest = hashlib.sha256()
            for fmt in ("jsonl", "plover"):
                out = Path(tmp) / f"{i}.{fmt}"
                subprocess.run([exe, "export", "-f", fmt, "--db", str(db), "-o", str(out)], env=env, check=True,
                               stderr=subprocess.DEVNULL)
                digest.update(out.read_bytes())
            print(f"{name:<36} {wall:8.1f}  {before} → {after}  {digest.hexdigest()[:12]}")


if __name__ == "__main__":
    main()
