"""School lists: every shape, every trap, exact values; school matching; combining months."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from jejak_analysis import sample_data
from jejak_analysis.mapping import read_corrections
from jejak_analysis.read import read_table
from jejak_analysis.school_list import (
    COHORT_COLUMNS,
    SCHOOL_COLUMNS,
    accounting_by_file,
    classify_header,
    clean_school_list,
    combine_school_lists,
    is_school_list,
    match_schools,
    name_parts,
    read_school_list,
)

MENTAH = Path(__file__).parent / "data" / "mentah"
CONTOH = Path(__file__).parent.parent / "data" / "raw" / "contoh"


def _workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook with one sheet per item (rows as lists), cells merged as given."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(name, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def _cohorts(rows: list[tuple], source_file: str, sheet: str) -> pd.DataFrame:
    """Expected ``lulusan`` rows: (school_id, jurusan, tahun, kelas, lulusan, siswa, source_row)."""
    frame = pd.DataFrame(
        [(s, j, t, k, lul, sis, source_file, sheet, r) for s, j, t, k, lul, sis, r in rows], columns=COHORT_COLUMNS)
    frame = frame.astype({"tahun": "int64", "jumlah_lulusan": "Int64", "jumlah_siswa": "Int64", "source_row": "int64"})
    for column in ("school_id", "jurusan_kode", "kelas", "source_file", "source_sheet"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    """The rows of some columns as plain lists, None for every kind of missing value."""
    return [[None if pd.isna(v) else v for v in row] for row in frame[columns].itertuples(index=False)]


def _schools(rows: list[tuple], source_file: str, sheet: str) -> pd.DataFrame:
    frame = pd.DataFrame([(*r[:-1], source_file, sheet, r[-1]) for r in rows], columns=SCHOOL_COLUMNS)
    frame["source_row"] = frame["source_row"].astype("int64")
    for column in SCHOOL_COLUMNS[:-1]:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


# ---------------------------------------------------------------- headers are data


@pytest.mark.parametrize(("header", "kolom", "tahun", "kelas", "jurusan"), [
    ("Jumlah Lulusan 2019", "jumlah_lulusan", 2019, None, None),
    ("Jml. Lulusan 2018", "jumlah_lulusan", 2018, None, None),
    ("Lulusan Tahun 2020", "jumlah_lulusan", 2020, None, None),
    ("Jumlah Siswa XII", "jumlah_siswa", None, "XII", None),
    ("Kelas X", "jumlah_siswa", None, "X", None),
    ("Jumlah Siswa Jumlah", "total_siswa", None, None, None),
    ("Alumni s.d. 2020", "alumni_kumulatif", 2020, None, None),
    ("Alumni 2019", "jumlah_lulusan", 2019, None, None),
    ("Kab./Kota", "kab_kota", None, None, None),
    ("N/S", "status", None, None, None),
    ("Kompetensi Keahlian", "jurusan", None, None, None),
    ("Farmasi Klinis & Komunitas", "jumlah", None, None, "FARMASI"),
    ("Lulusan 2019 Keperawatan", "jumlah_lulusan", 2019, None, "KEPERAWATAN"),
    ("Dental Asisten 2020", "jumlah", 2020, None, "DENTAL"),
    ("Jumlah", "total", None, None, None),
    ("Keterangan", "keterangan", None, None, None),
])
def test_headers_are_recognised_from_the_reference_file(header, kolom, tahun, kelas, jurusan):
    role = classify_header(header)
    assert (role.kolom, role.tahun, role.kelas, role.jurusan_kode) == (kolom, tahun, kelas, jurusan)


def test_an_unknown_header_has_no_role():
    assert classify_header("Nama Kepala Tata Usaha") is None
    assert classify_header("Keperawatan Hewan Peliharaan Eksotis") is None  # not a major, even fuzzily


def test_school_lists_are_recognised_by_headers_not_by_name(tmp_path):
    school = _workbook(tmp_path / "kuesioner.xlsx", {"S": [["Nama Sekolah", "Jurusan", "Lulusan 2019"],
                                                           ["SMK A", "Farmasi", 3]]})
    form = _workbook(tmp_path / "daftar_sekolah.xlsx", {"S": [
        ["Stempel waktu", "Nama Lengkap", "Asal Sekolah", "Jurusan", "Tahun Lulus"],
        ["07/07/2020 10:00:00", "Ani", "SMK A", "Farmasi", "2019"]]})
    assert is_school_list(read_table(school)[0])
    assert not is_school_list(read_table(form)[0])


# ---------------------------------------------------------------- shape 1: one table, two-row header


@pytest.fixture
def one_table(tmp_path):
    """Title rows, "Jumlah Siswa" over X|XI|XII and "Jumlah Lulusan" over years, schools merged down."""
    rows = [
        ["DATA SMK KESEHATAN PERSEMKI"],
        ["Keadaan Juli 2020"],
        [],
        ["No", "Nama Sekolah", "NPSN", "Kab/Kota", "Status", "Jurusan", "Jumlah Siswa", None, None,
         "Jumlah Lulusan", None, None, "Alumni s.d. 2020"],
        [None, None, None, None, None, None, "X", "XI", "XII", 2018, 2019, 2020, None],
        [1, "SMK Kes. Bina Dharma", "'30105195", "Pontianak", "S", "Farmasi Klinis & Komunitas",
         30, 28, 25, 40, "45 org", "-", "1.020"],                                            # row 6
        [None, None, None, None, None, "Asisten Keperawatan", 20, 20, 18, 30, None, 12, 150],  # row 7
        [None, None, None, None, None, "Sub Jumlah", 50, 48, 43, 70, 45, 12, 1170],           # row 8
        [2, "SMK Kesehatan Bina Husada", 30105204, "Kab. Pontianak", "Swasta", "Analis Kesehatan",
         10, 10, 10, 20, 22, 25, 100],                                                        # row 9
        [3, "SMK Kesehatan Harapan", "3010 5213", "Sintang", "Negeri", "Kep.", 5, 5, 5, 1, 2, 3, None],  # row 10
        ["JUMLAH", None, None, None, None, None, 65, 63, 58, 91, 69, 40, 1270],              # row 11
        ["Catatan: - berarti tidak ada lulusan"],
    ]
    merges = [f"{c}4:{c}5" for c in "ABCDEFM"] + ["G4:I4", "J4:L4"] + [f"{c}6:{c}7" for c in "ABCDE"]
    return _workbook(tmp_path / "persemki_2020-07.xlsx", {"Data": rows}, {"Data": merges})


def test_one_table_schools_have_canonical_values(one_table):
    result = read_school_list(one_table)
    assert_frame_equal(result.schools, _schools([
        # NPSN with an apostrophe, as a number, with a space: the same 8-character string.
        ("30105195", "30105195", "SMK Kesehatan Bina Dharma", "61.71", "SWASTA", 6),
        ("30105204", "30105204", "SMK Kesehatan Bina Husada", "61.02", "SWASTA", 9),  # Kab. Pontianak = Mempawah
        ("30105213", "30105213", "SMK Kesehatan Harapan", "61.05", "NEGERI", 10),
    ], "persemki_2020-07.xlsx", "Data"))


def test_one_table_cohorts_are_exact(one_table):
    result = read_school_list(one_table)
    f, bd, bh, hr = "persemki_2020-07.xlsx", "30105195", "30105204", "30105213"
    expected = _cohorts([
        (bd, "FARMASI", 2018, None, 40, None, 6),
        (bd, "FARMASI", 2019, None, 45, None, 6),  # "45 org"
        (bd, "FARMASI", 2020, None, 0, None, 6),  # "-" is zero
        (bd, "FARMASI", 2020, "X", None, 30, 6),  # students of July 2020 are those of 2020/21
        (bd, "FARMASI", 2020, "XI", None, 28, 6),
        (bd, "FARMASI", 2020, "XII", None, 25, 6),
        (bd, "KEPERAWATAN", 2018, None, 30, None, 7),  # the name merged down belongs to this row too
        (bd, "KEPERAWATAN", 2019, None, None, None, 7),  # blank is missing, not zero
        (bd, "KEPERAWATAN", 2020, None, 12, None, 7),
        (bd, "KEPERAWATAN", 2020, "X", None, 20, 7),
        (bd, "KEPERAWATAN", 2020, "XI", None, 20, 7),
        (bd, "KEPERAWATAN", 2020, "XII", None, 18, 7),
        (bh, "TLM", 2018, None, 20, None, 9),
        (bh, "TLM", 2019, None, 22, None, 9),
        (bh, "TLM", 2020, None, 25, None, 9),
        (bh, "TLM", 2020, "X", None, 10, 9),
        (bh, "TLM", 2020, "XI", None, 10, 9),
        (bh, "TLM", 2020, "XII", None, 10, 9),
        (hr, "KEPERAWATAN", 2018, None, 1, None, 10),
        (hr, "KEPERAWATAN", 2019, None, 2, None, 10),
        (hr, "KEPERAWATAN", 2020, None, 3, None, 10),
        (hr, "KEPERAWATAN", 2020, "X", None, 5, 10),
        (hr, "KEPERAWATAN", 2020, "XI", None, 5, 10),
        (hr, "KEPERAWATAN", 2020, "XII", None, 5, 10),
    ], f, "Data")
    assert_frame_equal(result.cohorts, expected)
    # Totals rows are never data: the graduates add up to the rows, not to rows + sub-totals + total.
    assert result.cohorts["jumlah_lulusan"].sum() == 40 + 45 + 0 + 30 + 12 + 20 + 22 + 25 + 1 + 2 + 3


def test_cumulative_alumni_are_kept_apart_never_cohorts(one_table):
    result = read_school_list(one_table)
    assert _rows(result.alumni, ["school_id", "jurusan_kode", "tahun", "alumni_kumulatif"]) == [
        ["30105195", "FARMASI", 2020, 1020], ["30105195", "KEPERAWATAN", 2020, 150],
        ["30105204", "TLM", 2020, 100], ["30105213", "KEPERAWATAN", 2020, None]]
    assert 1020 not in result.cohorts["jumlah_lulusan"].dropna().tolist()


def test_a_wrong_total_is_reported_and_right_ones_are_not(one_table):
    result = read_school_list(one_table)
    # The grand total says 91 graduates in 2018, the rows hold 40 + 30 + 20 + 1 = 91: right.
    # It says 40 in 2020: the rows hold 0 + 12 + 25 + 3 = 40: right. Siswa X: 30 + 20 + 10 + 5 = 65: right.
    # Alumni: 1020 + 150 + 100 = 1270: right. The sub-total row 8 is right too. Nothing to report.
    assert result.problems.empty
    wrong = one_table.with_name("salah.xlsx")
    wb = openpyxl.load_workbook(one_table)
    wb["Data"]["K11"] = 70  # graduates 2019: rows hold 45 + 22 + 2 = 69
    wb.save(wrong)
    problems = read_school_list(wrong).problems
    assert _rows(problems, ["source_row", "kolom", "teks_asli"]) == [[11, "Jumlah Lulusan 2019", "70"]]
    assert "70" in problems["masalah"][0] and "69" in problems["masalah"][0]


def test_every_raw_row_is_accounted_for(one_table):
    result = read_school_list(one_table)
    assert _rows(result.accounting, ["source_row", "status", "alasan"]) == [
        [6, "dipakai", None], [7, "dipakai", None], [8, "bukan_data", "total"], [9, "dipakai", None],
        [10, "dipakai", None], [11, "bukan_data", "total"], [12, "bukan_data", "catatan"]]
    assert accounting_by_file([result]) == {"persemki_2020-07.xlsx": {
        "baris_masuk": 7, "baris_dipakai": 4, "baris_duplikat": 0, "baris_ditolak": 0, "baris_bukan_data": 3}}


def test_list_date_comes_from_the_title(one_table):
    assert read_school_list(one_table).list_date == "2020-07"


def test_already_read_tables_give_the_same_result(one_table):
    read_once = clean_school_list(read_table(one_table))
    assert_frame_equal(read_once.cohorts, read_school_list(one_table).cohorts)


def test_same_input_same_output(one_table):
    first, second = read_school_list(one_table), read_school_list(one_table)
    for name in ("schools", "cohorts", "alumni", "problems", "accounting", "mapped"):
        assert_frame_equal(getattr(first, name), getattr(second, name))


# ---------------------------------------------------------------- rows that cannot be used


def test_rows_without_school_or_major_are_rejected_with_a_reason(tmp_path):
    path = _workbook(tmp_path / "tolak.xlsx", {"S": [
        ["Nama Sekolah", "NPSN", "Jurusan", "Lulusan 2019", "Lulusan"],
        ["SMK Kesehatan Satu", "30100001", "Farmasi", 10, None],  # row 2: used
        [None, None, "Keperawatan", 4, None],  # row 3: the school carries down from the row above
        [],  # row 4
        [None, None, "Farmasi", 5, None],  # row 5: after a blank row nothing carries down: no school
        ["SMK Kesehatan Dua", "30100002", "AK", 7, None],  # row 6: "AK" is ambiguous
        ["SMK Kesehatan Dua", "30100002", "TLM", "4o", None],  # row 7: unreadable count, row still used
        ["SMK Kesehatan Dua", "30100002", "Farmasi", None, 6],  # row 8: "Lulusan" of which year? not used
        ["SMK Kesehatan Satu", "30100001", "Farmasi", 10, None],  # row 9: the same as row 2
        ["SMK Kesehatan Satu", "30100001", "Farmasi", 11, None],  # row 10: row 2 again, other figure
    ]})
    result = read_school_list(path)
    rows = result.accounting[result.accounting["status"] != "bukan_data"]
    assert _rows(rows, ["source_row", "status", "alasan"]) == [
        [2, "dipakai", None], [3, "dipakai", None], [5, "ditolak", "sekolah_kosong"],
        [6, "ditolak", "jurusan_tidak_dikenal"], [7, "dipakai", None], [8, "dipakai", None],
        [9, "duplikat", "baris_ganda"], [10, "ditolak", "baris_ganda_beda"]]
    assert _rows(result.problems, ["source_row", "kolom", "teks_asli"]) == [
        [1, "Lulusan", "Lulusan"],  # the column without a year, said once at its header
        [5, "nama_sekolah", None], [6, "jurusan", "AK"], [7, "Lulusan 2019", "4o"],
        [10, "nama_sekolah", "SMK Kesehatan Satu"]]
    assert _rows(result.cohorts, ["school_id", "jurusan_kode", "tahun", "jumlah_lulusan"]) == [
        ["30100001", "FARMASI", 2019, 10], ["30100001", "KEPERAWATAN", 2019, 4],
        ["30100002", "FARMASI", 2019, None], ["30100002", "TLM", 2019, None]]


def test_a_correction_decides_an_ambiguous_major(tmp_path):
    path = _workbook(tmp_path / "ak.xlsx", {"S": [["Nama Sekolah", "Jurusan", "Lulusan 2019"],
                                                  ["SMK Kesehatan Dua", "AK", 7]]})
    koreksi = tmp_path / "koreksi.csv"
    koreksi.write_text("jenis,teks_asli,kode\njurusan,AK,TLM\n", encoding="utf-8")
    result = read_school_list(path, corrections=read_corrections(koreksi))
    assert _rows(result.cohorts, ["jurusan_kode", "jumlah_lulusan"]) == [["TLM", 7]]
    assert result.problems.empty


# ---------------------------------------------------------------- shape 2: one sheet per school


@pytest.fixture
def per_school(tmp_path):
    table = ["Jurusan", "Kelas X", "Kelas XI", "Kelas XII", "Lulusan 2019", "Lulusan 2020"]
    sheets = {
        "Bina Dharma": [
            ["DATA SEKOLAH — AGUSTUS 2020"], [],
            ["Nama Sekolah", ":", "SMKS Kesehatan Bina Dharma"],
            ["NPSN", ":", 30105195],
            ["Kabupaten/Kota", ":", "Kota Pontianak"],
            [],
            table,  # row 7
            ["Farmasi", 72, 68, 64, 61, 62],
            ["TLM", 34, 30, 28, 25, "-"],
            ["Total", 106, 98, 92, 86, 62],
        ],
        "Husada": [
            ["Nama Sekolah : SMK Kes. Bina Husada"], ["NPSN : '69754402"], ["Kab/Kota : Kab. Pontianak"],
            table,  # row 4
            ["Keperawatan", 64, 60, 57, 52, 55],
            ["Total", 64, 60, 57, 52, 55],
        ],
        "Rekap": [
            ["REKAP"],
            ["Nama Sekolah", "Lulusan 2019", "Lulusan 2020", "Jumlah Siswa"],
            ["SMK Kesehatan Bina Dharma", 86, 62, 296],
            ["SMK Kesehatan Bina Husada", 52, 56, 181],  # 56: the sheet says 55
            ["JUMLAH", 138, 118, 477],
        ],
    }
    return _workbook(tmp_path / "per_sekolah.xlsx", sheets)


def test_one_sheet_per_school_reads_the_lines_above_the_table(per_school):
    result = read_school_list(per_school)
    assert _rows(result.schools, ["school_id", "nama_sekolah", "kab_kota_kode", "source_sheet"]) == [
        ["30105195", "SMK Kesehatan Bina Dharma", "61.71", "Bina Dharma"],
        ["69754402", "SMK Kesehatan Bina Husada", "61.02", "Husada"]]
    lulusan = result.cohorts.dropna(subset=["jumlah_lulusan"])
    assert _rows(lulusan, ["school_id", "jurusan_kode", "tahun", "jumlah_lulusan", "source_sheet", "source_row"]) == [
        ["30105195", "FARMASI", 2019, 61, "Bina Dharma", 8], ["30105195", "FARMASI", 2020, 62, "Bina Dharma", 8],
        ["30105195", "TLM", 2019, 25, "Bina Dharma", 9], ["30105195", "TLM", 2020, 0, "Bina Dharma", 9],
        ["69754402", "KEPERAWATAN", 2019, 52, "Husada", 5], ["69754402", "KEPERAWATAN", 2020, 55, "Husada", 5]]
    assert result.cohorts["jumlah_siswa"].sum() == 72 + 68 + 64 + 34 + 30 + 28 + 64 + 60 + 57
    assert result.list_date == "2020-08"


def test_a_summary_sheet_is_checked_never_counted(per_school):
    result = read_school_list(per_school)
    assert "Rekap" not in set(result.cohorts["source_sheet"])
    assert result.cohorts["jumlah_lulusan"].sum() == 61 + 62 + 25 + 0 + 52 + 55
    # The summary's wrong figure is reported; its own JUMLAH row (118 = 62 + 56) agrees with the summary.
    assert _rows(result.problems, ["source_sheet", "source_row", "kolom", "teks_asli"]) == [
        ["Rekap", 4, "Lulusan 2020", "56"]]
    rekap = result.accounting[result.accounting["source_sheet"] == "Rekap"]
    assert set(rekap["status"]) == {"bukan_data"} and len(rekap) == 3


# ---------------------------------------------------------------- shape 3: wide, one column per major


def test_an_implausible_count_is_reported_and_not_used(tmp_path):
    path = _workbook(tmp_path / "besar.xlsx", {"S": [
        ["Nama Sekolah", "NPSN", "Jurusan", "Lulusan 2019", "Lulusan 2020"],
        ["SMK Kesehatan Satu", "30100001", "Farmasi", 30100001, 12],  # the NPSN typed into a count cell
    ]})
    result = read_school_list(path)
    assert _rows(result.problems, ["source_row", "kolom", "teks_asli"]) == [[2, "Lulusan 2019", "30100001"]]
    assert "tidak dipakai" in result.problems["masalah"].iloc[0]
    assert _rows(result.cohorts, ["tahun", "jumlah_lulusan"]) == [[2019, None], [2020, 12]]


@pytest.fixture
def wide(tmp_path):
    rows = [
        ["REKAP LULUSAN PER JURUSAN (keadaan September 2020)"], [],
        ["Nama Sekolah", "NPSN", "Kabupaten", "Tahun", None, "Farmasi", "Keperawatan", "TLM", "Jumlah"],
        ["SMK BINA DHARMA PONTIANAK", 30105195, "Kota Pontianak", 2019, None, 61, 84, 25, 170],  # row 4
        ["SMKN 4 Sekadau", 30109082, "Sekadau", 2019, None, None, 30, "-", 31],  # row 5: 30 + 0 is not 31
        ["TOTAL", None, None, None, None, 61, 114, 25, 201],
    ]
    return _workbook(tmp_path / "rekap_lulusan_wide.xlsx", {"Lulusan": rows})


def test_wide_table_one_column_per_major(wide):
    result = read_school_list(wide)
    f = "rekap_lulusan_wide.xlsx"
    assert_frame_equal(result.cohorts, _cohorts([
        ("30105195", "FARMASI", 2019, None, 61, None, 4),
        ("30105195", "KEPERAWATAN", 2019, None, 84, None, 4),
        ("30105195", "TLM", 2019, None, 25, None, 4),
        ("30109082", "FARMASI", 2019, None, None, None, 5),  # blank: unknown (no note says otherwise)
        ("30109082", "KEPERAWATAN", 2019, None, 30, None, 5),
        ("30109082", "TLM", 2019, None, 0, None, 5),
    ], f, "Lulusan"))
    # The "Jumlah" column is a row total, never a major: checked, and row 5's is wrong.
    assert _rows(result.problems, ["source_row", "kolom", "teks_asli"]) == [[5, "Jumlah", "31"]]
    assert result.list_date == "2020-09"


def test_a_note_saying_blank_means_not_offered_drops_blank_majors(tmp_path):
    rows = [["Nama Sekolah", "Tahun", "Farmasi", "Keperawatan"],
            ["SMK Kesehatan Satu", 2019, None, 30],
            [],
            ["Ket: kolom jurusan kosong = jurusan tidak ada di sekolah tersebut"]]
    result = read_school_list(_workbook(tmp_path / "lebar.xlsx", {"S": rows}))
    assert _rows(result.cohorts, ["jurusan_kode", "jumlah_lulusan"]) == [["KEPERAWATAN", 30]]


def test_old_xls_workbook():
    # tests/data/mentah/lama.xls (written with xlwt): two schools, one year, a totals row of 85.
    result = read_school_list(MENTAH / "lama.xls")
    assert _rows(result.cohorts, ["school_id", "jurusan_kode", "tahun", "jumlah_lulusan", "source_row"]) == [["30100001", "FARMASI", 2019, 40, 4],
                                                ["30100002", "KEPERAWATAN", 2019, 45, 5]]
    assert result.problems.empty  # 40 + 45 = 85, as the totals row says


# ---------------------------------------------------------------- telling schools apart


def _mentions(names: list[str], npsn: list[str | None] | None = None,
              regions: list[str | None] | None = None) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({
        "nama_teks": names, "npsn": npsn or [None] * n, "wilayah": regions or [None] * n,
        "wilayah_kolom": regions or [None] * n, "status": [None] * n, "group": [None] * n, "order": range(n),
        "source_file": "f.xlsx", "source_sheet": "S", "source_row": range(2, n + 2)}, dtype=object)


def test_one_school_written_three_ways_is_one_school():
    matches = match_schools(_mentions(["SMKS Kesehatan Bina Dharma", "smk kes. bina dharma ptk",
                                       "SMK BINA DHARMA PONTIANAK"]))
    assert _rows(matches.schools, ["school_id", "nama_sekolah"]) == [
        ["smk-kesehatan-bina-dharma-pontianak", "SMK Kesehatan Bina Dharma Pontianak"]]
    assert matches.mapped["metode"].tolist() == ["exact", "synonym", "synonym"]
    assert matches.problems.empty


def test_schools_sharing_words_are_never_joined():
    matches = match_schools(_mentions(["SMK Kesehatan Bina Dharma", "SMK Kesehatan Bina Husada",
                                       "SMK Negeri 1 Sambas", "SMK Negeri 2 Sambas"]))
    assert matches.schools["school_id"].tolist() == [
        "smk-kesehatan-bina-dharma", "smk-kesehatan-bina-husada", "smk-negeri-1-sambas", "smk-negeri-2-sambas"]
    assert matches.problems.empty  # not even "maybe": Dharma and Husada are different words


def test_a_spelling_slip_is_joined_and_listed_for_review():
    matches = match_schools(_mentions(["SMK Kesehatan Bhakti Medika", "SMK Kes Bakti Medika"]))
    assert matches.schools["school_id"].tolist() == ["smk-kesehatan-bhakti-medika"]
    assert _rows(matches.mapped, ["metode", "skor"]) == [["exact", None], ["fuzzy", 96.0]]


def test_an_uncertain_match_is_kept_apart_and_reported_until_the_corrections_decide(tmp_path):
    mentions = _mentions(["SMK Kesehatan Harapan Bunda", "SMK Kesehatan Harapan Bangsa"], npsn=["30100009", None])
    matches = match_schools(mentions)
    assert matches.schools["school_id"].tolist() == ["30100009", "smk-kesehatan-harapan-bangsa"]
    assert _rows(matches.problems, ["source_row", "teks_asli"]) == [[3, "SMK Kesehatan Harapan Bangsa"]]
    assert _rows(matches.mapped, ["kode", "metode", "saran"])[1] == [None, "unmapped", "30100009"]

    koreksi = tmp_path / "koreksi.csv"
    koreksi.write_text("jenis,teks_asli,kode\nsekolah,SMK Kesehatan Harapan Bangsa,3010 0009\n", encoding="utf-8")
    joined = match_schools(mentions, read_corrections(koreksi))
    assert joined.schools["school_id"].tolist() == ["30100009"]
    assert joined.problems.empty

    koreksi.write_text("jenis,teks_asli,kode\nsekolah,SMK Kesehatan Harapan Bangsa,\n", encoding="utf-8")
    apart = match_schools(mentions, read_corrections(koreksi))  # blank: "it is another school"
    assert apart.schools["school_id"].tolist() == ["30100009", "smk-kesehatan-harapan-bangsa"]
    assert apart.problems.empty


def test_npsn_first_and_other_regions_are_not_joined_by_name():
    matches = match_schools(_mentions(["SMK Kesehatan Harapan", "SMK Kesehatan Harapan", "SMK Kesehatan Harapan"],
                                      npsn=["30100001", "30100002", None], regions=[None, None, "61.01"]))
    assert matches.schools["school_id"].tolist() == ["30100001", "30100002", "smk-kesehatan-harapan"]
    assert len(matches.problems) == 2  # same name, other NPSN; same name, cannot tell which


def test_name_parts_drop_generic_words_and_the_town():
    assert (name_parts("SMKN 1 Sambas").core, name_parts("SMKN 1 Sambas").town) == ("1", "61.01")
    assert name_parts("SMK Kesehatan Kab. Pontianak").town == "61.02"
    assert name_parts("Politeknik 'Aisyiyah Pontianak").core == "politeknik aisyiyah"


def test_unknown_corrections_school_code_is_an_error(tmp_path):
    from jejak_analysis.errors import InvalidDataError

    koreksi = tmp_path / "koreksi.csv"
    koreksi.write_text("jenis,teks_asli,kode\nsekolah,SMK A,SMK A!\n", encoding="utf-8")
    with pytest.raises(InvalidDataError):
        read_corrections(koreksi)


# ---------------------------------------------------------------- several lists


def _list(path: Path, title: str | None, rows: list[list]) -> Path:
    header = [["Nama Sekolah", "NPSN", "Jurusan", "Lulusan 2019", "Lulusan 2020"]]
    return _workbook(path, {"S": ([[title], []] if title else []) + header + rows})


def test_combined_lists_latest_wins_and_changes_are_listed(tmp_path):
    later = _list(tmp_path / "b_agustus.xlsx", "Keadaan Agustus 2020", [
        ["SMK Kesehatan Satu", "30100001", "Farmasi", 10, 13],  # 2020 revised 12 -> 13
        ["SMK Kesehatan Dua", None, "TLM", None, 5],  # 2019 blank: does not erase July's 4
        ["SMK Kesehatan Tiga", None, "Farmasi", 1, 1]])  # a new school
    earlier = _list(tmp_path / "c_juli.xlsx", "Keadaan Juli 2020", [
        ["SMK Kes. Satu", "30100001", "Farmasi", 10, 12],
        ["SMK Kesehatan Dua", None, "TLM", 4, None]])  # 2020 not known in July
    combined = combine_school_lists([read_school_list(later), read_school_list(earlier)])
    assert combined.lists["source_file"].tolist() == ["c_juli.xlsx", "b_agustus.xlsx"]  # by date, not by name
    assert _rows(combined.cohorts, ["school_id", "tahun", "jumlah_lulusan", "source_file"]) == [
        ["30100001", 2019, 10, "b_agustus.xlsx"], ["30100001", 2020, 13, "b_agustus.xlsx"],
        ["smk-kesehatan-dua", 2019, 4, "c_juli.xlsx"], ["smk-kesehatan-dua", 2020, 5, "b_agustus.xlsx"],
        ["smk-kesehatan-tiga", 2019, 1, "b_agustus.xlsx"], ["smk-kesehatan-tiga", 2020, 1, "b_agustus.xlsx"]]
    changes = _rows(combined.changes, ["perubahan", "school_id", "tahun", "nilai_lama", "nilai_baru",
                                       "source_file_lama", "source_row_baru"])
    assert changes == [  # per list: the schools it adds, then the figures it gives or revises
        ["sekolah_baru", "smk-kesehatan-tiga", None, None, None, None, 6],
        ["angka_direvisi", "30100001", 2020, 12, 13, "c_juli.xlsx", 4],
        ["angka_baru", "smk-kesehatan-dua", 2020, None, 5, "c_juli.xlsx", 5]]
    assert combined.schools["nama_sekolah"].tolist() == [
        "SMK Kesehatan Satu", "SMK Kesehatan Dua", "SMK Kesehatan Tiga"]


def test_lists_without_a_date_in_the_title_are_ordered_by_file_name(tmp_path):
    a = _list(tmp_path / "daftar_2020-09.xlsx", None, [["SMK Kesehatan Satu", "30100001", "Farmasi", 10, 20]])
    b = _list(tmp_path / "daftar_2020-08.xlsx", None, [["SMK Kesehatan Satu", "30100001", "Farmasi", 10, 19]])
    combined = combine_school_lists([read_school_list(a), read_school_list(b)])
    assert combined.lists["list_date"].tolist() == ["2020-08", "2020-09"]
    assert combined.cohorts["jumlah_lulusan"].tolist() == [10, 20]


def test_a_school_without_npsn_in_one_list_joins_its_npsn_in_another(tmp_path):
    july = _list(tmp_path / "juli.xlsx", "Juli 2020", [["SMK Kesehatan Nusantara Sintang", None, "Farmasi", 3, 4]])
    august = _list(tmp_path / "agustus.xlsx", "Agustus 2020", [["SMK Kes. Nusantara", "69757735", "Farmasi", 3, 4]])
    combined = combine_school_lists([read_school_list(july), read_school_list(august)])
    assert _rows(combined.schools, ["school_id", "nama_sekolah"]) == [
        ["69757735", "SMK Kesehatan Nusantara Sintang"]]
    assert set(combined.cohorts["school_id"]) == {"69757735"}
    assert combined.changes.empty


# ---------------------------------------------------------------- the sample data (data/raw/contoh)


SAMPLE = ["persemki_2020-07.xlsx", "persemki_per_sekolah_2020-08.xlsx", "rekap_lulusan_wide.xlsx"]


@pytest.fixture(scope="module")
def sample():
    if not all((CONTOH / name).exists() for name in SAMPLE):
        pytest.skip("sample data not generated (jejak sample-data)")
    return {name: read_school_list(CONTOH / name, root=CONTOH.parent) for name in SAMPLE}


def test_sample_july_list_totals_and_traps(sample):
    july = sample["persemki_2020-07.xlsx"]
    siswa = july.cohorts.groupby("kelas")["jumlah_siswa"].sum()
    assert siswa.to_dict() == {"X": 814, "XI": 759, "XII": 723}  # the JUMLAH row of the sheet
    assert july.cohorts.groupby("tahun")["jumlah_lulusan"].sum().to_dict() == {2018: 580, 2019: 644, 2020: 685}
    # The one wrong sub-total (Reformasi, row 17: XII = 120, its rows hold 110); the Rekap sheet agrees.
    assert _rows(july.problems, ["source_sheet", "source_row", "kolom", "teks_asli"]) == [
        ["Data Anggota", 17, "Jumlah Siswa XII", "120"]]
    assert "Rekap" not in set(july.cohorts["source_sheet"])
    assert july.schools.set_index("school_id")["kab_kota_kode"].to_dict() == {
        "30105195": "61.71", "30105231": "61.71", "30106973": "61.04", "30108846": "61.72", "30109082": "61.09",
        "69754402": "61.71", "69754517": "61.02", "69756120": "61.12", "smk-kesehatan-nusantara-sintang": "61.05"}


@pytest.mark.parametrize("name", SAMPLE)
def test_one_list_combined_alone_is_what_matching_it_again_would_give(sample, name):
    # combine_school_lists takes a single list as it is, without matching its schools a second time
    from jejak_analysis.school_list import _combine_several

    result = sample[name]
    alone = combine_school_lists([result])
    again = _combine_several([result], result.corrections, "id", alone.lists)
    for table in ("schools", "cohorts", "alumni", "changes", "problems", "mapped", "accounting", "lists"):
        assert_frame_equal(getattr(alone, table), getattr(again, table), obj=table)


def test_a_list_whose_school_has_no_row_in_use_is_combined_as_when_matched_again(tmp_path):
    # the two SMA rows have no major: rejected, so their school is in no table; combining the list alone
    # must then give what matching it again gives (the names of rejected rows do not go to review)
    from jejak_analysis.school_list import _combine_several, _every_school_used

    path = tmp_path / "daftar.csv"
    path.write_text("NPSN,Nama Sekolah,Kabupaten/Kota,Jurusan,Jumlah Lulusan,Tahun Lulus\n"
                    "30105195,SMK Negeri 1 Pontianak,Kota Pontianak,TKJ,120,2020\n"
                    ",SMA Santo Yosef,Kota Pontianak,,40,2020\n"
                    ",SMA St. Yosef Pontianak,Kota Pontianak,,41,2020\n", encoding="utf-8")
    result = read_school_list(path)
    assert not _every_school_used(result)
    alone = combine_school_lists([result])
    again = _combine_several([result], result.corrections, "id", alone.lists)
    for table in ("schools", "cohorts", "problems", "mapped", "accounting"):
        assert_frame_equal(getattr(alone, table), getattr(again, table), obj=table)


def _truth() -> pd.DataFrame:
    """The generator's own figures (sample_data.SCHOOLS), as the latest list states them."""
    rows = []
    for school in sample_data.SCHOOLS:
        for major in school.majors:
            years = (2019, 2020) if not school.in_july_list else (2018, 2019, 2020)
            for year in years:
                key = (school.key, major.code, year)  # the latest list states the revised and filled figures
                graduates = sample_data.FILLED_IN_SEPTEMBER.get(key, sample_data.REVISED_IN_AUGUST.get(
                    key, major.lulusan[year]))
                rows.append((school.npsn, major.code, year, None, graduates, None))
            for kelas, count in zip(("X", "XI", "XII"), major.siswa, strict=True):
                rows.append((school.npsn, major.code, 2020, kelas, None, count))
    frame = pd.DataFrame(rows, columns=["school_id", "jurusan_kode", "tahun", "kelas", "jumlah_lulusan",
                                        "jumlah_siswa"]).astype({"jumlah_lulusan": "Int64", "jumlah_siswa": "Int64"})
    return frame.sort_values(["school_id", "jurusan_kode", "tahun", "kelas"], na_position="first",
                             kind="stable").reset_index(drop=True)


def test_sample_lists_combined_give_the_generators_figures(sample):
    combined = combine_school_lists(list(sample.values()))
    got = combined.cohorts.drop(columns=["source_file", "source_sheet", "source_row"])
    got = got.sort_values(["school_id", "jurusan_kode", "tahun", "kelas"], na_position="first",
                          kind="stable").reset_index(drop=True)
    expected = _truth()
    got["kelas"] = got["kelas"].astype(object)
    expected["kelas"] = expected["kelas"].astype(object).where(expected["kelas"].notna(), None)
    assert_frame_equal(got, expected, check_dtype=False)
    names = {s.npsn: s.name for s in sample_data.SCHOOLS if s.in_july_list}
    assert combined.schools.set_index("school_id")["nama_sekolah"].to_dict() == {
        **names, "69758812": "SMK Kesehatan Kapuas Medika"}  # the August list never says "Putussibau"
    assert _rows(combined.changes, ["perubahan", "school_id", "jurusan_kode", "tahun", "nilai_lama", "nilai_baru"]) == [
        ["sekolah_baru", "69758812", None, None, None, None],
        ["angka_direvisi", "30105195", "FARMASI", 2020, 60, 62],
        ["angka_baru", "69757735", "TLM", 2018, None, 12]]
    assert combined.problems["source_row"].tolist() == [17]


def test_a_bad_value_above_the_table_is_reported_once_at_its_line(tmp_path):
    path = _workbook(tmp_path / "satu.xlsx", {"Satu": [
        ["Nama Sekolah : SMK Kesehatan Satu"], ["NPSN : 3010 519"], ["Kab/Kota : Sungai Raya"],
        ["Jurusan", "Kelas X", "Lulusan 2019"],
        ["Farmasi", 10, 9], ["Keperawatan", 12, 11]]})
    result = read_school_list(path)
    assert _rows(result.problems, ["source_row", "kolom", "teks_asli"]) == [
        [2, "npsn", "3010 519"],  # seven digits: not an NPSN, the school is matched by its name
        [3, "kab_kota", "Sungai Raya"],  # ambiguous: capital of Kubu Raya, and a kecamatan of Bengkayang
        [4, "Kelas X", "Kelas X"]]  # students of which year? no title or file name gives a date
    assert _rows(result.schools, ["school_id", "npsn", "kab_kota_kode"]) == [["smk-kesehatan-satu", None, None]]


def test_a_row_numbering_the_columns_is_not_data(tmp_path):
    path = _workbook(tmp_path / "nomor.xlsx", {"S": [
        ["No", "Nama Sekolah", "Jurusan", "Lulusan 2019"],
        ["(1)", "(2)", "(3)", "(4)"],
        [1, "SMK Kesehatan Satu", "Farmasi", 9]]})
    result = read_school_list(path)
    assert _rows(result.accounting, ["source_row", "status", "alasan"]) == [
        [2, "bukan_data", "nomor_kolom"], [3, "dipakai", None]]
    assert result.cohorts["jumlah_lulusan"].tolist() == [9]
