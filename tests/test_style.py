"""House style: the shipped style sheet, sizes, words in both languages, and decorate()."""

import csv
import re
import string
from importlib import resources
from pathlib import Path

import matplotlib as mpl
import pytest

from jejak_analysis import style
from jejak_analysis.codebook import labels
from jejak_analysis.errors import InvalidParameterError
from jejak_analysis.style import (
    PALETTE,
    chart_meta,
    count_words,
    decorate,
    figure_scale,
    format_date,
    format_month,
    format_number,
    format_percent,
    new_figure,
    text,
    use_house_style,
)

PACKAGE = Path(style.__file__).parent


def _label_rows():
    content = resources.files("jejak_analysis.reference").joinpath("label_grafik.csv").read_text("utf-8")
    return list(csv.DictReader(content.splitlines()))


def _placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _figure_texts(fig):
    return [t.get_text() for t in fig.texts]


# --- numbers and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1500, "id", "1.500"), (1500, "en", "1,500"), (0, "id", "0"), (1234567, "id", "1.234.567"),
])
def test_format_number_uses_the_language_separators(value, lang, expected):
    assert format_number(value, lang) == expected


def test_format_number_with_decimals():
    assert format_number(1234.56, "id", 1) == "1.234,6"
    assert format_number(1234.56, "en", 1) == "1,234.6"


def test_format_percent_takes_the_0_to_100_scale():
    assert format_percent(45.26, "id", 1) == "45,3%"
    assert format_percent(7, "en") == "7%"


@pytest.mark.parametrize(("lang", "long", "short"), [("id", "Juli 2020", "Jul 2020"), ("en", "July 2020", "Jul 2020")])
def test_months_in_words(lang, long, short):
    assert format_month("2020-07-01", lang) == long
    assert format_month("2020-07-01", lang, short=True) == short


def test_august_is_agustus_in_indonesian():
    assert format_month("2020-08-15", "id") == "Agustus 2020"
    assert format_month("2020-08-15", "id", short=True) == "Agu 2020"


def test_format_date():
    assert format_date("2020-07-31", "id") == "31 Juli 2020"
    assert format_date("2020-07-31", "en") == "31 July 2020"


def test_a_wrong_date_is_a_readable_error():
    with pytest.raises(InvalidParameterError) as caught:
        format_date("31 Juli", "id")
    assert "31 Juli" in str(caught.value)


def test_an_unknown_language_is_a_readable_error():
    with pytest.raises(InvalidParameterError) as caught:
        format_number(1, "fr")
    assert "fr" in str(caught.value)


def test_count_words_says_singular_in_english():
    assert count_words("baris", 1, "en") == "1 row"
    assert count_words("baris", 1500, "en") == "1,500 rows"
    assert count_words("baris", 1500, "id") == "1.500 baris"


# --- every chart text exists in both languages ---------------------------------------------------


def test_every_chart_text_has_both_languages_and_the_same_placeholders():
    rows = _label_rows()
    keys = [row["kunci"] for row in rows]
    assert len(keys) == len(set(keys)), "duplicate keys in label_grafik.csv"
    for row in rows:
        assert row["id"].strip() and row["en"].strip(), f"{row['kunci']} lacks a translation"
        assert _placeholders(row["id"]) == _placeholders(row["en"]), row["kunci"]


def test_every_text_key_the_code_uses_is_in_label_grafik():
    keys = {row["kunci"] for row in _label_rows()}
    used = set()
    for module in ("charts.py", "style.py", "export.py"):
        source = (PACKAGE / module).read_text("utf-8")
        used |= set(re.findall(r"""\btext(?:_n)?\(\s*["']([a-z0-9_]+)["']""", source))
        used |= {f"n_{noun}" for noun in re.findall(r"""count_words\(\s*["']([a-z_]+)["']""", source)}
    assert used, "the pattern found no keys: the test would prove nothing"
    assert used - keys == set()


@pytest.mark.parametrize("kind", ["negara", "program", "sektor", "sumber_informasi", "jurusan"])
def test_codebook_labels_used_by_charts_exist_in_both_languages(kind):
    indonesian, english = labels(kind, "id"), labels(kind, "en")
    assert indonesian.keys() == english.keys()
    assert all(v.strip() for v in indonesian.values()) and all(v.strip() for v in english.values())


@pytest.mark.parametrize("kind", ["negara", "program", "sektor", "sumber_informasi", "jurusan", "wilayah",
                                  "bahasa_jepang", "jawaban", "jenis_kelamin", "status_pendidikan"])
def test_every_kind_has_a_chart_name_in_both_languages(kind):
    assert text(f"jenis_{kind}", "id") and text(f"jenis_{kind}", "en")


# --- the style sheet and figures -------------------------------------------------------------------


def test_the_style_sheet_ships_with_the_package_and_sets_the_house_look():
    assert Path(style.style_path()).is_file()
    before = mpl.rcParams["font.sans-serif"]
    with use_house_style():
        assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert mpl.rcParams["svg.hashsalt"] == "jejak-analysis"
        assert mpl.rcParams["svg.fonttype"] == "path"
        colours = [c.upper() for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"]]
        assert colours[:3] == [PALETTE["blue"], PALETTE["orange"], PALETTE["green"]]
    assert mpl.rcParams["font.sans-serif"] == before  # the caller's settings come back


@pytest.mark.parametrize(("size", "inches"), [("slide", (13.333, 7.5)), ("a4", (8.27, 11.69)),
                                              ("a4_landscape", (11.69, 8.27))])
def test_new_figure_sizes(size, inches):
    fig, ax = new_figure(size)
    assert tuple(fig.get_size_inches()) == pytest.approx(inches)
    assert ax.figure is fig


def test_slide_is_16_to_9():
    fig, _ = new_figure("slide")
    width, height = fig.get_size_inches()
    assert width / height == pytest.approx(16 / 9, rel=1e-3)


def test_an_unknown_size_is_a_readable_error():
    with pytest.raises(InvalidParameterError) as caught:
        new_figure("a3")
    assert "a3" in str(caught.value) and "slide" in str(caught.value)


def test_text_shrinks_on_a4_portrait_but_not_on_a_slide():
    assert figure_scale(new_figure("slide")[0]) == 1.0
    assert figure_scale(new_figure("a4")[0]) == 0.72
    with use_house_style(0.5):
        assert mpl.rcParams["font.size"] == 7


# --- decorate ----------------------------------------------------------------------------------------


def test_decorate_writes_title_subtitle_with_as_of_and_source_note_in_indonesian():
    fig, _ = new_figure()
    decorate(fig, title="Judul", subtitle="Kandidat per bulan", source="BP3MI Kalimantan Barat",
             as_of="2020-07-31")
    texts = _figure_texts(fig)
    assert texts[0] == "Judul"
    assert texts[1] == "Kandidat per bulan · data per 31\u00a0Juli\u00a02020"
    assert texts[2] == "Sumber: BP3MI Kalimantan Barat, diolah."
    assert not any("SINTETIS" in t for t in texts)


def test_decorate_in_english_and_the_synthetic_mark():
    fig, ax = new_figure()
    decorate(ax, title="Title", subtitle="Counted", source=["BP3MI Kalimantan Barat", "Persemki"],
             as_of="2020-07-31", synthetic=True, lang="en")
    texts = _figure_texts(fig)
    assert "Counted · data as of 31\u00a0July\u00a02020" in texts
    assert "SYNTHETIC DATA" in texts
    assert any(t.startswith("Source: BP3MI Kalimantan Barat; Persemki, processed.") and "SYNTHETIC DATA:" in t
               for t in texts)


def test_decorate_stores_what_save_chart_checks_and_replaces_earlier_texts():
    fig, _ = new_figure()
    decorate(fig, title="A", subtitle="", source="S", as_of="2020-07-31", synthetic=True)
    decorate(fig, title="B", subtitle="", source="S", as_of="2020-07-31")
    assert [t for t in _figure_texts(fig) if t in ("A", "B")] == ["B"]
    assert not any("SINTETIS" in t for t in _figure_texts(fig))
    meta = chart_meta(fig)
    assert (meta.title, meta.source, str(meta.as_of), meta.synthetic, meta.lang) == ("B", "S", "2020-07-31",
                                                                                     False, "id")


def test_a_long_title_wraps_within_the_figure():
    fig, _ = new_figure("a4")
    decorate(fig, title="kata " * 40, subtitle="", source="S", as_of="2020-07-31")
    fig.draw_without_rendering()
    title = fig.texts[0]
    assert "\n" in title.get_text()
    assert title.get_window_extent().x1 <= fig.bbox.x1
