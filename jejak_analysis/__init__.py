"""jejak_analysis: trustworthy tables and charts for the Jejak Perintis programme.

Three lines to a clean table::

    import jejak_analysis as ja
    hasil = ja.clean("data/raw")      # every raw file under data/raw, read, cleaned and combined
    hasil.tables["lulusan"]           # graduates per school x major x year

Where things are (one module per stage, data flowing one way):

- reading raw files: :func:`read_table` (``read.py``);
- cleaning: :func:`read_school_list`, :func:`combine_school_lists` (``school_list.py``),
  :func:`read_questionnaire` (``questionnaire.py``), codes via :func:`map_codes` (``mapping.py``);
- everything at once: :func:`clean` (``clean.py``);
- analysis: :func:`build_pipeline` (``pipeline.py``);
- presentation: ``ja.charts``, :func:`save_chart`, :func:`export_workbook` (``charts.py``, ``export.py``),
  the monthly report :func:`build_report` and its data :func:`load_report_data` (``report.py``).

Heavy modules (matplotlib, the report machinery) load on first use, so ``import jejak_analysis`` stays fast.
"""

from importlib import import_module

from jejak_analysis.codebook import codes, labels
from jejak_analysis.errors import JejakError
from jejak_analysis.mapping import map_codes, map_value, read_corrections
from jejak_analysis.normalize import normalize_text, slugify
from jejak_analysis.read import read_table

__version__ = "0.1.0"

# name → (module, attribute); attribute None means the module itself
_LAZY = {
    "clean": ("jejak_analysis.clean", "clean"),
    "write_processed": ("jejak_analysis.clean", "write_processed"),
    "read_school_list": ("jejak_analysis.school_list", "read_school_list"),
    "combine_school_lists": ("jejak_analysis.school_list", "combine_school_lists"),
    "read_questionnaire": ("jejak_analysis.questionnaire", "read_questionnaire"),
    "read_questionnaires": ("jejak_analysis.questionnaire", "read_questionnaires"),
    "answer_counts": ("jejak_analysis.questionnaire", "answer_counts"),
    "load_key": ("jejak_analysis.identity", "load_key"),
    "find_personal_data": ("jejak_analysis.privacy", "find_personal_data"),
    "review_table": ("jejak_analysis.review", "review_table"),
    "write_review_workbook": ("jejak_analysis.review", "write_review_workbook"),
    "build_pipeline": ("jejak_analysis.pipeline", "build_pipeline"),
    "stage_definitions": ("jejak_analysis.pipeline", "stage_definitions"),
    "read_openings": ("jejak_analysis.openings", "read_openings"),
    "default_target": ("jejak_analysis.openings", "default_target"),
    "choose_target": ("jejak_analysis.openings", "choose_target"),
    "target_for_folder": ("jejak_analysis.openings", "target_for_folder"),
    "charts": ("jejak_analysis.charts", None),
    "save_chart": ("jejak_analysis.export", "save_chart"),
    "save_chart_pack": ("jejak_analysis.export", "save_chart_pack"),
    "suppress_small_counts": ("jejak_analysis.export", "suppress_small_counts"),
    "export_workbook": ("jejak_analysis.export", "export_workbook"),
    "load_report_data": ("jejak_analysis.report", "load_report_data"),
    "build_report": ("jejak_analysis.report", "build_report"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'jejak_analysis' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "JejakError",
    "codes",
    "labels",
    "map_codes",
    "map_value",
    "normalize_text",
    "read_corrections",
    "read_table",
    "slugify",
    *_LAZY,
]
