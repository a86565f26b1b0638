"""Japanese: who says what, from the structure of the sentence and the text around it, on
sentences written for these tests."""

from __future__ import annotations

from rashomon.pipeline import analyze_text

HEADER = "テスト記事の見出しです\n2025年8月14日\n\n"


def said(body: str) -> list[tuple[str | None, str]]:
    d = analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})
    return [(st.speaker.identifier_text or st.speaker.code, st.text) for st in d.statements]


def speakers(body: str) -> list[str | None]:
    return [who for who, _ in said(body)]


def test_the_topic_outranks_a_name_inside_a_subordinate_phrase():
    body = "会見した中国の王毅外相は、トランプ政権による関税措置を念頭に、「多国間の体制を守る」と強調した。"
    assert speakers(body) == ["Wang Yi"]


def test_titles_and_bodies_written_after_a_name_keep_its_particle():
    assert speakers("ウクライナのイエルマーク大統領府長官は12日、次の会合の場所を決めるとの考えを表明した。") == ["Andriy Yermak"]
    assert speakers("トランプ米大統領は「新しい章が始まる」と語った。") == ["Donald Trump"]


def test_a_sentence_without_a_subject_goes_on_with_the_last_topic():
    body = "ゼレンスキー大統領は12日、捕虜交換の準備会合に出席した。「千人が帰国する」と述べた。"
    assert speakers(body) == ["Volodymyr Zelensky"]


def test_a_sentence_with_its_own_subject_does_not_take_the_topic():
    body = "ゼレンスキー大統領は12日、会合に出席した。天候は「晴れ」と報じられた。"
    assert "Volodymyr Zelensky" not in speakers(body)


def test_the_name_a_quotation_and_its_verb_run_into_is_the_speaker():
    assert speakers("「同盟は強くなる」と述べたトランプ大統領。") == ["Donald Trump"]


def test_a_speech_noun_that_ends_the_sentence_is_the_verb():
    assert speakers("トルコのフィダン外相は声明で「協議を続けることで合意した」と表明。") == ["Hakan Fidan"]


def test_a_state_that_is_the_topic_of_reported_speech_speaks():
    assert speakers("イランは9日、輸送路の設置を阻止すると述べた。") == ["Iran"]


def test_a_state_in_a_relative_clause_makes_no_statement():
    assert speakers("ロシアが主張する領有権は認められていない。") == []


def test_a_transcript_caption_names_who_speaks_the_quotation_below_it():
    body = "会議は二日間の日程だった。\n\nトランプ大統領(16日)\n\n「明日の朝には帰国する予定だ」\n"
    d = analyze_text(HEADER + body, "test.txt", {"publication_date": "2025-08-14"})
    (st,) = [st for st in d.statements if st.speaker.identifier_text == "Donald Trump"]
    assert st.text == "明日の朝には帰国する予定だ"
    assert st.date == "2025-08-16"
    assert d.text[st.start:st.end] == st.text


def test_people_who_arrive_at_a_summit_are_its_parties():
    body = "カナダでG7サミットが開幕した。開催国カナダのカーニー首相が出迎えた。トランプ大統領らも到着した。"
    d = analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})
    summits = [m for m in d.events if m.event == "CONSULT" and "サミット" in m.trigger]
    assert summits
    assert {"Mark Carney", "Donald Trump"} <= {a.identifier_text for a in summits[0].actors}


def test_one_who_declines_to_attend_is_no_party():
    body = "カナダでG7サミットが開幕した。トランプ大統領は出席しなかった。"
    d = analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})
    assert all("Donald Trump" not in {a.identifier_text for a in m.actors} for m in d.events if m.event == "CONSULT")


def test_an_agreement_naming_one_side_was_reached_with_the_other_party_of_the_meeting():
    body = "ロシアとウクライナの代表団は16日、イスタンブールで直接交渉を行った。ロシア側は捕虜交換で合意したと発表した。"
    d = analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})
    (agree,) = [m for m in d.events if m.event == "AGREE"]
    assert {"RUS", "UKR"} <= {a.code for a in agree.actors}


def _meetings(body: str, day: str = "2025-08-14") -> list[set[str]]:
    d = analyze_text("テスト記事の見出しです\n" + day.replace("-", "年", 1).replace("-", "月", 1) + "日\n\n" + body + "\n",
                     "test.txt", {"publication_date": day})
    return [{a.identifier_text for a in m.actors} for m in d.events if m.event == "CONSULT"]


def test_a_state_that_only_says_where_is_no_party():
    (parties,) = _meetings("米国と中国の代表団は12日、スペインで協議を行った。")
    assert {"United States", "China"} <= parties and "Spain" not in parties


def test_a_meeting_with_one_named_side_in_a_subjectless_clause_is_the_topics():
    body = "トランプ大統領は12日、記者団の取材に応じた。来週予定されている習近平国家主席との会談で、関税について協議すると述べた。"
    assert any({"Donald Trump", "Xi Jinping"} <= parties for parties in _meetings(body))


def test_those_who_sit_in_are_at_the_meeting_just_told():
    body = "トランプ大統領は12日、プーチン大統領と会談した。ルビオ国務長官も同席した。"
    assert any({"Donald Trump", "Vladimir Putin", "Marco Rubio"} <= parties for parties in _meetings(body))


def test_a_meeting_called_off_is_a_refusal():
    d = analyze_text(HEADER + "トランプ大統領は12日、プーチン大統領との首脳会談の中止を明らかにした。\n", "test.txt",
                     {"publication_date": "2025-08-14"})
    assert any(m.event == "REJECT" and "Donald Trump" in {a.identifier_text for a in m.actors} for m in d.events)


def test_tariffs_lowered_are_no_sanction():
    d = analyze_text(HEADER + "米国と中国は12日、追加関税を115%引き下げることで合意した。\n", "test.txt",
                     {"publication_date": "2025-08-14"})
    assert {m.event for m in d.events} >= {"RETREAT", "AGREE"} and "SANCTION" not in {m.event for m in d.events}


def test_a_headline_tells_the_leads_event():
    text = ("米中、関税下げで合意 2025年05月12日 16時09分\n\n"
            "米国と中国の代表団は10日、スイスのジュネーブで協議し、関税下げで合意した。\n")
    d = analyze_text(text, "test.txt")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert len(agree) == 2 and len({(m.date, m.place) for m in agree}) == 1


def test_a_mediator_is_a_party_of_the_talks_and_a_war_named_between_keeps_the_place():
    body = ("アルメニアとアゼルバイジャンの代表団は3日、トルコ・アンカラで、カラバフ紛争を巡る和平に向けて直接協議を行った。"
            "協議を仲介したトルコのフィダン外相は終了後の声明で「次回も話し合う」と表明。")
    d = analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})
    talks = next(m for m in d.events if m.event == "CONSULT" and m.sentence == min(x.sentence for x in d.events))
    assert {"Armenia", "Azerbaijan", "Hakan Fidan"} <= {a.identifier_text for a in talks.actors}
    assert talks.place == "Ankara"
