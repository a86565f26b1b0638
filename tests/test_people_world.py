"""The world leaders dictionary (data/actors/people_world.yaml): every entry follows the schema,
ids stay unique across the actor files, every state has its head of state and head of government
through 2024-2025, and no bare family name it adds is another entry's form or an ordinary word."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from rashomon.gazetteer import DATA_DIR, Gazetteer, default_gazetteer, read_entries

WORLD = DATA_DIR / "people_world.yaml"
SECTORS = {"GOV", "MIL", "ELI", "LEG", "JUD", "OPP", "PTY", "BUS", "MED", "SPY", "REL", "REB", "IGO"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# days on which every state must have both offices filled: one in each year the file covers
DAYS = ("2024-09-01", "2025-06-01")
HEAD_OF_STATE = re.compile(
    r"^(Acting |Interim |Transitional |Designated |Co-)?(President|King|Queen|Emir|Sultan|Supreme Leader|Grand Duke"
    r"|Prince of|Pope|Emperor|Head of State|Member of the Presidency|Chairman of the (Transitional Sovereignty|"
    r"Presidential Leadership|Presidential) Council|Chairman of the State Administration Council)")
# presidents of bodies, not of states
NOT_HEAD_OF_STATE = re.compile(
    r"^President of the (Council of Ministers|Senate|Congress|National Assembly|Constitutional|International|Houthi"
    r"|PML|Institute)")
HEAD_OF_GOVERNMENT = re.compile(
    r"(^|and |Acting |Caretaker |Interim )(Prime Minister|Premier|Chancellor|Taoiseach|Chief Adviser|Head of Government"
    r"|Chairman of the Cabinet|Chairwoman of the Council of Ministers|President of the Council of Ministers"
    r"|Secretary of State of the Holy See|Prime Minister and Chairman)")
# Commonwealth realms: Charles III (people.yaml, United Kingdom) is their head of state
REALMS = {"ATG", "AUS", "BHS", "BLZ", "CAN", "GBR", "GRD", "JAM", "KNA", "LCA", "NZL", "PNG", "SLB", "TUV", "VCT"}
# states whose president (or monarch) heads the government, with no separate head of government,
# from the day given (None: throughout)
PRESIDENTIAL = dict.fromkeys((
    "AGO", "ARG", "KOR", "LBR", "MWI", "TUR", "BEN", "BOL", "BRA", "BWA", "CHE", "CHL", "COL", "COM", "CRI", "CYP", "DOM", "ECU", "ERI", "GHA",
    "GMB", "GTM", "HND", "IDN", "IRN", "KEN", "KIR", "MDV", "MEX", "MHL", "FSM", "NGA", "NIC", "NRU", "OMN", "PAN",
    "PER", "PHL", "PLW", "PRY", "SLE", "SLV", "SSD", "SUR", "SYC", "TKM", "URY", "USA", "VEN", "ZAF", "ZMB", "ZWE",
)) | {"SYR": "2025-03-29", "GAB": "2025-05-05"}
# offices the dictionary leaves open rather than guess, and on which of DAYS
NOT_KNOWN = {
    ("AND", "state"): DAYS,  # the co-princes: the French president (FRA) and the Bishop of Urgell
    ("SMR", "state"): DAYS,  # two Captains Regent, changed every six months
    ("SMR", "government"): DAYS,  # no head of government; the Secretary of State for Foreign Affairs leads
    ("MCO", "government"): DAYS,  # the Minister of State changed twice in 2024-2025
    ("LBN", "state"): ("2024-09-01",),  # vacant from 2022-10-31 to 2025-01-09
    ("SDN", "government"): ("2024-09-01",),  # the acting premier of 2024 is not known reliably
    ("STP", "government"): ("2025-06-01",),  # the premier after January 2025 is not known reliably
}


def _actor_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


@lru_cache(maxsize=1)
def _people() -> list:
    return [e for f in _actor_files() for e in read_entries(f) if e.type == "PERSON"]


def test_every_entry_follows_the_schema():
    raw = yaml.safe_load(WORLD.read_text(encoding="utf-8"))
    codes = {e["code"] for e in yaml.safe_load((DATA_DIR / "countries.yaml").read_text(encoding="utf-8"))}
    assert len(raw) > 500
    for e in raw:
        where = e.get("id")
        assert set(e) <= {"id", "type", "country", "sector", "ja", "en", "roles"}, where
        assert e["type"] == "PERSON" and e["country"] in codes | {"EUR", "UNO", "IGO"}, where
        assert e["sector"] in SECTORS and e["en"] and e["roles"], where
        assert e["id"].isascii() or e["id"] in e["en"], where
        roles = e["roles"]
        for r in roles:
            assert r["title"] and r["sector"] in SECTORS and r.get("country", e["country"]) in codes | {"EUR", "UNO", "IGO"}, where
            for k in ("start", "end"):
                assert r.get(k) is None or ISO_DATE.match(str(r[k])), (where, r)
            assert r.get("end") is None or r.get("start") is None or str(r["start"]) < str(r["end"]), (where, r)
        # roles of one person never overlap (people.yaml's convention)
        spans = sorted((str(r.get("start") or ""), str(r.get("end") or "9999")) for r in roles)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, (where, spans)
    entries = read_entries(WORLD)
    assert [e.id for e in entries] == [e["id"] for e in raw]


def test_ids_are_unique_across_all_actor_files():
    ids = Counter(e.id for f in _actor_files() for e in read_entries(f))
    assert not [i for i, n in ids.items() if n > 1]
    Gazetteer.load()  # the loader refuses duplicates too


def _holders(code: str, day: str, office: re.Pattern) -> list[str]:
    found = []
    for e in _people():
        for r in e.roles:
            if (r.country or e.code) == code and r.title and r.covers(day) and office.search(r.title):
                if office is HEAD_OF_STATE and NOT_HEAD_OF_STATE.search(r.title):
                    continue
                found.append(e.id)
    return found


@pytest.mark.parametrize("day", DAYS)
def test_every_state_has_a_head_of_state_and_of_government(day):
    states = yaml.safe_load((DATA_DIR / "countries.yaml").read_text(encoding="utf-8"))
    assert len(states) >= 197
    missing = []
    for s in states:
        code = s["code"]
        for office, pattern in (("state", HEAD_OF_STATE), ("government", HEAD_OF_GOVERNMENT)):
            if day in NOT_KNOWN.get((code, office), ()) or (office == "state" and code in REALMS):
                continue
            if office == "government" and code in PRESIDENTIAL and (PRESIDENTIAL[code] or day) <= day:
                continue
            if not _holders(code, day, pattern):
                missing.append((code, office))
    assert not missing


def test_the_realms_head_of_state_is_in_the_dictionary():
    assert _holders("GBR", "2025-06-01", HEAD_OF_STATE) == ["Charles III"]


@lru_cache(maxsize=1)
def _ordinary_words() -> tuple[frozenset[str], frozenset[str]]:
    """English glosses and kana headwords of JMdict (jamdict-data): the ordinary words of each
    language, names excluded (they are in JMnedict, another table)."""
    from jamdict_data import JAMDICT_DB_PATH

    with sqlite3.connect(JAMDICT_DB_PATH) as db:
        en = frozenset(r[0].casefold() for r in db.execute("SELECT text FROM SenseGloss"))
        kana = frozenset(r[0] for r in db.execute("SELECT text FROM Kana"))
    return en, kana


def _bare(form: str, lang: str) -> bool:
    if lang == "en":
        return " " not in form
    return "・" not in form and not re.search(r"[\u4e00-\u9fff]", form)


def test_bare_family_names_are_neither_another_entrys_form_nor_ordinary_words():
    en_words, ja_words = _ordinary_words()
    assert "gallant" in en_words and "サラミ" in ja_words  # the word lists are the real ones
    owners: dict[tuple[str, str], set[str]] = {}
    for f in _actor_files():
        for e in read_entries(f):
            for lang in ("ja", "en"):
                for form in getattr(e, lang):
                    owners.setdefault((lang, form), set()).add(e.id)
    for e in read_entries(WORLD):
        for lang, words in (("en", en_words), ("ja", ja_words)):
            for form in getattr(e, lang):
                assert owners[(lang, form)] == {e.id}, (lang, form, owners[(lang, form)])
                if _bare(form, lang):
                    assert (form.casefold() if lang == "en" else form) not in words, (e.id, form)


def test_a_leader_resolves_by_name_and_by_office_on_a_date():
    gaz = default_gazetteer()
    assert gaz.lookup("ムッタキ").id == "Amir Khan Muttaqi"
    assert gaz.lookup("Nicolás Maduro", "en").id == "Nicolas Maduro"
    assert gaz.lookup("卓栄泰").id == "Cho Jung-tai"
    assert gaz.office_holder("PAK", "president", "2022-06-01").id == "Arif Alvi"
    assert gaz.office_holder("PAK", "president", "2025-05-10").id == "Asif Ali Zardari"
    assert gaz.office_holder("THA", "prime minister", "2025-10-01").id == "Anutin Charnvirakul"
    assert gaz.entries["Israel Katz"].resolve("2025-01-01") == ("ISR", "GOV")
    assert gaz.entries["Herzi Halevi"].resolve("2024-06-01") == ("ISR", "MIL")
