"""Export: complete charts only, every format written and readable, same data → same bytes, Excel as promised."""

import re
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal
from PIL import Image

from jejak_analysis import charts
from jejak_analysis.errors import InvalidParameterError
from jejak_analysis.export import (
    IncompleteChartError,
    complementary_cells,
    count_columns_of,
    export_workbook,
    save_chart,
    save_chart_pack,
    suppress_small_counts,
    write_atomic,
)
from jejak_analysis.style import decorate, new_figure

AS_OF = "2020-07-31"
COUNTRIES = pd.DataFrame({"negara": ["JP", "MY"], "jumlah": [12, 3], "persen": [60.0, 15.0]})


def _chart(lang="id", size="slide", synthetic=False, **overrides):
    fig, ax = new_figure(size)
    charts.interest(COUNTRIES, "negara", highlight=["JP"], ax=ax, lang=lang)
    options = {"title": "Negara tujuan", "subtitle": "Responden per negara", "source": "BP3MI Kalimantan Barat",
               "as_of": AS_OF, "synthetic": synthetic, "lang": lang, **overrides}
    decorate(fig, **options)
    return fig


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


# --- save_chart ------------------------------------------------------------------------------------


def test_save_chart_writes_every_format_the_numbers_and_the_alt_text(tmp_path):
    written = save_chart(_chart(), tmp_path / "negara")
    assert set(written) == {"png", "svg", "pdf", "csv", "txt"}
    assert _files(tmp_path) == ["negara.csv", "negara.pdf", "negara.png", "negara.svg", "negara.txt"]

    with Image.open(tmp_path / "negara.png") as png:
        assert png.size == (2666, 1500)  # 13.33 x 7.5 in at 200 dpi: a 16:9 slide
        assert png.info["dpi"][0] == pytest.approx(200, abs=0.01)
    root = ET.parse(tmp_path / "negara.svg").getroot()
    assert root.tag.endswith("svg")
    assert (tmp_path / "negara.pdf").read_bytes().startswith(b"%PDF")

    assert_frame_equal(pd.read_csv(tmp_path / "negara.csv", keep_default_na=False), COUNTRIES)
    alt = (tmp_path / "negara.txt").read_text("utf-8")
    assert alt == ("Negara tujuan. Responden per negara (data per 31 Juli 2020). "
                   "Responden per negara tujuan: Jepang 12 (60%); Malaysia 3 (15%). "
                   "Sumber: BP3MI Kalimantan Barat, diolah.\n")


def test_a_second_size_can_be_written_without_the_numbers_again(tmp_path):
    written = save_chart(_chart(size="a4"), tmp_path / "negara_a4", formats=("png",), with_numbers=False)
    assert set(written) == {"png"} and _files(tmp_path) == ["negara_a4.png"]


def test_a4_png_is_at_least_200_dpi(tmp_path):
    save_chart(_chart(size="a4"), tmp_path / "a4", formats=("png",))
    with Image.open(tmp_path / "a4.png") as png:
        assert png.size == (1654, 2338)


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    save_chart(_chart(synthetic=True), first / "negara")
    save_chart(_chart(synthetic=True), second / "negara")
    for name in _files(first):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_vector_files_hold_no_dates_and_no_version_stamps(tmp_path):
    save_chart(_chart(), tmp_path / "c", formats=("svg", "pdf"))
    svg = (tmp_path / "c.svg").read_text("utf-8")
    pdf = (tmp_path / "c.pdf").read_bytes()
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    assert "<dc:title>Negara tujuan</dc:title>" in svg  # the title travels with the file


def test_alt_text_in_english_and_with_the_synthetic_note(tmp_path):
    save_chart(_chart(lang="en", synthetic=True, title="Countries"), tmp_path / "c", formats=("png",))
    alt = (tmp_path / "c.txt").read_text("utf-8")
    assert "Japan 12 (60%)" in alt and "data as of 31 July 2020" in alt
    assert alt.rstrip().endswith("SYNTHETIC DATA: a made-up sample for testing, not real data.")


def test_given_data_and_alt_text_win(tmp_path):
    own = pd.DataFrame({"x": [1]})
    save_chart(_chart(), tmp_path / "c", formats=("png",), data=own, alt_text="Satu paragraf.")
    assert (tmp_path / "c.csv").read_text("utf-8") == "x\n1\n"
    assert (tmp_path / "c.txt").read_text("utf-8") == "Satu paragraf.\n"


@pytest.mark.parametrize(("missing", "field"), [({"title": ""}, "title"), ({"source": ""}, "source"),
                                                ({"as_of": None}, "as_of")])
def test_save_chart_refuses_an_incomplete_chart(tmp_path, missing, field):
    with pytest.raises(IncompleteChartError) as caught:
        save_chart(_chart(**missing), tmp_path / "c")
    assert caught.value.key == "grafik_tidak_lengkap"
    assert field in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_save_chart_refuses_an_undecorated_chart_and_one_without_numbers(tmp_path):
    fig, ax = new_figure()
    charts.interest(COUNTRIES, ax=ax)
    with pytest.raises(IncompleteChartError):
        save_chart(fig, tmp_path / "c")
    fig, ax = new_figure()
    ax.plot([1, 2], [3, 4])
    decorate(fig, title="T", subtitle="", source="S", as_of=AS_OF)
    with pytest.raises(IncompleteChartError) as caught:
        save_chart(fig, tmp_path / "c")
    assert caught.value.key == "grafik_tanpa_data"


def test_save_chart_refuses_unknown_formats_and_low_resolution(tmp_path):
    with pytest.raises(InvalidParameterError):
        save_chart(_chart(), tmp_path / "c", formats=("png", "jpg"))
    with pytest.raises(InvalidParameterError):
        save_chart(_chart(), tmp_path / "c", dpi=100)


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "c.png"
    target.write_bytes(b"old")

    def broken(handle):
        handle.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert _files(tmp_path) == ["c.png"]


def test_chart_pack_has_one_page_per_chart_and_is_deterministic(tmp_path):
    figures = [_chart(), _chart(lang="en"), _chart(size="a4")]
    save_chart_pack(figures, tmp_path / "one.pdf", title="Paket grafik")
    save_chart_pack([_chart(), _chart(lang="en"), _chart(size="a4")], tmp_path / "two.pdf", title="Paket grafik")
    content = (tmp_path / "one.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", content)) == 3
    assert content == (tmp_path / "two.pdf").read_bytes()
    assert b"/CreationDate" not in content


def test_chart_pack_refuses_an_incomplete_chart(tmp_path):
    with pytest.raises(IncompleteChartError):
        save_chart_pack([_chart(), _chart(source="")], tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()


# --- small counts --------------------------------------------------------------------------------------


def test_suppress_small_counts_hides_1_to_4_and_keeps_the_rest():
    frame = pd.DataFrame({"sekolah": ["A", "B", "C", "D", "E"],
                          "jumlah": pd.array([0, 1, 4, 5, None], dtype="Int64"),
                          "persen": [0.0, 10.0, 40.0, 50.0, np.nan]})
    expected = frame.assign(jumlah=pd.Series([0, "<5", "<5", 5, pd.NA], dtype=object))
    result = suppress_small_counts(frame, ["jumlah"])
    assert_frame_equal(result, expected)
    assert list(frame["jumlah"]) == [0, 1, 4, 5, pd.NA]  # the argument is untouched


def test_suppress_small_counts_threshold_is_configurable():
    frame = pd.DataFrame({"jumlah": [1, 2, 3, 10]})
    assert list(suppress_small_counts(frame, ["jumlah"], threshold=3)["jumlah"]) == ["<3", "<3", 3, 10]
    assert_frame_equal(suppress_small_counts(frame, ["jumlah"], threshold=None), frame)


@pytest.mark.parametrize(("column", "expected"), [
    ([0, 1, 0, 7, 12, 10], [0, "<5", 0, "*", 12, 10]),  # one "<5": the smallest shown count is hidden too
    ([0, 1, 0, 7, 12, 5], [0, "<5", 0, "*", 12, "*"]),  # "<5" + "*" = 6 gives 1 + 5: one more
    ([4, 4, 7, 12], ["<5", "<5", "*", 12]),  # two "<5" adding up to 8 can only be 4 + 4
    ([6, 1, 1, 9], ["*", "<5", "<5", 9]),  # two "<5" adding up to 2 < 5: still one more
    ([6, 2, 3, 9], [6, "<5", "<5", 9]),  # 2 + 3 = 5: the pair cannot be told apart from the total
    ([8, 1, 8, 20], ["*", "<5", 8, 20]),  # equal candidates: the first row
    ([1, 0, 0], ["<5", 0, 0]),  # nothing else to hide (the total, 1, is itself small)
    ([5, 0, 12], [5, 0, 12]),  # no small count, nothing hidden
])
def test_complementary_suppression_hides_one_more_cell_when_subtraction_would_reveal_a_small_count(column,
                                                                                                   expected):
    frame = pd.DataFrame({"jumlah": pd.array(column, dtype="Int64")})
    shown = suppress_small_counts(frame, ["jumlah"], complementary=True)
    assert shown["jumlah"].tolist() == expected
    assert suppress_small_counts(frame, ["jumlah"])["jumlah"].tolist() == [
        "<5" if 1 <= v < 5 else v for v in column]  # off unless asked for
    assert frame["jumlah"].tolist() == column


def test_complementary_cells_never_hides_missing_values_or_zeros_and_respects_the_threshold():
    assert complementary_cells([np.nan, 1, 0, 40, 6]).tolist() == [False, False, False, False, True]
    assert complementary_cells([2, 3, 10], threshold=3).tolist() == [False, True, False]  # "<3" alone: 2
    assert complementary_cells([2, 3, 10], threshold=None).tolist() == [False, False, False]
    # a cell hidden in another table counts as hidden: with it the "<5" is covered
    assert complementary_cells([1, 9, 30], hidden=[False, False, True]).tolist() == [False, False, True]


def _values_a_reader_allows(hidden_values: list[int], is_small: list[bool], threshold: int) -> list[set[int]]:
    """Exhaustively, per hidden cell, the values it can take when the markers ("<t": 1..t-1, "*": ≥ t) and
    the hidden cells' sum (the total minus the shown cells) are all a reader knows."""
    total = sum(hidden_values)
    ranges = [range(1, threshold) if s else range(threshold, total + 1) for s in is_small]

    def sums(cells: list[range]) -> set[int]:  # every sum the cells can make, up to the total
        reachable = {0}
        for cell in cells:
            reachable = {r + v for r in reachable for v in cell if r + v <= total}
        return reachable

    return [{v for v in ranges[i] if total - v in sums(ranges[:i] + ranges[i + 1:])} for i in range(len(ranges))]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 9), st.integers(0, 30)), max_size=7), st.integers(2, 6))
def test_no_hidden_count_can_be_worked_out_from_the_column_total(column, threshold):
    values = np.array(column, dtype=float)
    extra = complementary_cells(values, threshold)
    small = (values >= 1) & (values < threshold)
    hidden = small | extra
    assert not (extra & small).any() and not (extra & (values == 0)).any()
    if not hidden.any():
        assert not small.any()
        return
    possible = _values_a_reader_allows([int(v) for v in values[hidden]], list(small[hidden]), threshold)
    everything_hidden = hidden.sum() == (values > 0).sum()
    # no hidden cell is pinned to one value, unless every non-zero cell is hidden already
    assert everything_hidden or all(len(p) >= 2 for p in possible)
    assert small.any()  # nothing is hidden without a small count to protect


def test_count_columns_are_integer_columns_named_as_counts():
    frame = pd.DataFrame({"jumlah": [1], "jumlah_lulusan": pd.array([1], dtype="Int64"), "kandidat_baru": [1],
                          "persen": [1.0], "proyeksi": [1.0], "tahun": [2020], "jumlahnya": [1]})
    assert count_columns_of(frame) == ["jumlah", "jumlah_lulusan", "kandidat_baru"]


# --- workbook --------------------------------------------------------------------------------------------


@pytest.fixture
def workbook_inputs(tmp_path):
    save_chart(_chart(), tmp_path / "charts" / "negara", formats=("png",))
    tables = {
        "lulusan": pd.DataFrame({"nama_sekolah": ["SMK A", "SMK B"], "jurusan_kode": ["FARMASI", "TLM"],
                                 "tahun": [2020, 2020], "jumlah_lulusan": pd.array([1500, 3], dtype="Int64")}),
        "konversi": pd.DataFrame({"tahap": ["terjangkau"], "konversi": [0.25],
                                  "bulan": pd.to_datetime(["2020-07-01"])}),
    }
    notes = pd.DataFrame({"tahap": ["populasi"], "definisi": ["Lulusan tahun terpilih."]})
    return {"tables": tables, "charts": {"Negara tujuan": tmp_path / "charts" / "negara.png"}, "notes": notes,
            "as_of": AS_OF, "sources": ["Daftar sekolah Persemki", "Kuesioner minat"]}


def test_workbook_has_the_notes_the_tables_and_the_charts(tmp_path, workbook_inputs):
    path = export_workbook(tmp_path / "laporan.xlsx", **workbook_inputs)
    book = load_workbook(path)
    assert book.sheetnames == ["Catatan", "lulusan", "konversi", "Grafik"]

    sheet = book["lulusan"]
    assert [c.value for c in sheet[1]] == ["nama_sekolah", "jurusan_kode", "tahun", "jumlah_lulusan"]
    assert [c.value for c in sheet["D"][1:]] == [1500, "<5"]
    assert sheet["D2"].number_format == "#,##0"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.column_dimensions["A"].width >= len("nama_sekolah")

    assert book["konversi"]["B2"].number_format == "0.0%"
    assert book["konversi"]["C2"].number_format == "yyyy-mm-dd"

    notes = [c.value for row in book["Catatan"].iter_rows() for c in row if c.value is not None]
    assert "31 Juli 2020" in notes and "Kuesioner minat" in notes and "Lulusan tahun terpilih." in notes
    assert any("<5" in str(v) for v in notes)
    assert len(book["Grafik"]._images) == 1


def test_workbook_in_english_with_a_different_threshold(tmp_path, workbook_inputs):
    path = export_workbook(tmp_path / "report.xlsx", **workbook_inputs, lang="en", small_count_threshold=3,
                           count_columns={"lulusan": ["jumlah_lulusan", "tahun"]})
    book = load_workbook(path)
    assert book.sheetnames == ["Notes", "lulusan", "konversi", "Charts"]
    assert [c.value for c in book["lulusan"]["D"][1:]] == [1500, 3]
    assert "31 July 2020" in [c.value for row in book["Notes"].iter_rows() for c in row]


def test_workbook_complementary_suppression_names_and_headers(tmp_path, workbook_inputs):
    workbook_inputs["tables"]["per_sekolah"] = pd.DataFrame({"nama": ["SMK A", "SMK B", "SMK C"],
                                                             "kandidat": [2, 7, 30]})
    path = export_workbook(tmp_path / "laporan.xlsx", **workbook_inputs, complementary=["per_sekolah"],
                           sheet_names={"per_sekolah": "Per sekolah"},
                           headers={"per_sekolah": {"nama": "Sekolah", "kandidat": "Kandidat"}})
    book = load_workbook(path)
    assert book.sheetnames == ["Catatan", "lulusan", "konversi", "Per sekolah", "Grafik"]
    sheet = book["Per sekolah"]
    assert [c.value for c in sheet[1]] == ["Sekolah", "Kandidat"]
    assert [c.value for c in sheet["B"][1:]] == ["<5", "*", 30]
    assert sheet["B3"].alignment.horizontal == "right"
    assert [c.value for c in book["lulusan"]["D"][1:]] == [1500, "<5"]  # not asked for: "<5" only
    notes = [c.value for row in book["Catatan"].iter_rows() for c in row if c.value is not None]
    assert any('"*"' in str(v) and "pengurangan" in str(v) for v in notes)
    with pytest.raises(InvalidParameterError, match="per_wilayah"):
        export_workbook(tmp_path / "x.xlsx", **workbook_inputs, complementary=["per_wilayah"])


def test_two_exports_of_the_same_data_are_byte_identical(tmp_path, workbook_inputs):
    first = export_workbook(tmp_path / "a.xlsx", **workbook_inputs)
    second = export_workbook(tmp_path / "b.xlsx", **workbook_inputs)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 7, 1, 0, 0, 0)}


def test_workbook_refuses_a_missing_chart_file(tmp_path, workbook_inputs):
    workbook_inputs["charts"] = {"hilang": tmp_path / "tidak-ada.png"}
    with pytest.raises(Exception) as caught:
        export_workbook(tmp_path / "x.xlsx", **workbook_inputs)
    assert "tidak-ada.png" in str(caught.value)
    assert not (tmp_path / "x.xlsx").exists()
