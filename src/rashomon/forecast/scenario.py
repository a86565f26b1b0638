"""Negotiation scenarios: YAML files (and KTAB SMP CSV files) loaded into typed records.

A scenario lists actors (with a capability), issues on a 0-100 scale (labelled anchor points, an
optional status quo) and, per actor and issue, a position and a salience (0-100). Any number may
be written as a mapping ``{value, range: [low, high], evidence: [...]}`` so that it can carry an
uncertainty range for Monte Carlo runs and cite the documents it rests on. Errors name the file
and line (PyYAML node marks).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from rashomon.forecast.models import IssueInput

SCALE = (0.0, 100.0)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; ``problems`` holds (line, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[int | None, str]]):
        self.path = path
        self.problems = problems
        lines = [f"{path}:{line}: {msg}" if line else f"{path}: {msg}" for line, msg in problems]
        super().__init__("invalid scenario\n" + "\n".join(lines))


@dataclass(frozen=True)
class Evidence:
    """A pointer into the document store: a document id (file stem) and a sentence index, with an
    optional short paraphrase in English. Never a quotation."""

    doc: str
    sentence: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Value:
    """A number with an optional uncertainty range and the evidence it rests on."""

    value: float
    low: float | None = None
    high: float | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def sample(self, rng: np.random.Generator) -> float:
        """A draw from a triangular distribution over [low, high] peaking at the value: the value is the
        best guess, the range the plausible extremes."""
        if not self.uncertain:
            return self.value
        assert self.low is not None and self.high is not None
        return float(rng.triangular(self.low, min(max(self.value, self.low), self.high), self.high))


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    capability: Value
    description: str = ""


@dataclass(frozen=True)
class Issue:
    id: str
    name: str
    anchors: dict[float, str] = field(default_factory=dict)
    status_quo: Value | None = None
    description: str = ""


@dataclass(frozen=True)
class Stance:
    actor: str
    issue: str
    position: Value
    salience: Value


@dataclass(frozen=True)
class Scenario:
    name: str
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    stances: tuple[Stance, ...]
    description: str = ""
    notes: str = ""
    path: str = ""

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def evidence(self) -> list[tuple[str, Evidence]]:
        """Every piece of evidence with what it supports ("US capability", "RU on nato")."""
        out = [(f"{a.id} capability", e) for a in self.actors for e in a.capability.evidence]
        out += [(f"{i.id} status quo", e) for i in self.issues if i.status_quo for e in i.status_quo.evidence]
        for st in self.stances:
            out += [(f"{st.actor} on {st.issue}", e) for e in st.position.evidence]
            out += [(f"{st.actor} salience for {st.issue}", e) for e in st.salience.evidence]
        return out

    def issue(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def issue_input(self, issue_id: str, with_related: bool = True) -> IssueInput:
        """The arrays a model needs for one issue (actors without a stance on it are left out), with
        the scenario's other issues as ``related`` (for the exchange model)."""
        issue = self.issue(issue_id)
        stances = [s for s in self.stances if s.issue == issue_id]
        caps = {a.id: a.capability.value for a in self.actors}
        # Each actor's mean salience over all its issues, for models that weigh relative salience.
        mean_sal = {
            a.id: _mean([s.salience.value for s in self.stances if s.actor == a.id]) for a in self.actors
        }
        return IssueInput.build(
            issue_id,
            [s.actor for s in stances],
            [s.position.value for s in stances],
            [s.salience.value for s in stances],
            [caps[s.actor] for s in stances],
            status_quo=issue.status_quo.value if issue.status_quo else None,
            scale=SCALE,
            reference_salience=[mean_sal[s.actor] for s in stances],
            related=tuple(
                self.issue_input(i.id, with_related=False)
                for i in self.issues
                if with_related and i.id != issue_id and any(s.issue == i.id for s in self.stances)
            ),
        )

    def sample(self, rng: np.random.Generator) -> Scenario:
        """A copy with every uncertain value replaced by a random draw from its range."""

        def draw(v: Value) -> Value:
            return Value(v.sample(rng)) if v.uncertain else v

        actors = tuple(replace(a, capability=draw(a.capability)) for a in self.actors)
        issues = tuple(
            replace(i, status_quo=draw(i.status_quo) if i.status_quo else None) for i in self.issues
        )
        stances = tuple(
            replace(s, position=draw(s.position), salience=draw(s.salience)) for s in self.stances
        )
        return replace(self, actors=actors, issues=issues, stances=stances)


def _mean(xs: list[float]) -> float:
    return float(np.mean(xs)) if xs else 50.0


# --------------------------------------------------------------------------- YAML with line numbers


class _LDict(dict):
    """A mapping that remembers the line of the mapping and of each value."""

    line: int = 0
    lines: dict[Any, int]
    key_lines: dict[Any, int]


class _LList(list):
    line: int = 0
    lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LDict:
    loader.flatten_mapping(node)
    out = _LDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise ScenarioError(
                str(node.start_mark.name), [(key_node.start_mark.line + 1, f"duplicate key {key!r}")]
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = value_node.start_mark.line + 1
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LList:
    out = _LList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _line(container: Any, key: Any = None) -> int | None:
    if key is not None and isinstance(container, (_LDict, _LList)):
        try:
            return container.lines[key]
        except (KeyError, IndexError, TypeError):
            pass
    return getattr(container, "line", None)


def _key_line(container: Any, key: Any) -> int | None:
    if isinstance(container, _LDict) and key in container.key_lines:
        return container.key_lines[key]
    return _line(container, key)


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[tuple[int | None, str]] = []

    def err(self, line: int | None, msg: str) -> None:
        self.problems.append((line, msg))

    def value(
        self, raw: Any, line: int | None, what: str, lo: float | None = None, hi: float | None = None
    ) -> Value | None:
        """Parse a number or ``{value, range, evidence}``; check it (and its range) lies in [lo, hi]."""
        ev: tuple[Evidence, ...] = ()
        low = high = None
        if isinstance(raw, dict):
            line = raw.line if isinstance(raw, _LDict) else line
            unknown = set(raw) - {"value", "range", "evidence", "note"}
            if unknown:
                self.err(line, f"{what}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
            if "value" not in raw:
                self.err(line, f"{what}: missing 'value'")
                return None
            rng = raw.get("range")
            if rng is not None:
                if not (isinstance(rng, list) and len(rng) == 2 and all(_is_number(v) for v in rng)):
                    self.err(_line(raw, "range"), f"{what}: range must be [low, high]")
                else:
                    low, high = float(rng[0]), float(rng[1])
            ev = self.evidence(raw.get("evidence"), _line(raw, "evidence"), what)
            raw = raw["value"]
        if not _is_number(raw):
            self.err(line, f"{what}: expected a number, got {raw!r}")
            return None
        v = float(raw)
        for name, x in (("value", v), ("range low", low), ("range high", high)):
            if x is None:
                continue
            if (lo is not None and x < lo) or (hi is not None and x > hi):
                bounds = f"{lo:g}-{hi:g}" if hi is not None else f">= {lo:g}"
                self.err(line, f"{what}: {name} {x:g} out of range {bounds}")
        if low is not None and high is not None and not (low <= v <= high):
            self.err(line, f"{what}: value {v:g} outside its range [{low:g}, {high:g}]")
        return Value(v, low, high, ev)

    def evidence(self, raw: Any, line: int | None, what: str) -> tuple[Evidence, ...]:
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for k, item in enumerate(items):
            ln = _line(raw, k) if isinstance(raw, _LList) else line
            if isinstance(item, str):
                out.append(Evidence(item))
            elif isinstance(item, dict) and isinstance(item.get("doc"), str):
                sent = item.get("sentence")
                if sent is not None and not (isinstance(sent, int) and sent >= 0):
                    self.err(ln, f"{what}: evidence sentence must be a non-negative integer")
                    sent = None
                out.append(Evidence(item["doc"], sent, item.get("note")))
            else:
                self.err(ln, f"{what}: evidence must be a document id or {{doc, sentence, note}}")
        return tuple(out)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario from YAML (``.yaml``/``.yml``) or KTAB SMP CSV (``.csv``)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return load_ktab_csv(p)
    return parse_scenario(p.read_text(encoding="utf-8"), str(p))


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Parse and validate scenario YAML; raise :class:`ScenarioError` listing every problem with its line."""
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except ScenarioError as e:
        raise ScenarioError(path, e.problems) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ScenarioError(path, [(mark.line + 1 if mark else None, f"not valid YAML: {e}")]) from None
    chk = _Checker(path)
    if not isinstance(doc, dict):
        raise ScenarioError(path, [(None, "expected a mapping with name, actors, issues, positions")])
    for key in ("name", "actors", "issues", "positions"):
        if key not in doc:
            chk.err(doc.line if isinstance(doc, _LDict) else None, f"missing top-level key {key!r}")
    if chk.problems:
        raise ScenarioError(path, chk.problems)

    actors: list[Actor] = []
    raw_actors = doc["actors"]
    if not isinstance(raw_actors, list) or not raw_actors:
        chk.err(_line(doc, "actors"), "actors must be a non-empty list")
        raw_actors = []
    for k, ra in enumerate(raw_actors):
        ln = _line(raw_actors, k)
        if not isinstance(ra, dict) or not isinstance(ra.get("id"), str):
            chk.err(ln, "each actor needs an 'id'")
            continue
        if any(a.id == ra["id"] for a in actors):
            chk.err(ln, f"duplicate actor {ra['id']!r}")
            continue
        if "capability" not in ra:
            chk.err(ln, f"actor {ra['id']!r}: missing 'capability'")
            continue
        cap = chk.value(
            ra["capability"], _line(ra, "capability"), f"actor {ra['id']!r} capability", 0.0, None
        )
        if cap is not None:
            actors.append(Actor(ra["id"], str(ra.get("name", ra["id"])), cap, str(ra.get("description", ""))))

    issues: list[Issue] = []
    issue_lines: dict[str, int | None] = {}
    raw_issues = doc["issues"]
    if not isinstance(raw_issues, list) or not raw_issues:
        chk.err(_line(doc, "issues"), "issues must be a non-empty list")
        raw_issues = []
    for k, ri in enumerate(raw_issues):
        ln = _line(raw_issues, k)
        if not isinstance(ri, dict) or not isinstance(ri.get("id"), str):
            chk.err(ln, "each issue needs an 'id'")
            continue
        if any(i.id == ri["id"] for i in issues):
            chk.err(ln, f"duplicate issue {ri['id']!r}")
            continue
        anchors: dict[float, str] = {}
        raw_anchors = ri.get("anchors") or {}
        if not isinstance(raw_anchors, dict):
            chk.err(_line(ri, "anchors"), f"issue {ri['id']!r}: anchors must map scale points to labels")
            raw_anchors = {}
        for point, label in raw_anchors.items():
            if not _is_number(point) or not SCALE[0] <= float(point) <= SCALE[1]:
                chk.err(
                    _line(raw_anchors, point), f"issue {ri['id']!r}: anchor {point!r} is not a point on 0-100"
                )
            else:
                anchors[float(point)] = str(label)
        sq = None
        if ri.get("status_quo") is not None:
            sq = chk.value(
                ri["status_quo"], _line(ri, "status_quo"), f"issue {ri['id']!r} status quo", *SCALE
            )
        issues.append(
            Issue(ri["id"], str(ri.get("name", ri["id"])), anchors, sq, str(ri.get("description", "")))
        )
        issue_lines[ri["id"]] = ln

    actor_ids = {a.id for a in actors}
    issue_ids = {i.id for i in issues}
    stances: list[Stance] = []
    raw_pos = doc["positions"]
    if not isinstance(raw_pos, dict):
        chk.err(_line(doc, "positions"), "positions must map actor -> issue -> {position, salience}")
        raw_pos = {}
    for actor_id, per_issue in raw_pos.items():
        ln = _key_line(raw_pos, actor_id)
        if actor_id not in actor_ids:
            chk.err(ln, f"positions given for actor {actor_id!r}, which is not in the actors list")
            continue
        if not isinstance(per_issue, dict):
            chk.err(ln, f"actor {actor_id!r}: expected issue -> {{position, salience}}")
            continue
        for issue_id, st in per_issue.items():
            ln2 = _key_line(per_issue, issue_id)
            if issue_id not in issue_ids:
                chk.err(ln2, f"actor {actor_id!r}: unknown issue {issue_id!r}")
                continue
            what = f"actor {actor_id!r} on issue {issue_id!r}"
            if not isinstance(st, dict) or "position" not in st or "salience" not in st:
                chk.err(ln2, f"{what}: needs both 'position' and 'salience'")
                continue
            pos = chk.value(st["position"], _line(st, "position"), f"{what}: position", *SCALE)
            sal = chk.value(st["salience"], _line(st, "salience"), f"{what}: salience", *SCALE)
            if "evidence" in st and pos is not None:
                pos = replace(
                    pos, evidence=pos.evidence + chk.evidence(st["evidence"], _line(st, "evidence"), what)
                )
            if pos is not None and sal is not None:
                stances.append(Stance(actor_id, issue_id, pos, sal))
    for issue in issues:
        if not any(s.issue == issue.id for s in stances) and not chk.problems:
            chk.err(issue_lines.get(issue.id), f"issue {issue.id!r}: no actor has a position on it")
    if chk.problems:
        raise ScenarioError(path, chk.problems)
    return Scenario(
        name=str(doc["name"]),
        actors=tuple(actors),
        issues=tuple(issues),
        stances=tuple(stances),
        description=str(doc.get("description", "")),
        notes=str(doc.get("notes", "")),
        path=path,
    )


# --------------------------------------------------------------------------- KTAB SMP CSV


def load_ktab_csv(path: str | Path) -> Scenario:
    """Read KTAB's SMP CSV: ``name,desc,nActors,nDims`` then a header row, then one row per actor
    ``Actor,Description,Power,Pos1,Sal1,...``. Positions and saliences are on 0-100; trailing commas
    and padding spaces are tolerated."""
    p = Path(path)
    with p.open(newline="", encoding="utf-8-sig") as fh:
        rows = [[c.strip() for c in row] for row in csv.reader(fh)]
    return parse_ktab_rows(rows, str(p))


def parse_ktab_rows(rows: list[list[str]], path: str = "<ktab>") -> Scenario:
    chk = _Checker(path)
    # Trailing empty cells come from the trailing commas KTAB writes.
    rows = [_strip_trailing(r) for r in rows]
    numbered = [(k + 1, r) for k, r in enumerate(rows) if any(r)]
    if len(numbered) < 3:
        raise ScenarioError(
            path, [(None, "expected a scenario row, a header row and at least one actor row")]
        )
    (ln0, first), (ln1, header), *body = numbered
    if len(first) < 4:
        raise ScenarioError(path, [(ln0, "first row must be name,desc,nActors,nDims")])
    try:
        n_actors, n_dims = int(float(first[2])), int(float(first[3]))
    except ValueError:
        raise ScenarioError(
            path, [(ln0, f"nActors and nDims must be integers, got {first[2]!r}, {first[3]!r}")]
        ) from None
    if len(header) < 3 + 2 * n_dims:
        chk.err(ln1, f"header has {len(header)} columns; {3 + 2 * n_dims} expected for {n_dims} dimension(s)")
    if len(body) != n_actors:
        chk.err(ln0, f"nActors is {n_actors} but {len(body)} actor row(s) follow")
    issue_names = [
        header[3 + 2 * d] if 3 + 2 * d < len(header) and header[3 + 2 * d] else f"dim{d + 1}"
        for d in range(n_dims)
    ]
    issue_ids = [f"dim{d + 1}" for d in range(n_dims)]
    actors: list[Actor] = []
    stances: list[Stance] = []
    for ln, row in body:
        if len(row) < 3 + 2 * n_dims:
            chk.err(ln, f"expected {3 + 2 * n_dims} columns, found {len(row)}")
            continue
        name = row[0]
        if any(a.id == name for a in actors):
            chk.err(ln, f"duplicate actor {name!r}")
            continue
        cap = chk.value(_num(row[2]), ln, f"actor {name!r} power", 0.0, None)
        if cap is None:
            continue
        actors.append(Actor(name, name, cap, row[1]))
        for d in range(n_dims):
            pos = chk.value(_num(row[3 + 2 * d]), ln, f"actor {name!r} {issue_names[d]}: position", *SCALE)
            sal = chk.value(_num(row[4 + 2 * d]), ln, f"actor {name!r} {issue_names[d]}: salience", *SCALE)
            if pos is not None and sal is not None:
                stances.append(Stance(name, issue_ids[d], pos, sal))
    if chk.problems:
        raise ScenarioError(path, chk.problems)
    issues = tuple(Issue(i, n) for i, n in zip(issue_ids, issue_names, strict=True))
    return Scenario(first[0], tuple(actors), issues, tuple(stances), description=first[1], path=path)


def _strip_trailing(row: list[str]) -> list[str]:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def _num(cell: str) -> Any:
    try:
        return float(cell)
    except ValueError:
        return cell
