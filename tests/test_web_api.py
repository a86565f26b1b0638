"""The web app through FastAPI's test client: JSON API, pages, uploads and its security rules."""

from __future__ import annotations

import json
import re
import time

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webstore import PAYLOAD, build

from rashomon import api
from rashomon.cli import app as cli
from rashomon.web.app import TOKEN_HEADER, create_app

TOKEN = "test-token-1234"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web"), hostile=True)


@pytest.fixture(scope="module")
def client(db):
    store = api.open_store(db)
    web = create_app(store, TOKEN, max_upload=20_000)
    assert web.state.prepared.wait(60)  # the whole store's comparison, made in the background
    with TestClient(web, base_url="http://127.0.0.1") as c:
        yield c
    store.close()


def _doc_id(client, name: str) -> int:
    return next(d["id"] for d in client.get("/api/documents").json() if d["path"].endswith(name))


def test_openapi_describes_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/stats", "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/events",
                  "/api/events/{event_id}", "/api/timeline", "/api/jobs/{job_id}"):
        assert route in paths
    assert "post" in paths["/api/documents"]
    listed = client.get("/api").text  # the page that lists them loads nothing from elsewhere
    assert all(f"<code>{route}</code>" in listed for route in paths) and "cdn" not in listed.lower()
    assert {"actor", "dyad", "category", "since", "until", "source"} <= {
        p["name"] for p in paths["/api/events"]["get"]["parameters"]}


def test_documents_and_their_spans(client):
    docs = client.get("/api/documents").json()
    assert len(docs) == 6 and {d["language"] for d in docs} == {"ja", "en"}
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert doc["entities"] and doc["sentences"]
    for key in ("entities", "time_expressions"):
        for x in doc[key]:
            assert doc["text"][x["start"]:x["end"]] == x["text"]
    assert client.get("/api/documents/99999").status_code == 404


@pytest.mark.parametrize("term", ["会談", "sanctions"])
def test_search_in_japanese_and_english(client, term):
    hits = client.get("/api/search", params={"q": term}).json()
    assert hits and all(term.casefold() in h["passage"].casefold() for h in hits)
    page = client.get("/search", params={"q": term}).text
    first = hits[0]
    assert f'href="/doc/{first["doc_id"]}?sentence={first["sentence"]}#s{first["sentence"]}"' in page
    assert f"<mark>{term}</mark>".casefold() in page.casefold()


def test_events_take_the_filters_of_the_command_line(client, db):
    for args in ({"category": "CONSULT"}, {"dyad": "USA,RUS"}, {"actor": "Russia"}, {"since": "2025-08-16"}):
        flags = [x for k, v in args.items() for x in (f"--{k}", v)]
        out = CliRunner().invoke(cli, ["events", "--db", str(db), "--json", *flags], catch_exceptions=False)
        expected = [e["id"] for e in json.loads(out.stdout)]
        got = [e["id"] for e in client.get("/api/events", params=args).json()]
        assert got == expected and got, args
    consult = client.get("/api/events", params={"category": "consult"}).json()
    assert {e["event"] for e in consult} == {"CONSULT"}
    assert client.get("/api/events", params={"category": "NOPE"}).status_code == 422


def test_an_event_lists_every_mention_with_its_evidence(client):
    events = client.get("/api/events").json()
    e = max(events, key=lambda e: len(e["mentions"]))
    one = client.get(f"/api/events/{e['id']}").json()
    assert len(one["mentions"]) == len(e["mentions"]) >= 2
    page = client.get(f"/event/{e['id']}").text
    for m in one["mentions"]:
        doc = client.get(f"/api/documents/{m['doc_id']}").json()
        assert m["text"] == doc["text"][m["start"]:m["end"]]
        assert f'href="/doc/{m["doc_id"]}?event={e["id"]}#s{m["sentence"]}"' in page
    assert client.get("/api/events/no-such-event").status_code == 404


def test_a_document_page_highlights_the_chosen_events_sentences(client):
    e = client.get("/api/events").json()[0]
    m = e["mentions"][0]
    page = client.get(f"/doc/{m['doc_id']}", params={"event": e["id"]}).text
    lit = set(re.findall(r'class="sent[^"]* hl" id="s(\d+)"', page))
    own = {str(x["sentence"]) for x in e["mentions"] if x["doc_id"] == m["doc_id"]}
    assert lit == own
    plain = client.get(f"/doc/{m['doc_id']}").text
    assert not re.search(r'class="sent[^"]* hl" id=', plain)
    assert 'class="ent ent-' in page and 'class="tx"' in page
    assert "set aside:" in client.get(f"/doc/{_doc_id(client, '.html')}").text


def test_timeline_is_dated_and_in_order(client):
    rows = client.get("/api/timeline").json()
    assert rows and all(r["date"] for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert client.get("/timeline").text.count("<circle") == len(rows)


def test_hostile_text_is_escaped_and_scripts_are_not_allowed(client):
    doc_id = _doc_id(client, "hostile.txt")
    event = next(e for e in client.get("/api/events").json()
                 if any(m["doc_id"] == doc_id for m in e["mentions"]))
    for url in (f"/doc/{doc_id}", f"/event/{event['id']}", "/", "/search?q=外相"):
        r = client.get(url)
        assert PAYLOAD in r.text, url  # the text is shown ...
        assert "<script>window" not in r.text and "<img src=x" not in r.text, url  # ... as text
        assert "&lt;script&gt;" in r.text or "&lt;img" in r.text, url
        assert "script-src 'self'" in r.headers["content-security-policy"]


def test_request_paths_never_reach_the_file_system(client):
    for url in ("/static/..%2F..%2Fpyproject.toml", "/static/app.py", "/static/%2e%2e%2fapp.py",
                "/static/../web/app.py", "/doc/..%2F..%2Fetc%2Fpasswd", "/api/documents/%2Fetc%2Fpasswd"):
        r = client.get(url)
        assert r.status_code in (404, 422), url
        assert "import" not in r.text and "root:" not in r.text
    assert client.get("/static/style.css").status_code == 200


def test_no_cors_and_only_local_hosts(client):
    r = client.get("/api/stats", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options("/api/documents", headers={"Origin": "http://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    assert client.get("/api/stats", headers={"Host": "evil.example"}).status_code == 400


def _upload(client, files, token=TOKEN):
    headers = {TOKEN_HEADER: token} if token is not None else {}
    return client.post("/api/documents", files=files, headers=headers)


def test_uploads_need_the_token_and_a_known_type_and_size(client):
    ok = [("files", ("a.txt", "米国とロシアの首脳が会談した。".encode(), "text/plain"))]
    assert _upload(client, ok, token=None).status_code == 403
    assert _upload(client, ok, token="wrong").status_code == 403
    r = _upload(client, [("files", ("evil.exe", b"MZ\x90\x00", "application/octet-stream"))])
    assert r.status_code == 415 and "evil.exe" in r.json()["detail"]
    r = _upload(client, [("files", ("big.txt", b"a" * 20_001, "text/plain"))])
    assert r.status_code == 413 and "big.txt" in r.json()["detail"]
    r = _upload(client, [("files", (f"{i}.txt", b"a" * 19_000, "text/plain")) for i in range(160)])
    assert r.status_code == 413 and "at most" in r.json()["detail"]  # refused before it is read
    r = client.post("/api/documents", headers={TOKEN_HEADER: TOKEN, "Transfer-Encoding": "chunked"},
                    content=iter([b"x" * 10]))
    assert r.status_code == 411


def _wait(client, job):
    deadline = time.monotonic() + 120
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = client.get(job["url"]).json()
    return job


def test_an_upload_runs_the_pipeline_with_progress(client):
    text = "見出し\n\n2025年9月2日\n\nフランスとドイツの首脳がパリで会談した。両首脳は協力の強化で一致した。\n"
    files = [("files", ("../../etc/paris.txt", text.encode(), "text/plain")),
             ("files", ("fake.html", b"%PDF-1.7\n\x00\x01binary", "text/html"))]
    r = _upload(client, files)
    assert r.status_code == 202
    job = _wait(client, r.json())
    assert job["state"] == "done" and job["done"] == job["total"] == 2
    assert len(job["added"]) == 1 and len(job["errors"]) == 1 and "fake.html" in job["errors"][0]
    doc = client.get(f"/api/documents/{job['added'][0]}").json()
    assert doc["path"] == "upload/paris.txt"  # the client's folders are dropped
    assert any(h["doc_id"] == doc["id"] for h in client.get("/api/search", params={"q": "パリで会談"}).json())
    assert any(m["doc_id"] == doc["id"] for e in client.get("/api/events").json() for m in e["mentions"])
    again = _wait(client, _upload(client, files[:1]).json())
    assert again["duplicates"] == 1 and not again["added"]


def test_scenarios_are_forecast_by_name_with_their_evidence(client):
    from rashomon.forecast.scenario import load_scenario
    from rashomon.web.app import SCENARIOS

    listed = client.get("/api/scenarios").json()
    assert {s["name"] for s in listed} == {p.stem for p in SCENARIOS.glob("*.yaml")}
    scen = load_scenario(SCENARIOS / "alaska.yaml")
    got = client.get("/api/scenarios/alaska", params={"model": "compromise", "runs": 10}).json()
    assert [r["name"] for r in got["issues"]] == [i.name for i in scen.issues]
    assert all(r["monte_carlo"] for r in got["issues"]) and got["model"] == "compromise"
    assert len(got["evidence"]) == len(scen.evidence())
    assert all(e["doc_id"] is None for e in got["evidence"])  # the seeds it cites are not in this store
    page = client.get("/scenario/alaska", params={"model": "compromise", "runs": 10}).text
    assert page.count('src="data:image/png;base64,') == len(scen.issues) + 1
    assert client.get("/scenario/nope").status_code == 404
    assert client.get("/scenario/..%2F..%2Fpyproject").status_code == 404
    assert client.get("/api/scenarios/alaska", params={"model": "oracle"}).status_code == 422
    assert client.get("/api/scenarios/alaska", params={"runs": 10**6}).status_code == 422


def test_lists_come_in_pages(client, monkeypatch):
    from rashomon.web import app as web_app

    monkeypatch.setattr(web_app, "PAGE_SIZE", 2)
    total = len(client.get("/api/events", params={"limit": 5000}).json())
    assert total > 4
    first = client.get("/events").text
    assert first.count('<tr>\n  <td>') == 2 and f"Rows 1–2 of {total}" in first and 'rel="prev"' not in first
    second = client.get("/events", params={"page": 2, "lang": "ja"}).text
    assert f"{total} 件中 3〜4 件目" in second and 'href="?lang=ja&amp;page=1"' in second
    filtered = client.get("/events", params={"category": "CONSULT"}).text
    assert "category=CONSULT" in filtered or 'rel="next"' not in filtered
    docs = client.get("/", params={"page": 2}).text
    assert 'rel="prev" href="?page=1"' in docs
    assert client.get("/events", params={"page": 0}).status_code == 422
