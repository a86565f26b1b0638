"""English sentence structure shared by events and statements: noun chunks, clause boundaries, reporting trailers."""

from __future__ import annotations

from dataclasses import dataclass

from ...records import ActorRef, Entity
from .entities import _MONTH_NAMES
from .lexicon import _BOUNDARY, _FUNCTION_CAPS, _Lexicon, _Tok
from .time import _WEEKDAYS


@dataclass(slots=True)
class _Chunk:
    i: int  # token range [i, j)
    j: int
    actor: ActorRef
    entities: list[Entity]
    prep: str | None  # the preposition right before the chunk
    location_only: bool


def _chunks(toks: list[_Tok], ents: list[tuple[int, int, Entity]], lex: _Lexicon) -> list[_Chunk]:
    """Actor phrases: runs of entity words, title and sector words and modifiers ("Israeli
    army", "Lebanon's new President Elias Hrawi") with at least one entity."""
    n = len(toks)
    ent_at: list[int | None] = [None] * n
    for k, (s, e, _) in enumerate(ents):
        for t, tok in enumerate(toks):
            if tok.start < e and s < tok.end:
                ent_at[t] = k
    out: list[_Chunk] = []
    t = 0
    while t < n:
        if ent_at[t] is None:
            t += 1
            continue
        i = t
        # extend left over modifiers and title words ("Palestinian leader", "President")
        while i > 0 and ent_at[i - 1] is None and _actor_word(toks, i - 1, lex):
            i -= 1
        j = t
        while j < n and (ent_at[j] is not None or _actor_word(toks, j, lex)):
            j += 1
        # trailing possessive / modifiers without a head are not part of the phrase
        while (
            j > t + 1
            and ent_at[j - 1] is None
            and toks[j - 1].low in lex.modifiers
            and toks[j - 1].low not in ("'s", "’s")
        ):
            j -= 1
        idx = sorted({ent_at[x] for x in range(i, j) if ent_at[x] is not None})
        chunk_ents = [ents[k][2] for k in idx]
        sector = None
        for x in range(i, j):
            if ent_at[x] is None:
                for size in range(lex.sector_max, 0, -1):
                    key = tuple(tk.low for tk in toks[x : x + size])
                    if len(key) == size and key in lex.sector_words:
                        sector = lex.sector_words[key]
        out.append(_make_chunk(toks, i, j, chunk_ents, sector, lex))
        t = j
    out = _join_titles(out, toks, lex)
    _place_minorities(out, toks, lex)
    _place_unknown(out, toks, lex)
    return out


def _join_titles(chunks: list[_Chunk], toks: list[_Tok], lex: _Lexicon) -> list[_Chunk]:
    """ "US Secretary of State Marco Rubio", "Minister of Foreign Affairs Sergey Lavrov": a title
    with "of" inside is one phrase with the name it introduces."""
    out: list[_Chunk] = []
    for c in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and c.i == prev.j + 1
            and toks[prev.j].low == "of"
            and toks[prev.j - 1].text[:1].isupper()
            and toks[c.i].text[:1].isupper()
            and any(e.type == "PERSON" for e in c.entities)
        ):
            out[-1] = _make_chunk(
                toks, prev.i, c.j, prev.entities + c.entities, c.actor.sector or prev.actor.sector, lex
            )
        else:
            out.append(c)
    return out


def _gap(a: _Chunk, b: _Chunk) -> int:
    return b.i - a.j if b.i >= a.j else a.i - b.j


def _state_chunks(chunks: list[_Chunk], lex: _Lexicon) -> list[_Chunk]:
    return [c for c in chunks if c.actor.code and c.actor.code not in lex.non_state_codes]


def _recode(c: _Chunk, code: str) -> None:
    a = c.actor
    c.actor = ActorRef(a.entity_text, a.identifier_text, code, a.sector)


def _place_minorities(chunks: list[_Chunk], toks: list[_Tok], lex: _Lexicon) -> None:
    """An ethnic group takes the code of the state it lives in ("ethnic Albanians in south
    Serbia" -> SRB), not that of its kin state."""
    for c in chunks:
        if not any(toks[x].low in lex.minority_markers for x in range(c.i, c.j)):
            continue
        if not any(e.type == "COUNTRY" for e in c.entities):
            continue
        others = [
            o
            for o in _state_chunks(chunks, lex)
            if o is not c
            and o.actor.code != c.actor.code
            and any(e.type in ("COUNTRY", "LOCATION") for e in o.entities)
        ]
        if not others:
            continue
        near_in = [o for o in others if o.i >= c.j and o.prep == "in" and o.i - c.j <= 4]
        home = near_in[0] if near_in else min(others, key=lambda o: (_gap(c, o), o.i < c.i))
        _recode(c, home.actor.code)


def _place_unknown(chunks: list[_Chunk], toks: list[_Tok], lex: _Lexicon) -> None:
    """A name the dictionary lacks takes its state from the sentence: an appositive that
    places it ("Sidhoum, Algeria's leading activist"), else the nearest state, place or
    national body mentioned ("Judge Alejandro Rivera ... Chilean officials")."""
    placed = _state_chunks(chunks, lex)
    if not placed:
        return
    for c in chunks:
        # an unknown place alone is where something happens, not who acts
        if c.actor.code is not None or c.location_only or any(e.source == "dictionary" for e in c.entities):
            continue
        nxt = next((o for o in chunks if o.i >= c.j), None)
        if nxt is not None and any(o is nxt for o in placed) and [t.low for t in toks[c.j : nxt.i]] == [","]:
            _recode(c, nxt.actor.code)
            continue
        # ties go to the mention after the name
        _recode(c, min(placed, key=lambda o: (_gap(c, o), o.i < c.i)).actor.code)


def _actor_word(toks: list[_Tok], k: int, lex: _Lexicon) -> bool:
    tok = toks[k]
    if tok.low in lex.modifiers:
        return True
    if (tok.low,) in lex.sector_words:
        return True
    # a capitalised word inside a name run ("Red Crescent", "Vice Foreign Minister")
    return (
        tok.text[:1].isupper()
        and tok.text not in _FUNCTION_CAPS
        and tok.text not in _MONTH_NAMES
        and k > 0
        and tok.low not in lex.prepositions
    )


# prepositions of time and circumstance: "before the Israeli assault" takes an event whose
# modifier the name is, not a party
_SCENE_PREPS = frozenset({"before", "after", "during", "since", "despite", "amid", "following"})


def _make_chunk(
    toks: list[_Tok], i: int, j: int, ents: list[Entity], sector: str | None, lex: _Lexicon
) -> _Chunk:
    # the head is the last entity that is not a possessive or adjectival modifier
    head = ents[-1]
    persons = [e for e in ents if e.type == "PERSON"]
    if persons:
        head = persons[-1]
    # "Bosnian Serbs", "NATO-member Norway": the first state named gives the code unless the
    # head is a person the dictionary knows
    state = next((e.code for e in ents if e.type == "COUNTRY" and e.code), None)
    code = (
        (head.code if head.type == "PERSON" else None)
        or state
        or head.code
        or next((e.code for e in ents if e.code), None)
    )
    actor = ActorRef(head.text, head.identifier_text, code, head.sector or sector)
    prep = toks[i - 1].low if i > 0 and toks[i - 1].low in lex.prepositions else None
    # "with the US", "against the EU": the article stands between
    if (
        prep is None
        and i > 1
        and toks[i - 1].low in ("the", "a", "an")
        and toks[i - 2].low in lex.prepositions
        and toks[i - 2].low not in _SCENE_PREPS
    ):
        prep = toks[i - 2].low
    # "in the town of Cizre", "in southern Gaza": the preposition further back
    if prep in (None, "of") and i > 1:
        for back in range(i - 1, max(-1, i - 5), -1):
            if toks[back].low in _BOUNDARY:
                break
            if toks[back].low in ("in", "at", "near", "from", "outside"):
                prep = toks[back].low
                break
    location_only = all(e.type == "LOCATION" for e in ents) and sector is None
    return _Chunk(i, j, actor, ents, prep, location_only)


def _clause_start(toks: list[_Tok], k: int, lex: _Lexicon) -> int:
    """Start of the clause holding token k: after an introductory phrase ("In a letter to the
    UN, Iraq said ...") or after the last semicolon."""
    start = 0
    if toks and toks[0].low in lex.intro_openers:
        for x in range(k):
            if toks[x].low == ",":
                start = x + 1
                break
    for x in range(start, k):
        if toks[x].low in (";", ":"):
            start = x + 1
        # ", and Beijing vowed to …", ", but a senior official said …": a coordinated clause
        # with a subject of its own (a determiner and a common word open a new subject, not the
        # last item of a list of names)
        elif (
            toks[x].low == ","
            and x + 2 < k
            and toks[x + 1].low in ("and", "but", "while", "whereas")
            and (
                toks[x + 2].text[:1].isupper()
                or (x + 3 < k and toks[x + 2].low in ("a", "an", "the") and toks[x + 3].text[:1].islower())
            )
            # "Peru, Chile, and Bolivia said": the last name of a list
            and not all(t.text[:1].isupper() or t.low == "," for t in toks[start:x])
        ):
            start = x + 2
    return start


def _trailer_start(toks: list[_Tok], lex: _Lexicon) -> int:
    """Start of a closing attribution (", officials said Thursday." / ", according to X.")."""
    n = len(toks)
    for x in range(n - 1, 0, -1):
        if toks[x].low != ",":
            continue
        rest = [t.low for t in toks[x + 1 :]]
        if rest[:2] == ["according", "to"]:
            return x
        if rest and rest[0].endswith("ing") and not any(w in lex.reporting for w in rest):
            continue  # ", speaking on condition of anonymity"
        if _closing_attribution(toks, x, lex):
            return x
        break
    return n


def _closing_attribution(toks: list[_Tok], x: int, lex: _Lexicon) -> bool:
    """Whether the comma at ``x`` opens a short attribution that ends the sentence: ", officials said
    Thursday.", ", Lavrov told reporters in Moscow." — not ", while X said ...", and not "Yesterday,
    Lavrov said talks would continue" (there the verb is followed by what was said)."""
    end = next((y for y in range(x + 1, len(toks)) if toks[y].low == ","), len(toks))
    rest = toks[x + 1 : end]
    verb = next((v for v, t in enumerate(rest[:12]) if t.low in lex.reporting and t.low != "saying"), None)
    if verb is None or not rest or rest[0].low in _JOINERS or x < 3:
        return False
    vk = x + 1 + verb
    k = _skip_to_report(toks[:end], [], vk, toks[vk].low in ("tell", "told", "tells"))
    left = [t for t in toks[k:end] if t.low not in (".", "!", "?")]
    # ", said Lavrov.", ", said a spokesman for the Israeli prime minister."
    inverted = all(t.text in _QUOTE_CHARS for t in rest[:verb])
    return not left or (
        inverted and len(left) <= 8 and not any(t.low in lex.reporting or t.low == "that" for t in left)
    )


def _select_chunks(chunks: list[_Chunk], lo: int, hi: int, allow_prep: bool) -> list[_Chunk]:
    cands = [c for c in chunks if c.i >= lo and c.j <= hi]
    if not allow_prep:
        cands = [c for c in cands if c.prep is None]
    return cands


def _coordinated_before(last: _Chunk, chunks: list[_Chunk], toks: list[_Tok]) -> list[_Chunk]:
    """The phrases coordinated with ``last`` that stand before it ("Macron, Merz and Starmer"), in order."""
    group = [last]
    for c in reversed([c for c in chunks if c.j <= last.i]):
        between = {t.low for t in toks[c.j : group[0].i]}
        if between and between <= {"and", ","}:
            group.insert(0, c)
        else:
            break
    return group


def _coordinated(first: _Chunk, chunks: list[_Chunk], toks: list[_Tok], hi: int) -> list[_Chunk]:
    group = [first]
    for c in chunks:
        if c.i <= group[-1].i or c.j > hi:
            continue
        between = {t.low for t in toks[group[-1].j : c.i]}
        if between and between <= {"and", ",", "&", "both", "as", "well", "the"} and between != {"the"}:
            group.append(c)
        else:
            break
    return group


# words that open a subordinate clause with a subject of its own
_CONJUNCTIONS = frozenset({"if", "unless", "because", "although", "though", "whereas", "while", "when", "until"})
# where a trigger's object side ends: a conjunction or a relative word
_SUBORDINATORS = _CONJUNCTIONS | {"who", "which", "whom", "whose", "where"}
# where a reported or subordinate clause, and so its own subject, begins
_CLAUSE_OPENERS = _CONJUNCTIONS | {"that", "after", "before", "once", "as"}


_QUOTE_CHARS = "\"“”«»``''"


_JOINERS = frozenset({"and", "while", "but", "whereas"})


# what may stand between a reporting verb and what is reported: "said on Friday that", "told
# reporters in Anchorage", "said in a statement:"
_REPORT_ADVERBIALS = frozenset(
    {
        "today",
        "yesterday",
        "tonight",
        "here",
        "earlier",
        "later",
        "again",
        "also",
        "repeatedly",
        "publicly",
        "separately",
        "then",
        "once",
    }
) | set(_WEEKDAYS)


_ADDRESSEES = frozenset(
    {
        "reporters",
        "journalists",
        "him",
        "her",
        "them",
        "us",
        "me",
        "parliament",
        "lawmakers",
        "supporters",
        "press",
        "media",
        "television",
        "tv",
    }
)


_SETTING_NOUNS = frozenset(
    {
        "statement",
        "conference",
        "interview",
        "briefing",
        "speech",
        "post",
        "address",
        "message",
        "letter",
        "meeting",
        "call",
        "video",
        "broadcast",
        "remarks",
        "session",
    }
)


# words that open a setting between a reporting verb and "that" ("said late Tuesday on X that")
_SETTING_OPENERS = frozenset({"late", "early", "on", "in", "at", "during", "after", "before", "via", "through"})


def _skip_to_report(toks: list[_Tok], chunks: list[_Chunk], vk: int, tell: bool) -> int:
    """The first token of what a reporting verb at ``vk`` reports, past adverbials of time and setting
    and, for "tell", the person told."""
    n, k = len(toks), vk + 1
    while k < n:
        low = toks[k].low
        if low in _REPORT_ADVERBIALS:
            k += 1
        elif low == "on" and k + 1 < n and toks[k + 1].low in _WEEKDAYS:
            k += 2
        elif low in ("in", "from") and k + 1 < n and toks[k + 1].text[:1].isupper():
            k += 2  # "told reporters in Moscow"
            while k < n and toks[k].text[:1].isupper():
                k += 1
        elif (
            low in ("in", "at", "during", "on")
            and (end := next((x for x in range(k + 1, min(k + 7, n)) if toks[x].low in _SETTING_NOUNS), None))
            is not None
        ):
            k = end + 1
            # "in a statement on Telegram", "at a news conference in Anchorage"
            while (
                k + 1 < n
                and toks[k].low in ("on", "in", "at", "to", "with")
                and toks[k + 1].text[:1].isupper()
            ):
                k += 2
        elif tell and low in ("the", "a") and k + 1 < n and toks[k + 1].low in _ADDRESSEES:
            k += 2  # "told the press"
        elif tell and (low in _ADDRESSEES or (ch := next((c for c in chunks if c.i == k), None)) is not None):
            k = k + 1 if low in _ADDRESSEES else ch.j
        elif tell and toks[k].text[:1].isupper():
            k += 1  # an outlet or person the dictionary lacks: "told Fox News"
        else:
            break
    # "said late Tuesday on his X account that ...": a setting the lists above lack, up to "that"
    that = next((x for x in range(k, min(k + 8, n)) if toks[x].low == "that"), None)
    if (
        that is not None
        and that > k
        and (toks[k].low in _SETTING_OPENERS or toks[k].low in _WEEKDAYS)
        and not any(t.low in _BOUNDARY or t.text[:1] in _QUOTE_CHARS for t in toks[k:that])
    ):
        return that
    return k


def _next_report(toks: list[_Tok], chunks: list[_Chunk], k: int, lex: _Lexicon) -> int:
    """Where a second report begins after token k ("... and Trump said ..."): the index of the
    joining word, or the sentence's length."""
    for y in range(k, len(toks) - 2):
        if toks[y].low not in _JOINERS:
            continue
        ch = next((c for c in chunks if c.i == y + 1), None)
        if ch is not None and ch.j < len(toks) and toks[ch.j].low in lex.reporting:
            return y - 1 if toks[y - 1].low == "," else y
    return len(toks)
