"""``rashomon analyze --engine dask``: the pipeline of ``analyze`` spread over a Dask cluster.

The input is cut into shards (``shards.plan``); each is read and analysed on a worker, where
the language models stay loaded between tasks. Either this process writes every result into the
store, in input order, so the store is the one a one-process ``analyze`` builds; or each worker
writes its shard's results into a Parquet file of the output folder, for ``rashomon merge``.

A manifest of finished shards (with their documents' content hashes) lets a killed run start
again where it stopped: finished shards are skipped, and a document already stored is never
stored twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from dask.distributed import Client, Future, LocalCluster, as_completed, wait

from .gazetteer import default_gazetteer
from .ingest import DEFAULT_MAX_BYTES
from .pipeline import BatchReport, _analyze_one
from .records import Document, IngestError, RawDocument
from .shards import (
    MANIFEST,
    SHARD_DOCUMENTS,
    Finished,
    InputShard,
    Item,
    Manifest,
    StoreWriter,
    output_name,
    plan,
    read_shard,
    write_shard,
)
from .store import Store

# shards queued per worker: keeps every worker busy while the writer waits for the next in order
QUEUED_PER_WORKER = 4


@dataclass
class DaskReport(BatchReport):
    shards: int = 0  # shards done in this run
    skipped: int = 0  # shards a previous run had finished
    written: int = 0  # documents written to output shards
    analysed: int = 0  # documents analysed in this run (not those the store had)


# --------------------------------------------------------------------------- on the workers


def analyze_items(raws: list[RawDocument | IngestError], stored: Iterable[str] = ()) -> list[Item]:
    """Analyse what a shard holds, except the texts in ``stored`` (the store has them) and a text
    met again in the shard (analysed once)."""
    gaz = default_gazetteer()
    items: list[Item] = []
    seen: set[str] = set(stored)
    for raw in raws:
        if isinstance(raw, IngestError) or raw.content_hash in seen:
            items.append(Item(raw))
            continue
        seen.add(raw.content_hash)
        items.append(Item(raw, _analyze_one(raw, gaz)[0]))
    return items


def hashes_of(raws: list[RawDocument | IngestError]) -> list[str]:
    return [r.content_hash for r in raws if isinstance(r, RawDocument)]


def analyze_shard(shard: InputShard, max_bytes: int) -> list[Item]:
    """Read and analyse one shard."""
    return analyze_items(read_shard(shard, max_bytes))


def shard_to_folder(shard: InputShard, max_bytes: int, folder: str) -> tuple[list[str], int]:
    """Analyse one shard into ``folder/part-KEY.parquet``; its content hashes and error count."""
    items = analyze_shard(shard, max_bytes)
    write_shard(Path(folder) / output_name(shard.key), items)
    hashes = [i.raw.content_hash for i in items if isinstance(i.raw, RawDocument)]
    return hashes, sum(isinstance(i.raw, IngestError) or isinstance(i.result, str) for i in items)


# --------------------------------------------------------------------------- here


def default_manifest(store: Store) -> Path:
    """Where the manifest of runs into ``store`` is kept: the user data folder, one per store."""
    ident = str(store.path) if store.path else store.engine.url.render_as_string(hide_password=True)
    name = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_data_dir("rashomon")) / "manifests" / f"{name}.json"


def connect(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers``
    single-threaded processes (the analysers hold the interpreter lock)."""
    if scheduler:
        return Client(scheduler), None
    # its log lines (workers starting, stopping) are not the user's business; errors still show
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _worker_count(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def run(
    paths: Iterable[str | Path],
    *,
    store: Store | None = None,
    shards: Path | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    manifest: Path | None = None,
    on_file: Callable[[str, str], None] | None = None,
    per_shard: int = SHARD_DOCUMENTS,
) -> DaskReport:
    """Analyse every article under ``paths`` on a Dask cluster into ``store`` or into Parquet
    shards in the folder ``shards`` (exactly one of the two)."""
    if (store is None) == (shards is None):
        raise ValueError("give either a store or a folder for the shards")
    t0 = time.perf_counter()
    report = DaskReport()
    skip: list[Path] = []
    if store is not None and store.path:
        skip = [store.path, *(Path(f"{store.path}{x}") for x in ("-wal", "-shm", "-journal"))]
    out = shards.resolve() if shards is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    todo = [s for s in plan(paths, skip, per_shard) if out is None or not Path(s.location).is_relative_to(out)]
    book = Manifest(manifest or (out / MANIFEST if out is not None else default_manifest(store)))
    seqs = {s.key: i for i, s in enumerate(todo)}

    def finished(s: InputShard) -> bool:
        done = book.shards.get(s.key)
        if done is None:
            return False
        if out is not None:
            return done.output is not None and (out / done.output).is_file()
        return all(store.has_hash(h) is not None for h in done.hashes)

    left = [s for s in todo if not finished(s)]
    report.skipped = len(todo) - len(left)
    # merges first what a killed run stored but did not merge, even when nothing is left to do
    writer = StoreWriter(store, default_gazetteer(), report, _by_file(on_file)) if store is not None else None
    if not left:
        report.seconds = time.perf_counter() - t0
        return report
    client, cluster = connect(scheduler, workers)
    try:
        window = QUEUED_PER_WORKER * _worker_count(client)
        if writer is None:
            _to_folder(client, left, max_bytes, out, window, book, seqs, report, on_file)
        else:
            _to_store(client, left, max_bytes, window, book, seqs, writer, report)
            writer.finish()
    finally:
        book.save(force=True)
        client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - t0
    return report


def _by_file(on_file: Callable[[str, str], None] | None) -> Callable[[str, str], None] | None:
    """``on_file`` told once per row of a Parquet file under the file's own name."""
    if on_file is None:
        return None
    return lambda path, status: on_file(path.split("#R")[0], status)


@dataclass
class _Pending:
    """A shard on its way: read on a worker, its texts checked against the store here, then
    analysed on the worker that read it."""

    shard: InputShard
    read: Future
    hashes: Future
    analysis: Future | None = None


def _to_store(client: Client, shards: list[InputShard], max_bytes: int, window: int, book: Manifest,
              seqs: dict[str, int], writer: StoreWriter, report: DaskReport) -> None:
    """Keep ``window`` shards on their way and write each one's results in input order; the
    texts the store already has are not analysed again."""
    queue: deque[_Pending] = deque()
    it = iter(shards)

    def fill() -> None:
        while len(queue) < window and (s := next(it, None)) is not None:
            read = client.submit(read_shard, s, max_bytes, key=f"read-{s.key}", pure=False)
            queue.append(_Pending(s, read, client.submit(hashes_of, read, key=f"hashes-{s.key}", pure=False)))

    def start() -> None:
        for p in queue:
            if p.analysis is None and p.hashes.done():
                if p.hashes.status != "finished":  # the read failed: its error is the shard's
                    p.analysis = p.hashes
                    continue
                stored = {h for h in p.hashes.result() if writer.store.has_hash(h) is not None}
                p.analysis = client.submit(analyze_items, p.read, stored, key=f"analyze-{p.shard.key}", pure=False)

    fill()
    while queue:
        start()
        head = queue[0]
        if head.analysis is None or not head.analysis.done():
            wait([p.analysis or p.hashes for p in queue if not (p.analysis or p.hashes).done()],
                 return_when="FIRST_COMPLETED")
            continue
        queue.popleft()
        shard = head.shard
        try:
            items = head.analysis.result()
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - reported; done again next run
            report.errors.append(IngestError(shard.path, f"shard failed: {type(exc).__name__}: {exc}"))
        else:
            writer.write(items)
            report.analysed += sum(isinstance(i.result, Document) for i in items)
            hashes = [i.raw.content_hash for i in items if isinstance(i.raw, RawDocument)]
            book.add(shard.key, Finished(seqs[shard.key], shard.path, shard.start, hashes,
                                         sum(isinstance(i.raw, IngestError) for i in items)))
            report.shards += 1
        for f in {head.read, head.hashes, head.analysis}:
            f.release()
        fill()


def _to_folder(client: Client, shards: list[InputShard], max_bytes: int, out: Path, window: int, book: Manifest,
               seqs: dict[str, int], report: DaskReport, on_file: Callable[[str, str], None] | None) -> None:
    """Each worker writes its shard's Parquet file; this process keeps the manifest."""
    it = iter(shards)
    running: dict[Future, InputShard] = {}

    def submit() -> Future | None:
        s = next(it, None)
        if s is None:
            return None
        f = client.submit(shard_to_folder, s, max_bytes, str(out), key=f"shard-{s.key}", pure=False)
        running[f] = s
        return f

    ready = as_completed([f for _ in range(window) if (f := submit()) is not None])
    for future in ready:
        shard = running.pop(future)
        try:
            hashes, errors = future.result()
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - reported; done again next run
            report.errors.append(IngestError(shard.path, f"shard failed: {type(exc).__name__}: {exc}"))
        else:
            book.add(shard.key, Finished(seqs[shard.key], shard.path, shard.start, hashes, errors,
                                         output_name(shard.key)))
            report.shards += 1
            report.written += len(hashes)
            if on_file:
                on_file(shard.path, "written")
        future.release()
        if (f := submit()) is not None:
            ready.add(f)
