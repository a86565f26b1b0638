"""rashomon: many accounts, one event.

Political events (PLOVER), statements and provenance from Japanese and English news; see
``pipeline`` for the path of one article from file to records.

The Python API (``rashomon.api``): ``open_store``, ``analyse``, ``analyse_text``,
``query_events``, ``compare_accounts``, ``export_store`` and ``make_report``, e.g.::

    import rashomon
    store = rashomon.open_store("news.sqlite")
    rashomon.analyse(["articles/"], store)
    events = rashomon.query_events(store, dyad="USA,RUS")
    contradictions = rashomon.compare_accounts(store, actor="Putin").contradictions
"""

__version__ = "0.1.0"

__all__ = ["analyse", "analyse_text", "open_store", "query_events", "compare_accounts", "export_store",
           "make_report"]


def __getattr__(name: str):
    # loaded on first use, so that importing one module of the package stays light
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
