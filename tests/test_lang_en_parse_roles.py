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
    d = en("Foreign Minister Wang Yi called the exchange “open and warm” after the lunch.")
    assert "Wang Yi" in {s.speaker.identifier_text for s in d.statements}


def test_a_statement_is_dated_by_its_saying_not_by_what_it_reports():
    d = en("Mark Rutte said the steps agreed on Wednesday would help Kyiv.", date="2025-06-28")
    said = [s for s in d.statements if s.speaker.identifier_text == "Mark Rutte"]
    assert said and said[0].date == "2025-06-28"


def test_a_setting_before_that_is_no_part_of_what_is_said():
    d = en("Kirill Dmitriev said late Tuesday on his Telegram channel that preparations go on.", date="2025-10-23")
    said = [s for s in d.statements if s.speaker.identifier_text == "Kirill Dmitriev"]
    assert said and said[0].text.startswith("preparations") and said[0].date == "2025-10-21"


def test_a_party_after_with_and_an_article_signs_too():
    d = en("Peru and Chile signed a border roadmap with the US on Friday.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and {"Peru", "Chile", "United States"} <= actors(agree[0])


def test_a_name_modifying_the_event_after_before_is_its_actor():
    d = en("Talks had stalled before the Israeli air assault began.")
    hits = [m for m in d.events if m.event == "ASSAULT"]
    assert hits and "Israel" in actors(hits[0])


def test_launching_a_bombardment_is_an_attack():
    d = en("Ecuador launched a bombardment campaign against Peru on Friday.")
    hits = [m for m in d.events if m.event == "ASSAULT"]
    assert hits and actors(hits[0]) == {"Ecuador"}


def test_a_joint_statement_of_a_group_is_each_party_s():
    d = en("Emmanuel Macron met Olaf Scholz and Pedro Sánchez in Paris on Monday. "
           "The three leaders then issued a joint statement on grain prices.")
    speakers = {s.speaker.identifier_text for s in d.statements}
    assert {"Emmanuel Macron", "Olaf Scholz", "Pedro Sánchez"} <= speakers


def test_a_statement_with_no_group_word_is_not_joint():
    d = en("Emmanuel Macron met Olaf Scholz in Paris on Monday. A statement on grain prices followed.")
    assert not d.statements


def test_a_city_a_relative_clause_describes_is_no_party():
    d = en("Merz flew on to Ottawa, where he is scheduled to hold his first summit with Prime Minister Mark Carney.")
    meet = meetings(d)
    assert meet
    assert {"Friedrich Merz", "Mark Carney"} <= actors(meet[0])
    assert "Ottawa" not in actors(meet[0])


def test_a_city_travelled_to_is_no_party_of_the_meeting_there():
    d = en("The chancellor flew on to Ottawa, where she is scheduled to hold her first meeting with "
           "Prime Minister Mark Carney.")
    meet = meetings(d)
    assert meet
    assert "Ottawa" not in actors(meet[0])
    assert "Mark Carney" in actors(meet[0])
