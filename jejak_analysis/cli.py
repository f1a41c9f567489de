"""The ``jejak`` command: clean the raw files, list values to review, write sample data, build the report.

A user's mistake (a bad file, a wrong option) prints one line to stderr and exits
with status 2; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jejak_analysis.errors import JejakError
from jejak_analysis.messages import message
from jejak_analysis.settings import DEFAULT_PROCESSED_DIR, DEFAULT_RAW_DIR, language

EXIT_USER_ERROR = 2
EXIT_SOME_FILES_FAILED = 1


def _progress(stream=sys.stderr):
    def show(item: str) -> None:
        print(f"  … {item}", file=stream, flush=True)

    return show


def cmd_clean(args: argparse.Namespace) -> int:
    from jejak_analysis.clean import clean, write_processed

    result = clean(args.raw, lang=args.lang, progress=_progress())
    write_processed(result, args.out)
    print(result.summary(args.lang))
    print(message("ditulis_ke", args.lang, folder=str(args.out)))
    if result.failed:
        print(message("ada_gagal", args.lang, n=len(result.failed)), file=sys.stderr)
        return EXIT_SOME_FILES_FAILED
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from jejak_analysis.clean import clean
    from jejak_analysis.review import write_review_workbook

    result = clean(args.raw, lang=args.lang, progress=_progress())
    path = write_review_workbook(result.review, args.out, lang=args.lang, synthetic=result.is_synthetic)
    print(message("tinjau_ditulis", args.lang, n=len(result.review), path=str(path)))
    return EXIT_SOME_FILES_FAILED if result.failed else 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    from jejak_analysis.sample_data import write_sample_data

    written = write_sample_data(Path(args.out), seed=args.seed)
    print(message("contoh_ditulis", args.lang, n=len(written), folder=str(args.out)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jejak",
        description="Jejak Perintis: data sekolah & kuesioner minat → tabel bersih, grafik, laporan bulanan.",
    )
    parser.add_argument("--lang", choices=("id", "en"), default=language(),
                        help="bahasa pesan / language of messages (default: id)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    # --lang is accepted after the command too (`jejak clean --lang en`); given there, it wins.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help="bahasa pesan / language of messages")

    p = sub.add_parser("clean", parents=[common], help="bersihkan semua berkas mentah → data/processed/ (Parquet)")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW_DIR, help="folder berkas mentah (default: data/raw)")
    p.add_argument("--out", type=Path, default=DEFAULT_PROCESSED_DIR, help="folder hasil (default: data/processed)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("review", parents=[common], help="tulis nilai yang perlu ditinjau ke Excel (untuk koreksi.csv)")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW_DIR)
    p.add_argument("--out", type=Path, default=Path("reports/perlu_ditinjau.xlsx"))
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("sample-data", parents=[common], help="tulis data contoh SINTETIS ke data/raw/contoh/")
    p.add_argument("--out", type=Path, default=DEFAULT_RAW_DIR / "contoh")
    p.add_argument("--seed", type=int, default=2020)
    p.set_defaults(func=cmd_sample_data)

    try:
        from jejak_analysis.report import add_report_command
    except ImportError:  # the report command arrives with the report module
        pass
    else:
        add_report_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except JejakError as error:
        print(f"jejak: {error.describe(args.lang)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as error:  # a path the user gave that cannot be written or read: one line, no traceback
        where = error.filename2 or error.filename or ""  # os.replace(temporary, target): the target
        print(f"jejak: {message('galat_sistem_berkas', args.lang, path=where, alasan=error.strerror or error)}",
              file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("jejak: dibatalkan / interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
