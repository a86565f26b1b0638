"""Many accounts, one event: compare what the sources in the store report.

Reads the store (documents with their provenance, merged events with their mentions,
statements) and answers, with the sentences behind every answer:

- coverage: which source reports which event; what only one source reports; what a source
  is silent about although most of the sources of its story report it;
- facts: where the accounts of one event agree or contradict on its date, place,
  participants, outcome, figures and precedents ("the first visit since 2015"); variants that
  are one fact (a date in Japan time and the local date, a base and the city it is in, a
  state and its leader) are folded together and the reason is given;
- statements: one speaker's statement as each source gives it, and what each version adds;
- sources: outlet profile, author, translator, genre and translation/republication chains;
- framing: the labels (winner, aggressor, isolated, deceptive, blamed …) each source gives
  each actor, by the lexicons in ``data/framing_*.yaml``, and whom it makes the agent of events.

A source is one stored document (the latest version). Knowledge lives in data files:
``framing_ja.yaml``, ``framing_en.yaml``, ``claims_ja.yaml``, ``claims_en.yaml`` and
``outlet_profiles.yaml``.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .gazetteer import Gazetteer, default_gazetteer
from .lang.ja import local_zone
from .merge import ancestors, city_of
from .provenance import outlets
from .records import ActorRef, Document, Event, EventMention, Sentence, Statement
from .store import Store, StoredDocument, actor_from_json, documents_t, event_mentions_t, events_t

DATA = Path(__file__).parent / "data"
# What a comparison writes besides the sources' words: notes on how variants were read as one
# fact, and the messages of a comparison that finds nothing. In English here (the command line,
# the JSON); pages show them in their own language: data/labels_<lang>.yaml has each template.
NOTES = {
    "japan_time": "{day} Japan time is {local} local time at {place} ({zone})",
    "japan_time_value": "{day} (Japan time)",
    "inside": "{inner} is in {outer}",
    "same_city": "{a} and {b} are both in {city}",
    "stands_for": "{people} stands for {state} in the source(s) that name only the state ({sources})",
    "both_outcomes": "{sources} report(s) both an agreement and its absence (on different matters)",
    "one_figure": "{forms} are one figure",
    "first_since": "'first since {year}' ({evidence}) agrees with a last {topic} in {years}",
    "earlier_year": "an earlier year",
    "none_since": "none since {year}",
}
MESSAGES = {
    "empty": "the store holds no documents: run `rashomon analyze` first",
    "no_event": "no event with id {event} in the store",
    "no_match": "no document matches {query}",
    "no_actor": "no event with actor {actor} in the store",
}
_ACTOR_TYPES = ("PERSON", "COUNTRY", "ORG")
_QUOTES = {"「": "」", "『": "』", "“": "”", '"': '"'}


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class Evidence:
    """One sentence of one source."""

    source: int  # document id in the store
    sentence: int
    text: str


@dataclass(slots=True)
class Source:
    id: int
    path: str
    language: str
    title: str | None
    date: str | None
    outlet: str | None
    original_outlet: str | None
    authors: list[str]
    translators: list[str]
    genre: str | None
    profile: dict[str, Any] | None = None  # outlet_profiles.yaml entry of the outlet
    original_profile: dict[str, Any] | None = None
    chain: list[str] = field(default_factory=list)  # original -> translation/republication steps

    @property
    def label(self) -> str:
        return f"#{self.id} {self.outlet or Path(self.path).name}"


@dataclass(slots=True)
class Chain:
    """Pieces of one original outlet carried by another outlet, translated or not."""

    original_outlet: str
    outlet: str | None
    translators: list[str]
    sources: list[int]
    kind: str  # translation | republication


@dataclass(slots=True)
class EventRow:
    id: str
    event: str
    date: str | None
    place: str | None
    status: str
    actors: list[str]
    sources: list[int]  # documents that report it
    story: int  # index of the story (sources connected by shared events)


@dataclass(slots=True)
class Silence:
    source: int
    event: str
    reported_by: list[int]


@dataclass(slots=True)
class Coverage:
    events: list[EventRow]
    stories: list[list[int]]  # sources of each story
    only_in: dict[int, list[str]]  # source -> events no other source reports
    claims_only_in: dict[int, list[int]]  # source -> statement groups no other source has
    silences: list[Silence]


@dataclass(slots=True)
class Value:
    value: str
    evidence: list[Evidence]
    note: str | None = None  # how a variant was read (e.g. a Japan-time date made local)

    @property
    def sources(self) -> list[int]:
        return sorted({e.source for e in self.evidence})


@dataclass(slots=True)
class Fact:
    event: str
    field: str  # date | place | participants | outcome | duration | casualties | tariff | precedent: ...
    verdict: str  # agree | contradict
    values: list[Value]
    notes: list[str] = field(default_factory=list)  # variants recognised as one fact


@dataclass(slots=True)
class Version:
    source: int
    sentence: int | None
    speaker: str
    text: str
    verb: str | None
    date: str | None
    language: str
    adds: list[str] = field(default_factory=list)  # names and figures no other version has
    omits: list[str] = field(default_factory=list)  # names and figures every other source has, this one not


@dataclass(slots=True)
class StatementGroup:
    id: int
    speaker: str
    versions: list[Version]

    @property
    def sources(self) -> list[int]:
        return sorted({v.source for v in self.versions})


@dataclass(slots=True)
class Label:
    source: int
    actor: str
    state: str | None
    label: str
    dimension: str
    negated: bool
    quoted: bool  # the cue is inside a quotation: the quoted speaker's word
    cue: str
    evidence: Evidence


@dataclass(slots=True)
class Agency:
    source: int
    actor: str
    role: str  # agent | target
    event: str  # PLOVER category
    evidence: Evidence


@dataclass(slots=True)
class Dispute:
    """Sources that answer one framing question differently (who gained?)."""

    dimension: str
    answers: dict[int, dict[str, dict[str, list[int]]]]  # source -> label -> actor (state) -> sentences


@dataclass(slots=True)
class Comparison:
    sources: list[Source]
    chains: list[Chain]
    coverage: Coverage
    facts: list[Fact]
    statements: list[StatementGroup]
    framing: list[Label]
    agency: list[Agency]
    disputes: list[Dispute]

    @property
    def contradictions(self) -> list[Fact]:
        return [f for f in self.facts if f.verdict == "contradict"]


# --------------------------------------------------------------------------- data


@dataclass(slots=True)
class _Cue:
    label: str
    dimension: str
    target: str | None
    pattern: re.Pattern[str]


@dataclass(slots=True)
class _Lexicon:
    cues: list[_Cue]
    negations: re.Pattern[str] | None
    negations_before: re.Pattern[str] | None
    reversals: re.Pattern[str] | None  # later in the clause: the label is undone (孤立を打破)


def _alternation(patterns: Iterable[str]) -> re.Pattern[str] | None:
    patterns = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _load_yaml(path: Path) -> Any:
    try:
        # libyaml's loader when PyYAML has it: the outlet profiles take a tenth of the time
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read ({exc})") from exc


@lru_cache(maxsize=4)
def framing_lexicon(lang: str) -> _Lexicon:
    """The framing cues of a language: the bundled file plus the files in RASHOMON_FRAMING."""
    files = [DATA / f"framing_{'en' if lang == 'en' else 'ja'}.yaml"]
    files += [Path(p) for p in filter(None, os.environ.get("RASHOMON_FRAMING", "").split(os.pathsep))]
    cues, neg, neg_before, rev = [], [], [], []
    for f in files:
        data = _load_yaml(f) or {}
        if f != files[0] and data.get("language") not in (None, lang):
            continue  # a user file with `language:` extends that language only
        for entry in data.get("labels", []):
            try:
                pattern = re.compile("|".join(f"(?:{c})" for c in entry["cues"]))
            except (KeyError, re.error) as exc:
                raise ValueError(f"{f}: bad framing entry {entry!r} ({exc})") from exc
            cues.append(_Cue(entry["label"], entry.get("dimension", entry["label"]), entry.get("target"), pattern))
        neg += data.get("negations", [])
        neg_before += data.get("negations_before", [])
        rev += data.get("reversals", [])
    return _Lexicon(cues, _alternation(neg), _alternation(neg_before), _alternation(rev))


@dataclass(slots=True)
class _Quantity:
    kind: str
    units: dict[str, float]
    context: re.Pattern[str]
    patterns: list[re.Pattern[str]]
    events: frozenset[str]  # the PLOVER categories the figure can describe; empty: any
    exclude: re.Pattern[str] | None  # sentences whose figure is of something else (a running total)


@dataclass(slots=True)
class _Claims:
    outcome: dict[str, re.Pattern[str]]
    quantities: list[_Quantity]
    precedents: list[re.Pattern[str]]
    precedent_cue: re.Pattern[str] | None  # what every precedent pattern needs (a quick test first)
    first: re.Pattern[str]
    topics: dict[str, re.Pattern[str]]
    bounds: re.Pattern[str]
    zone_marks: re.Pattern[str]


@lru_cache(maxsize=4)
def claim_patterns(lang: str) -> _Claims:
    """Outcome, figure and precedent patterns of a language (data/claims_*.yaml)."""
    path = DATA / f"claims_{'en' if lang == 'en' else 'ja'}.yaml"
    d = _load_yaml(path)
    flags = re.I if lang == "en" else 0
    try:
        return _claims(d, flags)
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise ValueError(f"{path}: bad claim patterns ({exc!r})") from exc


def _claims(d: dict[str, Any], flags: int) -> _Claims:
    p = d["precedents"]
    return _Claims(
        outcome={k: re.compile("|".join(f"(?:{x})" for x in v), flags) for k, v in d["outcome"].items()},
        quantities=[_Quantity(q["kind"], {str(k): float(v) for k, v in q["units"].items()}, re.compile(q["context"], flags),
                              [re.compile(x, flags) for x in q["patterns"]], frozenset(q.get("events", ())),
                              re.compile(q["exclude"], flags) if q.get("exclude") else None)
                    for q in d["quantities"]],
        precedents=[re.compile(x) for x in p["patterns"]],
        precedent_cue=re.compile(p["cue"]) if p.get("cue") else None,
        first=re.compile(p["first"], flags),
        topics={k: re.compile(v) for k, v in p["topics"].items()},
        bounds=re.compile(p["bounds"], flags),
        zone_marks=re.compile(d["time_zone_marks"]),
    )


@lru_cache(maxsize=1)
def outlet_profiles() -> dict[str, dict[str, Any]]:
    """Outlet id -> profile (ownership, state affiliation, country, citation)."""
    files = [DATA / "outlet_profiles.yaml"]
    files += [Path(p) for p in filter(None, os.environ.get("RASHOMON_OUTLET_PROFILES", "").split(os.pathsep))]
    out: dict[str, dict[str, Any]] = {}
    kinds = {o.id: o for o in outlets()}
    for f in files:
        for raw in _load_yaml(f) or []:
            if "id" not in raw or "citation" not in raw:
                raise ValueError(f"{f}: outlet profile {raw!r} needs an id and a citation")
            o = kinds.get(raw["id"])
            out[str(raw["id"])] = {"kind": o.kind if o else None, **raw}
    for o in kinds.values():  # an outlet without a profile still has its kind and country
        out.setdefault(o.id, {"id": o.id, "kind": o.kind, "country": o.country})
    return out


# --------------------------------------------------------------------------- helpers


def _key(a: ActorRef) -> str:
    return a.identifier_text or a.code or a.entity_text


def _sentence_text(doc: Document, index: int | None) -> str:
    if index is None or not 0 <= index < len(doc.sentences):
        return ""
    return doc.sentences[index].text


def _evidence(sd: StoredDocument, index: int | None) -> Evidence:
    return Evidence(sd.id, index if index is not None else -1, _sentence_text(sd.doc, index))


def _local(s: Sentence, offset: int) -> int:
    """Position in a sentence's normalised text of an offset into the document text."""
    return min(bisect.bisect_left(s.starts, offset), len(s.text))


def _state_of(gaz: Gazetteer, key: str, code: str | None) -> str | None:
    e = gaz.entries.get(key)
    if e is not None and e.type == "COUNTRY":
        return e.code or code
    return code


def _same_place(gaz: Gazetteer, a: str, b: str) -> str | None:
    """Why two places are one (None when they are not): one inside the other, or one city."""
    if a == b:
        return ""
    if a in ancestors(gaz, b):
        return NOTES["inside"].format(inner=b, outer=a)
    if b in ancestors(gaz, a):
        return NOTES["inside"].format(inner=a, outer=b)
    city = city_of(gaz, a)
    if city is not None and city == city_of(gaz, b):
        return NOTES["same_city"].format(a=a, b=b, city=city)
    return None


def _quoted(text: str, pos: int) -> bool:
    """Inside a quotation of someone's words; a short quoted term (「外交的勝利」) is a
    scare quote the source itself uses."""
    stack: list[tuple[str, int]] = []
    for k, ch in enumerate(text[:pos]):
        if stack and ch == stack[-1][0]:
            stack.pop()
        elif ch in _QUOTES:
            stack.append((_QUOTES[ch], k))
    if not stack:
        return False
    close, opened = stack[-1]
    end = text.find(close, pos)
    return (end if end >= 0 else len(text)) - opened > 16


_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_EN_NUMBERS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split())}


def _sources(ids: Iterable[int]) -> str:
    return ", ".join(f"#{i}" for i in ids)


def _number(s: str) -> float | None:
    s = s.replace(",", "").strip().lower()
    if s in _EN_NUMBERS:
        return float(_EN_NUMBERS[s])
    try:
        return float(s)
    except ValueError:
        pass
    if s and all(c in _KANJI_DIGITS or c == "十" for c in s):  # 三, 十, 二十五
        if "十" in s:
            tens, _, ones = s.partition("十")
            return float((_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0))
        return float(_KANJI_DIGITS[s]) if len(s) == 1 else None
    return None


# --------------------------------------------------------------------------- sources


def _source(sd: StoredDocument, profiles: dict[str, dict[str, Any]]) -> Source:
    d = sd.doc
    chain = []
    if d.original_outlet and d.original_outlet != d.outlet:
        by = f" ({', '.join(d.authors)})" if d.authors else ""
        chain.append(f"{d.original_outlet}{by}")
        if d.translators:
            chain.append(f"translated by {', '.join(d.translators)}")
        chain.append(f"{'published' if d.translators else 'republished'} by {d.outlet or 'an unnamed outlet'}")
    return Source(
        id=sd.id, path=d.path, language=d.language, title=d.title, date=d.publication_date, outlet=d.outlet,
        original_outlet=d.original_outlet, authors=list(d.authors), translators=list(d.translators), genre=d.genre,
        profile=profiles.get(d.outlet or ""), original_profile=profiles.get(d.original_outlet or ""), chain=chain,
    )


def _chains(sources: list[Source]) -> list[Chain]:
    groups: dict[tuple[str, str | None, tuple[str, ...]], list[int]] = defaultdict(list)
    for s in sources:
        if s.original_outlet and s.original_outlet != s.outlet:
            groups[(s.original_outlet, s.outlet, tuple(s.translators))].append(s.id)
    return [Chain(o, out, list(tr), ids, "translation" if tr else "republication")
            for (o, out, tr), ids in sorted(groups.items(), key=lambda kv: kv[1])]


# --------------------------------------------------------------------------- occasions


def _persons(e: Event, gaz: Gazetteer) -> frozenset[str]:
    return _person_ids((a.identifier_text for a in e.actors), gaz)


def _person_ids(identifiers: Iterable[str | None], gaz: Gazetteer) -> frozenset[str]:
    out = set()
    for name in identifiers:
        entry = gaz.entries.get(name or "")
        if entry is not None and entry.type == "PERSON":
            out.add(entry.id)
    return frozenset(out)


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((Date.fromisoformat(a[:10]) - Date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def occasions(events: list[Event], gaz: Gazetteer, max_days: int = 3) -> list[Event]:
    """Join events that merging kept apart only because their sources disagree on the date
    or the place: same category, the same people (two at least), dates at most ``max_days``
    apart, reported as having happened, and no source that reports both (a source that
    tells of two meetings means two meetings). The joined event keeps the id of the most
    reported one and all mentions."""
    candidates = [e for e in events if e.status == "happened" and len(_persons(e, gaz)) >= 2]
    by_key: dict[tuple[str, frozenset[str]], list[Event]] = defaultdict(list)
    for e in candidates:
        by_key[(e.event, _persons(e, gaz))].append(e)
    joined: dict[str, Event] = {}
    for group in by_key.values():
        group.sort(key=lambda e: (-len({m.document for m in e.mentions}), e.id))
        heads: list[tuple[Event, set[str | None]]] = []
        for e in group:
            docs = {m.document for m in e.mentions}
            for head, head_docs in heads:
                apart = _days_apart(head.date, e.date)
                if not (docs & head_docs) and apart is not None and apart <= max_days:
                    head.mentions = head.mentions + e.mentions
                    head_docs |= docs
                    joined[e.id] = head
                    break
            else:
                heads.append((Event(e.id, e.event, list(e.actors), list(e.recipients), list(e.mode), list(e.context),
                                    e.date, e.place, e.status, list(e.mentions)), docs))
        for head, _ in heads:
            joined.setdefault(head.id, head)
    out, seen = [], set()
    for e in events:
        head = joined.get(e.id, e)
        if head.id not in seen:
            seen.add(head.id)
            out.append(head)
    return out


# --------------------------------------------------------------------------- coverage


def _stories(events: list[Event], docs: dict[str, StoredDocument]) -> list[list[int]]:
    """Sources of one story: two sources are joined when the event both report most is the
    same, or when they share two events or more (one passing mention of another story's
    event does not join two stories)."""
    parent: dict[int, int] = {sd.id: sd.id for sd in docs.values()}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    main = {docs[h].id: e for h, e in _main_events(events, docs).items()}
    shared: Counter[tuple[int, int]] = Counter()
    for e in events:
        ids = sorted({docs[m.document].id for m in e.mentions if m.document in docs})
        for n, a in enumerate(ids):
            for b in ids[n + 1:]:
                shared[(a, b)] += 1
                if main.get(a) == e.id and main.get(b) == e.id:
                    shared[(a, b)] += 1
    for (a, b), n in shared.items():
        if n >= 2:
            parent[find(b)] = find(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in sorted(parent):
        groups[find(x)].append(x)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def _reportable(e: Event) -> bool:
    # an event some source reports as having happened or being planned, with its parties named
    return bool(e.actors) and any(m.status in ("happened", "scheduled") for m in e.mentions)


def _coverage(events: list[Event], docs: dict[str, StoredDocument], groups: list[StatementGroup],
              stories: list[list[int]]) -> Coverage:
    story_of = {s: i for i, g in enumerate(stories) for s in g}
    rows, only_in, silences = [], defaultdict(list), []
    for e in events:
        ids = sorted({docs[m.document].id for m in e.mentions if m.document in docs})
        if not ids:
            continue
        # the story that holds most of its reporters
        n = Counter(story_of[i] for i in ids).most_common(1)[0][0]
        rows.append(EventRow(e.id, e.event, e.date, e.place, e.status, [_key(a) for a in e.actors], ids, n))
        if len(ids) == 1 and _reportable(e):
            only_in[ids[0]].append(e.id)
        story = stories[n]
        inside = [i for i in ids if i in story]
        # silent: most of the story's sources report it (at least two, more than half of them)
        if len(story) >= 3 and len(inside) >= 2 and len(inside) * 2 > len(story) and _reportable(e):
            silences += [Silence(s, e.id, inside) for s in story if s not in ids]
    rows.sort(key=lambda r: (r.story, -len(r.sources), r.date or "9999", r.id))
    claims: dict[int, list[int]] = defaultdict(list)
    for g in groups:
        if len(g.sources) == 1:
            claims[g.sources[0]].append(g.id)
    return Coverage(rows, stories, dict(only_in), dict(claims), silences)


# --------------------------------------------------------------------------- facts


def _fact(event: str, name: str, values: dict[str, Value], notes: list[str]) -> Fact:
    """Values differ across sources when one source gives a value another does not and the
    other gives one the first does not; one source giving two values (of two things it
    tells apart) is no disagreement between sources."""
    vals = sorted(values.values(), key=lambda v: (-len(v.sources), v.value))
    split = any(set(a.sources) - set(b.sources) and set(b.sources) - set(a.sources)
                for i, a in enumerate(vals) for b in vals[i + 1:])
    return Fact(event, name, "contradict" if split else "agree", vals, notes)


def _add(values: dict[str, Value], value: str, ev: Evidence, note: str | None = None) -> None:
    v = values.setdefault(value, Value(value, [], note))
    if all((x.source, x.sentence) != (ev.source, ev.sentence) for x in v.evidence):
        v.evidence.append(ev)


def _dates(e: Event, docs: dict[str, StoredDocument], gaz: Gazetteer) -> Fact | None:
    local: dict[str, Value] = {}
    japan: list[tuple[str, Evidence]] = []
    for m in e.mentions:
        sd = docs.get(m.document or "")
        if sd is None or m.status in ("hypothetical", "negated"):
            continue
        if m.date:
            _add(local, m.date[:10], _evidence(sd, m.sentence))
            continue
        # a date given in Japan time without a clock time: the analysis leaves the local date
        # open; it is one of (at most) two local days
        marks = claim_patterns(sd.doc.language).zone_marks
        for t in sd.doc.time_expressions:
            if t.sentence == m.sentence and t.value and t.kind == "absolute" and marks.search(t.text):
                japan.append((t.value[:10], _evidence(sd, m.sentence)))
    if not local and not japan:
        return None
    notes: list[str] = []
    zone = local_zone(e.place, gaz) if e.place else None
    for day, ev in japan:
        if zone is None:
            _add(local, NOTES["japan_time_value"].format(day=day), ev)
            continue
        start = datetime.combine(Date.fromisoformat(day), time(0), ZoneInfo("Asia/Tokyo"))
        days = sorted({(start + timedelta(hours=h)).astimezone(ZoneInfo(zone)).date().isoformat() for h in (0, 23.99)})
        match = [d for d in days if d in local]
        target = match[0] if match else (days[0] if len(days) == 1 else None)
        if target is None:
            _add(local, NOTES["japan_time_value"].format(day=day), ev)
            continue
        note = NOTES["japan_time"].format(day=day, local=target, place=e.place, zone=zone)
        _add(local, target, ev, note)
        if note not in notes:
            notes.append(note)
    return _fact(e.id, "date", local, notes)


def _places(e: Event, docs: dict[str, StoredDocument], gaz: Gazetteer) -> Fact | None:
    raw: dict[str, list[Evidence]] = defaultdict(list)
    for m in e.mentions:
        sd = docs.get(m.document or "")
        if sd is not None and m.place and m.status not in ("hypothetical", "negated"):
            raw[m.place].append(_evidence(sd, m.sentence))
    if not raw:
        return None
    # fold each place into the most specific place it is compatible with
    places = sorted(raw, key=lambda p: (p != e.place, -len(ancestors(gaz, p)), -len(raw[p]), p))
    values: dict[str, Value] = {}
    notes: list[str] = []
    for p in places:
        home = next((v for v in values if _same_place(gaz, v, p) is not None), None)
        for ev in raw[p]:
            _add(values, home or p, ev)
        if home and home != p:
            note = _same_place(gaz, home, p)
            if note and note not in notes:
                notes.append(note)
    return _fact(e.id, "place", values, notes)


def _participants(e: Event, docs: dict[str, StoredDocument], gaz: Gazetteer) -> Fact | None:
    """Who took part, state by state. Two sources that name different people for one state,
    neither naming the other's, contradict; a state named by one source and its leader by
    another do not."""
    persons: dict[str, dict[int, dict[str, list[Evidence]]]] = defaultdict(lambda: defaultdict(dict))
    states: dict[str, dict[int, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
    for m in e.mentions:
        sd = docs.get(m.document or "")
        if sd is None or m.status in ("hypothetical", "negated"):
            continue
        for a in m.actors:
            entry = gaz.entries.get(a.identifier_text or "")
            state = a.code or _key(a)
            ev = _evidence(sd, m.sentence)
            states[state][sd.id].append(ev)
            if entry is not None and entry.type == "PERSON":
                persons[state][sd.id].setdefault(entry.id, []).append(ev)
    if len({s for st in states.values() for s in st}) < 2:
        return None
    values: dict[str, Value] = {}
    notes: list[str] = []
    verdict = "agree"
    for state, by_source in states.items():
        named = persons.get(state, {})
        people = sorted({p for ps in named.values() for p in ps})
        sets = [set(ps) for ps in named.values()]
        clash = any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:])
        if clash:
            verdict = "contradict"
            for person in people:
                for ps in named.values():
                    for ev in ps.get(person, []):
                        _add(values, f"{state}: {person}", ev)
            continue
        label = f"{state}: {', '.join(people)}" if people else state
        for evs in by_source.values():
            for ev in evs[:1]:
                _add(values, label, ev)
        silent_on_person = [sid for sid in by_source if sid not in named]
        if people and silent_on_person:
            notes.append(NOTES["stands_for"].format(people=", ".join(people), state=state,
                                                    sources=_sources(silent_on_person)))
    vals = sorted(values.values(), key=lambda v: (-len(v.sources), v.value))
    return Fact(e.id, "participants", verdict, vals, notes)


def _mention_sentences(e: Event, docs: dict[str, StoredDocument]) -> list[tuple[StoredDocument, int]]:
    """The sentences that report the event (a possible event's sentences state no facts of it)."""
    out, seen = [], set()
    for m in e.mentions:
        sd = docs.get(m.document or "")
        if sd is None or m.sentence is None or m.status == "hypothetical" or (sd.id, m.sentence) in seen:
            continue
        seen.add((sd.id, m.sentence))
        out.append((sd, m.sentence))
    return out


def _outcome(e: Event, sentences: list[tuple[StoredDocument, int]]) -> Fact | None:
    """Agreement reached or not. A source that reports both (no ceasefire, but a prisoner
    exchange agreed) tells of an outcome in parts: sources contradict only when one reports
    only an agreement and another only its absence."""
    values: dict[str, Value] = {}
    for sd, i in sentences:
        text = _sentence_text(sd.doc, i)
        for name, pattern in claim_patterns(sd.doc.language).outcome.items():
            if pattern.search(text):
                _add(values, name, _evidence(sd, i))
    if not values:
        return None
    fact = _fact(e.id, "outcome", values, [])
    both = set.intersection(*(set(v.sources) for v in values.values())) if len(values) > 1 else set()
    if both:
        only = [set(v.sources) - both for v in values.values()]
        if sum(bool(o) for o in only) < 2:
            fact.verdict = "agree"
        fact.notes.append(NOTES["both_outcomes"].format(sources=_sources(sorted(both))))
    return fact


@dataclass(slots=True)
class Amount:
    """A figure as a range: exact (low == high), about (±25 %), more than, less than."""

    low: float
    high: float
    shown: str


def figures(text: str, lang: str, category: str | None = None) -> list[tuple[str, Amount]]:
    """(kind, amount) of each figure the claim patterns find in a sentence (about an event of
    PLOVER ``category``, when given): durations in minutes, casualties, tariffs in percent; "about" widens an amount by a quarter, "more
    than" and "less than" leave one end open."""
    out = []
    for q in claim_patterns(lang).quantities:
        if (category and q.events and category not in q.events) or not q.context.search(text):
            continue
        if q.exclude is not None and q.exclude.search(text):
            continue
        for pattern in q.patterns:
            for mt in pattern.finditer(text):
                groups = mt.groupdict()
                n = _number(groups.get("num") or "")
                if n is None:
                    continue
                unit = (groups.get("unit") or "").lower().strip()
                scale = q.units.get(unit, q.units.get(unit.rstrip("s"), next(iter(q.units.values()))))
                value = (n + (0.5 if groups.get("half") else 0)) * scale + float(groups.get("minutes") or 0)
                shown = mt.group(0).strip()
                if groups.get("upper"):
                    amount = Amount(0, value, shown)
                elif groups.get("bound"):
                    amount = Amount(value, float("inf"), shown)
                elif groups.get("approx") or groups.get("approx2"):
                    amount = Amount(value * 0.75, value * 1.25, shown)
                else:
                    amount = Amount(value, value, shown)
                out.append((q.kind, amount))
    return out


def _quantities(e: Event, sentences: list[tuple[StoredDocument, int]]) -> list[Fact]:
    found: dict[str, list[tuple[Amount, Evidence]]] = defaultdict(list)
    for sd, i in sentences:
        for kind, amount in figures(_sentence_text(sd.doc, i), sd.doc.language, e.event):
            found[kind].append((amount, _evidence(sd, i)))
    facts = []
    for kind, items in found.items():
        # amounts whose ranges overlap are one figure; the first of each group names it
        groups: list[tuple[Amount, dict[str, Value]]] = []
        for amount, ev in sorted(items, key=lambda x: x[0].high - x[0].low):
            for rep, vals in groups:
                if amount.low <= rep.high and rep.low <= amount.high:
                    _add(vals, amount.shown, ev)
                    rep.low, rep.high = max(rep.low, amount.low), min(rep.high, amount.high)
                    break
            else:
                vals: dict[str, Value] = {}
                _add(vals, amount.shown, ev)
                groups.append((Amount(amount.low, amount.high, amount.shown), vals))
        values = {}
        notes = []
        for rep, vals in groups:
            forms = list(vals.values())
            merged = Value(rep.shown, [ev for v in forms for ev in v.evidence])
            values[rep.shown] = merged
            if len(forms) > 1:
                notes.append(NOTES["one_figure"].format(forms=" / ".join(v.value for v in forms)))
        facts.append(_fact(e.id, kind, values, notes))
    return facts


def _precedents(e: Event, sentences: list[tuple[StoredDocument, int]]) -> list[Fact]:
    """'The first X since YEAR': the year X last happened, per topic. Years that differ
    contradict; 'the first since the invasion of YEAR' only says the last time was earlier."""
    lasts: dict[str, dict[str, Value]] = defaultdict(dict)
    bounds: dict[str, list[tuple[int, Evidence]]] = defaultdict(list)
    for sd, i in sentences:
        text = _sentence_text(sd.doc, i)
        c = claim_patterns(sd.doc.language)
        if c.precedent_cue is not None and not c.precedent_cue.search(text):
            continue
        for pattern in c.precedents:
            for mt in pattern.finditer(text):
                g = mt.groupdict()
                anchor, rest, before = g.get("anchor") or "", g.get("rest") or "", g.get("before") or ""
                if rest and not c.first.search(rest) and not before:
                    continue
                topic = next((t for t, p in c.topics.items() if p.search(anchor)), None)
                is_bound = topic is None and bool(c.bounds.search(anchor))
                topic = topic or next((t for t, p in c.topics.items() if p.search(rest or before)), None)
                if topic is None:
                    continue
                ev = _evidence(sd, i)
                if is_bound:
                    bounds[topic].append((int(g["year"]), ev))
                else:
                    _add(lasts[topic], g["year"], ev)
    facts = []
    for topic in sorted(set(lasts) | set(bounds)):
        values = dict(lasts[topic])
        notes = []
        for year, ev in bounds[topic]:
            later = [v for v in values if v.isdigit() and int(v) >= year]
            if later:
                _add(values, NOTES["none_since"].format(year=year), ev)
            else:
                years = ", ".join(sorted(v for v in values if v.isdigit())) or NOTES["earlier_year"]
                notes.append(NOTES["first_since"].format(year=year, evidence=f"#{ev.source}:{ev.sentence}",
                                                         topic=topic, years=years))
        if values:
            facts.append(_fact(e.id, f"previous {topic}", values, notes))
    return facts


def _main_events(events: list[Event], docs: dict[str, StoredDocument]) -> dict[str, str]:
    """Document hash -> the event it reports most (ties: the one most sources report), among
    events other sources report too."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    reach: dict[str, int] = {}
    for e in events:
        hashes = {m.document for m in e.mentions if m.document in docs}
        if len(hashes) < 2:
            continue
        reach[e.id] = len(hashes)
        for m in e.mentions:
            if m.document in docs:
                counts[m.document][e.id] += 1
    return {h: max(c, key=lambda k: (c[k], reach[k], k)) for h, c in counts.items()}


def _facts(events: list[Event], docs: dict[str, StoredDocument], gaz: Gazetteer,
           all_events: list[Event]) -> list[Fact]:
    main = _main_events(all_events, docs)
    # an agreement reached or missed at the meeting: AGREE and REJECT mentions of the same
    # day (or undated) in the same source speak to the meeting's outcome
    settled: dict[str, list[tuple[EventMention, StoredDocument]]] = defaultdict(list)
    for ae in all_events:
        if ae.event in ("AGREE", "REJECT"):
            for m in ae.mentions:
                sd = docs.get(m.document or "")
                if sd is not None and m.sentence is not None:
                    settled[m.document or ""].append((m, sd))
    reported = {(m.document, m.sentence) for ae in all_events for m in ae.mentions}
    facts: list[Fact] = []
    for e in events:
        hashes = {m.document or "" for m in e.mentions if m.document in docs}
        if len(hashes) < 2:
            continue
        sentences = _mention_sentences(e, docs)
        facts += [f for f in (_dates(e, docs, gaz), _places(e, docs, gaz), _participants(e, docs, gaz)) if f]
        # the agreements a piece reports without a date of their own belong to its main meeting
        extra = [(sd, m.sentence) for h in hashes if main.get(h) == e.id for m, sd in settled.get(h, [])
                 if m.date in (None, e.date) and m.sentence is not None]
        if e.event == "CONSULT":
            f = _outcome(e, _unique(sentences + extra))
            if f:
                facts.append(f)
        # "the first since …" and a figure in a sentence that reports no other event describe
        # the piece's main event ("直接交渉は約1時間40分で終了。")
        whole = [(docs[h], s.index) for h in hashes if main.get(h) == e.id for s in docs[h].doc.sentences]
        unclaimed = [(sd, i) for sd, i in whole if (sd.doc.content_hash, i) not in reported]
        facts += _quantities(e, _unique(sentences + extra + unclaimed))
        facts += _precedents(e, _unique(sentences + whole))
    return facts


def _unique(items: list[tuple[StoredDocument, int]]) -> list[tuple[StoredDocument, int]]:
    seen, out = set(), []
    for sd, i in items:
        if (sd.id, i) not in seen:
            seen.add((sd.id, i))
            out.append((sd, i))
    return out


# --------------------------------------------------------------------------- statements


_EN_STOP = set("""a an the and or but of to in on at for with by from as is are was were be been being it its this that
these those he she they we i you his her their our not no will would could should may might can has have had do does
did said says say told about over after before than then there here which who whom what when where why how all any
also into out up down very more most just so""".split())


def _features(st: Statement, lang: str, gaz: Gazetteer) -> tuple[set[str], set[str]]:
    """(names and figures, words): names by the actor dictionary so that versions in two
    languages meet; words are bigrams of Japanese text or English content words, names
    left out (a shared "President Donald Trump" is no shared content)."""
    text = st.text
    matches = gaz.find(text, lang)
    names = {m.entry.id for m in matches if m.entry.id != _key(st.speaker)}
    names |= set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
    for m in sorted(matches, key=lambda m: -m.start):
        text = text[:m.start] + " " + text[m.end:]
    if lang == "en":
        words = {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _EN_STOP and len(w) > 2}
    else:
        chars = re.sub(r"[\s、。「」『』()（）・,.!?！？]", "", text)
        words = {chars[i:i + 2] for i in range(len(chars) - 1)}
    return names, words


def _statement_groups(docs: dict[str, StoredDocument], gaz: Gazetteer,
                      story_of: dict[int, int], snapshot: Snapshot | None = None) -> list[StatementGroup]:
    """One speaker's statements grouped across the sources of a story."""
    items = []
    for sd in docs.values():
        mine = snapshot.statements.get(sd.id) if snapshot is not None else None
        if mine is None:
            mine, seen = [], set()
            for st in sd.doc.statements:
                k = (_key(st.speaker), st.text)
                if k in seen:
                    continue
                seen.add(k)
                names, words = _features(st, sd.doc.language, gaz)
                mine.append((sd, st, names, words))
            if snapshot is not None:
                snapshot.statements[sd.id] = mine
        items += mine
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, (_, st, _, _) in enumerate(items):
        by_speaker[_key(st.speaker)].append(i)
    for idx in by_speaker.values():
        for a_pos, a in enumerate(idx):
            for b in idx[a_pos + 1:]:
                da, db = items[a][0].id, items[b][0].id
                # versions of one statement come from one story, or from pieces of the same days
                sta, stb = items[a][1], items[b][1]
                near = story_of.get(da) == story_of.get(db) or (sta.date is not None and sta.date == stb.date) or (
                    (_days_apart(items[a][0].doc.publication_date, items[b][0].doc.publication_date) or 99) <= 3)
                if da != db and near and _same_statement(items[a], items[b]):
                    parent[find(b)] = find(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    out = []
    for n, members in enumerate(sorted(groups.values(), key=lambda g: (-len({items[i][0].id for i in g}), g))):
        versions = []
        for i in members:
            sd, st, names, _ = items[i]
            other = [items[j][2] for j in members if items[j][0].id != sd.id]
            everywhere = set.intersection(*other) if other else set()
            versions.append(Version(sd.id, st.sentence, _key(st.speaker), st.text, st.verb, st.date, sd.doc.language,
                                    sorted(names - set().union(*other)) if other else [],
                                    sorted(everywhere - names)))
        out.append(StatementGroup(n + 1, _key(items[members[0]][1].speaker), versions))
    return out


def _same_statement(a: tuple, b: tuple) -> bool:
    """One statement in two versions: in one language, most of the shorter version's words
    (two English words or six Japanese bigrams at least) are in the other; across
    languages, two names, or a name and a figure, are shared. Two dates that differ are two
    statements."""
    (sa, sta, na, wa), (sb, stb, nb, wb) = a, b
    if sta.date and stb.date and sta.date != stb.date:
        return False
    shared_names = na & nb
    named = {n for n in shared_names if not n.replace(".", "").isdigit()}
    if sa.doc.language == sb.doc.language:
        shared = len(wa & wb)
        if shared < (2 if sa.doc.language == "en" else 6):
            return False
        overlap = shared / max(1, min(len(wa), len(wb)))
        return overlap >= 0.5 or (overlap >= 0.3 and len(shared_names) >= 2)
    return len(named) >= 2 or (len(named) >= 1 and len(shared_names) >= 2)


# --------------------------------------------------------------------------- framing


@dataclass(slots=True)
class _Ent:
    i: int
    j: int
    key: str
    state: str | None


def _sentence_entities(doc: Document, gaz: Gazetteer) -> dict[int, list[_Ent]]:
    """Actors named in each sentence; a capital stands for its government (キーウの敗北)."""
    out: dict[int, list[_Ent]] = defaultdict(list)
    for e in doc.entities:
        if e.sentence is None or not 0 <= e.sentence < len(doc.sentences):
            continue
        entry = gaz.entries.get(e.identifier_text or "")
        if e.type not in _ACTOR_TYPES and not (entry is not None and entry.kind == "capital"):
            continue
        s = doc.sentences[e.sentence]
        i, j = _local(s, e.start), _local(s, e.end)
        if doc.language != "en" and j - i == 1 and (
                (i > 0 and _KANJI.match(s.text[i - 1])) or (j < len(s.text) and _WORD.match(s.text[j]))):
            continue  # 米 in 訪米, 米ロ首脳会談: part of a word, not a name in its own right
        key = e.identifier_text or e.code or e.text
        out[e.sentence].append(_Ent(i, j, key, _state_of(gaz, key, e.code or (entry.code if entry else None))))
    for ents in out.values():
        ents.sort(key=lambda x: x.i)
    return out


_KANJI = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]")
# a title between the name and its particle: トランプ米大統領の, 習近平国家主席が
_JA_TITLE = r"\s*(?:[米露中日英仏独韓朝ロ]|[^\s、。はがをにのとも]{0,3}国)?(?:氏|大統領|首相|政権|側|国家主席|外相|政府|当局)?"
_JA_BENEFACTIVE = re.compile(_JA_TITLE + r"(?:にとって|にとっての|の|による)")
_JA_SUBJECT = re.compile(_JA_TITLE + r"(?:は|が|も)")
_JA_OBJECT = re.compile(_JA_TITLE + r"を")


def _target(text: str, ents: list[_Ent], i: int, j: int, target: str | None, lang: str) -> _Ent | None:
    """The actor a cue at text[i:j] is about (see the framing data files for the order)."""
    before = [e for e in ents if e.j <= i]
    after = [e for e in ents if e.i >= j]
    if target == "after":  # 侵略を続けるロシア: the name the cue's clause describes
        return after[0] if after and after[0].i - j <= 3 else None
    if lang == "en":
        if target == "object":  # accused Russia of …
            return after[0] if after and after[0].i - j <= 12 else None
        poss = [e for e in before if re.fullmatch(r"['’]s?\s+(?:\w+\s+){0,2}|-", text[e.j:i])]
        if poss:
            return poss[-1]
        near = [e for e in after if re.fullmatch(r"\W*(?:for|by)\s+(?:the\s+)?", text[j:e.i])]
        if near:
            return near[0]
        # else the subject: the nearest name before, in the same clause
        last = before[-1] if before else None
        return last if last and i - last.j <= 40 and not re.search(r"[,;:]|\b(?:where|which|who|while)\b",
                                                                     text[last.j:i]) else None
    # a name fused to the cue (ウクライナ侵攻, ロシア孤立化) is what the act is done to
    fused = [e for e in before if not text[e.j:i].strip()]
    if target == "object":
        obj = [e for e in before if _JA_OBJECT.match(text[e.j:])] + fused
        return max(obj, key=lambda e: e.j) if obj else None
    before = [e for e in before if e not in fused]
    marked = [e for e in before if "にとって" in text[e.j:e.j + 12] or (
        _JA_BENEFACTIVE.match(text[e.j:]) and i - e.j <= 12)]
    if marked:
        return marked[-1]
    # otherwise the topic or subject (Xは, Xが); a name with any other particle is not who
    # the label is about
    subj = [e for e in before if _JA_SUBJECT.match(text[e.j:])]
    return subj[-1] if subj else None


def _framing(docs: dict[str, StoredDocument], gaz: Gazetteer, actor: str | None,
             snapshot: Snapshot | None = None) -> list[Label]:
    labels = []
    for sd in docs.values():
        mine = snapshot.labels.get(sd.id) if snapshot is not None else None
        if mine is None:
            mine = _document_labels(sd, gaz)
            if snapshot is not None:
                snapshot.labels[sd.id] = mine
        labels += [lb for lb in mine if not actor or _is_actor(lb.actor, lb.state, actor)]
    return labels


def _document_labels(sd: StoredDocument, gaz: Gazetteer) -> list[Label]:
    """The framing labels one document gives any actor."""
    labels = []
    lang = sd.doc.language
    lex = framing_lexicon(lang)
    ents = _sentence_entities(sd.doc, gaz)
    for s in sd.doc.sentences:
        if s.index not in ents:
            continue  # no actor named: no label without its actor
        text = s.text
        for cue in lex.cues:
            for mt in cue.pattern.finditer(text):
                who = _target(text, ents[s.index], mt.start(), mt.end(), cue.target, lang)
                if who is None:
                    continue
                negated = bool(lex.negations and lex.negations.match(text, mt.end(), mt.end() + 12))
                if lex.reversals is not None:
                    negated = negated or bool(lex.reversals.search(text[mt.end():mt.end() + 40]))
                if lex.negations_before is not None:
                    negated = negated or bool(lex.negations_before.search(text[max(0, mt.start() - 25):mt.start()]))
                labels.append(Label(sd.id, who.key, who.state, cue.label, cue.dimension, negated,
                                    _quoted(text, mt.start()), mt.group(0), Evidence(sd.id, s.index, text)))
    return labels


def _is_actor(key: str, state: str | None, actor: str) -> bool:
    a = actor.casefold()
    return a in {key.casefold(), (state or "").casefold()}


def _agency(docs: dict[str, StoredDocument], actor: str | None) -> list[Agency]:
    out = []
    for sd in docs.values():
        for m in sd.doc.events:
            if m.status != "happened":
                continue
            for role, refs in (("agent", m.actors), ("target", m.recipients)):
                for a in refs:
                    if actor and actor.casefold() not in {(x or "").casefold() for x in (a.entity_text, a.identifier_text, a.code)}:
                        continue
                    out.append(Agency(sd.id, _key(a), role, m.event, _evidence(sd, m.sentence)))
    return out


def _disputes(labels: list[Label], stories: list[list[int]]) -> list[Dispute]:
    """Framing questions the sources answer differently: for each dimension, the actors (at
    state level, so that Putin and Russia are one) each source gives each label; sources
    dispute when their answers differ. Only sources of one story are compared. Denied labels and labels inside someone's quoted words
    are left out."""
    story_of = {s: n for n, story in enumerate(stories) for s in story}
    answers: dict[tuple[int, str], dict[int, dict[str, dict[str, list[int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list))))
    for lb in labels:
        if lb.negated or lb.quoted or lb.source not in story_of:
            continue
        key = (story_of[lb.source], lb.dimension)
        answers[key][lb.source][lb.label][lb.state or lb.actor].append(lb.evidence.sentence)
    out = []
    for (_, dim), by_source in sorted(answers.items()):
        if len(by_source) < 2:
            continue
        distinct = {tuple(sorted((lab, tuple(sorted(acts))) for lab, acts in ans.items())) for ans in by_source.values()}
        if len(distinct) > 1:
            out.append(Dispute(dim, {s: {lab: {a: sorted(set(ix)) for a, ix in sorted(acts.items())}
                                         for lab, acts in sorted(ans.items())}
                                     for s, ans in sorted(by_source.items())}))
    return out


# --------------------------------------------------------------------------- entry point


def compare(store: Store, event: str | None = None, query: str | None = None, actor: str | None = None,
            gazetteer: Gazetteer | None = None, snapshot: Snapshot | None = None) -> Comparison:
    """Compare the accounts in ``store``: all of them, those of one event (id or id prefix),
    of the documents matching a full-text ``query``, or of the events of one ``actor``.
    Raises ``ValueError`` when the event or query finds nothing.

    One event is compared without reading the whole store: only its mentions' documents and
    the events that bear on it are read (``_one_event``); the result is the same. With a
    ``snapshot`` of the store (taken since its last change), nothing is read from the store and
    what was worked out per document for an earlier comparison is used again."""
    gaz = gazetteer or default_gazetteer()
    if event:
        all_events, events, docs = _one_event(store, event, gaz, snapshot)
    else:
        all_events, events, docs = _whole_store(store, gaz, actor=actor, snapshot=snapshot)
    return _compared(store, gaz, all_events, events, docs, query, actor, snapshot)


class Snapshot:
    """Every merged event and latest document of a store, read once (the whole store's
    comparison reads them all anyway), and what comparisons work out per document (framing
    labels, the features of statements): one event's comparison over a snapshot reads nothing
    from the store and redoes none of that. Valid until the store changes; the web app keeps one
    per state of the store."""

    def __init__(self, events: list[Event], stored: list[StoredDocument]) -> None:
        self.events = {e.id: e for e in events}  # in the order of ``Store.events``
        self.ids = sorted(self.events)
        self.docs = {sd.doc.content_hash: sd for sd in stored}  # in the order of ``Store.documents``
        self.told: dict[str, set[str]] = defaultdict(set)  # document hash -> events it tells
        for e in events:
            for m in e.mentions:
                if m.document:
                    self.told[m.document].add(e.id)
        self.people: dict[str, dict[frozenset[str], list[str]]] = {}  # as ``_Events.people``
        self.labels: dict[int, list[Label]] = {}  # document id -> framing labels of every actor
        self.statements: dict[int, list[tuple]] = {}  # document id -> its statements with their features

    @classmethod
    def read(cls, store: Store) -> Snapshot:
        return cls(store.events(), store.documents())

    def starting(self, prefix: str) -> list[str]:
        """Ids of the events that start with ``prefix``."""
        n = bisect.bisect_left(self.ids, prefix)
        out = []
        while n < len(self.ids) and self.ids[n].startswith(prefix):
            out.append(self.ids[n])
            n += 1
        return out


def _whole_store(store: Store, gaz: Gazetteer, event: str | None = None, actor: str | None = None,
                 snapshot: Snapshot | None = None) -> tuple[list[Event], list[Event], dict[str, StoredDocument]]:
    """(every event joined into occasions, the events compared, their documents by hash),
    read from every event and document of the store."""
    if snapshot is not None:
        docs, merged = dict(snapshot.docs), list(snapshot.events.values())
    else:
        docs = {sd.doc.content_hash: sd for sd in store.documents()}
        merged = store.events()
    if not docs:
        raise ValueError(MESSAGES["empty"])
    all_events = occasions(merged, gaz)
    events = all_events
    if event:
        events = _occasions_of(event, merged, all_events)
    elif actor:
        wanted = {e.id for e in store.events(actor=actor)}
        events = [e for e in all_events if e.id in wanted]
        if not events:
            raise ValueError(MESSAGES["no_actor"].format(actor=repr(actor)))
    if event or actor:
        hashes = {m.document for e in events for m in e.mentions}
        docs = {h: sd for h, sd in docs.items() if h in hashes}
    return all_events, events, docs


def _occasions_of(event: str, merged: list[Event], all_events: list[Event]) -> list[Event]:
    # an id of an event joined into an occasion finds the occasion
    wanted = {id(m) for e in merged if e.id.startswith(event) for m in e.mentions}
    events = [e for e in all_events if e.id.startswith(event) or any(id(m) in wanted for m in e.mentions)]
    if not events:
        raise ValueError(MESSAGES["no_event"].format(event=repr(event)))
    return events


class _Events:
    """Events read by id as they are needed, and the events ``occasions`` may join with them:
    same category (by the category's index), reported as having happened, same people."""

    def __init__(self, store: Store, gaz: Gazetteer, snapshot: Snapshot | None = None) -> None:
        self.store = store
        self.gaz = gaz
        self.snapshot = snapshot
        self.loaded: dict[str, Event] = {}
        # category -> people -> event ids
        self.people: dict[str, dict[frozenset[str], list[str]]] = snapshot.people if snapshot else {}

    def read(self, ids: Iterable[str]) -> list[Event]:
        ids = list(ids)
        missing = sorted(set(ids) - self.loaded.keys())
        if self.snapshot is not None:
            self.loaded.update((i, self.snapshot.events[i]) for i in missing if i in self.snapshot.events)
            missing = []
        for n in range(0, len(missing), 5000):
            self.loaded.update((e.id, e) for e in self.store.events(ids=missing[n:n + 5000]))
        return [self.loaded[i] for i in ids if i in self.loaded]

    def with_occasions(self, ids: Iterable[str]) -> list[Event]:
        """The events ``ids`` and every event that could be joined into an occasion with them."""
        events = self.read(list(dict.fromkeys(ids)))
        more = set()
        for e in events:
            people = _persons(e, self.gaz)
            if e.status == "happened" and len(people) >= 2:
                more.update(self._same_people(e.event).get(people, ()))
        return events + self.read(sorted(more))

    def _same_people(self, category: str) -> dict[frozenset[str], list[str]]:
        if category not in self.people:
            groups: dict[frozenset[str], list[str]] = defaultdict(list)
            if self.snapshot is not None:
                for e in self.snapshot.events.values():
                    if e.event == category and e.status == "happened":
                        people = _persons(e, self.gaz)
                        if len(people) >= 2:
                            groups[people].append(e.id)
            else:
                # the actors as stored text: events of one category often name the same actors,
                # and each distinct list is decoded once
                seen: dict[str, frozenset[str]] = {}
                with self.store.engine.connect() as conn:
                    rows = conn.execute(sa.select(events_t.c.id, sa.cast(events_t.c.actors, sa.Text))
                                        .where(events_t.c.event == category, events_t.c.status == "happened"))
                    for i, raw in rows:
                        people = seen.get(raw or "")
                        if people is None:
                            people = seen[raw or ""] = _person_ids(
                                (actor_from_json(a).identifier_text for a in json.loads(raw or "null") or ()), self.gaz)
                        if len(people) >= 2:
                            groups[people].append(i)
            self.people[category] = groups
        return self.people[category]

    def in_order(self) -> list[Event]:
        # the order of ``Store.events``: dated first, by date, then by id
        return sorted(self.loaded.values(), key=lambda e: (e.date is None, e.date or "", e.id))


def _one_event(store: Store, event: str, gaz: Gazetteer, snapshot: Snapshot | None = None,
               ) -> tuple[list[Event], list[Event], dict[str, StoredDocument]]:
    """What ``_whole_store`` gives for one event, read from the event, its occasion, its
    documents and the events those documents tell (with their own occasions): the facts of an
    event weigh the other events of its documents (a piece's main event, its agreements)."""
    if snapshot is not None:
        ids = snapshot.starting(event)
    else:
        with store.engine.connect() as conn:
            ids = [i for i in conn.execute(sa.select(events_t.c.id).where(
                events_t.c.id.startswith(event, autoescape=True))).scalars() if i.startswith(event)]
    if not ids:
        if snapshot is not None and not snapshot.docs:
            raise ValueError(MESSAGES["empty"])
        with store.engine.connect() as conn:
            if snapshot is None and conn.execute(sa.select(documents_t.c.id).limit(1)).first() is None:
                raise ValueError(MESSAGES["empty"])
        raise ValueError(MESSAGES["no_event"].format(event=repr(event)))
    found = _Events(store, gaz, snapshot)
    found.with_occasions(ids)
    first = found.in_order()
    events = _occasions_of(event, first, occasions(first, gaz))
    hashes = {m.document for e in events for m in e.mentions if m.document}
    if snapshot is not None:
        docs = dict(sorted(((h, snapshot.docs[h]) for h in hashes if h in snapshot.docs), key=lambda x: x[1].id))
        told = {i for h in docs for i in snapshot.told.get(h, ())}
    else:
        docs = {sd.doc.content_hash: sd for sd in store.documents_with_hashes(sorted(hashes)) if sd.is_latest}
        with store.engine.connect() as conn:
            told = set(conn.execute(sa.select(event_mentions_t.c.event_id).distinct().where(
                event_mentions_t.c.doc_id.in_([sd.id for sd in docs.values()]),
                event_mentions_t.c.event_id.is_not(None))).scalars())
    found.with_occasions(sorted(told))
    merged = found.in_order()
    all_events = occasions(merged, gaz)
    events = _occasions_of(event, merged, all_events)
    return all_events, events, docs


def _compared(store: Store, gaz: Gazetteer, all_events: list[Event], events: list[Event],
              docs: dict[str, StoredDocument], query: str | None, actor: str | None,
              snapshot: Snapshot | None = None) -> Comparison:
    if query:
        ids = {h.doc_id for h in store.search(query, limit=100_000)}
        if not ids:
            raise ValueError(MESSAGES["no_match"].format(query=repr(query)))
        docs = {h: sd for h, sd in docs.items() if sd.id in ids}
        events = [e for e in events if any(m.document in docs for m in e.mentions)]
    profiles = outlet_profiles()
    sources = [_source(sd, profiles) for sd in sorted(docs.values(), key=lambda x: x.id)]
    stories = _stories(events, docs)
    groups = _statement_groups(docs, gaz, {s: n for n, story in enumerate(stories) for s in story}, snapshot)
    if actor:
        a = actor.casefold()
        groups = [g for g in groups if a in {g.speaker.casefold()} | {
            (x or "").casefold() for sd in docs.values() for st in sd.doc.statements if _key(st.speaker) == g.speaker
            for x in (st.speaker.entity_text, st.speaker.code)}]
    framing = _framing(docs, gaz, actor, snapshot)
    coverage = _coverage(events, docs, groups, stories)
    return Comparison(
        sources=sources,
        chains=_chains(sources),
        coverage=coverage,
        facts=_facts(events, docs, gaz, all_events),
        statements=groups,
        framing=framing,
        agency=_agency(docs, actor),
        disputes=_disputes(framing, coverage.stories),
    )


# --------------------------------------------------------------------------- output


def to_json(c: Comparison) -> dict[str, Any]:
    """A plain-data form of the comparison for ``--json`` and tools."""
    def ev(e: Evidence) -> dict[str, Any]:
        return {"source": e.source, "sentence": e.sentence, "text": e.text}

    return {
        "sources": [{**{k: getattr(s, k) for k in ("id", "path", "language", "title", "date", "outlet",
                                                    "original_outlet", "authors", "translators", "genre",
                                                    "profile", "original_profile", "chain")}} for s in c.sources],
        "chains": [dataclasses.asdict(ch) for ch in c.chains],
        "coverage": {
            "stories": c.coverage.stories,
            "events": [dataclasses.asdict(r) for r in c.coverage.events],
            "only_in": {str(k): v for k, v in c.coverage.only_in.items()},
            "claims_only_in": {str(k): v for k, v in c.coverage.claims_only_in.items()},
            "silent": [dataclasses.asdict(s) for s in c.coverage.silences],
        },
        "facts": [{"event": f.event, "field": f.field, "verdict": f.verdict, "notes": f.notes,
                   "values": [{"value": v.value, "sources": v.sources, "note": v.note,
                               "evidence": [ev(x) for x in v.evidence]} for v in f.values]} for f in c.facts],
        "statements": [{"id": g.id, "speaker": g.speaker, "sources": g.sources,
                        "versions": [dataclasses.asdict(v) for v in g.versions]} for g in c.statements],
        "framing": [{**{k: getattr(lb, k) for k in ("source", "actor", "state", "label", "dimension", "negated",
                                                     "quoted", "cue")}, "evidence": ev(lb.evidence)}
                    for lb in c.framing],
        "agency": [{"source": a.source, "actor": a.actor, "role": a.role, "event": a.event, "evidence": ev(a.evidence)}
                   for a in c.agency],
        "disputes": [{"dimension": d.dimension, "answers": {str(k): v for k, v in d.answers.items()}}
                     for d in c.disputes],
    }


def _row(t: Table, *cells: str) -> None:
    """A table row of data: brackets in the text are text, not style markup."""
    t.add_row(*(escape(c) for c in cells))


def _cite(evs: Iterable[Evidence], limit: int = 5) -> str:
    evs = list(evs)
    firsts = {e.source: e for e in reversed(evs)}
    evs = [firsts[s] for s in sorted(firsts)] + [e for e in evs if firsts[e.source] is not e]
    shown = ", ".join(f"#{e.source}:{e.sentence}" for e in evs[:limit])
    return shown + (f" +{len(evs) - limit}" if len(evs) > limit else "")


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render(c: Comparison, console: Console, rows: int = 15) -> None:
    """Print the comparison as tables. Evidence is cited as #source:sentence; the sentences
    themselves follow each table of findings."""
    names = {s.id: s.label for s in c.sources}

    t = Table(title=f"Sources ({len(c.sources)})")
    for col in ("source", "lang", "date", "original", "authors", "translators", "genre", "outlet profile"):
        t.add_column(col, overflow="fold")
    for s in c.sources:
        p = s.profile or {}
        profile = ", ".join(str(x) for x in (p.get("kind"), p.get("country"), p.get("state_affiliation")) if x)
        _row(t, s.label, s.language, s.date or "", s.original_outlet or "", ", ".join(s.authors),
                  ", ".join(s.translators), s.genre or "", profile)
    console.print(t)
    for ch in c.chains:
        p = outlet_profiles().get(ch.original_outlet, {})
        about = f" [{', '.join(str(x) for x in (p.get('kind'), p.get('country'), p.get('state_affiliation')) if x)}]" if p else ""
        by = f" translated by {', '.join(ch.translators)}" if ch.translators else " republished"
        console.print(f"{ch.kind}: {ch.original_outlet}{about} pieces{by} for {ch.outlet or '?'}: "
                      + ", ".join(names[i] for i in ch.sources), highlight=False, markup=False)

    cov = c.coverage
    for n, story in enumerate(cov.stories):
        shared = [r for r in cov.events if r.story == n and len(r.sources) > 1]
        if not shared:
            continue
        t = Table(title=f"Coverage, story {n + 1}: events reported by more than one source")
        for col in ("event", "category", "date", "place", *[f"#{s}" for s in story]):
            t.add_column(col, overflow="fold")
        for r in shared[:rows]:
            _row(t, r.id, r.event, r.date or "", r.place or "", *["x" if s in r.sources else "" for s in story])
        if len(shared) > rows:
            t.caption = f"{len(shared) - rows} more (--json for all)"
        console.print(t)
    if cov.only_in or cov.silences:
        t = Table(title="Only in one source / silent")
        for col in ("source", "events only it reports", "statements only it has", "silent about (reported by)"):
            t.add_column(col, overflow="fold")
        rows_by_id = {r.id: r for r in cov.events}

        def brief(event_id: str) -> str:
            r = rows_by_id[event_id]
            return f"{r.id} {r.event}({', '.join(r.actors[:3])}) {r.date or ''}".strip()

        silent: dict[int, list[str]] = defaultdict(list)
        for s in cov.silences:
            silent[s.source].append(f"{brief(s.event)} — reported by #{', #'.join(map(str, s.reported_by))}")
        for s in c.sources:
            only, claims = cov.only_in.get(s.id, []), cov.claims_only_in.get(s.id, [])
            if only or claims or silent.get(s.id):
                _row(t, s.label, f"{len(only)}: " + "; ".join(brief(e) for e in only[:3]) if only else "",
                          str(len(claims)) if claims else "", "\n".join(silent.get(s.id, [])[:4]))
        console.print(t)

    if c.facts:
        t = Table(title="Facts of events reported by several sources")
        for col in ("event", "field", "verdict", "values (sources: #source:sentence)", "read as one"):
            t.add_column(col, overflow="fold")
        order = sorted(c.facts, key=lambda f: (f.verdict != "contradict", f.event, f.field))
        for f in order[: rows * 3]:
            values = "\n".join(f"{v.value} — {_cite(v.evidence)}" for v in f.values)
            _row(t, f.event, f.field, f.verdict.upper() if f.verdict == "contradict" else f.verdict, values,
                      "\n".join(f.notes))
        console.print(t)
        # the sentences behind each contradiction, and behind each variant read as one fact
        folded = [f for f in c.facts if f.verdict == "agree" and f.notes and f.field not in ("participants", "outcome")
                  and not f.field.startswith("previous")]
        for f in c.contradictions[:rows] + folded[:rows]:
            title = " vs ".join(repr(v.value) for v in f.values) if f.verdict == "contradict" else "; ".join(f.notes)
            console.print(f"{f.event} {f.field}: {title}", highlight=False, markup=False, style="bold")
            for v in f.values:
                firsts = {e.source: e for e in reversed(v.evidence)}
                for e in sorted(firsts.values(), key=lambda e: e.source)[:6]:
                    console.print(f"  {v.value} — {names.get(e.source, e.source)}:{e.sentence} {_clip(e.text, 110)}",
                                  highlight=False, markup=False)

    shared_groups = [g for g in c.statements if len(g.sources) > 1]
    if shared_groups:
        t = Table(title="Same statement in several sources")
        for col in ("speaker", "source", "verb", "what was said", "only this version has", "lacks"):
            t.add_column(col, overflow="fold")
        for g in shared_groups[:rows]:
            for v in g.versions:
                _row(t, g.speaker, f"{names.get(v.source)}:{v.sentence}", v.verb or "", _clip(v.text),
                     ", ".join(v.adds), ", ".join(v.omits))
        console.print(t)

    if c.framing:
        t = Table(title="Framing: labels each source gives each actor (evidence #source:sentence)")
        for col in ("source", "actor", "labels"):
            t.add_column(col, overflow="fold")
        grouped: dict[tuple[int, str], list[Label]] = defaultdict(list)
        for lb in c.framing:
            grouped[(lb.source, lb.actor)].append(lb)
        for (sid, actor), lbs in sorted(grouped.items()):
            _row(t, names.get(sid, str(sid)), actor, "; ".join(
                f"{'not ' if lb.negated else ''}{lb.label}{' (quoted)' if lb.quoted else ''} «{lb.cue}» #{sid}:{lb.evidence.sentence}"
                for lb in lbs))
        console.print(t)
    for d in c.disputes:
        console.print(f"sources differ on {d.dimension}:", highlight=False, markup=False, style="bold")
        for sid, ans in d.answers.items():
            console.print(f"  {names.get(sid, sid)}: " + "; ".join(
                f"{lab}: " + ", ".join(f"{a} (#{sid}:{','.join(map(str, ix))})" for a, ix in acts.items())
                for lab, acts in ans.items()), highlight=False, markup=False)
            shown = sorted({i for acts in ans.values() for ix in acts.values() for i in ix})
            for lb in c.framing:
                if lb.source == sid and lb.evidence.sentence in shown and lb.dimension == d.dimension:
                    shown.remove(lb.evidence.sentence)
                    console.print(f"    #{sid}:{lb.evidence.sentence} {_clip(lb.evidence.text, 110)}",
                                  highlight=False, markup=False)
    if c.agency:
        t = Table(title="Agency: whom each source makes the agent or the target of events that happened")
        for col in ("source", "actor", "agent of", "target of"):
            t.add_column(col, overflow="fold")
        roles: dict[tuple[int, str], dict[str, Counter[str]]] = defaultdict(lambda: {"agent": Counter(), "target": Counter()})
        for a in c.agency:
            roles[(a.source, a.actor)][a.role][a.event] += 1
        for (sid, actor), r in sorted(roles.items(), key=lambda kv: (kv[0][0], -sum(kv[1]["agent"].values()))):
            _row(t, names.get(sid, str(sid)), actor, ", ".join(f"{k} {n}" for k, n in r["agent"].most_common()),
                      ", ".join(f"{k} {n}" for k, n in r["target"].most_common()))
        console.print(t)
