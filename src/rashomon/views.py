"""What the report and the web app show, built from stored records.

A document is shown block by block; its sentences carry anchors (``s{index}``) so that any
event mention or statement can link to its evidence, and inside a sentence the spans of
entities, time expressions and statements are cut into flat segments (they may overlap, so
they cannot nest). Text is never turned into markup here: templates escape every segment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import plover
from .clean import CONTENT_KINDS
from .records import ActorRef, Document, Event

TEMPLATES = Path(__file__).parent / "web" / "templates"
DATA = Path(__file__).parent / "data"
STATIC = Path(__file__).parent / "web" / "static"

# quad class colours (colour-blind safe pairs: blue/green for cooperation, orange/red for conflict)
QUAD_COLOURS = {1: "#2c7fb8", 2: "#1a9850", 3: "#f08c2a", 4: "#d7301f"}


def environment() -> jinja2.Environment:
    """The Jinja environment of the report and the app: article text is always escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["actor"] = actor_label
    env.filters["actors"] = lambda xs: ", ".join(actor_label(a) for a in xs)
    env.globals["quad"] = lambda cat: plover.category(cat).quad
    env.globals["quad_name"] = _quad_name
    env.globals["t"] = _translate
    # only web addresses become links (a profile file is user data: no javascript: URLs)
    env.tests["match_web"] = lambda url: str(url).startswith(("https://", "http://"))
    return env


UI_LANGUAGES = ("en", "ja")


@jinja2.pass_context
def _quad_name(ctx: jinja2.runtime.Context, category: str) -> str:
    return translate(ctx.get("ui_lang") or "en", plover.QUAD_NAMES[plover.category(category).quad])


@lru_cache(maxsize=4)
def ui_labels(lang: str) -> dict[str, str]:
    """Labels of the pages in ``lang`` (English label -> label), from ``data/labels_<lang>.yaml``."""
    path = DATA / f"labels_{lang}.yaml"
    if lang == "en" or not path.is_file():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


@jinja2.pass_context
def _translate(ctx: jinja2.runtime.Context, label: str, **values: Any) -> str:
    # a page's labels follow ``ui_lang``; the article text it shows keeps its own language
    return translate(ctx.get("ui_lang") or "en", label, **values)


def translate(lang: str, label: str, **values: Any) -> str:
    """``label`` in ``lang``; ``{name}`` fields are filled from ``values`` after translation.
    A text already filled in (a note or a message written in English, "White House is in
    Washington") is read back by the labels with fields and given in ``lang`` with its values."""
    table = ui_labels(lang)
    text = table.get(label)
    if text is None:
        if not values and table:
            filled = _filled(lang, label)
            if filled is not None:
                return filled
        text = label
    return text.format(**values) if values else text


@lru_cache(maxsize=4)
def _with_fields(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """The labels of ``lang`` with ``{name}`` fields as patterns over a whole text, those with
    the longest fixed text first."""
    out = []
    for en, local in ui_labels(lang).items():
        names = re.findall(r"\{(\w+)\}", en)
        fixed = re.sub(r"\{\w+\}", "", en)
        if not names or len(set(names)) < len(names) or not fixed.strip():
            continue
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(en))
        out.append((len(fixed), re.compile(pattern, re.S), local))
    return [(p, local) for _, p, local in sorted(out, key=lambda x: -x[0])]


def _filled(lang: str, text: str) -> str | None:
    table = ui_labels(lang)
    for pattern, local in _with_fields(lang):
        m = pattern.fullmatch(text)
        if m:
            # a value that is itself a label (a topic: "summit") is given in ``lang`` too
            return local.format(**{k: table.get(v, v) for k, v in m.groupdict().items()})
    return None


def translator(lang: str) -> Callable[[str], str]:
    """The labels of ``lang`` as a function (for charts drawn outside templates)."""
    return lambda label: translate(lang, label)


def ui_language(value: str | None) -> str:
    """The page language asked for by a ``lang`` value or an Accept-Language header: ``ja`` or ``en``."""
    for part in (value or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in UI_LANGUAGES:
            return code
    return "en"


def actor_label(a: ActorRef) -> str:
    """One name per actor across documents and languages: its canonical name, else its text."""
    return a.identifier_text or a.entity_text


@dataclass(slots=True)
class Segment:
    text: str
    classes: str = ""  # CSS classes: ent ent-PERSON, tx, st
    title: str = ""  # what the span was read as (canonical name, ISO date, speaker)


@dataclass(slots=True)
class SentenceView:
    index: int
    segments: list[Segment]
    events: list[str] = field(default_factory=list)  # categories of the events told here
    statement: bool = False
    highlight: bool = False


@dataclass(slots=True)
class BlockView:
    kind: str
    set_aside: bool
    text: str
    parts: list[SentenceView | Segment]


@dataclass(slots=True)
class DocRef:
    """What a list of an event's accounts shows of the document each comes from."""

    id: int
    title: str | None
    path: str
    outlet: str | None
    publication_date: str | None
    language: str
    text: str


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    classes: str
    title: str


def _marks(doc: Document) -> list[_Mark]:
    marks = [_Mark(e.start, e.end, f"ent ent-{e.type}", e.identifier_text or e.code or e.type) for e in doc.entities]
    marks += [_Mark(t.start, t.end, "tx", t.value or t.kind) for t in doc.time_expressions]
    marks += [_Mark(s.start, s.end, "st", actor_label(s.speaker)) for s in doc.statements]
    return marks


def _segments(text: str, start: int, end: int, marks: list[_Mark]) -> list[Segment]:
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [m for m in inside if m.start <= a and m.end >= b]
        out.append(Segment(text[a:b], " ".join(m.classes for m in cover), " · ".join(m.title for m in cover)))
    return out


def document_blocks(doc: Document, highlight: set[int] | frozenset[int] = frozenset()) -> list[BlockView]:
    """The document's blocks, sentences marked with what was found in them; the sentences in
    ``highlight`` (indices) carry ``highlight``."""
    marks = _marks(doc)
    events_at: dict[int, list[str]] = defaultdict(list)
    for m in doc.events:
        if m.sentence is not None:
            events_at[m.sentence].append(m.event)
    stated = {s.sentence for s in doc.statements}
    by_block: dict[int, list] = defaultdict(list)
    for s in doc.sentences:
        by_block[s.block].append(s)
    views = []
    for i, b in enumerate(doc.blocks):
        parts: list[SentenceView | Segment] = []
        pos = b.start
        for s in by_block.get(i, ()):
            if s.start > pos:
                parts.append(Segment(doc.text[pos:s.start]))
            parts.append(SentenceView(s.index, _segments(doc.text, s.start, s.end, marks),
                                      sorted(set(events_at.get(s.index, ()))), s.index in stated,
                                      s.index in highlight))
            pos = max(pos, s.end)
        if pos < b.end:
            parts.append(Segment(doc.text[pos:b.end]))
        views.append(BlockView(b.kind, b.kind not in CONTENT_KINDS, doc.text[b.start:b.end], parts))
    return views


def sentence_of(doc: Document, start: int, end: int) -> int | None:
    """Index of the sentence holding the span (for records stored without one)."""
    for s in doc.sentences:
        if s.start <= start < s.end or (start == end == s.start):
            return s.index
    return None


def dyad_key(e: Event) -> tuple[str, str] | None:
    """The unordered pair of the event's first actor and first recipient, if both are known."""
    if not e.actors or not e.recipients:
        return None
    a, b = actor_label(e.actors[0]), actor_label(e.recipients[0])
    return (a, b) if a <= b else (b, a) if a != b else None
