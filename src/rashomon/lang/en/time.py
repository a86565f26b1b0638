"""English time expressions, resolved against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from ...clean import TIMEX_KINDS
from ...records import Document, Sentence, TimeExpression
from .lexicon import _Tok

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}


_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"


_DATE = (
    rf"(?:(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}})\b)?)"
)


_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


_RELATIVE = (
    r"(?P<rel>(?:early |late )?(?:today|yesterday|tomorrow|tonight)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|last night|this (?:morning|afternoon|evening))"
)


_CLOCK = r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}|noon|midnight)"


_ZONE = (
    r"(?:local time|GMT|UTC|JST|EST|EDT|CET|CEST|BST|ET|PT|Moscow time|Tokyo time|Japan time|Washington time)"
)


_TIME_TAIL = (
    rf"(?P<time>(?:,?\s+(?:at\s+|from\s+|around\s+|about\s+)?(?P<clock>{_CLOCK})(?:\s+(?P<zone>{_ZONE}))?)?"
    rf"(?:\s*\((?P<zone2>{_ZONE})\))?)"
)


_TIMEX_RE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?:(?P<pre>next|last|this coming|this|coming|past)\s+)?{_WEEKDAY}(?P<part>\s+(?:morning|afternoon|evening|night))?"
    rf"(?:(?:,\s*|\s+\(\s*|\s+)(?P<wdate>{_DATE.replace('(?P<', '(?P<w_')})\)?)?"
    rf"|(?P<date>{_DATE})"
    rf"|{_RELATIVE}"
    rf"){_TIME_TAIL}",
    re.IGNORECASE,
)


_FUTURE_RE = re.compile(
    r"\b(?:will|'ll|shall|is to|are to|plans? to|is expected to|are expected to|scheduled|is set to|are set to|is due to|going to|upcoming|next|prepar(?:es|ed|ing) to|(?:is|are|was|were) (?:preparing|heading) to)\b",
    re.I,
)


@dataclass(slots=True)
class _RawTimex:
    sent: Sentence
    i: int
    j: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    pre: str | None = None
    rel: str | None = None
    clock: str | None = None
    future: bool = False


def _group(m: re.Match[str], name: str, prefix: str) -> str | None:
    return m.group(prefix + name)


def _parse_date(m: re.Match[str], prefix: str) -> tuple[int | None, int, int] | None:
    if _group(m, "iy", prefix):
        y, mo, d = int(_group(m, "iy", prefix)), int(_group(m, "im", prefix)), int(_group(m, "id", prefix))
        return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        mon = _group(m, mk, prefix)
        if mon:
            month = _MONTHS[mon.rstrip(".").lower()]
            day = int(re.match(r"\d+", _group(m, dk, prefix)).group())
            year = _group(m, yk, prefix)
            return (int(year) if year else None, month, day)
    return None


def _clock_iso(clock: str | None) -> str | None:
    if not clock:
        return None
    c = clock.lower().replace(" ", "")
    if c == "noon":
        return "12:00"
    if c == "midnight":
        return "00:00"
    m = re.match(r"(\d{1,2})(?::(\d{2}))?(a\.m\.|p\.m\.|am|pm)?", c)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) and m.group(3)[0] == "p" and h < 12:
        h += 12
    if m.group(3) and m.group(3)[0] == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}" if h < 24 and mi < 60 else None


def _kind(doc: Document, sent: Sentence) -> str:
    """The kind of block a sentence comes from; a document without blocks is all body."""
    return doc.blocks[sent.block].kind if doc.blocks else "body"


def _scan_timexes(doc: Document) -> list[_RawTimex]:
    out = []
    for sent in doc.sentences:
        if _kind(doc, sent) not in TIMEX_KINDS:
            continue
        text = sent.text
        for m in _TIMEX_RE.finditer(text):
            # "May" and "March" only as months with a day; a bare capitalised weekday etc. is fine
            if (
                m.group("rel")
                and not re.match(r"[a-z]", m.group("rel"))
                and m.start() == 0
                and text[m.end() : m.end() + 1] == ","
            ):
                # "Today, mankind ..." is generic; a dated "Today, the minister said" is rare in news
                pass
            i, j = m.start(), m.end()
            # trim a time tail that matched only spaces
            while j > i and text[j - 1] in " ,":
                j -= 1
            rt = _RawTimex(sent, i, j, "absolute", clock=m.group("clock"))
            if m.group("wd"):
                rt.weekday = _WEEKDAYS[m.group("wd").lower()]
                rt.pre = (m.group("pre") or "").lower() or None
                rt.kind = "weekday"
                if m.group("wdate"):
                    parsed = _parse_date(m, "w_")
                    if parsed:
                        rt.year, rt.month, rt.day = parsed
                        rt.kind = "absolute" if rt.year else "partial"
                before = text[max(0, i - 200) : i]
                after = text[j : j + 40]
                rt.future = bool(_FUTURE_RE.search(before) or _FUTURE_RE.search(after)) or rt.pre in (
                    "next",
                    "coming",
                    "this coming",
                )
            elif m.group("date"):
                parsed = _parse_date(m, "")
                if not parsed:
                    continue
                rt.year, rt.month, rt.day = parsed
                rt.kind = "absolute" if rt.year else "partial"
            else:
                rel = m.group("rel").lower()
                if re.match(r"today\b", rel) and re.match(
                    r"today,\s+(?:mankind|humanity|people|we|the world)", text[i:].lower()
                ):
                    continue  # generic "today"
                rt.rel = rel
                rt.kind = "relative"
            out.append(rt)
    return out


def _resolve_weekday(anchor: Date, weekday: int, pre: str | None, future: bool) -> Date:
    """The day a weekday names, seen from the publication date.

    "next X" / "this coming X": the first X after the anchor; "last X": the last X before it;
    a bare or "this" weekday is the nearest such day within the week: in the past (or today)
    when the sentence reports what happened, in the future (or today) when it speaks of the
    future (will, plans to, is expected to, upcoming ...)."""
    delta = (weekday - anchor.weekday()) % 7
    if pre in ("next", "coming", "this coming"):
        return anchor + timedelta(days=delta or 7)
    if pre in ("last", "past"):
        back = (anchor.weekday() - weekday) % 7
        return anchor - timedelta(days=back or 7)
    if future:
        return anchor + timedelta(days=delta)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _to_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _time_expressions(doc: Document) -> list[tuple[_RawTimex, TimeExpression]]:
    raws = _scan_timexes(doc)
    anchor = _to_date(doc.publication_date)
    # explicit full dates give the year to partial dates near them
    full = [(r.sent.start + r.i, r.year) for r in raws if r.year]
    if anchor is None:
        # an undated page that writes a full date elsewhere (a caption's "Monday, June 16, 2025")
        # places its weekdays by it
        anchor = next(
            (_to_date(f"{r.year}-{r.month:02d}-{r.day:02d}") for r in raws if r.year and r.month and r.day),
            None,
        )
    out = []
    for r in raws:
        value: Date | None = None
        try:
            if r.year and r.month:
                value = Date(r.year, r.month, r.day or 1)
            elif r.month:
                year = None
                if full:
                    pos = r.sent.start + r.i
                    year = min(full, key=lambda f: abs(f[0] - pos))[1]
                elif anchor:
                    year = anchor.year
                value = Date(year, r.month, r.day or 1) if year else None
            elif r.weekday is not None:
                value = _resolve_weekday(anchor, r.weekday, r.pre, r.future) if anchor else None
            elif r.rel and anchor:
                rel = r.rel
                if "yesterday" in rel or rel == "last night":
                    value = anchor - timedelta(days=1)
                elif "tomorrow" in rel:
                    value = anchor + timedelta(days=1)
                else:
                    value = anchor
        except ValueError:
            value = None
        iso = value.isoformat() if value else None
        clock = _clock_iso(r.clock)
        if iso and clock:
            iso += "T" + clock
        start, end = r.sent.span(r.i, r.j)
        out.append((r, TimeExpression(doc.text[start:end], start, end, iso, r.kind, r.sent.index)))
    return out


_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b")


def _event_date(
    sent_tx: list[tuple[_RawTimex, TimeExpression]],
    sent: Sentence,
    toks: list[_Tok],
    trailer: int,
    trigger_end: int | None = None,
) -> str | None:
    """The date of the sentence's time expression; none when the trigger's own clause dates
    it to another year ("met in Helsinki in 2018, and spoke on Wednesday (August 6)")."""
    if not sent_tx:
        return None
    cut = toks[trailer].start if trailer < len(toks) else len(sent.text)
    inside = [t for r, t in sent_tx if r.i < cut and t.value]
    anyv = [t for _, t in sent_tx if t.value]
    value = inside[0].value[:10] if inside else anyv[0].value[:10] if anyv else None
    if value and trigger_end is not None:
        clause = re.split(r"[,;]\s+(?:and|but|while)\b|;", sent.text[trigger_end:], maxsplit=1)[0]
        year = _YEAR.search(clause)
        if year and year.group(1) != value[:4]:
            return None
    return value
