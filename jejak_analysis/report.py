"""``jejak report``: the monthly report, rebuilt from the raw files, with an archive that can be trusted.

One call, :func:`build_report`, does every step and writes ``reports/<YYYY-MM>/``:

1. checks the parameters against the notebook's ``parameters`` cell (``papermill.inspect_notebook``)
   and the month's form, before anything runs;
2. cleans the raw folder (:func:`jejak_analysis.clean.clean`) and writes the tables for the notebook;
3. executes ``notebooks/laporan_bulanan.ipynb`` with papermill and keeps it (without execution times)
   as ``laporan_<month>.ipynb``, the audit copy;
4. converts it to ``laporan_<month>.html`` with nbconvert: outputs only (no code, no prompts), images
   embedded, no script or style fetched from the web;
5. exports every chart (``grafik/``: PNG on a slide and on A4, SVG, PDF, numbers as CSV, alt text, and
   the chart pack),
   the directorate's workbook ``tabel_<month>.xlsx`` and ``perlu_ditinjau.xlsx``;
6. writes ``manifest.json``: every input file with its SHA-256 and size, every output's SHA-256, the
   parameters, the versions, the row accounting; no build time, so a rebuild gives the same bytes.

Everything is written into a hidden folder beside ``reports/<month>`` and swapped in at the end: a
failed build leaves the previous report as it was and says which step failed.

Months. The report of month M holds the questionnaire submissions up to the end of M (cumulative);
"during M" means the submissions inside it. "What changed since last month" is the same pipeline
computed for M − 1 from the same data, so it needs no earlier report on disk. Each month's
respondents are the latest answer per person among the submissions up to its end
(:func:`respondents_up_to`), and a person enters the trend in the month of their first answer.

The notebook stays thin: it calls :func:`load_report_data`, :func:`report_figures` and the section
functions here (``*_html``), which return HTML in the report's language; every word comes from
``reference/teks_laporan.csv``, the chart texts, the codebook and the stage definitions.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import json
import os
import platform
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import pandas as pd

from jejak_analysis.codebook import labels, read_reference_csv
from jejak_analysis.errors import InvalidParameterError, JejakError, UnreadableFileError
from jejak_analysis.settings import DEFAULT_RAW_DIR, DEFAULT_REPORTS_DIR, organisation

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "laporan_bulanan.ipynb"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILE = "laporan.html.j2"
KERNEL_NAME = "python3"  # ipykernel's kernel; jupyter_client starts it with this interpreter (sys.executable)
DATA_FOLDER = "_data"  # inside the build folder: the cleaned tables the notebook reads; removed before the swap
HTML_DPI = 100  # charts inside the HTML (the files in grafik/ are 200 dpi)
SMALL_COUNT = 5  # counts of 1 to 4 in the report's breakdown tables read "<5"
MONTH_FORM = re.compile(r"(\d{4})-(\d{2})")
#: Metadata papermill and nbclient add that changes at every run (times, the temporary paths).
VOLATILE_METADATA = ("start_time", "end_time", "duration", "input_path", "output_path", "execution")
#: The charts of the report, in the order of the chart pack: name in grafik/ → key in label_grafik.csv.
CHARTS = {"corong": "funnel", "tren": "trend", "jangkauan": "jangkauan", "konversi": "konversi",
          "sumber": "sumber", "negara": "negara", "program": "program", "sektor": "sektor",
          "lulusan": "lulusan", "kualitas": "kualitas", "tinjauan": "tinjauan"}
#: Subtitles other than ``subjudul_<key>``: the report's heatmap hides small shares and says so.
SUBTITLES = {"konversi": "subjudul_konversi_disamarkan"}


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


@cache
def _texts() -> dict[str, dict[str, str]]:
    return {row["kunci"]: {"id": row["id"], "en": row["en"]} for row in read_reference_csv("teks_laporan.csv")}


def report_text(key: str, lang: str = "id", **values: object) -> str:
    """Report text ``key`` from ``reference/teks_laporan.csv`` in ``lang``, with ``values`` filled in."""
    from jejak_analysis.style import check_lang

    return _texts()[key][check_lang(lang)].format(**values)


def report_text_keys() -> list[str]:
    """Every key of ``teks_laporan.csv`` (a test checks each has both languages)."""
    return list(_texts())


@dataclass(frozen=True)
class Html:
    """A piece of the report as HTML; shown as such in a notebook, as its plain words in a console."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        words = " ".join(re.sub(r"<[^>]+>", " ", self.html).split())
        return html.unescape(words[:300])

    def __add__(self, other: Html) -> Html:
        return Html(self.html + other.html)


def _p(words: str, css: str | None = None) -> str:
    return f'<p class="{css}">{html.escape(words)}</p>' if css else f"<p>{html.escape(words)}</p>"


def _h(level: int, words: str) -> str:
    return f"<h{level}>{html.escape(words)}</h{level}>"


def table_html(frame: pd.DataFrame, numeric: Sequence[str] = ()) -> str:
    """A plain HTML table of ``frame`` (values already words); ``numeric`` columns right-aligned."""
    head = "".join(f'<th class="angka">{html.escape(str(c))}</th>' if c in numeric
                   else f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            shown = "–" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            css = ' class="angka"' if column in numeric else ""
            cells.append(f"<td{css}>{html.escape(shown)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="tabel"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# ---------------------------------------------------------------------------------------------
# Months
# ---------------------------------------------------------------------------------------------


def parse_month(value: object) -> pd.Period:
    """``"2020-07"`` → the month; anything not ``YYYY-MM`` with a real month is a readable error."""
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    match = MONTH_FORM.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise InvalidParameterError("bulan_salah", bulan=value)
    return pd.Period(f"{match[1]}-{match[2]}", freq="M")


def month_end(month: pd.Period) -> pd.Timestamp:
    """The last day of ``month`` (the report's "data as of" date)."""
    return (month + 1).to_timestamp() - pd.Timedelta(days=1)


def _local_times(answers: pd.DataFrame) -> pd.Series:
    from jejak_analysis.pipeline import local_time

    return local_time(answers["submitted_at"])


def submission_months(answers: pd.DataFrame) -> list[pd.Period]:
    """The months (local time of West Kalimantan) in which questionnaire answers were submitted, sorted."""
    times = _local_times(answers).dropna()
    return sorted({pd.Period(t, freq="M") for t in times})


def choose_month(answers: pd.DataFrame, month: object = None, folder: object = "") -> pd.Period:
    """The report's month: ``month`` when given (between the first and the latest month with
    submissions), else the latest month with submissions. No submission at all is an error."""
    months = submission_months(answers)
    if not months:
        raise InvalidParameterError("laporan_tanpa_kuesioner", folder=str(folder))
    if month is None:
        return months[-1]
    chosen = parse_month(month)
    if not months[0] <= chosen <= months[-1]:
        raise InvalidParameterError("bulan_tanpa_data", bulan=str(chosen), awal=str(months[0]),
                                    akhir=str(months[-1]))
    return chosen


def respondents_up_to(answers: pd.DataFrame, month: pd.Period) -> pd.DataFrame:
    """The ``responden`` table as it stood at the end of ``month``: each person's latest answer among the
    submissions up to then, and ``first_submitted_at``, the time of their first answer (the pipeline's
    trend counts a person from then). Answers without a time cannot be placed and count in every month."""
    from jejak_analysis.questionnaire import latest_per_person

    times = _local_times(answers)
    inside = answers[(times < (month + 1).to_timestamp()).fillna(True).to_numpy(dtype=bool)]
    latest = latest_per_person(inside)
    first = inside.groupby("respondent_id", sort=True)["submitted_at"].min()
    return latest.assign(first_submitted_at=latest["respondent_id"].map(first))


def this_month(answers: pd.DataFrame, respondents: pd.DataFrame, month: pd.Period) -> dict[str, int]:
    """What happened inside ``month``: ``kiriman`` (submissions, a repeated export counted once) and
    ``baru`` (people whose first answer falls in the month)."""
    times = _local_times(answers)
    fresh = ~answers["is_duplikat_kiriman"].astype(bool)
    inside = (times.dt.to_period("M") == month).fillna(False).astype(bool)
    first = pd.to_datetime(respondents["first_submitted_at"])
    if first.dt.tz is not None:
        first = _local_times(respondents.assign(submitted_at=respondents["first_submitted_at"]))
    new = (first.dt.to_period("M") == month).fillna(False).astype(bool)
    return {"kiriman": int((inside & fresh).sum()), "baru": int(new.sum())}


# ---------------------------------------------------------------------------------------------
# The data of one report
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ReportData:
    """Everything one month's report shows, computed once: the month's pipeline and the previous one."""

    month: pd.Period
    lang: str
    target: object  # jejak_analysis.openings.Target
    current: object  # jejak_analysis.pipeline.Pipeline
    previous: object | None
    tables: dict[str, pd.DataFrame]
    respondents: pd.DataFrame  # as of the end of the month
    accounting: pd.DataFrame
    review: pd.DataFrame
    synthetic: bool
    organisation: str

    @property
    def as_of(self) -> pd.Timestamp:
        return self.current.as_of

    @property
    def months(self) -> tuple[pd.Period, pd.Period | None]:
        return self.month, (self.month - 1 if self.previous is not None else None)


def read_processed(folder: str | Path) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """The tables :func:`jejak_analysis.clean.write_processed` wrote: (tables, row accounting, review)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UnreadableFileError("folder_tidak_ada", folder=str(folder))
    tables = {}
    for path in sorted(folder.glob("*.parquet")):
        tables[path.stem] = pd.read_parquet(path)
    accounting = tables.pop("akuntansi_baris")
    review = tables.pop("perlu_ditinjau")
    return tables, accounting, review


def prepare_report(tables: Mapping[str, pd.DataFrame], accounting: pd.DataFrame, review: pd.DataFrame, *,
                   target, month: object = None, lang: str = "id", synthetic: bool = False,
                   folder: object = "") -> ReportData:
    """The pipelines of the month and of the month before it (None for the first month with data)."""
    from jejak_analysis.pipeline import build_pipeline
    from jejak_analysis.style import check_lang

    check_lang(lang)
    answers = tables["jawaban"]
    chosen = choose_month(answers, month, folder)

    def pipeline_for(period: pd.Period):
        respondents = respondents_up_to(answers, period)
        pipe = build_pipeline(tables["lulusan"], respondents, target, as_of=month_end(period),
                              schools=tables["sekolah"])
        return pipe, respondents

    current, respondents = pipeline_for(chosen)
    previous = None
    if submission_months(answers)[0] <= chosen - 1:
        previous, _ = pipeline_for(chosen - 1)
    return ReportData(month=chosen, lang=lang, target=target, current=current, previous=previous,
                      tables=dict(tables), respondents=respondents, accounting=accounting, review=review,
                      synthetic=synthetic, organisation=organisation())


def load_report_data(raw_dir: str | Path = DEFAULT_RAW_DIR, processed_dir: str | Path | None = None,
                     month: object = None, lang: str = "id", program: str | None = None,
                     sektor: str | None = None, negara: str | None = None, progress=None) -> ReportData:
    """The report's data: the tables of ``processed_dir`` (as ``jejak report`` writes them), or, when
    None, ``raw_dir`` cleaned now; the target from ``raw_dir``'s ``lowongan.csv`` (or the default)."""
    from jejak_analysis.clean import sample_only
    from jejak_analysis.openings import target_for_folder

    target = target_for_folder(raw_dir, program=program, sektor=sektor, negara=negara)
    if processed_dir is None:
        from jejak_analysis.clean import clean

        result = clean(raw_dir, lang=lang, progress=progress)
        tables, accounting, review = result.tables, result.accounting(), result.review
    else:
        tables, accounting, review = read_processed(processed_dir)
    return prepare_report(tables, accounting, review, target=target, month=month, lang=lang,
                          synthetic=sample_only(raw_dir), folder=raw_dir)


# ---------------------------------------------------------------------------------------------
# Frames: the numbers of the tables and charts (pure functions of the pipeline and the tables)
# ---------------------------------------------------------------------------------------------


def candidate_stages() -> list[str]:
    """The stages that make a candidate in the report (ready, or willing to train)."""
    from jejak_analysis.pipeline import DEFAULT_MEASURE, measure_stages

    return measure_stages(DEFAULT_MEASURE)


def counts_by(pipeline, column: str) -> pd.DataFrame:
    """One row per group of ``column`` (school, region, source): populasi, terjangkau, siap_bahasa, kandidat.

    From ``Pipeline.by``; a group with no value (no school given) has ``None`` as its key and comes last.
    ``populasi`` is NA where the lists do not give it (information sources).
    """
    long = pipeline.by(column)
    key = long[column].astype(object).where(long[column].notna(), None)
    groups = list(dict.fromkeys(key))
    counts = {g: {} for g in groups}
    for group, stage, value in zip(key, long["tahap"], long["jumlah"], strict=True):
        counts[group][stage] = value
    rows = []
    for group in groups:
        stages = counts[group]
        rows.append({column: group, "populasi": stages.get("populasi"), "terjangkau": stages.get("terjangkau", 0),
                     "siap_bahasa": stages.get("siap_bahasa", 0),
                     "kandidat": sum(int(stages.get(s, 0)) for s in candidate_stages())})
    frame = pd.DataFrame(rows, columns=[column, "populasi", "terjangkau", "siap_bahasa", "kandidat"])
    frame[column] = frame[column].astype(object)
    frame["populasi"] = pd.array([None if pd.isna(v) else int(v) for v in frame["populasi"]], dtype="Int64")
    frame = frame.astype({"terjangkau": "int64", "siap_bahasa": "int64", "kandidat": "int64"})
    known = frame[frame[column].notna()].sort_values(["kandidat", "terjangkau", column],
                                                    ascending=[False, False, True], kind="stable")
    return pd.concat([known, frame[frame[column].isna()]], ignore_index=True)


def school_names(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    schools = tables["sekolah"]
    return dict(zip(schools["school_id"], schools["nama_sekolah"], strict=True))


def reach_frame(data: ReportData) -> pd.DataFrame:
    """Per listed school: nama_sekolah, populasi, terjangkau, persen (0–100; capped at 100 when the
    lists count fewer people than answered, the words "n of N" still say so)."""
    counts = counts_by(data.current, "school_id")
    counts = counts[counts["school_id"].notna() & counts["populasi"].notna()]
    counts = counts[counts["populasi"].astype("int64") > 0]
    names = school_names(data.tables)
    share = (100 * counts["terjangkau"] / counts["populasi"].astype("float64")).clip(upper=100)
    return pd.DataFrame({"nama_sekolah": counts["school_id"].map(names).to_numpy(dtype=object),
                         "populasi": counts["populasi"].astype("int64").to_numpy(),
                         "terjangkau": counts["terjangkau"].to_numpy(), "persen": share.to_numpy()})


def conversion_frame(data: ReportData) -> pd.DataFrame:
    """Per listed school × stage after the survey's reach: the conversion from the stage's base (0–1).

    Reach itself (``terjangkau``) has its own chart; its "conversion" can exceed 1 where the lists are
    incomplete, so it is not in the heatmap; nor is a school with nobody reached (an empty row).
    ``is_disamarkan``: the stage's count or its base is 1 to 4 people, so the share is not shown in the
    report (25% = 1 of 4; and from the school's reach, shown in the workbook, each share gives the next
    count, so a small count must not be shown as a share either). ``konversi`` itself is kept.
    """
    from jejak_analysis.pipeline import stage_definitions

    long = data.current.by("school_id")
    base_of = dict(zip(stage_definitions()["kode"], stage_definitions()["dasar"], strict=True))
    count = {(s, t): n for s, t, n in zip(long["school_id"], long["tahap"], long["jumlah"], strict=True)}
    base = [count.get((s, base_of.get(t))) for s, t in zip(long["school_id"], long["tahap"], strict=True)]
    long = long.assign(_base=pd.to_numeric(pd.Series(base, index=long.index, dtype=object)))
    names = school_names(data.tables)
    long = long[long["school_id"].isin(list(names)) & ~long["tahap"].isin(["populasi", "terjangkau"])]
    answered = long.groupby("school_id")["konversi"].apply(lambda v: bool(v.notna().any()))
    long = long[long["school_id"].map(answered).fillna(False).astype(bool)]  # a school nobody reached: no row
    order = counts_by(data.current, "school_id")["school_id"].tolist()
    long = long.assign(_order=long["school_id"].map({s: i for i, s in enumerate(order)}))
    long = long.sort_values(["_order"], kind="stable")
    return pd.DataFrame({"nama_sekolah": long["school_id"].map(names).to_numpy(dtype=object),
                         "tahap": long["tahap"].to_numpy(dtype=object),
                         "label_id": long["label_id"].to_numpy(dtype=object),
                         "label_en": long["label_en"].to_numpy(dtype=object),
                         "konversi": long["konversi"].astype("float64").to_numpy(),
                         "is_disamarkan": (_is_small(long["jumlah"]) | _is_small(long["_base"])).to_numpy()})


def _is_small(counts: pd.Series) -> pd.Series:
    """Counts of 1 to ``SMALL_COUNT - 1`` people (missing: not small)."""
    values = pd.to_numeric(counts, errors="coerce")
    return ((values >= 1) & (values < SMALL_COUNT)).fillna(False).astype(bool)


def graduates_frame(data: ReportData) -> pd.DataFrame:
    """Graduates of the population's years per school × major: nama_sekolah, jurusan_kode, jumlah_lulusan."""
    cohorts = data.tables["lulusan"]
    chosen = cohorts[cohorts["jumlah_lulusan"].notna() & cohorts["tahun"].astype(int).isin(data.current.years)]
    summed = chosen.groupby(["school_id", "jurusan_kode"], sort=True)["jumlah_lulusan"].sum().reset_index()
    return pd.DataFrame({"nama_sekolah": summed["school_id"].map(school_names(data.tables)).to_numpy(dtype=object),
                         "jurusan_kode": summed["jurusan_kode"].to_numpy(dtype=object),
                         "jumlah_lulusan": summed["jumlah_lulusan"].astype("int64").to_numpy()})


INTEREST_COLUMNS = {"negara": "negara", "program": "program_kode", "sektor": "sektor_kode"}


def interest_frame(data: ReportData, kind: str) -> pd.DataFrame:
    """Among the reached respondents willing to work abroad: how many chose each country, scheme or sector,
    and ``persen`` of all of them (those who did not answer included: they are a row of their own)."""
    from jejak_analysis.questionnaire import answer_counts

    column = INTEREST_COLUMNS[kind]
    people = data.current.people
    willing = set(people.loc[people["minat_luar_negeri"], "respondent_id"])
    subset = data.respondents[data.respondents["respondent_id"].isin(willing)]
    counts = answer_counts(subset, column, data.lang)
    return pd.DataFrame({column: counts["kode"].to_numpy(dtype=object), "jumlah": counts["jumlah"].to_numpy(),
                         "persen": counts["persen"].to_numpy(dtype=float)})


def sources_frame(data: ReportData) -> pd.DataFrame:
    """Per information source: jumlah_responden (reached respondents naming it), jumlah_kandidat."""
    counts = counts_by(data.current, "sumber_informasi")
    return pd.DataFrame({"sumber_informasi": counts["sumber_informasi"].to_numpy(dtype=object),
                         "jumlah_responden": counts["terjangkau"].to_numpy(),
                         "jumlah_kandidat": counts["kandidat"].to_numpy()})


def change_table(data: ReportData) -> pd.DataFrame:
    """The month against the month before, from the same data: ukuran (code), label_id, label_en,
    bulan_lalu (NA for the first month), bulan_ini, perubahan."""
    from jejak_analysis.pipeline import DEFAULT_MEASURE, stage_definitions

    def measures(pipe, respondents_count: int | None) -> dict[str, int]:
        values = {"responden": respondents_count}
        values.update({stage: pipe.count(stage) for stage in stage_definitions()["kode"]})
        values["kandidat"] = pipe.candidates(DEFAULT_MEASURE)
        values["selisih"] = pipe.target.jumlah - pipe.candidates(DEFAULT_MEASURE)
        return values

    lang_labels = {"responden": (report_text("baris_responden", "id"), report_text("baris_responden", "en"))}
    for row in stage_definitions().itertuples(index=False):
        lang_labels[row.kode] = (row.label_id, row.label_en)
    lang_labels["kandidat"] = (report_text("kolom_kandidat", "id"), report_text("kolom_kandidat", "en"))
    jumlah = data.target.jumlah
    lang_labels["selisih"] = tuple(report_text("baris_selisih", lang, lowongan=_number(jumlah, lang))
                                   for lang in ("id", "en"))
    now = measures(data.current, len(data.respondents))
    before = None
    if data.previous is not None:
        before_count = len(respondents_up_to(data.tables["jawaban"], data.month - 1))
        before = measures(data.previous, before_count)
    rows = []
    for code, (label_id, label_en) in lang_labels.items():
        last = None if before is None else before[code]
        rows.append({"ukuran": code, "label_id": label_id, "label_en": label_en, "bulan_lalu": last,
                     "bulan_ini": now[code], "perubahan": None if last is None else now[code] - last})
    frame = pd.DataFrame(rows)
    for column in ("bulan_lalu", "bulan_ini", "perubahan"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return frame


def month_figures(data: ReportData) -> dict[str, int]:
    """The sentence "during the month": submissions, new respondents, new candidates."""
    counts = this_month(data.tables["jawaban"], data.respondents, data.month)
    trend = data.current.trend()
    row = trend[(trend["jenis"] == "observasi") & (trend["bulan"].dt.to_period("M") == data.month)]
    counts["kandidat_baru"] = int(row["kandidat_baru"].sum())
    return counts


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def _number(value: float, lang: str, decimals: int = 0) -> str:
    from jejak_analysis.style import format_number

    return format_number(value, lang, decimals)


def chart_source(data: ReportData) -> str:
    return report_text("sumber_grafik", data.lang, organisasi=data.organisation)


def _years_words(years: Sequence[int]) -> str:
    if not years:
        return "–"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def report_figures(data: ReportData, names: Sequence[str] | None = None, size: str = "slide") -> dict[str, object]:
    """The report's charts (``names``, default every one of :data:`CHARTS`), drawn from the month's data
    and decorated on figures of ``size`` (``"slide"``, ``"a4"``; see :data:`jejak_analysis.style.SIZES`):
    name → figure."""
    from jejak_analysis import charts
    from jejak_analysis.chart_data import review_summary
    from jejak_analysis.style import decorate, new_figure, text

    lang, pipe, target = data.lang, data.current, data.target.jumlah
    highlight = {"negara": [data.target.negara], "program": [data.target.program_kode],
                 "sektor": [data.target.sektor_kode]}
    draw = {
        "corong": lambda ax: charts.funnel(pipe.stages, target, gap=pipe.gap(), ax=ax, lang=lang),
        "tren": lambda ax: charts.trend(pipe.trend(), target, ax=ax, lang=lang),
        "jangkauan": lambda ax: charts.reach_by_school(reach_frame(data), ax=ax, lang=lang),
        "konversi": lambda ax: charts.conversion_heatmap(conversion_frame(data), hidden="is_disamarkan",
                                                         hidden_label=f"<{SMALL_COUNT}", ax=ax, lang=lang),
        "sumber": lambda ax: charts.information_sources(sources_frame(data), ax=ax, lang=lang),
        "lulusan": lambda ax: charts.graduates_by_school(graduates_frame(data), ax=ax, lang=lang),
        "kualitas": lambda ax: charts.data_quality(data.accounting, ax=ax, lang=lang),
        "tinjauan": lambda ax: charts.review_queue(review_summary(data.review), ax=ax, lang=lang),
    }
    for kind in INTEREST_COLUMNS:
        draw[kind] = (lambda ax, kind=kind: charts.interest(interest_frame(data, kind), kind,
                                                            highlight=highlight[kind], ax=ax, lang=lang))
    values = {"target": _number(target, lang), "tahun": _years_words(pipe.years), "batas": SMALL_COUNT,
              "batas_atas": SMALL_COUNT - 1}
    figures = {}
    for name, key in CHARTS.items():
        if names is not None and name not in names:
            continue
        fig, ax = new_figure(size)
        draw[name](ax)
        decorate(fig, title=text(f"judul_{key}", lang, **values),
                 subtitle=text(SUBTITLES.get(name, f"subjudul_{key}"), lang, **values),
                 source=chart_source(data), as_of=data.as_of, synthetic=data.synthetic, lang=lang)
        figures[name] = fig
    return figures


def figure_html(fig, dpi: int = HTML_DPI) -> Html:
    """A figure as an embedded PNG (no file, no link) with its alt text: the same bytes for the same figure."""
    import matplotlib as mpl

    from jejak_analysis.export import DETERMINISTIC_RC, describe_chart
    from jejak_analysis.style import figure_scale, use_house_style

    buffer = io.BytesIO()
    with use_house_style(figure_scale(fig)), mpl.rc_context(DETERMINISTIC_RC):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = html.escape(describe_chart(fig), quote=True)
    return Html(f'<figure class="grafik"><img alt="{alt}" src="data:image/png;base64,{encoded}"/></figure>')


# ---------------------------------------------------------------------------------------------
# Sections of the report (HTML in the report's language)
# ---------------------------------------------------------------------------------------------


def _month_words(month: pd.Period, lang: str) -> str:
    from jejak_analysis.style import format_month

    return format_month(month.to_timestamp(), lang)


def _date_words(day: pd.Timestamp, lang: str) -> str:
    from jejak_analysis.style import format_date

    return format_date(day, lang)


def title_html(data: ReportData) -> Html:
    """The report's title, its organisation, date and target, and the synthetic-data warning."""
    lang = data.lang
    parts = [_h(1, report_text("judul_laporan", lang, bulan=_month_words(data.month, lang))),
             _p(report_text("subjudul_laporan", lang, organisasi=data.organisation,
                            tanggal=_date_words(data.as_of, lang), target=data.target.describe(lang)), "subjudul")]
    if data.synthetic:
        parts.insert(0, _p(report_text("peringatan_sintetis", lang), "sintetis"))
    return Html("".join(parts))


def summary_html(data: ReportData, figures: Mapping[str, object]) -> Html:
    """The gap to the openings in one sentence, when they would be filled, the month's news, the funnel chart."""
    from jejak_analysis.pipeline import DEFAULT_MEASURE

    lang, pipe = data.lang, data.current
    candidates = pipe.candidates(DEFAULT_MEASURE)
    gap = data.target.jumlah - candidates
    program = labels("program", lang)[data.target.program_kode]
    sentence = report_text("ringkasan_kurang" if gap > 0 else "ringkasan_lebih", lang,
                           tanggal=_date_words(data.as_of, lang), kandidat=_number(candidates, lang),
                           lowongan=_number(data.target.jumlah, lang), program=program,
                           selisih=_number(abs(gap), lang), siap=_number(pipe.count("siap_bahasa"), lang))
    news = month_figures(data)
    during = report_text("ringkasan_bulan_ini", lang, bulan=_month_words(data.month, lang),
                         kiriman=_number(news["kiriman"], lang), baru=_number(news["baru"], lang),
                         kandidat_baru=_number(news["kandidat_baru"], lang))
    body = (_h(2, report_text("bagian_ringkasan", lang)) + _p(sentence, "utama") + _p(pipe.fill_text(lang))
            + _p(during))
    return Html(body) + figure_html(figures["corong"])


def _percent_interval(value: float, low: float, high: float, lang: str) -> str:
    from jejak_analysis.style import format_percent

    if pd.isna(value):
        return "–"
    words = format_percent(100 * value, lang, 1)
    if not (pd.isna(low) or pd.isna(high)):
        words += f" ({format_percent(100 * low, lang, 1)}–{format_percent(100 * high, lang, 1)})"
    return words


def _count_interval(value: float, low: float, high: float, lang: str) -> str:
    if pd.isna(value):
        return "–"
    words = _number(round(value), lang)
    if not (pd.isna(low) or pd.isna(high)) and round(low) != round(high):
        words += f" ({_number(round(low), lang)}–{_number(round(high), lang)})"
    return words


def funnel_html(data: ReportData, figures: Mapping[str, object]) -> Html:
    """The stages with their counts, conversions and projections, the notes on reading them, interest."""
    lang = data.lang
    stages = data.current.stages
    frame = pd.DataFrame({
        report_text("kolom_tahap", lang): stages[f"label_{lang}"],
        report_text("kolom_teramati", lang): [_number(v, lang) for v in stages["jumlah"]],
        report_text("kolom_konversi", lang): [_percent_interval(v, lo, hi, lang) for v, lo, hi in
                                              zip(stages["konversi"], stages["konversi_bawah"],
                                                  stages["konversi_atas"], strict=True)],
        report_text("kolom_proyeksi", lang): [_count_interval(v, lo, hi, lang) for v, lo, hi in
                                              zip(stages["proyeksi"], stages["proyeksi_bawah"],
                                                  stages["proyeksi_atas"], strict=True)],
    })
    numeric = list(frame.columns[1:])
    notes = "".join(_p(line, "catatan") for line in data.current.notes(lang))
    body = (_h(2, report_text("bagian_corong", lang)) + _p(report_text("corong_pengantar", lang))
            + table_html(frame, numeric) + notes + _p(report_text("minat_pengantar", lang)))
    return Html(body) + figure_html(figures["negara"])


def trend_html(data: ReportData, figures: Mapping[str, object]) -> Html:
    """Cumulative candidates by month and when the openings would be filled at today's pace."""
    lang = data.lang
    body = _h(2, report_text("bagian_tren", lang)) + _p(data.current.fill_text(lang))
    return Html(body) + figure_html(figures["tren"])


def _shown_count(value: object, lang: str) -> str:
    """A count for a breakdown table, after :func:`jejak_analysis.export.suppress_small_counts`: its
    markers ("<5", "*") as they are, missing as "–", a number in the language's format."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "–"
    return _number(int(value), lang)


def _breakdown(data: ReportData, column: str, key_label: str, names: Callable[[object], str],
               with_population: bool) -> str:
    """A breakdown table hiding what the workbook's sheet hides: "<5" for 1 to 4, "*" where subtraction
    from the province's total would give a "<5" back, and the reach of a hidden count."""
    from jejak_analysis.export import COMPLEMENT_MARKER, suppress_small_counts
    from jejak_analysis.style import format_percent

    lang = data.lang
    counts = counts_by(data.current, column)
    people = ["populasi", "terjangkau", "siap_bahasa", "kandidat"]
    hidden = suppress_small_counts(counts, people, SMALL_COUNT, complementary=True)
    frame = pd.DataFrame({report_text(key_label, lang): [names(v) for v in counts[column]]})
    if with_population:
        frame[report_text("kolom_populasi", lang)] = [_shown_count(v, lang) for v in hidden["populasi"]]
    reached = "kolom_terjangkau" if with_population else "kolom_responden"  # a source has no population
    frame[report_text(reached, lang)] = [_shown_count(v, lang) for v in hidden["terjangkau"]]
    if with_population:
        frame[report_text("kolom_jangkauan", lang)] = [
            "–" if pd.isna(p) or int(p) == 0
            else COMPLEMENT_MARKER if isinstance(hp, str) or isinstance(hr, str)  # the share would give it back
            else format_percent(100 * r / int(p), lang)
            for p, r, hp, hr in zip(counts["populasi"], counts["terjangkau"], hidden["populasi"],
                                    hidden["terjangkau"], strict=True)]
    frame[report_text("kolom_siap", lang)] = [_shown_count(v, lang) for v in hidden["siap_bahasa"]]
    frame[report_text("kolom_kandidat", lang)] = [_shown_count(v, lang) for v in hidden["kandidat"]]
    return table_html(frame, list(frame.columns[1:]))


def group_namer(data: ReportData, column: str) -> Callable[[object], str]:
    """The name of a group of ``column`` (``school_id``, ``kab_kota_kode``, ``sumber_informasi``) in the
    report's language; a missing school or region reads "unknown", a missing source "not answered" and
    no source ticked "no choice": the words the charts use, so table, workbook and chart say the same."""
    from jejak_analysis.style import text as chart_text

    lang = data.lang
    if column == "sumber_informasi":
        sources = labels("sumber_informasi", lang)
        unanswered, no_choice = chart_text("tidak_menjawab", lang), chart_text("tanpa_pilihan", lang)
        return lambda code: unanswered if pd.isna(code) else (no_choice if code == "" else sources.get(code, code))
    names = school_names(data.tables) if column == "school_id" else labels("wilayah", lang)
    unknown = chart_text("tidak_diketahui", lang)
    return lambda code: unknown if pd.isna(code) else names.get(code, code)


def where_to_act_html(data: ReportData, figures: Mapping[str, object]) -> Html:
    """Breakdowns by school, regency/city and information source, with their charts."""
    lang = data.lang
    school_name, region_name, source_name = (group_namer(data, c) for c in
                                             ("school_id", "kab_kota_kode", "sumber_informasi"))
    parts = [
        Html(_h(2, report_text("bagian_tindak", lang)) + _p(report_text("tindak_pengantar", lang))
             + _h(3, report_text("sub_sekolah", lang))),
        figure_html(figures["jangkauan"]),
        Html(_breakdown(data, "school_id", "kolom_sekolah", school_name, True)),
        figure_html(figures["konversi"]),
        Html(_h(3, report_text("sub_wilayah", lang))
             + _breakdown(data, "kab_kota_kode", "kolom_wilayah", region_name, True)
             + _h(3, report_text("sub_sumber", lang)) + _p(report_text("sumber_ganda", lang))),
        figure_html(figures["sumber"]),
        Html(_breakdown(data, "sumber_informasi", "kolom_sumber", source_name, False)),
    ]
    whole = parts[0]
    for part in parts[1:]:
        whole = whole + part
    return whole


def changes_html(data: ReportData) -> Html:
    """The month against the month before it, computed from the same data."""
    lang = data.lang
    heading = _h(2, report_text("bagian_perubahan", lang))
    if data.previous is None:
        return Html(heading + _p(report_text("perubahan_tanpa", lang, bulan=_month_words(data.month, lang))))
    table = change_table(data)

    def signed(value) -> str:
        if pd.isna(value):
            return "–"
        return ("+" if value > 0 else "") + _number(int(value), lang) if value != 0 else "0"

    frame = pd.DataFrame({
        report_text("kolom_ukuran", lang): table[f"label_{lang}"],
        _month_words(data.month - 1, lang): [_number(int(v), lang) for v in table["bulan_lalu"]],
        _month_words(data.month, lang): [_number(int(v), lang) for v in table["bulan_ini"]],
        report_text("kolom_perubahan", lang): [signed(v) for v in table["perubahan"]],
    })
    intro = report_text("perubahan_pengantar", lang, bulan_lalu=_month_words(data.month - 1, lang))
    return Html(heading + _p(intro) + table_html(frame, list(frame.columns[1:])))


def quality_html(data: ReportData, figures: Mapping[str, object]) -> Html:
    """What became of every raw row, the files that failed, and the values waiting for review."""
    from jejak_analysis.chart_data import review_summary

    lang = data.lang
    acc = data.accounting
    total = {c: int(acc[c].sum()) if len(acc) else 0 for c in
             ("baris_masuk", "baris_dipakai", "baris_duplikat", "baris_ditolak", "baris_bukan_data")}
    summary = report_text("kualitas_ringkas", lang, berkas=_number(len(acc), lang),
                          masuk=_number(total["baris_masuk"], lang), dipakai=_number(total["baris_dipakai"], lang),
                          duplikat=_number(total["baris_duplikat"], lang),
                          ditolak=_number(total["baris_ditolak"], lang),
                          bukan_data=_number(total["baris_bukan_data"], lang))
    parts = [_h(2, report_text("bagian_kualitas", lang)), _p(summary)]
    failed = acc[acc["galat"].notna()] if "galat" in acc else acc.iloc[0:0]
    if len(failed):
        parts.append(_p(report_text("kualitas_gagal", lang, daftar=", ".join(failed["source_file"])), "catatan"))
    kinds = {k: report_text(f"jenis_{k}", lang) for k in ("daftar_sekolah", "kuesioner", "gagal")}
    frame = pd.DataFrame({
        report_text("kolom_berkas", lang): acc["source_file"].astype(str),
        report_text("kolom_jenis", lang): [kinds.get(k, k) for k in acc["jenis"]],
        **{report_text(f"kolom_{c.removeprefix('baris_')}", lang): [_number(int(v), lang) for v in acc[c]]
           for c in ("baris_masuk", "baris_dipakai", "baris_duplikat", "baris_ditolak", "baris_bukan_data")},
    })
    parts.append(table_html(frame, list(frame.columns[2:])))
    review = review_summary(data.review)
    waiting = (report_text("kualitas_tinjau", lang, nilai=_number(int(review["jumlah_nilai"].sum()), lang))
               if len(review) else report_text("kualitas_tanpa_tinjau", lang))
    parts.append(_p(waiting))
    return (Html("".join(parts)) + figure_html(figures["kualitas"])) + figure_html(figures["tinjauan"])


def definitions_html(data: ReportData, inputs: int | None = None) -> Html:
    """The stage and candidate definitions (from the library), what a month means, how it was built.
    (The notes on reading the numbers stand under the funnel.)"""
    from jejak_analysis import __version__
    from jejak_analysis.pipeline import stage_definitions

    lang = data.lang
    stages = stage_definitions()
    label = dict(zip(stages["kode"], stages[f"label_{lang}"], strict=True))
    frame = pd.DataFrame({report_text("kolom_tahap", lang): stages[f"label_{lang}"],
                          report_text("kolom_definisi", lang): stages[f"definisi_{lang}"]})
    candidates = pd.DataFrame(read_reference_csv("tahap_kandidat.csv"))
    candidate_frame = pd.DataFrame({
        report_text("kolom_kandidat_definisi", lang): candidates[f"label_{lang}"],
        report_text("kolom_definisi", lang): [report_text("definisi_kandidat", lang,
                                                          tahap=", ".join(label[s] for s in codes.split("|")))
                                              for codes in candidates["tahap"]]})
    month = _month_words(data.month, lang)
    files = len(data.accounting) if inputs is None else inputs
    parts = [_h(2, report_text("bagian_definisi", lang)), table_html(frame), table_html(candidate_frame),
             _p(report_text("catatan_bulan", lang, bulan=month, tahun=", ".join(map(str, data.current.years))))]
    parts.append(_p(report_text("catatan_pembuatan", lang, versi=__version__, n=_number(files, lang)),
                    "catatan"))
    return Html("".join(parts))


# ---------------------------------------------------------------------------------------------
# Tables for the directorate's workbook
# ---------------------------------------------------------------------------------------------


#: Sheets of the workbook that break down the province's counts (their columns add up to the ``tahap``
#: sheet's): a lone "<5" there is protected by complementary suppression ("*").
BREAKDOWN_SHEETS = ("per_sekolah", "per_kab_kota", "per_sumber")


def workbook_tables(data: ReportData) -> tuple[dict[str, pd.DataFrame], dict[str, list[str]]]:
    """The sheets of ``tabel_<month>.xlsx`` and, per sheet, the columns that count people (shown "<5").

    The frames keep their column codes (``kab_kota_kode``, ``bulan_lalu``); :func:`workbook_words` gives
    the sheet names and headers the reader sees. A group without a code (no school given) is named
    "unknown" (or "not answered" for a source)."""
    lang = data.lang
    pipe = data.current
    stages = pipe.stages[["tahap", f"label_{lang}", "jumlah", "konversi", "konversi_bawah", "konversi_atas",
                          "proyeksi", "proyeksi_bawah", "proyeksi_atas"]]
    gap = pipe.gap()[["kode", f"label_{lang}", "lowongan", "kandidat", "selisih", "proyeksi", "proyeksi_bawah",
                      "proyeksi_atas", "selisih_proyeksi"]]
    by = {}
    for sheet, column in (("per_sekolah", "school_id"), ("per_kab_kota", "kab_kota_kode"),
                          ("per_sumber", "sumber_informasi")):
        counts = counts_by(pipe, column)
        counts.insert(1, "nama", pd.Series([group_namer(data, column)(v) for v in counts[column]], dtype=object))
        by[sheet] = counts if column != "sumber_informasi" else counts.drop(columns="populasi")
    change = change_table(data)[["ukuran", f"label_{lang}", "bulan_lalu", "bulan_ini", "perubahan"]]
    tables = {"tahap": stages, "selisih": gap, "tren": pipe.trend(), **by, "perubahan": change,
              "akuntansi_baris": data.accounting}
    people = ["populasi", "terjangkau", "siap_bahasa", "kandidat"]
    counts = {"tahap": [], "selisih": [], "tren": [], "perubahan": [], "akuntansi_baris": [],
              **{sheet: [c for c in people if c in frame.columns] for sheet, frame in by.items()}}
    return tables, counts


# ---------------------------------------------------------------------------------------------
# Building the report
# ---------------------------------------------------------------------------------------------


class ReportBuildError(JejakError):
    """A step of the report build failed; the previous report of the month was left as it was."""


def notebook_parameters(notebook: str | Path = NOTEBOOK) -> dict[str, object]:
    """The names and defaults of the notebook's ``parameters`` cell."""
    import papermill

    notebook = Path(notebook)
    if not notebook.is_file():
        raise UnreadableFileError("file_tidak_ada", path=notebook)
    return {name: spec["default"] for name, spec in papermill.inspect_notebook(str(notebook)).items()}


def check_parameters(parameters: Mapping[str, object], notebook: str | Path = NOTEBOOK) -> None:
    """Stop before anything runs on a parameter the notebook does not have, a month not in
    ``YYYY-MM`` form, or a language the package does not speak."""
    from jejak_analysis.style import check_lang

    known = notebook_parameters(notebook)
    unknown = [name for name in parameters if name not in known]
    if unknown:
        raise InvalidParameterError("parameter_tidak_dikenal", nama=", ".join(unknown), daftar=", ".join(known))
    if parameters.get("month") is not None:
        parse_month(parameters["month"])
    if "lang" in parameters:
        check_lang(parameters["lang"])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(raw_dir: Path) -> list[Path]:
    """Every file the report is built from: the data files ``clean`` reads, and the openings and
    corrections files that apply (see :func:`jejak_analysis.clean.settings_dir`), sorted."""
    from jejak_analysis.clean import NOT_DATA, raw_files, settings_dir

    files = set(raw_files(raw_dir))
    settings = settings_dir(raw_dir)
    files.update(settings / name for name in NOT_DATA if (settings / name).is_file())
    return sorted(files)


def strip_volatile(notebook) -> object:
    """The executed notebook without what changes at every run: execution times, durations, temporary
    paths (papermill's and nbclient's metadata), the random id of the cell papermill injects. Outputs
    and execution counts stay."""
    meta = notebook.metadata.get("papermill", {})
    for key in VOLATILE_METADATA:
        meta.pop(key, None)
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives the cell it adds a random id
        cell.metadata.pop("execution", None)
        for key in VOLATILE_METADATA:
            cell.metadata.get("papermill", {}).pop(key, None)
    return notebook


def notebook_to_html(notebook, lang: str, title: str) -> str:
    """The executed notebook as one HTML page for a reader: outputs only (no code, no prompts, no analyst's
    notes, no warnings), the house template with its styles inline and no script fetched from the web."""
    import copy

    from nbconvert import HTMLExporter

    shown = copy.deepcopy(notebook)
    for cell in shown.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream"
                                                            and o.get("name") == "stderr")]
    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATE_DIR)],
                            template_file=TEMPLATE_FILE)
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_markdown = True
    exporter.exclude_raw = True
    exporter.exclude_anchor_links = True
    exporter.language_code = lang
    body, _ = exporter.from_notebook_node(shown, resources={"metadata": {"name": title}})
    return body


def _write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _versions() -> dict[str, str]:
    import matplotlib
    import nbconvert
    import papermill

    from jejak_analysis import __version__

    return {"jejak_analysis": __version__, "python": platform.python_version(), "pandas": pd.__version__,
            "matplotlib": matplotlib.__version__, "papermill": papermill.__version__,
            "nbconvert": nbconvert.__version__}


def manifest(month: pd.Period, parameters: Mapping[str, object], raw_dir: Path, folder: Path,
             accounting: pd.DataFrame, synthetic: bool, target) -> dict[str, object]:
    """What the report was built from and what it holds: inputs (path, size, SHA-256), outputs
    (SHA-256), parameters, versions, row accounting. No time of the build: the data date is the month's end."""
    inputs = [{"berkas": p.relative_to(raw_dir).as_posix(), "ukuran": p.stat().st_size, "sha256": sha256_of(p)}
              for p in input_files(raw_dir)]
    outputs = [{"berkas": p.relative_to(folder).as_posix(), "ukuran": p.stat().st_size, "sha256": sha256_of(p)}
               for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"]
    rows = []
    for record in accounting.to_dict("records"):
        rows.append({k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else
                         (int(v) if k.startswith("baris_") else str(v))) for k, v in record.items()})
    return {
        "laporan": f"laporan_{month}",
        "bulan": str(month),
        "data_per": month_end(month).date().isoformat(),
        "data_sintetis": synthetic,
        "target": {"program_kode": target.program_kode, "sektor_kode": target.sektor_kode,
                   "negara": target.negara, "jumlah": int(target.jumlah), "bawaan": bool(target.is_default),
                   "sumber": target.sumber},
        "parameter": dict(parameters),
        "versi": _versions(),
        "masukan": inputs,
        "keluaran": outputs,
        "akuntansi_baris": rows,
    }


def _say(progress, key: str, lang: str, **values) -> None:
    if progress:
        progress(report_text(key, lang, **values))


def _describe(error: BaseException, lang: str) -> str:
    if isinstance(error, JejakError):
        return error.describe(lang)
    words = str(error).strip().splitlines()
    return f"{type(error).__name__}: {words[-1] if words else ''}".strip().rstrip(":")


def build_report(month: object = None, raw_dir: str | Path = DEFAULT_RAW_DIR,
                 out_dir: str | Path = DEFAULT_REPORTS_DIR, lang: str = "id", *, program: str | None = None,
                 sektor: str | None = None, negara: str | None = None,
                 parameters: Mapping[str, object] | None = None, notebook: str | Path = NOTEBOOK,
                 progress: Callable[[str], None] | None = None, progress_bar: bool = False) -> Path:
    """Build the report of ``month`` (``YYYY-MM``; None = the latest month with submissions) from ``raw_dir``
    into ``out_dir/<month>/`` and return that folder (see the module doc for what it holds).

    ``parameters``: further values for the notebook's ``parameters`` cell (a name it lacks is an error).
    ``progress`` is told each step in words; ``progress_bar`` shows papermill's bar (on a terminal).
    Errors in the parameters stop the build before anything runs; a failed step leaves the previous report.
    """
    import nbformat

    from jejak_analysis.clean import clean, swap_in, write_processed
    from jejak_analysis.openings import target_for_folder
    from jejak_analysis.review import write_review_workbook
    from jejak_analysis.style import check_lang

    check_lang(lang)
    raw_dir, out_dir, notebook = Path(raw_dir), Path(out_dir), Path(notebook)
    values = {"month": None if month is None else str(month), "lang": lang, "raw_dir": None,
              "processed_dir": DATA_FOLDER, "program": program, "sektor": sektor, "negara": negara,
              **dict(parameters or {})}
    _say(progress, "langkah_periksa", lang)
    check_parameters(values, notebook)
    if not raw_dir.is_dir():
        raise UnreadableFileError("folder_tidak_ada", folder=str(raw_dir))
    target = target_for_folder(raw_dir, program=program, sektor=sektor, negara=negara)

    result = clean(raw_dir, lang=lang,
                   progress=lambda f: _say(progress, "langkah_bersihkan", lang, berkas=f))
    accounting = result.accounting()
    synthetic = result.is_synthetic
    data = prepare_report(result.tables, accounting, result.review, target=target, month=month, lang=lang,
                          synthetic=synthetic, folder=raw_dir)
    chosen = data.month
    final = out_dir / str(chosen)
    if result.failed:  # a report must not quietly leave out a file the office sent
        raise ReportBuildError("laporan_berkas_gagal", bulan=str(chosen), folder=str(final),
                               daftar="; ".join(f"{f.source_file}: {f.galat}" for f in result.failed))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportBuildError("laporan_folder_salah", folder=str(out_dir), galat=error.strerror or str(error)) \
            from error
    staging = Path(tempfile.mkdtemp(prefix=f".{chosen}-baru-", dir=out_dir))
    # The notebook runs inside the build folder; paths it is given are relative, so the executed copy is
    # the same wherever the temporary folder is.
    values["month"] = str(chosen)
    values["raw_dir"] = Path(os.path.relpath(raw_dir.resolve(), staging.resolve())).as_posix()
    stem = f"laporan_{chosen}"
    step = "data"
    try:
        write_processed(result, staging / DATA_FOLDER)
        step = "grafik"
        _say(progress, "langkah_grafik", lang)
        charts_done = start_chart_export(data, staging / "grafik")  # forks its workers before any thread
        # The notebook runs in its own kernel process meanwhile: on two cores or more the build takes
        # about the time of the longest part, not of all of them.
        step = "notebook"
        _say(progress, "langkah_notebook", lang)
        _import_before_threads()
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(_execute, notebook, staging, values, progress_bar)
            try:
                step = "grafik"
                charts = charts_done()

                step = "tabel"
                _say(progress, "langkah_tabel", lang)
                _readable(export_tables(data, staging / f"tabel_{chosen}.xlsx", charts, raw_dir))

                step = "tinjau"
                _say(progress, "langkah_tinjau", lang)
                _readable(write_review_workbook(result.review, staging / "perlu_ditinjau.xlsx", lang=lang,
                                                synthetic=result.is_synthetic))
            except BaseException:
                _stop(running)
                raise
            step = "notebook"
            executed = running.result()
        strip_volatile(executed)
        _write_bytes(staging / f"{stem}.ipynb", (nbformat.writes(executed) + "\n").encode("utf-8"))

        step = "html"
        _say(progress, "langkah_html", lang)
        title = report_text("judul_laporan", lang, bulan=_month_words(chosen, lang))
        _write_bytes(staging / f"{stem}.html", notebook_to_html(executed, lang, title).encode("utf-8"))

        step = "manifest"
        _say(progress, "langkah_manifest", lang)
        shutil.rmtree(staging / DATA_FOLDER)
        recorded = {**values, "raw_dir": raw_dir.as_posix(), "processed_dir": None}
        content = manifest(chosen, recorded, raw_dir, staging, accounting, synthetic, target)
        _write_bytes(staging / "manifest.json",
                     (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a report is meant to be read by others
        swap_in(staging, final)
    except Exception as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReportBuildError("laporan_gagal", bulan=str(chosen), langkah=step, galat=_describe(error, lang),
                               folder=str(final)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _readable(path: Path) -> Path:
    os.chmod(path, 0o644)  # written through mkstemp (0600); a report is meant to be read by others
    return path


@cache
def _quiet_kernel_manager():
    """jupyter_client's kernel manager, with the kernel process's own console chatter (ipykernel's
    transport warning) kept off the user's terminal; what the notebook prints or raises still comes
    back through its outputs and papermill's error."""
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super().start_kernel(**kw)

    return QuietKernelManager


def _execute(notebook: Path, folder: Path, parameters: Mapping[str, object], progress_bar: bool):
    """Run the notebook with papermill in ``folder`` on this interpreter's ipykernel; return the executed node."""
    import papermill

    output = folder / DATA_FOLDER / "dijalankan.ipynb"
    return papermill.execute_notebook(str(notebook), str(output), parameters=dict(parameters),
                                      kernel_name=KERNEL_NAME, cwd=str(folder), progress_bar=progress_bar,
                                      log_output=False, request_save_on_cell_execute=False,
                                      kernel_manager_class=_quiet_kernel_manager())


def _import_before_threads() -> None:
    """Import here what the notebook run imports lazily: matplotlib looks at a half-imported IPython
    module when another thread is still importing it."""
    import IPython  # noqa: F401
    import nbclient  # noqa: F401
    import papermill.engines  # noqa: F401
    import papermill.execute  # noqa: F401


def _stop(running) -> None:
    """Wait for a notebook run that is no longer wanted (its kernel is shut down when it ends)."""
    try:
        running.result()
    except Exception:  # noqa: BLE001  the step that failed first is the one reported
        pass


#: Processes that export the charts (besides the notebook's kernel): each draws and saves some charts.
CHART_WORKERS = 2
_FORKED: tuple | None = None  # (data, folder) handed to forked chart workers without pickling


#: Sizes of each chart in grafik/ besides the slide (PNG only): ``<name>_a4.png`` for printed pages.
EXTRA_PNG_SIZES = ("a4",)


def _export_one(name: str) -> tuple[str, Path]:
    from jejak_analysis.export import chart_numbers, save_chart
    from jejak_analysis.style import chart_meta

    data, folder = _FORKED
    fig = report_figures(data, [name])[name]
    numbers = chart_csv_frame(data, name, chart_numbers(fig))
    slide = save_chart(fig, folder / name, data=numbers)["png"]
    for size in EXTRA_PNG_SIZES:  # the same chart drawn again for the page: text sizes follow the figure
        page = report_figures(data, [name], size=size)[name]
        save_chart(page, folder / f"{name}_{size}", formats=("png",), data=numbers, with_numbers=False)
    return chart_meta(fig).title, slide


def _export_pack() -> Path:
    from jejak_analysis.export import save_chart_pack

    data, folder = _FORKED
    title = report_text("judul_laporan", data.lang, bulan=_month_words(data.month, data.lang))
    return save_chart_pack(report_figures(data).values(), folder / "paket_grafik.pdf", title=title)


def start_chart_export(data: ReportData, folder: Path, workers: int = CHART_WORKERS) -> Callable[[], dict]:
    """Start exporting every chart of the report into ``folder`` (PNG, SVG, PDF, CSV, alt text, and the
    chart pack) and return a function that waits for it and gives chart title → PNG path.

    Where the system can fork (Linux, macOS), ``workers`` processes forked now, before any thread is
    started, draw and save the charts side by side; elsewhere the charts are exported when the result is
    asked for. Each chart is drawn and saved by one process, so the files are the same either way.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    folder.mkdir(parents=True, exist_ok=True)
    _FORKED = (data, folder)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: _collect([partial(_export_one, name) for name in CHARTS], _export_pack)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    pack = pool.submit(_export_pack)  # the longest job first
    charts = [pool.submit(_export_one, name) for name in CHARTS]

    def wait() -> dict:
        global _FORKED
        try:
            return _collect([future.result for future in charts], pack.result)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            _FORKED = None

    return wait


def _collect(charts: Sequence[Callable[[], tuple[str, Path]]], pack: Callable[[], Path]) -> dict:
    pngs = dict(chart() for chart in charts)
    pack()
    return pngs


def export_charts(data: ReportData, folder: Path, workers: int = CHART_WORKERS) -> dict[str, Path]:
    """Every chart of the report into ``folder`` and the chart pack; chart title → PNG path."""
    return start_chart_export(data, folder, workers)()


def workbook_words(data: ReportData, tables: Mapping[str, pd.DataFrame]) -> tuple[dict[str, str],
                                                                                  dict[str, dict[str, str]]]:
    """Sheet names and column headers of the workbook in the report's language, from ``teks_laporan.csv``:
    ``lembar_<table>``, and ``tajuk_<table>.<column>`` or else ``tajuk_<column>`` (``label_id``/``label_en``
    and ``definisi_…`` are looked up as ``label`` and ``definisi``). A column without words is an error."""
    lang = data.lang
    values = {"bulan_ini": _month_words(data.month, lang), "bulan_lalu": _month_words(data.month - 1, lang)}

    def header(table: str, column: str) -> str:
        code = re.sub(r"^(label|definisi)_(id|en)$", r"\1", str(column))
        for key in (f"tajuk_{table}.{code}", f"tajuk_{code}"):
            if key in _texts():
                return report_text(key, lang, **values)
        raise KeyError(f"teks_laporan.csv has no header for column {column!r} of table {table!r}")

    names = {key: report_text(f"lembar_{key}", lang) for key in tables}
    headers = {key: {c: header(key, c) for c in frame.columns} for key, frame in tables.items()}
    return names, headers


#: Chart CSVs whose people counts break down a workbook sheet: chart → (its key column, the sheet, the
#: sheet's key column, chart column → sheet column). They hide exactly what the sheet hides.
CSV_FROM_SHEET = {
    "jangkauan": ("nama_sekolah", "per_sekolah", "nama", {"populasi": "populasi", "terjangkau": "terjangkau"}),
    "sumber": ("sumber_informasi", "per_sumber", "sumber_informasi",
               {"jumlah_responden": "terjangkau", "jumlah_kandidat": "kandidat"}),
}
#: Other chart CSVs: the people-count columns shown "<5" from 1 to 4 (no total of theirs is published).
CSV_COUNTS = {"negara": ["jumlah"], "program": ["jumlah"], "sektor": ["jumlah"], "lulusan": ["jumlah_lulusan"]}
#: Shares that would give a hidden count back (``persen`` × population = reached): hidden with it.
CSV_SHARES = {"jangkauan": "persen", "negara": "persen", "program": "persen", "sektor": "persen"}


def _group_key(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def chart_csv_frame(data: ReportData, name: str, numbers: pd.DataFrame) -> pd.DataFrame:
    """The numbers of chart ``name`` as its CSV in ``grafik/`` shows them to the directorate.

    - people counts per school or source (``jangkauan``, ``sumber``) read ``"<5"`` and ``"*"`` exactly
      where the workbook's per-school and per-source sheets do (complementary suppression), so that the
      CSV and the workbook together give nothing away that one alone does not;
    - the counts of the interest and graduates charts read ``"<5"`` from 1 to 4;
    - a share beside a hidden count (``persen``) is left empty, as it would give the count back;
    - the other charts (funnel, trend, data quality, review) show province totals or rows of files, as
      the workbook does. The heatmap records its hidden shares itself (``conversion_frame``).

    ``numbers`` (what the chart drew, :func:`jejak_analysis.export.chart_numbers`) is not changed.
    """
    from jejak_analysis.export import suppress_small_counts

    shown = numbers.copy()
    if name in CSV_FROM_SHEET:
        key, sheet, sheet_key, columns = CSV_FROM_SHEET[name]
        tables, counts = workbook_tables(data)
        hidden_sheet = suppress_small_counts(tables[sheet], counts[sheet], SMALL_COUNT, complementary=True)
        for column, sheet_column in columns.items():
            marks: dict[object, str] = {}
            for group, cell in zip(hidden_sheet[sheet_key], hidden_sheet[sheet_column], strict=True):
                if isinstance(cell, str):
                    marks.setdefault(_group_key(group), cell)
            own = suppress_small_counts(numbers, [column], SMALL_COUNT)[column]  # "<5" whatever the sheet says
            shown[column] = pd.Series([cell if isinstance(cell, str) else marks.get(_group_key(group), cell)
                                       for group, cell in zip(numbers[key], own, strict=True)],
                                      index=numbers.index, dtype=object)
    elif name in CSV_COUNTS:
        shown = suppress_small_counts(numbers, CSV_COUNTS[name], SMALL_COUNT)
    if name in CSV_SHARES:
        counted = CSV_COUNTS.get(name) or list(CSV_FROM_SHEET[name][3])
        hidden = shown[counted].map(lambda v: isinstance(v, str)).any(axis=1)
        shown[CSV_SHARES[name]] = shown[CSV_SHARES[name]].where(~hidden)
    return shown


def export_tables(data: ReportData, path: Path, charts: Mapping[str, Path], raw_dir: Path) -> Path:
    """The directorate's workbook: the report's tables, the charts, the stage definitions; sheet names and
    headers in the report's language, the breakdown sheets with complementary suppression."""
    from jejak_analysis.export import export_workbook
    from jejak_analysis.pipeline import stage_definitions

    tables, counts = workbook_tables(data)
    lang = data.lang
    sheet_names, headers = workbook_words(data, tables)
    # the codes of a few value columns in words too (the frames keep the codes)
    kinds = {k: report_text(f"jenis_{k}", lang) for k in ("daftar_sekolah", "kuesioner", "gagal")}
    trend_kinds = {k: report_text(f"nilai_{k}", lang) for k in ("observasi", "proyeksi")}
    tables = {**tables, "tren": tables["tren"].assign(jenis=tables["tren"]["jenis"].map(trend_kinds)),
              "akuntansi_baris": tables["akuntansi_baris"].assign(
                  jenis=tables["akuntansi_baris"]["jenis"].map(lambda k: kinds.get(k, k)))}
    definitions = stage_definitions()[["kode", f"label_{lang}", f"definisi_{lang}"]].set_axis(
        [report_text(k, lang) for k in ("tajuk_tahap", "tajuk_tahap.label", "tajuk_definisi")], axis=1)
    sources = [chart_source(data)] + [p.relative_to(raw_dir).as_posix() for p in input_files(raw_dir)]
    return export_workbook(path, tables, charts, definitions, as_of=data.as_of, lang=lang, sources=sources,
                           synthetic=data.synthetic, small_count_threshold=SMALL_COUNT, count_columns=counts,
                           complementary=BREAKDOWN_SHEETS, sheet_names=sheet_names, headers=headers)


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    def show(words: str) -> None:
        print(f"  … {words}", file=sys.stderr, flush=True)

    folder = build_report(args.month, args.raw, args.out, args.lang, program=args.program, sektor=args.sektor,
                          negara=args.negara, progress=show, progress_bar=sys.stderr.isatty())
    print(report_text("laporan_ditulis", args.lang, bulan=folder.name, folder=str(folder)))
    return 0


def add_report_command(subparsers) -> None:
    """Add ``jejak report [--month YYYY-MM] [--raw data/raw] [--out reports] [--lang id|en]``."""
    p = subparsers.add_parser("report", help="bangun laporan bulanan → reports/<YYYY-MM>/ (HTML, grafik, Excel)")
    p.add_argument("--month", default=None, metavar="YYYY-MM",
                   help="bulan laporan (default: bulan terakhir yang berisi kiriman kuesioner)")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW_DIR, help="folder berkas mentah (default: data/raw)")
    p.add_argument("--out", type=Path, default=DEFAULT_REPORTS_DIR, help="folder laporan (default: reports)")
    p.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                   help="bahasa laporan dan pesan / language of the report and messages")
    p.add_argument("--program", default=None, help="kode program target (bila lowongan.csv memuat beberapa)")
    p.add_argument("--sektor", default=None, help="kode sektor target")
    p.add_argument("--negara", default=None, help="kode negara target")
    p.set_defaults(func=cmd_report)
