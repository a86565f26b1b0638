"""The PLOVER event ontology: the 16 categories, their quad classes, CAMEO roots, intensity
scores, modes and contexts, read from ``data/plover.yaml``.

Intensity is the Goldstein value (-10 conflict .. +10 cooperation) of the category's main
CAMEO root, following the CAMEO2PLOVER crosswalk; the manual's "Schrodt score" is kept
alongside as ``Category.schrodt``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "plover.yaml"

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    quad: int
    cameo: tuple[str, ...]  # CAMEO root codes, the main one first
    goldstein: float  # Goldstein value of the main CAMEO root
    schrodt: float
    modes: tuple[str, ...]

    @property
    def intensity(self) -> float:
        return self.goldstein

    @property
    def cooperative(self) -> bool:
        return self.quad in (1, 2)

    @property
    def material(self) -> bool:
        return self.quad in (2, 4)


def _load() -> tuple[dict[str, Category], dict[str, tuple[str, str | None]], tuple[str, ...], dict[str, str]]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    scores = {str(k): float(v) for k, v in data["cameo_goldstein"].items()}
    cats: dict[str, Category] = {}
    for name, raw in data["categories"].items():
        roots = tuple(str(r) for r in raw["cameo"])
        cats[name] = Category(
            name=name,
            quad=int(raw["quad"]),
            cameo=roots,
            goldstein=scores[roots[0]],
            schrodt=float(raw["schrodt"]),
            modes=tuple(raw.get("modes") or ()),
        )
    aliases = {k: (v["category"], v.get("alias_mode")) for k, v in (data.get("aliases") or {}).items()}
    return cats, aliases, tuple(data["contexts"]), dict(data.get("context_aliases") or {})


CATEGORIES, ALIASES, CONTEXTS, CONTEXT_ALIASES = _load()


def canonical(cat: str) -> str:
    """The current PLOVER name of ``cat`` (accepts 0.5b1 names such as DEMAND or FIGHT)."""
    name = cat.strip().upper()
    if name in CATEGORIES:
        return name
    if name in ALIASES:
        return ALIASES[name][0]
    raise KeyError(f"unknown PLOVER category: {cat!r}")


def category(cat: str) -> Category:
    return CATEGORIES[canonical(cat)]


def quad_class(cat: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return category(cat).quad


def intensity(cat: str) -> float:
    """Goldstein-scale value (-10..+10) of the category's main CAMEO root."""
    return category(cat).goldstein


def cameo_root(cat: str) -> str:
    """The main 2-digit CAMEO root code of the category."""
    return category(cat).cameo[0]


def cameo_roots(cat: str) -> tuple[str, ...]:
    return category(cat).cameo


def goldstein(cat: str) -> float:
    """Goldstein value of the category's main CAMEO root (same as ``intensity``)."""
    return category(cat).goldstein


def canonical_context(context: str) -> str:
    c = context.strip().lower().replace(" ", "_")
    return CONTEXT_ALIASES.get(c, c)


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [v for v in value if v]


def validate(
    cat: str, mode: str | Iterable[str] | None = None, context: str | Iterable[str] | None = None
) -> list[str]:
    """Problems with an event coding (empty when it is valid PLOVER).

    ``mode`` and ``context`` may be a value, a comma-separated string or a list; context aliases
    (refugee, territory ...) are accepted."""
    try:
        c = category(cat)
    except KeyError as e:
        return [str(e.args[0])]
    problems = []
    for m in _as_list(mode):
        if m not in c.modes:
            allowed = ", ".join(c.modes) or "none"
            problems.append(f"mode {m!r} is not defined for {c.name} (allowed: {allowed})")
    for x in _as_list(context):
        if canonical_context(x) not in CONTEXTS:
            problems.append(f"unknown context {x!r}")
    return problems
