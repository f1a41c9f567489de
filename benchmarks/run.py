"""Benchmark of ``jejak clean`` at national size: one command, figures as a markdown table.

    .venv/bin/python benchmarks/run.py --sizes 10000 100000 1000000

For each size it generates (once; kept under ``benchmarks/out/``, git-ignored) a raw
folder with a school list of ``--schools`` schools and questionnaire exports of that
many rows (see ``benchmarks/generate.py``), then, each in its own subprocess:

1. **steps**: the real ``clean()`` + ``write_processed()`` with the functions ``clean``
   calls wrapped in timers (read, classify, clean school lists, clean questionnaires,
   the rest of ``clean`` = combining and the review list, write); peak memory is the
   process's max RSS right after writing. In the same process afterwards, the two ratios:
   - clean ÷ bare parse: reading + cleaning the questionnaire CSVs (their share of
     ``clean``) ÷ the fastest plain ``pandas.read_csv(dtype=str, engine="c")`` of the
     same CSVs (best of 3);
   - mapping: the library's mapping of the answer columns (``map_single``,
     ``map_choices``, ``map_statuses`` as ``clean_questionnaires`` uses them: each
     distinct text once, then joined back) vs ``Series.apply`` of the same rules row by
     row, on the same ``--naive-rows`` rows (the row-by-row way takes minutes at 1M);
2. **end to end**: ``jejak clean --raw … --out …`` as a user runs it (interpreter start
   and imports included), wall time and max RSS from ``os.wait4``.

It also times ``import jejak_analysis`` in a fresh interpreter (best of 5), and
prints the machine and a markdown table to paste into ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BENCH_KEY = "benchmark-key-not-secret-" + "0" * 32  # pseudonyms need a key; this one protects nothing real

TARGETS = {"e2e_s_1m": 60.0, "peak_gb_1m": 4.0, "clean_vs_parse": 5.0, "mapping_speedup": 20.0, "import_s": 1.0}


# --------------------------------------------------------------------------------------------
# Child: one size, step by step


def _timed(store: dict, name: str, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            store[name] = store.get(name, 0.0) + time.perf_counter() - start
            store.setdefault("_calls", {}).setdefault(name, 0)
            store["_calls"][name] += 1
    return wrapper


def _max_rss_bytes(who=resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # Linux reports KiB


def measure_steps(raw_dir: Path, out_dir: Path, naive_rows: int) -> dict:
    """Run the real clean + write with timers on the steps; then the two ratios. Returns the figures."""
    start = time.perf_counter()
    import importlib

    clean_module = importlib.import_module("jejak_analysis.clean")  # the module (the package exposes the function)
    from jejak_analysis import questionnaire, school_list
    imported = time.perf_counter() - start

    timings: dict = {}
    captured: dict = {}
    originals = {
        (clean_module, "read_table"): clean_module.read_table,
        (clean_module, "classify"): clean_module.classify,
        (clean_module, "review_table"): clean_module.review_table,
        (school_list, "clean_school_list"): school_list.clean_school_list,
        (school_list, "combine_school_lists"): school_list.combine_school_lists,
        (questionnaire, "clean_questionnaires"): questionnaire.clean_questionnaires,
    }
    steps = {"read_table": "read", "classify": "classify", "clean_school_list": "school_lists",
             "combine_school_lists": "school_lists", "clean_questionnaires": "questionnaires",
             "review_table": "review_list"}
    read_times: dict[str, float] = {}

    def read_table(path, root=None):
        begin = time.perf_counter()
        try:
            return originals[(clean_module, "read_table")](path, root=root)
        finally:
            read_times[Path(path).name] = time.perf_counter() - begin

    def clean_questionnaires(files, *args, **kwargs):
        files = list(files)
        captured["files"] = files
        return originals[(questionnaire, "clean_questionnaires")](files, *args, **kwargs)

    replacements = {"read_table": read_table, "clean_questionnaires": clean_questionnaires}
    for (module, name), function in originals.items():
        setattr(module, name, _timed(timings, steps[name], replacements.get(name, function)))
    try:
        begin = time.perf_counter()
        result = clean_module.clean(raw_dir, key=BENCH_KEY.encode())
        clean_seconds = time.perf_counter() - begin
        begin = time.perf_counter()
        clean_module.write_processed(result, out_dir)
        write_seconds = time.perf_counter() - begin
    finally:
        for (module, name), function in originals.items():
            setattr(module, name, function)
    peak = _max_rss_bytes()

    accounting = result.accounting()
    q_files = [name for name in read_times if name.endswith(".csv")]
    q_acc = accounting[accounting["jenis"] == "kuesioner"]
    figures = {
        "import_in_child_s": imported,
        "clean_s": clean_seconds,
        "write_s": write_seconds,
        "steps": {k: v for k, v in timings.items() if k != "_calls"},
        "read_by_file_s": read_times,
        "peak_rss_bytes": peak,
        "failed": [f.source_file for f in result.failed],
        "rows_in": int(accounting["baris_masuk"].sum()),
        "questionnaire_rows": int(q_acc["baris_masuk"].sum()),
        "rows_used": int(q_acc["baris_dipakai"].sum()),
        "rows_duplicate": int(q_acc["baris_duplikat"].sum()),
        "rows_rejected": int(q_acc["baris_ditolak"].sum()),
        "respondents": len(result.tables["responden"]),
        "schools": len(result.tables["sekolah"]),
    }
    figures["steps"]["rest_of_clean"] = clean_seconds - sum(figures["steps"].values())
    figures["steps"]["write"] = write_seconds

    # Ratio 1: the questionnaire share of clean vs the bare parse of the same CSVs.
    q_clean = sum(read_times[f] for f in q_files) + timings.get("questionnaires", 0.0)
    parse = min(_bare_parse(raw_dir, q_files) for _ in range(3))
    figures.update(questionnaire_clean_s=q_clean, bare_parse_s=parse, clean_vs_parse=q_clean / parse)
    del result

    # Ratio 2: the library's mapping vs row by row, on the same rows.
    rows = questionnaire._collect(captured["files"], "id")[0]
    figures.update(_mapping_ratio(rows, naive_rows))
    return figures


def _bare_parse(raw_dir: Path, names: list[str]) -> float:
    """The fastest plain read of the questionnaire CSVs: pandas' C engine, every column as text."""
    import pandas as pd

    begin = time.perf_counter()
    for name in names:
        path = raw_dir / name
        sep, encoding = (";", "cp1252") if path.read_bytes()[:4096].count(b";") > 5 else (",", "utf-8")
        pd.read_csv(path, sep=sep, encoding=encoding, dtype=str, engine="c", keep_default_na=False)
    return time.perf_counter() - begin


def _naive_single(values, kind):
    from jejak_analysis.questionnaire import map_answer

    return values.apply(lambda v: None if v is None else map_answer(v, kind).kode)


def _naive_choices(values, kind):
    from jejak_analysis.questionnaire import is_known_option, map_answer, split_choices

    def one(cell):
        if cell is None:
            return None
        pieces = split_choices(cell, lambda t: is_known_option(t, kind))
        found, unmapped = set(), False
        for piece in pieces:
            mapping = map_answer(piece, kind)
            if mapping.kode:
                found.add(mapping.kode)
            elif mapping.metode not in ("no_choice", "blank"):
                unmapped = True
        if not pieces:
            return "" if str(cell).strip() else None
        return "|".join(sorted(found)) if found else (None if unmapped else "")

    return values.apply(one)


def _naive_status(values):
    from jejak_analysis.questionnaire import map_status

    return values.apply(lambda v: None if v is None else map_status(v).kode)


def _library_mapping(rows) -> dict:
    from jejak_analysis import questionnaire as q

    provenance = rows[["source_file", "source_sheet", "source_row"]]
    out = {}
    for column, kind in q.SINGLE_CHOICE.items():
        out[column] = q.map_single(rows[column], kind, provenance=provenance)[0]
    for column, kind in q.MULTI_CHOICE.items():
        out[column] = q.map_choices(rows[column], kind, provenance=provenance)[0]
    out["status_pendidikan"] = q.map_statuses(rows["status_pendidikan"], provenance=provenance)[0]
    return out


def _naive_mapping(rows) -> dict:
    from jejak_analysis import questionnaire as q

    out = {}
    for column, kind in q.SINGLE_CHOICE.items():
        out[column] = _naive_single(rows[column], kind)
    for column, kind in q.MULTI_CHOICE.items():
        out[column] = _naive_choices(rows[column], kind)
    out["status_pendidikan"] = _naive_status(rows["status_pendidikan"])
    return out


def _mapping_ratio(rows, naive_rows: int) -> dict:
    sample = rows.iloc[:naive_rows]
    _library_mapping(rows.iloc[:50])  # warm the codebook caches for both ways
    begin = time.perf_counter()
    library_all = _library_mapping(rows)
    library_all_s = time.perf_counter() - begin
    begin = time.perf_counter()
    library = _library_mapping(sample)
    library_s = time.perf_counter() - begin
    begin = time.perf_counter()
    naive = _naive_mapping(sample)
    naive_s = time.perf_counter() - begin
    same = all(library[c].astype("string").fillna("<NA>").tolist() == naive[c].astype("string").fillna("<NA>").tolist()
               for c in library)
    del library_all
    return {"mapping_rows": len(sample), "mapping_library_s": library_s, "mapping_naive_s": naive_s,
            "mapping_speedup": naive_s / library_s, "mapping_same_codes": same,
            "mapping_library_all_rows": len(rows), "mapping_library_all_s": library_all_s}


# --------------------------------------------------------------------------------------------
# Parent: generate, run children, print


def run_child(args: list[str], env: dict | None = None) -> tuple[int, float, int, str]:
    """Run a subprocess; its exit status, wall time, max RSS (bytes, from wait4) and stdout."""
    begin = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, env=env, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.perf_counter() - begin, usage.ru_maxrss * 1024, output


def import_time(repeat: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import jejak_analysis; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(repeat))


def machine() -> dict:
    import pandas as pd

    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": model, "cores": os.cpu_count(), "ram_gb": round(ram, 1), "python": platform.python_version(),
            "pandas": pd.__version__, "platform": platform.platform()}


def prepare(size: int, n_schools: int) -> Path:
    sys.path.insert(0, str(HERE))
    import generate

    school_file = generate.ensure_school_list(OUT, n_schools)
    raw = OUT / f"{size}" / "raw"
    if not all((raw / name).exists() for name in generate.QUESTIONNAIRE_FILES):
        print(f"  generating {size:,} rows …", file=sys.stderr, flush=True)
        generate.write_raw_folder(raw, size, school_file)
    return raw


def _fmt_s(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(results: list[dict], imp: float, info: dict) -> str:
    lines = [f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; Python {info['python']}, "
             f"pandas {info['pandas']} ({info['platform']}).", "",
             f"`import jejak_analysis` (fresh interpreter, best of 5): {imp:.3f} s "
             f"(target ≤ {TARGETS['import_s']:.0f} s).", ""]
    head = ["step"] + [f"{r['size']:,} rows" for r in results]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))

    def row(label, cells):
        lines.append("| " + " | ".join([label, *cells]) + " |")

    for step in ("read", "classify", "school_lists", "questionnaires", "review_list", "rest_of_clean", "write"):
        row(f"{step} (s)", [_fmt_s(r["steps"].get(step, 0.0)) for r in results])
    row("**clean + write, in process (s)**", [f"**{_fmt_s(r['clean_s'] + r['write_s'])}**" for r in results])
    row("peak memory, in process (GB)", [f"{r['peak_rss_bytes'] / 2**30:.2f}" for r in results])
    row("**`jejak clean` end to end (s)**", [f"**{_fmt_s(r['e2e_s'])}**" for r in results])
    row("**`jejak clean` peak memory (GB)**", [f"**{r['e2e_peak_bytes'] / 2**30:.2f}**" for r in results])
    row("rows in (all files)", [f"{r['rows_in']:,}" for r in results])
    row("questionnaire rows/s, end to end", [f"{r['questionnaire_rows'] / r['e2e_s']:,.0f}" for r in results])
    row("used / duplicate / rejected", [f"{r['rows_used']:,} / {r['rows_duplicate']:,} / {r['rows_rejected']:,}"
                                        for r in results])
    row("respondents; schools", [f"{r['respondents']:,}; {r['schools']:,}" for r in results])
    row("bare parse of the CSVs (s)", [f"{r['bare_parse_s']:.2f}" for r in results])
    row("questionnaire read + clean (s)", [_fmt_s(r["questionnaire_clean_s"]) for r in results])
    row("**clean ÷ bare parse**", [f"**{r['clean_vs_parse']:.1f}×**" for r in results])
    row("mapping rows compared", [f"{r['mapping_rows']:,}" for r in results])
    row("mapping: library (s)", [f"{r['mapping_library_s']:.3f}" for r in results])
    row("mapping: row by row (s)", [f"{r['mapping_naive_s']:.2f}" for r in results])
    row("**mapping speed-up**", [f"**{r['mapping_speedup']:.0f}×**" + ("" if r["mapping_same_codes"] else " (codes differ!)")
                                 for r in results])
    row("mapping: library, all rows (s)", [f"{r['mapping_library_all_s']:.2f}" for r in results])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--schools", type=int, default=14_000)
    parser.add_argument("--naive-rows", type=int, default=20_000,
                        help="rows on which the library's mapping is compared with row by row")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end `jejak clean` run")
    parser.add_argument("--child", nargs=2, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    if args.child:
        figures = measure_steps(Path(args.child[0]), Path(args.child[1]), args.naive_rows)
        print(json.dumps(figures))
        return 0

    env = {**os.environ, "JEJAK_KEY": BENCH_KEY}
    info = machine()
    imp = import_time()
    results = []
    for size in args.sizes:
        raw = prepare(size, args.schools)
        print(f"  measuring {size:,} rows (steps) …", file=sys.stderr, flush=True)
        code, wall, rss, output = run_child([sys.executable, __file__, "--naive-rows", str(args.naive_rows),
                                             "--child", str(raw), str(OUT / f"{size}" / "processed")], env)
        if code != 0:
            print(f"child failed for {size}", file=sys.stderr)
            return 1
        figures = json.loads(output.strip().splitlines()[-1])
        figures.update(size=size, child_wall_s=wall, child_rss_bytes=rss)
        if args.no_cli:
            figures.update(e2e_s=float("nan"), e2e_peak_bytes=0)
        else:
            print(f"  measuring {size:,} rows (jejak clean) …", file=sys.stderr, flush=True)
            jejak = Path(sys.executable).with_name("jejak")
            code, wall, rss, _ = run_child([str(jejak), "clean", "--raw", str(raw), "--out",
                                            str(OUT / f"{size}" / "processed_cli")], env)
            figures.update(e2e_s=wall, e2e_peak_bytes=rss, e2e_exit=code)
        results.append(figures)
        print(json.dumps({k: v for k, v in figures.items() if k != "read_by_file_s"}), file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "import_s": imp, "results": results}, indent=1))
    print(table(results, imp, info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
