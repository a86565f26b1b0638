from __future__ import annotations

from rashomon.lang.ja.time import find


def values(sentence: str, pub: str | None = "2025-08-14", ref: str | None = None):
    return [(f.text, f.value) for f in find(sentence, ref or pub, None, pub)]


def test_absolute_dates_with_time():
    assert values("2025年8月13日 19:58に公開") == [("2025年8月13日 19:58", "2025-08-13T19:58")]
    assert values("令和7年8月15日に") == [("令和7年8月15日", "2025-08-15")]
    assert values("2025年8月15日午後3時に") == [("2025年8月15日午後3時", "2025-08-15T15:00")]


def test_partial_dates_complete_from_reference():
    assert values("8月6日にモスクワで") == [("8月6日", "2025-08-06")]
    assert values("18日のワシントンでの会談", pub="2025-09-11", ref="2025-08-15") == [("18日", "2025-08-18")]
    assert values("8月6日に", pub=None) == [("8月6日", None)]


def test_durations_and_years_are_not_days():
    assert values("3日間にわたり、25年ぶりに") == []
    assert values("2021年6月のジュネーブ") == []


def test_weekday_resolved_by_tense():
    # published on Thursday 2025-08-14
    assert values("金曜日、両首脳がアラスカで会談する。") == [("金曜日", "2025-08-15")]
    assert values("火曜日に電話で協議した。") == [("火曜日", "2025-08-12")]
    assert values("来週金曜日に会う") == [("来週金曜日", "2025-08-22")]


def test_relative_days():
    assert values("きょう発表した") == [("きょう", "2025-08-14")]
    assert values("昨日、声明を出した") == [("昨日", "2025-08-13")]
    assert values("今日の世界では") == []


def test_zone_qualified_day_is_one_expression():
    found = find("15日(日本時間16日)に会談した", "2025-08-14", None, "2025-08-14")
    assert len(found) == 1
    assert found[0].text == "15日(日本時間16日)"
    assert found[0].value == "2025-08-15"


def test_anaphoric_days_follow_the_previous_date():
    found = find("8月15日に会談し、同日夜に会見した。前日には到着した。", "2025-08-14", None, "2025-08-14")
    assert [(f.text, f.value) for f in found] == [("8月15日", "2025-08-15"), ("同日", "2025-08-15"),
                                                   ("前日", "2025-08-14")]


def test_words_that_only_look_like_times_are_not_times():
    assert values("十分な説明がなかった") == []
    assert values("1世紀ぶりの出来事だ") == []


def test_bare_day_across_a_months_end():
    found = find("11月30日に発表した。日本の官房長官は2日の記者会見で述べた。", "2025-12-02", None, "2025-12-02")
    assert [(f.text, f.value) for f in found] == [("11月30日", "2025-11-30"), ("2日", "2025-12-02")]


def test_same_year_spaced_digits_and_offsets_from_events():
    found = find("2024年7月21日に発表した。さらに同年10 月2 日に入港した。", None, None, "2025-09-11")
    assert [(f.text, f.value) for f in found] == [("2024年7月21日", "2024-07-21"), ("同年10 月2 日", "2024-10-02")]
    assert values("会談の前日に投稿した") == []


def test_today_as_nowadays_is_not_a_day():
    assert values("冷戦時代から今日に至るまで対立が続いた") == []


def test_same_month():
    assert values("7月15日に会談し、同月18日に再び協議した。") == [("7月15日", "2025-07-15"), ("同月18日", "2025-07-18")]
    # a month only is no day
    assert values("同月中に協議する。") == []
