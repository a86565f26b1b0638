"""Comparing accounts: on invented articles that agree, contradict and stay silent on purpose
(tests/data/compare/articles), and on the five seed articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from rashomon import compare as cmp
from rashomon.cli import app
from rashomon.gazetteer import default_gazetteer
from rashomon.pipeline import analyze_paths
from rashomon.store import Store

ARTICLES = ROOT / "tests" / "data" / "compare" / "articles"
runner = CliRunner()


def _analysed(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Path:
    path = tmp_path_factory.mktemp("compare") / "c.sqlite"
    with Store(path) as store:
        report = analyze_paths([folder], store)
        assert not report.errors
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return _analysed(tmp_path_factory, ARTICLES)


@pytest.fixture(scope="module")
def result(db) -> cmp.Comparison:
    with Store(db) as store:
        return cmp.compare(store)


def _ids(result: cmp.Comparison) -> dict[str, int]:
    return {Path(s.path).name: s.id for s in result.sources}


def _fact(result: cmp.Comparison, name: str, source: int) -> cmp.Fact:
    """The fact ``name`` of the event that ``source`` reports."""
    found = [f for f in result.facts if f.field == name and any(source in v.sources for v in f.values)]
    assert found, f"no {name} fact with source {source}: {result.facts}"
    return found[0]


def test_the_summit_is_reported_by_all_four_and_one_source_is_silent_on_the_next_day(result):
    ids = _ids(result)
    summit_sources = {ids[n] for n in ("a_wire_ja.md", "b_blog_ja.md", "c_news_en.md", "d_translation_ja.md")}
    rows = [r for r in result.coverage.events if set(r.sources) == summit_sources]
    assert rows and rows[0].event == "CONSULT"
    # three of the four report the meeting with the Treasury Secretary; the blog does not
    (silence,) = [s for s in result.coverage.silences]
    assert silence.source == ids["b_blog_ja.md"]
    assert set(silence.reported_by) == summit_sources - {ids["b_blog_ja.md"]}
    # the Beijing meeting only the translated piece tells of
    only = result.coverage.only_in[ids["d_translation_ja.md"]]
    events = {r.id: r for r in result.coverage.events}
    assert any("Wang Yi" in events[e].actors for e in only)


def test_japan_time_and_local_date_are_one_date(result):
    ids = _ids(result)
    date = _fact(result, "date", ids["b_blog_ja.md"])
    assert date.verdict == "agree"
    (value,) = date.values
    assert value.value == "2026-03-03"
    assert ids["b_blog_ja.md"] in value.sources and ids["c_news_en.md"] in value.sources
    assert any("Japan time" in n and "2026-03-03" in n for n in date.notes)
    blog = [e for e in value.evidence if e.source == ids["b_blog_ja.md"]]
    assert "日本時間" in blog[0].text


def test_a_building_and_its_city_are_one_place_and_a_state_stands_for_its_leader(result):
    ids = _ids(result)
    place = _fact(result, "place", ids["a_wire_ja.md"])
    assert place.verdict == "agree" and place.values[0].value == "White House"
    assert "White House is in Washington" in place.notes
    people = _fact(result, "participants", ids["d_translation_ja.md"])
    assert people.verdict == "agree"
    assert any("Shigeru Ishiba stands for JPN" in n for n in people.notes)


def test_outcome_duration_and_precedent_contradictions_list_each_side(result):
    ids = _ids(result)
    outcome = _fact(result, "outcome", ids["b_blog_ja.md"])
    assert outcome.verdict == "contradict"
    by_value = {v.value: v for v in outcome.values}
    assert by_value["no agreement"].sources == [ids["b_blog_ja.md"]]
    assert {ids["a_wire_ja.md"], ids["c_news_en.md"]} <= set(by_value["agreement"].sources)
    assert "至らなかった" in by_value["no agreement"].evidence[0].text

    duration = _fact(result, "duration", ids["b_blog_ja.md"])
    assert duration.verdict == "contradict" and len(duration.values) == 2
    # 約2時間 and "about two hours" are one figure, 5時間 is another
    about_two = next(v for v in duration.values if ids["c_news_en.md"] in v.sources)
    assert ids["a_wire_ja.md"] in about_two.sources and ids["b_blog_ja.md"] not in about_two.sources

    previous = _fact(result, "previous summit", ids["a_wire_ja.md"])
    assert previous.verdict == "contradict"
    assert {v.value for v in previous.values} == {"2024", "2025"}


def test_the_same_figure_in_two_languages_is_no_contradiction(result):
    ids = _ids(result)
    tariff = _fact(result, "tariff", ids["c_news_en.md"])
    assert tariff.verdict == "agree"
    assert set(tariff.values[0].sources) == {ids["a_wire_ja.md"], ids["c_news_en.md"]}


def test_events_kept_apart_by_a_disputed_date_are_compared(result):
    # merging keeps the Canberra meetings apart (10 vs 12 April); with the same two leaders
    # and no source reporting both, they are one occasion whose date is disputed
    ids = _ids(result)
    date = _fact(result, "date", ids["e_canberra_en.md"])
    assert date.verdict == "contradict"
    assert {v.value: v.sources for v in date.values} == {
        "2026-04-10": [ids["e_canberra_en.md"]], "2026-04-12": [ids["f_canberra_ja.md"]]}
    assert _fact(result, "place", ids["e_canberra_en.md"]).verdict == "agree"


def _whole_store_comparison(store: Store, event: str) -> cmp.Comparison:
    gaz = default_gazetteer()
    all_events, events, docs = cmp._whole_store(store, gaz, event=event)
    return cmp._compared(store, gaz, all_events, events, docs, None, None)


def test_one_event_read_from_its_documents_is_the_whole_store_comparison(db):
    # compare(event=...) reads the event, its occasion, its documents and the events they tell;
    # every event (an occasion's members too) and a prefix matching several events must give
    # what the comparison computed from every event and document of the store gives
    with Store(db) as store:
        ids = [e.id for e in store.events()]
        joined = {e.id for e in cmp.occasions(store.events(), default_gazetteer())}
        assert set(ids) - joined, "the articles should hold an event joined into an occasion"
        prefixes = [i[:1] for i in ids if sum(j.startswith(i[:1]) for j in ids) > 1][:2]
        assert prefixes
        # over a snapshot of the store, filled by the whole store's comparison, the same again
        snapshot = cmp.Snapshot.read(store)
        assert cmp.compare(store, snapshot=snapshot) == cmp.compare(store)
        assert snapshot.labels and snapshot.statements
        for event in ids + prefixes:
            one = cmp.compare(store, event=event)
            assert one == _whole_store_comparison(store, event), event
            assert one.sources and len(one.sources) < len(store.documents()) or event in prefixes
            assert cmp.compare(store, event=event, snapshot=snapshot) == one, event
        for actor in ("Anthony Albanese", "JPN"):
            assert cmp.compare(store, actor=actor, snapshot=snapshot) == cmp.compare(store, actor=actor), actor
        for wrong in (None, snapshot):
            with pytest.raises(ValueError, match="no event with id 'zz'"):
                cmp.compare(store, event="zz", snapshot=wrong)


def test_a_snapshot_reads_nothing_from_the_store(db, monkeypatch):
    with Store(db) as store:
        snapshot = cmp.Snapshot.read(store)
        event = max(snapshot.events.values(), key=lambda e: len({m.document for m in e.mentions}))
        expected = cmp.compare(store, event=event.id)

        def nothing(*_args, **_kwargs):
            raise AssertionError("the store was read")

        monkeypatch.setattr(store.engine, "connect", nothing)
        assert cmp.compare(store, event=event.id, snapshot=snapshot) == expected


def test_one_event_does_not_read_the_whole_store(db, monkeypatch):
    with Store(db) as store:
        event = max(store.events(), key=lambda e: len({m.document for m in e.mentions}))

        def everything(*_args, **_kwargs):
            raise AssertionError("the whole store was read")

        monkeypatch.setattr(Store, "documents", everything)
        real = Store.events
        monkeypatch.setattr(Store, "events", lambda self, **kw: real(self, **kw) if kw.get("ids") else everything())
        c = cmp.compare(store, event=event.id)
        # every document that reports the event is a source of its comparison
        assert {s.id for s in c.sources} >= {store.has_hash(m.document) for m in event.mentions if m.document}
        assert len(c.sources) > 1


def test_two_meetings_one_source_reports_stay_two():
    gaz = default_gazetteer()
    from rashomon.records import ActorRef, Event, EventMention

    people = [ActorRef("Ishiba", "Shigeru Ishiba", "JPN"), ActorRef("Albanese", "Anthony Albanese", "AUS")]

    def event(i: str, day: str, doc: str) -> Event:
        m = EventMention("CONSULT", people, date=day, document=doc, sentence=0)
        return Event(i, "CONSULT", people, [], [], [], day, None, "happened", [m])

    joined = cmp.occasions([event("a", "2026-04-10", "d1"), event("b", "2026-04-12", "d2")], gaz)
    assert len(joined) == 1 and len(joined[0].mentions) == 2
    apart = cmp.occasions([event("a", "2026-04-10", "d1"), event("b", "2026-04-12", "d1")], gaz)
    assert len(apart) == 2
    far = cmp.occasions([event("a", "2026-04-10", "d1"), event("b", "2026-05-12", "d2")], gaz)
    assert len(far) == 2


def test_one_statement_across_sources_and_languages(result):
    ids = _ids(result)
    groups = [g for g in result.statements if g.speaker == "Shigeru Ishiba" and len(g.sources) > 1]
    assert len(groups) == 1
    assert set(groups[0].sources) == {ids["a_wire_ja.md"], ids["b_blog_ja.md"], ids["c_news_en.md"]}
    assert {v.language for v in groups[0].versions} == {"ja", "en"}


def test_translation_chain_and_user_outlet_profile(result, monkeypatch, tmp_path):
    ids = _ids(result)
    (chain,) = result.chains
    assert chain.kind == "translation" and chain.original_outlet == "Northern State Broadcaster"
    assert chain.translators == ["山田花子"] and chain.sources == [ids["d_translation_ja.md"]]
    source = next(s for s in result.sources if s.id == ids["d_translation_ja.md"])
    assert source.chain == ["Northern State Broadcaster (Ivan Petrov)", "translated by 山田花子", "published by 港町ニュース"]

    extra = tmp_path / "profiles.yaml"
    extra.write_text("- {id: Northern State Broadcaster, country: RUS, state_affiliation: state-owned, "
                     "citation: 'https://example.org/registry'}\n", encoding="utf-8")
    monkeypatch.setenv("RASHOMON_OUTLET_PROFILES", str(extra))
    cmp.outlet_profiles.cache_clear()
    try:
        profile = cmp.outlet_profiles()["Northern State Broadcaster"]
        assert profile["state_affiliation"] == "state-owned" and profile["citation"].startswith("https://")
        extra.write_text("- {id: Nameless Daily, country: JPN}\n", encoding="utf-8")
        cmp.outlet_profiles.cache_clear()
        with pytest.raises(ValueError, match="citation"):
            cmp.outlet_profiles()
    finally:
        monkeypatch.delenv("RASHOMON_OUTLET_PROFILES")
        cmp.outlet_profiles.cache_clear()


def test_every_bundled_profile_has_a_citation():
    profiles = cmp.outlet_profiles()
    assert profiles["RT"]["state_affiliation"] == "state-funded"
    assert all(p["citation"].startswith("http") for p in profiles.values() if "state_affiliation" in p)


def test_framing_labels_rest_on_sentences_and_sources_dispute_who_gained(result):
    ids = _ids(result)
    labels = {(lb.source, lb.actor, lb.label) for lb in result.framing}
    assert (ids["a_wire_ja.md"], "Japan", "winner") in labels
    assert (ids["b_blog_ja.md"], "Donald Trump", "winner") in labels
    assert (ids["b_blog_ja.md"], "Japan", "loser") in labels
    for lb in result.framing:
        assert lb.cue in lb.evidence.text
    (gain,) = [d for d in result.disputes if d.dimension == "gain"]
    assert gain.answers[ids["a_wire_ja.md"]]["winner"] == {"JPN": [9]}
    assert "USA" in gain.answers[ids["b_blog_ja.md"]]["winner"]


def test_framing_reads_negation_quotation_and_object():
    gaz = default_gazetteer()
    from rashomon.records import Document, Entity, Sentence
    from rashomon.store import StoredDocument

    def labels(text: str, lang: str) -> list[cmp.Label]:
        doc = Document(path="x", text=text, content_hash="h", language=lang)
        doc.sentences = [Sentence.from_text(text)]
        for m in gaz.find(text, lang):
            doc.entities.append(Entity(text[m.start:m.end], m.start, m.end, m.entry.type, m.entry.id,
                                       m.entry.code, None, 0))
        return cmp._framing({"h": StoredDocument(1, doc)}, gaz, None)

    (lb,) = labels("ロシアは孤立していない。", "ja")
    assert (lb.actor, lb.label, lb.negated) == ("Russia", "isolated", True)
    (lb,) = labels("米国はロシアを孤立させた。", "ja")
    assert (lb.actor, lb.label, lb.negated) == ("Russia", "isolated", False)
    (lb,) = labels("プーチン氏は「ウクライナとの戦争で我々は勝利を手にするだろう」と述べた。", "ja")
    assert lb.quoted
    (lb,) = labels("The summit was a victory for Russia.", "en")
    assert (lb.actor, lb.label, lb.negated) == ("Russia", "winner", False)
    (lb,) = labels("Russia is no longer isolated.", "en")
    assert (lb.actor, lb.negated) == ("Russia", True)
    # a sentence without a named actor gives no label
    assert labels("It was a great victory.", "en") == []


def test_cli_compare_json_and_filters(db):
    out = runner.invoke(app, ["compare", "--db", str(db), "--json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"sources", "chains", "coverage", "facts", "statements", "framing", "agency", "disputes"} <= set(data)
    assert any(f["verdict"] == "contradict" and f["field"] == "outcome" for f in data["facts"])
    event = next(f["event"] for f in data["facts"] if f["field"] == "outcome")
    one = json.loads(runner.invoke(app, ["compare", event[:8], "--db", str(db), "--json"]).stdout)
    assert {f["event"] for f in one["facts"]} == {event}
    by_actor = json.loads(runner.invoke(app, ["compare", "--actor", "Anthony Albanese", "--db", str(db), "--json"]).stdout)
    assert len(by_actor["sources"]) == 2
    by_query = json.loads(runner.invoke(app, ["compare", "--query", "Canberra", "--db", str(db), "--json"]).stdout)
    assert [Path(s["path"]).name for s in by_query["sources"]] == ["e_canberra_en.md"]
    assert runner.invoke(app, ["compare", "--query", "zzzqqq", "--db", str(db)]).exit_code == 1
    table = runner.invoke(app, ["compare", "--db", str(db)])
    assert table.exit_code == 0 and "CONTRADICT" in table.stdout and "Japan time" in table.stdout
    # the id of an event joined into an occasion finds the occasion
    with Store(db) as store:
        canberra = sorted((e for e in store.events(actor="Anthony Albanese") if e.event == "CONSULT"),
                          key=lambda e: e.date or "")
    assert len(canberra) == 2
    for e in canberra:
        joined = json.loads(runner.invoke(app, ["compare", e.id, "--db", str(db), "--json"]).stdout)
        assert len(joined["sources"]) == 2 and {f["field"] for f in joined["facts"]} >= {"date", "place"}
    missing = runner.invoke(app, ["compare", "--db", str(db.parent / "missing.sqlite")])
    assert missing.exit_code == 1 and "no store" in missing.output
    Store(db.parent / "empty.sqlite").close()
    empty = runner.invoke(app, ["compare", "--db", str(db.parent / "empty.sqlite")])
    assert empty.exit_code == 1 and "no documents" in empty.output
    missing = runner.invoke(app, ["compare", "ffffffffffff", "--db", str(db)])
    assert missing.exit_code == 1 and "no event with id 'ffffffffffff'" in missing.output


# --------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds_result(tmp_path_factory, seeds) -> cmp.Comparison:
    with Store(_analysed(tmp_path_factory, seeds)) as store:
        return cmp.compare(store)


def test_seeds_summit_reported_by_all_five_on_one_date(seeds_result):
    r = seeds_result
    (row,) = [x for x in r.coverage.events if len(x.sources) == 5]
    assert row.event == "CONSULT"
    date = next(f for f in r.facts if f.event == row.id and f.field == "date")
    assert date.verdict == "agree" and date.values[0].value == "2025-08-15"
    assert len(date.values[0].sources) >= 4
    assert any("2025-08-16 Japan time is 2025-08-15" in n for n in date.notes)
    place = next(f for f in r.facts if f.event == row.id and f.field == "place")
    assert place.verdict == "agree" and len(place.values[0].sources) == 5


def test_seeds_previous_visits_and_who_gained(seeds_result):
    r = seeds_result
    visit = next(f for f in r.facts if f.field == "previous visit to the United States")
    assert visit.verdict == "contradict" and {v.value for v in visit.values} == {"2010", "2015"}
    assert all(any("以来" in e.text for e in v.evidence) for v in visit.values)
    (gain,) = [d for d in r.disputes if d.dimension == "gain"]
    winners = {s: set(ans.get("winner", {})) for s, ans in gain.answers.items()}
    assert len({frozenset(w) for w in winners.values()}) >= 2  # the sources name different winners
    assert sum("RUS" in w for w in winners.values()) >= 2


def test_seeds_rt_translations(seeds_result):
    r = seeds_result
    (chain,) = r.chains
    assert chain.original_outlet == "RT" and chain.outlet == "E-wave Tokyo" and chain.kind == "translation"
    names = {s.id: Path(s.path).name[:3] for s in r.sources}
    assert sorted(names[i] for i in chain.sources) == ["000", "002"]
    assert chain.translators and all("池田" in t for t in chain.translators)


def test_figures_read_units_approximations_and_bounds():
    (kind, a), = cmp.figures("直接交渉は約1時間40分で終了した。", "ja")
    assert kind == "duration" and a.low == pytest.approx(75) and a.high == pytest.approx(125)
    (_, b), = cmp.figures("The whole meeting took less than two hours.", "en")
    assert (b.low, b.high) == (0, 120)
    (_, c), = cmp.figures("会談は50分あまり続いた。", "ja")
    assert c.low == 50 and c.high == float("inf")
    assert cmp.figures("会談の3分前に到着した。", "ja") == []  # a time before, not a length
    assert cmp.figures("2時間の映画を見た。", "ja") == []  # no meeting: no duration of one
    (kind, d), = cmp.figures("23 Pakistani soldiers were killed.", "en")
    assert kind == "casualties" and d.low == d.high == 23


def test_users_extend_the_framing_lexicon(monkeypatch, tmp_path):
    extra = tmp_path / "framing.yaml"
    extra.write_text("language: en\nlabels:\n  - {label: reliable, dimension: trust, cues: ['\\bsteadfast\\b']}\n",
                     encoding="utf-8")
    monkeypatch.setenv("RASHOMON_FRAMING", str(extra))
    cmp.framing_lexicon.cache_clear()
    try:
        assert any(c.pattern.search("a steadfast ally") for c in cmp.framing_lexicon("en").cues)
        assert not any(c.pattern.search("a steadfast ally") for c in cmp.framing_lexicon("ja").cues)
        extra.write_text("labels:\n  - {label: broken, cues: ['(unclosed']}\n", encoding="utf-8")
        cmp.framing_lexicon.cache_clear()
        with pytest.raises(ValueError, match="framing.yaml: bad framing entry"):
            cmp.framing_lexicon("en")
    finally:
        monkeypatch.delenv("RASHOMON_FRAMING")
        cmp.framing_lexicon.cache_clear()


def test_a_passing_mention_does_not_join_two_stories():
    from rashomon.records import ActorRef, Document, Event, EventMention
    from rashomon.store import StoredDocument

    docs = {h: StoredDocument(i, Document(path=h, text="", content_hash=h)) for i, h in enumerate("abcd", 1)}

    def event(i: str, mentions: dict[str, int]) -> Event:
        ms = [EventMention("CONSULT", [ActorRef("x", code="JPN")], document=h, sentence=k)
              for h, n in mentions.items() for k in range(n)]
        return Event(i, "CONSULT", [], [], [], [], None, None, "happened", ms)

    # a and b are about one summit, c and d about another; d mentions the first summit once
    events = [event("s1", {"a": 3, "b": 2, "d": 1}), event("s2", {"c": 2, "d": 3})]
    assert cmp._stories(events, docs) == [[1, 2], [3, 4]]
    # sharing two events joins them
    events.append(event("s3", {"b": 1, "d": 1}))
    assert cmp._stories(events, docs) == [[1, 2, 3, 4]]


def test_figures_of_one_kind_of_event_and_not_running_totals():
    assert cmp.figures("会談は約2時間行われた。", "ja", "ASSAULT") == []
    assert [k for k, _ in cmp.figures("会談は約2時間行われた。", "ja", "CONSULT")] == ["duration"]
    assert cmp.figures("8回の攻撃での死者は少なくとも34人という。", "ja", "ASSAULT") == []
    assert cmp.figures("11 people were killed in the strike.", "en", "ASSAULT")[0][1].low == 11
    assert cmp.figures("A total of 43 people have been killed so far.", "en", "ASSAULT") == []
