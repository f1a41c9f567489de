"""A leak scanner: finds NIK-, phone- and e-mail-shaped strings and known names in processed outputs.

Personal data stays in the raw layer. This module checks that promise after the
fact: :func:`find_personal_data` reads a table, a file or a whole folder (Parquet,
CSV, Excel, text, Markdown, HTML, notebooks) and lists every cell that looks like a
NIK (16 digits with a NIK's structure, or the scientific notation Excel makes of
one), an Indonesian phone number, an e-mail address, or contains one of the given
names. A finding shows only a masked excerpt, so the list of leaks is no leak itself.

:func:`names_in_raw` collects the respondents' names from raw questionnaires, to
pass as ``names``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jejak_analysis.person import nik_structure_ok, normalize_name

FINDING_COLUMNS = ["sumber", "kolom", "baris", "jenis", "cuplikan"]
TEXT_SUFFIXES = {".csv", ".txt", ".md", ".html", ".htm", ".json", ".tex", ".svg"}
TABLE_SUFFIXES = {".parquet", ".xlsx", ".xlsm"}

_NIK = re.compile(r"(?<![\d.,])(\d{16})(?!\d)")
_NIK_SCIENTIFIC = re.compile(r"(?<![\d.,])[1-9][.,]\d{2,14}[eE]\+15(?!\d)")
_PHONE = re.compile(r"(?<![\w.])(?:\+62|62|0)[\s-]?8\d{1,3}(?:[\s-]?\d{2,5}){2,3}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _mask(text: str) -> str:
    return text[:3] + "…" if len(text) > 3 else "…"


HIDDEN = "[disamarkan]"


def hide_contact_details(text: object, names: frozenset[str] = frozenset()) -> object:
    """``text`` with every NIK-, phone- and e-mail-shaped part replaced by ``[disamarkan]``, and
    the whole text hidden when it holds one of ``names`` (keys from :func:`name_keys`).

    For raw answers shown to the analyst outside ``data/raw/`` (the review list): a person
    who typed a phone number, an e-mail or a name into an answer field must not travel with it.

    >>> hide_contact_details("dari kak Yohanes wa 0813-5555-1234 / yo@gmail.example")
    'dari kak Yohanes wa [disamarkan] / [disamarkan]'
    >>> hide_contact_details("Jepang, Korea")
    'Jepang, Korea'
    """
    if not isinstance(text, str):
        return text
    if names and any(kind == "nama" for kind, _ in scan_text(text, names)):
        return HIDDEN
    for pattern in (_EMAIL, _NIK_SCIENTIFIC, _NIK):
        text = pattern.sub(HIDDEN, text)
    return _PHONE.sub(lambda m: HIDDEN if _phone_digits_ok(m.group(0)) else m.group(0), text)


def _phone_digits_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    digits = digits[2:] if digits.startswith("62") else digits[1:]
    return 9 <= len(digits) <= 12


def scan_text(text: str, names: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The personal data found in one text: ``(kind, masked excerpt)`` pairs.

    >>> scan_text("NIK 6171015507030001, HP 0812-3456-7890, siti@gmail.example")
    [('nik', '617…'), ('telepon', '081…'), ('email', 'sit…')]
    >>> scan_text("skor 0.1234567890123456; 61.71; R-3f9a1c2b7d12; 2020-07-07 10:23:45")
    []
    """
    found = []
    for match in _NIK.finditer(text):
        if nik_structure_ok(match.group(1)):
            found.append(("nik", _mask(match.group(1))))
    for match in _NIK_SCIENTIFIC.finditer(text):
        found.append(("nik", _mask(match.group(0))))
    for match in _PHONE.finditer(text):
        if _phone_digits_ok(match.group(0)):
            found.append(("telepon", _mask(match.group(0))))
    for match in _EMAIL.finditer(text):
        found.append(("email", _mask(match.group(0))))
    if names:
        words = (normalize_name(text) or "").split()
        longest = min(_longest_name(names), len(words))
        for size in range(2, longest + 1):  # every run of 2+ words, looked up: fast for many names
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start:start + size])
                if phrase in names:
                    found.append(("nama", _mask(phrase)))
    return found


@lru_cache(maxsize=8)
def _longest_name(names: frozenset[str]) -> int:
    """The most words in one of ``names``, counted once per set (not once per text scanned:
    with 600,000 respondents' names that made the review list of a national run take minutes)."""
    return max((len(n.split()) for n in names), default=0)


def name_keys(names: Iterable[str] | None) -> frozenset[str]:
    """Names as matching keys; only names of two words or more (a lone first name is too common to judge)."""
    keys = (normalize_name(n) for n in (names or []))
    return frozenset(k for k in keys if k and len(k.split()) >= 2)


def scan_frame(frame: pd.DataFrame, source: str = "", names: Iterable[str] | None = None) -> pd.DataFrame:
    """Findings in a table: every column's distinct values (numbers too: a NIK stored as a number) and its headers."""
    keys = name_keys(names)
    rows = []
    for column in frame.columns:
        for kind, excerpt in scan_text(str(column), keys):
            rows.append((source, str(column), None, kind, excerpt))
        values = frame[column]
        if pd.api.types.is_float_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue  # a float shows no 16 exact digits; a boolean nothing at all
        if pd.api.types.is_datetime64_any_dtype(values):
            continue
        filled = values.notna().to_numpy()
        texts = values[filled].astype(str)
        first_row = {}
        for position, text in zip(filled.nonzero()[0], texts, strict=True):
            first_row.setdefault(text, position)  # each distinct value scanned once, at its first row
        for text, position in first_row.items():
            for kind, excerpt in scan_text(text, keys):
                rows.append((source, str(column), int(position), kind, excerpt))
    return pd.DataFrame(rows, columns=FINDING_COLUMNS).astype({"baris": "Int64"})


def _notebook_texts(path: Path) -> pd.DataFrame:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook.get("cells", []):
        texts.append("".join(cell.get("source", [])))
        for output in cell.get("outputs", []):
            if "text" in output:
                texts.append("".join(output["text"]))
            for mime, data in output.get("data", {}).items():
                if mime.startswith("text/") or mime == "application/json":
                    texts.append(data if isinstance(data, str) else "".join(data))
    return pd.DataFrame({"isi": texts})


def _read_for_scan(path: Path) -> list[tuple[str, pd.DataFrame]]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return [("", pd.read_parquet(path))]
    if suffix in (".xlsx", ".xlsm"):
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
        return [(f"#{name}", frame) for name, frame in sheets.items()]
    if suffix == ".ipynb":
        return [("", _notebook_texts(path))]
    if suffix in TEXT_SUFFIXES:
        return [("", pd.DataFrame({"isi": path.read_text(encoding="utf-8", errors="replace").splitlines()}))]
    return []


def find_personal_data(target: str | Path | pd.DataFrame, names: Iterable[str] | None = None) -> pd.DataFrame:
    """Every NIK-, phone- and e-mail-shaped string and every given name in a table, a file or a folder.

    ``names`` are full names (two words or more), matched as whole words after
    normalising case and punctuation. Returns one row per finding and distinct value:
    ``sumber`` (the file, and ``#sheet`` for workbooks), ``kolom``, ``baris`` (0-based
    position of its first row, NA for a header), ``jenis`` (``nik``, ``telepon``, ``email``, ``nama``) and a
    masked ``cuplikan``. An empty result means nothing was found.
    """
    names = list(names or [])
    if isinstance(target, pd.DataFrame):
        return scan_frame(target, "", names)
    target = Path(target)
    paths = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
    found = [scan_frame(frame, f"{path}{sheet}", names) for path in paths for sheet, frame in _read_for_scan(path)]
    found = [f for f in found if len(f)]
    if not found:
        return pd.DataFrame(columns=FINDING_COLUMNS).astype({"baris": "Int64"})
    return pd.concat(found, ignore_index=True)


def names_in_raw(paths: Iterable[str | Path]) -> list[str]:
    """The names written in raw questionnaires (the columns recognised as ``nama``), to check outputs against."""
    from jejak_analysis.read import read_table

    return names_in_tables(table for path in paths for table in read_table(path))


def names_in_tables(tables: Iterable) -> list[str]:
    """The names written in questionnaire tables already read (:class:`~jejak_analysis.read.RawTable`)."""
    from jejak_analysis.questionnaire import column_roles, is_questionnaire

    names: set[str] = set()
    for table in tables:
        if not is_questionnaire(table):
            continue
        for header, role in column_roles(table.columns).items():
            if role == "nama":
                names.update(v for v in table.data[header].dropna().astype(str) if v.strip())
    return sorted(names)
