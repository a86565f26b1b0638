"""Monte Carlo over the uncertainty ranges of a scenario: a distribution of outcomes per issue."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rashomon.forecast.models import Model
from rashomon.forecast.scenario import Scenario


@dataclass
class OutcomeDistribution:
    model: str
    issue: str
    point: float  # the forecast on the best-guess values
    outcomes: np.ndarray  # one forecast per run

    @property
    def mean(self) -> float:
        return float(np.mean(self.outcomes))

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.outcomes, q))

    def summary(self) -> dict[str, float]:
        return {
            "point": self.point,
            "mean": self.mean,
            "sd": float(np.std(self.outcomes)),
            "p05": self.quantile(0.05),
            "p50": self.quantile(0.5),
            "p95": self.quantile(0.95),
        }


def run_monte_carlo(
    scenario: Scenario, model: Model, runs: int = 500, seed: int | None = 0
) -> dict[str, OutcomeDistribution]:
    """Forecast every issue ``runs`` times, each time drawing every uncertain value (capabilities,
    positions, saliences, status quo) from its range. The same seed gives the same distribution."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    rng = np.random.default_rng(seed)
    ids = [i.id for i in scenario.issues]
    draws = np.empty((runs, len(ids)))
    for r in range(runs):
        sample = scenario.sample(rng)
        for k, issue_id in enumerate(ids):
            draws[r, k] = model.forecast(sample.issue_input(issue_id)).outcome
    return {
        issue_id: OutcomeDistribution(
            model.name, issue_id, model.forecast(scenario.issue_input(issue_id)).outcome, draws[:, k].copy()
        )
        for k, issue_id in enumerate(ids)
    }
