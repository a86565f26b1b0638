"""The command line of the Dask engine: ``analyze --engine dask`` and ``rashomon merge``."""

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from .gazetteer import default_gazetteer
from .pipeline import BatchReport
from .store import Store


def _engine() -> ModuleType:
    from . import cli

    try:
        from . import dask_engine
    except ImportError as exc:
        cli._fail(f"--engine dask needs Dask ({exc.name} is not installed): pip install 'rashomon[dask]'")
    return dask_engine


def analyze_on_dask(paths: list[Path], store: Store, scheduler: str | None, workers: int, max_bytes: int,
                    on_file: Callable[[str, str], None]) -> BatchReport:
    from . import cli

    try:
        return _engine().run(paths, store=store, scheduler=scheduler, workers=workers, max_bytes=max_bytes,
                             on_file=on_file)
    except (OSError, ValueError) as exc:  # no scheduler at that address, a bad manifest
        cli._fail(str(exc), 1)


def analyze_to_shards(paths: list[Path], folder: Path, scheduler: str | None, workers: int, max_bytes: int,
                      as_json: bool) -> None:
    from . import cli

    if folder.exists() and not folder.is_dir():
        cli._fail(f"--shards {folder}: is a file, not a folder")
    try:
        report = _engine().run(paths, shards=folder, scheduler=scheduler, workers=workers, max_bytes=max_bytes)
    except (OSError, ValueError) as exc:
        cli._fail(str(exc), 1)
    errors = [str(e) for e in report.errors]
    for e in errors:
        cli.err.print(f"[red]error[/red] {e}", highlight=False, soft_wrap=True)
    if as_json:
        print(json.dumps({"shards": str(folder), "done": report.shards, "skipped": report.skipped,
                          "documents": report.written, "errors": errors, "seconds": round(report.seconds, 3)},
                         ensure_ascii=False, indent=1))
    else:
        cli.console.print(f"{report.shards} shard(s) written to {folder} ({report.written} document(s)), "
                          f"{report.skipped} already done, {len(errors)} failed — {report.seconds:.1f}s; "
                          f"fold them into a store with `rashomon merge {folder} --db FILE`", highlight=False)
    if report.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from . import cli

    @app.command("merge")
    def merge_cmd(
        folder: Annotated[Path, typer.Argument(help="Folder of Parquet shards written by `analyze --shards`.")],
        db: cli.DbOption = None,
        as_json: cli.JsonOption = False,
    ) -> None:
        """Fold analysed Parquet shards into the store and merge their events (safe to repeat)."""
        from .shards import merge_shards

        if not folder.is_dir():
            cli._fail(f"{folder}: no such folder of shards")
        store = cli._store(db)
        try:
            report = merge_shards(folder, store, default_gazetteer())
        except ValueError as exc:
            cli._fail(str(exc), 1)
        errors = [str(e) for e in report.errors]
        for e in errors:  # the inputs that could not be read or analysed when the shards were written
            cli.err.print(f"[yellow]not stored[/yellow] {e}", highlight=False, soft_wrap=True)
        if as_json:
            print(json.dumps({"db": str(db or cli.default_db_path()), "added": len(report.added),
                              "versions": report.versions, "copies": report.copies,
                              "duplicates": report.duplicates, "errors": errors,
                              "seconds": round(report.seconds, 3), "stats": store.stats()},
                             ensure_ascii=False, indent=1))
            return
        cli.console.print(f"{len(report.added)} new document(s), {report.copies} copy(ies) of stored texts, "
              f"{report.duplicates} already stored, {len(errors)} not stored — {report.seconds:.1f}s",
                          highlight=False)
        cli.console.print(" ".join(f"{k}={v}" for k, v in store.stats().items()), style="dim")
