"""Language analysers: one package per language with the same modules (lexicon, entities, time,
statements, events), each filling a document's entities, time expressions, statements and event
mentions from its sentences; what both languages share is in ``discourse``.

An analyser is a function ``analyze(doc: Document, gazetteer: Gazetteer) -> None``;
``register`` adds one for a language code, the way spaCy registers pipeline factories.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..gazetteer import Gazetteer
from ..records import Document

Analyzer = Callable[[Document, Gazetteer], None]

_REGISTRY: dict[str, Analyzer] = {}
_BUILTIN = {"ja": "rashomon.lang.ja", "en": "rashomon.lang.en"}


def register(lang: str, analyzer: Analyzer) -> None:
    _REGISTRY[lang] = analyzer


def get_analyzer(lang: str) -> Analyzer | None:
    if lang not in _REGISTRY and lang in _BUILTIN:
        register(lang, import_module(_BUILTIN[lang]).analyze)
    return _REGISTRY.get(lang)
