"""Japanese analysis: actors and places by dictionary, time expressions, statements and
PLOVER event mentions, over the normalised sentences that cleaning produced.

The dictionary pass is a character-trie scan, and event and statement coding are
patterns over the clause around a trigger; no full parse is needed for those, which keeps
the analyser at tens of thousands of characters a second. Names the dictionary lacks come
from ``ja.model`` (Sudachi's lexicon by default, GiNZA on request), and only where they
overlap no dictionary match: the dictionary overrides the model.
"""

from __future__ import annotations

import re

from ...clean import CONTENT_KINDS, EVENT_KINDS
from ...gazetteer import Gazetteer
from ...provenance import outlet_mentions
from ...records import ActorRef, Document, EventMention, Statement, TimeExpression
from ..discourse import date_verbal_acts
from .entities import _canonical_names, _dedupe, _Ent, _entities, _model_entities
from .events import (
    _INTENTION,
    _attendees,
    _events,
    _partnered,
    _speaker_phrase,
    _with_attendees,
    _within,
    leaders_of_summits,
)
from .lexicon import _QUOTE, config
from .pairs import pair_referents, people_named
from .statements import _caption_speaker, _speaker_before, _statements
from .time import _time_expressions, local_zone

__all__ = ["analyze", "local_zone"]


_DECLARATION = re.compile(r"^[^。「」]{0,12}?(?:首脳|共同)?宣言(?:では|で(?!は))")


def _summit_body(events: list[EventMention]) -> ActorRef | None:
    """The body of states (NATO, G7) whose meeting the text last reported."""
    for m in reversed(events):
        if m.event == "CONSULT":
            body = next((a for a in m.actors if "IGO" in (a.code, a.sector)), None)
            if body is not None:
                return body
    return None


def _attributable(st: Statement, persons: set[str]) -> bool:
    """A speaker some name identifies: a canonical name, or a person named by a reading."""
    named = bool(st.speaker.identifier_text) or st.speaker.entity_text in persons
    return named and st.speaker.sector != "MED"


def analyze(doc: Document, gazetteer: Gazetteer) -> None:
    blocks = doc.blocks
    by_sentence: dict[int, list[_Ent]] = {}
    content = [s for s in doc.sentences if blocks[s.block].kind in CONTENT_KINDS]
    # outlet names are read once: masked from actors, offered as speakers
    outlets = {s.index: outlet_mentions(s.text) for s in content}
    spans = {i: [(a, b) for a, b, _ in found] for i, found in outlets.items()}
    for s in content:
        by_sentence[s.index] = _entities(s, doc, gazetteer, spans[s.index])
    _model_entities(doc, content, by_sentence, spans)
    _canonical_names(doc, content, by_sentence, spans)
    for s in content:
        doc.entities.extend(e.entity for e in by_sentence[s.index])
    persons = {e.text for e in doc.entities if e.type == "PERSON"}
    timexes = _time_expressions(doc)
    doc.time_expressions.extend(timexes)
    tx_by_sentence: dict[int, list[TimeExpression]] = {}
    for t in timexes:
        tx_by_sentence.setdefault(t.sentence, []).append(t)
    topic: _Ent | None = None
    attendees: list[_Ent] = []
    heads: list[_Ent] = []
    states: set[tuple[str | None, str | None]] = set()
    caption: tuple[_Ent, str | None] | None = None
    participants: list[_Ent] = []
    last_meeting: list[ActorRef] = []
    so_far: list[tuple[str, _Ent]] = []
    for s in doc.sentences:
        found = by_sentence.get(s.index, [])
        # 両外相, 両首脳: the two people last named so, where the pair is written
        ents = sorted(found + pair_referents(s.text, found, so_far), key=lambda e: e.i)
        so_far += people_named(s.text, found)
        txs = tx_by_sentence.get(s.index, [])
        if blocks[s.block].kind not in EVENT_KINDS:
            # トランプ大統領(16日) over a quotation: a transcript's caption names who speaks
            speaker = _caption_speaker(s.text, ents)
            if speaker is not None:
                topic = speaker
                caption = (speaker, next((t.value[:10] for t in txs if t.value), None))
            continue
        statements = _statements(s, ents, txs, topic, participants, outlets.get(s.index, []))
        if caption is not None:
            speaker, day = caption
            quote = _QUOTE.fullmatch(s.text.rstrip("。"))
            if quote and not statements:
                a, b = s.span(quote.start() + 1, quote.end() - 1)
                statements = [
                    Statement(speaker.entity.as_actor(), quote.group(0)[1:-1], a, b, None, "", s.index)
                ]
            for st in statements:
                if st.date is None and st.speaker == speaker.entity.as_actor():
                    st.date = day
            caption = None
        if not statements and _DECLARATION.match(s.text):
            # 首脳宣言では、…で一致した: a summit's declaration speaks for the body that holds it
            body = _summit_body(doc.events)
            if body is not None:
                statements = [Statement(body, s.text, s.start, s.end, None, "宣言", s.index)]
        # an outlet that reports (ロイター通信によると) and a speaker no name identifies are not
        # recorded as speakers; they still keep what they say from being given to another
        doc.statements.extend(st for st in statements if _attributable(st, persons))
        events = _events(s, ents, txs, doc, gazetteer, participants, topic, last_meeting)
        present = _attendees(s.text, ents, config().attendance)
        if present:
            # …も同席した, …が出席した: those present are at the meeting just told
            meetings = [m for m in events if m.event == "CONSULT"] or [
                m
                for m in doc.events[-3:]
                if m.event == "CONSULT" and m.sentence is not None and s.index - m.sentence <= 2
            ][-1:]
            for m in meetings:
                if m.status == "happened":
                    m.actors = _dedupe(m.actors + [e.entity.as_actor() for e in present])
        for st in statements:
            # ロシア大統領府のペスコフ報道官は、次回の首脳会談の日程は決まっていないと説明した: he
            # (and the office he speaks for) reports the meeting, he is not at it; but one who states
            # an intention (…と協議する考えを示した) is the one to act on it
            if _INTENTION.match(st.verb):
                continue
            if not any(e.entity.as_actor() == st.speaker for e in ents):
                continue  # a speaker the sentence does not name is not named as a reporter in it
            reporters = _speaker_phrase(s.text, ents, st.speaker)
            for m in events:
                # only meetings: "Xは…関税を課すと発表した" is still X's act
                if m.event == "CONSULT" and st.speaker in m.actors and _within(s, m, st):
                    rest = [a for a in m.actors if a not in reporters]
                    # トランプ大統領は、習主席と電話会談すると明らかにした: one who announces a
                    # meeting with a partner (Xと) is its other party
                    if not _partnered(s.text, ents, m, rest):
                        m.actors = rest
        doc.events.extend(m for m in events if m.actors or m.event == "CONSULT")
        told = [
            m
            for m in events
            if m.event == "CONSULT"
            and m.status in ("happened", "scheduled")
            and (len({a.code or a.identifier_text for a in m.actors}) >= 2 or any("IGO" in (a.code, a.sector) for a in m.actors))
        ]
        if told:
            last_meeting = told[-1].actors
        for m in events:
            if m.event == "CONSULT":
                named = [
                    e
                    for e in ents
                    if e.entity.type == "PERSON"
                    and e.entity.identifier_text
                    and any(e.entity.identifier_text == a.identifier_text for a in m.actors)
                ]
                if len({e.entity.identifier_text for e in named}) >= 2:
                    participants = named
        topic = _speaker_before(ents, len(s.text), s.text) or topic
        attendees.extend(_attendees(s.text, ents, config().attendance))
        heads.extend(_attendees(s.text, ents, config().delegation_head))
        states.update((e.entity.identifier_text, e.entity.code) for e in ents if e.entity.type == "COUNTRY")
    _with_attendees(doc.events, attendees, heads, states)
    leaders_of_summits(doc, gazetteer)
    _date_by_occasion(doc)
    date_verbal_acts(doc.events, doc.statements)


# 調印式で, 会見で: the occasion a statement was made at, an event the text has told (not 会談後:
# after it may be another day)
_OCCASION = re.compile(r"(調印|署名|会談|会見|会合|協議|首脳会議|サミット)(?:式)?(?:の席|の冒頭|で|に臨)")


def _date_by_occasion(doc: Document) -> None:
    """A statement without a day of its own, made at an occasion the text told with its day
    (…は5日、協定に調印した。…外相は調印式で「…」と語った), was made on that day."""
    text = {s.index: s.text for s in doc.sentences}
    for st in doc.statements:
        if st.date is not None:
            continue
        occasion = _OCCASION.search(text.get(st.sentence, ""))
        if occasion is None:
            continue
        told = [
            m
            for m in doc.events
            if m.date and m.sentence is not None and m.sentence < st.sentence and occasion.group(1) in m.trigger
        ]
        if told:
            st.date = told[-1].date
