"""The review sheet: what waits for the analyst, how often it was seen, and what is suggested."""

import pandas as pd
from openpyxl import load_workbook

from jejak_analysis.mapping import read_corrections
from jejak_analysis.review import REVIEW_COLUMNS, review_table, write_review_workbook


def _mapped(rows):
    columns = ["jenis", "teks_asli", "kode", "metode", "skor", "saran", "alasan", "jumlah"]
    return pd.DataFrame(rows, columns=columns)


def test_only_unmapped_and_fuzzy_values_wait_for_review():
    mapped = _mapped([
        ("negara", "Jepang", "JP", "exact", None, None, None, 40),
        ("negara", "Jepan", "JP", "fuzzy", 90.9, "JP", None, 3),
        ("jurusan", "AK", None, "unmapped", None, None, "bisa Asisten Keperawatan atau Akuntansi", 2),
    ])
    review = review_table(mapped)
    assert list(review.columns) == REVIEW_COLUMNS
    assert review[["jenis", "teks_asli", "kode", "jumlah"]].values.tolist() == [
        ["jurusan", "AK", None, 2],
        ["negara", "Jepan", "JP", 3],
    ]
    assert review.loc[review["teks_asli"] == "Jepan", "saran_label"].item() == "Jepang"


def test_counts_add_up_whether_rows_are_cells_or_distinct_values():
    # school lists give one row per cell (no jumlah), questionnaires one row per distinct text with jumlah
    cells = _mapped([("wilayah", "Sungai Raya", None, "unmapped", None, None, "ambigu", None)] * 2)
    cells = cells.drop(columns="jumlah")
    distinct = _mapped([("wilayah", "Sungai Raya", None, "unmapped", None, None, "ambigu", 5)])
    review = review_table(pd.concat([cells, distinct], ignore_index=True))
    assert review["jumlah"].tolist() == [7]


def test_a_weak_suggestion_is_left_out_and_a_school_suggestion_is_named():
    mapped = _mapped([
        ("sektor", "Apotek / farmasi", None, "unmapped", 50.0, "RUMAH_TANGGA", "tidak dikenal", 64),
        ("sekolah", "SMK Bina Darma", "30105195", "fuzzy", 95.2, "30105195", None, 11),
    ])
    schools = pd.DataFrame({"school_id": ["30105195"], "nama_sekolah": ["SMK Kesehatan Bina Dharma Pontianak"]})
    review = review_table(mapped, schools).set_index("teks_asli")
    assert pd.isna(review.loc["Apotek / farmasi", "saran"])
    assert review.loc["SMK Bina Darma", "saran_label"] == "SMK Kesehatan Bina Dharma Pontianak"


def test_nothing_to_review_gives_an_empty_sheet_with_the_columns(tmp_path):
    review = review_table(_mapped([("negara", "Jepang", "JP", "exact", None, None, None, 1)]))
    assert review.empty and list(review.columns) == REVIEW_COLUMNS
    path = write_review_workbook(review, tmp_path / "perlu_ditinjau.xlsx")
    assert [c.value for c in load_workbook(path).active[1]] == REVIEW_COLUMNS


def test_the_filled_in_sheet_is_read_back_as_corrections(tmp_path):
    mapped = _mapped([("negara", "Jepan", "JP", "fuzzy", 90.9, "JP", None, 3),
                      ("jurusan", "AK", None, "unmapped", None, None, "ambigu", 2)])
    path = write_review_workbook(review_table(mapped), tmp_path / "koreksi.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet["C2"] = "KEPERAWATAN"  # the analyst decides what "AK" means at this office
    workbook.save(path)
    corrections = read_corrections(path)
    assert corrections.lookup("jurusan", "ak") == "KEPERAWATAN"
    assert corrections.lookup("negara", "jepan") == "JP"


def test_the_workbook_is_byte_identical_when_written_twice(tmp_path):
    review = review_table(_mapped([("negara", "Jepan", "JP", "fuzzy", 90.9, "JP", None, 3)]))
    first = write_review_workbook(review, tmp_path / "a.xlsx").read_bytes()
    second = write_review_workbook(review, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_contact_details_typed_into_an_answer_are_hidden_on_the_sheet():
    mapped = _mapped([
        ("sumber_informasi", "dari kak Yohanes wa 0813-5555-1234", None, "unmapped", None, None, None, 1),
        ("negara", "yohanes.s@gmail.example", None, "unmapped", None, None, None, 1),
    ])
    texts = review_table(mapped)["teks_asli"].tolist()
    assert texts == ["[disamarkan]", "dari kak Yohanes wa [disamarkan]"]


def test_an_answer_holding_a_respondents_name_is_hidden_whole():
    mapped = _mapped([("sekolah", "Rahmawati Putri Lestari", None, "unmapped", None, None, None, 1),
                      ("sekolah", "SMK Kesehatan Tunas", None, "unmapped", None, None, None, 1)])
    texts = review_table(mapped, names=["RAHMAWATI PUTRI LESTARI", "Budi"]).sort_values("teks_asli")["teks_asli"]
    assert texts.tolist() == ["SMK Kesehatan Tunas", "[disamarkan]"]


def test_the_workbook_says_what_to_do_in_the_language_and_marks_synthetic_data(tmp_path):
    review = review_table(_mapped([("negara", "Jepan", "JP", "fuzzy", 90.9, "JP", None, 3)]))
    workbook = load_workbook(write_review_workbook(review, tmp_path / "en.xlsx", lang="en", synthetic=True))
    assert workbook.sheetnames == ["koreksi", "petunjuk"]  # the corrections sheet first, its codes kept
    guide = [row[0] for row in workbook["petunjuk"].iter_rows(values_only=True) if row[0]]
    assert guide[0].startswith("Raw values without a sure code: 1.")
    assert guide[1].startswith("SYNTHETIC DATA")
    assert any("koreksi.xlsx" in line for line in guide)
    real = load_workbook(write_review_workbook(review, tmp_path / "id.xlsx"))
    lines = [row[0] for row in real["petunjuk"].iter_rows(values_only=True) if row[0]]
    assert lines[0].startswith("Nilai mentah yang belum pasti kodenya: 1.") and not any("SINTETIS" in line for line in lines)
