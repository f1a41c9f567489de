"""Persemki school lists → the tidy ``sekolah`` and ``lulusan`` tables.

Stage 2 of the flow (read → **clean** → combine → analyse → present) for the lists
of member schools the association of health vocational schools sends every month.
The same skeleton as :mod:`jejak_analysis.questionnaire`: read (the raw reader
gives every sheet as text with provenance), clean (headers to roles, text to
codes and counts), check (totals, summary sheets, duplicates) and return one
result object.

The lists come in (at least) three shapes, all recognised by their headers:

1. one table with title rows and a two-row merged header ("Jumlah Lulusan" over
   2018 | 2019 | 2020, "Jumlah Siswa" over X | XI | XII), a school's name and NPSN
   merged down over its majors, sub-totals per school and a grand total;
2. one sheet per school, with "Nama Sekolah : …", "NPSN : …" lines above a table of
   majors;
3. a wide table with one column per major (the year in the header or in the title).

What a header means is data: ``reference/kolom_sekolah.csv`` (one row per spelling;
a new form's header is one new row). Schools are told apart by NPSN first, then by
their name (see :func:`match_schools`); uncertain matches go to the analyst, whose
corrections file decides (kind ``sekolah``: raw name → ``school_id``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from jejak_analysis.codebook import load_kind, read_reference_csv
from jejak_analysis.mapping import Corrections, map_codes, map_value
from jejak_analysis.messages import message
from jejak_analysis.normalize import normalize_text, slugify
from jejak_analysis.parse import parse_count, parse_npsn
from jejak_analysis.read import PROVENANCE, RawTable, read_table

PROBLEM_COLUMNS = ["source_file", "source_sheet", "source_row", "kolom", "teks_asli", "masalah"]
MAPPED_COLUMNS = ["jenis", "teks_asli", "kode", "metode", "skor", "saran", "alasan", *PROVENANCE]
SCHOOL_COLUMNS = ["school_id", "npsn", "nama_sekolah", "kab_kota_kode", "status", *PROVENANCE]
COHORT_COLUMNS = ["school_id", "jurusan_kode", "tahun", "kelas", "jumlah_lulusan", "jumlah_siswa", *PROVENANCE]
ALUMNI_COLUMNS = ["school_id", "jurusan_kode", "tahun", "alumni_kumulatif", *PROVENANCE]
ACCOUNTING_COLUMNS = [*PROVENANCE, "status", "alasan"]
ROW_COLUMNS = [*PROVENANCE, "nama_teks", "npsn_teks", "kab_kota_teks", "status_teks", "jurusan_teks",
               "tahun_teks", "kelas_teks", "baris_npsn", "baris_kab_kota", "baris_status"]
VALUE_COLUMNS = ["i", "kolom", "teks_asli", "nilai", "ukuran", "tahun", "kelas", "jurusan_teks",
                 "jurusan_kode_kolom", *PROVENANCE]
CHANGE_COLUMNS = ["perubahan", "school_id", "jurusan_kode", "tahun", "kelas", "kolom", "nilai_lama", "nilai_baru",
                  "source_file_lama", "source_sheet_lama", "source_row_lama",
                  "source_file_baru", "source_sheet_baru", "source_row_baru"]

NO_CORRECTIONS = Corrections()
MEASURES = ("jumlah_lulusan", "jumlah_siswa", "alumni_kumulatif")
COUNT_ROLES = (*MEASURES, "jumlah")  # "jumlah": a count whose measure the sheet's title says
TOTAL_ROLES = ("total", "total_siswa", "total_lulusan")  # row totals: checked, never data
IDENTITY_ROLES = ("nama_sekolah", "npsn", "kab_kota", "status")
LABEL_ROLES = (*IDENTITY_ROLES, "alamat", "jurusan", "tahun", "kelas")  # "Label : value" lines above a table

# Name matching (rapidfuzz fuzz.ratio on the distinctive part of the name, 0-100).
# Measured on the sample names: a typo ("bina darma") scores 95, a different school
# sharing a word ("bina husada") 73, a near miss ("harapan bunda"/"harapan bangsa") 81.
MATCH_AUTO = 92.0  # at or above: the same school (a spelling slip), joined and listed for review
MATCH_REVIEW = 80.0  # from here up to MATCH_AUTO: maybe the same school; kept apart and reported
MATCH_MIN_LENGTH = 6  # shorter distinctive names ("1", "harapan") must match exactly
# A count above this for one major of one school in one year is a typing slip (an NPSN in a count cell).
MAX_PLAUSIBLE_COUNT = 2000

_KELAS = {"x": "X", "10": "X", "xi": "XI", "11": "XI", "xii": "XII", "12": "XII"}
_PLACEHOLDERS = {
    "tahun": r"(?P<tahun>(?:19|20)\d\d)(?: (?:19|20)?\d\d)?",  # "2020/2021" counts as 2020
    "kelas": r"(?P<kelas>xii|xi|x|10|11|12)",
    "jurusan": r"(?P<jurusan>.+?)",
}
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_. ]?(0[1-9]|1[0-2])(?!\d)")
_NUMBERING_MARKS = re.compile(r"[()\s.]")
_YEAR_CELL = re.compile(r"^(?:tahun |ta |tp )?((?:19|20)\d\d)(?: (?:19|20)?\d\d)?$")


# --------------------------------------------------------------------------------------------
# Result objects


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


# Number columns of the outputs; every other column holds text (object, None when missing).
_NUMBER_TYPES = {"source_row": "Int64", "tahun": "Int64", "jumlah_lulusan": "Int64", "jumlah_siswa": "Int64",
                 "alumni_kumulatif": "Int64", "nilai_lama": "Int64", "nilai_baru": "Int64", "skor": "Float64",
                 "source_row_lama": "Int64", "source_row_baru": "Int64", "urutan": "int64"}


def _column(values: pd.Series) -> list:
    """``list(values)``, fast for pandas 3's text columns.

    Iterating an Arrow-backed text column goes value by value through pyarrow (~3 µs each,
    most of the time of a 14,000-school list); converting it whole gives the same values.
    """
    if isinstance(values.dtype, pd.StringDtype):
        return values.to_numpy(dtype=object).tolist()
    if isinstance(values.dtype, pd.Int64Dtype):  # NumPy integers and pd.NA, as iterating gives them
        column = list(values.to_numpy(dtype="int64", na_value=0))
        for k in np.flatnonzero(values.isna().to_numpy()).tolist():
            column[k] = values.dtype.na_value
        return column
    return list(values)


def _native(value: object) -> object:
    """A NumPy scalar as the Python value ``DataFrame.to_dict`` gives for an object column."""
    return value.item() if isinstance(value, np.generic) else value


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (object columns' NumPy scalars as Python values), a column at a time."""
    columns = frame.columns.tolist()
    lists = []
    for k in range(len(columns)):
        values = frame.iloc[:, k]
        column = _column(values)
        if values.dtype == object:
            column = [v if v is None or type(v) is str else _native(v) for v in column]
        lists.append(column)
    return [dict(zip(columns, row, strict=True)) for row in zip(*lists, strict=True)] if lists else \
        [{} for _ in range(len(frame))]


def _tuples(frame: pd.DataFrame):
    """``frame.itertuples(index=False, name=None)``, a column at a time (see :func:`_column`)."""
    if not frame.shape[1]:
        return iter([()] * len(frame))
    return zip(*(_column(frame.iloc[:, k]) for k in range(frame.shape[1])), strict=True)


def _typed(frame: pd.DataFrame, columns: Sequence[str], required: Sequence[str] = ()) -> pd.DataFrame:
    """The frame with exactly ``columns``: numbers typed, text as objects with None for missing.

    Columns in ``required`` never miss a value and are typed ``int64``.
    """
    frame = frame.reindex(columns=columns).reset_index(drop=True)
    typed = {}
    for column in columns:
        values = frame[column]
        if column in required:
            typed[column] = values.astype("int64")
        else:  # missing: what pd.isna says of each value, asked of the whole column at once
            missing = values.isna().to_numpy(dtype=bool).tolist()
            present = [None if gone else v for v, gone in zip(_column(values), missing, strict=True)]
            typed[column] = pd.array(present, dtype=_NUMBER_TYPES[column]) if column in _NUMBER_TYPES \
                else _objects(present)
    return pd.DataFrame(typed, columns=list(columns)).reset_index(drop=True)


@dataclass(frozen=True)
class SchoolMatches:
    """How the raw school names of one or more lists were told apart.

    ``mentions`` has one row per distinct (name, NPSN, region) as written, with the
    ``school_id`` it was given; ``schools`` one row per school; ``mapped`` and
    ``problems`` what the analyst must see (uncertain matches, conflicts).
    """

    mentions: pd.DataFrame
    schools: pd.DataFrame
    mapped: pd.DataFrame
    problems: pd.DataFrame


@dataclass(frozen=True)
class SchoolListResult:
    """One school list, cleaned: what :func:`read_school_list` returns.

    - ``schools``: the ``sekolah`` table (one row per school);
    - ``cohorts``: the ``lulusan`` table (one row per school × major × year (× grade));
    - ``alumni``: cumulative "alumni up to year N" figures, kept apart (never cohorts);
    - ``problems``: every value not mapped or not trusted, with where it was;
    - ``accounting``: every raw row below a header: used (``dipakai``), not data
      (``bukan_data``: blank, total, note, summary sheet), duplicate (``duplikat``)
      or rejected (``ditolak``), with the reason;
    - ``mapped``: every raw value mapped onto a code, for the review sheet.
    """

    source_file: str
    list_date: str | None  # "2020-07", from the title or the file name; None when neither says
    schools: pd.DataFrame
    cohorts: pd.DataFrame
    alumni: pd.DataFrame
    accounting: pd.DataFrame
    row_problems: pd.DataFrame  # problems of rows, values, totals (school matching's are in ``matches``)
    row_mapped: pd.DataFrame  # majors, regions, statuses (school names are in ``matches``)
    matches: SchoolMatches
    values: pd.DataFrame = field(repr=False)  # every count used, long, with the list's own school_id
    corrections: Corrections = field(default_factory=Corrections, repr=False)

    @property
    def problems(self) -> pd.DataFrame:
        return _sort_by_source(pd.concat([self.row_problems, self.matches.problems], ignore_index=True),
                               PROBLEM_COLUMNS)

    @property
    def mapped(self) -> pd.DataFrame:
        return _sort_by_source(pd.concat([self.row_mapped, self.matches.mapped], ignore_index=True),
                               MAPPED_COLUMNS)


@dataclass(frozen=True)
class CombinedSchools:
    """Several lists combined (:func:`combine_school_lists`): one row per school, the latest list winning.

    ``changes`` lists what each later list changed: a school added (``sekolah_baru``),
    a figure first given (``angka_baru``) or revised (``angka_direvisi``), with the
    source of the old and the new value. ``lists`` gives the order the lists were
    applied in (by the list's date, then the file name).
    """

    schools: pd.DataFrame
    cohorts: pd.DataFrame
    alumni: pd.DataFrame
    changes: pd.DataFrame
    problems: pd.DataFrame
    mapped: pd.DataFrame
    accounting: pd.DataFrame
    lists: pd.DataFrame


def _sort_by_source(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    if frame.empty:
        return _empty(columns)
    frame = _typed(frame, columns)
    return frame.sort_values(["source_file", "source_sheet", "source_row"], kind="stable",
                             na_position="first").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Header patterns (reference/kolom_sekolah.csv)


@dataclass(frozen=True)
class Pattern:
    """One spelling of a header, title or sheet name, compiled."""

    tempat: str  # kolom (a column header or a "Label : value" line), judul (a title line), lembar (sheet name)
    kolom: str
    pola: str
    regex: re.Pattern
    has_jurusan: bool


def _compile(pola: str) -> re.Pattern:
    """A pattern's text (normalised words, ``{placeholders}``, ``*`` for any words) as a regex."""
    parts = []
    for token in pola.split():
        if token == "*":
            parts.append(r"(?:.*?)")
        elif token == "{bulan}":  # only a month's name (bulan.csv), as a whole word
            names = sorted(_months(), key=len, reverse=True)
            parts.append(r"\b(?P<bulan>" + "|".join(map(re.escape, names)) + r")\b")
        elif token.startswith("{") and token.endswith("}"):
            parts.append(_PLACEHOLDERS[token[1:-1]])
        else:
            parts.append(re.escape(normalize_text(token)))
    return re.compile("^" + " ?".join(parts) + "$")


@cache
def patterns() -> tuple[Pattern, ...]:
    """The header, title and sheet-name spellings of ``reference/kolom_sekolah.csv``, in file order."""
    rows = read_reference_csv("kolom_sekolah.csv")
    return tuple(Pattern(r["tempat"], r["kolom"], r["pola"], _compile(r["pola"]), "{jurusan}" in r["pola"])
                 for r in rows)


@dataclass(frozen=True)
class ColumnRole:
    """What one column of a school list holds: its role and the year, grade and major its header names."""

    column: str
    kolom: str
    tahun: int | None = None
    kelas: str | None = None
    jurusan_teks: str | None = None
    jurusan_kode: str | None = None
    jurusan_metode: str | None = None
    jurusan_skor: float | None = None


def _year(text: str | None) -> int | None:
    match = _YEAR_CELL.match(normalize_text(text)) if text else None
    return int(match.group(1)) if match else None


def _grade(text: str | None) -> str | None:
    key = normalize_text(text)
    key = re.sub(r"^(?:kelas|kls|tingkat) ", "", key)
    return _KELAS.get(key)


def classify_header(text: str, corrections: Corrections = NO_CORRECTIONS, tempat: str = "kolom") -> ColumnRole | None:
    """The role of a header text by the first matching row of ``kolom_sekolah.csv``, or None.

    A ``{jurusan}`` placeholder matches only a text the codebook knows as a major
    (exactly, or as a known spelling; a fuzzy match is tried only when nothing else
    matched), so "Keterangan" is never a major.

    >>> classify_header("Jumlah Lulusan 2019")
    ColumnRole(column='Jumlah Lulusan 2019', kolom='jumlah_lulusan', tahun=2019, kelas=None, jurusan_teks=None, jurusan_kode=None, jurusan_metode=None, jurusan_skor=None)
    >>> classify_header("Alumni s.d. 2020").kolom, classify_header("Jumlah Siswa Kelas XII").kelas
    ('alumni_kumulatif', 'XII')
    >>> classify_header("Farmasi Klinis dan Komunitas").jurusan_kode
    'FARMASI'
    """
    key = normalize_text(text)
    if not key:
        return None
    for allow_fuzzy in (False, True):
        for pattern in patterns():
            if pattern.tempat != tempat or (allow_fuzzy and not pattern.has_jurusan):
                continue
            match = pattern.regex.match(key)
            if not match:
                continue
            groups = match.groupdict()
            role = ColumnRole(
                column=text, kolom=pattern.kolom,
                tahun=int(groups["tahun"]) if groups.get("tahun") else None,
                kelas=_KELAS[groups["kelas"]] if groups.get("kelas") else None,
            )
            if pattern.has_jurusan:
                mapping = map_value(groups["jurusan"], "jurusan", corrections)
                allowed = ("exact", "synonym", "correction", "fuzzy") if allow_fuzzy else (
                    "exact", "synonym", "correction")
                if mapping.kode is None or mapping.metode not in allowed:
                    continue
                # The raw text of the major: the header itself when it is only the major's name.
                raw = text if normalize_text(text) == groups["jurusan"] else groups["jurusan"]
                role = ColumnRole(role.column, role.kolom, role.tahun, role.kelas, raw,
                                  mapping.kode, mapping.metode, mapping.skor)
            return role
    return None


def _title_fields(text: str) -> dict[str, object]:
    """What a title line says: the list's date, the data's year, the measure."""
    key = normalize_text(text)
    found: dict[str, object] = {}
    months = _months()
    for pattern in patterns():
        if pattern.tempat != "judul" or pattern.kolom in found:
            continue
        match = pattern.regex.match(key)
        if not match:
            continue
        groups = match.groupdict()
        if pattern.kolom == "judul_tanggal":
            found["judul_tanggal"] = f"{groups['tahun']}-{months[groups['bulan']]:02d}"
        elif pattern.kolom == "judul_tahun":
            found["judul_tahun"] = int(groups["tahun"])
        else:
            found[pattern.kolom] = True
    return found


@cache
def _months() -> dict[str, int]:
    return {normalize_text(r["nama"]): int(r["bulan"]) for r in read_reference_csv("bulan.csv")}


def blank_means_not_offered(table: RawTable) -> bool:
    """Whether the sheet's own note says a blank count means "major not offered" (not "unknown").

    >>> from jejak_analysis.read import RawTable
    >>> note = pd.DataFrame({"alasan": ["catatan"], "A": ["Ket: kolom jurusan kosong = jurusan tidak ada"]})
    >>> blank_means_not_offered(RawTable("f.xlsx", "S", 1, ["A"], pd.DataFrame(), note))
    True
    """
    notes = table.set_aside[table.set_aside["alasan"] == "catatan"] if "alasan" in table.set_aside else []
    texts = [" ".join(str(v) for v in row if isinstance(v, str)) for row in
             (notes[table.columns].itertuples(index=False) if len(notes) else [])]
    texts += [" ".join(cells) for _, cells in table.preamble]
    return any(p.tempat == "catatan" and p.regex.match(normalize_text(t)) for t in texts for p in patterns())


def _is_summary_sheet(name: str) -> bool:
    key = normalize_text(name)
    return any(p.tempat == "lembar" and p.regex.match(key) for p in patterns())


# --------------------------------------------------------------------------------------------
# Sheet context: the lines above the table


@dataclass(frozen=True)
class SheetContext:
    """What the lines above a table say: "Label : value" fields and the title's date, year, measure."""

    fields: dict[str, tuple[str, int]]  # role -> (raw value, Excel row), e.g. "npsn": ("30105195", 3)
    list_date: str | None = None
    tahun: int | None = None
    tahun_row: int | None = None
    ukuran: str | None = None  # jumlah_lulusan | jumlah_siswa when the title says one of them


def _label_role(text: str) -> str | None:
    key = normalize_text(text)
    for pattern in patterns():
        if pattern.tempat == "kolom" and pattern.kolom in LABEL_ROLES and not pattern.has_jurusan \
                and "{" not in pattern.pola and pattern.regex.match(key):
            return pattern.kolom
    return None


def _label_values(cells: list[str]) -> dict[str, str]:
    """ "Nama Sekolah : SMK X", ["NPSN", ":", "301"], ["NPSN: 301", "Status: Swasta"] → {role: value}."""
    parts = [p.strip() for cell in cells for p in str(cell).split(":")]
    parts = [p for p in parts if p]
    found: dict[str, str] = {}
    role, value = None, []
    for part in [*parts, None]:
        label = _label_role(part) if part is not None else None
        if part is None or label is not None:
            if role is not None and value and role not in found:
                found[role] = " ".join(value)
            role, value = label, []
        elif role is not None:
            value.append(part)
    return found


def read_context(table: RawTable) -> SheetContext:
    """The fields and title facts of the lines above a table (``RawTable.preamble``).

    >>> from jejak_analysis.read import RawTable
    >>> t = RawTable("f.xlsx", "S1", 4, [], pd.DataFrame(), pd.DataFrame(),
    ...              [(1, ["DATA LULUSAN TAHUN 2019"]), (2, ["Nama Sekolah", ": SMK Kes. Bina Dharma"]),
    ...               (3, ["NPSN : 3010 5195"])])
    >>> c = read_context(t)
    >>> c.fields["nama_sekolah"], c.fields["npsn"], c.tahun, c.ukuran
    (('SMK Kes. Bina Dharma', 2), ('3010 5195', 3), 2019, 'jumlah_lulusan')
    """
    fields: dict[str, tuple[str, int]] = {}
    facts: dict[str, object] = {}
    tahun_row = None
    for row, cells in table.preamble:
        labelled = _label_values(cells)
        if labelled:
            for role, value in labelled.items():
                fields.setdefault(role, (value, row))
            continue
        for key, value in _title_fields(" ".join(cells)).items():
            if key not in facts:
                facts[key] = value
                if key == "judul_tahun":
                    tahun_row = row
    ukuran = None
    if facts.get("judul_lulusan") and not facts.get("judul_siswa"):
        ukuran = "jumlah_lulusan"
    elif facts.get("judul_siswa") and not facts.get("judul_lulusan"):
        ukuran = "jumlah_siswa"
    return SheetContext(fields, facts.get("judul_tanggal"), facts.get("judul_tahun"), tahun_row, ukuran)


# --------------------------------------------------------------------------------------------
# Recognising a school list


def column_roles(table: RawTable, corrections: Corrections = NO_CORRECTIONS) -> dict[str, ColumnRole]:
    """Each recognised column of a table → its role (unrecognised columns are left out)."""
    roles = {}
    for column in table.columns:
        role = classify_header(column, corrections)
        if role is not None:
            roles[column] = role
    return roles


def is_school_list(table: RawTable) -> bool:
    """Whether a table is a school list: it names schools (a column or a "Nama Sekolah :" line) and counts.

    Recognised by its headers only, never by the file name; a summary sheet of
    counts per major without school names is part of a school list but not one by itself.
    """
    roles = {r.kolom for r in column_roles(table).values()}
    context = read_context(table)
    names_schools = bool(roles & {"nama_sekolah", "npsn"}) or bool(set(context.fields) & {"nama_sekolah", "npsn"})
    counts = bool(roles & set(COUNT_ROLES))
    return names_schools and counts


# --------------------------------------------------------------------------------------------
# Problems and mapped values as rows


def _problem(source: tuple, kolom: str | None, teks: object, key: str, lang: str = "id", **details) -> dict:
    file, sheet, row = source
    return {"source_file": file, "source_sheet": sheet, "source_row": row, "kolom": kolom,
            "teks_asli": None if teks is None else str(teks), "masalah": message(key, lang, **details)}


def _problems_frame(rows: list[dict]) -> pd.DataFrame:
    """Problems as a table; the same problem found twice (a line above the table shared by its rows) once."""
    frame = _typed(pd.DataFrame(rows, columns=PROBLEM_COLUMNS), PROBLEM_COLUMNS)
    return frame.drop_duplicates(ignore_index=True)


def _mapped_rows(kind: str, texts: pd.Series, mapped: pd.DataFrame, provenance: pd.DataFrame) -> pd.DataFrame:
    """Mapped values (non-blank) with their raw text and where they were, in MAPPED_COLUMNS."""
    keep = texts.notna()
    frame = pd.DataFrame({
        "jenis": kind,
        "teks_asli": texts[keep].astype(object),
        "kode": mapped.loc[keep, "kode"],
        "metode": mapped.loc[keep, "metode"],
        "skor": mapped.loc[keep, "skor"],
        "saran": mapped.loc[keep, "saran"],
        "alasan": mapped.loc[keep, "alasan"],
    })
    for column in PROVENANCE:
        frame[column] = provenance.loc[keep, column]
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# One sheet → rows (school, major, year, grade as written) and values (one per count cell)


@dataclass(frozen=True)
class SheetPart:
    """One sheet taken apart: what each data row says and each count it holds."""

    rows: pd.DataFrame  # one per data row: provenance, the raw identity texts, jurusan/tahun/kelas texts
    values: pd.DataFrame  # one per row × count column: provenance, kolom, teks_asli, ukuran, jurusan, tahun, kelas
    totals: pd.DataFrame  # one per row-total cell (a "Jumlah" column): i, kolom, teks_asli, nilai, jenis_total
    problems: list[dict]
    mapped: list[pd.DataFrame]
    set_aside: pd.DataFrame  # rows the sheet sets aside: provenance, alasan
    roles: dict[str, ColumnRole]
    context: SheetContext


def _is_column_numbers(cells: list[str]) -> bool:
    """A row that numbers the columns ("1 2 3 4 5" or "(1) (2) (3)") under a header: not data."""
    if len(cells) < 3:
        return False
    numbers = []
    for cell in cells:  # most rows fail at their first cell: stop there
        number = _NUMBERING_MARKS.sub("", cell)
        if not number.isdigit():
            return False
        numbers.append(number)
    return \
        [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))


def _sheet_roles(table: RawTable, corrections: Corrections, context: SheetContext,
                 problems: list[dict], lang: str = "id") -> dict[str, ColumnRole]:
    """Column roles, with the decisions that depend on the whole sheet.

    - a bare "Jumlah" is the count itself when the sheet has no other count, else a row total;
    - a "Jumlah Siswa" without grade beside per-grade columns of the same year is their row total;
    - a count per major takes its measure from the title (graduates unless the title says students).
    """
    roles = column_roles(table, corrections)
    kinds = {r.kolom for r in roles.values()}
    counts = kinds & set(COUNT_ROLES)
    result = {}
    for column, role in roles.items():
        if role.kolom == "total" and not counts:
            role = ColumnRole(column, "jumlah")
        if role.kolom == "jumlah_siswa" and role.kelas is None and role.jurusan_kode is None and any(
                r.kolom == "jumlah_siswa" and r.kelas is not None and r.tahun == role.tahun
                and r.jurusan_kode is None for r in roles.values()):
            role = ColumnRole(column, "total_siswa")
        result[column] = role
    if any(r.kolom == "jumlah" for r in result.values()):
        ukuran = context.ukuran
        if ukuran is None:
            ukuran = "jumlah_lulusan"
            problems.append(_problem((table.source_file, table.source_sheet, table.header_row), None, None,
                                     "sekolah_ukuran_tidak_jelas", lang))
        result = {c: (ColumnRole(c, ukuran, r.tahun, r.kelas, r.jurusan_teks, r.jurusan_kode, r.jurusan_metode,
                                 r.jurusan_skor) if r.kolom == "jumlah" else r) for c, r in result.items()}
    return result


def _fill_down_schools(rows: pd.DataFrame, set_aside_rows: set[int]) -> pd.DataFrame:
    """Carry a school's name down to the rows under it that leave name and NPSN blank.

    People often type the school once for all its majors without merging the cells;
    the rows below, up to the next total or blank row, belong to it.
    """
    keys = ("nama_teks", "npsn_teks", "kab_kota_teks", "status_teks")
    records = _records(rows)
    last: dict[str, object] | None = None
    previous_row = None
    for record in records:
        broken = previous_row is None or any(r in set_aside_rows for r in range(previous_row + 1,
                                                                                record["source_row"]))
        if record["nama_teks"] is None and record["npsn_teks"] is None:
            if broken:
                last = None
            elif last is not None:
                for key in keys:
                    if record[key] is None:
                        record[key] = last[key]
        else:
            last = {k: record[k] for k in keys}
        previous_row = record["source_row"]
    filled = rows.copy()
    for key in keys:
        filled[key] = _objects([r[key] for r in records], rows.index)
    return filled


def _objects(values: list, index: pd.Index | None = None) -> pd.Series:
    """A column of Python objects with None for missing (pandas 3 would make a list of str a str column, None → NaN)."""
    return pd.Series(values, index=index, dtype=object)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def take_sheet_apart(table: RawTable, corrections: Corrections = NO_CORRECTIONS, lang: str = "id",
                     school_year: int | None = None) -> SheetPart:
    """One sheet's data rows as raw identity texts and long count values (no schools resolved yet).

    - columns get their roles from the header; lines above the table give the fields
      every row shares (shape 2) and the title's year and measure;
    - a row that only numbers the columns is set aside;
    - a school typed once above its majors is carried down;
    - counts are parsed ("45 org", "1.234", "-" = 0, blank = missing); unreadable or
      implausible ones are problems;
    - each count gets its major, year and grade from its header, else its row's
      columns, else the title; students without any year are those of ``school_year``
      (the school year of the list's date: a list of July 2020 counts the students of 2020/2021).
    """
    problems: list[dict] = []
    context = read_context(table)
    roles = _sheet_roles(table, corrections, context, problems, lang)
    data = table.data

    def column_of(kolom: str) -> str | None:
        return next((c for c, r in roles.items() if r.kolom == kolom), None)

    cells = _tuples(data[table.columns])
    numbering = pd.Series([_is_column_numbers([t for t in map(_text, row) if t]) for row in cells],
                          index=data.index, dtype=bool)
    extra_aside = data.loc[numbering, PROVENANCE].assign(alasan="nomor_kolom") if numbering.any() else None
    data = data.loc[~numbering] if len(data) else data
    aside = table.set_aside[[*PROVENANCE, "alasan"]]
    if extra_aside is not None:
        aside = pd.concat([aside, extra_aside], ignore_index=True)

    rows = data[PROVENANCE].copy()
    for name, kolom in [("nama_teks", "nama_sekolah"), ("npsn_teks", "npsn"), ("kab_kota_teks", "kab_kota"),
                        ("status_teks", "status"), ("jurusan_teks", "jurusan"), ("tahun_teks", "tahun"),
                        ("kelas_teks", "kelas")]:
        column = column_of(kolom)
        # Where the text was written: the row itself, or the "Label : value" line above the table.
        rows[f"baris_{kolom}"] = rows["source_row"]
        if column is not None:
            rows[name] = _objects([_text(v) for v in data[column]], rows.index)
        elif kolom in context.fields:
            rows[name] = context.fields[kolom][0]
            rows[f"baris_{kolom}"] = context.fields[kolom][1]
        else:
            rows[name] = None
        rows[name] = rows[name].astype(object)
    rows = rows.reset_index(drop=True)
    if column_of("nama_sekolah") is not None or column_of("npsn") is not None:
        rows = _fill_down_schools(rows, set(aside["source_row"]))

    mapped = []
    header_source = (table.source_file, table.source_sheet, table.header_row)
    for column, role in roles.items():
        if role.jurusan_kode is None:
            continue
        mapping = pd.DataFrame([{"kode": role.jurusan_kode, "metode": role.jurusan_metode,
                                 "skor": role.jurusan_skor, "saran": None, "alasan": None}])
        where = pd.DataFrame([dict(zip(PROVENANCE, header_source, strict=True))])
        mapped.append(_mapped_rows("jurusan", pd.Series([role.jurusan_teks], dtype=object), mapping, where))
        if role.jurusan_metode == "fuzzy":
            problems.append(_problem(header_source, column, column, "sekolah_jurusan_fuzzy", lang,
                                     kode=role.jurusan_kode, skor=role.jurusan_skor))

    values = []
    totals = []
    not_offered = blank_means_not_offered(table)
    data = data.reset_index(drop=True)
    sources = list(zip(rows["source_file"], rows["source_sheet"], rows["source_row"], strict=True))
    year_texts, grade_texts, major_texts = (rows[c].tolist() for c in ("tahun_teks", "kelas_teks", "jurusan_teks"))
    yearless: set[str] = set()
    for column, role in roles.items():
        if role.kolom not in MEASURES and role.kolom not in TOTAL_ROLES:
            continue
        for i, text in enumerate(_text(v) for v in data[column]):
            nilai = parse_count(text)
            if text is not None and nilai is None:
                problems.append(_problem(sources[i], column, text, "sekolah_angka_tidak_terbaca", lang))
            elif nilai is not None and nilai > MAX_PLAUSIBLE_COUNT:
                problems.append(_problem(sources[i], column, text, "sekolah_angka_tidak_wajar", lang, nilai=nilai))
                if role.kolom in MEASURES:
                    nilai = None  # not used: an NPSN typed into a count cell would add millions of graduates
            record = {"i": i, "kolom": column, "teks_asli": text, "nilai": nilai}
            if text is None and not_offered and role.jurusan_kode is not None:
                continue  # the sheet's note: a blank major cell means the school has no such major
            if role.kolom in TOTAL_ROLES:
                totals.append({**record, "jenis_total": role.kolom})
                continue
            tahun = role.tahun if role.tahun is not None else _year(year_texts[i])
            if tahun is None and year_texts[i] is not None and role.kolom != "alumni_kumulatif":
                problems.append(_problem(sources[i], "tahun", year_texts[i], "sekolah_tahun_tidak_terbaca", lang))
            if tahun is None and role.kolom != "alumni_kumulatif":
                tahun = context.tahun
            if tahun is None and role.kolom == "jumlah_siswa":
                tahun = school_year
            if tahun is None and year_texts[i] is None and role.kolom != "alumni_kumulatif" \
                    and column not in yearless:
                yearless.add(column)  # said once for the column, not for every row
                problems.append(_problem((table.source_file, table.source_sheet, table.header_row), column, column,
                                         "sekolah_tahun_tidak_diketahui", lang))
            kelas = role.kelas if role.kelas is not None else _grade(grade_texts[i])
            values.append({**record, "ukuran": role.kolom, "tahun": tahun, "kelas": kelas,
                           "jurusan_teks": role.jurusan_teks if role.jurusan_kode else major_texts[i],
                           "jurusan_kode_kolom": role.jurusan_kode})
    value_frame = pd.DataFrame(values, columns=["i", "kolom", "teks_asli", "nilai", "ukuran", "tahun", "kelas",
                                                "jurusan_teks", "jurusan_kode_kolom"])
    value_frame = value_frame.join(rows[PROVENANCE], on="i")
    value_frame["nilai"] = value_frame["nilai"].astype("Int64")
    value_frame["tahun"] = value_frame["tahun"].astype("Int64")
    total_frame = pd.DataFrame(totals, columns=["i", "kolom", "teks_asli", "nilai", "jenis_total"]).join(
        rows[PROVENANCE], on="i")

    for column in table.columns:
        if column not in roles and column not in PROVENANCE and data[column].notna().any():
            problems.append(_problem((table.source_file, table.source_sheet, table.header_row), column, column,
                                     "sekolah_kolom_tidak_dikenal", lang))
    return SheetPart(rows, value_frame, total_frame, problems, mapped, aside.reset_index(drop=True), roles, context)


# --------------------------------------------------------------------------------------------
# Checks: totals rows, row totals, summary sheets


class _RangeSums:
    """Sums of one column's figures over rows ``after < row < before`` (optionally of one school's rows).

    Prefix sums and binary search, so checking 14,000 sub-totals costs no more than
    reading them (summing every figure again for each totals row was quadratic).
    """

    def __init__(self, pairs: list[tuple[int, int]], names: dict) -> None:
        self.all = self._prefix(sorted(pairs))
        groups: dict = {}
        for row, value in sorted(pairs):
            groups.setdefault(names.get(row), []).append((row, value))
        self.by_school = {name: self._prefix(group) for name, group in groups.items()}

    @staticmethod
    def _prefix(pairs: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
        rows, cumulative = [], [0]
        for row, value in pairs:
            rows.append(row)
            cumulative.append(cumulative[-1] + value)
        return rows, cumulative

    def between(self, after: int, before: int, school: str | None = None) -> int:
        rows, cumulative = self.all if school is None else self.by_school.get(school, ([], [0]))
        low, high = bisect.bisect_right(rows, after), bisect.bisect_left(rows, before)
        return cumulative[high] - cumulative[low] if high > low else 0


def check_total_rows(table: RawTable, part: SheetPart, lang: str = "id") -> list[dict]:
    """Check every totals row against the data rows above it; a mismatch is a problem.

    A totals row may cover its school (its name is merged down into it), the rows
    since the previous totals row (a sub-total), or every data row above it (the
    grand total): it passes when it equals any of these sums. Blank figures count as 0.
    """
    problems = []
    count_columns = [c for c, r in part.roles.items() if r.kolom in MEASURES]
    school_column = next((c for c, r in part.roles.items() if r.kolom == "nama_sekolah"), None)
    names = dict(zip(part.rows["source_row"], part.rows["nama_teks"], strict=True))
    figures: dict[str, list[tuple[int, int]]] = {c: [] for c in count_columns}  # column -> (row, figure)
    for column, row, nilai in zip(_column(part.values["kolom"]), _column(part.values["source_row"]),
                                  _column(part.values["nilai"]),
                                  strict=True):
        if column in figures and not pd.isna(nilai):
            figures[column].append((int(row), int(nilai)))
    sums_of = {c: _RangeSums(pairs, names) for c, pairs in figures.items()}
    previous_total = table.header_row
    for total in _records(table.totals):
        at = int(total["source_row"])
        # (after row, before row, school): the sub-total's block, everything above, and its school's rows
        scopes = [(previous_total, at, None), (0, at, None)]
        is_sub = any(isinstance(v, str) and re.match(r"(?i)^\s*sub\b", v) for v in total.values())
        name = _text(total.get(school_column)) if school_column else None
        if name is not None and not re.match(r"(?i)^\s*(sub\s*)?(jumlah|total)", name):
            scopes.insert(0, (0, at, name))
        for column in count_columns:
            text = _text(total.get(column))
            if text is None:
                continue
            source = (table.source_file, table.source_sheet, at)
            written = parse_count(text)
            if written is None:
                problems.append(_problem(source, column, text, "sekolah_angka_tidak_terbaca", lang))
                continue
            sums = [sums_of[column].between(after, before, school) for after, before, school in scopes]
            if written not in sums:
                # Say the sum of the scope the row claims: its school, a sub-total's block, or all.
                expected = sums[0] if len(scopes) == 3 or is_sub else sums[-1]
                problems.append(_problem(source, column, text, "sekolah_total_tidak_cocok", lang,
                                         tertulis=written, hitung=expected))
        previous_total = at
    return problems


def check_row_totals(part: SheetPart, lang: str = "id") -> list[dict]:
    """Check each row-total cell ("Jumlah" column) against the row's own counts."""
    problems = []
    measure_of = {"total_siswa": ("jumlah_siswa",), "total_lulusan": ("jumlah_lulusan",),
                  "total": ("jumlah_lulusan", "jumlah_siswa")}
    by_row: dict[tuple[int, str], list[int]] = {}
    for i, measure, nilai in zip(_column(part.values["i"]), _column(part.values["ukuran"]),
                                 _column(part.values["nilai"]), strict=True):
        if not pd.isna(nilai):
            by_row.setdefault((i, measure), []).append(int(nilai))
    for total in _records(part.totals):
        if total["nilai"] is None or pd.isna(total["nilai"]):
            continue
        parts = [v for m in measure_of[total["jenis_total"]] for v in by_row.get((total["i"], m), [])]
        if parts and sum(parts) != int(total["nilai"]):
            source = (total["source_file"], total["source_sheet"], int(total["source_row"]))
            problems.append(_problem(source, total["kolom"], total["teks_asli"], "sekolah_total_baris_tidak_cocok",
                                     lang, tertulis=int(total["nilai"]), hitung=sum(parts)))
    return problems


def check_summary(part: SheetPart, values: pd.DataFrame, matches: SchoolMatches, lang: str = "id") -> list[dict]:
    """Check a summary sheet ("Rekap") against the data of the other sheets.

    Each summary figure is compared with the sum of the data values that share
    what the summary row names (school, or else regency/city; major, year, grade,
    measure); a school the data does not have, or a different figure, is a problem.
    """
    problems = []
    lookup = _school_lookup(matches)
    summary = _resolve_majors(part.values, part.rows, NO_CORRECTIONS)[0]
    for _, figure in summary.iterrows():
        if pd.isna(figure["nilai"]):
            continue
        row = part.rows.loc[figure["i"]]
        source = (figure["source_file"], figure["source_sheet"], int(figure["source_row"]))
        selected = values[values["ukuran"] == figure["ukuran"]]
        if row["kab_kota_teks"] is not None and row["nama_teks"] is None and row["npsn_teks"] is None:
            region = map_value(row["kab_kota_teks"], "wilayah").kode
            schools = set(matches.schools.loc[matches.schools["kab_kota_kode"] == region, "school_id"])
            if region is None:
                continue
            selected = selected[selected["school_id"].isin(schools)]
        if row["nama_teks"] is not None or row["npsn_teks"] is not None:
            school_id = lookup(row["nama_teks"], row["npsn_teks"])
            if school_id is None:
                problems.append(_problem(source, "nama_sekolah", row["nama_teks"] or row["npsn_teks"],
                                         "sekolah_ringkasan_tanpa_data", lang))
                continue
            selected = selected[selected["school_id"] == school_id]
        if row["jurusan_teks"] is not None or figure["jurusan_kode_kolom"] is not None:
            if figure["jurusan_kode"] is None:
                continue  # an unknown major: reported by the mapping of the data sheets' majors if it recurs
            selected = selected[selected["jurusan_kode"] == figure["jurusan_kode"]]
        if not pd.isna(figure["tahun"]):
            selected = selected[selected["tahun"] == figure["tahun"]]
        if figure["kelas"] is not None:
            selected = selected[selected["kelas"] == figure["kelas"]]
        counted = int(selected["nilai"].sum())
        if counted != int(figure["nilai"]):
            problems.append(_problem(source, figure["kolom"], figure["teks_asli"], "sekolah_ringkasan_tidak_cocok",
                                     lang, tertulis=int(figure["nilai"]), hitung=counted))
    return problems


# --------------------------------------------------------------------------------------------
# Majors, regions, statuses: text → codes


def _resolve_majors(values: pd.DataFrame, rows: pd.DataFrame,
                    corrections: Corrections) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``jurusan_kode`` to the values (from the column's header, else the row's major).

    Returns the values and the mapping of each row's major text (aligned with ``rows``).
    """
    values = values.copy()
    by_row = map_codes(rows["jurusan_teks"], "jurusan", corrections)
    row_code = dict(zip(rows.index, by_row["kode"], strict=True))
    codes = [column_code if column_code is not None else row_code[i]
             for i, column_code in zip(values["i"], values["jurusan_kode_kolom"], strict=True)]
    values["jurusan_kode"] = pd.Series(codes, index=values.index, dtype=object)
    return values, by_row


# --------------------------------------------------------------------------------------------
# School names: telling schools apart


@cache
def _school_words() -> tuple[frozenset[str], frozenset[str]]:
    rows = read_reference_csv("sekolah_kata.csv")
    generic = frozenset(normalize_text(r["kata"]) for r in rows if r["peran"] == "generik")
    acronyms = frozenset(normalize_text(r["kata"]) for r in rows if r["peran"] == "akronim")
    return generic, acronyms


def _town(words: list[str]) -> tuple[str | None, int]:
    """The region named by the last words of a school name ("… Pontianak") and how many words it took."""
    lookup = load_kind("wilayah").lookup
    ambiguous = load_kind("wilayah").ambiguous
    for n in (3, 2, 1):
        if len(words) >= n:
            tail = " ".join(words[-n:])
            if tail in lookup and tail not in ambiguous:
                return lookup[tail][0], n
    return None, 0


@dataclass(frozen=True)
class NameParts:
    """A school name taken apart for matching."""

    norm: str  # normalize_text of the name
    core: str  # the distinctive words: generic words and a trailing town dropped
    town: str | None  # region code of a trailing town ("… Pontianak" → 61.71)
    numbers: tuple[str, ...]  # the numbers in the name ("SMK Negeri 1 Sambas" → ("1",))


def name_parts(name: object) -> NameParts:
    """Split a school name into what tells it apart from others.

    >>> name_parts("smk kes. bina dharma ptk")
    NameParts(norm='smk kesehatan bina dharma pontianak', core='bina dharma', town='61.71', numbers=())
    >>> name_parts("SMKN 1 Sambas").core, name_parts("SMK Kesehatan Pontianak").core
    ('1', 'pontianak')
    """
    norm = normalize_text(name)
    generic, _ = _school_words()
    words = [w for w in norm.split() if w not in generic]
    town, n = _town(words)
    core_words = words[:-n] if n else words
    if not core_words:  # "SMK Kesehatan Pontianak": the town is the name
        core_words = words
    numbers = tuple(w for w in core_words if w.isdigit())
    return NameParts(norm, " ".join(core_words), town, numbers)


def pretty_name(norm: str) -> str:
    """A normalised school name written for people: words capitalised, acronyms in capitals.

    >>> pretty_name("smk kesehatan bina dharma pontianak")
    'SMK Kesehatan Bina Dharma Pontianak'
    """
    _, acronyms = _school_words()
    return " ".join(w.upper() if w in acronyms else w[:1].upper() + w[1:] for w in norm.split())


class _Clusters:
    """Union-find over mentions that refuses to join two schools with different NPSNs, regions or decisions."""

    def __init__(self, mentions: pd.DataFrame) -> None:
        self.parent = list(range(len(mentions)))
        self.npsn = [{v} if v else set() for v in mentions["npsn"]]
        self.region = [{v} if v else set() for v in mentions["wilayah"]]
        self.target = [{v} if v else set() for v in mentions["target"]]
        self.separate = list(mentions["separate"])
        self.members = [[i] for i in range(len(mentions))]  # for a root: every mention in its cluster

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, a: int, b: int) -> str | None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return None
        if self.npsn[a] and self.npsn[b] and self.npsn[a] != self.npsn[b]:
            return "npsn"
        if self.target[a] and self.target[b] and self.target[a] != self.target[b]:
            return "koreksi"
        if self.region[a] and self.region[b] and not self.region[a] & self.region[b]:
            return "wilayah"
        return None

    def union(self, a: int, b: int, force: bool = False) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if not force and self.conflict(a, b):
            return False
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        self.npsn[a] |= self.npsn[b]
        self.region[a] |= self.region[b]
        self.target[a] |= self.target[b]
        self.separate[a] = self.separate[a] or self.separate[b]
        self.members[a] += self.members[b]
        self.members[b] = []
        return True


# A mention: one way a school was written. ``wilayah`` is the region used for matching (the
# row's kab/kota, else a town at the end of the name); ``wilayah_kolom`` only the row's kab/kota.
MENTION_COLUMNS = ["nama_teks", "npsn", "wilayah", "wilayah_kolom", "status", "group", "order", *PROVENANCE]


def match_schools(mentions: pd.DataFrame, corrections: Corrections = NO_CORRECTIONS, lang: str = "id",
                  auto: float = MATCH_AUTO, review: float = MATCH_REVIEW) -> SchoolMatches:
    """Tell the schools of a set of name mentions apart, and give each its ``school_id``.

    ``mentions`` has one row per way a school was written (:data:`MENTION_COLUMNS`:
    raw name, parsed NPSN, region code, status code, an optional ``group`` of
    mentions already known to be one school, an ``order`` (later wins) and where it
    was). The rules, in order:

    1. one NPSN is one school; two different NPSNs are never joined;
    2. the analyst's corrections (kind ``sekolah``: raw name → ``school_id``) join a
       name without NPSN to that school; a blank code keeps it apart from every other;
    3. names whose distinctive words (without "SMK", "Kesehatan", … and a trailing
       town) are equal, or score at least ``auto`` with ``fuzz.ratio``, are one
       school — unless their NPSNs, regions or numbers differ, or a name without NPSN
       would fit two schools with NPSNs;
    4. a score from ``review`` up to ``auto``, an equal name in another region, or a
       name fitting two schools is reported for review and kept apart.

    The ``school_id`` is the correction's target, else the NPSN, else the slug of the
    canonical name: the most complete spelling (most words, then the most written).
    """
    mentions, corrected = _prepare_mentions(mentions, corrections)
    clusters = _Clusters(mentions)
    for column in ("group", "npsn", "target"):
        _join_equal(clusters, mentions, column)
    fuzzy, notes = _join_by_name(clusters, mentions, auto, review)

    roots = [clusters.find(i) for i in range(len(mentions))]
    mentions["cluster"] = roots
    problems: list[dict] = []
    schools = _cluster_schools(mentions, problems, lang)
    id_of = dict(zip(schools["cluster"], schools["school_id"], strict=True))
    name_of = dict(zip(schools["cluster"], schools["nama_sekolah"], strict=True))
    mentions["school_id"] = _objects([id_of[r] for r in roots])
    norms = _column(mentions["norm"])  # the index is 0..n-1 (see _prepare_mentions)
    first_norm = {r: norms[r] for r in set(roots)}  # a root is its cluster's first mention
    uncertain = {}
    for noted, (kind, other, value) in notes.items():
        if clusters.find(noted) == clusters.find(other):
            continue  # joined later by a better match
        for i in clusters.members[clusters.find(noted)]:
            uncertain.setdefault(i, (kind, clusters.find(other), value))
    mapped = []
    for i, m in enumerate(_records(mentions)):
        kode, saran, alasan, skor = m["school_id"], None, None, fuzzy.get(i)
        metode = ("correction" if corrected[i] else "fuzzy" if i in fuzzy
                  else "exact" if m["norm"] == first_norm[roots[i]] else "synonym")
        source = tuple(m[c] for c in PROVENANCE)
        if i in uncertain:
            kind, other, value = uncertain[i]
            alasan = message(f"sekolah_cocok_{kind}", lang, nama=name_of[other], skor=round(value))
            problems.append(_problem(source, "nama_sekolah", m["nama_teks"], "sekolah_cocok_tinjau", lang,
                                     alasan=alasan, kode=kode))
            if kind != "npsn":  # an NPSN is certain: the problem is only reported
                metode, kode, saran, skor = "unmapped", None, id_of[other], round(value, 1)
        mapped.append({"jenis": "sekolah", "teks_asli": m["nama_teks"] or m["npsn"], "kode": kode, "metode": metode,
                       "skor": skor, "saran": saran, "alasan": alasan, **dict(zip(PROVENANCE, source, strict=True))})
    mapped_frame = _typed(pd.DataFrame(mapped, columns=MAPPED_COLUMNS), MAPPED_COLUMNS)
    return SchoolMatches(mentions, _typed(schools.drop(columns="cluster"), SCHOOL_COLUMNS, ["source_row"]),
                         mapped_frame, _problems_frame(problems))


def _prepare_mentions(mentions: pd.DataFrame, corrections: Corrections) -> tuple[pd.DataFrame, list[bool]]:
    """Mentions with their name taken apart and the analyst's corrections applied.

    A correction to an NPSN gives the mention that NPSN; to a slug, a ``target`` id;
    a blank correction marks it ``separate`` (never joined by its name).
    """
    mentions = mentions.reindex(columns=MENTION_COLUMNS).reset_index(drop=True)
    for column in ("nama_teks", "npsn", "wilayah", "wilayah_kolom", "status", "group"):
        mentions[column] = _objects([_text(v) for v in mentions[column]])
    parts = [name_parts(n) for n in mentions["nama_teks"]]
    mentions["norm"] = _objects([p.norm for p in parts])
    mentions["core"] = _objects([p.core for p in parts])
    # An explicit region wins; a town at the end of the name stands in for it when matching.
    mentions["wilayah"] = _objects([w if w else p.town for w, p in zip(mentions["wilayah"], parts, strict=True)])
    npsns, targets, separate, corrected = [], [], [], []
    for npsn, norm in zip(mentions["npsn"], mentions["norm"], strict=True):
        decision = corrections.lookup("sekolah", norm) if norm and not npsn else None
        if decision and parse_npsn(decision) == decision:  # "this is the school with that NPSN"
            npsn, decision = decision, None
            corrected.append(True)
        else:
            corrected.append(bool(decision))
        npsns.append(npsn)
        targets.append(decision or None)
        separate.append(decision == "")
    mentions["npsn"] = _objects(npsns)
    mentions["target"] = _objects(targets)
    mentions["separate"] = separate
    return mentions, corrected


def _join_equal(clusters: _Clusters, mentions: pd.DataFrame, column: str) -> None:
    """Join the mentions sharing a value of ``column`` (a list's own group, an NPSN, a correction's target)."""
    first: dict[object, int] = {}
    for i, value in enumerate(mentions[column]):
        if not value:
            continue
        if value in first:
            clusters.union(first[value], i, force=column == "group")
        else:
            first[value] = i


def _join_by_name(clusters: _Clusters, mentions: pd.DataFrame, auto: float,
                  review: float) -> tuple[dict[int, float], dict[int, tuple]]:
    """Join clusters whose distinctive names match; note the uncertain pairs.

    Returns the mentions joined by a fuzzy (not equal) name with their score, and
    the notes ``cluster → (kind, other cluster, score)`` for the analyst.
    """
    by_core: dict[str, set[int]] = {}
    for i, (core, separate) in enumerate(zip(mentions["core"], mentions["separate"], strict=True)):
        if core and not separate:
            by_core.setdefault(core, set()).add(clusters.find(i))
    cores = sorted(by_core)
    pairs = [(100.0, c, c) for c in cores]
    long_cores = [c for c in cores if len(c) >= MATCH_MIN_LENGTH]
    if len(long_cores) > 1:  # every pair of distinct long cores, once (rapidfuzz cdist)
        scores = process.cdist(long_cores, long_cores, scorer=fuzz.ratio, score_cutoff=review, workers=-1)
        first, second = np.nonzero(np.triu(scores >= review, k=1))
        pairs += [(float(scores[a, b]), long_cores[a], long_cores[b]) for a, b in zip(first, second, strict=True)]
    edges = set()
    for value, core_a, core_b in pairs:
        if _numbers(core_a) != _numbers(core_b):
            continue  # "SMK Negeri 1" and "SMK Negeri 11" are different schools, whatever the score
        edges |= {(value, min(a, b), max(a, b)) for a in by_core[core_a] for b in by_core[core_b] if a != b}
    # A name without NPSN that fits two schools with different NPSNs is joined to neither.
    fits: dict[int, set[str]] = {}
    for value, a, b in edges:
        for x, y in ((a, b), (b, a)):
            if value >= auto and not clusters.npsn[x] and clusters.npsn[y] and clusters.conflict(x, y) is None:
                fits.setdefault(x, set()).update(clusters.npsn[y])
    ambiguous = {x for x, npsns in fits.items() if len(npsns) > 1}
    fuzzy: dict[int, float] = {}
    notes: dict[int, tuple] = {}
    for value, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        conflict = clusters.conflict(ra, rb)
        if value >= auto and conflict is None and not {a, b} & ambiguous:
            members = list(clusters.members[max(ra, rb)])
            clusters.union(ra, rb)
            if value < 100.0:
                for i in members:
                    fuzzy.setdefault(i, round(value, 1))
            continue
        kind = "ambigu" if {a, b} & ambiguous else (conflict or "mirip")
        if kind == "npsn" and value < 100.0:
            continue  # two NPSNs, similar names: two schools, nothing to say
        # The note goes on the side the analyst must decide: the one without NPSN, else the later one.
        noted = rb if clusters.npsn[ra] and not clusters.npsn[rb] else ra if clusters.npsn[rb] and not \
            clusters.npsn[ra] else max(ra, rb)
        other = ra if noted == rb else rb
        notes.setdefault(noted, (kind, other, value))
    return fuzzy, notes


def _numbers(core: str) -> tuple[str, ...]:
    return tuple(w for w in core.split() if w.isdigit())


def _cluster_schools(mentions: pd.DataFrame, problems: list[dict], lang: str) -> pd.DataFrame:
    """One row per cluster of mentions: school_id, canonical name, NPSN, region, status, provenance."""
    groups: dict[int, list[dict]] = {}
    for mention in _records(mentions.sort_values("order", kind="stable")):
        groups.setdefault(mention["cluster"], []).append(mention)
    rows = []
    for cluster in sorted(groups):
        group = groups[cluster]
        frequency: dict[str, int] = {}
        for m in group:
            if m["norm"]:
                frequency[m["norm"]] = frequency.get(m["norm"], 0) + 1
        # The most complete spelling: most words, then the most often written, then the longest.
        best = sorted(frequency, key=lambda n: (-len(n.split()), -frequency[n], -len(n), n))
        nama = pretty_name(best[0]) if best else None
        npsn = min((m["npsn"] for m in group if m["npsn"]), default=None)
        target = min((m["target"] for m in group if m["target"]), default=None)
        regions = [m for m in group if m["wilayah_kolom"]]
        status = [m["status"] for m in group if m["status"]]
        first = group[0]  # where the school is first written
        rows.append({"cluster": cluster, "school_id": target or npsn or slugify(nama or "tanpa-nama"),
                     "npsn": npsn, "nama_sekolah": nama,
                     "kab_kota_kode": regions[-1]["wilayah_kolom"] if regions else None,
                     "status": status[-1] if status else None, **{c: first[c] for c in PROVENANCE}})
        codes = sorted({m["wilayah_kolom"] for m in regions})
        if len(codes) > 1:
            where = regions[-1]
            problems.append(_problem(tuple(where[c] for c in PROVENANCE), "kab_kota", where["wilayah_kolom"],
                                     "sekolah_wilayah_berbeda", lang, kode=", ".join(codes)))
    # Two schools kept apart whose canonical names give the same slug: number them, and say so.
    taken = {r["school_id"] for r in rows}
    seen: set[str] = set()
    for row in rows:
        if row["school_id"] in seen:
            base, n = row["school_id"], 2
            while f"{base}-{n}" in taken:
                n += 1
            row["school_id"] = f"{base}-{n}"
            taken.add(row["school_id"])
            problems.append(_problem(tuple(row[c] for c in PROVENANCE), "nama_sekolah", row["nama_sekolah"],
                                     "sekolah_kode_kembar", lang, kode=row["school_id"]))
        seen.add(row["school_id"])
    return pd.DataFrame(rows, columns=["cluster", *SCHOOL_COLUMNS])


def _school_lookup(matches: SchoolMatches):
    """A function (name, NPSN) → school_id over the schools of a list, for checking its summary sheets."""
    mentions = matches.mentions
    by_npsn = {n: s for n, s in zip(mentions["npsn"], mentions["school_id"], strict=True) if n}
    by_norm = {n: s for n, s in zip(mentions["norm"], mentions["school_id"], strict=True) if n}
    by_core: dict[str, set[str]] = {}
    for core, school in zip(mentions["core"], mentions["school_id"], strict=True):
        if core:
            by_core.setdefault(core, set()).add(school)

    def lookup(name: str | None, npsn_text: str | None) -> str | None:
        npsn = parse_npsn(npsn_text)
        if npsn in by_npsn:
            return by_npsn[npsn]
        parts = name_parts(name)
        if parts.norm in by_norm:
            return by_norm[parts.norm]
        candidates = by_core.get(parts.core, set())
        return next(iter(candidates)) if len(candidates) == 1 else None

    return lookup


# --------------------------------------------------------------------------------------------
# One list


def _mentions_of(rows: pd.DataFrame, corrections: Corrections, lang: str) -> tuple[pd.DataFrame, list, list]:
    """The school mentions of a list's data rows (NPSN parsed, region and status mapped).

    A value written once above the table (shape 2) is reported at that line, once.
    """
    problems, mapped = [], []

    def where(kolom: str) -> pd.DataFrame:
        return rows[PROVENANCE].assign(source_row=rows[f"baris_{kolom}"])

    npsn = [parse_npsn(t) for t in rows["npsn_teks"]]
    for source, text, value in zip(_tuples(where("npsn")), rows["npsn_teks"], npsn,
                                   strict=True):
        if text is not None and value is None:
            problems.append(_problem(source, "npsn", text, "sekolah_npsn_salah", lang))
    region = map_codes(rows["kab_kota_teks"], "wilayah", corrections)
    status = map_codes(rows["status_teks"], "status_sekolah", corrections)
    for kind, kolom, codes in (("wilayah", "kab_kota", region), ("status_sekolah", "status", status)):
        texts, sources = rows[f"{kolom}_teks"], where(kolom)
        mapped.append(_mapped_rows(kind, texts, codes, sources))
        for i in rows.index[texts.notna() & codes["kode"].isna()]:
            alasan = codes.at[i, "alasan"]
            problems.append(_problem(tuple(sources.loc[i]), kolom, texts[i], "sekolah_kode_tidak_dikenal", lang,
                                     alasan=f" ({alasan})" if alasan else "", saran=codes.at[i, "saran"] or "-"))
    mentions = pd.DataFrame({
        "nama_teks": rows["nama_teks"], "npsn": pd.Series(npsn, dtype=object, index=rows.index),
        "wilayah": region["kode"], "wilayah_kolom": region["kode"], "status": status["kode"],
        "group": None, "order": range(len(rows)), **{c: rows[c] for c in PROVENANCE},
    })
    return mentions, problems, mapped


def _distinct_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """One mention per distinct (name, NPSN, region, status), the first place it was written."""
    keys = ["nama_teks", "npsn", "wilayah_kolom", "status", "group"]
    return mentions.drop_duplicates(subset=keys, keep="first").reset_index(drop=True)


def _join_schools(rows: pd.DataFrame, mentions: pd.DataFrame, matches: SchoolMatches) -> pd.Series:
    keys = ["nama_teks", "npsn", "wilayah_kolom", "status"]
    table = matches.mentions[[*keys, "school_id"]]
    joined = mentions[keys].merge(table, on=keys, how="left")
    return pd.Series(joined["school_id"].to_numpy(), index=rows.index, dtype=object)


def _row_outcomes(rows: pd.DataFrame, values: pd.DataFrame, majors: pd.DataFrame,
                  lang: str) -> tuple[pd.Series, pd.Series, list[dict]]:
    """Each data row's status (dipakai / ditolak / duplikat), its reason, and the problems found.

    - no school (neither name nor NPSN) → rejected;
    - a major the codebook does not know is a problem; a count whose major is blank
      or unknown → the row is rejected (a count without a year is reported by its column);
    - a row repeating an earlier row (same school and major, year, grade) with the same
      figures → duplicate; with other figures → rejected, the first row is kept.
    """
    status: dict[int, str] = dict.fromkeys(rows.index, "dipakai")
    reason: dict[int, str | None] = dict.fromkeys(rows.index)
    problems: list[dict] = []
    of_row: dict[int, list[dict]] = {}
    for value in _records(values):
        of_row.setdefault(value["i"], []).append(value)
    records = dict(zip(rows.index, _records(rows), strict=True))
    major = dict(zip(majors.index, _records(majors), strict=True))
    for i, row in records.items():
        source = (row["source_file"], row["source_sheet"], row["source_row"])
        mine = [v for v in of_row.get(i, []) if not pd.isna(v["nilai"])]
        if row["school_id"] is None:
            status[i], reason[i] = "ditolak", "sekolah_kosong"
            if mine or row["jurusan_teks"] is not None:
                problems.append(_problem(source, "nama_sekolah", None, "sekolah_tanpa_nama", lang))
            continue
        text = row["jurusan_teks"]
        unknown = text is not None and major[i]["kode"] is None and major[i]["metode"] != "correction"
        if unknown:
            alasan = major[i]["alasan"]
            problems.append(_problem(source, "jurusan", text, "sekolah_jurusan_tidak_dikenal", lang,
                                     alasan=f" ({alasan})" if alasan else "", saran=major[i]["saran"] or "-"))
        if any(v["jurusan_kode"] is None for v in mine):
            status[i], reason[i] = "ditolak", "jurusan_tidak_dikenal" if unknown or text else "jurusan_kosong"
            if not unknown:
                problems.append(_problem(source, "jurusan", text, "sekolah_jurusan_kosong", lang))
            continue
    # Repeated rows: the same school, major text, year and grade texts twice.
    first_of: dict[tuple, int] = {}
    for i in [i for i in rows.index if status[i] == "dipakai"]:
        row, mine = records[i], of_row.get(i, [])
        key = (row["school_id"], normalize_text(row["jurusan_teks"]), row["tahun_teks"], row["kelas_teks"])
        if key[1] == "" and not any(v["jurusan_kode_kolom"] for v in mine):
            continue  # a row naming only the school: nothing to repeat
        if key not in first_of:
            first_of[key] = i
            continue
        same = _figures(mine) == _figures(of_row.get(first_of[key], []))
        status[i] = "duplikat" if same else "ditolak"
        reason[i] = "baris_ganda" if same else "baris_ganda_beda"
        if not same:
            problems.append(_problem((row["source_file"], row["source_sheet"], row["source_row"]), "nama_sekolah",
                                     row["nama_teks"], "sekolah_baris_ganda_beda", lang,
                                     baris=int(records[first_of[key]]["source_row"])))
    return pd.Series(status, dtype=object), pd.Series(reason, dtype=object), problems


def _figures(values: list[dict]) -> list[tuple]:
    return sorted((v["kolom"], None if pd.isna(v["nilai"]) else int(v["nilai"])) for v in values)


def _cohorts(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long values of the rows used → the ``lulusan`` table, and the cumulative alumni kept apart.

    Figures of the same school, major code, year and grade from rows of different
    raw majors (TKJ and Akuntansi are both LAINNYA) are added up; a blank stays
    missing unless another row gives a figure. Each row keeps the provenance of
    its first raw row.
    """
    ordered = values.assign(_row=values["source_row"].astype("int64")).sort_values(
        ["source_file", "source_sheet", "_row"], kind="stable")
    cohorts: dict[tuple, dict] = {}
    alumni: dict[tuple, dict] = {}
    names = ["kelas", "tahun", "source_file", "source_sheet", "source_row", "ukuran", "school_id", "jurusan_kode",
             "nilai"]
    no_year = ordered["tahun"].isna().tolist()  # pd.isna of each value, asked of the column once
    no_figure = ordered["nilai"].isna().tolist()
    for (v_kelas, v_tahun, source_file, source_sheet, source_row, ukuran, school_id, jurusan_kode, nilai), \
            year_missing, figure_missing in zip(_tuples(ordered[names]), no_year, no_figure, strict=True):
        kelas = v_kelas if isinstance(v_kelas, str) else None
        tahun = None if year_missing else int(v_tahun)
        if ukuran == "alumni_kumulatif":
            key = (school_id, jurusan_kode, tahun)
            row = alumni.get(key)
            if row is None:
                row = alumni[key] = {
                    "school_id": school_id, "jurusan_kode": jurusan_kode, "tahun": tahun, "alumni_kumulatif": None,
                    "source_file": source_file, "source_sheet": source_sheet, "source_row": int(source_row)}
        else:
            key = (school_id, jurusan_kode, tahun, kelas)
            row = cohorts.get(key)
            if row is None:
                row = cohorts[key] = {
                    "school_id": school_id, "jurusan_kode": jurusan_kode, "tahun": tahun, "kelas": kelas,
                    "jumlah_lulusan": None, "jumlah_siswa": None,
                    "source_file": source_file, "source_sheet": source_sheet, "source_row": int(source_row)}
        if not figure_missing:
            row[ukuran] = (row[ukuran] or 0) + int(nilai)
    cohort_frame = pd.DataFrame(list(cohorts.values()), columns=COHORT_COLUMNS)
    alumni_frame = pd.DataFrame(list(alumni.values()), columns=ALUMNI_COLUMNS)
    return _typed_cohorts(cohort_frame), _typed_alumni(alumni_frame)


def _typed_alumni(alumni: pd.DataFrame) -> pd.DataFrame:
    alumni = _typed(alumni, ALUMNI_COLUMNS, required=["source_row"])
    return alumni.sort_values(["school_id", "jurusan_kode", "tahun"], kind="stable").reset_index(drop=True)


def _typed_cohorts(cohorts: pd.DataFrame) -> pd.DataFrame:
    cohorts = _typed(cohorts, COHORT_COLUMNS, required=["tahun", "source_row"])
    grade = cohorts["kelas"].map({"X": 1, "XI": 2, "XII": 3}).fillna(0)
    order = cohorts.assign(_k=grade).sort_values(["school_id", "jurusan_kode", "tahun", "_k"], kind="stable")
    return order.drop(columns="_k").reset_index(drop=True)


def school_year(date: str | None) -> int | None:
    """The first calendar year of the school year a list's date falls in (it starts in July).

    >>> school_year("2020-07"), school_year("2021-03"), school_year(None)
    (2020, 2020, None)
    """
    if not date:
        return None
    year, month = (int(p) for p in date.split("-"))
    return year if month >= 7 else year - 1


def list_date(tables: Sequence[RawTable]) -> str | None:
    """The list's date ("2020-07"): the first title that gives a month and year, else the file name's YYYY-MM.

    A file's modification time is never used: the same files must give the same result anywhere.
    """
    for table in tables:
        date = read_context(table).list_date
        if date:
            return date
    match = _FILE_DATE.search(Path(tables[0].source_file).name) if tables else None
    return f"{match.group(1)}-{match.group(2)}" if match else None


def sheet_kinds(tables: Sequence[RawTable]) -> list[str]:
    """What each sheet of a workbook is: ``data``, ``ringkasan`` (a summary) or ``lain`` (not a school list).

    A sheet named like a summary ("Rekap", "Ringkasan", …) is a summary when another
    sheet of the workbook holds the data; alone, it is the data (a file may be called
    "rekap" and be the only list).
    """
    is_list = [is_school_list(t) for t in tables]
    summary_name = [_is_summary_sheet(t.source_sheet) for t in tables]
    has_data = [i for i in range(len(tables)) if is_list[i] and not summary_name[i]]
    kinds = []
    for i in range(len(tables)):
        if summary_name[i] and any(j != i for j in has_data):
            kinds.append("ringkasan")
        else:
            kinds.append("data" if is_list[i] else "lain")
    return kinds


def clean_school_list(tables: Sequence[RawTable], corrections: Corrections = NO_CORRECTIONS,
                      lang: str = "id") -> SchoolListResult:
    """Clean one school list already read (the sheets of one file, from :func:`~jejak_analysis.read.read_table`).

    - each sheet is a data sheet (it names schools and holds counts), a summary sheet
      (named "Rekap…" beside data sheets: checked, never data) or not a school list
      (skipped, reported);
    - data rows give school mentions and long count values (see :func:`take_sheet_apart`);
    - schools are told apart (:func:`match_schools`), majors mapped to codes;
    - totals rows, row totals and summary sheets are checked against the data;
    - rows without school, major or year, and repeated rows, are set aside with a reason;
    - the counts become the ``lulusan`` table; cumulative alumni figures stay apart.
    """
    tables = list(tables)
    source_file = tables[0].source_file if tables else ""
    kinds = sheet_kinds(tables)
    data_tables = [t for t, kind in zip(tables, kinds, strict=True) if kind == "data"]
    summary_tables = [t for t, kind in zip(tables, kinds, strict=True) if kind == "ringkasan"]

    date = list_date(tables)
    problems: list[dict] = []
    mapped: list[pd.DataFrame] = []
    accounting: list[pd.DataFrame] = []
    parts: list[tuple[RawTable, SheetPart]] = []
    for table in tables:
        if table in data_tables:
            part = take_sheet_apart(table, corrections, lang, school_year(date))
            parts.append((table, part))
            problems += part.problems
            mapped += part.mapped
            problems += check_total_rows(table, part, lang) + check_row_totals(part, lang)
        else:
            reason = "ringkasan" if table in summary_tables else "lembar_bukan_daftar"
            if reason != "ringkasan":
                problems.append(_problem((table.source_file, table.source_sheet, table.header_row), None,
                                         table.source_sheet, "sekolah_lembar_bukan_daftar", lang))
            everything = pd.concat([table.data[PROVENANCE], table.set_aside[PROVENANCE]], ignore_index=True)
            accounting.append(everything.assign(status="bukan_data", alasan=reason))

    # Every data row of every sheet, numbered across the list.
    all_rows, all_values = [], []
    offset = 0
    for _, part in parts:
        rows = part.rows.copy()
        values = part.values.copy()
        rows.index = rows.index + offset
        values["i"] = values["i"] + offset
        offset += len(rows)
        all_rows.append(rows)
        all_values.append(values)
    rows = pd.concat(all_rows) if all_rows else _empty(ROW_COLUMNS)
    values = pd.concat(all_values, ignore_index=True) if all_values else _empty(VALUE_COLUMNS)
    rows = rows.astype(object).where(rows.notna(), None)
    rows["source_row"] = rows["source_row"].astype("int64")

    mentions, mention_problems, mention_mapped = _mentions_of(rows, corrections, lang)
    problems += mention_problems
    mapped += mention_mapped
    named = mentions[mentions["nama_teks"].notna() | mentions["npsn"].notna()]
    matches = match_schools(_distinct_mentions(named), corrections, lang)
    rows["school_id"] = None
    if len(named):
        rows.loc[named.index, "school_id"] = _join_schools(rows.loc[named.index], named, matches)
    values, majors = _resolve_majors(values, rows, corrections)
    mapped.append(_mapped_rows("jurusan", rows["jurusan_teks"], majors, rows))
    values["school_id"] = values["i"].map(rows["school_id"]).astype(object)

    status, reason, outcome_problems = _row_outcomes(rows, values, majors, lang)
    problems += outcome_problems
    accounting.append(rows[PROVENANCE].assign(status=status.to_numpy(), alasan=reason.to_numpy()))
    for _, part in parts:
        aside = part.set_aside.assign(status="bukan_data")
        accounting.append(aside[ACCOUNTING_COLUMNS])

    # Values of the rows used; a blank cell that has no major or year to belong to is nothing.
    placed = values["jurusan_kode"].notna() & (values["tahun"].notna() | (values["ukuran"] == "alumni_kumulatif"))
    used = values[(values["i"].map(status) == "dipakai") & placed]
    cohorts, alumni = _cohorts(used)
    for table in summary_tables:
        part = take_sheet_apart(table, corrections, lang, school_year(date))
        problems += check_summary(part, used, matches, lang) + check_total_rows(table, part, lang)

    used_rows = rows[status == "dipakai"]
    schools = matches.schools[matches.schools["school_id"].isin(set(used_rows["school_id"]))]
    accounting_frame = _sort_by_source(pd.concat(accounting, ignore_index=True) if accounting
                                       else _empty(ACCOUNTING_COLUMNS), ACCOUNTING_COLUMNS)
    mapped_frame = pd.concat([m for m in mapped if len(m)], ignore_index=True) if any(len(m) for m in mapped) \
        else _empty(MAPPED_COLUMNS)
    return SchoolListResult(
        source_file=source_file,
        list_date=date,
        schools=_typed(schools.sort_values("school_id", kind="stable"), SCHOOL_COLUMNS, ["source_row"]),
        cohorts=cohorts,
        alumni=alumni,
        accounting=accounting_frame,
        row_problems=_sort_by_source(_problems_frame(problems), PROBLEM_COLUMNS),
        row_mapped=_sort_by_source(mapped_frame, MAPPED_COLUMNS),
        matches=matches,
        values=used.reset_index(drop=True),
        corrections=corrections,
    )


def read_school_list(path: str | Path, root: str | Path | None = None,
                     corrections: Corrections = NO_CORRECTIONS, lang: str = "id") -> SchoolListResult:
    """Read and clean one school list file (``.xlsx``, ``.xls`` or ``.csv``); see :func:`clean_school_list`.

    ``source_file`` in every output is the path relative to ``root`` when given.
    """
    return clean_school_list(read_table(path, root=root), corrections=corrections, lang=lang)


def accounting_by_file(results: Iterable[SchoolListResult | CombinedSchools]) -> dict[str, dict[str, int]]:
    """Per source file: raw rows in, used, duplicate, rejected and not data (for ``jejak clean``'s summary)."""
    frames = [r.accounting for r in results]
    if not frames:
        return {}
    accounting = pd.concat(frames, ignore_index=True)
    counts = {}
    for source, group in accounting.groupby("source_file", sort=True):
        status = group["status"].value_counts()
        counts[source] = {
            "baris_masuk": len(group),
            "baris_dipakai": int(status.get("dipakai", 0)),
            "baris_duplikat": int(status.get("duplikat", 0)),
            "baris_ditolak": int(status.get("ditolak", 0)),
            "baris_bukan_data": int(status.get("bukan_data", 0)),
        }
    return counts


# --------------------------------------------------------------------------------------------
# Several lists


def _concat_rows(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The rows of ``frames`` one after another; empty frames left out (pandas 2.2 warns on them)."""
    filled = [f for f in frames if len(f)]
    if not filled:
        return frames[0].iloc[0:0] if frames else pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)


def combine_school_lists(results: Iterable[SchoolListResult], corrections: Corrections | None = None,
                         lang: str = "id") -> CombinedSchools:
    """Combine several cleaned lists (months, senders) into one picture: the latest list wins.

    - lists are applied in the order of their date (title, else file name), then
      their file name; a list without a date comes first;
    - schools are matched again across lists (a school without NPSN in July may
      have one in August), keeping every list's own matches;
    - for each school × major × year × grade and measure, the latest list that gives
      a figure wins; a blank in a later list does not erase an earlier figure;
    - every school added and every figure first given or revised after the first
      list is listed in ``changes`` with the source of the old and the new value.
    """
    results = sorted(results, key=lambda r: (r.list_date or "", r.source_file))
    if corrections is None:
        corrections = results[0].corrections if results else Corrections()
    lists = pd.DataFrame({"source_file": [r.source_file for r in results],
                          "list_date": [r.list_date for r in results],
                          "urutan": range(1, len(results) + 1)})
    if not results:
        return CombinedSchools(_typed(_empty(SCHOOL_COLUMNS), SCHOOL_COLUMNS), _typed_cohorts(_empty(COHORT_COLUMNS)),
                               _typed_alumni(_empty(ALUMNI_COLUMNS)), _typed(_empty(CHANGE_COLUMNS), CHANGE_COLUMNS),
                               _typed(_empty(PROBLEM_COLUMNS), PROBLEM_COLUMNS),
                               _typed(_empty(MAPPED_COLUMNS), MAPPED_COLUMNS),
                               _typed(_empty(ACCOUNTING_COLUMNS), ACCOUNTING_COLUMNS), lists)

    if len(results) == 1 and corrections is results[0].corrections and _every_school_used(results[0]):
        return _one_list(results[0], lists)
    return _combine_several(results, corrections, lang, lists)


def _every_school_used(result: SchoolListResult) -> bool:
    """Whether every school the list's own matching saw has rows used: then matching the list again
    (which looks only at the schools in use) would see the same names and find the same schools."""
    used = set(result.values["school_id"]) | set(result.schools["school_id"])
    return bool(result.matches.mentions["school_id"].isin(used).all())


def _one_list(result: SchoolListResult, lists: pd.DataFrame) -> CombinedSchools:
    """A single list combined with nothing: its own tables, as :func:`_combine_several` would give them.

    Used when every school of the list has rows in use (:func:`_every_school_used`): matching its
    schools again would then only find its own matches (a test checks both ways agree);
    on a national list of 14,000 schools that second matching cost seconds.
    """
    return CombinedSchools(
        schools=_typed(result.schools.reset_index(drop=True), SCHOOL_COLUMNS, ["source_row"]),
        cohorts=result.cohorts.reset_index(drop=True),
        alumni=result.alumni.reset_index(drop=True),
        changes=_typed(pd.DataFrame(columns=CHANGE_COLUMNS), CHANGE_COLUMNS),
        problems=result.problems.reset_index(drop=True),
        mapped=result.mapped.reset_index(drop=True),
        accounting=result.accounting.reset_index(drop=True),
        lists=lists,
    )


def _combine_several(results: list[SchoolListResult], corrections: Corrections, lang: str,
                     lists: pd.DataFrame) -> CombinedSchools:
    """Lists in date order matched together; the latest figure wins (see :func:`combine_school_lists`)."""
    # Match the schools of all lists together; a list's own matches are kept as groups.
    all_mentions = []
    for n, result in enumerate(results):
        m = result.matches.mentions
        m = m[m["school_id"].isin(set(result.values["school_id"]) | set(result.schools["school_id"]))]
        all_mentions.append(m.assign(group=[f"{n}:{s}" for s in m["school_id"]],
                                     order=[n * 1_000_000 + o for o in m["order"]])[MENTION_COLUMNS])
    mentions = pd.concat(all_mentions, ignore_index=True)
    matches = match_schools(mentions, corrections, lang)
    global_id = dict(zip(matches.mentions["group"], matches.mentions["school_id"], strict=True))

    state: dict[tuple, tuple] = {}  # (school, major, year, grade, measure) -> (value, provenance, list number)
    seen_schools: set[str] = set()
    changes = []
    for n, result in enumerate(results):
        values = result.values.assign(school_id=[global_id[f"{n}:{s}"] for s in _column(result.values["school_id"])])
        new_schools = sorted(set(_column(values["school_id"])) - seen_schools)
        first_rows = values.drop_duplicates("school_id").set_index("school_id")
        for school in new_schools:
            if n > 0:
                r = first_rows.loc[school]
                changes.append({"perubahan": "sekolah_baru", "school_id": school, "kolom": "school_id",
                                "source_file_baru": r["source_file"], "source_sheet_baru": r["source_sheet"],
                                "source_row_baru": r["source_row"]})
        list_cohorts = _cohorts(values)
        for measure, frame in (("jumlah_lulusan", list_cohorts[0]), ("jumlah_siswa", list_cohorts[0]),
                               ("alumni_kumulatif", list_cohorts[1])):
            grades = _column(frame["kelas"]) if "kelas" in frame.columns else [None] * len(frame)
            for school_id, major, year, kelas, value, source_file, source_sheet, source_row in zip(
                    *(_column(frame[c]) for c in ("school_id", "jurusan_kode", "tahun")), grades,
                    *(_column(frame[c]) for c in (measure, *PROVENANCE)), strict=True):
                key = (school_id, major, int(year) if not pd.isna(year) else None, kelas, measure)
                value = None if pd.isna(value) else int(value)
                prov = (source_file, source_sheet, int(source_row))
                old = state.get(key)
                if old is None:
                    state[key] = (value, prov, n)
                    if n > 0 and value is not None and school_id in seen_schools:
                        changes.append(_change("angka_baru", key, None, value, None, prov))
                elif value is not None and old[0] == value:
                    state[key] = (value, prov, n)  # confirmed by a later list: it is now the source
                elif value is not None:
                    state[key] = (value, prov, n)
                    changes.append(_change("angka_baru" if old[0] is None else "angka_direvisi", key, old[0], value,
                                           old[1], prov))
        seen_schools |= set(_column(values["school_id"]))

    cohorts, alumni = _from_state(state)
    schools = _combined_schools(matches, results, global_id, seen_schools)
    row_problems = _concat_rows([r.row_problems for r in results], PROBLEM_COLUMNS)
    row_mapped = _concat_rows([r.row_mapped for r in results], MAPPED_COLUMNS)
    change_frame = _typed(pd.DataFrame(changes, columns=CHANGE_COLUMNS), CHANGE_COLUMNS)
    return CombinedSchools(
        schools=_typed(schools, SCHOOL_COLUMNS, ["source_row"]),
        cohorts=cohorts,
        alumni=alumni,
        changes=change_frame,
        problems=_sort_by_source(_concat_rows([row_problems, matches.problems], PROBLEM_COLUMNS), PROBLEM_COLUMNS),
        mapped=_sort_by_source(_concat_rows([row_mapped, matches.mapped], MAPPED_COLUMNS), MAPPED_COLUMNS),
        accounting=_sort_by_source(_concat_rows([r.accounting for r in results], ACCOUNTING_COLUMNS),
                                   ACCOUNTING_COLUMNS),
        lists=lists,
    )


def _change(kind: str, key: tuple, old: int | None, new: int | None, old_source: tuple | None,
            new_source: tuple) -> dict:
    school, major, year, grade, measure = key
    old_source = old_source or (None, None, None)
    return {"perubahan": kind, "school_id": school, "jurusan_kode": major, "tahun": year, "kelas": grade,
            "kolom": measure, "nilai_lama": old, "nilai_baru": new,
            "source_file_lama": old_source[0], "source_sheet_lama": old_source[1], "source_row_lama": old_source[2],
            "source_file_baru": new_source[0], "source_sheet_baru": new_source[1], "source_row_baru": new_source[2]}


def _from_state(state: dict[tuple, tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    cohort_rows: dict[tuple, dict] = {}
    alumni_rows = []
    for (school, major, year, grade, measure), (value, prov, n) in state.items():
        if measure == "alumni_kumulatif":
            alumni_rows.append({"school_id": school, "jurusan_kode": major, "tahun": year,
                                "alumni_kumulatif": value, **dict(zip(PROVENANCE, prov, strict=True))})
            continue
        row = cohort_rows.setdefault((school, major, year, grade), {
            "school_id": school, "jurusan_kode": major, "tahun": year, "kelas": grade,
            "jumlah_lulusan": None, "jumlah_siswa": None, "_prov": (-1, prov)})
        if value is not None:
            row[measure] = value
            # The row's source is the latest list that gave one of its figures.
            if n > row["_prov"][0]:  # max() by list number: the first of equals stays
                row["_prov"] = (n, prov)
        elif row["_prov"][0] < 0:
            row["_prov"] = (-1, prov)
    records = []
    for row in cohort_rows.values():
        _, prov = row.pop("_prov")
        records.append({**row, **dict(zip(PROVENANCE, prov, strict=True))})
    cohorts = _typed_cohorts(pd.DataFrame(records, columns=COHORT_COLUMNS))
    return cohorts, _typed_alumni(pd.DataFrame(alumni_rows, columns=ALUMNI_COLUMNS))


def _combined_schools(matches: SchoolMatches, results: list[SchoolListResult], global_id: dict,
                      used: set[str]) -> pd.DataFrame:
    """One row per school: the canonical name over all lists; region, status, provenance from the latest list."""
    known = dict(zip(_column(matches.schools["school_id"]),
                     zip(_column(matches.schools["npsn"]), _column(matches.schools["nama_sekolah"]), strict=True),
                     strict=True))
    groups: dict[str, list[tuple]] = {}  # school -> (region, status, provenance) of each list, in list order
    for n, result in enumerate(results):
        for school_id, region, status, *where in _tuples(result.schools[["school_id", "kab_kota_kode", "status",
                                                                          *PROVENANCE]]):
            groups.setdefault(global_id[f"{n}:{school_id}"], []).append((region, status, where))
    out = []
    for school_id in sorted(s for s in groups if isinstance(s, str)):
        if school_id not in used:
            continue
        group = groups[school_id]
        npsn, nama = known[school_id]
        out.append({"school_id": school_id, "npsn": npsn, "nama_sekolah": nama,
                    "kab_kota_kode": _latest([g[0] for g in group]), "status": _latest([g[1] for g in group]),
                    **dict(zip(PROVENANCE, group[-1][2], strict=True))})
    return pd.DataFrame(out, columns=SCHOOL_COLUMNS)


def _latest(values: Iterable) -> object:
    """The last value that is not missing (lists are in order: the latest wins)."""
    present = [v for v in values if v is not None and not pd.isna(v)]
    return present[-1] if present else None
