"""English roles from the dependency parse: passive agents, meetings a noun names with its
parties, the speaker after an opening participle, and weekdays dated by a full date in the text."""

from __future__ import annotations

from rashomon.pipeline import analyze_text


def en(text: str, date: str | None = "2025-06-27"):
    meta = {"language": "en"}
    if date:
        meta["publication_date"] = date
    return analyze_text(text, "t.txt", meta)


def actors(m) -> set[str]:
    return {a.identifier_text for a in m.actors}


def test_passive_signing_names_its_coordinated_signatories():
    d = en("The accord was signed by Foreign Minister Sergey Lavrov of Russia and his Chinese counterpart Wang Yi.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and {"Sergey Lavrov", "Wang Yi"} <= actors(agree[0])


def test_signing_in_a_reduced_relative_clause():
    d = en("The treaty, to be signed by Vladimir Putin and Xi Jinping, will open trade.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and {"Vladimir Putin", "Xi Jinping"} <= actors(agree[0])


def test_inked_is_signing():
    d = en("Russia and China inked a trade deal on Friday.")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree and {"Russia", "China"} <= actors(agree[0])


def test_a_possessive_meeting_with_someone_is_a_meeting_beside_the_main_act():
    d = en("The delay followed Donald Trump's meeting with Volodymyr Zelensky at the White House on Friday.")
    meets = [m for m in d.events if m.event == "CONSULT"]
    assert meets and {"Donald Trump", "Volodymyr Zelensky"} <= actors(meets[0])
    assert meets[0].date == "2025-06-27"


def test_a_potential_meeting_between_two_is_theirs_and_hypothetical():
    d = en("Ukraine and Russia discussed a ceasefire and a potential meeting between Vladimir Putin and Xi Jinping.")
    meets = [m for m in d.events if m.event == "CONSULT" and {"Vladimir Putin", "Xi Jinping"} <= actors(m)]
    assert len(meets) == 1 and meets[0].status == "hypothetical"
    # those who discussed it are the subject, not the parties of the meeting discussed
    talks = [m for m in d.events if m.event == "CONSULT" and m.trigger == "discussed"]
    assert talks and actors(talks[0]) == {"Ukraine", "Russia"}


def test_a_meeting_named_without_two_parties_stays_a_cue():
    d = en("The meeting with reporters was short.")
    assert all(len(m.actors) < 2 for m in d.events)


def test_pronoun_after_an_opening_participle_speaks_not_the_name_inside_it():
    d = en(
        "Donald Trump left the summit early.\n\n"
        "Speaking to journalists on the plane home, he said there were many readings of the clause."
    )
    speakers = {s.speaker.identifier_text for s in d.statements}
    assert speakers == {"Donald Trump"}


def test_an_undated_page_dates_weekdays_by_a_full_date_it_writes():
    d = en(
        "Leaders meet in Canada\n\n"
        "Donald Trump met Mark Carney in Kananaskis on Monday.\n\n"
        "Donald Trump attends a session of the summit, Monday, June 16, 2025.",
        date=None,
    )
    meets = [m for m in d.events if m.event == "CONSULT" and "Mark Carney" in actors(m)]
    assert meets and meets[0].date == "2025-06-16"


def test_taking_part_in_a_summit_session_is_being_at_it():
    d = en("Donald Trump participates in a session of the G7 summit in Kananaskis on Monday, June 16, 2025.")
    meets = [m for m in d.events if m.event == "CONSULT" and "Donald Trump" in actors(m)]
    assert meets and meets[0].date == "2025-06-16" and meets[0].place == "Kananaskis"


def test_objecting_to_a_target_is_rejecting_it():
    d = en("Spain had objected to the spending target.")
    assert [m.event for m in d.events] == ["REJECT"]
