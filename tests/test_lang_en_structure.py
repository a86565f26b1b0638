"""English constructions read from the sentence's structure: the parse's subject and object of a
verb, participles that describe rather than report, verb forms read as nouns, statements by
speakers (not media) dated by the piece, and what a text's meeting lends its agreements."""

from __future__ import annotations

from rashomon.lang.en import syntax
from rashomon.pipeline import analyze_text


def en(text: str, date: str | None = "2025-06-27"):
    meta = {"language": "en"}
    if date:
        meta["publication_date"] = date
    return analyze_text(text, "t.txt", meta)


def names(refs) -> set[str]:
    return {a.identifier_text or a.entity_text for a in refs}


def test_parse_gives_a_group_subject_and_the_object_of_a_verb():
    t = "Mark Carney and his counterparts from France and Japan met Volodymyr Zelensky on Monday."
    r = syntax.active_roles(t, t.index("met"))
    assert r is not None
    words = {t[i:].split()[0] for i in r.actors}
    assert {"Carney", "France", "Japan"} <= words
    assert [t[i:].split()[0] for i in r.recipients] == ["Zelensky"]  # "on Monday" is when, not whom


def test_parse_follows_an_infinitive_to_the_subject_of_its_verb():
    t = "Iran vowed to respond to the strikes."
    r = syntax.active_roles(t, t.index("respond"))
    assert r is not None and [t[i:].split()[0] for i in r.actors] == ["Iran"]


def test_a_pronoun_subject_is_left_to_the_surface_rules():
    assert syntax.active_roles("He met Putin.", 3) is None


def test_participles_used_as_adjectives_are_no_attacks():
    d = en("Russia agreed to free the wounded soldiers held in Kursk.")
    assert [m.event for m in d.events] == ["AGREE"]
    d = en("The negotiators discussed the fate of abducted children.")
    assert "ASSAULT" not in {m.event for m in d.events}
    # the verb itself still reports an attack
    d = en("Gunmen abducted ten children in Borno on Friday.")
    assert "ASSAULT" in {m.event for m in d.events}


def test_a_verb_only_pattern_read_as_a_noun_is_no_meeting():
    assert not [m for m in en("Poland thanked its hosts for the dinner.").events if m.event == "CONSULT"]
    hosted = [m for m in en("Norway hosts the talks this week.").events if m.event == "CONSULT"]
    assert hosted and "Norway" in names(hosted[0].actors)


def test_stopping_the_fighting_is_no_fighting():
    events = {m.event for m in en("Armenia and Azerbaijan agreed to stop all fighting along the border.").events}
    assert "AGREE" in events and "ASSAULT" not in events


def test_a_place_beside_a_meeting_is_not_its_party():
    d = en("The ministers of Russia and China signed a pact. The talks took place on the shore of the Bosporus.")
    for m in d.events:
        assert "Bosporus" not in names(m.actors)


def test_a_news_medium_is_no_speaker():
    assert not en("According to Rossiya TV, the two ministers discussed trade.").statements
    said = en("According to Russia's foreign ministry, the ministers discussed trade.").statements
    assert [s.speaker.code for s in said] == ["RUS"]


def test_a_statement_without_a_day_is_dated_by_the_piece():
    st = en("Lavrov said the talks in Riyadh were useful.").statements
    assert st and st[0].date == "2025-06-27"
    assert en("Lavrov said the talks in Riyadh were useful.", date=None).statements[0].date is None
    # a day of its own wins
    st = en("Lavrov said on Monday, June 23, 2025, that the talks were useful.").statements
    assert st and st[0].date == "2025-06-23"


def test_an_agreement_takes_the_date_of_its_parties_meeting():
    d = en("Vladimir Putin will meet Xi Jinping in Beijing on September 2, 2025. "
           "The pact, to be signed by Russia and China, will expand trade.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and agree[0].date == "2025-09-02"
    assert agree[0].place is None  # the venue of a signing is not known from the meeting's city
    # parties the meeting does not hold keep no date
    d = en("Vladimir Putin will meet Xi Jinping in Beijing on September 2, 2025. "
           "The pact, to be signed by India and Brazil, will expand trade.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and agree[0].date is None


def test_the_person_named_in_a_subject_speaks_not_the_body():
    st = en("EU foreign policy chief Kaja Kallas said the sanctions would stay.").statements
    assert [s.speaker.identifier_text for s in st] == ["Kaja Kallas"]


def test_a_pronoun_after_coordinated_subjects_stands_for_all_of_them():
    d = en("Macron and Merz said they would meet Zelensky in Kyiv.")
    meet = [m for m in d.events if m.event == "CONSULT"]
    assert meet and {"Emmanuel Macron", "Friedrich Merz", "Volodymyr Zelensky"} <= names(meet[0].actors)


def test_delegation_heads_are_parties_of_the_talks():
    d = en("Ukraine and Russia held talks in Geneva on March 3, 2025. The head of the Russian delegation, "
           "Vladimir Medinsky, called them useful. Ukraine's chief negotiator, Rustem Umerov, said more talks "
           "would follow.")
    meet = [m for m in d.events if m.event == "CONSULT" and m.place == "Geneva"]
    assert meet and {"Vladimir Medinsky", "Rustem Umerov"} <= names(meet[0].actors)
    # a delegate of a state the talks do not hold stays out
    d = en("Ukraine and Russia held talks in Geneva on March 3, 2025. The head of the Chinese delegation, "
           "Wang Yi, called them useful.")
    meet = [m for m in d.events if m.event == "CONSULT" and m.place == "Geneva"]
    assert meet and "Wang Yi" not in names(meet[0].actors)


def test_no_one_is_the_recipient_of_their_own_act_and_a_visit_is_to_its_host():
    from rashomon.pipeline import analyze_text

    text = ("France and Germany pledge closer ties as Merz visits Paris\n\n"
            "French President Emmanuel Macron and German Chancellor Friedrich Merz met in Paris on "
            "Tuesday and agreed to deepen their defence cooperation.\n")
    d = analyze_text(text, "t.txt", {"language": "en", "publication_date": "2025-07-23"})
    agreements = [m for m in d.events if m.event == "AGREE"]
    assert agreements
    for m in d.events:
        own = {(a.identifier_text, a.code) for a in m.actors}
        assert not own & {(r.identifier_text, r.code) for r in m.recipients}, m
    (visit,) = [m for m in d.events if "visit" in m.mode]
    assert [(r.identifier_text, r.code) for r in visit.recipients] == [("France", "FRA")]  # the host, not the city
