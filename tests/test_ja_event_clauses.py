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
    doc = analyze_text("米国、ロシアに追加制裁 2025年03月04日 09時15分\n米国はロシアの銀行に追加制裁を科した。\n", "t.txt")
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
