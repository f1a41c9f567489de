"""The openings file: read strictly, fail with file and row, fall back to the announced default."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from jejak_analysis.errors import InvalidDataError, InvalidParameterError, UnreadableFileError
from jejak_analysis.openings import (
    Target,
    choose_target,
    default_target,
    read_openings,
    target_for_folder,
)

HEADER = "program_kode,sektor_kode,negara,jumlah,mulai,selesai,sumber\n"


def write(tmp_path, text, name="lowongan.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_reads_one_row_per_target_with_types_and_provenance(tmp_path):
    path = write(tmp_path, HEADER
                 + "SSW_JP,CAREWORKER,JP,1500,2021-04-01,2024-03-31,BP2MI 7 Juli 2020\n"
                 + "\n"  # a blank line is skipped, and the next row keeps its real line number
                 + "g2g_kr,manufaktur,kr,1.200,,,\n")
    expected = pd.DataFrame({
        "program_kode": ["SSW_JP", "G2G_KR"],
        "sektor_kode": ["CAREWORKER", "MANUFAKTUR"],
        "negara": ["JP", "KR"],
        "jumlah": pd.array([1500, 1200], dtype="Int64"),
        "mulai": pd.to_datetime([pd.Timestamp("2021-04-01"), None]),
        "selesai": pd.to_datetime([pd.Timestamp("2024-03-31"), None]),
        "sumber": ["BP2MI 7 Juli 2020", ""],
        "source_file": ["lowongan.csv", "lowongan.csv"],
        "source_row": [2, 4],
    })
    assert_frame_equal(read_openings(path), expected)


def test_semicolons_day_first_dates_and_thousands_as_excel_saves_them(tmp_path):
    path = write(tmp_path, " Program_Kode ;Sektor_Kode;Negara;Jumlah;Mulai;Selesai;Sumber\n"
                           "SSW_JP;CAREWORKER;JP;1.500;01/04/2021;;pengumuman\n", encoding="cp1252")
    frame = read_openings(path)
    assert frame.loc[0, "jumlah"] == 1500
    assert frame.loc[0, "mulai"] == pd.Timestamp("2021-04-01")
    assert pd.isna(frame.loc[0, "selesai"])


@pytest.mark.parametrize(("row", "key", "detail"), [
    ("SSW_JP,CAREWORKER,JP,-5,,,x", "lowongan_jumlah_negatif", "-5"),
    ("SSW_JP,CAREWORKER,JP,banyak,,,x", "lowongan_jumlah_salah", "banyak"),
    ("SSW_JP,CAREWORKER,JP,,,,x", "lowongan_jumlah_salah", "''"),
    ("SSW_JP,CAREWORKER,JP,12.5,,,x", "lowongan_jumlah_salah", "12.5"),
    ("SSW_XX,CAREWORKER,JP,10,,,x", "lowongan_kode", "SSW_XX"),
    ("SSW_JP,KAIGO,JP,10,,,x", "lowongan_kode", "KAIGO"),
    ("SSW_JP,CAREWORKER,Jepang,10,,,x", "lowongan_kode", "Jepang"),
    ("SSW_JP,CAREWORKER,JP,10,April 2021,,x", "lowongan_tanggal_salah", "April 2021"),
    ("SSW_JP,CAREWORKER,JP,10,2021-02-30,,x", "lowongan_tanggal_salah", "2021-02-30"),
    ("SSW_JP,CAREWORKER,JP,10,2021-04-01,2021-03-01,x", "lowongan_urutan_tanggal", "2021-03-01"),
])
def test_a_bad_row_is_an_error_naming_file_row_and_value(tmp_path, row, key, detail):
    path = write(tmp_path, HEADER + "G2G_KR,MANUFAKTUR,KR,10,,,x\n" + row + "\n")
    with pytest.raises(InvalidDataError) as caught:
        read_openings(path)
    error = caught.value
    assert (error.key, error.path, error.row) == (key, path, 3)
    assert error.describe("en").startswith("lowongan.csv, row 3: ")
    assert str(error).startswith("lowongan.csv, baris 3: ")
    assert detail.strip("'") in error.describe("en")


def test_unknown_programme_code_lists_the_valid_ones(tmp_path):
    path = write(tmp_path, HEADER + "SSW,CAREWORKER,JP,10,,,x\n")
    with pytest.raises(InvalidDataError) as caught:
        read_openings(path)
    assert "SSW_JP, G2G_JP, G2G_KR" in caught.value.describe("en")


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, "program_kode,sektor_kode,negara,mulai,selesai,sumber\nSSW_JP,CAREWORKER,JP,,,x\n")
    with pytest.raises(InvalidDataError) as caught:
        read_openings(path)
    assert (caught.value.key, caught.value.row, caught.value.details["kolom"]) == ("lowongan_kolom", 1, "jumlah")


def test_the_same_target_twice_is_an_error_not_a_sum(tmp_path):
    path = write(tmp_path, HEADER + "SSW_JP,CAREWORKER,JP,1000,,,a\nSSW_JP,CAREWORKER,JP,500,,,b\n")
    with pytest.raises(InvalidDataError) as caught:
        read_openings(path)
    assert (caught.value.key, caught.value.row, caught.value.details["baris_lain"]) == ("lowongan_ganda", 3, 2)


def test_empty_missing_and_header_only_files(tmp_path):
    with pytest.raises(UnreadableFileError, match="tidak ditemukan"):
        read_openings(tmp_path / "tidak_ada.csv")
    with pytest.raises(UnreadableFileError, match="kosong"):
        read_openings(write(tmp_path, "  \n"))
    with pytest.raises(InvalidDataError) as caught:
        read_openings(write(tmp_path, HEADER))
    assert caught.value.key == "lowongan_tanpa_baris"


def test_default_target_is_the_announced_careworker_figure_and_says_so():
    target = default_target()
    assert (target.program_kode, target.sektor_kode, target.negara, target.jumlah) == ("SSW_JP", "CAREWORKER", "JP",
                                                                                        1500)
    assert target.is_default is True and target.mulai is None
    assert target.describe("en") == "Specified Skilled Worker (SSW) Japan · Careworker · Japan · 1,500 openings"
    assert target.describe("id").endswith(" · Jepang · 1.500 lowongan")


def two_targets(tmp_path):
    return read_openings(write(tmp_path, HEADER + "SSW_JP,CAREWORKER,JP,1500,2021-04-01,,a\n"
                                                  "G2G_KR,MANUFAKTUR,KR,300,,,b\n"))


def test_choose_target_picks_exactly_one(tmp_path):
    openings = two_targets(tmp_path)
    assert choose_target(openings, program="g2g_kr") == Target("G2G_KR", "MANUFAKTUR", "KR", 300, None, None, "b")
    chosen = choose_target(openings, program="SSW_JP", sektor="CAREWORKER")
    assert (chosen.jumlah, chosen.mulai, chosen.is_default) == (1500, pd.Timestamp("2021-04-01"), False)


def test_choose_target_refuses_to_guess(tmp_path):
    openings = two_targets(tmp_path)
    with pytest.raises(InvalidParameterError) as caught:
        choose_target(openings)
    assert caught.value.key == "target_ganda"
    assert "SSW_JP · CAREWORKER · JP; G2G_KR · MANUFAKTUR · KR" in caught.value.describe("en")
    with pytest.raises(InvalidParameterError) as caught:
        choose_target(openings, program="SP2T_TW")
    assert caught.value.key == "target_tidak_ada"


def test_target_for_folder_uses_the_file_or_the_flagged_default(tmp_path):
    assert target_for_folder(tmp_path) == default_target()
    with pytest.raises(InvalidParameterError) as caught:
        target_for_folder(tmp_path, program="G2G_KR")
    assert caught.value.key == "target_tanpa_berkas"
    write(tmp_path, HEADER + "G2G_KR,MANUFAKTUR,KR,300,,,b\n")
    assert target_for_folder(tmp_path).program_kode == "G2G_KR"
