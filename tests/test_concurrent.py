"""Two `rashomon analyze` processes writing to one store at once, over overlapping folders,
lose and double nothing: the store ends as one process analysing everything would leave it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SHARED
from dbs import BACKENDS, store_location
from test_store import english_doc, japanese_doc
from typer.testing import CliRunner

from rashomon import pipeline
from rashomon.cli import app
from rashomon.gazetteer import default_gazetteer
from rashomon.store import Store

NEWS = SHARED / "corpus" / "news-dev"
RASHOMON = Path(sys.executable).with_name("rashomon")


def _folders(root: Path) -> tuple[Path, Path, Path]:
    """Three folders of links to 8 news texts each: both processes read the first, and then
    one of the others."""
    files = sorted(NEWS.glob("*.txt"))
    if len(files) < 24:
        pytest.skip("../shared/corpus/news-dev is not beside the project")
    folders = []
    for k, name in enumerate(("both", "only1", "only2")):
        folder = root / name
        folder.mkdir()
        for f in files[8 * k:8 * k + 8]:
            (folder / f.name).symlink_to(f)
        folders.append(folder)
    return folders[0], folders[1], folders[2]


def _twice_at_once(writer: Callable[[], None]) -> None:
    """Run ``writer`` in two threads at the same time and wait for both."""
    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def _content(store: Store) -> dict:
    """Everything stored, keyed by content rather than by row ids (which depend on who wrote first)."""
    docs = store.documents(latest_only=False)
    per_doc = sorted(
        (sd.doc.content_hash, sd.doc.path, len(sd.doc.sentences), len(sd.doc.entities), len(sd.doc.statements),
         sorted((m.start, m.end, m.event, m.trigger) for m in sd.doc.events))
        for sd in docs
    )
    events = sorted(
        sorted((m.document, m.start, m.end, m.event, m.trigger) for m in e.mentions) for e in store.events()
    )
    stats = store.stats()
    return {"documents": per_doc, "events": events, "stats": stats}


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_write_one_store(backend: str, tmp_path: Path) -> None:
    both, only1, only2 = _folders(tmp_path)
    if not RASHOMON.exists():
        pytest.skip(f"no {RASHOMON} (install the project with pip install -e .)")
    with store_location(backend, tmp_path) as db:
        procs = [
            subprocess.Popen([str(RASHOMON), "analyze", str(both), str(extra), "--db", db, "--workers", "1",
                              "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for extra in (only1, only2)
        ]
        reports = []
        for p in procs:
            out, errors = p.communicate(timeout=900)
            assert p.returncode == 0, errors
            reports.append(json.loads(out))
        assert all(r["errors"] == [] for r in reports)
        added = [a["path"] for r in reports for a in r["added"]]
        assert len(added) == len(set(added))  # no text stored by both

        # one process over the same files, the reference
        ref_db = tmp_path / "reference.sqlite"
        result = CliRunner().invoke(app, ["analyze", str(both), str(only1), str(only2), "--db", str(ref_db),
                                          "--workers", "1", "--json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        with Store(db) as store, Store(ref_db) as reference:
            got, expected = _content(store), _content(reference)
            assert store.unmerged()[0] == []
        assert expected["stats"]["documents"] >= 20 and expected["stats"]["events"] > 5
        assert got["documents"] == expected["documents"]
        # Incremental merging follows the order in which documents reach it, which two writers
        # interleave: what must hold is that every mention is in exactly one event, none lost or doubled.
        assert {k: v for k, v in got["stats"].items() if k != "events"} == \
            {k: v for k, v in expected["stats"].items() if k != "events"}
        assert sorted(m for e in got["events"] for m in e) == sorted(m for e in expected["events"] for m in e)
        assert abs(got["stats"]["events"] - expected["stats"]["events"]) <= 0.02 * expected["stats"]["events"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_merges_at_once_wait_for_each_other(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writers merging the same new documents: the second waits for the first, then finds
    them merged (without that, both would merge them and store the events twice)."""
    gaz = default_gazetteer()
    with store_location(backend, tmp_path) as db:
        with Store(db) as store:
            store.add_document(japanese_doc())
            store.add_document(english_doc())
        both_inside = threading.Barrier(2)
        real_merge = pipeline.merge

        def merge_when_both_inside(mentions, gaz):
            try:  # hold the first merge until the second has read the store too, if it can
                both_inside.wait(timeout=2)
            except threading.BrokenBarrierError:
                pass
            return real_merge(mentions, gaz)

        monkeypatch.setattr(pipeline, "merge", merge_when_both_inside)
        merged: list[int] = []
        errors: list[Exception] = []

        def writer() -> None:
            try:
                with Store(db) as store:
                    merged.append(pipeline.merge_pending(store, gaz))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        _twice_at_once(writer)
        assert errors == [] and sorted(merged) == [0, 2]
        with Store(db) as store:
            stats = store.stats()
            expected = real_merge([m for sd in store.documents() for m in sd.doc.events], gaz)
            assert [e.mentions for e in store.events()] == [e.mentions for e in expected]
        assert stats["event_mentions"] == stats["linked_mentions"] == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_text_stored_at_once_is_stored_once(backend: str, tmp_path: Path) -> None:
    """Writers that both found a text missing and then store it: one stores it, the other is told
    it is a duplicate, and the same copy recorded twice is recorded once."""
    docs = [japanese_doc(f"news/{i}.txt", extra=f"追記{i}。\n") for i in range(4)]
    with store_location(backend, tmp_path) as db:
        Store(db).close()  # migrated before the race
        at_once = threading.Barrier(2, timeout=30)
        results: list[list[str]] = []
        errors: list[Exception] = []

        def writer() -> None:
            try:
                with Store(db) as store:
                    statuses = []
                    for doc in docs:
                        at_once.wait()
                        statuses.append(store.add_document(doc).status)
                    at_once.wait()
                    copy = japanese_doc("mirror/0.txt", extra="追記0。\n")
                    statuses.append(store.add_copy(store.has_hash(copy.content_hash), copy).status)
                    results.append(statuses)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        _twice_at_once(writer)
        assert errors == []
        for i in range(4):
            assert sorted(r[i] for r in results) == ["duplicate", "new"]
        assert sorted(r[4] for r in results) == ["copy", "duplicate"]
        with Store(db) as store:
            stats = store.stats()
        assert stats["documents"] == 4 and stats["document_copies"] == 1
        assert stats["sentences"] == 4 * len(docs[0].sentences)
