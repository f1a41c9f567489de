"""Settings that change with the organisation or the machine, not with the data.

The agency was renamed (BP2MI → KP2MI in 2024; the Pontianak office is now BP3MI
Kalimantan Barat), so the organisation's name is a setting, read from the
environment, never typed into a chart or report.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ORGANISATION = "BP3MI Kalimantan Barat"
DEFAULT_RAW_DIR = Path("data/raw")
DEFAULT_PROCESSED_DIR = Path("data/processed")
DEFAULT_REPORTS_DIR = Path("reports")
CORRECTIONS_FILE = "koreksi.csv"
OPENINGS_FILE = "lowongan.csv"
SAMPLE_DIR_NAME = "contoh"  # data/raw/contoh/ holds the synthetic sample


def organisation() -> str:
    """The organisation's name for source notes and report headers (env ``JEJAK_ORGANISASI``)."""
    return os.environ.get("JEJAK_ORGANISASI", "").strip() or DEFAULT_ORGANISATION


def language() -> str:
    """The default language of user-facing text: ``id`` unless ``JEJAK_LANG=en``."""
    lang = os.environ.get("JEJAK_LANG", "id").strip().lower()
    return lang if lang in ("id", "en") else "id"
