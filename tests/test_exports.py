"""PLOVER JSON Lines field by field; typed CSV/Parquet event tables with their mentions tables."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from rashomon import cameo, plover
from rashomon.cli import app
from rashomon.records import BLOCK_KINDS, EVENT_STATUSES

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "x.sqlite"
    run("analyze", str(EXAMPLES), "--db", str(path))
    return path


@pytest.fixture(scope="module")
def plover_events(db) -> list[dict]:
    return [json.loads(line) for line in run("export", "--db", str(db), "-f", "plover").stdout.splitlines()]


def check_actor(a: dict) -> None:
    assert set(a) >= {"code", "sector", "actor_text", "identifier_text", "entity_text", "office"}
    assert a["actor_text"] == a["entity_text"] and a["actor_text"]
    assert a["code"] is None or (len(a["code"]) == 3 and a["code"].isupper())
    assert a["sector"] is None or (a["sector"].isalpha() and a["sector"].isupper())


def test_plover_records_carry_every_field_of_the_manual(plover_events):
    assert plover_events
    ids = [e["id"] for e in plover_events]
    assert len(ids) == len(set(ids))
    for e in plover_events:
        assert e["has_event"] is True
        assert e["date"] is None or dt.date.fromisoformat(e["date"])
        assert e["time"] is None
        assert isinstance(e["event"], list) and len(e["event"]) == 1 and e["event"][0] in plover.CATEGORIES
        assert plover.validate(e["event"][0], e["mode"], e["context"]) == []
        assert e["source"] == e["actor"] and e["actor"]
        for a in e["actor"] + e["recipient"]:
            check_actor(a)
        assert e["quad_code"] == plover.quad_class(e["event"][0])
        assert e["event_scale"] == cameo.goldstein(e["cameo"]) and -10 <= e["event_scale"] <= 10
        assert e["status"] in EVENT_STATUSES and e["status"] != "negated"
        assert e["event_text"] and all(isinstance(t, str) and t for t in e["event_text"])
        first = e["mentions"][0]
        assert e["text_info"] == {"sequence": first["sentence"], "start": first["start"], "end": first["end"]}
        assert set(e["cite_info"]) >= {"url", "title", "language", "publication"}
        assert e["cite_info"]["language"] in ("ja", "en")
        assert e["coder"].startswith("rashomon ") and dt.date.fromisoformat(e["coded_date"])
        for m in e["mentions"]:
            assert m["text"] and m["block"] in BLOCK_KINDS
        loc = e["event_loc"]
        if loc is not None:
            assert set(loc) >= {"identifier_text", "name", "latitude", "longitude", "cc3"}
    anchorage = [e for e in plover_events if (e["event_loc"] or {}).get("name") == "Anchorage"]
    assert anchorage and anchorage[0]["event_loc"]["latitude"] == pytest.approx(61.2, abs=0.1)
    assert anchorage[0]["event_loc"]["cc3"] == "USA"
    # an office is the role the dictionary gives the person on the event's day
    trump = next(a for e in plover_events for a in e["actor"] if a["identifier_text"] == "Donald Trump")
    assert trump["office"] == "President of the United States"
    # a document URL is cited where the document has one
    assert any((e["cite_info"]["url"] or "").startswith("https://") for e in plover_events)


def test_parquet_events_and_mentions_have_real_types(db, tmp_path):
    out = tmp_path / "ev.parquet"
    run("export", "--db", str(db), "-f", "parquet", "-o", str(out))
    events = pq.read_table(out)
    schema = events.schema
    for col in ("mode", "context", "actors", "actor_codes", "recipients", "sources", "documents", "urls"):
        assert pa.types.is_list(schema.field(col).type), col
    assert pa.types.is_date32(schema.field("date").type)
    assert pa.types.is_integer(schema.field("num_mentions").type)
    assert pa.types.is_floating(schema.field("goldstein").type)
    rows = events.to_pylist()
    assert any(len(r["actors"]) > 1 for r in rows)
    assert all(isinstance(r["date"], dt.date) for r in rows if r["date"] is not None)
    mentions = pq.read_table(tmp_path / "ev.mentions.parquet").to_pylist()
    assert len(mentions) == sum(r["num_mentions"] for r in rows)
    by_event = {r["event_id"]: r for r in rows}
    for m in mentions:
        assert m["event_id"] in by_event and m["text"] and m["document_id"] >= 1
        assert m["end"] > m["start"] and m["path"] in by_event[m["event_id"]]["documents"]
        assert m["publication_date"] is None or isinstance(m["publication_date"], dt.date)


def test_csv_lists_are_json_and_mentions_sit_beside(db, tmp_path):
    out = tmp_path / "ev.csv"
    run("export", "--db", str(db), "-f", "csv", "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows
    for r in rows:
        actors = json.loads(r["actors"])
        assert isinstance(actors, list) and all(isinstance(a, str) for a in actors)
        assert len(json.loads(r["actor_codes"])) == len(actors)
        assert r["date"] == "" or dt.date.fromisoformat(r["date"])
        assert int(r["num_articles"]) <= int(r["num_mentions"])
    mentions = list(csv.DictReader((tmp_path / "ev.mentions.csv").open(encoding="utf-8")))
    assert len(mentions) == sum(int(r["num_mentions"]) for r in rows)
