from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from rashomon.ingest import (
    decode_bytes,
    detect_language,
    ingest,
    iso_date,
    iter_files,
    language_code,
    name_list,
    read_path,
)
from rashomon.records import IngestError, RawDocument

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "corpus"

JA = "米国と日本の外相は東京で会談した。\n両外相は「同盟を一層強化する」と述べた。\n"
EN = "The foreign ministers of Japan and the United States met in Tokyo on Monday.\n"


def one_doc(path: Path, **kwargs: int) -> RawDocument:
    results = read_path(path, **kwargs)
    assert len(results) == 1
    (doc,) = results
    assert isinstance(doc, RawDocument), doc
    return doc


def one_error(path: Path, **kwargs: int) -> IngestError:
    results = read_path(path, **kwargs)
    assert len(results) == 1
    (error,) = results
    assert isinstance(error, IngestError), error
    assert error.path == str(path)
    return error


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# --------------------------------------------------------------------------- plain text and encodings


def test_plain_text_utf8(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "a.txt", JA))
    assert doc.text == JA
    assert doc.format == "text"
    assert doc.encoding == "utf-8"
    assert doc.metadata == {"language": "ja"}
    assert doc.content_hash == hashlib.sha256(JA.encode("utf-8")).hexdigest()
    assert doc.main_text_hint is None and doc.line_number is None
    assert doc.path == str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("codec", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp932", "cp932"),
        ("shift_jis", "cp932"),
        ("euc_jp", "euc_jp"),
        ("iso2022_jp", "iso2022_jp"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings(tmp_path: Path, codec: str, recorded: str) -> None:
    doc = one_doc(write(tmp_path / "a.txt", JA, codec))
    assert doc.text == JA  # BOM stripped, content intact
    assert doc.encoding == recorded
    assert doc.metadata["language"] == "ja"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_explicit_bom(tmp_path: Path, codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    doc = one_doc(write(tmp_path / "a.txt", bom + JA.encode(codec)))
    assert doc.text == JA
    assert doc.encoding == "utf-16"


@pytest.mark.parametrize(
    "sentence",
    [
        "ロシアは制裁に反発した。",
        "首脳会談",
        "中国外務省の報道官は「断固反対する」と述べた。",
        "ｶﾀｶﾅで書いた古いﾃｷｽﾄです。",
    ],
)
@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_cp932_and_euc_jp_are_told_apart(sentence: str, codec: str) -> None:
    assert decode_bytes(sentence.encode(codec)) == (sentence, codec)


def test_western_legacy_text_falls_back_to_cp1252() -> None:
    text = "The minister\u2019s \u201cstatement\u201d was clear."
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "a.txt", "一行目\r\n二行目\r三行目\n", "cp932"))
    assert doc.text == "一行目\n二行目\n三行目\n"


def test_unknown_extension_with_text_is_text(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "article.news", EN))
    assert doc.format == "text"
    assert doc.metadata["language"] == "en"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF), not an article"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP), not an article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG), not an article"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG), not an article"),
        (b"GIF89a\x01\x00\x01\x00", "binary file (GIF), not an article"),
        (b"text with a \x00 NUL byte in it", "binary file, not an article"),
        (bytes(range(1, 9)) * 20 + b"some text", "binary file, not an article"),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes, reason: str) -> None:
    assert one_error(write(tmp_path / "a.txt", data)).reason == reason


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    assert one_error(write(tmp_path / "empty.txt", b"")).reason == "empty file"
    assert (
        one_error(write(tmp_path / "blank.txt", " \n\u3000\r\n\t")).reason == "file contains only whitespace"
    )
    assert one_error(write(tmp_path / "blank.jsonl", "\n\n")).reason == "file contains only whitespace"


def test_oversize(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "a" * 1500)
    assert one_error(path, max_bytes=1000).reason == "file is 1.5 kB, over the 1 kB limit (--max-size)"
    path = write(tmp_path / "huge.txt", b"")
    with path.open("wb") as handle:  # sparse file: the size check must not read it
        handle.truncate(12_300_000)
    assert one_error(path).reason == "file is 12.3 MB, over the 10 MB limit (--max-size)"


def test_undecodable(tmp_path: Path) -> None:
    error = one_error(write(tmp_path / "a.txt", b"news \x80\xff\x81\x8d\x90 text \xfd\xfe"))
    assert error.reason.startswith("could not decode text")


def test_broken_html_without_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.html", "<html><head><script>var x = 1;</script><style>p{}</style></head><body><div>"
    )
    assert one_error(path).reason == "no text could be extracted from HTML"
    assert (
        one_error(write(tmp_path / "b.htm", "<<<>>>< / >")).reason == "no text could be extracted from HTML"
    )


def test_broken_html_with_text_is_recovered(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "a.html", "<html><body><p>Talks ended<p>without a <b>deal</div></table>"))
    assert doc.text == "Talks ended\nwithout a deal"


def test_missing_file_and_broken_symlink(tmp_path: Path) -> None:
    assert one_error(tmp_path / "nope.txt").reason == "no such file or directory"
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert one_error(link).reason == "broken symbolic link"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    assert one_error(tmp_path).reason == "is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions are not enforced for root")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", JA)
    path.chmod(0)
    try:
        assert one_error(path).reason == "permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_reported_without_raising(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", JA)

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert one_error(path).reason == "permission denied"


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Page title | Example News</title>
<meta property="og:title" content="Ministers agree to expand cooperation">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.com/news/1">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2025-08-16T09:30:00+09:00">
<meta name="author" content="Jane Doe">
<meta name="description" content="Short summary.">
<style>body { color: black; }</style>
<script>var tracking = "do not keep me";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>Ministers agree to expand cooperation</h1>
<p>The foreign ministers of Japan and the
United States met in Tokyo on Monday and agreed to expand security cooperation.</p>
<p>"We will stand together," the Japanese minister said at a news conference after the talks.<br>The next meeting is planned for the autumn in Washington.</p>
<blockquote>Both sides rejected any attempt to change the status quo by force.</blockquote>
<p>Officials said sanctions on the North would stay in place until it returns to talks.</p>
<noscript>Please enable JavaScript.</noscript>
<template><p>template text</p></template>
<div hidden>hidden text</div>
</article>
<footer><p>Copyright 2025 Example News. All rights reserved.</p></footer>
<script>console.log("bye")</script>
</body>
</html>
"""


def test_html_visible_text_keeps_everything_but_code(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "page.html", PAGE))
    assert doc.format == "html" and doc.encoding == "utf-8"
    lines = doc.text.split("\n")
    assert lines[:3] == ["Home", "World", "Ministers agree to expand cooperation"]
    assert (
        "The foreign ministers of Japan and the United States met in Tokyo on Monday and agreed to expand "
        "security cooperation." in lines
    )
    # <br> splits a paragraph into two lines
    assert (
        '"We will stand together," the Japanese minister said at a news conference after the talks.' in lines
    )
    assert "The next meeting is planned for the autumn in Washington." in lines
    assert "Both sides rejected any attempt to change the status quo by force." in lines
    assert lines[-1] == "Copyright 2025 Example News. All rights reserved."
    for gone in (
        "tracking",
        "color: black",
        "JavaScript",
        "template text",
        "hidden text",
        "bye",
        "Page title",
    ):
        assert gone not in doc.text
    assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_html_main_text_hint_excludes_nav_and_footer(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "page.html", PAGE))
    assert doc.main_text_hint
    hint = "\n".join(doc.main_text_hint)
    assert "agreed to expand security cooperation" in hint
    assert "sanctions on the North" in hint
    assert "Home" not in doc.main_text_hint
    assert "Copyright" not in hint
    # hint paragraphs that are whole lines of the text are given exactly as they appear there
    assert any(p in doc.text.split("\n") for p in doc.main_text_hint)


def test_html_metadata_from_meta_tags(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "page.html", PAGE))
    assert doc.metadata["title"] == "Ministers agree to expand cooperation"
    assert doc.metadata["outlet"] == "Example News"
    assert doc.metadata["publication_date"] == "2025-08-16"  # the publisher's local date, not converted
    assert doc.metadata["authors"] == ["Jane Doe"]
    assert doc.metadata["url"] == "https://example.com/news/1"
    assert doc.metadata["language"] == "en"
    assert doc.metadata["description"] == "Short summary."


JSON_LD_PAGE = """<html><head>
<meta charset="Shift_JIS">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "サイト名"},
 {"@type": ["NewsArticle"], "headline": "日中外相が北京で会談",
  "datePublished": "2025-03-22T18:00:00+08:00",
  "author": [{"@type": "Person", "name": "鈴木一郎"}, {"@type": "Person", "name": "田中花子"}],
  "translator": {"@type": "Person", "name": "John Smith"},
  "publisher": {"@type": "Organization", "name": "東西新報"},
  "translationOfWork": {"@type": "CreativeWork", "publisher": {"name": "Global Daily"}},
  "mainEntityOfPage": {"@id": "https://example.com/ja/2"},
  "inLanguage": "ja-JP"}]}</script>
<script type="application/ld+json">{ broken json </script>
</head><body>
<p>日本と中国の外相は22日、北京で会談した。
両外相は対話を続けることで一致した。</p>
<p>中国側は日本の輸出規制に「断固反対する」と述べた。</p>
</body></html>
"""


def test_html_metadata_from_json_ld_and_meta_charset(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "ja.htm", JSON_LD_PAGE, "cp932"))
    assert doc.encoding == "cp932"
    md = doc.metadata
    assert md["title"] == "日中外相が北京で会談"
    assert md["publication_date"] == "2025-03-22"
    assert md["authors"] == ["鈴木一郎", "田中花子"]
    assert md["translators"] == ["John Smith"]
    assert md["outlet"] == "東西新報"
    assert md["original_outlet"] == "Global Daily"
    assert md["url"] == "https://example.com/ja/2"
    assert md["language"] == "ja"
    # a line break inside Japanese running text is not turned into a space
    assert (
        doc.text.split("\n")[0]
        == "日本と中国の外相は22日、北京で会談した。両外相は対話を続けることで一致した。"
    )


def test_html_wrong_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>米国と日本の外相は東京で会談した。</p></body></html>'
    doc = one_doc(write(tmp_path / "a.html", page, "euc_jp"))
    assert doc.encoding == "euc_jp"
    assert doc.text == "米国と日本の外相は東京で会談した。"
    assert doc.metadata["language"] == "ja"


def test_html_valid_utf8_wins_over_stale_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>'
    page += "<body><p>ロシアは制裁に反発した。</p></body></html>"
    doc = one_doc(write(tmp_path / "a.html", page))
    assert doc.encoding == "utf-8"
    assert doc.text == "ロシアは制裁に反発した。"


def test_html_deeply_nested(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 1000 + "<p>Deep text.</p>" + "</div>" * 1000 + "</body></html>"
    assert one_doc(write(tmp_path / "deep.html", page)).text == "Deep text."


def test_html_sniffed_from_content(tmp_path: Path) -> None:
    doc = one_doc(
        write(tmp_path / "saved.txt", "\n<!doctype html><html><body><p>Hello.</p><p>World.</p></body></html>")
    )
    assert doc.format == "html"
    assert doc.text == "Hello.\nWorld."
    doc = one_doc(write(tmp_path / "page", "<html><body><h2>Title</h2>Text</body></html>"))
    assert doc.format == "html"


def test_html_tables_and_pre(tmp_path: Path) -> None:
    page = "<html><body><table><tr><td>Japan</td><td>agreed</td></tr></table><pre>line one\n  line two</pre></body></html>"
    doc = one_doc(write(tmp_path / "t.html", page))
    assert doc.text == "Japan\nagreed\nline one\n  line two"


def test_html_without_metadata_falls_back_to_title_and_detection(tmp_path: Path) -> None:
    page = "<html><head><title>首脳会談</title></head><body><p>米国と日本の外相は東京で会談した。</p></body></html>"
    doc = one_doc(write(tmp_path / "a.html", page))
    assert doc.metadata["title"] == "首脳会談"
    assert doc.metadata["language"] == "ja"


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """---
title: "EU agrees new sanctions"
date: 2025-07-18
author: Marta Kowalski, Jan Novak
source: Continental Wire
url: https://example.com/eu
language: en-GB
---

# EU agrees new sanctions

BRUSSELS — The EU adopted a new package of sanctions on **Friday**.
"""


def test_markdown_front_matter(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "a.md", MARKDOWN))
    assert doc.format == "markdown"
    assert doc.text == MARKDOWN  # kept as is: offsets refer to the file's text
    md = doc.metadata
    assert md["title"] == "EU agrees new sanctions"
    assert md["publication_date"] == "2025-07-18"
    assert md["authors"] == ["Marta Kowalski", "Jan Novak"]
    assert md["outlet"] == "Continental Wire"
    assert md["url"] == "https://example.com/eu"
    assert md["language"] == "en"
    assert doc.text[md["body_start"] :].startswith("\n# EU agrees new sanctions")


def test_markdown_without_or_with_broken_front_matter(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "a.markdown", "# 見出し\n\n" + JA))
    assert doc.metadata == {"language": "ja"}
    broken = "---\ntitle: [unclosed\n---\n\n" + EN
    doc = one_doc(write(tmp_path / "b.md", broken))
    assert doc.text == broken
    assert doc.metadata == {"language": "en"}


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "日本と韓国の首脳は東京で会談した。\r\n両首脳は協力の強化で合意した。",
                "title": "日韓首脳会談",
                "publication_date": "2025年8月23日",
                "author": "山田太郎",
                "translators": ["Jane Doe"],
                "source": "東和通信",
                "original_outlet": "Seoul Herald",
                "url": "https://example.com/1",
            },
            ensure_ascii=False,
        ),
        "{not json",
        "",
        json.dumps(["a list"]),
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "   "}),
        json.dumps(
            {"text": EN, "date": "2025-08-07T10:00:00Z", "authors": ["A. Writer"], "language": "English"}
        ),
        json.dumps({"text": JA}),  # the same text as a file elsewhere: the same hash
    ]
    path = write(tmp_path / "wire.jsonl", "\n".join(lines) + "\n")
    results = read_path(path)
    docs = [r for r in results if isinstance(r, RawDocument)]
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [d.line_number for d in docs] == [1, 7, 8]
    assert [d.path for d in docs] == [f"{path}#L1", f"{path}#L7", f"{path}#L8"]
    assert all(d.format == "jsonl" and d.encoding == "utf-8" for d in docs)
    first = docs[0]
    assert first.text == "日本と韓国の首脳は東京で会談した。\n両首脳は協力の強化で合意した。"
    assert first.metadata == {
        "id": "a1",
        "title": "日韓首脳会談",
        "publication_date": "2025-08-23",
        "authors": ["山田太郎"],
        "translators": ["Jane Doe"],
        "outlet": "東和通信",
        "original_outlet": "Seoul Herald",
        "url": "https://example.com/1",
        "language": "ja",
    }
    assert docs[1].metadata["publication_date"] == "2025-08-07"
    assert docs[1].metadata["language"] == "en"
    assert docs[2].metadata == {"language": "ja"}
    assert docs[2].content_hash == hashlib.sha256(JA.encode("utf-8")).hexdigest()
    assert [e.path for e in errors] == [f"{path}#L2", f"{path}#L4", f"{path}#L5", f"{path}#L6"]
    assert errors[0].reason.startswith("line 2 is not valid JSON")
    assert errors[1].reason == "line 4 is not a JSON object"
    assert errors[2].reason == 'line 5 has no non-empty "text" field'
    assert errors[3].reason == 'line 6 has no non-empty "text" field'
    assert str(errors[1]) == f"{path}#L4: line 4 is not a JSON object"


def test_jsonl_sniffed_for_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.data", json.dumps({"text": EN}) + "\n")
    (doc,) = read_path(path)
    assert isinstance(doc, RawDocument) and doc.format == "jsonl" and doc.line_number == 1


def test_jsonl_in_legacy_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ndjson", json.dumps({"text": JA}, ensure_ascii=False) + "\n", "cp932")
    (doc,) = read_path(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == JA and doc.encoding == "cp932"


# --------------------------------------------------------------------------- folders


def test_iter_files_recursive_sorted_skipping_hidden(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", EN)
    write(tmp_path / "a" / "z.txt", EN)
    write(tmp_path / "a" / "deeper" / "y.md", EN)
    write(tmp_path / ".git" / "config", "x")
    write(tmp_path / ".hidden.txt", "x")
    write(tmp_path / "a" / ".DS_Store", "x")
    single = write(tmp_path / "elsewhere" / "c.txt", EN)
    found = list(iter_files([tmp_path / "a", tmp_path, single, tmp_path / "missing.txt"]))
    assert found == [
        tmp_path / "a" / "deeper" / "y.md",
        tmp_path / "a" / "z.txt",
        tmp_path / "b.txt",
        single,  # found by the walk of tmp_path; named again, it is not repeated
        tmp_path / "missing.txt",  # passed on so that read_path reports it
    ]


def test_iter_files_yields_explicit_hidden_file(tmp_path: Path) -> None:
    hidden = write(tmp_path / ".notes.txt", EN)
    assert list(iter_files([str(hidden)])) == [hidden]


def test_ingest_folder_mixes_documents_and_errors(tmp_path: Path) -> None:
    write(tmp_path / "1.txt", JA, "euc_jp")
    write(tmp_path / "2.pdf", b"%PDF-1.4 ...")
    write(tmp_path / "3" / "page.html", PAGE)
    write(tmp_path / "4.jsonl", json.dumps({"text": EN}) + "\n[]\n")
    results = list(ingest([tmp_path]))
    summary = [(Path(r.path).name, type(r).__name__) for r in results]
    assert summary == [
        ("1.txt", "RawDocument"),
        ("2.pdf", "IngestError"),
        ("page.html", "RawDocument"),
        ("4.jsonl#L1", "RawDocument"),
        ("4.jsonl#L2", "IngestError"),
    ]


# --------------------------------------------------------------------------- helpers


def test_detect_language() -> None:
    assert detect_language(JA) == "ja"
    assert detect_language(EN) == "en"
    assert detect_language("") == "en"
    assert (
        detect_language("NATO首脳会議がハーグで開かれ、国防費をGDP比5%に引き上げることで合意した。") == "ja"
    )
    assert detect_language("Prime Minister Ishiba (石破茂) met President Lee in Tokyo on Saturday.") == "en"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-16", "2025-08-16"),
        ("2025-08-16T23:30:00-05:00", "2025-08-16"),
        ("2025/8/6", "2025-08-06"),
        ("2025年8月16日", "2025-08-16"),
        ("20250816", "2025-08-16"),
        ("August 16, 2025", "2025-08-16"),
        ("Aug. 16, 2025", "2025-08-16"),
        ("16 August 2025", "2025-08-16"),
        ("Sat, 16 Aug 2025 10:00:00 GMT", "2025-08-16"),
        ("2025-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_language_code_and_names() -> None:
    assert [language_code(v) for v in ("ja-JP", "en_US", "Japanese", "日本語", "xx-yy-zz", "", None)] == [
        "ja",
        "en",
        "ja",
        "ja",
        "xx",
        None,
        None,
    ]
    assert name_list("By Jane Doe and John Smith") == ["Jane Doe", "John Smith"]
    assert name_list("山田太郎、佐藤花子; 山田太郎") == ["山田太郎", "佐藤花子"]
    assert name_list([{"name": "A"}, "https://example.com/author/b", "C"]) == ["A", "C"]


# --------------------------------------------------------------------------- shipped and shared corpora


def test_example_corpus() -> None:
    results = list(ingest([EXAMPLES]))
    assert all(isinstance(r, RawDocument) for r in results), [str(r) for r in results]
    by_format = {r.format: r for r in results}
    assert len(results) == 5
    assert sorted(r.metadata["language"] for r in results) == ["en", "en", "en", "ja", "ja"]
    html = by_format["html"]
    assert html.main_text_hint and "Home" in html.text and "Home" not in html.main_text_hint
    assert html.metadata["outlet"] and html.metadata["publication_date"] == "2025-08-23"
    assert by_format["markdown"].metadata["publication_date"] == "2025-07-18"
    assert by_format["text"].text.startswith("米ロ首脳がアラスカで会談")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed corpus not available")
def test_seed_corpus() -> None:
    results = list(ingest([SEEDS]))
    assert len(results) == 5
    for doc in results:
        assert isinstance(doc, RawDocument), str(doc)
        assert doc.format == "text"
        assert doc.encoding == "utf-8"
        assert doc.metadata["language"] == "ja"
        assert "\r" not in doc.text
