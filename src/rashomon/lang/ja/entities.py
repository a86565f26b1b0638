"""Japanese names: dictionary matches, the name finder's spans and their canonical names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import names, places, states
from ...gazetteer import Entry, Gazetteer, Match, default_gazetteer, state_code
from ...records import ActorRef, Document, Entity, Sentence
from .lexicon import _CONTINENT_SCALE, _PLACE_PARTICLE, _TITLE, config
from .model import CANDIDATE, name_finder


@dataclass
class _Ent:
    """An entity found in one sentence, with its position in the normalised sentence text."""

    i: int
    j: int
    entry: Entry | None
    entity: Entity
    actor: bool  # can act in an event (person, state, organisation, a capital standing for its state)


def _is_latin(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) > 0.7 * len(letters)


def _entities(sent: Sentence, doc: Document, gaz: Gazetteer, masked: list[tuple[int, int]]) -> list[_Ent]:
    """Dictionary matches in a sentence, outside the outlet names in ``masked``."""
    text = sent.text
    lang = "en" if _is_latin(text) else "ja"
    out: list[_Ent] = []
    day = doc.publication_date
    metonymic = config().metonymic
    for m in gaz.find(text, lang):
        if any(a <= m.start < b for a, b in masked):
            continue
        out.append(_make(m, sent, doc.text, day, metonymic, lang))
    out.sort(key=lambda e: e.i)
    return out


def _model_entities(
    doc: Document,
    content: list[Sentence],
    by_sentence: dict[int, list[_Ent]],
    outlet_spans: dict[int, list[tuple[int, int]]],
) -> None:
    """Add the names the dictionary lacks, from ``model``, where they overlap no dictionary
    match or outlet name: the dictionary's reading wins. Only Japanese sentences with a
    katakana word or a titled name left unexplained by the dictionary are worth the model,
    and they go to it in one batch."""
    wanted: list[tuple[Sentence, list[tuple[int, int]]]] = []
    for s in content:
        if _is_latin(s.text):
            continue
        taken = [(e.i, e.j) for e in by_sentence[s.index]] + outlet_spans[s.index]
        rest = s.text
        for a, b in taken:
            rest = rest[:a] + "\u3000" * (b - a) + rest[b:]
        if CANDIDATE.search(rest):
            wanted.append((s, taken))
    if not wanted:
        return
    found = name_finder().find([s.text for s, _ in wanted], [taken for _, taken in wanted])
    for (s, taken), spans in zip(wanted, found, strict=True):
        ents = by_sentence[s.index]
        for i, j, etype in spans:
            if any(a < j and i < b for a, b in taken):
                continue
            start, end = s.span(i, j)
            ent = Entity(doc.text[start:end], start, end, etype, None, None, None, s.index, "model")
            # an unidentified country or place has no code to act under; a person or body does
            ents.append(_Ent(i, j, None, ent, etype in ("PERSON", "ORG")))
        ents.sort(key=lambda e: e.i)


def _canonical_names(
    doc: Document,
    content: list[Sentence],
    by_sentence: dict[int, list[_Ent]],
    outlet_spans: dict[int, list[tuple[int, int]]],
) -> None:
    """Kanji names before a title that the model missed (孫衛東外務次官), then a canonical name
    for every person the dictionary lacks (see ``names``)."""
    japanese = [s for s in content if not _is_latin(s.text)]
    for s in japanese:
        ents = by_sentence[s.index]
        known = [(e.i, e.j) for e in ents if e.entry is not None] + outlet_spans[s.index]
        for i, j in names.kanji_names(s.text, known) + names.katakana_names(s.text, known):
            ents[:] = [e for e in ents if e.entry is not None or not (e.i < j and i < e.j)]
            start, end = s.span(i, j)
            ents.append(
                _Ent(
                    i,
                    j,
                    None,
                    Entity(doc.text[start:end], start, end, "PERSON", sentence=s.index, source="rule"),
                    True,
                )
            )
        ents.sort(key=lambda e: e.i)
    local = {s.index: [(e.i, e.j, e.entity) for e in by_sentence[s.index]] for s in japanese}
    texts = {s.index: s.text for s in content}
    gaz, day = default_gazetteer(), doc.publication_date

    def family(kana: str) -> tuple[str, str | None, str | None] | None:
        e = gaz.family_holder(kana, day)
        return (e.id, *state_code(*e.resolve(day))) if e else None

    names.name_japanese(local, texts, family)
    sents = {s.index: s for s in content}

    def person(idx: int, i: int, j: int) -> Entity:
        start, end = sents[idx].span(i, j)
        return Entity(doc.text[start:end], start, end, "PERSON", sentence=idx, source="rule")

    names.family_mentions(local, texts, person)

    def make(idx: int, i: int, j: int) -> Entity:
        start, end = sents[idx].span(i, j)
        return Entity(doc.text[start:end], start, end, "LOCATION", sentence=idx, source="geonames")

    places.place_japanese(local, texts, make)
    states.mark_locators(local, texts, "ja")
    for idx, found in local.items():
        old = {id(e.entity): e for e in by_sentence[idx]}
        by_sentence[idx] = [
            _Ent(
                i,
                j,
                old[id(ent)].entry if id(ent) in old else None,
                ent,
                old[id(ent)].actor if id(ent) in old else ent.type == "PERSON",
            )
            for i, j, ent in found
        ]


def _make(
    m: Match, sent: Sentence, doc_text: str, day: str | None, metonymic: frozenset[str], lang: str
) -> _Ent:
    e = m.entry
    text = sent.text
    start, end = sent.span(m.start, m.end)
    original = doc_text[start:end]
    code, sector = e.resolve(day)
    etype = e.type
    code, sector = state_code(code, sector)
    actor = etype in ("PERSON", "COUNTRY", "ORG")
    if etype == "LOCATION" and e.kind in _CONTINENT_SCALE:
        etype = "OTHER"  # oceans and polar or continental regions are, like continents, not places of record
    elif etype == "LOCATION" and e.id in metonymic and not _used_as_place(text, m.start, m.end, lang):
        # "Moscow decided", "ワシントンの優先課題": the capital stands for its government
        etype, actor, sector = "OTHER", True, "GOV"
    ent = Entity(original, start, end, etype, e.id, code, sector, sent.index, "dictionary")
    return _Ent(m.start, m.end, e, ent, actor)


def _used_as_place(text: str, i: int, j: int, lang: str) -> bool:
    if lang == "en":
        before = text[max(0, i - 6) : i].lower()
        return (
            bool(re.search(r"\b(in|at|to|from|near|outside|into)\s+$", before))
            or i == 0
            and text[j : j + 1] == ","
        )
    after = text[j:]
    after = re.sub(r"^(?:D\.?C\.?|市|州)", "", after)
    # a wire dateline names where the story was filed: 【ワシントン、ロンドン共同】, [パリ/ベルリン 9日 ロイター]
    dateline = bool(re.search(r"[【\[［][^】\]］。「」]{0,30}$", text[:i]) and re.match(r"[^【\[［。「」]{0,30}[】\]］]", after))
    return dateline or bool(_PLACE_PARTICLE.match(after)) or (i == 0 and after[:1] in "、,")


def _particle_after(text: str, e: _Ent) -> str:
    """What follows a name and the titles or bodies written after it (国防相, 大統領府長官, 外務省)."""
    rest = text[e.j :]
    run = config().title_run.match(rest)
    return rest[max(_TITLE.match(rest).end(), run.end() if run else 0) :]


def _dedupe(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        key = a.identifier_text or a.entity_text
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
