"""``jejak clean``: every raw file under a folder → the processed tables, with an account of every row.

The one place where the stages meet: it finds the raw files, recognises each by its
headers (a school list or a questionnaire, never by its name), hands it to its
module, combines the results, and writes the processed tables atomically. It does
no cleaning of its own.

One unreadable file does not stop the others: it is listed with its error and the
run ends with a non-zero status, so a monthly job notices.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jejak_analysis import questionnaire, school_list
from jejak_analysis.errors import JejakError, UnknownTableError, UnreadableFileError
from jejak_analysis.mapping import Corrections, read_corrections
from jejak_analysis.messages import message
from jejak_analysis.privacy import names_in_tables
from jejak_analysis.read import EXCEL_EXTENSIONS, TEXT_EXTENSIONS, RawTable, read_table
from jejak_analysis.review import review_table
from jejak_analysis.settings import CORRECTIONS_FILE, OPENINGS_FILE, SAMPLE_DIR_NAME

# Files in the raw folder that are not data: the analyst's settings and the folder's notes.
NOT_DATA = {CORRECTIONS_FILE, "koreksi.xlsx", OPENINGS_FILE}
# Tables saved in a form this package does not read: they are named as failed ("save it as .xlsx"),
# never passed over in silence. Other files (PDF, Word, pictures) hold no rows to account for.
OTHER_TABLE_EXTENSIONS = (".ods", ".xlsb", ".numbers", ".tsv")
ROW_COUNTS = ["baris_masuk", "baris_dipakai", "baris_duplikat", "baris_ditolak", "baris_bukan_data"]
PROBLEM_COLUMNS = ["source_file", "source_sheet", "source_row", "kolom", "teks_asli", "masalah"]


@dataclass(frozen=True)
class FileOutcome:
    """What became of one raw file."""

    source_file: str
    jenis: str  # daftar_sekolah | kuesioner | gagal
    baris_masuk: int = 0
    baris_dipakai: int = 0
    baris_duplikat: int = 0
    baris_ditolak: int = 0
    baris_bukan_data: int = 0  # titles, blank rows, totals and notes set aside by the reader
    galat: str | None = None


@dataclass(frozen=True)
class CleanResult:
    """The processed tables of one run and the account of every raw file."""

    tables: dict[str, pd.DataFrame]
    files: list[FileOutcome]
    review: pd.DataFrame
    corrections: Corrections = field(default_factory=Corrections)
    is_synthetic: bool = False  # only the synthetic sample was read: every chart and report says so

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.galat is not None]

    def accounting(self) -> pd.DataFrame:
        """One row per raw file: rows in, used, duplicates, rejected, and the error if it failed."""
        return pd.DataFrame([f.__dict__ for f in self.files])

    def summary(self, lang: str = "id") -> str:
        """The printed summary: files, rows in, used, duplicates, rejected, values to review."""
        acc = self.accounting()
        lines = [message("ringkasan_judul", lang)]
        for outcome in self.files:
            if outcome.galat:
                lines.append(message("ringkasan_gagal", lang, file=outcome.source_file, galat=outcome.galat))
            else:
                lines.append(message("ringkasan_file", lang, file=outcome.source_file, jenis=outcome.jenis,
                                     masuk=outcome.baris_masuk, dipakai=outcome.baris_dipakai,
                                     duplikat=outcome.baris_duplikat, ditolak=outcome.baris_ditolak,
                                     bukan_data=outcome.baris_bukan_data))
        totals = {column: int(acc[column].sum()) if len(acc) else 0 for column in ROW_COUNTS}
        lines.append(message("ringkasan_total", lang, berkas=len(self.files), gagal=len(self.failed),
                             masuk=totals["baris_masuk"], dipakai=totals["baris_dipakai"],
                             duplikat=totals["baris_duplikat"], ditolak=totals["baris_ditolak"],
                             bukan_data=totals["baris_bukan_data"], tinjau=len(self.review)))
        for name, table in self.tables.items():
            lines.append(f"  {name}: {len(table)}")
        if self.is_synthetic:
            lines.append(message("ringkasan_sintetis", lang))
        return "\n".join(lines)


def _data_files(raw_dir: Path) -> list[Path]:
    files = []
    for path in sorted(raw_dir.rglob("*")):
        if not path.is_file() or path.name.startswith((".", "~$")) or path.name in NOT_DATA:
            continue
        if path.suffix.lower() in EXCEL_EXTENSIONS + TEXT_EXTENSIONS + OTHER_TABLE_EXTENSIONS:
            files.append(path)
    return files


def _in_sample(path: Path, raw_dir: Path) -> bool:
    return SAMPLE_DIR_NAME in path.relative_to(raw_dir).parts


def raw_files(raw_dir: Path) -> list[Path]:
    """Every data file under ``raw_dir``, recursively, in a stable order; settings files and notes excluded.

    The synthetic sample (``contoh/``) is read only while it is all there is: once the office's
    own files are in the folder, the sample is left out, so invented people never mix with real ones.
    """
    files = _data_files(raw_dir)
    real = [path for path in files if not _in_sample(path, raw_dir)]
    return real or files


def sample_only(raw_dir: str | Path) -> bool:
    """True when what ``raw_dir`` gives is the synthetic sample alone (every chart and report must say so)."""
    raw_dir = Path(raw_dir)
    if raw_dir.name == SAMPLE_DIR_NAME:
        return True
    files = raw_files(raw_dir) if raw_dir.is_dir() else []
    return bool(files) and all(_in_sample(path, raw_dir) for path in files)


def settings_dir(raw_dir: str | Path) -> Path:
    """The folder whose ``lowongan.csv`` and ``koreksi.csv`` apply: ``raw_dir``, or the sample's own
    folder when the sample alone is read and ``raw_dir`` has none of its own."""
    raw_dir = Path(raw_dir)
    own = any((raw_dir / name).exists() for name in NOT_DATA)
    if not own and sample_only(raw_dir) and (raw_dir / SAMPLE_DIR_NAME).is_dir():
        return raw_dir / SAMPLE_DIR_NAME
    return raw_dir


def classify(tables: list[RawTable]) -> str:
    """``daftar_sekolah`` or ``kuesioner`` by the headers of a file's sheets."""
    if any(school_list.is_school_list(t) for t in tables):
        return "daftar_sekolah"
    if any(questionnaire.is_questionnaire(t) for t in tables):
        return "kuesioner"
    first = next((t for t in tables if t.columns), tables[0])  # a sheet with headers says most
    raise UnknownTableError("tabel_tidak_dikenal", first.source_file, sheet=first.source_sheet,
                            kolom=", ".join(first.columns[:6]))


def find_corrections(raw_dir: Path) -> Corrections:
    """The analyst's corrections file in the raw folder (CSV, or the review workbook saved as is)."""
    for name in (CORRECTIONS_FILE, "koreksi.xlsx"):
        if (raw_dir / name).exists():
            return read_corrections(raw_dir / name)
    return Corrections()


def clean(raw_dir: str | Path = "data/raw", key: bytes | None = None, lang: str = "id",
          progress=None) -> CleanResult:
    """Read and clean every raw file under ``raw_dir``; nothing is written.

    - each file is read once and recognised by its headers;
    - school lists are cleaned one by one and combined (the latest list wins);
    - questionnaires are cleaned together, because a person and a submission recur across exports;
    - a file that fails is recorded with its error and the others go on.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise UnreadableFileError("folder_tidak_ada", folder=str(raw_dir))
    paths = list(raw_files(raw_dir))
    if not paths:  # nothing to clean is a mistake, not empty tables over last month's
        raise UnreadableFileError("folder_tanpa_data", folder=str(raw_dir))
    corrections = find_corrections(settings_dir(raw_dir))
    outcomes: dict[str, FileOutcome] = {}
    school_results, questionnaire_tables = [], []
    for path in paths:
        source = path.relative_to(raw_dir).as_posix()
        if progress:
            progress(source)
        try:
            tables = read_table(path, root=raw_dir)
            kind = classify(tables)
            if kind == "daftar_sekolah":
                school_results.append(school_list.clean_school_list(tables, corrections=corrections, lang=lang))
            else:
                questionnaire_tables.append((source, tables))
            outcomes[source] = FileOutcome(source, kind)
        except JejakError as error:
            outcomes[source] = FileOutcome(source, "gagal", galat=error.describe(lang))

    schools = school_list.combine_school_lists(school_results, lang=lang)
    if progress and questionnaire_tables:  # the longest step: say so, with its size, before it starts
        from jejak_analysis.style import format_number  # (matplotlib comes with it: only when needed)

        rows = sum(len(t.data) for _, tables in questionnaire_tables for t in tables)
        progress(message("langkah_semua_kuesioner", lang, n=format_number(rows, lang)))
    answers = questionnaire.clean_questionnaires(questionnaire_tables, key=key, corrections=corrections,
                                                 schools=schools.schools, lang=lang)
    for source, counts in school_list.accounting_by_file(school_results).items():
        outcomes[source] = FileOutcome(source, "daftar_sekolah", **counts)
    for source, counts in questionnaire.accounting_by_file(answers).items():
        outcomes[source] = FileOutcome(source, "kuesioner", **counts)

    problems = pd.concat([schools.problems, answers.problems], ignore_index=True)
    tables = {
        "sekolah": schools.schools,
        "lulusan": schools.cohorts,
        "alumni_sekolah": schools.alumni,
        "perubahan_sekolah": schools.changes,
        "jawaban": answers.responses,
        "responden": answers.respondents,
        "ditolak": answers.rejected,
        "masalah": problems.reindex(columns=PROBLEM_COLUMNS),
    }
    mapped = pd.concat([schools.mapped, answers.mapped], ignore_index=True)
    files = [outcomes[k] for k in sorted(outcomes)]
    # the respondents' names, so that a name typed into an answer never reaches the review list
    names = names_in_tables(table for _, sheets in questionnaire_tables for table in sheets)
    return CleanResult(tables, files, review_table(mapped, schools.schools, names), corrections,
                       is_synthetic=sample_only(raw_dir))


def write_processed(result: CleanResult, out_dir: str | Path) -> list[Path]:
    """Write every table as Parquet into ``out_dir``, atomically.

    The tables are written into a new folder beside ``out_dir`` and swapped in only
    when all are written: a failure midway leaves the previous processed folder as it was.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UnreadableFileError("keluaran_bukan_folder", folder=str(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-baru-", dir=out_dir.parent))
    try:
        for name, table in result.tables.items():
            table.to_parquet(staging / f"{name}.parquet", index=False)
        result.accounting().to_parquet(staging / "akuntansi_baris.parquet", index=False)
        result.review.to_parquet(staging / "perlu_ditinjau.parquet", index=False)
        if (out_dir / ".gitkeep").exists():
            (staging / ".gitkeep").touch()
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in out_dir.iterdir() if p.suffix == ".parquet")


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put a completely written ``staging`` folder in the place of ``out_dir`` (two renames, same disk).

    The previous ``out_dir`` is moved aside first and removed only after the new one is in place, so a
    failure before this point leaves it untouched. ``staging`` must be a sibling of ``out_dir``.
    """
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-lama-{os.getpid()}")
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
