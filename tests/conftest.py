"""Settings for the whole suite: a test key for pseudonyms (never the analyst's key file) and no screen."""

import os

TEST_KEY = "kunci-uji-jejak-bukan-rahasia-0123456789"


def pytest_configure(config):
    # Pseudonyms in tests are made with a fixed, public test key, so no key file is created in ~/.config
    # and results are the same on every machine. Tests of the key itself set or unset it with monkeypatch.
    os.environ["JEJAK_KEY"] = TEST_KEY
    os.environ.setdefault("MPLBACKEND", "Agg")
