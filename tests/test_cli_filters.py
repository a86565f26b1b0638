"""Filters that say what is wrong instead of returning nothing; `event ID` and `statements`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.gazetteer import default_gazetteer
from rashomon.query import FilterError, parse_date, resolve_place

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def events_json(db: Path, *args: str) -> list[dict]:
    result = run("events", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "f.sqlite"
    assert run("analyze", str(EXAMPLES), "--db", str(path)).exit_code == 0
    return path


@pytest.mark.parametrize("value", ["15/08/2025", "2025-13-01", "2025-02-30", "2025-8-1", "yesterday", "２０２５-08-01"])
def test_a_date_that_is_not_iso_is_an_error(db, value):
    for option in ("--since", "--until"):
        result = run("events", "--db", str(db), option, value)
        assert result.exit_code == 2
        assert repr(value) in result.stderr and "YYYY-MM-DD" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_iso_dates_and_prefixes_filter(db):
    august = events_json(db, "--since", "2025-08", "--until", "2025-08")
    assert august and all(e["date"].startswith("2025-08") for e in august)
    later = events_json(db, "--since", "2025-08-16")
    assert later and all(e["date"] >= "2025-08-16" for e in later)
    backwards = run("events", "--db", str(db), "--since", "2025-09-01", "--until", "2025-08")
    assert backwards.exit_code == 2 and "after" in backwards.stderr
    assert parse_date("2025") == "2025"
    with pytest.raises(FilterError):
        parse_date("2025-00")


def test_unknown_category_and_status_list_the_valid_values(db):
    bad = run("events", "--db", str(db), "--category", "FOO")
    assert bad.exit_code == 2 and "'FOO'" in bad.stderr and "CONSULT" in bad.stderr and "ASSAULT" in bad.stderr
    bad = run("timeline", "--db", str(db), "--status", "done")
    assert bad.exit_code == 2 and "'done'" in bad.stderr and "happened" in bad.stderr and "hypothetical" in bad.stderr
    # an older PLOVER name is the category it became
    assert events_json(db, "--category", "demand") == events_json(db, "--category", "REQUEST")


def test_status_filter(db):
    everything = events_json(db)
    assert {e["status"] for e in everything} >= {"happened", "scheduled"}
    happened = events_json(db, "--status", "happened")
    assert happened and all(e["status"] == "happened" for e in happened)
    planned = events_json(db, "--status", "scheduled,hypothetical")
    assert planned and all(e["status"] in ("scheduled", "hypothetical") for e in planned)
    assert len(happened) + len(planned) + len(events_json(db, "--status", "negated")) == len(everything)


def test_actor_by_any_name_in_either_language_and_any_case(db):
    full = events_json(db, "--actor", "Vladimir Putin")
    assert full
    ids = {e["id"] for e in full}
    for name in ("Putin", "putin", "PUTIN", "プーチン", "ｐｕｔｉｎ"):
        assert {e["id"] for e in events_json(db, "--actor", name)} == ids, name
    # a code still finds the state's people and bodies, in any case
    assert ids <= {e["id"] for e in events_json(db, "--actor", "RUS")}
    assert events_json(db, "--actor", "rus") == events_json(db, "--actor", "RUS")
    # a name the dictionary does not hold is said to be one when nothing matches
    unknown = run("events", "--db", str(db), "--actor", "Nobody Atall")
    assert unknown.exit_code == 0 and "'Nobody Atall'" in unknown.stderr and "dictionary" in unknown.stderr


def test_dyad_by_names(db):
    both = events_json(db, "--dyad", "trump,プーチン")
    assert both and all({"Donald Trump", "Vladimir Putin"} <= set(e["actors"] + e["recipients"]) for e in both)
    bad = run("events", "--db", str(db), "--dyad", "USA")
    assert bad.exit_code == 2 and "'USA'" in bad.stderr


def test_source_any_case_and_unknown_source_is_an_error(db):
    exact = events_json(db, "--source", "Continental Wire")
    assert exact
    assert events_json(db, "--source", "continental WIRE") == exact
    bad = run("events", "--db", str(db), "--source", "Contnental Wire")
    assert bad.exit_code == 2 and "Continental Wire" in bad.stderr  # the known outlets are listed


def test_place_filter_by_name_region_or_state(db):
    tokyo = events_json(db, "--place", "Tokyo")
    assert tokyo and all(e["place"] == "Tokyo" for e in tokyo)
    assert events_json(db, "--place", "東京") == tokyo
    in_japan = events_json(db, "--place", "Japan")
    assert {e["id"] for e in tokyo} <= {e["id"] for e in in_japan}
    assert all(e["place"] for e in in_japan)
    alaska = resolve_place(default_gazetteer(), "アラスカ")
    assert alaska.matches("Anchorage", default_gazetteer())
    assert not alaska.matches("Tokyo", default_gazetteer())


@pytest.mark.parametrize("command", [["events"], ["timeline"], ["search", "Putin"], ["show", "1"],
                                     ["export", "--format", "plover"], ["statements"], ["event", "abc"]])
def test_read_commands_refuse_a_missing_store(tmp_path, command):
    missing = tmp_path / "typo.sqlite"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in result.stderr and "no store" in result.stderr
    assert not missing.exists()


def test_event_shows_every_mention_with_its_sentence_and_source(db):
    evs = events_json(db)
    top = max(evs, key=lambda e: e["mentions"])
    result = run("event", top["id"][:10], "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert rec["id"] == top["id"] and rec["num_mentions"] == top["mentions"] == len(rec["mentions"])
    for m in rec["mentions"]:
        assert m["text"] and m["path"] and m["document_id"]
        assert m["trigger"] in m["text"] or m["trigger"] == ""
    text = run("event", top["id"], "--db", str(db))
    assert text.exit_code == 0 and rec["mentions"][0]["text"][:20] in text.stdout
    missing = run("event", "zzzz", "--db", str(db))
    assert missing.exit_code == 1 and "'zzzz'" in missing.stderr


def test_statements_by_speaker(db):
    result = run("statements", "--db", str(db), "--json")
    rows = json.loads(result.stdout)
    assert rows and all(r["text"] and r["speaker"] and r["path"] for r in rows)
    speaker = rows[0]["speaker"]
    entry = default_gazetteer().entries.get(speaker)
    other_name = next((n for n in (entry.ja if entry else []) if n), speaker)
    mine = json.loads(run("statements", "--db", str(db), "--json", "--speaker", other_name).stdout)
    assert mine and all(r["speaker"] == speaker for r in mine)
    assert len(mine) == sum(r["speaker"] == speaker for r in rows)
    assert run("statements", "--db", str(db), "--since", "2025/08/01").exit_code == 2
