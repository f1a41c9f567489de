"""Interest questionnaires → clean, de-duplicated, pseudonymised answers.

Stage 2 (clean) for the questionnaire, with the same skeleton as :mod:`school_list`:
read → clean → check → return one result object (:class:`QuestionnaireResult`).

What happens to the exports (each step is a small function below):

- columns are recognised by their headers (``reference/kolom_kuesioner.csv``), whatever
  the form's language or wording; two columns for one question (the form was edited)
  are combined, the first answer winning;
- each file's day/month order is decided once, from its timestamps (an English-locale
  export is month-first), never guessed cell by cell;
- answers map onto codebook codes, each distinct text once; checkbox cells are split by
  the known options (``reference/pilihan_kuesioner.csv`` and the codebook), because an
  option may itself hold a comma;
- names, NIKs, phones, e-mails and birth dates decide who is who
  (:mod:`jejak_analysis.identity`) and are then dropped: the outputs hold pseudonyms
  and codes only;
- the same submission seen in two cumulative exports is kept twice, with one
  ``submission_id`` and ``is_duplikat_kiriman`` on the later copy; the latest
  submission of each person is that person's row in ``respondents``;
- blank rows and rows without any answer are rejected with a reason; every raw row is
  accounted for (rows in = responses + rejected).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from jejak_analysis.codebook import load_kind, read_reference_csv
from jejak_analysis.errors import UnknownTableError
from jejak_analysis.identity import (
    nik_birth_mismatch,
    person_keys,
    pseudonyms,
    resolve_key,
    stable_person_keys,
)
from jejak_analysis.mapping import Corrections, Mapping, map_value
from jejak_analysis.messages import message
from jejak_analysis.normalize import normalize_text
from jejak_analysis.person import (
    AGE_RANGE,
    BIRTH_YEARS,
    TIMEZONE,
    detect_date_order,
    normalize_name,
    parse_age,
    parse_birth_date,
    parse_nik_column,
    parse_timestamps,
)
from jejak_analysis.read import NOT_DATA_REASONS, PROVENANCE, RawTable, read_table

NO_CORRECTIONS = Corrections()

# Codebook kind of every answer column (the processed column names of the ``jawaban`` table).
SINGLE_CHOICE = {
    "jenis_kelamin": "jenis_kelamin",
    "kab_kota_kode": "wilayah",
    "jurusan_kode": "jurusan",
    "minat_luar_negeri": "jawaban",
    "bahasa_jepang": "bahasa_jepang",
    "bersedia_pelatihan": "jawaban",
    "izin_orang_tua": "jawaban",
}
MULTI_CHOICE = {"negara": "negara", "program_kode": "program", "sektor_kode": "sektor",
                "sumber_informasi": "sumber_informasi"}
PERSONAL = ["nama", "nik", "telepon", "email", "alamat"]  # read for identity only, never written out
ANSWERS = ["jenis_kelamin", "tanggal_lahir", "umur", "kab_kota_kode", "asal_sekolah", "jurusan_kode",
           "status_pendidikan", "tahun_lulus", "minat_luar_negeri", "negara", "program_kode", "sektor_kode",
           "bahasa_jepang", "bersedia_pelatihan", "izin_orang_tua", "sumber_informasi"]
INPUT_COLUMNS = ["submitted_at", *PERSONAL, *ANSWERS]  # the columns of kolom_kuesioner.csv
IGNORED = "abaikan"
# Questions only a questionnaire asks: a sheet is one when it has a person column and two of these.
QUESTIONS = ["minat_luar_negeri", "negara", "program_kode", "sektor_kode", "bahasa_jepang", "bersedia_pelatihan",
             "izin_orang_tua", "sumber_informasi", "jenis_kelamin", "tanggal_lahir", "umur"]

RESPONSE_SCHEMA = {
    "source_file": "string", "source_sheet": "string", "source_row": "int64",
    "submission_id": "string", "respondent_id": "string", "submitted_at": f"datetime64[ns, {TIMEZONE}]",
    "jenis_kelamin": "string", "tanggal_lahir": "datetime64[ns]", "umur": "Int64", "kab_kota_kode": "string",
    "school_id": "string", "jurusan_kode": "string", "status_pendidikan": "string", "tahun_lulus": "Int64",
    "minat_luar_negeri": "string", "negara": "string", "program_kode": "string", "sektor_kode": "string",
    "sumber_informasi": "string", "bahasa_jepang": "string", "bersedia_pelatihan": "string",
    "izin_orang_tua": "string", "dasar_identitas": "string", "is_duplikat_kiriman": "bool",
}
RESPONSE_COLUMNS = list(RESPONSE_SCHEMA)
RESPONDENT_COLUMNS = [c for c in RESPONSE_COLUMNS if c != "is_duplikat_kiriman"] + ["jumlah_kiriman"]
PROBLEM_COLUMNS = ["source_file", "source_sheet", "source_row", "kolom", "teks_asli", "masalah"]
MAPPED_COLUMNS = ["jenis", "teks_asli", "kode", "metode", "skor", "saran", "alasan", "jumlah", *PROVENANCE]
REJECTED_COLUMNS = [*PROVENANCE, "alasan"]
ACCOUNTING_COLUMNS = [*PROVENANCE, "status", "alasan"]
HIDDEN = "(disamarkan)"  # what a problem shows instead of a personal value: the row says where to look
NOT_A_QUESTIONNAIRE = "bukan_kuesioner"
NO_ANSWER = "tanpa_jawaban"


@dataclass(frozen=True)
class QuestionnaireResult:
    """One or more questionnaire exports, cleaned together: what :func:`read_questionnaire` returns.

    - ``responses``: the ``jawaban`` table, one row per raw submission row (a submission
      seen in two exports is two rows with one ``submission_id``; the later copy has
      ``is_duplikat_kiriman``);
    - ``respondents``: the ``responden`` table, one row per person, their latest submission,
      with ``jumlah_kiriman`` (distinct submissions);
    - ``rejected``: rows that cannot be used, with ``alasan`` (``kosong``, ``catatan``,
      ``total`` as the reader set them aside; ``tanpa_jawaban``; ``bukan_kuesioner``);
    - ``problems``: values not read or not trusted, with where they are (personal values hidden);
    - ``mapped``: every distinct raw answer and the code it got, with ``jumlah`` and the
      first place it was seen, for the review sheet;
    - ``accounting``: every raw row and what became of it (``dipakai``, ``duplikat``,
      ``ditolak``, ``bukan_data``).
    """

    responses: pd.DataFrame
    respondents: pd.DataFrame
    rejected: pd.DataFrame
    problems: pd.DataFrame
    mapped: pd.DataFrame
    accounting: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Rows per file and sheet: in, used, duplicate, rejected, not data (in = the other four)."""
        if self.accounting.empty:
            return pd.DataFrame(columns=["source_file", "source_sheet", "baris_masuk", "baris_dipakai",
                                         "baris_duplikat", "baris_ditolak", "baris_bukan_data"])
        counts = (self.accounting.groupby(["source_file", "source_sheet", "status"], sort=True).size()
                  .unstack("status", fill_value=0))
        table = pd.DataFrame({"baris_masuk": counts.sum(axis=1)})
        for status in ("dipakai", "duplikat", "ditolak", "bukan_data"):
            table[f"baris_{status}"] = counts[status] if status in counts else 0
        return table.reset_index()


# --------------------------------------------------------------------------------------------
# Columns by their headers


@cache
def header_synonyms() -> dict[str, str]:
    """Normalised header text → input column, from ``reference/kolom_kuesioner.csv``.

    A header listed for two columns is an error in the reference file, not a choice to make.
    """
    valid = set(INPUT_COLUMNS) | {IGNORED}
    table: dict[str, str] = {}
    for row in read_reference_csv("kolom_kuesioner.csv"):
        column, key = row["kolom"].strip(), normalize_text(row["judul"])
        if column not in valid:
            raise ValueError(f"kolom_kuesioner.csv: unknown column {column!r} for {row['judul']!r}")
        if table.get(key, column) != column:
            raise ValueError(f"kolom_kuesioner.csv: {row['judul']!r} is listed for {table[key]} and {column}")
        table[key] = column
    return table


def column_roles(columns: Sequence[str]) -> dict[str, str]:
    """Raw header → input column (or ``abaikan``) for the headers the reference file knows.

    >>> column_roles(["Stempel waktu", "Nama Siswa", "Minat Negara", "Warna favorit"])
    {'Stempel waktu': 'submitted_at', 'Nama Siswa': 'nama', 'Minat Negara': 'negara'}
    """
    synonyms = header_synonyms()
    roles = {}
    for header in columns:
        role = synonyms.get(normalize_text(re.sub(r"\s*\(\d+\)$", "", header)))  # "Nama (2)": a repeated header
        if role is not None:
            roles[header] = role
    return roles


def is_questionnaire(table: RawTable) -> bool:
    """Whether a sheet is a questionnaire, by its headers: a person column and two questions only a form asks."""
    roles = set(column_roles(table.columns).values())
    return bool(roles & {"nama", "nik", "submitted_at"}) and len(roles & set(QUESTIONS)) >= 2


def _blank_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells of only spaces are blank (a CSV keeps them as text)."""
    return frame.apply(lambda col: col.where(col.isna() | (col.astype(str).str.strip() != ""), None))


def canonical_frame(table: RawTable, lang: str = "id") -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """The sheet's data as provenance + one text column per input column (None where absent).

    Two headers for one question (the form was edited, its export has both columns)
    are combined: the first non-blank answer wins, and rows where both hold different
    answers are reported. Headers the reference file does not know are reported once.
    Returns the frame, the problems and input column → the header it came from.
    """
    roles = column_roles(table.columns)
    data = _blank_to_none(table.data[table.columns]) if len(table.data) else table.data[table.columns]
    frame = table.data[PROVENANCE].copy()
    problems, header_of = [], {}
    for column in INPUT_COLUMNS:
        headers = [h for h in table.columns if roles.get(h) == column]
        values = pd.Series(None, index=data.index, dtype=object)
        for header in headers:
            extra = data[header].astype(object)
            if column == "nama":  # Microsoft Forms' "Name" column says "anonymous": no name, not a clash
                extra = extra.where(_distinct_apply(extra, normalize_name).notna(), None)
            both = values.notna() & extra.notna()
            for index in both[both].index:
                if normalize_text(values[index]) != normalize_text(extra[index]):
                    problems.append(_problem(frame.loc[index], header,
                                             HIDDEN if column in PERSONAL else extra[index],
                                             message("masalah_jawaban_bertentangan", lang, kolom=column)))
            values = values.where(values.notna(), extra)
        frame[column] = values
        if headers:
            header_of[column] = headers[0]
    sheet = (table.source_file, table.source_sheet, None)
    for header in table.columns:
        if header not in roles and data[header].notna().any():
            problems.append(_problem(sheet, header, None, message("masalah_kolom_tidak_dikenal", lang)))
    return frame, _problems_frame(problems), header_of


# --------------------------------------------------------------------------------------------
# Answers → codes


@cache
def form_options(kind: str) -> dict[str, str]:
    """The forms' option texts of one kind (normalised) → code, from ``reference/pilihan_kuesioner.csv``."""
    return {normalize_text(r["teks"]): r["kode"] for r in read_reference_csv("pilihan_kuesioner.csv")
            if r["jenis"] == kind}


def map_answer(text: object, kind: str, corrections: Corrections = NO_CORRECTIONS) -> Mapping:
    """Map one answer: the analyst's correction, else a form option, else the codebook's rules.

    >>> map_answer("Perawat lansia (careworker, kaigo)", "sektor").kode
    'CAREWORKER'
    """
    key = normalize_text(text)
    if key and corrections.lookup(kind, key) is None and key in form_options(kind):
        return Mapping(form_options(kind)[key], "synonym")
    return map_value(text, kind, corrections)


def is_known_option(text: str, kind: str) -> bool:
    """Whether a text is, as a whole, an option or spelling the codebook or the forms know (or "no choice")."""
    key = normalize_text(text)
    spec = load_kind(kind)
    return bool(key) and (key in form_options(kind) or key in spec.lookup or key in spec.no_choice)


_CHOICE_SEPARATOR = re.compile(r"(\s*[;,/&+]\s*|\s+(?:dan|and)\s+)", re.IGNORECASE)


def split_choices(text: str, is_known: Callable[[str], bool]) -> list[str]:
    """Split a checkbox answer into the options it joins, by matching known options.

    Google Forms joins ticked options with ", ", Microsoft Forms with ";", people with
    "/" or "dan"; an option may itself hold one of these. From left to right, the
    longest run of pieces that is a known option is taken; pieces no option explains
    stay together as typed (a typed "other" answer such as "Apotek / farmasi").

    >>> known = {"perawat lansia (careworker, kaigo)", "perawat rumah sakit", "jepang", "korea"}.__contains__
    >>> split_choices("Perawat lansia (careworker, kaigo), Perawat rumah sakit", lambda t: known(t.casefold()))
    ['Perawat lansia (careworker, kaigo)', 'Perawat rumah sakit']
    >>> split_choices("Jepang; Korea, Apotek / farmasi", lambda t: known(t.casefold()))
    ['Jepang', 'Korea', 'Apotek / farmasi']
    """
    parts = _CHOICE_SEPARATOR.split(text)
    tokens, separators = parts[0::2], parts[1::2]

    def joined(start: int, end: int) -> str:
        return "".join(tokens[i] + (separators[i] if i < end - 1 else "") for i in range(start, end)).strip()

    pieces, pending, i = [], None, 0
    while i < len(tokens):
        end = next((j for j in range(len(tokens), i, -1) if is_known(joined(i, j))), None)
        if end is None:
            pending = i if pending is None else pending
            i += 1
            continue
        if pending is not None:
            pieces.append(joined(pending, i))
            pending = None
        pieces.append(joined(i, end))
        i = end
    if pending is not None:
        pieces.append(joined(pending, len(tokens)))
    return [p for p in pieces if normalize_text(p)]


def _mapped_frame(kind: str, mappings: dict[str, Mapping], counts: Counter, first: dict[str, tuple]) -> pd.DataFrame:
    rows = []
    for text, mapping in mappings.items():
        if mapping.metode == "blank":
            continue
        source = first.get(text, (None, None, None))
        rows.append({"jenis": kind, "teks_asli": text, "kode": mapping.kode, "metode": mapping.metode,
                     "skor": mapping.skor, "saran": mapping.saran, "alasan": mapping.alasan,
                     "jumlah": counts[text], "source_file": source[0], "source_sheet": source[1],
                     "source_row": source[2]})
    return pd.DataFrame(rows, columns=MAPPED_COLUMNS, dtype=object)


def _distinct_counts(values: pd.Series, provenance: pd.DataFrame) -> tuple[pd.Series, dict[str, tuple]]:
    """Distinct non-blank values (in the order first seen) with their counts, and where each was first seen."""
    if not provenance.index.equals(values.index):  # positions below: line the rows up by label first
        provenance = provenance.reindex(values.index)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    present = codes[codes >= 0]
    counts = pd.Series(np.bincount(present, minlength=len(uniques)), index=pd.Index(uniques, dtype=object))
    positions = np.full(len(uniques), len(codes), dtype=np.int64)
    np.minimum.at(positions, present, np.flatnonzero(codes >= 0))
    where = provenance.iloc[positions][PROVENANCE]
    first = {text: (f, s, r) for text, f, s, r in zip(uniques, where["source_file"], where["source_sheet"],
                                                        where["source_row"], strict=True)}
    return counts, first


def _map_distinct(values: pd.Series, table: dict) -> pd.Series:
    """``table[value]`` for every value (None where absent or blank), looked up once per distinct value."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    lookup = np.array([table.get(u) for u in uniques] + [None], dtype=object)
    return pd.Series(lookup.take(codes), index=values.index, dtype=object, name=values.name)


def map_single(values: pd.Series, kind: str, corrections: Corrections = NO_CORRECTIONS,
               provenance: pd.DataFrame | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Codes of a single-choice column (each distinct text mapped once) and its mapped values."""
    values = values.rename("teks")
    provenance = provenance if provenance is not None else _no_provenance(values)
    counts, first = _distinct_counts(values, provenance)
    mappings = {text: map_answer(text, kind, corrections) for text in counts.index}
    codes = _map_distinct(values, {text: m.kode for text, m in mappings.items()})
    return codes.astype("string"), _mapped_frame(kind, mappings, Counter(counts.to_dict()), first)


def map_choices(values: pd.Series, kind: str, corrections: Corrections = NO_CORRECTIONS,
                provenance: pd.DataFrame | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Codes of a checkbox column: sorted codes joined by ``|``; ``""`` for "no choice"; NA when not answered.

    A cell whose options are all "no choice" ("-", "belum tahu") is ``""``, never
    LAINNYA. Options that cannot be mapped go to review and add no code; a cell with
    nothing but such options is NA.
    """
    values = values.rename("teks")
    provenance = provenance if provenance is not None else _no_provenance(values)
    counts, first_cell = _distinct_counts(values, provenance)
    mappings: dict[str, Mapping] = {}
    piece_counts: Counter = Counter()
    first: dict[str, tuple] = {}
    cell_codes: dict[str, str | None] = {}
    for cell, count in counts.items():
        pieces = split_choices(cell, lambda t: is_known_option(t, kind))
        found, unmapped = set(), False
        for piece in pieces:
            if piece not in mappings:
                mappings[piece] = map_answer(piece, kind, corrections)
                first[piece] = first_cell[cell]
            piece_counts[piece] += count
            mapping = mappings[piece]
            if mapping.kode:
                found.add(mapping.kode)
            elif mapping.metode not in ("no_choice", "blank"):
                unmapped = True
        if not pieces:  # "-", "--": punctuation only, which the codebook reads as "no choice"
            cell_codes[cell] = "" if str(cell).strip() else None
        else:
            cell_codes[cell] = "|".join(sorted(found)) if found else (None if unmapped else "")
    codes = _map_distinct(values, cell_codes)
    return codes.astype("string"), _mapped_frame(kind, mappings, piece_counts, first)


def _no_provenance(values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({c: None for c in PROVENANCE}, index=values.index)


_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_GRADE = re.compile(r"^(?:kelas |kls |kl )?(x|xi|xii|10|11|12)(?: |$)")


def parse_year(text: object) -> int | None:
    """A graduation year (1980–2049) in a text: "2019", "Thn 2019", "Alumni 2019".

    >>> parse_year("Thn 2019"), parse_year("belum lulus"), parse_year("19")
    (2019, None, None)
    """
    if text is None:
        return None
    match = _YEAR.search(str(text))
    return int(match[1]) if match else None


def map_status(text: object, corrections: Corrections = NO_CORRECTIONS) -> Mapping:
    """The education status of one answer: a grade ("XII", "Kls XI") is SISWA; "Alumni 2019" is LULUS.

    The year is read separately (:func:`parse_year`); a bare year is a graduation year (LULUS).

    >>> [map_status(v).kode for v in ["XII", "Kls XII", "XII Keperawatan", "Alumni 2019", "2018", "Mahasiswa"]]
    ['SISWA', 'SISWA', 'SISWA', 'LULUS', 'LULUS', 'MAHASISWA']
    """
    whole = map_answer(text, "status_pendidikan", corrections)
    if whole.kode or whole.metode in ("correction", "blank", "no_choice"):
        return whole
    key = normalize_text(text)
    if _GRADE.match(key):
        return Mapping("SISWA", "synonym")
    rest = _YEAR.sub(" ", key).strip()
    if not rest and _YEAR.search(key):
        return Mapping("LULUS", "synonym")
    if rest and rest != key:
        part = map_answer(rest, "status_pendidikan", corrections)
        if part.kode:
            return part
    return whole


def map_statuses(values: pd.Series, corrections: Corrections = NO_CORRECTIONS,
                 provenance: pd.DataFrame | None = None) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Status codes, the year written in the status ("Alumni 2019") and the mapped values, per distinct text."""
    values = values.rename("teks")
    provenance = provenance if provenance is not None else _no_provenance(values)
    counts, first = _distinct_counts(values, provenance)
    mappings = {text: map_status(text, corrections) for text in counts.index}
    codes = _map_distinct(values, {text: m.kode for text, m in mappings.items()}).astype("string")
    years = _map_distinct(values, {text: parse_year(text) for text in counts.index}).astype("Int64")
    return codes, years, _mapped_frame("status_pendidikan", mappings, Counter(counts.to_dict()), first)


# --------------------------------------------------------------------------------------------
# Schools


def _best_three(queries: list[str], choices: list[str], chunk: int = 256) -> list[list[tuple[float, int]]]:
    """For each query, ``(score, index)`` of its three best choices by ``fuzz.ratio``.

    The same as ``process.extract(query, choices, scorer=fuzz.ratio, limit=3)`` for each
    query (best first, equal scores in the order of ``choices``), scored in blocks by
    ``process.cdist`` on both cores instead of one call per query (~1 ms each over
    14,000 schools). Scores are float64, as ``extract`` gives them.
    """
    from rapidfuzz import fuzz, process

    if not queries:
        return []
    if not choices:
        return [[] for _ in queries]
    n = len(choices)
    result = []
    for start in range(0, len(queries), chunk):
        scores = process.cdist(queries[start:start + chunk], choices, scorer=fuzz.ratio, dtype=np.float64,
                               workers=-1)
        if n <= 3:
            third = scores.min(axis=1)
        else:
            third = np.partition(scores, n - 3, axis=1)[:, n - 3]  # each row's third best score
        for row, cut in zip(scores, third, strict=True):
            candidates = np.flatnonzero(row >= cut)  # in the order of choices
            best = candidates[np.argsort(-row[candidates], kind="stable")[:3]]
            result.append([(float(row[i]), int(i)) for i in best])
    return result


def match_school_texts(values: pd.Series, schools: pd.DataFrame | None,
                       corrections: Corrections = NO_CORRECTIONS,
                       provenance: pd.DataFrame | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """``school_id`` for each "Asal Sekolah" text, matched against the ``sekolah`` table.

    Uses the school lists' own name rules (:func:`jejak_analysis.school_list.name_parts`:
    generic words and a trailing town dropped): the distinctive words equal, or
    ``fuzz.ratio`` at least the school lists' automatic threshold, with the same numbers
    and no conflicting town. The analyst's corrections (kind ``sekolah``) come first.
    Without a school table every ``school_id`` is missing and nothing is reported.
    """
    values = values.rename("teks")
    if schools is None or schools.empty:
        return pd.Series(pd.NA, index=values.index, dtype="string"), pd.DataFrame(columns=MAPPED_COLUMNS,
                                                                                  dtype=object)
    from jejak_analysis.school_list import MATCH_AUTO, name_parts

    provenance = provenance if provenance is not None else _no_provenance(values)
    counts, first = _distinct_counts(values, provenance)
    canon = schools.drop_duplicates("school_id")[["school_id", "nama_sekolah", "kab_kota_kode"]]
    known = [(sid, name_parts(name), region) for sid, name, region in canon.itertuples(index=False)]
    cores = [parts.core for _, parts, _ in known]
    by_core: dict[str, list[tuple]] = {}  # core → the schools with it: no scan of every school per text
    norms_of: dict[str, set[str]] = {}
    for candidate in known:
        by_core.setdefault(candidate[1].core, []).append(candidate)
        norms_of.setdefault(candidate[0], set()).add(candidate[1].norm)

    def compatible(parts, candidate) -> bool:
        _, their, region = candidate
        town_ok = parts.town is None or pd.isna(region) or parts.town == region
        return town_ok and parts.numbers == their.numbers

    def settled(text: str) -> Mapping | tuple:
        """The mapping, or ``(parts,)`` when only a fuzzy match over every school can tell."""
        corrected = corrections.lookup("sekolah", normalize_text(text))
        if corrected is not None:
            return Mapping(corrected or None, "correction")
        parts = name_parts(text)
        if not parts.core:
            return Mapping(None, "blank")
        same = {c[0] for c in by_core.get(parts.core, ()) if compatible(parts, c)}
        if len(same) == 1:
            sid = same.pop()
            exact = parts.norm in norms_of[sid]
            return Mapping(sid, "exact" if exact else "synonym")
        return (parts,)

    def fuzzy(parts, best: list[tuple[float, int]]) -> Mapping:
        if not best:
            return Mapping(None, "unmapped", alasan="tidak dikenal")
        score, index = best[0]
        close = {known[i][0] for s, i in best if s >= MATCH_AUTO and compatible(parts, known[i])}
        if len(close) == 1 and score >= MATCH_AUTO:
            sid = close.pop()
            return Mapping(sid, "fuzzy", round(float(score), 1), saran=sid)
        return Mapping(None, "unmapped", round(float(score), 1), saran=known[index][0], alasan="tidak dikenal")

    mappings = {text: settled(text) for text in counts.index}
    pending = [text for text, m in mappings.items() if isinstance(m, tuple)]
    queries = [mappings[text][0].core for text in pending]
    for text, best in zip(pending, _best_three(queries, cores), strict=True):
        mappings[text] = fuzzy(mappings[text][0], best)
    ids = _map_distinct(values, {text: m.kode for text, m in mappings.items()}).astype("string")
    return ids, _mapped_frame("sekolah", mappings, Counter(counts.to_dict()), first)


# --------------------------------------------------------------------------------------------
# Problems


def _problem(source, kolom: str | None, teks: object, masalah: str) -> dict:
    if isinstance(source, pd.Series):
        source = tuple(source[PROVENANCE])
    file, sheet, row = source
    return {"source_file": file, "source_sheet": sheet, "source_row": row, "kolom": kolom,
            "teks_asli": None if teks is None else str(teks), "masalah": masalah}


def _problems_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    frame = frame.reindex(columns=PROBLEM_COLUMNS)
    frame["source_row"] = frame["source_row"].astype("Int64")
    return frame


def _row_problems(rows: pd.DataFrame, mask: pd.Series, column: str, masalah: str | pd.Series,
                  header_of: dict[tuple[str, str, str], str], personal: bool = False) -> pd.DataFrame:
    """One problem per row where ``mask`` holds: the raw text (hidden for personal columns) and the message."""
    hit = rows[mask.reindex(rows.index, fill_value=False)]
    if hit.empty:
        return _problems_frame([])
    kolom = [header_of.get((f, s, column), column) for f, s in zip(hit["source_file"], hit["source_sheet"],
                                                                    strict=True)]
    frame = pd.DataFrame({
        "source_file": hit["source_file"], "source_sheet": hit["source_sheet"], "source_row": hit["source_row"],
        "kolom": kolom, "teks_asli": HIDDEN if personal else hit[column].astype(object),
        "masalah": masalah if isinstance(masalah, str) else masalah[hit.index],
    })
    return _problems_frame(frame)


# --------------------------------------------------------------------------------------------
# Dates, ages, years


def _orders(rows: pd.DataFrame, column: str) -> dict[str, str | None]:
    """The date order of ``column`` in each file."""
    return {file: detect_date_order(group[column]) for file, group in rows.groupby("source_file", sort=True)}


def clean_timestamps(rows: pd.DataFrame, lang: str = "id") -> tuple[pd.Series, dict[str, str], list[dict]]:
    """``submitted_at`` per row, each file read in its own day/month order; the orders and file-level notes."""
    result = pd.Series(pd.NaT, index=rows.index, dtype=f"datetime64[ns, {TIMEZONE}]")
    orders, notes = {}, []
    for file, order in _orders(rows, "submitted_at").items():
        in_file = rows["source_file"] == file
        if order == "campur":
            notes.append(_problem((file, None, None), "submitted_at", None, message("masalah_urutan_campur", lang)))
        elif order == "mdy":
            notes.append(_problem((file, None, None), "submitted_at", None,
                                  message("masalah_urutan_bulan_dulu", lang)))
        orders[file] = "mdy" if order == "mdy" else "dmy"
        result[in_file] = parse_timestamps(rows.loc[in_file, "submitted_at"], orders[file])
    return result, orders, notes


def clean_birth_dates(rows: pd.DataFrame, file_orders: dict[str, str]) -> pd.Series:
    """``tanggal_lahir`` per row (each distinct text once): the column's own order when it shows one, else the file's."""
    result = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    for file, order in _orders(rows, "tanggal_lahir").items():
        in_file = rows["source_file"] == file
        use = order if order in ("dmy", "mdy") else file_orders.get(file, "dmy")
        texts = rows.loc[in_file, "tanggal_lahir"]
        parsed = {text: parse_birth_date(text, use) for text in texts.dropna().unique()}
        result[in_file] = pd.to_datetime(texts.map(parsed), errors="coerce").astype("datetime64[ns]")
    return result


def ages(birth: pd.Series, at: pd.Series, typed: pd.Series) -> pd.Series:
    """Age at submission: from the birth date when both dates are known, else the age as written."""
    wall = at.dt.tz_localize(None)
    before_birthday = (wall.dt.month * 100 + wall.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    computed = (wall.dt.year - birth.dt.year - before_birthday.astype("Int64")).astype("Int64")
    return computed.where(computed.notna(), typed).astype("Int64")


# --------------------------------------------------------------------------------------------
# Cleaning all exports together


def _answer_signature(codes: pd.DataFrame) -> pd.Series:
    """A text of the row's cleaned answers: the same submission in two exports gives the same text."""
    parts = [codes[c].astype("string").fillna("").tolist() for c in codes.columns]
    return pd.Series(["|".join(answers) for answers in zip(*parts, strict=True)], index=codes.index, dtype=object)


def _typed(frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: frame[c].astype(t) if c in frame else pd.Series(dtype=t) for c, t in schema.items()},
                        index=frame.index)


def _sorted(frame: pd.DataFrame, columns: Sequence[str] = PROVENANCE) -> pd.DataFrame:
    return frame.sort_values(list(columns), kind="stable", na_position="first").reset_index(drop=True)


def _set_aside_rows(table: RawTable) -> pd.DataFrame:
    return table.set_aside[[*PROVENANCE, "alasan"]]


def _collect(files: Iterable[tuple[str, Sequence[RawTable]]], lang: str):
    """Every sheet's rows as input columns; non-questionnaire sheets and set-aside rows as rejected."""
    frames, problems, rejected, header_of = [], [], [], {}
    for source, tables in files:
        usable = [t for t in tables if is_questionnaire(t)]
        usable_ids = {id(t) for t in usable}  # by identity: tables hold frames, which do not compare as booleans
        if not usable:
            first = next((t for t in tables if t.columns), tables[0])
            raise UnknownTableError("tabel_tidak_dikenal", source, sheet=first.source_sheet,
                                    kolom=", ".join(first.columns[:6]))
        for table in tables:
            if not table.columns:  # a hidden or header-less sheet: the reader set its rows aside already
                rejected.append(_set_aside_rows(table))
                continue
            if id(table) not in usable_ids:
                aside = pd.concat([table.data[PROVENANCE].assign(alasan=NOT_A_QUESTIONNAIRE),
                                   _set_aside_rows(table).assign(alasan=NOT_A_QUESTIONNAIRE)])
                rejected.append(aside)
                continue
            frame, sheet_problems, headers = canonical_frame(table, lang)
            frames.append(frame)
            problems.append(sheet_problems)
            rejected.append(_set_aside_rows(table))
            header_of.update({(table.source_file, table.source_sheet, c): h for c, h in headers.items()})
    columns = [*PROVENANCE, *INPUT_COLUMNS]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    rows = rows.astype({c: object for c in INPUT_COLUMNS})
    return rows, problems, rejected, header_of


def clean_questionnaires(files: Iterable[tuple[str, Sequence[RawTable]]], key: bytes | str | None = None,
                         corrections: Corrections = NO_CORRECTIONS, schools: pd.DataFrame | None = None,
                         lang: str = "id") -> QuestionnaireResult:
    """Clean every questionnaire export together (identity and duplicates span files).

    ``files`` is ``(source_file, tables)`` per file as :func:`~jejak_analysis.read.read_table`
    returns them. The steps:

    - every sheet's columns are recognised by their headers; sheets that are not a
      questionnaire and rows the reader set aside are rejected with their reason;
    - rows without a single answer are rejected (``tanpa_jawaban``);
    - timestamps in each file's own day/month order; birth dates, ages and years parsed;
    - answers mapped to codes, schools matched to ``schools`` (the ``sekolah`` table);
    - people told apart (:func:`jejak_analysis.identity.person_keys`) and replaced by
      keyed pseudonyms; submissions seen twice marked; the latest per person kept;
    - every raw row accounted for, or the run stops.
    """
    rows, problem_parts, rejected_parts, header_of = _collect(files, lang)
    answered = rows[ANSWERS].notna().any(axis=1) if len(rows) else pd.Series(dtype=bool)
    rejected_parts.append(rows.loc[~answered, PROVENANCE].assign(alasan=NO_ANSWER))
    rows = rows[answered]
    provenance = rows[PROVENANCE]

    clean = pd.DataFrame(index=rows.index)
    mapped_parts = []
    submitted_at, orders, notes = clean_timestamps(rows, lang)
    problem_parts.append(_problems_frame(notes))
    clean["submitted_at"] = submitted_at
    problem_parts.append(_row_problems(rows, rows["submitted_at"].notna() & submitted_at.isna(), "submitted_at",
                                       message("masalah_waktu", lang), header_of))

    for column, kind in SINGLE_CHOICE.items():
        clean[column], mapped = map_single(rows[column], kind, corrections, provenance)
        mapped_parts.append(mapped)
    for column, kind in MULTI_CHOICE.items():
        clean[column], mapped = map_choices(rows[column], kind, corrections, provenance)
        mapped_parts.append(mapped)
    clean["status_pendidikan"], status_year, mapped = map_statuses(rows["status_pendidikan"], corrections,
                                                                   provenance)
    mapped_parts.append(mapped)
    written_year = _distinct_apply(rows["tahun_lulus"], parse_year).astype("Int64")
    clean["tahun_lulus"] = written_year.where(written_year.notna(), status_year)
    bad_year = rows["tahun_lulus"].notna() & written_year.isna() & rows["tahun_lulus"].astype(str).str.contains(
        r"\d", regex=True, na=False)
    problem_parts.append(_row_problems(rows, bad_year, "tahun_lulus", message("masalah_tahun_lulus", lang),
                                       header_of))
    clean["school_id"], mapped = match_school_texts(rows["asal_sekolah"], schools, corrections, provenance)
    mapped_parts.append(mapped)

    birth = clean_birth_dates(rows, orders)
    clean["tanggal_lahir"] = birth
    problem_parts.append(_row_problems(
        rows, rows["tanggal_lahir"].notna() & birth.isna(), "tanggal_lahir",
        message("masalah_tanggal_lahir", lang, awal=BIRTH_YEARS[0], akhir=BIRTH_YEARS[1]), header_of))
    typed_age = _distinct_apply(rows["umur"], parse_age).astype("Int64")
    problem_parts.append(_row_problems(rows, rows["umur"].notna() & typed_age.isna(), "umur",
                                       message("masalah_umur", lang, min=AGE_RANGE[0], max=AGE_RANGE[1]), header_of))
    clean["umur"] = ages(birth, submitted_at, typed_age)
    differs = typed_age.notna() & clean["umur"].notna() & ((typed_age - clean["umur"]).abs() > 1)
    problem_parts.append(_row_problems(
        rows, differs, "umur",
        pd.Series([message("masalah_umur_beda", lang, umur=a, hitung=b) for a, b in
                   zip(typed_age[differs], clean["umur"][differs], strict=True)], index=differs[differs].index,
                  dtype=object), header_of))

    identified, identity_problems = identify(rows, clean, key, lang, header_of)
    problem_parts.extend(identity_problems)
    clean = clean.join(identified)
    responses = _typed(pd.concat([provenance, clean], axis=1), RESPONSE_SCHEMA) if len(rows) else \
        _typed(pd.DataFrame(columns=RESPONSE_COLUMNS), RESPONSE_SCHEMA)
    responses = _sorted(responses)
    responses["is_duplikat_kiriman"] = responses["submission_id"].duplicated(keep="first").astype(bool)

    rejected = _sorted(pd.concat([r for r in rejected_parts if len(r)], ignore_index=True)
                       if any(len(r) for r in rejected_parts) else pd.DataFrame(columns=REJECTED_COLUMNS))
    rejected = rejected.astype({"source_file": "string", "source_sheet": "string", "source_row": "int64",
                                "alasan": "string"})
    mapped = _combine_mapped(mapped_parts)
    problems = [p for p in problem_parts if len(p)]
    problems = _sorted(pd.concat(problems, ignore_index=True), [*PROVENANCE, "kolom"]) if problems else \
        _problems_frame([])
    accounting = account(responses, rejected)
    return QuestionnaireResult(responses, latest_per_person(responses), rejected, problems, mapped, accounting)


def identify(rows: pd.DataFrame, clean: pd.DataFrame, key: bytes | str | None, lang: str,
             header_of: dict) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """``respondent_id``, ``submission_id`` and ``dasar_identitas`` per row, and the identity problems.

    The personal fields are read here and go no further: the result holds pseudonyms only.
    """
    if rows.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="string") for c in
                              ("respondent_id", "submission_id", "dasar_identitas")}, index=rows.index)
        return empty, []
    niks = pd.concat([parse_nik_column(group["nik"], text_file=file.lower().endswith((".csv", ".txt")))
                      for (file, _), group in rows.groupby(["source_file", "source_sheet"], sort=False)])
    niks = niks.reindex(rows.index)
    names = _distinct_apply(rows["nama"], normalize_name)
    birth_text = _iso_text(clean["tanggal_lahir"], "D")
    at_text = _iso_text(clean["submitted_at"], "s")
    place = "baris|" + rows["source_file"].astype(str) + "|" + rows["source_sheet"].astype(str) + "|" + \
        rows["source_row"].astype(str)
    moment = ("waktu|" + at_text).where(at_text.notna(), place)
    signature = _answer_signature(clean[[*SINGLE_CHOICE, *MULTI_CHOICE, "status_pendidikan", "school_id"]])
    people = pd.DataFrame({
        "nik": niks["nik"], "nik_digits": niks["nik_digits"], "name": names, "birth_date": birth_text,
        "phone": rows["telepon"], "email": rows["email"],
        "submission": moment + "|" + names.fillna("").astype(str) + "|" + signature,
    }, index=rows.index)
    mismatch = nik_birth_mismatch(people)
    decided = person_keys(people)
    stable = stable_person_keys(people, decided["person_key"], at_text.where(at_text.notna(), "~" + place))
    secret = resolve_key(key, lang)
    result = pd.DataFrame({
        "respondent_id": pseudonyms(stable, secret, "R-"),
        "submission_id": pseudonyms(stable + "|" + moment, secret, "K-"),
        "dasar_identitas": decided["dasar"].astype("string"),
    }, index=rows.index)

    problems = []
    for problem_key in ("nik_rusak_excel", "nik_akhir_nol", "nik_panjang_salah", "nik_tidak_valid",
                        "nik_bukan_angka"):
        problems.append(_row_problems(rows, niks["problem"] == problem_key, "nik",
                                      message(f"masalah_{problem_key}", lang), header_of, personal=True))
    problems.append(_row_problems(rows, mismatch, "nik", message("masalah_nik_tanggal_lahir", lang),
                                  header_of, personal=True))
    problems.append(_row_problems(rows, decided["dasar"] == "ambigu", "nama",
                                  message("masalah_identitas_ambigu", lang), header_of, personal=True))
    anonymous = people["nik"].isna() & people["name"].isna()
    problems.append(_row_problems(rows, anonymous, "nama", message("masalah_tanpa_identitas", lang), header_of,
                                  personal=True))
    return result, problems


def _iso_text(moments: pd.Series, unit: str) -> pd.Series:
    """ISO text of each date (``unit="D"``: 2003-07-15) or wall-clock time (``"s"``: 2020-07-07T10:23:45); NA stays NA.

    The same text as ``dt.strftime``, made by numpy in one pass (strftime took seconds per million rows).
    """
    wall = moments.dt.tz_localize(None) if getattr(moments.dt, "tz", None) is not None else moments
    text = np.datetime_as_string(wall.to_numpy(dtype="datetime64[ns]").astype(f"datetime64[{unit}]"), unit=unit)
    return pd.Series(text.astype(object), index=moments.index, dtype=object).where(moments.notna())


def _distinct_apply(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    table = [function(v) for v in uniques] + [None]
    return pd.Series([table[c] for c in codes], index=values.index, dtype=object)


def _combine_mapped(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per (kind, raw text): counts added up, the first place seen kept."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=MAPPED_COLUMNS, dtype=object).astype(
            {"jumlah": "int64", "skor": "Float64", "source_row": "Int64"})
    frame = _sorted(pd.concat(parts, ignore_index=True), ["jenis", "teks_asli", *PROVENANCE])
    total = frame.groupby(["jenis", "teks_asli"], sort=False)["jumlah"].transform("sum")
    frame = frame.assign(jumlah=total).drop_duplicates(["jenis", "teks_asli"], keep="first")
    frame = frame.astype({"jumlah": "int64", "skor": "Float64", "source_row": "Int64"})
    return frame.reset_index(drop=True)


def latest_per_person(responses: pd.DataFrame) -> pd.DataFrame:
    """The ``responden`` table: each person's latest submission (by time, then by place), and how many they sent."""
    if responses.empty:
        return _typed(pd.DataFrame(columns=RESPONDENT_COLUMNS),
                      {**{c: RESPONSE_SCHEMA[c] for c in RESPONDENT_COLUMNS[:-1]}, "jumlah_kiriman": "int64"})
    ordered = responses.sort_values(["submitted_at", *PROVENANCE], kind="stable", na_position="first")
    latest = ordered.drop_duplicates("respondent_id", keep="last")
    sent = responses.groupby("respondent_id")["submission_id"].nunique()
    latest = latest.assign(jumlah_kiriman=latest["respondent_id"].map(sent).astype("int64"))
    return latest[RESPONDENT_COLUMNS].sort_values("respondent_id", kind="stable").reset_index(drop=True)


def account(responses: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """Every raw row and what became of it; stops when a row is counted twice (a bug, never data)."""
    used = responses[PROVENANCE].assign(
        status=responses["is_duplikat_kiriman"].map({True: "duplikat", False: "dipakai"}).astype(object),
        alasan=None)
    aside = rejected[PROVENANCE].assign(
        status=rejected["alasan"].isin(NOT_DATA_REASONS).map({True: "bukan_data", False: "ditolak"}),
        alasan=rejected["alasan"].astype(object))
    accounting = _sorted(pd.concat([used, aside], ignore_index=True), PROVENANCE)
    twice = accounting.duplicated(PROVENANCE)
    if twice.any():
        raise RuntimeError(f"raw rows counted twice: {accounting[twice].head().to_dict('records')}")
    return accounting.astype({"source_file": "string", "source_sheet": "string", "source_row": "int64",
                              "status": "string", "alasan": "string"})


def accounting_by_file(result: QuestionnaireResult) -> dict[str, dict[str, int]]:
    """Per source file: rows in, used, duplicate, rejected and not data (for ``jejak clean``'s summary)."""
    counts = {}
    for source, group in result.accounting.groupby("source_file", sort=True):
        status = group["status"].value_counts()
        counts[source] = {"baris_masuk": len(group),
                          **{f"baris_{s}": int(status.get(s, 0)) for s in ("dipakai", "duplikat", "ditolak",
                                                                            "bukan_data")}}
    return counts


# --------------------------------------------------------------------------------------------
# Counting answers (for notebooks, charts and reports: the numbers come from here)

ANSWER_KINDS = {**SINGLE_CHOICE, **MULTI_CHOICE, "status_pendidikan": "status_pendidikan"}
_NO_CHOICE_LABEL = {"id": "(tidak memilih)", "en": "(no choice)"}
_NOT_ANSWERED_LABEL = {"id": "(kosong atau belum dikenali)", "en": "(blank or not yet recognised)"}


def answer_counts(frame: pd.DataFrame, column: str, lang: str = "id") -> pd.DataFrame:
    """How many rows gave each code of an answer column, in codebook order, with labels.

    A checkbox column counts every ticked code, so its shares add up to more than 100%.
    "No choice" (``""``) and missing (blank, or an answer not yet mapped) come last. Columns: ``kode``,
    ``label``, ``jumlah``, ``persen`` (of all rows of ``frame``, one decimal).

    >>> table = answer_counts(pd.DataFrame({"negara": ["JP|KR", "JP", "", None]}), "negara")
    >>> table["label"].tolist(), table["jumlah"].tolist(), table["persen"].tolist()
    (['Jepang', 'Korea Selatan', '(tidak memilih)', '(kosong atau belum dikenali)'], [2, 1, 1, 1], [50.0, 25.0, 25.0, 25.0])
    """
    from jejak_analysis.codebook import codes, labels

    kind = ANSWER_KINDS[column]
    values = frame[column].astype("string")
    if column in MULTI_CHOICE:
        values = values.str.split("|").explode()
    counts = values.astype(object).where(values.notna(), None).value_counts(dropna=False)
    names = labels(kind, lang)
    rows = [(code, names[code], int(counts[code])) for code in codes(kind) if code in counts.index]
    if "" in counts.index:
        rows.append(("", _NO_CHOICE_LABEL[lang], int(counts[""])))
    missing = int(frame[column].isna().sum())
    if missing:
        rows.append((None, _NOT_ANSWERED_LABEL[lang], missing))
    table = pd.DataFrame(rows, columns=["kode", "label", "jumlah"], dtype=object).astype({"jumlah": "int64"})
    table["persen"] = (100 * table["jumlah"] / max(len(frame), 1)).round(1)
    return table


# --------------------------------------------------------------------------------------------
# Reading files


def read_questionnaires(paths: Iterable[str | Path], key: bytes | str | None = None,
                        root: str | Path | None = None, corrections: Corrections = NO_CORRECTIONS,
                        schools: pd.DataFrame | None = None, lang: str = "id") -> QuestionnaireResult:
    """Read and clean several exports together: one person across files and years gets one ``respondent_id``."""
    files = []
    for path in paths:
        tables = read_table(path, root=root)
        files.append((tables[0].source_file, tables))
    return clean_questionnaires(files, key=key, corrections=corrections, schools=schools, lang=lang)


def read_questionnaire(path: str | Path, key: bytes | str | None = None, root: str | Path | None = None,
                       corrections: Corrections = NO_CORRECTIONS, schools: pd.DataFrame | None = None,
                       lang: str = "id") -> QuestionnaireResult:
    """Read and clean one questionnaire export (Google/Microsoft Forms ``.xlsx``/``.csv``, or a hand-typed sheet).

    ``key`` is the pseudonym key (bytes or text, at least 32 characters); None reads it
    from ``JEJAK_KEY`` or the key file (created on first use). ``schools`` is the
    ``sekolah`` table to match "Asal Sekolah" against. To keep one person's id across
    several files, clean them together with :func:`read_questionnaires`.
    """
    return read_questionnaires([path], key=key, root=root, corrections=corrections, schools=schools, lang=lang)
