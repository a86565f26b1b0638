"""General actor rules of the English coder, with the package dictionary."""

from __future__ import annotations

import pytest

from rashomon.gazetteer import Gazetteer, default_gazetteer
from rashomon.lang import en
from rashomon.records import Document, Sentence


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def first_event(gaz: Gazetteer, text: str, date: str = "2000-01-01"):
    doc = Document(path="t.txt", text=text, content_hash="h", language="en", publication_date=date)
    doc.sentences = [Sentence.from_text(text)]
    en.analyze(doc, gaz)
    assert doc.events, f"no event in {text!r}"
    return doc.events[0]


def codes(actors) -> list[str | None]:
    return [a.code for a in actors]


def test_ethnic_group_takes_the_state_it_lives_in(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "Ethnic Hungarians in Romania demanded more autonomy from the government.")
    assert codes(ev.actors)[:1] == ["ROU"]


def test_unknown_name_is_placed_by_the_state_named_next_to_it(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "Judge Ramon Castellanos opened fraud investigations against 12 Peruvian officials.")
    assert codes(ev.actors)[:1] == ["PER"]


def test_historical_leader_and_demonym(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "President Hosni Mubarak accused Burmese troops of attacking the embassy.")
    assert (ev.event, codes(ev.actors)[:1], codes(ev.recipients)[:1]) == ("ACCUSE", ["EGY"], ["MMR"])


def test_nominal_ing_form_is_not_the_main_event(gaz: Gazetteer) -> None:
    # the verb carries the event; the unclaimed attack is coded with the place's state
    ev = first_event(gaz, "A roadside bombing near Mosul killed two American soldiers on Sunday.")
    assert ev.trigger == "killed"
    assert codes(ev.actors) == ["IRQ"] and codes(ev.recipients)[:1] == ["USA"]


def test_passive_demobilisation_is_done_by_its_subject(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "Hundreds of Angolan rebels have been demobilized, a UN official told AFP.")
    assert ev.event == "RETREAT" and codes(ev.actors) == ["AGO"]


def test_agentless_passive_takes_no_actor_from_the_attribution(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "Three Kenyan soldiers were killed overnight, the Daily Nation newspaper said.")
    assert codes(ev.recipients)[:1] == ["KEN"]
    assert "Daily Nation" not in [a.entity_text for a in ev.actors]


def test_adjective_with_infinitive_is_not_a_passive(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "Chirac said he is prepared to lift the ban on the Kurdistan Workers' Party.")
    assert codes(ev.actors) == ["FRA"]


def test_a_language_is_not_its_state(gaz: Gazetteer) -> None:
    ev = first_event(gaz, "The Estonian parliament cancelled restrictions on the use of the Russian language.")
    assert codes(ev.actors) == ["EST"] and ev.recipients == []
