"""The Dask engine on a real local cluster of two worker processes: the same store as a
one-process ``analyze``, Parquet shards folded in by ``merge``, and a killed run resumed."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster
from storecontent import store_content, wait_for_documents

from rashomon.dask_engine import run
from rashomon.gazetteer import default_gazetteer
from rashomon.ingest import read_path
from rashomon.pipeline import analyze_paths, analyze_text
from rashomon.shards import Manifest, document_from_json, document_to_json, merge_shards, plan, read_shard
from rashomon.store import Store

# short texts written for these tests
TEXTS = [
    "日米首脳会談\n2025年8月20日\n\n石破首相とトランプ大統領は8月19日、ワシントンで会談した。両首脳は関税について協議した。\n",
    "米露首脳が会談\n2025年8月16日\n\nトランプ大統領とプーチン大統領は8月15日、アンカレッジで会談した。\n",
    "Leaders meet\n2025-08-20\n\nPresident Trump met Prime Minister Ishiba in Washington on August 19.\n",
    "Summit\n2025-08-18\n\nPresident Trump met President Putin in Anchorage on August 15, 2025.\n",
]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


def _inputs(tmp_path: Path) -> Path:
    """A folder of articles and a JSON Lines file (with a BOM and CRLF line ends): a bad line, and
    one text published again by another outlet (a syndicated copy)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    lines = [{"text": t + f"追記{i}。", "title": f"記事{i}", "outlet": "東和通信", "date": "2025-08-21",
              "url": f"https://example.org/{i}"} for i, t in enumerate(TEXTS)]
    lines.append({"text": TEXTS[0] + "追記0。", "outlet": "Harbor Ledger", "url": "https://example.com/0"})
    body = [json.dumps(x, ensure_ascii=False) for x in lines]
    body.insert(2, "{not json")
    (folder / "wire.jsonl").write_text("\r\n".join(body) + "\r\n\r\n", encoding="utf-8-sig")
    return folder


def _one_process(inputs: Path, db: Path) -> dict[str, list]:
    with Store(db) as store:
        analyze_paths([inputs], store, workers=1)
    return store_content(db)


def test_records_survive_the_shard_format():
    doc = analyze_text(TEXTS[0], path="x.txt", metadata={"outlet": "東和通信"})
    assert doc.events and doc.entities and doc.sentences
    assert document_from_json(document_to_json(doc), doc.text) == doc


def test_jsonl_shards_read_what_ingest_reads(tmp_path):
    folder = _inputs(tmp_path)
    shards = [s for s in plan([folder], per_shard=2) if s.kind == "jsonl"]
    assert len(shards) == 3  # six good or bad lines, two per shard; blank lines count for none
    whole = read_path(folder / "wire.jsonl")
    assert [x for s in shards for x in read_shard(s, 10_000_000)] == whole
    assert "#L3" in whole[2].path and "not valid JSON" in whole[2].reason
    assert {d.encoding for d in whole if hasattr(d, "encoding")} == {"utf-8-sig"}
    sjis = tmp_path / "sjis.jsonl"  # another encoding: read whole, as `analyze` reads it
    sjis.write_bytes(json.dumps({"text": TEXTS[0]}, ensure_ascii=False).encode("cp932"))
    (shard,) = plan([sjis])
    assert shard.kind == "file" and read_shard(shard, 10_000_000) == read_path(sjis)


def test_parquet_rows_are_articles(tmp_path, cluster):
    folder = tmp_path / "pq"
    folder.mkdir()
    pq.write_table(pa.table({
        "text": TEXTS[:3] + [""],
        "title": ["一", "二", "three", None],
        "outlet": ["東和通信", "東和通信", "Harbor Ledger", None],
        "url": ["https://example.org/a", "https://example.org/b", "https://example.com/c", None],
        "date": [dt.date(2025, 8, 20), dt.date(2025, 8, 16), dt.date(2025, 8, 20), None],
    }), folder / "part-0.parquet", row_group_size=2)
    shards = plan([folder], per_shard=3)
    assert [(s.kind, s.start, s.stop) for s in shards] == [("parquet", 0, 3), ("parquet", 3, 4)]
    with Store(tmp_path / "p.sqlite") as store:
        report = run([folder], store=store, scheduler=cluster, manifest=tmp_path / "m.json", per_shard=3)
        assert [str(e) for e in report.errors] == [f"{folder / 'part-0.parquet'}#R4: row 4 has no non-empty \"text\""]
        docs = {sd.doc.path.rsplit("#", 1)[1]: sd.doc for sd in store.documents()}
    assert sorted(docs) == ["R1", "R2", "R3"]
    assert (docs["R1"].title, docs["R1"].outlet, docs["R1"].publication_date) == ("一", "東和通信", "2025-08-20")
    assert docs["R3"].language == "en" and docs["R3"].url == "https://example.com/c" and docs["R3"].events


def test_two_dask_workers_store_what_one_process_does(tmp_path, cluster):
    inputs = _inputs(tmp_path)
    with Store(tmp_path / "d.sqlite") as store:
        report = run([inputs], store=store, scheduler=cluster, manifest=tmp_path / "m.json", per_shard=2)
    assert report.copies == 1 and len(report.added) == 8 and len(report.errors) == 1
    direct = store_content(tmp_path / "d.sqlite")
    assert direct["events"] and direct["copies"]
    assert direct == _one_process(inputs, tmp_path / "one.sqlite")
    with Store(tmp_path / "d.sqlite") as store:  # run again: every shard is known to be done
        again = run([inputs], store=store, scheduler=cluster, manifest=tmp_path / "m.json", per_shard=2)
    assert (again.shards, again.skipped, again.added) == (0, report.shards, [])


def test_texts_the_store_has_are_not_analysed_again(tmp_path, cluster):
    inputs = _inputs(tmp_path)
    before = _one_process(inputs, tmp_path / "s.sqlite")  # stored by `analyze`, no manifest
    (inputs / "new.txt").write_text(TEXTS[1] + "新しい追記。\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        report = run([inputs], store=store, scheduler=cluster, manifest=tmp_path / "m.json", per_shard=2)
    assert report.analysed == 1 and len(report.added) == 1 and report.skipped == 0
    after = store_content(tmp_path / "s.sqlite")
    assert after["documents"][:-1] == before["documents"] and after["copies"] == before["copies"]


def test_shards_then_merge_equal_a_direct_run_and_merging_twice_changes_nothing(tmp_path, cluster):
    inputs = _inputs(tmp_path)
    out = tmp_path / "shards"
    report = run([inputs], shards=out, scheduler=cluster, per_shard=2)
    assert report.written == 9 and len(list(out.glob("part-*.parquet"))) == report.shards == 7
    gaz = default_gazetteer()
    with Store(tmp_path / "m.sqlite") as store:
        first = merge_shards(out, store, gaz)
        assert len(first.added) == 8 and first.copies == 1
        merged = store_content(tmp_path / "m.sqlite")
        second = merge_shards(out, store, gaz)
        assert (second.added, second.copies, second.duplicates) == ([], 0, 9)
    assert store_content(tmp_path / "m.sqlite") == merged == _one_process(inputs, tmp_path / "one.sqlite")
    # a shard lost from the manifest is done again, the others are not
    book = Manifest(out / "manifest.json")
    book.shards.pop(next(iter(book.shards)))
    book.save(force=True)
    redo = run([inputs], shards=out, scheduler=cluster, per_shard=2)
    assert (redo.shards, redo.skipped) == (1, 6)


def test_a_killed_run_resumes_and_stores_every_document_once(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):  # distinct documents: each adds a line of its own
        (folder / f"{i:03}.txt").write_text(TEXTS[i % len(TEXTS)] + f"第{i}版の追記。\n", encoding="utf-8")
    db = tmp_path / "k.sqlite"
    env = {**os.environ, "COLUMNS": "200", "XDG_DATA_HOME": str(tmp_path / "data")}
    cmd = [str(Path(sys.executable).parent / "rashomon"), "analyze", str(folder), "--db", str(db),
           "--engine", "dask", "--workers", "2"]
    # its own process group: the kill takes the cluster's worker processes down with it
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    wait_for_documents(proc, db, 3, 240)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert 0 < partial < 40
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=600).returncode == 0
    rows = sqlite3.connect(db).execute("SELECT count(*) FROM documents GROUP BY content_hash").fetchall()
    assert len(rows) == 40 and all(n == 1 for (n,) in rows)
    # Incremental merging follows the batches documents reach it in, which the kill cut
    # differently: every mention must still be stored once and belong to an event.
    got, expected = store_content(db), _one_process(folder, tmp_path / "one.sqlite")
    assert _ungrouped(got) == _ungrouped(expected)
    assert all(m[6] is not None for m in got["mentions"])


def _ungrouped(content: dict[str, list]) -> dict[str, list]:
    """The store's content without the grouping of mentions into events."""
    out = {k: v for k, v in content.items() if k != "events"}
    out["mentions"] = [m[:6] for m in content["mentions"]]
    return out


def test_merge_and_engine_options_refuse_bad_input_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["merge", str(tmp_path / "empty"), "--db", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 1 and "no manifest.json" in result.stderr
    result = runner.invoke(app, ["analyze", str(tmp_path), "--shards", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--shards need --engine dask" in result.stderr
    result = runner.invoke(app, ["analyze", str(tmp_path), "--engine", "spark"])
    assert result.exit_code == 2 and "choose local or dask" in result.stderr
