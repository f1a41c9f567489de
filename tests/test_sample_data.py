"""The synthetic sample: deterministic, documented, and holding the traps its README promises."""

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import openpyxl
import pytest

from jejak_analysis.normalize import normalize_text
from jejak_analysis.sample_data import (
    FORM_COLUMNS,
    PASSPORT_COLUMN,
    SAMPLE_FILES,
    names_fingerprint,
    write_sample_data,
)
from jejak_analysis.workbook import FIXED_TIME

COMMITTED = Path(__file__).resolve().parents[1] / "data" / "raw" / "contoh"
SCHOOL_LISTS = ["persemki_2020-07.xlsx", "persemki_per_sekolah_2020-08.xlsx", "rekap_lulusan_wide.xlsx"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("contoh")
    write_sample_data(folder)
    return folder


@pytest.fixture(scope="module")
def csv_rows(sample) -> list[dict[str, str]]:
    """The June CSV as dictionaries; element i is Excel row i + 2."""
    text = (sample / "kuesioner_minat_2021-06.csv").read_bytes().decode("cp1252")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def readme(sample) -> str:
    return (sample / "README.md").read_text(encoding="utf-8")


def _csv_row(csv_rows, excel_row: int) -> dict[str, str]:
    return csv_rows[excel_row - 2]


# --------------------------------------------------------------------------------------------
# Determinism and the file list


def test_same_seed_gives_byte_identical_files(sample, tmp_path):
    again = write_sample_data(tmp_path / "again")
    assert [p.name for p in again] == list(SAMPLE_FILES)
    assert _digests(tmp_path / "again") == _digests(sample)


def test_another_seed_changes_the_questionnaires_but_not_the_school_lists(sample, tmp_path):
    write_sample_data(tmp_path / "other", seed=7)
    before, after = _digests(sample), _digests(tmp_path / "other")
    assert all(before[name] == after[name] for name in SCHOOL_LISTS + ["lowongan.csv"])
    assert before["kuesioner_minat_2021-06.csv"] != after["kuesioner_minat_2021-06.csv"]


def test_folder_holds_exactly_the_files_the_readme_lists_and_stays_small(sample, readme):
    assert sorted(p.name for p in sample.iterdir()) == sorted(SAMPLE_FILES)
    for name in SAMPLE_FILES:
        if name != "README.md":
            assert f"`{name}`" in readme, name
    assert sum(p.stat().st_size for p in sample.iterdir()) < 1_000_000


def test_every_file_says_it_is_synthetic_except_inside_the_google_forms_tables(sample, readme):
    assert "DATA SINTETIS" in readme.splitlines()[0]
    for name in SCHOOL_LISTS + ["kuesioner_kertas_2021.xlsx"]:
        wb = openpyxl.load_workbook(sample / name)
        for ws in wb.worksheets:
            titles = [ws.cell(row, 1).value or "" for row in range(1, 4)]
            assert any("DATA SINTETIS" in t for t in titles), (name, ws.title)
    forms = openpyxl.load_workbook(sample / "kuesioner_minat_2020-12.xlsx")
    assert forms.sheetnames == ["Tanggapan Formulir 1"]
    cells = [str(v) for row in forms.active.iter_rows(values_only=True) for v in row if v is not None]
    assert not any("SINTETIS" in c for c in cells)
    assert "SINTETIS" not in (sample / "kuesioner_minat_2021-06.csv").read_bytes().decode("cp1252")


def test_workbook_metadata_is_fixed(sample):
    wb = openpyxl.load_workbook(sample / "persemki_2020-07.xlsx")
    assert wb.properties.created == wb.properties.modified == FIXED_TIME


# --------------------------------------------------------------------------------------------
# School lists


def test_july_list_has_titles_a_two_row_merged_header_and_names_merged_down(sample):
    ws = openpyxl.load_workbook(sample / "persemki_2020-07.xlsx")["Data Anggota"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"G5:I5", "J5:L5", "A5:A6", "M5:M6"} <= merged  # the two-row header
    assert {"B7:B9", "C7:C9", "D7:D9"} <= merged  # Bina Dharma's name, NPSN, region over its 3 majors
    assert [ws.cell(6, c).value for c in range(7, 13)] == ["X", "XI", "XII", 2018, 2019, 2020]
    assert ws["M5"].value == "Alumni s.d. 2020"


def test_july_list_npsn_count_and_region_traps(sample):
    ws = openpyxl.load_workbook(sample / "persemki_2020-07.xlsx")["Data Anggota"]
    assert ws["C7"].value == "'30105195"  # leading apostrophe
    assert ws["C11"].value == 69754402  # a number
    assert ws["C14"].value == "3010 5231"  # a space
    assert ws["C30"].value is None  # Nusantara Sintang: not known in July
    assert (ws["D7"].value, ws["D11"].value, ws["D18"].value) == ("Pontianak", "PTK", "Kab. Pontianak")
    assert (ws["M7"].value, ws["G21"].value, ws["L25"].value) == ("1.020", "48 org", "45 org")
    assert (ws["J16"].value, ws["J31"].value) == ("-", None)  # "-" is zero, blank is unknown


def test_july_list_has_one_subtotal_that_does_not_match_its_rows_and_a_correct_grand_total(sample):
    ws = openpyxl.load_workbook(sample / "persemki_2020-07.xlsx")["Data Anggota"]
    assert ws["F17"].value == "Sub Jumlah"
    assert ws["I17"].value == 120 and ws["I14"].value + ws["I15"].value + ws["I16"].value == 110
    assert ws["A35"].value == "JUMLAH"
    data_rows = [r for r in range(7, 35) if ws.cell(r, 6).value != "Sub Jumlah"]
    assert ws["I35"].value == sum(ws.cell(r, 9).value for r in data_rows) == 723
    assert openpyxl.load_workbook(sample / "persemki_2020-07.xlsx")["Rekap"]["G12"].value == 685


def test_august_list_has_one_sheet_per_school_a_revision_and_a_new_school(sample):
    wb = openpyxl.load_workbook(sample / "persemki_per_sekolah_2020-08.xlsx")
    assert wb.sheetnames[0] == "Bina Dharma" and wb.sheetnames[-1] == "Kapuas Medika" and len(wb.sheetnames) == 10
    ws = wb["Bina Dharma"]
    assert [[c.value for c in row] for row in ws["A4:C5"]] == [["Nama Sekolah", ":", "SMKS Kesehatan Bina Dharma"],
                                                              ["NPSN", ":", "30105195"]]
    assert [c.value for c in ws[9]] == ["Jurusan", "Kelas X", "Kelas XI", "Kelas XII", "Lulusan 2019",
                                        "Lulusan 2020"]
    assert ws["F10"].value == 62  # July said 60
    assert wb["Reformasi"]["A5"].value == "NPSN : 30105231"
    assert wb["Kapuas Medika"]["C5"].value == "6975 8812"


def test_wide_recap_has_a_spacer_column_spacer_rows_and_a_row_total_column(sample):
    ws = openpyxl.load_workbook(sample / "rekap_lulusan_wide.xlsx")["Lulusan"]
    assert [c.value for c in ws[4]] == ["Nama Sekolah", "NPSN", "Kabupaten", "Tahun", None, "Farmasi",
                                        "Keperawatan", "TLM", "Caregiver", "Dental Asisten", "Jumlah"]
    assert all(c.value is None for c in ws[14]) and all(c.value is None for c in ws[24])
    assert ws["A5"].value == "SMK BINA DHARMA PONTIANAK" and ws["B5"].value == 30105195
    assert ws["H5"].value == 22 and ws["I5"].value is None  # TLM offered; Caregiver not offered


# --------------------------------------------------------------------------------------------
# Questionnaires


def test_june_csv_is_semicolon_cp1252_crlf_with_the_december_rows_first(sample, csv_rows):
    raw = (sample / "kuesioner_minat_2021-06.csv").read_bytes()
    assert raw.startswith(b"Stempel waktu;Alamat email;Nama Lengkap;NIK;")
    assert b"\r\n" in raw and b"\x92" in raw  # ’ in Windows-1252
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert list(csv_rows[0]) == [*FORM_COLUMNS, PASSPORT_COLUMN]
    december = openpyxl.load_workbook(sample / "kuesioner_minat_2020-12.xlsx").active
    stamps = [row[0] for row in december.iter_rows(min_row=2, values_only=True)]
    assert stamps == [r["Stempel waktu"] for r in csv_rows[:len(stamps)]]
    assert len(csv_rows) > len(stamps) + 150


def test_timestamps_are_day_first_text_and_every_month_has_submissions(csv_rows):
    stamps = [dt.datetime.strptime(r["Stempel waktu"], "%d/%m/%Y %H:%M:%S") for r in csv_rows]
    assert stamps == sorted(stamps)
    months = {f"{s:%Y-%m}" for s in stamps}
    assert months == {f"{y}-{m:02d}" for y, m in [(2020, m) for m in range(7, 13)] + [(2021, m) for m in range(1, 7)]}
    per_month = {m: sum(f"{s:%Y-%m}" == m for s in stamps) for m in months}
    assert min(per_month.values()) >= 20
    passport = [r[PASSPORT_COLUMN] for r, s in zip(csv_rows, stamps, strict=True) if s < dt.datetime(2021, 1, 1)]
    assert set(passport) == {""}


def test_excel_damaged_some_niks_and_the_intact_ones_are_built_like_real_niks(csv_rows):
    niks = [r["NIK"] for r in csv_rows]
    scientific = [n for n in niks if re.fullmatch(r"6\.\d{5}E\+15", n)]
    assert 50 < len(scientific) < len(niks) / 2
    assert any(re.fullmatch(r"61\d{13}0", n) for n in niks) and "-" in niks
    checked = 0
    for row in csv_rows:
        nik = row["NIK"]
        if not re.fullmatch(r"61\d{14}", nik) or nik.endswith("0") and int(nik[-4:]) < 5001:
            continue  # damaged: spaced, scientific, 15 digits, or a last digit Excel turned into 0
        born = dt.datetime.strptime(row["Tanggal Lahir"], "%d/%m/%Y").date()
        day = born.day + (40 if row["Jenis Kelamin"] == "Perempuan" else 0)
        assert nik[6:12] == f"{day:02d}{born:%m%y}", row["Nama Lengkap"]
        assert 5001 <= int(nik[-4:]) <= 9999
        checked += 1
    assert checked > 200


def test_google_forms_xlsx_keeps_timestamps_as_text_and_has_a_row_with_only_a_timestamp(sample):
    ws = openpyxl.load_workbook(sample / "kuesioner_minat_2020-12.xlsx").active
    assert [c.value for c in ws[1]] == FORM_COLUMNS
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", r[0]) for r in rows)
    assert any(all(v is None for v in r[1:]) for r in rows)
    assert any(isinstance(r[3], int | float) for r in rows)  # a NIK Sheets stored as a number
    assert all(isinstance(r[5], dt.datetime) for r in rows if r[1] is not None)  # birth dates are date cells


def test_checkbox_answers_and_typed_answers_look_like_peoples(csv_rows):
    countries = {r["Negara tujuan yang diminati"] for r in csv_rows}
    assert {"Jepang, Korea Selatan", "-", "belum tahu"} <= countries
    assert {"Jepan", "JPN", "Korsel", "Sarawak", "Hongkong"} <= {p for c in countries for p in c.split(", ")}
    interest = {r["Apakah Anda berminat bekerja di luar negeri?"] for r in csv_rows}
    assert {"iya", "YA ", "tdk", "ragu-ragu", "belum tahu"} <= interest
    assert any("Perawat lansia (careworker, kaigo)" in r["Bidang pekerjaan yang diminati"] for r in csv_rows)
    assert "Kab. Pontianak" in {r["Kabupaten/Kota Domisili"] for r in csv_rows}
    phones = " ".join(r["Nomor HP/WA"] for r in csv_rows)
    assert re.search(r"\b08\d\d-\d{4}-\d{4}\b", phones) and re.search(r"\+62 8\d\d \d{4} \d{4}", phones)


def _readme_line(readme: str, start: str) -> str:
    (line,) = [line for line in readme.splitlines() if line.startswith(start)]
    return line


def _readme_pairs(readme: str, start: str, joiner: str) -> list[tuple[int, int]]:
    line = _readme_line(readme, start)
    return [(int(a), int(b)) for a, b in re.findall(rf"(\d+){re.escape(joiner)}(\d+)", line)]


def test_readme_resubmissions_without_nik_are_the_same_name_and_birth_date(readme, csv_rows):
    pairs = _readme_pairs(readme, "- Kirim ulang tanpa NIK", " → ")
    assert len(pairs) == 4
    for first, again in pairs:
        a, b = _csv_row(csv_rows, first), _csv_row(csv_rows, again)
        assert a["NIK"] == b["NIK"] == ""
        assert normalize_text(a["Nama Lengkap"]) == normalize_text(b["Nama Lengkap"])
        assert a["Tanggal Lahir"] == b["Tanggal Lahir"]


def test_readme_namesakes_are_different_people_and_siblings_share_only_a_phone(readme, csv_rows):
    pairs = _readme_pairs(readme, "- Nama sama, orang berbeda", " & ")
    assert len(pairs) == 3
    for one, other in pairs:
        a, b = _csv_row(csv_rows, one), _csv_row(csv_rows, other)
        assert a["Nama Lengkap"] == b["Nama Lengkap"]
        assert a["Tanggal Lahir"] != b["Tanggal Lahir"]
    siblings = _readme_pairs(readme, "- Saudara kandung", " & ")
    assert len(siblings) == 2
    for one, other in siblings:
        a, b = _csv_row(csv_rows, one), _csv_row(csv_rows, other)
        assert re.sub(r"\D", "", a["Nomor HP/WA"]) == re.sub(r"\D", "", b["Nomor HP/WA"])
        assert a["Nama Lengkap"] != b["Nama Lengkap"] and a["Tanggal Lahir"] != b["Tanggal Lahir"]


def test_readme_damaged_then_intact_nik_rows_are_one_person(readme, csv_rows):
    line = _readme_line(readme, "- NIK rusak di kiriman pertama")
    first = int(re.search(r"CSV baris (\d+)", line).group(1))
    nxt = readme.splitlines()[readme.splitlines().index(line) + 1]
    again = int(re.search(r"baris (\d+)", nxt).group(1))
    a, b = _csv_row(csv_rows, first), _csv_row(csv_rows, again)
    assert re.fullmatch(r"6\.\d{5}E\+15", a["NIK"]) and re.fullmatch(r"61\d{14}", b["NIK"])
    assert float(a["NIK"]) == float(f"{int(b['NIK']):.5E}")
    assert a["Tanggal Lahir"] == b["Tanggal Lahir"]


def test_paper_forms_use_other_columns_and_birth_dates_in_three_forms(sample):
    wb = openpyxl.load_workbook(sample / "kuesioner_kertas_2021.xlsx")
    assert len(wb.sheetnames) == 3
    ketapang = wb["Ketapang Mar 2021"]
    assert [c.value for c in ketapang[5]] == ["No", "Tgl Isi", "Nama Siswa", "L/P", "Tgl Lahir", "Umur",
                                              "Asal Sekolah", "Kelas/Alumni", "Minat Kerja LN", "Minat Negara",
                                              "No. HP", "Keterangan"]
    births = [r[4] for r in ketapang.iter_rows(min_row=6, values_only=True) if r[0] is not None and r[2]]
    assert any(isinstance(b, dt.datetime) for b in births)
    assert any(isinstance(b, str) and re.fullmatch(r"\d\d-\d\d-\d{4}", b) for b in births)
    assert any(isinstance(b, str) and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", b) for b in births)
    reformasi = wb["Reformasi 14-01-2021"]
    assert reformasi["E5"].value == "Tempat, Tgl Lahir" and reformasi["K5"].value == "NIK"
    niks = [r[10] for r in reformasi.iter_rows(min_row=6, values_only=True) if r[2]]
    assert 0 < sum(n is not None for n in niks) < len(niks) / 2  # no NIK for most rows


def test_openings_file_holds_the_announced_target(sample):
    assert (sample / "lowongan.csv").read_text(encoding="utf-8") == (
        "program_kode,sektor_kode,negara,jumlah,mulai,selesai,sumber\n"
        'SSW_JP,CAREWORKER,JP,1500,2020-07-01,2023-06-30,"Program Jejak Perintis BP2MI, Juli 2020 '
        '(angka yang diumumkan)"\n'
    )


# --------------------------------------------------------------------------------------------
# The committed copy


def test_committed_sample_is_what_the_generator_writes(sample):
    """data/raw/contoh/ must be regenerated (`jejak sample-data`) whenever the generator changes."""
    if not (COMMITTED / "README.md").exists():
        pytest.skip("no committed sample in this checkout")
    if names_fingerprint() not in (COMMITTED / "README.md").read_text(encoding="utf-8"):
        pytest.skip("the installed Faker has other id_ID name lists than the committed sample was drawn from")
    assert _digests(COMMITTED) == _digests(sample)


def test_the_raw_reader_reads_every_sample_file(sample):
    from jejak_analysis.read import read_table

    for name in SAMPLE_FILES:
        if name.endswith((".xlsx", ".csv")):
            tables = read_table(sample / name)
            assert tables and all(len(t.data) for t in tables), name
