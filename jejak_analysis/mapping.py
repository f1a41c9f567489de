"""Turning raw text into codebook codes, with the method and the confidence of each mapping.

The order of rules, for one raw value of one kind:

1. blank (or only punctuation) → missing, method ``blank``;
2. the analyst's corrections file (``koreksi.csv``) → method ``correction``;
3. a text that means "no choice" for this kind ("-", "belum tahu" as a country) → missing, ``no_choice``;
4. a text the codebook lists as ambiguous ("Sungai Raya", "AK") → missing, ``unmapped``, with the reason;
5. the code or a label itself → ``exact``; a known spelling → ``synonym``;
6. a bare number where the kind has no numbers (a region "6104": which scheme?) → ``unmapped``;
7. the closest known name by ``rapidfuzz.fuzz.ratio`` at or above the kind's threshold → ``fuzzy``;
8. otherwise → missing, ``unmapped``, with the best suggestion and its score.

An unmapped value never becomes a code. Each distinct raw value is mapped once and
the result joined back, so a million answers cost what their few hundred distinct
values cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from jejak_analysis.codebook import kind_names, load_kind
from jejak_analysis.errors import InvalidDataError
from jejak_analysis.normalize import normalize_text

METHODS = ("blank", "correction", "no_choice", "exact", "synonym", "fuzzy", "unmapped")
MAPPED_COLUMNS = ["kode", "metode", "skor", "saran", "alasan"]


@dataclass(frozen=True)
class Mapping:
    """The mapping of one raw value: the code (or None) and how it was found."""

    kode: str | None
    metode: str
    skor: float | None = None
    saran: str | None = None  # best suggestion when unmapped or fuzzy
    alasan: str | None = None  # why it was not mapped


@dataclass(frozen=True)
class Corrections:
    """The analyst's decisions: (kind, normalised raw text) → code. Empty by default."""

    table: tuple[tuple[tuple[str, str], str], ...] = ()
    source: str | None = None

    def lookup(self, kind: str, key: str) -> str | None:
        return dict(self.table).get((kind, key))

    def __len__(self) -> int:
        return len(self.table)


def _school_id(code: str) -> str | None:
    """A school's code in the corrections: its NPSN (typed any way) or the slug of its name; None if neither."""
    from jejak_analysis.parse import parse_npsn

    npsn = parse_npsn(code)
    if npsn is not None:
        return npsn
    return code if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code) else None


# Kinds whose codes are not in the codebook but come from the data: a school's code is its
# school_id (school_list decides uncertain name matches with them). Kind -> code check/normaliser.
OPEN_KINDS = {"sekolah": _school_id}


def read_corrections(path: str | Path) -> Corrections:
    """Read the corrections file (``jenis,teks_asli,kode``); a missing file means no corrections.

    Every row must name a known kind and a valid code of that kind (or be left blank to
    say "leave it unmapped"); otherwise it is an error naming the row, because a wrong
    correction would otherwise silently set wrong codes every month.
    """
    path = Path(path)
    if not path.exists():
        return Corrections()
    frame = _corrections_grid(path)
    header = [normalize_text(c) for c in frame.iloc[0]] if len(frame) else []
    needed = ["jenis", "teks asli", "kode"]
    if any(col not in header for col in needed):
        raise InvalidDataError("koreksi_kolom", path, row=1, kolom=", ".join(["jenis", "teks_asli", "kode"]))
    idx = {col: header.index(col) for col in needed}
    table: dict[tuple[str, str], str] = {}
    for offset, values in enumerate(frame.iloc[1:].itertuples(index=False), start=2):
        kind = (values[idx["jenis"]] or "").strip()
        raw = values[idx["teks asli"]] or ""
        code = (values[idx["kode"]] or "").strip()
        if not kind and not raw and not code:
            continue
        if kind in OPEN_KINDS:
            code = OPEN_KINDS[kind](code) if code else code
            if code is None:
                raise InvalidDataError("koreksi_kode", path, row=offset, kode=values[idx["kode"]], jenis=kind)
        elif kind not in kind_names():
            raise InvalidDataError("koreksi_jenis", path, row=offset, jenis=kind,
                                   daftar=", ".join([*kind_names(), *OPEN_KINDS]))
        elif code and code not in set(load_kind(kind).codes["kode"]):
            raise InvalidDataError("koreksi_kode", path, row=offset, kode=code, jenis=kind)
        table[(kind, normalize_text(raw))] = code
    return Corrections(tuple(sorted(table.items())), source=str(path))


def _corrections_grid(path: Path) -> pd.DataFrame:
    """The corrections as a grid of text: the CSV, or the review workbook's ``koreksi`` sheet (else its first)."""
    from jejak_analysis.read import read_grids  # the reader knows encodings, delimiters and workbooks

    grids = dict(read_grids(path))
    grid = grids.get("koreksi", next(iter(grids.values()), pd.DataFrame()))
    return grid.reset_index(drop=True)


def map_value(value: object, kind: str, corrections: Corrections = Corrections()) -> Mapping:
    """Map one raw value onto a code of ``kind`` (see the module docstring for the rules).

    >>> map_value("Kab. Pontianak", "wilayah")
    Mapping(kode='61.02', metode='synonym', skor=None, saran=None, alasan=None)
    >>> map_value("Pontianak", "wilayah").kode
    '61.71'
    >>> map_value("Jepan", "negara").metode
    'fuzzy'
    """
    spec = load_kind(kind)
    key = normalize_text(value)
    if not key:
        if isinstance(value, str) and value.strip() in spec.no_choice:  # "-" typed as a choice
            return Mapping(None, "no_choice")
        return Mapping(None, "blank")
    corrected = corrections.lookup(kind, key)
    if corrected is not None:
        return Mapping(corrected or None, "correction")
    if key in spec.no_choice:
        return Mapping(None, "no_choice")
    if key in spec.ambiguous:
        return Mapping(None, "unmapped", alasan=spec.ambiguous[key])
    if key in spec.lookup:
        code, method = spec.lookup[key]
        return Mapping(code, method)
    if not spec.numbers_allowed and key.replace(" ", "").isdigit():
        return Mapping(None, "unmapped", alasan="angka tanpa skema kode yang jelas")
    best = process.extractOne(key, spec.fuzzy_choices.keys(), scorer=fuzz.ratio) if len(key) >= 4 else None
    if best is None:
        return Mapping(None, "unmapped", alasan="tidak dikenal")
    text, score, _ = best
    code = spec.fuzzy_choices[text]
    if score >= spec.fuzzy_threshold:
        return Mapping(code, "fuzzy", round(float(score), 1), saran=code)
    return Mapping(None, "unmapped", round(float(score), 1), saran=code, alasan="tidak dikenal")


def map_codes(values: pd.Series | Iterable[object], kind: str,
              corrections: Corrections = Corrections()) -> pd.DataFrame:
    """Map a column of raw values onto codes of ``kind``.

    Returns a frame with the same index and the columns ``kode``, ``metode``,
    ``skor``, ``saran`` and ``alasan``. Each distinct value is mapped once.

    >>> map_codes(pd.Series(["Ya", "tdk", "", "ragu-ragu"]), "jawaban")["kode"].tolist()
    ['YA', 'TIDAK', None, 'RAGU']
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes_, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    mapped = [map_value(v, kind, corrections) for v in uniques]
    mapped.append(Mapping(None, "blank"))  # position -1: missing values
    table = pd.DataFrame(
        {
            "kode": pd.Series([m.kode for m in mapped], dtype=object),
            "metode": pd.Series([m.metode for m in mapped], dtype=object),
            "skor": pd.Series([m.skor for m in mapped], dtype="Float64"),
            "saran": pd.Series([m.saran for m in mapped], dtype=object),
            "alasan": pd.Series([m.alasan for m in mapped], dtype=object),
        }
    )
    result = table.iloc[codes_].reset_index(drop=True)
    result.index = series.index
    return result


def needs_review(mapped: pd.DataFrame) -> pd.Series:
    """True where a mapped value must be seen by an analyst: unmapped, or matched only fuzzily."""
    return mapped["metode"].isin(["unmapped", "fuzzy"])
