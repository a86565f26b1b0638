"""Bargaining models over actors' positions on one issue.

Every model takes an :class:`IssueInput` (positions, saliences and capabilities of the actors on
one issue) and returns a :class:`Forecast`. Static models (compromise, weighted median) give a
single-round trajectory; the expected-utility challenge model of Bueno de Mesquita, as
reconstructed by Scholz, Calbert & Smith (2011), returns the positions round by round and the log
of offers exchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

OfferKind = Literal["conflict", "compromise", "capitulation"]


@dataclass(frozen=True)
class IssueInput:
    """One issue as the models see it. Saliences are on the 0-100 scale, capabilities >= 0."""

    issue: str
    actors: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    capabilities: np.ndarray
    status_quo: float | None = None
    scale: tuple[float, float] = (0.0, 100.0)
    # Each actor's typical salience over the related issues (same proposal / scenario), for models
    # that weigh how much more (or less) this issue matters to an actor than its others.
    reference_salience: np.ndarray | None = None

    @staticmethod
    def build(
        issue: str,
        actors: list[str] | tuple[str, ...],
        positions: list[float] | np.ndarray,
        saliences: list[float] | np.ndarray,
        capabilities: list[float] | np.ndarray,
        status_quo: float | None = None,
        scale: tuple[float, float] = (0.0, 100.0),
        reference_salience: list[float] | np.ndarray | None = None,
    ) -> IssueInput:
        x = np.asarray(positions, dtype=float)
        s = np.asarray(saliences, dtype=float)
        c = np.asarray(capabilities, dtype=float)
        if not (len(actors) == len(x) == len(s) == len(c)):
            raise ValueError("actors, positions, saliences and capabilities must have the same length")
        if len(x) == 0:
            raise ValueError(f"issue {issue!r} has no actor with a position")
        ref = None if reference_salience is None else np.asarray(reference_salience, dtype=float)
        return IssueInput(issue, tuple(actors), x, s, c, status_quo, scale, ref)


@dataclass
class Offer:
    """One offer (a challenge) from ``sender`` to ``receiver`` in a round of the BDM model."""

    round: int
    sender: str
    receiver: str
    kind: OfferKind
    sender_eu: float  # sender's expected utility of challenging the receiver
    receiver_eu: float  # receiver's expected utility of challenging the sender
    old_position: float
    new_position: float  # where the receiver would move if it accepts
    accepted: bool = False


@dataclass
class Forecast:
    model: str
    issue: str
    outcome: float
    actors: tuple[str, ...]
    trajectory: list[np.ndarray]  # positions per round; index 0 is the input
    summary_by_round: list[float]  # the model's outcome statistic after each round (index 0: input)
    offers: list[Offer] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        return len(self.trajectory) - 1


class Model(Protocol):
    name: str

    def forecast(self, issue: IssueInput) -> Forecast: ...


# --------------------------------------------------------------------------- static models


def _weights(issue: IssueInput, salience_exponent: float = 1.0) -> np.ndarray:
    return issue.capabilities * (issue.saliences / 100.0) ** salience_exponent


def weighted_mean(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted mean; falls back to the plain mean when all weights are zero."""
    total = float(w.sum())
    if total <= 0:
        return float(np.mean(x))
    return float((w * x).sum() / total)


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """The position where cumulative weight first reaches half; ties at exactly half average the two.

    With positive weights this is the position no weighted majority wants to move away from
    (the weighted median voter), which is the Condorcet winner for single-peaked symmetric utilities.
    """
    if float(w.sum()) <= 0:
        w = np.ones_like(x)
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws)
    half = cum[-1] / 2.0
    k = int(np.searchsorted(cum, half - 1e-12 * cum[-1]))
    if abs(cum[k] - half) <= 1e-12 * cum[-1] and k + 1 < len(xs):
        return float((xs[k] + xs[k + 1]) / 2.0)
    return float(xs[k])


@dataclass
class CompromiseModel:
    """Capability x salience weighted mean of positions (the compromise or Nash-bargaining model
    under quadratic losses). ``salience_exponent`` lets salience count more (or less) than capability."""

    salience_exponent: float = 1.0
    name: str = "compromise"

    def forecast(self, issue: IssueInput) -> Forecast:
        out = weighted_mean(issue.positions, _weights(issue, self.salience_exponent))
        return Forecast(
            self.name,
            issue.issue,
            out,
            issue.actors,
            [issue.positions.copy()],
            [out],
            params={"salience_exponent": self.salience_exponent},
        )


@dataclass
class WeightedMedianModel:
    """Capability x salience weighted median of positions (median voter model)."""

    salience_exponent: float = 1.0
    name: str = "median"

    def forecast(self, issue: IssueInput) -> Forecast:
        out = weighted_median(issue.positions, _weights(issue, self.salience_exponent))
        return Forecast(
            self.name,
            issue.issue,
            out,
            issue.actors,
            [issue.positions.copy()],
            [out],
            params={"salience_exponent": self.salience_exponent},
        )


@dataclass
class ReferencePointModel:
    """Compromise model pulled towards the status quo (reference point): outcome =
    (1 - weight) * compromise + weight * status_quo. Without a status quo it is the compromise model.

    The idea: the status quo is the reversion point if no deal is reached, so it acts as an extra
    actor with weight proportional to the actors' total weight."""

    weight: float = 0.2
    name: str = "refpoint"

    def forecast(self, issue: IssueInput) -> Forecast:
        comp = weighted_mean(issue.positions, _weights(issue))
        out = comp if issue.status_quo is None else (1 - self.weight) * comp + self.weight * issue.status_quo
        return Forecast(
            self.name,
            issue.issue,
            out,
            issue.actors,
            [issue.positions.copy()],
            [out],
            params={"weight": self.weight},
        )


@dataclass
class RelativeSalienceModel:
    """Compromise model where an actor's weight also grows with how much this issue matters to it
    relative to its other issues: w = capability * s * (s / s_ref). The logic is that of vote
    trading (the exchange model): actors give ground where they care less than usual and hold firm
    where they care more. Without ``reference_salience`` it is the compromise model."""

    name: str = "relsal"

    def forecast(self, issue: IssueInput) -> Forecast:
        w = _weights(issue)
        if issue.reference_salience is not None:
            ref = np.where(issue.reference_salience > 0, issue.reference_salience, np.nan)
            rel = np.nan_to_num(issue.saliences / ref, nan=1.0)
            w = w * rel
        out = weighted_mean(issue.positions, w)
        return Forecast(self.name, issue.issue, out, issue.actors, [issue.positions.copy()], [out])


# --------------------------------------------------------------------------- BDM / Scholz


@dataclass(frozen=True)
class BDMParams:
    """Every choice the published description of the model leaves open.

    Defaults reproduce Scholz, Calbert & Smith (2011) on their emission-standards case as closely
    as we could (see docs/forecast.md for the measured trajectory).
    """

    # Probability that, absent a challenge, the status quo persists (Scholz et al. use Q = 1).
    q: float = 1.0
    # Probability that, if the status quo does not persist, things change in the challenger's favour.
    t: float = 1.0
    # Fixed number of rounds; the model stops earlier if no position moves.
    rounds: int = 8
    # P_ij: "votes_for" = sum of votes for i over j / sum of absolute votes (P_ij + P_ji = 1);
    # "net" = max(0, net votes for i) / sum of absolute votes.
    probability: Literal["votes_for", "net", "all_pairs"] = "all_pairs"
    # How a conflict (both sides expect to gain by challenging) resolves for the receiver:
    # "higher_eu" = the side with the larger expected utility wins and the loser moves to its
    # position; "expected" = the receiver moves to the probability-weighted position
    # P_ij x_i + (1 - P_ij) x_j; "none" = conflicts leave positions unchanged.
    conflict: Literal["higher_eu", "expected", "none"] = "higher_eu"
    # Which of the offers it receives an actor accepts: "smallest_move" = the one requiring the
    # least change of position (Bueno de Mesquita 1994); "max_eu" = the one from the sender with
    # the highest expected utility (ties: smallest move).
    accept: Literal["smallest_move", "max_eu", "by_kind"] = "by_kind"
    # Whose expected utilities enter actor i's security (danger) sum: "challengers" = sum over j
    # of E^j(U_ji), others' expected utility of challenging i; "own" = sum over j of E^i(U_ij).
    security: Literal["challengers", "own"] = "challengers"
    # Whose estimate the receiver uses for the two expected utilities that classify an offer:
    # "own" = each side's own estimate (sender's r for the sender's utility, receiver's r for the
    # receiver's); "receiver" = both as the receiver computes them with its own r.
    perception: Literal["own", "receiver"] = "receiver"
    # Median position used in the "better/worse" utilities U_b, U_w: the Condorcet winner among
    # current positions ("median") or the capability x salience weighted mean ("mean").
    mu: Literal["median", "mean"] = "median"
    # The forecast: the Condorcet (weighted median) position after the last round, or the weighted mean.
    outcome: Literal["median", "mean"] = "median"
    # Risk exponents are recomputed every round from r = 1 (Scholz's step 2) or from last round's.
    reset_risk: bool = True


def condorcet_position(x: np.ndarray, w: np.ndarray) -> float:
    """The current position that beats every other in pairwise votes, each actor voting with weight
    w_k times its utility difference |x_k - b| - |x_k - a| (linear loss). Among several with the
    same score the first in sorted order is kept."""
    cand = np.unique(x)
    if len(cand) == 1:
        return float(cand[0])
    # votes[a, b] = sum_k w_k (|x_k - b| - |x_k - a|): support for a over b
    d = np.abs(x[None, :] - cand[:, None])  # (candidates, actors)
    votes = (w[None, None, :] * (d[None, :, :] - d[:, None, :])).sum(axis=2)
    # A Condorcet winner has no negative pairwise score; with linear loss the weighted median is one.
    wins = (votes >= -1e-12).all(axis=1)
    if wins.any():
        return float(cand[np.argmax(wins)])
    return float(cand[np.argmax(votes.sum(axis=1))])


@dataclass
class BDMModel:
    """Bueno de Mesquita's expected-utility challenge model after Scholz, Calbert & Smith (2011).

    Each round: (1) risk exponents r_i = 1; (2) win probabilities P_ij from capability x salience
    weighted votes; (3) each actor's expected utility of challenging each other,
    E^i(U_ij) = s_j [P_ij U_s + (1 - P_ij) U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w];
    (4) security R_i from the sums of expected utilities and r_i = (1 - R_i/3)/(1 + R_i/3);
    (5) expected utilities again with the new r; (6) every i with E^i(U_ij) > 0 sends j an offer;
    (7) each receiver classifies its offers (conflict, compromise, capitulation) and accepts one.
    """

    params: BDMParams = field(default_factory=BDMParams)
    name: str = "bdm"

    def forecast(self, issue: IssueInput) -> Forecast:
        p = self.params
        names = issue.actors
        x = issue.positions.astype(float).copy()
        c = issue.capabilities.astype(float)
        s = np.clip(issue.saliences.astype(float) / 100.0, 0.0, 1.0)
        w = c * s
        span = float(x.max() - x.min())
        n = len(x)
        stat = (
            (lambda xx: condorcet_position(xx, w))
            if p.outcome == "median"
            else (lambda xx: weighted_mean(xx, w))
        )
        trajectory = [x.copy()]
        summary = [stat(x)]
        offers: list[Offer] = []
        if span <= 0 or n < 2:
            return Forecast(self.name, issue.issue, summary[0], names, trajectory, summary, [], asdict(p))
        r = np.ones(n)
        for rnd in range(1, p.rounds + 1):
            if p.reset_risk:
                r = np.ones(n)
            eu = self._expected_utilities(x, s, w, r, span)
            r = self._risk_exponents(eu)
            eu = self._expected_utilities(x, s, w, r, span)
            new_x, round_offers = self._exchange(rnd, x, eu, r, s, w, span, names)
            offers.extend(round_offers)
            moved = not np.allclose(new_x, x)
            x = new_x
            trajectory.append(x.copy())
            summary.append(stat(x))
            if not moved:
                break
        return Forecast(self.name, issue.issue, summary[-1], names, trajectory, summary, offers, asdict(p))

    # -- pieces of a round

    def _probabilities(self, x: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
        # votes[k, i, j]: actor k's vote for i's position over j's
        d = np.abs(x[:, None] - x[None, :]) / span  # d[k, m] = |x_k - x_m|
        votes = w[:, None, None] * (d[:, None, :] - d[:, :, None])
        total = np.abs(votes).sum(axis=0)
        if self.params.probability == "votes_for":
            top = np.clip(votes, 0, None).sum(axis=0)
        elif self.params.probability == "all_pairs":
            top = np.clip(votes, 0, None).sum(axis=0)
            total = np.full_like(total, np.abs(votes).sum())
        else:
            top = np.clip(votes.sum(axis=0), 0, None)
        with np.errstate(invalid="ignore", divide="ignore"):
            prob = np.where(total > 0, top / np.where(total > 0, total, 1.0), 0.0)
        return prob

    def _expected_utilities(
        self, x: np.ndarray, s: np.ndarray, w: np.ndarray, r: np.ndarray, span: float
    ) -> dict[str, np.ndarray]:
        """Expected utilities of challenges. ``own[i, j]`` = E^i(U_ij) with i's risk exponent;
        ``as_seen_by_target[i, j]`` = E(U_ij) computed with j's exponent (j's estimate of i)."""
        p = self.params
        prob = self._probabilities(x, w, span)
        mu = condorcet_position(x, w) if p.mu == "median" else weighted_mean(x, w)
        dij = np.abs(x[:, None] - x[None, :]) / span
        dmu = np.abs(x - mu)[:, None] / span + dij  # |x_i - mu| + |x_i - x_j|, over span

        def eu_with(rr: np.ndarray) -> np.ndarray:
            us = 2 - 4 * (0.5 - 0.5 * dij) ** rr
            uf = 2 - 4 * (0.5 + 0.5 * dij) ** rr
            ub = 2 - 4 * np.clip(0.5 - 0.25 * dmu, 0, None) ** rr
            uw = 2 - 4 * (0.5 + 0.25 * dmu) ** rr
            usq = 2 - 4 * 0.5**rr
            sj = s[None, :]
            e = (
                sj * (prob * us + (1 - prob) * uf)
                + (1 - sj) * us
                - p.q * usq
                - (1 - p.q) * (p.t * ub + (1 - p.t) * uw)
            )
            np.fill_diagonal(e, 0.0)
            return e

        own = eu_with(np.broadcast_to(r[:, None], dij.shape))
        seen = eu_with(np.broadcast_to(r[None, :], dij.shape))
        return {"own": own, "as_seen_by_target": seen, "prob": prob}

    def _risk_exponents(self, eu: dict[str, np.ndarray]) -> np.ndarray:
        e = eu["own"]
        # danger[i]: others' expected utility of challenging i, or i's of challenging others
        danger = e.sum(axis=0) if self.params.security == "challengers" else e.sum(axis=1)
        hi, lo = float(danger.max()), float(danger.min())
        if hi - lo <= 1e-15:
            return np.ones_like(danger)
        big_r = (2 * danger - hi - lo) / (hi - lo)
        return (1 - big_r / 3) / (1 + big_r / 3)

    def _exchange(
        self,
        rnd: int,
        x: np.ndarray,
        eu: dict[str, np.ndarray],
        r: np.ndarray,
        s: np.ndarray,
        w: np.ndarray,
        span: float,
        names: tuple[str, ...],
    ) -> tuple[np.ndarray, list[Offer]]:
        p = self.params
        own, seen, prob = eu["own"], eu["as_seen_by_target"], eu["prob"]
        n = len(x)
        new_x = x.copy()
        log: list[Offer] = []
        for j in range(n):  # receiver
            received: list[Offer] = []
            for i in range(n):  # sender
                if i == j or x[i] == x[j]:
                    continue
                # a: sender's expected utility of challenging j; b: receiver's of challenging i
                a = own[i, j] if p.perception == "own" else seen[i, j]
                b = own[j, i]
                if a <= 0:
                    continue
                kind: OfferKind
                if b > 0:
                    kind = "conflict"
                    if p.conflict == "higher_eu":
                        target = x[i] if a > b else x[j]
                    elif p.conflict == "expected":
                        target = x[j] + prob[i, j] * (x[i] - x[j])
                    else:
                        target = x[j]
                elif abs(b) < a:
                    kind = "compromise"
                    target = x[j] + (x[i] - x[j]) * abs(b) / a
                else:
                    kind = "capitulation"
                    target = x[i]
                received.append(
                    Offer(rnd, names[i], names[j], kind, float(a), float(b), float(x[j]), float(target))
                )
            moving = [o for o in received if o.new_position != o.old_position]
            if moving:
                if p.accept == "smallest_move":
                    best = min(moving, key=lambda o: abs(o.new_position - o.old_position))
                elif p.accept == "by_kind":
                    rank = {"conflict": 0, "compromise": 1, "capitulation": 2}
                    best = min(moving, key=lambda o: (rank[o.kind], abs(o.new_position - o.old_position)))
                else:
                    best = min(moving, key=lambda o: (-o.sender_eu, abs(o.new_position - o.old_position)))
                best.accepted = True
                new_x[j] = best.new_position
            log.extend(received)
        return new_x, log


MODEL_NAMES = ("compromise", "median", "relsal", "refpoint", "bdm")


def get_model(name: str, **params: Any) -> Model:
    """Build a model by name; ``params`` are passed to its constructor (BDM: to BDMParams)."""
    if name == "compromise":
        return CompromiseModel(**params)
    if name == "median":
        return WeightedMedianModel(**params)
    if name == "relsal":
        return RelativeSalienceModel(**params)
    if name == "refpoint":
        return ReferencePointModel(**params)
    if name == "bdm":
        return BDMModel(BDMParams(**params))
    raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
