"""Charts as inline SVG: a timeline of events, the actor network and cooperation-conflict curves.

Hand-written SVG so that every mark is a link to its event and a page needs no script and no
network; every label passes through ``escape`` (actor names come from article text). The same
strings are written as .svg files for briefs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

from markupsafe import Markup, escape

from . import plover
from .records import Event
from .views import QUAD_COLOURS, actor_label

Href = Callable[[Event], str]
FONT = "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif"


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date (a month alone stands for its first day)."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def _svg(width: int, height: int, body: list[str], label: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}" font-family="{FONT}" font-size="11">'
        + "".join(body) + "</svg>"
    )


def _describe(e: Event, label: Callable[[str], str] = str) -> str:
    who = ", ".join(actor_label(a) for a in e.actors) or "?"
    whom = ", ".join(actor_label(a) for a in e.recipients)
    return f"{e.date or label('undated')} {e.event} {who}" + (f" → {whom}" if whom else "") + f" ({label(e.status)})"


def _x_axis(d0: date, d1: date, x0: float, x1: float, y: float) -> tuple[Callable[[date], float], list[str]]:
    span = max((d1 - d0).days, 1)

    def x(d: date) -> float:
        return x0 + (d - d0).days / span * (x1 - x0)

    step = max(1, math.ceil(span / 8))
    ticks = []
    for k in range(0, span + 1, step):
        d = date.fromordinal(d0.toordinal() + k)
        ticks.append(f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{y}" y2="{y + 4}" stroke="#666"/>'
                     f'<text x="{x(d):.1f}" y="{y + 16}" text-anchor="middle" fill="#444">{d.isoformat()}</text>')
    return x, [f'<line x1="{x0}" x2="{x1}" y1="{y}" y2="{y}" stroke="#666"/>', *ticks]


def timeline_svg(events: list[Event], href: Href, width: int = 900,
                 label: Callable[[str], str] = str) -> Markup:
    """Dated events: one row per PLOVER category, one dot per event, coloured by quad class."""
    dated = [(parse_day(e.date), e) for e in events]
    dated = [(d, e) for d, e in dated if d is not None]
    if not dated:
        return Markup(f'<p class="empty">{escape(label("No dated events."))}</p>')
    cats = sorted({e.event for _, e in dated}, key=lambda c: (plover.category(c).quad, c))
    row = 24
    top, left, right = 10, 110, width - 20
    height = top + row * len(cats) + 36
    d0, d1 = min(d for d, _ in dated), max(d for d, _ in dated)
    x, axis = _x_axis(d0, d1, left, right, top + row * len(cats) + 4)
    body = []
    for i, c in enumerate(cats):
        y = top + row * i + row / 2
        body.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" fill="{QUAD_COLOURS[plover.category(c).quad]}">'
                    f'{escape(c)}</text><line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#eee"/>')
    stacked: Counter[tuple[date, str]] = Counter()
    for d, e in sorted(dated, key=lambda de: (de[0], de[1].id)):
        k = stacked[(d, e.event)]
        stacked[(d, e.event)] += 1
        cx = x(d) + (k % 5) * 7 * (1 if k % 2 else -1) * (k > 0)
        cy = top + row * cats.index(e.event) + row / 2
        body.append(f'<a href="{escape(href(e))}" class="mark"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" '
                    f'fill="{QUAD_COLOURS[plover.category(e.event).quad]}" fill-opacity="0.85" stroke="#fff">'
                    f'<title>{escape(_describe(e, label))}</title></circle></a>')
    return _svg(width, height, body + axis, label("timeline of events"))


def network_svg(events: list[Event], href: Href, size: int = 640, max_nodes: int = 40,
                label: Callable[[str], str] = str) -> Markup:
    """Actors as nodes on a circle, events as arrows from actor to recipient, coloured by quad class."""
    edges = [(actor_label(a), actor_label(r), e) for e in events for a in e.actors[:3] for r in e.recipients[:3]
             if actor_label(a) != actor_label(r)]
    if not edges:
        return Markup(f'<p class="empty">{escape(label("No events with both an actor and a recipient."))}</p>')
    degree: Counter[str] = Counter()
    for a, r, _ in edges:
        degree[a] += 1
        degree[r] += 1
    nodes = [n for n, _ in degree.most_common(max_nodes)]
    c, radius = size / 2, size / 2 - 90
    pos = {n: (c + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               c + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, n in enumerate(nodes)}
    body = ["<defs>"] + [
        f'<marker id="arrow{q}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{col}"/></marker>'
        for q, col in QUAD_COLOURS.items()] + ["</defs>"]
    seen: Counter[frozenset[str]] = Counter()
    for a, r, e in edges:
        if a not in pos or r not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[r]
        k = seen[frozenset((a, r))]
        seen[frozenset((a, r))] += 1
        # parallel edges bow out further and further so that each stays clickable
        bend = (14 + 10 * k) * (1 if a < r else -1)
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        mx, my = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
        ex, ey = x2 - (x2 - mx) / math.hypot(x2 - mx, y2 - my) * 8, y2 - (y2 - my) / math.hypot(x2 - mx, y2 - my) * 8
        q = plover.category(e.event).quad
        body.append(f'<a href="{escape(href(e))}" class="mark"><path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} '
                    f'{ex:.1f},{ey:.1f}" fill="none" stroke="{QUAD_COLOURS[q]}" stroke-width="2" '
                    f'stroke-opacity="0.75" marker-end="url(#arrow{q})"><title>{escape(_describe(e, label))}</title></path></a>')
    for n, (x, y) in pos.items():
        anchor = "start" if x > c + 1 else "end" if x < c - 1 else "middle"
        lx, ly = c + (radius + 12) * (x - c) / radius, c + (radius + 12) * (y - c) / radius
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 + min(degree[n], 12) / 2:.1f}" fill="#333"/>'
                    f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{escape(n)}</text>')
    legend = [f'<rect x="10" y="{10 + 16 * i}" width="10" height="10" fill="{col}"/>'
              f'<text x="26" y="{19 + 16 * i}">{escape(label(plover.QUAD_NAMES[q]))}</text>'
              for i, (q, col) in enumerate(QUAD_COLOURS.items())]
    return _svg(size, size, body + legend, label("actor network"))


def dyad_svg(events: list[Event], href: Href, width: int = 420, height: int = 170,
             label: Callable[[str], str] = str) -> Markup:
    """One dyad's events over time on the Goldstein scale (-10 conflict .. +10 cooperation):
    a dot per event and a line through each day's mean."""
    dated = sorted(((parse_day(e.date), e) for e in events if parse_day(e.date)), key=lambda de: de[0])
    if not dated:
        return Markup(f'<p class="empty">{escape(label("No dated events."))}</p>')
    left, right, top, bottom = 34, width - 12, 10, height - 30
    d0, d1 = dated[0][0], dated[-1][0]
    if d0 == d1:
        d0, d1 = date.fromordinal(d0.toordinal() - 1), date.fromordinal(d1.toordinal() + 1)
    x, axis = _x_axis(d0, d1, left, right, bottom)

    def y(v: float) -> float:
        return top + (10 - v) / 20 * (bottom - top)

    body = [f'<line x1="{left}" x2="{right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#bbb" stroke-dasharray="3,3"/>',
            f'<text x="{left - 4}" y="{y(10) + 4:.1f}" text-anchor="end" fill="#444">+10</text>',
            f'<text x="{left - 4}" y="{y(0) + 4:.1f}" text-anchor="end" fill="#444">0</text>',
            f'<text x="{left - 4}" y="{y(-10) + 4:.1f}" text-anchor="end" fill="#444">−10</text>']
    by_day: dict[date, list[float]] = defaultdict(list)
    for d, e in dated:
        by_day[d].append(plover.category(e.event).intensity)
    line = " ".join(f"{x(d):.1f},{y(sum(v) / len(v)):.1f}" for d, v in sorted(by_day.items()))
    body.append(f'<polyline points="{line}" fill="none" stroke="#555" stroke-width="1.5"/>')
    for d, e in dated:
        cat = plover.category(e.event)
        body.append(f'<a href="{escape(href(e))}" class="mark"><circle cx="{x(d):.1f}" cy="{y(cat.intensity):.1f}" r="5" '
                    f'fill="{QUAD_COLOURS[cat.quad]}"><title>{escape(_describe(e, label))}</title></circle></a>')
    return _svg(width, height, body + axis, label("cooperation and conflict over time"))


def standalone(svg: Markup) -> str:
    """An SVG chart as a file of its own (relative links kept: open it beside the report)."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg)
