"""``rashomon scenario run FILE``: forecast a negotiation scenario and write plots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from rashomon.forecast.models import MODEL_NAMES, Forecast, get_model
from rashomon.forecast.montecarlo import run_monte_carlo
from rashomon.forecast.scenario import Evidence, Issue, Scenario, ScenarioError, load_scenario

scenario_app = typer.Typer(help="Negotiation scenarios: bargaining-model forecasts.", no_args_is_help=True)


def _nearest_anchor(issue: Issue, value: float) -> str:
    if not issue.anchors:
        return ""
    point = min(issue.anchors, key=lambda p: abs(p - value))
    return f"{point:g}: {issue.anchors[point]}"


@scenario_app.command("run")
def run(
    file: Annotated[
        Path, typer.Argument(help="Scenario YAML, or KTAB SMP CSV.", exists=True, dir_okay=False)
    ],
    model: Annotated[str, typer.Option(help=f"Model: {', '.join(MODEL_NAMES)}.")] = "bdm",
    runs: Annotated[
        int, typer.Option(min=0, help="Monte Carlo runs over the uncertainty ranges (0: none).")
    ] = 500,
    seed: Annotated[int, typer.Option(help="Random seed for the Monte Carlo runs.")] = 0,
    out: Annotated[
        Path | None, typer.Option(help="Directory for plots (default: forecast/<file stem>).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the forecast as JSON.")] = False,
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="RASHOMON_DB", help="Store to resolve the evidence in (prints each cited sentence)."),
    ] = None,
) -> None:
    """Forecast every issue of a scenario, with the compromise model as the baseline."""
    console = Console()
    try:
        scen = load_scenario(file)
        mdl = get_model(model)
    except (ScenarioError, ValueError) as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    cited = resolve_evidence(scen, db) if db else []
    baseline = get_model("compromise")
    forecasts: dict[str, Forecast] = {}
    base: dict[str, float] = {}
    for issue in scen.issues:
        inp = scen.issue_input(issue.id)
        forecasts[issue.id] = mdl.forecast(inp)
        base[issue.id] = baseline.forecast(inp).outcome
    dists = run_monte_carlo(scen, mdl, runs=runs, seed=seed) if runs > 0 else {}

    out_dir = out or Path("forecast") / file.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    from rashomon.forecast.plots import plot_distribution, plot_trajectory  # matplotlib only when needed

    issues_by_id = {i.id: i for i in scen.issues}
    plots = [
        str(plot_trajectory(f, out_dir / f"rounds_{iid}.png", issues_by_id[iid]))
        for iid, f in forecasts.items()
    ]
    if dists:
        plots.append(str(plot_distribution(dists, out_dir / "outcomes.png", issues_by_id)))

    if as_json:
        payload = {
            "scenario": scen.name,
            "model": mdl.name,
            "runs": runs,
            "seed": seed,
            "issues": [
                {
                    "issue": iid,
                    "name": issues_by_id[iid].name,
                    "forecast": f.outcome,
                    "nearest_anchor": _nearest_anchor(issues_by_id[iid], f.outcome),
                    "compromise": base[iid],
                    "rounds": f.rounds,
                    "summary_by_round": f.summary_by_round,
                    "trajectory": {a: [float(t[k]) for t in f.trajectory] for k, a in enumerate(f.actors)},
                    "offers_accepted": [
                        {
                            "round": o.round,
                            "sender": o.sender,
                            "receiver": o.receiver,
                            "kind": o.kind,
                            "from": o.old_position,
                            "to": o.new_position,
                        }
                        for o in f.offers
                        if o.accepted
                    ],
                    "monte_carlo": dists[iid].summary() if dists else None,
                }
                for iid, f in forecasts.items()
            ],
            "plots": plots,
            "evidence": [
                {"supports": what, "doc": e.doc, "sentence": e.sentence, "note": e.note, "text": text}
                for what, e, text in cited
            ],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return

    table = Table(title=f"{scen.name} ({mdl.name})")
    for col in ("issue", "forecast", "nearest anchor", "compromise", "rounds"):
        table.add_column(col)
    if dists:
        table.add_column(f"MC mean [5%, 95%] ({runs} runs, seed {seed})")
    for iid, f in forecasts.items():
        row = [
            issues_by_id[iid].name,
            f"{f.outcome:.1f}",
            _nearest_anchor(issues_by_id[iid], f.outcome),
            f"{base[iid]:.1f}",
            str(f.rounds),
        ]
        if dists:
            d = dists[iid]
            row.append(f"{d.mean:.1f} [{d.quantile(0.05):.1f}, {d.quantile(0.95):.1f}]")
        table.add_row(*row)
    console.print(table)
    accepted = sum(1 for f in forecasts.values() for o in f.offers if o.accepted)
    if accepted:
        console.print(f"{accepted} offers accepted in total; use --json for the log.")
    spread = [float(np.std(d.outcomes)) for d in dists.values()]
    if spread:
        console.print(f"Monte Carlo spread (sd) per issue: {', '.join(f'{s:.1f}' for s in spread)}")
    console.print(f"plots: {out_dir}")
    if cited:
        ev = Table(title="evidence")
        for col in ("supports", "document", "sentence", "text"):
            ev.add_column(col, overflow="fold")
        for what, e, text in cited:
            ev.add_row(what, e.doc, str(e.sentence), text if text is not None else "[red]not in the store[/red]")
        console.print(ev)


def resolve_evidence(scen: Scenario, db: Path) -> list[tuple[str, Evidence, str | None]]:
    """Each piece of evidence with the sentence it cites, read from the store (None when the
    document or the sentence is not there)."""
    from rashomon.store import Store

    store = Store(db)
    by_stem = {Path(sd.doc.path.split("#")[0]).stem: sd.doc for sd in store.documents()}
    out = []
    for what, e in scen.evidence():
        doc = by_stem.get(e.doc)
        text = None
        if doc is not None and e.sentence is not None and e.sentence < len(doc.sentences):
            text = doc.sentences[e.sentence].text
        out.append((what, e, text))
    return out
