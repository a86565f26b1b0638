"""Read article files into ``RawDocument``s.

Formats: plain text, HTML, Markdown (with optional YAML front matter) and JSON Lines
(one article per line). Encodings: UTF-8 (with or without BOM), UTF-16/32 with BOM,
Shift_JIS/CP932, EUC-JP and ISO-2022-JP.

All text is returned with line endings normalised: ``\\r\\n`` and lone ``\\r`` become
``\\n``. Every later character offset refers to ``RawDocument.text`` *after* this
normalisation (and, for HTML, to the extracted visible text, not to the markup).

Nothing that reads a file raises on bad input: each problem comes back as an
``IngestError`` with a one-line reason, so one broken file never stops a batch.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from lxml import html as lxml_html

from .records import IngestError, RawDocument

DEFAULT_MAX_BYTES = 10_000_000

TEXT_EXTENSIONS = {".txt", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}

# Leading bytes of common non-text files people drop into an article folder by mistake.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
)

# Ordered so that the UTF-32 LE BOM (FF FE 00 00) wins over the UTF-16 LE BOM (FF FE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never occur in text; ESC (0x1b) is excluded because ISO-2022-JP uses it.
_CONTROL_BYTES = frozenset(
    set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B)) | set(range(0x1C, 0x20))
)
_SNIFF_BYTES = 65_536

_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D")

# Charset labels as used in <meta charset> mapped to the names we record.
_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jp",
    "euc_jp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
    "iso2022_jp": "iso2022_jp",
    "csiso2022jp": "iso2022_jp",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_HTML_START_BYTES_RE = re.compile(
    rb"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


# --------------------------------------------------------------------------- language


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9f"


def _is_kanji(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or ch in "々〆〇ヶ"
    )


# the characters of _is_kana and _is_kanji (ヶ is kana)
_JAPANESE_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff々〆〇]")
_LATIN_RE = re.compile("[A-Za-z\uff21-\uff5a]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``: "ja" when kana/kanji make up a fair share of its letters, else "en".

    One Japanese character carries about as much as a short English word, so a share of
    a quarter already means Japanese running text (with English names and terms mixed in).
    """
    # counted by regular expression, not character by character: every document is read in the
    # one process that writes the store, and this was most of its reading time
    japanese = len(_JAPANESE_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))  # full-width Latin letters too
    if japanese == 0:
        return "en"
    return "ja" if japanese / (japanese + latin) >= 0.25 else "en"


# --------------------------------------------------------------------------- decoding


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_kind(data: bytes) -> str | None:
    """Name of the binary format ``data`` looks like ("" for unknown binary), or None for text."""
    for magic, name in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 legitimately contain NUL bytes
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return ""
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if controls / len(sample) > 0.05:
        return ""
    return None


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _japanese_share(text: str, *, halfwidth_ok: bool = False) -> float:
    """Share of non-ASCII characters that are ordinary Japanese script or punctuation.

    A strict decode with the wrong legacy codec often succeeds anyway; it then yields
    half-width katakana, private-use or control characters, which this score exposes.
    """
    non_ascii = [ch for ch in text if not ch.isascii()]
    if not non_ascii:
        return 1.0
    good = sum(
        1
        for ch in non_ascii
        if (
            "\u3040" <= ch <= "\u30ff"
            or _is_kanji(ch)
            or "\u3000" <= ch <= "\u303f"
            or "\uff01" <= ch <= "\uff5e"
            or (halfwidth_ok and "\uff61" <= ch <= "\uff9f")
        )
    )
    return good / len(non_ascii)


def _choose_japanese(data: bytes) -> tuple[str, str] | None:
    """Pick cp932 or euc_jp: strict decode first, charset-normalizer breaks a tie."""
    decoded = {enc: text for enc in ("cp932", "euc_jp") if (text := _strict_decode(data, enc)) is not None}
    candidates = {enc: text for enc, text in decoded.items() if _japanese_share(text) >= 0.8}
    if not candidates:
        # Real half-width katakana (old Shift_JIS texts) look like a mis-decode; accept them last.
        candidates = {
            enc: text for enc, text in decoded.items() if _japanese_share(text, halfwidth_ok=True) >= 0.8
        }
    if not candidates:
        return None
    if len(candidates) == 1:
        ((name, text),) = candidates.items()
        return text, name
    from charset_normalizer import from_bytes  # imported lazily: only needed for ambiguous bytes

    best = from_bytes(data, cp_isolation=list(candidates)).best()
    name = codecs.lookup(best.encoding).name.replace("-", "_") if best is not None else ""
    if name not in candidates:
        name = max(candidates, key=lambda enc: _japanese_share(candidates[enc]))
    return candidates[name], name


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str] | None:
    """Decode ``data``; return ``(text, encoding)`` or None when no supported encoding fits.

    Order: BOM; strict UTF-8 (if there are non-ASCII bytes); ISO-2022-JP (recognised by
    its escape sequences, which are also valid ASCII); a declared charset (HTML
    ``<meta charset>``) if it decodes strictly; ASCII as UTF-8; cp932 vs EUC-JP;
    finally cp1252 for mostly-ASCII Western text.
    A leading BOM is removed; line endings are *not* normalised here.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict_decode(data, encoding)
            return (text.lstrip("\ufeff"), encoding) if text is not None else None
    utf8 = _strict_decode(data, "utf-8")
    if utf8 is not None and not data.isascii():
        # Valid multi-byte UTF-8 almost never happens by accident, while pages re-saved as
        # UTF-8 often keep their old <meta charset>: the bytes win over the declaration.
        return utf8, "utf-8"
    if any(esc in data for esc in _ISO2022_ESCAPES):
        for encoding in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2"):
            text = _strict_decode(data, encoding)
            if text is not None:
                return text, encoding
    if declared:
        text = _strict_decode(data, declared)
        if text is not None:
            return text, declared
    if utf8 is not None:
        return utf8, "utf-8"
    japanese = _choose_japanese(data)
    if japanese is not None:
        return japanese
    text = _strict_decode(data, "cp1252")
    if text is not None and sum(not ch.isascii() for ch in text) <= 0.15 * len(text):
        return text, "cp1252"
    return None


# --------------------------------------------------------------------------- metadata


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, datetime or common date string, else None.

    Timestamps keep the calendar date they were written with (no time-zone conversion):
    that is the publisher's local date.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    value = value.strip()
    patterns = (
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})",
        r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日",
        r"^(\d{4})(\d{2})(\d{2})(?:\D|$)",
    )
    for pattern in patterns:
        match = re.search(pattern, value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return None
    cleaned = re.sub(r"\s+", " ", value.replace(".", "")).strip()
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"):
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


_LANGUAGE_NAMES = {"japanese": "ja", "日本語": "ja", "jpn": "ja", "english": "en", "英語": "en", "eng": "en"}


def language_code(value: Any) -> str | None:
    """ISO 639-1 code from "ja", "ja-JP", "ja_JP", "Japanese", ... or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().lower()
    if value in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value]
    code = re.split(r"[-_]", value, maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _text_value(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = next((v for v in (_text_value(v) for v in value) if v), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    # Only ASCII white space is collapsed: an ideographic space separates parts of Japanese headlines.
    value = re.sub(r"[ \t\r\n\f\v]+", " ", value).strip()
    return value or None


def name_list(value: Any) -> list[str]:
    """Names from a list, a "A; B" / "A, B and C" string, or schema.org Person objects."""
    items: list[Any] = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for part in re.split(r"\s*(?:;|,|、|，|\band\b|&)\s*", item):
            part = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE).strip()
            if part and not part.startswith(("http://", "https://")) and part not in names:
                names.append(part)
    return names


# Accepted source keys (lower-case) for each metadata key, in order of preference.
_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "title_en": ("title_en",),
    "publication_date": ("publication_date", "date", "published", "published_at", "pubdate", "datepublished"),
    "authors": ("authors", "author", "byline"),
    "translators": ("translators", "translator"),
    "outlet": ("outlet", "source", "publisher", "site_name"),
    "original_outlet": ("original_outlet", "original_source"),
    "url": ("url", "link", "canonical_url"),
    "language": ("language", "lang", "inlanguage"),
    "description": ("description", "summary"),
    "genre": ("genre", "category"),
    "id": ("id",),
}


def normalise_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Map front-matter / JSON Lines fields onto our metadata keys; drop empty values."""
    lowered = {str(k).lower(): v for k, v in raw.items()}
    out: dict[str, Any] = {}
    for key, aliases in _FIELD_ALIASES.items():
        for alias in aliases:
            if alias not in lowered or lowered[alias] in (None, "", []):
                continue
            value = lowered[alias]
            if key == "publication_date":
                converted: Any = iso_date(value)
            elif key in ("authors", "translators"):
                converted = name_list(value)
            elif key == "language":
                converted = language_code(value)
            else:
                converted = _text_value(value)
            if converted:
                out[key] = converted
                break
    return out


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas"}
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option",
        "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
_WIDE_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _collapse(text: str) -> str:
    """Collapse HTML white space; a line break between two Japanese characters disappears.

    Japanese source HTML is often hard-wrapped inside a paragraph; rendering that break as
    a space would put spaces into the middle of words.
    """

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and before and after and _WIDE_RE.match(before) and _WIDE_RE.match(after):
            return ""
        return " "

    return _HTML_SPACE_RE.sub(repl, text)


def _is_hidden(element: Any) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE_RE.search(element.get("style") or ""))


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def visible_lines(root: Any) -> list[str]:
    """Visible text of an HTML tree, one line per block element (nothing else removed)."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = _collapse("".join(buffer)).strip()
        buffer.clear()
        if line:
            lines.append(line)

    # Iterative walk: real pages nest deeply enough to break Python's recursion limit.
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[Any] = set()
    for event, element in walker:
        tag = _tag(element)
        if event == "start":
            if not tag or tag in _SKIP_TAGS or _is_hidden(element):
                skipped.add(element)
                walker.skip_subtree()
            elif tag == "br":
                flush()
            elif tag == "pre":
                flush()
                lines.extend(
                    line.rstrip()
                    for line in normalise_newlines(_pre_text(element)).split("\n")
                    if line.strip()
                )
                skipped.add(element)
                walker.skip_subtree()
            else:
                if tag in _BLOCK_TAGS:
                    flush()
                if element.text:
                    buffer.append(element.text)
            continue
        if element not in skipped and tag in _BLOCK_TAGS:
            flush()
        if element is not root and element.tail:
            buffer.append(element.tail)
    flush()
    return lines


def _pre_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = _tag(child)
        if tag and tag not in _SKIP_TAGS:
            parts.append("\n" if tag == "br" else _pre_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _parse_html(text: str) -> Any | None:
    # huge_tree lifts libxml2's nesting limit of 256, which real (badly built) pages exceed.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", recover=True, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "scholarlyarticle", "report",
}  # fmt: skip


def _json_ld_objects(root: Any) -> list[dict[str, Any]]:
    """Article-like JSON-LD objects, NewsArticle kinds first."""
    found: list[dict[str, Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                found.append(node)
            if "@graph" in node:
                visit(node["@graph"])

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            visit(json.loads(script.text, strict=False))
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags may still help

    def rank(obj: dict[str, Any]) -> int:
        types = obj.get("@type")
        names = [types] if isinstance(types, str) else types or []
        return 0 if any(isinstance(t, str) and "newsarticle" in t.lower() for t in names) else 1

    return sorted(found, key=rank)


def _json_ld_id(value: Any) -> Any:
    return value.get("@id") if isinstance(value, dict) else value


def _json_ld_metadata(root: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for obj in _json_ld_objects(root):
        original = obj.get("translationOfWork") or obj.get("isBasedOn")
        values = {
            "title": _text_value(obj.get("headline") or obj.get("name")),
            "publication_date": iso_date(obj.get("datePublished") or obj.get("dateCreated")),
            "authors": name_list(obj.get("author")),
            "translators": name_list(obj.get("translator")),
            "outlet": _text_value(obj.get("publisher")),
            "original_outlet": _text_value(original.get("publisher")) if isinstance(original, dict) else None,
            "url": _text_value(obj.get("url")) or _text_value(_json_ld_id(obj.get("mainEntityOfPage"))),
            "language": language_code(_text_value(obj.get("inLanguage"))),
            "description": _text_value(obj.get("description")),
        }
        for key, value in values.items():
            if value and key not in out:
                out[key] = value
    return out


# Meta tag names (name/property/itemprop, lower-case) for each metadata key, best first.
_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "citation_title", "dc.title", "twitter:title", "parsely-title", "sailthru.title"),
    "publication_date": (
        "article:published_time", "og:article:published_time", "citation_publication_date", "citation_date",
        "citation_online_date", "datepublished", "dc.date.issued", "dc.date", "dcterms.date", "pubdate",
        "publishdate", "date", "parsely-pub-date", "sailthru.date",
    ),
    "authors": ("citation_author", "author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"),
    "translators": ("translator", "citation_translator"),
    "outlet": ("og:site_name", "citation_publisher", "citation_journal_title", "dc.publisher", "application-name"),
    "original_outlet": ("original-source-name", "citation_original_publisher"),
    "url": ("og:url", "citation_public_url", "citation_abstract_html_url"),
    "language": ("og:locale", "citation_language", "dc.language", "content-language", "language"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
}  # fmt: skip


def _meta_tags(root: Any) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), []).append(content.strip())
    return tags


def _meta_metadata(root: Any) -> dict[str, Any]:
    tags = _meta_tags(root)
    out: dict[str, Any] = {}
    for key, names in _META_KEYS.items():
        for name in names:
            if name not in tags:
                continue
            values = tags[name]
            if key == "publication_date":
                value: Any = next((d for d in map(iso_date, values) if d), None)
            elif key in ("authors", "translators"):
                value = name_list(values)
            elif key == "language":
                value = language_code(values[0])
            else:
                value = _text_value(values[0])
            if value:
                out[key] = value
                break
    if "url" not in out:
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                out["url"] = link.get("href").strip()
                break
    if "language" not in out:
        lang = language_code(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
        if lang:
            out["language"] = lang
    return out


def _trafilatura(text: str) -> tuple[list[str] | None, dict[str, Any]]:
    """Main-text paragraphs and metadata from trafilatura; (None, {}) when it finds nothing."""
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    # trafilatura logs ERROR for pages it cannot use; for us that is an ordinary outcome.
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # Only dates stated in the markup: the default search also guesses from
            # copyright lines and URLs ("© 2025" became 2025-01-01).
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a hint extractor must never sink the document
        return None, {}
    finally:
        logger.setLevel(level)
    if doc is None:
        return None, {}
    paragraphs = [p.strip() for p in normalise_newlines(doc.text or "").split("\n") if p.strip()]
    meta = {
        "title": _text_value(doc.title),
        "publication_date": iso_date(doc.date),
        "authors": name_list(doc.author or ""),
        "outlet": _text_value(doc.sitename),
        "url": _text_value(doc.url),
        "language": language_code(doc.language),
        "description": _text_value(doc.description),
    }
    return paragraphs or None, {k: v for k, v in meta.items() if v}


def _align_hint(paragraphs: list[str], lines: list[str]) -> list[str]:
    """Replace hint paragraphs by our own identical-but-for-white-space lines, so they match exactly."""
    by_key = {re.sub(r"\s+", "", line): line for line in lines}
    return [by_key.get(re.sub(r"\s+", "", p), p) for p in paragraphs]


def read_html(text: str) -> tuple[str, list[str] | None, dict[str, Any]] | None:
    """Visible text, main-text hint and metadata of an HTML page; None if it has no text."""
    root = _parse_html(text)
    if root is None:
        return None
    body = root.find("body")
    lines = visible_lines(body if body is not None else root)
    if not any(ch.isalnum() for line in lines for ch in line):
        return None  # only markup debris such as stray "<" or "|" survived
    hint, trafilatura_meta = _trafilatura(text)
    metadata = _json_ld_metadata(root)
    for source in (_meta_metadata(root), trafilatura_meta):
        for key, value in source.items():
            metadata.setdefault(key, value)
    if "title" not in metadata:
        title = root.findtext(".//title")
        if title and title.strip():
            metadata["title"] = _collapse(title).strip()
    return "\n".join(lines), (_align_hint(hint, lines) if hint else None), metadata


# --------------------------------------------------------------------------- files


def _format_size(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} bytes"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document(
    path: str, text: str, fmt: str, encoding: str, metadata: dict[str, Any], **extra: Any
) -> RawDocument:
    metadata = dict(metadata)
    metadata.setdefault("language", detect_language(text))
    return RawDocument(path, text, fmt, encoding, _sha256(text), metadata, **extra)


def _sniff_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    # .txt and unknown extensions: a saved web page is still a web page.
    if _HTML_START_RE.match(text):
        return "html"
    if suffix not in TEXT_EXTENSIONS and _looks_like_jsonl(text):
        return "jsonl"
    return "text"


def _looks_like_jsonl(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and "text" in obj


def _read_markdown(path: str, text: str, encoding: str) -> RawDocument:
    metadata: dict[str, Any] = {}
    match = _FRONT_MATTER_RE.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1) or "")
        except yaml.YAMLError:
            front = None
        if isinstance(front, dict):
            metadata = normalise_metadata(front)
            # The text keeps the front matter (offsets are file offsets); this says where the body starts.
            metadata["body_start"] = match.end()
    body = text[metadata.get("body_start", 0) :]
    if "language" not in metadata:
        metadata["language"] = detect_language(body)
    return _document(path, text, "markdown", encoding, metadata)


def jsonl_line(path: str, number: int, line: str, encoding: str) -> RawDocument | IngestError | None:
    """The article on line ``number`` of a JSON Lines file (None for a blank line): a JSON object
    with a non-empty ``text`` and optional metadata fields (see ``normalise_metadata``)."""
    if not line.strip():
        return None
    where = f"{path}#L{number}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return IngestError(where, f"line {number} is not valid JSON ({exc.msg})")
    if not isinstance(obj, dict):
        return IngestError(where, f"line {number} is not a JSON object")
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestError(where, f'line {number} has no non-empty "text" field')
    body = normalise_newlines(body)
    metadata = normalise_metadata({k: v for k, v in obj.items() if k != "text"})
    return _document(where, body, "jsonl", encoding, metadata, line_number=number)


def _read_jsonl(path: str, text: str, encoding: str) -> list[RawDocument | IngestError]:
    results = [r for number, line in enumerate(text.split("\n"), start=1)
               if (r := jsonl_line(path, number, line, encoding)) is not None]
    return results or [IngestError(path, "file contains only whitespace")]


def _read_bytes(path: Path, max_bytes: int) -> bytes | IngestError:
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return IngestError(name, "broken symbolic link" if path.is_symlink() else "no such file or directory")
    except PermissionError:
        return IngestError(name, "permission denied")
    except OSError as exc:
        return IngestError(name, f"cannot read file ({exc.strerror or exc})")
    if stat.S_ISDIR(info.st_mode):
        return IngestError(
            name, "folder cannot be read" if not os.access(path, os.R_OK | os.X_OK) else "is a directory"
        )
    if not stat.S_ISREG(info.st_mode):
        return IngestError(name, "not a regular file")  # FIFOs and devices would block or never end
    if info.st_size > max_bytes:
        return IngestError(
            name,
            f"file is {_format_size(info.st_size)}, over the {_format_size(max_bytes)} limit (--max-size)",
        )
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        return IngestError(name, "permission denied")
    except OSError as exc:
        return IngestError(name, f"cannot read file ({exc.strerror or exc})")


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[RawDocument | IngestError]:
    """Read one file. Most files give one document; a JSON Lines file gives one entry per line,
    with an ``IngestError`` for each bad line among the good documents. A file that cannot be
    used at all gives a single ``IngestError``.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path, max_bytes)
    if isinstance(data, IngestError):
        return [data]
    if len(data) > max_bytes:  # the file grew after stat()
        return [IngestError(name, f"file is over the {_format_size(max_bytes)} limit (--max-size)")]
    if not data:
        return [IngestError(name, "empty file")]
    kind = _binary_kind(data)
    if kind is not None:
        return [
            IngestError(
                name, f"binary file ({kind}), not an article" if kind else "binary file, not an article"
            )
        ]

    maybe_html = path.suffix.lower() in HTML_EXTENSIONS or bool(_HTML_START_BYTES_RE.match(data[:4096]))
    decoded = decode_bytes(data, declared=_declared_charset(data) if maybe_html else None)
    if decoded is None:
        return [
            IngestError(name, "could not decode text (not UTF-8, UTF-16, Shift_JIS, EUC-JP or ISO-2022-JP)")
        ]
    text, encoding = decoded
    text = normalise_newlines(text)
    if not text.strip():
        return [IngestError(name, "file contains only whitespace")]

    fmt = _sniff_format(path, text)
    try:
        if fmt == "jsonl":
            return _read_jsonl(name, text, encoding)
        if fmt == "markdown":
            return [_read_markdown(name, text, encoding)]
        if fmt == "html":
            page = read_html(text)
            if page is None:
                return [IngestError(name, "no text could be extracted from HTML")]
            body, hint, metadata = page
            return [_document(name, body, "html", encoding, metadata, main_text_hint=hint)]
        return [_document(name, text, "text", encoding, {})]
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a batch of thousands
        return [IngestError(name, f"unexpected error while reading ({type(exc).__name__}: {exc})")]


def _walk(directory: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        yield directory  # read_path reports why the folder could not be listed
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named in ``paths``, folders walked recursively in sorted order.

    Hidden files and folders inside a walked folder are skipped; symlinked folders are not
    followed (no loops). Paths that do not exist are yielded as they are, so that
    ``read_path`` reports them.
    """
    seen: set[str] = set()
    for item in paths:
        path = Path(item)
        found = _walk(path) if path.is_dir() else iter([path])
        for file in found:
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                yield file


def ingest(
    paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES, skip: Iterable[str | Path] = ()
) -> Iterator[RawDocument | IngestError]:
    """Documents and errors from every file under ``paths``, in file order, leaving out the
    files in ``skip`` (the store itself, when it lies in the folder being read)."""
    skipped = {Path(p).resolve() for p in skip}
    for path in iter_files(paths):
        if path.resolve() in skipped:
            continue
        yield from read_path(path, max_bytes)
