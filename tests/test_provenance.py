from __future__ import annotations

from conftest import seed_text

from rashomon.clean import segment
from rashomon.provenance import find_date, read


def _prov(prefix: str):
    return read(segment(seed_text(prefix)), {}, "ja")


def test_translated_op_ed_provenance():
    p = _prov("000")
    assert p.title.startswith("ゼレンスキー大統領もブリュッセルもいなくても問題なし")
    assert p.title.endswith("行方はこうなる")
    assert p.publication_date == "2025-08-14"  # the translation's date, not the original's
    assert p.authors == ["ドミトリー・ススロフ"]
    assert p.translators == ["池田こみち"]
    assert p.outlet == "E-wave Tokyo"
    assert p.original_outlet == "RT"
    assert p.genre == "translated-opinion"
    assert p.title_en.startswith("No Zelensky, no Brussels")


def test_headline_broken_over_two_paragraphs_and_stray_letter_in_credit():
    p = _prov("002")
    assert p.title.replace(" ", "").endswith("アラスカで両国がさらに強固な立場を確立した経緯")
    assert "それでも勝利はロシアと米国" in p.title
    assert p.translators == ["池田こみち"]
    assert p.authors == ["ティモフィー・ボルダチェフ"]
    assert p.publication_date == "2025-08-18"


def test_undated_analysis_piece_keeps_date_null():
    p = _prov("001")
    # the body's 2025年8月15日 is the summit's date, not the publication date
    assert p.publication_date is None
    assert p.authors == ["エックスレバン"]
    assert p.outlet == "草の実堂"
    assert p.original_outlet is None


def test_leading_date_header_and_promotion_blog():
    assert _prov("003").publication_date == "2025-09-11"
    assert _prov("003").title == "結局、プーチンの注文通り"
    p4 = _prov("004")
    assert p4.genre == "blog/affiliate"
    assert p4.outlet is None  # NHK is cited in the body, it is not the publisher


def test_metadata_wins_over_text():
    blocks = segment("見出しの文字列です\n\n本文がここにあって十分に長い文章が続いていくことになる。\n")
    p = read(blocks, {"title": "メタデータの見出し", "publication_date": "2024-01-02", "outlet": "NHK"}, "ja")
    assert (p.title, p.publication_date, p.outlet) == ("メタデータの見出し", "2024-01-02", "NHK")


def test_find_date_forms():
    assert find_date("独立系メディア 2025年8月14日(JST)") == "2025-08-14"
    assert find_date("War on UKRAINE #8186 14 August 2025") == "2025-08-14"
    assert find_date("Published Aug. 15, 2025") == "2025-08-15"
    assert find_date("2025-08-06 09:44:14") == "2025-08-06"
    assert find_date("2021年6月") is None


def test_a_bylined_news_report_is_news_and_a_labelled_column_is_opinion():
    news = read(segment("Leaders meet in Alaska for talks\n\nBy Jane Doe\n\nThe two leaders met on Friday in Anchorage for talks that lasted hours.\n", "en"), {}, "en")
    assert news.authors == ["Jane Doe"] and news.genre == "news"
    column = read(segment("Opinion\n\nWhy the summit failed before it began\n\nBy Jane Doe\n\nThe two leaders met on Friday in Anchorage for talks that lasted hours.\n", "en"), {}, "en")
    assert column.genre == "analysis/opinion"


def test_a_closing_source_credit_names_the_publisher():
    text = ("Leaders meet in Alaska for talks\n\nPublished On 16 Aug 2025\n\n"
            "The two leaders met on Friday in Anchorage for talks that lasted hours.\n\n"
            "Source: Al Jazeera and news agencies\n")
    p = read(segment(text, "en"), {}, "en")
    assert (p.outlet, p.original_outlet) == ("Al Jazeera", None)


def test_a_wire_dateline_credits_the_wire():
    kyodo = read(segment("米ロ首脳が会談\n\n【アンカレジ共同】トランプ米大統領とプーチン大統領は15日、会談した。詳しい内容は明らかにされていない。\n"), {}, "ja")
    assert (kyodo.outlet, kyodo.original_outlet) == ("共同通信", None)
    ap = read(segment("Leaders meet in Alaska for talks\n\nANCHORAGE, Alaska (AP) — The two leaders met on Friday for talks that lasted hours.\n", "en"), {}, "en")
    assert ap.outlet == "Associated Press"
    # carried by a paper that names itself: the wire is the original
    carried = read(segment("米ロ首脳が会談\n\n北海道新聞 2025年8月16日\n\n【アンカレジ共同】トランプ米大統領とプーチン大統領は15日、会談した。詳しい内容は明らかにされていない。\n"), {}, "ja")
    assert (carried.outlet, carried.original_outlet) == ("北海道新聞", "共同通信")


def test_a_tass_dateline_credits_tass():
    text = ("Putin and Witkoff hold talks in the Kremlin\n\n"
            "MOSCOW, August 6. /TASS/. Vladimir Putin and Steve Witkoff held talks in the Kremlin on Wednesday.\n")
    assert read(segment(text, "en"), {}, "en").outlet == "TASS"
