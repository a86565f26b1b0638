"""The report's charts as PNG files for briefs (slides and documents that take no SVG).

Drawn with matplotlib from the same events as the SVG charts of ``charts.py`` (same rows,
colours and scale); names are drawn with a CJK font when one is installed, so kanji show.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from . import plover  # noqa: E402
from .charts import parse_day  # noqa: E402
from .records import Event  # noqa: E402
from .views import QUAD_COLOURS, actor_label  # noqa: E402

CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic", "Hiragino Sans",
             "Yu Gothic", "Meiryo")
DPI = 110


@lru_cache(maxsize=1)
def _fonts() -> list[str]:
    """Installed CJK fonts first, then matplotlib's own (glyphs missing in one come from the next)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FONTS if f in installed] + ["DejaVu Sans"]


def _save(fig, path: Path) -> None:
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)


def timeline_png(events: list[Event], path: Path, label: Callable[[str], str] = str) -> bool:
    """One row per PLOVER category, one dot per dated event; False when no event is dated."""
    dated = [(parse_day(e.date), e) for e in events]
    dated = [(d, e) for d, e in dated if d is not None]
    if not dated:
        return False
    cats = sorted({e.event for _, e in dated}, key=lambda c: (plover.category(c).quad, c))
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(cats) + 1.2))
    ax.scatter([d for d, _ in dated], [cats.index(e.event) for _, e in dated], s=40, alpha=0.85,
               c=[QUAD_COLOURS[plover.category(e.event).quad] for _, e in dated], edgecolors="white")
    ax.set_yticks(range(len(cats)), cats, fontsize=8)
    ax.invert_yaxis()
    ax.grid(axis="y", color="#eee")
    ax.tick_params(axis="x", labelsize=8, rotation=20)
    ax.set_title(label("Timeline of events"), fontsize=10)
    _save(fig, path)
    return True


def network_png(events: list[Event], path: Path, max_nodes: int = 40,
                label: Callable[[str], str] = str) -> bool:
    """Actors on a circle, one arrow per event from actor to recipient, coloured by quad class."""
    edges = [(actor_label(a), actor_label(r), e) for e in events for a in e.actors[:3] for r in e.recipients[:3]
             if actor_label(a) != actor_label(r)]
    if not edges:
        return False
    degree: Counter[str] = Counter()
    for a, r, _ in edges:
        degree[a] += 1
        degree[r] += 1
    nodes = [n for n, _ in degree.most_common(max_nodes)]
    pos = {n: (math.cos(2 * math.pi * i / len(nodes) - math.pi / 2), -math.sin(2 * math.pi * i / len(nodes) - math.pi / 2))
           for i, n in enumerate(nodes)}
    fig, ax = plt.subplots(figsize=(7, 7))
    seen: Counter[frozenset[str]] = Counter()
    for a, r, e in edges:
        if a in pos and r in pos:
            k = seen[frozenset((a, r))]
            seen[frozenset((a, r))] += 1
            ax.annotate("", xy=pos[r], xytext=pos[a], arrowprops={
                "arrowstyle": "-|>", "color": QUAD_COLOURS[plover.category(e.event).quad], "alpha": 0.75,
                "connectionstyle": f"arc3,rad={0.1 + 0.08 * k}", "shrinkA": 6, "shrinkB": 6})
    for n, (x, y) in pos.items():
        ax.scatter([x], [y], s=20 + 6 * min(degree[n], 12), color="#333", zorder=3)
        ax.text(x * 1.1, y * 1.1, n, fontsize=8, ha="left" if x > 0.01 else "right" if x < -0.01 else "center",
                va="center")
    for q, col in QUAD_COLOURS.items():
        ax.plot([], [], color=col, label=label(plover.QUAD_NAMES[q]))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(-0.1, 1.1))
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.4, 1.4)
    ax.set_axis_off()
    _save(fig, path)
    return True


def dyad_png(a: str, b: str, events: list[Event], path: Path) -> bool:
    """One dyad's events on the Goldstein scale over time, and the line of each day's mean."""
    dated = sorted(((parse_day(e.date), e) for e in events if parse_day(e.date)), key=lambda de: de[0])
    if not dated:
        return False
    by_day: dict = defaultdict(list)
    for d, e in dated:
        by_day[d].append(plover.category(e.event).intensity)
    fig, ax = plt.subplots(figsize=(5, 2.2))
    days = sorted(by_day)
    ax.plot(days, [sum(by_day[d]) / len(by_day[d]) for d in days], color="#555", linewidth=1.2)
    ax.scatter([d for d, _ in dated], [plover.category(e.event).intensity for _, e in dated],
               c=[QUAD_COLOURS[plover.category(e.event).quad] for _, e in dated], s=25, zorder=3)
    ax.axhline(0, color="#bbb", linestyle="--", linewidth=0.8)
    ax.set_ylim(-10.5, 10.5)
    ax.set_title(f"{a} – {b}", fontsize=9)
    ax.tick_params(labelsize=7)
    ax.tick_params(axis="x", rotation=20)
    _save(fig, path)
    return True


def write_pngs(folder: Path, events: list[Event], dyads: list[tuple[str, str, str, list[Event]]],
               label: Callable[[str], str] = str) -> list[Path]:
    """timeline.png, network.png and one PNG per dyad (named as its SVG file) in ``folder``;
    titles and legends through ``label`` (the report's language)."""
    written = []
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": _fonts()}):
        if timeline_png(events, folder / "timeline.png", label):
            written.append(folder / "timeline.png")
        if network_png(events, folder / "network.png", label=label):
            written.append(folder / "network.png")
        for a, b, svg_name, evs in dyads:
            path = folder / Path(svg_name).with_suffix(".png").name
            if dyad_png(a, b, evs, path):
                written.append(path)
    return written
