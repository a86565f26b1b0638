"""Names the actor dictionary does not know, from Sudachi's lexicon or GiNZA's model.

The dictionary stays authoritative: ja.py keeps a span from here only when it overlaps no
dictionary match, so a model that reads トランプ as playing cards or プーチン as a country
never replaces the dictionary's reading. This layer only adds names the dictionary lacks.

Backends, chosen with the environment variable ``RASHOMON_JA_MODEL``:

- ``sudachi`` (default): SudachiPy (mode C, sudachidict_core) part-of-speech tags; a run of
  proper nouns (人名, 地名, 組織名), with katakana words joined by ・ or = and katakana words
  followed by a personal title, is a name. Sudachi alone is fast enough for every sentence.
- ``ginza``: the ja_ginza NER model (tok2vec and ner only), about a hundred times slower.
- ``none``: no names beyond the dictionary.

Sudachi rejects input over about 49 KB, so sentences are batched into pieces well under that,
split at sentence boundaries; a longer sentence is cut at a safe character boundary.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Protocol

Span = tuple[int, int, str]  # start, end in the normalised sentence, entity type

ENV = "RASHOMON_JA_MODEL"
BACKENDS = ("sudachi", "ginza", "none")
# At most 4 bytes a character in UTF-8, so 8,000 characters stay under 32 KB
MAX_CHARS = 8000

_KATAKANA = re.compile(r"[ァ-ヺー]+")
_JOINERS = frozenset("・=＝゠")
# Titles that follow a person's name: after one, a katakana word the lexicon lacks is a name
_PERSON_CUE = re.compile(
    r"(?:氏|さん|大統領|首相|外相|長官|大臣|議員|特使|補佐官|報道官|代表|委員長|事務総長|総裁|教授|記者|CEO|元首相|前大統領)"
)
# What the dictionary may have left unexplained: a katakana word (most are loanwords, some
# foreign names) or kanji before a personal title; only sentences with one go to the model
CANDIDATE = re.compile(r"[ァ-ヺー]{3,}|[一-龥々]{2,}" + _PERSON_CUE.pattern)
# A common katakana word (メディア, チーム) before 代表 or 記者 is not a name; before 氏 or さん it is
_HONORIFIC = re.compile(r"(?:氏|さん)")
# Mode C joins a name and its title into one 人名 word (トランプ大統領)
_TITLE_TAIL = re.compile(
    r"(?:前|元|現|次期)?(?:大統領|副大統領|首相|副首相|外相|国務長官|国防長官|長官|大臣|補佐官|特使|報道官|議員|議長|氏|さん)+$"
)
_KATAKANA_JOIN_BEFORE = re.compile(r"[ァ-ヺー]{2,}[・=]$")
_KATAKANA_JOIN_AFTER = re.compile(r"^[・=][ァ-ヺー]{2,}")

_UNKNOWN = "UNKNOWN"  # a word Sudachi's lexicon lacks: not a type, a reason to ask the model
# Sudachi's proper-noun subclasses; 地名 with 国 is a country
_SUDACHI_TYPES = {"人名": "PERSON", "地名": "LOCATION", "組織名": "ORG"}
# token kind to entity type: a surname (姓) or given name (名) is part of a person's name
_TYPE = {
    "NAMEPART": "PERSON",
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "COUNTRY": "COUNTRY",
    "ORG": "ORG",
    "noun": "noun",
    "": "",
}

# GiNZA (Extended Named Entity labels) to entity types; the rest are not names of actors or places
_GINZA_TYPES = {
    "Person": "PERSON",
    "Country": "COUNTRY",
    "GPE_Other": "LOCATION",
    "Province": "LOCATION",
    "City": "LOCATION",
    "County": "LOCATION",
    "Domestic_Region": "LOCATION",
    "Region_Other": "LOCATION",
    "Island": "LOCATION",
    "Organization_Other": "ORG",
    "International_Organization": "ORG",
    "Political_Organization_Other": "ORG",
    "Political_Party": "ORG",
    "Government": "ORG",
    "Cabinet": "ORG",
    "Military": "ORG",
    "Public_Institution": "ORG",
    "Company": "ORG",
    "Company_Group": "ORG",
    "Corporation_Other": "ORG",
    "Research_Institute": "ORG",
    "GOE_Other": "ORG",
    "Newspaper": "ORG",
}
_GINZA_UNUSED = ["parser", "attribute_ruler", "morphologizer", "compound_splitter", "bunsetu_recognizer"]


Known = list[list[tuple[int, int]]] | None  # per sentence, spans the dictionary already explains


class NameFinder(Protocol):
    def find(self, texts: list[str], known: Known = None) -> list[list[Span]]:
        """For each normalised sentence, the (start, end, type) spans of proper names. ``known``
        lets a slow finder skip sentences with nothing else to find; spans overlapping it may
        still be returned, and the caller drops them."""
        ...


# --- pieces under the input limit ------------------------------------------------------


@dataclass
class _Chunk:
    text: str = ""
    # (offset in the chunk, sentence index, offset in the sentence, length) of each part
    parts: list[tuple[int, int, int, int]] = field(default_factory=list)


def _cut(text: str, i: int, limit: int) -> int:
    """Where to end a piece of ``text`` starting at ``i``: after punctuation or a space in the
    second half of the window if there is one, never before a combining mark."""
    cut = i + limit
    k = max(text.rfind(c, i + limit // 2, cut) for c in "。、．，,. 　")
    if k >= 0:
        return k + 1
    while cut > i + 1 and (
        unicodedata.combining(text[cut])
        or unicodedata.category(text[cut]) in ("Mn", "Me")
        or "\ufe00" <= text[cut] <= "\ufe0f"
    ):
        cut -= 1
    return cut


def _pieces(text: str, limit: int) -> list[tuple[int, str]]:
    out, i = [], 0
    while len(text) - i > limit:
        j = _cut(text, i, limit)
        out.append((i, text[i:j]))
        i = j
    out.append((i, text[i:]))
    return out


def chunks(texts: list[str], limit: int = MAX_CHARS) -> list[_Chunk]:
    """Sentences joined by newlines into pieces of at most ``limit`` characters."""
    out: list[_Chunk] = []
    cur = _Chunk()
    buf: list[str] = []
    size = 0
    for k, text in enumerate(texts):
        for off, piece in _pieces(text, limit):
            if buf and size + len(piece) > limit:
                cur.text = "\n".join(buf)
                out.append(cur)
                cur, buf, size = _Chunk(), [], 0
            cur.parts.append((size, k, off, len(piece)))
            buf.append(piece)
            size += len(piece) + 1
    if buf:
        cur.text = "\n".join(buf)
        out.append(cur)
    return out


def _distribute(chunk: _Chunk, spans: Iterable[Span], out: list[list[Span]]) -> None:
    """Move spans found in a chunk to the sentences they came from; a span that crosses a
    piece boundary is dropped, as it is no name."""
    starts = [p[0] for p in chunk.parts]
    for a, b, t in spans:
        at, k, off, n = chunk.parts[bisect_right(starts, a) - 1]
        if b - at <= n:
            out[k].append((a - at + off, b - at + off, t))


def _looks_like_name(i: int, j: int, text: str) -> bool:
    # one character (米, 林) is too ambiguous to call a name without the dictionary
    return j - i >= 2 and not text[i:j].isdigit()


# --- Sudachi ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _sudachi() -> Any:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").create(SplitMode.C)


class SudachiNames:
    """Proper-noun runs from Sudachi's part-of-speech tags."""

    def __init__(self) -> None:
        self._tok = _sudachi()
        # a few hundred part-of-speech ids occur: classify each once
        self._kinds: dict[int, str] = {}

    def _kind(self, m: Any) -> str:
        pid = m.part_of_speech_id()
        kind = self._kinds.get(pid)
        if kind is None:
            pos = m.part_of_speech()
            if pos[0] != "名詞":
                kind = ""
            elif pos[1] == "固有名詞" and pos[2] == "人名" and pos[3] in ("姓", "名"):
                kind = "NAMEPART"
            elif pos[1] == "固有名詞" and pos[2] in _SUDACHI_TYPES:
                kind = "COUNTRY" if pos[2] == "地名" and pos[3] == "国" else _SUDACHI_TYPES[pos[2]]
            else:
                kind = "noun"
            self._kinds[pid] = kind
        return kind

    def find(self, texts: list[str], known: Known = None) -> list[list[Span]]:
        return [[s for s in found if s[2] != _UNKNOWN] for found in self.scan(texts)]

    def scan(self, texts: list[str]) -> list[list[Span]]:
        """Names, and words the lexicon does not know (type ``UNKNOWN``), in each sentence."""
        out: list[list[Span]] = [[] for _ in texts]
        for c in chunks(texts):
            _distribute(c, self._names(c.text), out)
        return out

    def _names(self, text: str) -> list[Span]:
        ms = self._tok.tokenize(text)
        kinds = [self._kind(m) for m in ms]
        n = len(ms)
        spans: list[Span] = [
            (m.begin(), m.end(), _UNKNOWN) for m in ms if m.is_oov() and _KATAKANA.fullmatch(m.surface())
        ]
        i = 0
        while i < n:
            if not self._part(ms[i], kinds[i]):
                i += 1
                continue
            run = [i]
            joined = False
            j = i + 1
            while j < n:
                if kinds[j] not in ("", "noun") and _TYPE[kinds[j]] == _TYPE[kinds[run[-1]]]:
                    run.append(j)  # 山田 太郎: surname and given name
                    j += 1
                elif ms[j].surface() in _JOINERS and j + 1 < n and self._part(ms[j + 1], kinds[j + 1]):
                    run.append(j + 1)
                    joined = True
                    j += 2
                else:
                    break
            spans.extend(self._typed(ms, kinds, run, joined, text))
            i = j
        return [s for s in spans if s[2] == _UNKNOWN or _looks_like_name(s[0], s[1], text)]

    @staticmethod
    def _part(m: Any, kind: str) -> bool:
        return kind not in ("", "noun") or kind == "noun" and bool(_KATAKANA.fullmatch(m.surface()))

    @staticmethod
    def _typed(ms: Any, kinds: list[str], run: list[int], joined: bool, text: str) -> list[Span]:
        start, end = ms[run[0]].begin(), ms[run[-1]].end()
        types = {_TYPE[kinds[k]] for k in run} - {"noun"}
        if len(run) == 1 and kinds[run[0]] == "NAMEPART" and not _PERSON_CUE.match(text, end):
            # a lone surname or given name is often a common word misread (見方, 「梅山」号)
            return []
        if types == {"PERSON"}:
            tail = _TITLE_TAIL.search(text, start, end)
            if tail and tail.start() > start:
                end = tail.start()
            return [(start, end, "PERSON")]
        if not types:
            # katakana words only: a name when a personal title follows and the lexicon does not
            # know them as common words (ミハイロ・ポドリャク, ウィトコフ特使)
            unknown = all(ms[k].is_oov() for k in run)
            cue = _PERSON_CUE.match(text, end)
            if cue and (joined or unknown) or _HONORIFIC.match(text, end) or joined and unknown:
                return [(start, end, "PERSON")]
            return []
        # a place or an organisation, or a list (ロシア・ウクライナ): each typed stretch by itself
        out: list[Span] = []
        for k in run:
            t = _TYPE[kinds[k]]
            if t == "noun":
                continue
            m = ms[k]
            if out and out[-1][2] == t and out[-1][1] == m.begin():
                out[-1] = (out[-1][0], m.end(), t)
            else:
                out.append((m.begin(), m.end(), t))
        return out


# --- GiNZA --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ginza() -> Any:
    import spacy

    # NER needs only the tokenizer and tok2vec: skipping the parser and the rest saves most of the time
    return spacy.load("ja_ginza", exclude=_GINZA_UNUSED)


def _common_word(text: str) -> bool:
    """A single word Sudachi knows as a common noun (トランプ, playing cards)."""
    ms = _sudachi().tokenize(text)
    return len(ms) == 1 and not ms[0].is_oov() and ms[0].part_of_speech()[1] == "普通名詞"


class GinzaNames:
    """Names from ja_ginza's named-entity recogniser, loaded on first use. The model reads
    about 2,000 characters a second, so it gets only the sentences where Sudachi sees a
    proper noun or a katakana word it does not know, outside what the dictionary explains;
    the rest (known names, loanwords such as メッセージ) have nothing for it to find."""

    def __init__(self) -> None:
        self._sudachi = SudachiNames()

    def find(self, texts: list[str], known: Known = None) -> list[list[Span]]:
        out: list[list[Span]] = [[] for _ in texts]
        taken = known or [[] for _ in texts]
        wanted = [
            k
            for k, found in enumerate(self._sudachi.scan(texts))
            if any(not any(a < j and i < b for a, b in taken[k]) for i, j, _ in found)
        ]
        found: list[list[Span]] = [[] for _ in wanted]
        pieces = chunks([texts[k] for k in wanted])
        for c, doc in zip(pieces, _ginza().pipe(c.text for c in pieces), strict=True):
            _distribute(c, self._names(doc), found)
        for k, spans in zip(wanted, found, strict=True):
            out[k] = spans
        return out

    @staticmethod
    def _names(doc: Any) -> list[Span]:
        text = doc.text
        spans: list[Span] = []
        for e in doc.ents:
            t = _GINZA_TYPES.get(e.label_)
            if t is None:
                continue
            a, b = e.start_char, e.end_char
            if t == "PERSON":
                # the model splits ミハイロ・ポドリャク at the ・: join the katakana parts
                before = _KATAKANA_JOIN_BEFORE.search(text, 0, a)
                a = before.start() if before else a
                after = _KATAKANA_JOIN_AFTER.match(text[b:])
                b = b + after.end() if after else b
                if _common_word(text[a:b]) and not _HONORIFIC.match(text, b):
                    continue
            if spans and a < spans[-1][1]:
                continue
            spans.append((a, b, t))
        return [s for s in spans if _looks_like_name(s[0], s[1], text)]


class NoNames:
    def find(self, texts: list[str], known: Known = None) -> list[list[Span]]:
        return [[] for _ in texts]


@cache
def _finder(backend: str) -> NameFinder:
    if backend == "sudachi":
        return SudachiNames()
    if backend == "ginza":
        return GinzaNames()
    if backend == "none":
        return NoNames()
    raise ValueError(f"{ENV}={backend!r}: expected one of {', '.join(BACKENDS)}")


def name_finder() -> NameFinder:
    """The name finder selected by ``RASHOMON_JA_MODEL`` (default ``sudachi``)."""
    return _finder(os.environ.get(ENV, "sudachi").strip().lower() or "sudachi")
