"""rashomon: many accounts, one event.

Political events (PLOVER), statements and provenance from Japanese and English news; see
``pipeline`` for the path of one article from file to records.
"""

__version__ = "0.1.0"
