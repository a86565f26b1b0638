from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.gazetteer import Gazetteer, default_gazetteer, read_entries

FIXTURE = """
- id: Test Leader
  type: PERSON
  country: USA
  ja: [テスト・リーダー, リーダー氏]
  en: [Test Leader]
  roles:
    - {title: President, sector: GOV, start: 2017-01-20, end: 2021-01-20}
    - {title: Former president, sector: ELI, start: 2021-01-20, end: 2025-01-20}
    - {title: President, sector: GOV, start: 2025-01-20}
"""


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def _ids(gaz: Gazetteer, text: str, lang: str = "ja") -> list[str]:
    return [m.entry.id for m in gaz.find(text, lang)]


def test_state_abbreviations_in_compounds(gaz):
    assert _ids(gaz, "米露首脳会談") == ["United States", "Russia"]
    assert _ids(gaz, "日米同盟と対ロ制裁") == ["Japan", "United States", "Russia"]
    assert _ids(gaz, "英仏独伊の首脳") == ["United Kingdom", "France", "Germany", "Italy"]
    assert _ids(gaz, "米大統領が訪中した") == ["United States", "China"]


def test_abbreviation_characters_inside_ordinary_words_are_not_states(gaz):
    for text in ("お米の値段", "途中で帰った", "印象的な日だった", "15日中に終える", "英語で話す", "露骨な要求"):
        assert _ids(gaz, text) == [], text


def test_longest_match_and_katakana_boundaries(gaz):
    assert _ids(gaz, "ロシア連邦の立場") == ["Russia"]
    # a katakana state name inside a longer katakana word is another word
    assert "Iran" not in _ids(gaz, "アイランド")


def test_english_matching_is_word_bounded(gaz):
    assert _ids(gaz, "Russia and the US met; Russian officials spoke.", "en") == ["Russia", "United States", "Russia"]
    assert _ids(gaz, "Prussian history", "en") == []


def test_dated_roles(tmp_path: Path):
    f = tmp_path / "actors.yaml"
    f.write_text(FIXTURE, encoding="utf-8")
    (entry,) = read_entries(f)
    assert entry.resolve("2019-06-29") == ("USA", "GOV")
    assert entry.resolve("2023-01-01") == ("USA", "ELI")
    assert entry.resolve("2025-08-15") == ("USA", "GOV")
    assert entry.resolve(None) == ("USA", "GOV")


def test_user_file_extends_the_dictionary(tmp_path: Path, monkeypatch):
    f = tmp_path / "mine.yaml"
    f.write_text(FIXTURE, encoding="utf-8")
    monkeypatch.setenv("RASHOMON_ACTORS", str(f))
    g = Gazetteer.load()
    assert _ids(g, "テスト・リーダーが来日した") == ["Test Leader", "Japan"]


def test_duplicate_ids_are_refused(tmp_path: Path, monkeypatch):
    f = tmp_path / "dup.yaml"
    f.write_text("- {id: Russia, type: COUNTRY, code: RUS, ja: [露西亜]}\n", encoding="utf-8")
    monkeypatch.setenv("RASHOMON_ACTORS", str(f))
    with pytest.raises(ValueError, match="defined twice"):
        Gazetteer.load()


def test_a_person_matches_the_katakana_spellings_outlets_vary():
    from rashomon.gazetteer import default_gazetteer, katakana_variants

    assert katakana_variants("ベッセント") == {"ベセント"}
    assert katakana_variants("トランプ大統領") == set()  # only names written wholly in katakana
    gaz = default_gazetteer()
    assert gaz.lookup("ベセント").id == "Scott Bessent"
    assert gaz.lookup("ドナルドトランプ").id == "Donald Trump"


def test_an_actor_files_parse_is_cached_until_its_text_changes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    f = tmp_path / "mine.yaml"
    f.write_text(FIXTURE, encoding="utf-8")
    (first,) = read_entries(f)
    cached = list((tmp_path / "cache" / "rashomon" / "actors").glob("mine-*.pickle"))
    assert len(cached) == 1
    assert read_entries(f)[0] == first  # read back from the cache
    f.write_text(FIXTURE.replace("Test Leader", "Other Leader"), encoding="utf-8")
    (changed,) = read_entries(f)
    assert changed.id == "Other Leader" and changed.roles == first.roles
    assert list((tmp_path / "cache" / "rashomon" / "actors").glob("mine-*.pickle")) != cached  # the old parse is gone
