"""Accuracy of the routes that give a canonical English name to a person the actor
dictionary does not list, on lists of real politicians' names (benchmarks/names/*.tsv) written
with the English form English news uses. The lists measure the general method; they are never
read at run time.

Per list: how many names get a canonical name (``named``), how many of those are right
(``right``, diacritics and case aside; ``loose`` also ignores hyphens and spaces), and the
share of the whole list named right (``acc``)."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from rashomon import names

LISTS = Path(__file__).parent / "names"


def _norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def _loose(s: str) -> str:
    return _norm(s).replace("-", "").replace(" ", "")


def _japanese(surface: str, _: str) -> str | None:
    return names.japanese_name(surface)


def _chinese(surface: str, _: str) -> str | None:
    return names.pinyin_name(surface)


def _korean(surface: str, region: str) -> str | None:
    north = region == "north"
    if any("ァ" <= c <= "ヺ" for c in surface):
        return names.korean_katakana_name(surface, north)
    return names.korean_name(surface, north)


def _foreign(surface: str, _: str) -> str | None:
    return names.katakana_canonical(surface)


ROUTES: dict[str, Callable[[str, str], str | None]] = {
    "japanese": _japanese, "chinese": _chinese, "korean": _korean, "foreign": _foreign,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wrong", action="store_true", help="print the names got wrong")
    a = ap.parse_args()
    print(f"{'list':10} {'names':>5} {'named':>5} {'right':>5} {'loose':>5} {'prec':>5} {'acc':>5}")
    for kind, route in ROUTES.items():
        rows = [line.split("\t") for line in (LISTS / f"{kind}.tsv").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        named = right = loose = 0
        for row in rows:
            surface, english = row[0], row[1]
            got = route(surface, row[2] if len(row) > 2 else "")
            named += got is not None
            ok = got is not None and _norm(got) == _norm(english)
            right += ok
            loose += got is not None and _loose(got) == _loose(english)
            if a.wrong and not ok:
                print(f"  {kind}: {surface} -> {got} (want {english})")
        print(f"{kind:10} {len(rows):5} {named:5} {right:5} {loose:5} {right / max(named, 1):5.2f} "
              f"{right / len(rows):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
