"""`rashomon report` and the Python API: the offline report's pages, links and escaping."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner
from webstore import PAYLOAD, build

import rashomon
from rashomon.cli import app as cli

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("report"), hostile=True)


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "report"
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _pages(report: Path) -> list[Path]:
    return [report / "index.html", report / "events.html", *sorted((report / "docs").glob("*.html"))]


def test_the_report_has_every_section(report):
    index = (report / "index.html").read_text(encoding="utf-8")
    for section in ("sources", "timeline", "network", "dyads", "coverage", "statements", "events"):
        assert f'id="{section}"' in index
    assert index.count("<svg") >= 3
    assert "Continental Wire" in index and "The Harbor Ledger" in index  # outlets of the examples
    assert len(list((report / "docs").glob("*.html"))) == 6


def test_every_evidence_link_lands_on_an_existing_sentence(report):
    links = 0
    for page in _pages(report):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]*docs/\d+\.html)#(s\d+)"', html):
            target = (page.parent / href[0]).resolve()
            assert target.is_file(), href
            assert f'id="{href[1]}"' in target.read_text(encoding="utf-8"), href
            links += 1
        for anchor in re.findall(r'href="(?:\.\./)?events\.html#(e\d+)"', html):
            assert f'id="{anchor}"' in (report / "events.html").read_text(encoding="utf-8")
    assert links > 20


def test_an_event_section_quotes_its_evidence(report, db):
    events = rashomon.query_events(rashomon.open_store(db))
    html = (report / "events.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="event" id="e(\d+)">(.*?)</section>', html, re.S)
    assert len(sections) == len(events)
    busiest = max(range(len(events)), key=lambda i: len(events[i].mentions))
    assert sections[busiest][1].count('class="evidence"') == len(events[busiest].mentions)


def test_hostile_text_is_escaped_and_the_report_runs_no_script(report):
    seen = False
    for page in _pages(report) + sorted((report / "charts").glob("*.svg")):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html, page
        if PAYLOAD in html:
            seen = True
            assert "&lt;script&gt;" in html or "&lt;img" in html or "&#34;" in html
        if page.suffix == ".html":
            assert "default-src 'none'" in unescape(html)  # and a policy that forbids scripts anyway
    assert seen


def test_charts_are_well_formed_svg_files(report):
    files = sorted((report / "charts").glob("*.svg"))
    assert {"timeline.svg", "network.svg"} <= {f.name for f in files}
    for f in files:
        root = ET.parse(f).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    index = (report / "index.html").read_text(encoding="utf-8")
    assert any(f.name.startswith("dyad-") for f in files)
    for f in files:  # each chart also as PNG, linked from the overview
        png = f.with_suffix(".png")
        assert png.read_bytes()[:4] == b"\x89PNG" and f'href="charts/{png.name}"' in index


def test_a_file_in_the_way_is_a_one_line_error(db, tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "taken")])
    assert result.exit_code == 2 and "is a file" in result.output


def test_filters_narrow_the_report(db, tmp_path):
    out = tmp_path / "consult"
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(out), "--category", "CONSULT"])
    assert result.exit_code == 0, result.output
    html = (out / "events.html").read_text(encoding="utf-8")
    cats = set(re.findall(r'<span class="cat q\d" title="[^"]*">(\w+)</span>', html))
    assert cats == {"CONSULT"}
    assert "category=CONSULT" in (out / "index.html").read_text(encoding="utf-8")


def test_the_python_api_is_what_the_command_line_runs(db, tmp_path):
    store = rashomon.open_store(db)
    out = runner.invoke(cli, ["events", "--db", str(db), "--dyad", "USA,RUS", "--json"], catch_exceptions=False)
    assert {e["id"] for e in json.loads(out.stdout)} == {e.id for e in rashomon.query_events(store, dyad="USA,RUS")}
    n = rashomon.export_store(store, "plover", tmp_path / "events.jsonl")
    assert n == len((tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()) > 0
    index = rashomon.make_report(store, tmp_path / "r", actor="Russia")
    assert index.name == "index.html" and index.is_file()
    doc = rashomon.analyse_text("見出し\n\n米国とロシアの首脳が会談した。\n")
    assert doc.language == "ja" and doc.events
    assert callable(rashomon.analyse) and rashomon.analyse.__doc__


ALASKA = Path(rashomon.__file__).parent / "data" / "scenarios" / "alaska.yaml"


def test_a_scenario_forecast_links_the_evidence_it_cites(seeds, tmp_path):
    from rashomon.forecast.scenario import load_scenario

    store = rashomon.open_store(tmp_path / "seeds.sqlite")
    rashomon.analyse([seeds], store)
    index = rashomon.make_report(store, tmp_path / "r", scenario=ALASKA, model="compromise", runs=20)
    html = index.read_text(encoding="utf-8")
    scen = load_scenario(ALASKA)
    section = html.split('id="forecast"', 1)[1].split('id="events"', 1)[0]
    assert section.count("<tr>") == len(scen.issues) + 1
    assert section.count('src="data:image/png;base64,') == len(scen.issues) + 1  # and the Monte Carlo plot
    assert len(list((tmp_path / "r" / "charts").glob("forecast-*.png"))) == len(scen.issues) + 1
    cited = re.findall(r'<a href="(docs/\d+\.html)#(s\d+)">', section)
    assert len(cited) == sum(1 for _, e in scen.evidence() if e.sentence is not None)
    for page, anchor in cited:
        assert f'id="{anchor}"' in (tmp_path / "r" / page).read_text(encoding="utf-8")


def test_a_bad_scenario_is_a_one_line_error_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nissues: 3\n", encoding="utf-8")
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "r"), "--scenario", str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.output
    assert not (tmp_path / "r").exists()
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "r"), "--scenario", str(ALASKA),
                                 "--model", "nope"])
    assert result.exit_code == 2 and "unknown model" in result.output
