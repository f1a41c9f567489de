"""Render every chart in both languages, to look at them as a person would, and for the README gallery.

    .venv/bin/python scripts/render_chart_gallery.py reports/galeri            # sample data, id + en, 200 dpi
    .venv/bin/python scripts/render_chart_gallery.py reports/galeri --frames demo
    .venv/bin/python scripts/render_chart_gallery.py docs/galeri --gallery      # the README's small PNGs

By default the charts are drawn from the synthetic sample ``data/raw/contoh`` (cleaned, then the
pipeline built against its ``lowongan.csv``), exactly as the library computes the frames, and
every chart is marked DATA SINTETIS. ``--frames demo`` draws them from small made-up frames
with longer names and more categories than the sample has, to check the drawing under stress:
nothing overlaps, nothing is cut off, the numbers are readable on a slide.

Full mode writes each chart with :func:`jejak_analysis.export.save_chart` (PNG/SVG/PDF at the
export resolution, the plotted numbers as CSV and the alt text) plus the chart pack per language.
``--gallery`` writes only ``<chart>.png`` in Indonesian at 100 dpi, reduced to a 256-colour
palette so that the files stay small (same data, same bytes).
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from jejak_analysis import charts
from jejak_analysis.chart_data import review_summary, stage_labels
from jejak_analysis.export import DETERMINISTIC_RC, save_chart, save_chart_pack
from jejak_analysis.report import SMALL_COUNT
from jejak_analysis.style import decorate, figure_scale, format_number, new_figure, text, use_house_style

AS_OF = "2020-07-31"
SOURCE = "BP3MI Kalimantan Barat, daftar sekolah Persemki dan kuesioner minat"
SCHOOLS = ["SMK Kesehatan Bhakti Persada Pontianak", "SMK Kesehatan Singkawang", "SMK Farmasi Ketapang",
           "SMK Kesehatan Harapan Bangsa Kubu Raya", "SMK Keperawatan Sintang", "SMK Kesehatan Sambas",
           "SMK Analis Kesehatan Sanggau", "SMK Kesehatan Kapuas Hulu Putussibau"]
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "contoh"
# A fixed, public key for the pseudonyms of the sample (the charts show no pseudonyms; the key only
# has to exist so that no key file is created in the user's home).
SAMPLE_KEY = "kunci-galeri-jejak-bukan-rahasia-0123456789"


def _years_words(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def sample_frames(raw_dir: Path = SAMPLE) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The chart frames computed by the library from the synthetic sample, and the chart context
    (target, as-of date, years)."""
    os.environ.setdefault("JEJAK_KEY", SAMPLE_KEY)
    from jejak_analysis.clean import clean
    from jejak_analysis.openings import target_for_folder
    from jejak_analysis.pipeline import build_pipeline, stage_definitions
    from jejak_analysis.questionnaire import answer_counts

    result = clean(raw_dir)
    tables = result.tables
    target = target_for_folder(raw_dir)
    pipe = build_pipeline(tables["lulusan"], tables["responden"], target, schools=tables["sekolah"])
    names = tables["sekolah"].set_index("school_id")["nama_sekolah"]

    cohorts = tables["lulusan"]
    graduated = cohorts[cohorts["kelas"].isna() & cohorts["jumlah_lulusan"].notna()
                        & cohorts["tahun"].astype(int).isin(pipe.years)]
    graduates = (graduated.groupby(["school_id", "jurusan_kode"], as_index=False)["jumlah_lulusan"].sum()
                 .assign(nama_sekolah=lambda t: t["school_id"].map(names)))

    by_school = pipe.by("school_id").assign(nama_sekolah=lambda t: t["school_id"].map(names))
    wide = by_school.pivot_table(index="school_id", columns="tahap", values="jumlah", aggfunc="sum")
    wide = wide[wide["populasi"] > 0]
    reach = pd.DataFrame({"nama_sekolah": wide.index.map(names), "populasi": wide["populasi"].to_numpy(),
                          "terjangkau": wide["terjangkau"].to_numpy()})
    reach["persen"] = reach["terjangkau"] / reach["populasi"] * 100

    people = pipe.people
    willing = set(people.loc[people["minat_luar_negeri"], "respondent_id"])
    asked = tables["responden"][tables["responden"]["respondent_id"].isin(willing)]

    def interest(column: str) -> pd.DataFrame:
        """Choices per code among the respondents willing to work abroad; percent of all of them, those who
        did not answer included (as the report computes it and the charts' subtitle says)."""
        return answer_counts(asked, column).rename(columns={"kode": column})[[column, "jumlah", "persen"]]

    # the report's heatmap hides a share whose count or base is 1 to 4 people (report.conversion_frame)
    base_of = dict(zip(stage_definitions()["kode"], stage_definitions()["dasar"], strict=True))
    count = dict(zip(zip(by_school["school_id"], by_school["tahap"], strict=True), by_school["jumlah"], strict=True))
    base = pd.to_numeric(pd.Series([count.get((s, base_of.get(t))) for s, t in
                                     zip(by_school["school_id"], by_school["tahap"], strict=True)], dtype=object))
    small = [((v >= 1) & (v < SMALL_COUNT)).fillna(False).to_numpy(dtype=bool)
             for v in (pd.to_numeric(by_school["jumlah"]).reset_index(drop=True), base)]
    by_school = by_school.assign(is_disamarkan=small[0] | small[1])

    per_source = pipe.by("sumber_informasi").pivot_table(index="sumber_informasi", columns="tahap",
                                                         values="jumlah", aggfunc="sum", dropna=False)
    sources = pd.DataFrame({
        "sumber_informasi": per_source.index,
        "jumlah_responden": per_source["terjangkau"].to_numpy(),
        "jumlah_kandidat": (per_source["siap_bahasa"] + per_source["bersedia_dilatih"]).to_numpy(),
    })
    frames = {"funnel": pipe.stages, "gap": pipe.gap(), "trend": pipe.trend(), "graduates": graduates,
              "reach": reach, "countries": interest("negara"), "schemes": interest("program_kode"),
              "sectors": interest("sektor_kode"), "conversion": by_school, "sources": sources,
              "quality": result.accounting(), "review": review_summary(result.review)}
    context = {"target": target.jumlah, "as_of": pipe.as_of, "years": _years_words(pipe.years)}
    return frames, context


def demo_frames() -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Made-up frames shaped like the library's, with long school names and many categories."""
    stages = ["populasi", "terjangkau", "minat_luar_negeri", "minat_target", "memenuhi_syarat", "siap_bahasa",
              "bersedia_dilatih"]
    observed = [4820, 1130, 702, 388, 301, 21, 214]
    projected = [np.nan, np.nan, 2995, 1655, 1284, 90, 913]
    funnel = pd.DataFrame({
        "tahap": stages, "label_id": [stage_labels("id")[s] for s in stages],
        "label_en": [stage_labels("en")[s] for s in stages], "jumlah": observed, "proyeksi": projected,
        "proyeksi_bawah": [p * 0.9 if p == p else np.nan for p in projected],
        "proyeksi_atas": [p * 1.1 if p == p else np.nan for p in projected],
    })
    months = pd.date_range("2019-10-01", "2020-07-01", freq="MS")
    new = [12, 18, 25, 31, 20, 15, 22, 30, 35, 27]
    cumulative = np.cumsum(new)
    ahead = pd.date_range("2020-08-01", periods=36, freq="MS")
    trend = pd.DataFrame({
        "bulan": list(months) + list(ahead), "kandidat_baru": new + [30.7] * 36,
        "kandidat_kumulatif": list(cumulative) + list(cumulative[-1] + 30.7 * np.arange(1, 37)),
        "jenis": ["observasi"] * len(months) + ["proyeksi"] * 36,
    })
    rng = np.random.default_rng(7)
    majors = ["KEPERAWATAN", "FARMASI", "TLM", "DENTAL", "CAREGIVER"]
    graduates = pd.DataFrame([{"nama_sekolah": s, "jurusan_kode": m, "jumlah_lulusan": int(rng.integers(10, 160))}
                              for s in SCHOOLS for m in majors[: 2 + (len(s) % 4)]])
    population = rng.integers(150, 900, len(SCHOOLS))
    reached = (population * rng.uniform(0.05, 0.55, len(SCHOOLS))).astype(int)
    reach = pd.DataFrame({"nama_sekolah": SCHOOLS, "populasi": population, "terjangkau": reached,
                          "persen": reached / population * 100})
    countries = pd.DataFrame({"negara": ["JP", "MY", "KR", "TW", "HK", "SA", "DE", ""],
                              "jumlah": [388, 251, 190, 144, 60, 22, 9, 41]})
    countries["persen"] = countries["jumlah"] / 702 * 100
    schemes = pd.DataFrame({"program_kode": ["SSW_JP", "G2G_KR", "SP2T_TW", "P3MI", "MAGANG_JP", "G2G_JP"],
                            "jumlah": [301, 170, 121, 88, 75, 40]})
    schemes["persen"] = schemes["jumlah"] / 702 * 100
    sectors = pd.DataFrame({"sektor_kode": ["CAREWORKER", "PERAWAT", "MANUFAKTUR", "PERHOTELAN", "PERKEBUNAN"],
                            "jumlah": [356, 210, 98, 40, 12]})
    sectors["persen"] = sectors["jumlah"] / 702 * 100
    conversion = pd.DataFrame([{"nama_sekolah": s, "tahap": t, "label_id": stage_labels("id")[t],
                                "label_en": stage_labels("en")[t],
                                "konversi": np.nan if t == "populasi" else float(rng.uniform(0.02, 0.9))}
                               for s in SCHOOLS for t in stages])
    sources = pd.DataFrame({"sumber_informasi": ["SOSIALISASI_SEKOLAH", "GURU", "MEDIA_SOSIAL", "INFLUENCER",
                                                 "KELUARGA", "TEMAN", "SITUS_RESMI", "LAINNYA"],
                            "jumlah_responden": [520, 340, 300, 122, 160, 140, 45, 12],
                            "jumlah_kandidat": [120, 64, 40, 31, 22, 18, 9, 1]})
    quality = pd.DataFrame({
        "source_file": ["Daftar SMK Kesehatan Kalbar 2019.xlsx", "Rekap lulusan 2020 (revisi).xlsx",
                        "Kuesioner minat - Google Form.csv", "Kuesioner ketik manual Sintang.xlsx"],
        "baris_dipakai": [142, 160, 1040, 96], "baris_duplikat": [0, 12, 61, 4], "baris_ditolak": [3, 1, 18, 7],
        "galat": [None, None, None, None]})
    review = review_summary(pd.DataFrame({
        "jenis": ["wilayah", "jurusan", "jurusan", "negara", "negara", "negara", "sumber_informasi"],
        "teks_asli": ["Sui Raya", "AK", "Kep. Gigi", "Jpg", "Korsl", "Sarawak Msia", "Tik tok bp2mi"],
        "jumlah": [4, 11, 2, 3, 1, 2, 6]}))
    frames = {"funnel": funnel, "trend": trend, "graduates": graduates, "reach": reach, "countries": countries,
              "schemes": schemes, "sectors": sectors, "conversion": conversion, "sources": sources,
              "quality": quality, "review": review}
    return frames, {"target": 1500, "as_of": AS_OF, "years": "2018–2020"}


def draw_all(frames: dict[str, pd.DataFrame], context: dict[str, object], lang: str,
             size: str = "slide") -> dict[str, object]:
    """Every chart drawn and decorated: name → figure."""
    target = int(context["target"])
    jobs = {
        "funnel": (lambda ax: charts.funnel(frames["funnel"], target, gap=frames.get("gap"), ax=ax, lang=lang),
                   "funnel"),
        "trend": (lambda ax: charts.trend(frames["trend"], target, ax=ax, lang=lang), "trend"),
        "lulusan": (lambda ax: charts.graduates_by_school(frames["graduates"], ax=ax, lang=lang), "lulusan"),
        "jangkauan": (lambda ax: charts.reach_by_school(frames["reach"], ax=ax, lang=lang), "jangkauan"),
        "negara": (lambda ax: charts.interest(frames["countries"], "negara", highlight=["JP"], ax=ax, lang=lang),
                   "negara"),
        "program": (lambda ax: charts.interest(frames["schemes"], "program", highlight=["SSW_JP"], ax=ax,
                                               lang=lang), "program"),
        "sektor": (lambda ax: charts.interest(frames["sectors"], "sektor", highlight=["CAREWORKER"], ax=ax,
                                              lang=lang), "sektor"),
        "konversi": (lambda ax: charts.conversion_heatmap(
            frames["conversion"], hidden="is_disamarkan" if "is_disamarkan" in frames["conversion"] else None,
            ax=ax, lang=lang), "konversi"),
        "sumber": (lambda ax: charts.information_sources(frames["sources"], ax=ax, lang=lang), "sumber"),
        "kualitas": (lambda ax: charts.data_quality(frames["quality"], ax=ax, lang=lang), "kualitas"),
        "tinjauan": (lambda ax: charts.review_queue(frames["review"], ax=ax, lang=lang), "tinjauan"),
    }
    figures = {}
    for name, (draw, key) in jobs.items():
        fig, ax = new_figure(size)
        draw(ax)
        values = {"target": format_number(target, lang), "tahun": context["years"], "batas": SMALL_COUNT,
                  "batas_atas": SMALL_COUNT - 1}
        masked = name == "konversi" and "is_disamarkan" in frames["conversion"]  # as the report says it
        subtitle = text(f"subjudul_{key}_disamarkan" if masked else f"subjudul_{key}", lang, **values)
        decorate(fig, title=text(f"judul_{key}", lang, **values), subtitle=subtitle,
                 source=SOURCE, as_of=context["as_of"], synthetic=True, lang=lang)
        figures[name] = fig
    return figures


def layout_problems(fig) -> list[str]:
    """What a reader would see as broken: text cut off at the figure's edge, the title or subtitle
    running into the DATA SINTETIS mark, the chart running into the header or footer, value labels
    on top of each other, the legend on the axis labels. Measured on the drawn figure (Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    with use_house_style(figure_scale(fig)):
        canvas.draw()
        renderer = canvas.get_renderer()
        page = fig.bbox.padded(1)
        decorations = [a for a in getattr(fig, "_jejak_decorations", []) if a.get_text()]
        boxes = {f"header/footer text {i + 1}": a.get_window_extent(renderer) for i, a in enumerate(decorations)}
        problems = [f"{name} cut off" for name, box in boxes.items()
                    if not (page.contains(box.x0, box.y0) and page.contains(box.x1, box.y1))]
        names = list(boxes)
        problems += [f"{a} overlaps {b}" for i, a in enumerate(names) for b in names[i + 1:]
                     if boxes[a].overlaps(boxes[b])]
        for number, ax in enumerate(fig.axes, start=1):
            tight = ax.get_tightbbox(renderer)
            if not (page.contains(tight.x0, tight.y0) and page.contains(tight.x1, tight.y1)):
                problems.append(f"axes {number} cut off at the figure's edge")
            problems += [f"axes {number} runs into {name}" for name, box in boxes.items() if tight.overlaps(box)]
            texts = [t for t in ax.texts if t.get_text().strip() and t.get_visible()]
            extents = [t.get_window_extent(renderer) for t in texts]
            problems += [f"axes {number}: '{texts[i].get_text()}' overlaps '{texts[j].get_text()}'"
                         for i in range(len(texts)) for j in range(i + 1, len(texts))
                         if extents[i].overlaps(extents[j])]
            legend = ax.get_legend()
            if legend is not None:
                box = legend.get_window_extent(renderer)
                labels_ = [ax.xaxis.label, *ax.get_xticklabels()]
                if any(lab.get_text() and box.overlaps(lab.get_window_extent(renderer)) for lab in labels_):
                    problems.append(f"axes {number}: legend overlaps the x axis labels")
    return problems


def save_gallery_png(fig, path: Path, dpi: int) -> Path:
    """A small PNG for the README: ``dpi`` as given, 256 colours, no metadata (same figure, same bytes)."""
    from PIL import Image

    buffer = io.BytesIO()
    with use_house_style(figure_scale(fig)), mpl.rc_context(DETERMINISTIC_RC):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    image = Image.open(buffer).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--frames", choices=("sample", "demo"), default="sample",
                        help="sample: the library's frames from data/raw/contoh; demo: made-up stress frames")
    parser.add_argument("--gallery", action="store_true",
                        help="only small <chart>.png files (Indonesian, --dpi 100 unless given) for the README")
    parser.add_argument("--dpi", type=int, default=None)
    parser.add_argument("--size", default="slide")
    parser.add_argument("--formats", default="png")
    parser.add_argument("--langs", default=None, help="comma-separated; default id,en (id with --gallery)")
    parser.add_argument("--check", action="store_true",
                        help="only measure every chart for overlaps and cut-off text; exit 1 if any")
    args = parser.parse_args()
    frames, context = sample_frames() if args.frames == "sample" else demo_frames()
    langs = (args.langs or ("id" if args.gallery else "id,en")).split(",")
    if args.check:
        found = [f"{name} ({lang}, {args.size}): {problem}" for lang in langs
                 for name, fig in draw_all(frames, context, lang, args.size).items()
                 for problem in layout_problems(fig)]
        print("\n".join(found) or "no overlaps, nothing cut off")
        raise SystemExit(1 if found else 0)
    for lang in langs:
        figures = draw_all(frames, context, lang, args.size)
        if args.gallery:
            for name, fig in figures.items():
                suffix = "" if len(langs) == 1 else f"_{lang}"
                save_gallery_png(fig, args.folder / f"{name}{suffix}.png", args.dpi or 100)
            continue
        for name, fig in figures.items():
            save_chart(fig, args.folder / f"{name}_{lang}", formats=tuple(args.formats.split(",")),
                       dpi=args.dpi or 200)
        save_chart_pack(figures.values(), args.folder / f"paket_grafik_{lang}.pdf")
    print(f"written to {args.folder}")


if __name__ == "__main__":
    main()
