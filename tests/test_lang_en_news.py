"""English news as pages carry it: datelines, metonymy, attribution, page furniture."""

from __future__ import annotations

from rashomon.pipeline import analyze_text


def en(text: str, date: str = "2025-08-20"):
    return analyze_text(text, "t.txt", {"language": "en", "publication_date": date})


ARTICLE = """Leaders meet in the Alaskan cold

By Jane Roe

MOSCOW — Kremlin spokesman Dmitry Peskov said on Tuesday that no date had been set for a new summit.
EU foreign policy chief Kaja Kallas said the bloc would keep its sanctions in place.
Russian President Vladimir Putin met Donald Trump in Anchorage on Friday. Putin said the talks were useful.

Related stories
Trump hosts Zelensky at the White House
"""


def test_dateline_is_a_place_and_not_an_actor():
    d = en(ARTICLE)
    moscow = [e for e in d.entities if e.identifier_text == "Moscow"]
    assert moscow and moscow[0].type == "LOCATION" and moscow[0].text == "MOSCOW"
    assert all("Moscow" not in {a.identifier_text for a in m.actors} for m in d.events)


def test_metonymic_capital_and_building_stand_for_the_state():
    # officials *in* Moscow would be the government's people (the gold conventions): arriving places them
    d = en("The Kremlin rejected the proposal, while the envoys arrived in Moscow. Washington and Moscow exchanged notes.")
    kremlin = next(e for e in d.entities if e.identifier_text == "Kremlin")
    assert kremlin.type == "OTHER" and kremlin.code == "RUS"
    kinds = [e.type for e in d.entities if e.identifier_text == "Moscow"]
    assert kinds == ["LOCATION", "OTHER"]


def test_the_person_speaks_not_the_body_named_before():
    d = en(ARTICLE)
    speakers = [s.speaker.identifier_text for s in d.statements]
    assert "Kaja Kallas" in speakers and "Dmitry Peskov" in speakers
    assert "European Union" not in speakers


def test_bare_surname_is_the_person_named_in_full():
    d = en(ARTICLE)
    putins = [e for e in d.entities if e.text == "Putin"]
    assert putins and all(e.identifier_text == "Vladimir Putin" for e in putins)


def test_page_furniture_is_not_analysed():
    d = en(ARTICLE)
    # the related-stories list names Zelensky and the White House; the article does not
    assert all(e.identifier_text != "Volodymyr Zelensky" for e in d.entities)
    assert all("Dmitry Peskov" not in {a.identifier_text for a in m.actors} for m in d.events)
    consult = [m for m in d.events if m.event == "CONSULT" and "Vladimir Putin" in {a.identifier_text for a in m.actors}]
    assert consult and consult[0].place == "Anchorage" and consult[0].date == "2025-08-15"


def test_transitive_add_is_not_a_statement():
    d = en("The package adds more Russian banks to the transaction ban. Foreign Minister Sergey Lavrov added that talks would go on.")
    assert [s.verb for s in d.statements] == ["added"]


def test_the_two_are_the_parties_of_the_last_meeting_and_a_call_has_no_venue():
    d = en("Trump met Putin in Helsinki in 2018. The two spoke by phone on Wednesday (August 6).", "2025-08-08")
    met, call = [m for m in d.events if m.event == "CONSULT"]
    assert met.place == "Helsinki" and met.date is None  # 2018 is not August 6
    assert call.mode == ["phone"] and call.place is None and call.date == "2025-08-06"
    assert {a.identifier_text for a in call.actors} == {"Donald Trump", "Vladimir Putin"}


def test_reduced_relative_clause_and_coordinated_clause_subjects():
    d = en('China\'s military launched large-scale drills around Taiwan on Monday, a move Taiwanese President '
           'Lai Ching-te condemned as "provocative". Last week, President Donald Trump imposed a 10% tariff on '
           'Chinese imports, and Beijing vowed to retaliate.', "2025-12-02")
    by_cat = {m.event: m for m in d.events}
    assert [a.identifier_text for a in by_cat["MOBILIZE"].actors] == ["China"]
    assert [a.identifier_text for a in by_cat["ACCUSE"].actors] == ["Lai Ching-te"]
    assert [a.identifier_text for a in by_cat["SANCTION"].actors] == ["Donald Trump"]
    assert [a.identifier_text for a in by_cat["THREATEN"].actors] == ["Beijing"]
    # a sentence ending in a quotation is body text, not a headline
    assert sum(b.kind == "body" for b in d.blocks) >= 1


# --- statements from the dependency parse, where no surface pattern applies ----------------


def _statements(text: str) -> list[tuple[str | None, str, str | None]]:
    from rashomon.pipeline import analyze_text

    d = analyze_text(text, "t.txt", {"language": "en"})
    return [(st.speaker.identifier_text, st.text, st.verb) for st in d.statements]


def test_a_reporting_verb_with_an_object_clause_is_a_statement_of_its_subject():
    got = _statements("Howard Lutnick, the commerce chief, expressed hope that a tariff deal would survive.")
    assert [(who, verb) for who, _, verb in got] == [("Howard Lutnick", "expressed")]
    assert got[0][1].startswith("hope that a tariff deal")


def test_the_agent_of_a_passive_reporting_verb_speaks():
    got = _statements("The plan to leave early was announced by Press Secretary Karoline Leavitt on social media.")
    assert [who for who, _, _ in got] == ["Karoline Leavitt"]
    assert got[0][1] == "The plan to leave early"


def test_a_name_in_the_reported_clause_is_not_the_speaker():
    got = _statements("Analysts in Brussels described the meeting between Putin and Trump as a turning point.")
    assert all(who not in ("Vladimir Putin", "Donald Trump") for who, _, _ in got)


def test_a_present_tense_report_is_dated_by_the_day_the_piece_was_written():
    from rashomon.pipeline import analyze_text

    d = analyze_text("Medinsky says the talks in Istanbul will continue next month.", "t.txt",
                     {"language": "en", "publication_date": "2025-05-16"})
    assert [(st.speaker.identifier_text, st.date) for st in d.statements] == [("Vladimir Medinsky", "2025-05-16")]


def test_a_states_office_without_a_name_is_its_holder_on_the_documents_date():
    from rashomon.pipeline import analyze_text

    text = "The US President said on Friday that a visit to Beijing was now off the table."
    now = analyze_text(text, "t.txt", {"language": "en", "publication_date": "2025-10-22"})
    assert [st.speaker.identifier_text for st in now.statements] == ["Donald Trump"]
    then = analyze_text(text, "t.txt", {"language": "en", "publication_date": "2022-10-22"})
    assert [st.speaker.identifier_text for st in then.statements] == ["Joe Biden"]
