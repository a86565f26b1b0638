"""English event coding: noun chunks, trigger patterns, roles, modality and place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...plover import CATEGORIES, quad_class
from ...records import ActorRef, Document, EventMention, Sentence, Statement, TimeExpression
from ..discourse import dedup_actors as _dedup
from . import syntax
from .clauses import (
    _CLAUSE_OPENERS,
    _SUBORDINATORS,
    _Chunk,
    _clause_start,
    _coordinated,
    _coordinated_before,
    _select_chunks,
    _trailer_start,
)
from .lexicon import _BOUNDARY, _Lexicon, _Pattern, _Tok
from .time import _event_date, _RawTimex


@dataclass(slots=True)
class _Match:
    i: int
    j: int
    pat: _Pattern

    @property
    def entry(self) -> dict[str, Any]:
        return self.pat.entry


def _match_at(
    elements: list[frozenset[str] | None], toks: list[_Tok], k: int, e: int, max_gap: int
) -> int | None:
    if e == len(elements):
        return k
    el = elements[e]
    if el is None:
        nxt = elements[e + 1]
        for g in range(0, max_gap + 1):
            p = k + g
            if p >= len(toks):
                return None
            if g and toks[p - 1].low in _BOUNDARY:
                return None
            if nxt is not None and toks[p].low in nxt:
                end = _match_at(elements, toks, p + 1, e + 2, max_gap)
                if end is not None:
                    return end
        return None
    if k < len(toks) and toks[k].low in el:
        return _match_at(elements, toks, k + 1, e + 1, max_gap)
    return None


def _triggers(toks: list[_Tok], lex: _Lexicon) -> list[_Match]:
    found = []
    for k, tok in enumerate(toks):
        for pat in lex.patterns.get(tok.low, ()):
            end = _match_at(pat.elements, toks, k + 1, 1, lex.max_gap)
            if end is not None:
                found.append(_Match(k, end, pat))
    found.sort(key=lambda m: (m.i, -m.pat.literals, -(m.j - m.i)))
    kept: list[_Match] = []
    for m in found:
        if any(m.i < o.j and o.i < m.j for o in kept):
            continue
        kept.append(m)
    return kept


def _has_seq(window: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(window[x : x + n]) == seq for x in range(len(window) - n + 1))


@dataclass
class _Coded:
    cat: str
    head: _Match
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    status: str = "happened"
    offered: bool = False  # an offer of the complement ("offered to hold talks with India")
    parties: list[ActorRef] = field(default_factory=list)  # named by the noun itself
    span: tuple[int, int] | None = None  # tokens from the noun to its last party


def _modality(toks: list[_Tok], m: _Match, clause: int, lex: _Lexicon, cat: str) -> str:
    lo = max(clause, m.i - 6)
    window = [t.low for t in toks[lo : m.i]]
    # stop at a clause boundary inside the window
    for x in range(len(window) - 1, -1, -1):
        if window[x] in (",", ";", "(", ")", "``", "''", '"'):
            window = window[x + 1 :]
            break
    negated = any(_has_seq(window, s) for s in lex.modality["negated"])
    if m.i > 0 and toks[m.i - 1].low in lex.negating_determiners:
        negated = True
    scheduled = any(_has_seq(window, s) for s in lex.modality["scheduled"])
    hypothetical = any(_has_seq(window, s) for s in lex.modality["hypothetical"])
    # a conditional clause before the trigger ("if Russia attacks")
    if any(t.low in ("if", "unless") for t in toks[clause : m.i]):
        hypothetical = True
    if negated and scheduled:
        return "refused"
    if negated:
        return "negated"
    if hypothetical and not (
        scheduled and not any(w in ("could", "may", "might", "if", "unless") for w in window)
    ):
        return "hypothetical"
    if scheduled:
        # "will withdraw ... unless" is a conditional promise or threat
        if any(t.low in ("unless", "if") for t in toks[m.j :]):
            return "hypothetical"
        return "scheduled"
    return "happened"


_BE_FORMS = {"was", "were", "been", "being", "is", "are", "be", "got", "get"}


def _passive(toks: list[_Tok], m: _Match) -> bool:
    first = toks[m.i].low
    if not m.pat.lemma and toks[m.j - 1].low == "to":
        return False  # an adjective with an infinitive: "he is prepared to lift the ban"
    if m.i >= 2 and first in ("under", "into") and toks[m.i - 2].low in _BE_FORMS:
        # "has been put under investigation", "were taken into custody"
        return True
    if not (
        first.endswith("ed")
        or first
        in {
            "held",
            "met",
            "shot",
            "struck",
            "beaten",
            "taken",
            "given",
            "sent",
            "seized",
            "withdrawn",
            "retaken",
        }
    ):
        return False
    back = [t.low for t in toks[max(0, m.i - 3) : m.i]]
    return any(b in _BE_FORMS for b in back) and not any(
        b in ("has", "have", "had") and i == len(back) - 1 for i, b in enumerate(back)
    )


def _code_sentence(toks: list[_Tok], lex: _Lexicon) -> list[_Coded]:
    matches = [
        m
        for m in _triggers(toks, lex)
        if not m.entry.get("not_event")
        and not (m.i >= 1 and toks[m.i - 1].low in ("before", "after") and toks[m.i].low.endswith("ing"))
    ]
    strong = [m for m in matches if not m.entry.get("weak") and not _nominal(toks, m, lex)]
    absorbed: set[int] = set()
    coded: list[_Coded] = []
    trailer = _trailer_start(toks, lex)
    # triggers in a relative clause (", where 24 people were killed") are background, coded
    # only when the main clause has none
    relative = _relative_spans(toks)
    main = [m for m in strong if not any(a <= m.i < b for a, b in relative)]
    if main and len(main) < len(strong):
        strong = main
    for idx, m in enumerate(strong):
        if id(m) in absorbed:
            continue
        # reporting verbs in a closing attribution are statements, not events
        if m.i >= trailer:
            continue
        cat = m.entry["cat"]
        if m.entry.get("active_only") and _passive(toks, m):
            continue  # "until their demands are met"
        c = _Coded(cat, m, _listify(m.entry.get("mode")), _listify(m.entry.get("context")))
        # a trigger in the complement: "threatened to cut off", "agreed to lift", "must agree"
        comp = _complement(strong, idx, toks, lex)
        if comp is not None:
            absorbed.add(id(comp))
            _combine(c, comp, toks, lex)
        coded.append(c)
    if not coded:
        # a noun inside a quotation ("given the threat from the east", he said) names what the
        # speaker talks about, not an act the sentence reports
        quoted = _quoted_spans(toks)
        weak = [
            m
            for m in matches
            if (m.entry.get("weak") or _nominal(toks, m, lex))
            and m.i < trailer
            and not _backdrop(toks, m)
            and not any(a < m.i < b for a, b in quoted)
        ]
        # the first cue noun, and any negated one ("ended with no agreement")
        for k, m in enumerate(weak):
            if k == 0 or (m.i > 0 and toks[m.i - 1].low in lex.negating_determiners):
                coded.append(
                    _Coded(m.entry["cat"], m, _listify(m.entry.get("mode")), _listify(m.entry.get("context")))
                )
    return coded


def _quoted_spans(toks: list[_Tok]) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the quotations of a sentence; an unclosed quotation
    runs to the end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for k, t in enumerate(toks):
        if t.text in ("“", "``", "«") or (t.text == '"' and opened is None):
            opened = k if opened is None else opened
        elif t.text in ("”", "''", "»", '"') and opened is not None:
            spans.append((opened, k))
            opened = None
    if opened is not None:
        spans.append((opened, len(toks)))
    return spans


_BACKDROP_PREPS = frozenset({"of", "after", "before", "during", "since", "following", "ahead", "about", "on"})


def _backdrop(toks: list[_Tok], m: _Match) -> bool:
    """A noun or gerund that sets the scene rather than reports an act: "the details of the
    meeting", "after the talks", "before meeting with Putin"."""
    k = m.i
    if k >= 1 and toks[k - 1].low in ("before", "after", "since"):
        return True
    return k >= 2 and toks[k - 1].low in ("the", "this", "that") and toks[k - 2].low in _BACKDROP_PREPS


def _nominal(toks: list[_Tok], m: _Match, lex: _Lexicon) -> bool:
    """An -ing form after a determiner is a noun ("a roadside bombing killed ..."), the subject
    or object of the sentence's event rather than the event."""
    if not m.pat.lemma:
        return False
    # "rejected the offer from Chile": a verb's bare form after a determiner is a noun, the object
    # of the sentence's act ("the attack killed", "their visit to …" stay events when alone)
    if (
        m.j - m.i == 1
        and m.i >= 1
        and toks[m.i].low in (m.pat.lemma, m.pat.lemma + "s")
        and toks[m.i - 1].low in lex.determiners
    ):
        return True
    if not toks[m.i].low.endswith("ing"):
        return False
    for k in range(m.i - 1, max(-1, m.i - 3), -1):
        if toks[k].low in lex.determiners:
            return True
        if toks[k].low in _BOUNDARY or toks[k].low in lex.prepositions or toks[k].low in lex.form_lemma:
            return False
    return False


def _relative_spans(toks: list[_Tok]) -> list[tuple[int, int]]:
    spans = []
    for k in range(1, len(toks)):
        if toks[k].low in ("where", "which", "who", "whom", "whose") and toks[k - 1].low == ",":
            end = next((x for x in range(k + 1, len(toks)) if toks[x].low in (",", ";")), len(toks))
            spans.append((k, end))
    return spans


def _listify(v: Any) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def _complement(strong: list[_Match], idx: int, toks: list[_Tok], lex: _Lexicon) -> _Match | None:
    m = strong[idx]
    if idx + 1 >= len(strong):
        return None
    nxt = strong[idx + 1]
    between = [t.low for t in toks[m.j : nxt.i]]
    ends_with_to = toks[m.j - 1].low == "to" if m.j > 0 else False
    if m.entry.get("recipient_before"):
        return nxt if len(between) <= 1 else None
    if ends_with_to:
        return nxt if len(between) <= 1 else None
    if between[:1] == ["to"] and len(between) <= 2:
        return nxt
    # a nominal trigger as the object: "condemned the attack", "opposed the deployment"
    if (
        not m.entry.get("weak")
        and not between
        or between in (["the"], ["a"], ["an"], ["its"], ["their"], ["any"], ["his"], ["her"])
    ):
        if toks[nxt.i].low not in lex.form_lemma or toks[nxt.i].low.endswith(("ion", "ment", "al")):
            return nxt
    # "threatened on Monday to break relations": a short adverbial before "to"
    if "to" in between and len(between) <= 5 and not any(b in _BOUNDARY for b in between):
        k = between.index("to")
        if len(between) - k <= 2:
            return nxt
    return None


def _combine(c: _Coded, comp: _Match, toks: list[_Tok], lex: _Lexicon) -> None:
    head_cat, comp_cat = c.cat, comp.entry["cat"]
    first = toks[c.head.i].low
    lemma = c.head.pat.lemma or lex.form_lemma.get(first) or lex.intent_forms.get(first) or first
    remap = lex.intent_remap.get(lemma, {})
    comp_mode = _listify(comp.entry.get("mode"))
    comp_ctx = _listify(comp.entry.get("context"))
    if comp_cat in remap:
        c.cat = remap[comp_cat]
        c.mode, c.context = [], comp_ctx or c.context
        c.offered = True
        if c.cat == "CONSULT":
            c.status = "hypothetical"  # "ready to meet": a meeting that may come
    elif c.head.entry.get("intent"):
        quad = _quad(comp_cat)
        if comp_cat == "CONSULT":
            c.cat, c.status = "CONSULT", "scheduled"
            c.mode, c.context = comp_mode, comp_ctx
        elif quad in (1, 2):
            c.cat = "AGREE"
            c.context = comp_ctx or c.context
        elif quad == 4:
            c.cat = "THREATEN"
            c.context = comp_ctx or c.context
        else:
            c.cat, c.status = comp_cat, "scheduled"
            c.mode, c.context = comp_mode, comp_ctx
    elif head_cat == "THREATEN":
        c.context = comp_ctx or c.context
    else:
        c.context = c.context or comp_ctx


def _quad(cat: str) -> int:
    return quad_class(cat)


def _cues(words: set[str], text_low: str, cues: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    out = []
    for name, keys in cues:
        for k in keys:
            if (" " in k and k in text_low) or k in words:
                out.append(name)
                break
    return out


def _events(
    doc: Document,
    sent: Sentence,
    toks: list[_Tok],
    chunks: list[_Chunk],
    sent_tx: list[tuple[_RawTimex, TimeExpression]],
    lex: _Lexicon,
    stmts: list[Statement] | None = None,
    last_person: ActorRef | None = None,
) -> list[EventMention]:
    out: list[EventMention] = []
    if not toks:
        return out
    words = {t.low for t in toks} | {t.text for t in toks}
    text_low = sent.text.lower()
    sentence_contexts = _cues(words, text_low, lex.context_cues)
    trailer = _trailer_start(toks, lex)
    start, end = sent.span(0, len(sent.text))
    seen: set[tuple] = set()
    coded = _code_sentence(toks, lex)
    coded += _named_meetings(sent.text, toks, chunks, lex, coded)
    for c in coded:
        m = c.head
        if m.i > 0 and toks[m.i].text[:1].isupper() and any(ch.i <= m.i < ch.j for ch in chunks):
            continue  # a word of a name: "Russian Direct Investment Fund"
        if any(r.i <= toks[m.i].start < r.j for r, _ in sent_tx):
            continue  # a word of a date: "on March 2"
        if _adjectival(toks, m, lex) and syntax.modifies_noun(sent.text, toks[m.i].start):
            continue  # "the wounded prisoners": a description, not a report
        if _plural_like(toks, m) and syntax.is_noun(sent.text, toks[m.i].start):
            continue  # "our hosts": a verb's form that is a noun here
        clause = _clause_start(toks, m.i, lex)
        status = _modality(toks, m, clause, lex, c.cat)
        cat = c.cat
        if status in ("scheduled", "hypothetical", "refused"):
            new = lex.modality_remap.get(status, {}).get(cat)
            if new:
                cat = new
                status = "happened"
        if status == "refused":
            status = "happened" if cat == "REJECT" else "negated"
        if c.status != "happened" and status == "happened":
            status = c.status
        if status == "happened" and _infinitive_for(toks, chunks, m.i) is not None:
            status = "hypothetical"  # asked of them, not done
        # "discussed a meeting between Putin and Xi": the parties of a meeting a noun names are
        # not those of the other acts of the sentence
        named = [o.span for o in coded if o.span is not None and o is not c]
        own = [ch for ch in chunks if not any(a <= ch.i < b for a, b in named)]
        actors, recipients = _roles(toks, own, m, c, clause, trailer, cat, lex, sent.text)
        if cat in lex.symmetric and c.parties:
            actors, recipients = c.parties, [r for r in recipients if r not in c.parties]
        if not actors and not _passive(toks, m):
            # a passive without its agent ("three soldiers were killed, police said") names no actor
            actors = _implicit_actor(sent, toks, m, clause, stmts or [], last_person, lex)
            recipients = [r for r in recipients if r not in actors]
        if not actors and cat in lex.place_acts_when_unclaimed:
            actors = _unclaimed_place(chunks)
        if cat == "MOBILIZE" and len(actors) >= 2 and m.entry.get("multiple_actors_as"):
            cat = m.entry["multiple_actors_as"]
        if m.entry.get("multiple_actors_as") and any(t.low == "joint" for t in toks):
            cat = m.entry["multiple_actors_as"]
        mode = list(c.mode)
        allowed = CATEGORIES[cat].modes
        mode = [x for x in mode if x in allowed]
        if not mode:
            for name, keys in lex.mode_cues.get(cat, []):
                if any((" " in k and k in text_low) or k in words for k in keys):
                    mode = [name]
                    break
        context = list(dict.fromkeys(c.context + sentence_contexts))
        place = _place(toks, chunks, m, lex)
        date = _event_date(sent_tx, sent, toks, trailer, toks[min(m.j, len(toks)) - 1].end)
        key = (cat, tuple(a.code or a.entity_text for a in actors), status)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            EventMention(
                event=cat,
                actors=actors,
                recipients=recipients,
                mode=mode,
                context=context,
                date=date,
                place=place,
                status=status,
                trigger=sent.text[toks[m.i].start : toks[m.j - 1].end],
                start=start,
                end=end,
                sentence=sent.index,
                document=doc.content_hash,
            )
        )
    return _drop_partial_repeats(out)


def _infinitive_for(toks: list[_Tok], chunks: list[_Chunk], k: int) -> _Chunk | None:
    """ "a deadline for Moscow to agree": the one an infinitive at ``k`` is for."""
    if k < 3 or toks[k - 1].low != "to":
        return None
    return next((c for c in chunks if c.j == k - 1 and c.i > 0 and toks[c.i - 1].low == "for"), None)


def _drop_partial_repeats(mentions: list[EventMention]) -> list[EventMention]:
    """One sentence rarely tells two events of the same kind among the same parties: "X warned
    that Moscow would face sanctions" is one threat, and the reading that names fewer actors goes."""

    def keys(refs: list[ActorRef]) -> set[tuple]:
        return {(a.identifier_text or a.entity_text, a.code) for a in refs}

    out = []
    for m in mentions:
        mine = keys(m.actors)
        if any(
            o is not m
            and o.event == m.event
            and mine < keys(o.actors)
            and keys(m.recipients) <= keys(o.actors) | keys(o.recipients)
            for o in mentions
        ):
            continue
        out.append(m)
    return out


def _roles(
    toks: list[_Tok],
    chunks: list[_Chunk],
    m: _Match,
    c: _Coded,
    clause: int,
    trailer: int,
    cat: str,
    lex: _Lexicon,
    text: str | None = None,
) -> tuple[list[ActorRef], list[ActorRef]]:
    # the object side starts right after the trigger word: a gap pattern ("arrive in * visit",
    # "impose * curfew") can hold the recipient
    end = m.i + 1
    if m.entry.get("recipient_before"):
        before = [ch for ch in chunks if ch.j <= m.i and ch.i >= clause]
        if not before:
            return [], []
        rec_group = _coordinated_before(before[-1], before, toks)
        src = _subject(toks, chunks, clause, rec_group[0].i, lex)
        return [x.actor for x in src], [x.actor for x in rec_group]
    subject = _subject(toks, chunks, clause, m.i, lex)
    parsed_objects: list[_Chunk] | None = None
    # (parsed only for a verb pattern in a sentence with a coded phrase the subject could be)
    if (
        text is not None
        and not subject
        and m.pat.lemma
        and not _passive(toks, m)
        and any(ch.actor.code for ch in chunks)
    ):
        # the parse tells the subject of an active verb where the order of names cannot: a
        # reported clause's own subject, a group ("his counterparts from France and Japan"), a
        # verb coordinated with or depending on another
        roles = syntax.active_roles(text, toks[m.i].start)
        if roles is not None:
            by_parse = _chunks_at(chunks, toks, roles.actors)
            if by_parse:
                # a small parser splits long coordinated names: the surface coordination holds
                subject = _dedup_chunks(_coordinated_before(by_parse[0], chunks, toks) + by_parse)
                parsed_objects = [c for c in _chunks_at(chunks, toks, roles.recipients) if c not in subject]
    elif (
        text is not None
        and subject
        and cat in lex.symmetric
        and m.pat.lemma
        and not _passive(toks, m)
        and len([ch for ch in chunks if ch.actor.code]) > len(subject)
    ):
        # those who meet or agree together: the parse adds the parties the order of names leaves
        # out ("A and his counterparts from B and C", "A will be joined by B to discuss")
        roles = syntax.active_roles(text, toks[m.i].start)
        if roles is not None:
            more = [c for c in _chunks_at(chunks, toks, roles.actors) if c not in subject]
            subject = _dedup_chunks(subject + more)
    hi = trailer if trailer > m.j else len(toks)
    for x in range(m.j, hi):
        # "if war starts in Iraq", "who ...": another clause, another event
        if cat == "THREATEN" and toks[x].low in ("if", "unless"):
            continue  # the condition names whom the threat is aimed at
        if toks[x].low in _SUBORDINATORS and (
            toks[x].low in ("if", "unless", "because") or toks[x - 1].low == ","
        ):
            hi = x
            break
    after = [ch for ch in chunks if ch.i >= end and ch.j <= hi and not _in_parens(toks, ch.i)]
    if _passive(toks, m) and text is not None:
        # the parse finds the agent and its conjuncts where the surface cannot: "signed by A of
        # Rwanda and his Congolese counterpart B"
        parsed = syntax.passive_agents(text, toks[m.i].start)
        agents = _chunks_at(chunks, toks, parsed.actors) if parsed else []
        if agents:
            return _dedup([x.actor for x in agents]), _dedup(
                [x.actor for x in _chunks_at(chunks, toks, parsed.recipients)]
            )
    if _passive(toks, m):
        agent = [ch for ch in after if ch.prep == "by" or (ch.i > 0 and toks[ch.i - 1].low == "by")]
        if not agent:
            by = next((k for k in range(m.j, hi) if toks[k].low == "by"), None)
            if by is not None:
                agent = [ch for ch in after if ch.i > by][:1]
        if not agent and m.entry.get("passive_subject_acts"):
            return [x.actor for x in subject], []
        if not agent:
            agent = [ch for ch in after if ch.prep == "in" and any(e.type == "COUNTRY" for e in ch.entities)][
                :1
            ]
        actors = _coordinated(agent[0], chunks, toks, hi) if agent else []
        return [x.actor for x in actors], [x.actor for x in subject]
    skip_places = cat == "CONSULT" and not (set(c.mode) & lex.directed_consult_modes)
    # "met ... to end the war in Ukraine": a state after "in" is where, not who
    rec_cands = [
        ch
        for ch in after
        if ch not in subject
        and not (skip_places and ch.prep and (ch.location_only or ch.prep in ("in", "at", "near", "inside")))
    ]
    # a place the event happens in is a recipient only when nothing else is ("curfew in Cizre")
    named = [ch for ch in rec_cands if not (ch.location_only and ch.prep in ("in", "at", "near"))]
    rec_cands = named or (
        [] if cat in lex.place_never_recipient else [ch for ch in rec_cands if ch.actor.code]
    )
    # a nominal trigger's "of" phrase is its actor: "the deployment of NATO troops"
    if not subject and rec_cands and rec_cands[0].prep == "of" and rec_cands[0].i <= m.j + 1:
        subject = _coordinated(rec_cands[0], chunks, toks, hi)
        rec_cands = [ch for ch in rec_cands if ch not in subject]
    # an actor needs a code: prefer the first candidate the dictionary could place
    rec_cands = [ch for ch in rec_cands if ch.actor.code] or rec_cands
    recipients = _coordinated(rec_cands[0], chunks, toks, hi) if rec_cands else []
    if parsed_objects:
        recipients = [c for c in parsed_objects if c in rec_cands] or recipients
    actors = list(subject)
    if c.head.entry.get("swap"):
        actors, recipients = recipients, actors
    if (
        cat == "CONSULT"
        and not (set(c.mode) & lex.directed_consult_modes)
        and not c.head.entry.get("directed")
    ):
        # a place named beside a meeting ("on the banks of the Bosporus") is where, never who;
        # what is discussed is no party ("discussed Iran's programme"): only "with" names one
        if c.head.entry.get("topic_object"):
            recipients = [r for r in recipients if r.prep in ("with", "between")]
        actors += [r for r in recipients if r not in actors and not r.location_only]
        recipients = []
    elif cat in lex.symmetric and not c.offered:
        # "A agreed with B": both act; an offer to meet with B is made to B
        with_rec = [r for r in recipients if r.prep == "with"]
        actors += with_rec
        recipients = [r for r in recipients if r not in with_rec]
    return _dedup([x.actor for x in actors]), _dedup([x.actor for x in recipients])


def _named_meetings(
    text: str, toks: list[_Tok], chunks: list[_Chunk], lex: _Lexicon, coded: list[_Coded]
) -> list[_Coded]:
    """Meetings and agreements a noun names with their parties ("Trump's meeting with Zelensky",
    "a potential meeting between Putin and Xi"): coded even beside the sentence's main act, with
    the parties the parse gives it. A noun already coded takes its parties from the parse too."""
    heads = {c.head.i: c for c in coded}
    out: list[_Coded] = []
    for m in _triggers(toks, lex):
        cat = m.entry["cat"]
        if cat not in lex.symmetric or m.entry.get("not_event") or m.j - m.i != 1:
            continue
        # cheap test before parsing: the noun is followed by with/between or has a possessor
        # ("a phone call with": the word after a modifier)
        nxt = {t.low for t in toks[m.j : m.j + 2]}
        prev = toks[m.i - 1].low if m.i else ""
        led = any(t.low in syntax.LEADING_VERBS for t in toks[m.j : m.j + 5])
        if not nxt & {"with", "between"} and prev not in ("'s", "’s") and not led:
            continue
        at = toks[m.i].start
        parties = _chunks_at(chunks, toks, syntax.nominal_parties(text, at))
        span_end = max((p.j for p in parties), default=m.j)
        if len(parties) < 2:
            # "after talks with A, B said": B held them too, and stays an actor of the main clause
            partners, holders = syntax.adverbial_parties(text, at)
            named = _chunks_at(chunks, toks, partners)
            parties = [*named, *(h for h in _chunks_at(chunks, toks, holders) if h not in named)]
            span_end = max((p.j for p in named), default=m.j)
        if len(parties) < 2:
            continue
        refs = _dedup([p.actor for p in parties])
        span = (m.i, span_end)
        if m.i in heads:
            heads[m.i].parties, heads[m.i].span = refs, span
            continue
        if any(c.head.i <= m.i < c.head.j for c in coded):
            continue
        mode, context = _listify(m.entry.get("mode")), _listify(m.entry.get("context"))
        out.append(_Coded(cat, m, mode, context, parties=refs, span=span))
    return out


def _chunks_at(chunks: list[_Chunk], toks: list[_Tok], offsets: tuple[int, ...]) -> list[_Chunk]:
    """The actor phrases that hold the words at these character offsets, in order, once each."""
    out: list[_Chunk] = []
    for at in offsets:
        ch = next((c for c in chunks if toks[c.i].start <= at < toks[c.j - 1].end and c.actor.code), None)
        if ch is not None and ch not in out:
            out.append(ch)
    return out


def _adjectival(toks: list[_Tok], m: _Match, lex: _Lexicon) -> bool:
    """Cheap test before parsing: a one-word participle trigger between a determiner, preposition,
    number or "and" and a word, as in "the abducted children", "sick and wounded prisoners"."""
    if m.j - m.i != 1 or m.j >= len(toks) or m.i == 0:
        return False
    word, prev, nxt = toks[m.i].low, toks[m.i - 1], toks[m.j]
    opens_phrase = (
        prev.low in lex.determiners or prev.low in lex.prepositions or prev.low in ("and", "or") or prev.text.isdigit()
    )
    return opens_phrase and word.endswith(("ed", "en")) and nxt.text.isalpha()


def _plural_like(toks: list[_Tok], m: _Match) -> bool:
    """Cheap test before parsing: a one-word trigger of a verb-only pattern in -s after a
    lower-case word, which may be a plural noun ("our hosts") rather than the verb."""
    word = toks[m.i].low
    return (
        bool(m.entry.get("verb_only"))
        and m.j - m.i == 1
        and m.i > 0
        and word.endswith("s")
        and not word.endswith("ss")
        and toks[m.i - 1].text.islower()
    )


def _delegates(toks: list[_Tok], chunks: list[_Chunk], lex: _Lexicon) -> list[ActorRef]:
    """People a sentence names as a delegation's head or negotiator: "the head of the Russian
    delegation, X", "its chief negotiator, X", "X, who led the Ukrainian delegation"."""
    out: list[ActorRef] = []
    people = [c for c in chunks if any(e.type == "PERSON" for e in c.entities) and c.actor.code]
    for k, t in enumerate(toks):
        if t.low not in lex.delegate_words:
            continue
        inside = next((c for c in people if c.i <= k < c.j), None)
        if inside is not None:  # "Russia's chief negotiator Vladimir Medinsky"
            out.append(inside.actor)
            continue
        after = next((c for c in people if k < c.i <= k + 8), None)
        if after is not None and not any(x.low in _CLAUSE_END for x in toks[k + 1 : after.i]):
            out.append(after.actor)
            continue
        before = next((c for c in reversed(people) if k - 8 <= c.j <= k), None)
        if before is not None and not any(x.low in _CLAUSE_END for x in toks[before.j : k]):
            out.append(before.actor)
    return out


# a delegate and the phrase naming the role stand in one stretch of the sentence
_CLAUSE_END = frozenset({".", ";", ":", "said", "says", "told", "and"})


def _dedup_chunks(chunks: list[_Chunk]) -> list[_Chunk]:
    out: list[_Chunk] = []
    for c in chunks:
        if c not in out:
            out.append(c)
    return out


def _unclaimed_place(chunks: list[_Chunk]) -> list[ActorRef]:
    """The place an unclaimed attack happened in, standing for its state as the actor."""
    for ch in chunks:
        places = all(e.type in ("LOCATION", "COUNTRY") for e in ch.entities)
        if places and ch.prep in ("in", "at", "near") and ch.actor.code:
            return [ch.actor]
    return []


def _implicit_actor(
    sent: Sentence,
    toks: list[_Tok],
    m: _Match,
    clause: int,
    stmts: list[Statement],
    last_person: ActorRef | None,
    lex: _Lexicon,
) -> list[ActorRef]:
    """The actor of a trigger with a pronoun subject: inside a quotation "we"/"I" is the speaker;
    "he"/"she" is the last person named."""
    pos = sent.starts[toks[m.i].start] if sent.starts else toks[m.i].start
    for st in stmts:
        if st.start <= pos < st.end:
            return [st.speaker]
    before = {t.low for t in toks[clause : m.i]}
    if before & lex.pronouns and last_person is not None:
        return [last_person]
    return []


_AUXILIARIES = frozenset(
    {
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "also",
        "later",
        "quickly",
        "swiftly",
        "openly",
        "then",
        "strongly",
        "sharply",
    }
)


# the head noun of a reduced relative clause: "a move X condemned", "a decision X criticised"
_DETERMINER_NOUNS = frozenset(
    {
        "move",
        "step",
        "decision",
        "plan",
        "proposal",
        "action",
        "measure",
        "act",
        "deal",
        "claim",
        "offer",
        "statement",
        "policy",
        "which",
        "that",
    }
)


# words between a pronoun subject and its verb: "it would not", "they had already"
_VERB_GROUP = frozenset(
    {
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "shall",
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
        "not",
        "n't",
        "never",
        "also",
        "already",
        "then",
        "still",
        "again",
        "did",
        "does",
        "do",
        "be",
        "been",
        "now",
        "soon",
    }
)


_PRONOUN_SUBJECTS = {"it": "thing", "he": "person", "she": "person", "they": "any"}


def _pronoun_subject(toks: list[_Tok], chunks: list[_Chunk], clause: int, k: int) -> list[_Chunk] | None:
    """The antecedent of a pronoun that is the trigger's own subject: "... warned that Moscow would
    face sanctions if it refused" -> Moscow; "it" takes the nearest state or body named before, "he"
    and "she" the nearest person. None when the trigger's subject is not a pronoun, [] when the
    sentence names no antecedent (an earlier sentence may)."""
    x = k - 1
    while x >= clause and toks[x].low in _VERB_GROUP:
        x -= 1
    if x < clause or toks[x].low not in _PRONOUN_SUBJECTS:
        return None
    want = _PRONOUN_SUBJECTS[toks[x].low]
    before = [c for c in chunks if c.j <= x and c.actor.code]
    for c in reversed(before):
        person = any(e.type == "PERSON" for e in c.entities)
        if want == "any" or (want == "person") == person:
            if want == "any":
                # "Macron and Merz said they would ...": the whole coordination
                return _coordinated(_coordinated_before(c, before, toks)[0], chunks, toks, x)
            return [c]
    return []


_DESTINATION_PREPS = frozenset({"to", "into", "toward", "towards", "via"})


def _subject(toks: list[_Tok], chunks: list[_Chunk], clause: int, k: int, lex: _Lexicon) -> list[_Chunk]:
    chunks = [c for c in chunks if not _in_parens(toks, c.i)]
    pronoun = _pronoun_subject(toks, chunks, clause, k)
    if pronoun is not None:
        return pronoun
    wanted = _infinitive_for(toks, chunks, k)
    if wanted is not None:
        return [wanted]
    # "European leaders, including Macron and Merz, warned": the members named act
    # "Foreign ministers of China and Russia met": an "of" phrase opening the clause is the subject's
    in_clause = _select_chunks(chunks, clause, k, allow_prep=True)
    cands = [
        c for n, c in enumerate(in_clause) if c.prep in (None, "including") or (n == 0 and c.prep == "of")
    ]
    # "Trump said (that) Putin met Xi", "proposed that Ukraine withdraw", "threatened ... if Putin
    # did not agree": a reported or subordinate clause has its own subject
    bounds = [
        x
        for x in range(clause, k)
        if toks[x].text.islower()
        and not any(c.i <= x < c.j for c in chunks)
        and (toks[x].low in lex.reporting or toks[x].low in _CLAUSE_OPENERS)
    ]
    if bounds and any(c.i > bounds[-1] for c in cands):
        cands = [c for c in cands if c.i > bounds[-1]]
    if not cands:
        # a place one goes to ("flew on to Ottawa, where …") is where, never who
        cands = [
            c for c in _select_chunks(chunks, clause, k, allow_prep=True)
            if not (c.location_only and c.prep in _DESTINATION_PREPS)
        ]
    if not cands and clause > 0:
        cands = _select_chunks(chunks, 0, k, allow_prep=False)
    if not cands:
        return []
    first = cands[0]
    last = cands[-1]
    between = [t.low for t in toks[last.j : k]]
    if (
        last is not first
        and len(between) <= 2
        and set(between) <= _AUXILIARIES
        and any(t.low == "," for t in toks[first.j : last.i])
        and toks[last.i - 1].low in _DETERMINER_NOUNS
    ):
        # "…, a move Taiwan's president condemned": a reduced relative clause has its own subject
        first = last
    if first.actor.code is None:
        # an appositive places a name the dictionary lacks: "Salaheddine Sidhoum, Algeria's leading
        # activist, staged ..."
        nxt = next((c for c in chunks if c.i > first.i), None)
        if (
            nxt is not None
            and nxt.j <= k
            and [t.low for t in toks[first.j : nxt.i]] == [","]
            and nxt.actor.code
        ):
            a = first.actor
            first.actor = ActorRef(
                a.entity_text, a.identifier_text, nxt.actor.code, a.sector or nxt.actor.sector
            )
    return _coordinated(first, chunks, toks, k)


def _in_parens(toks: list[_Tok], k: int) -> bool:
    depth = 0
    for t in toks[:k]:
        if t.low == "(":
            depth += 1
        elif t.low == ")":
            depth = max(0, depth - 1)
    return depth > 0


def _place(toks: list[_Tok], chunks: list[_Chunk], m: _Match, lex: _Lexicon) -> str | None:
    best = None
    for ch in chunks:
        # "in Lviv", "in the western city of Lviv", "in the US state of Alaska"
        located = ch.prep in ("in", "at", "near") or (
            ch.prep == "of" and ch.i >= 2 and toks[ch.i - 2].low in lex.place_nouns
        )
        if located and any(e.type == "LOCATION" for e in ch.entities):
            loc = next(e for e in ch.entities if e.type == "LOCATION")
            name = loc.identifier_text or loc.text
            if ch.i >= m.i:
                return name
            best = best or name
    return best
