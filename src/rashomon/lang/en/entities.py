"""English names: dictionary matches, the statistical model, capitalisation rules and surnames."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from ... import names, places, states
from ...clean import CONTENT_KINDS
from ...gazetteer import CONTINENT_SCALE, Gazetteer, Match, metonymic_places
from ...provenance import outlet_mentions
from ...records import Document, Entity, Sentence
from . import syntax
from .lexicon import _FUNCTION_CAPS
from .time import _kind


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The spaCy English pipeline (NER only), or None when none is installed or it is switched off."""
    return syntax.load_pipeline(("parser", "tagger", "lemmatizer", "attribute_ruler", "senter"))


_MODEL_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}


# Capitalised words that never start an unknown name by themselves.
_MONTH_NAMES = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}


# Sentence-initial words that are capitalised only because they start the sentence.
_COMMON_INITIAL = {
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "after",
    "before",
    "under",
    "despite",
    "some",
    "up",
    "three",
    "two",
    "one",
    "five",
    "eighty",
    "hundreds",
    "thousands",
    "young",
    "angry",
}


_TITLE_CUES = {
    "President",
    "Minister",
    "Secretary",
    "Chancellor",
    "Premier",
    "Leader",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "General",
    "Gen",
    "Judge",
    "King",
    "Queen",
    "Prince",
    "Sheikh",
    "Ambassador",
    "Governor",
    "Senator",
    "Rep",
    "Archbishop",
    "Pope",
    "Emir",
    "Spokesman",
    "Spokeswoman",
}


_TITLE_WORDS = {"minister", "president", "leader", "secretary", "chancellor", "premier", "spokesman", "envoy"}


_ORG_CUES = {
    "Party",
    "Front",
    "Union",
    "Council",
    "Ministry",
    "Agency",
    "Organization",
    "Organisation",
    "Court",
    "Committee",
    "Commission",
    "Bank",
    "Fund",
    "Forum",
    "Movement",
    "Army",
    "Assembly",
    "Parliament",
    "Congress",
    "Association",
    "Institute",
    "Office",
    "Department",
    "Group",
}


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
            if text[m.start : m.end].isupper() and not any(a < m.end and m.start < b for a, b in taken):
                found.append(m)
        found.sort(key=lambda m: m.start)
    return found


def _used_as_place(text: str, i: int, j: int) -> bool:
    """A place the text puts something in (in/at/to/from Moscow), or a dateline."""
    before = text[max(0, i - 12) : i].lower()
    if re.search(
        r"\b(in|at|to|from|near|outside|into|inside|across|via|toward|towards)\s+(the\s+)?$", before
    ):
        return True
    return i == 0 and bool(re.match(r"\s*(?:[—–-]|,|\()", text[j:]))


def _find_entities(
    doc: Document, gazetteer: Gazetteer, day: str | None
) -> dict[int, list[tuple[int, int, Entity]]]:
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
        matches = _dictionary_matches(sent.text, gazetteer)
        for m in matches:
            if any(a <= m.start < b for a, b in outlet_spans) or _inside_name(sent.text, m, matches):
                continue
            code, sector = m.entry.resolve(day)
            etype = m.entry.type
            if etype == "LOCATION" and m.entry.kind in CONTINENT_SCALE:
                etype = "OTHER"  # the Middle East, the Pacific: as in Japanese text, no place of record
            elif (
                etype == "LOCATION"
                and m.entry.id in metonymic
                and not _used_as_place(sent.text, m.start, m.end)
            ):
                # "the Kremlin said", "Washington and Moscow": the government, not the place
                etype, sector = "OTHER", sector or "GOV"
            ent = _entity(
                doc,
                sent,
                m.start,
                m.end,
                etype,
                identifier_text=m.entry.id,
                code=code,
                sector=sector,
                source="dictionary",
            )
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
                if etype == "PERSON":
                    s = _given_name_before(sent.text, s, covered)
                    e = _family_name_after(sent.text, e, covered + [(a, b) for a, b, _ in local[sent.index]])
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


_NAME_WORDS_BEFORE = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z]+ ){2,4}$")


_WORD_BEFORE = re.compile(r"(?:\b[a-z][\w'’-]*,?|,) ([A-Z][a-z]+) $")


def _given_name_before(text: str, s: int, covered: list[tuple[int, int]]) -> int:
    """The start of a person's name with the capitalised word the model left before it ("his
    counterpart Therese | Kayikwamba Wagner"), where that word is no title or function word."""
    m = _WORD_BEFORE.search(text, 0, s)
    if m is None or any(a < s and m.start(1) < b for a, b in covered):
        return s
    word = m.group(1)
    if word in _FUNCTION_CAPS or word in names.rules().titles_en or word in _MONTH_NAMES:
        return s
    return m.start(1)


def _family_name_after(text: str, e: int, covered: list[tuple[int, int]]) -> int:
    """The end of a person's name the model cut short before its last word ("Amir Khan" of Amir
    Khan Muttaqi): one more capitalised word, not a title, month, day or function word, that
    nothing else claims and that no other capitalised word follows."""
    m = re.match(r" ([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)(?![\w'’-])(?! [A-Z])", text[e:])
    if not m:
        return e
    word = m.group(1)
    if word in _FUNCTION_CAPS or word in names.rules().titles_en or word in _MONTH_NAMES:
        return e
    if any(cs < e + m.end() and e < ce for cs, ce in covered):
        return e
    return e + m.end()


def _inside_name(text: str, m: Match, matches: list[Match]) -> bool:
    """A body's one-word name ending a run of capitalised words is a family name (Therese
    Kayikwamba Wagner is no Wagner Group): the model names the person."""
    if m.entry.type != "ORG" or " " in text[m.start:m.end]:
        return False
    run = _NAME_WORDS_BEFORE.search(text, 0, m.start)
    if run is None or run.end() != m.start or any(run.start() < x.end and x.start < m.start for x in matches):
        return False
    words = run.group().split()
    while words and (words[0] in _FUNCTION_CAPS or words[0] in names.rules().titles_en or words[0] in _MONTH_NAMES):
        words = words[1:]
    return len(words) >= 2


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
        ent = _entity(
            doc,
            sent,
            m.start(),
            m.end(),
            "COUNTRY",
            identifier_text=entry.id,
            code=code,
            sector=sector,
            source="rule",
        )
        out.append((m.start(), m.end(), ent))
    return out


_CAP_RUN = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|van|von|de|da|del|der|la|le|du|ibn|of)\s+)?[A-Z][\w'’.-]*)*"
)


def _unexplained_windows(
    text: str, covered: list[tuple[int, int]], before: int = 5, after: int = 3
) -> list[tuple[int, int]]:
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
        before = text[max(0, s - 25) : s].split()
        if before and before[-1].lower() in _TITLE_WORDS and len(words) >= 2:
            out.append((s, e, "PERSON"))
    return out
