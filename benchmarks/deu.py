"""Benchmark the bargaining models on DEU III (Decision-making in the European Union).

Usage: python benchmarks/deu.py PATH/TO/deu.tsv [--capability gdp|equal|both]

Prints, for every model, the mean absolute error (0-100 scale) against the recorded outcome on
the issues that have one, beside the constant-50 and median-actor baselines.

Data: Arregui & Perarnaud (2021), DEU III, doi:10.34810/data53, CC BY 4.0. Tab-separated; `p*`
columns are positions, `s*` saliences (actors: Commission, Parliament, member states), `rp` the
reference point, `out` the outcome; a row without an issue id holds each actor's GDP.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

try:
    from rashomon.forecast.models import (
        BDMModel,
        BDMParams,
        CompromiseModel,
        IssueInput,
        ReferencePointModel,
        RelativeSalienceModel,
        WeightedMedianModel,
    )
except ModuleNotFoundError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from rashomon.forecast.models import (
        BDMModel,
        BDMParams,
        CompromiseModel,
        IssueInput,
        ReferencePointModel,
        RelativeSalienceModel,
        WeightedMedianModel,
    )


@dataclass
class DeuIssue:
    issue_id: str
    proposal: str
    actors: list[str]
    positions: np.ndarray
    saliences: np.ndarray
    reference_point: float | None
    outcome: float | None


def _num(cell: str) -> float | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def read_deu(path: str) -> tuple[list[DeuIssue], dict[str, float]]:
    """Issues and the GDP row. Actors are the codes with both a ``p<code>`` and an ``s<code>`` column.
    A missing salience next to a given position is filled with the mean salience of the other actors on
    that issue (so the actor counts as an average participant rather than being dropped)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    header = [h.strip() for h in rows[0]]
    col = {h: k for k, h in enumerate(header)}
    codes = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in col]
    gdp: dict[str, float] = {}
    issues: list[DeuIssue] = []
    for row in rows[1:]:
        row = row + [""] * (len(header) - len(row))
        issue_id = row[col["isnr"]].strip() if "isnr" in col else ""
        if not issue_id:
            for c in codes:
                v = _num(row[col["p" + c]])
                if v is not None:
                    gdp[c] = v
            continue
        actors, pos, sal = [], [], []
        for c in codes:
            p = _num(row[col["p" + c]])
            if p is None:
                continue
            actors.append(c)
            pos.append(p)
            sal.append(_num(row[col["s" + c]]))
        if not actors:
            continue
        known = [s for s in sal if s is not None]
        fill = float(np.mean(known)) if known else 50.0
        issues.append(
            DeuIssue(
                issue_id,
                row[col["prnr"]].strip() if "prnr" in col else issue_id,
                actors,
                np.array(pos),
                np.array([fill if s is None else s for s in sal]),
                _num(row[col["rp"]]) if "rp" in col else None,
                _num(row[col["out"]]) if "out" in col else None,
            )
        )
    return issues, gdp


def reference_saliences(issues: list[DeuIssue]) -> dict[tuple[str, str], float]:
    """Each actor's mean salience over all issues of the same proposal (with or without outcome)."""
    acc: dict[tuple[str, str], list[float]] = defaultdict(list)
    for iss in issues:
        for a, s in zip(iss.actors, iss.saliences, strict=True):
            acc[(iss.proposal, a)].append(float(s))
    return {k: float(np.mean(v)) for k, v in acc.items()}


def to_input(iss: DeuIssue, caps: dict[str, float], ref_sal: dict[tuple[str, str], float]) -> IssueInput:
    mean_cap = float(np.mean(list(caps.values()))) if caps else 1.0
    return IssueInput.build(
        iss.issue_id,
        iss.actors,
        iss.positions,
        iss.saliences,
        [caps.get(a, mean_cap) for a in iss.actors],
        status_quo=iss.reference_point,
        reference_salience=[ref_sal[(iss.proposal, a)] for a in iss.actors],
    )


MODELS = [
    ("compromise (cap x sal weighted mean)", CompromiseModel()),
    ("weighted median (cap x sal)", WeightedMedianModel()),
    ("relative salience (exchange logic)", RelativeSalienceModel()),
    ("reference point mix, weight 0.2", ReferencePointModel(weight=0.2)),
    ("BDM/Scholz, median outcome", BDMModel(BDMParams())),
    ("BDM/Scholz, mean outcome", BDMModel(BDMParams(outcome="mean"))),
    ("BDM, P_ij+P_ji=1, mean outcome", BDMModel(BDMParams(probability="votes_for", outcome="mean"))),
]


def evaluate(issues: list[DeuIssue], caps: dict[str, float]) -> list[tuple[str, np.ndarray]]:
    ref_sal = reference_saliences(issues)
    scored = [i for i in issues if i.outcome is not None]
    y = np.array([i.outcome for i in scored], dtype=float)
    inputs = [to_input(i, caps, ref_sal) for i in scored]
    rows: list[tuple[str, np.ndarray]] = [
        ("baseline: constant 50", np.abs(50.0 - y)),
        (
            "baseline: median actor (unweighted)",
            np.abs(np.array([np.median(i.positions) for i in scored]) - y),
        ),
    ]
    for name, model in MODELS:
        pred = np.array([model.forecast(inp).outcome for inp in inputs])
        rows.append((name, np.abs(pred - y)))
    return rows


def print_table(title: str, rows: list[tuple[str, np.ndarray]]) -> None:
    comp = next(err for name, err in rows if name.startswith("compromise"))
    print(title)
    print(f"  {'model':<40} {'MAE':>6} {'vs compromise':>14} {'(paired SE)':>11}")
    for name, err in rows:
        diff = err - comp
        se = float(np.std(diff, ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else float("nan")
        print(f"  {name:<40} {err.mean():6.2f} {diff.mean():+14.2f} {se:11.2f}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="DEU tab-separated file (e.g. ../shared/data/deu3/dev.tsv)")
    ap.add_argument("--capability", choices=["gdp", "equal", "both"], default="both")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    issues, gdp = read_deu(args.data)
    n_out = sum(1 for i in issues if i.outcome is not None)
    print(f"DEU file: {args.data}")
    print(
        f"{len(issues)} issues with positions, {n_out} with an outcome (scored), "
        f"{len({i.proposal for i in issues})} proposals"
    )
    print("Mean absolute error on the 0-100 scale (lower is better). 'vs compromise' is the mean paired")
    print("difference in absolute error; negative means better than the compromise model.")
    print()
    actors = sorted({a for i in issues for a in i.actors})
    if args.capability in ("gdp", "both"):
        if not gdp:
            print("no GDP row found; skipping the GDP capability measure\n")
        else:
            print_table(
                "Capability = the GDP row of the file (com and ep as given there; actors missing from it get "
                "the mean)",
                evaluate(issues, gdp),
            )
    if args.capability in ("equal", "both"):
        print_table("Capability = equal for every actor", evaluate(issues, {a: 1.0 for a in actors}))
    notes = [
        "Notes:",
        " - No parameter is fitted to this file (variants explored on dev.tsv: see docs/forecast.md).",
        " - Saliences missing next to a position get the issue's mean salience.",
        " - Relative salience = salience / the actor's mean salience over the proposal's issues, exponent 1",
        "   (exponents 0.25-1 were also tried on dev.tsv and differ by < 0.1).",
        " - Reference-point weight 0.2 is not tuned; it shows the reference point does not help here.",
        " - BDM uses the Scholz et al. (2011) defaults (Q = T = 1, 8 rounds; see docs/forecast.md).",
    ]
    print("\n".join(notes))
    print(f"runtime: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
