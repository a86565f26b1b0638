"""The bilingual actor and place dictionary: loading, matching, dated roles.

Entries live in YAML files (``data/actors/*.yaml`` in the package, plus any files a user
adds through ``RASHOMON_ACTORS`` or the per-user data directory). Matching is a
longest-leftmost dictionary scan over NFKC-normalised text: Japanese has no word
boundaries, so a character trie is both simpler and faster than a tokenizer here.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

import yaml

from .cache import pickled

DATA_DIR = Path(__file__).parent / "data" / "actors"
ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "abbreviations.yaml"
NOT_NAMES_FILE = Path(__file__).parent / "data" / "not_names.yaml"
KATAKANA_VARIANTS_FILE = Path(__file__).parent / "data" / "katakana_variants.yaml"
METONYMY_FILE = Path(__file__).parent / "data" / "metonymy.yaml"


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True, slots=True)
class Role:
    title: str | None
    sector: str | None
    start: str | None
    end: str | None
    country: str | None = None

    def covers(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True)
class Entry:
    id: str
    type: str  # PERSON | COUNTRY | ORG | LOCATION
    code: str | None = None  # own code (COUNTRY, ORG) or the state it belongs to
    sector: str | None = None
    ja: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    abbrev_ja: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    kind: str | None = None
    parent: str | None = None
    source: str = ""

    def resolve(self, day: str | None) -> tuple[str | None, str | None]:
        """PLOVER (code, sector) of this actor on ``day`` (ISO date); the latest role when undated."""
        if self.roles:
            if day:
                for role in self.roles:
                    if role.covers(day):
                        return role.country or self.code, role.sector or self.sector
            elif self.roles:
                role = max(self.roles, key=lambda r: r.start or "")
                if role.end is None:
                    return role.country or self.code, role.sector or self.sector
        return self.code, self.sector


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # offsets into the text given to ``find``
    end: int
    entry: Entry
    abbreviation: bool = False


_NOT_A_NAME = Entry(id="", type="NONE")


class _Trie:
    __slots__ = ("root",)

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, key: str, value: Entry) -> None:
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault("", value)  # the first file to claim a form keeps it

    def longest(self, text: str, i: int) -> tuple[int, Entry] | None:
        node, best = self.root, None
        j = i
        n = len(text)
        while j < n:
            node = node.get(text[j])
            if node is None:
                break
            j += 1
            if "" in node:
                best = (j, node[""])
        return best


def _is_kata(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def _is_word(ch: str) -> bool:
    # only Latin letters and digits glue to a Latin name: "NATOへ" and "EU加盟" are words apart
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Date):
        return value.isoformat()
    return str(value)


class Gazetteer:
    def __init__(self, entries: Iterable[Entry], abbreviations: dict | None = None,
                 not_names: dict[str, list[str]] | None = None) -> None:
        self.entries: dict[str, Entry] = {}
        self._tries = {"ja": _Trie(), "en": _Trie()}
        self._abbrev: dict[str, Entry] = {}
        # words that contain a name but are not one (日本時間, 英語): matched, then dropped
        for lang, forms in (not_names or {}).items():
            for form in forms:
                self._tries[lang].add(normalize(form), _NOT_A_NAME)
        for e in entries:
            if e.id in self.entries:
                raise ValueError(f"{e.source}: actor id {e.id!r} is defined twice")
            self.entries[e.id] = e
            for lang in ("ja", "en"):
                for form in getattr(e, lang):
                    self._tries[lang].add(normalize(form), e)
            for form in e.abbrev_ja:
                self._abbrev.setdefault(normalize(form), e)
        # spelling variants of people's katakana names, after every form an entry claims itself
        for e in self.entries.values():
            if e.type == "PERSON":
                for form in e.ja:
                    for v in katakana_variants(normalize(form)):
                        self._tries["ja"].add(v, e)
        self._states = {e.code: e for e in self.entries.values() if e.type == "COUNTRY" and e.code}
        ab = abbreviations or {}
        self._prefixes = tuple(ab.get("prefixes", []))
        self._suffixes = tuple(sorted(ab.get("suffixes", []), key=len, reverse=True))
        self._not_after = set(ab.get("not_after", ""))
        self._families: dict[str, set[str]] | None = None

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Gazetteer:
        files = sorted(DATA_DIR.glob("*.yaml")) + list(user_files()) + [Path(p) for p in extra]
        entries: list[Entry] = []
        for f in files:
            entries.extend(read_entries(f))
        abbreviations = yaml.safe_load(ABBREVIATIONS_FILE.read_text(encoding="utf-8")) or {}
        not_names = yaml.safe_load(NOT_NAMES_FILE.read_text(encoding="utf-8")) or {}
        return cls(entries, abbreviations, not_names)

    def find(self, text: str, lang: str) -> list[Match]:
        """Longest-leftmost, non-overlapping dictionary matches in normalised ``text``."""
        return [m for m in self._scan(text, lang) if m.entry is not _NOT_A_NAME]

    def not_name_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """Spans of the words the scan drops as not names (日本時間, "Russian language"), so that
        rules deriving names from words leave them alone too."""
        return [(m.start, m.end) for m in self._scan(text, lang) if m.entry is _NOT_A_NAME]

    def _scan(self, text: str, lang: str) -> list[Match]:
        trie = self._tries["ja" if lang == "ja" else "en"]
        out: list[Match] = []
        i, n = 0, len(text)
        while i < n:
            hit = trie.longest(text, i)
            if hit and self._boundary_ok(text, i, hit[0], lang):
                out.append(Match(i, hit[0], hit[1]))
                i = hit[0]
                continue
            if lang == "ja":
                m = self._abbreviation_at(text, i)
                if m:
                    out.append(m)
                    i = m.end
                    continue
            i += 1
        return out

    def state(self, code: str | None) -> Entry | None:
        """The state entry with PLOVER code ``code``."""
        return self._states.get(code) if code else None

    def office_holder(self, code: str, office: str, day: str) -> Entry | None:
        """The one person whose role on ``day`` is ``office`` of state ``code`` ("president",
        "prime minister"): the role's title starts with the office's words."""
        office = office.casefold()
        found = [e for e in self.entries.values() if e.type == "PERSON" and any(
            r.title and r.title.casefold().startswith(office) and (r.country or e.code) == code and r.covers(day)
            for r in e.roles)]
        return found[0] if len(found) == 1 else None

    def family_holder(self, kana: str, day: str | None) -> Entry | None:
        """The one person whose katakana full name ends in the family name ``kana`` (シャリフ of
        シャバズ・シャリフ) and who holds a role on ``day`` (an open role when undated): dated roles
        tell apart the people the dictionary leaves a bare family name out for."""
        if self._families is None:
            self._families = {}
            for e in self.entries.values():
                if e.type == "PERSON" and e.roles:
                    for form in e.ja:
                        parts = re.split(r"[・=＝゠]", normalize(form))
                        if len(parts) > 1 and parts[-1] and parts[-1] not in e.ja:
                            self._families.setdefault(parts[-1], set()).add(e.id)
        found = [self.entries[i] for i in sorted(self._families.get(normalize(kana), ()))]
        found = [e for e in found if any(r.covers(day) if day else r.end is None for r in e.roles)]
        return found[0] if len(found) == 1 else None

    def lookup(self, surface: str, lang: str = "ja") -> Entry | None:
        text = normalize(surface)
        hit = self._tries["ja" if lang == "ja" else "en"].longest(text, 0)
        return hit[1] if hit and hit[0] == len(text) and hit[1] is not _NOT_A_NAME else None

    def _boundary_ok(self, text: str, i: int, j: int, lang: str) -> bool:
        before = text[i - 1] if i else ""
        after = text[j] if j < len(text) else ""
        if lang != "ja" or text[i].isascii():
            # Latin-script names need word boundaries (Iran ≠ Iranian? it is a demonym entry)
            return not (before and _is_word(before)) and not (after and _is_word(after))
        # a katakana name inside a longer katakana word is another word
        if _is_kata(text[i]) and before and _is_kata(before):
            return False
        if _is_kata(text[j - 1]) and after and _is_kata(after):
            return False
        return True

    def _abbreviation_at(self, text: str, i: int) -> Match | None:
        """One-character state abbreviations (米, 露, 中 ...) only in the contexts that make them
        abbreviations: runs such as 米露 or 英仏独伊, after 対/訪/駐, before 大統領/政府/軍 ..."""
        entry = self._abbrev.get(text[i])
        if entry is None:
            return None
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before and (before in self._not_after or before.isdigit()):
            return None
        if _is_kata(text[i]) and ((before and _is_kata(before)) or (after and _is_kata(after))):
            return None
        partner_after = after in self._abbrev or (after == "・" and text[i + 2:i + 3] in self._abbrev)
        k = i - 2 if before == "・" else i - 1
        partner_before = (
            k >= 0
            and text[k] in self._abbrev
            and not (k and (text[k - 1].isdigit() or text[k - 1] in self._not_after))
        )
        if partner_after or partner_before:
            return Match(i, i + 1, entry, abbreviation=True)
        if before and before in self._prefixes:
            return Match(i, i + 1, entry, abbreviation=True)
        if any(text.startswith(s, i + 1) for s in self._suffixes):
            return Match(i, i + 1, entry, abbreviation=True)
        # 米ウクライナ首脳会談: an abbreviation directly before a full state name
        nxt = self._tries["ja"].longest(text, i + 1)
        if nxt and nxt[1].type == "COUNTRY" and nxt[1] is not entry:
            return Match(i, i + 1, entry, abbreviation=True)
        return None


def user_files() -> Iterable[Path]:
    """Actor files a user adds: ``RASHOMON_ACTORS`` (paths separated by os.pathsep) and
    ``<user data dir>/actors/*.yaml``."""
    for p in filter(None, os.environ.get("RASHOMON_ACTORS", "").split(os.pathsep)):
        path = Path(p)
        yield from sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    from platformdirs import user_data_dir

    yield from sorted((Path(user_data_dir("rashomon")) / "actors").glob("*.yaml"))


def _yaml_data(path: Path) -> object:
    """The parsed YAML of an actor file. The files are large and read at every start, so the
    parse is kept in the user cache directory under the hash of the file's text, and redone
    whenever the text changes."""
    text = path.read_text(encoding="utf-8")
    key = hashlib.sha256(f"{yaml.__version__}\0{text}".encode()).hexdigest()[:20]
    stem = f"{path.stem}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]}"
    # the C loader where PyYAML has it
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return pickled(f"actors/{stem}-{key}.pickle", lambda: yaml.load(text, Loader=loader),
                   stale=f"{stem}-*.pickle")


def read_entries(path: Path) -> list[Entry]:
    data = _yaml_data(path) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: an actor file is a YAML list of entries")
    out = []
    for raw in data:
        if not isinstance(raw, dict) or "id" not in raw or "type" not in raw:
            raise ValueError(f"{path}: every entry needs an id and a type: {raw!r}"[:200])
        roles = [
            Role(r.get("title"), r.get("sector"), _date(r.get("start")), _date(r.get("end")), r.get("country"))
            for r in raw.get("roles") or []
        ]
        out.append(
            Entry(
                id=str(raw["id"]),
                type=str(raw["type"]).upper(),
                code=raw.get("code") or raw.get("country"),
                sector=raw.get("sector"),
                ja=[str(x) for x in raw.get("ja") or []],
                en=[str(x) for x in raw.get("en") or []],
                abbrev_ja=[str(x) for x in raw.get("abbrev_ja") or []],
                roles=roles,
                kind=raw.get("kind"),
                parent=raw.get("parent"),
                source=str(path),
            )
        )
    return out


STATELESS_CODES = ("IGO", "NGO")


def state_code(code: str | None, sector: str | None) -> tuple[str | None, str | None]:
    """An entity's (code, sector) as records give them: the code names a state (or the EU and
    UN, which PLOVER codes EUR and UNO); an international or non-governmental body has none,
    and its PLOVER agent type goes in the sector."""
    if code in STATELESS_CODES:
        return None, sector or code
    return code, sector


# kinds of place too large to be a place of record (the eval conventions leave continents out):
# such a name is OTHER in both languages
CONTINENT_SCALE = frozenset({"ocean", "continent", "macro-region"})


@lru_cache(maxsize=1)
def metonymic_places() -> frozenset[str]:
    """Places whose name often stands for a government ("the Kremlin said")."""
    data = yaml.safe_load(METONYMY_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(data.get("places", []))


@lru_cache(maxsize=1)
def _variant_rules() -> tuple[int, tuple[tuple[str, str], ...]]:
    data = yaml.safe_load(KATAKANA_VARIANTS_FILE.read_text(encoding="utf-8")) or {}
    return int(data.get("min_length", 4)), tuple((str(a), str(b)) for a, b in data.get("variants", []))


def katakana_variants(form: str) -> set[str]:
    """Other spellings of a katakana name (``katakana_variants.yaml``); none for other forms."""
    if not form or not all(_is_kata(c) or c == "・" for c in form):
        return set()
    min_length, rules = _variant_rules()
    out = set()
    combined = form
    for a, b in rules:
        out.add(form.replace(a, b))
        combined = combined.replace(a, b)
    out.add(combined)
    return {v for v in out if v != form and len(v) >= min_length}


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
