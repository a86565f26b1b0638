"""End to end in headless Chromium (Debian's package, driven by Playwright, no browser download):
the offline report opened from disk and `rashomon serve` on a local port."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from webstore import PAYLOAD, build

from rashomon.cli import app as cli

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("RASHOMON_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (.ci/run installs Debian's chromium)")

# the highlight colour of an evidence sentence (--hl in style.css)
HIGHLIGHT = "rgb(255, 226, 122)"
# screenshots land here when set (docs/ for the README's picture of the report)
SHOTS = os.environ.get("RASHOMON_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    pg = ctx.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    return {"examples": build(tmp_path_factory.mktemp("ex"), hostile=False),
            "hostile": build(tmp_path_factory.mktemp("hx"), hostile=True)}


def _keep(pg, name: str, height: int = 800) -> None:
    """Save a screenshot for the documentation, as a small palette PNG."""
    from PIL import Image

    path = Path(SHOTS) / name
    pg.set_viewport_size({"width": 1200, "height": height})
    pg.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def _report(db: Path, out: Path) -> Path:
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "index.html"


def _target_is_highlighted(pg) -> str:
    """The text of the element the URL's fragment names, after checking it is lit."""
    fragment = pg.evaluate("location.hash").lstrip("#")
    el = pg.locator(f"[id='{fragment}']")
    assert el.evaluate("e => e.matches('.sent.hl, .sent:target')")
    assert el.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    assert el.is_visible()
    return el.inner_text()


def _not_run(pg) -> None:
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.dialogs == []


def test_report_follows_an_event_to_its_highlighted_evidence(page, stores, tmp_path):
    index = _report(stores["examples"], tmp_path / "report")
    page.goto(index.as_uri())
    assert page.locator("#timeline + .chart svg circle").count() > 0
    if SHOTS:
        _keep(page, "report.png", height=1500)
    row = page.locator("table.events tr").nth(1)
    row.locator("a").first.click()
    assert page.url.split("#")[0].endswith("/events.html")
    section = page.locator(f"[id='{page.evaluate('location.hash').lstrip('#')}']")
    quote = section.locator(".quote").first.inner_text()
    section.locator("a.evidence").first.click()
    assert "/docs/" in page.url
    assert _target_is_highlighted(page).strip() == quote.strip()
    # a chart mark leads to the same kind of page
    page.goto(index.as_uri())
    page.locator("#timeline + .chart svg a").first.click()
    assert "events.html#e" in page.url


def test_report_does_not_run_a_hostile_article(page, stores, tmp_path):
    index = _report(stores["hostile"], tmp_path / "report")
    page.goto(index.as_uri())
    page.get_by_text("外相会談の記事", exact=False).first.click()
    body = page.locator("article").inner_text()
    assert f"<script>{PAYLOAD}</script>" in body and "onerror" in body  # shown as text
    _not_run(page)
    page.goto((index.parent / "events.html").as_uri())
    _not_run(page)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(db: Path) -> Iterator[dict[str, str]]:
    """`rashomon serve` over ``db`` on a free local port, stopped afterwards."""
    port = _free_port()
    exe = Path(sys.executable).with_name("rashomon")
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield _wait_for(proc, port)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(stores):
    with _serving(stores["hostile"]) as address:
        yield address


def _wait_for(proc: subprocess.Popen, port: int) -> dict[str, str]:
    """The server's address and write token, once it answers."""
    token = None
    lines = []
    deadline = time.monotonic() + 60
    while token is None:
        line = proc.stdout.readline()
        assert line and time.monotonic() < deadline, "".join(lines)
        lines.append(line)
        if "token" in line:
            token = line.rsplit(" ", 1)[1].strip()
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url + "/api/stats", timeout=1)
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
    # the whole store's comparison is prepared in the background; the API waits for it
    urllib.request.urlopen(url + "/api/compare", timeout=60)
    return {"url": url, "token": token}


@pytest.mark.parametrize("term", ["首脳", "sanctions"])
def test_app_search_document_event_evidence(page, server, term, tmp_path):
    page.goto(server["url"] + "/")
    page.fill("input[name=q]", term)
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator(".hit")
    assert hits.count() > 0 and term.casefold() in hits.first.locator("mark").inner_text().casefold()
    # open a document that tells at least one event
    for i in range(hits.count()):
        page.goto(server["url"] + "/search?q=" + term)
        page.locator(".hit a").nth(i).click()
        if page.locator("a.doc-event").count():
            break
    assert _target_is_highlighted(page)  # the sentence the search found
    page.locator("a.doc-event").first.click()
    assert "event=" in page.url
    text = _target_is_highlighted(page)
    lit = page.locator(".sent.hl")
    assert lit.count() >= 1 and text in lit.all_inner_texts()
    page.screenshot(path=str(tmp_path / "app.png"))
    assert (tmp_path / "app.png").stat().st_size > 10_000
    if SHOTS and term == "首脳":
        _keep(page, "app.png")


def test_app_event_page_links_every_account(page, server):
    page.goto(server["url"] + "/events")
    page.locator("table.events a").first.click()
    assert "/event/" in page.url
    n = page.locator("a.evidence").count()
    assert n >= 1
    page.locator("a.evidence").last.click()
    assert _target_is_highlighted(page)


def test_app_does_not_run_a_hostile_article(page, server):
    page.goto(server["url"] + "/search?q=外相会談の記事")
    page.locator(".hit a").first.click()
    assert f"<script>{PAYLOAD}</script>" in page.locator("article").inner_text()
    _not_run(page)
    page.locator("a.doc-event").first.click()
    _not_run(page)
    page.goto(server["url"] + "/")
    _not_run(page)


def test_app_upload_with_the_token_shows_progress(page, server, tmp_path):
    f = tmp_path / "upload.txt"
    f.write_text("見出し\n\n2025年9月3日\n\nイタリアとスペインの首脳がローマで会談した。\n", encoding="utf-8")
    page.goto(server["url"] + "/upload")
    page.set_input_files("#files", str(f))
    page.fill("#token", "not-the-token")
    page.click("button:has-text('Upload')")
    sync_api.expect(page.locator("#status")).to_have_text(re.compile("^refused: .*token"))
    page.fill("#token", server["token"])
    page.click("button:has-text('Upload')")
    sync_api.expect(page.locator("#status")).to_have_text(re.compile("^done: 1 of 1 file"), timeout=120_000)
    page.locator("#added a").first.click()
    assert "ローマで会談" in page.locator("article").inner_text()


def test_app_scenario_page_shows_its_plots(page, server):
    page.goto(server["url"] + "/scenarios")
    page.locator("main li a").first.click()
    page.select_option("select[name=model]", "compromise")
    page.click("button:has-text('Forecast')")
    assert "model=compromise" in page.url
    images = page.locator("main img")
    assert images.count() >= 2
    # the plots are inline data, and the page's policy lets them draw
    assert all(w > 100 for w in images.evaluate_all("imgs => imgs.map(i => i.naturalWidth)"))
    assert page.locator("table.forecast tr").count() >= 2


@pytest.fixture(scope="module")
def compare_server(tmp_path_factory):
    from comparestore import build_compare

    with _serving(build_compare(tmp_path_factory.mktemp("cmpb"), hostile=True)) as address:
        yield address


def test_app_compare_page_follows_a_contradiction_to_its_sentence(page, compare_server):
    page.goto(compare_server["url"] + "/")
    page.locator("header.top a", has_text="Compare").click()
    assert page.url.endswith("/compare")
    _not_run(page)  # the hostile piece is one of the sources compared
    contradiction = page.locator("table.facts tr.contradict").first
    assert contradiction.locator(".verdict").inner_text() == "contradict"
    link = contradiction.locator("a.cmp-ev").last
    evidence = link.get_attribute("title")
    if SHOTS:
        _keep(page, "compare.png", height=1100)
    link.click()
    assert "/doc/" in page.url
    assert evidence in _target_is_highlighted(page)
    _not_run(page)
    # the same page with Japanese labels renders them in a font with kanji
    page.goto(compare_server["url"] + "/compare?lang=ja")
    heading = page.locator("section.story h3").first
    assert heading.inner_text() == "一致と矛盾"
    assert heading.evaluate("e => e.getBoundingClientRect().width") > 60


def test_report_compare_page_follows_a_contradiction_to_its_sentence(page, tmp_path):
    from comparestore import build_compare

    db = build_compare(tmp_path, hostile=True)
    index = _report(db, tmp_path / "report")
    page.goto(index.as_uri())
    page.locator("header.top a", has_text="Compare").click()
    assert page.url.endswith("/compare.html")
    _not_run(page)
    link = page.locator("table.facts tr.contradict a.cmp-ev").first
    evidence = link.get_attribute("title")
    link.click()
    assert "/docs/" in page.url
    assert evidence in _target_is_highlighted(page)
    _not_run(page)
