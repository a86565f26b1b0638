"""Scenario files: YAML validation with line numbers, KTAB SMP CSV import, the shipped example."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.forecast.scenario import ScenarioError, load_ktab_csv, load_scenario, parse_scenario

ALASKA = Path(__file__).resolve().parents[1] / "src" / "rashomon" / "data" / "scenarios" / "alaska.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

GOOD = """\
name: test
actors:
  - id: A
    capability: 10
  - id: B
    capability: {value: 5, range: [2, 8]}
issues:
  - id: x
    name: The x issue
    anchors: {0: none, 100: all}
    status_quo: 20
positions:
  A:
    x: {position: 10, salience: 90}
  B:
    x:
      position: {value: 80, range: [60, 90], evidence: [{doc: 000_abc, sentence: 3, note: "B wants more"}]}
      salience: 40
"""


def test_good_scenario_parses():
    scen = parse_scenario(GOOD, "good.yaml")
    assert [a.id for a in scen.actors] == ["A", "B"]
    inp = scen.issue_input("x")
    assert (
        list(inp.positions) == [10, 80]
        and list(inp.saliences) == [90, 40]
        and list(inp.capabilities) == [10, 5]
    )
    assert inp.status_quo == 20
    b = scen.stances[1].position
    assert (b.low, b.high) == (60, 90) and b.evidence[0].doc == "000_abc" and b.evidence[0].sentence == 3
    assert scen.issue("x").anchors == {0.0: "none", 100.0: "all"}


def _error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, "bad.yaml")
    return exc.value


def test_missing_actor_names_line():
    err = _error(GOOD.replace("  B:\n    x:\n", "  C:\n    x:\n"))
    assert err.problems == [(15, "positions given for actor 'C', which is not in the actors list")]
    assert "bad.yaml:15:" in str(err)


def test_salience_out_of_range_names_line():
    err = _error(GOOD.replace("salience: 90", "salience: 120"))
    ((line, msg),) = err.problems
    assert line == 14 and "salience" in msg and "120" in msg and "0-100" in msg


def test_unknown_issue_names_line():
    err = _error(GOOD.replace("    x: {position: 10", "    y: {position: 10"))
    assert err.problems == [(14, "actor 'A': unknown issue 'y'")]


def test_other_problems_are_all_reported():
    bad = GOOD.replace("capability: 10", "capability: -1").replace("position: 10", "position: 101")
    err = _error(bad)
    lines = sorted(line for line, _ in err.problems)
    assert lines == [4, 14]
    assert "bad.yaml:4:" in str(err) and "bad.yaml:14:" in str(err)


def test_range_must_contain_value_and_yaml_errors_have_lines():
    err = _error(GOOD.replace("range: [60, 90]", "range: [85, 90]"))
    assert err.problems[0][0] == 17 and "outside its range" in err.problems[0][1]
    err = _error(GOOD.replace("  - id: A\n", "  - id: A\n   bad: [\n"))
    assert err.problems[0][0] is not None and "YAML" in err.problems[0][1]
    err = _error(GOOD.replace("  B:\n    x:\n", "  A:\n    x:\n"))
    assert err.problems[0][0] == 15 and "duplicate" in err.problems[0][1]


KTAB = """\
Test scen ,"A small test scenario",3,2,
Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,
Alpha, First actor, 100.0, 20.0, 50.0, 70.0, 30.0,
Beta, Second actor,  50.0, 80.0, 25.0, 10.0, 60.0,
Gamma, Third actor,  25.0, 40.0, 90.0, 55.0, 10.0
"""


def test_ktab_import(tmp_path):
    p = tmp_path / "smp.csv"
    p.write_text(KTAB)
    scen = load_ktab_csv(p)
    assert scen.name == "Test scen" and scen.description == "A small test scenario"
    assert [a.id for a in scen.actors] == ["Alpha", "Beta", "Gamma"]
    assert [a.capability.value for a in scen.actors] == [100, 50, 25]
    assert [i.name for i in scen.issues] == ["Pstn1", "Pstn2"]
    d2 = scen.issue_input("dim2")
    assert list(d2.positions) == [70, 10, 55] and list(d2.saliences) == [30, 60, 10]
    assert load_scenario(p).actors == scen.actors  # dispatch on the suffix


def test_ktab_errors_name_lines(tmp_path):
    p = tmp_path / "smp.csv"
    p.write_text(KTAB.replace("10.0, 60.0,", "10.0, 160.0,"))
    with pytest.raises(ScenarioError) as exc:
        load_ktab_csv(p)
    assert exc.value.problems[0][0] == 4 and "salience" in exc.value.problems[0][1]
    p.write_text(KTAB.replace(",3,2,", ",4,2,"))
    with pytest.raises(ScenarioError, match=r"smp.csv:1: nActors is 4 but 3"):
        load_ktab_csv(p)


def test_shipped_alaska_scenario(tmp_path):
    scen = load_scenario(ALASKA)
    ids = {a.id for a in scen.actors}
    assert {"US", "RU", "UA", "EU", "CN", "IN"} <= ids
    assert {i.id for i in scen.issues} == {
        "ceasefire",
        "territory",
        "nato",
        "sanctions",
        "arctic",
        "armscontrol",
    }
    for issue in scen.issues:  # every actor takes a position on every issue, with a range
        stances = [s for s in scen.stances if s.issue == issue.id]
        assert {s.actor for s in stances} == ids
        assert all(s.position.uncertain and s.salience.uncertain for s in stances)
        assert issue.anchors
    evidence = [e for s in scen.stances for e in s.position.evidence]
    evidence += [e for a in scen.actors for e in a.capability.evidence]
    assert len(evidence) >= 20
    for e in evidence:  # references, never quotations: a short English note
        assert e.sentence is not None and e.note and len(e.note.split()) <= 8 and e.note.isascii()
    if SEEDS.exists():  # the cited documents and sentences exist in the store, as rashomon splits them
        from rashomon.forecast.cli import resolve_evidence
        from rashomon.pipeline import analyze_paths
        from rashomon.store import Store

        db = tmp_path / "seeds.sqlite"
        analyze_paths([SEEDS], Store(db))
        cited = resolve_evidence(scen, db)
        assert len(cited) >= 20
        assert all(text for _, _, text in cited), [(w, e) for w, e, t in cited if not t]
