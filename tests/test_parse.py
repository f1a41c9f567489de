"""Value parsers for counts and NPSN: exact results, and never an exception on any text."""

from hypothesis import given
from hypothesis import strategies as st

from jejak_analysis.parse import excel_serial_to_date, parse_count, parse_npsn


def test_counts_as_people_type_them():
    assert parse_count("45") == 45
    assert parse_count("45 org") == 45
    assert parse_count("1.234") == 1234  # Indonesian thousands separator
    assert parse_count("-") == 0  # codebook: "-" is zero
    assert parse_count(None) is None  # blank is missing, not zero
    assert parse_count("  ") is None
    assert parse_count("12,5") is None  # not a whole count
    assert parse_count("banyak") is None


def test_npsn_typed_any_way_is_the_same_eight_characters():
    for raw in ("30105195", "3010 5195", "'30105195", "30105195.0", " 30105195 "):
        assert parse_npsn(raw) == "30105195"
    assert parse_npsn("123") is None
    assert parse_npsn("ABCDEFGH") is None  # letters occur, but never only letters


def test_excel_serial_dates():
    import datetime as dt

    assert excel_serial_to_date(37809) == dt.date(2003, 7, 7)
    assert excel_serial_to_date(0) is None
    assert excel_serial_to_date(10**9) is None


@given(st.text())
def test_parsers_never_raise(text):
    count = parse_count(text)
    assert count is None or count >= 0
    npsn = parse_npsn(text)
    assert npsn is None or len(npsn) == 8
    if npsn is not None:
        assert parse_npsn(npsn) == npsn  # idempotent
