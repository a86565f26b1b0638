"""The comparison of accounts in the web app: /api/compare (in the OpenAPI), the compare page
with the filters of `rashomon compare`, its links, escaping and Japanese labels."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from comparestore import build_compare
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webstore import PAYLOAD

from rashomon import api
from rashomon.cli import app as cli
from rashomon.web.app import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_compare(tmp_path_factory.mktemp("webcmp"), hostile=True)


@pytest.fixture
def prepared(db):
    """A new app over the test store, its background preparation done, and its store."""
    store = api.open_store(db)
    try:
        web = create_app(store, "token-0000")
        assert web.state.prepared.wait(60)
        yield web, store
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(db):
    store = api.open_store(db)
    web = create_app(store, "token-5678")
    assert web.state.prepared.wait(60)  # the whole store's comparison, made in the background
    with TestClient(web, base_url="http://127.0.0.1") as c:
        yield c
    store.close()


def test_the_json_is_what_the_command_line_prints(client, db):
    assert "/api/compare" in client.get("/openapi.json").json()["paths"]
    params = {p["name"] for p in client.get("/openapi.json").json()["paths"]["/api/compare"]["get"]["parameters"]}
    assert params == {"event", "query", "actor"}
    got = client.get("/api/compare").json()
    printed = CliRunner().invoke(cli, ["compare", "--db", str(db), "--json"], catch_exceptions=False).stdout
    assert got == json.loads(printed)
    assert any(f["verdict"] == "contradict" and f["field"] == "duration" for f in got["facts"])


def test_filters_narrow_as_the_command_line_does(client, db):
    by_actor = client.get("/api/compare", params={"actor": "Anthony Albanese"}).json()
    assert {s["path"].rsplit("/", 1)[-1] for s in by_actor["sources"]} == {"e_canberra_en.md", "f_canberra_ja.md"}
    by_query = client.get("/api/compare", params={"query": "キャンベラ"}).json()
    assert {s["path"].rsplit("/", 1)[-1] for s in by_query["sources"]} == {"f_canberra_ja.md"}
    event = next(e["id"] for e in client.get("/api/events", params={"actor": "Anthony Albanese"}).json())
    by_event = client.get("/api/compare", params={"event": event[:8]}).json()
    assert [f["field"] for f in by_event["facts"] if f["verdict"] == "contradict"] == ["date"]
    missing = client.get("/api/compare", params={"event": "zzzz"})
    assert missing.status_code == 404 and "zzzz" in missing.json()["detail"]
    page = client.get("/compare", params={"event": "zzzz"})
    assert page.status_code == 404 and "no event with id" in page.text and 'name="event"' in page.text


def test_the_page_links_every_value_to_a_sentence_of_its_document(client):
    html = client.get("/compare").text
    assert 'href="/compare"' in html  # in the navigation
    for part in ("cmp-sources", "cmp-chains", "cmp-framing", "story-1"):
        assert f'id="{part}"' in html
    links = set(re.findall(r'class="evidence cmp-ev" href="/doc/(\d+)#(s\d+)"', html))
    assert len(links) > 10
    for doc_id, anchor in links:
        doc = client.get(f"/doc/{doc_id}")
        assert doc.status_code == 200 and f'id="{anchor}"' in doc.text


def test_an_event_page_links_to_its_comparison(client):
    event = client.get("/api/events").json()[0]["id"]
    html = client.get(f"/event/{event}").text
    (href,) = re.findall(r'<a class="compare" href="([^"]+)"', html)
    assert unescape(href) == f"/compare?event={event}"
    page = client.get(unescape(href))
    assert page.status_code == 200 and "Agreements and contradictions" in page.text


def test_a_hostile_article_is_escaped_on_the_compare_page(client):
    html = client.get("/compare").text
    assert PAYLOAD in html and "<script" not in html.split("</head>", 1)[1]
    assert "&lt;script&gt;" in html and "onerror=&#34;" in html


def test_japanese_labels_by_parameter_or_browser_language(client):
    ja = client.get("/compare", params={"lang": "ja"}).text
    assert '<html lang="ja">' in ja and "一致と矛盾" in ja and 'href="/events?lang=ja"' in ja
    assert "一致と矛盾" in client.get("/compare", headers={"Accept-Language": "ja,en-US;q=0.8"}).text
    en = client.get("/compare", headers={"Accept-Language": "en-US,en;q=0.9,ja;q=0.8"}).text
    assert "Agreements and contradictions" in en and "一致と矛盾" not in en
    assert ">概要<" in client.get("/", params={"lang": "ja"}).text


def test_every_page_takes_japanese_labels_and_keeps_the_article_as_written(client):
    events = client.get("/events", params={"lang": "ja"}).text
    assert "<th>主体</th>" in events and "絞り込み" in events
    en_doc = next(d["id"] for d in client.get("/api/documents").json() if d["language"] == "en")
    doc = client.get(f"/doc/{en_doc}", params={"lang": "ja"}).text
    assert "<h2>発言</h2>" in doc and '<article class="text" lang="en">' in doc
    assert "Ishiba" in doc  # the article itself is not translated
    assert "<h2>Statements</h2>" in client.get(f"/doc/{en_doc}").text


def test_the_whole_stores_comparison_is_prepared_at_start(db):
    import time

    store = api.open_store(db)
    try:
        web = create_app(store, "token-0000")
        cache = web.state.comparisons.cache
        deadline = time.monotonic() + 60
        while not cache and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [key[1:] for key in cache] == [(None, None, None)]
    finally:
        store.close()


def test_a_comparison_under_way_is_not_waited_for_by_the_page(prepared):
    # the whole store's comparison takes seconds on a large store: while it is being made, the
    # page answers at once and reloads itself; the API waits for the result
    import threading

    web, _ = prepared
    comparisons = web.state.comparisons
    with TestClient(web, base_url="http://127.0.0.1") as c:
        key = (comparisons.queries.fingerprint(), None, "キャンベラ", None)
        under_way = threading.Event()
        comparisons.running[key] = under_way  # as if another request had started it
        busy = c.get("/compare", params={"query": "キャンベラ", "lang": "ja"})
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "3"
        assert '<meta http-equiv="refresh" content="3">' in busy.text
        assert "準備中" in busy.text
        del comparisons.running[key]
        under_way.set()
        ready = c.get("/compare", params={"query": "キャンベラ"})
        if ready.status_code == 503:  # started in the background by this request
            c.get("/api/compare", params={"query": "キャンベラ"})
            ready = c.get("/compare", params={"query": "キャンベラ"})
        assert ready.status_code == 200 and "Agreements and contradictions" in ready.text


def test_one_events_comparison_after_the_whole_stores_reads_its_snapshot(prepared):
    # the whole store's comparison leaves a snapshot of the store; the first comparison of each
    # event is made over it (no read of the store) and is what the command line prints
    from rashomon import compare as cmp

    web, store = prepared
    comparisons = web.state.comparisons
    fingerprint, snapshot = comparisons.snapshot
    assert fingerprint == comparisons.queries.fingerprint() and snapshot.labels
    events = [e["id"] for e in TestClient(web, base_url="http://127.0.0.1").get("/api/events").json()]
    assert len(events) > 3
    expected = {e: cmp.to_json(cmp.compare(store, event=e)) for e in events}

    def nothing(*_args, **_kwargs):
        raise AssertionError("the store was read")

    store.events = store.documents = store.documents_with_hashes = nothing
    try:
        for e in events:
            assert cmp.to_json(comparisons(e, None, None)) == expected[e], e
    finally:
        del store.events, store.documents, store.documents_with_hashes
