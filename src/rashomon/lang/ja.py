"""Japanese analysis: actors and places by dictionary, time expressions, statements and
PLOVER event mentions, over the normalised sentences that cleaning produced.

The dictionary pass is a character-trie scan, and event and statement coding are
patterns over the clause around a trigger; no full parse is needed for those, which keeps
the analyser at tens of thousands of characters a second. Names the dictionary lacks come
from ``ja_model`` (Sudachi's lexicon by default, GiNZA on request), and only where they
overlap no dictionary match: the dictionary overrides the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .. import names, places, plover, states
from ..clean import CONTENT_KINDS, EVENT_KINDS, TIMEX_KINDS
from ..gazetteer import Entry, Gazetteer, Match, metonymic_places, state_code
from ..provenance import Outlet, find_date, outlet_mentions
from ..records import ActorRef, Document, Entity, EventMention, Sentence, Statement, TimeExpression
from . import ja_time
from .ja_model import CANDIDATE, name_finder

EVENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "events_ja.yaml"
TIMEZONES_FILE = Path(__file__).resolve().parent.parent / "data" / "timezones.yaml"


# Titles and honorifics that may stand between a name and its particle
_TITLE = re.compile(
    r"^(?:[・]?(?:前|元|現|次期|新)?(?:大統領|首相|副大統領|副首相|外相|外務大臣|国務長官|国防長官|国防相|財務長官|財務相|"
    r"官房長官|官房副長官|長官|大臣|大統領補佐官|補佐官|特使|特別使節|副報道官|報道官|首席|議長|委員長|事務総長|総裁|書記長|"
    r"国家主席|主席|総統|副総統|国王|皇太子|知事|市長|次官|司令官|参謀総長|総長|党首|幹事長|"
    r"首脳|政権|政府|当局|側|氏|さん|議員|大使|代表|CEO|報道官室|軍|両国|両首脳)){0,3}"
)
_AGENT_PARTICLE = re.compile(r"^(?:は|が|も(?!含)|として|による|により|によって|側は|では|から(?:は|も)?)")
_TARGET_PARTICLE = re.compile(
    r"^(?:を|に対し(?:て)?|に対する|への|へ|に(?!よる|より|よって|とって)|との|と(?!の)|とも|から(?:の)?(?!は)"
    r"|も含め|を含め|をはじめ)"
)
_PLACE_PARTICLE = re.compile(
    r"^(?:州|市|県|郊外|近郊|周辺)?(?:の[^、。「」]{0,10}?(?:基地|空港|ホテル|宮殿|宮|官邸|公邸|大統領府|本部|会場|施設|庁舎|広場|"
    r"センター|ビル|港|城|議事堂|ホール|リゾート|別荘)(?:で|において|にて|に到着)"
    r"|で|での|において|にて|に(?:到着|入|滞在|向か)|へ(?!の)|=|から|まで|入り|を訪|訪問|発|時間|、\s*\d"
    r"|(?:共同|時事|ロイター|AFP|AP|新華社|聯合)?】)"
)
# "both leaders", "both countries": the participants of the meeting just mentioned
_BOTH = re.compile(r"両首脳|両氏|両大統領|両外相|両国|双方|両者")
# モスクワでの会談や、3者会談が実現するかどうか: coordinated triggers share the predicate
_COORDINATED = re.compile(r"^(?:や|および|及び|と|または|か)[、,]?")
_CHAINED = re.compile(r"^(?:て|で)?[、,]")
_CLAUSE_END = re.compile(r"[、。,]|(?:が|けど|ものの|一方)、")
_CONTINENT_SCALE = frozenset({"ocean", "continent", "macro-region"})
_QUOTE = re.compile(r"「[^「」]*」|『[^『』]*』|“[^“”]*”")
_DEFINITE = re.compile(r"(?:この|同|今回の|当該の|その|今般の)$")


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    event: str
    mode: str | None
    context: str | None
    roles: str
    status: str | None = None
    single_state_as: str | None = None


@dataclass(frozen=True)
class _Config:
    triggers: list[Trigger]
    speech: re.Pattern
    press: re.Pattern
    negated: re.Pattern
    hypothetical: re.Pattern
    scheduled: re.Pattern
    metonymic: frozenset[str]
    contexts: tuple[tuple[str, re.Pattern], ...]
    title_run: re.Pattern
    attendance: re.Pattern
    delegation_head: re.Pattern


@lru_cache(maxsize=1)
def config() -> _Config:
    data = yaml.safe_load(EVENTS_FILE.read_text(encoding="utf-8"))
    triggers = []
    for t in data["triggers"]:
        if t["event"] not in plover.CATEGORIES:
            raise ValueError(f"{EVENTS_FILE}: unknown PLOVER category {t['event']!r}")
        triggers.append(
            Trigger(re.compile(t["pattern"]), t["event"], t.get("mode"), t.get("context"), t.get("roles", "agent"),
                    t.get("status"), t.get("single_state_as"))
        )
    st = data["status"]
    return _Config(
        triggers,
        re.compile(data["speech_verbs"]),
        re.compile(data["press_conference"]),
        re.compile(st["negated"]),
        re.compile(st["hypothetical"]),
        re.compile(st["scheduled"]),
        metonymic_places(),
        tuple((name, re.compile(p)) for name, p in (data.get("contexts") or {}).items()),
        re.compile(rf"[・の]?[一-龥々]{{0,7}}[{re.escape(data['title_ends'])}]"),
        re.compile(data["attendance"]),
        re.compile(data["delegation_head"]),
    )


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


def _model_entities(doc: Document, content: list[Sentence], by_sentence: dict[int, list[_Ent]],
                    outlet_spans: dict[int, list[tuple[int, int]]]) -> None:
    """Add the names the dictionary lacks, from ``ja_model``, where they overlap no dictionary
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


def _canonical_names(doc: Document, content: list[Sentence], by_sentence: dict[int, list[_Ent]],
                     outlet_spans: dict[int, list[tuple[int, int]]]) -> None:
    """Kanji names before a title that the model missed (孫衛東外務次官), then a canonical name
    for every person the dictionary lacks (see ``names``)."""
    japanese = [s for s in content if not _is_latin(s.text)]
    for s in japanese:
        ents = by_sentence[s.index]
        known = [(e.i, e.j) for e in ents if e.entry is not None] + outlet_spans[s.index]
        for i, j in names.kanji_names(s.text, known) + names.katakana_names(s.text, known):
            ents[:] = [e for e in ents if e.entry is not None or not (e.i < j and i < e.j)]
            start, end = s.span(i, j)
            ents.append(_Ent(i, j, None, Entity(doc.text[start:end], start, end, "PERSON", sentence=s.index,
                                                source="rule"), True))
        ents.sort(key=lambda e: e.i)
    local = {s.index: [(e.i, e.j, e.entity) for e in by_sentence[s.index]] for s in japanese}
    texts = {s.index: s.text for s in content}
    names.name_japanese(local, texts)
    sents = {s.index: s for s in content}

    def make(idx: int, i: int, j: int) -> Entity:
        start, end = sents[idx].span(i, j)
        return Entity(doc.text[start:end], start, end, "LOCATION", sentence=idx, source="geonames")

    places.place_japanese(local, texts, make)
    states.mark_locators(local, texts, "ja")
    for idx, found in local.items():
        old = {id(e.entity): e for e in by_sentence[idx]}
        by_sentence[idx] = [_Ent(i, j, old[id(ent)].entry if id(ent) in old else None, ent,
                                 old[id(ent)].actor if id(ent) in old else False) for i, j, ent in found]


def _make(m: Match, sent: Sentence, doc_text: str, day: str | None, metonymic: frozenset[str], lang: str) -> _Ent:
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
        before = text[max(0, i - 6):i].lower()
        return bool(re.search(r"\b(in|at|to|from|near|outside|into)\s+$", before)) or i == 0 and text[j:j + 1] == ","
    after = text[j:]
    after = re.sub(r"^(?:D\.?C\.?|市|州)", "", after)
    return bool(_PLACE_PARTICLE.match(after)) or (i == 0 and after[:1] in "、,")


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
    for s in doc.sentences:
        ents = by_sentence.get(s.index, [])
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
                statements = [Statement(speaker.entity.as_actor(), quote.group(0)[1:-1], a, b, None, "", s.index)]
            for st in statements:
                if st.date is None and st.speaker == speaker.entity.as_actor():
                    st.date = day
            caption = None
        doc.statements.extend(statements)
        events = _events(s, ents, txs, doc, gazetteer, participants, topic)
        present = _attendees(s.text, ents, config().attendance)
        if present:
            # …も同席した, …が出席した: those present are at the meeting just told
            meetings = [m for m in events if m.event == "CONSULT"] or [
                m for m in doc.events[-3:] if m.event == "CONSULT" and m.sentence is not None
                and s.index - m.sentence <= 2][-1:]
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
                    m.actors = [a for a in m.actors if a not in reporters]
        doc.events.extend(m for m in events if m.actors or m.event == "CONSULT")
        for m in events:
            if m.event == "CONSULT":
                persons = [e for e in ents if e.entity.type == "PERSON" and e.entity.identifier_text and any(
                    e.entity.identifier_text == a.identifier_text for a in m.actors)]
                if len({e.entity.identifier_text for e in persons}) >= 2:
                    participants = persons
        topic = _speaker_before(ents, len(s.text), s.text) or topic
        attendees.extend(_attendees(s.text, ents, config().attendance))
        heads.extend(_attendees(s.text, ents, config().delegation_head))
        states.update((e.entity.identifier_text, e.entity.code) for e in ents if e.entity.type == "COUNTRY")
    _with_attendees(doc.events, attendees, heads, states)


# --- time ---------------------------------------------------------------------------


def _time_expressions(doc: Document) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    pub = doc.publication_date
    ref: str | None = None  # the last full date the text wrote, and where
    ref_at = -10
    anchor = pub
    for s in doc.sentences:
        if doc.blocks[s.block].kind not in TIMEX_KINDS:
            continue
        if _is_latin(s.text):
            found = _latin_dates(s.text)
        else:
            # a full date a few sentences back still dates "7月25日"; one paragraphs away does not
            found = ja_time.find(s.text, ref if s.index - ref_at <= 2 else None, anchor, pub)
        for f in found:
            start, end = s.span(f.start, f.end)
            out.append(TimeExpression(doc.text[start:end], start, end, f.value, f.kind, s.index))
            if f.value:
                anchor = f.value[:10]
                if f.full:
                    ref, ref_at = f.value[:10], s.index
    return out


_EN_DATE = re.compile(
    r"\b(?:\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})\b"
)


def _latin_dates(text: str) -> list[ja_time.Found]:
    return [ja_time.Found(m.start(), m.end(), m.group(0), find_date(m.group(0)), "absolute", True)
            for m in _EN_DATE.finditer(text)]


# --- statements -----------------------------------------------------------------------

_DEMONSTRATIVE_TOPIC = re.compile(r"^(?:これ|それ|あれ|この|その|こうした|そうした)[^、。]{0,6}?(?:は|が)")
_ACCORDING_TO = re.compile(r"(?:によると|によれば)[、,]?")
# what may follow a speech verb that ends the sentence or its last clause
_ENDS_CLAUSE = re.compile(r"(?:た|る|て(?:い|お)(?:る|た|ます|ました)|ます|ました|ている|ていた|"
                             r"(?:し|した|して)?)?(?:という|ということ|とのこと)?(?:です|だ)?[。]?$|[、]")
_RELATIVE_HEAD = re.compile(r"(?:た|る|ている|ていた)(?=[^\s、。「」]{2})")
_QUOTE_THEN_VERB = re.compile(
    r"(?P<q>「[^「」]+」)\s*(?:と|との(?:考え|認識|見方|立場|方針|意向|コメント|声明|談話|見解|メッセージ)を)"
)


def _subject_rank(text: str, e: _Ent) -> int | None:
    """How surely a name is the subject of the sentence's main predicate: the topic (Xは) first,
    then the subject (Xが), then also-subjects and sources (Xも, Xによる); None when it is none."""
    after = _particle_after(text, e)
    if not _AGENT_PARTICLE.match(after):
        return None
    if _TOPIC.match(after):
        return 0
    return 1 if after.startswith("が") else 2


def _speaker_before(ents: list[_Ent], pos: int, text: str) -> _Ent | None:
    """The speaker: of the names before ``pos`` marked as subject, the topic (は) before a subject
    (が) before the rest, a person before a state or body, and the last of equals. A name inside a
    subordinate phrase (トランプ政権による関税措置を念頭に) is outranked by the topic."""
    best: tuple[int, int, int] | None = None
    speaker = None
    for e in ents:
        if e.j > pos or not e.actor:
            continue
        rank = _subject_rank(text, e)
        if rank is None:
            continue
        key = (rank, e.entity.type != "PERSON", -e.i)
        if best is None or key < best:
            best, speaker = key, e
    return speaker


def _outlet_speakers(s: Sentence, text: str, quoted: list[tuple[int, int]],
                     outlets: list[tuple[int, int, Outlet]]) -> list[_Ent]:
    out = []
    for a, b, o in outlets:
        if any(x < a < y for x, y in quoted):
            continue
        start, end = s.span(a, b)
        ent = Entity(text[a:b], start, end, "ORG", o.id, o.country, "MED", s.index, "outlet")
        out.append(_Ent(a, b, None, ent, True))
    return out


def _statements(s: Sentence, ents: list[_Ent], txs: list[TimeExpression], topic: _Ent | None,
                context: list[_Ent] = (), outlets: list[tuple[int, int, Outlet]] = ()) -> list[Statement]:
    """Who says what in one sentence. ``topic`` is who the text was last about: a sentence that
    names no subject (「…」と述べた。…と説明している) goes on speaking of them."""
    cfg = config()
    text = s.text
    out: list[Statement] = []
    date = next((t.value[:10] for t in txs if t.value), None)
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    # a name inside a quotation is what was said about, not who said it; an outlet that
    # reports ("ニューヨーク・タイムズは「…」と報じた") speaks for itself
    ents = [e for e in ents if not any(a < e.i < b for a, b in quoted)] + _outlet_speakers(s, text, quoted, list(outlets))
    ents.sort(key=lambda e: e.i)
    for m in _QUOTE_THEN_VERB.finditer(text):
        after = text[m.end("q"):m.end("q") + 40]
        verb = cfg.speech.search(after)
        if not verb:
            continue
        speaker = _speaker_before(ents, m.start(), text)
        # 「…」とトランプ大統領は述べた: the speaker stands between quotation and verb
        between = [e for e in ents if m.end() <= e.i < m.end() + verb.start() and e.actor]
        if between:
            speaker = between[0]
        # 「…」と述べたトランプ大統領: the verb's clause describes the name it runs into
        head = _RELATIVE_HEAD.match(text, m.end("q") + verb.end())
        if speaker is None and head:
            speaker = next((e for e in ents if e.i == head.end() and e.actor), None)
        if speaker is None and _subjectless(text, ents, m.start()):
            speaker = topic
        if speaker is None:
            continue
        q = m.group("q")
        a, b = s.span(m.start("q") + 1, m.end("q") - 1)
        out.append(Statement(speaker.entity.as_actor(), q[1:-1], a, b, date, verb.group(0), s.index))
    # "Xが述べたように、「…」" and reported speech "Xは…を強調した"
    # "これは、…ことを示唆している": the sentence speaks of a fact, not of what someone said
    if not out and not _DEMONSTRATIVE_TOPIC.match(text):
        verb = cfg.speech.search(text)
        if verb:
            speaker = _speaker_before(ents, verb.start(), text)
            if speaker is None and _subjectless(text, ents, verb.start()) and _ENDS_CLAUSE.match(text, verb.end()):
                speaker = topic
            # reported speech without a quotation is a person's, or a state's or body's that is
            # the topic of the sentence's own predicate (イランは…阻止すると述べた); "ロシアが主張する
            # 領有権" is a claim, not a statement
            if speaker is not None and (
                speaker.entity.type == "PERSON" or speaker.entity.source == "outlet"
                or _subject_rank(text, speaker) == 0 and _ENDS_CLAUSE.match(text, verb.end())
            ):
                quote = _QUOTE.search(text, verb.end())
                if quote and quote.start() - verb.end() < 12:
                    a, b = s.span(quote.start() + 1, quote.end() - 1)
                    said = quote.group(0)[1:-1]
                else:
                    # a speaker carried over from an earlier sentence says the whole clause
                    lo = len(text) - len(_particle_after(text, speaker)) if speaker in ents else 0
                    lo += len(text[lo:verb.start()]) - len(text[lo:verb.start()].lstrip("はがも、 "))
                    # 16日、…: the day it was said is not part of what was said
                    when = _SAID_WHEN.match(text, lo)
                    lo = when.end() if when else lo
                    # …決まっていないと記者団に語った: the quotative と closes what was said
                    hi = lo + len(_SAID_TAIL.sub("", text[lo:verb.start()]))
                    rest = text[lo:hi]
                    # what was said: the clause before the verb, or the sentence when it is not given
                    if len(rest) >= 6:
                        a, b = s.span(lo, hi)
                        said = rest
                    else:
                        a, b, said = s.start, s.end, text
                if said:
                    out.append(Statement(speaker.entity.as_actor(), said, a, b, date, verb.group(0), s.index))
    # 防衛省によると、…: what follows is the source's account
    for m in _ACCORDING_TO.finditer(text):
        # the name right before it, titles aside (ペスコフ報道官によると)
        source = next((e for e in reversed(ents) if e.j <= m.start() and _TITLE.fullmatch(text[e.j:m.start()])), None)
        if source is None or any(st.speaker == source.entity.as_actor() for st in out):
            continue
        end = m.end() + len(text[m.end():].rstrip().rstrip("。"))  # the full stop is not said
        rest = text[m.end():end]
        if len(rest.strip()) >= 6:
            a, b = s.span(m.end(), end)
            out.append(Statement(source.entity.as_actor(), rest, a, b, date, "によると", s.index))
    out = _with_coordinated_speakers(out, text, ents)
    # a press conference is a statement by everyone who gives it (両首脳: the two just meeting)
    if cfg.press.search(text):
        people = [e for e in ents if e.entity.type == "PERSON"] or (list(context) if _BOTH.search(text) else [])
        for e in people:
            if e.entity.type == "PERSON" and e.entity.identifier_text and not any(
                st.speaker.identifier_text == e.entity.identifier_text for st in out
            ):
                out.append(Statement(e.entity.as_actor(), text, s.start, s.end, date, "記者会見", s.index))
    return out


def _attendees(text: str, ents: list[_Ent], verbs: re.Pattern) -> list[_Ent]:
    """People a sentence says attend a gathering: named before an attendance verb in its clause
    (…首相らも到着し, …首相が出迎えた), or the head its clause describes (会場に現れた石破首相)."""
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    people = [e for e in ents if e.entity.type == "PERSON" and e.entity.identifier_text
              and not any(a < e.i < b for a, b in quoted)]
    out: list[_Ent] = []
    lo = 0
    for v in verbs.finditer(text):
        if _NEGATED_AFTER.match(text, v.end()):
            lo = v.end()
            continue
        for e in people:
            after = _particle_after(text, e)
            if lo <= e.i < v.start() and (after.startswith("のほか") or not after.startswith(("の", "に", "を", "で"))):
                out.append(e)
        head = _RELATIVE_HEAD.match(text, v.end())
        if head:
            out.extend(e for e in people if e.i == head.end() or (e.i > head.end() and re.fullmatch(
                r"(?:と|、|・)[^、。]{0,6}", text[head.end():e.i]) and e.i - head.end() < 16))
        lo = v.end()
    return out


_NEGATED_AFTER = re.compile(r"(?:し|せ)?(?:ない|ず|なかっ|ません|見送)")


def _partner_only(text: str, actors: list[_Ent], ti: int, ents: list[_Ent]) -> bool:
    """Whether a meeting's named parties are all its partners (Xとの会談) of one side, in a clause
    that names no subject."""
    return (bool(actors) and len({e.entity.code for e in actors}) == 1
            and all(e.i < ti and _PARTNER_OF.match(_particle_after(text, e)) for e in actors)
            and _subjectless(text, ents, ti))


_PARTNER_OF = re.compile(r"^(?:との|と(?![のはも]))")


def _with_attendees(events: list[EventMention], attendees: list[_Ent], heads: list[_Ent],
                    states: set[tuple[str | None, str | None]]) -> None:
    """A multilateral meeting's parties include everyone the text says attends a gathering; a
    meeting of states (ロシアとウクライナの直接交渉) includes the heads of their delegations."""
    people = _dedupe([e.entity.as_actor() for e in attendees])
    leaders = _dedupe([e.entity.as_actor() for e in heads])
    for m in events:
        if m.event != "CONSULT" or m.status not in ("happened", "scheduled"):
            continue
        if "multilateral" in m.mode or any("IGO" in (a.code, a.sector) for a in m.actors):
            m.actors = _dedupe(m.actors + people + leaders)
            continue
        sides = {a.code for a in m.actors if (a.identifier_text, a.code) in states}
        if sides:
            m.actors = _dedupe(m.actors + [a for a in leaders if a.code in sides])


def _caption_speaker(text: str, ents: list[_Ent]) -> _Ent | None:
    """The person a caption line consists of: a name, its titles and a parenthesised day."""
    people = [e for e in ents if e.entity.type == "PERSON" and e.entity.identifier_text]
    if len(people) != 1:
        return None
    e = people[0]
    rest = _particle_after(text, e)
    return e if _CAPTION_REST.fullmatch(text[:e.i] + rest) else None


_CAPTION_REST = re.compile(r"[^\s、。「」()（）]{0,8}?\s*(?:[(（][^()（）]{0,20}[)）])?\s*")


def _subjectless(text: str, ents: list[_Ent], pos: int) -> bool:
    """Whether the clause before ``pos`` names no subject of its own: no name, pronoun or other
    noun marked with は/が outside quotations."""
    head = _QUOTE.sub("", text[:pos])
    if re.search(r"(?:彼|同氏|彼女|同大統領|同首相)(?:は|が)", head):
        return True
    return not re.search(r"[^、。]{1,3}(?:は|が)[、]?", head) and not any(
        e.j <= pos and _subject_rank(text, e) is not None for e in ents)


def _with_coordinated_speakers(statements: list[Statement], text: str, ents: list[_Ent]) -> list[Statement]:
    """マクロン大統領とメルツ首相は「…」と強調した: each of the names that stand together says it."""
    out: list[Statement] = []
    for st in statements:
        out.append(st)
        head = next((e for e in ents if e.entity.as_actor() == st.speaker), None)
        if head is None:
            continue
        for e in reversed([e for e in ents if e.j <= head.i and e.actor]):
            between = text[e.j:head.i]
            between = between[_TITLE.match(between).end():]
            if not re.fullmatch(r"(?:と|、|・|や|及び|および)", between):
                break
            if e.entity.type == head.entity.type:
                out.insert(len(out) - 1, Statement(e.entity.as_actor(), st.text, st.start, st.end, st.date, st.verb,
                                                   st.sentence))
            head = e
    return out


# --- events ------------------------------------------------------------------------------


def _triggers(text: str) -> list[tuple[int, int, Trigger]]:
    masked = text
    for q in _QUOTE.finditer(text):
        masked = masked[:q.start()] + "\u3000" * (q.end() - q.start()) + masked[q.end():]
    found = []
    for t in config().triggers:
        for m in t.pattern.finditer(masked):
            # 批判者, 支持者, 攻撃力: a person or a quality, not the act
            if m.end() > m.start() and masked[m.end():m.end() + 1] not in _NOUN_SUFFIXES:
                found.append((m.start(), m.end(), t))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, Trigger]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def _particle_after(text: str, e: _Ent) -> str:
    """What follows a name and the titles or bodies written after it (国防相, 大統領府長官, 外務省)."""
    rest = text[e.j:]
    run = config().title_run.match(rest)
    return rest[max(_TITLE.match(rest).end(), run.end() if run else 0):]


def _statuses(text: str, triggers: list[tuple[int, int, Trigger]], cfg: _Config) -> list[str]:
    """Each trigger's status from the cues of its own clause. A trigger joined to the next by a
    bare particle (制裁の解除で合意する) is part of that trigger's clause and shares its status."""
    out: list[str] = [""] * len(triggers)
    for k in range(len(triggers) - 1, -1, -1):
        tj = triggers[k][1]
        nxt = triggers[k + 1][0] if k + 1 < len(triggers) else len(text)
        gap = text[tj:nxt]
        if k + 1 < len(triggers) and (len(gap) <= 2 and not _CLAUSE_END.search(gap) or _COORDINATED.match(gap)):
            # ブダペストでの会談を提案した: what is proposed or called for has not happened
            nxt_word = text[triggers[k + 1][0]:triggers[k + 1][1]]
            out[k] = "hypothetical" if _PROPOSING.match(nxt_word) and out[k + 1] != "negated" else out[k + 1]
            continue
        end = _CLAUSE_END.search(text, tj)
        window = text[tj:min(nxt, end.start() if end else len(text))] if nxt > tj else ""
        clause = text[tj:end.end() if end else len(text)]
        out[k] = _status(window if window.strip() else clause, cfg)
        # ワシントンを訪れ、トランプ氏と会談する予定だ: a clause chained in the て-form shares the
        # tense of the one it runs into
        if out[k] == "happened" and k + 1 < len(triggers) and _CHAINED.match(gap) and out[k + 1] != "negated":
            out[k] = out[k + 1]
    return out


def _events(s: Sentence, ents: list[_Ent], txs: list[TimeExpression], doc: Document, gaz: Gazetteer,
            context: list[_Ent] | None = None, about: _Ent | None = None) -> list[EventMention]:
    text = s.text
    cfg = config()
    triggers = _triggers(text)
    statuses = _statuses(text, triggers, cfg)
    out: list[EventMention] = []
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    # names inside a quotation are what was said, not who acted; 対日, 対ロ name a target
    actors_all = [e for e in ents if e.actor and not any(a < e.i < b for a, b in quoted)
                  and not (e.i and text[e.i - 1] == "対") and not _NAMES_A_SITE.match(text[e.j:])
                  and not (e.entity.type == "COUNTRY" and _LOCATES.match(text, e.j))]
    # a place the dictionary does not know has no canonical name to record
    places = [e for e in ents if e.entity.identifier_text and (
        e.entity.type == "LOCATION" or e.entity.type == "OTHER" and not e.actor)]
    for k, (ti, tj, trig) in enumerate(triggers):
        if _UPHELD_OR_BROKEN.match(text[tj:]):
            continue  # 停戦合意を破った: the agreement is what was broken, not an act of agreeing
        prev_end = clause_start = triggers[k - 1][1] if k else 0
        # a war or a crisis named before the trigger closes the span its actors come from (not
        # the span of its place: …イスタンブールで、ウクライナ侵攻を巡る…交渉を行った)
        for b in _NOT_AN_EVENT.finditer(text, prev_end, ti):
            prev_end = b.end()
        next_start = triggers[k + 1][0] if k + 1 < len(triggers) else len(text)
        definite = bool(_DEFINITE.search(text[max(0, ti - 4):ti]))
        named = [e for e in actors_all if prev_end <= e.i < ti]
        backdrop = trig.event == "CONSULT" and bool(_REFERENCE_AFTER.match(text[tj:]))
        reference = (backdrop and bool(context)
                     and (not named or _TOPIC.match(_particle_after(text, named[-1])) is not None))
        if reference:
            # ザハロワ報道官は、会談の成果について…: the meeting already told, not a new one (but
            # …で行われたプーチンとウィトコフの会談後: a meeting given with its parties is its own)
            definite = True
        if trig.event == "CONSULT" and definite and context:
            # この会談, 同会談: the meeting the article is about
            actors, recipients = list(context), []
        elif trig.roles == "participants":
            # the participants named since the previous trigger; else, when the trigger does not
            # head its own clause (会談以来、米露…), those named right after it
            actors = [e for e in actors_all if prev_end <= e.i < tj]
            topic = [e for e in actors_all if e.i < ti and _TOPIC.match(_particle_after(text, e))]
            partners = [e for e in actors_all if e.i < ti and _PARTNER.match(_particle_after(text, e))]
            if topic and partners and _MAIN_PREDICATE.match(text[tj:]):
                # 高市首相はトランプ大統領と会談し、…で一致した: the parties are the topic and the
                # partner, not whatever else the clause names (日米同盟, 中国の海洋進出)
                actors = topic + partners
            elif trig.event == "CONSULT" and _MAIN_PREDICATE.match(text[tj:]):
                # トランプ氏は会談後、ゼレンスキー大統領や欧州の首脳と電話で協議した: the topic meets
                # those named before the trigger, whatever stood between (会談後)
                near = _nearest_topic(text, actors_all, ti)
                if near and not any(e in actors for e in near):
                    actors = near + [e for e in actors if not _ABOUT.match(_particle_after(text, e))]
            if not actors and not _HEADS_CLAUSE.match(text[tj:]):
                actors = [e for e in actors_all if tj <= e.i < min(next_start, tj + 20)]
            if trig.event == "CONSULT" and context:
                actors = _complete_meeting(actors, context, text[ti:tj])
            recipients = []
            if trig.event != "CONSULT":
                # 台湾を取り囲む形で演習: the party acted upon is no participant (at a meeting, the
                # one greeted — Xを出迎え — is)
                recipients = [e for e in actors if re.match(r"^を", _particle_after(text, e))]
                actors = [e for e in actors if e not in recipients]
        else:
            before = [e for e in actors_all if prev_end <= e.i < ti] or [e for e in actors_all if e.i < ti]
            actors = [e for e in before if _is_agent(text, e)]
            recipients = [e for e in before if e not in actors]
            # 対ロシア制裁: the state named after 対 is the one acted against
            recipients += [e for e in ents if e.actor and prev_end <= e.i < ti and e.i and text[e.i - 1] == "対"
                           and e not in recipients]
            topic = _nearest_topic(text, actors_all, ti)
            # 日本が支援を決めたことに抗議し: the subject of a clause the trigger takes as its object
            # is not the trigger's agent
            embedded = [e for e in actors if e not in topic and _EMBEDDED.search(text[e.j:ti])]
            if embedded and topic:
                actors = [e for e in actors if e not in embedded] or topic
                recipients = recipients + embedded
            # ロシア政府は、日本がウクライナへの支援を決めたことに…: inside that clause the agent is
            # its own subject (Xが), not the sentence's topic
            subjects = [e for e in actors if e not in topic and _SUBJECT.match(_particle_after(text, e))]
            if subjects and topic and not _MAIN_PREDICATE.match(text[tj:]):
                actors = [e for e in actors if e not in topic]
            if topic and _MAIN_PREDICATE.match(text[tj:]):
                # the sentence's own predicate: its agent is the topic (Xは), not the subject of a
                # clause inside it (トランプ氏は、ロシアが応じなければ…と警告した)
                others = [e for e in actors if e not in topic and e.i > topic[-1].i]
                actors, recipients = topic, recipients + others
            if not actors and not _HEADS_CLAUSE.match(text[tj:]):
                # the agent named after the trigger, not a party it is done to (ウクライナへの支援)
                actors = [e for e in actors_all if tj <= e.i < next_start
                          and not _TARGET_PARTICLE.match(_particle_after(text, e))][:1]
        if not actors and trig.event == "CONSULT":
            attendees = [e for e in actors_all if e.i >= tj and e.entity.type == "PERSON"]
            last = next((e for e in reversed(attendees) if _ATTENDED.match(_particle_after(text, e))), None)
            if last is not None:
                actors = [e for e in attendees if e.i <= last.i]
        if not actors and context and _BOTH.search(text[prev_end:next_start]):
            actors = list(context)
        if not actors and trig.roles == "participants":
            # ゼレンスキー大統領は、会談の結果を受けて…首脳たちと協議する考えを示した: the topic
            actors = _nearest_topic(text, actors_all, ti)
        if not actors and trig.roles == "participants" and out:
            # 会談したが、合意には至らなかった: the same parties
            # by name as well as by identifier: a name the dictionary lacks has no identifier
            actors = [e for e in actors_all if any((e.entity.identifier_text or e.entity.text) ==
                                                   (a.identifier_text or a.entity_text) for a in out[-1].actors)]
        place = _place_for(places, text, ti, tj, clause_start, next_start)
        if place is None and trig.event == "ASSAULT":
            # ハルキウをミサイルで攻撃し: the place attacked is where the attack happened
            hit = [p for p in places if prev_end <= p.i < ti and text[p.j:p.j + 1] in ("を", "に")]
            place = hit[-1].entity.identifier_text if hit else None
        own = [e for e in actors if prev_end <= e.i < next_start]
        if trig.event == "MOBILIZE" and place and not own:
            # 北京での軍事パレード: a show of force nobody is named for is the host state's
            host = _state_of(place, gaz)
            if host is not None:
                actors, recipients = [host], []
        date = _date_for(txs, s, ti, place, gaz, prev_end)
        if reference:
            date = place = None  # the meeting already told: the sentence's day and place are another's
        elif backdrop:
            # 首脳会議の直前の8月28日、…日本海で: a day or place written after a meeting referred to
            # is another event's (one written before it, 8月6日にモスクワで行われた…会談後, is its own)
            start = s.starts[ti] if ti < len(s.starts) else s.end
            if not any(t.start < start for t in txs):
                date = None
            if not any(p.i < ti and p.entity.identifier_text == place for p in places):
                place = None
        status = trig.status or statuses[k]
        if status == "happened" and _SCHEDULED_BEFORE.search(text[prev_end:ti]):
            status = "scheduled"
        if trig.event == "CONSULT" and about is not None and _partner_only(text, actors, ti, ents):
            # 習主席との会談で…協議すると述べた: a meeting with one side named, in a clause with no
            # subject of its own, is held by the one the text is about
            actors = [about, *actors]
        group = any("IGO" in (e.entity.code, e.entity.sector) for e in actors)
        if trig.event == "CONSULT" and len(actors) < 2 and not (date or place or definite or group):
            continue  # one named party and nothing to place it: not a meeting we can code (a body of
            # states, G7サミット, is a meeting of its members)
        start, end = s.start, s.end
        category = trig.event
        if trig.single_state_as and actors and len({e.entity.code for e in actors}) == 1:
            category = trig.single_state_as
        if category == "SANCTION" and (_CONDITION.search(text[prev_end:ti]) or _WARNED.match(text[tj:])):
            # 停戦に応じなければ制裁を強化する, 追加制裁を科すと警告した: a sanction on a condition, or
            # one that is warned of, is a threat
            category, status = "THREATEN", "happened"
        mention = EventMention(
            event=category,
            actors=_dedupe([e.entity.as_actor() for e in actors]),
            recipients=_dedupe([e.entity.as_actor() for e in recipients]),
            mode=[trig.mode] if trig.mode else [],
            context=list(dict.fromkeys(([trig.context] if trig.context else [])
                                       + [name for name, rx in cfg.contexts if rx.search(text)])),
            date=date,
            place=place,
            status=status,
            trigger=text[ti:tj],
            start=start,
            end=end,
            sentence=s.index,
            document=doc.content_hash,
        )
        if not mention.actors and not (definite or place or trig.event == "CONSULT"):
            continue
        out.append(mention)
    return out


_NOUN_SUFFIXES = set("者的家派性力機型艇")
_SAID_WHEN = re.compile(r"(?:[0-9]+日|同日|この日|前日|きょう|今日|昨日|あす)(?:(?:午前|午後|夜|未明|朝|夕)[^、。]{0,6})?(?:に)?(?:[、]|(?=[^、。]{6}))")
_SAID_TAIL = re.compile(r"(?:などと|とも|と)?[、 ]*$")
# 米国、EU、日本をはじめとする多くの国々が: the names that lead a group act with it
_LEADING_GROUP = re.compile(r"^(?:をはじめ|を含め|など)(?:とする|とした)?[^、。]{0,12}?(?:が|は)")
# ロシアの金融機関、企業、個人に対する制裁: the state whose bodies a measure targets
_OWNED_TARGET = re.compile(r"^の[^。はが「」]{0,25}?(?:に対する|に対して|に対し|への)")
_UPHELD_OR_BROKEN = re.compile(r"^(?:を(?:破|破棄|無視|守|順守|遵守|履行|反故)|に(?:違反|背)|違反)")
# 米軍基地で: a body that names a site is where, not who
_NAMES_A_SITE = re.compile(r"^(?:基地|施設|駐屯地|司令部|庁舎|本部)(?:で|に|を|の|へ|から)")
_INTENTION = re.compile(r"(?:考え|意向|方針|姿勢|考え方)を")
_PROPOSING = re.compile(r"提案|呼び[掛か]け|求め|要求|要請|打診|提起|検討")
# 会合には、A、B、Cが出席した: those who attend are the meeting's parties
_ATTENDED = re.compile(r"^[^、。]{0,8}(?:が|も)(?:出席|参加|同席|臨ん|集ま)")
_REFERENCE_AFTER = re.compile(
    r"^(?:の(?:成果|内容|結果|後|あと|前|直前|直後|冒頭|席上|場|際|焦点|行方|意義|評価|詳細|中身|ポイント|終了後)"
    r"|を(?:前に|終え|控え|受け|めぐ)|後[、にの]|前[、にの]|に先立|について|に関し|では|に向け)")
_WARNED = re.compile(r"^[^、。]{0,4}?(?:す|する|る)(?:と|こともあり得ると)(?:警告|警鐘|脅|威嚇|示唆|けん制|牽制)")
_CONDITION = re.compile(r"(?:なければ|れば|たら|ならば|なら|場合(?:は|に|には)?)[、]?[^、。]{0,20}$")
# what a meeting is about, not who meets: ウクライナ情勢について, 北朝鮮をめぐり
_ABOUT = re.compile(r"^(?:情勢|問題|危機|侵攻|戦争)?(?:について|をめぐ|に関し|に関する|への|を|で)")
# a clause the trigger takes as its object or as what is said (…ことに抗議, …続けていると非難)
_EMBEDDED = re.compile(r"(?:こと|の|ため|との|という)(?:に|を|で|は|から)(?!よる)|[^、。]{2,}と$")
# パレスチナ自治区ガザ地区北部のガザ市で: a state named inside where something happened
# スペインで行われた協議, トルコ・イスタンブールで, 訪問先のリトアニアで: a state that says where is no party
_LOCATES = re.compile(r"(?:で|において|にて|国内|各地|・[^、。・]{1,12}?(?:で|において|にて|に(?:到着|入)))")
_IN_PLACE_PHRASE = re.compile(r"^(?:自治区|領|州|地区|地域|北部|南部|東部|西部|中部|国内|沿岸|国境)[^、。はが]{0,20}?(?:で|において|にて)")
# 慶州で開かれるAPEC首脳会議: a relative clause before the trigger that schedules it
_SCHEDULED_BEFORE = re.compile(r"(?:開かれる|開催される|行われる|予定の|予定される|予定している)[^、。]{0,25}$")
_TOPIC = re.compile(r"^(?:は|も)(?!じめ|含)")
_SUBJECT = re.compile(r"^が")
_PARTNER = re.compile(r"^(?:と(?:の|は|も)?(?:間で|電話で|会談|協議|会い|会っ|面会)|と(?![のはも])[^、。]{0,12}?(?:会談|協議|会い|会っ|面会|電話))")
# the trigger ends the sentence: only auxiliaries and endings follow it
_MAIN_PREDICATE = re.compile(r"^[^、。,「」]{0,14}?(?:た|る|だ|ます|です|ない|ず)?[」』)]*。?$")
_NOT_AN_EVENT = re.compile(r"侵攻|戦争|紛争|危機|以来|以降")
_HEADS_CLAUSE = re.compile(r"^(?:する|した|して)?(?:は|が|の|を|も|では|には|とは)")
_PARTIES = re.compile(r"(\d|[二三四五六])(?:者|カ国|か国)")


def _is_agent(text: str, e: _Ent) -> bool:
    """Whether a name before a trigger can be its agent: not one acted upon (ロシアへの), not where
    it happens (ガザ地区北部で), not the owner of a target (ロシアの金融機関に対する) — except the
    names leading a group that acts (日本をはじめとする国々が)."""
    after = _particle_after(text, e)
    if _IN_PLACE_PHRASE.match(text[e.j:]) or _OWNED_TARGET.match(after):
        return False
    return bool(_LEADING_GROUP.match(after)) or not _TARGET_PARTICLE.match(after)


def _complete_meeting(actors: list[_Ent], context: list[_Ent], trigger: str) -> list[_Ent]:
    """A meeting needs its parties: a lone leader meets the one they were last reported
    meeting, and a three-party meeting (3者会談) adds the two already meeting."""
    m = _PARTIES.search(trigger)
    wanted = int(m.group(1)) if m and m.group(1).isdigit() else "__二三四五六".find(m.group(1)) if m else 2
    persons = [e for e in actors if e.entity.type == "PERSON"]
    ids = {e.entity.identifier_text for e in actors}
    if m and len(actors) < wanted or (len(persons) == 1 and len(actors) == 1 and persons[0].entity.identifier_text in
                                      {c.entity.identifier_text for c in context}):
        return actors + [c for c in context if c.entity.identifier_text not in ids]
    return actors


def _state_of(place: str, gaz: Gazetteer) -> _Ent | None:
    """The state a place lies in, as an actor."""
    entry = gaz.entries.get(place)
    state = gaz.state(entry.code if entry else None)
    if state is None:
        return None
    ent = Entity(state.id, 0, 0, "COUNTRY", state.id, state.code, None, None, "rule")
    return _Ent(-1, -1, state, ent, True)


def _nearest_topic(text: str, ents: list[_Ent], ti: int) -> list[_Ent]:
    """The topic (Xは) nearest before position ``ti``, with the names coordinated with it (AとBは):
    a later topic starts a new clause (…と発表し、中国商務省は…と警告した)."""
    topics = [e for e in ents if e.i < ti and _TOPIC.match(_particle_after(text, e))]
    if not topics:
        return []
    out = [topics[-1]]
    for e in reversed([e for e in ents if e.j <= out[0].i]):
        # AとBは, ウクライナのゼレンスキー大統領は: the names that stand with the topic
        if re.fullmatch(r"(?:と|、|・|及び|および|の)", text[e.j:out[0].i]) or _TITLE.fullmatch(text[e.j:out[0].i]):
            out.insert(0, e)
        else:
            break
    return out


def _speaker_phrase(text: str, ents: list[_Ent], speaker: ActorRef) -> list[ActorRef]:
    """The speaker and the bodies named as theirs just before them (Xの報道官)."""
    out = [speaker]
    head = next((e for e in ents if e.entity.as_actor() == speaker), None)
    if head is None:
        return out
    for e in reversed([e for e in ents if e.j <= head.i]):
        if re.fullmatch(r"の[^、。はが]{0,6}", text[e.j:head.i]) or text[e.j:head.i] == "":
            out.append(e.entity.as_actor())
            head = e
        else:
            break
    return out


def _within(s: Sentence, m: EventMention, st: Statement) -> bool:
    """Whether the trigger of ``m`` lies inside what ``st`` reports."""
    i = s.text.find(m.trigger)
    if i < 0:
        return False
    a, _ = s.span(i, i + len(m.trigger))
    return st.start <= a < st.end and st.text != s.text


def _dedupe(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        key = a.identifier_text or a.entity_text
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _place_for(places: list[_Ent], text: str, ti: int, tj: int, lo: int, hi: int) -> str | None:
    cands = [p for p in places if lo <= p.i < hi and _PLACE_PARTICLE.match(re.sub(r"^(?:D\.?C\.?)", "", text[p.j:]))]
    if not cands:
        return None
    before = [p for p in cands if p.i < ti]
    best = before[-1] if before else cands[0]
    return best.entity.identifier_text


def _date_for(txs: list[TimeExpression], s: Sentence, ti: int, place: str | None,
              gaz: Gazetteer, prev_end: int = 0) -> str | None:
    """The event's date, local to where it happened: the time expression nearest before the
    trigger in its sentence, else the first after it. A time given in Japan time becomes the
    local date when both the clock time and the place (with its time zone) are known;
    otherwise the local date is open."""
    if not txs:
        return None
    start = s.starts[ti] if ti < len(s.starts) else s.end
    before = [t for t in txs if t.start < start]
    t = before[-1] if before else txs[0]
    # 8月31日〜9月3日の天津での首脳会合: an event over several days is dated by its first; what the
    # text lists after it (並びに…軍事パレード) keeps the range's last day
    if (len(before) >= 2 and _local(s, t.end) >= prev_end
            and re.fullmatch(r"\s*[〜～~\-－]\s*", s.text[_local(s, before[-2].end):_local(s, t.start)])):
        t = before[-2]
    if t.value is None:
        return None
    if "日本時間" not in t.text and "JST" not in t.text:
        return t.value[:10]
    zone = local_zone(place, gaz) if place else None
    if zone is None or "T" not in t.value:
        return None
    jst = datetime.fromisoformat(t.value).replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    return jst.astimezone(ZoneInfo(zone)).date().isoformat()


def _local(s: Sentence, offset: int) -> int:
    """The position in the sentence's text of an offset in the original document."""
    return next((k for k, a in enumerate(s.starts) if a >= offset), len(s.text))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return yaml.safe_load(TIMEZONES_FILE.read_text(encoding="utf-8")) or {}


def local_zone(place: str, gaz: Gazetteer) -> str | None:
    """The IANA time zone of a place, or of the nearest containing place that has one."""
    zones = _zones()
    seen = set()
    while place and place not in seen:
        seen.add(place)
        if place in zones:
            return zones[place]
        entry = gaz.entries.get(place)
        place = entry.parent if entry else None
    return None


def _status(window: str, cfg: _Config) -> str:
    window = window[:40]
    if cfg.negated.search(window):
        return "negated"
    if cfg.hypothetical.search(window):
        return "hypothetical"
    if cfg.scheduled.search(window):
        return "scheduled"
    return "happened"
