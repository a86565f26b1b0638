"""Japanese time expressions and the date and local time zone of an event.

Japanese time expressions: every expression that fixes a day, with its calendar value.

Absolute dates (2025年8月15日, 令和7年8月15日), partial ones (8月6日, 15日) completed from
the nearest full date before them or the publication date, relative days (きょう, 昨日,
同日, 前日), weekdays (金曜日, 来週金曜日) resolved against the publication date and the
tense of their clause, and zone-qualified forms (15日(日本時間16日) is one instant).
A value is None when the text does not fix the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import yaml

from ...clean import TIMEX_KINDS
from ...gazetteer import Gazetteer
from ...provenance import find_date
from ...records import Document, Sentence, TimeExpression
from .entities import _is_latin
from .lexicon import TIMEZONES_FILE


def _time_expressions(doc: Document) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    pub = doc.publication_date
    ref: str | None = None  # the last full date the text wrote, and where
    ref_at = -10
    anchor = pub
    for s in doc.sentences:
        if doc.blocks[s.block].kind not in TIMEX_KINDS:
            continue
        if _is_latin(s.text):
            found = _latin_dates(s.text)
        else:
            # a full date a few sentences back still dates "7月25日"; one paragraphs away does not
            found = find(s.text, ref if s.index - ref_at <= 2 else None, anchor, pub)
        for f in found:
            start, end = s.span(f.start, f.end)
            out.append(TimeExpression(doc.text[start:end], start, end, f.value, f.kind, s.index))
            if f.value:
                anchor = f.value[:10]
                if f.full:
                    ref, ref_at = f.value[:10], s.index
    return out


_EN_DATE = re.compile(
    r"\b(?:\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})\b"
)


def _latin_dates(text: str) -> list[Found]:
    return [
        Found(m.start(), m.end(), m.group(0), find_date(m.group(0)), "absolute", True)
        for m in _EN_DATE.finditer(text)
    ]


def _date_for(
    txs: list[TimeExpression], s: Sentence, ti: int, place: str | None, gaz: Gazetteer, prev_end: int = 0
) -> str | None:
    """The event's date, local to where it happened: the time expression nearest before the
    trigger in its sentence, else the first after it. A time given in Japan time becomes the
    local date when both the clock time and the place (with its time zone) are known;
    otherwise the local date is open."""
    # a page's stamp (date 2025-10-23) says when it appeared, not when anything in it happened
    # (a headline's own stamp, 2025年05月12日 16時09分, is the day of the news it heads)
    txs = [t for t in txs if not _STAMP.fullmatch(t.text)]
    if not txs:
        return None
    start = s.starts[ti] if ti < len(s.starts) else s.end
    before = [t for t in txs if t.start < start]
    t = before[-1] if before else txs[0]
    # 8月31日〜9月3日の天津での首脳会合: an event over several days is dated by its first; what the
    # text lists after it (並びに…軍事パレード) keeps the range's last day
    if (
        len(before) >= 2
        and _local(s, t.end) >= prev_end
        and re.fullmatch(r"\s*[〜～~\-－]\s*", s.text[_local(s, before[-2].end) : _local(s, t.start)])
    ):
        t = before[-2]
    if t.value is None:
        return None
    if "日本時間" not in t.text and "JST" not in t.text:
        return t.value[:10]
    zone = local_zone(place, gaz) if place else None
    if zone is None or "T" not in t.value:
        return None
    jst = datetime.fromisoformat(t.value).replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    return jst.astimezone(ZoneInfo(zone)).date().isoformat()


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def _local(s: Sentence, offset: int) -> int:
    """The position in the sentence's text of an offset in the original document."""
    return next((k for k, a in enumerate(s.starts) if a >= offset), len(s.text))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return yaml.safe_load(TIMEZONES_FILE.read_text(encoding="utf-8")) or {}


def local_zone(place: str, gaz: Gazetteer) -> str | None:
    """The IANA time zone of a place, or of the nearest containing place that has one."""
    zones = _zones()
    seen = set()
    while place and place not in seen:
        seen.add(place)
        if place in zones:
            return zones[place]
        entry = gaz.entries.get(place)
        place = entry.parent if entry else None
    return None


_NUM = r"(\d{1,4})"
_ERA = {"令和": 2018, "平成": 1988}
_WEEKDAYS = "月火水木金土日"

# One regular expression with named alternatives, longest forms first, so a date with its
# weekday, clock time and zone is one match.
_TIME = r"(?:\s*(?:(?P<ampm>午前|午後)?\s*(?P<hour>\d{1,2})時(?:(?P<minute>\d{1,2})分|(?P<half>半))?|(?P<hhmm>\d{1,2}:\d{2})(?::\d{2})?))"
_WD = r"(?:\s*[((](?P<wdp>[月火水木金土日])(?:曜日?)?[))]|(?P<wdn>[月火水木金土日])曜日?)"
_ZONE_PAREN = r"(?:\s*[((](?P<zone>日本時間|現地時間|JST|GMT|UTC|米東部時間|モスクワ時間)(?P<zday>\d{1,2}日)?(?P<ztime>[^))]{0,12})[))])"
_ZONE_PREFIX = r"(?:(?P<pzone>日本時間|現地時間|米東部時間|モスクワ時間)の?\s*)"

PATTERN = re.compile(
    rf"(?:{_ZONE_PREFIX})?"
    r"(?:"
    rf"(?P<era>令和|平成)(?P<ey>元|\d{{1,2}})年\s*(?P<em>\d{{1,2}})月\s*(?P<ed>\d{{1,2}})日"
    rf"|(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"
    rf"|(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?![\d/.-])"
    rf"|(?P<rel>来週|先週|今週|翌週|前週)(?:の)?(?P<rwd>[月火水木金土日])曜日?"
    rf"|(?P<relm>来月|先月|今月)(?P<rmd>\d{{1,2}})日"
    rf"|(?P<relw>来週|先週|今週)(?P<rwday>\d{{1,2}})日"
    rf"|同月(?P<smd>\d{{1,2}})日"
    rf"|(?P<same>同年)?(?<![\d月])(?P<pm>\d{{1,2}})\s*月\s*(?P<pd>\d{{1,2}})\s*日"
    rf"|(?<![\d年月第])(?P<dd>\d{{1,2}})日(?!間|ぶり|以上|以内|連続|分|目|付近|程度|余り|弱|強|まで続|前後|後に|後の|前に|前の|がかり)"
    rf"|(?P<wd>(?<![\d曜])[月火水木金土日])曜日?(?!曜)"
    rf"|(?P<word>きょう|今日|本日|昨日|きのう|昨夜|昨晩|明日|あす|あした|一昨日|おととい|明後日|あさって|同日|前日|翌日|当日|この日|同夜|今朝|今夜|今晩)"
    r")"
    rf"{_WD}?{_TIME}?{_ZONE_PAREN}?"
)

_WORD_OFFSET = {
    "きょう": 0,
    "今日": 0,
    "本日": 0,
    "今朝": 0,
    "今夜": 0,
    "今晩": 0,
    "昨日": -1,
    "きのう": -1,
    "昨夜": -1,
    "昨晩": -1,
    "明日": 1,
    "あす": 1,
    "あした": 1,
    "明後日": 2,
    "あさって": 2,
    "一昨日": -2,
    "おととい": -2,
}
_ANAPHORIC = {"同日": 0, "当日": 0, "この日": 0, "同夜": 0, "前日": -1, "翌日": 1}

# A weekday needs a following particle or clause mark to be a day (金曜 in 金曜日に, 金曜の)
_WEEKDAY_CONTEXT = re.compile(r"^(?:曜日?)?(?:[、,]|に|の|は|も|まで|から|夜|朝|午前|午後|\s*[((])")
_PAST = re.compile(r"(?:た|だった|ました|でした|れた|った|んだ)[」』)]*[。.!?]?$")
# "今日の世界" (nowadays) is not a day
_GENERIC_TODAY = re.compile(
    r"^(?:今日|きょう)(?:の(?:世界|社会|日本|国際|状況|時代|情勢|政治|経済|問題)|では|でも|に至る|に至って|まで|において|的)"
)


@dataclass
class Found:
    start: int
    end: int
    text: str
    value: str | None
    kind: str
    full: bool  # the expression itself gives year, month and day


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _clock(m: re.Match) -> str | None:
    if m.group("hhmm"):
        h, mi = m.group("hhmm").split(":")
        return f"{int(h):02d}:{int(mi):02d}"
    if m.group("hour") is not None:
        h = int(m.group("hour"))
        if m.group("ampm") == "午後" and h < 12:
            h += 12
        mi = 30 if m.group("half") else int(m.group("minute") or 0)
        if h > 24 or mi > 59:
            return None
        return f"{h:02d}:{mi:02d}"
    return None


def find(sentence: str, ref: str | None, anchor: str | None, publication: str | None) -> list[Found]:
    """Time expressions of one normalised sentence.

    ``ref`` is a full date written just before (in this or the previous two sentences), whose
    year a month and day take; without one they take the year of ``publication``. ``anchor``
    is the day the previous expression named (for 同日 / 前日, bare days, 同年); ``publication``
    also resolves きょう, weekdays, 来週.
    """
    out: list[Found] = []
    for m in PATTERN.finditer(sentence):
        value, kind, full = _value(m, sentence, ref, anchor, publication)
        if value is False:
            continue
        text = m.group(0)
        out.append(Found(m.start(), m.end(), text, value, kind, full))
        if value:
            anchor = value[:10]
            if full:
                ref = value[:10]
    return out


def _value(m: re.Match, sentence: str, ref: str | None, anchor: str | None, pub: str | None):
    """(value, kind, full); value False means: not a time expression after all."""
    g = m.group
    ref_d = date.fromisoformat(ref) if ref else None
    pub_d = date.fromisoformat(pub) if pub else None
    clock = _clock(m)
    day: str | None
    kind, full = "absolute", False
    if g("zday") and (g("d") or g("pd") or g("dd") or g("ed")):
        pass  # the zone's day is taken below
    if g("era"):
        y = _ERA[g("era")] + (1 if g("ey") == "元" else int(g("ey")))
        day, full = _iso(y, int(g("em")), int(g("ed"))), True
    elif g("y"):
        day, full = _iso(int(g("y")), int(g("m")), int(g("d"))), True
    elif g("iy"):
        if not 1900 < int(g("iy")) < 2200:
            return False, "", False
        day, full = _iso(int(g("iy")), int(g("im")), int(g("id"))), True
    elif g("pm"):
        kind = "partial"
        # a month and day take the year of a full date written just before them; otherwise, in
        # the news, the year of publication (or the year before, for a date more than a month
        # after it)
        anchor_d = date.fromisoformat(anchor) if anchor else None
        if g("same") and anchor_d:
            day = _iso(anchor_d.year, int(g("pm")), int(g("pd")))  # 同年10月2日: the year just named
        elif ref_d:
            day = _iso(ref_d.year, int(g("pm")), int(g("pd")))
        else:
            day = _year_of(int(g("pm")), int(g("pd")), pub_d) if pub_d else None
    elif g("dd"):
        kind = "partial"
        if int(g("dd")) > 31 or int(g("dd")) == 0:
            return False, "", False
        # a bare day is the one nearest the date mentioned just before it: the same month as a
        # rule, the next or previous one across a month's end (11月30日 … 2日 is 2 December)
        base = date.fromisoformat(anchor) if anchor else ref_d or pub_d
        day = _nearest_day(base, int(g("dd"))) if base else None
    elif g("rel"):
        kind = "relative"
        day = _week_relative(pub_d, g("rel"), _WEEKDAYS.index(g("rwd"))) if pub_d else None
    elif g("relm"):
        kind = "relative"
        if not pub_d:
            day = None
        else:
            shift = {"来月": 1, "先月": -1, "今月": 0}[g("relm")]
            y, mo = divmod(pub_d.year * 12 + pub_d.month - 1 + shift, 12)
            day = _iso(y, mo + 1, int(g("rmd")))
    elif g("smd"):
        kind = "relative"
        # 同月18日: the month the previous expression named
        base = date.fromisoformat(anchor) if anchor else None
        day = _iso(base.year, base.month, int(g("smd"))) if base else None
    elif g("relw"):
        kind = "relative"
        if not pub_d:
            day = None
        else:
            base = pub_d + timedelta(weeks={"来週": 1, "先週": -1, "今週": 0}[g("relw")])
            day = _iso(base.year, base.month, int(g("rwday")))
            if day and abs((date.fromisoformat(day) - base).days) > 7:
                day = _iso(*_month_shift(base, int(g("rwday"))))
    elif g("wd"):
        rest = sentence[m.start("wd") + 1 :]
        if not _WEEKDAY_CONTEXT.match(rest):
            return False, "", False
        kind = "weekday"
        day = _weekday(pub_d, _WEEKDAYS.index(g("wd")), _PAST.search(sentence) is not None) if pub_d else None
    else:
        word = g("word")
        kind = "relative"
        if word in ("今日", "きょう") and _GENERIC_TODAY.match(sentence[m.start("word") :]):
            return False, "", False
        if word in _WORD_OFFSET:
            day = (pub_d + timedelta(days=_WORD_OFFSET[word])).isoformat() if pub_d else None
        else:
            if word in ("前日", "翌日") and sentence[: m.start("word")].endswith("の"):
                return False, "", False  # 会談の前日: an offset from an event, not a day the text names
            base = date.fromisoformat(anchor) if anchor else None
            day = (base + timedelta(days=_ANAPHORIC[word])).isoformat() if base else None
    # a zone's own day (15日(日本時間16日)) is the same instant; the value stays the local day
    if g("pzone") and day is None and ref_d is None:
        day = None
    if day and clock:
        return f"{day}T{clock}", kind, full
    return day, kind, full


def _nearest_day(base: date, day_of_month: int) -> str | None:
    candidates = []
    for shift in (0, -1, 1):
        y, m = divmod(base.year * 12 + base.month - 1 + shift, 12)
        value = _iso(y, m + 1, day_of_month)
        if value:
            candidates.append((abs((date.fromisoformat(value) - base).days), shift != 0, value))
    return min(candidates)[2] if candidates else None


def _year_of(month: int, day_of_month: int, pub: date) -> str | None:
    value = _iso(pub.year, month, day_of_month)
    if value and date.fromisoformat(value) > pub + timedelta(days=31):
        return _iso(pub.year - 1, month, day_of_month)
    return value


def _month_shift(base: date, day_of_month: int) -> tuple[int, int, int]:
    y, mo = divmod(base.year * 12 + base.month, 12)
    return y, mo + 1, day_of_month


def _weekday(pub: date, wd: int, past: bool) -> str:
    """The nearest such weekday: before the publication date for a clause in the past tense,
    on or after it otherwise."""
    delta = (wd - pub.weekday()) % 7
    if past:
        return (pub - timedelta(days=(pub.weekday() - wd) % 7)).isoformat()
    return (pub + timedelta(days=delta)).isoformat()


def _week_relative(pub: date, rel: str, wd: int) -> str:
    monday = pub - timedelta(days=pub.weekday())
    shift = {"来週": 1, "翌週": 1, "先週": -1, "前週": -1, "今週": 0}[rel]
    return (monday + timedelta(weeks=shift, days=wd)).isoformat()
