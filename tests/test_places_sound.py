"""Katakana place names the gazetteer has no Japanese form for, matched by sound against its
English forms, on sentences written for these tests."""

from __future__ import annotations

import pytest

from rashomon import places
from rashomon.pipeline import analyze_text

HEADER = "テスト通信 2025年8月14日\n\n"


def ja(body: str):
    return analyze_text(HEADER + body + "\n", "t.txt", {"publication_date": "2025-08-14", "language": "ja"})


def located(doc) -> dict[str, tuple[str | None, str | None, str]]:
    return {e.text: (e.identifier_text, e.code, e.source) for e in doc.entities if e.type == "LOCATION"}


@pytest.mark.parametrize("kana, states, name, code", [
    ("ナヒチェワン", {"AZE"}, "Nakhchivan", "AZE"),  # the English exonym, not the Azerbaijani name
    ("ナヒチェヴァン", {"AZE"}, "Nakhchivan", "AZE"),  # another katakana spelling of it
    ("パクティカ", {"AFG"}, "Paktika", "AFG"),  # a province (ISO 3166-2)
    ("ハリコフ", {"UKR"}, "Kharkiv", "UKR"),  # the Russian form's katakana, the city's own name
    ("クルスク", {"RUS"}, "Kursk", "RUS"),  # not Krsk, a form without vowels
    ("ラワルピンディ", set(), "Rawalpindi", "PAK"),  # a city of millions needs no state named
])
def test_a_katakana_place_by_its_sound(kana, states, name, code) -> None:
    hit = places.sound_match(kana, frozenset(states))
    assert hit is not None and hit[:2] == (name, code)
    assert hit[2].endswith("-sound")


def test_a_small_place_needs_its_state_named() -> None:
    assert places.sound_match("パクティカ") is None
    assert places.sound_match("ゴリス", frozenset({"ARM"}))[:2] == ("Goris", "ARM")
    assert places.sound_match("ゴリス") is None


def test_a_loanword_or_a_short_fragment_matches_no_place() -> None:
    states = frozenset({"USA", "RUS", "IND"})
    assert places.sound_match("ミサイル", states) is None
    assert places.sound_match("ラスカ", states) is None  # the tail of アラスカ is no Rask


def test_a_province_named_by_its_kind_in_a_sentence() -> None:
    d = ja("パキスタン軍はアフガニスタン東部パクティカ州を空爆した。")
    assert located(d)["パクティカ"] == ("Paktika", "AFG", "iso3166-sound")


def test_an_exclave_named_by_its_kind_in_a_sentence() -> None:
    d = ja("アゼルバイジャンは飛び地ナヒチェワン自治共和国への道路を求めた。")
    assert located(d)["ナヒチェワン"] == ("Nakhchivan", "AZE", "geonames-sound")


def test_a_place_in_a_places_role_but_not_a_loanword_or_a_person() -> None:
    d = ja("ウクライナ軍はオデーサ近郊で防空を強化した。")
    assert located(d)["オデーサ"][:2] == ("Odesa", "UKR")
    d = ja("イスラエル軍はミサイルで応じた。メディアに語った。")
    assert not located(d)


# --- Japanese prefectures: a complete class, by the gazetteer or their reading ------------------

PREFECTURES = ("北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
               "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
               "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
               "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県").split()


def test_every_prefecture_is_a_japanese_place() -> None:
    assert len(PREFECTURES) == 47
    missing = [p for p in PREFECTURES if (places._resolve_ja(p) or (None, None))[1] != "JPN"]
    assert missing == []
    assert places._resolve_ja("埼玉県")[0] == "Saitama"


def test_a_prefecture_before_another_kanji_word_is_still_found() -> None:
    d = ja("首相は奈良県出身だ。神奈川県横須賀市の基地を視察した。")
    assert located(d)["奈良県"][:2] == ("Nara", "JPN")
    assert located(d)["神奈川県"][:2] == ("Kanagawa", "JPN")
    d = ja("主要都市で抗議が広がった。同県知事は対応を求めた。")
    assert not located(d)



def test_a_kanji_name_two_states_share_is_the_named_states_city() -> None:
    assert places.lookup_ja("松江").country == "CHN"  # the most populous: Songjiang
    assert places.lookup_ja("松江", frozenset({"JPN"})).name == "Matsue"
    d = ja("首相は島根県松江市で演説した。")
    assert located(d)["松江市"][:2] == ("Matsue", "JPN")
    assert located(d)["島根県"][:2] == ("Shimane", "JPN")
