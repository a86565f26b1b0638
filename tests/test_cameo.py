"""CAMEO export as GDELT 2.0 lays out its event table: full codes, actor pairs, sources."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLES, SEEDS
from typer.testing import CliRunner

from rashomon import cameo, plover
from rashomon.cli import app
from rashomon.records import ActorRef, Event, EventMention

runner = CliRunner()

# The GDELT 2.0 Event Codebook's fields and types, as an analyst loads a GDELT export
GDELT2_DTYPES = {
    "GLOBALEVENTID": "int64", "SQLDATE": "Int64", "MonthYear": "Int64", "Year": "Int64", "FractionDate": "float64",
    **{f"Actor{i}{f}": "string" for i in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")},
    "IsRootEvent": "int64", "EventCode": "string", "EventBaseCode": "string", "EventRootCode": "string",
    "QuadClass": "int64", "GoldsteinScale": "float64", "NumMentions": "int64", "NumSources": "int64",
    "NumArticles": "int64", "AvgTone": "float64",
    **{k: v for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for k, v in (
        (f"{g}_Type", "int64"), (f"{g}_FullName", "string"), (f"{g}_CountryCode", "string"),
        (f"{g}_ADM1Code", "string"), (f"{g}_ADM2Code", "string"), (f"{g}_Lat", "float64"),
        (f"{g}_Long", "float64"), (f"{g}_FeatureID", "string"))},
    "DATEADDED": "int64", "SOURCEURL": "string",
}


def actor(name: str, code: str | None, sector: str | None = None) -> ActorRef:
    return ActorRef(name, name, code, sector)


def event(cat: str, actors: list[ActorRef], recipients: list[ActorRef] | None = None, mode: list[str] | None = None,
          context: list[str] | None = None, trigger: str = "", status: str = "happened") -> Event:
    m = EventMention(cat, actors, recipients or [], mode or [], context or [], trigger=trigger, status=status)
    return Event("0123456789ab", cat, actors, recipients or [], mode or [], context or [], "2025-08-15", None,
                 status, [m])


TRUMP, PUTIN = actor("Donald Trump", "USA", "GOV"), actor("Vladimir Putin", "RUS", "GOV")
USA, RUS, UKR = actor("United States", "USA"), actor("Russia", "RUS"), actor("Ukraine", "UKR")


def test_the_reverse_crosswalk_agrees_with_plovers_crosswalk():
    cw = cameo.crosswalk()
    table = cameo.goldstein_table()
    assert len(cw) > 250 and cw["1384"]["category"] == "THREATEN"
    for cat, rules in cameo.rules().items():
        assert cat in plover.CATEGORIES
        assert rules[-1].mode == rules[-1].context == "" and rules[-1].trigger is None and rules[-1].sector is None, \
            f"{cat} has no catch-all last row"
        for r in rules:
            assert r.cameo in table, r
            assert len(r.cameo) in (3, 4)
            if r.mode:
                assert r.mode in plover.CATEGORIES[cat].modes, r
            source = cw.get(r.cameo)
            if not r.note:  # a row without a note reads the crosswalk back exactly
                assert source is not None and plover.canonical(source["category"]) == cat, r
                # the 2021 crosswalk writes some of PLOVER 0.7's modes (economic aid) in its context column
                assert not r.mode or r.mode in (source["mode"], *source["context"].split(";")), r
    # every mode PLOVER defines gets a code the crosswalk gives its category, or a noted one
    for cat, c in plover.CATEGORIES.items():
        for mode in ("", *c.modes):
            code = cameo.event_code(event(cat, [USA], [RUS], [mode] if mode else []))
            back = cw.get(code)
            assert (back and plover.canonical(back["category"]) == cat) or any(
                r.cameo == code and r.note for r in cameo.rules()[cat]), (cat, mode, code)


@pytest.mark.parametrize(("cat", "mode", "context", "trigger", "sector", "code"), [
    ("ASSAULT", "firearms", [], "", "MIL", "193"),
    ("ASSAULT", "heavy-weapons", [], "missile strikes", "MIL", "195"),
    ("ASSAULT", "heavy-weapons", [], "shelled", "MIL", "194"),
    ("ASSAULT", "unconventional", [], "", None, "200"),
    ("ASSAULT", None, [], "ドローン攻撃", "MIL", "195"),
    ("ASSAULT", None, [], "attacked", "MIL", "190"),
    ("ASSAULT", None, [], "stabbed", "CVL", "180"),
    ("REQUEST", "meet", [], "proposed", "GOV", "026"),
    ("REQUEST", "meet", [], "demanded", "GOV", "106"),
    ("REQUEST", None, [], "求めた", "GOV", "020"),
    ("REQUEST", None, [], "要求した", "GOV", "100"),
    ("ACCUSE", "investigate", [], "launched an investigation", "GOV", "090"),
    ("ACCUSE", "disapprove", [], "criticized", "GOV", "111"),
    ("CONSULT", "phone", [], "電話会談", "GOV", "041"),
    ("CONSULT", "visit", [], "visited", "GOV", "042"),
    ("SANCTION", None, [], "制裁", "IGO", "163"),
    ("AGREE", None, [], "signed", "GOV", "057"),
    ("RETREAT", "ceasefire", [], "", "MIL", "0871"),
])
def test_full_cameo_codes_from_category_mode_and_trigger(cat, mode, context, trigger, sector, code):
    e = event(cat, [actor("A", "RUS", sector)], [UKR], [mode] if mode else [], context, trigger)
    assert cameo.event_code(e) == code


def test_goldstein_and_quad_class_follow_the_code():
    assert cameo.goldstein("026") == 4.0 and cameo.quad_class("026") == 1  # a proposal to meet: cooperation
    assert cameo.goldstein("106") == -5.0 and cameo.quad_class("106") == 3
    assert cameo.goldstein("195") == -10.0 and cameo.quad_class("195") == 4
    assert cameo.goldstein("090") == -2.0 and cameo.quad_class("090") == 3
    assert cameo.goldstein("0874") == 10.0 and cameo.quad_class("0874") == 2
    with pytest.raises(KeyError):
        cameo.goldstein("99")


def names(pairs) -> set[tuple[str, str]]:
    return {(a.identifier_text if a else "", b.identifier_text if b else "") for a, b in pairs}


def test_a_meeting_without_recipient_pairs_its_sides_not_a_state_with_its_leader():
    pairs = cameo.actor_pairs(event("CONSULT", [TRUMP, USA, RUS, PUTIN]))
    assert names(pairs) == {("Donald Trump", "Vladimir Putin"), ("Vladimir Putin", "Donald Trump")}
    # three states meeting: every ordered pair, never one with itself
    three = cameo.actor_pairs(event("CONSULT", [USA, RUS, UKR]))
    assert len(three) == 6 and all(a is not b for a, b in three)


def test_a_one_sided_act_without_recipient_is_each_actor_alone():
    pairs = cameo.actor_pairs(event("ACCUSE", [UKR, actor("Volodymyr Zelensky", "UKR", "GOV")]))
    assert names(pairs) == {("Volodymyr Zelensky", "")}
    assert names(cameo.actor_pairs(event("THREATEN", [USA, RUS]))) == {("United States", ""), ("Russia", "")}


def test_actors_times_recipients_and_never_with_itself():
    pairs = cameo.actor_pairs(event("SANCTION", [actor("European Union", "EUR", "IGO"), USA], [RUS, USA]))
    assert names(pairs) == {("European Union", "Russia"), ("European Union", "United States"),
                            ("United States", "Russia")}


def test_action_geo_of_a_dictionary_place():
    from rashomon.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    g = cameo.place_geo("Anchorage", gaz)
    assert (g.type, g.country, g.full_name) == (3, "USA", "Anchorage, Alaska, United States")
    assert g.lat == pytest.approx(61.2, abs=0.1) and g.lon == pytest.approx(-149.9, abs=0.1)
    assert cameo.place_geo("Tokyo", gaz).type == 4
    assert cameo.place_geo("Alaska", gaz).type == 2
    assert cameo.place_geo(None, gaz).type == 0
    for place in cameo.coordinates():
        assert place in gaz.entries, place


def export_cameo(db: Path, *extra: str) -> str:
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "cameo", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "c.sqlite"
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--db", str(path)]).exit_code == 0
    return path


def test_cameo_file_loads_as_a_gdelt_2_event_table(db):
    text = export_cameo(db)
    df = pd.read_csv(io.StringIO(text), sep="\t", dtype=GDELT2_DTYPES, keep_default_na=False,
                     na_values={c: [""] for c, t in GDELT2_DTYPES.items() if t != "string"})
    assert list(df.columns[:61]) == list(GDELT2_DTYPES)
    assert list(df.columns[61:]) == ["PLOVEREvent", "PLOVERMode", "Status", "EventID"]
    assert len(df) > 10 and df["GLOBALEVENTID"].is_unique
    assert df["EventCode"].str.len().between(3, 4).all()
    assert (df["EventRootCode"] == df["EventCode"].str[:2]).all()
    assert (df["EventBaseCode"] == df["EventCode"].str[:3]).all()
    assert df["GoldsteinScale"].tolist() == [cameo.goldstein(c) for c in df["EventCode"]]
    assert df["QuadClass"].tolist() == [cameo.quad_class(c) for c in df["EventCode"]]
    assert (df["SQLDATE"] // 100 == df["MonthYear"]).all() and (df["MonthYear"] // 100 == df["Year"]).all()
    assert (df["NumMentions"] >= df["NumArticles"]).all() and (df["NumArticles"] >= df["NumSources"]).all()
    assert (df["DATEADDED"] > 20250000000000).all()
    assert (df["Status"] == "happened").all()  # planned and hypothetical events are opt-in
    # the codes are not roots only, and not one per category
    assert df["EventCode"].nunique() > len(df["PLOVEREvent"].unique())
    # no row pairs an actor with itself
    assert not (df["Actor1Name"] == df["Actor2Name"]).any()
    # a document's URL, when it has one, is the source URL
    assert df["SOURCEURL"].str.startswith("https://").sum() > len(df) / 2
    anchorage = df[df["ActionGeo_FullName"].str.startswith("Anchorage", na=False)]
    assert len(anchorage) and anchorage["ActionGeo_Lat"].notna().all() and (anchorage["ActionGeo_Type"] == 3).all()


def test_status_option_makes_planned_events_opt_in(db):
    rows = list(csv.DictReader(io.StringIO(export_cameo(db, "--status", "scheduled,hypothetical")), delimiter="\t"))
    assert rows and {r["Status"] for r in rows} <= {"scheduled", "hypothetical"}
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "cameo", "--status", "planned"])
    assert bad.exit_code == 2 and "happened" in bad.stderr


def test_seeds_no_state_paired_with_its_own_leader(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the project")
    db = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["analyze", str(SEEDS), "--db", str(db)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(export_cameo(db, "--status", "happened,scheduled,hypothetical")),
                               delimiter="\t"))
    assert rows
    for r in rows:
        assert r["Actor1Name"] != r["Actor2Name"], r
        bare = {r["Actor1Code"], r["Actor2Code"]} & {r["Actor1CountryCode"], r["Actor2CountryCode"]}
        if r["Actor2Code"] and r["Actor1CountryCode"] == r["Actor2CountryCode"]:
            # a state with one of its own officials only where the text names that state as recipient
            assert not bare or r["PLOVEREvent"] not in ("CONSULT", "AGREE", "COOPERATE"), r
    summit = [r for r in rows if r["EventCode"].startswith("04") and "Anchorage" in r["ActionGeo_FullName"]]
    assert {(r["Actor1Name"], r["Actor2Name"]) for r in summit} >= {("Donald Trump", "Vladimir Putin")}


def test_statements_as_make_statement_rows_and_a_headerless_file(db):
    text = export_cameo(db, "--statements", "--no-header")
    lines = text.splitlines()
    assert all(len(line.split("\t")) == 65 for line in lines)
    df = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=[*GDELT2_DTYPES, "PLOVEREvent", "PLOVERMode",
                     "Status", "EventID"], dtype=GDELT2_DTYPES, keep_default_na=False,
                     na_values={c: [""] for c, t in GDELT2_DTYPES.items() if t != "string"})
    assert df["GLOBALEVENTID"].is_unique
    said = df[df["EventCode"] == "010"]
    statements = json.loads(runner.invoke(app, ["statements", "--db", str(db), "--json"]).stdout)
    assert len(said) == len(statements) > 0
    assert set(said["Actor1Name"]) == {s["speaker"] for s in statements}
    assert (said["QuadClass"] == 1).all() and (said["GoldsteinScale"] == 0.0).all()
    assert len(df) - len(said) == len(pd.read_csv(io.StringIO(export_cameo(db)), sep="\t"))
