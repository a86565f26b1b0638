"""A negotiation scenario's forecast as a section of the report: each issue's forecast with its
plots, and every piece of evidence the scenario cites linked to its sentence in the store."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from .forecast.models import get_model
from .forecast.montecarlo import run_monte_carlo
from .forecast.scenario import load_scenario


@dataclass(slots=True)
class IssueRow:
    name: str
    forecast: float
    anchor: str  # the labelled position nearest the forecast
    compromise: float
    monte_carlo: str | None  # mean [5%, 95%]
    plot: str  # file name under charts/


@dataclass(slots=True)
class EvidenceRow:
    supports: str
    doc: str  # the scenario's document reference (file stem)
    doc_id: int | None  # the stored document, when it is in the store
    sentence: int | None  # index of the sentence in that document
    note: str | None


@dataclass(slots=True)
class ScenarioView:
    name: str
    model: str
    runs: int
    issues: list[IssueRow]
    distribution: str | None  # file name under charts/
    evidence: list[EvidenceRow]


def data_uri(path: Path) -> str:
    """A PNG inlined, so that the report needs no file beside its pages (and allows no other)."""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def doc_ids_by_stem(paths: dict[int, str]) -> dict[str, int]:
    """Stored documents by the name scenarios cite them by (file stem), from id -> path."""
    return {Path(p.split("#")[0]).stem: i for i, p in paths.items()}


def forecast_view(path: Path, model: str, runs: int, doc_ids: dict[str, int], charts: Path,
                  seed: int = 0) -> ScenarioView:
    """Forecast every issue of the scenario at ``path`` and write its plots into ``charts``.

    Raises ``ScenarioError`` / ``ValueError`` for a bad scenario file or model name."""
    from .forecast.plots import plot_distribution, plot_trajectory  # matplotlib only when asked for

    scen = load_scenario(path)
    mdl, baseline = get_model(model), get_model("compromise")
    issues = {i.id: i for i in scen.issues}
    dists = run_monte_carlo(scen, mdl, runs=runs, seed=seed) if runs > 0 else {}
    rows = []
    for k, issue in enumerate(scen.issues, 1):
        inp = scen.issue_input(issue.id)
        f = mdl.forecast(inp)
        plot = f"forecast-{k}.png"
        plot_trajectory(f, charts / plot, issue)
        anchor = ""
        if issue.anchors:
            point = min(issue.anchors, key=lambda p: abs(p - f.outcome))
            anchor = f"{point:g}: {issue.anchors[point]}"
        mc = None
        if issue.id in dists:
            d = dists[issue.id]
            mc = f"{d.mean:.1f} [{d.quantile(0.05):.1f}, {d.quantile(0.95):.1f}]"
        rows.append(IssueRow(issue.name, f.outcome, anchor, baseline.forecast(inp).outcome, mc, plot))
    distribution = None
    if dists:
        distribution = "forecast-outcomes.png"
        plot_distribution(dists, charts / distribution, issues)
    evidence = [EvidenceRow(what, e.doc, doc_ids.get(e.doc), e.sentence, e.note) for what, e in scen.evidence()]
    return ScenarioView(scen.name, mdl.name, runs, rows, distribution, evidence)
