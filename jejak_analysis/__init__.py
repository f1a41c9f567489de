"""jejak_analysis: trustworthy tables and charts for the Jejak Perintis programme.

Three lines to a clean table::

    import jejak_analysis as ja
    result = ja.clean("data/raw")          # every file under data/raw, cleaned
    result.tables["lulusan"]              # graduates per school x major x year
"""

from jejak_analysis.codebook import codes, labels
from jejak_analysis.errors import JejakError
from jejak_analysis.mapping import map_codes, map_value, read_corrections
from jejak_analysis.normalize import normalize_text, slugify

__version__ = "0.1.0"

__all__ = [
    "JejakError",
    "codes",
    "labels",
    "map_codes",
    "map_value",
    "normalize_text",
    "read_corrections",
    "slugify",
]
