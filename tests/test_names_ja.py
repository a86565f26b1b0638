"""Japanese routes to a person's canonical name beyond the exact dictionary and resource
forms: katakana spelling variants, names written without a separator, relatives of a
dictionary person, bare family names. Sentences written for these tests."""

from __future__ import annotations

from test_names import ja, people

from rashomon import names
from rashomon.records import Entity


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


# --- Japanese names in kanji: JMnedict's readings -------------------------------------------------

def test_a_known_persons_reading_comes_from_jmnedict() -> None:
    # Sudachi reads the given name 文雄 as ぶんゆう; JMnedict lists the whole name as a person's
    assert names.japanese_name("岸田文雄") == "Fumio Kishida"
    # a name Sudachi does not split into family and given name, JMnedict knows whole
    assert names.japanese_name("中谷元") == "Gen Nakatani"


def test_a_given_name_takes_jmnedicts_only_given_name_reading() -> None:
    # Sudachi reads 健裕 as けんゆう, JMnedict's one given-name reading is たけひろ
    assert names.kanji_name_readings("健裕", ("given", "masc", "fem")) == ("たけひろ",)
    assert names.japanese_name("船越健裕") == "Takehiro Funakoshi"


def test_hepburn_writes_n_before_b_m_p_as_m() -> None:
    assert names.japanese_name("玄葉光一郎") == "Koichiro Gemba"


def test_hepburn_route_in_a_sentence_with_a_short_mention() -> None:
    d = ja("岸田文雄元首相は14日、講演した。岸田氏は政策を語った。")
    assert people(d)["岸田文雄"][0] == "Fumio Kishida"
    assert people(d)["岸田"][0] == "Fumio Kishida"


# --- foreign names in katakana: the spelling English text uses ------------------------------------

def test_a_part_is_spelt_as_english_text_spells_it() -> None:
    # long vowels, ル as l, バ as v, フ as v after a vowel, a final ス as z
    assert names.katakana_spelling("ロドリゲス") == "Rodriguez"
    assert names.katakana_spelling("ラブロフ") == "Lavrov"
    assert names.katakana_spelling("ザハロワ") == "Zakharova"
    assert names.katakana_spelling("ムニール") == "Munir"


def test_a_common_word_is_not_taken_for_a_name() -> None:
    assert names.katakana_spelling("ポール") == "Paul"  # not "pool"
    assert names.katakana_spelling("カッツ") != "Cats"


def test_a_spelling_far_from_the_sound_is_refused() -> None:
    assert names.katakana_spelling("バゲリ") != "Vaguely"


def test_a_full_katakana_name_gets_its_spelling_and_a_short_mention_joins_it() -> None:
    # a name the dictionary lacks: ボリス is Boris, ザハロフ ends in -ov
    d = ja("ロシアのボリス・ザハロフ次官が会見した。ザハロフ次官は制裁を批判した。")
    name, source = people(d)["ボリス・ザハロフ"]
    assert source == "spelling" and name.startswith("Boris ") and name.endswith("akharov")
    assert people(d)["ザハロフ"] == (name, source)


def test_a_spelling_gives_way_to_the_full_name_an_english_document_writes() -> None:
    corpus = names.CorpusNames([[Entity("x", 0, 1, "PERSON", "Delcy Rodriguez", source="surface")]])
    rec = {"entities": [{"type": "PERSON", "text": "デルシー・ロドリゲス", "identifier_text": "Delsy Rodriguez",
                         "source": "spelling"}],
           "events": [{"actor": [{"entity_text": "デルシー・ロドリゲス", "identifier_text": "Delsy Rodriguez"}]}]}
    corpus.apply(rec)
    assert rec["entities"][0]["identifier_text"] == "Delcy Rodriguez"
    assert rec["events"][0]["actor"][0]["identifier_text"] == "Delcy Rodriguez"


# --- Korean names -----------------------------------------------------------------------------------

def test_korean_names_as_english_news_spells_them() -> None:
    assert names.korean_name("康京和") == "Kang Kyung-hwa"
    assert names.korean_name("金建希") == "Kim Keon-hee"
    assert names.korean_katakana_name("キム・ジョンウン", north=True) == "Kim Jong Un"
    assert names.korean_katakana_name("チェ・ソンヒ", north=True) == "Choe Son Hui"


# --- a given name alone beside a word of kinship -----------------------------------------------------

def test_a_given_name_beside_a_kinship_word_takes_the_family_name() -> None:
    d = ja("北朝鮮の金正恩総書記が北京に到着した。視察には娘のジュエ氏も加わった。ジュエ氏の同行は三度目だった。")
    found = [(e.text, e.identifier_text) for e in d.entities if e.type == "PERSON"]
    assert found.count(("ジュエ", "Kim Ju Ae")) == 2  # family name first, in the North's spelling
    d = ja("トランプ大統領は演説した。長女のイバンカ氏も同行した。")
    assert people(d)["イバンカ"] == ("Ivanka Trump", "spelling")


def test_a_given_name_alone_without_a_kinship_word_stays_a_reading() -> None:
    d = ja("トランプ大統領は演説した。イバンカ氏も同行した。")
    assert people(d)["イバンカ"][0] is None
    # a spouse or a son-in-law keeps his own family name
    d = ja("トランプ大統領は演説した。娘婿のスミス氏と妻のメラニア氏も同行した。")
    assert not (people(d)["スミス"][0] or "").endswith("Trump")
    assert people(d)["メラニア"][0] is None


def test_a_family_name_with_a_past_office_is_the_holder_of_that_year() -> None:
    # the dictionary gives クリントン alone to someone in no office on the day; 当時 and the year
    # name the one of that family who held the title then
    d = ja("1998年の訪中で、クリントン大統領（当時）は北京の大学で講演した。")
    assert people(d)["クリントン"] == ("Bill Clinton", "dictionary")
    d = ja("クリントン氏は北京の大学で講演した。")
    assert people(d)["クリントン"][0] != "Bill Clinton"
