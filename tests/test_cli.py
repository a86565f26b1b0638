"""The commands a user runs, end to end on the bundled examples and on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from rashomon import plover
from rashomon.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "t.sqlite"
    result = run("analyze", str(EXAMPLES), "--db", str(path), "--json")
    assert result.exit_code == 0, result.output
    return path


def test_analyze_reports_and_is_idempotent(db):
    again = run("analyze", str(EXAMPLES), "--db", str(db), "--json")
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert report["added"] == []
    assert report["duplicates"] == 5
    assert report["stats"]["documents"] == 5


def test_changed_file_becomes_a_new_version(tmp_path):
    store = tmp_path / "v.sqlite"
    f = tmp_path / "a.txt"
    f.write_text("見出しです\n\n日本と韓国の外相が東京で会談した。両氏は協力の強化で一致した。\n", encoding="utf-8")
    assert run("analyze", str(f), "--db", str(store)).exit_code == 0
    f.write_text("見出しです\n\n日本と韓国の外相がソウルで会談した。両氏は協力の強化で一致した。\n", encoding="utf-8")
    out = json.loads(run("analyze", str(f), "--db", str(store), "--json").stdout)
    assert out["versions"] == 1
    assert out["stats"]["documents"] == 2 and out["stats"]["latest_documents"] == 1


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (folder / "good.txt").write_text("見出しです\n\n米国とロシアの首脳が会談した。\n", encoding="utf-8")
    store = tmp_path / "b.sqlite"
    result = run("analyze", str(folder), "--db", str(store), "--json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("scan.pdf" in e and "PDF" in e for e in errors)
    assert json.loads(result.stdout)["stats"]["documents"] == 1


def test_search_japanese_and_english(db):
    ja = run("search", "プーチン", "--db", str(db), "--json")
    hits = json.loads(ja.stdout)
    assert hits and all("プーチン" in h["passage"] for h in hits)
    en = json.loads(run("search", "Slovakia", "--db", str(db), "--json").stdout)
    assert en and "Slovakia" in en[0]["passage"]


def test_show_with_blocks(db):
    result = run("show", "1", "--db", str(db), "--json")
    doc = json.loads(result.stdout)
    kinds = {b["kind"] for b in doc["blocks"]}
    assert "body" in kinds


def test_jsonl_export_fields_and_offsets(db, tmp_path):
    out = tmp_path / "e.jsonl"
    assert run("export", "--db", str(db), "--format", "jsonl", "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    for row in rows:
        for key in ("path", "language", "publication_date", "entities", "time_expressions", "events", "statements"):
            assert key in row
        text = Path(row["path"].split("#L")[0]).read_text(encoding="utf-8") if "#L" not in row["path"] else None
        if text is not None and row["format"] == "text":
            for item in row["entities"] + row["time_expressions"]:
                assert text[item["start"]:item["end"]] == item["text"]
    ja = next(r for r in rows if r["path"].endswith(".txt"))
    assert ja["publication_date"] == "2025-08-16"
    assert ja["authors"] == ["山田太郎"]


def test_plover_export_validates(db, tmp_path):
    out = tmp_path / "p.jsonl"
    assert run("export", "--db", str(db), "--format", "plover", "-o", str(out)).exit_code == 0
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events
    for e in events:
        assert set(e) >= {"id", "event", "mode", "context", "actor", "recipient", "date", "event_loc", "mentions"}
        (cat,) = e["event"]
        assert plover.validate(cat, e["mode"], e["context"]) == []
        assert e["mentions"] and all(m["text"] for m in e["mentions"])


def test_cameo_tsv_columns(db, tmp_path):
    out = tmp_path / "c.tsv"
    assert run("export", "--db", str(db), "--format", "cameo", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert rows
    for r in rows:
        assert r["EventRootCode"].isdigit() and len(r["EventRootCode"]) == 2
        assert r["QuadClass"] in {"1", "2", "3", "4"}
        assert -10 <= float(r["GoldsteinScale"]) <= 10


def test_parquet_and_csv_read_back(db, tmp_path):
    pq_path = tmp_path / "e.parquet"
    assert run("export", "--db", str(db), "--format", "parquet", "-o", str(pq_path)).exit_code == 0
    table = pq.read_table(pq_path)
    assert table.num_rows > 0 and "event" in table.column_names
    csv_path = tmp_path / "e.csv"
    assert run("export", "--db", str(db), "--format", "csv", "-o", str(csv_path)).exit_code == 0
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert len(rows) == table.num_rows


def test_events_and_timeline_filters(db):
    evs = json.loads(run("events", "--db", str(db), "--json").stdout)
    assert evs
    consult = json.loads(run("events", "--category", "consult", "--db", str(db), "--json").stdout)
    assert consult and all(e["event"] == "CONSULT" for e in consult)
    tl = json.loads(run("timeline", "--db", str(db), "--json").stdout)
    dates = [e["date"] for e in tl]
    assert dates == sorted(dates) and all(dates)


def test_unknown_export_format_is_a_clear_error(db):
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert result.exit_code == 2


def test_a_store_inside_the_folder_is_not_read_as_an_article(tmp_path):
    (tmp_path / "a.txt").write_text("見出しです\n\n米国とロシアの首脳が会談した。\n", encoding="utf-8")
    store = tmp_path / "inside.sqlite"
    assert run("analyze", str(tmp_path), "--db", str(store)).exit_code == 0
    again = run("analyze", str(tmp_path), "--db", str(store), "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["errors"] == []
