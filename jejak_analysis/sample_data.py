"""Synthetic sample data: realistic, messy, deterministic raw files for trying the package.

``write_sample_data(out_dir, seed)`` writes into ``out_dir`` (normally ``data/raw/contoh/``)
the raw files the readers must cope with, in the shapes they arrive at the office:

- three Persemki school lists (one table with title rows and a two-row merged header;
  one sheet per school with key-value rows; a wide table with one column per major);
- three interest-questionnaire exports (a Google Forms ``.xlsx``; a later cumulative
  ``.csv`` saved by Indonesian Excel with ``;``, Windows-1252 and damaged NIKs; a sheet
  typed from paper forms with other column names);
- ``lowongan.csv`` (the announced openings) and a ``README.md`` that lists every file,
  its shape and the traps planted in it, with their rows.

EVERYTHING IS SYNTHETIC: the schools, NPSNs, people, NIKs, phone numbers and e-mail
addresses are invented (names are drawn from Faker's ``id_ID`` lists; NIK serials are
5001–9999, a range real registrations do not reach; e-mail domains end in ``.example``).
The school figures are fixed in this module, so the traps sit at known cells; the seed
drives the questionnaire answers. Same seed, same bytes: workbook timestamps and zip
entry dates are fixed, and nothing reads the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from faker.providers.person.id_ID import Provider as _IndonesianNames
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jejak_analysis.workbook import save_workbook_deterministic

# --------------------------------------------------------------------------------------------
# Files and fixed metadata

SCHOOL_LIST_JULY = "persemki_2020-07.xlsx"
SCHOOL_LIST_PER_SCHOOL = "persemki_per_sekolah_2020-08.xlsx"
SCHOOL_LIST_WIDE = "rekap_lulusan_wide.xlsx"
FORMS_XLSX = "kuesioner_minat_2020-12.xlsx"
FORMS_CSV = "kuesioner_minat_2021-06.csv"
PAPER_XLSX = "kuesioner_kertas_2021.xlsx"
OPENINGS_CSV = "lowongan.csv"
README = "README.md"
SAMPLE_FILES = (SCHOOL_LIST_JULY, SCHOOL_LIST_PER_SCHOOL, SCHOOL_LIST_WIDE, FORMS_XLSX, FORMS_CSV, PAPER_XLSX,
                OPENINGS_CSV, README)

SYNTHETIC = "DATA SINTETIS — contoh untuk latihan, bukan data sebenarnya"

# Export moments of the two Google Forms files: each holds every submission up to then.
FORMS_XLSX_EXPORTED = dt.datetime(2020, 12, 18, 9, 0, 0)
FORMS_CSV_EXPORTED = dt.datetime(2021, 6, 25, 9, 0, 0)
_FIRST_DAY = dt.date(2020, 7, 7)  # the form went online with the programme's announcement

_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


# --------------------------------------------------------------------------------------------
# The schools: fixed truth, so the traps sit at known cells


@dataclass(frozen=True)
class Major:
    """One major of one school: the truth the three school lists write in their own ways."""

    code: str  # jurusan_kode
    july_spelling: str  # as the July list writes it
    siswa: tuple[int, int, int]  # students in X, XI, XII, school year 2020/21
    lulusan: dict[int, int | None]  # graduates per year; 0 is written "-", None is a blank cell
    alumni: int | None  # cumulative alumni up to 2020 (not a cohort)


@dataclass(frozen=True)
class School:
    key: str
    name: str  # canonical name
    npsn: str
    kab_kota_kode: str
    status: str
    majors: tuple[Major, ...]
    sheet: str  # short name: the sheet of the per-school list
    in_july_list: bool = True


def _major(code, spelling, siswa, l2018, l2019, l2020, alumni):
    return Major(code, spelling, siswa, {2018: l2018, 2019: l2019, 2020: l2020}, alumni)


SCHOOLS: tuple[School, ...] = (
    School("BD", "SMK Kesehatan Bina Dharma Pontianak", "30105195", "61.71", "SWASTA", (
        _major("FARMASI", "Farmasi Klinis & Komunitas", (72, 68, 64), 58, 61, 60, 1020),
        _major("KEPERAWATAN", "Asisten Keperawatan", (96, 90, 88), 80, 84, 86, 876),
        _major("TLM", "Teknologi Laboratorium Medik", (34, 30, 28), 22, 25, 26, 240),
    ), "Bina Dharma"),
    School("BH", "SMK Kesehatan Bina Husada Pontianak", "69754402", "61.71", "SWASTA", (
        _major("KEPERAWATAN", "Keperawatan", (64, 60, 57), 50, 52, 55, 610),
        _major("FARMASI", "Farmasi", (40, 38, 36), 30, 33, 35, 365),
    ), "Bina Husada"),
    School("RF", "SMK Kesehatan Reformasi Pontianak", "30105231", "61.71", "SWASTA", (
        _major("FARMASI", "FKK", (45, 42, 40), 36, 38, 39, 402),
        _major("KEPERAWATAN", "AKCG", (58, 55, 52), 44, 47, 50, 498),
        _major("DENTAL", "Dental Asisten", (24, 20, 18), 0, 12, 15, 27),
    ), "Reformasi"),
    School("HB", "SMK Kesehatan Harapan Bangsa Mempawah", "69754517", "61.02", "SWASTA", (
        _major("FARMASI", "Farmasi", (32, 30, 29), 25, 27, 28, 280),
        _major("KEPERAWATAN", "Kep.", (40, 36, 35), 30, 32, 33, 355),
    ), "Harapan Bangsa"),
    School("MS", "SMK Kesehatan Mitra Sehat Kubu Raya", "69756120", "61.12", "SWASTA", (
        _major("KEPERAWATAN", "Asisten Keperawatan dan Caregiver", (48, 45, 44), 38, 40, 42, 390),
        _major("CAREGIVER", "Caregiver", (22, 20, 18), 0, 0, 16, 16),
    ), "Mitra Sehat"),
    School("BM", "SMK Kesehatan Bhakti Medika Singkawang", "30108846", "61.72", "SWASTA", (
        _major("FARMASI", "Farmasi Klinis dan Komunitas", (38, 36, 34), 29, 31, 32, 330),
        _major("KEPERAWATAN", "Keperawatan", (52, 50, 47), 41, 43, 45, 470),
    ), "Bhakti Medika"),
    School("CH", "SMK Kesehatan Citra Husada Ketapang", "30106973", "61.04", "SWASTA", (
        _major("KEPERAWATAN", "Asisten Keperawatan", (36, 34, 32), 27, 29, 30, 300),
        _major("FARMASI", "Farmasi", (28, 26, 25), 20, 22, 24, None),
    ), "Citra Husada"),
    School("NS", "SMK Kesehatan Nusantara Sintang", "69757735", "61.05", "SWASTA", (
        _major("KEPERAWATAN", "Keperawatan", (30, 28, 27), 22, 24, 25, 210),
        _major("TLM", "Analis Kesehatan", (20, 18, 17), None, 14, 15, 85),
    ), "Nusantara"),
    School("N4", "SMK Negeri 4 Sekadau", "30109082", "61.09", "NEGERI", (
        _major("KEPERAWATAN", "Layanan Kesehatan", (35, 33, 32), 28, 30, 29, 260),
    ), "SMKN 4 Sekadau"),
    # Joined Persemki in August 2020: only in the later lists. Opened in 2019, no graduates yet.
    School("KM", "SMK Kesehatan Kapuas Medika Putussibau", "69758812", "61.06", "SWASTA", (
        _major("KEPERAWATAN", "Asisten Keperawatan", (30, 26, 0), 0, 0, 0, 0),
        _major("FARMASI", "Farmasi", (24, 0, 0), 0, 0, 0, 0),
    ), "Kapuas Medika", in_july_list=False),
)

# Revisions in the later lists: (school, major, year) -> graduates. The August list corrects one
# figure of July's; the wide September recap fills a figure July left blank.
REVISED_IN_AUGUST = {("BD", "FARMASI", 2020): 62}
FILLED_IN_SEPTEMBER = {("NS", "TLM", 2018): 12}

# July list: how each school's region, NPSN and status are written (the traps of issue 3).
_JULY_REGION = {"BD": "Pontianak", "BH": "PTK", "RF": "Kota Pontianak", "HB": "Kab. Pontianak",
                "MS": "Kubu Raya", "BM": "Singkawang", "CH": "Ketapang", "NS": "Sintang", "N4": "Sekadau"}
_JULY_NPSN: dict[str, object] = {
    "BD": "'30105195",  # a leading apostrophe typed to keep Excel from making a number of it
    "BH": 69754402,  # stored as a number
    "RF": "3010 5231",  # with a space
    "NS": None,  # not known in July; the August list gives it
}
_JULY_STATUS = {"BD": "Swasta", "BH": "S", "RF": "SWASTA", "HB": "Swasta", "MS": "Swasta", "BM": "Swasta",
                "CH": "swasta", "NS": "Swasta", "N4": "Negeri"}
# Cells typed as text, the way people type them: (school, major, column) -> raw text.
_JULY_TEXT_CELLS: dict[tuple[str, str, str], str] = {
    ("BM", "KEPERAWATAN", "L2020"): "45 org",
    ("MS", "KEPERAWATAN", "X"): "48 org",
    ("BD", "FARMASI", "alumni"): "1.020",  # Indonesian thousands separator
    ("BD", "KEPERAWATAN", "X"): "96",
    ("HB", "FARMASI", "XI"): " 30",
    ("CH", "KEPERAWATAN", "L2019"): "29",
}
# The July "Sub Jumlah" row of this school misstates one figure (a reported problem):
_JULY_BAD_SUBTOTAL = ("RF", "XII", 10)  # says 10 more students in XII than its rows hold


def _graduates(school: School, major: Major, year: int, as_of: str) -> int | None:
    """Graduates of one major in one year as a given list states it ("07", "08" or "09" of 2020)."""
    value = major.lulusan.get(year)
    if as_of >= "08" and (school.key, major.code, year) in REVISED_IN_AUGUST:
        value = REVISED_IN_AUGUST[(school.key, major.code, year)]
    if as_of >= "09" and (school.key, major.code, year) in FILLED_IN_SEPTEMBER:
        value = FILLED_IN_SEPTEMBER[(school.key, major.code, year)]
    return value


def _as_count_cell(value: int | None) -> object:
    """A count as the lists write it: a number, "-" for zero, an empty cell for unknown."""
    if value is None:
        return None
    return "-" if value == 0 else value


# --------------------------------------------------------------------------------------------
# Writing workbooks and text files byte for byte the same every time


def _new_workbook() -> Workbook:
    return Workbook()


def _save_workbook(wb: Workbook, path: Path) -> None:
    # Fixed document dates and zip entry times: the same content always gives the same bytes.
    save_workbook_deterministic(wb, path)


def _bold(cell) -> None:
    cell.font = Font(bold=True)


def _set_widths(ws, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[column].width = width


# --------------------------------------------------------------------------------------------
# 1. The July list: one table, title rows, two-row merged header, names merged down


_JULY_COLUMNS = ["X", "XI", "XII", "L2018", "L2019", "L2020", "alumni"]


def _july_values(school: School, major: Major) -> dict[str, int | None]:
    x, xi, xii = major.siswa
    return {"X": x, "XI": xi, "XII": xii, "L2018": _graduates(school, major, 2018, "07"),
            "L2019": _graduates(school, major, 2019, "07"), "L2020": _graduates(school, major, 2020, "07"),
            "alumni": major.alumni}


def _write_july_list(path: Path) -> dict:
    """persemki_2020-07.xlsx: sheet "Data Anggota" (the table) and sheet "Rekap" (a summary)."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Data Anggota"
    facts: dict = {"sheet": ws.title}
    for row, text in enumerate(["DATA SMK KESEHATAN ANGGOTA PERSEMKI KALBAR", "Keadaan Juli 2020", SYNTHETIC], 1):
        ws.cell(row, 1, text)
        _bold(ws.cell(row, 1))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=13)
    # Two-row header (rows 5-6): single headers merged down, group headers merged across.
    for col, text in enumerate(["No", "Nama Sekolah", "NPSN", "Kab/Kota", "Status", "Jurusan"], 1):
        ws.cell(5, col, text)
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    ws.cell(5, 7, "Jumlah Siswa")
    ws.merge_cells("G5:I5")
    ws.cell(5, 10, "Jumlah Lulusan")
    ws.merge_cells("J5:L5")
    ws.cell(5, 13, "Alumni s.d. 2020")
    ws.merge_cells("M5:M6")
    for col, text in zip(range(7, 13), ["X", "XI", "XII", 2018, 2019, 2020], strict=True):
        ws.cell(6, col, text)  # the years are numbers, as typed
    for row in (5, 6):
        for col in range(1, 14):
            _bold(ws.cell(row, col))
            ws.cell(row, col).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    row = 7
    grand = Counter()
    facts["rows"] = {}
    for number, school in enumerate([s for s in SCHOOLS if s.in_july_list], 1):
        first = row
        subtotal = Counter()
        for major in school.majors:
            values = _july_values(school, major)
            ws.cell(row, 6, major.july_spelling)
            for col, key in enumerate(_JULY_COLUMNS, 7):
                raw = _JULY_TEXT_CELLS.get((school.key, major.code, key), _as_count_cell(values[key]))
                ws.cell(row, col, raw)
                subtotal[key] += values[key] or 0
            facts["rows"][(school.key, major.code)] = row
            row += 1
        last = row - 1
        for col, value in enumerate([number, school.name, _JULY_NPSN.get(school.key, school.npsn),
                                     _JULY_REGION[school.key], _JULY_STATUS[school.key]], 1):
            ws.cell(first, col, value)
            ws.cell(first, col).alignment = Alignment(vertical="top")
            if last > first:  # written once, merged down over the rows of its majors
                ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
        stated = Counter(subtotal)
        if school.key == _JULY_BAD_SUBTOTAL[0]:
            stated[_JULY_BAD_SUBTOTAL[1]] += _JULY_BAD_SUBTOTAL[2]
            facts["bad_subtotal"] = {"row": row, "school": school.name, "column": _JULY_BAD_SUBTOTAL[1],
                                     "stated": stated[_JULY_BAD_SUBTOTAL[1]],
                                     "rows_sum": subtotal[_JULY_BAD_SUBTOTAL[1]]}
        ws.cell(row, 6, "Sub Jumlah")
        for col, key in enumerate(_JULY_COLUMNS, 7):
            ws.cell(row, col, stated[key])
        for col in range(6, 14):
            _bold(ws.cell(row, col))
        facts.setdefault("subtotal_rows", []).append(row)
        grand.update(subtotal)
        row += 1
    ws.cell(row, 1, "JUMLAH")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    for col, key in enumerate(_JULY_COLUMNS, 7):
        ws.cell(row, col, grand[key])
    for col in range(1, 14):
        _bold(ws.cell(row, col))
    facts["total_row"] = row
    facts["grand"] = dict(grand)
    ws.cell(row + 2, 1, "Catatan: - berarti tidak ada lulusan; kosong = belum ada data")
    ws.cell(row + 3, 1, "Alumni s.d. 2020 = jumlah seluruh alumni sejak sekolah berdiri (kumulatif)")
    facts["note_rows"] = [row + 2, row + 3]
    _set_widths(ws, {"A": 5, "B": 40, "C": 12, "D": 16, "E": 9, "F": 34, "M": 11})

    _write_july_rekap(wb.create_sheet("Rekap"))
    _save_workbook(wb, path)
    return facts


def _write_july_rekap(ws) -> None:
    """The "Rekap" sheet: totals per kabupaten/kota that repeat the table (never counted)."""
    ws.cell(1, 1, "REKAP PER KABUPATEN/KOTA")
    ws.cell(2, 1, SYNTHETIC)
    header = ["No", "Kabupaten/Kota", "Jumlah Sekolah", "Jumlah Siswa", "Lulusan 2018", "Lulusan 2019",
              "Lulusan 2020"]
    for col, text in enumerate(header, 1):
        ws.cell(4, col, text)
        _bold(ws.cell(4, col))
    by_region: dict[str, Counter] = {}
    for school in SCHOOLS:
        if not school.in_july_list:
            continue
        region = {"61.71": "Kota Pontianak", "61.02": "Mempawah", "61.12": "Kubu Raya", "61.72": "Singkawang",
                  "61.04": "Ketapang", "61.05": "Sintang", "61.09": "Sekadau"}[school.kab_kota_kode]
        tally = by_region.setdefault(region, Counter())
        tally["sekolah"] += 1
        for major in school.majors:
            values = _july_values(school, major)
            tally["siswa"] += sum(major.siswa)
            for year in (2018, 2019, 2020):
                tally[year] += values[f"L{year}"] or 0
    row = 5
    total = Counter()
    for number, (region, tally) in enumerate(by_region.items(), 1):
        for col, value in enumerate([number, region, tally["sekolah"], tally["siswa"], tally[2018], tally[2019],
                                     tally[2020]], 1):
            ws.cell(row, col, value)
        total.update(tally)
        row += 1
    ws.cell(row, 2, "JUMLAH")
    for col, value in enumerate([total["sekolah"], total["siswa"], total[2018], total[2019], total[2020]], 3):
        ws.cell(row, col, value)
    _set_widths(ws, {"B": 20})


# --------------------------------------------------------------------------------------------
# 2. The August list: one sheet per school, key-value rows above a small table

_AUGUST_NAME = {
    "BD": "SMKS Kesehatan Bina Dharma", "BH": "SMK Kes. Bina Husada Pontianak", "RF": "smk kes. reformasi ptk",
    "HB": "SMK HARAPAN BANGSA MEMPAWAH", "MS": "SMKS Kesehatan Mitra Sehat", "BM": "SMK Kesehatan Bhakti Medika Skw",
    "CH": "SMK Kes Citra Husada Ketapang", "NS": "SMK Kesehatan Nusantara", "N4": "SMK Negeri 4 Sekadau",
    "KM": "SMK Kesehatan Kapuas Medika",
}
_AUGUST_REGION = {
    "BD": "Kota Pontianak", "BH": "Kota Pontianak", "RF": "Kota Pontianak", "HB": "Kab. Mempawah",
    "MS": "Kab. Kubu Raya", "BM": "Kota Singkawang", "CH": "Kab. Ketapang", "NS": "Kab. Sintang",
    "N4": "Kab. Sekadau", "KM": "Kab. Kapuas Hulu",
}
_AUGUST_NPSN: dict[str, object] = {"BH": 69754402, "KM": "6975 8812"}
_AUGUST_MAJOR = {
    ("BD", "FARMASI"): "Farmasi Klinis dan Komunitas", ("BD", "KEPERAWATAN"): "Asisten Keperawatan",
    ("BD", "TLM"): "TLM", ("RF", "KEPERAWATAN"): "Asisten Keperawatan & Caregiver",
    ("RF", "FARMASI"): "Farmasi Klinis & Komunitas", ("MS", "KEPERAWATAN"): "AKCG",
    ("MS", "CAREGIVER"): "Care Giver", ("NS", "TLM"): "Teknologi Laboratorium Medis",
    ("HB", "KEPERAWATAN"): "Keperawatan", ("N4", "KEPERAWATAN"): "Layanan Kesehatan",
}
# This sheet was filled in by someone who typed "label : value" into one cell.
_AUGUST_ONE_CELL_SHEET = "RF"
# This sheet has a signature block under its table.
_AUGUST_SIGNED_SHEET = "HB"


def _write_august_list(path: Path) -> dict:
    """persemki_per_sekolah_2020-08.xlsx: one sheet per school."""
    wb = _new_workbook()
    wb.remove(wb.active)
    facts: dict = {"sheets": []}
    for school in SCHOOLS:
        ws = wb.create_sheet(school.sheet)
        facts["sheets"].append(school.sheet)
        ws.cell(1, 1, "DATA SEKOLAH ANGGOTA PERSEMKI KALBAR — AGUSTUS 2020")
        ws.cell(2, 1, SYNTHETIC)
        _bold(ws.cell(1, 1))
        status = "Negeri" if school.status == "NEGERI" else "Swasta"
        pairs = [("Nama Sekolah", _AUGUST_NAME[school.key]), ("NPSN", _AUGUST_NPSN.get(school.key, school.npsn)),
                 ("Kabupaten/Kota", _AUGUST_REGION[school.key]), ("Status", status)]
        for row, (label, value) in enumerate(pairs, 4):
            if school.key == _AUGUST_ONE_CELL_SHEET:
                ws.cell(row, 1, f"{label} : {value}")
            else:
                ws.cell(row, 1, label)
                ws.cell(row, 2, ":")
                ws.cell(row, 3, value)
        header_row = 9
        for col, text in enumerate(["Jurusan", "Kelas X", "Kelas XI", "Kelas XII", "Lulusan 2019",
                                    "Lulusan 2020"], 1):
            ws.cell(header_row, col, text)
            _bold(ws.cell(header_row, col))
        row = header_row + 1
        total = [0] * 5
        for major in school.majors:
            values = [*major.siswa, _graduates(school, major, 2019, "08"), _graduates(school, major, 2020, "08")]
            ws.cell(row, 1, _AUGUST_MAJOR.get((school.key, major.code), major.july_spelling))
            for col, value in enumerate(values, 2):
                ws.cell(row, col, _as_count_cell(value))
                total[col - 2] += value or 0
            if (school.key, major.code, 2020) in REVISED_IN_AUGUST:
                facts["revised"] = {"sheet": school.sheet, "row": row, "column": "Lulusan 2020"}
            row += 1
        ws.cell(row, 1, "Total")
        for col, value in enumerate(total, 2):
            ws.cell(row, col, value)
            _bold(ws.cell(row, col))
        _bold(ws.cell(row, 1))
        if school.key == _AUGUST_SIGNED_SHEET:
            ws.cell(row + 3, 4, "Mempawah, 12 Agustus 2020")
            ws.cell(row + 4, 4, "Kepala Sekolah,")
            ws.cell(row + 7, 4, "(tanda tangan)")
        _set_widths(ws, {"A": 34, "C": 30})
    _save_workbook(wb, path)
    return facts


# --------------------------------------------------------------------------------------------
# 3. The wide recap: one column per major, one row per school and year

_WIDE_MAJORS = [("FARMASI", "Farmasi"), ("KEPERAWATAN", "Keperawatan"), ("TLM", "TLM"), ("CAREGIVER", "Caregiver"),
                ("DENTAL", "Dental Asisten")]
_WIDE_NAME = {
    "BD": "SMK BINA DHARMA PONTIANAK", "BH": "SMK Kesehatan Bina Husada", "RF": "SMK Kesehatan Reformasi",
    "HB": "SMK Kesehatan Harapan Bangsa", "MS": "SMK Kes. Mitra Sehat", "BM": "SMK Kes. Bhakti Medika",
    "CH": "SMK Kesehatan Citra Husada", "NS": "SMK Kesehatan Nusantara Sintang", "N4": "SMKN 4 Sekadau",
}
_WIDE_REGION = {"61.71": "Kota Pontianak", "61.02": "Mempawah", "61.12": "Kubu Raya", "61.72": "Singkawang",
                "61.04": "Ketapang", "61.05": "Sintang", "61.09": "Sekadau"}


def _write_wide_recap(path: Path) -> dict:
    """rekap_lulusan_wide.xlsx: graduates per school × year, one column per major."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Lulusan"
    ws.cell(1, 1, "REKAP LULUSAN SMK KESEHATAN PER JURUSAN 2018-2020 (keadaan September 2020)")
    ws.cell(2, 1, SYNTHETIC)
    _bold(ws.cell(1, 1))
    header_row = 4
    # Column E is an empty spacer between the key columns and the majors.
    header = ["Nama Sekolah", "NPSN", "Kabupaten", "Tahun", None, *[label for _, label in _WIDE_MAJORS], "Jumlah"]
    for col, text in enumerate(header, 1):
        if text is not None:
            ws.cell(header_row, col, text)
            _bold(ws.cell(header_row, col))
    row = header_row + 1
    facts: dict = {"sheet": ws.title, "header_row": header_row, "spacer_rows": []}
    grand = Counter()
    schools = [s for s in SCHOOLS if s.in_july_list]  # Kapuas Medika has no graduates yet
    for index, year in enumerate((2018, 2019, 2020)):
        if index:  # a blank spacer row between the years
            facts["spacer_rows"].append(row)
            row += 1
        for school in schools:
            offered = {m.code: m for m in school.majors}
            ws.cell(row, 1, _WIDE_NAME[school.key])
            ws.cell(row, 2, int(school.npsn))  # the whole column typed as numbers
            ws.cell(row, 3, _WIDE_REGION[school.kab_kota_kode])
            ws.cell(row, 4, year)
            row_total = 0
            for col, (code, _) in enumerate(_WIDE_MAJORS, 6):
                if code not in offered:
                    continue  # blank: the major is not offered (the note under the table says so)
                value = _graduates(school, offered[code], year, "09")
                ws.cell(row, col, _as_count_cell(value))
                row_total += value or 0
                grand[code] += value or 0
            ws.cell(row, 6 + len(_WIDE_MAJORS), row_total)  # a row-total column, not a major
            row += 1
    ws.cell(row, 1, "TOTAL")
    for col, (code, _) in enumerate(_WIDE_MAJORS, 6):
        ws.cell(row, col, grand[code])
    ws.cell(row, 6 + len(_WIDE_MAJORS), sum(grand.values()))
    for col in range(1, 12):
        _bold(ws.cell(row, col))
    facts["total_row"] = row
    facts["grand"] = dict(grand)
    ws.cell(row + 2, 1, "Ket: kolom jurusan kosong = jurusan tidak ada di sekolah tersebut; - = tidak ada lulusan")
    _set_widths(ws, {"A": 34, "B": 11, "C": 15, "E": 2})
    _save_workbook(wb, path)
    return facts


# --------------------------------------------------------------------------------------------
# People: invented Indonesian respondents


@dataclass
class Person:
    """One invented respondent: who they are (the truth) and what they think."""

    pid: int
    name: str
    sex: str  # L / P
    born: dt.date
    nik: str | None  # the true 16 digits; None when the person never gives it
    phone: str  # 0812... as the person owns it
    email: str
    kab_kota_kode: str  # domicile
    kecamatan: int
    school_key: str | None  # a Persemki member, or None
    school_text: str  # canonical name of the school (member or not)
    jurusan: str  # jurusan_kode
    status: str  # SISWA / LULUS / MAHASISWA / LAINNYA
    kelas: str | None  # X / XI / XII for students
    tahun_lulus: int | None
    views: dict = field(default_factory=dict)  # interest, countries, ... (codes)


_MONTHLY_NEW_ONLINE = {  # new online respondents per month: a surge at the launch, then steady
    (2020, 7): 58, (2020, 8): 44, (2020, 9): 34, (2020, 10): 28, (2020, 11): 30, (2020, 12): 26,
    (2021, 1): 30, (2021, 2): 22, (2021, 3): 32, (2021, 4): 26, (2021, 5): 28, (2021, 6): 24,
}
_NON_MEMBER_SCHOOLS = [  # (written name, kab_kota_kode, jurusan codes) — not Persemki members
    ("SMK Kesehatan Kartini Sambas", "61.01", ["KEPERAWATAN", "FARMASI"]),
    ("SMK Negeri 1 Ngabang", "61.08", ["LAINNYA"]),
    ("SMA Negeri 2 Sungai Raya", "61.12", ["LAINNYA"]),
    ("SMK Kesehatan Kusuma Bangsa Sanggau", "61.03", ["KEPERAWATAN"]),
    ("MA Darul Falah Sambas", "61.01", ["LAINNYA"]),
]
_KECAMATAN_COUNT = {"61.71": 6, "61.02": 9, "61.12": 9, "61.72": 5, "61.04": 20, "61.05": 14, "61.09": 7,
                    "61.06": 23, "61.01": 19, "61.03": 15, "61.08": 13, "61.07": 17}
_PHONE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877", "0878", "0895", "0896"]
_FEMALE_PREFIXES = ["Syarifah", "Utin", "Dayang"]  # Pontianak Malay name prefixes
_MALE_PREFIXES = ["Syarif", "Uray", "Gusti"]
_APOSTROPHE_NAMES_F = ["Nur’aini", "Ma’rifatul", "Mu’minah"]  # typed with a curly apostrophe (cp1252 0x92)
_APOSTROPHE_NAMES_M = ["Ma’ruf", "Mu’amar"]
# Common names two different people share (different birth dates: never the same person).
_SHARED_NAMES = [("Siti Nurhaliza", "P"), ("Muhammad Rizki", "L"), ("Nur Aini", "P")]


def _names() -> dict[str, list[str]]:
    """Faker's id_ID name lists, sorted so the draw depends on their content only."""
    p = _IndonesianNames
    return {"first_P": sorted(set(p.first_names_female)), "first_L": sorted(set(p.first_names_male)),
            "last_P": sorted(set(p.last_names_female)), "last_L": sorted(set(p.last_names_male))}


def names_fingerprint() -> str:
    """A short hash of the Faker name lists the sample was drawn from (a different Faker may differ)."""
    names = _names()
    return hashlib.sha256(repr(sorted(names.items())).encode()).hexdigest()[:12]


def _person_name(rng: random.Random, names: dict[str, list[str]], sex: str) -> str:
    first = rng.choice(names[f"first_{sex}"])
    roll = rng.random()
    if roll < 0.04:
        first = rng.choice(_APOSTROPHE_NAMES_F if sex == "P" else _APOSTROPHE_NAMES_M)
    elif roll < 0.12:
        first = f"{rng.choice(_FEMALE_PREFIXES if sex == 'P' else _MALE_PREFIXES)} {first}"
    if rng.random() < 0.8:
        return f"{first} {rng.choice(names[f'last_{sex}'])}"
    return f"{first} {rng.choice(names[f'first_{sex}'])}"


def _nik(kab: str, kecamatan: int, sex: str, born: dt.date, serial: int) -> str:
    """A NIK built like a real one: region (6) + birth date DDMMYY (+40 on the day for women) + serial."""
    day = born.day + (40 if sex == "P" else 0)
    return f"{kab.replace('.', '')}{kecamatan:02d}{day:02d}{born:%m%y}{serial:04d}"


def _phone(rng: random.Random) -> str:
    return rng.choice(_PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def _email(rng: random.Random, name: str, born: dt.date) -> str:
    local = re.sub(r"[^a-z]", "", name.split()[0].lower()) + rng.choice(["", ".", "_"]) + \
        re.sub(r"[^a-z]", "", name.split()[-1].lower())
    return f"{local}{born:%y}@{rng.choice(['gmail.example', 'gmail.example', 'yahoo.example'])}"


def _weighted(rng: random.Random, options: dict) -> object:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def _school_weights() -> dict[str, float]:
    # Respondents come from schools roughly in proportion to their final-year students and recent graduates.
    return {s.key: sum(m.siswa[2] + (m.lulusan.get(2020) or 0) for m in s.majors) for s in SCHOOLS}


def _make_person(rng: random.Random, names, pid: int, on: dt.date, niks: set[str], *, school_key=None,
                 name=None, sex=None, status=None, family: Person | None = None) -> Person:
    """An invented respondent who answers on date ``on`` (a sibling of ``family`` when given)."""
    member = school_key is not None or rng.random() < 0.88
    if member:
        key = school_key or _weighted(rng, _school_weights())
        school = next(s for s in SCHOOLS if s.key == key)
        school_text, school_kab = school.name, school.kab_kota_kode
        jurusan = _weighted(rng, {m.code: m.siswa[2] + 10 for m in school.majors})
    else:
        key = None
        school_text, school_kab, majors = rng.choice(_NON_MEMBER_SCHOOLS)
        jurusan = rng.choice(majors)
    health = jurusan != "LAINNYA"
    sex = sex or ("P" if rng.random() < (0.8 if health else 0.5) else "L")
    status = status or _weighted(rng, {"SISWA": 50, "LULUS": 39, "MAHASISWA": 8, "LAINNYA": 3})
    school_year_end = on.year if on.month < 7 else on.year + 1  # the school year ends in June
    kelas, tahun_lulus = None, None
    if status == "SISWA":
        kelas = _weighted(rng, {"XII": 70, "XI": 25, "X": 5})
        grade_left = {"XII": 0, "XI": 1, "X": 2}[kelas]
        tahun_lulus = school_year_end + grade_left
    else:
        tahun_lulus = rng.choice([y for y in (2017, 2018, 2019, 2020) if y < school_year_end])
    # Born so as to finish SMK at about 18.
    birth_year = tahun_lulus - 18 + _weighted(rng, {-1: 15, 0: 70, 1: 15})
    born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    kab = school_kab if rng.random() < 0.82 else _weighted(
        rng, {"61.71": 25, "61.02": 15, "61.12": 20, "61.01": 8, "61.03": 6, "61.08": 6, "61.07": 5, "61.72": 8,
              "61.04": 4, "61.05": 3, "61.06": 3})
    kecamatan = rng.randint(1, _KECAMATAN_COUNT[kab])
    name = name or _person_name(rng, names, sex)
    phone = _phone(rng)
    if family is not None:  # a sibling: same family name, home and phone
        name = f"{name.split()[0]} {family.name.split()[-1]}"
        kab, kecamatan, phone = family.kab_kota_kode, family.kecamatan, family.phone
    while True:
        nik = _nik(kab, kecamatan, sex, born, rng.randint(5001, 9999))
        if nik not in niks:
            niks.add(nik)
            break
    person = Person(pid, name, sex, born, nik, phone, _email(rng, name, born), kab, kecamatan, key,
                    school_text, jurusan, status, kelas, tahun_lulus)
    person.views = _views(rng, person)
    return person


def _views(rng: random.Random, person: Person) -> dict:
    """What the person answers, as codes: plausible shares, careworker interest among nursing majors."""
    care = person.jurusan in ("KEPERAWATAN", "CAREGIVER")
    interest = _weighted(rng, {"YA": 66 if care else 55, "RAGU": 22, "TIDAK": 12 if care else 20})
    views: dict = {"minat": interest}
    if interest == "TIDAK":
        views.update(negara=[], program=[], sektor=[])
    else:
        countries = [c for c, share in [("JP", 0.58 if care else 0.45), ("MY", 0.42), ("KR", 0.22), ("TW", 0.14),
                                        ("HK", 0.07), ("SG", 0.06), ("SA", 0.03), ("BN", 0.03), ("DE", 0.01)]
                     if rng.random() < share]
        countries = countries or [_weighted(rng, {"JP": 5, "MY": 4, "KR": 1})]
        views["negara"] = countries[:3]
        programs = []
        if "JP" in countries:
            programs.append(_weighted(rng, {"SSW_JP": 60, "MAGANG_JP": 20, "G2G_JP": 12, "BELUM": 8}))
        if "KR" in countries and rng.random() < 0.6:
            programs.append("G2G_KR")
        if "TW" in countries and rng.random() < 0.5:
            programs.append("SP2T_TW")
        if ("MY" in countries or "HK" in countries) and rng.random() < 0.5:
            programs.append(_weighted(rng, {"P3MI": 70, "MANDIRI": 30}))
        if not programs or rng.random() < 0.1:
            programs = ["BELUM"]
        views["program"] = sorted(set(programs))
        sectors = []
        if care:
            sectors.append(_weighted(rng, {"CAREWORKER": 62, "PERAWAT": 38}))
        elif person.jurusan == "FARMASI":
            sectors.append(_weighted(rng, {"CAREWORKER": 30, "MANUFAKTUR": 25, "PERAWAT": 10, "APOTEK": 35}))
        else:
            sectors.append(_weighted(rng, {"MANUFAKTUR": 40, "PERHOTELAN": 25, "PERKEBUNAN": 15, "CAREWORKER": 20}))
        if "MY" in countries and rng.random() < 0.25:
            sectors.append(_weighted(rng, {"MANUFAKTUR": 2, "PERKEBUNAN": 1, "RUMAH_TANGGA": 1}))
        views["sektor"] = sorted(set(sectors))
    views["bahasa"] = _weighted(rng, {"BELUM": 62, "SEDIKIT": 25, "N5": 8, "JFT_A2": 2, "N4": 2.5, "N3": 0.5})
    views["pelatihan"] = _weighted(rng, {"YA": 74, "RAGU": 16, "TIDAK": 10} if interest != "TIDAK"
                                   else {"YA": 15, "RAGU": 25, "TIDAK": 60})
    views["izin"] = _weighted(rng, {"YA": 52, "BELUM": 22, "TIDAK": 20 if person.sex == "P" else 12, "RAGU": 6})
    views["sumber"] = sorted({_weighted(rng, {"SOSIALISASI": 30, "GURU": 22, "INSTAGRAM": 14, "FACEBOOK": 8,
                                               "TIKTOK": 6, "WA": 9, "INFLUENCER": 10, "TEMAN": 10, "KELUARGA": 5,
                                               "WEBSITE": 3})
                              for _ in range(1 + (rng.random() < 0.35))})
    views["paspor"] = _weighted(rng, {"Belum": 86, "Sudah": 6, "Sedang diurus": 8})
    return views


# --------------------------------------------------------------------------------------------
# Submissions: what each person typed into the form, at a moment


@dataclass
class Submission:
    """One submission as the person typed it (the answers are the raw text, as exported)."""

    at: dt.datetime
    person: Person | None  # None for the blank row with only a timestamp
    answers: dict[str, object]
    # How Google Sheets / Excel damaged this row on the way: decided once, applied by each writer.
    nik_number_in_sheets: bool = False  # Sheets stored the NIK as a number: 15 digits kept
    phone_number_in_sheets: bool = False  # Sheets stored the phone as a number: the leading 0 lost
    csv_nik: str = "text"  # in the CSV: "text", "sci" (6.17101E+15) or "zeroed" (6171014507030000)
    note: str = ""  # which planted trap this row belongs to ("again", "double", "shared", ...), if any
    twin_of: Submission | None = None  # a double-clicked copy of this submission


FORM_COLUMNS = [
    "Stempel waktu", "Alamat email", "Nama Lengkap", "NIK", "Jenis Kelamin", "Tanggal Lahir", "Nomor HP/WA",
    "Asal Sekolah", "Jurusan", "Kabupaten/Kota Domisili", "Status saat ini", "Tahun Lulus",
    "Apakah Anda berminat bekerja di luar negeri?", "Negara tujuan yang diminati",
    "Program penempatan yang diminati", "Bidang pekerjaan yang diminati", "Kemampuan bahasa Jepang",
    "Bersedia mengikuti pelatihan bahasa Jepang?", "Apakah orang tua mengizinkan?",
    "Dari mana Anda mengetahui informasi ini?",
]
# A question added to the form in January 2021: the later export has it as a last column.
PASSPORT_COLUMN = "Apakah Anda sudah memiliki paspor?"
PASSPORT_ADDED = dt.datetime(2021, 1, 1)

# Checkbox options in the form's order (Google Forms joins ticked options in this order, "Other" last).
_COUNTRY_OPTIONS = {"JP": "Jepang", "KR": "Korea Selatan", "TW": "Taiwan", "MY": "Malaysia", "HK": "Hong Kong",
                    "SG": "Singapura", "BN": "Brunei Darussalam", "SA": "Arab Saudi"}
_COUNTRY_OTHER = {"JP": ["Jepan", "JPN"], "KR": ["Korsel"], "MY": ["Sarawak"], "HK": ["Hongkong"],
                  "DE": ["Jerman"]}
_PROGRAM_OPTIONS = {"SSW_JP": "SSW / Tokutei Ginou (Jepang)", "G2G_JP": "G to G Jepang (IJEPA)",
                    "MAGANG_JP": "Magang Jepang", "G2G_KR": "G to G Korea (EPS-TOPIK)", "SP2T_TW": "SP2T Taiwan",
                    "P3MI": "Melalui perusahaan penempatan (P3MI)", "MANDIRI": "Mandiri", "BELUM": "Belum tahu"}
# The careworker option holds a comma: split checkbox answers by the known options, not blindly.
_SECTOR_OPTIONS = {"CAREWORKER": "Perawat lansia (careworker, kaigo)", "PERAWAT": "Perawat rumah sakit",
                   "MANUFAKTUR": "Pabrik / manufaktur", "PERKEBUNAN": "Perkebunan",
                   "PERHOTELAN": "Perhotelan / restoran", "RUMAH_TANGGA": "Asisten rumah tangga"}
_SECTOR_OTHER = {"APOTEK": "Apotek / farmasi"}
_LANGUAGE_OPTIONS = {"BELUM": "Belum bisa", "SEDIKIT": "Sedikit-sedikit (belajar sendiri)", "N5": "JLPT N5",
                     "JFT_A2": "JFT-Basic A2", "N4": "JLPT N4", "N3": "JLPT N3"}
_SOURCE_OPTIONS = {"SOSIALISASI": "Sosialisasi BP2MI di sekolah", "GURU": "Guru / pihak sekolah",
                   "INSTAGRAM": "Instagram", "FACEBOOK": "Facebook", "TIKTOK": "TikTok", "WA": "Grup WhatsApp",
                   "INFLUENCER": "Influencer media sosial", "TEMAN": "Teman / kakak kelas", "KELUARGA": "Keluarga",
                   "WEBSITE": "Website BP2MI"}
_STATUS_TEXT = {"SISWA": "Siswa SMK", "LULUS_KERJA": "Sudah lulus, sudah bekerja",
                "LULUS": "Sudah lulus, belum bekerja", "MAHASISWA": "Mahasiswa", "LAINNYA": "Berhenti sekolah"}
# Free-text answers to yes/no questions, as people type them.
_YES_TYPED = ["Ya", "Ya", "Ya", "iya", "YA ", "ya", "Bersedia", "Mau"]
_NO_TYPED = ["Tidak", "Tidak", "tdk", "Tdk", "tidak"]
_UNSURE_TYPED = ["Ragu-ragu", "ragu-ragu", "belum tahu", "Mungkin", "Belum tahu"]

# How people write their school, major and region: spelling -> weight.
_SCHOOL_SPELLINGS = {
    "BD": {"SMK Kesehatan Bina Dharma": 5, "SMK Kes Bina Dharma": 3, "smk kes. bina dharma ptk": 2,
           "SMKS Kesehatan Bina Dharma Pontianak": 2, "SMK BINA DHARMA PONTIANAK": 2, "SMK Bina Darma": 1,
           "Bina Dharma": 1},
    "BH": {"SMK Kesehatan Bina Husada": 5, "SMK Kes. Bina Husada Pontianak": 3, "smk bina husada": 2,
           "Bina Husada": 1},
    "RF": {"SMK Kesehatan Reformasi": 5, "SMK Kes Reformasi Pontianak": 3, "SMK REFORMASI": 2,
           "smk reformasi ptk": 2},
    "HB": {"SMK Kesehatan Harapan Bangsa": 5, "SMK Harapan Bangsa Mempawah": 3, "smk kes harapan bangsa": 2},
    "MS": {"SMK Kesehatan Mitra Sehat": 5, "SMK Mitra Sehat Kubu Raya": 3, "SMKS Kes. Mitra Sehat": 2},
    "BM": {"SMK Kesehatan Bhakti Medika": 5, "SMK Bhakti Medika Singkawang": 3, "smk bakti medika skw": 2},
    "CH": {"SMK Kesehatan Citra Husada": 5, "SMK Citra Husada Ketapang": 3, "smk kes citra husada": 2},
    "NS": {"SMK Kesehatan Nusantara": 5, "SMK Nusantara Sintang": 3, "SMK KES NUSANTARA SINTANG": 2},
    "N4": {"SMK Negeri 4 Sekadau": 5, "SMKN 4 Sekadau": 3, "smkn 4 sekadau": 2},
    "KM": {"SMK Kesehatan Kapuas Medika": 5, "SMK Kapuas Medika Putussibau": 3},
}
_MAJOR_SPELLINGS = {
    "KEPERAWATAN": {"Keperawatan": 30, "Asisten Keperawatan": 20, "keperawatan": 8, "Kep": 5, "AKCG": 8,
                    "Asisten Keperawatan & Caregiver": 8, "Perawat": 4},
    "FARMASI": {"Farmasi": 40, "FARMASI": 8, "Farmasi Klinis dan Komunitas": 15, "FKK": 10,
                "farmasi klinis & komunitas": 4},
    "TLM": {"TLM": 10, "Analis Kesehatan": 8, "Teknologi Laboratorium Medik": 8, "Ankes": 3},
    "CAREGIVER": {"Caregiver": 8, "Care Giver": 2, "caregiver": 2},
    "DENTAL": {"Dental Asisten": 3, "Asisten Dental": 2},
    "LAINNYA": {"TKJ": 3, "Akuntansi": 3, "IPA": 2, "Otomatisasi dan Tata Kelola Perkantoran": 1},
}
_REGION_SPELLINGS = {
    "61.71": {"Pontianak": 40, "Kota Pontianak": 25, "PONTIANAK": 6, "Ptk": 8, "Pontianak Kota": 2},
    "61.02": {"Mempawah": 20, "Kab. Pontianak": 8, "Kabupaten Mempawah": 4, "mempawah": 3},
    "61.12": {"Kubu Raya": 25, "Kab. Kubu Raya": 10, "KKR": 5, "Sungai Raya": 4},
    "61.72": {"Singkawang": 20, "Kota Singkawang": 8, "SKW": 3},
    "61.04": {"Ketapang": 10, "Kab. Ketapang": 3}, "61.05": {"Sintang": 1}, "61.09": {"Sekadau": 1},
    "61.06": {"Kapuas Hulu": 4, "Putussibau": 2, "Kapuas": 1}, "61.01": {"Sambas": 4, "Kab. Sambas": 1},
    "61.03": {"Sanggau": 1}, "61.08": {"Landak": 3, "Ngabang": 1}, "61.07": {"Bengkayang": 1},
}


def _typed_name(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.18:
        name = name.upper()
    elif roll < 0.26:
        name = name.lower()
    if rng.random() < 0.06:
        name += " "
    return name


def _typed_phone(rng: random.Random, phone: str) -> str:
    """One phone number in the ways people write it: 0812-3456-7890, +62 812 3456 7890, 6281234567890…"""
    rest = phone[1:]
    style = _weighted(rng, {"plain": 45, "dash": 15, "plus_spaced": 12, "62": 10, "spaced": 10, "plus": 8})
    groups = f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    return {"plain": phone, "dash": groups.replace(" ", "-"), "spaced": groups,
            "plus_spaced": f"+62 {rest[:3]} {rest[3:7]} {rest[7:]}", "62": "62" + rest, "plus": "+62" + rest}[style]


def _yes_no(rng: random.Random, code: str, *, typed: float) -> str:
    """A yes/no/unsure answer: the form's option, or (share ``typed``) what people type instead."""
    if rng.random() < typed:
        return rng.choice({"YA": _YES_TYPED, "TIDAK": _NO_TYPED, "RAGU": _UNSURE_TYPED, "BELUM": _UNSURE_TYPED}[code])
    return {"YA": "Ya", "TIDAK": "Tidak", "RAGU": "Ragu-ragu", "BELUM": "Belum ditanyakan"}[code]


def _checkbox(rng: random.Random, chosen: list[str], options: dict[str, str], other: dict) -> str:
    """Ticked options joined with ", " in the form's order; a typed "other" answer comes last."""
    ticked, typed = [], []
    for code in chosen:
        spellings = other.get(code)
        if code not in options or (spellings and rng.random() < 0.12):
            spelling = rng.choice(spellings) if isinstance(spellings, list) else spellings
            typed.append(spelling or code)
        else:
            ticked.append(code)
    order = list(options)
    return ", ".join([options[c] for c in sorted(ticked, key=order.index)] + typed)


def _online_answers(rng: random.Random, person: Person, at: dt.datetime) -> dict[str, object]:
    """The row a Google Forms export holds for one submission, as the person typed it."""
    v = person.views
    nik = person.nik
    if nik is not None and rng.random() < 0.05:
        nik = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
    status = person.status
    if status == "LULUS":
        status = "LULUS_KERJA" if rng.random() < 0.4 else "LULUS"
    if person.status == "SISWA":
        tahun = _weighted(rng, {str(person.tahun_lulus): 55, "": 25, "belum lulus": 10, "-": 10})
    else:
        tahun = _weighted(rng, {str(person.tahun_lulus): 85, f"Thn {person.tahun_lulus}": 8,
                                f"{person.tahun_lulus} ": 7})
    if v["minat"] == "TIDAK":
        negara = _weighted(rng, {"-": 40, "": 30, "Tidak ingin ke luar negeri": 20, "belum tahu": 10})
    else:
        negara = _checkbox(rng, v["negara"], _COUNTRY_OPTIONS, _COUNTRY_OTHER)
    answers = {
        "Alamat email": person.email,
        "Nama Lengkap": _typed_name(rng, person.name),
        "NIK": nik or "",
        "Jenis Kelamin": "Perempuan" if person.sex == "P" else "Laki-laki",
        "Tanggal Lahir": person.born,
        "Nomor HP/WA": _typed_phone(rng, person.phone),
        "Asal Sekolah": _school_spelling(rng, person),
        "Jurusan": _major_spelling(rng, person),
        "Kabupaten/Kota Domisili": _weighted(rng, _REGION_SPELLINGS[person.kab_kota_kode]),
        "Status saat ini": _STATUS_TEXT[status],
        "Tahun Lulus": tahun,
        "Apakah Anda berminat bekerja di luar negeri?": _yes_no(rng, v["minat"], typed=0.2),
        "Negara tujuan yang diminati": negara,
        "Program penempatan yang diminati": _checkbox(rng, v["program"], _PROGRAM_OPTIONS, {}),
        "Bidang pekerjaan yang diminati": _checkbox(rng, v["sektor"], _SECTOR_OPTIONS, _SECTOR_OTHER),
        "Kemampuan bahasa Jepang": _LANGUAGE_OPTIONS[v["bahasa"]],
        "Bersedia mengikuti pelatihan bahasa Jepang?": _yes_no(rng, v["pelatihan"], typed=0.6),
        "Apakah orang tua mengizinkan?": _yes_no(rng, v["izin"], typed=0.0),
        "Dari mana Anda mengetahui informasi ini?": _checkbox(rng, v["sumber"], _SOURCE_OPTIONS, {}),
        PASSPORT_COLUMN: v["paspor"] if at >= PASSPORT_ADDED else "",
    }
    if v["minat"] == "TIDAK":
        answers["Program penempatan yang diminati"] = _weighted(rng, {"": 60, "Belum tahu": 30, "-": 10})
        answers["Bidang pekerjaan yang diminati"] = _weighted(rng, {"": 70, "-": 30})
    return answers


def _major_spelling(rng: random.Random, person: Person) -> str:
    if person.status == "MAHASISWA" and person.jurusan in ("KEPERAWATAN", "FARMASI") and rng.random() < 0.3:
        return f"D3 {person.jurusan.title()}"
    if person.jurusan == "KEPERAWATAN" and rng.random() < 0.03:
        return "AK"  # ambiguous: Asisten Keperawatan, Analis Kesehatan or Akuntansi
    return _weighted(rng, _MAJOR_SPELLINGS[person.jurusan])


def _school_spelling(rng: random.Random, person: Person) -> str:
    if person.school_key is None:
        return person.school_text
    return _weighted(rng, _SCHOOL_SPELLINGS[person.school_key])


def _random_moment(rng: random.Random, day: dt.date) -> dt.datetime:
    hour = _weighted(rng, {7: 3, 8: 4, 9: 6, 10: 7, 11: 6, 12: 5, 13: 6, 14: 6, 15: 5, 16: 5, 17: 4, 18: 4, 19: 7,
                           20: 9, 21: 8, 22: 4, 23: 2})
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)))


def _days_of(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta(days=i) for i in range(31) if (first + dt.timedelta(days=i)).month == month]
    return [d for d in days if _FIRST_DAY <= d < FORMS_CSV_EXPORTED.date()]


@dataclass
class Questionnaires:
    online: list[Submission]  # every online submission up to the June 2021 export, by time
    paper: dict[str, list[Submission]]  # per sheet of the paper file
    people: int  # distinct invented persons
    # The planted traps: kind -> groups of submissions (pairs, or single rows), for the README.
    traps: dict[str, list[tuple[Submission, ...]]]


def _build_questionnaires(seed: int) -> Questionnaires:
    """Invent the respondents and their submissions, with the traps of issue 4 planted."""
    rng = random.Random(seed)
    names = _names()
    niks: set[str] = set()
    people: list[Person] = []
    online: list[Submission] = []
    traps: dict[str, list[tuple[Submission, ...]]] = {}

    def new_person(on: dt.date, **kwargs) -> Person:
        person = _make_person(rng, names, len(people) + 1, on, niks, **kwargs)
        people.append(person)
        return person

    for (year, month), count in _MONTHLY_NEW_ONLINE.items():
        days = _days_of(year, month)
        for _ in range(count):
            at = _random_moment(rng, rng.choice(days))
            person = new_person(at.date())
            online.append(Submission(at, person, _online_answers(rng, person, at)))
    online.sort(key=lambda s: s.at)

    # Some people leave the NIK blank (it is not required): same name + birth date must find them.
    for sub in online:
        if rng.random() < 0.06:
            sub.person.nik = None
            sub.answers["NIK"] = ""
    # Wrong length (a digit missed) and "-": damaged NIKs that cannot decide anything.
    typo = [s for s in online if s.person.nik][10:12]
    for sub in typo:
        sub.answers["NIK"] = sub.person.nik[:9] + sub.person.nik[10:]
    dash = [s for s in online if s.person.nik][20]
    dash.answers["NIK"] = "-"
    traps["nik_15_digit"] = [(s,) for s in typo]
    traps["nik_dash"] = [(dash,)]

    extra: list[Submission] = []
    # Two different people who share a common name (different birth dates, different NIKs).
    shared = []
    for index, (name, sex) in enumerate(_SHARED_NAMES):
        for month in ((2020, 8), (2021, 3)) if index != 2 else ((2020, 10), (2020, 11)):
            at = _random_moment(rng, rng.choice(_days_of(*month)))
            person = new_person(at.date(), name=name, sex=sex)
            sub = Submission(at, person, _online_answers(rng, person, at), note="shared")
            sub.answers["Nama Lengkap"] = name
            extra.append(sub)
            shared.append(sub)
    # Siblings who share one phone (different names and birth dates).
    siblings = []
    for month in ((2020, 9), (2021, 2)):
        day = rng.choice(_days_of(*month))
        older = new_person(day, status="LULUS")
        younger = new_person(day, status="SISWA", school_key=older.school_key or "BD", family=older)
        for person in (older, younger):
            at = _random_moment(rng, day)
            sub = Submission(at, person, _online_answers(rng, person, at), note="sibling")
            sub.answers["Nomor HP/WA"] = older.phone
            extra.append(sub)
            siblings.append(sub)

    # The same person submits again later, with a changed mind; some without any NIK.
    first_ones = [s for s in online if s.at.date() < dt.date(2021, 5, 1)]
    with_nik = [s for s in first_ones if s.person.nik and s.answers["NIK"] == s.person.nik]
    without_nik = [s for s in first_ones if s.person.nik is None]
    again = rng.sample(with_nik, 13) + rng.sample(without_nik, 4)
    resubmissions = []
    for sub in again:
        later = sub.at + dt.timedelta(days=rng.randint(2, 75), minutes=rng.randint(0, 600))
        if later >= FORMS_CSV_EXPORTED:
            later = FORMS_CSV_EXPORTED - dt.timedelta(days=3, hours=rng.randint(1, 30))
        person = sub.person
        person.views = dict(person.views)
        if person.views["minat"] == "RAGU":
            person.views.update(minat="YA", negara=person.views["negara"] or ["JP"])
        person.views["izin"] = "YA" if person.views["izin"] in ("BELUM", "RAGU") else person.views["izin"]
        answers = _online_answers(rng, person, later)
        if person.nik is None:
            answers["NIK"] = ""
        new = Submission(later, person, answers, note="again")
        sub.note = "first"
        resubmissions.append((sub, new))
        extra.append(new)
    # Double-clicked "Kirim": the same answers twice, seconds apart.
    doubles = []
    for sub in rng.sample([s for s in online if s.at < FORMS_XLSX_EXPORTED and not s.note], 2):
        twin = Submission(sub.at + dt.timedelta(seconds=rng.randint(2, 6)), sub.person, dict(sub.answers),
                          note="double", twin_of=sub)
        extra.append(twin)
        doubles.append((sub, twin))
    # Blank rows with only a timestamp.
    blanks = [Submission(_random_moment(rng, dt.date(2020, 9, 14)), None, {}, note="blank"),
              Submission(_random_moment(rng, dt.date(2021, 2, 3)), None, {}, note="blank")]
    online = sorted(online + extra + blanks, key=lambda s: s.at)

    traps["resubmitted_nik"] = [pair for pair in resubmissions if pair[0].person.nik]
    traps["resubmitted_no_nik"] = [pair for pair in resubmissions if not pair[0].person.nik]
    traps["double_click"] = doubles
    traps["shared_name"] = [tuple(shared[i:i + 2]) for i in range(0, len(shared), 2)]
    traps["siblings"] = [tuple(siblings[i:i + 2]) for i in range(0, len(siblings), 2)]
    traps["blank"] = [(b,) for b in blanks]
    traps["nik_damaged_then_intact"] = [_plant_sheet_damage(rng, online, resubmissions)]
    paper, traps["paper_and_online"], traps["paper_shared_name"] = _paper_submissions(rng, online, new_person)
    return Questionnaires(online, paper, len(people), traps)


def _plant_sheet_damage(rng: random.Random, online: list[Submission], resubmissions) -> tuple[Submission, ...]:
    """Decide, per row, how Google Sheets and Excel damaged the NIK and the phone on the way.

    Returns one person's two submissions: the first with a damaged NIK, the second intact.
    """
    plain = [s for s in online if s.person and s.person.nik and s.answers["NIK"] == s.person.nik
             and s.twin_of is None]
    for sub in plain:
        if sub.at < FORMS_XLSX_EXPORTED and rng.random() < 0.015:
            sub.nik_number_in_sheets = True  # the Dec 2020 xlsx holds it as a number already
        if sub.nik_number_in_sheets or rng.random() < 0.3:
            sub.csv_nik = "sci"
    for sub in rng.sample([s for s in plain if s.csv_nik == "text"], 3):
        sub.csv_nik = "zeroed"
    # One person's first submission damaged, the second intact: the surviving digits confirm.
    first, second = next((a, b) for a, b in resubmissions if a.person.nik and a.answers["NIK"] == a.person.nik
                         and b.answers["NIK"] == b.person.nik)
    first.csv_nik, second.csv_nik = "sci", "text"
    # Phones typed as plain digits that Sheets stored as numbers: three by December, three later.
    plain_phone = [s for s in online if s.person and s.twin_of is None
                   and re.fullmatch(r"0\d+", str(s.answers["Nomor HP/WA"]))]
    for sub in rng.sample([s for s in plain_phone if s.at < FORMS_XLSX_EXPORTED], 3) + \
            rng.sample([s for s in plain_phone if s.at >= FORMS_XLSX_EXPORTED], 3):
        sub.phone_number_in_sheets = True
    for sub in online:  # a double-clicked copy is damaged exactly as its original
        if sub.twin_of is not None:
            original = sub.twin_of
            sub.nik_number_in_sheets, sub.phone_number_in_sheets, sub.csv_nik = (
                original.nik_number_in_sheets, original.phone_number_in_sheets, original.csv_nik)
    return first, second


# --------------------------------------------------------------------------------------------
# 4-5. The Google Forms exports


def _timestamp_text(at: dt.datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M:%S")


def _write_forms_xlsx(path: Path, online: list[Submission]) -> dict:
    """kuesioner_minat_2020-12.xlsx: the form's responses sheet as downloaded in December 2020."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Tanggapan Formulir 1"
    ws.append(FORM_COLUMNS)
    rows = [s for s in online if s.at < FORMS_XLSX_EXPORTED]
    facts: dict = {"rows": len(rows), "row_of": {}, "nik_number_rows": [], "phone_number_rows": []}
    for row, sub in enumerate(rows, 2):
        facts["row_of"][id(sub)] = row
        ws.cell(row, 1, _timestamp_text(sub.at))  # text, as the brief's export has it
        if sub.person is None:
            continue
        for col, column in enumerate(FORM_COLUMNS[1:], 2):
            value = sub.answers[column]
            if column == "NIK" and sub.nik_number_in_sheets:
                value = float(value[:15] + "0")  # Sheets kept 15 digits
            elif column == "Nomor HP/WA" and sub.phone_number_in_sheets:
                value = int(value)  # the leading 0 is gone
            elif column == "Tahun Lulus" and re.fullmatch(r"\d{4}", str(value)):
                value = int(value)
            if value == "":
                value = None
            cell = ws.cell(row, col, value)
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif column == "NIK" and isinstance(value, float):
                cell.number_format = "0"
        if sub.nik_number_in_sheets:
            facts["nik_number_rows"].append(row)
        if sub.phone_number_in_sheets:
            facts["phone_number_rows"].append(row)
    _set_widths(ws, {"A": 19, "B": 28, "C": 26, "D": 19, "H": 30})
    _save_workbook(wb, path)
    return facts


def _csv_nik(sub: Submission) -> str:
    value = str(sub.answers["NIK"])
    if sub.csv_nik == "sci":
        return f"{float(value):.5E}"  # Excel's General format: 6.17101E+15
    if sub.csv_nik == "zeroed":
        return value[:15] + "0"  # a number column: 15 digits kept, the 16th is a 0
    return value


def _write_forms_csv(path: Path, online: list[Submission]) -> dict:
    """kuesioner_minat_2021-06.csv: the cumulative June 2021 export, saved as CSV by Indonesian Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    columns = [*FORM_COLUMNS, PASSPORT_COLUMN]
    writer.writerow(columns)
    facts: dict = {"rows": len(online), "row_of": {}, "sci_rows": [], "zeroed_rows": [], "phone_number_rows": []}
    for row, sub in enumerate(online, 2):
        facts["row_of"][id(sub)] = row
        if sub.person is None:
            writer.writerow([_timestamp_text(sub.at)] + [""] * (len(columns) - 1))
            continue
        cells = [_timestamp_text(sub.at)]
        for column in columns[1:]:
            value = sub.answers[column]
            if column == "NIK":
                value = _csv_nik(sub)
            elif column == "Nomor HP/WA" and sub.phone_number_in_sheets:
                value = str(value)[1:]
            elif isinstance(value, dt.date):
                value = value.strftime("%d/%m/%Y")
            cells.append(value)
        writer.writerow(cells)
        if sub.csv_nik != "text":
            facts[f"{sub.csv_nik}_rows"].append(row)
        if sub.phone_number_in_sheets:
            facts["phone_number_rows"].append(row)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return facts


# --------------------------------------------------------------------------------------------
# 6. Paper forms typed in by hand

_VISITS = [  # (sheet, school, visit date, title, layout)
    ("Reformasi 14-01-2021", "RF", dt.date(2021, 1, 14),
     "Sosialisasi di SMK Kesehatan Reformasi Pontianak, 14 Januari 2021", "tempat_tgl"),
    ("Ketapang Mar 2021", "CH", dt.date(2021, 3, 9),
     "Sosialisasi di SMK Kesehatan Citra Husada Ketapang, 9 Maret 2021", "tgl"),
    ("Bhakti Medika Mei 2021", "BM", dt.date(2021, 5, 20),
     "Sosialisasi di SMK Kesehatan Bhakti Medika Singkawang, 20 Mei 2021", "tempat_tgl"),
]
_PAPER_COLUMNS = {
    "tempat_tgl": ["No", "Tgl Isi", "Nama Siswa", "L/P", "Tempat, Tgl Lahir", "Umur", "Asal Sekolah",
                   "Kelas/Alumni", "Minat Kerja LN", "Minat Negara", "NIK", "No. HP", "Keterangan"],
    "tgl": ["No", "Tgl Isi", "Nama Siswa", "L/P", "Tgl Lahir", "Umur", "Asal Sekolah", "Kelas/Alumni",
            "Minat Kerja LN", "Minat Negara", "No. HP", "Keterangan"],
}
_PLACE = {"61.71": "Pontianak", "61.02": "Mempawah", "61.12": "Sungai Raya", "61.72": "Singkawang",
          "61.04": "Ketapang", "61.05": "Sintang", "61.09": "Sekadau", "61.06": "Putussibau", "61.01": "Sambas",
          "61.03": "Sanggau", "61.08": "Ngabang", "61.07": "Bengkayang"}
_REMARKS = ["ortu belum mengizinkan", "ikut les bahasa Jepang (N5)", "ingin jadi caregiver di Jepang",
            "kakak bekerja di Malaysia", "minta info jadwal pelatihan", "tidak punya paspor"]


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _paper_birth(rng: random.Random, born: dt.date, style: str) -> object:
    if style == "words":
        return f"{born.day} {_BULAN[born.month - 1]} {born.year}"
    if style == "dash":
        return born.strftime("%d-%m-%Y")
    return dt.datetime.combine(born, dt.time())  # an Excel date cell


def _paper_submissions(rng: random.Random, online: list[Submission], new_person):
    """Rows typed from paper forms collected at three school visits in 2021.

    Returns the rows per sheet, the (paper row, online submission) pairs of students who
    answered both ways, and the paper "Muhammad Rizki" with the online namesakes.
    """
    sheets: dict[str, list[Submission]] = {}
    both: list[tuple[Submission, Submission]] = []
    namesake: list[tuple[Submission, ...]] = []
    for sheet, school_key, day, _title, layout in _VISITS:
        rows: list[Submission] = []
        # Students of the visited school who had already answered online (no NIK on paper).
        earlier = {}
        for sub in online:
            if sub.person and sub.person.school_key == school_key and sub.at.date() < day \
                    and sub.person.status == "SISWA":
                earlier.setdefault(sub.person.pid, sub)
        for sub in rng.sample(list(earlier.values()), min(4, len(earlier))):
            rows.append(_paper_row(rng, sub.person, day, layout, note="online"))
            both.append((rows[-1], sub))
        for _ in range(rng.randint(20, 24)):
            person = new_person(day, school_key=school_key,
                                status=_weighted(rng, {"SISWA": 85, "LULUS": 15}))
            rows.append(_paper_row(rng, person, day, layout))
        if school_key == "CH":  # one more "Muhammad Rizki", born on another day
            person = new_person(day, school_key=school_key, name="Muhammad Rizki", sex="L", status="SISWA")
            rows.append(_paper_row(rng, person, day, layout, note="shared"))
            rows[-1].answers["Nama Siswa"] = "Muhammad Rizki"
            namesake.append((rows[-1], *[s for s in online if s.note == "shared"
                                         and s.answers["Nama Lengkap"] == "Muhammad Rizki"]))
        rng.shuffle(rows)
        sheets[sheet] = rows
    return sheets, both, namesake


def _paper_row(rng: random.Random, person: Person, day: dt.date, layout: str, note: str = "") -> Submission:
    v = person.views
    interest = {"YA": _YES_TYPED + ["Ya"] * 4, "TIDAK": _NO_TYPED, "RAGU": _UNSURE_TYPED}[v["minat"]]
    if v["minat"] == "TIDAK":
        negara = rng.choice(["-", "", "-"])
    else:
        written = {"JP": ["Jepang", "Jepang", "Jepan", "JPN", "jepang"], "KR": ["Korsel", "Korea Selatan", "Korea"],
                   "MY": ["Malaysia", "Sarawak", "malaysia"], "HK": ["Hongkong"], "TW": ["Taiwan"],
                   "SG": ["Singapura"], "SA": ["Arab Saudi"], "BN": ["Brunei"], "DE": ["Jerman"]}
        negara = rng.choice([", ", ", ", "; "]).join(rng.choice(written[c]) for c in v["negara"])
    if person.status == "SISWA":
        kelas = rng.choice([person.kelas or "XII", person.kelas or "XII", f"Kls {person.kelas or 'XII'}",
                            f"{person.kelas or 'XII'} {next(iter(_MAJOR_SPELLINGS[person.jurusan]))}"])
    else:
        kelas = rng.choice([f"Alumni {person.tahun_lulus}", f"alumni {person.tahun_lulus}"])
    style = _weighted(rng, {"words": 45, "dash": 30, "cell": 25})
    birth = _paper_birth(rng, person.born, style)
    if layout == "tempat_tgl":
        place = _PLACE[person.kab_kota_kode] if rng.random() < 0.85 else "Ptk"
        birth = f"{place}, {birth:%d-%m-%Y}" if isinstance(birth, dt.datetime) else f"{place}, {birth}"
    age = _age(person.born, day)
    answers = {
        "Tgl Isi": dt.datetime.combine(day, dt.time()) if layout == "tempat_tgl" else day.strftime("%d-%m-%Y"),
        "Nama Siswa": _typed_name(rng, person.name),
        "L/P": rng.choice({"L": ["L", "L", "Lk"], "P": ["P", "P", "p", "Pr"]}[person.sex]),
        "Tempat, Tgl Lahir": birth, "Tgl Lahir": birth,
        "Umur": rng.choice([f"{age} th", f"{age} th", f"{age}", f"{age} thn", f"{age} tahun"]),
        "Asal Sekolah": _school_spelling(rng, person),
        "Kelas/Alumni": kelas,
        "Minat Kerja LN": rng.choice(interest),
        "Minat Negara": negara,
        "NIK": person.nik if (person.nik and rng.random() < 0.2 and not note) else "",
        "No. HP": _typed_phone(rng, person.phone),
        "Keterangan": rng.choice(_REMARKS) if rng.random() < 0.2 else "",
    }
    if v["izin"] == "TIDAK" and rng.random() < 0.5:
        answers["Keterangan"] = "ortu belum mengizinkan"
    return Submission(dt.datetime.combine(day, dt.time()), person, answers, note=note)


def _write_paper(path: Path, paper: dict[str, list[Submission]]) -> dict:
    """kuesioner_kertas_2021.xlsx: one sheet per school visit, title rows above the header."""
    wb = _new_workbook()
    wb.remove(wb.active)
    facts: dict = {"sheets": {}, "row_of": {}}
    for sheet, _school, _day, title, layout in _VISITS:
        ws = wb.create_sheet(sheet)
        ws.cell(1, 1, "REKAP KUESIONER MINAT KERJA KE LUAR NEGERI")
        ws.cell(2, 1, title)
        ws.cell(3, 1, SYNTHETIC)
        columns = _PAPER_COLUMNS[layout]
        header_row = 5
        for col, text in enumerate(columns, 1):
            ws.cell(header_row, col, text)
            _bold(ws.cell(header_row, col))
        row = header_row + 1
        blank_row = None
        rows = paper[sheet]
        for number, sub in enumerate(rows, 1):
            if number == 12:  # a row left blank between two pages of forms
                blank_row = row
                row += 1
            facts["row_of"][id(sub)] = (sheet, row)
            ws.cell(row, 1, number)
            for col, column in enumerate(columns[1:], 2):
                value = sub.answers[column]
                cell = ws.cell(row, col, value if value != "" else None)
                if isinstance(value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
            row += 1
        ws.cell(row + 1, 1, "Keterangan: diketik ulang dari formulir kertas")
        facts["sheets"][sheet] = {"rows": len(rows), "header_row": header_row, "blank_row": blank_row,
                                  "note_row": row + 1}
        _set_widths(ws, {"B": 11, "C": 26, "E": 28, "G": 30, "I": 14, "J": 24})
    _save_workbook(wb, path)
    return facts


# --------------------------------------------------------------------------------------------
# Openings and the README


def _write_openings(path: Path) -> None:
    """lowongan.csv: the openings the programme announced (the pipeline's target)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["program_kode", "sektor_kode", "negara", "jumlah", "mulai", "selesai", "sumber"])
    writer.writerow(["SSW_JP", "CAREWORKER", "JP", 1500, "2020-07-01", "2023-06-30",
                     "Program Jejak Perintis BP2MI, Juli 2020 (angka yang diumumkan)"])
    path.write_bytes(out.getvalue().encode("utf-8"))


def _month_counts(online: list[Submission], paper: dict[str, list[Submission]]) -> Counter:
    months = Counter(f"{s.at:%Y-%m}" for s in online if s.person)
    months.update(f"{s.at:%Y-%m}" for rows in paper.values() for s in rows)
    return months


def _rows_text(rows) -> str:
    return ", ".join(str(r) for r in rows) if rows else "—"


def _trap_lines(q: Questionnaires, fx: dict, fc: dict, paper: dict) -> list[str]:
    """Where each planted questionnaire trap sits: rows of the June CSV (which holds every online row)."""
    csv_row, paper_row = fc["row_of"], paper["row_of"]

    def pairs(kind: str, joiner: str = " → ") -> str:
        groups = sorted(tuple(sorted(csv_row[id(s)] for s in group)) for group in q.traps[kind])
        return "; ".join(joiner.join(map(str, group)) for group in groups)

    def singles(kind: str) -> str:
        return _rows_text(csv_row[id(group[0])] for group in q.traps[kind])

    both = "; ".join(f"`{sheet}` baris {row} ↔ CSV baris {online}" for sheet, row, online in sorted(
        (*paper_row[id(p)], csv_row[id(o)]) for p, o in q.traps["paper_and_online"]))
    namesake = "; ".join(f"`{paper_row[id(group[0])][0]}` baris {paper_row[id(group[0])][1]} (online: CSV baris "
                         f"{_rows_text(csv_row[id(s)] for s in group[1:])})" for group in q.traps["paper_shared_name"])
    first, second = q.traps["nik_damaged_then_intact"][0]
    return [
        f"Baris Desember = baris yang sama di CSV Juni: baris 2–{fx['rows'] + 1} kedua berkas memuat kiriman yang",
        "sama dalam urutan yang sama (kiriman yang sama terlihat di dua ekspor).",
        "",
        f"- Kirim ulang, NIK sama (baris pertama → kiriman ulang, yang terbaru berlaku): {pairs('resubmitted_nik')}.",
        f"- Kirim ulang tanpa NIK (nama + tanggal lahir sama): {pairs('resubmitted_no_nik')}.",
        f"- Klik ganda (jawaban sama, selisih detik): {pairs('double_click')}.",
        f"- Nama sama, orang berbeda (tanggal lahir dan NIK beda): {pairs('shared_name', ' & ')}; dan {namesake}.",
        f"- Saudara kandung, satu nomor HP (nama dan tanggal lahir beda): {pairs('siblings', ' & ')}.",
        f"- Mengisi online lalu kertas (tanpa NIK di kertas): {both}.",
        f"- NIK rusak di kiriman pertama (CSV baris {csv_row[id(first)]}, \"6.17101E+15\") tetapi utuh di kiriman",
        f"  ulang (baris {csv_row[id(second)]}): digit yang tersisa hanya boleh menguatkan.",
        f"- Baris kosong, hanya stempel waktu: CSV baris {singles('blank')} (Desember: baris "
        f"{_rows_text(fx['row_of'][id(g[0])] for g in q.traps['blank'] if id(g[0]) in fx['row_of'])}).",
        f"- NIK 15 digit (satu digit terlewat): baris {singles('nik_15_digit')}; NIK \"-\": baris {singles('nik_dash')}.",
        f"- CSV, NIK \"6.17101E+15\": {len(fc['sci_rows'])} baris; NIK 16 digit dengan digit terakhir 0: baris "
        f"{_rows_text(fc['zeroed_rows'])}.",
        f"- Desember, NIK sebagai angka (15 digit tersimpan): baris {_rows_text(fx['nik_number_rows'])}; HP sebagai",
        f"  angka (0 di depan hilang): baris {_rows_text(fx['phone_number_rows'])} (CSV: "
        f"{_rows_text(fc['phone_number_rows'])}).",
    ]


def _write_readme(path: Path, seed: int, facts: dict, q: Questionnaires) -> None:
    july, august, wide = facts["july"], facts["august"], facts["wide"]
    fx, fc, paper = facts["forms_xlsx"], facts["forms_csv"], facts["paper"]
    bad, grand = july["bad_subtotal"], july["grand"]
    months = _month_counts(q.online, q.paper)
    lines = [
        "# Data contoh — DATA SINTETIS",
        "",
        "**Semua berkas di folder ini SINTETIS (buatan), bukan data sebenarnya.** Sekolah, NPSN, nama orang,",
        "NIK, nomor HP dan alamat e-mail dikarang. NIK disusun seperti NIK asli (kode wilayah + tanggal lahir,",
        "tanggal +40 untuk perempuan, + nomor urut), tetapi nomor urutnya 5001–9999, yang tidak dicapai",
        "pendaftaran sebenarnya; domain e-mail berakhiran `.example`. Nama diambil dari daftar nama `id_ID`",
        "pustaka Faker.",
        "",
        "*Everything here is SYNTHETIC (invented): it exists to try the package and to test the readers.*",
        "",
        f"Dibuat oleh `jejak sample-data` (`jejak_analysis.sample_data.write_sample_data`, seed {seed}, daftar",
        f"nama Faker {names_fingerprint()}). Seed yang sama memberi berkas yang sama persis, byte demi byte.",
        "Jangan menyunting berkas-berkas ini dengan tangan: ubah modulnya, lalu buat ulang.",
        "\"Baris\" = nomor baris seperti terlihat di Excel (baris 1 = baris pertama).",
        "",
        "## Daftar sekolah Persemki (3 bentuk)",
        "",
        f"### `{SCHOOL_LIST_JULY}` — satu tabel, judul, header dua baris",
        f"- Sheet `{july['sheet']}`: baris 1–3 judul (\"DATA SMK KESEHATAN ANGGOTA PERSEMKI KALBAR\",",
        "  \"Keadaan Juli 2020\", DATA SINTETIS); baris 5–6 header dua baris dengan sel gabungan: No | Nama",
        "  Sekolah | NPSN | Kab/Kota | Status | Jurusan | \"Jumlah Siswa\" di atas X, XI, XII | \"Jumlah",
        "  Lulusan\" di atas 2018, 2019, 2020 (angka) | \"Alumni s.d. 2020\" (kumulatif: bukan angkatan).",
        "- 9 sekolah anggota, satu baris per jurusan. No, Nama Sekolah, NPSN, Kab/Kota dan Status ditulis sekali",
        "  dan digabung ke bawah atas baris-baris jurusannya. Tiap sekolah diakhiri baris \"Sub Jumlah\" (baris",
        f"  {_rows_text(july['subtotal_rows'])}); baris {july['total_row']} \"JUMLAH\"; baris "
        f"{july['note_rows'][0]}–{july['note_rows'][1]} catatan kaki.",
        f"- Sub Jumlah yang salah: {bad['school']} (baris {bad['row']}) menulis {bad['column']} = {bad['stated']},",
        f"  padahal baris-barisnya berjumlah {bad['rows_sum']} — masalah yang harus dilaporkan.",
        "- NPSN sebagai angka (Bina Husada), dengan spasi (\"3010 5231\", Reformasi), dengan apostrof di depan",
        "  (\"'30105195\", Bina Dharma) dan kosong (Nusantara Sintang; NPSN-nya baru ada di daftar Agustus).",
        "- Jumlah sebagai teks (\"45 org\", \"48 org\", \" 30\", \"96\"), \"1.020\" (pemisah ribuan, kolom alumni),",
        "  \"-\" = 0, sel kosong = belum ada data (TLM Nusantara 2018, alumni Farmasi Citra Husada).",
        "- Wilayah \"Kab. Pontianak\" (= Mempawah 61.02) lawan \"Pontianak\" dan \"PTK\" (= Kota Pontianak",
        "  61.71), \"Kubu Raya\"; jurusan \"Farmasi Klinis & Komunitas\", \"FKK\", \"Asisten Keperawatan\",",
        "  \"AKCG\", \"Kep.\", \"Layanan Kesehatan\", \"Analis Kesehatan\"; status \"S\", \"swasta\".",
        "- Sheet `Rekap`: jumlah per kabupaten/kota yang mengulang tabel — ringkasan, tidak pernah dihitung.",
        f"- Total yang benar (jumlah baris data): siswa X {grand['X']}, XI {grand['XI']}, XII {grand['XII']};",
        f"  lulusan 2018 {grand['L2018']}, 2019 {grand['L2019']}, 2020 {grand['L2020']}.",
        "",
        f"### `{SCHOOL_LIST_PER_SCHOOL}` — satu sheet per sekolah",
        "- Aslinya sering `.xls`; di sini `.xlsx` karena tidak ada penulis `.xls` yang terpelihara.",
        f"- {len(august['sheets'])} sheet, nama sheet = nama pendek sekolah: "
        + ", ".join(f"`{s}`" for s in august["sheets"]) + ".",
        "- Baris 1–2 judul (dengan DATA SINTETIS); baris 4–7 pasangan kunci–nilai: kolom A \"Nama Sekolah\",",
        "  B \":\", C nilainya (juga \"NPSN\", \"Kabupaten/Kota\", \"Status\"); baris 9 header: Jurusan | Kelas X |",
        "  Kelas XI | Kelas XII | Lulusan 2019 | Lulusan 2020; satu baris per jurusan, lalu baris \"Total\".",
        "- Di sheet `Reformasi` kunci dan nilai ada dalam satu sel (\"NPSN : 30105231\"); sheet `Harapan Bangsa`",
        "  punya blok tanda tangan di bawah tabel. Nama ditulis lain dari Juli (\"SMKS Kesehatan Bina Dharma\",",
        "  \"smk kes. reformasi ptk\", \"SMK HARAPAN BANGSA MEMPAWAH\"); NPSN Bina Husada sebagai angka, Kapuas",
        "  Medika dengan spasi (\"6975 8812\"); \"Kab. Mempawah\", \"Kab. Kapuas Hulu\".",
        f"- Berubah dibanding Juli: lulusan 2020 Farmasi Bina Dharma 60 → 62 (sheet `{august['revised']['sheet']}`,",
        f"  baris {august['revised']['row']}); sekolah baru `Kapuas Medika` (SMK Kesehatan Kapuas Medika",
        "  Putussibau, 61.06, NPSN 69758812, belum punya lulusan: \"-\"); NPSN Nusantara Sintang diisi (69757735).",
        "",
        f"### `{SCHOOL_LIST_WIDE}` — tabel lebar, satu kolom per jurusan",
        f"- Sheet `{wide['sheet']}`: baris 1–2 judul (keadaan September 2020, DATA SINTETIS); header di baris "
        f"{wide['header_row']}:",
        "  Nama Sekolah | NPSN | Kabupaten | Tahun | (kolom E kosong, pemisah) | Farmasi | Keperawatan | TLM |",
        "  Caregiver | Dental Asisten | Jumlah. Satu baris per sekolah × tahun (2018–2020); sel = lulusan.",
        f"- Baris kosong pemisah antar-tahun (baris {_rows_text(wide['spacer_rows'])}); kolom \"Jumlah\" = total",
        f"  baris, bukan jurusan; baris {wide['total_row']} \"TOTAL\"; NPSN seluruhnya angka; nama ditulis lain lagi",
        "  (\"SMK BINA DHARMA PONTIANAK\", \"SMKN 4 Sekadau\"). Catatan di bawah tabel: sel jurusan kosong =",
        "  jurusan tidak ada di sekolah itu (pengecualian aturan \"kosong = tidak diketahui\"), \"-\" = tidak ada",
        "  lulusan. TLM Nusantara Sintang 2018 kini 12 (Juli: kosong); Farmasi Bina Dharma 2020 = 62.",
        "",
        "## Kuesioner minat (3 bentuk)",
        "",
        f"{q.people} orang berbeda. Kiriman per bulan (online + kertas, tanpa baris kosong): "
        + ", ".join(f"{m}: {n}" for m, n in sorted(months.items())) + ".",
        "",
        f"### `{FORMS_XLSX}` — ekspor Google Forms (Desember 2020)",
        f"- Sheet `Tanggapan Formulir 1`, header di baris 1, {fx['rows']} baris: semua kiriman s.d. "
        f"{FORMS_XLSX_EXPORTED:%d/%m/%Y}.",
        "  Tidak ada judul atau \"DATA SINTETIS\" di dalam tabel (agar tampak seperti ekspor asli): nama folder",
        "  dan README ini yang menandainya.",
        "- Kolom: " + " | ".join(FORM_COLUMNS) + ".",
        "- \"Stempel waktu\" teks `dd/mm/yyyy hh:mm:ss` (hari dulu, WIB); \"Tanggal Lahir\" sel tanggal; \"Tahun",
        "  Lulus\" angka atau teks. Kotak centang (negara, program, bidang, sumber) digabung dengan \", \" menurut",
        "  urutan opsi, jawaban \"Lainnya\" yang diketik di akhir. Opsi \"Perawat lansia (careworker, kaigo)\"",
        "  mengandung koma: pisahkan dengan mencocokkan opsi yang dikenal, jangan asal memotong di koma.",
        "",
        f"### `{FORMS_CSV}` — ekspor kumulatif berikutnya (Juni 2021), disimpan Excel berbahasa Indonesia",
        "- Pemisah `;`, encoding Windows-1252 (’ = byte 0x92), akhir baris CRLF, tanpa BOM.",
        f"- {fc['rows']} baris: semua kiriman berkas Desember lagi, ditambah yang baru s.d. "
        f"{FORMS_CSV_EXPORTED:%d/%m/%Y}.",
        f"- Kolom tambahan di akhir: \"{PASSPORT_COLUMN}\" (ditambahkan ke formulir Januari 2021; kosong",
        "  untuk kiriman sebelumnya).",
        "- NIK dirusak Excel: \"6.17101E+15\" (10 digit terakhir hilang; di komputer dengan setelan regional",
        "  Indonesia akan tertulis \"6,17101E+15\" — pembaca sebaiknya menerima keduanya) atau 16 digit dengan",
        "  digit terakhir 0. Stempel waktu dan tanggal lahir teks `dd/mm/yyyy`.",
        "",
        f"### `{PAPER_XLSX}` — diketik dari formulir kertas (sosialisasi 2021)",
        "- Satu sheet per kunjungan sekolah: " + ", ".join(f"`{s}`" for s in paper["sheets"]) + "; baris 1–3",
        "  judul (dengan DATA SINTETIS), header di baris 5, satu baris kosong di tengah tabel (baris "
        + _rows_text(info["blank_row"] for info in paper["sheets"].values()) + "), catatan kaki di bawah.",
        "- Kolom: No | Tgl Isi | Nama Siswa | L/P | \"Tempat, Tgl Lahir\" (sheet Reformasi, Bhakti Medika) atau",
        "  \"Tgl Lahir\" (sheet Ketapang) | Umur (\"17 th\") | Asal Sekolah | Kelas/Alumni (\"XII\", \"Kls XII\",",
        "  \"Alumni 2019\") | Minat Kerja LN | Minat Negara | NIK (dua sheet saja, kebanyakan kosong) | No. HP |",
        "  Keterangan.",
        "- Tanggal lahir \"7 Juli 2003\", \"07-07-2003\" dan sel tanggal; \"Tgl Isi\" sel tanggal atau teks",
        "  \"09-03-2021\" (Ketapang); L/P \"p\", \"Pr\", \"Lk\"; negara dipisah \", \" atau \"; \".",
        "",
        "### Jebakan di kuesioner",
        "- Jawaban \"iya\", \"YA \", \"tdk\", \"ragu-ragu\", \"belum tahu\", \"Mungkin\", \"Bersedia\", \"Belum",
        "  ditanyakan\" (izin orang tua); negara \"Jepan\", \"JPN\", \"Korsel\", \"Sarawak\", \"Hongkong\", \"Jerman\",",
        "  \"-\" dan \"belum tahu\" (= tidak memilih), \"Jepang, Korea Selatan\"; HP \"0812-3456-7890\",",
        "  \"+62 812 3456 7890\", \"6281234567890\"; jurusan \"AK\" (ambigu), \"D3 Keperawatan\"; domisili",
        "  \"Kab. Pontianak\", \"Sungai Raya\" dan \"Kapuas\" (ambigu), \"KKR\"; nama dengan apostrof lengkung",
        "  (Nur’aini); sekolah bukan anggota Persemki (SMA, MA, SMK lain); NIK kosong, \"-\", berspasi.",
        "",
        *_trap_lines(q, fx, fc, paper),
        "",
        "## Lowongan",
        "",
        f"`{OPENINGS_CSV}` (UTF-8, koma): program_kode, sektor_kode, negara, jumlah, mulai, selesai, sumber. Satu",
        "baris: 1.500 lowongan careworker SSW Jepang, Juli 2020 – Juni 2023, angka yang diumumkan program Jejak",
        "Perintis BP2MI.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Entry point


def write_sample_data(out_dir: Path, seed: int = 2020) -> list[Path]:
    """Write the synthetic sample (school lists, questionnaires, openings, README) into ``out_dir``.

    The same ``seed`` always gives byte-identical files. The school lists do not depend on
    the seed (their traps sit at fixed cells); the questionnaires do. Returns the paths
    written, in the order of :data:`SAMPLE_FILES`.

    >>> import tempfile
    >>> paths = write_sample_data(Path(tempfile.mkdtemp()))
    >>> [p.name for p in paths][:3]
    ['persemki_2020-07.xlsx', 'persemki_per_sekolah_2020-08.xlsx', 'rekap_lulusan_wide.xlsx']
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in SAMPLE_FILES}
    facts = {
        "july": _write_july_list(paths[SCHOOL_LIST_JULY]),
        "august": _write_august_list(paths[SCHOOL_LIST_PER_SCHOOL]),
        "wide": _write_wide_recap(paths[SCHOOL_LIST_WIDE]),
    }
    questionnaires = _build_questionnaires(seed)
    facts["forms_xlsx"] = _write_forms_xlsx(paths[FORMS_XLSX], questionnaires.online)
    facts["forms_csv"] = _write_forms_csv(paths[FORMS_CSV], questionnaires.online)
    facts["paper"] = _write_paper(paths[PAPER_XLSX], questionnaires.paper)
    _write_openings(paths[OPENINGS_CSV])
    _write_readme(paths[README], seed, facts, questionnaires)
    return [paths[name] for name in SAMPLE_FILES]


__all__ = ["SAMPLE_FILES", "names_fingerprint", "write_sample_data"]
