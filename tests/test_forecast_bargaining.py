"""Nash bargaining, procedural compromise, shrinkage, exchange and ensemble models on cases checked by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rashomon.forecast.models import (
    MODEL_NAMES,
    SHRINK_WEIGHT_COMMISSION,
    SHRINK_WEIGHT_STATUS_QUO,
    CompromiseModel,
    EnsembleModel,
    ExchangeModel,
    IssueInput,
    NashBargainingModel,
    ProceduralCompromiseModel,
    ShrinkageModel,
    exchange_positions,
    get_model,
    nash_bargaining,
)


def issue(x, s, c, actors=None, **kw) -> IssueInput:
    return IssueInput.build("t", actors or [f"a{k}" for k in range(len(x))], x, s, c, **kw)


# --------------------------------------------------------------------------- Nash bargaining


def test_nash_by_hand():
    """x = (40, 100), equal weights, d = 0, K = 0: gains z (80 - z) and z (200 - z); the first-order
    condition 2/z = 1/(80 - z) + 1/(200 - z) gives z^2 - 210 z + 8000 = 0, so z = 50 (the compromise
    would be 70: the status quo pulls the bargain towards it)."""
    inp = issue([40, 100], [100, 100], [1, 1], status_quo=0.0)
    assert NashBargainingModel(failure_cost=0.0).forecast(inp).outcome == pytest.approx(50.0, abs=1e-6)
    assert CompromiseModel().forecast(inp).outcome == pytest.approx(70.0)


def test_nash_veto_symmetry_and_limit():
    x, w = np.array([0.0, 100.0]), np.array([1.0, 1.0])
    # K = 0: the actor sitting at the status quo gains from no change, so it vetoes every move
    assert nash_bargaining(x, w, 0.0, 0.0) == 0.0
    # symmetric actors around the status quo: the midpoint
    assert nash_bargaining(x, w, 50.0, 0.0) == pytest.approx(50.0)
    # a distant disagreement point (large failure cost) gives the weighted mean (Achen 2006)
    assert nash_bargaining(x, np.array([1.0, 3.0]), 0.0, 1e6) == pytest.approx(75.0, abs=1e-3)
    # a lone actor gets its ideal point
    assert nash_bargaining(np.array([30.0]), np.array([1.0]), 0.0, 0.0) == pytest.approx(30.0)


def test_nash_first_order_condition_and_fallback():
    x, w = np.array([0.0, 100.0]), np.array([1.0, 1.0])
    z = nash_bargaining(x, w, 0.0, 1.0)  # K = one squared span
    g = (x - 0.0) ** 2 + 1e4 - (x - z) ** 2
    assert float((w * (x - z) / g).sum()) == pytest.approx(0.0, abs=1e-9)
    assert 0 < z < 50  # pulled towards the status quo, less than with K = 0 would allow
    # no status quo: the compromise model
    inp = issue([0, 100], [100, 50], [1, 1])
    assert NashBargainingModel().forecast(inp).outcome == pytest.approx(100 / 3)


# --------------------------------------------------------------------------- procedure


def test_procedural_weights_by_hand():
    actors = ["com", "ep", "a", "b"]
    x, s, c = [100, 0, 0, 100], [100] * 4, [0, 0, 1, 3]
    m = ProceduralCompromiseModel()
    # QMV, codecision: com = ep = largest state = 3 -> (3*100 + 3*100) / (3 + 3 + 1 + 3)
    inp = issue(x, s, c, actors, procedure="COD", voting_rule="QMV")
    assert m.forecast(inp).outcome == pytest.approx(60.0)
    # consultation: the Parliament drops out -> 600 / 7
    inp = issue(x, s, c, actors, procedure="CNS", voting_rule="QMV")
    assert m.forecast(inp).outcome == pytest.approx(600 / 7)
    # unanimity and consultation: states equal (2 each), com = 2, ep = 0 -> 400 / 6
    inp = issue(x, s, c, actors, procedure="CNS", voting_rule="unanimity")
    assert m.forecast(inp).outcome == pytest.approx(200 / 3)
    # salience still counts: a state with salience 0 drops out
    inp = issue(x, [100, 100, 0, 100], c, actors, procedure="CNS", voting_rule="QMV")
    assert m.forecast(inp).outcome == pytest.approx(100.0)


# --------------------------------------------------------------------------- shrinkage


def test_shrinkage_by_hand():
    inp = issue([0, 100], [100, 100], [1, 1], ["com", "a"], status_quo=100.0)
    assert ShrinkageModel("actor", 0.5, "com").forecast(inp).outcome == pytest.approx(25.0)
    assert ShrinkageModel("status_quo", 0.25).forecast(inp).outcome == pytest.approx(62.5)
    # no target: the compromise model
    no_sq = issue([0, 100], [100, 100], [1, 1], ["x", "a"])
    assert ShrinkageModel("actor", 0.5, "com").forecast(no_sq).outcome == pytest.approx(50.0)
    assert ShrinkageModel("status_quo", 0.5).forecast(no_sq).outcome == pytest.approx(50.0)


def test_shrinkage_weights_fixed_in_code():
    # chosen on dev.tsv by leave-one-proposal-out CV (see docs/forecast.md); must stay a constant
    assert 0.0 <= SHRINK_WEIGHT_STATUS_QUO <= 1.0 and 0.0 <= SHRINK_WEIGHT_COMMISSION <= 1.0
    assert ShrinkageModel().weight == SHRINK_WEIGHT_COMMISSION


# --------------------------------------------------------------------------- exchange


def two_issues(caps: list[float]) -> IssueInput:
    """A cares about l (80 vs 20), B about k: each gives way where it cares less."""
    k = IssueInput.build("k", ["A", "B"], [0, 100], [20, 80], caps)
    li = IssueInput.build("l", ["A", "B"], [0, 100], [80, 20], caps)
    return dataclasses.replace(k, related=(li,))


def test_exchange_full_shifts_by_hand():
    """Equal capabilities: outcome k = 80, l = 20; both full shifts move an outcome by 20, the equal-gain
    rate is (0.2 + 0.8) / (0.8 + 0.2) = 1, so both move all the way; gain 20 (0.8 - 0.2) = 12."""
    f = ExchangeModel().forecast(two_issues([1, 1]))
    assert f.outcome == pytest.approx(100.0)
    assert f.summary_by_round[0] == pytest.approx(80.0)
    (ex,) = f.params["exchanges"]
    assert (ex["shift_a"], ex["shift_b"], ex["gain"]) == pytest.approx((1.0, 1.0, 12.0))


def test_exchange_partial_shift_by_hand():
    """B twice as capable: S_k = 0.2 + 1.6, S_l = 0.8 + 0.4. A all the way on k moves outcome k by
    0.2 * 100 / 1.8 = 11.1; B all the way on l would move outcome l by 0.4 * 100 / 1.2 = 33.3; at rate 1
    A moves fully and B a third of the way (to 66.7); gain 11.1 * 0.6 = 6.67."""
    x = np.array([[0.0, 0.0], [100.0, 100.0]])
    s = np.array([[20.0, 80.0], [80.0, 20.0]])
    new, done = exchange_positions(x, s, np.array([1.0, 2.0]))
    assert new[0, 0] == pytest.approx(100.0) and new[1, 1] == pytest.approx(200 / 3)
    assert len(done) == 1
    i, j, k, li, fi, fj, gain = done[0]
    assert (i, j, k, li) == (0, 1, 0, 1)
    assert (fi, fj, gain) == pytest.approx((1.0, 1 / 3, 100 / 15))
    # outcome on l: (0 * 0.8 + 66.7 * 0.4) / 1.2 = 22.2
    inp = dataclasses.replace(two_issues([1, 2]), related=())
    li_issue = IssueInput.build("l", ["A", "B"], [0, 100], [80, 20], [1, 2], related=(inp,))
    assert ExchangeModel().forecast(li_issue).outcome == pytest.approx(200 / 9)


def test_exchange_needs_different_priorities():
    # same relative saliences: nobody gains from trading, so the compromise model
    k = IssueInput.build("k", ["A", "B"], [0, 100], [50, 50], [1, 1])
    li = IssueInput.build("l", ["A", "B"], [0, 100], [50, 50], [1, 1])
    f = ExchangeModel().forecast(dataclasses.replace(k, related=(li,)))
    assert f.outcome == pytest.approx(50.0) and f.params["exchanges"] == []
    # a single issue: the compromise model
    assert ExchangeModel().forecast(k).outcome == pytest.approx(50.0)
    # same side of the expected outcome on one issue: no trade either
    x = np.array([[0.0, 0.0], [100.0, 10.0], [100.0, 100.0]])
    s = np.array([[20.0, 80.0], [80.0, 20.0], [50.0, 50.0]])
    _, done = exchange_positions(x, s, np.ones(3))
    assert all({i, j} != {0, 1} for i, j, *_ in done)


def test_get_model_builds_new_models():
    for name, cls in (
        ("nash", NashBargainingModel),
        ("procedural", ProceduralCompromiseModel),
        ("shrink", ShrinkageModel),
        ("exchange", ExchangeModel),
    ):
        assert isinstance(get_model(name), cls)


# --------------------------------------------------------------------------- ensemble


def test_ensemble_by_hand():
    # weights 0.2, 0.2, 0.6: compromise 70, weighted median 100, refpoint 0.8 * 70 + 0.2 * 0 = 56
    inp = issue([0, 50, 100], [20, 20, 60], [1, 1, 1], status_quo=0.0)
    members = ("compromise", "median", "refpoint")
    f = EnsembleModel(members=members).forecast(inp)
    assert f.outcome == pytest.approx(70.0)
    assert f.params["members"] == pytest.approx({"compromise": 70.0, "median": 100.0, "refpoint": 56.0})
    assert EnsembleModel(members=members, combine="mean").forecast(inp).outcome == pytest.approx(226 / 3)
    # two members: the median is their midpoint
    assert EnsembleModel(members=("compromise", "median")).forecast(inp).outcome == pytest.approx(85.0)


def test_ensemble_defaults_to_every_other_model():
    inp = issue([0, 40, 100], [50, 80, 30], [1, 2, 1], status_quo=0.0)
    f = get_model("ensemble").forecast(inp)
    assert set(f.params["members"]) == set(MODEL_NAMES) - {"ensemble"}
    assert f.outcome == pytest.approx(float(np.median(list(f.params["members"].values()))))
    # consensus stays consensus
    assert get_model("ensemble").forecast(issue([30, 30], [50, 90], [1, 3])).outcome == pytest.approx(30.0)


def test_ensemble_rejects_bad_members():
    inp = issue([0, 100], [50, 50], [1, 1])
    for members in (("compromise", "oracle"), ("ensemble",), ()):
        with pytest.raises(ValueError, match="ensemble members"):
            EnsembleModel(members=members).forecast(inp)
