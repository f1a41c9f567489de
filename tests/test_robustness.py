"""Robustness: parsers on arbitrary text, identity never merging two NIKs, row accounting, mangled files,
atomic writing, raw files left untouched. Every fixture is generated here, in tmp_path."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import signal
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jejak_analysis.clean import clean, write_processed
from jejak_analysis.errors import JejakError
from jejak_analysis.identity import person_keys
from jejak_analysis.mapping import map_codes, map_value
from jejak_analysis.normalize import normalize_text
from jejak_analysis.parse import parse_count, parse_npsn
from jejak_analysis.person import (
    normalize_email,
    normalize_name,
    normalize_phone,
    parse_age,
    parse_birth_date,
    parse_nik,
)
from jejak_analysis.read import read_table

KEY = b"r" * 32
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "contoh"
FORM = ["Stempel waktu", "Nama Lengkap", "NIK", "Tanggal Lahir", "Jenis Kelamin",
        "Apakah Anda berminat bekerja di luar negeri?", "Negara tujuan yang diminati"]
KINDS = ["jawaban", "negara", "wilayah", "jurusan", "program", "sektor", "status_pendidikan"]


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: SIGALRM after ``seconds``."""
    def hang(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------------------------
# Parsers and mapping on arbitrary text


@settings(max_examples=80, deadline=None)
@given(st.text())
def test_value_parsers_never_raise_and_keys_are_idempotent(text):
    key = normalize_text(text)
    assert normalize_text(key) == key
    assert parse_count(text) is None or parse_count(text) >= 0
    npsn = parse_npsn(text)
    assert npsn is None or parse_npsn(npsn) == npsn
    nik = parse_nik(text)
    assert nik.nik is None or parse_nik(nik.nik) == nik
    phone = normalize_phone(text)
    assert phone is None or normalize_phone(phone) == phone
    email = normalize_email(text)
    assert email is None or normalize_email(email) == email
    name = normalize_name(text)
    assert name is None or normalize_name(name) == name
    date = parse_birth_date(text)
    assert date is None or parse_birth_date(date.isoformat()) == date
    age = parse_age(text)
    assert age is None or parse_age(str(age)) == age


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=40), st.sampled_from(KINDS))
def test_mapping_arbitrary_text_never_raises_and_depends_only_on_the_key(text, kind):
    mapping = map_value(text, kind)
    key = normalize_text(text)
    if key:  # the normalised text maps the same way: mapping is on the lookup key
        assert map_value(key, kind).kode == mapping.kode
    assert map_codes(pd.Series([text, None, text], dtype=object), kind)["kode"].tolist()[0] == mapping.kode


# --------------------------------------------------------------------------------------------
# Identity: two different valid NIKs are never one person

def _nik(prov: int, kab: int, woman: bool, serial: int) -> str:
    """A valid NIK of someone born 2003-07-07 (the date digits agree with the birth date)."""
    return f"{prov:02d}{kab:04d}{47 if woman else 7:02d}0703{serial:04d}"


valid_nik = st.builds(_nik, st.integers(11, 94), st.integers(0, 9999), st.booleans(), st.integers(0, 9999))


def _people(niks: list[str], name: str, birth: str | None) -> pd.DataFrame:
    n = len(niks)
    return pd.DataFrame({
        "nik": niks, "nik_digits": [None] * n, "name": [name] * n, "birth_date": [birth] * n,
        "phone": ["081234567890"] * n, "email": ["a@b.example"] * n, "submission": [f"s{i}" for i in range(n)],
    }, dtype=object)


@settings(max_examples=40, deadline=None)
@given(st.lists(valid_nik, min_size=2, max_size=8, unique=True), st.sampled_from(["siti aisyah", "budi"]),
       st.sampled_from(["2003-07-07", "1999-01-01", None]))  # 1999: every NIK disagrees and is distrusted
def test_different_valid_niks_are_never_merged(niks, name, birth):
    assert person_keys(_people(niks, name, birth))["person_key"].nunique() == len(niks)


def test_two_different_niks_that_disagree_with_the_birth_date_stay_two_people():
    niks = ["1100000101000000", "1100000101000001"]  # born 01-01-00 by their digits, not 2003-07-07
    assert person_keys(_people(niks, "siti aisyah", "2003-07-07"))["person_key"].nunique() == 2


# --------------------------------------------------------------------------------------------
# Row accounting through clean()

cell = st.one_of(st.just(""), st.text(alphabet="abc JumlahTotal-;,:0123456789/", max_size=12),
                 st.sampled_from(["Ya", "Tidak", "Jepang, Korea Selatan", "07/07/2020 10:00:00", "JUMLAH",
                                  "6171015507030001", "Siti"]))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=len(FORM), max_size=len(FORM)), max_size=12))
def test_every_row_in_is_used_duplicate_rejected_or_not_data(tmp_path_factory, rows):
    raw = tmp_path_factory.mktemp("raw")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FORM)
    writer.writerows(rows)
    (raw / "kuesioner.csv").write_text(out.getvalue(), encoding="utf-8")
    with time_limit(60):
        result = clean(raw, key=KEY)
    for outcome in result.files:
        if outcome.galat is None:
            assert outcome.baris_masuk == (outcome.baris_dipakai + outcome.baris_duplikat + outcome.baris_ditolak
                                           + outcome.baris_bukan_data)
        else:
            assert "kuesioner.csv" in outcome.galat


# --------------------------------------------------------------------------------------------
# Mangled files: a clean result or the package's own error naming the file, never a hang


def _workbook(path: Path, build) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    build(wb.active)
    wb.save(path)
    return path


def _questionnaire_rows(ws) -> None:
    ws.append(FORM)
    ws.append(["07/07/2020 10:00:00", "Siti", "6171015507030001", "15/07/2003", "Perempuan", "Ya", "Jepang"])


def _mangled(tmp_path: Path) -> dict[str, Path]:
    files = {}
    tmp_path.mkdir(parents=True, exist_ok=True)
    good = _workbook(tmp_path / "good.xlsx", _questionnaire_rows)
    data = good.read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    files["truncated"] = tmp_path / "truncated.xlsx"
    garbage = bytes(range(256)) * 40
    (tmp_path / "binary.xlsx").write_bytes(garbage)
    (tmp_path / "binary.csv").write_bytes(garbage)
    files["binary_xlsx"], files["binary_csv"] = tmp_path / "binary.xlsx", tmp_path / "binary.csv"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    (tmp_path / "zip.xlsx").write_bytes(zipped.getvalue())
    files["zip_not_workbook"] = tmp_path / "zip.xlsx"

    def huge(ws):
        _questionnaire_rows(ws)
        ws.append(["08/07/2020 10:00:00", "x" * 100_000, "", "", "", "Ya", "y" * 100_000])
    files["huge_cell"] = _workbook(tmp_path / "huge_cell.xlsx", huge)

    def formulas(ws):
        _questionnaire_rows(ws)
        ws.append(["08/07/2020 10:00:00", '=HYPERLINK("http://x.example","Siti")', "=1+1", "", "", "=A1", "Jepang"])
    files["formulas"] = _workbook(tmp_path / "formulas.xlsx", formulas)
    files["header_only"] = _workbook(tmp_path / "header_only.xlsx", lambda ws: ws.append(FORM))

    def far(ws):
        _questionnaire_rows(ws)
        ws.cell(1_048_576, 1, "x")  # the last row Excel has
    files["far_cell"] = _workbook(tmp_path / "far_cell.xlsx", far)

    def duplicated(ws):
        ws.append(FORM + ["Nama Lengkap", "NIK"])
        ws.append(["07/07/2020 10:00:00", "Siti", "6171015507030001", "15/07/2003", "Perempuan", "Ya", "Jepang",
                   "Sri", "6171015507030002"])
    files["duplicated_headers"] = _workbook(tmp_path / "duplicated_headers.xlsx", duplicated)
    (tmp_path / "header_only.csv").write_text(",".join(FORM) + "\n", encoding="utf-8")
    files["header_only_csv"] = tmp_path / "header_only.csv"
    good.unlink()
    return files


def test_mangled_files_give_a_result_or_the_packages_error_naming_the_file(tmp_path):
    files = _mangled(tmp_path / "raw")
    for name, path in files.items():
        with time_limit(60):
            try:
                read_table(path)
            except JejakError as error:
                assert path.name in error.describe("en"), name
    with time_limit(120):
        result = clean(tmp_path / "raw", key=KEY)
    outcomes = {o.source_file: o for o in result.files}
    assert set(outcomes) == {p.name for p in files.values()}
    for outcome in result.failed:
        assert outcome.source_file in outcome.galat
    assert outcomes["truncated.xlsx"].galat and outcomes["binary.csv"].galat
    assert outcomes["formulas.xlsx"].galat is None and outcomes["huge_cell.xlsx"].galat is None
    assert outcomes["far_cell.xlsx"].galat is None
    responses = result.tables["jawaban"]
    assert not responses.apply(lambda c: c.astype(str).str.contains("x" * 1000)).any().any()


# --------------------------------------------------------------------------------------------
# Atomic write and untouched raw files


def _checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample_result():
    return clean(SAMPLE, key=KEY)


def test_a_failure_midway_leaves_the_previous_processed_folder_intact(tmp_path, monkeypatch, sample_result):
    out = tmp_path / "processed"
    write_processed(sample_result, out)
    before = _checksums(out)
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (injected)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises(OSError, match="injected"):
        write_processed(sample_result, out)
    assert calls["n"] == 3
    assert _checksums(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]  # no staging folder left


def test_raw_files_are_never_modified(tmp_path, monkeypatch):
    from jejak_analysis.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    before = _checksums(raw)
    write_processed(clean(raw, key=KEY), tmp_path / "processed")
    assert _checksums(raw) == before
    monkeypatch.setenv("JEJAK_KEY", KEY.decode())
    assert main(["review", "--raw", str(raw), "--out", str(tmp_path / "tinjau.xlsx")]) in (0, 1)
    assert _checksums(raw) == before
