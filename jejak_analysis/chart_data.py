"""Small, tested preparations that charts need and that the pipeline does not already hand over.

Drawing functions in :mod:`jejak_analysis.charts` never compute: every number they draw comes
in a frame. The few numbers that are not a column of a pipeline table (the gap to the target
under each candidate definition, the count of values waiting for review per kind) are computed
here, by pure functions, so that a test can check them and the chart test can check the drawing.

Definitions come from the reference files: the stages from ``tahap.csv``, and which stages make
a "candidate" from ``tahap_kandidat.csv`` (``siap_bahasa``; ``siap_bahasa|bersedia_dilatih``).
"""

from __future__ import annotations

import pandas as pd

from jejak_analysis.codebook import read_reference_csv
from jejak_analysis.errors import InvalidDataError

#: The columns of :meth:`jejak_analysis.pipeline.Pipeline.gap` that the funnel chart reads.
GAP_COLUMNS = ["kode", "label_id", "label_en", "lowongan", "kandidat", "selisih"]


def stage_labels(lang: str = "id") -> dict[str, str]:
    """Stage code → label in ``lang``, from ``reference/tahap.csv`` (the one place stages are defined)."""
    return {row["kode"]: row[f"label_{lang}"] for row in read_reference_csv("tahap.csv")}


def candidate_groups() -> pd.DataFrame:
    """The candidate definitions of ``reference/tahap_kandidat.csv`` with their member stages as lists."""
    groups = pd.DataFrame(read_reference_csv("tahap_kandidat.csv"))
    return groups.assign(tahap=groups["tahap"].str.split("|"))


def funnel_gap(funnel: pd.DataFrame, target: int, column: str = "jumlah") -> pd.DataFrame:
    """Openings minus candidates, for each candidate definition (ready; ready or willing to train).

    ``funnel`` has one row per stage (``tahap``) and the counts in ``column``. A negative
    ``selisih`` means the target is exceeded. A missing stage is an error, not a zero. The
    columns are those of ``Pipeline.gap()``, so a chart can take either; this one needs only the
    stage table.

    >>> funnel = pd.DataFrame({"tahap": ["siap_bahasa", "bersedia_dilatih"], "jumlah": [20, 100]})
    >>> funnel_gap(funnel, 1500)[["kode", "kandidat", "selisih"]].values.tolist()
    [['siap_bahasa', 20, 1480], ['siap_atau_dilatih', 120, 1380]]
    """
    counts = dict(zip(funnel["tahap"], funnel[column], strict=True))
    rows = []
    for group in candidate_groups().itertuples(index=False):
        missing = [stage for stage in group.tahap if stage not in counts or pd.isna(counts[stage])]
        if missing:
            raise InvalidDataError("tahap_tidak_ada", tahap=", ".join(missing), kolom=column)
        candidates = int(sum(int(counts[stage]) for stage in group.tahap))
        rows.append({"kode": group.kode, "label_id": group.label_id, "label_en": group.label_en,
                     "lowongan": int(target), "kandidat": candidates, "selisih": int(target) - candidates})
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def review_summary(review: pd.DataFrame) -> pd.DataFrame:
    """Values waiting for review per kind: ``jenis``, ``jumlah_nilai`` (distinct texts), ``jumlah_baris``.

    ``review`` is the review table of :func:`jejak_analysis.review.review_table` (one row per
    kind and raw text, ``jumlah`` = the rows that carry it). Kinds are sorted by the number of
    values, most first, then by name, so the chart reads from the largest job down.

    >>> review = pd.DataFrame({"jenis": ["negara", "jurusan", "negara"], "teks_asli": ["Jpg", "AK", "Korsl"],
    ...                        "jumlah": [3, 5, 1]})
    >>> review_summary(review).to_dict("records")
    [{'jenis': 'negara', 'jumlah_nilai': 2, 'jumlah_baris': 4}, {'jenis': 'jurusan', 'jumlah_nilai': 1, 'jumlah_baris': 5}]
    """
    if review.empty:
        return pd.DataFrame({"jenis": pd.Series(dtype=object), "jumlah_nilai": pd.Series(dtype="int64"),
                             "jumlah_baris": pd.Series(dtype="int64")})
    summary = (
        review.groupby("jenis", sort=True)
        .agg(jumlah_nilai=("teks_asli", "size"), jumlah_baris=("jumlah", "sum"))
        .reset_index()
        .sort_values(["jumlah_nilai", "jenis"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    return summary.astype({"jenis": object, "jumlah_nilai": "int64", "jumlah_baris": "int64"})
