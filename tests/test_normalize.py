"""The normaliser: lookup keys from whatever people type; idempotent, never raises."""

from hypothesis import given
from hypothesis import strategies as st

from jejak_analysis.normalize import normalize_text, slugify


def test_case_punctuation_spaces_and_abbreviations():
    assert normalize_text("  Kab.   Pontianak ") == "kabupaten pontianak"
    assert normalize_text("SMKS Kes. Bina-Dharma, PTK") == "smk kesehatan bina dharma pontianak"
    assert normalize_text("ＳＭＫ　Ｋｅｓｅｈａｔａｎ") == "smk kesehatan"  # full-width letters (NFKC)
    assert normalize_text("Politeknik ’Aisyiyah") == "politeknik aisyiyah"


def test_missing_and_non_text_values():
    assert normalize_text(None) == ""
    assert normalize_text(float("nan")) == ""
    assert normalize_text(45) == "45"


def test_slug_of_a_school_without_npsn():
    assert slugify("Politeknik 'Aisyiyah Pontianak") == "politeknik-aisyiyah-pontianak"
    assert slugify("SMK Kesehatan Bina Dharma  Pontianak") == "smk-kesehatan-bina-dharma-pontianak"


@given(st.text())
def test_normalising_is_idempotent_and_never_raises(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(), st.binary()))
def test_normalising_any_value_gives_text(value):
    assert isinstance(normalize_text(value), str)
