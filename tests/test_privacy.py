"""Personal data stays in the raw layer: the leak scanner catches planted leaks and passes the real outputs."""

import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from jejak_analysis.privacy import find_personal_data, names_in_raw, scan_text
from jejak_analysis.questionnaire import read_questionnaires

KEY = b"k" * 32
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "contoh"
QUESTIONNAIRES = [SAMPLE / n for n in ("kuesioner_minat_2020-12.xlsx", "kuesioner_minat_2021-06.csv",
                                       "kuesioner_kertas_2021.xlsx")]


@pytest.mark.parametrize("text, kind", [
    ("6171015507030001", "nik"),
    ("NIK: 6171015507030001.", "nik"),
    ("6.17101E+15", "nik"),
    ("6,17101550703e+15", "nik"),
    ("0812-3456-7890", "telepon"),
    ("+62 812 3456 7890", "telepon"),
    ("6281234567890", "telepon"),
    ("hubungi 081234567890 ya", "telepon"),
    ("siti.aisyah@gmail.example", "email"),
])
def test_personal_data_shapes_are_found(text, kind):
    assert [k for k, _ in scan_text(text)] == [kind]


@pytest.mark.parametrize("text", [
    "R-3f9a1c2b7d12", "K-000000000000", "61.71", "30105195", "2020-07-07 10:23:45+07:00", "0.1234567890123456",
    "1500", "JP|KR|MY", "Sungai Raya", "SMK Kesehatan Bina Dharma Pontianak", "2021", "17",
])
def test_codes_ids_dates_and_counts_are_not_taken_for_personal_data(text):
    assert scan_text(text) == []


def test_planted_leaks_are_found_in_a_frame_with_where_they_are_and_only_a_masked_excerpt():
    frame = pd.DataFrame({
        "respondent_id": ["R-3f9a1c2b7d12", "R-000000000001", "R-000000000002"],
        "catatan": [None, "hubungi 0812-3456-7890", "dari Siti Aisyah"],
        "nik": pd.array([None, None, 6171015507030001], dtype="Int64"),  # a NIK kept as a number
        "surel": ["-", "siti@gmail.example", "-"],
    })
    found = find_personal_data(frame, names=["Siti Aisyah", "Budi"])
    expected = pd.DataFrame({
        "sumber": ["", "", "", ""], "kolom": ["catatan", "catatan", "nik", "surel"],
        "baris": pd.array([1, 2, 2, 1], dtype="Int64"),
        "jenis": ["telepon", "nama", "nik", "email"], "cuplikan": ["081…", "sit…", "617…", "sit…"],
    })
    assert_frame_equal(found, expected)
    assert "3456" not in found.to_string() and "Aisyah" not in found.to_string()


def test_planted_leaks_are_found_in_every_kind_of_output_file(tmp_path):
    pd.DataFrame({"kode": ["JP"], "teks_asli": ["Budi Santoso"]}).to_parquet(tmp_path / "jawaban.parquet")
    (tmp_path / "laporan.md").write_text("# Laporan\n\nKontak: budi@yahoo.example\n", encoding="utf-8")
    with pd.ExcelWriter(tmp_path / "buku.xlsx") as writer:
        pd.DataFrame({"a": ["6.17101E+15"]}).to_excel(writer, sheet_name="Ringkasan", index=False)
    notebook = {"cells": [{"cell_type": "code", "source": ["x = 1"],
                           "outputs": [{"output_type": "stream", "text": ["+62 812 3456 7890\n"]}]}]}
    (tmp_path / "analisis.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    found = find_personal_data(tmp_path, names=["Budi Santoso"])
    assert sorted(zip(found["sumber"].map(lambda s: Path(s.split("#")[0]).name), found["jenis"], strict=True)) == [
        ("analisis.ipynb", "telepon"), ("buku.xlsx", "nik"), ("jawaban.parquet", "nama"), ("laporan.md", "email")]


def test_a_lone_first_name_is_not_judged_a_leak():
    assert find_personal_data(pd.DataFrame({"x": ["Dewi"]}), names=["Dewi"]).empty


def test_names_are_read_from_the_raw_questionnaires():
    names = names_in_raw(QUESTIONNAIRES)
    assert len(names) > 400
    assert "Muhammad Rizki" in names and "Siti Nurhaliza" in names


def test_the_questionnaire_outputs_on_the_sample_hold_no_personal_data(tmp_path):
    result = read_questionnaires(QUESTIONNAIRES, key=KEY, root=SAMPLE.parent)
    for name in ("responses", "respondents", "rejected", "problems", "mapped", "accounting"):
        getattr(result, name).to_parquet(tmp_path / f"{name}.parquet", index=False)
    found = find_personal_data(tmp_path, names=names_in_raw(QUESTIONNAIRES))
    assert found.empty, found.to_string()
