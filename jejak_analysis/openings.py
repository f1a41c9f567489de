"""The openings the pipeline is measured against: ``lowongan.csv`` and the default target.

One row of ``lowongan.csv`` is one target: a scheme (``program_kode``), a job sector
(``sektor_kode``), a destination country (``negara``), how many openings (``jumlah``)
and when (``mulai``, ``selesai``), with where the figure comes from (``sumber``)::

    program_kode,sektor_kode,negara,jumlah,mulai,selesai,sumber
    SSW_JP,CAREWORKER,JP,1500,2021-04-01,,Jejak Perintis (BP2MI 7 Juli 2020)

Codes must be codebook codes (the file is written by the analyst, not typed by the
public, so it is checked strictly rather than mapped). When a raw folder holds no
openings file, :func:`default_target` stands in (SSW_JP · CAREWORKER · JP · 1,500,
the programme's announced figure) and says so through ``is_default``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jejak_analysis.codebook import codes, labels
from jejak_analysis.errors import InvalidDataError, InvalidParameterError, UnreadableFileError

OPENINGS_FILE = "lowongan.csv"
OPENINGS_COLUMNS = ("program_kode", "sektor_kode", "negara", "jumlah", "mulai", "selesai", "sumber")
# column -> codebook kind its values must belong to
CODE_COLUMNS = {"program_kode": "program", "sektor_kode": "sektor", "negara": "negara"}
TARGET_KEY = ("program_kode", "sektor_kode", "negara")

# The announced figure of the Jejak Perintis programme (BP2MI news, 7 July 2020).
DEFAULT_OPENINGS = {
    "program_kode": "SSW_JP",
    "sektor_kode": "CAREWORKER",
    "negara": "JP",
    "jumlah": 1500,
    "sumber": "BP2MI, program Jejak Perintis (7 Juli 2020): 1.500 lowongan careworker SSW Jepang",
}

_INTEGER = re.compile(r"\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")  # "1.500" (Indonesian) or "1,500" (English)
_WHOLE_FLOAT = re.compile(r"(\d+)\.0+")  # "1500.0", as a spreadsheet may save it
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # Indonesian default when Excel re-saves the file


@dataclass(frozen=True)
class Target:
    """One target: the openings of one scheme, sector and country the pipeline is measured against."""

    program_kode: str
    sektor_kode: str
    negara: str
    jumlah: int
    mulai: pd.Timestamp | None = None
    selesai: pd.Timestamp | None = None
    sumber: str = ""
    is_default: bool = False  # True when no openings file was found and the announced figure was used

    def describe(self, lang: str = "id") -> str:
        """A one-line name for titles and notes, e.g. ``SSW Jepang · Perawat lansia · Jepang · 1.500 lowongan``."""
        parts = [
            labels("program", lang)[self.program_kode],
            labels("sektor", lang)[self.sektor_kode],
            labels("negara", lang)[self.negara],
        ]
        number = f"{self.jumlah:,}".replace(",", "." if lang == "id" else ",")
        word = "lowongan" if lang == "id" else "openings"
        return " · ".join(parts) + f" · {number} {word}"


def default_target() -> Target:
    """The target used when a raw folder has no openings file: SSW_JP · CAREWORKER · JP · 1,500."""
    return Target(**DEFAULT_OPENINGS, is_default=True)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("csv_encoding", path)


def _delimiter(first_line: str) -> str:
    """`;` when Excel in an Indonesian locale saved the file, else `,` (or a tab)."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def _raw_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (normalised names) and the non-blank rows with their 1-based line numbers."""
    if not path.exists():
        raise UnreadableFileError("file_tidak_ada", path)
    text = _decode(path)
    if not text.strip():
        raise UnreadableFileError("file_kosong", path)
    reader = csv.reader(text.splitlines(), delimiter=_delimiter(text.splitlines()[0]))
    header = [cell.strip().casefold().replace(" ", "_") for cell in next(reader)]
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    return header, rows


def _parse_count(text: str, path: Path, row: int) -> int:
    """A whole, non-negative number of openings: "1500", "1.500", "1,500" or "1500.0"."""
    compact = text.replace(" ", "")
    if compact.startswith("-") and _parse_digits(compact[1:]) is not None:
        raise InvalidDataError("lowongan_jumlah_negatif", path, row=row, nilai=text)
    value = _parse_digits(compact)
    if value is None:
        raise InvalidDataError("lowongan_jumlah_salah", path, row=row, nilai=text)
    return value


def _parse_digits(text: str) -> int | None:
    if _INTEGER.fullmatch(text):
        return int(text)
    if _THOUSANDS.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    whole = _WHOLE_FLOAT.fullmatch(text)
    return int(whole.group(1)) if whole else None


def _parse_date(text: str, column: str, path: Path, row: int) -> pd.Timestamp | None:
    """Blank → None; ISO ``2021-04-01`` or day-first ``01/04/2021`` → a date."""
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return pd.Timestamp(text)
        day_first = _DAY_FIRST.fullmatch(text)
        if day_first:
            day, month, year = (int(g) for g in day_first.groups())
            return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        pass  # a date that does not exist (2021-02-30): same message as any bad date
    raise InvalidDataError("lowongan_tanggal_salah", path, row=row, kolom=column, nilai=text)


def _check_code(value: str, column: str, path: Path, row: int) -> str:
    kind = CODE_COLUMNS[column]
    code = value.upper()
    valid = codes(kind)
    if code not in valid:
        choices = ", ".join(valid) if len(valid) <= 20 else "JP, KR, TW, MY, HK, SG, … (ISO 3166-1 alpha-2)"
        raise InvalidDataError("lowongan_kode", path, row=row, kolom=column, kode=value, daftar=choices)
    return code


def _parse_row(record: dict[str, str], path: Path, row: int) -> dict[str, object]:
    parsed: dict[str, object] = {column: _check_code(record[column], column, path, row) for column in CODE_COLUMNS}
    parsed["jumlah"] = _parse_count(record["jumlah"], path, row)
    parsed["mulai"] = _parse_date(record["mulai"], "mulai", path, row)
    parsed["selesai"] = _parse_date(record["selesai"], "selesai", path, row)
    if parsed["mulai"] is not None and parsed["selesai"] is not None and parsed["selesai"] < parsed["mulai"]:
        raise InvalidDataError("lowongan_urutan_tanggal", path, row=row,
                               mulai=record["mulai"], selesai=record["selesai"])
    parsed["sumber"] = record["sumber"]
    parsed["source_file"] = path.name
    parsed["source_row"] = row
    return parsed


def _check_unique(rows: list[dict[str, object]], path: Path) -> None:
    seen: dict[tuple[object, ...], int] = {}
    for parsed in rows:
        key = tuple(parsed[column] for column in TARGET_KEY)
        if key in seen:
            raise InvalidDataError("lowongan_ganda", path, row=parsed["source_row"],
                                   target=" · ".join(map(str, key)), baris_lain=seen[key])
        seen[key] = parsed["source_row"]


def read_openings(path: str | Path) -> pd.DataFrame:
    """Read ``lowongan.csv``: one checked row per target.

    - columns found by name (case and surrounding spaces ignored; `,` or `;` separated);
      a missing column is an error naming it;
    - ``program_kode``, ``sektor_kode``, ``negara`` must be codebook codes (case ignored);
    - ``jumlah`` must be a whole number ≥ 0 ("1500", "1.500" and "1,500" all mean 1,500);
    - ``mulai``/``selesai`` are ISO dates or day-first ``dd/mm/yyyy`` (what Excel writes back in an
      Indonesian locale), blank when unknown; ``selesai`` may not precede ``mulai``;
    - one row per program × sector × country: a repeated target is an error, never summed silently.

    Returns program_kode, sektor_kode, negara, jumlah (Int64), mulai, selesai (datetime, NaT when
    blank), sumber, source_file, source_row (the 1-based line in the file).
    """
    path = Path(path)
    header, raw_rows = _raw_rows(path)
    missing = [column for column in OPENINGS_COLUMNS if column not in header]
    if missing:
        raise InvalidDataError("lowongan_kolom", path, row=1, kolom=", ".join(missing),
                               daftar=", ".join(OPENINGS_COLUMNS))
    if not raw_rows:
        raise InvalidDataError("lowongan_tanpa_baris", path)
    position = {column: header.index(column) for column in OPENINGS_COLUMNS}
    rows = []
    for line, cells in raw_rows:
        cells = cells + [""] * (len(header) - len(cells))
        record = {column: cells[index] for column, index in position.items()}
        rows.append(_parse_row(record, path, line))
    _check_unique(rows, path)
    frame = pd.DataFrame(rows, columns=[*OPENINGS_COLUMNS, "source_file", "source_row"])
    frame["jumlah"] = frame["jumlah"].astype("Int64")
    frame["mulai"] = pd.to_datetime(frame["mulai"])
    frame["selesai"] = pd.to_datetime(frame["selesai"])
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame


def _target_from_row(row: pd.Series) -> Target:
    def date(value: object) -> pd.Timestamp | None:
        return None if pd.isna(value) else pd.Timestamp(value)

    return Target(
        program_kode=row["program_kode"], sektor_kode=row["sektor_kode"], negara=row["negara"],
        jumlah=int(row["jumlah"]), mulai=date(row["mulai"]), selesai=date(row["selesai"]),
        sumber=row["sumber"], is_default=False,
    )


def choose_target(openings: pd.DataFrame, program: str | None = None, sektor: str | None = None,
                  negara: str | None = None) -> Target:
    """The one target of ``openings`` that matches the given codes (``None`` matches anything).

    Exactly one row must match: none, or several (say both SSW_JP · CAREWORKER and
    G2G_KR · MANUFAKTUR when no code is given), is an error listing the targets there are,
    so the report never silently measures the wrong target.
    """
    chosen = openings
    wanted = {"program_kode": program, "sektor_kode": sektor, "negara": negara}
    for column, code in wanted.items():
        if code is not None:
            chosen = chosen[chosen[column] == code.upper()]
    asked = " · ".join(code for code in wanted.values() if code is not None) or "-"
    available = "; ".join(" · ".join(map(str, key)) for key in openings[list(TARGET_KEY)].itertuples(index=False))
    if len(chosen) == 0:
        raise InvalidParameterError("target_tidak_ada", pilihan=asked, daftar=available or "-")
    if len(chosen) > 1:
        raise InvalidParameterError("target_ganda", pilihan=asked, jumlah=len(chosen), daftar=available)
    return _target_from_row(chosen.iloc[0])


def target_for_folder(raw_dir: str | Path, program: str | None = None, sektor: str | None = None,
                      negara: str | None = None) -> Target:
    """The target for a raw folder: from its ``lowongan.csv`` when there is one, else the default.

    While the folder holds only the synthetic sample, the sample's own ``contoh/lowongan.csv`` counts.

    Without a file, asking for a target other than the default is an error (there is no figure
    for it), rather than quietly measuring against 1,500 careworker openings.
    """
    from jejak_analysis.clean import settings_dir  # the sample's own file when the sample alone is read

    path = settings_dir(raw_dir) / OPENINGS_FILE
    if path.exists():
        return choose_target(read_openings(path), program=program, sektor=sektor, negara=negara)
    target = default_target()
    asked = {"program_kode": program, "sektor_kode": sektor, "negara": negara}
    if any(code is not None and code.upper() != getattr(target, column) for column, code in asked.items()):
        raise InvalidParameterError(
            "target_tanpa_berkas", pilihan=" · ".join(c for c in asked.values() if c is not None),
            berkas=OPENINGS_FILE, bawaan=" · ".join(getattr(target, column) for column in TARGET_KEY))
    return target
