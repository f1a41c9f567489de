"""Render every chart in both languages from small made-up frames, to look at them (and for the README gallery).

    .venv/bin/python scripts/render_chart_gallery.py reports/galeri [--dpi 200]

The frames below are invented (shaped like the pipeline's tables) and every chart is marked
DATA SINTETIS. They exist to check the drawing: nothing overlaps, nothing is cut off, the
numbers are readable on a slide. The monthly report draws the same functions from real tables.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from jejak_analysis import charts
from jejak_analysis.chart_data import review_summary, stage_labels
from jejak_analysis.export import save_chart, save_chart_pack
from jejak_analysis.style import decorate, format_number, new_figure, text

AS_OF = "2020-07-31"
SOURCE = "BP3MI Kalimantan Barat, daftar sekolah Persemki dan kuesioner minat"
SCHOOLS = ["SMK Kesehatan Bhakti Persada Pontianak", "SMK Kesehatan Singkawang", "SMK Farmasi Ketapang",
           "SMK Kesehatan Harapan Bangsa Kubu Raya", "SMK Keperawatan Sintang", "SMK Kesehatan Sambas",
           "SMK Analis Kesehatan Sanggau", "SMK Kesehatan Kapuas Hulu Putussibau"]


def demo_frames() -> dict[str, pd.DataFrame]:
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
    return {"funnel": funnel, "trend": trend, "graduates": graduates, "reach": reach, "countries": countries,
            "schemes": schemes, "sectors": sectors, "conversion": conversion, "sources": sources,
            "quality": quality, "review": review}


def draw_all(frames: dict[str, pd.DataFrame], lang: str, size: str = "slide") -> dict[str, object]:
    """Every chart drawn and decorated: name → figure."""
    target = 1500
    jobs = {
        "funnel": (lambda ax: charts.funnel(frames["funnel"], target, ax=ax, lang=lang), "funnel"),
        "trend": (lambda ax: charts.trend(frames["trend"], target, ax=ax, lang=lang), "trend"),
        "lulusan": (lambda ax: charts.graduates_by_school(frames["graduates"], ax=ax, lang=lang), "lulusan"),
        "jangkauan": (lambda ax: charts.reach_by_school(frames["reach"], ax=ax, lang=lang), "jangkauan"),
        "negara": (lambda ax: charts.interest(frames["countries"], "negara", highlight=["JP"], ax=ax, lang=lang),
                   "negara"),
        "program": (lambda ax: charts.interest(frames["schemes"], "program", highlight=["SSW_JP"], ax=ax,
                                               lang=lang), "program"),
        "sektor": (lambda ax: charts.interest(frames["sectors"], "sektor", highlight=["CAREWORKER"], ax=ax,
                                              lang=lang), "sektor"),
        "konversi": (lambda ax: charts.conversion_heatmap(frames["conversion"], ax=ax, lang=lang), "konversi"),
        "sumber": (lambda ax: charts.information_sources(frames["sources"], ax=ax, lang=lang), "sumber"),
        "kualitas": (lambda ax: charts.data_quality(frames["quality"], ax=ax, lang=lang), "kualitas"),
        "tinjauan": (lambda ax: charts.review_queue(frames["review"], ax=ax, lang=lang), "tinjauan"),
    }
    figures = {}
    for name, (draw, key) in jobs.items():
        fig, ax = new_figure(size)
        draw(ax)
        values = {"target": format_number(target, lang), "tahun": "2018–2020"}
        decorate(fig, title=text(f"judul_{key}", lang, **values), subtitle=text(f"subjudul_{key}", lang, **values),
                 source=SOURCE, as_of=AS_OF, synthetic=True, lang=lang)
        figures[name] = fig
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--size", default="slide")
    parser.add_argument("--formats", default="png")
    args = parser.parse_args()
    frames = demo_frames()
    for lang in ("id", "en"):
        figures = draw_all(frames, lang, args.size)
        for name, fig in figures.items():
            save_chart(fig, args.folder / f"{name}_{lang}", formats=tuple(args.formats.split(",")), dpi=args.dpi)
        save_chart_pack(figures.values(), args.folder / f"paket_grafik_{lang}.pdf")
    print(f"written to {args.folder}")


if __name__ == "__main__":
    main()
