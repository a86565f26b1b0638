"""Provenance read from the text itself (bylines, translator credits, date stamps, outlet
notices) and from the metadata a format carries (HTML meta tags, JSON-LD, front matter).

What the text does not state stays None: a date in the body is an event's date, not the
publication date, so only header stamps and datelines count.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .records import Block

OUTLETS_FILE = Path(__file__).parent / "data" / "outlets.yaml"

_JA_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_EN_DMY = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\.?,?\s+(\d{4})\b")
_EN_MDY = re.compile(r"\b([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\s*(.*)$", re.S)

_AUTHOR = re.compile(
    r"(?:^|\s)(?:執筆者|著者|筆者|寄稿|記者|文|Author|Written by|By)\s*[::/・|]?\s*(?:(?:執筆者|著者|筆者)\s*[::]\s*)*(?P<name>.+)",
    re.I,
)
_TRANSLATOR = re.compile(r"(?:英語翻訳|翻訳者?|訳者?|Translated by|Translation)\s*[::/・|]?\s*(?P<name>.+)", re.I)
_NAME_END = re.compile(r"\s+(?:校正|編集|写真|撮影|翻訳|構成|監修|イラスト|取材)|[、,,(（/|｜]|\s{2,}|$")
_THIS_VERSION_CUES = re.compile(r"JST|日本時間|独立系メディ?ア|編集部|公開|配信|更新|掲載日|投稿日|Published|Updated|の記事")
_REPUBLISHED = re.compile(
    r"(?:最初に掲載|初出|原文|出典|転載|配信元|originally (?:published|appeared)|first published|Source:)", re.I
)


_CREDIT = re.compile(r"^\s*Source:\s", re.I)


# section labels and credits that mark commentary rather than a news report
_OPINION_LABELS = re.compile(
    r"\b(?:Opinion|Analysis|Commentary|Column|Editorial|Op-Ed|Explainer)\b|オピニオン|コラム|論説|社説|解説|寄稿|分析|論考|執筆者"
)


@dataclass
class Outlet:
    id: str
    names: list[str]
    kind: str | None = None
    country: str | None = None
    # the short credit a wire service signs its datelines with: 【ワシントン共同】, 【モスクワ時事】
    credits: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def outlets() -> list[Outlet]:
    files = [OUTLETS_FILE] + [Path(p) for p in filter(None, os.environ.get("RASHOMON_OUTLETS", "").split(os.pathsep))]
    out = []
    for f in files:
        for raw in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            out.append(Outlet(str(raw["id"]), [str(n) for n in raw.get("names", [])], raw.get("kind"), raw.get("country"),
                              [str(c) for c in raw.get("credits", [])]))
    return out


@dataclass
class Provenance:
    title: str | None = None
    title_en: str | None = None
    publication_date: str | None = None
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    outlet: str | None = None
    original_outlet: str | None = None
    genre: str | None = None
    url: str | None = None


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _one_line(s: str) -> str:
    return " ".join(part.strip() for part in _norm(s).split("\n")).strip() if not _is_ja(s) else "".join(
        part.strip() for part in _norm(s).split("\n")
    )


def _is_ja(s: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in s)


def find_date(s: str) -> str | None:
    """The first full calendar date (year, month, day) written in ``s``, as ISO."""
    s = _norm(s)
    found = []
    for rx, order in ((_JA_DATE, "ymd"), (_ISO_DATE, "ymd"), (_EN_DMY, "dmy"), (_EN_MDY, "mdy")):
        for m in rx.finditer(s):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts["m"]
            if not month.isdigit():
                month = _MONTHS.get(month.lower().rstrip("."), 0) or next(
                    (v for k, v in _MONTHS.items() if k.startswith(month.lower()[:3])), 0
                )
            try:
                y, mo, d = int(parts["y"]), int(month), int(parts["d"])
            except ValueError:
                continue
            if 1900 < y < 2200 and 1 <= mo <= 12 and 1 <= d <= 31:
                found.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
    return min(found)[1] if found else None


@lru_cache(maxsize=1)
def _outlet_index() -> tuple[re.Pattern, dict[str, Outlet]]:
    """One pattern for every outlet name, longest first; Latin names need word boundaries."""
    by_name: dict[str, Outlet] = {}
    for o in outlets():
        for name in o.names:
            by_name.setdefault(_norm(name), o)
    alts = [re.escape(name) for name in sorted(by_name, key=len, reverse=True)]
    return re.compile("|".join(alts)), by_name


def _word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def outlet_mentions(s: str) -> list[tuple[int, int, Outlet]]:
    """Outlet names in normalised text ``s``: (start, end, outlet). A Latin name must stand
    as a word (RT, not the RT in ART)."""
    pattern, by_name = _outlet_index()
    out = []
    for m in pattern.finditer(s):
        a, b = m.start(), m.end()
        if m.group(0).isascii() and ((a and _word(s[a - 1])) or (b < len(s) and _word(s[b]))):
            continue
        out.append((a, b, by_name[m.group(0)]))
    return out


def _outlets_in(s: str) -> list[tuple[int, Outlet]]:
    seen, out = set(), []
    for start, _, o in outlet_mentions(_norm(s)):
        if o.id not in seen:
            seen.add(o.id)
            out.append((start, o))
    return out


def _clean_name(name: str) -> str | None:
    name = _NAME_END.split(_norm(name).strip(), maxsplit=1)[0].strip(" :：・")
    # a stray Latin letter glued to a Japanese name is a typing slip
    name = re.sub(r"^[A-Za-z](?=[\u3040-\u30ff\u4e00-\u9fff])", "", name)
    if not name or len(name) > 40:
        return None
    return name


def read(blocks: list[Block], metadata: dict, lang: str) -> Provenance:
    p = Provenance(url=metadata.get("url"))
    header = [b for b in blocks if b.kind in ("title", "subtitle", "byline", "dateline", "caption", "chrome")]
    _read_title(p, blocks, lang)
    # bylines and translator credits
    for b in blocks:
        if b.kind != "byline":
            continue
        line = _one_line(b.text)
        t = _TRANSLATOR.search(line)
        if t:
            name = _clean_name(t.group("name"))
            if name and name not in p.translators:
                p.translators.append(name)
            continue
        a = _AUTHOR.search(line)
        if a:
            for part in re.split(r"\s+(?:and|&)\s+|、(?=[^、]{1,12}(?:、|$))", a.group("name"))[:1] if _is_ja(line) else re.split(r"\s+(?:and|&)\s+|,\s*", a.group("name")):
                name = _clean_name(part)
                if name and name not in p.authors:
                    p.authors.append(name)
    # outlets: only where a page names its publisher (header, bylines, furniture) or a
    # republication notice; an outlet cited in the body is a source, not the publisher
    translated = bool(p.translators) or any("翻訳" in _norm(b.text) for b in header)
    original: str | None = None
    this_version: list[str] = []
    for b in blocks:
        line = _one_line(b.text)
        if b.kind == "body":
            if not translated and _CREDIT.match(line):
                # "Source: Al Jazeera and news agencies": the publisher's own credit line
                this_version += [o.id for _, o in _outlets_in(line) if o.id not in this_version]
                continue
            # an outlet cited in the body is a source; only a republication notice names the original
            if original is None and _REPUBLISHED.search(line):
                hits = _outlets_in(line)
                original = hits[0][1].id if hits else None
            continue
        hits = _outlets_in(line)
        if not hits:
            continue
        if b.kind in ("byline", "dateline") and translated and (
            "翻訳" in line or not _is_ja(line) or _REPUBLISHED.search(line)
        ) and original is None:
            original = hits[0][1].id
            continue
        if _THIS_VERSION_CUES.search(line) or b.kind in ("byline", "share", "chrome", "dateline"):
            for _, o in hits:
                if o.id not in this_version:
                    this_version.append(o.id)
    credited = _dateline_credit(blocks)
    if credited and not this_version:
        this_version = [credited]  # wire copy as the wire sent it
    elif credited and original is None and credited not in this_version:
        original = credited  # wire copy carried by another outlet
    outlet = next((o for o in this_version if o != original), None)
    p.outlet = metadata.get("outlet") or outlet
    p.original_outlet = metadata.get("original_outlet") or (original if original != p.outlet else None)
    p.translators = list(metadata.get("translators") or p.translators)
    p.authors = list(metadata.get("authors") or p.authors)
    p.publication_date = metadata.get("publication_date") or _read_date(blocks, p, lang)
    p.genre = metadata.get("genre") or _genre(blocks, p)
    p.title = metadata.get("title") or p.title
    p.title_en = metadata.get("title_en") or p.title_en
    return p


_BRACKET_DATELINE = re.compile(r"^\s*【(?P<inside>[^【】]{1,30})】")
_LATIN_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,40}(?:,[^(—–/]{1,30})?\s*(?:\((?P<inside>[^)]{1,40})\)\s*[—–-]|/(?P<slashed>[A-Za-z -]{2,30})/)"
)


def _dateline_credit(blocks: list[Block]) -> str | None:
    """The wire service a news text's opening dateline credits: 【アンカレジ共同】, "MOSCOW (Reuters) -"."""
    first = next((b for b in blocks if b.kind == "body"), None)
    if first is None:
        return None
    line = _one_line(first.text)
    m = _BRACKET_DATELINE.match(line) or _LATIN_DATELINE.match(line)
    if not m:
        return None
    inside = m.group("inside") or m.groupdict().get("slashed") or ""
    hits = _outlets_in(inside)
    if hits:
        return hits[0][1].id
    return next((o.id for o in outlets() for c in o.credits if inside.rstrip().endswith(c)), None)


def _read_title(p: Provenance, blocks: list[Block], lang: str) -> None:
    titles = [b for b in blocks if b.kind in ("title", "subtitle")]
    main = next((b for b in titles if b.kind == "title" and _is_ja(b.text) == (lang == "ja")), None)
    if main is not None:
        text = _one_line(main.text)
        # a headline broken over two paragraphs: the first ends mid-phrase
        idx = blocks.index(main)
        nxt = blocks[idx + 1] if idx + 1 < len(blocks) else None
        if nxt is not None and nxt.kind == "subtitle" and text and text[-1] in "のはがをにでともへや、":
            text += _one_line(nxt.text)
        p.title = text
    else:
        for b in blocks[:3]:
            m = _DATE_HEADER.match(_norm(b.text))
            if m and m.group(4).strip():
                p.title = _one_line(m.group(4))
                break
    if lang == "ja":
        for b in titles:
            s = _one_line(b.text)
            if not _is_ja(s) and not re.search(r"[A-Za-z]\.\s+[A-Z]", s):
                p.title_en = s
                break


def _read_date(blocks: list[Block], p: Provenance, lang: str) -> str | None:
    for b in blocks[:3]:
        m = _DATE_HEADER.match(_norm(b.text))
        if m:
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    # a short stamp under the title ("Tass Wire Published 3 Mar, 2024 09:10am") is a dateline too
    candidates = [
        b for b in blocks if b.kind in ("dateline", "byline") or (b.kind == "subtitle" and len(b.text) < 60)
    ]
    # the stamp next to this version's outlet, then stamps in the page's own language
    for b in candidates:
        line = _one_line(b.text)
        if p.outlet and any(n in line for o in outlets() if o.id == p.outlet for n in o.names):
            d = find_date(line)
            if d:
                return d
    for b in candidates:
        line = _one_line(b.text)
        if _THIS_VERSION_CUES.search(line) and find_date(line):
            return find_date(line)
    for b in candidates:
        line = _one_line(b.text)
        if _is_ja(line) == (lang == "ja") and find_date(line):
            return find_date(line)
    return None


def _genre(blocks: list[Block], p: Provenance) -> str:
    if p.translators:
        return "translated-opinion" if p.original_outlet else "translation"
    if any(b.kind == "promotion" for b in blocks):
        return "blog/affiliate"
    labels = " ".join(_one_line(b.text) for b in blocks if b.kind in ("chrome", "title", "subtitle", "byline", "dateline"))
    if _OPINION_LABELS.search(labels) or sum(b.kind == "heading" for b in blocks) >= 2:
        return "analysis/opinion"
    return "news"
