"""English statements: who said what, from reporting verbs and the parse where surface patterns fail."""

from __future__ import annotations

import re

from ...gazetteer import Gazetteer
from ...records import ActorRef, Document, Sentence, Statement, TimeExpression
from ..discourse import dedup_actors as _dedup
from . import syntax
from .clauses import (
    _QUOTE_CHARS,
    _Chunk,
    _clause_start,
    _closing_attribution,
    _coordinated,
    _next_report,
    _skip_to_report,
    _trailer_start,
)
from .lexicon import _Lexicon, _Tok
from .time import _RawTimex

_BOTH = re.compile(
    r"\b(?:the two|both|the)(?: leaders| sides| presidents| men| countries| governments)\b|\b(?:the two|both)\b",
    re.I,
)


# words between a pronoun subject and its reporting verb: "he also said", "she later told"
_ADVERBS = frozenset({"also", "later", "then", "again", "further", "had", "has", "earlier"})


_BARE_CLAUSE_VERBS = frozenset({"say", "said", "says", "tell", "told", "tells"})


# a phrase after these tells where or of what, not who speaks: "in Moscow", "from the ministry"
_NOT_SPEAKER_PREPS = frozenset({"in", "at", "from", "of", "near", "aboard", "during", "with"})


def _speaker_phrase(cands: list[_Chunk]) -> _Chunk | None:
    """The speaker among the actor phrases of a reporting verb's subject: the first person, else
    the first body or state ("EU foreign policy chief Kaja Kallas said": Kallas, not the EU)."""
    inside = [c for c in cands if c.prep not in _NOT_SPEAKER_PREPS and not c.location_only]
    people = [c for c in inside if any(e.type == "PERSON" for e in c.entities)]
    return (people or inside or [None])[0]


def _office_holders(chunks: list[_Chunk], toks: list[_Tok], day: str, gaz: Gazetteer, lex: _Lexicon) -> None:
    """ "The US president said": a state's office with no name acts as the person who holds it on
    the document's date."""
    for c in chunks:
        codes = {e.code for e in c.entities}
        if not c.entities or any(e.type != "COUNTRY" for e in c.entities) or len(codes) != 1:
            continue
        words = " ".join(t.low for t in toks[c.i : c.j])
        office = next((o for o in lex.offices if re.search(rf"\b{re.escape(o)}\b", words)), None)
        holder = gaz.office_holder(codes.pop(), office, day[:10]) if office else None
        if holder is not None:
            c.actor = ActorRef(" ".join(t.text for t in toks[c.i : c.j]), holder.id, holder.code, "GOV")


_CLAUSE_BOUNDARY = re.compile(r"[,;]\s+(?:and|but|while|although|whereas)\b|;")
# a relative clause set off by a comma (", which started on July 28,") dates its own noun
_RELATIVE = re.compile(r",\s*(?:which|where|when|who|whom|whose)\b[^,;]*")


def _said_on(sent_tx: list[tuple[_RawTimex, TimeExpression]], i: int, j: int, text: str = "") -> str | None:
    """The day a statement was made: a date of its sentence outside what was said ("Rutte said
    on Monday that ..."), not one inside it ("said decisions made on Wednesday would ..."), nor
    one in a relative clause of another noun ("the talks, which began on Monday, ..."), and one
    in the speaker's own clause first ("A met B on Monday, and C said on Tuesday ...")."""
    relative = [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]
    days = [
        (r.i, t.value[:10])
        for r, t in sent_tx
        if t.value and not (i <= r.i < j) and not any(a <= r.i < b for a, b in relative)
    ]
    # the speaker's own clause after ", and"/", but" holds the day it was said in
    bounds = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, 0, i)]
    own = [d for d in days if bounds and bounds[-1] <= d[0] < i]
    return own[0][1] if own else days[0][1] if days else None


def _parsed_statements(
    sent: Sentence,
    toks: list[_Tok],
    chunks: list[_Chunk],
    sent_tx: list[tuple[_RawTimex, TimeExpression]],
    last_person: ActorRef | None,
    lex: _Lexicon,
) -> list[Statement]:
    """Statements from the dependency parse: each reporting verb's subjects (an actor named in
    the subject phrase, a person before a body) say its reported clause."""
    out: list[Statement] = []
    for r in syntax.reports(sent.text, lex.reporting):
        speakers: list[ActorRef] = []
        for a, b in r.subjects:
            # a phrase the subject overlaps: the parse may split "PM Modi" into two heads
            spk = _speaker_phrase([c for c in chunks if toks[c.i].start < b and a < toks[c.j - 1].end])
            if spk is not None:
                speakers.append(spk.actor)
        if not speakers and r.pronoun and last_person is not None:
            speakers = [last_person]
        i, j = r.said
        if j - i < 6:
            continue
        start, end = sent.span(i, j)
        out.extend(
            Statement(spk, sent.text[i:j], start, end, _said_on(sent_tx, i, j, sent.text), r.verb, sent.index)
            for spk in _dedup(speakers)
        )
    return out


def _statements(
    doc: Document,
    sent: Sentence,
    toks: list[_Tok],
    chunks: list[_Chunk],
    sent_tx: list[tuple[_RawTimex, TimeExpression]],
    last_person: ActorRef | None,
    lex: _Lexicon,
) -> list[Statement]:
    if not toks:
        return []
    n = len(toks)
    text = sent.text

    def make(speaker: ActorRef, i: int, j: int, verb: str) -> Statement | None:
        # i, j are character offsets in the sentence; strip quotes, commas and spaces
        while i < j and (text[i] in _QUOTE_CHARS + " ,`'-•" or text[i].isspace()):
            i += 1
        while j > i and (text[j - 1] in _QUOTE_CHARS + " ,.`'" or text[j - 1].isspace()):
            j -= 1
        # keep the closing quote of a quoted word: had been "useful"
        if (
            j < len(text)
            and text[j] in '"”'
            and (text.count('"', i, j) % 2 == 1 or text.count("“", i, j) > text.count("”", i, j))
        ):
            j += 1
        if j - i < 3:
            return None
        s, e = sent.span(i, j)
        return Statement(speaker, doc.text[s:e], s, e, _said_on(sent_tx, i, j, text), verb, sent.index)

    def speaker_in(lo: int, hi: int) -> list[ActorRef]:
        # "Speaking to journalists on the plane home, he said": the subject after an opening
        # participle's phrase is the pronoun, not a name inside the phrase
        comma = next((x for x in range(hi - 1, lo - 1, -1) if toks[x].low == ","), None)
        if (
            comma is not None
            and toks[lo].low.endswith("ing")
            and toks[comma + 1 : hi]
            and all(t.low in lex.pronouns or t.low in _ADVERBS for t in toks[comma + 1 : hi])
            and last_person is not None
        ):
            return [last_person]
        if any(t.low in lex.media for t in toks[lo:hi]):
            return []  # "according to Syria TV": the medium passes on what others said
        first = _speaker_phrase([c for c in chunks if c.i >= lo and c.j <= hi])
        if first is not None:
            # "Macron and Merz said", "leaders, including Macron and Merz, said": each speaks
            return _dedup([c.actor for c in _coordinated(first, chunks, toks, hi)])
        words = [t.low for t in toks[lo:hi]]
        # "he said", "according to him"
        if any(w in lex.pronouns or w in ("him", "her") for w in words) and last_person is not None:
            return [last_person]
        return []

    def made(speakers: list[ActorRef], i: int, j: int, verb: str) -> list[Statement]:
        return [st for st in (make(spk, i, j, verb) for spk in speakers) if st is not None]

    # "according to X, ..." / "..., according to X."
    for k in range(n - 1):
        if toks[k].low == "according" and toks[k + 1].low == "to":
            stop = next((x for x in range(k + 2, n) if toks[x].low in (",", ".")), n)
            spk = speaker_in(k + 2, stop)
            if not spk:
                continue
            if k == 0 and stop < n:
                return made(spk, toks[stop].end, len(text), "according to")
            cut = k - 1 if k > 0 and toks[k - 1].low == "," else k
            return made(spk, 0, toks[cut].start if cut < n else len(text), "according to")

    # "…," X said  /  "…," said X
    for k in range(n - 1, 0, -1):
        if toks[k].low != ",":
            continue
        rest = toks[k + 1 :]
        verb_at = next((x for x, t in enumerate(rest[:14]) if t.low in lex.reporting), None)
        if verb_at is None and rest and rest[0].low.endswith("ing"):
            continue  # ", speaking on condition of anonymity": the attribution is before it
        if verb_at is None or not _closing_attribution(toks, k, lex):
            break
        rest = rest[: next((x for x in range(verb_at, len(rest)) if rest[x].low == ","), len(rest))]
        vk = k + 1 + verb_at
        if any(t.low == "that" for t in rest[verb_at + 1 : verb_at + 2]):
            break  # ", X said that ..." is a leading statement of its own clause
        spk = speaker_in(k + 1, vk) or speaker_in(vk + 1, n)
        if not spk or len(rest) > 18:
            break
        # "Lavrov told journalists ..., Tass reported": the agency passes on Lavrov's words
        inner = next(
            (x for x in range(1, k) if toks[x].low in lex.reporting and toks[x].text.islower()), None
        )
        if inner is not None and speaker_in(_clause_start(toks, inner, lex), inner):
            break
        return made(spk, 0, toks[k].start, toks[vk].text)

    # X said (that) … / X told reporters … (and Y said …)
    out: list[Statement] = []
    lo = 0
    for vk in range(1, n):
        if vk < lo or toks[vk].low not in lex.reporting:
            continue
        clause = max(lo, _clause_start(toks, vk, lex))
        spk = speaker_in(clause, vk)
        if not spk:
            continue
        k = _skip_to_report(toks, chunks, vk, toks[vk].low in ("tell", "told", "tells"))
        introduced = k < n and (
            toks[k].low in ("that", ",", ":") or toks[k].text.startswith(tuple(_QUOTE_CHARS))
        )
        # "adds more banks to the list", "claimed the seat": only say/tell take a bare clause
        if not introduced and toks[vk].low not in _BARE_CLAUSE_VERBS:
            continue
        if k < n and toks[k].low in ("that", ",", ":"):
            k += 1
        if k >= n:
            continue
        stop = min(_next_report(toks, chunks, k, lex), _trailer_start(toks, lex))
        if stop <= k:
            continue
        out += made(spk, toks[k].start, toks[stop].start if stop < n else len(text), toks[vk].text)
        lo = stop + 1
    return out


def _joint_statements(
    sent: Sentence,
    toks: list[_Tok],
    chunks: list[_Chunk],
    meetings: list[ActorRef],
    lex: _Lexicon,
    body: ActorRef | None = None,
) -> list[Statement]:
    """A statement a group issues together ("the premier joined her counterparts in issuing a statement",
    "in a joint statement, the leaders said"): each actor named before the cue and, when a group word
    stands for the rest, each party of the last meeting (``meetings``) speaks the sentence. The
    members of a body ("members said", "the allies said") speak as the body the text last named."""
    low = sent.text.lower()
    at = min((low.find(c) for c in lex.joint_statements if c in low), default=-1)
    if at < 0 or not any(t.low in lex.group_speakers for t in toks):
        return []
    named = [c.actor for c in chunks if c.actor.code and toks[c.j - 1].end <= at and c.prep is None]
    if body is not None and any(t.low in lex.member_words for t in toks):
        meetings = [body]
    speakers = _dedup(named + meetings)
    start, end = sent.span(0, len(sent.text))
    return [Statement(s, sent.text, start, end, None, "statement", sent.index) for s in speakers]
