"""Reading raw files as people actually send them: every sheet as raw text with provenance.

Stage 1 of the flow (read → clean → combine → analyse → present). A reader knows
nothing about school lists or questionnaires; it only finds, in each sheet, the
header and the data under it, and keeps for every data row the file, the sheet and
the row number a person sees in Excel, so every clean value can be traced back.

What it copes with:

- ``.xlsx``/``.xlsm``/``.xls`` (read with calamine) and ``.csv``/``.txt`` in UTF-8,
  UTF-8 with BOM or Windows-1252, delimited by ``,``, ``;`` or tab;
- title rows above the header, a header over two rows under merged cells
  ("Jumlah Lulusan" over 2018 | 2019 → "Jumlah Lulusan 2018"), cells merged down
  (filled into every row they span), blank spacer rows and columns, totals rows
  ("JUMLAH", "Total", "Sub Jumlah") and footnotes, which are set aside, never data;
- numbers as Excel stores them: whole numbers as plain digits, dates as ISO text,
  and numbers of 16 digits or more (a NIK typed into Excel) in scientific notation,
  because Excel kept only 15 digits and the rest must not be trusted.

Bad files raise :class:`~jejak_analysis.errors.UnreadableFileError` or
:class:`~jejak_analysis.errors.HeaderNotFoundError` naming the file and sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jejak_analysis.errors import HeaderNotFoundError, UnreadableFileError

EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
TEXT_EXTENSIONS = (".csv", ".txt")
PROVENANCE = ["source_file", "source_sheet", "source_row"]
CSV_SHEET = "csv"  # the sheet name given to the one table of a CSV file

# How many rows from the top of a sheet may come before the header (titles, notes).
HEADER_SEARCH_ROWS = 30
# Excel keeps 15 significant digits: a number this large lost its last digits.
EXCEL_DIGITS_LIMIT = 1e15
_TOTAL_ROW = re.compile(r"^\s*(sub\s*-?\s*)?(jumlah|total|grand\s*total)\b", re.IGNORECASE)
_TOTAL_CELL = re.compile(r"\s*(sub\s*-?\s*)?(jumlah|total|grand\s*total)(\s+(keseluruhan|semua))?\s*[:.]?\s*",
                         re.IGNORECASE)
_TOTAL_WORDS = ("jumlah", "total")  # every totals label holds one of these
# Reasons a row below a header (or on a sheet without one) is not data: counted as ``bukan_data``.
NOT_DATA_REASONS = ("kosong", "total", "catatan", "lembar_tersembunyi", "tanpa_judul_kolom")
HIDDEN_SHEET = "hidden_sheet"  # grid.attrs key: the sheet is hidden in its workbook
TOTALS_POSSIBLE = "totals_possible"  # grid.attrs key: False when the file's text holds no totals word
_NOTE_ROW = re.compile(r"^\s*(catatan|keterangan|ket\s*[:.]|sumber|note|nb\b|\*)", re.IGNORECASE)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RawTable:
    """One sheet's table as raw text, with the rows that are not data kept apart.

    ``data`` holds one column per header (text or None) plus ``source_file``,
    ``source_sheet`` and ``source_row`` (1-based, as Excel shows it). ``set_aside``
    holds every other row below the header with its reason: ``kosong`` (blank),
    ``total`` (a totals or sub-totals row, kept to check sums against) or
    ``catatan`` (a footnote). ``preamble`` holds the rows above the header
    (titles, "NPSN : 30105195" lines) as ``(row, [cells])``.
    """

    source_file: str
    source_sheet: str
    header_row: int
    columns: list[str]
    data: pd.DataFrame
    set_aside: pd.DataFrame
    preamble: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def totals(self) -> pd.DataFrame:
        """The totals and sub-totals rows, with the header columns, for checking sums."""
        return self.set_aside[self.set_aside["alasan"] == "total"]

    @property
    def n_rows(self) -> int:
        """Rows from the header down to the last non-empty row: data + set aside."""
        return len(self.data) + len(self.set_aside)


# --------------------------------------------------------------------------------------------
# Cells to text


def cell_text(value: object) -> str | None:
    """The raw text of one spreadsheet cell, as a person would read it.

    >>> cell_text(45.0), cell_text(30105195), cell_text("  "), cell_text(None)
    ('45', '30105195', None, None)
    >>> cell_text(6171015507030001.0)  # a 16-digit NIK stored as a number: its last digits are gone
    '6.17101550703e+15'
    >>> cell_text(6171015507031234.0)  # the digits Excel kept survive, to confirm (never decide) a match
    '6.17101550703123e+15'
    >>> cell_text(dt.datetime(2020, 7, 7, 10, 23, 45)), cell_text(dt.datetime(2003, 7, 7))
    ('2020-07-07 10:23:45', '2003-07-07')
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value) if abs(value) < EXCEL_DIGITS_LIMIT else format(float(value), ".15g")
    if isinstance(value, float):
        if value != value:
            return None
        if abs(value) >= EXCEL_DIGITS_LIMIT:
            return format(value, ".15g")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


# --------------------------------------------------------------------------------------------
# Files to grids: a grid is a DataFrame of text/None, index = Excel row number (1-based)


def _check_file(path: Path) -> bytes:
    if not path.exists():
        raise UnreadableFileError("file_tidak_ada", path)
    head = path.open("rb").read(4096)
    if not head:
        raise UnreadableFileError("file_kosong", path)
    return head


def _describe_text(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<html" in text or b"<table" in text or b"<!doctype" in text):
        return "halaman HTML"
    return "teks biasa"


def _excel_grids(path: Path, hidden: bool = False) -> list[tuple[str, pd.DataFrame]]:
    """Every visible sheet of a workbook as a grid, merged cells filled into every cell they span.

    With ``hidden``, hidden sheets too, each marked ``grid.attrs[HIDDEN_SHEET] = True``.
    """
    from python_calamine import CalamineWorkbook

    head = _check_file(path)
    ext = path.suffix.lower()
    if head.startswith(_OLE2_MAGIC):
        # An encrypted .xlsx is an OLE2 container with an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise UnreadableFileError("berpassword", path)
    elif not head.startswith(_ZIP_MAGIC):
        raise UnreadableFileError("bukan_excel", path, ext=ext, isi=_describe_text(head))
    try:
        # A workbook saved under the other extension (an .xlsx renamed .xls): calamine reads it by its content.
        renamed = (head.startswith(_ZIP_MAGIC) and ext == ".xls") or (head.startswith(_OLE2_MAGIC) and ext != ".xls")
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes())) if renamed else \
            CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in workbook.sheets_metadata:
            is_hidden = str(getattr(meta, "visible", "Visible")).lower().endswith("hidden")
            if is_hidden and not hidden:
                continue  # hidden sheets hold lookup lists, not data a person typed
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = getattr(sheet, "merged_cell_ranges", None) or []
            grid = _grid_from_rows(rows, merged)
            grid.attrs[HIDDEN_SHEET] = is_hidden
            grids.append((meta.name, grid))
    except UnreadableFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise UnreadableFileError("berpassword", path) from exc
        raise UnreadableFileError("xlsx_rusak", path, detail=detail) from exc
    return grids


def _grid_from_rows(rows: list[list[object]], merged: list) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    grid = [[cell_text(v) for v in row] + [None] * (width - len(row)) for row in rows]
    for (top, left), (bottom, right) in merged:
        if top >= len(grid) or left >= width:
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                grid[r][c] = value
    frame = pd.DataFrame(grid, dtype=object, columns=range(width))
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise UnreadableFileError("bukan_excel", path, ext=path.suffix.lower(), isi="data biner")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("csv_encoding", path)


def _first_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` (without splitting a file of hundreds of megabytes whole)."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        if len(lines) > n or size >= len(text):
            return lines[:n]
        size *= 4


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(_first_lines(text, 50))
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", ",", "\t")}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv_text(path: Path) -> pd.DataFrame:
    """A CSV/TXT file as a grid of text (index = 1-based line number), whatever its encoding and delimiter."""
    path = Path(path)
    head = _check_file(path)
    if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE2_MAGIC):
        raise UnreadableFileError("bukan_excel", path, ext=path.suffix.lower(), isi="buku kerja Excel")
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise UnreadableFileError("file_kosong", path)
    delimiter = _sniff_delimiter(text)
    width = max(len(r) for r in csv.reader(io.StringIO("\n".join(_first_lines(text, 200))), delimiter=delimiter))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=range(width), dtype=object,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c")
    except pd.errors.ParserError:  # a later line is wider than the first 200: read it the slow, tolerant way
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        width = max(len(r) for r in rows)
        frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
        frame = frame.where(frame != "", None)
    frame = frame.astype(object).where(frame.notna(), None)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    # One look at the whole text: a file without "jumlah"/"total" anywhere has no totals rows, and
    # table_from_grid need not look for them cell by cell (seconds per million rows).
    lowered = text.lower()
    frame.attrs[TOTALS_POSSIBLE] = any(word in lowered for word in _TOTAL_WORDS)
    return frame


def read_grids(path: str | Path, hidden: bool = False) -> list[tuple[str, pd.DataFrame]]:
    """Every sheet of a workbook, or the one table of a CSV, as ``(sheet name, grid)``; hidden sheets
    only with ``hidden`` (marked in ``grid.attrs[HIDDEN_SHEET]``)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext in EXCEL_EXTENSIONS:
        return _excel_grids(path, hidden)
    if ext in TEXT_EXTENSIONS:
        return [(CSV_SHEET, read_csv_text(path))]
    raise UnreadableFileError("jenis_berkas", path, ext=ext or "(tanpa akhiran)")


# --------------------------------------------------------------------------------------------
# Grids to tables


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\s'+eE-]+", text)) and any(ch.isdigit() for ch in text)


def _looks_like_header(cells: list[str | None]) -> bool:
    values = [c.strip() for c in cells if c is not None and c.strip()]
    distinct = set(values)
    if len(distinct) < 2:
        return False  # a title (one cell, or one value merged across the row)
    if any(v.startswith(":") for v in values) or (values[0].endswith(":") and len(distinct) <= 3):
        return False  # a "Nama Sekolah | : | SMK X" or "Status: | Swasta" line above the table
    words = [v for v in values if not _is_number(v)]
    return len(words) >= 0.6 * len(values) and len(words) >= 2


def _second_header_row(first: list[str | None], second: list[str | None]) -> bool:
    """Whether ``second`` completes ``first`` as a two-row header under merged group cells.

    Every filled cell of the second row must sit under a group (a first-row cell that is
    blank or repeats its neighbour because it was merged across) or repeat the cell above
    (a header merged down over both rows); at least one must be a real sub-header.
    """
    width = len(first)
    sub_headers = 0
    for c, value in enumerate(second):
        if value is None:
            continue
        above = first[c]
        if above is not None and value == above:
            continue  # merged down over both header rows
        left = first[c - 1] if c > 0 else None
        right = first[c + 1] if c + 1 < width else None
        in_group = above is None or above == left or above == right
        if not in_group:
            return False
        sub_headers += 1
    return sub_headers > 0


def _combine_headers(first: list[str | None], second: list[str | None] | None) -> list[str | None]:
    if second is None:
        return list(first)
    combined, group = [], None
    for above, below in zip(first, second, strict=True):
        if above is not None:
            group = above
        elif below is None:
            group = None
        if below is not None and below != above:
            combined.append(f"{group} {below}" if group else below)
        else:
            combined.append(above)
    return combined


def _clean_header(names: list[str | None]) -> list[str | None]:
    cleaned = [None if n is None else " ".join(str(n).split()) for n in names]
    seen: dict[str, int] = {}
    result = []
    for name in cleaned:
        if name is None:
            result.append(None)
            continue
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _distinct_cells(row: pd.Series) -> list[str]:
    """The filled cells of a row, a value merged across several cells given once."""
    cells: list[str] = []
    for value in row:
        if value is not None and (not cells or cells[-1] != value):
            cells.append(value)
    return cells


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def find_header(grid: pd.DataFrame) -> tuple[int, int] | None:
    """The (first, last) Excel rows of the header, or None when no row looks like one.

    The header is the first row near the top whose cells are mostly words and which is
    at least half as wide as the widest row near the top: that passes over titles and
    "NPSN : 30105195" lines above a table.
    """
    top = grid.head(HEADER_SEARCH_ROWS)
    widest = int(grid.head(200).notna().sum(axis=1).max())
    for row in top.index:
        cells = list(top.loc[row])
        if not _looks_like_header(cells):
            continue
        if sum(c is not None for c in cells) * 2 < widest:
            continue
        if row + 1 in grid.index and _second_header_row(cells, list(grid.loc[row + 1])):
            return row, row + 1
        return row, row
    return None


def _may_hold(column: pd.Series, words: tuple[str, ...]) -> bool:
    """Whether any text of ``column`` holds one of ``words`` (lower case): one search over the joined
    texts, so that a column of a million timestamps is passed over in a few milliseconds."""
    joined = "\n".join(map(str, column.dropna().to_numpy(dtype=object))).lower()
    return any(word in joined for word in words)


def _first_filled(body: pd.DataFrame) -> pd.Series:
    """The first filled cell of each row, "" for a blank row (column by column: most rows stop at the first)."""
    first = pd.Series(None, index=body.index, dtype=object)
    for position in range(body.shape[1]):  # by position: two columns may share a header
        missing = first.isna()
        if not missing.any():
            break
        first = first.where(~missing, body.iloc[:, position])
    return first.where(first.notna(), "")


def _is_total_cell(column: pd.Series) -> pd.Series:
    """Whether each cell is, as a whole, a totals label ("Sub Jumlah", "TOTAL :").

    Each distinct text is checked once, and only texts holding "jumlah" or "total" go
    through the regex: a million timestamps or names cost one hash each (the regex on
    every cell took seconds per 100,000 rows).
    """
    if not _may_hold(column, _TOTAL_WORDS):
        return pd.Series(False, index=column.index)
    hits = []
    for value in pd.unique(column.to_numpy(dtype=object)):
        if isinstance(value, str):
            low = value.lower()
            if ("jumlah" in low or "total" in low) and _TOTAL_CELL.fullmatch(value):
                hits.append(value)
    if not hits:
        return pd.Series(False, index=column.index)
    return column.isin(hits).astype(bool)


def table_from_grid(grid: pd.DataFrame, source_file: str, source_sheet: str,
                    path: Path | None = None) -> RawTable | None:
    """Split one sheet's grid into header, data rows and set-aside rows. None for an empty sheet."""
    filled = grid.notna()
    if not filled.to_numpy().any():
        return None
    header = find_header(grid)
    if header is None:
        raise HeaderNotFoundError("header_tidak_ada", path or source_file, sheet=source_sheet)
    first, last = header
    second = list(grid.loc[last]) if last != first else None
    names = _clean_header(_combine_headers(list(grid.loc[first]), second))

    body = grid.loc[last + 1:]
    body_filled = filled.loc[last + 1:]
    # Keep named columns, and unnamed ones that hold data (named after their Excel letter);
    # drop blank spacer columns.
    keep, columns = [], []
    for c, name in enumerate(names):
        if name is None and not body_filled[c].any():
            continue
        keep.append(c)
        columns.append(name if name is not None else f"kolom_{_column_letter(c)}")
    body = body[keep]
    body.columns = columns
    body_filled = body_filled[keep]
    body_filled.columns = columns

    n_filled = body_filled.sum(axis=1)
    last_filled = n_filled[n_filled > 0].index.max() if (n_filled > 0).any() else last
    body, n_filled = body.loc[:last_filled], n_filled.loc[:last_filled]

    first_text = _first_filled(body).astype(str)
    is_blank = n_filled == 0
    is_total = pd.Series(False, index=body.index)
    totals_possible = grid.attrs.get(TOTALS_POSSIBLE, True)  # a CSV without "jumlah"/"total" has none
    if totals_possible and _may_hold(first_text, _TOTAL_WORDS):
        is_total = first_text.str.match(_TOTAL_ROW) & ~is_blank
    if totals_possible:
        for column in body.columns:  # "Sub Jumlah" may stand in any column, e.g. under a merged school name
            is_total |= _is_total_cell(body[column])
    single = n_filled == 1
    is_note = single & first_text.where(single, "").str.match(_NOTE_ROW)
    # Footnotes under the table: single-cell rows after the last row with more than one cell.
    multi = n_filled[n_filled > 1]
    if len(multi):
        is_note |= single & (n_filled.index > multi.index.max()) & ~is_total
    reason = pd.Series(None, index=body.index, dtype=object)
    reason[is_blank] = "kosong"
    reason[is_total] = "total"
    reason[is_note & ~is_total] = "catatan"

    data = body[reason.isna()].copy()
    data.insert(0, "source_row", data.index.astype("int64"))
    data.insert(0, "source_sheet", source_sheet)
    data.insert(0, "source_file", source_file)
    data = data.reset_index(drop=True)
    aside = body[reason.notna()].copy()
    aside.insert(0, "alasan", reason[reason.notna()])
    aside.insert(0, "source_row", aside.index.astype("int64"))
    aside.insert(0, "source_sheet", source_sheet)
    aside.insert(0, "source_file", source_file)
    aside = aside.reset_index(drop=True)

    preamble = [(int(r), _distinct_cells(grid.loc[r])) for r in grid.index[: first - 1] if filled.loc[r].any()]
    return RawTable(source_file, source_sheet, last, columns, data, aside, preamble)


def read_table(path: str | Path, root: str | Path | None = None) -> list[RawTable]:
    """Read every sheet of a workbook (or the CSV) as :class:`RawTable` objects.

    ``source_file`` is the path relative to ``root`` when given (so processed files do
    not depend on where the raw folder lives), else the file name. Empty sheets are
    skipped. A hidden sheet (a lookup list) and, beside a readable sheet, a sheet with
    data but no header (notes, a pivot) are read as tables without columns whose rows are
    all set aside (``lembar_tersembunyi``, ``tanpa_judul_kolom``): not data, but counted.
    A file where no sheet has a header is an error naming the first such sheet.
    """
    path = Path(path)
    source_file = path.relative_to(root).as_posix() if root is not None else path.name
    tables, no_header = [], None
    for sheet_name, grid in read_grids(path, hidden=True):
        if grid.attrs.get(HIDDEN_SHEET):
            table = _set_aside_sheet(grid, source_file, sheet_name, "lembar_tersembunyi")
        else:
            try:
                table = table_from_grid(grid, source_file, sheet_name, path)
            except HeaderNotFoundError as error:
                no_header = no_header or error
                table = _set_aside_sheet(grid, source_file, sheet_name, "tanpa_judul_kolom")
        if table is not None:
            tables.append(table)
    if not any(t.columns for t in tables):
        if no_header is not None:
            raise no_header
        raise UnreadableFileError("file_kosong", path)
    return tables


def _set_aside_sheet(grid: pd.DataFrame, source_file: str, source_sheet: str, reason: str) -> RawTable | None:
    """A sheet that holds no table to read, as a table without columns whose filled rows are set aside
    with ``reason``, so that every raw row is accounted for. None for an empty sheet."""
    filled = grid.notna().to_numpy().any(axis=1)
    if not filled.any():
        return None
    rows = grid.index[filled].astype("int64")
    data = pd.DataFrame({"source_file": pd.Series(dtype=object), "source_sheet": pd.Series(dtype=object),
                         "source_row": pd.Series(dtype="int64")})
    aside = pd.DataFrame({"source_file": source_file, "source_sheet": source_sheet, "source_row": rows,
                          "alasan": reason})
    return RawTable(source_file, source_sheet, 0, [], data, aside.reset_index(drop=True), [])
