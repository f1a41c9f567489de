"""Parsers for values as people type them: counts, NPSN, Excel dates.

Each parser takes one raw text (or None) and returns the clean value or None; it
never raises on any text (a property test holds that). Where a value is refused,
a companion ``*_problem`` function or the caller records why.
"""

from __future__ import annotations

import datetime as dt
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug absorbed)
_COUNT = re.compile(r"^\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:[.,]0+)?\s*(?:org|orang|siswa|lulusan|jiwa|or)?\.?\s*$",
                    re.IGNORECASE)
_DASHES = {"-", "–", "—", "--", "nihil", "nil"}


def parse_count(text: object) -> int | None:
    """A count of people from a cell: "45", "45 org", "1.234" (Indonesian thousands), "-" (zero).

    A blank is missing (None), not zero; anything else that is not a whole count is None.

    >>> [parse_count(v) for v in ["45", "45 org", "1.234", "-", None, "", "12,5", "abc", "45.0"]]
    [45, 45, 1234, 0, None, None, None, None, 45]
    """
    if text is None:
        return None
    value = str(text).strip()
    if not value:
        return None
    if value.casefold() in _DASHES:
        return 0
    match = _COUNT.match(value)
    if not match:
        return None
    return int(match.group(1).replace(".", ""))


def parse_npsn(text: object) -> str | None:
    """The 8-character NPSN from a cell typed as a number, with spaces, or with a leading apostrophe.

    >>> [parse_npsn(v) for v in ["30105195", "3010 5195", "'30105195", "30105195.0", "P9999999", "123"]]
    ['30105195', '30105195', '30105195', '30105195', 'P9999999', None]
    """
    if text is None:
        return None
    value = re.sub(r"[\s'\u2019`]", "", str(text)).upper()
    value = re.sub(r"\.0+$", "", value)
    return value if re.fullmatch(r"[0-9A-Z]{8}", value) and any(ch.isdigit() for ch in value) else None


def excel_serial_to_date(serial: float) -> dt.date | None:
    """An Excel serial day number as a date (1 = 1900-01-01); None outside 1900–2100.

    >>> excel_serial_to_date(37809)
    datetime.date(2003, 7, 7)
    """
    if not 1 <= serial < 73051:  # 73051 = 2100-01-01
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))
