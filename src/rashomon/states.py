"""States named only to locate a place are no actors (rules in data/states.yaml).

Works on the per-sentence entity lists the language analysers build, before events are coded:
a locating mention becomes OTHER (kept, with its code, for the record) and a bare
institution word the dictionary gives to Japan (政府) is dropped where another state qualifies
it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .records import Entity

STATES_FILE = Path(__file__).parent / "data" / "states.yaml"

Local = dict[int, list[tuple[int, int, Entity]]]


@lru_cache(maxsize=1)
def config() -> dict:
    return yaml.safe_load(STATES_FILE.read_text(encoding="utf-8"))


def _locates_ja(text: str, i: int, j: int, ents: list[tuple[int, int, Entity]]) -> bool:
    cfg = config()
    after = text[j:]
    if any(text[:i].endswith(w) for w in cfg["ja_locator_before"]):
        return True
    if re.match(cfg["ja_venue_of"], after):
        return True
    for w in sorted(cfg["ja_locator_after"], key=len, reverse=True):
        # トルコ・イスタンブール, ハンガリーの首都ブダペスト: a place follows
        if after.startswith(w) and any(a == j + len(w) and e.type == "LOCATION" for a, _, e in ents):
            return True
    return False


def _locates_en(text: str, i: int, j: int, ents: list[tuple[int, int, Entity]]) -> bool:
    cfg = config()
    before = text[:i].rstrip()
    if re.search(r"(?:^|\s)the$", before):
        before = before[:-3].rstrip()
    # "The Hague, the Netherlands": right after a place and a comma
    if before.endswith(",") and any(e.type == "LOCATION" and b == len(before) - 1 for _, b, e in ents):
        return True
    low = text[:i].lower()
    return any(low.endswith(w + " ") or low.endswith(w + " the ") for w in cfg["en_visit_words"])


def mark_locators(local: Local, texts: dict[int, str], lang: str) -> None:
    """Turn states that only locate something into OTHER; drop a bare 政府 another state owns."""
    cfg = config()
    for idx, ents in local.items():
        text = texts[idx]
        keep = []
        for i, j, e in ents:
            if lang == "ja" and e.type == "ORG" and text[i:j] in cfg["ja_bare_institutions"]:
                state = any(x.type == "COUNTRY" and (b == i or 0 < i - b <= cfg["ja_owner_chars"] and text[b] == "の"
                                                     and not re.search(r"[、。,]", text[b:i])) for _, b, x in ents) or any(
                    text[:i].endswith(w) for w in cfg["ja_state_words"])
                if state:
                    continue
            if e.type == "COUNTRY" and (_locates_ja(text, i, j, ents) if lang == "ja" else _locates_en(text, i, j, ents)):
                e.type = "OTHER"
            keep.append((i, j, e))
        ents[:] = keep
