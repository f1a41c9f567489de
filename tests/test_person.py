"""Parsers for the values that describe a person: NIK, phone, e-mail, name, birth date, age, timestamps."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from jejak_analysis.person import (
    Nik,
    age_on,
    detect_date_order,
    digits_agree,
    nik_agrees_with_birth_date,
    normalize_email,
    normalize_name,
    normalize_phone,
    parse_age,
    parse_birth_date,
    parse_nik,
    parse_nik_column,
    parse_timestamps,
)

NIK = "6171015507030001"  # Kota Pontianak, woman born 15-07-2003 (day + 40), serial 0001

# --------------------------------------------------------------------------------------------
# NIK


@pytest.mark.parametrize("text, expected", [
    (NIK, Nik(NIK)),
    ("6171 0155 0703 0001", Nik(NIK)),
    ("'6171015507030001", Nik(NIK)),
    (" 6171-0155-0703-0001 ", Nik(NIK)),
    # Excel's General format: six significant digits left
    ("6.17101E+15", Nik(None, "617101", "nik_rusak_excel")),
    ("6,17101E+15", Nik(None, "617101", "nik_rusak_excel")),  # the same on an Indonesian-locale computer
    # the reader's text of a float cell: the digits Excel kept (trailing zeros not written)
    ("6.17101550703e+15", Nik(None, "617101550703", "nik_rusak_excel")),
    ("6171015507030001.0", Nik(None, "617101550703000", "nik_rusak_excel")),
    ("617101550703001", Nik(None, "617101550703001", "nik_panjang_salah")),  # a digit missed
    ("6.17101E+14", Nik(None, "617101", "nik_panjang_salah")),
    ("6171019907030001", Nik(None, "6171019907030001", "nik_tidak_valid")),  # day 99
    ("0071015507030001", Nik(None, "0071015507030001", "nik_tidak_valid")),  # province 00
    ("tidak punya", Nik(None, None, "nik_bukan_angka")),
    ("-", Nik()), ("", Nik()), (None, Nik()),
])
def test_parse_nik(text, expected):
    assert parse_nik(text) == expected


def test_a_16_digit_nik_ending_in_0_is_distrusted_only_in_a_csv_column_that_excel_held_as_numbers():
    column = pd.Series(["6.17101E+15", "6171015507035230", "6171015507035231", None], index=[10, 11, 12, 13])
    expected = pd.DataFrame({
        "nik": [None, None, "6171015507035231", None],
        "nik_digits": ["617101", "617101550703523", None, None],
        "problem": ["nik_rusak_excel", "nik_akhir_nol", None, None],
    }, index=[10, 11, 12, 13], dtype=object)
    assert_frame_equal(parse_nik_column(column), expected)
    assert parse_nik_column(column, text_file=False)["nik"].tolist() == [None, "6171015507035230",
                                                                          "6171015507035231", None]
    clean = pd.Series(["6171015507035230"])  # no damage anywhere in the column: trusted
    assert parse_nik_column(clean)["nik"].tolist() == ["6171015507035230"]


STRUCTURED_NIK = st.builds(  # province, region, birth day (+40 for women), month, year, serial: near every edge
    "{:02d}{:04d}{:02d}{:02d}{:02d}{:04d}".format, st.integers(0, 99), st.integers(0, 9999),
    st.integers(0, 79), st.integers(0, 13), st.integers(0, 99), st.integers(0, 9999))
NIK_LIKE = st.one_of(
    STRUCTURED_NIK,
    st.text(alphabet="0123456789", min_size=15, max_size=17),  # plain numbers: valid, invalid, wrong length
    st.text(alphabet="0123456789 .,'-eE+", max_size=20),  # typed with separators, Excel's scientific form
    st.text(max_size=20), st.none(),
)


@given(st.lists(NIK_LIKE, max_size=30))
def test_a_whole_nik_column_is_parsed_as_each_value_alone(values):
    # parse_nik_column checks the plain 16-digit values together; the result must be parse_nik's
    parsed = parse_nik_column(pd.Series(values, dtype=object), text_file=False)
    expected = [parse_nik(v) for v in values]
    assert [Nik(*row) for row in parsed.itertuples(index=False)] == expected


def test_nik_birth_date_digits_women_have_40_added_to_the_day():
    assert nik_agrees_with_birth_date(NIK, dt.date(2003, 7, 15))
    assert nik_agrees_with_birth_date("6171011507030001", dt.date(2003, 7, 15))  # a man
    assert not nik_agrees_with_birth_date(NIK, dt.date(2003, 7, 16))
    assert not nik_agrees_with_birth_date(NIK, dt.date(2004, 7, 15))


def test_surviving_digits_confirm_only_with_at_least_twelve_digits_in_common():
    assert digits_agree("617101550703", NIK)
    assert digits_agree("617101550703000", "617101550703")
    assert not digits_agree("617101", NIK)  # the region only: thousands of people share it
    assert not digits_agree("617101550704", NIK)
    assert not digits_agree(None, NIK)


# --------------------------------------------------------------------------------------------
# Phone, e-mail, name


@pytest.mark.parametrize("text, expected", [
    ("0812-3456-7890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("081234567890", "+6281234567890"),
    ("81234567890", "+6281234567890"),  # a number cell: Excel dropped the leading 0
    ("0812 3456 7890 / 0857 1111 2222", "+6281234567890"),
    ("0561 734567", "+62561734567"),  # a Pontianak landline
    ("6.28123E+12", None),  # Excel ate the digits
    ("12345", None), ("-", None), (None, None),
])
def test_normalize_phone(text, expected):
    assert normalize_phone(text) == expected


def test_normalize_email():
    assert normalize_email(" Siti.Aisyah03@Gmail.example ") == "siti.aisyah03@gmail.example"
    assert normalize_email("tidak ada") is None
    assert normalize_email(None) is None


@pytest.mark.parametrize("text, expected", [
    ("SITI NUR’AINI ", "siti nuraini"),
    ("siti nur'aini", "siti nuraini"),
    ("Siti  Nur'aini,", "siti nuraini"),
    ("Zoë Ramadhani", "zoe ramadhani"),
    ("Muh. Rizki", "muh rizki"),
    ("anonymous", None), ("-", None), ("", None), (None, None),
])
def test_normalize_name(text, expected):
    assert normalize_name(text) == expected


def test_names_that_differ_in_more_than_spelling_noise_stay_different():
    assert normalize_name("Muhammad Rizki") != normalize_name("Muh. Rizki")


@given(st.text())
def test_person_parsers_never_raise_and_names_are_idempotent(text):
    parse_nik(text)
    normalize_phone(text)
    normalize_email(text)
    parse_age(text)
    date = parse_birth_date(text)
    assert date is None or 1940 <= date.year <= 2030
    name = normalize_name(text)
    assert name is None or normalize_name(name) == name


# --------------------------------------------------------------------------------------------
# Birth dates and ages


@pytest.mark.parametrize("text, expected", [
    ("7 Juli 2003", dt.date(2003, 7, 7)),
    ("07 juli 2003", dt.date(2003, 7, 7)),
    ("7 Jul 2003", dt.date(2003, 7, 7)),
    ("7-Juli-2003", dt.date(2003, 7, 7)),
    ("15 Agustus 2004", dt.date(2004, 8, 15)),
    ("1 Nopember 2002", dt.date(2002, 11, 1)),
    ("July 7, 2003", dt.date(2003, 7, 7)),
    ("07-07-2003", dt.date(2003, 7, 7)),
    ("07/08/2003", dt.date(2003, 8, 7)),  # day first
    ("7.8.2003", dt.date(2003, 8, 7)),
    ("2003-07-07", dt.date(2003, 7, 7)),
    ("2003-07-07 00:00:00", dt.date(2003, 7, 7)),
    ("37809", dt.date(2003, 7, 7)),  # an Excel date serial
    ("37809.0", dt.date(2003, 7, 7)),
    ("07/07/03", dt.date(2003, 7, 7)),
    ("07/07/98", dt.date(1998, 7, 7)),
    ("07072003", dt.date(2003, 7, 7)),
    ("Pontianak, 7 Juli 2003", dt.date(2003, 7, 7)),  # "Tempat, tanggal lahir"
    ("Ptk, 07-07-2003", dt.date(2003, 7, 7)),
    ("31/02/2003", None), ("7 Juli 1850", None), ("2003", None), ("Pontianak", None), (None, None),
])
def test_parse_birth_date(text, expected):
    assert parse_birth_date(text) == expected


def test_birth_dates_in_an_english_locale_file_are_month_first():
    assert parse_birth_date("07/08/2003", order="mdy") == dt.date(2003, 7, 8)
    assert parse_birth_date("7 Juli 2003", order="mdy") == dt.date(2003, 7, 7)  # words are never ambiguous


@pytest.mark.parametrize("text, expected", [
    ("17", 17), ("17 th", 17), ("17 th.", 17), ("17thn", 17), ("18 tahun", 18), ("17.0", 17), ("17 y.o.", 17),
    ("5", None), ("170", None), ("tujuh belas", None), ("", None), (None, None),
])
def test_parse_age(text, expected):
    assert parse_age(text) == expected


def test_age_on_counts_whole_years_up_to_the_birthday():
    assert age_on(dt.date(2003, 7, 7), dt.date(2020, 7, 6)) == 16
    assert age_on(dt.date(2003, 7, 7), dt.date(2020, 7, 7)) == 17


# --------------------------------------------------------------------------------------------
# Timestamps


@pytest.mark.parametrize("values, expected", [
    (["07/07/2020 10:23:45", "25/07/2020 11:00:00"], "dmy"),
    (["7/7/2020 10:23:45", "7/25/2020 11:00:00"], "mdy"),
    (["07/07/2020 10:23:45", "08/07/2020 11:00:00"], None),  # no day above 12: nothing proves either
    (["25/07/2020 10:23:45", "7/25/2020 11:00:00"], "campur"),
    (["2020-07-25 10:23:45"], None),
    ([None, None], None),
])
def test_detect_date_order_decides_for_the_whole_column(values, expected):
    assert detect_date_order(pd.Series(values, dtype=object)) == expected


def _stamps(*texts: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts))).dt.tz_localize("Asia/Pontianak").astype(
        "datetime64[ns, Asia/Pontianak]")


def test_parse_timestamps_reads_every_cell_in_the_file_order_as_local_time():
    values = pd.Series(["07/08/2020 10:23:45", "7/8/2020 9:03", "2020-08-07 10:23:45", "44050.5", "07/08/2020",
                        "2020/08/07 10:23:45 PM GMT+8", None, "kemarin"])
    expected = _stamps("2020-08-07 10:23:45", "2020-08-07 09:03:00", "2020-08-07 10:23:45", "2020-08-07 12:00:00",
                       "2020-08-07 00:00:00", "2020-08-07 21:23:45", "NaT", "NaT")
    assert_series_equal(parse_timestamps(values), expected)


def test_parse_timestamps_month_first_for_an_english_locale_export():
    values = pd.Series(["7/8/2020 10:23:45", "7/25/2020 11:00:00", "7/26/20 8:00:00"])  # the last: Microsoft Forms
    assert_series_equal(parse_timestamps(values, order="mdy"), _stamps("2020-07-08 10:23:45", "2020-07-25 11:00:00",
                                                                        "2020-07-26 08:00:00"))
    # the same text day-first: the 25th month does not exist, so the cell is not guessed the other way
    assert parse_timestamps(values, order="dmy").isna().tolist() == [False, True, True]
