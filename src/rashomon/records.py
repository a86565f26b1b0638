"""Typed records passed between the stages.

Every span (``start``, ``end``) is a character offset into ``Document.text``, the
document's original text as decoded from its file, end exclusive, so that
``text[start:end]`` always gives back what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("PERSON", "COUNTRY", "ORG", "LOCATION", "OTHER")

# what a source says of an event: it took place, is planned, is possible, or did not happen
EVENT_STATUSES = ("happened", "scheduled", "hypothetical", "negated")

BLOCK_KINDS = (
    "body",  # running text of the article
    "heading",  # section heading inside the article
    "title",  # headline (and second-language headline)
    "subtitle",
    "byline",  # author / translator / outlet lines
    "dateline",  # a line that only states a date or a date and place
    "caption",  # photo caption, image credit
    "list",  # list item belonging to the article
    "related",  # related-article lists, "read also" links
    "promotion",  # promotion / affiliate notices, ads
    "share",  # share buttons, audio/podcast links, subscribe prompts
    "comments",  # comment and trackback sections
    "chrome",  # site navigation, category lists, footer, page-top links
    "end",  # end-of-article markers
)


@dataclass(slots=True)
class RawDocument:
    """A file as read by ingest: decoded text plus whatever metadata the format carries."""

    path: str
    text: str
    format: str  # text | html | markdown | jsonl
    encoding: str
    content_hash: str  # sha256 of ``text``
    metadata: dict[str, Any] = field(default_factory=dict)
    # For HTML: paragraphs the main-text extractor kept, as a hint for block classification.
    main_text_hint: list[str] | None = None
    line_number: int | None = None  # for JSON Lines: the line the article came from


@dataclass(slots=True)
class IngestError:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class Block:
    kind: str
    start: int
    end: int
    text: str  # original text of the block


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # normalised (NFKC, hard wraps joined) text used for analysis
    block: int  # index of the block the sentence comes from
    # starts[i] / ends[i]: the original span of text[i] (a normalised character may stand
    # for several original ones, and a joined line break for none)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, index: int = 0, offset: int = 0, block: int = 0) -> Sentence:
        """A sentence whose text is its original text, starting at ``offset``."""
        starts = list(range(offset, offset + len(text)))
        return cls(index, offset, offset + len(text), text, block, starts, [s + 1 for s in starts])

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original (start, end) of ``text[i:j]``."""
        if j <= i:
            return self.starts[i], self.starts[i]
        return self.starts[i], self.ends[j - 1]


@dataclass(slots=True)
class ActorRef:
    """A PLOVER entity object: who acts, receives or speaks."""

    entity_text: str
    identifier_text: str | None = None
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Entity:
    text: str
    start: int
    end: int
    type: str  # one of ENTITY_TYPES
    identifier_text: str | None = None
    code: str | None = None
    sector: str | None = None
    sentence: int | None = None
    # where the entity and its name come from: dictionary; surface, pinyin, hepburn, jmnedict (people);
    # geonames, iso3166, context (places); model or rule when found but not named, or a reading
    # ("romaji:Sarami", "jmnedict:Asif") that is kept for audit but is no canonical name
    source: str = "dictionary"

    def as_actor(self) -> ActorRef:
        return ActorRef(self.text, self.identifier_text, self.code, self.sector)


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None  # ISO date, optionally followed by a time; None when the day is not fixed
    kind: str = "absolute"  # absolute | partial | relative | weekday
    sentence: int | None = None


@dataclass(slots=True)
class Statement:
    speaker: ActorRef
    text: str  # what was said
    start: int  # span of what was said
    end: int
    date: str | None = None
    verb: str | None = None
    sentence: int | None = None


@dataclass(slots=True)
class EventMention:
    """One sentence's account of an event."""

    event: str  # PLOVER category
    actors: list[ActorRef]
    recipients: list[ActorRef] = field(default_factory=list)
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None  # canonical place name
    status: str = "happened"  # happened | scheduled | hypothetical | negated
    trigger: str = ""
    start: int = 0  # evidence span: the sentence in the original text
    end: int = 0
    sentence: int | None = None
    document: str | None = None  # content hash of the document


@dataclass(slots=True)
class Event:
    """A real-world event: one or more mentions merged, across sentences and documents."""

    id: str
    event: str
    actors: list[ActorRef]
    recipients: list[ActorRef]
    mode: list[str]
    context: list[str]
    date: str | None
    place: str | None
    status: str
    mentions: list[EventMention]


@dataclass(slots=True)
class Document:
    """One analysed document, from file to records."""

    path: str
    text: str
    content_hash: str
    format: str = "text"
    encoding: str = "utf-8"
    language: str = "ja"
    title: str | None = None
    title_en: str | None = None
    publication_date: str | None = None
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    outlet: str | None = None
    original_outlet: str | None = None
    genre: str | None = None
    url: str | None = None
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    time_expressions: list[TimeExpression] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
