"""Score the English event coder on PLOVER gold-standard records.

Usage: python benchmarks/plover_gsr.py RECORDS_JSON [--errors N] [--no-model]

RECORDS_JSON is a list of PLOVER GSR records (e.g. ../shared/data/plover-gsr/dev.json; the
data is from the Open Event Data Alliance's PLOVER repository, CC BY-SA 4.0). Each record
(except event DOCUMENT) becomes a one-sentence English document dated with the record's date;
``rashomon.lang.en.analyze`` codes it and the first event mention (the analyser lists a
sentence's main event first) is compared with the record.

Comparison rules, printed with the results:
- category: PLOVER 0.5b1 names are mapped to current ones (DEMAND -> REQUEST, DISAPPROVE and
  INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT); a record with no coded event counts as wrong.
- source / target: the code of the first actor / recipient against the record's first
  source / target code. A record with no target is right when no recipient is given either.
- codes: the records use a few CAMEO-era country codes, mapped to ISO 3166 alpha-3
  (CAMEO_TO_ISO below). The records code every international organisation IGO (Amnesty
  International and the Red Cross included), so every organisation code the dictionary may
  give (UNO, EUR, NATO, NGO, ...) counts as IGO.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from rashomon.gazetteer import default_gazetteer
from rashomon.lang import en
from rashomon.lang.en import syntax
from rashomon.records import Document, Sentence

CATEGORY_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# CAMEO country codes in the records that differ from ISO 3166 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "ROM": "ROU"}
# Codes the actor dictionary may give international organisations; the records say IGO / NGO.
IGO_CODES = {"IGO", "UNO", "EUR", "NATO", "AFR", "ASN", "ASA", "OSCE", "ARL", "WBK", "IMF", "WTO",
             "BRICS", "SCO", "G7", "G20", "OPEC", "APEC", "ICC", "AU", "CIS", "CSTO", "GCC", "EU", "UN"}
NGO_CODES = {"NGO", "AMN", "IRC", "HRW", "MSF", "ICRC"}


def norm_code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    code = CAMEO_TO_ISO.get(code, code)
    if code in IGO_CODES or code in NGO_CODES:
        return "IGO"
    return code


def first_code(actors: object) -> str | None:
    if not isinstance(actors, list) or not actors:
        return None
    return norm_code(actors[0].get("code"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("records", type=Path)
    ap.add_argument("--errors", type=int, default=0, help="print the first N wrongly coded records")
    ap.add_argument("--no-model", action="store_true", help="rules only, no spaCy NER")
    args = ap.parse_args(argv)
    if args.no_model:
        import os

        os.environ["RASHOMON_EN_MODEL"] = "none"
    records = [r for r in json.loads(args.records.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    gaz = default_gazetteer()
    # load the pipeline and run it once outside the timing
    en.analyze(_doc("Minister Jan Novak met Ms Ana Lopez in Vilnius on Friday.", None), gaz)

    n = cat_ok = src_ok = tgt_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    chars = 0
    elapsed = 0.0
    for r in records:
        text = r["text"].strip()
        gold_cat = CATEGORY_MAP.get(r["event"], r["event"])
        t0 = time.perf_counter()
        doc = _doc(text, r.get("date"))
        en.analyze(doc, gaz)
        elapsed += time.perf_counter() - t0
        chars += len(text)
        ev = doc.events[0] if doc.events else None
        got_cat = ev.event if ev else "NONE"
        n += 1
        ok_c = got_cat == gold_cat
        cat_ok += ok_c
        if not ok_c:
            confusion[(gold_cat, got_cat)] += 1
        gold_src = first_code(r.get("source"))
        got_src = norm_code(ev.actors[0].code) if ev and ev.actors else None
        ok_s = gold_src == got_src
        src_ok += ok_s
        gold_tgt = first_code(r.get("target"))
        got_tgt = norm_code(ev.recipients[0].code) if ev and ev.recipients else None
        if gold_tgt is None:
            ok_t = not (ev and ev.recipients)
        else:
            ok_t = gold_tgt == got_tgt
        tgt_ok += ok_t
        if not (ok_c and ok_s and ok_t):
            errors.append((r["id"], gold_cat, got_cat, gold_src, got_src, gold_tgt, got_tgt, text))

    # the same text as one many-sentence document, the way articles are analysed
    texts = [r["text"].strip() for r in records]
    whole = Document(path="gsr-all", text=" ".join(texts), content_hash="", language="en")
    pos = 0
    for i, t in enumerate(texts):
        whole.sentences.append(Sentence.from_text(t, i, pos))
        pos += len(t) + 1
    t0 = time.perf_counter()
    en.analyze(whole, gaz)
    doc_rate = len(whole.text) / (time.perf_counter() - t0)

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"PLOVER GSR records: {args.records}  ({n} records, DOCUMENT records skipped)")
    print("rules: 0.5b1 names mapped (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT);")
    print("       first event of the sentence; first source/target code; CAMEO codes mapped to ISO3")
    print(f"       ({', '.join(f'{k}->{v}' for k, v in CAMEO_TO_ISO.items())}), organisation codes (UNO, EUR, NGO ...) -> IGO;")
    print("       an empty gold target is right when no recipient is coded")
    print(f"english pipeline: {'spaCy ' + syntax.DEFAULT_MODEL if syntax.parser() is not None else 'rules only'}")
    print(f"category accuracy      {cat_ok / n:.3f}  ({cat_ok}/{n})")
    print(f"source code accuracy   {src_ok / n:.3f}  ({src_ok}/{n})")
    print(f"target code accuracy   {tgt_ok / n:.3f}  ({tgt_ok}/{n})")
    print("most common category errors (gold -> coded):")
    for (g, s), k in confusion.most_common(10):
        print(f"  {g:10s} -> {s:10s} {k}")
    print(f"throughput             {chars / elapsed:,.0f} chars/s  ({chars} chars in {elapsed:.2f} s, one core,"
          " one document per record)")
    print(f"                       {doc_rate:,.0f} chars/s  (all records as one document)")
    print(f"peak memory (RSS)      {peak_kib / 1024:.0f} MiB")
    for e in errors[: args.errors]:
        print("  ", " | ".join(str(x) for x in e))
    return 0


def _doc(text: str, day: str | None) -> Document:
    doc = Document(path="gsr", text=text, content_hash="", language="en", publication_date=day)
    doc.sentences = [Sentence.from_text(text)]
    return doc


if __name__ == "__main__":
    sys.exit(main())
