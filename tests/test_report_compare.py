"""The comparison of accounts in the offline report, charts as PNG, Japanese labels, and
`rashomon.compare_accounts`: on the invented articles of tests/data/compare plus a hostile one."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from comparestore import build_compare
from typer.testing import CliRunner
from webstore import PAYLOAD

import rashomon
from rashomon import compare as cmp
from rashomon.cli import app as cli

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_compare(tmp_path_factory.mktemp("cmpreport"), hostile=True)


@pytest.fixture(scope="module")
def comparison(db) -> cmp.Comparison:
    return rashomon.compare_accounts(rashomon.open_store(db))


def _report(db: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(out), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Path:
    return _report(db, tmp_path_factory.mktemp("out") / "report")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


class _Element(HTMLParser):
    """The text inside the element with a given id."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted, self.depth, self.found, self.parts = wanted, 0, False, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.wanted:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _sentence(report: Path, doc_id: int, anchor: str) -> str:
    """The text of sentence ``anchor`` on the report's page of document ``doc_id``."""
    parser = _Element(anchor)
    parser.feed((report / "docs" / f"{doc_id}.html").read_text(encoding="utf-8"))
    assert parser.found, f"no sentence {anchor} in docs/{doc_id}.html"
    return " ".join("".join(parser.parts).split())


def test_the_compare_page_has_every_part_and_is_linked_from_the_overview(report, comparison):
    html = (report / "compare.html").read_text(encoding="utf-8")
    for part in ("cmp-sources", "cmp-chains", "cmp-framing", "story-1", "story-2"):
        assert f'id="{part}"' in html
    text = _text(html)
    for heading in ("Agreements and contradictions", "Events only one source reports", "Silences",
                    "Shared statements", "Translation and republication chains"):
        assert heading in text
    # the summit's durations contradict; the translated piece's chain names its translator
    assert "約2時間" in text and "5時間" in text and "3時間" in text
    assert "Northern State Broadcaster" in text and "山田花子" in text
    assert f"<b>{len(comparison.contradictions)}</b>contradictions" in html
    index = (report / "index.html").read_text(encoding="utf-8")
    assert 'href="compare.html"' in index and 'id="comparison"' in index
    events = (report / "events.html").read_text(encoding="utf-8")
    targets = re.findall(r'<a class="compare" href="compare\.html(#story-\d+)?">', events)
    assert len(targets) == events.count('<section class="event"') > 0
    assert "#story-2" in targets  # an event of the Canberra meeting leads to its story
    assert all(f'id="{t[1:]}"' in html for t in targets if t)


def test_every_compare_link_lands_on_its_sentence(report, comparison):
    html = (report / "compare.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="evidence cmp-ev" href="docs/(\d+)\.html#(s\d+)" title="([^"]*)"', html)
    assert len(links) > 30
    for doc_id, anchor, quoted in links:
        sentence = _sentence(report, int(doc_id), anchor)
        if quoted:  # the link's title is the evidence (a sentence, a statement in it): the anchor holds it
            assert " ".join(unescape(quoted).split()) in sentence, (doc_id, anchor)
    # each value of each contradiction is linked to each of its sentences
    for f in comparison.contradictions:
        for v in f.values:
            for e in v.evidence:
                assert f'href="docs/{e.source}.html#s{e.sentence}"' in html
    for m in re.findall(r'href="(events\.html#e\d+)"', html):
        assert f'id="{m.split("#")[1]}"' in (report / "events.html").read_text(encoding="utf-8")


def test_framing_labels_link_to_their_cue(report, comparison):
    assert comparison.framing
    section = (report / "compare.html").read_text(encoding="utf-8").split('id="cmp-framing"', 1)[1]
    for lb in comparison.framing:
        assert f'href="docs/{lb.evidence.source}.html#s{lb.evidence.sentence}"' in section
        assert lb.cue in _sentence(report, lb.evidence.source, f"s{lb.evidence.sentence}")


def test_a_hostile_article_is_escaped_in_the_comparison(report):
    html = (report / "compare.html").read_text(encoding="utf-8")
    assert PAYLOAD in html  # its title, outlet and sentence are shown ...
    assert "<script" not in html and "<img" not in html  # ... as text
    assert "&lt;script&gt;" in html and "onerror=&#34;" in html
    assert "default-src 'none'" in unescape(html)


def test_charts_are_also_png_files(report):
    charts = report / "charts"
    svgs = {p.stem for p in charts.glob("*.svg")}
    pngs = {p.stem for p in charts.glob("*.png")}
    assert "timeline" in svgs and svgs <= pngs
    for p in charts.glob("*.png"):
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_japanese_labels(db, tmp_path):
    out = _report(db, tmp_path / "ja", "--lang", "ja")
    index = (out / "index.html").read_text(encoding="utf-8")
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in index and '<html lang="ja">' in page
    assert ">概要<" in index and ">比較<" in index and "記事" in index
    assert "<th>情報源</th>" in index and "根拠の文にリンク" in index and "<th>source</th>" not in index
    assert "一致と矛盾" in page and "翻訳・転載の経路" in page and ">矛盾<" in page
    assert "Agreements and contradictions" not in page
    english = (_report(db, tmp_path / "en") / "compare.html").read_text(encoding="utf-8")
    assert "一致と矛盾" not in english
    result = runner.invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "x"), "--lang", "fr"])
    assert result.exit_code == 2 and "'fr'" in result.output and len(result.output.strip().splitlines()) == 1


def test_the_python_api_compares_as_the_command_line_does(db, comparison):
    out = runner.invoke(cli, ["compare", "--db", str(db), "--json"], catch_exceptions=False)
    assert json.loads(out.stdout) == json.loads(json.dumps(cmp.to_json(comparison), ensure_ascii=False))
    store = rashomon.open_store(db)
    narrowed = rashomon.compare_accounts(store, actor="Anthony Albanese")
    assert {s.path.rsplit("/", 1)[-1] for s in narrowed.sources} == {"e_canberra_en.md", "f_canberra_ja.md"}
    assert [f.field for f in narrowed.contradictions] == ["date"]
    assert "compare_accounts" in rashomon.__all__ and "compare_accounts" in rashomon.api.__doc__
    with pytest.raises(ValueError, match="no event with id"):
        rashomon.compare_accounts(store, event="zzzz")


def test_png_charts_draw_kanji_names_with_a_cjk_font(tmp_path):
    import warnings

    from rashomon.charts_png import _fonts, write_pngs
    from rashomon.records import ActorRef, Event

    if _fonts() == ["DejaVu Sans"]:
        pytest.skip("no CJK font installed (.ci/run installs fonts-noto-cjk)")
    events = [Event(f"e{i}", cat, [ActorRef("石破茂")], [ActorRef("習近平")], [], [], day, None, "happened", [])
              for i, (cat, day) in enumerate([("CONSULT", "2026-03-01"), ("ACCUSE", "2026-03-04")])]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of every glyph its fonts lack
        written = write_pngs(tmp_path, events, [("石破茂", "習近平", "dyad-1.svg", events)])
    assert [p.name for p in written] == ["timeline.png", "network.png", "dyad-1.png"]


def test_filters_that_leave_no_event_leave_nothing_to_compare(db, tmp_path):
    out = _report(db, tmp_path / "none", "--category", "SANCTION")
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "Nothing to compare" in html and 'id="story-1"' not in html
    assert 'href="compare.html"' not in (out / "index.html").read_text(encoding="utf-8").split('id="comparison"')[1]


def test_a_large_comparison_is_cut_to_page_limits_and_says_so(comparison):
    from rashomon.compare_view import compare_view
    from rashomon.report import ReportLinks
    from rashomon.views import environment

    full = compare_view(comparison)
    assert len(full.stories) == 2 and not full.left_out
    cut = compare_view(comparison, max_stories=1, max_rows=2, max_items=1)
    # the story with contradictions and most sources stays; totals still count everything
    assert [st.number for st in cut.stories] == [1] and cut.contradictions == full.contradictions
    assert cut.left_out["stories"] == 1 and cut.left_out["sources"] == len(comparison.sources) - 2
    assert len(cut.sources) == 2 and len(cut.framing) <= 2
    assert len(cut.stories[0].facts) == 1 and cut.left_out["items"] >= len(full.stories[0].facts) - 1

    html = environment().get_template("compare.html").render(
        title="t", view=cut, message="", links=ReportLinks([]), nav=[], csp=None, inline_css=None, search_url=None,
        ui_lang="en")
    assert 'class="muted left-out"' in html and "1 stories" in html and 'id="story-2"' not in html
    assert f"<b>{len(comparison.sources)}</b>sources" in html  # the totals, not what is shown


def test_outlet_profiles_show_with_their_citation_and_only_web_addresses_link(db, tmp_path, monkeypatch):
    from rashomon.compare_view import compare_view
    from rashomon.report import ReportLinks
    from rashomon.views import environment

    profiles = tmp_path / "profiles.yaml"
    profiles.write_text(
        "- {id: Harbor Times, country: USA, state_affiliation: private, citation: 'https://example.org/harbor'}\n"
        "- {id: Northern State Broadcaster, country: RUS, state_affiliation: state-owned,"
        " citation: 'javascript:alert(1)'}\n", encoding="utf-8")
    monkeypatch.setenv("RASHOMON_OUTLET_PROFILES", str(profiles))
    cmp.outlet_profiles.cache_clear()
    try:
        view = compare_view(rashomon.compare_accounts(rashomon.open_store(db)))
    finally:
        monkeypatch.delenv("RASHOMON_OUTLET_PROFILES")
        cmp.outlet_profiles.cache_clear()
    html = environment().get_template("compare.html").render(
        title="t", view=view, message="", links=ReportLinks([]), nav=[], csp=None, inline_css=None,
        search_url=None, ui_lang="en")
    assert html.count('<a class="cite" href="https://example.org/harbor"') == 2  # the two Harbor Times pieces
    assert "state-owned" in html and "javascript:" not in html
