from __future__ import annotations

import pytest

from rashomon import plover

ALL = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


def test_all_sixteen_categories() -> None:
    assert sorted(plover.CATEGORIES) == sorted(ALL)


@pytest.mark.parametrize(
    "cat, quad",
    [("AGREE", 1), ("CONSULT", 1), ("SUPPORT", 1), ("CONCEDE", 1), ("COOPERATE", 2), ("AID", 2),
     ("RETREAT", 2), ("REQUEST", 3), ("ACCUSE", 3), ("REJECT", 3), ("THREATEN", 3),
     ("PROTEST", 4), ("SANCTION", 4), ("MOBILIZE", 4), ("COERCE", 4), ("ASSAULT", 4)],
)
def test_quad_classes(cat: str, quad: int) -> None:
    assert plover.quad_class(cat) == quad


def test_cameo_roots_and_goldstein() -> None:
    assert plover.cameo_root("AGREE") == "03"
    assert plover.cameo_root("CONSULT") == "04"
    assert plover.cameo_root("REQUEST") == "10"
    assert plover.cameo_roots("ASSAULT") == ("18", "19", "20")
    assert plover.cameo_roots("ACCUSE") == ("11", "09")
    assert plover.goldstein("CONSULT") == 1.0
    assert plover.goldstein("ASSAULT") == -9.0
    assert plover.intensity("AID") == 7.0
    assert plover.intensity("THREATEN") == -4.4


def test_intensity_sign_follows_quad() -> None:
    for name in ALL:
        score = plover.intensity(name)
        assert -10 <= score <= 10
        if plover.quad_class(name) in (1, 2):
            assert score > 0, name
        else:
            assert score < 0, name


def test_old_names_are_accepted() -> None:
    assert plover.canonical("DEMAND") == "REQUEST"
    assert plover.canonical("fight") == "ASSAULT"
    assert plover.quad_class("DISAPPROVE") == 3
    with pytest.raises(KeyError):
        plover.canonical("CELEBRATE")


def test_validate() -> None:
    assert plover.validate("CONSULT", "phone", "diplomatic") == []
    assert plover.validate("CONSULT", ["visit"], ["military", "refugee"]) == []
    assert plover.validate("ASSAULT", "heavy-weapons, explosives") == []
    assert plover.validate("PROTEST", "strike-hun") == []
    assert plover.validate("SANCTION", None, "economic") == []
    problems = plover.validate("AGREE", "phone", "weather")
    assert len(problems) == 2
    assert "mode 'phone'" in problems[0]
    assert plover.validate("MEET") != []


def test_modes_from_the_manual() -> None:
    assert {"visit", "third-party", "multilateral", "phone"} <= set(plover.category("CONSULT").modes)
    assert {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"} <= set(
        plover.category("THREATEN").modes
    )
    assert "curfew" in plover.category("COERCE").modes
    assert "martial-law" in plover.category("COERCE").modes
    assert "suicide-attack" in plover.category("ASSAULT").modes
    assert "resign" in plover.category("RETREAT").modes
    assert {"cyber", "military", "economic", "migration", "cbrn"} <= set(plover.CONTEXTS)
