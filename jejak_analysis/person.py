"""Parsers for the values that describe a person: NIK, phone, e-mail, name, birth date, age, timestamps.

These values are read only to tell people apart (identity) and to compute codes such
as the age at submission; the name, NIK, phone and e-mail themselves never leave the
cleaning step (see :mod:`jejak_analysis.identity`).

Each scalar parser takes one raw text (or None) and returns the clean value or None;
it never raises, whatever it is given (property tests hold that). The column-wise
functions (:func:`parse_timestamps`, :func:`detect_date_order`) work on a whole
column at once, because a million timestamps are a million distinct values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from jejak_analysis.codebook import read_reference_csv
from jejak_analysis.parse import EXCEL_EPOCH, excel_serial_to_date

TIMEZONE = "Asia/Pontianak"  # West Kalimantan: WIB, UTC+7
NIK_LENGTH = 16
EXCEL_KEPT_DIGITS = 15  # Excel stores 15 significant digits: the 16th digit of a NIK typed as a number is gone
# How many surviving digits a damaged NIK needs before they may confirm a match: region (6) + birth date (6).
MIN_CONFIRM_DIGITS = 12
BIRTH_YEARS = (1940, 2030)  # a birth date outside these years is a typo, not a person
AGE_RANGE = (10, 80)
# "03" → 2003, "95" → 1995. Fixed (not "this year"), so a result never depends on the day it is computed.
TWO_DIGIT_YEAR_PIVOT = 30

NIK_PROBLEMS = {
    "nik_rusak_excel": "the NIK passed through an Excel number: its last digits are lost",
    "nik_panjang_salah": "the NIK does not have 16 digits",
    "nik_tidak_valid": "16 digits, but no valid region/birth-date structure",
    "nik_bukan_angka": "the NIK is not a number",
    "nik_akhir_nol": "ends in 0 in a CSV column Excel held as numbers: the 16th digit may be lost",
}


# --------------------------------------------------------------------------------------------
# NIK


@dataclass(frozen=True)
class Nik:
    """A parsed NIK: the full number when it can be trusted, else the digits that survived.

    ``digits`` of a damaged NIK may confirm that two submissions are the same person
    (together with the name); they never decide it alone.
    """

    nik: str | None = None
    digits: str | None = None
    problem: str | None = None  # a key of NIK_PROBLEMS


_SCIENTIFIC = re.compile(r"^(\d)(?:[.,](\d+))?e\+?(\d{1,2})$")
_FLOAT_TEXT = re.compile(r"^(\d+)[.,]0+$")
_NIK_SEPARATORS = re.compile(r"[\s'`\u2019.\-]")


def parse_nik(text: object) -> Nik:
    """Parse a NIK as typed or as Excel left it.

    >>> parse_nik("6171015507030001")
    Nik(nik='6171015507030001', digits=None, problem=None)
    >>> parse_nik("'6171 0155 0703 0001").nik
    '6171015507030001'
    >>> parse_nik("6.17101550703e+15")  # Excel float: the last digits are gone
    Nik(nik=None, digits='617101550703', problem='nik_rusak_excel')
    >>> parse_nik("6.17101E+15").digits, parse_nik("617101550703000").problem
    ('617101', 'nik_panjang_salah')
    """
    if text is None:
        return Nik()
    value = str(text).strip().casefold().lstrip("'`\u2019")
    if len(value) == NIK_LENGTH and value.isascii() and value.isdigit():  # the common case, first
        return Nik(value) if nik_structure_ok(value) else Nik(None, value, "nik_tidak_valid")
    if not value or value in ("-", "nan", "none"):
        return Nik()
    compact = value.replace(" ", "")
    scientific = _SCIENTIFIC.match(compact)
    if scientific:
        length = int(scientific[3]) + 1
        digits = (scientific[1] + (scientific[2] or ""))[: min(length, EXCEL_KEPT_DIGITS)]
        return Nik(None, digits, "nik_rusak_excel" if length == NIK_LENGTH else "nik_panjang_salah")
    as_float = _FLOAT_TEXT.match(compact)
    if as_float:  # "6171015507030001.0": it went through a number, so only 15 digits are sure
        digits = as_float[1]
        if len(digits) == NIK_LENGTH:
            return Nik(None, digits[:EXCEL_KEPT_DIGITS], "nik_rusak_excel")
        return Nik(None, digits, "nik_panjang_salah")
    digits = _NIK_SEPARATORS.sub("", value)
    if not (digits.isascii() and digits.isdigit()):
        return Nik(None, None, "nik_bukan_angka")
    if len(digits) != NIK_LENGTH:
        return Nik(None, digits, "nik_panjang_salah")
    if not nik_structure_ok(digits):
        return Nik(None, digits, "nik_tidak_valid")
    return Nik(digits)


def nik_structure_ok(nik: str) -> bool:
    """Whether 16 digits have a NIK's structure: province 11–94, birth day 1–31 (+40 for women), month 1–12.

    >>> nik_structure_ok("6171015507030001"), nik_structure_ok("6171019907030001")
    (True, False)
    """
    if len(nik) != NIK_LENGTH or not nik.isdigit():
        return False
    province, day, month = int(nik[:2]), int(nik[6:8]), int(nik[8:10])
    return 11 <= province <= 94 and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def nik_agrees_with_birth_date(nik: str, birth_date: dt.date) -> bool:
    """Whether a NIK's birth-date digits (DDMMYY, day +40 for women) match a birth date.

    A 16-digit number whose date part disagrees is often the family card (KK) number,
    which siblings share: such a number must not decide that two people are one.

    >>> nik_agrees_with_birth_date("6171015507030001", dt.date(2003, 7, 15))  # 55 = 15 + 40
    True
    >>> nik_agrees_with_birth_date("6171011203210001", dt.date(2003, 7, 15))
    False
    """
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    return day % 40 == birth_date.day and month == birth_date.month and year == birth_date.year % 100


def digits_agree(digits: str | None, other: str | None, minimum: int = MIN_CONFIRM_DIGITS) -> bool:
    """Whether the surviving digits of a damaged NIK agree with another NIK or its surviving digits.

    They agree when they are equal over their common length and that length is at least
    ``minimum`` digits (fewer digits say little more than the region).

    >>> digits_agree("617101550703", "6171015507030001"), digits_agree("617101", "6171015507030001")
    (True, False)
    """
    if not digits or not other:
        return False
    common = min(len(digits), len(other))
    return common >= minimum and digits[:common] == other[:common]


# --------------------------------------------------------------------------------------------
# Phone, e-mail, name


_SCIENTIFIC_ANY = re.compile(r"\d[.,]\d+e\+?\d+", re.IGNORECASE)
_PHONE_SPLIT = re.compile(r"[/,;]|\batau\b|\bor\b", re.IGNORECASE)


def normalize_phone(text: object, region: str = "ID") -> str | None:
    """A phone number in E.164 form, read as an Indonesian number unless it says otherwise.

    The first valid number wins when a cell holds several ("0812… / 0857…"). A number
    that Excel turned into scientific notation has lost digits and is refused.

    >>> [normalize_phone(v) for v in ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "12345", None]]
    ['+6281234567890', '+6281234567890', '+6281234567890', None, None]
    """
    import phonenumbers

    if text is None:
        return None
    value = str(text).strip()
    if not value or _SCIENTIFIC_ANY.search(value):
        return None
    for part in _PHONE_SPLIT.split(value):
        part = part.strip().lstrip("'`\u2019")
        if sum(ch.isdigit() for ch in part) < 8:
            continue
        if part.startswith("62") and part[:3] != "620":  # "6281…" typed without the plus
            part = "+" + part
        try:
            number = phonenumbers.parse(part, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[a-z]{2,}")


def normalize_email(text: object) -> str | None:
    """An e-mail address in lower case, or None when the text holds none.

    >>> normalize_email(" Siti.A@Gmail.com "), normalize_email("tidak ada")
    ('siti.a@gmail.com', None)
    """
    if text is None:
        return None
    match = _EMAIL.search(str(text).strip().casefold())
    return match.group(0) if match else None


_NAME_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u0060\u00b4]")
_NAME_NON_LETTERS = re.compile(r"[\W\d_]+")
# What some forms put in the name field when there is no name (Microsoft Forms: "anonymous").
_NO_NAME = frozenset({"anonymous", "anonim", "tanpa nama", "tidak ada", "nama"})


def normalize_name(text: object) -> str | None:
    """A person's name as a matching key: accents and punctuation dropped, case folded, spaces collapsed.

    Only spelling noise is removed; "Muhammad" and "Muh." stay different, because two
    different people must never be merged on a guess.

    >>> normalize_name("  SITI  Nur'aini, "), normalize_name("Siti Nuraini"), normalize_name("-")
    ('siti nuraini', 'siti nuraini', None)
    """
    if text is None:
        return None
    value = str(text)
    if not value.isascii():  # accents dropped ("Zoë" → "zoe"); most names need none of this
        value = unicodedata.normalize("NFKD", value)
        value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.casefold()
    value = _NAME_APOSTROPHES.sub("", value)
    key = " ".join(_NAME_NON_LETTERS.sub(" ", value).split())
    return key if key and key not in _NO_NAME else None


# --------------------------------------------------------------------------------------------
# Birth dates and ages


@cache
def month_names() -> dict[str, int]:
    """Month names and abbreviations in Indonesian and English (``reference/bulan.csv``)."""
    return {row["nama"].strip().casefold(): int(row["bulan"]) for row in read_reference_csv("bulan.csv")}


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
_DAY_MONTH_NAME = re.compile(r"(?<!\d)(\d{1,2})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})(?!\d)")
_MONTH_NAME_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_COMPACT_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_SERIAL = re.compile(r"^(\d{4,5})(?:[.,]0+)?$")


def _full_year(year: str) -> int:
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value <= TWO_DIGIT_YEAR_PIVOT else 1900 + value
    return value


def _birth_date(year: int, month: int, day: int) -> dt.date | None:
    if not BIRTH_YEARS[0] <= year <= BIRTH_YEARS[1]:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_birth_date(text: object, order: str = "dmy") -> dt.date | None:
    """A birth date from the ways people and spreadsheets write one.

    Day-first is the Indonesian default; ``order="mdy"`` reads an English-locale file.
    A date inside longer text is found ("Pontianak, 7 Juli 2003": place and date in one
    field); the place is not kept.

    >>> [str(parse_birth_date(v)) for v in ["7 Juli 2003", "07-07-2003", "07/07/2003", "2003-07-07", "37809"]]
    ['2003-07-07', '2003-07-07', '2003-07-07', '2003-07-07', '2003-07-07']
    >>> parse_birth_date("Pontianak, 15 Agustus 2004"), parse_birth_date("31/02/2003")
    (datetime.date(2004, 8, 15), None)
    >>> parse_birth_date("07/13/2003", order="mdy")
    datetime.date(2003, 7, 13)
    """
    if text is None:
        return None
    value = str(text).strip().casefold()
    if not value:
        return None
    serial = _SERIAL.match(value)
    if serial:  # an Excel date serial typed into a text cell or exported as a number
        date = excel_serial_to_date(int(serial[1]))
        return date if date is not None and _birth_date(date.year, date.month, date.day) else None
    match = _ISO_DATE.search(value)
    if match:
        return _birth_date(int(match[1]), int(match[2]), int(match[3]))
    match = _DAY_MONTH_NAME.search(value)
    if match and match[2] in month_names():
        return _birth_date(_full_year(match[3]), month_names()[match[2]], int(match[1]))
    match = _MONTH_NAME_DAY.search(value)
    if match and match[1] in month_names():
        return _birth_date(int(match[3]), month_names()[match[1]], int(match[2]))
    match = _NUMERIC_DATE.search(value)
    if match:
        first, second = int(match[1]), int(match[2])
        day, month = (second, first) if order == "mdy" else (first, second)
        return _birth_date(_full_year(match[3]), month, day)
    match = _COMPACT_DATE.match(value)
    if match:  # "07072003", typed without separators
        return _birth_date(int(match[3]), int(match[2]), int(match[1]))
    return None


_AGE = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?\s*(?:th|thn|tahun|thun|y|yo|yrs?|years?)?\b", re.IGNORECASE)


def parse_age(text: object) -> int | None:
    """An age in whole years: "17", "17 th", "17 tahun", "17thn"; None outside 10–80.

    >>> [parse_age(v) for v in ["17", "17 th", "18 tahun", "17thn", "17.0", "5", "tujuh belas", None]]
    [17, 17, 18, 17, 17, None, None, None]
    """
    if text is None:
        return None
    match = _AGE.match(str(text))
    if not match:
        return None
    age = int(match[1])
    return age if AGE_RANGE[0] <= age <= AGE_RANGE[1] else None


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``.

    >>> age_on(dt.date(2003, 7, 7), dt.date(2020, 7, 6)), age_on(dt.date(2003, 7, 7), dt.date(2020, 7, 7))
    (16, 17)
    """
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --------------------------------------------------------------------------------------------
# Timestamps: one order per file


_LEADING_DATE = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}"


def detect_date_order(values: pd.Series) -> str | None:
    """The order of day and month in a column of dates: ``"dmy"``, ``"mdy"``, ``"campur"`` or None.

    Decided for the whole column (a file is exported in one locale): a first number above
    12 proves day-first, a second number above 12 proves month-first. None means no value
    proves either (every day was 12 or less); ``"campur"`` means both occur.

    >>> detect_date_order(pd.Series(["07/07/2020 10:00:00", "25/07/2020 11:00:00"]))
    'dmy'
    >>> detect_date_order(pd.Series(["7/25/2020 10:00:00", "7/7/2020 9:00:00"]))
    'mdy'
    """
    text = values.dropna().astype(str)
    if text.empty:
        return None
    # The order shows in the first ten characters; a few hundred distinct ones stand for a million cells.
    text = pd.Series(text.str.slice(0, 10).unique(), dtype=object)
    parts = text.str.extract(_LEADING_DATE)
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    if day_first and month_first:
        return "campur"
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return None


def _formats(order: str) -> list[str]:
    date = "%m/%d/%Y" if order == "mdy" else "%d/%m/%Y"
    dashed = date.replace("/", "-")
    return [
        "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
        f"{date} %H:%M:%S", f"{date} %H:%M", date, f"{date} %I:%M:%S %p",
        f"{dashed} %H:%M:%S", f"{dashed} %H:%M", dashed,
        "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d",
        # Microsoft Forms writes two-digit years: "7/8/20 10:23:45"
        f"{date.replace('%Y', '%y')} %H:%M:%S", f"{date.replace('%Y', '%y')} %H:%M",
    ]


_GMT = re.compile(r"\s*(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)


def parse_timestamps(values: pd.Series, order: str = "dmy") -> pd.Series:
    """Parse a column of submission timestamps as local time of West Kalimantan (tz-aware).

    ``order`` is the file's order of day and month (see :func:`detect_date_order`); it
    is applied to every cell, never guessed per cell. Forms, Excel and people give
    "07/07/2020 10:23:45", ISO text, Excel serial numbers ("44019.43") or
    "2020/07/07 10:23:45 AM GMT+7" (a stated offset is honoured). Unparseable
    values become NaT.

    >>> [str(t) for t in parse_timestamps(pd.Series(["07/08/2020 10:23:45", "2020-08-07 10:23:45", "x"]))]
    ['2020-08-07 10:23:45+07:00', '2020-08-07 10:23:45+07:00', 'NaT']
    """
    text = values.astype(object).where(values.notna(), None)
    text = pd.Series([None if v is None else str(v).strip() for v in text], index=values.index, dtype=object)
    stated = "\n".join(v for v in text if v is not None).upper()
    offsets = text.str.extract(_GMT) if "GMT" in stated or "UTC" in stated else \
        pd.DataFrame({0: None, 1: None}, index=text.index, dtype=object)  # no offset anywhere: no regex per cell
    has_offset = offsets[0].notna()
    if has_offset.any():
        text = text.where(~has_offset, text.str.replace(_GMT, "", regex=True))
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    todo = text.notna() & (text != "")
    # Excel serial numbers ("44019.43"): only texts without the marks of a written date are tried as numbers
    plain = pd.Series([v is not None and "/" not in v and ":" not in v for v in text], index=text.index, dtype=bool)
    numbers = pd.to_numeric(text.where(todo & plain), errors="coerce")
    serial = numbers.between(20000, 80000)  # Excel serial day numbers of 1954–2119
    if serial.any():
        days = numbers[serial]
        stamps = pd.Timestamp(EXCEL_EPOCH) + pd.to_timedelta(days, unit="D")
        parsed[serial] = stamps.dt.round("s").astype("datetime64[ns]")
        todo &= ~serial
    formats = _formats(order)
    if todo.any():  # the format of the first value first: a file is usually written in one format
        sample = text[todo].iloc[0]
        fits = [f for f in formats if pd.to_datetime(pd.Series([sample]), format=f, errors="coerce").notna().all()]
        formats = fits + [f for f in formats if f not in fits]
    for fmt in formats:
        if not todo.any():
            break
        attempt = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = attempt.notna()
        if hit.any():
            parsed[hit[hit].index] = attempt[hit].astype("datetime64[ns]")
            todo[hit[hit].index] = False
    local = parsed.dt.tz_localize(TIMEZONE).astype(f"datetime64[ns, {TIMEZONE}]")
    if has_offset.any():  # "GMT+8": the stated offset, not West Kalimantan's, says what the clock showed
        hours = pd.to_numeric(offsets.loc[has_offset, 0])
        minutes = pd.to_numeric(offsets.loc[has_offset, 1]).fillna(0)
        minutes = minutes.where(hours >= 0, -minutes)
        shift = pd.to_timedelta(hours * 60 + minutes, unit="min")
        stated = (parsed[has_offset] - shift).dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
        local[has_offset] = stated.astype(f"datetime64[ns, {TIMEZONE}]")
    return local


def _structure_ok(digits: np.ndarray) -> np.ndarray:
    """:func:`nik_structure_ok` of many NIKs at once; ``digits`` is an ``(n, 16)`` array of digit values."""
    province = digits[:, 0] * 10 + digits[:, 1]
    day = digits[:, 6] * 10 + digits[:, 7]
    month = digits[:, 8] * 10 + digits[:, 9]
    return ((province >= 11) & (province <= 94) & (((day >= 1) & (day <= 31)) | ((day >= 41) & (day <= 71)))
            & (month >= 1) & (month <= 12))


def _parse_distinct_niks(uniques) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`parse_nik` of each distinct value, as three object arrays with one blank slot at the end.

    Nearly every value is a plain 16-digit NIK: those are checked together (one array
    of digits), the rest one by one. The result is the same as ``parse_nik`` of each.
    """
    n = len(uniques)
    nik = np.full(n + 1, None, dtype=object)
    digits = np.full(n + 1, None, dtype=object)
    problem = np.full(n + 1, None, dtype=object)
    texts = [v if isinstance(v, str) and len(v) == NIK_LENGTH else "" for v in uniques]
    plain = np.fromiter((t.isascii() and t.isdigit() for t in texts), dtype=bool, count=n)
    where = np.flatnonzero(plain)
    if len(where):
        block = np.frombuffer("".join(texts[i] for i in where).encode("ascii"), dtype=np.uint8)
        ok = _structure_ok(block.reshape(-1, NIK_LENGTH).astype(np.int16) - ord("0"))
        values = np.array([texts[i] for i in where], dtype=object)
        nik[where[ok]] = values[ok]
        digits[where[~ok]] = values[~ok]
        problem[where[~ok]] = "nik_tidak_valid"
    for i in np.flatnonzero(~plain):
        parsed = parse_nik(uniques[i])
        nik[i], digits[i], problem[i] = parsed.nik, parsed.digits, parsed.problem
    return nik, digits, problem


def parse_nik_column(values: pd.Series, text_file: bool = True) -> pd.DataFrame:
    """Parse a whole NIK column: ``nik``, ``nik_digits`` and ``problem`` per row (each distinct value once).

    One rule needs the whole column of a text file (CSV): when any NIK in it lost digits
    to an Excel number ("6.17101E+15"), the column was a number column, and a 16-digit
    value ending in 0 may be one whose 16th digit Excel replaced by a 0 (a NIK ending
    in 1 saved as "…0"). Such values keep only their 15 sure digits (problem
    ``nik_akhir_nol``), to confirm a match, never to decide one. In a workbook the
    reader already tells number cells (written in scientific notation) from text cells,
    so ``text_file=False`` trusts every 16-digit text.

    >>> parse_nik_column(pd.Series(["6.17101E+15", "6171015507035230", "6171015507035231"]))["nik"].tolist()
    [None, None, '6171015507035231']
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    nik, digits, problem = _parse_distinct_niks(uniques)
    frame = pd.DataFrame({  # the last slot of each array stands for a blank cell (code -1)
        "nik": nik.take(codes), "nik_digits": digits.take(codes), "problem": problem.take(codes),
    }, index=values.index, dtype=object)
    if text_file and (frame["problem"] == "nik_rusak_excel").any():
        zeroed = frame["nik"].notna() & frame["nik"].astype(str).str.endswith("0")
        frame.loc[zeroed, "nik_digits"] = frame.loc[zeroed, "nik"].str[:EXCEL_KEPT_DIGITS]
        frame.loc[zeroed, "problem"] = "nik_akhir_nol"
        frame.loc[zeroed, "nik"] = None
    return frame
