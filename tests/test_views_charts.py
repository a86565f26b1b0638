"""What the report and the app draw: document segments and SVG charts, on records made here."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rashomon import charts, plover
from rashomon.records import (
    ActorRef,
    Block,
    Document,
    Entity,
    Event,
    EventMention,
    Sentence,
    Statement,
    TimeExpression,
)
from rashomon.views import QUAD_COLOURS, document_blocks, dyad_key

SVG = "{http://www.w3.org/2000/svg}"


def _event(i: int, cat: str, date: str | None, actor: str, recipient: str | None = None) -> Event:
    return Event(f"e{i}", cat, [ActorRef(actor, actor)], [ActorRef(recipient, recipient)] if recipient else [], [], [],
                 date, None, "happened", [EventMention(cat, [], document="h")])


def _href(e: Event) -> str:
    return f"#{e.id}"


def test_overlapping_marks_become_flat_segments_covering_the_text():
    text = "Title\n\nAbe met Moon in Tokyo on 3 May. Then he left."
    body = text.index("Abe")
    s1 = Sentence.from_text("Abe met Moon in Tokyo on 3 May.", 0, body, 1)
    s2 = Sentence.from_text("Then he left.", 1, body + 32, 1)
    doc = Document(
        "p", text, "h",
        blocks=[Block("title", 0, 5, "Title"), Block("body", body, len(text), text[body:]),
                Block("related", len(text), len(text), "")],
        sentences=[s1, s2],
        entities=[Entity("Abe", body, body + 3, "PERSON", "Shinzo Abe", sentence=0),
                  Entity("Tokyo", body + 16, body + 21, "LOCATION", sentence=0)],
        time_expressions=[TimeExpression("3 May", body + 25, body + 30, "2019-05-03", sentence=0)],
        statements=[Statement(ActorRef("Moon", "Moon Jae-in"), "Moon in Tokyo", body + 8, body + 21, sentence=0)],
        events=[EventMention("CONSULT", [], start=s1.start, end=s1.end, sentence=0)],
    )
    blocks = document_blocks(doc, highlight={0})
    body_view = blocks[1]
    sentence = body_view.parts[0]
    assert "".join(g.text for g in sentence.segments) == s1.text
    tokyo = next(g for g in sentence.segments if g.text == "Tokyo")
    assert "ent-LOCATION" in tokyo.classes and "st" in tokyo.classes.split()  # both marks, one flat segment
    assert next(g for g in sentence.segments if g.text == "Abe").title == "Shinzo Abe"
    assert sentence.highlight and sentence.events == ["CONSULT"] and sentence.statement
    assert not body_view.parts[-1].highlight  # the second sentence
    assert [b.set_aside for b in blocks] == [False, False, True]


def test_timeline_draws_one_linked_dot_per_dated_event():
    events = [_event(1, "CONSULT", "2025-08-15", "A", "B"), _event(2, "CONSULT", "2025-08-15", "A", "B"),
              _event(3, "ASSAULT", "2025-08-20", "B", "A"), _event(4, "AGREE", None, "A", "B")]
    svg = ET.fromstring(str(charts.timeline_svg(events, _href)))
    links = svg.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in links) == ["#e1", "#e2", "#e3"]
    dots = [a.find(f"{SVG}circle") for a in links]
    assert len({(c.get("cx"), c.get("cy")) for c in dots}) == 3  # same day, same row: still apart
    assert {c.get("fill") for c in dots} == {QUAD_COLOURS[1], QUAD_COLOURS[4]}


def test_network_arrows_are_events_coloured_by_quad_class_and_names_are_escaped():
    events = [_event(1, "CONSULT", "2025-08-15", "<b>A</b>", "B"), _event(2, "THREATEN", "2025-08-16", "B", "<b>A</b>"),
              _event(3, "SUPPORT", None, "C", None)]
    raw = str(charts.network_svg(events, _href))
    assert "<b>" not in raw and "&lt;b&gt;A&lt;/b&gt;" in raw
    svg = ET.fromstring(raw)
    edges = {a.get("href"): a.find(f"{SVG}path").get("stroke") for a in svg.findall(f".//{SVG}a")}
    assert edges == {"#e1": QUAD_COLOURS[plover.category("CONSULT").quad],
                     "#e2": QUAD_COLOURS[plover.category("THREATEN").quad]}
    assert len(svg.findall(f"{SVG}text")) >= 2 + 4  # two actors, four legend entries


def test_dyad_curve_puts_cooperation_above_conflict():
    events = [_event(1, "AGREE", "2025-08-15", "A", "B"), _event(2, "ASSAULT", "2025-08-16", "B", "A")]
    assert dyad_key(events[0]) == dyad_key(events[1]) == ("A", "B")
    svg = ET.fromstring(str(charts.dyad_svg(events, _href)))
    y = {a.get("href"): float(a.find(f"{SVG}circle").get("cy")) for a in svg.findall(f".//{SVG}a")}
    assert y["#e1"] < y["#e2"]  # SVG y grows downwards
    points = svg.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 2


def test_charts_without_data_say_so():
    assert "No dated events" in str(charts.timeline_svg([_event(1, "AGREE", None, "A", "B")], _href))
    assert "No events" in str(charts.network_svg([_event(1, "AGREE", None, "A")], _href))
    assert re.search(r"\d{4}-\d{2}-\d{2}", str(charts.parse_day("2025-08")))
