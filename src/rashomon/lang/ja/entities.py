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
        _relatives(doc, s, ents)
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
    _rehold_family_names(by_sentence, texts, day)


_SEPARATOR = re.compile(r"[・=＝゠]")


def _family_part(entry: Entry, surface: str) -> bool:
    """Whether ``surface`` is a bare family name of a dictionary person: a form of the entry
    that a longer form of it ends (アサド of バシャール・アサド) or, in kanji, begins (岸田 of 岸田文雄)."""
    if _SEPARATOR.search(surface):
        return False
    for form in entry.ja:
        parts = _SEPARATOR.split(form)
        if len(parts) > 1 and parts[-1] == surface or re.fullmatch(r"[一-龥々]+", form) and len(
                form) > len(surface) and form.startswith(surface):
            return True
    return False


def _relatives(doc: Document, sent: Sentence, ents: list[_Ent]) -> None:
    """A dictionary person's family name after a given name that is none of theirs (ハフェズ・アサド
    where the dictionary has バシャール・アサド) names a relative: the given name's English form
    and the family name as the dictionary spells it in English (Hafez al-Assad)."""
    text = sent.text
    for k, e in enumerate(ents):
        if e.entry is None or e.entry.type != "PERSON" or not _family_part(e.entry, text[e.i : e.j]):
            continue
        m = re.search(r"(?<![ァ-ヺー・])([ァ-ヺー]{2,})[・=＝]$", text[: e.i])
        if not m or any(m.group(1) in _SEPARATOR.split(form) for form in e.entry.ja):
            continue
        if any(o is not e and o.i < e.i and m.start() < o.j for o in ents):
            continue
        given = names.katakana_part(m.group(1))
        i = m.start()
        start, end = sent.span(i, e.j)
        family = e.entry.id.split()[-1]
        ent = Entity(doc.text[start:end], start, end, "PERSON", None, e.entity.code, None, sent.index, "jmnedict")
        if given:
            ent.identifier_text = f"{given} {family}"
        else:
            ent.source = f"romaji:{names.romanize(m.group(1), foreign=True).capitalize()} {family}"
        ents[k] = _Ent(i, e.j, None, ent, True)


def _rehold_family_names(by_sentence: dict[int, list[_Ent]], texts: dict[int, str], day: str | None) -> None:
    """A bare family name the dictionary gives to someone who holds no role on the document's
    date (クリントン: Hillary Clinton) is the one other person of that family the document names
    in full, when it names one (ビル・クリントン, 小泉進次郎)."""
    people = [(idx, e) for idx, ents in by_sentence.items() for e in ents if e.entity.type == "PERSON"]
    for idx, e in people:
        entry, surface = e.entry, texts[idx][e.i : e.j]
        if entry is None or entry.type != "PERSON" or not _family_part(entry, surface):
            continue
        if day and any(r.covers(day) for r in entry.roles) or not day and any(r.end is None for r in entry.roles):
            continue
        others = {}
        for jdx, o in people:
            name, full = o.entity.identifier_text, texts[jdx][o.i : o.j]
            if not name or name == e.entity.identifier_text or full == surface:
                continue
            if surface in _SEPARATOR.split(full)[1:] or re.fullmatch(r"[一-龥々]+", full) and full.startswith(surface):
                others[name] = o.entity
        if len(others) == 1:
            ref = next(iter(others.values()))
            ent = e.entity
            ent.identifier_text, ent.code, ent.sector, ent.source = ref.identifier_text, ref.code, ref.sector, ref.source
        elif not others and (then := _office_then(texts[idx], e.i, e.j)):
            # クリントン大統領(当時) in a sentence about 2000: the one of that family in office then
            holder = default_gazetteer().family_holder(surface, then)
            if holder is not None and holder.id != e.entity.identifier_text:
                code, sector = state_code(*holder.resolve(then))
                ent = e.entity
                ent.identifier_text, ent.code, ent.sector, ent.source = holder.id, code, sector, "dictionary"


_THEN = re.compile(r"[(（]当時[)）]")


def _office_then(text: str, i: int, j: int) -> str | None:
    """The middle of the year a sentence dates a past office by (1998年に…クリントン大統領(当時)
    は…: 1998-07-01), where a personal title and 当時 follow the name."""
    title = names.rules().katakana_title.match(text, j)
    if not title or not _THEN.match(text, title.end()):
        return None
    years = re.findall(r"((?:19|20)\d\d)年", text[:i])
    return f"{years[-1]}-07-01" if years else None


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
