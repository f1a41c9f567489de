"""Normalising raw text before it is looked up in the codebook.

One function, :func:`normalize_text`, turns whatever a person typed into a
lookup key: Unicode NFKC, casefolded, punctuation and runs of white space turned
into single spaces, and common abbreviations (``kab.``, ``kes.``, ``smks``)
expanded from ``reference/singkatan.csv``. It is idempotent and never raises,
whatever text it is given (a property test holds both).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

# Apostrophes are dropped, not spaced: "'Aisyiyah" and "Aisyiyah" are one word.
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u0060\u00b4]")
# Everything that is not a letter or a digit separates words.
_NON_WORD = re.compile(r"[\W_]+")


@cache
def abbreviations() -> dict[str, str]:
    """Whole-word abbreviations and their expansion, from ``reference/singkatan.csv``.

    Keys and values are themselves normalised (without expansion), so the expansion
    of an expansion is itself: that keeps :func:`normalize_text` idempotent.
    """
    text = resources.files("jejak_analysis.reference").joinpath("singkatan.csv").read_text(encoding="utf-8")
    table = {}
    for row in csv.DictReader(text.splitlines()):
        short = _basic(row["singkatan"])
        table[short] = _basic(row["kepanjangan"])
    expanded_words = {word for value in table.values() for word in value.split()}
    clash = expanded_words & table.keys()
    if clash:  # an expansion that contains an abbreviation would make normalising non-idempotent
        raise ValueError(f"singkatan.csv: expansions contain abbreviations {sorted(clash)}")
    return table


def _basic(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # casefold can itself produce characters that NFKC would change ("ß" → "ss" is fine, others are not)
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def normalize_text(value: object) -> str:
    """Return the lookup key of a raw value: NFKC, casefolded, punctuation-free, abbreviations expanded.

    Missing values and non-text give ``""``.

    >>> normalize_text("  Kab. Pontianak ")
    'kabupaten pontianak'
    >>> normalize_text("SMK Kes. 'Aisyiyah")
    'smk kesehatan aisyiyah'
    >>> normalize_text(None)
    ''
    """
    if value is None or not isinstance(value, str):
        if value is None or value != value:  # None or NaN
            return ""
        value = str(value)
    table = abbreviations()
    words = _basic(value).split()
    return " ".join(table.get(word, word) for word in words)


def slugify(name: str) -> str:
    """The stable slug of a school name (codebook: ASCII lowercase, apostrophes dropped, hyphens).

    >>> slugify("Politeknik 'Aisyiyah Pontianak")
    'politeknik-aisyiyah-pontianak'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _APOSTROPHES.sub("", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
