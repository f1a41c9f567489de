"""The graduate pipeline against the openings: funnel, projection, gap, pace, trend, breakdowns, what-ifs.

:func:`build_pipeline` takes the cleaned school lists (``lulusan``, the cohorts) and the
questionnaire's respondents (``responden``, one row per person) and a :class:`Target`,
and returns a frozen :class:`Pipeline` whose methods compute everything else from its frames.

The stages are defined once, here in code (who counts) and in ``reference/tahap.csv``
(labels and one-line definitions in Indonesian and English that charts and the report reuse):

1. ``populasi`` — graduates of the chosen years (``jumlah_lulusan``) plus the students in grade XII
   in the latest year the lists give (``jumlah_siswa`` with ``kelas`` XII). They graduate the year
   after, so where a list already gives that next year's graduates for the school and major, those
   graduates replace them (never both).
2. ``terjangkau`` — distinct respondents that belong to that population: status ``SISWA`` (the form
   does not ask the grade: a student counts unless their expected ``tahun_lulus`` is after next year)
   or ``LULUS`` with ``tahun_lulus`` in the chosen years; and from a listed school, or — when no school
   was matched — from the province (``kab_kota_kode`` 61.xx). ``MAHASISWA`` and ``LAINNYA`` do not
   count. :meth:`Pipeline.excluded` says how many were left out and why.
3. ``minat_luar_negeri`` — ``minat_luar_negeri`` is YA;
4. ``minat_target`` — the target's country in ``negara`` and (its sector in ``sektor_kode`` or its
   scheme in ``program_kode``);
5. ``memenuhi_syarat`` — aged 18 or over on the target's start (``mulai``, or ``as_of`` if later) and
   ``izin_orang_tua`` not TIDAK. Age comes from ``tanggal_lahir``, else from ``umur`` plus the whole
   years since the submission; unknown age does not count (it cannot be confirmed);
6. ``siap_bahasa`` — ``bahasa_jepang`` at JFT_A2 / N4 level or above; and beside it (same base, not
   below it) ``bersedia_dilatih`` — eligible, not language-ready, ``bersedia_pelatihan`` YA.

Each stage is a subset of the one before it (the flags are built as running ANDs), so counts never
increase down the funnel.

Projection. Respondents are treated as a sample of the population: for a stage s after
``terjangkau`` with ``k`` of the ``n`` reached respondents, out of a population of ``N``::

    proyeksi = k + (N − n) · k/n          (= N · k/n)
    bounds   = k + (N − n) · [L, U]        (L, U: 95% Wilson interval of k/n)

The reached respondents are counted, not estimated; only the unreached are. Respondents chose to
answer (the survey is not a random sample), so this interval is a floor on the uncertainty, not the
whole of it; :meth:`Pipeline.notes` says so in both languages. When more respondents were reached than
the lists say exist (the lists are incomplete), nobody is left to estimate and the projection is the
observed count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from jejak_analysis.codebook import load_kind, read_reference_csv
from jejak_analysis.errors import InvalidDataError, InvalidParameterError
from jejak_analysis.messages import message
from jejak_analysis.openings import Target, default_target

TIMEZONE = "Asia/Pontianak"
PROVINCE = "61"  # Kalimantan Barat (Kemendagri)
MIN_AGE = 18  # SSW work starts at 18 (tests may be taken from 17)
LANGUAGE_READY = "JFT_A2"  # JFT-Basic A2 ≈ JLPT N4: the level the SSW careworker route needs
HORIZON_MONTHS = 36
PACE_MONTHS = 3
DEFAULT_MEASURE = "siap_atau_dilatih"
FIRST_SUBMISSION = "first_submitted_at"  # optional column: when the person first answered

STAGE_COLUMNS = ["tahap", "urutan", "dasar", "label_id", "label_en", "definisi_id", "definisi_en", "jumlah",
                 "konversi", "konversi_bawah", "konversi_atas", "proyeksi", "proyeksi_bawah", "proyeksi_atas"]
REACHED_STAGES = ["terjangkau", "minat_luar_negeri", "minat_target", "memenuhi_syarat", "siap_bahasa",
                  "bersedia_dilatih"]
MULTI_CHOICE = ("negara", "program_kode", "sektor_kode", "sumber_informasi")
BY_COLUMNS = ("school_id", "kab_kota_kode", "jurusan_kode", "jenis_kelamin", "sumber_informasi",
              "status_pendidikan")
COHORT_COLUMNS = ("school_id", "jurusan_kode", "tahun", "kelas", "jumlah_lulusan", "jumlah_siswa")
RESPONDENT_COLUMNS = (
    "respondent_id", "submitted_at", "jenis_kelamin", "tanggal_lahir", "umur", "kab_kota_kode", "school_id",
    "jurusan_kode", "status_pendidikan", "tahun_lulus", "minat_luar_negeri", "negara", "program_kode",
    "sektor_kode", "sumber_informasi", "bahasa_jepang", "bersedia_pelatihan", "izin_orang_tua",
)


# --- stage definitions (data) ----------------------------------------------------------------------

@cache
def _stage_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_reference_csv("tahap.csv"))


def stage_definitions() -> pd.DataFrame:
    """The stages from ``reference/tahap.csv``: kode, urutan, dasar (the stage a conversion is
    measured against; stages sharing an ``urutan`` sit side by side), label_id, label_en,
    definisi_id, definisi_en. Charts and the report take labels and definitions from here."""
    frame = pd.DataFrame(list(_stage_rows()))
    frame["urutan"] = frame["urutan"].astype("int64")
    frame["dasar"] = frame["dasar"].where(frame["dasar"] != "", None)
    return frame


@cache
def _measure_rows() -> dict[str, dict[str, str]]:
    return {row["kode"]: row for row in read_reference_csv("tahap_kandidat.csv")}


def measure_stages(measure: str) -> list[str]:
    """The stages that make a "candidate" under ``measure`` (``siap_bahasa`` or ``siap_atau_dilatih``)."""
    rows = _measure_rows()
    if measure not in rows:
        raise InvalidParameterError("parameter_tidak_dikenal", nama=measure, daftar=", ".join(rows))
    return rows[measure]["tahap"].split("|")


# --- statistics ------------------------------------------------------------------------------------

def wilson_interval(successes, trials, confidence: float = 0.95):
    """The Wilson score interval of the proportion successes/trials (vectorised).

    NaN where it is undefined (no trials, or more successes than trials). Returns ``(lower, upper)``
    as floats for scalar input, arrays otherwise.

    >>> [round(b, 4) for b in wilson_interval(81, 263)]   # Newcombe (1998), example (c)
    [0.2553, 0.3662]
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z / denominator * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        valid = (n > 0) & (x >= 0) & (x <= n)
        lower = np.where(valid, np.where(x == 0, 0.0, np.clip(centre - half, 0, 1)), np.nan)
        upper = np.where(valid, np.where(x == n, 1.0, np.clip(centre + half, 0, 1)), np.nan)
    if lower.ndim == 0:
        return float(lower), float(upper)
    return lower, upper


def project(counts, reached: int, population: int):
    """Projection of stage counts among ``reached`` respondents onto a population (see module doc).

    Returns ``(point, lower, upper)``: observed + unreached × (k/n, Wilson lower, Wilson upper).
    """
    k = np.asarray(counts, dtype=float)
    unreached = max(population - reached, 0)
    lower, upper = wilson_interval(k, np.full(k.shape, reached))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = k / reached if reached > 0 else np.full(k.shape, np.nan)
    return k + unreached * share, k + unreached * lower, k + unreached * upper


# --- checking the inputs ---------------------------------------------------------------------------

def _require_columns(frame: pd.DataFrame, needed: tuple[str, ...], table: str) -> None:
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise InvalidDataError("tabel_kolom_hilang", tabel=table, kolom=", ".join(missing))


def _where(frame: pd.DataFrame, index) -> dict[str, object]:
    """File and row of one input row, for an error message (when the table carries provenance)."""
    row = frame.loc[index]
    path = row.get("source_file")
    source_row = row.get("source_row")
    return {"path": None if pd.isna(path) else path,
            "row": None if source_row is None or pd.isna(source_row) else int(source_row)}


def _check_unique(frame: pd.DataFrame, key: list[str], table: str) -> None:
    duplicated = frame.duplicated(subset=key, keep="first")
    if duplicated.any():
        index = duplicated.idxmax()
        value = " · ".join(str(frame.at[index, column]) for column in key)
        raise InvalidDataError("tabel_kunci_ganda", **_where(frame, index), tabel=table,
                               kunci=", ".join(key), nilai=value)


def _check_not_negative(frame: pd.DataFrame, column: str, table: str) -> None:
    negative = pd.to_numeric(frame[column], errors="coerce").lt(0).fillna(False).astype(bool)
    if negative.any():
        index = negative.idxmax()
        raise InvalidDataError("tabel_angka_negatif", **_where(frame, index), tabel=table, kolom=column,
                               nilai=frame.at[index, column])


def check_cohorts(cohorts: pd.DataFrame) -> None:
    """Stop on a cohort table the pipeline would miscount: a missing column, a negative count, or a
    second graduate figure (or grade figure) for the same school × major × year, which would be
    added twice."""
    _require_columns(cohorts, COHORT_COLUMNS, "lulusan")
    for column in ("jumlah_lulusan", "jumlah_siswa"):
        _check_not_negative(cohorts, column, "lulusan")
    graduates = cohorts[cohorts["jumlah_lulusan"].notna()]
    _check_unique(graduates, ["school_id", "jurusan_kode", "tahun"], "lulusan")
    grade = cohorts[cohorts["jumlah_siswa"].notna() & cohorts["kelas"].notna()]
    _check_unique(grade, ["school_id", "jurusan_kode", "tahun", "kelas"], "lulusan")


def check_respondents(respondents: pd.DataFrame) -> None:
    """Stop on a respondent table with a missing column or a person twice (one row per person)."""
    _require_columns(respondents, RESPONDENT_COLUMNS, "responden")
    _check_unique(respondents, ["respondent_id"], "responden")


# --- small helpers on columns ----------------------------------------------------------------------

def _is(series: pd.Series, code: str) -> pd.Series:
    """True where the value is ``code``; missing is False."""
    return series.astype("string").eq(code).fillna(False).astype(bool)


def _has_code(series: pd.Series, code: str) -> pd.Series:
    """True where the multi-choice value (sorted codes joined by "|") contains ``code``."""
    padded = "|" + series.astype("string").fillna("") + "|"
    return padded.str.contains(f"|{code}|", regex=False).fillna(False).astype(bool)


def local_time(series: pd.Series) -> pd.Series:
    """Timestamps as naive local time of West Kalimantan (naive input is taken as local already)."""
    times = pd.to_datetime(series)
    if times.dt.tz is not None:
        times = times.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return times


def _whole_years(start: pd.Series, end: pd.Timestamp) -> pd.Series:
    """Completed years from each ``start`` date to ``end`` (a birthday counts on its day)."""
    before_anniversary = (end.month * 100 + end.day) < (start.dt.month * 100 + start.dt.day)
    return end.year - start.dt.year - before_anniversary.astype("float")


def age_on(respondents: pd.DataFrame, date: pd.Timestamp) -> pd.Series:
    """Age on ``date``: from ``tanggal_lahir``, else ``umur`` (age at submission) plus the whole years
    since the submission (a lower bound). NaN when neither is known."""
    born = pd.to_datetime(respondents["tanggal_lahir"], errors="coerce")
    from_birth = _whole_years(born, date)
    submitted = local_time(respondents["submitted_at"]).dt.normalize()
    elapsed = _whole_years(submitted, date).fillna(0).clip(lower=0)
    from_age = pd.to_numeric(respondents["umur"], errors="coerce").astype("float") + elapsed
    return from_birth.fillna(from_age)


def _language_ready(levels: pd.Series) -> pd.Series:
    order = load_kind("bahasa_jepang").codes.set_index("kode")["urutan"].astype(int)
    rank = levels.astype("string").map(order.to_dict())
    return pd.to_numeric(rank, errors="coerce").ge(order[LANGUAGE_READY]).fillna(False).astype(bool)


def _as_date(value, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise InvalidParameterError("tanggal_salah", nama=name, nilai=value) from None
    if stamp is pd.NaT:
        raise InvalidParameterError("tanggal_salah", nama=name, nilai=value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(TIMEZONE).tz_localize(None)
    return stamp.normalize()


def _share(value: float, name: str) -> float:
    if not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidParameterError("nilai_proporsi", nama=name, nilai=value)
    return float(value)


# --- the population ---------------------------------------------------------------------------------

def default_years(cohorts: pd.DataFrame, as_of: pd.Timestamp) -> tuple[int, ...]:
    """Every graduation year the lists give a figure for, up to the year of ``as_of``."""
    years = cohorts.loc[cohorts["jumlah_lulusan"].notna(), "tahun"].astype(int)
    return tuple(sorted(int(y) for y in years.unique() if y <= as_of.year))


def population_table(cohorts: pd.DataFrame, years: tuple[int, ...],
                     schools: pd.DataFrame | None = None) -> pd.DataFrame:
    """The population by school × major × year: ``kelompok`` ``lulusan`` (graduates of the chosen
    years) or ``siswa_xii`` (grade XII of the latest year, unless that school and major already
    list the next year's graduates). Columns: school_id, kab_kota_kode (from ``schools`` when
    given), jurusan_kode, tahun, kelompok, jumlah."""
    key = ["school_id", "jurusan_kode", "tahun"]
    all_graduates = cohorts[cohorts["jumlah_lulusan"].notna()]
    graduates = all_graduates[all_graduates["tahun"].astype(int).isin(years)]
    graduates = graduates[key].assign(kelompok="lulusan", jumlah=graduates["jumlah_lulusan"])
    grade = cohorts[_is(cohorts["kelas"], "XII") & cohorts["jumlah_siswa"].notna()]
    if len(grade):
        grade = grade[grade["tahun"] == grade["tahun"].max()]
        graduated = set(map(tuple, all_graduates[key].astype({"tahun": int}).itertuples(index=False)))
        next_year = [(s, j, int(t) + 1) in graduated for s, j, t in grade[key].itertuples(index=False)]
        grade = grade[~np.array(next_year, dtype=bool)]
    grade = grade[key].assign(kelompok="siswa_xii", jumlah=grade["jumlah_siswa"])
    table = pd.concat([graduates, grade], ignore_index=True)
    table = table.astype({"tahun": "int64", "jumlah": "int64"})
    region = {} if schools is None else dict(zip(schools["school_id"], schools["kab_kota_kode"], strict=True))
    table.insert(1, "kab_kota_kode", table["school_id"].map(region).astype("object"))
    return table.sort_values(["school_id", "jurusan_kode", "tahun", "kelompok"], ignore_index=True)


# --- who is at which stage ---------------------------------------------------------------------------

EXCLUSION_ORDER = ("setelah_tanggal_data", "asal_lain", "asal_tidak_diketahui", "status_lain",
                   "tahun_lulus_lain", "siswa_belum_kelas_akhir")


def exclusion_reason(respondents: pd.DataFrame, listed_schools: set[str], years: tuple[int, ...],
                     as_of: pd.Timestamp, province: str = PROVINCE) -> pd.Series:
    """Why each respondent is not in the population (the first reason that applies), NA when they are."""
    school = respondents["school_id"]
    region = respondents["kab_kota_kode"].astype("string")
    in_province = region.str.startswith(f"{province}.").fillna(False).astype(bool)
    status = respondents["status_pendidikan"]
    year = pd.to_numeric(respondents["tahun_lulus"], errors="coerce")
    after = local_time(respondents["submitted_at"]) >= as_of + pd.Timedelta(days=1)
    conditions = {
        "setelah_tanggal_data": after.fillna(False).astype(bool),
        "asal_lain": (school.notna() & ~school.isin(listed_schools)) | (school.isna() & region.notna()
                                                                         & ~in_province),
        "asal_tidak_diketahui": school.isna() & region.isna(),
        "status_lain": ~(_is(status, "SISWA") | _is(status, "LULUS")),
        "tahun_lulus_lain": _is(status, "LULUS") & ~year.isin(years),
        "siswa_belum_kelas_akhir": _is(status, "SISWA") & year.gt(as_of.year + 1).fillna(False).astype(bool),
    }
    chosen = np.select([conditions[code].to_numpy(dtype=bool) for code in EXCLUSION_ORDER],
                       list(EXCLUSION_ORDER), default="")
    return pd.Series(chosen, index=respondents.index).replace("", None).astype("object")


def stage_flags(respondents: pd.DataFrame, reached: pd.Series, target: Target,
                as_of: pd.Timestamp) -> pd.DataFrame:
    """One boolean column per stage after ``populasi``, each the one before it AND its condition."""
    start = max(target.mulai, as_of) if target.mulai is not None else as_of
    flags = pd.DataFrame(index=respondents.index)
    flags["terjangkau"] = reached.astype(bool)
    flags["minat_luar_negeri"] = flags["terjangkau"] & _is(respondents["minat_luar_negeri"], "YA")
    wants_target = _has_code(respondents["negara"], target.negara) & (
        _has_code(respondents["sektor_kode"], target.sektor_kode)
        | _has_code(respondents["program_kode"], target.program_kode))
    flags["minat_target"] = flags["minat_luar_negeri"] & wants_target
    adult = age_on(respondents, start).ge(MIN_AGE).fillna(False).astype(bool)
    consent = ~_is(respondents["izin_orang_tua"], "TIDAK")
    flags["memenuhi_syarat"] = flags["minat_target"] & adult & consent
    ready = _language_ready(respondents["bahasa_jepang"])
    flags["siap_bahasa"] = flags["memenuhi_syarat"] & ready
    flags["bersedia_dilatih"] = (flags["memenuhi_syarat"] & ~ready
                                 & _is(respondents["bersedia_pelatihan"], "YA"))
    return flags


PEOPLE_COLUMNS = ["respondent_id", "submitted_at", "entered_at", "school_id", "kab_kota_kode", "jurusan_kode",
                  "jenis_kelamin", "status_pendidikan", "sumber_informasi", "alasan_luar"]


def people_table(respondents: pd.DataFrame, listed_schools: set[str], years: tuple[int, ...],
                 target: Target, as_of: pd.Timestamp, province: str = PROVINCE) -> pd.DataFrame:
    """One row per respondent: the columns breakdowns use, ``entered_at`` (first submission when the
    table gives it, else the latest), ``alasan_luar`` (why outside the population) and the stage flags."""
    reason = exclusion_reason(respondents, listed_schools, years, as_of, province)
    entered = respondents[FIRST_SUBMISSION] if FIRST_SUBMISSION in respondents else respondents["submitted_at"]
    people = respondents.assign(submitted_at=local_time(respondents["submitted_at"]),
                                entered_at=local_time(entered), alasan_luar=reason)[PEOPLE_COLUMNS]
    flags = stage_flags(respondents, reason.isna(), target, as_of)
    return pd.concat([people, flags], axis=1).sort_values("respondent_id", ignore_index=True)


# --- the stages table -------------------------------------------------------------------------------

def stages_table(population_total: int, counts: dict[str, int]) -> pd.DataFrame:
    """The tidy funnel: per stage the count, the conversion from its base stage with a 95% Wilson
    interval, and the projection onto the population with its interval (see module doc)."""
    counts = {"populasi": int(population_total), **{k: int(v) for k, v in counts.items()}}
    frame = stage_definitions().rename(columns={"kode": "tahap"})
    frame["jumlah"] = frame["tahap"].map(counts).astype("int64")
    base = frame["dasar"].map(counts).astype("float")
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["konversi"] = frame["jumlah"] / base
    frame["konversi_bawah"], frame["konversi_atas"] = wilson_interval(frame["jumlah"], base)
    reached = counts["terjangkau"]
    point, lower, upper = project(frame["jumlah"], reached, counts["populasi"])
    known = frame["tahap"].isin(["populasi", "terjangkau"])  # counted, not estimated
    everyone = float(max(counts["populasi"], reached))
    fixed = np.where(frame["tahap"] == "populasi", float(counts["populasi"]), everyone)
    frame["proyeksi"] = np.where(known, fixed, point)
    frame["proyeksi_bawah"] = np.where(known, fixed, lower)
    frame["proyeksi_atas"] = np.where(known, fixed, upper)
    return frame[STAGE_COLUMNS]


# --- text -------------------------------------------------------------------------------------------

def _locale(lang: str) -> str:
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', not {lang!r}")
    return lang


def _number(value: float, lang: str, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def _percent(value: float, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_percent(value, format="#,##0.#%", locale=_locale(lang))


def _month(period: pd.Period, lang: str) -> str:
    return format_date(period.to_timestamp().date(), "MMMM y", locale=_locale(lang))


def _months_span(months: tuple[pd.Period, ...], lang: str) -> str:
    if not months:
        return "–"
    return _month(months[0], lang) if len(months) == 1 else f"{_month(months[0], lang)} – {_month(months[-1], lang)}"


# --- results ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pace:
    """New candidates per month over the last complete months before ``as_of``."""

    per_month: float
    months: tuple[pd.Period, ...]
    counts: tuple[int, ...]
    measure: str


@dataclass(frozen=True, eq=False)
class Scenario:
    """A what-if: the funnel recomputed with some conversions overridden, and its assumptions.

    ``stages``: tahap, urutan, label_id, label_en, jumlah (observed), konversi_sekarang, konversi (used),
    diubah (overridden?), skenario (expected count). With no override it reproduces today's counts;
    ``reach=1`` reproduces the projection's point estimate. No interval: it is a what-if.
    """

    stages: pd.DataFrame
    target: Target
    reach: float | None
    interest: float | None
    language: float | None

    def count(self, stage: str) -> float:
        return float(self.stages.set_index("tahap").at[stage, "skenario"])

    def gap(self) -> pd.DataFrame:
        """Openings − expected candidates, for ``siap_bahasa`` and ``siap_atau_dilatih``."""
        rows = []
        for measure, row in _measure_rows().items():
            expected = sum(self.count(stage) for stage in measure_stages(measure))
            rows.append({"kode": measure, "label_id": row["label_id"], "label_en": row["label_en"],
                         "lowongan": self.target.jumlah, "skenario": expected,
                         "selisih": self.target.jumlah - expected})
        return pd.DataFrame(rows)

    def assumptions(self, lang: str = "id") -> list[str]:
        """The scenario's assumptions, one sentence each, in ``lang``."""
        current = self.stages.set_index("tahap")["konversi_sekarang"]
        levers = [("tuas_jangkauan", self.reach, current["terjangkau"]),
                  ("tuas_minat", self.interest, current["minat_luar_negeri"]),
                  ("tuas_bahasa", self.language, 0.0)]
        lines = []
        for key, given, now in levers:
            name = message(key, lang)
            if given is None:
                lines.append(message("asumsi_tetap", lang, tuas=name, nilai=_percent(now, lang)))
            else:
                lines.append(message("asumsi_diubah", lang, tuas=name, nilai=_percent(given, lang),
                                     sekarang=_percent(now, lang)))
        lines.append(message("asumsi_lain", lang))
        lines.append(message("catatan_swaseleksi", lang))
        return lines


@dataclass(frozen=True, eq=False)
class Pipeline:
    """The funnel for one target, as of one date. Build it with :func:`build_pipeline`.

    Frames: ``stages`` (the funnel, see :func:`stages_table`), ``population`` (see
    :func:`population_table`), ``people`` (one row per respondent with stage flags, see
    :func:`people_table`). Every method computes from these; nothing is mutated.
    """

    target: Target
    as_of: pd.Timestamp
    years: tuple[int, ...]
    population: pd.DataFrame
    people: pd.DataFrame
    stages: pd.DataFrame

    # counts
    def count(self, stage: str) -> int:
        return int(self.stages.set_index("tahap").at[stage, "jumlah"])

    def candidates(self, measure: str = DEFAULT_MEASURE) -> int:
        """Candidates now: ``siap_bahasa``, or ``siap_atau_dilatih`` (ready or willing to train)."""
        return sum(self.count(stage) for stage in measure_stages(measure))

    def gap(self) -> pd.DataFrame:
        """Openings − candidates, for ready and for ready + trainable, observed and projected.

        Columns: kode, label_id, label_en, lowongan, kandidat, selisih (lowongan − kandidat; negative
        means more candidates than openings), proyeksi, proyeksi_bawah, proyeksi_atas, selisih_proyeksi.
        """
        reached, total = self.count("terjangkau"), self.count("populasi")
        rows = []
        for measure, row in _measure_rows().items():
            found = self.candidates(measure)
            point, lower, upper = (float(v[0]) for v in project([found], reached, total))
            rows.append({"kode": measure, "label_id": row["label_id"], "label_en": row["label_en"],
                         "lowongan": self.target.jumlah, "kandidat": found,
                         "selisih": self.target.jumlah - found, "proyeksi": point, "proyeksi_bawah": lower,
                         "proyeksi_atas": upper, "selisih_proyeksi": self.target.jumlah - point})
        return pd.DataFrame(rows)

    # time
    def _candidate_people(self, measure: str) -> pd.DataFrame:
        return self.people[self.people[measure_stages(measure)].any(axis=1)]

    def pace(self, months: int = PACE_MONTHS, measure: str = DEFAULT_MEASURE) -> Pace:
        """New candidates per month, by ``entered_at``, over the last ``months`` complete calendar
        months up to ``as_of``: the month of ``as_of`` counts only when ``as_of`` is its last day
        (the monthly report, as of 30 June, measures April–June; as of 15 June, March–May). Months
        before the first submission of anyone are left out: a survey that began in May is not slowed
        down by an April in which nobody could answer (no month left: a pace of 0)."""
        if not isinstance(months, int) or months < 1:
            raise InvalidParameterError("parameter_tidak_dikenal", nama=f"months={months}", daftar="1, 2, 3, …")
        current = (self.as_of.normalize() + pd.Timedelta(days=1)).to_period("M")  # the first month not complete
        began = self.people["entered_at"].dropna().dt.to_period("M").min()  # the survey's first month
        window = tuple(m for m in (current - k for k in range(months, 0, -1)) if pd.isna(began) or m >= began)
        entered = self._candidate_people(measure)["entered_at"].dropna().dt.to_period("M")
        counts = tuple(int((entered == month).sum()) for month in window)
        return Pace(per_month=sum(counts) / len(window) if window else 0.0, months=window, counts=counts,
                    measure=measure)

    def _months_to_fill(self, months: int, measure: str) -> int | None:
        """Whole months after the month of ``as_of`` until the openings are filled at the current
        pace: 0 when already filled, None when the pace is zero. Integer arithmetic, no rounding."""
        remaining = self.target.jumlah - self.candidates(measure)
        if remaining <= 0:
            return 0
        pace = self.pace(months, measure)
        new = sum(pace.counts)
        return None if new == 0 else -(-remaining * len(pace.months) // new)

    def fill_month(self, months: int = PACE_MONTHS, measure: str = DEFAULT_MEASURE,
                   horizon: int = HORIZON_MONTHS) -> pd.Period | None:
        """The month the openings would be filled at today's pace (the month of ``as_of`` when they
        already are), or None when the pace is zero or it would take more than ``horizon`` months."""
        needed = self._months_to_fill(months, measure)
        if needed is None or needed > horizon:
            return None
        return self.as_of.to_period("M") + needed

    def fill_text(self, lang: str = "id", months: int = PACE_MONTHS, measure: str = DEFAULT_MEASURE,
                  horizon: int = HORIZON_MONTHS) -> str:
        """One sentence for the report: when the openings would be filled at today's pace, or why not."""
        pace = self.pace(months, measure)
        details = {"laju": _number(pace.per_month, lang, 1), "periode": _months_span(pace.months, lang),
                   "lowongan": _number(self.target.jumlah, lang), "kandidat": _number(self.candidates(measure), lang),
                   "horizon": horizon}
        needed = self._months_to_fill(months, measure)
        if needed == 0:
            return message("waktu_sudah_terisi", lang, **details)
        if needed is None:
            return message("waktu_tanpa_laju", lang, **details)
        if needed > horizon:
            return message("waktu_lewat_horizon", lang, **details)
        month = self.as_of.to_period("M") + needed
        return message("waktu_terisi", lang, bulan=_month(month, lang), **details)

    def trend(self, months: int = PACE_MONTHS, measure: str = DEFAULT_MEASURE,
              horizon: int = HORIZON_MONTHS) -> pd.DataFrame:
        """Candidates by month, observed then projected at today's pace (tidy, for the trend chart).

        Columns: bulan (first day of the month), kandidat_baru, kandidat_kumulatif, jenis
        (``observasi`` up to the month of ``as_of``; ``proyeksi`` after it, until the fill month, or
        for ``horizon`` months when the openings would not be filled by then). Candidates without a
        submission time are counted from the first month on, so the last observed cumulative count
        equals :meth:`candidates`.
        """
        people = self._candidate_people(measure)
        entered = people["entered_at"].dropna().dt.to_period("M")
        current = self.as_of.to_period("M")
        first = min(entered.min(), current) if len(entered) else current
        observed = pd.period_range(first, current, freq="M")
        new = entered.value_counts().reindex(observed, fill_value=0).astype("float")
        undated = float(people["entered_at"].isna().sum())
        cumulative = new.cumsum() + undated
        total = float(self.candidates(measure))
        needed = self._months_to_fill(months, measure)
        ahead = 0 if needed == 0 else (horizon if needed is None or needed > horizon else needed)
        rate = self.pace(months, measure).per_month
        steps = np.arange(1, ahead + 1)
        frame = pd.DataFrame({
            "bulan": list(observed) + [current + int(k) for k in steps],
            "kandidat_baru": np.concatenate([new.to_numpy(), np.full(ahead, rate)]),
            "kandidat_kumulatif": np.concatenate([cumulative.to_numpy(), total + steps * rate]),
            "jenis": ["observasi"] * len(observed) + ["proyeksi"] * ahead,
        })
        frame["bulan"] = pd.PeriodIndex(frame["bulan"], freq="M").to_timestamp()
        return frame

    # where to act
    def by(self, column: str) -> pd.DataFrame:
        """Every stage broken down by ``column`` (one of :data:`BY_COLUMNS`), long and tidy.

        Columns: <column>, tahap, urutan, label_id, label_en, jumlah (Int64), konversi, konversi_bawah,
        konversi_atas (conversion from the stage's base within the group). ``populasi`` is known by
        school, region (when the schools table was given) and major; for other columns it is NA.
        Respondents with no value form their own group (NA). A multi-choice column
        (``sumber_informasi``) is split: a person who heard from two sources counts in both groups, so
        its groups sum to more than the total; for single-valued columns the groups sum to the total.
        Regions: respondents by the region they gave, the population by its school's region.
        """
        if column not in BY_COLUMNS:
            raise InvalidParameterError("parameter_tidak_dikenal", nama=column, daftar=", ".join(BY_COLUMNS))
        reached = self.people[self.people["terjangkau"]]
        if column in MULTI_CHOICE:
            reached = reached.assign(**{column: reached[column].astype("string").str.split("|")}).explode(column)
        keys = reached[column].astype("object").where(reached[column].notna(), None)
        counts = reached[REACHED_STAGES].groupby(keys.rename(column), dropna=False).sum()
        if column in self.population.columns and self.population[column].notna().any():
            population = self.population.groupby(column, dropna=False)["jumlah"].sum()
        else:
            population = pd.Series(dtype="float", name="jumlah")
        groups = counts.index.union(population.index, sort=False)
        wide = counts.reindex(groups, fill_value=0).astype("int64")
        wide.insert(0, "populasi", population.reindex(groups).astype("Int64"))
        return _long_by_group(wide, column)

    # what if
    def scenario(self, reach: float | None = None, interest: float | None = None,
                 language: float | None = None) -> Scenario:
        """The funnel recomputed with overrides (proportions, 0–1):

        - ``reach``: reached ÷ population (e.g. 0.6 when outreach covers 60%);
        - ``interest``: willing to work abroad ÷ reached;
        - ``language``: share of the willing-to-train who pass JFT-Basic A2 / N4 and become ready.

        Other conversions stay as observed. Each expected count = its base's expected count × its
        conversion, from the population down.
        """
        stages = self.stages.set_index("tahap")
        current = stages["konversi"]
        used = current.copy()
        changed = pd.Series(False, index=current.index)
        if reach is not None:
            used["terjangkau"], changed["terjangkau"] = _share(reach, "reach"), True
        if interest is not None:
            used["minat_luar_negeri"] = _share(interest, "interest")
            changed["minat_luar_negeri"] = True
        if language is not None:
            share = _share(language, "language")
            used["siap_bahasa"] = current["siap_bahasa"] + share * current["bersedia_dilatih"]
            used["bersedia_dilatih"] = current["bersedia_dilatih"] * (1 - share)
            changed[["siap_bahasa", "bersedia_dilatih"]] = True
        expected: dict[str, float] = {}
        for stage, row in stages.iterrows():  # file order: every base comes before its stages
            base = row["dasar"]
            expected[stage] = float(row["jumlah"]) if pd.isna(base) else expected[base] * used[stage]
        frame = stages.reset_index()[["tahap", "urutan", "label_id", "label_en", "jumlah"]]
        frame["konversi_sekarang"] = current.to_numpy()
        frame["konversi"] = used.to_numpy()
        frame["diubah"] = changed.to_numpy()
        frame["skenario"] = frame["tahap"].map(expected)
        return Scenario(stages=frame, target=self.target, reach=reach, interest=interest, language=language)

    # transparency
    def excluded(self) -> pd.DataFrame:
        """Respondents outside the population, by reason: kode, label_id, label_en, jumlah."""
        reasons = pd.DataFrame(read_reference_csv("tahap_pengecualian.csv"))
        counts = self.people["alasan_luar"].value_counts()
        return reasons.assign(jumlah=reasons["kode"].map(counts).fillna(0).astype("int64"))

    def notes(self, lang: str = "id") -> list[str]:
        """What a reader must know to read the numbers right, one sentence each, in ``lang``."""
        lines = [message("catatan_swaseleksi", lang), message("catatan_metode_proyeksi", lang)]
        if self.target.is_default:
            lines.append(message("catatan_target_bawaan", lang, target=self.target.describe(lang),
                                 sumber=self.target.sumber))
        reached, total = self.count("terjangkau"), self.count("populasi")
        if reached > total:
            lines.append(message("catatan_jangkauan_lebih", lang, terjangkau=_number(reached, lang),
                                 populasi=_number(total, lang)))
        students = int((self.people["terjangkau"] & _is(self.people["status_pendidikan"], "SISWA")).sum())
        if students and not (self.population["kelompok"] == "siswa_xii").any():
            lines.append(message("catatan_tanpa_siswa_xii", lang, jumlah=_number(students, lang)))
        undated = int(self._candidate_people(DEFAULT_MEASURE)["entered_at"].isna().sum())
        if undated:
            lines.append(message("catatan_tanpa_waktu", lang, jumlah=_number(undated, lang)))
        if self.target.negara != "JP":
            lines.append(message("catatan_bahasa_jepang", lang))
        return lines


def _long_by_group(wide: pd.DataFrame, column: str) -> pd.DataFrame:
    """Wide group × stage counts → the long breakdown table with conversions within each group."""
    definitions = stage_definitions()
    long = (wide.reset_index(names=column)
            .melt(id_vars=column, var_name="tahap", value_name="jumlah")
            .merge(definitions.rename(columns={"kode": "tahap"})[["tahap", "urutan", "dasar", "label_id",
                                                                  "label_en"]], on="tahap"))
    long["jumlah"] = long["jumlah"].astype("Int64")
    base = long[[column, "tahap", "jumlah"]].rename(columns={"tahap": "dasar", "jumlah": "jumlah_dasar"})
    long = long.merge(base, on=[column, "dasar"], how="left")
    x = long["jumlah"].astype("float")
    n = long["jumlah_dasar"].astype("float")
    with np.errstate(divide="ignore", invalid="ignore"):
        long["konversi"] = x / n
    long["konversi_bawah"], long["konversi_atas"] = wilson_interval(x, n)
    order = {stage: position for position, stage in enumerate(definitions["kode"])}
    long["_order"] = long["tahap"].map(order)
    long = long.sort_values([column, "_order"], na_position="last", kind="stable", ignore_index=True)
    return long[[column, "tahap", "urutan", "label_id", "label_en", "jumlah", "konversi", "konversi_bawah",
                 "konversi_atas"]]


def build_pipeline(cohorts: pd.DataFrame, respondents: pd.DataFrame, target: Target | None = None, *,
                   as_of=None, years=None, schools: pd.DataFrame | None = None,
                   province: str = PROVINCE) -> Pipeline:
    """Build the funnel of ``respondents`` against ``target`` within the population of ``cohorts``.

    - ``target``: a :class:`~jejak_analysis.openings.Target`; None → :func:`default_target` (flagged);
    - ``as_of``: the data date (date-like); None → the day of the latest submission, so the same
      inputs always give the same result. Submissions after it are left out;
    - ``years``: graduation years in the population; None → every year the lists give, up to ``as_of``;
    - ``schools``: the ``sekolah`` table, to place the population in regions for ``by("kab_kota_kode")``;
    - ``province``: Kemendagri province code of respondents without a matched school (61, Kalbar).

    Input tables are checked (:func:`check_cohorts`, :func:`check_respondents`) and never changed.
    """
    check_cohorts(cohorts)
    check_respondents(respondents)
    target = default_target() if target is None else target
    if as_of is None:
        latest = local_time(respondents["submitted_at"]).max()
        if pd.isna(latest):
            raise InvalidParameterError("as_of_diperlukan")
        as_of = latest
    as_of = _as_date(as_of, "as_of")
    if years is None:
        years = default_years(cohorts, as_of)
    else:
        try:
            years = tuple(sorted({int(year) for year in years}))
        except (TypeError, ValueError):
            raise InvalidParameterError("tahun_salah", nilai=years) from None
    population = population_table(cohorts, years, schools)
    listed = set(cohorts["school_id"].dropna())
    people = people_table(respondents, listed, years, target, as_of, province)
    counts = people[REACHED_STAGES].sum().to_dict()
    stages = stages_table(int(population["jumlah"].sum()), counts)
    return Pipeline(target=target, as_of=as_of, years=years, population=population, people=people,
                    stages=stages)
