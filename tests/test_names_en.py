"""English people and places: metonymy of capitals, names the model cuts short, short mentions,
on sentences written for these tests."""

from __future__ import annotations

from rashomon.lang.en.entities import _titled_person
from rashomon.pipeline import analyze_text


def en(body: str):
    return analyze_text("Test Wire, 2025-08-14\n\n" + body + "\n", "t.txt",
                        {"publication_date": "2025-08-14", "language": "en"})


def places(doc) -> set[str | None]:
    return {e.identifier_text for e in doc.entities if e.type == "LOCATION"}


def people(doc) -> dict[str, str | None]:
    return {e.text: e.identifier_text for e in doc.entities if e.type == "PERSON"}


# --- a capital standing for its government --------------------------------------------------------

def test_a_capitals_people_or_words_placed_in_it_are_the_government() -> None:
    assert "Moscow" not in places(en("The plan needs the consent of officials in Moscow."))
    assert "Moscow" not in places(en("The move drew sharp criticism from Moscow."))
    assert "Moscow" in places(en("The delegation arrived in Moscow late on Sunday."))


def test_a_capitals_possessive_is_the_government_unless_a_part_of_the_city_follows() -> None:
    assert "Tokyo" not in places(en("The tariff was a reply to Tokyo's export curbs."))
    assert "Tokyo" in places(en("Crowds filled Tokyo's streets after the vote."))


def test_an_event_held_in_a_capital_and_what_happens_to_it_place_it() -> None:
    assert "White House" in places(en("The deal was sealed at a White House ceremony."))
    assert "White House" not in places(en("A White House official declined to comment."))
    assert "Kyiv" in places(en("Officials said Kyiv should be evacuated at once."))
    assert "Berlin" in places(en("The talks moved to the city of Berlin."))


def test_a_capital_alone_on_its_line_or_after_the_date_header_is_a_dateline() -> None:
    d = analyze_text("Test Wire, 2025-08-14\n\nLONDON\n\nThe minister resigned on Monday.\n", "t.txt",
                     {"publication_date": "2025-08-14", "language": "en"})
    assert "London" in places(d)
    d = analyze_text(" date 2025-08-14 PARIS, August 14. The minister resigned.\n", "t.txt",
                     {"publication_date": "2025-08-14", "language": "en"})
    assert "Paris" in places(d)


# --- people the model cuts short or takes for something else --------------------------------------

def test_a_family_name_with_an_accent_or_a_possessive_completes_the_models_name() -> None:
    named = people(en("Defence Minister Ramiro Vidal Peña spoke. Envoy Tariq Hamid Qureshi's trip ended."))
    assert named["Ramiro Vidal Peña"] == "Ramiro Vidal Peña"
    assert named["Tariq Hamid Qureshi"] == "Tariq Hamid Qureshi"


def test_a_titled_name_the_model_took_for_a_body_is_a_person() -> None:
    text = "Their chief, Field Marshal Oskar Brandvik, toured the State Dining Room."
    s = text.index("Field")
    assert _titled_person(text, s, text.index(",", s)) == (text.index("Oskar"), "PERSON")
    # a title that is no person's (Secretary of State) before a room stays what the model said
    s = text.index("State")
    assert _titled_person(text, s, len(text) - 1)[1] == "ORG"


def test_a_dictionary_name_next_to_another_name_word_is_another_person() -> None:
    # the dictionary's Anwar is Anwar Ibrahim; its Ortega, Daniel Ortega
    d = en("Their chief, Field Marshal Anwar Karim, toured the base. Karim praised the troops.")
    assert set(people(d).values()) == {"Anwar Karim"}
    d = en("Interior Minister Ramona Ortega Núñez spoke on Friday.")
    assert people(d) == {"Ramona Ortega Núñez": "Ramona Ortega Núñez"}
    # an adjective of affiliation before a leader's family name is no given name
    assert people(en("The vote split as Republican Trump allies pushed the bill.")) == {"Trump": "Donald Trump"}


def test_a_dictionary_family_name_ending_another_persons_name_is_that_other_person() -> None:
    # the dictionary's Mahendra Chaudhry is a former leader of Fiji, not this spokesman
    d = en("The army's spokesman, Imran Javed Chaudhry, briefed reporters on Monday.")
    assert people(d) == {"Imran Javed Chaudhry": "Imran Javed Chaudhry"}


def test_a_bare_family_name_joins_the_full_name_the_document_gives_not_the_dictionarys() -> None:
    # the dictionary's bare Koizumi is Junichiro Koizumi, the former prime minister
    d = en("Shinjiro Koizumi lost the party vote. Koizumi later accepted the defence post.")
    assert set(people(d).values()) == {"Shinjiro Koizumi"}


def test_a_word_inside_a_run_of_names_is_no_demonym() -> None:
    d = en("Mullah Abdul Ghani Baradar met the delegation.")
    assert not any(e.code == "GHA" for e in d.entities)
    assert "Abdul Ghani Baradar" in set(people(d).values())


# --- places the model cuts short or reads as people ------------------------------------------------

def test_a_place_named_by_a_foreign_kind_after_a_particle_is_named_as_english_does() -> None:
    assert "Huis ten Bosch Palace" in places(en("The leaders dined at the Paleis Huis ten Bosch on Tuesday."))
    assert "Noordeinde Palace" in places(en("The queen received the guests at the Paleis Noordeinde."))


def test_a_name_in_brackets_after_a_place_is_its_other_name_not_a_person() -> None:
    d = en("Troops stayed on Mount Kerem (Jabal Karim) through the winter.")
    assert places(d) == {"Mount Kerem"}
    assert not people(d)


# --- credits ------------------------------------------------------------------------------------

def test_people_who_made_the_piece_are_not_people_of_the_story() -> None:
    d = en("The minister resigned on Monday.\n(Reporting by Hana Morel in Oslo; Editing by Tomas Lind)\n"
           "Ruth Kessler in Bergen contributed to this report.")
    assert not {n for n in people(d).values() if n}
    assert "Oslo" in places(d)


def test_places_the_gazetteer_lacks_from_the_words_around_them() -> None:
    d = en("Clashes broke out near the Bormak border crossing on Sunday.")
    assert places(d) == {"Bormak"}
    d = en("The summit will be held at the Saltholm Convention Centre in the port city of Vasby.")
    assert places(d) == {"Saltholm Convention Centre", "Vasby"}
    d = en("Officials met at the Hotel Meridia in the Kelvane resort.")
    assert places(d) == {"Hotel Meridia", "Kelvane"}
    assert not places(en("The Gulf Cooperation Council welcomed the deal."))
    assert places(en("They met at a Zellar Mountain resort on Monday.")) == {"Zellar Mountains"}
