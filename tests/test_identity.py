"""Who is who: the same-person rules, one case each, and the keyed pseudonyms."""

import hashlib
import hmac
import os
import re
import stat

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from jejak_analysis.errors import InvalidParameterError
from jejak_analysis.identity import (
    IDENTITY_FIELDS,
    load_key,
    person_keys,
    pseudonym,
    pseudonyms,
    resolve_key,
    stable_person_keys,
)

KEY = b"k" * 32

# --------------------------------------------------------------------------------------------
# The key


def test_the_key_comes_from_the_environment_first(tmp_path, monkeypatch):
    monkeypatch.setenv("JEJAK_KEY", "e" * 40)
    assert load_key(tmp_path / "kunci") == b"e" * 40
    assert not (tmp_path / "kunci").exists()


def test_a_missing_key_file_is_created_once_readable_by_its_owner_only_and_the_user_is_told(tmp_path, monkeypatch):
    monkeypatch.delenv("JEJAK_KEY", raising=False)
    told = []
    path = tmp_path / "config" / "jejak" / "kunci"
    key = load_key(path, notify=told.append)
    assert re.fullmatch(rb"[0-9a-f]{64}", key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(told) == 1 and str(path) in told[0] and "kunci pseudonim baru" in told[0]
    assert load_key(path, notify=told.append) == key  # the same key every month, and no second message
    assert len(told) == 1


def test_the_creation_message_is_available_in_english(tmp_path, monkeypatch):
    monkeypatch.delenv("JEJAK_KEY", raising=False)
    told = []
    load_key(tmp_path / "kunci", lang="en", notify=told.append)
    assert told[0].startswith("a new pseudonym key was created at")


def test_a_short_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("JEJAK_KEY", "pendek")
    with pytest.raises(InvalidParameterError, match="terlalu pendek"):
        load_key(tmp_path / "kunci")
    monkeypatch.delenv("JEJAK_KEY")
    (tmp_path / "kunci").write_text("pendek\n")
    with pytest.raises(InvalidParameterError, match="terlalu pendek"):
        load_key(tmp_path / "kunci")
    with pytest.raises(InvalidParameterError):
        resolve_key(b"short")


def test_no_key_file_is_created_when_asked_not_to_or_inside_a_git_working_tree(tmp_path, monkeypatch):
    monkeypatch.delenv("JEJAK_KEY", raising=False)
    with pytest.raises(InvalidParameterError, match="tidak ditemukan"):
        load_key(tmp_path / "kunci", create=False)
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(InvalidParameterError, match="repositori git"):
        load_key(tmp_path / "repo" / "config" / "kunci")
    assert not (tmp_path / "repo" / "config" / "kunci").exists()


def test_resolve_key_accepts_bytes_or_text():
    assert resolve_key("k" * 32) == KEY == resolve_key(KEY)


# --------------------------------------------------------------------------------------------
# Pseudonyms


def test_pseudonyms_are_keyed_stable_and_shaped_r_plus_twelve_hex_digits():
    one = pseudonym("nik:6171015507030001", KEY)
    assert re.fullmatch(r"R-[0-9a-f]{12}", one)
    assert pseudonym("nik:6171015507030001", KEY) == one
    assert pseudonym("nik:6171015507030001", b"x" * 32) != one  # without the key, no way back to the NIK
    assert pseudonym("nik:6171015507030002", KEY) != one
    assert pseudonym("nik:6171015507030001", KEY, prefix="K-").startswith("K-")


def test_pseudonyms_of_a_column_hash_each_value_and_keep_missing_values_missing():
    ids = pseudonyms(pd.Series(["a", "b", "a", None], index=[5, 6, 7, 8]), KEY)
    expected = pd.Series([pseudonym("a", KEY), pseudonym("b", KEY), pseudonym("a", KEY), pd.NA],
                         index=[5, 6, 7, 8], dtype="string")
    assert_series_equal(ids, expected)


@settings(max_examples=50)
@given(key=st.binary(min_size=16, max_size=150), values=st.lists(st.text(max_size=40), max_size=5))
def test_the_column_pseudonyms_are_hmac_sha256_for_every_key_length(key, values):
    # pseudonyms() hashes the key's pads once; its ids must stay those of the standard HMAC
    ids = pseudonyms(pd.Series(values, dtype=object), key).tolist()
    assert ids == ["R-" + hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest()[:12] for v in values]


# --------------------------------------------------------------------------------------------
# Same person: one case per rule

NIK_SITI = "6171015507030001"  # born 15-07-2003, woman
NIK_SITI_2 = "6171015507035555"  # another woman born the same day in the same kecamatan
NIK_BUDI = "6171010101020002"  # born 01-01-2002, man


def people(*rows: dict) -> pd.DataFrame:
    """Identity rows: every field missing unless given; ``submission`` defaults to the row number."""
    frame = pd.DataFrame([{**{f: None for f in IDENTITY_FIELDS}, "submission": f"s{i}", **row}
                          for i, row in enumerate(rows)], dtype=object)
    return frame[IDENTITY_FIELDS]


def keys(*rows: dict) -> list[str]:
    return person_keys(people(*rows))["person_key"].tolist()


def test_the_same_nik_is_one_person_whatever_the_name_says():
    assert keys({"nik": NIK_SITI, "name": "siti aisyah"}, {"nik": NIK_SITI, "name": "siti aisya"}) == \
        [f"nik:{NIK_SITI}"] * 2


def test_two_different_niks_are_two_people_even_with_one_name_and_birth_date():
    result = keys({"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15"},
                  {"nik": NIK_SITI_2, "name": "siti aisyah", "birth_date": "2003-07-15"})
    assert result == [f"nik:{NIK_SITI}", f"nik:{NIK_SITI_2}"]


def test_without_nik_the_same_name_and_birth_date_is_one_person():
    result = keys({"name": "budi santoso", "birth_date": "2002-01-01"},
                  {"name": "budi santoso", "birth_date": "2002-01-01"})
    assert result == ["nama:budi santoso|2002-01-01"] * 2


def test_a_common_name_with_different_birth_dates_is_two_people_even_on_one_phone():
    result = keys({"name": "siti nurhaliza", "birth_date": "2003-01-01", "phone": "081234567890"},
                  {"name": "siti nurhaliza", "birth_date": "2004-02-02", "phone": "081234567890"})
    assert result == ["nama:siti nurhaliza|2003-01-01", "nama:siti nurhaliza|2004-02-02"]


def test_a_row_without_nik_joins_the_nik_person_with_its_name_and_birth_date():
    result = person_keys(people({"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15"},
                                {"nik_digits": "617101", "name": "siti aisyah", "birth_date": "2003-07-15"}))
    expected = pd.DataFrame({"person_key": [f"nik:{NIK_SITI}"] * 2, "dasar": ["nik", "nama_tanggal_lahir"]},
                            dtype=object)
    assert_frame_equal(result, expected)


def test_siblings_sharing_a_phone_stay_two_people():
    result = keys({"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15", "phone": "0812-3456-7890"},
                  {"name": "rina aisyah", "birth_date": "2005-03-03", "phone": "0812-3456-7890"})
    assert result == [f"nik:{NIK_SITI}", "nama:rina aisyah|2005-03-03"]


def test_a_name_without_birth_date_joins_a_person_only_when_the_phone_confirms():
    rows = [{"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15", "phone": "0812-3456-7890"},
            {"name": "siti aisyah", "phone": "+62 812 3456 7890"},  # same name and phone: the same person
            {"name": "rina aisyah", "phone": "+62 812 3456 7890"},  # the phone alone decides nothing
            {"name": "siti aisyah"}]  # nothing confirms: a person of its own
    result = person_keys(people(*rows))
    assert result["person_key"].tolist() == [f"nik:{NIK_SITI}", f"nik:{NIK_SITI}", "kontak:rina aisyah|+6281234567890",
                                             "kiriman:s3"]
    assert result["dasar"].tolist() == ["nik", "konfirmasi", "kontak", "kiriman"]


def test_an_e_mail_or_the_surviving_nik_digits_may_confirm_a_name_without_birth_date():
    rows = [{"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15", "email": "siti@gmail.example"},
            {"name": "siti aisyah", "email": "SITI@gmail.example"},
            {"name": "siti aisyah", "nik_digits": "617101550703"},
            {"name": "siti aisyah", "nik_digits": "617101"}]  # six digits: only the region, too little
    assert keys(*rows) == [f"nik:{NIK_SITI}"] * 3 + ["kiriman:s3"]


def test_two_people_share_a_name_and_birth_date_the_damaged_nik_digits_may_tell_which_one():
    rows = [{"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"nik": NIK_SITI_2, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"nik_digits": "617101550703555", "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"name": "siti aisyah", "birth_date": "2003-07-15"}]
    result = person_keys(people(*rows))
    assert result["person_key"].tolist() == [f"nik:{NIK_SITI}", f"nik:{NIK_SITI_2}", f"nik:{NIK_SITI_2}",
                                             "kiriman:s3"]
    assert result["dasar"].tolist() == ["nik", "nik", "nama_tanggal_lahir", "ambigu"]


def test_a_nik_whose_date_is_not_the_birth_date_does_not_decide():
    # Siblings who typed their family card (KK) number, which they share, as the NIK.
    kk = "6171012209150007"  # issued 22-09-2015: not anybody's birth date here
    result = keys({"nik": kk, "name": "budi santoso", "birth_date": "2002-01-01"},
                  {"nik": kk, "name": "rina santoso", "birth_date": "2005-03-03"})
    assert result == ["nama:budi santoso|2002-01-01", "nama:rina santoso|2005-03-03"]


def test_two_different_distrusted_niks_with_one_name_and_birth_date_stay_two_people():
    # Two family card numbers: two families, whatever the name and birth date say.
    kk_1, kk_2 = "6171012209150007", "6171012209150099"
    rows = [{"nik": kk_1, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"nik": kk_2, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"nik_digits": "61710122091500", "name": "siti aisyah", "birth_date": "2003-07-15"},  # agrees with both
            {"nik_digits": "617101220915009", "name": "siti aisyah", "birth_date": "2003-07-15"}]  # only kk_2
    result = person_keys(people(*rows))
    assert result["person_key"].tolist() == [f"nama:siti aisyah|2003-07-15|{kk_1}", f"nama:siti aisyah|2003-07-15|{kk_2}",
                                             "kiriman:s2", f"nama:siti aisyah|2003-07-15|{kk_2}"]
    assert result["dasar"].tolist() == ["nama_tanggal_lahir", "nama_tanggal_lahir", "ambigu", "nama_tanggal_lahir"]


def test_stable_keys_come_from_the_earliest_row_unless_two_people_would_share_one():
    rows = [{"nik_digits": "617101550703000", "name": "siti aisyah", "birth_date": "2003-07-15"},  # Siti, early
            {"nik_digits": "617101550703555", "name": "siti aisyah", "birth_date": "2003-07-15"},  # Siti 2, early
            {"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"nik": NIK_SITI_2, "name": "siti aisyah", "birth_date": "2003-07-15"},
            {"name": "budi santoso", "birth_date": "2002-01-01"},
            {"nik": NIK_BUDI, "name": "budi santoso", "birth_date": "2002-01-01"}]
    frame = people(*rows)
    decided = person_keys(frame)["person_key"]
    order = pd.Series(["2020-07-01", "2020-07-02", "2021-01-01", "2021-01-02", "2020-08-01", "2021-02-01"])
    stable = stable_person_keys(frame, decided, order)
    # both Sitis' earliest rows say only "siti aisyah, 2003-07-15": they keep their NIK keys, never one id
    assert stable.tolist() == [f"nik:{NIK_SITI}", f"nik:{NIK_SITI_2}", f"nik:{NIK_SITI}", f"nik:{NIK_SITI_2}",
                               "nama:budi santoso|2002-01-01", "nama:budi santoso|2002-01-01"]


def test_a_row_without_name_or_nik_is_a_person_of_its_own_per_submission():
    assert keys({"birth_date": "2002-01-01", "phone": "081234567890", "submission": "waktu|2020-07-07T10:00:00"}) \
        == ["kiriman:waktu|2020-07-07T10:00:00"]


def test_person_keys_does_not_depend_on_the_order_of_rows():
    rows = [{"nik": NIK_SITI, "name": "siti aisyah", "birth_date": "2003-07-15", "phone": "0812-3456-7890"},
            {"name": "siti aisyah", "birth_date": "2003-07-15"},
            {"name": "siti aisyah", "phone": "0812-3456-7890"},
            {"name": "budi santoso", "birth_date": "2002-01-01"}]
    forward = person_keys(people(*rows))
    backward = person_keys(people(*rows[::-1]).set_axis([3, 2, 1, 0])).sort_index()
    # "submission" texts differ with the order they were built in, but no row here falls back to it
    assert_frame_equal(forward, backward)


def test_a_nik_and_birth_date_that_cannot_be_compared_are_not_a_mismatch():
    from jejak_analysis.identity import nik_birth_mismatch

    people = pd.DataFrame({
        "nik": ["6171015507030001", "6171015507030001", "617101550703", "6171015507030001", "6171٠15507030001",
                None],
        "birth_date": ["2003-07-15", "2003-07-16", "2003-07-15", "2003-07-15 00:00:00", "2003-07-15", "2003-07-15"],
    }, index=[10, 11, 12, 13, 14, 15])
    # agrees; day differs; too short; not an ISO date; an Arabic-Indic digit; no NIK
    assert nik_birth_mismatch(people).tolist() == [False, True, False, False, False, False]
    assert nik_birth_mismatch(people.iloc[:0]).empty
