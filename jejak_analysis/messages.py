"""User-facing messages in Indonesian and English, read from ``reference/pesan.csv``.

Messages are data so that wording can be fixed without touching code, and so
that every message exists in both languages (a test checks it).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

LANGUAGES = ("id", "en")


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("jejak_analysis.reference").joinpath("pesan.csv").read_text(encoding="utf-8")
    return {row["kunci"]: {"id": row["id"], "en": row["en"]} for row in csv.DictReader(text.splitlines())}


def message(key: str, lang: str = "id", **details: object) -> str:
    """Return message ``key`` in ``lang`` with ``details`` filled in.

    >>> message("file_kosong", "en")
    'the file is empty. Check that it was saved completely and send it again.'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    template = _catalogue()[key][lang]
    return template.format(**details)
