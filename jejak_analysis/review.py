"""Values waiting for the analyst: unmapped and fuzzy-matched raw text, with counts and suggestions.

The review workbook has the corrections file's columns first (``jenis``,
``teks_asli``, ``kode``): the analyst fills in ``kode`` and saves the sheet as
``data/raw/koreksi.csv`` (or keeps it as ``koreksi.xlsx``). From then on the
mapper applies those decisions before any other rule, every month.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from jejak_analysis.codebook import labels
from jejak_analysis.privacy import hide_contact_details, name_keys

REVIEW_COLUMNS = ["jenis", "teks_asli", "kode", "jumlah", "metode", "saran", "saran_label", "skor", "alasan"]
MAPPED_COLUMNS = ["jenis", "teks_asli", "kode", "metode", "skor", "saran", "alasan"]
# A suggestion scoring below this is no better than a guess: the sheet leaves it out rather than mislead.
SUGGESTION_MIN_SCORE = 60.0


def review_table(mapped: pd.DataFrame, schools: pd.DataFrame | None = None,
                 names: Iterable[str] = ()) -> pd.DataFrame:
    """Group the mapped values that need review by kind and raw text, with their counts.

    ``mapped`` has one row per raw value seen, or one row per distinct value with its
    count in ``jumlah`` (columns :data:`MAPPED_COLUMNS`); only ``unmapped`` and
    ``fuzzy`` rows are kept. For a fuzzy match ``kode`` is pre-filled with the code the
    mapper chose, so the analyst confirms or changes it; for an unmapped value it is
    empty. ``saran_label`` names the suggested code (for schools, from ``schools``).
    Phone numbers, e-mails and NIKs typed into an answer are hidden, and so is a whole text that holds
    one of ``names`` (the respondents' names from the raw files) (:func:`hide_contact_details`).
    """
    if mapped is None or mapped.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in REVIEW_COLUMNS})
    todo = mapped[mapped["metode"].isin(["unmapped", "fuzzy"])]
    if todo.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in REVIEW_COLUMNS})
    seen = _times_seen(todo)
    texts = todo["teks_asli"].astype(str)
    keys = name_keys(names)
    distinct = pd.unique(texts)
    texts = texts.map(dict(zip(distinct, (hide_contact_details(t, keys) for t in distinct), strict=True)))
    grouped = (
        todo.assign(teks_asli=texts, jumlah=seen, skor=todo["skor"].astype("Float64"))
        .groupby(["jenis", "teks_asli"], sort=True, dropna=False)
        .agg(kode=("kode", "first"), jumlah=("jumlah", "sum"), metode=("metode", "first"),
             saran=("saran", "first"), skor=("skor", "max"), alasan=("alasan", "first"))
        .reset_index()
    )
    weak = grouped["metode"].eq("unmapped") & grouped["skor"].lt(SUGGESTION_MIN_SCORE).fillna(False)
    grouped["saran"] = grouped["saran"].astype(object).where(~weak & grouped["saran"].notna(), None)
    grouped["kode"] = grouped["kode"].astype(object).where(grouped["kode"].notna(), None)
    names = _suggestion_names(set(grouped["jenis"]), schools)
    grouped["saran_label"] = [names.get(kind, {}).get(code) if isinstance(code, str) else None
                              for kind, code in zip(grouped["jenis"], grouped["saran"], strict=True)]
    grouped = grouped.sort_values(["jenis", "jumlah", "teks_asli"], ascending=[True, False, True], kind="stable")
    return grouped.reindex(columns=REVIEW_COLUMNS).reset_index(drop=True)


def _times_seen(mapped: pd.DataFrame) -> pd.Series:
    """How many raw cells each mapped row stands for: its ``jumlah`` when it carries one, else 1."""
    if "jumlah" not in mapped.columns:
        return pd.Series(1, index=mapped.index, dtype="int64")
    return pd.to_numeric(mapped["jumlah"], errors="coerce").fillna(1).astype("int64")


def _suggestion_names(kinds: set[str], schools: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    """Code → readable name for every kind on the sheet: codebook labels, and school names from ``schools``.

    Built once per kind (not per row: a national-size sheet has tens of thousands of rows).
    """
    from jejak_analysis.codebook import kind_names

    names = {kind: labels(kind) for kind in sorted(kinds & set(kind_names()))}
    if "sekolah" in kinds and schools is not None and not schools.empty:
        names["sekolah"] = dict(zip(schools["school_id"], schools["nama_sekolah"], strict=True))
    return names


def write_review_workbook(review: pd.DataFrame, path: str | Path, lang: str = "id", synthetic: bool = False) -> Path:
    """Write the review table as an Excel sheet the analyst can fill in (``kode``) and save as corrections.

    The sheet ``koreksi`` keeps its column codes (``jenis``, ``teks_asli``, ``kode``: the corrections
    file is read by them); a second sheet ``petunjuk`` says in ``lang`` what to do with it, and that the
    values are synthetic when they come from the sample only.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from jejak_analysis.messages import message
    from jejak_analysis.style import text
    from jejak_analysis.workbook import save_workbook_deterministic

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "koreksi"
    ws.append(REVIEW_COLUMNS)
    for row in review.reindex(columns=REVIEW_COLUMNS).itertuples(index=False):
        ws.append([None if pd.isna(v) else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFE699" if cell.value == "kode" else "D9E1F2")
    for letter, width in zip("ABCDEFGHI", (18, 40, 14, 9, 10, 12, 30, 8, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    guide = wb.create_sheet("petunjuk")
    guide.append([message("tinjau_petunjuk_judul", lang, n=len(review))])
    guide["A1"].font = Font(bold=True, size=13)
    if synthetic:
        guide.append([text("catatan_sintetis", lang)])
        guide["A2"].font = Font(bold=True, color="D55E00")
    guide.append([])
    for key in ("tinjau_petunjuk_kode", "tinjau_petunjuk_kosong", "tinjau_petunjuk_simpan"):
        guide.append([message(key, lang)])
    guide.column_dimensions["A"].width = 110
    save_workbook_deterministic(wb, path)
    return path
