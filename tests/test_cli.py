"""The `jejak` command as an analyst meets it: help, a summary, one clear line for a mistake, exit codes."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from jejak_analysis.cli import EXIT_SOME_FILES_FAILED, EXIT_USER_ERROR, main

SAMPLE = Path(__file__).parents[1] / "data" / "raw" / "contoh"


def test_the_installed_command_lists_its_commands():
    jejak = Path(sys.executable).with_name("jejak")
    done = subprocess.run([str(jejak), "--help"], capture_output=True, text=True, check=True)
    for command in ("clean", "review", "report", "sample-data"):
        assert command in done.stdout


def test_clean_prints_the_summary_and_writes_the_tables(tmp_path, capsys):
    shutil.copytree(SAMPLE, tmp_path / "raw" / "contoh")
    code = main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "processed")])
    out = capsys.readouterr().out
    assert code == 0
    assert "baris masuk" in out and "responden:" in out
    assert (tmp_path / "processed" / "responden.parquet").exists()
    accounting = pd.read_parquet(tmp_path / "processed" / "akuntansi_baris.parquet")
    assert set(accounting["source_file"]) == {f"contoh/{p.name}" for p in SAMPLE.iterdir()
                                              if p.suffix in (".xlsx", ".csv") and p.name != "lowongan.csv"}


def test_a_bad_file_gives_a_non_zero_exit_and_is_named(tmp_path, capsys):
    shutil.copytree(SAMPLE, tmp_path / "contoh")
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    code = main(["clean", "--raw", str(tmp_path), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == EXIT_SOME_FILES_FAILED
    assert "kosong.xlsx" in captured.out and "GAGAL" in captured.out
    assert "Traceback" not in captured.err


def test_a_users_mistake_is_one_line_on_stderr_without_traceback(tmp_path, capsys):
    code = main(["clean", "--lang", "en", "--raw", str(tmp_path / "missing")])
    captured = capsys.readouterr()
    assert code == EXIT_USER_ERROR
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jejak: ") and "missing" in lines[0]
    assert "Traceback" not in captured.err


def test_a_bad_corrections_file_stops_the_run_with_its_row(tmp_path, capsys):
    shutil.copytree(SAMPLE, tmp_path / "contoh")
    (tmp_path / "koreksi.csv").write_text("jenis,teks_asli,kode\nnegara,Jepan,JP\nnegara,Korsel,XX\n")
    code = main(["clean", "--raw", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_USER_ERROR
    assert "koreksi.csv" in err and "3" in err and "XX" in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_review_writes_the_sheet_to_fill_in(tmp_path, capsys):
    shutil.copytree(SAMPLE, tmp_path / "contoh")
    target = tmp_path / "perlu_ditinjau.xlsx"
    assert main(["review", "--raw", str(tmp_path), "--out", str(target)]) == 0
    sheet = pd.read_excel(target, engine="calamine")
    assert list(sheet.columns[:3]) == ["jenis", "teks_asli", "kode"] and len(sheet) > 0
    assert str(len(sheet)) in capsys.readouterr().out


def test_the_language_can_be_given_before_or_after_the_command(tmp_path, capsys):
    main(["--lang", "en", "clean", "--raw", str(tmp_path / "missing")])
    before = capsys.readouterr().err
    main(["clean", "--lang", "en", "--raw", str(tmp_path / "missing")])
    after = capsys.readouterr().err
    main(["clean", "--raw", str(tmp_path / "missing")])
    default = capsys.readouterr().err
    assert before == after != default


def test_an_empty_raw_folder_is_an_error_and_the_processed_folder_is_kept(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "responden.parquet").write_bytes(b"last month")
    assert main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(processed)]) == EXIT_USER_ERROR
    assert "tidak berisi berkas data" in capsys.readouterr().err
    assert (processed / "responden.parquet").read_bytes() == b"last month"


def test_an_out_path_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, capsys):
    shutil.copytree(SAMPLE, tmp_path / "raw")
    (tmp_path / "folder").mkdir()
    assert main(["review", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "folder")]) == EXIT_USER_ERROR
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("jejak:")]
    assert len(errors) == 1 and "folder" in errors[0]
    (tmp_path / "berkas").write_text("x")
    assert main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "berkas")]) == EXIT_USER_ERROR
    assert (tmp_path / "berkas").read_text() == "x"
