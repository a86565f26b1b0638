"""Canonical English names for people the actor dictionary does not list.

Routes, tried after the dictionary and recorded in ``Entity.source`` so that a user can audit
where a name came from:

- ``surface``: English text, the name as written with titles and possessives taken off;
- ``pinyin``: a Chinese name in kanji (pypinyin), family name first as Chinese names are written;
- ``hepburn``: a Japanese name in kanji in Hepburn without long marks, given name first as
  English news writes it: JMnedict's reading of a known person's full name, else Sudachi's
  reading with JMnedict's given-name reading where Sudachi's is none of them;
- ``korean``: a Korean name in kanji, each character's Korean reading from KANJIDIC2
  (jamdict-data), family name first as Korean names are written;
- ``jmnedict``: a foreign name in katakana, each part's English form from JMnedict
  (jamdict-data) where one is close to the part's sound;
- ``spelling``: a katakana part spelt as English text (wordfreq) spells it most often of the
  spellings its sound allows, where that beats JMnedict's form;
- ``romaji``: a katakana part neither gives, romanised (a reading, unless the rules accept it).

Within a document a later short mention (サラミ氏, 金杉大使, "Wang", "Mr. Wang") takes the full
name used elsewhere in it. Whether a kanji name is Chinese or Japanese is decided by the rule
in ``data/names.yaml``.
"""

from __future__ import annotations

import bisect
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .records import Entity

NAMES_FILE = Path(__file__).parent / "data" / "names.yaml"

Local = dict[int, list[tuple[int, int, Entity]]]  # sentence index -> (start, end, entity) in its text


@dataclass(frozen=True)
class _Rules:
    titles_en: frozenset[str]
    context_chars: int
    chinese_states: frozenset[str]
    compound_surnames: tuple[str, ...]
    surnames: frozenset[str]
    also_japanese: frozenset[str]
    kanji_to_hanzi: dict[str, str]
    kanji_title: re.Pattern
    organ_endings: frozenset[str]
    katakana_title: re.Pattern
    romanised_names: bool
    titles: re.Pattern
    spouse: re.Pattern
    korean_states: frozenset[str]
    north_korean_states: frozenset[str]
    korean_surnames: dict[str, str]
    korean_surnames_north: dict[str, str]
    korean_syllables: dict[str, str]
    korean_surnames_kana: dict[str, str]
    korean_surnames_kana_north: dict[str, str]
    korean_kana_syllables: dict[str, str]
    korean_kana_syllables_north: dict[str, str]
    kin_before: re.Pattern
    kin_after: re.Pattern


NAMES_ENV = "RASHOMON_NAMES"


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    user = os.environ.get(NAMES_ENV)
    if user:
        # a user's file replaces the keys it gives (more titles, another rule window)
        try:
            extra = yaml.safe_load(Path(user).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"{NAMES_ENV}={user}: cannot read naming rules: {exc}") from exc
        if not isinstance(extra, dict):
            raise ValueError(f"{NAMES_ENV}={user}: expected a mapping of keys as in data/names.yaml")
        data.update(extra)
    titles = sorted(data["kanji_name_titles"], key=len, reverse=True)
    kin = sorted(data.get("kinship_words") or [], key=len, reverse=True) or ["娘"]
    return _Rules(
        frozenset(data["titles_en"]),
        int(data["context_chars"]),
        frozenset(data["chinese_states"]),
        tuple(data["chinese_compound_surnames"]),
        frozenset(data["chinese_surnames"]),
        frozenset(data["also_japanese"]),
        dict(data["kanji_to_hanzi"]),
        # a run of kanji standing right before a title: the run is the name
        re.compile(r"(?<![一-龥々])([一-龥々]{2,4}?)(?:駐[一-龥ァ-ヺー]{1,8}?)?(?:" + "|".join(map(re.escape, titles)) + ")"),
        frozenset(data["organ_endings"]),
        re.compile("|".join(map(re.escape, sorted(data["katakana_name_titles"], key=len, reverse=True)))),
        bool(data.get("romanised_katakana_names", False)),
        re.compile("|".join(map(re.escape, titles))),
        re.compile("|".join(map(re.escape, data.get("spouse_titles") or ["夫人"]))),
        frozenset(data.get("korean_states") or ()),
        frozenset(data.get("north_korean_states") or ()),
        dict(data.get("korean_surnames") or {}),
        dict(data.get("korean_surnames_north") or {}),
        dict(data.get("korean_syllables") or {}),
        dict(data.get("korean_surnames_kana") or {}),
        dict(data.get("korean_surnames_kana_north") or {}),
        dict(data.get("korean_kana_syllables") or {}),
        dict(data.get("korean_kana_syllables_north") or {}),
        re.compile("(?:" + "|".join(map(re.escape, kin)) + ")(?:の|で|、)?$"),
        re.compile("(?:氏|さん)?(?:とされる|とみられる|である|の)?(?:" + "|".join(map(re.escape, kin)) + ")"),
    )


# --- katakana to Latin ------------------------------------------------------------------------

_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
    "ジェ": "je", "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che", "ニャ": "nya", "ニュ": "nyu",
    "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo",
    "フュ": "fyu", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴ": "vu", "ティ": "ti",
    "ディ": "di", "トゥ": "tu", "ドゥ": "du", "デュ": "dyu", "テュ": "tyu", "ウィ": "wi", "ウェ": "we",
    "ウォ": "wo", "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso", "クァ": "kwa", "クヮ": "kwa",
    "グァ": "gwa", "クィ": "kwi", "クェ": "kwe", "クォ": "kwo", "スィ": "si", "ズィ": "zi", "イェ": "ye",
}
_MONO = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポァィゥェォャュョヮヰヱ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu "
    "me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo "
    "pa pi pu pe po a i u e o ya yu yo wa i e".split(), strict=True))
# In foreign names these kana often carry a vowel the source has not: Petro (ペトロ), Stefan
# (ステファン), Yakub (ヤクーブ); the vowel goes before a liquid, after ス before a consonant, and
# at the end of the word
_EPENTHETIC = frozenset("クグスズブプフトドルム")
_LIQUIDS = frozenset("ラリルレロ")
_VOWEL_KANA = frozenset("アイウエオンー・ァィゥェォャュョ")


def _syllables(kana: str) -> list[tuple[str, str]]:
    """(kana, romaji) pieces of a katakana string."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(kana):
        two = kana[i:i + 2]
        if two in _DIGRAPHS:
            out.append((two, _DIGRAPHS[two]))
            i += 2
            continue
        ch = kana[i]
        out.append((ch, _MONO.get(ch, "-" if ch == "ー" else "'" if ch == "ッ" else "")))
        i += 1
    return out


def romanize(kana: str, foreign: bool = False) -> str:
    """Katakana (or hiragana) in Hepburn without long marks, lower case: カナスギ -> kanasugi,
    シンジロウ -> shinjiro. ``foreign`` also drops the vowels katakana adds to foreign
    consonant clusters (ペトロ -> petro, ヤクーブ -> yakub)."""
    kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
    syl = _syllables(kana)
    out: list[str] = []
    for k, (kn, r) in enumerate(syl):
        nxt = syl[k + 1][0] if k + 1 < len(syl) else ""
        if r == "'":  # small tsu doubles the next consonant
            nr = syl[k + 1][1] if k + 1 < len(syl) else ""
            out.append("t" if nr.startswith("ch") else nr[:1] if nr[:1] not in "aeiou" else "")
            continue
        if r == "-":  # long vowel: English spellings drop it
            continue
        if r == "n" and nxt and _MONO.get(nxt[0], "")[:1] in tuple("aeiouy"):
            r = "n"
        # a word's first ム or ル keeps its vowel (ムジャヒド -> Mujahid), and so does a kana before
        # a doubled consonant (ムッタキ -> Muttaki)
        if foreign and (k or kn not in "ムル") and nxt[:1] != "ッ" and kn in _EPENTHETIC and (
            not nxt or nxt[0] in _LIQUIDS and kn not in "スズルム" or kn in "スズルム" and nxt[0] not in _VOWEL_KANA
        ):
            r = r[:-1]
        out.append(r)
    s = "".join(out)
    if not foreign:
        # Hepburn as names are written in English: Ōno -> Ono, Shūhei -> Shuhei
        s = s.replace("ou", "o").replace("oo", "o").replace("uu", "u")
    return s


# --- JMnedict --------------------------------------------------------------------------------

_PERSON_TYPES = ("surname", "masc", "fem", "given", "person", "unclass")
_PLACE_TYPES = ("place", "station")


@lru_cache(maxsize=1)
def _jmnedict() -> sqlite3.Connection | None:
    try:
        from jamdict_data import JAMDICT_DB_PATH
    except ImportError:
        return None
    # read-only, shared by the threads of one process: the database is never written
    return sqlite3.connect(f"file:{JAMDICT_DB_PATH}?mode=ro", uri=True, check_same_thread=False)


_GLOSS_SQL = (
    "SELECT tt.text, g.text FROM NEKana k JOIN NETranslation t ON t.idseq = k.idseq "
    "JOIN NETransType tt ON tt.tid = t.id JOIN NETransGloss g ON g.tid = t.id WHERE k.text = ?"
)


@lru_cache(maxsize=65536)
def jmnedict_glosses(kana: str, kinds: tuple[str, ...] = _PERSON_TYPES) -> tuple[str, ...]:
    """English forms JMnedict gives for the katakana ``kana`` as a name of one of ``kinds``."""
    db = _jmnedict()
    if db is None:
        return ()
    out: list[str] = []
    for kind, gloss in db.execute(_GLOSS_SQL, (kana,)):
        gloss = re.sub(r"\s*\(.*?\)", "", gloss).strip()
        if kind in kinds and gloss and gloss not in out:
            out.append(gloss)
    return tuple(out)


def _skeleton(s: str) -> str:
    s = s.lower().replace("l", "r").replace("v", "b").replace("w", "b").replace("ph", "f").replace("th", "t")
    s = s.replace("ck", "k").replace("c", "k").replace("q", "k").replace("y", "i").replace("j", "i")
    s = s.replace("kh", "h").replace("gh", "g").replace("dh", "d").replace("sh", "s")
    return re.sub(r"(.)\1", r"\1", re.sub(r"[^a-z]", "", s))


def closest(romaji: str, glosses: Iterable[str], threshold: float = 0.85) -> str | None:
    """The gloss that sounds most like ``romaji`` (Peter is no reading of ペトロ), if close enough;
    of equally close ones an English spelling beats the bare romanisation (Ivan, not Iwan)."""
    best, score = None, threshold
    key = _skeleton(romaji)
    for g in glosses:
        if not re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", g) or len(g.split()) > 1:
            continue
        r = SequenceMatcher(None, key, _skeleton(g)).ratio()
        if r > score or r == score and best is not None and best.lower() == romaji and g.lower() != romaji:
            best, score = g, r
    return best


# --- katakana spellings that differ, names written without a separator ----------------------

# One foreign sound is written in katakana in several ways (ベラヤティ / ベラヤチ, ヴァグナー /
# バグナー, ムッタキ / ムタキ): a spelling's key folds them together
_KEY_PAIRS = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"), ("ティ", "チ"),
              ("ディ", "ジ"), ("トゥ", "ト"), ("ドゥ", "ド"), ("ヂ", "ジ"), ("ヅ", "ズ"), ("ヲ", "オ"),
              ("ヰ", "イ"), ("ヱ", "エ"))
_KEY_MARKS = re.compile("[ヴィゥヂヅヲヰヱ]")
_KEY_TABLE = str.maketrans("ァィゥェォヵヶャュョヮ", "アイウエオカケヤユヨワ", "ー・=＝゠ッ")


def katakana_key(kana: str) -> str:
    """The spelling-tolerant key of a katakana name: ヴ as ブ, ティ as チ, long vowel marks,
    small tsu and separators dropped, small kana as large ones."""
    if _KEY_MARKS.search(kana):
        for a, b in _KEY_PAIRS:
            kana = kana.replace(a, b)
    return kana.translate(_KEY_TABLE)


# JMnedict's katakana names, whatever their kind: a form is a person's name only where
# ``jmnedict_glosses`` gives a person's gloss for it
_KATAKANA_SQL = "SELECT text FROM NEKana WHERE text >= 'ァ' AND text < 'ヿ'"


@lru_cache(maxsize=1)
def _katakana_index() -> dict[str, list[str]]:
    """JMnedict's katakana names by key (90,000 rows, read once: 0.2 s)."""
    db = _jmnedict()
    out: dict[str, list[str]] = {}
    for (kana,) in db.execute(_KATAKANA_SQL) if db is not None else ():
        if "・" not in kana:
            out.setdefault(katakana_key(kana), []).append(kana)
    return out


def _consonants(s: str, long_end: bool) -> str:
    s = re.sub(r"n(?=[pbm])", "m", _skeleton(s))
    if long_end:
        s = re.sub(r"(?<=[aeiou])r$", "", s)  # Wagner's -er is written with a long mark: ワグナー
    return re.sub(r"[aeiou]", "", s)


def _consonants_agree(part: str, rom: str, gloss: str) -> bool:
    """Whether an English form spells the consonants of a katakana part (トランプ: Trump,
    バグナー: Wagner), the vowels katakana adds or changes aside; a part that ends in a vowel
    needs a form that ends in one (ペトロ is Petro, not Peter)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", gloss):
        return False
    long_end = part.endswith("ー")
    ours, theirs = _consonants(rom, long_end), _consonants(gloss, long_end)
    if len(ours) < 2 or ours != theirs or ours[:1] != _skeleton(gloss)[:1]:
        return False
    return long_end or rom[-1:] not in "aeiou" or gloss[-1:].lower() in "aeiouyh"


@lru_cache(maxsize=16384)
def katakana_part(part: str) -> str | None:
    """JMnedict's English form of one katakana name part, written as JMnedict writes it or in
    a variant spelling of it (ベラヤティ -> Velayati by ベラヤチ): the form closest to the sound,
    or one that spells the part's consonants."""
    rom = romanize(part, foreign=True)
    glosses = list(jmnedict_glosses(part))
    g = closest(rom, glosses)
    if g:
        return g
    forms = _katakana_index().get(katakana_key(part), [])
    glosses += [g for f in dict.fromkeys(forms) if f != part for g in jmnedict_glosses(f) if g not in glosses]
    g = closest(rom, glosses) or next((g for g in glosses if _consonants_agree(part, rom, g)), None)
    if g is None:
        # a full name JMnedict lists unseparated (ドナルドトランプ: Donald Trump)
        whole = {x.replace(" ", ""): x for x in glosses if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)+", x)}
        key = closest(rom, whole) or next((k for k in whole if _consonants_agree(part, rom, k)), None)
        g = whole[key] if key else None
    return g


@lru_cache(maxsize=16384)
def _split_katakana_run(run: str) -> tuple[str, ...]:
    return tuple(split_katakana_run(run))


def split_katakana_run(run: str) -> list[str]:
    """A katakana name written without a separator (ドナルドトランプ) in the parts JMnedict
    knows as names, longest parts first; a head JMnedict lacks may stand before a known family
    name of four or more kana. The run itself when no split is found or JMnedict knows it whole."""
    index = _katakana_index()
    n = len(run)
    if n < 5 or katakana_key(run) in index or katakana_part(run):
        return [run]

    def known(a: int, b: int) -> bool:
        # parts of three kana or more: two-kana names (マル, バニ) split too many single names
        return b - a >= 3 and run[a] not in "ーッャュョァィゥェォン" and katakana_key(run[a:b]) in index \
            and katakana_part(run[a:b]) is not None

    # best[k]: the split of run[:k] into known parts, fewest parts and then the longest shortest part
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []

    def rank(parts: list[str]) -> tuple[int, int]:
        return len(parts), -min(map(len, parts))

    for b in range(3, n + 1):
        for a in range(0, b - 2):
            prev = best[a]
            if prev is not None and known(a, b):
                cand = [*prev, run[a:b]]
                if best[b] is None or rank(cand) < rank(best[b]):
                    best[b] = cand
    if best[n] and len(best[n]) > 1:
        return best[n]
    # an unknown head (a name JMnedict lacks) and a known family name that ends the run
    for a in range(3, n - 3):
        if known(a, n) and run[a] not in "ーッャュョァィゥェォン" and n - a >= 4:
            return [run[:a], run[a:]]
    # a known given name of four kana or more and a family name JMnedict lacks (ニコラス|...)
    for b in range(n - 3, 3, -1):
        if known(0, b) and run[b] not in "ーッャュョァィゥェォン" and _given_name(run[:b]):
            return [run[:b], run[b:]]
    return [run]


_GIVEN_SQL = (
    "SELECT 1 FROM NEKana k JOIN NETranslation t ON t.idseq = k.idseq "
    "JOIN NETransType tt ON tt.tid = t.id WHERE k.text = ? AND tt.text IN ('masc', 'fem', 'given') LIMIT 1"
)


def _given_name(kana: str) -> bool:
    """Whether JMnedict lists the katakana as a given name, in this spelling or a variant."""
    db = _jmnedict()
    return db is not None and any(
        db.execute(_GIVEN_SQL, (f,)).fetchone() for f in dict.fromkeys(_katakana_index().get(katakana_key(kana), [])))


def katakana_name(surface: str, spell: bool = False) -> tuple[str, str]:
    """(English name, source) of a foreign name in katakana, part by part: with ``spell`` (a
    person's name), the spelling English text uses most of those the part's sound allows
    (``spelling``); else JMnedict's form where it has one close to the sound, else the
    romanisation. The source is the weakest part's."""
    parts = [q for p in re.split(r"[・=＝゠\s]", surface) if p for q in _split_katakana_run(p)]
    out, sources = [], set()
    for p in parts:
        g, source = katakana_part(p), "jmnedict"
        spelt = katakana_spelling(p) if spell else None
        # of JMnedict's form and the spelling, the one English text uses more (Schuman, not
        # Shuman; Paul, not Pool)
        if spelt and (g is None or _name_frequency(spelt) > _name_frequency(g)):
            g, source = spelt, "spelling"
        if g is None:
            g, source = romanize(p, foreign=True).capitalize(), "romaji"
        out.append(g)
        sources.add(source)
    return " ".join(out), next((s for s in ("romaji", "spelling") if s in sources), "jmnedict")


# --- English spellings of a katakana part -----------------------------------------------------

# The Latin letters one katakana consonant may stand for in a foreign name (ラ: ra or la, バ: ba
# or va, ス: s, z or th): a part's spellings are those the letters allow that English text uses
_CONSONANT_SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sh", ("sh", "s", "sch")), ("ch", ("ch", "tch", "c")), ("ts", ("ts", "z", "tz")),
    ("r", ("r", "l", "rr", "ll")), ("b", ("b", "v")), ("v", ("v", "b", "w")), ("w", ("w", "v")),
    ("j", ("j", "z", "g", "dj", "y")), ("k", ("k", "c", "q", "ck", "kh")), ("h", ("h", "kh", "j")),
    ("f", ("f", "h", "v", "ph", "ff")), ("s", ("s", "z", "c", "th", "ss")), ("g", ("g", "gh", "gu")),
    ("t", ("t", "th", "tt")), ("d", ("d", "dh")), ("z", ("z", "s")), ("p", ("p", "pp")), ("m", ("m", "mm")),
    ("n", ("n", "nn")), ("y", ("y", "i")),
)
_VOWEL_SPELLINGS = {"i": ("i", "y")}
# a long vowel's spellings: ウー as ou (Masoud), オー as au (Paul)
_LONG_VOWEL_SPELLINGS = {"u": ("u", "ou"), "o": ("o", "au")}


# the least frequency (zipf scale) of a word taken as a name's spelling
_SPELLING_FLOOR = 1.5


@lru_cache(maxsize=1)
def _english_words() -> tuple[list[str], dict[str, float]]:
    """English words by frequency on the zipf scale (wordfreq's large English list, read from
    its data file: importing the package costs more than reading the list), and the words
    sorted for prefix search."""
    import gzip
    import importlib.util

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed: katakana names are not spelt as English text spells them")
    path = Path(spec.submodule_search_locations[0]) / "data" / "large_en.msgpack.gz"
    with gzip.open(path, "rb") as f:
        packed = msgpack.load(f, raw=False)
    # the list's buckets are in centibels below a frequency of 1: zipf = 9 - bucket / 100; a
    # word rarer than a spelling may be is left out (half the list, half the time to read it)
    freq = {w: 9 - i / 100 for i, bucket in enumerate(packed[1:int(100 * (9 - _SPELLING_FLOOR)) + 1]) for w in bucket}
    return sorted(freq), freq


_COMMON_SQL = "SELECT 1 FROM SenseGloss WHERE text IN (?, ?, ?) LIMIT 1"


def jmdict_kana(word: str) -> bool:
    """Whether JMdict, the dictionary of common words, lists ``word`` in kana (ミサイル, メディア)."""
    db = _jmnedict()
    return db is not None and db.execute("SELECT 1 FROM Kana WHERE text = ? LIMIT 1", (word,)).fetchone() is not None


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    """Whether JMdict glosses a Japanese word with ``word`` (or its singular): a common English
    word, seldom a name (Katz, not cats; Paul, not pool)."""
    db = _jmnedict()
    if db is None:
        return False
    return any(db.execute(_COMMON_SQL, (w, w.capitalize(), w.upper())).fetchone()
               for w in (word, word[:-1] if word.endswith("s") else None) if w)


def _syllable_spellings(kn: str, r: str, nxt: str, last: bool) -> list[str]:
    """The spellings of one katakana syllable (romanised ``r``) in a foreign name, the plain
    romanisation first."""
    m = re.fullmatch(r"([^aeiou]*)([aeiou]?)", r)
    cons, vowel = m.groups() if m else (r, "")
    heads = next((alts for c, alts in _CONSONANT_SPELLINGS if cons == c), (cons,)) if cons else ("",)
    vowels = (_LONG_VOWEL_SPELLINGS if nxt == "ー" else _VOWEL_SPELLINGS).get(vowel, (vowel,)) if vowel else ("",)
    # the vowel katakana adds after a consonant (ペトロ: Petro, ラブロフ: Lavrov, メルツ: Merz) may
    # be dropped
    if cons and vowel in "uo" and (kn in _EPENTHETIC or kn == "ツ") and (last or nxt[:1] not in _VOWEL_KANA):
        vowels = (*vowels, "")
    return [h + v for h in heads for v in vowels]


def _spelling_cost(option: str, plain: str) -> int:
    """How far a syllable's spelling is from its plain romanisation: a vowel left out costs
    nothing (katakana adds it), another consonant or vowel costs one each."""
    m, p = re.fullmatch(r"([^aeiouy]*)(.*)", option), re.fullmatch(r"([^aeiou]*)(.*)", plain)
    return (m.group(1) != p.group(1)) + (m.group(2) not in ("", p.group(2)))


def _name_frequency(word: str) -> float:
    """How often English text uses ``word`` (zipf scale), less where it is a common word: a
    common word is seldom the name, the more common the less (can, not Khan), but a rare word
    is no likelier (Salami, not calamy)."""
    w = word.lower()
    f = _english_words()[1].get(w, 0.0)
    if _common_word(w):
        return f - 2 - max(0.0, f - 5)
    return f - (1 if f < 2 else 0)


_SPELLING_LIMIT = 20000
# at most this many letters or vowels other than the plain romanisation's (ラブロフ: Lavrov has
# three): farther spellings are other words (バゲリ is not "vaguely")
_SPELLING_CHANGES = 3


@lru_cache(maxsize=16384)
def katakana_spelling(part: str, floor: float = _SPELLING_FLOOR) -> str | None:
    """The English spelling of a katakana name part that English text uses most (wordfreq) of
    those its sound allows (ロドリゲス: Rodriguez, ラブロフ: Lavrov), a common word counting
    two points less; None when none is used at least ``floor`` on the zipf scale."""
    try:
        words, freq = _english_words()
    except ImportError:
        return None
    syl = _syllables(part)
    if len(syl) < 2 or any(not r and kn != "ー" for kn, r in syl):
        return None
    options: list[list[str]] = []
    for k, (kn, r) in enumerate(syl):
        nxt = syl[k + 1][0] if k + 1 < len(syl) else ""
        if r == "'":
            nr = syl[k + 1][1] if k + 1 < len(syl) else ""
            c = "t" if nr.startswith("ch") else nr[:1] if nr[:1] not in tuple("aeiou") else ""
            options.append(["", c] if c else [""])
        elif r == "-":
            options.append(["", "LONG"])
        elif kn == "ン":
            options.append(["n", "m", "ng"])
        elif kn == "フ" and k == len(syl) - 1 and k and syl[k - 1][1][-1:] in ("e", "o"):
            options.append(["v", "f", "ff"])  # Russian and Central Asian -ov, -ev: ラブロフ, アリエフ
        elif kn in "アエオ" and k and syl[k - 1][1][-1:] == "i":
            options.append([r, "y" + r])  # アリエフ: Aliyev
        else:
            # a word's first ル or ム keeps its vowel (ルッテ is not "Rtte"; スミス may be Smith)
            options.append([o for o in _syllable_spellings(kn, r, nxt, k == len(syl) - 1)
                            if k or kn not in "ルム" or re.search("[aeiouy]", o)])

    def has_prefix(p: str) -> bool:
        i = bisect.bisect_left(words, p)
        return i < len(words) and words[i].startswith(p)

    # depth first over the spellings, a prefix no English word begins with cut off; each
    # spelling other than the plain romanisation costs a little, so that of two words of the
    # same frequency the one closer to the sound wins
    found: dict[str, int] = {}
    stack: list[tuple[str, int, str, int]] = [("", 0, "", 0)]
    steps = 0
    while stack and steps < _SPELLING_LIMIT:
        prefix, k, last_vowel, cost = stack.pop()
        steps += 1
        if k == len(options):
            if prefix in freq and len(prefix) >= 3 and re.search("[aeiouy]", prefix):
                found[prefix] = min(found.get(prefix, cost), cost)
            continue
        plain = options[k][0]
        for o in options[k]:
            # a long vowel written twice (Saar), with h (Shah) or r (Starmer), or not at all
            alts = [last_vowel * (last_vowel in "aeo"), "h", "r"] if o == "LONG" and last_vowel else [o]
            for a in alts:
                nxt = prefix + a
                if not nxt or has_prefix(nxt):
                    v = re.search(r"[aeiouy]$", a)
                    extra = (a != "") if o == "LONG" else _spelling_cost(a, plain)
                    if cost + extra <= _SPELLING_CHANGES:
                        stack.append((nxt, k + 1, v.group() if v else "", cost + extra))
    if not found:
        return None

    best = max(found, key=lambda w: _name_frequency(w) - 0.25 * found[w])
    if freq[best] < floor:
        return None
    return best.capitalize()


def katakana_canonical(surface: str) -> str | None:
    """The canonical name a full katakana name gets: English spellings and JMnedict's forms,
    or the romanisation where the rules accept it (``romanised_katakana_names``)."""
    name, source = katakana_name(surface, spell=True)
    return None if source == "romaji" and not rules().romanised_names else name


# --- kanji names -----------------------------------------------------------------------------


class _ShortUnits:
    """The name finder's Sudachi tokenizer in its shortest units (金杉|憲治): one dictionary
    loaded, not two."""

    def __init__(self) -> None:
        from sudachipy import SplitMode

        from .lang.ja.model import _sudachi

        self._tok, self._mode = _sudachi(), SplitMode.A

    def tokenize(self, text: str) -> Any:
        return self._tok.tokenize(text, self._mode)


@lru_cache(maxsize=1)
def _sudachi_a() -> _ShortUnits:
    return _ShortUnits()


def _reading_parts(surface: str) -> list[tuple[str, str, str]]:
    """(surface, katakana reading, 姓|名|other) of each Sudachi word of a kanji name."""
    return [(m.surface(), m.reading_form(), m.part_of_speech()[3] if m.part_of_speech()[2] == "人名" else "")
            for m in _sudachi_a().tokenize(surface)]


def chinese_split(surface: str) -> tuple[str, str]:
    r = rules()
    for s in r.compound_surnames:
        if surface.startswith(s) and len(surface) > len(s):
            return s, surface[len(s):]
    return surface[:1], surface[1:]


def looks_chinese(surface: str) -> bool:
    """The fallback rule of data/names.yaml when no state is named near the person."""
    r = rules()
    family, _ = chinese_split(surface)
    if not (family in r.surnames or family in r.compound_surnames) or len(surface) > 4:
        return False
    if len(surface) == 2:
        return True
    if family in r.also_japanese:
        return False
    parts = _reading_parts(surface)
    return not (len(parts) >= 2 and parts[0][2] == "姓" and len(parts[0][0]) >= 2)


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[str, str]:
    """pypinyin's table of single characters (code point -> readings), read from its data file:
    a name is read character by character, and importing the package loads the phrase table
    too (0.3 s)."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed: Chinese names cannot be read in pinyin")
    path = Path(spec.submodule_search_locations[0]) / "pinyin_dict.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _pinyin(chars: str) -> str:
    table = _pinyin_table()
    out = []
    for c in chars:
        reading = table.get(str(ord(c)))
        if reading is None:
            continue
        first = reading.split(",")[0].replace("ü", "u")
        out.append("".join(x for x in unicodedata.normalize("NFKD", first) if not unicodedata.combining(x)))
    return "".join(out)


def pinyin_name(surface: str) -> str:
    r = rules()
    hanzi = "".join(r.kanji_to_hanzi.get(c, c) for c in surface)
    family, given = chinese_split(hanzi)
    return f"{_pinyin(family).capitalize()} {_pinyin(given).capitalize()}".strip()


_KANJI_READINGS_SQL = (
    "SELECT DISTINCT k.text, tt.text FROM NEKanji kk JOIN NEKana k ON k.idseq = kk.idseq "
    "JOIN NETranslation t ON t.idseq = k.idseq JOIN NETransType tt ON tt.tid = t.id WHERE kk.text = ? "
    "ORDER BY k.idseq"
)


@lru_cache(maxsize=16384)
def kanji_name_readings(surface: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The readings (hiragana) JMnedict gives the kanji ``surface`` as a name of one of ``kinds``
    (person: a known person's full name; surname; given, masc, fem)."""
    db = _jmnedict()
    if db is None:
        return ()
    return tuple(dict.fromkeys(kana for kana, kind in db.execute(_KANJI_READINGS_SQL, (surface,)) if kind in kinds))


_GIVEN_TYPES = ("given", "masc", "fem")


def _hira(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _person_reading(surface: str, family: str, family_reading: str) -> tuple[str, str] | None:
    """(family, given) readings of a kanji full name JMnedict lists as a person (岸田文雄:
    きしだ|ふみお), cut where a reading of its family name ends; Sudachi's reading of the whole
    picks among several entries."""
    whole = kanji_name_readings(surface, ("person",))
    if not whole:
        return None
    sudachi = _hira(family_reading)
    for reading in sorted(whole, key=lambda w: not w.startswith(sudachi)):
        for fam in (sudachi, *kanji_name_readings(family, ("surname",))):
            if fam and reading.startswith(fam) and len(reading) > len(fam):
                return fam, reading[len(fam):]
    return None


def japanese_name(surface: str) -> str | None:
    """A Japanese name in kanji in Hepburn, given name first: the reading JMnedict gives the
    full name of a known person, else Sudachi's reading of the family name and of the given
    name, the given name's reading replaced by the one reading JMnedict gives those kanji as
    a given name where Sudachi's is none of them (信夫 read as a place, しのぶ). None when
    Sudachi finds no family name in it."""
    parts = _reading_parts(surface)
    family = [(s, rd) for s, rd, k in parts if k == "姓"]
    given = [(s, rd) for s, rd, k in parts if k == "名"]
    if not family or len(family) + len(given) != len(parts) or parts[0][2] != "姓":
        # a known person Sudachi does not read as a name (中谷元): JMnedict's reading, cut after
        # the longest head that JMnedict reads as a family name
        for k in range(len(surface) - 1, 0, -1):
            known = _person_reading(surface, surface[:k], "")
            if known:
                return " ".join(_hepburn(x) for x in reversed(known))
        return None
    fam_s, fam_r = "".join(s for s, _ in family), "".join(rd for _, rd in family)
    known = _person_reading(surface, fam_s, fam_r) if given else None
    if known:
        fam_r, giv_r = known
    else:
        giv_s, giv_r = "".join(s for s, _ in given), "".join(rd for _, rd in given)
        readings = kanji_name_readings(giv_s, _GIVEN_TYPES) if giv_s else ()
        if len(readings) == 1 and _hira(giv_r) not in readings:
            giv_r = readings[0]
    return " ".join(_hepburn(x) for x in (giv_r, fam_r) if x)


def _hepburn(kana: str) -> str:
    """A part of a Japanese name in Hepburn as passports and English news write it: long vowels
    unmarked, n before b, m and p written m (げんば: Gemba)."""
    return re.sub(r"n(?=[bmp])", "m", romanize(kana)).capitalize()


# --- Korean names in kanji ----------------------------------------------------------------------

_KOREAN_SQL = (
    "SELECT c.literal, r.value FROM reading r JOIN rm_group g ON r.gid = g.ID JOIN character c ON g.cid = c.ID "
    "WHERE r.r_type = 'korean_h' ORDER BY r.rowid"
)
# Revised Romanization of the parts of a hangul syllable (initial, medial, final)
_RR_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_RR_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
             "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


@lru_cache(maxsize=1)
def _korean_readings() -> dict[str, str]:
    # read whole, once (7,000 rows, 0.05 s): the tables have no index to look one kanji up by
    db = _jmnedict()
    out: dict[str, str] = {}
    for char, reading in db.execute(_KOREAN_SQL) if db is not None else ():
        out.setdefault(char, reading)
    return out


def korean_reading(char: str) -> str | None:
    """The Korean reading (one hangul syllable) KANJIDIC2 gives first for a kanji, Japanese
    forms included (顕 -> 현)."""
    return _korean_readings().get(char)


def hangul_rr(syllable: str) -> str:
    """A hangul syllable in Revised Romanization, read on its own: 명 -> myeong."""
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return ""
    initial = _RR_INITIAL[code // 588].replace("-", "")
    return initial + _RR_MEDIAL[code % 588 // 28] + _RR_FINAL[code % 28]


def korean_name(surface: str, north: bool = False) -> str | None:
    """A Korean name in kanji as English news writes it: 李在明 -> Lee Jae-myung; in the North's
    style with ``north``: 崔善姫 -> Choe Son Hui. None when a character has no Korean reading."""
    r = rules()
    family, given = surface[:1], surface[1:]
    readings = [korean_reading(c) for c in surface]
    if not given or None in readings:
        return None
    table = {**r.korean_surnames, **r.korean_surnames_north} if north else r.korean_surnames
    fam = table.get(family) or hangul_rr(readings[0]).capitalize()
    if north:
        # the North's spelling keeps McCune-Reischauer's plain vowels: jeong -> jong, eun -> un
        parts = [hangul_rr(h).replace("eo", "o").replace("eu", "u").capitalize() for h in readings[1:]]
        return " ".join([fam, *parts])
    parts = [r.korean_syllables.get(h) or hangul_rr(h) for h in readings[1:]]
    return f"{fam} {'-'.join(parts).capitalize()}"


_KOREAN_CODAS = frozenset("クルプムト")


def _korean_kana_syllables(kana: str) -> list[str] | None:
    """A Korean given name in katakana in its syllables, each a kana with its final consonant
    (ソンラク: ソン|ラク, ジュエ: ジュ|エ); None unless it has one or two."""
    units: list[str] = []
    for piece, _ in _syllables(kana):
        if units and (piece in ("ン", "ッ", "ー")):
            units[-1] += piece
        else:
            units.append(piece)
    # ク, ル, プ, ム, ト close the syllable before them (ソク|ヒョン) until two are left
    k = len(units) - 1
    while len(units) > 2 and k > 0:
        if units[k] in _KOREAN_CODAS and units[k - 1][-1:] not in _KOREAN_CODAS | {"ン"}:
            units[k - 1 : k + 1] = [units[k - 1] + units[k]]
        k -= 1
    return units if 1 <= len(units) <= 2 else None


def korean_katakana_name(surface: str, north: bool = False) -> str | None:
    """A Korean name in katakana as English news spells Korean names (キム・ヘギョン -> Kim
    Hye-kyung; in the North's style with ``north``: キム・ジュエ -> Kim Ju Ae); None unless it is
    a Korean family name and a given name of one or two syllables."""
    r = rules()
    parts = [p for p in re.split(r"[・=＝゠]", surface) if p]
    if len(parts) != 2:
        return None
    family = (north and r.korean_surnames_kana_north.get(parts[0])) or r.korean_surnames_kana.get(parts[0])
    given = korean_given_kana(parts[1], north)
    return f"{family} {given}" if family and given else None


def korean_given_kana(kana: str, north: bool = False) -> str | None:
    """A Korean given name in katakana of one or two syllables: ヘギョン -> Hye-kyung, in the
    North's style ジュエ -> Ju Ae."""
    r = rules()
    syllables = _korean_kana_syllables(kana)
    if not syllables:
        return None
    given = [(north and r.korean_kana_syllables_north.get(x)) or r.korean_kana_syllables.get(x) or romanize(x)
             for x in syllables]
    if north:
        return " ".join(g.replace("eo", "o").replace("oo", "u").capitalize() for g in given)
    return "-".join(given).capitalize()


def _korean_fallback(surface: str, doc_states: set[str]) -> bool:
    """With no state named near it: a three-character name with a Korean family name, in a
    document that names Korea and not China, and that Sudachi does not read as a Japanese
    family name of two or more characters."""
    r = rules()
    if len(surface) != 3 or surface[0] not in r.korean_surnames:
        return False
    if not doc_states & r.korean_states or doc_states & r.chinese_states:
        return False
    parts = _reading_parts(surface)
    return not (len(parts) >= 2 and parts[0][2] == "姓" and len(parts[0][0]) >= 2)


# --- finding kanji names before titles ----------------------------------------------------------


def kanji_names(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of kanji names right before a personal title (孫衛東外務次官, 金杉大使) that
    overlap nothing in ``covered``; a run that ends like an organ (外務省) is none."""
    r = rules()
    out = []
    for m in r.kanji_title.finditer(text):
        i, j = m.span(1)
        # the run must start the phrase: after a particle or other kana, punctuation, a bracket or
        # a known name (中国から何立峰副首相ら)
        before = text[i - 1] if i else ""
        if before and not ("\u3041" <= before <= "\u309f") and before not in "、。「」『』()（）・ 　" \
                and not any(b == i for _, b in covered):
            continue
        if text[j - 1] in r.organ_endings or any(a < j and i < b for a, b in covered):
            continue
        # 金総書記: the run's tail starts a longer title, the name is a single character
        if any((t := r.titles.match(text, k)) and t.end() > j for k in range(i + 1, j)):
            continue
        first = _sudachi_a().tokenize(text[i:j])[0]
        pos = first.part_of_speech()
        # a common word (国務長官, 同国大使) is no name; a one-character one may be a family name (王)
        if pos[1] != "固有名詞" and not first.is_oov() and not (
                len(first.surface()) == 1 and first.surface() in r.surnames):
            continue
        out.append((i, j))
    return out + _names_before_long_titles(text, covered + out)


_FORMER = frozenset("元前現新故")


def _person_tag(token: Any) -> str:
    """姓 or 名 where Sudachi tags a word as part of a person's name, else ''."""
    pos = token.part_of_speech()
    return pos[3] if pos[2] == "人名" else ""


def _names_before_long_titles(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name before a title that words of its office lengthen (李成鋼国際貿易交渉代表): the run
    of kanji before the title less the common nouns of two or more characters that end it."""
    r = rules()
    out = []
    for m in re.finditer(r"(?<![一-龥々])[一-龥々]{6,20}", text):
        a, b = m.span()
        if any(x < b and a < y for x, y in covered):
            continue
        run = m.group()
        title = max((t for t in r.titles.findall(run) if run.endswith(t)), key=len, default=None)
        if not title:
            continue
        rest = run[:-len(title)]
        # 幹事長代行: a title may stand before the title that ends the run
        while (inner := max((t for t in r.titles.findall(rest) if rest.endswith(t)), key=len, default=None)) \
                and len(rest) - len(inner) >= 2:
            rest = rest[:-len(inner)]
        tokens = list(_sudachi_a().tokenize(rest))
        k = len(tokens)
        while k > 0 and len(tokens[k - 1].surface()) >= 2 and tokens[k - 1].part_of_speech()[1] == "普通名詞" \
                and not tokens[k - 1].is_oov():
            k -= 1
        if 0 < k < len(tokens) and tokens[k - 1].surface() in _FORMER:
            k -= 1  # 元経済安全保障相: "former" stands between the name and the office
        name = "".join(t.surface() for t in tokens[:k])
        # five characters where Sudachi reads a family and a given name (村上誠一郎)
        longest = 5 if k >= 2 and _person_tag(tokens[0]) == "姓" and _person_tag(tokens[k - 1]) == "名" else 4
        if k == len(tokens) and len(rest) == len(run) - len(title) or not 2 <= len(name) <= longest or name[-1] in r.organ_endings:
            continue
        if tokens[0].part_of_speech()[1] != "固有名詞" and not (
                len(tokens[0].surface()) == 1 and tokens[0].surface() in r.surnames):
            continue
        out.append((a, a + len(name)))
    return out


def katakana_names(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of katakana names right before a personal title (サラミ司令官, アシフ国防相) that
    overlap nothing in ``covered``."""
    r = rules()
    out = []
    for m in re.finditer(r"(?<![ァ-ヺー・])[ァ-ヺー]{2,}(?:・[ァ-ヺー]{2,})*", text):
        i, j = m.span()
        if r.katakana_title.match(text, j) and not any(a < j and i < b for a, b in covered):
            out.append((i, j))
    return out


def family_mentions(local: Local, texts: dict[int, str], make: Callable[[int, int, int], Entity]) -> None:
    """A single kanji before a personal title (朴外相, 李氏) that begins the kanji full name of
    exactly one person the document names: a short mention of that person. Chinese and Korean
    family names have one character, too short to be found as a name on their own."""
    r = rules()
    full: dict[str, set[tuple[str | None, str | None, str | None, str | None]]] = {}
    for idx, ents in local.items():
        for i, j, e in ents:
            surface = texts[idx][i:j]
            if e.type == "PERSON" and e.identifier_text and 2 <= len(surface) <= 4 and re.fullmatch(
                    r"[一-龥々]+", surface):
                full.setdefault(surface[0], set()).add((e.identifier_text, e.code, e.sector, e.source))
    if not full:
        return
    pattern = re.compile(r"(?<![一-龥々])[" + "".join(full) + "]")
    for idx, ents in local.items():
        text = texts[idx]
        for m in pattern.finditer(text):
            i, j = m.span()
            people = full.get(m.group(), set())
            if len(people) != 1 or not r.titles.match(text, j) or any(a < j and i < b for a, b, _ in ents):
                continue
            name, code, sector, source = next(iter(people))
            e = make(idx, i, j)
            e.identifier_text, e.code, e.sector, e.source = name, code, sector, source
            ents.append((i, j, e))
        ents.sort(key=lambda t: t[0])


# --- canonical names per document ------------------------------------------------------------


def _state_before(ents: list[tuple[int, int, Entity]], i: int, text: str, window: int) -> str | None:
    """The code of the nearest state (or body of a state) named in ``window`` characters before ``i``."""
    best = None
    for _, b, e in ents:
        if b <= i and i - b <= window and e.code and e.type in ("COUNTRY", "ORG", "OTHER", "PERSON", "LOCATION"):
            if "。" not in text[b:i]:
                best = e.code
    return best


def kanji_reading(surface: str, text: str, i: int, ents: list[tuple[int, int, Entity]]) -> str:
    """A name in kanji read by the Chinese-or-Japanese rule (a place's: 羽田 -> Haneda)."""
    r = rules()
    state = _state_before(ents, i, text, r.context_chars)
    if state in r.chinese_states:
        return _pinyin(surface).capitalize()
    return romanize("".join(rd for _, rd, _ in _reading_parts(surface))).capitalize()


def name_japanese(local: Local, texts: dict[int, str],
                  family: Callable[[str], tuple[str, str | None, str | None] | None] | None = None) -> None:
    """Give every person without a canonical name in a Japanese document one, then let short
    mentions take the full names. ``family(kana)`` gives (name, code, sector) of the dictionary
    person a katakana family name before a title stands for on the document's date, if one."""
    r = rules()
    doc_states = {e.code for ents in local.values() for _, _, e in ents if e.type in ("COUNTRY", "ORG", "OTHER") and e.code}
    for idx, ents in local.items():
        text = texts[idx]
        for i, j, e in ents:
            if e.type != "PERSON" or e.identifier_text:
                continue
            surface = text[i:j]
            if _byline_or_title(text, i, j):
                continue
            if re.fullmatch(r"[ァ-ヺー・=＝゠]+", surface):
                # one katakana word is a name when a title follows it; else only as a short mention
                holder = family(surface) if family and r.katakana_title.match(text, j) else None
                state = _state_before(ents, i, text, r.context_chars)
                korean = state in r.korean_states if state else bool(doc_states & r.korean_states)
                reading = korean_katakana_name(surface, (state if state else "PRK" if not doc_states & (
                    r.korean_states - r.north_korean_states) else "") in r.north_korean_states) if korean else None
                if reading and not holder:
                    e.source = f"korean:{reading}"  # a reading: another document's full name may confirm it
                elif holder:
                    e.identifier_text, e.code, e.sector = holder
                    e.source = "dictionary"
                elif re.search(r"[・=＝゠]", surface) or r.katakana_title.match(text, j):
                    name, source = katakana_name(surface, spell=True)
                    if source == "romaji" and not r.romanised_names:
                        e.source = f"romaji:{name}"[:40]  # the reading, for the user to audit
                    else:
                        e.identifier_text, e.source = name, source
            elif re.fullmatch(r"[一-龥々]+", surface):
                state = _state_before(ents, i, text, r.context_chars)
                korean = state in r.korean_states if state else _korean_fallback(surface, doc_states)
                chinese = state in r.chinese_states if state else looks_chinese(surface)
                if korean:
                    north = state in r.north_korean_states if state else not doc_states & (
                        r.korean_states - r.north_korean_states)
                    name = korean_name(surface, north)
                    if name:
                        e.identifier_text, e.source = name, "korean"
                elif chinese:
                    e.identifier_text, e.source = pinyin_name(surface), "pinyin"
                else:
                    name = japanese_name(surface)
                    if name:
                        e.identifier_text, e.source = name, "hepburn"
    for idx, ents in local.items():
        _spouses(ents, texts[idx])
    join_short_mentions(local, texts, "ja")
    _children(local, texts)
    for ents in local.values():
        for _, _, e in ents:
            # a family name alone (アシフ国防相, 金杉大使) that joins no full name in the document is
            # a reading for the user to audit, not a canonical name
            if e.type == "PERSON" and e.identifier_text and e.source in _READINGS and " " not in e.identifier_text:
                e.source, e.identifier_text = f"{e.source}:{e.identifier_text}", None


_READINGS = frozenset({"jmnedict", "spelling", "romaji", "hepburn", "pinyin", "korean"})
# names spelt from their sound alone: a full name another document of the store gives takes
# their place (CorpusNames)
_TRANSLITERATIONS = frozenset({"spelling", "romaji"})


def _spouses(ents: list[tuple[int, int, Entity]], text: str) -> None:
    """A given name before 夫人 takes the family name of the person named just before it."""
    r = rules()
    for k, (i, j, e) in enumerate(ents):
        if e.type != "PERSON" or not r.spouse.match(text, j):
            continue
        partner = next((x for a, b, x in reversed(ents[:k]) if x.type == "PERSON" and x.identifier_text
                        and " " in x.identifier_text and "。" not in text[b:i]), None)
        if partner is None:
            continue
        surface = text[i:j]
        if re.fullmatch(r"[一-龥々]+", surface):
            given, source = romanize("".join(rd for _, rd, _ in _reading_parts(surface))).capitalize(), "hepburn"
        elif re.fullmatch(r"[ァ-ヺー]+", surface):
            given, source = katakana_name(surface, spell=True)
        else:
            continue
        if e.identifier_text and " " in e.identifier_text:
            continue
        name = f"{given} {partner.identifier_text.split()[-1]}"
        if source == "romaji" and not r.romanised_names:
            e.identifier_text, e.source = None, f"romaji:{name}"
        else:
            e.identifier_text, e.source = name, source


def _children(local: Local, texts: dict[int, str]) -> None:
    """A katakana given name alone beside a word of kinship (娘のイバンカ氏, ジュエ氏とされる娘)
    takes the family name of the person named in full nearest before it, in its sentence or
    the two before: Ivanka Trump; Kim Ju Ae, family name first where that person is Korean."""
    r = rules()
    order = sorted(local)
    for n, idx in enumerate(order):
        text = texts[idx]
        for i, j, e in local[idx]:
            surface = text[i:j]
            named = e.identifier_text and (" " in e.identifier_text or e.source not in _READINGS)
            if e.type != "PERSON" or named or not re.fullmatch(r"[ァ-ヺー]{2,}", surface):
                continue
            if not (r.kin_before.search(text[:i]) or r.kin_after.match(text, j)):
                continue
            partner = None
            for jdx in reversed(order[max(0, n - 2):n + 1]):
                partner = next((x for a, _, x in reversed(local[jdx]) if x.type == "PERSON" and x.identifier_text
                                and " " in x.identifier_text and (jdx != idx or a < i)), None)
                if partner:
                    break
            if partner is None:
                continue
            if partner.code in r.korean_states:
                north = partner.code in r.north_korean_states
                given = korean_given_kana(surface, north)
                if given:
                    e.identifier_text, e.source = f"{partner.identifier_text.split()[0]} {given}", "korean"
                continue
            name, source = katakana_name(surface, spell=True)
            if source != "romaji":
                e.identifier_text, e.source = f"{name} {partner.identifier_text.split()[-1]}", source
    # later mentions of the same given name (ジュエ氏は…) are the same person
    kin = {texts[idx][i:j]: e for idx in order for i, j, e in local[idx]
           if e.type == "PERSON" and e.source in ("korean", "spelling", "jmnedict") and e.identifier_text
           and " " in e.identifier_text and re.fullmatch(r"[ァ-ヺー]{2,}", texts[idx][i:j])}
    for idx in order:
        for i, j, e in local[idx]:
            ref = kin.get(texts[idx][i:j])
            if ref is not None and e.type == "PERSON" and (not e.identifier_text or " " not in e.identifier_text):
                e.identifier_text, e.code, e.source = ref.identifier_text, ref.code, ref.source


def _byline_or_title(text: str, i: int, j: int) -> bool:
    """A reporter's credit in a wire dateline (【サンパウロ綾村悟】) names no one in the story, and
    a name in quotes with no title after it (空母「ジェラルド・フォード」) is a ship's or a work's."""
    if text.rfind("【", 0, i) > text.rfind("】", 0, i) and "】" in text[j:]:
        return True
    return text[i - 1:i] in "「『" and text[j:j + 1] in "」』"


def _keys_ja(surface: str, e: Entity) -> list[str]:
    parts = [q for p in re.split(r"[・=＝゠]", surface) if p for q in
             (_split_katakana_run(p) if re.fullmatch(r"[ァ-ヺー]+", p) else [p])]
    if len(parts) > 1:
        return [parts[-1], parts[0]]
    if e.source == "hepburn" or e.source == "dictionary" and re.fullmatch(r"[一-龥々]{3,}", surface):
        # 小泉氏 after 小泉進次郎, whether the full name came from the dictionary or a reading
        fam = [s for s, _, k in _reading_parts(surface) if k == "姓"]
        return fam[:1]
    if e.source == "pinyin":
        return [chinese_split(surface)[0]]
    if e.source == "korean":
        return [surface[:1]]
    return []


def join_short_mentions(local: Local, texts: dict[int, str], lang: str) -> None:
    """A short mention of a person the document names in full elsewhere is that person: the
    last or first part of a katakana or English name, the family name of a kanji name. A key
    two different people share stays unresolved."""
    keys: dict[str, Entity | None] = {}
    people = [(idx, i, j, e) for idx in sorted(local) for i, j, e in local[idx] if e.type == "PERSON"]
    for idx, i, j, e in people:
        # a name of one word (Koizumi read from 小泉氏) is itself a short mention, no full name
        if not e.identifier_text or " " not in e.identifier_text:
            continue
        surface = texts[idx][i:j]
        if lang == "en":
            surface = strip_en(surface)
        ks = _keys_ja(surface, e) if lang == "ja" else (
            [surface.split()[-1], surface.split()[0]] if len(surface.split()) > 1 else [])
        if lang == "ja":
            # a short mention spelled otherwise (ベラヤチ for ベラヤティ) joins by its key
            ks = list(dict.fromkeys([*ks, *(katakana_key(k) for k in ks if re.fullmatch(r"[ァ-ヺー]+", k))]))
        for k in ks:
            if k in keys and keys[k] is not None and keys[k].identifier_text != e.identifier_text:
                keys[k] = None
            else:
                keys.setdefault(k, e)
    for idx, i, j, e in people:
        surface = texts[idx][i:j]
        if lang == "en":
            surface = strip_en(surface)
        ref = keys.get(surface)
        if ref is None and lang == "ja" and re.fullmatch(r"[ァ-ヺー]+", surface):
            ref = keys.get(katakana_key(surface))
        if ref is None or ref is e or ref.identifier_text == e.identifier_text:
            continue
        if e.source == "dictionary" and e.identifier_text:
            continue
        e.identifier_text, e.code, e.sector, e.source = ref.identifier_text, ref.code, ref.sector, ref.source


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def strip_en(surface: str) -> str:
    """An English name as written without titles before it and a possessive after it."""
    words = _POSSESSIVE.sub("", surface.strip()).split()
    titles = rules().titles_en
    while words and words[0].rstrip(".") in titles:
        words = words[1:]
    return " ".join(words)


_CREDIT_BEFORE = re.compile(r"(?:photo|picture|image|credit|video)[^:()]{0,30}:\s*$", re.I)


def name_english(local: Local, texts: dict[int, str]) -> None:
    """The name as written for every person the dictionary does not know; short mentions
    (Wang, Mr. Wang) join a full name the document uses. A photographer's credit ("Photo: Jane
    Roe / EPA") names no one in the story."""
    for idx, ents in local.items():
        text = texts[idx]
        for i, j, e in ents:
            if e.type != "PERSON" or e.identifier_text:
                continue
            if _CREDIT_BEFORE.search(text[:i]) or text[j:].lstrip().startswith("/"):
                continue
            name = strip_en(e.text).rstrip(" /,;:-")
            if len(name.split()) >= 2 and re.match(r"[A-Z]", name):
                e.identifier_text, e.source = name, "surface"
    join_short_mentions(local, texts, "en")


# --- names across the documents of one store ---------------------------------------------------

_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|ul|ud)-", re.I)


def _sound(word: str) -> str:
    return _skeleton(_ARTICLE.sub("", word))


def _like(a: str, b: str) -> float:
    a, b = _sound(a), _sound(b)
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def _given_like(reading: str, word: str, family: float) -> bool:
    """Whether a given name read from katakana may be ``word``: alike, or, beside a family name
    that sounds the same, beginning alike (Zabifra read from ザビフラ is Zabihullah)."""
    if _like(reading, word) >= 0.7:
        return True
    a, b = _sound(reading), _sound(word)
    return family >= 0.9 and len(a) >= 5 and a[:4] == b[:4]


class CorpusNames:
    """Full English names that the documents of one store use, for the people other documents
    only read aloud: パシニャン首相 (romanised "Pashinyan") in a Japanese piece is the Nikol
    Pashinyan an English piece names. A reading joins a full name whose family name sounds like
    its last part (and whose given name like its first, where it has one); a reading two names
    fit equally stays a reading. Such a name's source is ``corpus``."""

    def __init__(self, entity_lists: Iterable[Iterable[Entity]], threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.full: set[str] = set()
        self._cache: dict[str, str | None] = {}
        for ents in entity_lists:
            for e in ents:
                name = e.identifier_text
                if e.type == "PERSON" and name and len(name.split()) >= 2 and name.isascii() \
                        and e.source not in _TRANSLITERATIONS:
                    self.full.add(name)
        # "Kayikwamba Wagner" is the "Therese Kayikwamba Wagner" another mention gives in full
        self.full = {n for n in self.full if not any(m != n and m.endswith(" " + n) for m in self.full)}

    @staticmethod
    def reading(source: str | None) -> str | None:
        """The reading a person without a canonical name keeps in its source (romaji:Pashinyan)."""
        if not source or ":" not in source:
            return None
        kind, _, text = source.partition(":")
        return text if kind in _READINGS and text else None

    def resolve(self, reading: str) -> str | None:
        if reading not in self._cache:
            self._cache[reading] = self._resolve(reading)
        return self._cache[reading]

    def _resolve(self, reading: str) -> str | None:
        parts = reading.split()
        if len(_sound(parts[-1])) < 4:
            return None
        scored = []
        for name in self.full:
            words = name.split()
            family = max(_like(parts[-1], w) for w in words[1:])
            if len(parts[-1]) >= 8:
                family = max(family, _like(parts[-1], "".join(words[1:])))
            # the first part read may be the first name or a middle one (Kayikwamba of Therese
            # Kayikwamba Wagner, a name read without the given name before it)
            if family < self.threshold or len(parts) > 1 and not any(
                    _given_like(parts[0], w, family) for w in words[:-1]):
                continue
            scored.append((family, name))
        scored.sort(reverse=True)
        if not scored or len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None
        return scored[0][1]

    def apply(self, record: dict[str, Any]) -> None:
        """Give the document record's unnamed people (entities, speakers, actors) the full name
        their reading joins."""
        by_text: dict[str, str] = {}
        respelt: dict[str, str] = {}
        for e in record.get("entities", []):
            if e.get("type") != "PERSON":
                continue
            spelt = e.get("identifier_text") if e.get("source") in _TRANSLITERATIONS else None
            reading = spelt or (None if e.get("identifier_text") else self.reading(e.get("source")))
            if reading is None:
                continue
            name = self.resolve(reading)
            if name and name != spelt:
                e["identifier_text"], e["source"] = name, "corpus"
                by_text[e["text"]] = name
                if spelt:
                    respelt[spelt] = name
        if not by_text:
            return
        refs = [s.get("speaker") or {} for s in record.get("statements", [])]
        for ev in record.get("events", []) + record.get("negated_events", []):
            refs += ev.get("actor", []) + ev.get("recipient", [])
        for ref in refs:
            if not isinstance(ref, dict):
                continue
            if ref.get("identifier_text") in respelt:
                ref["identifier_text"] = respelt[ref["identifier_text"]]
            elif not ref.get("identifier_text") and ref.get("entity_text") in by_text:
                ref["identifier_text"] = by_text[ref["entity_text"]]
