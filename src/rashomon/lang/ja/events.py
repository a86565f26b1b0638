"""Japanese event coding: triggers, their arguments by case particle, status, date and place."""

from __future__ import annotations

import re

from ...gazetteer import Gazetteer
from ...records import ActorRef, Document, Entity, EventMention, Sentence, Statement, TimeExpression
from .entities import _dedupe, _Ent, _particle_after
from .lexicon import (
    _BOTH,
    _CHAINED,
    _CLAUSE_END,
    _CONDITIONAL,
    _COORDINATED,
    _DEFINITE,
    _PLACE_PARTICLE,
    _QUOTE,
    _TARGET_PARTICLE,
    _TITLE,
    _TOPIC,
    Trigger,
    _Config,
    config,
)
from .statements import _RELATIVE_HEAD, _subjectless
from .time import _date_for


def _attendees(text: str, ents: list[_Ent], verbs: re.Pattern) -> list[_Ent]:
    """People a sentence says attend a gathering: named before an attendance verb in its clause
    (…首相らも到着し, …首相が出迎えた), or the head its clause describes (会場に現れた石破首相)."""
    people = _named_people(text, ents)
    out: list[_Ent] = []
    lo = 0
    for v in verbs.finditer(text):
        if _NEGATED_AFTER.match(text, v.end()):
            lo = v.end()
            continue
        out += [e for e in people if lo <= e.i < v.start() and _present(text, e)]
        out += _described(text, people, _RELATIVE_HEAD.match(text, v.end()))
        lo = v.end()
    return out


def _named_people(text: str, ents: list[_Ent]) -> list[_Ent]:
    """The people a sentence names with a canonical name, outside quotations."""
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    return [
        e
        for e in ents
        if e.entity.type == "PERSON" and e.entity.identifier_text and not any(a < e.i < b for a, b in quoted)
    ]


def _present(text: str, e: _Ent) -> bool:
    """Whether a person named at a gathering is there: not marked as whose, where, to or from
    (…の, …に, …を, …で, …へ, …から), except one listed with others (習主席のほか)."""
    after = _particle_after(text, e)
    return after.startswith(("のほか", "をはじめ")) or not after.startswith(("の", "に", "を", "で", "へ", "から"))


def _described(text: str, people: list[_Ent], head: re.Match | None) -> list[_Ent]:
    """The people a relative clause runs into (式典に姿を見せた首相と外相): the head at the
    clause's end and those coordinated right after it."""
    if head is None:
        return []
    return [
        e
        for e in people
        if e.i == head.end()
        or (
            e.i > head.end()
            and re.fullmatch(r"(?:と|、|・)[^、。]{0,6}", text[head.end() : e.i])
            and e.i - head.end() < 16
        )
    ]


# a verb negated right after its stem (署名しない, 会談せず, 合意しなかった)
_NOT_DONE = re.compile(r"(?:し|せ|でき)(?:ない|ず|なかっ|ません)")


_NEGATED_AFTER = re.compile(r"(?:し|せ)?(?:ない|ず|なかっ|ません|見送)")


def _partner_only(text: str, actors: list[_Ent], ti: int, ents: list[_Ent]) -> bool:
    """Whether a meeting's named parties end with its partner (Xとの会談, 韓国で予定される習主席との
    会談), none of them its subject, in a clause that names no subject."""
    before = [e for e in actors if e.i < ti]
    return (
        bool(before)
        and len(before) == len(actors)
        and _PARTNER_OF.match(_particle_after(text, before[-1])) is not None
        and not any(_SUBJECT_OR_TOPIC.match(_particle_after(text, e)) for e in before)
        and _subjectless(text, ents, ti)
    )


def _partnered(text: str, ents: list[_Ent], m: EventMention, parties: list[ActorRef]) -> bool:
    """Whether the meeting's trigger has one of ``parties`` as its partner (習主席と電話会談,
    カナダとの首脳会談): marked with と and no other name between it and the trigger (unlike
    プーチン氏とトランプ氏の会談, where both are named for the meeting)."""
    ti = text.find(m.trigger)
    if ti < 0:
        return False
    for e in ents:
        if e.j <= ti and e.entity.as_actor() in parties and _PARTNER_OF.match(_particle_after(text, e)):
            if not any(e.j <= o.i < ti for o in ents if o.actor):
                return True
    return False


_SUBJECT_OR_TOPIC = re.compile(r"^(?:は|が|も)")


_PARTNER_OF = re.compile(r"^(?:との|と(?![のはも]))")


def _with_attendees(
    events: list[EventMention],
    attendees: list[_Ent],
    heads: list[_Ent],
    states: set[tuple[str | None, str | None]],
) -> None:
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


_SCARE_QUOTE = re.compile(r"[「『“][^、。,.!?！？\s]{1,8}[」』”]")


def _triggers(text: str) -> list[tuple[int, int, Trigger]]:
    masked = text
    for q in _QUOTE.finditer(text):
        if _SCARE_QUOTE.fullmatch(q.group(0)):
            continue  # 会談を「キャンセルした」: a word in quotation marks is still the sentence's own
        masked = masked[: q.start()] + "\u3000" * (q.end() - q.start()) + masked[q.end() :]
    found = []
    for t in config().triggers:
        for m in t.pattern.finditer(masked):
            # 批判者, 支持者, 攻撃力: a person or a quality, not the act
            if (
                m.end() > m.start()
                and masked[m.end() : m.end() + 1] not in _NOUN_SUFFIXES
                and not masked.startswith(_NOUN_HEADS, m.end())
            ):
                found.append((m.start(), m.end(), t))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, Trigger]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def _statuses(text: str, triggers: list[tuple[int, int, Trigger]], cfg: _Config) -> list[str]:
    """Each trigger's status from the cues of its own clause. A trigger joined to the next by a
    bare particle (制裁の解除で合意する) is part of that trigger's clause and shares its status."""
    out: list[str] = [""] * len(triggers)
    for k in range(len(triggers) - 1, -1, -1):
        tj = triggers[k][1]
        nxt = triggers[k + 1][0] if k + 1 < len(triggers) else len(text)
        gap = text[tj:nxt]
        if _NOT_DONE.match(text, tj):
            out[k] = "negated"  # 署名しない方針だ, 会談せず: the verb itself is negated
            continue
        if k + 1 < len(triggers) and (
            len(gap) <= 2 and not _CLAUSE_END.search(gap) or _COORDINATED.match(gap)
        ):
            # ブダペストでの会談を提案した: what is proposed or called for has not happened
            nxt_word = text[triggers[k + 1][0] : triggers[k + 1][1]]
            out[k] = "hypothetical" if _PROPOSING.match(nxt_word) and out[k + 1] != "negated" else out[k + 1]
            continue
        end = _CLAUSE_END.search(text, tj)
        window = text[tj : min(nxt, end.start() if end else len(text))] if nxt > tj else ""
        clause = text[tj : end.end() if end else len(text)]
        out[k] = _status(window if window.strip() else clause, cfg)
        # ワシントンを訪れ、トランプ氏と会談する予定だ: a clause chained in the て-form shares the
        # tense of the one it runs into
        if out[k] == "happened" and k + 1 < len(triggers) and _CHAINED.match(gap) and out[k + 1] != "negated":
            out[k] = out[k + 1]
    return out


def _events(
    s: Sentence,
    ents: list[_Ent],
    txs: list[TimeExpression],
    doc: Document,
    gaz: Gazetteer,
    context: list[_Ent] | None = None,
    about: _Ent | None = None,
    last_meeting: list[ActorRef] = (),
) -> list[EventMention]:
    """The event mentions of one sentence. ``context`` holds the people of the last meeting told
    with two named leaders, ``about`` who the text is about, ``last_meeting`` the parties of the
    last meeting told (両国, 双方 and a bare 合意した go back to them)."""
    text = s.text
    cfg = config()
    triggers = _triggers(text)
    statuses = _statuses(text, triggers, cfg)
    out: list[EventMention] = []
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    # names inside a quotation are what was said, not who acted; 対日, 対ロ name a target
    actors_all = [
        e
        for e in ents
        if e.actor
        and not any(a < e.i < b for a, b in quoted)
        and not (e.i and text[e.i - 1] == "対")
        and not _NAMES_A_SITE.match(text[e.j :])
        and not (e.entity.type in ("COUNTRY", "OTHER") and _LOCATES.match(text, e.j))
    ]
    # トランプ政権は: an administration named by its leader acts as the state
    actors_all = [_administration(e, gaz) if _GOVERNMENT_OF.match(text, e.j) else e for e in actors_all]
    # a place the dictionary does not know has no canonical name to record
    places = [
        e
        for e in ents
        if e.entity.identifier_text
        and (e.entity.type == "LOCATION" or e.entity.type == "OTHER" and not e.actor)
    ]
    for k, (ti, tj, trig) in enumerate(triggers):
        if _UPHELD_OR_BROKEN.match(text[tj:]):
            continue  # 停戦合意を破った: the agreement is what was broken, not an act of agreeing
        if trig.event == "SANCTION" and _DISCUSSED.match(text, tj):
            continue  # 追加関税や輸出規制などを巡り協議: what talks are about is not imposed
        if trig.event == "AGREE" and (
            _AGREED_TO_MEET.search(text, max(0, ti - 12), ti) or _MEETING_AGREED.match(text, tj)
        ):
            continue  # 会談することで合意した: agreeing to meet is the meeting's arrangement, not an accord
        if trig.event == "AGREE" and _AGREEMENT_REFERRED.match(text[tj:]):
            continue  # 合意の履行を訴えた, 合意を受けて: an agreement already made, referred to
        prev_end = clause_start = triggers[k - 1][1] if k else 0
        # a war or a crisis named before the trigger closes the span its actors come from (not
        # the span of its place: …イスタンブールで、ウクライナ侵攻を巡る…交渉を行った)
        for b in _NOT_AN_EVENT.finditer(text, prev_end, ti):
            prev_end = b.end()
        next_start = triggers[k + 1][0] if k + 1 < len(triggers) else len(text)
        definite = bool(_DEFINITE.search(text[max(0, ti - 4) : ti]))
        named = [e for e in actors_all if prev_end <= e.i < ti]
        backdrop = trig.event == "CONSULT" and bool(_REFERENCE_AFTER.match(text[tj:]))
        reference = (
            backdrop
            and bool(context)
            and (not named or _TOPIC.match(_particle_after(text, named[-1])) is not None)
        )
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
            partners = _with_coordinated(text, actors_all, partners)
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
            before = [e for e in before if not _CONDITIONAL.search(text, e.j, ti)]
            actors = [e for e in before if _is_agent(text, e)]
            recipients = [e for e in before if e not in actors]
            # 対ロシア制裁: the state named after 対 is the one acted against
            recipients += [
                e
                for e in ents
                if e.actor and prev_end <= e.i < ti and e.i and text[e.i - 1] == "対" and e not in recipients
            ]
            topic = _nearest_topic(text, actors_all, ti)
            # 日本が支援を決めたことに抗議し: the subject of a clause the trigger takes as its object
            # is not the trigger's agent
            embedded = [e for e in actors if e not in topic and _EMBEDDED.search(text[e.j : ti])]
            if embedded and topic:
                actors = [e for e in actors if e not in embedded] or topic
                recipients = recipients + embedded
            # ロシア政府は、日本がウクライナへの支援を決めたことに…: inside that clause the agent is
            # its own subject (Xが), not the sentence's topic
            subjects = [e for e in actors if e not in topic and _SUBJECT.match(_particle_after(text, e))]
            if subjects and topic and not _MAIN_PREDICATE.match(text[tj:]):
                actors = [e for e in actors if e not in topic]
            # Xは…を求めてきたが、Yが応じてこなかった: a subject after a clause that ends in が、
            # or ものの、 is the subject of a main clause of its own
            turned = [
                e
                for e in actors
                if topic
                and e.i > topic[-1].i
                and _SUBJECT.match(_particle_after(text, e))
                and _ADVERSATIVE.search(text, topic[-1].j, e.i)
            ]
            if turned:
                recipients = recipients + [e for e in actors if e not in turned]
                actors = turned
            elif topic and _MAIN_PREDICATE.match(text[tj:]):
                # the sentence's own predicate: its agent is the topic (Xは), not the subject of a
                # clause inside it (トランプ氏は、ロシアが応じなければ…と警告した)
                others = [e for e in actors if e not in topic and e.i > topic[-1].i]
                actors, recipients = topic, recipients + others
            if not actors and not _HEADS_CLAUSE.match(text[tj:]):
                # the agent named after the trigger, not a party it is done to (ウクライナへの支援)
                actors = [
                    e
                    for e in actors_all
                    if tj <= e.i < next_start and not _TARGET_PARTICLE.match(_particle_after(text, e))
                ][:1]
        if not actors and trig.event == "CONSULT":
            attendees = [e for e in actors_all if e.i >= tj and e.entity.type == "PERSON"]
            last = next((e for e in reversed(attendees) if _ATTENDED.match(_particle_after(text, e))), None)
            if last is not None:
                actors = [e for e in attendees if e.i <= last.i]
        if not actors and trig.roles != "participants":
            # 首相は…、大統領と約束していた北京訪問の延期を発表
            # した: a nominal act in the topic's own clause, its span naming no agent, is the topic's
            actors = [e for e in _nearest_topic(text, actors_all, ti) if e not in recipients]
            if not actors and about is not None and _subjectless(text, ents, ti):
                # また、…場合、「…」と警告した: a clause with no subject of its own goes on with
                # the one the text is about
                actors = [about]
        if not actors and context and _BOTH.search(text[prev_end:next_start]):
            actors = list(context)
        if not actors and trig.roles == "participants":
            # 外相は、協議の結果を踏まえて…各国と調整する考えを示した: the topic
            actors = _nearest_topic(text, actors_all, ti)
        if not actors and trig.roles == "participants" and out:
            # 会談したが、合意には至らなかった: the same parties
            # by name as well as by identifier: a name the dictionary lacks has no identifier
            actors = [
                e
                for e in actors_all
                if any(
                    (e.entity.identifier_text or e.entity.text) == (a.identifier_text or a.entity_text)
                    for a in out[-1].actors
                )
            ]
        if trig.event == "CONSULT":
            actors = _meeting_parties(text, actors, actors_all, ti, tj, trig)
        place = _place_for(places, text, ti, tj, clause_start, next_start)
        if place is None and trig.event == "ASSAULT":
            # ハルキウをミサイルで攻撃し: the place attacked is where the attack happened
            hit = [p for p in places if prev_end <= p.i < ti and text[p.j : p.j + 1] in ("を", "に")]
            place = hit[-1].entity.identifier_text if hit else None
        own = [e for e in actors if prev_end <= e.i < ti]
        if trig.event == "MOBILIZE" and place and not own:
            # 北京での軍事パレード: a show of force nobody is named for is the host state's
            host = _state_of(place, gaz)
            if host is not None:
                actors, recipients = [host], []
        date = _date_for(txs, s, ti, place, gaz, prev_end)
        if date and _day_is_anothers(text, s, txs, ti, tj, actors_all):
            date = None
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
        # a person placed and dated (…に到着) is at the meeting the text reports; a lone state
        # (トルコで…協議), or a state with its own people (米国のトランプ大統領), meets no one
        placed = bool(date or place) and (not actors or any(e.entity.type == "PERSON" for e in actors))
        mediator = trig.mode == "third-party"  # 仲介した第三国: joins the talks it mediates
        # 次回の直接交渉, 再び協議を行う: the next round of talks already told, by their parties
        # (not in a quotation: 「次回も話し合う」 is what a speaker says, not the text's account)
        again = trig.event == "CONSULT" and len(_sides(actors)) < 2 and bool(last_meeting) and bool(
            _NEXT_ROUND.search(text, max(0, ti - 8), ti)
        ) and not any(a < ti < b for a, b in quoted)
        if again and status == "happened":
            status = "scheduled"
        if trig.event == "CONSULT" and len(_sides(actors)) < 2 and not (definite or group or placed or mediator or again):
            continue  # a body of states (G7サミット) meets as its members
        start, end = s.start, s.end
        category = trig.event
        if trig.single_state_as and actors and len({e.entity.code for e in actors}) == 1:
            category = trig.single_state_as
        if category == "AGREE" and _NOT_DONE.match(text, tj) and len(_sides(actors)) == 1:
            # 共同声明に署名しない方針だ: one side that will not sign refuses
            category, status = "REJECT", "happened"
        if category == "SANCTION" and (_CONDITION.search(text[prev_end:ti]) or _WARNED.match(text[tj:])):
            # 停戦に応じなければ制裁を強化する, 追加制裁を科すと警告した: a sanction on a condition, or
            # one that is warned of, is a threat
            category, status = "THREATEN", "happened"
        mention = EventMention(
            event=category,
            actors=_dedupe([e.entity.as_actor() for e in actors]),
            recipients=_dedupe([e.entity.as_actor() for e in recipients]),
            mode=[trig.mode] if trig.mode else [],
            context=list(
                dict.fromkeys(
                    ([trig.context] if trig.context else [])
                    + [name for name, rx in cfg.contexts if rx.search(text)]
                )
            ),
            date=date,
            place=place,
            status=status,
            trigger=text[ti:tj],
            start=start,
            end=end,
            sentence=s.index,
            document=doc.content_hash,
        )
        if again:
            mention.actors = list(last_meeting)
        if not mention.actors and trig.roles == "participants" and trig.event != "CONSULT":
            mention.actors = _parties_told(text, ti, tj, ents, out, last_meeting)
        if not mention.actors and not (definite or place or trig.event == "CONSULT"):
            continue
        out.append(mention)
    return out


_NOUN_SUFFIXES = set("者的家派性力機型艇")


# サミット会場, 会談場所: a word that makes the trigger name a place or a time
_NOUN_HEADS = ("会場", "場所", "開催地")


_GOVERNMENT_OF = re.compile(r"(?:米|露|ロ|中|英|仏|独|韓|朝)?政権(?!下|時代|期|内)")


def _administration(e: _Ent, gaz: Gazetteer) -> _Ent:
    """The state whose administration a leader's name stands for (トランプ政権), where it is known."""
    state = gaz.state(e.entity.code) if e.entity.type == "PERSON" else None
    if state is None:
        return e
    ent = Entity(e.entity.text, e.entity.start, e.entity.end, "COUNTRY", state.id, state.code, None,
                 e.entity.sentence, "rule")
    return _Ent(e.i, e.j, state, ent, True)


# 追加関税や輸出規制などを巡り, 関税措置について: the measure is what is talked about
_DISCUSSED = re.compile(r"(?:[^。「」]{0,30}?など)?(?:について|をめぐ|を巡|に関し|に関する|の(?:延期|撤廃|緩和|回避|是非))")


# 合意していたハンガリーでの首脳会談: the meeting agreed on
_MEETING_AGREED = re.compile(r"し(?:てい)?た[^、。]{0,12}?(?:首脳)?(?:会談|会合|協議)")


# 会談することで合意, 協議を継続することで一致: an agreement to meet
_AGREED_TO_MEET = re.compile(r"(?:会談|協議|会合|交渉|対話)(?:を(?:行う|継続する|続ける|開く|再開する)|する)ことで$")


# 米国、EU、日本をはじめとする多くの国々が: the names that lead a group act with it
_LEADING_GROUP = re.compile(r"^(?:をはじめ|を含め|など)(?:とする|とした)?[^、。]{0,12}?(?:が|は)")


# イランの銀行や海運会社に対する制裁: the state whose bodies a measure targets
_OWNED_TARGET = re.compile(r"^の[^。はが「」]{0,25}?(?:に対する|に対して|に対し|への)")


# an agreement named as a thing (its implementation, what it says, what follows from it)
_AGREEMENT_REFERRED = re.compile(
    r"^[」』]?(?:の(?:履行|実施|内容|順守|遵守|着実|下|もと)|について|を受け|に基づ|に沿|に(?:[^、。]{0,4})?加わ|への|を(?:歓迎|評価|称賛))"
)


_UPHELD_OR_BROKEN = re.compile(r"^(?:を(?:破|破棄|無視|守|順守|遵守|履行|反故)|に(?:違反|背)|違反)")


# 米軍基地で: a body that names a site is where, not who
_NAMES_A_SITE = re.compile(r"^(?:基地|施設|駐屯地|司令部|庁舎|本部)(?:で|に|を|の|へ|から)")


_INTENTION = re.compile(r"(?:考え|意向|方針|姿勢|考え方)を")


_PROPOSING = re.compile(r"提案|呼び[掛か]け|求め|要求|要請|打診|提起|検討")


# 会合には、A、B、Cが出席した: those who attend are the meeting's parties
_ATTENDED = re.compile(r"^[^、。]{0,8}(?:が|も)(?:出席|参加|同席|臨ん|集ま)")


_REFERENCE_AFTER = re.compile(
    r"^(?:の(?:成果|内容|結果|後|あと|前|直前|直後|冒頭|席上|場|際|焦点|行方|意義|評価|詳細|中身|ポイント|終了後)"
    r"|を(?:前に|終え|控え|受け|めぐ)|後[、にの]|前[、にの]|に先立|について|に関し|では|に向け)"
)


_WARNED = re.compile(
    r"^[^、。]{0,4}?(?:す|する|る)(?:と|こともあり得ると)(?:警告|警鐘|脅|威嚇|示唆|けん制|牽制)"
)


_CONDITION = re.compile(r"(?:なければ|れば|たら|ならば|なら|場合(?:は|に|には)?)[、]?[^、。]{0,20}$")


# what a meeting is about, not who meets: ウクライナ情勢について, 北朝鮮をめぐり
_ABOUT = re.compile(r"^(?:情勢|問題|危機|侵攻|戦争)?(?:について|をめぐ|に関し|に関する|への|を|で)")


# a clause the trigger takes as its object or as what is said (…ことに抗議, …続けていると非難)
_EMBEDDED = re.compile(r"(?:こと|の|ため|との|という)(?:に|を|で|は|から)(?!よる)|[^、。]{2,}と$")


# パレスチナ自治区ガザ地区北部のガザ市で: a state named inside where something happened
# スペインで行われた協議, トルコ・イスタンブールで, 訪問先のリトアニアで: a state that says where is no party
_LOCATES = re.compile(r"(?:で|において|にて|国内|各地|・[^、。・]{1,12}?(?:で|において|にて|に(?:到着|入)))")


_IN_PLACE_PHRASE = re.compile(
    r"^(?:自治区|領|州|地区|地域|北部|南部|東部|西部|中部|国内|沿岸|国境)[^、。はが]{0,20}?(?:で|において|にて)"
)


# 慶州で開かれるAPEC首脳会議: a relative clause before the trigger that schedules it
_SCHEDULED_BEFORE = re.compile(
    r"(?:開かれる|開催される|行われる|予定の|予定される|予定している)[^、。]{0,25}$"
)


_SUBJECT = re.compile(r"^が")


# 次回の交渉, 再び協議, 改めて会談: another round of talks already told
_NEXT_ROUND = re.compile(r"(?:次回|次の|再び|再度|改めて|もう一度)[^、。]{0,4}$")


_ADVERSATIVE = re.compile(r"(?:が|けど|けれど|ものの|一方)、")


_PARTNER = re.compile(
    r"^(?:と(?:の|は|も)?(?:間で|電話で|会談|協議|会い|会っ|面会)|と(?![のはも])[^、。]{0,12}?(?:会談|協議|会い|会っ|面会|電話))"
)


# the trigger ends the sentence: only auxiliaries and endings follow it
_MAIN_PREDICATE = re.compile(r"^[^、。,「」]{0,14}?(?:た|る|だ|ます|です|ない|ず)?[」』)]*。?$")


_NOT_AN_EVENT = re.compile(r"侵攻|戦争|紛争|危機|以来|以降")


_HEADS_CLAUSE = re.compile(r"^(?:する|した|して)?(?:は|が|の|を|も|では|には|とは)")


_PARTIES = re.compile(r"(\d|[二三四五六])(?:者|カ国|か国)")


# ハンガリーでの首脳会談: a name followed by で says where (but ロシアでは may stand for its government)
_WHERE = re.compile(r"(?:での|で(?![はもす]))")


def _parties_told(
    text: str, ti: int, tj: int, ents: list[_Ent], out: list[EventMention], last: list[ActorRef]
) -> list[ActorRef]:
    """The parties of an agreement that names none: 両国は…で合意した, 加盟国は…で一致した, or a
    clause with no subject of its own (…行動計画に合意した) are the parties of the meeting told in
    the same sentence, else of the last one told."""
    # …交渉は難航したが、捕虜交換で合意した: the clause after が、 is the one that must name no subject
    turns = [t.end() for t in _ADVERSATIVE.finditer(text, 0, ti)]
    lo = turns[-1] if turns else 0
    if not (_BOTH.search(text, 0, ti) or _MEMBERS.search(text, 0, ti) or _subjectless(text, ents, ti, lo)):
        return []
    if _ARGUMENT.match(text, tj):
        return []  # 合意を求めた, 合意の内容: the agreement is what another act is about
    meetings = [m for m in out if m.event == "CONSULT" and m.actors]
    return list(meetings[-1].actors) if meetings else list(last)


_ARGUMENT = re.compile(r"(?:の|を|が|は|に(?!達|至)|へ|と|も|案|文書|内容)")


# 加盟国は, 各国首脳が: the members of the body whose meeting the text tells
_MEMBERS = re.compile(r"(?:加盟国|参加国|各国|同盟国|首脳ら|首脳たち|各国首脳)(?:は|が|も|と)")


def _sides(actors: list[_Ent]) -> set[str]:
    """The sides a list of names stands for: a state and its people are one side."""
    return {e.entity.code or e.entity.identifier_text or e.entity.text for e in actors}


def _is_agent(text: str, e: _Ent) -> bool:
    """Whether a name before a trigger can be its agent: not one acted upon (ロシアへの), not where
    it happens (ガザ地区北部で), not the owner of a target (ロシアの金融機関に対する) — except the
    names leading a group that acts (日本をはじめとする国々が)."""
    after = _particle_after(text, e)
    if _IN_PLACE_PHRASE.match(text[e.j :]) or _OWNED_TARGET.match(after) or _WHERE.match(text, e.j):
        return False
    return bool(_LEADING_GROUP.match(after)) or not _TARGET_PARTICLE.match(after)


def _meeting_parties(
    text: str, actors: list[_Ent], named: list[_Ent], ti: int, tj: int, trig: Trigger
) -> list[_Ent]:
    """Who else the sentence's structure puts at a meeting: the head a meeting's relative clause
    describes (プーチン大統領と会談した金総書記), the people a summit's sentence names as present
    (首脳会議は…開かれ、習主席のほか、プーチン大統領…が議論を行った), and the person who stands
    for a state that is a party (カナダとの首脳会談…カーニー首相の前で)."""
    people = [e for e in named if e.entity.type == "PERSON" and e.entity.identifier_text]
    out = list(actors) + _described(text, people, _MET_HEAD.match(text, tj))
    if trig.mode == "multilateral" or any("IGO" in (e.entity.code, e.entity.sector) for e in actors):
        out += [e for e in people if _present(text, e)]
    sides = {e.entity.code for e in out if e.entity.type == "COUNTRY"}
    present = {e.entity.code for e in out if e.entity.type == "PERSON"}
    out += [e for e in people if e.entity.code in sides - present and not _TARGET_ONLY.match(_particle_after(text, e))]
    unique: list[_Ent] = []
    for e in out:
        if not any(e is u for u in unique):
            unique.append(e)
    return unique


# 会談した金総書記, 会談を行った石破首相: the clause describes the party it runs into
_MET_HEAD = re.compile(r"(?:を(?:行|おこな)|し)(?:た|ている|ていた)|する予定の|した後の")


_TARGET_ONLY = re.compile(r"^(?:を|に対し|への)")


def _complete_meeting(actors: list[_Ent], context: list[_Ent], trigger: str) -> list[_Ent]:
    """A meeting needs its parties: a lone leader meets the one they were last reported
    meeting, and a three-party meeting (3者会談) adds the two already meeting."""
    m = _PARTIES.search(trigger)
    wanted = int(m.group(1)) if m and m.group(1).isdigit() else "__二三四五六".find(m.group(1)) if m else 2
    persons = [e for e in actors if e.entity.type == "PERSON"]
    ids = {e.entity.identifier_text for e in actors}
    if (
        m
        and len(actors) < wanted
        or (
            len(persons) == 1
            and len(actors) == 1
            and persons[0].entity.identifier_text in {c.entity.identifier_text for c in context}
        )
    ):
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


def _with_coordinated(text: str, ents: list[_Ent], heads: list[_Ent]) -> list[_Ent]:
    """``heads`` with the names listed before each (AのX首相、BのY大統領と会談: X and Y are both
    partners; AやBと, A・Bと): names joined by a list separator, or a state before its person."""
    out: list[_Ent] = []
    for head in heads:
        chain = [head]
        for e in reversed([e for e in ents if e.j <= head.i]):
            after = _particle_after(text, e)  # past the title written after the name
            gap = after[: chain[0].i - (len(text) - len(after))]
            if chain[0].i - e.j > 12 or not _LISTED.fullmatch(gap):
                break
            chain.insert(0, e)
        out += [e for e in chain if not any(e is o for o in out)]
    return out


# what stands between two names of one list: a separator (、や・及び), or の after a state
_LISTED = re.compile(r"(?:、|や|・|及び|および|並びに|と)?|の")


def _nearest_topic(text: str, ents: list[_Ent], ti: int) -> list[_Ent]:
    """The topic (Xは) nearest before position ``ti``, with the names coordinated with it (AとBは):
    a later topic starts a new clause (…と発表し、中国商務省は…と警告した)."""
    topics = [e for e in ents if e.i < ti and _TOPIC.match(_particle_after(text, e))]
    if not topics:
        return []
    out = [topics[-1]]
    for e in reversed([e for e in ents if e.j <= out[0].i]):
        # AとBは, ウクライナのゼレンスキー大統領は: the names that stand with the topic
        if re.fullmatch(r"(?:と|、|・|及び|および|の)", text[e.j : out[0].i]) or _TITLE.fullmatch(
            text[e.j : out[0].i]
        ):
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
        if re.fullmatch(r"の[^、。はが]{0,6}", text[e.j : head.i]) or text[e.j : head.i] == "":
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


def _place_for(places: list[_Ent], text: str, ti: int, tj: int, lo: int, hi: int) -> str | None:
    cands = [
        p
        for p in places
        if lo <= p.i < hi and _PLACE_PARTICLE.match(re.sub(r"^(?:D\.?C\.?)", "", text[p.j :]))
    ]
    if not cands:
        return None
    before = [p for p in cands if p.i < ti]
    best = before[-1] if before else cands[0]
    return best.entity.identifier_text


def _status(window: str, cfg: _Config) -> str:
    window = window[:40]
    if cfg.negated.search(window):
        return "negated"
    if cfg.hypothetical.search(window):
        return "hypothetical"
    if cfg.scheduled.search(window):
        return "scheduled"
    return "happened"


def _leaders(doc: Document, gaz: Gazetteer) -> dict[str, ActorRef]:
    """The one head of state or government the text names for each state (by code)."""
    day = doc.publication_date or ""
    found: dict[str, dict[str, ActorRef]] = {}
    for e in doc.entities:
        entry = gaz.entries.get(e.identifier_text or "") if e.type == "PERSON" else None
        if entry is None or not e.code:
            continue
        roles = [r for r in entry.roles if r.title and (r.covers(day) if day else True)]
        # the head of a state, not of a body (President of the European Commission has no state code)
        if any(r.title.casefold().startswith(config().leader_titles) for r in roles):
            found.setdefault(e.code, {}).setdefault(e.identifier_text or "", e.as_actor())
    return {code: next(iter(people.values())) for code, people in found.items() if len(people) == 1}


def leaders_of_summits(doc: Document, gaz: Gazetteer) -> None:
    """A summit is its leaders': 米中首脳会談 that names only the two states is held by the
    leaders the text names for them, and a gathering of a body of states (G7, NATO) held in a
    state has that state's leader, its host, among its parties."""
    leaders = _leaders(doc, gaz)
    if not leaders:
        return
    host: ActorRef | None = None
    for m in doc.events:
        if m.event != "CONSULT" or not m.place or m.status not in ("happened", "scheduled"):
            continue
        if "multilateral" in m.mode or any("IGO" in (a.code, a.sector) for a in m.actors):
            entry = gaz.entries.get(m.place)
            state = gaz.state(entry.code if entry else None)
            host = leaders.get(state.code) if state else None
            break
    if host is None:
        # G7サミットがカナダで開幕: the state a summit's sentence holds it in
        for m in doc.events:
            if m.event == "CONSULT" and m.status in ("happened", "scheduled") and (
                "multilateral" in m.mode or any("IGO" in (a.code, a.sector) for a in m.actors)
            ):
                held = [e for e in doc.entities if e.type == "COUNTRY" and e.sentence == m.sentence
                        and _HELD_IN.match(doc.text, e.end)]
                host = leaders.get(held[0].code or "") if held else None
                break
    for m in doc.events:
        group = "multilateral" in m.mode or any("IGO" in (a.code, a.sector) for a in m.actors)
        if m.event in ("CONSULT", "AGREE") and group and host is not None:
            m.actors = _dedupe(m.actors + [host])
        # (one placed by the sentence, 2021年のジュネーブでの会談以来の首脳会談, may be an earlier one)
        if m.event == "CONSULT" and "首脳" in m.trigger and not group and not m.place:
            if all(_is_state(a, gaz) for a in m.actors):
                m.actors = _dedupe(m.actors + [leaders[a.code] for a in m.actors if a.code in leaders])


_HELD_IN = re.compile(r"で(?:開幕|開催|開か|行われ|始ま)")


def _day_is_anothers(
    text: str, s: Sentence, txs: list[TimeExpression], ti: int, tj: int, ents: list[_Ent]
) -> bool:
    """Whether the day a trigger took from after it belongs to a later clause with a topic of its
    own (制裁を決定したことを受けて、プーチン大統領は23日、…: the 23rd is Putin's)."""
    start = s.starts[ti] if ti < len(s.starts) else s.end
    if any(t.start < start for t in txs):
        return False
    later = [t for t in txs if t.start >= start]
    if not later:
        return False
    at = next((k for k, a in enumerate(s.starts) if a >= later[0].start), len(text))
    return any(tj <= e.i < at and _TOPIC.match(_particle_after(text, e)) for e in ents)


def _is_state(a: ActorRef, gaz: Gazetteer) -> bool:
    entry = gaz.entries.get(a.identifier_text or "")
    return entry is not None and entry.type == "COUNTRY"

