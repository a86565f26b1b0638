"""Work split into shards, analysed documents kept in Parquet shards, and the manifest of
finished shards that makes a distributed run resumable.

An *input shard* is a unit of work: one article file, a run of lines of a JSON Lines file or a
run of rows of a Parquet file. Its key hashes the file's path, size and modification time and the
run it covers, so a changed file is done again. An *output shard* (``part-KEY.parquet``) holds one
row per input document: its text, what ingest read about it, and its analysis (the ``Document``
record as JSON), ready for ``rashomon merge`` to fold into a store.

A *manifest* lists the finished shards with the content hashes of their documents. It is
rewritten atomically (a temporary file renamed over it), so a killed run leaves the old or the
new list, never half of one; a shard missing from it is simply done again, and the store's
content hashes keep a document from being stored twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .gazetteer import Gazetteer
from .ingest import (
    JSONL_EXTENSIONS,
    iter_files,
    jsonl_line,
    normalise_metadata,
    normalise_newlines,
    read_path,
)
from .ingest import _document as raw_document
from .pipeline import BATCH_SIZE, BatchReport, _store_one, merge_pending
from .records import Document, IngestError, RawDocument
from .store import Store

PARQUET_EXTENSIONS = {".parquet", ".parq"}
# documents per shard of a JSON Lines or Parquet file: enough work to outweigh a task's cost,
# few enough that the workers share a file
SHARD_DOCUMENTS = 16


@dataclass(frozen=True, slots=True)
class InputShard:
    """One unit of work. ``start``/``stop``: byte offsets of whole lines (JSON Lines) or row
    numbers (Parquet); ``first_line``: the number of the line at ``start``."""

    path: str  # as the user named it: documents keep this path
    location: str  # absolute, for workers that run elsewhere
    kind: str  # file | jsonl | parquet
    size: int
    mtime_ns: int
    start: int = 0
    stop: int | None = None
    first_line: int = 1
    encoding: str = "utf-8"  # of a JSON Lines file: utf-8, or utf-8-sig when it starts with a BOM

    @property
    def key(self) -> str:
        ident = f"{self.location}|{self.size}|{self.mtime_ns}|{self.kind}|{self.start}|{self.stop}"
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:24]


@dataclass(slots=True)
class Item:
    """One input document or error, with its analysis: a ``Document``, the reason the analysis
    failed, or None when an earlier document of the shard has the same text."""

    raw: RawDocument | IngestError
    result: Document | str | None = None


# --------------------------------------------------------------------------- planning


def _jsonl_runs(path: Path, per_shard: int) -> tuple[list[tuple[int, int, int]], str] | None:
    """(start byte, stop byte, first line) of runs of ``per_shard`` non-blank lines and the
    encoding, read line by line; None when ingest would decode the file otherwise than as UTF-8
    lines ending in ``\n`` or ``\r\n`` (it is then read whole, as ``rashomon analyze`` reads it)."""
    runs: list[tuple[int, int, int]] = []
    start, first, count, pos, number = 0, 1, 0, 0, 1
    encoding = "utf-8"
    with open(path, "rb") as f:
        for line in f:
            if pos == 0 and line.startswith(b"\xef\xbb\xbf"):
                encoding = "utf-8-sig"
            body = line.removesuffix(b"\n").removesuffix(b"\r")
            if b"\r" in body or b"\x1b" in body:  # old Mac line ends; ISO-2022-JP escapes
                return None
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return None
            count += bool(body.strip())
            number += 1
            pos += len(line)
            if count == per_shard:
                runs.append((start, pos, first))
                start, first, count = pos, number, 0
    if count:
        runs.append((start, pos, first))
    return (runs, encoding) if runs else None


def plan(paths: Iterable[str | Path], skip: Iterable[str | Path] = (),
         per_shard: int = SHARD_DOCUMENTS) -> list[InputShard]:
    """The shards of every file under ``paths``, in the order ``rashomon analyze`` reads them."""
    skipped = {Path(p).resolve() for p in skip}
    shards: list[InputShard] = []
    for path in iter_files(paths):
        location = path.resolve()
        if location in skipped:
            continue
        try:
            info = path.stat()
        except OSError:
            info = None
        size, mtime = (info.st_size, info.st_mtime_ns) if info else (0, 0)
        base = InputShard(str(path), str(location), "file", size, mtime)
        suffix = path.suffix.lower()
        if info is not None and path.is_file() and suffix in PARQUET_EXTENSIONS:
            try:
                rows = pq.ParquetFile(location).metadata.num_rows
            except Exception:  # noqa: BLE001 - the worker reports what is wrong with it
                rows = 0
            base = dataclasses.replace(base, kind="parquet")
            shards += [dataclasses.replace(base, start=a, stop=min(a + per_shard, rows))
                       for a in range(0, rows, per_shard)] or [base]
        elif info is not None and path.is_file() and suffix in JSONL_EXTENSIONS and size:
            found = _jsonl_runs(location, per_shard)
            if found is None:
                shards.append(base)
            else:
                runs, encoding = found
                shards += [dataclasses.replace(base, kind="jsonl", start=a, stop=b, first_line=n, encoding=encoding)
                           for a, b, n in runs]
        else:
            shards.append(base)
    return shards


# --------------------------------------------------------------------------- reading

# columns of a Parquet input: ``text`` and the metadata fields a JSON Lines line may carry
def _parquet_rows(shard: InputShard) -> list[RawDocument | IngestError]:
    where = shard.path
    try:
        f = pq.ParquetFile(shard.location)
    except Exception as exc:  # noqa: BLE001 - a bad file is one error, not a stopped run
        return [IngestError(where, f"cannot read Parquet file ({type(exc).__name__}: {exc})")]
    if "text" not in f.schema_arrow.names:
        return [IngestError(where, 'Parquet file has no "text" column')]
    stop = f.metadata.num_rows if shard.stop is None else shard.stop
    groups, first, offset = [], None, 0
    for i in range(f.metadata.num_row_groups):  # only the row groups that hold the rows wanted
        n = f.metadata.row_group(i).num_rows
        if offset + n > shard.start and offset < stop:
            groups.append(i)
            first = offset if first is None else first
        offset += n
    if not groups:
        return []
    table = f.read_row_groups(groups).slice(shard.start - first, stop - shard.start)
    out: list[RawDocument | IngestError] = []
    for number, row in enumerate(table.to_pylist(), start=shard.start + 1):
        at = f"{where}#R{number}"
        body = row.get("text")
        if not isinstance(body, str) or not body.strip():
            out.append(IngestError(at, f'row {number} has no non-empty "text"'))
            continue
        metadata = normalise_metadata({k: v for k, v in row.items() if k != "text"})
        out.append(raw_document(at, normalise_newlines(body), "parquet", "utf-8", metadata, line_number=number))
    return out


def _jsonl_lines(shard: InputShard, max_bytes: int) -> list[RawDocument | IngestError]:
    with open(shard.location, "rb") as f:
        f.seek(shard.start)
        data = f.read((shard.stop or shard.size) - shard.start)
    text = data.decode("utf-8-sig" if shard.start == 0 else "utf-8")
    out: list[RawDocument | IngestError] = []
    for number, line in enumerate(text.split("\n"), start=shard.first_line):
        if len(line.encode("utf-8")) > max_bytes:
            out.append(IngestError(f"{shard.path}#L{number}", f"line {number} is over the size limit (--max-size)"))
        elif (item := jsonl_line(shard.path, number, line.removesuffix("\r"), shard.encoding)) is not None:
            out.append(item)
    return out


def read_shard(shard: InputShard, max_bytes: int) -> list[RawDocument | IngestError]:
    """The documents (and errors) of one input shard, as ``ingest`` gives them."""
    if shard.kind == "parquet":
        return _parquet_rows(shard)
    if shard.kind == "jsonl":
        return _jsonl_lines(shard, max_bytes)
    # read as the user named it when that works (the same paths as `rashomon analyze`)
    return read_path(shard.path if os.path.exists(shard.path) else shard.location, max_bytes)


# --------------------------------------------------------------------------- records as JSON


def _from_json(tp: Any, value: Any) -> Any:
    """``value`` (decoded JSON) as an instance of the annotated type ``tp``."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_json(options[0], value) if len(options) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [_from_json(inner, v) for v in value]
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _from_json(hints[f.name], value[f.name]) for f in dataclasses.fields(tp)
                     if f.name in value})
    return value


def document_to_json(doc: Document) -> str:
    """A document's records as JSON, without its text (kept once, in its own column)."""
    data = dataclasses.asdict(doc)
    data.pop("text")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_json(data: str, text: str) -> Document:
    return _from_json(Document, {**json.loads(data), "text": text})


# --------------------------------------------------------------------------- output shards

SHARD_SCHEMA = pa.schema([
    ("position", pa.int32()),
    ("path", pa.string()),
    ("content_hash", pa.string()),
    ("format", pa.string()),
    ("encoding", pa.string()),
    ("line_number", pa.int64()),
    ("text", pa.string()),
    ("metadata", pa.string()),  # JSON: what ingest read about the document
    ("main_text_hint", pa.string()),  # JSON list, HTML only
    ("error", pa.string()),  # why it could not be read or analysed
    ("document", pa.string()),  # JSON: the analysed Document without its text
])


def _atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """``write(tmp)`` then rename over ``path``: readers see the old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_shard(path: Path, items: list[Item]) -> None:
    rows: dict[str, list[Any]] = {name: [] for name in SHARD_SCHEMA.names}
    for i, item in enumerate(items):
        raw, result = item.raw, item.result
        is_raw = isinstance(raw, RawDocument)
        row = {
            "position": i, "path": raw.path,
            "content_hash": raw.content_hash if is_raw else None,
            "format": raw.format if is_raw else None,
            "encoding": raw.encoding if is_raw else None,
            "line_number": raw.line_number if is_raw else None,
            "text": raw.text if is_raw else None,
            "metadata": json.dumps(raw.metadata, ensure_ascii=False, default=str) if is_raw else None,
            "main_text_hint": json.dumps(raw.main_text_hint, ensure_ascii=False)
            if is_raw and raw.main_text_hint is not None else None,
            "error": raw.reason if not is_raw else result if isinstance(result, str) else None,
            "document": document_to_json(result) if isinstance(result, Document) else None,
        }
        for k, v in row.items():
            rows[k].append(v)
    table = pa.table(rows, schema=SHARD_SCHEMA)
    _atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def read_shard_output(path: Path) -> Iterator[Item]:
    """The items of an output shard, in input order."""
    for row in pq.read_table(path, schema=SHARD_SCHEMA).to_pylist():
        if row["content_hash"] is None:
            yield Item(IngestError(row["path"], row["error"] or "unreadable"))
            continue
        hint = json.loads(row["main_text_hint"]) if row["main_text_hint"] else None
        raw = RawDocument(row["path"], row["text"], row["format"], row["encoding"], row["content_hash"],
                          json.loads(row["metadata"] or "{}"), hint, row["line_number"])
        result: Document | str | None = (document_from_json(row["document"], raw.text) if row["document"]
                                         else row["error"])
        yield Item(raw, result)


def output_name(shard_key: str) -> str:
    return f"part-{shard_key}.parquet"


# --------------------------------------------------------------------------- manifest


@dataclass(slots=True)
class Finished:
    """A finished shard: its place in the input, where its output is (shards mode) and the
    content hashes of its documents."""

    seq: int
    path: str
    start: int
    hashes: list[str] = field(default_factory=list)
    errors: int = 0
    output: str | None = None


class Manifest:
    """Finished shards by key, saved atomically at most every ``interval`` seconds and on
    ``save(force=True)``."""

    def __init__(self, path: Path, interval: float = 2.0) -> None:
        self.path = path
        self.interval = interval
        self.shards: dict[str, Finished] = {}
        self._saved = 0.0
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.shards = {k: Finished(**v) for k, v in data.get("shards", {}).items()}
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{path}: not a shard manifest ({exc})") from None

    def add(self, key: str, finished: Finished) -> None:
        self.shards[key] = finished
        self.save()

    def save(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._saved < self.interval:
            return
        t0 = time.monotonic()
        data = json.dumps({"version": 1, "shards": {k: dataclasses.asdict(v) for k, v in self.shards.items()}},
                          ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.path, lambda tmp: Path(tmp).write_text(data, encoding="utf-8"))
        self._saved = time.monotonic()
        # a long manifest is rewritten less often: saving takes at most a tenth of the run
        self.interval = max(self.interval, 10 * (self._saved - t0))


# --------------------------------------------------------------------------- folding into a store


class StoreWriter:
    """Writes analysed items into a store in input order, as ``rashomon analyze`` does (new
    documents, versions, syndicated copies, duplicates), merging events every ``batch_size``
    documents."""

    def __init__(self, store: Store, gaz: Gazetteer, report: BatchReport,
                 on_file: Callable[[str, str], None] | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.store, self.gaz, self.report, self.on_file, self.batch_size = store, gaz, report, on_file, batch_size
        self._since_merge = 0
        merge_pending(store, gaz)  # what a killed run stored but did not merge

    def write(self, items: Iterable[Item]) -> None:
        for item in items:
            raw, result = item.raw, item.result
            if isinstance(raw, RawDocument):
                stored = self.store.has_hash(raw.content_hash)
                if isinstance(result, Document) and stored is not None:
                    result = None  # stored by an earlier shard or run: a copy or a duplicate
                elif result is None and stored is None:  # the same text earlier in the shard failed
                    result = "analysis failed: the same text earlier in the input could not be analysed"
            _store_one(raw, result, self.store, self.report, self.on_file)
            self._since_merge += 1
        if self._since_merge >= self.batch_size:
            self.finish()

    def finish(self) -> None:
        merge_pending(self.store, self.gaz)
        self._since_merge = 0


MANIFEST = "manifest.json"


def merge_shards(folder: Path, store: Store, gaz: Gazetteer,
                 on_file: Callable[[str, str], None] | None = None) -> BatchReport:
    """Fold the finished output shards in ``folder`` into ``store``, in input order, then merge
    their events. Idempotent: documents already stored are not stored again."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ValueError(f"{folder}: no {MANIFEST} (not a folder of shards written by `rashomon analyze --shards`)")
    manifest = Manifest(path)
    report = BatchReport()
    t0 = time.perf_counter()
    writer = StoreWriter(store, gaz, report, on_file)
    for finished in sorted(manifest.shards.values(), key=lambda f: (f.seq, f.path, f.start)):
        if finished.output is None:
            continue
        output = folder / finished.output
        if not output.is_file():
            raise ValueError(f"{output}: listed in {path} but missing")
        writer.write(read_shard_output(output))
    writer.finish()
    report.seconds = time.perf_counter() - t0
    return report
