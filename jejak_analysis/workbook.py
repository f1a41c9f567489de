"""Saving openpyxl workbooks byte-identically: fixed document dates and zip entry times.

openpyxl stamps the workbook with the current time (docProps/core.xml) and the zip
entries with the time of writing; both would make two exports of the same data
differ. This writes a temporary file, rewrites it with fixed times, and moves it
into place in one step (a half-written workbook never appears under its name).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from pathlib import Path

FIXED_TIME = dt.datetime(2020, 7, 1, 0, 0, 0)  # the programme's start; any fixed instant would do


def save_workbook_deterministic(workbook, path: str | Path) -> Path:
    """Save an openpyxl workbook to ``path`` so that the same content gives the same bytes."""
    path = Path(path)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "jejak_analysis"
    workbook.properties.lastModifiedBy = "jejak_analysis"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, first = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    fd, second = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(first)
        with zipfile.ZipFile(first) as src, zipfile.ZipFile(second, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "docProps/core.xml":
                    data = _fix_core_dates(data)
                info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                info.create_system = 3  # Unix, whatever the machine: the same bytes on Windows too
                dst.writestr(info, data)
        os.replace(second, path)
    finally:
        for leftover in (first, second):
            if os.path.exists(leftover):
                os.remove(leftover)
    return path


def _fix_core_dates(xml: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", xml)
