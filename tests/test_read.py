"""The raw reader: every shape people send, every bad file, exact values and provenance."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jejak_analysis.errors import HeaderNotFoundError, JejakError, UnreadableFileError
from jejak_analysis.read import cell_text, read_table

DATA = Path(__file__).parent / "data" / "mentah"


def _data(table) -> list[list]:
    """The data rows without provenance, as plain lists (None for blanks)."""
    frame = table.data.drop(columns=["source_file", "source_sheet", "source_row"])
    return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


@pytest.fixture
def persemki_xlsx(tmp_path):
    """Title rows, a two-row merged header, a name merged down, a sub-total, a total, a footnote."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["DATA SMK KESEHATAN PERSEMKI KALBAR"])
    ws.merge_cells("A1:H1")
    ws.append(["Keadaan Juli 2020"])
    ws.append([])
    ws.append(["No", "Nama Sekolah", "NPSN", None, "Jurusan", "Jumlah Lulusan", None, None])
    ws.append([None, None, None, None, None, 2018, 2019, 2020])
    for col in "ABCE":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F4:H4")
    ws.append([1, "SMK Kes. Bina Dharma", 30105195, None, "Farmasi", 40, "45 org", "-"])
    ws.append([None, None, None, None, "Keperawatan", 30, None, 12])
    ws.merge_cells("A6:A7")
    ws.merge_cells("B6:B7")
    ws.merge_cells("C6:C7")
    ws.append([None, "Sub Jumlah", None, None, None, 70, 45, 12])
    ws.append([])
    ws.append([2, "SMK Kesehatan Reformasi", "'30105204", None, "Farmasi", 20, 22, 25])
    ws.append(["JUMLAH", None, None, None, None, 90, 67, 37])
    ws.append(["Catatan: - berarti tidak ada lulusan"])
    path = tmp_path / "persemki.xlsx"
    wb.save(path)
    return path


def test_title_rows_and_two_row_merged_header_are_combined(persemki_xlsx):
    (table,) = read_table(persemki_xlsx)
    assert table.columns == ["No", "Nama Sekolah", "NPSN", "Jurusan",
                             "Jumlah Lulusan 2018", "Jumlah Lulusan 2019", "Jumlah Lulusan 2020"]
    assert table.header_row == 5
    assert table.preamble == [(1, ["DATA SMK KESEHATAN PERSEMKI KALBAR"]), (2, ["Keadaan Juli 2020"])]


def test_merged_down_cells_belong_to_every_row_and_rows_keep_their_excel_number(persemki_xlsx):
    (table,) = read_table(persemki_xlsx)
    assert _data(table) == [
        ["1", "SMK Kes. Bina Dharma", "30105195", "Farmasi", "40", "45 org", "-"],
        ["1", "SMK Kes. Bina Dharma", "30105195", "Keperawatan", "30", None, "12"],
        ["2", "SMK Kesehatan Reformasi", "'30105204", "Farmasi", "20", "22", "25"],
    ]
    assert table.data["source_row"].tolist() == [6, 7, 10]
    assert set(table.data["source_file"]) == {"persemki.xlsx"}
    assert set(table.data["source_sheet"]) == {"Data"}


def test_totals_blank_rows_and_footnotes_are_set_aside_never_data(persemki_xlsx):
    (table,) = read_table(persemki_xlsx)
    aside = table.set_aside[["source_row", "alasan"]]
    assert aside.values.tolist() == [[8, "total"], [9, "kosong"], [11, "total"], [12, "catatan"]]
    assert table.totals["Jumlah Lulusan 2018"].tolist() == ["70", "90"]
    assert table.n_rows == 7  # rows 6..12 under the header: 3 data + 4 set aside


def test_source_file_is_relative_to_the_raw_root(tmp_path, persemki_xlsx):
    (table,) = read_table(persemki_xlsx, root=tmp_path)
    assert table.source_file == "persemki.xlsx"
    sub = tmp_path / "2020-07"
    sub.mkdir()
    moved = sub / "persemki.xlsx"
    moved.write_bytes(persemki_xlsx.read_bytes())
    assert read_table(moved, root=tmp_path)[0].source_file == "2020-07/persemki.xlsx"


def test_blank_spacer_columns_are_dropped_and_unnamed_data_columns_kept(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nama", None, "Umur", None])
    ws.append(["Ani", None, "17", "catatan tanpa judul"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    (table,) = read_table(path)
    assert table.columns == ["Nama", "Umur", "kolom_D"]
    assert _data(table) == [["Ani", "17", "catatan tanpa judul"]]


def test_numbers_dates_and_long_ids_as_excel_stores_them(tmp_path):
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Stempel waktu", "Tanggal Lahir", "NIK", "Jumlah", "Nilai"])
    ws.append([dt.datetime(2020, 7, 7, 10, 23, 45), dt.datetime(2003, 7, 7), 6171015507030001, 45.0, 2.5])
    ws.append(["07/07/2020 10:23:45", "37809", "'6171015507030001", "1.234", "-"])
    path = tmp_path / "angka.xlsx"
    wb.save(path)
    (table,) = read_table(path)
    assert _data(table) == [
        ["2020-07-07 10:23:45", "2003-07-07", "6.17101550703e+15", "45", "2.5"],
        ["07/07/2020 10:23:45", "37809", "'6171015507030001", "1.234", "-"],
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", "\t"), ("cp1252", ",")],
)
def test_csv_in_any_encoding_and_delimiter(tmp_path, encoding, delimiter):
    rows = [["Stempel waktu", "Nama Lengkap", "Asal Sekolah"],
            ["07/07/2020 10:23:45", "Siti Aisyah", "SMK Kesehatan Bina Dharma, Pontianak"],
            ["08/07/2020 09:00:00", "Dénis Ñoviantò", "SMK Kes. Reformasi"]]
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "kuesioner.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    (table,) = read_table(path)
    assert table.columns == rows[0]
    assert _data(table) == rows[1:]
    assert table.data["source_row"].tolist() == [2, 3]
    assert table.source_sheet == "csv"


def test_csv_with_title_lines_above_a_semicolon_header(tmp_path):
    text = "REKAP KUESIONER;;\n;;\nNo;Nama;Minat\n1;Ani;Ya\n2;Budi;Tidak\nSumber: formulir kertas;;\n"
    path = tmp_path / "rekap.csv"
    path.write_text(text, encoding="utf-8")
    (table,) = read_table(path)
    assert table.header_row == 3
    assert _data(table) == [["1", "Ani", "Ya"], ["2", "Budi", "Tidak"]]
    assert table.set_aside[["source_row", "alasan"]].values.tolist() == [[6, "catatan"]]


def test_a_totals_row_in_a_csv_is_set_aside_in_any_column_and_case(tmp_path):
    # the reader looks for totals cell by cell only when the file's text holds "jumlah" or "total"
    text = "No;Nama;Peserta\n1;Ani;3\n2;Budi;4\n;GRAND TOTAL :;7\n"
    path = tmp_path / "rekap.csv"
    path.write_text(text, encoding="utf-8")
    (table,) = read_table(path)
    assert _data(table) == [["1", "Ani", "3"], ["2", "Budi", "4"]]
    assert table.set_aside[["source_row", "alasan"]].values.tolist() == [[4, "total"]]
    path.write_text(text.replace("GRAND TOTAL :", "Semua"), encoding="utf-8")
    assert len(read_table(path)[0].data) == 3  # no totals word anywhere: every row is data


def test_old_xls_workbook_is_read_like_xlsx():
    (table,) = read_table(DATA / "lama.xls")
    assert table.columns == ["Nama Sekolah", "NPSN", "Jurusan", "Lulusan 2019"]
    assert _data(table) == [
        ["SMK Kesehatan Contoh Satu", "30100001", "Farmasi", "40"],
        ["SMK Kesehatan Contoh Dua", "30100002", "Keperawatan", "45 org"],
    ]
    assert table.data["source_row"].tolist() == [4, 5]
    assert table.totals["source_row"].tolist() == [6]


def test_a_workbook_saved_under_the_other_extension_is_read_by_its_content(persemki_xlsx, tmp_path):
    renamed = tmp_path / "persemki.xls"  # an .xlsx someone renamed .xls
    renamed.write_bytes(persemki_xlsx.read_bytes())
    old = tmp_path / "lama.xlsx"  # an old .xls renamed .xlsx
    old.write_bytes((DATA / "lama.xls").read_bytes())
    assert _data(read_table(renamed)[0]) == _data(read_table(persemki_xlsx)[0])
    assert _data(read_table(old)[0]) == _data(read_table(DATA / "lama.xls")[0])


def test_empty_sheets_are_skipped(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Nama", "NPSN"])
    wb.active.append(["SMK A", "30100001"])
    wb.create_sheet("Sheet2")
    path = tmp_path / "dua_sheet.xlsx"
    wb.save(path)
    assert [t.source_sheet for t in read_table(path)] == ["Sheet"]


# ---------------------------------------------------------------- bad files: clear, typed errors


def _raises(path, error_type, *words):
    with pytest.raises(error_type) as info:
        read_table(path)
    text = str(info.value)
    assert path.name in text
    for word in words:
        assert word in text
    assert isinstance(info.value, JejakError)
    return info.value


def test_empty_file(tmp_path):
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    _raises(path, UnreadableFileError, "kosong")
    csv_path = tmp_path / "kosong.csv"
    csv_path.write_text("\n\n  \n")
    _raises(csv_path, UnreadableFileError, "kosong")


def test_truncated_workbook(tmp_path, persemki_xlsx):
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(persemki_xlsx.read_bytes()[:1500])
    _raises(path, UnreadableFileError, "rusak", "simpan ulang")


def test_html_page_saved_as_xls(tmp_path):
    path = tmp_path / "unduhan.xls"
    path.write_text("<!DOCTYPE html><html><body><table><tr><td>Nama</td></tr></table></body></html>")
    _raises(path, UnreadableFileError, "HTML", ".xls")


def test_text_file_saved_as_xlsx(tmp_path):
    path = tmp_path / "bukan.xlsx"
    path.write_text("Nama;NPSN\nSMK A;30100001\n")
    _raises(path, UnreadableFileError, "teks biasa", ".xlsx")


def test_password_protected_workbook():
    error = _raises(DATA / "berpassword.xlsx", UnreadableFileError, "kata sandi")
    assert "password" in error.describe("en")


def test_binary_garbage_as_csv(tmp_path):
    path = tmp_path / "acak.csv"
    path.write_bytes(bytes(range(256)) * 4)
    _raises(path, UnreadableFileError)


def test_sheet_without_a_recognisable_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Angka"
    for row in ([1, 2, 3], [4, 5, 6]):
        ws.append(row)
    path = tmp_path / "angka_saja.xlsx"
    wb.save(path)
    error = _raises(path, HeaderNotFoundError, "Angka", "judul kolom")
    assert error.sheet == "Angka"


def test_hidden_and_headerless_sheets_beside_a_table_are_rows_set_aside_not_errors(persemki_xlsx):
    from jejak_analysis.school_list import read_school_list

    wb = openpyxl.load_workbook(persemki_xlsx)
    lookup = wb.create_sheet("Daftar")  # a hidden lookup list for a drop-down
    for major in ("Farmasi", "Keperawatan"):
        lookup.append([major])
    lookup.sheet_state = "hidden"
    notes = wb.create_sheet("Catatan")  # a sheet of notes: no header row
    notes.append(["Data dari Persemki"])
    notes.append(["dikirim 7 Juli"])
    wb.save(persemki_xlsx)

    tables = read_table(persemki_xlsx)
    assert [t.source_sheet for t in tables if t.columns] == ["Data"]
    assert {t.source_sheet: t.set_aside[["source_row", "alasan"]].values.tolist() for t in tables if not t.columns} \
        == {"Daftar": [[1, "lembar_tersembunyi"], [2, "lembar_tersembunyi"]],
            "Catatan": [[1, "tanpa_judul_kolom"], [2, "tanpa_judul_kolom"]]}
    accounting = read_school_list(persemki_xlsx).accounting  # every raw row is counted, as not data
    assert accounting[accounting["source_sheet"].isin(["Daftar", "Catatan"])]["status"].tolist() == ["bukan_data"] * 4


def test_unknown_extension(tmp_path):
    path = tmp_path / "laporan.pdf"
    path.write_bytes(b"%PDF-1.4")
    _raises(path, UnreadableFileError, ".pdf")


def test_missing_file(tmp_path):
    _raises(tmp_path / "tidak_ada.xlsx", UnreadableFileError, "tidak ditemukan")


def test_cell_text_never_raises_on_odd_values():
    import datetime as dt

    assert cell_text(float("nan")) is None
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.time(10, 30)) == "10:30:00"
    assert cell_text(10**17) == "1e+17"


def test_label_colon_value_lines_above_a_table_are_preamble_not_the_header(tmp_path):
    # One sheet per school: "Nama Sekolah | : | SMK X" lines are as wide as half the table.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DATA SEKOLAH"])
    ws.append(["Nama Sekolah", ":", "SMKS Kesehatan Bina Dharma"])
    ws.append(["NPSN", ":", 30105195])
    ws.append(["Status:", "Swasta"])
    ws.append([])
    ws.append(["Jurusan", "Kelas X", "Kelas XI", "Kelas XII", "Lulusan 2019", "Lulusan 2020"])
    ws.append(["Farmasi", 72, 68, 64, 61, 62])
    path = tmp_path / "per_sekolah.xlsx"
    wb.save(path)
    (table,) = read_table(path)
    assert table.header_row == 6
    assert table.preamble == [(1, ["DATA SEKOLAH"]), (2, ["Nama Sekolah", ":", "SMKS Kesehatan Bina Dharma"]),
                              (3, ["NPSN", ":", "30105195"]), (4, ["Status:", "Swasta"])]
    assert _data(table) == [["Farmasi", "72", "68", "64", "61", "62"]]
