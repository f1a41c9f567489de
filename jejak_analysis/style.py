"""House style: one look for every chart, and numbers, dates and labels in the reader's language.

Everything a chart shows in words comes from data: code labels from the codebook
(:func:`jejak_analysis.codebook.labels`) and every other chart text from
``reference/label_grafik.csv`` (``kunci,id,en``), read by :func:`text`. Numbers and dates are
formatted by babel for the language (``1.500``/``1,500``; ``Juli 2020``/``July 2020``).

The look itself lives in the shipped ``styles/jejak.mplstyle``; this module adds what a style
sheet cannot hold: the figure sizes, and :func:`decorate`, which puts the title, the subtitle with
the as-of date, the source note and the "DATA SINTETIS" mark on a figure and remembers them so
that :func:`jejak_analysis.export.save_chart` can refuse a figure without them.

Typical use::

    with use_house_style():
        fig, ax = new_figure("slide")
        charts.funnel(frame, target=1500, ax=ax)
        decorate(fig, title=..., subtitle=..., source="BP3MI Kalimantan Barat", as_of="2020-07-31")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from jejak_analysis.codebook import read_reference_csv
from jejak_analysis.errors import InvalidParameterError

LANGUAGES = ("id", "en")

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: What each colour means, so every chart says "target" and "projection" in the same colour.
COLORS = {
    "main": PALETTE["blue"],
    "light": PALETTE["sky"],
    "accent": PALETTE["orange"],
    "target": PALETTE["vermillion"],
    "synthetic": PALETTE["vermillion"],
    "text": "#333333",
    "muted": "#777777",
}

#: Figure sizes in inches: a 16:9 slide (13.33 x 7.5, PowerPoint's default), A4 both ways.
SIZES = {
    "slide": (13.333, 7.5),
    "a4": (8.27, 11.69),
    "a4_landscape": (11.69, 8.27),
}

# Header and footer sizes (points) and the page margin (inches) used by decorate().
TITLE_PT = 22
SUBTITLE_PT = 15
SOURCE_PT = 11
STAMP_PT = 15
MARGIN_IN = 0.25
# Mean glyph width of DejaVu Sans as a fraction of the font size: used to wrap titles before
# drawing so that the space they need is known (a wrapped line never runs off the figure).
GLYPH_EM = 0.58
# Bold glyphs (the title) are about a tenth wider: DejaVu Sans Bold averages ~0.62 em, so a title
# wrapped at the regular width ran into the DATA SINTETIS mark.
BOLD_WIDTH = 1.1


def style_path() -> str:
    """Path of the shipped ``jejak.mplstyle`` file."""
    return str(resources.files("jejak_analysis").joinpath("styles", "jejak.mplstyle"))


#: Font-size settings scaled down for figures narrower than a slide (see :func:`figure_scale`).
_SCALED_SIZES = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                 "legend.fontsize", "legend.title_fontsize", "lines.markersize", "lines.linewidth")


def figure_scale(fig) -> float:
    """How much smaller than on a slide text should be on ``fig``: its width ÷ 13.33 in, within 0.72–1.

    A slide is 1; A4 landscape about 0.88; A4 portrait 0.72 (14 pt on a slide becomes 10 pt on
    paper, still readable, and a school name no longer takes half the page).
    """
    width = fig.get_size_inches()[0]
    return round(min(1.0, max(0.72, width / SIZES["slide"][0])), 3)


@contextlib.contextmanager
def use_house_style(scale: float = 1.0) -> Iterator[None]:
    """Apply the house style inside a ``with`` block and restore the caller's settings after it.

    Draw and save inside it: matplotlib reads fonts and colours when an artist is made, and some
    artists (tick labels) are made only when the figure is saved. ``scale`` shrinks every text
    size (pass :func:`figure_scale` of the figure); chart code uses relative sizes ("small",
    "large"), which follow it.
    """
    with mpl.rc_context():
        plt.style.use(style_path())
        if scale != 1.0:
            for key in _SCALED_SIZES:
                value = mpl.rcParams[key]
                if isinstance(value, int | float):
                    mpl.rcParams[key] = value * scale
        yield


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a language the package speaks, else raise a readable error."""
    if lang not in LANGUAGES:
        raise InvalidParameterError("bahasa_tidak_dikenal", bahasa=lang, daftar=", ".join(LANGUAGES))
    return lang


def new_figure(size: str = "slide", nrows: int = 1, ncols: int = 1, **subplot_kw: object):
    """A new figure of a house size with its axes, drawn in the house style: ``(fig, ax)``.

    ``size`` is ``"slide"`` (16:9), ``"a4"`` (portrait) or ``"a4_landscape"``. With more than one
    row or column, ``ax`` is the array of axes, as with :func:`matplotlib.pyplot.subplots`.
    The figure is not registered with pyplot, so nothing piles up in memory when many are made.
    """
    if size not in SIZES:
        raise InvalidParameterError("ukuran_grafik", ukuran=size, daftar=", ".join(SIZES))
    from matplotlib.figure import Figure

    with use_house_style(figure_scale(Figure(figsize=SIZES[size]))):
        fig = Figure(figsize=SIZES[size], layout="constrained")
        ax = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, ax


# ---------------------------------------------------------------------------------------------
# Words: chart texts, numbers and dates in the reader's language
# ---------------------------------------------------------------------------------------------


@cache
def _chart_texts() -> dict[str, dict[str, str]]:
    rows = read_reference_csv("label_grafik.csv")
    return {row["kunci"]: {"id": row["id"], "en": row["en"]} for row in rows}


def text(key: str, lang: str = "id", **values: object) -> str:
    """Chart text ``key`` from ``reference/label_grafik.csv`` in ``lang``, with ``values`` filled in.

    >>> text("target_garis", "en", jumlah="1,500")
    'Target: 1,500 openings'
    """
    check_lang(lang)
    return _chart_texts()[key][lang].format(**values)


def text_n(key: str, count: float, lang: str = "id", **values: object) -> str:
    """Like :func:`text`, but the ``<key>_1`` variant when ``count`` is exactly 1 (English singular).

    >>> text_n("n_baris", 1, "en", n="1"), text_n("n_baris", 2, "en", n="2")
    ('1 row', '2 rows')
    """
    singular = f"{key}_1"
    return text(singular if count == 1 and singular in _chart_texts() else key, lang, **values)


def count_words(noun: str, n: float, lang: str = "id") -> str:
    """A count with its noun, formatted and in the right number: ``count_words("baris", 1500, "en")`` → ``'1,500 rows'``.

    >>> count_words("baris", 1500, "id"), count_words("sekolah", 1, "en")
    ('1.500 baris', '1 school')
    """
    return text_n(f"n_{noun}", n, lang, n=format_number(n, lang))


def chart_text_keys() -> list[str]:
    """Every key of ``label_grafik.csv`` (a test checks each has both languages)."""
    return list(_chart_texts())


def format_number(value: float | int, lang: str = "id", decimals: int = 0) -> str:
    """A number with the language's thousands and decimal separators.

    >>> format_number(1500, "id"), format_number(1500, "en"), format_number(1234.5, "id", 1)
    ('1.500', '1,500', '1.234,5')
    """
    check_lang(lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


def format_percent(value: float, lang: str = "id", decimals: int = 0) -> str:
    """A percentage given on the 0-100 scale: ``format_percent(45.2, "id", 1)`` → ``'45,2%'``.

    >>> format_percent(45.2, "id", 1), format_percent(45.2, "en", 1)
    ('45,2%', '45.2%')
    """
    return format_number(value, lang, decimals) + "%"


def _as_date(value: object) -> dt.date:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise InvalidParameterError("tanggal_data_salah", nilai=value) from exc
    if pd.isna(stamp):
        raise InvalidParameterError("tanggal_data_salah", nilai=value)
    return stamp.date()


def format_month(value: object, lang: str = "id", short: bool = False) -> str:
    """A month in words: ``Juli 2020``/``July 2020`` (``short``: ``Jul 2020``, ``Agu 2020``).

    >>> format_month("2020-07-01", "id"), format_month("2020-07-01", "en"), format_month("2020-08-01", "id", True)
    ('Juli 2020', 'July 2020', 'Agu 2020')
    """
    check_lang(lang)
    return _babel_date(_as_date(value), "MMM y" if short else "MMMM y", locale=lang)


def format_date(value: object, lang: str = "id") -> str:
    """A day in words: ``31 Juli 2020``/``31 July 2020``.

    >>> format_date("2020-07-31", "id"), format_date("2020-07-31", "en")
    ('31 Juli 2020', '31 July 2020')
    """
    check_lang(lang)
    return _babel_date(_as_date(value), "d MMMM y", locale=lang)


# ---------------------------------------------------------------------------------------------
# Title, subtitle, source note, synthetic mark
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartMeta:
    """What :func:`decorate` put on a figure; :func:`jejak_analysis.export.save_chart` checks it."""

    title: str
    subtitle: str
    source: str
    as_of: dt.date | None
    synthetic: bool
    lang: str


META_ATTR = "_jejak_meta"
_ARTISTS_ATTR = "_jejak_decorations"


def chart_meta(fig) -> ChartMeta | None:
    """The :class:`ChartMeta` stored on a figure by :func:`decorate`, or ``None``."""
    return getattr(fig, META_ATTR, None)


def _wrap(value: str, width_in: float, points: float) -> list[str]:
    """Wrap ``value`` into lines that fit ``width_in`` inches at ``points`` font size."""
    chars = max(10, int(width_in * 72 / (points * GLYPH_EM)))
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def _line_in(points: float, spacing: float = 1.3) -> float:
    return points * spacing / 72


def decorate(fig_or_ax, *, title: str, subtitle: str, source: str | Sequence[str], as_of: object,
             synthetic: bool = False, lang: str = "id"):
    """Put the title, the subtitle, the source note and (for sample data) the synthetic mark on a figure.

    - ``title``: what the chart says, one sentence.
    - ``subtitle``: what is counted; ``decorate`` appends "data per <as_of>" in the language.
    - ``source``: the organisation(s) and data; shown as "Sumber: <source>, diolah." /
      "Source: <source>, processed." (a list is joined with "; ").
    - ``synthetic``: ``True`` for the synthetic sample; adds a boxed "DATA SINTETIS" mark at the
      top right and a sentence in the footer, so a cropped chart still says it.

    Space for the header and footer is taken from the layout, so nothing overlaps the axes.
    Calling it again replaces the earlier texts. Returns the figure.
    """
    check_lang(lang)
    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    if fig is None:
        raise InvalidParameterError("grafik_bukan_figure")
    if not isinstance(source, str):
        source = "; ".join(str(s) for s in source)
    as_of_date = None if as_of is None or (isinstance(as_of, str) and not as_of.strip()) else _as_date(as_of)

    for artist in getattr(fig, _ARTISTS_ATTR, []):
        artist.remove()
    width_in, height_in = fig.get_size_inches()
    k = figure_scale(fig)
    title_pt, subtitle_pt, source_pt, stamp_pt = TITLE_PT * k, SUBTITLE_PT * k, SOURCE_PT * k, STAMP_PT * k
    left = MARGIN_IN / width_in
    right = 1 - MARGIN_IN / width_in
    usable_in = width_in - 2 * MARGIN_IN
    stamp_text = text("data_sintetis", lang)
    stamp_in = len(stamp_text) * stamp_pt * 0.68 / 72 + 0.5 if synthetic else 0.0

    full_subtitle = subtitle.strip()
    if as_of_date is not None:
        # No-break spaces: a date is never split across two lines of the subtitle.
        as_of_words = text("data_per", lang, tanggal=format_date(as_of_date, lang).replace(" ", "\u00a0"))
        full_subtitle = f"{full_subtitle} · {as_of_words}" if full_subtitle else as_of_words
    title_lines = _wrap(title.strip(), usable_in - stamp_in, title_pt * BOLD_WIDTH)
    subtitle_lines = _wrap(full_subtitle, usable_in - stamp_in, subtitle_pt)
    footer = text("sumber_catatan", lang, sumber=source.strip()) if source.strip() else ""
    if synthetic:
        footer = f"{footer} {text('catatan_sintetis', lang)}".strip()
    footer_lines = _wrap(footer, usable_in, source_pt) if footer else []

    artists = []
    top_in = MARGIN_IN
    style = {"ha": "left", "va": "top", "transform": fig.transFigure, "color": COLORS["text"]}
    with use_house_style(k):
        if title_lines != [""]:
            artists.append(fig.text(left, 1 - top_in / height_in, "\n".join(title_lines),
                                    fontsize=title_pt, fontweight="bold", linespacing=1.15, **style))
            top_in += len(title_lines) * _line_in(title_pt, 1.2) + 0.08
        if subtitle_lines != [""]:
            artists.append(fig.text(left, 1 - top_in / height_in, "\n".join(subtitle_lines),
                                    fontsize=subtitle_pt, linespacing=1.2, **{**style, "color": "#555555"}))
            top_in += len(subtitle_lines) * _line_in(subtitle_pt, 1.25)
        header_in = top_in + 0.2
        if synthetic:
            artists.append(fig.text(
                right, 1 - MARGIN_IN / height_in, stamp_text, ha="right", va="top", fontsize=stamp_pt,
                fontweight="bold", color=COLORS["synthetic"], transform=fig.transFigure,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": COLORS["synthetic"],
                      "linewidth": 2}))
        footer_in = MARGIN_IN * 0.6
        if footer_lines:
            artists.append(fig.text(left, footer_in / height_in, "\n".join(footer_lines), ha="left",
                                    va="bottom", fontsize=source_pt, color="#555555", linespacing=1.25,
                                    transform=fig.transFigure))
            footer_in += len(footer_lines) * _line_in(source_pt, 1.3) + 0.12

    bottom = footer_in / height_in
    top = 1 - header_in / height_in
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        # The same side margins as the title, so axes labels line up with it on the left.
        engine.set(rect=(left * 0.5, bottom, 1 - left, top - bottom))
    else:  # a figure made without constrained layout: leave the same room by hand
        fig.subplots_adjust(top=top - 0.02, bottom=bottom + 0.08)
    setattr(fig, _ARTISTS_ATTR, artists)
    setattr(fig, META_ATTR, ChartMeta(title=title.strip(), subtitle=subtitle.strip(), source=source.strip(),
                                      as_of=as_of_date, synthetic=synthetic, lang=lang))
    return fig
