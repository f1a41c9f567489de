"""Charts draw exactly the numbers they are given, with labels in the reader's language.

Each test builds a tiny frame by hand, draws it, and reads the drawn artists back: bar widths,
line coordinates, the target line, the tick labels.
"""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer
from pandas.testing import assert_frame_equal

from jejak_analysis import charts
from jejak_analysis.chart_data import funnel_gap, review_summary
from jejak_analysis.errors import InvalidDataError
from jejak_analysis.style import COLORS, new_figure

STAGES = ["populasi", "terjangkau", "minat_luar_negeri", "minat_target", "memenuhi_syarat", "siap_bahasa",
          "bersedia_dilatih"]


def _widths(ax, gid):
    return [p.get_width() for p in ax.patches if p.get_gid() == gid]


def _lefts(ax, gid):
    return [p.get_x() for p in ax.patches if p.get_gid() == gid]


def _line(ax, gid):
    [line] = [ln for ln in ax.lines if ln.get_gid() == gid]
    return line


def _ytick_texts(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def _all_texts(ax):
    texts = [t.get_text() for t in ax.texts] + [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    texts += _ytick_texts(ax) + [t.get_text() for t in ax.get_xticklabels()]
    if ax.get_legend():
        texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return texts


@pytest.fixture
def funnel_frame():
    return pd.DataFrame({
        "tahap": STAGES,
        "label_id": ["Populasi", "Terjangkau", "Minat LN", "Minat target", "Syarat", "Siap", "Dilatih"],
        "label_en": ["Population", "Reached", "Abroad", "Target", "Conditions", "Ready", "Trainable"],
        "jumlah": pd.array([2000, 400, 200, 100, 80, 20, 30], dtype="Int64"),
        "proyeksi": [np.nan, np.nan, 1000.0, 500.0, 400.0, 100.0, 150.0],
        "proyeksi_bawah": [np.nan, np.nan, 900.0, 450.0, 360.0, 60.0, 110.0],
        "proyeksi_atas": [np.nan, np.nan, 1100.0, 550.0, 440.0, 140.0, 190.0],
    })


# --- chart_data: the two small preparations ----------------------------------------------------------


def test_funnel_gap_for_ready_and_for_ready_or_trainable(funnel_frame):
    expected = pd.DataFrame({
        "kode": ["siap_bahasa", "siap_atau_dilatih"],
        "label_id": ["Siap (bahasa sudah memenuhi)", "Siap atau bersedia dilatih"],
        "label_en": ["Ready (language met)", "Ready or willing to train"],
        "lowongan": [1500, 1500], "kandidat": [20, 50], "selisih": [1480, 1450],
    })
    assert_frame_equal(funnel_gap(funnel_frame, 1500), expected)


def test_funnel_gap_is_negative_when_the_target_is_exceeded(funnel_frame):
    assert list(funnel_gap(funnel_frame, 30)["selisih"]) == [10, -20]


def test_funnel_gap_refuses_a_missing_stage(funnel_frame):
    with pytest.raises(InvalidDataError) as caught:
        funnel_gap(funnel_frame[funnel_frame["tahap"] != "bersedia_dilatih"], 1500)
    assert "bersedia_dilatih" in str(caught.value)


def test_review_summary_counts_values_and_rows_per_kind():
    review = pd.DataFrame({"jenis": ["negara", "jurusan", "negara", "wilayah"],
                           "teks_asli": ["Jpg", "AK", "Korsl", "Sui Raya"], "jumlah": [3, 5, 1, 2]})
    expected = pd.DataFrame({"jenis": ["negara", "jurusan", "wilayah"], "jumlah_nilai": [2, 1, 1],
                             "jumlah_baris": [4, 5, 2]}).astype({"jenis": object})
    assert_frame_equal(review_summary(review), expected)
    assert review_summary(review.iloc[0:0]).empty


# --- funnel ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_funnel_draws_observed_projected_and_the_target(funnel_frame, lang):
    ax = charts.funnel(funnel_frame, 1500, lang=lang)
    assert _widths(ax, "teramati") == [2000, 400, 200, 100, 80, 20, 30]
    assert _widths(ax, "proyeksi") == [1000, 500, 400, 100, 150]
    assert list(_line(ax, "target").get_xdata()) == [1500, 1500]
    assert _ytick_texts(ax) == list(funnel_frame[f"label_{lang}"])
    assert ax.get_xlim()[1] >= 2000  # the longest bar is inside the axes


def test_funnel_interval_whiskers_span_the_projection_interval(funnel_frame):
    ax = charts.funnel(funnel_frame, 1500)
    [whiskers] = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = whiskers.lines[2][0].get_segments()
    spans = [(round(seg[0][0]), round(seg[1][0])) for seg in segments]
    assert spans == [(900, 1100), (450, 550), (360, 440), (60, 140), (110, 190)]


def test_funnel_number_columns_show_an_interval_only_when_it_has_a_width(funnel_frame):
    frame = funnel_frame.assign(proyeksi=[2000.0, 2000.0, 1000.0, 500.0, 400.0, 100.0, 150.0],
                                proyeksi_bawah=[2000.0, 2000.0, 900.0, 450.0, 360.0, 60.0, 110.0],
                                proyeksi_atas=[2000.0, 2000.0, 1100.0, 550.0, 440.0, 140.0, 190.0])
    texts = _all_texts(charts.funnel(frame, 1500))
    assert "2.000" in texts and "1.000 (900–1.100)" in texts and "2.000 (2.000–2.000)" not in texts


def test_funnel_annotates_the_gap_in_the_language(funnel_frame):
    ax = charts.funnel(funnel_frame, 1500, lang="id")
    assert "kurang 1.480" in " ".join(_all_texts(ax))
    assert "Siap atau bersedia dilatih 50, kurang 1.450" in ax.get_title(loc="left").replace("\n", " ")
    ax = charts.funnel(funnel_frame, 1500, lang="en")
    assert "short by 1,480" in " ".join(_all_texts(ax))
    assert "Target: 1,500 openings" in _all_texts(ax)


def test_funnel_uses_a_given_gap_table(funnel_frame):
    gap = pd.DataFrame({"kode": ["siap_bahasa"], "label_id": ["Siap"], "label_en": ["Ready"], "kandidat": [25],
                        "selisih": [1475]})
    ax = charts.funnel(funnel_frame, 1500, gap=gap)
    assert "Siap 25, kurang 1.475." in ax.get_title(loc="left").replace("\n", " ")


def test_funnel_records_the_numbers_it_drew(funnel_frame):
    ax = charts.funnel(funnel_frame, 1500, lang="en")
    recorded = charts.plotted_data(ax)
    expected = funnel_frame[["tahap", "label_en", "jumlah", "proyeksi", "proyeksi_bawah", "proyeksi_atas"]]
    assert_frame_equal(recorded, expected.assign(target=1500))
    assert "Population 2,000" in charts.chart_summary(ax)


def test_funnel_draws_on_the_given_axes(funnel_frame):
    fig, ax = new_figure("a4_landscape")
    assert charts.funnel(funnel_frame, 1500, ax=ax) is ax


def test_a_missing_column_is_a_readable_error(funnel_frame):
    with pytest.raises(InvalidDataError) as caught:
        charts.funnel(funnel_frame.drop(columns=["proyeksi_atas"]), 1500)
    assert "proyeksi_atas" in str(caught.value) and "funnel" in str(caught.value)


# --- trend -------------------------------------------------------------------------------------------


@pytest.fixture
def trend_frame():
    return pd.DataFrame({
        "bulan": pd.to_datetime(["2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01", "2020-09-01"]),
        "kandidat_baru": [10.0, 20.0, 30.0, 20.0, 20.0],
        "kandidat_kumulatif": [10.0, 30.0, 60.0, 80.0, 100.0],
        "jenis": ["observasi", "observasi", "observasi", "proyeksi", "proyeksi"],
    })


@pytest.mark.parametrize(("lang", "august"), [("id", "Agu 2020"), ("en", "Aug 2020")])
def test_trend_draws_observed_then_a_dashed_projection_from_the_last_observed_month(trend_frame, lang, august):
    ax = charts.trend(trend_frame, 90, lang=lang)
    observed, projected = _line(ax, "observasi"), _line(ax, "proyeksi")
    assert list(observed.get_ydata()) == [10, 30, 60]
    assert list(projected.get_ydata()) == [60, 80, 100]
    assert list(projected.get_xdata()) == list(mdates.date2num(trend_frame["bulan"].iloc[2:].to_numpy()))
    assert projected.get_linestyle() == "--"
    assert list(_line(ax, "target").get_ydata()) == [90, 90]
    ax.figure.draw_without_rendering()
    assert august in [t.get_text() for t in ax.get_xticklabels()]


def test_trend_marks_the_month_the_target_is_reached(trend_frame):
    ax = charts.trend(trend_frame, 90)
    marker = _line(ax, "tercapai")
    assert list(marker.get_ydata()) == [100]
    assert "Target tercapai: September 2020" in _all_texts(ax)


def test_trend_says_when_the_target_is_not_reached(trend_frame):
    ax = charts.trend(trend_frame, 1500, lang="en")
    assert "Target not reached by September 2020" in _all_texts(ax)
    assert "20 new candidates a month" in charts.chart_summary(ax)


def test_trend_accepts_monthly_periods_and_zero_projection(trend_frame):
    frame = trend_frame.iloc[:3].assign(bulan=pd.period_range("2020-05", periods=3, freq="M"))
    ax = charts.trend(frame, 1500)
    assert list(_line(ax, "observasi").get_ydata()) == [10, 30, 60]
    assert not [ln for ln in ax.lines if ln.get_gid() == "proyeksi"]


def test_trend_refuses_an_unknown_kind_of_month(trend_frame):
    with pytest.raises(InvalidDataError):
        charts.trend(trend_frame.assign(jenis="perkiraan"), 1500)


# --- schools -----------------------------------------------------------------------------------------


@pytest.fixture
def graduates():
    return pd.DataFrame({"nama_sekolah": ["SMK A", "SMK A", "SMK B"],
                         "jurusan_kode": ["FARMASI", "KEPERAWATAN", "KEPERAWATAN"],
                         "jumlah_lulusan": pd.array([5, 10, 40], dtype="Int64")})


@pytest.mark.parametrize(("lang", "nursing"), [("id", "Keperawatan"), ("en", "Nursing")])
def test_graduates_are_stacked_by_major_largest_school_first(graduates, lang, nursing):
    ax = charts.graduates_by_school(graduates, lang=lang)
    assert _ytick_texts(ax) == ["SMK B", "SMK A"]
    assert _widths(ax, "jurusan:KEPERAWATAN") == [40, 10]
    assert _widths(ax, "jurusan:FARMASI") == [0, 5]
    assert _lefts(ax, "jurusan:FARMASI") == [40, 10]  # stacked after nursing
    assert nursing in [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"  40", "  15"} <= set(_all_texts(ax))


def test_graduates_keep_the_frame_order_when_asked(graduates):
    ax = charts.graduates_by_school(graduates, sort=False)
    assert _ytick_texts(ax) == ["SMK A", "SMK B"]


def test_graduates_refuse_a_repeated_school_and_major(graduates):
    with pytest.raises(InvalidDataError) as caught:
        charts.graduates_by_school(pd.concat([graduates, graduates.iloc[[0]]]))
    assert "jurusan_kode" in str(caught.value)


def test_reach_draws_the_percentage_and_says_n_of_total():
    frame = pd.DataFrame({"nama_sekolah": ["SMK A", "SMK B"], "populasi": [200, 1000],
                          "terjangkau": [50, 600], "persen": [25.0, 60.0]})
    ax = charts.reach_by_school(frame)
    assert _widths(ax, "persen") == [60.0, 25.0]
    assert "  60% (600 dari 1.000)" in _all_texts(ax)
    ax = charts.reach_by_school(frame, lang="en")
    assert "  60% (600 of 1,000)" in _all_texts(ax)


def test_reach_refuses_a_share_given_as_a_fraction_above_100():
    frame = pd.DataFrame({"nama_sekolah": ["A"], "populasi": [10], "terjangkau": [5], "persen": [150.0]})
    with pytest.raises(InvalidDataError):
        charts.reach_by_school(frame)


@pytest.mark.parametrize("with_labels", [True, False])
def test_conversion_heatmap_draws_the_shares_and_leaves_out_the_first_stage(with_labels):
    rows = []
    for school, values in (("SMK A", [np.nan, 0.5, 0.25]), ("SMK B", [np.nan, 0.1, np.nan])):
        for stage, value in zip(["populasi", "terjangkau", "minat_luar_negeri"], values, strict=True):
            rows.append({"nama_sekolah": school, "tahap": stage, "konversi": value})
    frame = pd.DataFrame(rows)
    if with_labels:
        frame["label_id"] = frame["tahap"].map({"populasi": "P", "terjangkau": "T", "minat_luar_negeri": "M"})
    ax = charts.conversion_heatmap(frame)
    mesh = ax.collections[0].get_array()
    assert list(np.ma.filled(mesh, -1).ravel()) == [0.5, 0.25, 0.1, -1]
    expected = ["T", "M"] if with_labels else ["Terjangkau\nsurvei", "Berminat ke\nluar negeri"]
    assert [t.get_text() for t in ax.get_xticklabels()] == expected
    assert [t.get_text() for t in ax.texts] == ["50%", "25%", "10%"]


def test_conversion_heatmap_masks_hidden_cells_and_records_them_as_hidden():
    frame = pd.DataFrame({"nama_sekolah": ["SMK A", "SMK A", "SMK B", "SMK B"],
                          "tahap": ["terjangkau", "minat_luar_negeri"] * 2,
                          "konversi": [0.5, 0.25, 0.1, 0.6],
                          "is_disamarkan": [False, True, False, False]})
    ax = charts.conversion_heatmap(frame, hidden="is_disamarkan")
    mesh = ax.collections[0].get_array()
    assert list(np.ma.filled(mesh, -1).ravel()) == [0.5, -1, 0.1, 0.6]  # the hidden share is not coloured
    assert [t.get_text() for t in ax.texts] == ["50%", "10%", "60%", "<5"]
    recorded = charts.plotted_data(ax)
    assert recorded["konversi"].tolist() == [0.5, "<5", 0.1, 0.6]
    assert "25%" not in charts.chart_summary(ax) and "<5" in charts.chart_summary(ax)
    assert frame["konversi"].tolist() == [0.5, 0.25, 0.1, 0.6]  # the argument is untouched
    # a stage whose every cell is hidden keeps its column
    every = frame.assign(is_disamarkan=frame["tahap"] == "minat_luar_negeri")
    ax = charts.conversion_heatmap(every, hidden="is_disamarkan")
    assert ax.collections[0].get_array().shape == (2, 2)


# --- interest and sources ---------------------------------------------------------------------------


def test_interest_by_country_sorted_with_no_choice_last_and_the_target_highlighted():
    frame = pd.DataFrame({"negara": ["", "MY", "JP"], "jumlah": [7, 3, 5], "persen": [35.0, 15.0, 25.0]})
    ax = charts.interest(frame, "negara", highlight=["JP"])
    assert _ytick_texts(ax) == ["Jepang", "Malaysia", "Tidak memilih"]
    assert _widths(ax, "jumlah") == [5, 3, 7]
    colours = [to_hex(p.get_facecolor()).upper() for p in ax.patches if p.get_gid() == "jumlah"]
    assert colours == [COLORS["accent"], COLORS["main"], COLORS["main"]]
    assert "  5 (25%)" in _all_texts(ax)
    ax = charts.interest(frame, "negara", lang="en")
    assert _ytick_texts(ax) == ["Japan", "Malaysia", "No choice"]


@pytest.mark.parametrize(("kind", "column", "code", "label"), [
    ("program", "program_kode", "SSW_JP", "Specified Skilled Worker (SSW) Japan"),
    ("sektor", "sektor_kode", "CAREWORKER", "Careworker"),
])
def test_interest_by_scheme_and_sector(kind, column, code, label):
    frame = pd.DataFrame({column: [code], "jumlah": [12], "persen": [60.0]})
    ax = charts.interest(frame, kind, lang="en")
    assert _widths(ax, "jumlah") == [12]
    assert _ytick_texts(ax) == [charts._wrap_label(label)]


def test_information_sources_pair_respondents_and_candidates():
    frame = pd.DataFrame({"sumber_informasi": ["GURU", "SOSIALISASI_SEKOLAH"], "jumlah_responden": [50, 80],
                          "jumlah_kandidat": [10, 30]})
    ax = charts.information_sources(frame, lang="en")
    assert _ytick_texts(ax) == ["BP2MI visit to the school", "Teacher or school"]
    assert _widths(ax, "responden") == [80, 50]
    assert _widths(ax, "kandidat") == [30, 10]
    assert "BP2MI visit to the school: 80 respondents, 30 candidates" in charts.chart_summary(ax)


# --- data quality ------------------------------------------------------------------------------------


def test_data_quality_stacks_used_duplicate_and_rejected_rows():
    frame = pd.DataFrame({"source_file": ["a.xlsx", "b.csv"], "baris_dipakai": [10, 0],
                          "baris_duplikat": [2, 0], "baris_ditolak": [1, 0], "galat": [None, "rusak"]})
    ax = charts.data_quality(frame, lang="en")
    assert _widths(ax, "baris_dipakai") == [10, 0]
    assert _widths(ax, "baris_duplikat") == [2, 0]
    assert _lefts(ax, "baris_ditolak") == [12, 0]
    assert "  13 rows: 2 duplicates, 1 rejected" in _all_texts(ax)
    assert "  could not be read" in _all_texts(ax)


def test_review_queue_draws_values_per_kind_and_says_when_nothing_waits():
    frame = pd.DataFrame({"jenis": ["negara", "jurusan"], "jumlah_nilai": [3, 1], "jumlah_baris": [6, 1]})
    ax = charts.review_queue(frame, lang="en")
    assert _ytick_texts(ax) == ["Destination country", "Major"]
    assert _widths(ax, "jumlah_nilai") == [3, 1]
    assert "  1 value (1 row)" in _all_texts(ax)
    ax = charts.review_queue(frame.iloc[0:0])
    assert "Tidak ada nilai yang menunggu tinjauan" in _all_texts(ax)


# --- every chart, both languages ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_chart_shows_an_unfilled_placeholder(funnel_frame, trend_frame, graduates, lang):
    axes = [
        charts.funnel(funnel_frame, 1500, lang=lang),
        charts.trend(trend_frame, 90, lang=lang),
        charts.graduates_by_school(graduates, lang=lang),
        charts.interest(pd.DataFrame({"negara": ["JP"], "jumlah": [1], "persen": [100.0]}), lang=lang),
    ]
    for ax in axes:
        ax.figure.draw_without_rendering()
        texts = _all_texts(ax) + [charts.chart_summary(ax)]
        assert not [t for t in texts if "{" in t or "}" in t]


def test_empty_frames_draw_no_data_instead_of_failing(graduates):
    ax = charts.graduates_by_school(graduates.iloc[0:0], lang="en")
    assert "No data" in _all_texts(ax)
    assert charts.plotted_data(ax).empty
