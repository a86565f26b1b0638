"""One event, many mentions: merging across sentences and documents, and keeping apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.gazetteer import default_gazetteer
from rashomon.merge import merge
from rashomon.pipeline import analyze_text

HEADER = "見出しの行です\n2025年8月20日\n\n"


def _events(*bodies: str):
    mentions = []
    for i, body in enumerate(bodies):
        d = analyze_text(HEADER + body + "\n", f"doc{i}.txt")
        mentions += d.events
    return merge(mentions, default_gazetteer())


def _consults(events):
    return [e for e in events if e.event == "CONSULT"]


def test_two_accounts_of_one_meeting_merge():
    events = _events(
        "トランプ大統領とプーチン大統領は8月15日、アラスカ州アンカレッジで会談した。",
        "米露首脳は2025年8月15日、エルメンドルフ・リチャードソン統合基地で会談した。",
    )
    (summit,) = _consults(events)
    assert summit.date == "2025-08-15"
    assert summit.place == "Joint Base Elmendorf-Richardson"  # the most specific place
    assert len({m.document for m in summit.mentions}) == 2


def test_different_meetings_of_the_same_pair_stay_apart():
    events = _events(
        "トランプ大統領とプーチン大統領は2018年7月16日、ヘルシンキで会談した。",
        "トランプ大統領とプーチン大統領は2019年6月28日、大阪で会談した。",
        "トランプ大統領とプーチン大統領は2025年8月15日、アンカレッジで会談した。",
    )
    consults = _consults(events)
    assert sorted(e.date for e in consults) == ["2018-07-16", "2019-06-28", "2025-08-15"]
    assert {e.place for e in consults} == {"Helsinki", "Osaka", "Anchorage"}


def test_a_possible_meeting_does_not_join_the_one_that_happened():
    events = _events(
        "ウィトコフ特使とプーチン大統領は8月6日、モスクワで会談した。",
        "トランプ大統領が示唆したモスクワでのプーチン大統領との会談が実現するかどうかが焦点だ。",
    )
    consults = _consults(events)
    assert len(consults) == 2
    assert {e.status for e in consults} == {"happened", "hypothetical"}


def test_a_vague_mention_joins_only_its_own_document():
    events = _events(
        "トランプ大統領とプーチン大統領は8月15日、アラスカで会談した。両首脳の会談は3時間に及んだ。",
        "トランプ大統領とプーチン大統領の会談について専門家が議論した。",
    )
    consults = _consults(events)
    dated = [e for e in consults if e.date]
    assert len(dated) == 1 and len(dated[0].mentions) >= 2
    assert all(len({m.document for m in e.mentions}) == 1 for e in consults)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not beside the project")
def test_seeds_anchorage_summit_is_one_event_across_all_documents(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "seeds.sqlite"
    first = json.loads(runner.invoke(app, ["analyze", str(SEEDS), "--db", str(db), "--json"]).stdout)
    assert len(first["added"]) == 5
    again = json.loads(runner.invoke(app, ["analyze", str(SEEDS), "--db", str(db), "--json"]).stdout)
    assert again["added"] == [] and again["duplicates"] == 5 and again["stats"]["documents"] == 5

    events = json.loads(runner.invoke(app, ["events", "--category", "CONSULT", "--db", str(db), "--json"]).stdout)
    summit = [e for e in events if e["date"] == "2025-08-15" and {"Donald Trump", "Vladimir Putin"} <= set(e["actors"])]
    assert len(summit) == 1
    assert summit[0]["sources"] == 5
    assert summit[0]["place"] == "Joint Base Elmendorf-Richardson"
    witkoff = [e for e in events if "Steve Witkoff" in e["actors"]]
    assert any(e["date"] == "2025-08-06" and e["place"] == "Moscow" for e in witkoff)
    washington = [e for e in events if e["date"] == "2025-08-18" and e["place"] == "Washington"]
    assert washington and "Ukraine" in washington[0]["actors"]

    hits = json.loads(runner.invoke(app, ["search", "プーチン", "--literal", "--db", str(db), "--json"]).stdout)
    assert hits and all("プーチン" in h["passage"] for h in hits)
    alaska = json.loads(runner.invoke(app, ["search", "Alaska", "--literal", "--db", str(db), "--json"]).stdout)
    assert alaska and all("Alaska" in h["passage"] for h in alaska)
    # through the dictionary a name finds both languages' spellings
    both = json.loads(runner.invoke(app, ["search", "Alaska", "--limit", "100", "--db", str(db), "--json"]).stdout)
    assert any("Alaska" in h["passage"] for h in both) and any("アラスカ" in h["passage"] for h in both)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not beside the project")
def test_jsonl_export_validates_against_the_evaluation_schema(tmp_path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SEEDS.parents[1] / "eval" / "schema.json").read_text(encoding="utf-8"))
    runner = CliRunner()
    db, out = tmp_path / "s.sqlite", tmp_path / "e.jsonl"
    runner.invoke(app, ["analyze", str(SEEDS), "--db", str(db), "--json"])
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    for row in rows:
        jsonschema.validate(row, schema)
        text = Path(row["path"]).read_text(encoding="utf-8")
        for item in row["entities"] + row["time_expressions"]:
            assert text[item["start"]:item["end"]] == item["text"]


def test_statements_in_the_press_conference_paragraph_take_its_day():
    d = analyze_text(HEADER + "トランプ大統領とプーチン大統領は8月15日、アンカレジで会談した。\n\n"
                     "会談のあと、両首脳は記者会見に臨み、プーチン大統領は「合意は近い」と述べた。"
                     "一方、トランプ大統領は「合意するまでは合意はない」と述べた。\n\n"
                     "ゼレンスキー大統領は「領土は譲らない」と述べた。\n", "doc.txt")
    dates = {s.speaker.identifier_text: s.date for s in d.statements}
    assert dates["Vladimir Putin"] == dates["Donald Trump"] == "2025-08-15"
    # another paragraph, no day given: none assumed
    assert dates["Volodymyr Zelensky"] is None


def test_after_the_summit_is_not_at_it():
    d = analyze_text("Navies hold drills near Alaska\n\nPublished On 31 Aug 2025\n\n"
                     "Marco Rubio met Andrii Sybiha in Washington on Friday.\n\n"
                     "Russia and China held joint naval patrols in the North Pacific days after the summit.\n", "doc.txt")
    patrol = next(m for m in d.events if m.trigger.startswith("joint"))
    assert patrol.date is None



def test_talks_to_come_told_in_the_same_text_stay_apart_from_the_talks_held():
    body = "日本と韓国は3日、ソウルで外相協議を行った。日本と韓国は来月にも再び協議を行う予定だ。"
    assert sorted(e.status for e in _consults(_events(body))) == ["happened", "scheduled"]


def test_undated_talks_at_a_venue_do_not_join_other_parties_talks_there():
    events = _events(
        "ペルーとチリは2025年6月5日、米国の仲介でホワイトハウスで協定に署名した。",
        "ケニアとエチオピアは米国の仲介で、ホワイトハウスで協定に署名した。",
    )
    talks = _consults(events)  # the mediator, the United States, is the one party both share
    assert len(talks) == 2
    assert all(len({m.document for m in e.mentions}) == 1 for e in talks)


def test_talks_of_two_leaders_on_a_summits_margin_are_their_own_event():
    body = (
        "主要7カ国首脳会議(G7サミット)が開幕し、石破首相やトランプ大統領、マクロン大統領らが出席した。"
        "会期中、石破首相はトランプ大統領と日米首脳会談を行った。"
    )
    talks = _consults(_events(body))
    assert len(talks) == 2
    assert any(any(a.code == "G7" or a.sector == "IGO" for a in e.actors) for e in talks)
    assert any(all(a.sector != "IGO" for a in e.actors) for e in talks)
