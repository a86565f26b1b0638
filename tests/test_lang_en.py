from __future__ import annotations

import re
from pathlib import Path

import pytest

from rashomon.gazetteer import Gazetteer, read_entries
from rashomon.lang import en, get_analyzer
from rashomon.records import Document, Sentence

ACTORS = """
- {id: United States, type: COUNTRY, code: USA, en: [United States, US, U.S., American, Washington's]}
- {id: Russia, type: COUNTRY, code: RUS, en: [Russia, Russian]}
- {id: Ukraine, type: COUNTRY, code: UKR, en: [Ukraine, Ukrainian]}
- {id: Japan, type: COUNTRY, code: JPN, en: [Japan, Japanese]}
- {id: China, type: COUNTRY, code: CHN, en: [China, Chinese]}
- {id: Philippines, type: COUNTRY, code: PHL, en: [Philippines, Philippine]}
- {id: Iran, type: COUNTRY, code: IRN, en: [Iran, Iranian]}
- {id: Israel, type: COUNTRY, code: ISR, en: [Israel, Israeli]}
- {id: India, type: COUNTRY, code: IND, en: [India, Indian]}
- {id: Poland, type: COUNTRY, code: POL, en: [Poland, Polish]}
- {id: Kenya, type: COUNTRY, code: KEN, en: [Kenya]}
- {id: Venezuela, type: COUNTRY, code: VEN, en: [Venezuela]}
- {id: NATO, type: ORG, code: IGO, en: [NATO]}
- {id: United Nations, type: ORG, code: UNO, en: [United Nations, UN]}
- {id: France, type: COUNTRY, code: FRA, en: [France, French]}
- {id: Germany, type: COUNTRY, code: DEU, en: [Germany, German]}
- {id: Anchorage, type: LOCATION, code: USA, en: [Anchorage]}
- {id: Moscow, type: LOCATION, code: RUS, en: [Moscow]}
- {id: Lviv, type: LOCATION, code: UKR, en: [Lviv]}
- {id: Kyiv, type: LOCATION, code: UKR, en: [Kyiv]}
- {id: Marco Rubio, type: PERSON, code: USA, sector: GOV, en: [Marco Rubio, Rubio]}
- {id: Russian Direct Investment Fund, type: ORG, code: RUS, sector: GOV, en: [Russian Direct Investment Fund]}
- {id: Geneva, type: LOCATION, code: CHE, en: [Geneva]}
- {id: Manila, type: LOCATION, code: PHL, en: [Manila]}
- id: Donald Trump
  type: PERSON
  code: USA
  en: [Donald Trump, Trump]
  roles:
    - {title: President of the United States, sector: GOV, start: 2017-01-20, end: 2021-01-20}
    - {title: former president, sector: ELI, start: 2021-01-20, end: 2025-01-20}
    - {title: President of the United States, sector: GOV, start: 2025-01-20}
- id: Vladimir Putin
  type: PERSON
  code: RUS
  sector: GOV
  en: [Vladimir Putin, Putin]
- id: Sergey Lavrov
  type: PERSON
  code: RUS
  sector: GOV
  en: [Sergey Lavrov, Lavrov]
- {id: Emmanuel Macron, type: PERSON, code: FRA, sector: GOV, en: [Emmanuel Macron, Macron]}
- {id: Friedrich Merz, type: PERSON, code: DEU, sector: GOV, en: [Friedrich Merz, Merz]}
- id: Shigeru Ishiba
  type: PERSON
  code: JPN
  sector: GOV
  en: [Shigeru Ishiba, Ishiba]
"""


@pytest.fixture(scope="module")
def gaz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actors") / "actors.yaml"
    path.write_text(ACTORS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gaz(gaz_file: Path) -> Gazetteer:
    return Gazetteer(read_entries(gaz_file))


def analyse(gaz: Gazetteer, text: str, date: str | None = "2025-08-13", prefix: str = "") -> Document:
    """A document of ``prefix`` + ``text``, one sentence per line of ``text``."""
    full = prefix + text
    doc = Document(path="t.txt", text=full, content_hash="h", language="en", publication_date=date)
    pos = len(prefix)
    for i, line in enumerate(text.split("\n")):
        doc.sentences.append(Sentence.from_text(line, i, pos))
        pos += len(line) + 1
    en.analyze(doc, gaz)
    return doc


def first_event(doc: Document):
    assert doc.events, f"no event in {doc.text!r}"
    return doc.events[0]


def codes(actors) -> list[str | None]:
    return [a.code for a in actors]


def test_registered_as_english_analyser() -> None:
    assert get_analyzer("en") is en.analyze


# ------------------------------------------------------------------------------ categories

CATEGORY_SENTENCES = [
    ("AGREE", "Japan and the Philippines agreed to expand coastal radar coverage on Tuesday."),
    ("CONSULT", "Vladimir Putin met Shigeru Ishiba in Geneva on Monday."),
    ("SUPPORT", "Poland praised Ukraine's handling of the grain corridor."),
    ("CONCEDE", "Kenya lifted the curfew in the capital after the unrest ended."),
    ("COOPERATE", "India extradited two suspects to Japan last month."),
    ("AID", "Japan donated 40 ambulances to Ukraine, the ministry said."),
    ("RETREAT", "Russia withdrew its troops from the border villages."),
    ("REQUEST", "China urged the Philippines to stop patrols near the shoal."),
    ("ACCUSE", "Iran accused Israel of sabotage at a nuclear site."),
    ("REJECT", "Venezuela rejected the United Nations proposal for new elections."),
    ("THREATEN", "Donald Trump threatened Russia with secondary tariffs."),
    ("PROTEST", "Thousands of Kenyan students demonstrated outside the Israeli embassy in Manila."),
    ("SANCTION", "The United States imposed sanctions on three Iranian shipping firms."),
    ("MOBILIZE", "Russia deployed additional troops along its western frontier."),
    ("COERCE", "Iranian police arrested two Japanese journalists in the port city."),
    ("ASSAULT", "Russian drones attacked a power station in eastern Ukraine overnight."),
]


@pytest.mark.parametrize("category, sentence", CATEGORY_SENTENCES, ids=[c for c, _ in CATEGORY_SENTENCES])
def test_every_category(gaz: Gazetteer, category: str, sentence: str) -> None:
    ev = first_event(analyse(gaz, sentence))
    assert ev.event == category
    assert ev.status == "happened"
    assert ev.actors, "a source actor"


def test_actors_recipients_mode_and_place(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Russian drones attacked a power station in eastern Ukraine overnight."))
    assert codes(ev.actors) == ["RUS"]
    ev = first_event(analyse(gaz, "Iran accused Israel of sabotage at a nuclear site."))
    assert codes(ev.actors) == ["IRN"] and codes(ev.recipients) == ["ISR"]
    ev = first_event(analyse(gaz, "Iranian police arrested two Japanese journalists in the port city."))
    assert ev.actors[0].code == "IRN" and ev.actors[0].sector == "COP"
    assert codes(ev.recipients) == ["JPN"] and ev.mode == ["arrest"]
    ev = first_event(analyse(gaz, "Thousands of Kenyan students demonstrated outside the Israeli embassy in Manila."))
    assert ev.place == "Manila"
    # a demonym the dictionary lacks, derived from the state's name
    assert codes(ev.actors) == ["KEN"] and ev.actors[0].sector == "CVL"


def test_meeting_participants_are_all_actors(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Vladimir Putin met Shigeru Ishiba in Geneva on Monday."))
    assert {a.identifier_text for a in ev.actors} == {"Vladimir Putin", "Shigeru Ishiba"}
    assert ev.recipients == []
    assert ev.place == "Geneva"
    assert ev.date == "2025-08-11"


def test_visit_has_a_host(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Sergey Lavrov visited Manila on Friday."))
    assert ev.event == "CONSULT" and ev.mode == ["visit"]
    assert codes(ev.actors) == ["RUS"] and ev.recipients[0].identifier_text == "Manila"


def test_phone_call(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Donald Trump spoke by phone with Vladimir Putin on Saturday."))
    assert ev.event == "CONSULT" and ev.mode == ["phone"]
    assert {a.identifier_text for a in ev.actors} == {"Donald Trump", "Vladimir Putin"}


def test_joint_exercise_is_cooperation_single_is_mobilization(gaz: Gazetteer) -> None:
    assert first_event(analyse(gaz, "Japan and India held naval exercises in the Bay of Bengal.")).event == "COOPERATE"
    assert first_event(analyse(gaz, "China held naval exercises near the island.")).event == "MOBILIZE"


# ------------------------------------------------------------------------------ status


def test_negated(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Japan and the Philippines did not sign the agreement."))
    assert ev.event == "AGREE" and ev.status == "negated"
    assert codes(ev.actors) == ["JPN", "PHL"]
    doc = analyse(gaz, "The talks ended with no agreement.")
    assert [(e.event, e.status) for e in doc.events if e.event == "AGREE"] == [("AGREE", "negated")]


def test_refused_to_is_a_rejection_that_happened(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Iran refused to release the detained sailors."))
    assert (ev.event, ev.status) == ("REJECT", "happened")
    ev = first_event(analyse(gaz, "Iran will not release the detained sailors."))
    assert (ev.event, ev.status) == ("REJECT", "happened")


def test_scheduled(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Donald Trump will meet Vladimir Putin in Anchorage on Friday."))
    assert (ev.event, ev.status, ev.place, ev.date) == ("CONSULT", "scheduled", "Anchorage", "2025-08-15")
    ev = first_event(analyse(gaz, "Ukraine is expected to hold talks with Russia next week."))
    assert (ev.event, ev.status) == ("CONSULT", "scheduled")
    # a promised cooperative act is an expression of intent
    ev = first_event(analyse(gaz, "Japan will provide 30 patrol boats to the Philippines."))
    assert (ev.event, ev.status) == ("AGREE", "happened")


def test_hypothetical(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Ukraine may hold talks with Russia in Geneva."))
    assert (ev.event, ev.status) == ("CONSULT", "hypothetical")
    ev = first_event(analyse(gaz, "The proposed summit between Japan and China could take place in Geneva."))
    assert ev.status == "hypothetical"
    # a conditional or announced sanction is a threat
    ev = first_event(analyse(gaz, "China could impose tariffs on Japanese seafood if the talks fail."))
    assert ev.event == "THREATEN" and codes(ev.actors) == ["CHN"]
    ev = first_event(analyse(gaz, "Donald Trump warned that Russia would face sanctions."))
    assert ev.event == "THREATEN" and ev.actors[0].identifier_text == "Donald Trump"


def names(actors) -> list[str | None]:
    return [a.identifier_text for a in actors]


def test_reported_clause_has_its_own_subject(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Donald Trump said that Vladimir Putin met Shigeru Ishiba in Geneva."))
    assert set(names(ev.actors)) == {"Vladimir Putin", "Shigeru Ishiba"}
    # a name that contains a reporting verb ("United States") is not one
    ev = first_event(analyse(gaz, "The United States and Japan have agreed upon a new trade pact."))
    assert codes(ev.actors) == ["USA", "JPN"]


def test_pronoun_subject_takes_its_antecedent(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Donald Trump warned that Russia would face sanctions if it refused a ceasefire.")
    reject = next(e for e in doc.events if e.event == "REJECT")
    assert codes(reject.actors) == ["RUS"]
    # "face sanctions" is the warning again, not a second threat by Russia
    assert [e.event for e in doc.events].count("THREATEN") == 1
    ev = first_event(analyse(gaz, "Vladimir Putin said he would meet Shigeru Ishiba in Moscow."))
    assert set(names(ev.actors)) == {"Vladimir Putin", "Shigeru Ishiba"}


def test_group_members_and_of_phrases_act(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "European leaders, including French President Emmanuel Macron and German "
                       "Chancellor Friedrich Merz, warned that Russia would face new sanctions.")
    ev = first_event(doc)
    assert ev.event == "THREATEN" and names(ev.actors) == ["Emmanuel Macron", "Friedrich Merz"]
    # one statement per speaker
    assert [st.speaker.identifier_text for st in doc.statements] == ["Emmanuel Macron", "Friedrich Merz"]
    ev = first_event(analyse(gaz, "Foreign ministers of China and Russia met in Moscow."))
    assert codes(ev.actors) == ["CHN", "RUS"] and ev.place == "Moscow"


def test_a_state_after_in_is_no_meeting_party(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Donald Trump and Vladimir Putin met in Anchorage to end the war in Ukraine."))
    assert codes(ev.actors) == ["USA", "RUS"]


def test_a_title_with_of_stays_with_its_name(gaz: Gazetteer, gaz_file: Path) -> None:
    text = "US Secretary of State Marco Rubio met Shigeru Ishiba in Geneva on Friday."
    ev = first_event(analyse(gaz, text))
    assert names(ev.actors) == ["Marco Rubio", "Shigeru Ishiba"]
    # the shipped list of words that are no names keeps the model from reading "State" as one
    listed = Gazetteer(read_entries(gaz_file), not_names={"en": ["Secretary of State"]})
    assert not any(e.text == "State" for e in analyse(listed, text).entities)


def test_strikes_and_launches_at_a_place(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Russian missiles struck an energy facility in the western city of Lviv."))
    assert (ev.event, codes(ev.actors), ev.place) == ("ASSAULT", ["RUS"], "Lviv")
    ev = first_event(analyse(gaz, "Russia launched 40 drones at Kyiv overnight."))
    assert (ev.event, ev.place) == ("ASSAULT", "Kyiv")
    # a launch into the sea is no attack
    assert all(e.event != "ASSAULT" for e in analyse(gaz, "China launched two missiles into the sea.").events)


def test_preparing_sanctions_is_a_threat(gaz: Gazetteer) -> None:
    ev = first_event(analyse(gaz, "Japan is preparing new sanctions against Russia."))
    assert ev.event == "THREATEN" and codes(ev.recipients) == ["RUS"]


def test_attribution_before_a_participle(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Japan and China agreed to resume flights, a Japanese official said, speaking on condition of anonymity.")
    (st,) = doc.statements
    assert st.text == "Japan and China agreed to resume flights" and st.speaker.code == "JPN"
    ev = first_event(doc)
    assert ev.event == "AGREE" and ev.recipients == []


def test_a_future_weekday_after_prepared_to(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Shigeru Ishiba prepared to host Vladimir Putin and Donald Trump at a long-planned summit in Geneva on Monday.",
                  date="2025-08-31")
    assert {t.text: t.value for t in doc.time_expressions}["Monday"] == "2025-09-01"


def test_what_looks_like_an_act_and_is_none(gaz: Gazetteer) -> None:
    assert analyse(gaz, "Sergey Lavrov declined to comment on the details of the meeting.").events == []
    # a trigger word inside a name
    doc = analyse(gaz, "Kirill Dmitriev heads the Russian Direct Investment Fund.")
    assert all(e.trigger != "Fund" for e in doc.events)
    # a meeting that only sets the scene
    doc = analyse(gaz, "Before meeting with Vladimir Putin, Sergey Lavrov took a walk in Geneva.")
    assert all(e.event != "CONSULT" for e in doc.events)


def test_a_deadline_for_someone_to_act(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Donald Trump set a deadline of August 8 for Russia to agree to a ceasefire.")
    agree = next(e for e in doc.events if e.event == "AGREE")
    assert codes(agree.actors) == ["RUS"] and agree.status == "hypothetical"


def test_the_sides_are_the_last_meetings_parties(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Vladimir Putin and Shigeru Ishiba held talks in Geneva on Wednesday.\n"
                       "The sides discussed cooperation between Japan and Russia.")
    discussed = [e for e in doc.events if e.trigger == "discussed"]
    assert discussed and set(names(discussed[0].actors)) == {"Vladimir Putin", "Shigeru Ishiba"}


# ------------------------------------------------------------------------------ statements


def test_statement_quote_then_speaker(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "“We are ready for dialogue,” Sergey Lavrov said on Wednesday.")
    (st,) = doc.statements
    assert st.speaker.identifier_text == "Sergey Lavrov"
    assert st.text == "We are ready for dialogue"
    assert doc.text[st.start:st.end] == st.text
    assert st.date == "2025-08-13"


def test_statement_said_that_and_according_to(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Shigeru Ishiba said that Japan would keep its embassy open.")
    (st,) = doc.statements
    assert st.speaker.identifier_text == "Shigeru Ishiba"
    assert st.text == "Japan would keep its embassy open"
    doc = analyse(gaz, "According to Vladimir Putin, the meeting was useful.")
    (st,) = doc.statements
    assert st.speaker.identifier_text == "Vladimir Putin" and st.text == "the meeting was useful"
    doc = analyse(gaz, "The meeting was useful, according to Vladimir Putin.")
    assert doc.statements[0].text == "The meeting was useful"


def test_two_reports_in_one_sentence(gaz: Gazetteer) -> None:
    doc = analyse(gaz, 'After the talks, Vladimir Putin said the summit had been "useful" and Donald Trump '
                       'said there had been "great progress".')
    assert [(st.speaker.identifier_text, st.text) for st in doc.statements] == [
        ("Vladimir Putin", 'the summit had been "useful"'),
        ("Donald Trump", 'there had been "great progress"'),
    ]
    doc = analyse(gaz, "Vladimir Putin said the talks were useful, while Donald Trump said there was no deal.")
    assert [st.text for st in doc.statements] == ["the talks were useful", "there was no deal"]


def test_reported_text_starts_after_adverbials_and_the_addressee(gaz: Gazetteer) -> None:
    for sentence, said in (
        ("Donald Trump said Russia and Ukraine must agree.", "Russia and Ukraine must agree"),
        ("Sergey Lavrov told journalists the talks had been useful, Tass reported.", "the talks had been useful"),
        ("Donald Trump told Fox News in an interview on Saturday that he would not impose tariffs.",
         "he would not impose tariffs"),
        ('Vladimir Putin said in a statement on Telegram: "We are ready."', "We are ready"),
        ("Sergey Lavrov said Friday the meeting was productive.", "the meeting was productive"),
    ):
        (st,) = analyse(gaz, sentence).statements
        assert st.text == said, sentence


def test_closing_attributions(gaz: Gazetteer) -> None:
    for sentence, who, said in (
        ('"We are ready," said Sergey Lavrov.', "Sergey Lavrov", "We are ready"),
        ("The meeting was productive, Sergey Lavrov told reporters in Geneva on Friday.", "Sergey Lavrov",
         "The meeting was productive"),
        # an opening adverb is no statement: what follows the verb is what was said
        ("Yesterday, Sergey Lavrov said talks would continue.", "Sergey Lavrov", "talks would continue"),
    ):
        (st,) = analyse(gaz, sentence).statements
        assert (st.speaker.identifier_text, st.text) == (who, said), sentence


def test_according_to_him(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Sergey Lavrov spoke in Geneva.\nAccording to him, the talks were useful.")
    assert [(s.speaker.identifier_text, s.text) for s in doc.statements] == [("Sergey Lavrov", "the talks were useful")]


def test_statement_pronoun_speaker(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Donald Trump arrived in Anchorage on Friday.\nHe told reporters that the talks went well.")
    st = doc.statements[-1]
    assert st.speaker.identifier_text == "Donald Trump"
    assert st.text == "the talks went well"
    assert st.sentence == 1


def test_quoted_we_is_the_speaker(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "“We will not accept these terms,” Sergey Lavrov said.")
    ev = first_event(doc)
    assert ev.event == "REJECT" and ev.actors[0].identifier_text == "Sergey Lavrov"


# ------------------------------------------------------------------------------ time expressions


def timexes(doc: Document) -> dict[str, str | None]:
    return {t.text: t.value for t in doc.time_expressions}


def test_absolute_dates(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "The deal was signed on Aug. 15, 2025, and took effect on 1 September 2025.\n"
                       "A review is due on 2025-10-01 and on August 30, 2026.", date=None)
    assert timexes(doc) == {"Aug. 15, 2025": "2025-08-15", "1 September 2025": "2025-09-01",
                            "2025-10-01": "2025-10-01", "August 30, 2026": "2026-08-30"}


def test_weekday_resolution(gaz: Gazetteer) -> None:
    # published Wednesday 2025-08-13
    doc = analyse(gaz, "Russia attacked Kyiv on Monday.\nThe leaders will meet on Friday.\n"
                       "The summit is set for next Friday.\nThey last spoke last Tuesday.\nOfficials met on Wednesday.")
    assert timexes(doc) == {"Monday": "2025-08-11", "Friday": "2025-08-15", "next Friday": "2025-08-15",
                            "last Tuesday": "2025-08-12", "Wednesday": "2025-08-13"}
    assert {t.kind for t in doc.time_expressions} == {"weekday"}


def test_weekday_with_date_is_one_expression(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "The talks resume on Wednesday (September 3), the ministry said.\n"
                       "Donald Trump will host the summit next Friday, August 15, 2025.")
    assert timexes(doc) == {"Wednesday (September 3)": "2025-09-03",
                            "next Friday, August 15, 2025": "2025-08-15"}


def test_relative_days_and_attached_times(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Ukraine said yesterday that talks begin today at 11 a.m. local time.\n"
                       "Sirens sounded last night and again this morning.\nThe vote is tomorrow (JST).")
    tx = timexes(doc)
    assert tx["yesterday"] == "2025-08-12"
    assert tx["today at 11 a.m. local time"] == "2025-08-13T11:00"
    assert tx["last night"] == "2025-08-12"
    assert tx["this morning"] == "2025-08-13"
    assert tx["tomorrow (JST)"] == "2025-08-14"


def test_partial_dates_take_the_year_from_context(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "The ceasefire began on March 3, 2024.\nIt collapsed on May 9.", date=None)
    assert timexes(doc) == {"March 3, 2024": "2024-03-03", "May 9": "2024-05-09"}
    doc = analyse(gaz, "The envoy arrives on 18 August.", date="2025-08-13")
    assert timexes(doc) == {"18 August": "2025-08-18"}
    assert doc.time_expressions[0].kind == "partial"


def test_no_year_anywhere_gives_null(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "MOSCOW, August 6 - Russia said on Friday it met Ukraine yesterday.", date=None)
    assert timexes(doc) == {"August 6": None, "Friday": None, "yesterday": None}


def test_not_time_expressions(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Talks lasted three days in August and resumed last weekend in 2024.")
    assert doc.time_expressions == []


# ------------------------------------------------------------------------------ entities


def test_entity_offsets_point_into_the_original_text(gaz: Gazetteer) -> None:
    prefix = "HEADLINE\n\n"
    text = ("Donald Trump and Vladimir Putin met in Anchorage on Friday, August 15, 2025.\n"
            "Ukrainian officials said the United Nations was not consulted.")
    doc = analyse(gaz, text, prefix=prefix)
    assert {e.text for e in doc.entities} >= {"Donald Trump", "Vladimir Putin", "Anchorage", "Ukrainian", "United Nations"}
    for item in doc.entities + doc.time_expressions:
        assert doc.text[item.start:item.end] == item.text
    trump = next(e for e in doc.entities if e.text == "Donald Trump")
    assert (trump.type, trump.identifier_text, trump.code, trump.sector) == ("PERSON", "Donald Trump", "USA", "GOV")
    assert next(e for e in doc.entities if e.text == "Ukrainian").code == "UKR"


def test_offsets_with_normalised_sentences(gaz: Gazetteer) -> None:
    # the original has a hard line break inside the sentence; the sentence text joins it
    original = "Japan protested\nto China on Monday."
    norm = "Japan protested to China on Monday."
    starts = list(range(0, 15)) + [15] + list(range(16, len(original)))
    ends = [s + 1 for s in starts]
    doc = Document(path="t", text=original, content_hash="h", language="en", publication_date="2025-08-13")
    doc.sentences = [Sentence(0, 0, len(original), norm, 0, starts, ends)]
    en.analyze(doc, gaz)
    for item in doc.entities + doc.time_expressions:
        assert doc.text[item.start:item.end] == item.text
    assert [e.text for e in doc.entities] == ["Japan", "China"]


def test_names_outside_the_dictionary_are_named_as_written(gaz: Gazetteer) -> None:
    doc = analyse(gaz, "Foreign Minister Radoslaw Sikorski met Sergey Lavrov in Geneva.")
    (e,) = [e for e in doc.entities if "Sikorski" in e.text]
    assert (e.type, e.identifier_text, e.source) == ("PERSON", "Radoslaw Sikorski", "surface")


@pytest.mark.parametrize(
    "day, sector",
    [("2019-06-29", "GOV"), ("2023-01-01", "ELI"), ("2025-08-15", "GOV")],
)
def test_dated_roles(gaz: Gazetteer, day: str, sector: str) -> None:
    doc = analyse(gaz, "Donald Trump met Vladimir Putin.", date=day)
    trump = next(e for e in doc.entities if e.identifier_text == "Donald Trump")
    assert (trump.code, trump.sector) == ("USA", sector)
    ev = first_event(doc)
    assert next(a for a in ev.actors if a.identifier_text == "Donald Trump").sector == sector


def test_rule_fallback_without_model(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(en.entities, "_model", lambda: None)
    doc = analyse(gaz, "President Alexander Stubb met Vladimir Putin.")
    # found by the capitalisation rule, named as written
    assert any(e.text == "Alexander Stubb" and e.type == "PERSON" and e.source == "surface" for e in doc.entities)


def test_events_data_file_is_consistent() -> None:
    from rashomon import plover

    lex = en.lexicon._lexicon()
    for pats in lex.patterns.values():
        for p in pats:
            if p.entry.get("not_event"):
                continue
            cat = p.entry["cat"]
            assert cat in plover.CATEGORIES
            assert plover.validate(cat, p.entry.get("mode"), p.entry.get("context")) == [], p.entry
    text = Path(en.lexicon.DATA_FILE).read_text(encoding="utf-8")
    assert not re.search(r"^\s*-\s*cat:\s*(DEMAND|DISAPPROVE|FIGHT|INVESTIGATE)\b", text, re.M)
