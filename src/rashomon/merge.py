"""One event, many mentions: merge the event mentions of all documents into events.

Two mentions are the same event when they have the same PLOVER category, compatible
dates (equal, or one unknown), compatible places (equal, or one inside the other, or one
unknown) and compatible actors (a shared state, and neither names people the other
lacks). A mention with neither date nor place is too vague to join an account from
another source: it joins only an event of its own document. Different meetings of the
same pair (Anchorage 2025, Osaka 2019) differ in date or place and stay apart.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import Gazetteer
from .records import ActorRef, Document, Event, EventMention

# A statement or event in a sentence that refers to "the talks" without its own date
# takes the date of the document's main meeting.
_REFERS_TO_MEETING = re.compile(
    r"(?:首脳)?会談(?:で|後|の(?:席|冒頭|後|中で|場で)|中に)|(?:共同)?(?:記者)?会見(?:で|に臨|を行)|終了後|"
    r"\b(?:at|during) the (?:summit|talks|meeting)\b|\bthe (?:joint )?(?:press|news) conference\b"
)


_PRESS = re.compile(r"会見|(?:press|news) conference", re.I)

# modes that make a mention one occasion of many (a visit, a call); a sanction's mode does not
_OCCASIONS = frozenset({"visit", "phone"})


def _key(a: ActorRef) -> str:
    return a.identifier_text or a.code or a.entity_text


def _keys(actors: Iterable[ActorRef]) -> set[str]:
    """Actor keys with each actor's state added, so 'Putin' and 'Russia' overlap."""
    out = set()
    for a in actors:
        out.add(_key(a))
        if a.code:
            out.add(a.code)
    return out


def _codes(actors: Iterable[ActorRef]) -> set[str]:
    return {a.code or a.identifier_text or a.entity_text for a in actors}


def _persons(actors: Iterable[ActorRef], gaz: Gazetteer) -> set[str]:
    out = set()
    for a in actors:
        e = gaz.entries.get(a.identifier_text or "")
        if e is not None and e.type == "PERSON":
            out.add(e.id)
    return out


# Where a mention stands among its event's mentions in reading order (document, sentence, then
# the order it joined): the first standing of an actor, date or status decides the event's order
# and ties, so that an event grown batch by batch reads as one merged at once.
Standing = tuple[str, int, int, int]


def _actor_list(a: ActorRef) -> list[str | None]:
    return [a.entity_text, a.identifier_text, a.code, a.sector]


class Cluster:
    """Mentions of one event, with what merging compares against and what the event shows kept
    up to date as mentions join. Its ``state`` is stored with the event, so that later mentions
    join it without its earlier mentions being read again."""

    def __init__(self, event: str, event_id: str | None = None) -> None:
        self.event = event
        self.id = event_id  # a stored event keeps its id as it grows
        self.mentions: list[EventMention] = []  # the mentions that joined in this merge
        self.n = 0  # all its mentions, stored ones included
        self.first: tuple[int, str, int] | None = None  # merge order of its first mention
        self.dates: dict[str, list[Any]] = {}  # date -> [count, first standing]
        self.places: Counter[str] = Counter()
        self.keys: set[str] = set()
        self.codes: set[str] = set()
        self.persons: set[str] = set()
        self.documents: set[str | None] = set()  # documents of this merge's mentions
        self.hypothetical: set[bool] = set()
        self.phone: set[bool] = set()
        self.statuses: dict[str, list[Any]] = {}
        self.actors: dict[str, tuple[Standing, ActorRef]] = {}
        self.recipients: dict[str, tuple[Standing, ActorRef]] = {}
        self.mode: set[str] = set()
        self.context: set[str] = set()

    @classmethod
    def of(cls, m: EventMention, gaz: Gazetteer) -> Cluster:
        c = cls(m.event)
        c.add(m, gaz)
        return c

    def add(self, m: EventMention, gaz: Gazetteer) -> None:
        self.mentions.append(m)
        if self.first is None:
            self.first = _order(m)
        pos = (m.document or "", m.sentence or 0, self.n)
        self.n += 1
        if m.date:
            _count(self.dates, m.date, pos)
        if m.place:
            self.places[m.place] += 1
        self.keys |= _keys(m.actors)
        self.codes |= _codes(m.actors)
        self.persons |= _persons(m.actors, gaz)
        self.documents.add(m.document)
        self.hypothetical.add(m.status == "hypothetical")
        self.phone.add("phone" in m.mode)
        _count(self.statuses, m.status, pos)
        for seen, actors in ((self.actors, m.actors), (self.recipients, m.recipients)):
            for j, a in enumerate(actors):
                k, at = _key(a), (*pos, j)
                if k not in seen or at < seen[k][0]:
                    seen[k] = (at, a)
        self.mode.update(m.mode)
        self.context.update(m.context)

    def state(self) -> dict[str, Any] | None:
        """What merging needs to add mentions to this event later; None when no other
        document's mention can join it (neither date nor place: see ``_fits``)."""
        if not (self.dates or self.places):
            return None

        def actors(seen: dict[str, tuple[Standing, ActorRef]]) -> list[list[Any]]:
            return [[list(at), _actor_list(a)] for at, a in sorted(seen.values(), key=lambda x: x[0])]

        return {
            "n": self.n, "first": list(self.first or ()), "dates": self.dates, "places": dict(self.places),
            "keys": sorted(self.keys), "codes": sorted(self.codes), "persons": sorted(self.persons),
            "hypothetical": sorted(self.hypothetical), "phone": sorted(self.phone), "statuses": self.statuses,
            "actors": actors(self.actors), "recipients": actors(self.recipients),
            "mode": sorted(self.mode), "context": sorted(self.context),
        }

    @classmethod
    def stored(cls, event_id: str, event: str, state: dict[str, Any]) -> Cluster:
        """A stored event as merging sees it, from its ``state`` (none of its mentions read)."""
        c = cls(event, event_id)
        c.n = state["n"]
        c.first = tuple(state["first"]) or None  # type: ignore[assignment]
        c.dates = {d: [n, tuple(at)] for d, (n, at) in state["dates"].items()}
        c.places = Counter(state["places"])
        c.keys, c.codes, c.persons = set(state["keys"]), set(state["codes"]), set(state["persons"])
        c.hypothetical, c.phone = set(state["hypothetical"]), set(state["phone"])
        c.statuses = {s: [n, tuple(at)] for s, (n, at) in state["statuses"].items()}
        for seen, rows in ((c.actors, state["actors"]), (c.recipients, state["recipients"])):
            for at, a in rows:
                actor = ActorRef(*a)
                seen[_key(actor)] = (tuple(at), actor)  # type: ignore[assignment]
        c.mode, c.context = set(state["mode"]), set(state["context"])
        return c


def _count(counts: dict[str, list[Any]], value: str, pos: tuple[str, int, int]) -> None:
    if value in counts:
        counts[value][0] += 1
        counts[value][1] = min(counts[value][1], pos)
    else:
        counts[value] = [1, pos]


def _most_common(counts: dict[str, list[Any]]) -> str | None:
    """The most frequent value; of equals, the one read first (as ``Counter.most_common`` over
    the mentions in reading order would give)."""
    if not counts:
        return None
    return max(sorted(counts, key=lambda v: tuple(counts[v][1])), key=lambda v: counts[v][0])


def _order(m: EventMention) -> tuple[int, str, int]:
    """Merging order: the best anchored mentions first, then by document and sentence."""
    return -(bool(m.date) + bool(m.place) + bool(m.actors)), m.document or "", m.sentence or 0


def ancestors(gaz: Gazetteer, place: str) -> list[str]:
    out, seen = [], set()
    entry = gaz.entries.get(place)
    while entry is not None and entry.parent and entry.parent not in seen:
        seen.add(entry.parent)
        out.append(entry.parent)
        entry = gaz.entries.get(entry.parent)
    return out


_CITY_KINDS = ("city", "capital")
# Where a meeting is held rather than where its parties arrive, for the most specific place.
_VENUE_RANK = {"venue": 3, "building": 3, "base": 3, "square": 2, "airport": 1}


def city_of(gaz: Gazetteer, place: str) -> str | None:
    """The city (or capital) a place is, or lies in."""
    for p in [place, *ancestors(gaz, place)]:
        e = gaz.entries.get(p)
        if e is not None and e.kind in _CITY_KINDS:
            return p
    return None


def _places_compatible(gaz: Gazetteer, a: str, b: str) -> bool:
    """The same place, one inside the other, or two sites of one city (the airport where the
    leaders landed and the base where they met)."""
    if a == b or a in ancestors(gaz, b) or b in ancestors(gaz, a):
        return True
    city = city_of(gaz, a)
    return city is not None and city == city_of(gaz, b)


@dataclass(slots=True)
class _Features:
    """What ``_fits`` compares of one mention, computed once, not once a candidate event."""

    keys: set[str]
    codes: set[str]
    persons: set[str]

    @classmethod
    def of(cls, m: EventMention, gaz: Gazetteer) -> _Features:
        return cls(_keys(m.actors), _codes(m.actors), _persons(m.actors, gaz))


def _fits(m: EventMention, c: Cluster, gaz: Gazetteer, f: _Features | None = None,
          places_seen: dict[tuple[str, str], bool] | None = None) -> int:
    """0 when ``m`` cannot be ``c``'s event, else a score: higher is a better fit. ``f``: the
    mention's features; ``places_seen``: place pairs already compared (both computed if not given)."""
    if m.event != c.event:
        return 0
    dates, places = c.dates, c.places
    if m.date and dates and m.date not in dates:
        return 0
    if m.place and places:
        seen = {} if places_seen is None else places_seen
        for p in places:
            ok = seen.get((m.place, p))
            if ok is None:
                ok = seen[(m.place, p)] = _places_compatible(gaz, m.place, p)
            if not ok:
                return 0
    if ("phone" in m.mode) not in c.phone:
        return 0  # a call and a meeting in person are two events
    anchored = bool(m.date or m.place)
    same_doc = m.document in c.documents
    if not anchored and _OCCASIONS & set(m.mode):
        return 0  # a visit or a call with neither date nor place may be any visit: keep it apart
    if same_doc and not anchored and m.event == "CONSULT" and _tense(m) is not None:
        # one text telling talks held and talks to come (次回の協議, 再び交渉を行う) tells two
        # events: a mention that gives neither date nor place does not cross from one to the other
        told = {_tense(o) for o in c.mentions if o.document == m.document} - {None}
        if told and _tense(m) not in told:
            return 0
    if same_doc and m.event == "CONSULT" and _body(m.actors) != _body(a for _, a in c.actors.values()):
        if len(_codes(m.actors)) >= 2:
            # 日米首脳会談 told in a piece on the G7 summit: talks on a summit's margin are their own
            return 0
    if not same_doc and not (m.date and m.date in dates):
        # a possible meeting is not the one that took place, unless the dates agree
        if (m.status == "hypothetical") not in c.hypothetical:
            return 0
    if not anchored and not same_doc:
        return 0
    if not m.actors:
        return 1 if same_doc and anchored else 0
    f = f or _Features.of(m, gaz)
    shared = f.keys & c.keys
    if not shared:
        return 0
    mp, cp = f.persons, c.persons
    if mp and cp and not (mp <= cp or cp <= mp):
        return 0
    if not anchored and not (f.codes <= c.codes and (not mp or not cp or mp <= cp)):
        return 0
    if anchored and not ((m.date and m.date in dates) or (m.place and places)):
        # an account from another source must share the date or the place
        if not same_doc:
            return 0
    if not same_doc and not (m.date and m.date in dates):
        # joined by the place alone (an undated signing at the White House): the parties must be
        # the same states, not two accords that share only their host
        fc, cc = f.codes, c.codes
        if not (fc <= cc or cc <= fc or len(fc & cc) >= 2):
            return 0
    return 1 + len(shared) + (2 if same_doc else 0) + c.n // 3


def _body(actors: Iterable[ActorRef]) -> bool:
    """Whether a body of states (G7, NATO) is among the actors."""
    return any("IGO" in (a.code, a.sector) for a in actors)


def _tense(m: EventMention) -> bool | None:
    """Whether a mention tells what took place (True) or what is to come or may (False)."""
    if m.status == "happened":
        return True
    return False if m.status in ("scheduled", "hypothetical") else None


def merge(mentions: list[EventMention], gaz: Gazetteer) -> list[Event]:
    return [event_of(c, gaz) for c in merge_clusters(mentions, gaz)]


def merge_clusters(mentions: list[EventMention], gaz: Gazetteer, stored: Sequence[Cluster] = ()) -> list[Cluster]:
    """Merge ``mentions`` into events: ``stored`` ones (see ``Cluster.stored``) or new ones.
    Returns the events that got mentions, new or stored."""
    clusters: list[Cluster] = []
    # candidates are only the clusters of the same category that share an actor or a document
    # (each bucket by id, in the order clusters entered it)
    index: dict[tuple[str, str | None], dict[int, Cluster]] = {}
    for c in sorted(stored, key=lambda c: (c.first or (), c.id or "")):
        for key in sorted(c.keys):
            index.setdefault((c.event, key), {})[id(c)] = c
    touched: dict[int, Cluster] = {}
    places_seen: dict[tuple[str, str], bool] = {}
    for m in sorted(mentions, key=_order):
        best, score = None, 0
        f = _Features.of(m, gaz)
        candidates: dict[int, Cluster] = {}  # in the order first met
        for key in [*f.keys, m.document]:
            candidates.update(index.get((m.event, key), {}))
        for c in candidates.values():
            s = _fits(m, c, gaz, f, places_seen)
            if s > score:
                best, score = c, s
        if best is None:
            if not m.actors:
                continue  # a reference to "the talks" that matches nothing is not an event
            best = Cluster.of(m, gaz)
            clusters.append(best)
        else:
            best.add(m, gaz)
        touched[id(best)] = best
        for key in [*f.keys, m.document]:
            index.setdefault((m.event, key), {})[id(best)] = best
    return [c for c in [*stored, *clusters] if id(c) in touched]


def cluster_of(mentions: list[EventMention], event_id: str, gaz: Gazetteer) -> Cluster:
    """The merge state of a stored event rebuilt from all its mentions (a store from before
    states were kept)."""
    ms = sorted(mentions, key=_order)
    c = Cluster(ms[0].event, event_id)
    for m in ms:
        c.add(m, gaz)
    return c


def _most_specific(counts: Counter[str], gaz: Gazetteer) -> str | None:
    if not counts:
        return None

    def rank(p: str) -> tuple[int, int, int, str]:
        e = gaz.entries.get(p)
        return len(ancestors(gaz, p)), _VENUE_RANK.get(e.kind if e else "", 0), counts[p], p

    return max(counts, key=rank)


def _union(actors: Iterable[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        k = _key(a)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def event_of(c: Cluster, gaz: Gazetteer) -> Event:
    """The event ``c`` is; a stored event's ``mentions`` are only those that joined it now."""
    ms = sorted(c.mentions, key=lambda m: (m.document or "", m.sentence or 0))
    ident = "|".join(
        f"{m.document}:{m.sentence}:{m.event}:{m.trigger}:{','.join(_key(a) for a in m.actors)}" for m in ms
    )
    statuses = c.statuses
    return Event(
        id=c.id or hashlib.sha1(ident.encode()).hexdigest()[:12],
        event=c.event,
        actors=[a for _, a in sorted(c.actors.values(), key=lambda x: x[0])],
        recipients=[a for _, a in sorted(c.recipients.values(), key=lambda x: x[0])],
        mode=sorted(c.mode),
        context=sorted(c.context),
        date=_most_common(c.dates),
        place=_most_specific(c.places, gaz),
        # once one account reports it took place, earlier "will meet" accounts are outdated
        status="happened" if "happened" in statuses else _most_common(statuses) or "happened",
        mentions=ms,
    )


def document_view(event: Event, doc: Document, gaz: Gazetteer) -> Event:
    """The event as one document tells it: its own actors, place and status; the date it
    gives, else the date the other accounts agree on."""
    own = [m for m in event.mentions if m.document == doc.content_hash]
    dates = Counter(m.date for m in own if m.date)
    return Event(
        id=event.id,
        event=event.event,
        actors=_union(a for m in own for a in m.actors) or event.actors,
        recipients=_union(a for m in own for a in m.recipients),
        mode=sorted({x for m in own for x in m.mode}),
        context=sorted({x for m in own for x in m.context}),
        date=dates.most_common(1)[0][0] if dates else event.date,
        place=_most_specific(Counter(m.place for m in own if m.place), gaz),
        status=Counter(m.status for m in own).most_common(1)[0][0] if own else event.status,
        mentions=own,
    )


def resolve_references(doc: Document, events: list[Event], gaz: Gazetteer) -> None:
    """Give undated statements and mentions that refer to "the talks" the date (and place)
    of the document's main meeting."""
    # "the talks" are a meeting that took place; a planned one dates nothing yet
    meetings = [e for e in events if e.event == "CONSULT" and e.status == "happened"
                and any(m.document == doc.content_hash for m in e.mentions)]
    if meetings:
        _date_references(doc, meetings, gaz)
    # a speaker quoted on one day only: their undated remarks in the same piece are of that day
    days: dict[str, set[str]] = {}
    for st in doc.statements:
        if st.date:
            days.setdefault(_key(st.speaker), set()).add(st.date)
    for st in doc.statements:
        known = days.get(_key(st.speaker), set())
        if st.date is None and len(known) == 1:
            st.date = next(iter(known))


def _date_references(doc: Document, meetings: list[Event], gaz: Gazetteer) -> None:
    # the main meeting is the one the piece opens with (news puts its main event first)
    def first(e: Event) -> int:
        return min(m.sentence or 0 for m in e.mentions if m.document == doc.content_hash)

    main = min(meetings, key=first)
    view = document_view(main, doc, gaz)
    if not view.date:
        return
    refers = {s.index for s in doc.sentences if _REFERS_TO_MEETING.search(s.text)}
    # 会見に臨み、プーチン氏は…と述べた。一方、トランプ氏は…と述べた: the paragraph keeps its setting
    said_there = set(refers)
    at_press = {s.index for s in doc.sentences if s.index in refers and _PRESS.search(s.text)}
    for prev, s in zip(doc.sentences, doc.sentences[1:], strict=False):
        if prev.index in at_press and prev.block == s.block:
            at_press.add(s.index)
            said_there.add(s.index)
    for st in doc.statements:
        if st.date is None and st.sentence in said_there:
            st.date = view.date
    for m in doc.events:
        if m.sentence in refers and m.event != "CONSULT" and m.date is None:
            m.date = view.date
            m.place = m.place or view.place


@dataclass(slots=True)
class Wanted:
    """Which stored events of one category a batch's mentions could join: dated on one of
    ``dates``, or placed and dated on one of ``placed_dates`` or undated (``placed_any``: any
    date). Joining another document's event takes a shared date or a place on both sides."""

    dates: set[str] = field(default_factory=set)
    placed_dates: set[str] = field(default_factory=set)
    placed_any: bool = False


def candidate_dates(mentions: Iterable[EventMention]) -> dict[str, Wanted]:
    """Per category, what a stored event must be to be joined by one of ``mentions``."""
    out: dict[str, Wanted] = {}
    for m in mentions:
        if not m.actors or not (m.date or m.place):
            continue  # joins only events of its own document, which is new
        w = out.setdefault(m.event, Wanted())
        if m.date:
            w.dates.add(m.date)
            if m.place:
                w.placed_dates.add(m.date)
        else:
            w.placed_any = True
    return out


def candidates(mentions: list[EventMention], index: Iterable[tuple[str, str, str | None, list[ActorRef]]]) -> list[str]:
    """Ids of the stored events (``index``: id, category, date, actors) that one of
    ``mentions`` could join: the same category, a compatible date and a shared actor or state.
    Merging the mentions into them gives what merging the whole store would."""
    wanted: dict[tuple[str, str], list[EventMention]] = {}
    for m in mentions:
        if m.actors and (m.date or m.place):
            for k in _keys(m.actors):
                wanted.setdefault((m.event, k), []).append(m)
    out = []
    for event_id, category, date, actors in index:
        near = (m for k in _keys(actors) for m in wanted.get((category, k), ()))
        if any(date is None or m.date is None or m.date == date for m in near):
            out.append(event_id)
    return out
