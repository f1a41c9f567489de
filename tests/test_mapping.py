"""Raw text → codebook codes: exact, synonym, fuzzy, correction, unmapped; traps of the codebook."""

import pandas as pd
import pytest

from jejak_analysis.codebook import codes, labels
from jejak_analysis.errors import InvalidDataError
from jejak_analysis.mapping import Corrections, map_value, read_corrections

NO_CORRECTIONS = Corrections()


@pytest.mark.parametrize(
    ("raw", "kind", "code", "method"),
    [
        ("Kab. Pontianak", "wilayah", "61.02", "synonym"),  # renamed Mempawah by PP 58/2014
        ("Pontianak", "wilayah", "61.71", "synonym"),  # a bare "Pontianak" is the city
        ("PTK", "wilayah", "61.71", "synonym"),
        ("Kota Pontianak", "wilayah", "61.71", "exact"),
        ("kab kubu raya", "wilayah", "61.12", "exact"),
        ("Putussibau", "wilayah", "61.06", "synonym"),
        ("61.04", "wilayah", "61.04", "exact"),
        ("Kabupaten Sambass", "wilayah", "61.01", "fuzzy"),
        ("Kota Bekasi", "wilayah", "32.75", "exact"),
        ("Jepan", "negara", "JP", "fuzzy"),
        ("JPN", "negara", "JP", "synonym"),
        ("Korsel", "negara", "KR", "synonym"),
        ("Sarawak", "negara", "MY", "synonym"),
        ("Hongkong", "negara", "HK", "synonym"),
        ("Kongo", "negara", "CG", "synonym"),  # not CD
        ("Jerman", "negara", "DE", "exact"),  # a real answer outside the list keeps its ISO code
        ("iya", "jawaban", "YA", "synonym"),
        ("YA ", "jawaban", "YA", "exact"),
        ("tdk", "jawaban", "TIDAK", "synonym"),
        ("ragu-ragu", "jawaban", "RAGU", "exact"),
        ("Sangat berminat", "jawaban", "YA", "synonym"),
        ("4", "jawaban", "YA", "synonym"),
        ("3", "jawaban", "RAGU", "synonym"),
        ("Farmasi Klinis & Komunitas", "jurusan", "FARMASI", "synonym"),
        ("AKCG", "jurusan", "KEPERAWATAN", "synonym"),
        ("Analis Kesehatan", "jurusan", "TLM", "synonym"),
        ("Wanita", "jenis_kelamin", "P", "synonym"),
    ],
)
def test_known_values(raw, kind, code, method):
    result = map_value(raw, kind)
    assert (result.kode, result.metode) == (code, method)


@pytest.mark.parametrize(
    ("raw", "kind", "reason_word"),
    [
        ("Sungai Raya", "wilayah", "Bengkayang"),  # two places: never mapped by itself
        ("Kapuas", "wilayah", "Kalimantan Tengah"),  # not Kapuas Hulu
        ("6104", "wilayah", "skema"),  # Kemendagri 61.04 Ketapang or BPS 6104 Mempawah?
        ("Bekasi", "wilayah", "Kabupaten Bekasi (32.16) atau Kota Bekasi (32.75)"),  # both exist: which one?
        ("Bandung", "wilayah", "Kota Bandung (32.73)"),  # a twin, never the fuzzy neighbour "Badung" (Bali)
        ("AK", "jurusan", "Analis Kesehatan"),
        ("Planet Mars", "negara", "tidak dikenal"),
    ],
)
def test_ambiguous_or_unknown_values_stay_missing_with_a_reason(raw, kind, reason_word):
    result = map_value(raw, kind)
    assert result.kode is None
    assert result.metode == "unmapped"
    assert reason_word in result.alasan


def test_no_choice_is_not_other():
    assert map_value("-", "negara").metode == "no_choice"
    assert map_value("belum tahu", "negara").kode is None
    assert map_value("belum tahu", "jawaban").kode == "RAGU"  # as an answer it means unsure


def test_map_codes_keeps_the_index_and_maps_each_distinct_value_once(monkeypatch):
    import jejak_analysis.mapping as mapping

    calls = []
    real = mapping.map_value
    monkeypatch.setattr(mapping, "map_value", lambda v, k, c=NO_CORRECTIONS: calls.append(v) or real(v, k, c))
    values = pd.Series(["Ya", "tdk", None, "Ya", "Ya", "ragu"], index=[10, 11, 12, 13, 14, 15])
    result = mapping.map_codes(values, "jawaban")
    assert result.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert result["kode"].tolist() == ["YA", "TIDAK", None, "YA", "YA", "RAGU"]
    assert result["metode"].tolist() == ["exact", "synonym", "blank", "exact", "exact", "exact"]
    assert sorted(calls) == ["Ya", "ragu", "tdk"]


def test_corrections_override_every_other_rule(tmp_path):
    path = tmp_path / "koreksi.csv"
    path.write_text("jenis,teks_asli,kode\nwilayah,Sungai Raya,61.12\njawaban,Iya,TIDAK\nnegara,Planet Mars,\n")
    corrections = read_corrections(path)
    assert len(corrections) == 3
    assert map_value("sungai raya", "wilayah", corrections).kode == "61.12"
    assert map_value("Iya", "jawaban", corrections).kode == "TIDAK"
    mars = map_value("Planet Mars", "negara", corrections)
    assert (mars.kode, mars.metode) == (None, "correction")  # decided: leave it missing, stop asking


def test_corrections_with_semicolons_and_extra_columns(tmp_path):
    path = tmp_path / "koreksi.csv"
    path.write_text("jenis;teks_asli;kode;jumlah;saran\nwilayah;Sungai Raya;61.07;3;\n", encoding="utf-8")
    assert map_value("Sungai Raya", "wilayah", read_corrections(path)).kode == "61.07"


@pytest.mark.parametrize(
    ("content", "row", "word"),
    [
        ("jenis,teks_asli,kode\nwilayah,Sungai Raya,99.99\n", 2, "99.99"),
        ("jenis,teks_asli,kode\nplanet,Mars,XX\n", 2, "planet"),
        ("jenis,teks\nwilayah,Sungai Raya\n", 1, "teks_asli"),
    ],
)
def test_bad_corrections_file_names_the_row(tmp_path, content, row, word):
    path = tmp_path / "koreksi.csv"
    path.write_text(content)
    with pytest.raises(InvalidDataError) as info:
        read_corrections(path)
    assert info.value.row == row
    assert word in str(info.value)
    assert "koreksi.csv" in str(info.value)


def test_missing_corrections_file_means_no_corrections(tmp_path):
    assert len(read_corrections(tmp_path / "koreksi.csv")) == 0


def test_labels_exist_in_both_languages_for_every_code():
    from jejak_analysis.codebook import kind_names

    for kind in kind_names():
        for lang in ("id", "en"):
            table = labels(kind, lang)
            assert set(table) == set(codes(kind))
            assert all(isinstance(v, str) and v.strip() for v in table.values()), (kind, lang)


def test_west_kalimantan_regions_match_the_codebook():
    names = labels("wilayah")
    kalbar = {k: v for k, v in names.items() if k.startswith("61.")}
    assert kalbar == {
        "61.01": "Kabupaten Sambas", "61.02": "Kabupaten Mempawah", "61.03": "Kabupaten Sanggau",
        "61.04": "Kabupaten Ketapang", "61.05": "Kabupaten Sintang", "61.06": "Kabupaten Kapuas Hulu",
        "61.07": "Kabupaten Bengkayang", "61.08": "Kabupaten Landak", "61.09": "Kabupaten Sekadau",
        "61.10": "Kabupaten Melawi", "61.11": "Kabupaten Kayong Utara", "61.12": "Kabupaten Kubu Raya",
        "61.71": "Kota Pontianak", "61.72": "Kota Singkawang",
    }
    assert len(names) == 514
