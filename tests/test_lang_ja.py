"""Japanese analysis: dictionary overrides, time, statements and PLOVER events on
sentences written for these tests, and on the real seeds."""

from __future__ import annotations

import pytest
from conftest import seed_text

from rashomon.pipeline import analyze_text

HEADER = "テスト記事の見出しです\n2025年8月14日\n\n"


def doc(body: str, date: str | None = "2025-08-14"):
    meta = {"publication_date": date} if date else {}
    return analyze_text(HEADER + body + "\n", "test.txt", meta)


def persons(d) -> set[str]:
    return {e.identifier_text for e in d.entities if e.type == "PERSON" and e.identifier_text}


def test_dictionary_overrides_the_model_on_names():
    d = doc("トランプ氏とプーチン氏が会談した。ウィトコフ特使とウシャコフ補佐官も同席した。キーウではNATOへの期待が高まった。")
    assert {"Donald Trump", "Vladimir Putin", "Steve Witkoff", "Yuri Ushakov"} <= persons(d)
    kinds = {(e.identifier_text, e.type) for e in d.entities}
    assert ("NATO", "ORG") in kinds
    assert any(i == "Kyiv" and t in ("LOCATION", "OTHER") for i, t in kinds)


def test_entity_offsets_slice_the_original_even_across_wrapped_lines():
    text = HEADER + "上海協力機構(SCO)首\n脳会議にモディ首相が出席した。ウラジーミル・プー\nチン大統領も参加した。\n"
    d = analyze_text(text, "t.txt")
    for e in d.entities + d.time_expressions:
        assert text[e.start:e.end] == e.text
    putin = next(e for e in d.entities if e.identifier_text == "Vladimir Putin")
    assert "\n" in putin.text


def test_dated_role_resolves_sector_at_document_date():
    d19 = doc("トランプ氏が演説した。", "2019-06-29")
    d23 = doc("トランプ氏が演説した。", "2023-01-01")
    sector = lambda d: next(e.sector for e in d.entities if e.identifier_text == "Donald Trump")  # noqa: E731
    assert sector(d19) == "GOV" and sector(d23) == "ELI"


def test_metonymic_capital_is_an_actor_not_a_place():
    d = doc("モスクワは中距離ミサイルの配備を決めた。プーチン氏は8月6日にモスクワで特使と会った。")
    moscow = [e for e in d.entities if e.identifier_text == "Moscow"]
    assert [e.type for e in moscow] == ["OTHER", "LOCATION"]
    assert moscow[0].code == "RUS"


def test_quotation_with_full_stops_keeps_its_speaker():
    d = doc("ゼレンスキー大統領は「領土は譲らない。交渉には応じる。」と述べた。")
    (st,) = d.statements
    assert st.speaker.identifier_text == "Volodymyr Zelensky"
    assert st.text == "領土は譲らない。交渉には応じる。"


def test_reported_speech_and_speaker_after_quotation():
    d = doc("「合意は近い」とトランプ大統領は記者団に語った。ラブロフ外相は西側の制裁を批判した。")
    speakers = [s.speaker.identifier_text for s in d.statements]
    assert "Donald Trump" in speakers


def test_press_conference_is_a_statement_by_each_leader():
    d = doc("2025年8月15日、共同記者会見に臨むプーチン大統領とトランプ大統領。")
    speakers = {s.speaker.identifier_text for s in d.statements}
    assert speakers == {"Vladimir Putin", "Donald Trump"}
    assert all(s.date == "2025-08-15" for s in d.statements)


CATEGORY_SENTENCES = {
    "CONSULT": "石破首相は東京で韓国の大統領と会談した。",
    "AGREE": "日本と韓国は防衛協力の拡大で合意した。",
    "SUPPORT": "フランスはウクライナの立場を支持すると表明した。",
    "COOPERATE": "ロシアと中国は日本海で合同パトロールを実施した。",
    "AID": "ドイツはウクライナに防空システムを供与した。",
    "CONCEDE": "米国はロシアへの制裁を緩和した。",
    "RETREAT": "ロシア軍はヘルソンから撤退した。",
    "REQUEST": "ゼレンスキー大統領は欧州に追加の支援を要請した。",
    "ACCUSE": "中国は日本の対応を非難した。",
    "REJECT": "ロシアは停戦案を拒否した。",
    "THREATEN": "トランプ大統領はロシアに二次制裁を科すと警告した。",
    "PROTEST": "ジョージアの首都で大規模な抗議デモが起きた。",
    "SANCTION": "欧州連合はロシアに追加制裁を科した。",
    "MOBILIZE": "北朝鮮は国境に部隊を配備した。",
    "COERCE": "ロシア当局は米国人記者を拘束した。",
    "ASSAULT": "ロシアはキーウをミサイルで攻撃した。",
}


@pytest.mark.parametrize("category", sorted(CATEGORY_SENTENCES))
def test_every_category_from_a_japanese_sentence(category):
    d = doc(CATEGORY_SENTENCES[category])
    cats = {m.event for m in d.events}
    assert category in cats, (CATEGORY_SENTENCES[category], [(m.event, m.trigger) for m in d.events])
    m = next(m for m in d.events if m.event == category)
    assert m.actors, "an event needs an actor"
    assert d.text[m.start:m.end].strip().startswith(CATEGORY_SENTENCES[category][:5])


def test_negated_and_hypothetical_and_scheduled():
    d = doc("トランプ大統領とプーチン大統領は会談したが、停戦合意には至らなかった。"
            "ロシアが応じれば制裁の解除で合意する可能性がある。両首脳は来週金曜日にモスクワで会談する予定だ。")
    agree = [m for m in d.events if m.event == "AGREE"]
    assert agree[0].status == "negated"
    assert agree[1].status == "hypothetical"
    consult = [m for m in d.events if m.event == "CONSULT"]
    assert consult[0].status == "happened"
    assert {a.identifier_text for a in consult[-1].actors} == {"Donald Trump", "Vladimir Putin"}
    assert consult[-1].status == "scheduled"
    assert consult[-1].date == "2025-08-22"
    assert consult[-1].place == "Moscow"


def test_event_date_in_japan_time_without_clock_is_left_open():
    d = doc("2025年8月16日(日本時間)、米アラスカ州の基地でトランプ大統領とプーチン大統領が会談した。")
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    assert m.date is None
    assert m.place == "Alaska"


def test_seed_000_core_events():
    d = analyze_text(seed_text("000"), "000.txt")
    consult = [m for m in d.events if m.event == "CONSULT"]
    summit = [m for m in consult if {a.identifier_text for a in m.actors} >= {"Vladimir Putin", "Donald Trump"}]
    assert any(m.date == "2025-08-15" and m.place == "Alaska" and m.status == "scheduled" for m in summit)
    witkoff = [m for m in consult if "Steve Witkoff" in {a.identifier_text for a in m.actors}]
    assert any(m.date == "2025-08-06" and m.place == "Moscow" for m in witkoff)
    speakers = {s.speaker.identifier_text for s in d.statements}
    assert {"Donald Trump", "Yuri Ushakov"} <= speakers


def test_long_document_is_analysed_whole():
    body = "".join(f"{i}回目の会合で、日本と韓国の外相が協力で一致した。" for i in range(1, 3000))
    d = doc(body)
    assert len(d.text) > 60_000
    assert sum(m.event == "AGREE" for m in d.events) >= 2000


def test_agent_of_the_main_predicate_is_the_topic():
    d = doc("トランプ氏は、ロシアが戦闘の停止に応じなければ深刻な結果を招くと警告した。")
    (m,) = [m for m in d.events if m.event == "THREATEN"]
    assert [a.identifier_text for a in m.actors] == ["Donald Trump"]
    assert "Russia" in [a.identifier_text for a in m.recipients]


def test_a_spokesman_reporting_a_meeting_is_not_at_it():
    d = doc("ロシア大統領府のペスコフ報道官は、次回の首脳会談の日程は決まっていないと説明した。")
    assert [s.speaker.identifier_text for s in d.statements] == ["Dmitry Peskov"]
    assert all("Dmitry Peskov" not in {a.identifier_text for a in m.actors} for m in d.events)


def test_dateline_credit_is_a_place_not_an_actor():
    d = doc("【ワシントン=山田太郎】トランプ大統領は15日、ホワイトハウスでゼレンスキー大統領と会談した。")
    washington = [e for e in d.entities if e.identifier_text == "Washington"]
    assert washington and washington[0].type == "LOCATION"
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    assert {a.identifier_text for a in m.actors} == {"Donald Trump", "Volodymyr Zelensky"}
    assert m.place == "White House"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_dictionary_overrides_on_the_seeds(prefix):
    text = seed_text(prefix)
    d = analyze_text(text, f"{prefix}.txt")
    for e in d.entities:
        assert text[e.start:e.end] == e.text
        surface = e.text.replace("\n", "")
        if surface in ("トランプ", "ドナルド・トランプ"):
            assert (e.type, e.identifier_text) == ("PERSON", "Donald Trump")
        if surface in ("プーチン", "ウラジーミル・プーチン"):
            assert (e.type, e.identifier_text) == ("PERSON", "Vladimir Putin")
        if surface in ("ウィトコフ", "ウシャコフ") or surface.endswith(("・ウィトコフ", "・ウシャコフ")):
            assert e.type == "PERSON" and e.identifier_text in ("Steve Witkoff", "Yuri Ushakov")
        if surface == "NATO":
            assert e.type == "ORG"
        if surface == "キーウ":
            assert e.identifier_text == "Kyiv"


def test_japan_time_with_clock_and_venue_becomes_the_local_date():
    d = doc("両首脳は日本時間16日午前4時半、アラスカ州アンカレッジでトランプ大統領とプーチン大統領が会談した。")
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    assert m.place == "Anchorage"
    assert m.date == "2025-08-15"  # 04:30 JST on the 16th is the 15th in Alaska
    (t,) = [t for t in d.time_expressions if "日本時間" in t.text]
    assert t.value.startswith("2025-08-16")  # the expression's own value stays in Japan time


def test_chained_clause_shares_the_tense_of_the_next():
    d = doc("ゼレンスキー大統領は18日にワシントンを訪れ、トランプ大統領と会談する予定だ。")
    assert {m.status for m in d.events if m.event == "CONSULT"} == {"scheduled"}
    d2 = doc("ゼレンスキー大統領は18日にワシントンを訪れ、トランプ大統領と会談した。")
    assert {m.status for m in d2.events if m.event == "CONSULT"} == {"happened"}


def test_according_to_a_source_is_its_statement():
    d = doc("防衛省によると、ミサイルは日本の排他的経済水域の外に落下したとみられる。")
    (st,) = d.statements
    assert st.speaker.identifier_text == "Ministry of Defense of Japan"
    assert st.text.startswith("ミサイルは")


def test_a_speakers_undated_remarks_take_the_day_they_were_quoted():
    d = doc("プーチン大統領は15日、「対話は有益だった」と述べた。プーチン大統領は「関係は改善する」とも語った。")
    assert [s.date for s in d.statements] == ["2025-08-15", "2025-08-15"]


def test_polite_forms_and_the_parties_of_an_agreement():
    d = doc("高市首相はトランプ大統領と電話で会談し、中国の海洋進出に対抗するため日米同盟を強化することで一致しました。")
    (agree,) = [m for m in d.events if m.event == "AGREE"]
    assert {a.identifier_text for a in agree.actors} == {"Sanae Takaichi", "Donald Trump"}
    (call,) = [m for m in d.events if m.event == "CONSULT"]
    assert call.mode == ["phone"] and call.place is None


def test_subject_of_an_embedded_clause_acts_inside_it_only():
    d = doc("ロシア政府は27日、日本がウクライナへの追加支援を決めたことに抗議し、大使を呼び出しました。")
    (accuse,) = [m for m in d.events if m.event == "ACCUSE"]
    assert [a.identifier_text for a in accuse.actors] == ["Russian Government"]
    assert "Japan" in {a.identifier_text for a in accuse.recipients}
    (aid,) = [m for m in d.events if m.event == "AID"]
    assert [a.identifier_text for a in aid.actors] == ["Japan"]
    assert [a.identifier_text for a in aid.recipients] == ["Ukraine"]


def test_japan_time_with_the_particle_no_and_an_invitation():
    d = doc("トランプ大統領とプーチン大統領は、日本時間の16日午前4時半ごろから、アラスカ州アンカレジの軍の基地で首脳会談を行いました。"
            "プーチン大統領はトランプ大統領をロシアに招待しました。")
    summit, invitation = [m for m in d.events if m.event == "CONSULT"]
    assert summit.date == "2025-08-15" and summit.place == "Anchorage"
    assert invitation.status == "hypothetical" and invitation.mode == ["visit"]
    assert {a.identifier_text for a in invitation.actors} >= {"Vladimir Putin", "Donald Trump"}


def test_both_leaders_at_a_press_conference_each_make_a_statement():
    d = doc("トランプ大統領とプーチン大統領は8月15日に会談した。終了後、両首脳はそろって記者会見に臨みました。")
    assert {s.speaker.identifier_text for s in d.statements} == {"Donald Trump", "Vladimir Putin"}


def test_a_second_topic_starts_a_new_clause_and_titles_are_read():
    d = doc("トランプ政権は11月30日、中国からの輸入品に追加関税を課すと発表し、中国商務省は対抗措置を取ると警告した。"
            "台湾の頼清徳総統は同日、「一方的な挑発行為を強く非難する」とのコメントを出した。")
    sanction = next(m for m in d.events if m.event == "SANCTION")
    # トランプ政権: the administration acts as its state
    assert [a.identifier_text for a in sanction.actors] == ["United States"]
    assert [a.identifier_text for a in sanction.recipients] == ["China"]
    threaten = next(m for m in d.events if m.event == "THREATEN")
    assert [a.identifier_text for a in threaten.actors] == ["Ministry of Commerce of China"]
    assert "Lai Ching-te" in {s.speaker.identifier_text for s in d.statements}


def test_this_suggests_is_not_a_statement():
    d = doc("これは、プーチン大統領とトランプ大統領が合意に近いことを示唆している。")
    assert d.statements == []


def test_one_states_joint_exercise_is_its_mobilisation_and_the_encircled_is_the_target():
    d = doc("中国軍は1日、台湾を取り囲む形で陸海空軍による大規模な合同軍事演習を実施した。")
    (m,) = [m for m in d.events if m.context == ["military"]]
    assert m.event == "MOBILIZE"
    assert "Taiwan" in {a.identifier_text for a in m.recipients}
    assert "Taiwan" not in {a.identifier_text for a in m.actors}


def test_what_is_said_to_be_done_is_the_object_of_an_accusation():
    d = doc("ウクライナのゼレンスキー大統領は16日、ロシアが攻撃を続けていると非難し、「話し合いが必要だ」と述べた。")
    (m,) = [m for m in d.events if m.event == "ACCUSE"]
    assert {a.identifier_text for a in m.actors} == {"Ukraine", "Volodymyr Zelensky"}
    assert [a.identifier_text for a in m.recipients] == ["Russia"]


def test_bombers_are_no_bombing_and_a_parade_is_the_host_states():
    d = doc("中国空軍の戦略爆撃機が配備された。9月3日には北京での対日戦勝記念式典と軍事パレードが行われた。")
    assert not [m for m in d.events if m.event == "ASSAULT"]
    parade = next(m for m in d.events if m.trigger == "軍事パレード")
    assert [a.identifier_text for a in parade.actors] == ["China"]
    assert all(a.identifier_text != "Japan" for m in d.events for a in m.actors)  # 対日: Japan is no actor


def test_contexts_from_what_the_sentence_is_about():
    d = doc("プーチン大統領は、米露間の貿易が増加していることを挙げ、北極圏での協力を提案した。")
    (m,) = [m for m in d.events if m.event == "COOPERATE"]
    assert "economic" in m.context


def test_a_call_after_a_meeting_has_the_topic_as_a_party():
    d = doc("トランプ氏は会談後、ウクライナのゼレンスキー大統領や欧州の首脳と電話で協議した。")
    call = next(m for m in d.events if m.trigger == "電話で協議")
    assert {"Donald Trump", "Volodymyr Zelensky"} <= {a.identifier_text for a in call.actors}


def test_a_sanction_warned_of_or_on_a_condition_is_a_threat():
    d = doc("英国のスターマー首相は、ロシアが停戦に応じなければ追加制裁を科すと警告した。")
    assert {m.event for m in d.events} == {"THREATEN"}
    # announced, not warned of: a scheduled sanction
    d = doc("米政府は中国からの輸入品に追加関税を課すと発表した。")
    assert [m.event for m in d.events] == ["SANCTION"]


def test_reported_speech_without_its_day_and_quotative():
    d = doc("ロシア大統領府のペスコフ報道官は16日、3者会談の日程は決まっていないと記者団に語った。")
    (st,) = d.statements
    assert st.speaker.identifier_text == "Dmitry Peskov"
    assert st.text == "3者会談の日程は決まっていない"
    assert d.text[st.start:st.end] == st.text
    meeting = next(m for m in d.events if m.event == "CONSULT")
    assert meeting.status == "hypothetical"


def test_press_conference_statement_carries_its_sentence():
    d = doc("プーチン氏は共同記者会見で「次はモスクワで」と述べ、トランプ氏を招待した。")
    by = {s.speaker.identifier_text: s for s in d.statements}
    assert by["Vladimir Putin"].text == "次はモスクワで"
    assert by["Donald Trump"].text and d.text[by["Donald Trump"].start:by["Donald Trump"].end] == by["Donald Trump"].text


def test_a_meeting_referred_to_is_the_one_already_told():
    d = doc("トランプ大統領とプーチン大統領は15日、アンカレジで会談した。"
            "インドのモディ首相は17日、プーチン大統領と電話で会談し、会談の内容について説明を受けた。"
            "ロシア外務省のザハロワ報道官は、会談の成果について楽観的な見方を示した。")
    meetings = {(tuple(sorted(a.identifier_text for a in m.actors if a.identifier_text)), m.date) for m in d.events
                if m.event == "CONSULT"}
    # no meeting of Trump and Putin on the 17th, and none with the spokeswoman
    assert not any(date == "2025-08-17" and "Donald Trump" in names for names, date in meetings)
    assert not any("Maria Zakharova" in names for names, _ in meetings)
    # a meeting given with its parties is its own, even when only its aftermath is told
    d = doc("この構想は、7月2日にモスクワで行われたウィトコフ特使とプーチン大統領の会談の後で出てきた。")
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    assert {"Vladimir Putin", "Steve Witkoff"} <= {a.identifier_text for a in m.actors}
    assert (m.date, m.place) == ("2025-07-02", "Moscow")


def test_an_attack_on_a_city_is_placed_there_and_continents_are_no_places():
    d = doc("ロシアは17日夜、ウクライナ東部のハルキウをミサイルで攻撃した。ヨーロッパ各国の首脳も懸念を示した。")
    (attack,) = [m for m in d.events if m.event == "ASSAULT"]
    assert attack.place == "Kharkiv"
    assert not any(e.type == "LOCATION" and e.text == "ヨーロッパ" for e in d.entities)


def test_attendees_are_a_meetings_parties_and_a_proposed_meeting_is_hypothetical():
    d = doc("ホワイトハウスでの会合には、ルッテ事務総長、マクロン大統領、メルツ首相が出席した。"
            "ハンガリーのオルバン首相はブダペストでの会談を提案した。")
    meeting, proposed = [m for m in d.events if m.event == "CONSULT"]
    assert [a.identifier_text for a in meeting.actors] == ["Mark Rutte", "Emmanuel Macron", "Friedrich Merz"]
    assert meeting.place == "White House" and meeting.status == "happened"
    assert (proposed.status, proposed.place) == ("hypothetical", "Budapest")


def test_coordinated_speakers_each_say_it_and_stated_views_are_statements():
    d = doc("マクロン大統領とメルツ首相は共同声明で「ウクライナ抜きの合意は認めない」と強調した。"
            "ゼレンスキー大統領は、領土の割譲には応じない考えを示した。"
            "プーチン大統領によると、会談は建設的だった。")
    said = [(s.speaker.identifier_text, s.text) for s in d.statements]
    assert said == [
        ("Emmanuel Macron", "ウクライナ抜きの合意は認めない"),
        ("Friedrich Merz", "ウクライナ抜きの合意は認めない"),
        ("Volodymyr Zelensky", "領土の割譲には応じない"),
        ("Vladimir Putin", "会談は建設的だった"),
    ]
    assert all(d.text[s.start:s.end] == s.text for s in d.statements)
    (reject,) = [m for m in d.events if m.event == "REJECT"]
    assert [a.identifier_text for a in reject.actors] == ["Volodymyr Zelensky"]


def test_attacks_sanctions_and_broken_agreements():
    d = doc("ウクライナ軍はロシア西部クルスク州に越境攻撃を仕掛けた。"
            "EUは7月18日、第18弾の対ロシア制裁を採択した。"
            "ロシア国防省は、ウクライナ側が停戦合意を破ったと非難した。"
            "プーチン氏は習氏と北京で会談し、エネルギー協力で一致した。")
    by = {m.event: m for m in d.events}
    assert by["ASSAULT"].place == "Kursk Oblast"
    assert [a.identifier_text for a in by["SANCTION"].actors] == ["European Union"]
    assert [a.identifier_text for a in by["SANCTION"].recipients] == ["Russia"]
    assert by["SANCTION"].date == "2025-07-18"
    # the broken ceasefire is no agreement; the one reached in Beijing is
    (agree,) = [m for m in d.events if m.event == "AGREE"]
    assert {a.identifier_text for a in agree.actors} == {"Vladimir Putin", "Xi Jinping"}


def test_a_consultation_after_the_summit_is_the_topics_own():
    d = doc("トランプ大統領とプーチン大統領は15日、アンカレジで会談した。"
            "ゼレンスキー大統領はこの会談を受け、16日に欧州の首脳らと協議する考えを明らかにした。")
    (talks,) = [m for m in d.events if m.trigger == "協議"]
    assert [a.identifier_text for a in talks.actors] == ["Volodymyr Zelensky"]
    assert talks.date == "2025-08-16"


def test_a_body_that_names_a_site_is_no_party():
    d = doc("トランプ大統領とプーチン大統領は15日、アラスカ州の米軍基地で会談した。")
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    assert "US Armed Forces" not in {a.identifier_text for a in m.actors}
    assert {"Donald Trump", "Vladimir Putin"} <= {a.identifier_text for a in m.actors}


def test_ranges_progressives_and_proposals():
    d = doc("8月31日〜9月1日の天津での上海協力機構首脳会議にモディ首相が出席した。"
            "首脳会議の直前の8月28日、中国とロシアの海軍は東シナ海で共同パトロールを実施しているが、詳細は不明だ。"
            "1943年にはルーズベルト米大統領がスターリン首相に、二人きりで会談しようと提案した。")
    summit = next(m for m in d.events if m.trigger.startswith("首脳会議") and m.place == "Tianjin")
    assert summit.date == "2025-08-31"  # a meeting over several days is dated by its first
    backdrop = [m for m in d.events if m.trigger == "首脳会議" and m is not summit]
    assert all(m.date is None and m.place is None for m in backdrop)  # 直前の8月28日 is the patrol's day
    patrol = next(m for m in d.events if "パトロール" in m.trigger)
    assert patrol.status == "happened" and patrol.date == "2025-08-28"  # している is no plan
    proposed = next(m for m in d.events if m.event == "CONSULT" and "Franklin D. Roosevelt" in
                    {a.identifier_text for a in m.actors})
    assert proposed.status == "hypothetical"


def test_who_imposes_and_who_is_targeted():
    d = doc("米国、英国、欧州連合(EU)をはじめとする各国が、ロシアの銀行や石油会社に対する制裁を課した。"
            "国際社会はロシアへの圧力を強め、ウクライナへの支援も続けている。")
    (sanction,) = [m for m in d.events if m.event == "SANCTION"]
    assert [a.identifier_text for a in sanction.actors] == ["United States", "United Kingdom", "European Union"]
    assert [a.identifier_text for a in sanction.recipients] == ["Russia"]
    # the international community has no code; Ukraine, which is supported, is not who sanctions
    assert not any(m.event == "SANCTION" and "Ukraine" in {a.identifier_text for a in m.actors} for m in d.events)


def meetings(d) -> list[set[str]]:
    return [{a.identifier_text for a in m.actors} for m in d.events if m.event == "CONSULT"]


def test_an_outlet_that_reports_is_not_recorded_as_a_speaker():
    d = doc("ロイター通信によると、米国と中国の協議は2日目に入った。")
    assert all(s.speaker.identifier_text and s.speaker.sector != "MED" for s in d.statements)


def test_the_head_of_a_meeting_clause_is_its_party():
    d = doc("プーチン大統領と会談した金正恩総書記は、ロシアを支援すると表明した。")
    assert {"Vladimir Putin", "Kim Jong Un"} in meetings(d)


def test_people_a_summits_sentence_names_are_at_it():
    d = doc("NATO首脳会議は25日に開かれ、ルッテ事務総長のほか、トランプ大統領やゼレンスキー大統領が議論を行った。")
    assert any({"Mark Rutte", "Donald Trump", "Volodymyr Zelensky"} <= m for m in meetings(d))


def test_a_state_at_a_meeting_brings_the_person_named_for_it():
    d = doc("トランプ大統領は16日、カナダとの首脳会談でカーニー首相の前で関税について語った。")
    assert any({"Donald Trump", "Mark Carney"} <= m for m in meetings(d))


def test_a_subjectless_meeting_with_a_partner_is_the_topics():
    d = doc("トランプ大統領は16日、記者団の取材に応じた。イギリスのスターマー首相との会談の場で、関税について話した。")
    assert any({"Donald Trump", "Keir Starmer"} <= m for m in meetings(d))


def test_one_who_announces_a_meeting_with_a_partner_is_at_it():
    d = doc("トランプ大統領は、来週にも習近平国家主席と電話会談すると明らかにした。")
    assert {"Donald Trump", "Xi Jinping"} in meetings(d)


def test_a_nominal_act_in_the_topics_clause_is_the_topics():
    d = doc("トランプ大統領は9日、習近平国家主席と約束していた北京での首脳会談の中止を発表したうえで、関税を表明した。")
    (m,) = [m for m in d.events if m.event == "REJECT"]
    assert [a.identifier_text for a in m.actors] == ["Donald Trump"]


def test_a_word_in_quotation_marks_can_be_the_trigger():
    d = doc("トランプ氏は9日、習氏との会談を「キャンセルした」と述べた。")
    assert [a.identifier_text for m in d.events if m.event == "REJECT" for a in m.actors] == ["Donald Trump"]


def test_sanctions_announced_or_extended_to_new_targets_are_imposed():
    d = doc("米財務省は22日、ロシアの石油大手2社を経済制裁の対象に加えたと発表した。米政府は23日、別の2社に制裁を科すと発表した。")
    assert [m.event for m in d.events if m.event in ("SANCTION", "THREATEN")] == ["SANCTION", "SANCTION"]


def test_an_agreement_referred_to_is_not_a_new_one():
    d = doc("ルワンダの外相は、和平合意の着実な履行を訴えた。トランプ氏はこの合意を受けて、両国を称賛した。")
    assert not [m for m in d.events if m.event == "AGREE"]
    d2 = doc("ロシアとウクライナは捕虜交換で合意した。")
    assert [m.event for m in d2.events if m.event == "AGREE"] == ["AGREE"]


def test_a_statement_takes_the_day_written_after_its_speaker():
    d = doc("米政権が22日に関税を決めたことを受けて、中国の習近平国家主席は23日、「威圧の試みだ」と非難した。")
    assert [(s.speaker.identifier_text, s.date) for s in d.statements] == [("Xi Jinping", "2025-08-23")]


def test_a_summits_declaration_speaks_for_its_body():
    d = doc("NATO首脳会議が25日、ハーグで開かれた。発表された首脳宣言では、加盟国は防衛投資を大幅に増やすことで一致しました。")
    assert "NATO" in {s.speaker.identifier_text for s in d.statements}
