"""Japanese vocabulary: event triggers and status cues of ``data/events_ja.yaml`` and the particles that mark roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ... import plover
from ...gazetteer import metonymic_places

EVENTS_FILE = Path(__file__).resolve().parents[2] / "data" / "events_ja.yaml"


TIMEZONES_FILE = Path(__file__).resolve().parents[2] / "data" / "timezones.yaml"


# Titles and honorifics that may stand between a name and its particle
_TITLE = re.compile(
    r"^(?:[・]?(?:前|元|現|次期|新)?(?:大統領|首相|副大統領|副首相|外相|外務大臣|国務長官|国防長官|国防相|財務長官|財務相|"
    r"官房長官|官房副長官|長官|大臣|大統領補佐官|補佐官|特使|特別使節|副報道官|報道官|首席|議長|委員長|事務総長|総裁|書記長|"
    r"国家主席|主席|総統|副総統|国王|皇太子|知事|市長|次官|司令官|参謀総長|総長|党首|幹事長|"
    r"首脳|政権|政府|当局|側|氏|さん|議員|大使|代表|CEO|報道官室|軍|両国|両首脳)){0,3}"
)


_AGENT_PARTICLE = re.compile(r"^(?:は|が|も(?!含)|として|による|により|によって|側は|では|から(?:は|も)?)")


_TARGET_PARTICLE = re.compile(
    r"^(?:を|に対し(?:て)?|に対する|への|へ|に(?!よる|より|よって|とって)|との|と(?!の)|とも|から(?:の)?(?!は)"
    r"|も含め|を含め|をはじめ)"
)


_PLACE_PARTICLE = re.compile(
    r"^(?:州|市|県|郊外|近郊|周辺)?(?:の[^、。「」]{0,10}?(?:基地|空港|ホテル|宮殿|宮|官邸|公邸|大統領府|本部|会場|施設|庁舎|広場|"
    r"センター|ビル|港|城|議事堂|ホール|リゾート|別荘)(?:で|において|にて|に到着)"
    r"|で|での|において|にて|に(?:到着|入|滞在|向か)|へ(?!の)|=|から|まで|入り|を訪|訪問|発|時間|、\s*\d"
    r"|(?:共同|時事|ロイター|AFP|AP|新華社|聯合)?】)"
)


# "both leaders", "both countries": the participants of the meeting just mentioned
_BOTH = re.compile(r"両首脳|両氏|両大統領|両外相|両国|双方|両者")


# モスクワでの会談や、3者会談が実現するかどうか: coordinated triggers share the predicate
_COORDINATED = re.compile(r"^(?:や|および|及び|と|または|か)[、,]?")


_CHAINED = re.compile(r"^(?:て|で)?[、,]")


_CLAUSE_END = re.compile(r"[、。,]|(?:が|けど|ものの|一方)、")


_CONTINENT_SCALE = frozenset({"ocean", "continent", "macro-region"})


_QUOTE = re.compile(r"「[^「」]*」|『[^『』]*』|“[^“”]*”")


_DEFINITE = re.compile(r"(?:この|同|今回の|当該の|その|今般の)$")


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    event: str
    mode: str | None
    context: str | None
    roles: str
    status: str | None = None
    single_state_as: str | None = None


@dataclass(frozen=True)
class _Config:
    triggers: list[Trigger]
    speech: re.Pattern
    press: re.Pattern
    negated: re.Pattern
    hypothetical: re.Pattern
    scheduled: re.Pattern
    metonymic: frozenset[str]
    contexts: tuple[tuple[str, re.Pattern], ...]
    title_run: re.Pattern
    attendance: re.Pattern
    delegation_head: re.Pattern
    pair_titles: tuple[tuple[str, re.Pattern], ...] = ()
    leader_titles: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def config() -> _Config:
    data = yaml.safe_load(EVENTS_FILE.read_text(encoding="utf-8"))
    triggers = []
    for t in data["triggers"]:
        if t["event"] not in plover.CATEGORIES:
            raise ValueError(f"{EVENTS_FILE}: unknown PLOVER category {t['event']!r}")
        triggers.append(
            Trigger(
                re.compile(t["pattern"]),
                t["event"],
                t.get("mode"),
                t.get("context"),
                t.get("roles", "agent"),
                t.get("status"),
                t.get("single_state_as"),
            )
        )
    st = data["status"]
    return _Config(
        triggers,
        re.compile(data["speech_verbs"]),
        re.compile(data["press_conference"]),
        re.compile(st["negated"]),
        re.compile(st["hypothetical"]),
        re.compile(st["scheduled"]),
        metonymic_places(),
        tuple((name, re.compile(p)) for name, p in (data.get("contexts") or {}).items()),
        re.compile(rf"[・の]?[一-龥々]{{0,7}}[{re.escape(data['title_ends'])}]"),
        re.compile(data["attendance"]),
        re.compile(data["delegation_head"]),
        tuple((name, re.compile(rf"[^、。「」]{{0,3}}?(?:{p})(?![一-龥])" if p else "")) for name, p in (data.get("pair_titles") or {}).items()),
        tuple(t.casefold() for t in data.get("leader_titles") or ()),
    )


_SAID_WHEN = re.compile(
    r"(?:[0-9]+日|同日|この日|前日|きょう|今日|昨日|あす)(?:(?:午前|午後|夜|未明|朝|夕)[^、。]{0,6})?(?:に)?(?:[、]|(?=[^、。]{6}))"
)


_SAID_TAIL = re.compile(r"(?:などと|とも|と)?[、 ]*$")


_TOPIC = re.compile(r"^(?:は|も)(?!じめ|含)")


# …が攻撃された場合、…: a clause of condition; the names inside it neither act nor speak in the
# clause it leads into
_CONDITIONAL = re.compile(r"(?:場合|れば|たら|ならば|なら)(?:には|は|に)?、")
