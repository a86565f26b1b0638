"""Monte Carlo over uncertainty ranges, and the ``scenario run`` command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import typer
from typer.testing import CliRunner

from rashomon.forecast.cli import scenario_app
from rashomon.forecast.models import get_model
from rashomon.forecast.montecarlo import run_monte_carlo
from rashomon.forecast.scenario import load_scenario

ALASKA = Path(__file__).resolve().parents[1] / "src" / "rashomon" / "data" / "scenarios" / "alaska.yaml"


def test_monte_carlo_reproducible_with_seed():
    scen = load_scenario(ALASKA)
    model = get_model("compromise")
    a = run_monte_carlo(scen, model, runs=40, seed=7)
    b = run_monte_carlo(scen, model, runs=40, seed=7)
    c = run_monte_carlo(scen, model, runs=40, seed=8)
    for issue in a:
        np.testing.assert_array_equal(a[issue].outcomes, b[issue].outcomes)
        assert a[issue].point == model.forecast(scen.issue_input(issue)).outcome
        assert 0 <= a[issue].quantile(0.05) <= a[issue].quantile(0.95) <= 100
    assert any(not np.array_equal(a[i].outcomes, c[i].outcomes) for i in a)


def test_samples_stay_inside_ranges():
    scen = load_scenario(ALASKA)
    rng = np.random.default_rng(0)
    for _ in range(20):
        sample = scen.sample(rng)
        for orig, new in zip(scen.stances, sample.stances, strict=True):
            assert orig.position.low <= new.position.value <= orig.position.high
            assert orig.salience.low <= new.salience.value <= orig.salience.high


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(scenario_app, name="scenario")
    return app


def test_cli_run_json_and_plots(tmp_path):
    out = tmp_path / "plots"
    res = CliRunner().invoke(
        _app(), ["scenario", "run", str(ALASKA), "--runs", "10", "--seed", "3", "--out", str(out), "--json"]
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert payload["model"] == "bdm" and len(payload["issues"]) == 6
    first = payload["issues"][0]
    assert first["monte_carlo"]["p05"] <= first["monte_carlo"]["p95"]
    assert len(first["summary_by_round"]) == first["rounds"] + 1
    assert (out / "outcomes.png").exists() and (out / "rounds_territory.png").exists()


def test_cli_reports_bad_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nactors:\n  - id: A\n    capability: 1\nissues:\n  - id: i\npositions:\n"
        "  A:\n    i: {position: 10, salience: 300}\n"
    )
    res = CliRunner().invoke(_app(), ["scenario", "run", str(bad), "--runs", "0", "--out", str(tmp_path)])
    assert res.exit_code == 2
    assert "bad.yaml:9:" in res.output and "salience" in res.output
