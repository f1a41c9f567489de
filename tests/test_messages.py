"""Every user-facing message exists in Indonesian and English with the same placeholders."""

import string

from jejak_analysis.messages import _catalogue, message


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, texts in _catalogue().items():
        assert texts["id"].strip() and texts["en"].strip(), key
        assert _fields(texts["id"]) == _fields(texts["en"]), key


def test_message_fills_in_details():
    assert message("bulan_salah", "en", bulan="2020-13") == "month '2020-13' must look like YYYY-MM, e.g. 2020-07."
