"""Japanese events: what a trigger's own clause says (its negation, its subject, the stamp of the
page it is on), on sentences written for these tests."""

from __future__ import annotations

from rashomon.gazetteer import default_gazetteer
from rashomon.merge import merge
from rashomon.pipeline import analyze_text

HEADER = "テスト記事の見出しです\n2025年8月14日\n\n"


def analysed(body: str, header: str = HEADER):
    return analyze_text(header + body + "\n", "test.txt", {"publication_date": "2025-08-14"})


def mentions(body: str, kind: str) -> list:
    return [m for m in analysed(body).events if m.event == kind]


def names(m) -> set[str]:
    return {a.identifier_text or a.entity_text for a in m.actors}


def test_a_page_stamp_dates_the_page_not_the_events_on_it():
    doc = analyze_text("date 2025-03-04 米国はロシアの銀行に追加制裁を科した。米国は同日、声明を出した。\n", "t.txt")
    assert doc.publication_date == "2025-03-04"
    sanctions = [m for m in doc.events if m.event == "SANCTION"]
    assert sanctions and all(m.date is None for m in sanctions)


def test_an_undated_sanction_is_the_dated_one_of_the_same_text():
    body = "米財務省は22日、ロシアの石油会社に制裁を科したと発表した。米国がロシアに直接制裁を科すのは初めてだ。"
    doc = analysed(body)
    assert len([m for m in doc.events if m.event == "SANCTION"]) == 2
    merged = [e for e in merge(doc.events, default_gazetteer()) if e.event == "SANCTION"]
    assert [e.date for e in merged] == ["2025-08-22"]


def test_a_name_between_a_quotation_and_its_verb_speaks_only_as_a_subject():
    body = "トランプ大統領は22日、「時間の無駄だ」として、プーチン大統領との会談を取りやめたと発表した。"
    assert {st.speaker.identifier_text for st in analysed(body).statements} == {"Donald Trump"}
    body = "「時間の無駄だ」とトランプ大統領は述べた。"
    assert {st.speaker.identifier_text for st in analysed(body).statements} == {"Donald Trump"}


def test_one_side_that_will_not_sign_refuses():
    body = "英国のスターマー首相は共同声明に署名しない方針だ。"
    refusals = mentions(body, "REJECT")
    assert len(refusals) == 1 and "Keir Starmer" in names(refusals[0])
    assert mentions(body, "AGREE") == []


def test_a_party_that_has_not_gone_along_refuses():
    body = "フランスは長年、関税の撤廃を求めてきたが、ドイツが応じてこなかった。"
    assert [names(m) for m in mentions(body, "REJECT")] == [{"Germany"}]


def test_a_summit_of_two_states_is_held_by_the_leaders_the_text_names():
    body = "石破首相は関税について説明した。トランプ大統領も記者団に語った。日米首脳会談が17日に開かれた。"
    assert [names(m) for m in mentions(body, "CONSULT")] == [{"Japan", "United States", "Shigeru Ishiba", "Donald Trump"}]
    # a summit the sentence places may be an earlier one of the same states
    body = "石破首相は関税について説明した。トランプ大統領も記者団に語った。日米首脳会談がワシントンで開かれた。"
    assert [names(m) for m in mentions(body, "CONSULT")] == [{"Japan", "United States"}]


def test_a_gathering_of_a_body_of_states_has_its_hosts_leader():
    body = (
        "カナダのカーニー首相は議長を務める。"
        "主要7カ国首脳会議(G7サミット)は16日、カナナスキスで開幕し、トランプ米大統領が出席した。"
    )
    summits = [names(m) for m in mentions(body, "CONSULT") if "G7" in names(m)]
    assert summits and all("Mark Carney" in parties for parties in summits)


def test_an_administration_named_by_its_leader_acts_as_the_state():
    sanctions = mentions("トランプ政権は中国に追加関税を課した。", "SANCTION")
    assert [names(m) for m in sanctions] == [{"United States"}]


def test_a_measure_that_talks_are_about_is_not_imposed():
    assert mentions("米国と中国は、追加関税や輸出規制などを巡り協議した。", "SANCTION") == []
    assert mentions("米国は中国に追加関税を課した。", "SANCTION")


def test_agreeing_to_meet_is_no_accord():
    assert mentions("トランプ大統領はプーチン大統領と、来月会談することで合意した。", "AGREE") == []
    assert mentions("トランプ大統領は、プーチン大統領と合意していた首脳会談を中止した。", "AGREE") == []
    assert mentions("トランプ大統領とプーチン大統領は、捕虜の交換で合意した。", "AGREE")


def test_a_parade_no_one_is_named_before_is_its_host_states():
    parades = mentions("3日に北京で軍事パレードが行われ、欧米の反発も予想される。", "MOBILIZE")
    assert [names(m) for m in parades] == [{"China"}]


def test_a_clause_of_condition_neither_acts_nor_speaks_and_the_speaker_goes_on():
    body = "プーチン大統領は23日、米国の制裁を非難した。また、ロシアが攻撃された場合、「報復する」と警告した。"
    doc = analysed(body)
    threats = [m for m in doc.events if m.event == "THREATEN"]
    assert [names(m) for m in threats] == [{"Vladimir Putin"}]
    assert threats[0].date == "2025-08-23"  # the day its speaker is quoted on
    assert {st.speaker.identifier_text for st in doc.statements if "報復" in st.text} == {"Vladimir Putin"}


def test_those_named_first_among_a_summits_gathered_leaders_attend_and_the_host_leads():
    body = (
        "カナダのカーニー首相が議長を務める。主要7カ国首脳会議(G7サミット)がカナダで開幕した。"
        "日本の石破首相をはじめ、各国の首脳が集まった。"
    )
    summits = [names(m) for m in mentions(body, "CONSULT") if "G7" in names(m)]
    assert summits and all({"Shigeru Ishiba", "Mark Carney"} <= parties for parties in summits)


def test_a_day_written_after_a_later_topic_is_that_clauses():
    body = "米国がロシアへの制裁を決定したことを受けて、プーチン大統領は23日、強く非難した。"
    assert [m.date for m in mentions(body, "SANCTION")] == [None]
    assert [m.date for m in mentions("米国はロシアへの制裁を決定し、23日に発表した。", "SANCTION")] == ["2025-08-23"]


def test_an_agreement_in_a_clause_after_but_with_no_subject_is_the_meetings():
    body = "日本と韓国は3日、ソウルで外相会談を行った。協議は難航したが、漁業協定の改定で合意した。"
    assert any({"Japan", "South Korea"} <= names(m) for m in mentions(body, "AGREE"))


def test_a_venue_or_a_framework_joined_is_no_meeting():
    assert mentions("石破首相はサミット会場に入った。", "CONSULT") == []
    assert mentions("中国が新たな枠組みに参加する可能性がある。", "CONSULT") == []
    assert mentions("ウクライナのウメロフ国防相は、ロシアとの交渉に参加した。", "CONSULT")
