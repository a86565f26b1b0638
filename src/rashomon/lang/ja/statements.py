"""Japanese statements: speakers of quotations and reported speech, from the phrase structure around them."""

from __future__ import annotations

import re

from ...provenance import Outlet
from ...records import Entity, Sentence, Statement, TimeExpression
from .entities import _Ent, _particle_after
from .lexicon import (
    _AGENT_PARTICLE,
    _BOTH,
    _CONDITIONAL,
    _QUOTE,
    _SAID_TAIL,
    _SAID_WHEN,
    _TITLE,
    _TOPIC,
    config,
)

_DEMONSTRATIVE_TOPIC = re.compile(r"^(?:これ|それ|あれ|この|その|こうした|そうした)[^、。]{0,6}?(?:は|が)")


_ACCORDING_TO = re.compile(r"(?:によると|によれば)[、,]?")


# what may follow a speech verb that ends the sentence or its last clause
_ENDS_CLAUSE = re.compile(
    r"(?:た|る|て(?:い|お)(?:る|た|ます|ました)|ます|ました|ている|ていた|"
    r"(?:し|した|して)?)?(?:という|ということ|とのこと)?(?:です|だ)?[。]?$|[、]"
)


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
        if e.j > pos or not e.actor or _CONDITIONAL.search(text, e.j, pos):
            continue
        rank = _subject_rank(text, e)
        if rank is None:
            continue
        key = (rank, e.entity.type != "PERSON", -e.i)
        if best is None or key < best:
            best, speaker = key, e
    return speaker


def _outlet_speakers(
    s: Sentence, text: str, quoted: list[tuple[int, int]], outlets: list[tuple[int, int, Outlet]]
) -> list[_Ent]:
    out = []
    for a, b, o in outlets:
        if any(x < a < y for x, y in quoted):
            continue
        start, end = s.span(a, b)
        ent = Entity(text[a:b], start, end, "ORG", o.id, o.country, "MED", s.index, "outlet")
        out.append(_Ent(a, b, None, ent, True))
    return out


def _statements(
    s: Sentence,
    ents: list[_Ent],
    txs: list[TimeExpression],
    topic: _Ent | None,
    context: list[_Ent] = (),
    outlets: list[tuple[int, int, Outlet]] = (),
) -> list[Statement]:
    """Who says what in one sentence. ``topic`` is who the text was last about: a sentence that
    names no subject (「…」と述べた。…と説明している) goes on speaking of them."""
    cfg = config()
    text = s.text
    out: list[Statement] = []
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    # a day named inside a quotation (「本日は…」) is what is said, not the day it was said
    inside = [s.span(a, b) for a, b in quoted]
    date = next((t.value[:10] for t in txs if t.value and not any(a <= t.start < b for a, b in inside)), None)
    # a name inside a quotation is what was said about, not who said it; an outlet that
    # reports ("ニューヨーク・タイムズは「…」と報じた") speaks for itself
    ents = [e for e in ents if not any(a < e.i < b for a, b in quoted)] + _outlet_speakers(
        s, text, quoted, list(outlets)
    )
    ents.sort(key=lambda e: e.i)
    for m in _QUOTE_THEN_VERB.finditer(text):
        after = text[m.end("q") : m.end("q") + 40]
        verb = cfg.speech.search(after)
        if not verb:
            continue
        speaker = _speaker_before(ents, m.start(), text)
        # 「…」とトランプ大統領は述べた: the speaker stands between quotation and verb
        # (but 「…」として、プーチン氏との会談を中止したと発表した: a name marked otherwise is no speaker)
        between = [
            e
            for e in ents
            if m.end() <= e.i < m.end() + verb.start() and e.actor and _subject_rank(text, e) is not None
        ]
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
        said_on = _said_on(txs, s, ents, speaker, m.start()) or date
        out.append(Statement(speaker.entity.as_actor(), q[1:-1], a, b, said_on, verb.group(0), s.index))
    # "Xが述べたように、「…」" and reported speech "Xは…を強調した"
    # "これは、…ことを示唆している": the sentence speaks of a fact, not of what someone said
    if not out and not _DEMONSTRATIVE_TOPIC.match(text):
        verb = cfg.speech.search(text)
        if verb:
            speaker = _speaker_before(ents, verb.start(), text)
            if (
                speaker is None
                and _subjectless(text, ents, verb.start())
                and _ENDS_CLAUSE.match(text, verb.end())
            ):
                speaker = topic
            # reported speech without a quotation is a person's, or a state's or body's that is
            # the topic of the sentence's own predicate (イランは…阻止すると述べた); "ロシアが主張する
            # 領有権" is a claim, not a statement
            if speaker is not None and (
                speaker.entity.type == "PERSON"
                or speaker.entity.source == "outlet"
                or _subject_rank(text, speaker) == 0
                and _ENDS_CLAUSE.match(text, verb.end())
            ):
                quote = _QUOTE.search(text, verb.end())
                said_at = verb.start()
                if quote and quote.start() - verb.end() < 12:
                    a, b = s.span(quote.start() + 1, quote.end() - 1)
                    said = quote.group(0)[1:-1]
                else:
                    # a speaker carried over from an earlier sentence says the whole clause
                    lo = len(text) - len(_particle_after(text, speaker)) if speaker in ents else 0
                    lo += len(text[lo : verb.start()]) - len(text[lo : verb.start()].lstrip("はがも、 "))
                    # 16日、…: the day it was said is not part of what was said
                    when = _SAID_WHEN.match(text, lo)
                    said_at = when.end() if when else said_at
                    lo = when.end() if when else lo
                    # 4日のテレビ演説で、: the occasion it was said on is not part of it either
                    occasion = _OCCASION.match(text, lo) if when else None
                    lo = occasion.end() if occasion else lo
                    # …決まっていないと記者団に語った: the quotative と closes what was said
                    hi = lo + len(_SAID_TAIL.sub("", text[lo : verb.start()]))
                    rest = text[lo:hi]
                    # what was said: the clause before the verb, or the sentence when it is not given
                    if len(rest) >= 6:
                        a, b = s.span(lo, hi)
                        said = rest
                    else:
                        a, b, said = s.start, s.end, text
                if said:
                    # the day written right after the speaker, not a later one inside what was said
                    # (…は4日、次の会合は9日に開くと述べた)
                    said_on = _said_on(txs, s, ents, speaker, said_at) or date
                    out.append(Statement(speaker.entity.as_actor(), said, a, b, said_on, verb.group(0), s.index))
    # 防衛省によると、…: what follows is the source's account
    for m in _ACCORDING_TO.finditer(text):
        # the name right before it, titles aside (ペスコフ報道官によると)
        source = next(
            (e for e in reversed(ents) if e.j <= m.start() and _TITLE.fullmatch(text[e.j : m.start()])), None
        )
        if source is None or any(st.speaker == source.entity.as_actor() for st in out):
            continue
        end = m.end() + len(text[m.end() :].rstrip().rstrip("。"))  # the full stop is not said
        rest = text[m.end() : end]
        if len(rest.strip()) >= 6:
            a, b = s.span(m.end(), end)
            out.append(Statement(source.entity.as_actor(), rest, a, b, date, "によると", s.index))
    out = _with_coordinated_speakers(out, text, ents)
    # a press conference is a statement by everyone who gives it (両首脳: the two just meeting)
    if cfg.press.search(text):
        people = [e for e in ents if e.entity.type == "PERSON"] or (
            list(context) if _BOTH.search(text) else []
        )
        for e in people:
            if (
                e.entity.type == "PERSON"
                and e.entity.identifier_text
                and not any(st.speaker.identifier_text == e.entity.identifier_text for st in out)
            ):
                out.append(Statement(e.entity.as_actor(), text, s.start, s.end, date, "記者会見", s.index))
    return out


_OCCASION = re.compile(r"の[^、。「」]{1,10}?(?:で|において)[、]?")


def _said_on(txs: list[TimeExpression], s: Sentence, ents: list[_Ent], speaker: _Ent, pos: int) -> str | None:
    """The day written between the speaker and what they say (プーチン大統領は23日、「…」と): a day
    earlier in the sentence (the date line, …を決定したことを受けて) belongs to something else."""
    if not any(e is speaker for e in ents) or not 0 <= speaker.i < len(s.starts):
        return None  # a speaker carried over from an earlier sentence
    lo = s.starts[speaker.i]
    hi = s.starts[pos] if pos < len(s.starts) else s.end
    days = [t.value[:10] for t in txs if t.value and lo <= t.start < hi]
    return days[-1] if days else None


def _caption_speaker(text: str, ents: list[_Ent]) -> _Ent | None:
    """The person a caption line consists of: a name, its titles and a parenthesised day."""
    people = [e for e in ents if e.entity.type == "PERSON" and e.entity.identifier_text]
    if len(people) != 1:
        return None
    e = people[0]
    rest = _particle_after(text, e)
    return e if _CAPTION_REST.fullmatch(text[: e.i] + rest) else None


_CAPTION_REST = re.compile(r"[^\s、。「」()（）]{0,8}?\s*(?:[(（][^()（）]{0,20}[)）])?\s*")


def _subjectless(text: str, ents: list[_Ent], pos: int, lo: int = 0) -> bool:
    """Whether the clause before ``pos`` (from ``lo``) names no subject of its own: no name,
    pronoun or other noun marked with は/が outside quotations."""
    head = _QUOTE.sub("", text[lo:pos])
    if re.search(r"(?:彼|同氏|彼女|同大統領|同首相)(?:は|が)", head):
        return True
    # (a subject inside a clause of condition, …が攻撃された場合、, is that clause's own)
    head = head[_last_condition(head) :]
    return not re.search(r"[^、。]{1,3}(?:は|が)[、]?", head) and not any(
        lo <= e.i
        and e.j <= pos
        and _subject_rank(text, e) is not None
        and not _CONDITIONAL.search(text, e.j, pos)
        for e in ents
    )


def _last_condition(text: str) -> int:
    ends = [m.end() for m in _CONDITIONAL.finditer(text)]
    return ends[-1] if ends else 0


def _with_coordinated_speakers(statements: list[Statement], text: str, ents: list[_Ent]) -> list[Statement]:
    """マクロン大統領とメルツ首相は「…」と強調した: each of the names that stand together says it."""
    out: list[Statement] = []
    for st in statements:
        out.append(st)
        head = next((e for e in ents if e.entity.as_actor() == st.speaker), None)
        if head is None:
            continue
        for e in reversed([e for e in ents if e.j <= head.i and e.actor]):
            between = text[e.j : head.i]
            between = between[_TITLE.match(between).end() :]
            if not re.fullmatch(r"(?:と|、|・|や|及び|および)", between):
                break
            if e.entity.type == head.entity.type:
                out.insert(
                    len(out) - 1,
                    Statement(e.entity.as_actor(), st.text, st.start, st.end, st.date, st.verb, st.sentence),
                )
            head = e
    return out
