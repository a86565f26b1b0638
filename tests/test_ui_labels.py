"""Japanese mode speaks Japanese on every page: the templates carry no English words of their
own (every label goes through ``t``), and every page of the app and of the report, rendered in
Japanese, shows no known English label (a key of data/labels_ja.yaml) in its interface."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from comparestore import build_compare
from fastapi.testclient import TestClient

from rashomon import api
from rashomon import compare as cmp
from rashomon.views import DATA, TEMPLATES, translate
from rashomon.web.app import NAV, create_app

# words a template may show in any language: the name, formats and file names
UNTRANSLATED = re.compile(r"^(rashomon|PNG|JSON API|X-Rashomon-Token|/openapi\.json|charts/\S+|#)$")


def _labels() -> dict[str, str]:
    return yaml.safe_load((DATA / "labels_ja.yaml").read_text(encoding="utf-8"))


def _english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each English label that Japanese mode translates (not those kept as they are), as a
    pattern over a whole piece of text; ``{name}`` fields match anything."""
    out = []
    for en, ja in _labels().items():
        if en == ja or not re.search(r"[A-Za-z]{2}", en) or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en):
            continue
        parts = re.split(r"\{\w+\}", en)
        out.append((en, re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$")))
    return out


class _Interface(HTMLParser):
    """Pieces of text a page shows as its interface: text and the placeholder, alt and
    aria-label attributes, outside the article text, quoted evidence, code and the API's route
    descriptions (the OpenAPI text, in English: the API page says so in Japanese)."""

    DATA_CLASSES = {"quote", "text", "cue", "apidoc"}
    VOID = {"meta", "link", "input", "img", "br", "hr", "source", "path", "rect", "circle"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside data
        self.pieces: list[str] = []

    def _in_data(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        data = tag in ("article", "style", "script", "code") or bool(
            self.DATA_CLASSES & set((a.get("class") or "").split()))
        if not self._in_data() and not data:
            for name in ("placeholder", "alt", "aria-label"):
                if a.get(name):
                    self.pieces.append(a[name])
        if tag not in self.VOID:
            self.stack.append(data)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._in_data() and data.strip():
            self.pieces.append(data.strip())


def _english_left(html: str, patterns: list[tuple[str, re.Pattern[str]]]) -> set[str]:
    parser = _Interface()
    parser.feed(html)
    found = set()
    for piece in parser.pieces:
        # a label may stand alone or between separators ("2025-08-15 · happened · …")
        parts = {piece} | {p.strip(" .") for p in re.split(r"[·:：,;()|→—–«»\n]", piece)}
        for part in parts:
            for en, pattern in patterns:
                if part and pattern.match(part):
                    found.add(en)
    return found


def test_templates_have_no_english_of_their_own():
    for path in sorted(TEMPLATES.glob("*.html")):
        src = path.read_text(encoding="utf-8")
        # what Jinja writes is checked on the rendered pages; here, the template's own text
        src = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", src, flags=re.S)
        parser = _Interface()
        parser.feed(src)
        english = [p for piece in parser.pieces for p in re.split(r"[\s·:,;()→—–«»“”\[\]✔?+%]+", piece)
                   if re.search(r"[A-Za-z]{2}", p) and not UNTRANSLATED.match(p)]
        assert not english, f"{path.name}: words not given to t(): {english}"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_compare(tmp_path_factory.mktemp("labels"), hostile=False)


def test_every_app_page_in_japanese_mode(db):
    patterns = _english_patterns()
    store = api.open_store(db)
    try:
        web = create_app(store, "token-ja")
        assert web.state.prepared.wait(60)
        with TestClient(web, base_url="http://127.0.0.1") as client:
            event = client.get("/api/events", params={"limit": 1}).json()[0]
            docs = client.get("/api/documents").json()
            en_doc = next(d["id"] for d in docs if d["language"] == "en")
            scenario = client.get("/api/scenarios").json()[0]["name"]
            urls = [href for _, href in NAV if href != "/api"] + [
                "/api", "/search", "/search?q=首脳会談", "/search?q=talks", "/search?q=zzzz", f"/doc/{docs[0]['id']}",
                f"/doc/{en_doc}", f"/doc/{docs[0]['id']}?event={event['id']}", f"/event/{event['id']}",
                f"/compare?event={event['id']}", "/compare?event=zzzz", "/events?category=CONSULT",
                f"/scenario/{scenario}", "/doc/999999"]
            for url in urls:
                r = client.get(url, params={"lang": "ja"})
                assert r.status_code in (200, 404), url
                assert '<html lang="ja">' in r.text or "/doc/" in url, url
                left = _english_left(r.text, patterns)
                assert not left, f"{url}: English labels in Japanese mode: {sorted(left)}"
            # the navigation keeps the language from page to page
            assert 'href="/events?lang=ja"' in client.get("/", params={"lang": "ja"}).text
    finally:
        store.close()


def test_every_report_page_in_japanese_mode(db, tmp_path):
    patterns = _english_patterns()
    scenario = DATA / "scenarios" / "alaska.yaml"
    with api.open_store(db) as store:
        index = api.make_report(store, tmp_path / "ja", scenario=scenario, runs=20, lang="ja")
    pages = sorted(index.parent.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        left = _english_left(page.read_text(encoding="utf-8"), patterns)
        assert not left, f"{page.relative_to(index.parent)}: English labels in Japanese mode: {sorted(left)}"


def test_the_check_finds_an_english_label():
    # the check itself: a page in Japanese with one label left in English fails it, and so does
    # a note of the comparison left in English
    patterns = _english_patterns()
    page = ('<html lang="ja"><body><h2>出来事</h2><table><tr><th>Silences</th></tr></table>'
            '<p class="meta">2025-08-15 · happened</p><article><p>events happened</p></article></body></html>')
    assert _english_left(page, patterns) == {"Silences", "happened"}
    note = cmp.NOTES["inside"].format(inner="Blair House", outer="Washington")
    page = f'<html lang="ja"><body><table><tr><td><span class="note">{note}</span></td></tr></table></body></html>'
    assert _english_left(page, patterns) == {cmp.NOTES["inside"]}
    assert not _english_left(page.replace(note, translate("ja", note)), patterns)
    assert Path(TEMPLATES).is_dir()


def test_every_note_and_message_of_the_comparison_has_a_japanese_label():
    labels = _labels()
    for template in [*cmp.NOTES.values(), *cmp.MESSAGES.values()]:
        assert template in labels, f"{template!r} is not in labels_ja.yaml"
        ja = labels[template]
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), template
        assert sorted(re.findall(r"\{(\w+)\}", ja)) == sorted(re.findall(r"\{(\w+)\}", template)), template


def test_notes_and_messages_are_given_in_japanese_with_their_values(db):
    patterns = _english_patterns()
    with api.open_store(db) as store:
        c = cmp.to_json(cmp.compare(store))
        messages = []
        for kwargs in ({"event": "zzzz"}, {"query": "zzzzqq"}, {"actor": "Nobody Atall"}):
            with pytest.raises(ValueError) as exc:
                cmp.compare(store, **kwargs)
            messages.append(str(exc.value))
    notes = [n for f in c["facts"] for n in f["notes"]] + [v["note"] for f in c["facts"] for v in f["values"] if v["note"]]
    # the invented articles give notes of several kinds (a Japan-time date, a place inside a city …)
    assert len({next(k for k, t in cmp.NOTES.items() if re.fullmatch(
        re.sub(r"\\\{\w+\\\}", ".+?", re.escape(t)), n, re.S)) for n in notes}) >= 3
    for text in notes + messages:
        ja = translate("ja", text)
        assert ja != text and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), text
        assert not [en for en, p in patterns if p.match(ja)], (text, ja)
    # the values are kept: the place names and the event id are in the Japanese text
    assert "'zzzz'" in translate("ja", messages[0])
    inside = next(n for n in notes if " is in " in n)
    assert all(part in translate("ja", inside) for part in inside.split(" is in "))


def test_the_comparisons_words_from_its_data_files_have_japanese_labels():
    # fields, outcomes, figures, topics and framing labels are shown by name: each bundled one
    # has its Japanese label, so that a page cannot show one in English
    labels = _labels()
    words = {"date", "place", "participants", "outcome", "agree", "contradict", "translation", "republication"}
    for lang in ("ja", "en"):
        claims, lexicon = cmp.claim_patterns(lang), cmp.framing_lexicon(lang)
        words |= set(claims.outcome) | {q.kind for q in claims.quantities} | set(claims.topics)
        words |= {c.label for c in lexicon.cues} | {c.dimension for c in lexicon.cues}
    assert not sorted(w for w in words if w not in labels)
