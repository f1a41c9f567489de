"""The funnel on a hand-made population of two schools and sixteen respondents.

Population (as of 2020-12-15, years 2019–2020)::

    school     major        2019 grads  2020 grads  2020 grade XII  2020 grade XI
    30105195   KEPERAWATAN      40          50            45             48  (grade XI is not counted)
    smk-b      FARMASI          30          blank         20                  (blank = missing, not 0)
    smk-b      TLM               -          2021: 25      25                  (XII of 2020 = 2021 grads: once)

    populasi = 40 + 50 + 45 + 30 + 20 = 185

Target: SSW_JP · CAREWORKER · JP, starting 2021-04-01 (later than as_of, so ages are taken then).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from jejak_analysis.errors import InvalidDataError, InvalidParameterError
from jejak_analysis.openings import Target
from jejak_analysis.pipeline import (
    REACHED_STAGES,
    age_on,
    build_pipeline,
    population_table,
    project,
    stage_definitions,
    wilson_interval,
)

TZ = "Asia/Pontianak"
TARGET = Target("SSW_JP", "CAREWORKER", "JP", 1500, mulai=pd.Timestamp("2021-04-01"), sumber="uji")
A, B = "30105195", "smk-b"


def cohorts_frame() -> pd.DataFrame:
    rows = [  # school_id, jurusan_kode, tahun, kelas, jumlah_lulusan, jumlah_siswa
        (A, "KEPERAWATAN", 2019, None, 40, None),
        (A, "KEPERAWATAN", 2020, None, 50, None),
        (A, "KEPERAWATAN", 2020, "XII", None, 45),
        (A, "KEPERAWATAN", 2020, "XI", None, 48),
        (B, "FARMASI", 2019, None, 30, None),
        (B, "FARMASI", 2020, None, None, None),
        (B, "FARMASI", 2020, "XII", None, 20),
        (B, "TLM", 2021, None, 25, None),
        (B, "TLM", 2020, "XII", None, 25),
    ]
    frame = pd.DataFrame(rows, columns=["school_id", "jurusan_kode", "tahun", "kelas", "jumlah_lulusan",
                                        "jumlah_siswa"])
    return frame.astype({"jumlah_lulusan": "Int64", "jumlah_siswa": "Int64"}).assign(
        source_file="persemki.xlsx", source_row=range(5, 5 + len(rows)))


SCHOOLS = pd.DataFrame({"school_id": [A, B], "kab_kota_kode": ["61.71", "61.04"]})

RESPONDENT_COLUMNS = ["respondent_id", "submitted_at", "school_id", "kab_kota_kode", "status_pendidikan",
                      "tahun_lulus", "minat_luar_negeri", "negara", "program_kode", "sektor_kode", "tanggal_lahir",
                      "umur", "izin_orang_tua", "bahasa_jepang", "bersedia_pelatihan", "sumber_informasi",
                      "jenis_kelamin"]
N = None
RESPONDENT_ROWS = [
    # id   submitted          school kab      status     lulus minat    negara  program   sektor          lahir       umur izin     bahasa    latih  sumber                           jk
    ("R01", "2020-09-10 08:00", A, "61.71", "LULUS", 2019, "YA", "JP", "SSW_JP", "CAREWORKER", "2001-05-01", N, "YA", "N4", "YA", "GURU|INFLUENCER", "P"),
    ("R02", "2020-11-20 09:30", A, "61.71", "LULUS", 2020, "YA", "JP|KR", "SSW_JP", "", "2002-03-31", N, "RAGU", "JFT_A2", "TIDAK", "INFLUENCER", "P"),
    ("R03", "2020-11-02 10:00", B, "61.04", "SISWA", N, "YA", "JP", N, "CAREWORKER", "2003-04-02", N, "YA", "BELUM", "TIDAK", "SOSIALISASI_SEKOLAH", "P"),
    ("R04", "2020-10-01 10:00", N, "61.71", "SISWA", 2021, "YA", "JP", "G2G_JP", "PERAWAT", "2003-01-01", N, "YA", "BELUM", "YA", N, "L"),
    ("R05", "2020-10-05 10:00", N, "61.04", "LULUS", 2020, "YA", "JP", "SSW_JP", "CAREWORKER", N, 18, "TIDAK", "N4", "YA", "", "P"),
    ("R06", "2020-03-10 10:00", N, "61.12", "LULUS", 2020, "YA", "JP", N, "CAREWORKER", N, 17, "YA", "N5", "YA", "GURU", "L"),
    ("R07", "2020-10-11 10:00", A, "61.71", "LULUS", 2020, "TIDAK", "", N, N, "2002-01-01", N, "YA", "BELUM", "YA", "GURU", "P"),
    ("R08", "2020-10-12 10:00", A, "61.71", "LULUS", 2020, "RAGU", "JP", "SSW_JP", "CAREWORKER", "2002-01-01", N, "YA", "N3", "YA", N, "L"),
    ("R09", "2020-10-13 10:00", N, "61.71", "MAHASISWA", 2019, "YA", "JP", "SSW_JP", "CAREWORKER", "2001-01-01", N, "YA", "N4", "YA", "GURU", "P"),
    ("R10", "2020-10-14 10:00", N, "64.71", "LULUS", 2020, "YA", "JP", "SSW_JP", "CAREWORKER", "2002-01-01", N, "YA", "N4", "YA", "GURU", "P"),
    ("R11", "2020-10-15 10:00", A, "61.71", "LULUS", 2017, "YA", "JP", "SSW_JP", "CAREWORKER", "1999-01-01", N, "YA", "N4", "YA", "GURU", "P"),
    ("R12", "2020-12-16 00:30", A, "61.71", "LULUS", 2020, "YA", "JP", "SSW_JP", "CAREWORKER", "2002-01-01", N, "YA", "N4", "YA", "GURU", "P"),
    ("R13", "2020-10-16 10:00", N, N, "LULUS", 2020, "YA", "JP", "SSW_JP", "CAREWORKER", "2002-01-01", N, "YA", "N4", "YA", "GURU", "P"),
    ("R14", "2020-10-17 10:00", B, "61.04", "SISWA", 2023, "YA", "JP", "SSW_JP", "CAREWORKER", "2005-01-01", N, "YA", "BELUM", "YA", "GURU", "P"),
    ("R15", "2020-10-18 10:00", A, "61.71", "LULUS", 2019, "YA", "JP", "SSW_JP", "CAREWORKER", "2000-01-01", N, N, N, "RAGU", "MEDIA_SOSIAL", "L"),
    ("R16", "2020-12-01 07:00", B, "61.04", "SISWA", N, "YA", "JP|TW", N, "CAREWORKER|MANUFAKTUR", "2002-12-01", N, "YA", "BELUM", "YA", "GURU|SOSIALISASI_SEKOLAH", "P"),
]  # fmt: skip
# R01 ready (N4) · R02 ready (JFT A2; no sector but the SSW scheme; parents RAGU is not a refusal)
# R03 17 on 2021-04-01 (birthday the day after) · R04 wants a nurse job under G2G: not the target
# R05 parents refuse · R06 no birth date: 17 at submission + 1 whole year by the start = 18; N5, will train
# R07, R08 not YES · R09–R14 outside the population: in higher education, outside Kalbar, graduated in 2017,
# answered after as_of (00:30 local on the 16th), no school or region, a student expected to graduate in 2023
# R15 eligible, language unknown and only RAGU to training: neither · R16 eligible on 2021-04-01, will train
EXPECTED_COUNTS = [185, 10, 8, 7, 5, 2, 2]


def respondents_frame(rows=RESPONDENT_ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=RESPONDENT_COLUMNS)
    return frame.assign(
        submitted_at=pd.to_datetime(frame["submitted_at"]).dt.tz_localize(TZ),
        tanggal_lahir=pd.to_datetime(frame["tanggal_lahir"]).dt.date,
        umur=frame["umur"].astype("Int64"),
        tahun_lulus=frame["tahun_lulus"].astype("Int64"),
        jurusan_kode="KEPERAWATAN",
        source_file="kuesioner.xlsx",
        source_row=range(2, 2 + len(frame)),
    )


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-12-15", schools=SCHOOLS)


# --- Wilson interval ---------------------------------------------------------------------------------

def test_wilson_interval_matches_newcombe_1998():
    # Newcombe RG (1998), Statistics in Medicine 17:857-872, Table I, method 3 (score, no continuity
    # correction). By hand for 81/263: p = 0.30798, z² = 3.84146; centre = (p + z²/526)/(1 + z²/263)
    # = 0.31528/1.01461 = 0.31074; half = 1.95996/1.01461 · sqrt(p(1-p)/263 + z²/(4·263²)) = 0.05546;
    # bounds 0.2553 and 0.3662.
    published = {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605), (0, 20): (0.0, 0.1611),
                 (1, 29): (0.0061, 0.1718), (29, 29): (0.8830, 1.0)}
    for (x, n), bounds in published.items():
        assert tuple(round(b, 4) for b in wilson_interval(x, n)) == bounds


def test_wilson_interval_is_nan_where_undefined_and_vectorised():
    lower, upper = wilson_interval([0, 3, 5], [0, 2, 10])
    assert np.isnan(lower[:2]).all() and np.isnan(upper[:2]).all()
    assert (round(lower[2], 4), round(upper[2], 4)) == (0.2366, 0.7634)  # 5/10: symmetric about 1/2


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_estimate_and_grows_with_successes(case):
    x, n = case
    lower, upper = wilson_interval(x, n)
    assert 0 <= lower <= x / n <= upper <= 1
    if x < n:
        assert wilson_interval(x + 1, n)[0] > lower


# --- projection arithmetic ---------------------------------------------------------------------------

def test_projection_counts_the_reached_and_estimates_the_unreached():
    point, lower, upper = project([10, 0], reached=40, population=100)
    # 10 of 40 reached; 60 unreached × 1/4 = 15 more
    assert point.tolist() == [25.0, 0.0]
    low, high = wilson_interval(10, 40)
    assert lower.tolist() == [10 + 60 * low, 0.0]
    assert upper[0] == 10 + 60 * high
    assert upper[1] == 60 * wilson_interval(0, 40)[1]
    over = project([5], reached=50, population=30)  # more reached than the lists say exist
    assert [float(v[0]) for v in over] == [5.0, 5.0, 5.0]


# --- the population ----------------------------------------------------------------------------------

def test_population_takes_graduates_and_the_latest_grade_xii_once():
    table = population_table(cohorts_frame(), (2019, 2020), SCHOOLS)
    expected = pd.DataFrame({
        "school_id": [A, A, A, B],
        "kab_kota_kode": ["61.71", "61.71", "61.71", "61.04"],
        "jurusan_kode": ["KEPERAWATAN", "KEPERAWATAN", "KEPERAWATAN", "FARMASI"],
        "tahun": [2019, 2020, 2020, 2019],
        "kelompok": ["lulusan", "lulusan", "siswa_xii", "lulusan"],
        "jumlah": [40, 50, 45, 30],
    })
    expected = pd.concat([expected, pd.DataFrame({
        "school_id": [B], "kab_kota_kode": ["61.04"], "jurusan_kode": ["FARMASI"], "tahun": [2020],
        "kelompok": ["siswa_xii"], "jumlah": [20]})], ignore_index=True)
    expected = expected.astype({"tahun": "int64", "jumlah": "int64", "kab_kota_kode": "object"})
    assert_frame_equal(table, expected, check_dtype=False)
    assert table["jumlah"].sum() == 185
    # choosing 2021 too brings the TLM graduates who were grade XII in 2020, still once
    assert population_table(cohorts_frame(), (2019, 2020, 2021))["jumlah"].sum() == 185 + 25


# --- the funnel --------------------------------------------------------------------------------------

def test_stage_counts_conversions_and_projection(pipeline):
    stages = pipeline.stages
    assert stages["tahap"].tolist() == stage_definitions()["kode"].tolist()
    assert stages["jumlah"].tolist() == EXPECTED_COUNTS
    assert stages["dasar"].tolist()[1:] == ["populasi", "terjangkau", "minat_luar_negeri", "minat_target",
                                            "memenuhi_syarat", "memenuhi_syarat"]
    assert pd.isna(stages["dasar"].iloc[0])
    expected_conversion = [math.nan, 10 / 185, 8 / 10, 7 / 8, 5 / 7, 2 / 5, 2 / 5]
    assert_series_equal(stages["konversi"], pd.Series(expected_conversion, name="konversi"))
    low, high = wilson_interval([10, 8, 7, 5, 2, 2], [185, 10, 8, 7, 5, 5])
    assert stages["konversi_bawah"].iloc[1:].tolist() == low.tolist()
    assert stages["konversi_atas"].iloc[1:].tolist() == high.tolist()
    # 175 not reached: each later stage = observed + 175 × share among the 10 reached
    assert stages["proyeksi"].tolist() == pytest.approx([185, 185, 8 + 175 * 0.8, 7 + 175 * 0.7,
                                                         5 + 175 * 0.5, 2 + 175 * 0.2, 2 + 175 * 0.2])
    w_low, w_high = wilson_interval(2, 10)
    assert stages.loc[5, "proyeksi_bawah"] == pytest.approx(2 + 175 * w_low)
    assert stages.loc[5, "proyeksi_atas"] == pytest.approx(2 + 175 * w_high)
    assert stages.loc[1, ["proyeksi_bawah", "proyeksi_atas"]].tolist() == [185.0, 185.0]
    assert list(stages.columns) == ["tahap", "urutan", "dasar", "label_id", "label_en", "definisi_id",
                                    "definisi_en", "jumlah", "konversi", "konversi_bawah", "konversi_atas",
                                    "proyeksi", "proyeksi_bawah", "proyeksi_atas"]


def test_each_respondent_lands_where_the_table_says(pipeline):
    people = pipeline.people.set_index("respondent_id")
    deepest = people[REACHED_STAGES].apply(lambda row: row[row].index[-1] if row.any() else "-", axis=1)
    assert deepest.to_dict() == {
        "R01": "siap_bahasa", "R02": "siap_bahasa", "R03": "minat_target", "R04": "minat_luar_negeri",
        "R05": "minat_target", "R06": "bersedia_dilatih", "R07": "terjangkau", "R08": "terjangkau",
        "R09": "-", "R10": "-", "R11": "-", "R12": "-", "R13": "-", "R14": "-",
        "R15": "memenuhi_syarat", "R16": "bersedia_dilatih"}
    assert people["alasan_luar"].dropna().to_dict() == {
        "R09": "status_lain", "R10": "asal_lain", "R11": "tahun_lulus_lain", "R12": "setelah_tanggal_data",
        "R13": "asal_tidak_diketahui", "R14": "siswa_belum_kelas_akhir"}
    excluded = pipeline.excluded()
    assert excluded["jumlah"].tolist() == [1, 1, 1, 1, 1, 1]
    assert list(excluded.columns) == ["kode", "label_id", "label_en", "jumlah"]


def test_age_from_birth_date_or_from_age_at_submission():
    people = respondents_frame()
    ages = age_on(people, pd.Timestamp("2021-04-01")).tolist()
    assert ages[0:3] == [19, 19, 17]  # R03 born 2003-04-02: one day short of 18
    assert ages[4:6] == [18, 18]  # R05 18 in Oct 2020 (0 whole years since); R06 17 in Mar 2020 + 1 year


def test_inputs_are_not_changed_and_results_repeat():
    cohorts, respondents = cohorts_frame(), respondents_frame()
    first = build_pipeline(cohorts, respondents, TARGET, as_of="2020-12-15")
    assert_frame_equal(cohorts, cohorts_frame())
    assert_frame_equal(respondents, respondents_frame())
    again = build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-12-15")
    assert_frame_equal(first.stages, again.stages)
    assert_frame_equal(first.people, again.people)


def test_defaults_latest_submission_as_of_default_target_and_all_years():
    pipeline = build_pipeline(cohorts_frame(), respondents_frame())
    assert pipeline.as_of == pd.Timestamp("2020-12-16")  # R12, 00:30 local time on the 16th
    assert pipeline.years == (2019, 2020)  # 2021 graduates are after as_of
    assert pipeline.target.is_default
    assert any("target bawaan" in line for line in pipeline.notes("id"))


def test_bad_inputs_stop_with_a_clear_error():
    respondents = respondents_frame()
    with pytest.raises(InvalidDataError) as caught:
        build_pipeline(cohorts_frame(), respondents.drop(columns="izin_orang_tua"), TARGET)
    assert caught.value.details["kolom"] == "izin_orang_tua"
    twice = pd.concat([respondents, respondents.iloc[[3]]], ignore_index=True)
    with pytest.raises(InvalidDataError) as caught:
        build_pipeline(cohorts_frame(), twice, TARGET)
    assert (caught.value.key, caught.value.row) == ("tabel_kunci_ganda", 5)
    cohorts = cohorts_frame()
    duplicate = pd.concat([cohorts, cohorts.iloc[[1]]], ignore_index=True)
    with pytest.raises(InvalidDataError) as caught:
        build_pipeline(duplicate, respondents, TARGET)
    assert caught.value.describe("en") == ("persemki.xlsx, row 6: the lulusan table: school_id, jurusan_kode, "
                                           "tahun = 30105195 · KEPERAWATAN · 2020 appears more than once and "
                                           "would be counted twice. Check its source file.")
    negative = cohorts.assign(jumlah_siswa=cohorts["jumlah_siswa"].mask(cohorts.index == 3, -1))
    with pytest.raises(InvalidDataError, match="negatif"):
        build_pipeline(negative, respondents, TARGET)
    with pytest.raises(InvalidParameterError):
        build_pipeline(cohorts, respondents.assign(submitted_at=pd.NaT), TARGET)
    with pytest.raises(InvalidParameterError):
        build_pipeline(cohorts, respondents, TARGET, as_of="kemarin")


def test_notes_say_the_interval_is_a_floor(pipeline):
    notes = pipeline.notes("en")
    assert notes[0].startswith("Respondents chose to answer")
    assert "floor on the uncertainty" in notes[0]
    assert "Projection = observed count + (population − reached)" in notes[1]
    assert len(notes) == 2  # nothing else applies here


def test_more_respondents_than_population_is_noted_and_not_extrapolated():
    small = cohorts_frame().query("school_id == @B and jurusan_kode == 'FARMASI'").assign(
        jumlah_lulusan=pd.array([2, None, None], dtype="Int64"), jumlah_siswa=pd.array([None, None, 2], dtype="Int64"))
    pipeline = build_pipeline(small, respondents_frame(), TARGET, as_of="2020-12-15", years=[2019, 2020])
    stages = pipeline.stages.set_index("tahap")
    # only school B is listed: R03 and R16 from it, R04–R06 from the province without a school
    assert stages.at["populasi", "jumlah"] == 4 and stages.at["terjangkau", "jumlah"] == 5
    assert np.isnan(stages.at["terjangkau", "konversi_bawah"])
    assert (stages["proyeksi"].iloc[1:] == stages["jumlah"].iloc[1:]).all()
    assert any("lebih banyak daripada populasi" in line for line in pipeline.notes("id"))


# --- gap, pace, fill month, trend --------------------------------------------------------------------

def test_gap_for_ready_and_ready_or_trainable(pipeline):
    gap = pipeline.gap()
    assert gap["kode"].tolist() == ["siap_bahasa", "siap_atau_dilatih"]
    assert gap["kandidat"].tolist() == [2, 4]
    assert gap["selisih"].tolist() == [1498, 1496]
    assert gap["proyeksi"].tolist() == pytest.approx([37.0, 4 + 175 * 0.4])
    assert gap.loc[1, "proyeksi_bawah"] == pytest.approx(4 + 175 * wilson_interval(4, 10)[0])
    assert gap["selisih_proyeksi"].tolist() == pytest.approx([1463.0, 1500 - 74.0])


def test_pace_uses_the_last_three_complete_months(pipeline):
    pace = pipeline.pace()
    # as_of 2020-12-15: September–November. Candidates entered: R06 March, R01 September, R02 November,
    # R16 December (current month, not complete)
    assert [str(m) for m in pace.months] == ["2020-09", "2020-10", "2020-11"]
    assert pace.counts == (1, 0, 1)
    assert pace.per_month == pytest.approx(2 / 3)
    assert pipeline.pace(measure="siap_bahasa").counts == (1, 0, 1)
    assert pipeline.pace(months=1).counts == (1,)


def test_pace_counts_the_month_of_as_of_when_as_of_is_its_last_day():
    month_end = build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-11-30")
    assert [str(m) for m in month_end.pace().months] == ["2020-09", "2020-10", "2020-11"]
    assert month_end.pace().counts == (1, 0, 1)
    day_before = build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-11-29")
    assert [str(m) for m in day_before.pace().months] == ["2020-08", "2020-09", "2020-10"]
    assert day_before.pace().counts == (0, 1, 0)


def test_pace_leaves_out_the_months_before_anyone_answered():
    # the fixture's first submission is in March 2020: as of 30 April, February (no survey yet) does not count
    early = build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-04-30")
    assert [str(m) for m in early.pace().months] == ["2020-03", "2020-04"]
    assert early.pace().per_month == pytest.approx(sum(early.pace().counts) / 2)
    before = build_pipeline(cohorts_frame(), respondents_frame(), TARGET, as_of="2020-02-29")
    assert before.pace().months == () and before.pace().per_month == 0
    assert before.fill_month() is None


def with_openings(jumlah: int, as_of: str = "2020-12-15"):
    target = Target("SSW_JP", "CAREWORKER", "JP", jumlah, mulai=pd.Timestamp("2021-04-01"))
    return build_pipeline(cohorts_frame(), respondents_frame(), target, as_of=as_of)


def test_fill_month_arithmetic():
    # 10 openings, 4 candidates: 6 to go at 2/3 a month = 9 months after December 2020
    assert with_openings(10).fill_month() == pd.Period("2021-09", freq="M")
    assert with_openings(11).fill_month() == pd.Period("2021-11", freq="M")  # 7 ÷ 2/3 = 10.5 → 11
    assert with_openings(3).fill_month() == pd.Period("2020-12", freq="M")  # already filled
    # 1,500 openings: 1,496 ÷ 2/3 = 2,244 months, beyond 36
    assert with_openings(1500).fill_month() is None
    assert with_openings(1500).fill_month(horizon=3000) == pd.Period("2020-12", freq="M") + 2244


def test_fill_month_is_never_when_the_pace_is_zero():
    late = with_openings(10, as_of="2021-06-01")  # March–May 2021: nobody new
    assert late.pace().counts == (0, 0, 0)
    assert late.fill_month() is None
    assert late.fill_text("en") == ("No new candidates in March 2021 – May 2021: at this pace the 10 openings "
                                    "would never be filled.")


def test_fill_text_in_both_languages():
    assert with_openings(10).fill_text("id") == ("Dengan laju 0,7 kandidat baru per bulan (September 2020 – "
                                                 "November 2020), 10 lowongan akan terisi pada September 2021.")
    assert with_openings(1500).fill_text("en") == ("At 0.7 new candidates a month (September 2020 – November "
                                                   "2020), the 1,500 openings would not be filled within 36 months.")
    assert with_openings(3).fill_text("en") == "The candidates (4) already cover the 3 openings."


def test_trend_observed_then_projected_to_the_fill_month():
    trend = with_openings(10).trend()
    observed = trend[trend["jenis"] == "observasi"]
    assert observed["bulan"].dt.strftime("%Y-%m").tolist() == [f"2020-{m:02d}" for m in range(3, 13)]
    assert observed["kandidat_baru"].tolist() == [1, 0, 0, 0, 0, 0, 1, 0, 1, 1]
    assert observed["kandidat_kumulatif"].tolist() == [1, 1, 1, 1, 1, 1, 2, 2, 3, 4]
    projected = trend[trend["jenis"] == "proyeksi"]
    assert projected["bulan"].dt.strftime("%Y-%m").tolist() == [f"2021-{m:02d}" for m in range(1, 10)]
    assert projected["kandidat_kumulatif"].tolist() == pytest.approx([4 + k * 2 / 3 for k in range(1, 10)])
    assert projected["kandidat_kumulatif"].iloc[-2] < 10 <= projected["kandidat_kumulatif"].iloc[-1]
    assert list(trend.columns) == ["bulan", "kandidat_baru", "kandidat_kumulatif", "jenis"]


def test_trend_runs_the_whole_horizon_when_never_filled_and_counts_undated_from_the_start():
    respondents = respondents_frame()
    undated = respondents.assign(submitted_at=respondents["submitted_at"].mask(respondents["respondent_id"] == "R01"))
    target = Target("SSW_JP", "CAREWORKER", "JP", 1500, mulai=pd.Timestamp("2021-04-01"))
    pipeline = build_pipeline(cohorts_frame(), undated, target, as_of="2020-12-15")
    trend = pipeline.trend()
    observed = trend[trend["jenis"] == "observasi"]
    assert observed["bulan"].iloc[0] == pd.Timestamp("2020-03-01")  # R06
    # R01 (no time now) is counted from the first month on; R02 in November, R16 in December
    assert observed["kandidat_kumulatif"].tolist() == [2, 2, 2, 2, 2, 2, 2, 2, 3, 4]
    assert pipeline.pace().counts == (0, 0, 1)
    assert (trend["jenis"] == "proyeksi").sum() == 36
    assert any("without a submission time" in line for line in pipeline.notes("en"))


# --- breakdowns --------------------------------------------------------------------------------------

def test_by_school_exact_counts_and_sums(pipeline):
    by_school = pipeline.by("school_id")
    wide = by_school.pivot(index="school_id", columns="tahap", values="jumlah")
    assert by_school["school_id"].drop_duplicates().tolist()[:2] == [A, B]
    assert by_school["school_id"].isna().sum() == 7
    assert wide.loc[A, stage_definitions()["kode"]].tolist() == [135, 5, 3, 3, 3, 2, 0]
    assert wide.loc[B, stage_definitions()["kode"]].tolist() == [50, 2, 2, 2, 1, 0, 1]
    no_school = by_school[by_school["school_id"].isna()]
    assert no_school["jumlah"].tolist()[1:] == [3, 3, 2, 1, 0, 1]
    assert pd.isna(no_school["jumlah"].iloc[0])
    totals = by_school.groupby("tahap", sort=False)["jumlah"].sum()
    assert totals.tolist() == EXPECTED_COUNTS
    a_reach = by_school[(by_school["school_id"] == A) & (by_school["tahap"] == "terjangkau")].iloc[0]
    assert a_reach["konversi"] == 5 / 135
    assert (a_reach["konversi_bawah"], a_reach["konversi_atas"]) == wilson_interval(5, 135)


def test_by_region_uses_the_schools_regions_for_the_population(pipeline):
    by_region = pipeline.by("kab_kota_kode").pivot(index="kab_kota_kode", columns="tahap", values="jumlah")
    assert by_region.loc["61.71", "populasi"] == 135 and by_region.loc["61.04", "populasi"] == 50
    assert by_region.loc["61.71", "terjangkau"] == 6  # five at school A and R04
    assert by_region["terjangkau"].sum() == 10


@pytest.mark.parametrize("column", ["jenis_kelamin", "jurusan_kode", "status_pendidikan"])
def test_single_valued_breakdowns_sum_to_the_totals(pipeline, column):
    by = pipeline.by(column)
    sums = by.groupby("tahap", sort=False)["jumlah"].sum()
    assert sums.tolist()[1:] == EXPECTED_COUNTS[1:]


def test_multi_choice_breakdown_counts_a_person_in_each_source(pipeline):
    by_source = pipeline.by("sumber_informasi")
    reach = by_source[by_source["tahap"] == "terjangkau"].set_index("sumber_informasi")["jumlah"]
    # R01 GURU|INFLUENCER and R16 GURU|SOSIALISASI_SEKOLAH count twice; R05 "" (no choice); R04, R08 NA
    assert reach[reach.index.notna()].to_dict() == {"": 1, "GURU": 4, "INFLUENCER": 2, "MEDIA_SOSIAL": 1,
                                                    "SOSIALISASI_SEKOLAH": 2}
    assert reach[reach.index.isna()].tolist() == [2]
    assert reach.sum() == 12 > pipeline.count("terjangkau")
    assert by_source[by_source["tahap"] == "populasi"]["jumlah"].isna().all()


def test_by_rejects_an_unknown_column(pipeline):
    with pytest.raises(InvalidParameterError) as caught:
        pipeline.by("nama")
    assert "school_id" in caught.value.describe("en")


# --- scenarios ---------------------------------------------------------------------------------------

def test_scenario_without_overrides_is_today_and_full_reach_is_the_projection(pipeline):
    today = pipeline.scenario()
    assert today.stages["skenario"].tolist() == pytest.approx(EXPECTED_COUNTS)
    full = pipeline.scenario(reach=1)
    assert full.stages["skenario"].tolist() == pytest.approx(pipeline.stages["proyeksi"].tolist())


def test_scenario_arithmetic_and_assumptions(pipeline):
    what_if = pipeline.scenario(reach=0.6, language=0.5)
    # 185 × 0.6 = 111 reached; × 8/10 = 88.8 willing; × 7/8 = 77.7; × 5/7 = 55.5 eligible;
    # ready: 55.5 × (2/5 + 0.5 × 2/5) = 33.3; still to train: 55.5 × 2/5 × 0.5 = 11.1
    assert what_if.stages["skenario"].tolist() == pytest.approx([185, 111, 88.8, 77.7, 55.5, 33.3, 11.1])
    assert what_if.stages["diubah"].tolist() == [False, True, False, False, False, True, True]
    gap = what_if.gap()
    assert gap["selisih"].tolist() == pytest.approx([1500 - 33.3, 1500 - 44.4])
    assert what_if.assumptions("id")[:3] == [
        "Jangkauan survei (terjangkau ÷ populasi): 60% (sekarang 5,4%).",
        "Minat bekerja ke luar negeri (÷ terjangkau): 80%, seperti sekarang.",
        "Yang bersedia dilatih lalu lulus JFT-Basic A2 / JLPT N4: 50% (sekarang 0%).",
    ]
    assert what_if.assumptions("en")[-1].startswith("Respondents chose to answer")
    assert pipeline.scenario(interest=0.4).count("minat_luar_negeri") == pytest.approx(4.0)


@pytest.mark.parametrize("value", [1.5, -0.1, "0.6"])
def test_scenario_rejects_a_value_that_is_not_a_proportion(pipeline, value):
    with pytest.raises(InvalidParameterError):
        pipeline.scenario(reach=value)


# --- the invariant on random inputs ------------------------------------------------------------------

def maybe(values):
    """A value or missing, missing no more often than any one value (so deep stages get reached)."""
    return st.sampled_from([None, *values])


respondent_rows = st.fixed_dictionaries({
    "submitted_at": st.one_of(st.none(), st.datetimes(pd.Timestamp("2020-01-01").to_pydatetime(),
                                                      pd.Timestamp("2021-02-01").to_pydatetime())),
    "school_id": maybe([A, B, "lain"]),
    "kab_kota_kode": maybe(["61.71", "61.04", "64.71"]),
    "status_pendidikan": maybe(["SISWA", "LULUS", "LULUS", "MAHASISWA"]),
    "tahun_lulus": maybe([2018, 2019, 2020, 2021, 2023]),
    "minat_luar_negeri": maybe(["YA", "YA", "TIDAK", "RAGU"]),
    "negara": maybe(["", "JP", "JP", "JP|KR", "KR"]),
    "program_kode": maybe(["", "SSW_JP", "G2G_KR"]),
    "sektor_kode": maybe(["", "CAREWORKER", "CAREWORKER", "CAREWORKER|PERAWAT", "PERAWAT"]),
    "tanggal_lahir": maybe(["1998-06-01", "2001-01-01", "2003-04-01", "2003-04-02", "2005-01-01"]),
    "umur": maybe([16, 17, 18, 25]),
    "izin_orang_tua": maybe(["YA", "YA", "TIDAK", "RAGU"]),
    "bahasa_jepang": maybe(["BELUM", "N5", "JFT_A1", "JFT_A2", "N4", "N1"]),
    "bersedia_pelatihan": maybe(["YA", "TIDAK", "RAGU"]),
    "sumber_informasi": maybe(["", "GURU", "GURU|INFLUENCER"]),
    "jenis_kelamin": maybe(["L", "P"]),
})


# Half the rows start as willing, in-population respondents, so the deep stages are exercised too.
likely_rows = respondent_rows.map(lambda row: {**row, "school_id": A, "status_pendidikan": "LULUS",
                                               "tahun_lulus": 2020, "minat_luar_negeri": "YA", "negara": "JP"})


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.one_of(respondent_rows, likely_rows), min_size=1, max_size=25),
       graduates=st.lists(st.integers(0, 60), min_size=4, max_size=4))
def test_counts_never_increase_down_the_funnel(rows, graduates):
    records = [(f"R{i:03d}", *(row[c] for c in RESPONDENT_COLUMNS[1:])) for i, row in enumerate(rows)]
    respondents = respondents_frame(records)
    cohorts = pd.DataFrame({
        "school_id": [A, A, B, B], "jurusan_kode": ["KEPERAWATAN", "KEPERAWATAN", "FARMASI", "FARMASI"],
        "tahun": [2019, 2020, 2020, 2020], "kelas": [None, None, None, "XII"],
        "jumlah_lulusan": pd.array([graduates[0] + 25, graduates[1], graduates[2], None], dtype="Int64"),
        "jumlah_siswa": pd.array([None, None, None, graduates[3]], dtype="Int64"),
    })
    pipeline = build_pipeline(cohorts, respondents, TARGET, as_of="2021-01-15", schools=SCHOOLS)
    stages = pipeline.stages.set_index("tahap")
    # nobody reached: nothing to project from (NaN), only the counts are checked
    projected = ("proyeksi", "proyeksi_bawah", "proyeksi_atas") if stages.at["terjangkau", "jumlah"] else ()
    assert stages["proyeksi"].iloc[2:].isna().all() == (not projected)
    for column in ("jumlah", *projected):
        value = stages[column]
        for stage, base in stages["dasar"].dropna().items():
            assert value[stage] <= value[base] + 1e-9, (column, stage)
        if column in ("jumlah", "proyeksi"):  # bounds do not add: two upper bounds may exceed a third
            assert value["siap_bahasa"] + value["bersedia_dilatih"] <= value["memenuhi_syarat"] + 1e-9
    later = stages.iloc[2:].fillna(0)
    assert (later["proyeksi_bawah"] <= later["proyeksi"] + 1e-9).all()
    assert (later["proyeksi"] <= later["proyeksi_atas"] + 1e-9).all()
    for column in ("school_id", "jenis_kelamin"):
        sums = pipeline.by(column).groupby("tahap")["jumlah"].sum()  # no rows at all when nobody was reached
        assert sums.reindex(REACHED_STAGES, fill_value=0).tolist() == stages["jumlah"].iloc[1:].tolist()
    trend = pipeline.trend()
    observed = trend[trend["jenis"] == "observasi"]
    assert observed["kandidat_kumulatif"].iloc[-1] == pipeline.candidates()
