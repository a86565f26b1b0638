"""The comparison of accounts (``compare.py``) arranged for pages: the report and the web app.

Nothing is worked out again here: the records of a ``Comparison`` are grouped by story and by
source, and each piece of evidence becomes a (document id, sentence) pair that a page turns into
a link to the highlighted sentence. Templates escape every text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .compare import Comparison, EventRow, Fact, Label, Silence, Source, StatementGroup, outlet_profiles


@dataclass(slots=True)
class StoryView:
    number: int  # from 1
    sources: list[int]
    shared: list[EventRow]  # events more than one of its sources report
    facts: list[Fact]  # contradictions first
    only_in: list[tuple[int, list[EventRow]]]  # source -> events only it reports
    silences: list[tuple[Silence, EventRow]]
    statements: list[StatementGroup]  # one statement as several of its sources give it

    @property
    def contradictions(self) -> int:
        return sum(f.verdict == "contradict" for f in self.facts)


@dataclass(slots=True)
class FramingRow:
    source: int
    actor: str
    labels: list[Label]


@dataclass(slots=True)
class CompareView:
    sources: list[Source]
    names: dict[int, str]  # source id -> "#id outlet"
    chains: list[tuple[str, dict, list[int], list[str], str | None, str]]  # original, its profile, sources, ...
    stories: list[StoryView]
    events: dict[str, EventRow]
    framing: list[FramingRow]
    disputes: list[tuple[str, list[tuple[int, list[tuple[str, str, list[int]]]]]]]
    facts: int = 0
    contradictions: int = 0
    extra: list[Fact] = field(default_factory=list)  # facts of events outside every story's rows
    left_out: dict[str, int] = field(default_factory=dict)  # part -> items not shown (page limits)
    max_links: int = 12  # sentences linked per value or statement; the rest counted


def compare_view(c: Comparison, max_stories: int = 10, max_rows: int = 100, max_links: int = 12,
                 max_items: int = 30) -> CompareView:
    """The comparison grouped for a page: the ``max_stories`` stories with most sources (those
    with contradictions first), at most ``max_rows`` sources and framing rows and ``max_items``
    facts, silences, sources with events of their own and shared statements per story, so that a
    page over a large store stays readable and quick; ``left_out`` counts what is not shown (the
    JSON has all of it); ``max_links`` sentences are linked per value or statement."""
    rows = {r.id: r for r in c.coverage.events}
    story_of_source = {s: n for n, story in enumerate(c.coverage.stories) for s in story}
    order = lambda f: (f.verdict != "contradict", f.event, f.field)  # noqa: E731
    facts: dict[int, list[Fact]] = defaultdict(list)
    extra = []
    for f in sorted(c.facts, key=order):
        row = rows.get(f.event)
        if row is None:
            extra.append(f)
        else:
            facts[row.story].append(f)
    silences: dict[int, list[tuple[Silence, EventRow]]] = defaultdict(list)
    for s in c.coverage.silences:
        if s.event in rows:
            silences[rows[s.event].story].append((s, rows[s.event]))
    statements: dict[int, list[StatementGroup]] = defaultdict(list)
    for g in c.statements:
        if len(g.sources) > 1:
            statements[story_of_source.get(g.sources[0], -1)].append(g)
    stories = []
    for n, story in enumerate(c.coverage.stories):
        only = [(s, [rows[e] for e in c.coverage.only_in.get(s, []) if e in rows]) for s in story]
        stories.append(StoryView(
            number=n + 1, sources=story,
            shared=[r for r in c.coverage.events if r.story == n and len(r.sources) > 1],
            facts=facts.get(n, []), only_in=[(s, evs) for s, evs in only if evs], silences=silences.get(n, []),
            statements=statements.get(n, [])))
    ranked = sorted(stories, key=lambda st: (st.contradictions == 0, -len(st.sources), st.number))[:max_stories]
    shown = sorted(ranked, key=lambda st: st.number)
    grouped: dict[tuple[int, str], list[Label]] = defaultdict(list)
    for lb in c.framing:
        grouped[(lb.source, lb.actor)].append(lb)
    profiles = outlet_profiles()
    disputes = [(d.dimension, [(sid, [(label, actor, ix) for label, actors in ans.items()
                                      for actor, ix in actors.items()]) for sid, ans in d.answers.items()])
                for d in c.disputes]
    framing_rows = [FramingRow(s, a, lbs) for (s, a), lbs in sorted(grouped.items())]
    cut = 0
    for st in shown:
        for part in ("facts", "only_in", "silences", "statements"):
            items = getattr(st, part)
            cut += max(0, len(items) - max_items)
            setattr(st, part, items[:max_items])
    left_out = {"stories": len(stories) - len(shown), "sources": max(0, len(c.sources) - max_rows),
                "framing": max(0, len(framing_rows) - max_rows), "items": cut}
    return CompareView(
        sources=c.sources[:max_rows],
        names={s.id: s.label for s in c.sources},
        chains=[(ch.original_outlet, profiles.get(ch.original_outlet) or {}, ch.sources, ch.translators, ch.outlet,
                 ch.kind) for ch in c.chains],
        stories=shown,
        events=rows,
        framing=framing_rows[:max_rows],
        disputes=disputes,
        facts=len(c.facts),
        contradictions=len(c.contradictions),
        extra=extra[:max_rows],
        left_out={k: n for k, n in left_out.items() if n},
        max_links=max_links,
    )
