"""`clean`: every raw file in a folder → processed tables, with every raw row accounted for."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jejak_analysis.clean import ROW_COUNTS, clean, raw_files, write_processed
from jejak_analysis.privacy import find_personal_data, names_in_raw

SAMPLE = Path(__file__).parents[1] / "data" / "raw" / "contoh"
TABLES = {"sekolah", "lulusan", "alumni_sekolah", "perubahan_sekolah", "jawaban", "responden", "ditolak", "masalah"}


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mentah")
    shutil.copytree(SAMPLE, folder / "contoh")
    return folder


@pytest.fixture(scope="module")
def result(raw):
    return clean(raw)


def test_every_raw_row_is_used_duplicate_rejected_or_not_data(result):
    accounting = result.accounting()
    assert len(accounting) == 6 and accounting["galat"].isna().all()
    parts = accounting["baris_dipakai"] + accounting["baris_duplikat"] + accounting["baris_ditolak"] \
        + accounting["baris_bukan_data"]
    assert (parts == accounting["baris_masuk"]).all()
    assert (accounting["baris_masuk"] > 0).all()


def test_rows_in_are_the_rows_of_the_raw_files(result, raw):
    # a CSV's rows in are its records after the header (this export is Windows-1252 with ';'): none is lost
    path = raw / "contoh" / "kuesioner_minat_2021-06.csv"
    with path.open(encoding="cp1252", newline="") as handle:
        records = [r for r in csv.reader(handle, delimiter=";") if any(cell.strip() for cell in r)]
    counted = result.accounting().set_index("source_file").loc["contoh/kuesioner_minat_2021-06.csv", "baris_masuk"]
    assert counted == len(records) - 1


def test_the_summary_adds_up_in_both_languages(result):
    totals = result.accounting()[ROW_COUNTS].sum()
    masuk, dipakai, duplikat, ditolak, bukan = (int(totals[c]) for c in ROW_COUNTS)
    assert f"{masuk} baris masuk = {dipakai} dipakai + {duplikat} duplikat + {ditolak} ditolak + {bukan} bukan data" \
        in result.summary("id")
    assert f"{masuk} rows in = {dipakai} used + {duplikat} duplicates + {ditolak} rejected + {bukan} not data" \
        in result.summary("en")


def test_settings_files_and_notes_are_not_read_as_data(raw):
    names = {p.name for p in raw_files(raw)}
    assert "lowongan.csv" not in names and "README.md" not in names
    assert "kuesioner_minat_2021-06.csv" in names


def test_progress_names_each_file_then_the_questionnaires_with_their_rows(raw, result):
    said = []
    clean(raw, lang="en", progress=said.append)
    rows = int(result.accounting().query("jenis == 'kuesioner'")["baris_masuk"].sum()
               - result.accounting().query("jenis == 'kuesioner'")["baris_bukan_data"].sum())
    assert said[:-1] == [p.relative_to(raw).as_posix() for p in raw_files(raw)]
    assert said[-1] == f"all questionnaires together ({rows:,} rows)"


def test_a_bad_file_is_named_and_the_others_still_cleaned(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "juli")  # the sample's files, as if the office's own
    (tmp_path / "rusak.xlsx").write_text("<html><body>Not Found</body></html>")
    (tmp_path / "lain.csv").write_text("Barang;Harga\nsabun;5000\n")
    result = clean(tmp_path)
    failed = {f.source_file: f.galat for f in result.failed}
    assert set(failed) == {"rusak.xlsx", "lain.csv"}
    assert "rusak.xlsx" in failed["rusak.xlsx"] and "HTML" in failed["rusak.xlsx"]
    assert "lain.csv" in failed["lain.csv"]
    assert len(result.tables["responden"]) > 0 and len(result.tables["sekolah"]) > 0
    assert "GAGAL" in result.summary("id") and "FAILED" in result.summary("en")


def test_a_missing_folder_is_a_clear_error(tmp_path):
    from jejak_analysis.errors import UnreadableFileError

    with pytest.raises(UnreadableFileError) as error:
        clean(tmp_path / "tidak-ada")
    assert "tidak-ada" in error.value.describe("id")


def test_processed_tables_hold_pseudonyms_only(result, raw, tmp_path):
    out = tmp_path / "processed"
    write_processed(result, out)
    names = names_in_raw(raw_files(raw))
    assert len(names) > 100  # the scan is only worth something if it knows the names to look for
    assert find_personal_data(out, names=names).empty


def test_processed_files_are_the_tables_and_byte_identical_when_rebuilt(result, raw, tmp_path):
    first = write_processed(result, tmp_path / "a")
    second = write_processed(clean(raw), tmp_path / "b")
    assert {p.stem for p in first} == TABLES | {"akuntansi_baris", "perlu_ditinjau"}
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert len(pd.read_parquet(tmp_path / "a" / "responden.parquet")) == len(result.tables["responden"])


def test_each_clean_value_points_to_its_raw_cell(result):
    for name in ("lulusan", "jawaban", "ditolak", "masalah"):
        table = result.tables[name]
        assert {"source_file", "source_sheet", "source_row"} <= set(table.columns), name
        assert table["source_file"].notna().all() and table["source_row"].notna().all(), name


def test_the_sample_is_read_only_while_it_is_all_there_is(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "contoh")
    only_sample = clean(tmp_path)
    assert only_sample.is_synthetic and "SINTETIS" in only_sample.summary("id")
    # the office drops its own export beside the sample: the invented people are no longer read
    shutil.copy(SAMPLE / "kuesioner_minat_2020-12.xlsx", tmp_path / "kuesioner_2021-07.xlsx")
    with_real = clean(tmp_path)
    assert [f.source_file for f in with_real.files] == ["kuesioner_2021-07.xlsx"]
    assert not with_real.is_synthetic and "SINTETIS" not in with_real.summary("id")


def test_the_samples_openings_count_while_the_sample_alone_is_read(tmp_path):
    from jejak_analysis.openings import target_for_folder

    shutil.copytree(SAMPLE, tmp_path / "contoh")
    assert not target_for_folder(tmp_path).is_default  # contoh/lowongan.csv
    shutil.copy(SAMPLE / "kuesioner_minat_2020-12.xlsx", tmp_path / "kuesioner_2021-07.xlsx")
    assert target_for_folder(tmp_path).is_default  # real data without its own lowongan.csv: the default, said so


def test_problem_texts_follow_the_language(tmp_path):
    english = clean(SAMPLE, key=b"k" * 32, lang="en").tables["masalah"]["masalah"]
    indonesian = clean(SAMPLE, key=b"k" * 32).tables["masalah"]["masalah"]
    assert len(english) == len(indonesian) > 0
    assert (english != indonesian).all()


def test_a_table_saved_in_a_form_we_cannot_read_is_named_not_skipped(tmp_path):
    (tmp_path / "persemki.ods").write_bytes(b"PK\x03\x04 not read here")
    (tmp_path / "catatan.pdf").write_bytes(b"%PDF-1.4")  # no rows to account for: passed over
    result = clean(tmp_path, key=b"k" * 32)
    assert [(f.source_file, "Simpan sebagai .xlsx" in (f.galat or "")) for f in result.files] == [("persemki.ods", True)]
