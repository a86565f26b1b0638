"""Rules over a whole document's event mentions that hold in every language: what a sentence
leaves to the text around it."""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..records import ActorRef, EventMention, Statement


def _sides(actors: list[ActorRef]) -> set[str]:
    """The parties an actor list stands for: states (and bodies) by code, people without one by name."""
    return {a.code or a.identifier_text or a.entity_text for a in actors}


def dedup_actors(actors: list[ActorRef]) -> list[ActorRef]:
    """Each actor once (by name and code), in order."""
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for a in actors:
        key = (a.identifier_text or a.entity_text, a.code)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def drop_own_recipients(events: list[EventMention]) -> None:
    """No one acts on themselves: a recipient who is also one of the actors (a party that
    sentence-level rules and the text around both supplied) stays an actor only."""
    for m in events:
        own = {(a.identifier_text or a.entity_text, a.code) for a in m.actors}
        m.recipients = [r for r in m.recipients if (r.identifier_text or r.entity_text, r.code) not in own]


def hosts_of_visits(events: list[EventMention], gazetteer: Gazetteer) -> None:
    """A visit's target is its host, not its venue: "Lee visits Tokyo" is a visit to Japan, so
    a recipient that is the visit's own place stands for the state the place is in."""
    for m in events:
        if "visit" not in m.mode or not m.place:
            continue
        hosts = []
        for r in m.recipients:
            state = gazetteer.state(r.code) if r.identifier_text == m.place else None
            hosts.append(ActorRef(r.entity_text, state.id, state.code, state.sector) if state else r)
        m.recipients = dedup_actors(hosts)


def complete_agreements(events: list[EventMention]) -> None:
    """An agreement takes two sides: one that names a single side ("Russia agreed to continue
    the talks", ロシア側は…合意したと発表した) was reached with the other party of the meeting the
    text reports, the last one told before it, else the first one after it."""
    meetings = [m for m in events if m.event == "CONSULT" and m.status in ("happened", "scheduled")
                and len(_sides(m.actors)) >= 2]
    if not meetings:
        return
    for m in events:
        if m.event != "AGREE" or m.status != "happened" or len(_sides(m.actors)) != 1:
            continue
        before = [c for c in meetings if (c.sentence or 0) <= (m.sentence or 0)]
        meeting = before[-1] if before else meetings[0]
        if _sides(m.actors) <= _sides(meeting.actors):
            m.actors = dedup_actors(m.actors + meeting.actors)


def fold_headlines(events: list[EventMention], title_sentences: set[int]) -> None:
    """A headline tells the lead's event: a mention in the title takes the date and place of a
    body mention of the same category and side, so that both are one event. A date stamp next to
    a headline (米中、関税下げで合意 2025年05月12日) is when the piece appeared, not the event's day."""
    body = [m for m in events if m.sentence not in title_sentences]
    for m in events:
        if m.sentence not in title_sentences:
            continue
        sides = _sides(m.actors)
        same = next((b for b in body if b.event == m.event and sides & _sides(b.actors)), None)
        if same is not None:
            m.date, m.place = same.date, same.place
            m.actors = dedup_actors(same.actors + m.actors)


def join_mediators(events: list[EventMention]) -> None:
    """A mediator is a party of what they mediate (仲介したトルコのフィダン外相, "brokered by
    Trump"): the meetings and agreements of the same sentence, else the meeting told last."""
    meetings = [m for m in events if m.event == "CONSULT" and "third-party" not in m.mode
                and m.status in ("happened", "scheduled") and len(_sides(m.actors)) >= 2]
    for med in events:
        if med.event != "CONSULT" or "third-party" not in med.mode or not med.actors:
            continue
        same = [m for m in events if m is not med and m.sentence == med.sentence
                and m.event in ("CONSULT", "AGREE") and "third-party" not in m.mode
                and not _sides(m.actors) <= _sides(med.actors)]  # the mediator's own reading is no other act
        before = [m for m in meetings if (m.sentence or 0) <= (med.sentence or 0)]
        for m in same or before[-1:]:
            m.actors = dedup_actors(m.actors + med.actors)


def date_agreements_by_meetings(events: list[EventMention]) -> None:
    """An agreement the text gives neither a date nor a place for was reached, or is to be
    signed, at the meeting of its parties that the text reports ("the accord, to be signed by the
    two foreign ministers, ..." after "the leaders meet in Washington on Friday"): it takes that
    meeting's date, the one told last before it, else the first one after it. The place stays
    open: the venue of a signing is often a room of the meeting's city."""
    meetings = [m for m in events if m.event == "CONSULT" and m.status in ("happened", "scheduled")
                and m.date and len(_sides(m.actors)) >= 2]
    for m in events:
        if m.event != "AGREE" or m.date or m.place or not m.actors:
            continue
        codes = {a.code for a in m.actors}
        if None in codes:
            continue
        fit = [c for c in meetings if codes <= {a.code for a in c.actors}]
        before = [c for c in fit if (c.sentence or 0) <= (m.sentence or 0)]
        meeting = before[-1] if before else (fit[0] if fit else None)
        if meeting is not None:
            m.date = meeting.date


def join_delegates(events: list[EventMention], delegates: list[ActorRef]) -> None:
    """The heads of the delegations a text names ("the head of the Russian delegation, X") are
    parties of the talks it reports: the first meeting told with a date or place whose sides
    include the delegate's state."""
    meeting = next((m for m in events if m.event == "CONSULT" and m.status == "happened"
                    and (m.date or m.place) and len(_sides(m.actors)) >= 2), None)
    if meeting is None:
        return
    codes = {a.code for a in meeting.actors}
    meeting.actors = dedup_actors(meeting.actors + [d for d in delegates if d.code in codes])


# acts done by saying something: they are made when their speaker speaks
VERBAL_ACTS = frozenset({"THREATEN", "REJECT", "ACCUSE", "REQUEST", "DISAPPROVE", "APPEAL"})


def date_verbal_acts(events: list[EventMention], statements: list[Statement]) -> None:
    """A warning, a refusal or a demand the text gives no day for was made on the day its one
    actor is quoted, when the text quotes them on one day only ("また、…と警告した" after "プーチン
    大統領は23日、…と非難した")."""
    days: dict[str, set[str]] = {}
    for st in statements:
        if st.date:
            days.setdefault(st.speaker.identifier_text or st.speaker.entity_text, set()).add(st.date)
    for m in events:
        if m.event not in VERBAL_ACTS or m.date or m.status != "happened":
            continue
        people = {a.identifier_text or a.entity_text for a in m.actors if a.sector != "IGO"}
        known = [days.get(p, set()) for p in people]
        found = set().union(*known) if known else set()
        if len(found) == 1:
            m.date = next(iter(found))


def date_referred_meetings(events: list[EventMention], referred: set[int]) -> None:
    """A meeting only referred to ("the gathering, hosted by X", "the talks"; ``referred`` holds
    the ids of such mentions) with neither a date nor a place of its own is the last meeting told
    with one whose parties it shares: it takes that meeting's date and place."""
    for k, m in enumerate(events):
        if id(m) not in referred or m.event != "CONSULT" or m.date or m.place:
            continue
        codes = {a.code for a in m.actors}
        told = [
            c for c in events[:k]
            if c.event == "CONSULT" and (c.date or c.place) and (not codes or codes & {a.code for a in c.actors})
        ]
        if told:
            m.date, m.place = told[-1].date, told[-1].place
