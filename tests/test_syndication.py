"""The same text from another outlet is another source; headlines and one-line records are coded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

runner = CliRunner()

TEXT = "Japan and South Korea agreed on Tuesday to expand defence cooperation. The two ministers spoke in Tokyo."


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def record(outlet: str, url: str | None, text: str = TEXT, **extra) -> dict:
    return {"title": "Ministers agree on defence ties", "date": "2025-09-02", "outlet": outlet, "url": url,
            "language": "en", "text": text, **extra}


@pytest.fixture()
def syndicated(tmp_path) -> Path:
    wire = write_jsonl(tmp_path / "wire.jsonl", [record("Harbor Wire", "https://example.org/a"),
                                                 record("Valley Times", "https://example.net/b")])
    db = tmp_path / "s.sqlite"
    report = json.loads(run("analyze", str(wire), "--db", str(db), "--json").stdout)
    assert len(report["added"]) == 1 and report["copies"] == 1 and report["duplicates"] == 0
    return db


def test_a_second_outlet_carrying_the_same_text_is_kept_and_counted(syndicated):
    db = syndicated
    docs = [json.loads(line) for line in run("export", "--db", str(db), "-f", "jsonl").stdout.splitlines()]
    assert len(docs) == 1
    (copy,) = docs[0]["copies"]
    assert (copy["outlet"], copy["url"]) == ("Valley Times", "https://example.net/b")
    events = [json.loads(line) for line in run("export", "--db", str(db), "-f", "plover").stdout.splitlines()]
    agree = next(e for e in events if e["event"] == ["AGREE"])
    assert agree["num_sources"] == 2
    assert {a["outlet"] for a in agree["articles"]} == {"Harbor Wire", "Valley Times"}
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", str(db), "-f", "cameo").stdout), delimiter="\t"))
    row = next(r for r in rows if r["EventID"] == agree["id"])
    assert (row["NumSources"], row["NumArticles"], row["NumMentions"]) == ("2", "2", "1")
    # the second outlet is a source the events filter knows
    by_copy = json.loads(run("events", "--db", str(db), "--json", "--source", "valley times").stdout)
    listed = next(e for e in by_copy if e["id"] == agree["id"])
    assert (listed["sources"], listed["articles"]) == (1, 2)
    doc = json.loads(run("show", "1", "--db", str(db), "--json").stdout)
    assert doc["copies"] == ["Valley Times https://example.net/b"]
    shown = json.loads(run("event", agree["id"], "--db", str(db), "--json").stdout)
    assert shown["num_articles"] == 2 and set(shown["sources"]) == {"Harbor Wire", "Valley Times"}


def test_running_the_same_file_again_stores_nothing(syndicated, tmp_path):
    again = json.loads(run("analyze", str(tmp_path / "wire.jsonl"), "--db", str(syndicated), "--json").stdout)
    assert again["added"] == [] and again["copies"] == 0 and again["duplicates"] == 2
    assert again["stats"]["document_copies"] == 1 and again["stats"]["documents"] == 1


def test_the_same_publication_at_another_path_is_no_new_source(syndicated, tmp_path):
    other = write_jsonl(tmp_path / "mirror.jsonl", [record("Harbor Wire", "https://example.org/a")])
    report = json.loads(run("analyze", str(other), "--db", str(syndicated), "--json").stdout)
    assert report["copies"] == 0 and report["duplicates"] == 1


def test_headline_and_one_line_records_are_coded_and_marked(tmp_path):
    wire = write_jsonl(tmp_path / "lines.jsonl", [
        record("Harbor Wire", None, "Japan and South Korea agree to expand defence cooperation"),
        {"date": "2025-09-03", "outlet": "東和通信", "language": "ja", "text": "日韓外相が東京で会談"},
    ])
    db = tmp_path / "h.sqlite"
    report = json.loads(run("analyze", str(wire), "--db", str(db), "--json").stdout)
    assert [d["events"] for d in report["added"]] == [1, 1]
    events = [json.loads(line) for line in run("export", "--db", str(db), "-f", "plover").stdout.splitlines()]
    assert {e["event"][0] for e in events} == {"AGREE", "CONSULT"}
    assert all(m["block"] == "title" for e in events for m in e["mentions"])
    consult = next(e for e in events if e["event"] == ["CONSULT"])
    assert {a["identifier_text"] for a in consult["actor"]} >= {"Japan", "South Korea"}
