"""Analysis speed side by side with the parsers it avoids, on one core, over the same text.

Usage: python benchmarks/parse_cost.py CORPUS_DIR [CORPUS_DIR ...]

For each language: rashomon's analysis end to end (ingest to event mentions) against the full
pipeline of the parser a dependency-based analyser would run over every sentence (GiNZA's
``ja_ginza`` for Japanese, spaCy's small English pipeline for English), each over all of the
same text, in this one process pinned to one core. Also prints what the English dependency
parse that rashomon runs for some sentences costs, and peak memory.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import spacy  # noqa: E402

from rashomon.gazetteer import default_gazetteer  # noqa: E402
from rashomon.ingest import detect_language, ingest  # noqa: E402
from rashomon.lang.en import syntax as en_syntax  # noqa: E402
from rashomon.pipeline import analyze_raw  # noqa: E402
from rashomon.records import IngestError  # noqa: E402

PARSERS = {"ja": "ja_ginza", "en": en_syntax.DEFAULT_MODEL}


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    by_lang = defaultdict(list)
    for raw in ingest(sys.argv[1:]):
        if not isinstance(raw, IngestError):
            by_lang[raw.metadata.get("language") or detect_language(raw.text)].append(raw)
    gaz = default_gazetteer()
    parsed = {"sentences": 0, "chars": 0, "seconds": 0.0}
    parse = en_syntax._parse
    seen: set[str] = set()

    def timed_parse(text: str):
        t0 = time.perf_counter()
        try:
            return parse(text)
        finally:
            if text not in seen:  # each sentence is parsed once; repeats come from the cache
                seen.add(text)
                parsed["sentences"] += 1
                parsed["chars"] += len(text)
            parsed["seconds"] += time.perf_counter() - t0

    en_syntax._parse = timed_parse
    for raw in next(iter(by_lang.values()))[:1]:
        analyze_raw(raw, gaz)  # dictionaries and patterns loaded once, as in a long run
    ours: dict[str, float] = {}
    en_parse = dict(parsed)
    for lang, raws in sorted(by_lang.items()):
        if lang == "en":
            en_syntax.parser()
            parsed.update(sentences=0, chars=0, seconds=0.0)
        t0 = time.perf_counter()
        for r in raws:
            analyze_raw(r, gaz)
        ours[lang] = time.perf_counter() - t0
        if lang == "en":
            en_parse = dict(parsed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'':4} {'chars':>9} {'rashomon s':>11} {'chars/s':>9} {'parser':>24} {'parser s':>9} {'chars/s':>9} {'ratio':>6}")
    for lang, raws in sorted(by_lang.items()):
        chars = sum(len(r.text) for r in raws)
        nlp = spacy.load(PARSERS[lang])
        nlp("warm up")
        t0 = time.perf_counter()
        for r in raws:
            for start in range(0, len(r.text), 8000):  # GiNZA's tokenizer caps the input size
                nlp(r.text[start:start + 8000])
        theirs = time.perf_counter() - t0
        print(f"{lang:4} {chars:9,} {ours[lang]:11.2f} {chars / ours[lang]:9,.0f} {PARSERS[lang]:>24} "
              f"{theirs:9.2f} {chars / theirs:9,.0f} {theirs / ours[lang]:6.1f}x")
        if lang == "en":
            share = en_parse["chars"] / chars if chars else 0
            print(f"     dependency parse within the analysis: {en_parse['sentences']} sentences, {share:.0%} of the "
                  f"text, {en_parse['seconds']:.2f} s ({en_parse['seconds'] / ours[lang]:.0%} of the analysis time)")
    print(f"peak memory of the analysis (RSS, before loading the comparison pipelines): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
