"""English constructions read from the sentence's structure: the holder of a meeting a time phrase
names, places named by their kind, and more (each with a sentence written for the test)."""

from __future__ import annotations

from test_lang_en_parse_roles import actors, en


def of(d, cat: str):
    return [m for m in d.events if m.event == cat]


def test_the_subject_after_a_time_phrase_held_the_meeting_it_names():
    d = en("After talks with Gabriel Boric in Lima, Dina Boluarte announced a new trade plan.")
    meet = of(d, "CONSULT")
    assert meet and {"Gabriel Boric", "Dina Boluarte"} <= actors(meet[0])


def test_a_call_named_with_a_modifier_still_has_both_parties():
    d = en("Following a phone conversation with Gabriel Boric, Dina Boluarte said she would visit Chile.")
    meet = of(d, "CONSULT")
    assert meet and {"Gabriel Boric", "Dina Boluarte"} <= actors(meet[0])
    # the holder stays the speaker of the main clause
    assert "Dina Boluarte" in {s.speaker.identifier_text for s in d.statements}


def test_a_meeting_with_its_own_holder_takes_no_one_from_the_main_clause():
    d = en("After Lula's meeting with Gabriel Boric, Dina Boluarte announced a new trade plan.")
    meet = of(d, "CONSULT")
    assert meet and "Dina Boluarte" not in actors(meet[0])


def test_a_place_after_its_kind_and_of_is_where_it_happened():
    d = en("Peru and Chile met in the Chilean state of Araucania in August.")
    meet = of(d, "CONSULT")
    assert meet and meet[0].place == "Araucania"


def test_a_noun_inside_a_quotation_is_what_is_talked_about_not_an_act():
    d = en("“We will not bend to the threat from the north,” Peru's foreign minister told reporters.")
    assert not of(d, "THREATEN")


def test_a_threat_told_outside_quotation_marks_is_still_one():
    d = en("Peru issued a threat against Chile over the border.")
    assert of(d, "THREATEN")


def test_a_new_subject_after_but_speaks_not_the_first_clause_s_states():
    d = en("Peru and Chile have agreed to hold more talks, but a senior official stressed that the president "
           "would decide.")
    assert not {"Peru", "Chile"} & {s.speaker.identifier_text or s.speaker.code for s in d.statements}


def test_the_last_name_of_a_list_is_still_one_of_its_speakers():
    d = en("Peru, Chile, and Bolivia said that the border would stay open.")
    assert {"Peru", "Chile"} <= {s.speaker.identifier_text or s.speaker.code for s in d.statements}


def test_members_of_a_body_speak_as_the_body():
    d = en("NATO leaders met in Oslo on Monday. In a joint statement on Tuesday, members said piracy "
           "had to end.")
    speakers = {s.speaker.identifier_text or s.speaker.code for s in d.statements}
    assert "NATO" in speakers


def test_leaders_of_a_joint_statement_are_the_last_meeting_s_parties():
    d = en("Emmanuel Macron met Olaf Scholz in Paris on Monday. In a joint statement, the leaders said "
           "they were united against piracy.")
    speakers = {s.speaker.identifier_text or s.speaker.code for s in d.statements}
    assert {"Emmanuel Macron", "Olaf Scholz"} <= speakers


def test_a_statement_is_dated_in_its_speaker_s_own_clause():
    d = en("Peru and Chile met in Lima on Monday, and Bolivia said on Tuesday that it would send an envoy.")
    said = [s for s in d.statements if s.speaker.code == "BOL"]
    assert said and said[0].date == "2025-03-04"


def test_a_day_in_a_relative_clause_dates_its_noun_not_the_saying():
    d = en("The talks, which began on Monday, ended without a deal, although Bolivian minister Luis Arce "
           "said the mood was good.", date="2025-03-07")
    said = [s for s in d.statements if s.speaker.identifier_text == "Luis Arce"]
    assert said and said[0].date == "2025-03-07"


def test_a_body_named_by_the_last_word_of_its_full_name_is_that_body():
    d = en("The U.S. Department of the Treasury froze the assets of two banks on Monday. The Treasury "
           "said the banks had helped Moscow.")
    speakers = {s.speaker.code for s in d.statements if s.sentence == 1}
    assert speakers == {"USA"}


def test_a_meeting_only_referred_to_takes_the_told_meeting_s_day_and_place():
    d = en("Leaders of NATO met in Oslo on Monday. Officials hope the war will not overshadow the "
           "gathering, hosted by Mark Rutte.")
    hosted = [m for m in of(d, "CONSULT") if "Mark Rutte" in actors(m)]
    assert hosted and (hosted[0].date, hosted[0].place) == ("2025-03-03", "Oslo")


def test_a_meeting_of_other_parties_keeps_its_own_open_day():
    d = en("Leaders of NATO met in Oslo on Monday. Peru and Chile held a meeting about fishing.")
    other = [m for m in of(d, "CONSULT") if "Peru" in actors(m) or "PER" in {a.code for a in m.actors}]
    assert other and other[0].date is None and other[0].place is None


def test_the_move_announced_on_a_day_dates_the_act_told_before():
    d = en("Peru has imposed tariffs on Chilean copper. The move, announced by the trade ministry on March 2, "
           "aims to protect local mines.", date="2025-03-05")
    tariffs = of(d, "SANCTION")
    assert tariffs and tariffs[0].date == "2025-03-02"


def test_a_relative_clause_after_the_noun_dates_something_else():
    d = en("Peru has imposed tariffs on Chilean copper. The measure, which follows talks held on March 2, "
           "aims to protect local mines.", date="2025-03-05")
    tariffs = of(d, "SANCTION")
    assert tariffs and tariffs[0].date != "2025-03-02"


def test_a_month_name_is_no_march():
    d = en("Peru imposed tariffs on Chilean copper on March 2.", date="2025-03-05")
    assert not of(d, "PROTEST")


def test_a_verb_s_bare_form_after_a_determiner_is_the_object_not_a_second_act():
    d = en("A senior official said that Peru had rejected the offer from Chile.")
    assert of(d, "REJECT") and not of(d, "AGREE")


def test_such_a_noun_alone_is_still_the_event():
    d = en("The attack on the Chilean port of Arica came on Monday.")
    assault = of(d, "ASSAULT")
    assert assault and assault[0].place == "Arica"


def test_a_body_that_clarifies_a_warning_makes_the_threat():
    d = en("Peru's trade ministry clarified that banks dealing with the firms could also face sanctions.")
    assert "PER" in {a.code for m in of(d, "THREATEN") for a in m.actors}
    assert "PER" in {s.speaker.code for s in d.statements}


def test_ready_to_meet_is_a_possible_meeting_not_an_agreement():
    d = en("Lula said he was ready to meet Gabriel Boric soon.")
    meet = of(d, "CONSULT")
    assert meet and meet[0].status == "hypothetical" and {"Gabriel Boric"} <= actors(meet[0])
    assert not of(d, "AGREE")
