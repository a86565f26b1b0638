"""English names: dictionary matches, the statistical model, capitalisation rules and surnames."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

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
    "Spokesperson",
    "Marshal",
    "Admiral",
    "Colonel",
    "Major",
    "Captain",
    "Lieutenant",
    "Brigadier",
    "Mullah",
    "Maulana",
    "Ayatollah",
    "Congressman",
    "Congresswoman",
    "Lt",
    "Col",
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


METONYMY_EN_FILE = Path(__file__).parents[2] / "data" / "metonymy_en.yaml"


@dataclass(frozen=True)
class _Metonymy:
    agent_before: re.Pattern  # "leaders in", "warnings from": a government's people or words
    city_part_after: re.Pattern  # "'s streets": a possessive that is the city's
    venue_after: re.Pattern  # "ceremony": an event held there
    place_before: re.Pattern  # "the city of", "north of"
    physical: re.Pattern  # "evacuate Kyiv", "Kyiv was shelled"
    physical_after: re.Pattern


@lru_cache(maxsize=1)
def _metonymy() -> _Metonymy:
    data = yaml.safe_load(METONYMY_EN_FILE.read_text(encoding="utf-8"))

    def words(key: str) -> str:
        return "|".join(map(re.escape, sorted(data[key], key=len, reverse=True)))

    verbs = words("physical_verbs")
    return _Metonymy(
        re.compile(r"\b(?:" + words("agent_nouns") + r")\s+(?:in|from|of|at|on)\s+(?:the\s+)?$", re.I),
        re.compile(r"(?:'s|’s|'|’)\s+(?:\w+\s+)?(?:" + words("city_parts") + r")\b", re.I),
        re.compile(r"\s+(?:" + words("venue_nouns") + r")\b", re.I),
        re.compile(r"\b(?:" + "|".join(data["place_before"]) + r")\s+(?:the\s+)?$", re.I),
        re.compile(r"\b(?:" + verbs + r")\s+(?:the\s+)?$", re.I),
        re.compile(r"\s+(?:(?:was|were|is|are|be|been|being|has|had|have|should|will|would|must|could|may|might)\s+)+"
                   r"(?:\w+ly\s+)?(?:" + verbs + r")\b", re.I),
    )


def _dateline_line(doc: Document, sent: Sentence, gazetteer: Gazetteer) -> tuple[int, int, Entity] | None:
    """A line that holds only a place in capitals ("WASHINGTON" above the first paragraph) is the
    story's dateline, though the page's layout leaves it outside the body."""
    name = sent.text.strip()
    if not (name.isupper() and name.isalpha() or re.fullmatch(r"[A-Z]+(?: [A-Z]+){0,2}", name)):
        return None
    entry = gazetteer.lookup(name.title(), "en")
    if entry is None or entry.type != "LOCATION" or entry.kind in CONTINENT_SCALE:
        return None
    i = sent.text.index(name)
    ent = _entity(doc, sent, i, i + len(name), "LOCATION", identifier_text=entry.id, code=entry.code,
                  source="dictionary")
    return i, i + len(name), ent


_PLACING = re.compile(
    r"\b(in|at|to|from|near|outside|into|inside|across|via|toward|towards|around|over|through)\s+(the\s+)?$", re.I)


# what may stand before a dateline in its sentence: the date header of a stored text
_DATELINE_START = re.compile(r"\s*(?:date\s+\d{4}-\d\d-\d\d\s+)?$")


def _used_as_place(text: str, i: int, j: int) -> bool:
    """A place the text puts something in (in/at/to/from Moscow), a dateline, the scene of an event
    held there (a White House ceremony) or what happens to the city (Kyiv was shelled); not the
    government's people or words placed there (leaders in Washington, warnings from Moscow) or a
    possessive (Moscow's decision)."""
    rules = _metonymy()
    before, after = text[max(0, i - 40):i], text[j:]
    if _DATELINE_START.match(text[:i]) and (re.match(r"\s*(?:[—–:-]|,|\()", after) or (
            not after.strip() and text[i:j].isupper())):
        return True  # a dateline: "MOSCOW, Aug 6", or the city alone on its line
    if re.match(r"(?:'s|’s|'|’)(?!\w)", after):
        return bool(rules.city_part_after.match(after))
    if rules.venue_after.match(after) or rules.place_before.search(before):
        return True
    if rules.physical.search(before) or rules.physical_after.match(after):
        return True
    return bool(_PLACING.search(before)) and not rules.agent_before.search(before)


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
            dateline = _dateline_line(doc, sent, gazetteer)
            if dateline:
                local[sent.index] = [dateline]
            continue
        found: list[tuple[int, int, Entity]] = []
        # an outlet's name is provenance ("(AP)", "Reuters reported"), not an actor
        outlet_spans = [(a, b) for a, b, _ in outlet_mentions(sent.text)]
        matches = _dictionary_matches(sent.text, gazetteer)
        for m in matches:
            if any(a <= m.start < b for a, b in outlet_spans) or _inside_name(sent.text, m, matches) or \
                    _part_of_other_name(sent.text, m, matches):
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
                if not text or not text[0].isupper():
                    continue
                if etype == "ORG":
                    s, etype = _titled_person(sent.text, s, e)
                if any(s < ce and cs < e for cs, ce in covered):
                    continue
                if any(s < oe and os_ < e for os_, oe, _ in local[sent.index]):
                    continue
                if etype == "LOCATION":
                    e = _particle_tail(sent.text, e, covered)
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
    _join_bare_names(local, texts)
    _credits(local, texts)
    sents = {s.index: s for s in doc.sentences}
    places.place_english(local, texts, lambda idx, i, j: _entity(doc, sents[idx], i, j, "LOCATION"))
    _foreign_kinds(local, texts)
    _places_from_context(local, texts)
    _place_aliases(local, texts)
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


# one capitalised word, accents and a possessive allowed (López, Muttaqi's), with no other
# capitalised word after it
_FAMILY_AFTER = re.compile(r" ([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zà-ÿ]+)?)(?:['’]s)?(?![\w'’-])(?! [A-Z])")


def _family_name_after(text: str, e: int, covered: list[tuple[int, int]]) -> int:
    """The end of a person's name the model cut short before its last word ("Amir Khan" of Amir
    Khan Muttaqi): one more capitalised word, not a title, month, day or function word, that
    nothing else claims and that no other capitalised word follows."""
    m = _FAMILY_AFTER.match(text, e)
    if not m:
        return e
    word = m.group(1)
    if word in _FUNCTION_CAPS or word in names.rules().titles_en or word in _MONTH_NAMES:
        return e
    if any(cs < m.end(1) and e < ce for cs, ce in covered):
        return e
    return m.end(1)


def _titled_person(text: str, s: int, e: int) -> tuple[int, str]:
    """(start, type) of a name the model took for a body: one that opens with a title and goes on
    with two or more capitalised words and no word of a body ("Field Marshal Jan Kowal") is the
    person after the title."""
    words = text[s:e].split()
    titles = names.rules().titles_en
    k = 0
    while k < len(words) and words[k].rstrip(".") in titles:
        k += 1
    rest = words[k:]
    if k == 0 or words[k - 1].rstrip(".") not in _TITLE_CUES or len(rest) < 2:
        return s, "ORG"
    if any(w in _ORG_CUES or not w[:1].isupper() for w in rest) or text[s:e].endswith(tuple(places.config()["place_words_en"])):
        return s, "ORG"
    return s + len(text[s:e]) - len(" ".join(rest)), "PERSON"


_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zà-ÿ]+)?"
_NAME_WORD_BEFORE = re.compile(r"(?<=\S )(" + _NAME_WORD + r") $")
_NAME_WORD_AFTER = re.compile(r" (" + _NAME_WORD + r")(?![\w-])")
# words after a leader's family name that make it a body's or an era's name, not another person's
_AFFILIATION_ENDINGS = ("an", "ic", "ist", "ese", "ish")
_NOT_NAME_AFTER = frozenset({"Administration", "Government", "Cabinet", "Doctrine", "Era", "Tower"})


def _part_of_other_name(text: str, m: Match, matches: list[Match]) -> bool:
    """A dictionary person matched by one word (a family or a given name) that stands next to
    another capitalised name word the dictionary person's name lacks ("Jan Smith" is no Smith of
    the dictionary, "Anna Kowal" no Anna): the model reads the whole name. A word that
    starts the sentence, a title, a month and a word of a body do not count; a first word
    that shares its initial with the dictionary person's given name (Sergey, Sergei) may be a
    spelling of it."""
    if m.entry.type != "PERSON" or " " in text[m.start:m.end]:
        return False
    parts = set(m.entry.id.split())
    titles = names.rules().titles_en
    taken = [(x.start, x.end) for x in matches if x is not m]

    def other(word: str, a: int, b: int) -> bool:
        return not (word in parts or word in titles or word in _FUNCTION_CAPS or word in _MONTH_NAMES
                    or word in _ORG_CUES or word in _NOT_NAME_AFTER or any(x < b and a < y for x, y in taken))

    before = _NAME_WORD_BEFORE.search(text, 0, m.start)
    if before and before.end() == m.start and other(before.group(1), *before.span(1)):
        # an adjective of affiliation ("Republican Trump allies") is no given name
        word = before.group(1)
        if word[:1] != m.entry.id[:1] and not word.endswith(_AFFILIATION_ENDINGS):
            return True
    after = _NAME_WORD_AFTER.match(text, m.end)
    return bool(after and other(after.group(1), *after.span(1)))


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


NAMES_EN_FILE = Path(__file__).parents[2] / "data" / "names_en.yaml"


@lru_cache(maxsize=1)
def _credit_rules() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    data = yaml.safe_load(NAMES_EN_FILE.read_text(encoding="utf-8"))
    before = re.compile("|".join(f"(?:{p})" for p in data["credit_before"]), re.I | re.M)
    after = re.compile("|".join(f"(?:{p})" for p in data["credit_after"]), re.I)
    return before, after, frozenset(data["credit_links"])


def _credits(local: dict[int, list[tuple[int, int, Entity]]], texts: dict[int, str]) -> None:
    """People named in a credit made the piece and are not in the story: "(Reporting by A in
    Seoul; Editing by B)", "A contributed to this report". They keep their span, not a name."""
    before, after, links = _credit_rules()
    for idx, ents in local.items():
        text = texts[idx]
        cues = [m.end() for m in before.finditer(text)]
        for i, j, e in ents:
            if e.type != "PERSON":
                continue
            credited = bool(after.match(text, j))
            for c in cues:
                if c > i:
                    break
                # only other names, places and linking words between the cue and the name
                gap = text[c:i]
                for a, b, _ in ents:
                    if c <= a and b <= i:
                        gap = gap.replace(text[a:b], " ")
                if all(w.lower() in links for w in re.findall(r"[;,&]|[^\s;,&()]+", gap)):
                    credited = True
            if credited:
                e.identifier_text, e.source = None, "credit"


_PARTICLE_TAIL = re.compile(r"(?: (?:ten|ter|de|del|della|di|van|von|der|den|la|le|du|des) [A-Z][\w'’-]+)+")


def _particle_tail(text: str, e: int, covered: list[tuple[int, int]]) -> int:
    """The end of a place the model cut before a particle and the words after it ("Paleis Huis |
    ten Bosch")."""
    m = _PARTICLE_TAIL.match(text, e)
    if m is None or any(a < m.end() and e < b for a, b in covered):
        return e
    return m.end()


def _foreign_kinds(local: dict[int, list[tuple[int, int, Entity]]], texts: dict[int, str]) -> None:
    """A place named by its kind in another language as English names it: Paleis X -> X Palace."""
    kinds = places.config().get("foreign_kinds_en") or {}
    for ents in local.values():
        for _, _, e in ents:
            first, _, rest = e.text.partition(" ")
            if e.type == "LOCATION" and not e.identifier_text and first in kinds and rest[:1].isupper():
                e.identifier_text, e.source = kinds[first].format(rest), "context"


@lru_cache(maxsize=1)
def _context_rules() -> tuple[frozenset[str], re.Pattern, re.Pattern, tuple[str, ...]]:
    cfg = places.config()

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    after = re.compile(r"\s+(?:" + alt(cfg["kinds_after_en"]) + r")\b")
    of = re.compile(r"\b(?:" + alt(cfg["place_of_en"]) + r")\s+of\s+(?:the\s+)?$", re.I)
    return frozenset(cfg["kinds_before_en"]), after, of, tuple(" " + w for w in cfg["place_words_en"])


_AT_OR_IN = re.compile(r"\b(?:at|in|inside|outside|near)\s+(?:the\s+)?$", re.I)


def _places_from_context(local: dict[int, list[tuple[int, int, Entity]]], texts: dict[int, str]) -> None:
    """A name the model found that neither the dictionary nor the gazetteer names is a place by
    the words around it: a kind that opens it (Hotel …, Camp …, Sea of …), a lower-case kind
    after it (the … border crossing, … province: the name without the kind), "the city of …",
    or, for what the model read as a body, a word for a building that ends it where something
    happens at or in it (at the … Convention Centre)."""
    before, after, of, buildings = _context_rules()
    for idx, ents in local.items():
        text = texts[idx]
        for i, j, e in ents:
            if e.identifier_text or e.source != "model" or e.type not in ("LOCATION", "ORG", "PERSON"):
                continue
            first = e.text.split()[0]
            single = " " not in e.text
            words = e.text.split()
            if e.type != "PERSON" and first in before and not single and not any(w in _ORG_CUES for w in words) or after.match(text, j) and (
                    e.type != "PERSON" or single) or of.search(text[max(0, i - 40):i]):
                pass
            elif e.type == "ORG" and e.text.endswith(buildings) and _AT_OR_IN.search(text[max(0, i - 12):i]):
                pass
            else:
                continue
            name = places.ascii_name(e.text)
            if name.endswith(" Mountain") and after.match(text, j):
                name += "s"  # a range named before a noun drops its plural: a Rocky Mountain resort
            e.type, e.identifier_text, e.source = "LOCATION", name, "context"


def _place_aliases(local: dict[int, list[tuple[int, int, Entity]]], texts: dict[int, str]) -> None:
    """A name in brackets right after a place is that place's other name ("Mount Kerem (Jabal
    Karim)"), not a person or a body the model read it as."""
    for idx, ents in local.items():
        text = texts[idx]
        for k, (i, j, e) in enumerate(ents):
            if e.type not in ("PERSON", "ORG") or e.source == "dictionary" or not text.startswith(")", j):
                continue
            place = next((p for a, b, p in ents[:k] if p.type == "LOCATION" and p.identifier_text
                          and re.fullmatch(r"\s*\(", text[b:i])), None)
            if place is not None:
                e.type, e.identifier_text, e.code, e.source = "LOCATION", place.identifier_text, place.code, "alias"


def _join_bare_names(local: dict[int, list[tuple[int, int, Entity]]], texts: dict[int, str]) -> None:
    """A single word the document uses as a part of one person's full name is that person: where
    the model took it for a body or a place ("Kowal's government") and where the dictionary gives
    it to someone whom the document never names in full (a former leader of the same family
    name)."""
    keys: dict[str, Entity | None] = {}
    full: set[str] = set()
    for idx in sorted(local):
        for _, _, e in local[idx]:
            if e.type != "PERSON" or not e.identifier_text:
                continue
            words = names.strip_en(e.text).split()
            if len(words) < 2:
                continue
            full.add(e.identifier_text)
            for w in (words[0], words[-1]):
                ref = keys.get(w, e)
                keys[w] = e if ref is not None and ref.identifier_text == e.identifier_text else None
    if not keys:
        return
    for idx in sorted(local):
        for i, j, e in local[idx]:
            word = names.strip_en(texts[idx][i:j])
            ref = keys.get(word)
            if ref is None or ref is e or " " in word or ref.identifier_text == e.identifier_text:
                continue
            if e.type in ("ORG", "LOCATION") and e.source == "model" and not e.identifier_text:
                e.type = "PERSON"
            elif not (e.type == "PERSON" and e.source == "dictionary" and e.identifier_text not in full):
                continue
            e.identifier_text, e.code, e.sector, e.source = ref.identifier_text, ref.code, ref.sector, ref.source


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
        prev = re.search(r"([A-Z][\w'’.-]*) $", sent.text[: m.start()])
        if prev and prev.group(1) not in _FUNCTION_CAPS and (prev.start() or prev.group(1).lower() not in _COMMON_INITIAL):
            continue  # a word inside a run of names (Abdul Ghani Baradar, President Ghani) is a name
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
