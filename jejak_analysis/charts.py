"""The charts the directorate receives: each draws one tidy frame onto an ``ax`` and returns the ``ax``.

Every function here only draws (seaborn's way): the numbers arrive already computed, by the
pipeline (:mod:`jejak_analysis.pipeline`), the cleaning account or :mod:`jejak_analysis.chart_data`.
Each function also records on the ``ax`` the numbers it drew and a sentence that says them in
words; :func:`jejak_analysis.export.save_chart` writes those as ``<stem>.csv`` and into the
alt text, so the numbers a reader quotes are exactly the numbers on the chart.

Texts: code labels from the codebook, stage labels from the frame (``label_id``/``label_en``)
or ``reference/tahap.csv``, everything else from ``reference/label_grafik.csv``; numbers and
months in the language's format. ``lang="id"`` by default.

=========================  ===================================================================
function                   frame (one row per …)
=========================  ===================================================================
:func:`funnel`             stage: tahap, label_id, label_en, jumlah, proyeksi, proyeksi_bawah,
                           proyeksi_atas; plus ``target``
:func:`trend`              month: bulan, kandidat_baru, kandidat_kumulatif, jenis
                           (observasi/proyeksi); plus ``target``
:func:`graduates_by_school` school × major: nama_sekolah, jurusan_kode, jumlah_lulusan
:func:`reach_by_school`    school: nama_sekolah, populasi, terjangkau, persen (0–100)
:func:`interest`           code: negara | program_kode | sektor_kode, jumlah, persen (0–100)
:func:`conversion_heatmap` school × stage: nama_sekolah, tahap, konversi (0–1)
:func:`information_sources` source: sumber_informasi, jumlah_responden, jumlah_kandidat
:func:`data_quality`       raw file: source_file, baris_dipakai, baris_duplikat, baris_ditolak
                           (``CleanResult.accounting()``)
:func:`review_queue`       kind: jenis, jumlah_nilai, jumlah_baris (:func:`chart_data.review_summary`)
=========================  ===================================================================
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

from jejak_analysis.chart_data import funnel_gap, stage_labels
from jejak_analysis.codebook import labels as code_labels
from jejak_analysis.codebook import read_reference_csv
from jejak_analysis.errors import InvalidDataError
from jejak_analysis.style import (
    COLORS,
    PALETTE,
    check_lang,
    count_words,
    figure_scale,
    format_month,
    format_number,
    format_percent,
    new_figure,
    text,
    text_n,
    use_house_style,
)

DATA_ATTR = "_jejak_data"
SUMMARY_ATTR = "_jejak_summary"
VALUE_PT = 12  # value labels beside bars on a slide ("small"); scaled down on narrower figures
OBSERVED_COLUMN_PT = 72  # funnel: right edge of the observed-count column, points right of the axes
PROJECTED_COLUMN_PT = 88  # funnel: left edge of the projection column
# Legends below the axes sit this many font heights under the axes' bottom edge: past the tick
# labels and the axis label, whatever the axes' height.
LEGEND_BELOW_EM = 3.6
WRAP_CHARS = 34  # long category labels (school names) wrap onto a second line

#: Column of the code for each codebook kind :func:`interest` can draw.
CODE_COLUMNS = {"negara": "negara", "program": "program_kode", "sektor": "sektor_kode",
                "sumber_informasi": "sumber_informasi", "jurusan": "jurusan_kode"}

#: A fixed colour per major, so a major has the same colour on every chart and every month.
MAJOR_COLORS = {
    "KEPERAWATAN": PALETTE["blue"],
    "CAREGIVER": PALETTE["orange"],
    "FARMASI": PALETTE["green"],
    "TLM": PALETTE["purple"],
    "DENTAL": PALETTE["sky"],
    "KEBIDANAN": PALETTE["vermillion"],
    "LAINNYA": "#999999",
}


# ---------------------------------------------------------------------------------------------
# Shared helpers (drawing only)
# ---------------------------------------------------------------------------------------------


def plotted_data(ax) -> pd.DataFrame | None:
    """The frame of numbers a chart function drew on ``ax`` (``None`` if none recorded)."""
    return getattr(ax, DATA_ATTR, None)


def chart_summary(ax) -> str | None:
    """The sentence saying, in words, what a chart function drew on ``ax``."""
    return getattr(ax, SUMMARY_ATTR, None)


def _record(ax, data: pd.DataFrame, summary: str) -> None:
    setattr(ax, DATA_ATTR, data.reset_index(drop=True))
    setattr(ax, SUMMARY_ATTR, summary)


def _axes(ax, size: str = "slide"):
    if ax is None:
        _, ax = new_figure(size)
    return ax


def _require(frame: pd.DataFrame, columns: Iterable[str], chart: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidDataError("grafik_kolom_kurang", grafik=chart, kolom=", ".join(missing),
                               ada=", ".join(map(str, frame.columns)))


def _floats(series: pd.Series) -> np.ndarray:
    """Numbers as floats, missing as NaN (works for Int64, float and object columns)."""
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _count(value: float, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value, lang, 0 if float(value).is_integer() else 1)


def _people(value: float, lang: str) -> str:
    """A count of people in words, rounded to a whole person (projections are estimates)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(round(float(value)), lang)


def _count_axis(axis, lang: str) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=3))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x, lang)))


def _wrap_label(label: str, width: int = WRAP_CHARS) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _code_label(code: object, kind: str, lang: str) -> str:
    """The codebook label of a code; "" is "no choice", missing is "not answered", unknown stays as is."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return text("tidak_menjawab", lang)
    if code == "":
        return text("tanpa_pilihan", lang)
    return code_labels(kind, lang).get(code, str(code))


def _room_for_labels(ax, ends: Sequence[float], label_texts: Sequence[str], minimum: float = 0.0) -> None:
    """Widen the value axis so that labels written after the bars' ends stay inside the axes.

    The label width is estimated from its characters at :data:`VALUE_PT` against the axes'
    width on the figure (the layout shrinks it a little, hence the 0.8).
    """
    fig = ax.figure
    axes_in = fig.get_size_inches()[0] * ax.get_position().width * 0.8
    value_pt = _value_pt(ax)
    right = max([minimum, *[e for e in ends if not math.isnan(e)]], default=1.0) or 1.0
    for end, label in zip(ends, label_texts, strict=True):
        if math.isnan(end):
            continue
        longest = max((len(line) for line in label.splitlines()), default=0)
        share = min(0.7, (longest * value_pt * 0.62 / 72 + 0.15) / axes_in)
        right = max(right, end / (1 - share))
    ax.set_xlim(0, right * 1.02)


def _no_data(ax, lang: str) -> None:
    ax.text(0.5, 0.5, text("tidak_ada_data", lang), transform=ax.transAxes, ha="center", va="center",
            fontsize="large", color=COLORS["muted"])
    ax.set_xticks([])
    ax.set_yticks([])


def _category(value: object, lang: str) -> str:
    """A category's label as text; a missing one (no school given) reads "unknown"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return text("tidak_diketahui", lang)
    return str(value)


def _category_ticks(ax, labels_: Sequence[object], lang: str, wrap: int = WRAP_CHARS) -> tuple[list[str], float]:
    """Category labels and their font size, fitted to the height one row gets on the figure.

    Long names wrap onto two lines when a row is tall enough; with many rows they stay on one
    line and the font shrinks, so that labels never run into each other.
    """
    base = 13 * figure_scale(ax.figure)
    row_pt = ax.figure.get_size_inches()[1] * 0.62 * 72 / max(1, len(labels_))
    names = [_category(lab, lang) for lab in labels_]
    if row_pt >= 2.5 * base:
        return [_wrap_label(n, wrap) for n in names], base
    return names, max(6.0, min(base, row_pt * 0.8))


def _value_pt(ax) -> float:
    """Font size of the numbers written beside bars: "small", or the category labels' size if smaller."""
    return getattr(ax, "_jejak_value_pt", VALUE_PT * figure_scale(ax.figure))


def _barh_categories(ax, labels_: Sequence[object], lang: str) -> np.ndarray:
    """Put categories on the y axis, first at the top; return their positions."""
    y = np.arange(len(labels_), dtype=float)
    names, size = _category_ticks(ax, labels_, lang)
    ax.set_yticks(y, names, fontsize=size)
    ax._jejak_value_pt = min(VALUE_PT * figure_scale(ax.figure), size)
    ax.set_ylim(len(labels_) - 0.5, -0.5)
    ax.grid(axis="x")
    return y


def _legend_below(ax, handles=None, names=None) -> None:
    """A legend centred on the figure under the axes, in as many columns as fit the figure's width."""
    if handles is None:
        handles, names = ax.get_legend_handles_labels()
    fig = ax.figure
    size_pt = VALUE_PT * 1.1 * figure_scale(fig)  # legend.fontsize is 13 on a slide
    entry_in = (max(len(n) for n in names) * 0.6 + 3.5) * size_pt / 72  # text + handle + spacing
    fits = max(1, int(fig.get_size_inches()[0] * 0.92 // entry_in))
    columns = min(len(names), fits)
    if columns < len(names):  # balance the rows: 7 entries in 4 columns read worse than in 2 rows of 4/3
        columns = math.ceil(len(names) / math.ceil(len(names) / columns))
    ax.legend(handles, names, loc="upper center", ncol=columns, borderaxespad=_legend_gap_em(),
              bbox_to_anchor=(0.5, 0), bbox_transform=blended_transform_factory(fig.transFigure, ax.transAxes))


def _legend_gap_em() -> float:
    """How far below the axes the legend starts, in legend font heights: past the tick marks, the
    tick labels and the axis label, from the current (scaled) style. Pads and tick lengths are not
    scaled with the fonts, so on a narrow page (A4 portrait) the fixed :data:`LEGEND_BELOW_EM`
    alone put the legend on the axis label."""
    rc = mpl.rcParams
    fixed_pt = rc["xtick.major.size"] + rc["xtick.major.pad"] + rc["axes.labelpad"] + 4  # 4 pt of air
    text_pt = 1.2 * (float(rc["xtick.labelsize"]) + float(rc["axes.labelsize"]))
    return max(LEGEND_BELOW_EM, (fixed_pt + text_pt) / float(rc["legend.fontsize"]))


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)


# ---------------------------------------------------------------------------------------------
# Funnel and trend: the pipeline against the openings
# ---------------------------------------------------------------------------------------------

FUNNEL_COLUMNS = ["tahap", "label_id", "label_en", "jumlah", "proyeksi", "proyeksi_bawah", "proyeksi_atas"]


def funnel(frame: pd.DataFrame, target: int, *, gap: pd.DataFrame | None = None, ax=None,
           lang: str = "id"):
    """The pipeline stages as horizontal bars against the openings, the gap annotated.

    - ``frame``: one row per stage in pipeline order (``populasi`` at the top) with
      :data:`FUNNEL_COLUMNS`. ``jumlah`` (people observed) is the dark bar; ``proyeksi`` (the
      projection to the whole population) the light bar behind it, its 95% interval
      (``proyeksi_bawah``–``proyeksi_atas``) as a whisker. A stage without projection has NA.
    - ``target``: the openings, drawn as a labelled vertical line.
    - ``gap``: the gap per candidate definition (:func:`jejak_analysis.chart_data.funnel_gap`'s
      frame or ``Pipeline.gap()``: ``kode``, ``label_id``, ``label_en``, ``kandidat``, ``selisih``); computed from
      ``frame``'s observed counts when not given. The gap of language-ready candidates is drawn as
      an arrow on the ``siap_bahasa`` row; every definition is listed in a box.
    """
    check_lang(lang)
    _require(frame, FUNNEL_COLUMNS, "funnel")
    ax = _axes(ax)
    gap = funnel_gap(frame, target) if gap is None else gap
    k = figure_scale(ax.figure)
    with use_house_style(k):
        labels_ = list(frame[f"label_{lang}"])
        y = _barh_categories(ax, labels_, lang)
        observed = _floats(frame["jumlah"])
        projected = _floats(frame["proyeksi"])
        low, high = _floats(frame["proyeksi_bawah"]), _floats(frame["proyeksi_atas"])
        has_projection = ~np.isnan(projected)

        ax.barh(y[has_projection], projected[has_projection], height=0.78, color=COLORS["light"], alpha=0.55,
                label=text("proyeksi_populasi", lang), gid="proyeksi")
        whisker = has_projection & ~np.isnan(low) & ~np.isnan(high)
        if whisker.any():
            ax.errorbar(projected[whisker], y[whisker],
                        xerr=[projected[whisker] - low[whisker], high[whisker] - projected[whisker]],
                        fmt="none", ecolor="#335C7D", elinewidth=1.6, capsize=5, label=text("interval_95", lang),
                        gid="interval")
        ax.barh(y, np.nan_to_num(observed), height=0.46, color=COLORS["main"], label=text("teramati", lang),
                gid="teramati")

        # The numbers stand in two columns right of the axes, like a table: they never collide
        # with the bars, the whiskers or the target line, however long the bars are.
        ends = np.nanmax(np.vstack([np.nan_to_num(observed), np.where(has_projection, projected, np.nan),
                                    np.where(whisker, high, np.nan)]), axis=0)
        column = {"xycoords": ("axes fraction", "data"), "textcoords": "offset points", "va": "center",
                  "fontsize": "small", "color": COLORS["text"], "annotation_clip": False}
        header = {**column, "va": "bottom", "fontweight": "bold"}
        ax.annotate(text("teramati_kolom", lang), xy=(1, -0.5), xytext=(OBSERVED_COLUMN_PT * k, 4), ha="right", **header)
        if has_projection.any():
            ax.annotate(text("proyeksi_kolom", lang), xy=(1, -0.5), xytext=(PROJECTED_COLUMN_PT * k, 4), ha="left",
                        **header)
        for i in range(len(frame)):
            ax.annotate(_people(observed[i], lang), xy=(1, y[i]), xytext=(OBSERVED_COLUMN_PT * k, 0), ha="right",
                        **column)
            words = ""
            if has_projection[i]:
                words = _people(projected[i], lang)
                if whisker[i] and _people(low[i], lang) != _people(high[i], lang):  # no "(2.644–2.644)"
                    words += f" ({_people(low[i], lang)}–{_people(high[i], lang)})"
                ax.annotate(words, xy=(1, y[i]), xytext=(PROJECTED_COLUMN_PT * k, 0), ha="left", **column)

        ax.axvline(target, color=COLORS["target"], linestyle="--", linewidth=2.2, gid="target", zorder=3)
        ax.text(target, -0.5, text("target_garis", lang, jumlah=format_number(target, lang)),
                transform=blended_transform_factory(ax.transData, ax.transData), ha="center", va="bottom",
                fontsize="medium", fontweight="bold", color=COLORS["target"], clip_on=False)
        ax.set_xlim(0, max(float(np.nanmax(ends, initial=0)), float(target)) * 1.06)
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("jumlah_orang", lang))

        gap_lines = []
        for row in gap.itertuples(index=False):
            gap_lines.append(f"{getattr(row, f'label_{lang}')} {format_number(row.kandidat, lang)}, "
                             + _gap_words(row.selisih, lang))
        codes = list(frame["tahap"])
        ready = gap[gap["kode"] == "siap_bahasa"]
        if "siap_bahasa" in codes and len(ready):
            row_y = y[codes.index("siap_bahasa")]
            start = float(ready["kandidat"].iloc[0])
            ax.annotate("", xy=(target, row_y), xytext=(start, row_y),
                        arrowprops={"arrowstyle": "<->", "color": COLORS["target"], "linewidth": 1.6,
                                    "shrinkA": 0, "shrinkB": 0}, gid="gap")
            ax.text((start + target) / 2, row_y - 0.12, _gap_words(int(ready["selisih"].iloc[0]), lang),
                    ha="center", va="bottom", fontsize="small", color=COLORS["target"], fontweight="bold")
        # The gap in words above the axes (clear of the target label and the column headers): it is
        # the chart's message, and there it never covers a bar, whatever the figure's shape.
        # Wrapped to the width right of the stage labels (it may run on above the number columns),
        # so the line never runs past the figure's right edge.
        width_chars = int(ax.figure.get_size_inches()[0] * 0.72 * 72 / (14 * k * 0.6))
        gap_text = "\n".join(textwrap.wrap(text("selisih_judul", lang) + " " + "; ".join(gap_lines) + ".",
                                            width_chars))
        ax.set_title(gap_text, loc="left", pad=30 * k, fontsize="medium", fontweight="normal",
                     color=COLORS["target"])
        handles, names = ax.get_legend_handles_labels()
        order = [names.index(n) for n in (text("teramati", lang), text("proyeksi_populasi", lang),
                                          text("interval_95", lang)) if n in names]
        _legend_below(ax, [handles[i] for i in order], [names[i] for i in order])

    stages = _join(f"{lab} {_count(n, lang)}" for lab, n in zip(labels_, observed, strict=True))
    summary = text("ringkasan_funnel", lang, tahapan=stages, target=format_number(target, lang),
                   selisih=_join(gap_lines))
    data = frame[["tahap", f"label_{lang}", "jumlah", "proyeksi", "proyeksi_bawah", "proyeksi_atas"]]
    _record(ax, data.assign(target=int(target)), summary)
    return ax


def _gap_words(gap: int, lang: str) -> str:
    if gap > 0:
        return text("selisih_kurang", lang, jumlah=format_number(gap, lang))
    return text("selisih_lebih", lang, jumlah=format_number(-gap, lang))


def _month_numbers(values: pd.Series) -> np.ndarray:
    """Month starts as matplotlib date numbers (wall-clock time for time-zone-aware values)."""
    if isinstance(values.dtype, pd.PeriodDtype):
        stamps = values.dt.to_timestamp()
    else:
        stamps = pd.to_datetime(values)
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_localize(None)
    # numpy datetimes, not to_pydatetime(): that warns on pandas 2.2 (a FutureWarning in every notebook)
    return np.asarray(mdates.date2num(stamps.to_numpy(dtype="datetime64[ns]")), dtype=float)


def _month_start(value: object) -> object:
    """A month value as something :func:`format_month` reads (a Period becomes its first day)."""
    return value.to_timestamp() if isinstance(value, pd.Period) else value


def _month_axis(ax, first: float, last: float, lang: str) -> None:
    months = max(1, round((last - first) / 30.44))
    step = next(s for s in (1, 2, 3, 6, 12, 24) if months / s <= 9)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonthday=1, interval=step))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda x, _pos: format_month(mdates.num2date(x).replace(tzinfo=None), lang, short=True)))
    pad = 12 if months > 1 else 20
    ax.set_xlim(first - pad, last + pad)


TREND_COLUMNS = ["bulan", "kandidat_baru", "kandidat_kumulatif", "jenis"]


def trend(frame: pd.DataFrame, target: int, *, ax=None, lang: str = "id"):
    """Cumulative candidates by month against the openings; the pace extrapolated as a dashed line.

    ``frame``: one row per month with :data:`TREND_COLUMNS`; ``jenis`` is ``observasi`` for
    months seen and ``proyeksi`` for months extrapolated at today's pace. The dashed line starts
    from the last observed month so that the two lines join. The first month whose cumulative
    count reaches ``target`` is marked; otherwise the chart says the target is not reached
    within the months given.
    """
    check_lang(lang)
    _require(frame, TREND_COLUMNS, "trend")
    ax = _axes(ax)
    unknown = sorted(set(frame["jenis"].dropna()) - {"observasi", "proyeksi"})
    if unknown:
        raise InvalidDataError("grafik_nilai_salah", grafik="trend", kolom="jenis", nilai=", ".join(unknown),
                               daftar="observasi, proyeksi")
    with use_house_style(figure_scale(ax.figure)):
        if frame.empty:
            _no_data(ax, lang)
            _record(ax, frame.assign(target=int(target)), text("tidak_ada_data", lang))
            return ax
        x = _month_numbers(frame["bulan"])
        total = _floats(frame["kandidat_kumulatif"])
        is_obs = (frame["jenis"] == "observasi").to_numpy()
        is_proj = (frame["jenis"] == "proyeksi").to_numpy()
        ax.grid(axis="y")
        ax.plot(x[is_obs], total[is_obs], marker="o", color=COLORS["main"], label=text("kandidat_teramati", lang),
                gid="observasi")
        pace_words = ""
        if is_proj.any():
            px, py = x[is_proj], total[is_proj]
            if is_obs.any():
                last = np.flatnonzero(is_obs)[-1]
                px, py = np.r_[x[last], px], np.r_[total[last], py]
            pace = _floats(frame.loc[is_proj, "kandidat_baru"])[0]
            pace_words = text_n("laju_per_bulan", pace, lang, jumlah=_count(pace, lang))
            ax.plot(px, py, linestyle=(0, (5, 3)), color=COLORS["main"], alpha=0.9,
                    label=text("proyeksi_laju", lang, laju=pace_words), gid="proyeksi")
        ax.axhline(target, color=COLORS["target"], linestyle="--", linewidth=2.2, gid="target")
        ax.text(0.01, target, text("target_garis", lang, jumlah=format_number(target, lang)),
                transform=blended_transform_factory(ax.transAxes, ax.transData), ha="left", va="bottom",
                fontsize="medium", fontweight="bold", color=COLORS["target"])

        reached = np.flatnonzero(total >= target)
        months = frame["bulan"].reset_index(drop=True)
        if len(reached):
            i = reached[0]
            when = format_month(_month_start(months.iloc[i]), lang)
            reached_words = text("target_tercapai", lang, bulan=when)
            ax.plot([x[i]], [total[i]], marker="D", markersize=10, color=COLORS["target"], linestyle="none",
                    gid="tercapai")
            ax.annotate(reached_words, xy=(x[i], total[i]), xytext=(-10, 14), textcoords="offset points",
                        ha="right", va="bottom", fontsize="medium", color=COLORS["target"], fontweight="bold")
        else:
            reached_words = text("target_belum", lang, bulan=format_month(_month_start(months.iloc[-1]), lang))
            # Where the line is not: under the target line when the line ends low (at the bottom it
            # would sit on the dashed projection), at the bottom when the line ends high.
            ends_low = float(np.nan_to_num(total[-1])) < 0.5 * float(target)
            if ends_low:
                ax.annotate(reached_words, xy=(0.99, target), xycoords=blended_transform_factory(
                    ax.transAxes, ax.transData), xytext=(0, -8), textcoords="offset points", ha="right", va="top",
                    fontsize="medium", color=COLORS["target"], fontweight="bold")
            else:
                ax.text(0.99, 0.04, reached_words, transform=ax.transAxes, ha="right", va="bottom",
                        fontsize="medium", color=COLORS["target"], fontweight="bold")
        _month_axis(ax, float(np.nanmin(x)), float(np.nanmax(x)), lang)
        ax.set_ylim(0, max(float(np.nanmax(total)), float(target)) * 1.12)
        _count_axis(ax.yaxis, lang)
        ax.set_ylabel(text("kandidat_kumulatif", lang))
        _legend_below(ax)

    last_obs = np.flatnonzero(is_obs)
    obs_words = ""
    if len(last_obs):
        last = last_obs[-1]
        obs_words = text_n("trend_terakhir", total[last], lang, jumlah=_count(total[last], lang),
                           bulan=format_month(_month_start(months.iloc[last]), lang))
    summary = text("ringkasan_trend", lang, terakhir=obs_words, laju=pace_words or "–",
                   target=format_number(target, lang), capai=reached_words)
    _record(ax, frame[TREND_COLUMNS].assign(target=int(target)), summary)
    return ax


# ---------------------------------------------------------------------------------------------
# Schools: graduates, reach, conversion
# ---------------------------------------------------------------------------------------------


def graduates_by_school(frame: pd.DataFrame, *, school: str = "nama_sekolah", major: str = "jurusan_kode",
                        value: str = "jumlah_lulusan", sort: bool = True, ax=None, lang: str = "id"):
    """Graduates per school, stacked by major (one colour per major, the same on every chart).

    ``frame``: one row per school × major (a repeated pair is an error). ``sort`` puts the
    school with the most graduates at the top; otherwise the frame's order is kept. The total
    written after each bar is the length of the stack.
    """
    check_lang(lang)
    _require(frame, [school, major, value], "graduates_by_school")
    ax = _axes(ax)
    with use_house_style(figure_scale(ax.figure)):
        if frame.empty:
            _no_data(ax, lang)
            _record(ax, frame[[school, major, value]], text("tidak_ada_data", lang))
            return ax
        if frame.duplicated([school, major]).any():
            raise InvalidDataError("grafik_baris_ganda", grafik="graduates_by_school", kunci=f"{school}, {major}")
        wide = (frame.assign(**{value: _floats(frame[value])})
                .pivot(index=school, columns=major, values=value)
                .reindex(index=pd.unique(frame[school])))
        order = [c for c in MAJOR_COLORS if c in wide.columns] + sorted(c for c in wide.columns
                                                                        if c not in MAJOR_COLORS)
        wide = wide[order]
        totals = wide.sum(axis=1, min_count=1)
        if sort:
            wide = wide.loc[totals.sort_values(ascending=False, kind="stable").index]
            totals = totals.loc[wide.index]
        y = _barh_categories(ax, list(wide.index), lang)
        left = np.zeros(len(wide))
        for code in wide.columns:
            widths = np.nan_to_num(wide[code].to_numpy(dtype=float))
            ax.barh(y, widths, left=left, height=0.7, color=MAJOR_COLORS.get(code, "#999999"),
                    label=_code_label(code, "jurusan", lang), gid=f"jurusan:{code}", edgecolor="white",
                    linewidth=0.6)
            left = left + widths
        total_texts = [_count(t, lang) for t in totals]
        for yi, end, label in zip(y, left, total_texts, strict=True):
            ax.text(end, yi, "  " + label, va="center", ha="left", fontsize=_value_pt(ax), color=COLORS["text"])
        _room_for_labels(ax, list(left), ["  " + t for t in total_texts])
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("jumlah_lulusan", lang))
        _legend_below(ax)

    top = _join(f"{name} {total}" for name, total in zip(wide.index[:5], total_texts[:5], strict=False))
    summary = text("ringkasan_lulusan", lang, sekolah=count_words("sekolah", len(wide), lang),
                   jumlah=_count(float(np.nansum(left)), lang), teratas=top)
    _record(ax, frame[[school, major, value]], summary)
    return ax


def reach_by_school(frame: pd.DataFrame, *, school: str = "nama_sekolah", sort: bool = True, ax=None,
                    lang: str = "id"):
    """Survey reach per school: the share of its population that answered, with "n of N" written out.

    ``frame``: one row per school with ``populasi``, ``terjangkau`` and ``persen`` (0–100).
    ``sort`` puts the highest reach at the top.
    """
    check_lang(lang)
    _require(frame, [school, "populasi", "terjangkau", "persen"], "reach_by_school")
    ax = _axes(ax)
    data = frame[[school, "populasi", "terjangkau", "persen"]]
    percent = _floats(data["persen"])
    if np.nanmin(percent, initial=0) < 0 or np.nanmax(percent, initial=0) > 100:
        raise InvalidDataError("grafik_persen_salah", grafik="reach_by_school", kolom="persen")
    with use_house_style(figure_scale(ax.figure)):
        if data.empty:
            _no_data(ax, lang)
            _record(ax, data, text("tidak_ada_data", lang))
            return ax
        if sort:
            data = data.iloc[np.argsort(-np.nan_to_num(percent, nan=-1), kind="stable")]
            percent = _floats(data["persen"])
        y = _barh_categories(ax, list(data[school]), lang)
        ax.barh(y, np.nan_to_num(percent), height=0.7, color=COLORS["main"], gid="persen")
        labels_ = [text("persen_dari", lang, persen=format_percent(p, lang) if not math.isnan(p) else "–",
                        n=_count(n, lang), total=_count(t, lang))
                   for p, n, t in zip(percent, _floats(data["terjangkau"]), _floats(data["populasi"]), strict=True)]
        for yi, end, label in zip(y, np.nan_to_num(percent), labels_, strict=True):
            ax.text(end, yi, "  " + label, va="center", ha="left", fontsize=_value_pt(ax), color=COLORS["text"])
        _room_for_labels(ax, list(np.nan_to_num(percent)), ["  " + lab for lab in labels_], minimum=100)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_percent(x, lang) if x <= 100 else ""))
        ax.set_xlabel(text("persen_terjangkau", lang))

    summary = text("ringkasan_jangkauan", lang, sekolah=count_words("sekolah", len(data), lang),
                   rincian=_join(f"{s} {lab}" for s, lab in zip(data[school], labels_, strict=True)))
    _record(ax, data, summary)
    return ax


def conversion_heatmap(frame: pd.DataFrame, *, school: str = "nama_sekolah", stage: str = "tahap",
                       value: str = "konversi", hidden: str | None = None, hidden_label: str = "<5", ax=None,
                       lang: str = "id"):
    """School × stage conversion (share of the previous stage, 0–1) as a seaborn heatmap.

    ``frame``: one row per school × stage (a repeated pair is an error). Stages are columns in
    the frame's order; their labels come from the frame's ``label_<lang>`` column when it has
    one, else from ``reference/tahap.csv``. A missing value stays blank (no one at the previous
    stage), never 0; a stage with no value at all (``populasi``, which has no previous stage) gets
    no column. ``Pipeline.by("school_id")`` with the school names joined on is such a frame.

    ``hidden``: a boolean column marking cells not to show (a share of 1 to 4 people would single
    someone out): they are drawn uncoloured with ``hidden_label`` written in, and recorded (CSV,
    alt text) as ``hidden_label`` instead of the share.
    """
    check_lang(lang)
    _require(frame, [school, stage, value], "conversion_heatmap")
    ax = _axes(ax)
    values = _floats(frame[value])
    if np.nanmin(values, initial=0) < 0 or np.nanmax(values, initial=0) > 1:
        raise InvalidDataError("grafik_persen_salah", grafik="conversion_heatmap", kolom=value)
    with use_house_style(figure_scale(ax.figure)):
        if frame.empty:
            _no_data(ax, lang)
            _record(ax, frame[[school, stage, value]], text("tidak_ada_data", lang))
            return ax
        if frame.duplicated([school, stage]).any():
            raise InvalidDataError("grafik_baris_ganda", grafik="conversion_heatmap", kunci=f"{school}, {stage}")
        if f"label_{lang}" in frame.columns:
            names = dict(zip(frame[stage], frame[f"label_{lang}"], strict=False))
        else:
            names = stage_labels(lang)
        masked = (frame[hidden].eq(True).to_numpy(dtype=bool) if hidden is not None
                  else np.zeros(len(frame), dtype=bool))
        rows = frame.assign(**{value: np.where(masked, np.nan, values), "_masked": masked,
                               school: [_category(s, lang) for s in frame[school]]})
        stages = list(pd.unique(rows[stage]))
        schools = list(pd.unique(rows[school]))
        matrix = (rows.pivot(index=school, columns=stage, values=value)
                  .reindex(index=schools, columns=stages))
        hidden_cells = (rows.pivot(index=school, columns=stage, values="_masked")
                        .reindex(index=schools, columns=stages).eq(True))
        shown = matrix.notna() | hidden_cells
        stages = [s for s in stages if shown[s].any()]  # a stage with no base anywhere (populasi): no column
        matrix, hidden_cells = matrix[stages], hidden_cells[stages]
        rows_in = ax.figure.get_size_inches()[1] * 0.7 / max(1, len(schools))
        # Stage names above narrow columns (A4 portrait: half the page is school names) wrap shorter and
        # shrink with the page, else neighbours run into each other.
        stage_pt = 12 * figure_scale(ax.figure)
        stage_wrap = 14 if figure_scale(ax.figure) >= 1 else 9
        annot_pt = min(13.0 * figure_scale(ax.figure), rows_in * 72 * 0.55)
        annotations = np.array([[format_percent(v * 100, lang) if not math.isnan(v) else "" for v in row]
                                for row in matrix.to_numpy(dtype=float)], dtype=object)
        sns.heatmap(matrix.to_numpy(dtype=float), vmin=0, vmax=1, cmap="cividis", ax=ax,
                    annot=annotations if annot_pt >= 7 else False, fmt="", annot_kws={"fontsize": annot_pt},
                    linewidths=1, linecolor="white",
                    cbar_kws={"label": text("konversi_dari_sebelumnya", lang), "shrink": 0.8,
                              "format": FuncFormatter(lambda x, _pos: format_percent(x * 100, lang))},
                    xticklabels=[_wrap_label(names.get(s, s), stage_wrap) for s in stages],
                    yticklabels=_category_ticks(ax, schools, lang, wrap=40)[0])
        for i, j in zip(*np.nonzero(hidden_cells.to_numpy()), strict=True):
            ax.text(j + 0.5, i + 0.5, hidden_label, ha="center", va="center", color=COLORS["muted"],
                    fontsize=annot_pt if annot_pt >= 7 else 7)
        ax.tick_params(axis="x", rotation=0, labelsize=stage_pt, length=0)
        ax.tick_params(axis="y", rotation=0, length=0, labelsize=_category_ticks(ax, schools, lang)[1])
        ax.xaxis.tick_top()
        ax.set_xlabel("")
        ax.set_ylabel("")

    summary = text("ringkasan_konversi", lang, sekolah=count_words("sekolah", len(schools), lang),
                   tahap=count_words("tahap", len(stages), lang),
                   rincian=_join(f"{s}: " + ", ".join(
                       f"{names.get(t, t)} {hidden_label if hidden_cells.loc[s, t] else format_percent(v * 100, lang)}"
                       for t, v in matrix.loc[s].items() if hidden_cells.loc[s, t] or not math.isnan(v))
                       for s in schools))
    drawn = frame[[school, stage, value]]
    if masked.any():
        drawn = drawn.assign(**{value: pd.Series(np.where(masked, hidden_label, drawn[value].astype(object)),
                                                 index=drawn.index, dtype=object)})
    _record(ax, drawn, summary)
    return ax


# ---------------------------------------------------------------------------------------------
# Interest and information sources
# ---------------------------------------------------------------------------------------------


def interest(frame: pd.DataFrame, kind: str = "negara", *, code: str | None = None,
             highlight: Iterable[str] = (), sort: bool = True, ax=None, lang: str = "id"):
    """Respondents choosing each destination country, scheme or sector, the target highlighted.

    ``frame``: one row per code with the code column (``negara``, ``program_kode`` or
    ``sektor_kode`` for ``kind`` ``negara``/``program``/``sektor``), ``jumlah`` (respondents
    who chose it) and ``persen`` (0–100 of the respondents asked, those who did not answer
    included, as :func:`jejak_analysis.questionnaire.answer_counts` gives it; a multi-choice
    question, so the shares add up to more than 100). ``""`` is drawn as "no choice" and a
    missing code as "not answered". ``highlight``: codes drawn in the accent colour
    (``("JP",)``, ``("SSW_JP",)``, ``("CAREWORKER",)``).
    """
    check_lang(lang)
    if kind not in CODE_COLUMNS:
        raise InvalidDataError("grafik_nilai_salah", grafik="interest", kolom="kind", nilai=kind,
                               daftar=", ".join(CODE_COLUMNS))
    code = code or CODE_COLUMNS[kind]
    _require(frame, [code, "jumlah", "persen"], "interest")
    ax = _axes(ax)
    data = frame[[code, "jumlah", "persen"]]
    with use_house_style(figure_scale(ax.figure)):
        if data.empty:
            _no_data(ax, lang)
            _record(ax, data, text("tidak_ada_data", lang))
            return ax
        counts = _floats(data["jumlah"])
        if sort:  # most chosen first; then "no choice", then "not answered", on every chart alike
            no_code = np.array([(0 if c else 1) if isinstance(c, str) else 2 for c in data[code]])
            data = data.iloc[np.lexsort((-np.nan_to_num(counts, nan=-1), no_code))]
            counts = _floats(data["jumlah"])
        percent = _floats(data["persen"])
        names = [_code_label(c, kind, lang) for c in data[code]]
        y = _barh_categories(ax, names, lang)
        marked = set(highlight)
        colors = [COLORS["accent"] if c in marked else COLORS["main"] for c in data[code]]
        ax.barh(y, np.nan_to_num(counts), height=0.7, color=colors, gid="jumlah")
        labels_ = [_count(n, lang) + (f" ({format_percent(p, lang)})" if not math.isnan(p) else "")
                   for n, p in zip(counts, percent, strict=True)]
        for yi, end, label in zip(y, np.nan_to_num(counts), labels_, strict=True):
            ax.text(end, yi, "  " + label, va="center", ha="left", fontsize=_value_pt(ax), color=COLORS["text"])
        _room_for_labels(ax, list(np.nan_to_num(counts)), ["  " + lab for lab in labels_])
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("jumlah_responden_memilih", lang))

    summary = text("ringkasan_minat", lang, jenis=text(f"jenis_{kind}", lang),
                   rincian=_join(f"{n} {lab}" for n, lab in zip(names, labels_, strict=True)))
    _record(ax, data, summary)
    return ax


def information_sources(frame: pd.DataFrame, *, sort: bool = True, ax=None, lang: str = "id"):
    """Which information sources reach respondents and which bring candidates: paired bars per source.

    ``frame``: one row per ``sumber_informasi`` code with ``jumlah_responden`` (respondents
    who named it) and ``jumlah_kandidat`` (of them, candidates). ``sort``: most candidates first.
    """
    check_lang(lang)
    columns = ["sumber_informasi", "jumlah_responden", "jumlah_kandidat"]
    _require(frame, columns, "information_sources")
    ax = _axes(ax)
    data = frame[columns]
    with use_house_style(figure_scale(ax.figure)):
        if data.empty:
            _no_data(ax, lang)
            _record(ax, data, text("tidak_ada_data", lang))
            return ax
        if sort:
            key = np.nan_to_num(_floats(data["jumlah_kandidat"]), nan=-1) * 1e9 + np.nan_to_num(
                _floats(data["jumlah_responden"]), nan=-1)
            data = data.iloc[np.argsort(-key, kind="stable")]
        names = [_code_label(c, "sumber_informasi", lang) for c in data["sumber_informasi"]]
        y = _barh_categories(ax, names, lang)
        respondents, candidates = _floats(data["jumlah_responden"]), _floats(data["jumlah_kandidat"])
        ax.barh(y - 0.19, np.nan_to_num(respondents), height=0.38, color=COLORS["light"],
                label=text("responden", lang), gid="responden")
        ax.barh(y + 0.19, np.nan_to_num(candidates), height=0.38, color=COLORS["main"],
                label=text("kandidat", lang), gid="kandidat")
        ends, labels_ = [], []
        for yi, r, c in zip(y, respondents, candidates, strict=True):
            for offset, value in ((-0.19, r), (0.19, c)):
                ax.text(np.nan_to_num(value), yi + offset, "  " + _count(value, lang), va="center", ha="left",
                        fontsize=_value_pt(ax), color=COLORS["text"])
                ends.append(float(np.nan_to_num(value)))
                labels_.append("  " + _count(value, lang))
        _room_for_labels(ax, ends, labels_)
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("jumlah_orang", lang))
        _legend_below(ax)

    summary = text("ringkasan_sumber", lang, rincian=_join(
        text("sumber_rincian", lang, sumber=n, responden=count_words("responden", r, lang),
             kandidat=count_words("kandidat", c, lang))
        for n, r, c in zip(names, respondents, candidates, strict=True)))
    _record(ax, data, summary)
    return ax


# ---------------------------------------------------------------------------------------------
# Data quality
# ---------------------------------------------------------------------------------------------

QUALITY_PARTS = (("baris_dipakai", "dipakai", PALETTE["blue"]),
                 ("baris_duplikat", "duplikat", PALETTE["orange"]),
                 ("baris_ditolak", "ditolak", PALETTE["vermillion"]))


def data_quality(frame: pd.DataFrame, *, source: str = "source_file", ax=None, lang: str = "id"):
    """What became of the raw rows of each file: used, duplicates, rejected (stacked bars).

    ``frame``: one row per raw file or table with ``baris_dipakai``, ``baris_duplikat`` and
    ``baris_ditolak`` (``CleanResult.accounting()``). A file that could not be read (a ``galat``
    text, when the column is there) is listed with the words "could not be read".
    """
    check_lang(lang)
    parts = [column for column, _, _ in QUALITY_PARTS]
    _require(frame, [source, *parts], "data_quality")
    ax = _axes(ax)
    keep = [source, *parts] + (["galat"] if "galat" in frame.columns else [])
    data = frame[keep]
    with use_house_style(figure_scale(ax.figure)):
        if data.empty:
            _no_data(ax, lang)
            _record(ax, data, text("tidak_ada_data", lang))
            return ax
        y = _barh_categories(ax, [str(s) for s in data[source]], lang)
        left = np.zeros(len(data))
        for column, key, color in QUALITY_PARTS:
            widths = np.nan_to_num(_floats(data[column]))
            ax.barh(y, widths, left=left, height=0.7, color=color, label=text(key, lang), gid=column,
                    edgecolor="white", linewidth=0.6)
            left = left + widths
        failed = data["galat"].notna().to_numpy() if "galat" in data.columns else np.zeros(len(data), bool)
        duplicates, rejected = _floats(data["baris_duplikat"]), _floats(data["baris_ditolak"])
        labels_ = [text("gagal_dibaca", lang) if bad else
                   text("rincian_baris", lang, baris=count_words("baris", total, lang),
                        duplikat=count_words("duplikat", np.nan_to_num(dup), lang),
                        ditolak=count_words("ditolak", np.nan_to_num(rej), lang))
                   for total, dup, rej, bad in zip(left, duplicates, rejected, failed, strict=True)]
        for yi, end, label, bad in zip(y, left, labels_, failed, strict=True):
            ax.text(end, yi, "  " + label, va="center", ha="left", fontsize=_value_pt(ax),
                    color=COLORS["target"] if bad else COLORS["text"], fontweight="bold" if bad else "normal")
        _room_for_labels(ax, list(left), ["  " + lab for lab in labels_])
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("baris_data_mentah", lang))
        _legend_below(ax)

    used, dup, rej = (int(np.nansum(_floats(data[column]))) for column, _, _ in QUALITY_PARTS)
    summary = text("ringkasan_kualitas", lang, berkas=count_words("berkas", len(data), lang),
                   dipakai=count_words("baris", used, lang), duplikat=count_words("duplikat", dup, lang),
                   ditolak=count_words("ditolak", rej, lang), gagal=count_words("berkas", int(failed.sum()), lang))
    _record(ax, data, summary)
    return ax


def _kind_label(kind: object, lang: str) -> str:
    """A codebook kind in words for an axis ("Negara tujuan"): ``label_grafik.csv``, else ``jenis.csv``."""
    try:
        words = text(f"jenis_{kind}", lang)
    except KeyError:
        described = {row["jenis"]: row[f"deskripsi_{lang}"] for row in read_reference_csv("jenis.csv")}
        words = described.get(str(kind), str(kind))
    return words[:1].upper() + words[1:]


def review_queue(frame: pd.DataFrame, *, ax=None, lang: str = "id"):
    """Values still waiting for the analyst's review, per kind of code (region, major, country…).

    ``frame``: one row per ``jenis`` with ``jumlah_nilai`` (distinct raw texts) and
    ``jumlah_baris`` (rows that carry them), as :func:`jejak_analysis.chart_data.review_summary`
    returns. An empty frame draws "nothing waiting for review".
    """
    check_lang(lang)
    _require(frame, ["jenis", "jumlah_nilai", "jumlah_baris"], "review_queue")
    ax = _axes(ax)
    data = frame[["jenis", "jumlah_nilai", "jumlah_baris"]]
    with use_house_style(figure_scale(ax.figure)):
        if data.empty:
            ax.text(0.5, 0.5, text("tidak_ada_tinjauan", lang), transform=ax.transAxes, ha="center",
                    va="center", fontsize="large", color=COLORS["muted"])
            ax.set_xticks([])
            ax.set_yticks([])
            _record(ax, data, text("tidak_ada_tinjauan", lang))
            return ax
        names = [_kind_label(k, lang) for k in data["jenis"]]
        y = _barh_categories(ax, names, lang)
        values, rows = _floats(data["jumlah_nilai"]), _floats(data["jumlah_baris"])
        ax.barh(y, np.nan_to_num(values), height=0.7, color=COLORS["accent"], gid="jumlah_nilai")
        labels_ = [text("nilai_baris", lang, nilai=count_words("nilai", v, lang), baris=count_words("baris", r, lang))
                   for v, r in zip(values, rows, strict=True)]
        for yi, end, label in zip(y, np.nan_to_num(values), labels_, strict=True):
            ax.text(end, yi, "  " + label, va="center", ha="left", fontsize=_value_pt(ax), color=COLORS["text"])
        _room_for_labels(ax, list(np.nan_to_num(values)), ["  " + lab for lab in labels_])
        _count_axis(ax.xaxis, lang)
        ax.set_xlabel(text("nilai_perlu_ditinjau", lang))

    summary = text("ringkasan_tinjauan", lang, rincian=_join(f"{n} {lab}" for n, lab in zip(names, labels_,
                                                                                                strict=True)))
    _record(ax, data, summary)
    return ax
