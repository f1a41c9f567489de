"""The codebook as data: every code, its labels in Indonesian and English, its known raw spellings.

The files live in ``jejak_analysis/reference/`` (see its README). This module only
loads them; :mod:`jejak_analysis.mapping` uses the lookups to turn raw text into
codes, and charts, workbooks and reports take their labels from :func:`labels`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd

from jejak_analysis.normalize import normalize_text

REFERENCE = "jejak_analysis.reference"


def read_reference_csv(name: str) -> list[dict[str, str]]:
    """Rows of one reference CSV file as dictionaries of text."""
    text = resources.files(REFERENCE).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class Kind:
    """One kind of code (region, major, country…) with everything needed to map raw text onto it."""

    name: str
    codes: pd.DataFrame  # kode, label_id, label_en (and extra columns such as urutan)
    lookup: dict[str, tuple[str, str]]  # normalised text -> (code, "exact" | "synonym")
    ambiguous: dict[str, str]  # normalised text -> reason (Indonesian) it must not be mapped
    no_choice: frozenset[str]  # normalised texts that mean "no choice" (an empty answer)
    fuzzy_threshold: float
    numbers_allowed: bool
    fuzzy_choices: dict[str, str] = field(default_factory=dict)  # normalised text -> code


@cache
def kind_names() -> tuple[str, ...]:
    """The names of every kind the codebook defines, in the order of ``jenis.csv``."""
    return tuple(row["jenis"] for row in read_reference_csv("jenis.csv"))


def _split_spellings(cell: str) -> list[str]:
    return [s for s in (cell or "").split("|") if s.strip()]


def _region_rows() -> list[dict[str, str]]:
    """Regions from the Kemendagri list, with English labels and automatic spellings.

    Each region is known by its full name and by "kab X"/"kota X". The bare name X
    is a spelling only when no other region shares it ("Bekasi" is both a kabupaten
    and a kota, so a bare "Bekasi" is not mapped). Local spellings come from
    ``wilayah_ejaan.csv`` and win over the automatic ones.
    """
    regions = read_reference_csv("kabupaten_kota.csv")
    bare_counts: dict[str, int] = {}
    for row in regions:
        bare = normalize_text(row["nama"].removeprefix("Kabupaten ").removeprefix("Kota "))
        bare_counts[bare] = bare_counts.get(bare, 0) + 1
    local = {row["kode"]: row["ejaan"] for row in read_reference_csv("wilayah_ejaan.csv")}
    rows = []
    for row in regions:
        is_city = row["nama"].startswith("Kota ")
        bare = row["nama"].removeprefix("Kabupaten ").removeprefix("Kota ")
        spellings = [("Kota " if is_city else "Kab. ") + bare]
        if bare_counts[normalize_text(bare)] == 1:
            spellings.append(bare)
        rows.append({
            "kode": row["kode"],
            "label_id": row["nama"],
            "label_en": f"{bare} {'City' if is_city else 'Regency'}",
            "kode_provinsi": row["kode_provinsi"],
            "ejaan": "|".join(spellings),
            "ejaan_lokal": local.get(row["kode"], ""),
        })
    return rows


def _twin_regions(rows: list[dict]) -> dict[str, str]:
    """Bare names shared by a Kabupaten and a Kota ("Bandung", "Bogor") → why they cannot be mapped alone."""
    by_bare: dict[str, list[dict]] = {}
    for row in rows:
        bare = row["label_id"].removeprefix("Kabupaten ").removeprefix("Kota ")
        by_bare.setdefault(normalize_text(bare), []).append(row)
    return {key: " atau ".join(f"{r['label_id']} ({r['kode']})" for r in twins) + "?"
            for key, twins in by_bare.items() if len(twins) > 1}


@cache
def load_kind(name: str) -> Kind:
    """Load one kind of code from the reference files (cached: the files are read once)."""
    settings = {row["jenis"]: row for row in read_reference_csv("jenis.csv")}
    if name not in settings:
        raise KeyError(f"unknown codebook kind {name!r}; known: {', '.join(settings)}")
    setting = settings[name]
    rows = _region_rows() if name == "wilayah" else read_reference_csv(setting["berkas"])

    lookup: dict[str, tuple[str, str]] = {}
    conflicts: set[str] = set()

    def add(text: str, code: str, method: str, override: bool = False) -> None:
        key = normalize_text(text)
        if not key:
            return
        if key in lookup:
            if lookup[key][0] == code:
                return  # already known for this code; the first (most exact) method stays
            if not override:
                conflicts.add(key)  # one spelling, two codes: never map it by itself
                return
        lookup[key] = (code, method)

    for row in rows:
        add(row["kode"], row["kode"], "exact")
        add(row["label_id"], row["kode"], "exact")
        add(row["label_en"], row["kode"], "exact")
        for spelling in _split_spellings(row["ejaan"]):
            add(spelling, row["kode"], "synonym")
    for key in conflicts:
        lookup.pop(key, None)
    for row in rows:  # local spellings decide what automatic ones left open ("Pontianak" = Kota Pontianak)
        for spelling in _split_spellings(row.get("ejaan_lokal", "")):
            add(spelling, row["kode"], "synonym", override=True)

    ambiguous = {normalize_text(r["teks"]): r["alasan_id"] for r in read_reference_csv("ambigu.csv")
                 if r["jenis"] == name}
    if name == "wilayah":  # "Bandung": the Kabupaten or the Kota? Never a guess, never a fuzzy "Badung"
        for key, reason in _twin_regions(rows).items():
            if key not in lookup:  # unless a local spelling decided it ("Pontianak" = Kota Pontianak)
                ambiguous.setdefault(key, reason)
    for key in ambiguous:
        lookup.pop(key, None)
    # "-" normalises to nothing, so no-choice marks are kept as typed as well as normalised.
    no_choice = frozenset(normalize_text(r["teks"]) or r["teks"].strip()
                          for r in read_reference_csv("tanpa_pilihan.csv") if r["jenis"] == name)
    codes = pd.DataFrame([{k: v for k, v in row.items() if k not in ("ejaan", "ejaan_lokal")} for row in rows])
    # Fuzzy matching only against names long enough to be told apart; short forms must match exactly.
    fuzzy_choices = {key: code for key, (code, _) in lookup.items() if len(key) >= 4}
    return Kind(
        name=name,
        codes=codes,
        lookup=lookup,
        ambiguous=ambiguous,
        no_choice=no_choice,
        fuzzy_threshold=float(setting["ambang_fuzzy"]),
        numbers_allowed=setting["angka_boleh"] == "ya",
        fuzzy_choices=fuzzy_choices,
    )


def labels(kind: str, lang: str = "id") -> dict[str, str]:
    """Code → label in the given language, for charts, workbooks and reports.

    >>> labels("negara", "en")["JP"]
    'Japan'
    >>> labels("wilayah")["61.02"]
    'Kabupaten Mempawah'
    """
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', not {lang!r}")
    codes = load_kind(kind).codes
    return dict(zip(codes["kode"], codes[f"label_{lang}"], strict=True))


def codes(kind: str) -> list[str]:
    """Every valid code of a kind, in codebook order."""
    return list(load_kind(kind).codes["kode"])
