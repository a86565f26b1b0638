"""Helpers of the DEU benchmark (benchmarks/deu.py): clustered paired errors, shrinkage CV, Council power."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("deu_benchmark", ROOT / "benchmarks" / "deu.py")
assert _spec is not None and _spec.loader is not None
deu = importlib.util.module_from_spec(_spec)
sys.modules["deu_benchmark"] = deu  # dataclasses look the module up while the file is executed
_spec.loader.exec_module(deu)

DEV = ROOT.parent / "shared" / "data" / "deu3" / "dev.tsv"


def test_paired_clustered_by_hand():
    # mean 3; deviations -2, 0 | -1, 3 sum to -2 and 2 per proposal: sqrt(8 * 2/1) / 4 = 1
    m, se, cl = deu.paired(np.array([1.0, 3, 2, 6]), np.array(["a", "a", "b", "b"]))
    assert m == pytest.approx(3.0)
    assert se == pytest.approx(np.sqrt(14 / 3) / 2)
    assert cl == pytest.approx(1.0)


def test_lopo_shrinkage_by_hand():
    """Compromise 0, target 100, outcomes 10, 10, 90 in three proposals. Leaving out a 10, the other two
    are fit equally well by any weight in [0.1, 0.9], so the smallest, 0.1, is taken: error 0. Leaving out
    the 90, weight 0.1 again: error 80."""
    comp, target = np.zeros(3), np.full(3, 100.0)
    cv, best, folds = deu.lopo_shrinkage(comp, target, np.array([10.0, 10, 90]), np.array(["a", "b", "c"]))
    assert cv == pytest.approx([0.0, 0.0, 80.0])
    assert best == pytest.approx(0.1) and folds == pytest.approx([0.1, 0.1, 0.1])
    # a missing target leaves the compromise forecast
    cv, _, _ = deu.lopo_shrinkage(
        comp, np.full(3, np.nan), np.array([10.0, 10, 90]), np.array(["a", "b", "c"])
    )
    assert cv == pytest.approx([10.0, 10.0, 90.0])


def test_shapley_shubik_council():
    eu15 = deu.shapley_shubik(deu._RULES[0][1])
    assert sum(eu15.values()) == pytest.approx(1.0)
    assert eu15["de"] == pytest.approx(eu15["fr"], abs=0.01) and eu15["de"] > eu15["es"] > eu15["lu"]
    lisbon = deu.shapley_shubik("lisbon")
    assert sum(lisbon.values()) == pytest.approx(1.0) and len(lisbon) == 28
    assert lisbon["de"] > lisbon["pl"] > lisbon["mt"]


def test_council_rule_follows_date_and_members():
    def iss(date: dt.date, actors: list[str]) -> deu.DeuIssue:
        return deu.DeuIssue(
            "i", "p", actors, np.zeros(len(actors)), np.zeros(len(actors)), None, None, date=date
        )

    assert deu.council_rule(iss(dt.date(1999, 1, 1), ["com", "de", "lu"])) is deu._RULES[0][1]
    assert deu.council_rule(iss(dt.date(2016, 1, 1), ["de"])) == "lisbon"
    # Bulgaria at the table in 2005: decided under the EU-27 weights
    assert deu.council_rule(iss(dt.date(2005, 1, 1), ["de", "bu"])) is deu._RULES[2][1]


def test_date_formats():
    assert deu._date("26-01-00") == dt.date(2000, 1, 26)
    assert deu._date("07-02-96") == dt.date(1996, 2, 7)
    assert deu._date("08-03-2016") == dt.date(2016, 3, 8)
    assert deu._date("") is None


@pytest.mark.skipif(not DEV.exists(), reason="DEU dev data not available")
def test_read_dev_and_related_issues():
    issues, gdp = deu.read_deu(str(DEV))
    assert gdp["de"] == pytest.approx(4.1) and len(issues) > 200
    assert {i.procedure for i in issues} <= {"COD", "CNS"}
    assert {i.voting_rule for i in issues} <= {"QMV", "unanimity"}
    inputs = deu.build_inputs(issues, "votes", gdp)
    first = issues[0]
    same = [i.issue_id for i in issues if i.proposal == first.proposal and i.issue_id != first.issue_id]
    assert [r.issue for r in inputs[first.issue_id].related] == same
