"""Uploads analysed in the background, one job at a time, with progress to poll.

Uploaded bytes go to a fresh temporary folder under names the server makes up (the client's
file name is kept only as the document's label), are read by the usual ingest checks (size,
binary formats, encodings), analysed, stored, and the store's events merged again.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import read_path
from ..records import IngestError
from ..store import Store


@dataclass
class Job:
    id: str
    names: list[str]
    state: str = "queued"  # queued | running | done | failed
    done: int = 0  # files read so far
    added: list[int] = field(default_factory=list)  # ids of the documents stored
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "done": self.done, "total": len(self.names),
                "added": self.added, "duplicates": self.duplicates, "errors": self.errors,
                "url": f"/api/jobs/{self.id}"}


def _label(name: str) -> str:
    return "upload/" + (re.sub(r"[^\w.\-]+", "_", Path(name.replace("\\", "/")).name)[:120] or "file")


class Jobs:
    def __init__(self, store: Store, after: Callable[[], None] | None = None) -> None:
        self.store = store
        self.after = after  # run once a job has stored something (the app prepares its answers)
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        # one writer: analyses run one after another, never two merges at once
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-upload")

    def submit(self, files: list[tuple[str, bytes]]) -> Job:
        job = Job(secrets.token_hex(8), [name for name, _ in files])
        with self.lock:
            self.jobs[job.id] = job
        self.pool.submit(self._run, job, files)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job, files: list[tuple[str, bytes]]) -> None:
        from ..gazetteer import default_gazetteer
        from ..pipeline import analyze_raw, remerge

        job.state = "running"
        try:
            gaz = default_gazetteer()
            with tempfile.TemporaryDirectory(prefix="rashomon-upload-") as tmp:
                for i, (name, data) in enumerate(files):
                    path = Path(tmp) / f"{i}{Path(name).suffix.lower()}"
                    path.write_bytes(data)
                    for item in read_path(path, max_bytes=len(data) + 1):
                        label = _label(name)
                        if isinstance(item, IngestError):
                            job.errors.append(f"{label}: {item.reason}")
                            continue
                        item.path = item.path.replace(str(path), label, 1)
                        if self.store.has_hash(item.content_hash) is not None:
                            job.duplicates += 1
                            continue
                        try:
                            job.added.append(self.store.add_document(analyze_raw(item, gaz)).doc_id)
                        except Exception as exc:  # one article's failure must not stop the others
                            job.errors.append(f"{label}: analysis failed: {type(exc).__name__}: {exc}")
                    job.done = i + 1
            if job.added:
                remerge(self.store, gaz)
            job.state = "done"
            if job.added and self.after is not None:
                self.after()
        except Exception as exc:
            job.errors.append(f"{type(exc).__name__}: {exc}")
            job.state = "failed"
