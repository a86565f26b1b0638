"""PLOVER events as a GDELT 2.0 event table (CAMEO codes, one row per actor pair).

The full CAMEO code comes from the CAMEO2PLOVER crosswalk read in reverse
(``data/plover2cameo.tsv``, checked against ``data/cameo2plover.tsv``); its Goldstein value from
the standard per-code table (``data/cameo_goldstein.tsv``); its quad class from its root, as
GDELT derives it. Which actor pairs an event gives and how places are typed is in
``data/gdelt.yaml``; place coordinates in ``data/coordinates.tsv``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

import yaml

from . import plover
from .gazetteer import Gazetteer
from .records import ActorRef, Event
from .store import StoredStatement

DATA = Path(__file__).parent / "data"

# GDELT 2.0 event table fields, in file order (GDELT 2.0 Event Codebook)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{i}{f}" for i in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
# rashomon's own columns, after GDELT's so that readers by position are not disturbed
EXTRA_COLUMNS: tuple[str, ...] = ("PLOVEREvent", "PLOVERMode", "Status", "EventID")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    mode: str
    context: str
    sector: re.Pattern[str] | None
    trigger: re.Pattern[str] | None
    cameo: str
    note: str

    def matches(self, e: Event, kinds: set[str], triggers: list[str]) -> bool:
        return (
            (not self.mode or self.mode in e.mode)
            and (not self.context or self.context in e.context)
            and (self.sector is None or any(self.sector.fullmatch(k) for k in kinds))
            and (self.trigger is None or any(self.trigger.search(t) for t in triggers))
        )


@lru_cache(maxsize=1)
def rules() -> dict[str, list[Rule]]:
    """The reverse crosswalk, by PLOVER category, in order of preference."""
    out: dict[str, list[Rule]] = {}
    for r in _tsv("plover2cameo.tsv"):
        rule = Rule(
            r["category"], r["mode"], r["context"],
            re.compile(r["sector"]) if r["sector"] else None,
            re.compile(r["trigger"], re.IGNORECASE) if r["trigger"] else None,
            r["cameo"], r["note"],
        )
        out.setdefault(plover.canonical(rule.category), []).append(rule)
    return out


@lru_cache(maxsize=1)
def crosswalk() -> dict[str, dict[str, str]]:
    """CAMEO2PLOVER-2021 as published: CAMEO code -> its category, mode, context, description."""
    return {r["cameo"]: r for r in _tsv("cameo2plover.tsv")}


@lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    return {r["cameo"]: float(r["goldstein"]) for r in _tsv("cameo_goldstein.tsv")}


@lru_cache(maxsize=1)
def _settings() -> dict:
    return yaml.safe_load((DATA / "gdelt.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def coordinates() -> dict[str, tuple[float, float]]:
    return {r["place"]: (float(r["lat"]), float(r["lon"])) for r in _tsv("coordinates.tsv")}


def _kind(a: ActorRef) -> str:
    return a.sector or ("STATE" if a.code else "")


def event_code(e: Event) -> str:
    """The full (3-4 digit) CAMEO code of a PLOVER event."""
    cat = plover.canonical(e.event)
    kinds = {_kind(a) for a in e.actors}
    triggers = [m.trigger for m in e.mentions if m.trigger]
    for rule in rules()[cat]:
        if rule.matches(e, kinds, triggers):
            return rule.cameo
    return plover.cameo_root(cat) + "0"


def goldstein(code: str) -> float:
    """Goldstein value of a CAMEO code (its nearest listed parent when it has none of its own)."""
    table = goldstein_table()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    raise KeyError(f"no Goldstein value for CAMEO code {code!r}")


def quad_class(code: str) -> int:
    """GDELT's quad class from the root: 01-04 verbal cooperation, 05-08 material cooperation,
    09-13 verbal conflict, 14-20 material conflict."""
    root = int(code[:2])
    return 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4


def _identity(a: ActorRef) -> str:
    return (a.identifier_text or a.entity_text).casefold()


def _distinct(actors: Iterable[ActorRef]) -> list[ActorRef]:
    """Actors once each; a state named beside one of its own officials or bodies is represented
    by them (``the US and Trump`` is Trump, coded USAGOV)."""
    seen: dict[str, ActorRef] = {}
    for a in actors:
        seen.setdefault(_identity(a), a)
    out = list(seen.values())
    return [a for a in out if not (a.code and not a.sector and any(b is not a and b.code == a.code and b.sector
                                                                     for b in out))]


def actor_pairs(e: Event) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """(Actor1, Actor2) rows of an event: each actor with each recipient; with no recipient,
    actors of a mutual category (a meeting) with one another, any other actor alone. An actor
    is never paired with itself."""
    actors, recipients = _distinct(e.actors), _distinct(e.recipients)
    if recipients:
        pairs = [(a, r) for a in actors for r in recipients if _identity(a) != _identity(r)]
        if pairs:
            return list(pairs)
        if not actors:
            return [(None, r) for r in recipients]
    elif len(actors) > 1 and plover.canonical(e.event) in _settings()["mutual"]:
        return [(a, b) for a in actors for b in actors if a is not b]
    return [(a, None) for a in actors] or [(None, None)]


def actor_code(a: ActorRef | None) -> str:
    """CAMEO actor code: state (or agent type) followed by sector, e.g. USAGOV, RUS, IGO."""
    if a is None:
        return ""
    code = a.code or (a.sector if a.sector in ("IGO", "NGO") else "") or ""
    return code + (a.sector if a.sector and a.sector != code else "")


@dataclass(frozen=True, slots=True)
class Geo:
    type: int = 0
    full_name: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    feature: str = ""


def place_geo(place: str | None, gaz: Gazetteer) -> Geo:
    """GDELT geography of a dictionary place: type, full name (place, its parents, its state),
    country code (ISO 3166 alpha-3), coordinates where known."""
    if not place:
        return Geo()
    entry = gaz.entries.get(place)
    lat, lon = coordinates().get(place, (None, None))
    if lat is None:  # the gazetteer's coordinates (GeoNames) where the curated table has none
        from .places import event_loc

        loc = event_loc(place, entry.code if entry else None)
        lat, lon = loc["lat"], loc["lon"]
    if entry is None:
        return Geo(4, place, "", lat, lon, place)
    names, seen = [entry.id], {entry.id}
    parent = entry.parent
    while parent and parent not in seen and parent in gaz.entries:
        seen.add(parent)
        names.append(parent)
        parent = gaz.entries[parent].parent
    state = gaz.state(entry.code)
    if entry.type == "COUNTRY":
        geo_type = 1
    else:
        regional = entry.kind in _settings()["regional_kinds"]
        geo_type = (2 if regional else 3) if entry.code == "USA" else (5 if regional else 4)
        if state is not None and state.id not in seen:
            names.append(state.id)
    return Geo(geo_type, ", ".join(names), entry.code or "", lat, lon, entry.id)


def _day(value: str | None) -> Date | None:
    try:
        return Date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


@dataclass(slots=True)
class Source:
    """What the table needs of a document that mentions an event."""

    path: str
    url: str | None
    outlet: str | None
    publication_date: str | None
    added: str  # YYYYMMDDHHMMSS, when the document was stored
    lead_sentences: frozenset[int]  # sentences of the title and the first paragraph
    copies: tuple[tuple[str, str | None], ...] = ()  # (path, outlet) of other publications of the text


def _date_fields(day: Date | None) -> list[object]:
    if day is None:
        return ["", "", "", ""]
    frac = round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)
    return [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year, frac]


def statement_rows(statements: Iterable[StoredStatement], sources: dict[str, Source]) -> Iterator[list[object]]:
    """Attributed statements as CAMEO 010 (make statement) rows, the speaker as Actor1: the
    category PLOVER leaves out and GDELT keeps."""
    code = "010"
    for st in statements:
        s, src = st.statement, sources.get(st.content_hash)
        speaker = s.speaker.identifier_text or s.speaker.entity_text
        key = hashlib.sha1(f"{st.content_hash}:{s.start}:{s.end}:{speaker}".encode()).hexdigest()[:12]
        row: dict[str, object] = {
            "GLOBALEVENTID": int(key, 16) * 1000 + 999,
            "IsRootEvent": int(bool(src) and s.sentence in src.lead_sentences), "EventCode": code,
            "EventBaseCode": code, "EventRootCode": code[:2], "QuadClass": quad_class(code),
            "GoldsteinScale": goldstein(code), "NumMentions": 1,
            "NumSources": len({o or p for p, o in ((st.path, st.outlet), *(src.copies if src else ()))}),
            "NumArticles": 1 + (len(src.copies) if src else 0), "AvgTone": "", "ActionGeo_Type": 0,
            "Actor1Geo_Type": 0, "Actor2Geo_Type": 0, "DATEADDED": src.added if src else "",
            "SOURCEURL": st.url or st.path, "PLOVEREvent": "", "PLOVERMode": "", "Status": "happened",
            "EventID": f"statement:{st.doc_id}:{s.start}:{speaker}",
            "Actor1Code": actor_code(s.speaker), "Actor1Name": speaker,
            "Actor1CountryCode": s.speaker.code or "", "Actor1Type1Code": s.speaker.sector or "",
        }
        row.update(zip(("SQLDATE", "MonthYear", "Year", "FractionDate"),
                       _date_fields(_day(s.date) or _day(st.publication_date)), strict=True))
        yield [row.get(c, "") for c in (*GDELT_COLUMNS, *EXTRA_COLUMNS)]


def rows(events: list[Event], sources: dict[str, Source], gaz: Gazetteer) -> Iterator[list[object]]:
    """GDELT 2.0 rows (GDELT_COLUMNS then EXTRA_COLUMNS) of the events, one per actor pair."""
    for e in events:
        srcs = [sources[m.document] for m in e.mentions if m.document in sources]
        unique = list({s.path: s for s in srcs}.values())
        code = event_code(e)
        # GDELT dates an event by its article when the text gives no day
        day = _day(e.date) or min(filter(None, (_day(s.publication_date) for s in srcs)), default=None)
        date_fields = _date_fields(day)
        root = any(m.sentence in sources[m.document].lead_sentences for m in e.mentions if m.document in sources)
        geo = place_geo(e.place, gaz)
        first = srcs[0] if srcs else None
        common = {
            "IsRootEvent": int(root), "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
            "QuadClass": quad_class(code), "GoldsteinScale": goldstein(code), "NumMentions": len(e.mentions),
            "NumSources": len({o or p for s in unique for p, o in ((s.path, s.outlet), *s.copies)}),
            "NumArticles": sum(1 + len(s.copies) for s in unique),
            "AvgTone": "", "ActionGeo_Type": geo.type, "ActionGeo_FullName": geo.full_name,
            "ActionGeo_CountryCode": geo.country, "ActionGeo_Lat": "" if geo.lat is None else geo.lat,
            "ActionGeo_Long": "" if geo.lon is None else geo.lon, "ActionGeo_FeatureID": geo.feature,
            "Actor1Geo_Type": 0, "Actor2Geo_Type": 0,
            "DATEADDED": min(s.added for s in srcs) if srcs else "",
            "SOURCEURL": (first.url or first.path) if first else "",
            "PLOVEREvent": plover.canonical(e.event), "PLOVERMode": ",".join(e.mode), "Status": e.status,
            "EventID": e.id,
        }
        for k, (a1, a2) in enumerate(actor_pairs(e)):
            row: dict[str, object] = dict(common)
            row["GLOBALEVENTID"] = int(e.id, 16) * 1000 + k if re.fullmatch(r"[0-9a-f]{1,14}", e.id) else e.id
            row.update(zip(("SQLDATE", "MonthYear", "Year", "FractionDate"), date_fields, strict=True))
            for i, a in ((1, a1), (2, a2)):
                if a is None:
                    continue
                row[f"Actor{i}Code"] = actor_code(a)
                row[f"Actor{i}Name"] = a.identifier_text or a.entity_text
                row[f"Actor{i}CountryCode"] = a.code or ""
                row[f"Actor{i}Type1Code"] = a.sector or ""
            yield [row.get(c, "") for c in (*GDELT_COLUMNS, *EXTRA_COLUMNS)]
