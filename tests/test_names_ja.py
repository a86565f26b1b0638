"""Japanese routes to a person's canonical name beyond the exact dictionary and resource
forms: katakana spelling variants, names written without a separator, relatives of a
dictionary person, bare family names. Sentences written for these tests."""

from __future__ import annotations

from test_names import ja, people

from rashomon import names


def test_spelling_variants_share_a_key() -> None:
    assert names.katakana_key("ヴァーグナー") == names.katakana_key("バグナー")
    assert names.katakana_key("ティモシー") == names.katakana_key("チモシー")
    assert names.katakana_key("ウィリアム") == names.katakana_key("ウイリアム")
    assert names.katakana_key("ヴァーグナー") != names.katakana_key("ワグナー")


def test_a_variant_spelling_finds_the_resources_english_form() -> None:
    # JMnedict writes ヴァーグナー; the long mark dropped and ヴァ written バ is the same name
    assert names.katakana_part("バグナー") == "Wagner"
    d = ja("ヴィクトリア・バグナー氏が記者会見した。")
    assert people(d)["ヴィクトリア・バグナー"] == ("Victoria Wagner", "jmnedict")


def test_consonants_decide_where_katakana_changes_the_vowels() -> None:
    assert names.katakana_part("トランプ") == "Trump"
    # a final vowel the English form lacks is another name
    assert not names._consonants_agree("ペトロ", "petro", "Peter")


def test_a_name_written_without_a_separator_is_split_into_known_parts() -> None:
    assert names.split_katakana_run("トーマスミュラー") == ["トーマス", "ミュラー"]
    d = ja("ロベルトシューマン氏が講演した。")
    assert people(d)["ロベルトシューマン"] == ("Robert Schuman", "jmnedict")


def test_a_single_unknown_name_is_not_split_into_short_known_ones() -> None:
    assert names.split_katakana_run("シェイバニ") == ["シェイバニ"]


def test_an_unknown_head_before_a_known_family_name_is_split() -> None:
    assert names.split_katakana_run("カルンバヴァグナー") == ["カルンバ", "ヴァグナー"]


def test_a_relative_of_a_dictionary_person_takes_his_own_given_name() -> None:
    d = ja("ハフェズ・アサド元大統領は長く政権を握った。")
    assert people(d)["ハフェズ・アサド"] == ("Hafez al-Assad", "jmnedict")


def test_a_bare_family_name_joins_the_full_name_the_document_gives() -> None:
    # the dictionary gives クリントン alone to someone who holds no office on the day
    d = ja("ビル・クリントン元大統領が来日した。クリントン氏は首相と会談した。")
    assert people(d)["クリントン"] == ("Bill Clinton", "dictionary")


def test_a_bare_family_name_of_an_office_holder_stays_theirs() -> None:
    d = ja("メラニア・トランプ氏が来日した。トランプ大統領は演説した。")
    assert people(d)["トランプ"][0] == "Donald Trump"


def test_a_short_mention_in_another_spelling_joins_the_full_name() -> None:
    d = ja("ヴィクトリア・バグナー氏が来日した。ヴァグナー氏は会見で語った。")
    assert people(d)["ヴァグナー"] == ("Victoria Wagner", "jmnedict")


def test_a_korean_name_in_katakana_is_read_as_korean() -> None:
    assert names.korean_katakana_name("パク・ソンフン") == "Park Sung-hoon"
    assert names.korean_katakana_name("チェ・ミンス", north=True) == "Choe Min Su"
    assert names.korean_katakana_name("ジョン・スミス") is None
    d = ja("韓国のパク・ソンフン次官は記者団に語った。")
    # a reading for the user to audit until another document gives the full name
    assert people(d)["パク・ソンフン"] == (None, "korean:Park Sung-hoon")


def test_a_family_name_alone_joins_a_dictionary_full_name_in_kanji() -> None:
    d = ja("岸田文雄元首相が講演した。岸田氏は外交を語った。")
    assert people(d)["岸田"][0] == "Fumio Kishida"
    d = ja("小泉進次郎氏が出馬した。その後、小泉氏は会見した。")
    assert people(d)["小泉"][0] == "Shinjiro Koizumi"


def test_a_name_before_former_and_a_long_office_is_found() -> None:
    d = ja("自民党の山田太郎元経済安全保障相が講演した。")
    assert "山田太郎" in people(d)


def test_a_five_character_name_before_office_words_and_a_title_before_a_title() -> None:
    d = ja("自民党の村上誠一郎総務相と萩生田光一幹事長代行が会談した。")
    assert people(d)["村上誠一郎"] == ("Seiichiro Murakami", "hepburn")
    assert people(d)["萩生田光一"] == ("Koichi Hagiuda", "hepburn")


def test_a_known_given_name_before_a_family_name_the_resource_lacks_is_split() -> None:
    parts = names.split_katakana_run("ニコラスゼバロフ")
    assert parts == ["ニコラス", "ゼバロフ"]


def test_a_reading_with_a_given_name_that_begins_alike_joins_the_corpus_name() -> None:
    corpus = names.CorpusNames([[_person("Zabihullah Mujahid")]])
    assert corpus.resolve("Zabifra Mujahid") == "Zabihullah Mujahid"
    assert corpus.resolve("Karim Mujahid") is None


def _person(name: str):
    from rashomon.records import Entity

    return Entity(name, 0, len(name), "PERSON", name, None, None, 0, "surface")
