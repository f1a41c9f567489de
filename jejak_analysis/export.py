"""Charts and tables as the directorate receives them: PNG/SVG/PDF, the numbers as CSV, alt text, Excel.

Three promises hold for everything written here:

- **complete**: :func:`save_chart` refuses a figure without a title, a source note, an as-of
  date (all put there by :func:`jejak_analysis.style.decorate`) or its plotted numbers;
- **identical when rebuilt**: no creation dates, no random ids, fixed zip times, so the same
  data gives the same bytes (git and the monthly e-mail show only real changes);
- **never half-written**: each file is written to a temporary name beside it and moved into
  place in one step (``os.replace``).

Exported tables show counts of 1 to 4 as ``"<5"`` (:func:`suppress_small_counts`) so that a
person cannot be singled out; where a column adds up to a total shown elsewhere, one more cell
reads ``"*"`` when the ``"<5"`` could otherwise be worked out by subtraction
(:func:`complementary_cells`). The analyst's own frames are never changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import matplotlib as mpl
import numpy as np
import pandas as pd

from jejak_analysis.charts import chart_summary, plotted_data
from jejak_analysis.errors import InvalidParameterError, JejakError, UnreadableFileError
from jejak_analysis.style import (
    COLORS,
    chart_meta,
    check_lang,
    format_date,
    text,
    use_house_style,
)

FORMATS = ("png", "svg", "pdf")
MIN_DPI = 200
#: Settings that keep vector files free of random ids and font-dependent bytes.
DETERMINISTIC_RC = {"svg.hashsalt": "jejak-analysis", "svg.fonttype": "path", "pdf.fonttype": 42}
#: Columns treated as counts of people in exported tables (unless ``count_columns`` says otherwise):
#: integer columns named like these, alone or followed by ``_…`` (``jumlah_lulusan``, ``kandidat_baru``).
COUNT_PREFIXES = ("jumlah", "kandidat", "populasi", "terjangkau", "responden")
#: Float columns holding shares 0–1, shown as percentages in Excel.
FRACTION_PREFIXES = ("konversi", "proporsi", "rasio")
#: What a cell hidden by complementary suppression reads (it is not a small count, so not "<5").
COMPLEMENT_MARKER = "*"
CHART_WIDTH_PX = 960  # charts embedded in the workbook are scaled to this width
HEADER_FILL = COLORS["main"].lstrip("#")


class IncompleteChartError(JejakError):
    """A chart is missing its title, source note, as-of date or plotted numbers and cannot be saved."""


# ---------------------------------------------------------------------------------------------
# Writing files atomically
# ---------------------------------------------------------------------------------------------


def write_atomic(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(handle)`` on a temporary file beside ``path``, then move it onto ``path`` in one step.

    A reader never sees a half-written file, and a failure leaves the old file untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; a report is meant to be read by others
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
    return path


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


def _check_complete(fig, name: str) -> None:
    meta = chart_meta(fig)
    missing = []
    if meta is None or not meta.title:
        missing.append("title")
    if meta is None or not meta.source:
        missing.append("source")
    if meta is None or meta.as_of is None:
        missing.append("as_of")
    if missing:
        raise IncompleteChartError("grafik_tidak_lengkap", grafik=name, kurang=", ".join(missing))


def chart_numbers(fig) -> pd.DataFrame | None:
    """The numbers drawn on a figure, as recorded by the chart functions (several axes: a ``panel`` column)."""
    frames = [(i, plotted_data(ax)) for i, ax in enumerate(fig.axes)]
    frames = [(i, f) for i, f in frames if f is not None]
    if not frames:
        return None
    if len(frames) == 1:
        return frames[0][1]
    return pd.concat([f.assign(panel=i + 1) for i, f in frames], ignore_index=True)


def describe_chart(fig) -> str:
    """One paragraph saying what the chart shows, with its key numbers: title, subtitle, numbers, source.

    Built from what :func:`jejak_analysis.style.decorate` stored and what the chart functions
    recorded, in the figure's language.
    """
    meta = chart_meta(fig)
    lang = meta.lang
    parts = [_sentence(meta.title)]
    subtitle = meta.subtitle.rstrip(".")
    if meta.as_of is not None:
        as_of = text("data_per", lang, tanggal=format_date(meta.as_of, lang))
        subtitle = f"{subtitle} ({as_of})" if subtitle else as_of[0].upper() + as_of[1:]
    if subtitle:
        parts.append(_sentence(subtitle))
    parts += [s for s in (chart_summary(ax) for ax in fig.axes) if s]
    parts.append(text("sumber_catatan", lang, sumber=meta.source))
    if meta.synthetic:
        parts.append(text("catatan_sintetis", lang))
    return " ".join(p.strip() for p in parts if p.strip())


def _csv_float(value: float) -> str:
    """Ten significant digits, still a float: the number as computed without binary noise (1412.4, 60.0)."""
    text_ = f"{value:.10g}"
    return text_ if any(c in text_ for c in ".eEna") else text_ + ".0"


def _sentence(words: str) -> str:
    """``words`` ending with a full stop unless it already ends a sentence (``?``, ``!``, ``.``)."""
    words = words.strip()
    return words if not words or words.endswith((".", "?", "!")) else words + "."


def _save_options(fmt: str, title: str, description: str) -> dict:
    # Dates, creator and producer strings (which carry the matplotlib version) are left out.
    if fmt == "png":
        return {"metadata": {"Software": None, "Title": title, "Description": description}}
    if fmt == "svg":
        return {"metadata": {"Date": None, "Creator": None, "Title": title, "Description": description}}
    return {"metadata": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None,
                         "Title": title, "Subject": description}}


def save_chart(fig, path_stem: str | Path, formats: Sequence[str] = FORMATS, *, alt_text: str | None = None,
               data: pd.DataFrame | None = None, dpi: int = MIN_DPI,
               with_numbers: bool = True) -> dict[str, Path]:
    """Write a decorated chart as ``<stem>.png/.svg/.pdf``, its numbers as ``<stem>.csv``, its alt text as ``<stem>.txt``.

    - refuses (:class:`IncompleteChartError`) a figure without a title, a source note or an
      as-of date, and one whose numbers are unknown (pass ``data`` for a hand-drawn chart);
    - ``data`` and ``alt_text`` default to what the chart functions recorded and
      :func:`describe_chart` composes;
    - PNG at ``dpi`` ≥ 200; SVG with text as paths; PDF with embedded TrueType fonts; none of them
      holds a date or a random id, so the same figure gives the same bytes;
    - ``with_numbers=False`` writes the images only: for the same chart drawn on another page size
      (``corong_a4.png`` beside ``corong.png``), whose numbers and alt text are already written.

    Returns the written paths by extension.
    """
    stem = Path(path_stem)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InvalidParameterError("format_grafik", format=", ".join(unknown), daftar=", ".join(FORMATS))
    if dpi < MIN_DPI:
        raise InvalidParameterError("dpi_grafik", dpi=dpi, minimum=MIN_DPI)
    _check_complete(fig, stem.name)
    data = chart_numbers(fig) if data is None else data
    if data is None:
        raise IncompleteChartError("grafik_tanpa_data", grafik=stem.name)
    alt_text = describe_chart(fig) if alt_text is None else alt_text
    title = chart_meta(fig).title

    written: dict[str, Path] = {}
    with use_house_style(), mpl.rc_context(DETERMINISTIC_RC):
        for fmt in formats:
            options = _save_options(fmt, title, alt_text)
            written[fmt] = write_atomic(Path(f"{stem}.{fmt}"), lambda handle, fmt=fmt, options=options:
                                        fig.savefig(handle, format=fmt, dpi=dpi, **options))
    if not with_numbers:
        return written
    csv_bytes = data.to_csv(index=False, lineterminator="\n", float_format=_csv_float).encode("utf-8")
    written["csv"] = write_atomic(Path(f"{stem}.csv"), lambda handle: handle.write(csv_bytes))
    alt_bytes = (" ".join(alt_text.split()) + "\n").encode("utf-8")
    written["txt"] = write_atomic(Path(f"{stem}.txt"), lambda handle: handle.write(alt_bytes))
    return written


def save_chart_pack(figs: Iterable, path: str | Path, *, title: str | None = None) -> Path:
    """Every chart in one multi-page PDF, one page per figure, in the order given; same figures, same bytes.

    Each figure must be complete (see :func:`save_chart`).
    """
    from matplotlib.backends.backend_pdf import PdfPages

    figs = list(figs)
    for number, fig in enumerate(figs, start=1):
        _check_complete(fig, f"{Path(path).name} #{number}")
    metadata = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
    if title:
        metadata["Title"] = title

    def write(handle: BinaryIO) -> None:
        with use_house_style(), mpl.rc_context(DETERMINISTIC_RC), PdfPages(handle, metadata=metadata) as pdf:
            for fig in figs:
                pdf.savefig(fig)

    return write_atomic(path, write)


# ---------------------------------------------------------------------------------------------
# Tables for the directorate
# ---------------------------------------------------------------------------------------------


def complementary_cells(values: Sequence[object], threshold: int | None = 5,
                        hidden: Sequence[bool] | None = None) -> np.ndarray:
    """Which further cells of one count column to hide so that no hidden count follows from the column's total.

    A column that breaks down a published total (schools adding up to the province) gives away
    its one ``"<5"`` cell by subtraction: 120 − (the shown cells) = 3. A reader knows more than the
    sum of the hidden cells: each ``"<5"`` is 1 to ``threshold - 1`` and each other hidden cell is
    ``threshold`` or more (the notes say so), so two "<5" adding up to 8 are 4 and 4, and a "<5"
    beside one "*" with a hidden sum of 6 is 1. A hidden cell is *pinned* when those bounds and the
    hidden sum leave it one value. While any hidden cell is pinned, the smallest non-zero cell still
    shown is hidden too (the first row among equals). The cells hidden to start with are the small
    counts and those ``hidden`` marks already (hidden in another table).

    Returns a boolean mask of the cells hidden besides the small counts (``"*"`` in the workbook,
    not ``"<5"``, which would be false). Zeros and missing values are never hidden. When every
    non-zero cell is hidden and one is still pinned (a column adding up to less than ``threshold``),
    nothing more can be done here: that total is a small count of its own table.

    >>> complementary_cells([1, 0, 7, 12, 5]).tolist()  # 1 and 5 hidden: sum 6 = "<5" + "*" pins both
    [False, False, True, False, True]
    >>> complementary_cells([2, 3, 7, 12]).tolist(), complementary_cells([4, 4, 7, 12]).tolist()
    ([False, False, False, False], [False, False, True, False])
    """
    counts = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    extra = np.zeros(len(counts), dtype=bool) if hidden is None else np.array(hidden, dtype=bool)
    if threshold is None or threshold <= 1 or len(counts) == 0:
        return extra & (counts > 0)
    known = ~np.isnan(counts)
    small = known & (counts >= 1) & (counts < threshold)
    extra &= known & (counts > 0) & ~small
    covered = small | extra
    while covered.any() and pinned_cells(counts, covered, small, threshold).any():
        left = known & (counts > 0) & ~covered
        if not left.any():
            break
        smallest = int(np.argmin(np.where(left, counts, np.inf)))  # argmin: the first row among equals
        extra[smallest] = covered[smallest] = True
    return extra


def pinned_cells(counts: np.ndarray, covered: np.ndarray, small: np.ndarray, threshold: int) -> np.ndarray:
    """The hidden cells (``covered``) whose value a reader can work out from the hidden cells' sum
    (the total minus the shown cells) and the bounds the markers give: 1 to ``threshold - 1`` for a
    small count, ``threshold`` or more for any other hidden cell."""
    low = np.where(small, 1.0, float(threshold))[covered]
    high = np.where(small, float(threshold - 1), np.inf)[covered]
    total = counts[covered].sum()
    others_low = low.sum() - low
    unbounded = np.isinf(high)
    others_high = np.where(unbounded.sum() - unbounded > 0, np.inf, high[~unbounded].sum() - np.where(unbounded, 0, high))
    least = np.maximum(low, total - others_high)
    most = np.minimum(high, total - others_low)
    result = np.zeros(len(counts), dtype=bool)
    result[np.flatnonzero(covered)] = least >= most
    return result


def suppress_small_counts(frame: pd.DataFrame, columns: Iterable[str], threshold: int | None = 5, *,
                          complementary: bool = False, marker: str = COMPLEMENT_MARKER) -> pd.DataFrame:
    """A copy of ``frame`` where counts from 1 to ``threshold - 1`` in ``columns`` read ``"<threshold"``.

    Zero, missing values and counts of ``threshold`` or more are kept as they are, so the
    suppressed columns hold numbers and the text ``"<5"`` (dtype ``object``). ``threshold``
    ``None`` or ≤ 1 suppresses nothing. The argument is never changed.

    ``complementary``: each column adds up to a total shown elsewhere, so the cells
    :func:`complementary_cells` chooses are hidden too and read ``marker`` (``"*"``).

    >>> frame = pd.DataFrame({"sekolah": ["A", "B", "C", "D"], "jumlah": [0, 3, 5, 12]})
    >>> suppress_small_counts(frame, ["jumlah"])["jumlah"].tolist()
    [0, '<5', 5, 12]
    >>> suppress_small_counts(frame, ["jumlah"], complementary=True)["jumlah"].tolist()
    [0, '<5', '*', 12]
    """
    result = frame.copy()
    if threshold is None or threshold <= 1:
        return result
    for column in columns:
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        small = (values >= 1) & (values < threshold)
        suppressed = frame[column].astype(object).to_numpy(copy=True)
        suppressed[small] = f"<{threshold}"
        if complementary:
            suppressed[complementary_cells(values, threshold)] = marker
        result[column] = pd.Series(suppressed, index=frame.index, dtype=object)
    return result


def count_columns_of(frame: pd.DataFrame) -> list[str]:
    """Integer columns whose names say they count people (see :data:`COUNT_PREFIXES`)."""
    return [c for c in frame.columns
            if isinstance(c, str) and pd.api.types.is_integer_dtype(frame[c])
            and any(c == p or c.startswith(p + "_") for p in COUNT_PREFIXES)]


def _sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, at most 31 characters, unique ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", "_", str(name)).strip("'") or "Sheet"
    candidate, number = base[:31], 2
    while candidate.casefold() in taken:
        suffix = f"_{number}"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _cell_value(value: object) -> object:
    """A value openpyxl can write: missing as empty, numpy scalars as Python, time-zone-aware as local time."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return (value.tz_localize(None) if value.tzinfo else value).to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, np.generic):
        item = value.item()
        return None if isinstance(item, float) and math.isnan(item) else item
    if isinstance(value, str | int | float | bool | dt.date | dt.datetime):
        return value
    return str(value)


def _number_format(name: str, series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    if pd.api.types.is_float_dtype(series):
        return "0.0%" if str(name).startswith(FRACTION_PREFIXES) else "#,##0.0"
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = series.dropna()
        has_time = bool(len(stamps)) and bool(((stamps - stamps.dt.normalize()) != pd.Timedelta(0)).any())
        return "yyyy-mm-dd hh:mm" if has_time else "yyyy-mm-dd"
    return None


def _display_width(value: object, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        return len(f"{value:,.1f}") if isinstance(value, float) else len(f"{value:,}")
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_frame(ws, frame: pd.DataFrame, formats: Mapping[str, str | None], first_row: int = 1,
                 headers: Mapping[str, str] | None = None) -> None:
    """Write ``frame`` with a styled header at ``first_row`` (``headers``: column → words shown, else the
    column's name); number formats per column; widths to fit."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    shown = [str((headers or {}).get(c, c)) for c in frame.columns]
    widths = [len(h) for h in shown]
    for j, header in enumerate(shown, start=1):
        cell = ws.cell(row=first_row, column=j, value=header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=first_row + 1):
        for j, (column, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
            value = _cell_value(value)
            cell = ws.cell(row=i, column=j, value=value)
            number_format = formats.get(column)
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
            elif isinstance(value, str) and value.startswith(("<", COMPLEMENT_MARKER)) and number_format:
                cell.alignment = Alignment(horizontal="right")
            widths[j - 1] = max(widths[j - 1], _display_width(value, number_format))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + 2))


def _add_table_sheet(wb, name: str, frame: pd.DataFrame, counts: Sequence[str], threshold: int | None, *,
                     complementary: bool = False, headers: Mapping[str, str] | None = None) -> None:
    formats = {c: _number_format(c, frame[c]) for c in frame.columns}
    for column in counts:
        formats[column] = "#,##0"
    shown = suppress_small_counts(frame, counts, threshold, complementary=complementary)
    ws = wb.create_sheet(name)
    _write_frame(ws, shown, formats, headers=headers)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = ws.dimensions


def _add_notes_sheet(wb, name: str, *, notes: pd.DataFrame | None, sources: Sequence[str], as_of: object,
                     lang: str, threshold: int | None, synthetic: bool, sheets: Sequence[str],
                     complementary: bool = False) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(name, 0)
    bold = Font(bold=True)
    ws.cell(row=1, column=1, value=text("catatan_judul", lang)).font = Font(bold=True, size=14)
    row = 3
    ws.cell(row=row, column=1, value=text("catatan_tanggal", lang)).font = bold
    ws.cell(row=row, column=2, value=format_date(as_of, lang))
    row += 1
    if synthetic:
        ws.cell(row=row, column=1, value=text("catatan_sintetis", lang)).font = Font(bold=True, color="D55E00")
        row += 1
    if threshold is not None and threshold > 1:
        ws.cell(row=row, column=1, value=text("catatan_disamarkan", lang, batas=threshold, batas_atas=threshold - 1))
        row += 1
        if complementary:
            ws.cell(row=row, column=1, value=text("catatan_disamarkan_pelengkap", lang, tanda=COMPLEMENT_MARKER,
                                                  batas=threshold))
            row += 1
    row += 1
    ws.cell(row=row, column=1, value=text("catatan_sumber", lang)).font = bold
    for source in sources:
        row += 1
        ws.cell(row=row, column=1, value=str(source))
    row += 2
    ws.cell(row=row, column=1, value=text("catatan_lembar", lang)).font = bold
    for sheet in sheets:
        row += 1
        ws.cell(row=row, column=1, value=sheet)
    if notes is not None and len(notes.columns):
        row += 2
        ws.cell(row=row, column=1, value=text("catatan_definisi", lang)).font = bold
        _write_frame(ws, notes, {c: _number_format(c, notes[c]) for c in notes.columns}, first_row=row + 1)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 24)


def _add_chart_sheet(wb, name: str, charts: Mapping[str, str | Path]) -> None:
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    ws = wb.create_sheet(name)
    row = 1
    for title, png in charts.items():
        png = Path(png)
        if not png.is_file():
            raise UnreadableFileError("file_tidak_ada", path=png)
        ws.cell(row=row, column=1, value=str(title)).font = Font(bold=True, size=13)
        image = Image(str(png))
        scale = CHART_WIDTH_PX / image.width
        image.width, image.height = CHART_WIDTH_PX, round(image.height * scale)
        ws.add_image(image, f"A{row + 1}")
        row += math.ceil(image.height / 20) + 3  # default rows are 20 px high


def export_workbook(path: str | Path, tables: Mapping[str, pd.DataFrame],
                    charts: Mapping[str, str | Path] | None = None, notes: pd.DataFrame | None = None, *,
                    as_of: object, lang: str = "id", sources: Sequence[str] = (), synthetic: bool = False,
                    small_count_threshold: int | None = 5,
                    count_columns: Mapping[str, Sequence[str]] | None = None,
                    complementary: Collection[str] = (), sheet_names: Mapping[str, str] | None = None,
                    headers: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """An .xlsx for the directorate: a notes sheet, one formatted sheet per table, the charts as images.

    - "Catatan"/"Notes" first: the as-of date, the data sources, the small-count rule, the list of
      sheets and ``notes`` (e.g. the stage definitions from ``reference/tahap.csv``);
    - one sheet per entry of ``tables`` (named by its key): bold header on a coloured fill,
      frozen header row, filters, column widths to fit, thousands separators on counts,
      percentages on ``konversi…`` shares, dates as dates;
    - counts 1 to ``small_count_threshold - 1`` shown as ``"<5"``: by default in the integer
      columns named like counts of people (:func:`count_columns_of`); ``count_columns`` names them
      per table instead;
    - ``complementary``: the tables whose count columns add up to a total shown elsewhere (the
      province's counts per school): there the cells :func:`complementary_cells` chooses read
      ``"*"`` too, so that no ``"<5"`` can be worked out by subtraction;
    - ``sheet_names`` (table key → sheet name) and ``headers`` (table key → column → header)
      give the words the reader sees; the frames keep their column codes;
    - "Grafik"/"Charts": each PNG of ``charts`` under its name.

    The same inputs give the same bytes (fixed document dates and zip times).
    """
    from openpyxl import Workbook

    from jejak_analysis.workbook import save_workbook_deterministic

    check_lang(lang)
    count_columns = count_columns or {}
    sheet_names, headers = sheet_names or {}, headers or {}
    unknown = [key for key in complementary if key not in tables]
    if unknown:
        raise InvalidParameterError("tabel_tidak_ada", nama=", ".join(map(str, unknown)),
                                    daftar=", ".join(map(str, tables)))
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    notes_name = _sheet_name(text("sheet_catatan", lang), taken)
    chart_name = _sheet_name(text("sheet_grafik", lang), taken) if charts else None
    table_names = []
    for key, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise InvalidParameterError("tabel_bukan_frame", nama=key)
        name = _sheet_name(sheet_names.get(key, key), taken)
        table_names.append(name)
        counts = list(count_columns[key]) if key in count_columns else count_columns_of(frame)
        _add_table_sheet(wb, name, frame, counts, small_count_threshold, complementary=key in complementary,
                         headers=headers.get(key))
    _add_notes_sheet(wb, notes_name, notes=notes, sources=sources, as_of=as_of, lang=lang,
                     threshold=small_count_threshold, synthetic=synthetic,
                     sheets=table_names + ([chart_name] if chart_name else []), complementary=bool(complementary))
    if charts:
        _add_chart_sheet(wb, chart_name, charts)
    return save_workbook_deterministic(wb, path)
