"""Score the analysis on news-dev by language and by story, the way the unseen test scores it.

    python benchmarks/news_dev.py [--corpus ../shared/corpus/news-dev] [--gold ../shared/eval/gold/news-dev.jsonl]
                                  [--held-out STORY ...] [--diff]

Analyses the corpus into a temporary store, exports JSON Lines and runs ``score.py`` on every
slice: all, each language, each story, and, with ``--held-out``, the stories kept out of
development against the rest. ``--diff`` prints each document's unmatched gold and system events.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "news-dev")
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold" / "news-dev.jsonl")
    ap.add_argument("--index", type=Path, default=SHARED / "eval" / "gold" / "news-dev-index.jsonl")
    ap.add_argument("--export", type=Path, help="score this export instead of analysing the corpus")
    ap.add_argument("--held-out", nargs="*", default=[], help="stories kept out of development")
    ap.add_argument("--diff", action="store_true", help="print unmatched gold and system events per document")
    a = ap.parse_args()
    score = _scorer(SHARED / "eval" / "score.py")
    export = a.export
    if export is None:
        tmp = Path(tempfile.mkdtemp())
        db, export = tmp / "news.sqlite", tmp / "news.jsonl"
        exe = [sys.executable, "-m", "rashomon.cli"]
        subprocess.run([*exe, "analyze", str(a.corpus), "--db", str(db)], check=False, capture_output=True)
        subprocess.run([*exe, "export", "--db", str(db), "--format", "jsonl", "-o", str(export)], check=True,
                       capture_output=True)
    gold = score.load_jsonl(a.gold)
    docs = score.load_jsonl(export)
    index = {r["id"]: r for r in score.load_jsonl(a.index)}
    slices: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        meta = index.get(g["id"], {})
        slices["all"].append(g)
        slices["lang " + meta.get("lang", "?")].append(g)
        slices["story " + meta.get("story", "?")].append(g)
        if a.held_out:
            key = "held-out" if meta.get("story") in a.held_out else "developed"
            slices[key].append(g)
            slices[f"{key} {meta.get('lang', '?')}"].append(g)
    print(f"{'slice':44} {'docs':>4} {'pers':>5} {'c/o':>5} {'loc':>5} {'evP':>5} {'evR':>5} {'evF1':>5}")
    for name, rows in sorted(slices.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        r = score.score(rows, docs, a.corpus)
        ev = r["events"]
        print(f"{name:44} {len(rows):4} {r['persons']['f1']:5.2f} {r['countries_orgs']['f1']:5.2f} "
              f"{r['locations']['f1']:5.2f} {ev['precision']:5.2f} {ev['recall']:5.2f} {ev['f1']:5.2f}")
    if a.diff:
        by_stem = {Path(d.get("path") or "").stem: d for d in docs}
        for g in gold:
            if index.get(g["id"], {}).get("story") not in a.held_out:  # held-out stories stay unread
                _diff(score, g, by_stem.get(g["id"], {}))
    return 0


def _diff(score, g: dict, d: dict) -> None:
    sys_events = score.system_events(d)
    gold = score.gold_items(g.get("events", []))
    used: set[int] = set()
    missed = []
    for typ, gkeys, gdate, gplace in gold:
        hit = None
        for i, (styp, actors, date, place) in enumerate(sys_events):
            if i in used or styp != typ or not all(any(k in a for a in actors) for k in gkeys):
                continue
            if (gdate and date != gdate) or (gplace and place and place != gplace):
                continue
            hit = i
            break
        if hit is None:
            missed.append((typ, gkeys, gdate, gplace))
        else:
            used.add(hit)
    extra = [e for i, e in enumerate(sys_events) if i not in used]
    if not missed and not extra:
        return
    print(f"\n== {g['id']}")
    for typ, keys, date, place in missed:
        print(f"  - {typ:9} {', '.join(keys)} | {date} | {place}")
    for typ, actors, date, place in extra:
        names = ["/".join(sorted(a)) for a in actors]
        print(f"  + {typ:9} {', '.join(names)} | {date} | {place}")


if __name__ == "__main__":
    sys.exit(main())
