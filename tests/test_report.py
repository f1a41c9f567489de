"""The monthly report: month semantics, parameters checked before anything runs, byte-identical rebuilds,
an atomic build, a manifest that can be checked, and an HTML page without code or personal data.

The sample report is built once per module (the library) and once more through the command (``jejak
report``), and the two are compared byte for byte; the other tests use the cleaned tables or stubs.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from jejak_analysis import report
from jejak_analysis.clean import clean, raw_files
from jejak_analysis.cli import main
from jejak_analysis.errors import InvalidParameterError, JejakError
from jejak_analysis.export import pinned_cells
from jejak_analysis.openings import target_for_folder
from jejak_analysis.privacy import find_personal_data, names_in_raw
from jejak_analysis.questionnaire import latest_per_person

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw" / "contoh"
MONTH = "2021-06"  # the latest month of the sample


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mentah") / "contoh"
    shutil.copytree(SAMPLE, folder)
    return folder


@pytest.fixture(scope="module")
def cleaned(raw):
    return clean(raw)


@pytest.fixture(scope="module")
def built(raw, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("laporan")
    return report.build_report(None, raw, out, "id")


def _data(cleaned, raw, month=None, lang="id"):
    return report.prepare_report(cleaned.tables, cleaned.accounting(), cleaned.review,
                                 target=target_for_folder(raw), month=month, lang=lang, synthetic=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- months ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2021-6", "2021-13", "2021-00", "21-06", "Juni 2021", "2021-06-30", "", None, 202106])
def test_month_not_in_yyyy_mm_form_is_a_readable_error(text):
    with pytest.raises(InvalidParameterError) as caught:
        report.parse_month(text)
    assert "YYYY-MM" in caught.value.describe("en")


def test_month_is_parsed_and_ends_on_its_last_day():
    assert report.parse_month("2020-02") == pd.Period("2020-02", "M")
    assert report.month_end(pd.Period("2020-02", "M")) == pd.Timestamp("2020-02-29")


def test_default_month_is_the_latest_month_with_submissions(cleaned, raw):
    months = report.submission_months(cleaned.tables["jawaban"])
    assert str(months[-1]) == MONTH
    assert _data(cleaned, raw).month == months[-1]


@pytest.mark.parametrize("month", ["2019-12", "2021-07", "2030-01"])
def test_month_without_data_is_a_clear_message(cleaned, raw, month):
    with pytest.raises(InvalidParameterError) as caught:
        _data(cleaned, raw, month=month)
    words = caught.value.describe("en")
    assert month in words and "2020-07" in words and MONTH in words


def test_no_submissions_at_all_is_a_clear_message(cleaned):
    empty = cleaned.tables["jawaban"].iloc[0:0]
    with pytest.raises(InvalidParameterError, match="kuesioner"):
        report.choose_month(empty, None, "data/raw")


def test_cumulative_month_counts_submissions_up_to_its_end(cleaned):
    answers = cleaned.tables["jawaban"]
    times = report._local_times(answers)
    month = pd.Period("2020-12", "M")
    respondents = report.respondents_up_to(answers, month)
    # everyone who answered by the end of the month, and nobody else
    expected = set(answers.loc[(times < pd.Timestamp("2021-01-01")).to_numpy(), "respondent_id"])
    assert set(respondents["respondent_id"]) == expected
    assert (report._local_times(respondents) < pd.Timestamp("2021-01-01")).all()
    # the latest month reproduces clean's own table of respondents
    latest = report.respondents_up_to(answers, pd.Period(MONTH, "M"))
    assert latest.drop(columns="first_submitted_at").equals(cleaned.tables["responden"])
    assert latest_per_person(answers).equals(cleaned.tables["responden"])


def test_this_month_counts_only_inside_the_month_and_adds_up_to_the_cumulative(cleaned):
    answers = cleaned.tables["jawaban"]
    months = report.submission_months(answers)
    total_new = 0
    for month in months:
        respondents = report.respondents_up_to(answers, month)
        inside = report.this_month(answers, respondents, month)
        total_new += inside["baru"]
        assert total_new == len(respondents)  # new people month by month add up to the cumulative count
        fresh = answers[~answers["is_duplikat_kiriman"]]
        in_month = report._local_times(fresh).dt.to_period("M") == month
        assert inside["kiriman"] == int(in_month.sum())


def test_previous_month_is_computed_from_the_same_data(cleaned, raw):
    data = _data(cleaned, raw, month="2021-03")
    assert data.previous is not None and data.previous.as_of == pd.Timestamp("2021-02-28")
    alone = _data(cleaned, raw, month="2021-02")
    assert alone.current.stages.equals(data.previous.stages)
    changes = report.change_table(data).set_index("ukuran")
    assert changes.at["minat_luar_negeri", "bulan_lalu"] == alone.current.count("minat_luar_negeri")
    assert (changes["perubahan"] == changes["bulan_ini"] - changes["bulan_lalu"]).all()
    first = _data(cleaned, raw, month="2020-07")
    assert first.previous is None
    assert report.change_table(first)["bulan_lalu"].isna().all()
    assert "2020" in repr(report.changes_html(first))


def test_breakdowns_add_up_to_the_funnel(cleaned, raw):
    data = _data(cleaned, raw)
    pipe = data.current
    for column in ("school_id", "kab_kota_kode"):
        counts = report.counts_by(pipe, column)
        assert counts["terjangkau"].sum() == pipe.count("terjangkau")
        assert counts["kandidat"].sum() == pipe.candidates()
        assert counts["populasi"].sum() == pipe.count("populasi")
    reach = report.reach_frame(data)
    assert reach["persen"].between(0, 100).all() and reach["terjangkau"].sum() <= pipe.count("terjangkau")
    heat = report.conversion_frame(data)
    assert heat["konversi"].dropna().between(0, 1).all()
    assert not (set(heat["tahap"]) & {"populasi", "terjangkau"})
    sources = report.sources_frame(data)
    assert sources["jumlah_responden"].sum() >= pipe.count("terjangkau")  # one person may name two sources


def test_interest_percent_is_of_every_willing_respondent_as_the_subtitle_says(cleaned, raw):
    from jejak_analysis.style import text

    data = _data(cleaned, raw)
    people = data.current.people
    willing = int(people["minat_luar_negeri"].sum())
    for kind in report.INTEREST_COLUMNS:
        frame = report.interest_frame(data, kind)
        assert (frame["persen"] == (100 * frame["jumlah"] / willing).round(1)).all()
        assert "termasuk yang tidak menjawab" in text(f"subjudul_{kind}", "id")
        assert "including those who did not answer" in text(f"subjudul_{kind}", "en")


# --- parameters are checked before anything runs -------------------------------------------------------


@pytest.fixture
def nothing_may_run(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("ran before the parameters were checked")

    monkeypatch.setattr("jejak_analysis.clean.clean", refuse)
    monkeypatch.setattr(report, "_execute", refuse)
    monkeypatch.setattr(report, "prepare_report", refuse)


@pytest.mark.parametrize("month", ["2021-13", "06-2021", "2021/06"])
def test_bad_month_stops_before_anything_runs(nothing_may_run, raw, tmp_path, month):
    with pytest.raises(InvalidParameterError, match="YYYY-MM"):
        report.build_report(month, raw, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unknown_or_mistyped_parameter_stops_before_anything_runs(nothing_may_run, raw, tmp_path):
    with pytest.raises(InvalidParameterError) as caught:
        report.build_report(MONTH, raw, tmp_path, parameters={"mont": "2021-05"})
    words = caught.value.describe("en")
    assert "'mont'" in words and "month" in words
    assert list(tmp_path.iterdir()) == []


def test_parameters_are_those_of_the_notebook_cell():
    assert set(report.notebook_parameters()) == {"month", "lang", "raw_dir", "processed_dir", "program", "sektor",
                                                 "negara"}


def test_unknown_language_stops_before_anything_runs(nothing_may_run, raw, tmp_path):
    with pytest.raises(InvalidParameterError):
        report.build_report(MONTH, raw, tmp_path, lang="jp")


# --- the built report ---------------------------------------------------------------------------------


def test_report_folder_holds_every_output(built):
    assert built.name == MONTH
    names = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert {f"laporan_{MONTH}.html", f"laporan_{MONTH}.ipynb", f"tabel_{MONTH}.xlsx", "perlu_ditinjau.xlsx",
            "manifest.json", "grafik/paket_grafik.pdf"} <= names
    for chart in report.CHARTS:
        assert {f"grafik/{chart}.{ext}" for ext in ("png", "svg", "pdf", "csv", "txt")} <= names
        assert f"grafik/{chart}_a4.png" in names
        with Image.open(built / "grafik" / f"{chart}_a4.png") as page, Image.open(built / "grafik" / f"{chart}.png") \
                as slide:
            assert page.size[0] >= 8.27 * 200 - 1 and abs(page.size[1] / page.size[0] - 11.69 / 8.27) < 0.01
            assert abs(slide.size[0] / slide.size[1] - 16 / 9) < 0.01
    assert not [n for n in names if n.startswith(report.DATA_FOLDER)]  # the notebook's tables are not kept
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_html_has_no_code_no_prompts_and_the_sections_in_order(built):
    page = (built / f"laporan_{MONTH}.html").read_text(encoding="utf-8")
    assert "In [" not in page and "Out[" not in page
    assert "jp-InputArea" not in page and "jp-CodeMirror" not in page and "highlight-ipynb" not in page
    for code in ("load_report_data", "report_figures", "import ", "processed_dir", "display("):
        assert code not in page
    headings = [report.report_text(k, "id") for k in ("bagian_ringkasan", "bagian_corong", "bagian_tren",
                                                       "bagian_tindak", "bagian_perubahan", "bagian_kualitas",
                                                       "bagian_definisi")]
    positions = [page.find(f"<h2>{h}</h2>") for h in headings]
    assert -1 not in positions and positions == sorted(positions)
    assert "DATA SINTETIS" in page
    assert page.count("data:image/png;base64,") == 8


def test_html_is_self_contained(built):
    page = (built / f"laporan_{MONTH}.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, flags=re.I)
    assert not re.search(r"https?://", page)
    assert "<script src" not in page and "@import" not in page and "<link" not in page


def _text_without_images(path: Path) -> pd.DataFrame:
    """The file's lines with embedded images taken out (base64 is not text a person wrote)."""
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\\n\"]+", "", path.read_text(encoding="utf-8"))
    text = re.sub(r'"image/png": "[^"]*"', "", text)
    return pd.DataFrame({"isi": text.splitlines()})


def test_report_holds_no_personal_data(built, raw):
    names = names_in_raw(raw_files(raw))
    assert len(names) > 50  # the scan is given the sample's real names
    for page in (built / f"laporan_{MONTH}.html", built / f"laporan_{MONTH}.ipynb"):
        found = find_personal_data(_text_without_images(page), names)
        assert found.empty, found.to_string()
    for path in [built / f"tabel_{MONTH}.xlsx", built / "manifest.json", *sorted((built / "grafik").glob("*.csv")),
                 *sorted((built / "grafik").glob("*.txt"))]:
        found = find_personal_data(path, names)
        assert found.empty, found.to_string()
    planted = _text_without_images(built / f"laporan_{MONTH}.html")
    planted.loc[len(planted)] = names[0]
    assert not find_personal_data(planted, names).empty  # the scan does see a name in this text


def test_executed_notebook_keeps_outputs_without_run_times(built):
    executed = nbformat.read(built / f"laporan_{MONTH}.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"]["month"] == MONTH
    text = json.dumps(executed)
    for volatile in ("start_time", "end_time", "duration", "iopub", "input_path", "output_path"):
        assert volatile not in text
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code")


def test_committed_notebook_has_no_outputs():
    committed = nbformat.read(report.NOTEBOOK, as_version=4)
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_manifest_checksums_are_those_of_the_raw_files(built, raw):
    content = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    inputs = {item["berkas"]: item for item in content["masukan"]}
    expected = {p.relative_to(raw).as_posix() for p in raw_files(raw)} | {"lowongan.csv"}
    assert set(inputs) == expected
    for name, item in inputs.items():
        data = (raw / name).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["ukuran"] == len(data)
    outputs = {item["berkas"]: item["sha256"] for item in content["keluaran"]}
    assert outputs[f"laporan_{MONTH}.html"] == hashlib.sha256((built / f"laporan_{MONTH}.html").read_bytes()).hexdigest()
    assert content["bulan"] == MONTH and content["data_per"] == "2021-06-30" and content["data_sintetis"] is True
    assert content["parameter"]["month"] == MONTH and content["parameter"]["lang"] == "id"
    assert set(content["versi"]) >= {"jejak_analysis", "python", "pandas", "matplotlib"}
    accounting = pd.DataFrame(content["akuntansi_baris"])
    assert accounting["baris_masuk"].sum() == (accounting["baris_dipakai"] + accounting["baris_duplikat"]
                                               + accounting["baris_ditolak"] + accounting["baris_bukan_data"]).sum()


def test_rebuild_through_the_command_is_byte_identical(built, raw, tmp_path, capsys):
    first = _files(built)
    assert main(["report", "--month", MONTH, "--raw", str(raw), "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert str(tmp_path / MONTH) in out and "notebook" in err
    second = _files(tmp_path / MONTH)
    assert set(first) == set(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def _sheet_rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def test_workbook_has_named_sheets_and_headers_and_hides_small_counts_also_from_subtraction(built, cleaned, raw):
    from openpyxl import load_workbook

    book = load_workbook(built / f"tabel_{MONTH}.xlsx")
    data = _data(cleaned, raw)
    tables, counts = report.workbook_tables(data)
    names, headers = report.workbook_words(data, tables)
    assert book.sheetnames == ["Catatan", *names.values(), "Grafik"]
    assert names["per_sekolah"] == "Per sekolah" and names["per_kab_kota"] == "Per kabupaten-kota"
    codes = {str(c) for frame in tables.values() for c in frame.columns}
    for key, frame in tables.items():
        header = list(_sheet_rows(book[names[key]])[0])
        assert header == [headers[key][c] for c in frame.columns]
        assert not set(header) & codes, (key, set(header) & codes)  # words, not column codes
        assert len(set(header)) == len(header), (key, header)  # each column says what it is
    assert "Bulan lalu (Mei 2021)" in _sheet_rows(book[names["perubahan"]])[0]

    stars = 0
    for key in report.BREAKDOWN_SHEETS:
        rows = _sheet_rows(book[names[key]])[1:]
        frame = tables[key]
        assert len(rows) == len(frame)
        for column in counts[key]:
            j = list(frame.columns).index(column)
            shown = [row[j] for row in rows]
            values = [None if pd.isna(v) else int(v) for v in frame[column]]
            for cell, value in zip(shown, values, strict=True):
                if value is not None and 1 <= value < 5:
                    assert cell == "<5"
                elif cell == "*":
                    assert value >= 5
                    stars += 1
                else:
                    assert cell == value
            # what subtraction from the province total leaves, with the markers' bounds, pins no hidden cell
            # (test_export checks pinned_cells against a brute force); a column adding up to < 5 is the exception
            counts_ = np.array([0 if v is None else v for v in values], dtype=float)
            covered = np.array([cell in ("<5", "*") for cell in shown])
            small = np.array([cell == "<5" for cell in shown])
            total = counts_.sum()
            assert total < 5 or not pinned_cells(counts_, covered, small, 5).any(), (key, column)
    assert stars >= 1  # the sample has a lone "<5" (a regency's one respondent) that needed a "*"
    per_school = _sheet_rows(book[names["per_sekolah"]])
    assert per_school[-1][1] == "Tidak diketahui"  # respondents whose school is not known
    notes = " ".join(str(v) for row in _sheet_rows(book["Catatan"]) for v in row if v is not None)
    assert '"<5"' in notes and '"*"' in notes


def test_workbook_in_english_has_english_sheets_and_headers(cleaned, raw, tmp_path):
    from openpyxl import load_workbook

    data = _data(cleaned, raw, lang="en")
    path = report.export_tables(data, tmp_path / "tables.xlsx", {}, raw)
    book = load_workbook(path)
    assert book.sheetnames == ["Notes", "Stages", "Gap to the target", "Monthly trend", "By school",
                               "By regency-city", "By information source", "Change over the month", "Row accounting"]
    by_school = _sheet_rows(book["By school"])
    assert by_school[0] == ("School code", "School", "Population", "Reached by the survey", "Language-ready",
                            "Candidates")
    assert by_school[-1][1] == "Unknown"
    assert _sheet_rows(book["By information source"])[-1][1] == "Not answered"
    assert {row[3] for row in _sheet_rows(book["Monthly trend"])[1:]} == {"Observed", "Projected"}
    assert {row[1] for row in _sheet_rows(book["Row accounting"])[1:]} == {"Questionnaire", "School list"}
    gap = _sheet_rows(book["Gap to the target"])[0]
    assert gap[5] == "Projected to the population" and gap[8] == "Gap by the projection"
    notes = " ".join(str(v) for row in _sheet_rows(book["Notes"]) for v in row if v is not None)
    assert "subtraction" in notes and "Definition" in notes and "Kode" not in notes


def test_chart_csvs_hide_small_counts_as_the_workbook_does(built, cleaned, raw):
    data = _data(cleaned, raw)
    grafik = built / "grafik"
    sources = pd.read_csv(grafik / "sumber.csv", dtype=str, keep_default_na=False)
    kandidat = dict(zip(sources["sumber_informasi"], sources["jumlah_kandidat"], strict=True))
    assert kandidat["TEMAN"] == "<5" and kandidat["MEDIA_SOSIAL"] == "10"  # 2 and 10 candidates
    countries = pd.read_csv(grafik / "negara.csv", dtype=str, keep_default_na=False)
    germany = countries[countries["negara"] == "DE"].iloc[0]
    assert (germany["jumlah"], germany["persen"]) == ("<5", "")  # 3 people; 1.3% of 224 would give 3 back
    for path in sorted(grafik.glob("*.csv")):  # no count of 1 to 4 people is left in a breakdown
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("jumlah", "jumlah_lulusan", "jumlah_responden", "jumlah_kandidat", "terjangkau"):
            if column in frame and path.stem not in ("corong", "tren"):
                assert not frame[column].isin(["1", "2", "3", "4"]).any(), (path.name, column)
    heat = pd.read_csv(grafik / "konversi.csv", dtype=str, keep_default_na=False)
    hidden = report.conversion_frame(data)["is_disamarkan"]
    assert 0 < hidden.sum() < len(hidden)
    assert (heat["konversi"] == "<5").tolist() == hidden.tolist()
    assert "<5" in (grafik / "konversi.txt").read_text("utf-8")


def test_chart_csv_hides_what_the_sheet_hides_and_the_share_beside_it(cleaned, raw, monkeypatch):
    data = _data(cleaned, raw)
    sheet = pd.DataFrame({"school_id": ["1", "2", "3"], "nama": ["SMK A", "SMK B", "SMK C"],
                          "populasi": pd.array([100, 80, 60], dtype="Int64"), "terjangkau": [3, 9, 40],
                          "siap_bahasa": [0, 0, 0], "kandidat": [0, 0, 0]})
    counts = {"per_sekolah": ["populasi", "terjangkau", "siap_bahasa", "kandidat"]}
    monkeypatch.setattr(report, "workbook_tables", lambda _data: ({"per_sekolah": sheet}, counts))
    drawn = pd.DataFrame({"nama_sekolah": ["SMK C", "SMK B", "SMK A"], "populasi": [60, 80, 100],
                          "terjangkau": [40, 9, 3], "persen": [66.7, 11.25, 3.0]})
    shown = report.chart_csv_frame(data, "jangkauan", drawn)
    assert shown["terjangkau"].tolist() == [40, "*", "<5"]  # SMK B hidden as in the sheet (3 + 9 vs the total)
    assert shown["populasi"].tolist() == [60, 80, 100]
    assert shown["persen"].isna().tolist() == [False, True, True]
    assert drawn["terjangkau"].tolist() == [40, 9, 3]  # what the chart drew is untouched


def test_report_breakdown_tables_hide_what_the_workbook_hides(cleaned, raw):
    data = _data(cleaned, raw)
    table = report._breakdown(data, "kab_kota_kode", "kolom_wilayah", report.group_namer(data, "kab_kota_kode"),
                              True)
    rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    by_region = {row[0]: row[1:] for row in rows[1:]}
    # Bengkayang's one or few respondents: "<5"; Landak's 6 hidden too, else 364 − the others gives it back
    assert by_region["Kabupaten Bengkayang"][1] == "&lt;5" and by_region["Kabupaten Landak"][1] == "*"
    assert by_region["Kota Singkawang"][3] == "&lt;5" and by_region["Kota Pontianak"][2] == "10%"
    assert by_region["Tidak diketahui"][1] == "75"


# --- atomic build -------------------------------------------------------------------------------------


def test_failed_build_leaves_the_previous_report_and_says_what_failed(built, raw, monkeypatch):
    before = _files(built)

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report, "_execute", lambda *a, **k: None)  # the notebook is not the step under test
    monkeypatch.setattr(report, "start_chart_export", broken)
    with pytest.raises(JejakError) as caught:
        report.build_report(MONTH, raw, built.parent)
    words = caught.value.describe("id")
    assert "grafik" in words and "disk full" in words and "tidak diubah" in words
    assert _files(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == [MONTH]


def test_a_raw_file_that_cannot_be_read_stops_the_build_and_keeps_the_previous_report(built, raw, tmp_path):
    before = _files(built)
    with_bad = tmp_path / "raw"
    shutil.copytree(raw, with_bad)
    (with_bad / "kuesioner_rusak.xlsx").write_bytes(b"bukan buku kerja")
    with pytest.raises(JejakError) as caught:
        report.build_report(MONTH, with_bad, built.parent)
    words = caught.value.describe("id")
    assert "kuesioner_rusak.xlsx" in words and "tidak diubah" in words
    assert _files(built) == before


def test_command_prints_one_line_for_an_out_folder_that_is_a_file(raw, tmp_path, capsys):
    (tmp_path / "berkas").write_text("x")
    assert main(["report", "--raw", str(raw), "--out", str(tmp_path / "berkas" / "x")]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("jejak:")]
    assert len(errors) == 1 and "--out" in errors[0]


def test_command_prints_one_line_for_a_bad_month(raw, tmp_path, capsys):
    assert main(["report", "--month", "2021-13", "--raw", str(raw), "--out", str(tmp_path)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("jejak:")]
    assert len(errors) == 1 and "YYYY-MM" in errors[0]


# --- words --------------------------------------------------------------------------------------------


def test_every_report_text_has_both_languages_with_the_same_blanks():
    import string

    def blanks(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key in report.report_text_keys():
        texts = report._texts()[key]
        assert texts["id"].strip() and texts["en"].strip(), key
        assert blanks(texts["id"]) == blanks(texts["en"]), key


def test_english_sections_hold_no_indonesian_words(cleaned, raw):
    data = _data(cleaned, raw, lang="en")
    pieces = [report.title_html(data), report.changes_html(data), report.definitions_html(data)]
    text = " ".join(repr(p) for p in pieces)
    for word in ("Ringkasan", "bulan", "Tahap", "lowongan", "Perubahan", "kandidat", "Dibuat"):
        assert word not in text
    assert "SYNTHETIC DATA" in text and "June 2021" in text
