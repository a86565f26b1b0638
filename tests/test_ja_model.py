"""Names the dictionary does not know: the Sudachi and GiNZA layers, and the dictionary's
precedence over them, on sentences written for these tests."""

from __future__ import annotations

import pytest

from rashomon.lang.ja import model as ja_model
from rashomon.lang.ja.model import GinzaNames, SudachiNames, chunks, name_finder
from rashomon.pipeline import analyze_text

HEADER = "テスト記事の見出しです\n2025年8月14日\n\n"


def analyze(body: str):
    text = HEADER + body + "\n"
    return text, analyze_text(text, "test.txt", {"publication_date": "2025-08-14"})


def model_names(d) -> list[tuple[str, str]]:
    # a name the model finds keeps "model" as its source until a naming route gives it a name
    return [(e.text, e.type) for e in d.entities if e.source != "dictionary"]


@pytest.fixture
def sudachi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ja_model.ENV, "sudachi")


@pytest.fixture
def ginza(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ja_model.ENV, "ginza")


def test_backend_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ja_model.ENV, raising=False)
    assert isinstance(name_finder(), SudachiNames)
    monkeypatch.setenv(ja_model.ENV, "ginza")
    assert isinstance(name_finder(), GinzaNames)
    monkeypatch.setenv(ja_model.ENV, "none")
    assert name_finder().find(["イワン・ペトレンコさんが語った。"]) == [[]]
    monkeypatch.setenv(ja_model.ENV, "spacy-large")
    with pytest.raises(ValueError):
        name_finder()


def test_sudachi_finds_an_unknown_katakana_person(sudachi: None) -> None:
    text, d = analyze("イワン・ペトレンコさんが記者団に語った。")
    (e,) = [e for e in d.entities if e.source != "dictionary"]
    assert (e.text, e.type, e.identifier_text) == ("イワン・ペトレンコ", "PERSON", "Ivan Petrenko")
    assert e.source in ("jmnedict", "romaji")
    assert text[e.start:e.end] == e.text


def test_sudachi_kinds_of_names() -> None:
    texts = [
        "オレクシー・ダニロフ氏とボフダン・クリメンコ外相が会見した。",  # katakana names, no lexicon entry
        "グリボフスキー特使が到着した。",  # one unknown word before a title
        "山田太郎氏も同行した。",  # surname and given name
        "子どもたちがトランプをして遊んだ。",  # playing cards
        "という見方もある。",  # a common word, sometimes read as a surname
    ]
    found = [[(t[a:b], k) for a, b, k in spans] for t, spans in zip(texts, SudachiNames().find(texts), strict=True)]
    assert found[0] == [("オレクシー・ダニロフ", "PERSON"), ("ボフダン・クリメンコ", "PERSON")]
    assert found[1] == [("グリボフスキー", "PERSON")]
    assert found[2] == [("山田太郎", "PERSON")]
    assert found[3] == [] and found[4] == []


def test_dictionary_name_is_not_duplicated_by_the_model(sudachi: None) -> None:
    _, d = analyze("プーチン大統領とトランプ大統領、イワン・ペトレンコさんがアラスカで会談した。")
    assert model_names(d) == [("イワン・ペトレンコ", "PERSON")]
    putin = [e for e in d.entities if "プーチン" in e.text]
    assert [(e.source, e.identifier_text) for e in putin] == [("dictionary", "Vladimir Putin")]
    trump = [e for e in d.entities if "トランプ" in e.text]
    assert [(e.source, e.identifier_text) for e in trump] == [("dictionary", "Donald Trump")]


def test_unknown_person_acts_in_events(sudachi: None) -> None:
    _, d = analyze("イワン・ペトレンコさんはゼレンスキー大統領と8月14日にキーウで会談した。")
    (m,) = [m for m in d.events if m.event == "CONSULT"]
    names = {a.identifier_text or a.entity_text for a in m.actors}
    assert {"Ivan Petrenko", "Volodymyr Zelensky"} <= names
    assert m.place == "Kyiv"


def test_chunks_stay_under_the_limit_and_keep_offsets() -> None:
    # the second cut would fall on the combining mark after the い
    long_sentence = "あ" * 2500 + "、" + "い" * 3000 + "\u3099" + "う" * 2000
    texts = ["短い文。", long_sentence, "もう一つの文。"]
    pieces = chunks(texts, limit=3000)
    assert all(len(c.text) <= 3000 for c in pieces)
    rebuilt = ["" for _ in texts]
    for c in pieces:
        for at, k, off, n in c.parts:
            assert rebuilt[k] == texts[k][:off]  # pieces come in order
            rebuilt[k] += c.text[at:at + n]
    assert rebuilt == texts
    # the cut never separates a combining mark from its base character
    assert not any(c.text[at] == "\u3099" for c in pieces for at, *_ in c.parts)


def test_long_document_is_tokenized_in_pieces(sudachi: None) -> None:
    para = "イワン・ペトレンコさんは記者団に対し、停戦交渉について説明した。プーチン大統領は声明を出した。"
    body = "\n\n".join(para for _ in range(1300))
    text, d = analyze(body)
    assert len(text) > 60_000
    assert len(text.encode("utf-8")) > 49_000 * 3  # far beyond Sudachi's limit for one input
    names = [e for e in d.entities if e.source != "dictionary"]
    assert len(names) == 1300
    assert all(text[e.start:e.end] == e.text for e in d.entities)
    # a single sentence beyond the limit is cut, not refused
    one = "、".join(["ボフダン・クリメンコ外相が述べた"] * 4000) + "。"
    (found,) = SudachiNames().find([one])
    assert len(one) > 60_000 and len(found) >= 3900
    assert all(one[a:b] == "ボフダン・クリメンコ" for a, b, _ in found)


def test_ginza_is_overridden_by_the_dictionary(ginza: None) -> None:
    body = ("プーチン大統領はトランプ大統領と会談した。キーウではNATOへの期待が高まった。"
            "イワン・ペトレンコさんが記者団に語った。")
    text, d = analyze(body)
    kinds = {(e.text, e.type, e.identifier_text, e.source) for e in d.entities}
    assert ("プーチン", "PERSON", "Vladimir Putin", "dictionary") in kinds
    assert ("トランプ", "PERSON", "Donald Trump", "dictionary") in kinds
    assert ("NATO", "ORG", "NATO", "dictionary") in kinds
    assert any(e.identifier_text == "Kyiv" and e.type in ("LOCATION", "OTHER") for e in d.entities)
    # whatever the model says of those words, no model span overlaps a dictionary one
    dictionary = [e for e in d.entities if e.source == "dictionary"]
    for e in d.entities:
        if e.source != "dictionary":
            assert not any(x.start < e.end and e.start < x.end for x in dictionary)
            assert text[e.start:e.end] == e.text
    assert ("イワン・ペトレンコ", "PERSON") in model_names(d)
