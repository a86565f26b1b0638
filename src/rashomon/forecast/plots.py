"""Plots of forecasts: positions by round for each issue, and the Monte Carlo outcome distribution."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display needed

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from rashomon.forecast.models import Forecast  # noqa: E402
from rashomon.forecast.montecarlo import OutcomeDistribution  # noqa: E402
from rashomon.forecast.scenario import Issue  # noqa: E402


def _anchor_ticks(ax: plt.Axes, issue: Issue | None, axis: str = "y") -> None:
    if not issue or not issue.anchors:
        return
    points = sorted(issue.anchors)
    labels = [f"{p:g}: {issue.anchors[p][:28]}" for p in points]
    if axis == "y":
        ax.set_yticks(points, labels, fontsize=7)
    else:
        ax.set_xticks(points, labels, fontsize=7, rotation=20, ha="right")


def plot_trajectory(forecast: Forecast, path: str | Path, issue: Issue | None = None) -> Path:
    """One line per actor: its position after each round; the thick line is the model's outcome."""
    path = Path(path)
    traj = np.vstack(forecast.trajectory)
    rounds = np.arange(traj.shape[0])
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for k, actor in enumerate(forecast.actors):
        ax.plot(rounds, traj[:, k], marker="o", ms=3, lw=1, label=actor)
    ax.plot(rounds, forecast.summary_by_round, color="black", lw=2.5, ls="--", label="outcome")
    ax.set_xlabel("round")
    ax.set_ylabel("position")
    ax.set_xticks(rounds)
    title = issue.name if issue else forecast.issue
    ax.set_title(f"{title} ({forecast.model})", fontsize=10)
    _anchor_ticks(ax, issue, "y")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_distribution(
    dists: dict[str, OutcomeDistribution], path: str | Path, issues: dict[str, Issue] | None = None
) -> Path:
    """A histogram per issue of the Monte Carlo outcomes, with the point forecast marked."""
    path = Path(path)
    n = len(dists)
    fig, axes = plt.subplots(n, 1, figsize=(8, 1.9 * n + 0.6), squeeze=False)
    for ax, (issue_id, d) in zip(axes[:, 0], dists.items(), strict=True):
        ax.hist(d.outcomes, bins=np.linspace(0, 100, 51), color="tab:blue", alpha=0.75)
        ax.axvline(d.point, color="black", ls="--", lw=1.5)
        ax.axvspan(d.quantile(0.05), d.quantile(0.95), color="tab:orange", alpha=0.15)
        name = issues[issue_id].name if issues and issue_id in issues else issue_id
        ax.set_title(
            f"{name}: point {d.point:.1f}, 90% [{d.quantile(0.05):.1f}, {d.quantile(0.95):.1f}]", fontsize=9
        )
        ax.set_xlim(0, 100)
        ax.set_yticks([])
    axes[-1, 0].set_xlabel(f"outcome (0-100), {len(next(iter(dists.values())).outcomes)} runs")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
