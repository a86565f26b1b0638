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
    if any(after.startswith(w) for w in cfg["ja_locator_of"]):
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


def _owned_elsewhere(text: str, i: int, j: int, ents: list[tuple[int, int, Entity]], owned: set[str]) -> bool:
    """A bare 政府/財務省 that is another state's: right after that state or a word for it
    (カナダ政府, 同国政府), after it and a few kanji or の in one clause (シリア暫定政府, ベネズエラの正統な
    政府), a government in general (反政府, 政府軍), or the same word the document has already given
    to another state (米財務省 … 財務省は)."""
    cfg = config()
    word = text[i:j]
    if word in owned or text[:i].endswith(tuple(cfg["ja_not_own_before"])) or text[j:].startswith(
            tuple(cfg["ja_not_own_after"])):
        return True
    if any(text[:i].endswith(w) for w in cfg["ja_state_words"]):
        return True
    for _, b, x in ents:
        if x.type != "COUNTRY" or b > i:
            continue
        between = text[b:i]
        if b == i or (0 < i - b <= cfg["ja_owner_chars"] and (between[0] == "の" or re.fullmatch(r"[一-龥々]+", between))
                      and not re.search(r"[、。,]", between)):
            return True
    return False


def mark_locators(local: Local, texts: dict[int, str], lang: str) -> None:
    """Turn states that only locate something into OTHER; drop a bare 政府 another state owns."""
    cfg = config()
    bare = tuple(cfg["ja_bare_institutions"])
    owned: set[str] = set()  # bare words the document has given to a state other than Japan
    for idx in sorted(local):
        ents, text = local[idx], texts[idx]
        keep = []
        for i, j, e in ents:
            if lang == "ja" and e.type == "ORG" and e.code and e.code != "JPN" and text[i:j].endswith(bare):
                owned.update(w for w in bare if text[i:j].endswith(w))
            if lang == "ja" and e.type == "ORG" and text[i:j] in bare and _owned_elsewhere(text, i, j, ents, owned):
                continue
            if e.type == "COUNTRY" and (_locates_ja(text, i, j, ents) if lang == "ja" else _locates_en(text, i, j, ents)):
                e.type = "OTHER"
            keep.append((i, j, e))
        ents[:] = keep
