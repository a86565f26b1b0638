"""What a user asks of the store: filters checked before they are used.

Every filter value is checked up front (``FilterError`` with one line naming the value and
what would be accepted) so that a typo never silently returns nothing. Actors and places are
matched through the dictionary: any of an entry's names, in either language, in any case.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache

from . import plover
from .gazetteer import Entry, Gazetteer
from .records import EVENT_STATUSES, ActorRef, Event


class FilterError(ValueError):
    """A filter value that cannot be used; the message is one line for the user."""


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_date(value: str, option: str = "date") -> str:
    """An ISO date (``YYYY-MM-DD``) or a month or year prefix (``YYYY-MM``, ``YYYY``), checked
    to be a real calendar date."""
    v = value.strip()
    parts = v.split("-")
    ok = (
        1 <= len(parts) <= 3
        and all(p.isascii() and p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and all(len(p) == 2 for p in parts[1:])
    )
    if ok:
        y, m, d = (int(p) for p in parts + ["01"] * (3 - len(parts)))
        try:
            Date(y, m, d)
        except ValueError:
            ok = False
    if not ok:
        raise FilterError(f"{option} {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return v


def parse_category(value: str) -> str:
    try:
        return plover.canonical(value)
    except KeyError:
        raise FilterError(
            f"--category {value!r} is not a PLOVER category; choose one of {', '.join(plover.CATEGORIES)}"
        ) from None


def parse_statuses(value: str) -> tuple[str, ...]:
    """One status or several, comma-separated."""
    wanted = tuple(s.strip().lower() for s in value.split(",") if s.strip())
    bad = [s for s in wanted if s not in EVENT_STATUSES]
    if bad or not wanted:
        raise FilterError(f"--status {value!r} is not an event status; choose from {', '.join(EVENT_STATUSES)}")
    return wanted


@lru_cache(maxsize=8)
def _name_index(gaz: Gazetteer) -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for e in gaz.entries.values():
        for name in {e.id, *e.ja, *e.en}:
            index.setdefault(_key(name), []).append(e)
    return index


def dictionary_entries(gaz: Gazetteer, name: str) -> list[Entry]:
    """The dictionary entries one of whose names (either language, any case) is ``name``."""
    return list(_name_index(gaz).get(_key(name), ()))


def expand_query(gaz: Gazetteer, query: str) -> list[list[str]]:
    """Search terms as groups of alternative spellings: a query (or a word of it) that names a
    dictionary entry stands for every name of that entry in either language (Putin: プーチン,
    Vladimir Putin ...); any other word stands for itself."""
    def names(text: str) -> list[str]:
        entries = dictionary_entries(gaz, text)
        return list(dict.fromkeys([text, *(n for e in entries for n in (e.id, *e.ja, *e.en))]))

    if dictionary_entries(gaz, query):
        return [names(query.strip())]
    return [names(word) for word in unicodedata.normalize("NFKC", query).split()]


@dataclass(frozen=True, slots=True)
class Who:
    """An actor as a user names it: the dictionary identities it stands for, or a code."""

    text: str
    identities: frozenset[str]  # casefolded dictionary ids and the text itself
    code: str | None  # a state or agent-type code (RUS, IGO) when the text is one
    known: bool = False  # the dictionary holds the name

    def matches(self, a: ActorRef) -> bool:
        if self.code and (a.code or "").upper() == self.code:
            return True
        return any(_key(v) in self.identities for v in (a.identifier_text, a.entity_text) if v)


def resolve_actor(gaz: Gazetteer, text: str) -> Who:
    entries = dictionary_entries(gaz, text)
    ids = {_key(e.id) for e in entries} | {_key(text)}
    t = text.strip()
    # a code as typed (RUS, IGO), or in any case when it is a state's (rus)
    is_code = t.isascii() and t.isalpha() and 2 <= len(t) <= 4 and (t.isupper() or gaz.state(t.upper()) is not None)
    codes = {e.code for e in entries if e.type == "COUNTRY" and e.code}
    code = t.upper() if is_code else (codes.pop() if len(codes) == 1 and not any(e.type != "COUNTRY" for e in entries)
                                      else None)
    return Who(text, frozenset(ids), code, bool(entries))


@dataclass(frozen=True, slots=True)
class Where:
    """A place as a user names it: matches the place itself, the places inside it and, for a
    state, every place in that state."""

    text: str
    ids: frozenset[str]
    code: str | None

    def matches(self, place: str | None, gaz: Gazetteer) -> bool:
        if not place:
            return False
        seen: set[str] = set()
        current: str | None = place
        while current and current not in seen:
            seen.add(current)
            if _key(current) in self.ids:
                return True
            entry = gaz.entries.get(current)
            if entry is None:
                break
            if self.code and entry.code == self.code:
                return True
            current = entry.parent
        return False


def resolve_place(gaz: Gazetteer, text: str) -> Where:
    entries = dictionary_entries(gaz, text)
    codes = {e.code for e in entries if e.type == "COUNTRY" and e.code}
    return Where(text, frozenset({_key(e.id) for e in entries} | {_key(text)}),
                 codes.pop() if len(codes) == 1 else None)


@dataclass(slots=True)
class EventFilter:
    """Checked filters over merged events (all given criteria must hold)."""

    actors: list[Who] = field(default_factory=list)  # each must take part (one: --actor; two: --dyad)
    category: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None  # casefolded outlet name
    statuses: tuple[str, ...] = ()
    place: Where | None = None

    @classmethod
    def parse(cls, gaz: Gazetteer, *, actor: str | None = None, dyad: str | None = None,
              category: str | None = None, since: str | None = None, until: str | None = None,
              source: str | None = None, status: str | None = None, place: str | None = None) -> EventFilter:
        f = cls()
        if actor:
            f.actors.append(resolve_actor(gaz, actor))
        if dyad:
            parts = [p.strip() for p in dyad.split(",")]
            if len(parts) != 2 or not all(parts):
                raise FilterError(f"--dyad {dyad!r} is not two actors separated by a comma (e.g. USA,RUS)")
            f.actors += [resolve_actor(gaz, p) for p in parts]
        f.category = parse_category(category) if category else None
        f.since = parse_date(since, "--since") if since else None
        f.until = parse_date(until, "--until") if until else None
        if f.since and f.until and f.since[:len(f.until)] > f.until:
            raise FilterError(f"--since {since} is after --until {until}")
        f.source = _key(source) if source else None
        f.statuses = parse_statuses(status) if status else ()
        f.place = resolve_place(gaz, place) if place else None
        return f

    def matches(self, e: Event, gaz: Gazetteer, outlets: dict[str, set[str]]) -> bool:
        """``outlets``: the casefolded outlets (and original outlets) of each document hash."""
        if self.category and plover.canonical(e.event) != self.category:
            return False
        if self.statuses and e.status not in self.statuses:
            return False
        if self.since and not (e.date and e.date >= self.since):
            return False
        if self.until and not (e.date and e.date[:len(self.until)] <= self.until):
            return False
        people = [*e.actors, *e.recipients]
        if any(not any(w.matches(a) for a in people) for w in self.actors):
            return False
        if self.place and not self.place.matches(e.place, gaz):
            return False
        if self.source and not any(self.source in outlets.get(m.document or "", ()) for m in e.mentions):
            return False
        return True
