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
    body = "米ロ首脳会談が15日、アラスカで開かれた。ロシアのプーチン大統領が15日、アラスカに到着した。"
    assert any("Vladimir Putin" in parties for parties in events(body, "CONSULT"))


def test_a_speaker_the_dictionary_lacks_still_speaks_after_a_meeting_of_two_named_leaders():
    body = "トランプ大統領は12日、プーチン大統領と会談した。アゼルバイジャンのアリエフ大統領は「平和の日だ」と述べた。"
    d = analysed(body)
    assert "アリエフ" in {st.speaker.entity_text for st in d.statements}
