"""両外相, 両首脳, 両氏: a pair named by role stands for the two people last named with that role."""

from __future__ import annotations

import re

from .entities import _Ent
from .lexicon import config


def pair_referents(text: str, ents: list[_Ent], named: list[tuple[str, _Ent]]) -> list[_Ent]:
    """The two people each 両+title of ``text`` stands for, placed where the pair is written so
    that its particle gives them their role (両外相と会談した: the partners of the meeting).
    ``named`` holds the people named so far in the text, each with what is written after the name."""
    rx = _pattern()
    if rx is None:
        return []
    out: list[_Ent] = []
    for m in rx.finditer(text):
        wanted = dict(config().pair_titles)[m.group(1)]
        before = named + [(text[e.j : e.j + 12], e) for e in ents if e.j <= m.start() and _is_person(e)]
        picked: list[_Ent] = []
        for after, e in reversed(before):
            if any(_same(e, p) for p in picked) or not wanted.match(after):
                continue
            picked.append(e)
            if len(picked) == 2:
                break
        if len(picked) == 2:
            out += [_Ent(m.start(), m.end(), e.entry, e.entity, True) for e in reversed(picked)]
    return out


def people_named(text: str, ents: list[_Ent]) -> list[tuple[str, _Ent]]:
    """The people a sentence names, each with the text written after the name (its title)."""
    return [(text[e.j : e.j + 12], e) for e in ents if _is_person(e)]


def _is_person(e: _Ent) -> bool:
    return e.entity.type == "PERSON" and e.actor


def _same(a: _Ent, b: _Ent) -> bool:
    return (a.entity.identifier_text or a.entity.text) == (b.entity.identifier_text or b.entity.text)


def _pattern() -> re.Pattern | None:
    titles = [name for name, _ in config().pair_titles]
    if not titles:
        return None
    return re.compile("両(" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True)) + ")")
