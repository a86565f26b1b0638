"""English roles read from the dependency parse of the trigger's clause: those who join a
meeting, the leaders of talks a noun names, what is discussed as no party, and speakers the
parse gives in more than one piece."""

from __future__ import annotations

from rashomon.pipeline import analyze_text


def en(text: str, date: str | None = "2025-03-04"):
    meta = {"language": "en"}
    if date:
        meta["publication_date"] = date
    return analyze_text(text, "t.txt", meta)


def actors(m) -> set[str]:
    return {a.identifier_text or a.code for a in m.actors}


def meetings(d):
    return [m for m in d.events if m.event == "CONSULT"]


def test_those_who_join_a_meeting_by_passive_are_its_parties():
    d = en("Spanish Prime Minister Pedro Sanchez and his counterparts from Poland and Chile will be joined "
           "by Emmanuel Macron to discuss the price of grain.")
    meet = meetings(d)
    assert meet
    assert {"Pedro Sánchez", "Poland", "Chile", "Emmanuel Macron"} <= actors(meet[0])


def test_what_is_discussed_is_no_party():
    d = en("Peru and Chile discussed Bolivia's claims on Tuesday.")
    meet = meetings(d)
    assert meet and {"Peru", "Chile"} <= actors(meet[0])
    assert not any("Bolivia" in actors(m) for m in meet)


def test_the_leaders_of_talks_are_their_parties():
    d = en("The talks, led by Xi Jinping and Emmanuel Macron on the trade side, ended without a deal.")
    meet = meetings(d)
    assert meet and {"Xi Jinping", "Emmanuel Macron"} <= actors(meet[0])


def test_a_speaker_whose_title_the_parse_splits_off_still_speaks():
    d = en("In the morning, PM Modi addressed the regional forum, outlining plans for new roads.")
    assert "Narendra Modi" in {s.speaker.identifier_text for s in d.statements}


def test_calling_talks_candid_is_a_statement():
    d = en("Foreign Minister Wang Yi called the discussions “frank and useful” after the dinner.")
    assert "Wang Yi" in {s.speaker.identifier_text for s in d.statements}
