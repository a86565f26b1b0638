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
    # Other issues negotiated together with this one (same proposal / scenario), for the exchange
    # model, which trades positions between issues. Actors are matched across issues by id.
    related: tuple[IssueInput, ...] = ()
    # Legislative procedure ("COD" codecision, "CNS" consultation) and Council voting rule
    # ("QMV", "unanimity") for the procedural compromise model; None when unknown.
    procedure: str | None = None
    voting_rule: str | None = None

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
        related: tuple[IssueInput, ...] | list[IssueInput] = (),
        procedure: str | None = None,
        voting_rule: str | None = None,
    ) -> IssueInput:
        x = np.asarray(positions, dtype=float)
        s = np.asarray(saliences, dtype=float)
        c = np.asarray(capabilities, dtype=float)
        if not (len(actors) == len(x) == len(s) == len(c)):
            raise ValueError("actors, positions, saliences and capabilities must have the same length")
        if len(x) == 0:
            raise ValueError(f"issue {issue!r} has no actor with a position")
        ref = None if reference_salience is None else np.asarray(reference_salience, dtype=float)
        return IssueInput(
            issue, tuple(actors), x, s, c, status_quo, scale, ref, tuple(related), procedure, voting_rule
        )


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


def _weights(issue: IssueInput, salience_exponent: float = 1.0, capability_exponent: float = 1.0) -> np.ndarray:
    return issue.capabilities**capability_exponent * (issue.saliences / 100.0) ** salience_exponent


def _one_shot(name: str, issue: IssueInput, outcome: float, params: dict[str, Any]) -> Forecast:
    """The forecast of a model without rounds: positions as given, one outcome."""
    return Forecast(name, issue.issue, outcome, issue.actors, [issue.positions.copy()], [outcome], params=params)


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
        return _one_shot(self.name, issue, out, {"salience_exponent": self.salience_exponent})


@dataclass
class PenroseCompromiseModel:
    """The compromise model with influence growing as the square root of capability: Penrose's
    square-root law, by which a member's voting power in a body of many grows with the square
    root of the population it speaks for (the Council's weights under Nice and the Lisbon
    double majority approximate it). No parameter is fitted to data."""

    name: str = "penrose"

    def forecast(self, issue: IssueInput) -> Forecast:
        out = weighted_mean(issue.positions, _weights(issue, capability_exponent=0.5))
        return _one_shot(self.name, issue, out, {"capability_exponent": 0.5})


@dataclass
class WeightedMedianModel:
    """Capability x salience weighted median of positions (median voter model)."""

    salience_exponent: float = 1.0
    name: str = "median"

    def forecast(self, issue: IssueInput) -> Forecast:
        out = weighted_median(issue.positions, _weights(issue, self.salience_exponent))
        return _one_shot(self.name, issue, out, {"salience_exponent": self.salience_exponent})


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
        return _one_shot(self.name, issue, out, {"weight": self.weight})


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


# --------------------------------------------------------------------------- Nash bargaining


def nash_bargaining(
    x: np.ndarray,
    w: np.ndarray,
    disagreement: float,
    failure_cost: float,
    scale: tuple[float, float] = (0.0, 100.0),
) -> float:
    """Asymmetric Nash bargaining solution on one issue with quadratic utilities.

    Maximises sum_i w_i log g_i(z) over z on the scale, where g_i(z) = (x_i - d)^2 + K - (x_i - z)^2 is
    actor i's gain over disagreement (the outcome d plus a cost K of failing, K = failure_cost x span^2),
    subject to g_i(z) > 0 for every actor with w_i > 0 (nobody accepts a deal worse than disagreement).
    """
    lo, hi = scale
    span = hi - lo
    active = w > 0
    if not active.any():
        return float(np.mean(x))
    xa, wa = x[active], w[active]
    k = failure_cost * span**2
    radius = np.sqrt((xa - disagreement) ** 2 + k)
    left = max(lo, float((xa - radius).max()))
    right = min(hi, float((xa + radius).min()))
    if right - left <= 1e-9 * span:
        # only the disagreement point is acceptable to everyone (e.g. K = 0 and an actor sits at d)
        return float(min(max(disagreement, lo), hi))

    def slope(z: float) -> float:
        g = (xa - disagreement) ** 2 + k - (xa - z) ** 2
        return float((wa * 2 * (xa - z) / g).sum())

    # the objective is concave (a weighted sum of logs of concave functions): bisect its slope
    eps = 1e-9 * span
    a, b = left + eps, right - eps
    if slope(a) <= 0:
        return left
    if slope(b) >= 0:
        return right
    for _ in range(200):
        m = (a + b) / 2
        if slope(m) > 0:
            a = m
        else:
            b = m
    return (a + b) / 2


@dataclass
class NashBargainingModel:
    """Asymmetric Nash bargaining solution (Nash 1950; Achen 2006 for the EU), bargaining power
    capability x salience (salience as a utility multiplier would cancel out of the Nash product), quadratic
    utilities, disagreement = the status quo (reference point) made worse by a common failure cost.

    ``failure_cost`` is K as a fraction of the squared span of the scale. K = 0 is the pure Nash
    solution relative to the reference point (any actor sitting at the reference point then vetoes
    every change); as K grows the solution tends to the compromise model, which is Achen's result that
    the weighted mean approximates the Nash solution when disagreement is far away. Without a status
    quo the model is the compromise model.
    """

    failure_cost: float = 1.0
    name: str = "nash"

    def forecast(self, issue: IssueInput) -> Forecast:
        w = _weights(issue)
        if issue.status_quo is None:
            out = weighted_mean(issue.positions, w)
        else:
            out = nash_bargaining(issue.positions, w, issue.status_quo, self.failure_cost, issue.scale)
        return _one_shot(self.name, issue, out, {"failure_cost": self.failure_cost})


# --------------------------------------------------------------------------- procedure


@dataclass
class ProceduralCompromiseModel:
    """Compromise model whose weights follow the legislative procedure (Thomson et al. 2006; Achen 2006).

    Member states keep their capabilities (meant to be Council voting power under QMV) unless the
    Council decides by unanimity, where every state can veto and all get the same weight (their mean
    capability). The Commission gets ``commission`` times the largest member state's weight. The
    Parliament gets ``parliament_cod`` times that under codecision and ``parliament_cns`` times it
    under consultation, where its opinion does not bind. Issues without procedure information are
    treated as QMV / codecision; without the Commission or Parliament among the actors, their terms
    drop out.
    """

    commission: float = 1.0
    parliament_cod: float = 1.0
    parliament_cns: float = 0.0
    commission_id: str = "com"
    parliament_id: str = "ep"
    name: str = "procedural"

    def weights(self, issue: IssueInput) -> np.ndarray:
        caps = issue.capabilities.astype(float).copy()
        inst = np.array([a in (self.commission_id, self.parliament_id) for a in issue.actors])
        states = ~inst
        if states.any():
            if (issue.voting_rule or "").lower().startswith("unan"):
                caps[states] = caps[states].mean()
            largest = float(caps[states].max())
        else:
            largest = 1.0
        ep = self.parliament_cns if (issue.procedure or "").upper() == "CNS" else self.parliament_cod
        for k, a in enumerate(issue.actors):
            if a == self.commission_id:
                caps[k] = self.commission * largest
            elif a == self.parliament_id:
                caps[k] = ep * largest
        return caps * issue.saliences / 100.0

    def forecast(self, issue: IssueInput) -> Forecast:
        out = weighted_mean(issue.positions, self.weights(issue))
        return Forecast(
            self.name,
            issue.issue,
            out,
            issue.actors,
            [issue.positions.copy()],
            [out],
            params={
                "commission": self.commission,
                "parliament_cod": self.parliament_cod,
                "parliament_cns": self.parliament_cns,
            },
        )


# --------------------------------------------------------------------------- shrinkage

# Chosen by leave-one-proposal-out cross-validation on DEU III dev.tsv only (grid 0, 0.05, ..., 1;
# benchmarks/deu.py prints the CV error): the weight minimising the mean absolute error over all
# dev proposals. Fixed here so that a held-out file is forecast without refitting.
SHRINK_WEIGHT_STATUS_QUO = 0.0
SHRINK_WEIGHT_COMMISSION = 0.0


@dataclass
class ShrinkageModel:
    """(1 - weight) x compromise + weight x target, the target being the status quo (reference point)
    or one actor's position (by default the Commission's, the agenda setter). Where the target is
    missing the forecast is the compromise model."""

    target: Literal["status_quo", "actor"] = "actor"
    weight: float = SHRINK_WEIGHT_COMMISSION
    actor: str = "com"
    name: str = "shrink"

    def target_value(self, issue: IssueInput) -> float | None:
        if self.target == "status_quo":
            return issue.status_quo
        return float(issue.positions[issue.actors.index(self.actor)]) if self.actor in issue.actors else None

    def forecast(self, issue: IssueInput) -> Forecast:
        comp = weighted_mean(issue.positions, _weights(issue))
        tgt = self.target_value(issue)
        out = comp if tgt is None else (1 - self.weight) * comp + self.weight * tgt
        return _one_shot(self.name, issue, out, {"target": self.target, "weight": self.weight, "actor": self.actor})


# --------------------------------------------------------------------------- exchange model


@dataclass
class Exchange:
    """One position exchange: ``a`` shifts on ``issue_a`` towards ``b``, ``b`` on ``issue_b`` towards ``a``."""

    a: str
    b: str
    issue_a: str
    issue_b: str
    shift_a: float  # fraction of the distance to b's position that a moves on issue_a
    shift_b: float
    gain: float  # each side's expected-utility gain (equal by construction)


def exchange_positions(
    x: np.ndarray, s: np.ndarray, c: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, int, int, int, float, float, float]]]:
    """One round of Stokman & Van Oosten's (1994) position exchange model.

    ``x`` and ``s`` are (actors, issues) positions and saliences (NaN: the actor is absent from the
    issue), ``c`` capabilities. The expected outcome of an issue is the compromise (c x s weighted
    mean). Actors i and j, on opposite sides of the expected outcome on issues k and l, can trade if
    i cares relatively more about l and j about k (s_ik s_jl < s_jk s_il): i moves its position on k
    towards x_jk, j on l towards x_il. A shift of i by the full distance moves outcome k by
    c_i s_ik |x_jk - x_ik| / S_k (S_k = sum of c s on k). With linear utilities the rate of exchange
    that gives both the same gain is delta_l / delta_k = (s_ik + s_jk) / (s_il + s_jl); the side whose
    full shift is the smaller one moves all the way, the other the matching fraction. Exchanges are
    carried out in order of gain; a position already shifted, or one an earlier exchange was
    computed for, is not traded again. Returns the new positions and the exchanges
    (i, j, k, l, shift_i, shift_j, gain).
    """
    n, m = x.shape
    present = ~np.isnan(x) & ~np.isnan(s)
    xs, ss = np.where(present, x, 0.0), np.where(present, s, 0.0) / 100.0
    power = c[:, None] * ss  # (actors, issues)
    total = power.sum(axis=0)
    outcome = np.where(total > 0, (power * xs).sum(axis=0) / np.where(total > 0, total, 1.0), np.nan)
    cands: list[tuple[float, int, int, int, int, float, float]] = []
    for k in range(m):
        for li in range(m):
            if k == li or not (total[k] > 0 and total[li] > 0):
                continue
            # all pairs at once: rows i (moves on k), columns j (moves on li)
            both = present[:, k] & present[:, li]
            ok = both[:, None] & both[None, :]
            side_k = xs[:, k] - outcome[k]
            side_l = xs[:, li] - outcome[li]
            ok &= (side_k[:, None] * side_k[None, :] < 0) & (side_l[:, None] * side_l[None, :] < 0)
            sik, sil = ss[:, k][:, None], ss[:, li][:, None]
            sjk, sjl = ss[:, k][None, :], ss[:, li][None, :]
            ok &= sik * sjl < sjk * sil  # i cares relatively more about li, j about k
            # outcome moves if i goes all the way to j on k, and j all the way to i on li
            dk = power[:, k][:, None] * np.abs(xs[:, k][None, :] - xs[:, k][:, None]) / total[k]
            dl = power[:, li][None, :] * np.abs(xs[:, li][:, None] - xs[:, li][None, :]) / total[li]
            ok &= (dk > 0) & (dl > 0)
            for i, j in zip(*np.nonzero(ok), strict=True):
                rate = (sik[i, 0] + sjk[0, j]) / (sil[i, 0] + sjl[0, j])
                if rate * dk[i, j] <= dl[i, j]:
                    fi, fj, move_k = 1.0, rate * dk[i, j] / dl[i, j], dk[i, j]
                else:
                    fi, fj, move_k = dl[i, j] / rate / dk[i, j], 1.0, dl[i, j] / rate
                gain = move_k * (sil[i, 0] * rate - sik[i, 0])
                cands.append((float(gain), int(i), int(j), k, li, float(fi), float(fj)))
    cands.sort(key=lambda t: -t[0])
    new = x.copy()
    locked: set[tuple[int, int]] = set()
    done: list[tuple[int, int, int, int, float, float, float]] = []
    for gain, i, j, k, li, fi, fj in cands:
        cells = {(i, k), (j, k), (i, li), (j, li)}
        if cells & locked:
            continue
        locked |= cells
        new[i, k] = x[i, k] + fi * (x[j, k] - x[i, k])
        new[j, li] = x[j, li] + fj * (x[i, li] - x[j, li])
        done.append((i, j, k, li, fi, fj, gain))
    return new, done


@dataclass
class ExchangeModel:
    """Stokman's position exchange model (Stokman & Van Oosten 1994; Arregui, Stokman & Thomson 2006):
    one round of exchanges of voting positions between pairs of actors over pairs of issues negotiated
    together (``IssueInput.related``), then the compromise model on the new positions. With no related
    issue it is the compromise model. ``Forecast.params["exchanges"]`` lists the exchanges that moved a
    position on this issue."""

    name: str = "exchange"

    def forecast(self, issue: IssueInput) -> Forecast:
        group = [issue, *issue.related]
        actors = list(dict.fromkeys(a for g in group for a in g.actors))
        idx = {a: k for k, a in enumerate(actors)}
        x = np.full((len(actors), len(group)), np.nan)
        s = np.full_like(x, np.nan)
        c = np.zeros(len(actors))
        for col, g in enumerate(group):
            for a, p, sal, cap in zip(g.actors, g.positions, g.saliences, g.capabilities, strict=True):
                x[idx[a], col], s[idx[a], col] = p, sal
                c[idx[a]] = cap
        for a, cap in zip(issue.actors, issue.capabilities, strict=True):  # this issue's values win
            c[idx[a]] = cap
        new, done = exchange_positions(x, s, c) if len(group) > 1 else (x, [])
        pos = np.array([new[idx[a], 0] for a in issue.actors])
        out = weighted_mean(pos, _weights(issue))
        names = [g.issue for g in group]
        log = [
            asdict(Exchange(actors[i], actors[j], names[k], names[li], fi, fj, gain))
            for i, j, k, li, fi, fj, gain in done
            if k == 0 or li == 0
        ]
        comp = weighted_mean(issue.positions, _weights(issue))
        return Forecast(
            self.name,
            issue.issue,
            out,
            issue.actors,
            [issue.positions.copy(), pos],
            [comp, out],
            params={"exchanges": log},
        )


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
    # the highest expected utility (ties: smallest move); "by_kind" = conflicts first, then
    # compromises, then capitulations, the smallest move within a kind; "scholz_code" = as
    # "by_kind" except that among compromises the one with the lowest value of
    # (|E_receiver| x_receiver + |E_sender| x_sender) / (|E_receiver| + |E_sender|) wins, the rule
    # reported from Scholz et al.'s own code. It is the only rule that reproduces their published
    # trajectory, but it favours the low end of the scale: reversing the scale can change the forecast.
    accept: Literal["smallest_move", "max_eu", "by_kind", "scholz_code"] = "scholz_code"
    # How an actor's vote between two positions counts in P_ij: "risk" = capability x salience x
    # the difference of its distances to them raised to its current risk exponent r (the utility
    # difference, as in Scholz et al.'s code); "linear" = the same with r = 1.
    votes: Literal["risk", "linear"] = "risk"
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


def _scholz_compromise_key(offer: Offer, sender_position: float) -> float:
    """The point between receiver and sender weighted by their expected utilities' magnitudes."""
    a, b = abs(offer.sender_eu), abs(offer.receiver_eu)
    return (b * offer.old_position + a * sender_position) / (a + b)


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

    def _probabilities(self, x: np.ndarray, w: np.ndarray, r: np.ndarray, span: float) -> np.ndarray:
        # votes[k, i, j]: actor k's vote for i's position over j's
        d = np.abs(x[:, None] - x[None, :]) / span  # d[k, m] = |x_k - x_m|
        if self.params.votes == "risk":
            d = d ** r[:, None]
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
        prob = self._probabilities(x, w, r, span)
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
                elif p.accept in ("by_kind", "scholz_code"):
                    rank = {"conflict": 0, "compromise": 1, "capitulation": 2}
                    first = min(rank[o.kind] for o in moving)
                    moving = [o for o in moving if rank[o.kind] == first]
                    if p.accept == "scholz_code" and moving[0].kind == "compromise":
                        best = min(moving, key=lambda o: _scholz_compromise_key(o, x[names.index(o.sender)]))
                    else:
                        best = min(moving, key=lambda o: abs(o.new_position - o.old_position))
                else:
                    best = min(moving, key=lambda o: (-o.sender_eu, abs(o.new_position - o.old_position)))
                best.accepted = True
                new_x[j] = best.new_position
            log.extend(received)
        return new_x, log


# --------------------------------------------------------------------------- combination


@dataclass
class EnsembleModel:
    """The median of several models' forecasts (forecast combination).

    Each bargaining model errs in its own direction: the weighted median and BDM jump to one
    actor's position, Nash and the reference-point mix lean towards the status quo, the exchange
    and relative-salience models shift weight between issues. The median of their forecasts keeps
    the consensus and ignores the one or two that stray, which is why combined forecasts usually
    beat the best single model (Clemen 1989; Armstrong 2001). Members default to every other model
    of the registry with its default parameters, so nothing is chosen by looking at outcomes.
    ``members`` may name a subset; ``combine`` may be ``"mean"``.
    """

    members: tuple[str, ...] | None = None
    combine: Literal["median", "mean"] = "median"
    name: str = "ensemble"

    def member_names(self) -> tuple[str, ...]:
        names = self.members if self.members is not None else tuple(n for n in _MODELS if n != "ensemble")
        unknown = [n for n in names if n not in _MODELS or n == "ensemble"]
        if unknown or not names:
            raise ValueError(f"ensemble members must be models of the registry other than itself: {unknown}")
        return tuple(names)

    def forecast(self, issue: IssueInput) -> Forecast:
        outcomes = {n: get_model(n).forecast(issue).outcome for n in self.member_names()}
        values = np.array(list(outcomes.values()))
        out = float(np.median(values) if self.combine == "median" else np.mean(values))
        return _one_shot(self.name, issue, out, {"combine": self.combine, "members": outcomes})


# name -> model class; BDM takes its parameters through BDMParams
_MODELS: dict[str, type] = {
    "compromise": CompromiseModel,
    "penrose": PenroseCompromiseModel,
    "median": WeightedMedianModel,
    "relsal": RelativeSalienceModel,
    "refpoint": ReferencePointModel,
    "nash": NashBargainingModel,
    "procedural": ProceduralCompromiseModel,
    "shrink": ShrinkageModel,
    "exchange": ExchangeModel,
    "bdm": BDMModel,
    "ensemble": EnsembleModel,
}
MODEL_NAMES = tuple(_MODELS)


def get_model(name: str, **params: Any) -> Model:
    """Build a model by name; ``params`` are passed to its constructor (BDM: to BDMParams)."""
    if name not in _MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    if name == "bdm":
        return BDMModel(BDMParams(**params))
    return _MODELS[name](**params)
