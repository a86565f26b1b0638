"""Cleaning real web text: join hard-wrapped lines, tell the body from captions, bylines,
site furniture and comment sections, and split the body into sentences.

Nothing is thrown away: every part of the text becomes a ``Block`` with its kind. Each
``Sentence`` carries an NFKC-normalised text with a map back to original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .records import Block, RawDocument, Sentence

RULES_FILE = Path(__file__).parent / "data" / "cleaning.yaml"

TERMINAL_PUNCT = "。．！？!?」』"
# Kinds whose sentences are analysed for actors and events; the rest is kept but set aside.
CONTENT_KINDS = frozenset({"title", "subtitle", "heading", "body", "caption", "list", "dateline"})
# Time expressions are read in bylines and date lines too; events and statements in the body.
TIMEX_KINDS = CONTENT_KINDS | {"byline"}
EVENT_KINDS = frozenset({"body", "caption", "list", "title"})

_DATE_LINE = re.compile(
    r"^\s*(date\s+)?(\d{4}[年/.-]\s*\d{1,2}[月/.-]\s*\d{1,2}日?|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|"
    r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(\s*[((]?[^\s]{0,6}[))]?)?(\s*\d{1,2}:\d{2}(:\d{2})?)?(\s+\S{1,20}){0,2}\s*$"
)

_FULL_DATE = re.compile(
    r"\d{4}年\s*\d{1,2}月\s*\d{1,2}日|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+\d{4}|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}"
)


@dataclass(frozen=True)
class _Rules:
    tail: list[re.Pattern]
    kinds: list[tuple[str, str, re.Pattern]]  # (kind, how, pattern)
    continuation: str
    terminal: str


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    tail = [re.compile(p) for p in data["tail_markers"]["line"]]
    kinds = []
    for kind, groups in data["kinds"].items():
        for how, patterns in groups.items():
            for p in patterns:
                kinds.append((kind, how, re.compile(p)))
    return _Rules(tail, kinds, data["continuation_endings"], data["terminal_endings"])


@dataclass
class _Line:
    start: int
    end: int
    text: str  # original, unstripped

    @property
    def stripped(self) -> str:
        return self.text.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _is_japanese(s: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in s)


def _classify(line: str) -> str | None:
    s = unicodedata.normalize("NFKC", line).strip()
    if not s:
        return None
    if _DATE_LINE.match(s) or (len(s) <= 60 and _FULL_DATE.search(s) and not re.search(r"[。、,]", s)):
        return "dateline"
    for kind, how, pat in rules().kinds:
        if how == "line" and pat.fullmatch(s) or how == "start" and pat.match(s) or how == "contains" and pat.search(s):
            return kind
    return None


def _is_tail_marker(line: str) -> bool:
    # "Related:" / "関連記事:" head a list just as the bare words do
    s = unicodedata.normalize("NFKC", line).strip().rstrip(":").rstrip()
    return any(p.fullmatch(s) for p in rules().tail)


def _wrap_width(lines: list[_Line]) -> int:
    """The width a hard-wrapped text was wrapped at: the common length of lines that run on."""
    runs = sorted(
        len(a.stripped)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.stripped and b.stripped and a.stripped[-1] not in TERMINAL_PUNCT and len(a.stripped) >= 15
    )
    return runs[int(len(runs) * 0.75)] if len(runs) >= 3 else 10_000


def _joins(prev: str, nxt: str, kind_next: str | None, width: int, in_header: bool) -> bool:
    """Whether line ``nxt`` continues line ``prev`` (a hard wrap, not a new paragraph)."""
    r = rules()
    p, n = prev.rstrip(), nxt.strip()
    if not p or not n or p[-1] in TERMINAL_PUNCT:
        return False
    if kind_next in ("heading", "list", "dateline", "byline", "related", "promotion", "share", "chrome"):
        return False
    if _is_tail_marker(n) or _is_tail_marker(p):
        return False
    if not _is_japanese(p[-1]) or not _is_japanese(n[0]):
        # Latin script: a wrapped sentence goes on in lower case
        return n[0].islower() or (p[-1] in ",-–" and not _is_japanese(n[0]))
    if p[-1] in r.continuation:
        return True
    if in_header:
        return p[-1] not in r.terminal
    return len(p) >= 0.8 * width


@dataclass
class _Logical:
    lines: list[_Line]
    kind: str | None = None

    @property
    def start(self) -> int:
        return self.lines[0].start + (len(self.lines[0].text) - len(self.lines[0].text.lstrip()))

    @property
    def end(self) -> int:
        last = self.lines[-1]
        return last.start + len(last.text.rstrip())

    def joined(self) -> str:
        return "".join(line.stripped for line in self.lines)


def _is_body_like(s: str, lang: str) -> bool:
    s = s.strip()
    if lang == "ja" or _is_japanese(s):
        if not _is_japanese(s):
            return False  # an English line in a Japanese page is a headline or a link
        # a headline has no full stop; a sentence, however short, ends with one
        return ("。" in s and (len(s) >= 30 or s.endswith(("。", "」")))) or (len(s) >= 60 and s.endswith("」"))
    return (len(s) >= 80 or len(s.split()) >= 6) and bool(re.search(r"[a-z0-9][\"”’)]?[.!?][\"”’]?(\s|$)", s))


def segment(text: str, lang: str = "ja") -> list[Block]:
    """Split ``text`` into typed blocks: one per logical line (hard wraps joined)."""
    lines = _lines(text)
    width = _wrap_width(lines)
    logical: list[_Logical] = []
    in_header = True
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.stripped:
            i += 1
            continue
        group = _Logical([line])
        kind = _classify(line.text)
        while i + 1 < len(lines) and kind not in ("dateline", "heading", "chrome"):
            nxt = lines[i + 1]
            kn = _classify(nxt.text)
            if not _joins(group.lines[-1].text, nxt.text, kn, width, in_header):
                break
            group.lines.append(nxt)
            i += 1
        group.kind = _classify(group.joined())
        if in_header and (_is_body_like(group.joined(), lang) or group.joined() == "本文") and group.kind is None:
            in_header = False
        logical.append(group)
        i += 1
    return _assign_kinds(text, logical, lang)


def _assign_kinds(text: str, logical: list[_Logical], lang: str) -> list[Block]:
    blocks: list[Block] = []
    zone = "header"
    tail_section = "chrome"
    title_done = False
    for k, g in enumerate(logical):
        s = unicodedata.normalize("NFKC", g.joined()).strip()
        kind = g.kind
        if zone == "header":
            if s == "本文":
                zone = "body"
            elif kind is None and _is_body_like(s, lang):
                zone = "body"
        if zone == "body" and (_is_tail_marker(s) or kind == "byline" and _body_count(blocks) >= 3):
            zone = "tail"
            tail_section = "comments" if s.startswith("コメント") or s.lower().startswith("comment") else (
                "related" if "関連" in s or "おすすめ" in s or "新着" in s or s.lower().startswith(("related", "read")) else "chrome"
            )
            blocks.append(Block(kind or ("end" if s in ("本稿終了", "以上", "了") else "chrome"), g.start, g.end, text[g.start:g.end]))
            continue
        if zone == "tail":
            if _is_tail_marker(s):
                tail_section = "comments" if s.startswith("コメント") else (
                    "related" if any(w in s for w in ("関連", "おすすめ", "新着", "人気", "Related")) else "chrome"
                )
                kind = "chrome"
            elif kind in (None, "list", "heading", "dateline"):
                kind = tail_section
        elif kind is None:
            if zone == "header":
                if not _headline_like(s):
                    kind = "chrome"  # menu items, section names, "Skip to content"
                elif not title_done:
                    kind, title_done = "title", True
                elif _is_japanese(s) == _is_japanese(blocks_title(blocks) or ""):
                    kind = "subtitle"
                else:
                    kind = "title" if not _is_japanese(s) else "subtitle"
            elif _is_heading(s, logical, k):
                kind = "heading"
            else:
                kind = "body"
        elif zone == "header" and kind == "heading":
            kind = "heading"
        blocks.append(Block(kind, g.start, g.end, text[g.start:g.end]))
    return blocks


def _headline_like(s: str) -> bool:
    """Long enough to be a headline: eight characters of Japanese, or four words."""
    return len(s) >= 8 if _is_japanese(s) else len(s.split()) >= 4


def _body_count(blocks: list[Block]) -> int:
    return sum(b.kind == "body" for b in blocks)


def blocks_title(blocks: list[Block]) -> str | None:
    for b in blocks:
        if b.kind == "title":
            return b.text
    return None


def _is_heading(s: str, logical: list[_Logical], k: int) -> bool:
    """A short line without closing punctuation standing before body text."""
    if len(s) > 45 or s[-1] in TERMINAL_PUNCT or s.endswith((".", ":", ":")):
        return False
    if not _is_japanese(s) and len(s.split()) > 10:
        return False
    return k + 1 < len(logical)


# --- sentences -----------------------------------------------------------------------

_OPEN, _CLOSE = "「『(([【“", "」』))]】”"


def _normalised(text: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """NFKC text of text[start:end] with line breaks (hard wraps) and the indentation
    after them removed, and the original span of every output character."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    for k, raw in enumerate(text[start:end].split("\n")):
        a, line = pos, raw
        if k:
            stripped = line.lstrip(" \t\u3000")
            a += len(line) - len(stripped)
            line = stripped
            # a wrap between two Latin words was a space
            if out and line and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[0].isascii() and line[0].isalnum():
                out.append(" ")
                starts.append(a - 1)
                ends.append(a)
        if unicodedata.is_normalized("NFKC", line):
            out.append(line)
            starts.extend(range(a, a + len(line)))
            ends.extend(range(a + 1, a + len(line) + 1))
        else:
            _normalise_chars(line, a, out, starts, ends)
        pos += len(raw) + 1
    return "".join(out), starts, ends


def _normalise_chars(line: str, offset: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    i, n = 0, len(line)
    while i < n:
        j = i + 1
        # keep combining marks (e.g. half-width voiced marks) with their base character
        while j < n and unicodedata.combining(unicodedata.normalize("NFKC", line[j])[:1] or "a"):
            j += 1
        for c in unicodedata.normalize("NFKC", line[i:j]):
            out.append(c)
            starts.append(offset + i)
            ends.append(offset + j)
        i = j


_EN_ABBREV = re.compile(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Prof|Inc|Co|Corp|Ltd|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|vs|etc|e\.g|i\.e)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of normalised text. A sentence ends at 。!? (or '. ' in Latin script)
    outside quotation brackets, so a quotation containing 。 stays in its sentence."""
    spans = []
    depth = 0
    start = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        end_here = False
        if c in "。!?" and depth == 0:
            end_here = True
        elif c == "." and depth == 0 and (i + 1 == n or text[i + 1] in " \"'”’") and not _EN_ABBREV.search(text[max(0, i - 6):i + 1]):
            nxt = text[i + 1:].lstrip(" \"'”’")
            end_here = not nxt or nxt[0].isupper() or nxt[0].isdigit() or _is_japanese(nxt[0])
        elif depth and i - start > 400:
            depth = 0  # an unclosed bracket must not swallow the rest of the paragraph
        if end_here:
            j = i + 1
            while j < n and text[j] in "」』)\"'”’":
                j += 1
            spans.append((start, j))
            while j < n and text[j] == " ":
                j += 1
            start = i = j
            continue
        i += 1
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


# A dateline that opens a news paragraph ("BRUSSELS —", "MOSCOW, Aug. 6 (Reuters) -",
# "【ワシントン=共同】") is a sentence of its own: a place, not the subject of the first sentence.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+"
    r"|【[^【】]{1,30}】)"
)


def sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    out: list[Sentence] = []
    for b_idx, b in enumerate(blocks):
        norm, starts, ends = _normalised(text, b.start, b.end)
        spans = split_sentences(norm)
        head = _DATELINE.match(norm) if b.kind == "body" else None
        if head and spans and head.end() < spans[0][1]:
            spans = [(0, head.end()), (head.end(), spans[0][1]), *spans[1:]]
        for a, z in spans:
            while a < z and norm[a].isspace():
                a += 1
            while z > a and norm[z - 1].isspace():
                z -= 1
            if a >= z:
                continue
            out.append(Sentence(len(out), starts[a], ends[z - 1], norm[a:z], b_idx, starts[a:z], ends[a:z]))
    return out


def clean(raw: RawDocument, lang: str = "ja") -> tuple[list[Block], list[Sentence]]:
    blocks = segment(raw.text, lang)
    body_start = raw.metadata.get("body_start") or 0
    for b in blocks:
        if b.end <= body_start:
            b.kind = "chrome"  # Markdown front matter: metadata, already read by ingest
    if raw.main_text_hint:
        blocks = _apply_hint(blocks, raw.main_text_hint, raw.metadata.get("title"))
    return blocks, sentences(raw.text, blocks)


def _apply_hint(blocks: list[Block], hint: list[str], title: str | None) -> list[Block]:
    """For HTML: what the main-text extractor did not keep is site furniture (menus, teasers),
    except captions and the page's own headline."""
    kept = {unicodedata.normalize("NFKC", " ".join(h.split())) for h in hint}
    kept_text = "\n".join(kept)
    headline = unicodedata.normalize("NFKC", " ".join(title.split())) if title else None
    for b in blocks:
        s = unicodedata.normalize("NFKC", " ".join(b.text.split()))
        if headline and s == headline:
            b.kind = "title"
        elif b.kind in ("body", "title", "subtitle", "heading", "list") and s not in kept and s[:60] not in kept_text:
            b.kind = "chrome"
    return blocks
