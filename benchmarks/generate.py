"""Synthetic raw files at national size for the benchmark (DATA SINTETIS, never real people).

Two kinds of file, written under ``benchmarks/out/`` (git-ignored):

- a Persemki school list of ``n_schools`` schools in the July shape of the sample
  (title rows, a two-row merged header, names and NPSNs merged down over majors,
  a "Sub Jumlah" row per school and a grand total), with schools in every
  kabupaten/kota of ``reference/kabupaten_kota.csv``;
- questionnaire exports totalling ``n_rows`` rows, as two cumulative Google Forms
  exports: ``kuesioner_a.csv`` (UTF-8, ``,``; the first 40 % of submissions) and
  ``kuesioner_b.csv`` (Indonesian Excel: ``;``, Windows-1252, a fifth of the NIKs in
  scientific notation) holding every submission again. So about 30 % of all rows are
  copies of a submission already seen, and on top of that people submit again with
  changed answers (~15 % of submissions) and double-click "Kirim" (~1 %).

The answers are drawn from the vocabulary of :mod:`jejak_analysis.sample_data` (the
texts its generator types, with their frequencies, over several seeds), so they
carry the same mess: typed yes/no variants, checkbox combinations with "other"
answers, misspelt countries, "Thn 2019". People (names, NIKs, phones, e-mails, birth
dates) and timestamps are generated column-wise with numpy, because a per-row Python
generator would take minutes for a million rows.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from jejak_analysis.codebook import read_reference_csv

QUESTIONNAIRE_FILES = ("kuesioner_a.csv", "kuesioner_b.csv")
SCHOOL_FILE_TEMPLATE = "persemki_nasional_{n}.xlsx"
FIRST_EXPORT_SHARE = 0.4  # kuesioner_a holds this share of the submissions; kuesioner_b holds them all
RESUBMIT_SHARE = 0.15
DOUBLE_CLICK_SHARE = 0.01
NO_NIK_SHARE = 0.06
SCI_NIK_SHARE = 0.2  # in kuesioner_b: NIKs that went through an Excel number column
BLANK_ROW_SHARE = 0.003  # rows with only a timestamp

# Answer columns drawn from the sample generator's vocabulary (personal columns are generated here).
VOCABULARY_COLUMNS = [
    "Jenis Kelamin", "Jurusan", "Status saat ini", "Tahun Lulus", "Apakah Anda berminat bekerja di luar negeri?",
    "Negara tujuan yang diminati", "Program penempatan yang diminati", "Bidang pekerjaan yang diminati",
    "Kemampuan bahasa Jepang", "Bersedia mengikuti pelatihan bahasa Jepang?", "Apakah orang tua mengizinkan?",
    "Dari mana Anda mengetahui informasi ini?", "Apakah Anda sudah memiliki paspor?",
]
_SCHOOL_WORDS = [
    "Bina", "Husada", "Dharma", "Mitra", "Sehat", "Medika", "Bhakti", "Nusantara", "Harapan", "Bangsa", "Citra",
    "Kartini", "Permata", "Insan", "Mandiri", "Cendekia", "Prima", "Utama", "Persada", "Karya", "Mulia", "Kasih",
    "Ibu", "Cahaya", "Bunda", "Pelita", "Wijaya", "Kusuma", "Taruna", "Pertiwi", "Widya", "Sentosa", "Abdi",
    "Sejahtera", "Anugerah", "Cipta", "Gemilang", "Harmoni", "Lestari", "Mutiara", "Nirmala", "Pratama", "Rahayu",
    "Sakti", "Tunas", "Unggul", "Yatsi", "Zahra", "Avicenna", "Farma", "Kencana", "Muhammadiyah", "Aisyiyah",
    "Nurul", "Hidayah", "Ikhlas", "Amanah", "Bakti", "Putra", "Putri",
]
_MAJORS = [("Keperawatan", 40), ("Asisten Keperawatan", 25), ("Farmasi", 30), ("Farmasi Klinis dan Komunitas", 15),
           ("Teknologi Laboratorium Medik", 10), ("Caregiver", 6), ("Dental Asisten", 3)]
_PHONE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877", "0878", "0895", "0896"]


# --------------------------------------------------------------------------------------------
# Vocabulary


def answer_vocabulary(seeds: tuple[int, ...] = (1, 2, 3, 4, 5)) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Column → (distinct raw texts, probabilities), from the sample generator's online submissions."""
    from jejak_analysis import sample_data

    counts: dict[str, Counter] = {c: Counter() for c in VOCABULARY_COLUMNS}
    for seed in seeds:
        for sub in sample_data._build_questionnaires(seed).online:
            if sub.person is None:
                continue
            for column in VOCABULARY_COLUMNS:
                value = sub.answers.get(column, "")
                counts[column]["" if value is None else str(value)] += 1
    vocabulary = {}
    for column, counter in counts.items():
        texts = sorted(counter)
        weights = np.array([counter[t] for t in texts], dtype=float)
        vocabulary[column] = (np.array(texts, dtype=object), weights / weights.sum())
    return vocabulary


def _names() -> dict[str, np.ndarray]:
    from faker.providers.person.id_ID import Provider

    return {"first_P": np.array(sorted(set(Provider.first_names_female)), dtype=object),
            "first_L": np.array(sorted(set(Provider.first_names_male)), dtype=object),
            "last": np.array(sorted(set(Provider.last_names_female) | set(Provider.last_names_male)), dtype=object)}


def regions() -> pd.DataFrame:
    """Every kabupaten/kota: code, name, and the town a school name ends with."""
    frame = pd.DataFrame(read_reference_csv("kabupaten_kota.csv"))
    frame["kota"] = frame["nama"].str.replace(r"^(Kabupaten|Kota)\s+", "", regex=True)
    return frame[["kode", "nama", "kota"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Schools


def make_schools(n_schools: int, seed: int = 8) -> pd.DataFrame:
    """``n_schools`` invented health SMKs across Indonesia: NPSN, name, region, majors with counts."""
    rng = np.random.default_rng(seed)
    reg = regions()
    region_index = rng.integers(0, len(reg), n_schools)
    towns = reg["kota"].tolist()
    names, seen = [], set()
    for r in region_index:
        town = towns[r]
        while True:
            if rng.random() < 0.12:
                name = f"SMK Negeri {rng.integers(1, 13)} {town}"
            else:
                a, b = rng.choice(len(_SCHOOL_WORDS), 2, replace=False)
                name = f"SMK Kesehatan {_SCHOOL_WORDS[a]} {_SCHOOL_WORDS[b]} {town}"
            if name not in seen:
                seen.add(name)
                names.append(name)
                break
    npsn = rng.permutation(np.unique(rng.integers(10_000_000, 100_000_000, 2 * n_schools)))[:n_schools]
    return pd.DataFrame({
        "npsn": npsn.astype(str), "nama": names, "kode": reg["kode"].to_numpy()[region_index],
        "kab_kota": reg["nama"].to_numpy()[region_index], "kota": reg["kota"].to_numpy()[region_index],
        "status": np.where([n.startswith("SMK Negeri") for n in names], "Negeri", "Swasta"),
        "n_majors": rng.choice([1, 2, 3], n_schools, p=[0.3, 0.5, 0.2]),
    })


def write_school_list(path: Path, schools: pd.DataFrame, seed: int = 9) -> None:
    """The July-shaped Persemki list of ``schools``: title rows, two-row merged header, sub-totals, total."""
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data Anggota"
    for row, text in enumerate(["DATA SMK KESEHATAN ANGGOTA PERSEMKI (NASIONAL)", "Keadaan Juli 2024",
                                "DATA SINTETIS — untuk uji kinerja"], 1):
        ws.cell(row, 1, text)
    for col, text in enumerate(["No", "Nama Sekolah", "NPSN", "Kab/Kota", "Status", "Jurusan"], 1):
        ws.cell(5, col, text)
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    ws.cell(5, 7, "Jumlah Siswa")
    ws.merge_cells("G5:I5")
    ws.cell(5, 10, "Jumlah Lulusan")
    ws.merge_cells("J5:L5")
    for col, text in zip(range(7, 13), ["X", "XI", "XII", 2021, 2022, 2023], strict=True):
        ws.cell(6, col, text)
    majors = [m for m, _ in _MAJORS]
    weights = np.array([w for _, w in _MAJORS], dtype=float)
    row = 7
    grand = np.zeros(6, dtype=np.int64)
    for number, school in enumerate(schools.itertuples(index=False), 1):
        first = row
        chosen = rng.choice(len(majors), school.n_majors, replace=False, p=weights / weights.sum())
        subtotal = np.zeros(6, dtype=np.int64)
        for m in chosen:
            counts = rng.integers(10, 120, 6)
            ws.cell(row, 6, majors[m])
            for col, value in enumerate(counts, 7):
                ws.cell(row, col, "-" if value < 12 else int(value))  # "-" is zero, as the lists write it
            subtotal += np.where(counts < 12, 0, counts)
            row += 1
        npsn = school.npsn if rng.random() > 0.05 else f"'{school.npsn}"
        for col, value in enumerate([number, school.nama, npsn, school.kota, school.status], 1):
            ws.cell(first, col, value)
            if row - 1 > first:
                _merge(ws, first, col, row - 1, col)
        ws.cell(row, 6, "Sub Jumlah")
        for col, value in enumerate(subtotal, 7):
            ws.cell(row, col, int(value))
        grand += subtotal
        row += 1
    ws.cell(row, 1, "JUMLAH")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    for col, value in enumerate(grand, 7):
        ws.cell(row, col, int(value))
    ws.cell(row + 2, 1, "Catatan: - berarti tidak ada lulusan")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _merge(ws, top: int, left: int, bottom: int, right: int) -> None:
    """``ws.merge_cells`` without its check against every earlier range (quadratic for 20,000 ranges).

    The ranges written here never overlap, so the check is not needed.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.merge import MergedCellRange

    mcr = MergedCellRange(ws, f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")
    ws.merged_cells.ranges.add(mcr)
    ws._clean_merge_range(mcr)


def school_spellings(schools: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """How respondents write their school: four spellings per school (texts, school index)."""
    full = schools["nama"].to_numpy(dtype=object)
    kota = schools["kota"].to_numpy(dtype=object)
    without_town = np.array([n[: -len(k) - 1] for n, k in zip(full, kota, strict=True)], dtype=object)
    short = np.array([n.replace("SMK Kesehatan", "SMK Kes.").replace("SMK Negeri ", "SMKN ") for n in full],
                     dtype=object)
    lower = np.array([n.lower() for n in without_town], dtype=object)
    texts = np.concatenate([full, without_town, short, lower])
    owner = np.tile(np.arange(len(schools)), 4)
    return texts, owner


# --------------------------------------------------------------------------------------------
# Questionnaires


def _pick(rng: np.random.Generator, vocabulary: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    texts, p = vocabulary
    return texts[rng.choice(len(texts), n, p=p)]


def _digits(values: np.ndarray, width: int) -> pd.Series:
    return pd.Series(values).astype(str).str.zfill(width)


def make_submissions(n_rows: int, schools: pd.DataFrame, seed: int = 2024) -> pd.DataFrame:
    """The distinct submissions behind ``n_rows`` exported rows, in time order, as the form's columns."""
    rng = np.random.default_rng(seed)
    vocabulary = answer_vocabulary()
    names = _names()
    n_subs = int(round(n_rows / (1 + FIRST_EXPORT_SHARE)))
    n_double = int(n_subs * DOUBLE_CLICK_SHARE)
    n_base = n_subs - n_double
    n_people = int(n_base / (1 + RESUBMIT_SHARE))

    # People
    sex = np.where(rng.random(n_people) < 0.75, "P", "L")
    first = np.where(sex == "P", names["first_P"][rng.integers(0, len(names["first_P"]), n_people)],
                     names["first_L"][rng.integers(0, len(names["first_L"]), n_people)])
    last = names["last"][rng.integers(0, len(names["last"]), n_people)]
    name = pd.Series(first).str.cat(pd.Series(last), sep=" ")
    born = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 8 * 365, n_people), unit="D")
    born = pd.Series(born)
    reg = regions()
    home = rng.integers(0, len(reg), n_people)
    region6 = pd.Series(reg["kode"].to_numpy()[home]).str.replace(".", "", regex=False) + \
        _digits(rng.integers(1, 30, n_people), 2)
    day = born.dt.day.to_numpy() + np.where(sex == "P", 40, 0)
    nik = (region6 + _digits(day, 2) + born.dt.strftime("%m%y")
           + _digits(rng.integers(5001, 10000, n_people), 4))
    has_nik = rng.random(n_people) >= NO_NIK_SHARE
    phone = pd.Series(np.array(_PHONE_PREFIXES)[rng.integers(0, len(_PHONE_PREFIXES), n_people)]) + \
        _digits(rng.integers(0, 100_000_000, n_people), 8)
    email = name.str.lower().str.replace(" ", ".", regex=False) + born.dt.strftime("%y") + "@gmail.example"
    spelling_texts, _ = school_spellings(schools)
    school_weight = rng.pareto(1.2, len(schools)) + 1  # a few big schools, a long tail
    school_of = rng.choice(len(schools), n_people, p=school_weight / school_weight.sum())

    # Submissions: everyone once, some again later (changed answers), a few double clicks
    person = np.concatenate([np.arange(n_people), rng.integers(0, n_people, n_base - n_people)])
    start = pd.Timestamp("2023-01-02").value // 10**9
    seconds = rng.integers(0, 540 * 86400, n_base)
    first_seen = np.full(n_people, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, person, seconds)
    # A resubmission comes after the person's first submission.
    seconds = np.where(np.arange(n_base) < n_people, seconds, np.maximum(seconds, first_seen[person] + 3600))
    subs = pd.DataFrame({"person": person, "at": start + seconds})
    for column in VOCABULARY_COLUMNS:
        subs[column] = _pick(rng, vocabulary[column], n_base)
    subs["Jenis Kelamin"] = np.where(sex[person] == "P", "Perempuan", "Laki-laki")
    # A spelling of the person's own school: the school's index + k * n_schools for spelling k.
    subs["Asal Sekolah"] = spelling_texts[school_of[person] + len(schools) * rng.integers(0, 4, n_base)]
    twins = rng.choice(n_base, n_double, replace=False)
    double = subs.iloc[twins].copy()
    double["at"] = double["at"] + rng.integers(2, 7, n_double)
    subs = pd.concat([subs, double], ignore_index=True).sort_values("at", kind="stable").reset_index(drop=True)
    p = subs["person"].to_numpy()
    n = len(subs)

    # Personal fields as typed, per submission
    typed = name.to_numpy(dtype=object)[p]
    roll = rng.random(n)
    typed = np.where(roll < 0.18, pd.Series(typed).str.upper(), np.where(roll < 0.26, pd.Series(typed).str.lower(),
                                                                         typed))
    typed = np.where(rng.random(n) < 0.06, pd.Series(typed) + " ", typed)
    nik_typed = np.where(has_nik[p], nik.to_numpy(dtype=object)[p], "")
    spaced = (rng.random(n) < 0.05) & has_nik[p]
    nik_series = pd.Series(nik_typed, dtype=object)
    nik_typed = np.where(spaced, nik_series.str[:4] + " " + nik_series.str[4:8] + " " + nik_series.str[8:12] + " "
                         + nik_series.str[12:], nik_typed)
    ph = phone.to_numpy(dtype=object)[p]
    ph_s = pd.Series(ph)
    style = rng.integers(0, 4, n)
    ph = np.where(style == 1, ph_s.str[:4] + "-" + ph_s.str[4:8] + "-" + ph_s.str[8:],
                  np.where(style == 2, "+62 " + ph_s.str[1:4] + " " + ph_s.str[4:8] + " " + ph_s.str[8:],
                           np.where(style == 3, "62" + ph_s.str[1:], ph)))
    born_p = born.iloc[p].reset_index(drop=True)
    birth_style = rng.random(n)
    birth = np.where(birth_style < 0.85, born_p.dt.strftime("%d/%m/%Y"),
                     np.where(birth_style < 0.95, born_p.dt.strftime("%Y-%m-%d"), born_p.dt.strftime("%-d %B %Y")))
    at = pd.to_datetime(subs["at"], unit="s")
    out = pd.DataFrame({
        "Stempel waktu": at.dt.strftime("%d/%m/%Y %H:%M:%S").to_numpy(),
        "Alamat email": email.to_numpy(dtype=object)[p],
        "Nama Lengkap": typed,
        "NIK": nik_typed,
        "Jenis Kelamin": subs["Jenis Kelamin"].to_numpy(),
        "Tanggal Lahir": birth,
        "Nomor HP/WA": ph,
        "Asal Sekolah": subs["Asal Sekolah"].to_numpy(),
        "Jurusan": subs["Jurusan"].to_numpy(),
        "Kabupaten/Kota Domisili": _region_spelling(rng, reg, home[p]),
    })
    for column in VOCABULARY_COLUMNS[2:]:
        out[column] = subs[column].to_numpy()
    blank = rng.random(n) < BLANK_ROW_SHARE
    out.loc[blank, out.columns[1:]] = ""
    return out


def _region_spelling(rng: np.random.Generator, reg: pd.DataFrame, index: np.ndarray) -> np.ndarray:
    """The kabupaten/kota as people type it: the name, without "Kabupaten", "Kab.", in capitals."""
    name = reg["nama"].to_numpy(dtype=object)[index]
    kota = reg["kota"].to_numpy(dtype=object)[index]
    style = rng.random(len(index))
    kab = pd.Series(name).str.replace("Kabupaten ", "Kab. ", regex=False).to_numpy(dtype=object)
    return np.where(style < 0.4, name, np.where(style < 0.7, kota, np.where(style < 0.9, kab,
                                                                           pd.Series(kota).str.upper())))


def write_questionnaires(raw_dir: Path, submissions: pd.DataFrame, seed: int = 11) -> list[Path]:
    """Two cumulative exports of ``submissions``: a UTF-8 ``,`` CSV of the first 40 %, and a ``;`` cp1252 CSV of all."""
    rng = np.random.default_rng(seed)
    raw_dir.mkdir(parents=True, exist_ok=True)
    first = submissions.iloc[: int(len(submissions) * FIRST_EXPORT_SHARE)]
    path_a, path_b = raw_dir / QUESTIONNAIRE_FILES[0], raw_dir / QUESTIONNAIRE_FILES[1]
    first.to_csv(path_a, index=False, encoding="utf-8")
    later = submissions.copy()
    nik = later["NIK"].astype(str)
    sci = (rng.random(len(later)) < SCI_NIK_SHARE) & nik.str.fullmatch(r"\d{16}")
    later.loc[sci, "NIK"] = nik[sci].str[0] + "." + nik[sci].str[1:6] + "E+15"  # Excel's General format
    later.to_csv(path_b, index=False, sep=";", encoding="cp1252", errors="replace", lineterminator="\r\n",
                 quoting=csv.QUOTE_MINIMAL)
    return [path_a, path_b]


def write_raw_folder(raw_dir: Path, n_rows: int, school_file: Path) -> list[Path]:
    """A raw folder for one benchmark size: the school list (linked) and the two questionnaire exports."""
    schools = pd.read_parquet(school_file.with_suffix(".parquet"))
    raw_dir.mkdir(parents=True, exist_ok=True)
    link = raw_dir / school_file.name
    if not link.exists():
        try:
            link.hardlink_to(school_file)
        except OSError:
            link.write_bytes(school_file.read_bytes())
    return [link, *write_questionnaires(raw_dir, make_submissions(n_rows, schools))]


def ensure_school_list(out: Path, n_schools: int) -> Path:
    """The school list workbook of ``n_schools`` (made once, reused by every size)."""
    path = out / SCHOOL_FILE_TEMPLATE.format(n=n_schools)
    if not path.exists():
        schools = make_schools(n_schools)
        write_school_list(path, schools)
        schools.to_parquet(path.with_suffix(".parquet"), index=False)
    return path
