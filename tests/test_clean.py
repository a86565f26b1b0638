from __future__ import annotations

import unicodedata

from conftest import seed_text

from rashomon.clean import segment, sentences, split_sentences


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in segment(text)]


def test_hard_wrapped_lines_are_joined_into_one_sentence():
    text = "見出しの行\n\n上海協力機構(SCO)首\n脳会議に首相が出席する見通しとなった。次の文で\nある。\n"
    blocks = segment(text)
    sents = sentences(text, blocks)
    joined = [s.text for s in sents]
    assert "上海協力機構(SCO)首脳会議に首相が出席する見通しとなった。" in joined
    assert "次の文である。" in joined


def test_sentence_offsets_point_into_the_original():
    text = "タイトル\n\n米露首脳会談はアラ\nスカで開かれた。ＮＡＴＯは警戒した。\n"
    sents = sentences(text, segment(text))
    for s in sents:
        for i, ch in enumerate(s.text):
            a, b = s.span(i, i + 1)
            assert unicodedata.normalize("NFKC", text[a:b]) == ch
    nato = next(s for s in sents if "NATO" in s.text)
    i = nato.text.index("NATO")
    a, b = nato.span(i, i + 4)
    assert text[a:b] == "ＮＡＴＯ"


def test_quotation_with_full_stop_stays_in_its_sentence():
    text = "大統領は「停戦は近い。だが条件がある。」と述べた。次の文。"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["大統領は「停戦は近い。だが条件がある。」と述べた。", "次の文。"]


def test_english_sentences_split_but_not_on_abbreviations():
    text = "The U.S. and Russia met on Aug. 15, 2025. Mr. Putin spoke first. Talks ended."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The U.S. and Russia met on Aug. 15, 2025.", "Mr. Putin spoke first.", "Talks ended."]


def test_headings_lists_and_captions_are_not_glued_to_body():
    text = ("記事のタイトルがここにある\n\n■見出し\n本文はここから始まり、十分に長い文章が続いていく。さらに文が続く。\n"
            "写真:会談に臨む両首脳\n・箇条書きの項目\n")
    kinds = _kinds(text)
    assert ("heading", "■見出し") in kinds
    assert ("caption", "写真:会談に臨む両首脳") in kinds
    assert ("list", "・箇条書きの項目") in kinds


def test_seed_001_related_list_and_comments_are_not_body():
    blocks = segment(seed_text("001"))
    body = " ".join(b.text for b in blocks if b.kind == "body")
    assert "今後10年で、中国の軍事力" not in body
    assert "この記事へのコメントはありません" not in body
    assert "江戸の吉原遊女" not in body
    kinds = {b.kind for b in blocks}
    assert {"related", "comments", "caption", "body", "heading"} <= kinds
    related = [b.text for b in blocks if b.kind == "related"]
    assert any("中国の軍事力" in t for t in related)


def test_seed_004_promotion_notice_is_not_body():
    blocks = segment(seed_text("004"))
    promo = [b for b in blocks if "プロモーション" in b.text]
    assert promo and all(b.kind == "promotion" for b in promo)


def test_seed_000_wrapped_phrase_and_header_blocks():
    text = seed_text("000")
    blocks = segment(text)
    sents = sentences(text, blocks)
    assert any("上海協力機構(SCO)首脳会議" in s.text for s in sents)
    kinds = [b.kind for b in blocks]
    assert kinds[0] == "title"
    assert "byline" in kinds and "caption" in kinds and "end" in kinds
    # the article body starts after the 本文 marker, which is set aside
    assert any(b.kind == "chrome" and b.text == "本文" for b in blocks)


def test_every_block_slices_the_original():
    text = seed_text("002")
    for b in segment(text):
        assert text[b.start:b.end] == b.text


def test_html_menus_are_furniture_and_the_headline_is_the_title():
    from conftest import EXAMPLES

    from rashomon.clean import clean
    from rashomon.ingest import read_path

    (raw,) = read_path(EXAMPLES / "2025-08-23_japan_south_korea_summit.html")
    blocks, _ = clean(raw, "en")
    kinds = {b.text.strip(): b.kind for b in blocks}
    assert kinds["Politics"] == "chrome"  # a menu item, not the headline
    assert kinds[raw.metadata["title"]] == "title"
    assert any(b.kind == "caption" and "(right)" in b.text for b in blocks)
    assert all(b.kind != "body" or "Share on" not in b.text for b in blocks)
