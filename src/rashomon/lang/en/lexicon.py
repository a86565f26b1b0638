"""English vocabulary: the verb and phrase patterns of ``data/events_en.yaml`` and the tokenizer they are matched on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import syntax

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "events_en.yaml"


DEFAULT_MODEL = syntax.DEFAULT_MODEL


def _inflect(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """Regular inflections of a verb lemma (over-generation is harmless for matching)."""
    w = lemma.lower()
    forms = {w, *irregular.get(w, [])}
    if w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        # consonant doubling: ban -> banned, stop -> stopped
        if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


@dataclass(slots=True)
class _Pattern:
    elements: list[frozenset[str] | None]  # None = gap
    literals: int
    entry: dict[str, Any]
    lemma: str  # lemma of the first element when it is a verb


@dataclass
class _Lexicon:
    patterns: dict[str, list[_Pattern]]
    max_gap: int
    form_lemma: dict[str, str]
    mode_cues: dict[str, list[tuple[str, tuple[str, ...]]]]
    context_cues: list[tuple[str, tuple[str, ...]]]
    intent_forms: dict[str, str]
    intent_remap: dict[str, dict[str, str]]
    modality: dict[str, list[tuple[str, ...]]]
    modality_remap: dict[str, dict[str, str]]
    negating_determiners: set[str]
    symmetric: set[str]
    directed_consult_modes: set[str]
    sector_words: dict[tuple[str, ...], str]
    sector_max: int
    modifiers: set[str]
    prepositions: set[str]
    intro_openers: set[str]
    reporting: set[str]
    offices: tuple[str, ...]
    pronouns: set[str]
    minority_markers: set[str]
    non_state_codes: set[str]
    determiners: set[str]
    place_never_recipient: set[str]
    place_acts_when_unclaimed: set[str]
    media: set[str]
    delegate_words: set[str]
    joint_statements: tuple[str, ...]
    group_speakers: set[str]
    place_nouns: set[str]
    member_words: set[str]
    event_anaphors: set[str]


def _tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _WORD_RE.findall(phrase))


def _expand(pattern: str) -> list[list[str]]:
    """Split a pattern into token lists; ``a_b|c`` alternatives expand into separate patterns."""
    variants: list[list[str]] = [[]]
    for tok in pattern.split():
        if "|" in tok and "_" in tok:
            alts = tok.split("|")
            singles = [a for a in alts if "_" not in a]
            multi = [a.split("_") for a in alts if "_" in a]
            new = []
            for v in variants:
                if singles:
                    new.append(v + ["|".join(singles)])
                for m in multi:
                    new.append(v + m)
            variants = new
        else:
            variants = [v + [tok] for v in variants]
    return variants


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    irregular = {k: list(v) for k, v in (data.get("irregular") or {}).items()}
    form_lemma: dict[str, str] = {}
    patterns: dict[str, list[_Pattern]] = {}
    # phrases that look like a trigger and are none ("declined to comment"): matched like
    # triggers so that they mask the shorter trigger inside them, then dropped
    masks = {"cat": None, "not_event": True, "p": data.get("not_events") or []}
    for entry in [*data["triggers"], masks]:
        for raw in entry["p"]:
            for toks in _expand(str(raw)):
                elements: list[frozenset[str] | None] = []
                lemma = ""
                for i, tok in enumerate(toks):
                    if tok == "*":
                        elements.append(None)
                        continue
                    forms: set[str] = set()
                    for alt in tok.split("|"):
                        if alt.endswith("+"):
                            base = alt[:-1].lower()
                            inflected = _inflect(base, irregular)
                            forms |= inflected
                            for f in inflected:
                                form_lemma.setdefault(f, base)
                            if i == 0:
                                lemma = base
                        else:
                            forms.add(alt.lower())
                    elements.append(frozenset(forms))
                first = elements[0]
                assert first is not None, f"pattern starts with a gap: {raw}"
                pat = _Pattern(elements, sum(e is not None for e in elements), entry, lemma)
                for f in first:
                    patterns.setdefault(f, []).append(pat)
    intent_forms: dict[str, str] = {}
    for v in data.get("intent_verbs") or []:
        for f in _inflect(v, irregular):
            intent_forms[f] = v
    sector_words: dict[tuple[str, ...], str] = {}
    for sector, words in (data.get("sector_words") or {}).items():
        for w in words:
            sector_words[_tokens_of(str(w))] = sector
    mode_cues = {
        cat: [(mode, tuple(str(w).lower() for w in words)) for mode, words in modes.items()]
        for cat, modes in (data.get("mode_cues") or {}).items()
    }
    context_cues = [
        (ctx, tuple(str(w).lower() for w in words)) for ctx, words in (data.get("context_cues") or {}).items()
    ]
    modality = {k: [_tokens_of(str(x)) for x in v] for k, v in (data.get("modality") or {}).items()}
    return _Lexicon(
        patterns=patterns,
        max_gap=int(data.get("max_gap", 6)),
        form_lemma=form_lemma,
        mode_cues=mode_cues,
        context_cues=context_cues,
        intent_forms=intent_forms,
        intent_remap={k: dict(v) for k, v in (data.get("intent_remap") or {}).items()},
        modality=modality,
        modality_remap={k: dict(v) for k, v in (data.get("modality_remap") or {}).items()},
        negating_determiners={str(x) for x in data.get("negating_determiners") or []},
        symmetric=set(data.get("symmetric") or []),
        directed_consult_modes=set(data.get("directed_consult_modes") or []),
        sector_words=sector_words,
        sector_max=max((len(k) for k in sector_words), default=1),
        modifiers={str(x).lower() for x in data.get("actor_modifiers") or []},
        prepositions={str(x) for x in data.get("prepositions") or []},
        intro_openers={str(x) for x in data.get("intro_openers") or []},
        reporting={str(x) for x in data.get("reporting_verbs") or []},
        offices=tuple(str(x) for x in data.get("offices") or []),
        pronouns={str(x) for x in data.get("speaker_pronouns") or []},
        minority_markers={str(x).lower() for x in data.get("minority_markers") or []},
        non_state_codes={str(x) for x in data.get("non_state_codes") or []},
        determiners={str(x) for x in data.get("determiners") or []},
        place_never_recipient=set(data.get("place_never_recipient") or []),
        place_acts_when_unclaimed=set(data.get("place_acts_when_unclaimed") or []),
        media={str(x).lower() for x in data.get("media_words") or []},
        delegate_words={str(x).lower() for x in data.get("delegate_words") or []},
        joint_statements=tuple(str(x).lower() for x in data.get("joint_statements") or []),
        group_speakers={str(x).lower() for x in data.get("group_speakers") or []},
        place_nouns={str(x).lower() for x in data.get("place_nouns") or []},
        member_words={str(x).lower() for x in data.get("member_words") or []},
        event_anaphors={str(x).lower() for x in data.get("event_anaphors") or []},
    )


_WORD_RE = re.compile(
    r"[A-Za-z](?:\.[A-Za-z])+\.?"  # U.S., U.N., a.m.
    r"|\w+(?:[-–]\w+)*(?=['’]s\b)"  # Israel | 's
    r"|['’]s\b"
    r"|n't\b"
    r"|\w+(?:['’-]\w+)*"
    r"|``|''|[^\w\s]"
)


_BOUNDARY = {",", ";", ":", '"', "“", "”", "``", "''", "(", ")", ".", "?", "!", "—", "–"}


_QUOTES = {'"', "“", "”", "``", "''", "‘", "’", "'"}


_FUNCTION_CAPS = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "If",
    "As",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "After",
    "Before",
    "Under",
    "Despite",
    "While",
    "When",
    "According",
    "Following",
    "Some",
    "Up",
    "Three",
    "Two",
    "One",
    "Five",
    "Eighty",
    "Hundreds",
    "Thousands",
    "Young",
    "Angry",
    "Radical",
    "For",
    "With",
    "From",
    "Newly",
    "Human",
}


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    start: int  # offsets in the sentence text
    end: int


def _tokenize(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
