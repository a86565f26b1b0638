"""Japanese events: who takes part, from the clause structure and from the text around the
sentence, on sentences written for these tests."""

from __future__ import annotations

from rashomon.pipeline import analyze_text

HEADER = "テスト記事の見出しです\n2025年8月14日\n\n"


def analysed(body: str):
    return analyze_text(HEADER + body + "\n", "test.txt", {"publication_date": "2025-08-14"})


def events(body: str, kind: str) -> list[set[str]]:
    return [{a.identifier_text or a.entity_text for a in m.actors} for m in analysed(body).events if m.event == kind]


def test_a_state_with_its_own_leader_is_one_side_and_meets_no_one():
    assert events("米国のトランプ大統領は、貿易交渉を急ぐ考えだ。", "CONSULT") == []
    assert events("米国のトランプ大統領は、中国との貿易交渉を急ぐ考えだ。", "CONSULT")


def test_a_leader_arriving_on_a_given_day_is_still_at_the_meeting():
    body = "米ロ首脳会談が15日、ジュネーブで開かれた。ロシアのプーチン大統領が15日、ジュネーブに到着した。"
    assert any("Vladimir Putin" in parties for parties in events(body, "CONSULT"))


def test_a_speaker_the_dictionary_lacks_still_speaks_after_a_meeting_of_two_named_leaders():
    body = "トランプ大統領は12日、プーチン大統領と会談した。アゼルバイジャンのアリエフ大統領は「平和の日だ」と述べた。"
    d = analysed(body)
    assert "アリエフ" in {st.speaker.entity_text for st in d.statements}


def test_both_countries_agreeing_are_the_parties_of_the_meeting_just_told():
    body = "日本と韓国は3日、ソウルで外相会談を行った。両国は漁業協定の改定で合意した。"
    assert any({"Japan", "South Korea"} <= parties for parties in events(body, "AGREE"))


def test_an_agreement_without_a_subject_is_reached_by_the_summit_just_told():
    body = "主要7カ国首脳会議は5日、ローマで閉幕した。難民対策など3分野の行動計画に合意した。"
    assert events(body, "AGREE") == [{"G7"}]
    members = "NATOの首脳会議が9日、ブリュッセルで閉幕した。加盟国は弾薬の共同調達を進めることで一致した。"
    assert events(members, "AGREE") == [{"NATO"}]


def test_an_agreement_that_another_act_is_about_takes_no_parties_from_the_meeting():
    body = "日本と韓国は3日、ソウルで外相会談を行った。米国は合意を求めた。"
    assert all(parties == {"United States"} for parties in events(body, "AGREE"))


def test_a_brief_exchange_on_the_sidelines_is_a_meeting():
    assert events("プーチン大統領と習近平国家主席は廊下で立ち話をした。", "CONSULT") == [
        {"Vladimir Putin", "Xi Jinping"}
    ]


def test_a_quotation_a_leader_calls_or_greets_someone_with_is_a_statement():
    d = analysed("プーチン大統領は習近平国家主席を「真の友人」と呼んだ。グテレス事務総長はゼレンスキー大統領を「ようこそ」と出迎えた。")
    assert [(st.speaker.identifier_text, st.text) for st in d.statements] == [
        ("Vladimir Putin", "真の友人"),
        ("António Guterres", "ようこそ"),
    ]


def test_the_day_a_statement_was_made_is_the_one_written_after_its_speaker():
    d = analysed("マクロン大統領は4日のテレビ演説で、欧州の会合について、次の会合は9日に開かれるという見通しを明らかにした。")
    (st,) = d.statements
    assert st.date == "2025-08-04"
    assert st.text.startswith("欧州の会合")


def test_a_pair_named_by_role_stands_for_the_two_people_last_named_so():
    body = "王毅外相とラブロフ外相は27日、モスクワで会談した。その後、両外相はプーチン大統領と会った。"
    assert {"Wang Yi", "Sergey Lavrov", "Vladimir Putin"} in events(body, "CONSULT")
    leaders = "トランプ大統領は15日、プーチン大統領と会談した。ルビオ国務長官も同席した。両首脳は停戦で合意した。"
    assert {"Donald Trump", "Vladimir Putin"} in events(leaders, "AGREE")
    assert "Marco Rubio" not in set().union(*events(leaders, "AGREE"))


def test_a_statement_at_a_ceremony_told_before_is_dated_by_it():
    d = analysed("王毅外相とラブロフ外相は5日、モスクワで協定に調印した。ラブロフ外相は調印式で「両国の友情の証しだ」と語った。")
    (st,) = d.statements
    assert st.date == "2025-08-05"


def test_a_day_named_inside_a_quotation_does_not_date_the_statement():
    (st,) = analysed("ロシアのプーチン大統領は「本日は歴史的な日だ」と述べた。").statements
    assert st.date is None
    (dated,) = analysed("プーチン大統領は5日、「本日は歴史的な日だ」と述べた。").statements
    assert dated.date == "2025-08-05"


def test_states_that_only_say_where_are_no_parties():
    body = "首相は滞在先のフランスで会見を開き、ドイツでの協議でイタリア側と文書を交わしたと述べた。"
    parties = set().union(*events(body, "CONSULT"))
    assert not parties & {"France", "Germany"}


def test_every_partner_listed_before_と_meets_the_topic():
    body = "石破首相は10日、フランスのマクロン大統領、ドイツのメルツ首相と会談した。"
    assert any({"Shigeru Ishiba", "Emmanuel Macron", "Friedrich Merz"} <= p for p in events(body, "CONSULT"))
    listed = "石破首相はマクロン大統領やメルツ首相と会談した。"
    assert any({"Emmanuel Macron", "Friedrich Merz"} <= p for p in events(listed, "CONSULT"))


def test_the_next_round_of_talks_is_held_by_the_parties_of_the_talks_told():
    body = "日本と韓国は3日、ソウルで外相会談を行った。次回の会談は来月に開かれる予定だ。"
    d = analysed(body)
    later = [m for m in d.events if m.event == "CONSULT" and m.status != "happened"]
    assert [{a.identifier_text for a in m.actors} for m in later] == [{"Japan", "South Korea"}]
